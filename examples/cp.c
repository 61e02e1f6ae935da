/* cp.c — copies a file through io_uring: each block is a READ linked to a
 * WRITE of the same buffer, up to QD blocks in flight. A short read or
 * write ends the chain early; the block is then finished synchronously by
 * resubmitting its remainder. All fd work goes through iou_sys_*, so the
 * same copy() runs on the sim.
 *
 * usage: iou-cp SRC DST */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iou.h"

#define QD 16
#define BS (64 * 1024)

struct block {
	uint64_t off;
	unsigned len;   /* bytes this block should move */
	unsigned done;  /* bytes written so far */
	int pending;    /* CQEs still expected: 2 for read+write */
	int read_res;
	char buf[BS];
};

/* Queues read(off+done..) -> write for a block. */
static int queue_block(struct iou *ring, int in, int out, struct block *b,
		       unsigned idx)
{
	struct iou_sqe *rd = iou_get_sqe(ring);
	struct iou_sqe *wr = iou_get_sqe(ring);
	unsigned want = b->len - b->done;

	if (!rd || !wr)
		return -EBUSY;
	iou_prep_read(rd, in, b->buf, want, b->off + b->done);
	iou_sqe_set_flags(rd, IOU_SQE_IO_LINK);
	iou_sqe_set_data64(rd, (uint64_t)idx << 1);
	iou_prep_write(wr, out, b->buf, want, b->off + b->done);
	iou_sqe_set_data64(wr, ((uint64_t)idx << 1) | 1);
	b->pending = 2;
	return 0;
}

/* Copies size bytes from in to out. Returns 0 or -errno. */
static int copy(struct iou *ring, int in, int out, uint64_t size)
{
	static struct block blocks[QD];
	uint64_t next = 0;
	unsigned inflight = 0;
	int ret;

	for (unsigned i = 0; i < QD && next < size; i++) {
		blocks[i].off = next;
		blocks[i].len = size - next < BS ? (unsigned)(size - next) : BS;
		blocks[i].done = 0;
		next += blocks[i].len;
		if ((ret = queue_block(ring, in, out, &blocks[i], i)) < 0)
			return ret;
		inflight++;
	}
	while (inflight) {
		struct iou_cqe cqes[2 * QD];
		int n;

		ret = iou_submit(ring);
		if (ret < 0 && ret != -EINTR && ret != -EAGAIN)
			return ret;
		n = iou_copy_cqes(ring, cqes, 2 * QD, 1);
		if (n == -EINTR)
			continue;
		if (n < 0)
			return n;
		for (int i = 0; i < n; i++) {
			unsigned idx = (unsigned)(cqes[i].user_data >> 1);
			int is_write = cqes[i].user_data & 1;
			struct block *b = &blocks[idx];
			int res = cqes[i].res;

			if (!is_write) {
				if (res < 0)
					return res;
				if (res == 0)
					return -EIO; /* file shrank under us */
				b->read_res = res;
			} else if (res == -ECANCELED) {
				/* short read broke the link: write what came */
				res = 0;
			} else if (res < 0) {
				return res;
			} else {
				b->done += (unsigned)res;
			}
			if (--b->pending)
				continue;
			if (b->done < b->len) {
				/* short read or short write: go again */
				if ((ret = queue_block(ring, in, out, b, idx)) < 0)
					return ret;
				continue;
			}
			inflight--;
			if (next < size) {
				b->off = next;
				b->len = size - next < BS ? (unsigned)(size - next) : BS;
				b->done = 0;
				next += b->len;
				if ((ret = queue_block(ring, in, out, b, idx)) < 0)
					return ret;
				inflight++;
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct iou ring;
	int64_t size;
	int in, out, ret;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SRC DST\n", argv[0]);
		return 2;
	}
	ret = iou_queue_init(2 * QD, &ring, 0);
	if (ret < 0) {
		fprintf(stderr, "iou_queue_init: %s\n", iou_strerror(ret));
		return 1;
	}
	in = iou_sys_open(&ring, argv[1], O_RDONLY, 0);
	if (in < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], iou_strerror(in));
		return 1;
	}
	out = iou_sys_open(&ring, argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0) {
		fprintf(stderr, "%s: %s\n", argv[2], iou_strerror(out));
		return 1;
	}
	size = iou_sys_fsize(&ring, in);
	ret = size < 0 ? (int)size : copy(&ring, in, out, (uint64_t)size);
	iou_sys_close(&ring, in);
	iou_sys_close(&ring, out);
	iou_queue_exit(&ring);
	if (ret < 0) {
		fprintf(stderr, "copy: %s\n", iou_strerror(ret));
		return 1;
	}
	printf("copied %lld bytes from %s to %s through linked read/write "
	       "pairs (%d in flight)\n", (long long)size, argv[1], argv[2], QD);
	return 0;
}

/* prog_readback.c — a whole program for the IOU_BACKEND=sim tests and
 * iou-explore(1): it writes a file, reads it back through the ring in
 * blocks, and checks the bytes. "buggy" assumes every read is full (a short
 * read leaves a hole: exit 1); "fixed" resubmits the rest; "hang" waits
 * for one CQE more than it submitted (the sim reports the hang); "crash"
 * aborts on a short read. Its fds come from iou_sys_*, so it runs on both
 * backends unchanged.
 *
 * usage: prog_readback buggy|fixed|hang|crash [SIZE] */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iou.h"

#define BS 4096

static int read_all(struct iou *ring, int fd, char *buf, size_t size,
		    const char *mode)
{
	size_t off = 0;

	while (off < size) {
		size_t want = size - off < BS ? size - off : BS;
		struct iou_sqe *sqe = iou_get_sqe(ring);
		struct iou_cqe *cqe;
		int ret, res;

		if (!sqe)
			return -EBUSY;
		iou_prep_read(sqe, fd, buf + off, (unsigned)want, off);
		iou_sqe_set_data64(sqe, off);
		ret = iou_submit(ring);
		if (ret != 1)
			return ret < 0 ? ret : -EIO;
		while ((ret = iou_wait_cqe(ring, &cqe)) == -EINTR)
			;
		if (ret)
			return ret;
		res = cqe->res;
		iou_cqe_seen(ring, cqe);
		if (res < 0)
			return res;
		if (res == 0)
			return -ENODATA;
		if ((size_t)res < want && !strcmp(mode, "crash"))
			abort();
		if (!strcmp(mode, "fixed"))
			off += (size_t)res;
		else
			off += want; /* the bug: a read may be short */
	}
	return 0;
}

static int run(const char *mode, size_t size, char *data, char *back)
{
	struct iou ring;
	struct iou_cqe *cqe;
	int fd, ret;

	ret = iou_queue_init(8, &ring, 0);
	if (ret) {
		fprintf(stderr, "prog_readback: iou_queue_init: %s\n",
			strerror(-ret));
		return 2;
	}
	fd = iou_sys_open(&ring, "readback.dat", O_CREAT | O_RDWR | O_TRUNC,
			  0644);
	if (fd < 0)
		return 2;
	for (size_t i = 0; i < size; i++)
		data[i] = (char)('a' + i % 23);
	for (size_t off = 0; off < size;) {
		ssize_t w = iou_sys_write(&ring, fd, data + off, size - off);

		if (w <= 0)
			return 2;
		off += (size_t)w;
	}
	ret = read_all(&ring, fd, back, size, mode);
	if (ret) {
		fprintf(stderr, "prog_readback: read: %s\n", strerror(-ret));
		return 1;
	}
	if (!strcmp(mode, "hang")) {
		/* Nothing was submitted: on the sim this wait is a hang. */
		ret = iou_wait_cqe(&ring, &cqe);
		fprintf(stderr, "prog_readback: wait: %d\n", ret);
		return ret ? 3 : 0;
	}
	if (memcmp(data, back, size)) {
		fprintf(stderr, "prog_readback: the copy differs\n");
		return 1;
	}
	iou_sys_close(&ring, fd);
	iou_sys_unlink(&ring, "readback.dat");
	iou_queue_exit(&ring);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "buggy";
	size_t size = argc > 2 ? strtoul(argv[2], NULL, 0) : 3 * BS + 100;
	char *data = malloc(size), *back = calloc(1, size);
	int ret = data && back ? run(mode, size, data, back) : 2;

	free(data);
	free(back);
	return ret;
}

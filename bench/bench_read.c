/* bench_read.c — 4 KiB buffered reads of a page-cached file at queue depth
 * 32: iou's linux backend against liburing.
 *
 * A temporary file (16 MiB by default, unlinked at once) is written and read
 * through once so it sits in the page cache. Each side keeps QD reads in
 * flight: submit_and_wait(1), reap every ready CQE with the for-each macro,
 * re-prepare one read per completion in the slot it freed, cq_advance. The
 * offsets come from one precomputed table (random 4 KiB-aligned by default,
 * --seq for sequential), replayed from its start by both sides in every
 * round, so both do the same reads. Default flags and
 * SINGLE_ISSUER|DEFER_TASKRUN, as bench_nop (and the same ring fd rule). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <liburing.h>

#include "iou.h"
#include "bench_util.h"

#define RING_ENTRIES 256
#define QD 32
#define BLOCK 4096u
#define NOFFS 65536u  /* offset table length, a power of two */

struct read_cfg {
	const char *dir;
	unsigned size_mib;
	int seq;
	int plain;
};

struct read_common {
	int fd;
	const uint64_t *offs;
	char *bufs;       /* QD blocks, one per slot */
};

struct read_iou {
	struct iou ring;
	struct read_common c;
};

struct read_uring {
	struct io_uring ring;
	struct read_common c;
};

/* iou: completes iters reads with QD in flight; returns the reads done. */
static int64_t run_iou(void *p, uint64_t iters)
{
	struct read_iou *ctx = p;
	struct iou *ring = &ctx->ring;
	const struct read_common *c = &ctx->c;
	uint64_t next = 0, done = 0, inflight = 0;

	while (inflight < QD && next < iters) {
		struct iou_sqe *sqe = iou_get_sqe(ring);

		if (!sqe)
			return -EBUSY;
		iou_prep_read(sqe, c->fd, c->bufs + inflight * BLOCK, BLOCK,
			      c->offs[next & (NOFFS - 1)]);
		iou_sqe_set_data64(sqe, inflight);
		next++;
		inflight++;
	}
	while (done < iters) {
		struct iou_cqe *cqe;
		unsigned head, seen = 0;
		int ret = iou_submit_and_wait(ring, 1);

		if (ret < 0)
			return ret;
		iou_for_each_cqe(ring, head, cqe) {
			uint64_t slot = cqe->user_data;

			if (cqe->res != (int)BLOCK)
				return cqe->res < 0 ? cqe->res : -EIO;
			seen++;
			if (next < iters) {
				struct iou_sqe *sqe = iou_get_sqe(ring);

				if (!sqe)
					return -EBUSY;
				iou_prep_read(sqe, c->fd, c->bufs + slot * BLOCK,
					      BLOCK, c->offs[next & (NOFFS - 1)]);
				iou_sqe_set_data64(sqe, slot);
				next++;
			}
		}
		iou_cq_advance(ring, seen);
		done += seen;
	}
	return (int64_t)done;
}

/* liburing: the same loop, line for line. */
static int64_t run_uring(void *p, uint64_t iters)
{
	struct read_uring *ctx = p;
	struct io_uring *ring = &ctx->ring;
	const struct read_common *c = &ctx->c;
	uint64_t next = 0, done = 0, inflight = 0;

	while (inflight < QD && next < iters) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		if (!sqe)
			return -EBUSY;
		io_uring_prep_read(sqe, c->fd, c->bufs + inflight * BLOCK, BLOCK,
				   c->offs[next & (NOFFS - 1)]);
		io_uring_sqe_set_data64(sqe, inflight);
		next++;
		inflight++;
	}
	while (done < iters) {
		struct io_uring_cqe *cqe;
		unsigned head, seen = 0;
		int ret = io_uring_submit_and_wait(ring, 1);

		if (ret < 0)
			return ret;
		io_uring_for_each_cqe(ring, head, cqe) {
			uint64_t slot = cqe->user_data;

			if (cqe->res != (int)BLOCK)
				return cqe->res < 0 ? cqe->res : -EIO;
			seen++;
			if (next < iters) {
				struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

				if (!sqe)
					return -EBUSY;
				io_uring_prep_read(sqe, c->fd,
						   c->bufs + slot * BLOCK, BLOCK,
						   c->offs[next & (NOFFS - 1)]);
				io_uring_sqe_set_data64(sqe, slot);
				next++;
			}
		}
		io_uring_cq_advance(ring, seen);
		done += seen;
	}
	return (int64_t)done;
}

static int extra_opt(int argc, char **argv, int *i, void *ctx)
{
	struct read_cfg *cfg = ctx;
	const char *a = argv[*i];

	if (!strcmp(a, "--seq")) {
		cfg->seq = 1;
	} else if (!strcmp(a, "--liburing-plain")) {
		cfg->plain = 1;
	} else if (!strcmp(a, "--dir") && *i + 1 < argc) {
		cfg->dir = argv[++*i];
	} else if (!strcmp(a, "--size-mib") && *i + 1 < argc) {
		char *end;
		unsigned long v = strtoul(argv[*i + 1], &end, 10);

		if (*end || v == 0 || v > 65536)
			return -1;
		cfg->size_mib = (unsigned)v;
		++*i;
	} else {
		return -1;
	}
	return 0;
}

/* Creates, fills, unlinks and pre-reads the file; returns its fd. */
static int make_file(const struct read_cfg *cfg, uint64_t size)
{
	char path[4096];
	char *chunk;
	int fd;

	snprintf(path, sizeof(path), "%s/iou-bench-read-XXXXXX", cfg->dir);
	fd = mkstemp(path);
	if (fd < 0) {
		fprintf(stderr, "mkstemp(%s): %s\n", path, strerror(errno));
		return -1;
	}
	unlink(path);
	chunk = malloc(1 << 20);
	if (!chunk)
		return -1;
	for (size_t i = 0; i < (1 << 20); i++)
		chunk[i] = (char)(i * 131 + 7);
	for (uint64_t off = 0; off < size; off += 1 << 20) {
		if (pwrite(fd, chunk, 1 << 20, (off_t)off) != 1 << 20) {
			fprintf(stderr, "pwrite: %s\n", strerror(errno));
			return -1;
		}
	}
	/* Read it all back: every page is cached before the first round. */
	for (uint64_t off = 0; off < size; off += 1 << 20) {
		if (pread(fd, chunk, 1 << 20, (off_t)off) != 1 << 20) {
			fprintf(stderr, "pread: %s\n", strerror(errno));
			return -1;
		}
	}
	free(chunk);
	return fd;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		unsigned iou_flags, uring_flags;
	} modes[] = {
		{ "default", 0, 0 },
		{ "single+defer",
		  IOU_SETUP_SINGLE_ISSUER | IOU_SETUP_DEFER_TASKRUN,
		  IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN },
	};
	struct read_cfg cfg = { .dir = NULL, .size_mib = 16 };
	double ratios[4];
	unsigned nratios = 0;
	/* Reads are noisier than NOPs (page cache, copy): more rounds, and a
	 * per-round ratio IQR of about 0.05 is their normal spread. */
	struct bench_opts o = { .rounds = 41, .noisy_iqr = 0.08 };
	uint64_t *offs, size, nblocks, x = 0x9e3779b97f4a7c15ull;
	char title[256];
	int fd;

	cfg.dir = getenv("TMPDIR");
	if (!cfg.dir || !*cfg.dir)
		cfg.dir = "/tmp";
	bench_parse_args(argc, argv, &o, "bench_read",
			 "  --seq             sequential offsets (default random)\n"
			 "  --size-mib S      file size (default 16)\n"
			 "  --dir D           where the temporary file goes "
			 "(default $TMPDIR or /tmp)\n"
			 "  --liburing-plain  do not register liburing's ring fd\n",
			 extra_opt, &cfg);
	size = (uint64_t)cfg.size_mib << 20;
	nblocks = size / BLOCK;
	fd = make_file(&cfg, size);
	if (fd < 0)
		return 1;
	offs = malloc(NOFFS * sizeof(*offs));
	if (!offs)
		return 1;
	for (uint64_t i = 0; i < NOFFS; i++) {
		/* xorshift64: the same table on every run. */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		offs[i] = (cfg.seq ? i % nblocks : x % nblocks) * BLOCK;
	}
	snprintf(title, sizeof(title),
		 "bench_read: %u-byte buffered reads, %s offsets in a cached "
		 "%u MiB file, queue depth %d (N); 256-entry rings",
		 BLOCK, cfg.seq ? "sequential" : "random", cfg.size_mib, QD);
	bench_table_header(title, &o);

	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		struct read_iou *a = calloc(1, sizeof(*a));
		struct read_uring *b = calloc(1, sizeof(*b));
		struct bench_side sa = { "iou", run_iou, a };
		struct bench_side sb = { "liburing", run_uring, b };
		struct bench_result r;
		int ret;

		if (!a || !b)
			return 1;
		a->c.fd = b->c.fd = fd;
		a->c.offs = b->c.offs = offs;
		if (posix_memalign((void **)&a->c.bufs, BLOCK, QD * BLOCK) ||
		    posix_memalign((void **)&b->c.bufs, BLOCK, QD * BLOCK))
			return 1;
		ret = iou_queue_init(RING_ENTRIES, &a->ring, modes[m].iou_flags);
		if (ret < 0) {
			fprintf(stderr, "iou_queue_init(%s): %s\n",
				modes[m].name, strerror(-ret));
			return 1;
		}
		ret = io_uring_queue_init(RING_ENTRIES, &b->ring,
					  modes[m].uring_flags);
		if (ret < 0) {
			fprintf(stderr, "io_uring_queue_init(%s): %s\n",
				modes[m].name, strerror(-ret));
			return 1;
		}
		if (!cfg.plain &&
		    (modes[m].uring_flags & IORING_SETUP_SINGLE_ISSUER)) {
			ret = io_uring_register_ring_fd(&b->ring);
			if (ret < 0)
				fprintf(stderr, "io_uring_register_ring_fd: "
					"%s (continuing)\n", strerror(-ret));
		}
		ret = bench_compare_stable(&o, &sa, &sb, &r);
		if (ret < 0)
			return 1;
		bench_table_row(&o, modes[m].name, QD, &r);
		ratios[nratios++] = r.ratio;
		iou_queue_exit(&a->ring);
		io_uring_queue_exit(&b->ring);
		free(a->c.bufs);
		free(b->c.bufs);
		free(a);
		free(b);
	}
	bench_table_footer(ratios, nratios, 1.00);
	free(offs);
	close(fd);
	return 0;
}

/* bench_nop.c — NOP round trips: iou's linux backend against liburing.
 *
 * One unit of work is a batch: get and prepare N NOP SQEs, submit_and_wait(N),
 * reap the N CQEs with the for-each macro and one cq_advance — the idiomatic
 * fast path of each library. N = 1, 8, 32, 128 on 256-entry rings, with
 * default flags and with SINGLE_ISSUER|DEFER_TASKRUN. This measures the
 * per-SQE and per-enter cost of the user-side ring code plus the kernel's
 * cheapest request; both sides run the same kernel work.
 *
 * Ring fd registration: iou registers the ring fd by itself on
 * SINGLE_ISSUER rings, so the liburing side registers its fd too in that mode
 * (io_uring_register_ring_fd) and both enter the same way. --liburing-plain
 * leaves liburing's fd unregistered, as a liburing user who never calls it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liburing.h>

#include "iou.h"
#include "bench_util.h"

#define RING_ENTRIES 256

static const unsigned batch_sizes[] = { 1, 8, 32, 128 };

struct nop_iou {
	struct iou ring;
	unsigned n;
};

struct nop_uring {
	struct io_uring ring;
	unsigned n;
};

/* iou: iters batches of n NOPs; returns the NOPs completed. */
static int64_t run_iou(void *p, uint64_t iters)
{
	struct nop_iou *c = p;
	struct iou *ring = &c->ring;
	const unsigned n = c->n;
	int64_t done = 0;

	for (uint64_t it = 0; it < iters; it++) {
		unsigned left = n;

		for (unsigned k = 0; k < n; k++) {
			struct iou_sqe *sqe = iou_get_sqe(ring);

			if (!sqe)
				return -EBUSY;
			iou_prep_nop(sqe);
			iou_sqe_set_data64(sqe, k);
		}
		int ret = iou_submit_and_wait(ring, n);
		if (ret < 0)
			return ret;
		if ((unsigned)ret != n)
			return -EIO;
		for (;;) {
			struct iou_cqe *cqe;
			unsigned head, seen = 0;

			iou_for_each_cqe(ring, head, cqe) {
				if (cqe->res < 0)
					return cqe->res;
				seen++;
			}
			iou_cq_advance(ring, seen);
			left -= seen;
			if (!left)
				break;
			ret = iou_submit_and_wait(ring, left);
			if (ret < 0)
				return ret;
		}
		done += n;
	}
	return done;
}

/* liburing: the same loop, line for line. */
static int64_t run_uring(void *p, uint64_t iters)
{
	struct nop_uring *c = p;
	struct io_uring *ring = &c->ring;
	const unsigned n = c->n;
	int64_t done = 0;

	for (uint64_t it = 0; it < iters; it++) {
		unsigned left = n;

		for (unsigned k = 0; k < n; k++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

			if (!sqe)
				return -EBUSY;
			io_uring_prep_nop(sqe);
			io_uring_sqe_set_data64(sqe, k);
		}
		int ret = io_uring_submit_and_wait(ring, n);
		if (ret < 0)
			return ret;
		if ((unsigned)ret != n)
			return -EIO;
		for (;;) {
			struct io_uring_cqe *cqe;
			unsigned head, seen = 0;

			io_uring_for_each_cqe(ring, head, cqe) {
				if (cqe->res < 0)
					return cqe->res;
				seen++;
			}
			io_uring_cq_advance(ring, seen);
			left -= seen;
			if (!left)
				break;
			ret = io_uring_submit_and_wait(ring, left);
			if (ret < 0)
				return ret;
		}
		done += n;
	}
	return done;
}

static int extra_opt(int argc, char **argv, int *i, void *ctx)
{
	(void)argc;
	if (!strcmp(argv[*i], "--liburing-plain")) {
		*(int *)ctx = 1;
		return 0;
	}
	return -1;
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
	double ratios[16];
	unsigned nratios = 0;
	struct bench_opts o;
	int plain = 0;

	bench_parse_args(argc, argv, &o, "bench_nop",
			 "  --liburing-plain  do not register liburing's ring fd "
			 "(iou registers its own\n"
			 "                    on SINGLE_ISSUER rings)\n",
			 extra_opt, &plain);
	bench_table_header("bench_nop: N NOPs per submit_and_wait(N), "
			   "reaped with for_each + cq_advance; "
			   "256-entry rings", &o);

	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		struct nop_iou *a = calloc(1, sizeof(*a));
		struct nop_uring *b = calloc(1, sizeof(*b));
		int ret;

		if (!a || !b) {
			fprintf(stderr, "out of memory\n");
			return 1;
		}
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
		if (!plain && (modes[m].uring_flags &
			       IORING_SETUP_SINGLE_ISSUER)) {
			ret = io_uring_register_ring_fd(&b->ring);
			if (ret < 0)
				fprintf(stderr, "io_uring_register_ring_fd: "
					"%s (continuing)\n", strerror(-ret));
		}
		for (size_t k = 0; k < sizeof(batch_sizes) / sizeof(batch_sizes[0]);
		     k++) {
			struct bench_side sa = { "iou", run_iou, a };
			struct bench_side sb = { "liburing", run_uring, b };
			struct bench_result r;

			a->n = b->n = batch_sizes[k];
			ret = bench_compare_stable(&o, &sa, &sb, &r);
			if (ret < 0)
				return 1;
			bench_table_row(&o, modes[m].name, batch_sizes[k], &r);
			ratios[nratios++] = r.ratio;
		}
		iou_queue_exit(&a->ring);
		io_uring_queue_exit(&b->ring);
		free(a);
		free(b);
	}
	bench_table_footer(ratios, nratios, 1.00);
	/* A ratio below target is a finding, not a failure of the program. */
	return 0;
}

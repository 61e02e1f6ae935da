/* bench_sim.c — the simulated kernel's throughput beside the real one.
 *
 * NOPs in batches of 32 (get, prep, submit_and_wait(32), for_each + one
 * cq_advance) and 32 relative timeouts of 10 us per batch, on three sides
 * measured in the same run: iou on the sim, iou on the linux backend, and
 * liburing. The sim runs the canonical tape (an empty one: every choice 0)
 * with tracing off, as a test in steady state would. Also counts heap
 * allocations per op on the sim after warm-up, by interposing malloc. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liburing.h>

#include "iou.h"
#include "iou_sim.h"
#include "bench_util.h"

#define BATCH 32
#define RING_ENTRIES 64

/* ---- allocation counting (glibc: the library's calls land here) ------- */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static unsigned long long nallocs;

void *malloc(size_t n)
{
	nallocs++;
	return __libc_malloc(n);
}

void *calloc(size_t a, size_t b)
{
	nallocs++;
	return __libc_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
	nallocs++;
	return __libc_realloc(p, n);
}

void free(void *p)
{
	__libc_free(p);
}

/* ---- the work ---------------------------------------------------------- */

enum work { W_NOP, W_TIMEOUT };

struct side_iou {
	struct iou ring;
	enum work w;
};

struct side_uring {
	struct io_uring ring;
	enum work w;
};

static struct iou_timespec iou_ts = { .tv_sec = 0, .tv_nsec = 10000 };
static struct __kernel_timespec uring_ts = { .tv_sec = 0, .tv_nsec = 10000 };

static int64_t run_iou(void *p, uint64_t iters)
{
	struct side_iou *c = p;
	struct iou *ring = &c->ring;
	int64_t done = 0;

	for (uint64_t it = 0; it < iters; it++) {
		struct iou_cqe *cqe;
		unsigned head, n = 0;
		int ret;

		for (unsigned k = 0; k < BATCH; k++) {
			struct iou_sqe *sqe = iou_get_sqe(ring);

			if (!sqe)
				return -EBUSY;
			if (c->w == W_NOP)
				iou_prep_nop(sqe);
			else
				iou_prep_timeout(sqe, &iou_ts, 0, 0);
			iou_sqe_set_data64(sqe, k);
		}
		ret = iou_submit_and_wait(ring, BATCH);
		if (ret < 0)
			return ret;
		while (n < BATCH) {
			unsigned got = 0;

			iou_for_each_cqe(ring, head, cqe) {
				if (cqe->res < 0 && cqe->res != -ETIME)
					return cqe->res;
				got++;
			}
			iou_cq_advance(ring, got);
			n += got;
			if (n < BATCH && (ret = iou_submit_and_wait(ring, BATCH - n)) < 0)
				return ret;
		}
		done += BATCH;
	}
	return done;
}

static int64_t run_uring(void *p, uint64_t iters)
{
	struct side_uring *c = p;
	struct io_uring *ring = &c->ring;
	int64_t done = 0;

	for (uint64_t it = 0; it < iters; it++) {
		struct io_uring_cqe *cqe;
		unsigned head, n = 0;
		int ret;

		for (unsigned k = 0; k < BATCH; k++) {
			struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

			if (!sqe)
				return -EBUSY;
			if (c->w == W_NOP)
				io_uring_prep_nop(sqe);
			else
				io_uring_prep_timeout(sqe, &uring_ts, 0, 0);
			io_uring_sqe_set_data64(sqe, k);
		}
		ret = io_uring_submit_and_wait(ring, BATCH);
		if (ret < 0)
			return ret;
		while (n < BATCH) {
			unsigned got = 0;

			io_uring_for_each_cqe(ring, head, cqe) {
				if (cqe->res < 0 && cqe->res != -ETIME)
					return cqe->res;
				got++;
			}
			io_uring_cq_advance(ring, got);
			n += got;
			if (n < BATCH &&
			    (ret = io_uring_submit_and_wait(ring, BATCH - n)) < 0)
				return ret;
		}
		done += BATCH;
	}
	return done;
}

static const uint8_t empty_tape[1];

static struct iou_sim *new_sim(void)
{
	struct iou_sim_opts o = { .tape = empty_tape, .tape_len = 0 };
	struct iou_sim *sim = iou_sim_new(&o);

	if (sim)
		iou_sim_set_trace(sim, 0);
	return sim;
}

/* Heap allocations per op on the sim, after a warm-up. */
static double allocs_per_op(enum work w)
{
	struct iou_sim *sim = new_sim();
	struct side_iou c = { .w = w };
	unsigned long long before;
	const uint64_t iters = 2000;
	double per_op;

	if (!sim || iou_queue_init_sim(RING_ENTRIES, &c.ring, 0, sim) < 0)
		return -1;
	run_iou(&c, 200);
	before = nallocs;
	if (run_iou(&c, iters) < 0)
		per_op = -1;
	else
		per_op = (double)(nallocs - before) / (double)(iters * BATCH);
	iou_queue_exit(&c.ring);
	iou_sim_free(sim);
	return per_op;
}

static int compare(const struct bench_opts *o, const char *mode, enum work w,
		   double *ratios, unsigned *nratios)
{
	struct side_iou s = { .w = w }, l = { .w = w };
	struct side_uring u = { .w = w };
	struct iou_sim *sim = new_sim();
	struct bench_result r1, r2;
	struct bench_side a_sim = { "sim", run_iou, &s };
	struct bench_side b_linux = { "linux", run_iou, &l };
	struct bench_side b_uring = { "liburing", run_uring, &u };
	int ret;

	if (!sim || iou_queue_init_sim(RING_ENTRIES, &s.ring, 0, sim) < 0 ||
	    iou_queue_init(RING_ENTRIES, &l.ring, 0) < 0 ||
	    io_uring_queue_init(RING_ENTRIES, &u.ring, 0) < 0) {
		fprintf(stderr, "bench_sim: ring setup failed\n");
		return -1;
	}
	ret = bench_compare_stable(o, &a_sim, &b_linux, &r1);
	if (!ret)
		ret = bench_compare_stable(o, &a_sim, &b_uring, &r2);
	if (!ret) {
		printf("%-8s %5u %14.0f %14.0f %14.0f %10.2f %10.2f\n", mode,
		       BATCH, r1.a_med, r1.b_med, r2.b_med, r1.ratio, r2.ratio);
		ratios[(*nratios)++] = r1.ratio;
	}
	iou_queue_exit(&s.ring);
	iou_queue_exit(&l.ring);
	io_uring_queue_exit(&u.ring);
	iou_sim_free(sim);
	return ret;
}

int main(int argc, char **argv)
{
	struct bench_opts o = { .rounds = 11 };
	double ratios[2];
	unsigned nratios = 0;
	double a_nop, a_to;

	bench_parse_args(argc, argv, &o, "bench_sim", NULL, NULL, NULL);
	printf("bench_sim: batches of %u; sim = iou on the simulated kernel "
	       "(canonical tape, no trace)\n", BATCH);
	printf("%-8s %5s %14s %14s %14s %10s %10s\n", "work", "N", "sim ops/s",
	       "linux ops/s", "liburing ops/s", "sim/linux", "sim/liburing");
	if (compare(&o, "nop", W_NOP, ratios, &nratios) ||
	    compare(&o, "timeout", W_TIMEOUT, ratios, &nratios))
		return 1;
	a_nop = allocs_per_op(W_NOP);
	a_to = allocs_per_op(W_TIMEOUT);
	printf("sim heap allocations per op in steady state: nop %.4f, "
	       "timeout %.4f\n", a_nop, a_to);
	printf("target: sim NOPs >= 4x the real kernel's at batch %u: %s\n",
	       BATCH, ratios[0] >= 4.0 ? "met" : "NOT met");
	return 0;
}

/* bench_sim.c — the simulated kernel's throughput beside the real one.
 *
 * NOPs in batches of 32, and 32 relative timeouts of 10 us per batch, in
 * the loop of the API contract: get, prep, iou_submit_and_wait(32), then
 * iou_copy_cqes until the batch is reaped (retrying a wait cut short with
 * -EINTR, which the sim may choose). The sim runs in the configurations
 * its users run it in, each timed against the linux backend in the same
 * run (interleaved rounds, bench_util.c):
 *   default    iou_sim_new(NULL): seed 0, recording as on by default
 *   seeded     a seed (42), recording as on by default
 *   canonical  an empty tape (every choice 0), recording as on by default
 *   canon-off  an empty tape, iou_sim_set_trace(sim, 0)
 * and the linux backend beside liburing. Also counts heap allocations per
 * op on the sim after warm-up in each configuration, by interposing
 * malloc. Targets (issue 11): default and seeded >= 4x linux, canonical
 * >= 6x; zero allocations per op. */
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
	struct iou_cqe cqes[BATCH];
	int64_t done = 0;

	for (uint64_t it = 0; it < iters; it++) {
		unsigned n = 0;
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
		do
			ret = iou_submit_and_wait(ring, BATCH);
		while (ret == -EINTR);
		if (ret < 0)
			return ret;
		while (n < BATCH) {
			ret = iou_copy_cqes(ring, cqes, BATCH, BATCH - n);
			if (ret == -EINTR)
				continue; /* a wait cut short */
			if (ret < 0)
				return ret;
			for (int i = 0; i < ret; i++)
				if (cqes[i].res < 0 && cqes[i].res != -ETIME)
					return cqes[i].res;
			n += (unsigned)ret;
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

/* ---- sim configurations ------------------------------------------------ */

enum cfg { C_DEFAULT, C_SEEDED, C_CANON, C_CANON_OFF, C_N };

static const char *const cfg_name[C_N] = { "default", "seeded", "canonical",
					   "canon-off" };
static const double cfg_target[C_N] = { 4.0, 4.0, 6.0, 6.0 };

static const uint8_t empty_tape[1];

static struct iou_sim *new_sim(enum cfg c)
{
	struct iou_sim_opts o = { .tape = empty_tape, .tape_len = 0 };
	struct iou_sim *sim;

	if (c == C_DEFAULT)
		return iou_sim_new(NULL);
	if (c == C_SEEDED) {
		memset(&o, 0, sizeof(o));
		o.seed = 42;
	}
	sim = iou_sim_new(&o);
	if (sim && c == C_CANON_OFF)
		iou_sim_set_trace(sim, 0);
	return sim;
}

/* Heap allocations per op on the sim, after a warm-up. */
static double allocs_per_op(enum cfg cfg, enum work w)
{
	struct iou_sim *sim = new_sim(cfg);
	struct side_iou c = { .w = w };
	unsigned long long before;
	const uint64_t iters = 20000;
	double per_op;

	if (!sim || iou_queue_init_sim(RING_ENTRIES, &c.ring, 0, sim) < 0)
		return -1;
	run_iou(&c, 2000);
	before = nallocs;
	if (run_iou(&c, iters) < 0)
		per_op = -1;
	else
		per_op = (double)(nallocs - before) / (double)(iters * BATCH);
	iou_queue_exit(&c.ring);
	iou_sim_free(sim);
	return per_op;
}

static int compare_sim(const struct bench_opts *o, enum cfg cfg, enum work w,
		       double *ratio)
{
	struct side_iou s = { .w = w }, l = { .w = w };
	struct iou_sim *sim = new_sim(cfg);
	struct bench_result r;
	struct bench_side a_sim = { cfg_name[cfg], run_iou, &s };
	struct bench_side b_linux = { "linux", run_iou, &l };
	int ret;

	if (!sim || iou_queue_init_sim(RING_ENTRIES, &s.ring, 0, sim) < 0 ||
	    iou_queue_init(RING_ENTRIES, &l.ring, 0) < 0) {
		fprintf(stderr, "bench_sim: ring setup failed\n");
		return -1;
	}
	ret = bench_compare_stable(o, &a_sim, &b_linux, &r);
	if (!ret) {
		printf("%-8s %-10s %5u %14.0f %14.0f %9.2f [%.2f-%.2f] "
		       "%8.4f  %s\n", w == W_NOP ? "nop" : "timeout",
		       cfg_name[cfg], BATCH, r.a_med, r.b_med, r.ratio,
		       r.ratio_q1, r.ratio_q3, allocs_per_op(cfg, w),
		       w != W_NOP ? "" :
		       r.ratio >= cfg_target[cfg] ? "met" : "NOT met");
		*ratio = r.ratio;
	}
	iou_queue_exit(&s.ring);
	iou_queue_exit(&l.ring);
	iou_sim_free(sim);
	return ret;
}

static int compare_linux(const struct bench_opts *o, enum work w)
{
	struct side_iou l = { .w = w };
	struct side_uring u = { .w = w };
	struct bench_result r;
	struct bench_side a_linux = { "linux", run_iou, &l };
	struct bench_side b_uring = { "liburing", run_uring, &u };
	int ret;

	if (iou_queue_init(RING_ENTRIES, &l.ring, 0) < 0 ||
	    io_uring_queue_init(RING_ENTRIES, &u.ring, 0) < 0) {
		fprintf(stderr, "bench_sim: ring setup failed\n");
		return -1;
	}
	ret = bench_compare_stable(o, &a_linux, &b_uring, &r);
	if (!ret)
		printf("%-8s %-10s %5u %14.0f %14.0f %9.2f [%.2f-%.2f]  "
		       "(linux/liburing)\n", w == W_NOP ? "nop" : "timeout",
		       "linux", BATCH, r.a_med, r.b_med, r.ratio, r.ratio_q1,
		       r.ratio_q3);
	iou_queue_exit(&l.ring);
	io_uring_queue_exit(&u.ring);
	return ret;
}

static int only_cfg = -1;
static uint64_t fixed_batches;

static int extra_opt(int argc, char **argv, int *i, void *ctx)
{
	(void)ctx;
	if (!strcmp(argv[*i], "--batches") && *i + 1 < argc) {
		fixed_batches = strtoull(argv[++*i], NULL, 10);
		return fixed_batches ? 0 : -1;
	}
	if (strcmp(argv[*i], "--config") || *i + 1 >= argc)
		return -1;
	(*i)++;
	for (int c = 0; c < C_N; c++)
		if (!strcmp(argv[*i], cfg_name[c]))
			only_cfg = c;
	return only_cfg < 0 ? -1 : 0;
}

/* --batches N: N batches of NOPs on one configuration, untimed (for perf
 * stat, perf record, callgrind: the difference between N and 2N batches
 * over 32 N is the cost of an op). */
static int fixed_run(enum cfg cfg, uint64_t batches)
{
	struct iou_sim *sim = new_sim(cfg);
	struct side_iou c = { .w = W_NOP };
	int64_t ret;

	if (!sim || iou_queue_init_sim(RING_ENTRIES, &c.ring, 0, sim) < 0)
		return 1;
	ret = run_iou(&c, batches);
	iou_queue_exit(&c.ring);
	iou_sim_free(sim);
	if (ret < 0) {
		fprintf(stderr, "bench_sim: %s\n", iou_strerror((int)ret));
		return 1;
	}
	printf("%s: %lld NOPs\n", cfg_name[cfg], (long long)ret);
	return 0;
}

int main(int argc, char **argv)
{
	struct bench_opts o = { .rounds = 11 };
	double ratio;

	bench_parse_args(argc, argv, &o, "bench_sim",
			 "  --config NAME   only this sim configuration "
			 "(default, seeded, canonical, canon-off)\n"
			 "  --batches N     run N batches of NOPs on it, untimed "
			 "(profiling)\n",
			 extra_opt, NULL);
	if (fixed_batches)
		return fixed_run(only_cfg < 0 ? C_DEFAULT : (enum cfg)only_cfg,
				 fixed_batches);
	printf("bench_sim: batches of %u, submit_and_wait + copy_cqes; "
	       "sim/linux ratio (IQR), heap allocations per op on the sim\n",
	       BATCH);
	printf("%-8s %-10s %5s %14s %14s %9s %11s %8s  %s\n", "work", "sim",
	       "N", "sim ops/s", "linux ops/s", "sim/linux", "(IQR)",
	       "allocs", "target");
	for (int c = 0; c < C_N; c++) {
		if (only_cfg >= 0 && c != only_cfg)
			continue;
		if (compare_sim(&o, (enum cfg)c, W_NOP, &ratio))
			return 1;
	}
	for (int c = 0; c < C_N; c++) {
		if (only_cfg >= 0 && c != only_cfg)
			continue;
		if (compare_sim(&o, (enum cfg)c, W_TIMEOUT, &ratio))
			return 1;
	}
	if (only_cfg < 0 && (compare_linux(&o, W_NOP) ||
			     compare_linux(&o, W_TIMEOUT)))
		return 1;
	return 0;
}

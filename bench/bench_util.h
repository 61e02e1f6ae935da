/* bench_util.h — timing, A/B interleaving and the result table shared by the
 * iou-vs-liburing benchmarks, so that every benchmark measures and prints the
 * same way.
 *
 * A comparison runs two sides (A = iou, B = liburing) on the same work. After
 * a calibration and one warm-up round per side, it runs `rounds` rounds, each
 * timing A once and B once, alternating which goes first (A B, B A, A B...),
 * so that drift (frequency scaling, cache state, a noisy neighbour) hits both
 * sides alike. Each round gives a pair of rates and their ratio A/B; the
 * table shows the median rate of each side and the median of the per-round
 * ratios, with the interquartile range of those ratios. */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdint.h>

struct bench_opts {
	int quick;          /* --quick: few short rounds (CI smoke) */
	unsigned rounds;    /* timed A/B rounds per case */
	uint64_t round_ns;  /* target duration of one side's round */
	int cpu;            /* --cpu K: pin the process to CPU K; -1 = no pin */
	int verbose;        /* -v: print every round */
};

/* Handles one benchmark-specific option at argv[*i] (may consume argv[*i+1]
 * by advancing *i). Returns 0 when handled, -1 when unknown or malformed. */
typedef int (*bench_extra_opt_fn)(int argc, char **argv, int *i, void *ctx);

/* Fills *o from the command line (o->rounds, when non-zero on entry, is the
 * default number of rounds): --quick, --rounds R, --round-ms M,
 * --cpu K, -v, -h. Unknown options go to `extra` (may be NULL). Prints usage
 * (`prog`, then `extra_help`) and exits on -h or a bad option. Pins the
 * process when --cpu is given. */
void bench_parse_args(int argc, char **argv, struct bench_opts *o,
		      const char *prog, const char *extra_help,
		      bench_extra_opt_fn extra, void *extra_ctx);

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t bench_now_ns(void);

/* One side of a comparison. run() performs `iters` units of work (a batch,
 * a read...) and returns the number of operations completed, or a negative
 * errno, which aborts the comparison. */
struct bench_side {
	const char *name;
	int64_t (*run)(void *ctx, uint64_t iters);
	void *ctx;
};

struct bench_result {
	double a_med, b_med;     /* median ops/s per side */
	double a_best, b_best;   /* best ops/s per side */
	double ratio;            /* median of per-round A/B ratios */
	double ratio_q1, ratio_q3; /* interquartile range of those ratios */
	unsigned rounds;
	uint64_t iters;          /* units of work per round and side */
};

/* Calibrates, warms up and runs the interleaved rounds. Returns 0, or the
 * negative errno a side returned (with a message on stderr). */
int bench_compare(const struct bench_opts *o, const struct bench_side *a,
		  const struct bench_side *b, struct bench_result *r);

/* The table: a title line, the header, then one row per case. */
void bench_table_header(const char *title, const struct bench_opts *o);
void bench_table_row(const char *mode, unsigned n, const struct bench_result *r);
/* A closing line: the lowest median ratio seen and whether it meets the
 * target. Returns 0 when every ratio is >= target. */
int bench_table_footer(const double *ratios, unsigned count, double target);

#endif /* BENCH_UTIL_H */

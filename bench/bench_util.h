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
	const char *only;   /* --only NAME: time that side alone (profiling) */
	double noisy_iqr;   /* rerun a case whose ratio IQR is wider */
};

/* Handles one benchmark-specific option at argv[*i] (may consume argv[*i+1]
 * by advancing *i). Returns 0 when handled, -1 when unknown or malformed. */
typedef int (*bench_extra_opt_fn)(int argc, char **argv, int *i, void *ctx);

/* Fills *o from the command line (o->rounds and o->noisy_iqr, when non-zero
 * on entry, are the benchmark's defaults): --quick, --rounds R, --round-ms M,
 * --cpu K, --only NAME, -v, -h. Unknown options go to `extra` (may be NULL). Prints usage
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
	unsigned attempts;       /* runs of the case (bench_compare_stable) */
};

/* Calibrates, warms up and runs the interleaved rounds. With --only, runs
 * the named side alone (the other's rates and the ratios are 0), so that
 * perf sees one library. Returns 0, or the negative errno a side returned
 * (with a message on stderr). */
int bench_compare(const struct bench_opts *o, const struct bench_side *a,
		  const struct bench_side *b, struct bench_result *r);

/* A case whose per-round ratios spread wider than o->noisy_iqr (q3 - q1;
 * default BENCH_NOISY_IQR) was hit by noise: bench_compare_stable runs it
 * again. */
#define BENCH_NOISY_IQR 0.05
#define BENCH_RETRIES 2

/* bench_compare, run again up to BENCH_RETRIES times while the ratio IQR is
 * wider than o->noisy_iqr; keeps the attempt with the narrowest IQR. */
int bench_compare_stable(const struct bench_opts *o, const struct bench_side *a,
			 const struct bench_side *b, struct bench_result *r);

/* The table: a title line, the header, then one row per case. */
void bench_table_header(const char *title, const struct bench_opts *o);
void bench_table_row(const struct bench_opts *o, const char *mode, unsigned n,
		     const struct bench_result *r);
/* A closing line: the lowest median ratio seen and whether it meets the
 * target. Returns 0 when every ratio is >= target. */
int bench_table_footer(const double *ratios, unsigned count, double target);

#endif /* BENCH_UTIL_H */

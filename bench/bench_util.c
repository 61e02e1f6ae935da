/* bench_util.c — timing, A/B interleaving and the result table shared by the
 * benchmarks (see bench_util.h). Benchmarks only: the library itself never
 * reads the host clock. */
#include "bench_util.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void usage(const char *prog, const char *extra_help, int status)
{
	FILE *f = status ? stderr : stdout;

	fprintf(f,
		"usage: %s [options]\n"
		"  --quick           a short run (CI smoke): 3 rounds of 10 ms\n"
		"  --rounds R        timed A/B rounds per case (default 15, bench_read 41)\n"
		"  --round-ms M      duration of one side's round (default 60)\n"
		"  --cpu K           pin the process to CPU K\n"
		"  --only NAME       run one side alone (iou or liburing), "
		"for perf\n"
		"  -v                print every round\n"
		"%s",
		prog, extra_help ? extra_help : "");
	exit(status);
}

static int parse_uint(const char *s, unsigned long *out)
{
	char *end;

	if (!s || !*s)
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return (errno || *end) ? -1 : 0;
}

static void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) < 0) {
		fprintf(stderr, "sched_setaffinity(%d): %s\n", cpu,
			strerror(errno));
		exit(2);
	}
}

void bench_parse_args(int argc, char **argv, struct bench_opts *o,
		      const char *prog, const char *extra_help,
		      bench_extra_opt_fn extra, void *extra_ctx)
{
	int rounds_set = 0, round_set = 0;
	unsigned long v;

	unsigned def_rounds = o->rounds ? o->rounds : 15;
	double def_iqr = o->noisy_iqr > 0 ? o->noisy_iqr : BENCH_NOISY_IQR;

	memset(o, 0, sizeof(*o));
	o->rounds = def_rounds;
	o->noisy_iqr = def_iqr;
	o->round_ns = 60 * 1000000ull;
	o->cpu = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--quick")) {
			o->quick = 1;
		} else if (!strcmp(a, "--rounds") && i + 1 < argc &&
			   !parse_uint(argv[i + 1], &v) && v > 0) {
			o->rounds = (unsigned)v;
			rounds_set = 1;
			i++;
		} else if (!strcmp(a, "--round-ms") && i + 1 < argc &&
			   !parse_uint(argv[i + 1], &v) && v > 0) {
			o->round_ns = v * 1000000ull;
			round_set = 1;
			i++;
		} else if (!strcmp(a, "--cpu") && i + 1 < argc &&
			   !parse_uint(argv[i + 1], &v) && v < CPU_SETSIZE) {
			o->cpu = (int)v;
			i++;
		} else if (!strcmp(a, "--only") && i + 1 < argc) {
			o->only = argv[++i];
		} else if (!strcmp(a, "-v")) {
			o->verbose = 1;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(prog, extra_help, 0);
		} else if (!extra || extra(argc, argv, &i, extra_ctx) < 0) {
			fprintf(stderr, "%s: bad option '%s'\n", prog, a);
			usage(prog, extra_help, 2);
		}
	}
	if (o->quick) {
		if (!rounds_set)
			o->rounds = 3;
		if (!round_set)
			o->round_ns = 10 * 1000000ull;
	}
	if (o->cpu >= 0)
		pin_cpu(o->cpu);
}

/* Runs one side for iters units; returns ops/s, or a negative errno. */
static double time_side(const struct bench_side *s, uint64_t iters,
			uint64_t *elapsed_ns, int *err)
{
	uint64_t t0 = bench_now_ns();
	int64_t ops = s->run(s->ctx, iters);
	uint64_t dt = bench_now_ns() - t0;

	if (ops < 0) {
		*err = (int)ops;
		fprintf(stderr, "%s: run failed: %s\n", s->name,
			strerror((int)-ops));
		return 0;
	}
	if (dt == 0)
		dt = 1;
	if (elapsed_ns)
		*elapsed_ns = dt;
	return (double)ops * 1e9 / (double)dt;
}

/* Smallest iteration count that takes at least min_ns, doubling from 1;
 * returns the time per unit in ns. */
static int calibrate(const struct bench_side *s, uint64_t min_ns,
		     double *ns_per_iter)
{
	uint64_t iters = 1, dt = 0;
	int err = 0;

	for (;;) {
		time_side(s, iters, &dt, &err);
		if (err)
			return err;
		if (dt >= min_ns || iters >= (1ull << 40))
			break;
		iters *= 2;
	}
	*ns_per_iter = (double)dt / (double)iters;
	return 0;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/* Quantile q in [0,1] of sorted v[0..n), linear interpolation. */
static double quantile(const double *v, unsigned n, double q)
{
	double pos = q * (double)(n - 1);
	unsigned lo = (unsigned)pos;
	double frac = pos - (double)lo;

	if (lo + 1 >= n)
		return v[n - 1];
	return v[lo] + (v[lo + 1] - v[lo]) * frac;
}

int bench_compare(const struct bench_opts *o, const struct bench_side *a,
		  const struct bench_side *b, struct bench_result *r)
{
	unsigned n = o->rounds;
	double *ra = calloc(n, sizeof(double));
	double *rb = calloc(n, sizeof(double));
	double *rr = calloc(n, sizeof(double));
	double npa, npb;
	uint64_t iters;
	int err = 0, only_b = 0;

	memset(r, 0, sizeof(*r));
	if (o->only) {
		/* One side alone: the other one is never run. */
		if (!strcmp(o->only, b->name)) {
			a = b;
			only_b = 1;
		} else if (strcmp(o->only, a->name)) {
			fprintf(stderr, "--only: no side named '%s'\n",
				o->only);
			err = -EINVAL;
			goto out;
		}
		b = NULL;
	}
	if (!ra || !rb || !rr) {
		err = -ENOMEM;
		goto out;
	}
	/* Calibrate both sides on a tenth of a round each, then size a round
	 * from their mean cost: both sides do the same work in every round. */
	err = calibrate(a, o->round_ns / 10, &npa);
	npb = npa;
	if (!err && b)
		err = calibrate(b, o->round_ns / 10, &npb);
	if (err)
		goto out;
	iters = (uint64_t)((double)o->round_ns / ((npa + npb) / 2));
	if (iters == 0)
		iters = 1;
	/* Warm-up round, not recorded. */
	time_side(a, iters, NULL, &err);
	if (!err && b)
		time_side(b, iters, NULL, &err);
	for (unsigned i = 0; i < n && !err; i++) {
		if (!b) {
			ra[i] = time_side(a, iters, NULL, &err);
			continue;
		}
		if (i % 2 == 0) {
			ra[i] = time_side(a, iters, NULL, &err);
			if (!err)
				rb[i] = time_side(b, iters, NULL, &err);
		} else {
			rb[i] = time_side(b, iters, NULL, &err);
			if (!err)
				ra[i] = time_side(a, iters, NULL, &err);
		}
		if (err)
			break;
		rr[i] = ra[i] / rb[i];
		if (o->verbose)
			fprintf(stderr, "  round %2u: %s %12.0f  %s %12.0f  "
				"ratio %.3f\n", i, a->name, ra[i], b->name,
				rb[i], rr[i]);
	}
	if (err)
		goto out;
	if (!b) {
		qsort(ra, n, sizeof(double), cmp_double);
		*(only_b ? &r->b_med : &r->a_med) = quantile(ra, n, 0.5);
		*(only_b ? &r->b_best : &r->a_best) = ra[n - 1];
		r->rounds = n;
		r->iters = iters;
		goto out;
	}
	qsort(ra, n, sizeof(double), cmp_double);
	qsort(rb, n, sizeof(double), cmp_double);
	qsort(rr, n, sizeof(double), cmp_double);
	r->a_med = quantile(ra, n, 0.5);
	r->b_med = quantile(rb, n, 0.5);
	r->a_best = ra[n - 1];
	r->b_best = rb[n - 1];
	r->ratio = quantile(rr, n, 0.5);
	r->ratio_q1 = quantile(rr, n, 0.25);
	r->ratio_q3 = quantile(rr, n, 0.75);
	r->rounds = n;
	r->iters = iters;
out:
	free(ra);
	free(rb);
	free(rr);
	return err;
}

int bench_compare_stable(const struct bench_opts *o, const struct bench_side *a,
			 const struct bench_side *b, struct bench_result *r)
{
	struct bench_result cur;
	unsigned attempts = 0;
	int err;

	do {
		err = bench_compare(o, a, b, &cur);
		if (err)
			return err;
		if (!attempts++ || cur.ratio_q3 - cur.ratio_q1 <
					   r->ratio_q3 - r->ratio_q1)
			*r = cur;
	} while (!o->only && attempts <= BENCH_RETRIES &&
		 r->ratio_q3 - r->ratio_q1 > o->noisy_iqr);
	r->attempts = attempts;
	return 0;
}

void bench_table_header(const char *title, const struct bench_opts *o)
{
	printf("%s\n", title);
	printf("%u interleaved rounds per case (A/B, B/A alternating), "
	       "%.0f ms per side and round; medians; ratio = median of "
	       "per-round iou/liburing;\n"
	       "a case whose ratio IQR is wider than %.2f runs again, up to "
	       "%d times (rerun), and is marked noisy if it stays so\n",
	       o->rounds, (double)o->round_ns / 1e6, o->noisy_iqr,
	       BENCH_RETRIES);
	printf("%-12s %5s %14s %14s %7s  %s\n", "mode", "N", "iou ops/s",
	       "liburing ops/s", "ratio", "ratio IQR");
	fflush(stdout);
}

void bench_table_row(const struct bench_opts *o, const char *mode, unsigned n,
		     const struct bench_result *r)
{
	printf("%-12s %5u %14.0f %14.0f %7.3f  %.3f-%.3f%s\n", mode, n,
	       r->a_med, r->b_med, r->ratio, r->ratio_q1, r->ratio_q3,
	       r->ratio_q3 - r->ratio_q1 > o->noisy_iqr ? "  noisy" :
	       r->attempts > 1 ? "  (rerun)" : "");
	fflush(stdout);
}

int bench_table_footer(const double *ratios, unsigned count, double target)
{
	double lo = 0;
	int ok = 1;

	if (count && ratios[0] == 0) {
		printf("one side only (--only): no ratios\n");
		return 0;
	}
	for (unsigned i = 0; i < count; i++) {
		if (i == 0 || ratios[i] < lo)
			lo = ratios[i];
		if (ratios[i] < target)
			ok = 0;
	}
	printf("lowest ratio %.4f: %s target %.2f\n", lo,
	       ok ? "meets" : "BELOW", target);
	return ok ? 0 : 1;
}

/* explore.c — the explorer: runs a scenario once per choice tape, depth
 * first over the choice tree nearest-to-canonical first (or on random
 * tapes), shrinks the first failure to a small tape, checks that the
 * scenario replays deterministically, and splits the work into shards.
 *
 * ==== Enumeration ==========================================================
 * A tape is a vector of choices; past its end every choice is 0 (canonical).
 * A run logs each choice it made with its bound n (iou__sim_choices), so a
 * run of vector V tells which positions exist after V's last non-zero value
 * and how many values each takes. Changing position i to v in 1..n-1 keeps
 * every choice before i (the run is deterministic) and may change all that
 * comes after, so the tapes form a tree: a node is a vector whose last
 * non-zero value sits at p; its children set one position i > p of its run
 * to a non-zero value. Level d holds the tapes with d non-zero values.
 * Levels run in order (iterative deepening): level d is a depth-first walk
 * that re-runs the nodes of levels < d to read their logs (counted as
 * executions, not runs) and runs its leaves. A level with no tape ends the
 * walk early: no deeper level has one either. With a kernel range, position
 * 0 is the profile; its values are roots, not deviations. A node's
 * children come in two sweeps (explore_order.c): first the values that
 * matter of every position (all of a small domain; 1, the largest, half...
 * of a large one), then the other values of large domains.
 *
 * Modes: DFS (the walk alone), RANDOM (seeded PRNG tapes), MIXED (the
 * default: a random tape after each leaf of the walk). The budget is
 * max_runs tapes and, when set, max_seconds of search.
 *
 * Sharding: every leaf met by the walk gets a sequence number, the same in
 * every process since the walk is deterministic; shard i of n runs the
 * leaves with number % n == i and re-runs the inner nodes it walks through.
 *
 * ==== Shrinking ============================================================
 * Hypothesis-style over the failing vector, kept normalised (its run's log
 * values, trailing zeros dropped) and only ever replaced by a smaller one
 * in the order (non-zero count, length, values lexicographically), so it
 * ends. A candidate is accepted when its run fails the same way (a hang, or
 * the same non-zero return value; any failure with any_failure). Passes,
 * repeated until a round gains nothing or the budget ends:
 *   zero   — zero runs of non-zero values: all, halves, ..., single ones;
 *   delete — drop one position, moving every later choice one earlier;
 *   lower  — lower each non-zero value, smallest first;
 *   move   — move the last non-zero value to an earlier zero position.
 *
 * ==== Determinism ==========================================================
 * Before exploring, the canonical tape runs twice with its trace; the
 * failing tape, before and after shrinking, too. Different traces (or
 * outcomes) mean the scenario keeps state across runs or reads the host:
 * reported as IOU_EXPLORE_FAIL_NONDET with the first line that differs.
 * The traces compared show user_data that may be host addresses as
 * stable names (trace.c), whatever the user asked to see, so the runs are
 * compared on what the program and the sim did: malloc'd pointers as
 * user_data pass, host time or randomness in what is submitted does not.
 *
 * Runs of the exploration and of shrinking trace nothing (tracing costs
 * about 4x a run); the checks and the final run trace. Wall-clock time is
 * read here for progress and speed only, never by the sim. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

#include "explore.h"

/* ---- small helpers ------------------------------------------------------- */

static int vec_reserve(struct vec *v, size_t n)
{
	uint32_t *nv;
	size_t cap;

	if (n <= v->cap)
		return 0;
	cap = v->cap ? v->cap : 64;
	while (cap < n)
		cap *= 2;
	nv = realloc(v->v, cap * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	memset(nv + v->cap, 0, (cap - v->cap) * sizeof(*nv));
	v->v = nv;
	v->cap = cap;
	return 0;
}

/* Sets v to src[0..n), zero past it. */
int iou__x_vec_set(struct vec *v, const uint32_t *src, size_t n)
{
	if (vec_reserve(v, n + 1))
		return -ENOMEM;
	if (n)
		memmove(v->v, src, n * sizeof(*src));
	if (v->len > n)
		memset(v->v + n, 0, (v->len - n) * sizeof(*src));
	v->len = n;
	return 0;
}

static void vec_free(struct vec *v)
{
	free(v->v);
	memset(v, 0, sizeof(*v));
}

size_t iou__x_vec_nnz(const uint32_t *v, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += v[i] != 0;
	return k;
}

/* The shrink order: fewer non-zero values, then shorter, then smaller
 * values from the first position on. Vectors are trimmed. */
int iou__explore_vec_cmp(const uint32_t *a, size_t na, const uint32_t *b,
			 size_t nb)
{
	size_t ka = iou__x_vec_nnz(a, na), kb = iou__x_vec_nnz(b, nb);

	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (na != nb)
		return na < nb ? -1 : 1;
	for (size_t i = 0; i < na; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

static int text_set(struct text *t, const char *s, size_t len)
{
	if (len + 1 > t->cap) {
		char *ns = realloc(t->s, len + 1);

		if (!ns)
			return -ENOMEM;
		t->s = ns;
		t->cap = len + 1;
	}
	memcpy(t->s, s, len);
	t->s[len] = '\0';
	t->len = len;
	return 0;
}

double iou__x_elapsed(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

int iou__x_is_failure(const struct outcome *o)
{
	return o->hung || o->ret;
}

enum iou_explore_fail iou__x_kind_of(const struct outcome *o)
{
	if (o->hung)
		return IOU_EXPLORE_FAIL_HUNG;
	return o->ret ? IOU_EXPLORE_FAIL_RET : IOU_EXPLORE_PASS;
}

int iou__x_same_outcome(const struct outcome *a, const struct outcome *b)
{
	return a->hung == b->hung && (a->hung || a->ret == b->ret);
}

/* ---- progress ------------------------------------------------------------ */

static void progress_line(struct explorer *x, const struct timespec *now)
{
	struct iou_explore_report *rep = x->rep;
	double s = iou__x_elapsed(&x->t0, now);

	fprintf(stderr, "\riou_explore: depth %u/%u  %llu runs  %.0f runs/s ",
		x->level, x->max_dev, (unsigned long long)rep->res.runs,
		s > 0 ? (double)rep->res.runs / s : 0.0);
	fflush(stderr);
	x->printed = 1;
	x->tlast = *now;
}

static void progress_tick(struct explorer *x)
{
	struct timespec now;

	if (!x->progress || (x->rep->executions & PROGRESS_CHECK))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (iou__x_elapsed(&x->tlast, &now) * 1e9 >= (double)PROGRESS_NS)
		progress_line(x, &now);
}

/* ---- one run ------------------------------------------------------------- */

/* Formats the sim's replay token into t, whatever its length. */
static int token_text(const struct iou_sim *sim, struct text *t)
{
	size_t cap = t->cap > 256 ? t->cap : 256;

	for (;;) {
		int ret;

		if (cap > t->cap) {
			char *ns = realloc(t->s, cap);

			if (!ns)
				return -ENOMEM;
			t->s = ns;
			t->cap = cap;
		}
		ret = iou__token_format(sim, t->s, t->cap);
		if (ret >= 0) {
			t->len = (size_t)ret;
			return 0;
		}
		if (ret != -ENOSPC)
			return ret;
		cap *= 2;
	}
}

/* Runs the scenario on a fresh sim, which it frees. Keeps the run's log in
 * x->log; with `tr`, its trace there; with `token`, its replay token. */
static int run_sim(struct explorer *x, struct iou_sim *sim, struct outcome *o,
		   struct text *tr, struct text *token)
{
	const struct iou__choice *log;
	size_t n;
	int ret = 0;

	if (!sim)
		return -ENOMEM;
	/* Off for speed; the choice log stays on (iou_sim_set_trace would
	 * turn both off). */
	if (!tr)
		sim->trace.on = 0;
	iou_scenario_check_message(NULL, 0, 0); /* a fresh check record */
	o->ret = x->fn(sim, x->arg);
	o->hung = iou_sim_hung(sim) != 0;
	x->rep->executions++;
	log = iou__sim_choices(sim, &n);
	if (sim->oom || (n && !log)) {
		ret = -ENOMEM; /* the log is incomplete */
		goto out;
	}
	if (sim->tape.nchoices != n) {
		/* the scenario turned recording off (iou_sim_set_trace): the
		 * tree below this run cannot be walked */
		ret = -EINVAL;
		goto out;
	}
	if (n > x->caplog) {
		size_t cap = x->caplog ? x->caplog : 256;
		struct iou__choice *nl;

		while (cap < n)
			cap *= 2;
		nl = realloc(x->log, cap * sizeof(*nl));
		if (!nl) {
			ret = -ENOMEM;
			goto out;
		}
		x->log = nl;
		x->caplog = cap;
	}
	if (n)
		memcpy(x->log, log, n * sizeof(*log));
	x->nlog = n;
	if (tr) {
		/* stable names, whatever the user asked to see: runs are
		 * compared on what they did, not on host addresses */
		size_t tlen;
		const char *t = iou__trace_format(&sim->trace, 0, &tlen);

		if (!t || text_set(tr, t, tlen))
			ret = -ENOMEM;
	}
	if (token && token_text(sim, token) && !ret)
		ret = -ENOMEM;
out:
	iou_sim_free(sim);
	progress_tick(x);
	return ret;
}

int iou__x_run_vec(struct explorer *x, const uint32_t *v, size_t n,
		   struct outcome *o, struct text *tr, struct text *token)
{
	return run_sim(x, iou__sim_new_vec(&x->simo, v, n), o, tr, token);
}

/* The last run's choices as a trimmed vector. */
int iou__x_log_to_vec(struct explorer *x, struct vec *out)
{
	size_t n = x->nlog;

	while (n && !x->log[n - 1].v)
		n--;
	if (vec_reserve(out, n + 1))
		return -ENOMEM;
	if (out->len > n)
		memset(out->v + n, 0, (out->len - n) * sizeof(*out->v));
	for (size_t i = 0; i < n; i++)
		out->v[i] = x->log[i].v;
	out->len = n;
	return 0;
}

/* ---- enumeration --------------------------------------------------------- */

uint32_t iou__explore_value(uint32_t n, int phase, uint32_t k);

/* The budget is spent: max_runs tapes run, or max_seconds gone. */
static int budget_spent(struct explorer *x)
{
	struct timespec now;

	if (x->rep->res.runs >= x->max_runs)
		return 1;
	if (x->max_seconds <= 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return iou__x_elapsed(&x->t0, &now) >= x->max_seconds;
}

/* Runs random tape number i of this shard (seed sim.seed + i * nshards +
 * shard). Returns 0, STOP_FAIL, or -errno. */
static int random_run(struct explorer *x, uint64_t i)
{
	struct iou_explore_report *rep = x->rep;
	struct iou_sim_opts o = x->simo;
	struct outcome oc;
	int ret;

	o.seed = x->simo.seed + i * x->nshards + x->shard;
	ret = run_sim(x, iou__sim_new_bounds(&o), &oc, NULL, NULL);
	if (ret)
		return ret;
	rep->res.runs++;
	rep->random_runs++;
	if (!iou__x_is_failure(&oc))
		return 0;
	x->fail_o = oc;
	if (iou__x_log_to_vec(x, &x->fail))
		return -ENOMEM;
	return STOP_FAIL;
}

/* A leaf of the walk: the tape x->walk.v[0..len); in mixed mode a random
 * tape follows it. */
static int leaf(struct explorer *x, size_t len)
{
	struct iou_explore_report *rep = x->rep;
	uint64_t seq = x->seq++;
	struct outcome o;
	int ret;

	if (seq % x->nshards != x->shard)
		return 0;
	if (budget_spent(x))
		return STOP_CUT;
	ret = iou__x_run_vec(x, x->walk.v, len, &o, NULL, NULL);
	if (ret)
		return ret;
	rep->res.runs++;
	if (x->level < IOU_EXPLORE_LEVELS)
		rep->level_runs[x->level]++;
	else
		rep->level_runs[IOU_EXPLORE_LEVELS - 1]++;
	if (!iou__x_is_failure(&o)) {
		if (x->mode != IOU_EXPLORE_MIXED || budget_spent(x))
			return 0;
		return random_run(x, x->rseq++);
	}
	x->fail_o = o;
	if (iou__x_log_to_vec(x, &x->fail))
		return -ENOMEM;
	return STOP_FAIL;
}

/* Visits the node x->walk.v[0..len) with k non-zero values; its children
 * deviate at positions from `from` on. */
static int visit(struct explorer *x, unsigned k, size_t from, size_t len)
{
	struct vec *b;
	struct outcome o;
	int ret;

	if (k == x->level)
		return leaf(x, len);
	/* An inner node: re-run it to learn its choices. A failure here
	 * belongs to the level (and shard) that ran it as a leaf. */
	ret = iou__x_run_vec(x, x->walk.v, len, &o, NULL, NULL);
	if (ret)
		return ret;
	if (vec_reserve(&x->walk, x->nlog + 1))
		return -ENOMEM;
	b = &x->bounds[k];
	b->len = 0;
	if (x->nlog > from) {
		if (vec_reserve(b, x->nlog - from))
			return -ENOMEM;
		for (size_t i = from; i < x->nlog; i++)
			b->v[b->len++] = x->log[i].n;
	}
	/* The values that matter of every position first, then the rest
	 * (explore_order.c). */
	for (int phase = 0; phase < 2; phase++) {
		for (size_t i = 0; i < b->len; i++) {
			size_t pos = from + i;
			uint32_t v;

			for (uint32_t j = 0;
			     (v = iou__explore_value(b->v[i], phase, j)); j++) {
				x->walk.v[pos] = v;
				ret = visit(x, k + 1, pos + 1, pos + 1);
				if (ret) {
					x->walk.v[pos] = 0;
					return ret;
				}
			}
			x->walk.v[pos] = 0;
		}
	}
	return 0;
}

static int explore_tree(struct explorer *x)
{
	struct iou_explore_report *rep = x->rep;
	int ret;

	for (x->level = 0; x->level <= x->max_dev; x->level++) {
		uint64_t seq0 = x->seq;

		rep->depth = x->level;
		for (unsigned r = 0; r < x->nprof; r++) {
			size_t len = x->nprof > 1;

			x->walk.v[0] = r;
			ret = visit(x, 0, len, len);
			x->walk.v[0] = 0;
			if (ret)
				return ret;
		}
		if (x->seq == seq0)
			break; /* no tape at this level: none deeper */
	}
	rep->res.exhausted = 1;
	return 0;
}

static int explore_random(struct explorer *x)
{
	/* Every seed of [sim.seed, sim.seed + max_runs) belongs to one
	 * shard. */
	for (uint64_t i = 0; i * x->nshards + x->shard < x->max_runs; i++) {
		int ret;

		if (x->max_seconds > 0 && budget_spent(x))
			return STOP_CUT;
		ret = random_run(x, i);
		if (ret)
			return ret;
	}
	return 0;
}

/* Runs one replay token, as IOU_SIM_REPLAY or opts.sim.replay asks. */
static int explore_replay(struct explorer *x, const char *token)
{
	struct iou_explore_report *rep = x->rep;
	struct iou_sim_opts o = x->simo;
	struct outcome oc;
	int ret;

	o.replay = token;
	ret = run_sim(x, iou__sim_new_bounds(&o), &oc, &x->tr[0], &x->tok);
	if (ret)
		return ret == -ENOMEM ? -EINVAL : ret; /* a malformed token */
	if (iou__x_set_report_token(rep, &x->tok))
		return -ENOMEM;
	rep->res.runs = 1;
	rep->level_runs[0] = 1;
	memcpy(rep->found, rep->res.replay, sizeof(rep->found));
	if (!iou__x_is_failure(&oc))
		return 0;
	rep->res.failed = 1;
	rep->found_at = 1;
	rep->kind = iou__x_kind_of(&oc);
	rep->ret = oc.ret;
	return iou__x_set_report_trace(rep, &x->tr[0]);
}

/* ---- setup --------------------------------------------------------------- */

/* Values of the profile choice for the template's range (1: no choice), 0
 * for a range the sim does not know; mirrors sim.c. */
static unsigned profile_count(const struct iou_sim_opts *o)
{
	uint32_t kmin = o->kernel_min ? o->kernel_min : IOU_KERNEL_NEWEST;
	uint32_t kmax = o->kernel_max ? o->kernel_max : kmin;
	const struct iou__profile *lo, *hi;

	if (kmin == IOU_KERNEL_NEWEST)
		kmax = IOU_KERNEL_NEWEST;
	lo = iou__profile_find(kmin);
	hi = iou__profile_find(kmax);
	if (!lo || !hi || iou__profile_index(hi) < iou__profile_index(lo))
		return 0;
	return (unsigned)(iou__profile_index(hi) - iou__profile_index(lo) + 1);
}

/* "i/n" with i < n. */
static int parse_shard(const char *s, unsigned *shard, unsigned *nshards)
{
	unsigned long i, n;
	char *end;

	i = strtoul(s, &end, 10);
	if (end == s || *end != '/')
		return -EINVAL;
	s = end + 1;
	n = strtoul(s, &end, 10);
	if (end == s || *end || !n || i >= n || n > UINT32_MAX)
		return -EINVAL;
	*shard = (unsigned)i;
	*nshards = (unsigned)n;
	return 0;
}

static int setup(struct explorer *x, const struct iou_explore_ex_opts *eo)
{
	const struct iou_explore_opts *bo = &eo->base;
	const char *env;

	x->simo = bo->sim;
	x->simo.tape = NULL;
	x->simo.tape_len = 0;
	x->simo.replay = NULL;
	x->simo.flags |= IOU_SIM_SCENARIO; /* its rings may be gone at free */
	x->max_runs = bo->max_runs ? bo->max_runs : DEFAULT_MAX_RUNS;
	x->max_dev = bo->max_deviations ? bo->max_deviations
					: DEFAULT_MAX_DEVIATIONS;
	x->max_shrink = eo->max_shrink_runs ? eo->max_shrink_runs
					    : DEFAULT_SHRINK_RUNS;
	x->any_failure = eo->any_failure;
	x->mode = bo->random;
	if (x->mode < IOU_EXPLORE_MIXED || x->mode > IOU_EXPLORE_DFS)
		return -EINVAL;
	x->max_seconds = eo->max_seconds;
	x->shard = 0;
	x->nshards = 1;
	if (eo->nshards) {
		if (eo->shard >= eo->nshards)
			return -EINVAL;
		x->shard = eo->shard;
		x->nshards = eo->nshards;
	} else if ((env = getenv("IOU_EXPLORE_SHARD")) && *env) {
		if (parse_shard(env, &x->shard, &x->nshards))
			return -EINVAL;
	}
	x->nprof = profile_count(&x->simo);
	if (!x->nprof)
		return -EINVAL;
	x->progress = eo->progress > 0 ||
		      (eo->progress == 0 && isatty(STDERR_FILENO));
	x->bounds = calloc(x->max_dev + 1, sizeof(*x->bounds));
	if (!x->bounds || vec_reserve(&x->walk, 64))
		return -ENOMEM;
	return 0;
}

static void teardown(struct explorer *x)
{
	if (x->bounds)
		for (unsigned i = 0; i <= x->max_dev; i++)
			vec_free(&x->bounds[i]);
	free(x->bounds);
	vec_free(&x->walk);
	vec_free(&x->fail);
	vec_free(&x->cand);
	vec_free(&x->norm);
	free(x->log);
	for (int i = 0; i < 2; i++)
		free(x->tr[i].s);
	free(x->tok.s);
}

/* A passing exploration says so in one line on stderr: runs, whether the
 * bounds were exhausted, the profiles (progress -1: silent). */
static void passed_line(const struct explorer *x)
{
	const struct iou__profile *lo = iou__profile_find(x->simo.kernel_min);
	const struct iou__profile *hi = iou__profile_find(
		x->simo.kernel_max ? x->simo.kernel_max : x->simo.kernel_min);
	const struct iou_explore_report *rep = x->rep;

	if (x->simo.kernel_min == IOU_KERNEL_NEWEST)
		lo = hi;
	fprintf(stderr, "iou_explore: passed: %llu runs, %s, profiles %s",
		(unsigned long long)rep->res.runs,
		rep->res.exhausted ? "exhausted" : "not exhausted",
		lo ? lo->name : "?");
	if (hi && lo != hi)
		fprintf(stderr, "..%s (%u)", hi->name, x->nprof);
	if (rep->nshards > 1)
		fprintf(stderr, ", shard %u/%u", rep->shard, rep->nshards);
	fputc('\n', stderr);
}

int iou_explore_ex(const struct iou_explore_ex_opts *opts, iou_scenario_fn fn,
		   void *arg, struct iou_explore_report *rep)
{
	static const struct iou_explore_ex_opts defaults;
	struct explorer x;
	struct timespec t1;
	const char *token;
	uint32_t zero = 0;
	int ret;

	if (!rep)
		return -EINVAL;
	memset(rep, 0, sizeof(*rep));
	if (!fn)
		return -EINVAL;
	if (!opts)
		opts = &defaults;
	memset(&x, 0, sizeof(x));
	x.fn = fn;
	x.arg = arg;
	x.rep = rep;
	clock_gettime(CLOCK_MONOTONIC, &x.t0);
	x.tlast = x.t0;
	ret = setup(&x, opts);
	if (ret)
		goto out;
	rep->shard = x.shard;
	rep->nshards = x.nshards;
	token = getenv("IOU_SIM_REPLAY");
	if (!token || !*token)
		token = opts->base.sim.replay;
	if (token) {
		ret = explore_replay(&x, token);
		goto out;
	}
	/* The canonical tape, twice: a scenario that keeps state across
	 * runs usually shows it here. */
	ret = iou__x_check_replay(&x, &zero, 0, NULL);
	if (ret)
		goto out_nondet;
	/* The walk takes position 0 for the profile (sim.c picks it first);
	 * a sim that stopped doing so would be a bug, not a user error. */
	if (x.nprof > 1 && (!x.nlog || x.log[0].n != x.nprof)) {
		ret = -EPROTO;
		goto out;
	}
	ret = x.mode == IOU_EXPLORE_RANDOM ? explore_random(&x)
					   : explore_tree(&x);
	if (ret == STOP_FAIL)
		ret = iou__x_report_failure(&x);
	else if (ret == STOP_CUT)
		ret = 0;
out_nondet:
	if (ret > 0)
		ret = 0;
	if (!rep->res.failed) {
		rep->res.replay[0] = '\0';
		rep->res.replay_cut = 0;
		free(rep->token);
		rep->token = NULL;
	}
out:
	clock_gettime(CLOCK_MONOTONIC, &t1);
	rep->seconds = iou__x_elapsed(&x.t0, &t1);
	if (rep->seconds > 0)
		rep->runs_per_sec = (double)rep->res.runs / rep->seconds;
	if (x.printed) {
		progress_line(&x, &t1);
		fputc('\n', stderr);
	}
	if (!ret && !rep->res.failed && opts->progress >= 0)
		passed_line(&x);
	teardown(&x);
	if (ret < 0)
		rep->res.exhausted = 0;
	return ret;
}

int iou_explore(const struct iou_explore_opts *opts, iou_scenario_fn fn,
		void *arg, struct iou_explore_result *res)
{
	struct iou_explore_ex_opts eo;
	struct iou_explore_report rep;
	int ret;

	if (!res)
		return -EINVAL;
	memset(&eo, 0, sizeof(eo));
	if (opts)
		eo.base = *opts;
	ret = iou_explore_ex(&eo, fn, arg, &rep);
	*res = rep.res;
	iou_explore_report_free(&rep);
	return ret;
}

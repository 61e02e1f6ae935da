/* test_explore.c — the explorer on small sim scenarios: it finds a CQE
 * order bug nearest-to-canonical first, shrinks it to one deviation whose
 * token replays the failure; passes the fixed twin with every tape run;
 * reports hangs and nondeterministic scenarios; shards add up to the
 * unsharded exploration; max_runs cuts; random tapes; the cmocka macro.
 * Prints the explorer's speed on a 10-op scenario (not asserted).
 * Groups: find, nondet, shard, cut, speed, cmocka (argv[1]; none: all). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "iou_sim.h"
#include "iou_sim_cmocka.h"
#include "scenarios.h"
#include "sim.h"

#define K510 IOU_KERNEL_VERSION(5, 10)
#define K54 IOU_KERNEL_VERSION(5, 4)

/* Non-zero choices in a vector token. */
static size_t token_deviations(const char *token)
{
	struct iou__token tok;
	size_t k = 0;

	assert_int_equal(iou__token_parse(token, &tok), 0);
	for (size_t i = 0; i < tok.nvec; i++)
		k += tok.vec[i] != 0;
	iou__token_free(&tok);
	return k;
}

/* Runs fn once on the sim the token describes. */
static int replay(const char *token, iou_scenario_fn fn, int *hung)
{
	struct iou_sim *sim = iou_sim_new(&(struct iou_sim_opts){
		.replay = token });
	int ret;

	assert_non_null(sim);
	ret = fn(sim, NULL);
	if (hung)
		*hung = iou_sim_hung(sim);
	iou_sim_free(sim);
	return ret;
}

static void explore(const struct iou_explore_ex_opts *o, iou_scenario_fn fn,
		    struct iou_explore_report *rep)
{
	assert_int_equal(iou_explore_ex(o, fn, NULL, rep), 0);
	if (getenv("IOU_TEST_VERBOSE"))
		iou_explore_report_print(rep, stdout);
}

/* ---- find ---------------------------------------------------------------- */

/* 5.10 posts the timeout's CQE first: the canonical run passes and one
 * deviation (the order choice) breaks the buggy consumer. */
static void test_regress_timeout_remove_order(void **state)
{
	struct iou_explore_ex_opts o = {
		.base.sim = { .kernel_min = K510, .kernel_max = K510 },
		.base.random = IOU_EXPLORE_DFS };
	struct iou_explore_report rep;
	int hung;

	explore(&o, scenario_timeout_remove_buggy, &rep);
	assert_true(rep.res.failed);
	assert_false(rep.res.exhausted);
	assert_int_equal(rep.kind, IOU_EXPLORE_FAIL_RET);
	assert_int_not_equal(rep.ret, 0);
	/* nearest to canonical first: the canonical run passed, the failure
	 * is one deviation away */
	assert_int_equal(rep.level_runs[0], 1);
	assert_int_equal(rep.depth, 1);
	assert_true(rep.found_at >= 2);
	assert_int_equal(token_deviations(rep.res.replay), 1);
	assert_int_equal(strncmp(rep.res.replay, "iou1:5.10:0:v", 13), 0);
	/* the token replays the failure, the same way */
	assert_int_equal(replay(rep.res.replay, scenario_timeout_remove_buggy,
				&hung), rep.ret);
	assert_false(hung);
	/* the shrunk trace shows the race */
	assert_non_null(rep.trace);
	assert_int_equal(strlen(rep.trace), rep.trace_len);
	assert_non_null(strstr(rep.trace, "TIMEOUT_REMOVE"));
	assert_non_null(strstr(rep.trace, "choice order 1/2"));
	iou_explore_report_free(&rep);
}

/* The contract entry point gives the same result. */
static void test_contract_entry(void **state)
{
	struct iou_explore_opts o = {
		.sim = { .kernel_min = K510, .kernel_max = K510 } };
	struct iou_explore_ex_opts eo = { .base = o };
	struct iou_explore_result res;
	struct iou_explore_report rep;

	assert_int_equal(iou_explore(&o, scenario_timeout_remove_buggy, NULL,
				     &res), 0);
	explore(&eo, scenario_timeout_remove_buggy, &rep);
	assert_true(res.failed);
	assert_int_equal(res.runs, rep.res.runs);
	assert_string_equal(res.replay, rep.res.replay);
	iou_explore_report_free(&rep);
	assert_int_equal(iou_explore(&o, NULL, NULL, &res), -EINVAL);
	assert_int_equal(iou_explore(&o, scenario_hang, NULL, NULL), -EINVAL);
}

/* The explorer is deterministic too: the same exploration twice gives
 * the same report. */
static void test_explorer_deterministic(void **state)
{
	struct iou_explore_ex_opts o = {
		.base.sim = { .kernel_min = K510, .kernel_max = K510 } };
	struct iou_explore_report a, b;

	explore(&o, scenario_timeout_remove_buggy, &a);
	explore(&o, scenario_timeout_remove_buggy, &b);
	assert_int_equal(a.res.runs, b.res.runs);
	assert_int_equal(a.executions, b.executions);
	assert_int_equal(a.shrink_runs, b.shrink_runs);
	assert_string_equal(a.res.replay, b.res.replay);
	assert_string_equal(a.found, b.found);
	assert_string_equal(a.trace, b.trace);
	iou_explore_report_free(&a);
	iou_explore_report_free(&b);
}

/* Across a kernel range the profile is a free first choice: the newest
 * profile (canonical) posts the remove first, so the very first run
 * fails, and nothing but the profile is left in the shrunk tape. */
static void test_range_profile_is_a_choice(void **state)
{
	struct iou_explore_ex_opts o = {
		.base.sim = { .kernel_min = K510,
			      .kernel_max = IOU_KERNEL_NEWEST } };
	struct iou_explore_report rep;

	explore(&o, scenario_timeout_remove_buggy, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.found_at, 1);
	assert_int_equal(token_deviations(rep.res.replay), 0);
	assert_non_null(strstr(rep.res.replay, "/5.10-newest:0:v"));
	assert_int_not_equal(replay(rep.res.replay,
				    scenario_timeout_remove_buggy, NULL), 0);
	iou_explore_report_free(&rep);
}

/* The fixed twin passes every tape within the bounds, on every profile. */
static void test_fixed_twin_exhausted(void **state)
{
	struct iou_explore_ex_opts o = {
		.base.sim = { .kernel_min = K510,
			      .kernel_max = IOU_KERNEL_NEWEST } };
	struct iou_explore_report rep;

	explore(&o, scenario_timeout_remove_fixed, &rep);
	assert_false(rep.res.failed);
	assert_true(rep.res.exhausted);
	assert_string_equal(rep.res.replay, "");
	assert_null(rep.trace);
	/* level 0: the canonical run on each of the 7 profiles from 5.10 */
	assert_int_equal(rep.level_runs[0], 7);
	assert_true(rep.level_runs[1] >= 7);
	assert_true(rep.level_runs[2] > 0);
	iou_explore_report_free(&rep);

	o.base.max_deviations = 3;
	explore(&o, scenario_link_cancel_fixed, &rep);
	assert_false(rep.res.failed);
	assert_true(rep.res.exhausted);
	assert_true(rep.level_runs[3] > 0);
	iou_explore_report_free(&rep);
}

/* Counts the tapes with at most `left` more non-zero choices below the
 * node vec[0..len) whose children deviate from `from` on, the plain way:
 * one run per tape, each tape once. */
static uint64_t count_tapes(const struct iou_sim_opts *so, iou_scenario_fn fn,
			    uint32_t *vec, size_t from, size_t len,
			    unsigned left)
{
	struct iou_sim *sim = iou__sim_new_vec(so, vec, len);
	const struct iou__choice *log;
	uint32_t bounds[256];
	size_t n;
	uint64_t count = 1;

	assert_non_null(sim);
	assert_int_equal(fn(sim, NULL), 0);
	log = iou__sim_choices(sim, &n);
	assert_true(n < 256);
	for (size_t i = 0; i < n; i++)
		bounds[i] = log[i].n;
	iou_sim_free(sim);
	if (!left)
		return count;
	for (size_t i = from; i < n; i++) {
		for (uint32_t v = 1; v < bounds[i]; v++) {
			vec[i] = v;
			count += count_tapes(so, fn, vec, i + 1, i + 1,
					     left - 1);
		}
		vec[i] = 0;
	}
	return count;
}

/* The walk runs every tape within the bounds exactly once, whatever the
 * depth, with the profile choice free. */
static void test_walk_runs_each_tape_once(void **state)
{
	struct iou_explore_ex_opts o = {
		.base.sim = { .kernel_min = K510,
			      .kernel_max = IOU_KERNEL_NEWEST },
		.base.random = IOU_EXPLORE_DFS };
	struct iou_explore_report rep;
	uint32_t vec[256];

	for (unsigned d = 1; d <= 3; d++) {
		uint64_t want = 0;

		for (uint32_t p = 0; p < 7; p++) {
			memset(vec, 0, sizeof(vec));
			vec[0] = p;
			want += count_tapes(&o.base.sim,
					    scenario_link_cancel_fixed, vec, 1,
					    1, d);
		}
		o.base.max_deviations = d;
		explore(&o, scenario_link_cancel_fixed, &rep);
		assert_true(rep.res.exhausted);
		assert_int_equal(rep.res.runs, want);
		iou_explore_report_free(&rep);
	}
}

static void test_hang_found(void **state)
{
	struct iou_explore_report rep;
	int hung;

	explore(NULL, scenario_hang, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.kind, IOU_EXPLORE_FAIL_HUNG);
	assert_int_equal(rep.found_at, 1);
	assert_non_null(strstr(rep.trace, "hang"));
	replay(rep.res.replay, scenario_hang, &hung);
	assert_true(hung);
	iou_explore_report_free(&rep);
}

/* Random tapes find the bug too and shrink it to the same tape. */
static void test_random_finds_and_shrinks(void **state)
{
	struct iou_explore_ex_opts o = {
		.base.sim = { .kernel_min = K510, .kernel_max = K510 } };
	struct iou_explore_report dfs, rnd;

	explore(&o, scenario_timeout_remove_buggy, &dfs);
	o.base.random = 1;
	o.base.max_runs = 1000;
	explore(&o, scenario_timeout_remove_buggy, &rnd);
	assert_true(rnd.res.failed);
	assert_false(rnd.res.exhausted);
	assert_string_equal(rnd.res.replay, dfs.res.replay);
	iou_explore_report_free(&dfs);
	iou_explore_report_free(&rnd);

	/* the fixed twin survives them, and random never claims exhaustion */
	explore(&o, scenario_timeout_remove_fixed, &rnd);
	assert_false(rnd.res.failed);
	assert_false(rnd.res.exhausted);
	assert_int_equal(rnd.res.runs, 1000);
	iou_explore_report_free(&rnd);
}

/* A random tape with deviations all over shrinks to the one deviation the
 * bug needs: the tape the depth-first walk finds first. */
static void test_random_tape_shrinks(void **state)
{
	struct iou_explore_ex_opts o = { .base.max_runs = 1000 };
	struct iou_explore_report dfs, rnd;

	explore(&o, scenario_nop_order_buggy, &dfs);
	assert_true(dfs.res.failed);
	assert_int_equal(token_deviations(dfs.res.replay), 1);
	o.base.random = 1;
	o.base.sim.seed = 7;
	explore(&o, scenario_nop_order_buggy, &rnd);
	assert_true(rnd.res.failed);
	assert_true(token_deviations(rnd.found) >= 1);
	assert_true(rnd.shrink_runs > 0);
	assert_string_equal(rnd.res.replay, dfs.res.replay);
	assert_int_equal(rnd.ret, dfs.ret);
	iou_explore_report_free(&dfs);
	iou_explore_report_free(&rnd);
}

/* A token in opts.sim.replay (or IOU_SIM_REPLAY) runs that tape only. */
static void test_replay_only(void **state)
{
	struct iou_explore_ex_opts o = {
		.base.sim = { .kernel_min = K510, .kernel_max = K510 } };
	struct iou_explore_report found, rep;

	explore(&o, scenario_timeout_remove_buggy, &found);
	o.base.sim.replay = found.res.replay;
	explore(&o, scenario_timeout_remove_buggy, &rep);
	assert_int_equal(rep.res.runs, 1);
	assert_true(rep.res.failed);
	assert_int_equal(rep.ret, found.ret);
	assert_string_equal(rep.res.replay, found.res.replay);
	assert_string_equal(rep.trace, found.trace);
	iou_explore_report_free(&rep);

	o.base.sim.replay = NULL;
	setenv("IOU_SIM_REPLAY", found.res.replay, 1);
	explore(&o, scenario_timeout_remove_fixed, &rep);
	unsetenv("IOU_SIM_REPLAY");
	assert_int_equal(rep.res.runs, 1);
	assert_false(rep.res.failed);
	iou_explore_report_free(&rep);
	iou_explore_report_free(&found);

	o.base.sim.replay = "iou1:bogus";
	assert_int_equal(iou_explore_ex(&o, scenario_hang, NULL, &rep),
			 -EINVAL);
	iou_explore_report_free(&rep);
}

/* ---- nondet -------------------------------------------------------------- */

static void test_nondeterministic_trace(void **state)
{
	struct iou_explore_report rep;

	scenarios_reset();
	explore(NULL, scenario_static_counter, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.kind, IOU_EXPLORE_FAIL_NONDET);
	assert_true(rep.diverge_line > 1);
	assert_string_not_equal(rep.diverge_a, rep.diverge_b);
	assert_non_null(rep.trace);
	iou_explore_report_free(&rep);
}

static void test_nondeterministic_outcome(void **state)
{
	struct iou_explore_ex_opts o = { .base.random = IOU_EXPLORE_DFS };
	struct iou_explore_report rep;

	scenarios_reset();
	explore(&o, scenario_fails_once, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.kind, IOU_EXPLORE_FAIL_NONDET);
	assert_int_equal(rep.diverge_line, 0);
	/* found on the run that failed; no shrinking of a flaky failure */
	assert_int_equal(rep.shrink_runs, 0);
	assert_string_equal(rep.res.replay, rep.found);
	iou_explore_report_free(&rep);
}

/* Pointers as user_data: the runs differ only in host addresses, which
 * the trace names stably, so the check passes and so does every tape. */
static void test_malloc_user_data_is_deterministic(void **state)
{
	struct iou_explore_report rep;
	struct iou_sim *a, *b;
	char *ta;
	const char *tb;
	size_t la, lb;

	explore(NULL, scenario_malloc_ud, &rep);
	assert_false(rep.res.failed);
	assert_int_equal(rep.diverge_line, 0);
	assert_true(rep.res.runs > 1);
	iou_explore_report_free(&rep);
	/* and two runs of one tape give the same text, with names */
	a = iou_sim_new(NULL);
	b = iou_sim_new(NULL);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(scenario_malloc_ud(a, NULL), 0);
	assert_int_equal(scenario_malloc_ud(b, NULL), 0);
	ta = strdup(iou_sim_trace(a, &la));
	tb = iou_sim_trace(b, &lb);
	assert_non_null(ta);
	assert_non_null(strstr(ta, "ud=#"));
	assert_int_equal(la, lb);
	assert_memory_equal(ta, tb, la);
	free(ta);
	/* the raw values on request */
	iou_sim_set_trace_raw(a, 1);
	assert_null(strstr(iou_sim_trace(a, NULL), "ud=#"));
	iou_sim_free(a);
	iou_sim_free(b);
	scenarios_malloc_free();
}

/* Host randomness in what the program submits is still caught, and the
 * report says where the runs part. */
static void test_host_random_caught(void **state)
{
	struct iou_explore_report rep;

	explore(NULL, scenario_host_random, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.kind, IOU_EXPLORE_FAIL_NONDET);
	assert_true(rep.diverge_line > 1);
	assert_non_null(strstr(rep.diverge_a, "ud="));
	assert_string_not_equal(rep.diverge_a, rep.diverge_b);
	iou_explore_report_free(&rep);
}

static int trace_off_then_buggy(struct iou_sim *sim, void *arg)
{
	iou_sim_set_trace(sim, 0); /* for speed, as a fuzz harness does */
	return scenario_timeout_remove_buggy(sim, arg);
}

/* A scenario that turns its trace off is still explored: the explorer
 * keeps its own log of the choices, and the token replays. */
static void test_trace_off_still_explored(void **state)
{
	struct iou_explore_ex_opts o = {
		.base.sim = { .kernel_min = K510, .kernel_max = K510 },
		.base.random = IOU_EXPLORE_DFS };
	struct iou_explore_report rep;
	int hung;

	explore(&o, trace_off_then_buggy, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.kind, IOU_EXPLORE_FAIL_RET);
	assert_int_equal(token_deviations(rep.res.replay), 1);
	assert_int_equal(replay(rep.res.replay, trace_off_then_buggy, &hung),
			 rep.ret);
	iou_explore_report_free(&rep);
}

/* ---- shard --------------------------------------------------------------- */

static void test_shards_add_up(void **state)
{
	struct iou_explore_ex_opts o = {
		.base.sim = { .kernel_min = K510,
			      .kernel_max = IOU_KERNEL_NEWEST } };
	struct iou_explore_report all, sh;
	struct iou_explore_result merged;
	uint64_t sum = 0;

	explore(&o, scenario_timeout_remove_fixed, &all);
	assert_true(all.res.exhausted);
	o.nshards = 3;
	for (unsigned i = 0; i < 3; i++) {
		o.shard = i;
		explore(&o, scenario_timeout_remove_fixed, &sh);
		assert_true(sh.res.exhausted);
		assert_false(sh.res.failed);
		assert_true(sh.res.runs > 0);
		sum += sh.res.runs;
		if (!i)
			merged = sh.res;
		else
			iou_explore_merge(&merged, &sh.res);
		iou_explore_report_free(&sh);
	}
	assert_int_equal(sum, all.res.runs);
	assert_int_equal(merged.runs, all.res.runs);
	assert_true(merged.exhausted);
	assert_false(merged.failed);
	iou_explore_report_free(&all);
}

static void test_shards_find_same_failure(void **state)
{
	struct iou_explore_ex_opts o = {
		.base.sim = { .kernel_min = K510, .kernel_max = K510 } };
	struct iou_explore_report all, sh;
	struct iou_explore_result merged;
	int found = 0;

	explore(&o, scenario_timeout_remove_buggy, &all);
	o.nshards = 4;
	for (unsigned i = 0; i < 4; i++) {
		o.shard = i;
		explore(&o, scenario_timeout_remove_buggy, &sh);
		if (sh.res.failed) {
			found++;
			assert_string_equal(sh.res.replay, all.res.replay);
		}
		if (!i)
			merged = sh.res;
		else
			iou_explore_merge(&merged, &sh.res);
		iou_explore_report_free(&sh);
	}
	assert_true(found >= 1);
	assert_true(merged.failed);
	assert_false(merged.exhausted);
	assert_string_equal(merged.replay, all.res.replay);
	iou_explore_report_free(&all);
}

static void test_shard_env(void **state)
{
	struct iou_explore_ex_opts o = {
		.base.sim = { .kernel_min = K510, .kernel_max = K510 },
		.shard = 1, .nshards = 3 };
	struct iou_explore_report a, b;

	explore(&o, scenario_timeout_remove_fixed, &a);
	o.shard = o.nshards = 0;
	setenv("IOU_EXPLORE_SHARD", "1/3", 1);
	explore(&o, scenario_timeout_remove_fixed, &b);
	assert_int_equal(b.shard, 1);
	assert_int_equal(b.nshards, 3);
	assert_int_equal(a.res.runs, b.res.runs);
	iou_explore_report_free(&a);
	iou_explore_report_free(&b);
	setenv("IOU_EXPLORE_SHARD", "3/3", 1);
	assert_int_equal(iou_explore_ex(&o, scenario_hang, NULL, &b), -EINVAL);
	setenv("IOU_EXPLORE_SHARD", "x", 1);
	assert_int_equal(iou_explore_ex(&o, scenario_hang, NULL, &b), -EINVAL);
	unsetenv("IOU_EXPLORE_SHARD");
	o.shard = 2;
	o.nshards = 2;
	assert_int_equal(iou_explore_ex(&o, scenario_hang, NULL, &b), -EINVAL);
}

/* Merging keeps the smaller failing tape whatever the order. */
static void test_merge_order_free(void **state)
{
	struct iou_explore_result a = { .runs = 5, .failed = 1,
					.replay = "iou1:5.10:0:vAAE" };
	struct iou_explore_result b = { .runs = 7, .failed = 1,
					.replay = "iou1:5.10:0:vAgE" };
	struct iou_explore_result c = { .runs = 1, .exhausted = 1 };
	struct iou_explore_result x = a, y = b;

	iou_explore_merge(&x, &b);
	iou_explore_merge(&y, &a);
	assert_int_equal(x.runs, 12);
	assert_string_equal(x.replay, y.replay);
	assert_string_equal(x.replay, "iou1:5.10:0:vAAE");
	x = c;
	iou_explore_merge(&x, &c);
	assert_true(x.exhausted);
	assert_false(x.failed);
	iou_explore_merge(&x, &a);
	assert_false(x.exhausted);
	assert_true(x.failed);
	assert_string_equal(x.replay, a.replay);
}

/* ---- cut ----------------------------------------------------------------- */

static void test_max_runs_cut(void **state)
{
	struct iou_explore_ex_opts o = {
		.base.sim = { .kernel_min = K510, .kernel_max = K510 } };
	struct iou_explore_report rep;
	uint64_t total;

	explore(&o, scenario_timeout_remove_fixed, &rep);
	assert_true(rep.res.exhausted);
	total = rep.res.runs;
	iou_explore_report_free(&rep);

	o.base.max_runs = 3;
	explore(&o, scenario_timeout_remove_fixed, &rep);
	assert_int_equal(rep.res.runs, 3);
	assert_false(rep.res.exhausted);
	assert_false(rep.res.failed);
	iou_explore_report_free(&rep);

	/* exactly enough runs: exhausted */
	o.base.max_runs = total;
	explore(&o, scenario_timeout_remove_fixed, &rep);
	assert_int_equal(rep.res.runs, total);
	assert_true(rep.res.exhausted);
	iou_explore_report_free(&rep);
}

/* ---- speed --------------------------------------------------------------- */

static void test_speed_ten_ops(void **state)
{
	struct iou_explore_ex_opts o = {
		.base = { .max_deviations = 8, .max_runs = 200000 },
		.progress = -1 };
	struct iou_explore_report rep;

	explore(&o, scenario_ten_nops, &rep);
	assert_false(rep.res.failed);
	print_message("explorer, 10-op scenario: %llu runs, %llu executions "
		      "in %.3f s: %.0f executions/s (%.0f runs/s), "
		      "depth %u%s\n",
		      (unsigned long long)rep.res.runs,
		      (unsigned long long)rep.executions, rep.seconds,
		      (double)rep.executions / rep.seconds, rep.runs_per_sec,
		      rep.depth, rep.res.exhausted ? ", exhausted" : "");
	iou_explore_report_free(&rep);
}

/* ---- cmocka -------------------------------------------------------------- */

static void test_cmocka_macro(void **state)
{
	struct iou_explore_opts o = {
		.sim = { .kernel_min = K510,
			 .kernel_max = IOU_KERNEL_NEWEST } };
	struct iou_explore_ex_opts eo = { .base = o, .nshards = 2 };

	IOU_EXPLORE_ASSERT(&o, scenario_timeout_remove_fixed, NULL);
	IOU_EXPLORE_ASSERT(NULL, scenario_link_cancel_fixed, NULL);
	IOU_EXPLORE_ASSERT_EX(&eo, scenario_timeout_remove_fixed, NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest find[] = {
		cmocka_unit_test(test_regress_timeout_remove_order),
		cmocka_unit_test(test_contract_entry),
		cmocka_unit_test(test_explorer_deterministic),
		cmocka_unit_test(test_range_profile_is_a_choice),
		cmocka_unit_test(test_fixed_twin_exhausted),
		cmocka_unit_test(test_walk_runs_each_tape_once),
		cmocka_unit_test(test_hang_found),
		cmocka_unit_test(test_random_finds_and_shrinks),
		cmocka_unit_test(test_random_tape_shrinks),
		cmocka_unit_test(test_replay_only),
	};
	const struct CMUnitTest nondet[] = {
		cmocka_unit_test(test_nondeterministic_trace),
		cmocka_unit_test(test_nondeterministic_outcome),
		cmocka_unit_test(test_malloc_user_data_is_deterministic),
		cmocka_unit_test(test_host_random_caught),
		cmocka_unit_test(test_trace_off_still_explored),
	};
	const struct CMUnitTest shard[] = {
		cmocka_unit_test(test_shards_add_up),
		cmocka_unit_test(test_shards_find_same_failure),
		cmocka_unit_test(test_shard_env),
		cmocka_unit_test(test_merge_order_free),
	};
	const struct CMUnitTest cut[] = {
		cmocka_unit_test(test_max_runs_cut),
	};
	const struct CMUnitTest speed[] = {
		cmocka_unit_test(test_speed_ten_ops),
	};
	const struct CMUnitTest cmocka[] = {
		cmocka_unit_test(test_cmocka_macro),
	};
	const char *g = argc > 1 ? argv[1] : "";
	int fails = 0;

	/* The explorer reads these; a stray one would change every test. */
	unsetenv("IOU_SIM_REPLAY");
	unsetenv("IOU_EXPLORE_SHARD");
#define GROUP(name)                                                            \
	if (!*g || !strcmp(g, #name))                                          \
		fails += cmocka_run_group_tests_name("explore." #name, name,   \
						     NULL, NULL);
	GROUP(find)
	GROUP(nondet)
	GROUP(shard)
	GROUP(cut)
	GROUP(speed)
	GROUP(cmocka)
#undef GROUP
	return fails ? 1 : 0;
}

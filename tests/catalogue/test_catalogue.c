/* test_catalogue.c — runs the bug catalogue (catalogue.h) under the
 * explorer: each buggy consumer must be found within its bound over its
 * kernel range, and on its developer's kernel alone (unless only another
 * kernel shows it); its shrunk token must replay the same failure; its
 * fixed twin must pass with every tape within the bounds run (exhausted).
 * Ends with a table on stdout: bug, runs to find, the shrunk failure, runs
 * to exhaust the fix, time.
 * argv[1]: run only the entry of that name. IOU_TEST_VERBOSE=1 prints the
 * explorer's reports. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "catalogue.h"
#include "iou_sim.h"
#include "sim.h" /* iou__token_parse: the shrunk tape's length */

struct outcome {
	int ran, skipped;
	uint64_t found_at;
	size_t tape_len, deviations; /* deviations: besides the profile */
	char profile[16];             /* the shrunk run's kernel profile */
	enum iou_explore_fail kind;
	int ret;
	uint64_t fixed_runs;
	int fixed_exhausted;
	double seconds;
	char token[1024];
	uint64_t dev_found_at;  /* on the developer's kernel alone; 0: not */
	uint64_t dev_runs;
	int dev_exhausted;
};

static struct outcome outcomes[32];
static int have_sockets = -1;

/* The shrunk tape of a token made over a kernel range: its length (choices
 * up to the last non-zero one, the profile choice included), its non-zero
 * choices besides the profile, and the profile ("iou1:<profile>/..."). */
static void tape_shape(const char *token, struct outcome *o)
{
	struct iou__token tok;
	const char *p = token + 5, *end = strpbrk(p, "/:");

	assert_int_equal(strncmp(token, "iou1:", 5), 0);
	assert_non_null(end);
	snprintf(o->profile, sizeof(o->profile), "%.*s", (int)(end - p), p);
	assert_int_equal(iou__token_parse(token, &tok), 0);
	o->tape_len = tok.nvec;
	o->deviations = 0;
	for (size_t i = 1; i < tok.nvec; i++)
		o->deviations += tok.vec[i] != 0;
	iou__token_free(&tok);
}

/* Runs fn once on the sim the token describes: its return value, and
 * whether the sim hung. */
static int replay(const char *token, iou_scenario_fn fn, int *hung)
{
	struct iou_sim *sim = iou_sim_new(&(struct iou_sim_opts){
		.replay = token });
	int ret;

	assert_non_null(sim);
	ret = fn(sim, NULL);
	*hung = iou_sim_hung(sim);
	iou_sim_free(sim);
	return ret;
}

static void run_entry(void **state)
{
	const struct catalogue_entry *e = *state;
	struct outcome *o = &outcomes[e - catalogue];
	struct iou_explore_ex_opts xo = { .base = e->opts, .progress = -1 };
	struct iou_explore_report rep;
	int verbose = getenv("IOU_TEST_VERBOSE") != NULL, ret, hung;

	if (e->needs_sockets && !have_sockets) {
		o->skipped = 1;
		print_message("catalogue_%s: SKIPPED: the sim has no sockets "
			      "yet (iou_sys_socket: -EAFNOSUPPORT)\n",
			      e->name);
		skip();
	}
	o->ran = 1;

	/* the buggy consumer: found, shrunk, replayed */
	assert_int_equal(iou_explore_ex(&xo, e->buggy, NULL, &rep), 0);
	if (verbose)
		iou_explore_report_print(&rep, stdout);
	if (!rep.res.failed) {
		unsigned long long runs = rep.res.runs;

		iou_explore_report_free(&rep);
		fail_msg("catalogue_%s: the explorer did not find the bug "
			 "(%llu runs)", e->name, runs);
	}
	assert_int_not_equal(rep.kind, IOU_EXPLORE_FAIL_NONDET);
	o->found_at = rep.found_at;
	o->kind = rep.kind;
	o->ret = rep.ret;
	o->seconds = rep.seconds;
	snprintf(o->token, sizeof(o->token), "%s", rep.res.replay);
	tape_shape(rep.res.replay, o);
	iou_explore_report_free(&rep);
	if (o->found_at > e->find_within)
		fail_msg("catalogue_%s: found at run %llu, bound %llu",
			 e->name, (unsigned long long)o->found_at,
			 (unsigned long long)e->find_within);
	ret = replay(o->token, e->buggy, &hung);
	if (o->kind == IOU_EXPLORE_FAIL_HUNG)
		assert_true(hung);
	else
		assert_int_equal(ret, o->ret);

	/* on the developer's kernel alone: found through the choices no
	 * kernel promises, unless only another kernel shows the bug */
	xo.base.sim.kernel_min = xo.base.sim.kernel_max = e->dev_kernel;
	assert_int_equal(iou_explore_ex(&xo, e->buggy, NULL, &rep), 0);
	o->dev_found_at = rep.res.failed ? rep.found_at : 0;
	o->dev_runs = rep.res.runs;
	o->dev_exhausted = rep.res.exhausted;
	o->seconds += rep.seconds;
	iou_explore_report_free(&rep);
	xo.base.sim = e->opts.sim;
	if (e->dev_hides) {
		assert_int_equal(o->dev_found_at, 0);
		assert_true(o->dev_exhausted);
	} else if (!o->dev_found_at) {
		fail_msg("catalogue_%s: not found on its developer's kernel "
			 "alone (%llu runs)", e->name,
			 (unsigned long long)o->dev_runs);
	} else if (o->dev_found_at > e->find_within) {
		fail_msg("catalogue_%s: on its developer's kernel alone, "
			 "found at run %llu, bound %llu", e->name,
			 (unsigned long long)o->dev_found_at,
			 (unsigned long long)e->find_within);
	}

	/* the fixed twin: passes every tape within the bounds */
	assert_int_equal(iou_explore_ex(&xo, e->fixed, NULL, &rep), 0);
	if (verbose || rep.res.failed)
		iou_explore_report_print(&rep, rep.res.failed ? stderr
							      : stdout);
	o->fixed_runs = rep.res.runs;
	o->fixed_exhausted = rep.res.exhausted;
	o->seconds += rep.seconds;
	if (rep.res.failed) {
		snprintf(o->token, sizeof(o->token), "%s", rep.res.replay);
		iou_explore_report_free(&rep);
		fail_msg("catalogue_%s: the fixed twin failed: "
			 "IOU_SIM_REPLAY='%s'", e->name, o->token);
	}
	iou_explore_report_free(&rep);
	assert_true(o->fixed_exhausted);
	/* and the buggy token is harmless to it */
	assert_int_equal(replay(o->token, e->fixed, &hung), 0);
	assert_false(hung);
}

/* The UDP consumer that counts on every reply is right on loopback: with
 * IOU_FAULT_NETDGRAM off, every tape within its bounds passes. */
static void test_udp_loss_needs_faults(void **state)
{
	const struct catalogue_entry *e = catalogue_find("udp_no_loss");
	struct iou_explore_ex_opts xo = { .base = e->opts, .progress = -1 };
	struct iou_explore_report rep;

	(void)state;
	xo.base.sim.faults = 0;
	assert_int_equal(iou_explore_ex(&xo, e->buggy, NULL, &rep), 0);
	assert_false(rep.res.failed);
	assert_true(rep.res.exhausted);
	iou_explore_report_free(&rep);
}

/* The shrunk token of one entry, given as a user would (IOU_SIM_REPLAY in
 * the environment), makes the explorer run just that tape: the buggy
 * consumer fails the same way, with a trace that shows the race; its fixed
 * twin passes it. */
static void test_replay_env(void **state)
{
	const struct catalogue_entry *e = catalogue_find("remove_buffers_front");
	struct iou_explore_ex_opts xo = { .base = e->opts, .progress = -1 };
	struct iou_explore_report found, rep;

	(void)state;
	assert_int_equal(iou_explore_ex(&xo, e->buggy, NULL, &found), 0);
	assert_true(found.res.failed);
	setenv("IOU_SIM_REPLAY", found.res.replay, 1);
	assert_int_equal(iou_explore_ex(&xo, e->buggy, NULL, &rep), 0);
	assert_int_equal(rep.res.runs, 1);
	assert_true(rep.res.failed);
	assert_int_equal(rep.ret, found.ret);
	assert_string_equal(rep.trace, found.trace);
	assert_non_null(strstr(rep.trace, "REMOVE_BUFFERS"));
	iou_explore_report_free(&rep);
	assert_int_equal(iou_explore_ex(&xo, e->fixed, NULL, &rep), 0);
	unsetenv("IOU_SIM_REPLAY");
	assert_int_equal(rep.res.runs, 1);
	assert_false(rep.res.failed);
	iou_explore_report_free(&rep);
	iou_explore_report_free(&found);
}

static const char *kind_name(enum iou_explore_fail k)
{
	switch (k) {
	case IOU_EXPLORE_FAIL_RET:
		return "its check";
	case IOU_EXPLORE_FAIL_HUNG:
		return "hang";
	case IOU_EXPLORE_FAIL_NONDET:
		return "nondet";
	default:
		return "-";
	}
}

static void print_table(void)
{
	printf("\n| bug | kernels | runs to find | shrunk: profile, deviations, "
	       "tape | fails by | on the dev's kernel alone | fix: runs "
	       "(depth) | fix exhausted | s |\n");
	printf("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
	for (size_t i = 0; i < catalogue_len; i++) {
		const struct catalogue_entry *e = &catalogue[i];
		const struct outcome *o = &outcomes[i];
		char lo[16], dev[64];

		snprintf(lo, sizeof(lo), "%u.%u", e->opts.sim.kernel_min >> 16,
			 (e->opts.sim.kernel_min >> 8) & 0xff);
		if (e->dev_kernel == IOU_KERNEL_NEWEST)
			snprintf(dev, sizeof(dev), "newest: ");
		else
			snprintf(dev, sizeof(dev), "%u.%u: ",
				 e->dev_kernel >> 16,
				 (e->dev_kernel >> 8) & 0xff);
		if (o->dev_found_at)
			snprintf(dev + strlen(dev), sizeof(dev) - strlen(dev),
				 "run %llu", (unsigned long long)o->dev_found_at);
		else
			snprintf(dev + strlen(dev), sizeof(dev) - strlen(dev),
				 "never (%llu runs%s)",
				 (unsigned long long)o->dev_runs,
				 o->dev_exhausted ? ", exhausted" : "");
		if (o->skipped) {
			printf("| %s | %s-newest | skipped: the sim has no "
			       "sockets | | | | | | |\n", e->name, lo);
			continue;
		}
		if (!o->ran)
			continue;
		printf("| %s | %s-newest | %llu | %s, %zu, %zu | %s | %s | %llu "
		       "(%u) | %s | %.3f |\n",
		       e->name, lo, (unsigned long long)o->found_at,
		       o->profile, o->deviations, o->tape_len,
		       kind_name(o->kind), dev,
		       (unsigned long long)o->fixed_runs,
		       e->opts.max_deviations,
		       o->fixed_exhausted ? "yes" : "NO", o->seconds);
	}
	printf("\ndeviations: non-zero choices of the shrunk tape besides the "
	       "profile; tape: its choices up to the last non-zero one, the "
	       "profile (choice 0) included; fix: tapes run with at most "
	       "(depth) deviations on every profile of the range.\n");
	printf("\nshrunk failures (replay with the token):\n");
	for (size_t i = 0; i < catalogue_len; i++)
		if (outcomes[i].ran && outcomes[i].found_at)
			printf("  %-22s IOU_SIM_REPLAY='%s'\n",
			       catalogue[i].name, outcomes[i].token);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct CMUnitTest tests[34];
	char names[32][64];
	size_t n = 0;
	int fails;

	/* The explorer reads these; a stray one would change every test. */
	unsetenv("IOU_SIM_REPLAY");
	unsetenv("IOU_EXPLORE_SHARD");
	have_sockets = catalogue_sim_has_sockets();
	for (size_t i = 0; i < catalogue_len && n < 32; i++) {
		if (argc > 1 && strcmp(argv[1], catalogue[i].name))
			continue;
		snprintf(names[n], sizeof(names[n]), "catalogue_%s",
			 catalogue[i].name);
		tests[n] = (struct CMUnitTest){
			.name = names[n],
			.test_func = run_entry,
			.initial_state = (void *)&catalogue[i],
		};
		n++;
	}
	if (argc <= 1 || !strcmp(argv[1], "replay_env"))
		tests[n++] = (struct CMUnitTest){
			.name = "catalogue_replay_env",
			.test_func = test_replay_env,
		};
	if ((argc <= 1 || !strcmp(argv[1], "udp_loss_needs_faults")) &&
	    have_sockets)
		tests[n++] = (struct CMUnitTest){
			.name = "catalogue_udp_loss_needs_faults",
			.test_func = test_udp_loss_needs_faults,
		};
	if (!n) {
		fprintf(stderr, "no catalogue entry named %s\n", argv[1]);
		return 2;
	}
	fails = _cmocka_run_group_tests("catalogue", tests, n, NULL, NULL);
	print_table();
	return fails ? 1 : 0;
}

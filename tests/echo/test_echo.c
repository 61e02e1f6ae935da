/* test_echo.c — sim.echo: the echo server of examples/echo.c with its
 * clients on the sim (echo_scenario.h), under the explorer:
 *  - random tapes on every kernel profile, for several scripts (mixed
 *    clients with a slow reader and late connects, one starved buffer,
 *    eight clients over IPv6, a stop in the middle of the traffic,
 *    transient faults, every fault class): every byte back in order to
 *    its client (to every client, unless a fault or the stop ended its
 *    connection: then what it got was right), no
 *    buffer reused before its F_NOTIF, no protocol error, no hang, a clean
 *    shutdown; before 6.0 the server must refuse the kernel;
 *  - bounded DFS, exhausted: every tape within 2 deviations of the
 *    canonical one on every profile for two small scripts, within 1 for
 *    the mixed one;
 *  - UDP mode (srv.udp): random tapes on every profile (before 6.1 the
 *    server refuses), with every fault class, DFS within 2 deviations
 *    exhausted, and the recycle bug found by DFS end to end (a UDP
 *    send_zc's bytes may be read when the client reads them);
 *  - with each bug switch on (recycle_on_first_cqe, no_rearm_accept) the
 *    explorer finds the bug, end to end (a wrong byte at a client, a
 *    hang) and through the server's own books; the shrunk token replays
 *    the failure; the fixed server passes it and exhausts the same DFS.
 * Ends with a table on stdout: what ran, runs, runs/s, the findings and
 * their tokens. IOU_ECHO_TAPES sets the random tapes per profile and
 * script (default 1000); IOU_TEST_VERBOSE=1 prints the reports. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "echo_scenario.h"
#include "iou_sim.h"

#define K(a, b) IOU_KERNEL_VERSION(a, b)
#define NEWEST IOU_KERNEL_NEWEST

static const uint32_t profiles[] = {
	K(5, 4), K(5, 10), K(5, 15), K(5, 19), K(6, 1), K(6, 6), K(6, 12),
	NEWEST,
};
#define NPROFILES (sizeof(profiles) / sizeof(profiles[0]))

/* ---- scripts ------------------------------------------------------------- */

/* Three clients of different grain: 7-byte, 64-byte and 300-byte writes;
 * the second reads only every third step; the last connects late. */
static const struct echo_script script_mixed = {
	.nclients = 3,
	.cl = {
		{ .seed = 11, .bytes = 300, .max_chunk = 7 },
		{ .seed = 12, .bytes = 700, .max_chunk = 64, .read_every = 3,
		  .start_step = 4 },
		{ .seed = 13, .bytes = 1200, .max_chunk = 300,
		  .start_step = 20 },
	},
	.srv = { .max_conns = 4, .nbufs = 4, .buf_size = 128 },
	.check_books = 1,
};

/* One 16-byte buffer for two clients: the multishot recvs run dry
 * (-ENOBUFS) and re-arm all the time. */
static const struct echo_script script_starved = {
	.nclients = 2,
	.cl = {
		{ .seed = 21, .bytes = 200, .max_chunk = 40 },
		{ .seed = 22, .bytes = 150, .max_chunk = 33, .read_every = 2 },
	},
	.srv = { .max_conns = 2, .nbufs = 1, .buf_size = 16 },
	.check_books = 1,
};

/* Eight clients over IPv6, every connection slot used. */
static const struct echo_script script_many = {
	.nclients = 8,
	.cl = {
		{ .seed = 31, .bytes = 90, .max_chunk = 16 },
		{ .seed = 32, .bytes = 91, .max_chunk = 32 },
		{ .seed = 33, .bytes = 92, .max_chunk = 8, .read_every = 2 },
		{ .seed = 34, .bytes = 93, .max_chunk = 64 },
		{ .seed = 35, .bytes = 94, .max_chunk = 16, .start_step = 3 },
		{ .seed = 36, .bytes = 95, .max_chunk = 5 },
		{ .seed = 37, .bytes = 96, .max_chunk = 90, .start_step = 9 },
		{ .seed = 38, .bytes = 97, .max_chunk = 12 },
	},
	.srv = { .max_conns = 8, .nbufs = 8, .buf_size = 32 },
	.ipv6 = 1,
	.check_books = 1,
};

/* The server stops at step 6, whatever its clients are doing: they may
 * be cut off, but what they got must be right, and the stop clean. */
static const struct echo_script script_stop = {
	.nclients = 3,
	.cl = {
		{ .seed = 41, .bytes = 400, .max_chunk = 20 },
		{ .seed = 42, .bytes = 400, .max_chunk = 50, .read_every = 2 },
		{ .seed = 43, .bytes = 400, .max_chunk = 9, .start_step = 2 },
	},
	.srv = { .max_conns = 3, .nbufs = 4, .buf_size = 64 },
	.stop_step = 6,
	.check_books = 1,
};

/* Transient faults (-EINTR, -EAGAIN from enter, recv, send and the
 * clients' sys calls): the server retries, every client is served. */
static const struct echo_script script_transient = {
	.nclients = 3,
	.cl = {
		{ .seed = 81, .bytes = 300, .max_chunk = 7 },
		{ .seed = 82, .bytes = 500, .max_chunk = 64, .read_every = 3 },
		{ .seed = 83, .bytes = 600, .max_chunk = 200,
		  .start_step = 10 },
	},
	.srv = { .max_conns = 4, .nbufs = 4, .buf_size = 128 },
	.check_books = 1,
	.faults = IOU_FAULT_EINTR | IOU_FAULT_EAGAIN,
};

/* script_mixed with every fault class: connections may die of injected
 * errors; the server's books and every byte a client got still hold. */
static const struct echo_script script_faults = {
	.nclients = 3,
	.cl = {
		{ .seed = 51, .bytes = 300, .max_chunk = 7 },
		{ .seed = 52, .bytes = 500, .max_chunk = 64, .read_every = 3 },
		{ .seed = 53, .bytes = 600, .max_chunk = 200,
		  .start_step = 10 },
	},
	.srv = { .max_conns = 4, .nbufs = 4, .buf_size = 128 },
	.check_books = 1,
	.faults = IOU_FAULT_ALL,
};

/* Small enough for the whole space within 2 deviations. */
static const struct echo_script script_dfs = {
	.nclients = 2,
	.cl = {
		{ .seed = 61, .bytes = 24, .max_chunk = 8 },
		{ .seed = 62, .bytes = 25, .max_chunk = 8, .read_every = 2 },
	},
	.srv = { .max_conns = 2, .nbufs = 2, .buf_size = 16 },
	.check_books = 1,
};

/* The bug hunts: two clients, one a slow reader (a recycled buffer is
 * overwritten before its bytes were read out only if the peer does not
 * read at once), two small buffers. check_books off: the bug must show
 * where a user would see it. */
static const struct echo_script script_hunt = {
	.nclients = 2,
	.cl = {
		{ .seed = 71, .bytes = 64, .max_chunk = 16, .read_every = 2 },
		{ .seed = 72, .bytes = 64, .max_chunk = 16 },
	},
	.srv = { .max_conns = 2, .nbufs = 2, .buf_size = 16 },
};

/* UDP mode: three clients of different grain (datagrams of up to 7, 40
 * and 64 bytes), one a slow reader, one late; four buffers of 64 bytes
 * of payload. */
static const struct echo_script script_udp = {
	.nclients = 3,
	.cl = {
		{ .seed = 91, .bytes = 200, .max_chunk = 7 },
		{ .seed = 92, .bytes = 300, .max_chunk = 40, .read_every = 3,
		  .start_step = 4 },
		{ .seed = 93, .bytes = 400, .max_chunk = 64,
		  .start_step = 12 },
	},
	.srv = { .max_conns = 1, .nbufs = 4,
		 .buf_size = ECHO_UDP_OVERHEAD + 64, .udp = 1 },
	.check_books = 1,
};

/* script_udp over IPv6 with every fault class: datagrams lost,
 * duplicated, reordered (IOU_FAULT_NETDGRAM), sends failing; what a
 * client checks may then break, the server's books and its stop not. */
static const struct echo_script script_udp_faults = {
	.nclients = 3,
	.cl = {
		{ .seed = 94, .bytes = 200, .max_chunk = 7 },
		{ .seed = 95, .bytes = 300, .max_chunk = 40, .read_every = 3,
		  .start_step = 4 },
		{ .seed = 96, .bytes = 400, .max_chunk = 64,
		  .start_step = 12 },
	},
	.srv = { .max_conns = 1, .nbufs = 4,
		 .buf_size = ECHO_UDP_OVERHEAD + 64, .udp = 1 },
	.ipv6 = 1,
	.check_books = 1,
	.faults = IOU_FAULT_ALL,
};

/* UDP, small: one buffer for two clients (the recvmsg runs dry and
 * re-arms), for DFS and the bug hunt. */
static const struct echo_script script_udp_dfs = {
	.nclients = 2,
	.cl = {
		{ .seed = 97, .bytes = 24, .max_chunk = 8, .read_every = 2 },
		{ .seed = 98, .bytes = 25, .max_chunk = 8 },
	},
	.srv = { .max_conns = 1, .nbufs = 2,
		 .buf_size = ECHO_UDP_OVERHEAD + 16, .udp = 1 },
};

static const struct {
	const char *name;
	const struct echo_script *sc;
} scripts[] = {
	{ "udp", &script_udp }, { "udp_faults", &script_udp_faults },
	{ "udp_dfs", &script_udp_dfs },
	{ "mixed", &script_mixed }, { "starved", &script_starved },
	{ "many", &script_many }, { "stop", &script_stop },
	{ "faults", &script_faults }, { "transient", &script_transient },
	{ "dfs", &script_dfs },
	{ "hunt", &script_hunt },
};

/* ---- running ------------------------------------------------------------- */

struct row {
	char what[96];
	char kernels[40];
	uint64_t runs;
	double seconds;
	int exhausted;
	uint64_t found_at;      /* 0: nothing failed */
	char failure[160];
	char token[1024];
};

static struct row rows[128];
static unsigned nrows;

static unsigned tapes(void)
{
	const char *e = getenv("IOU_ECHO_TAPES");

	return e && *e ? (unsigned)strtoul(e, NULL, 10) : 1000;
}

static int verbose(void)
{
	return getenv("IOU_TEST_VERBOSE") != NULL;
}

static const char *kname(uint32_t k, char *buf, size_t len)
{
	if (k == NEWEST)
		snprintf(buf, len, "newest");
	else
		snprintf(buf, len, "%u.%u", k >> 16, (k >> 8) & 0xff);
	return buf;
}

/* Explores sc with o; fills rep (the caller frees it) and a table row. */
static struct row *explore(const char *what, const struct echo_script *sc,
			   struct iou_explore_ex_opts *o,
			   struct iou_explore_report *rep)
{
	struct echo_sc_arg arg = { .sc = sc };
	struct row *r = &rows[nrows < 127 ? nrows++ : 127];
	char lo[16], hi[16];

	o->progress = -1;
	o->base.sim.faults = sc->faults;
	assert_int_equal(iou_explore_ex(o, echo_sc_scenario, &arg, rep), 0);
	if (verbose())
		iou_explore_report_print(rep, stdout);
	kname(o->base.sim.kernel_min, lo, sizeof(lo));
	kname(o->base.sim.kernel_max ? o->base.sim.kernel_max
				     : o->base.sim.kernel_min, hi, sizeof(hi));
	memset(r, 0, sizeof(*r));
	if (strcmp(lo, hi))
		snprintf(r->kernels, sizeof(r->kernels), "%s-%s", lo, hi);
	else
		snprintf(r->kernels, sizeof(r->kernels), "%s", lo);
	snprintf(r->what, sizeof(r->what), "%s", what);
	r->runs = rep->res.runs;
	r->seconds = rep->seconds;
	r->exhausted = rep->res.exhausted;
	if (rep->res.failed) {
		r->found_at = rep->found_at;
		snprintf(r->token, sizeof(r->token), "%s", rep->res.replay);
		if (rep->kind == IOU_EXPLORE_FAIL_HUNG)
			snprintf(r->failure, sizeof(r->failure), "hang");
		else if (rep->kind == IOU_EXPLORE_FAIL_NONDET)
			snprintf(r->failure, sizeof(r->failure), "NOT "
				 "DETERMINISTIC");
		else
			snprintf(r->failure, sizeof(r->failure), "%s",
				 echo_sc_fail_name(
					 (enum echo_sc_fail)rep->ret));
	}
	return r;
}

/* Fails the test with the report when the exploration found something. */
static void expect_pass(const struct row *r, struct iou_explore_report *rep)
{
	if (!rep->res.failed)
		return;
	iou_explore_report_print(rep, stderr);
	iou_explore_report_free(rep);
	fail_msg("%s on %s failed (%s): IOU_SIM_REPLAY='%s'", r->what,
		 r->kernels, r->failure, r->token);
}

/* Runs sc once on the sim of token; out gets what happened. */
static int replay(const char *token, const struct echo_script *sc,
		  struct echo_sc_out *out, int *hung)
{
	struct iou_sim *sim = iou_sim_new(&(struct iou_sim_opts){
		.replay = token });
	int ret;

	assert_non_null(sim);
	ret = echo_sc_run(sim, sc, out);
	*hung = iou_sim_hung(sim);
	iou_sim_free(sim);
	return ret;
}

/* ---- tests --------------------------------------------------------------- */

static void random_tapes(const char *what, const struct echo_script *sc)
{
	for (size_t k = 0; k < NPROFILES; k++) {
		struct iou_explore_ex_opts o = {
			.base = { .sim = { .kernel_min = profiles[k],
					   .kernel_max = profiles[k],
					   .seed = 1000 * k },
				  .max_runs = tapes(), .random = 1 },
		};
		struct iou_explore_report rep;
		struct row *r = explore(what, sc, &o, &rep);

		expect_pass(r, &rep);
		assert_int_equal(rep.res.runs, tapes());
		iou_explore_report_free(&rep);
	}
}

static void test_echo_random_mixed(void **state)
{
	(void)state;
	random_tapes("mixed, random", &script_mixed);
}

static void test_echo_random_starved(void **state)
{
	(void)state;
	random_tapes("starved, random", &script_starved);
}

static void test_echo_random_many(void **state)
{
	(void)state;
	random_tapes("8 clients ipv6, random", &script_many);
}

static void test_echo_random_stop(void **state)
{
	(void)state;
	random_tapes("stop mid-stream, random", &script_stop);
}

static void test_echo_random_transient(void **state)
{
	(void)state;
	random_tapes("transient faults, random", &script_transient);
}

static void test_echo_random_faults(void **state)
{
	(void)state;
	random_tapes("every fault class, random", &script_faults);
}

/* Every tape within 2 deviations of the canonical one, on every profile
 * (the profile is a free choice): the whole space runs and passes. */
static void test_echo_dfs(void **state)
{
	struct iou_explore_ex_opts o = {
		.base = { .sim = { .kernel_min = K(5, 4),
				   .kernel_max = NEWEST },
			  .max_deviations = 2, .max_runs = 1000000 },
	};
	struct iou_explore_report rep;
	struct row *r;

	(void)state;
	r = explore("small, DFS depth 2", &script_dfs, &o, &rep);
	expect_pass(r, &rep);
	assert_true(rep.res.exhausted);
	iou_explore_report_free(&rep);

	r = explore("hunt (fixed server), DFS depth 2", &script_hunt, &o,
		    &rep);
	expect_pass(r, &rep);
	assert_true(rep.res.exhausted);
	iou_explore_report_free(&rep);

	o.base.max_deviations = 1;
	r = explore("mixed, DFS depth 1", &script_mixed, &o, &rep);
	expect_pass(r, &rep);
	assert_true(rep.res.exhausted);
	iou_explore_report_free(&rep);
}

/* The explorer finds the bug of the server built with `bug`, on sc with
 * the oracle end to end (and again with the server's books); the token
 * replays the failure; the fixed server passes the token and exhausts
 * the same space. */
static void hunt(const char *name, enum echo_bug bug, enum echo_sc_fail want,
		 int want_hang)
{
	struct echo_script buggy = script_hunt, books = script_hunt;
	struct iou_explore_ex_opts o = {
		.base = { .sim = { .kernel_min = K(5, 4),
				   .kernel_max = NEWEST },
			  .max_deviations = 1, .max_runs = 200000 },
	};
	struct iou_explore_report rep;
	struct echo_sc_out out;
	char what[96], token[1024];
	struct row *r;
	int hung, ret;

	buggy.srv.bug = bug;
	snprintf(what, sizeof(what), "%s, end to end, DFS depth 1", name);
	r = explore(what, &buggy, &o, &rep);
	if (!rep.res.failed) {
		iou_explore_report_free(&rep);
		fail_msg("%s: not found in %llu runs", name,
			 (unsigned long long)r->runs);
	}
	assert_int_not_equal(rep.kind, IOU_EXPLORE_FAIL_NONDET);
	if (want_hang)
		assert_int_equal(rep.kind, IOU_EXPLORE_FAIL_HUNG);
	else
		assert_int_equal(rep.ret, want);
	snprintf(token, sizeof(token), "%s", rep.res.replay);
	iou_explore_report_free(&rep);

	/* the token replays it; the fixed server passes that tape */
	ret = replay(token, &buggy, &out, &hung);
	if (want_hang)
		assert_true(hung);
	else
		assert_int_equal(ret, want);
	assert_int_equal(replay(token, &script_hunt, &out, &hung), 0);
	assert_false(hung);

	/* the server's own books see it at least as soon */
	books.srv.bug = bug;
	books.check_books = 1;
	snprintf(what, sizeof(what), "%s, with the books, DFS depth 1", name);
	r = explore(what, &books, &o, &rep);
	assert_true(rep.res.failed);
	iou_explore_report_free(&rep);

	/* the fixed server: the same space, exhausted */
	r = explore("fixed server, same DFS", &script_hunt, &o, &rep);
	expect_pass(r, &rep);
	assert_true(rep.res.exhausted);
	iou_explore_report_free(&rep);
}

static void test_echo_bug_recycle_on_first_cqe(void **state)
{
	(void)state;
	hunt("recycle_on_first_cqe", ECHO_BUG_RECYCLE_ON_FIRST_CQE,
	     ECHO_SC_BAD_BYTE, 0);
}

static void test_echo_bug_no_rearm_accept(void **state)
{
	(void)state;
	hunt("no_rearm_accept", ECHO_BUG_NO_REARM_ACCEPT, ECHO_SC_OK, 1);
}

static void test_echo_udp_random(void **state)
{
	(void)state;
	random_tapes("udp, random", &script_udp);
}

static void test_echo_udp_faults(void **state)
{
	(void)state;
	random_tapes("udp ipv6, every fault class, random",
		     &script_udp_faults);
}

/* UDP: every tape within 2 deviations on every profile passes; with the
 * recycle bug switched on, DFS finds it end to end (a datagram's bytes
 * read from its buffer after the server gave it back: a client gets a
 * wrong byte) and through the server's books; the token replays it and
 * the fixed server passes it. */
static void test_echo_udp_dfs(void **state)
{
	struct iou_explore_ex_opts o = {
		.base = { .sim = { .kernel_min = K(5, 4),
				   .kernel_max = NEWEST },
			  .max_deviations = 2, .max_runs = 1000000 },
	};
	struct echo_script buggy = script_udp_dfs;
	struct iou_explore_report rep;
	struct echo_sc_out out;
	char token[1024];
	struct row *r;
	int hung;

	(void)state;
	r = explore("udp small, DFS depth 2", &script_udp_dfs, &o, &rep);
	expect_pass(r, &rep);
	assert_true(rep.res.exhausted);
	iou_explore_report_free(&rep);

	buggy.srv.bug = ECHO_BUG_RECYCLE_ON_FIRST_CQE;
	o.base.max_deviations = 1;
	r = explore("udp recycle_on_first_cqe, end to end, DFS depth 1",
		    &buggy, &o, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.ret, ECHO_SC_BAD_BYTE);
	snprintf(token, sizeof(token), "%s", rep.res.replay);
	iou_explore_report_free(&rep);
	assert_int_equal(replay(token, &buggy, &out, &hung),
			 ECHO_SC_BAD_BYTE);
	assert_int_equal(replay(token, &script_udp_dfs, &out, &hung), 0);

	buggy.check_books = 1;
	r = explore("udp recycle_on_first_cqe, with the books, DFS depth 1",
		    &buggy, &o, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.ret, ECHO_SC_EARLY_REUSE);
	iou_explore_report_free(&rep);
}

/* Random tapes find the recycle bug too (end to end): how soon. */
static void test_echo_bug_recycle_random(void **state)
{
	struct echo_script buggy = script_mixed;
	struct iou_explore_ex_opts o = {
		.base = { .sim = { .kernel_min = K(6, 1),
				   .kernel_max = NEWEST },
			  .max_runs = 100000, .random = 1 },
	};
	struct iou_explore_report rep;
	struct row *r;

	(void)state;
	buggy.srv.bug = ECHO_BUG_RECYCLE_ON_FIRST_CQE;
	buggy.check_books = 0;
	r = explore("recycle_on_first_cqe, mixed, random", &buggy, &o, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.ret, ECHO_SC_BAD_BYTE);
	(void)r;
	iou_explore_report_free(&rep);
}

/* ---- the table ----------------------------------------------------------- */

static void print_table(void)
{
	uint64_t total = 0;

	printf("\n| exploration | kernels | runs | runs/s | exhausted | "
	       "found at run | failure |\n");
	printf("| --- | --- | --- | --- | --- | --- | --- |\n");
	for (unsigned i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		char found[24] = "-";

		total += r->runs;
		if (r->found_at)
			snprintf(found, sizeof(found), "%llu",
				 (unsigned long long)r->found_at);
		printf("| %s | %s | %llu | %.0f | %s | %s | %s |\n",
		       r->what, r->kernels, (unsigned long long)r->runs,
		       r->seconds > 0 ? (double)r->runs / r->seconds : 0.0,
		       r->exhausted ? "yes" : "no", found,
		       r->found_at ? r->failure : "-");
	}
	printf("\n%llu runs in all\n", (unsigned long long)total);
	printf("\nshrunk failures (replay with the token):\n");
	for (unsigned i = 0; i < nrows; i++)
		if (rows[i].found_at)
			printf("  %s: IOU_SIM_REPLAY='%s'\n", rows[i].what,
			       rows[i].token);
	fflush(stdout);
}

/* test_echo replay SCRIPT[:BUG] TOKEN: one run of a script (BUG: recycle
 * or rearm) on the tape of a token, its trace on stdout. */
static int replay_main(const char *name, const char *token)
{
	struct echo_script sc;
	struct echo_sc_out out;
	struct iou_sim *sim;
	const char *bug = strchr(name, ':');
	size_t len = bug ? (size_t)(bug - name) : strlen(name);
	char desc[256];
	int ret = -1;

	for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++)
		if (strlen(scripts[i].name) == len &&
		    !strncmp(scripts[i].name, name, len))
			sc = *scripts[i].sc, ret = 0;
	if (ret) {
		fprintf(stderr, "no script %s\n", name);
		return 2;
	}
	if (bug && !strcmp(bug + 1, "recycle"))
		sc.srv.bug = ECHO_BUG_RECYCLE_ON_FIRST_CQE;
	else if (bug && !strcmp(bug + 1, "rearm"))
		sc.srv.bug = ECHO_BUG_NO_REARM_ACCEPT;
	sim = iou_sim_new(&(struct iou_sim_opts){ .replay = token });
	if (!sim) {
		fprintf(stderr, "bad token %s\n", token);
		return 2;
	}
	ret = echo_sc_run(sim, &sc, &out);
	iou_sim_trace_dump(sim, stdout);
	echo_sc_describe(&out, desc, sizeof(desc));
	printf("%s%s\n", desc, iou_sim_hung(sim) ? " (the sim hung)" : "");
	iou_sim_free(sim);
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_echo_random_mixed),
		cmocka_unit_test(test_echo_random_starved),
		cmocka_unit_test(test_echo_random_many),
		cmocka_unit_test(test_echo_random_stop),
		cmocka_unit_test(test_echo_random_transient),
		cmocka_unit_test(test_echo_random_faults),
		cmocka_unit_test(test_echo_dfs),
		cmocka_unit_test(test_echo_bug_recycle_on_first_cqe),
		cmocka_unit_test(test_echo_bug_no_rearm_accept),
		cmocka_unit_test(test_echo_bug_recycle_random),
		cmocka_unit_test(test_echo_udp_random),
		cmocka_unit_test(test_echo_udp_faults),
		cmocka_unit_test(test_echo_udp_dfs),
	};
	int fails;

	if (argc == 4 && !strcmp(argv[1], "replay"))
		return replay_main(argv[2], argv[3]);
	/* the explorer reads these; a stray one would change every test */
	unsetenv("IOU_SIM_REPLAY");
	unsetenv("IOU_EXPLORE_SHARD");
	fails = cmocka_run_group_tests_name("sim.echo", tests, NULL, NULL);
	print_table();
	return fails ? 1 : 0;
}

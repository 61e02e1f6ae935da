/* test_search.c — the explorer's search meets real bugs early (issue 13):
 * large choices (short lengths) try the values that matter first, at every
 * position, before the rest; the default mode interleaves the enumeration
 * with random tapes; a time budget stops the search; a failure whose tape
 * stays long is reported with its whole token (the fixed replay[] holds a
 * prefix and says so), never -ENOSPC; a file read may complete from io-wq
 * after its submit returned, so a file-only program's wait can see an
 * empty CQ and -EINTR; IOU_FAULT_FILECHANGE truncates or extends a file
 * the program found, never one it created. Groups: order, find, budget,
 * long, iowq, filechange (argv[1]; none: all). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "iou_sim.h"
#include "sim.h"

uint32_t iou__explore_value(uint32_t n, int phase, uint32_t k);
int iou__parse_faults(const char *s, unsigned *out);
#define iou__parse_faults_for_test iou__parse_faults

#define CHUNK (64 * 1024)
#define NCHUNKS 4

static char file_data[CHUNK * NCHUNKS], back[CHUNK * NCHUNKS];

static int wait_one(struct iou *ring, int *res)
{
	struct iou_cqe *cqe;
	int ret;

	while ((ret = iou_wait_cqe(ring, &cqe)) == -EINTR)
		;
	if (ret)
		return ret;
	*res = cqe->res;
	iou_cqe_seen(ring, cqe);
	return 0;
}

/* Reads a 256 KiB file in 64 KiB reads, one at a time. The first three
 * reads handle a short read (they read the rest); the last one assumes
 * its read was full: the bug sits behind three reads of 65,536 lengths. */
static int chunked_read(struct iou_sim *sim, int fixed)
{
	struct iou ring;
	int fd, res;

	if (iou_queue_init_sim(8, &ring, 0, sim))
		return 1;
	fd = iou_sys_open(&ring, "/big", O_CREAT | O_RDWR, 0644);
	if (fd < 0 || iou_sys_write(&ring, fd, file_data, sizeof(file_data)) !=
			      (ssize_t)sizeof(file_data))
		return 2;
	memset(back, 0, sizeof(back));
	for (size_t c = 0; c < NCHUNKS; c++) {
		size_t off = c * CHUNK, done = 0;

		while (done < CHUNK) {
			iou_prep_read(iou_get_sqe(&ring), fd, back + off + done,
				      (unsigned)(CHUNK - done), off + done);
			if (iou_submit(&ring) != 1 || wait_one(&ring, &res))
				return 3;
			if (res <= 0)
				return 4;
			done += (size_t)res;
			if (c == NCHUNKS - 1 && !fixed)
				break; /* the bug: the last read is "full" */
		}
	}
	return memcmp(file_data, back, sizeof(back)) ? 5 : 0;
}

static int chunked_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return chunked_read(sim, 0);
}

static int chunked_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return chunked_read(sim, 1);
}

/* ---- order --------------------------------------------------------------- */

static void check_order(uint32_t n)
{
	uint8_t *seen = calloc(n ? n : 1, 1);
	uint32_t v, count = 0;

	assert_non_null(seen);
	for (int phase = 0; phase < 2; phase++)
		for (uint32_t k = 0; (v = iou__explore_value(n, phase, k)); k++) {
			assert_true(v >= 1 && v < n);
			assert_false(seen[v]);
			seen[v] = 1;
			count++;
		}
	assert_int_equal(count, n > 1 ? n - 1 : 0);
	free(seen);
}

/* Every value of [1, n) exactly once over the two phases; a large
 * domain's first values are the ones that matter. */
static void test_value_order(void **state)
{
	(void)state;
	for (uint32_t n = 0; n < 80; n++)
		check_order(n);
	check_order(4096);
	check_order(65537);
	/* small domains: all in order, in the first phase */
	assert_int_equal(iou__explore_value(4, 0, 0), 1);
	assert_int_equal(iou__explore_value(4, 0, 2), 3);
	assert_int_equal(iou__explore_value(4, 1, 0), 0);
	/* large: 1, the largest, half, 2, ... then 3, 4, ... */
	assert_int_equal(iou__explore_value(4096, 0, 0), 1);
	assert_int_equal(iou__explore_value(4096, 0, 1), 4095);
	assert_int_equal(iou__explore_value(4096, 0, 2), 2048);
	assert_int_equal(iou__explore_value(4096, 0, 3), 2);
	assert_int_equal(iou__explore_value(4096, 0, 7), 0);
	assert_int_equal(iou__explore_value(4096, 1, 0), 3);
}

/* ---- find ---------------------------------------------------------------- */

static void explore_ok(const struct iou_explore_ex_opts *o, iou_scenario_fn fn,
		       struct iou_explore_report *rep)
{
	assert_int_equal(iou_explore_ex(o, fn, NULL, rep), 0);
	if (getenv("IOU_TEST_VERBOSE"))
		iou_explore_report_print(rep, stdout);
}

/* The bug behind three large choices: depth-first alone finds it within
 * 100 runs (it used to try every length of the first read first), the
 * default mixed mode too, and the fixed twin passes. */
static void test_find_behind_large_choices(void **state)
{
	struct iou_explore_ex_opts o = {
		.base = { .random = IOU_EXPLORE_DFS, .max_runs = 2000,
			  .max_deviations = 1 } };
	struct iou_explore_report rep;

	(void)state;
	for (size_t i = 0; i < sizeof(file_data); i++)
		file_data[i] = (char)('a' + i % 26);
	explore_ok(&o, chunked_buggy, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.kind, IOU_EXPLORE_FAIL_RET);
	assert_true(rep.found_at <= 100);
	assert_true(rep.found_seconds >= 0 && rep.found_seconds <= rep.seconds);
	assert_int_equal(rep.random_runs, 0);
	print_message("dfs: found at run %llu after %.3f s\n",
		      (unsigned long long)rep.found_at, rep.found_seconds);
	iou_explore_report_free(&rep);

	o.base.random = IOU_EXPLORE_MIXED;
	explore_ok(&o, chunked_buggy, &rep);
	assert_true(rep.res.failed);
	assert_true(rep.found_at <= 100);
	print_message("mixed: found at run %llu after %.3f s (%llu random)\n",
		      (unsigned long long)rep.found_at, rep.found_seconds,
		      (unsigned long long)rep.random_runs);
	iou_explore_report_free(&rep);

	o.base.max_runs = 300;
	explore_ok(&o, chunked_fixed, &rep);
	assert_false(rep.res.failed);
	assert_int_equal(rep.res.runs, 300);
	/* mixed: every other run is a random tape */
	assert_true(rep.random_runs >= 149 && rep.random_runs <= 150);
	iou_explore_report_free(&rep);
}

/* ---- budget -------------------------------------------------------------- */

/* max_seconds ends a search that max_runs would not. */
static void test_time_budget(void **state)
{
	struct iou_explore_ex_opts o = {
		.base = { .max_runs = UINT64_MAX / 2, .max_deviations = 3 },
		.max_seconds = 0.3 };
	struct iou_explore_report rep;

	(void)state;
	for (int mode = 0; mode <= IOU_EXPLORE_DFS; mode++) {
		o.base.random = mode;
		explore_ok(&o, chunked_fixed, &rep);
		assert_false(rep.res.failed);
		assert_false(rep.res.exhausted);
		assert_true(rep.res.runs > 0);
		assert_true(rep.seconds >= 0.3 && rep.seconds < 10);
		iou_explore_report_free(&rep);
	}
	o.base.random = 3;
	assert_int_equal(iou_explore_ex(&o, chunked_fixed, NULL, &rep),
			 -EINVAL);
}

/* ---- long ---------------------------------------------------------------- */

/* Fails when at least 300 of 1,500 reads were short: no tape with fewer
 * deviations fails, so the shrunk token stays long. */
static int many_short(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	char buf[512];
	int fd, res, shorts = 0;

	(void)arg;
	if (iou_queue_init_sim(8, &ring, 0, sim))
		return 1;
	fd = iou_sys_open(&ring, "/f", O_CREAT | O_RDWR, 0644);
	if (fd < 0 || iou_sys_write(&ring, fd, file_data, sizeof(buf)) !=
			      (ssize_t)sizeof(buf))
		return 2;
	for (int i = 0; i < 1500; i++) {
		iou_prep_read(iou_get_sqe(&ring), fd, buf, sizeof(buf), 0);
		if (iou_submit(&ring) != 1 || wait_one(&ring, &res))
			return 3;
		shorts += res < (int)sizeof(buf);
	}
	return shorts >= 300 ? 7 : 0;
}

static void test_long_token(void **state)
{
	struct iou_explore_ex_opts o = {
		.base = { .random = IOU_EXPLORE_RANDOM, .max_runs = 50 },
		.max_shrink_runs = 30 };
	struct iou_explore_report rep;
	struct iou_explore_result res;
	struct iou_sim *sim;

	(void)state;
	explore_ok(&o, many_short, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.ret, 7);
	assert_non_null(rep.token);
	assert_true(strlen(rep.token) >= sizeof(rep.res.replay));
	assert_true(rep.res.replay_cut);
	assert_int_equal(strlen(rep.res.replay), sizeof(rep.res.replay) - 1);
	assert_int_equal(strncmp(rep.token, rep.res.replay,
				 sizeof(rep.res.replay) - 1), 0);
	print_message("long token: %zu bytes\n", strlen(rep.token));
	/* the whole token replays the failure */
	sim = iou_sim_new(&(struct iou_sim_opts){ .replay = rep.token });
	assert_non_null(sim);
	assert_int_equal(many_short(sim, NULL), 7);
	iou_sim_free(sim);
	iou_explore_report_free(&rep);
	assert_null(rep.token);

	/* the plain entry point (shrinking with its default budget): no
	 * -ENOSPC, and the flag tells whether replay[] holds a prefix */
	assert_int_equal(iou_explore(&o.base, many_short, NULL, &res), 0);
	assert_true(res.failed);
	assert_int_equal(res.replay_cut,
			 strlen(res.replay) == sizeof(res.replay) - 1);

	/* a short token is whole in both */
	o.base.random = IOU_EXPLORE_DFS;
	o.base.max_runs = 2000;
	o.base.max_deviations = 1;
	o.max_shrink_runs = 0;
	explore_ok(&o, chunked_buggy, &rep);
	assert_true(rep.res.failed);
	assert_false(rep.res.replay_cut);
	assert_string_equal(rep.token, rep.res.replay);
	iou_explore_report_free(&rep);
}

/* ---- iowq ---------------------------------------------------------------- */

/* A file-only program that treats every wait error as fatal: -EINTR
 * needs a wait on an empty CQ, which only an io-wq completion gives it. */
static int file_wait(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	struct iou_cqe *cqe;
	char buf[64];
	int fd, ret, *ready_after_submit = arg;

	if (iou_queue_init_sim(8, &ring, 0, sim))
		return 1;
	fd = iou_sys_open(&ring, "/f", O_CREAT | O_RDWR, 0644);
	if (fd < 0 || iou_sys_write(&ring, fd, file_data, 64) != 64)
		return 2;
	iou_prep_read(iou_get_sqe(&ring), fd, buf, sizeof(buf), 0);
	if (iou_submit(&ring) != 1)
		return 3;
	if (ready_after_submit)
		*ready_after_submit = iou_cq_ready(&ring) == 1;
	ret = iou_wait_cqe(&ring, &cqe);
	if (ret)
		return 4; /* the bug: -EINTR is not retried */
	iou_cqe_seen(&ring, cqe);
	return 0;
}

static void test_iowq_file_completion(void **state)
{
	struct iou_explore_ex_opts o = {
		.base = { .random = IOU_EXPLORE_DFS, .max_runs = 1000 } };
	struct iou_explore_report rep;
	struct iou_sim *sim;
	int ready = 0;

	(void)state;
	/* choice 0: inline, as before: the CQE is there when submit
	 * returns */
	sim = iou_sim_new(&(struct iou_sim_opts){
		.tape = (const uint8_t *)"", .tape_len = 0 });
	assert_non_null(sim);
	assert_int_equal(file_wait(sim, &ready), 0);
	assert_true(ready);
	iou_sim_free(sim);
	/* the explorer meets the empty-CQ wait cut short */
	explore_ok(&o, file_wait, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.ret, 4);
	assert_non_null(strstr(rep.trace, "choice delay 2/3"));
	assert_non_null(strstr(rep.trace, "-EINTR"));
	print_message("io-wq + EINTR found at run %llu\n",
		      (unsigned long long)rep.found_at);
	iou_explore_report_free(&rep);

	/* "no signals": no wait is cut short with -EINTR, the io-wq
	 * completions still come late; every tape within the bound passes */
	o.base.sim.flags = IOU_SIM_NO_EINTR;
	o.base.max_deviations = 3;
	explore_ok(&o, file_wait, &rep);
	assert_false(rep.res.failed);
	assert_true(rep.res.exhausted);
	iou_explore_report_free(&rep);
	/* the environment says the same for every sim */
	o.base.sim.flags = 0;
	setenv("IOU_SIM_NO_EINTR", "1", 1);
	explore_ok(&o, file_wait, &rep);
	unsetenv("IOU_SIM_NO_EINTR");
	assert_false(rep.res.failed);
	assert_true(rep.res.exhausted);
	iou_explore_report_free(&rep);
}

/* ---- filechange ---------------------------------------------------------- */

/* Reads a file of 8 KiB in two reads, expecting it whole: the file is
 * made, then opened again with (arg != NULL) or without O_CREAT. */
static int two_reads(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	struct iou_cqe *cqe;
	static char buf[4096];
	int fd, ret;

	if (iou_queue_init_sim(8, &ring, 0, sim))
		return 1;
	fd = iou_sys_open(&ring, "/log", O_CREAT | O_WRONLY, 0644);
	if (fd < 0 || iou_sys_write(&ring, fd, file_data, 8192) != 8192 ||
	    iou_sys_close(&ring, fd))
		return 2;
	fd = iou_sys_open(&ring, "/log", arg ? O_RDONLY | O_CREAT : O_RDONLY,
			  0644);
	if (fd < 0)
		return 2;
	for (int i = 0; i < 2; i++) {
		iou_prep_read(iou_get_sqe(&ring), fd, buf, sizeof(buf),
			      (uint64_t)i * 4096);
		if (iou_submit(&ring) != 1)
			return 3;
		while ((ret = iou_wait_cqe(&ring, &cqe)) == -EINTR)
			;
		if (ret)
			return 3;
		ret = cqe->res;
		iou_cqe_seen(&ring, cqe);
		if (ret < 0)
			return 4;
		/* a short read is legal here (nothing checks the bytes) */
		if (ret == 0)
			return 6; /* the file shrank under us */
	}
	return 0;
}

static void test_filechange(void **state)
{
	struct iou_explore_ex_opts o = {
		.base = { .random = IOU_EXPLORE_DFS, .max_runs = 50000,
			  .max_deviations = 1,
			  .sim.faults = IOU_FAULT_FILECHANGE } };
	struct iou_explore_report rep;
	unsigned f;

	(void)state;
	/* a file the program found: truncated under it */
	explore_ok(&o, two_reads, &rep);
	assert_true(rep.res.failed);
	assert_int_equal(rep.ret, 6);
	assert_non_null(strstr(rep.trace, "filechange size 8192 -> 0"));
	/* the class is in the token: it replays */
	assert_non_null(strstr(rep.res.replay, ":80:"));
	iou_explore_report_free(&rep);
	/* one it created: never changed */
	assert_int_equal(iou_explore_ex(&o, two_reads, "created", &rep), 0);
	assert_false(rep.res.failed);
	assert_true(rep.res.exhausted);
	iou_explore_report_free(&rep);
	/* without the class: nothing changes */
	o.base.sim.faults = 0;
	explore_ok(&o, two_reads, &rep);
	assert_false(rep.res.failed);
	assert_true(rep.res.exhausted);
	iou_explore_report_free(&rep);
	assert_int_equal(iou__parse_faults_for_test("filechange", &f), 0);
	assert_int_equal(f, IOU_FAULT_FILECHANGE);
}

int main(int argc, char **argv)
{
	const char *g = argc > 1 ? argv[1] : "";
	const struct CMUnitTest order[] = {
		cmocka_unit_test(test_value_order),
	};
	const struct CMUnitTest find[] = {
		cmocka_unit_test(test_find_behind_large_choices),
	};
	const struct CMUnitTest budget[] = {
		cmocka_unit_test(test_time_budget),
	};
	const struct CMUnitTest lng[] = {
		cmocka_unit_test(test_long_token),
	};
	const struct CMUnitTest iowq[] = {
		cmocka_unit_test(test_iowq_file_completion),
	};
	const struct CMUnitTest filechange[] = {
		cmocka_unit_test(test_filechange),
	};
	int fails = 0;

	for (size_t i = 0; i < sizeof(file_data); i++)
		file_data[i] = (char)('a' + i % 26);
	unsetenv("IOU_SIM_REPLAY");
	unsetenv("IOU_EXPLORE_SHARD");
	if (!*g || !strcmp(g, "order"))
		fails += cmocka_run_group_tests_name("order", order, NULL, NULL);
	if (!*g || !strcmp(g, "find"))
		fails += cmocka_run_group_tests_name("find", find, NULL, NULL);
	if (!*g || !strcmp(g, "budget"))
		fails += cmocka_run_group_tests_name("budget", budget, NULL,
						     NULL);
	if (!*g || !strcmp(g, "long"))
		fails += cmocka_run_group_tests_name("long", lng, NULL, NULL);
	if (!*g || !strcmp(g, "iowq"))
		fails += cmocka_run_group_tests_name("iowq", iowq, NULL, NULL);
	if (!*g || !strcmp(g, "filechange"))
		fails += cmocka_run_group_tests_name("filechange", filechange,
						     NULL, NULL);
	return fails ? 1 : 0;
}

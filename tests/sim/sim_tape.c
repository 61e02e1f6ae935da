/* sim_tape.c — the tape: determinism (same tape, byte-identical trace),
 * replay tokens (PRNG, bytes, vector, IOU_SIM_REPLAY), the explorer's
 * vector entry point, kernel ranges, and the choice points that change
 * what user code sees (short submit, short waits, -EINTR). */
#include "simtest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

struct iou__choice {
	uint32_t v, n;
};
void iou__sim_log_bounds(struct iou_sim *sim);
const struct iou__choice *iou__sim_choices(const struct iou_sim *sim,
					   size_t *n);

/* A scenario touching most of the sim: NOPs, a chain, timers, a pipe read
 * woken by a write, a cancel, files. Tolerates every legal behaviour. */
static void scenario(struct iou_sim *sim)
{
	struct iou_timespec t = { 0, 2000000 }, big = { 50, 0 };
	struct iou_cqe c[16];
	struct iou_sqe *sqe;
	struct iou ring;
	int fds[2], fd;
	char buf[32];

	st_ring(sim, &ring, 16, 0);
	assert_int_equal(iou_sys_pipe(&ring, fds), 0);
	fd = iou_sys_open(&ring, "/tmp/f", O_CREAT | O_RDWR, 0644);
	assert_true(fd >= 0);
	for (int i = 0; i < 4; i++) {
		sqe = st_sqe(&ring);
		iou_prep_nop(sqe);
		sqe->user_data = (uint64_t)i;
	}
	sqe = st_sqe(&ring);
	iou_prep_write(sqe, fd, "abcdef", 6, 0);
	sqe->flags = IOU_SQE_IO_LINK;
	sqe->user_data = 10;
	sqe = st_sqe(&ring);
	iou_prep_fsync(sqe, fd, 0);
	sqe->user_data = 11;
	sqe = st_sqe(&ring);
	iou_prep_timeout(sqe, &t, 0, 0);
	sqe->user_data = 12;
	sqe = st_sqe(&ring);
	iou_prep_read(sqe, fds[0], buf, sizeof(buf), 0);
	sqe->user_data = 13;
	sqe = st_sqe(&ring);
	iou_prep_timeout(sqe, &big, 0, 0);
	sqe->user_data = 14;
	st_submit_all(&ring);
	assert_int_equal(iou_sys_write(&ring, fds[1], "hello", 5), 5);
	sqe = st_sqe(&ring);
	iou_prep_timeout_remove(sqe, 14, 0);
	sqe->user_data = 15;
	st_submit_all(&ring);
	st_reap(&ring, c, 10);
	iou_sys_close(&ring, fds[0]);
	iou_sys_close(&ring, fds[1]);
	iou_sys_close(&ring, fd);
	iou_queue_exit(&ring);
}

static char *run_trace(struct iou_sim *sim, size_t *len)
{
	const char *t;
	char *copy;

	assert_non_null(sim);
	scenario(sim);
	t = iou_sim_trace(sim, len);
	copy = malloc(*len + 1);
	assert_non_null(copy);
	memcpy(copy, t, *len + 1);
	return copy;
}

static void assert_same(char *a, size_t la, char *b, size_t lb)
{
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(a);
	free(b);
}

static void test_same_seed_same_trace(void **state)
{
	for (uint64_t seed = 0; seed < 200; seed++) {
		size_t la, lb;
		struct iou_sim *a = st_seeded(seed, 0), *b = st_seeded(seed, 0);
		char *ta = run_trace(a, &la), *tb = run_trace(b, &lb);

		assert_same(ta, la, tb, lb);
		iou_sim_free(a);
		iou_sim_free(b);
	}
}

static void test_token_replays(void **state)
{
	int differ = 0;

	for (uint64_t seed = 0; seed < 200; seed++) {
		struct iou_sim_opts o;
		struct iou_sim *a = st_seeded(seed, 0), *b;
		char tok[1024];
		size_t la, lb;
		char *ta = run_trace(a, &la), *tb;

		assert_true(iou_sim_replay_token(a, tok, sizeof(tok)) > 0);
		assert_int_equal(strncmp(tok, "iou1:6.18:0:v", 13), 0);
		memset(&o, 0, sizeof(o));
		o.seed = seed + 1; /* overridden by the token */
		o.replay = tok;
		b = iou_sim_new(&o);
		tb = run_trace(b, &lb);
		differ += strcmp(ta, tb) != 0;
		assert_same(ta, la, tb, lb);
		iou_sim_free(a);
		iou_sim_free(b);
	}
	assert_int_equal(differ, 0);
}

static void test_token_source_forms(void **state)
{
	static const uint8_t bytes[] = { 1, 0, 3, 0, 0, 7, 1, 1, 0, 2 };
	struct iou_sim_opts o;
	struct iou_sim *a, *b;
	char tok[1024];
	size_t la, lb;
	char *ta, *tb;

	/* trace off: the token names the seed */
	memset(&o, 0, sizeof(o));
	o.seed = 0xabc;
	a = iou_sim_new(&o);
	iou_sim_set_trace(a, 0);
	scenario(a);
	assert_true(iou_sim_replay_token(a, tok, sizeof(tok)) > 0);
	assert_string_equal(tok, "iou2:6.18:0:sabc");
	iou_sim_free(a);
	o.seed = 0xabc;
	a = iou_sim_new(&o);
	o.replay = tok;
	b = iou_sim_new(&o);
	ta = run_trace(a, &la);
	tb = run_trace(b, &lb);
	assert_same(ta, la, tb, lb);
	iou_sim_free(a);
	iou_sim_free(b);

	/* fuzzer bytes, as bytes and as the choice log */
	memset(&o, 0, sizeof(o));
	o.tape = bytes;
	o.tape_len = sizeof(bytes);
	a = iou_sim_new(&o);
	ta = run_trace(a, &la);
	assert_true(iou_sim_replay_token(a, tok, sizeof(tok)) > 0);
	memset(&o, 0, sizeof(o));
	o.replay = tok;
	b = iou_sim_new(&o);
	tb = run_trace(b, &lb);
	assert_same(ta, la, tb, lb);
	iou_sim_free(a);
	iou_sim_free(b);

	/* the empty tape is the canonical run */
	a = st_canon(0);
	scenario(a);
	assert_true(iou_sim_replay_token(a, tok, sizeof(tok)) > 0);
	assert_string_equal(tok, "iou1:6.18:0:v");
	iou_sim_free(a);

	/* too small a buffer */
	a = st_seeded(3, 0);
	scenario(a);
	assert_int_equal(iou_sim_replay_token(a, tok, 8), -ENOSPC);
	iou_sim_free(a);
}

static void test_env_replay(void **state)
{
	struct iou_sim *a = st_seeded(42, V(5, 15)), *b;
	char tok[1024];
	size_t la, lb;
	char *ta = run_trace(a, &la), *tb;

	assert_true(iou_sim_replay_token(a, tok, sizeof(tok)) > 0);
	assert_int_equal(setenv("IOU_SIM_REPLAY", tok, 1), 0);
	b = iou_sim_new(NULL);
	unsetenv("IOU_SIM_REPLAY");
	assert_int_equal(iou_sim_kernel(b), V(5, 15));
	tb = run_trace(b, &lb);
	assert_same(ta, la, tb, lb);
	iou_sim_free(a);
	iou_sim_free(b);
}

static void test_bad_tokens(void **state)
{
	static const char *const bad[] = {
		"", "iou2:6.18:0:v", "iou1:6.18", "iou1:x:0:v", "iou1:6.18:0:q",
		"iou1:6.18:0:v***", "iou1:6.18:zz:v", "iou2:6.18:0:s",
		"iou1:6.18:0:s0", "iou2:6.18:0:b",
		"iou1:6.18/5.4:0:v", "iou1:4.19:0:v", "iou1:6.18:0:vA",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct iou_sim_opts o;

		memset(&o, 0, sizeof(o));
		o.replay = bad[i];
		assert_null(iou_sim_new(&o));
	}
}

/* The explorer drives a sim with a choice vector and reads back the
 * choices made with their bounds. */
static void test_vector_entry_point(void **state)
{
	struct iou_sim *a = st_seeded(7, 0), *b;
	const struct iou__choice *log;
	uint32_t *vec;
	size_t n, la, lb;
	char *ta, *tb;

	iou__sim_log_bounds(a); /* what the explorer's sims do */
	ta = run_trace(a, &la);

	log = iou__sim_choices(a, &n);
	assert_true(n > 0);
	vec = calloc(n, sizeof(*vec));
	assert_non_null(vec);
	for (size_t i = 0; i < n; i++) {
		assert_true(log[i].v < log[i].n);
		vec[i] = log[i].v;
	}
	b = st_vec(vec, n, 0);
	tb = run_trace(b, &lb);
	assert_same(ta, la, tb, lb);
	assert_int_equal(iou_sim_choices_made(b), n);
	free(vec);
	iou_sim_free(a);
	iou_sim_free(b);

	/* the empty vector is canonical */
	a = st_vec(NULL, 0, 0);
	b = st_canon(0);
	ta = run_trace(a, &la);
	tb = run_trace(b, &lb);
	assert_same(ta, la, tb, lb);
	iou_sim_free(a);
	iou_sim_free(b);
}

static void test_kernel_range(void **state)
{
	struct iou_sim_opts o;
	int seen[8] = { 0 }, kinds = 0;

	memset(&o, 0, sizeof(o));
	o.kernel_min = V(5, 10);
	o.kernel_max = IOU_KERNEL_NEWEST;
	for (uint64_t seed = 0; seed < 400; seed++) {
		struct iou_sim *sim;
		uint32_t k;

		o.seed = seed;
		sim = iou_sim_new(&o);
		k = iou_sim_kernel(sim);
		assert_true(k >= V(5, 10) && k <= V(6, 18));
		seen[k == V(5, 10) ? 0 : k == V(5, 15) ? 1 : k == V(5, 19) ? 2
		     : k == V(6, 1) ? 3 : k == V(6, 6) ? 4 : k == V(6, 12) ? 5
		     : 6]++;
		if (seed == 5) {
			char tok[1024];
			struct iou_sim *b;
			struct iou_sim_opts r;

			scenario(sim);
			assert_true(iou_sim_replay_token(sim, tok,
							 sizeof(tok)) > 0);
			assert_non_null(strstr(tok, "/5.10-newest:"));
			memset(&r, 0, sizeof(r));
			r.replay = tok;
			b = iou_sim_new(&r);
			assert_int_equal(iou_sim_kernel(b), k);
			iou_sim_free(b);
		}
		iou_sim_free(sim);
	}
	for (int i = 0; i < 7; i++)
		kinds += seen[i] > 0;
	assert_int_equal(kinds, 7);
	/* canonical: the newest in the range */
	{
		static const uint8_t none[1];
		struct iou_sim *sim;

		o.tape = none;
		o.tape_len = 0;
		o.kernel_max = V(6, 6);
		sim = iou_sim_new(&o);
		assert_int_equal(iou_sim_kernel(sim), V(6, 6));
		iou_sim_free(sim);
	}
}

/* copy_cqes(4, wait 4) may hand back any count from 1 to 4: with NOPs on
 * a DEFER_TASKRUN ring (delayed completions wait for GETEVENTS), and with
 * timeouts of distinct deadlines on a plain ring. */
static int copy_count(uint64_t seed, int timers)
{
	struct iou_sim *sim = st_seeded(seed, 0);
	struct iou_timespec ts[4]; /* read at submit: one each */
	struct iou_cqe c[4];
	struct iou ring;
	int ret;

	st_ring(sim, &ring, 8, timers ? 0 : IOU_SETUP_SINGLE_ISSUER |
		IOU_SETUP_DEFER_TASKRUN);
	for (int i = 0; i < 4; i++) {
		struct iou_sqe *sqe = st_sqe(&ring);

		ts[i].tv_sec = 0;
		ts[i].tv_nsec = (i + 1) * 1000;
		if (timers)
			iou_prep_timeout(sqe, &ts[i], 0, 0);
		else
			iou_prep_nop(sqe);
	}
	st_submit_all(&ring);
	do
		ret = iou_copy_cqes(&ring, c, 4, 4);
	while (ret == -EINTR);
	assert_true(ret >= 1 && ret <= 4);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
	return ret;
}

static void test_copy_cqes_every_count(void **state)
{
	for (int timers = 0; timers < 2; timers++) {
		int seen[5] = { 0 };

		for (uint64_t seed = 0; seed < 400; seed++)
			seen[copy_count(seed, timers)]++;
		for (int i = 1; i <= 4; i++)
			assert_true(seen[i] > 0);
	}
}

/* Short submits (with the EAGAIN fault class: out of request memory) and
 * -EINTR waits (always) happen on some tapes. */
static void test_short_submit_and_eintr(void **state)
{
	int short_seen = 0, eintr_seen = 0;

	for (uint64_t seed = 0; seed < 400; seed++) {
		struct iou_sim_opts o = { .seed = seed,
					  .faults = IOU_FAULT_EAGAIN };
		struct iou_sim *sim = iou_sim_new(&o);
		struct iou_timespec t = { 0, 1000 };
		struct iou_cqe *cqe;
		struct iou ring;
		int ret;

		st_ring(sim, &ring, 8, 0);
		for (int i = 0; i < 4; i++)
			iou_prep_nop(st_sqe(&ring));
		ret = iou_submit(&ring);
		assert_true((ret >= 1 && ret <= 4) || ret == -EAGAIN);
		short_seen += ret >= 1 && ret < 4;
		st_submit_all(&ring);
		iou_cq_advance(&ring, iou_cq_ready(&ring));
		iou_prep_timeout(st_sqe(&ring), &t, 0, 0);
		st_submit_all(&ring);
		while (iou_cq_ready(&ring))
			iou_cq_advance(&ring, 1);
		ret = iou_wait_cqe_timeout(&ring, &cqe, NULL);
		if (ret == -EINTR)
			eintr_seen++;
		else if (!ret)
			iou_cqe_seen(&ring, cqe);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(short_seen > 0);
	assert_true(eintr_seen > 0);
}

/* NOPs in batches of 8 with user_data i, reaped. */
static void nops(struct iou_sim *sim, unsigned n)
{
	struct iou ring;
	struct iou_cqe c[8];

	st_ring(sim, &ring, 8, 0);
	for (unsigned i = 0; i < n; i += 8) {
		for (unsigned k = 0; k < 8; k++) {
			struct iou_sqe *sqe = st_sqe(&ring);

			iou_prep_nop(sqe);
			iou_sqe_set_data64(sqe, i + k);
		}
		assert_true(st_submit_all(&ring) >= 0);
		st_reap(&ring, c, 8);
	}
	iou_queue_exit(&ring);
}

/* A trace past its bound keeps the newest events and says how many it
 * dropped; its memory stays bounded; the same tape still gives the same
 * text. */
static void test_trace_bounded_keeps_the_end(void **state)
{
	struct iou_sim *a = st_seeded(3, 0), *b = st_seeded(3, 0);
	unsigned long long dropped = 0;
	char *ta, *last;
	const char *tb;
	size_t la, lb;

	assert_int_equal(iou_sim_set_trace_limit(a, 100), -EINVAL);
	assert_int_equal(iou_sim_set_trace_limit(a, 8192), 0);
	assert_int_equal(iou_sim_set_trace_limit(b, 8192), 0);
	nops(a, 4000);
	nops(b, 4000);
	ta = strdup(iou_sim_trace(a, &la));
	assert_non_null(ta);
	assert_int_equal(sscanf(ta, "trace: %llu earlier events dropped",
				&dropped), 1);
	assert_true(dropped > 4000);
	assert_true(la < 64 * 1024);
	/* the end is there: the last NOP's CQE and the teardown */
	last = strstr(ta, "ud=f9f ");
	assert_non_null(last);
	assert_non_null(strstr(last, "teardown r0"));
	tb = iou_sim_trace(b, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(ta, tb, la);
	free(ta);
	/* 40x more: still bounded */
	nops(a, 160000);
	iou_sim_trace(a, &la);
	assert_true(la < 64 * 1024);
	iou_sim_free(a);
	iou_sim_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_trace),
		cmocka_unit_test(test_token_replays),
		cmocka_unit_test(test_token_source_forms),
		cmocka_unit_test(test_env_replay),
		cmocka_unit_test(test_bad_tokens),
		cmocka_unit_test(test_vector_entry_point),
		cmocka_unit_test(test_kernel_range),
		cmocka_unit_test(test_copy_cqes_every_count),
		cmocka_unit_test(test_short_submit_and_eintr),
		cmocka_unit_test(test_trace_bounded_keeps_the_end),
	};

	return cmocka_run_group_tests_name("sim.tape", tests, NULL, NULL);
}

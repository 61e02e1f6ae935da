/* sim_loop.c — the event loop's plumbing on the sim (issue 9): the waits
 * by design on the virtual clock, hangs, and each behaviour the kernel
 * does not guarantee (eventfd signal counts, async signals) shown
 * reachable on some tape while the guarantees hold on every tape. */
#include "simtest.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>

#define MS 1000000LL

static uint64_t take(struct iou *ring, int e)
{
	uint64_t v = 0;
	ssize_t r = iou_sys_read(ring, e, &v, sizeof(v));

	if (r == -EAGAIN)
		return 0;
	assert_int_equal(r, 8);
	return v;
}

/* A sleep advances the virtual clock by exactly its length and fires the
 * timers due meanwhile; the clock is the virtual one. */
static void test_sleep_runs_timers(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_timespec t = { 0, 5 * MS };
	struct iou_sqe *sqe;
	struct iou ring;

	(void)state;
	st_ring(sim, &ring, 4, 0);
	sqe = st_sqe(&ring);
	iou_prep_timeout(sqe, &t, 0, 0);
	assert_int_equal(iou_submit(&ring), 1);
	assert_int_equal(iou_sys_clock_ns(&ring), 0);
	assert_int_equal(iou_sys_sleep_ns(&ring, 10 * MS), 0);
	assert_int_equal(iou_sys_clock_ns(&ring), 10 * MS);
	assert_int_equal((int64_t)iou_sim_now_ns(sim), 10 * MS);
	assert_int_equal(iou_cq_ready(&ring), 1);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* A timed poll that nothing satisfies returns 0 at its deadline; an
 * infinite one is a hang (-EDEADLK, the sim marked hung). */
static void test_poll_timeout_and_hang(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct pollfd p;
	struct iou ring;
	int fds[2];

	(void)state;
	st_ring(sim, &ring, 4, 0);
	assert_int_equal(iou_sys_pipe(&ring, fds), 0);
	p.fd = fds[0];
	p.events = POLLIN;
	assert_int_equal(iou_sys_poll(&ring, &p, 1, 7), 0);
	assert_int_equal(iou_sim_now_ns(sim), 7 * MS);
	assert_false(iou_sim_hung(sim));
	assert_int_equal(iou_sys_poll(&ring, &p, 1, -1), -EDEADLK);
	assert_true(iou_sim_hung(sim));
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* A registered eventfd counts between 1 and 4 for 4 NOPs of one submit:
 * both ends are reached on some tape. */
static void test_eventfd_signal_count_is_a_choice(void **state)
{
	int seen_one = 0, seen_more = 0;

	(void)state;
	for (uint64_t seed = 0; seed < 400; seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct iou_cqe c[4];
		struct iou ring;
		uint64_t n;
		int e;

		st_ring(sim, &ring, 8, 0);
		e = iou_sys_eventfd(&ring, 0, O_NONBLOCK);
		assert_true(e >= 0);
		assert_int_equal(iou_register_eventfd(&ring, e), 0);
		for (int i = 0; i < 4; i++)
			iou_prep_nop(st_sqe(&ring));
		assert_int_equal(st_submit_all(&ring), 4);
		st_reap(&ring, c, 4);
		n = take(&ring, e);
		assert_true(n >= 1 && n <= 4);
		if (!seed)
			assert_int_equal(n, 1); /* the canonical: one batch */
		seen_one |= n == 1;
		seen_more |= n > 1;
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(seen_one);
	assert_true(seen_more);
}

/* The async form: a NOP completed inline never signals; one that
 * finished in a worker (delayed) does, on some tape. */
static void test_eventfd_async_only_from_workers(void **state)
{
	int seen_zero = 0, seen_one = 0;

	(void)state;
	for (uint64_t seed = 0; seed < 400; seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct iou_cqe c;
		struct iou ring;
		uint64_t n;
		int e;

		st_ring(sim, &ring, 8, 0);
		e = iou_sys_eventfd(&ring, 0, O_NONBLOCK);
		assert_int_equal(iou_register_eventfd_async(&ring, e), 0);
		iou_prep_nop(st_sqe(&ring));
		assert_int_equal(st_submit_all(&ring), 1);
		st_reap(&ring, &c, 1);
		n = take(&ring, e);
		if (!seed)
			assert_int_equal(n, 0);
		seen_zero |= n == 0;
		seen_one |= n == 1;
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(seen_zero);
	assert_true(seen_one);
}

/* The ring holds its eventfd: closing the fd does not stop the signals
 * (eventfd_ctx_fdget takes a reference). */
static void test_eventfd_outlives_its_fd(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_cqe c;
	struct iou ring;
	struct pollfd p;
	int e, d;

	(void)state;
	st_ring(sim, &ring, 4, 0);
	e = iou_sys_eventfd(&ring, 0, O_NONBLOCK);
	d = iou_sys_dup(&ring, e);
	assert_int_equal(iou_register_eventfd(&ring, e), 0);
	assert_int_equal(iou_sys_close(&ring, e), 0);
	iou_prep_nop(st_sqe(&ring));
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, &c, 1);
	p.fd = d;
	p.events = POLLIN;
	assert_int_equal(iou_sys_poll(&ring, &p, 1, 0), 1);
	assert_int_equal(take(&ring, d), 1);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* A ring READ parked on an eventfd is woken by another ring's WRITE;
 * a blocking eventfd's sys read returns -EAGAIN (the sim cannot block). */
static void test_eventfd_between_rings(void **state)
{
	struct iou_sim *sim = st_canon(0);
	uint64_t got = 0, add = 3;
	struct iou a, b;
	struct iou_cqe c;
	struct iou_sqe *sqe;
	int e;

	(void)state;
	st_ring(sim, &a, 4, 0);
	st_ring(sim, &b, 4, 0);
	e = iou_sys_eventfd(&a, 0, 0);
	assert_int_equal(iou_sys_read(&a, e, &got, sizeof(got)), -EAGAIN);
	sqe = st_sqe(&a);
	iou_prep_read(sqe, e, &got, sizeof(got), 0);
	assert_int_equal(iou_submit(&a), 1);
	assert_int_equal(iou_cq_ready(&a), 0);
	sqe = st_sqe(&b);
	iou_prep_write(sqe, e, &add, sizeof(add), 0);
	assert_int_equal(iou_submit(&b), 1);
	st_reap(&b, &c, 1);
	assert_int_equal(c.res, 8);
	st_reap(&a, &c, 1);
	assert_int_equal(c.res, 8);
	assert_int_equal(got, 3);
	iou_queue_exit(&a);
	iou_queue_exit(&b);
	iou_sim_free(sim);
}

/* A dup of a ring's fd outlives the ring: polling it then reports
 * nothing, and closing it is clean. */
static void test_ring_fd_outlives_ring(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou ring, other;
	struct pollfd p;
	int d;

	(void)state;
	st_ring(sim, &ring, 4, 0);
	st_ring(sim, &other, 4, 0);
	d = iou_sys_dup(&ring, iou_ring_fd(&ring));
	assert_true(d >= 0);
	iou_queue_exit(&ring);
	p.fd = d;
	p.events = POLLIN | POLLOUT;
	assert_int_equal(iou_sys_poll(&other, &p, 1, 0), 0);
	assert_int_equal(iou_sys_close(&other, d), 0);
	iou_queue_exit(&other);
	iou_sim_free(sim);
}

/* Which of several waiters a wake of one picks: the longest waiting on
 * the canonical tape, another on some tape. */
static void test_futex_wake_pick_is_a_choice(void **state)
{
	int seen_first = 0, seen_other = 0;

	(void)state;
	for (uint64_t seed = 0; seed < 300; seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		uint32_t word = 0;
		struct iou_cqe c;
		struct iou ring;

		st_ring(sim, &ring, 8, 0);
		for (int i = 1; i <= 3; i++) {
			struct iou_sqe *sqe = st_sqe(&ring);

			iou_prep_futex_wait(sqe, &word, 0, UINT32_MAX,
					    2 | 128, 0);
			sqe->user_data = (uint64_t)i;
		}
		assert_int_equal(st_submit_all(&ring), 3);
		assert_int_equal(iou_sys_futex_wake(&ring, &word, 1), 1);
		st_reap(&ring, &c, 1);
		assert_int_equal(c.res, 0);
		if (!seed)
			assert_int_equal(c.user_data, 1);
		seen_first |= c.user_data == 1;
		seen_other |= c.user_data != 1;
		assert_int_equal(iou_sys_futex_wake(&ring, &word, 5), 2);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(seen_first);
	assert_true(seen_other);
}

/* The order of the events one epoll_wait returns: the interest list's
 * on the canonical tape, the other on some tape. */
static void test_epoll_order_is_a_choice(void **state)
{
	int seen_in_order = 0, seen_reversed = 0;

	(void)state;
	for (uint64_t seed = 0; seed < 300; seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct epoll_event e, out[2];
		struct iou ring;
		int ep, p[2][2];

		st_ring(sim, &ring, 8, 0);
		ep = iou_sys_epoll_create1(&ring, 0);
		for (int i = 0; i < 2; i++) {
			assert_int_equal(iou_sys_pipe(&ring, p[i]), 0);
			e.events = EPOLLIN;
			e.data.u64 = (uint64_t)i;
			assert_int_equal(iou_sys_epoll_ctl(&ring, ep,
							   EPOLL_CTL_ADD,
							   p[i][0], &e), 0);
			assert_int_equal(iou_sys_write(&ring, p[i][1], "x", 1),
					 1);
		}
		assert_int_equal(iou_sys_epoll_wait(&ring, ep, out, 2, 0), 2);
		assert_true(out[0].data.u64 != out[1].data.u64);
		if (!seed)
			assert_int_equal(out[0].data.u64, 0);
		seen_in_order |= out[0].data.u64 == 0;
		seen_reversed |= out[0].data.u64 == 1;
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(seen_in_order);
	assert_true(seen_reversed);
}

/* epoll_wait: a timeout advances the clock; for ever with nothing that
 * can happen is a hang. */
static void test_epoll_wait_timeout_and_hang(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct epoll_event e = { .events = EPOLLIN };
	struct iou ring;
	int ep, p[2];

	(void)state;
	st_ring(sim, &ring, 4, 0);
	ep = iou_sys_epoll_create1(&ring, 0);
	assert_int_equal(iou_sys_pipe(&ring, p), 0);
	assert_int_equal(iou_sys_epoll_ctl(&ring, ep, EPOLL_CTL_ADD, p[0], &e),
			 0);
	assert_int_equal(iou_sys_epoll_wait(&ring, ep, &e, 1, 3), 0);
	assert_int_equal(iou_sim_now_ns(sim), 3 * MS);
	assert_int_equal(iou_sys_epoll_wait(&ring, ep, &e, 1, -1), -EDEADLK);
	assert_true(iou_sim_hung(sim));
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* A signal may end a wait by design (opt-in IOU_FAULT_EINTR): some tape
 * shows -EINTR; without the fault class none does. */
static void test_sys_wait_eintr_fault(void **state)
{
	int seen_eintr = 0;

	(void)state;
	for (uint64_t seed = 1; seed < 200; seed++) {
		struct iou_sim_opts o = { .seed = seed,
					  .faults = IOU_FAULT_EINTR };
		struct iou_sim *sim = iou_sim_new(&o);
		struct iou ring;
		int r;

		assert_non_null(sim);
		st_ring(sim, &ring, 4, 0);
		r = iou_sys_sleep_ns(&ring, 5 * MS);
		assert_true(r == 0 || r == -EINTR);
		seen_eintr |= r == -EINTR;
		if (!r)
			assert_int_equal(iou_sim_now_ns(sim), 5 * MS);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(seen_eintr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sleep_runs_timers),
		cmocka_unit_test(test_poll_timeout_and_hang),
		cmocka_unit_test(test_eventfd_signal_count_is_a_choice),
		cmocka_unit_test(test_eventfd_async_only_from_workers),
		cmocka_unit_test(test_eventfd_outlives_its_fd),
		cmocka_unit_test(test_eventfd_between_rings),
		cmocka_unit_test(test_ring_fd_outlives_ring),
		cmocka_unit_test(test_futex_wake_pick_is_a_choice),
		cmocka_unit_test(test_epoll_order_is_a_choice),
		cmocka_unit_test(test_epoll_wait_timeout_and_hang),
		cmocka_unit_test(test_sys_wait_eintr_fault),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sim_timers.c — timeouts on the virtual clock, timeout_remove/update,
 * link timeouts and cancel: each guarantee on every tape tried, each
 * allowed outcome on some tape. */
#include "simtest.h"

#include <errno.h>
#include <string.h>

#define MS 1000000ULL

static struct iou_timespec ms(unsigned n)
{
	struct iou_timespec ts = { n / 1000, (long long)(n % 1000) * 1000000 };

	return ts;
}

static void test_timeout_relative_and_abs(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_timespec t1 = ms(10), t2 = { 5, 0 };
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	struct iou ring;

	st_ring(sim, &ring, 4, 0);
	sqe = st_sqe(&ring);
	iou_prep_timeout(sqe, &t1, 0, 0);
	sqe->user_data = 1;
	sqe = st_sqe(&ring);
	iou_prep_timeout(sqe, &t2, 0, IOU_TIMEOUT_ABS);
	sqe->user_data = 2;
	assert_int_equal(iou_submit(&ring), 2);
	st_reap(&ring, c, 1);
	assert_int_equal(c[0].user_data, 1);
	assert_int_equal(c[0].res, -ETIME);
	assert_int_equal(iou_sim_now_ns(sim), 10 * MS);
	st_reap(&ring, c, 1);
	assert_int_equal(c[0].user_data, 2);
	assert_int_equal(iou_sim_now_ns(sim), 5000 * MS);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* A count timeout completes with 0 after `count` completions, posted
 * after them; expired: -ETIME. On every tape. */
static void test_timeout_count(void **state)
{
	for (uint64_t seed = 0; seed < 500; seed++) {
		struct iou_sim *sim = st_seeded(seed, 0);
		struct iou_timespec t = { 1, 0 };
		struct iou_cqe c[4];
		struct iou_sqe *sqe;
		struct iou ring;

		st_ring(sim, &ring, 8, 0);
		sqe = st_sqe(&ring);
		iou_prep_timeout(sqe, &t, 2, 0);
		sqe->user_data = 1;
		assert_int_equal(st_submit_all(&ring), 1);
		for (int i = 0; i < 2; i++) {
			sqe = st_sqe(&ring);
			iou_prep_nop(sqe);
			sqe->user_data = 10 + (uint64_t)i;
		}
		st_submit_all(&ring);
		st_reap(&ring, c, 3);
		assert_int_equal(st_index(c, 3, 1), 2);
		assert_int_equal(c[2].res, 0);
		assert_int_equal(iou_sim_now_ns(sim), 0);
		/* one completion of two: it expires */
		sqe = st_sqe(&ring);
		iou_prep_timeout(sqe, &t, 2, 0);
		sqe->user_data = 2;
		st_submit_all(&ring);
		iou_prep_nop(st_sqe(&ring));
		st_submit_all(&ring);
		st_reap(&ring, c, 2);
		assert_int_equal(c[1].user_data, 2);
		assert_int_equal(c[1].res, -ETIME);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
}

static void test_timeout_multishot(void **state)
{
	struct iou_sim *sim = st_canon(V(6, 6));
	struct iou_timespec t = ms(3);
	struct iou_cqe c[3];
	struct iou_sqe *sqe;
	struct iou ring;

	st_ring(sim, &ring, 4, 0);
	sqe = st_sqe(&ring);
	iou_prep_timeout(sqe, &t, 3, IOU_TIMEOUT_MULTISHOT);
	sqe->user_data = 7;
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(c[i].user_data, 7);
		assert_int_equal(c[i].res, -ETIME);
		assert_int_equal(!!(c[i].flags & IOU_CQE_F_MORE), i < 2);
	}
	assert_int_equal(iou_sim_now_ns(sim), 9 * MS);
	st_expect_quiet(&ring);
	iou_queue_exit(&ring);
	iou_sim_free(sim);

	sim = st_canon(V(6, 1)); /* 6.4+ */
	st_ring(sim, &ring, 4, 0);
	iou_prep_timeout(st_sqe(&ring), &t, 3, IOU_TIMEOUT_MULTISHOT);
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 1);
	assert_int_equal(c[0].res, -EINVAL);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

static void test_timeout_etime_success(void **state)
{
	struct iou_sim *sim = st_canon(V(6, 1));
	struct iou_timespec t = ms(1);
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	struct iou ring;

	st_ring(sim, &ring, 4, 0);
	sqe = st_sqe(&ring);
	iou_prep_timeout(sqe, &t, 0, IOU_TIMEOUT_ETIME_SUCCESS);
	sqe->flags = IOU_SQE_IO_LINK;
	sqe->user_data = 1;
	sqe = st_sqe(&ring);
	iou_prep_nop(sqe);
	sqe->user_data = 2;
	assert_int_equal(iou_submit(&ring), 2);
	st_reap(&ring, c, 2);
	assert_int_equal(c[0].res, -ETIME);
	assert_int_equal(c[1].res, 0); /* the chain went on */
	iou_queue_exit(&ring);
	iou_sim_free(sim);

	/* 5.15: -EINVAL (liburing #756) */
	sim = st_canon(V(5, 15));
	st_ring(sim, &ring, 4, 0);
	iou_prep_timeout(st_sqe(&ring), &t, 0, IOU_TIMEOUT_ETIME_SUCCESS);
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 1);
	assert_int_equal(c[0].res, -EINVAL);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* timeout vs timeout_remove: both CQEs, either order; the profile's order
 * on the canonical tape (timeout first before 5.18, remove first from). */
static int remove_order(struct iou_sim *sim)
{
	struct iou_timespec t = { 10, 0 };
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	struct iou ring;
	int first;

	st_ring(sim, &ring, 4, 0);
	sqe = st_sqe(&ring);
	iou_prep_timeout(sqe, &t, 0, 0);
	sqe->user_data = 1;
	st_submit_all(&ring);
	sqe = st_sqe(&ring);
	iou_prep_timeout_remove(sqe, 1, 0);
	sqe->user_data = 2;
	st_submit_all(&ring);
	st_reap(&ring, c, 2);
	assert_int_equal(c[st_index(c, 2, 1)].res, -ECANCELED);
	assert_int_equal(c[st_index(c, 2, 2)].res, 0);
	first = (int)c[0].user_data;
	assert_int_equal(iou_sim_now_ns(sim), 0);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
	return first;
}

static void test_timeout_remove_orders(void **state)
{
	const uint32_t ks[] = { V(5, 10), V(5, 19), V(6, 18) };

	assert_int_equal(remove_order(st_canon(V(5, 10))), 1);
	assert_int_equal(remove_order(st_canon(V(5, 15))), 1);
	assert_int_equal(remove_order(st_canon(V(5, 19))), 2);
	assert_int_equal(remove_order(st_canon(V(6, 18))), 2);
	for (size_t k = 0; k < 3; k++) {
		int seen[3] = { 0 };

		for (uint64_t seed = 0; seed < 300; seed++)
			seen[remove_order(st_seeded(seed, ks[k]))]++;
		assert_true(seen[1] > 0);
		assert_true(seen[2] > 0);
	}
}

static void test_timeout_remove_missing_and_update(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_timespec t = { 10, 0 }, t2 = ms(1);
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	struct iou ring;

	st_ring(sim, &ring, 4, 0);
	sqe = st_sqe(&ring);
	iou_prep_timeout_remove(sqe, 12345, 0);
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 1);
	assert_int_equal(c[0].res, -ENOENT);

	sqe = st_sqe(&ring);
	iou_prep_timeout(sqe, &t, 0, 0);
	sqe->user_data = 1;
	sqe = st_sqe(&ring);
	iou_prep_timeout_update(sqe, &t2, 1, 0);
	sqe->user_data = 2;
	assert_int_equal(iou_submit(&ring), 2);
	st_reap(&ring, c, 2);
	assert_int_equal(c[0].user_data, 2);
	assert_int_equal(c[0].res, 0);
	assert_int_equal(c[1].user_data, 1);
	assert_int_equal(c[1].res, -ETIME);
	assert_int_equal(iou_sim_now_ns(sim), 1 * MS);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* A read of an empty pipe with a link timeout: the read -ECANCELED or
 * -EINTR, the timeout -ETIME or -EALREADY; each pair on some tape. */
static void test_link_timeout_races(void **state)
{
	int seen[3] = { 0 };

	for (uint64_t seed = 0; seed < 400; seed++) {
		struct iou_sim *sim = st_seeded(seed, 0);
		struct iou_timespec t = ms(1);
		struct iou_cqe c[3];
		struct iou_sqe *sqe;
		struct iou ring;
		int fds[2], ri, li;
		char buf[8];

		st_ring(sim, &ring, 8, 0);
		assert_int_equal(iou_sys_pipe(&ring, fds), 0);
		sqe = st_sqe(&ring);
		iou_prep_read(sqe, fds[0], buf, sizeof(buf), 0);
		sqe->flags = IOU_SQE_IO_LINK;
		sqe->user_data = 1;
		sqe = st_sqe(&ring);
		iou_prep_link_timeout(sqe, &t, 0);
		sqe->flags = IOU_SQE_IO_LINK;
		sqe->user_data = 2;
		sqe = st_sqe(&ring);
		iou_prep_nop(sqe);
		sqe->user_data = 3;
		st_submit_all(&ring);
		st_reap(&ring, c, 3);
		ri = st_index(c, 3, 1);
		li = st_index(c, 3, 2);
		assert_true(ri >= 0 && li >= 0);
		assert_int_equal(c[2].user_data, 3); /* after both */
		assert_int_equal(c[2].res, -ECANCELED);
		if (c[ri].res == -ECANCELED && c[li].res == -ETIME)
			seen[0]++;
		else if (c[ri].res == -EINTR && c[li].res == -ETIME)
			seen[1]++;
		else if (c[ri].res == -EINTR && c[li].res == -EALREADY)
			seen[2]++;
		else
			fail_msg("read %d timeout %d", c[ri].res, c[li].res);
		iou_sys_close(&ring, fds[0]);
		iou_sys_close(&ring, fds[1]);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(seen[0] && seen[1] && seen[2]);
}

static void test_link_timeout_nop_and_lone(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_timespec t = ms(1);
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	struct iou ring;

	st_ring(sim, &ring, 4, 0);
	sqe = st_sqe(&ring);
	iou_prep_nop(sqe);
	sqe->flags = IOU_SQE_IO_LINK;
	sqe->user_data = 1;
	sqe = st_sqe(&ring);
	iou_prep_link_timeout(sqe, &t, 0);
	sqe->user_data = 2;
	assert_int_equal(iou_submit(&ring), 2);
	st_reap(&ring, c, 2);
	assert_int_equal(c[0].res, 0);
	assert_int_equal(c[1].res, -ECANCELED);
	sqe = st_sqe(&ring);
	iou_prep_link_timeout(sqe, &t, 0);
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 1);
	assert_int_equal(c[0].res, -EINVAL);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* Cancel of a pending read: target -ECANCELED/-EINTR, cancel 0, either
 * order; 6.18 canonical: the cancel first. */
static void test_cancel_pending_read(void **state)
{
	int order[2] = { 0 }, res[2] = { 0 };

	for (uint64_t seed = 0; seed < 300; seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct iou_cqe c[2];
		struct iou_sqe *sqe;
		struct iou ring;
		int fds[2], ti;
		char buf[8];

		st_ring(sim, &ring, 8, 0);
		assert_int_equal(iou_sys_pipe(&ring, fds), 0);
		sqe = st_sqe(&ring);
		iou_prep_read(sqe, fds[0], buf, sizeof(buf), 0);
		sqe->user_data = 1;
		st_submit_all(&ring);
		sqe = st_sqe(&ring);
		iou_prep_cancel64(sqe, 1, 0);
		sqe->user_data = 2;
		st_submit_all(&ring);
		st_reap(&ring, c, 2);
		ti = st_index(c, 2, 1);
		assert_int_equal(c[1 - ti].res, 0);
		assert_true(c[ti].res == -ECANCELED || c[ti].res == -EINTR);
		if (!seed)
			assert_int_equal(c[0].user_data, 2);
		order[ti]++;
		res[c[ti].res == -EINTR]++;
		iou_sys_close(&ring, fds[0]);
		iou_sys_close(&ring, fds[1]);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(order[0] && order[1] && res[0] && res[1]);
}

static void test_cancel_all_any_fd(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_timespec t = { 100, 0 };
	struct iou_cqe c[8];
	struct iou_sqe *sqe;
	struct iou ring;
	int fds[2];
	char buf[8];

	st_ring(sim, &ring, 16, 0);
	assert_int_equal(iou_sys_pipe(&ring, fds), 0);
	for (int i = 0; i < 3; i++) {
		sqe = st_sqe(&ring);
		iou_prep_read(sqe, fds[0], buf, sizeof(buf), 0);
		sqe->user_data = 5;
	}
	sqe = st_sqe(&ring);
	iou_prep_timeout(sqe, &t, 0, 0);
	sqe->user_data = 6;
	assert_int_equal(iou_submit(&ring), 4);
	sqe = st_sqe(&ring);
	iou_prep_cancel64(sqe, 5, 0);
	sqe->user_data = 100;
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 2);
	assert_int_equal(c[st_index(c, 2, 100)].res, 0);
	sqe = st_sqe(&ring);
	iou_prep_cancel64(sqe, 5, IOU_ASYNC_CANCEL_ALL);
	sqe->user_data = 101;
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 3);
	assert_int_equal(c[st_index(c, 3, 101)].res, 2);
	sqe = st_sqe(&ring);
	iou_prep_cancel64(sqe, 5, 0);
	sqe->user_data = 102;
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 1);
	assert_int_equal(c[0].res, -ENOENT);
	/* by fd: nothing left on it */
	sqe = st_sqe(&ring);
	iou_prep_cancel_fd(sqe, fds[0], 0);
	sqe->user_data = 103;
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 1);
	assert_int_equal(c[0].res, -ENOENT);
	/* ANY takes the timeout */
	sqe = st_sqe(&ring);
	iou_prep_cancel64(sqe, 0, IOU_ASYNC_CANCEL_ANY);
	sqe->user_data = 104;
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 2);
	assert_int_equal(c[st_index(c, 2, 104)].res, 1);
	assert_int_equal(c[st_index(c, 2, 6)].res, -ECANCELED);
	iou_sys_close(&ring, fds[0]);
	iou_sys_close(&ring, fds[1]);
	iou_queue_exit(&ring);
	iou_sim_free(sim);

	/* flags are 5.19 */
	sim = st_canon(V(5, 15));
	st_ring(sim, &ring, 4, 0);
	iou_prep_cancel64(st_sqe(&ring), 5, IOU_ASYNC_CANCEL_ALL);
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 1);
	assert_int_equal(c[0].res, -EINVAL);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

static void test_cancel_by_fd(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_cqe c[3];
	struct iou_sqe *sqe;
	struct iou ring;
	int fds[2];
	char buf[8];

	st_ring(sim, &ring, 8, 0);
	assert_int_equal(iou_sys_pipe(&ring, fds), 0);
	for (int i = 0; i < 2; i++) {
		sqe = st_sqe(&ring);
		iou_prep_read(sqe, fds[0], buf, sizeof(buf), 0);
		sqe->user_data = (uint64_t)i + 1;
	}
	assert_int_equal(iou_submit(&ring), 2);
	sqe = st_sqe(&ring);
	iou_prep_cancel_fd(sqe, fds[0], IOU_ASYNC_CANCEL_ALL);
	sqe->user_data = 9;
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 3);
	assert_int_equal(c[st_index(c, 3, 9)].res, 2);
	iou_sys_close(&ring, fds[0]);
	iou_sys_close(&ring, fds[1]);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* Timeouts due at the same instant post in either order; canonical: the
 * order they were armed in. */
static void test_timer_ties(void **state)
{
	int seen[2] = { 0 };

	for (uint64_t seed = 0; seed < 200; seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct iou_timespec t = { 0, 5000 };
		struct iou_cqe c[3];
		struct iou_sqe *sqe;
		struct iou ring;

		st_ring(sim, &ring, 4, 0);
		for (int i = 0; i < 3; i++) {
			sqe = st_sqe(&ring);
			iou_prep_timeout(sqe, &t, 0, 0);
			sqe->user_data = (uint64_t)i;
		}
		assert_int_equal(st_submit_all(&ring), 3);
		st_reap(&ring, c, 3);
		if (!seed)
			for (int i = 0; i < 3; i++)
				assert_int_equal(c[i].user_data, (uint64_t)i);
		seen[c[0].user_data != 0]++;
		assert_int_equal(iou_sim_now_ns(sim), 5000);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(seen[0] && seen[1]);
}

/* LINK_TIMEOUT_UPDATE (5.15) moves an armed link timeout. */
static void test_link_timeout_update(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_timespec t = { 10, 0 }, t2 = { 0, 2000 };
	struct iou_cqe c[3];
	struct iou_sqe *sqe;
	struct iou ring;
	int fds[2];
	char buf[4];

	st_ring(sim, &ring, 8, 0);
	assert_int_equal(iou_sys_pipe(&ring, fds), 0);
	sqe = st_sqe(&ring);
	iou_prep_read(sqe, fds[0], buf, sizeof(buf), 0);
	sqe->flags = IOU_SQE_IO_LINK;
	sqe->user_data = 1;
	sqe = st_sqe(&ring);
	iou_prep_link_timeout(sqe, &t, 0);
	sqe->user_data = 2;
	assert_int_equal(iou_submit(&ring), 2);
	sqe = st_sqe(&ring);
	iou_prep_timeout_update(sqe, &t2, 2, IOU_LINK_TIMEOUT_UPDATE);
	sqe->user_data = 3;
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 3);
	assert_int_equal(c[st_index(c, 3, 3)].res, 0);
	assert_int_equal(c[st_index(c, 3, 2)].res, -ETIME);
	assert_int_equal(c[st_index(c, 3, 1)].res, -ECANCELED);
	assert_int_equal(iou_sim_now_ns(sim), 2000);
	/* a missing one */
	sqe = st_sqe(&ring);
	iou_prep_timeout_update(sqe, &t2, 77, IOU_LINK_TIMEOUT_UPDATE);
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 1);
	assert_int_equal(c[0].res, -ENOENT);
	iou_queue_exit(&ring);
	iou_sim_free(sim);

	sim = st_canon(V(5, 10)); /* LINK_TIMEOUT_UPDATE is 5.15 */
	st_ring(sim, &ring, 4, 0);
	iou_prep_timeout_update(st_sqe(&ring), &t2, 2, IOU_LINK_TIMEOUT_UPDATE);
	assert_int_equal(iou_submit(&ring), 1);
	st_reap(&ring, c, 1);
	assert_int_equal(c[0].res, -EINVAL);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_timeout_relative_and_abs),
		cmocka_unit_test(test_timeout_count),
		cmocka_unit_test(test_timeout_multishot),
		cmocka_unit_test(test_timeout_etime_success),
		cmocka_unit_test(test_timeout_remove_orders),
		cmocka_unit_test(test_timeout_remove_missing_and_update),
		cmocka_unit_test(test_link_timeout_races),
		cmocka_unit_test(test_link_timeout_nop_and_lone),
		cmocka_unit_test(test_cancel_pending_read),
		cmocka_unit_test(test_cancel_all_any_fd),
		cmocka_unit_test(test_cancel_by_fd),
		cmocka_unit_test(test_link_timeout_update),
		cmocka_unit_test(test_timer_ties),
	};

	return cmocka_run_group_tests_name("sim.timers", tests, NULL, NULL);
}

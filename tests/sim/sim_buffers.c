/* sim_buffers.c — provided buffers: PROVIDE/REMOVE_BUFFERS (which ones are
 * removed and which one a read selects are choices: every bid on some
 * tape, the profile's on the canonical one), buffer select on reads
 * (F_BUFFER only with a buffer; -ENOBUFS without), buf_rings in ring
 * order. */
#include "simtest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

static char pool[4][16];

static void provide4(struct iou *ring)
{
	struct iou_cqe c;

	iou_prep_provide_buffers(st_sqe(ring), pool, 16, 4, 7, 0);
	st_submit_all(ring);
	st_reap(ring, &c, 1);
	assert_int_equal(c.res, 0);
}

/* Provides 4 buffers, removes 3, and reads with buffer select: returns the
 * bid left (-1 if none). */
static int bid_left(struct iou_sim *sim)
{
	struct iou_cqe c;
	struct iou ring;
	int fd, bid;

	st_ring(sim, &ring, 4, 0);
	provide4(&ring);
	iou_prep_remove_buffers(st_sqe(&ring), 3, 7);
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, 3);
	fd = iou_sys_open(&ring, "/tmp/b", O_CREAT | O_RDWR, 0600);
	assert_int_equal(iou_sys_write(&ring, fd, "data", 4), 4);
	{
		struct iou_sqe *sqe = st_sqe(&ring);

		iou_prep_read(sqe, fd, NULL, 16, 0);
		sqe->flags = IOU_SQE_BUFFER_SELECT;
		sqe->buf_group = 7;
	}
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_true(c.res > 0);
	assert_true(c.flags & IOU_CQE_F_BUFFER);
	bid = iou_cqe_buffer_id(&c);
	/* the group is empty now */
	{
		struct iou_sqe *sqe = st_sqe(&ring);

		iou_prep_read(sqe, fd, NULL, 16, 0);
		sqe->flags = IOU_SQE_BUFFER_SELECT;
		sqe->buf_group = 7;
	}
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, -ENOBUFS);
	assert_false(c.flags & IOU_CQE_F_BUFFER);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
	return bid;
}

static void test_remove_buffers_leaves_any(void **state)
{
	int seen[4] = { 0 };

	/* before 5.18 "remove 3 of 4" left bid 0; 6.x removes the oldest */
	assert_int_equal(bid_left(st_canon(V(5, 10))), 0);
	assert_int_equal(bid_left(st_canon(V(5, 15))), 0);
	assert_int_equal(bid_left(st_canon(V(6, 18))), 3);
	for (uint64_t seed = 0; seed < 400; seed++)
		seen[bid_left(st_seeded(seed, 0))]++;
	for (int i = 0; i < 4; i++)
		assert_true(seen[i] > 0);
}

static int first_selected(struct iou_sim *sim)
{
	struct iou_cqe c;
	struct iou_sqe *sqe;
	struct iou ring;
	int fd, bid;

	st_ring(sim, &ring, 4, 0);
	provide4(&ring);
	fd = iou_sys_open(&ring, "/tmp/b", O_CREAT | O_RDWR, 0600);
	assert_int_equal(iou_sys_write(&ring, fd, "data", 4), 4);
	sqe = st_sqe(&ring);
	iou_prep_read(sqe, fd, NULL, 8, 0);
	sqe->flags = IOU_SQE_BUFFER_SELECT;
	sqe->buf_group = 7;
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_true(c.res >= 1 && c.res <= 4);
	bid = iou_cqe_buffer_id(&c);
	assert_memory_equal(pool[bid], "data", (size_t)c.res);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
	return bid;
}

static void test_select_legacy(void **state)
{
	int seen[4] = { 0 };

	assert_int_equal(first_selected(st_canon(V(5, 10))), 3);
	assert_int_equal(first_selected(st_canon(V(6, 18))), 0);
	for (uint64_t seed = 0; seed < 400; seed++)
		seen[first_selected(st_seeded(seed, 0))]++;
	for (int i = 0; i < 4; i++)
		assert_true(seen[i] > 0);
}

/* A read that fails after it selected a legacy buffer consumes it and
 * reports it (F_BUFFER with res < 0: measured on 6.18). */
static void test_failed_read_keeps_buffer(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_cqe c;
	struct iou_sqe *sqe;
	struct iou ring;
	int fd;

	st_ring(sim, &ring, 4, 0);
	provide4(&ring);
	fd = iou_sys_open(&ring, "/tmp/w", O_CREAT | O_WRONLY, 0600);
	sqe = st_sqe(&ring);
	iou_prep_read(sqe, fd, NULL, 8, 0);
	sqe->flags = IOU_SQE_BUFFER_SELECT;
	sqe->buf_group = 7;
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, -EBADF);
	assert_true(c.flags & IOU_CQE_F_BUFFER);
	iou_prep_remove_buffers(st_sqe(&ring), 10, 7);
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, 3);
	iou_prep_remove_buffers(st_sqe(&ring), 1, 99);
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, -ENOENT);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* A pipe read with buffer select parks without holding a buffer. */
static void test_select_on_pipe(void **state)
{
	for (uint64_t seed = 0; seed < 100; seed++) {
		struct iou_sim *sim = st_seeded(seed, 0);
		struct iou_cqe c;
		struct iou_sqe *sqe;
		struct iou ring;
		int fds[2];

		st_ring(sim, &ring, 4, 0);
		provide4(&ring);
		assert_int_equal(iou_sys_pipe(&ring, fds), 0);
		sqe = st_sqe(&ring);
		iou_prep_read(sqe, fds[0], NULL, 16, 0);
		sqe->flags = IOU_SQE_BUFFER_SELECT;
		sqe->buf_group = 7;
		st_submit_all(&ring);
		assert_int_equal(iou_sys_write(&ring, fds[1], "ab", 2), 2);
		st_reap(&ring, &c, 1);
		assert_true(c.res >= 1);
		assert_true(c.flags & IOU_CQE_F_BUFFER);
		iou_prep_remove_buffers(st_sqe(&ring), 10, 7);
		st_submit_all(&ring);
		st_reap(&ring, &c, 1);
		assert_int_equal(c.res, 3);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
}

static void test_buf_ring_order(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_buf_ring *br;
	struct iou_cqe c;
	struct iou_sqe *sqe;
	struct iou ring;
	static char bufs[8][8];
	int fd, err;

	st_ring(sim, &ring, 4, 0);
	br = iou_setup_buf_ring(&ring, 8, 3, 0, &err);
	assert_non_null(br);
	for (int i = 0; i < 4; i++)
		iou_buf_ring_add(br, bufs[i], 8, (unsigned short)(10 + i),
				 iou_buf_ring_mask(8), i);
	iou_buf_ring_advance(br, 4);
	fd = iou_sys_open(&ring, "/tmp/r", O_CREAT | O_RDWR, 0600);
	assert_int_equal(iou_sys_write(&ring, fd, "0123456789abcdef", 16), 16);
	for (int i = 0; i < 5; i++) {
		sqe = st_sqe(&ring);
		iou_prep_read(sqe, fd, NULL, 4, (uint64_t)i * 4);
		sqe->flags = IOU_SQE_BUFFER_SELECT;
		sqe->buf_group = 3;
		st_submit_all(&ring);
		st_reap(&ring, &c, 1);
		if (i < 4) {
			assert_int_equal(iou_cqe_buffer_id(&c), 10 + i);
			assert_int_equal(c.res, 4);
		} else {
			assert_int_equal(c.res, -ENOBUFS);
			assert_false(c.flags & IOU_CQE_F_BUFFER);
		}
	}
	/* registering over it, or over a legacy group */
	{
		struct iou_buf_reg reg;

		memset(&reg, 0, sizeof(reg));
		reg.ring_addr = (uint64_t)(uintptr_t)br;
		reg.ring_entries = 8;
		reg.bgid = 3;
		assert_int_equal(iou_register_buf_ring(&ring, &reg, 0), -EEXIST);
		reg.ring_entries = 6;
		reg.bgid = 4;
		assert_int_equal(iou_register_buf_ring(&ring, &reg, 0), -EINVAL);
	}
	provide4(&ring);
	{
		struct iou_buf_ring *b2 = iou_setup_buf_ring(&ring, 8, 7, 0, &err);

		assert_null(b2);
		assert_int_equal(err, -EEXIST);
	}
	assert_int_equal(iou_free_buf_ring(&ring, br, 8, 3), 0);
	assert_int_equal(iou_unregister_buf_ring(&ring, 3), -ENOENT);
	iou_queue_exit(&ring);
	iou_sim_free(sim);

	sim = st_canon(V(5, 15));
	st_ring(sim, &ring, 4, 0);
	assert_null(iou_setup_buf_ring(&ring, 8, 3, 0, &err));
	assert_int_equal(err, -EINVAL);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

static void test_provide_errnos(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_cqe c;
	struct iou ring;

	st_ring(sim, &ring, 4, 0);
	iou_prep_provide_buffers(st_sqe(&ring), pool, 16, 0, 1, 0);
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, -E2BIG);
	iou_prep_provide_buffers(st_sqe(&ring), pool, 0, 1, 1, 0);
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, -EINVAL);
	iou_prep_provide_buffers(st_sqe(&ring), NULL, 16, 1, 1, 0);
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, -EFAULT);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remove_buffers_leaves_any),
		cmocka_unit_test(test_select_legacy),
		cmocka_unit_test(test_failed_read_keeps_buffer),
		cmocka_unit_test(test_select_on_pipe),
		cmocka_unit_test(test_buf_ring_order),
		cmocka_unit_test(test_provide_errnos),
	};

	return cmocka_run_group_tests_name("sim.buffers", tests, NULL, NULL);
}

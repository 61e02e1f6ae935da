/* unit_ring.c — the shared user-side ring code: SQ full, SQ and CQ index
 * wraparound over thousands of rounds on tiny rings, copy_cqes across the
 * end of the CQ array and with a count below what is ready, partial
 * cq_advance, peek/for_each. Runs on the real kernel. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "iou.h"

static void prep_nops(struct iou *ring, unsigned n, uint64_t first_ud)
{
	for (unsigned i = 0; i < n; i++) {
		struct iou_sqe *sqe = iou_get_sqe(ring);

		assert_non_null(sqe);
		iou_prep_nop(sqe);
		iou_sqe_set_data64(sqe, first_ud + i);
	}
}

static int setup_ring(void **state, unsigned entries, unsigned flags)
{
	struct iou *ring = calloc(1, sizeof(*ring));

	if (!ring)
		return -1;
	if (iou_queue_init(entries, ring, flags) < 0) {
		free(ring);
		return -1;
	}
	*state = ring;
	return 0;
}

static int setup4(void **state) { return setup_ring(state, 4, 0); }
static int setup2(void **state) { return setup_ring(state, 2, 0); }
static int setup8(void **state) { return setup_ring(state, 8, 0); }

static int teardown(void **state)
{
	iou_queue_exit(*state);
	free(*state);
	return 0;
}

static void test_sq_full_returns_null(void **state)
{
	struct iou *ring = *state;

	assert_int_equal(iou_sq_space_left(ring), 4);
	prep_nops(ring, 4, 1);
	assert_null(iou_get_sqe(ring));
	assert_int_equal(iou_sq_ready(ring), 4);
	assert_int_equal(iou_sq_space_left(ring), 0);
	assert_int_equal(iou_submit_and_wait(ring, 4), 4);
	assert_int_equal(iou_sq_ready(ring), 0);
	assert_non_null(iou_get_sqe(ring));
}

/* Each round submits a count that does not divide the ring sizes, so SQ and
 * CQ slots wrap at every position and copies straddle the array's end. */
static void test_wraparound_thousands_of_rounds(void **state)
{
	struct iou *ring = *state; /* 2 SQ, 4 CQ entries */
	uint64_t ud = 1;

	for (unsigned round = 0; round < 5000; round++) {
		unsigned n = 1 + round % 2;
		struct iou_cqe cqes[4];
		uint64_t seen = 0;
		int got = 0;

		prep_nops(ring, n, ud);
		assert_int_equal(iou_submit_and_wait(ring, n), (int)n);
		while (got < (int)n) {
			int r = iou_copy_cqes(ring, cqes, 4, 1);

			assert_true(r > 0);
			for (int i = 0; i < r; i++) {
				assert_true(cqes[i].user_data >= ud &&
					    cqes[i].user_data < ud + n);
				assert_int_equal(cqes[i].res, 0);
				seen |= 1ULL << (cqes[i].user_data - ud);
			}
			got += r;
		}
		assert_int_equal(got, (int)n);
		assert_int_equal(seen, (1ULL << n) - 1);
		assert_int_equal(iou_cq_ready(ring), 0);
		ud += n;
	}
}

/* The seeds' bug: copy_cqes across the end of the CQ array must copy the
 * tail piece too. 8 CQ slots, rounds of 3 and 5 CQEs, copied in one go. */
static void test_copy_cqes_across_cq_end(void **state)
{
	struct iou *ring = *state; /* 4 SQ, 8 CQ entries */
	uint64_t ud = 100;

	for (unsigned round = 0; round < 3000; round++) {
		unsigned n = round % 2 ? 3 : 4;
		struct iou_cqe cqes[8];
		uint64_t seen = 0;
		int r;

		prep_nops(ring, n, ud);
		assert_int_equal(iou_submit_and_wait(ring, n), (int)n);
		assert_int_equal(iou_cq_ready(ring), n);
		r = iou_copy_cqes(ring, cqes, 8, 0);
		assert_int_equal(r, (int)n);
		for (int i = 0; i < r; i++) {
			assert_true(cqes[i].user_data >= ud &&
				    cqes[i].user_data < ud + n);
			seen |= 1ULL << (cqes[i].user_data - ud);
		}
		assert_int_equal(seen, (1ULL << n) - 1);
		ud += n;
	}
}

static void test_copy_cqes_count_below_ready(void **state)
{
	struct iou *ring = *state; /* 8 SQ, 16 CQ */
	struct iou_cqe cqes[8];

	prep_nops(ring, 6, 1);
	assert_int_equal(iou_submit_and_wait(ring, 6), 6);
	assert_int_equal(iou_cq_ready(ring), 6);
	assert_int_equal(iou_copy_cqes(ring, cqes, 4, 0), 4);
	assert_int_equal(iou_cq_ready(ring), 2);
	assert_int_equal(iou_copy_cqes(ring, cqes, 4, 0), 2);
	assert_int_equal(iou_cq_ready(ring), 0);
	assert_int_equal(iou_copy_cqes(ring, cqes, 4, 0), 0);
	assert_int_equal(iou_copy_cqes(ring, cqes, 0, 1), 0);
}

static void test_partial_cq_advance(void **state)
{
	struct iou *ring = *state;
	struct iou_cqe *batch[8], *cqe;
	unsigned head, n = 0;

	prep_nops(ring, 5, 10);
	assert_int_equal(iou_submit_and_wait(ring, 5), 5);
	assert_int_equal(iou_peek_batch_cqe(ring, batch, 8), 5);
	iou_cq_advance(ring, 2);
	assert_int_equal(iou_cq_ready(ring), 3);
	assert_int_equal(iou_peek_cqe(ring, &cqe), 0);
	assert_ptr_equal(cqe, batch[2]);
	iou_for_each_cqe(ring, head, cqe) {
		assert_ptr_equal(cqe, batch[2 + n]);
		n++;
	}
	assert_int_equal(n, 3);
	iou_cq_advance(ring, n);
	assert_int_equal(iou_cq_ready(ring), 0);
	assert_int_equal(iou_peek_cqe(ring, &cqe), -EAGAIN);
}

static void test_wait_cqe_and_seen(void **state)
{
	struct iou *ring = *state;
	struct iou_cqe *cqe = NULL;

	prep_nops(ring, 1, 42);
	assert_int_equal(iou_submit(ring), 1);
	assert_int_equal(iou_wait_cqe(ring, &cqe), 0);
	assert_non_null(cqe);
	assert_int_equal(iou_cqe_get_data64(cqe), 42);
	iou_cqe_seen(ring, cqe);
	assert_int_equal(iou_cq_ready(ring), 0);
}

static void test_wait_timeout_expires(void **state)
{
	struct iou *ring = *state;
	struct iou_timespec ts = { .tv_sec = 0, .tv_nsec = 1000000 };
	struct iou_cqe *cqe = (struct iou_cqe *)1;

	assert_int_equal(iou_wait_cqe_timeout(ring, &cqe, &ts), -ETIME);
	assert_null(cqe);
	prep_nops(ring, 2, 7);
	assert_int_equal(iou_submit_and_wait_timeout(ring, &cqe, 2, &ts), 2);
	assert_non_null(cqe);
	iou_cq_advance(ring, iou_cq_ready(ring));
}

static void test_submit_nothing_is_zero(void **state)
{
	struct iou *ring = *state;

	assert_int_equal(iou_submit(ring), 0);
	assert_int_equal(iou_get_events(ring), 0);
}

/* NOPs through every setup mode the ring code has a path for: SQPOLL
 * (wakeup), TASKRUN flag, DEFER_TASKRUN (completions only on GETEVENTS),
 * SUBMIT_ALL, and a registered ring fd. */
static void test_setup_modes(void **state)
{
	static const unsigned modes[] = {
		0,
		IOU_SETUP_SQPOLL,
		IOU_SETUP_COOP_TASKRUN | IOU_SETUP_TASKRUN_FLAG,
		IOU_SETUP_SINGLE_ISSUER | IOU_SETUP_DEFER_TASKRUN,
		IOU_SETUP_SINGLE_ISSUER | IOU_SETUP_DEFER_TASKRUN |
			IOU_SETUP_TASKRUN_FLAG,
		IOU_SETUP_SUBMIT_ALL,
		IOU_SETUP_SINGLE_ISSUER,
		IOU_SETUP_NO_SQARRAY,
	};

	(void)state;
	for (unsigned m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		struct iou ring;
		uint64_t ud = 1;
		int ret = iou_queue_init(8, &ring, modes[m]);

		if (ret == -EINVAL && (modes[m] & IOU_SETUP_NO_SQARRAY))
			continue; /* before 6.6 */
		assert_int_equal(ret, 0);
		for (unsigned round = 0; round < 200; round++) {
			struct iou_cqe *cqe;
			int got = 0;

			prep_nops(&ring, 4, ud);
			ret = iou_submit(&ring);
			/* Under SQPOLL the count is what the kernel had not
			 * consumed yet, which may include the last round's
			 * (its CQEs can post before the SQ head moves:
			 * liburing #88). */
			if (ret < 0 || ret > ((modes[m] & IOU_SETUP_SQPOLL) ? 8 : 4))
				fail_msg("mode %#x round %u: submit %d", modes[m], round, ret);
			while (got < 4) {
				assert_int_equal(iou_wait_cqe(&ring, &cqe), 0);
				assert_true(cqe->user_data >= ud &&
					    cqe->user_data < ud + 4);
				iou_cqe_seen(&ring, cqe);
				got++;
			}
			ud += 4;
		}
		assert_int_equal(iou_sq_ready(&ring), 0);
		iou_queue_exit(&ring);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sq_full_returns_null, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_wraparound_thousands_of_rounds, setup2, teardown),
		cmocka_unit_test_setup_teardown(test_copy_cqes_across_cq_end, setup4, teardown),
		cmocka_unit_test_setup_teardown(test_copy_cqes_count_below_ready, setup8, teardown),
		cmocka_unit_test_setup_teardown(test_partial_cq_advance, setup8, teardown),
		cmocka_unit_test_setup_teardown(test_wait_cqe_and_seen, setup8, teardown),
		cmocka_unit_test_setup_teardown(test_wait_timeout_expires, setup8, teardown),
		cmocka_unit_test_setup_teardown(test_submit_nothing_is_zero, setup8, teardown),
		cmocka_unit_test(test_setup_modes),
	};
	struct iou probe;
	int ret = iou_queue_init(2, &probe, 0);

	if (ret == -ENOSYS || ret == -EPERM) {
		printf("io_uring_setup: %s: skipping\n", iou_strerror(ret));
		return 77;
	}
	if (ret == 0)
		iou_queue_exit(&probe);
	return cmocka_run_group_tests(tests, NULL, NULL);
}

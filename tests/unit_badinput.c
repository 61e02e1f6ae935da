/* unit_badinput.c — bad input gets a clear negative errno and loses
 * nothing: NULL, closed and never-set-up rings, exit twice, bad entries and
 * flags, NULL out-pointers, and SQEs the kernel must refuse (unknown opcode,
 * bad fd, reserved bits). Runs on the real kernel. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "iou.h"

static void test_null_ring(void **state)
{
	struct iou_cqe *cqe;
	struct iou_cqe cqes[2];
	int fds[2];

	(void)state;
	assert_int_equal(iou_queue_init(8, NULL, 0), -EINVAL);
	assert_null(iou_get_sqe(NULL));
	assert_int_equal(iou_submit(NULL), -EINVAL);
	assert_int_equal(iou_submit_and_wait(NULL, 1), -EINVAL);
	assert_int_equal(iou_peek_cqe(NULL, &cqe), -EINVAL);
	assert_int_equal(iou_wait_cqe(NULL, &cqe), -EINVAL);
	assert_int_equal(iou_wait_cqes(NULL, &cqe, 2, NULL), -EINVAL);
	assert_int_equal(iou_copy_cqes(NULL, cqes, 2, 1), -EINVAL);
	assert_int_equal(iou_get_events(NULL), -EINVAL);
	assert_int_equal(iou_register_files(NULL, fds, 0), -EINVAL);
	assert_int_equal(iou_register_ring_fd(NULL), -EINVAL);
	assert_int_equal(iou_sys_pipe(NULL, fds), -EINVAL);
	assert_int_equal(iou_sys_close(NULL, 0), -EINVAL);
	assert_int_equal(iou_cq_ready(NULL), 0);
	assert_int_equal(iou_sq_ready(NULL), 0);
	assert_int_equal(iou_sq_space_left(NULL), 0);
	assert_null(iou_backend_name(NULL));
	iou_cq_advance(NULL, 1);
	iou_cqe_seen(NULL, NULL);
	iou_queue_exit(NULL);
}

static void check_closed(struct iou *ring)
{
	struct iou_cqe *cqe;
	struct iou_cqe cqes[2];
	char buf[4];

	assert_null(iou_get_sqe(ring));
	assert_int_equal(iou_submit(ring), -EBADF);
	assert_int_equal(iou_submit_and_wait(ring, 1), -EBADF);
	assert_int_equal(iou_peek_cqe(ring, &cqe), -EBADF);
	assert_int_equal(iou_wait_cqe(ring, &cqe), -EBADF);
	assert_int_equal(iou_copy_cqes(ring, cqes, 2, 1), -EBADF);
	assert_int_equal(iou_register_buffers(ring, NULL, 0), -EBADF);
	assert_int_equal(iou_ring_fd(ring), -EBADF);
	assert_int_equal(iou_sys_read(ring, 0, buf, sizeof(buf)), -EBADF);
	assert_int_equal(iou_cq_ready(ring), 0);
	iou_cq_advance(ring, 3);
	iou_queue_exit(ring);
}

static void test_closed_ring_and_exit_twice(void **state)
{
	struct iou ring;

	(void)state;
	assert_int_equal(iou_queue_init(8, &ring, 0), 0);
	assert_string_equal(iou_backend_name(&ring), "linux");
	iou_queue_exit(&ring);
	check_closed(&ring);
	iou_queue_exit(&ring);
	check_closed(&ring);
}

static void test_zeroed_ring_is_closed(void **state)
{
	struct iou ring;

	(void)state;
	memset(&ring, 0, sizeof(ring));
	check_closed(&ring);
}

static void test_bad_entries(void **state)
{
	struct iou_params p;
	struct iou ring;

	(void)state;
	assert_int_equal(iou_queue_init(0, &ring, 0), -EINVAL);
	/* any size up to 32768 is rounded up, as the kernel does */
	assert_int_equal(iou_queue_init(3, &ring, 0), 0);
	assert_int_equal(iou_sq_entries(&ring), 4);
	iou_queue_exit(&ring);
	assert_int_equal(iou_queue_init(100, &ring, 0), 0);
	assert_int_equal(iou_sq_entries(&ring), 128);
	iou_queue_exit(&ring);
	assert_int_equal(iou_queue_init(32769, &ring, 0), -EINVAL);
	assert_int_equal(iou_queue_init(65536, &ring, 0), -EINVAL);
	assert_int_equal(iou_queue_init(1U << 31, &ring, 0), -EINVAL);
	/* A failed init leaves a closed ring behind. */
	check_closed(&ring);

	memset(&p, 0, sizeof(p));
	p.flags = IOU_SETUP_CLAMP;
	assert_int_equal(iou_queue_init_params(65536, &ring, &p), 0);
	assert_int_equal(p.sq_entries, 32768);
	iou_queue_exit(&ring);

	memset(&p, 0, sizeof(p));
	p.flags = IOU_SETUP_CQSIZE;
	p.cq_entries = 64;
	assert_int_equal(iou_queue_init_params(8, &ring, &p), 0);
	assert_int_equal(p.sq_entries, 8);
	assert_int_equal(p.cq_entries, 64);
	iou_queue_exit(&ring);

	memset(&p, 0, sizeof(p));
	p.flags = IOU_SETUP_CQSIZE; /* with cq_entries 0 */
	assert_int_equal(iou_queue_init_params(8, &ring, &p), -EINVAL);
}

static void test_bad_setup_flags(void **state)
{
	struct iou ring;

	(void)state;
	assert_int_equal(iou_queue_init(8, &ring, 1U << 30), -EINVAL);
	/* (SQE128 and CQE32 rings are driven: conformance wide_rings_*.) */
	/* DEFER_TASKRUN needs SINGLE_ISSUER: the kernel says so. */
	assert_int_equal(iou_queue_init(8, &ring, IOU_SETUP_DEFER_TASKRUN),
			 -EINVAL);
}

static void test_null_out_pointers(void **state)
{
	struct iou ring;

	(void)state;
	assert_int_equal(iou_queue_init(8, &ring, 0), 0);
	assert_int_equal(iou_peek_cqe(&ring, NULL), -EINVAL);
	assert_int_equal(iou_wait_cqe(&ring, NULL), -EINVAL);
	assert_int_equal(iou_wait_cqes(&ring, NULL, 1, NULL), -EINVAL);
	assert_int_equal(iou_copy_cqes(&ring, NULL, 4, 0), -EINVAL);
	assert_int_equal(iou_peek_batch_cqe(&ring, NULL, 4), 0);
	iou_queue_exit(&ring);
}

/* Submits one SQE and returns its CQE's res. */
static int one_cqe(struct iou *ring, const struct iou_sqe *tmpl)
{
	struct iou_sqe *sqe = iou_get_sqe(ring);
	struct iou_cqe *cqe;
	int res;

	assert_non_null(sqe);
	*sqe = *tmpl;
	sqe->user_data = 0x5151;
	assert_int_equal(iou_submit(ring), 1);
	assert_int_equal(iou_wait_cqe(ring, &cqe), 0);
	assert_int_equal(cqe->user_data, 0x5151);
	res = cqe->res;
	iou_cqe_seen(ring, cqe);
	return res;
}

static void test_refused_sqes(void **state)
{
	struct iou_sqe sqe;
	struct iou_timespec ts = { .tv_sec = 1 };
	struct iou ring;
	char buf[8];

	(void)state;
	assert_int_equal(iou_queue_init(8, &ring, 0), 0);

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = 250; /* unknown opcode */
	assert_int_equal(one_cqe(&ring, &sqe), -EINVAL);

	iou_prep_read(&sqe, 999999, buf, sizeof(buf), 0); /* bad fd */
	assert_int_equal(one_cqe(&ring, &sqe), -EBADF);

	iou_prep_read(&sqe, -1, buf, sizeof(buf), 0);
	assert_int_equal(one_cqe(&ring, &sqe), -EBADF);

	iou_prep_nop(&sqe);
	sqe.flags = 0x80; /* a flag no kernel knows */
	assert_int_equal(one_cqe(&ring, &sqe), -EINVAL);

	iou_prep_nop(&sqe);
	sqe.flags = IOU_SQE_FIXED_FILE; /* no file table registered */
	sqe.opcode = IOU_OP_READ;
	sqe.addr = (uint64_t)(uintptr_t)buf;
	sqe.len = sizeof(buf);
	assert_int_equal(one_cqe(&ring, &sqe), -EBADF);

	iou_prep_timeout_remove(&sqe, 1, 0);
	sqe.len = 5; /* reserved for timeout_remove */
	assert_int_equal(one_cqe(&ring, &sqe), -EINVAL);

	iou_prep_cancel64(&sqe, 1, 0);
	sqe.cancel_flags = 1U << 30; /* unknown cancel flag */
	assert_int_equal(one_cqe(&ring, &sqe), -EINVAL);

	iou_prep_link_timeout(&sqe, &ts, 0); /* lone link timeout */
	assert_int_equal(one_cqe(&ring, &sqe), -EINVAL);

	/* The ring still works after all of that. */
	iou_prep_nop(&sqe);
	assert_int_equal(one_cqe(&ring, &sqe), 0);
	iou_queue_exit(&ring);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_ring),
		cmocka_unit_test(test_closed_ring_and_exit_twice),
		cmocka_unit_test(test_zeroed_ring_is_closed),
		cmocka_unit_test(test_bad_entries),
		cmocka_unit_test(test_bad_setup_flags),
		cmocka_unit_test(test_null_out_pointers),
		cmocka_unit_test(test_refused_sqes),
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

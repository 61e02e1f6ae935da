/* cases_cancel.c — conformance: ASYNC_CANCEL by user_data, ALL, FD, and of
 * nothing. Targets are reads on empty pipes: they cannot complete. */
#include "cases.h"

#include <errno.h>
#include <poll.h>

static void prep_read(struct fx *fx, int fd, void *buf, unsigned len,
		      uint64_t ud)
{
	struct iou_sqe *sqe = fx_sqe(fx);

	iou_prep_read(sqe, fd, buf, len, (uint64_t)-1);
	iou_sqe_set_data64(sqe, ud);
}

static void prep_cancel(struct fx *fx, uint64_t target, int flags,
			uint64_t ud)
{
	struct iou_sqe *sqe = fx_sqe(fx);

	iou_prep_cancel64(sqe, target, flags);
	iou_sqe_set_data64(sqe, ud);
}

static int is_cancelled(int res)
{
	return res == -ECANCELED || res == -EINTR;
}

/* Cancel of a pending read: target -ECANCELED (or -EINTR), cancel 0 (or
 * -EALREADY), in either order. */
void case_cancel_pending_read_either_order(struct fx *fx)
{
	char buf[16];
	struct iou_cqe c[2];
	struct iou_cqe *t, *k;
	int fds[2];

	fx_pipe(fx, fds);
	prep_read(fx, fds[0], buf, sizeof(buf), 1);
	fx_submit(fx, 1);
	fx_expect_quiet(fx, 5);
	prep_cancel(fx, 1, 0, 2);
	fx_submit_wait(fx, 1, c, 2);
	t = fx_find(c, 2, 1);
	k = fx_find(c, 2, 2);
	assert_non_null(t);
	assert_non_null(k);
	assert_true(is_cancelled(t->res));
	assert_true(k->res == 0 || k->res == -EALREADY);
	fx_note(fx, "target %d, cancel %d, %s first", t->res, k->res,
		c[0].user_data == 1 ? "target" : "cancel");
}

/* Cancel of a user_data nobody has: -ENOENT. */
void case_cancel_unknown_enoent(struct fx *fx)
{
	struct iou_cqe cqe;

	prep_cancel(fx, 0xdead, 0, 2);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 2);
	assert_int_equal(cqe.res, -ENOENT);
}

/* ASYNC_CANCEL_ALL cancels every request with the user_data and returns
 * how many. */
void case_cancel_all_returns_count(struct fx *fx)
{
	char buf[3][16];
	struct iou_cqe c[4];
	unsigned i;
	int fds[2];

	fx_pipe(fx, fds);
	for (i = 0; i < 3; i++)
		prep_read(fx, fds[0], buf[i], 16, 7);
	fx_submit(fx, 3);
	fx_expect_quiet(fx, 5);
	prep_cancel(fx, 7, IOU_ASYNC_CANCEL_ALL, 8);
	fx_submit_wait(fx, 1, c, 4);
	assert_int_equal(fx_count(c, 4, 7), 3);
	assert_int_equal(fx_find(c, 4, 8)->res, 3);
	for (i = 0; i < 4; i++)
		if (c[i].user_data == 7)
			assert_true(is_cancelled(c[i].res));
}

/* ASYNC_CANCEL_FD|ALL cancels the requests on that fd only. */
void case_cancel_by_fd(struct fx *fx)
{
	char buf[3][16];
	struct iou_cqe c[4];
	struct iou_sqe *sqe;
	int a[2], b[2];

	fx_pipe(fx, a);
	fx_pipe(fx, b);
	prep_read(fx, a[0], buf[0], 16, 1);
	prep_read(fx, a[0], buf[1], 16, 2);
	prep_read(fx, b[0], buf[2], 16, 3);
	fx_submit(fx, 3);
	fx_expect_quiet(fx, 5);
	sqe = fx_sqe(fx);
	iou_prep_cancel_fd(sqe, a[0], IOU_ASYNC_CANCEL_ALL);
	iou_sqe_set_data64(sqe, 9);
	fx_submit_wait(fx, 1, c, 3);
	assert_int_equal(fx_find(c, 3, 9)->res, 2);
	assert_true(is_cancelled(fx_find(c, 3, 1)->res));
	assert_true(is_cancelled(fx_find(c, 3, 2)->res));
	assert_int_equal(fx_count(c, 3, 3), 0);
	/* The read on b is untouched: data completes it. */
	fx_write_all(fx, b[1], "hi", 2);
	c[0] = fx_reap1(fx);
	assert_int_equal(c[0].user_data, 3);
	assert_int_equal(c[0].res, 2);
}

/* A poll punted to io-wq (IOSQE_ASYNC) is found by cancel, in the same
 * batch (still queued for a worker) or later (armed): cancel 0, the poll
 * -ECANCELED (a poll is disarmed, never interrupted: no -EINTR). A
 * request linked behind it with CQE_SKIP_SUCCESS on the poll gets no CQE
 * (REQ_F_SKIP_LINK_CQES, 5.17). */
void case_cancel_async_poll(struct fx *fx)
{
	struct iou_cqe c[3];
	struct iou_sqe *sqe;
	int fds[2];

	fx_pipe(fx, fds);
	for (unsigned later = 0; later < 2; later++) {
		sqe = fx_sqe(fx);
		iou_prep_poll_add(sqe, fds[0], POLLIN);
		sqe->flags |= IOU_SQE_ASYNC | IOU_SQE_IO_LINK |
			      IOU_SQE_CQE_SKIP_SUCCESS;
		iou_sqe_set_data64(sqe, 1);
		sqe = fx_sqe(fx);
		iou_prep_nop(sqe);
		iou_sqe_set_data64(sqe, 3);
		if (later) {
			fx_submit(fx, 2);
			fx_expect_quiet(fx, 5);
		}
		prep_cancel(fx, 1, 0, 2);
		fx_submit_wait(fx, later ? 1 : 3, c, 2);
		assert_int_equal(fx_find(c, 2, 1)->res, -ECANCELED);
		assert_int_equal(fx_find(c, 2, 2)->res, 0);
		fx_expect_quiet(fx, 5); /* nothing for the NOP */
	}
}

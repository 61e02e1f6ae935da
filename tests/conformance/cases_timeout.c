/* cases_timeout.c — conformance: timeouts (relative, count, remove, update)
 * and link timeouts. */
#include "cases.h"

#include <errno.h>

static struct iou_sqe *prep_timeout(struct fx *fx, struct iou_timespec *ts,
				    unsigned count, unsigned flags,
				    uint64_t ud)
{
	struct iou_sqe *sqe = fx_sqe(fx);

	iou_prep_timeout(sqe, ts, count, flags);
	iou_sqe_set_data64(sqe, ud);
	return sqe;
}

/* A relative timeout that expires completes with -ETIME. */
void case_timeout_relative_expires_etime(struct fx *fx)
{
	struct iou_timespec ts = fx_ms(10);
	struct iou_cqe cqe;

	prep_timeout(fx, &ts, 0, 0, 1);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 1);
	assert_int_equal(cqe.res, -ETIME);
}

/* A count timeout completes with 0 after `count` completions, after them,
 * long before its time. */
void case_timeout_count_completes_after_n(struct fx *fx)
{
	struct iou_timespec ts = fx_ms(5000);
	struct iou_cqe c[3];
	struct iou_sqe *sqe;
	int it;

	prep_timeout(fx, &ts, 2, 0, 1);
	fx_submit(fx, 1);
	sqe = fx_sqe(fx);
	iou_prep_nop(sqe);
	iou_sqe_set_data64(sqe, 2);
	sqe = fx_sqe(fx);
	iou_prep_nop(sqe);
	iou_sqe_set_data64(sqe, 3);
	fx_submit_wait(fx, 2, c, 3);
	it = fx_index(c, 3, 1);
	assert_int_equal(it, 2);
	assert_int_equal(c[it].res, 0);
	assert_int_equal(fx_find(c, 3, 2)->res, 0);
	assert_int_equal(fx_find(c, 3, 3)->res, 0);
}

/* timeout_remove of a live timeout: timeout -ECANCELED, remove 0, in either
 * order (timeout first before 5.18, remove first since). */
void case_timeout_remove_either_order(struct fx *fx)
{
	struct iou_timespec ts = fx_ms(10000);
	struct iou_cqe c[2];
	struct iou_sqe *sqe;

	prep_timeout(fx, &ts, 0, 0, 1);
	fx_submit(fx, 1);
	sqe = fx_sqe(fx);
	iou_prep_timeout_remove(sqe, 1, 0);
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 1, c, 2);
	assert_int_equal(fx_count(c, 2, 1), 1);
	assert_int_equal(fx_count(c, 2, 2), 1);
	assert_int_equal(fx_find(c, 2, 1)->res, -ECANCELED);
	assert_int_equal(fx_find(c, 2, 2)->res, 0);
	fx_note(fx, "%s CQE first", c[0].user_data == 1 ? "timeout" : "remove");
}

/* timeout_remove of nothing: -ENOENT. */
void case_timeout_remove_unknown_enoent(struct fx *fx)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	iou_prep_timeout_remove(sqe, 0x1234, 0);
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.res, -ENOENT);
}

/* timeout_update shortens a 10 s timeout to 10 ms: update 0, the timeout
 * -ETIME, in either order. */
void case_timeout_update_shortens(struct fx *fx)
{
	struct iou_timespec ts = fx_ms(10000), ts2 = fx_ms(10);
	struct iou_cqe c[2];
	struct iou_sqe *sqe;

	prep_timeout(fx, &ts, 0, 0, 1);
	fx_submit(fx, 1);
	sqe = fx_sqe(fx);
	iou_prep_timeout_update(sqe, &ts2, 1, 0);
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 1, c, 2);
	assert_int_equal(fx_find(c, 2, 1)->res, -ETIME);
	assert_int_equal(fx_find(c, 2, 2)->res, 0);
	fx_note(fx, "%s CQE first", c[0].user_data == 1 ? "timeout" : "update");
}

/* A link timeout that fires on a read that cannot complete: read
 * -ECANCELED or -EINTR, timeout -ETIME or -EALREADY. */
void case_link_timeout_on_pending_read(struct fx *fx)
{
	struct iou_timespec ts = fx_ms(20);
	char buf[16];
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	struct iou_cqe *rd, *to;
	int fds[2];

	fx_pipe(fx, fds);
	sqe = fx_sqe(fx);
	iou_prep_read(sqe, fds[0], buf, sizeof(buf), 0);
	iou_sqe_set_data64(sqe, 1);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	sqe = fx_sqe(fx);
	iou_prep_link_timeout(sqe, &ts, 0);
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 2, c, 2);
	rd = fx_find(c, 2, 1);
	to = fx_find(c, 2, 2);
	assert_non_null(rd);
	assert_non_null(to);
	assert_true(rd->res == -ECANCELED || rd->res == -EINTR);
	assert_true(to->res == -ETIME || to->res == -EALREADY);
	fx_note(fx, "read %d, timeout %d, %s first", rd->res, to->res,
		c[0].user_data == 1 ? "read" : "timeout");
}

/* NOP + link timeout: the NOP completes first, the timeout is cancelled. */
void case_link_timeout_on_nop_cancelled(struct fx *fx)
{
	struct iou_timespec ts = fx_ms(1000);
	struct iou_cqe c[2];
	struct iou_sqe *sqe = fx_sqe(fx);

	iou_prep_nop(sqe);
	iou_sqe_set_data64(sqe, 1);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	sqe = fx_sqe(fx);
	iou_prep_link_timeout(sqe, &ts, 0);
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 2, c, 2);
	assert_int_equal(fx_find(c, 2, 1)->res, 0);
	assert_int_equal(fx_find(c, 2, 2)->res, -ECANCELED);
}

/* A LINK_TIMEOUT with no request before it: -EINVAL. */
void case_link_timeout_alone_einval(struct fx *fx)
{
	struct iou_timespec ts = fx_ms(10);
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	iou_prep_link_timeout(sqe, &ts, 0);
	iou_sqe_set_data64(sqe, 7);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 7);
	assert_int_equal(cqe.res, -EINVAL);
}

/* A multishot timeout whose shot does not fit in the CQ ends there (6.4:
 * io_req_post_cqe does not overflow): nothing is reaped while it fires
 * every millisecond into a 4-entry CQ; then its CQEs are all -ETIME, all
 * but the last with F_MORE, and nothing comes after the last. */
void case_timeout_multishot_ends_on_full_cq(struct fx *fx)
{
	struct iou_timespec ts = fx_ms(1);
	struct iou_cqe cqe;
	unsigned n = 0;
	int more = 1;

	prep_timeout(fx, &ts, 0, IOU_TIMEOUT_MULTISHOT, 1);
	assert_int_equal(fx_submit(fx, 1), 1);
	assert_int_equal(iou_sys_sleep_ns(&fx->ring, 40 * 1000000LL), 0);
	while (more) {
		assert_true(fx_wait_cqes(fx, 1, 1000) >= 0);
		cqe = fx_reap1(fx);
		assert_int_equal(cqe.user_data, 1);
		assert_int_equal(cqe.res, -ETIME);
		more = (cqe.flags & IOU_CQE_F_MORE) != 0;
		n++;
		assert_true(n <= iou_cq_entries(&fx->ring) + 1);
	}
	fx_note(fx, "%u CQEs", n);
	fx_expect_quiet(fx, 20);
}

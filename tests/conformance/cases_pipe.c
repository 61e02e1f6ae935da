/* cases_pipe.c — conformance: pipes and readiness (splice, tee, poll_add,
 * multishot poll, poll_remove) and messages between rings (msg_ring). */
#include "cases.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>

/* SPLICE file -> pipe -> file, linked: the bytes arrive in order. A short
 * splice is legal (it ends the chain). */
void case_splice_file_pipe_file(struct fx *fx)
{
	char data[300], back[300];
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	int p[2], in, out;

	fx_fill(data, sizeof(data), 80);
	fx_file(fx, "src", data, sizeof(data));
	in = fx_open(fx, "src", O_RDONLY);
	out = fx_open(fx, "dst", O_CREAT | O_RDWR | O_TRUNC);
	fx_pipe(fx, p);
	sqe = fx_sqe(fx);
	iou_prep_splice(sqe, in, 0, p[1], -1, sizeof(data), 0);
	iou_sqe_set_data64(sqe, 1);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	sqe = fx_sqe(fx);
	iou_prep_splice(sqe, p[0], -1, out, 0, sizeof(data), 0);
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 2, c, 2);
	assert_int_equal(c[0].user_data, 1);
	assert_int_equal(c[1].user_data, 2);
	assert_true(c[0].res > 0 && c[0].res <= (int)sizeof(data));
	if (c[0].res < (int)sizeof(data)) {
		assert_int_equal(c[1].res, -ECANCELED);
		return;
	}
	assert_true(c[1].res > 0 && c[1].res <= c[0].res);
	assert_int_equal(fx_slurp(fx, "dst", back, sizeof(back)),
			 (size_t)c[1].res);
	assert_memory_equal(back, data, (size_t)c[1].res);
}

/* TEE duplicates pipe data without consuming it: both pipes then hold it. */
void case_tee_duplicates_pipe(struct fx *fx)
{
	char data[64], a_back[64], b_back[64];
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;
	int a[2], b[2];
	ssize_t n;

	fx_pipe(fx, a);
	fx_pipe(fx, b);
	fx_fill(data, sizeof(data), 90);
	fx_write_all(fx, a[1], data, sizeof(data));
	iou_prep_tee(sqe, a[0], b[1], sizeof(data), 0);
	iou_sqe_set_data64(sqe, 1);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_true(cqe.res > 0 && cqe.res <= (int)sizeof(data));
	n = iou_sys_read(&fx->ring, b[0], b_back, sizeof(b_back));
	assert_int_equal(n, cqe.res);
	assert_memory_equal(b_back, data, (size_t)n);
	n = iou_sys_read(&fx->ring, a[0], a_back, sizeof(a_back));
	assert_int_equal(n, sizeof(data));
	assert_memory_equal(a_back, data, sizeof(data));
}

/* POLL_ADD on an empty pipe completes once data arrives, with POLLIN. */
void case_poll_add_pipe_readable(struct fx *fx)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;
	int p[2];

	fx_pipe(fx, p);
	iou_prep_poll_add(sqe, p[0], POLLIN);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	fx_expect_quiet(fx, 5);
	fx_write_all(fx, p[1], "x", 1);
	cqe = fx_reap1(fx);
	assert_int_equal(cqe.user_data, 1);
	assert_true(cqe.res & POLLIN);
	assert_false(cqe.flags & IOU_CQE_F_MORE);
}

/* Multishot poll: a CQE with F_MORE per readiness event; an end (no
 * F_MORE) is legal at any time and is re-armed; poll_remove ends it with
 * -ECANCELED (remove 0). */
void case_poll_multishot_events_then_remove(struct fx *fx)
{
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	struct iou_cqe *pc, *rc;
	uint64_t ud = 0;
	int p[2], events = 0, armed = 0, rounds = 0;
	char sink[8];

	fx_pipe(fx, p);
	while (events < 3) {
		struct iou_cqe cqe;

		assert_true(++rounds < 30);
		if (!armed) {
			sqe = fx_sqe(fx);
			iou_prep_poll_multishot(sqe, p[0], POLLIN);
			iou_sqe_set_data64(sqe, ++ud);
			fx_submit(fx, 1);
			armed = 1;
		}
		fx_write_all(fx, p[1], "y", 1);
		cqe = fx_reap1(fx);
		assert_int_equal(cqe.user_data, ud);
		assert_true(cqe.res & POLLIN);
		assert_int_equal(iou_sys_read(&fx->ring, p[0], sink, 8), 1);
		events++;
		if (!(cqe.flags & IOU_CQE_F_MORE))
			armed = 0;
	}
	if (!armed)
		return;
	sqe = fx_sqe(fx);
	iou_prep_poll_remove(sqe, ud);
	iou_sqe_set_data64(sqe, 100);
	fx_submit_wait(fx, 1, c, 2);
	pc = fx_find(c, 2, ud);
	rc = fx_find(c, 2, 100);
	assert_non_null(pc);
	assert_non_null(rc);
	assert_int_equal(pc->res, -ECANCELED);
	assert_false(pc->flags & IOU_CQE_F_MORE);
	assert_int_equal(rc->res, 0);
}

/* POLL_REMOVE of a pending poll: poll -ECANCELED, remove 0, either order;
 * of nothing: -ENOENT. */
void case_poll_remove_pending(struct fx *fx)
{
	struct iou_cqe c[2];
	struct iou_sqe *sqe = fx_sqe(fx);
	int p[2];

	fx_pipe(fx, p);
	iou_prep_poll_add(sqe, p[0], POLLIN);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	sqe = fx_sqe(fx);
	iou_prep_poll_remove(sqe, 1);
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 1, c, 2);
	assert_int_equal(fx_find(c, 2, 1)->res, -ECANCELED);
	assert_int_equal(fx_find(c, 2, 2)->res, 0);
	fx_note(fx, "%s CQE first", c[0].user_data == 1 ? "poll" : "remove");
	sqe = fx_sqe(fx);
	iou_prep_poll_remove(sqe, 1);
	iou_sqe_set_data64(sqe, 3);
	fx_submit_wait(fx, 1, c, 1);
	assert_int_equal(c[0].user_data, 3);
	assert_int_equal(c[0].res, -ENOENT);
}

/* MSG_RING: the sender's CQE is 0; the target ring gets a CQE with the
 * given user_data and res = len. */
void case_msg_ring_between_rings(struct fx *fx)
{
	struct iou *r2 = fx_ring2(fx, 8);
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	iou_prep_msg_ring(sqe, iou_ring_fd(r2), 0x1234, 0xfeedULL, 0);
	iou_sqe_set_data64(sqe, 1);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 1);
	assert_int_equal(cqe.res, 0);
	fx_reap_on(fx, r2, &cqe, 1);
	assert_int_equal(cqe.user_data, 0xfeed);
	assert_int_equal(cqe.res, 0x1234);
}

/* A SPLICE or TEE that moves less than len ends its link, whatever the
 * reason: 1 byte of 4 from a pipe, and 0 at the end of the input
 * (io_splice, io_tee: ret != len fails the request; found by fuzz/diff). */
void case_splice_short_breaks_link(struct fx *fx)
{
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	int p[2], q[2], out;

	fx_pipe(fx, p);
	fx_pipe(fx, q);
	out = fx_open(fx, "dst", O_CREAT | O_RDWR | O_TRUNC);
	for (int round = 0; round < 4; round++) {
		if (round < 2)
			fx_write_all(fx, p[1], "x", 1);
		sqe = fx_sqe(fx);
		if (round == 1) /* a tee of the byte: p keeps it */
			iou_prep_tee(sqe, p[0], q[1], 4, 0);
		else
			iou_prep_splice(sqe, p[0], -1, out, -1, 4, 0);
		iou_sqe_set_data64(sqe, 1);
		iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
		sqe = fx_sqe(fx);
		iou_prep_nop(sqe);
		iou_sqe_set_data64(sqe, 2);
		if (round == 3)
			fx_close(fx, p[1]); /* no writer: the splice reads 0 */
		fx_submit_wait(fx, 2, c, 2);
		assert_int_equal(fx_find(c, 2, 1)->res, round == 3 ? 0 : 1);
		assert_int_equal(fx_find(c, 2, 2)->res, -ECANCELED);
	}
}

/* A READ of 0 bytes from an empty pipe whose writer is open returns 0 at
 * once: nothing to wait for (found by fuzz/diff's programs). */
void case_read_zero_len_empty_pipe(struct fx *fx)
{
	struct iou_cqe c;
	char b[4];
	int p[2];

	fx_pipe(fx, p);
	iou_prep_read(fx_sqe(fx), p[0], b, 0, -1);
	fx_submit_wait(fx, 1, &c, 1);
	assert_int_equal(c.res, 0);
}

/* FILES_UPDATE empties a slot before it looks at the new fd: a bad fd
 * fails -EBADF and leaves the slot empty, not holding its old file
 * (__io_sqe_files_update; found by fuzz/diff). */
void case_files_update_bad_fd_empties_slot(struct fx *fx)
{
	struct iou_sqe *sqe;
	struct iou_cqe c;
	char b[4];
	int p[2], bad = 9999;

	fx_pipe(fx, p);
	fx_write_all(fx, p[1], "abcd", 4);
	assert_int_equal(iou_register_files(&fx->ring, &p[0], 1), 0);
	iou_prep_files_update(fx_sqe(fx), &bad, 1, 0);
	fx_submit_wait(fx, 1, &c, 1);
	assert_int_equal(c.res, -EBADF);
	sqe = fx_sqe(fx);
	iou_prep_read(sqe, 0, b, sizeof(b), -1);
	iou_sqe_set_flags(sqe, IOU_SQE_FIXED_FILE);
	fx_submit_wait(fx, 1, &c, 1);
	assert_int_equal(c.res, -EBADF);
}

/* cases_core.c — conformance: submission and completion mechanics (nop,
 * user_data, links, drain, CQE_SKIP_SUCCESS, short submit, bad SQEs, CQ
 * overflow, copy_cqes). */
#include "cases.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

static void prep_nop(struct fx *fx, uint64_t ud, unsigned flags)
{
	struct iou_sqe *sqe = fx_sqe(fx);

	iou_prep_nop(sqe);
	iou_sqe_set_data64(sqe, ud);
	iou_sqe_set_flags(sqe, flags);
}

void case_nop_completes_zero(struct fx *fx)
{
	struct iou_cqe cqe;

	prep_nop(fx, 1, 0);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 1);
	assert_int_equal(cqe.res, 0);
	assert_int_equal(cqe.flags & (IOU_CQE_F_MORE | IOU_CQE_F_BUFFER), 0);
	assert_int_equal(iou_cq_ready(&fx->ring), 0);
}

/* Every user_data bit survives, each CQE posts exactly once; order between
 * independent NOPs is not promised. */
void case_nop_user_data_round_trip(struct fx *fx)
{
	static const uint64_t uds[] = {
		0, 1, 0x8000000000000000ULL, 0xffffffffffffffffULL,
		0x0123456789abcdefULL, 0xfedcba9876543210ULL,
	};
	struct iou_cqe cqes[6];
	unsigned i;

	for (i = 0; i < 6; i++)
		prep_nop(fx, uds[i], 0);
	fx_submit_wait(fx, 6, cqes, 6);
	for (i = 0; i < 6; i++) {
		assert_int_equal(fx_count(cqes, 6, uds[i]), 1);
		assert_int_equal(fx_find(cqes, 6, uds[i])->res, 0);
	}
}

/* IO_DRAIN: the drained NOP starts only after the earlier timeout
 * completed, and the NOP after it only after the drained one. */
void case_drain_waits_for_earlier(struct fx *fx)
{
	struct iou_timespec ts = fx_ms(30);
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqes[3];
	int it, id, in;

	iou_prep_timeout(sqe, &ts, 0, 0);
	iou_sqe_set_data64(sqe, 1);
	prep_nop(fx, 2, IOU_SQE_IO_DRAIN);
	prep_nop(fx, 3, 0);
	fx_submit_wait(fx, 3, cqes, 3);
	it = fx_index(cqes, 3, 1);
	id = fx_index(cqes, 3, 2);
	in = fx_index(cqes, 3, 3);
	assert_true(it >= 0 && id >= 0 && in >= 0);
	assert_int_equal(cqes[it].res, -ETIME);
	assert_int_equal(cqes[id].res, 0);
	assert_int_equal(cqes[in].res, 0);
	assert_true(it < id);
	assert_true(id < in);
}

/* writev -> fsync -> readv linked: CQEs in chain order. A short write (legal)
 * breaks the chain: the rest is -ECANCELED. */
void case_writev_fsync_readv_chain_in_order(struct fx *fx)
{
	char out1[100], out2[300], in1[150], in2[250];
	struct iovec wv[2] = { { out1, sizeof(out1) }, { out2, sizeof(out2) } };
	struct iovec rv[2] = { { in1, sizeof(in1) }, { in2, sizeof(in2) } };
	char all_out[400], all_in[400];
	struct iou_cqe c[3];
	struct iou_sqe *sqe;
	int fd = fx_open(fx, "chain", O_CREAT | O_RDWR | O_TRUNC);

	fx_fill(out1, sizeof(out1), 1);
	fx_fill(out2, sizeof(out2), 2);
	memset(in1, 0, sizeof(in1));
	memset(in2, 0, sizeof(in2));
	sqe = fx_sqe(fx);
	iou_prep_writev(sqe, fd, wv, 2, 0);
	iou_sqe_set_data64(sqe, 1);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	sqe = fx_sqe(fx);
	iou_prep_fsync(sqe, fd, 0);
	iou_sqe_set_data64(sqe, 2);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	sqe = fx_sqe(fx);
	iou_prep_readv(sqe, fd, rv, 2, 0);
	iou_sqe_set_data64(sqe, 3);
	fx_submit_wait(fx, 3, c, 3);

	assert_int_equal(c[0].user_data, 1);
	assert_int_equal(c[1].user_data, 2);
	assert_int_equal(c[2].user_data, 3);
	assert_true(c[0].res > 0 && c[0].res <= 400);
	if (c[0].res < 400) {
		assert_int_equal(c[1].res, -ECANCELED);
		assert_int_equal(c[2].res, -ECANCELED);
		return;
	}
	assert_int_equal(c[1].res, 0);
	assert_true(c[2].res > 0 && c[2].res <= 400);
	memcpy(all_out, out1, 100);
	memcpy(all_out + 100, out2, 300);
	memcpy(all_in, in1, 150);
	memcpy(all_in + 150, in2, 250);
	assert_memory_equal(all_in, all_out, (size_t)c[2].res);
}

/* write -> read linked on one file: the read sees the write. */
void case_write_read_link(struct fx *fx)
{
	char out[512], in[512];
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	int fd = fx_open(fx, "wr", O_CREAT | O_RDWR | O_TRUNC);

	fx_fill(out, sizeof(out), 3);
	memset(in, 0, sizeof(in));
	sqe = fx_sqe(fx);
	iou_prep_write(sqe, fd, out, sizeof(out), 0);
	iou_sqe_set_data64(sqe, 1);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	sqe = fx_sqe(fx);
	iou_prep_read(sqe, fd, in, sizeof(in), 0);
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 2, c, 2);
	assert_int_equal(c[0].user_data, 1);
	assert_int_equal(c[1].user_data, 2);
	assert_true(c[0].res > 0 && c[0].res <= 512);
	if (c[0].res < 512) {
		assert_int_equal(c[1].res, -ECANCELED);
		return;
	}
	assert_true(c[1].res > 0 && c[1].res <= 512);
	assert_memory_equal(in, out, (size_t)c[1].res);
}

/* A failing member of an IO_LINK chain cancels the rest, in chain order. */
void case_link_failure_cancels_rest(struct fx *fx)
{
	char buf[16];
	struct iou_cqe c[3];
	struct iou_sqe *sqe = fx_sqe(fx);

	iou_prep_read(sqe, 1000, buf, sizeof(buf), 0); /* no such fd */
	iou_sqe_set_data64(sqe, 1);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	prep_nop(fx, 2, IOU_SQE_IO_LINK);
	prep_nop(fx, 3, 0);
	fx_submit_wait(fx, 3, c, 3);
	assert_int_equal(c[0].user_data, 1);
	assert_int_equal(c[0].res, -EBADF);
	assert_int_equal(c[1].user_data, 2);
	assert_int_equal(c[1].res, -ECANCELED);
	assert_int_equal(c[2].user_data, 3);
	assert_int_equal(c[2].res, -ECANCELED);
}

/* IO_HARDLINK: the chain carries on after a failure, in chain order. */
void case_hardlink_continues_after_failure(struct fx *fx)
{
	char buf[16];
	struct iou_cqe c[3];
	struct iou_sqe *sqe = fx_sqe(fx);

	iou_prep_read(sqe, 1000, buf, sizeof(buf), 0);
	iou_sqe_set_data64(sqe, 1);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_HARDLINK);
	prep_nop(fx, 2, IOU_SQE_IO_HARDLINK);
	prep_nop(fx, 3, 0);
	fx_submit_wait(fx, 3, c, 3);
	assert_int_equal(c[0].user_data, 1);
	assert_int_equal(c[0].res, -EBADF);
	assert_int_equal(c[1].user_data, 2);
	assert_int_equal(c[1].res, 0);
	assert_int_equal(c[2].user_data, 3);
	assert_int_equal(c[2].res, 0);
}

/* CQE_SKIP_SUCCESS: a successful request posts nothing (checked through a
 * link: its CQE would come before its successor's); a failing one posts. */
void case_cqe_skip_success(struct fx *fx)
{
	char buf[16];
	struct iou_cqe c[2];
	struct iou_sqe *sqe;

	prep_nop(fx, 1, IOU_SQE_CQE_SKIP_SUCCESS | IOU_SQE_IO_LINK);
	prep_nop(fx, 2, 0);
	sqe = fx_sqe(fx);
	iou_prep_read(sqe, 1000, buf, sizeof(buf), 0);
	iou_sqe_set_data64(sqe, 3);
	iou_sqe_set_flags(sqe, IOU_SQE_CQE_SKIP_SUCCESS);
	fx_submit_wait(fx, 3, c, 2);
	assert_int_equal(fx_count(c, 2, 1), 0);
	assert_int_equal(fx_count(c, 2, 2), 1);
	assert_int_equal(fx_find(c, 2, 2)->res, 0);
	assert_int_equal(fx_count(c, 2, 3), 1);
	assert_int_equal(fx_find(c, 2, 3)->res, -EBADF);
	assert_int_equal(iou_cq_ready(&fx->ring), 0);
}

/* The errno of an SQE with an opcode the kernel does not know: -EINVAL,
 * but 5.4 looks sqe->fd up first and a NOP-style fd of -1 gives -EBADF
 * (KERNEL_FACTS "Errnos that depend on the kernel": Zig 0662f1d52204). */
static int unknown_op_errno(struct fx *fx)
{
	uint32_t k = fx->backend->kernel(fx);

	return k && k < (uint32_t)IOU_KERNEL_VERSION(5, 5) ? -EBADF : -EINVAL;
}

void case_unknown_opcode_einval(struct fx *fx)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	iou_prep_nop(sqe);
	sqe->opcode = 0xff;
	iou_sqe_set_data64(sqe, 9);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 9);
	assert_int_equal(cqe.res, unknown_op_errno(fx));
}

void case_bad_fd_ebadf(struct fx *fx)
{
	char buf[8];
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	iou_prep_read(sqe, 1000, buf, sizeof(buf), 0);
	iou_sqe_set_data64(sqe, 5);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 5);
	assert_int_equal(cqe.res, -EBADF);
}

/* Reserved fields and unknown SQE flags: -EINVAL in the CQE. Each SQE is
 * submitted alone (a failing one ends the submit). The close with a
 * reserved field set must leave the fd open. */
void case_reserved_fields_einval(struct fx *fx)
{
	struct iou_sqe *sqe;
	struct iou_cqe cqe;
	int fds[2];

	fx_pipe(fx, fds);

	sqe = fx_sqe(fx);  /* fsync: addr is reserved */
	iou_prep_fsync(sqe, fds[1], 0);
	sqe->addr = 1;
	iou_sqe_set_data64(sqe, 1);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 1);
	assert_int_equal(cqe.res, -EINVAL);

	sqe = fx_sqe(fx);  /* close: len is reserved */
	iou_prep_close(sqe, fds[0]);
	sqe->len = 1;
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 2);
	assert_int_equal(cqe.res, -EINVAL);

	sqe = fx_sqe(fx);  /* an SQE flag no kernel knows */
	iou_prep_nop(sqe);
	sqe->flags = 0x80;
	iou_sqe_set_data64(sqe, 3);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 3);
	assert_int_equal(cqe.res, -EINVAL);

	/* fds[0] is still open: closing it through the ring works. */
	sqe = fx_sqe(fx);
	iou_prep_close(sqe, fds[0]);
	iou_sqe_set_data64(sqe, 4);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.res, 0);
	fx_untrack(fx, fds[0]);
}

static void prep_short_submit(struct fx *fx)
{
	struct iou_sqe *sqe;
	unsigned i;

	for (i = 0; i < 8; i++)
		prep_nop(fx, 100 + i, 0);
	sqe = fx_sqe(fx);
	iou_prep_nop(sqe);
	sqe->opcode = 0xff;
	iou_sqe_set_data64(sqe, 1);
	for (i = 0; i < 8; i++)
		prep_nop(fx, 200 + i, 0);
}

/* Without SUBMIT_ALL, submission stops at the first SQE that fails to
 * submit: 8 NOPs, a bad opcode, 8 NOPs -> 9 submitted, 9 CQEs (one
 * -EINVAL), 8 left in the SQ; the next submit takes those 8. */
void case_short_submit_stops_at_bad_sqe(struct fx *fx)
{
	struct iou_cqe c[9];
	unsigned i;

	prep_short_submit(fx);
	fx_submit_wait(fx, 9, c, 9);
	assert_int_equal(iou_sq_ready(&fx->ring), 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(fx_find(c, 9, 100 + i)->res, 0);
	assert_int_equal(fx_find(c, 9, 1)->res, unknown_op_errno(fx));
	fx_submit_wait(fx, 8, c, 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(fx_find(c, 8, 200 + i)->res, 0);
	assert_int_equal(iou_sq_ready(&fx->ring), 0);
}

/* With SUBMIT_ALL every SQE is submitted: 17, one CQE -EINVAL. */
void case_short_submit_all_takes_everything(struct fx *fx)
{
	struct iou_cqe c[17];
	unsigned i;

	prep_short_submit(fx);
	fx_submit_wait(fx, 17, c, 17);
	assert_int_equal(iou_sq_ready(&fx->ring), 0);
	for (i = 0; i < 8; i++) {
		assert_int_equal(fx_find(c, 17, 100 + i)->res, 0);
		assert_int_equal(fx_find(c, 17, 200 + i)->res, 0);
	}
	assert_int_equal(fx_find(c, 17, 1)->res, unknown_op_errno(fx));
}

/* Moves whatever the kernel has (ring and overflow list) into c[*got..). */
static void drain_some(struct fx *fx, struct iou_cqe *c, unsigned *got,
		       unsigned total)
{
	int n = iou_copy_cqes(&fx->ring, c + *got, total - *got, 0);

	if (n > 0) {
		*got += (unsigned)n;
		return;
	}
	assert_true(n == 0 || n == -EINTR || n == -EAGAIN);
	n = iou_get_events(&fx->ring);
	assert_true(n == 0 || n == -EINTR || n == -EAGAIN);
}

/* CQ overflow with NODROP: more completions than the CQ holds are kept,
 * IOU_SQ_CQ_OVERFLOW shows it, and every CQE is delivered exactly once. */
void case_cq_overflow_nodrop_delivers_all(struct fx *fx)
{
	enum { ROUNDS = 3, PER = 8, TOTAL = ROUNDS * PER };
	struct iou_cqe c[TOTAL];
	unsigned cq = fx->params.cq_entries, got = 0, i, r, tries = 0;
	int seen_overflow = 0;

	assert_true(cq < TOTAL);
	for (r = 0; r < ROUNDS; r++) {
		int ret;

		for (i = 0; i < PER; i++)
			prep_nop(fx, r * PER + i, 0);
		for (;;) {
			assert_true(++tries < 1000);
			ret = iou_submit(&fx->ring);
			if (ret == -EBUSY) {
				/* Back-pressure while overflowed: < 5.13. */
				seen_overflow |= iou_cq_has_overflow(&fx->ring);
				drain_some(fx, c, &got, TOTAL);
				continue;
			}
			if (ret != -EINTR && ret != -EAGAIN)
				break;
		}
		assert_int_equal(ret, PER);
	}
	/* Let every NOP complete without consuming: the CQ fills up and the
	 * rest goes to the overflow list. */
	while (!seen_overflow) {
		int ret;

		seen_overflow = iou_cq_has_overflow(&fx->ring);
		if (seen_overflow)
			break;
		assert_true(++tries < 1000);
		ret = fx_wait_cqes(fx, cq, 100);
		assert_true(ret == 0 || ret == -ETIME || ret == -EINTR);
	}
	if (got == 0)
		assert_int_equal(iou_cq_ready(&fx->ring), cq);
	while (got < TOTAL) {
		assert_true(++tries < 10000);
		drain_some(fx, c, &got, TOTAL);
	}
	assert_false(iou_cq_has_overflow(&fx->ring));
	assert_int_equal(iou_cq_ready(&fx->ring), 0);
	for (i = 0; i < TOTAL; i++) {
		assert_int_equal(fx_count(c, TOTAL, i), 1);
		assert_int_equal(fx_find(c, TOTAL, i)->res, 0);
	}
}

/* copy_cqes with count below the ready number copies count, leaves the
 * rest ready. */
void case_copy_cqes_count_below_ready(struct fx *fx)
{
	struct iou_cqe c[8];
	unsigned i;
	int n;

	for (i = 0; i < 8; i++)
		prep_nop(fx, i, 0);
	fx_submit(fx, 8);
	fx_wait_ready(fx, 8);
	n = iou_copy_cqes(&fx->ring, c, 3, 0);
	assert_int_equal(n, 3);
	assert_int_equal(iou_cq_ready(&fx->ring), 5);
	n = iou_copy_cqes(&fx->ring, c + 3, 3, 3);
	assert_int_equal(n, 3);
	assert_int_equal(iou_cq_ready(&fx->ring), 2);
	fx_reap(fx, c + 6, 2);
	for (i = 0; i < 8; i++)
		assert_int_equal(fx_count(c, 8, i), 1);
}

/* A timed wait for more CQEs than will come returns with what is there: the
 * kernel's io_cqring_wait turns -ETIME (and -EINTR) into 0 when the CQ holds
 * a CQE. One NOP, a wait for two with a 10 ms timeout: 0 and the NOP's CQE. */
void case_timed_wait_returns_ready_cqe(struct fx *fx)
{
	struct iou_timespec ts = { .tv_sec = 0, .tv_nsec = 10000000 };
	struct iou_cqe *cqe = NULL;
	int ret;

	prep_nop(fx, 7, 0);
	fx_submit(fx, 1);
	do
		ret = iou_wait_cqes(&fx->ring, &cqe, 2, &ts);
	while (ret == -EINTR);
	assert_int_equal(ret, 0);
	assert_non_null(cqe);
	assert_int_equal(cqe->user_data, 7);
	assert_int_equal(cqe->res, 0);
	iou_cqe_seen(&fx->ring, cqe);
	/* With nothing pending at all the same wait times out. */
	do
		ret = iou_wait_cqes(&fx->ring, &cqe, 1, &ts);
	while (ret == -EINTR);
	assert_int_equal(ret, -ETIME);
	assert_null(cqe);
}

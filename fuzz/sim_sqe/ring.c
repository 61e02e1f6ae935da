/* ring.c — sim_sqe's ring calls (submit, wait, copy, peek...), each
 * checked against the CQ accounting invariants. */
#include "sim_sqe.h"

/* ---- ring calls, checked ------------------------------------------------------------ */

void check_ring(struct st *st)
{
	unsigned ready = iou_cq_ready(&st->ring);

	if (ready > st->cq_entries)
		fail("iou_cq_ready %u > CQ size %u", ready, st->cq_entries);
	if (iou_sq_ready(&st->ring) > iou_sq_entries(&st->ring))
		fail("iou_sq_ready %u > SQ size %u", iou_sq_ready(&st->ring),
		     iou_sq_entries(&st->ring));
	if (!(st->features & IOU_FEAT_NODROP) && iou_cq_has_overflow(&st->ring))
		fail("CQ_OVERFLOW set on a kernel without FEAT_NODROP");
}

/* Notes the SQEs the kernel consumed in the last call (in SQ order): their
 * link chains, whose boundaries are known when the call entered once. */
uint32_t note_consumed(struct st *st, int one_enter)
{
	uint32_t unconsumed = iou_sq_ready(&st->ring), khead, n;
	int32_t prev = -1;

	if (unconsumed > st->nreq - st->nconsumed)
		fail("SQ head moved backwards: %u unconsumed, %u expected at most",
		     unconsumed, st->nreq - st->nconsumed);
	khead = st->nreq - unconsumed;
	n = khead - st->nconsumed;
	for (uint32_t i = st->nconsumed; i < khead; i++) {
		struct req *q = &reqs[i];

		q->consumed = 1;
		q->t0 = st->t_call;
		q->chain_prev = prev;
		q->chain_ok = one_enter &&
			      !(st->setup_flags & IOU_SETUP_SQPOLL);
		prev = (q->sqe.flags & LINK_FLAGS) ? (int32_t)i : -1;
		if (q->sqe.opcode == IOU_OP_TIMEOUT_REMOVE &&
		    (q->sqe.timeout_flags & IOU_TIMEOUT_UPDATE_MASK))
			st->ts_updated = 1;
		if (q->sqe.opcode == IOU_OP_PROVIDE_BUFFERS &&
		    q->sqe.buf_group < NBG && q->sqe.fd > 0) {
			uint32_t g = q->sqe.buf_group;
			uint64_t b = q->sqe.off, e = b + (uint32_t)q->sqe.fd;

			st->bg_legacy[g] = 1;
			for (; b < e && b < NBID; b++)
				if (bid_prov[g][b] < UINT16_MAX)
					bid_prov[g][b]++;
		}
	}
	st->nconsumed = khead;
	check_ring(st);
	return n;
}

void before(struct st *st, const char *what)
{
	st->what = what;
	st->t_call = iou_sim_now_ns(st->sim);
}

void after(struct st *st, int one_enter)
{
	note_consumed(st, one_enter);
}

void do_submit(struct st *st)
{
	uint32_t pending = st->nreq - st->nconsumed, n;
	int ret;

	before(st, "iou_submit");
	ret = iou_submit(&st->ring);
	n = note_consumed(st, 1);
	check_ret(st, "iou_submit", ret, E_SUBMIT);
	if (ret >= 0 && (uint32_t)ret != n && !(st->setup_flags & IOU_SETUP_SQPOLL))
		fail("iou_submit returned %d, the kernel consumed %u (of %u)",
		     ret, n, pending);
}

void do_submit_wait(struct st *st, unsigned nr)
{
	uint32_t n;
	int ret;

	before(st, "iou_submit_and_wait");
	ret = iou_submit_and_wait(&st->ring, nr);
	n = note_consumed(st, 1);
	check_ret(st, "iou_submit_and_wait", ret, E_WAIT);
	if (ret >= 0 && (uint32_t)ret != n && !(st->setup_flags & IOU_SETUP_SQPOLL))
		fail("iou_submit_and_wait returned %d, the kernel consumed %u",
		     ret, n);
}

/* Checks and consumes every ready CQE, without entering. */
void reap_ready(struct st *st)
{
	struct iou_cqe *c;
	unsigned head, n = 0;

	iou_for_each_cqe(&st->ring, head, c) {
		check_cqe(st, c);
		n++;
	}
	iou_cq_advance(&st->ring, n);
}

void do_copy(struct st *st, unsigned count, unsigned wait)
{
	struct iou_cqe cqes[65];
	int ret;

	before(st, "iou_copy_cqes");
	cqes[count].user_data = 0xdeadbeef; /* guard */
	ret = iou_copy_cqes(&st->ring, cqes, count, wait);
	after(st, 0);
	check_ret(st, "iou_copy_cqes", ret, E_WAIT);
	if (ret > (int)count)
		fail("iou_copy_cqes returned %d > count %u", ret, count);
	if (cqes[count].user_data != 0xdeadbeef)
		fail("iou_copy_cqes wrote past count %u", count);
	if (ret == 0 && wait && count)
		fail("iou_copy_cqes returned 0 with wait_nr %u", wait);
	for (int i = 0; i < ret; i++)
		check_cqe(st, &cqes[i]);
}

/* A CQE32 ring's second 16 bytes: a NOP with IOU_NOP_CQE32 puts its off
 * and addr there (a failed one may have failed before its prep: then 0),
 * every other CQE leaves 0. */
static void check_big(struct st *st, struct iou_cqe *c)
{
	uint64_t *big = iou_cqe_big(&st->ring, c), ud = c->user_data;
	const struct iou_sqe *s;

	if (!big) {
		if (st->setup_flags & IOU_SETUP_CQE32)
			fail("iou_cqe_big NULL on a CQE32 ring");
		return;
	}
	if (!(st->setup_flags & IOU_SETUP_CQE32))
		fail("iou_cqe_big on a ring without CQE32");
	if (ud < UD_BASE || ud - UD_BASE >= st->nreq)
		return;
	s = &reqs[ud - UD_BASE].sqe;
	/* NOP_CQE32 is 6.18's: before, the flag is ignored (before 6.12)
	 * or refused, and the second half stays 0 */
	if (s->opcode == IOU_OP_NOP && (s->nop_flags & IOU_NOP_CQE32) &&
	    st->kver >= IOU_KERNEL_VERSION(6, 18)) {
		if ((big[0] != s->off || big[1] != s->addr) &&
		    (c->res >= 0 || big[0] || big[1]))
			fail("NOP_CQE32 ud=%#llx (nop_flags %#x, res %d): big "
			     "%#llx %#llx, not its off and addr",
			     (unsigned long long)ud, s->nop_flags, c->res,
			     (unsigned long long)big[0],
			     (unsigned long long)big[1]);
	} else if (big[0] || big[1]) {
		fail("ud=%#llx (%s): a CQE32 second half that is not 0",
		     (unsigned long long)ud, iou_op_name(s->opcode));
	}
}

void do_peek(struct st *st)
{
	struct iou_cqe *c = (struct iou_cqe *)1;
	int ret;

	before(st, "iou_peek_cqe");
	ret = iou_peek_cqe(&st->ring, &c);
	after(st, 0);
	check_ret(st, "iou_peek_cqe", ret, E_WAIT);
	if (ret == 0) {
		if (!c || !iou_cq_ready(&st->ring))
			fail("iou_peek_cqe returned 0 without a CQE");
		check_big(st, c);
		check_cqe(st, c);
		iou_cqe_seen(&st->ring, c);
	} else if (c) {
		fail("iou_peek_cqe returned %d with a CQE", ret);
	}
}

void do_wait(struct st *st, uint8_t tsb, int with_ts)
{
	struct iou_cqe *c = NULL;
	struct iou_timespec ts;
	uint64_t t0 = iou_sim_now_ns(st->sim);
	int ret;

	ts_from(&ts, tsb);
	before(st, "iou_wait_cqe_timeout");
	ret = iou_wait_cqe_timeout(&st->ring, &c, with_ts ? &ts : NULL);
	after(st, 0);
	check_ret(st, "iou_wait_cqe_timeout", ret, with_ts ? E_WAIT_TS : E_WAIT);
	if (ret == -EINVAL && (st->features & IOU_FEAT_EXT_ARG) &&
	    ts_valid(&ts))
		fail("iou_wait_cqe_timeout -EINVAL with FEAT_EXT_ARG and a "
		     "valid timeout");
	if (ret == -ETIME && ts_valid(&ts) && !iou_cq_ready(&st->ring) &&
	    iou_sim_now_ns(st->sim) < t0 + ts_ns(&ts))
		fail("iou_wait_cqe_timeout -ETIME at %llu ns, before %llu",
		     (unsigned long long)iou_sim_now_ns(st->sim),
		     (unsigned long long)(t0 + ts_ns(&ts)));
	if (ret == 0) {
		if (!c)
			fail("iou_wait_cqe_timeout returned 0 without a CQE");
		check_big(st, c);
		check_cqe(st, c);
		iou_cqe_seen(&st->ring, c);
	}
}

void do_submit_wait_ts(struct st *st, unsigned nr, uint8_t tsb)
{
	struct iou_cqe *c = NULL;
	struct iou_timespec ts;
	uint32_t n;
	int ret;

	ts_from(&ts, tsb);
	before(st, "iou_submit_and_wait_timeout");
	ret = iou_submit_and_wait_timeout(&st->ring, &c, nr, &ts);
	n = note_consumed(st, 0);
	check_ret(st, "iou_submit_and_wait_timeout", ret, E_WAIT_TS);
	if (ret >= 0) {
		if ((uint32_t)ret > n && !(st->setup_flags & IOU_SETUP_SQPOLL))
			fail("iou_submit_and_wait_timeout returned %d, the "
			     "kernel consumed %u", ret, n);
		if (!c)
			fail("iou_submit_and_wait_timeout returned %d without "
			     "a CQE", ret);
		check_cqe(st, c);
		iou_cqe_seen(&st->ring, c);
	}
}

void do_get_events(struct st *st)
{
	int ret;

	before(st, "iou_get_events");
	ret = iou_get_events(&st->ring);
	after(st, 0);
	check_ret(st, "iou_get_events", ret, E_WAIT);
	if (ret > 0)
		fail("iou_get_events returned %d", ret);
	/* GETEVENTS flushed the overflow list into the CQ while there was
	 * room: what is left over means the CQ is full. */
	stats[ST_OVF_GE] += ret == 0 && iou_cq_ready(&st->ring) < st->cq_entries;
	if (ret == 0 && iou_cq_has_overflow(&st->ring) &&
	    iou_cq_ready(&st->ring) < st->cq_entries)
		fail("CQ_OVERFLOW still set after iou_get_events with %u of %u "
		     "CQEs ready", iou_cq_ready(&st->ring), st->cq_entries);
}

void do_peek_batch(struct st *st, unsigned count)
{
	struct iou_cqe *cqes[32];
	unsigned n;

	before(st, "iou_peek_batch_cqe");
	n = iou_peek_batch_cqe(&st->ring, cqes, count);
	if (n > count || n > iou_cq_ready(&st->ring))
		fail("iou_peek_batch_cqe returned %u (count %u, ready %u)", n,
		     count, iou_cq_ready(&st->ring));
	for (unsigned i = 0; i < n; i++)
		check_cqe(st, cqes[i]);
	iou_cq_advance(&st->ring, n);
	after(st, 0);
}

/* The peer ring only receives MSG_RING CQEs (announced user_data). */
void do_peer(struct st *st)
{
	struct iou_cqe cqes[32];
	int ret;

	if (!st->peer_up)
		return;
	before(st, "iou_copy_cqes (peer)");
	ret = iou_copy_cqes(&st->peer, cqes, 32, 0);
	after(st, 0);
	check_ret(st, "iou_copy_cqes (peer)", ret, E_WAIT);
	for (int i = 0; i < ret; i++) {
		uint64_t ud = cqes[i].user_data;

		if (ud < ANN_BASE || ud >= ANN_BASE + st->nann)
			fail("CQE ud=%#llx res=%d on the peer ring, which only "
			     "MSG_RING posts to", (unsigned long long)ud,
			     cqes[i].res);
		check_cqe(st, &cqes[i]);
	}
}

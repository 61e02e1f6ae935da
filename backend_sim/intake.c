/* intake.c — SQE intake as the kernel does it: read the SQ through its
 * index array (a bad index is counted in sq.dropped and ends the batch),
 * copy each SQE (SUBMIT_STABLE), validate it with the kernel's errnos,
 * assemble IO_LINK / IO_HARDLINK chains, hold chains back behind IO_DRAIN,
 * and issue. Without IOU_SETUP_SUBMIT_ALL submission stops at the first
 * SQE that fails to submit; that SQE is counted and posts its error CQE
 * (liburing sq-full.c, KERNEL_FACTS "The CQ"). */
#include <errno.h>
#include <string.h>

#include "sim.h"
#include "world.h"

#define LINK_FLAGS (IOU_SQE_IO_LINK | IOU_SQE_IO_HARDLINK)

/* The errno for an opcode this kernel (or the sim) does not have. */
static int unknown_op_errno(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;

	/* 5.4 looks the fd up before it looks at the opcode: -EBADF unless
	 * sqe->fd is an open file (Zig 0662f1d52204, #10466). */
	if (sim->prof->unknown_op_ebadf) {
		if (req->flags & IOU_SQE_FIXED_FILE) {
			uint32_t i = (uint32_t)req->sqe.fd;

			if (i >= req->ring->nfixed || !req->ring->fixed[i])
				return -EBADF;
		} else if (!iou__fd_get(sim, req->sqe.fd)) {
			return -EBADF;
		}
	}
	return -EINVAL;
}

/* Generic checks, then the op's prep. 0 or -errno (fails to submit). */
static int req_init(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	struct iou_sim *sim = r->sim;
	const struct iou__op *op;

	op = sim->ops[req->opcode];
	if (!op)
		return unknown_op_errno(req);
	if (req->flags & ~sim->prof->sqe_flags)
		return -EINVAL;
	/* io_init_req: -EOPNOTSUPP (measured on 6.18; 5.7+) */
	if ((req->flags & IOU_SQE_BUFFER_SELECT) &&
	    !(op->flags & IOU__OP_BUFSELECT))
		return -EOPNOTSUPP;
	/* an ioprio on an op without one: -EINVAL (io_init_req; measured on
	 * 6.18 for NOP, whose prep ignored every field before 6.1) */
	if (req->sqe.ioprio && !(op->flags & IOU__OP_IOPRIO) &&
	    (req->opcode != IOU_OP_NOP || iou__kernel_at_least(sim, 6, 1)))
		return -EINVAL;
	/* No personalities are registered: any id is unknown. */
	if (req->sqe.personality)
		return -EINVAL;
	/* IOU_SIM_CHECK_POINTERS: a pointer the process cannot use is
	 * -EFAULT here, before the op reads it (uptr.c) */
	if (sim->flags & IOU_SIM_CHECK_POINTERS) {
		int ret = iou__uptr_check(req, 0);

		if (ret)
			return ret;
	}
	/* from here on the op owns req->u (cleanup runs) */
	req->op = op;
	return op->prep ? op->prep(req) : 0;
}

/* IO_DRAIN at intake (io_init_drain): in the middle of a link it drains
 * the link's head and the next request after the link; after a
 * CQE_SKIP_SUCCESS request drain is disabled: -EOPNOTSUPP (5.17). A new
 * head after such a link inherits the drain. */
static int drain_init(struct iou__sring *r, struct iou__req *req)
{
	if (req->flags & IOU_SQE_CQE_SKIP_SUCCESS)
		r->drain_disabled = 1;
	if (!r->link_head && r->drain_next) {
		req->flags |= IOU_SQE_IO_DRAIN;
		r->drain_next = 0;
	}
	if (!(req->flags & IOU_SQE_IO_DRAIN))
		return 0;
	if (r->drain_disabled)
		return -EOPNOTSUPP;
	if (r->link_head) {
		r->link_head->flags |= IOU_SQE_IO_DRAIN;
		r->drain_next = 1;
	}
	return 0;
}

/* Queues a complete chain: held by IO_DRAIN, or issued. */
void iou__chain_queue(struct iou__sring *r, struct iou__req *head)
{
	struct iou_sim *sim = r->sim;
	uint32_t n = 0;
	int failed = 0;

	for (struct iou__req *m = head; m; m = m->link) {
		n++;
		failed |= m->init_err;
	}
	head->chain_len = n;
	if (failed) {
		/* A member failed at intake: the head gets -ECANCELED (or
		 * its own error), every other member its own error or
		 * -ECANCELED, in chain order (io_submit_fail_init); a
		 * HARDLINK member lets the rest run. */
		r->active += n;
		iou__chain_fail_init(head);
		return;
	}
	if ((head->flags & IOU_SQE_IO_DRAIN) || !iou__list_empty(&r->drainq) ||
	    r->drain_pending) {
		/* held; drain_check (complete.c) releases it in order */
		head->state = IOU__RS_DRAINING;
		iou__list_add_tail(&r->drainq, &head->node);
		iou__drain_check(r);
		return;
	}
	r->active += n;
	head->state = IOU__RS_LINKED;
	if (!sim->in_issueq && iou__list_empty(&sim->issueq) &&
	    !(head->flags & IOU_SQE_ASYNC)) {
		/* nothing queued before it: issue now (the fast path) */
		sim->in_issueq = 1;
		iou__req_issue(head);
		sim->in_issueq = 0;
		return;
	}
	iou__list_add_tail(&sim->issueq, &head->node);
}

/* Issues a lone request (no chain: req->link is NULL, so no link timeout
 * to arm). For an op without a file that finishes inline with nothing
 * attached, this is iou__req_issue, iou__req_complete_ex (may_delay) and
 * the first case of iou__req_finish, inlined: the same steps in the same
 * order, without the calls. Anything else takes the general path. */
static void lone_issue(struct iou_sim *sim, struct iou__sring *r,
		       struct iou__req *req)
{
	const struct iou__op *op = req->op;
	int res;

	if (op->flags & IOU__OP_FILE) {
		iou__req_issue(req);
		return;
	}
	res = op->issue(req);
	if (res == IOU__PENDING) {
		iou__live_add(req); /* parked: cancel can find it */
		return;
	}
	if (res < 0 && (op->flags & IOU__OP_SOFTFAIL) && sim->prof->soft_fail)
		req->no_fail = 1;
	req->res = res;
	if (iou__choose(sim, IOU__CH_DELAY, 2)) {
		/* finished in a worker: cancel finds it, -EALREADY */
		req->state = IOU__RS_DONE;
		iou__live_add(req);
		iou__runq_add(sim, req);
		return;
	}
	if (req->link || req->then || req->op != op || req->file ||
	    req->in_live || req->in_drain ||
	    (req->flags & IOU_SQE_CQE_SKIP_SUCCESS) ||
	    (op->flags & IOU__OP_TIMEOUT) || op->cleanup) {
		iou__req_finish(req);
		return;
	}
	/* a lone request with nothing attached (iou__req_finish) */
	iou__cq_post_req(r, req);
	r->cq_events++;
	if (!iou__list_empty(&r->counting))
		iou__timeouts_count(r);
	if (r->active)
		r->active--;
	iou__req_free(sim, req);
	if (!iou__list_empty(&r->drainq))
		iou__drain_check(r);
}

/* One SQE: 0 when it went in, -errno when it failed to submit and ends the
 * batch (it has posted, or will post, its CQE). */
static int sqe_intake(struct iou__sring *r, const struct iou_sqe *sqe)
{
	struct iou_sim *sim = r->sim;
	struct iou__req *req = iou__req_alloc(sim);
	int err;

	if (!req)
		return -ENOMEM;
	req->ring = r;
	memcpy(&req->sqe, sqe, sizeof(*sqe));
	req->opcode = sqe->opcode;
	req->flags = sqe->flags;
	req->user_data = sqe->user_data;
	req->state = IOU__RS_LINKED;
	if (sim->trace.on)
		iou__trace_sqe(sim, r->id, req->id, sqe->opcode, sqe->flags,
			       sqe->fd, sqe->user_data);
	err = req_init(req);
	if (!err)
		err = drain_init(r, req);
	if (err) {
		req->res = err;
		req->init_err = 1;
	}
	if (r->link_head) {
		r->link_last->link = req;
		r->link_last = req;
		if (req->flags & LINK_FLAGS)
			return 0;
		req = r->link_head;
		r->link_head = r->link_last = NULL;
		iou__chain_queue(r, req);
		return err;
	}
	if (!(req->flags & (LINK_FLAGS | IOU_SQE_IO_DRAIN | IOU_SQE_ASYNC)) &&
	    !err && !sim->in_issueq && iou__list_empty(&sim->issueq) &&
	    iou__list_empty(&r->drainq) && !r->drain_pending) {
		/* a lone request, nothing ahead of it: issue now */
		r->active++;
		sim->in_issueq = 1;
		lone_issue(sim, r, req);
		sim->in_issueq = 0;
		return 0;
	}
	if (req->flags & LINK_FLAGS) {
		/* Starts a chain. If this SQE failed, the rest of the chain
		 * is still assembled, then canceled with it, and submission
		 * goes on (io_submit_fail_init). */
		r->link_head = r->link_last = req;
		return 0;
	}
	iou__chain_queue(r, req);
	return err;
}

extern const struct iou__op iou__op_nop; /* ops_misc.c */

/* The three records of a NOP that posts at once (sqe, its delay choice 0,
 * its cqe) written as one reservation, the same words as the three; its
 * CQE is then written by iou__cq_write. 1 when done, 0 when the records
 * go the usual way (no room without the slow path, a full CQ, a ring id
 * past the typed records). */
static int nop_trace(struct iou_sim *sim, struct iou__sring *r, uint64_t id,
		     const struct iou_sqe *sqe)
{
	struct iou__trace *t = &sim->trace;
	uint64_t *w;

	if (t->tail + 8 > t->lim || r->id >= (1U << 24) ||
	    !iou__cq_direct(r))
		return 0;
	w = iou__trace_put(t, 8);
	t->nrec += 2;
	w[0] = iou__trec_hdr(4, IOU__TR_SQE,
			     IOU_OP_NOP | (uint64_t)r->id << 16);
	w[1] = id;
	w[2] = (uint32_t)sqe->fd;
	w[3] = sqe->user_data;
	w[4] = iou__trec_hdr(1, IOU__TR_CHOICE,
			     IOU__CH_DELAY | (uint64_t)2 << 8);
	w[5] = iou__trec_hdr(3, IOU__TR_CQE,
			     IOU__TRC_POST | (uint64_t)r->id << 8);
	w[6] = 0;
	w[7] = sqe->user_data;
	iou__cq_write(r, sqe->user_data, 0, 0);
	if (__builtin_expect(r->watched, 0))
		iou__cq_posted(r);
	return 1;
}

/* The two records of a NOP the delay choice sends to a worker (sqe, its
 * delay choice 1), as one reservation when they fit. */
static void nop_trace_delayed(struct iou_sim *sim, struct iou__sring *r,
			      uint64_t id, const struct iou_sqe *sqe)
{
	struct iou__trace *t = &sim->trace;
	uint64_t *w;

	if (t->tail + 6 > t->lim || r->id >= (1U << 24)) {
		iou__trace_sqe(sim, r->id, id, IOU_OP_NOP, 0, sqe->fd,
			       sqe->user_data);
		iou__trace_choice(sim, IOU__CH_DELAY, 1, 2);
		return;
	}
	w = iou__trace_put(t, 6);
	t->nrec++;
	w[0] = iou__trec_hdr(4, IOU__TR_SQE,
			     IOU_OP_NOP | (uint64_t)r->id << 16);
	w[1] = id;
	w[2] = (uint32_t)sqe->fd;
	w[3] = sqe->user_data;
	w[4] = iou__trec_hdr(2, IOU__TR_CHOICE, IOU__CH_DELAY);
	w[5] = 1 | (uint64_t)2 << 32;
}

/* Whether a plain NOP (nop_fast) may take the fast path on this ring now:
 * nothing ahead of it (no link being assembled, no drain, nothing queued
 * to issue), and nothing its CQE would set off (count timeouts, a watched
 * CQ). None of these changes while NOPs take the fast path; the caller
 * asks again after anything else. */
static int nop_ring_ok(const struct iou_sim *sim, const struct iou__sring *r)
{
	return !r->link_head && !r->drain_next && !r->drain_pending &&
	       !r->watched && !sim->in_issueq &&
	       iou__list_empty(&sim->issueq) && iou__list_empty(&r->drainq) &&
	       iou__list_empty(&r->counting) &&
	       !(sim->flags & IOU_SIM_CHECK_POINTERS) &&
	       sim->ops[IOU_OP_NOP] == &iou__op_nop;
}

/* A plain NOP (no SQE flags, no NOP flags, no ioprio or personality) on a
 * ring where nop_ring_ok holds: what sqe_intake, req_init, nop_prep,
 * lone_issue and nop_issue do with it, the same steps in the same order
 * (id, sqe line, the delay choice, then the CQE and its accounting),
 * without taking a request unless the choice delays it. With
 * nop_ring_ok, nothing reads r->active or sim->in_issueq while the NOP
 * is in flight, and the count timeout and drain steps have nothing to do:
 * those are left out. 1 when it took the SQE, 0 when the general path
 * must (nothing done). A free request must be at hand, so that a delayed
 * NOP gets one as the general path would have. */
static int nop_fast(struct iou_sim *sim, struct iou__sring *r,
		    const struct iou_sqe *sqe)
{
	uint64_t id;

	if (sqe->opcode != IOU_OP_NOP || sqe->flags || sqe->ioprio ||
	    sqe->personality || sqe->nop_flags || !sim->free_reqs)
		return 0;
	id = sim->next_id++;
	/* the choice's record is written below, after the sqe line */
	if (iou__choose_tr(sim, IOU__CH_DELAY, 2, 0)) {
		/* finished in a worker (lone_issue): now it needs a request,
		 * with the id it was given above */
		struct iou__req *req;

		if (sim->trace.on)
			nop_trace_delayed(sim, r, id, sqe);
		r->active++;
		sim->next_id = id;
		req = iou__req_alloc(sim);
		req->ring = r;
		memcpy(&req->sqe, sqe, sizeof(*sqe));
		req->opcode = IOU_OP_NOP;
		req->flags = 0;
		req->user_data = sqe->user_data;
		req->op = &iou__op_nop;
		req->state = IOU__RS_DONE;
		iou__live_add(req);
		iou__runq_add(sim, req);
		return 1;
	}
	/* posted at once (iou__req_finish's lone request) */
	if (!sim->trace.on || !nop_trace(sim, r, id, sqe)) {
		if (sim->trace.on) {
			iou__trace_sqe(sim, r->id, id, IOU_OP_NOP, 0, sqe->fd,
				       sqe->user_data);
			iou__trace_choice(sim, IOU__CH_DELAY, 0, 2);
		}
		iou__cq_post(r, sqe->user_data, 0, 0);
	}
	r->cq_events++;
	return 1;
}

/* The SQ as iou__submit reads it while it submits. */
struct sq_view {
	const uint32_t *array; /* NULL with IOU_SETUP_NO_SQARRAY */
	const struct iou_sqe *sqes;
	uint32_t mask, entries;
	unsigned shift;
};

/* Up to max plain NOPs in a row from the SQ's head, on a ring where
 * nop_ring_ok holds, each of which posts at once: what nop_fast does for
 * each, with the ring's constants, the CQ's room and the trace's room
 * read once for the run and its counters kept in locals. It stops, taking
 * nothing more, at the first SQE that is not a plain NOP, has a bad
 * index, or whose records, CQE or seeded choice would need anything else
 * (no room in the trace's segment or the CQ, a choice that deviates):
 * that SQE then takes the per-SQE path, which draws the same choice from
 * the same state. Returns the SQEs taken. */
static uint32_t nop_run(struct iou_sim *sim, struct iou__sring *r,
			const struct sq_view *q, uint32_t max)
{
	struct iou__tape *tp = &sim->tape;
	struct iou__trace *t = &sim->trace;
	const int tron = t->on, seeded = tp->fast == IOU__TAPE_SEEDED;
	uint32_t khead = r->sq_khead, cqtail = *r->cq_tail, room, k = 0;
	uint64_t id = sim->next_id, ttail = t->tail, tlim = t->lim;
	uint64_t rng[4], *w = NULL;
	struct iou_cqe *cqes = r->cqes;
	uint32_t cqmask = r->cq_mask;
	uint64_t h_sqe, h_choice, h_cqe;
	/* in locals: the stores below would make the compiler reload q's */
	const uint32_t *array = q->array, sqmask = q->mask;
	const uint32_t entries = q->entries;
	const struct iou_sqe *sqes = q->sqes;
	const unsigned shift = q->shift;

	if ((tp->fast != IOU__TAPE_ZERO && !seeded) || r->cq_shift ||
	    r->ovf_len != r->ovf_head || !sim->free_reqs ||
	    (tron && r->id >= (1U << 24)))
		return 0;
	room = r->cq_entries -
	       (cqtail - __atomic_load_n(r->cq_head, __ATOMIC_ACQUIRE));
	if (max > room)
		max = room;
	if (tron) {
		if (tlim < ttail + 8)
			return 0;
		w = t->ring + (ttail & (t->cap - 1));
		/* records up to tlim are contiguous in the ring (trace.h) */
		if ((tlim - ttail) / 8 < max)
			max = (uint32_t)((tlim - ttail) / 8);
	}
	if (seeded)
		memcpy(rng, tp->rng, sizeof(rng));
	h_sqe = iou__trec_hdr(4, IOU__TR_SQE,
			      IOU_OP_NOP | (uint64_t)r->id << 16);
	h_choice = iou__trec_hdr(1, IOU__TR_CHOICE,
				 IOU__CH_DELAY | (uint64_t)2 << 8);
	h_cqe = iou__trec_hdr(3, IOU__TR_CQE,
			      IOU__TRC_POST | (uint64_t)r->id << 8);
	for (; k < max; k++) {
		uint32_t idx = khead & sqmask, head;
		const struct iou_sqe *sqe;
		struct iou_cqe *cqe;
		uint64_t ud;

		if (array)
			idx = __atomic_load_n(&array[idx], __ATOMIC_RELAXED);
		if (idx >= entries)
			break;
		sqe = &sqes[idx << shift];
		/* opcode, flags and ioprio all 0 (IOU_OP_NOP is 0) */
		memcpy(&head, sqe, sizeof(head));
		if (head || sqe->personality || sqe->nop_flags)
			break;
		if (seeded) {
			/* xoshiro256**'s output, from rng[1] alone: the
			 * state steps only when the choice stays 0 */
			uint64_t x = iou__rotl(rng[1] * 5, 7) * 9;

			if (!(x & ((1ULL << iou__prng_shift[IOU__CH_DELAY]) -
				   1)))
				break; /* deviates: iou__choose_prng's */
			(void)iou__xoshiro_next(rng);
		}
		khead++;
		ud = sqe->user_data;
		if (tron) {
			w[0] = h_sqe;
			w[1] = id;
			w[2] = (uint32_t)sqe->fd;
			w[3] = ud;
			w[4] = h_choice;
			w[5] = h_cqe;
			w[6] = 0;
			w[7] = ud;
			w += 8;
		}
		id++;
		cqe = &cqes[cqtail & cqmask];
		cqe->user_data = ud;
		cqe->res = 0;
		cqe->flags = 0;
		cqtail++;
	}
	if (!k)
		return 0;
	r->sq_khead = khead;
	sim->next_id = id;
	tp->nchoices += k;
	if (seeded) {
		memcpy(tp->rng, rng, sizeof(rng));
		tp->zrun += (uint64_t)k * (unsigned)tp->record;
	}
	if (tron) {
		t->tail = ttail + 8 * (uint64_t)k;
		t->nrec += 3 * (uint64_t)k;
	}
	r->cq_events += k;
	__atomic_store_n(r->cq_tail, cqtail, __ATOMIC_RELEASE);
	return k;
}

int iou__submit(struct iou__sring *r, unsigned to_submit)
{
	struct iou_sim *sim = r->sim;
	uint32_t tail = __atomic_load_n(r->sq_tail, __ATOMIC_ACQUIRE);
	uint32_t avail = tail - r->sq_khead, n, done = 0, cut;
	int fast = -1; /* nop_ring_ok: -1 to be asked */
	struct sq_view q;
	uint32_t end;

	if (avail > r->sq_entries)
		avail = r->sq_entries;
	n = (r->setup_flags & IOU_SETUP_SQPOLL) ? avail
		: (to_submit < avail ? to_submit : avail);
	if (!n)
		return 0;
	/* Out of request memory (opt-in fault class EAGAIN): nothing taken
	 * (-EAGAIN), or fewer than asked (io_submit_sqes stops when
	 * io_alloc_req fails). The cut is made at the end of a link chain:
	 * a cut inside one would end the chain there (liburing #510), which
	 * no program can guard against. */
	cut = 0;
	if (sim->faults & IOU_FAULT_EAGAIN) {
		if (iou__fault(sim, IOU_FAULT_EAGAIN)) {
			IOU__TRACE(sim, "submit r%u -EAGAIN\n", r->id);
			return -EAGAIN;
		}
		cut = iou__choose(sim, IOU__CH_SUBMIT, n);
	}
	/* the ring's layout does not change while it submits */
	q.array = (r->setup_flags & IOU_SETUP_NO_SQARRAY) ? NULL : r->sq_array;
	q.sqes = r->sqes;
	q.mask = r->sq_mask;
	q.entries = r->sq_entries;
	q.shift = r->sq_shift;
	/* with nop_ring_ok, no link is being assembled: the cut is here */
	end = cut && cut < n ? cut : n;
	while (done < n && !(cut && done >= cut && !r->link_head)) {
		uint32_t idx = r->sq_khead & q.mask;
		const struct iou_sqe *sqe;
		int err;

		if (q.array)
			idx = __atomic_load_n(&q.array[idx], __ATOMIC_RELAXED);
		if (idx < q.entries &&
		    q.sqes[idx << q.shift].opcode == IOU_OP_NOP) {
			uint32_t k;

			if (fast < 0)
				fast = nop_ring_ok(sim, r);
			if (fast && (k = nop_run(sim, r, &q, end - done))) {
				/* it stopped before the SQE now at the head,
				 * which takes the per-SQE path */
				done += k;
				if (done >= end)
					break;
				idx = r->sq_khead & q.mask;
				if (q.array)
					idx = __atomic_load_n(&q.array[idx],
							      __ATOMIC_RELAXED);
			}
		}
		r->sq_khead++;
		if (idx >= q.entries) {
			/* io_get_sqe: counted in dropped, ends the batch */
			(*r->sq_dropped)++;
			IOU__TRACE(sim, "sqe-dropped r%u index=%u\n", r->id,
				   idx);
			break;
		}
		sqe = &q.sqes[idx << q.shift];
		if (fast < 0)
			fast = nop_ring_ok(sim, r);
		/* a fast NOP queues nothing to issue and does not fail */
		if (fast && nop_fast(sim, r, sqe)) {
			done++;
			continue;
		}
		err = sqe_intake(r, sqe);
		fast = -1;
		done++;
		if (!iou__list_empty(&sim->issueq))
			iou__run_issueq(sim);
		if (err && !(r->setup_flags & IOU_SETUP_SUBMIT_ALL))
			break;
	}
	__atomic_store_n(r->sq_head, r->sq_khead, __ATOMIC_RELEASE);
	/* A link chain ends at the submit boundary (liburing #510, #769). */
	if (r->link_head) {
		struct iou__req *head = r->link_head;

		r->link_head = r->link_last = NULL;
		iou__chain_queue(r, head);
		iou__run_issueq(sim);
	}
	return (int)done;
}

void iou__req_issue(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	struct iou_sim *sim = r->sim;
	const struct iou__op *op = req->op;
	struct iou__req *lt = req->link;
	int res;

	if (!req->file && (op->flags & IOU__OP_FILE)) {
		int fd = req->sqe.fd;

		if (req->flags & IOU_SQE_FIXED_FILE) {
			if ((uint32_t)fd < r->nfixed && r->fixed[fd])
				req->file = r->fixed[fd];
		} else {
			req->file = iou__fd_get(sim, fd);
		}
		if (!req->file) {
			iou__req_complete_ex(req, -EBADF, 1);
			return;
		}
		iou__file_get(req->file);
	}
	/* Arm a link timeout on its target as the target starts. */
	if (lt && lt->opcode == IOU_OP_LINK_TIMEOUT && !lt->ltarget &&
	    !lt->lt_fired) {
		lt->ltarget = req;
		req->ltimeout = lt;
		iou__ltimeout_arm(lt);
	}
	/* IOU_SIM_CHECK_POINTERS: the data buffers fault as the data moves */
	res = (sim->flags & IOU_SIM_CHECK_POINTERS) ? iou__uptr_check(req, 1)
						    : 0;
	if (!res)
		res = op->issue(req);
	if (res == IOU__PENDING) {
		iou__live_add(req); /* parked: cancel can find it */
		return;
	}
	if (res < 0 && (op->flags & IOU__OP_SOFTFAIL) && sim->prof->soft_fail)
		req->no_fail = 1;
	iou__req_complete_ex(req, res, 1);
}

void iou__run_issueq(struct iou_sim *sim)
{
	if (sim->in_issueq)
		return;
	sim->in_issueq = 1;
	while (!iou__list_empty(&sim->issueq)) {
		struct iou__req *req =
			iou__container_of(sim->issueq.next, struct iou__req,
					  node);

		iou__list_del(&req->node);
		if (req->flags & IOU_SQE_ASYNC) {
			/* IOSQE_ASYNC: punted to io-wq, issued later; cancel
			 * finds it queued there (io_wq_cancel_cb) */
			req->flags &= (uint8_t)~IOU_SQE_ASYNC;
			req->punted = 1;
			req->state = IOU__RS_REISSUE;
			iou__live_add(req);
			iou__runq_add(sim, req);
			continue;
		}
		iou__req_issue(req);
	}
	sim->in_issueq = 0;
}

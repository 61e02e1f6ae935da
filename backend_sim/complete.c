/* complete.c — how a request ends: its CQE posts (after a chosen delay,
 * like work finished on an io-wq thread), then its link chain goes on or
 * is canceled, IO_DRAIN'd chains behind it are released, count timeouts
 * are credited, and the request returns to the pool. Also cancelation of
 * parked requests, shared by ASYNC_CANCEL, TIMEOUT_REMOVE and link
 * timeouts. */
#include <errno.h>

#include "sim.h"
#include "world.h"

static int req_failed(const struct iou__req *req)
{
	if (req->fail_link)
		return 1;
	return req->res < 0 && !req->no_fail;
}

void iou__live_add(struct iou__req *req)
{
	if (!req->in_live) {
		iou__list_add_tail(&req->ring->live, &req->lnode);
		req->in_live = 1;
	}
}

static void live_del(struct iou__req *req)
{
	if (req->in_live) {
		iou__list_del(&req->lnode);
		req->in_live = 0;
	}
}

/* Posts req's CQE, or only traces it when CQE_SKIP_SUCCESS hides it or
 * `quiet` (a link canceled behind a failed CQE_SKIP_SUCCESS request). */
static void post_req_ex(struct iou__req *req, int quiet)
{
	struct iou__sring *r = req->ring;

	if (quiet || ((req->flags & IOU_SQE_CQE_SKIP_SUCCESS) &&
		      !req_failed(req))) {
		if (r->sim->trace.on)
			iou__trace_cqe(r->sim, IOU__TRC_SKIP, r->id,
				       req->user_data, req->res, 0);
	} else {
		iou__cq_post_req(r, req);
	}
	if (!req->op || !(req->op->flags & IOU__OP_TIMEOUT)) {
		r->cq_events++;
		if (!iou__list_empty(&r->counting))
			iou__timeouts_count(r);
	}
}

static void post_req(struct iou__req *req)
{
	post_req_ex(req, 0);
}

void iou__drain_check(struct iou__sring *r)
{
	struct iou_sim *sim = r->sim;

	/* IO_DRAIN: the chain starts once everything before it completed,
	 * and nothing after it starts before it completed. */
	while (!iou__list_empty(&r->drainq) && !r->drain_pending) {
		struct iou__req *h =
			iou__container_of(r->drainq.next, struct iou__req, node);

		if ((h->flags & IOU_SQE_IO_DRAIN) && r->active)
			break;
		iou__list_del(&h->node);
		r->active += h->chain_len;
		if (h->flags & IOU_SQE_IO_DRAIN) {
			for (struct iou__req *m = h; m; m = m->link)
				m->in_drain = 1;
			r->drain_pending += h->chain_len;
		}
		h->state = IOU__RS_LINKED;
		iou__list_add_tail(&sim->issueq, &h->node);
	}
}

/* Returns a finished request to the pool, with its accounting. */
static void req_release(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	struct iou_sim *sim = r->sim;

	live_del(req);
	if (req->op && req->op->cleanup)
		req->op->cleanup(req);
	if (req->file) {
		iou__file_put(sim, req->file);
		req->file = NULL;
	}
	if (r->active)
		r->active--;
	if (req->in_drain && r->drain_pending)
		r->drain_pending--;
	iou__req_free(sim, req);
}

static void chain_cancel(struct iou__req *m, int quiet)
{
	while (m) {
		struct iou__req *next = m->link;

		if (!m->init_err)
			m->res = -ECANCELED;
		m->cflags = 0;
		post_req_ex(m, quiet);
		req_release(m);
		m = next;
	}
}

void iou__chain_cancel_rest(struct iou__req *m)
{
	chain_cancel(m, 0);
}

void iou__chain_fail_init(struct iou__req *head)
{
	/* The head is failed with -ECANCELED unless it is the bad one;
	 * then every member posts its own intake error or -ECANCELED, even
	 * past an IO_HARDLINK (measured on 6.18: an intake failure ends
	 * the chain; a hard link only survives failures at issue). */
	iou__chain_cancel_rest(head);
}

void iou__req_finish(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	struct iou_sim *sim = r->sim;
	struct iou__req *next = req->link, *lt = NULL, *then;
	int failed;

	if (!next && !req->then && req->op && !req->file &&
	    !req->in_drain && !(req->flags & IOU_SQE_CQE_SKIP_SUCCESS) &&
	    !(req->op->flags & IOU__OP_TIMEOUT) && !req->op->cleanup) {
		/* a lone request with nothing attached: the common case
		 * (post_req and req_release, inlined) */
		iou__cq_post_req(r, req);
		r->cq_events++;
		if (!iou__list_empty(&r->counting))
			iou__timeouts_count(r);
		live_del(req);
		if (r->active)
			r->active--;
		iou__req_free(sim, req);
		if (!iou__list_empty(&r->drainq))
			iou__drain_check(r);
		return;
	}
	if (!next && !req->then) {
		/* no chain, nothing queued behind it */
		post_req(req);
		req_release(req);
		if (!iou__list_empty(&r->drainq))
			iou__drain_check(r);
		return;
	}

	if (next && next->opcode == IOU_OP_LINK_TIMEOUT && next->ltarget == req)
		lt = next;
	if (lt) {
		if (lt->state == IOU__RS_TIMER)
			iou__timer_disarm(lt);
		/* Fired (-ETIME) or disarmed because its target completed
		 * (-ECANCELED), a link timeout has not failed: CQE_SKIP_SUCCESS
		 * hides its CQE (5.17+, liburing's skip-cqe ltimeout cases). */
		if (!lt->lt_fired)
			lt->res = -ECANCELED;
		lt->no_fail = 1;
		lt->ltarget = NULL;
		req->ltimeout = NULL;
	}
	failed = req_failed(req);
	if (lt && lt->lt_fired && lt->lt_first)
		post_req(lt);
	post_req(req);
	if (lt) {
		if (!(lt->lt_fired && lt->lt_first))
			post_req(lt);
		next = lt->link;
		req_release(lt);
	}
	then = req->then;
	req->then = NULL;
	while (then) {
		struct iou__req *tn = then->then;

		then->then = NULL;
		iou__req_finish(then);
		then = tn;
	}
	if (next) {
		if (failed && !(req->flags & IOU_SQE_IO_HARDLINK)) {
			/* A failed CQE_SKIP_SUCCESS request posts its own CQE
			 * and its canceled links post none (5.17+:
			 * REQ_F_SKIP_LINK_CQES). */
			chain_cancel(next, (req->flags &
					    IOU_SQE_CQE_SKIP_SUCCESS) != 0);
		} else {
			next->state = IOU__RS_LINKED;
			iou__list_add_tail(&sim->issueq, &next->node);
		}
	}
	req_release(req);
	if (!iou__list_empty(&r->drainq))
		iou__drain_check(r);
}

/* A read or write of a regular file: the kernel may punt it to an io-wq
 * worker, whose completion then arrives after the enter that issued it
 * returned (a blocking read of an uncached page, 5.x and 6.x alike). */
static int iowq_file(const struct iou__req *req)
{
	switch (req->opcode) {
	case IOU_OP_READ: case IOU_OP_WRITE: case IOU_OP_READV:
	case IOU_OP_WRITEV: case IOU_OP_READ_FIXED: case IOU_OP_WRITE_FIXED:
		return req->file && req->file->type == IOU__FT_INODE;
	default:
		return 0;
	}
}

void iou__req_complete_ex(struct iou__req *req, int32_t res, int may_delay)
{
	struct iou_sim *sim = req->ring->sim;
	uint32_t c;

	req->res = res;
	/* 0: posts now; 1: later, but before the enter returns; 2 (file
	 * I/O): from io-wq, after the enter returned (sched.c holds it). */
	if (may_delay &&
	    (c = iou__choose(sim, IOU__CH_DELAY, iowq_file(req) ? 3 : 2))) {
		/* finished in a worker: cancel finds it, -EALREADY */
		req->state = IOU__RS_DONE;
		if (c == 2) {
			req->iowq_hold = 1;
			sim->iowq_nheld++;
		}
		iou__live_add(req);
		iou__runq_add(sim, req);
		return;
	}
	iou__req_finish(req);
}

void iou__req_complete(struct iou__req *req, int32_t res)
{
	iou__req_complete_ex(req, res, 0);
}

void iou__req_post_more(struct iou__req *req, int32_t res, uint32_t flags)
{
	iou__cq_post(req->ring, req->user_data, res, flags | IOU_CQE_F_MORE);
}

int iou__req_unpark(struct iou__req *req)
{
	switch (req->state) {
	case IOU__RS_WAITQ:
		iou__list_del(&req->node);
		req->wq = NULL;
		break;
	case IOU__RS_TIMER:
		iou__timer_disarm(req);
		break;
	case IOU__RS_REISSUE:
		iou__runq_del(req->ring->sim, req);
		break;
	default:
		return 0;
	}
	req->state = IOU__RS_LINKED;
	return 1;
}

int iou__req_cancel(struct iou__req *req, int may_eintr)
{
	struct iou_sim *sim = req->ring->sim;

	if (req->state == IOU__RS_DONE)
		return -EALREADY;
	if (!iou__req_unpark(req))
		return -ENOENT;
	if (req->op && req->op->cancel)
		req->op->cancel(req);
	req->cflags = 0;
	req->res = -ECANCELED;
	/* A canceled read or recv may see the signal instead (-EINTR):
	 * liburing io-cancel.c, KERNEL_FACTS "Ordering". */
	if (may_eintr && iou__choose(sim, IOU__CH_CANCELRES, 2))
		req->res = -EINTR;
	return 0;
}

/* ops_poll.c — POLL_ADD (one-shot, and multishot from 5.13), POLL_REMOVE
 * and its update form (5.13) on sockets, pipes and anything else (always
 * ready). A poll parks on its file's wait queue and is re-issued when the
 * file changes; a multishot poll posts one CQE (F_MORE) per wakeup that
 * finds it ready, edge-triggered as the kernel's, and may end at any CQE
 * (choice mshotend; from 6.1 when its CQE does not fit in the CQ). Remove
 * cancels it: -ECANCELED, the remove 0, in either order (choice order). */
#include <errno.h>

#include "evloop.h"
#include "net.h"
#include "world.h"

#define POLL_KNOWN_MULTI (IOU_POLL_ADD_MULTI | IOU_POLL_ADD_LEVEL)
#define POLL_UPDATE_FLAGS (IOU_POLL_UPDATE_EVENTS | IOU_POLL_UPDATE_USER_DATA)

static uint32_t sqe_events(const struct iou__req *req)
{
	/* 32-bit masks from 5.9 (FEAT_POLL_32BITS), 16 bits before */
	uint32_t ev = iou__kernel_at_least(req->ring->sim, 5, 9)
		      ? req->sqe.poll32_events : req->sqe.poll_events;

	return (ev & 0xffffU) | IOU__POLLERR | IOU__POLLHUP;
}

static int poll_add_prep(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	const struct iou_sqe *sqe = &req->sqe;
	uint32_t known = 0;

	req->u.net.done = 0;
	req->u.net.count = 0;
	req->u.net.notif = NULL;
	req->u.net.sk = NULL;
	if (sqe->addr || sqe->buf_index || sqe->off || sqe->addr3)
		return -EINVAL;
	/* IORING_POLL_ADD_MULTI 5.13, IORING_POLL_ADD_LEVEL 6.0; before
	 * 5.13 len had to be 0 */
	if (iou__kernel_at_least(sim, 5, 13))
		known |= IOU_POLL_ADD_MULTI;
	if (iou__kernel_at_least(sim, 6, 0))
		known |= IOU_POLL_ADD_LEVEL;
	if (sqe->len & ~known)
		return -EINVAL;
	req->u.net.pflags = sqe->len;
	req->u.net.events = sqe_events(req);
	return 0;
}

static int poll_add_issue(struct iou__req *req)
{
	struct iou__waitq *wq;
	uint32_t mask = iou__file_poll(req->ring->sim, req->file, &wq) &
			req->u.net.events;

	/* A multishot poll of a ring's fd is one-shot: its own CQE would
	 * wake it again for ever ("io_uring: disallow self-propelled ring
	 * polling", 6.2, in 6.1.y and 5.15.y; older kernels looped until
	 * the CQ overflowed, which the sim does not model: fuzz/sim_sqe
	 * grew a 2 GiB overflow list on 5.19) */
	if (req->file && req->file->type == IOU__FT_RING)
		req->u.net.pflags &= ~(uint32_t)IOU_POLL_ADD_MULTI;

	if (mask) {
		if (!(req->u.net.pflags & IOU_POLL_ADD_MULTI))
			return (int)mask;
		/* IOU_POLL_ADD_LEVEL is taken as edge-triggered: one CQE
		 * per wakeup */
		if (iou__net_mshot_post(req, (int32_t)mask, 0))
			return (int)mask;
	}
	if (!wq)
		wq = iou__net_never_wq(req->ring->sim);
	if (!wq)
		return -ENOMEM;
	iou__waitq_add(wq, req);
	return IOU__PENDING;
}

const struct iou__op iou__op_poll_add = {
	.name = "POLL_ADD",
	.since = IOU_KERNEL_VERSION(5, 1),
	.flags = IOU__OP_FILE,
	.prep = poll_add_prep,
	.issue = poll_add_issue,
};

/* ---- POLL_REMOVE / update ------------------------------------------------------ */

static int poll_remove_prep(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->buf_index || sqe->splice_fd_in)
		return -EINVAL;
	/* update (flags in len, new user_data in off) from 5.13 */
	if (!iou__kernel_at_least(sim, 5, 13)) {
		if (sqe->len || sqe->off || sqe->ioprio)
			return -EINVAL;
		return 0;
	}
	if (sqe->len & ~(POLL_UPDATE_FLAGS | IOU_POLL_ADD_MULTI))
		return -EINVAL;
	if (!(sqe->len & IOU_POLL_UPDATE_USER_DATA) && sqe->off)
		return -EINVAL;
	return 0;
}

static struct iou__req *find_poll(struct iou__sring *r, uint64_t ud)
{
	for (struct iou__list *p = r->live.next; p != &r->live; p = p->next) {
		struct iou__req *t = iou__container_of(p, struct iou__req,
						       lnode);

		if (t->opcode == IOU_OP_POLL_ADD && t->user_data == ud &&
		    t->op)
			return t;
	}
	return NULL;
}

static int poll_remove_issue(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	struct iou_sim *sim = r->sim;
	uint32_t flags = req->sqe.len;
	struct iou__req *t = find_poll(r, req->sqe.addr);
	int first, ret;

	if (!t)
		return -ENOENT;
	if (flags & POLL_UPDATE_FLAGS) {
		if (t->state == IOU__RS_DONE)
			return -EALREADY;
		if (!iou__req_unpark(t))
			return -EALREADY;
		if (flags & IOU_POLL_UPDATE_EVENTS) {
			t->u.net.events = sqe_events(req);
			/* the update says one-shot or multishot anew */
			t->u.net.pflags = flags & IOU_POLL_ADD_MULTI;
		}
		if (flags & IOU_POLL_UPDATE_USER_DATA)
			t->user_data = req->sqe.off;
		/* armed again: looks at the file anew */
		t->state = IOU__RS_REISSUE;
		iou__runq_add(sim, t);
		return 0;
	}
	ret = iou__req_cancel(t, 0);
	if (ret)
		return ret;
	iou__list_del(&t->lnode);
	t->in_live = 0;
	/* either order is legal (as for ASYNC_CANCEL, KERNEL_FACTS
	 * "Ordering"); 0 is the profile's */
	first = sim->prof->cancel_first;
	if (iou__choose(sim, IOU__CH_ORDER, 2))
		first = !first;
	if (first) {
		t->then = req->then;
		req->then = t;
	} else {
		iou__req_finish(t);
	}
	return 0;
}

const struct iou__op iou__op_poll_remove = {
	.name = "POLL_REMOVE",
	.since = IOU_KERNEL_VERSION(5, 1),
	.prep = poll_remove_prep,
	.issue = poll_remove_issue,
};

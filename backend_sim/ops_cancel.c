/* ops_cancel.c — ASYNC_CANCEL: by user_data, by fd (FD, FD_FIXED), by
 * opcode, ANY, ALL (returns the count). A parked target is canceled
 * (-ECANCELED, or -EINTR for I/O as a worker may see it); a target whose
 * result is already known but not posted is "running": -EALREADY. The
 * order of the cancel's and the target's CQEs is a choice whose 0 is the
 * profile's. And IORING_REGISTER_SYNC_CANCEL (6.0), the same match made
 * synchronously, waiting out running targets. */
#include <errno.h>
#include <string.h>

#include "sim.h"
#include "world.h"

static int cancel_prep(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	const struct iou_sqe *sqe = &req->sqe;
	uint32_t flags = sqe->cancel_flags;

	if (sqe->off || sqe->splice_fd_in)
		return -EINVAL;
	/* flags from 5.19; before, the field and len must be 0 */
	if (flags & ~sim->prof->cancel_flags)
		return -EINVAL;
	if (!sim->prof->cancel_flags && (sqe->len || sqe->ioprio))
		return -EINVAL;
	if ((flags & IOU_ASYNC_CANCEL_ANY) &&
	    (flags & (IOU_ASYNC_CANCEL_FD | IOU_ASYNC_CANCEL_OP)))
		return -EINVAL;
	if ((flags & IOU_ASYNC_CANCEL_FD_FIXED) &&
	    !(flags & IOU_ASYNC_CANCEL_FD))
		return -EINVAL;
	return 0;
}

struct cancel_match {
	uint32_t flags;
	uint64_t ud;
	struct iou__file *file;
	uint32_t opcode;
};

static int matches(const struct cancel_match *m, const struct iou__req *t)
{
	if (m->flags & IOU_ASYNC_CANCEL_ANY)
		return 1;
	if ((m->flags & IOU_ASYNC_CANCEL_FD) && t->file != m->file)
		return 0;
	if ((m->flags & IOU_ASYNC_CANCEL_OP) && t->opcode != m->opcode)
		return 0;
	/* user_data is matched unless FD or OP alone was asked for */
	if (!(m->flags & (IOU_ASYNC_CANCEL_FD | IOU_ASYNC_CANCEL_OP)) ||
	    (m->flags & IOU_ASYNC_CANCEL_USERDATA))
		return t->user_data == m->ud;
	return 1;
}

/* Cancels what m matches on r (one, or all with ALL/ANY), but self: the
 * canceled targets are chained from *first (their CQEs not posted yet).
 * Returns the count (ALL/ANY), else 0, -ENOENT or -EALREADY. */
static int cancel_run(struct iou__sring *r, const struct iou__req *self,
		      const struct cancel_match *m, struct iou__req **first)
{
	int all = (m->flags & (IOU_ASYNC_CANCEL_ALL | IOU_ASYNC_CANCEL_ANY)) != 0;
	struct iou__req **tail = first;
	int count = 0, ret = -ENOENT;
	struct iou__list *p;

	*first = NULL;
	for (p = r->live.next; p != &r->live;) {
		struct iou__req *t = iou__container_of(p, struct iou__req, lnode);

		p = p->next;
		if (t == self || !matches(m, t))
			continue;
		/* the op may end it its own way (ops_net.c) */
		if (t->op->cancel_refuse && t->state != IOU__RS_DONE &&
		    t->op->cancel_refuse(t))
			continue;
		/* -EINTR is what a worker blocked in I/O sees; a poll is
		 * disarmed, never interrupted (io_poll_cancel) */
		ret = iou__req_cancel(t, !(t->op->flags & (IOU__OP_TIMEOUT |
						IOU__OP_CANCEL_COUNT)) &&
					 t->opcode != IOU_OP_POLL_ADD);
		if (ret == -ENOENT)
			continue;
		count++;
		if (!ret) {
			/* off the live list now: it can no longer match */
			iou__list_del(&t->lnode);
			t->in_live = 0;
			*tail = t;
			tail = &t->then;
			if (t->op->flags & IOU__OP_CANCEL_COUNT)
				ret = 1; /* io_futex_cancel: how many */
		}
		if (!all)
			break;
	}
	*tail = NULL;
	return all ? count : ret;
}

/* The fd of an FD match: 0, or -EBADF. */
static int match_file(struct iou__sring *r, struct cancel_match *m, int fd)
{
	if (!(m->flags & IOU_ASYNC_CANCEL_FD))
		return 0;
	if (m->flags & IOU_ASYNC_CANCEL_FD_FIXED)
		m->file = (uint32_t)fd < r->nfixed ? r->fixed[fd] : NULL;
	else
		m->file = iou__fd_get(r->sim, fd);
	return m->file ? 0 : -EBADF;
}

static int cancel_issue(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	struct iou_sim *sim = r->sim;
	struct cancel_match m = {
		.flags = req->sqe.cancel_flags,
		.ud = req->sqe.addr,
		.opcode = req->sqe.len,
	};
	struct iou__req *first, **tail;
	int ret, cancel_first;

	if ((ret = match_file(r, &m, req->sqe.fd)))
		return ret;
	ret = cancel_run(r, req, &m, &first);
	for (tail = &first; *tail; tail = &(*tail)->then)
		;
	if (first) {
		/* 6.18 posts the cancel's CQE first (KERNEL_FACTS
		 * "Ordering"); older kernels completed the target inside
		 * the cancel. Either order is legal (Zig #11382). */
		cancel_first = sim->prof->cancel_first;
		if (iou__choose(sim, IOU__CH_ORDER, 2))
			cancel_first = !cancel_first;
		if (cancel_first) {
			*tail = req->then;
			req->then = first;
		} else {
			while (first) {
				struct iou__req *n = first->then;

				first->then = NULL;
				iou__req_finish(first);
				first = n;
			}
		}
	}
	return ret;
}

/* Posts the CQEs of the canceled targets chained from first. */
static void finish_all(struct iou__req *first)
{
	while (first) {
		struct iou__req *n = first->then;

		first->then = NULL;
		iou__req_finish(first);
		first = n;
	}
}

/* io_sync_cancel: the fields checked, an fd looked up first; a match
 * running (-EALREADY) is waited for, its completion run, and the match
 * made again, until none runs (then 0) or the timeout passes (-ETIME;
 * {-1, -1}: none); whether a running target ends within the timeout is a
 * choice (0: it does). A first match of nothing is -ENOENT; ALL returns
 * the count. */
int iou__sync_cancel(struct iou__sring *r, const void *arg)
{
	struct iou_sim *sim = r->sim;
	struct iou_sync_cancel_reg sc;
	struct cancel_match m;
	struct iou__req *first;
	int ret;

	if (!arg)
		return -EFAULT;
	memcpy(&sc, arg, sizeof(sc));
	if (sc.flags & ~sim->prof->cancel_flags)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(sc.pad); i++)
		if (sc.pad[i])
			return -EINVAL;
	for (size_t i = 0; i < sizeof(sc.pad2) / sizeof(sc.pad2[0]); i++)
		if (sc.pad2[i])
			return -EINVAL;
	m = (struct cancel_match){ .flags = sc.flags, .ud = sc.addr,
				   .opcode = sc.opcode };
	if ((ret = match_file(r, &m, sc.fd)))
		return ret;
	ret = cancel_run(r, NULL, &m, &first);
	finish_all(first);
	if (ret != -EALREADY)
		return ret;
	for (;;) {
		int timed = sc.timeout.tv_sec != -1 || sc.timeout.tv_nsec != -1;

		if (timed && iou__choose(sim, IOU__CH_WAIT, 2))
			return -ETIME;
		/* the running targets post: what an io-wq worker finishes */
		while (iou__runq_run_one(sim))
			;
		ret = cancel_run(r, NULL, &m, &first);
		finish_all(first);
		if (ret != -EALREADY)
			return ret == -ENOENT ? 0 : ret < 0 ? ret : 0;
	}
}

const struct iou__op iou__op_async_cancel = {
	.name = "ASYNC_CANCEL",
	.since = IOU_KERNEL_VERSION(5, 5),
	.prep = cancel_prep,
	.issue = cancel_issue,
};

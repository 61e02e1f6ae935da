/* ops_timeout.c — the timer family on the virtual clock: TIMEOUT (relative,
 * ABS, completion count, MULTISHOT, ETIME_SUCCESS), TIMEOUT_REMOVE and its
 * UPDATE forms, and LINK_TIMEOUT with both race outcomes. Which CQE of a
 * racing pair posts first is a choice whose 0 is the profile's order. */
#include <errno.h>
#include <string.h>

#include "sim.h"

#define NSEC_PER_SEC 1000000000ULL

int iou__copy_timespec(uint64_t addr, uint64_t *ns_out)
{
	struct iou_timespec ts;

	/* User pointers are trusted as process memory, as the kernel's
	 * copy_from_user would check them; only NULL is caught (-EFAULT). */
	if (!addr)
		return -EFAULT;
	memcpy(&ts, (const void *)(uintptr_t)addr, sizeof(ts));
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
	    (unsigned long long)ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if ((uint64_t)ts.tv_sec > (UINT64_MAX - NSEC_PER_SEC) / NSEC_PER_SEC)
		*ns_out = UINT64_MAX - NSEC_PER_SEC;
	else
		*ns_out = (uint64_t)ts.tv_sec * NSEC_PER_SEC +
			  (uint64_t)ts.tv_nsec;
	return 0;
}

static uint64_t deadline_of(const struct iou_sim *sim, uint64_t ns,
			    uint32_t flags)
{
	if (flags & IOU_TIMEOUT_ABS)
		return ns;
	return ns > UINT64_MAX - sim->now ? UINT64_MAX - 1 : sim->now + ns;
}

static uint32_t timeout_flags_known(const struct iou_sim *sim)
{
	uint32_t f = IOU_TIMEOUT_ABS;

	if (iou__kernel_at_least(sim, 5, 8))
		f |= IOU_TIMEOUT_CLOCK_MASK; /* BOOTTIME/REALTIME 5.8 */
	if (sim->prof->etime_success)
		f |= IOU_TIMEOUT_ETIME_SUCCESS;
	if (sim->prof->timeout_multishot)
		f |= IOU_TIMEOUT_MULTISHOT;
	return f;
}

static int timeout_prep_common(struct iou__req *req, int is_link)
{
	struct iou_sim *sim = req->ring->sim;
	const struct iou_sqe *sqe = &req->sqe;
	uint32_t flags = sqe->timeout_flags;
	uint64_t ns;
	int ret;

	memset(&req->u.timeout, 0, sizeof(req->u.timeout));
	if (sqe->buf_index || sqe->len != 1 || sqe->splice_fd_in)
		return -EINVAL;
	if (is_link && sqe->off)
		return -EINVAL;
	if (flags & ~timeout_flags_known(sim))
		return -EINVAL;
	/* at most one clock */
	if ((flags & IOU_TIMEOUT_CLOCK_MASK) == IOU_TIMEOUT_CLOCK_MASK)
		return -EINVAL;
	if (is_link && (flags & IOU_TIMEOUT_MULTISHOT))
		return -EINVAL;
	ret = iou__copy_timespec(sqe->addr, &ns);
	if (ret)
		return ret;
	req->u.timeout.interval = ns;
	req->u.timeout.flags = flags;
	req->u.timeout.count = (uint32_t)sqe->off;
	if (flags & IOU_TIMEOUT_ETIME_SUCCESS)
		req->no_fail = 1;
	return 0;
}

/* ---- TIMEOUT ---------------------------------------------------------------- */

static int timeout_prep(struct iou__req *req)
{
	int ret = timeout_prep_common(req, 0);

	/* multishot with ABS is refused (io_timeout_prep, 6.4) */
	if (!ret && (req->u.timeout.flags & IOU_TIMEOUT_MULTISHOT) &&
	    (req->u.timeout.flags & IOU_TIMEOUT_ABS))
		return -EINVAL;
	return ret;
}

static void count_del(struct iou__req *req)
{
	if (req->u.timeout.counting) {
		iou__list_del(&req->u.timeout.cnode);
		req->u.timeout.counting = 0;
	}
}

static int timeout_issue(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	struct iou_sim *sim = r->sim;
	uint32_t flags = req->u.timeout.flags;

	if (req->u.timeout.count && !(flags & IOU_TIMEOUT_MULTISHOT)) {
		/* completes after `count` other completions */
		req->u.timeout.target_ev = r->cq_events + req->u.timeout.count;
		iou__list_init(&req->u.timeout.cnode);
		iou__list_add_tail(&r->counting, &req->u.timeout.cnode);
		req->u.timeout.counting = 1;
	}
	iou__timer_arm(req, deadline_of(sim, req->u.timeout.interval, flags));
	return IOU__PENDING;
}

static void timeout_timer(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	uint32_t flags = req->u.timeout.flags;

	count_del(req);
	if (flags & IOU_TIMEOUT_MULTISHOT) {
		/* off = number of expirations, 0 = until canceled; all but
		 * the last carry F_MORE (KERNEL_FACTS "Multishot"). */
		/* A shot that does not fit in the CQ ends it: the kernel
		 * posts it with io_req_post_cqe, which does not overflow,
		 * and completes the timeout instead (timeout.c, 6.4) */
		if (req->u.timeout.count != 1 && iou__cq_direct(req->ring)) {
			if (req->u.timeout.count)
				req->u.timeout.count--;
			iou__req_post_more(req, -ETIME, 0);
			/* A re-armed hrtimer always moves on: a zero interval
			 * must not fire again at the same virtual instant,
			 * or the clock would never advance. */
			iou__timer_arm(req, deadline_of(sim,
				req->u.timeout.interval ?
				req->u.timeout.interval : 1, 0));
			return;
		}
	}
	iou__req_complete(req, -ETIME);
}

static void timeout_cancel(struct iou__req *req)
{
	count_del(req);
}

void iou__timeouts_count(struct iou__sring *r)
{
	struct iou__list *pos = r->counting.next;

	while (pos != &r->counting) {
		struct iou__req *req =
			iou__container_of(pos, struct iou__req, u.timeout.cnode);

		pos = pos->next;
		if (r->cq_events < req->u.timeout.target_ev)
			continue;
		count_del(req);
		iou__req_unpark(req);
		/* A count timeout completes with 0 after `count`
		 * completions (DESIGN §2 guarantees). */
		iou__req_complete(req, 0);
		/* the list may have changed under us */
		pos = r->counting.next;
	}
}

const struct iou__op iou__op_timeout = {
	.name = "TIMEOUT",
	.since = IOU_KERNEL_VERSION(5, 4),
	.flags = IOU__OP_TIMEOUT,
	.prep = timeout_prep,
	.issue = timeout_issue,
	.timer = timeout_timer,
	.cancel = timeout_cancel,
};

/* ---- TIMEOUT_REMOVE / update ------------------------------------------------ */

static struct iou__req *find_timeout(struct iou__sring *r, uint64_t ud,
				     int link)
{
	for (struct iou__list *p = r->live.next; p != &r->live; p = p->next) {
		struct iou__req *t = iou__container_of(p, struct iou__req, lnode);

		if (t->user_data != ud)
			continue;
		if (!link && t->opcode == IOU_OP_TIMEOUT)
			return t;
	}
	if (link) {
		/* armed link timeouts are not on the live list: they hang
		 * off their targets */
		for (struct iou__list *p = r->live.next; p != &r->live;
		     p = p->next) {
			struct iou__req *t =
				iou__container_of(p, struct iou__req, lnode);

			if (t->ltimeout && t->ltimeout->user_data == ud &&
			    !t->ltimeout->lt_fired)
				return t->ltimeout;
		}
	}
	return NULL;
}

static int tremove_prep(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	const struct iou_sqe *sqe = &req->sqe;
	uint32_t flags = sqe->timeout_flags;

	memset(&req->u.timeout, 0, sizeof(req->u.timeout));
	if (sqe->buf_index || sqe->len || sqe->splice_fd_in)
		return -EINVAL;
	if (flags & IOU_TIMEOUT_UPDATE_MASK) {
		uint64_t ns;
		int ret;

		/* TIMEOUT_UPDATE 5.11, LINK_TIMEOUT_UPDATE 5.15 */
		if (!iou__kernel_at_least(sim, 5, 11))
			return -EINVAL;
		if ((flags & IOU_LINK_TIMEOUT_UPDATE) &&
		    !iou__kernel_at_least(sim, 5, 15))
			return -EINVAL;
		/* LINK_TIMEOUT_UPDATE may come with TIMEOUT_UPDATE, as
		 * liburing's prep sets both (io_timeout_remove_prep) */
		if ((flags & IOU_TIMEOUT_CLOCK_MASK) == IOU_TIMEOUT_CLOCK_MASK)
			return -EINVAL;
		if (flags & ~(IOU_TIMEOUT_UPDATE_MASK | IOU_TIMEOUT_ABS |
			      IOU_TIMEOUT_CLOCK_MASK))
			return -EINVAL;
		ret = iou__copy_timespec(sqe->addr2, &ns);
		if (ret)
			return ret;
		req->u.timeout.interval = ns;
	} else if (flags || sqe->addr2) {
		return -EINVAL;
	}
	req->u.timeout.flags = flags;
	return 0;
}

static int tremove_issue(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	struct iou_sim *sim = r->sim;
	uint32_t flags = req->u.timeout.flags;
	struct iou__req *t;
	int first_target;

	if (flags & IOU_TIMEOUT_UPDATE_MASK) {
		t = find_timeout(r, req->sqe.addr,
				 (flags & IOU_LINK_TIMEOUT_UPDATE) != 0);
		if (!t || t->state != IOU__RS_TIMER)
			return t ? -EALREADY : -ENOENT;
		iou__timer_disarm(t);
		t->u.timeout.interval = req->u.timeout.interval;
		iou__timer_arm(t, deadline_of(sim, t->u.timeout.interval,
					      flags & IOU_TIMEOUT_ABS));
		return 0;
	}
	t = find_timeout(r, req->sqe.addr, 0);
	if (!t)
		return -ENOENT;
	if (iou__req_cancel(t, 0))
		return -EALREADY; /* fired, its CQE not posted yet */
	/* Both post: the timeout -ECANCELED, the remove 0. Before 5.18 the
	 * timeout's CQE came first, from 5.18 the remove's (Zig
	 * 47c58cba595a); no kernel promises either: a choice. */
	first_target = sim->prof->timeout_first;
	if (iou__choose(sim, IOU__CH_ORDER, 2))
		first_target = !first_target;
	if (first_target) {
		iou__req_finish(t);
	} else {
		t->then = req->then;
		req->then = t;
	}
	return 0;
}

const struct iou__op iou__op_timeout_remove = {
	.name = "TIMEOUT_REMOVE",
	.since = IOU_KERNEL_VERSION(5, 5),
	.prep = tremove_prep,
	.issue = tremove_issue,
};

/* ---- LINK_TIMEOUT ------------------------------------------------------------ */

static int ltimeout_prep(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	int ret = timeout_prep_common(req, 1);

	if (ret)
		return ret;
	/* A lone link timeout, or one after another: -EINVAL
	 * (io_link_timeout_prep; KERNEL_FACTS "Errnos"). */
	if (!r->link_head || r->link_last->opcode == IOU_OP_LINK_TIMEOUT)
		return -EINVAL;
	return 0;
}

void iou__ltimeout_arm(struct iou__req *lt)
{
	iou__timer_arm(lt, deadline_of(lt->ring->sim, lt->u.timeout.interval,
				       lt->u.timeout.flags));
}

/* Only reached when the chain is canceled before its target starts; an
 * armed link timeout posts through its target (complete.c). */
static int ltimeout_issue(struct iou__req *req)
{
	return -ECANCELED;
}

static void ltimeout_timer(struct iou__req *lt)
{
	struct iou__req *target = lt->ltarget;
	struct iou_sim *sim = lt->ring->sim;
	int ret;

	lt->lt_fired = 1;
	lt->res = -ETIME;
	if (!target)
		return;
	/* Race outcomes (liburing link-timeout.c, KERNEL_FACTS "Errnos"):
	 * the target is canceled (-ECANCELED, or -EINTR when it was
	 * running in a worker) and the timeout is -ETIME; or the target
	 * had already completed: the timeout is -EALREADY. */
	if (target->state == IOU__RS_DONE) {
		lt->res = -EALREADY;
		return;
	}
	if (iou__choose(sim, IOU__CH_LTIMEOUT, 2)) {
		/* it was running in a worker: the signal interrupts it */
		lt->res = -EALREADY;
		ret = iou__req_cancel(target, 0);
		if (!ret)
			target->res = -EINTR;
	} else {
		ret = iou__req_cancel(target, 1);
	}
	if (ret) {
		lt->res = -EALREADY;
		return;
	}
	/* Which of the pair posts first is not promised. */
	lt->lt_first = iou__choose(sim, IOU__CH_ORDER, 2) != 0;
	iou__req_finish(target);
}

const struct iou__op iou__op_link_timeout = {
	.name = "LINK_TIMEOUT",
	.since = IOU_KERNEL_VERSION(5, 5),
	.flags = IOU__OP_TIMEOUT,
	.prep = ltimeout_prep,
	.issue = ltimeout_issue,
	.timer = ltimeout_timer,
};

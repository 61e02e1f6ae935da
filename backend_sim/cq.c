/* cq.c — posting CQEs into a ring's CQ as the kernel does: straight into
 * the ring while there is room; when it is full, into the overflow list
 * with IOU_SQ_CQ_OVERFLOW set (FEAT_NODROP, 5.5+) until an enter with
 * GETEVENTS flushes it, or dropped and counted in cq.overflow on profiles
 * without NODROP (5.4), where the next wait reports -EBADR. */
#include <stdlib.h>

#include "sim.h"

static int cq_room(const struct iou__sring *r)
{
	return iou__cq_ready(r) < r->cq_entries;
}

void iou__sring_update_flags(struct iou__sring *r)
{
	uint32_t f = 0;

	if (iou__ovf_pending(r))
		f |= IOU_SQ_CQ_OVERFLOW;
	/* Work waits on the run queue: set TASKRUN so user code that only
	 * peeks enters with GETEVENTS to let it run (the kernel sets it for
	 * pending task work on TASKRUN_FLAG rings). */
	if (r->runq_n)
		f |= IOU_SQ_TASKRUN;
	/* The sim's SQPOLL "thread" never runs on its own: it always asks
	 * for a wakeup so submissions enter. */
	if (r->setup_flags & IOU_SETUP_SQPOLL)
		f |= IOU_SQ_NEED_WAKEUP;
	__atomic_store_n(r->sq_flags, f, __ATOMIC_RELEASE);
}

static int ovf_push(struct iou__sring *r, uint64_t ud, int32_t res,
		    uint32_t flags)
{
	struct iou_cqe *c;

	if (r->ovf_head && r->ovf_head == r->ovf_len) {
		r->ovf_head = r->ovf_len = 0;
	}
	if (r->ovf_len == r->ovf_cap) {
		uint32_t cap = r->ovf_cap ? r->ovf_cap * 2 : 64;
		struct iou_cqe *n;

		if (r->cq_shift) {
			/* CQE32: the big words of each entry, in step */
			uint64_t (*nb)[2] = realloc(r->ovf_big,
						    cap * sizeof(*nb));

			if (!nb)
				return -1;
			r->ovf_big = nb;
		}
		n = realloc(r->ovf, cap * sizeof(*n));
		if (!n)
			return -1;
		r->ovf = n;
		r->ovf_cap = cap;
	}
	if (r->cq_shift) {
		r->ovf_big[r->ovf_len][0] = r->big[0];
		r->ovf_big[r->ovf_len][1] = r->big[1];
		r->big[0] = r->big[1] = 0;
	}
	c = &r->ovf[r->ovf_len++];
	c->user_data = ud;
	c->res = res;
	c->flags = flags;
	return 0;
}

void iou__cq_post_slow(struct iou__sring *r, uint64_t ud, int32_t res,
		       uint32_t flags)
{
	struct iou_sim *sim = r->sim;

	if (iou__cq_direct(r)) {
		iou__cq_write(r, ud, res, flags);
		if (sim->trace.on)
			iou__trace_cqe(sim, IOU__TRC_POST, r->id, ud, res,
				       flags);
		return;
	}
	if (!sim->prof->nodrop) {
		(*r->cq_overflow)++;
		r->dropped_pending = 1;
		if (sim->trace.on)
			iou__trace_cqe(sim, IOU__TRC_DROPPED, r->id, ud, res,
				       flags);
		return;
	}
	if (ovf_push(r, ud, res, flags)) {
		/* No memory for the overflow entry: the kernel drops it and
		 * counts it too (and reports -EBADR). */
		sim->oom = 1;
		r->big[0] = r->big[1] = 0;
		(*r->cq_overflow)++;
		r->dropped_pending = 1;
		return;
	}
	if (sim->trace.on)
		iou__trace_cqe(sim, IOU__TRC_OVERFLOW, r->id, ud, res, flags);
	iou__sring_update_flags(r);
}

void iou__cq_flush_overflow(struct iou__sring *r)
{
	int moved = 0;

	while (r->ovf_head < r->ovf_len && cq_room(r)) {
		struct iou_cqe *c = &r->ovf[r->ovf_head];

		if (r->cq_shift) {
			r->big[0] = r->ovf_big[r->ovf_head][0];
			r->big[1] = r->ovf_big[r->ovf_head][1];
		}
		r->ovf_head++;
		iou__cq_write(r, c->user_data, c->res, c->flags);
		if (r->sim->trace.on)
			iou__trace_cqe(r->sim, IOU__TRC_FLUSH, r->id,
				       c->user_data, c->res, c->flags);
		moved = 1;
	}
	if (r->ovf_head == r->ovf_len)
		r->ovf_head = r->ovf_len = 0;
	if (moved)
		iou__sring_update_flags(r);
}

/* ops_misc.c — ops with no world behind them: NOP. */
#include <errno.h>

#include "sim.h"

static int nop_prep(struct iou__req *req)
{
	/* 6.x checks nop_flags; older kernels ignored every field. No
	 * NOP flag is modelled, so any is unknown: -EINVAL. */
	if (iou__kernel_at_least(req->ring->sim, 6, 12) && req->sqe.nop_flags)
		return -EINVAL;
	return 0;
}

static int nop_issue(struct iou__req *req)
{
	return 0;
}

const struct iou__op iou__op_nop = {
	.name = "NOP",
	.since = IOU_KERNEL_VERSION(5, 1),
	.prep = nop_prep,
	.issue = nop_issue,
};

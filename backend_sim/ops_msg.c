/* ops_msg.c — MSG_RING between rings of one sim: IOU_MSG_DATA posts a CQE
 * (user_data = sqe->off, res = sqe->len) on the target ring,
 * IOU_MSG_SEND_FD installs one of the sender's fixed files in the
 * target's table. The sender's CQE is 0 (or -errno); the target's CQE
 * posts first, during the send. */
#include <errno.h>

#include "world.h"

static int msg_prep(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	const struct iou_sqe *sqe = &req->sqe;
	uint32_t known = IOU_MSG_RING_CQE_SKIP;

	/* CQE_SKIP and SEND_FD 6.0, FLAGS_PASS 6.3 */
	if (iou__kernel_at_least(sim, 6, 3))
		known |= IOU_MSG_RING_FLAGS_PASS;
	if (sqe->buf_index || sqe->personality)
		return -EINVAL;
	if (sqe->msg_ring_flags & ~known)
		return -EINVAL;
	if (!iou__kernel_at_least(sim, 6, 0) && sqe->msg_ring_flags)
		return -EINVAL;
	return 0;
}

static int msg_data(struct iou__req *req, struct iou__sring *t)
{
	const struct iou_sqe *sqe = &req->sqe;
	uint32_t flags = 0;

	if (sqe->addr3)
		return -EINVAL;
	if (sqe->msg_ring_flags & IOU_MSG_RING_FLAGS_PASS)
		flags = sqe->file_index;
	else if (sqe->file_index)
		return -EINVAL;
	if (t->disabled)
		return -EBADFD;
	iou__cq_post(t, sqe->off, (int32_t)sqe->len, flags);
	return 0;
}

static int msg_send_fd(struct iou__req *req, struct iou__sring *t)
{
	struct iou__sring *r = req->ring;
	const struct iou_sqe *sqe = &req->sqe;
	uint64_t src = sqe->addr3;
	uint32_t dst = sqe->file_index;
	int ret;

	if (!iou__kernel_at_least(r->sim, 6, 0))
		return -EINVAL;
	if (sqe->len || (sqe->msg_ring_flags & IOU_MSG_RING_FLAGS_PASS))
		return -EINVAL;
	if (t == r)
		return -EINVAL;
	if (!dst)
		return -EINVAL; /* slots are 1-based here, as for direct opens */
	if (src >= r->nfixed || !r->fixed[src])
		return -EBADF;
	ret = iou__fixed_install(t, dst == IOU_FILE_INDEX_ALLOC ? dst
				 : dst - 1, r->fixed[src]);
	if (ret < 0)
		return ret;
	if (!(sqe->msg_ring_flags & IOU_MSG_RING_CQE_SKIP))
		iou__cq_post(t, sqe->off, dst == IOU_FILE_INDEX_ALLOC ? ret : 0,
			     0);
	return 0;
}

static int msg_issue(struct iou__req *req)
{
	struct iou__file *f = req->file;

	if (f->type != IOU__FT_RING || !f->ring)
		return -EBADFD;
	switch (req->sqe.addr) {
	case IOU_MSG_DATA:
		return msg_data(req, f->ring);
	case IOU_MSG_SEND_FD:
		return msg_send_fd(req, f->ring);
	default:
		return -EINVAL;
	}
}

const struct iou__op iou__op_msg_ring = {
	.name = "MSG_RING",
	.since = IOU_KERNEL_VERSION(5, 18),
	.flags = IOU__OP_FILE,
	.prep = msg_prep,
	.issue = msg_issue,
};

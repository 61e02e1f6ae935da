/* ops_misc.c — ops with no world behind them: NOP, with the NOP flags of
 * newer kernels (io_uring/nop.c: its prep ignored every field, then took
 * IORING_NOP_INJECT_RESULT, then FILE, FIXED_FILE and FIXED_BUFFER, then TW
 * and CQE32; measured on this machine's 6.18), and the second 16 bytes of
 * a CQE32 ring's CQEs. */
#include <errno.h>

#include "world.h"

#define NOP_INJECT_RESULT IOU_NOP_INJECT_RESULT
#define NOP_FILE          IOU_NOP_FILE
#define NOP_FIXED_FILE    IOU_NOP_FIXED_FILE
#define NOP_FIXED_BUFFER  IOU_NOP_FIXED_BUFFER
#define NOP_TW            IOU_NOP_TW
#define NOP_CQE32         IOU_NOP_CQE32

static uint32_t nop_flags_known(const struct iou_sim *sim)
{
	if (iou__kernel_at_least(sim, 6, 18))
		return NOP_INJECT_RESULT | NOP_FILE | NOP_FIXED_FILE |
		       NOP_FIXED_BUFFER | NOP_TW | NOP_CQE32;
	/* INJECT_RESULT by 6.12 (the exact release is not pinned down) */
	if (iou__kernel_at_least(sim, 6, 12))
		return NOP_INJECT_RESULT;
	return 0;
}

/* Every op but a NOP_CQE32 leaves them 0; that one puts its SQE's off and
 * addr there (6.18, measured: big_cqe = {off, addr}). */
void iou__cq_stage_big(struct iou__sring *r, const struct iou__req *req)
{
	uint32_t f = req->sqe.nop_flags;

	/* ...a NOP whose prep took the flag (not one that failed it) */
	if (req->opcode == IOU_OP_NOP && (f & NOP_CQE32) &&
	    !(f & ~nop_flags_known(r->sim))) {
		r->big[0] = req->sqe.off;
		r->big[1] = req->sqe.addr;
	}
}

static int nop_prep(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	uint32_t flags = req->sqe.nop_flags;

	if (!flags)
		return 0;
	/* before the flags existed, the prep looked at nothing: forget
	 * them in the request's copy of the SQE */
	if (!iou__kernel_at_least(sim, 6, 12)) {
		req->sqe.nop_flags = 0;
		return 0;
	}
	if (flags & ~nop_flags_known(sim))
		return -EINVAL;
	/* a 32-byte CQE needs a CQE32 ring (6.18: -EINVAL at prep) */
	if ((flags & NOP_CQE32) && !req->ring->cq_shift)
		return -EINVAL;
	return 0;
}

static int nop_issue(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	uint32_t flags = req->sqe.nop_flags;

	if (!flags)
		return 0;
	if (flags & NOP_FILE) {
		int fd = req->sqe.fd;
		struct iou__file *f;

		if (flags & NOP_FIXED_FILE)
			f = (uint32_t)fd < r->nfixed ? r->fixed[fd] : NULL;
		else
			f = iou__fd_get(r->sim, fd);
		if (!f)
			return -EBADF;
	}
	if (flags & NOP_FIXED_BUFFER) {
		uint16_t i = req->sqe.buf_index;

		if (i >= r->nbufs || !r->bufs[i].iov_base)
			return -EFAULT;
	}
	return (flags & NOP_INJECT_RESULT) ? (int32_t)req->sqe.len : 0;
}

const struct iou__op iou__op_nop = {
	.name = "NOP",
	.since = IOU_KERNEL_VERSION(5, 1),
	.prep = nop_prep,
	.issue = nop_issue,
};

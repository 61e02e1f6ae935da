/* ops_loop.c — ring ops around the event loop that need no object of
 * their own: MADVISE (5.6; accepted, no effect on the advisory hints)
 * and FIXED_FD_INSTALL (6.8: a fixed file into the fd table). */
#include <errno.h>
#include <fcntl.h>

#include "world.h"

/* ---- MADVISE ------------------------------------------------------------------- */

/* Hints with no effect on memory's contents: accepted and ignored. The
 * ones that change contents (DONTNEED, FREE, REMOVE, WIPEONFORK,
 * DONTNEED_LOCKED) or need a page table (POPULATE_*, COLLAPSE,
 * HWPOISON...) are not modelled: -EINVAL, as a kernel without them. */
static int advice_ok(uint32_t a)
{
	switch (a) {
	case 0:  /* MADV_NORMAL */
	case 1:  /* MADV_RANDOM */
	case 2:  /* MADV_SEQUENTIAL */
	case 3:  /* MADV_WILLNEED */
	case 10: /* MADV_DONTFORK */
	case 11: /* MADV_DOFORK */
	case 12: /* MADV_MERGEABLE */
	case 13: /* MADV_UNMERGEABLE */
	case 14: /* MADV_HUGEPAGE */
	case 15: /* MADV_NOHUGEPAGE */
	case 16: /* MADV_DONTDUMP */
	case 17: /* MADV_DODUMP */
	case 19: /* MADV_KEEPONFORK */
	case 20: /* MADV_COLD */
	case 21: /* MADV_PAGEOUT */
		return 1;
	default:
		return 0;
	}
}

static int madvise_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->buf_index || sqe->splice_fd_in)
		return -EINVAL;
	/* a 64-bit length in off from 6.11; before, off must be 0 */
	if (sqe->off && !iou__kernel_at_least(req->ring->sim, 6, 11))
		return -EINVAL;
	return 0;
}

static int madvise_issue(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;
	uint64_t len = sqe->off ? sqe->off : sqe->len;

	/* do_madvise: a known hint, a page-aligned start, no wrap */
	if (!advice_ok(sqe->fadvise_advice))
		return -EINVAL;
	if (sqe->addr & 4095)
		return -EINVAL;
	if (sqe->addr + ((len + 4095) & ~4095ULL) < sqe->addr)
		return -EINVAL;
	return 0;
}

const struct iou__op iou__op_madvise = {
	.name = "MADVISE",
	.since = IOU_KERNEL_VERSION(5, 6),
	.prep = madvise_prep,
	.issue = madvise_issue,
};

/* ---- FIXED_FD_INSTALL ---------------------------------------------------------- */

#define FIXED_FD_NO_CLOEXEC 1U

static int install_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	/* io_install_fixed_fd_prep */
	if (sqe->off || sqe->addr || sqe->len || sqe->buf_index ||
	    sqe->splice_fd_in || sqe->addr3)
		return -EINVAL;
	if (!(req->flags & IOU_SQE_FIXED_FILE))
		return -EBADF; /* it must be a fixed file */
	if (sqe->install_fd_flags & ~FIXED_FD_NO_CLOEXEC)
		return -EINVAL;
	if (sqe->personality)
		return -EPERM; /* the task's own credentials only */
	return 0;
}

static int install_issue(struct iou__req *req)
{
	int cloexec = !(req->sqe.install_fd_flags & FIXED_FD_NO_CLOEXEC);

	return iou__fd_install_at(req->ring->sim, req->file, 0, cloexec);
}

const struct iou__op iou__op_fixed_fd_install = {
	.name = "FIXED_FD_INSTALL",
	.since = IOU_KERNEL_VERSION(6, 8),
	.flags = IOU__OP_FILE,
	.prep = install_prep,
	.issue = install_issue,
};

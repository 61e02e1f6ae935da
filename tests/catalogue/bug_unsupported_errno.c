/* bug_unsupported_errno.c — "only -EBADF means the op is unsupported".
 *
 * A consumer sets up its spool through the ring — UNLINKAT of a stale file,
 * MKDIRAT of the spool directory — and falls back to the plain syscalls
 * when the kernel lacks the op. The kernel's answer for an op it does not
 * have depends on its age: 5.4 looks the fd up first and says -EBADF,
 * 5.10 says -EINVAL (UNLINKAT came in 5.11, MKDIRAT in 5.15; Zig
 * 0662f1d52204, #10466). The buggy consumer knows only 5.4's answer and
 * fails its setup on 5.10. Invariant: on every supported kernel (5.4 to
 * newest) setup succeeds, the stale file is gone and the spool exists. */
#include <fcntl.h>

#include "cat_util.h"
#include "catalogue.h"

/* Does res say "this kernel has no such op"? */
static int unsupported(int res, int fixed)
{
	if (!fixed)
		return res == -EBADF; /* BUG: 5.4's answer only */
	/* FIX: -EBADF (5.4 looks the fd up first) or -EINVAL (5.10) */
	return res == -EBADF || res == -EINVAL;
}

static int ring_op(struct iou *ring, struct iou_sqe *sqe)
{
	struct iou_cqe cqe;

	iou_sqe_set_data64(sqe, 1);
	if (cat_submit_all(ring) || cat_next_cqe(ring, &cqe))
		return -EIO;
	return cqe.res;
}

static int spool_unlink(struct iou *ring, const char *path, int fixed)
{
	struct iou_sqe *sqe = iou_get_sqe(ring);
	int res;

	iou_prep_unlinkat(sqe, IOU_AT_FDCWD, path, 0);
	res = ring_op(ring, sqe);
	if (res < 0 && unsupported(res, fixed))
		res = iou_sys_unlink(ring, path);
	return res;
}

static int spool_mkdir(struct iou *ring, const char *path, int fixed)
{
	struct iou_sqe *sqe = iou_get_sqe(ring);
	int res;

	iou_prep_mkdirat(sqe, IOU_AT_FDCWD, path, 0755);
	res = ring_op(ring, sqe);
	if (res < 0 && unsupported(res, fixed))
		res = iou_sys_mkdir(ring, path, 0755);
	return res;
}

static int consumer(struct iou_sim *sim, int fixed)
{
	struct iou ring;
	int fd;

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	/* a stale lock from a previous run */
	fd = iou_sys_open(&ring, "/spool.lock", O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0);
	CHECK(iou_sys_close(&ring, fd) == 0);

	CHECK(spool_unlink(&ring, "/spool.lock", fixed) == 0);
	CHECK(spool_mkdir(&ring, "/spool", fixed) == 0);

	CHECK(iou_sys_open(&ring, "/spool.lock", O_RDONLY, 0) == -ENOENT);
	CHECK(iou_sys_mkdir(&ring, "/spool", 0755) == -EEXIST);
	iou_queue_exit(&ring);
	return 0;
}

int cat_unsupported_errno_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 0);
}

int cat_unsupported_errno_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 1);
}

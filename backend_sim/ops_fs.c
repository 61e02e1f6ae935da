/* ops_fs.c — the path and fd family: OPENAT, OPENAT2 (incl. direct into
 * the fixed-file table), CLOSE, STATX, RENAMEAT, UNLINKAT, MKDIRAT,
 * SYMLINKAT, LINKAT, FILES_UPDATE. Paths are copied at prep, as the
 * kernel's getname() does, so the caller may reuse them after submit. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"

#define VALID_RESOLVE 0x3fULL
#define OPEN_HOW_SIZE 24U

struct open_how_abi {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};

/* Copies a user path: -EFAULT for NULL, -ENAMETOOLONG past PATH_MAX. */
static int copy_path(uint64_t addr, char **out)
{
	const char *s = (const char *)(uintptr_t)addr;
	size_t n;

	if (!s)
		return -EFAULT;
	n = strnlen(s, IOU__PATH_MAX);
	if (n >= IOU__PATH_MAX)
		return -ENAMETOOLONG;
	*out = malloc(n + 1);	/* *out was NULL (init_paths) */
	if (!*out)
		return -ENOMEM;
	memcpy(*out, s, n + 1);
	return 0;
}

static void init_paths(struct iou__req *req)
{
	req->u.path.p1 = req->u.path.p2 = NULL;
}

/* The prep of an op on paths, in the kernel's order: its reserved fields
 * (nonzero: -EINVAL), no fixed file (-EBADF), its flags (bad: -EINVAL),
 * then its path (addr), or two (addr, addr2), copied. */
static int path_prep(struct iou__req *req, int reserved, int bad_flags,
		     int npaths)
{
	int ret;

	init_paths(req);
	if (reserved)
		return -EINVAL;
	if (req->flags & IOU_SQE_FIXED_FILE)
		return -EBADF;
	if (bad_flags)
		return -EINVAL;
	ret = copy_path(req->sqe.addr, &req->u.path.p1);
	if (!ret && npaths == 2)
		ret = copy_path(req->sqe.addr2, &req->u.path.p2);
	return ret;
}

static void path_cleanup(struct iou__req *req)
{
	free(req->u.path.p1);
	free(req->u.path.p2);
	req->u.path.p1 = req->u.path.p2 = NULL;
}

/* ---- OPENAT / OPENAT2 --------------------------------------------------- */

static int open_prep_common(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	uint32_t slot = req->sqe.file_index;
	/* direct open 5.15, FILE_INDEX_ALLOC 5.19 */
	int bad = slot && (!iou__kernel_at_least(sim, 5, 15) ||
			   (slot == IOU_FILE_INDEX_ALLOC &&
			    !sim->prof->has_file_alloc));

	return path_prep(req, req->sqe.buf_index != 0, bad, 1);
}

static int openat_prep(struct iou__req *req)
{
	int ret = open_prep_common(req);

	if (!ret && req->sqe.file_index && (req->sqe.open_flags & O_CLOEXEC))
		return -EINVAL;
	return ret;
}

static int openat_issue(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	int flags = (int)req->sqe.open_flags;
	uint32_t mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
			? req->sqe.len : 0;
	struct iou__file *f;
	int ret;

	if (iou__fault(sim, IOU_FAULT_ENOMEM))
		return -ENOMEM;
	ret = iou__vfs_open(sim, req->sqe.fd, req->u.path.p1, flags, mode, 0,
			    &f);
	if (ret)
		return ret;
	return iou__req_install(req, f);
}

const struct iou__op iou__op_openat = {
	.name = "OPENAT",
	.since = IOU_KERNEL_VERSION(5, 6),
	.prep = openat_prep,
	.issue = openat_issue,
	.cleanup = path_cleanup,
};

static int openat2_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;
	const uint8_t *how = (const uint8_t *)(uintptr_t)sqe->addr2;
	struct open_how_abi h;
	int ret;

	init_paths(req);
	if (sqe->len < OPEN_HOW_SIZE)
		return -EINVAL;
	if (sqe->len > 4096)
		return -E2BIG;
	if (!how)
		return -EFAULT;
	for (uint32_t i = OPEN_HOW_SIZE; i < sqe->len; i++)
		if (how[i])
			return -E2BIG;
	memcpy(&h, how, sizeof(h));
	ret = open_prep_common(req);
	if (ret)
		return ret;
	if (req->sqe.file_index && (h.flags & O_CLOEXEC))
		return -EINVAL;
	req->u.path.how[0] = h.flags;
	req->u.path.how[1] = h.mode;
	req->u.path.how[2] = h.resolve;
	return 0;
}

/* build_open_flags, at issue (io_openat2): openat2 refuses what openat
 * ignores. */
static int open_how_check(uint64_t flags, uint64_t mode, uint64_t resolve)
{
	if (flags & ~(uint64_t)(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY |
				O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC |
				O_ASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY |
				O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH |
				O_TMPFILE | O_SYNC))
		return -EINVAL;
	if (mode & ~07777ULL)
		return -EINVAL;
	if (mode && !(flags & O_CREAT) && (flags & O_TMPFILE) != O_TMPFILE)
		return -EINVAL;
	if (resolve & ~VALID_RESOLVE)
		return -EINVAL;
	if ((resolve & 0x08) && (resolve & 0x10)) /* BENEATH|IN_ROOT */
		return -EINVAL;
	return 0;
}

static int openat2_issue(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	struct iou__file *f;
	int ret;

	ret = open_how_check(req->u.path.how[0], req->u.path.how[1],
			     req->u.path.how[2]);
	if (ret)
		return ret;
	if (iou__fault(sim, IOU_FAULT_ENOMEM))
		return -ENOMEM;
	ret = iou__vfs_open(sim, req->sqe.fd, req->u.path.p1,
			    (int)req->u.path.how[0], (uint32_t)req->u.path.how[1],
			    req->u.path.how[2], &f);
	if (ret)
		return ret;
	return iou__req_install(req, f);
}

const struct iou__op iou__op_openat2 = {
	.name = "OPENAT2",
	.since = IOU_KERNEL_VERSION(5, 6),
	.prep = openat2_prep,
	.issue = openat2_issue,
	.cleanup = path_cleanup,
};

/* ---- CLOSE ---------------------------------------------------------------- */

static int close_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->off || sqe->addr || sqe->len || sqe->rw_flags ||
	    sqe->buf_index)
		return -EINVAL;
	if (req->flags & IOU_SQE_FIXED_FILE)
		return -EBADF;
	if (sqe->file_index && sqe->fd)
		return -EINVAL;
	if (sqe->file_index && !iou__kernel_at_least(req->ring->sim, 5, 15))
		return -EINVAL;
	return 0;
}

static int close_issue(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	struct iou__file *f;

	if (req->sqe.file_index)
		return iou__fixed_remove(req->ring, req->sqe.file_index - 1);
	f = iou__fd_get(sim, req->sqe.fd);
	if (!f)
		return -EBADF;
	/* io_uring refuses to close a ring fd (io_close: -EBADF) */
	if (f->type == IOU__FT_RING)
		return -EBADF;
	return iou__fd_close(sim, req->sqe.fd);
}

const struct iou__op iou__op_close = {
	.name = "CLOSE",
	.since = IOU_KERNEL_VERSION(5, 6),
	.prep = close_prep,
	.issue = close_issue,
};

/* ---- STATX ------------------------------------------------------------------ */

static int statx_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	return path_prep(req, sqe->buf_index || sqe->splice_fd_in, 0, 1);
}

static int statx_issue(struct iou__req *req)
{
	return iou__vfs_statx(req->ring->sim, req->sqe.fd, req->u.path.p1,
			      (int)req->sqe.statx_flags, req->sqe.len,
			      (void *)(uintptr_t)req->sqe.addr2);
}

const struct iou__op iou__op_statx = {
	.name = "STATX",
	.since = IOU_KERNEL_VERSION(5, 6),
	.flags = IOU__OP_SOFTFAIL,
	.prep = statx_prep,
	.issue = statx_issue,
	.cleanup = path_cleanup,
};

/* ---- RENAMEAT / UNLINKAT / MKDIRAT / SYMLINKAT / LINKAT ------------------------- */

static int renameat_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	return path_prep(req, sqe->buf_index || sqe->splice_fd_in, 0, 2);
}

static int renameat_issue(struct iou__req *req)
{
	return iou__vfs_rename(req->ring->sim, req->sqe.fd, req->u.path.p1,
			       (int)req->sqe.len, req->u.path.p2,
			       req->sqe.rename_flags);
}

const struct iou__op iou__op_renameat = {
	.name = "RENAMEAT",
	.since = IOU_KERNEL_VERSION(5, 11),
	.flags = IOU__OP_SOFTFAIL,
	.prep = renameat_prep,
	.issue = renameat_issue,
	.cleanup = path_cleanup,
};

static int unlinkat_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	return path_prep(req, sqe->off || sqe->len || sqe->buf_index ||
			 sqe->splice_fd_in,
			 (sqe->unlink_flags & ~(uint32_t)AT_REMOVEDIR) != 0, 1);
}

static int unlinkat_issue(struct iou__req *req)
{
	return iou__vfs_unlink(req->ring->sim, req->sqe.fd, req->u.path.p1,
			       (int)req->sqe.unlink_flags);
}

const struct iou__op iou__op_unlinkat = {
	.name = "UNLINKAT",
	.since = IOU_KERNEL_VERSION(5, 11),
	.flags = IOU__OP_SOFTFAIL,
	.prep = unlinkat_prep,
	.issue = unlinkat_issue,
	.cleanup = path_cleanup,
};

static int mkdirat_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	return path_prep(req, sqe->off || sqe->rw_flags || sqe->buf_index ||
			 sqe->splice_fd_in, 0, 1);
}

static int mkdirat_issue(struct iou__req *req)
{
	return iou__vfs_mkdir(req->ring->sim, req->sqe.fd, req->u.path.p1,
			      req->sqe.len);
}

const struct iou__op iou__op_mkdirat = {
	.name = "MKDIRAT",
	.since = IOU_KERNEL_VERSION(5, 15),
	.flags = IOU__OP_SOFTFAIL,
	.prep = mkdirat_prep,
	.issue = mkdirat_issue,
	.cleanup = path_cleanup,
};

static int symlinkat_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	return path_prep(req, sqe->len || sqe->rw_flags || sqe->buf_index ||
			 sqe->splice_fd_in, 0, 2);
}

static int symlinkat_issue(struct iou__req *req)
{
	return iou__vfs_symlink(req->ring->sim, req->u.path.p1, req->sqe.fd,
				req->u.path.p2);
}

const struct iou__op iou__op_symlinkat = {
	.name = "SYMLINKAT",
	.since = IOU_KERNEL_VERSION(5, 15),
	.flags = IOU__OP_SOFTFAIL,
	.prep = symlinkat_prep,
	.issue = symlinkat_issue,
	.cleanup = path_cleanup,
};

static int linkat_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	return path_prep(req, sqe->buf_index || sqe->splice_fd_in, 0, 2);
}

static int linkat_issue(struct iou__req *req)
{
	return iou__vfs_link(req->ring->sim, req->sqe.fd, req->u.path.p1,
			     (int)req->sqe.len, req->u.path.p2,
			     (int)req->sqe.hardlink_flags);
}

const struct iou__op iou__op_linkat = {
	.name = "LINKAT",
	.since = IOU_KERNEL_VERSION(5, 15),
	.flags = IOU__OP_SOFTFAIL,
	.prep = linkat_prep,
	.issue = linkat_issue,
	.cleanup = path_cleanup,
};

/* ---- FILES_UPDATE ------------------------------------------------------------ */

static int files_update_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->rw_flags || sqe->splice_fd_in)
		return -EINVAL;
	if (req->flags & IOU_SQE_FIXED_FILE)
		return -EINVAL;
	if (!sqe->len)
		return -EINVAL;
	if (!sqe->addr)
		return -EFAULT;
	return 0;
}

static int files_update_issue(struct iou__req *req)
{
	return iou__files_update(req->ring, (uint32_t)req->sqe.off,
				 (int32_t *)(uintptr_t)req->sqe.addr,
				 req->sqe.len);
}

const struct iou__op iou__op_files_update = {
	.name = "FILES_UPDATE",
	.since = IOU_KERNEL_VERSION(5, 6),
	.prep = files_update_prep,
	.issue = files_update_issue,
};

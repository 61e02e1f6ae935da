/* ops_rw.c — the read/write family on files, pipes and sockets: READ,
 * WRITE, READV, WRITEV, READ_FIXED, WRITE_FIXED (registered buffers),
 * buffer selection, FSYNC, FALLOCATE, SYNC_FILE_RANGE, FADVISE, FTRUNCATE.
 * Reads and writes may be short (a choice); a read of an empty pipe or a
 * write to a full one parks on the pipe and is re-issued when it moves.
 * On a socket they are a recv or send with no flags (ops_net.c). A result
 * short of the length asked for breaks a link chain, as in the kernel. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "buf.h"
#include "net.h"
#include "world.h"

#define SIM_UIO_MAXIOV 1024
#define SIM_RWF_HIPRI  0x01
#define SIM_RWF_DSYNC  0x02
#define SIM_RWF_SYNC   0x04
#define SIM_RWF_NOWAIT 0x08
#define SIM_RWF_APPEND 0x10
#define SIM_RWF_KNOWN  (SIM_RWF_HIPRI | SIM_RWF_DSYNC | SIM_RWF_SYNC | SIM_RWF_NOWAIT | SIM_RWF_APPEND)
#define POS_CUR    UINT64_MAX
#define SIM_MAX_RW_COUNT 0x7ffff000ULL /* INT_MAX & PAGE_MASK */

int iou__file_truncate(struct iou_sim *sim, struct iou__file *f, int64_t len);
int iou__eventfd_rw_issue(struct iou__req *req, int write);
int iou__eventfd_rw_vec(struct iou__req *req, const struct iovec *iov,
			uint32_t n, int write);

static int is_pipe(const struct iou__file *f)
{
	return f->type == IOU__FT_PIPE_R || f->type == IOU__FT_PIPE_W;
}

static int iov_check(const struct iou__req *req, const struct iovec **iov)
{
	uint32_t n = req->sqe.len;

	if (n > SIM_UIO_MAXIOV)
		return -EINVAL;
	if (n && !req->sqe.addr)
		return -EFAULT;
	*iov = (const struct iovec *)(uintptr_t)req->sqe.addr;
	for (uint32_t i = 0; i < n; i++) {
		if ((ssize_t)(*iov)[i].iov_len < 0)
			return -EINVAL;
		if ((*iov)[i].iov_len && !(*iov)[i].iov_base)
			return -EFAULT;
	}
	return 0;
}

static int rw_prep(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	const struct iou_sqe *sqe = &req->sqe;
	int vec = req->opcode == IOU_OP_READV || req->opcode == IOU_OP_WRITEV;

	/* progress on a socket (u.net is u.vec.net: the same bytes) */
	memset(&req->u.net, 0, sizeof(req->u.net));
	if (vec)
		req->u.vec.iov = NULL; /* before anything can fail: cleanup */
	/* ioprio: class 0..3 */
	if ((sqe->ioprio >> 13) > 3)
		return -EINVAL;
	if (sqe->off == POS_CUR && !iou__kernel_at_least(sim, 5, 6))
		return -EINVAL; /* FEAT_RW_CUR_POS is 5.6 */
	if ((req->flags & IOU_SQE_BUFFER_SELECT) &&
	    (req->opcode == IOU_OP_READV) && sqe->len != 1)
		return -EINVAL;
	/* the iovec array is imported at prep: its count and pointers are
	 * checked before the file (measured on 6.18), and it is copied, so
	 * the caller may reuse it once submit returned */
	if (vec) {
		const struct iovec *iov;
		int ret;

		if (req->flags & IOU_SQE_BUFFER_SELECT)
			return 0;
		ret = iov_check(req, &iov);
		if (ret)
			return ret;
		if (sqe->len <= 4) {
			req->u.vec.iov = req->u.vec.small;
		} else {
			req->u.vec.iov = malloc(sqe->len * sizeof(*iov));
			if (!req->u.vec.iov)
				return -ENOMEM;
		}
		if (sqe->len)
			memcpy(req->u.vec.iov, iov, sqe->len * sizeof(*iov));
	}
	return 0;
}

/* Where the I/O happens: -1 for the file position. A pipe (a stream)
 * ignores the offset; a negative one other than -1 is -EINVAL, and so is
 * one where off + count passes INT64_MAX, on files, pipes and sockets
 * alike (rw_verify_area, before any other use of the offset: measured on
 * 6.18). count is what the I/O asks for, clamped to MAX_RW_COUNT as the
 * kernel's iov_iter is. */
/* The bytes an iovec array asks for, as the kernel imports it: at most
 * MAX_RW_COUNT in all (no wrap past SIZE_MAX). */
static uint64_t iov_count(const struct iovec *iov, uint32_t n)
{
	uint64_t t = 0;

	for (uint32_t i = 0; i < n && t < SIM_MAX_RW_COUNT; i++)
		t += iov[i].iov_len < SIM_MAX_RW_COUNT ? iov[i].iov_len
						       : SIM_MAX_RW_COUNT;
	return t;
}

static int rw_pos(const struct iou__req *req, uint64_t count, int64_t *pos)
{
	uint64_t off = req->sqe.off;

	if ((int64_t)off < 0 && off != POS_CUR)
		return -EINVAL;
	if (count > SIM_MAX_RW_COUNT)
		count = SIM_MAX_RW_COUNT;
	if (off != POS_CUR && off > (uint64_t)INT64_MAX - count)
		return -EINVAL;
	if (is_pipe(req->file) || off == POS_CUR) {
		*pos = -1;
		return 0;
	}
	*pos = (int64_t)off;
	return 0;
}

static int io_fault(struct iou_sim *sim)
{
	if (iou__fault(sim, IOU_FAULT_EIO))
		return -EIO;
	if (iou__fault(sim, IOU_FAULT_ENOMEM))
		return -ENOMEM;
	if (iou__fault(sim, IOU_FAULT_EINTR))
		return -EINTR;
	return 0;
}

/* IOU_FAULT_FILECHANGE: before a read or write of a regular file the
 * program opened without O_CREAT (one it found, that another process may
 * hold), that process may truncate it (log rotation) or extend it (an
 * appending writer). */
static void file_change(struct iou_sim *sim, struct iou__file *f)
{
	struct iou__file other;
	uint64_t size, to;

	if (!(sim->faults & IOU_FAULT_FILECHANGE) || f->type != IOU__FT_INODE ||
	    f->ino->type != IOU__I_REG || (f->oflags & O_CREAT) ||
	    !iou__fault(sim, IOU_FAULT_FILECHANGE))
		return;
	size = f->ino->size;
	switch (iou__choose(sim, IOU__CH_FAULT, 3)) {
	case 0:
		to = 0;
		break;
	case 1:
		to = size / 2;
		break;
	default:
		to = size + 4096;
		break;
	}
	/* the other process's own open file, for writing */
	other = *f;
	other.oflags = O_RDWR;
	if (!iou__file_truncate(sim, &other, (int64_t)to))
		IOU__TRACE(sim, "filechange size %llu -> %llu\n",
			   (unsigned long long)size, (unsigned long long)to);
}

/* Bytes a read could return now. */
static size_t readable_now(const struct iou__file *f, int64_t pos)
{
	if (f->type == IOU__FT_PIPE_R)
		return f->pipe->len;
	if (f->type == IOU__FT_INODE && f->ino->type == IOU__I_REG) {
		uint64_t p = pos < 0 ? f->pos : (uint64_t)pos;

		return p < f->ino->size ? (size_t)(f->ino->size - p) : 0;
	}
	return 0;
}

/* A short read or write of a regular file: the chosen length in [1, len).
 * A pipe read takes what is there, as pipe_read does (a write of up to
 * PIPE_BUF bytes is atomic), so pipes are never cut here. */
static size_t short_len(struct iou_sim *sim, const struct iou__file *f,
			size_t len, size_t avail)
{
	size_t n = len < avail ? len : avail;
	uint32_t c;

	if (n < 2 || f->type != IOU__FT_INODE || f->ino->type == IOU__I_CHR)
		return len;
	c = iou__choose(sim, IOU__CH_SHORTIO, n > UINT32_MAX ? UINT32_MAX
							    : (uint32_t)n);
	return c ? c : len;
}

static int rw_flags_check(const struct iou__req *req)
{
	if ((uint32_t)req->sqe.rw_flags & ~(uint32_t)SIM_RWF_KNOWN)
		return -EOPNOTSUPP;
	return 0;
}

static int park(struct iou__req *req, struct iou__waitq *wq)
{
	if ((uint32_t)req->sqe.rw_flags & SIM_RWF_NOWAIT)
		return -EAGAIN;
	iou__waitq_add(wq, req);
	return IOU__PENDING;
}

/* A registered buffer covering [addr, addr + len): checked at issue,
 * after the file's mode (measured on 6.18). */
static int fixed_buf_check(const struct iou__req *req)
{
	if (req->opcode != IOU_OP_READ_FIXED &&
	    req->opcode != IOU_OP_WRITE_FIXED)
		return 0;
	return iou__fixed_buf_check(req->ring, req->sqe.buf_index,
				    req->sqe.addr, req->sqe.len);
}

/* ---- on a socket ----------------------------------------------------------- */

/* The rw family on a socket: io_read and io_write call sock_read_iter
 * and sock_write_iter, a recv or send with no flags (MSG_DONTWAIT for
 * RWF_NOWAIT), restartable on the socket's wait queue (ops_net.c). A
 * stream has no position: an offset other than 0 or -1 (the file
 * position, 0 on a socket) is -ESPIPE, a negative one -EINVAL (measured
 * on 6.18). iov: the user's vector (unused with buffer select). */
static int sock_rw(struct iou__req *req, const struct iovec *iov,
		   uint32_t niov, int write)
{
	struct iou__sock *sk = req->file->sock;
	uint32_t mflags = ((uint32_t)req->sqe.rw_flags & SIM_RWF_NOWAIT)
			  ? MSG_DONTWAIT : 0;
	int64_t pos;
	int ret;

	if (!(ret = fixed_buf_check(req)) && !(ret = rw_flags_check(req)) &&
	    !(ret = rw_pos(req, iov ? iov_count(iov, niov) : 1, &pos)) &&
	    pos > 0)
		ret = -ESPIPE;
	if (write)
		return ret ? ret : iou__sock_write(req, sk, iov, niov, mflags);
	if (ret)
		return iou__sock_read_end(req, ret);
	return iou__sock_read(req, sk, iov, niov, mflags);
}

static int sock_rw1(struct iou__req *req, int write)
{
	struct iovec one = {
		.iov_base = (void *)(uintptr_t)req->sqe.addr,
		.iov_len = req->sqe.len,
	};

	return sock_rw(req, &one, 1, write);
}

/* ---- READ / READ_FIXED / WRITE / WRITE_FIXED ------------------------------- */

/* What a read checks before it moves data: mode, flags, position, type,
 * and the opt-in faults. */
static int read_checks(struct iou__req *req, struct iou__file *f,
		       size_t len, int64_t *pos)
{
	int ret;

	/* a registered buffer is imported first (measured on 6.18) */
	if ((ret = fixed_buf_check(req)))
		return ret;
	if (!iou__file_readable(f))
		return -EBADF;
	if ((ret = rw_flags_check(req)) || (ret = rw_pos(req, len, pos)))
		return ret;
	return io_fault(req->ring->sim);
}

static int read_issue(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	struct iou__file *f = req->file;
	struct iou__bsel sel;
	size_t len = req->sqe.len, want;
	void *buf = (void *)(uintptr_t)req->sqe.addr;
	int select = (req->flags & IOU_SQE_BUFFER_SELECT) != 0;
	int64_t pos;
	ssize_t ret;

	if (f->type == IOU__FT_SOCK)
		return sock_rw1(req, 0);
	if (f->type == IOU__FT_EVENTFD && !select) {
		/* a registered buffer is imported first, on any file */
		if ((ret = fixed_buf_check(req)))
			return (int)ret;
		return iou__eventfd_rw_issue(req, 0); /* eventfd.c */
	}
	/* __io_read's order: the buffer (-ENOBUFS), the file's mode
	 * (-EBADF), then flags and position */
	if (select) {
		ret = iou__buf_select(req, &sel, &len);
		if (ret)
			return (int)ret;
		buf = sel.addr;
		ret = read_checks(req, f, len, &pos);
		if (!ret && f->type == IOU__FT_PIPE_R && !f->pipe->len &&
		    f->pipe->writers)
			ret = IOU__PENDING;
		if (ret == IOU__PENDING || ret == -EAGAIN) {
			/* -EAGAIN recycles the buffer; a retry selects again */
			iou__buf_recycle(req, &sel);
			return ret == IOU__PENDING ?
				park(req, &f->pipe->rwait) : (int)ret;
		}
		if (ret) {
			req->cflags = iou__buf_failed(req, &sel, is_pipe(f));
			return (int)ret;
		}
	} else {
		ret = read_checks(req, f, len, &pos);
		if (ret)
			return (int)ret;
		/* a read of 0 bytes returns 0 at once, empty pipe or not
		 * (pipe_read: no length, nothing to wait for) */
		if (len && f->type == IOU__FT_PIPE_R && !f->pipe->len &&
		    f->pipe->writers)
			return park(req, &f->pipe->rwait);
	}
	want = len;
	file_change(sim, f);
	len = short_len(sim, f, len, readable_now(f, pos));
	ret = iou__file_read(sim, f, buf, len, pos);
	if (select) {
		if (ret >= 0)
			req->cflags = iou__buf_commit(req, &sel);
		else
			req->cflags = iou__buf_failed(req, &sel, is_pipe(f));
	}
	if (ret >= 0 && (size_t)ret < want)
		req->fail_link = 1;
	return (int)ret;
}

static int write_issue(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	struct iou__file *f = req->file;
	size_t len = req->sqe.len;
	const void *buf = (const void *)(uintptr_t)req->sqe.addr;
	int64_t pos;
	ssize_t ret;

	if (f->type == IOU__FT_SOCK)
		return sock_rw1(req, 1);
	if ((ret = fixed_buf_check(req)))
		return (int)ret;
	if (f->type == IOU__FT_EVENTFD)
		return iou__eventfd_rw_issue(req, 1); /* eventfd.c */
	if (!iou__file_writable(f))
		return -EBADF;
	if ((ret = rw_flags_check(req)) || (ret = rw_pos(req, len, &pos)))
		return (int)ret;
	if ((ret = io_fault(sim)))
		return (int)ret;
	file_change(sim, f);
	if ((uint32_t)req->sqe.rw_flags & SIM_RWF_APPEND)
		pos = -1;
	if (len > 1 && f->type == IOU__FT_INODE)
		len = short_len(sim, f, len, len);
	ret = iou__file_write(sim, f, buf, len, pos);
	if (ret == -EAGAIN && f->type == IOU__FT_PIPE_W)
		return park(req, &f->pipe->wwait);
	if (ret >= 0 && (size_t)ret < req->sqe.len)
		req->fail_link = 1;
	return (int)ret;
}

const struct iou__op iou__op_read = {
	.name = "READ",
	.since = IOU_KERNEL_VERSION(5, 6),
	.flags = IOU__OP_FILE | IOU__OP_BUFSELECT | IOU__OP_IOPRIO,
	.prep = rw_prep,
	.issue = read_issue,
};

const struct iou__op iou__op_write = {
	.name = "WRITE",
	.since = IOU_KERNEL_VERSION(5, 6),
	.flags = IOU__OP_FILE | IOU__OP_IOPRIO,
	.prep = rw_prep,
	.issue = write_issue,
};

const struct iou__op iou__op_read_fixed = {
	.name = "READ_FIXED",
	.since = IOU_KERNEL_VERSION(5, 1),
	.flags = IOU__OP_FILE | IOU__OP_IOPRIO,
	.prep = rw_prep,
	.issue = read_issue,
};

const struct iou__op iou__op_write_fixed = {
	.name = "WRITE_FIXED",
	.since = IOU_KERNEL_VERSION(5, 1),
	.flags = IOU__OP_FILE | IOU__OP_IOPRIO,
	.prep = rw_prep,
	.issue = write_issue,
};

/* ---- READV / WRITEV --------------------------------------------------------- */

static void vec_cleanup(struct iou__req *req)
{
	if (req->u.vec.iov != req->u.vec.small)
		free(req->u.vec.iov);
	req->u.vec.iov = NULL;
}

/* Moves up to limit of the total bytes of iov between f at pos (-1: the
 * file position) and memory, an iovec at a time: it stops at the first
 * short transfer; an error after some bytes ends it with those. Returns
 * the bytes moved (short of total: the link breaks) or the first error. */
static int iov_move(struct iou__req *req, const struct iovec *iov,
		    uint32_t n, size_t total, size_t limit, int64_t pos,
		    int write)
{
	struct iou_sim *sim = req->ring->sim;
	size_t done = 0;
	ssize_t ret;

	for (uint32_t i = 0; i < n && done < limit; i++) {
		size_t want = iov[i].iov_len;
		int64_t at = pos < 0 ? -1 : pos + (int64_t)done;

		if (want > limit - done)
			want = limit - done;
		ret = write ? iou__file_write(sim, req->file, iov[i].iov_base,
					      want, at)
			    : iou__file_read(sim, req->file, iov[i].iov_base,
					     want, at);
		if (ret < 0) {
			if (done)
				break;
			return (int)ret;
		}
		done += (size_t)ret;
		if ((size_t)ret < want)
			break;
	}
	if (done < total)
		req->fail_link = 1;
	return (int)done;
}

static int readv_issue(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	struct iou__file *f = req->file;
	const struct iovec *iov;
	uint32_t n = req->sqe.len;
	size_t total;
	int64_t pos;
	ssize_t ret;

	if (req->flags & IOU_SQE_BUFFER_SELECT) {
		/* one iovec naming the length: a plain buffer-select read */
		const struct iovec *v = (const struct iovec *)(uintptr_t)req->sqe.addr;

		if (!v)
			return -EFAULT;
		req->sqe.len = (uint32_t)v->iov_len;
		req->sqe.addr = 0;
		return read_issue(req);
	}
	if (f->type == IOU__FT_SOCK)
		return sock_rw(req, req->u.vec.iov, n, 0);
	if (f->type == IOU__FT_EVENTFD)
		return iou__eventfd_rw_vec(req, req->u.vec.iov, n, 0);
	if (!iou__file_readable(f))
		return -EBADF;
	if ((ret = rw_flags_check(req)) ||
	    (ret = rw_pos(req, iov_count(req->u.vec.iov, n), &pos)))
		return (int)ret;
	iov = req->u.vec.iov;
	if (!iou__iov_total(iov, n))
		return 0; /* nothing to read, even from a directory */
	if (f->type == IOU__FT_INODE && f->ino->type == IOU__I_DIR)
		return -EISDIR;
	if ((ret = io_fault(sim)))
		return (int)ret;
	file_change(sim, f);
	if (f->type == IOU__FT_PIPE_R && !f->pipe->len && f->pipe->writers)
		return park(req, &f->pipe->rwait);
	total = iou__iov_total(iov, n);
	return iov_move(req, iov, n, total,
			short_len(sim, f, total, readable_now(f, pos)), pos, 0);
}

static int writev_issue(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	struct iou__file *f = req->file;
	const struct iovec *iov;
	uint32_t n = req->sqe.len;
	size_t total;
	int64_t pos;
	ssize_t ret;

	if (f->type == IOU__FT_SOCK)
		return sock_rw(req, req->u.vec.iov, n, 1);
	if (f->type == IOU__FT_EVENTFD)
		return iou__eventfd_rw_vec(req, req->u.vec.iov, n, 1);
	if (!iou__file_writable(f))
		return -EBADF;
	if ((ret = rw_flags_check(req)) ||
	    (ret = rw_pos(req, iov_count(req->u.vec.iov, n), &pos)))
		return (int)ret;
	iov = req->u.vec.iov;
	if ((ret = io_fault(sim)))
		return (int)ret;
	file_change(sim, f);
	if ((uint32_t)req->sqe.rw_flags & SIM_RWF_APPEND)
		pos = -1;
	total = iou__iov_total(iov, n);
	ret = iov_move(req, iov, n, total, short_len(sim, f, total, total),
		       pos, 1);
	if (ret == -EAGAIN && f->type == IOU__FT_PIPE_W)
		return park(req, &f->pipe->wwait);
	return (int)ret;
}

const struct iou__op iou__op_readv = {
	.name = "READV",
	.since = IOU_KERNEL_VERSION(5, 1),
	.flags = IOU__OP_FILE | IOU__OP_BUFSELECT | IOU__OP_IOPRIO,
	.prep = rw_prep,
	.issue = readv_issue,
	.cleanup = vec_cleanup,
};

const struct iou__op iou__op_writev = {
	.name = "WRITEV",
	.since = IOU_KERNEL_VERSION(5, 1),
	.flags = IOU__OP_FILE | IOU__OP_IOPRIO,
	.prep = rw_prep,
	.issue = writev_issue,
	.cleanup = vec_cleanup,
};

/* ---- FSYNC / SYNC_FILE_RANGE / FALLOCATE / FADVISE / FTRUNCATE ---------------- */

static int fsync_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->addr || sqe->buf_index || sqe->splice_fd_in)
		return -EINVAL;
	if (sqe->fsync_flags & ~IOU_FSYNC_DATASYNC)
		return -EINVAL;
	return 0;
}

static int fsync_issue(struct iou__req *req)
{
	if (req->file->type != IOU__FT_INODE)
		return -EINVAL;
	if (iou__fault(req->ring->sim, IOU_FAULT_EIO))
		return -EIO;
	return 0;
}

const struct iou__op iou__op_fsync = {
	.name = "FSYNC",
	.since = IOU_KERNEL_VERSION(5, 1),
	.flags = IOU__OP_FILE | IOU__OP_SOFTFAIL,
	.prep = fsync_prep,
	.issue = fsync_issue,
};

static int sfr_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->addr || sqe->buf_index || sqe->splice_fd_in)
		return -EINVAL;
	return 0;
}

static int sfr_issue(struct iou__req *req)
{
	if (req->sqe.sync_range_flags & ~7U)
		return -EINVAL;
	if (is_pipe(req->file))
		return -ESPIPE;
	if (req->file->type != IOU__FT_INODE)
		return -EINVAL;
	return 0;
}

const struct iou__op iou__op_sync_file_range = {
	.name = "SYNC_FILE_RANGE",
	.since = IOU_KERNEL_VERSION(5, 2),
	.flags = IOU__OP_FILE | IOU__OP_SOFTFAIL,
	.prep = sfr_prep,
	.issue = sfr_issue,
};

static int fallocate_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->buf_index || sqe->rw_flags || sqe->splice_fd_in)
		return -EINVAL;
	return 0;
}

static int fallocate_issue(struct iou__req *req)
{
	/* mode in len, offset in off, length in addr */
	return iou__file_fallocate(req->ring->sim, req->file, (int)req->sqe.len,
				   req->sqe.off, req->sqe.addr);
}

const struct iou__op iou__op_fallocate = {
	.name = "FALLOCATE",
	.since = IOU_KERNEL_VERSION(5, 6),
	.flags = IOU__OP_FILE | IOU__OP_SOFTFAIL,
	.prep = fallocate_prep,
	.issue = fallocate_issue,
};

static int fadvise_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->buf_index || sqe->splice_fd_in)
		return -EINVAL;
	return 0;
}

static int fadvise_issue(struct iou__req *req)
{
	/* advisory only: POSIX_FADV_NORMAL..NOREUSE are 0..5 */
	if (req->sqe.fadvise_advice > 5)
		return -EINVAL;
	if (is_pipe(req->file))
		return -ESPIPE;
	return 0;
}

const struct iou__op iou__op_fadvise = {
	.name = "FADVISE",
	.since = IOU_KERNEL_VERSION(5, 6),
	.flags = IOU__OP_FILE,
	.prep = fadvise_prep,
	.issue = fadvise_issue,
};

static int ftruncate_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->rw_flags || sqe->addr || sqe->len || sqe->buf_index ||
	    sqe->splice_fd_in || sqe->addr3)
		return -EINVAL;
	return 0;
}

static int ftruncate_issue(struct iou__req *req)
{
	return iou__file_truncate(req->ring->sim, req->file,
				  (int64_t)req->sqe.off);
}

const struct iou__op iou__op_ftruncate = {
	.name = "FTRUNCATE",
	.since = IOU_KERNEL_VERSION(6, 9),
	.flags = IOU__OP_FILE,
	.prep = ftruncate_prep,
	.issue = ftruncate_issue,
};

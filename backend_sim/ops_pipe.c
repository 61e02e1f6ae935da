/* ops_pipe.c — SPLICE and TEE between pipes and files. A splice moves up
 * to len bytes (a short count is a choice) and parks when its pipe end is
 * empty or full; TEE copies from one pipe into another without consuming.
 * Bytes go through the sim's scratch buffer: no allocation per op. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

#include "world.h"

#define SIM_SPLICE_F_ALL 0xfU      /* MOVE, NONBLOCK, MORE, GIFT */
#define SIM_SPLICE_F_NONBLOCK 0x2U

ssize_t iou__pipe_read(struct iou_sim *sim, struct iou__file *f, void *buf,
		       size_t len);
uint32_t iou__pipe_peek(const struct iou__pipe *p, void *buf, uint32_t len);

static int is_pipe(const struct iou__file *f)
{
	return f->type == IOU__FT_PIPE_R || f->type == IOU__FT_PIPE_W;
}

static int splice_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->splice_flags & ~(SIM_SPLICE_F_ALL | IOU_SPLICE_F_FD_IN_FIXED))
		return -EINVAL;
	if (req->opcode == IOU_OP_TEE && (sqe->splice_off_in || sqe->off))
		return -EINVAL;
	return 0;
}

static struct iou__file *splice_in(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	int32_t fd = req->sqe.splice_fd_in;

	if (req->sqe.splice_flags & IOU_SPLICE_F_FD_IN_FIXED)
		return (uint32_t)fd < r->nfixed ? r->fixed[fd] : NULL;
	return iou__fd_get(r->sim, fd);
}

static int wait_or_again(struct iou__req *req, struct iou__waitq *wq)
{
	if (req->sqe.splice_flags & SIM_SPLICE_F_NONBLOCK)
		return -EAGAIN;
	iou__waitq_add(wq, req);
	return IOU__PENDING;
}

static int splice_do(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	struct iou__file *in = splice_in(req), *out = req->file;
	uint64_t off_in = req->sqe.splice_off_in, off_out = req->sqe.off;
	uint32_t n = req->sqe.len, room;
	ssize_t got, put;

	if (!in)
		return -EBADF;
	if (!n)
		return 0; /* io_splice calls do_splice only with a length */
	/* do_splice's order: modes, then which end is a pipe, offsets */
	if (!iou__file_readable(in) || !iou__file_writable(out))
		return -EBADF;
	if (is_pipe(in) && is_pipe(out)) {
		if (off_in != UINT64_MAX || off_out != UINT64_MAX)
			return -ESPIPE;
		if (in->pipe == out->pipe)
			return -EINVAL;
	} else if (is_pipe(in)) {
		if (off_in != UINT64_MAX)
			return -ESPIPE;
		if (off_out != UINT64_MAX && (int64_t)off_out < 0)
			return -EINVAL;
		if (out->oflags & O_APPEND)
			return -EINVAL;
	} else if (is_pipe(out)) {
		if (off_out != UINT64_MAX)
			return -ESPIPE;
		if (off_in != UINT64_MAX && (int64_t)off_in < 0)
			return -EINVAL;
		/* splice_file_to_pipe waits for room (-EPIPE without a
		 * reader) before it reads the file */
		if (!out->pipe->readers)
			return -EPIPE;
		if (in->type != IOU__FT_INODE || in->ino->type != IOU__I_REG)
			return -EINVAL; /* no splice_read */
	} else {
		return -EINVAL;
	}
	if (!sim->scratch) {
		sim->scratch = malloc(IOU__SCRATCH);
		if (!sim->scratch)
			return -ENOMEM;
	}
	if (in->type == IOU__FT_PIPE_R) {
		if (!in->pipe->len)
			return in->pipe->writers ? wait_or_again(req,
						&in->pipe->rwait) : 0;
		if (n > in->pipe->len)
			n = in->pipe->len;
	}
	if (out->type == IOU__FT_PIPE_W) {
		if (!out->pipe->readers)
			return -EPIPE;
		room = IOU__PIPE_SIZE - out->pipe->len;
		if (!room)
			return wait_or_again(req, &out->pipe->wwait);
		if (n > room)
			n = room;
	}
	if (n > IOU__SCRATCH)
		n = IOU__SCRATCH;
	got = iou__file_read(sim, in, sim->scratch, n,
			     off_in == UINT64_MAX ? -1 : (int64_t)off_in);
	if (got <= 0)
		return (int)got;
	put = iou__file_write(sim, out, sim->scratch, (size_t)got,
			      off_out == UINT64_MAX ? -1 : (int64_t)off_out);
	return (int)put;
}

/* io_splice and io_tee fail the link on any result but len: a short one,
 * and 0 at the end of the input (splice.c: ret != sp->len) */
static int short_fails_link(struct iou__req *req, int ret)
{
	if (ret >= 0 && ret != IOU__PENDING && (uint32_t)ret != req->sqe.len)
		req->fail_link = 1;
	return ret;
}

static int splice_issue(struct iou__req *req)
{
	return short_fails_link(req, splice_do(req));
}

static int tee_do(struct iou__req *req)
{
	struct iou_sim *sim = req->ring->sim;
	struct iou__file *in = splice_in(req), *out = req->file;
	uint32_t n = req->sqe.len, room;

	if (!in)
		return -EBADF;
	if (!n)
		return 0; /* io_tee calls do_tee only with a length */
	if (in->type != IOU__FT_PIPE_R || out->type != IOU__FT_PIPE_W)
		return -EINVAL;
	if (in->pipe == out->pipe)
		return -EINVAL;
	if (!in->pipe->len)
		return in->pipe->writers ? wait_or_again(req, &in->pipe->rwait)
					 : 0;
	if (!out->pipe->readers)
		return -EPIPE;
	room = IOU__PIPE_SIZE - out->pipe->len;
	if (!room)
		return wait_or_again(req, &out->pipe->wwait);
	if (n > in->pipe->len)
		n = in->pipe->len;
	if (n > room)
		n = room;
	if (!sim->scratch) {
		sim->scratch = malloc(IOU__SCRATCH);
		if (!sim->scratch)
			return -ENOMEM;
	}
	n = iou__pipe_peek(in->pipe, sim->scratch, n);
	return (int)iou__file_write(sim, out, sim->scratch, n, -1);
}

static int tee_issue(struct iou__req *req)
{
	return short_fails_link(req, tee_do(req));
}

const struct iou__op iou__op_splice = {
	.name = "SPLICE",
	.since = IOU_KERNEL_VERSION(5, 7),
	.flags = IOU__OP_FILE,
	.prep = splice_prep,
	.issue = splice_issue,
};

const struct iou__op iou__op_tee = {
	.name = "TEE",
	.since = IOU_KERNEL_VERSION(5, 8),
	.flags = IOU__OP_FILE,
	.prep = splice_prep,
	.issue = tee_issue,
};

/* ---- PIPE (6.16) ------------------------------------------------------------ */

#define PIPE_FLAGS_KNOWN (02000000 /* O_CLOEXEC */ | 04000 /* O_NONBLOCK */ |  \
			  040000 /* O_DIRECT */)

static int pipe_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->fd || sqe->off || sqe->addr3 || sqe->len || sqe->buf_index)
		return -EINVAL;
	if (sqe->pipe_flags & ~PIPE_FLAGS_KNOWN)
		return -EINVAL;
	if (req->flags & IOU_SQE_FIXED_FILE)
		return -EINVAL;
	return 0;
}

static int pipe_issue(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	struct iou_sim *sim = r->sim;
	int32_t *fds = (int32_t *)(uintptr_t)req->sqe.addr;
	uint32_t slot = req->sqe.file_index;
	struct iou__file *rd, *wr;
	int a, b, ret;

	if (!fds)
		return -EFAULT;
	ret = iou__pipe_new(sim, &rd, &wr);
	if (ret)
		return ret;
	if (slot) {
		/* two slots: slot-1 and slot, or two allocated ones */
		a = iou__fixed_install(r, slot == IOU_FILE_INDEX_ALLOC ? slot
				       : slot - 1, rd);
		b = a < 0 ? a : iou__fixed_install(r, slot, wr);
		if (b < 0 && a >= 0)
			iou__fixed_remove(r, (uint32_t)a);
	} else {
		a = iou__fd_install(sim, rd);
		b = a < 0 ? a : iou__fd_install(sim, wr);
		if (b < 0 && a >= 0)
			iou__fd_close(sim, a);
	}
	iou__file_put(sim, rd);
	iou__file_put(sim, wr);
	if (b < 0)
		return b;
	fds[0] = a;
	fds[1] = b;
	return 0;
}

const struct iou__op iou__op_pipe = {
	.name = "PIPE",
	.since = IOU_KERNEL_VERSION(6, 16),
	.prep = pipe_prep,
	.issue = pipe_issue,
};

/* ops_recv.c — RECV and RECVMSG on the sim's sockets (buffer select,
 * multishot recv/recvmsg 6.0 with buf_rings and legacy groups), and the
 * stream receive the read family (ops_rw.c) runs on a socket
 * (iou__sock_read). Short receives (shortio), F_SOCK_NONEMPTY (nonempty)
 * and a multishot CQE being the last (mshotend) are choices. */
#include "ops_net.h"

#define RECV_IOPRIO_KNOWN(sim)                                                 \
	((iou__kernel_at_least(sim, 5, 19) ? IOU_RECVSEND_POLL_FIRST : 0U) |   \
	 (iou__kernel_at_least(sim, 6, 0) ? IOU_RECV_MULTISHOT : 0U) |         \
	 (iou__kernel_at_least(sim, 6, 10) ? IOU_RECVSEND_BUNDLE : 0U))

#define BUNDLE_MAX 256U /* PEEK_MAX_IMPORT: buffers one bundle maps */

static int is_bundle(const struct iou__req *req)
{
	return (req->sqe.ioprio & IOU_RECVSEND_BUNDLE) != 0;
}

/* One bundle receive (6.10): as many ring buffers, in ring order, as the
 * bytes that have arrived fill (a short receive is a choice); the CQE
 * names the first. Returns the bytes and *cflags, or -errno (nothing
 * consumed). */
static ssize_t bundle_take(struct iou__req *req, struct iou__sock *sk,
			   uint32_t *cflags)
{
	struct iou_sim *sim = sim_of(req);
	struct iovec iov[BUNDLE_MAX];
	size_t want = iou__sock_readable(sk), total;
	struct iou__bgroup *g;
	uint32_t n;
	ssize_t got;
	int ret;

	if (req->sqe.len && req->sqe.len < want)
		want = req->sqe.len;
	ret = iou__buf_select_bundle(req, iov, BUNDLE_MAX, want, &n, &g);
	if (ret)
		return ret;
	total = iou__iov_total(iov, n);
	if (want > total)
		want = total;
	want = short_len(sim, want);
	got = iou__sock_recv(sim, sk, iov, n, want, 0);
	if (got <= 0) {
		/* nothing received (zero-length buffers): none taken, none
		 * reported, as io_recv's recycle */
		*cflags = got ? 0 : nonempty(sim, sk);
		return got;
	}
	*cflags = iou__buf_commit_bundle(g, (size_t)got) | nonempty(sim, sk);
	return got;
}

static int recv_prep(struct iou__req *req)
{
	struct iou_sim *sim = sim_of(req);
	const struct iou_sqe *sqe = &req->sqe;
	int multi = (sqe->ioprio & IOU_RECV_MULTISHOT) != 0;

	net_u_init(req);
	if (sqe->file_index || sqe->addr2)
		return -EINVAL;
	if (sqe->ioprio & ~RECV_IOPRIO_KNOWN(sim))
		return -EINVAL;
	/* bundles: RECV with provided buffers only (io_recvmsg_prep) */
	if (is_bundle(req) && (req->opcode == IOU_OP_RECVMSG ||
			       !(req->flags & IOU_SQE_BUFFER_SELECT)))
		return -EINVAL;
	if (is_msg(req) && !sqe->addr)
		return -EFAULT;
	if (multi) {
		/* multishot needs provided buffers (liburing #1331) and
		 * cannot wait for all */
		if (!(req->flags & IOU_SQE_BUFFER_SELECT))
			return -EINVAL;
		if (sqe->msg_flags & MSG_WAITALL)
			return -EINVAL;
		if (is_msg(req)) {
			const struct msghdr *m =
				(const struct msghdr *)(uintptr_t)sqe->addr;

			/* the layout of each buffer: struct iou_recvmsg_out,
			 * name, control, payload (copied at prep) */
			if (m->msg_namelen > 0xffffU ||
			    m->msg_controllen > 0xffffU)
				return -EINVAL;
			req->u.net.pflags = (uint32_t)m->msg_namelen |
					    ((uint32_t)m->msg_controllen << 16);
		}
	}
	return 0;
}

/* Nothing to read: 0 at EOF, the pending error, or -EAGAIN. */
static int recv_empty(struct iou__sock *sk)
{
	return iou__sock_empty(sk);
}

static void msg_done(const struct iou__req *req)
{
	struct msghdr *m;

	if (req->opcode != IOU_OP_RECVMSG)
		return;
	m = (struct msghdr *)(uintptr_t)req->sqe.addr;
	/* stream sockets report no name and no control data */
	if (m->msg_name)
		m->msg_namelen = 0;
	m->msg_controllen = 0;
	m->msg_flags = 0;
}

static int group_empty_at_issue(struct iou__req *req);

/* One multishot round: as many CQEs as data and buffers allow. */
static int recv_multishot(struct iou__req *req, struct iou__sock *sk)
{
	struct iou_sim *sim = sim_of(req);
	int msg = is_msg(req);
	uint32_t namelen = req->u.net.pflags & 0xffffU;
	uint32_t ctllen = req->u.net.pflags >> 16;
	size_t hdr = msg ? sizeof(struct iou_recvmsg_out) + namelen + ctllen
			 : 0;

	for (;;) {
		struct iou__bsel sel;
		size_t blen = req->sqe.len, n;
		struct iovec v;
		uint32_t cflags;
		ssize_t got;
		int ret;

		if (!iou__sock_readable(sk)) {
			ret = recv_empty(sk);
			if (ret != -EAGAIN)
				return ret; /* EOF or error: the last CQE */
			return park(req, sk, RECV_IN);
		}
		if ((ret = net_fault(req, sk, req->sqe.msg_flags)))
			return ret;
		if (is_bundle(req)) {
			got = bundle_take(req, sk, &cflags);
			if (got < 0)
				return (int)got;
			if (iou__net_mshot_post(req, (int32_t)got, cflags))
				return (int)got;
			continue;
		}
		if (msg)
			blen = 0; /* recvmsg: the whole buffer */
		ret = iou__buf_select(req, &sel, &blen);
		if (ret)
			return ret; /* -ENOBUFS ends it */
		if (blen < hdr) {
			/* io_recvmsg_prep_multishot: the buffer goes back
			 * (io_kbuf_recycle), unreported (measured on 6.18) */
			iou__buf_recycle(req, &sel);
			return -EFAULT;
		}
		n = blen - hdr;
		if (n > iou__sock_readable(sk))
			n = iou__sock_readable(sk);
		n = short_len(sim, n);
		v.iov_base = (char *)sel.addr + hdr;
		v.iov_len = n;
		got = iou__sock_recv(sim, sk, &v, 1, n, 0);
		if (got < 0 || (!got && !msg)) {
			/* an error, or nothing received into a zero-length
			 * buffer, which ends it (io_recv_finish's
			 * mshot_finished) */
			req->cflags = iou__buf_recv_end(req, &sel, got) |
				      (got ? 0 : nonempty(sim, sk));
			return (int)got;
		}
		if (msg) {
			struct iou_recvmsg_out o = {
				.namelen = 0, .controllen = 0,
				.payloadlen = (uint32_t)got, .flags = 0,
			};

			memcpy(sel.addr, &o, sizeof(o));
			memset((char *)sel.addr + sizeof(o), 0, namelen + ctllen);
			got += (ssize_t)hdr;
		}
		cflags = iou__buf_recv_end(req, &sel, got) | nonempty(sim, sk);
		if (iou__net_mshot_post(req, (int32_t)got, cflags))
			return (int)got;
	}
}

/* A read of the read/write family on a socket ended without moving a
 * byte: at EOF (0, short: the link breaks) or in an error, its checks'
 * too. io_read selected its buffer before it read, so the CQE reports
 * it: consumed at EOF; on an error a legacy one is consumed and a ring
 * one given back (iou__buf_failed; measured on 6.18). -EAGAIN selects
 * nothing (a retry selects again); an empty group is -ENOBUFS, as
 * io_read's selection fails first. */
int iou__sock_read_end(struct iou__req *req, int ret)
{
	struct iou__bsel sel;
	size_t len = req->sqe.len;

	if (ret == 0)
		req->fail_link = 1;
	if (ret == -EAGAIN || !(req->flags & IOU_SQE_BUFFER_SELECT))
		return ret;
	if (iou__buf_select(req, &sel, &len))
		return -ENOBUFS;
	if (ret == 0)
		req->cflags = iou__buf_commit(req, &sel);
	else
		req->cflags = iou__buf_failed(req, &sel, 1);
	return ret;
}

/* One receive from a stream socket into iov (or a selected buffer of
 * total bytes, 0: the buffer's size), restartable: it parks on the
 * socket until data, EOF or an error comes, unless mflags has
 * MSG_DONTWAIT. RECV and RECVMSG (rw 0) take MSG_WAITALL and MSG_PEEK,
 * may set F_SOCK_NONEMPTY, and give a selected buffer back when they
 * fail (io_recv). The read/write family on a socket (rw 1) is io_read
 * calling sock_read_iter: no F_SOCK_NONEMPTY (measured on 6.18), a read
 * short of total breaks a link (as on a file), and a buffer is reported
 * even when the read fails (iou__sock_read_end). */
static int stream_recv(struct iou__req *req, struct iou__sock *sk,
		       const struct iovec *iov, uint32_t niov, size_t total,
		       uint32_t mflags, int rw)
{
	struct iou_sim *sim = sim_of(req);
	int peek = (mflags & MSG_PEEK) != 0, select, ret = 0;
	struct iovec one, tmp_stack[16], *tmp = tmp_stack;
	const struct iovec *iov0 = iov;
	uint32_t niov0 = niov;

	select = (req->flags & IOU_SQE_BUFFER_SELECT) != 0;
	for (;;) {
		size_t want = total - req->u.net.done, n;
		struct iou__bsel sel;
		ssize_t got;

		if (!iou__sock_readable(sk) && (want || select)) {
			ret = recv_empty(sk);
			if (ret == -EAGAIN && !(mflags & MSG_DONTWAIT))
				return park(req, sk, RECV_IN);
			if (rw)
				return iou__sock_read_end(req, ret);
			break;
		}
		if ((ret = net_fault(req, sk, mflags))) {
			if (rw)
				return iou__sock_read_end(req, ret);
			break;
		}
		if (select && !rw && is_bundle(req)) {
			uint32_t cf;
			ssize_t got1 = bundle_take(req, sk, &cf);

			if (got1 < 0)
				return (int)got1;
			req->cflags = cf;
			return (int)got1;
		}
		if (select) {
			ret = iou__buf_select(req, &sel, &want);
			if (ret)
				return ret;
			one.iov_base = sel.addr;
			one.iov_len = want;
			iov = &one;
			niov = 1;
		} else if (req->u.net.done) {
			if (niov > 16) {
				tmp = malloc(niov * sizeof(*tmp));
				if (!tmp)
					return -ENOMEM;
			}
			niov = iov_skip(iov, niov, req->u.net.done, tmp);
			iov = tmp;
		}
		n = want < iou__sock_readable(sk) ? want
						    : iou__sock_readable(sk);
		n = short_len(sim, n);
		got = iou__sock_recv(sim, sk, iov, niov, n,
				     peek ? IOU__RECV_PEEK : 0);
		if (tmp != tmp_stack)
			free(tmp);
		if (select && rw) {
			if (got < 0) {
				req->cflags = iou__buf_failed(req, &sel, 1);
				return (int)got;
			}
			req->cflags = iou__buf_commit_n(req, &sel,
							(size_t)got);
			if ((size_t)got < want)
				req->fail_link = 1;
			return (int)got;
		}
		if (select) {
			req->cflags = iou__buf_recv_end(req, &sel, got);
			if (got < 0)
				return (int)got;
			req->cflags |= nonempty(sim, sk);
			msg_done(req);
			return (int)got;
		}
		if (got < 0) {
			ret = (int)got;
			break;
		}
		req->u.net.done += (size_t)got;
		ret = 0;
		if (!(mflags & MSG_WAITALL) || peek ||
		    req->u.net.done >= total)
			break;
		/* MSG_WAITALL: wait for the rest */
		iov = iov0;
		niov = niov0;
		tmp = tmp_stack;
	}
	if (rw) {
		if (ret >= 0 && req->u.net.done < total)
			req->fail_link = 1;
		return req->u.net.done ? (int)req->u.net.done : ret;
	}
	if (req->u.net.done) {
		if ((mflags & MSG_WAITALL) && req->u.net.done < total)
			req->fail_link = 1;
		req->cflags |= nonempty(sim, sk);
		msg_done(req);
		return (int)req->u.net.done;
	}
	if (!ret)
		msg_done(req);
	return ret;
}

static int recv_issue(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;
	int select, ret = 0;
	struct iovec one;
	const struct iovec *iov;
	uint32_t niov;
	size_t total;
	struct iou__sock *sk = req_sock(req, &ret);

	if (!sk)
		return ret;
	if (group_empty_at_issue(req))
		return -ENOBUFS;
	if (sk->type != SOCK_STREAM && (sqe->ioprio & IOU_RECV_MULTISHOT))
		return iou__dgram_recv_issue(req, sk, NULL, 0, sqe->msg_flags,
					     0);
	if (sqe->ioprio & IOU_RECV_MULTISHOT)
		return recv_multishot(req, sk);
	select = (req->flags & IOU_SQE_BUFFER_SELECT) != 0;
	if (is_msg(req)) {
		if ((ret = msg_iov(sqe->addr, &iov, &niov)))
			return ret;
		if (select && niov > 1)
			return -EINVAL;
	} else {
		one.iov_base = (void *)(uintptr_t)sqe->addr;
		one.iov_len = sqe->len;
		iov = &one;
		niov = 1;
	}
	total = select ? (niov ? iov[0].iov_len : 0)
		       : iou__iov_total(iov, niov);
	if (select && !is_msg(req))
		total = sqe->len;
	if (sk->type != SOCK_STREAM) /* ops_dgram.c */
		return iou__dgram_recv_issue(req, sk, iov, niov,
					     sqe->msg_flags, 0);
	return stream_recv(req, sk, iov, niov, total, sqe->msg_flags, 0);
}

int iou__sock_read(struct iou__req *req, struct iou__sock *sk,
		   const struct iovec *iov, uint32_t niov, uint32_t mflags)
{
	int select = (req->flags & IOU_SQE_BUFFER_SELECT) != 0;
	size_t total = select ? req->sqe.len : iou__iov_total(iov, niov);

	if (group_empty_at_issue(req))
		return -ENOBUFS;
	/* sock_read_iter: nothing to read is 0 at once, connected or not
	 * (measured on 6.18) */
	if (!select && !total)
		return 0;
	if (sk->type != SOCK_STREAM) /* ops_dgram.c */
		return iou__dgram_recv_issue(req, sk, iov, niov, mflags, 1);
	return stream_recv(req, sk, iov, niov, total, mflags, 1);
}

/* A parked multishot recv and ASYNC_CANCEL: 6.0-6.4 do not find it
 * (-ENOENT) and it ends with -ENOBUFS; 6.5+ cancel it (0, and the recv
 * -ECANCELED without F_MORE): liburing #984, KERNEL_FACTS "Errnos". */
static int recv_cancel_refuse(struct iou__req *req)
{
	if (!(req->sqe.ioprio & IOU_RECV_MULTISHOT) ||
	    iou__kernel_at_least(sim_of(req), 6, 5))
		return 0;
	if (!iou__req_unpark(req))
		return 0;
	req->cflags = 0;
	iou__req_complete(req, -ENOBUFS);
	return 1;
}

/* An empty group at the first issue is -ENOBUFS at once, data or not;
 * later (woken by data) only when it is still empty (liburing #688,
 * #1275; KERNEL_FACTS "Buffers"). */
static int group_empty_at_issue(struct iou__req *req)
{
	struct iou__bsel sel;
	size_t len = 0;

	if (!(req->flags & IOU_SQE_BUFFER_SELECT) || req->u.net.events ||
	    req->u.net.count)
		return 0;
	if (iou__buf_select(req, &sel, &len))
		return 1;
	iou__buf_recycle(req, &sel);
	return 0;
}

const struct iou__op iou__op_recv = {
	.name = "RECV",
	.since = IOU_KERNEL_VERSION(5, 6),
	.flags = IOU__OP_FILE | IOU__OP_BUFSELECT | IOU__OP_IOPRIO,
	.prep = recv_prep,
	.issue = recv_issue,
	.cancel_refuse = recv_cancel_refuse,
};

const struct iou__op iou__op_recvmsg = {
	.name = "RECVMSG",
	.since = IOU_KERNEL_VERSION(5, 3),
	.flags = IOU__OP_FILE | IOU__OP_BUFSELECT | IOU__OP_IOPRIO,
	.prep = recv_prep,
	.issue = recv_issue,
	.cancel_refuse = recv_cancel_refuse,
};

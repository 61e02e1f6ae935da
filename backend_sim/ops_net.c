/* ops_net.c — the socket ops on the loopback network of net.c: SOCKET
 * (5.19), BIND and LISTEN (6.11), CONNECT, ACCEPT (multishot 5.19, direct
 * into the fixed-file table 5.15), SHUTDOWN (5.11), SEND, RECV, SENDMSG,
 * RECVMSG (buffer select, multishot recv/recvmsg 6.0 with buf_rings and
 * legacy groups), SEND_ZC (6.0) and SENDMSG_ZC (6.1), and the stream
 * receive and send that the read/write family (ops_rw.c) runs on a
 * socket (iou__sock_read, iou__sock_write).
 *
 * What the kernel does not promise is a choice (0 canonical): short sends
 * and receives (shortio), F_SOCK_NONEMPTY (nonempty), a multishot CQE
 * being the last (mshotend), when a zero-copy notification posts
 * (zcnotif: right after the request, or later on the clock; 0 is the
 * profile's order) and when
 * the user's buffer is read (zccopy: 0 at send, 1 when the peer reads the
 * bytes or the notification posts, whichever is first), REPORT_USAGE's
 * answer (zcusage), and whether a failed send_zc carries F_MORE and a
 * notification (zcfailmore). Faults (opt-in): -EINTR, a reset
 * (-ECONNRESET) mid-stream. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "buf.h"
#include "net.h"
#include "world.h"

#define NET_MAXIOV 1024U
#define RECV_IN (IOU__POLLIN | IOU__POLLRDNORM | IOU__POLLERR | \
		 IOU__POLLHUP | IOU__POLLRDHUP)
#define SEND_OUT (IOU__POLLOUT | IOU__POLLWRNORM | IOU__POLLERR | \
		  IOU__POLLHUP)

static struct iou_sim *sim_of(const struct iou__req *req)
{
	return req->ring->sim;
}

static void net_u_init(struct iou__req *req)
{
	memset(&req->u.net, 0, sizeof(req->u.net));
}

static struct iou__sock *req_sock(struct iou__req *req, int *err)
{
	if (req->file->type != IOU__FT_SOCK) {
		*err = -ENOTSOCK;
		return NULL;
	}
	return req->file->sock;
}

static int park(struct iou__req *req, struct iou__sock *sk, uint32_t events)
{
	req->u.net.events = events;
	iou__waitq_add(&sk->wq, req);
	return IOU__PENDING;
}

static size_t short_len(struct iou_sim *sim, size_t n)
{
	uint32_t c;

	if (n < 2)
		return n;
	c = iou__choose(sim, IOU__CH_SHORTIO,
			n > UINT32_MAX ? UINT32_MAX : (uint32_t)n);
	return c ? c : n;
}

/* Opt-in faults of a data op: -EAGAIN only where the caller asked not to
 * wait (MSG_DONTWAIT in mflags). */
static int net_fault(struct iou__req *req, struct iou__sock *sk,
		     uint32_t mflags)
{
	return iou__sock_fault(sim_of(req), sk, (mflags & MSG_DONTWAIT) != 0);
}

static int cq_full(const struct iou__sring *r)
{
	return iou__ovf_pending(r) || iou__cq_ready(r) >= r->cq_entries;
}

int iou__net_mshot_post(struct iou__req *req, int32_t res, uint32_t cflags)
{
	struct iou__sring *r = req->ring;
	struct iou_sim *sim = r->sim;

	req->u.net.count++;
	/* A multishot request may end at any CQE (DESIGN §2). */
	if (iou__choose(sim, IOU__CH_MSHOT_END, 2))
		goto last;
	/* From 6.1 a multishot CQE that does not fit in the CQ ends the
	 * request: it is the last one, and overflows ("io_uring/net: don't
	 * overflow multishot accept/recv", 6.1; liburing
	 * poll-mshot-overflow.c; KERNEL_FACTS "Multishot in general"). */
	if (iou__kernel_at_least(sim, 6, 1) && cq_full(r))
		goto last;
	iou__req_post_more(req, res, cflags);
	return 0;
last:
	req->cflags = cflags;
	return 1;
}

/* F_SOCK_NONEMPTY (5.19) when data is left after a receive; a hint, so
 * its absence is a choice. */
static uint32_t nonempty(struct iou_sim *sim, const struct iou__sock *sk)
{
	if (!iou__kernel_at_least(sim, 5, 19) || !iou__sock_readable(sk))
		return 0;
	return iou__choose(sim, IOU__CH_NONEMPTY, 2) ? 0
						       : IOU_CQE_F_SOCK_NONEMPTY;
}

/* ---- SOCKET / BIND / LISTEN / CONNECT / SHUTDOWN --------------------------------- */

static int socket_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	net_u_init(req);
	if (sqe->addr || sqe->rw_flags || sqe->buf_index)
		return -EINVAL;
	if (sqe->file_index && ((int)sqe->off & SOCK_CLOEXEC))
		return -EINVAL;
	if (req->flags & IOU_SQE_FIXED_FILE)
		return -EINVAL;
	return 0;
}

static int socket_issue(struct iou__req *req)
{
	struct iou__file *f;
	int ret = iou__sock_new(sim_of(req), req->sqe.fd, (int)req->sqe.off,
				(int)req->sqe.len, &f);

	if (ret)
		return ret;
	return iou__req_install(req, f);
}

const struct iou__op iou__op_socket = {
	.name = "SOCKET",
	.since = IOU_KERNEL_VERSION(5, 19),
	.prep = socket_prep,
	.issue = socket_issue,
};

/* BIND and CONNECT: a sockaddr at addr, its length in off. */
static int addr_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	net_u_init(req);
	if (sqe->len || sqe->buf_index || sqe->rw_flags || sqe->splice_fd_in)
		return -EINVAL;
	if (!sqe->addr)
		return -EFAULT;
	if (sqe->off > sizeof(struct sockaddr_storage))
		return -EINVAL;
	return 0;
}

static int bind_issue(struct iou__req *req)
{
	int ret = 0;
	struct iou__sock *sk = req_sock(req, &ret);

	if (!sk)
		return ret;
	return iou__sock_bind(sim_of(req), sk,
			      (const struct sockaddr *)(uintptr_t)req->sqe.addr,
			      (socklen_t)req->sqe.off);
}

const struct iou__op iou__op_bind = {
	.name = "BIND",
	.since = IOU_KERNEL_VERSION(6, 11),
	.flags = IOU__OP_FILE,
	.prep = addr_prep,
	.issue = bind_issue,
};

static int listen_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	net_u_init(req);
	if (sqe->addr || sqe->buf_index || sqe->rw_flags ||
	    sqe->splice_fd_in || sqe->addr2)
		return -EINVAL;
	return 0;
}

static int listen_issue(struct iou__req *req)
{
	int ret = 0;
	struct iou__sock *sk = req_sock(req, &ret);

	if (!sk)
		return ret;
	return iou__sock_listen(sim_of(req), sk, (int)req->sqe.len);
}

const struct iou__op iou__op_listen = {
	.name = "LISTEN",
	.since = IOU_KERNEL_VERSION(6, 11),
	.flags = IOU__OP_FILE,
	.prep = listen_prep,
	.issue = listen_issue,
};

/* The address is read at issue (the kernel copies it at prep: keep it
 * valid until the CQE, as liburing's documentation asks anyway). */
static int connect_issue(struct iou__req *req)
{
	struct iou__sock *l;
	int ret = 0;
	struct iou__sock *sk = req_sock(req, &ret);

	if (!sk)
		return ret;
	ret = iou__sock_connect(sim_of(req), sk,
				(const struct sockaddr *)(uintptr_t)req->sqe.addr,
				(socklen_t)req->sqe.off, &l);
	if (ret == -EAGAIN && l)
		return park(req, l, IOU__POLLOUT); /* the backlog is full */
	return ret;
}

const struct iou__op iou__op_connect = {
	.name = "CONNECT",
	.since = IOU_KERNEL_VERSION(5, 5),
	.flags = IOU__OP_FILE,
	.prep = addr_prep,
	.issue = connect_issue,
};

static int shutdown_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	net_u_init(req);
	if (sqe->off || sqe->addr || sqe->rw_flags || sqe->buf_index ||
	    sqe->splice_fd_in)
		return -EINVAL;
	return 0;
}

static int shutdown_issue(struct iou__req *req)
{
	int ret = 0;
	struct iou__sock *sk = req_sock(req, &ret);

	if (!sk)
		return ret;
	return iou__sock_shutdown(sim_of(req), sk, (int)req->sqe.len);
}

const struct iou__op iou__op_shutdown = {
	.name = "SHUTDOWN",
	.since = IOU_KERNEL_VERSION(5, 11),
	.flags = IOU__OP_FILE,
	.prep = shutdown_prep,
	.issue = shutdown_issue,
};

/* ---- ACCEPT ---------------------------------------------------------------------- */

#define ACCEPT_IOPRIO (IOU_ACCEPT_MULTISHOT | IOU_ACCEPT_DONTWAIT | \
		       IOU_ACCEPT_POLL_FIRST)

static int accept_prep(struct iou__req *req)
{
	struct iou_sim *sim = sim_of(req);
	struct iou_sqe *sqe = &req->sqe;
	uint32_t known = 0;

	net_u_init(req);
	if (sqe->len || sqe->buf_index)
		return -EINVAL;
	if (sqe->accept_flags & ~(uint32_t)(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	/* IORING_ACCEPT_MULTISHOT 5.19; DONTWAIT and POLL_FIRST 6.10 */
	if (iou__kernel_at_least(sim, 5, 19))
		known |= IOU_ACCEPT_MULTISHOT;
	if (iou__kernel_at_least(sim, 6, 10))
		known |= IOU_ACCEPT_DONTWAIT | IOU_ACCEPT_POLL_FIRST;
	if (sqe->ioprio & ~known)
		return -EINVAL;
	/* Before 5.15 file_index is not looked at: a direct accept runs as
	 * a plain one (Zig 87dd8d56690b, KERNEL_FACTS "Errnos"). */
	if (!iou__kernel_at_least(sim, 5, 15))
		sqe->file_index = 0;
	if (sqe->file_index && (sqe->accept_flags & SOCK_CLOEXEC))
		return -EINVAL;
	if ((sqe->ioprio & IOU_ACCEPT_MULTISHOT) && sqe->file_index &&
	    sqe->file_index != IOU_FILE_INDEX_ALLOC)
		return -EINVAL;
	return 0;
}

static int accept_issue(struct iou__req *req)
{
	struct iou_sim *sim = sim_of(req);
	const struct iou_sqe *sqe = &req->sqe;
	int multi = (sqe->ioprio & IOU_ACCEPT_MULTISHOT) != 0, ret = 0;
	struct iou__sock *sk = req_sock(req, &ret), *c;
	struct iou__file *f;
	uint64_t id;

	if (!sk)
		return ret;
	if (sk->state != IOU__SS_LISTEN)
		return -EINVAL;
	for (;;) {
		ret = iou__sock_accept(sim, sk, &c);
		if (ret == -EAGAIN) {
			if (sqe->ioprio & IOU_ACCEPT_DONTWAIT)
				return -EAGAIN;
			return park(req, sk, IOU__POLLIN | IOU__POLLERR |
				    IOU__POLLHUP);
		}
		if (ret)
			return ret;
		id = c->id;
		ret = iou__sock_file(sim, c, (int)sqe->accept_flags, &f);
		if (!ret) {
			if (sqe->addr2)
				iou__sock_peer_addr(c, (struct sockaddr *)
						    (uintptr_t)sqe->addr,
						    (socklen_t *)(uintptr_t)
						    sqe->addr2);
			/* a failed install closes the connection (fput) */
			ret = iou__req_install(req, f);
		}
		IOU__TRACE(sim, "net s%llu accept s%llu = %d\n",
			   (unsigned long long)sk->id, (unsigned long long)id,
			   ret);
		/* -ENFILE (a full fixed table) ends a multishot accept
		 * (KERNEL_FACTS "Errnos") */
		if (ret < 0 || !multi)
			return ret;
		if (iou__net_mshot_post(req, ret, 0))
			return ret;
	}
}

const struct iou__op iou__op_accept = {
	.name = "ACCEPT",
	.since = IOU_KERNEL_VERSION(5, 5),
	.flags = IOU__OP_FILE | IOU__OP_IOPRIO,
	.prep = accept_prep,
	.issue = accept_issue,
};

/* ---- RECV / RECVMSG ---------------------------------------------------------------- */

#define RECV_IOPRIO_KNOWN(sim)                                                 \
	((iou__kernel_at_least(sim, 5, 19) ? IOU_RECVSEND_POLL_FIRST : 0U) |   \
	 (iou__kernel_at_least(sim, 6, 0) ? IOU_RECV_MULTISHOT : 0U))

static int is_msg(const struct iou__req *req)
{
	return req->opcode == IOU_OP_RECVMSG || req->opcode == IOU_OP_SENDMSG ||
	       req->opcode == IOU_OP_SENDMSG_ZC;
}

static int recv_prep(struct iou__req *req)
{
	struct iou_sim *sim = sim_of(req);
	const struct iou_sqe *sqe = &req->sqe;
	int multi = (sqe->ioprio & IOU_RECV_MULTISHOT) != 0;

	net_u_init(req);
	if (sqe->file_index || sqe->addr2)
		return -EINVAL;
	/* IORING_RECVSEND_BUNDLE (6.10) is not modelled */
	if (sqe->ioprio & ~RECV_IOPRIO_KNOWN(sim))
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

/* The iovecs of a msghdr: -EFAULT, -EMSGSIZE. */
static int msg_iov(uint64_t addr, const struct iovec **iov, uint32_t *n)
{
	const struct msghdr *m = (const struct msghdr *)(uintptr_t)addr;

	if (!m)
		return -EFAULT;
	if (m->msg_iovlen > NET_MAXIOV)
		return -EMSGSIZE;
	if (m->msg_iovlen && !m->msg_iov)
		return -EFAULT;
	for (size_t i = 0; i < m->msg_iovlen; i++)
		if ((ssize_t)m->msg_iov[i].iov_len < 0)
			return -EINVAL;
	*iov = m->msg_iov;
	*n = (uint32_t)m->msg_iovlen;
	return 0;
}

/* The iovecs past the first `skip` bytes, into tmp. */
static uint32_t iov_skip(const struct iovec *iov, uint32_t n, size_t skip,
			 struct iovec *tmp)
{
	uint32_t k = 0;

	for (uint32_t i = 0; i < n; i++) {
		size_t len = iov[i].iov_len;

		if (skip >= len) {
			skip -= len;
			continue;
		}
		tmp[k].iov_base = (char *)iov[i].iov_base + skip;
		tmp[k].iov_len = len - skip;
		skip = 0;
		k++;
	}
	return k;
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
		if (msg)
			blen = 0; /* recvmsg: the whole buffer */
		ret = iou__buf_select(req, &sel, &blen);
		if (ret)
			return ret; /* -ENOBUFS ends it */
		if (blen < hdr) {
			req->cflags = iou__buf_commit(req, &sel);
			return -EFAULT;
		}
		n = blen - hdr;
		if (n > iou__sock_readable(sk))
			n = iou__sock_readable(sk);
		n = short_len(sim, n);
		v.iov_base = (char *)sel.addr + hdr;
		v.iov_len = n;
		got = iou__sock_recv(sim, sk, &v, 1, n, 0);
		if (got < 0) {
			iou__buf_recycle(req, &sel);
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
		cflags = iou__buf_commit(req, &sel) | nonempty(sim, sk);
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
		if (select) {
			if (got < 0) {
				if (rw)
					req->cflags = iou__buf_failed(req,
								      &sel, 1);
				else
					iou__buf_recycle(req, &sel);
				return (int)got;
			}
			req->cflags = iou__buf_commit(req, &sel);
			if (rw) {
				if ((size_t)got < want)
					req->fail_link = 1;
				return (int)got;
			}
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

/* ---- zero-copy notifications --------------------------------------------------------- */

static int notif_issue(struct iou__req *n)
{
	(void)n;
	return -EINVAL; /* never issued: posted from the run queue or clock */
}

/* The notification is due: the user's bytes are read now if they were
 * not yet. Returns its res. */
static int32_t notif_fire(struct iou__req *n)
{
	struct iou_sim *sim = sim_of(n);
	int32_t res = 0;

	if (n->u.net.sk)
		iou__sock_fill_notif(sim, n->u.net.sk, n);
	n->u.net.sk = NULL;
	n->cflags = IOU_CQE_F_NOTIF;
	/* REPORT_USAGE: loopback copies (canonical ZC_COPIED); a real
	 * zero-copy path reports 0 */
	if ((n->u.net.events & IOU_SEND_ZC_REPORT_USAGE) &&
	    !iou__choose(sim, IOU__CH_ZC_USAGE, 2))
		res = (int32_t)IOU_NOTIF_USAGE_ZC_COPIED;
	return res;
}

static void notif_timer(struct iou__req *n)
{
	iou__list_del(&n->lnode);
	iou__req_complete(n, notif_fire(n));
}

static void notif_cleanup(struct iou__req *n)
{
	/* never posted (the ring went away): the user's buffer may be gone
	 * as well, so its bytes arrive as zeros */
	if (n->u.net.sk)
		iou__sock_drop_notif(n->u.net.sk, n);
	n->u.net.sk = NULL;
}

static const struct iou__op notif_op = {
	.name = "NOTIF",
	.since = IOU_KERNEL_VERSION(6, 0),
	.issue = notif_issue,
	.timer = notif_timer,
	.cleanup = notif_cleanup,
};

/* The notification of a send_zc (allocated at its first byte or at its
 * end). pflags: 1 when it posts later, on the clock, 0 right after the
 * request. */
static struct iou__req *notif_new(struct iou__req *req)
{
	struct iou_sim *sim = sim_of(req);
	struct iou__req *n = iou__req_alloc(sim);

	if (!n)
		return NULL;
	n->ring = req->ring;
	n->flags = 0;
	n->res = 0;
	n->op = &notif_op;
	n->opcode = req->opcode;
	n->user_data = req->user_data;
	n->state = IOU__RS_LINKED;
	memset(&n->u.net, 0, sizeof(n->u.net));
	n->u.net.events = req->sqe.ioprio & IOU_SEND_ZC_REPORT_USAGE;
	/* 6.9 posts the notification right after the request's CQE (send,
	 * notif, recv); 6.5 after other work (send, recv, notif): Zig
	 * #20212, KERNEL_FACTS "Ordering". Choice 0 is the profile's. */
	n->u.net.pflags = iou__choose(sim, IOU__CH_ZC_NOTIF, 2) ^
			  !iou__kernel_at_least(sim, 6, 9);
	req->u.net.notif = n;
	return n;
}

/* Frees a notification that will not post. */
static void notif_drop(struct iou__req *req, int zero)
{
	struct iou__req *n = req->u.net.notif;

	if (!n)
		return;
	if (!zero && n->u.net.sk)
		iou__sock_fill_notif(sim_of(n), n->u.net.sk, n);
	notif_cleanup(n);
	req->u.net.notif = NULL;
	iou__req_free(sim_of(req), n);
}

/* The request has its CQE (with F_MORE): its notification goes on its
 * way, right behind it (req->then: nothing posts in between) or later,
 * on the clock (the next time the sim is idle: after whatever else is
 * runnable). Never before it (DESIGN §2). */
static void notif_schedule(struct iou__req *req)
{
	struct iou__req *n = req->u.net.notif;
	struct iou_sim *sim = sim_of(req);
	struct iou__list *l = iou__net_notifs(sim);

	req->u.net.notif = NULL;
	req->ring->active++; /* released as it posts */
	if (!n->u.net.pflags || !l) {
		n->res = notif_fire(n);
		n->then = req->then;
		req->then = n;
		return;
	}
	iou__list_add_tail(l, &n->lnode);
	iou__timer_arm(n, sim->now + 1000);
}

void iou__notif_sring_cancel(struct iou__sring *r)
{
	struct iou_sim *sim = r->sim;
	struct iou__list *l, *p;

	if (!sim->net)
		return;
	l = iou__net_notifs(sim);
	for (p = l->next; p != l;) {
		struct iou__req *n = iou__container_of(p, struct iou__req,
						       lnode);

		p = p->next;
		if (n->ring != r)
			continue;
		iou__list_del(&n->lnode);
		iou__timer_disarm(n);
		notif_cleanup(n);
		iou__req_free(sim, n);
	}
}

/* ---- SEND / SENDMSG / SEND_ZC / SENDMSG_ZC ----------------------------------------- */

static int is_zc(const struct iou__req *req)
{
	return req->opcode == IOU_OP_SEND_ZC ||
	       req->opcode == IOU_OP_SENDMSG_ZC;
}

static int send_prep(struct iou__req *req)
{
	struct iou_sim *sim = sim_of(req);
	const struct iou_sqe *sqe = &req->sqe;
	uint32_t known = iou__kernel_at_least(sim, 5, 19)
			 ? IOU_RECVSEND_POLL_FIRST : 0;

	net_u_init(req);
	if (is_zc(req)) {
		known |= IOU_SEND_ZC_REPORT_USAGE | IOU_RECVSEND_FIXED_BUF;
		/* its notification needs the request's CQE (io_send_zc_prep) */
		if (req->flags & IOU_SQE_CQE_SKIP_SUCCESS)
			return -EINVAL;
	}
	if (sqe->ioprio & ~known)
		return -EINVAL;
	if (sqe->file_index || (!is_zc(req) && sqe->addr3))
		return -EINVAL;
	if (is_msg(req) && !sqe->addr)
		return -EFAULT;
	if (sqe->ioprio & IOU_RECVSEND_FIXED_BUF) {
		if (is_msg(req))
			return -EINVAL; /* sendmsg_zc fixed: 6.15, not modelled */
		return iou__fixed_buf_check(req->ring, sqe->buf_index,
					    sqe->addr, sqe->len);
	}
	if (sqe->buf_index && is_zc(req))
		return -EINVAL;
	return 0;
}

/* A zero-copy send ends: F_MORE and a notification on success; on
 * failure both or neither (liburing #1462, #643: either is seen). */
static int zc_end(struct iou__req *req, int ret)
{
	if (ret < 0 && iou__choose(sim_of(req), IOU__CH_ZC_FAILMORE, 2)) {
		notif_drop(req, 0);
		return ret;
	}
	if (!req->u.net.notif && !notif_new(req))
		return ret; /* no memory for it: no F_MORE */
	req->cflags |= IOU_CQE_F_MORE;
	notif_schedule(req);
	return ret;
}

/* One send of iov to a stream socket, restartable: it parks on the
 * socket while the peer's queue is full, unless mflags has MSG_DONTWAIT;
 * with MSG_WAITALL it goes on until all of it went. A zero-copy send
 * makes its notification as its first bytes go. Returns the bytes sent
 * or -errno (the caller ends a zero-copy send). */
static int stream_send(struct iou__req *req, struct iou__sock *sk,
		       const struct iovec *iov, uint32_t niov, uint32_t mflags)
{
	struct iou_sim *sim = sim_of(req);
	struct iovec tmp_stack[16], *tmp = tmp_stack;
	size_t total = iou__iov_total(iov, niov);
	int ret = 0, zc = is_zc(req);

	for (;;) {
		size_t want = total - req->u.net.done, n = want;
		struct iou__req *defer = NULL;
		const struct iovec *cur = iov;
		uint32_t ncur = niov;
		ssize_t put;

		if ((ret = net_fault(req, sk, mflags)))
			break;
		if (req->u.net.done) {
			if (niov > 16 && tmp == tmp_stack) {
				tmp = malloc(niov * sizeof(*tmp));
				if (!tmp) {
					ret = -ENOMEM;
					break;
				}
			}
			ncur = iov_skip(iov, niov, req->u.net.done, tmp);
			cur = tmp;
		}
		if (sk->peer && want) {
			uint32_t room = iou__sock_room(sk);

			if (room && n > room)
				n = room;
			if (room)
				n = short_len(sim, n);
		}
		if (zc && n && sk->peer && iou__sock_room(sk)) {
			if (!req->u.net.notif && !notif_new(req)) {
				ret = -ENOMEM;
				break;
			}
			/* the bytes are read later only with a later
			 * notification */
			if (req->u.net.notif->u.net.pflags &&
			    iou__choose(sim, IOU__CH_ZC_COPY, 2))
				defer = req->u.net.notif;
		}
		put = iou__sock_send(sim, sk, cur, ncur, n, defer);
		if (put == -EAGAIN) {
			if (tmp != tmp_stack)
				free(tmp);
			if (mflags & MSG_DONTWAIT) {
				ret = -EAGAIN;
				tmp = tmp_stack;
				break;
			}
			return park(req, sk, SEND_OUT);
		}
		if (put < 0) {
			ret = (int)put;
			break;
		}
		req->u.net.done += (size_t)put;
		ret = 0;
		if (!(mflags & MSG_WAITALL) || req->u.net.done >= total)
			break;
	}
	if (tmp != tmp_stack)
		free(tmp);
	if (req->u.net.done) {
		ret = (int)req->u.net.done;
		if ((mflags & MSG_WAITALL) && req->u.net.done < total)
			req->fail_link = 1;
	}
	return ret;
}

static int send_issue(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;
	struct iovec one;
	const struct iovec *iov;
	uint32_t niov;
	int ret = 0, zc = is_zc(req);
	struct iou__sock *sk = req_sock(req, &ret);

	if (!sk)
		return zc ? zc_end(req, ret) : ret;
	if (is_msg(req)) {
		if ((ret = msg_iov(sqe->addr, &iov, &niov)))
			return zc ? zc_end(req, ret) : ret;
	} else {
		one.iov_base = (void *)(uintptr_t)sqe->addr;
		one.iov_len = sqe->len;
		iov = &one;
		niov = 1;
	}
	ret = stream_send(req, sk, iov, niov, sqe->msg_flags);
	return zc ? zc_end(req, ret) : ret;
}

/* io_write calling sock_write_iter: a send without flags (MSG_DONTWAIT
 * for RWF_NOWAIT); a write short of its length breaks a link, as on a
 * file. */
int iou__sock_write(struct iou__req *req, struct iou__sock *sk,
		    const struct iovec *iov, uint32_t niov, uint32_t mflags)
{
	int ret = stream_send(req, sk, iov, niov, mflags);

	if (ret >= 0 && (size_t)ret < iou__iov_total(iov, niov))
		req->fail_link = 1;
	return ret;
}

/* Canceled while it waited: no F_MORE (the core clears the flags), so no
 * notification; bytes it left in the user's buffer are read now. */
static void send_cancel(struct iou__req *req)
{
	notif_drop(req, 0);
}

/* Recycled without having posted a notification (the ring went away
 * while it waited): the user's buffer may be gone, zeros go instead. */
static void send_cleanup(struct iou__req *req)
{
	notif_drop(req, 1);
}

const struct iou__op iou__op_send = {
	.name = "SEND",
	.since = IOU_KERNEL_VERSION(5, 6),
	.flags = IOU__OP_FILE | IOU__OP_IOPRIO,
	.prep = send_prep,
	.issue = send_issue,
};

const struct iou__op iou__op_sendmsg = {
	.name = "SENDMSG",
	.since = IOU_KERNEL_VERSION(5, 3),
	.flags = IOU__OP_FILE | IOU__OP_IOPRIO,
	.prep = send_prep,
	.issue = send_issue,
};

const struct iou__op iou__op_send_zc = {
	.name = "SEND_ZC",
	.since = IOU_KERNEL_VERSION(6, 0),
	.flags = IOU__OP_FILE | IOU__OP_IOPRIO,
	.prep = send_prep,
	.issue = send_issue,
	.cancel = send_cancel,
	.cleanup = send_cleanup,
};

const struct iou__op iou__op_sendmsg_zc = {
	.name = "SENDMSG_ZC",
	.since = IOU_KERNEL_VERSION(6, 1),
	.flags = IOU__OP_FILE | IOU__OP_IOPRIO,
	.prep = send_prep,
	.issue = send_issue,
	.cancel = send_cancel,
	.cleanup = send_cleanup,
};

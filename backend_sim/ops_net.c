/* ops_net.c — the socket ops on the loopback network of net.c: SOCKET
 * (5.19), BIND and LISTEN (6.11), CONNECT, ACCEPT (multishot 5.19, direct
 * into the fixed-file table 5.15), SHUTDOWN (5.11), URING_CMD's socket
 * commands (6.7), and the posting of multishot CQEs. The data ops are in
 * ops_recv.c (RECV, RECVMSG), ops_send.c (SEND, SENDMSG, SEND_ZC,
 * SENDMSG_ZC) and ops_dgram.c (on message sockets), their helpers in
 * ops_net.h.
 *
 * What the kernel does not promise is a choice (0 canonical): short sends
 * and receives (shortio), F_SOCK_NONEMPTY (nonempty), a multishot CQE
 * being the last (mshotend), when a zero-copy notification posts
 * (zcnotif: right after the request, or later on the clock; 0 is the
 * profile's order) and when the user's buffer is read (zccopy: 0 at send,
 * 1 when the peer reads the bytes or the notification posts, whichever is
 * first), REPORT_USAGE's answer (zcusage), and whether a failed send_zc
 * carries F_MORE and a notification (zcfailmore). Faults (opt-in): -EINTR,
 * a reset (-ECONNRESET) mid-stream. */
#include "ops_net.h"

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

/* ---- URING_CMD on a socket (6.7) ------------------------------------------ */

static int uring_cmd_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	net_u_init(req);
	if (sqe->__pad1 || (sqe->uring_cmd_flags & ~IOU_URING_CMD_FIXED))
		return -EINVAL;
	return 0;
}

/* io_uring_cmd_sock: SIOCINQ and SIOCOUTQ through the protocol's ioctl
 * (TCP and UDP have one, AF_UNIX sockets not), [gs]etsockopt; other
 * commands and files without a uring_cmd (regular files, pipes, sockets
 * before 6.7) -EOPNOTSUPP. */
static int uring_cmd_issue(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;
	struct iou__sock *sk;
	socklen_t len;
	int ret;

	if (req->file->type != IOU__FT_SOCK ||
	    !iou__kernel_at_least(sim_of(req), 6, 7))
		return -EOPNOTSUPP;
	sk = req->file->sock;
	switch (sqe->cmd_op) {
	case IOU_SOCKET_URING_OP_SIOCINQ:
		if (sk->domain == AF_UNIX)
			return -EOPNOTSUPP;
		if (sk->type == SOCK_DGRAM) /* udp_ioctl: the next one */
			return sk->dq_head ? (int)sk->dq_head->len : 0;
		if (sk->state == IOU__SS_LISTEN)
			return -EINVAL;
		return (int)iou__sock_readable(sk);
	case IOU_SOCKET_URING_OP_SIOCOUTQ:
		if (sk->domain == AF_UNIX)
			return -EOPNOTSUPP;
		if (sk->type == SOCK_DGRAM)
			return 0; /* sent at once */
		if (sk->state == IOU__SS_LISTEN)
			return -EINVAL;
		/* not acked yet: what is still in flight to the peer */
		return sk->peer ? (int)sk->peer->inflight : 0;
	case IOU_SOCKET_URING_OP_GETSOCKOPT:
		if (sqe->level != SOL_SOCKET)
			return -EOPNOTSUPP;
		len = (socklen_t)sqe->optlen;
		ret = iou__sock_getsockopt(sk, (int)sqe->optname,
					   (void *)(uintptr_t)sqe->optval,
					   &len);
		return ret ? ret : (int)len; /* the length, on success */
	case IOU_SOCKET_URING_OP_SETSOCKOPT:
		return iou__sock_setsockopt(sk, (int)sqe->level,
					    (int)sqe->optname,
					    (const void *)(uintptr_t)sqe->optval,
					    (socklen_t)sqe->optlen);
	default:
		return -EOPNOTSUPP;
	}
}

const struct iou__op iou__op_uring_cmd = {
	.name = "URING_CMD",
	.since = IOU_KERNEL_VERSION(5, 19),
	.flags = IOU__OP_FILE,
	.prep = uring_cmd_prep,
	.issue = uring_cmd_issue,
};

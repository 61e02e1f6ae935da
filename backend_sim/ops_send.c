/* ops_send.c — SEND, SENDMSG, SEND_ZC (6.0) and SENDMSG_ZC (6.1) on the
 * sim's sockets, their zero-copy notifications, and the stream send the
 * write family (ops_rw.c) runs on a socket (iou__sock_write). Choices:
 * short sends (shortio), when a notification posts (zcnotif), when the
 * user's buffer is read (zccopy), REPORT_USAGE's answer (zcusage), and
 * whether a failed send_zc carries F_MORE (zcfailmore). */
#include "ops_net.h"

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
	/* provided buffers and bundles for SEND (6.10): io_sendmsg_prep */
	if (req->opcode == IOU_OP_SEND && iou__kernel_at_least(sim, 6, 10))
		known |= IOU_RECVSEND_BUNDLE;
	if ((req->flags & IOU_SQE_BUFFER_SELECT) &&
	    (req->opcode != IOU_OP_SEND || !iou__kernel_at_least(sim, 6, 10)))
		return -EOPNOTSUPP; /* io_init_req: no buffer_select */
	if (sqe->ioprio & ~known)
		return -EINVAL;
	if ((sqe->ioprio & IOU_RECVSEND_BUNDLE) &&
	    !(req->flags & IOU_SQE_BUFFER_SELECT))
		return -EINVAL;
	/* a destination in addr2, its length in addr_len: SEND_ZC from
	 * 6.0, SEND from 6.1 (516e82f0e043); before, io_sendmsg_prep
	 * refused addr2 and the field was file_index */
	if (!is_msg(req) && (is_zc(req) || iou__kernel_at_least(sim, 6, 1))) {
		if (sqe->__pad3[0])
			return -EINVAL;
	} else if (sqe->file_index || (!is_msg(req) && sqe->addr2)) {
		return -EINVAL;
	}
	if (!is_msg(req) && sqe->addr2) {
		/* the destination is copied now (move_addr_to_kernel at
		 * prep): the caller may reuse it once submit returns */
		if (sqe->addr_len > sizeof(struct sockaddr_storage))
			return -EINVAL;
		req->u.net.to = malloc(sqe->addr_len ? sqe->addr_len : 1);
		if (!req->u.net.to)
			return -ENOMEM;
		req->u.net.tolen = sqe->addr_len;
		if (iou__uptr_copy(req->u.net.to, sqe->addr2, sqe->addr_len))
			return -EFAULT;
	}
	if (!is_zc(req) && sqe->addr3)
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
	if (ret == IOU__PENDING)
		return ret; /* parked: it ends when it is issued again */
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
		put = iou__sock_send_by(sim, sk, cur, ncur, n, defer, req);
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

#define BUNDLE_MAX 256U /* PEEK_MAX_IMPORT */

/* SEND from a provided buffer on a message socket (6.10): one datagram
 * of the head buffer, cut to sqe->len (0: all of it); the buffer is
 * consumed and reported whether the send went or failed, but not while
 * it waits for room or would (measured on 6.18: -EDESTADDRREQ with
 * F_BUFFER). A bundle of datagrams is not modelled (-EINVAL). */
static int send_select_dgram(struct iou__req *req, struct iou__sock *sk)
{
	const struct iou_sqe *sqe = &req->sqe;
	size_t len = sqe->len;
	struct iou__bsel sel;
	struct iovec v;
	int ret;

	if (sqe->ioprio & IOU_RECVSEND_BUNDLE)
		return -EINVAL;
	if ((ret = iou__buf_select(req, &sel, &len)))
		return ret;
	v.iov_base = sel.addr;
	v.iov_len = len;
	ret = iou__dgram_send_issue(req, sk, &v, 1, sqe->msg_flags, NULL);
	if (ret == IOU__PENDING || ret == -EAGAIN) {
		iou__buf_recycle(req, &sel); /* selected again on re-issue */
		return ret;
	}
	req->cflags = iou__buf_commit(req, &sel);
	return ret;
}

/* SEND from provided buffers (6.10): the head buffer of the group, or
 * with IOU_RECVSEND_BUNDLE as many ring buffers as there are (up to
 * sqe->len bytes, 0: no limit), sent in ring order; the CQE names the
 * first, and the buffers the bytes reached are consumed. On a message
 * socket: send_select_dgram. */
static int send_select(struct iou__req *req, struct iou__sock *sk)
{
	const struct iou_sqe *sqe = &req->sqe;
	int bundle = (sqe->ioprio & IOU_RECVSEND_BUNDLE) != 0, ret;
	struct iovec iov[BUNDLE_MAX];
	struct iou__bgroup *g = NULL;
	struct iou__bsel sel;
	size_t total = 0;
	uint32_t n;

	if (sk->type != SOCK_STREAM)
		return send_select_dgram(req, sk);
	ret = iou__buf_select_bundle(req, iov, bundle ? BUNDLE_MAX : 1,
				     sqe->len, &n, &g);
	if (ret == -EINVAL) {
		size_t len = sqe->len;

		/* a legacy group: one buffer */
		g = NULL;
		if ((ret = iou__buf_select(req, &sel, &len)))
			return ret;
		iov[0].iov_base = sel.addr;
		iov[0].iov_len = len;
		n = 1;
	} else if (ret) {
		return ret;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (sqe->len && total + iov[i].iov_len > sqe->len)
			iov[i].iov_len = sqe->len - total;
		total += iov[i].iov_len;
	}
	ret = stream_send(req, sk, iov, n, sqe->msg_flags);
	if (ret == IOU__PENDING)
		return ret; /* nothing consumed: selected again on re-issue */
	if (!g) {
		if (ret < 0)
			iou__buf_recycle(req, &sel);
		else
			req->cflags = iou__buf_commit(req, &sel);
		return ret;
	}
	/* the buffers the bytes reached (one without a bundle) */
	if (ret >= 0)
		req->cflags = iou__buf_commit_bundle(g, (size_t)ret);
	return ret;
}

/* A zero-copy UDP send: its notification, made now, when the datagram's
 * bytes are read later (choice zccopy, only with a later notification:
 * the receiver copies them before the skb is freed), else NULL. */
static struct iou__req *dgram_defer(struct iou__req *req,
				    struct iou__sock *sk)
{
	if (sk->domain == AF_UNIX)
		return NULL;
	if (!req->u.net.notif && !notif_new(req))
		return NULL;
	if (!req->u.net.notif->u.net.pflags ||
	    !iou__choose(sim_of(req), IOU__CH_ZC_COPY, 2))
		return NULL;
	return req->u.net.notif;
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
	if (req->flags & IOU_SQE_BUFFER_SELECT)
		return send_select(req, sk);
	if (is_msg(req)) {
		if ((ret = msg_iov(sqe->addr, &iov, &niov)))
			return zc ? zc_end(req, ret) : ret;
	} else {
		one.iov_base = (void *)(uintptr_t)sqe->addr;
		one.iov_len = sqe->len;
		iov = &one;
		niov = 1;
	}
	if (sk->type != SOCK_STREAM) /* ops_dgram.c */
		ret = iou__dgram_send_issue(req, sk, iov, niov,
					    sqe->msg_flags,
					    zc ? dgram_defer(req, sk) : NULL);
	else
		ret = stream_send(req, sk, iov, niov, sqe->msg_flags);
	return zc ? zc_end(req, ret) : ret;
}

/* io_write calling sock_write_iter: a send without flags (MSG_DONTWAIT
 * for RWF_NOWAIT); a write short of its length breaks a link, as on a
 * file. */
int iou__sock_write(struct iou__req *req, struct iou__sock *sk,
		    const struct iovec *iov, uint32_t niov, uint32_t mflags)
{
	int ret = sk->type != SOCK_STREAM
		  ? iou__dgram_send_issue(req, sk, iov, niov, mflags, NULL)
		  : stream_send(req, sk, iov, niov, mflags);

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
	free(req->u.net.to);
	req->u.net.to = NULL;
}

/* SEND: the destination's copy */
static void send_addr_cleanup(struct iou__req *req)
{
	free(req->u.net.to);
	req->u.net.to = NULL;
}

const struct iou__op iou__op_send = {
	.name = "SEND",
	.since = IOU_KERNEL_VERSION(5, 6),
	.flags = IOU__OP_FILE | IOU__OP_IOPRIO | IOU__OP_BUFSELECT,
	.prep = send_prep,
	.issue = send_issue,
	.cleanup = send_addr_cleanup,
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

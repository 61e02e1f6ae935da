/* ops_dgram.c — the ring's data ops on message sockets (UDP, AF_UNIX
 * SOCK_DGRAM and SOCK_SEQPACKET; net_dgram.c): RECV and RECVMSG (buffer
 * select, multishot with its struct iou_recvmsg_out layout), SEND,
 * SENDMSG, SEND_ZC and SENDMSG_ZC with a destination (addr2 from 6.1,
 * 6.0 for SEND_ZC; msg_name), and the read/write family. One message per
 * receive, whole or truncated (MSG_TRUNC in msg_flags), never split:
 * short I/O is no choice here. MSG_WAITALL does not wait for more (as on
 * the kernel). A zero-copy UDP send of one iovec may leave its bytes in
 * the user's buffer until the datagram is read or the notification posts
 * (ops_send.c chooses, zccopy); other datagrams are copied as they go.
 * A bundle
 * RECV takes one buffer per datagram (cut to it), as 6.18 does: its first
 * pass maps one buffer and UDP reports nothing to append. Measured on
 * 6.18: a zero-length datagram ends a multishot receive (res <= 0 is
 * its end), and a multishot recvmsg's payloadlen is what was copied (the
 * whole length with MSG_TRUNC). */
#include "ops_net.h"

/* F_SOCK_NONEMPTY (5.19) when a message is left; a hint, so a choice. */
static uint32_t dgram_nonempty(struct iou_sim *sim,
			       const struct iou__sock *sk)
{
	if (!iou__kernel_at_least(sim, 5, 19) || !sk->dq_n)
		return 0;
	return iou__choose(sim, IOU__CH_NONEMPTY, 2) ? 0
						       : IOU_CQE_F_SOCK_NONEMPTY;
}

/* Nothing queued: the error, 0 (EOF), or park unless it may not wait. */
static int dgram_empty(struct iou__req *req, struct iou__sock *sk,
		       uint32_t mflags, int rw)
{
	int ret = iou__sock_empty(sk);

	if (ret == -EAGAIN && !(mflags & MSG_DONTWAIT))
		return park(req, sk, RECV_IN);
	if (rw)
		return iou__sock_read_end(req, ret);
	return ret;
}

/* One multishot round: a CQE per message while messages and buffers
 * last. */
static int dgram_multishot(struct iou__req *req, struct iou__sock *sk)
{
	struct iou_sim *sim = sim_of(req);
	int msg = is_msg(req);
	uint32_t namelen = req->u.net.pflags & 0xffffU;
	uint32_t ctllen = req->u.net.pflags >> 16;
	uint32_t mflags = req->sqe.msg_flags;
	size_t hdr = msg ? sizeof(struct iou_recvmsg_out) + namelen + ctllen
			 : 0;

	for (;;) {
		struct iou__bsel sel;
		size_t blen = msg ? 0 : req->sqe.len;
		struct iou_recvmsg_out o = { 0 };
		struct sockaddr_storage from;
		socklen_t fromlen = sizeof(from);
		uint32_t cflags, got_flags = 0, dlen;
		struct iovec v;
		ssize_t got;
		int ret;

		if (!sk->dq_n) {
			ret = iou__sock_empty(sk);
			if (ret != -EAGAIN)
				return ret;
			return park(req, sk, RECV_IN);
		}
		if ((ret = net_fault(req, sk, mflags)))
			return ret;
		ret = iou__buf_select(req, &sel, &blen);
		if (ret)
			return ret;
		if (blen < hdr) {
			/* io_recvmsg_prep_multishot: the buffer goes back
			 * (io_kbuf_recycle), unreported (measured on 6.18) */
			iou__buf_recycle(req, &sel);
			return -EFAULT;
		}
		dlen = sk->dq_head->len;
		v.iov_base = (char *)sel.addr + hdr;
		v.iov_len = blen - hdr;
		got = iou__dgram_recv(sim, sk, &v, 1, 0, (struct sockaddr *)&from,
				      &fromlen, &got_flags);
		if (got < 0) {
			iou__buf_recycle(req, &sel);
			return (int)got;
		}
		if (msg) {
			o.namelen = fromlen;
			o.payloadlen = (mflags & MSG_TRUNC) ? dlen
							    : (uint32_t)got;
			o.flags = got_flags;
			memcpy(sel.addr, &o, sizeof(o));
			memcpy((char *)sel.addr + sizeof(o), &from,
			       fromlen < namelen ? fromlen : namelen);
			got += (ssize_t)hdr;
		}
		cflags = iou__buf_recv_end(req, &sel, got) |
			 dgram_nonempty(sim, sk);
		/* an empty message is the end, as EOF (io_recv_finish) */
		if (got == (ssize_t)hdr) {
			req->cflags = cflags;
			return (int)got;
		}
		if (iou__net_mshot_post(req, (int32_t)got, cflags))
			return (int)got;
	}
}

int iou__dgram_recv_issue(struct iou__req *req, struct iou__sock *sk,
			  const struct iovec *iov, uint32_t niov,
			  uint32_t mflags, int rw)
{
	struct iou_sim *sim = sim_of(req);
	int select = (req->flags & IOU_SQE_BUFFER_SELECT) != 0;
	struct msghdr *m = NULL;
	struct sockaddr *name = NULL;
	socklen_t namelen = 0;
	uint32_t got_flags = 0;
	struct iou__bsel sel;
	struct iovec one;
	ssize_t got;
	int ret;

	if (!rw && (req->sqe.ioprio & IOU_RECV_MULTISHOT))
		return dgram_multishot(req, sk);
	if (!sk->dq_n)
		return dgram_empty(req, sk, mflags, rw);
	if ((ret = net_fault(req, sk, mflags)))
		return rw ? iou__sock_read_end(req, ret) : ret;

	if (!rw && req->opcode == IOU_OP_RECVMSG) {
		m = (struct msghdr *)(uintptr_t)req->sqe.addr;
		name = m->msg_name;
		namelen = name ? m->msg_namelen : 0;
	}
	if (select) {
		size_t want = req->sqe.len;

		if (m)
			want = niov ? iov[0].iov_len : 0;
		if ((ret = iou__buf_select(req, &sel, &want)))
			return ret;
		one.iov_base = sel.addr;
		one.iov_len = want;
		iov = &one;
		niov = 1;
	}
	got = iou__dgram_recv(sim, sk, iov, niov,
			      rw ? 0 : (int)(mflags & (MSG_PEEK | MSG_TRUNC)),
			      name, name ? &namelen : NULL, &got_flags);
	if (select && !rw)
		req->cflags = iou__buf_recv_end(req, &sel, got);
	else if (select)
		req->cflags = got < 0 ? iou__buf_failed(req, &sel, 1)
				      : iou__buf_commit_n(req, &sel, (size_t)got);
	if (got < 0)
		return (int)got;
	if (rw) {
		if ((size_t)got < iou__iov_total(iov, niov))
			req->fail_link = 1;
		return (int)got;
	}
	req->cflags |= dgram_nonempty(sim, sk);
	if (m) {
		if (name)
			m->msg_namelen = namelen;
		m->msg_controllen = 0;
		m->msg_flags = (int)got_flags;
	}
	return (int)got;
}

int iou__dgram_send_issue(struct iou__req *req, struct iou__sock *sk,
			  const struct iovec *iov, uint32_t niov,
			  uint32_t mflags, struct iou__req *defer)
{
	const struct iou_sqe *sqe = &req->sqe;
	const struct sockaddr *to = NULL;
	socklen_t tolen = 0;
	struct iou__sock *w;
	ssize_t put;
	int ret;

	if (is_msg(req)) {
		const struct msghdr *m =
			(const struct msghdr *)(uintptr_t)sqe->addr;

		to = m->msg_name;
		tolen = to ? m->msg_namelen : 0;
	} else if (req->u.net.to) {
		/* SEND/SEND_ZC's addr2, copied at prep */
		to = req->u.net.to;
		tolen = req->u.net.tolen;
	}
	if ((ret = net_fault(req, sk, mflags)))
		return ret;
	put = iou__dgram_send_zc(sim_of(req), sk, iov, niov, to, tolen, &w,
				 defer);
	if (put == -EAGAIN && w && !(mflags & MSG_DONTWAIT))
		return park(req, w, SEND_OUT);
	return (int)put;
}

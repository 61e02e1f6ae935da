/* echo.c — the echo server module (see echo.h): request identity in
 * user_data, CQE handlers that only update state, and one sweep per step
 * that turns state into requests (accept, recv, send_zc, cancel, close;
 * in UDP mode recvmsg and sendmsg_zc on the one datagram socket). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "echo.h"

/* user_data: type in bits 56..63, generation in 32..55, connection slot in
 * 16..31, buffer id (send) or arming count (recv) in 0..15. The generation
 * tells a CQE for a slot's previous connection (or the accept's previous
 * arming) from a live one; the arming count does the same for a re-armed
 * recv. */
enum req_type {
	REQ_ACCEPT = 1,
	REQ_RECV = 2,
	REQ_SEND = 3,
	REQ_CANCEL = 4,
};

#define UD_GEN_MASK 0xffffffU
#define SLOT_ACCEPT 0xffffU  /* slot of the accept's cancel */
#define CQE_BATCH 64

static uint64_t ud_make(enum req_type type, uint32_t gen, unsigned slot,
			unsigned bid)
{
	return (uint64_t)type << 56 | (uint64_t)(gen & UD_GEN_MASK) << 32 |
	       (uint64_t)(slot & 0xffffU) << 16 | (bid & 0xffffU);
}

static enum req_type ud_type(uint64_t ud)
{
	return (enum req_type)(ud >> 56);
}

static uint32_t ud_gen(uint64_t ud)
{
	return (uint32_t)(ud >> 32) & UD_GEN_MASK;
}

static unsigned ud_slot(uint64_t ud)
{
	return (unsigned)(ud >> 16) & 0xffffU;
}

static unsigned ud_bid(uint64_t ud)
{
	return (unsigned)ud & 0xffffU;
}

/* ---- Buffers ----------------------------------------------------------- */

static unsigned char *buf_addr(struct echo_server *s, unsigned bid)
{
	return s->mem + (size_t)bid * s->opts.buf_size;
}

/* Hands buffer bid back to the kernel's buffer ring. */
static void buf_recycle(struct echo_server *s, unsigned bid)
{
	struct echo_buf *b = &s->bufs[bid];

	if (b->state == ECHO_BUF_KERNEL) {
		s->stats.protocol_errors++;  /* recycled twice */
		return;
	}
	if (b->notifs)
		s->stats.early_reuse++;  /* a send_zc may still read it */
	b->state = ECHO_BUF_KERNEL;
	b->len = 0;
	b->sent = 0;
	b->next = -1;
	iou_buf_ring_add(s->br, buf_addr(s, bid), s->opts.buf_size,
			 (unsigned short)bid, (int)s->br_mask, 0);
	iou_buf_ring_advance(s->br, 1);
	s->in_kernel++;
}

/* A buffer's last byte is sent: recycle it once no notification is owed
 * (or at once, with the catalogued bug switched on). */
static void buf_sent(struct echo_server *s, unsigned bid)
{
	struct echo_buf *b = &s->bufs[bid];

	b->state = ECHO_BUF_NOTIF_WAIT;
	if (!b->notifs || s->opts.bug == ECHO_BUG_RECYCLE_ON_FIRST_CQE)
		buf_recycle(s, bid);
}

/* Takes buffer bid from a recv CQE: the kernel must have owned it. Returns
 * 0, or -1 after counting a violation. */
static int buf_take(struct echo_server *s, unsigned bid)
{
	if (bid >= s->opts.nbufs || s->bufs[bid].state != ECHO_BUF_KERNEL) {
		s->stats.protocol_errors++;
		return -1;
	}
	if (s->bufs[bid].notifs)
		s->stats.early_reuse++;  /* received into while still sending */
	s->bufs[bid].state = ECHO_BUF_QUEUED;
	s->in_kernel--;
	return 0;
}

/* ---- Connection queues ------------------------------------------------- */

static void conn_enqueue(struct echo_server *s, struct echo_conn *c,
			 unsigned bid)
{
	s->bufs[bid].next = -1;
	if (c->q_tail < 0)
		c->q_head = (int)bid;
	else
		s->bufs[c->q_tail].next = (int)bid;
	c->q_tail = (int)bid;
}

static unsigned conn_dequeue(struct echo_server *s, struct echo_conn *c)
{
	unsigned bid = (unsigned)c->q_head;

	c->q_head = s->bufs[bid].next;
	if (c->q_head < 0)
		c->q_tail = -1;
	s->bufs[bid].next = -1;
	return bid;
}

/* Drops every queued buffer but the one a send is in flight from (after
 * an error: the peer will not get them). */
static void conn_drop_queue(struct echo_server *s, struct echo_conn *c)
{
	int bid = c->q_head;

	c->q_head = c->q_tail = -1;
	while (bid >= 0) {
		int next = s->bufs[bid].next;

		if (bid == c->send_bid)
			conn_enqueue(s, c, (unsigned)bid);
		else
			buf_sent(s, (unsigned)bid);
		bid = next;
	}
}

static void conn_fail(struct echo_server *s, struct echo_conn *c, int err)
{
	if (!c->error) {
		c->error = err;
		if (!s->stopping)
			s->stats.conn_errors++;
	}
	c->eof = 1;
}

static struct echo_conn *conn_lookup(struct echo_server *s, uint64_t ud)
{
	unsigned slot = ud_slot(ud);
	struct echo_conn *c;

	if (slot >= s->opts.max_conns)
		return NULL;
	c = &s->conns[slot];
	if (c->fd < 0 || (c->gen & UD_GEN_MASK) != ud_gen(ud))
		return NULL;
	return c;
}

/* ---- Queuing requests -------------------------------------------------- */

/* The next SQE, submitting once to make room. NULL when the SQ stays
 * full; the sweep then retries on the next step. */
static struct iou_sqe *get_sqe(struct echo_server *s)
{
	struct iou_sqe *sqe = iou_get_sqe(s->ring);

	if (!sqe) {
		iou_submit(s->ring);
		sqe = iou_get_sqe(s->ring);
	}
	return sqe;
}

static int queue_accept(struct echo_server *s)
{
	struct iou_sqe *sqe = get_sqe(s);

	if (!sqe)
		return -EBUSY;
	s->accept_gen++;
	iou_prep_multishot_accept(sqe, s->listen_fd, NULL, NULL, 0);
	iou_sqe_set_data64(sqe, ud_make(REQ_ACCEPT, s->accept_gen, 0, 0));
	s->accept_armed = 1;
	s->outstanding++;
	return 0;
}

static int queue_recv(struct echo_server *s, struct echo_conn *c)
{
	struct iou_sqe *sqe = get_sqe(s);

	if (!sqe)
		return -EBUSY;
	if (s->opts.udp)
		iou_prep_recvmsg_multishot(sqe, c->fd, &s->udp_msg, 0);
	else
		iou_prep_recv_multishot(sqe, c->fd, NULL, 0, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, s->opts.bgid);
	c->recv_gen++;
	iou_sqe_set_data64(sqe, ud_make(REQ_RECV, c->gen,
					(unsigned)(c - s->conns), c->recv_gen));
	c->recv_armed = 1;
	c->recv_starved = 0;
	s->outstanding++;
	return 0;
}

/* Sends the unsent rest of the connection's head buffer with send_zc. */
static int queue_send(struct echo_server *s, struct echo_conn *c)
{
	unsigned bid = (unsigned)c->q_head;
	struct echo_buf *b = &s->bufs[bid];
	struct iou_sqe *sqe = get_sqe(s);

	if (!sqe)
		return -EBUSY;
	if (s->opts.udp)  /* the whole datagram, to its sender */
		iou_prep_sendmsg_zc(sqe, c->fd, &b->msg, MSG_NOSIGNAL);
	else
		iou_prep_send_zc(sqe, c->fd, buf_addr(s, bid) + b->sent,
				 b->len - b->sent, MSG_NOSIGNAL,
				 IOU_SEND_ZC_REPORT_USAGE);
	iou_sqe_set_data64(sqe, ud_make(REQ_SEND, c->gen,
					(unsigned)(c - s->conns), bid));
	b->state = ECHO_BUF_SENDING;
	c->send_bid = (int)bid;
	s->stats.sends++;
	s->outstanding++;
	return 0;
}

/* Cancels every request on the connection's fd (recv and send). */
static int queue_cancel_conn(struct echo_server *s, struct echo_conn *c)
{
	struct iou_sqe *sqe = get_sqe(s);

	if (!sqe)
		return -EBUSY;
	iou_prep_cancel_fd(sqe, c->fd, IOU_ASYNC_CANCEL_ALL);
	iou_sqe_set_data64(sqe, ud_make(REQ_CANCEL, c->gen,
					(unsigned)(c - s->conns), 0));
	c->cancel_armed = 1;
	s->outstanding++;
	return 0;
}

static int queue_cancel_accept(struct echo_server *s)
{
	struct iou_sqe *sqe = get_sqe(s);

	if (!sqe)
		return -EBUSY;
	iou_prep_cancel64(sqe, ud_make(REQ_ACCEPT, s->accept_gen, 0, 0), 0);
	iou_sqe_set_data64(sqe, ud_make(REQ_CANCEL, s->accept_gen,
					SLOT_ACCEPT, 0));
	s->accept_cancel_armed = 1;
	s->outstanding++;
	return 0;
}

/* ---- The sweep: state to requests -------------------------------------- */

static int conn_drained(const struct echo_conn *c)
{
	return !c->recv_armed && c->send_bid < 0 && c->q_head < 0 &&
	       !c->notifs && !c->cancel_armed;
}

static void conn_close(struct echo_server *s, struct echo_conn *c)
{
	iou_sys_close(s->ring, c->fd);
	c->fd = -1;
	c->gen++;
	s->stats.closed++;
}

/* Queues what connection c needs next, or closes it once it is done. */
static void conn_sweep(struct echo_server *s, struct echo_conn *c)
{
	if (c->fd < 0)
		return;
	if (c->error) {
		conn_drop_queue(s, c);
		if ((c->recv_armed || c->send_bid >= 0) && !c->cancel_armed)
			queue_cancel_conn(s, c);
	}
	if (!c->eof && !c->recv_armed && !s->stopping &&
	    (!c->recv_starved || s->in_kernel > 0))
		queue_recv(s, c);
	if (c->send_bid < 0 && c->q_head >= 0 && !c->error)
		queue_send(s, c);
	if (c->eof && conn_drained(c))
		conn_close(s, c);
}

static void sweep(struct echo_server *s)
{
	if (!s->accept_armed && !s->stopping && s->listen_fd >= 0 &&
	    (s->opts.bug != ECHO_BUG_NO_REARM_ACCEPT || !s->accept_gen))
		queue_accept(s);
	if (s->stopping && s->accept_armed && !s->accept_cancel_armed)
		queue_cancel_accept(s);
	for (unsigned i = 0; i < s->opts.max_conns; i++)
		conn_sweep(s, &s->conns[i]);
}

/* ---- CQE handlers: CQE to state ---------------------------------------- */

static void conn_open(struct echo_server *s, int fd)
{
	for (unsigned i = 0; i < s->opts.max_conns; i++) {
		struct echo_conn *c = &s->conns[i];

		if (c->fd >= 0)
			continue;
		if (s->opts.sndbuf)
			iou_sys_setsockopt(s->ring, fd, SOL_SOCKET, SO_SNDBUF,
					   &s->opts.sndbuf,
					   sizeof(s->opts.sndbuf));
		c->fd = fd;
		c->recv_armed = c->recv_starved = c->eof = 0;
		c->error = c->cancel_armed = 0;
		c->send_bid = c->q_head = c->q_tail = -1;
		c->notifs = 0;
		s->stats.accepted++;
		return;
	}
	iou_sys_close(s->ring, fd);
	s->stats.rejected++;
}

static void handle_accept(struct echo_server *s, const struct iou_cqe *cqe)
{
	if (ud_gen(cqe->user_data) != (s->accept_gen & UD_GEN_MASK) ||
	    !s->accept_armed) {
		s->stats.protocol_errors++;  /* CQE after the last one */
		if (cqe->res >= 0)
			iou_sys_close(s->ring, cqe->res);
		return;
	}
	if (cqe->res >= 0) {
		if (s->stopping)
			iou_sys_close(s->ring, cqe->res);
		else
			conn_open(s, cqe->res);
	}
	if (iou_cqe_has_more(cqe))
		return;
	s->accept_armed = 0;
	s->outstanding--;
	if (!s->stopping && s->opts.bug != ECHO_BUG_NO_REARM_ACCEPT)
		s->stats.rearm_accept++;
}

/* A signal or a would-block: the request is worth making again, the
 * connection is fine. */
static int transient(int res)
{
	return res == -EINTR || res == -EAGAIN;
}

/* A recv CQE for a connection that is gone: give its buffer back. */
static void handle_stale_recv(struct echo_server *s, const struct iou_cqe *cqe)
{
	int bid = iou_cqe_buffer_id(cqe);

	s->stats.protocol_errors++;
	if (bid >= 0 && buf_take(s, (unsigned)bid) == 0)
		buf_recycle(s, (unsigned)bid);
}

/* UDP: the recvmsg CQE put res bytes in buffer bid (header, name,
 * payload); readies the echo to the sender. Returns 1 when there is a
 * payload to echo, 0 when not (the buffer goes back). */
static int udp_datagram(struct echo_server *s, unsigned bid, int res)
{
	unsigned char *p = buf_addr(s, bid);
	struct echo_buf *b = &s->bufs[bid];
	struct iou_recvmsg_out out;
	unsigned name = s->udp_msg.msg_namelen;

	if ((unsigned)res < sizeof(out) + name ||
	    (unsigned)res > s->opts.buf_size) {
		s->stats.protocol_errors++;  /* the kernel broke the layout */
		return 0;
	}
	memcpy(&out, p, sizeof(out));
	if (out.controllen || out.payloadlen > res - sizeof(out) - name) {
		s->stats.protocol_errors++;
		return 0;
	}
	if (out.flags & MSG_TRUNC)
		s->stats.truncated++;
	if (!out.payloadlen || !out.namelen)
		return 0;
	b->off = (unsigned)(sizeof(out) + name);
	b->len = out.payloadlen;
	b->sent = 0;
	b->iov.iov_base = p + b->off;
	b->iov.iov_len = b->len;
	memset(&b->msg, 0, sizeof(b->msg));
	b->msg.msg_name = p + sizeof(out);
	b->msg.msg_namelen = out.namelen < name ? out.namelen : name;
	b->msg.msg_iov = &b->iov;
	b->msg.msg_iovlen = 1;
	s->stats.bytes_received += b->len;
	return 1;
}

static void handle_recv(struct echo_server *s, const struct iou_cqe *cqe)
{
	struct echo_conn *c = conn_lookup(s, cqe->user_data);
	int bid = iou_cqe_buffer_id(cqe);

	if (!c || !c->recv_armed || ud_bid(cqe->user_data) != c->recv_gen) {
		handle_stale_recv(s, cqe);
		return;
	}
	if (bid >= 0 && buf_take(s, (unsigned)bid) == 0) {
		if (s->opts.udp) {
			if (cqe->res > 0 && !c->error &&
			    udp_datagram(s, (unsigned)bid, cqe->res))
				conn_enqueue(s, c, (unsigned)bid);
			else
				buf_recycle(s, (unsigned)bid);
		} else if (cqe->res > 0 && !c->error) {
			s->bufs[bid].len = (unsigned)cqe->res;
			s->bufs[bid].sent = 0;
			conn_enqueue(s, c, (unsigned)bid);
			s->stats.bytes_received += (unsigned)cqe->res;
		} else {
			buf_recycle(s, (unsigned)bid);
		}
	}
	if (cqe->res == 0 && !s->opts.udp)
		c->eof = 1;
	else if (cqe->res == -ENOBUFS)
		s->stats.enobufs++;
	else if (transient(cqe->res))
		s->stats.transient++;  /* re-armed below, like any end */
	else if (cqe->res < 0 && cqe->res != -ECANCELED)
		conn_fail(s, c, cqe->res);
	if (iou_cqe_has_more(cqe))
		return;
	c->recv_armed = 0;
	s->outstanding--;
	if (cqe->res == -ENOBUFS)
		c->recv_starved = 1;
	if (!c->eof && !s->stopping)
		s->stats.rearm_recv++;
}

static void handle_notif(struct echo_server *s, struct echo_conn *c,
			 const struct iou_cqe *cqe)
{
	unsigned bid = ud_bid(cqe->user_data);
	struct echo_buf *b = &s->bufs[bid];

	s->outstanding--;
	s->stats.notifs++;
	if ((uint32_t)cqe->res & IOU_NOTIF_USAGE_ZC_COPIED)
		s->stats.zc_copied++;
	if (!c->notifs || !b->notifs) {
		s->stats.protocol_errors++;  /* notification without F_MORE */
		return;
	}
	c->notifs--;
	b->notifs--;
	if (b->state == ECHO_BUF_NOTIF_WAIT && !b->notifs)
		buf_recycle(s, bid);
}

static void handle_send(struct echo_server *s, const struct iou_cqe *cqe)
{
	struct echo_conn *c = conn_lookup(s, cqe->user_data);
	unsigned bid = ud_bid(cqe->user_data);
	struct echo_buf *b;

	if (!c || bid >= s->opts.nbufs) {
		s->stats.protocol_errors++;
		return;
	}
	if (iou_cqe_is_notif(cqe)) {
		handle_notif(s, c, cqe);
		return;
	}
	b = &s->bufs[bid];
	if (c->send_bid != (int)bid || b->state != ECHO_BUF_SENDING) {
		s->stats.protocol_errors++;
		return;
	}
	s->outstanding--;
	c->send_bid = -1;
	b->state = ECHO_BUF_QUEUED;
	if (iou_cqe_has_more(cqe)) {
		s->outstanding++;
		c->notifs++;
		b->notifs++;
	}
	if (transient(cqe->res)) {
		s->stats.transient++;  /* the sweep sends the rest again */
		return;
	}
	if (cqe->res < 0 && s->opts.udp) {
		/* the datagram is lost; the socket serves on */
		s->stats.conn_errors++;
		conn_dequeue(s, c);
		buf_sent(s, bid);
		return;
	}
	if (cqe->res < 0) {
		conn_fail(s, c, cqe->res);
		return;
	}
	if (s->opts.udp && (unsigned)cqe->res != b->len) {
		s->stats.protocol_errors++;  /* a datagram goes whole */
		b->sent = b->len - (unsigned)cqe->res;
	}
	b->sent += (unsigned)cqe->res;
	s->stats.bytes_echoed += (unsigned)cqe->res;
	if (b->sent < b->len) {
		s->stats.short_sends++;  /* the sweep sends the rest */
		return;
	}
	conn_dequeue(s, c);
	buf_sent(s, bid);
}

static void handle_cancel(struct echo_server *s, const struct iou_cqe *cqe)
{
	struct echo_conn *c;

	s->outstanding--;
	if (ud_slot(cqe->user_data) == SLOT_ACCEPT) {
		s->accept_cancel_armed = 0;
		return;
	}
	c = conn_lookup(s, cqe->user_data);
	if (!c) {
		s->stats.protocol_errors++;
		return;
	}
	c->cancel_armed = 0;
}

static void handle_cqe(struct echo_server *s, const struct iou_cqe *cqe)
{
	switch (ud_type(cqe->user_data)) {
	case REQ_ACCEPT:
		handle_accept(s, cqe);
		break;
	case REQ_RECV:
		handle_recv(s, cqe);
		break;
	case REQ_SEND:
		handle_send(s, cqe);
		break;
	case REQ_CANCEL:
		handle_cancel(s, cqe);
		break;
	default:
		s->stats.protocol_errors++;
		break;
	}
}

/* ---- Public ------------------------------------------------------------ */

static int opts_fill(struct echo_opts *o, const struct echo_opts *in)
{
	if (in)
		*o = *in;
	else
		memset(o, 0, sizeof(*o));
	if (!o->max_conns)
		o->max_conns = 16;
	if (!o->nbufs)
		o->nbufs = 64;
	if (!o->buf_size)
		o->buf_size = 4096;
	if (!o->backlog)
		o->backlog = 64;
	if (o->max_conns > ECHO_MAX_CONNS || o->nbufs > ECHO_MAX_BUFS ||
	    (o->nbufs & (o->nbufs - 1)) || o->bgid < 0 || o->bgid > 0xffff ||
	    (o->udp && o->buf_size <= ECHO_UDP_OVERHEAD))
		return -EINVAL;
	return 0;
}

/* UDP mode: the datagram socket, bound to addr, is connection slot 0. */
static int udp_open(struct echo_server *s, const struct sockaddr *addr,
		    socklen_t len)
{
	int one = 1, fd, ret;

	fd = iou_sys_socket(s->ring, addr->sa_family, SOCK_DGRAM, 0);
	if (fd < 0)
		return fd;
	ret = 0;
	if (s->opts.reuseaddr)
		ret = iou_sys_setsockopt(s->ring, fd, SOL_SOCKET, SO_REUSEADDR,
					 &one, sizeof(one));
	if (!ret)
		ret = iou_sys_bind(s->ring, fd, addr, len);
	if (ret < 0) {
		iou_sys_close(s->ring, fd);
		return ret;
	}
	memset(&s->udp_msg, 0, sizeof(s->udp_msg));
	s->udp_msg.msg_namelen = sizeof(struct sockaddr_in6);
	conn_open(s, fd);
	return 0;
}

static int listen_open(struct echo_server *s, const struct sockaddr *addr,
		       socklen_t len)
{
	int one = 1, fd, ret;

	if (s->opts.udp)
		return udp_open(s, addr, len);
	fd = iou_sys_socket(s->ring, addr->sa_family, SOCK_STREAM, 0);
	if (fd < 0)
		return fd;
	ret = 0;
	if (s->opts.reuseaddr)
		ret = iou_sys_setsockopt(s->ring, fd, SOL_SOCKET, SO_REUSEADDR,
					 &one, sizeof(one));
	if (!ret)
		ret = iou_sys_bind(s->ring, fd, addr, len);
	if (!ret)
		ret = iou_sys_listen(s->ring, fd, s->opts.backlog);
	if (ret < 0) {
		iou_sys_close(s->ring, fd);
		return ret;
	}
	s->listen_fd = fd;
	return 0;
}

static int bufs_setup(struct echo_server *s)
{
	int err;

	s->mem = malloc((size_t)s->opts.nbufs * s->opts.buf_size);
	if (!s->mem)
		return -ENOMEM;
	s->br = iou_setup_buf_ring(s->ring, s->opts.nbufs, s->opts.bgid, 0,
				   &err);
	if (!s->br) {
		free(s->mem);
		s->mem = NULL;
		return err;
	}
	s->br_mask = s->opts.nbufs - 1;
	for (unsigned i = 0; i < s->opts.nbufs; i++) {
		s->bufs[i].state = ECHO_BUF_QUEUED;  /* recycle wants app-owned */
		s->bufs[i].notifs = 0;
		buf_recycle(s, i);
	}
	return 0;
}

/* Multishot recv and send_zc both came with 6.0, so a kernel whose probe
 * has SEND_ZC has both. Without them every connection would be accepted
 * and then fail (5.19 has multishot accept and buf_rings, not these). */
static int kernel_check(struct iou *ring, int udp)
{
	int ret = iou_ring_opcode_supported(ring, udp ? IOU_OP_SENDMSG_ZC
						      : IOU_OP_SEND_ZC);

	if (ret < 0 && ret != -EOPNOTSUPP && ret != -EINVAL)
		return ret;
	return ret > 0 ? 0 : -EOPNOTSUPP;
}

int echo_server_start(struct echo_server *s, struct iou *ring,
		      const struct sockaddr *addr, socklen_t len,
		      const struct echo_opts *opts)
{
	int ret;

	if (!s || !ring || !addr)
		return -EINVAL;
	memset(s, 0, sizeof(*s));
	s->ring = ring;
	s->listen_fd = -1;
	for (unsigned i = 0; i < ECHO_MAX_CONNS; i++)
		s->conns[i].fd = -1;
	ret = opts_fill(&s->opts, opts);
	if (!ret)
		ret = kernel_check(ring, s->opts.udp);
	if (!ret)
		ret = bufs_setup(s);
	if (ret)
		return ret;
	ret = listen_open(s, addr, len);
	if (ret) {
		iou_free_buf_ring(ring, s->br, s->opts.nbufs, s->opts.bgid);
		free(s->mem);
		s->mem = NULL;
		return ret;
	}
	sweep(s);
	return 0;
}

int echo_server_addr(struct echo_server *s, struct sockaddr *addr,
		     socklen_t *len)
{
	int fd = s && s->opts.udp ? s->conns[0].fd : s ? s->listen_fd : -1;

	if (fd < 0)
		return -EBADF;
	return iou_sys_getsockname(s->ring, fd, addr, len);
}

unsigned echo_server_conns(const struct echo_server *s)
{
	unsigned n = 0;

	for (unsigned i = 0; i < s->opts.max_conns; i++)
		n += s->conns[i].fd >= 0;
	return n;
}

/* Submits and waits as echo_server_step describes. Returns 0 or -errno
 * that is not worth retrying. */
static int submit_wait(struct echo_server *s, unsigned wait_nr,
		       struct iou_timespec *ts)
{
	struct iou_cqe *cqe;
	int ret;

	if (!wait_nr)
		ret = iou_submit(s->ring);
	else if (ts)
		ret = iou_submit_and_wait_timeout(s->ring, &cqe, wait_nr, ts);
	else
		ret = iou_submit_and_wait(s->ring, wait_nr);
	if (ret == -ETIME || ret == -EINTR || ret == -EAGAIN || ret == -EBUSY)
		return 0;
	return ret < 0 ? ret : 0;
}

int echo_server_step(struct echo_server *s, unsigned wait_nr,
		     struct iou_timespec *ts)
{
	struct iou_cqe cqes[CQE_BATCH];
	int handled = 0, n, ret;

	sweep(s);
	ret = submit_wait(s, wait_nr, ts);
	if (ret < 0)
		return ret;
	do {
		n = iou_copy_cqes(s->ring, cqes, CQE_BATCH, 0);
		if (n == -EINTR || n == -EAGAIN || n == -EBUSY)
			break;
		if (n < 0)
			return n;
		for (int i = 0; i < n; i++)
			handle_cqe(s, &cqes[i]);
		handled += n;
	} while (n == CQE_BATCH);
	sweep(s);
	ret = iou_submit(s->ring);
	if (ret < 0 && ret != -EINTR && ret != -EAGAIN && ret != -EBUSY)
		return ret;
	return handled;
}

static int all_closed(const struct echo_server *s)
{
	return echo_server_conns(s) == 0;
}

int echo_server_stop(struct echo_server *s)
{
	int ret = 0, err;

	s->stopping = 1;
	for (unsigned i = 0; i < s->opts.max_conns; i++)
		if (s->conns[i].fd >= 0)
			conn_fail(s, &s->conns[i], -ESHUTDOWN);
	while (s->outstanding || !all_closed(s)) {
		err = echo_server_step(s, s->outstanding ? 1 : 0, NULL);
		if (err < 0) {
			ret = err;
			break;
		}
		if (!err && !s->outstanding && !all_closed(s)) {
			ret = -EPROTO;  /* a connection can never drain */
			break;
		}
	}
	for (unsigned i = 0; i < s->opts.max_conns; i++)
		if (s->conns[i].fd >= 0)
			conn_close(s, &s->conns[i]);
	if (s->listen_fd >= 0)
		iou_sys_close(s->ring, s->listen_fd);
	s->listen_fd = -1;
	err = iou_free_buf_ring(s->ring, s->br, s->opts.nbufs, s->opts.bgid);
	if (err < 0 && !ret)
		ret = err;
	s->br = NULL;
	free(s->mem);
	s->mem = NULL;
	return ret;
}

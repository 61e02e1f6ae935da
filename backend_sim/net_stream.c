/* net_stream.c — the bytes of the sim's stream sockets: one receive ring
 * per socket (grown amortized, so steady-state traffic allocates nothing),
 * zero-copy holes filled from the sender's buffer, send and receive,
 * readiness (poll) and wake-ups, shutdown, and the end of a peer (FIN or
 * reset). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/un.h>

#include "net.h"
#include "world.h"

static int rx_reserve(struct iou__sock *sk, uint32_t need)
{
	uint32_t cap;
	uint8_t *nb;

	if (need <= sk->rx_cap)
		return 0;
	cap = sk->rx_cap ? sk->rx_cap : 4096;
	while (cap < need)
		cap *= 2;
	nb = malloc(cap);
	if (!nb)
		return -ENOMEM;
	if (sk->rx_len) {
		uint32_t first = sk->rx_cap - sk->rx_head;

		if (first > sk->rx_len)
			first = sk->rx_len;
		memcpy(nb, sk->rx + sk->rx_head, first);
		memcpy(nb + first, sk->rx, sk->rx_len - first);
	}
	free(sk->rx);
	sk->rx = nb;
	sk->rx_cap = cap;
	sk->rx_head = 0;
	return 0;
}

/* Writes n bytes at offset off past the head (within rx_len + n). */
static void rx_put(struct iou__sock *sk, uint32_t off, const uint8_t *src,
		   uint32_t n)
{
	uint32_t pos = (sk->rx_head + off) % sk->rx_cap;
	uint32_t first = sk->rx_cap - pos;

	if (first > n)
		first = n;
	memcpy(sk->rx + pos, src, first);
	memcpy(sk->rx, src + first, n - first);
}

static void rx_get(const struct iou__sock *sk, uint32_t off, uint8_t *dst,
		   uint32_t n)
{
	uint32_t pos = (sk->rx_head + off) % sk->rx_cap;
	uint32_t first = sk->rx_cap - pos;

	if (first > n)
		first = n;
	memcpy(dst, sk->rx + pos, first);
	memcpy(dst + first, sk->rx, n - first);
}

/* Copies fill i into the stream (zeros when src is gone) and drops it. */
static void fill_apply_from(struct iou__sock *sk, uint32_t i, int zero)
{
	struct iou__zcfill *z = &sk->fills[i];
	struct iou__req *notif = z->notif;

	if (zero) {
		for (uint32_t k = 0; k < z->len; k++)
			rx_put(sk, (uint32_t)(z->seq - sk->rx_seq) + k,
			       (const uint8_t *)"", 1);
	} else {
		rx_put(sk, (uint32_t)(z->seq - sk->rx_seq), z->src, z->len);
	}
	memmove(&sk->fills[i], &sk->fills[i + 1],
		(sk->nfills - i - 1) * sizeof(*sk->fills));
	sk->nfills--;
	/* the notification forgets sk once none of its bytes wait here */
	for (uint32_t k = 0; k < sk->nfills; k++)
		if (sk->fills[k].notif == notif)
			return;
	notif->u.net.sk = NULL;
}

static void fill_apply(struct iou__sock *sk, uint32_t i)
{
	fill_apply_from(sk, i, 0);
}

/* The reader is about to look at n bytes: the sender's buffers are read
 * now for any zero-copy bytes among them. */
static void fills_before_read(struct iou__sock *sk, uint32_t n)
{
	while (sk->nfills && sk->fills[0].seq < sk->rx_seq + n)
		fill_apply(sk, 0);
}

void iou__sock_fill_notif(struct iou_sim *sim, struct iou__sock *sk,
			  struct iou__req *notif)
{
	(void)sim;
	if (sk->type != SOCK_STREAM) {
		iou__dgram_fill_notif(sk, notif, 0);
		return;
	}
	for (uint32_t i = 0; i < sk->nfills;) {
		if (sk->fills[i].notif == notif)
			fill_apply(sk, i);
		else
			i++;
	}
}

void iou__sock_drop_notif(struct iou__sock *sk, struct iou__req *notif)
{
	if (sk->type != SOCK_STREAM) {
		iou__dgram_fill_notif(sk, notif, 1);
		return;
	}
	for (uint32_t i = 0; i < sk->nfills;) {
		if (sk->fills[i].notif == notif)
			fill_apply_from(sk, i, 1);
		else
			i++;
	}
}

static int fill_add(struct iou__sock *sk, uint64_t seq, const void *src,
		    uint32_t len, struct iou__req *notif)
{
	if (sk->nfills == sk->capfills) {
		uint32_t cap = sk->capfills ? sk->capfills * 2 : 8;
		struct iou__zcfill *nf = realloc(sk->fills, cap * sizeof(*nf));

		if (!nf)
			return -ENOMEM;
		sk->fills = nf;
		sk->capfills = cap;
	}
	sk->fills[sk->nfills].seq = seq;
	sk->fills[sk->nfills].len = len;
	sk->fills[sk->nfills].src = src;
	sk->fills[sk->nfills].notif = notif;
	sk->nfills++;
	notif->u.net.sk = sk;
	return 0;
}

/* ---- stream I/O ------------------------------------------------------------------------ */

uint32_t iou__sock_readable(const struct iou__sock *sk)
{
	return sk->rx_len - sk->inflight;
}

/* The receive room of a stream socket: SO_RCVBUF, or the default; bytes
 * in flight count against it. */
static uint32_t rx_room(const struct iou__sock *p)
{
	uint32_t cap = p->rcvbuf ? p->rcvbuf : IOU__SOCK_BUF;

	return p->rx_len < cap ? cap - p->rx_len : 0;
}

uint32_t iou__sock_room(const struct iou__sock *sk)
{
	if (!sk->peer)
		return 0;
	return rx_room(sk->peer);
}

/* ---- bytes in flight ------------------------------------------------------ */

#define DELIVER_NS 1000U /* a hop on the virtual clock */

static int deliver_issue(struct iou__req *c)
{
	(void)c;
	return -EINVAL; /* never issued: it only waits on the clock */
}

/* n bytes in flight to sk arrive (the oldest first). */
static void arrive(struct iou_sim *sim, struct iou__sock *sk, uint32_t n)
{
	if (n > sk->inflight)
		n = sk->inflight;
	if (!n)
		return;
	sk->inflight -= n;
	IOU__TRACE(sim, "net s%llu arrive %u\n", (unsigned long long)sk->id,
		   n);
	iou__sock_wake(sim, sk, IOU__POLLIN | IOU__POLLRDNORM);
}

static void deliver_timer(struct iou__req *c)
{
	struct iou_sim *sim = c->ring->sim;

	iou__list_del(&c->lnode);
	if (c->u.net.sk)
		arrive(sim, c->u.net.sk, (uint32_t)c->u.net.done);
	iou__req_free(sim, c);
}

static const struct iou__op deliver_op = {
	.name = "DELIVER",
	.since = IOU_KERNEL_VERSION(5, 1),
	.issue = deliver_issue,
	.timer = deliver_timer,
};

/* A carrier of n bytes to p, due at `at`; 0 or -ENOMEM. */
static int carrier(struct iou_sim *sim, struct iou__req *by,
		   struct iou__sock *p, uint32_t n, uint64_t at)
{
	struct iou__req *c = iou__req_alloc(sim);

	if (!c)
		return -ENOMEM;
	c->ring = by->ring;
	c->flags = 0;
	c->res = 0;
	c->op = &deliver_op;
	c->opcode = IOU_OP_NOP;
	c->user_data = 0;
	c->state = IOU__RS_LINKED;
	memset(&c->u.net, 0, sizeof(c->u.net));
	c->u.net.sk = p;
	c->u.net.done = n;
	iou__list_add_tail(&p->net->deliv, &c->lnode);
	iou__timer_arm(c, at);
	return 0;
}

/* The n bytes just queued on p are in flight, or arrive at once (choice
 * netdelay: 0 at once, 1 later, 2 later in two pieces). Returns whether
 * they arrived. */
static int in_flight(struct iou_sim *sim, struct iou__req *by,
		     struct iou__sock *p, uint32_t n)
{
	uint32_t c = iou__choose(sim, IOU__CH_NETDELAY, 3), k = n;

	if (!c)
		return 1;
	if (c == 2 && n > 1) {
		k = iou__choose(sim, IOU__CH_SHORTIO, n);
		if (!k)
			k = n / 2;
	}
	p->inflight += n;
	IOU__TRACE(sim, "net s%llu inflight %u\n", (unsigned long long)p->id,
		   n);
	if (carrier(sim, by, p, k, sim->now + DELIVER_NS) ||
	    (k < n && carrier(sim, by, p, n - k, sim->now + 2 * DELIVER_NS))) {
		arrive(sim, p, p->inflight); /* no memory: at once */
		return 0;
	}
	return 0;
}

void iou__sock_flush_inflight(struct iou_sim *sim, struct iou__sock *sk)
{
	if (sk->inflight)
		arrive(sim, sk, sk->inflight);
}

void iou__net_deliv_sring(struct iou__sring *r)
{
	struct iou_sim *sim = r->sim;
	struct iou__list *l, *p;

	if (!sim->net)
		return;
	l = &sim->net->deliv;
	for (p = l->next; p != l;) {
		struct iou__req *c = iou__container_of(p, struct iou__req,
						       lnode);

		p = p->next;
		if (c->ring != r)
			continue;
		iou__timer_disarm(c);
		deliver_timer(c);
	}
}

void iou__net_deliv_forget(struct iou__sock *sk)
{
	struct iou__list *l = &sk->net->deliv, *p;

	for (p = l->next; p != l; p = p->next) {
		struct iou__req *c = iou__container_of(p, struct iou__req,
						       lnode);

		if (c->u.net.sk == sk)
			c->u.net.sk = NULL;
	}
}

int iou__sock_empty(struct iou__sock *sk)
{
	if (sk->type == SOCK_DGRAM) {
		if (sk->err)
			return -iou__sock_take_err(sk);
		return sk->shut_rd ? 0 : -EAGAIN;
	}
	if (sk->state != IOU__SS_CONN)
		return -ENOTCONN;
	/* tcp_recvmsg's order: after the peer's FIN, 0 even with an error
	 * pending (SOCK_DONE), then the error, then our own shutdown */
	if (sk->fin)
		return 0;
	if (sk->err)
		return -iou__sock_take_err(sk);
	if (sk->rd_eof || sk->shut_rd)
		return 0;
	return -EAGAIN;
}

int iou__sock_take_err(struct iou__sock *sk)
{
	int e = sk->err;

	sk->err = 0;
	return e;
}

ssize_t iou__sock_send(struct iou_sim *sim, struct iou__sock *sk,
		       const struct iovec *iov, uint32_t niov, size_t max,
		       struct iou__req *notif)
{
	return iou__sock_send_by(sim, sk, iov, niov, max, notif, NULL);
}

ssize_t iou__sock_send_by(struct iou_sim *sim, struct iou__sock *sk,
			  const struct iovec *iov, uint32_t niov, size_t max,
			  struct iou__req *notif, struct iou__req *by)
{
	struct iou__sock *p = sk->peer;
	size_t total = iou__iov_total(iov, niov), done = 0;
	uint32_t room;

	if (sk->type != SOCK_STREAM) {
		struct iou__sock *w;

		return iou__dgram_send(sim, sk, iov, niov, NULL, 0, &w);
	}
	if (total > max)
		total = max;
	if (sk->err)
		return -iou__sock_take_err(sk);
	if (sk->state != IOU__SS_CONN)
		return sk->domain == AF_UNIX ? -ENOTCONN : -EPIPE;
	if (sk->shut_wr)
		return -EPIPE;
	if (!p) {
		/* The peer's file is gone: the first send still goes out,
		 * and the reset it provokes comes back (tcp: RST to data
		 * on a closed socket); after that -EPIPE. */
		if (sk->peer_closed && !sk->sent_dead && total) {
			/* the reset comes back to a socket in CLOSE_WAIT:
			 * EPIPE (tcp_reset) */
			sk->sent_dead = 1;
			sk->err = EPIPE;
			return (ssize_t)total;
		}
		return -EPIPE;
	}
	if (!total)
		return 0;
	room = rx_room(p);
	if (!room)
		return -EAGAIN;
	if (total > room)
		total = room;
	if (rx_reserve(p, p->rx_len + (uint32_t)total))
		return -ENOMEM;
	for (uint32_t i = 0; i < niov && done < total; i++) {
		size_t n = iov[i].iov_len;

		if (n > total - done)
			n = total - done;
		if (!n)
			continue;
		if (!iov[i].iov_base)
			return done ? (ssize_t)done : -EFAULT;
		if (notif) {
			if (fill_add(p, p->rx_seq + p->rx_len + done,
				     iov[i].iov_base, (uint32_t)n, notif))
				rx_put(p, p->rx_len + (uint32_t)done,
				       iov[i].iov_base, (uint32_t)n);
		} else {
			rx_put(p, p->rx_len + (uint32_t)done, iov[i].iov_base,
			       (uint32_t)n);
		}
		done += n;
	}
	p->rx_len += (uint32_t)done;
	if (!by || in_flight(sim, by, p, (uint32_t)done))
		iou__sock_wake(sim, p, IOU__POLLIN | IOU__POLLRDNORM);
	return (ssize_t)done;
}

ssize_t iou__sock_recv(struct iou_sim *sim, struct iou__sock *sk,
		       const struct iovec *iov, uint32_t niov, size_t max,
		       int flags)
{
	size_t total = iou__iov_total(iov, niov), done = 0;
	uint32_t n;

	if (sk->type != SOCK_STREAM)
		return iou__dgram_recv(sim, sk, iov, niov,
				       (flags & IOU__RECV_PEEK) ? MSG_PEEK : 0,
				       NULL, NULL, NULL);
	if (sk->state != IOU__SS_CONN)
		return -ENOTCONN;
	if (total > max)
		total = max;
	if (sk->rx_len == sk->inflight) {
		int e = iou__sock_empty(sk);

		return e == -EAGAIN && !total ? 0 : e;
	}
	n = sk->rx_len - sk->inflight;
	if (total < n)
		n = (uint32_t)total;
	fills_before_read(sk, n);
	for (uint32_t i = 0; i < niov && done < n; i++) {
		size_t k = iov[i].iov_len;

		if (k > n - done)
			k = n - done;
		if (!k)
			continue;
		if (!iov[i].iov_base)
			break;
		rx_get(sk, (uint32_t)done, iov[i].iov_base, (uint32_t)k);
		done += k;
	}
	if (!done && n)
		return -EFAULT;
	if (!(flags & IOU__RECV_PEEK)) {
		sk->rx_head = (sk->rx_head + (uint32_t)done) % sk->rx_cap;
		sk->rx_len -= (uint32_t)done;
		sk->rx_seq += done;
		if (sk->peer)
			iou__sock_wake(sim, sk->peer,
				       IOU__POLLOUT | IOU__POLLWRNORM);
	}
	return (ssize_t)done;
}

uint32_t iou__sock_poll(const struct iou__sock *sk)
{
	uint32_t m = 0;

	if (sk->type == SOCK_DGRAM)
		return iou__dgram_poll(sk);
	switch (sk->state) {
	case IOU__SS_LISTEN:
		return sk->aq_n ? IOU__POLLIN | IOU__POLLRDNORM : 0;
	case IOU__SS_NEW:
		/* tcp_poll of a closed socket (a refused non-blocking
		 * connect leaves its error) */
		return IOU__POLLOUT | IOU__POLLWRNORM | IOU__POLLHUP |
		       (sk->err ? IOU__POLLERR : 0);
	case IOU__SS_CONN:
		break;
	}
	if (sk->rx_len > sk->inflight || sk->dq_n || sk->rd_eof || sk->shut_rd)
		m |= IOU__POLLIN | IOU__POLLRDNORM;
	if (sk->rd_eof || sk->shut_rd)
		m |= IOU__POLLRDHUP;
	if (sk->err)
		m |= IOU__POLLERR;
	if (!sk->peer || sk->shut_wr ||
	    (sk->type == SOCK_STREAM ? rx_room(sk->peer) > 0
	     : iou__dgram_room(sk->peer) > IOU__DGRAM_COST(0)))
		m |= IOU__POLLOUT | IOU__POLLWRNORM;
	if ((sk->rd_eof || sk->shut_rd) && (!sk->peer || sk->shut_wr))
		m |= IOU__POLLHUP;
	return m;
}

void iou__epoll_kick(struct iou_sim *sim, struct iou__waitq *wq);

void iou__sock_wake(struct iou_sim *sim, struct iou__sock *sk, uint32_t mask)
{
	struct iou__list *p = sk->wq.head.next;

	sk->wq.gen++; /* an edge for epoll (issue 9), for the items
			 watching the key's direction */
	if (!(mask & ~IOU__WAKE_READ))
		sk->wq.gen_read++;
	else if (!(mask & ~IOU__WAKE_WRITE))
		sk->wq.gen_write++;
	if (sim->epolls)
		iou__epoll_kick(sim, &sk->wq);

	while (p != &sk->wq.head) {
		struct iou__req *req = iou__container_of(p, struct iou__req,
							 node);

		p = p->next;
		if (!(req->u.net.events & mask))
			continue;
		iou__list_del(&req->node);
		req->wq = NULL;
		req->state = IOU__RS_REISSUE;
		iou__runq_add(sim, req);
	}
}

/* The peer of x is gone, with a reset or an orderly end (a FIN). On a
 * reset (tcp_reset) the error is ECONNRESET, or EPIPE when the peer's FIN
 * came first; the bytes already queued stay readable, and no send goes
 * out any more (measured on 6.18). */
void iou__sock_peer_gone(struct iou_sim *sim, struct iou__sock *x, int reset)
{
	/* what the peer sent before it went arrives first */
	iou__sock_flush_inflight(sim, x);
	x->peer = NULL;
	x->peer_closed = 1;
	x->rd_eof = 1;
	if (reset) {
		x->err = x->fin ? EPIPE : ECONNRESET;
		x->sent_dead = 1;
	} else {
		x->fin = 1;
	}
	IOU__TRACE(sim, "net s%llu peer %s\n", (unsigned long long)x->id,
		   reset ? "reset" : "closed");
	iou__sock_wake(sim, x, IOU__WAKE_ALL);
}

void iou__sock_reset(struct iou_sim *sim, struct iou__sock *sk)
{
	struct iou__sock *p = sk->peer;

	if (p)
		iou__sock_peer_gone(sim, p, 1);
	iou__sock_peer_gone(sim, sk, 1);
	sk->err = 0; /* reported by the caller now */
}

int iou__sock_shutdown(struct iou_sim *sim, struct iou__sock *sk, int how)
{
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	if (sk->state == IOU__SS_LISTEN)
		return 0;
	if (sk->state != IOU__SS_CONN && !sk->dconn)
		return -ENOTCONN;
	IOU__TRACE(sim, "net s%llu shutdown %d\n", (unsigned long long)sk->id,
		   how);
	if (how != SHUT_WR)
		sk->shut_rd = 1;
	if (how != SHUT_RD && !sk->shut_wr) {
		sk->shut_wr = 1;
		if (sk->peer && sk->type != SOCK_DGRAM) {
			iou__sock_flush_inflight(sim, sk->peer);
			sk->peer->rd_eof = 1;
			sk->peer->fin = 1;
			iou__sock_wake(sim, sk->peer, IOU__WAKE_ALL);
		}
	}
	iou__sock_wake(sim, sk, IOU__WAKE_ALL);
	return 0;
}

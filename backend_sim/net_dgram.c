/* net_dgram.c — message sockets on the sim's loopback network: UDP over
 * AF_INET and AF_INET6, AF_UNIX SOCK_DGRAM and SOCK_SEQPACKET. Each keeps
 * a queue of whole messages with the sender's name; a message is never
 * split or merged. UDP finds its receiver by port at each send: nobody
 * there drops it (a connected sender hears ECONNREFUSED at its next
 * call, as the ICMP comes back on loopback), a full queue drops it, a
 * connected receiver hears only its peer. AF_UNIX senders wait (-EAGAIN)
 * for room instead; a receiver connected to someone else refuses them
 * (-EPERM). Under IOU_FAULT_NETDGRAM a UDP datagram may be lost,
 * duplicated or overtake the one before it (a real network; loopback
 * does none of it). A zero-copy UDP send may leave its bytes in the
 * user's buffer until the datagram is read or its notification posts
 * (choice zccopy, ops_dgram.c). All measured on 6.18. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include "net.h"
#include "world.h"

#define SNDBUF_DEFAULT 212992U  /* net.core.wmem_default */
#define UNIX_QLEN 10U           /* net.unix.max_dgram_qlen */
#define UDP4_MAX 65507U         /* 65535 - IPv4 and UDP headers */
#define UDP6_MAX 65527U         /* 65535 - UDP header (jumbo: not here) */

static int is_udp(const struct iou__sock *sk)
{
	return sk->domain != AF_UNIX;
}

uint32_t iou__dgram_room(const struct iou__sock *sk)
{
	uint32_t room = sk->rcvbuf ? sk->rcvbuf : SNDBUF_DEFAULT;

	return sk->dq_cost < room ? room - sk->dq_cost : 0;
}

/* ---- the queue ------------------------------------------------------------ */

static void dq_push(struct iou__sock *r, struct iou__dgram *d)
{
	d->next = NULL;
	if (r->dq_tail)
		r->dq_tail->next = d;
	else
		r->dq_head = d;
	r->dq_tail = d;
	r->dq_n++;
	r->dq_cost += IOU__DGRAM_COST(d->len);
	r->rx_len += d->len;
}

/* Puts d before the last queued message (it overtook it). */
static void dq_push_before_last(struct iou__sock *r, struct iou__dgram *d)
{
	struct iou__dgram **pp = &r->dq_head;

	if (!r->dq_head) {
		dq_push(r, d);
		return;
	}
	while ((*pp)->next)
		pp = &(*pp)->next;
	d->next = *pp;
	*pp = d;
	r->dq_n++;
	r->dq_cost += IOU__DGRAM_COST(d->len);
	r->rx_len += d->len;
}

/* notif no longer reads into d: it forgets r once no datagram queued
 * there waits for it. */
static void zc_forget(struct iou__sock *r, struct iou__dgram *d)
{
	struct iou__req *notif = d->zc_notif;

	d->zc_notif = NULL;
	d->zc_src = NULL;
	for (struct iou__dgram *o = r->dq_head; o; o = o->next)
		if (o->zc_notif == notif)
			return;
	notif->u.net.sk = NULL;
}

/* The datagram is read (or its notification posts): the user's bytes
 * are taken now (zero: zeros instead). */
static void zc_fill(struct iou__sock *r, struct iou__dgram *d, int zero)
{
	if (!d->zc_notif)
		return;
	if (zero)
		memset(d->data, 0, d->len);
	else
		memcpy(d->data, d->zc_src, d->len);
	zc_forget(r, d);
}

void iou__dgram_fill_notif(struct iou__sock *sk, struct iou__req *notif,
			   int zero)
{
	for (struct iou__dgram *d = sk->dq_head; d; d = d->next)
		if (d->zc_notif == notif)
			zc_fill(sk, d, zero);
	notif->u.net.sk = NULL;
}

static void dq_pop(struct iou__sock *r)
{
	struct iou__dgram *d = r->dq_head;

	r->dq_head = d->next;
	if (!r->dq_head)
		r->dq_tail = NULL;
	r->dq_n--;
	r->dq_cost -= IOU__DGRAM_COST(d->len);
	r->rx_len -= d->len;
	if (d->zc_notif)
		zc_forget(r, d); /* never read: freed with its socket */
	free(d);
}

static struct iou__dgram *dgram_new(const struct iovec *iov, uint32_t niov,
				    size_t len, const struct iou__saddr *from)
{
	struct iou__dgram *d = malloc(sizeof(*d) + (len ? len : 1));
	size_t off = 0;

	if (!d)
		return NULL;
	d->len = (uint32_t)len;
	d->zc_src = NULL;
	d->zc_notif = NULL;
	if (from)
		d->from = *from;
	else
		memset(&d->from, 0, sizeof(d->from));
	for (uint32_t i = 0; i < niov && off < len; i++) {
		size_t n = iov[i].iov_len;

		if (!n)
			continue;
		if (n > len - off)
			n = len - off;
		memcpy(d->data + off, iov[i].iov_base, n);
		off += n;
	}
	return d;
}

static struct iou__dgram *dgram_dup(const struct iou__dgram *s)
{
	struct iou__dgram *d = malloc(sizeof(*d) + (s->len ? s->len : 1));

	if (d)
		memcpy(d, s, sizeof(*d) + s->len);
	return d;
}

/* ---- UDP ------------------------------------------------------------------- */

/* The bound UDP socket a datagram to a reaches, or NULL. */
static struct iou__sock *udp_lookup(struct iou__net *net, int domain,
				    const struct iou__saddr *a,
				    const struct iou__saddr *src)
{
	for (uint32_t i = 0; i < net->nbound; i++) {
		struct iou__sock *o = net->bound[i];

		if (o->type != SOCK_DGRAM || o->domain == AF_UNIX)
			continue;
		if (iou__addr_port(&o->local) != iou__addr_port(a))
			continue;
		if (o->domain != domain) {
			/* IPv4 reaches an AF_INET6 socket on "::" */
			if (!(domain == AF_INET && o->domain == AF_INET6 &&
			      !o->v6only && iou__addr_any(&o->local)))
				continue;
		} else if (!iou__addr_same_host(&o->local, a)) {
			continue;
		}
		/* a connected socket hears only its peer (compute_score) */
		if (o->dconn && (iou__addr_port(&o->remote) !=
				 iou__addr_port(src) ||
				 o->remote.ss.ss_family != src->ss.ss_family))
			continue;
		return o;
	}
	return NULL;
}

/* The socket a datagram from sk (bound) to the loopback's port would
 * reach now, or NULL (peer.c sends only then, only what fits). */
struct iou__sock *iou__dgram_udp_dest(struct iou__sock *sk, uint16_t port)
{
	struct iou__saddr dst;

	iou__addr_loopback(&dst, sk->domain, port);
	return udp_lookup(sk->net, sk->domain, &dst, &sk->local);
}

/* The sender's name as the receiver sees it: the wildcard becomes
 * loopback; IPv4 on an AF_INET6 socket is v4-mapped. */
static void udp_src(const struct iou__sock *sk, int rdomain,
		    struct iou__saddr *out)
{
	uint16_t port = iou__addr_port(&sk->local);

	if (rdomain != sk->domain) {
		iou__addr_v4_mapped(out, port);
		return;
	}
	*out = sk->local;
	if (iou__addr_any(out))
		iou__addr_loopback(out, sk->domain, port);
}

static ssize_t udp_send(struct iou_sim *sim, struct iou__sock *sk,
			const struct iovec *iov, uint32_t niov, size_t len,
			const struct sockaddr *to, socklen_t tolen,
			struct iou__req *defer)
{
	struct iou__saddr dst, src;
	struct iou__sock *r;
	struct iou__dgram *d;
	int ret;

	if (to && tolen) {
		if ((ret = iou__addr_in(sk, to, tolen, &dst)))
			return ret;
	} else if (sk->dconn) {
		dst = sk->remote;
	} else {
		return -EDESTADDRREQ;
	}
	if (len > (sk->domain == AF_INET ? UDP4_MAX : UDP6_MAX))
		return -EMSGSIZE;
	if (!iou__addr_local(&dst))
		return -ENETUNREACH;
	if (iou__addr_any(&dst))
		iou__addr_loopback(&dst, sk->domain, iou__addr_port(&dst));
	if ((ret = iou__sock_autobind(sim, sk)))
		return ret;
	if (sk->shut_wr)
		return -EPIPE;
	r = udp_lookup(sk->net, sk->domain, &dst, &sk->local);
	if (!r) {
		/* port unreachable: a connected sender hears of it */
		if (sk->dconn)
			sk->err = ECONNREFUSED;
		IOU__TRACE(sim, "net s%llu udp %zu to port %u: nobody\n",
			   (unsigned long long)sk->id, len,
			   iou__addr_port(&dst));
		return (ssize_t)len;
	}
	if (iou__fault(sim, IOU_FAULT_NETDGRAM)) {
		IOU__TRACE(sim, "net s%llu udp %zu lost\n",
			   (unsigned long long)sk->id, len);
		return (ssize_t)len;
	}
	if (r->shut_rd || IOU__DGRAM_COST(len) > iou__dgram_room(r)) {
		IOU__TRACE(sim, "net s%llu udp %zu dropped (s%llu full)\n",
			   (unsigned long long)sk->id, len,
			   (unsigned long long)r->id);
		return (ssize_t)len; /* udp_queue_rcv_skb drops it */
	}
	udp_src(sk, r->domain, &src);
	d = dgram_new(iov, niov, len, &src);
	if (!d)
		return -ENOMEM;
	if (defer && niov == 1 && len && !defer->u.net.sk) {
		/* zero copy: the skb holds the user's pages (its copy of
		 * it, a duplicate, reads them too) */
		d->zc_src = iov[0].iov_base;
		d->zc_notif = defer;
		defer->u.net.sk = r;
	}
	if (r->dq_n && iou__fault(sim, IOU_FAULT_NETDGRAM)) {
		IOU__TRACE(sim, "net s%llu udp %zu reordered\n",
			   (unsigned long long)sk->id, len);
		dq_push_before_last(r, d);
	} else {
		dq_push(r, d);
	}
	if (iou__fault(sim, IOU_FAULT_NETDGRAM)) {
		struct iou__dgram *dup = dgram_dup(d);

		IOU__TRACE(sim, "net s%llu udp %zu duplicated\n",
			   (unsigned long long)sk->id, len);
		if (dup)
			dq_push(r, dup);
	}
	IOU__TRACE(sim, "net s%llu udp %zu to s%llu\n",
		   (unsigned long long)sk->id, len, (unsigned long long)r->id);
	iou__sock_wake(sim, r, IOU__POLLIN | IOU__POLLRDNORM);
	return (ssize_t)len;
}

/* ---- AF_UNIX ----------------------------------------------------------------- */

static struct iou__sock *unix_lookup(struct iou__net *net,
				     const struct iou__saddr *a)
{
	for (uint32_t i = 0; i < net->nbound; i++)
		if (net->bound[i]->domain == AF_UNIX &&
		    iou__addr_unix_eq(&net->bound[i]->local, a))
			return net->bound[i];
	return NULL;
}

/* unix_find_other: nobody at an abstract name refuses, at a path there
 * is no such file. */
static int unix_missing(const struct iou__saddr *a)
{
	const struct sockaddr_un *u = (const struct sockaddr_un *)&a->ss;

	return u->sun_path[0] ? -ENOENT : -ECONNREFUSED;
}

static int unixd_add(struct iou__net *net, struct iou__sock *sk)
{
	if (net->nunixd == net->capunixd) {
		uint32_t cap = net->capunixd ? net->capunixd * 2 : 16;
		struct iou__sock **n = realloc(net->unixd, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		net->unixd = n;
		net->capunixd = cap;
	}
	net->unixd[net->nunixd++] = sk;
	return 0;
}

static ssize_t unix_send(struct iou_sim *sim, struct iou__sock *sk,
			 const struct iovec *iov, uint32_t niov, size_t len,
			 const struct sockaddr *to, socklen_t tolen,
			 struct iou__sock **wait)
{
	struct iou__sock *r;
	struct iou__saddr dst;
	struct iou__dgram *d;
	int ret;

	if (sk->type == SOCK_SEQPACKET) {
		/* unix_seqpacket_sendmsg: connected only, no address */
		if (sk->err)
			return -iou__sock_take_err(sk);
		if (sk->state != IOU__SS_CONN)
			return -ENOTCONN;
		if (sk->shut_wr || !sk->peer)
			return -EPIPE;
		r = sk->peer;
	} else if (to && tolen) {
		if ((ret = iou__addr_in(sk, to, tolen, &dst)))
			return ret;
		r = unix_lookup(sk->net, &dst);
		if (!r)
			return unix_missing(&dst);
		if (r->type != SOCK_DGRAM)
			return -EPROTOTYPE;
	} else if (sk->dconn) {
		r = sk->peer;
		if (!r)
			return -ECONNREFUSED; /* the peer is gone */
	} else {
		return -ENOTCONN;
	}
	if (len > SNDBUF_DEFAULT - 32)
		return -EMSGSIZE;
	if (sk->shut_wr)
		return -EPIPE;
	/* a receiver connected to someone else refuses (unix_may_send) */
	if (r->type == SOCK_DGRAM && r->dconn && r->peer != sk)
		return -EPERM;
	if (r->shut_rd)
		return -EPIPE;
	/* full: the room, or the queue length for a stranger
	 * (unix_recvq_full: only when r is not connected back to sk) */
	if (IOU__DGRAM_COST(len) > iou__dgram_room(r) ||
	    (r->peer != sk && r->dq_n > UNIX_QLEN)) {
		*wait = r;
		return -EAGAIN;
	}
	d = dgram_new(iov, niov, len,
		      sk->local.len > sizeof(sa_family_t) ? &sk->local : NULL);
	if (!d)
		return -ENOMEM;
	dq_push(r, d);
	IOU__TRACE(sim, "net s%llu msg %zu to s%llu\n",
		   (unsigned long long)sk->id, len, (unsigned long long)r->id);
	iou__sock_wake(sim, r, IOU__POLLIN | IOU__POLLRDNORM);
	return (ssize_t)len;
}

/* ---- the calls ------------------------------------------------------------------ */

ssize_t iou__dgram_send(struct iou_sim *sim, struct iou__sock *sk,
			const struct iovec *iov, uint32_t niov,
			const struct sockaddr *to, socklen_t tolen,
			struct iou__sock **wait)
{
	return iou__dgram_send_zc(sim, sk, iov, niov, to, tolen, wait, NULL);
}

ssize_t iou__dgram_send_zc(struct iou_sim *sim, struct iou__sock *sk,
			   const struct iovec *iov, uint32_t niov,
			   const struct sockaddr *to, socklen_t tolen,
			   struct iou__sock **wait, struct iou__req *defer)
{
	size_t len = iou__iov_total(iov, niov);

	*wait = NULL;
	for (uint32_t i = 0; i < niov; i++)
		if (iov[i].iov_len && !iov[i].iov_base)
			return -EFAULT;
	if (len > INT32_MAX)
		return -EMSGSIZE;
	if (is_udp(sk)) {
		if (sk->err)
			return -iou__sock_take_err(sk);
		return udp_send(sim, sk, iov, niov, len, to, tolen, defer);
	}
	return unix_send(sim, sk, iov, niov, len, to, tolen, wait);
}

ssize_t iou__dgram_recv(struct iou_sim *sim, struct iou__sock *sk,
			const struct iovec *iov, uint32_t niov, int flags,
			struct sockaddr *from, socklen_t *fromlen,
			uint32_t *mflags)
{
	struct iou__dgram *d = sk->dq_head;
	size_t done = 0;
	ssize_t ret;

	if (sk->type == SOCK_SEQPACKET && !d)
		return iou__sock_empty(sk);
	if (sk->err && (is_udp(sk) || !d))
		return -iou__sock_take_err(sk); /* sock_error comes first */
	if (!d)
		return sk->shut_rd ? 0 : -EAGAIN;
	zc_fill(sk, d, 0);
	for (uint32_t i = 0; i < niov && done < d->len; i++) {
		size_t k = iov[i].iov_len;

		if (!k)
			continue;
		if (!iov[i].iov_base)
			return -EFAULT;
		if (k > d->len - done)
			k = d->len - done;
		memcpy(iov[i].iov_base, d->data + done, k);
		done += k;
	}
	ret = (flags & MSG_TRUNC) ? (ssize_t)d->len : (ssize_t)done;
	if (mflags && done < d->len)
		*mflags |= MSG_TRUNC;
	if (from && fromlen) {
		socklen_t n = d->from.len;

		if ((int)*fromlen > 0)
			memcpy(from, &d->from.ss, *fromlen < n ? *fromlen : n);
		*fromlen = n;
	}
	if (!(flags & MSG_PEEK)) {
		dq_pop(sk);
		/* room: AF_UNIX senders waiting on sk, a seqpacket peer */
		iou__sock_wake(sim, sk, IOU__POLLOUT | IOU__POLLWRNORM);
		if (sk->peer)
			iou__sock_wake(sim, sk->peer,
				       IOU__POLLOUT | IOU__POLLWRNORM);
	}
	return ret;
}

int iou__dgram_connect(struct iou_sim *sim, struct iou__sock *sk,
		       const struct sockaddr *a, socklen_t n)
{
	struct iou__saddr sa;
	int ret;

	if (a && n >= sizeof(sa_family_t) && a->sa_family == AF_UNSPEC) {
		/* disconnect */
		sk->dconn = 0;
		sk->peer = NULL;
		memset(&sk->remote, 0, sizeof(sk->remote));
		IOU__TRACE(sim, "net s%llu disconnect\n",
			   (unsigned long long)sk->id);
		return 0;
	}
	if ((ret = iou__addr_in(sk, a, n, &sa)))
		return ret;
	if (sk->domain == AF_UNIX) {
		struct iou__sock *r = unix_lookup(sk->net, &sa);

		if (!r)
			ret = unix_missing(&sa);
		else if (r->type != SOCK_DGRAM)
			ret = -EPROTOTYPE;
		if (!ret) {
			sk->peer = r;
			sk->remote = r->local;
			sk->dconn = 1;
		}
	} else if (!iou__addr_local(&sa)) {
		ret = -ENETUNREACH;
	} else if (!(ret = iou__sock_autobind(sim, sk))) {
		if (iou__addr_any(&sa))
			iou__addr_loopback(&sa, sk->domain,
					   iou__addr_port(&sa));
		sk->remote = sa;
		sk->dconn = 1;
		/* the route picks the source: loopback (ip4_datagram_connect) */
		if (iou__addr_any(&sk->local))
			iou__addr_loopback(&sk->local, sk->domain,
					   iou__addr_port(&sk->local));
	}
	IOU__TRACE(sim, "net s%llu dconnect port %u = %d\n",
		   (unsigned long long)sk->id, iou__addr_port(&sa), ret);
	return ret;
}

uint32_t iou__dgram_poll(const struct iou__sock *sk)
{
	uint32_t m = 0;

	if (sk->dq_n || sk->shut_rd)
		m |= IOU__POLLIN | IOU__POLLRDNORM;
	if (sk->err)
		m |= IOU__POLLERR;
	if (sk->shut_rd)
		m |= IOU__POLLRDHUP;
	if (sk->shut_rd && sk->shut_wr)
		m |= IOU__POLLHUP;
	/* unix_dgram_poll: writable while the connected peer has room */
	if (is_udp(sk) || !sk->dconn || !sk->peer ||
	    (iou__dgram_room(sk->peer) > IOU__DGRAM_COST(0) &&
	     (sk->peer->peer == sk || sk->peer->dq_n <= UNIX_QLEN)))
		m |= IOU__POLLOUT | IOU__POLLWRNORM;
	return m;
}

void iou__dgram_close(struct iou_sim *sim, struct iou__sock *sk)
{
	struct iou__net *net = sk->net;

	while (sk->dq_head)
		dq_pop(sk);
	if (sk->domain != AF_UNIX || sk->type != SOCK_DGRAM)
		return;
	/* sockets connected to it send into nothing now (-ECONNREFUSED) */
	for (uint32_t i = 0; i < net->nunixd; i++) {
		struct iou__sock *o = net->unixd[i];

		if (o->peer == sk) {
			o->peer = NULL;
			iou__sock_wake(sim, o, IOU__WAKE_ALL);
		}
	}
	for (uint32_t i = 0; i < net->nunixd; i++) {
		if (net->unixd[i] == sk) {
			memmove(&net->unixd[i], &net->unixd[i + 1],
				(net->nunixd - i - 1) * sizeof(*net->unixd));
			net->nunixd--;
			break;
		}
	}
}

/* Registers an AF_UNIX datagram socket (net.c, at creation). */
int iou__dgram_unix_add(struct iou__sock *sk)
{
	return unixd_add(sk->net, sk);
}

/* ---- sys calls -------------------------------------------------------------- */

ssize_t iou__dgram_sys_sendto(struct iou_sim *sim, struct iou__sock *sk,
			      const void *buf, size_t len, int flags,
			      const struct sockaddr *to, socklen_t tolen)
{
	struct iovec v = { (void *)(uintptr_t)buf, len };
	struct iou__sock *w;
	ssize_t ret;

	(void)flags;
	if (len && !buf)
		return -EFAULT;
	if ((ret = iou__sock_fault(sim, sk, 1)))
		return ret;
	ret = iou__dgram_send(sim, sk, &v, 1, to, tolen, &w);
	IOU__TRACE(sim, "sys sendto s%llu %zu %x = %zd\n",
		   (unsigned long long)sk->id, len, (unsigned)flags, ret);
	return ret;
}

ssize_t iou__dgram_sys_recvfrom(struct iou_sim *sim, struct iou__sock *sk,
				void *buf, size_t len, int flags,
				struct sockaddr *from, socklen_t *fromlen)
{
	struct iovec v = { buf, len };
	ssize_t ret;

	if (len && !buf)
		return -EFAULT;
	if ((ret = iou__sock_fault(sim, sk, 1)))
		return ret;
	ret = iou__dgram_recv(sim, sk, &v, 1, flags, from, fromlen, NULL);
	IOU__TRACE(sim, "sys recvfrom s%llu %zu %x = %zd\n",
		   (unsigned long long)sk->id, len, (unsigned)flags, ret);
	return ret;
}

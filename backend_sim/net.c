/* net.c — the sim's loopback network: sockets as open files and their
 * calls: socket, socketpair, bind, listen backlogs, connect (at once when
 * the listener has room, -ECONNREFUSED when nobody listens), accept,
 * names, setsockopt, close (the peer reads EOF; with unread data or
 * SO_LINGER {1, 0} it is reset), faults and the sys calls. Addresses are
 * in net_addr.c, the bytes in net_stream.c. Nothing here waits: callers park
 * on sk->wq and are woken with the events that happened. */
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

#define BACKLOG_MAX 4096U      /* somaxconn */

static struct iou__net *net_get(struct iou_sim *sim)
{
	if (!sim->net) {
		sim->net = calloc(1, sizeof(*sim->net));
		if (sim->net) {
			sim->net->next_port = IOU__PORT_FIRST;
			iou__list_init(&sim->net->never.head);
			iou__list_init(&sim->net->notifs);
			iou__list_init(&sim->net->deliv);
		}
	}
	return sim->net;
}

struct iou__waitq *iou__net_never_wq(struct iou_sim *sim)
{
	struct iou__net *net = net_get(sim);

	return net ? &net->never : NULL;
}

struct iou__list *iou__net_notifs(struct iou_sim *sim)
{
	struct iou__net *net = net_get(sim);

	return net ? &net->notifs : NULL;
}

void iou__net_free(struct iou_sim *sim)
{
	if (!sim->net)
		return;
	free(sim->net->bound);
	free(sim->net->unixd);
	free(sim->net);
	sim->net = NULL;
}

/* ---- sockets ----------------------------------------------------------------------- */

static struct iou__sock *sock_alloc(struct iou_sim *sim, int domain)
{
	struct iou__net *net = net_get(sim);
	struct iou__sock *sk;

	if (!net)
		return NULL;
	sk = calloc(1, sizeof(*sk));
	if (!sk)
		return NULL;
	sk->net = net;
	sk->id = net->next_id++;
	sk->domain = domain;
	sk->type = SOCK_STREAM;
	iou__list_init(&sk->wq.head);
	/* unbound: the family and zeros, as getsockname reports it */
	sk->local.ss.ss_family = (sa_family_t)domain;
	sk->local.len = domain == AF_INET ? sizeof(struct sockaddr_in)
		: domain == AF_INET6 ? sizeof(struct sockaddr_in6)
		: sizeof(sa_family_t);
	return sk;
}

static void sock_drop_fills(struct iou__sock *sk)
{
	for (uint32_t i = 0; i < sk->nfills; i++)
		if (sk->fills[i].notif)
			sk->fills[i].notif->u.net.sk = NULL;
	sk->nfills = 0;
}

static void sock_free(struct iou__sock *sk)
{
	iou__net_deliv_forget(sk); /* carriers may outlive its in-flight
				      bytes (flushed at a FIN) */
	sock_drop_fills(sk);
	free(sk->fills);
	free(sk->rx);
	free(sk->aq);
	free(sk);
}

int iou__sock_new(struct iou_sim *sim, int domain, int type, int protocol,
		  struct iou__file **out)
{
	int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct iou__sock *sk;
	struct iou__file *f;

	if (domain != AF_INET && domain != AF_INET6 && domain != AF_UNIX)
		return -EAFNOSUPPORT;
	if (type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC | 0xf))
		return -EINVAL;
	/* stream, datagram (UDP, AF_UNIX) and AF_UNIX seqpacket sockets */
	if (base != SOCK_STREAM && base != SOCK_DGRAM &&
	    !(base == SOCK_SEQPACKET && domain == AF_UNIX))
		return base >= SOCK_STREAM && base <= SOCK_SEQPACKET ?
		       -ESOCKTNOSUPPORT : -EINVAL;
	if (protocol && !(domain != AF_UNIX &&
			  protocol == (base == SOCK_STREAM ? IPPROTO_TCP
							   : IPPROTO_UDP)))
		return -EPROTONOSUPPORT;
	sk = sock_alloc(sim, domain);
	if (!sk)
		return -ENOMEM;
	sk->type = base;
	if (domain == AF_UNIX && base == SOCK_DGRAM &&
	    iou__dgram_unix_add(sk)) {
		sock_free(sk);
		return -ENOMEM;
	}
	f = iou__file_new(sim, IOU__FT_SOCK);
	if (!f) {
		sock_free(sk);
		return -ENOMEM;
	}
	f->sock = sk;
	f->oflags = O_RDWR | ((type & SOCK_NONBLOCK) ? O_NONBLOCK : 0);
	if (base == SOCK_STREAM)
		IOU__TRACE(sim, "net s%llu socket domain=%d\n",
			   (unsigned long long)sk->id, domain);
	else
		IOU__TRACE(sim, "net s%llu socket domain=%d type=%d\n",
			   (unsigned long long)sk->id, domain, base);
	*out = f;
	return 0;
}

/* socketpair(AF_UNIX, type): two unnamed sockets, connected. */
int iou__sock_pair(struct iou_sim *sim, int type, int nonblock,
		   struct iou__file **a, struct iou__file **b)
{
	struct iou__sock *x = sock_alloc(sim, AF_UNIX);
	struct iou__sock *y = x ? sock_alloc(sim, AF_UNIX) : NULL;
	struct iou__file *fx = y ? iou__file_new(sim, IOU__FT_SOCK) : NULL;
	struct iou__file *fy = fx ? iou__file_new(sim, IOU__FT_SOCK) : NULL;

	if (!fy) {
		if (fx)
			iou__file_put(sim, fx);
		if (y)
			sock_free(y);
		if (x)
			sock_free(x);
		return -ENOMEM;
	}
	x->type = y->type = type;
	if (type == SOCK_DGRAM) {
		/* two connected datagram sockets (unix_dgram_connect) */
		if (iou__dgram_unix_add(x) || iou__dgram_unix_add(y)) {
			iou__file_put(sim, fy);
			iou__file_put(sim, fx);
			iou__dgram_close(sim, y);
			iou__dgram_close(sim, x);
			sock_free(y);
			sock_free(x);
			return -ENOMEM;
		}
		x->dconn = y->dconn = 1;
	} else {
		x->state = y->state = IOU__SS_CONN;
	}
	x->peer = y;
	y->peer = x;
	x->remote = y->local;
	y->remote = x->local;
	fx->sock = x;
	fy->sock = y;
	fx->oflags = fy->oflags = O_RDWR | (nonblock ? O_NONBLOCK : 0);
	IOU__TRACE(sim, "net s%llu s%llu socketpair\n",
		   (unsigned long long)x->id, (unsigned long long)y->id);
	*a = fx;
	*b = fy;
	return 0;
}

int iou__sock_bind(struct iou_sim *sim, struct iou__sock *sk,
		   const struct sockaddr *a, socklen_t n)
{
	struct iou__saddr sa;
	int ret = iou__addr_in(sk, a, n, &sa);

	if (ret)
		return ret;
	if (sk->bound || sk->state != IOU__SS_NEW)
		return -EINVAL;
	if (sk->domain != AF_UNIX) {
		if (!iou__addr_local(&sa))
			return -EADDRNOTAVAIL;
		if (!iou__addr_port(&sa))
			ret = iou__net_pick_port(sk->net, sk, &sa);
		else if (iou__addr_in_use(sk->net, sk, &sa))
			ret = -EADDRINUSE;
	} else if (n <= offsetof(struct sockaddr_un, sun_path) + 1 &&
		   !((const struct sockaddr_un *)a)->sun_path[0]) {
		ret = -EINVAL; /* iou__sock_autobind of abstract names: not modelled */
	} else if (iou__addr_in_use(sk->net, sk, &sa)) {
		ret = -EADDRINUSE;
	}
	if (!ret) {
		sk->local = sa;
		ret = iou__net_table_add(sk->net, sk);
	}
	IOU__TRACE(sim, "net s%llu bind port %u = %d\n",
		   (unsigned long long)sk->id, iou__addr_port(&sa), ret);
	return ret;
}

int iou__sock_listen(struct iou_sim *sim, struct iou__sock *sk, int backlog)
{
	int ret = 0;

	if (sk->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	if (sk->state == IOU__SS_CONN)
		return -EINVAL;
	if (sk->domain == AF_UNIX && !sk->bound)
		return -EINVAL;
	if (!sk->bound)
		ret = iou__sock_autobind(sim, sk);
	if (ret)
		return ret;
	if (backlog < 0)
		backlog = 0;
	if ((unsigned)backlog > BACKLOG_MAX)
		backlog = (int)BACKLOG_MAX;
	sk->backlog = (uint32_t)backlog;
	sk->state = IOU__SS_LISTEN;
	IOU__TRACE(sim, "net s%llu listen %d\n", (unsigned long long)sk->id,
		   backlog);
	return 0;
}

static struct iou__sock *find_listener(struct iou__net *net, int domain,
				       int type, const struct iou__saddr *a)
{
	for (uint32_t i = 0; i < net->nbound; i++) {
		struct iou__sock *o = net->bound[i];

		if (o->state != IOU__SS_LISTEN || o->type != type)
			continue;
		/* IPv4 reaches an AF_INET6 listener on "::" (dual stack) */
		if (o->domain != domain) {
			if (domain == AF_INET && o->domain == AF_INET6 &&
			    !o->v6only && iou__addr_any(&o->local) &&
			    iou__addr_port(&o->local) == iou__addr_port(a))
				return o;
			continue;
		}
		if (domain == AF_UNIX) {
			if (iou__addr_unix_eq(&o->local, a))
				return o;
			continue;
		}
		if (iou__addr_port(&o->local) == iou__addr_port(a) &&
		    iou__addr_same_host(&o->local, a))
			return o;
	}
	return NULL;
}

static int aq_push(struct iou__sock *l, struct iou__sock *child)
{
	if (l->aq_n == l->aq_cap) {
		uint32_t cap = l->aq_cap ? l->aq_cap * 2 : 8;
		struct iou__sock **na = realloc(l->aq, cap * sizeof(*na));

		if (!na)
			return -ENOMEM;
		l->aq = na;
		l->aq_cap = cap;
	}
	l->aq[l->aq_n++] = child;
	child->listener = l;
	return 0;
}

int iou__sock_connect(struct iou_sim *sim, struct iou__sock *sk,
		      const struct sockaddr *a, socklen_t n,
		      struct iou__sock **wait)
{
	struct iou__sock *l, *child;
	struct iou__saddr sa;
	int ret = iou__addr_in(sk, a, n, &sa);

	*wait = NULL;
	if (sk->type == SOCK_DGRAM)
		return iou__dgram_connect(sim, sk, a, n);
	if (ret)
		return ret;
	if (sk->state == IOU__SS_CONN)
		return -EISCONN;
	if (sk->state == IOU__SS_LISTEN)
		return -EISCONN;
	if (sk->domain != AF_UNIX && !iou__addr_local(&sa))
		return -ENETUNREACH;
	l = find_listener(sk->net, sk->domain, sk->type, &sa);
	if (!l) {
		ret = sk->domain == AF_UNIX ? -ENOENT : -ECONNREFUSED;
		if (sk->domain == AF_UNIX) {
			/* a bound, not listening name: refused */
			for (uint32_t i = 0; i < sk->net->nbound; i++)
				if (iou__addr_unix_eq(&sk->net->bound[i]->local, &sa))
					ret = -ECONNREFUSED;
		}
		IOU__TRACE(sim, "net s%llu connect port %u = %d\n",
			   (unsigned long long)sk->id, iou__addr_port(&sa), ret);
		return ret;
	}
	/* the backlog holds backlog + 1 (sk_acceptq_is_full) */
	if (l->aq_n > l->backlog) {
		*wait = l;
		return -EAGAIN;
	}
	ret = iou__sock_autobind(sim, sk);
	if (ret)
		return ret;
	child = sock_alloc(sim, l->domain);
	if (!child)
		return -ENOMEM;
	child->type = l->type;
	ret = aq_push(l, child);
	if (ret) {
		sock_free(child);
		return ret;
	}
	child->state = IOU__SS_CONN;
	child->local = l->local;
	if (iou__addr_any(&child->local))
		iou__addr_loopback(&child->local, l->domain,
			      iou__addr_port(&l->local));
	child->remote = sk->local;
	child->peer = sk;
	sk->peer = child;
	sk->state = IOU__SS_CONN;
	sk->remote = child->local;
	if (l->domain != sk->domain) {
		/* IPv4 on a dual-stack listener: the accepted socket sees
		 * v4-mapped addresses (::ffff:127.0.0.1) */
		iou__addr_v4_mapped(&child->local, iou__addr_port(&l->local));
		iou__addr_v4_mapped(&child->remote, iou__addr_port(&sk->local));
		iou__addr_loopback(&sk->remote, AF_INET, iou__addr_port(&l->local));
	}
	IOU__TRACE(sim, "net s%llu connect port %u = 0 (s%llu queued on s%llu)\n",
		   (unsigned long long)sk->id, iou__addr_port(&sa),
		   (unsigned long long)child->id, (unsigned long long)l->id);
	iou__sock_wake(sim, l, IOU__POLLIN);
	return 0;
}

int iou__sock_accept(struct iou_sim *sim, struct iou__sock *sk,
		     struct iou__sock **out)
{
	struct iou__sock *child;

	if (sk->type == SOCK_DGRAM)
		return -EOPNOTSUPP; /* sock_no_accept */
	if (sk->state != IOU__SS_LISTEN)
		return -EINVAL;
	if (!sk->aq_n)
		return -EAGAIN;
	child = sk->aq[0];
	memmove(&sk->aq[0], &sk->aq[1], (sk->aq_n - 1) * sizeof(*sk->aq));
	sk->aq_n--;
	child->listener = NULL;
	*out = child;
	/* room in the backlog: a waiting connect may go on */
	iou__sock_wake(sim, sk, IOU__POLLOUT);
	return 0;
}

static void sock_close(struct iou_sim *sim, struct iou__sock *sk);

int iou__sock_file(struct iou_sim *sim, struct iou__sock *sk, int flags,
		   struct iou__file **out)
{
	struct iou__file *f = iou__file_new(sim, IOU__FT_SOCK);

	if (!f) {
		sock_close(sim, sk);
		return -ENOMEM;
	}
	f->sock = sk;
	f->oflags = O_RDWR | ((flags & SOCK_NONBLOCK) ? O_NONBLOCK : 0);
	*out = f;
	return 0;
}

int iou__sock_name(const struct iou__sock *sk, int peer, struct sockaddr *a,
		   socklen_t *n)
{
	const struct iou__saddr *sa = peer ? &sk->remote : &sk->local;
	socklen_t len;

	if (peer && (sk->type == SOCK_DGRAM ? !sk->dconn :
		     (sk->state != IOU__SS_CONN || (!sk->peer &&
						    sk->peer_closed))))
		return -ENOTCONN;
	if (!n)
		return -EFAULT;
	if ((int)*n < 0)
		return -EINVAL;
	len = sa->len ? sa->len : sizeof(sa_family_t);
	if (*n && !a)
		return -EFAULT;
	if (a)
		memcpy(a, &sa->ss, *n < len ? *n : len);
	*n = len;
	return 0;
}

void iou__sock_peer_addr(const struct iou__sock *sk, struct sockaddr *a,
			 socklen_t *n)
{
	socklen_t len = sk->remote.len ? sk->remote.len : sizeof(sa_family_t);

	if ((int)*n < 0)
		return;
	if (a)
		memcpy(a, &sk->remote.ss, *n < len ? *n : len);
	*n = len;
}

int iou__sock_setsockopt(struct iou__sock *sk, int level, int name,
			 const void *val, socklen_t len)
{
	int v;

	if (level != SOL_SOCKET && level != IPPROTO_TCP &&
	    level != IPPROTO_IP && level != IPPROTO_IPV6)
		return -ENOPROTOOPT;
	if (level == IPPROTO_TCP && sk->domain == AF_UNIX)
		return -EOPNOTSUPP;
	if (len && !val)
		return -EFAULT;
	if (level == SOL_SOCKET && name == SO_LINGER) {
		const struct linger *l = val;

		if (len < sizeof(*l))
			return -EINVAL;
		sk->linger0 = l->l_onoff && !l->l_linger;
		return 0;
	}
	if (len < sizeof(int))
		return -EINVAL;
	memcpy(&v, val, sizeof(v));
	if (level == SOL_SOCKET && name == SO_REUSEADDR)
		sk->reuseaddr = v != 0;
	if (level == SOL_SOCKET && name == SO_RCVBUF) {
		/* sock_setsockopt: doubled, capped by rmem_max, at least
		 * SOCK_MIN_RCVBUF; the receive room obeys it */
		uint32_t b = v < 0 ? 0 : (uint32_t)v > 212992U ? 212992U
							       : (uint32_t)v;

		sk->rcvbuf = b * 2 < 2304U ? 2304U : b * 2;
	}
	if (level == SOL_SOCKET && name == SO_SNDBUF) {
		/* the same, at least SOCK_MIN_SNDBUF; no effect */
		uint32_t b = v < 0 ? 0 : (uint32_t)v > 212992U ? 212992U
							       : (uint32_t)v;

		sk->sndbuf = b * 2 < 4608U ? 4608U : b * 2;
	}
	if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY) {
		if (sk->domain != AF_INET6)
			return -ENOPROTOOPT;
		if (sk->bound)
			return -EINVAL; /* only before bind (do_ipv6_setsockopt) */
		sk->v6only = v != 0;
	}
	/* everything else (SO_REUSEPORT, SO_KEEPALIVE, TCP_NODELAY, ...) is
	 * accepted and has no effect */
	return 0;
}

/* An int option's value into val, *len bytes of it at most (as
 * sk_getsockopt copies min(len, sizeof(int))). */
static int opt_int(int v, void *val, socklen_t *len)
{
	socklen_t n = *len < sizeof(int) ? *len : sizeof(int);

	if (n && !val)
		return -EFAULT;
	memcpy(val, &v, n);
	*len = n;
	return 0;
}

int iou__sock_getsockopt(struct iou__sock *sk, int name, void *val,
			 socklen_t *len)
{
	if ((int)*len < 0)
		return -EINVAL;
	switch (name) {
	case SO_ERROR:
		return opt_int(iou__sock_take_err(sk), val, len);
	case SO_TYPE:
		return opt_int(sk->type, val, len);
	case SO_DOMAIN:
		return opt_int(sk->domain, val, len);
	case SO_PROTOCOL:
		return opt_int(sk->domain == AF_UNIX ? 0 :
			       sk->type == SOCK_DGRAM ? IPPROTO_UDP :
			       IPPROTO_TCP, val, len);
	case SO_ACCEPTCONN:
		return opt_int(sk->state == IOU__SS_LISTEN, val, len);
	case SO_REUSEADDR:
		return opt_int(sk->reuseaddr, val, len);
	case SO_LINGER: {
		struct linger l = { sk->linger0, 0 };
		socklen_t n = *len < sizeof(l) ? *len : sizeof(l);

		if (n && !val)
			return -EFAULT;
		if (n)
			memcpy(val, &l, n);
		*len = n;
		return 0;
	}
	case SO_RCVBUF:
		return opt_int(sk->rcvbuf ? (int)sk->rcvbuf
			       : sk->type == SOCK_STREAM ? (int)IOU__SOCK_BUF
							 : 212992, val, len);
	case SO_SNDBUF:
		/* tcp_wmem[1] for TCP (the kernel grows it once connected;
		 * not modelled), wmem_default for the others */
		return opt_int(sk->sndbuf ? (int)sk->sndbuf
			       : sk->type == SOCK_STREAM && sk->domain != AF_UNIX
			       ? 16384 : 212992, val, len);
	default:
		return -ENOPROTOOPT; /* not modelled */
	}
}

/* The socket goes away (its file did, or it was never accepted). */
static void sock_close(struct iou_sim *sim, struct iou__sock *sk)
{
	IOU__TRACE(sim, "net s%llu close\n", (unsigned long long)sk->id);
	if (sk->state == IOU__SS_LISTEN) {
		/* connections never accepted are reset */
		while (sk->aq_n) {
			struct iou__sock *c = sk->aq[--sk->aq_n];

			c->listener = NULL;
			c->linger0 = 1;
			sock_close(sim, c);
		}
	}
	if (sk->peer && sk->type == SOCK_DGRAM) {
		/* a datagram socket's peer is only where it sends */
		sk->peer = NULL;
	} else if (sk->peer) {
		struct iou__sock *p = sk->peer;

		/* unread data or SO_LINGER {1, 0}: the peer is reset
		 * (tcp_close sends RST; unix_release_sock too) */
		iou__sock_peer_gone(sim, p, sk->linger0 || sk->rx_len > 0 ||
				    sk->dq_n);
		sk->peer = NULL;
	}
	if (sk->type != SOCK_STREAM)
		iou__dgram_close(sim, sk);
	if (sk->bound)
		iou__net_table_del(sk->net, sk);
	/* connects waiting for room in its backlog: refused now */
	iou__sock_wake(sim, sk, IOU__WAKE_ALL);
	sock_free(sk);
}

void iou__sock_release(struct iou_sim *sim, struct iou__file *f)
{
	if (f->sock)
		sock_close(sim, f->sock);
	f->sock = NULL;
}

int iou__sock_fault(struct iou_sim *sim, struct iou__sock *sk,
		    int may_eagain)
{
	if (iou__fault(sim, IOU_FAULT_EINTR))
		return -EINTR;
	if (may_eagain && iou__fault(sim, IOU_FAULT_EAGAIN))
		return -EAGAIN;
	if (sk->peer && sk->type != SOCK_DGRAM &&
	    iou__fault(sim, IOU_FAULT_ECONNRESET)) {
		IOU__TRACE(sim, "net s%llu fault reset\n",
			   (unsigned long long)sk->id);
		iou__sock_reset(sim, sk);
		return -ECONNRESET;
	}
	return 0;
}

ssize_t iou__sock_file_read(struct iou_sim *sim, struct iou__file *f,
			    void *buf, size_t len)
{
	struct iovec v = { buf, len };
	int ret;

	if (len && !buf)
		return -EFAULT;
	if ((ret = iou__sock_fault(sim, f->sock, 1)))
		return ret;
	return iou__sock_recv(sim, f->sock, &v, 1, len, 0);
}

ssize_t iou__sock_file_write(struct iou_sim *sim, struct iou__file *f,
			     const void *buf, size_t len)
{
	struct iovec v = { (void *)(uintptr_t)buf, len };
	int ret;

	if (len && !buf)
		return -EFAULT;
	if ((ret = iou__sock_fault(sim, f->sock, 1)))
		return ret;
	return iou__sock_send(sim, f->sock, &v, 1, len, NULL);
}

void iou__net_sring_cancel(struct iou__sring *r)
{
	iou__net_deliv_sring(r);
	iou__notif_sring_cancel(r);
}

/* ---- sys calls --------------------------------------------------------------------------- */

struct iou__sock *iou__net_sock_of(struct iou_sim *sim, int fd, int *err)
{
	struct iou__file *f = iou__fd_get(sim, fd);

	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	if (f->type != IOU__FT_SOCK) {
		*err = -ENOTSOCK;
		return NULL;
	}
	return f->sock;
}

int iou__net_sys_socket(struct iou_sim *sim, int domain, int type,
			int protocol)
{
	struct iou__file *f;
	int ret = iou__sock_new(sim, domain, type, protocol, &f);

	if (!ret) {
		ret = iou__fd_install(sim, f);
		iou__file_put(sim, f);
	}
	return ret;
}

int iou__net_sys_accept(struct iou_sim *sim, int fd, struct sockaddr *a,
			socklen_t *n, int flags)
{
	struct iou__sock *sk, *c;
	struct iou__file *f;
	int ret = -EBADF;

	sk = iou__net_sock_of(sim, fd, &ret);
	if (!sk)
		return ret;
	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	ret = iou__sock_accept(sim, sk, &c);
	if (ret)
		return ret;
	ret = iou__sock_file(sim, c, flags, &f);
	if (ret)
		return ret;
	ret = iou__fd_install(sim, f);
	iou__file_put(sim, f);
	if (ret >= 0 && n)
		iou__sock_peer_addr(c, a, n);
	return ret;
}

/* net.c — the sim's loopback network: sockets as open files, the table of
 * bound addresses (ports per family, AF_UNIX names), listen backlogs,
 * connect (at once when the listener has room, -ECONNREFUSED when nobody
 * listens), connected pairs with one receive ring per socket (grown
 * amortized, so steady-state traffic allocates nothing), shutdown, close
 * (the peer reads EOF; with unread data or SO_LINGER {1, 0} it is reset)
 * and reset (the peer sees ECONNRESET). Nothing here waits: callers park
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

#define PORT_FIRST 32768U      /* ip_local_port_range */
#define PORT_LAST  60999U
#define BACKLOG_MAX 4096U      /* somaxconn */

struct iou__net {
	struct iou__sock **bound;  /* bound sockets, in bind order */
	uint32_t nbound, capbound;
	uint32_t next_port;
	uint64_t next_id;
	struct iou__waitq never;   /* polls on what never changes */
	struct iou__list notifs;   /* zero-copy notifications on the clock */
};

static struct iou__net *net_get(struct iou_sim *sim)
{
	if (!sim->net) {
		sim->net = calloc(1, sizeof(*sim->net));
		if (sim->net) {
			sim->net->next_port = PORT_FIRST;
			iou__list_init(&sim->net->never.head);
			iou__list_init(&sim->net->notifs);
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
	free(sim->net);
	sim->net = NULL;
}

/* ---- addresses -------------------------------------------------------------- */

static int addr_len_ok(int domain, socklen_t n)
{
	switch (domain) {
	case AF_INET:
		return n >= sizeof(struct sockaddr_in);
	case AF_INET6:
		return n >= 24; /* SIN6_LEN_RFC2133: without scope id */
	default:
		return n > offsetof(struct sockaddr_un, sun_path) &&
		       n <= sizeof(struct sockaddr_un);
	}
}

static uint16_t addr_port(const struct iou__saddr *a)
{
	if (a->ss.ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)&a->ss)->sin_port);
	if (a->ss.ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)&a->ss)->sin6_port);
	return 0;
}

static void addr_set_port(struct iou__saddr *a, uint16_t port)
{
	if (a->ss.ss_family == AF_INET)
		((struct sockaddr_in *)&a->ss)->sin_port = htons(port);
	else if (a->ss.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&a->ss)->sin6_port = htons(port);
}

static int addr_any(const struct iou__saddr *a)
{
	if (a->ss.ss_family == AF_INET)
		return ((const struct sockaddr_in *)&a->ss)->sin_addr.s_addr ==
		       htonl(INADDR_ANY);
	if (a->ss.ss_family == AF_INET6)
		return IN6_IS_ADDR_UNSPECIFIED(
			&((const struct sockaddr_in6 *)&a->ss)->sin6_addr);
	return 0;
}

/* The loopback address of the family (what INADDR_ANY connects to). */
static void addr_loopback(struct iou__saddr *a, int domain, uint16_t port)
{
	memset(a, 0, sizeof(*a));
	if (domain == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)&a->ss;

		s->sin_family = AF_INET;
		s->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s->sin_port = htons(port);
		a->len = sizeof(*s);
	} else if (domain == AF_INET6) {
		struct sockaddr_in6 *s = (struct sockaddr_in6 *)&a->ss;

		s->sin6_family = AF_INET6;
		s->sin6_addr = in6addr_loopback;
		s->sin6_port = htons(port);
		a->len = sizeof(*s);
	} else {
		a->ss.ss_family = AF_UNIX;
		a->len = sizeof(sa_family_t); /* unnamed */
	}
}

/* A local address of this host: the sim has only loopback. */
static int addr_local(const struct iou__saddr *a)
{
	if (a->ss.ss_family == AF_INET) {
		uint32_t ip = ntohl(((const struct sockaddr_in *)&a->ss)
				    ->sin_addr.s_addr);

		return ip == INADDR_ANY || (ip >> 24) == 127;
	}
	if (a->ss.ss_family == AF_INET6) {
		const struct in6_addr *ip =
			&((const struct sockaddr_in6 *)&a->ss)->sin6_addr;

		return IN6_IS_ADDR_UNSPECIFIED(ip) || IN6_IS_ADDR_LOOPBACK(ip);
	}
	return 1;
}

static int addr_same_host(const struct iou__saddr *a,
			  const struct iou__saddr *b)
{
	if (addr_any(a) || addr_any(b))
		return 1;
	if (a->ss.ss_family == AF_INET)
		return ((const struct sockaddr_in *)&a->ss)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)&b->ss)->sin_addr.s_addr;
	return !memcmp(&((const struct sockaddr_in6 *)&a->ss)->sin6_addr,
		       &((const struct sockaddr_in6 *)&b->ss)->sin6_addr, 16);
}

static void v4_mapped(struct iou__saddr *a, uint16_t port)
{
	struct sockaddr_in6 *s = (struct sockaddr_in6 *)&a->ss;

	memset(a, 0, sizeof(*a));
	s->sin6_family = AF_INET6;
	s->sin6_port = htons(port);
	s->sin6_addr.s6_addr[10] = 0xff;
	s->sin6_addr.s6_addr[11] = 0xff;
	s->sin6_addr.s6_addr[12] = 127;
	s->sin6_addr.s6_addr[15] = 1;
	a->len = sizeof(*s);
}

static int unix_name_eq(const struct iou__saddr *a, const struct iou__saddr *b)
{
	return a->len == b->len && !memcmp(&a->ss, &b->ss, a->len);
}

/* Copies the caller's address in: -EFAULT, -EINVAL, -EAFNOSUPPORT. */
static int addr_in(const struct iou__sock *sk, const struct sockaddr *a,
		   socklen_t n, struct iou__saddr *out)
{
	if (!a)
		return -EFAULT;
	if ((int)n < 0 || n > sizeof(out->ss))
		return -EINVAL;
	if (n < sizeof(sa_family_t))
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	memcpy(&out->ss, a, n);
	out->len = n;
	if (out->ss.ss_family != sk->domain)
		return sk->domain == AF_UNIX ? -EINVAL : -EAFNOSUPPORT;
	if (!addr_len_ok(sk->domain, n))
		return -EINVAL;
	if (sk->domain == AF_INET)
		out->len = sizeof(struct sockaddr_in);
	else if (sk->domain == AF_INET6)
		out->len = sizeof(struct sockaddr_in6);
	return 0;
}

/* ---- the table of bound sockets ------------------------------------------------ */

static int table_add(struct iou__net *net, struct iou__sock *sk)
{
	if (net->nbound == net->capbound) {
		uint32_t cap = net->capbound ? net->capbound * 2 : 16;
		struct iou__sock **nb = realloc(net->bound, cap * sizeof(*nb));

		if (!nb)
			return -ENOMEM;
		net->bound = nb;
		net->capbound = cap;
	}
	net->bound[net->nbound++] = sk;
	sk->bound = 1;
	return 0;
}

static void table_del(struct iou__net *net, struct iou__sock *sk)
{
	for (uint32_t i = 0; i < net->nbound; i++) {
		if (net->bound[i] == sk) {
			memmove(&net->bound[i], &net->bound[i + 1],
				(net->nbound - i - 1) * sizeof(*net->bound));
			net->nbound--;
			break;
		}
	}
}

/* An AF_INET6 socket on "::" without IPV6_V6ONLY also holds the port for
 * IPv4 (dual stack): whether o and sk (at a) share a port that way. */
static int dual_stack_clash(const struct iou__sock *o,
			    const struct iou__sock *sk,
			    const struct iou__saddr *a)
{
	const struct iou__sock *six = o->domain == AF_INET6 ? o : sk;
	const struct iou__saddr *sixa = six == o ? &o->local : a;

	if (o->domain == AF_UNIX || sk->domain == AF_UNIX)
		return 0;
	if (six->v6only || !addr_any(sixa))
		return 0;
	return addr_port(&o->local) == addr_port(a);
}

/* Whether a (a socket's address to be) clashes with a bound socket. */
static int addr_in_use(const struct iou__net *net, const struct iou__sock *sk,
		       const struct iou__saddr *a)
{
	for (uint32_t i = 0; i < net->nbound; i++) {
		const struct iou__sock *o = net->bound[i];

		if (o == sk)
			continue;
		if (o->domain != sk->domain && !dual_stack_clash(o, sk, a))
			continue;
		if (o->domain != sk->domain) {
			if (sk->reuseaddr && o->reuseaddr &&
			    o->state != IOU__SS_LISTEN)
				continue;
			return 1;
		}
		if (sk->domain == AF_UNIX) {
			if (unix_name_eq(&o->local, a))
				return 1;
			continue;
		}
		if (addr_port(&o->local) != addr_port(a) ||
		    !addr_same_host(&o->local, a))
			continue;
		/* SO_REUSEADDR on both: only a listener holds the port */
		if (sk->reuseaddr && o->reuseaddr && o->state != IOU__SS_LISTEN)
			continue;
		return 1;
	}
	return 0;
}

/* An ephemeral port for a, deterministic: the next free one. */
static int pick_port(struct iou__net *net, const struct iou__sock *sk,
		     struct iou__saddr *a)
{
	for (uint32_t tries = 0; tries <= PORT_LAST - PORT_FIRST; tries++) {
		uint32_t p = net->next_port;

		net->next_port = p == PORT_LAST ? PORT_FIRST : p + 1;
		addr_set_port(a, (uint16_t)p);
		if (!addr_in_use(net, sk, a))
			return 0;
	}
	return -EADDRINUSE;
}

static int autobind(struct iou_sim *sim, struct iou__sock *sk)
{
	struct iou__net *net = sk->net;
	int ret;

	if (sk->bound)
		return 0;
	if (sk->domain == AF_UNIX) {
		/* unnamed: nothing to reserve */
		addr_loopback(&sk->local, AF_UNIX, 0);
		return 0;
	}
	addr_loopback(&sk->local, sk->domain, 0);
	ret = pick_port(net, sk, &sk->local);
	if (!ret)
		ret = table_add(net, sk);
	IOU__TRACE(sim, "net s%llu autobind port %u = %d\n",
		   (unsigned long long)sk->id, addr_port(&sk->local), ret);
	return ret;
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
	/* Only stream sockets are modelled (datagram sockets are not). */
	if (base != SOCK_STREAM)
		return base >= SOCK_STREAM && base <= SOCK_SEQPACKET ?
		       -ESOCKTNOSUPPORT : -EINVAL;
	if (protocol && !(domain != AF_UNIX && protocol == IPPROTO_TCP))
		return -EPROTONOSUPPORT;
	sk = sock_alloc(sim, domain);
	if (!sk)
		return -ENOMEM;
	f = iou__file_new(sim, IOU__FT_SOCK);
	if (!f) {
		sock_free(sk);
		return -ENOMEM;
	}
	f->sock = sk;
	f->oflags = O_RDWR | ((type & SOCK_NONBLOCK) ? O_NONBLOCK : 0);
	IOU__TRACE(sim, "net s%llu socket domain=%d\n",
		   (unsigned long long)sk->id, domain);
	*out = f;
	return 0;
}

/* socketpair(AF_UNIX, SOCK_STREAM): two unnamed sockets, connected. */
int iou__sock_pair(struct iou_sim *sim, int nonblock, struct iou__file **a,
		   struct iou__file **b)
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
	x->state = y->state = IOU__SS_CONN;
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
	int ret = addr_in(sk, a, n, &sa);

	if (ret)
		return ret;
	if (sk->bound || sk->state != IOU__SS_NEW)
		return -EINVAL;
	if (sk->domain != AF_UNIX) {
		if (!addr_local(&sa))
			return -EADDRNOTAVAIL;
		if (!addr_port(&sa))
			ret = pick_port(sk->net, sk, &sa);
		else if (addr_in_use(sk->net, sk, &sa))
			ret = -EADDRINUSE;
	} else if (n <= offsetof(struct sockaddr_un, sun_path) + 1 &&
		   !((const struct sockaddr_un *)a)->sun_path[0]) {
		ret = -EINVAL; /* autobind of abstract names: not modelled */
	} else if (addr_in_use(sk->net, sk, &sa)) {
		ret = -EADDRINUSE;
	}
	if (!ret) {
		sk->local = sa;
		ret = table_add(sk->net, sk);
	}
	IOU__TRACE(sim, "net s%llu bind port %u = %d\n",
		   (unsigned long long)sk->id, addr_port(&sa), ret);
	return ret;
}

int iou__sock_listen(struct iou_sim *sim, struct iou__sock *sk, int backlog)
{
	int ret = 0;

	if (sk->state == IOU__SS_CONN)
		return -EINVAL;
	if (sk->domain == AF_UNIX && !sk->bound)
		return -EINVAL;
	if (!sk->bound)
		ret = autobind(sim, sk);
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
				       const struct iou__saddr *a)
{
	for (uint32_t i = 0; i < net->nbound; i++) {
		struct iou__sock *o = net->bound[i];

		if (o->state != IOU__SS_LISTEN)
			continue;
		/* IPv4 reaches an AF_INET6 listener on "::" (dual stack) */
		if (o->domain != domain) {
			if (domain == AF_INET && o->domain == AF_INET6 &&
			    !o->v6only && addr_any(&o->local) &&
			    addr_port(&o->local) == addr_port(a))
				return o;
			continue;
		}
		if (domain == AF_UNIX) {
			if (unix_name_eq(&o->local, a))
				return o;
			continue;
		}
		if (addr_port(&o->local) == addr_port(a) &&
		    addr_same_host(&o->local, a))
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
	int ret = addr_in(sk, a, n, &sa);

	*wait = NULL;
	if (ret)
		return ret;
	if (sk->state == IOU__SS_CONN)
		return -EISCONN;
	if (sk->state == IOU__SS_LISTEN)
		return -EISCONN;
	if (sk->domain != AF_UNIX && !addr_local(&sa))
		return -ENETUNREACH;
	l = find_listener(sk->net, sk->domain, &sa);
	if (!l) {
		ret = sk->domain == AF_UNIX ? -ENOENT : -ECONNREFUSED;
		if (sk->domain == AF_UNIX) {
			/* a bound, not listening name: refused */
			for (uint32_t i = 0; i < sk->net->nbound; i++)
				if (unix_name_eq(&sk->net->bound[i]->local, &sa))
					ret = -ECONNREFUSED;
		}
		IOU__TRACE(sim, "net s%llu connect port %u = %d\n",
			   (unsigned long long)sk->id, addr_port(&sa), ret);
		return ret;
	}
	/* the backlog holds backlog + 1 (sk_acceptq_is_full) */
	if (l->aq_n > l->backlog) {
		*wait = l;
		return -EAGAIN;
	}
	ret = autobind(sim, sk);
	if (ret)
		return ret;
	child = sock_alloc(sim, l->domain);
	if (!child)
		return -ENOMEM;
	ret = aq_push(l, child);
	if (ret) {
		sock_free(child);
		return ret;
	}
	child->state = IOU__SS_CONN;
	child->local = l->local;
	if (addr_any(&child->local))
		addr_loopback(&child->local, l->domain,
			      addr_port(&l->local));
	child->remote = sk->local;
	child->peer = sk;
	sk->peer = child;
	sk->state = IOU__SS_CONN;
	sk->remote = child->local;
	if (l->domain != sk->domain) {
		/* IPv4 on a dual-stack listener: the accepted socket sees
		 * v4-mapped addresses (::ffff:127.0.0.1) */
		v4_mapped(&child->local, addr_port(&l->local));
		v4_mapped(&child->remote, addr_port(&sk->local));
		addr_loopback(&sk->remote, AF_INET, addr_port(&l->local));
	}
	IOU__TRACE(sim, "net s%llu connect port %u = 0 (s%llu queued on s%llu)\n",
		   (unsigned long long)sk->id, addr_port(&sa),
		   (unsigned long long)child->id, (unsigned long long)l->id);
	iou__sock_wake(sim, l, IOU__POLLIN);
	return 0;
}

int iou__sock_accept(struct iou_sim *sim, struct iou__sock *sk,
		     struct iou__sock **out)
{
	struct iou__sock *child;

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

	if (peer && (sk->state != IOU__SS_CONN || (!sk->peer &&
						   sk->peer_closed)))
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
	if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY) {
		if (sk->domain != AF_INET6)
			return -ENOPROTOOPT;
		if (sk->bound)
			return -EINVAL; /* only before bind (do_ipv6_setsockopt) */
		sk->v6only = v != 0;
	}
	/* everything else (SO_REUSEPORT, SO_SNDBUF, SO_RCVBUF, SO_KEEPALIVE,
	 * TCP_NODELAY, IPV6_V6ONLY, ...) is accepted and has no effect */
	return 0;
}

/* ---- the receive ring ------------------------------------------------------------ */

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
	for (uint32_t i = 0; i < sk->nfills;) {
		if (sk->fills[i].notif == notif)
			fill_apply(sk, i);
		else
			i++;
	}
}

void iou__sock_drop_notif(struct iou__sock *sk, struct iou__req *notif)
{
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
	return sk->rx_len;
}

uint32_t iou__sock_room(const struct iou__sock *sk)
{
	if (!sk->peer)
		return 0;
	return IOU__SOCK_BUF - sk->peer->rx_len;
}

int iou__sock_empty(struct iou__sock *sk)
{
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
	struct iou__sock *p = sk->peer;
	size_t total = iou__iov_total(iov, niov), done = 0;
	uint32_t room;

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
	room = IOU__SOCK_BUF - p->rx_len;
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
	iou__sock_wake(sim, p, IOU__POLLIN | IOU__POLLRDNORM);
	return (ssize_t)done;
}

ssize_t iou__sock_recv(struct iou_sim *sim, struct iou__sock *sk,
		       const struct iovec *iov, uint32_t niov, size_t max,
		       int flags)
{
	size_t total = iou__iov_total(iov, niov), done = 0;
	uint32_t n;

	if (sk->state != IOU__SS_CONN)
		return -ENOTCONN;
	if (total > max)
		total = max;
	if (!sk->rx_len) {
		int e = iou__sock_empty(sk);

		return e == -EAGAIN && !total ? 0 : e;
	}
	n = total < sk->rx_len ? (uint32_t)total : sk->rx_len;
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

	switch (sk->state) {
	case IOU__SS_LISTEN:
		return sk->aq_n ? IOU__POLLIN | IOU__POLLRDNORM : 0;
	case IOU__SS_NEW:
		/* tcp_poll of a closed socket */
		return IOU__POLLOUT | IOU__POLLWRNORM | IOU__POLLHUP;
	case IOU__SS_CONN:
		break;
	}
	if (sk->rx_len || sk->rd_eof || sk->shut_rd)
		m |= IOU__POLLIN | IOU__POLLRDNORM;
	if (sk->rd_eof || sk->shut_rd)
		m |= IOU__POLLRDHUP;
	if (sk->err)
		m |= IOU__POLLERR;
	if (!sk->peer || sk->shut_wr || sk->peer->rx_len < IOU__SOCK_BUF)
		m |= IOU__POLLOUT | IOU__POLLWRNORM;
	if ((sk->rd_eof || sk->shut_rd) && (!sk->peer || sk->shut_wr))
		m |= IOU__POLLHUP;
	return m;
}

void iou__epoll_kick(struct iou_sim *sim, struct iou__waitq *wq);

void iou__sock_wake(struct iou_sim *sim, struct iou__sock *sk, uint32_t mask)
{
	struct iou__list *p = sk->wq.head.next;

	sk->wq.gen++; /* an edge for epoll (issue 9) */
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

#define WAKE_ALL 0xffffffffU

/* The peer of x is gone, with a reset or an orderly end (a FIN). On a
 * reset (tcp_reset) the error is ECONNRESET, or EPIPE when the peer's FIN
 * came first; the bytes already queued stay readable, and no send goes
 * out any more (measured on 6.18). */
static void peer_gone(struct iou_sim *sim, struct iou__sock *x, int reset)
{
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
	iou__sock_wake(sim, x, WAKE_ALL);
}

void iou__sock_reset(struct iou_sim *sim, struct iou__sock *sk)
{
	struct iou__sock *p = sk->peer;

	if (p)
		peer_gone(sim, p, 1);
	peer_gone(sim, sk, 1);
	sk->err = 0; /* reported by the caller now */
}

int iou__sock_shutdown(struct iou_sim *sim, struct iou__sock *sk, int how)
{
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	if (sk->state == IOU__SS_LISTEN)
		return 0;
	if (sk->state != IOU__SS_CONN)
		return -ENOTCONN;
	IOU__TRACE(sim, "net s%llu shutdown %d\n", (unsigned long long)sk->id,
		   how);
	if (how != SHUT_WR)
		sk->shut_rd = 1;
	if (how != SHUT_RD && !sk->shut_wr) {
		sk->shut_wr = 1;
		if (sk->peer) {
			sk->peer->rd_eof = 1;
			sk->peer->fin = 1;
			iou__sock_wake(sim, sk->peer, WAKE_ALL);
		}
	}
	iou__sock_wake(sim, sk, WAKE_ALL);
	return 0;
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
	if (sk->peer) {
		struct iou__sock *p = sk->peer;

		/* unread data or SO_LINGER {1, 0}: the peer is reset
		 * (tcp_close sends RST) */
		peer_gone(sim, p, sk->linger0 || sk->rx_len > 0);
		sk->peer = NULL;
	}
	if (sk->bound)
		table_del(sk->net, sk);
	/* connects waiting for room in its backlog: refused now */
	iou__sock_wake(sim, sk, WAKE_ALL);
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
	if (sk->peer && iou__fault(sim, IOU_FAULT_ECONNRESET)) {
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

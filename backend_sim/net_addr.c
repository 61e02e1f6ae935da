/* net_addr.c — addresses on the sim's loopback network: the families'
 * sockaddrs (ports, wildcard, loopback, v4-mapped, AF_UNIX names), the
 * table of bound sockets (ports per family, dual stack, SO_REUSEADDR) and
 * ephemeral ports (the next free one, deterministic). */
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

uint16_t iou__addr_port(const struct iou__saddr *a)
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

int iou__addr_any(const struct iou__saddr *a)
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
void iou__addr_loopback(struct iou__saddr *a, int domain, uint16_t port)
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
int iou__addr_local(const struct iou__saddr *a)
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

int iou__addr_same_host(const struct iou__saddr *a,
			  const struct iou__saddr *b)
{
	if (iou__addr_any(a) || iou__addr_any(b))
		return 1;
	if (a->ss.ss_family == AF_INET)
		return ((const struct sockaddr_in *)&a->ss)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)&b->ss)->sin_addr.s_addr;
	return !memcmp(&((const struct sockaddr_in6 *)&a->ss)->sin6_addr,
		       &((const struct sockaddr_in6 *)&b->ss)->sin6_addr, 16);
}

void iou__addr_v4_mapped(struct iou__saddr *a, uint16_t port)
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

int iou__addr_unix_eq(const struct iou__saddr *a, const struct iou__saddr *b)
{
	return a->len == b->len && !memcmp(&a->ss, &b->ss, a->len);
}

/* Copies the caller's address in: -EFAULT, -EINVAL, -EAFNOSUPPORT. */
int iou__addr_in(const struct iou__sock *sk, const struct sockaddr *a,
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

int iou__net_table_add(struct iou__net *net, struct iou__sock *sk)
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

void iou__net_table_del(struct iou__net *net, struct iou__sock *sk)
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
	if (six->v6only || !iou__addr_any(sixa))
		return 0;
	return iou__addr_port(&o->local) == iou__addr_port(a);
}

/* Whether a (a socket's address to be) clashes with a bound socket. */
int iou__addr_in_use(const struct iou__net *net, const struct iou__sock *sk,
		       const struct iou__saddr *a)
{
	for (uint32_t i = 0; i < net->nbound; i++) {
		const struct iou__sock *o = net->bound[i];

		if (o == sk)
			continue;
		/* TCP and UDP ports are apart */
		if (sk->domain != AF_UNIX && o->domain != AF_UNIX &&
		    (o->type == SOCK_DGRAM) != (sk->type == SOCK_DGRAM))
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
			if (iou__addr_unix_eq(&o->local, a))
				return 1;
			continue;
		}
		if (iou__addr_port(&o->local) != iou__addr_port(a) ||
		    !iou__addr_same_host(&o->local, a))
			continue;
		/* SO_REUSEADDR on both: only a listener holds the port */
		if (sk->reuseaddr && o->reuseaddr && o->state != IOU__SS_LISTEN)
			continue;
		return 1;
	}
	return 0;
}

/* An ephemeral port for a, deterministic: the next free one. */
int iou__net_pick_port(struct iou__net *net, const struct iou__sock *sk,
		     struct iou__saddr *a)
{
	for (uint32_t tries = 0; tries <= IOU__PORT_LAST - IOU__PORT_FIRST; tries++) {
		uint32_t p = net->next_port;

		net->next_port = p == IOU__PORT_LAST ? IOU__PORT_FIRST : p + 1;
		addr_set_port(a, (uint16_t)p);
		if (!iou__addr_in_use(net, sk, a))
			return 0;
	}
	return -EADDRINUSE;
}

int iou__sock_autobind(struct iou_sim *sim, struct iou__sock *sk)
{
	struct iou__net *net = sk->net;
	int ret;

	if (sk->bound)
		return 0;
	if (sk->domain == AF_UNIX) {
		/* unnamed: nothing to reserve */
		iou__addr_loopback(&sk->local, AF_UNIX, 0);
		return 0;
	}
	iou__addr_loopback(&sk->local, sk->domain, 0);
	ret = iou__net_pick_port(net, sk, &sk->local);
	if (!ret)
		ret = iou__net_table_add(net, sk);
	IOU__TRACE(sim, "net s%llu iou__sock_autobind port %u = %d\n",
		   (unsigned long long)sk->id, iou__addr_port(&sk->local), ret);
	return ret;
}

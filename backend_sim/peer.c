/* peer.c — a peer in the sim's world (iou_sim_peer, IOU_SIM_PEER): a UDP
 * client that sends numbered datagrams to one of the program's ports and
 * checks that each comes back unchanged, so that a server that serves for
 * ever (liburing's io_uring-udp) can be run and explored whole.
 *
 * The peer acts only at idle points: when the program waits (an enter
 * waiting for CQEs, or a call that waits by design) with no queued work
 * left to run. There it reads the echoes that arrived and, while the
 * program's port is bound, sends a burst of its remaining datagrams (how
 * many is a choice: 0 = one; never more than the server's receive queue
 * has room for, which would drop them). When nothing at all can end the wait and the
 * peer has sent everything and heard every echo, the program is a server
 * with nothing left to do: the wait returns -EDEADLK without marking the
 * sim hung, and sim->idle_end (IOU_BACKEND=sim: the process exits 0) runs.
 * A peer still missing echoes leaves it a hang.
 *
 * Datagram k (SIZE bytes) starts with k, little-endian, then bytes derived
 * from k and their offset; an echo must come from the program's port. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"
#include "sim.h"
#include "world.h"

#define PEER_COUNT_MAX 65536U
#define PEER_SIZE_MIN 4U        /* room for the datagram's number */
#define PEER_SIZE_MAX 65507U    /* the largest UDP payload over IPv4 */

struct iou__peer {
	int domain;
	uint16_t port;
	uint32_t count, size;
	uint32_t sent;             /* datagrams sent so far */
	uint32_t echoed;           /* distinct datagrams heard back */
	uint32_t dups, bad;        /* echoes heard twice; wrong ones */
	uint8_t *heard;            /* per datagram: heard back (0/1) */
	uint8_t *buf;              /* one datagram */
	struct iou__file *file;    /* its socket, in no fd slot */
};

static int parse_u32(const char **s, uint32_t min, uint32_t max,
		     uint32_t *out)
{
	char *e;
	unsigned long v;

	if (**s < '0' || **s > '9')
		return -EINVAL;
	v = strtoul(*s, &e, 10);
	if (v < min || v > max || (*e && (*e != ':' || !e[1])))
		return -EINVAL;
	*out = (uint32_t)v;
	*s = *e ? e + 1 : e;
	return 0;
}

/* "udp-echo:PORT[:COUNT[:SIZE]]", "udp6-echo:..." */
static int parse(struct iou__peer *p, const char *s)
{
	uint32_t port;

	if (!strncmp(s, "udp-echo:", 9)) {
		p->domain = AF_INET;
		s += 9;
	} else if (!strncmp(s, "udp6-echo:", 10)) {
		p->domain = AF_INET6;
		s += 10;
	} else {
		return -EINVAL;
	}
	p->count = 8;
	p->size = 64;
	if (parse_u32(&s, 1, 65535, &port))
		return -EINVAL;
	p->port = (uint16_t)port;
	if (*s && parse_u32(&s, 1, PEER_COUNT_MAX, &p->count))
		return -EINVAL;
	if (*s && parse_u32(&s, PEER_SIZE_MIN, PEER_SIZE_MAX, &p->size))
		return -EINVAL;
	return *s ? -EINVAL : 0;
}

int iou_sim_peer(struct iou_sim *sim, const char *spec)
{
	struct iou__peer *p;

	if (!sim || !spec)
		return -EINVAL;
	if (sim->peer)
		return -EBUSY;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	if (parse(p, spec)) {
		free(p);
		return -EINVAL;
	}
	p->heard = calloc(p->count, 1);
	p->buf = malloc(p->size);
	if (!p->heard || !p->buf) {
		free(p->heard);
		free(p->buf);
		free(p);
		return -ENOMEM;
	}
	sim->peer = p;
	IOU__TRACE(sim, "peer udp-echo domain=%d port=%u count=%u size=%u\n",
		   p->domain, (unsigned)p->port, p->count, p->size);
	return 0;
}

void iou__peer_free(struct iou_sim *sim)
{
	struct iou__peer *p = sim->peer;

	if (!p)
		return;
	if (p->file)
		iou__file_put(sim, p->file);
	free(p->heard);
	free(p->buf);
	free(p);
	sim->peer = NULL;
}

static uint8_t byte_at(uint32_t k, uint32_t i)
{
	return i < 4 ? (uint8_t)(k >> (8 * i)) : (uint8_t)(k * 7 + i * 13 + 1);
}

static void fill(struct iou__peer *p, uint32_t k)
{
	for (uint32_t i = 0; i < p->size; i++)
		p->buf[i] = byte_at(k, i);
}

/* The peer's socket, made and bound at its first idle point. */
static struct iou__sock *peer_sock(struct iou_sim *sim, struct iou__peer *p)
{
	struct iou__file *f;

	if (p->file)
		return p->file->sock;
	if (iou__sock_new(sim, p->domain, SOCK_DGRAM, 0, &f))
		return NULL;
	if (iou__sock_autobind(sim, f->sock)) {
		iou__file_put(sim, f);
		return NULL;
	}
	p->file = f;
	/* room for every echo: the peer reads only when the program waits */
	f->sock->rcvbuf = (uint32_t)((uint64_t)p->count *
				     IOU__DGRAM_COST(p->size) > UINT32_MAX / 2 ?
				     UINT32_MAX / 2 :
				     p->count * IOU__DGRAM_COST(p->size));
	return f->sock;
}

static int echo_ok(const struct iou__peer *p, ssize_t len,
		   const struct iou__saddr *from, uint32_t *k)
{
	if (len != (ssize_t)p->size || iou__addr_port(from) != p->port)
		return 0;
	*k = (uint32_t)p->buf[0] | (uint32_t)p->buf[1] << 8 |
	     (uint32_t)p->buf[2] << 16 | (uint32_t)p->buf[3] << 24;
	if (*k >= p->sent)
		return 0;
	for (uint32_t i = 4; i < p->size; i++)
		if (p->buf[i] != byte_at(*k, i))
			return 0;
	return 1;
}

/* Reads every echo queued on the peer's socket. */
static void drain(struct iou_sim *sim, struct iou__peer *p,
		  struct iou__sock *sk)
{
	for (;;) {
		struct iovec v = { p->buf, p->size };
		struct iou__saddr from;
		uint32_t k;
		ssize_t n;

		memset(&from, 0, sizeof(from));
		from.len = sizeof(from.ss);
		n = iou__dgram_recv(sim, sk, &v, 1, MSG_TRUNC,
				    (struct sockaddr *)&from.ss, &from.len,
				    NULL);
		if (n < 0)
			return;
		if (!echo_ok(p, n, &from, &k)) {
			p->bad++;
			IOU__TRACE(sim, "peer echo wrong: %zd bytes from port "
				   "%u\n", n, (unsigned)iou__addr_port(&from));
		} else if (p->heard[k]) {
			p->dups++;
			IOU__TRACE(sim, "peer echo %u again\n", k);
		} else {
			p->heard[k] = 1;
			p->echoed++;
			IOU__TRACE(sim, "peer echo %u (%u of %u)\n", k,
				   p->echoed, p->count);
		}
	}
}

int iou__peer_step(struct iou_sim *sim)
{
	struct iou__peer *p = sim->peer;
	struct iou__sock *sk = peer_sock(sim, p), *r;
	struct iou__saddr dst;
	uint32_t burst, fit;

	if (!sk)
		return 0;
	drain(sim, p, sk);
	if (p->sent == p->count || !(r = iou__dgram_udp_dest(sk, p->port)))
		return 0;
	/* no more than the server's queue holds: a full queue drops
	 * datagrams (legal, but a loss the peer would take for the
	 * server's) */
	fit = iou__dgram_room(r) / IOU__DGRAM_COST(p->size);
	if (fit > p->count - p->sent)
		fit = p->count - p->sent;
	if (!fit)
		return 0;
	burst = 1 + iou__choose(sim, IOU__CH_PEER, fit);
	IOU__TRACE(sim, "peer sends %u from %u of %u\n", burst, p->sent,
		   p->count);
	iou__addr_loopback(&dst, p->domain, p->port);
	while (burst--) {
		struct iovec v = { p->buf, p->size };
		struct iou__sock *w;

		fill(p, p->sent++);
		iou__dgram_send(sim, sk, &v, 1, (struct sockaddr *)&dst.ss,
				dst.len, &w);
	}
	return 1;
}

static int done(const struct iou_sim *sim, const struct iou__peer *p)
{
	if (p->sent < p->count || p->bad)
		return 0;
	/* lost and duplicated datagrams are legal under IOU_FAULT_NETDGRAM */
	if (sim->faults & IOU_FAULT_NETDGRAM)
		return 1;
	return p->echoed == p->count && !p->dups;
}

int iou__peer_idle(struct iou_sim *sim)
{
	struct iou__peer *p = sim->peer;

	if (p->file)
		drain(sim, p, p->file->sock);
	if (!done(sim, p)) {
		IOU__TRACE(sim, "peer not done: sent %u of %u, %u echoed, %u "
			   "twice, %u wrong\n", p->sent, p->count, p->echoed,
			   p->dups, p->bad);
		return 0;
	}
	IOU__TRACE(sim, "peer done (%u echoed): the program is idle\n",
		   p->echoed);
	if (sim->idle_end)
		sim->idle_end(sim);
	return 1;
}

int iou_sim_peer_done(const struct iou_sim *sim)
{
	if (!sim || !sim->peer)
		return -EINVAL;
	return done(sim, sim->peer);
}

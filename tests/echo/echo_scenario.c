/* echo_scenario.c — the echo server and its clients as one sim scenario,
 * and the oracle (see echo_scenario.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "echo_client.h"
#include "echo_scenario.h"

#define RING_ENTRIES 128  /* unless the script says */
#define FAULT_IDLE_MAX 4096  /* see traffic() */
/* UDP with faults: a datagram the server could not send is lost, and its
 * client waits for it for ever; this many idle steps end the traffic. */
#define UDP_IDLE_MAX 64

struct run {
	struct iou ring;
	struct echo_server srv;
	union {
		struct sockaddr_in v4;
		struct sockaddr_in6 v6;
	} addr;
	socklen_t addrlen;
	unsigned started;
	struct echo_client *cl; /* sc->nclients of them */
};

static int fail_at(struct echo_sc_out *out, enum echo_sc_fail f, int client,
		   int err)
{
	if (out->fail == ECHO_SC_OK) {
		out->fail = f;
		out->client = client;
		out->err = err;
	}
	return out->fail;
}

/* A client error the script allows: with faults that may end a connection
 * (lossy) or the server stopped mid-stream a connection may end
 * early, but the bytes a client checked are never wrong and never more
 * than it sent. */
static int client_error_allowed(const struct echo_script *sc, int lossy,
				int err)
{
	/* datagrams lost, duplicated or reordered on the way (a network,
	 * not loopback): a UDP client's stream check sees it */
	if (sc->srv.udp && (sc->faults & IOU_FAULT_NETDGRAM))
		return 1;
	if (err == -EILSEQ || err == -EPROTO)
		return 0;
	return lossy || sc->stop_step;
}

static int server_listen(struct run *r, const struct echo_script *sc)
{
	socklen_t len;
	int ret;

	memset(&r->addr, 0, sizeof(r->addr));
	if (sc->ipv6) {
		r->addr.v6.sin6_family = AF_INET6;
		r->addr.v6.sin6_addr = in6addr_loopback;
		len = sizeof(r->addr.v6);
	} else {
		r->addr.v4.sin_family = AF_INET;
		r->addr.v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(r->addr.v4);
	}
	ret = echo_server_start(&r->srv, &r->ring, (struct sockaddr *)&r->addr,
				len, &sc->srv);
	if (ret)
		return ret;
	r->addrlen = len;
	ret = echo_server_addr(&r->srv, (struct sockaddr *)&r->addr,
			       &r->addrlen);
	if (ret)
		echo_server_stop(&r->srv);
	return ret;
}

static int client_start(struct run *r, const struct echo_script *sc,
			unsigned i)
{
	const struct echo_sc_client *c = &sc->cl[i];
	struct echo_client_opts o = {
		.seed = c->seed, .bytes = c->bytes, .max_chunk = c->max_chunk,
		.window = c->window, .read_every = c->read_every,
		.udp = sc->srv.udp,
	};

	/* UDP: a datagram fits the server's buffer after the header */
	if (o.udp && r->srv.opts.buf_size > ECHO_UDP_OVERHEAD &&
	    (!o.max_chunk ||
	     o.max_chunk > r->srv.opts.buf_size - ECHO_UDP_OVERHEAD))
		o.max_chunk = (unsigned)(r->srv.opts.buf_size -
					 ECHO_UDP_OVERHEAD);

	return echo_client_start(&r->cl[i], &r->ring,
				 (struct sockaddr *)&r->addr, r->addrlen, &o);
}

/* Steps every started, unfinished client once. Returns the progress
 * made, or -1 after recording a failure in out. */
static int clients_round(struct run *r, const struct echo_script *sc,
			 int lossy, struct echo_sc_out *out)
{
	int progress = 0;

	for (unsigned i = 0; i < r->started; i++) {
		struct echo_client *c = &r->cl[i];
		int ret;

		if (echo_client_finished(c))
			continue;
		ret = echo_client_step(c);
		/* a burst: more steps while it moves (fewer server steps) */
		for (unsigned k = 1; ret > 0 && k < sc->burst; k++) {
			int more = echo_client_step(c);

			ret = more > 0 ? ret + more : more < 0 ? more : ret;
			if (more <= 0)
				break;
		}
		if (ret < 0) {
			if (ret == -EILSEQ)
				out->bad_offset = c->bad_offset;
			if (!client_error_allowed(sc, lossy, ret)) {
				fail_at(out, ret == -EILSEQ || ret == -EPROTO
					? ECHO_SC_BAD_BYTE
					: ECHO_SC_CLIENT_ERROR, (int)i, ret);
				return -1;
			}
			progress++;  /* finished, with an allowed error */
			continue;
		}
		progress += ret > 0;
	}
	return progress;
}

/* Rounds until some client moves, up to the slowest reader's period (a
 * client reads only on every read_every-th step). */
static int clients_step(struct run *r, const struct echo_script *sc,
			int lossy, struct echo_sc_out *out)
{
	unsigned rounds = 1;
	int progress = 0;

	for (unsigned i = 0; i < r->started; i++)
		if (sc->cl[i].read_every > rounds)
			rounds = sc->cl[i].read_every;
	while (rounds-- && !progress)
		progress = clients_round(r, sc, lossy, out);
	return progress;
}

static unsigned clients_finished(const struct run *r)
{
	unsigned n = 0;

	for (unsigned i = 0; i < r->started; i++)
		n += echo_client_finished(&r->cl[i]);
	return n;
}

/* Starts the clients whose step has come, or, when nothing else can move
 * (force), the next one. Returns 0 or -1 after recording a failure. */
static int clients_start(struct run *r, const struct echo_script *sc,
			 unsigned step, int force, int lossy,
			 struct echo_sc_out *out)
{
	while (r->started < sc->nclients &&
	       (force || sc->cl[r->started].start_step <= step)) {
		struct echo_client *c = &r->cl[r->started];
		int ret = client_start(r, sc, r->started);

		if (ret && !lossy)
			return fail_at(out, ECHO_SC_SETUP, (int)r->started,
				       ret), -1;
		if (ret) {
			/* an injected fault: this client is over */
			c->fd = -1;
			c->state = ECHO_CLIENT_FAILED;
			c->error = ret;
		}
		out->bytes_expected += sc->cl[r->started].bytes;
		r->started++;
		force = 0;
	}
	return 0;
}

/* Server steps before a run that is still going is a livelock. */
static unsigned step_limit(const struct echo_script *sc)
{
	uint64_t bytes = 0;

	for (unsigned i = 0; i < sc->nclients; i++)
		bytes += sc->cl[i].bytes;
	bytes = 2 * FAULT_IDLE_MAX + 8 * bytes;
	return bytes > UINT32_MAX ? UINT32_MAX : (unsigned)bytes;
}

/* Clients and server until every client is done (or the stop step).
 * Returns 0, or -1 after recording a failure. */
static int traffic(struct iou_sim *sim, struct run *r,
		   const struct echo_script *sc, int lossy,
		   struct echo_sc_out *out)
{
	struct iou_timespec tick = { .tv_sec = 0, .tv_nsec = 1000000 };
	unsigned limit = step_limit(sc), idle = 0;

	for (;;) {
		int progress, ret;

		if (clients_start(r, sc, out->steps, 0, lossy, out))
			return -1;
		if (r->started == sc->nclients &&
		    clients_finished(r) == sc->nclients)
			return 0;
		if (sc->stop_step && out->steps >= sc->stop_step)
			return 0;
		progress = clients_step(r, sc, lossy, out);
		if (progress < 0)
			return -1;
		if (!progress && r->started < sc->nclients) {
			/* nothing moves: the next client may as well come */
			if (clients_start(r, sc, out->steps, 1, lossy, out))
				return -1;
			progress = 1;
		}
		/* Nothing a client can do: wait for the kernel, without a
		 * timeout, so that a run that can never end is the sim's
		 * hang. With faults, a client's read may have failed with a
		 * transient -EINTR and it could go on at once: wait a
		 * virtual millisecond, and call it a hang when neither side
		 * moved for FAULT_IDLE_MAX steps in a row. */
		ret = echo_server_step(&r->srv, progress ? 0 : 1,
				       sc->faults ? &tick : NULL);
		out->steps++;
		idle = progress || ret > 0 ? 0 : idle + 1;
		if (sc->srv.udp && lossy && idle > UDP_IDLE_MAX)
			return 0;  /* a datagram was lost: cut them off */
		if (iou_sim_hung(sim) || ret == -EDEADLK ||
		    idle > FAULT_IDLE_MAX)
			return fail_at(out, ECHO_SC_HANG, -1, ret), -1;
		if (ret < 0)
			return fail_at(out, ECHO_SC_RING_ERROR, -1, ret), -1;
		if (out->steps > limit)
			return fail_at(out, ECHO_SC_LIVELOCK, -1, 0), -1;
	}
}

/* After the server stopped: the clients see the end of their connection
 * (all done already, unless the stop cut them off). */
static int clients_drain(struct iou_sim *sim, struct run *r,
			 const struct echo_script *sc, int lossy,
			 struct echo_sc_out *out)
{
	unsigned idle = 0;

	while (clients_finished(r) < r->started) {
		int progress = clients_step(r, sc, lossy, out);

		if (progress < 0)
			return -1;
		/* with faults, a read may fail -EINTR: try again */
		idle = progress ? 0 : idle + 1;
		if (idle > (sc->faults ? UDP_IDLE_MAX : 0) && sc->srv.udp &&
		    (lossy || sc->stop_step)) {
			/* no EOF in UDP: the ones the stop (or a lost
			 * datagram) cut off wait for ever; close them */
			for (unsigned i = 0; i < r->started; i++)
				if (!echo_client_finished(&r->cl[i]))
					echo_client_close(&r->cl[i]);
			return 0;
		}
		if (idle > (sc->faults ? FAULT_IDLE_MAX : 0)) {
			/* a client waits for bytes nobody will send */
			for (unsigned i = 0; i < r->started; i++)
				if (!echo_client_finished(&r->cl[i]))
					return fail_at(out, ECHO_SC_CLIENT_ERROR,
						       (int)i, -ETIMEDOUT), -1;
		}
		if (iou_sim_hung(sim))
			return fail_at(out, ECHO_SC_HANG, -1, 0), -1;
	}
	return 0;
}

/* The server's books after the stop. */
static int books(const struct run *r, const struct echo_script *sc,
		 int lossy, struct echo_sc_out *out)
{
	const struct echo_stats *st = &r->srv.stats;
	int cut = lossy || sc->stop_step;

	if (st->early_reuse)
		return fail_at(out, ECHO_SC_EARLY_REUSE, -1, 0), -1;
	if (st->protocol_errors)
		return fail_at(out, ECHO_SC_PROTOCOL, -1, 0), -1;
	if (r->srv.outstanding || r->srv.in_kernel != r->srv.opts.nbufs ||
	    st->closed != st->accepted || st->rejected)
		return fail_at(out, ECHO_SC_BOOKS, -1, 0), -1;
	if (!cut && (st->accepted != (sc->srv.udp ? 1 : sc->nclients) ||
		     st->conn_errors ||
		     st->bytes_echoed != out->bytes_expected ||
		     st->bytes_received != out->bytes_expected))
		return fail_at(out, ECHO_SC_BOOKS, -1, 0), -1;
	return 0;
}

/* Multishot recv and send_zc: 6.0; UDP: sendmsg_zc, 6.1. */
static int have_ops(const struct iou_sim *sim, const struct echo_script *sc)
{
	return iou_sim_kernel(sim) >= (sc->srv.udp ? IOU_KERNEL_VERSION(6, 1)
						   : IOU_KERNEL_VERSION(6, 0));
}

int echo_sc_run(struct iou_sim *sim, const struct echo_script *sc,
		struct echo_sc_out *outp)
{
	struct echo_sc_out scratch;
	struct echo_sc_out *out = outp ? outp : &scratch;
	struct run *r;
	int lossy, ret, stop;

	memset(out, 0, sizeof(*out));
	out->client = -1;
	if (!sc->nclients || sc->nclients > ECHO_SC_MAX_CLIENTS)
		return fail_at(out, ECHO_SC_SETUP, -1, -EINVAL);
	/* -EINTR and -EAGAIN are transient: the server retries, and every
	 * client must still be served; the other classes may end a
	 * connection */
	lossy = (sc->faults & ~(IOU_FAULT_EAGAIN | IOU_FAULT_EINTR)) != 0;
	/* not zeroed: the ring, the server and each client are set up
	 * whole by their init calls (a fuzzer runs this 10^4 times/s) */
	r = malloc(sizeof(*r));
	if (r) {
		r->started = 0;
		r->cl = malloc(sc->nclients * sizeof(*r->cl));
	}
	if (!r || !r->cl) {
		free(r);
		return fail_at(out, ECHO_SC_SETUP, -1, -ENOMEM);
	}
	ret = iou_queue_init_sim(sc->ring_entries ? sc->ring_entries
						  : RING_ENTRIES, &r->ring, 0,
				 sim);
	if (!ret) {
		ret = server_listen(r, sc);
		if (ret)
			iou_queue_exit(&r->ring);
	}
	if (ret) {
		free(r->cl);
		free(r);
		/* the server refuses exactly the kernels without its ops;
		 * an injected fault may fail the set-up anywhere */
		out->refused = ret == -EOPNOTSUPP;
		if (out->refused == !have_ops(sim, sc) || (lossy &&
						       ret != -EOPNOTSUPP))
			return ECHO_SC_OK;
		return fail_at(out, ECHO_SC_SETUP, -1, ret);
	}
	if (!have_ops(sim, sc)) {
		/* it started on a kernel it cannot serve */
		iou_queue_exit(&r->ring);
		free(r->cl);
		free(r);
		return fail_at(out, ECHO_SC_SETUP, -1, 0);
	}

	ret = traffic(sim, r, sc, lossy, out);
	/* after a failure too: the stop frees what the server holds (after
	 * a hang its wait fails at once, -EDEADLK) */
	stop = echo_server_stop(&r->srv);
	if (stop && !ret) {
		ret = -1;
		fail_at(out, iou_sim_hung(sim) ? ECHO_SC_HANG : ECHO_SC_STOP,
			-1, stop);
	}
	if (!ret)
		ret = clients_drain(sim, r, sc, lossy, out);
	if (!ret && sc->check_books)
		ret = books(r, sc, lossy, out);
	out->stats = r->srv.stats;
	for (unsigned i = 0; i < r->started; i++) {
		out->done += r->cl[i].state == ECHO_CLIENT_DONE;
		echo_client_close(&r->cl[i]);
	}
	if (!ret && !sc->stop_step && !lossy && out->done != sc->nclients)
		fail_at(out, ECHO_SC_CLIENT_ERROR, -1, 0);
	iou_queue_exit(&r->ring);
	free(r->cl);
	free(r);
	return out->fail;
}

int echo_sc_scenario(struct iou_sim *sim, void *arg)
{
	struct echo_sc_arg *a = arg;

	return echo_sc_run(sim, a->sc, &a->out);
}

const char *echo_sc_fail_name(enum echo_sc_fail f)
{
	switch (f) {
	case ECHO_SC_OK: return "ok";
	case ECHO_SC_SETUP: return "set-up failed";
	case ECHO_SC_BAD_BYTE: return "a client got a wrong byte";
	case ECHO_SC_CLIENT_ERROR: return "a client failed";
	case ECHO_SC_EARLY_REUSE: return "buffer reused before its F_NOTIF";
	case ECHO_SC_PROTOCOL: return "protocol error";
	case ECHO_SC_HANG: return "hang";
	case ECHO_SC_LIVELOCK: return "livelock";
	case ECHO_SC_RING_ERROR: return "ring error";
	case ECHO_SC_STOP: return "unclean shutdown";
	case ECHO_SC_BOOKS: return "books do not balance";
	}
	return "?";
}

void echo_sc_describe(const struct echo_sc_out *out, char *buf, size_t len)
{
	const struct echo_stats *st = &out->stats;
	int n;

	n = snprintf(buf, len, "%s", echo_sc_fail_name(out->fail));
	if (out->fail == ECHO_SC_OK || n < 0 || (size_t)n >= len)
		return;
	if (out->client >= 0)
		n += snprintf(buf + n, len - (size_t)n, ": client %d",
			      out->client);
	if ((size_t)n < len && out->err)
		n += snprintf(buf + n, len - (size_t)n, " (%s)",
			      iou_strerror(out->err));
	if ((size_t)n < len && out->fail == ECHO_SC_BAD_BYTE)
		n += snprintf(buf + n, len - (size_t)n, " at offset %llu",
			      (unsigned long long)out->bad_offset);
	if ((size_t)n < len)
		snprintf(buf + n, len - (size_t)n,
			 "; step %u, %u done, %llu/%llu bytes echoed, "
			 "early_reuse %llu, protocol_errors %llu",
			 out->steps, out->done,
			 (unsigned long long)st->bytes_echoed,
			 (unsigned long long)out->bytes_expected,
			 (unsigned long long)st->early_reuse,
			 (unsigned long long)st->protocol_errors);
}

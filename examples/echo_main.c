/* echo_main.c — iou-echo: the echo server of echo.c on the real kernel.
 *
 *   iou-echo serve [PORT]   serves on 127.0.0.1:PORT (default 7777) until
 *                           SIGINT or SIGTERM, then shuts down cleanly
 *   iou-echo selftest       serves on a loopback port of the kernel's
 *                           choosing to clients of echo_client.c stepped in
 *                           the same thread; exits 0 only if every byte came
 *                           back in order to its client, no buffer was
 *                           reused before its notification and the shutdown
 *                           was clean; 77 when io_uring is unavailable
 *
 * Either command takes --udp to echo UDP datagrams instead (the selftest's
 * clients then send datagrams of up to 512 bytes, at most 4 unanswered
 * each, which loopback never drops), and --bug=recycle-on-first-cqe or
 * --bug=no-rearm-accept to run the server with that catalogued bug. */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "echo.h"
#include "echo_client.h"

#define RING_ENTRIES 256

#define ST_CLIENTS    24          /* connections over the whole test */
#define ST_PARALLEL   8           /* clients connected at once */
#define ST_MIN_BYTES  (4 * 1024)
#define ST_MAX_BYTES  (512 * 1024)
#define ST_TIMEOUT_NS (30 * 1000000000LL)

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct sockaddr_in loopback(unsigned port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

/* Sets up the ring; prints why not. Returns 0, 77 (skip) or 1. */
static int ring_open(struct iou *ring)
{
	int ret = iou_queue_init(RING_ENTRIES, ring, 0);

	if (ret == -ENOSYS || ret == -EPERM) {
		printf("iou-echo: io_uring unavailable (%s): skipped\n",
		       iou_strerror(ret));
		return 77;
	}
	if (ret < 0) {
		fprintf(stderr, "iou_queue_init: %s\n", iou_strerror(ret));
		return 1;
	}
	return 0;
}

static void print_stats(const char *what, const struct echo_stats *st)
{
	printf("%s: %llu connections, %llu bytes echoed, %llu sends "
	       "(%llu short), %llu zc notifications (%llu copied), re-arms: "
	       "%llu accept, %llu recv (%llu after -ENOBUFS)",
	       what, (unsigned long long)st->accepted,
	       (unsigned long long)st->bytes_echoed,
	       (unsigned long long)st->sends,
	       (unsigned long long)st->short_sends,
	       (unsigned long long)st->notifs,
	       (unsigned long long)st->zc_copied,
	       (unsigned long long)st->rearm_accept,
	       (unsigned long long)st->rearm_recv,
	       (unsigned long long)st->enobufs);
}

/* ---- serve ------------------------------------------------------------- */

static int serve(unsigned port, enum echo_bug bug, int udp)
{
	struct echo_opts opts = { .reuseaddr = 1, .bug = bug, .udp = udp };
	struct sockaddr_in addr = loopback(port);
	struct sigaction sa;
	static struct echo_server srv;
	struct iou ring;
	int ret;

	if ((ret = ring_open(&ring)))
		return ret;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;  /* no SA_RESTART: the wait returns EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	ret = echo_server_start(&srv, &ring, (struct sockaddr *)&addr,
				sizeof(addr), &opts);
	if (ret < 0) {
		fprintf(stderr, "echo_server_start: %s\n", iou_strerror(ret));
		iou_queue_exit(&ring);
		return 1;
	}
	printf("iou-echo: serving %s on 127.0.0.1:%u (Ctrl-C stops)\n",
	       udp ? "UDP" : "TCP", port);
	fflush(stdout);
	while (!stop_requested && ret >= 0)
		ret = echo_server_step(&srv, 1, NULL);
	if (ret < 0)
		fprintf(stderr, "echo_server_step: %s\n", iou_strerror(ret));
	ret = echo_server_stop(&srv);
	print_stats("iou-echo", &srv.stats);
	printf(", stop %s\n", ret ? iou_strerror(ret) : "clean");
	iou_queue_exit(&ring);
	return ret ? 1 : 0;
}

/* ---- selftest ---------------------------------------------------------- */

struct selftest {
	struct iou ring;
	struct echo_server srv;
	struct echo_client clients[ST_CLIENTS];
	struct sockaddr_in addr;
	unsigned started, finished;
	uint64_t bytes_expected;
	int udp;
};

/* Client i's stream: chunks of at most 1 byte .. 16 KiB, and a length that
 * grows with the chunk size (a few thousand writes per client at most). */
static void client_opts(unsigned i, int udp, struct echo_client_opts *o)
{
	uint64_t seed = 0x5eed0000ULL + i;
	uint64_t bytes;

	memset(o, 0, sizeof(*o));
	o->seed = seed;
	o->max_chunk = 1U << (i % 15);
	bytes = (uint64_t)o->max_chunk * 1024;
	if (bytes < ST_MIN_BYTES)
		bytes = ST_MIN_BYTES;
	if (bytes > ST_MAX_BYTES)
		bytes = ST_MAX_BYTES;
	o->bytes = bytes + (seed * 2654435761ULL) % (bytes / 2);
	if (i % 6 == 5) {
		/* a slow reader with no window: the server's sends back up */
		o->window = (unsigned)o->bytes;
		o->read_every = 16;
	}
	if (udp) {
		/* a datagram per read: a slow reader would only slow the
		 * test down (its echoes wait in its socket, not the
		 * server's) */
		o->udp = 1;
		o->dgram_window = 4;
		o->read_every = 0;
		if (o->max_chunk > 512)
			o->max_chunk = 512;
		if (o->bytes > 64 * 1024)
			o->bytes = 64 * 1024;
	}
}

/* Starts clients while fewer than ST_PARALLEL run. Returns 0 or -errno. */
static int clients_start(struct selftest *t)
{
	while (t->started < ST_CLIENTS &&
	       t->started - t->finished < ST_PARALLEL) {
		struct echo_client_opts o;
		int ret;

		client_opts(t->started, t->udp, &o);
		ret = echo_client_start(&t->clients[t->started], &t->ring,
					(struct sockaddr *)&t->addr,
					sizeof(t->addr), &o);
		if (ret < 0)
			return ret;
		t->bytes_expected += o.bytes;
		t->started++;
	}
	return 0;
}

/* Steps every running client once. Returns progress, or -errno of the
 * first client that failed. */
static int clients_step(struct selftest *t)
{
	int progress = 0;

	for (unsigned i = 0; i < t->started; i++) {
		struct echo_client *c = &t->clients[i];
		int ret;

		if (echo_client_finished(c))
			continue;
		ret = echo_client_step(c);
		if (ret < 0) {
			fprintf(stderr, "client %u: %s after %llu bytes back "
				"(first bad byte at %llu)\n", i,
				iou_strerror(ret),
				(unsigned long long)c->received,
				(unsigned long long)c->bad_offset);
			return ret;
		}
		if (echo_client_finished(c))
			t->finished++;
		progress += ret;
	}
	return progress;
}

/* Runs clients and server until every client is done. Returns 0 or -errno
 * (-ETIMEDOUT past the deadline). */
static int selftest_run(struct selftest *t, int64_t deadline)
{
	struct iou_timespec tick = { .tv_sec = 0, .tv_nsec = 1000000 };
	int ret;

	while (t->finished < ST_CLIENTS) {
		if ((ret = clients_start(t)) < 0)
			return ret;
		ret = clients_step(t);
		if (ret < 0)
			return ret;
		/* nothing moved client-side: let the server wait a little */
		ret = echo_server_step(&t->srv, ret ? 0 : 1, &tick);
		if (ret < 0)
			return ret;
		if (now_ns() > deadline)
			return -ETIMEDOUT;
	}
	return 0;
}

/* Checks the server's side of the bargain; prints each failure. */
static int selftest_verdict(const struct selftest *t, int stop_ret)
{
	const struct echo_stats *st = &t->srv.stats;
	int bad = 0;

	if (stop_ret) {
		fprintf(stderr, "shutdown: %s\n", iou_strerror(stop_ret));
		bad = 1;
	}
	if (st->early_reuse || st->protocol_errors) {
		fprintf(stderr, "buffer reused before its notification %llu "
			"times, %llu protocol errors\n",
			(unsigned long long)st->early_reuse,
			(unsigned long long)st->protocol_errors);
		bad = 1;
	}
	if (st->bytes_echoed != t->bytes_expected ||
	    st->accepted != (t->udp ? 1 : ST_CLIENTS) ||
	    st->closed != st->accepted ||
	    st->conn_errors || st->rejected) {
		fprintf(stderr, "server: %llu/%llu bytes, %llu accepted, "
			"%llu closed, %llu errors, %llu rejected\n",
			(unsigned long long)st->bytes_echoed,
			(unsigned long long)t->bytes_expected,
			(unsigned long long)st->accepted,
			(unsigned long long)st->closed,
			(unsigned long long)st->conn_errors,
			(unsigned long long)st->rejected);
		bad = 1;
	}
	if (t->srv.in_kernel != t->srv.opts.nbufs || t->srv.outstanding) {
		fprintf(stderr, "%u of %u buffers home, %u CQEs outstanding\n",
			t->srv.in_kernel, t->srv.opts.nbufs,
			t->srv.outstanding);
		bad = 1;
	}
	return bad;
}

static int selftest(enum echo_bug bug, int udp)
{
	/* few small buffers: recv multishots run dry (-ENOBUFS) and re-arm;
	 * small send buffers: sends come back short */
	struct echo_opts opts = {
		.max_conns = ST_PARALLEL, .nbufs = 32, .buf_size = 2048,
		.sndbuf = 4096, .bug = bug, .udp = udp,
	};
	static struct selftest t;
	socklen_t len = sizeof(t.addr);
	int64_t start = now_ns();
	int ret, stop_ret, bad;

	if ((ret = ring_open(&t.ring)))
		return ret;
	t.udp = udp;
	t.addr = loopback(0);
	ret = echo_server_start(&t.srv, &t.ring, (struct sockaddr *)&t.addr,
				sizeof(t.addr), &opts);
	if (!ret)
		ret = echo_server_addr(&t.srv, (struct sockaddr *)&t.addr, &len);
	if (ret < 0) {
		fprintf(stderr, "echo_server_start: %s\n", iou_strerror(ret));
		iou_queue_exit(&t.ring);
		return 1;
	}
	ret = selftest_run(&t, start + ST_TIMEOUT_NS);
	if (ret < 0)
		fprintf(stderr, "selftest: %s\n", iou_strerror(ret));
	for (unsigned i = 0; i < t.started; i++)
		echo_client_close(&t.clients[i]);
	stop_ret = echo_server_stop(&t.srv);
	bad = selftest_verdict(&t, stop_ret) || ret < 0;
	iou_queue_exit(&t.ring);
	print_stats("iou-echo selftest", &t.srv.stats);
	printf(", %.2f s: %s\n", (double)(now_ns() - start) / 1e9,
	       bad ? "FAILED" : "every byte back in order, clean shutdown");
	return bad ? 1 : 0;
}

/* ---- main -------------------------------------------------------------- */

/* One option: --udp or --bug=NAME. Returns 0, or -1 when unknown. */
static int parse_opt(const char *arg, enum echo_bug *bug, int *udp)
{
	if (!strcmp(arg, "--udp"))
		*udp = 1;
	else if (!strcmp(arg, "--bug=recycle-on-first-cqe"))
		*bug = ECHO_BUG_RECYCLE_ON_FIRST_CQE;
	else if (!strcmp(arg, "--bug=no-rearm-accept"))
		*bug = ECHO_BUG_NO_REARM_ACCEPT;
	else
		return -1;
	return 0;
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s serve [PORT] [--udp] [--bug=NAME]\n"
		"       %s selftest [--udp] [--bug=NAME]\n"
		"NAME: recycle-on-first-cqe | no-rearm-accept\n", prog, prog);
}

int main(int argc, char **argv)
{
	enum echo_bug bug = ECHO_BUG_NONE;
	unsigned long port = 7777;
	int nargs = argc, udp = 0;

	while (nargs > 2 && parse_opt(argv[nargs - 1], &bug, &udp) == 0)
		nargs--;
	if (nargs == 2 && !strcmp(argv[1], "selftest"))
		return selftest(bug, udp);
	if ((nargs == 2 || nargs == 3) && !strcmp(argv[1], "serve")) {
		char *end = NULL;

		if (nargs == 3)
			port = strtoul(argv[2], &end, 10);
		if (nargs == 3 && (*end || port > 65535)) {
			usage(argv[0]);
			return 2;
		}
		return serve((unsigned)port, bug, udp);
	}
	usage(argv[0]);
	return 2;
}

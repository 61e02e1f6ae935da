/* evloop_main.c — iou-evloop: the epoll-driven echo server of evloop.c on
 * the real kernel.
 *
 *   iou-evloop serve [PORT]  serves on 127.0.0.1:PORT (default 7778) until
 *                            SIGINT/SIGTERM, whose handler writes the
 *                            loop's eventfd (the libuv way to wake a loop)
 *   iou-evloop selftest      4 clients in the same thread, each byte back
 *                            in order, a clean stop; 77 without io_uring */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "evloop.h"
#include "evloop_check.h"

static struct evl_server *served;

static void on_signal(int sig)
{
	(void)sig;
	if (served)
		evl_request_stop(served); /* one write(2): signal-safe */
}

static int serve(struct iou *ring, unsigned port)
{
	static struct evl_server s;
	struct sockaddr_in a;
	int ret;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ret = evl_start(&s, ring, (struct sockaddr *)&a, sizeof(a));
	if (ret) {
		fprintf(stderr, "iou-evloop: %s\n", iou_strerror(ret));
		return 1;
	}
	served = &s;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("iou-evloop: serving on 127.0.0.1:%u\n", port);
	fflush(stdout);
	while (!evl_done(&s)) {
		ret = evl_step(&s, -1);
		if (ret < 0) {
			fprintf(stderr, "iou-evloop: %s\n", iou_strerror(ret));
			break;
		}
	}
	ret = evl_stop(&s);
	printf("iou-evloop: %llu connections, %llu bytes echoed\n",
	       (unsigned long long)s.stats.accepted,
	       (unsigned long long)s.stats.bytes);
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct evl_selftest_opts o = { .clients = 4, .bytes = 200000,
				       .seed = 7 };
	struct evl_stats st;
	struct iou ring;
	int ret;

	if (argc < 2 || (strcmp(argv[1], "serve") && strcmp(argv[1], "selftest"))) {
		fprintf(stderr, "usage: iou-evloop serve [PORT] | selftest\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	ret = iou_queue_init(64, &ring, 0);
	if (ret == -ENOSYS || ret == -EPERM) {
		fprintf(stderr, "iou-evloop: io_uring unavailable: %s\n",
			iou_strerror(ret));
		return 77;
	}
	if (ret) {
		fprintf(stderr, "iou-evloop: %s\n", iou_strerror(ret));
		return 1;
	}
	if (!strcmp(argv[1], "serve")) {
		ret = serve(&ring, argc > 2 ? (unsigned)atoi(argv[2]) : 7778);
		iou_queue_exit(&ring);
		return ret;
	}
	ret = evl_selftest(&ring, &o, &st);
	printf("iou-evloop selftest: %s; %llu connections, %llu bytes, "
	       "%llu wakeups (%llu for the ring), %llu CQEs\n",
	       ret ? iou_strerror(ret) : "ok",
	       (unsigned long long)st.accepted,
	       (unsigned long long)st.bytes,
	       (unsigned long long)st.wakeups,
	       (unsigned long long)st.ring_events,
	       (unsigned long long)st.cqes);
	iou_queue_exit(&ring);
	return ret ? 1 : 0;
}

/* evloop_check.c — the selftest of evloop.h's server: echo clients
 * (echo_client.c) against it, all stepped in one thread, on any ring:
 * iou-evloop runs it on the real kernel, tests/sim/sim_evloop.c under the
 * explorer on the sim. */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <arpa/inet.h>

#include "echo_client.h"
#include "evloop.h"
#include "evloop_check.h"

#define IDLE_MAX 300   /* turns of the loop without progress: stuck */

int evl_selftest(struct iou *ring, const struct evl_selftest_opts *o,
		 struct evl_stats *stats)
{
	struct echo_client cl[EVL_SELFTEST_MAX_CLIENTS];
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	struct evl_server s;
	unsigned idle = 0, n = o->clients;
	unsigned idle_max = o->idle_max ? o->idle_max : IDLE_MAX;
	int ret, stop_ret;

	if (!n || n > EVL_SELFTEST_MAX_CLIENTS)
		return -EINVAL;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ret = evl_start(&s, ring, (struct sockaddr *)&a, sizeof(a));
	if (ret)
		return ret;
	ret = evl_addr(&s, (struct sockaddr *)&a, &alen);
	for (unsigned i = 0; i < n; i++)
		cl[i].state = ECHO_CLIENT_IDLE;
	for (unsigned i = 0; !ret && i < n; i++) {
		struct echo_client_opts co = {
			.seed = o->seed + i,
			.bytes = o->bytes,
			.max_chunk = 1500,
		};

		ret = echo_client_start(&cl[i], ring, (struct sockaddr *)&a,
					alen, &co);
	}
	while (!ret) {
		unsigned finished = 0;
		int progress = 0, r;

		for (unsigned i = 0; i < n; i++) {
			r = echo_client_step(&cl[i]);
			if (r < 0) {
				ret = r; /* a wrong byte, or a lost stream */
				break;
			}
			progress |= r > 0;
			finished += echo_client_finished(&cl[i]);
		}
		if (ret || finished == n)
			break;
		/* the loop sleeps in epoll_wait when the clients wait */
		r = evl_step(&s, progress ? 0 : 10);
		if (r < 0) {
			ret = r;
			break;
		}
		idle = progress || r ? 0 : idle + 1;
		if (idle > idle_max)
			ret = -ETIMEDOUT;
	}
	/* the stop goes through the eventfd, as from another thread */
	if (!ret)
		ret = evl_request_stop(&s);
	for (unsigned turns = 0; !ret && !evl_done(&s); turns++) {
		int r = evl_step(&s, 100);

		if (r < 0)
			ret = r;
		else if (turns > idle_max)
			ret = -ETIMEDOUT;
	}
	stop_ret = evl_stop(&s);
	for (unsigned i = 0; i < n; i++)
		echo_client_close(&cl[i]);
	if (!ret)
		ret = stop_ret;
	if (!ret && s.inflight)
		ret = -EPROTO; /* a CQE never came */
	if (!ret && s.stats.bytes != (uint64_t)n * o->bytes)
		ret = -EPROTO; /* the books do not balance */
	if (stats)
		*stats = s.stats;
	return ret;
}

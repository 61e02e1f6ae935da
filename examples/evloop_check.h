/* evloop_check.h — the selftest of the epoll-driven echo server. */
#ifndef IOU_EXAMPLES_EVLOOP_CHECK_H
#define IOU_EXAMPLES_EVLOOP_CHECK_H

#include <stdint.h>

#include "evloop.h"

#define EVL_SELFTEST_MAX_CLIENTS 8

struct evl_selftest_opts {
	unsigned clients;   /* 1..EVL_SELFTEST_MAX_CLIENTS */
	uint64_t bytes;     /* each client sends and expects back */
	uint64_t seed;      /* the clients' byte streams */
	unsigned idle_max;  /* turns of the loop without progress before
			       giving up (-ETIMEDOUT); 0 = 300. On the sim
			       with faults, each refused turn uses a choice
			       of the tape: a fuzzer adds the tape's length */
};

/* Serves o->clients clients on 127.0.0.1 until each got its bytes back
 * in order, then stops the server through its eventfd. Returns 0, or
 * -errno: a client's (-EILSEQ: a wrong byte), the ring's, -ETIMEDOUT
 * (no progress), -EPROTO (a CQE missing or the byte count off). */
int evl_selftest(struct iou *ring, const struct evl_selftest_opts *o,
		 struct evl_stats *stats);

#endif /* IOU_EXAMPLES_EVLOOP_CHECK_H */

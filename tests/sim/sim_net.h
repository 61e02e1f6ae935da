/* sim_net.h — what the tests of the sim's network (sim_net.c,
 * sim_net_vary.c) share: the tape count, the buffer group, SQE() and
 * reap1(). */
#ifndef SIM_NET_H
#define SIM_NET_H

#include "simtest.h"

#include "iou_sim_cmocka.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#ifndef POLLRDHUP
#define POLLRDHUP 0x2000
#endif

#define TAPES 1000U
#define BGID 3

/* The SQE prepared last (SQE() takes a fresh one and remembers it). */
static struct iou_sqe *last_sqe;
#define SQE(ring) (last_sqe = st_sqe(ring))

static inline unsigned tapes(void)
{
	const char *e = getenv("IOU_SIM_NET_TAPES");

	return e && *e ? (unsigned)strtoul(e, NULL, 10) : TAPES;
}

static inline struct iou_cqe reap1(struct iou *ring)
{
	struct iou_cqe c;

	st_reap(ring, &c, 1);
	return c;
}

#endif /* SIM_NET_H */

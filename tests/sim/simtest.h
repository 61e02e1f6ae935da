/* simtest.h — helpers shared by the sim's tests. */
#ifndef SIMTEST_H
#define SIMTEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <netinet/in.h>

#include "iou.h"
#include "iou_sim.h"

#define V(a, b) IOU_KERNEL_VERSION(a, b)

/* A sim on the canonical tape (every choice 0) of one kernel (0 =
 * newest). */
struct iou_sim *st_canon(uint32_t kernel);
/* A sim on the PRNG tape `seed`. */
struct iou_sim *st_seeded(uint64_t seed, uint32_t kernel);
/* Tape `seed` of a loop over tapes: the canonical one for 0, else the PRNG
 * tape seed. */
struct iou_sim *st_tape(uint64_t seed, uint32_t kernel);
/* A sim on a choice vector (the explorer's entry point). */
struct iou_sim *st_vec(const uint32_t *vec, size_t n, uint32_t kernel);
/* Sets up a ring (asserts). */
void st_ring(struct iou_sim *sim, struct iou *ring, unsigned entries,
	     unsigned flags);
/* A fresh SQE (asserts). */
struct iou_sqe *st_sqe(struct iou *ring);
/* Collects exactly n CQEs (retrying short waits and -EINTR); asserts no
 * hang. */
void st_reap(struct iou *ring, struct iou_cqe *cqes, unsigned n);
/* Submits, retrying -EINTR/-EAGAIN and short submits, until every
 * prepared SQE is in; returns how many. */
int st_submit_all(struct iou *ring);
/* Index of user_data in cqes[0..n), or -1. */
int st_index(const struct iou_cqe *cqes, unsigned n, uint64_t ud);
/* Asserts nothing is ready and a wait would hang (consumes the sim). */
void st_expect_quiet(struct iou *ring);

/* A TCP listener on 127.0.0.1 (port picked by the sim, backlog 16);
 * its address in *a. Asserts. */
int st_listener(struct iou *ring, struct sockaddr_in *a);
/* A TCP client connected to the listener at a (not yet accepted); its
 * fd. Asserts. */
int st_connect(struct iou *ring, const struct sockaddr_in *a);
/* A connected loopback pair: client c, accepted server s, listener l
 * at a. Asserts. */
struct st_pair {
	int l, c, s;
	struct sockaddr_in a;
};
void st_tcp_pair(struct iou *ring, struct st_pair *p);

#endif

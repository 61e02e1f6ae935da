/* evloop.h — an echo server in the libuv shape: an epoll instance is the
 * event loop, and the ring's fd sits in it beside an eventfd.
 *
 * The ring does the I/O (ACCEPT, RECV, SEND: one-shot ops of 5.6, one
 * request in flight per connection, re-armed from the loop). The loop
 * sleeps in epoll_wait; the ring's fd is readable while CQEs wait, the
 * eventfd when another part of the program (a thread, a signal handler)
 * asks the loop for something: here, to stop. All fds are made through
 * iou_sys_* and ring ops, so the same code runs on the real kernel and on
 * the sim, where the explorer drives it (tests/sim/sim_evloop.c). */
#ifndef IOU_EXAMPLES_EVLOOP_H
#define IOU_EXAMPLES_EVLOOP_H

#include <stdint.h>
#include <sys/socket.h>

#include "iou.h"

#define EVL_MAX_CONNS 16
#define EVL_BUF 4096

struct evl_conn {
	int fd;                 /* -1: free slot */
	uint32_t gen;           /* bumped when the slot is reused */
	int busy;               /* a RECV or SEND is in flight */
	uint64_t busy_ud;       /* its user_data */
	unsigned len, sent;     /* bytes received, of them sent back */
	unsigned char buf[EVL_BUF];
};

struct evl_stats {
	uint64_t accepted;
	uint64_t closed;
	uint64_t bytes;         /* bytes echoed */
	uint64_t wakeups;       /* epoll_wait returns with events */
	uint64_t ring_events;   /* of them, for the ring's fd */
	uint64_t cqes;
	uint64_t errors;        /* connections ended by an error */
};

struct evl_server {
	struct iou *ring;
	int ep, efd, lfd;
	int accept_busy;
	int stopping;           /* the eventfd asked us to stop */
	unsigned inflight;      /* requests whose CQE has not come */
	struct evl_stats stats;
	struct evl_conn conns[EVL_MAX_CONNS];
};

/* Listens on addr (port 0: the kernel picks), creates the epoll with the
 * ring's fd and an eventfd in it, queues the first ACCEPT. Returns 0 or
 * -errno (-EOPNOTSUPP: a kernel without SEND/RECV, before 5.6); nothing
 * is left open on failure. */
int evl_start(struct evl_server *s, struct iou *ring,
	      const struct sockaddr *addr, socklen_t len);

/* The address it listens on. 0 or -errno. */
int evl_addr(struct evl_server *s, struct sockaddr *addr, socklen_t *len);

/* One turn of the loop: submits what is queued, waits in epoll_wait up to
 * timeout_ms (-1: until something happens), then drains the CQ and the
 * eventfd and queues the follow-ups. Returns the events handled (0 on a
 * timeout), or -errno (-EDEADLK on the sim: nothing can ever happen). */
int evl_step(struct evl_server *s, int timeout_ms);

/* Asks the loop to stop, from anywhere: one write to the eventfd. */
int evl_request_stop(struct evl_server *s);

/* 1 once a stop was asked and every request has come back. */
int evl_done(const struct evl_server *s);

/* Cancels what is in flight, waits for it, closes every fd. 0 or the
 * first -errno met. */
int evl_stop(struct evl_server *s);

#endif /* IOU_EXAMPLES_EVLOOP_H */

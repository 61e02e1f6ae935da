/* evloop.c — the epoll-driven echo server of evloop.h. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>

#include "evloop.h"

#define KEY_RING 1
#define KEY_EVFD 2

enum { OP_ACCEPT = 1, OP_RECV, OP_SEND, OP_CANCEL };

/* user_data: op, connection slot, slot generation */
static uint64_t ud(unsigned op, unsigned slot, uint32_t gen)
{
	return ((uint64_t)op << 56) | ((uint64_t)slot << 32) | gen;
}

static struct iou_sqe *sqe_get(struct evl_server *s)
{
	struct iou_sqe *sqe = iou_get_sqe(s->ring);

	/* full: hand what is queued to the kernel, then retry (a submit
	 * may take nothing: -EAGAIN, -EINTR) */
	for (int tries = 0; !sqe && tries < 64; tries++) {
		int r = iou_submit(s->ring);

		if (r < 0 && r != -EAGAIN && r != -EINTR)
			break;
		sqe = iou_get_sqe(s->ring);
	}
	return sqe;
}

static int queue_accept(struct evl_server *s)
{
	struct iou_sqe *sqe = sqe_get(s);

	if (!sqe)
		return -EBUSY;
	iou_prep_accept(sqe, s->lfd, NULL, NULL, 0);
	iou_sqe_set_data64(sqe, ud(OP_ACCEPT, 0, 0));
	s->accept_busy = 1;
	s->inflight++;
	return 0;
}

static int queue_recv(struct evl_server *s, unsigned i)
{
	struct evl_conn *c = &s->conns[i];
	struct iou_sqe *sqe = sqe_get(s);

	if (!sqe)
		return -EBUSY;
	iou_prep_recv(sqe, c->fd, c->buf, sizeof(c->buf), 0);
	c->busy_ud = ud(OP_RECV, i, c->gen);
	iou_sqe_set_data64(sqe, c->busy_ud);
	c->busy = 1;
	s->inflight++;
	return 0;
}

static int queue_send(struct evl_server *s, unsigned i)
{
	struct evl_conn *c = &s->conns[i];
	struct iou_sqe *sqe = sqe_get(s);

	if (!sqe)
		return -EBUSY;
	iou_prep_send(sqe, c->fd, c->buf + c->sent, c->len - c->sent,
		      MSG_NOSIGNAL);
	c->busy_ud = ud(OP_SEND, i, c->gen);
	iou_sqe_set_data64(sqe, c->busy_ud);
	c->busy = 1;
	s->inflight++;
	return 0;
}

static void conn_close(struct evl_server *s, unsigned i, int error)
{
	struct evl_conn *c = &s->conns[i];

	iou_sys_close(s->ring, c->fd);
	c->fd = -1;
	c->gen++;
	s->stats.closed++;
	if (error)
		s->stats.errors++;
}

static int ep_add(struct evl_server *s, int fd, uint64_t key)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = key };

	return iou_sys_epoll_ctl(s->ring, s->ep, EPOLL_CTL_ADD, fd, &ev);
}

int evl_start(struct evl_server *s, struct iou *ring,
	      const struct sockaddr *addr, socklen_t len)
{
	int one = 1, ret;

	/* ACCEPT came with 5.5, SEND and RECV with 5.6 (as the probe) */
	ret = iou_ring_opcode_supported(ring, IOU_OP_SEND);
	if (ret < 0 && ret != -EOPNOTSUPP && ret != -EINVAL)
		return ret;
	if (ret <= 0)
		return -EOPNOTSUPP;
	memset(s, 0, sizeof(*s));
	s->ring = ring;
	s->ep = s->efd = s->lfd = -1;
	for (unsigned i = 0; i < EVL_MAX_CONNS; i++)
		s->conns[i].fd = -1;
	ret = s->lfd = iou_sys_socket(ring, addr->sa_family, SOCK_STREAM, 0);
	if (ret < 0)
		goto fail;
	iou_sys_setsockopt(ring, s->lfd, SOL_SOCKET, SO_REUSEADDR, &one,
			   sizeof(one));
	if ((ret = iou_sys_bind(ring, s->lfd, addr, len)) < 0 ||
	    (ret = iou_sys_listen(ring, s->lfd, 64)) < 0)
		goto fail;
	ret = s->ep = iou_sys_epoll_create1(ring, EPOLL_CLOEXEC);
	if (ret < 0)
		goto fail;
	ret = s->efd = iou_sys_eventfd(ring, 0, O_NONBLOCK | O_CLOEXEC);
	if (ret < 0)
		goto fail;
	/* the libuv shape: the ring's fd and the wakeup eventfd, level-
	 * triggered (edge-triggered would need every CQE drained anyway) */
	if ((ret = ep_add(s, iou_ring_fd(ring), KEY_RING)) < 0 ||
	    (ret = ep_add(s, s->efd, KEY_EVFD)) < 0)
		goto fail;
	if ((ret = queue_accept(s)) < 0)
		goto fail;
	return 0;
fail:
	if (s->efd >= 0)
		iou_sys_close(ring, s->efd);
	if (s->ep >= 0)
		iou_sys_close(ring, s->ep);
	if (s->lfd >= 0)
		iou_sys_close(ring, s->lfd);
	s->ep = s->efd = s->lfd = -1;
	return ret;
}

int evl_addr(struct evl_server *s, struct sockaddr *addr, socklen_t *len)
{
	return iou_sys_getsockname(s->ring, s->lfd, addr, len);
}

static void on_accept(struct evl_server *s, int res)
{
	unsigned i;

	s->accept_busy = 0;
	if (res < 0) {
		/* -ECANCELED at stop; a signal, a connection gone before it
		 * was taken, a full fd table: accept again; anything else
		 * ends accepting */
		if (!s->stopping && (res == -EINTR || res == -EAGAIN ||
				     res == -ECONNABORTED || res == -EMFILE ||
				     res == -ENFILE || res == -ENOMEM))
			queue_accept(s);
		else if (!s->stopping)
			s->stats.errors++;
		return;
	}
	for (i = 0; i < EVL_MAX_CONNS && s->conns[i].fd >= 0; i++)
		;
	if (i == EVL_MAX_CONNS || s->stopping) {
		iou_sys_close(s->ring, res); /* full, or closing down */
	} else {
		s->conns[i].fd = res;
		s->conns[i].len = s->conns[i].sent = 0;
		s->stats.accepted++;
		queue_recv(s, i);
	}
	if (!s->stopping)
		queue_accept(s);
}

static void on_conn(struct evl_server *s, unsigned op, unsigned i,
		    uint32_t gen, int res)
{
	struct evl_conn *c;

	if (i >= EVL_MAX_CONNS)
		return;
	c = &s->conns[i];
	if (c->gen != gen || c->fd < 0)
		return; /* a CQE of a closed connection (cannot happen) */
	c->busy = 0;
	if (res == -EINTR || res == -EAGAIN) {
		/* transient: make the same request again */
		if (!s->stopping)
			op == OP_RECV ? queue_recv(s, i) : queue_send(s, i);
		else
			conn_close(s, i, 0);
		return;
	}
	if (res <= 0) {
		/* end of stream (0), canceled at stop, or an error */
		conn_close(s, i, res < 0 && res != -ECANCELED);
		return;
	}
	if (op == OP_RECV) {
		c->len = (unsigned)res;
		c->sent = 0;
	} else {
		c->sent += (unsigned)res; /* a send may be short */
		s->stats.bytes += (uint64_t)res;
	}
	if (s->stopping)
		conn_close(s, i, 0);
	else if (c->sent < c->len)
		queue_send(s, i);
	else
		queue_recv(s, i);
}

/* Every CQE ready now: the fd is level-triggered, but a loop that takes
 * one CQE per wakeup also breaks under edge-triggered epoll (the
 * catalogue's epoll_et_ring_fd). */
static int drain_cq(struct evl_server *s)
{
	struct iou_cqe *cqe;
	int n = 0;

	while (!iou_peek_cqe(s->ring, &cqe)) {
		uint64_t u = cqe->user_data;
		int res = cqe->res;

		iou_cqe_seen(s->ring, cqe);
		s->inflight--;
		s->stats.cqes++;
		n++;
		switch ((unsigned)(u >> 56)) {
		case OP_ACCEPT:
			on_accept(s, res);
			break;
		case OP_RECV:
		case OP_SEND:
			on_conn(s, (unsigned)(u >> 56),
				(unsigned)(u >> 32) & 0xffffffU, (uint32_t)u,
				res);
			break;
		default: /* OP_CANCEL */
			break;
		}
	}
	return n;
}

/* Cancels the request with user_data target (by user_data: 5.5). */
static void cancel(struct evl_server *s, uint64_t target)
{
	struct iou_sqe *sqe = sqe_get(s);

	if (!sqe)
		return;
	iou_prep_cancel64(sqe, target, 0);
	iou_sqe_set_data64(sqe, ud(OP_CANCEL, 0, 0));
	s->inflight++;
}

/* A stop was asked: cancel the accept and every connection's request. */
static void begin_stop(struct evl_server *s)
{
	s->stopping = 1;
	if (s->accept_busy)
		cancel(s, ud(OP_ACCEPT, 0, 0));
	for (unsigned i = 0; i < EVL_MAX_CONNS; i++)
		if (s->conns[i].fd >= 0 && s->conns[i].busy)
			cancel(s, s->conns[i].busy_ud);
}

int evl_step(struct evl_server *s, int timeout_ms)
{
	struct epoll_event ev[4];
	int n, handled = 0, ret;

	ret = iou_submit(s->ring);
	if (ret < 0 && ret != -EINTR && ret != -EAGAIN && ret != -EBUSY)
		return ret;
	n = iou_sys_epoll_wait(s->ring, s->ep, ev, 4, timeout_ms);
	if (n == -EINTR)
		return 0;
	if (n < 0)
		return n;
	if (n)
		s->stats.wakeups++;
	for (int i = 0; i < n; i++) {
		if (ev[i].data.u64 == KEY_EVFD) {
			uint64_t v;

			if (iou_sys_read(s->ring, s->efd, &v, sizeof(v)) == 8 &&
			    !s->stopping)
				begin_stop(s);
			handled++;
		} else {
			s->stats.ring_events++;
		}
	}
	/* the CQ whatever woke us: the eventfd may have come first */
	handled += drain_cq(s);
	return handled;
}

int evl_request_stop(struct evl_server *s)
{
	uint64_t one = 1;
	ssize_t r = iou_sys_write(s->ring, s->efd, &one, sizeof(one));

	return r == 8 ? 0 : (int)r;
}

int evl_done(const struct evl_server *s)
{
	return s->stopping && !s->inflight;
}

int evl_stop(struct evl_server *s)
{
	int ret = 0;

	if (!s->stopping)
		begin_stop(s);
	while (s->inflight) {
		int r = evl_step(s, 1000);

		if (r < 0) {
			ret = r;
			break;
		}
	}
	for (unsigned i = 0; i < EVL_MAX_CONNS; i++)
		if (s->conns[i].fd >= 0)
			conn_close(s, i, 0);
	iou_sys_close(s->ring, s->efd);
	iou_sys_close(s->ring, s->ep);
	iou_sys_close(s->ring, s->lfd);
	s->ep = s->efd = s->lfd = -1;
	return ret;
}

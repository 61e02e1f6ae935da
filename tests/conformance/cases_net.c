/* cases_net.c — conformance: sockets (socket, accept, multishot accept,
 * connect, send/recv, sendmsg/recvmsg, send_zc, shutdown, and the
 * read/write family on a socket). */
#include "cases.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

static int new_socket(struct fx *fx)
{
	int fd = iou_sys_socket(&fx->ring, AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		fail_msg("socket: %s", iou_strerror(fd));
	return fx_track(fx, fd);
}

static void connect_sync(struct fx *fx, int fd, const struct sockaddr_in *a)
{
	int r = iou_sys_connect(&fx->ring, fd, (const struct sockaddr *)a,
				sizeof(*a));

	if (r < 0)
		fail_msg("connect: %s", iou_strerror(r));
}

/* Checks that two connected fds carry bytes both ways. */
static void check_pair(struct fx *fx, int a, int b)
{
	char out[32], in[32];

	fx_fill(out, sizeof(out), 40);
	fx_write_all(fx, a, out, sizeof(out));
	fx_recv_all(fx, b, in, sizeof(in));
	assert_memory_equal(in, out, sizeof(out));
	fx_fill(out, sizeof(out), 41);
	fx_write_all(fx, b, out, sizeof(out));
	fx_recv_all(fx, a, in, sizeof(in));
	assert_memory_equal(in, out, sizeof(out));
}

/* SOCKET op: a fresh socket fd that can connect. */
void case_socket_op_creates_socket(struct fx *fx)
{
	struct sockaddr_in a;
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;
	int l = fx_listener(fx, &a), s;

	iou_prep_socket(sqe, AF_INET, SOCK_STREAM, 0, 0);
	iou_sqe_set_data64(sqe, 1);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 1);
	assert_true(cqe.res >= 0);
	fx_track(fx, cqe.res);
	connect_sync(fx, cqe.res, &a);
	s = iou_sys_accept(&fx->ring, l, NULL, NULL, 0);
	assert_true(s >= 0);
	fx_track(fx, s);
	check_pair(fx, cqe.res, s);
}

/* ACCEPT: completes with the new connection's fd and the peer address. */
void case_accept_returns_connection(struct fx *fx)
{
	struct sockaddr_in a, peer;
	socklen_t plen = sizeof(peer);
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;
	int l = fx_listener(fx, &a), c;

	memset(&peer, 0, sizeof(peer));
	iou_prep_accept(sqe, l, (struct sockaddr *)&peer, &plen, 0);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	c = new_socket(fx);
	connect_sync(fx, c, &a);
	cqe = fx_reap1(fx);
	assert_int_equal(cqe.user_data, 1);
	assert_true(cqe.res >= 0);
	fx_track(fx, cqe.res);
	assert_int_equal(peer.sin_family, AF_INET);
	assert_int_equal(peer.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	check_pair(fx, c, cqe.res);
}

/* Multishot accept: one CQE per connection with F_MORE; a CQE without
 * F_MORE ends it (legal at any time; newer kernels do it when the CQ is
 * full, which the small CQ of this case provokes) and the application
 * re-arms; nothing posts for a user_data after its final CQE. Cancel ends
 * the last arm. */
void case_accept_multishot_rearm(struct fx *fx)
{
	enum { CONNS = 4 };
	struct sockaddr_in a;
	int l = fx_listener(fx, &a), accepted = 0, armed = 0, i, rounds = 0;
	uint64_t ud = 0, ended[16];
	unsigned nended = 0;
	struct iou_cqe c[2];

	for (i = 0; i < CONNS; i++) {
		int s = new_socket(fx);
		connect_sync(fx, s, &a);
	}
	while (accepted < CONNS) {
		struct iou_cqe cqe;
		unsigned k;

		assert_true(++rounds < 50);
		if (!armed) {
			struct iou_sqe *sqe = fx_sqe(fx);

			iou_prep_multishot_accept(sqe, l, NULL, NULL, 0);
			iou_sqe_set_data64(sqe, ++ud);
			fx_submit(fx, 1);
			armed = 1;
		}
		cqe = fx_reap1(fx);
		for (k = 0; k < nended; k++)
			assert_int_not_equal(cqe.user_data, ended[k]);
		assert_int_equal(cqe.user_data, ud);
		if (cqe.res >= 0) {
			fx_track(fx, cqe.res);
			accepted++;
		}
		if (!(cqe.flags & IOU_CQE_F_MORE)) {
			fx_note(fx, "arm %d ended: res %d after %d accepted",
				(int)ud, cqe.res, accepted);
			assert_true(nended < 16);
			ended[nended++] = ud;
			armed = 0;
		} else {
			assert_true(cqe.res >= 0);
		}
	}
	if (armed) {
		struct iou_sqe *sqe = fx_sqe(fx);
		struct iou_cqe *t, *k;

		iou_prep_cancel64(sqe, ud, 0);
		iou_sqe_set_data64(sqe, 1000);
		fx_submit_wait(fx, 1, c, 2);
		t = fx_find(c, 2, ud);
		k = fx_find(c, 2, 1000);
		assert_non_null(t);
		assert_non_null(k);
		assert_false(t->flags & IOU_CQE_F_MORE);
		assert_true(t->res == -ECANCELED || t->res == -EINTR);
		assert_true(k->res == 0 || k->res == -EALREADY);
	}
	fx_note(fx, "%d arm(s) for %d connections", (int)ud, CONNS);
}

/* CONNECT through the ring, then SEND and RECV through the ring. */
void case_connect_send_recv(struct fx *fx)
{
	struct sockaddr_in a;
	char out[100], in[100];
	struct iou_sqe *sqe;
	struct iou_cqe cqe;
	int l = fx_listener(fx, &a), c = new_socket(fx), s;
	size_t sent = 0;

	sqe = fx_sqe(fx);
	iou_prep_connect(sqe, c, (struct sockaddr *)&a, sizeof(a));
	iou_sqe_set_data64(sqe, 1);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.res, 0);
	s = iou_sys_accept(&fx->ring, l, NULL, NULL, 0);
	assert_true(s >= 0);
	fx_track(fx, s);
	fx_fill(out, sizeof(out), 50);
	while (sent < sizeof(out)) {
		sqe = fx_sqe(fx);
		iou_prep_send(sqe, c, out + sent, sizeof(out) - sent,
			      MSG_NOSIGNAL);
		iou_sqe_set_data64(sqe, 2);
		fx_submit_wait(fx, 1, &cqe, 1);
		assert_int_equal(cqe.user_data, 2);
		assert_true(cqe.res > 0);
		sent += (size_t)cqe.res;
	}
	fx_recv_all(fx, s, in, sizeof(in));
	assert_memory_equal(in, out, sizeof(out));
}

/* A recv armed before the data arrives completes when it does. */
void case_recv_pending_then_data(struct fx *fx)
{
	struct fx_tcp t;
	char in[16];
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	fx_tcp_pair(fx, &t);
	iou_prep_recv(sqe, t.server, in, sizeof(in), 0);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	fx_expect_quiet(fx, 5);
	fx_write_all(fx, t.client, "pending", 7);
	cqe = fx_reap1(fx);
	assert_int_equal(cqe.user_data, 1);
	assert_true(cqe.res > 0 && cqe.res <= 7);
	assert_memory_equal(in, "pending", (size_t)cqe.res);
}

/* SENDMSG with two iovecs, RECVMSG into two iovecs. */
void case_sendmsg_recvmsg(struct fx *fx)
{
	struct fx_tcp t;
	char o1[20], o2[44], i1[32], i2[32], out[64], in[64];
	struct iovec ov[2] = { { o1, sizeof(o1) }, { o2, sizeof(o2) } };
	struct iovec iv[2] = { { i1, sizeof(i1) }, { i2, sizeof(i2) } };
	struct msghdr om, im;
	struct iou_cqe c[2];
	struct iou_cqe *sc, *rc;
	struct iou_sqe *sqe;

	fx_tcp_pair(fx, &t);
	fx_fill(o1, sizeof(o1), 60);
	fx_fill(o2, sizeof(o2), 61);
	memset(&om, 0, sizeof(om));
	om.msg_iov = ov;
	om.msg_iovlen = 2;
	memset(&im, 0, sizeof(im));
	im.msg_iov = iv;
	im.msg_iovlen = 2;
	sqe = fx_sqe(fx);
	iou_prep_recvmsg(sqe, t.server, &im, 0);
	iou_sqe_set_data64(sqe, 2);
	sqe = fx_sqe(fx);
	iou_prep_sendmsg(sqe, t.client, &om, MSG_NOSIGNAL);
	iou_sqe_set_data64(sqe, 1);
	fx_submit_wait(fx, 2, c, 2);
	sc = fx_find(c, 2, 1);
	rc = fx_find(c, 2, 2);
	assert_non_null(sc);
	assert_non_null(rc);
	assert_true(sc->res > 0 && sc->res <= 64);
	assert_true(rc->res > 0 && rc->res <= sc->res);
	memcpy(out, o1, 20);
	memcpy(out + 20, o2, 44);
	memcpy(in, i1, 32);
	memcpy(in + 32, i2, 32);
	assert_memory_equal(in, out, (size_t)rc->res);
}

/* SEND_ZC: the request CQE (bytes, F_MORE) comes first, then exactly one
 * notification (F_NOTIF, same user_data, res 0 or usage bits); recv order
 * against them is free. */
void case_send_zc_more_then_notif(struct fx *fx)
{
	struct fx_tcp t;
	char out[256], in[256];
	struct iou_sqe *sqe;
	struct iou_cqe cqes[2];
	int have = 0, req = -1, notif = -1;

	fx_tcp_pair(fx, &t);
	fx_fill(out, sizeof(out), 70);
	sqe = fx_sqe(fx);
	iou_prep_send_zc(sqe, t.client, out, sizeof(out), MSG_NOSIGNAL, 0);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	while (notif < 0) {
		assert_true(have < 2);
		cqes[have] = fx_reap1(fx);
		assert_int_equal(cqes[have].user_data, 1);
		if (cqes[have].flags & IOU_CQE_F_NOTIF) {
			assert_true(req >= 0); /* never first */
			assert_false(cqes[have].flags & IOU_CQE_F_MORE);
			assert_int_equal(cqes[have].res &
					 ~(int32_t)IOU_NOTIF_USAGE_ZC_COPIED,
					 0);
			notif = have;
		} else {
			assert_true(req < 0);
			req = have;
			assert_true(cqes[have].res > 0 &&
				    cqes[have].res <= (int)sizeof(out));
			if (!(cqes[have].flags & IOU_CQE_F_MORE))
				fail_msg("send_zc succeeded without F_MORE");
		}
		have++;
	}
	assert_int_equal(req, 0);
	assert_int_equal(notif, 1);
	fx_note(fx, "request res %d, notification res 0x%x", cqes[0].res,
		(unsigned)cqes[1].res);
	fx_recv_all(fx, t.server, in, (size_t)cqes[0].res);
	assert_memory_equal(in, out, (size_t)cqes[0].res);
	assert_int_equal(iou_cq_ready(&fx->ring), 0);
}

/* SHUTDOWN(SHUT_WR) through the ring: the peer reads EOF. */
void case_shutdown_write_peer_sees_eof(struct fx *fx)
{
	struct fx_tcp t;
	char in[8];
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	fx_tcp_pair(fx, &t);
	iou_prep_shutdown(sqe, t.client, SHUT_WR);
	iou_sqe_set_data64(sqe, 1);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.res, 0);
	sqe = fx_sqe(fx);
	iou_prep_recv(sqe, t.server, in, sizeof(in), 0);
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 2);
	assert_int_equal(cqe.res, 0);
}

/* SHUTDOWN on a socket that never connected: -ENOTCONN. */
void case_shutdown_unconnected_enotconn(struct fx *fx)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;
	int s = new_socket(fx);

	iou_prep_shutdown(sqe, s, SHUT_RDWR);
	iou_sqe_set_data64(sqe, 1);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.res, -ENOTCONN);
}

/* CONNECT to a port nobody listens on: -ECONNREFUSED. */
void case_connect_refused(struct fx *fx)
{
	struct sockaddr_in a;
	struct iou_sqe *sqe;
	struct iou_cqe cqe;
	int l = fx_listener(fx, &a), c = new_socket(fx);

	fx_close(fx, l); /* the port is free again, nobody listens */
	sqe = fx_sqe(fx);
	iou_prep_connect(sqe, c, (struct sockaddr *)&a, sizeof(a));
	iou_sqe_set_data64(sqe, 1);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.res, -ECONNREFUSED);
}

/* Submits one SQE of the rw family on fd and returns its CQE. */
static struct iou_cqe rw1(struct fx *fx, int op, int fd, void *buf,
			  unsigned len, uint64_t off)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	if (op == IOU_OP_READ)
		iou_prep_read(sqe, fd, buf, len, off);
	else
		iou_prep_write(sqe, fd, buf, len, off);
	iou_sqe_set_data64(sqe, 0x5e);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 0x5e);
	return cqe;
}

/* READ until len bytes came (each READ may be short). */
static void read_all(struct fx *fx, int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		struct iou_cqe c = rw1(fx, IOU_OP_READ, fd, buf + got,
				       (unsigned)(len - got), 0);

		if (c.res <= 0)
			fail_msg("read after %zu of %zu bytes: %d", got, len,
				 c.res);
		got += (size_t)c.res;
	}
}

/* READ, WRITE, READV and WRITEV on a connected socket are a recv and a
 * send with no flags (sock_read_iter, sock_write_iter): a READ waits for
 * data and may return less than asked, with no F_SOCK_NONEMPTY; WRITE may
 * be short; a stream has no offset (-ESPIPE at offset 3, -1 is fine);
 * EOF reads 0; after the peer's reset a READ fails -ECONNRESET. */
void case_read_write_on_socket(struct fx *fx)
{
	struct fx_tcp t;
	struct iou_sqe *sqe;
	struct iou_cqe c;
	char in[16], a[3], b[8];
	struct iovec wv[2] = { { (void *)"vec", 3 }, { (void *)"tored", 5 } };
	struct iovec rv[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct linger lg = { 1, 0 };
	size_t got, sent;

	fx_tcp_pair(fx, &t);
	/* a READ before the data waits for it */
	sqe = fx_sqe(fx);
	iou_prep_read(sqe, t.server, in, sizeof(in), 0);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	fx_write_all(fx, t.client, "hello", 5);
	c = fx_reap1(fx);
	assert_int_equal(c.user_data, 1);
	assert_true(c.res >= 1 && c.res <= 5);
	assert_int_equal(c.flags & IOU_CQE_F_SOCK_NONEMPTY, 0);
	got = (size_t)c.res;
	if (got < 5)
		read_all(fx, t.server, in + got, 5 - got);
	assert_memory_equal(in, "hello", 5);
	/* WRITE: a send; the offset of a stream is 0 or -1 */
	for (sent = 0; sent < 5;) {
		c = rw1(fx, IOU_OP_WRITE, t.server, (char *)"world" + sent,
			(unsigned)(5 - sent), sent ? (uint64_t)-1 : 0);
		assert_true(c.res > 0);
		sent += (size_t)c.res;
	}
	read_all(fx, t.client, in, 5);
	assert_memory_equal(in, "world", 5);
	c = rw1(fx, IOU_OP_WRITE, t.server, (char *)"x", 1, 3);
	assert_int_equal(c.res, -ESPIPE);
	c = rw1(fx, IOU_OP_READ, t.client, in, 1, 3);
	assert_int_equal(c.res, -ESPIPE);
	/* WRITEV and READV */
	sqe = fx_sqe(fx);
	iou_prep_writev(sqe, t.client, wv, 2, 0);
	fx_submit_wait(fx, 1, &c, 1);
	assert_true(c.res >= 1 && c.res <= 8);
	if (c.res < 8) /* short: send the rest */
		fx_write_all(fx, t.client, "vectored" + c.res,
			     8 - (size_t)c.res);
	sqe = fx_sqe(fx);
	iou_prep_readv(sqe, t.server, rv, 2, 0);
	fx_submit_wait(fx, 1, &c, 1);
	assert_true(c.res >= 1 && c.res <= 8);
	memcpy(in, a, 3);
	memcpy(in + 3, b, 5);
	got = (size_t)c.res;
	if (got < 8)
		read_all(fx, t.server, in + got, 8 - got);
	assert_memory_equal(in, "vectored", 8);
	/* the peer ends its side: EOF */
	assert_int_equal(iou_sys_shutdown(&fx->ring, t.client, SHUT_WR), 0);
	c = rw1(fx, IOU_OP_READ, t.server, in, sizeof(in), 0);
	assert_int_equal(c.res, 0);
	/* the server resets: the client's READ fails */
	assert_int_equal(iou_sys_setsockopt(&fx->ring, t.server, SOL_SOCKET,
					    SO_LINGER, &lg, sizeof(lg)), 0);
	fx_close(fx, t.server);
	c = rw1(fx, IOU_OP_READ, t.client, in, sizeof(in), 0);
	assert_int_equal(c.res, -ECONNRESET);
}

/* Waits (a second at most) until fd reports one of events. */
static short poll_for(struct fx *fx, int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;

	while ((r = iou_sys_poll(&fx->ring, &p, 1, 1000)) == -EINTR)
		;
	assert_int_equal(r, 1);
	return p.revents;
}

/* The connect after a non-blocking connect's -EINPROGRESS says how it
 * ended: the refusal (taken: the next one tries again), or 0 / -EISCONN
 * when it connected, then -EISCONN (__inet_stream_connect). */
void case_sys_connect_again_after_inprogress(struct fx *fx)
{
	struct sockaddr_in a;
	int l = fx_listener(fx, &a), c, r;

	c = fx_track(fx, iou_sys_socket(&fx->ring, AF_INET,
					SOCK_STREAM | SOCK_NONBLOCK, 0));
	assert_int_equal(iou_sys_connect(&fx->ring, c, (struct sockaddr *)&a,
					 sizeof(a)), -EINPROGRESS);
	assert_true(poll_for(fx, c, POLLOUT) & POLLOUT);
	r = iou_sys_connect(&fx->ring, c, (struct sockaddr *)&a, sizeof(a));
	assert_true(r == 0 || r == -EISCONN);
	assert_int_equal(iou_sys_connect(&fx->ring, c, (struct sockaddr *)&a,
					 sizeof(a)), -EISCONN);

	fx_close(fx, l); /* nobody listens on the port now */
	c = fx_track(fx, iou_sys_socket(&fx->ring, AF_INET,
					SOCK_STREAM | SOCK_NONBLOCK, 0));
	assert_int_equal(iou_sys_connect(&fx->ring, c, (struct sockaddr *)&a,
					 sizeof(a)), -EINPROGRESS);
	assert_true(poll_for(fx, c, POLLOUT) & (POLLERR | POLLHUP));
	assert_int_equal(iou_sys_connect(&fx->ring, c, (struct sockaddr *)&a,
					 sizeof(a)), -ECONNREFUSED);
}

/* sim_net.c — the sim's network (issue 4): sockets through iou_sys_* and
 * ring ops, stream semantics, multishot accept/recv/poll, zero-copy send,
 * each by kernel version where it differs. What varies from tape to tape
 * is sim_net_vary.c's. */
#include "sim_net.h"

/* ---- sockets through iou_sys_* ------------------------------------------------ */

static void test_sys_calls(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct sockaddr_in a, b, peer;
	socklen_t n = sizeof(b);
	struct iou ring;
	int l, l2, c, s, one = 1;
	char buf[8];

	(void)state;
	st_ring(sim, &ring, 8, 0);
	l = st_listener(&ring, &a);
	/* port 0 picks the first ephemeral port, deterministically */
	assert_int_equal(ntohs(a.sin_port), 32768);
	l2 = iou_sys_socket(&ring, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(l2 >= 0);
	assert_int_equal(iou_sys_setsockopt(&ring, l2, SOL_SOCKET,
					    SO_REUSEADDR, &one, sizeof(one)), 0);
	assert_int_equal(iou_sys_bind(&ring, l2, (struct sockaddr *)&a,
				      sizeof(a)), -EADDRINUSE);
	/* no listener on a port: refused (a blocking connect: a non-blocking
	 * one is -EINPROGRESS, then SO_ERROR; conformance's
	 * sys_connect_nonblocking_inprogress) */
	c = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
	b = a;
	b.sin_port = htons(9);
	assert_int_equal(iou_sys_connect(&ring, c, (struct sockaddr *)&b,
					 sizeof(b)), -ECONNREFUSED);
	assert_int_equal(iou_sys_shutdown(&ring, c, SHUT_WR), -ENOTCONN);
	assert_int_equal(iou_sys_accept(&ring, l, NULL, NULL, 0), -EAGAIN);
	assert_int_equal(iou_sys_connect(&ring, c, (struct sockaddr *)&a,
					 sizeof(a)), 0);
	n = sizeof(peer);
	s = iou_sys_accept(&ring, l, (struct sockaddr *)&peer, &n, 0);
	assert_true(s >= 0);
	assert_int_equal(n, sizeof(peer));
	assert_int_equal(peer.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
	assert_int_equal(ntohs(peer.sin_port), 32769);
	/* nothing to read: -EAGAIN (the sim cannot block) */
	assert_int_equal(iou_sys_read(&ring, s, buf, 8), -EAGAIN);
	assert_int_equal(iou_sys_write(&ring, c, "hi", 2), 2);
	assert_int_equal(iou_sys_read(&ring, s, buf, 8), 2);
	/* close: the peer reads EOF */
	assert_int_equal(iou_sys_close(&ring, c), 0);
	assert_int_equal(iou_sys_read(&ring, s, buf, 8), 0);
	/* the first write to a closed peer goes out; its reset comes back
	 * as EPIPE (CLOSE_WAIT); reads still see EOF (measured on 6.18) */
	assert_int_equal(iou_sys_write(&ring, s, "x", 1), 1);
	assert_int_equal(iou_sys_read(&ring, s, buf, 8), 0);
	assert_int_equal(iou_sys_write(&ring, s, "x", 1), -EPIPE);
	assert_int_equal(iou_sys_write(&ring, s, "x", 1), -EPIPE);
	assert_int_equal(iou_sys_read(&ring, l, buf, 1), -ENOTCONN);
	assert_int_equal(iou_sys_bind(&ring, 99, (struct sockaddr *)&a,
				      sizeof(a)), -EBADF);
	iou_sys_close(&ring, s);
	iou_sys_close(&ring, l2);
	iou_sys_close(&ring, l);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* SO_LINGER {1, 0} or unread data at close: the peer is reset; what it
 * had queued stays readable, then -ECONNRESET, then EOF (6.18). */
static void test_reset_on_close(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct linger lg = { 1, 0 };
	struct iou ring;
	struct st_pair p;
	char buf[8];

	(void)state;
	st_ring(sim, &ring, 8, 0);
	st_tcp_pair(&ring, &p);
	assert_int_equal(iou_sys_write(&ring, p.c, "abc", 3), 3);
	assert_int_equal(iou_sys_setsockopt(&ring, p.c, SOL_SOCKET, SO_LINGER,
					    &lg, sizeof(lg)), 0);
	assert_int_equal(iou_sys_close(&ring, p.c), 0);
	assert_int_equal(iou_sys_read(&ring, p.s, buf, 8), 3);
	assert_int_equal(iou_sys_read(&ring, p.s, buf, 8), -ECONNRESET);
	assert_int_equal(iou_sys_read(&ring, p.s, buf, 8), 0);
	assert_int_equal(iou_sys_write(&ring, p.s, "x", 1), -EPIPE);
	/* unread data at close resets the peer too */
	p.c = st_connect(&ring, &p.a);
	iou_sys_close(&ring, p.s);
	p.s = iou_sys_accept(&ring, p.l, NULL, NULL, 0);
	assert_int_equal(iou_sys_write(&ring, p.c, "abc", 3), 3);
	assert_int_equal(iou_sys_close(&ring, p.s), 0);
	assert_int_equal(iou_sys_read(&ring, p.c, buf, 8), -ECONNRESET);
	iou_sys_close(&ring, p.c);
	iou_sys_close(&ring, p.l);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* AF_INET6 and AF_UNIX stream pairs carry bytes both ways. */
static void test_inet6_and_unix(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct sockaddr_in6 a6;
	struct sockaddr_un un;
	socklen_t n = sizeof(a6);
	struct iou ring;
	int l, c, s;
	char buf[8];

	(void)state;
	st_ring(sim, &ring, 8, 0);
	memset(&a6, 0, sizeof(a6));
	a6.sin6_family = AF_INET6;
	a6.sin6_addr = in6addr_loopback;
	l = iou_sys_socket(&ring, AF_INET6, SOCK_STREAM, 0);
	assert_int_equal(iou_sys_bind(&ring, l, (struct sockaddr *)&a6,
				      sizeof(a6)), 0);
	assert_int_equal(iou_sys_listen(&ring, l, 4), 0);
	assert_int_equal(iou_sys_getsockname(&ring, l, (struct sockaddr *)&a6,
					     &n), 0);
	assert_int_not_equal(a6.sin6_port, 0);
	c = iou_sys_socket(&ring, AF_INET6, SOCK_STREAM, 0);
	assert_int_equal(iou_sys_connect(&ring, c, (struct sockaddr *)&a6,
					 sizeof(a6)), 0);
	s = iou_sys_accept(&ring, l, NULL, NULL, 0);
	assert_int_equal(iou_sys_write(&ring, c, "v6", 2), 2);
	assert_int_equal(iou_sys_read(&ring, s, buf, 8), 2);
	iou_sys_close(&ring, s);
	iou_sys_close(&ring, c);
	iou_sys_close(&ring, l);

	memset(&un, 0, sizeof(un));
	un.sun_family = AF_UNIX;
	strcpy(un.sun_path, "/tmp/sock");
	l = iou_sys_socket(&ring, AF_UNIX, SOCK_STREAM, 0);
	c = iou_sys_socket(&ring, AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(iou_sys_connect(&ring, c, (struct sockaddr *)&un,
					 sizeof(un)), -ENOENT);
	assert_int_equal(iou_sys_bind(&ring, l, (struct sockaddr *)&un,
				      sizeof(un)), 0);
	assert_int_equal(iou_sys_connect(&ring, c, (struct sockaddr *)&un,
					 sizeof(un)), -ECONNREFUSED);
	assert_int_equal(iou_sys_listen(&ring, l, 4), 0);
	assert_int_equal(iou_sys_connect(&ring, c, (struct sockaddr *)&un,
					 sizeof(un)), 0);
	s = iou_sys_accept(&ring, l, NULL, NULL, 0);
	assert_true(s >= 0);
	assert_int_equal(iou_sys_write(&ring, s, "un", 2), 2);
	assert_int_equal(iou_sys_read(&ring, c, buf, 8), 2);
	assert_memory_equal(buf, "un", 2);
	iou_sys_close(&ring, s);
	iou_sys_close(&ring, c);
	iou_sys_close(&ring, l);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* An AF_INET6 listener on "::" takes IPv4 connections too (dual stack;
 * the accepted socket sees ::ffff:127.0.0.1) unless IPV6_V6ONLY; it also
 * holds the port against AF_INET binds. */
static void test_dual_stack(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct sockaddr_in6 a6, peer;
	struct sockaddr_in a4;
	socklen_t n = sizeof(a6);
	struct iou ring;
	int l, c, s, b, one = 1;
	char buf[4];

	(void)state;
	st_ring(sim, &ring, 8, 0);
	memset(&a6, 0, sizeof(a6));
	a6.sin6_family = AF_INET6;
	a6.sin6_addr = in6addr_any;
	l = iou_sys_socket(&ring, AF_INET6, SOCK_STREAM, 0);
	assert_int_equal(iou_sys_bind(&ring, l, (struct sockaddr *)&a6,
				      sizeof(a6)), 0);
	assert_int_equal(iou_sys_listen(&ring, l, 4), 0);
	assert_int_equal(iou_sys_getsockname(&ring, l, (struct sockaddr *)&a6,
					     &n), 0);
	memset(&a4, 0, sizeof(a4));
	a4.sin_family = AF_INET;
	a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a4.sin_port = a6.sin6_port;
	b = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
	assert_int_equal(iou_sys_bind(&ring, b, (struct sockaddr *)&a4,
				      sizeof(a4)), -EADDRINUSE);
	c = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
	assert_int_equal(iou_sys_connect(&ring, c, (struct sockaddr *)&a4,
					 sizeof(a4)), 0);
	n = sizeof(peer);
	s = iou_sys_accept(&ring, l, (struct sockaddr *)&peer, &n, 0);
	assert_true(s >= 0);
	assert_int_equal(peer.sin6_family, AF_INET6);
	assert_true(IN6_IS_ADDR_V4MAPPED(&peer.sin6_addr));
	assert_int_equal(iou_sys_write(&ring, c, "v4", 2), 2);
	assert_int_equal(iou_sys_read(&ring, s, buf, 4), 2);
	iou_sys_close(&ring, s);
	iou_sys_close(&ring, c);
	iou_sys_close(&ring, l);
	/* IPV6_V6ONLY: IPv4 is refused */
	l = iou_sys_socket(&ring, AF_INET6, SOCK_STREAM, 0);
	assert_int_equal(iou_sys_setsockopt(&ring, l, IPPROTO_IPV6,
					    IPV6_V6ONLY, &one, sizeof(one)), 0);
	assert_int_equal(iou_sys_bind(&ring, l, (struct sockaddr *)&a6,
				      sizeof(a6)), 0);
	assert_int_equal(iou_sys_listen(&ring, l, 4), 0);
	c = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
	assert_int_equal(iou_sys_connect(&ring, c, (struct sockaddr *)&a4,
					 sizeof(a4)), -ECONNREFUSED);
	iou_sys_close(&ring, c);
	iou_sys_close(&ring, l);
	iou_sys_close(&ring, b);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* ---- ring ops -------------------------------------------------------------------- */

/* SOCKET, BIND, LISTEN (6.11), CONNECT, ACCEPT through the ring. */
static void test_ring_setup_ops(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct sockaddr_in a, peer;
	socklen_t plen = sizeof(peer), n = sizeof(a);
	struct iou_cqe c[2];
	struct iou ring;
	int l, cl;

	(void)state;
	st_ring(sim, &ring, 8, 0);
	iou_prep_socket(SQE(&ring), AF_INET, SOCK_STREAM, 0, 0);
	st_submit_all(&ring);
	l = reap1(&ring).res;
	assert_true(l >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	iou_prep_bind(SQE(&ring), l, (struct sockaddr *)&a, sizeof(a));
	st_submit_all(&ring);
	assert_int_equal(reap1(&ring).res, 0);
	iou_prep_listen(SQE(&ring), l, 2);
	st_submit_all(&ring);
	assert_int_equal(reap1(&ring).res, 0);
	assert_int_equal(iou_sys_getsockname(&ring, l, (struct sockaddr *)&a,
					     &n), 0);
	cl = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
	iou_prep_accept(SQE(&ring), l, (struct sockaddr *)&peer, &plen, 0);
	iou_sqe_set_data64(last_sqe, 1);
	st_submit_all(&ring);
	assert_int_equal(iou_cq_ready(&ring), 0);
	iou_prep_connect(SQE(&ring), cl, (struct sockaddr *)&a, sizeof(a));
	iou_sqe_set_data64(last_sqe, 2);
	st_submit_all(&ring);
	st_reap(&ring, c, 2);
	assert_true(c[st_index(c, 2, 1)].res >= 0);
	assert_int_equal(c[st_index(c, 2, 2)].res, 0);
	assert_int_equal(peer.sin_family, AF_INET);
	/* unknown socket types and families */
	iou_prep_socket(SQE(&ring), AF_INET, SOCK_RDM, 0, 0);
	st_submit_all(&ring);
	assert_int_equal(reap1(&ring).res, -ESOCKTNOSUPPORT);
	iou_prep_socket(SQE(&ring), 12345, SOCK_STREAM, 0, 0);
	st_submit_all(&ring);
	assert_int_equal(reap1(&ring).res, -EAFNOSUPPORT);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* Direct accept into a fixed-file table: -ENFILE when full, which also
 * ends a multishot accept; -ENXIO without a table. */
static void test_accept_direct_enfile(void **state)
{
	struct iou_sim *sim = st_canon(0);
	int fds[2] = { -1, -1 };
	struct iou ring;
	struct st_pair p;
	int i;

	(void)state;
	st_ring(sim, &ring, 8, 0);
	p.l = st_listener(&ring, &p.a);
	p.c = st_connect(&ring, &p.a);
	iou_prep_multishot_accept_direct(SQE(&ring), p.l, NULL, NULL, 0);
	st_submit_all(&ring);
	assert_int_equal(reap1(&ring).res, -ENXIO);
	assert_int_equal(iou_register_files(&ring, fds, 2), 0);
	for (i = 0; i < 3; i++)
		st_connect(&ring, &p.a);
	iou_prep_multishot_accept_direct(SQE(&ring), p.l, NULL, NULL, 0);
	iou_sqe_set_data64(last_sqe, 7);
	st_submit_all(&ring);
	for (i = 0; i < 3; i++) {
		struct iou_cqe c = reap1(&ring);

		assert_int_equal(c.user_data, 7);
		if (i < 2) {
			assert_int_equal(c.res, i);
			assert_true(c.flags & IOU_CQE_F_MORE);
		} else {
			assert_int_equal(c.res, -ENFILE);
			assert_false(c.flags & IOU_CQE_F_MORE);
		}
	}
	assert_int_equal(iou_cq_ready(&ring), 0);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* recv: MSG_PEEK leaves the bytes, MSG_WAITALL waits for all of them,
 * MSG_DONTWAIT does not wait; multishot recv without buffer select is
 * -EINVAL; shutdown through the ring gives EOF. */
static void test_recv_flags(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou ring;
	struct st_pair p;
	char buf[16];
	struct iou_cqe c;

	(void)state;
	st_ring(sim, &ring, 8, 0);
	st_tcp_pair(&ring, &p);
	iou_prep_recv(SQE(&ring), p.s, buf, 8, MSG_DONTWAIT);
	st_submit_all(&ring);
	assert_int_equal(reap1(&ring).res, -EAGAIN);
	iou_prep_recv(SQE(&ring), p.s, buf, 8, MSG_WAITALL);
	iou_sqe_set_data64(last_sqe, 5);
	st_submit_all(&ring);
	assert_int_equal(iou_sys_write(&ring, p.c, "abc", 3), 3);
	assert_int_equal(iou_sys_write(&ring, p.c, "defgh", 5), 5);
	c = reap1(&ring);
	assert_int_equal(c.res, 8);
	assert_memory_equal(buf, "abcdefgh", 8);
	assert_int_equal(iou_sys_write(&ring, p.c, "xyz", 3), 3);
	iou_prep_recv(SQE(&ring), p.s, buf, 8, MSG_PEEK);
	st_submit_all(&ring);
	assert_int_equal(reap1(&ring).res, 3);
	iou_prep_recv(SQE(&ring), p.s, buf + 8, 8, 0);
	st_submit_all(&ring);
	assert_int_equal(reap1(&ring).res, 3);
	assert_memory_equal(buf + 8, "xyz", 3);
	iou_prep_recv_multishot(SQE(&ring), p.s, NULL, 0, 0);
	st_submit_all(&ring);
	assert_int_equal(reap1(&ring).res, -EINVAL);
	iou_prep_shutdown(SQE(&ring), p.c, SHUT_WR);
	st_submit_all(&ring);
	assert_int_equal(reap1(&ring).res, 0);
	iou_prep_recv(SQE(&ring), p.s, buf, 8, 0);
	st_submit_all(&ring);
	assert_int_equal(reap1(&ring).res, 0);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* Multishot recvmsg: each buffer holds struct iou_recvmsg_out, the name
 * and control areas the msghdr asked for, then the payload. */
static void test_recvmsg_multishot_layout(void **state)
{
	struct iou_sim *sim = st_canon(0);
	static char bufs[2][64];
	struct iou_buf_ring *br;
	struct msghdr m;
	struct iou ring;
	struct st_pair p;
	struct iou_cqe c;
	struct iou_recvmsg_out o;
	int err;

	(void)state;
	st_ring(sim, &ring, 8, 0);
	st_tcp_pair(&ring, &p);
	br = iou_setup_buf_ring(&ring, 2, BGID, 0, &err);
	assert_non_null(br);
	iou_buf_ring_add(br, bufs[0], 64, 0, iou_buf_ring_mask(2), 0);
	iou_buf_ring_add(br, bufs[1], 64, 1, iou_buf_ring_mask(2), 1);
	iou_buf_ring_advance(br, 2);
	memset(&m, 0, sizeof(m));
	m.msg_namelen = sizeof(struct sockaddr_in);
	m.msg_controllen = 8;
	iou_prep_recvmsg_multishot(SQE(&ring), p.s, &m, 0);
	iou_sqe_set_flags(last_sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(last_sqe, BGID);
	st_submit_all(&ring);
	assert_int_equal(iou_sys_write(&ring, p.c, "payload", 7), 7);
	c = reap1(&ring);
	assert_true(c.flags & IOU_CQE_F_MORE);
	assert_true(c.flags & IOU_CQE_F_BUFFER);
	assert_int_equal(c.res, (int)(sizeof(o) + sizeof(struct sockaddr_in) +
				      8 + 7));
	memcpy(&o, bufs[iou_cqe_buffer_id(&c)], sizeof(o));
	assert_int_equal(o.payloadlen, 7);
	assert_memory_equal(bufs[iou_cqe_buffer_id(&c)] + sizeof(o) +
			    sizeof(struct sockaddr_in) + 8, "payload", 7);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* poll_add and poll_update on a socket; multishot poll on a pipe. */
static void test_poll_socket(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou ring;
	struct st_pair p;
	struct iou_cqe c[2];
	char b[4];

	(void)state;
	st_ring(sim, &ring, 8, 0);
	st_tcp_pair(&ring, &p);
	iou_prep_poll_add(SQE(&ring), p.s, POLLIN);
	iou_sqe_set_data64(last_sqe, 1);
	st_submit_all(&ring);
	assert_int_equal(iou_cq_ready(&ring), 0);
	/* an update that adds POLLOUT: ready at once */
	iou_prep_poll_update(SQE(&ring), 1, 2, POLLIN | POLLOUT,
			     IOU_POLL_UPDATE_EVENTS | IOU_POLL_UPDATE_USER_DATA);
	iou_sqe_set_data64(last_sqe, 9);
	st_submit_all(&ring);
	st_reap(&ring, c, 2);
	assert_int_equal(c[st_index(c, 2, 9)].res, 0);
	assert_true(c[st_index(c, 2, 2)].res & POLLOUT);
	/* the listener polls readable when a connection waits */
	iou_prep_poll_add(SQE(&ring), p.l, POLLIN);
	st_submit_all(&ring);
	st_connect(&ring, &p.a);
	assert_true(reap1(&ring).res & POLLIN);
	/* the peer's close: POLLIN (EOF) and POLLRDHUP */
	iou_prep_poll_add(SQE(&ring), p.s, POLLIN | POLLRDHUP);
	st_submit_all(&ring);
	iou_sys_close(&ring, p.c);
	assert_true(reap1(&ring).res & POLLRDHUP);
	assert_int_equal(iou_sys_read(&ring, p.s, b, 4), 0);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* Multishot recv then cancel: 6.0-6.4 cancel -ENOENT and the recv ends
 * -ENOBUFS; 6.5+ cancel 0 and the recv -ECANCELED; no F_MORE either way
 * (liburing #984). An empty group at issue is -ENOBUFS at once. */
static void test_mshot_recv_cancel_by_version(void **state)
{
	static const uint32_t ks[] = { V(6, 1), V(6, 6), V(6, 18) };
	static char bufs[2][16];

	(void)state;
	for (unsigned k = 0; k < 3; k++) {
		struct iou_sim *sim = st_canon(ks[k]);
		struct iou_buf_ring *br;
		struct iou ring;
		struct st_pair p;
		struct iou_cqe c[2];
		int err, ir, ic;

		st_ring(sim, &ring, 8, 0);
		st_tcp_pair(&ring, &p);
		br = iou_setup_buf_ring(&ring, 2, BGID, 0, &err);
		assert_non_null(br);
		/* empty ring, no data: -ENOBUFS at once */
		iou_prep_recv_multishot(SQE(&ring), p.s, NULL, 0, 0);
		iou_sqe_set_flags(last_sqe, IOU_SQE_BUFFER_SELECT);
		iou_sqe_set_buf_group(last_sqe, BGID);
		st_submit_all(&ring);
		c[0] = reap1(&ring);
		assert_int_equal(c[0].res, -ENOBUFS);
		assert_false(c[0].flags & IOU_CQE_F_MORE);
		iou_buf_ring_add(br, bufs[0], 16, 0, iou_buf_ring_mask(2), 0);
		iou_buf_ring_add(br, bufs[1], 16, 1, iou_buf_ring_mask(2), 1);
		iou_buf_ring_advance(br, 2);
		iou_prep_recv_multishot(SQE(&ring), p.s, NULL, 0, 0);
		iou_sqe_set_flags(last_sqe, IOU_SQE_BUFFER_SELECT);
		iou_sqe_set_buf_group(last_sqe, BGID);
		iou_sqe_set_data64(last_sqe, 1);
		st_submit_all(&ring);
		assert_int_equal(iou_cq_ready(&ring), 0);
		iou_prep_cancel64(SQE(&ring), 1, 0);
		iou_sqe_set_data64(last_sqe, 2);
		st_submit_all(&ring);
		st_reap(&ring, c, 2);
		ir = st_index(c, 2, 1);
		ic = st_index(c, 2, 2);
		assert_true(ir >= 0 && ic >= 0);
		assert_false(c[ir].flags & IOU_CQE_F_MORE);
		if (ks[k] < V(6, 5)) {
			assert_int_equal(c[ic].res, -ENOENT);
			assert_int_equal(c[ir].res, -ENOBUFS);
		} else {
			assert_int_equal(c[ic].res, 0);
			assert_int_equal(c[ir].res, -ECANCELED);
		}
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
}

/* A multishot CQE that does not fit in the CQ ends it from 6.1 (it is
 * the last, and overflows); 5.19 keeps going with F_MORE. */
static void test_mshot_overflow_by_version(void **state)
{
	static const uint32_t ks[] = { V(5, 19), V(6, 18) };

	(void)state;
	for (unsigned k = 0; k < 2; k++) {
		struct iou_sim *sim = st_canon(ks[k]);
		struct iou_params prm;
		struct sockaddr_in a;
		struct iou ring;
		struct iou_cqe c[4];
		int l;

		memset(&prm, 0, sizeof(prm));
		prm.flags = IOU_SETUP_CQSIZE;
		prm.cq_entries = 2;
		assert_int_equal(iou_queue_init_sim_params(2, &ring, &prm, sim),
				 0);
		l = st_listener(&ring, &a);
		for (int i = 0; i < 4; i++)
			st_connect(&ring, &a);
		iou_prep_multishot_accept(SQE(&ring), l, NULL, NULL, 0);
		st_submit_all(&ring);
		st_reap(&ring, c, 3);
		assert_true(c[0].flags & IOU_CQE_F_MORE);
		assert_true(c[1].flags & IOU_CQE_F_MORE);
		if (ks[k] >= V(6, 1)) {
			assert_false(c[2].flags & IOU_CQE_F_MORE);
			assert_int_equal(iou_cq_ready(&ring), 0);
		} else {
			assert_true(c[2].flags & IOU_CQE_F_MORE);
			st_reap(&ring, c + 3, 1);
			assert_true(c[3].flags & IOU_CQE_F_MORE);
		}
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
}

/* Multishot recv on a legacy provided-buffer group: F_BUFFER with the bid
 * of each buffer taken, -ENOBUFS (no F_MORE) once the group is empty. */
static void test_mshot_recv_legacy_group(void **state)
{
	struct iou_sim *sim = st_canon(V(6, 1));
	static char pool[3][8];
	struct iou ring;
	struct st_pair p;
	struct iou_cqe c;
	unsigned got = 0, seen = 0;

	(void)state;
	st_ring(sim, &ring, 8, 0);
	st_tcp_pair(&ring, &p);
	iou_prep_provide_buffers(SQE(&ring), pool, 8, 3, BGID, 0);
	st_submit_all(&ring);
	assert_int_equal(reap1(&ring).res, 0);
	assert_int_equal(iou_sys_write(&ring, p.c,
				       "0123456789abcdefghijklmnopqrst", 30), 30);
	iou_prep_recv_multishot(SQE(&ring), p.s, NULL, 0, 0);
	iou_sqe_set_flags(last_sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(last_sqe, BGID);
	st_submit_all(&ring);
	do {
		c = reap1(&ring);
		if (c.res > 0) {
			int bid = iou_cqe_buffer_id(&c);

			assert_true(c.flags & IOU_CQE_F_BUFFER);
			assert_true(bid >= 0 && bid < 3);
			seen |= 1U << bid;
			got += (unsigned)c.res;
		}
	} while (c.flags & IOU_CQE_F_MORE);
	assert_int_equal(c.res, -ENOBUFS);
	assert_false(c.flags & IOU_CQE_F_BUFFER);
	assert_int_equal(got, 24); /* 6 bytes wait for a buffer */
	assert_int_equal(seen, 7);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sys_calls),
		cmocka_unit_test(test_reset_on_close),
		cmocka_unit_test(test_inet6_and_unix),
		cmocka_unit_test(test_dual_stack),
		cmocka_unit_test(test_ring_setup_ops),
		cmocka_unit_test(test_accept_direct_enfile),
		cmocka_unit_test(test_recv_flags),
		cmocka_unit_test(test_recvmsg_multishot_layout),
		cmocka_unit_test(test_poll_socket),
		cmocka_unit_test(test_mshot_recv_cancel_by_version),
		cmocka_unit_test(test_mshot_overflow_by_version),
		cmocka_unit_test(test_mshot_recv_legacy_group),
	};

	return cmocka_run_group_tests_name("sim.net", tests, NULL, NULL);
}

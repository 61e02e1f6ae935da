/* cases_dgram.c — conformance: datagram sockets (issue 8). UDP over
 * 127.0.0.1 with source addresses and truncation, sendto through SEND
 * (6.1), AF_UNIX SOCK_DGRAM and SOCK_SEQPACKET pairs, a receive waiting
 * for its datagram, control data, socket commands (provided buffers on
 * sockets: cases_netbuf.c). A datagram is never split
 * or merged whatever the kernel chooses; which CQE comes first between
 * independent requests, and where a multishot receive ends, are free. */
#include "cases.h"

#include <errno.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

static void prep_msg(struct msghdr *m, struct iovec *v, void *buf,
		     size_t len, void *name, socklen_t namelen)
{
	memset(m, 0, sizeof(*m));
	v->iov_base = buf;
	v->iov_len = len;
	m->msg_iov = v;
	m->msg_iovlen = 1;
	m->msg_name = name;
	m->msg_namelen = namelen;
}

/* UDP: two datagrams sent with SENDMSG and msg_name arrive whole, one per
 * RECVMSG, each naming its sender (127.0.0.1 and the sender's port). */
void case_udp_round_trip_source_addresses(struct fx *fx)
{
	struct sockaddr_in ra, sa, from;
	char o1[40], o2[7], in[64];
	struct msghdr sm[2], rm;
	struct iovec sv[2], rv;
	struct iou_cqe c[2];
	int r, s;

	r = fx_udp_bound(fx, &ra);
	s = fx_udp_bound(fx, &sa);
	fx_fill(o1, sizeof(o1), 1);
	fx_fill(o2, sizeof(o2), 2);
	prep_msg(&sm[0], &sv[0], o1, sizeof(o1), &ra, sizeof(ra));
	prep_msg(&sm[1], &sv[1], o2, sizeof(o2), &ra, sizeof(ra));
	iou_prep_sendmsg(fx_sqe(fx), s, &sm[0], 0);
	iou_prep_sendmsg(fx_sqe(fx), s, &sm[1], 0);
	fx_submit_wait(fx, 2, c, 2);
	assert_int_equal(c[0].res + c[1].res, (int)(sizeof(o1) + sizeof(o2)));
	for (int i = 0; i < 2; i++) {
		struct iou_cqe rc;

		memset(&from, 0, sizeof(from));
		prep_msg(&rm, &rv, in, sizeof(in), &from, sizeof(from));
		iou_prep_recvmsg(fx_sqe(fx), r, &rm, 0);
		fx_submit(fx, 1);
		rc = fx_reap1(fx);
		/* loopback keeps the order of one sender's datagrams */
		assert_int_equal(rc.res, i ? (int)sizeof(o2) : (int)sizeof(o1));
		assert_memory_equal(in, i ? o2 : o1, (size_t)rc.res);
		assert_int_equal(rm.msg_namelen, sizeof(from));
		assert_int_equal(from.sin_family, AF_INET);
		assert_int_equal(from.sin_port, sa.sin_port);
		assert_int_equal(ntohl(from.sin_addr.s_addr), INADDR_LOOPBACK);
		assert_int_equal(rm.msg_flags & MSG_TRUNC, 0);
	}
}

/* A datagram longer than the buffer is cut: MSG_TRUNC in msg_flags, the
 * bytes that fit; with MSG_TRUNC passed, its whole length. The rest of it
 * is gone: the next receive gets the next datagram. */
void case_udp_truncation(struct fx *fx)
{
	struct sockaddr_in ra, sa;
	char out[100], in[10];
	struct msghdr m;
	struct iovec v;
	struct iou_cqe c;
	int r, s;

	r = fx_udp_bound(fx, &ra);
	s = fx_udp_bound(fx, &sa);
	fx_fill(out, sizeof(out), 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(iou_sys_sendto(&fx->ring, s, out,
						i == 2 ? 5 : sizeof(out), 0,
						(struct sockaddr *)&ra,
						sizeof(ra)),
				 i == 2 ? 5 : (int)sizeof(out));
	prep_msg(&m, &v, in, sizeof(in), NULL, 0);
	iou_prep_recvmsg(fx_sqe(fx), r, &m, 0);
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	assert_int_equal(c.res, sizeof(in));
	assert_true(m.msg_flags & MSG_TRUNC);
	assert_memory_equal(in, out, sizeof(in));
	iou_prep_recv(fx_sqe(fx), r, in, sizeof(in), MSG_TRUNC);
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	assert_int_equal(c.res, sizeof(out));
	prep_msg(&m, &v, in, sizeof(in), NULL, 0);
	iou_prep_recvmsg(fx_sqe(fx), r, &m, 0);
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	assert_int_equal(c.res, 5);
	assert_int_equal(m.msg_flags & MSG_TRUNC, 0);
	assert_int_equal(iou_sys_recvfrom(&fx->ring, r, in, sizeof(in),
					  MSG_DONTWAIT, NULL, NULL), -EAGAIN);
}

/* SEND with a destination (sendto, 6.1); a connected socket sends to its
 * peer without one; an unconnected one without one: -EDESTADDRREQ. */
void case_udp_sendto_op(struct fx *fx)
{
	struct sockaddr_in ra, sa, from;
	socklen_t fl = sizeof(from);
	char out[33], in[64];
	struct iou_cqe c;
	int r, s;

	r = fx_udp_bound(fx, &ra);
	s = fx_udp_bound(fx, &sa);
	fx_fill(out, sizeof(out), 4);
	iou_prep_sendto(fx_sqe(fx), s, out, sizeof(out), 0,
			(struct sockaddr *)&ra, sizeof(ra));
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	assert_int_equal(c.res, sizeof(out));
	assert_int_equal(iou_sys_recvfrom(&fx->ring, r, in, sizeof(in), 0,
					  (struct sockaddr *)&from, &fl),
			 sizeof(out));
	assert_memory_equal(in, out, sizeof(out));
	assert_int_equal(fl, sizeof(from));
	assert_int_equal(from.sin_port, sa.sin_port);
	iou_prep_send(fx_sqe(fx), s, out, sizeof(out), 0);
	fx_submit(fx, 1);
	assert_int_equal(fx_reap1(fx).res, -EDESTADDRREQ);
	assert_int_equal(iou_sys_connect(&fx->ring, s, (struct sockaddr *)&ra,
					 sizeof(ra)), 0);
	iou_prep_send(fx_sqe(fx), s, out, 3, 0);
	fx_submit(fx, 1);
	assert_int_equal(fx_reap1(fx).res, 3);
	assert_int_equal(iou_sys_recvfrom(&fx->ring, r, in, sizeof(in), 0,
					  NULL, NULL), 3);
}

/* A connected UDP socket hears only its peer: another sender's datagram
 * is dropped. */
void case_udp_connected_filters_sources(struct fx *fx)
{
	struct sockaddr_in ra, pa, oa;
	char b[8] = "abcdefg";
	int r, p, o;

	r = fx_udp_bound(fx, &ra);
	p = fx_udp_bound(fx, &pa);
	o = fx_udp_bound(fx, &oa);
	assert_int_equal(iou_sys_connect(&fx->ring, r, (struct sockaddr *)&pa,
					 sizeof(pa)), 0);
	assert_int_equal(iou_sys_sendto(&fx->ring, o, b, 3, 0,
					(struct sockaddr *)&ra, sizeof(ra)), 3);
	assert_int_equal(iou_sys_sendto(&fx->ring, p, b, 5, 0,
					(struct sockaddr *)&ra, sizeof(ra)), 5);
	assert_int_equal(iou_sys_recvfrom(&fx->ring, r, b, sizeof(b),
					  MSG_DONTWAIT, NULL, NULL), 5);
	assert_int_equal(iou_sys_recvfrom(&fx->ring, r, b, sizeof(b),
					  MSG_DONTWAIT, NULL, NULL), -EAGAIN);
}

/* A RECV submitted before its datagram waits, then gets it whole. */
void case_udp_recv_pending_then_datagram(struct fx *fx)
{
	struct sockaddr_in ra, sa;
	char out[21], in[64];
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	int r, s;

	r = fx_udp_bound(fx, &ra);
	s = fx_udp_bound(fx, &sa);
	fx_fill(out, sizeof(out), 5);
	sqe = fx_sqe(fx);
	iou_prep_recv(sqe, r, in, sizeof(in), 0);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	fx_expect_quiet(fx, 10);
	sqe = fx_sqe(fx);
	iou_prep_sendto(sqe, s, out, sizeof(out), 0, (struct sockaddr *)&ra,
			sizeof(ra));
	if (!fx_op_supported(fx, IOU_OP_SEND) ||
	    fx->backend->kernel(fx) < IOU_KERNEL_VERSION(6, 1)) {
		/* no sendto through SEND before 6.1: the sys call */
		iou_prep_nop(sqe);
		assert_int_equal(iou_sys_sendto(&fx->ring, s, out, sizeof(out),
						0, (struct sockaddr *)&ra,
						sizeof(ra)), sizeof(out));
	}
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 1, c, 2);
	assert_int_equal(fx_find(c, 2, 1)->res, sizeof(out));
	assert_memory_equal(in, out, sizeof(out));
}

/* Sends three messages, linked so that they go in order. */
static void send3(struct fx *fx, int fd, const void *a, size_t na,
		  const void *b, size_t nb, const void *c, size_t nc)
{
	struct iou_cqe cq[3];
	struct iou_sqe *sqe;

	sqe = fx_sqe(fx);
	iou_prep_send(sqe, fd, a, na, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	iou_sqe_set_data64(sqe, 1);
	sqe = fx_sqe(fx);
	iou_prep_send(sqe, fd, b, nb, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	iou_sqe_set_data64(sqe, 2);
	sqe = fx_sqe(fx);
	iou_prep_send(sqe, fd, c, nc, 0);
	iou_sqe_set_data64(sqe, 3);
	fx_submit_wait(fx, 3, cq, 3);
	assert_int_equal(fx_find(cq, 3, 1)->res, (int)na);
	assert_int_equal(fx_find(cq, 3, 2)->res, (int)nb);
	assert_int_equal(fx_find(cq, 3, 3)->res, (int)nc);
}

static int recvmsg1(struct fx *fx, int fd, void *buf, size_t len,
		    int *mflags)
{
	struct msghdr m;
	struct iovec v;
	struct iou_cqe c;

	prep_msg(&m, &v, buf, len, NULL, 0);
	iou_prep_recvmsg(fx_sqe(fx), fd, &m, 0);
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	*mflags = c.res >= 0 ? m.msg_flags : 0;
	return c.res;
}

/* AF_UNIX SOCK_DGRAM and SOCK_SEQPACKET pairs: each send is one message
 * (an empty one too), received whole and in order; a short buffer
 * truncates (MSG_TRUNC); the sender's name is empty (unnamed). */
static void unix_boundaries(struct fx *fx, int type, int sv[2])
{
	char o1[50], o2[3], in[64];
	int fl;

	fx_unix_pair(fx, type, sv);
	fx_fill(o1, sizeof(o1), 6);
	fx_fill(o2, sizeof(o2), 7);
	send3(fx, sv[0], o1, sizeof(o1), o2, 0, o2, sizeof(o2));
	assert_int_equal(recvmsg1(fx, sv[1], in, 10, &fl), 10);
	assert_true(fl & MSG_TRUNC);
	assert_memory_equal(in, o1, 10);
	assert_int_equal(recvmsg1(fx, sv[1], in, sizeof(in), &fl), 0);
	assert_int_equal(fl & MSG_TRUNC, 0);
	assert_int_equal(recvmsg1(fx, sv[1], in, sizeof(in), &fl), 3);
	assert_memory_equal(in, o2, 3);
	assert_int_equal(iou_sys_recvfrom(&fx->ring, sv[1], in, sizeof(in),
					  MSG_DONTWAIT, NULL, NULL), -EAGAIN);
	/* and back the other way */
	assert_int_equal(iou_sys_sendto(&fx->ring, sv[1], o2, 2, 0, NULL, 0),
			 2);
	assert_int_equal(iou_sys_recvfrom(&fx->ring, sv[0], in, sizeof(in),
					  0, NULL, NULL), 2);
}

void case_unix_dgram_pair_boundaries(struct fx *fx)
{
	int sv[2];

	unix_boundaries(fx, SOCK_DGRAM, sv);
}

/* ... and SOCK_SEQPACKET, which reads 0 at the end once the peer is
 * gone. */
void case_unix_seqpacket_pair_boundaries(struct fx *fx)
{
	char in[8];
	int sv[2], fl;

	unix_boundaries(fx, SOCK_SEQPACKET, sv);
	fx_close(fx, sv[0]);
	assert_int_equal(recvmsg1(fx, sv[1], in, sizeof(in), &fl), 0);
}

/* Control data: with no socket option that adds any, RECVMSG given a
 * control buffer reports msg_controllen 0 and no MSG_CTRUNC (UDP and TCP);
 * a multishot RECVMSG keeps the control room it was given in each buffer's
 * layout (payload after header, name and msg_controllen bytes) and reports
 * controllen 0 in the header. */
void case_recvmsg_no_control_data(struct fx *fx)
{
	enum { BLEN = 128, BGID = 8, CTL = 32 };
	static char bufs[2][BLEN];
	size_t hdr = sizeof(struct iou_recvmsg_out) + sizeof(struct sockaddr_in) +
		     CTL;
	char ctl[64], out[12], in[32];
	struct sockaddr_in ra, sa, from;
	struct iou_recvmsg_out o;
	struct msghdr m;
	struct iovec v;
	struct fx_tcp t;
	struct iou_cqe c;
	int r, s;

	r = fx_udp_bound(fx, &ra);
	s = fx_udp_bound(fx, &sa);
	fx_fill(out, sizeof(out), 30);
	for (int round = 0; round < 2; round++) {
		assert_int_equal(iou_sys_sendto(&fx->ring, s, out, sizeof(out),
						0, (struct sockaddr *)&ra,
						sizeof(ra)), sizeof(out));
		prep_msg(&m, &v, in, sizeof(in), &from, sizeof(from));
		memset(ctl, 0xa5, sizeof(ctl));
		m.msg_control = ctl;
		m.msg_controllen = sizeof(ctl);
		iou_prep_recvmsg(fx_sqe(fx), r, &m, 0);
		fx_submit(fx, 1);
		c = fx_reap1(fx);
		assert_int_equal(c.res, sizeof(out));
		assert_int_equal(m.msg_controllen, 0);
		assert_int_equal(m.msg_flags & (MSG_CTRUNC | MSG_TRUNC), 0);
		assert_int_equal(m.msg_namelen, sizeof(from));
		assert_memory_equal(in, out, sizeof(out));
	}

	/* the multishot layout keeps CTL bytes of control room */
	fx_buf_ring_filled(fx, 2, BGID, bufs[0], BLEN);
	assert_int_equal(iou_sys_sendto(&fx->ring, s, out, sizeof(out), 0,
					(struct sockaddr *)&ra, sizeof(ra)),
			 sizeof(out));
	memset(&m, 0, sizeof(m));
	m.msg_namelen = sizeof(struct sockaddr_in);
	m.msg_controllen = CTL;
	{
		struct iou_sqe *sqe = fx_sqe(fx);

		iou_prep_recvmsg_multishot(sqe, r, &m, 0);
		iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
		iou_sqe_set_buf_group(sqe, BGID);
		iou_sqe_set_data64(sqe, 5);
	}
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	assert_int_equal(c.user_data, 5);
	assert_true(c.flags & IOU_CQE_F_BUFFER);
	memcpy(&o, bufs[c.flags >> IOU_CQE_BUFFER_SHIFT], sizeof(o));
	assert_int_equal(o.controllen, 0);
	assert_int_equal(o.namelen, sizeof(struct sockaddr_in));
	assert_int_equal(o.payloadlen, sizeof(out));
	assert_int_equal((size_t)c.res, hdr + sizeof(out));
	assert_memory_equal(bufs[c.flags >> IOU_CQE_BUFFER_SHIFT] + hdr, out,
			    sizeof(out));
	if (c.flags & IOU_CQE_F_MORE) {
		struct iou_cqe cc[2];

		iou_prep_cancel64(fx_sqe(fx), 5, 0);
		fx_submit_wait(fx, 1, cc, 2);
	}

	/* TCP: no control data either */
	fx_tcp_pair(fx, &t);
	fx_write_all(fx, t.client, out, sizeof(out));
	prep_msg(&m, &v, in, sizeof(out), NULL, 0);
	memset(ctl, 0xa5, sizeof(ctl));
	m.msg_control = ctl;
	m.msg_controllen = sizeof(ctl);
	iou_prep_recvmsg(fx_sqe(fx), t.server, &m, MSG_WAITALL);
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	assert_int_equal(c.res, sizeof(out));
	assert_int_equal(m.msg_controllen, 0);
	assert_int_equal(m.msg_flags & MSG_CTRUNC, 0);
	assert_memory_equal(in, out, sizeof(out));
}

/* SO_SNDBUF as sock_setsockopt stores it: doubled, at least
 * SOCK_MIN_SNDBUF (4608), on UDP, TCP and AF_UNIX sockets; a fresh UDP
 * socket's is wmem_default. (Values below any wmem_max.) */
void case_sndbuf_doubled(struct fx *fx)
{
	static const int types[][2] = {
		{ AF_INET, SOCK_DGRAM }, { AF_INET, SOCK_STREAM },
		{ AF_UNIX, SOCK_DGRAM }, { AF_INET6, SOCK_DGRAM },
	};
	int v, fd;
	socklen_t n;

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		fd = iou_sys_socket(&fx->ring, types[i][0], types[i][1], 0);
		if (fd < 0)
			fail_msg("socket: %s", iou_strerror(fd));
		fx_track(fx, fd);
		if (types[i][1] == SOCK_DGRAM) {
			n = sizeof(v);
			assert_int_equal(iou_sys_getsockopt(&fx->ring, fd,
							    SOL_SOCKET,
							    SO_SNDBUF, &v, &n),
					 0);
			assert_int_equal(n, sizeof(v));
			fx_note(fx, "default SO_SNDBUF %d", v);
			assert_true(v >= 4608);
		}
		v = 4096;
		assert_int_equal(iou_sys_setsockopt(&fx->ring, fd, SOL_SOCKET,
						    SO_SNDBUF, &v, sizeof(v)),
				 0);
		n = sizeof(v);
		assert_int_equal(iou_sys_getsockopt(&fx->ring, fd, SOL_SOCKET,
						    SO_SNDBUF, &v, &n), 0);
		assert_int_equal(v, 8192);
		v = 100;
		assert_int_equal(iou_sys_setsockopt(&fx->ring, fd, SOL_SOCKET,
						    SO_SNDBUF, &v, sizeof(v)),
				 0);
		n = sizeof(v);
		assert_int_equal(iou_sys_getsockopt(&fx->ring, fd, SOL_SOCKET,
						    SO_SNDBUF, &v, &n), 0);
		assert_int_equal(v, 4608);
	}
}

/* Bytes in flight: a RECV (MSG_WAITALL) submitted in the same batch as
 * the SEND that feeds it completes with every byte, whenever they
 * arrive. */
void case_stream_recv_with_send_every_byte(struct fx *fx)
{
	struct fx_tcp t;
	char out[3000], in[3000];
	struct iou_cqe c[2];
	struct iou_sqe *sqe;

	fx_tcp_pair(fx, &t);
	fx_fill(out, sizeof(out), 10);
	memset(in, 0, sizeof(in));
	sqe = fx_sqe(fx);
	iou_prep_recv(sqe, t.server, in, sizeof(in), MSG_WAITALL);
	iou_sqe_set_data64(sqe, 2);
	sqe = fx_sqe(fx);
	iou_prep_send(sqe, t.client, out, sizeof(out), MSG_WAITALL);
	iou_sqe_set_data64(sqe, 1);
	fx_submit_wait(fx, 2, c, 2);
	assert_int_equal(fx_find(c, 2, 1)->res, sizeof(out));
	assert_int_equal(fx_find(c, 2, 2)->res, sizeof(in));
	assert_memory_equal(in, out, sizeof(in));
}

/* ---- socket commands ------------------------------------------------------ */

static struct iou_cqe cmd_sock(struct fx *fx, int op, int fd, int level,
			       int name, void *val, int len)
{
	iou_prep_cmd_sock(fx_sqe(fx), op, fd, level, name, val, len);
	fx_submit(fx, 1);
	return fx_reap1(fx);
}

/* URING_CMD on sockets (6.7): SIOCINQ counts what is readable, SIOCOUTQ
 * what is not acked yet; GETSOCKOPT (SOL_SOCKET only) returns the
 * option's length; SETSOCKOPT sets it. A pipe has no uring_cmd. */
void case_socket_uring_cmd(struct fx *fx)
{
	struct fx_tcp t;
	char out[10] = "0123456789";
	int v = 0, one = 1, p[2];
	struct iou_cqe c;

	fx_tcp_pair(fx, &t);
	fx_write_all(fx, t.client, out, sizeof(out));
	c = cmd_sock(fx, IOU_SOCKET_URING_OP_SIOCINQ, t.server, 0, 0, NULL, 0);
	assert_int_equal(c.res, sizeof(out));
	c = cmd_sock(fx, IOU_SOCKET_URING_OP_SIOCOUTQ, t.client, 0, 0, NULL,
		     0);
	assert_true(c.res >= 0 && c.res <= (int)sizeof(out));
	c = cmd_sock(fx, IOU_SOCKET_URING_OP_GETSOCKOPT, t.server, SOL_SOCKET,
		     SO_TYPE, &v, sizeof(v));
	assert_int_equal(c.res, sizeof(v));
	assert_int_equal(v, SOCK_STREAM);
	c = cmd_sock(fx, IOU_SOCKET_URING_OP_SETSOCKOPT, t.server, SOL_SOCKET,
		     SO_REUSEADDR, &one, sizeof(one));
	assert_int_equal(c.res, 0);
	v = 0;
	c = cmd_sock(fx, IOU_SOCKET_URING_OP_GETSOCKOPT, t.server, SOL_SOCKET,
		     SO_REUSEADDR, &v, sizeof(v));
	assert_int_equal(c.res, sizeof(v));
	assert_int_equal(v, 1);
	c = cmd_sock(fx, IOU_SOCKET_URING_OP_GETSOCKOPT, t.server, IPPROTO_TCP,
		     1, &v, sizeof(v));
	assert_int_equal(c.res, -EOPNOTSUPP);
	fx_pipe(fx, p);
	c = cmd_sock(fx, IOU_SOCKET_URING_OP_SIOCINQ, p[0], 0, 0, NULL, 0);
	assert_int_equal(c.res, -EOPNOTSUPP);
}

/* SEND's destination (addr2) is copied when it is submitted: a send that
 * runs later (hard-linked behind a timeout) goes where addr2 pointed
 * then, though the caller overwrote the address right after submit. The same for SEND_ZC
 * where the kernel has it (liburing's send-zerocopy reuses its address). */
void case_udp_sendto_address_copied_at_submit(struct fx *fx)
{
	struct sockaddr_in ra, sa, *to = malloc(sizeof(*to));
	char out[16] = "datagram to ra", in[32];
	int r, s, zc = fx_op_supported(fx, IOU_OP_SEND_ZC);

	assert_non_null(to);
	r = fx_udp_bound(fx, &ra);
	s = fx_udp_bound(fx, &sa);
	for (int k = 0; k < 1 + zc; k++) {
		struct iou_timespec ts = fx_ms(5);
		struct iou_sqe *sqe = fx_sqe(fx);
		int got = 0, more = 0, timed = 0;

		/* the send waits behind a timeout (hard-linked: it runs
		 * when the timeout fires), long after submit returned */
		iou_prep_timeout(sqe, &ts, 0, 0);
		iou_sqe_set_flags(sqe, IOU_SQE_IO_HARDLINK);
		iou_sqe_set_data64(sqe, 2);
		sqe = fx_sqe(fx);
		*to = ra;
		if (k)
			iou_prep_send_zc(sqe, s, out, sizeof(out), 0, 0);
		else
			iou_prep_send(sqe, s, out, sizeof(out), 0);
		iou_prep_send_set_addr(sqe, (struct sockaddr *)to,
				       sizeof(*to));
		iou_sqe_set_data64(sqe, 1);
		assert_int_equal(fx_submit(fx, 2), 2);
		memset(to, 0xff, sizeof(*to)); /* reused at once */
		while (!got || more || !timed) { /* SEND_ZC: its notif too */
			struct iou_cqe c = fx_reap1(fx);

			if (c.user_data == 2) {
				assert_int_equal(c.res, -ETIME);
				timed = 1;
				continue;
			}
			assert_int_equal(c.user_data, 1);
			if (c.flags & IOU_CQE_F_NOTIF) {
				more = 0;
				continue;
			}
			assert_int_equal(c.res, sizeof(out));
			got = 1;
			more = (c.flags & IOU_CQE_F_MORE) != 0;
		}
		assert_int_equal(iou_sys_recvfrom(&fx->ring, r, in,
						  sizeof(in), 0, NULL, NULL),
				 sizeof(out));
		assert_memory_equal(in, out, sizeof(out));
	}
	free(to);
}

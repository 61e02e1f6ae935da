/* cases_dgram.c — conformance: datagram sockets (issue 8). UDP over
 * 127.0.0.1 with source addresses and truncation, sendto through SEND
 * (6.1), AF_UNIX SOCK_DGRAM and SOCK_SEQPACKET pairs, a receive waiting
 * for its datagram, multishot recvmsg's layout. A datagram is never split
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

/* A UDP socket bound to 127.0.0.1 on a port the kernel picks; its
 * address in *a. */
static int udp_bound(struct fx *fx, struct sockaddr_in *a)
{
	socklen_t n = sizeof(*a);
	int fd = iou_sys_socket(&fx->ring, AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		fail_msg("socket: %s", iou_strerror(fd));
	fx_track(fx, fd);
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(iou_sys_bind(&fx->ring, fd, (struct sockaddr *)a,
				      sizeof(*a)), 0);
	assert_int_equal(iou_sys_getsockname(&fx->ring, fd,
					     (struct sockaddr *)a, &n), 0);
	assert_int_equal(n, sizeof(*a));
	assert_true(ntohs(a->sin_port) != 0);
	return fd;
}

static void pair(struct fx *fx, int type, int sv[2])
{
	assert_int_equal(iou_sys_socketpair(&fx->ring, AF_UNIX, type, 0, sv),
			 0);
	fx_track(fx, sv[0]);
	fx_track(fx, sv[1]);
}

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

	r = udp_bound(fx, &ra);
	s = udp_bound(fx, &sa);
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

	r = udp_bound(fx, &ra);
	s = udp_bound(fx, &sa);
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

	r = udp_bound(fx, &ra);
	s = udp_bound(fx, &sa);
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

	r = udp_bound(fx, &ra);
	p = udp_bound(fx, &pa);
	o = udp_bound(fx, &oa);
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

	r = udp_bound(fx, &ra);
	s = udp_bound(fx, &sa);
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

	pair(fx, type, sv);
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

/* Multishot RECVMSG on UDP: each CQE is one datagram in one buffer laid
 * out as struct iou_recvmsg_out, the name (msg_namelen bytes reserved),
 * the payload; a datagram longer than the room is cut with MSG_TRUNC in
 * its flags. It may end at any CQE (no F_MORE): then it is armed again. */
void case_udp_recvmsg_multishot_layout(struct fx *fx)
{
	enum { BLEN = 96, BGID = 7 };
	static char bufs[4][BLEN];
	size_t hdr = sizeof(struct iou_recvmsg_out) + sizeof(struct sockaddr_in);
	struct sockaddr_in ra, sa;
	struct iou_buf_ring *br;
	char o1[20], o2[80];
	struct msghdr m;
	int r, s, got = 0, armed = 0;

	r = udp_bound(fx, &ra);
	s = udp_bound(fx, &sa);
	br = fx_buf_ring(fx, 4, BGID);
	for (int i = 0; i < 4; i++)
		iou_buf_ring_add(br, bufs[i], BLEN, (unsigned short)i,
				 iou_buf_ring_mask(4), i);
	iou_buf_ring_advance(br, 4);
	fx_fill(o1, sizeof(o1), 8);
	fx_fill(o2, sizeof(o2), 9);
	assert_int_equal(iou_sys_sendto(&fx->ring, s, o1, sizeof(o1), 0,
					(struct sockaddr *)&ra, sizeof(ra)),
			 sizeof(o1));
	assert_int_equal(iou_sys_sendto(&fx->ring, s, o2, sizeof(o2), 0,
					(struct sockaddr *)&ra, sizeof(ra)),
			 sizeof(o2));
	memset(&m, 0, sizeof(m));
	m.msg_namelen = sizeof(struct sockaddr_in);
	while (got < 2) {
		struct iou_recvmsg_out o;
		struct sockaddr_in from;
		struct iou_cqe c;
		const char *b;

		if (!armed) {
			struct iou_sqe *sqe = fx_sqe(fx);

			iou_prep_recvmsg_multishot(sqe, r, &m, 0);
			iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
			iou_sqe_set_buf_group(sqe, BGID);
			fx_submit(fx, 1);
			armed = 1;
		}
		c = fx_reap1(fx);
		assert_true(c.res > 0);
		assert_true(c.flags & IOU_CQE_F_BUFFER);
		armed = (c.flags & IOU_CQE_F_MORE) != 0;
		b = bufs[c.flags >> IOU_CQE_BUFFER_SHIFT];
		memcpy(&o, b, sizeof(o));
		memcpy(&from, b + sizeof(o), sizeof(from));
		assert_int_equal(o.namelen, sizeof(from));
		assert_int_equal(from.sin_port, sa.sin_port);
		assert_int_equal(o.controllen, 0);
		if (!got) {
			assert_int_equal(o.payloadlen, sizeof(o1));
			assert_int_equal(o.flags & MSG_TRUNC, 0);
			assert_memory_equal(b + hdr, o1, sizeof(o1));
		} else {
			assert_int_equal(o.payloadlen, BLEN - hdr);
			assert_true(o.flags & MSG_TRUNC);
			assert_memory_equal(b + hdr, o2, BLEN - hdr);
		}
		assert_int_equal((size_t)c.res, hdr + o.payloadlen);
		got++;
	}
	if (armed) {
		struct iou_sqe *sqe = fx_sqe(fx);
		struct iou_cqe c[2];

		iou_prep_cancel64(sqe, 0, 0);
		iou_sqe_set_data64(sqe, 99);
		fx_submit_wait(fx, 1, c, 2);
	}
}

/* Multishot RECVMSG given a buffer smaller than its header (struct
 * iou_recvmsg_out and the name's room) ends with -EFAULT and gives the
 * buffer back (io_recvmsg_prep_multishot fails, io_kbuf_recycle): no
 * F_BUFFER in the CQE, and the next receive from the group takes the same
 * buffer (fuzz/sim_sqe: the sim consumed it and reported it). */
void case_udp_recvmsg_multishot_small_buffer(struct fx *fx)
{
	enum { BLEN = 16, BGID = 9 };
	static char bufs[2][BLEN];
	struct sockaddr_in ra, sa;
	struct iou_buf_ring *br;
	struct iou_sqe *sqe;
	struct msghdr m;
	struct iou_cqe c;
	char out[4];
	int r, s;

	r = udp_bound(fx, &ra);
	s = udp_bound(fx, &sa);
	br = fx_buf_ring(fx, 2, BGID);
	for (int i = 0; i < 2; i++)
		iou_buf_ring_add(br, bufs[i], BLEN, (unsigned short)i,
				 iou_buf_ring_mask(2), i);
	iou_buf_ring_advance(br, 2);
	fx_fill(out, sizeof(out), 31);
	assert_int_equal(iou_sys_sendto(&fx->ring, s, out, sizeof(out), 0,
					(struct sockaddr *)&ra, sizeof(ra)),
			 sizeof(out));
	memset(&m, 0, sizeof(m));
	m.msg_namelen = sizeof(struct sockaddr_in);
	sqe = fx_sqe(fx);
	iou_prep_recvmsg_multishot(sqe, r, &m, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, BGID);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	assert_int_equal(c.user_data, 1);
	assert_int_equal(c.res, -EFAULT);
	assert_int_equal(c.flags & (IOU_CQE_F_BUFFER | IOU_CQE_F_MORE), 0);
	/* the buffer is still the group's first */
	sqe = fx_sqe(fx);
	iou_prep_recv(sqe, r, NULL, BLEN, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, BGID);
	iou_sqe_set_data64(sqe, 2);
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	assert_int_equal(c.res, sizeof(out));
	assert_true(c.flags & IOU_CQE_F_BUFFER);
	assert_int_equal(c.flags >> IOU_CQE_BUFFER_SHIFT, 0);
	assert_memory_equal(bufs[0], out, sizeof(out));
}

/* A RECV that selects a zero-length ring buffer receives nothing: res 0
 * with no F_BUFFER, the buffer given back (io_recv recycles it), so the
 * next one selects it again; the data stays queued (F_SOCK_NONEMPTY when
 * the kernel reports it). fuzz/sim_sqe: the sim consumed and reported it. */
void case_recv_zero_length_ring_buffer(struct fx *fx)
{
	enum { BGID = 10 };
	static char bufs[2][16];
	struct iou_buf_ring *br;
	struct iou_sqe *sqe;
	struct iou_cqe c;
	struct fx_tcp t;
	char out[4], in[4];

	fx_tcp_pair(fx, &t);
	br = fx_buf_ring(fx, 2, BGID);
	iou_buf_ring_add(br, bufs[0], 0, 0, iou_buf_ring_mask(2), 0);
	iou_buf_ring_add(br, bufs[1], 16, 1, iou_buf_ring_mask(2), 1);
	iou_buf_ring_advance(br, 2);
	fx_fill(out, sizeof(out), 32);
	fx_write_all(fx, t.client, out, sizeof(out));
	fx_wait_fd(fx, t.server, POLLIN);
	for (int i = 0; i < 2; i++) {
		sqe = fx_sqe(fx);
		iou_prep_recv(sqe, t.server, NULL, 0, 0);
		iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
		iou_sqe_set_buf_group(sqe, BGID);
		fx_submit(fx, 1);
		c = fx_reap1(fx);
		assert_int_equal(c.res, 0);
		assert_int_equal(c.flags & (IOU_CQE_F_BUFFER | IOU_CQE_F_MORE),
				 0);
	}
	fx_recv_all(fx, t.server, in, sizeof(in));
	assert_memory_equal(in, out, sizeof(out));

	/* an empty datagram into a 16-byte buffer: 0, the buffer given
	 * back all the same */
	{
		struct sockaddr_in ra, sa;
		int r = udp_bound(fx, &ra), u = udp_bound(fx, &sa);

		(void)u;
		assert_int_equal(iou_sys_sendto(&fx->ring, u, out, 0, 0,
						(struct sockaddr *)&ra,
						sizeof(ra)), 0);
		fx_wait_fd(fx, r, POLLIN);
		br = fx_buf_ring(fx, 1, BGID + 1);
		iou_buf_ring_add(br, bufs[1], 16, 1, iou_buf_ring_mask(1), 0);
		iou_buf_ring_advance(br, 1);
		sqe = fx_sqe(fx);
		iou_prep_recv(sqe, r, NULL, 0, 0);
		iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
		iou_sqe_set_buf_group(sqe, BGID + 1);
		fx_submit(fx, 1);
		c = fx_reap1(fx);
		assert_int_equal(c.res, 0);
		assert_int_equal(c.flags & IOU_CQE_F_BUFFER, 0);
	}
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
	struct iou_buf_ring *br;
	struct msghdr m;
	struct iovec v;
	struct fx_tcp t;
	struct iou_cqe c;
	int r, s;

	r = udp_bound(fx, &ra);
	s = udp_bound(fx, &sa);
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
	br = fx_buf_ring(fx, 2, BGID);
	for (int i = 0; i < 2; i++)
		iou_buf_ring_add(br, bufs[i], BLEN, (unsigned short)i,
				 iou_buf_ring_mask(2), i);
	iou_buf_ring_advance(br, 2);
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

/* ---- newer buffer features and socket commands -------------------------- */

enum { BBLEN = 16, BBN = 8, BBGID = 11 };

/* A bundle RECV (6.10) fills consecutive ring buffers with what has
 * arrived and names the first; the next one starts after the buffers it
 * used. Every byte arrives, in order, across buffers. */
void case_recv_bundle_data_integrity(struct fx *fx)
{
	static char bufs[BBN][BBLEN];
	struct iou_buf_ring *br;
	struct fx_tcp t;
	char out[40], in[40];
	unsigned got = 0, next = 0;

	fx_tcp_pair(fx, &t);
	br = fx_buf_ring(fx, BBN, BBGID);
	for (int i = 0; i < BBN; i++)
		iou_buf_ring_add(br, bufs[i], BBLEN, (unsigned short)i,
				 iou_buf_ring_mask(BBN), i);
	iou_buf_ring_advance(br, BBN);
	fx_fill(out, sizeof(out), 12);
	fx_write_all(fx, t.client, out, sizeof(out));
	while (got < sizeof(out)) {
		struct iou_sqe *sqe = fx_sqe(fx);
		struct iou_cqe c;
		unsigned bid, n;

		iou_prep_recv(sqe, t.server, NULL, 0, 0);
		sqe->ioprio |= IOU_RECVSEND_BUNDLE;
		iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
		iou_sqe_set_buf_group(sqe, BBGID);
		fx_submit(fx, 1);
		c = fx_reap1(fx);
		assert_true(c.res > 0 && got + (unsigned)c.res <= sizeof(out));
		assert_true(c.flags & IOU_CQE_F_BUFFER);
		bid = c.flags >> IOU_CQE_BUFFER_SHIFT;
		assert_int_equal(bid, next);
		for (n = 0; n * BBLEN < (unsigned)c.res; n++) {
			unsigned k = (unsigned)c.res - n * BBLEN;

			memcpy(in + got + n * BBLEN, bufs[bid + n],
			       k < BBLEN ? k : BBLEN);
		}
		fx_note(fx, "bundle of %d bytes in %u buffers", c.res, n);
		got += (unsigned)c.res;
		next = bid + n;
	}
	assert_memory_equal(in, out, sizeof(out));
}

/* Fills the one 64-byte buffer (bid 5) of incremental ring br, group
 * BBGID, with receives on t, each right after the last; F_BUF_MORE while
 * it has room, not on the CQE that fills it. */
static void inc_ring_fill(struct fx *fx, struct fx_tcp *t,
			  struct iou_buf_ring *br)
{
	static char buf[64];
	char out[64];
	unsigned off = 0;
	int cqes = 0;

	memset(buf, 0, sizeof(buf));
	iou_buf_ring_add(br, buf, sizeof(buf), 5, iou_buf_ring_mask(2), 0);
	iou_buf_ring_advance(br, 1);
	fx_fill(out, sizeof(out), 13);
	for (unsigned sent = 0; off < sizeof(buf);) {
		struct iou_sqe *sqe;
		struct iou_cqe c;

		if (sent == off) {
			unsigned k = sent ? sizeof(out) - sent : 10;

			fx_write_all(fx, t->client, out + sent, k);
			sent += k;
		}
		sqe = fx_sqe(fx);
		iou_prep_recv(sqe, t->server, NULL, 0, 0);
		iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
		iou_sqe_set_buf_group(sqe, BBGID);
		fx_submit(fx, 1);
		c = fx_reap1(fx);
		assert_true(c.res > 0 && off + (unsigned)c.res <= sent);
		assert_true(c.flags & IOU_CQE_F_BUFFER);
		assert_int_equal(c.flags >> IOU_CQE_BUFFER_SHIFT, 5);
		off += (unsigned)c.res;
		if (off < sizeof(buf))
			assert_true(c.flags & IOU_CQE_F_BUF_MORE);
		else
			assert_false(c.flags & IOU_CQE_F_BUF_MORE);
		cqes++;
	}
	assert_true(cqes >= 2);
	assert_memory_equal(buf, out, sizeof(buf));
}

/* An incremental ring (IOU_PBUF_RING_INC, 6.12) registered by hand: one
 * buffer takes several receives (inc_ring_fill). */
void case_incremental_ring_buf_more(struct fx *fx)
{
	static char ringmem[4096] __attribute__((aligned(4096)));
	struct iou_buf_ring *br = (struct iou_buf_ring *)ringmem;
	struct iou_buf_reg reg;
	struct fx_tcp t;

	fx_tcp_pair(fx, &t);
	memset(ringmem, 0, sizeof(ringmem));
	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (uint64_t)(uintptr_t)br;
	reg.ring_entries = 2;
	reg.bgid = BBGID;
	reg.flags = IOU_PBUF_RING_INC;
	assert_int_equal(iou_register_buf_ring(&fx->ring, &reg, 0), 0);
	iou_buf_ring_init(br);
	inc_ring_fill(fx, &t, br);
	assert_int_equal(iou_unregister_buf_ring(&fx->ring, BBGID), 0);
}

/* The same ring made by iou_setup_buf_ring with IOU_PBUF_RING_INC in its
 * flags (liburing's io_uring_setup_buf_ring: they go into reg.flags). */
void case_incremental_ring_setup_flags(struct fx *fx)
{
	struct iou_buf_ring *br;
	struct fx_tcp t;
	int err = 1;

	fx_tcp_pair(fx, &t);
	br = iou_setup_buf_ring(&fx->ring, 2, BBGID, IOU_PBUF_RING_INC, &err);
	if (!br)
		fail_msg("setup_buf_ring(IOU_PBUF_RING_INC): %s",
			 iou_strerror(err));
	assert_int_equal(err, 0);
	inc_ring_fill(fx, &t, br);
	assert_int_equal(iou_free_buf_ring(&fx->ring, br, 2, BBGID), 0);
}

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

/* A bundle SEND (6.10) sends the group's ring buffers in ring order and
 * names the first; the peer reads their bytes in that order. */
void case_send_bundle_in_ring_order(struct fx *fx)
{
	static char bufs[4][BBLEN];
	struct iou_buf_ring *br;
	struct fx_tcp t;
	char want[4 * BBLEN], in[4 * BBLEN];
	unsigned sent = 0;

	fx_tcp_pair(fx, &t);
	br = fx_buf_ring(fx, 4, BBGID);
	for (int i = 0; i < 4; i++) {
		fx_fill(bufs[i], BBLEN, 20 + (unsigned)i);
		memcpy(want + i * BBLEN, bufs[i], BBLEN);
		iou_buf_ring_add(br, bufs[i], BBLEN, (unsigned short)i,
				 iou_buf_ring_mask(4), i);
	}
	iou_buf_ring_advance(br, 4);
	while (sent < sizeof(want)) {
		struct iou_sqe *sqe = fx_sqe(fx);
		struct iou_cqe c;

		iou_prep_send(sqe, t.client, NULL, 0, 0);
		sqe->ioprio |= IOU_RECVSEND_BUNDLE;
		iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
		iou_sqe_set_buf_group(sqe, BBGID);
		fx_submit(fx, 1);
		c = fx_reap1(fx);
		assert_true(c.res > 0);
		assert_true(c.flags & IOU_CQE_F_BUFFER);
		/* a short one ends inside a buffer: the rest of it is gone
		 * with it, the next bundle starts at the next buffer */
		assert_int_equal(c.flags >> IOU_CQE_BUFFER_SHIFT, sent / BBLEN);
		fx_note(fx, "send bundle of %d bytes", c.res);
		if (c.res % BBLEN)
			return; /* a short send: nothing more to check */
		sent += (unsigned)c.res;
	}
	fx_recv_all(fx, t.server, in, sizeof(in));
	assert_memory_equal(in, want, sizeof(want));
}

/* SEND from a provided buffer on datagram sockets (6.10): one datagram of
 * the head buffer, cut to the SQE's len (0: the whole buffer), the buffer
 * consumed and named; a send that fails (no destination) consumes and
 * names it too (measured on 6.18); an empty group is -ENOBUFS. */
void case_dgram_send_provided_buffer(struct fx *fx)
{
	static char bufs[5][BBLEN];
	struct sockaddr_in ra, sa;
	struct iou_buf_ring *br;
	char in[64];
	int r, s, u, sv[2];
	struct iou_cqe c;

	r = udp_bound(fx, &ra);
	s = udp_bound(fx, &sa);
	assert_int_equal(iou_sys_connect(&fx->ring, s, (struct sockaddr *)&ra,
					 sizeof(ra)), 0);
	u = iou_sys_socket(&fx->ring, AF_INET, SOCK_DGRAM, 0);
	assert_true(u >= 0);
	fx_track(fx, u);
	pair(fx, SOCK_DGRAM, sv);
	br = fx_buf_ring(fx, 8, BBGID);
	for (int i = 0; i < 5; i++) {
		fx_fill(bufs[i], BBLEN, 40 + (unsigned)i);
		iou_buf_ring_add(br, bufs[i], BBLEN, (unsigned short)i,
				 iou_buf_ring_mask(8), i);
	}
	iou_buf_ring_advance(br, 5);
	for (int k = 0; k < 6; k++) {
		/* fd, len: connected UDP cut to 5, whole, no destination,
		 * AF_UNIX, connected again, and the group empty */
		static const int lens[6] = { 5, 0, 0, 0, BBLEN + 9, 0 };
		int fd = k == 2 ? u : k == 3 ? sv[0] : s;
		struct iou_sqe *sqe = fx_sqe(fx);
		ssize_t got;

		iou_prep_send(sqe, fd, NULL, (size_t)lens[k], 0);
		iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
		iou_sqe_set_buf_group(sqe, BBGID);
		fx_submit(fx, 1);
		c = fx_reap1(fx);
		if (k == 5) {
			assert_int_equal(c.res, -ENOBUFS);
			assert_false(c.flags & IOU_CQE_F_BUFFER);
			break;
		}
		assert_true(c.flags & IOU_CQE_F_BUFFER);
		assert_int_equal(c.flags >> IOU_CQE_BUFFER_SHIFT, k);
		if (k == 2) {
			assert_int_equal(c.res, -EDESTADDRREQ);
			continue;
		}
		assert_int_equal(c.res, k ? BBLEN : 5);
		got = iou_sys_recvfrom(&fx->ring, k == 3 ? sv[1] : r, in,
				       sizeof(in), MSG_DONTWAIT, NULL, NULL);
		assert_int_equal(got, c.res);
		assert_memory_equal(in, bufs[k], (size_t)got);
	}
}

/* A bundle RECV on UDP (6.10): one datagram per CQE, never two merged;
 * 6.18 puts it in one buffer, cut to it (its first pass maps one buffer
 * and UDP reports nothing more to append). */
void case_udp_recv_bundle_one_datagram(struct fx *fx)
{
	static char bufs[BBN][BBLEN];
	struct sockaddr_in ra, sa;
	struct iou_buf_ring *br;
	char o1[40], o2[5];
	int r, s;

	r = udp_bound(fx, &ra);
	s = udp_bound(fx, &sa);
	br = fx_buf_ring(fx, BBN, BBGID);
	for (int i = 0; i < BBN; i++)
		iou_buf_ring_add(br, bufs[i], BBLEN, (unsigned short)i,
				 iou_buf_ring_mask(BBN), i);
	iou_buf_ring_advance(br, BBN);
	fx_fill(o1, sizeof(o1), 14);
	fx_fill(o2, sizeof(o2), 15);
	assert_int_equal(iou_sys_sendto(&fx->ring, s, o1, sizeof(o1), 0,
					(struct sockaddr *)&ra, sizeof(ra)),
			 sizeof(o1));
	assert_int_equal(iou_sys_sendto(&fx->ring, s, o2, sizeof(o2), 0,
					(struct sockaddr *)&ra, sizeof(ra)),
			 sizeof(o2));
	for (int k = 0; k < 2; k++) {
		struct iou_sqe *sqe = fx_sqe(fx);
		const char *want = k ? o2 : o1;
		int len = k ? (int)sizeof(o2) : (int)sizeof(o1);
		struct iou_cqe c;
		unsigned bid;

		iou_prep_recv(sqe, r, NULL, 0, 0);
		sqe->ioprio |= IOU_RECVSEND_BUNDLE;
		iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
		iou_sqe_set_buf_group(sqe, BBGID);
		fx_submit(fx, 1);
		c = fx_reap1(fx);
		assert_true(c.flags & IOU_CQE_F_BUFFER);
		bid = c.flags >> IOU_CQE_BUFFER_SHIFT;
		assert_int_equal(bid, k);
		assert_int_equal(c.res, len < BBLEN ? len : BBLEN);
		assert_memory_equal(bufs[bid], want, (size_t)c.res);
	}
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
	r = udp_bound(fx, &ra);
	s = udp_bound(fx, &sa);
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

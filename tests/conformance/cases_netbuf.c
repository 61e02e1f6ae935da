/* cases_netbuf.c — conformance: provided buffers on sockets. Multishot
 * RECVMSG's buffer layout and its too-small buffer, receives that get
 * nothing, bundles (6.10) and incremental rings (6.12) on receive and
 * send, provided buffers for datagram sends. Which buffer a receive
 * takes follows the ring's order; where a multishot receive ends is
 * free. */
#include "cases.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

/* Sends n bytes from s to *to as one datagram; asserts all went. */
static void udp_send(struct fx *fx, int s, const void *b, size_t n,
		     const struct sockaddr_in *to)
{
	assert_int_equal(iou_sys_sendto(&fx->ring, s, b, n, 0,
					(const struct sockaddr *)to,
					sizeof(*to)), (ssize_t)n);
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
	char o1[20], o2[80];
	struct msghdr m;
	int r, s, got = 0, armed = 0;

	r = fx_udp_bound(fx, &ra);
	s = fx_udp_bound(fx, &sa);
	fx_buf_ring_filled(fx, 4, BGID, bufs[0], BLEN);
	fx_fill(o1, sizeof(o1), 8);
	fx_fill(o2, sizeof(o2), 9);
	udp_send(fx, s, o1, sizeof(o1), &ra);
	udp_send(fx, s, o2, sizeof(o2), &ra);
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
	struct iou_sqe *sqe;
	struct msghdr m;
	struct iou_cqe c;
	char out[4];
	int r, s;

	r = fx_udp_bound(fx, &ra);
	s = fx_udp_bound(fx, &sa);
	fx_buf_ring_filled(fx, 2, BGID, bufs[0], BLEN);
	fx_fill(out, sizeof(out), 31);
	udp_send(fx, s, out, sizeof(out), &ra);
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
		int r = fx_udp_bound(fx, &ra), u = fx_udp_bound(fx, &sa);

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

/* ---- bundles and incremental rings -------------------------------------------- */

enum { BBLEN = 16, BBN = 8, BBGID = 11 };

/* A bundle RECV (6.10) fills consecutive ring buffers with what has
 * arrived and names the first; the next one starts after the buffers it
 * used. Every byte arrives, in order, across buffers. */
void case_recv_bundle_data_integrity(struct fx *fx)
{
	static char bufs[BBN][BBLEN];
	struct fx_tcp t;
	char out[40], in[40];
	unsigned got = 0, next = 0;

	fx_tcp_pair(fx, &t);
	fx_buf_ring_filled(fx, BBN, BBGID, bufs[0], BBLEN);
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

	r = fx_udp_bound(fx, &ra);
	s = fx_udp_bound(fx, &sa);
	assert_int_equal(iou_sys_connect(&fx->ring, s, (struct sockaddr *)&ra,
					 sizeof(ra)), 0);
	u = iou_sys_socket(&fx->ring, AF_INET, SOCK_DGRAM, 0);
	assert_true(u >= 0);
	fx_track(fx, u);
	fx_unix_pair(fx, SOCK_DGRAM, sv);
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
	char o1[40], o2[5];
	int r, s;

	r = fx_udp_bound(fx, &ra);
	s = fx_udp_bound(fx, &sa);
	fx_buf_ring_filled(fx, BBN, BBGID, bufs[0], BBLEN);
	fx_fill(o1, sizeof(o1), 14);
	fx_fill(o2, sizeof(o2), 15);
	udp_send(fx, s, o1, sizeof(o1), &ra);
	udp_send(fx, s, o2, sizeof(o2), &ra);
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

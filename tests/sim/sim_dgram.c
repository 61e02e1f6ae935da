/* sim_dgram.c — the sim's datagram sockets (issue 8): what no kernel
 * guarantees is reachable, what every kernel guarantees holds on every
 * tape. Under IOU_FAULT_NETDGRAM a UDP datagram is lost, duplicated or
 * reordered on some tape and never without it; a datagram is never split
 * or merged whatever the short-I/O choices; a full AF_UNIX queue makes
 * the sender wait, a full UDP queue drops; a zero-length datagram ends a
 * multishot receive; send_zc on UDP posts its notification after it,
 * and its bytes may be read from the user's buffer as late as the
 * receiver reads them.
 * And the stream bytes in flight: a receive in the same batch as its send
 * may park and complete later. Bundles spanning 1, 2, 3 buffers; a
 * buffer of an incremental ring taken by one CQE or by several; each
 * feature refused before its kernel. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "simtest.h"

static struct iou_sim *sim_faults(uint64_t seed, unsigned faults)
{
	struct iou_sim_opts o;

	memset(&o, 0, sizeof(o));
	o.seed = seed;
	o.faults = faults;
	return iou_sim_new(&o);
}

static int udp_bound(struct iou *ring, struct sockaddr_in *a)
{
	socklen_t n = sizeof(*a);
	int fd = iou_sys_socket(ring, AF_INET, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(iou_sys_bind(ring, fd, (struct sockaddr *)a,
				      sizeof(*a)), 0);
	assert_int_equal(iou_sys_getsockname(ring, fd, (struct sockaddr *)a,
					     &n), 0);
	return fd;
}

enum { NSEQ = 6 };

/* Sends datagrams 0..NSEQ-1 and reads what arrived, in order. Returns how
 * many arrived; seq[] gets their numbers. */
static int udp_run(struct iou_sim *sim, int seq[4 * NSEQ])
{
	struct sockaddr_in ra, sa;
	struct iou ring;
	int r, s, n = 0;
	unsigned char b;

	st_ring(sim, &ring, 8, 0);
	r = udp_bound(&ring, &ra);
	s = udp_bound(&ring, &sa);
	for (int i = 0; i < NSEQ; i++) {
		b = (unsigned char)i;
		assert_int_equal(iou_sys_sendto(&ring, s, &b, 1, 0,
						(struct sockaddr *)&ra,
						sizeof(ra)), 1);
	}
	for (;;) {
		ssize_t got = iou_sys_recvfrom(&ring, r, &b, 1, MSG_DONTWAIT,
					       NULL, NULL);

		if (got == -EAGAIN)
			break;
		if (got == -EINTR)
			continue;
		assert_int_equal(got, 1);
		assert_true(n < 4 * NSEQ);
		seq[n++] = b;
	}
	iou_queue_exit(&ring);
	return n;
}

/* A datagram lost, one duplicated, one reordered: each on some tape with
 * the fault class, none without it. */
static void test_netdgram_faults_reachable(void **state)
{
	int lost = 0, dup = 0, reord = 0;

	(void)state;
	for (uint64_t seed = 1; seed <= 300; seed++) {
		struct iou_sim *sim = sim_faults(seed, 0);
		int seq[4 * NSEQ], n = udp_run(sim, seq);

		iou_sim_free(sim);
		assert_int_equal(n, NSEQ);
		for (int i = 0; i < n; i++)
			assert_int_equal(seq[i], i);
	}
	for (uint64_t seed = 1; seed <= 300; seed++) {
		struct iou_sim *sim = sim_faults(seed, IOU_FAULT_NETDGRAM);
		int seq[4 * NSEQ], n = udp_run(sim, seq), seen[NSEQ] = { 0 };

		iou_sim_free(sim);
		for (int i = 0; i < n; i++) {
			assert_true(seq[i] >= 0 && seq[i] < NSEQ);
			if (seen[seq[i]]++)
				dup = 1;
			if (i && seq[i] < seq[i - 1])
				reord = 1;
		}
		for (int i = 0; i < NSEQ; i++)
			if (!seen[i])
				lost = 1;
	}
	assert_true(lost);
	assert_true(dup);
	assert_true(reord);
}

/* Message boundaries under every short-I/O choice: 300 tapes of sends of
 * several sizes through the ring, each received whole by one RECV. */
static void test_boundaries_every_tape(void **state)
{
	static const size_t sizes[] = { 1, 0, 700, 33, 4000 };

	(void)state;
	for (uint64_t seed = 1; seed <= 300; seed++) {
		struct iou_sim *sim = st_seeded(seed, 0);
		char out[4000], in[8192];
		struct iou ring;
		struct iou_cqe c[2];
		int sv[2];

		st_ring(sim, &ring, 8, 0);
		for (size_t i = 0; i < sizeof(out); i++)
			out[i] = (char)(i * 7 + seed);
		assert_int_equal(iou_sys_socketpair(&ring, AF_UNIX,
						    seed & 1 ? SOCK_DGRAM
							     : SOCK_SEQPACKET,
						    0, sv), 0);
		for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
			struct iou_sqe *sqe = st_sqe(&ring);

			iou_prep_recv(sqe, sv[1], in, sizeof(in), 0);
			iou_sqe_set_data64(sqe, 1);
			sqe = st_sqe(&ring);
			iou_prep_send(sqe, sv[0], out, sizes[k], 0);
			iou_sqe_set_data64(sqe, 2);
			st_submit_all(&ring);
			st_reap(&ring, c, 2);
			assert_int_equal(c[st_index(c, 2, 1)].res,
					 (int)sizes[k]);
			assert_int_equal(c[st_index(c, 2, 2)].res,
					 (int)sizes[k]);
			assert_memory_equal(in, out, sizes[k]);
		}
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
}

/* A full AF_UNIX queue: the sys call says -EAGAIN, a ring SEND waits and
 * goes once the reader took one. A full UDP queue drops instead. */
static void test_full_queues(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct sockaddr_in ra, sa;
	struct iou ring;
	struct iou_cqe c;
	char b[1000] = { 0 };
	int sv[2], n = 0, r, s, got = 0;

	(void)state;
	st_ring(sim, &ring, 8, 0);
	assert_int_equal(iou_sys_socketpair(&ring, AF_UNIX, SOCK_DGRAM, 0, sv),
			 0);
	while (iou_sys_sendto(&ring, sv[0], b, 1, 0, NULL, 0) == 1)
		n++;
	assert_true(n > 100 && n < 1000);
	assert_int_equal(iou_sys_sendto(&ring, sv[0], b, 1, 0, NULL, 0),
			 -EAGAIN);
	iou_prep_send(st_sqe(&ring), sv[0], b, 1, 0);
	st_submit_all(&ring);
	assert_int_equal(iou_cq_ready(&ring), 0);
	assert_int_equal(iou_sys_recvfrom(&ring, sv[1], b, sizeof(b), 0, NULL,
					  NULL), 1);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, 1);
	/* UDP: every send succeeds, what does not fit is dropped */
	r = udp_bound(&ring, &ra);
	s = udp_bound(&ring, &sa);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(iou_sys_sendto(&ring, s, b, sizeof(b), 0,
						(struct sockaddr *)&ra,
						sizeof(ra)), sizeof(b));
	while (iou_sys_recvfrom(&ring, r, b, sizeof(b), MSG_DONTWAIT, NULL,
				NULL) == sizeof(b))
		got++;
	assert_true(got > 10 && got < 1000);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* A zero-length datagram ends a multishot receive (measured on 6.18:
 * res <= 0 is its end); the datagram after it waits for a new one. */
static void test_mshot_zero_length_ends(void **state)
{
	struct iou_sim *sim = st_canon(0);
	static char bufs[4][64];
	struct iou_buf_ring *br;
	struct iou ring;
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	int sv[2], err;

	(void)state;
	st_ring(sim, &ring, 8, 0);
	br = iou_setup_buf_ring(&ring, 4, 1, 0, &err);
	assert_non_null(br);
	for (int i = 0; i < 4; i++)
		iou_buf_ring_add(br, bufs[i], sizeof(bufs[i]),
				 (unsigned short)i, iou_buf_ring_mask(4), i);
	iou_buf_ring_advance(br, 4);
	assert_int_equal(iou_sys_socketpair(&ring, AF_UNIX, SOCK_DGRAM, 0, sv),
			 0);
	assert_int_equal(iou_sys_sendto(&ring, sv[0], "abc", 3, 0, NULL, 0),
			 3);
	assert_int_equal(iou_sys_sendto(&ring, sv[0], "", 0, 0, NULL, 0), 0);
	assert_int_equal(iou_sys_sendto(&ring, sv[0], "de", 2, 0, NULL, 0), 2);
	sqe = st_sqe(&ring);
	iou_prep_recv_multishot(sqe, sv[1], NULL, 0, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, 1);
	st_submit_all(&ring);
	st_reap(&ring, c, 2);
	assert_int_equal(c[0].res, 3);
	assert_true(c[0].flags & IOU_CQE_F_MORE);
	assert_int_equal(c[1].res, 0);
	assert_false(c[1].flags & IOU_CQE_F_MORE);
	assert_int_equal(iou_sys_recvfrom(&ring, sv[1], bufs[3], 8,
					  MSG_DONTWAIT, NULL, NULL), 2);
	iou_free_buf_ring(&ring, br, 4, 1);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* SEND_ZC on UDP: the datagram arrives whole; the request CQE has F_MORE
 * and exactly one notification follows it, on every tape. */
static void test_send_zc_udp(void **state)
{
	(void)state;
	for (uint64_t seed = 0; seed <= 200; seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct sockaddr_in ra, sa;
		struct iou ring;
		struct iou_cqe c[2];
		char out[300], in[400];
		struct iou_sqe *sqe;
		int r, s;

		st_ring(sim, &ring, 8, 0);
		r = udp_bound(&ring, &ra);
		s = udp_bound(&ring, &sa);
		memset(out, 'z', sizeof(out));
		sqe = st_sqe(&ring);
		iou_prep_send_zc(sqe, s, out, sizeof(out), 0, 0);
		iou_prep_send_set_addr(sqe, (struct sockaddr *)&ra,
				       sizeof(ra));
		iou_sqe_set_data64(sqe, 5);
		st_submit_all(&ring);
		st_reap(&ring, c, 2);
		assert_int_equal(c[0].user_data, 5);
		assert_int_equal(c[0].res, sizeof(out));
		assert_true(c[0].flags & IOU_CQE_F_MORE);
		assert_int_equal(c[1].user_data, 5);
		assert_true(c[1].flags & IOU_CQE_F_NOTIF);
		assert_int_equal(iou_sys_recvfrom(&ring, r, in, sizeof(in),
						  MSG_DONTWAIT, NULL, NULL),
				 sizeof(out));
		assert_memory_equal(in, out, sizeof(out));
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
}

/* SEND_ZC on UDP: the kernel's skb holds the user's pages until the
 * receiver copies the datagram, before the notification. A buffer
 * rewritten after the request's CQE (before F_NOTIF) changes what the
 * receiver reads on some tape, not on the canonical one; rewritten after
 * the receiver read it, or after F_NOTIF, it changes nothing, on every
 * tape. */
static void test_send_zc_udp_read_late(void **state)
{
	int late = 0, early = 0;

	(void)state;
	for (uint64_t seed = 0; seed <= 300; seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct sockaddr_in ra, sa;
		struct iou ring;
		struct iou_cqe c;
		char out[16], in[32], want[16];
		struct iou_sqe *sqe;
		int r, s, notif = 0;
		ssize_t got;

		st_ring(sim, &ring, 8, 0);
		r = udp_bound(&ring, &ra);
		s = udp_bound(&ring, &sa);
		memset(out, 'a', sizeof(out));
		memcpy(want, out, sizeof(want));
		sqe = st_sqe(&ring);
		iou_prep_send_zc(sqe, s, out, sizeof(out), 0, 0);
		iou_prep_send_set_addr(sqe, (struct sockaddr *)&ra,
				       sizeof(ra));
		iou_sqe_set_data64(sqe, 5);
		st_submit_all(&ring);
		st_reap(&ring, &c, 1);
		assert_false(c.flags & IOU_CQE_F_NOTIF);
		assert_true(c.flags & IOU_CQE_F_MORE);
		/* rewritten before F_NOTIF (maybe posted already) */
		memset(out, 'b', sizeof(out));
		got = iou_sys_recvfrom(&ring, r, in, sizeof(in), MSG_DONTWAIT,
				       NULL, NULL);
		assert_int_equal(got, sizeof(out));
		/* read now: later writes change nothing */
		memset(out, 'c', sizeof(out));
		while (!notif) {
			st_reap(&ring, &c, 1);
			notif = (c.flags & IOU_CQE_F_NOTIF) != 0;
		}
		if (!memcmp(in, want, sizeof(want))) {
			early = 1;
		} else {
			assert_true(seed != 0); /* not on loopback's canon */
			memset(want, 'b', sizeof(want));
			assert_memory_equal(in, want, sizeof(want));
			late = 1;
		}
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(early && late);
}

/* Bytes in flight (stream sockets): a RECV submitted in the same batch
 * as its SEND finds nothing on some tapes and completes later on the
 * virtual clock, or takes a first piece; with MSG_WAITALL it gets every
 * byte on every tape. */
static void test_same_batch_recv_parks(void **state)
{
	int parked = 0, piece = 0;

	(void)state;
	for (uint64_t seed = 0; seed <= 300; seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		char out[256], in[256];
		struct iou_cqe c[2];
		struct iou_sqe *sqe;
		struct st_pair p;
		struct iou ring;
		uint64_t t0;

		st_ring(sim, &ring, 8, 0);
		st_tcp_pair(&ring, &p);
		for (size_t i = 0; i < sizeof(out); i++)
			out[i] = (char)(i * 3 + seed);
		for (int waitall = 0; waitall < 2; waitall++) {
			memset(in, 0, sizeof(in));
			t0 = iou_sim_now_ns(sim);
			sqe = st_sqe(&ring);
			iou_prep_send(sqe, p.c, out, sizeof(out), MSG_WAITALL);
			iou_sqe_set_data64(sqe, 1);
			sqe = st_sqe(&ring);
			iou_prep_recv(sqe, p.s, in, sizeof(in),
				      waitall ? MSG_WAITALL : 0);
			iou_sqe_set_data64(sqe, 2);
			st_submit_all(&ring);
			st_reap(&ring, c, 2);
			assert_int_equal(c[st_index(c, 2, 1)].res, sizeof(out));
			if (waitall) {
				assert_int_equal(c[st_index(c, 2, 2)].res,
						 sizeof(in));
				assert_memory_equal(in, out, sizeof(in));
				continue;
			}
			assert_true(c[st_index(c, 2, 2)].res > 0);
			if (iou_sim_now_ns(sim) > t0 && !seed)
				fail_msg("the canonical tape delivers at once");
			if (iou_sim_now_ns(sim) > t0)
				parked = 1;
			if (c[st_index(c, 2, 2)].res < (int)sizeof(in))
				piece = 1;
			/* drain what is left of it */
			for (int got = c[st_index(c, 2, 2)].res;
			     got < (int)sizeof(out);) {
				iou_prep_recv(st_sqe(&ring), p.s, in,
					      sizeof(in), 0);
				st_submit_all(&ring);
				st_reap(&ring, c, 1);
				assert_true(c[0].res > 0);
				got += c[0].res;
			}
		}
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(parked);
	assert_true(piece);
}

/* A ring of n buffers of blen bytes at mem (bid = index), group bgid,
 * registered with flags. */
static struct iou_buf_ring *ring_bufs(struct iou *ring, void *ringmem,
				      char *mem, unsigned n, unsigned blen,
				      int bgid, unsigned flags)
{
	struct iou_buf_ring *br = ringmem;
	struct iou_buf_reg reg;
	int ret;

	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (uint64_t)(uintptr_t)br;
	reg.ring_entries = n;
	reg.bgid = (uint16_t)bgid;
	reg.flags = flags;
	ret = iou_register_buf_ring(ring, &reg, 0);
	if (ret)
		return NULL;
	iou_buf_ring_init(br);
	for (unsigned i = 0; i < n; i++)
		iou_buf_ring_add(br, mem + i * blen, blen, (unsigned short)i,
				 iou_buf_ring_mask(n), (int)i);
	iou_buf_ring_advance(br, (int)n);
	return br;
}

static char ringmem[4096] __attribute__((aligned(4096)));

/* Bundles: a recv bundle spans 1, 2 and 3 buffers on some tapes (how much
 * has arrived, and short receives, are choices); the bytes are whole. */
static void test_bundle_spans_reachable(void **state)
{
	int spans[4] = { 0 };

	(void)state;
	for (uint64_t seed = 0; seed <= 300; seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		static char mem[8 * 16];
		char out[40], in[40];
		struct iou_cqe c[2];
		struct iou_sqe *sqe;
		struct st_pair p;
		struct iou ring;
		unsigned got = 0;

		st_ring(sim, &ring, 8, 0);
		st_tcp_pair(&ring, &p);
		assert_non_null(ring_bufs(&ring, ringmem, mem, 8, 16, 3, 0));
		for (size_t i = 0; i < sizeof(out); i++)
			out[i] = (char)(i + seed);
		sqe = st_sqe(&ring);
		iou_prep_send(sqe, p.c, out, sizeof(out), MSG_WAITALL);
		iou_sqe_set_data64(sqe, 1);
		st_submit_all(&ring);
		st_reap(&ring, c, 1);
		assert_int_equal(c[0].res, sizeof(out));
		while (got < sizeof(out)) {
			unsigned bid, n;

			sqe = st_sqe(&ring);
			iou_prep_recv(sqe, p.s, NULL, 0, 0);
			sqe->ioprio |= IOU_RECVSEND_BUNDLE;
			iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
			iou_sqe_set_buf_group(sqe, 3);
			st_submit_all(&ring);
			st_reap(&ring, c, 1);
			assert_true(c[0].res > 0);
			bid = c[0].flags >> IOU_CQE_BUFFER_SHIFT;
			n = ((unsigned)c[0].res + 15) / 16;
			assert_true(bid + n <= 8);
			memcpy(in + got, mem + bid * 16, (size_t)c[0].res);
			if (!got)
				spans[n < 4 ? n : 3] = 1;
			got += (unsigned)c[0].res;
		}
		assert_memory_equal(in, out, sizeof(out));
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(spans[1] && spans[2] && spans[3]);
}

/* Incremental rings: a buffer taken by several CQEs (F_BUF_MORE on all
 * but its last) on some tapes, by one CQE on others. */
static void test_incremental_shapes(void **state)
{
	int several = 0, one = 0;

	(void)state;
	for (uint64_t seed = 0; seed <= 300; seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		static char mem[2 * 32];
		char out[32];
		struct iou_cqe c;
		struct iou_sqe *sqe;
		struct st_pair p;
		struct iou ring;
		unsigned off = 0;
		int cqes = 0;

		st_ring(sim, &ring, 8, 0);
		st_tcp_pair(&ring, &p);
		assert_non_null(ring_bufs(&ring, ringmem, mem, 2, 32, 4,
					  IOU_PBUF_RING_INC));
		for (size_t i = 0; i < sizeof(out); i++)
			out[i] = (char)(i * 5 + seed);
		assert_int_equal(iou_sys_write(&ring, p.c, out, sizeof(out)),
				 sizeof(out));
		while (off < 32) {
			sqe = st_sqe(&ring);
			iou_prep_recv(sqe, p.s, NULL, 0, 0);
			iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
			iou_sqe_set_buf_group(sqe, 4);
			st_submit_all(&ring);
			st_reap(&ring, &c, 1);
			assert_true(c.res > 0);
			assert_int_equal(c.flags >> IOU_CQE_BUFFER_SHIFT, 0);
			off += (unsigned)c.res;
			assert_int_equal((c.flags & IOU_CQE_F_BUF_MORE) != 0,
					 off < 32);
			cqes++;
		}
		assert_memory_equal(mem, out, sizeof(out));
		if (cqes > 1)
			several = 1;
		else
			one = 1;
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(several && one);
}

/* Before their kernels: a bundle is -EINVAL (6.6), a SEND from provided
 * buffers -EOPNOTSUPP (6.6), an incremental ring
 * does not register (6.6), a socket has no uring_cmd (6.6: -EOPNOTSUPP)
 * and URING_CMD itself is unknown (5.15: -EINVAL, probe unsupported). */
static void test_newer_features_gated(void **state)
{
	static char mem[64];
	struct iou_sim *sim = st_canon(V(6, 6));
	int err;
	struct iou_sqe *sqe;
	struct iou_cqe c;
	struct st_pair p;
	struct iou ring;

	(void)state;
	st_ring(sim, &ring, 8, 0);
	st_tcp_pair(&ring, &p);
	assert_null(ring_bufs(&ring, ringmem, mem, 2, 32, 4,
			      IOU_PBUF_RING_INC));
	err = 0;
	assert_null(iou_setup_buf_ring(&ring, 2, 4, IOU_PBUF_RING_INC, &err));
	assert_int_equal(err, -EINVAL);
	assert_non_null(ring_bufs(&ring, ringmem, mem, 2, 32, 4, 0));
	sqe = st_sqe(&ring);
	iou_prep_recv(sqe, p.s, NULL, 0, 0);
	sqe->ioprio |= IOU_RECVSEND_BUNDLE;
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, 4);
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, -EINVAL);
	iou_prep_cmd_sock(st_sqe(&ring), IOU_SOCKET_URING_OP_SIOCINQ, p.s, 0,
			  0, NULL, 0);
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, -EOPNOTSUPP);
	/* SEND from provided buffers: 6.10 */
	sqe = st_sqe(&ring);
	iou_prep_send(sqe, p.c, NULL, 0, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, 4);
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, -EOPNOTSUPP);
	iou_queue_exit(&ring);
	iou_sim_free(sim);

	sim = st_canon(V(5, 15));
	st_ring(sim, &ring, 8, 0);
	st_tcp_pair(&ring, &p);
	iou_prep_cmd_sock(st_sqe(&ring), IOU_SOCKET_URING_OP_SIOCINQ, p.s, 0,
			  0, NULL, 0);
	st_submit_all(&ring);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, -EINVAL);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_netdgram_faults_reachable),
		cmocka_unit_test(test_boundaries_every_tape),
		cmocka_unit_test(test_full_queues),
		cmocka_unit_test(test_mshot_zero_length_ends),
		cmocka_unit_test(test_send_zc_udp),
		cmocka_unit_test(test_send_zc_udp_read_late),
		cmocka_unit_test(test_same_batch_recv_parks),
		cmocka_unit_test(test_bundle_spans_reachable),
		cmocka_unit_test(test_incremental_shapes),
		cmocka_unit_test(test_newer_features_gated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

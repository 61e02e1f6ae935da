/* sim_net_vary.c — the sim's network on many tapes: every behaviour the
 * kernel does not promise is shown to happen on some tape (notification
 * before or after an unrelated CQE, a multishot ending at each position,
 * each split of a 3-byte message, F_SOCK_NONEMPTY both ways, a zero-copy
 * buffer read late), every guarantee is checked on every tape tried, and
 * the explorer runs over two stream scenarios. */
#include "sim_net.h"

/* ---- what varies: each behaviour on some tape, guarantees on all -------------------- */

/* A failed send_zc carries a notification exactly when its CQE has
 * F_MORE; both forms happen. */
static void test_zc_failed_notif_iff_more(void **state)
{
	unsigned seen = 0;

	(void)state;
	for (unsigned seed = 0; seed < tapes(); seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct iou ring;
		struct iou_cqe c;
		int s, notifs = 0;

		st_ring(sim, &ring, 8, 0);
		s = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
		iou_prep_send_zc(SQE(&ring), s, "x", 1, MSG_NOSIGNAL, 0);
		iou_sqe_set_data64(last_sqe, 1);
		st_submit_all(&ring);
		c = reap1(&ring);
		assert_int_equal(c.res, -EPIPE);
		assert_false(c.flags & IOU_CQE_F_NOTIF);
		if (c.flags & IOU_CQE_F_MORE) {
			struct iou_cqe n = reap1(&ring);

			assert_int_equal(n.user_data, 1);
			assert_true(n.flags & IOU_CQE_F_NOTIF);
			notifs++;
		}
		/* nothing else comes */
		iou_prep_nop(SQE(&ring));
		iou_sqe_set_data64(last_sqe, 2);
		st_submit_all(&ring);
		c = reap1(&ring);
		if (c.user_data != 2)
			fail_msg("a second notification");
		seen |= notifs ? 1 : 2;
		if (!seed)
			assert_int_equal(notifs, 1);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_int_equal(seen, 3);
}

/* A 3-byte message (sendmsg of three 1-byte iovecs) is received in
 * order; every split of it ([3], [1,2], [2,1], [1,1,1]) happens. */
static void test_three_segment_splits(void **state)
{
	unsigned seen = 0;

	(void)state;
	for (unsigned seed = 0; seed < tapes(); seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct iovec v[3] = { { "a", 1 }, { "b", 1 }, { "c", 1 } };
		struct msghdr m;
		struct iou ring;
		struct st_pair p;
		char got[3];
		unsigned have = 0, split = 0, parts = 0;

		st_ring(sim, &ring, 8, 0);
		st_tcp_pair(&ring, &p);
		memset(&m, 0, sizeof(m));
		m.msg_iov = v;
		m.msg_iovlen = 3;
		while (have < 3) {
			struct iou_cqe c;

			if (!parts) {
				iou_prep_sendmsg(SQE(&ring), p.c, &m,
						 MSG_WAITALL);
				iou_sqe_set_data64(last_sqe, 1);
				st_submit_all(&ring);
				c = reap1(&ring);
				assert_int_equal(c.res, 3);
			}
			iou_prep_recv(SQE(&ring), p.s, got + have, 3 - have,
				      0);
			st_submit_all(&ring);
			c = reap1(&ring);
			assert_true(c.res > 0 && (unsigned)c.res <= 3 - have);
			split = split * 4 + (unsigned)c.res;
			have += (unsigned)c.res;
			parts++;
		}
		assert_memory_equal(got, "abc", 3);
		/* split codes: 3, 1*4+2=6, 2*4+1=9, (1*4+1)*4+1=21 */
		seen |= split == 3 ? 1 : split == 6 ? 2 : split == 9 ? 4
			: split == 21 ? 8 : 16;
		assert_false(seen & 16);
		if (!seed)
			assert_int_equal(split, 3); /* canonical: all at once */
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_int_equal(seen, 15);
}

/* Multishot recv: every CQE but the last has F_MORE, nothing after the
 * last; it ends at each position (1st..3rd data CQE, or at EOF). */
static void test_mshot_recv_ends_anywhere(void **state)
{
	static char bufs[8][16];
	unsigned seen = 0;

	(void)state;
	for (unsigned seed = 0; seed < tapes(); seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct iou_buf_ring *br;
		struct iou ring;
		struct st_pair p;
		char data[48], out[48];
		size_t got = 0;
		unsigned pos = 0, ended = 0;
		int err;

		st_ring(sim, &ring, 16, 0);
		st_tcp_pair(&ring, &p);
		br = iou_setup_buf_ring(&ring, 8, BGID, 0, &err);
		assert_non_null(br);
		for (int i = 0; i < 8; i++)
			iou_buf_ring_add(br, bufs[i], 16, (unsigned short)i,
					 iou_buf_ring_mask(8), i);
		iou_buf_ring_advance(br, 8);
		for (int i = 0; i < 48; i++)
			data[i] = (char)(i * 5 + 1);
		assert_int_equal(iou_sys_write(&ring, p.c, data, 48), 48);
		iou_prep_recv_multishot(SQE(&ring), p.s, NULL, 0, 0);
		iou_sqe_set_flags(last_sqe, IOU_SQE_BUFFER_SELECT);
		iou_sqe_set_buf_group(last_sqe, BGID);
		iou_sqe_set_data64(last_sqe, 42);
		st_submit_all(&ring);
		while (!ended) {
			struct iou_cqe c;

			if (got == 48 && !iou_cq_ready(&ring))
				assert_int_equal(iou_sys_shutdown(&ring, p.c,
								  SHUT_WR), 0);
			c = reap1(&ring);
			assert_int_equal(c.user_data, 42);
			pos++;
			if (c.res > 0) {
				assert_true(c.flags & IOU_CQE_F_BUFFER);
				memcpy(out + got,
				       bufs[iou_cqe_buffer_id(&c)], (size_t)c.res);
				got += (size_t)c.res;
			} else {
				assert_false(c.flags & IOU_CQE_F_BUFFER);
				/* EOF, or the ring ran dry after many splits */
				assert_true(c.res == 0 || c.res == -ENOBUFS);
			}
			ended = !(c.flags & IOU_CQE_F_MORE);
		}
		assert_memory_equal(out, data, got);
		/* nothing after the last CQE */
		assert_int_equal(iou_cq_ready(&ring), 0);
		if (got == 48 && pos == 4)
			seen |= 8; /* ended at EOF */
		else if (pos <= 3)
			seen |= 1U << (pos - 1);
		if (!seed)
			assert_int_equal(pos, 4);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_int_equal(seen, 15);
}

/* Multishot accept ends at each position too; each accepted fd works. */
static void test_mshot_accept_ends_anywhere(void **state)
{
	unsigned seen = 0;

	(void)state;
	for (unsigned seed = 0; seed < tapes(); seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct sockaddr_in a;
		struct iou ring;
		unsigned pos = 0;
		int l;
		struct iou_cqe c;

		st_ring(sim, &ring, 8, 0);
		l = st_listener(&ring, &a);
		for (int i = 0; i < 3; i++)
			st_connect(&ring, &a);
		iou_prep_multishot_accept(SQE(&ring), l, NULL, NULL, 0);
		iou_sqe_set_data64(last_sqe, 8);
		st_submit_all(&ring);
		do {
			c = reap1(&ring);
			assert_int_equal(c.user_data, 8);
			pos++;
			if (pos <= 3)
				assert_true(c.res >= 0);
			if (pos == 3 && (c.flags & IOU_CQE_F_MORE)) {
				/* still armed: cancel ends it */
				struct iou_cqe k[2];

				iou_prep_cancel64(SQE(&ring), 8, 0);
				iou_sqe_set_data64(last_sqe, 9);
				st_submit_all(&ring);
				st_reap(&ring, k, 2);
				c = k[st_index(k, 2, 8)];
				assert_true(c.res == -ECANCELED ||
					    c.res == -EINTR);
				pos++;
			}
		} while (c.flags & IOU_CQE_F_MORE);
		seen |= 1U << (pos - 1);
		if (!seed)
			assert_int_equal(pos, 4);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_int_equal(seen, 15);
}

/* send_zc: the request CQE first (F_MORE), then exactly one F_NOTIF;
 * relative to an unrelated CQE (the peer's recv) the notification comes
 * before or after, on different tapes. */
static void test_zc_notif_order(void **state)
{
	static const uint32_t ks[] = { V(6, 6), V(6, 18) };
	unsigned seen = 0;

	(void)state;
	for (unsigned k = 0; k < 2; k++)
	for (unsigned seed = 0; seed < tapes(); seed++) {
		struct iou_sim *sim = st_tape(seed, ks[k]);
		struct iou ring;
		struct st_pair p;
		char out[32], in[32];
		struct iou_cqe c[3];
		int is, ir, in_, n = 0;

		st_ring(sim, &ring, 8, 0);
		st_tcp_pair(&ring, &p);
		memset(out, 'z', sizeof(out));
		iou_prep_recv(SQE(&ring), p.s, in, sizeof(in), 0);
		iou_sqe_set_data64(last_sqe, 2);
		st_submit_all(&ring);
		iou_prep_send_zc(SQE(&ring), p.c, out, sizeof(out),
				 MSG_NOSIGNAL, 0);
		iou_sqe_set_data64(last_sqe, 1);
		st_submit_all(&ring);
		st_reap(&ring, c, 3);
		is = -1, ir = -1, in_ = -1;
		for (int i = 0; i < 3; i++) {
			if (c[i].user_data == 2)
				ir = i;
			else if (c[i].flags & IOU_CQE_F_NOTIF)
				in_ = i, n++;
			else
				is = i;
		}
		assert_int_equal(n, 1);
		assert_true(is >= 0 && ir >= 0 && in_ >= 0);
		assert_true(is < in_);
		assert_true(c[is].flags & IOU_CQE_F_MORE);
		assert_int_equal(c[in_].user_data, 1);
		assert_false(c[in_].flags & IOU_CQE_F_MORE);
		assert_true(c[ir].res > 0);
		assert_memory_equal(in, out, (size_t)c[ir].res);
		seen |= in_ < ir ? 1 : 2;
		if (!seed) /* 6.9+: send, notif, recv; 6.5: send, recv, notif */
			assert_int_equal(in_ < ir, ks[k] >= V(6, 9));
		assert_int_equal(iou_cq_ready(&ring), 0);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_int_equal(seen, 3);
}

/* The zero-copy buffer is read at a chosen moment up to the
 * notification: reusing it after the request CQE but before F_NOTIF
 * changes what the peer gets on some tape; reusing it after F_NOTIF never
 * does. REPORT_USAGE answers ZC_COPIED or not. */
static void test_zc_buffer_read_late(void **state)
{
	unsigned early_corrupt = 0, usage_seen = 0;

	(void)state;
	for (unsigned seed = 0; seed < tapes(); seed++)
	for (int wait_notif = 0; wait_notif < 2; wait_notif++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct iou ring;
		struct st_pair p;
		char buf[8], in[8];
		size_t got = 0;
		int res = 0, notif = 0;

		st_ring(sim, &ring, 8, 0);
		st_tcp_pair(&ring, &p);
		memcpy(buf, "AAAAAAAA", 8);
		iou_prep_send_zc(SQE(&ring), p.c, buf, 8, 0,
				 IOU_SEND_ZC_REPORT_USAGE);
		iou_sqe_set_data64(last_sqe, 1);
		st_submit_all(&ring);
		while (!notif) {
			struct iou_cqe c = reap1(&ring);

			if (c.flags & IOU_CQE_F_NOTIF) {
				notif = 1;
				assert_int_equal(c.res & ~(int)
						 IOU_NOTIF_USAGE_ZC_COPIED, 0);
				usage_seen |= c.res ? 1 : 2;
				break;
			}
			res = c.res;
			assert_true(res > 0);
			if (!wait_notif)
				break;
		}
		memcpy(buf, "BBBBBBBB", 8); /* reuse */
		while (got < (size_t)res) {
			struct iou_cqe c;

			iou_prep_recv(SQE(&ring), p.s, in + got,
				      (size_t)res - got, 0);
			iou_sqe_set_data64(last_sqe, 3);
			st_submit_all(&ring);
			c = reap1(&ring);
			if (c.user_data != 3) { /* the notification */
				assert_true(c.flags & IOU_CQE_F_NOTIF);
				c = reap1(&ring);
			}
			assert_true(c.res > 0);
			got += (size_t)c.res;
		}
		if (wait_notif || !seed)
			assert_memory_equal(in, "AAAAAAAA", got);
		else if (memcmp(in, "AAAAAAAA", got))
			early_corrupt++;
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(early_corrupt > 0);
	assert_int_equal(usage_seen, 3);
}

/* F_SOCK_NONEMPTY: set on some tapes and not on others when data is
 * left; never when nothing is left. */
static void test_sock_nonempty_both_ways(void **state)
{
	unsigned seen = 0;

	(void)state;
	for (unsigned seed = 0; seed < tapes(); seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct iou ring;
		struct st_pair p;
		char in[32];
		struct iou_cqe c;
		size_t got = 0;

		st_ring(sim, &ring, 8, 0);
		st_tcp_pair(&ring, &p);
		memset(in, 'n', sizeof(in));
		assert_int_equal(iou_sys_write(&ring, p.c, in, 32), 32);
		while (got < 32) {
			iou_prep_recv(SQE(&ring), p.s, in, got ? 32 - got
				      : 16, 0);
			st_submit_all(&ring);
			c = reap1(&ring);
			assert_true(c.res > 0);
			got += (size_t)c.res;
			if (got == 32)
				assert_false(c.flags & IOU_CQE_F_SOCK_NONEMPTY);
			else
				seen |= (c.flags & IOU_CQE_F_SOCK_NONEMPTY) ? 1
									     : 2;
			if (!seed && got < 32)
				assert_true(c.flags & IOU_CQE_F_SOCK_NONEMPTY);
		}
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_int_equal(seen, 3);
}

/* Opt-in faults: a reset mid-stream (-ECONNRESET, then the peer sees
 * it), -EINTR; the bytes that did arrive are in order. */
static void test_fault_reset_mid_stream(void **state)
{
	unsigned resets = 0;

	(void)state;
	for (unsigned seed = 1; seed <= tapes(); seed++) {
		struct iou_sim_opts o;
		struct iou_sim *sim;
		struct iou ring;
		struct st_pair p;
		char out[64], in[64];
		size_t got = 0, put = 0;
		int reset = 0;

		memset(&o, 0, sizeof(o));
		o.seed = seed;
		o.faults = IOU_FAULT_ECONNRESET | IOU_FAULT_EINTR;
		sim = iou_sim_new(&o);
		st_ring(sim, &ring, 8, 0);
		st_tcp_pair(&ring, &p);
		for (int i = 0; i < 64; i++)
			out[i] = (char)i;
		while (put < 64 && !reset) {
			ssize_t w = iou_sys_write(&ring, p.c, out + put,
						  64 - put > 16 ? 16 : 64 - put);

			if (w == -EINTR || w == -EAGAIN)
				continue;
			if (w == -ECONNRESET) {
				reset = 1;
				break;
			}
			assert_true(w > 0);
			put += (size_t)w;
		}
		while (!reset && got < put) {
			struct iou_cqe c;

			iou_prep_recv(SQE(&ring), p.s, in + got, 64 - got, 0);
			st_submit_all(&ring);
			c = reap1(&ring);
			if (c.res == -EINTR)
				continue;
			if (c.res == -ECONNRESET || c.res == 0) {
				reset = 1;
				break;
			}
			assert_true(c.res > 0);
			got += (size_t)c.res;
		}
		assert_memory_equal(in, out, got);
		resets += reset;
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(resets > 0);
}

/* Same tape, same trace, for a network scenario. */
static void run_echoish(struct iou_sim *sim)
{
	struct iou ring;
	struct st_pair p;
	char in[16];
	size_t got = 0;

	st_ring(sim, &ring, 8, 0);
	st_tcp_pair(&ring, &p);
	iou_prep_send_zc(SQE(&ring), p.c, "0123456789abcdef", 16, MSG_WAITALL,
			 0);
	st_submit_all(&ring);
	while (got < 16) {
		struct iou_cqe c;

		iou_prep_recv(SQE(&ring), p.s, in + got, 16 - got, 0);
		iou_sqe_set_data64(last_sqe, 5);
		st_submit_all(&ring);
		do
			c = reap1(&ring);
		while (c.user_data != 5);
		assert_true(c.res > 0);
		got += (size_t)c.res;
	}
	iou_queue_exit(&ring);
}

static void test_same_tape_same_trace(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 50; seed++) {
		struct iou_sim *a = st_seeded(seed, 0), *b = st_seeded(seed, 0);
		size_t la, lb;
		const char *ta, *tb;

		run_echoish(a);
		run_echoish(b);
		ta = iou_sim_trace(a, &la);
		tb = iou_sim_trace(b, &lb);
		assert_int_equal(la, lb);
		assert_memory_equal(ta, tb, la);
		iou_sim_free(a);
		iou_sim_free(b);
	}
}

/* Random SQEs of the network opcodes, with pointers NULL or to a scratch
 * area: the sim never crashes (it cannot validate host pointers). */
static void test_random_net_sqes(void **state)
{
	static const uint8_t ops[] = {
		IOU_OP_SOCKET, IOU_OP_BIND, IOU_OP_LISTEN, IOU_OP_CONNECT,
		IOU_OP_ACCEPT, IOU_OP_SEND, IOU_OP_RECV, IOU_OP_SENDMSG,
		IOU_OP_RECVMSG, IOU_OP_SEND_ZC, IOU_OP_SENDMSG_ZC,
		IOU_OP_SHUTDOWN, IOU_OP_POLL_ADD, IOU_OP_POLL_REMOVE,
	};
	static union {
		struct msghdr m;
		struct sockaddr_in a;
		char raw[256];
	} scratch;
	uint64_t x = 88172645463325252ULL;

	(void)state;
	for (unsigned run = 0; run < tapes() / 5; run++) {
		struct iou_sim *sim = st_seeded(run + 1, 0);
		struct iou ring;
		struct st_pair p;

		st_ring(sim, &ring, 16, 0);
		st_tcp_pair(&ring, &p);
		for (unsigned i = 0; i < 16; i++) {
			struct iou_sqe *sqe = st_sqe(&ring);
			uint8_t *b = (uint8_t *)sqe;

			for (unsigned k = 0; k < sizeof(*sqe); k++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				b[k] = (uint8_t)x;
			}
			sqe->opcode = ops[x % sizeof(ops)];
			sqe->flags &= IOU_SQE_IO_LINK | IOU_SQE_ASYNC;
			sqe->fd = (int)(x >> 8) % 8;
			memset(&scratch, 0, sizeof(scratch));
			sqe->addr = (x & 1) ? (uint64_t)(uintptr_t)&scratch : 0;
			sqe->addr2 = (x & 2) ? (uint64_t)(uintptr_t)&scratch : 0;
			sqe->addr3 = 0;
			sqe->len %= 64;
			sqe->personality = 0;
		}
		st_submit_all(&ring);
		{
			struct iou_cqe c[32];

			iou_copy_cqes(&ring, c, 32, 0);
		}
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
}

/* ---- the explorer over a stream scenario ------------------------------------------ */

#define EX(cond) IOU_SCENARIO_CHECK(cond)

static int arm_mshot(struct iou *ring, int fd, uint64_t ud)
{
	struct iou_sqe *sqe = iou_get_sqe(ring);

	if (!sqe)
		return -1;
	iou_prep_recv_multishot(sqe, fd, NULL, 0, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, BGID);
	iou_sqe_set_data64(sqe, ud);
	return 0;
}

/* send_zc + a 3-iovec sendmsg + shutdown, received by multishot recvs on
 * a 4-buffer ring, re-armed whenever F_MORE is missing: the bytes arrive
 * in order; the zero-copy rules and the multishot rules hold. */
static int zc_mshot_scenario(struct iou_sim *sim, void *arg)
{
	static char bufs[4][8];
	struct iovec v[3] = { { "ij", 2 }, { "kl", 2 }, { "mn", 2 } };
	char zc[8], got[32];
	struct sockaddr_in a;
	socklen_t n = sizeof(a);
	struct iou_buf_ring *br;
	struct msghdr m;
	struct iou ring;
	uint64_t ud = 100, ended = 0;
	size_t have = 0;
	int l, c, s, err, zc_req = 0, zc_notif = 0, msg_done = 0, eof = 0;
	int shut = 0, steps = 0;

	(void)arg;
	EX(iou_queue_init_sim(16, &ring, 0, sim) == 0);
	l = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	EX(iou_sys_bind(&ring, l, (struct sockaddr *)&a, sizeof(a)) == 0);
	EX(iou_sys_listen(&ring, l, 4) == 0);
	EX(iou_sys_getsockname(&ring, l, (struct sockaddr *)&a, &n) == 0);
	c = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
	EX(iou_sys_connect(&ring, c, (struct sockaddr *)&a, sizeof(a)) == 0);
	s = iou_sys_accept(&ring, l, NULL, NULL, 0);
	EX(s >= 0);
	br = iou_setup_buf_ring(&ring, 4, BGID, 0, &err);
	EX(br != NULL);
	for (int i = 0; i < 4; i++)
		iou_buf_ring_add(br, bufs[i], 8, (unsigned short)i,
				 iou_buf_ring_mask(4), i);
	iou_buf_ring_advance(br, 4);
	memcpy(zc, "abcdefgh", 8);
	EX(arm_mshot(&ring, s, ud) == 0);
	{
		struct iou_sqe *sqe = iou_get_sqe(&ring);

		iou_prep_send_zc(sqe, c, zc, 8, MSG_WAITALL, 0);
		iou_sqe_set_data64(sqe, 1);
		iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
		memset(&m, 0, sizeof(m));
		m.msg_iov = v;
		m.msg_iovlen = 3;
		sqe = iou_get_sqe(&ring);
		iou_prep_sendmsg(sqe, c, &m, MSG_WAITALL);
		iou_sqe_set_data64(sqe, 2);
	}
	while (!(eof && zc_notif && msg_done)) {
		struct iou_cqe *cqe;
		int r;

		EX(++steps < 1000);
		if (msg_done && !shut) {
			EX(iou_sys_shutdown(&ring, c, SHUT_WR) == 0);
			shut = 1;
		}
		r = iou_submit_and_wait(&ring, 1);
		if (r == -EINTR || r == -EAGAIN)
			continue;
		EX(r >= 0);
		while (iou_peek_cqe(&ring, &cqe) == 0) {
			struct iou_cqe q = *cqe;

			iou_cqe_seen(&ring, cqe);
			if (q.user_data == 1) {
				if (q.flags & IOU_CQE_F_NOTIF) {
					EX(zc_req && !zc_notif);
					zc_notif = 1;
				} else {
					EX(!zc_req && q.res == 8);
					EX(q.flags & IOU_CQE_F_MORE);
					zc_req = 1;
				}
				continue;
			}
			if (q.user_data == 2) {
				EX(q.res == 6 && !msg_done);
				msg_done = 1;
				continue;
			}
			/* nothing after a multishot's last CQE */
			EX(q.user_data == ud && q.user_data != ended);
			if (q.res > 0) {
				int bid = iou_cqe_buffer_id(&q);

				EX(q.flags & IOU_CQE_F_BUFFER);
				EX(have + (size_t)q.res <= sizeof(got));
				memcpy(got + have, bufs[bid], (size_t)q.res);
				have += (size_t)q.res;
				iou_buf_ring_add(br, bufs[bid], 8,
						 (unsigned short)bid,
						 iou_buf_ring_mask(4), 0);
				iou_buf_ring_advance(br, 1);
			} else {
				EX(!(q.flags & IOU_CQE_F_BUFFER));
				EX(!(q.flags & IOU_CQE_F_MORE));
				EX(q.res == 0 || q.res == -ENOBUFS);
				if (q.res == 0)
					eof = 1;
			}
			if (!(q.flags & IOU_CQE_F_MORE) && !eof) {
				ended = ud;
				EX(arm_mshot(&ring, s, ++ud) == 0);
			}
		}
	}
	EX(have == 14);
	EX(!memcmp(got, "abcdefghijklmn", 14));
	iou_queue_exit(&ring);
	return 0;
}

/* Ring CONNECTs racing a multishot ACCEPT and a poll on the listener
 * (the accept may take every connection before the poll looks: it then
 * stays armed, as the kernel's re-checks the file), then cancel by fd:
 * every connection is accepted exactly once, the multishot rules hold,
 * the cancel ends what is left and counts it. */
static int accept_connect_scenario(struct iou_sim *sim, void *arg)
{
	struct sockaddr_in a;
	socklen_t n = sizeof(a);
	struct iou ring;
	int l, cl[3], accepted = 0, connected = 0, armed = 1, steps = 0;
	int cancel_sent = 0, cancel_done = 0, poll_done = 0;
	uint64_t ud = 50, ended = 0;

	(void)arg;
	EX(iou_queue_init_sim(16, &ring, 0, sim) == 0);
	l = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	EX(iou_sys_bind(&ring, l, (struct sockaddr *)&a, sizeof(a)) == 0);
	EX(iou_sys_listen(&ring, l, 1) == 0);
	EX(iou_sys_getsockname(&ring, l, (struct sockaddr *)&a, &n) == 0);
	{
		struct iou_sqe *sqe = iou_get_sqe(&ring);

		iou_prep_poll_add(sqe, l, POLLIN);
		iou_sqe_set_data64(sqe, 40);
		sqe = iou_get_sqe(&ring);
		iou_prep_multishot_accept(sqe, l, NULL, NULL, 0);
		iou_sqe_set_data64(sqe, ud);
	}
	for (int i = 0; i < 3; i++) {
		struct iou_sqe *sqe;

		cl[i] = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
		sqe = iou_get_sqe(&ring);
		iou_prep_connect(sqe, cl[i], (struct sockaddr *)&a, sizeof(a));
		iou_sqe_set_data64(sqe, 10 + (uint64_t)i);
	}
	while (!(connected == 3 && accepted == 3 && cancel_done &&
		 poll_done && !armed)) {
		struct iou_cqe *cqe;
		int r;

		EX(++steps < 1000);
		if (connected == 3 && accepted == 3 && !cancel_sent) {
			struct iou_sqe *sqe = iou_get_sqe(&ring);

			iou_prep_cancel_fd(sqe, l, IOU_ASYNC_CANCEL_ALL);
			iou_sqe_set_data64(sqe, 99);
			/* 1 + what it should cancel */
			cancel_sent = 1 + armed + !poll_done;
		}
		r = iou_submit_and_wait(&ring, 1);
		if (r == -EINTR || r == -EAGAIN)
			continue;
		EX(r >= 0);
		while (iou_peek_cqe(&ring, &cqe) == 0) {
			struct iou_cqe q = *cqe;

			iou_cqe_seen(&ring, cqe);
			if (q.user_data >= 10 && q.user_data < 13) {
				EX(q.res == 0);
				connected++;
			} else if (q.user_data == 40) {
				EX((q.res > 0 && (q.res & POLLIN)) ||
				   (cancel_sent && (q.res == -ECANCELED ||
						    q.res == -EINTR)));
				EX(!poll_done);
				poll_done = 1;
			} else if (q.user_data == 99) {
				EX(q.res == cancel_sent - 1);
				cancel_done = 1;
			} else {
				EX(q.user_data == ud && q.user_data != ended);
				if (q.res >= 0) {
					accepted++;
					EX(accepted <= 3);
					iou_sys_close(&ring, q.res);
				} else {
					EX(q.res == -ECANCELED ||
					   q.res == -EINTR);
					EX(!(q.flags & IOU_CQE_F_MORE));
				}
				if (!(q.flags & IOU_CQE_F_MORE)) {
					ended = ud;
					armed = 0;
					if (accepted < 3) {
						struct iou_sqe *sqe =
							iou_get_sqe(&ring);

						iou_prep_multishot_accept(
							sqe, l, NULL, NULL, 0);
						iou_sqe_set_data64(sqe, ++ud);
						armed = 1;
					}
				}
			}
		}
	}
	iou_queue_exit(&ring);
	return 0;
}

static void test_explore_accept_connect(void **state)
{
	struct iou_explore_opts o = {
		.sim.kernel_min = IOU_KERNEL_VERSION(5, 19),
		.sim.kernel_max = IOU_KERNEL_NEWEST,
		.max_deviations = 2,
		.max_runs = 20000,
	};
	struct iou_explore_result res;

	(void)state;
	memset(&res, 0, sizeof(res));
	IOU_EXPLORE_ASSERT(&o, accept_connect_scenario, NULL);
	assert_int_equal(iou_explore(&o, accept_connect_scenario, NULL, &res),
			 0);
	assert_false(res.failed);
	print_message("[  NOTE    ] explorer: %llu tapes%s\n",
		      (unsigned long long)res.runs,
		      res.exhausted ? ", every tape within 2 deviations" : "");
}

static void test_explore_zc_mshot_stream(void **state)
{
	struct iou_explore_opts o = {
		.sim.kernel_min = IOU_KERNEL_VERSION(6, 1),
		.sim.kernel_max = IOU_KERNEL_NEWEST,
		.max_deviations = 2,
		.max_runs = 20000,
	};

	struct iou_explore_result res;

	(void)state;
	IOU_EXPLORE_ASSERT(&o, zc_mshot_scenario, NULL);
	memset(&res, 0, sizeof(res));
	assert_int_equal(iou_explore(&o, zc_mshot_scenario, NULL, &res), 0);
	assert_false(res.failed);
	print_message("[  NOTE    ] explorer: %llu tapes%s\n",
		      (unsigned long long)res.runs,
		      res.exhausted ? ", every tape within 2 deviations" : "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zc_failed_notif_iff_more),
		cmocka_unit_test(test_three_segment_splits),
		cmocka_unit_test(test_mshot_recv_ends_anywhere),
		cmocka_unit_test(test_mshot_accept_ends_anywhere),
		cmocka_unit_test(test_zc_notif_order),
		cmocka_unit_test(test_zc_buffer_read_late),
		cmocka_unit_test(test_sock_nonempty_both_ways),
		cmocka_unit_test(test_fault_reset_mid_stream),
		cmocka_unit_test(test_same_tape_same_trace),
		cmocka_unit_test(test_random_net_sqes),
		cmocka_unit_test(test_explore_zc_mshot_stream),
		cmocka_unit_test(test_explore_accept_connect),
	};

	return cmocka_run_group_tests_name("sim.net_vary", tests, NULL, NULL);
}

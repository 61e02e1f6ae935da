/* sim_net_rw.c — the read/write family on sockets: READ, WRITE, READV,
 * WRITEV, READ_FIXED and WRITE_FIXED on a connected socket are a recv or
 * send with no flags (sock_read_iter, sock_write_iter): they wait for data
 * or room, may be short, read 0 at EOF, fail -ECONNRESET after a reset,
 * -ESPIPE at an offset, and select provided buffers (legacy groups and
 * buf_rings) as io_read does. The canonical tape gives what Linux 6.18
 * gave on this machine; every tape keeps the guarantees. */
#include "simtest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define TAPES 300U
#define BGID 5
#define RWF_NOWAIT_ 0x08 /* RWF_NOWAIT */

static struct iou_sqe *last_sqe;
#define SQE(ring) (last_sqe = st_sqe(ring))

static unsigned tapes(void)
{
	const char *e = getenv("IOU_SIM_NET_TAPES");

	return e && *e ? (unsigned)strtoul(e, NULL, 10) : TAPES;
}

static void reset_peer(struct iou *ring, int fd)
{
	struct linger lg = { 1, 0 };

	assert_int_equal(iou_sys_setsockopt(ring, fd, SOL_SOCKET, SO_LINGER,
					    &lg, sizeof(lg)), 0);
	assert_int_equal(iou_sys_close(ring, fd), 0);
}

static struct iou_cqe run1(struct iou *ring)
{
	struct iou_cqe c;

	st_submit_all(ring);
	st_reap(ring, &c, 1);
	return c;
}

static void done(struct iou_sim *sim, struct iou *ring)
{
	iou_queue_exit(ring);
	iou_sim_free(sim);
}

/* The canonical tape: what Linux 6.18 answered (tests/conformance
 * read_write_on_socket checks the same on both kernels). */
static void test_canonical_answers(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou ring;
	struct st_pair p;
	struct iou_cqe c;
	char buf[64];
	int u;

	(void)state;
	st_ring(sim, &ring, 8, 0);
	st_tcp_pair(&ring, &p);
	/* a read takes what is there: 5 of 100, no F_SOCK_NONEMPTY */
	assert_int_equal(iou_sys_write(&ring, p.c, "hellohello", 10), 10);
	iou_prep_read(SQE(&ring), p.s, buf, 5, 0);
	c = run1(&ring);
	assert_int_equal(c.res, 5);
	assert_int_equal(c.flags, 0);
	iou_prep_read(SQE(&ring), p.s, buf, 100, 0);
	c = run1(&ring);
	assert_int_equal(c.res, 5);
	assert_memory_equal(buf, "hello", 5);
	/* offset -1 is the position of a stream: 0; any other: -ESPIPE */
	assert_int_equal(iou_sys_write(&ring, p.c, "ab", 2), 2);
	iou_prep_read(SQE(&ring), p.s, buf, 8, 3);
	assert_int_equal(run1(&ring).res, -ESPIPE);
	iou_prep_write(SQE(&ring), p.s, "x", 1, 3);
	assert_int_equal(run1(&ring).res, -ESPIPE);
	iou_prep_read(SQE(&ring), p.s, buf, 8, (uint64_t)-2);
	assert_int_equal(run1(&ring).res, -EINVAL);
	iou_prep_read(SQE(&ring), p.s, buf, 8, (uint64_t)-1);
	assert_int_equal(run1(&ring).res, 2);
	/* nothing to read: 0 at once; RWF_NOWAIT: -EAGAIN */
	iou_prep_read(SQE(&ring), p.s, buf, 0, 0);
	assert_int_equal(run1(&ring).res, 0);
	iou_prep_read(SQE(&ring), p.s, buf, 8, 0);
	last_sqe->rw_flags = RWF_NOWAIT_;
	assert_int_equal(run1(&ring).res, -EAGAIN);
	/* WRITE is a send; WRITEV and READV scatter as recvmsg would */
	iou_prep_write(SQE(&ring), p.s, "xyz", 3, 0);
	assert_int_equal(run1(&ring).res, 3);
	{
		struct iovec rv[2] = { { buf, 2 }, { buf + 10, 10 } };
		struct iovec wv[2] = { { "ab", 2 }, { "cdef", 4 } };

		iou_prep_readv(SQE(&ring), p.c, rv, 2, 0);
		assert_int_equal(run1(&ring).res, 3);
		assert_memory_equal(buf, "xy", 2);
		assert_memory_equal(buf + 10, "z", 1);
		iou_prep_writev(SQE(&ring), p.c, wv, 2, 0);
		assert_int_equal(run1(&ring).res, 6);
		iou_prep_read(SQE(&ring), p.s, buf, 64, 0);
		assert_int_equal(run1(&ring).res, 6);
		assert_memory_equal(buf, "abcdef", 6);
	}
	/* EOF: 0, and a short read breaks its link */
	assert_int_equal(iou_sys_shutdown(&ring, p.c, SHUT_WR), 0);
	iou_prep_read(SQE(&ring), p.s, buf, 8, 0);
	iou_sqe_set_flags(last_sqe, IOU_SQE_IO_LINK);
	iou_sqe_set_data64(last_sqe, 1);
	iou_prep_nop(SQE(&ring));
	iou_sqe_set_data64(last_sqe, 2);
	st_submit_all(&ring);
	{
		struct iou_cqe cs[2];

		st_reap(&ring, cs, 2);
		assert_int_equal(cs[0].user_data, 1);
		assert_int_equal(cs[0].res, 0);
		assert_int_equal(cs[1].res, -ECANCELED);
	}
	/* a reset: -ECONNRESET once, then EOF; writes -EPIPE */
	reset_peer(&ring, p.c);
	iou_prep_read(SQE(&ring), p.s, buf, 8, 0);
	assert_int_equal(run1(&ring).res, 0); /* the FIN came first */
	iou_sys_close(&ring, p.s);
	iou_sys_close(&ring, p.l);
	st_tcp_pair(&ring, &p);
	iou_prep_read(SQE(&ring), p.s, buf, 8, 0);
	iou_sqe_set_data64(last_sqe, 3);
	st_submit_all(&ring);
	reset_peer(&ring, p.c);
	c = run1(&ring);
	assert_int_equal(c.user_data, 3);
	assert_int_equal(c.res, -ECONNRESET);
	iou_prep_read(SQE(&ring), p.s, buf, 8, 0);
	assert_int_equal(run1(&ring).res, 0);
	iou_prep_write(SQE(&ring), p.s, "x", 1, 0);
	assert_int_equal(run1(&ring).res, -EPIPE);
	/* not connected */
	u = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
	iou_prep_read(SQE(&ring), u, buf, 8, 0);
	assert_int_equal(run1(&ring).res, -ENOTCONN);
	iou_prep_read(SQE(&ring), u, buf, 0, 0);
	assert_int_equal(run1(&ring).res, 0);
	iou_prep_write(SQE(&ring), u, "x", 1, 0);
	assert_int_equal(run1(&ring).res, -EPIPE);
	done(sim, &ring);
}

/* READ_FIXED and WRITE_FIXED from a registered buffer. */
static void test_fixed(void **state)
{
	static char fb[64];
	struct iovec v = { fb, sizeof(fb) };
	struct iou_sim *sim = st_canon(0);
	struct iou ring;
	struct st_pair p;

	(void)state;
	st_ring(sim, &ring, 8, 0);
	st_tcp_pair(&ring, &p);
	assert_int_equal(iou_register_buffers(&ring, &v, 1), 0);
	iou_prep_read_fixed(SQE(&ring), p.s, fb, 64, 0, 0);
	iou_sqe_set_data64(last_sqe, 1);
	st_submit_all(&ring);
	assert_int_equal(iou_sys_write(&ring, p.c, "fixed", 5), 5);
	assert_int_equal(run1(&ring).res, 5);
	assert_memory_equal(fb, "fixed", 5);
	iou_prep_write_fixed(SQE(&ring), p.s, fb, 5, 0, 0);
	assert_int_equal(run1(&ring).res, 5);
	/* outside the registered buffer */
	iou_prep_write_fixed(SQE(&ring), p.s, fb + 60, 8, 0, 0);
	assert_int_equal(run1(&ring).res, -EFAULT);
	assert_int_equal(iou_sys_read(&ring, p.c, fb, 64), 5);
	done(sim, &ring);
}

/* Buffer select on a socket READ, as io_read does it: -ENOBUFS at once on
 * an empty group; a buffer reported at EOF (res 0); after a reset a
 * legacy buffer is consumed and reported, a ring one given back. */
static void test_buffer_select(void **state)
{
	static char lb[4][16], rb[4][16];
	struct iou_sim *sim = st_canon(0);
	struct iou_buf_ring *br;
	struct iou ring;
	struct st_pair p;
	struct iou_cqe c;
	int err;

	(void)state;
	st_ring(sim, &ring, 8, 0);
	st_tcp_pair(&ring, &p);
	iou_prep_read(SQE(&ring), p.s, NULL, 16, 0);
	iou_sqe_set_flags(last_sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(last_sqe, BGID);
	assert_int_equal(run1(&ring).res, -ENOBUFS);
	iou_prep_provide_buffers(SQE(&ring), lb, 16, 4, BGID, 0);
	assert_int_equal(run1(&ring).res, 0);
	/* waits with no buffer taken, then reads into one */
	iou_prep_read(SQE(&ring), p.s, NULL, 16, 0);
	iou_sqe_set_flags(last_sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(last_sqe, BGID);
	st_submit_all(&ring);
	assert_int_equal(iou_cq_ready(&ring), 0);
	assert_int_equal(iou_sys_write(&ring, p.c, "data", 4), 4);
	c = run1(&ring);
	assert_int_equal(c.res, 4);
	assert_true(c.flags & IOU_CQE_F_BUFFER);
	assert_memory_equal(lb[c.flags >> IOU_CQE_BUFFER_SHIFT], "data", 4);
	/* pending, then the peer resets: -ECONNRESET with the buffer */
	iou_prep_read(SQE(&ring), p.s, NULL, 16, 0);
	iou_sqe_set_flags(last_sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(last_sqe, BGID);
	st_submit_all(&ring);
	reset_peer(&ring, p.c);
	c = run1(&ring);
	assert_int_equal(c.res, -ECONNRESET);
	assert_true(c.flags & IOU_CQE_F_BUFFER);
	/* EOF: 0 with a buffer */
	iou_prep_read(SQE(&ring), p.s, NULL, 16, 0);
	iou_sqe_set_flags(last_sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(last_sqe, BGID);
	c = run1(&ring);
	assert_int_equal(c.res, 0);
	assert_true(c.flags & IOU_CQE_F_BUFFER);
	iou_sys_close(&ring, p.s);
	iou_sys_close(&ring, p.l);

	/* a buf_ring: consumed in ring order; given back on a reset */
	br = iou_setup_buf_ring(&ring, 4, BGID + 1, 0, &err);
	assert_non_null(br);
	for (int i = 0; i < 4; i++)
		iou_buf_ring_add(br, rb[i], 16, (unsigned short)i,
				 iou_buf_ring_mask(4), i);
	iou_buf_ring_advance(br, 4);
	st_tcp_pair(&ring, &p);
	assert_int_equal(iou_sys_write(&ring, p.c, "hello", 5), 5);
	iou_prep_read(SQE(&ring), p.s, NULL, 0, 0);
	iou_sqe_set_flags(last_sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(last_sqe, BGID + 1);
	c = run1(&ring);
	assert_int_equal(c.res, 5);
	assert_int_equal(c.flags, IOU_CQE_F_BUFFER);
	reset_peer(&ring, p.c);
	iou_prep_read(SQE(&ring), p.s, NULL, 0, 0);
	iou_sqe_set_flags(last_sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(last_sqe, BGID + 1);
	c = run1(&ring);
	assert_int_equal(c.res, -ECONNRESET);
	assert_int_equal(c.flags, 0);
	iou_prep_read(SQE(&ring), p.s, NULL, 0, 0);
	iou_sqe_set_flags(last_sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(last_sqe, BGID + 1);
	c = run1(&ring);
	assert_int_equal(c.res, 0);
	assert_int_equal(c.flags, IOU_CQE_F_BUFFER | (1U << IOU_CQE_BUFFER_SHIFT));
	assert_int_equal(iou_free_buf_ring(&ring, br, 4, BGID + 1), 0);
	done(sim, &ring);
}

/* On every tape: READV waits on the socket and restarts with its copied
 * vector intact; WRITEV to a full peer waits for room; every read and
 * write may be short (a short one breaks its link) but the bytes arrive
 * in order; no read sets F_SOCK_NONEMPTY. */
static void test_vectors_wait_and_restart(void **state)
{
	enum { BIG = 300 * 1024 };
	unsigned shorts = 0, waited = 0;
	char *big = malloc(BIG), *sink = malloc(BIG);

	(void)state;
	assert_non_null(big);
	assert_non_null(sink);
	for (size_t i = 0; i < BIG; i++)
		big[i] = (char)(i * 7 + 1);
	for (unsigned seed = 0; seed < tapes(); seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		char a[3], b[5], c6[6];
		struct iovec rv[3] = { { a, 3 }, { b, 5 }, { c6, 6 } };
		struct iovec wv[2];
		struct iou ring;
		struct st_pair p;
		struct iou_cqe cs[2];
		size_t got = 0, put = 0;
		int i, wpending = 0, rpending = 0;

		st_ring(sim, &ring, 8, 0);
		st_tcp_pair(&ring, &p);
		/* READV first: it parks on the socket */
		iou_prep_readv(SQE(&ring), p.s, rv, 3, 0);
		iou_sqe_set_data64(last_sqe, 1);
		iou_sqe_set_flags(last_sqe, IOU_SQE_IO_LINK);
		iou_prep_nop(SQE(&ring));
		iou_sqe_set_data64(last_sqe, 2);
		st_submit_all(&ring);
		memset(rv, 0, sizeof(rv)); /* the kernel copied it */
		assert_int_equal(iou_sys_write(&ring, p.c, "0123456789abcd", 14),
				 14);
		st_reap(&ring, cs, 2);
		assert_int_equal(cs[0].user_data, 1);
		assert_true(cs[0].res >= 1 && cs[0].res <= 14);
		assert_int_equal(cs[0].flags, 0);
		assert_int_equal(cs[1].res, cs[0].res < 14 ? -ECANCELED : 0);
		shorts += cs[0].res < 14;
		{
			char all[14];

			memcpy(all, a, 3);
			memcpy(all + 3, b, 5);
			memcpy(all + 8, c6, 6);
			for (size_t k = (size_t)cs[0].res; k < 14;) {
				struct iou_cqe rc;

				iou_prep_read(SQE(&ring), p.s, all + k,
					      (unsigned)(14 - k), 0);
				rc = run1(&ring);
				assert_true(rc.res > 0);
				k += (size_t)rc.res;
			}
			assert_memory_equal(all, "0123456789abcd", 14);
		}
		/* WRITEV more than the peer's queue holds: short, then the
		 * next one waits for room that READs make */
		while (got < BIG || wpending) {
			struct iou_cqe rc;

			if (!wpending && put < BIG) {
				wv[0].iov_base = big + put;
				wv[0].iov_len = (BIG - put) / 2;
				wv[1].iov_base = big + put + (BIG - put) / 2;
				wv[1].iov_len = BIG - put - (BIG - put) / 2;
				iou_prep_writev(SQE(&ring), p.c, wv, 2, 0);
				iou_sqe_set_data64(last_sqe, 3);
				wpending = 1;
			}
			if (!rpending && got < BIG) {
				iou_prep_read(SQE(&ring), p.s, sink + got,
					      (unsigned)(BIG - got), 0);
				iou_sqe_set_data64(last_sqe, 4);
				rpending = 1;
			}
			st_submit_all(&ring);
			st_reap(&ring, &rc, 1);
			assert_true(rc.res > 0);
			assert_int_equal(rc.flags, 0);
			if (rc.user_data == 3) {
				put += (size_t)rc.res;
				wpending = 0;
			} else {
				assert_int_equal(rc.user_data, 4);
				got += (size_t)rc.res;
				rpending = 0;
				waited += wpending;
			}
		}
		assert_int_equal(put, BIG);
		assert_memory_equal(sink, big, BIG);
		for (i = 0; i < 3; i++)
			iou_sys_close(&ring, i == 0 ? p.c : i == 1 ? p.s : p.l);
		done(sim, &ring);
	}
	assert_true(shorts > 0);
	assert_true(waited > 0);
	free(big);
	free(sink);
}

/* A READ parked on a socket is canceled like any parked read. */
static void test_cancel_parked(void **state)
{
	for (unsigned seed = 0; seed < tapes(); seed++) {
		struct iou_sim *sim = st_tape(seed, 0);
		struct iou ring;
		struct st_pair p;
		struct iou_cqe cs[2];
		char buf[8];
		int r, k;

		(void)state;
		st_ring(sim, &ring, 8, 0);
		st_tcp_pair(&ring, &p);
		iou_prep_read(SQE(&ring), p.s, buf, 8, 0);
		iou_sqe_set_data64(last_sqe, 1);
		st_submit_all(&ring);
		iou_prep_cancel64(SQE(&ring), 1, 0);
		iou_sqe_set_data64(last_sqe, 2);
		st_submit_all(&ring);
		st_reap(&ring, cs, 2);
		r = st_index(cs, 2, 1);
		k = st_index(cs, 2, 2);
		assert_true(r >= 0 && k >= 0);
		assert_true(cs[r].res == -ECANCELED || cs[r].res == -EINTR);
		assert_true(cs[k].res == 0 || cs[k].res == -EALREADY);
		/* the socket still works */
		assert_int_equal(iou_sys_write(&ring, p.c, "z", 1), 1);
		iou_prep_read(SQE(&ring), p.s, buf, 8, 0);
		assert_int_equal(run1(&ring).res, 1);
		done(sim, &ring);
	}
}

/* On the oldest profile: READV and WRITEV (5.1) on sockets. */
static void test_oldest_profile(void **state)
{
	struct iou_sim *sim = st_canon(V(5, 4));
	struct iou ring;
	struct st_pair p;
	char buf[8];
	struct iovec w = { "old", 3 }, r = { buf, 8 };

	(void)state;
	st_ring(sim, &ring, 8, 0);
	st_tcp_pair(&ring, &p);
	iou_prep_writev(SQE(&ring), p.c, &w, 1, 0);
	assert_int_equal(run1(&ring).res, 3);
	iou_prep_readv(SQE(&ring), p.s, &r, 1, 0);
	assert_int_equal(run1(&ring).res, 3);
	assert_memory_equal(buf, "old", 3);
	done(sim, &ring);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_answers),
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_buffer_select),
		cmocka_unit_test(test_vectors_wait_and_restart),
		cmocka_unit_test(test_cancel_parked),
		cmocka_unit_test(test_oldest_profile),
	};

	return cmocka_run_group_tests_name("sim.net_rw", tests, NULL, NULL);
}

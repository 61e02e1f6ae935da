/* sim_net_alloc.c — no heap allocation per op in steady state on the
 * sim's network: send/recv, send_zc with its notification, multishot recv
 * on a buf_ring, poll, over a warmed-up connection (receive rings are
 * grown amortized, requests come from the pool). Counts malloc, calloc
 * and realloc by interposing them (glibc; built without sanitizers). */
#include "simtest.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static unsigned long long nallocs;

void *malloc(size_t n)
{
	nallocs++;
	return __libc_malloc(n);
}

void *calloc(size_t a, size_t b)
{
	nallocs++;
	return __libc_calloc(a, b);
}

void *realloc(void *p, size_t n)
{
	nallocs++;
	return __libc_realloc(p, n);
}

#define BGID 1

struct conn {
	struct iou ring;
	int l, c, s;
	struct iou_buf_ring *br;
	char bufs[8][256];
	char out[200], in[256];
};

static void setup(struct iou_sim *sim, struct conn *k)
{
	struct st_pair p;
	int err;

	st_ring(sim, &k->ring, 32, 0);
	st_tcp_pair(&k->ring, &p);
	k->l = p.l;
	k->c = p.c;
	k->s = p.s;
	k->br = iou_setup_buf_ring(&k->ring, 8, BGID, 0, &err);
	assert_non_null(k->br);
	for (int i = 0; i < 8; i++)
		iou_buf_ring_add(k->br, k->bufs[i], 256, (unsigned short)i,
				 iou_buf_ring_mask(8), i);
	iou_buf_ring_advance(k->br, 8);
	memset(k->out, 'o', sizeof(k->out));
}

static struct iou_cqe reap1(struct iou *ring)
{
	struct iou_cqe c;

	st_reap(ring, &c, 1);
	return c;
}

/* One round: send + recv, send_zc + recv (+ notification), a poll. */
static void round_trip(struct conn *k)
{
	struct iou_sqe *sqe;
	struct iou_cqe c;
	int seen_notif = 0, seen_req = 0, seen_recv = 0;

	sqe = st_sqe(&k->ring);
	iou_prep_send(sqe, k->c, k->out, sizeof(k->out), 0);
	sqe = st_sqe(&k->ring);
	iou_prep_recv(sqe, k->s, k->in, sizeof(k->in), 0);
	st_submit_all(&k->ring);
	c = reap1(&k->ring);
	assert_int_equal(c.res, (int)sizeof(k->out));
	c = reap1(&k->ring);
	assert_int_equal(c.res, (int)sizeof(k->out));

	sqe = st_sqe(&k->ring);
	iou_prep_send_zc(sqe, k->c, k->out, sizeof(k->out), 0, 0);
	iou_sqe_set_data64(sqe, 1);
	sqe = st_sqe(&k->ring);
	iou_prep_recv(sqe, k->s, k->in, sizeof(k->in), 0);
	iou_sqe_set_data64(sqe, 2);
	st_submit_all(&k->ring);
	while (!(seen_notif && seen_req && seen_recv)) {
		c = reap1(&k->ring);
		if (c.user_data == 2)
			seen_recv = 1;
		else if (c.flags & IOU_CQE_F_NOTIF)
			seen_notif = 1;
		else
			seen_req = 1;
	}

	sqe = st_sqe(&k->ring);
	iou_prep_poll_add(sqe, k->s, POLLIN);
	iou_sqe_set_data64(sqe, 3);
	sqe = st_sqe(&k->ring);
	iou_prep_send(sqe, k->c, k->out, 10, 0);
	iou_sqe_set_data64(sqe, 4);
	st_submit_all(&k->ring);
	st_reap(&k->ring, &c, 1);
	st_reap(&k->ring, &c, 1);
	/* the 10 bytes, through a multishot recv that is then canceled */
	sqe = st_sqe(&k->ring);
	iou_prep_recv_multishot(sqe, k->s, NULL, 0, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, BGID);
	iou_sqe_set_data64(sqe, 5);
	st_submit_all(&k->ring);
	c = reap1(&k->ring);
	assert_int_equal(c.res, 10);
	iou_buf_ring_add(k->br, k->bufs[iou_cqe_buffer_id(&c)], 256,
			 (unsigned short)iou_cqe_buffer_id(&c),
			 iou_buf_ring_mask(8), 0);
	iou_buf_ring_advance(k->br, 1);
	sqe = st_sqe(&k->ring);
	iou_prep_cancel64(sqe, 5, 0);
	iou_sqe_set_data64(sqe, 6);
	st_submit_all(&k->ring);
	st_reap(&k->ring, &c, 1);
	st_reap(&k->ring, &c, 1);
}

static void test_steady_state_no_alloc(void **state)
{
	static const uint32_t ks[] = { V(6, 6), V(6, 18) };

	(void)state;
	for (unsigned i = 0; i < 2; i++) {
		struct iou_sim *sim = st_canon(ks[i]);
		static struct conn k;
		unsigned long long before;

		before = nallocs;
		iou_sim_set_trace(sim, 0);
		setup(sim, &k);
		assert_true(nallocs > before); /* the interposer counts */
		for (int r = 0; r < 50; r++)
			round_trip(&k);
		before = nallocs;
		for (int r = 0; r < 1000; r++)
			round_trip(&k);
		if (nallocs != before)
			fail_msg("%llu allocations in 1000 rounds on %u.%u",
				 nallocs - before, ks[i] >> 16,
				 (ks[i] >> 8) & 0xff);
		iou_queue_exit(&k.ring);
		iou_sim_free(sim);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steady_state_no_alloc),
	};

	return cmocka_run_group_tests_name("sim.net.alloc", tests, NULL, NULL);
}

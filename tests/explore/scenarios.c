/* scenarios.c — the scenarios of scenarios.h, built from ops the sim
 * models: NOP, TIMEOUT, TIMEOUT_REMOVE, ASYNC_CANCEL, IO_LINK. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

#include "iou.h"
#include "iou_prep.h"
#include "scenarios.h"

#define CHECK IOU_SCENARIO_CHECK

/* Submits everything queued, however short each submit is. */
static int submit_all(struct iou *ring)
{
	while (iou_sq_ready(ring)) {
		int ret = iou_submit(ring);

		if (ret < 0 && ret != -EINTR && ret != -EAGAIN)
			return ret;
	}
	return 0;
}

/* Reaps exactly n CQEs, however few each wait returns. */
static int reap(struct iou *ring, struct iou_cqe *cqes, unsigned n)
{
	unsigned got = 0;

	while (got < n) {
		int ret = iou_copy_cqes(ring, cqes + got, n - got, 1);

		if (ret == -EINTR)
			continue;
		if (ret < 0)
			return ret;
		got += (unsigned)ret;
	}
	return 0;
}

/* Queues a NOP with user_data ud. */
static void queue_nop(struct iou *ring, uint64_t ud)
{
	struct iou_sqe *sqe = iou_get_sqe(ring);

	iou_prep_nop(sqe);
	iou_sqe_set_data64(sqe, ud);
}

/* Queues a 1 s timeout (ud 1) and its removal (ud 2), reaps both. */
static int timeout_remove(struct iou_sim *sim, struct iou *ring,
			  struct iou_cqe c[2])
{
	static const struct iou_timespec ts = { .tv_sec = 1 };
	struct iou_sqe *sqe;

	if (iou_queue_init_sim(8, ring, 0, sim))
		return __LINE__;
	sqe = iou_get_sqe(ring);
	iou_prep_timeout(sqe, &ts, 0, 0);
	iou_sqe_set_data64(sqe, 1);
	sqe = iou_get_sqe(ring);
	iou_prep_timeout_remove(sqe, 1, 0);
	iou_sqe_set_data64(sqe, 2);
	if (submit_all(ring) || reap(ring, c, 2))
		return __LINE__;
	return 0;
}

int scenario_timeout_remove_buggy(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	struct iou_cqe c[2];
	int ret = timeout_remove(sim, &ring, c);

	if (ret)
		return ret;
	/* The bug: the order of the two CQEs is not promised. */
	CHECK(c[0].user_data == 1 && c[0].res == -ECANCELED);
	CHECK(c[1].user_data == 2 && c[1].res == 0);
	iou_queue_exit(&ring);
	return 0;
}

int scenario_timeout_remove_fixed(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	struct iou_cqe c[2];
	int ret = timeout_remove(sim, &ring, c);

	if (ret)
		return ret;
	for (int i = 0; i < 2; i++) {
		if (c[i].user_data == 1)
			CHECK(c[i].res == -ECANCELED);
		else
			CHECK(c[i].user_data == 2 && c[i].res == 0);
	}
	CHECK(c[0].user_data != c[1].user_data);
	iou_queue_exit(&ring);
	return 0;
}

int scenario_link_cancel_fixed(struct iou_sim *sim, void *arg)
{
	static const struct iou_timespec ts = { .tv_sec = 5 };
	struct iou ring;
	struct iou_cqe c[4];
	struct iou_sqe *sqe;
	int seen[4] = { 0 };

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	/* a timeout (ud 1) linked to a NOP (ud 2); a cancel of the timeout
	 * (ud 3); a NOP (ud 4) */
	sqe = iou_get_sqe(&ring);
	iou_prep_timeout(sqe, &ts, 0, 0);
	iou_sqe_set_data64(sqe, 1);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	queue_nop(&ring, 2);
	CHECK(submit_all(&ring) == 0);
	sqe = iou_get_sqe(&ring);
	iou_prep_cancel64(sqe, 1, 0);
	iou_sqe_set_data64(sqe, 3);
	queue_nop(&ring, 4);
	CHECK(submit_all(&ring) == 0);
	CHECK(reap(&ring, c, 4) == 0);
	for (int i = 0; i < 4; i++) {
		uint64_t ud = c[i].user_data;

		CHECK(ud >= 1 && ud <= 4 && !seen[ud - 1]);
		seen[ud - 1] = i + 1;
		switch (ud) {
		case 1: /* canceled; its link fails with it */
			CHECK(c[i].res == -ECANCELED || c[i].res == -EINTR);
			break;
		case 2:
			CHECK(c[i].res == -ECANCELED);
			break;
		case 3:
			CHECK(c[i].res == 0);
			break;
		default:
			CHECK(c[i].res == 0);
			break;
		}
	}
	/* IO_LINK: the chain posts in order */
	CHECK(seen[0] < seen[1]);
	iou_queue_exit(&ring);
	return 0;
}

int scenario_hang(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	struct iou_cqe c[2];

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	queue_nop(&ring, 1);
	CHECK(submit_all(&ring) == 0);
	/* the bug: waits for a second CQE that nothing will post */
	CHECK(reap(&ring, c, 2) == 0);
	iou_queue_exit(&ring);
	return 0;
}

static unsigned counter_calls, once_calls;

void scenarios_reset(void)
{
	counter_calls = 0;
	once_calls = 0;
}

int scenario_static_counter(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	struct iou_cqe c[2];
	unsigned n = 1 + (counter_calls++ & 1); /* the bug */

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	for (unsigned i = 0; i < n; i++)
		queue_nop(&ring, i + 1);
	CHECK(submit_all(&ring) == 0);
	CHECK(reap(&ring, c, n) == 0);
	iou_queue_exit(&ring);
	return 0;
}

int scenario_fails_once(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	struct iou_cqe c[1];

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	queue_nop(&ring, 1);
	CHECK(submit_all(&ring) == 0);
	CHECK(reap(&ring, c, 1) == 0);
	iou_queue_exit(&ring);
	CHECK(++once_calls != 5); /* the bug */
	return 0;
}

int scenario_ten_nops(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	struct iou_cqe c[10];

	CHECK(iou_queue_init_sim(16, &ring, 0, sim) == 0);
	for (unsigned i = 0; i < 10; i++)
		queue_nop(&ring, i + 1);
	CHECK(submit_all(&ring) == 0);
	CHECK(reap(&ring, c, 10) == 0);
	iou_queue_exit(&ring);
	return 0;
}

int scenario_nop_order_buggy(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	struct iou_cqe c[10];

	CHECK(iou_queue_init_sim(16, &ring, 0, sim) == 0);
	for (unsigned i = 0; i < 10; i++)
		queue_nop(&ring, i + 1);
	CHECK(submit_all(&ring) == 0);
	CHECK(reap(&ring, c, 10) == 0);
	for (unsigned i = 0; i < 10; i++)
		CHECK(c[i].user_data == i + 1); /* the bug */
	iou_queue_exit(&ring);
	return 0;
}

/* ---- address independence ---------------------------------------------- */

struct ctx {
	unsigned tag;
	int done;
};

static void **kept;      /* one block per run, kept across runs */
static size_t nkept;

void scenarios_malloc_free(void)
{
	for (size_t i = 0; i < nkept; i++)
		free(kept[i]);
	free(kept);
	kept = NULL;
	nkept = 0;
}

static void queue_ctx_nop(struct iou *ring, struct ctx *c)
{
	struct iou_sqe *sqe = iou_get_sqe(ring);

	iou_prep_nop(sqe);
	iou_sqe_set_data64(sqe, (uint64_t)(uintptr_t)c);
}

int scenario_malloc_ud(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	struct iou_cqe c[4];
	struct ctx *ctx[4];
	void **nk = realloc(kept, (nkept + 1) * sizeof(*kept));
	void *hold = NULL;

	(void)arg;
	CHECK(nk);
	kept = nk;
	kept[nkept] = malloc(24 + 40 * nkept); /* a different heap each run */
	CHECK(kept[nkept]);
	nkept++;
	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	for (unsigned round = 0; round < 3; round++) {
		for (unsigned i = 0; i < 4; i++) {
			ctx[i] = malloc(sizeof(*ctx[i]));
			CHECK(ctx[i]);
			ctx[i]->tag = round * 4 + i;
			ctx[i]->done = 0;
			queue_ctx_nop(&ring, ctx[i]);
		}
		CHECK(submit_all(&ring) == 0);
		CHECK(reap(&ring, c, 4) == 0);
		for (unsigned i = 0; i < 4; i++) {
			struct ctx *x = (struct ctx *)(uintptr_t)c[i].user_data;

			CHECK(c[i].res == 0);
			CHECK(!x->done && x->tag / 4 == round);
			x->done = 1;
		}
		for (unsigned i = 0; i < 4; i++)
			free(ctx[i]);
		/* every other run, keep the allocator from handing the
		 * same chunk back: address reuse differs between runs */
		if (!hold && (nkept & 1))
			hold = malloc(sizeof(struct ctx));
	}
	free(hold);
	iou_queue_exit(&ring);
	return 0;
}

int scenario_host_random(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	struct iou_cqe c[1];
	uint32_t r = 0;

	(void)arg;
	CHECK(getrandom(&r, sizeof(r), 0) == (ssize_t)sizeof(r));
	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	queue_nop(&ring, r); /* below 2^32: shown as is */
	CHECK(submit_all(&ring) == 0);
	CHECK(reap(&ring, c, 1) == 0);
	iou_queue_exit(&ring);
	return 0;
}

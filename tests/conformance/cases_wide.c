/* cases_wide.c — conformance: SQE128 / CQE32 rings (5.19): 128-byte SQEs
 * and 32-byte CQEs through iou's own helpers, across SQ and CQ wrap and
 * CQ overflow, and the NOP that fills a CQE's second half (6.18). The
 * order of a batch's NOP CQEs is not guaranteed: every check goes by
 * user_data. */
#include "cases.h"

#include <errno.h>
#include <string.h>

#define WIDE_N 16

struct wide_cqe {
	uint64_t ud;
	int32_t res;
	uint64_t big[2];
};

/* Reaps n CQEs through iou_wait_cqe, the second half read in the ring. */
static void wide_reap(struct fx *fx, struct wide_cqe *out, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct iou_cqe *cqe = NULL;
		uint64_t *big;
		int r;

		while ((r = iou_wait_cqe(&fx->ring, &cqe)) == -EINTR)
			;
		assert_int_equal(r, 0);
		big = iou_cqe_big(&fx->ring, cqe);
		assert_non_null(big);
		out[i].ud = cqe->user_data;
		out[i].res = cqe->res;
		out[i].big[0] = big[0];
		out[i].big[1] = big[1];
		iou_cqe_seen(&fx->ring, cqe);
	}
}

static const struct wide_cqe *wide_find(const struct wide_cqe *c, unsigned n,
					uint64_t ud)
{
	const struct wide_cqe *hit = NULL;

	for (unsigned i = 0; i < n; i++)
		if (c[i].ud == ud) {
			assert_null(hit); /* one CQE per request */
			hit = &c[i];
		}
	assert_non_null(hit);
	return hit;
}

/* NOPs through a 4-entry SQE128|CQE32 ring, 16 of them in batches of 3 so
 * that both rings wrap: each completes once with 0 and a zero second half,
 * whatever the SQEs' second halves held; iou_copy_cqes on the same ring
 * copies the first 16 bytes of each. */
void case_wide_rings_nop_round_trip(struct fx *fx)
{
	struct wide_cqe got[WIDE_N];
	struct iou_cqe flat[3];
	unsigned done = 0;

	assert_int_equal(fx->ring.sq.sqe_shift, 1);
	assert_int_equal(fx->ring.cq.cqe_shift, 1);
	while (done < WIDE_N) {
		unsigned k = WIDE_N - done < 3 ? WIDE_N - done : 3;

		for (unsigned i = 0; i < k; i++) {
			struct iou_sqe *sqe = fx_sqe(fx);
			void *cmd = iou_sqe_cmd128(&fx->ring, sqe);

			assert_non_null(cmd);
			memset(cmd, 0xa5, 64); /* NOP reads none of it */
			iou_prep_nop(sqe);
			sqe->user_data = 100 + done + i;
		}
		assert_int_equal(fx_submit(fx, (int)k), (int)k);
		wide_reap(fx, got + done, k);
		done += k;
	}
	for (unsigned i = 0; i < WIDE_N; i++) {
		const struct wide_cqe *c = wide_find(got, WIDE_N, 100 + i);

		assert_int_equal(c->res, 0);
		assert_int_equal(c->big[0], 0);
		assert_int_equal(c->big[1], 0);
	}
	/* iou_copy_cqes steps over the second halves */
	for (unsigned i = 0; i < 3; i++) {
		struct iou_sqe *sqe = fx_sqe(fx);

		iou_prep_nop(sqe);
		iou_sqe_set_data64(sqe, 200 + i);
	}
	assert_int_equal(fx_submit(fx, 3), 3);
	done = 0;
	while (done < 3) {
		int r = iou_copy_cqes(&fx->ring, flat + done, 3 - done, 1);

		if (r == -EINTR)
			continue;
		assert_true(r > 0);
		done += (unsigned)r;
	}
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(fx_count(flat, 3, 200 + i), 1);
		assert_int_equal(fx_find(flat, 3, 200 + i)->res, 0);
	}
}

/* A NOP with IOU_NOP_CQE32 puts its SQE's off and addr in the CQE's second
 * half; a plain NOP leaves it 0; INJECT_RESULT still sets res (6.18). */
void case_cqe32_nop_extra_words(struct fx *fx)
{
	struct wide_cqe got[3];
	struct iou_sqe *sqe;

	sqe = fx_sqe(fx);
	iou_prep_nop(sqe);
	sqe->nop_flags = IOU_NOP_CQE32;
	sqe->off = 0x1111222233334444ULL;
	sqe->addr = 0x5555666677778888ULL;
	sqe->user_data = 1;
	sqe = fx_sqe(fx);
	iou_prep_nop(sqe);
	sqe->user_data = 2;
	sqe = fx_sqe(fx);
	iou_prep_nop(sqe);
	sqe->nop_flags = IOU_NOP_CQE32 | IOU_NOP_INJECT_RESULT;
	sqe->len = 77;
	sqe->off = 3;
	sqe->addr = 4;
	sqe->user_data = 3;
	assert_int_equal(fx_submit(fx, 3), 3);
	wide_reap(fx, got, 3);
	assert_int_equal(wide_find(got, 3, 1)->res, 0);
	assert_int_equal(wide_find(got, 3, 1)->big[0], 0x1111222233334444ULL);
	assert_int_equal(wide_find(got, 3, 1)->big[1], 0x5555666677778888ULL);
	assert_int_equal(wide_find(got, 3, 2)->big[0], 0);
	assert_int_equal(wide_find(got, 3, 2)->big[1], 0);
	assert_int_equal(wide_find(got, 3, 3)->res, 77);
	assert_int_equal(wide_find(got, 3, 3)->big[0], 3);
	assert_int_equal(wide_find(got, 3, 3)->big[1], 4);
}

/* A 4-entry CQ gets 8 CQE32 NOP completions before anything is reaped:
 * the overflowed ones keep their second halves through the flush. */
void case_cqe32_overflow_keeps_extra_words(struct fx *fx)
{
	struct wide_cqe got[8];

	for (unsigned b = 0; b < 2; b++) {
		for (unsigned i = 0; i < 4; i++) {
			struct iou_sqe *sqe = fx_sqe(fx);
			unsigned id = b * 4 + i;

			iou_prep_nop(sqe);
			sqe->nop_flags = IOU_NOP_CQE32;
			sqe->off = 0x100 + id;
			sqe->addr = 0x200 + id;
			sqe->user_data = id;
		}
		assert_int_equal(fx_submit(fx, 4), 4);
	}
	wide_reap(fx, got, 8);
	for (unsigned id = 0; id < 8; id++) {
		const struct wide_cqe *c = wide_find(got, 8, id);

		assert_int_equal(c->res, 0);
		assert_int_equal(c->big[0], 0x100 + id);
		assert_int_equal(c->big[1], 0x200 + id);
	}
}

/* IOU_NOP_CQE32 on a ring of 16-byte CQEs fails its prep (6.18). */
void case_nop_cqe32_needs_cqe32_ring(struct fx *fx)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	assert_null(iou_cqe_big(&fx->ring, NULL));
	iou_prep_nop(sqe);
	sqe->nop_flags = IOU_NOP_CQE32;
	sqe->user_data = 9;
	assert_int_equal(fx_submit(fx, 1), 1);
	cqe = fx_reap1(fx);
	assert_int_equal(cqe.user_data, 9);
	assert_int_equal(cqe.res, -EINVAL);
}

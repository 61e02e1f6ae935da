/* bug_timeout_remove.c — "the timeout's CQE comes before the remove's".
 *
 * A request carries a deadline timer. When the request finishes in time the
 * consumer removes the timer (TIMEOUT_REMOVE); both post a CQE: the timer
 * -ECANCELED, the remove 0. Kernels before 5.18 posted the timer's first,
 * from 5.18 the remove's (Zig 47c58cba595a); nothing promises either. The
 * buggy consumer takes the remove's CQE as the end of the timer and reuses
 * the timer's slot (its user_data) for the next request's deadline: the old
 * timer's late -ECANCELED then reads as "the new deadline was removed",
 * though nobody removed it. Invariant: a deadline nobody removed expires
 * (-ETIME). */
#include "cat_util.h"
#include "catalogue.h"

enum { TIMER_UD = 1, REMOVE_UD = 2 };

static int arm_deadline(struct iou *ring)
{
	static const struct iou_timespec deadline = { .tv_sec = 1 };
	struct iou_sqe *sqe = iou_get_sqe(ring);

	iou_prep_timeout(sqe, &deadline, 0, 0);
	iou_sqe_set_data64(sqe, TIMER_UD);
	return cat_submit_all(ring);
}

static int consumer(struct iou_sim *sim, int fixed)
{
	struct iou ring;
	struct iou_sqe *sqe;
	struct iou_cqe cqe;
	int timer_live, remove_live;

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);

	/* request 1: arm its deadline; it finishes in time: disarm it */
	CHECK(arm_deadline(&ring) == 0);
	timer_live = 1;
	sqe = iou_get_sqe(&ring);
	iou_prep_timeout_remove(sqe, TIMER_UD, 0);
	iou_sqe_set_data64(sqe, REMOVE_UD);
	CHECK(cat_submit_all(&ring) == 0);
	remove_live = 1;

	while (remove_live || (fixed && timer_live)) {
		CHECK(cat_next_cqe(&ring, &cqe) == 0);
		if (cqe.user_data == TIMER_UD) {
			CHECK(timer_live);
			/* removed, or it fired just before the remove */
			CHECK(cqe.res == -ECANCELED || cqe.res == -ETIME);
			timer_live = 0;
		} else {
			CHECK(cqe.user_data == REMOVE_UD && remove_live);
			CHECK(cqe.res == 0 || cqe.res == -EALREADY ||
			      cqe.res == -ENOENT);
			remove_live = 0;
			/* BUG: "the timer's CQE came before the remove's",
			 * so the timer slot is free now. FIX: free it on the
			 * timer's own CQE (the loop waits for both). */
			if (!fixed)
				timer_live = 0;
		}
	}

	/* request 2 reuses the timer slot; nobody removes its deadline */
	CHECK(arm_deadline(&ring) == 0);
	timer_live = 1;
	while (timer_live) {
		CHECK(cat_next_cqe(&ring, &cqe) == 0);
		CHECK(cqe.user_data == TIMER_UD);
		CHECK(cqe.res == -ETIME); /* it must expire */
		timer_live = 0;
	}
	iou_queue_exit(&ring);
	return 0;
}

int cat_timeout_remove_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 0);
}

int cat_timeout_remove_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 1);
}

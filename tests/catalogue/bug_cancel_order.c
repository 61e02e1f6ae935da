/* bug_cancel_order.c — "the cancel's CQE comes before its target's".
 *
 * A server closes a connection by canceling its pending read
 * (ASYNC_CANCEL). Each of the two posts a CQE: the read -ECANCELED (or
 * -EINTR), the cancel 0. 6.18 posts the cancel's first, older kernels the
 * target's; either order is legal (Zig #11382; liburing io-cancel.c). The
 * buggy server, written on 6.18, frees the connection — its cancel request
 * included — on the read's CQE, "the cancel's CQE came already". The
 * connection's slot (its user_data) then serves the next connection, and
 * the late cancel CQE lands on a request that no longer exists: in C, a
 * use-after-free. Invariant: every CQE names a live request, and the next
 * connection gets its data. */
#include <string.h>

#include "cat_util.h"
#include "catalogue.h"

/* user_data of a connection slot's requests */
enum { READ_UD = 1, CANCEL_UD = 2, NUD = 3 };

static int consumer(struct iou_sim *sim, int fixed)
{
	struct iou ring;
	struct iou_sqe *sqe;
	struct iou_cqe cqe;
	int live[NUD] = { 0 }; /* which requests of the slot are live */
	int a[2], b[2];
	char buf[8];

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	CHECK(iou_sys_pipe(&ring, a) == 0);
	CHECK(iou_sys_pipe(&ring, b) == 0);

	/* connection 1 in the slot: a read, nothing comes */
	sqe = iou_get_sqe(&ring);
	iou_prep_read(sqe, a[0], buf, sizeof(buf), 0);
	iou_sqe_set_data64(sqe, READ_UD);
	CHECK(cat_submit_all(&ring) == 0);
	live[READ_UD] = 1;

	/* close it: cancel the read, free the slot when both are done */
	sqe = iou_get_sqe(&ring);
	iou_prep_cancel64(sqe, READ_UD, 0);
	iou_sqe_set_data64(sqe, CANCEL_UD);
	CHECK(cat_submit_all(&ring) == 0);
	live[CANCEL_UD] = 1;
	while (live[READ_UD] || live[CANCEL_UD]) {
		CHECK(cat_next_cqe(&ring, &cqe) == 0);
		CHECK(cqe.user_data < NUD && live[cqe.user_data]);
		live[cqe.user_data] = 0;
		if (cqe.user_data == READ_UD) {
			CHECK(cqe.res == -ECANCELED || cqe.res == -EINTR);
			/* BUG: "the cancel's CQE came first": the whole
			 * connection is done. FIX: wait for the cancel's
			 * own CQE too. */
			if (!fixed)
				live[CANCEL_UD] = 0;
		} else {
			CHECK(cqe.res == 0 || cqe.res == -EALREADY ||
			      cqe.res == -ENOENT);
		}
	}

	/* connection 2 in the same slot */
	sqe = iou_get_sqe(&ring);
	iou_prep_read(sqe, b[0], buf, sizeof(buf), 0);
	iou_sqe_set_data64(sqe, READ_UD);
	CHECK(cat_submit_all(&ring) == 0);
	live[READ_UD] = 1;
	CHECK(iou_sys_write(&ring, b[1], "hello", 5) == 5);
	while (live[READ_UD]) {
		CHECK(cat_next_cqe(&ring, &cqe) == 0);
		/* a CQE for a freed request: use-after-free */
		CHECK(cqe.user_data < NUD && live[cqe.user_data]);
		live[cqe.user_data] = 0;
		CHECK(cqe.res == 5 && !memcmp(buf, "hello", 5));
	}

	iou_sys_close(&ring, a[0]);
	iou_sys_close(&ring, a[1]);
	iou_sys_close(&ring, b[0]);
	iou_sys_close(&ring, b[1]);
	iou_queue_exit(&ring);
	return 0;
}

int cat_cancel_order_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 0);
}

int cat_cancel_order_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 1);
}

/* bug_copy_cqes.c — "copy_cqes returns wait_nr CQEs".
 *
 * A consumer collects the results of four workers, one pipe each: it
 * queues four reads, and once the workers have written, reaps the batch
 * with iou_copy_cqes(ring, cqes, 4, 4) and walks all four slots.
 * copy_cqes waits for at least one CQE and may return fewer than wait_nr
 * (Zig 6630a5ede5ee; liburing's _io_uring_get_cqe loops the same way): a
 * wait may end once some CQEs are in. The slots it did not fill hold
 * nothing, and that worker's result is lost. Invariant: every worker's
 * result is collected. The fix loops until it has the whole batch. */
#include <string.h>

#include "cat_util.h"
#include "catalogue.h"

#define NWORKERS 4

static int consumer(struct iou_sim *sim, int fixed)
{
	struct iou ring;
	struct iou_cqe cqes[NWORKERS];
	int fds[NWORKERS][2], collected[NWORKERS] = { 0 };
	char results[NWORKERS][4];

	memset(cqes, 0, sizeof(cqes));
	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	for (int i = 0; i < NWORKERS; i++)
		CHECK(iou_sys_pipe(&ring, fds[i]) == 0);

	for (int i = 0; i < NWORKERS; i++) {
		struct iou_sqe *sqe = iou_get_sqe(&ring);

		iou_prep_read(sqe, fds[i][0], results[i], sizeof(results[i]),
			      0);
		iou_sqe_set_data64(sqe, (uint64_t)i + 1);
	}
	CHECK(cat_submit_all(&ring) == 0);

	/* the workers report */
	for (int i = 0; i < NWORKERS; i++) {
		char r[4] = { 'o', 'k', ':', (char)('0' + i) };

		CHECK(iou_sys_write(&ring, fds[i][1], r, sizeof(r)) == 4);
	}

	if (!fixed) {
		int ret;

		/* BUG: one call, as if it returned wait_nr CQEs */
		do
			ret = iou_copy_cqes(&ring, cqes, NWORKERS, NWORKERS);
		while (ret == -EINTR);
		CHECK(ret >= 0);
	} else {
		/* FIX: it may return fewer than wait_nr: loop */
		CHECK(cat_reap(&ring, cqes, NWORKERS) == 0);
	}
	for (int i = 0; i < NWORKERS; i++) {
		uint64_t ud = cqes[i].user_data;

		if (ud >= 1 && ud <= NWORKERS && cqes[i].res == 4 &&
		    results[ud - 1][3] == (char)('0' + ud - 1))
			collected[ud - 1] = 1;
	}
	for (int i = 0; i < NWORKERS; i++)
		CHECK(collected[i]); /* every worker's result is collected */

	for (int i = 0; i < NWORKERS; i++) {
		iou_sys_close(&ring, fds[i][0]);
		iou_sys_close(&ring, fds[i][1]);
	}
	iou_queue_exit(&ring);
	return 0;
}

int cat_copy_cqes_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 0);
}

int cat_copy_cqes_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 1);
}

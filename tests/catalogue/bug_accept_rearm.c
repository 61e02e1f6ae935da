/* bug_accept_rearm.c — "a multishot accept lasts forever".
 *
 * A server arms one multishot ACCEPT (5.19) and never looks at F_MORE. A
 * multishot request may end at any CQE: every CQE but the last carries
 * F_MORE, and the last may be a success, -ENOBUFS, -ECANCELED, or the CQE
 * that overflowed the CQ (KERNEL_FACTS "Multishot"; liburing accept.c).
 * After that the server accepts nobody: the next client waits forever (the
 * sim proves the wait can never end and reports a hang). Invariant: every
 * client that connects is accepted. The fix re-arms on a CQE without
 * F_MORE. */
#include "cat_net.h"
#include "cat_util.h"
#include "catalogue.h"

#define NCLIENTS 3
enum { ACCEPT_UD = 1 };

static int arm_accept(struct iou *ring, int lfd)
{
	struct iou_sqe *sqe = iou_get_sqe(ring);

	iou_prep_multishot_accept(sqe, lfd, NULL, NULL, 0);
	iou_sqe_set_data64(sqe, ACCEPT_UD);
	return cat_submit_all(ring);
}

static int consumer(struct iou_sim *sim, int fixed)
{
	struct sockaddr_in addr;
	struct iou ring;
	int lfd, clients[NCLIENTS], conns[NCLIENTS], accepted = 0;

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	lfd = cat_listen(&ring, &addr);
	CHECK(lfd >= 0);
	CHECK(arm_accept(&ring, lfd) == 0);

	for (int i = 0; i < NCLIENTS; i++) {
		clients[i] = cat_connect(&ring, &addr);
		CHECK(clients[i] >= 0);
		while (accepted <= i) {
			struct iou_cqe cqe;

			/* -EDEADLK: nothing will ever accept this client */
			CHECK(cat_next_cqe(&ring, &cqe) == 0);
			CHECK(cqe.user_data == ACCEPT_UD);
			/* res < 0: no connection this time */
			if (cqe.res >= 0)
				conns[accepted++] = cqe.res;
			/* BUG: no re-arm. FIX: a CQE without F_MORE was the
			 * last: arm again. */
			if (fixed && !(cqe.flags & IOU_CQE_F_MORE))
				CHECK(arm_accept(&ring, lfd) == 0);
		}
	}
	CHECK(accepted == NCLIENTS); /* every client is accepted */

	for (int i = 0; i < NCLIENTS; i++) {
		iou_sys_close(&ring, conns[i]);
		iou_sys_close(&ring, clients[i]);
	}
	iou_sys_close(&ring, lfd);
	iou_queue_exit(&ring);
	return 0;
}

int cat_accept_rearm_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 0);
}

int cat_accept_rearm_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 1);
}

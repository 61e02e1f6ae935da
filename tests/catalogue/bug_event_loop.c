/* bug_event_loop.c — three event-loop bugs (issue 9).
 *
 * epoll_et_ring_fd: the loop nests its ring's fd in an edge-triggered
 * epoll and reaps one CQE per wakeup. An edge is a change, not a CQE:
 * two CQEs posted before the loop waits again make one edge, and the
 * second CQE waits for ever (the sim reports the hang). Fix: drain the CQ
 * on every wakeup.
 *
 * eventfd_count_per_cqe: the loop registers an eventfd and reaps as many
 * CQEs as the eventfd counted. The kernel signals at least once per batch
 * it posts, not once per CQE. Fix: drain the CQ whenever the eventfd
 * fires.
 *
 * futex_no_recheck: two waiters park on one futex word, each for its own
 * value; the producer stores 1 and wakes one waiter. Which waiter a wake
 * picks is not promised: the one waiting for 2 may run and take a job
 * that is not there. Fix: re-check the word after every wake; if it is
 * not yours, wait again and pass the wake on. */
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>

#include "cat_util.h"
#include "catalogue.h"

#define NCQES 2

/* Takes every CQE ready now; returns how many. */
static unsigned drain(struct iou *ring)
{
	struct iou_cqe *cqe;
	unsigned n = 0;

	while (!iou_peek_cqe(ring, &cqe)) {
		iou_cqe_seen(ring, cqe);
		n++;
	}
	return n;
}

static int epoll_consumer(struct iou_sim *sim, int fixed)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	unsigned got = 0;
	struct iou ring;
	int ep;

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	ep = iou_sys_epoll_create1(&ring, 0);
	CHECK(ep >= 0);
	CHECK(iou_sys_epoll_ctl(&ring, ep, EPOLL_CTL_ADD, iou_ring_fd(&ring),
				&ev) == 0);
	for (int i = 0; i < NCQES; i++)
		iou_prep_nop(iou_get_sqe(&ring));
	CHECK(cat_submit_all(&ring) == 0);
	while (got < NCQES) {
		struct iou_cqe c;
		int n;

		do
			n = iou_sys_epoll_wait(&ring, ep, &ev, 1, -1);
		while (n == -EINTR);
		CHECK(n == 1); /* -EDEADLK: a CQE that is never reaped */
		if (fixed) {
			got += drain(&ring); /* FIX: an edge may be many CQEs */
		} else if (iou_cq_ready(&ring)) {
			CHECK(cat_next_cqe(&ring, &c) == 0);
			got++; /* BUG: one CQE per edge */
		}
	}
	iou_sys_close(&ring, ep);
	iou_queue_exit(&ring);
	return 0;
}

int cat_epoll_et_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return epoll_consumer(sim, 0);
}

int cat_epoll_et_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return epoll_consumer(sim, 1);
}

static int eventfd_consumer(struct iou_sim *sim, int fixed)
{
	unsigned got = 0;
	struct iou ring;
	int efd;

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	efd = iou_sys_eventfd(&ring, 0, O_NONBLOCK);
	CHECK(efd >= 0);
	CHECK(iou_register_eventfd(&ring, efd) == 0);
	for (int i = 0; i < NCQES; i++)
		iou_prep_nop(iou_get_sqe(&ring));
	CHECK(cat_submit_all(&ring) == 0);
	while (got < NCQES) {
		struct pollfd p = { .fd = efd, .events = POLLIN };
		uint64_t count;
		int n;

		do
			n = iou_sys_poll(&ring, &p, 1, -1);
		while (n == -EINTR);
		CHECK(n == 1); /* -EDEADLK: a CQE that is never reaped */
		CHECK(iou_sys_read(&ring, efd, &count, sizeof(count)) == 8);
		if (fixed) {
			got += drain(&ring); /* FIX: a count is a batch */
			continue;
		}
		for (uint64_t i = 0; i < count && got < NCQES; i++) {
			struct iou_cqe c;

			/* BUG: one count per CQE */
			CHECK(cat_next_cqe(&ring, &c) == 0);
			got++;
		}
	}
	iou_sys_close(&ring, efd);
	iou_queue_exit(&ring);
	return 0;
}

int cat_eventfd_count_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return eventfd_consumer(sim, 0);
}

int cat_eventfd_count_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return eventfd_consumer(sim, 1);
}

#define FUTEX_FLAGS (0x02 | 128) /* FUTEX2_SIZE_U32 | FUTEX2_PRIVATE */

static void futex_wait(struct iou *ring, uint32_t *word, uint32_t val,
		       uint64_t who)
{
	struct iou_sqe *sqe = iou_get_sqe(ring);

	iou_prep_futex_wait(sqe, word, val, UINT32_MAX, FUTEX_FLAGS, 0);
	iou_sqe_set_data64(sqe, who);
}

static int futex_consumer(struct iou_sim *sim, int fixed)
{
	uint32_t word = 0;
	int jobs_done = 0;
	struct iou ring;

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	/* waiter 1 waits for a job stored as 1, waiter 2 for one as 2 */
	futex_wait(&ring, &word, 0, 1);
	futex_wait(&ring, &word, 0, 2);
	CHECK(cat_submit_all(&ring) == 0);
	/* the producer: a job for waiter 1, one waiter woken */
	word = 1;
	CHECK(iou_sys_futex_wake(&ring, &word, 1) == 1);
	while (!jobs_done) {
		struct iou_cqe c;
		uint32_t mine;

		CHECK(cat_next_cqe(&ring, &c) == 0);
		CHECK(c.res == 0);
		mine = (uint32_t)c.user_data;
		if (fixed && word != mine) {
			/* FIX: not mine: wait again, pass the wake on */
			futex_wait(&ring, &word, word, c.user_data);
			CHECK(cat_submit_all(&ring) == 0);
			CHECK(iou_sys_futex_wake(&ring, &word, 1) >= 0);
			continue;
		}
		/* BUG: woken means my job is there */
		CHECK(word == mine); /* the job taken is there */
		jobs_done = 1;
	}
	iou_queue_exit(&ring);
	return 0;
}

int cat_futex_recheck_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return futex_consumer(sim, 0);
}

int cat_futex_recheck_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return futex_consumer(sim, 1);
}

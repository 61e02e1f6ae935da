/* bug_link_timeout.c — "a link timeout gives one fixed errno pair".
 *
 * A consumer reads with a deadline: a READ linked to a LINK_TIMEOUT. When
 * the deadline passes first it expects exactly the read -ECANCELED and the
 * timeout -ETIME, and treats anything else as an I/O error. A kernel may
 * also give the read -EINTR (it was running in a worker and the signal
 * interrupted it) with the timeout -EALREADY (liburing link-timeout.c;
 * KERNEL_FACTS "Errnos"). Invariant: a read of a pipe nobody has written
 * yet times out cleanly, and the retry after the peer writes gets the
 * data. */
#include <string.h>

#include "cat_util.h"
#include "catalogue.h"

enum { READ_UD = 1, LT_UD = 2 };

/* Did the pair (read, link timeout) say "the deadline passed"? */
static int timed_out(int rres, int lres, int fixed)
{
	if (!fixed) /* BUG: the one pair seen on the developer's kernel */
		return rres == -ECANCELED && lres == -ETIME;
	/* FIX: the read was canceled or interrupted, the timeout fired or
	 * found it already on its way out */
	return (rres == -ECANCELED || rres == -EINTR) &&
	       (lres == -ETIME || lres == -EALREADY);
}

/* Reads up to len bytes of fd within 10 ms: returns the bytes read, -ETIME
 * when the deadline passed first, or another -errno. */
static int read_deadline(struct iou *ring, int fd, char *buf, unsigned len,
			 int fixed)
{
	static const struct iou_timespec ts = { .tv_nsec = 10000000 };
	struct iou_cqe cqes[2];
	struct iou_sqe *sqe;
	int rres = 0, lres = 0;

	sqe = iou_get_sqe(ring);
	iou_prep_read(sqe, fd, buf, len, 0);
	iou_sqe_set_data64(sqe, READ_UD);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	sqe = iou_get_sqe(ring);
	iou_prep_link_timeout(sqe, &ts, 0);
	iou_sqe_set_data64(sqe, LT_UD);
	if (cat_submit_all(ring) || cat_reap(ring, cqes, 2))
		return -EIO;
	for (int i = 0; i < 2; i++) {
		if (cqes[i].user_data == READ_UD)
			rres = cqes[i].res;
		else
			lres = cqes[i].res;
	}
	if (rres >= 0)
		return rres;
	if (timed_out(rres, lres, fixed))
		return -ETIME;
	return rres;
}

static int consumer(struct iou_sim *sim, int fixed)
{
	struct iou ring;
	char buf[8];
	int fds[2];

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	CHECK(iou_sys_pipe(&ring, fds) == 0);

	/* nothing sent yet: the deadline passes */
	CHECK(read_deadline(&ring, fds[0], buf, sizeof(buf), fixed) == -ETIME);
	/* the peer sends; the retry gets it */
	CHECK(iou_sys_write(&ring, fds[1], "ping", 4) == 4);
	CHECK(read_deadline(&ring, fds[0], buf, sizeof(buf), fixed) == 4);
	CHECK(!memcmp(buf, "ping", 4));

	iou_sys_close(&ring, fds[0]);
	iou_sys_close(&ring, fds[1]);
	iou_queue_exit(&ring);
	return 0;
}

int cat_link_timeout_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 0);
}

int cat_link_timeout_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 1);
}

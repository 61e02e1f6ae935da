/* bug_remove_buffers.c — "REMOVE_BUFFERS removes from the front".
 *
 * A consumer provides four legacy buffers (bids 0..3) for reads, then
 * shrinks the pool to one: REMOVE_BUFFERS of 3, believing the kernel takes
 * bids 0, 1 and 2, so that their memory is the consumer's again (it builds
 * a reply in buffer 0) and bid 3 stays with the kernel. Which buffers
 * REMOVE_BUFFERS takes is not specified: before 5.18 "remove 3 of 4" left
 * bid 0 (Zig 47c58cba595a), from 5.18 any may stay. When the kernel kept
 * bid 0, the next read lands in the reply. Invariant: the data arrives in
 * the buffer the consumer kept, and the reply it built is intact. The fix
 * takes every buffer back (REMOVE_BUFFERS returns how many it removed) and
 * provides again the one it keeps. */
#include <string.h>

#include "cat_util.h"
#include "catalogue.h"

#define NBUF 4
#define BUFSZ 16
#define BGID 7
#define KEEP 3 /* the bid the consumer keeps provided */

static const char reply[] = "reply:ok";
static const char msg[] = "hello";

/* Runs one buffer command (provide or remove) and returns its result. */
static int run_one(struct iou *ring, struct iou_sqe *sqe)
{
	struct iou_cqe cqe;

	iou_sqe_set_data64(sqe, 1);
	if (cat_submit_all(ring) || cat_next_cqe(ring, &cqe))
		return -EIO;
	return cqe.res;
}

static int consumer(struct iou_sim *sim, int fixed)
{
	char pool[NBUF][BUFSZ];
	struct iou ring;
	struct iou_sqe *sqe;
	struct iou_cqe cqe;
	int fds[2], bid;

	memset(pool, 0, sizeof(pool));
	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	CHECK(iou_sys_pipe(&ring, fds) == 0);

	sqe = iou_get_sqe(&ring);
	iou_prep_provide_buffers(sqe, pool, BUFSZ, NBUF, BGID, 0);
	CHECK(run_one(&ring, sqe) >= 0);

	/* shrink the pool to buffer KEEP */
	if (!fixed) {
		/* BUG: assumes bids 0..2 go, so KEEP stays */
		sqe = iou_get_sqe(&ring);
		iou_prep_remove_buffers(sqe, NBUF - 1, BGID);
		CHECK(run_one(&ring, sqe) == NBUF - 1);
	} else {
		/* FIX: which ones go is unspecified: take all back, then
		 * give back the one we keep */
		sqe = iou_get_sqe(&ring);
		iou_prep_remove_buffers(sqe, NBUF, BGID);
		CHECK(run_one(&ring, sqe) == NBUF);
		sqe = iou_get_sqe(&ring);
		iou_prep_provide_buffers(sqe, pool[KEEP], BUFSZ, 1, BGID,
					 KEEP);
		CHECK(run_one(&ring, sqe) >= 0);
	}
	/* buffers 0..2 are ours again: build the reply in buffer 0 */
	memcpy(pool[0], reply, sizeof(reply));

	CHECK(iou_sys_write(&ring, fds[1], msg, sizeof(msg)) ==
	      (ssize_t)sizeof(msg));
	sqe = iou_get_sqe(&ring);
	iou_prep_read(sqe, fds[0], NULL, BUFSZ, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, BGID);
	iou_sqe_set_data64(sqe, 2);
	CHECK(cat_submit_all(&ring) == 0);
	CHECK(cat_next_cqe(&ring, &cqe) == 0);
	CHECK(cqe.user_data == 2 && cqe.res == (int)sizeof(msg));
	bid = iou_cqe_buffer_id(&cqe);
	CHECK(bid >= 0 && bid < NBUF);
	CHECK(!memcmp(pool[bid], msg, sizeof(msg)));
	CHECK(bid == KEEP);                              /* the one we kept */
	CHECK(!memcmp(pool[0], reply, sizeof(reply)));   /* reply intact */

	iou_sys_close(&ring, fds[0]);
	iou_sys_close(&ring, fds[1]);
	iou_queue_exit(&ring);
	return 0;
}

int cat_remove_buffers_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 0);
}

int cat_remove_buffers_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 1);
}

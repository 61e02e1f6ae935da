/* cat_util.h — the few ring helpers the catalogue's consumers share:
 * submit everything queued, take the next CQE, reap a number of CQEs. They
 * are written the way a careful application writes them (retry -EINTR,
 * never assume a wait returns as many CQEs as asked), so that each entry's
 * bug is the one it names and nothing else. */
#ifndef IOU_TEST_CATALOGUE_UTIL_H
#define IOU_TEST_CATALOGUE_UTIL_H

#include <errno.h>
#include <stdint.h>

#include "iou.h"
#include "iou_prep.h"
#include "iou_sim.h"

#define CHECK IOU_SCENARIO_CHECK

/* Submits every prepared SQE, however short each submit is. Returns 0 or
 * -errno. */
static inline int cat_submit_all(struct iou *ring)
{
	while (iou_sq_ready(ring)) {
		int ret = iou_submit(ring);

		if (ret < 0 && ret != -EINTR && ret != -EAGAIN &&
		    ret != -EBUSY)
			return ret;
	}
	return 0;
}

/* Waits for the next CQE, copies it to *out and consumes it. Returns 0 or
 * -errno (-EDEADLK when the sim proves nothing can come). */
static inline int cat_next_cqe(struct iou *ring, struct iou_cqe *out)
{
	struct iou_cqe *cqe;
	int ret;

	do
		ret = iou_wait_cqe(ring, &cqe);
	while (ret == -EINTR);
	if (ret)
		return ret;
	*out = *cqe;
	iou_cqe_seen(ring, cqe);
	return 0;
}

/* Reaps exactly n CQEs into cqes[], however few each wait returns. */
static inline int cat_reap(struct iou *ring, struct iou_cqe *cqes, unsigned n)
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

#endif

/* lu_reap.h — what the tests of the liburing API (lu_api.c, lu_sim.c)
 * share: reaping one CQE the way a careful liburing program does. Include
 * it after <liburing.h>. */
#ifndef LU_REAP_H
#define LU_REAP_H

#include <errno.h>

/* Waits for one CQE (retrying a wait cut short by -EINTR), gives its res
 * and user_data through the pointers and consumes it. Returns 0 or the
 * wait's -errno. */
static inline int reap(struct io_uring *ring, int *res, __u64 *ud)
{
	struct io_uring_cqe *cqe;
	int ret;

	while ((ret = io_uring_wait_cqe(ring, &cqe)) == -EINTR)
		;
	if (ret)
		return ret;
	*res = cqe->res;
	*ud = cqe->user_data;
	io_uring_cqe_seen(ring, cqe);
	return 0;
}

#endif /* LU_REAP_H */

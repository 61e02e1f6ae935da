/* ready.c — readiness in the sim's world: what poll(2) reports for each
 * kind of file (the one answer POLL_ADD, epoll and iou_sys_poll share),
 * and the loop of the sys calls that wait by design (iou_sys_poll,
 * iou_sys_epoll_wait, iou_sys_sleep_ns): they run the sim (queued work,
 * timers on the virtual clock) until they can return, and report a hang
 * as a ring wait does when nothing could ever end an infinite wait. */
#include <errno.h>
#include <poll.h>

#include "evloop.h"
#include "net.h"
#include "world.h"

/* A wait that makes no progress for this many steps is a hang (as
 * sched.c's ring wait). */
#define SYS_WAIT_STEPS_MAX (1U << 20)

static uint32_t ring_poll(struct iou__sring *r)
{
	uint32_t m = 0;

	if (!r)
		return 0; /* torn down: nothing will ever happen */
	/* io_uring_poll: readable while the CQ has entries or overflowed
	 * ones; writable while the SQ has room */
	if (iou__cq_ready(r) || iou__ovf_pending(r))
		m |= IOU__POLLIN | IOU__POLLRDNORM;
	if (__atomic_load_n(r->sq_tail, __ATOMIC_ACQUIRE) - r->sq_khead <
	    r->sq_entries)
		m |= IOU__POLLOUT | IOU__POLLWRNORM;
	return m;
}

uint32_t iou__file_poll(struct iou_sim *sim, struct iou__file *f,
			struct iou__waitq **wq)
{
	uint32_t m = 0;

	*wq = NULL;
	switch (f->type) {
	case IOU__FT_SOCK:
		*wq = &f->sock->wq;
		return iou__sock_poll(f->sock);
	case IOU__FT_PIPE_R:
		*wq = &f->pipe->rwait;
		if (f->pipe->len)
			m |= IOU__POLLIN | IOU__POLLRDNORM;
		if (!f->pipe->writers)
			m |= IOU__POLLHUP;
		return m;
	case IOU__FT_PIPE_W:
		*wq = &f->pipe->wwait;
		if (f->pipe->len < IOU__PIPE_SIZE)
			m |= IOU__POLLOUT | IOU__POLLWRNORM;
		if (!f->pipe->readers)
			m |= IOU__POLLERR;
		return m;
	case IOU__FT_RING:
		if (f->ring) {
			*wq = iou__waitq_ready(&f->ring->pollwq);
			f->ring->watched = 1;
		}
		return ring_poll(f->ring);
	case IOU__FT_EVENTFD:
		*wq = iou__waitq_ready(&f->evfd->wq);
		return iou__eventfd_poll(f->evfd);
	case IOU__FT_EPOLL:
		*wq = iou__epoll_wq(f->ep);
		return iou__epoll_poll(sim, f->ep);
	case IOU__FT_INODE:
		break;
	}
	/* regular files and directories: always ready */
	return IOU__POLLIN | IOU__POLLOUT | IOU__POLLRDNORM | IOU__POLLWRNORM;
}

struct iou__waitq *iou__waitq_ready(struct iou__waitq *wq)
{
	if (!wq->head.next)
		iou__list_init(&wq->head);
	return wq;
}

/* ---- waiting by design ------------------------------------------------------- */

static int sys_hang(struct iou_sim *sim, const char *what)
{
	sim->hung = 1;
	IOU__TRACE(sim, "hang sys %s: nothing can end the wait\n", what);
	return -EDEADLK;
}

static int sys_wait(struct iou_sim *sim, int (*ready)(struct iou_sim *, void *),
		    void *arg, int64_t timeout_ns, const char *what)
{
	uint64_t deadline = 0, next;
	uint32_t steps = 0;
	int ret;

	if (timeout_ns > 0)
		deadline = (uint64_t)timeout_ns > UINT64_MAX - sim->now
			   ? UINT64_MAX : sim->now + (uint64_t)timeout_ns;
	sim->batch++; /* CQEs posted while it waits: a new batch */
	/* what the task's return to user space would have run first */
	iou__run_issueq(sim);
	for (;;) {
		ret = ready(sim, arg);
		if (ret)
			return ret;
		if (!timeout_ns)
			return 0;
		if (!steps && iou__fault(sim, IOU_FAULT_EINTR)) {
			IOU__TRACE(sim, "sys %s -EINTR\n", what);
			return -EINTR; /* a signal (opt-in fault) */
		}
		if (++steps > SYS_WAIT_STEPS_MAX)
			return sys_hang(sim, what);
		if (sim->runq_n) {
			iou__runq_run_one(sim);
			continue;
		}
		if (sim->peer && iou__peer_step(sim))
			continue;
		next = iou__wake_next(sim);
		if (timeout_ns > 0 && deadline <= next) {
			iou__clock_advance(sim, deadline);
			return ready(sim, arg);
		}
		if (next != UINT64_MAX) {
			iou__clock_advance(sim, next);
			if (iou__alarm_due(sim)) {
				IOU__TRACE(sim, "sys %s -EINTR\n", what);
				return -EINTR; /* the alarm's signal */
			}
			continue;
		}
		if (sim->peer && iou__peer_idle(sim))
			return -EDEADLK; /* a server with nothing left to do */
		return sys_hang(sim, what);
	}
}

int iou__sys_wait(struct iou_sim *sim, int (*ready)(struct iou_sim *, void *),
		  void *arg, int64_t timeout_ns, const char *what)
{
	int ret = sys_wait(sim, ready, arg, timeout_ns, what);

	/* as at the end of an enter: work the kernel finishes before the
	 * task is back in user space runs now (not after a hang or a
	 * signal: the caller looks again) */
	if (ret >= 0)
		iou__runq_flush(sim);
	return ret;
}

/* ---- iou_sys_poll ------------------------------------------------------------ */

struct poll_arg {
	struct pollfd *fds;
	unsigned nfds;
};

static int poll_ready(struct iou_sim *sim, void *arg)
{
	struct poll_arg *a = arg;
	int n = 0;

	for (unsigned i = 0; i < a->nfds; i++) {
		struct pollfd *p = &a->fds[i];
		struct iou__file *f;
		struct iou__waitq *wq;
		uint32_t m;

		p->revents = 0;
		if (p->fd < 0)
			continue;
		f = iou__fd_get(sim, p->fd);
		if (!f) {
			p->revents = POLLNVAL;
			n++;
			continue;
		}
		/* POLLERR and POLLHUP are always reported */
		m = iou__file_poll(sim, f, &wq) &
		    ((uint32_t)(uint16_t)p->events | IOU__POLLERR |
		     IOU__POLLHUP);
		if (m) {
			p->revents = (short)m;
			n++;
		}
	}
	return n;
}

int iou__sys_poll(struct iou_sim *sim, struct pollfd *fds, unsigned nfds,
		  int timeout_ms)
{
	struct poll_arg a = { fds, nfds };
	int ret;

	/* RLIMIT_NOFILE bounds nfds (do_sys_poll) */
	if (nfds > IOU__FDS(sim))
		return -EINVAL;
	if (nfds && !fds)
		return -EFAULT;
	ret = iou__sys_wait(sim, poll_ready, &a,
			    timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000,
			    "poll");
	IOU__TRACE(sim, "sys poll n=%u timeout=%d = %d\n", nfds, timeout_ms,
		   ret);
	return ret;
}

static int never_ready(struct iou_sim *sim, void *arg)
{
	(void)sim;
	(void)arg;
	return 0;
}

int iou__sys_sleep(struct iou_sim *sim, int64_t ns)
{
	int ret;

	if (ns < 0)
		return -EINVAL;
	if (!ns)
		return 0;
	ret = iou__sys_wait(sim, never_ready, NULL, ns, "sleep");
	IOU__TRACE(sim, "sys sleep %lld = %d\n", (long long)ns, ret);
	return ret;
}

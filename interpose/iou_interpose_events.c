/* iou_interpose_events.c — the interposition library's event loop calls
 * (issue 10): eventfd, epoll (create, ctl, wait, pwait without signals)
 * and poll, which waits on the sim for sim fds and polls real fds among
 * them without waiting. */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

#include "interpose.h"

/* glibc's fortified poll (-D_FORTIFY_SOURCE), which its headers do not
 * declare. */
int __poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t len);

EXPORT int eventfd(unsigned int initval, int flags)
{
	REAL(eventfd);
	if (iou__ip_on())
		return (int)iou__ip_ret(iou_sys_eventfd(RING, initval, flags));
	return real_eventfd(initval, flags);
}

EXPORT int epoll_create1(int flags)
{
	REAL(epoll_create1);
	if (iou__ip_on())
		return (int)iou__ip_ret(iou_sys_epoll_create1(RING, flags));
	return real_epoll_create1(flags);
}

EXPORT int epoll_create(int size)
{
	if (size <= 0)
		return (int)iou__ip_ret(-EINVAL);
	return epoll_create1(0);
}

EXPORT int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	REAL(epoll_ctl);
	if (iou__ip_sim_fd(epfd))
		return (int)iou__ip_ret(iou_sys_epoll_ctl(RING, epfd, op, fd,
							  ev));
	return real_epoll_ctl(epfd, op, fd, ev);
}

EXPORT int epoll_wait(int epfd, struct epoll_event *ev, int max, int timeout)
{
	REAL(epoll_wait);
	if (iou__ip_sim_fd(epfd))
		return (int)iou__ip_ret(iou_sys_epoll_wait(RING, epfd, ev, max,
							   timeout));
	return real_epoll_wait(epfd, ev, max, timeout);
}

EXPORT int epoll_pwait(int epfd, struct epoll_event *ev, int max, int timeout,
		       const sigset_t *mask)
{
	REAL(epoll_pwait);
	if (iou__ip_sim_fd(epfd))
		return epoll_wait(epfd, ev, max, timeout); /* no signals */
	return real_epoll_pwait(epfd, ev, max, timeout, mask);
}

/* poll: sim fds on the sim (real ones among them are polled without
 * waiting); only real fds: libc. */
EXPORT int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	struct pollfd *sim_fds;
	nfds_t nsim = 0, nreal = 0;
	int ret, ready = 0;

	REAL(poll);
	if (!iou__ip_on())
		return real_poll(fds, n, timeout);
	for (nfds_t i = 0; i < n; i++) {
		if (fds[i].fd >= IOU__IP_FD_BASE)
			nsim++;
		else if (fds[i].fd >= 0)
			nreal++;
	}
	if (!nsim)
		return real_poll(fds, n, timeout);
	sim_fds = calloc(n, sizeof(*sim_fds));
	if (!sim_fds)
		return (int)iou__ip_ret(-ENOMEM);
	for (nfds_t i = 0; i < n; i++) {
		sim_fds[i] = fds[i];
		if (fds[i].fd < IOU__IP_FD_BASE)
			sim_fds[i].fd = -1;
	}
	if (nreal) {
		ret = real_poll(fds, n, 0);
		if (ret > 0)
			timeout = 0;
	}
	ret = iou_sys_poll(RING, sim_fds, (unsigned)n, timeout);
	for (nfds_t i = 0; ret >= 0 && i < n; i++) {
		if (fds[i].fd >= IOU__IP_FD_BASE)
			fds[i].revents = sim_fds[i].revents;
		else if (fds[i].fd < 0)
			fds[i].revents = 0;
		ready += fds[i].revents != 0;
	}
	free(sim_fds);
	return ret < 0 ? (int)iou__ip_ret(ret) : ready;
}

EXPORT int __poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t len)
{
	(void)len;
	return poll(fds, n, timeout);
}

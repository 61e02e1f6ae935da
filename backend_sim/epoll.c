/* epoll.c — epoll instances of the sim's world. Not modelled yet: the
 * calls fail as on a kernel built without CONFIG_EPOLL (-ENOSYS). */
#include <errno.h>

#include "evloop.h"

int iou__sys_epoll_create1(struct iou *ring, int flags)
{
	(void)ring;
	(void)flags;
	return -ENOSYS;
}

int iou__sys_epoll_ctl(struct iou *ring, int epfd, int op, int fd,
		       struct epoll_event *ev)
{
	(void)ring;
	(void)epfd;
	(void)op;
	(void)fd;
	(void)ev;
	return -ENOSYS;
}

int iou__sys_epoll_wait(struct iou *ring, int epfd, struct epoll_event *events,
			int maxevents, int timeout_ms)
{
	(void)ring;
	(void)epfd;
	(void)events;
	(void)maxevents;
	(void)timeout_ms;
	return -ENOSYS;
}

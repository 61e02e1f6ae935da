/* fdtable.c — open files of the sim's world and its one fd table (shared
 * by every ring of the sim): a file lives while it has references (the fd
 * table, fixed-file tables, requests in flight, a ring's own file, a
 * registered eventfd); per-fd FD_CLOEXEC. When a file goes, what it holds
 * goes with it: an inode's open count, a pipe end, a socket, an eventfd,
 * an epoll instance, and the epoll items watching it. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "evloop.h"
#include "net.h"
#include "world.h"

/* ---- fd table ----------------------------------------------------------------- */

struct iou__file *iou__file_new(struct iou_sim *sim, enum iou__ftype type)
{
	struct iou__file *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->type = type;
	f->refs = 1;
	sim->world.nopen++;
	return f;
}

void iou__file_get(struct iou__file *f)
{
	f->refs++;
}

void iou__pipe_release(struct iou_sim *sim, struct iou__file *f);

void iou__file_put(struct iou_sim *sim, struct iou__file *f)
{
	if (--f->refs)
		return;
	switch (f->type) {
	case IOU__FT_INODE:
		f->ino->opens--;
		iou__inode_maybe_free(f->ino);
		break;
	case IOU__FT_PIPE_R:
	case IOU__FT_PIPE_W:
		iou__pipe_release(sim, f);
		break;
	case IOU__FT_RING:
		break;
	case IOU__FT_SOCK:
		iou__sock_release(sim, f); /* net.c */
		break;
	case IOU__FT_EVENTFD:
		iou__eventfd_release(sim, f);
		break;
	case IOU__FT_EPOLL:
		iou__epoll_release(sim, f);
		break;
	}
	if (f->epitems)
		iou__epoll_file_gone(sim, f); /* eventpoll_release */
	sim->world.nopen--;
	free(f);
}

struct iou__file *iou__fd_get(struct iou_sim *sim, int fd)
{
	if (fd < 0 || (uint32_t)fd >= sim->world.nfds)
		return NULL;
	return sim->world.fds[fd];
}

/* The lowest free fd from min (fd_first and up unless exact), as
 * iou__fd_install_at. */
static int fd_install(struct iou_sim *sim, struct iou__file *f,
		      uint32_t min, int cloexec, int exact)
{
	struct iou__world *w = &sim->world;
	uint32_t fd;

	/* a full fd table (opt-in fault): -EMFILE */
	if (!exact && iou__fault(sim, IOU_FAULT_EMFILE))
		return -EMFILE;
	if (!exact && min < (w->fd_first ? w->fd_first : IOU__FD_FIRST))
		min = w->fd_first ? w->fd_first : IOU__FD_FIRST;
	for (fd = min; fd < w->nfds; fd++)
		if (!w->fds[fd])
			break;
	if (exact && fd != min)
		return -EBUSY;
	if (fd >= IOU__FDS(sim))
		return -EMFILE;
	if (fd >= w->nfds) {
		uint32_t n = w->nfds ? w->nfds * 2 : 64;
		struct iou__file **nf;
		uint8_t *nfl;

		while (n <= fd)
			n *= 2; /* fd_first may lie past the table */
		if (n > IOU__FDS(sim))
			n = IOU__FDS(sim);
		nfl = realloc(w->fdflags, n);
		if (!nfl)
			return -ENOMEM;
		memset(nfl + w->nfds, 0, n - w->nfds);
		w->fdflags = nfl;
		nf = realloc(w->fds, n * sizeof(*nf));
		if (!nf)
			return -ENOMEM;
		memset(nf + w->nfds, 0, (n - w->nfds) * sizeof(*nf));
		w->fds = nf;
		w->nfds = n;
	}
	w->fds[fd] = f;
	w->fdflags[fd] = cloexec ? FD_CLOEXEC : 0;
	iou__file_get(f);
	return (int)fd;
}

int iou__fd_install_at(struct iou_sim *sim, struct iou__file *f,
		       uint32_t min, int cloexec)
{
	return fd_install(sim, f, min, cloexec, 0);
}

int iou__fd_install_exact(struct iou_sim *sim, struct iou__file *f,
			  uint32_t fd)
{
	return fd_install(sim, f, fd, 0, 1);
}

int iou__fd_install(struct iou_sim *sim, struct iou__file *f)
{
	return iou__fd_install_at(sim, f, 0, 0);
}

int iou__fd_close(struct iou_sim *sim, int fd)
{
	struct iou__file *f = iou__fd_get(sim, fd);

	if (!f)
		return -EBADF;
	sim->world.fds[fd] = NULL;
	sim->world.fdflags[fd] = 0;
	iou__file_put(sim, f);
	return 0;
}

/* eventfd.c — eventfds of the sim's world (fs/eventfd.c): a 64-bit
 * counter; a write adds (waits while it would reach ULLONG_MAX), a read
 * takes the whole count, or 1 with EFD_SEMAPHORE (waits while it is 0);
 * both move exactly 8 bytes (a shorter buffer: -EINVAL). Readable while
 * the count is not 0, writable while it is below ULLONG_MAX - 1. Ring
 * READ/WRITE park on its wait queue; the sys calls return -EAGAIN where
 * they would block. A ring's registered eventfd is signalled here. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "evloop.h"
#include "net.h"
#include "world.h"

int iou__eventfd_new(struct iou_sim *sim, unsigned initval, int flags,
		     struct iou__file **out)
{
	struct iou__eventfd *e = calloc(1, sizeof(*e));
	struct iou__file *f;

	if (!e)
		return -ENOMEM;
	f = iou__file_new(sim, IOU__FT_EVENTFD);
	if (!f) {
		free(e);
		return -ENOMEM;
	}
	iou__list_init(&e->wq.head);
	e->count = initval;
	e->semaphore = (flags & 1) != 0; /* EFD_SEMAPHORE */
	f->evfd = e;
	f->oflags = O_RDWR | (flags & O_NONBLOCK);
	*out = f;
	return 0;
}

void iou__eventfd_release(struct iou_sim *sim, struct iou__file *f)
{
	(void)sim;
	/* the last reference: nothing waits on it (waiters hold one) */
	free(f->evfd);
	f->evfd = NULL;
}

uint32_t iou__eventfd_poll(const struct iou__eventfd *e)
{
	uint32_t m = 0;

	/* eventfd_poll */
	if (e->count > 0)
		m |= IOU__POLLIN | IOU__POLLRDNORM;
	if (e->count == UINT64_MAX)
		m |= IOU__POLLERR;
	if (UINT64_MAX - 1 > e->count)
		m |= IOU__POLLOUT | IOU__POLLWRNORM;
	return m;
}

static void evfd_wake(struct iou_sim *sim, struct iou__eventfd *e)
{
	iou__waitq_wake(sim, &e->wq);
}

/* The read: the value taken (8 bytes into buf), or -EAGAIN. */
static ssize_t evfd_take(struct iou_sim *sim, struct iou__eventfd *e,
			 void *buf, size_t len)
{
	uint64_t v;

	if (len < sizeof(v))
		return -EINVAL;
	if (!e->count)
		return -EAGAIN;
	if (!buf)
		return -EFAULT;
	v = e->semaphore ? 1 : e->count;
	memcpy(buf, &v, sizeof(v));
	e->count -= v;
	evfd_wake(sim, e);
	return sizeof(v);
}

static ssize_t evfd_add(struct iou_sim *sim, struct iou__eventfd *e,
			const void *buf, size_t len)
{
	uint64_t v;

	if (len < sizeof(v))
		return -EINVAL;
	if (!buf)
		return -EFAULT;
	memcpy(&v, buf, sizeof(v));
	if (v == UINT64_MAX)
		return -EINVAL;
	if (UINT64_MAX - e->count <= v)
		return -EAGAIN;
	e->count += v;
	evfd_wake(sim, e);
	return sizeof(v);
}

ssize_t iou__eventfd_read(struct iou_sim *sim, struct iou__file *f,
			  void *buf, size_t len)
{
	return evfd_take(sim, f->evfd, buf, len);
}

ssize_t iou__eventfd_write(struct iou_sim *sim, struct iou__file *f,
			   const void *buf, size_t len)
{
	return evfd_add(sim, f->evfd, buf, len);
}

void iou__eventfd_signal(struct iou_sim *sim, struct iou__eventfd *e,
			 uint64_t n)
{
	if (UINT64_MAX - e->count < n)
		n = UINT64_MAX - e->count;
	e->count += n;
	IOU__TRACE(sim, "eventfd signal +%llu = %llu\n",
		   (unsigned long long)n, (unsigned long long)e->count);
	evfd_wake(sim, e);
}

/* ---- ring READ / WRITE on an eventfd ------------------------------------------ */

/* A nonblocking eventfd (EFD_NONBLOCK) answers -EAGAIN (REQ_F_NOWAIT);
 * else the request parks on the eventfd until it can go on. */
int iou__eventfd_rw_issue(struct iou__req *req, int write)
{
	return iou__eventfd_rw_buf(req, (void *)(uintptr_t)req->sqe.addr,
				   req->sqe.len, write);
}

/* READV: eventfd_read takes the whole count through the iovecs
 * (copy_to_iter); WRITEV: a file without ->write_iter is written an iovec
 * at a time (io_uring's loop_rw_iter), each a whole eventfd_write. */
int iou__eventfd_rw_vec(struct iou__req *req, const struct iovec *iov,
			uint32_t n, int write)
{
	size_t total = iou__iov_total(iov, n), done = 0, skip;
	uint64_t v;
	int ret;

	if (!write) {
		ret = iou__eventfd_rw_buf(req, &v, total < 8 ? total : 8, 0);
		if (ret != 8)
			return ret;
		for (uint32_t i = 0; i < n && done < 8; i++) {
			size_t k = iov[i].iov_len < 8 - done ? iov[i].iov_len
							     : 8 - done;

			if (!k)
				continue; /* an empty iovec: nothing, NULL or not */
			if (!iov[i].iov_base)
				return -EFAULT;
			memcpy(iov[i].iov_base, (char *)&v + done, k);
			done += k;
		}
		return 8;
	}
	/* a blocking write waits (in io-wq) for room for the iovec it is
	 * at; the bytes of the iovecs before stay written (u.net.done). A
	 * short write (an iovec over 8 bytes takes 8) ends the loop. */
	done = req->u.net.done;
	skip = 0;
	for (uint32_t i = 0; i < n; i++) {
		size_t len = iov[i].iov_len;

		if (!len)
			continue;
		if (skip + len <= req->u.net.done) {
			skip += len;
			continue;
		}
		ret = iou__eventfd_rw_buf(req, iov[i].iov_base, len, 1);
		if (ret == IOU__PENDING) {
			req->u.net.done = done;
			return ret;
		}
		if (ret < 0)
			return done ? (int)done : ret;
		done += (size_t)ret;
		if ((size_t)ret != len)
			break;
	}
	return (int)done;
}

int iou__eventfd_rw_buf(struct iou__req *req, void *buf, size_t len,
			int write)
{
	struct iou_sim *sim = req->ring->sim;
	struct iou__file *f = req->file;
	ssize_t ret;

	/* an offset is ignored: the file has no position */
	ret = write ? evfd_add(sim, f->evfd, buf, len)
		    : evfd_take(sim, f->evfd, buf, len);
	if (ret == -EAGAIN && !(f->oflags & O_NONBLOCK) &&
	    !((uint32_t)req->sqe.rw_flags & 0x08)) { /* RWF_NOWAIT */
		iou__waitq_add(&f->evfd->wq, req);
		return IOU__PENDING;
	}
	return (int)ret;
}

/* ---- a ring's registered eventfd ---------------------------------------------- */

int iou__evfd_register(struct iou__sring *r, const void *arg, int async)
{
	struct iou__file *f;
	int fd;

	if (r->evfd_file)
		return -EBUSY;
	if (!arg)
		return -EFAULT;
	memcpy(&fd, arg, sizeof(fd));
	f = iou__fd_get(r->sim, fd);
	if (!f)
		return -EBADF;
	if (f->type != IOU__FT_EVENTFD)
		return -EINVAL; /* eventfd_ctx_fdget */
	iou__file_get(f);
	r->evfd_file = f;
	r->evfd_batch = r->sim->batch - 1; /* no batch signalled yet */
	r->eventfd = fd;
	r->eventfd_async = async;
	r->watched = 1;
	IOU__TRACE(r->sim, "r%u eventfd %d%s\n", r->id, fd,
		   async ? " async" : "");
	return 0;
}

int iou__evfd_unregister(struct iou__sring *r)
{
	if (!r->evfd_file)
		return -ENXIO;
	iou__file_put(r->sim, r->evfd_file);
	r->evfd_file = NULL;
	r->eventfd = -1;
	return 0;
}

/* The kernel signals a ring's eventfd when it commits CQEs: once per
 * batch it flushes, so a batch of CQEs may count 1 (it promises at least
 * one); io-wq completions commit one by one. Here: the first CQE of a
 * batch (an enter, a sys wait) signals; each further one signals again or
 * not (choice IOU__CH_ORDER, 0 = coalesced). The async form signals only
 * from an io-wq worker (io_eventfd_trigger: io_wq_current_is_worker), the
 * sim's delayed completions: never for one that completed inline or as
 * task work after a wait (a pipe read woken by a write). */
void iou__cq_posted(struct iou__sring *r)
{
	struct iou_sim *sim = r->sim;

	iou__waitq_wake(sim, &r->pollwq);
	if (!r->evfd_file)
		return;
	if (__atomic_load_n(r->cq_flags, __ATOMIC_ACQUIRE) &
	    IOU_CQ_EVENTFD_DISABLED)
		return;
	if (r->eventfd_async && !sim->in_worker)
		return;
	if (r->evfd_batch == sim->batch &&
	    !iou__choose(sim, IOU__CH_ORDER, 2))
		return;
	r->evfd_batch = sim->batch;
	iou__eventfd_signal(sim, r->evfd_file->evfd, 1);
}

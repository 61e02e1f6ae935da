/* pipe.c — pipes of the virtual world: a 64 KiB byte ring with reader and
 * writer counts. Reads of an empty pipe with writers and writes to a full
 * pipe would block: they return -EAGAIN, and ring requests park on the
 * pipe's wait queues until the other side moves. A write of at most
 * PIPE_BUF bytes is atomic; EOF when no writer is left; -EPIPE when no
 * reader is. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"

#define PIPE_BUF_ATOMIC 4096U

int iou__pipe_new(struct iou_sim *sim, struct iou__file **rd,
		  struct iou__file **wr)
{
	struct iou__pipe *p = calloc(1, sizeof(*p));
	struct iou__file *r, *w;

	if (!p)
		return -ENOMEM;
	r = iou__file_new(sim, IOU__FT_PIPE_R);
	w = iou__file_new(sim, IOU__FT_PIPE_W);
	if (!r || !w) {
		free(r);
		free(w);
		free(p);
		return -ENOMEM;
	}
	iou__list_init(&p->rwait.head);
	iou__list_init(&p->wwait.head);
	p->readers = p->writers = 1;
	r->pipe = w->pipe = p;
	r->oflags = 0;
	w->oflags = 1; /* O_WRONLY */
	*rd = r;
	*wr = w;
	return 0;
}

void iou__pipe_release(struct iou_sim *sim, struct iou__file *f);
void iou__pipe_release(struct iou_sim *sim, struct iou__file *f)
{
	struct iou__pipe *p = f->pipe;

	if (f->type == IOU__FT_PIPE_R)
		p->readers--;
	else
		p->writers--;
	/* the other side sees EOF or EPIPE */
	iou__waitq_wake(sim, &p->rwait);
	iou__waitq_wake(sim, &p->wwait);
	if (!p->readers && !p->writers) {
		free(p->buf);
		free(p);
	}
}

ssize_t iou__pipe_read(struct iou_sim *sim, struct iou__file *f, void *buf,
		       size_t len);
ssize_t iou__pipe_read(struct iou_sim *sim, struct iou__file *f, void *buf,
		       size_t len)
{
	struct iou__pipe *p = f->pipe;
	size_t n, first;

	if (!len)
		return 0;
	if (!p->len)
		return p->writers ? -EAGAIN : 0;
	if (!buf)
		return -EFAULT;
	n = len < p->len ? len : p->len;
	first = IOU__PIPE_SIZE - p->head;
	if (first > n)
		first = n;
	memcpy(buf, p->buf + p->head, first);
	memcpy((uint8_t *)buf + first, p->buf, n - first);
	p->head = (uint32_t)((p->head + n) % IOU__PIPE_SIZE);
	p->len -= (uint32_t)n;
	iou__waitq_wake(sim, &p->wwait);
	return (ssize_t)n;
}

ssize_t iou__pipe_write(struct iou_sim *sim, struct iou__file *f,
			const void *buf, size_t len);
ssize_t iou__pipe_write(struct iou_sim *sim, struct iou__file *f,
			const void *buf, size_t len)
{
	struct iou__pipe *p = f->pipe;
	size_t room, n, tail, first;

	if (!p->readers)
		return -EPIPE;
	if (!len)
		return 0;
	if (!buf)
		return -EFAULT;
	room = IOU__PIPE_SIZE - p->len;
	if (!room || (len <= PIPE_BUF_ATOMIC && room < len))
		return -EAGAIN;
	if (!p->buf) {
		p->buf = malloc(IOU__PIPE_SIZE);
		if (!p->buf)
			return -ENOMEM;
	}
	n = len < room ? len : room;
	tail = (p->head + p->len) % IOU__PIPE_SIZE;
	first = IOU__PIPE_SIZE - tail;
	if (first > n)
		first = n;
	memcpy(p->buf + tail, buf, first);
	memcpy(p->buf, (const uint8_t *)buf + first, n - first);
	p->len += (uint32_t)n;
	iou__waitq_wake(sim, &p->rwait);
	return (ssize_t)n;
}

/* Bytes readable now, for splice/tee. */
uint32_t iou__pipe_peek(const struct iou__pipe *p, void *buf, uint32_t len);
uint32_t iou__pipe_peek(const struct iou__pipe *p, void *buf, uint32_t len)
{
	uint32_t n = len < p->len ? len : p->len, first;

	first = IOU__PIPE_SIZE - p->head;
	if (first > n)
		first = n;
	memcpy(buf, p->buf + p->head, first);
	memcpy((uint8_t *)buf + first, p->buf, n - first);
	return n;
}

/* ---- wait queues -------------------------------------------------------- */

void iou__waitq_add(struct iou__waitq *wq, struct iou__req *req)
{
	iou__list_add_tail(&wq->head, &req->node);
	req->wq = wq;
	req->state = IOU__RS_WAITQ;
}

void iou__epoll_kick(struct iou_sim *sim, struct iou__waitq *wq);

void iou__waitq_wake(struct iou_sim *sim, struct iou__waitq *wq)
{
	wq->gen++;
	if (sim->epolls)
		iou__epoll_kick(sim, wq); /* epoll.c: epolls watching it */
	if (!wq->head.next)
		return;
	while (!iou__list_empty(&wq->head)) {
		struct iou__req *req =
			iou__container_of(wq->head.next, struct iou__req, node);

		iou__list_del(&req->node);
		req->wq = NULL;
		req->state = IOU__RS_REISSUE;
		iou__runq_add(sim, req);
	}
}

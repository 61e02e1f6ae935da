/* epoll.c — epoll instances of the sim's world (fs/eventpoll.c): an
 * interest list keyed by (file, fd), level- or edge-triggered
 * (EPOLLET), one-shot (EPOLLONESHOT), EPOLLEXCLUSIVE accepted (one
 * waiter here), nested epolls (ELOOP past 4 levels or for a cycle), the
 * items dropped when their file goes away (not when one fd of it is
 * closed). Readiness is computed when asked: a level-triggered item is
 * ready while its file reports one of its events; an edge-triggered one
 * when its file was woken since it was last reported (the wait queue's
 * generation). Which ready items come back, when several are, and in
 * what order is a choice (IOU__CH_ORDER, 0 = the interest list's order,
 * reported level-triggered items moving to its end as the kernel's
 * ready list rotates). Waiters (EPOLL_WAIT, POLL_ADD on an epoll fd) are
 * woken when a file one of its items watches wakes (iou__epoll_kick); the
 * sys epoll_wait waits by design (ready.c). Ring ops EPOLL_CTL (5.6) and
 * EPOLL_WAIT (6.15) are here too. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "evloop.h"
#include "net.h"
#include "world.h"

#define EP_MAX_NESTS 4
#define EP_MAX_EVENTS (0x7fffffff / (int)sizeof(struct epoll_event))
/* EPOLLEXCLUSIVE takes these only (EPOLLEXCLUSIVE_OK_BITS) */
#define EXCL_OK (EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLRDBAND | \
		 EPOLLWRNORM | EPOLLWRBAND | EPOLLERR | EPOLLHUP | \
		 EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)
#define EP_PRIVATE (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)

struct iou__epitem {
	struct iou__file *file;   /* not a reference: eventpoll_release */
	int fd;
	uint32_t events;          /* asked, with EPOLLERR | EPOLLHUP */
	uint64_t data;
	uint32_t seen_gen;        /* ET: the file's wakeups when reported */
	uint8_t pending;          /* ET: an edge not reported yet */
	uint8_t disarmed;         /* ONESHOT: reported, until EPOLL_CTL_MOD */
};

struct iou__epoll {
	struct iou__epoll *next;  /* the sim's list */
	struct iou__file *self;
	struct iou__epitem *items; /* the interest list, in its order */
	uint32_t n, cap;
	uint32_t *scratch;        /* ep_send's: 2 * scap entries */
	uint32_t scap;
	struct iou__waitq wq;     /* EPOLL_WAIT requests, POLL_ADD on it */
};

/* ---- readiness ---------------------------------------------------------------- */

/* The wakeups of f's wait queue an item watching `events` counts as
 * edges: as ep_poll_callback, not those whose key names only events of
 * the other direction (a read making room, a write into a full peer). */
static uint32_t file_gen(struct iou_sim *sim, struct iou__file *f,
			 uint32_t events, uint32_t *mask)
{
	struct iou__waitq *wq;
	uint32_t gen;

	*mask = iou__file_poll(sim, f, &wq);
	if (!wq)
		return 0;
	gen = wq->gen;
	if (!(events & IOU__WAKE_READ))
		gen -= wq->gen_read;
	if (!(events & IOU__WAKE_WRITE))
		gen -= wq->gen_write;
	return gen;
}

/* The events item reports now (0: not ready). */
static uint32_t item_ready(struct iou_sim *sim, const struct iou__epitem *it)
{
	uint32_t mask, gen;

	if (it->disarmed)
		return 0;
	gen = file_gen(sim, it->file, it->events, &mask);
	mask &= it->events & ~(uint32_t)EP_PRIVATE;
	if (!mask)
		return 0;
	if ((it->events & EPOLLET) && !it->pending && gen == it->seen_gen)
		return 0;
	return mask;
}

uint32_t iou__epoll_poll(struct iou_sim *sim, struct iou__epoll *ep)
{
	uint32_t m = 0;

	/* nested epolls: bounded at EPOLL_CTL_ADD, and here too */
	if (sim->ep_depth > EP_MAX_NESTS)
		return 0;
	sim->ep_depth++;
	for (uint32_t i = 0; i < ep->n && !m; i++)
		if (item_ready(sim, &ep->items[i]))
			m = IOU__POLLIN | IOU__POLLRDNORM;
	sim->ep_depth--;
	return m;
}

struct iou__waitq *iou__epoll_wq(struct iou__epoll *ep)
{
	return iou__waitq_ready(&ep->wq);
}

/* wq woke: every epoll with an item on a file that waits there wakes its
 * own waiters (ep_poll_callback), which wakes the epolls that hold it in
 * turn (no cycles: -ELOOP at EPOLL_CTL_ADD). */
void iou__epoll_kick(struct iou_sim *sim, struct iou__waitq *wq)
{
	for (struct iou__epoll *ep = sim->epolls; ep; ep = ep->next) {
		if (&ep->wq == wq)
			continue;
		for (uint32_t i = 0; i < ep->n; i++) {
			struct iou__waitq *iwq;
			uint32_t m;

			m = iou__file_poll(sim, ep->items[i].file, &iwq);
			(void)m;
			if (iwq == wq) {
				iou__waitq_wake(sim, iou__epoll_wq(ep));
				break;
			}
		}
	}
}

/* Reports up to max ready events into out (NULL: -EFAULT when one is
 * ready, as ep_send_events faults on its first copy). Returns how many.
 * Which come back: the first max ready ones in the list's order, and the
 * reported level-triggered ones move to its end, so that successive waits
 * go round the ready set (epoll(7) promises it). In what order they come
 * back: a choice (IOU__CH_ORDER per slot, 0 = the list's order). */
static int ep_send(struct iou_sim *sim, struct iou__epoll *ep,
		   struct epoll_event *out, int max)
{
	uint32_t nr = 0, lt = 0, k = 0, *sel;

	if (ep->n > ep->scap) {
		uint32_t *ns = realloc(ep->scratch, 2 * (size_t)ep->cap *
				       sizeof(*ns));

		if (!ns)
			return -ENOMEM;
		ep->scratch = ns;
		ep->scap = ep->cap;
	}
	/* scratch[0..n): the chosen ready items; [n..2n): reported LT */
	sel = ep->scratch;
	for (uint32_t i = 0; i < ep->n && nr < (uint32_t)max; i++)
		if (item_ready(sim, &ep->items[i]))
			sel[nr++] = i;
	if (!nr)
		return 0;
	if (!out)
		return -EFAULT;
	for (uint32_t got = 0; got < nr; got++) {
		uint32_t left = nr - got, m, i;
		uint32_t pick = iou__choose(sim, IOU__CH_ORDER, left);
		struct iou__epitem *it;

		i = sel[got + pick];
		sel[got + pick] = sel[got];
		sel[got] = i;
		it = &ep->items[i];
		out[got].events = item_ready(sim, it);
		out[got].data.u64 = it->data;
		it->pending = 0;
		it->seen_gen = file_gen(sim, it->file, it->events, &m);
		if (it->events & EPOLLONESHOT)
			it->disarmed = 1;
		else if (!(it->events & EPOLLET))
			ep->scratch[ep->n + lt++] = i;
	}
	if (lt) {
		/* rotate: the others in order, then the reported LT ones
		 * in list order */
		struct iou__epitem *tmp = malloc(ep->n * sizeof(*tmp));
		uint32_t *rep = &ep->scratch[ep->n];

		if (!tmp)
			return (int)nr; /* unrotated: still a legal answer */
		for (uint32_t i = 0, j = 0; i < ep->n; i++) {
			int moved = 0;

			for (j = 0; j < lt && !moved; j++)
				moved = rep[j] == i;
			if (!moved)
				tmp[k++] = ep->items[i];
		}
		for (uint32_t i = 0; i < ep->n; i++)
			for (uint32_t j = 0; j < lt; j++)
				if (rep[j] == i)
					tmp[k++] = ep->items[i];
		memcpy(ep->items, tmp, ep->n * sizeof(*tmp));
		free(tmp);
	}
	return (int)nr;
}

/* ---- instances ------------------------------------------------------------------ */

static int ep_new(struct iou_sim *sim, struct iou__file **out)
{
	struct iou__epoll *ep = calloc(1, sizeof(*ep));
	struct iou__file *f;

	if (!ep)
		return -ENOMEM;
	f = iou__file_new(sim, IOU__FT_EPOLL);
	if (!f) {
		free(ep);
		return -ENOMEM;
	}
	iou__list_init(&ep->wq.head);
	ep->self = f;
	f->ep = ep;
	f->oflags = O_RDWR;
	ep->next = sim->epolls;
	sim->epolls = ep;
	*out = f;
	return 0;
}

static void item_drop(struct iou__epoll *ep, uint32_t i)
{
	ep->items[i].file->epitems--;
	memmove(&ep->items[i], &ep->items[i + 1],
		(ep->n - i - 1) * sizeof(ep->items[0]));
	ep->n--;
}

void iou__epoll_release(struct iou_sim *sim, struct iou__file *f)
{
	struct iou__epoll *ep = f->ep, **pp;

	while (ep->n)
		item_drop(ep, ep->n - 1);
	for (pp = &sim->epolls; *pp; pp = &(*pp)->next) {
		if (*pp == ep) {
			*pp = ep->next;
			break;
		}
	}
	free(ep->items);
	free(ep->scratch);
	free(ep);
	f->ep = NULL;
}

void iou__epoll_file_gone(struct iou_sim *sim, struct iou__file *f)
{
	for (struct iou__epoll *ep = sim->epolls; ep && f->epitems;
	     ep = ep->next)
		for (uint32_t i = ep->n; i-- > 0;)
			if (ep->items[i].file == f)
				item_drop(ep, i);
}

static struct iou__epitem *item_find(struct iou__epoll *ep,
				     struct iou__file *f, int fd)
{
	for (uint32_t i = 0; i < ep->n; i++)
		if (ep->items[i].file == f && ep->items[i].fd == fd)
			return &ep->items[i];
	return NULL;
}

/* How deep the epolls reachable from f nest (0: f is not an epoll), or
 * -1 when `target` is among them (a cycle). */
static int nest_depth(struct iou__file *f, const struct iou__epoll *target,
		      int level)
{
	int deepest = 0;

	if (f->type != IOU__FT_EPOLL)
		return 0;
	if (f->ep == target)
		return -1;
	if (level > EP_MAX_NESTS + 1)
		return level;
	for (uint32_t i = 0; i < f->ep->n; i++) {
		int d = nest_depth(f->ep->items[i].file, target, level + 1);

		if (d < 0)
			return -1;
		if (d > deepest)
			deepest = d;
	}
	return deepest + 1;
}

/* Whether f can be polled at all: regular files and directories have
 * no poll (file_can_poll): -EPERM. */
static int can_poll(const struct iou__file *f)
{
	return f->type != IOU__FT_INODE;
}

static int ep_ctl(struct iou_sim *sim, int epfd, int op, int fd,
		  uint32_t events, uint64_t data)
{
	struct iou__file *ef = iou__fd_get(sim, epfd);
	struct iou__file *tf = iou__fd_get(sim, fd);
	struct iou__epoll *ep;
	struct iou__epitem *it;
	uint32_t mask;

	if (!ef || !tf || (ef->oflags & O_PATH) || (tf->oflags & O_PATH))
		return -EBADF;
	if (!can_poll(tf))
		return -EPERM;
	if (ef == tf || ef->type != IOU__FT_EPOLL)
		return -EINVAL;
	ep = ef->ep;
	if (op != EPOLL_CTL_DEL && (events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD && (tf->type == IOU__FT_EPOLL ||
					    (events & ~(uint32_t)EXCL_OK)))
			return -EINVAL;
	}
	if (op == EPOLL_CTL_ADD && tf->type == IOU__FT_EPOLL) {
		int d = nest_depth(tf, ep, 1);

		if (d < 0 || d >= EP_MAX_NESTS)
			return -ELOOP;
	}
	it = item_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		if (it)
			return -EEXIST;
		if (ep->n == ep->cap) {
			uint32_t cap = ep->cap ? ep->cap * 2 : 8;
			struct iou__epitem *ni = realloc(ep->items,
							 cap * sizeof(*ni));

			if (!ni)
				return -ENOMEM;
			ep->items = ni;
			ep->cap = cap;
		}
		it = &ep->items[ep->n++];
		memset(it, 0, sizeof(*it));
		it->file = tf;
		it->fd = fd;
		tf->epitems++;
		break;
	case EPOLL_CTL_MOD:
		if (!it)
			return -ENOENT;
		if (it->events & EPOLLEXCLUSIVE)
			return -EINVAL;
		break;
	case EPOLL_CTL_DEL:
		if (!it)
			return -ENOENT;
		item_drop(ep, (uint32_t)(it - ep->items));
		return 0;
	default:
		return -EINVAL;
	}
	/* ep_insert / ep_modify: the new mask, polled at once: ready now
	 * means reported by the next wait, edge-triggered or not */
	it->events = events | EPOLLERR | EPOLLHUP;
	it->data = data;
	it->disarmed = 0;
	it->pending = 1;
	it->seen_gen = file_gen(sim, tf, it->events, &mask);
	/* its waiters look again (ep_insert/ep_modify wake them when the
	 * new item is ready) */
	if (mask & it->events)
		iou__waitq_wake(sim, iou__epoll_wq(ep));
	return 0;
}

/* ---- the sys calls ----------------------------------------------------------------- */

static struct iou_sim *sim_of(struct iou *ring)
{
	return iou__sring(ring)->sim;
}

int iou__sys_epoll_create1(struct iou *ring, int flags)
{
	struct iou_sim *sim = sim_of(ring);
	struct iou__file *f;
	int ret;

	if (flags & ~EPOLL_CLOEXEC)
		ret = -EINVAL;
	else if (!(ret = ep_new(sim, &f))) {
		ret = iou__fd_install_at(sim, f, 0,
					 (flags & EPOLL_CLOEXEC) != 0);
		iou__file_put(sim, f);
	}
	IOU__TRACE(sim, "sys epoll_create1 %x = %d\n", (unsigned)flags, ret);
	return ret;
}

int iou__sys_epoll_ctl(struct iou *ring, int epfd, int op, int fd,
		       struct epoll_event *ev)
{
	struct iou_sim *sim = sim_of(ring);
	struct epoll_event e = { 0, { 0 } };
	int ret;

	if (op != EPOLL_CTL_DEL) {
		if (!ev)
			return -EFAULT; /* copied first (ep_op_has_event) */
		memcpy(&e, ev, sizeof(e));
	}
	ret = ep_ctl(sim, epfd, op, fd, e.events, e.data.u64);
	IOU__TRACE(sim, "sys epoll_ctl %d %d %d %x = %d\n", epfd, op, fd,
		   e.events, ret);
	return ret;
}

struct wait_arg {
	struct iou__epoll *ep;
	struct epoll_event *events;
	int max;
};

static int wait_ready(struct iou_sim *sim, void *arg)
{
	struct wait_arg *a = arg;

	return ep_send(sim, a->ep, a->events, a->max);
}

int iou__sys_epoll_wait(struct iou *ring, int epfd, struct epoll_event *events,
			int maxevents, int timeout_ms)
{
	struct iou_sim *sim = sim_of(ring);
	struct iou__file *f;
	struct wait_arg a;
	int ret;

	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	f = iou__fd_get(sim, epfd);
	if (!f)
		return -EBADF;
	if (f->type != IOU__FT_EPOLL)
		return -EINVAL;
	a.ep = f->ep;
	a.events = events;
	a.max = maxevents;
	/* the epoll's file is held while it waits (fdget) */
	iou__file_get(f);
	ret = iou__sys_wait(sim, wait_ready, &a,
			    timeout_ms < 0 ? -1 : (int64_t)timeout_ms * 1000000,
			    "epoll_wait");
	iou__file_put(sim, f);
	IOU__TRACE(sim, "sys epoll_wait %d max=%d timeout=%d = %d\n", epfd,
		   maxevents, timeout_ms, ret);
	return ret;
}

/* ---- ring ops: EPOLL_CTL (5.6), EPOLL_WAIT (6.15) ----------------------------------- */

static int epoll_ctl_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;
	struct epoll_event e;

	req->u.evl.op = sqe->len;
	req->u.evl.fd = (int32_t)sqe->off;
	req->u.evl.events = 0;
	req->u.evl.data = 0;
	if (sqe->buf_index || sqe->splice_fd_in)
		return -EINVAL;
	if (sqe->len != EPOLL_CTL_DEL) {
		/* the event is copied at prep (io_epoll_ctl_prep) */
		if (!sqe->addr)
			return -EFAULT;
		memcpy(&e, (const void *)(uintptr_t)sqe->addr, sizeof(e));
		req->u.evl.events = e.events;
		req->u.evl.data = e.data.u64;
	}
	return 0;
}

static int epoll_ctl_issue(struct iou__req *req)
{
	return ep_ctl(req->ring->sim, req->sqe.fd, (int)req->u.evl.op,
		      req->u.evl.fd, req->u.evl.events, req->u.evl.data);
}

const struct iou__op iou__op_epoll_ctl = {
	.name = "EPOLL_CTL",
	.since = IOU_KERNEL_VERSION(5, 6),
	.prep = epoll_ctl_prep,
	.issue = epoll_ctl_issue,
};

static int epoll_wait_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->off || sqe->rw_flags || sqe->buf_index ||
	    sqe->splice_fd_in)
		return -EINVAL;
	return 0;
}

/* epoll_sendevents: what is ready now, else it waits for the epoll to
 * become readable (armed as a poll) and looks again. */
static int epoll_wait_issue(struct iou__req *req)
{
	struct iou__file *f = req->file;
	int max = (int)req->sqe.len, ret;

	if (f->type != IOU__FT_EPOLL)
		return -EINVAL;
	if (max <= 0 || max > EP_MAX_EVENTS)
		return -EINVAL;
	ret = ep_send(req->ring->sim, f->ep,
		      (struct epoll_event *)(uintptr_t)req->sqe.addr, max);
	if (ret)
		return ret;
	iou__waitq_add(iou__epoll_wq(f->ep), req);
	return IOU__PENDING;
}

const struct iou__op iou__op_epoll_wait = {
	.name = "EPOLL_WAIT",
	.since = IOU_KERNEL_VERSION(6, 15),
	.flags = IOU__OP_FILE,
	.prep = epoll_wait_prep,
	.issue = epoll_wait_issue,
};

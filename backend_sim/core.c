/* core.c — the sim's backend ops: io_uring_setup (ring memory laid out as
 * the kernel's struct io_rings: SQ and CQ head/tail, masks, entries,
 * dropped, flags, overflow, the CQE array, then the SQ index array; one
 * allocation for both rings as with FEAT_SINGLE_MMAP, the SQE array
 * apart), io_uring_enter, and teardown; and the pool of buf_ring memory
 * (iou__sim_brmem_get). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "net.h"
#include "world.h"

#define MAX_SQ_ENTRIES 32768U
#define MAX_CQ_ENTRIES (2 * MAX_SQ_ENTRIES)

/* Offsets in the rings allocation, as 6.x reports them (checked against
 * this machine's 6.18: sq array at 64 + 16 * cq_entries). */
#define OFF_SQ_HEAD    0U
#define OFF_SQ_TAIL    4U
#define OFF_CQ_HEAD    8U
#define OFF_CQ_TAIL    12U
#define OFF_SQ_MASK    16U
#define OFF_CQ_MASK    20U
#define OFF_SQ_ENTRIES 24U
#define OFF_CQ_ENTRIES 28U
#define OFF_SQ_DROPPED 32U
#define OFF_SQ_FLAGS   36U
#define OFF_CQ_FLAGS   40U
#define OFF_CQ_OVERFLOW 44U
#define OFF_CQES       64U

static uint32_t roundup_pow2(uint32_t v)
{
	uint32_t p = 1;

	while (p < v)
		p <<= 1;
	return p;
}

/* A ring size: 0 or past max is -EINVAL, unless CLAMP caps it at max;
 * then rounded up to a power of two. */
static int ring_size(uint32_t n, uint32_t max, unsigned flags, uint32_t *out)
{
	if (!n)
		return -EINVAL;
	if (n > max) {
		if (!(flags & IOU_SETUP_CLAMP))
			return -EINVAL;
		n = max;
	}
	*out = roundup_pow2(n);
	return 0;
}

static int setup_sizes(const struct iou_sim *sim, unsigned entries,
		       struct iou_params *p, uint32_t *sq, uint32_t *cq)
{
	if (ring_size(entries, MAX_SQ_ENTRIES, p->flags, sq))
		return -EINVAL;
	if (p->flags & IOU_SETUP_CQSIZE) {
		if (ring_size(p->cq_entries, MAX_CQ_ENTRIES, p->flags, cq))
			return -EINVAL;
		if (*cq < *sq)
			return -EINVAL;
	} else {
		*cq = 2 * *sq;
	}
	return 0;
}

static int setup_flags_ok(const struct iou_sim *sim, const struct iou_params *p)
{
	unsigned f = p->flags;

	if (f & ~sim->prof->setup_flags)
		return -EINVAL;
	if (p->resv[0] || p->resv[1] || p->resv[2])
		return -EINVAL;
	if ((f & IOU_SETUP_SQ_AFF) && !(f & IOU_SETUP_SQPOLL))
		return -EINVAL;
	/* DEFER_TASKRUN needs SINGLE_ISSUER (6.1) */
	if ((f & IOU_SETUP_DEFER_TASKRUN) && !(f & IOU_SETUP_SINGLE_ISSUER))
		return -EINVAL;
	if ((f & IOU_SETUP_TASKRUN_FLAG) &&
	    !(f & (IOU_SETUP_COOP_TASKRUN | IOU_SETUP_DEFER_TASKRUN)))
		return -EINVAL;
	if ((f & IOU_SETUP_SQPOLL) &&
	    (f & (IOU_SETUP_COOP_TASKRUN | IOU_SETUP_DEFER_TASKRUN)))
		return -EINVAL;
	return 0;
}

static int sim_setup(struct iou *ring, unsigned entries, struct iou_params *p,
		     struct iou__mem *mem, void *arg)
{
	struct iou_sim *sim = arg;
	struct iou__sring *r;
	struct iou__file *f;
	uint32_t sq, cq, array_off;
	size_t rings_sz;
	char *base;
	int ret, fd;

	if (!sim)
		return -EINVAL;
	ret = setup_flags_ok(sim, p);
	if (!ret)
		ret = setup_sizes(sim, entries, p, &sq, &cq);
	if (ret)
		return ret;
	if (p->flags & IOU_SETUP_ATTACH_WQ) {
		struct iou__file *wq = iou__fd_get(sim, (int)p->wq_fd);

		if (!wq)
			return -EBADF;
		if (wq->type != IOU__FT_RING)
			return -EINVAL;
	}
	if (iou__fault(sim, IOU_FAULT_ENOMEM))
		return -ENOMEM;

	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	/* SQE128 / CQE32 (5.19): entries twice as wide */
	array_off = OFF_CQES + (cq * (uint32_t)sizeof(struct iou_cqe)
				<< !!(p->flags & IOU_SETUP_CQE32));
	rings_sz = array_off;
	if (!(p->flags & IOU_SETUP_NO_SQARRAY))
		rings_sz += sq * sizeof(uint32_t);
	rings_sz = (rings_sz + 63) & ~(size_t)63;
	/* zeroed as the kernel's fresh mapping is; calloc gives a large
	 * ring fresh pages without writing them, so only the entries a
	 * program uses are ever touched */
	r->rings = calloc(1, rings_sz);
	r->sqes_sz = (sq * sizeof(struct iou_sqe))
		     << !!(p->flags & IOU_SETUP_SQE128);
	r->sqes = calloc(1, r->sqes_sz);
	f = iou__file_new(sim, IOU__FT_RING);
	if (!r->rings || !r->sqes || !f) {
		free(r->rings);
		free(r->sqes);
		free(r);
		if (f)
			iou__file_put(sim, f);
		return -ENOMEM;
	}
	fd = iou__fd_install(sim, f);
	iou__file_put(sim, f); /* the table holds it now */
	if (fd < 0) {
		free(r->rings);
		free(r->sqes);
		free(r);
		return fd;
	}
	f->ring = r;
	r->file = f;
	iou__file_get(f); /* the ring keeps its file: fd may be closed */
	r->rings_sz = rings_sz;
	base = r->rings;
	r->sim = sim;
	r->id = sim->next_ring_id++;
	r->fd = fd;
	r->setup_flags = p->flags;
	r->features = sim->prof->features;
	r->sq_head = (uint32_t *)(base + OFF_SQ_HEAD);
	r->sq_tail = (uint32_t *)(base + OFF_SQ_TAIL);
	r->sq_flags = (uint32_t *)(base + OFF_SQ_FLAGS);
	r->sq_dropped = (uint32_t *)(base + OFF_SQ_DROPPED);
	r->sq_array = (p->flags & IOU_SETUP_NO_SQARRAY) ? NULL
			: (uint32_t *)(base + array_off);
	r->sq_mask = sq - 1;
	r->sq_entries = sq;
	r->cq_head = (uint32_t *)(base + OFF_CQ_HEAD);
	r->cq_tail = (uint32_t *)(base + OFF_CQ_TAIL);
	r->cq_overflow = (uint32_t *)(base + OFF_CQ_OVERFLOW);
	r->cq_flags = (uint32_t *)(base + OFF_CQ_FLAGS);
	r->cqes = (struct iou_cqe *)(void *)(base + OFF_CQES);
	r->cq_mask = cq - 1;
	r->cq_entries = cq;
	r->sq_shift = !!(p->flags & IOU_SETUP_SQE128);
	r->cq_shift = !!(p->flags & IOU_SETUP_CQE32);
	*(uint32_t *)(base + OFF_SQ_MASK) = sq - 1;
	*(uint32_t *)(base + OFF_CQ_MASK) = cq - 1;
	*(uint32_t *)(base + OFF_SQ_ENTRIES) = sq;
	*(uint32_t *)(base + OFF_CQ_ENTRIES) = cq;
	iou__list_init(&r->drainq);
	iou__list_init(&r->live);
	iou__list_init(&r->counting);
	r->eventfd = -1;
	r->disabled = (p->flags & IOU_SETUP_R_DISABLED) != 0;
	iou__sring_update_flags(r);
	r->next = sim->rings;
	sim->rings = r;
	sim->nrings++;

	p->sq_entries = sq;
	p->cq_entries = cq;
	p->features = r->features;
	memset(&p->sq_off, 0, sizeof(p->sq_off));
	memset(&p->cq_off, 0, sizeof(p->cq_off));
	p->sq_off.head = OFF_SQ_HEAD;
	p->sq_off.tail = OFF_SQ_TAIL;
	p->sq_off.ring_mask = OFF_SQ_MASK;
	p->sq_off.ring_entries = OFF_SQ_ENTRIES;
	p->sq_off.flags = OFF_SQ_FLAGS;
	p->sq_off.dropped = OFF_SQ_DROPPED;
	p->sq_off.array = (p->flags & IOU_SETUP_NO_SQARRAY) ? 0 : array_off;
	p->cq_off.head = OFF_CQ_HEAD;
	p->cq_off.tail = OFF_CQ_TAIL;
	p->cq_off.ring_mask = OFF_CQ_MASK;
	p->cq_off.ring_entries = OFF_CQ_ENTRIES;
	p->cq_off.overflow = OFF_CQ_OVERFLOW;
	p->cq_off.cqes = OFF_CQES;
	/* cq_off.flags exists from 5.8 (0 before) */
	p->cq_off.flags = iou__kernel_at_least(sim, 5, 8) ? OFF_CQ_FLAGS : 0;

	mem->sq_ring = r->rings;
	mem->sq_ring_sz = rings_sz;
	mem->cq_ring = r->rings;
	mem->cq_ring_sz = 0;
	mem->sqes = r->sqes;
	mem->sqes_sz = r->sqes_sz;
	ring->backend_data = r;
	IOU__TRACE(sim, "setup r%u sq=%u cq=%u flags=%x fd=%d\n", r->id, sq,
		   cq, p->flags, fd);
	return fd;
}

static int enter_ext_arg(struct iou__sring *r, unsigned flags,
			 const void *arg, size_t argsz, int *has_dl,
			 uint64_t *dl)
{
	const struct iou_getevents_arg *ga = arg;
	uint64_t ns;
	int ret;

	*has_dl = 0;
	if (!(flags & IOU_ENTER_EXT_ARG)) {
		/* arg is a sigset_t: the sim has no signals to mask */
		if (arg && argsz != 8)
			return -EINVAL;
		return 0;
	}
	if (argsz != sizeof(*ga))
		return -EINVAL;
	if (!ga)
		return -EFAULT;
	if (!ga->ts)
		return 0;
	ret = iou__copy_timespec(ga->ts, &ns);
	if (ret)
		return ret;
	*has_dl = 1;
	if (flags & IOU_ENTER_ABS_TIMER)
		*dl = ns;
	else
		*dl = ns > UINT64_MAX - r->sim->now ? UINT64_MAX - 1
						    : r->sim->now + ns;
	return 0;
}

static int sim_enter(struct iou *ring, unsigned to_submit,
		     unsigned min_complete, unsigned flags, const void *arg,
		     size_t argsz)
{
	struct iou__sring *r = iou__sring(ring);
	struct iou_sim *sim = r->sim;
	int ret = 0, ret2 = 0, has_dl = 0;
	uint64_t dl = 0;

	IOU__TRACE(sim, "enter r%u submit=%u min=%u flags=%x\n", r->id,
		   to_submit, min_complete, flags);
	sim->wait_cut = 0;
	sim->batch++;
	if (flags & ~sim->prof->enter_flags) {
		ret = -EINVAL;
		goto out;
	}
	if (r->disabled) {
		ret = -EBADFD;
		goto out;
	}
	ret = enter_ext_arg(r, flags, arg, argsz, &has_dl, &dl);
	if (ret)
		goto out;
	if (to_submit || (r->setup_flags & IOU_SETUP_SQPOLL)) {
		if (sim->prof->overflow_ebusy && iou__ovf_pending(r)) {
			/* 5.5..5.12: flush, or refuse to submit */
			iou__cq_flush_overflow(r);
			if (iou__ovf_pending(r)) {
				ret = -EBUSY;
				goto out;
			}
		}
		ret = iou__submit(r, to_submit);
		if (ret < 0)
			goto out;
		/* a short submit returns without waiting (io_uring_enter) */
		if ((unsigned)ret != to_submit &&
		    !(r->setup_flags & IOU_SETUP_SQPOLL))
			goto out;
	}
	if (flags & IOU_ENTER_GETEVENTS) {
		if (r->dropped_pending) {
			/* CQEs were dropped (no NODROP, 5.4): -EBADR
			 * (KERNEL_FACTS "The CQ") */
			r->dropped_pending = 0;
			ret2 = -EBADR;
		} else {
			ret2 = iou__wait(r, min_complete, has_dl, dl);
		}
		if (!ret)
			ret = ret2;
	}
out:
	iou__run_issueq(sim);
	/* Delayed completions and woken requests finish before the task
	 * returns to user space, except on rings that defer task work and
	 * after a wait that ended early (fewer than min_complete, or
	 * -EINTR: the caller is waiting and enters again); an app spinning
	 * on the CQ without entering would otherwise never see them (a
	 * real kernel's workers run on). */
	if (!sim->wait_cut)
		iou__runq_flush(sim);
	iou__sring_update_flags(r);
	IOU__TRACE(sim, "enter r%u = %d\n", r->id, ret);
	return ret;
}

/* Frees a request, its chain, and the requests queued to post after it,
 * without posting anything (the ring is going away). */
static void free_tree(struct iou_sim *sim, struct iou__req *req)
{
	while (req) {
		struct iou__req *next = req->link;

		if (req->then)
			free_tree(sim, req->then);
		if (req->state == IOU__RS_TIMER)
			iou__timer_disarm(req);
		if (req->state == IOU__RS_WAITQ)
			iou__list_del(&req->node);
		if (req->op && req->op->cancel && req->state != IOU__RS_LINKED)
			req->op->cancel(req);
		if (req->op && req->op->cleanup)
			req->op->cleanup(req);
		if (req->file)
			iou__file_put(sim, req->file);
		if (req->in_live)
			iou__list_del(&req->lnode);
		iou__req_free(sim, req);
		req = next;
	}
}

void iou__sring_cancel_all(struct iou__sring *r)
{
	struct iou_sim *sim = r->sim;
	struct iou__list *p;

	/* zero-copy notifications waiting on the clock (net.c) */
	iou__net_sring_cancel(r);
	/* run queue entries of this ring (some were never issued) */
	for (p = sim->runq.next; p != &sim->runq;) {
		struct iou__req *req = iou__container_of(p, struct iou__req, node);

		p = p->next;
		if (req->ring != r)
			continue;
		iou__runq_del(sim, req);
		req->state = IOU__RS_LINKED;
		free_tree(sim, req);
	}
	/* chain successors and released drains not yet issued */
	for (p = sim->issueq.next; p != &sim->issueq;) {
		struct iou__req *req = iou__container_of(p, struct iou__req, node);

		p = p->next;
		if (req->ring != r)
			continue;
		iou__list_del(&req->node);
		free_tree(sim, req);
	}
	while (!iou__list_empty(&r->live)) {
		struct iou__req *req =
			iou__container_of(r->live.next, struct iou__req, lnode);

		iou__req_unpark(req);
		if (req->op && req->op->cancel)
			req->op->cancel(req);
		req->state = IOU__RS_LINKED;
		free_tree(sim, req);
	}
	while (!iou__list_empty(&r->drainq)) {
		struct iou__req *req =
			iou__container_of(r->drainq.next, struct iou__req, node);

		iou__list_del(&req->node);
		free_tree(sim, req);
	}
	if (r->link_head) {
		free_tree(sim, r->link_head);
		r->link_head = r->link_last = NULL;
	}
}

static void sim_teardown(struct iou *ring, struct iou__mem *mem)
{
	struct iou__sring *r = iou__sring(ring);
	struct iou_sim *sim = r->sim;
	struct iou__sring **pp;

	if (!sim) { /* its sim was freed under it (sim.c) */
		iou__sim_zombie_free(r);
		ring->backend_data = NULL;
		return;
	}
	IOU__TRACE(sim, "teardown r%u\n", r->id);
	iou__sring_cancel_all(r);
	iou__reg_free(r);
	for (pp = &sim->rings; *pp; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	}
	sim->nrings--;
	{
		struct iou__file *f = r->file;

		f->ring = NULL;
		if (iou__fd_get(sim, r->fd) == f)
			iou__fd_close(sim, r->fd);
		/* pollers of its fd see it never become ready */
		iou__waitq_wake(sim, &r->pollwq);
		iou__file_put(sim, f);
	}
	free(r->ovf);
	free(r->ovf_big);
	free(r->rings);
	free(r->sqes);
	free(r);
	ring->backend_data = NULL;
}

/* The profile's version, as iou_kernel_version() reports it. */
static uint32_t sim_kernel_version(const struct iou *ring)
{
	const struct iou__sring *r = ring->backend_data;

	return r->sim->prof->version;
}

const struct iou_backend iou__sim_backend = {
	.name = "sim",
	.setup = sim_setup,
	.enter = sim_enter,
	.register_op = iou__sim_register,
	.kernel_version = sim_kernel_version,
	.teardown = sim_teardown,
	.closed = iou__sim_ring_closed,
	.sys = &iou__sim_sys_ops,
};

/* ---- buf_ring memory -------------------------------------------------- */

struct iou__brmem {
	struct iou__brmem *next;
	void *p;
	size_t size;
	int used;
};

void *iou__sim_brmem_get(struct iou *ring, size_t size)
{
	struct iou_sim *sim = iou__sring(ring)->sim;
	struct iou__brmem *m;

	if (!sim)
		return NULL; /* its sim was freed */
	size = (size + 4095) & ~(size_t)4095;
	for (m = sim->brmem; m; m = m->next)
		if (!m->used && m->size == size)
			break;
	if (!m) {
		m = calloc(1, sizeof(*m));
		if (!m)
			return NULL;
		m->p = aligned_alloc(4096, size);
		if (!m->p) {
			free(m);
			return NULL;
		}
		m->size = size;
		m->next = sim->brmem;
		sim->brmem = m;
	}
	m->used = 1;
	memset(m->p, 0, size); /* as a fresh anonymous mapping is */
	return m->p;
}

void iou__sim_brmem_put(struct iou *ring, void *p)
{
	struct iou_sim *sim = iou__sring(ring)->sim;
	struct iou__brmem *m;

	for (m = sim ? sim->brmem : NULL; m; m = m->next)
		if (m->p == p)
			m->used = 0;
}

void iou__sim_brmem_free(struct iou_sim *sim)
{
	while (sim->brmem) {
		struct iou__brmem *m = sim->brmem;

		sim->brmem = m->next;
		free(m->p);
		free(m);
	}
}

/* ops_buf.c — provided buffers: PROVIDE_BUFFERS / REMOVE_BUFFERS (legacy
 * groups), buf_ring registration, and buffer selection for reads. Which
 * legacy buffer a read takes and which ones REMOVE_BUFFERS removes are
 * choices; 0 is the profile's order. A buf_ring is consumed in ring order
 * (KERNEL_FACTS "Buffers"). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define MAX_BIDS_PER_BGID (1U << 16)

static struct iou__bgroup *group_find(struct iou__sring *r, uint16_t bgid)
{
	for (struct iou__bgroup *g = r->groups; g; g = g->next)
		if (g->bgid == bgid)
			return g;
	return NULL;
}

static struct iou__bgroup *group_get(struct iou__sring *r, uint16_t bgid)
{
	struct iou__bgroup *g = group_find(r, bgid), **pp;

	if (g)
		return g;
	g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->bgid = bgid;
	/* sorted by bgid: teardown order does not depend on history */
	for (pp = &r->groups; *pp && (*pp)->bgid < bgid; pp = &(*pp)->next)
		;
	g->next = *pp;
	*pp = g;
	return g;
}

static void group_del(struct iou__sring *r, struct iou__bgroup *g)
{
	for (struct iou__bgroup **pp = &r->groups; *pp; pp = &(*pp)->next) {
		if (*pp == g) {
			*pp = g->next;
			break;
		}
	}
	free(g->bufs);
	free(g);
}

void iou__bgroups_free(struct iou__sring *r)
{
	while (r->groups)
		group_del(r, r->groups);
}

/* The index the profile's kernel takes next: before 5.19 the newest
 * provided buffer (the "head" list is LIFO; "remove 3 of 4" left bid 0:
 * Zig 47c58cba595a), from 5.19 the oldest. The choice counts away from
 * it. */
static uint32_t legacy_pick(struct iou__sring *r, struct iou__bgroup *g,
			    enum iou__choice_kind kind)
{
	uint32_t c = iou__choose(r->sim, kind, g->n);

	return r->sim->prof->remove_lifo ? g->n - 1 - c : c;
}

static void legacy_take(struct iou__bgroup *g, uint32_t i)
{
	memmove(&g->bufs[i], &g->bufs[i + 1], (g->n - i - 1) * sizeof(*g->bufs));
	g->n--;
}

static int legacy_add(struct iou__bgroup *g, uint32_t at,
		      const struct iou__lbuf *b)
{
	if (g->n == g->cap) {
		uint32_t cap = g->cap ? g->cap * 2 : 16;
		struct iou__lbuf *nb = realloc(g->bufs, cap * sizeof(*nb));

		if (!nb)
			return -ENOMEM;
		g->bufs = nb;
		g->cap = cap;
	}
	memmove(&g->bufs[at + 1], &g->bufs[at], (g->n - at) * sizeof(*g->bufs));
	g->bufs[at] = *b;
	g->n++;
	return 0;
}

/* ---- selection ------------------------------------------------------------ */

int iou__buf_select(struct iou__req *req, struct iou__bsel *sel, size_t *len)
{
	struct iou__sring *r = req->ring;
	struct iou__bgroup *g = group_find(r, req->sqe.buf_group);

	memset(sel, 0, sizeof(*sel));
	if (!g)
		return -ENOBUFS;
	sel->g = g;
	if (g->is_ring) {
		uint16_t tail = __atomic_load_n(&g->br->tail, __ATOMIC_ACQUIRE);
		struct iou_buf *b;

		if (tail == g->head)
			return -ENOBUFS;
		b = &g->br->bufs[g->head & (g->entries - 1)];
		sel->addr = (void *)(uintptr_t)b->addr;
		sel->len = b->len;
		sel->bid = b->bid;
	} else {
		uint32_t i;

		if (!g->n)
			return -ENOBUFS;
		i = legacy_pick(r, g, IOU__CH_SELECTBUF);
		sel->addr = (void *)(uintptr_t)g->bufs[i].addr;
		sel->len = g->bufs[i].len;
		sel->bid = g->bufs[i].bid;
		sel->legacy_idx = i;
		legacy_take(g, i);
	}
	if (!*len || *len > sel->len)
		*len = sel->len;
	return 0;
}

uint32_t iou__buf_commit(struct iou__req *req, struct iou__bsel *sel)
{
	if (sel->g->is_ring) {
		if (sel->g->inc)
			return iou__buf_commit_n(req, sel, sel->len);
		sel->g->head++;
	}
	return IOU_CQE_F_BUFFER | ((uint32_t)sel->bid << IOU_CQE_BUFFER_SHIFT);
}

/* io_kbuf_inc_commit (6.12): the head buffer loses what was used; while
 * it has room left it stays at the head, its entry rewritten, and the
 * CQE says F_BUF_MORE. Nothing used: nothing consumed. */
static uint32_t inc_commit(struct iou__bgroup *g, size_t used)
{
	while (used) {
		struct iou_buf *b = &g->br->bufs[g->head & (g->entries - 1)];
		uint32_t len = b->len, k = used < len ? (uint32_t)used : len;

		b->len = len - k;
		if (b->len) {
			b->addr += k;
			return IOU_CQE_F_BUF_MORE;
		}
		g->head++;
		used -= k;
		if (!k)
			break;
	}
	return 0;
}

uint32_t iou__buf_commit_n(struct iou__req *req, struct iou__bsel *sel,
			   size_t used)
{
	uint32_t f = IOU_CQE_F_BUFFER |
		     ((uint32_t)sel->bid << IOU_CQE_BUFFER_SHIFT);

	if (!sel->g->is_ring || !sel->g->inc)
		return iou__buf_commit(req, sel);
	return f | inc_commit(sel->g, used);
}

int iou__buf_select_bundle(struct iou__req *req, struct iovec *iov,
			   uint32_t max, size_t want, uint32_t *n,
			   struct iou__bgroup **gp)
{
	struct iou__bgroup *g = group_find(req->ring, req->sqe.buf_group);
	uint16_t tail, head;
	size_t sum = 0;
	uint32_t k = 0;

	*n = 0;
	if (!g)
		return -ENOBUFS;
	if (!g->is_ring)
		return -EINVAL; /* bundles take ring buffers only */
	tail = __atomic_load_n(&g->br->tail, __ATOMIC_ACQUIRE);
	head = g->head;
	if (tail == head)
		return -ENOBUFS;
	/* io_ring_buffers_peek: a head buffer of length 0 is -ENOBUFS
	 * (kbuf.c stable fix, 6.10+), else a recv bundle of 0 bytes would
	 * re-arm on it for ever */
	if (!g->br->bufs[head & (g->entries - 1)].len)
		return -ENOBUFS;
	while (head != tail && k < max && (!want || sum < want)) {
		struct iou_buf *b = &g->br->bufs[head & (g->entries - 1)];

		iov[k].iov_base = (void *)(uintptr_t)b->addr;
		iov[k].iov_len = b->len;
		sum += b->len;
		k++;
		head++;
	}
	*n = k;
	*gp = g;
	return 0;
}

uint32_t iou__buf_commit_bundle(struct iou__bgroup *g, size_t used)
{
	struct iou_buf *b = &g->br->bufs[g->head & (g->entries - 1)];
	uint32_t f = IOU_CQE_F_BUFFER |
		     ((uint32_t)b->bid << IOU_CQE_BUFFER_SHIFT);

	if (g->inc)
		return f | inc_commit(g, used);
	/* io_bundle_nbufs: every buffer the bytes reached; at least one */
	do {
		uint32_t len = g->br->bufs[g->head & (g->entries - 1)].len;

		g->head++;
		used = used > len ? used - len : 0;
	} while (used);
	return f;
}

void iou__buf_recycle(struct iou__req *req, struct iou__bsel *sel)
{
	struct iou__lbuf b;

	if (sel->g->is_ring)
		return; /* not consumed yet */
	b.addr = (uint64_t)(uintptr_t)sel->addr;
	b.len = sel->len;
	b.bid = sel->bid;
	if (legacy_add(sel->g, sel->legacy_idx, &b))
		req->ring->sim->oom = 1;
}

uint32_t iou__buf_recv_end(struct iou__req *req, struct iou__bsel *sel,
			   ssize_t got)
{
	if (got > 0)
		return iou__buf_commit_n(req, sel, (size_t)got);
	iou__buf_recycle(req, sel);
	return 0;
}

uint32_t iou__buf_failed(struct iou__req *req, struct iou__bsel *sel,
			 int pollable)
{
	if (sel->g->is_ring && pollable) {
		iou__buf_recycle(req, sel);
		return 0;
	}
	return iou__buf_commit(req, sel);
}

/* ---- PROVIDE_BUFFERS / REMOVE_BUFFERS ---------------------------------------- */

static int provide_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;
	uint64_t size;

	if (sqe->rw_flags || sqe->splice_fd_in)
		return -EINVAL;
	if (sqe->fd <= 0 || (uint32_t)sqe->fd > MAX_BIDS_PER_BGID)
		return -E2BIG;
	if (!sqe->len)
		return -EINVAL;
	size = (uint64_t)sqe->len * (uint32_t)sqe->fd;
	if (sqe->addr + size < sqe->addr)
		return -EOVERFLOW;
	if (!sqe->addr)
		return -EFAULT;
	if (sqe->off > 0xffff)
		return -E2BIG;
	if (sqe->off + (uint32_t)sqe->fd > MAX_BIDS_PER_BGID)
		return -EINVAL;
	return 0;
}

static int provide_issue(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	const struct iou_sqe *sqe = &req->sqe;
	struct iou__bgroup *g = group_get(r, sqe->buf_group);
	uint32_t n = (uint32_t)sqe->fd;

	if (!g)
		return -ENOMEM;
	if (g->is_ring)
		return -EINVAL;
	if (g->n + n > MAX_BIDS_PER_BGID)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		struct iou__lbuf b = {
			.addr = sqe->addr + (uint64_t)i * sqe->len,
			.len = sqe->len,
			.bid = (uint16_t)(sqe->off + i),
		};

		if (legacy_add(g, g->n, &b))
			return i ? 0 : -ENOMEM;
	}
	return 0;
}

static int remove_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;

	if (sqe->rw_flags || sqe->addr || sqe->len || sqe->off ||
	    sqe->splice_fd_in)
		return -EINVAL;
	if (sqe->fd <= 0 || (uint32_t)sqe->fd > MAX_BIDS_PER_BGID)
		return -EINVAL;
	return 0;
}

static int remove_issue(struct iou__req *req)
{
	struct iou__sring *r = req->ring;
	struct iou__bgroup *g = group_find(r, req->sqe.buf_group);
	uint32_t n = (uint32_t)req->sqe.fd, done = 0;

	if (!g)
		return -ENOENT;
	if (g->is_ring)
		return -EINVAL;
	/* Returns how many it removed; which ones is not specified
	 * (KERNEL_FACTS "Buffers"). */
	while (done < n && g->n) {
		legacy_take(g, legacy_pick(r, g, IOU__CH_REMOVEBUF));
		done++;
	}
	return (int)done;
}

const struct iou__op iou__op_provide_buffers = {
	.name = "PROVIDE_BUFFERS",
	.since = IOU_KERNEL_VERSION(5, 7),
	.prep = provide_prep,
	.issue = provide_issue,
};

const struct iou__op iou__op_remove_buffers = {
	.name = "REMOVE_BUFFERS",
	.since = IOU_KERNEL_VERSION(5, 7),
	.prep = remove_prep,
	.issue = remove_issue,
};

/* ---- buf_ring registration --------------------------------------------------- */

int iou__pbuf_register(struct iou__sring *r, const struct iou_buf_reg *reg)
{
	struct iou__bgroup *g;

	if (reg->resv[0] || reg->resv[1] || reg->resv[2])
		return -EINVAL;
	/* IOU_PBUF_RING_MMAP (kernel memory) is not modelled; _INC is
	 * incremental consumption (6.12) */
	if (reg->flags & ~(iou__kernel_at_least(r->sim, 6, 12)
			   ? IOU_PBUF_RING_INC : 0U))
		return -EINVAL;
	if (!reg->ring_entries || reg->ring_entries > 32768 ||
	    (reg->ring_entries & (reg->ring_entries - 1)))
		return -EINVAL;
	if (!reg->ring_addr)
		return -EFAULT;
	if (reg->ring_addr & 4095)
		return -EINVAL;
	g = group_find(r, reg->bgid);
	if (g) {
		/* over a legacy group or another ring (KERNEL_FACTS) */
		if (g->is_ring || g->n)
			return -EEXIST;
		group_del(r, g);
	}
	g = group_get(r, reg->bgid);
	if (!g)
		return -ENOMEM;
	g->is_ring = 1;
	g->inc = (reg->flags & IOU_PBUF_RING_INC) != 0;
	g->br = (struct iou_buf_ring *)(uintptr_t)reg->ring_addr;
	g->entries = reg->ring_entries;
	g->head = 0;
	return 0;
}

int iou__pbuf_unregister(struct iou__sring *r, const struct iou_buf_reg *reg)
{
	struct iou__bgroup *g;

	if (reg->resv[0] || reg->resv[1] || reg->resv[2] || reg->flags)
		return -EINVAL;
	g = group_find(r, reg->bgid);
	if (!g)
		return -ENOENT;
	if (!g->is_ring)
		return -EINVAL;
	group_del(r, g);
	return 0;
}

int iou__pbuf_status(struct iou__sring *r, struct iou_buf_status *st)
{
	struct iou__bgroup *g;

	for (int i = 0; i < 8; i++)
		if (st->resv[i])
			return -EINVAL;
	g = group_find(r, (uint16_t)st->buf_group);
	if (!g || !g->is_ring)
		return -ENOENT;
	st->head = g->head;
	return 0;
}

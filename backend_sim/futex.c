/* futex.c — futexes on user memory (io_uring/futex.c, kernel/futex):
 * ring ops FUTEX_WAIT, FUTEX_WAKE and FUTEX_WAITV (6.7), and the
 * FUTEX_WAKE of iou_sys_futex_wake (a thread of the application, or a
 * scenario standing in for one). A wait reads the 32-bit word: another
 * value fails -EAGAIN at once; else it parks on the sim's futex queue
 * until a wake on the same word with an overlapping bitset picks it (res
 * 0; FUTEX_WAITV: the index of the word that woke). A wake of fewer
 * waiters than match picks which ones (IOU__CH_ORDER per pick, 0 = the
 * longest waiting, as the kernel's FIFO per priority). Parked waits are
 * canceled like any parked request. The words are user memory, trusted
 * as the process's own: only NULL is -EFAULT. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "evloop.h"

#define FUTEX2_SIZE_U32 0x02U
#define FUTEX2_SIZE_MASK 0x03U
#define FUTEX2_PRIVATE 128U
#define FUTEX2_VALID (FUTEX2_SIZE_MASK | FUTEX2_PRIVATE)
#define FUTEX_WAITV_MAX 128U
#define FUTEX2_STRICT (1U << 31) /* the sim's: FLAGS_STRICT */

struct waitv_entry {           /* struct futex_waitv (uapi) */
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t reserved;
};

static struct iou__waitq *futexq(struct iou_sim *sim)
{
	return iou__waitq_ready(&sim->futexwq);
}

/* get_futex_key's checks: aligned, then present. */
static int word_check(uint64_t uaddr)
{
	if (uaddr % sizeof(uint32_t))
		return -EINVAL;
	return uaddr ? 0 : -EFAULT;
}

/* The flags of a futex2 word (futex_flags_valid): 32-bit words only. */
static int flags_check(uint32_t flags)
{
	if (flags & ~FUTEX2_VALID)
		return -EINVAL;
	if ((flags & FUTEX2_SIZE_MASK) != FUTEX2_SIZE_U32)
		return -EINVAL;
	return 0;
}

/* Whether parked request w waits on uaddr with a bitset meeting mask;
 * the index of its matching word in *which. A private and a shared word
 * at one address are two futexes (the shared key of a private mapping
 * carries FUT_OFF_MMSHARED). */
static int waiter_matches(const struct iou__req *w, uint64_t uaddr,
			  uint32_t priv, uint32_t mask, int32_t *which)
{
	if (w->opcode == IOU_OP_FUTEX_WAITV) {
		const struct waitv_entry *v = w->u.evl.vec;

		for (uint32_t i = 0; i < w->u.evl.n; i++) {
			if (v[i].uaddr == uaddr &&
			    (v[i].flags & FUTEX2_PRIVATE) == priv) {
				*which = (int32_t)i;
				return 1; /* waitv waits with any bitset */
			}
		}
		return 0;
	}
	*which = 0;
	return w->u.evl.uaddr == uaddr &&
	       (w->u.evl.op & FUTEX2_PRIVATE) == priv &&
	       (w->u.evl.mask & mask);
}

int iou__futex_wake(struct iou_sim *sim, uint32_t *uaddr, int nr,
		    uint32_t mask)
{
	/* FUTEX_WAKE | FUTEX_PRIVATE_FLAG */
	return iou__futex_wake_ex(sim, (uint64_t)(uintptr_t)uaddr, nr, mask,
				  FUTEX2_PRIVATE);
}

int iou__futex_wake_ex(struct iou_sim *sim, uint64_t uaddr, int nr,
		       uint32_t mask, uint32_t flags)
{
	uint32_t priv = flags & FUTEX2_PRIVATE;
	int strict = (flags & FUTEX2_STRICT) != 0;
	struct iou__waitq *q = futexq(sim);
	uint32_t nmatch = 0;
	int woke = 0;

	/* futex_wake: the bitset, the word's alignment; a private word
	 * is not touched (NULL is fine); FLAGS_STRICT (futex2 and ring)
	 * wakes none for 0, the legacy call wakes one for nr <= 0 */
	if (!mask)
		return -EINVAL;
	if (uaddr % sizeof(uint32_t))
		return -EINVAL;
	if (!priv && !uaddr)
		return -EFAULT; /* a shared key looks at the page */
	if (strict && nr <= 0)
		return 0;
	if (nr <= 0)
		nr = 1;
	for (struct iou__list *p = q->head.next; p != &q->head; p = p->next) {
		int32_t which;

		nmatch += waiter_matches(iou__container_of(p, struct iou__req,
							   node),
					 uaddr, priv, mask, &which);
	}
	while (nmatch && woke < nr) {
		uint32_t pick = iou__choose(sim, IOU__CH_ORDER, nmatch);
		struct iou__req *w = NULL;
		int32_t which = 0;

		for (struct iou__list *p = q->head.next; p != &q->head;
		     p = p->next) {
			struct iou__req *r = iou__container_of(p, struct iou__req,
							       node);

			if (waiter_matches(r, uaddr, priv, mask, &which) &&
			    !pick--) {
				w = r;
				break;
			}
		}
		if (!w)
			break;
		iou__req_unpark(w);
		IOU__TRACE(sim, "futex wake r%u ud=%llx\n", w->ring->id,
			   (unsigned long long)w->user_data);
		iou__req_complete_ex(w, w->opcode == IOU_OP_FUTEX_WAITV ?
				     which : 0, 1);
		nmatch--;
		woke++;
	}
	return woke;
}

/* ---- FUTEX_WAIT / FUTEX_WAKE ------------------------------------------------ */

static int futex_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;
	uint32_t flags = (uint32_t)sqe->fd;
	int ret;

	req->u.evl.uaddr = sqe->addr;
	req->u.evl.val = sqe->off;
	req->u.evl.mask = sqe->addr3;
	req->u.evl.op = flags;
	req->u.evl.vec = NULL;
	req->u.evl.n = 0;
	/* io_futex_prep */
	if (sqe->len || sqe->futex_flags || sqe->buf_index || sqe->file_index)
		return -EINVAL;
	if ((ret = flags_check(flags)))
		return ret;
	/* futex_validate_input: the value and the mask fit in 32 bits */
	if (sqe->off > UINT32_MAX || sqe->addr3 > UINT32_MAX)
		return -EINVAL;
	return 0;
}

static int futex_wait_issue(struct iou__req *req)
{
	uint32_t cur;
	int ret = word_check(req->u.evl.uaddr);

	if (ret)
		return ret;
	memcpy(&cur, (const void *)(uintptr_t)req->u.evl.uaddr, sizeof(cur));
	if (cur != (uint32_t)req->u.evl.val)
		return -EAGAIN; /* futex_wait_setup: -EWOULDBLOCK */
	iou__waitq_add(futexq(req->ring->sim), req);
	return IOU__PENDING;
}

static int futex_wake_issue(struct iou__req *req)
{
	uint64_t n = req->u.evl.val;

	return iou__futex_wake_ex(req->ring->sim, req->u.evl.uaddr,
				  n > INT32_MAX ? INT32_MAX : (int)n,
				  (uint32_t)req->u.evl.mask,
				  req->u.evl.op | FUTEX2_STRICT);
}

const struct iou__op iou__op_futex_wait = {
	.name = "FUTEX_WAIT",
	.since = IOU_KERNEL_VERSION(6, 7),
	.flags = IOU__OP_CANCEL_COUNT,
	.prep = futex_prep,
	.issue = futex_wait_issue,
};

const struct iou__op iou__op_futex_wake = {
	.name = "FUTEX_WAKE",
	.since = IOU_KERNEL_VERSION(6, 7),
	.prep = futex_prep,
	.issue = futex_wake_issue,
};

/* ---- FUTEX_WAITV ------------------------------------------------------------ */

static int waitv_prep(struct iou__req *req)
{
	const struct iou_sqe *sqe = &req->sqe;
	const struct waitv_entry *uv;
	struct waitv_entry *v;
	uint32_t n = sqe->len;

	req->u.evl.vec = NULL;
	req->u.evl.n = 0;
	/* io_futexv_prep: no flags or mask for the vector form */
	if (sqe->fd || sqe->buf_index || sqe->file_index || sqe->off ||
	    sqe->futex_flags || sqe->addr3)
		return -EINVAL;
	if (!n || n > FUTEX_WAITV_MAX)
		return -EINVAL;
	if (!sqe->addr)
		return -EFAULT;
	uv = (const struct waitv_entry *)(uintptr_t)sqe->addr;
	/* futex_parse_waitv: copied and checked at prep */
	for (uint32_t i = 0; i < n; i++) {
		if ((uv[i].flags & ~FUTEX2_VALID) || uv[i].reserved)
			return -EINVAL;
		if (flags_check(uv[i].flags) || uv[i].val > UINT32_MAX)
			return -EINVAL;
	}
	v = malloc(n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	memcpy(v, uv, n * sizeof(*v));
	req->u.evl.vec = v;
	req->u.evl.n = n;
	return 0;
}

/* futex_wait_multiple_setup: every word checked; one that differs fails
 * the wait -EAGAIN. */
static int waitv_issue(struct iou__req *req)
{
	const struct waitv_entry *v = req->u.evl.vec;

	for (uint32_t i = 0; i < req->u.evl.n; i++) {
		uint32_t cur;
		int ret = word_check(v[i].uaddr);

		if (ret)
			return ret;
		memcpy(&cur, (const void *)(uintptr_t)v[i].uaddr, sizeof(cur));
		if (cur != (uint32_t)v[i].val)
			return -EAGAIN;
	}
	iou__waitq_add(futexq(req->ring->sim), req);
	return IOU__PENDING;
}

static void waitv_cleanup(struct iou__req *req)
{
	free(req->u.evl.vec);
	req->u.evl.vec = NULL;
}

const struct iou__op iou__op_futex_waitv = {
	.name = "FUTEX_WAITV",
	.since = IOU_KERNEL_VERSION(6, 7),
	.flags = IOU__OP_CANCEL_COUNT,
	.prep = waitv_prep,
	.issue = waitv_issue,
	.cleanup = waitv_cleanup,
};

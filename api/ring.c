/* ring.c — the user-side ring code that every backend shares: wiring the
 * ring memory after setup, publishing SQEs, entering, waiting and reaping.
 * This is the code that ships and the code the sim tests. */
#include <errno.h>
#include <string.h>

#include "backend.h"

#define IOU__MAX_ENTRIES 32768U

/* Setup flags iou knows how to drive. SQE128/CQE32 double the entry sizes:
 * iou_get_sqe and the CQE helpers step over the second half (sqe_shift,
 * cqe_shift). NO_MMAP is taken below; REGISTERED_FD_ONLY changes who owns
 * the fd: refused with -EINVAL. */
#define IOU__SETUP_SUPPORTED                                                   \
	(IOU_SETUP_IOPOLL | IOU_SETUP_SQPOLL | IOU_SETUP_SQ_AFF |               \
	 IOU_SETUP_CQSIZE | IOU_SETUP_CLAMP | IOU_SETUP_ATTACH_WQ |            \
	 IOU_SETUP_R_DISABLED | IOU_SETUP_SUBMIT_ALL |                         \
	 IOU_SETUP_COOP_TASKRUN | IOU_SETUP_TASKRUN_FLAG |                     \
	 IOU_SETUP_SINGLE_ISSUER | IOU_SETUP_DEFER_TASKRUN |                   \
	 IOU_SETUP_NO_SQARRAY | IOU_SETUP_SQE128 | IOU_SETUP_CQE32)

static int ring_check(const struct iou *ring)
{
	return iou__ring_check(ring);
}

/* ---- Setup ------------------------------------------------------------- */

static void wire_ring(struct iou *ring, const struct iou_params *p,
		      const struct iou__mem *mem)
{
	struct iou_sq *sq = &ring->sq;
	struct iou_cq *cq = &ring->cq;
	char *sqr = mem->sq_ring;
	char *cqr = mem->cq_ring ? mem->cq_ring : mem->sq_ring;

	sq->khead = (unsigned *)(sqr + p->sq_off.head);
	sq->ktail = (unsigned *)(sqr + p->sq_off.tail);
	sq->kflags = (unsigned *)(sqr + p->sq_off.flags);
	sq->kdropped = (unsigned *)(sqr + p->sq_off.dropped);
	sq->ring_mask = *(unsigned *)(sqr + p->sq_off.ring_mask);
	sq->ring_entries = *(unsigned *)(sqr + p->sq_off.ring_entries);
	sq->sqes = mem->sqes;
	sq->ring_ptr = mem->sq_ring;
	sq->ring_sz = mem->sq_ring_sz;
	sq->sqes_sz = mem->sqes_sz;
	sq->sqe_head = sq->sqe_tail = *sq->ktail;
	sq->sqe_shift = (p->flags & IOU_SETUP_SQE128) ? 1 : 0;
	if (!(p->flags & IOU_SETUP_NO_SQARRAY)) {
		/* SQE i always sits in SQ slot i: the array is written once. */
		sq->array = (unsigned *)(sqr + p->sq_off.array);
		for (unsigned i = 0; i < sq->ring_entries; i++)
			sq->array[i] = i;
	}

	cq->khead = (unsigned *)(cqr + p->cq_off.head);
	cq->ktail = (unsigned *)(cqr + p->cq_off.tail);
	cq->koverflow = (unsigned *)(cqr + p->cq_off.overflow);
	/* cq_off.flags is 0 on kernels before 5.8, which have no CQ flags. */
	cq->kflags = p->cq_off.flags ? (unsigned *)(cqr + p->cq_off.flags) : NULL;
	cq->ring_mask = *(unsigned *)(cqr + p->cq_off.ring_mask);
	cq->ring_entries = *(unsigned *)(cqr + p->cq_off.ring_entries);
	cq->cqes = (struct iou_cqe *)(cqr + p->cq_off.cqes);
	cq->ring_ptr = mem->cq_ring;
	cq->ring_sz = mem->cq_ring_sz;
	cq->cqe_shift = (p->flags & IOU_SETUP_CQE32) ? 1 : 0;
}

int iou__queue_init(const struct iou_backend *be, unsigned entries,
		    struct iou *ring, struct iou_params *p, void *arg)
{
	struct iou__mem mem;
	unsigned supported = IOU__SETUP_SUPPORTED, pre;
	int fd;

	if (!ring || !p)
		return -EINVAL;
	/* A caller that drives 128-byte SQEs and 32-byte CQEs itself (the
	 * liburing API) says so before setup (iou's own helpers index the
	 * rings in 64/16-byte steps), as one that registers the ring fd
	 * itself does. */
	pre = ring->magic == IOU__MAGIC_PRESET ? ring->int_flags : 0;

	/* Rings in the caller's memory (iou_queue_init_mem) are the kernel's
	 * only: the sim does not model them and refuses them as a kernel
	 * without them would. Wide entries: the backend's profile decides. */
	supported |= IOU_SETUP_NO_MMAP;
	if (be != &iou__linux_backend)
		supported &= ~IOU_SETUP_NO_MMAP;
	memset(ring, 0, sizeof(*ring));
	if (!entries || (p->flags & ~supported))
		return -EINVAL;
	/* Any size up to the maximum: the kernel rounds it up to a power of
	 * two (as liburing lets it); past the maximum only with CLAMP. */
	if (!(p->flags & IOU_SETUP_CLAMP) && entries > IOU__MAX_ENTRIES)
		return -EINVAL;

	memset(&mem, 0, sizeof(mem));
	fd = be->setup(ring, entries, p, &mem, arg);
	if (fd < 0) {
		memset(ring, 0, sizeof(*ring));
		return fd;
	}
	wire_ring(ring, p, &mem);
	ring->flags = p->flags;
	ring->features = p->features;
	ring->ring_fd = fd;
	ring->enter_ring_fd = fd;
	ring->backend = be;
	ring->magic = IOU__MAGIC;
	ring->int_flags = pre & IOU__INT_NO_AUTO_REG;
	/* A single-issuer ring is used by one task, where a registered ring fd
	 * is valid and saves the fd lookup on every enter (5.18+). */
	if ((p->flags & IOU_SETUP_SINGLE_ISSUER) &&
	    !(p->flags & IOU_SETUP_R_DISABLED) && !(pre & IOU__INT_NO_AUTO_REG))
		(void)iou_register_ring_fd(ring);
	/* A disabled single-issuer ring gets its submitter when it is enabled,
	 * maybe in another thread: iou_enable_rings registers it there. */
	return 0;
}

/* IOU_BACKEND=sim: the ring goes on the process-wide sim (backend_sim/
 * process.c); -ENOSYS when the environment asks for the kernel. */
int iou__process_queue_init(unsigned entries, struct iou *ring,
			    struct iou_params *p);

int iou_queue_init_params(unsigned entries, struct iou *ring,
			  struct iou_params *p)
{
	int ret = iou__process_queue_init(entries, ring, p);

	if (ret != -ENOSYS)
		return ret;
	return iou__queue_init(&iou__linux_backend, entries, ring, p, NULL);
}

int iou_queue_init(unsigned entries, struct iou *ring, unsigned flags)
{
	struct iou_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return iou_queue_init_params(entries, ring, &p);
}

void iou_queue_exit(struct iou *ring)
{
	struct iou__mem mem;

	if (!ring || ring->magic != IOU__MAGIC)
		return;
	/* a ring whose kernel side is gone (ring_check: -EBADF) still has
	 * its teardown: the backend frees what it kept for it */
	if (!ring_check(ring) && (ring->int_flags & IOU__INT_REG_RING))
		(void)iou_unregister_ring_fd(ring);
	mem.sq_ring = ring->sq.ring_ptr;
	mem.sq_ring_sz = ring->sq.ring_sz;
	mem.cq_ring = ring->cq.ring_ptr;
	mem.cq_ring_sz = ring->cq.ring_sz;
	mem.sqes = ring->sq.sqes;
	mem.sqes_sz = ring->sq.sqes_sz;
	ring->backend->teardown(ring, &mem);
	memset(ring, 0, sizeof(*ring));
}

const char *iou_backend_name(const struct iou *ring)
{
	return ring_check(ring) ? NULL : ring->backend->name;
}

int iou_ring_fd(const struct iou *ring)
{
	int ret = ring_check(ring);

	return ret ? ret : ring->ring_fd;
}

uint32_t iou_kernel_version(const struct iou *ring)
{
	if (ring_check(ring) || !ring->backend->kernel_version)
		return 0;
	return ring->backend->kernel_version(ring);
}

/* ---- Entering the kernel ----------------------------------------------- */

static inline unsigned sq_flags(const struct iou *ring)
{
	return __atomic_load_n(ring->sq.kflags, __ATOMIC_RELAXED);
}

/* The kernel holds completions it has not posted: overflowed CQEs or
 * deferred task work (COOP/DEFER_TASKRUN rings set TASKRUN). */
static inline int cq_needs_flush(const struct iou *ring)
{
	return (sq_flags(ring) & (IOU_SQ_CQ_OVERFLOW | IOU_SQ_TASKRUN)) != 0;
}

static inline int cq_needs_enter(const struct iou *ring)
{
	return (ring->flags & IOU_SETUP_IOPOLL) || cq_needs_flush(ring);
}

/* Whether submitting needs a syscall: always, unless an SQPOLL thread is
 * awake to pick the SQEs up. */
static inline int sq_needs_enter(const struct iou *ring, unsigned submit,
				 unsigned *flags)
{
	if (!submit)
		return 0;
	if (!(ring->flags & IOU_SETUP_SQPOLL))
		return 1;
	/* Order the tail store before reading NEED_WAKEUP; pairs with the
	 * barrier in the kernel's SQPOLL thread before it sleeps. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (sq_flags(ring) & IOU_SQ_NEED_WAKEUP) {
		*flags |= IOU_ENTER_SQ_WAKEUP;
		return 1;
	}
	return 0;
}

static inline int do_enter(struct iou *ring, unsigned submit, unsigned wait_nr,
			   unsigned flags, const void *arg, size_t argsz)
{
	if (ring->int_flags & IOU__INT_REG_RING)
		flags |= IOU_ENTER_REGISTERED_RING;
	return ring->backend->enter(ring, submit, wait_nr, flags, arg, argsz);
}

/* Publishes the SQEs handed out since the last flush (release store of the
 * tail) and returns how many the kernel has not consumed yet. */
static inline unsigned flush_sq(struct iou *ring)
{
	struct iou_sq *sq = &ring->sq;
	unsigned tail = sq->sqe_tail;

	if (sq->sqe_head != tail) {
		sq->sqe_head = tail;
		__atomic_store_n(sq->ktail, tail, __ATOMIC_RELEASE);
	}
	return tail - __atomic_load_n(sq->khead, __ATOMIC_ACQUIRE);
}

static int submit_common(struct iou *ring, unsigned submitted, unsigned wait_nr,
			 int getevents)
{
	unsigned flags = 0;
	int cq_enter = getevents || wait_nr || cq_needs_enter(ring);

	if (sq_needs_enter(ring, submitted, &flags) || cq_enter) {
		if (cq_enter)
			flags |= IOU_ENTER_GETEVENTS;
		return do_enter(ring, submitted, wait_nr, flags, NULL, 0);
	}
	return (int)submitted;
}

int iou_submit(struct iou *ring)
{
	int ret = ring_check(ring);

	if (ret)
		return ret;
	return submit_common(ring, flush_sq(ring), 0, 0);
}

int iou_submit_and_wait(struct iou *ring, unsigned wait_nr)
{
	int ret = ring_check(ring);

	if (ret)
		return ret;
	return submit_common(ring, flush_sq(ring), wait_nr, 0);
}

int iou_get_events(struct iou *ring)
{
	int ret = ring_check(ring);

	if (ret)
		return ret;
	ret = do_enter(ring, 0, 0, IOU_ENTER_GETEVENTS, NULL, 0);
	return ret < 0 ? ret : 0;
}

/* ---- Waiting for completions ------------------------------------------- */

struct get_args {
	unsigned submit;      /* SQEs still to hand to the kernel */
	unsigned wait_nr;
	unsigned flags;       /* extra enter flags (EXT_ARG) */
	const void *arg;
	size_t argsz;
	int has_ts;
};

static inline struct iou_cqe *peek_ready(struct iou *ring, unsigned *avail)
{
	unsigned head = *ring->cq.khead;
	unsigned tail = __atomic_load_n(ring->cq.ktail, __ATOMIC_ACQUIRE);

	*avail = tail - head;
	return tail != head ? &ring->cq.cqes[(head & ring->cq.ring_mask)
					     << ring->cq.cqe_shift]
			    : NULL;
}

/* The one wait loop behind peek, wait and submit-and-wait: enters as long
 * as fewer than wait_nr CQEs are ready and no CQE was there before the
 * last enter, so it may return with fewer than wait_nr ready (as the kernel
 * may: a signal, or a chosen early return on the sim). */
static int get_cqe(struct iou *ring, struct iou_cqe **cqe_ptr,
		   struct get_args *a)
{
	int looped = 0;

	for (;;) {
		struct iou_cqe *cqe;
		unsigned avail, flags = 0;
		int need_enter = 0, ret;

		cqe = peek_ready(ring, &avail);
		if (!cqe && !a->wait_nr && !a->submit) {
			if (looped || !cq_needs_enter(ring)) {
				*cqe_ptr = NULL;
				return -EAGAIN;
			}
			need_enter = 1;
		}
		if (a->wait_nr > avail || need_enter) {
			flags = IOU_ENTER_GETEVENTS | a->flags;
			need_enter = 1;
		}
		if (sq_needs_enter(ring, a->submit, &flags))
			need_enter = 1;
		if (!need_enter || (looped && a->has_ts)) {
			/* Nothing to do, or the timed wait already ran once. */
			*cqe_ptr = cqe;
			if (cqe)
				return 0;
			return a->has_ts ? -ETIME : -EAGAIN;
		}
		/* The timeout travels with every enter of a timed wait: an
		 * arg without EXT_ARG would be read as a sigset. */
		ret = do_enter(ring, a->submit, a->wait_nr, flags | a->flags,
			       a->arg, a->argsz);
		if (ret < 0) {
			*cqe_ptr = NULL;
			return ret;
		}
		a->submit -= (unsigned)ret < a->submit ? (unsigned)ret : a->submit;
		if (cqe) {
			*cqe_ptr = cqe;
			return 0;
		}
		looped = 1;
	}
}

int iou__peek_slow(struct iou *ring, struct iou_cqe **cqe)
{
	struct get_args a = { 0 };
	int ret = ring_check(ring);

	if (ret)
		return ret;
	if (!cqe)
		return -EINVAL;
	return get_cqe(ring, cqe, &a);
}

static int wait_common(struct iou *ring, struct iou_cqe **cqe, unsigned submit,
		       unsigned wait_nr, struct iou_timespec *ts)
{
	struct iou_getevents_arg arg;
	struct get_args a = { .submit = submit, .wait_nr = wait_nr };

	if (ts) {
		/* EXT_ARG (5.11) carries the timeout; iou has no fallback
		 * through an internal TIMEOUT SQE. */
		if (!(ring->features & IOU_FEAT_EXT_ARG))
			return -EINVAL;
		memset(&arg, 0, sizeof(arg));
		arg.ts = (uint64_t)(uintptr_t)ts;
		a.flags = IOU_ENTER_EXT_ARG;
		a.arg = &arg;
		a.argsz = sizeof(arg);
		a.has_ts = 1;
	}
	return get_cqe(ring, cqe, &a);
}

int iou_wait_cqe(struct iou *ring, struct iou_cqe **cqe)
{
	int ret = ring_check(ring);

	if (ret)
		return ret;
	if (!cqe)
		return -EINVAL;
	return wait_common(ring, cqe, 0, 1, NULL);
}

int iou_wait_cqes(struct iou *ring, struct iou_cqe **cqe, unsigned wait_nr,
		  struct iou_timespec *ts)
{
	int ret = ring_check(ring);

	if (ret)
		return ret;
	if (!cqe)
		return -EINVAL;
	return wait_common(ring, cqe, 0, wait_nr, ts);
}

int iou_wait_cqe_timeout(struct iou *ring, struct iou_cqe **cqe,
			 struct iou_timespec *ts)
{
	return iou_wait_cqes(ring, cqe, 1, ts);
}

int iou_submit_and_wait_timeout(struct iou *ring, struct iou_cqe **cqe,
				unsigned wait_nr, struct iou_timespec *ts)
{
	unsigned submit;
	int ret = ring_check(ring);

	if (ret)
		return ret;
	if (!cqe)
		return -EINVAL;
	if (ts && !(ring->features & IOU_FEAT_EXT_ARG))
		return -EINVAL;
	submit = flush_sq(ring);
	{
		struct iou_getevents_arg arg;
		struct get_args a = { .submit = submit, .wait_nr = wait_nr };

		if (ts) {
			memset(&arg, 0, sizeof(arg));
			arg.ts = (uint64_t)(uintptr_t)ts;
			a.flags = IOU_ENTER_EXT_ARG;
			a.arg = &arg;
			a.argsz = sizeof(arg);
			a.has_ts = 1;
		}
		ret = get_cqe(ring, cqe, &a);
		if (ret < 0)
			return ret;
		return (int)(submit - a.submit);
	}
}

/* ---- Reaping ----------------------------------------------------------- */

/* Copies up to count ready CQEs, in two pieces when they straddle the end
 * of the CQ array, then consumes them. */
static unsigned copy_ready(struct iou *ring, struct iou_cqe *out,
			   unsigned count)
{
	struct iou_cq *cq = &ring->cq;
	unsigned head = *cq->khead;
	unsigned n = __atomic_load_n(cq->ktail, __ATOMIC_ACQUIRE) - head;
	unsigned idx, first;

	if (n > count)
		n = count;
	if (!n)
		return 0;
	idx = head & cq->ring_mask;
	if (cq->cqe_shift) {
		/* 32-byte CQEs: the first 16 bytes of each (iou_cqe_big
		 * reads the rest, before they are consumed) */
		for (unsigned i = 0; i < n; i++)
			out[i] = cq->cqes[((head + i) & cq->ring_mask) << 1];
		__atomic_store_n(cq->khead, head + n, __ATOMIC_RELEASE);
		return n;
	}
	first = cq->ring_entries - idx;
	if (first > n)
		first = n;
	memcpy(out, &cq->cqes[idx], first * sizeof(*out));
	if (n > first)
		memcpy(out + first, cq->cqes, (n - first) * sizeof(*out));
	__atomic_store_n(cq->khead, head + n, __ATOMIC_RELEASE);
	return n;
}

int iou_copy_cqes(struct iou *ring, struct iou_cqe *cqes, unsigned count,
		  unsigned wait_nr)
{
	int ret = ring_check(ring);

	if (ret)
		return ret;
	if (!count)
		return 0;
	if (!cqes)
		return -EINVAL;
	for (;;) {
		unsigned n = copy_ready(ring, cqes, count);

		if (n)
			return (int)n;
		if (!wait_nr && !cq_needs_enter(ring))
			return 0;
		ret = do_enter(ring, 0, wait_nr, IOU_ENTER_GETEVENTS, NULL, 0);
		if (ret < 0)
			return ret;
		if (!wait_nr)
			return (int)copy_ready(ring, cqes, count);
	}
}

unsigned iou_peek_batch_cqe(struct iou *ring, struct iou_cqe **cqes,
			    unsigned count)
{
	unsigned head, n, i;

	if (ring_check(ring) || !cqes)
		return 0;
	head = *ring->cq.khead;
	n = __atomic_load_n(ring->cq.ktail, __ATOMIC_ACQUIRE) - head;
	if (n > count)
		n = count;
	for (i = 0; i < n; i++)
		cqes[i] = &ring->cq.cqes[((head + i) & ring->cq.ring_mask)
					 << ring->cq.cqe_shift];
	return n;
}

/* ---- Raw enter and adopting a ring fd ---------------------------------- */

int iou_enter(struct iou *ring, unsigned to_submit, unsigned min_complete,
	      unsigned flags, const void *arg, size_t argsz)
{
	int ret = ring_check(ring);

	if (ret)
		return ret;
	return do_enter(ring, to_submit, min_complete, flags, arg, argsz);
}

int iou_queue_mmap(int fd, struct iou_params *p, struct iou *ring)
{
	if (fd < 0 || !p || !ring)
		return fd < 0 ? -EBADF : -EINVAL;
	/* The linux backend maps fd instead of calling io_uring_setup when
	 * its setup argument names an fd. */
	return iou__queue_init(&iou__linux_backend, p->sq_entries, ring, p, &fd);
}

/* Room the kernel needs for a ring of sq/cq entries: the SQEs, then (page
 * aligned) struct io_rings (under 1 KiB), the CQEs and the SQ array. */
static size_t mem_layout(const struct iou_params *p, unsigned sq, unsigned cq,
			 size_t *sqes_sz)
{
	size_t sqes = (size_t)sq * sizeof(struct iou_sqe) *
		      ((p->flags & IOU_SETUP_SQE128) ? 2 : 1);
	size_t rings = 1024 + (size_t)cq * sizeof(struct iou_cqe) *
			      ((p->flags & IOU_SETUP_CQE32) ? 2 : 1);

	if (!(p->flags & IOU_SETUP_NO_SQARRAY))
		rings += (size_t)sq * sizeof(unsigned);
	sqes = (sqes + 4095) & ~(size_t)4095;
	*sqes_sz = sqes;
	return sqes + ((rings + 4095) & ~(size_t)4095);
}

static unsigned pow2_up(unsigned n)
{
	unsigned r = 1;

	while (r < n)
		r <<= 1;
	return r;
}

int iou_queue_init_mem(unsigned entries, struct iou *ring,
		       struct iou_params *p, void *buf, size_t buf_size)
{
	unsigned sq, cq;
	size_t need, sqes_sz;
	int ret;

	if (!ring || !p || !buf || ((uintptr_t)buf & 4095))
		return -EINVAL;
	if (!entries || entries > IOU__MAX_ENTRIES)
		return -EINVAL;
	sq = pow2_up(entries);
	if (p->flags & IOU_SETUP_CQSIZE) {
		if (!p->cq_entries || p->cq_entries > 2 * IOU__MAX_ENTRIES)
			return -EINVAL;
		cq = pow2_up(p->cq_entries);
	} else {
		cq = 2 * sq;
	}
	need = mem_layout(p, sq, cq, &sqes_sz);
	if (need > buf_size)
		return -ENOMEM;
	p->flags |= IOU_SETUP_NO_MMAP;
	p->sq_off.user_addr = (uint64_t)(uintptr_t)buf;
	p->cq_off.user_addr = (uint64_t)(uintptr_t)((char *)buf + sqes_sz);
	ret = iou_queue_init_params(entries, ring, p);
	return ret < 0 ? ret : (int)need;
}

/* ---- Resizing ---------------------------------------------------------- */

#define IOU__REGISTER_RESIZE_RINGS 33U

int iou__linux_remap(struct iou *ring, const struct iou_params *p,
		     struct iou__mem *mem);

int iou_resize_rings(struct iou *ring, struct iou_params *p)
{
	struct iou__mem mem;
	unsigned sqe_head, sqe_tail;
	int ret = ring_check(ring);

	if (ret)
		return ret;
	if (!p)
		return -EINVAL;
	/* The sim does not model resizing: as a kernel before 6.13. */
	if (ring->backend != &iou__linux_backend ||
	    (ring->flags & IOU_SETUP_NO_MMAP))
		return -EINVAL;
	memset(&p->sq_off, 0, sizeof(p->sq_off));
	memset(&p->cq_off, 0, sizeof(p->cq_off));
	ret = iou_register(ring, IOU__REGISTER_RESIZE_RINGS, p, 1);
	if (ret < 0)
		return ret;
	/* 6.18 hands back sq_off.array as 0 (and no features): the array
	 * follows the CQEs, cache-line aligned, as at setup. */
	if (!(ring->flags & IOU_SETUP_NO_SQARRAY) && !p->sq_off.array) {
		size_t end = p->cq_off.cqes + (size_t)p->cq_entries *
			     sizeof(struct iou_cqe) *
			     ((ring->flags & IOU_SETUP_CQE32) ? 2 : 1);

		p->sq_off.array = (uint32_t)((end + 63) & ~(size_t)63);
	}
	/* The kernel copied the pending entries and kept the indexes; the
	 * SQEs handed out but not submitted stay handed out. */
	sqe_head = ring->sq.sqe_head;
	sqe_tail = ring->sq.sqe_tail;
	mem.sq_ring = ring->sq.ring_ptr;
	mem.sq_ring_sz = ring->sq.ring_sz;
	mem.cq_ring = ring->cq.ring_ptr;
	mem.cq_ring_sz = ring->cq.ring_sz;
	mem.sqes = ring->sq.sqes;
	mem.sqes_sz = ring->sq.sqes_sz;
	ret = iou__linux_remap(ring, p, &mem);
	if (ret < 0) {
		/* The old mappings are gone: the ring cannot be used. */
		memset(&ring->sq, 0, sizeof(ring->sq));
		memset(&ring->cq, 0, sizeof(ring->cq));
		ring->magic = 0;
		return ret;
	}
	{
		unsigned asked = p->flags;

		p->flags = ring->flags; /* wire_ring reads NO_SQARRAY there */
		wire_ring(ring, p, &mem);
		p->flags = asked;
	}
	ring->sq.sqe_head = sqe_head;
	ring->sq.sqe_tail = sqe_tail;
	return 0;
}

int iou_sqring_wait(struct iou *ring)
{
	int ret = ring_check(ring);

	if (ret)
		return ret;
	if (!(ring->flags & IOU_SETUP_SQPOLL) || iou_sq_space_left(ring))
		return 0;
	ret = do_enter(ring, 0, 0, IOU_ENTER_SQ_WAIT, NULL, 0);
	return ret < 0 ? ret : 0;
}

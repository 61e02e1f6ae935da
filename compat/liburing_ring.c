/* liburing_ring.c — liburing's ring calls on iou: setup through
 * iou_queue_init_params (so every iou backend serves liburing programs),
 * the liburing view of the ring memory, and liburing's submit and wait
 * semantics over iou_enter. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "liburing_int.h"
#include "iou_sim.h"

/* ---- Rings the raw fd calls must find ---------------------------------- */

/* An iou ring set up through this API. Those not on the kernel are listed,
 * so that io_uring_register(fd, ...) and io_uring_enter(fd, ...) on their
 * (virtual) fd reach their backend. */
struct lu_node {
	struct iou iou;
	struct lu_node *next;
	int listed;
};

static pthread_mutex_t lu_lock = PTHREAD_MUTEX_INITIALIZER;
static struct lu_node *lu_list;

static void list_add(struct lu_node *n)
{
	pthread_mutex_lock(&lu_lock);
	n->next = lu_list;
	lu_list = n;
	n->listed = 1;
	pthread_mutex_unlock(&lu_lock);
}

static void list_del(struct lu_node *n)
{
	struct lu_node **pp;

	if (!n->listed)
		return;
	pthread_mutex_lock(&lu_lock);
	for (pp = &lu_list; *pp; pp = &(*pp)->next) {
		if (*pp == n) {
			*pp = n->next;
			break;
		}
	}
	pthread_mutex_unlock(&lu_lock);
}

struct iou *iou__lu_find_fd(int fd)
{
	struct lu_node *n;
	struct iou *found = NULL;

	pthread_mutex_lock(&lu_lock);
	for (n = lu_list; n; n = n->next) {
		if (n->iou.ring_fd == fd) {
			found = &n->iou;
			break;
		}
	}
	pthread_mutex_unlock(&lu_lock);
	return found;
}

/* ---- Setup ------------------------------------------------------------- */

void iou__lu_sync_fds(struct io_uring *ring)
{
	struct iou *r = iou__lu_ring(ring);

	if (!r)
		return;
	ring->ring_fd = r->ring_fd;
	ring->enter_ring_fd = r->enter_ring_fd;
	ring->int_flags &= (__u8)~(IOU_LIBURING_INT_REG_RING |
				   IOU_LIBURING_INT_REG_REG_RING);
	if (r->int_flags & IOU__INT_REG_RING)
		ring->int_flags |= IOU_LIBURING_INT_REG_RING;
	if (r->ring_fd < 0)
		ring->int_flags |= IOU_LIBURING_INT_REG_REG_RING;
}

/* Fills liburing's view of the ring from the iou ring's and the offsets
 * setup returned. */
static void wire(struct io_uring *ring, struct iou *r,
		 const struct io_uring_params *p)
{
	char *sqr = r->sq.ring_ptr;
	char *cqr = r->cq.ring_ptr ? r->cq.ring_ptr : r->sq.ring_ptr;
	struct io_uring_sq *sq = &ring->sq;
	struct io_uring_cq *cq = &ring->cq;

	memset(ring, 0, sizeof(*ring));
	sq->khead = r->sq.khead;
	sq->ktail = r->sq.ktail;
	sq->kring_mask = (unsigned *)(sqr + p->sq_off.ring_mask);
	sq->kring_entries = (unsigned *)(sqr + p->sq_off.ring_entries);
	sq->kflags = r->sq.kflags;
	sq->kdropped = r->sq.kdropped;
	sq->array = r->sq.array;
	sq->sqes = (struct io_uring_sqe *)r->sq.sqes;
	sq->sqe_head = sq->sqe_tail = r->sq.sqe_tail;
	sq->ring_sz = r->sq.ring_sz;
	sq->ring_ptr = r->sq.ring_ptr;
	sq->ring_mask = r->sq.ring_mask;
	sq->ring_entries = r->sq.ring_entries;

	cq->khead = r->cq.khead;
	cq->ktail = r->cq.ktail;
	cq->kring_mask = (unsigned *)(cqr + p->cq_off.ring_mask);
	cq->kring_entries = (unsigned *)(cqr + p->cq_off.ring_entries);
	cq->kflags = r->cq.kflags;
	cq->koverflow = r->cq.koverflow;
	cq->cqes = (struct io_uring_cqe *)r->cq.cqes;
	/* One mapping for both rings (IORING_FEAT_SINGLE_MMAP): liburing
	 * shows it on both sides. */
	cq->ring_sz = r->cq.ring_ptr ? r->cq.ring_sz : r->sq.ring_sz;
	cq->ring_ptr = cqr;
	cq->ring_mask = r->cq.ring_mask;
	cq->ring_entries = r->cq.ring_entries;

	ring->flags = p->flags;
	ring->features = p->features;
	iou__lu_set_ring(ring, r);
	iou__lu_sync_fds(ring);
}

/* Sets up the iou ring (init says how) and wires the liburing ring. */
static int lu_setup(struct io_uring *ring, struct io_uring_params *p,
		    int (*init)(struct iou *r, struct iou_params *ip,
				void *arg),
		    void *arg)
{
	struct lu_node *n;
	int ret;

	if (!ring || !p)
		return -EINVAL;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	/* The inlines index SQE128/CQE32 rings; liburing never registers the
	 * ring fd unasked. */
	n->iou.magic = IOU__MAGIC_PRESET;
	n->iou.int_flags = IOU__INT_WIDE_OK | IOU__INT_NO_AUTO_REG;
	ret = init(&n->iou, (struct iou_params *)p, arg);
	if (ret < 0) {
		free(n);
		return ret;
	}
	if (n->iou.backend != &iou__linux_backend)
		list_add(n);
	wire(ring, &n->iou, p);
	return 0;
}

static int init_params(struct iou *r, struct iou_params *ip, void *arg)
{
	unsigned entries = *(unsigned *)arg, n = 1;

	/* The kernel rounds the sizes up to powers of two (and clamps them
	 * with IORING_SETUP_CLAMP); liburing passes them through. */
	if (entries && entries <= 32768) {
		while (n < entries)
			n <<= 1;
		entries = n;
	}
	return iou_queue_init_params(entries, r, ip);
}

IOU_LIBURING_API int io_uring_queue_init_params(unsigned entries,
						struct io_uring *ring,
						struct io_uring_params *p)
{
	return lu_setup(ring, p, init_params, &entries);
}

IOU_LIBURING_API int io_uring_queue_init(unsigned entries,
					 struct io_uring *ring, unsigned flags)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return io_uring_queue_init_params(entries, ring, &p);
}

struct sim_args {
	unsigned entries;
	struct iou_sim *sim;
};

static int init_sim(struct iou *r, struct iou_params *ip, void *arg)
{
	struct sim_args *a = arg;

	return iou_queue_init_sim_params(a->entries, r, ip, a->sim);
}

int iou__liburing_queue_init_sim(unsigned entries, struct io_uring *ring,
				 struct io_uring_params *p,
				 struct iou_sim *sim)
{
	struct sim_args a = { entries, sim };

	return lu_setup(ring, p, init_sim, &a);
}

static int init_mmap(struct iou *r, struct iou_params *ip, void *arg)
{
	return iou_queue_mmap(*(int *)arg, ip, r);
}

IOU_LIBURING_API int io_uring_queue_mmap(int fd, struct io_uring_params *p,
					 struct io_uring *ring)
{
	return lu_setup(ring, p, init_mmap, &fd);
}

struct mem_args {
	unsigned entries;
	void *buf;
	size_t size;
	int used;
};

static int init_mem(struct iou *r, struct iou_params *ip, void *arg)
{
	struct mem_args *m = arg;

	m->used = iou_queue_init_mem(m->entries, r, ip, m->buf, m->size);
	return m->used;
}

/* Rings in the caller's memory (IORING_SETUP_NO_MMAP, 6.5). Returns the
 * bytes of buf used, or -errno. */
IOU_LIBURING_API int io_uring_queue_init_mem(unsigned entries,
					     struct io_uring *ring,
					     struct io_uring_params *p,
					     void *buf, size_t buf_size)
{
	struct mem_args m = { entries, buf, buf_size, 0 };
	int ret = lu_setup(ring, p, init_mem, &m);

	if (ret < 0)
		return ret;
	ring->int_flags |= IOU_LIBURING_INT_APP_MEM;
	return m.used;
}

IOU_LIBURING_API void io_uring_queue_exit(struct io_uring *ring)
{
	struct iou *r = ring ? iou__lu_sync_in(ring) : NULL;
	struct lu_node *n;

	if (!r)
		return;
	n = (struct lu_node *)r;
	list_del(n);
	iou_queue_exit(r);
	free(n);
	iou__lu_set_ring(ring, NULL);
	ring->ring_fd = -1;
}

/* Resizes the rings (6.13) and re-reads liburing's view of them; the SQEs
 * handed out and the ring's flags stay as they were. */
IOU_LIBURING_API int io_uring_resize_rings(struct io_uring *ring,
					   struct io_uring_params *p)
{
	struct iou *r = ring ? iou__lu_sync_in(ring) : NULL;
	unsigned head, tail, flags, features, asked;
	__u8 int_flags;
	int ret;

	if (!r)
		return ring ? -EBADF : -EINVAL;
	if (!p)
		return -EINVAL;
	head = ring->sq.sqe_head;
	tail = ring->sq.sqe_tail;
	flags = ring->flags;
	features = ring->features;
	int_flags = ring->int_flags;
	ret = iou_resize_rings(r, (struct iou_params *)p);
	if (ret < 0)
		return ret;
	asked = p->flags;
	p->flags = flags;
	wire(ring, r, p);
	p->flags = asked;
	ring->features = features;
	ring->int_flags = int_flags;
	ring->sq.sqe_head = head;
	ring->sq.sqe_tail = tail;
	return 0;
}

IOU_LIBURING_API struct iou *iou_liburing_ring(struct io_uring *ring)
{
	return ring ? iou__lu_ring(ring) : NULL;
}

/* Keeps the ring memory out of forked children (madvise DONTFORK). */
IOU_LIBURING_API int io_uring_ring_dontfork(struct io_uring *ring)
{
	struct { void *p; size_t len; } areas[3];
	size_t sqes_len;
	int saved = errno, ret = 0;

	if (!ring || !ring->sq.ring_ptr || !ring->sq.sqes || !ring->cq.ring_ptr)
		return -EINVAL;
	sqes_len = ring->sq.ring_entries * sizeof(struct io_uring_sqe) *
		   ((ring->flags & IORING_SETUP_SQE128) ? 2 : 1);
	areas[0].p = ring->sq.sqes;
	areas[0].len = sqes_len;
	areas[1].p = ring->sq.ring_ptr;
	areas[1].len = ring->sq.ring_sz;
	areas[2].p = ring->cq.ring_ptr != ring->sq.ring_ptr ? ring->cq.ring_ptr
							    : NULL;
	areas[2].len = ring->cq.ring_sz;
	for (int i = 0; i < 3 && !ret; i++)
		if (areas[i].p && madvise(areas[i].p, areas[i].len,
					  MADV_DONTFORK) < 0)
			ret = -errno;
	errno = saved;
	return ret;
}

/* Memory the kernel would lock for a ring of this size: 0 on kernels that
 * account ring memory to the memcg instead (IORING_FEAT_NATIVE_WORKERS,
 * 5.12); otherwise the page-rounded size of the rings and SQEs. */
IOU_LIBURING_API ssize_t io_uring_mlock_size_params(unsigned entries,
						    struct io_uring_params *p)
{
	struct io_uring_params lp;
	struct io_uring ring;
	unsigned cq_entries, sq;
	size_t page = 4096, rings, sqes;
	long ps;
	int ret;

	memset(&lp, 0, sizeof(lp));
	ret = io_uring_queue_init_params(1, &ring, &lp);
	if (ret < 0)
		return ret;
	io_uring_queue_exit(&ring);
	if (lp.features & IORING_FEAT_NATIVE_WORKERS)
		return 0;
	if (!entries)
		return -EINVAL;
	if (entries > 32768) {
		if (!(p->flags & IORING_SETUP_CLAMP))
			return -EINVAL;
		entries = 32768;
	}
	for (sq = 1; sq < entries; sq <<= 1)
		;
	if (p->flags & IORING_SETUP_CQSIZE) {
		if (!p->cq_entries)
			return -EINVAL;
		cq_entries = p->cq_entries;
		if (cq_entries > 65536) {
			if (!(p->flags & IORING_SETUP_CLAMP))
				return -EINVAL;
			cq_entries = 65536;
		}
		if (cq_entries < sq)
			return -EINVAL;
	} else {
		cq_entries = 2 * sq;
	}
	ps = sysconf(_SC_PAGESIZE);
	if (ps > 0)
		page = (size_t)ps;
	/* The kernel's struct io_rings header is well under 1 KiB. */
	rings = 1024 + (size_t)cq_entries * sizeof(struct io_uring_cqe) +
		(size_t)sq * sizeof(unsigned);
	sqes = (size_t)sq * sizeof(struct io_uring_sqe);
	return (ssize_t)(((rings + page - 1) / page + (sqes + page - 1) / page) *
			 page);
}

IOU_LIBURING_API ssize_t io_uring_mlock_size(unsigned entries, unsigned flags)
{
	struct io_uring_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return io_uring_mlock_size_params(entries, &p);
}

IOU_LIBURING_API int io_uring_major_version(void)
{
	return IO_URING_VERSION_MAJOR;
}

IOU_LIBURING_API int io_uring_minor_version(void)
{
	return IO_URING_VERSION_MINOR;
}

/* liburing's convention: true when the library is OLDER than major.minor. */
IOU_LIBURING_API bool io_uring_check_version(int major, int minor)
{
	return IO_URING_CHECK_VERSION(major, minor);
}

/* ---- Submission -------------------------------------------------------- */

static inline unsigned sq_kflags(const struct io_uring *ring)
{
	return IO_URING_READ_ONCE(*ring->sq.kflags);
}

static inline int cq_needs_flush(const struct io_uring *ring)
{
	return (sq_kflags(ring) & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN)) !=
	       0;
}

static inline int cq_needs_enter(const struct io_uring *ring)
{
	return (ring->flags & IORING_SETUP_IOPOLL) || cq_needs_flush(ring);
}

/* Submitting needs the kernel unless an awake SQPOLL thread takes them. */
static inline int sq_needs_enter(const struct io_uring *ring, unsigned submit,
				 unsigned *flags)
{
	if (!submit)
		return 0;
	if (!(ring->flags & IORING_SETUP_SQPOLL))
		return 1;
	io_uring_smp_mb(); /* tail store before the NEED_WAKEUP load */
	if (sq_kflags(ring) & IORING_SQ_NEED_WAKEUP) {
		*flags |= IORING_ENTER_SQ_WAKEUP;
		return 1;
	}
	return 0;
}

/* Publishes the SQEs handed out since the last flush and returns how many
 * the kernel has not consumed. */
IOU_LIBURING_API unsigned __io_uring_flush_sq(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned tail = sq->sqe_tail;

	if (sq->sqe_head != tail) {
		sq->sqe_head = tail;
		io_uring_smp_store_release(sq->ktail, tail);
	}
	return tail - IO_URING_READ_ONCE(*sq->khead);
}

static int lu_enter(struct io_uring *ring, unsigned submit, unsigned wait_nr,
		    unsigned flags, const void *arg, size_t sz)
{
	struct iou *r = iou__lu_sync_in(ring);

	if (!r)
		return -EBADF;
	return iou_enter(r, submit, wait_nr, flags, arg, sz);
}

static int submit_common(struct io_uring *ring, unsigned submitted,
			 unsigned wait_nr, int getevents)
{
	int cq_enter = getevents || wait_nr || cq_needs_enter(ring);
	unsigned flags = 0;

	if (sq_needs_enter(ring, submitted, &flags) || cq_enter) {
		if (cq_enter)
			flags |= IORING_ENTER_GETEVENTS;
		return lu_enter(ring, submitted, wait_nr, flags, NULL, 0);
	}
	return (int)submitted;
}

IOU_LIBURING_API int io_uring_submit(struct io_uring *ring)
{
	return submit_common(ring, __io_uring_flush_sq(ring), 0, 0);
}

IOU_LIBURING_API int io_uring_submit_and_wait(struct io_uring *ring,
					      unsigned wait_nr)
{
	return submit_common(ring, __io_uring_flush_sq(ring), wait_nr, 0);
}

IOU_LIBURING_API int io_uring_submit_and_get_events(struct io_uring *ring)
{
	return submit_common(ring, __io_uring_flush_sq(ring), 0, 1);
}

IOU_LIBURING_API int io_uring_get_events(struct io_uring *ring)
{
	return lu_enter(ring, 0, 0, IORING_ENTER_GETEVENTS, NULL, 0);
}

IOU_LIBURING_API int __io_uring_sqring_wait(struct io_uring *ring)
{
	return lu_enter(ring, 0, 0, IORING_ENTER_SQ_WAIT, NULL, 0);
}

/* ---- Waiting ----------------------------------------------------------- */

struct lu_wait {
	unsigned submit;  /* SQEs not yet handed to the kernel */
	unsigned wait_nr;
	unsigned flags;   /* EXT_ARG for a timed wait */
	int has_ts;
	const void *arg;  /* sigset, or struct io_uring_getevents_arg */
	size_t sz;
};

/* liburing's wait loop: enters while fewer than wait_nr CQEs are ready and
 * none was ready before the last enter. A timed wait enters once. Returns
 * 0, or the first enter's count when it looped, or -errno (-ETIME when a
 * timed wait found nothing, -EAGAIN for a peek that found nothing). */
static int wait_loop(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		     struct lu_wait *w)
{
	struct io_uring_cqe *cqe = NULL;
	int looped = 0, err = 0;

	for (;;) {
		unsigned avail, flags = 0;
		int need_enter = 0, ret;

		ret = __io_uring_peek_cqe(ring, &cqe, &avail);
		if (ret) {
			if (!err)
				err = ret;
			break;
		}
		if (!cqe && !w->wait_nr && !w->submit) {
			if (looped || !cq_needs_enter(ring)) {
				if (!err)
					err = -EAGAIN;
				break;
			}
			need_enter = 1;
		}
		if (w->wait_nr > avail || need_enter) {
			flags = IORING_ENTER_GETEVENTS | w->flags;
			need_enter = 1;
		}
		if (sq_needs_enter(ring, w->submit, &flags))
			need_enter = 1;
		if (!need_enter)
			break;
		if (looped && w->has_ts) {
			if (!cqe && !err)
				err = -ETIME;
			break;
		}
		ret = lu_enter(ring, w->submit, w->wait_nr, flags | w->flags,
			       w->arg, w->sz);
		if (ret < 0) {
			if (!err)
				err = ret;
			break;
		}
		w->submit -= (unsigned)ret < w->submit ? (unsigned)ret
						       : w->submit;
		if (cqe)
			break;
		if (!looped) {
			looped = 1;
			err = ret;
		}
	}
	*cqe_ptr = cqe;
	return err;
}

IOU_LIBURING_API int __io_uring_get_cqe(struct io_uring *ring,
					struct io_uring_cqe **cqe_ptr,
					unsigned submit, unsigned wait_nr,
					sigset_t *sigmask)
{
	struct lu_wait w = {
		.submit = submit,
		.wait_nr = wait_nr,
		.arg = sigmask,
		.sz = _NSIG / 8,
	};

	return wait_loop(ring, cqe_ptr, &w);
}

/* Kernels without EXT_ARG (before 5.11): the timeout travels as a TIMEOUT
 * SQE whose CQE the peek consumes. Returns the SQEs to submit, or -errno. */
static int submit_timeout(struct io_uring *ring, unsigned wait_nr,
			  struct __kernel_timespec *ts)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(ring);
	int ret;

	if (!sqe) {
		ret = io_uring_submit(ring);
		if (ret < 0)
			return ret;
		sqe = io_uring_get_sqe(ring);
		if (!sqe)
			return -EAGAIN;
	}
	io_uring_prep_timeout(sqe, ts, wait_nr, 0);
	sqe->user_data = LIBURING_UDATA_TIMEOUT;
	return (int)__io_uring_flush_sq(ring);
}

static int wait_ext_min(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
			unsigned submit, unsigned wait_nr,
			struct __kernel_timespec *ts, unsigned min_usec,
			sigset_t *sigmask);

static int wait_ext(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		    unsigned submit, unsigned wait_nr,
		    struct __kernel_timespec *ts, sigset_t *sigmask)
{
	return wait_ext_min(ring, cqe_ptr, submit, wait_nr, ts, 0, sigmask);
}

/* EXT_ARG waits; min_usec > 0: wait that long for wait_nr CQEs, then
 * return with whatever is there (IORING_FEAT_MIN_TIMEOUT, 6.12). */
static int wait_ext_min(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
			unsigned submit, unsigned wait_nr,
			struct __kernel_timespec *ts, unsigned min_usec,
			sigset_t *sigmask)
{
	struct io_uring_getevents_arg arg;
	struct lu_wait w = {
		.submit = submit,
		.wait_nr = wait_nr,
		.flags = IORING_ENTER_EXT_ARG,
		.arg = &arg,
		.sz = sizeof(arg),
	};

	memset(&arg, 0, sizeof(arg));
	arg.sigmask = (__u64)(uintptr_t)sigmask;
	arg.sigmask_sz = _NSIG / 8;
	arg.ts = (__u64)(uintptr_t)ts;
	arg.min_wait_usec = min_usec;
	w.has_ts = ts != NULL;
	return wait_loop(ring, cqe_ptr, &w);
}

IOU_LIBURING_API int io_uring_wait_cqes_min_timeout(
	struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned wait_nr,
	struct __kernel_timespec *ts, unsigned int min_ts_usec,
	sigset_t *sigmask)
{
	if (!(ring->features & IORING_FEAT_MIN_TIMEOUT))
		return -EINVAL;
	return wait_ext_min(ring, cqe_ptr, 0, wait_nr, ts, min_ts_usec,
			    sigmask);
}

IOU_LIBURING_API int io_uring_submit_and_wait_min_timeout(
	struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned wait_nr,
	struct __kernel_timespec *ts, unsigned min_wait, sigset_t *sigmask)
{
	if (!(ring->features & IORING_FEAT_MIN_TIMEOUT))
		return -EINVAL;
	return wait_ext_min(ring, cqe_ptr, __io_uring_flush_sq(ring), wait_nr,
			    ts, min_wait, sigmask);
}

IOU_LIBURING_API int io_uring_wait_cqes(struct io_uring *ring,
					struct io_uring_cqe **cqe_ptr,
					unsigned wait_nr,
					struct __kernel_timespec *ts,
					sigset_t *sigmask)
{
	int to_submit = 0;

	if (ts) {
		if (ring->features & IORING_FEAT_EXT_ARG)
			return wait_ext(ring, cqe_ptr, 0, wait_nr, ts, sigmask);
		to_submit = submit_timeout(ring, wait_nr, ts);
		if (to_submit < 0)
			return to_submit;
	}
	return __io_uring_get_cqe(ring, cqe_ptr, (unsigned)to_submit, wait_nr,
				  sigmask);
}

IOU_LIBURING_API int io_uring_wait_cqe_timeout(struct io_uring *ring,
					       struct io_uring_cqe **cqe_ptr,
					       struct __kernel_timespec *ts)
{
	return io_uring_wait_cqes(ring, cqe_ptr, 1, ts, NULL);
}

IOU_LIBURING_API int io_uring_submit_and_wait_timeout(
	struct io_uring *ring, struct io_uring_cqe **cqe_ptr, unsigned wait_nr,
	struct __kernel_timespec *ts, sigset_t *sigmask)
{
	int to_submit;

	if (ts) {
		if (ring->features & IORING_FEAT_EXT_ARG)
			return wait_ext(ring, cqe_ptr,
					__io_uring_flush_sq(ring), wait_nr, ts,
					sigmask);
		to_submit = submit_timeout(ring, wait_nr, ts);
		if (to_submit < 0)
			return to_submit;
	} else {
		to_submit = (int)__io_uring_flush_sq(ring);
	}
	return __io_uring_get_cqe(ring, cqe_ptr, (unsigned)to_submit, wait_nr,
				  sigmask);
}

/* Points cqes[] at up to count ready CQEs, flushing overflowed or deferred
 * completions once when none is ready. */
IOU_LIBURING_API unsigned io_uring_peek_batch_cqe(struct io_uring *ring,
						  struct io_uring_cqe **cqes,
						  unsigned count)
{
	int flushed = 0;

	for (;;) {
		unsigned ready = io_uring_cq_ready(ring);

		if (ready) {
			unsigned head = *ring->cq.khead;

			if (count > ready)
				count = ready;
			for (unsigned i = 0; i < count; i++)
				cqes[i] = &ring->cq.cqes[io_uring_cqe_index(
					ring, head + i, ring->cq.ring_mask)];
			return count;
		}
		if (flushed || !cq_needs_flush(ring))
			return 0;
		(void)io_uring_get_events(ring);
		flushed = 1;
	}
}

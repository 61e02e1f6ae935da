/* iou.h — the ring API: one io_uring interface over two kernels.
 *
 * A ring is set up on the real kernel (iou_queue_init*) or on a simulated one
 * (iou_queue_init_sim, <iou_sim.h>). Everything else in this header works the
 * same on both: the user-side ring code is shared, and only the three
 * syscalls (setup, enter, register) and the iou_sys_* calls differ.
 *
 * Conventions: functions return a negative errno on failure and never touch
 * errno. A NULL ring gives -EINVAL; a ring that was never set up or was
 * already passed to iou_queue_exit() gives -EBADF (it must have been zeroed
 * or set up first). */
#ifndef IOU_H
#define IOU_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "iou_abi.h"
#include "iou_version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(IOU_BUILDING) && defined(__GNUC__)
#define IOU_API __attribute__((visibility("default")))
#else
#define IOU_API
#endif

struct iou_backend;

/* Submission side of a ring. Private: use the functions below. */
struct iou_sq {
	unsigned *khead;
	unsigned *ktail;
	unsigned *kflags;
	unsigned *kdropped;
	unsigned *array;
	struct iou_sqe *sqes;
	unsigned sqe_head;  /* first SQE not yet published to the kernel */
	unsigned sqe_tail;  /* next SQE handed out by iou_get_sqe */
	unsigned ring_mask;
	unsigned ring_entries;
	void *ring_ptr;
	size_t ring_sz;
	size_t sqes_sz;
	unsigned sqe_shift; /* 1 on an IOU_SETUP_SQE128 ring: 128-byte SQEs */
};

/* Completion side of a ring. Private: use the functions below. */
struct iou_cq {
	unsigned *khead;
	unsigned *ktail;
	unsigned *kflags;
	unsigned *koverflow;
	struct iou_cqe *cqes;
	unsigned ring_mask;
	unsigned ring_entries;
	void *ring_ptr;
	size_t ring_sz;
	unsigned cqe_shift; /* 1 on an IOU_SETUP_CQE32 ring: 32-byte CQEs */
};

/* A ring. The caller allocates it (stack, static or heap); its fields are
 * private to iou. */
struct iou {
	struct iou_sq sq;
	struct iou_cq cq;
	unsigned flags;          /* IOU_SETUP_* the ring was set up with */
	unsigned features;       /* IOU_FEAT_* the kernel reported */
	int ring_fd;             /* the ring's fd (a virtual one on the sim) */
	int enter_ring_fd;       /* ring_fd, or its registered index */
	unsigned int_flags;      /* IOU__INT_* */
	uint32_t magic;          /* IOU__MAGIC while set up */
	const struct iou_backend *backend;
	void *backend_data;
};

#define IOU__MAGIC 0x696f7521U
#define IOU__INT_REG_RING 1U    /* enter_ring_fd is a registered index */

/* ---- Setup and teardown ---------------------------------------------- */

/* Sets up a ring on the real kernel with room for `entries` SQEs (1 to
 * 32768, rounded up to a power of two as the kernel does; past 32768
 * -EINVAL unless IOU_SETUP_CLAMP) and IOU_SETUP_* `flags`. Returns 0,
 * -EINVAL for a NULL ring or bad sizes/flags, or the kernel's -errno
 * (-ENOMEM, -EPERM, -ENOSYS...). */
IOU_API int iou_queue_init(unsigned entries, struct iou *ring, unsigned flags);

/* As iou_queue_init, with every field of io_uring_params. `p` is in/out: on
 * success it holds the sizes, features and offsets the kernel returned. */
IOU_API int iou_queue_init_params(unsigned entries, struct iou *ring,
				  struct iou_params *p);

/* Tears the ring down and unmaps it. The ring is then closed: calls on it
 * return -EBADF (or NULL). Calling it again, or on NULL, does nothing. */
IOU_API void iou_queue_exit(struct iou *ring);

/* The version of the library linked, "major.minor.patch" (the headers'
 * is IOU_VERSION_STRING, <iou_version.h>). Never NULL. */
IOU_API const char *iou_version(void);

/* "linux" or "sim"; NULL for a ring that is not set up. */
IOU_API const char *iou_backend_name(const struct iou *ring);

/* The ring's fd, -EINVAL for a NULL ring, -EBADF for a closed one. */
IOU_API int iou_ring_fd(const struct iou *ring);

/* A kernel version as iou_kernel_version() and the sim's profiles give it
 * (also in <iou_sim.h>). */
#ifndef IOU_KERNEL_VERSION
#define IOU_KERNEL_VERSION(major, minor) (((major) << 16) | ((minor) << 8))
#endif

/* The version of the kernel behind the ring, as IOU_KERNEL_VERSION(major,
 * minor) ((major << 16) | (minor << 8)): uname's on linux, the profile's on
 * the sim. 0 for a NULL or closed ring. */
IOU_API uint32_t iou_kernel_version(const struct iou *ring);

/* Sizes of the SQ and CQ as set up (0 for a NULL or closed ring). */
static inline unsigned iou_sq_entries(const struct iou *ring)
{
	return ring && ring->magic == IOU__MAGIC ? ring->sq.ring_entries : 0;
}

static inline unsigned iou_cq_entries(const struct iou *ring)
{
	return ring && ring->magic == IOU__MAGIC ? ring->cq.ring_entries : 0;
}

/* ---- Submission -------------------------------------------------------- */

static inline int iou__ring_ok(const struct iou *ring)
{
	return ring && ring->magic == IOU__MAGIC;
}

/* Hands back the next free submission slot. Nothing reaches the kernel until
 * submit. The SQE holds stale contents: a prep helper overwrites all of it.
 * Returns NULL when the SQ is full, or for a NULL or closed ring. */
static inline struct iou_sqe *iou_get_sqe(struct iou *ring)
{
	struct iou_sq *sq;
	unsigned head, next;

	if (!iou__ring_ok(ring))
		return NULL;
	sq = &ring->sq;
	next = sq->sqe_tail + 1;
	head = __atomic_load_n(sq->khead, __ATOMIC_ACQUIRE);
	if (next - head > sq->ring_entries)
		return NULL;
	sq->sqe_tail = next;
	return &sq->sqes[((next - 1) & sq->ring_mask) << sq->sqe_shift];
}

/* Number of SQEs handed out and not yet consumed by the kernel. */
static inline unsigned iou_sq_ready(const struct iou *ring)
{
	if (!iou__ring_ok(ring))
		return 0;
	return ring->sq.sqe_tail -
	       __atomic_load_n(ring->sq.khead, __ATOMIC_ACQUIRE);
}

/* Number of free SQ slots. */
static inline unsigned iou_sq_space_left(const struct iou *ring)
{
	if (!iou__ring_ok(ring))
		return 0;
	return ring->sq.ring_entries - iou_sq_ready(ring);
}

/* Publishes every prepared SQE and tells the kernel. Returns the number of
 * SQEs the kernel consumed (which may be fewer than prepared: without
 * IOU_SETUP_SUBMIT_ALL submission stops at the first SQE that fails to
 * submit, and that SQE is counted and posts an error CQE; under SQPOLL it
 * is the number the kernel had not consumed yet, which may include SQEs of
 * an earlier submit), or -errno from
 * enter: -EAGAIN (out of resources: reap and retry), -EBUSY (CQ overflow
 * pending on old kernels: reap and retry), -EINTR (retry). */
IOU_API int iou_submit(struct iou *ring);

/* As iou_submit, then waits until at least wait_nr CQEs are ready. Returns
 * the number submitted, or -errno (as iou_submit). */
IOU_API int iou_submit_and_wait(struct iou *ring, unsigned wait_nr);

/* As iou_submit_and_wait(ring, wait_nr) with a timeout (relative, NULL for
 * none): returns the number of SQEs submitted (>= 0) with *cqe set to the
 * first ready CQE, -ETIME when the timeout passed with no CQE, or -errno.
 * A timeout needs IOU_FEAT_EXT_ARG (5.11), else -EINVAL. */
IOU_API int iou_submit_and_wait_timeout(struct iou *ring, struct iou_cqe **cqe,
					unsigned wait_nr,
					struct iou_timespec *ts);

/* ---- Completion -------------------------------------------------------- */

/* Number of CQEs ready to be consumed. */
static inline unsigned iou_cq_ready(const struct iou *ring)
{
	if (!iou__ring_ok(ring))
		return 0;
	return __atomic_load_n(ring->cq.ktail, __ATOMIC_ACQUIRE) -
	       *ring->cq.khead;
}

/* Marks nr CQEs consumed, handing their slots back to the kernel. nr is
 * clamped to iou_cq_ready(): the head never passes the tail (liburing
 * does not clamp; advancing past the tail would make the ring show stale
 * CQEs as ready). A NULL or closed ring does nothing. */
static inline void iou_cq_advance(struct iou *ring, unsigned nr)
{
	if (nr && iou__ring_ok(ring)) {
		unsigned head = *ring->cq.khead;
		unsigned ready = __atomic_load_n(ring->cq.ktail,
						 __ATOMIC_ACQUIRE) - head;

		if (nr > ready)
			nr = ready;
		__atomic_store_n(ring->cq.khead, head + nr, __ATOMIC_RELEASE);
	}
}

/* Marks one CQE (from peek/wait) consumed. A NULL cqe does nothing. */
static inline void iou_cqe_seen(struct iou *ring, struct iou_cqe *cqe)
{
	if (cqe)
		iou_cq_advance(ring, 1);
}

/* True when CQEs wait in the kernel's overflow list: an enter with
 * GETEVENTS (iou_get_events) moves them into the CQ. */
static inline int iou_cq_has_overflow(const struct iou *ring)
{
	return iou__ring_ok(ring) &&
	       (__atomic_load_n(ring->sq.kflags, __ATOMIC_RELAXED) &
		IOU_SQ_CQ_OVERFLOW);
}

IOU_API int iou__peek_slow(struct iou *ring, struct iou_cqe **cqe);

/* Points *cqe at the first ready CQE without waiting; the CQE stays in the
 * ring until iou_cqe_seen. Returns 0, -EAGAIN when none is ready (after one
 * enter if the kernel holds overflowed or deferred completions), -EINVAL /
 * -EBADF for a bad ring. */
static inline int iou_peek_cqe(struct iou *ring, struct iou_cqe **cqe)
{
	if (iou__ring_ok(ring) && cqe) {
		unsigned head = *ring->cq.khead;
		if (__atomic_load_n(ring->cq.ktail, __ATOMIC_ACQUIRE) != head) {
			*cqe = &ring->cq.cqes[(head & ring->cq.ring_mask)
					      << ring->cq.cqe_shift];
			return 0;
		}
	}
	return iou__peek_slow(ring, cqe);
}

/* Waits for one CQE and points *cqe at it (not consumed). Returns 0 or
 * -errno from enter (-EINTR: a signal or, on the sim, a chosen early return;
 * retry). On error *cqe is NULL. */
IOU_API int iou_wait_cqe(struct iou *ring, struct iou_cqe **cqe);

/* Waits until wait_nr CQEs are ready and points *cqe at the first. With a
 * non-NULL ts (relative) returns -ETIME when it passes first. */
IOU_API int iou_wait_cqes(struct iou *ring, struct iou_cqe **cqe,
			  unsigned wait_nr, struct iou_timespec *ts);

/* Waits for one CQE for at most ts (relative; NULL waits forever). Returns
 * 0, -ETIME on timeout, or -errno. Needs IOU_FEAT_EXT_ARG (5.11) when ts is
 * set, else -EINVAL. */
IOU_API int iou_wait_cqe_timeout(struct iou *ring, struct iou_cqe **cqe,
				 struct iou_timespec *ts);

/* Copies up to count ready CQEs into cqes[] and consumes them. If none is
 * ready and wait_nr > 0, or the kernel holds completions (CQ overflowed,
 * IOU_SQ_TASKRUN set, or an IOPOLL ring), enters the kernel with GETEVENTS;
 * with wait_nr > 0 it loops until at least one is copied. It may
 * return fewer than wait_nr. Returns the number copied (0 only when
 * wait_nr or count is 0), or -errno from enter (-EINTR, -EAGAIN, -EBUSY). */
IOU_API int iou_copy_cqes(struct iou *ring, struct iou_cqe *cqes,
			  unsigned count, unsigned wait_nr);

/* Fills cqes[] with pointers to up to count ready CQEs, without consuming
 * them (iou_cq_advance afterwards). Returns how many. */
IOU_API unsigned iou_peek_batch_cqe(struct iou *ring, struct iou_cqe **cqes,
				    unsigned count);

/* Enters the kernel with GETEVENTS only: flushes overflowed CQEs and runs
 * deferred completions. Returns 0 or -errno. */
IOU_API int iou_get_events(struct iou *ring);

/* Iterates over ready CQEs without consuming them; follow with
 * iou_cq_advance(ring, n). (The mask and the entry shift are read once:
 * the tail's acquire load would make the compiler read them again for
 * every CQE.) */
#define iou_for_each_cqe(ring, head, cqe)                                      \
	for (unsigned iou__fe_sh = (ring)->cq.cqe_shift,                       \
		      iou__fe_m = ((head) = *(ring)->cq.khead,                 \
				   (ring)->cq.ring_mask);                      \
	     ((head) != __atomic_load_n((ring)->cq.ktail, __ATOMIC_ACQUIRE)    \
		      ? ((cqe) = &(ring)->cq.cqes[((head) & iou__fe_m)         \
					       << iou__fe_sh], 1)              \
		      : 0);                                                    \
	     (head)++)

/* ---- SQE setters and CQE helpers --------------------------------------- */

/* The second 16 bytes of a CQE on an IOU_SETUP_CQE32 ring (5.19): two
 * 64-bit words an op may fill (a NOP with IOU_NOP_CQE32 puts its SQE's off
 * and addr there, 6.18; other ops leave them 0). cqe must point into the
 * ring (iou_peek_cqe, iou_wait_cqe, iou_for_each_cqe), not at a copy.
 * Returns NULL on a ring without CQE32. */
static inline uint64_t *iou_cqe_big(const struct iou *ring,
				    struct iou_cqe *cqe)
{
	if (!ring || !cqe || !ring->cq.cqe_shift)
		return NULL;
	return (uint64_t *)(void *)(cqe + 1);
}

/* The second 64 bytes of an SQE on an IOU_SETUP_SQE128 ring (5.19), for
 * the ops that read them (URING_CMD's command). Returns NULL on a ring
 * without SQE128. */
static inline void *iou_sqe_cmd128(const struct iou *ring,
				   struct iou_sqe *sqe)
{
	if (!ring || !sqe || !ring->sq.sqe_shift)
		return NULL;
	return (void *)(sqe + 1);
}

static inline void iou_sqe_set_data64(struct iou_sqe *sqe, uint64_t data)
{
	sqe->user_data = data;
}

static inline void iou_sqe_set_data(struct iou_sqe *sqe, void *data)
{
	sqe->user_data = (uint64_t)(uintptr_t)data;
}

static inline void iou_sqe_set_flags(struct iou_sqe *sqe, unsigned flags)
{
	sqe->flags = (uint8_t)flags;
}

static inline void iou_sqe_set_buf_group(struct iou_sqe *sqe, int bgid)
{
	sqe->buf_group = (uint16_t)bgid;
}

static inline uint64_t iou_cqe_get_data64(const struct iou_cqe *cqe)
{
	return cqe->user_data;
}

static inline void *iou_cqe_get_data(const struct iou_cqe *cqe)
{
	return (void *)(uintptr_t)cqe->user_data;
}

/* The provided buffer's id, or -1 when the CQE carries no buffer. */
static inline int iou_cqe_buffer_id(const struct iou_cqe *cqe)
{
	if (!(cqe->flags & IOU_CQE_F_BUFFER))
		return -1;
	return (int)(cqe->flags >> IOU_CQE_BUFFER_SHIFT);
}

/* More CQEs will follow for this request (multishot, send_zc). */
static inline int iou_cqe_has_more(const struct iou_cqe *cqe)
{
	return (cqe->flags & IOU_CQE_F_MORE) != 0;
}

/* The CQE is a zero-copy send notification: the buffer is free again. */
static inline int iou_cqe_is_notif(const struct iou_cqe *cqe)
{
	return (cqe->flags & IOU_CQE_F_NOTIF) != 0;
}

/* A static description of a negative errno as found in cqe->res or a
 * return value ("-ECANCELED: operation canceled"); 0 gives "0: success",
 * positive or unknown values "unknown error". Never NULL. */
IOU_API const char *iou_strerror(int err);

/* The name of an opcode ("READ", "SEND_ZC"), or "UNKNOWN". */
IOU_API const char *iou_op_name(unsigned op);

/* ---- Registration ------------------------------------------------------ */

/* Raw io_uring_register on the ring's backend. Returns >= 0 or -errno. */
IOU_API int iou_register(struct iou *ring, unsigned opcode, const void *arg,
			 unsigned nr_args);

IOU_API int iou_register_buffers(struct iou *ring, const struct iovec *iovecs,
				 unsigned nr_iovecs);
IOU_API int iou_register_buffers_sparse(struct iou *ring, unsigned nr);
IOU_API int iou_unregister_buffers(struct iou *ring);

/* Registers files[0..nr) as fixed files 0..nr; -1 entries are empty slots. */
IOU_API int iou_register_files(struct iou *ring, const int *files, unsigned nr);
/* Registers nr empty fixed-file slots (REGISTER_FILES2, 5.13+; older
 * kernels -EINVAL). */
IOU_API int iou_register_files_sparse(struct iou *ring, unsigned nr);
/* Replaces slots off..off+nr with files[] (-1 clears a slot). Returns the
 * number updated, or -errno. */
IOU_API int iou_register_files_update(struct iou *ring, unsigned off,
				      const int *files, unsigned nr);
IOU_API int iou_unregister_files(struct iou *ring);

IOU_API int iou_register_eventfd(struct iou *ring, int fd);
IOU_API int iou_register_eventfd_async(struct iou *ring, int fd);
IOU_API int iou_unregister_eventfd(struct iou *ring);

/* 1 while the registered eventfd is signalled (IOU_CQ_EVENTFD_DISABLED
 * clear; always on kernels without CQ flags, before 5.8), else 0. */
static inline int iou_cq_eventfd_enabled(const struct iou *ring)
{
	if (!ring || ring->magic != IOU__MAGIC || !ring->cq.kflags)
		return 1;
	return !(__atomic_load_n(ring->cq.kflags, __ATOMIC_RELAXED) &
		 IOU_CQ_EVENTFD_DISABLED);
}

/* Turns eventfd signalling on or off (IOU_CQ_EVENTFD_DISABLED in the CQ
 * flags). Returns 0, -EOPNOTSUPP before 5.8 (no CQ flags) when a change
 * was asked, -EINVAL/-EBADF for a NULL/closed ring. */
static inline int iou_cq_eventfd_toggle(struct iou *ring, int enabled)
{
	unsigned f;

	if (!ring)
		return -EINVAL;
	if (ring->magic != IOU__MAGIC)
		return -EBADF;
	if (!!enabled == iou_cq_eventfd_enabled(ring))
		return 0;
	if (!ring->cq.kflags)
		return -EOPNOTSUPP;
	f = __atomic_load_n(ring->cq.kflags, __ATOMIC_RELAXED);
	f = enabled ? f & ~IOU_CQ_EVENTFD_DISABLED : f | IOU_CQ_EVENTFD_DISABLED;
	__atomic_store_n(ring->cq.kflags, f, __ATOMIC_RELAXED);
	return 0;
}

/* Registers the ring fd with the kernel so enter skips the fd lookup
 * (5.18+). A registered fd is valid only in the registering thread.
 * Returns 1 when registered, or -errno. iou_queue_init does this by itself
 * for IOU_SETUP_SINGLE_ISSUER rings. */
IOU_API int iou_register_ring_fd(struct iou *ring);
IOU_API int iou_unregister_ring_fd(struct iou *ring);

/* Allocates and fills a probe of the ring's kernel; free with
 * iou_free_probe. Returns NULL on failure (old kernel: no probe). */
IOU_API struct iou_probe *iou_get_probe_ring(struct iou *ring);
IOU_API void iou_free_probe(struct iou_probe *probe);
/* 1 when the probed kernel supports op, else 0. */
IOU_API int iou_opcode_supported(const struct iou_probe *probe, int op);
/* Probes the ring's kernel for op: 1 supported, 0 not, or -errno. */
IOU_API int iou_ring_opcode_supported(struct iou *ring, int op);

/* Provided-buffer rings (5.19+). */
IOU_API int iou_register_buf_ring(struct iou *ring, struct iou_buf_reg *reg,
				  unsigned flags);
IOU_API int iou_unregister_buf_ring(struct iou *ring, int bgid);
/* Allocates a page-aligned ring of nentries (a power of two, at most 32768)
 * for group bgid and registers it with flags in reg.flags (IOU_PBUF_RING_INC:
 * incremental, 6.12). Returns it, or NULL with *err set. */
IOU_API struct iou_buf_ring *iou_setup_buf_ring(struct iou *ring,
						unsigned nentries, int bgid,
						unsigned flags, int *err);
/* Unregisters and frees a ring from iou_setup_buf_ring. */
IOU_API int iou_free_buf_ring(struct iou *ring, struct iou_buf_ring *br,
			      unsigned nentries, int bgid);

static inline int iou_buf_ring_mask(unsigned ring_entries)
{
	return (int)(ring_entries - 1);
}

static inline void iou_buf_ring_init(struct iou_buf_ring *br)
{
	br->tail = 0;
}

/* Stages buffer (addr, len, bid) at slot tail+buf_offset; visible to the
 * kernel only after iou_buf_ring_advance. */
static inline void iou_buf_ring_add(struct iou_buf_ring *br, void *addr,
				    unsigned len, unsigned short bid, int mask,
				    int buf_offset)
{
	struct iou_buf *buf =
		&br->bufs[(br->tail + buf_offset) & (unsigned)mask];
	buf->addr = (uint64_t)(uintptr_t)addr;
	buf->len = len;
	buf->bid = bid;
}

/* Publishes count staged buffers (release store of the tail). */
static inline void iou_buf_ring_advance(struct iou_buf_ring *br, int count)
{
	__atomic_store_n(&br->tail, (uint16_t)(br->tail + count),
			 __ATOMIC_RELEASE);
}

/* Publishes count buffers and consumes count CQEs in one step. */
static inline void iou_buf_ring_cq_advance(struct iou *ring,
					   struct iou_buf_ring *br, int count)
{
	iou_buf_ring_advance(br, count);
	iou_cq_advance(ring, (unsigned)count);
}

/* ---- Synchronous calls on the ring's backend --------------------------- */
/* Plain syscalls on linux; the virtual world on the sim (where a call that
 * would block returns -EAGAIN). Return the result or -errno. */

IOU_API int iou_sys_socket(struct iou *ring, int domain, int type, int protocol);
IOU_API int iou_sys_bind(struct iou *ring, int fd, const struct sockaddr *a,
			 socklen_t n);
IOU_API int iou_sys_listen(struct iou *ring, int fd, int backlog);
IOU_API int iou_sys_connect(struct iou *ring, int fd, const struct sockaddr *a,
			    socklen_t n);
IOU_API int iou_sys_accept(struct iou *ring, int fd, struct sockaddr *a,
			   socklen_t *n, int flags);
IOU_API int iou_sys_getsockname(struct iou *ring, int fd, struct sockaddr *a,
				socklen_t *n);
IOU_API int iou_sys_setsockopt(struct iou *ring, int fd, int level, int name,
			       const void *val, socklen_t len);
IOU_API int iou_sys_shutdown(struct iou *ring, int fd, int how);
IOU_API int iou_sys_open(struct iou *ring, const char *path, int flags,
			 mode_t mode);
IOU_API int iou_sys_pipe(struct iou *ring, int fds[2]);
IOU_API ssize_t iou_sys_read(struct iou *ring, int fd, void *buf, size_t len);
IOU_API ssize_t iou_sys_write(struct iou *ring, int fd, const void *buf,
			      size_t len);
IOU_API int iou_sys_close(struct iou *ring, int fd);
IOU_API int iou_sys_unlink(struct iou *ring, const char *path);
IOU_API int iou_sys_mkdir(struct iou *ring, const char *path, mode_t mode);
IOU_API int iou_sys_rmdir(struct iou *ring, const char *path);
/* Size of the file at fd, or -errno. */
IOU_API int64_t iou_sys_fsize(struct iou *ring, int fd);

/* ---- More synchronous calls: the event loop's (issue 9) ----------------- */
/* Plain syscalls on linux (a NULL pointer the kernel would fault on gives
 * -EFAULT). On the sim they act on its world; calls that wait by design
 * (iou_sys_epoll_wait, iou_sys_poll, iou_sys_sleep_ns) run the sim (queued
 * work, timers) until they can return: a positive timeout advances the
 * virtual clock, and an infinite wait that nothing can ever end is a hang
 * (-EDEADLK, iou_sim_hung). Include <sys/epoll.h>, <poll.h> and
 * <sys/stat.h> for the structures. Each returns what the syscall returns,
 * or -errno. */
struct epoll_event;
struct pollfd;
struct stat;

/* A connected pair of sockets in sv (AF_UNIX stream on the sim). */
IOU_API int iou_sys_socketpair(struct iou *ring, int domain, int type,
			       int protocol, int sv[2]);
/* An eventfd (EFD_SEMAPHORE, EFD_NONBLOCK, EFD_CLOEXEC). */
IOU_API int iou_sys_eventfd(struct iou *ring, unsigned initval, int flags);
IOU_API int iou_sys_epoll_create1(struct iou *ring, int flags);
IOU_API int iou_sys_epoll_ctl(struct iou *ring, int epfd, int op, int fd,
			      struct epoll_event *ev);
/* Ready events (at most maxevents), 0 on timeout; timeout_ms -1 waits
 * for ever. */
IOU_API int iou_sys_epoll_wait(struct iou *ring, int epfd,
			       struct epoll_event *events, int maxevents,
			       int timeout_ms);
/* The number of fds with events in revents, 0 on timeout. */
IOU_API int iou_sys_poll(struct iou *ring, struct pollfd *fds, unsigned nfds,
			 int timeout_ms);
/* F_GETFL/F_SETFL (O_NONBLOCK, O_APPEND), F_GETFD/F_SETFD (FD_CLOEXEC),
 * F_DUPFD, F_DUPFD_CLOEXEC. */
IOU_API int iou_sys_fcntl(struct iou *ring, int fd, int cmd, long arg);
IOU_API int iou_sys_dup(struct iou *ring, int fd);
IOU_API int iou_sys_fstat(struct iou *ring, int fd, struct stat *st);
/* The new offset, or -errno. */
IOU_API int64_t iou_sys_lseek(struct iou *ring, int fd, int64_t off,
			      int whence);
IOU_API int iou_sys_ftruncate(struct iou *ring, int fd, int64_t len);
IOU_API int iou_sys_fsync(struct iou *ring, int fd);
IOU_API int iou_sys_rename(struct iou *ring, const char *from,
			   const char *to);
/* Bytes sent / received (0: end of stream), or -errno. */
IOU_API ssize_t iou_sys_sendto(struct iou *ring, int fd, const void *buf,
			       size_t len, int flags, const struct sockaddr *to,
			       socklen_t tolen);
IOU_API ssize_t iou_sys_recvfrom(struct iou *ring, int fd, void *buf,
				 size_t len, int flags, struct sockaddr *from,
				 socklen_t *fromlen);
IOU_API int iou_sys_getpeername(struct iou *ring, int fd, struct sockaddr *a,
				socklen_t *n);
IOU_API int iou_sys_getsockopt(struct iou *ring, int fd, int level, int name,
			       void *val, socklen_t *len);
/* FUTEX_WAKE (private) of at most nr waiters on *uaddr: how many woke. */
IOU_API int iou_sys_futex_wake(struct iou *ring, uint32_t *uaddr, int nr);
/* CLOCK_MONOTONIC in ns (the virtual clock on the sim), or -errno. */
IOU_API int64_t iou_sys_clock_ns(struct iou *ring);
/* Sleeps ns nanoseconds (the virtual clock advances on the sim, firing
 * timers): 0, -EINVAL for ns < 0, -EINTR. */
IOU_API int iou_sys_sleep_ns(struct iou *ring, int64_t ns);

/* ---- Path calls of unmodified programs (issue 10) ------------------------ */
/* As the syscalls of the same names (dirfd may be AT_FDCWD); what the
 * syscall returns, or -errno. Include <sys/stat.h> (_GNU_SOURCE) or
 * <linux/stat.h> for struct statx. */
struct statx;

IOU_API int iou_sys_statx(struct iou *ring, int dirfd, const char *path,
			  int flags, unsigned mask, struct statx *stx);
IOU_API int iou_sys_linkat(struct iou *ring, int olddirfd, const char *oldpath,
			   int newdirfd, const char *newpath, int flags);
IOU_API int iou_sys_symlinkat(struct iou *ring, const char *target, int dirfd,
			      const char *linkpath);
/* The link's target in buf, not NUL-terminated: its length (at most len). */
IOU_API ssize_t iou_sys_readlinkat(struct iou *ring, int dirfd,
				   const char *path, char *buf, size_t len);
/* posix_fadvise's syscall: 0, -ESPIPE on a pipe, -EINVAL (advice, len). */
IOU_API int iou_sys_fadvise(struct iou *ring, int fd, int64_t off,
			    int64_t len, int advice);
/* open relative to a directory fd: the new fd, or -errno. */
IOU_API int iou_sys_openat(struct iou *ring, int dirfd, const char *path,
			   int flags, mode_t mode);
/* ---- Raw calls and further registrations (liburing parity) ------------ */
/* The calls liburing has and the sections above lack. Each works on both
 * backends; on the sim a registration it does not model fails as on a
 * kernel without it (-EINVAL), and the docs list it. */

/* Internal: before setup, a caller may set a ring's magic to
 * IOU__MAGIC_PRESET and its int_flags to these. WIDE_OK: it indexes
 * SQE128/CQE32 rings itself (the liburing API); every caller may now, the
 * flag is kept for callers built against 0.1. */
#define IOU__MAGIC_PRESET 0x696f7570U
#define IOU__INT_WIDE_OK 2U
/* Internal: set likewise by a caller that registers the ring fd itself (the
 * liburing API, whose rings never register it on their own). Kept. */
#define IOU__INT_NO_AUTO_REG 4U

/* io_uring_enter on the ring's backend, with the registered ring index when
 * the ring fd is registered. `arg`/`argsz` are a sigset (and its size) or,
 * with IOU_ENTER_EXT_ARG, a struct iou_getevents_arg. Returns the number of
 * SQEs consumed, or -errno. */
IOU_API int iou_enter(struct iou *ring, unsigned to_submit,
		      unsigned min_complete, unsigned flags, const void *arg,
		      size_t argsz);

/* On an SQPOLL ring whose SQ is full, waits until the SQPOLL thread has
 * consumed some SQEs (ENTER_SQ_WAIT, 5.10). Returns 0 at once on other
 * rings or with room left, else 0 or -errno. */
IOU_API int iou_sqring_wait(struct iou *ring);

/* Sets up a ring on an io_uring fd the caller obtained from
 * io_uring_setup(2) with `p` as the kernel filled it in (linux backend).
 * The ring owns fd from then on. Returns 0 or -errno. */
IOU_API int iou_queue_mmap(int fd, struct iou_params *p, struct iou *ring);

/* Sets up a ring whose SQEs and rings live in buf (IOU_SETUP_NO_MMAP, 6.5;
 * linux backend): buf must be page-aligned and stay mapped until
 * iou_queue_exit. p as for iou_queue_init_params. Returns the bytes of buf
 * used (> 0), -ENOMEM when buf_size is too small, -EINVAL, or the kernel's
 * -errno (-EINVAL before 6.5). */
IOU_API int iou_queue_init_mem(unsigned entries, struct iou *ring,
			       struct iou_params *p, void *buf,
			       size_t buf_size);

/* Starts an IOU_SETUP_R_DISABLED ring (5.10). On a SINGLE_ISSUER ring the
 * calling thread becomes its submitter, and the ring fd is registered in
 * that thread (not the creating one). Returns 0 or -errno. */
IOU_API int iou_enable_rings(struct iou *ring);

/* Fills probe (room for nr ops) from the kernel (5.6). Returns 0 or
 * -errno. */
IOU_API int iou_register_probe(struct iou *ring, struct iou_probe *probe,
			       unsigned nr);

/* Registers the calling task's credentials (5.6): returns the personality
 * id for sqe->personality, or -errno. */
IOU_API int iou_register_personality(struct iou *ring);
IOU_API int iou_unregister_personality(struct iou *ring, int id);

/* Restricts an R_DISABLED ring to the given ops (5.10); res points at
 * nr struct io_uring_restriction (16 bytes each). Returns 0 or -errno. */
IOU_API int iou_register_restrictions(struct iou *ring, const void *res,
				      unsigned nr);

/* Files and buffers with tags (5.13): a CQE with the tag as user_data is
 * posted when a tagged slot's resource is released. tags may be NULL. */
IOU_API int iou_register_files_tags(struct iou *ring, const int *files,
				    const uint64_t *tags, unsigned nr);
IOU_API int iou_register_files_update_tag(struct iou *ring, unsigned off,
					  const int *files,
					  const uint64_t *tags, unsigned nr);
IOU_API int iou_register_buffers_tags(struct iou *ring,
				      const struct iovec *iovecs,
				      const uint64_t *tags, unsigned nr);
IOU_API int iou_register_buffers_update_tag(struct iou *ring, unsigned off,
					    const struct iovec *iovecs,
					    const uint64_t *tags, unsigned nr);

/* io-wq workers: CPU affinity (5.14) and the bounded/unbounded maxima
 * (5.15; values[2] in/out: 0 reads without changing). 0 or -errno. */
IOU_API int iou_register_iowq_aff(struct iou *ring, size_t cpusz,
				  const void *mask);
IOU_API int iou_unregister_iowq_aff(struct iou *ring);
IOU_API int iou_register_iowq_max_workers(struct iou *ring, unsigned *values);

/* Cancels matching requests synchronously (6.0). Returns 0 when some were
 * cancelled, -ENOENT when none matched, -ETIME on timeout, or -errno. */
IOU_API int iou_register_sync_cancel(struct iou *ring,
				     struct iou_sync_cancel_reg *reg);

/* Limits fixed-file slots the kernel allocates to [off, off + len) (6.0).
 * Returns 0 or -errno. */
IOU_API int iou_register_file_alloc_range(struct iou *ring, unsigned off,
					  unsigned len);

/* The kernel's head of buffer ring bgid (PBUF_STATUS, 6.8). 0 or -errno. */
IOU_API int iou_buf_ring_head(struct iou *ring, int bgid, uint16_t *head);

/* Gives dst the registered buffers of src (6.12): all of them, or nr from
 * src_off placed at dst_off (6.13; flags IORING_REGISTER_DST_REPLACE = 2
 * replaces existing ones). A registered src ring fd is used as such.
 * Returns 0 or -errno (-EBUSY when dst has buffers, -ENXIO when src has
 * none). Both rings must be on the same backend. */
IOU_API int iou_clone_buffers(struct iou *dst, struct iou *src);
IOU_API int iou_clone_buffers_offset(struct iou *dst, struct iou *src,
				     unsigned dst_off, unsigned src_off,
				     unsigned nr, unsigned flags);

/* NAPI busy polling (6.9): napi points at a struct io_uring_napi (16
 * bytes); unregister writes the old settings back when napi is set.
 * Returns 0 or -errno. */
IOU_API int iou_register_napi(struct iou *ring, void *napi);
IOU_API int iou_unregister_napi(struct iou *ring, void *napi);

/* The clock for waits' timeouts (6.12): CLOCK_MONOTONIC or
 * CLOCK_BOOTTIME. Returns 0 or -errno. */
IOU_API int iou_register_clock(struct iou *ring, int clockid);

/* Resizes the SQ and CQ (6.13; linux backend): p->sq_entries, and
 * p->cq_entries with IOU_SETUP_CQSIZE in p->flags (IOU_SETUP_CLAMP also
 * allowed). Pending entries move to the new rings. On success p holds the
 * new sizes and offsets. Returns 0 or -errno (-EINVAL on the sim, before
 * 6.13, or for a NO_MMAP ring; -EOVERFLOW when the pending entries do not
 * fit). If remapping fails after the kernel resized, the ring is closed. */
IOU_API int iou_resize_rings(struct iou *ring, struct iou_params *p);

/* Closes the ring fd of a ring whose fd is registered (5.18; registrations
 * then need IOU_FEAT_REG_REG_RING, 6.3). Returns 1 when closed, -EINVAL
 * when the fd is not registered, or -errno. */
IOU_API int iou_close_ring_fd(struct iou *ring);

#ifdef __cplusplus
}
#endif

#include "iou_prep.h"

#endif /* IOU_H */

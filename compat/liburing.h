/* liburing.h — liburing's public API on iou.
 *
 * A program written for liburing (2.3, the release Debian ships, and the
 * later calls listed in docs/guide.md#liburing-compatibility) builds against
 * this header unmodified and runs on iou: `pkg-config --cflags --libs
 * iou-liburing`. Rings are set up through iou_queue_init_params, so they run
 * on whichever backend iou picks; the functions keep liburing's semantics
 * (preps leave user_data alone, io_uring_register/setup/enter are the raw
 * fd-based calls, a timed wait without EXT_ARG falls back to a TIMEOUT SQE).
 *
 * struct io_uring has liburing's exact layout, so the inline helpers here and
 * those compiled into a binary built against liburing itself touch the same
 * ring memory the same way. iou's own state for the ring (struct iou: its
 * backend and registrations) lives beside it, reached through sq.pad, which
 * liburing never uses: no lookup on any call, and a copy of the struct still
 * names the same ring. */
#ifndef LIB_URING_H
#define LIB_URING_H

#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 500 /* sigset_t */
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* cpu_set_t */
#endif

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <inttypes.h>
#include <time.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/swab.h>

#include "liburing/compat.h"
#include "liburing/io_uring.h"
#include "liburing/barrier.h"
#include <iou.h>

#ifndef uring_unlikely
#define uring_unlikely(cond) __builtin_expect(!!(cond), 0)
#endif
#ifndef uring_likely
#define uring_likely(cond) __builtin_expect(!!(cond), 1)
#endif

#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter 426
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register 427
#endif

/* The release whose API this header provides at the least, and iou's. */
#define IO_URING_VERSION_MAJOR 2
#define IO_URING_VERSION_MINOR 3
#define IO_URING_CHECK_VERSION(major, minor)                                   \
	(major > IO_URING_VERSION_MAJOR ||                                     \
	 (major == IO_URING_VERSION_MAJOR && minor > IO_URING_VERSION_MINOR))

#ifdef __cplusplus
extern "C" {
#endif

/* The submission side, liburing's layout. */
struct io_uring_sq {
	unsigned *khead;
	unsigned *ktail;
	unsigned *kring_mask;    /* deprecated: ring_mask */
	unsigned *kring_entries; /* deprecated: ring_entries */
	unsigned *kflags;
	unsigned *kdropped;
	unsigned *array;
	struct io_uring_sqe *sqes;

	unsigned sqe_head;
	unsigned sqe_tail;

	size_t ring_sz;
	void *ring_ptr;

	unsigned ring_mask;
	unsigned ring_entries;

	unsigned pad[2]; /* iou: the ring's struct iou */
};

/* The completion side, liburing's layout. */
struct io_uring_cq {
	unsigned *khead;
	unsigned *ktail;
	unsigned *kring_mask;    /* deprecated: ring_mask */
	unsigned *kring_entries; /* deprecated: ring_entries */
	unsigned *kflags;
	unsigned *koverflow;
	struct io_uring_cqe *cqes;

	size_t ring_sz;
	void *ring_ptr;

	unsigned ring_mask;
	unsigned ring_entries;

	unsigned pad[2];
};

struct io_uring {
	struct io_uring_sq sq;
	struct io_uring_cq cq;
	unsigned flags;
	int ring_fd;

	unsigned features;
	int enter_ring_fd;
	__u8 int_flags; /* IOU_LIBURING_INT_* */
	__u8 pad[3];
	unsigned pad2;
};

/* ring->int_flags */
#define IOU_LIBURING_INT_REG_RING     1U /* enter_ring_fd is an index */
#define IOU_LIBURING_INT_REG_REG_RING 2U /* no ring_fd: register by index */
#define IOU_LIBURING_INT_APP_MEM      4U /* rings in the caller's memory */

/* user_data of the TIMEOUT SQE a timed wait submits when the kernel has no
 * EXT_ARG; its CQE is consumed by the wait, never handed out. */
#define LIBURING_UDATA_TIMEOUT ((__u64)-1)

#define LIBURING_HAVE_DATA64

/* ---- Setup and teardown ---------------------------------------------- */

int io_uring_queue_init_params(unsigned entries, struct io_uring *ring,
			       struct io_uring_params *p);
int io_uring_queue_init(unsigned entries, struct io_uring *ring,
			unsigned flags);
int io_uring_queue_init_mem(unsigned entries, struct io_uring *ring,
			    struct io_uring_params *p, void *buf,
			    size_t buf_size);
int io_uring_queue_mmap(int fd, struct io_uring_params *p,
			struct io_uring *ring);
int io_uring_ring_dontfork(struct io_uring *ring);
int io_uring_resize_rings(struct io_uring *ring, struct io_uring_params *p);
void io_uring_queue_exit(struct io_uring *ring);
ssize_t io_uring_mlock_size(unsigned entries, unsigned flags);
ssize_t io_uring_mlock_size_params(unsigned entries,
				   struct io_uring_params *p);
int io_uring_major_version(void);
int io_uring_minor_version(void);
bool io_uring_check_version(int major, int minor);

/* iou's extension: the iou ring behind a liburing ring, for iou's own calls
 * on it (iou_backend_name, iou_sys_*...). NULL when it is not set up. */
struct iou *iou_liburing_ring(struct io_uring *ring);

/* ---- Probes ------------------------------------------------------------ */

struct io_uring_probe *io_uring_get_probe_ring(struct io_uring *ring);
struct io_uring_probe *io_uring_get_probe(void);
void io_uring_free_probe(struct io_uring_probe *probe);

static inline int io_uring_opcode_supported(const struct io_uring_probe *p,
					    int op)
{
	if (op > p->last_op)
		return 0;
	return (p->ops[op].flags & IO_URING_OP_SUPPORTED) != 0;
}

/* ---- Submission and completion ----------------------------------------- */

unsigned io_uring_peek_batch_cqe(struct io_uring *ring,
				 struct io_uring_cqe **cqes, unsigned count);
int io_uring_wait_cqes(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		       unsigned wait_nr, struct __kernel_timespec *ts,
		       sigset_t *sigmask);
int io_uring_wait_cqe_timeout(struct io_uring *ring,
			      struct io_uring_cqe **cqe_ptr,
			      struct __kernel_timespec *ts);
int io_uring_submit(struct io_uring *ring);
int io_uring_submit_and_wait(struct io_uring *ring, unsigned wait_nr);
int io_uring_submit_and_wait_timeout(struct io_uring *ring,
				     struct io_uring_cqe **cqe_ptr,
				     unsigned wait_nr,
				     struct __kernel_timespec *ts,
				     sigset_t *sigmask);
int io_uring_wait_cqes_min_timeout(struct io_uring *ring,
				   struct io_uring_cqe **cqe_ptr,
				   unsigned wait_nr,
				   struct __kernel_timespec *ts,
				   unsigned int min_ts_usec, sigset_t *sigmask);
int io_uring_submit_and_wait_min_timeout(struct io_uring *ring,
					 struct io_uring_cqe **cqe_ptr,
					 unsigned wait_nr,
					 struct __kernel_timespec *ts,
					 unsigned min_wait, sigset_t *sigmask);
int io_uring_get_events(struct io_uring *ring);
int io_uring_submit_and_get_events(struct io_uring *ring);
int __io_uring_get_cqe(struct io_uring *ring, struct io_uring_cqe **cqe_ptr,
		       unsigned submit, unsigned wait_nr, sigset_t *sigmask);
int __io_uring_sqring_wait(struct io_uring *ring);
unsigned __io_uring_flush_sq(struct io_uring *ring);

/* ---- Registration ------------------------------------------------------ */

int io_uring_register_buffers(struct io_uring *ring, const struct iovec *iovecs,
			      unsigned nr_iovecs);
int io_uring_register_buffers_tags(struct io_uring *ring,
				   const struct iovec *iovecs,
				   const __u64 *tags, unsigned nr);
int io_uring_register_buffers_sparse(struct io_uring *ring, unsigned nr);
int io_uring_register_buffers_update_tag(struct io_uring *ring, unsigned off,
					 const struct iovec *iovecs,
					 const __u64 *tags, unsigned nr);
int io_uring_unregister_buffers(struct io_uring *ring);

int io_uring_register_files(struct io_uring *ring, const int *files,
			    unsigned nr_files);
int io_uring_register_files_tags(struct io_uring *ring, const int *files,
				 const __u64 *tags, unsigned nr);
int io_uring_register_files_sparse(struct io_uring *ring, unsigned nr);
int io_uring_register_files_update_tag(struct io_uring *ring, unsigned off,
				       const int *files, const __u64 *tags,
				       unsigned nr_files);
int io_uring_unregister_files(struct io_uring *ring);
int io_uring_register_files_update(struct io_uring *ring, unsigned off,
				   const int *files, unsigned nr_files);
int io_uring_register_eventfd(struct io_uring *ring, int fd);
int io_uring_register_eventfd_async(struct io_uring *ring, int fd);
int io_uring_unregister_eventfd(struct io_uring *ring);
int io_uring_register_probe(struct io_uring *ring, struct io_uring_probe *p,
			    unsigned nr);
int io_uring_register_personality(struct io_uring *ring);
int io_uring_unregister_personality(struct io_uring *ring, int id);
int io_uring_register_restrictions(struct io_uring *ring,
				   struct io_uring_restriction *res,
				   unsigned int nr_res);
int io_uring_enable_rings(struct io_uring *ring);
int io_uring_register_iowq_aff(struct io_uring *ring, size_t cpusz,
			       const cpu_set_t *mask);
int io_uring_unregister_iowq_aff(struct io_uring *ring);
int io_uring_register_iowq_max_workers(struct io_uring *ring,
				       unsigned int *values);
int io_uring_register_ring_fd(struct io_uring *ring);
int io_uring_unregister_ring_fd(struct io_uring *ring);
int io_uring_close_ring_fd(struct io_uring *ring);
int io_uring_register_buf_ring(struct io_uring *ring,
			       struct io_uring_buf_reg *reg, unsigned int flags);
int io_uring_unregister_buf_ring(struct io_uring *ring, int bgid);
int io_uring_buf_ring_head(struct io_uring *ring, int buf_group,
			   uint16_t *head);
struct io_uring_buf_ring *io_uring_setup_buf_ring(struct io_uring *ring,
						  unsigned int nentries,
						  int bgid, unsigned int flags,
						  int *ret);
int io_uring_free_buf_ring(struct io_uring *ring, struct io_uring_buf_ring *br,
			   unsigned int nentries, int bgid);
int io_uring_register_sync_cancel(struct io_uring *ring,
				  struct io_uring_sync_cancel_reg *reg);
int io_uring_register_file_alloc_range(struct io_uring *ring, unsigned off,
				       unsigned len);
int io_uring_register_napi(struct io_uring *ring, struct io_uring_napi *napi);
int io_uring_unregister_napi(struct io_uring *ring,
			     struct io_uring_napi *napi);
int io_uring_register_clock(struct io_uring *ring,
			    struct io_uring_clock_register *arg);
int io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src);
int __io_uring_clone_buffers(struct io_uring *dst, struct io_uring *src,
			     unsigned int flags);
int io_uring_clone_buffers_offset(struct io_uring *dst, struct io_uring *src,
				  unsigned int dst_off, unsigned int src_off,
				  unsigned int nr, unsigned int flags);

/* ---- The raw syscalls -------------------------------------------------- */
/* Each returns the kernel's result or -errno (errno is left alone). On an
 * fd of a ring set up through this API they reach that ring's backend, so
 * they work on the sim too. */

int io_uring_enter(unsigned int fd, unsigned int to_submit,
		   unsigned int min_complete, unsigned int flags,
		   sigset_t *sig);
int io_uring_enter2(unsigned int fd, unsigned int to_submit,
		    unsigned int min_complete, unsigned int flags,
		    sigset_t *sig, size_t sz);
int io_uring_setup(unsigned int entries, struct io_uring_params *p);
int io_uring_register(unsigned int fd, unsigned int opcode, const void *arg,
		      unsigned int nr_args);

/* ---- CQ iteration ------------------------------------------------------ */

/* A CQE32 ring's entries are two CQE slots wide. */
#define io_uring_cqe_shift(ring) (!!((ring)->flags & IORING_SETUP_CQE32))
#define io_uring_cqe_index(ring, ptr, mask)                                    \
	(((ptr) & (mask)) << io_uring_cqe_shift(ring))

#define io_uring_for_each_cqe(ring, head, cqe)                                 \
	for (head = *(ring)->cq.khead;                                         \
	     (cqe = (head != io_uring_smp_load_acquire((ring)->cq.ktail)      \
			     ? &(ring)->cq.cqes[io_uring_cqe_index(            \
				       ring, head, (ring)->cq.ring_mask)]      \
			     : NULL));                                         \
	     head++)

/* Hands nr CQEs back to the kernel (after io_uring_for_each_cqe). */
static inline void io_uring_cq_advance(struct io_uring *ring, unsigned nr)
{
	if (nr)
		io_uring_smp_store_release(ring->cq.khead,
					   *ring->cq.khead + nr);
}

static inline void io_uring_cqe_seen(struct io_uring *ring,
				     struct io_uring_cqe *cqe)
{
	if (cqe)
		io_uring_cq_advance(ring, 1);
}

/* ---- SQE and CQE fields ------------------------------------------------ */

static inline void io_uring_sqe_set_data(struct io_uring_sqe *sqe, void *data)
{
	sqe->user_data = (unsigned long)data;
}

static inline void *io_uring_cqe_get_data(const struct io_uring_cqe *cqe)
{
	return (void *)(uintptr_t)cqe->user_data;
}

static inline void io_uring_sqe_set_data64(struct io_uring_sqe *sqe,
					   __u64 data)
{
	sqe->user_data = data;
}

static inline __u64 io_uring_cqe_get_data64(const struct io_uring_cqe *cqe)
{
	return cqe->user_data;
}

static inline void io_uring_sqe_set_flags(struct io_uring_sqe *sqe,
					  unsigned flags)
{
	sqe->flags = (__u8)flags;
}

static inline void io_uring_sqe_set_buf_group(struct io_uring_sqe *sqe,
					      int bgid)
{
	sqe->buf_group = (__u16)bgid;
}

static inline void __io_uring_set_target_fixed_file(struct io_uring_sqe *sqe,
						    unsigned int file_index)
{
	sqe->file_index = file_index + 1; /* 0 means "not a fixed file" */
}

/* Poll masks sit in poll32_events with their halves swapped on big-endian
 * machines (the kernel reads them as two 16-bit words). */
static inline unsigned __io_uring_prep_poll_mask(unsigned poll_mask)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	poll_mask = __swahw32(poll_mask);
#endif
	return poll_mask;
}

/* ---- Prep helpers ------------------------------------------------------ */
/* iou's prep helpers (api/iou_prep.h), which take liburing's arguments one
 * for one, with liburing's rule: the SQE's user_data is left as it was. */
#include "liburing/prep.h"

/* ---- Multishot recvmsg buffers ----------------------------------------- */
/* A multishot recvmsg buffer holds a struct io_uring_recvmsg_out, then the
 * name (msg_namelen bytes), the control data (msg_controllen), the payload. */

/* The header of buf, or NULL when buf_len cannot hold the fixed part. */
static inline struct io_uring_recvmsg_out *
io_uring_recvmsg_validate(void *buf, int buf_len, struct msghdr *msgh)
{
	unsigned long need = sizeof(struct io_uring_recvmsg_out) +
			     msgh->msg_namelen + msgh->msg_controllen;

	if (buf_len < 0 || (unsigned long)buf_len < need)
		return NULL;
	return (struct io_uring_recvmsg_out *)buf;
}

static inline void *io_uring_recvmsg_name(struct io_uring_recvmsg_out *o)
{
	return (void *)&o[1];
}

static inline struct cmsghdr *
io_uring_recvmsg_cmsg_firsthdr(struct io_uring_recvmsg_out *o,
			       struct msghdr *msgh)
{
	if (o->controllen < sizeof(struct cmsghdr))
		return NULL;
	return (struct cmsghdr *)((unsigned char *)io_uring_recvmsg_name(o) +
				  msgh->msg_namelen);
}

static inline struct cmsghdr *
io_uring_recvmsg_cmsg_nexthdr(struct io_uring_recvmsg_out *o,
			      struct msghdr *msgh, struct cmsghdr *cmsg)
{
	unsigned char *end, *next;

	if (cmsg->cmsg_len < sizeof(struct cmsghdr))
		return NULL;
	end = (unsigned char *)io_uring_recvmsg_cmsg_firsthdr(o, msgh) +
	      o->controllen;
	next = (unsigned char *)cmsg + CMSG_ALIGN(cmsg->cmsg_len);
	if (next + sizeof(struct cmsghdr) > end)
		return NULL;
	if (next + CMSG_ALIGN(((struct cmsghdr *)next)->cmsg_len) > end)
		return NULL;
	return (struct cmsghdr *)next;
}

static inline void *io_uring_recvmsg_payload(struct io_uring_recvmsg_out *o,
					     struct msghdr *msgh)
{
	return (unsigned char *)io_uring_recvmsg_name(o) + msgh->msg_namelen +
	       msgh->msg_controllen;
}

static inline unsigned int
io_uring_recvmsg_payload_length(struct io_uring_recvmsg_out *o, int buf_len,
				struct msghdr *msgh)
{
	unsigned long start = (unsigned long)io_uring_recvmsg_payload(o, msgh);

	return (unsigned int)((unsigned long)o + (unsigned long)buf_len - start);
}

/* ---- Ring state -------------------------------------------------------- */

/* SQEs handed out and not yet consumed by the kernel. */
static inline unsigned io_uring_sq_ready(const struct io_uring *ring)
{
	unsigned khead;

	/* An SQPOLL thread moves the head concurrently. */
	if (ring->flags & IORING_SETUP_SQPOLL)
		khead = io_uring_smp_load_acquire(ring->sq.khead);
	else
		khead = *ring->sq.khead;
	return ring->sq.sqe_tail - khead;
}

static inline unsigned io_uring_sq_space_left(const struct io_uring *ring)
{
	return ring->sq.ring_entries - io_uring_sq_ready(ring);
}

/* On an SQPOLL ring with a full SQ, waits until the thread frees a slot.
 * Returns 0 at once otherwise, or -errno. */
static inline int io_uring_sqring_wait(struct io_uring *ring)
{
	if (!(ring->flags & IORING_SETUP_SQPOLL) ||
	    io_uring_sq_space_left(ring))
		return 0;
	return __io_uring_sqring_wait(ring);
}

static inline unsigned io_uring_cq_ready(const struct io_uring *ring)
{
	return io_uring_smp_load_acquire(ring->cq.ktail) - *ring->cq.khead;
}

static inline bool io_uring_cq_has_overflow(const struct io_uring *ring)
{
	return IO_URING_READ_ONCE(*ring->sq.kflags) & IORING_SQ_CQ_OVERFLOW;
}

static inline bool io_uring_cq_eventfd_enabled(const struct io_uring *ring)
{
	if (!ring->cq.kflags)
		return true;
	return !(*ring->cq.kflags & IORING_CQ_EVENTFD_DISABLED);
}

/* Turns eventfd notifications on or off (-EOPNOTSUPP before 5.8, whose
 * CQ ring has no flags word). */
static inline int io_uring_cq_eventfd_toggle(struct io_uring *ring,
					     bool enabled)
{
	unsigned flags;

	if (!!enabled == io_uring_cq_eventfd_enabled(ring))
		return 0;
	if (!ring->cq.kflags)
		return -EOPNOTSUPP;
	flags = *ring->cq.kflags;
	if (enabled)
		flags &= ~IORING_CQ_EVENTFD_DISABLED;
	else
		flags |= IORING_CQ_EVENTFD_DISABLED;
	IO_URING_WRITE_ONCE(*ring->cq.kflags, flags);
	return 0;
}

static inline int io_uring_wait_cqe_nr(struct io_uring *ring,
				       struct io_uring_cqe **cqe_ptr,
				       unsigned wait_nr)
{
	return __io_uring_get_cqe(ring, cqe_ptr, 0, wait_nr, NULL);
}

/* Points *cqe_ptr at the first ready CQE (NULL if none) and, when asked,
 * says how many are ready. The CQE of the wait's own TIMEOUT SQE (kernels
 * without EXT_ARG) is consumed here: its error, if any, is returned. */
static inline int __io_uring_peek_cqe(struct io_uring *ring,
				      struct io_uring_cqe **cqe_ptr,
				      unsigned *nr_available)
{
	struct io_uring_cqe *cqe;
	unsigned avail;
	int err = 0;

	for (;;) {
		unsigned tail = io_uring_smp_load_acquire(ring->cq.ktail);
		unsigned head = *ring->cq.khead;

		cqe = NULL;
		avail = tail - head;
		if (!avail)
			break;
		cqe = &ring->cq.cqes[io_uring_cqe_index(ring, head,
							ring->cq.ring_mask)];
		if ((ring->features & IORING_FEAT_EXT_ARG) ||
		    cqe->user_data != LIBURING_UDATA_TIMEOUT)
			break;
		if (cqe->res < 0)
			err = cqe->res;
		io_uring_cq_advance(ring, 1);
		if (err) {
			cqe = NULL;
			break;
		}
	}
	*cqe_ptr = cqe;
	if (nr_available)
		*nr_available = avail;
	return err;
}

static inline int io_uring_peek_cqe(struct io_uring *ring,
				    struct io_uring_cqe **cqe_ptr)
{
	if (!__io_uring_peek_cqe(ring, cqe_ptr, NULL) && *cqe_ptr)
		return 0;
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 0);
}

static inline int io_uring_wait_cqe(struct io_uring *ring,
				    struct io_uring_cqe **cqe_ptr)
{
	if (!__io_uring_peek_cqe(ring, cqe_ptr, NULL) && *cqe_ptr)
		return 0;
	return io_uring_wait_cqe_nr(ring, cqe_ptr, 1);
}

/* The next free SQE (two slots wide on an SQE128 ring), or NULL when the
 * SQ is full. Its contents are stale until a prep fills them. */
static inline struct io_uring_sqe *_io_uring_get_sqe(struct io_uring *ring)
{
	struct io_uring_sq *sq = &ring->sq;
	unsigned head, next = sq->sqe_tail + 1;
	unsigned shift = (ring->flags & IORING_SETUP_SQE128) ? 1 : 0;
	struct io_uring_sqe *sqe;

	if (ring->flags & IORING_SETUP_SQPOLL)
		head = io_uring_smp_load_acquire(sq->khead);
	else
		head = IO_URING_READ_ONCE(*sq->khead);
	if (next - head > sq->ring_entries)
		return NULL;
	sqe = &sq->sqes[(sq->sqe_tail & sq->ring_mask) << shift];
	sq->sqe_tail = next;
	return sqe;
}

static inline struct io_uring_sqe *io_uring_get_sqe(struct io_uring *ring)
{
	return _io_uring_get_sqe(ring);
}

/* Number of CQ slots this CQE takes: 2 for a 32-byte CQE on a CQE_MIXED
 * ring (IORING_CQE_F_32, 6.18), else 1 (a CQE32 ring's index shift already
 * covers its wide entries). */
static inline unsigned io_uring_cqe_nr(const struct io_uring_cqe *cqe)
{
	return 1U << !!(cqe->flags & IORING_CQE_F_32);
}

/* ---- Provided-buffer rings --------------------------------------------- */

static inline int io_uring_buf_ring_mask(__u32 ring_entries)
{
	return (int)(ring_entries - 1);
}

static inline void io_uring_buf_ring_init(struct io_uring_buf_ring *br)
{
	br->tail = 0;
}

/* Stages a buffer at tail + buf_offset; io_uring_buf_ring_advance publishes
 * it. */
static inline void io_uring_buf_ring_add(struct io_uring_buf_ring *br,
					 void *addr, unsigned int len,
					 unsigned short bid, int mask,
					 int buf_offset)
{
	struct io_uring_buf *buf = &br->bufs[(br->tail + buf_offset) & mask];

	buf->addr = (unsigned long)(uintptr_t)addr;
	buf->len = len;
	buf->bid = bid;
}

static inline void io_uring_buf_ring_advance(struct io_uring_buf_ring *br,
					     int count)
{
	unsigned short tail = (unsigned short)(br->tail + count);

	io_uring_smp_store_release(&br->tail, tail);
}

/* Publishes count buffers and consumes count CQEs. */
static inline void io_uring_buf_ring_cq_advance(struct io_uring *ring,
						struct io_uring_buf_ring *br,
						int count)
{
	io_uring_buf_ring_advance(br, count);
	io_uring_cq_advance(ring, (unsigned)count);
}

/* Buffers the kernel has not consumed yet (6.8+: needs PBUF_STATUS), or
 * -errno. */
static inline int io_uring_buf_ring_available(struct io_uring *ring,
					      struct io_uring_buf_ring *br,
					      unsigned short bgid)
{
	uint16_t head;
	int ret = io_uring_buf_ring_head(ring, bgid, &head);

	if (ret)
		return ret;
	return (uint16_t)(br->tail - head);
}

#ifdef __cplusplus
}
#endif

#endif /* LIB_URING_H */

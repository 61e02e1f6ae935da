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
#define IOU_LIBURING_INT_REG_REG_RING 2U /* ring_fd is gone: register by index */
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

static inline void io_uring_prep_rw(int op, struct io_uring_sqe *sqe, int fd,
		const void *addr, unsigned len, __u64 offset)
{
	__u64 ud = sqe->user_data;

	iou_prep_rw(op, (struct iou_sqe *)sqe, fd, addr, len, offset);
	sqe->user_data = ud;
}

static inline void io_uring_prep_nop(struct io_uring_sqe *sqe)
{
	__u64 ud = sqe->user_data;

	iou_prep_nop((struct iou_sqe *)sqe);
	sqe->user_data = ud;
}

static inline void io_uring_prep_read(struct io_uring_sqe *sqe, int fd,
		void *buf, unsigned nbytes, __u64 offset)
{
	__u64 ud = sqe->user_data;

	iou_prep_read((struct iou_sqe *)sqe, fd, buf, nbytes, offset);
	sqe->user_data = ud;
}

static inline void io_uring_prep_write(struct io_uring_sqe *sqe, int fd,
		const void *buf, unsigned nbytes, __u64 offset)
{
	__u64 ud = sqe->user_data;

	iou_prep_write((struct iou_sqe *)sqe, fd, buf, nbytes, offset);
	sqe->user_data = ud;
}

static inline void io_uring_prep_readv(struct io_uring_sqe *sqe, int fd,
		const struct iovec *iovecs, unsigned nr_vecs, __u64 offset)
{
	__u64 ud = sqe->user_data;

	iou_prep_readv((struct iou_sqe *)sqe, fd, iovecs, nr_vecs, offset);
	sqe->user_data = ud;
}

static inline void io_uring_prep_readv2(struct io_uring_sqe *sqe, int fd,
		const struct iovec *iovecs, unsigned nr_vecs, __u64 offset, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_readv2((struct iou_sqe *)sqe, fd, iovecs, nr_vecs, offset,
		flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_writev(struct io_uring_sqe *sqe, int fd,
		const struct iovec *iovecs, unsigned nr_vecs, __u64 offset)
{
	__u64 ud = sqe->user_data;

	iou_prep_writev((struct iou_sqe *)sqe, fd, iovecs, nr_vecs, offset);
	sqe->user_data = ud;
}

static inline void io_uring_prep_writev2(struct io_uring_sqe *sqe, int fd,
		const struct iovec *iovecs, unsigned nr_vecs, __u64 offset, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_writev2((struct iou_sqe *)sqe, fd, iovecs, nr_vecs, offset,
		flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_read_fixed(struct io_uring_sqe *sqe, int fd,
		void *buf, unsigned nbytes, __u64 offset, int buf_index)
{
	__u64 ud = sqe->user_data;

	iou_prep_read_fixed((struct iou_sqe *)sqe, fd, buf, nbytes, offset,
		buf_index);
	sqe->user_data = ud;
}

static inline void io_uring_prep_write_fixed(struct io_uring_sqe *sqe, int fd,
		const void *buf, unsigned nbytes, __u64 offset, int buf_index)
{
	__u64 ud = sqe->user_data;

	iou_prep_write_fixed((struct iou_sqe *)sqe, fd, buf, nbytes, offset,
		buf_index);
	sqe->user_data = ud;
}

static inline void io_uring_prep_readv_fixed(struct io_uring_sqe *sqe, int fd,
		const struct iovec *iovecs, unsigned nr_vecs, __u64 offset, int flags,
		int buf_index)
{
	__u64 ud = sqe->user_data;

	iou_prep_readv_fixed((struct iou_sqe *)sqe, fd, iovecs, nr_vecs,
		offset, flags, buf_index);
	sqe->user_data = ud;
}

static inline void io_uring_prep_writev_fixed(struct io_uring_sqe *sqe, int fd,
		const struct iovec *iovecs, unsigned nr_vecs, __u64 offset, int flags,
		int buf_index)
{
	__u64 ud = sqe->user_data;

	iou_prep_writev_fixed((struct iou_sqe *)sqe, fd, iovecs, nr_vecs,
		offset, flags, buf_index);
	sqe->user_data = ud;
}

static inline void io_uring_prep_read_multishot(struct io_uring_sqe *sqe,
		int fd, unsigned nbytes, __u64 offset, int buf_group)
{
	__u64 ud = sqe->user_data;

	iou_prep_read_multishot((struct iou_sqe *)sqe, fd, nbytes, offset,
		buf_group);
	sqe->user_data = ud;
}

static inline void io_uring_prep_fsync(struct io_uring_sqe *sqe, int fd,
		unsigned fsync_flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_fsync((struct iou_sqe *)sqe, fd, fsync_flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_sync_file_range(struct io_uring_sqe *sqe,
		int fd, unsigned len, __u64 offset, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_sync_file_range((struct iou_sqe *)sqe, fd, len, offset, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_fallocate(struct io_uring_sqe *sqe, int fd,
		int mode, __u64 offset, __u64 len)
{
	__u64 ud = sqe->user_data;

	iou_prep_fallocate((struct iou_sqe *)sqe, fd, mode, offset, len);
	sqe->user_data = ud;
}

static inline void io_uring_prep_ftruncate(struct io_uring_sqe *sqe, int fd,
		int64_t len)
{
	__u64 ud = sqe->user_data;

	iou_prep_ftruncate((struct iou_sqe *)sqe, fd, len);
	sqe->user_data = ud;
}

static inline void io_uring_prep_fadvise(struct io_uring_sqe *sqe, int fd,
		__u64 offset, __u32 len, int advice)
{
	__u64 ud = sqe->user_data;

	iou_prep_fadvise((struct iou_sqe *)sqe, fd, offset, len, advice);
	sqe->user_data = ud;
}

static inline void io_uring_prep_fadvise64(struct io_uring_sqe *sqe, int fd,
		__u64 offset, off_t len, int advice)
{
	__u64 ud = sqe->user_data;

	iou_prep_fadvise64((struct iou_sqe *)sqe, fd, offset, len, advice);
	sqe->user_data = ud;
}

static inline void io_uring_prep_madvise(struct io_uring_sqe *sqe, void *addr,
		__u32 length, int advice)
{
	__u64 ud = sqe->user_data;

	iou_prep_madvise((struct iou_sqe *)sqe, addr, length, advice);
	sqe->user_data = ud;
}

static inline void io_uring_prep_madvise64(struct io_uring_sqe *sqe,
		void *addr, off_t length, int advice)
{
	__u64 ud = sqe->user_data;

	iou_prep_madvise64((struct iou_sqe *)sqe, addr, length, advice);
	sqe->user_data = ud;
}

static inline void io_uring_prep_splice(struct io_uring_sqe *sqe, int fd_in,
		int64_t off_in, int fd_out, int64_t off_out, unsigned nbytes,
		unsigned splice_flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_splice((struct iou_sqe *)sqe, fd_in, off_in, fd_out, off_out,
		nbytes, splice_flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_tee(struct io_uring_sqe *sqe, int fd_in,
		int fd_out, unsigned nbytes, unsigned splice_flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_tee((struct iou_sqe *)sqe, fd_in, fd_out, nbytes,
		splice_flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_openat(struct io_uring_sqe *sqe, int dfd,
		const char *path, int flags, mode_t mode)
{
	__u64 ud = sqe->user_data;

	iou_prep_openat((struct iou_sqe *)sqe, dfd, path, flags, mode);
	sqe->user_data = ud;
}

static inline void io_uring_prep_openat_direct(struct io_uring_sqe *sqe,
		int dfd, const char *path, int flags, mode_t mode, unsigned file_index)
{
	__u64 ud = sqe->user_data;

	iou_prep_openat_direct((struct iou_sqe *)sqe, dfd, path, flags, mode,
		file_index);
	sqe->user_data = ud;
}

static inline void io_uring_prep_open(struct io_uring_sqe *sqe,
		const char *path, int flags, mode_t mode)
{
	__u64 ud = sqe->user_data;

	iou_prep_open((struct iou_sqe *)sqe, path, flags, mode);
	sqe->user_data = ud;
}

static inline void io_uring_prep_open_direct(struct io_uring_sqe *sqe,
		const char *path, int flags, mode_t mode, unsigned file_index)
{
	__u64 ud = sqe->user_data;

	iou_prep_open_direct((struct iou_sqe *)sqe, path, flags, mode,
		file_index);
	sqe->user_data = ud;
}

static inline void io_uring_prep_openat2(struct io_uring_sqe *sqe, int dfd,
		const char *path, const struct open_how *how)
{
	__u64 ud = sqe->user_data;

	iou_prep_openat2((struct iou_sqe *)sqe, dfd, path, how);
	sqe->user_data = ud;
}

static inline void io_uring_prep_openat2_direct(struct io_uring_sqe *sqe,
		int dfd, const char *path, const struct open_how *how, unsigned file_index)
{
	__u64 ud = sqe->user_data;

	iou_prep_openat2_direct((struct iou_sqe *)sqe, dfd, path, how,
		file_index);
	sqe->user_data = ud;
}

static inline void io_uring_prep_close(struct io_uring_sqe *sqe, int fd)
{
	__u64 ud = sqe->user_data;

	iou_prep_close((struct iou_sqe *)sqe, fd);
	sqe->user_data = ud;
}

static inline void io_uring_prep_close_direct(struct io_uring_sqe *sqe,
		unsigned file_index)
{
	__u64 ud = sqe->user_data;

	iou_prep_close_direct((struct iou_sqe *)sqe, file_index);
	sqe->user_data = ud;
}

static inline void io_uring_prep_statx(struct io_uring_sqe *sqe, int dfd,
		const char *path, int flags, unsigned mask, struct statx *statxbuf)
{
	__u64 ud = sqe->user_data;

	iou_prep_statx((struct iou_sqe *)sqe, dfd, path, flags, mask, statxbuf);
	sqe->user_data = ud;
}

static inline void io_uring_prep_files_update(struct io_uring_sqe *sqe,
		int *fds, unsigned nr_fds, int offset)
{
	__u64 ud = sqe->user_data;

	iou_prep_files_update((struct iou_sqe *)sqe, fds, nr_fds, offset);
	sqe->user_data = ud;
}

static inline void io_uring_prep_fixed_fd_install(struct io_uring_sqe *sqe,
		int fd, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_fixed_fd_install((struct iou_sqe *)sqe, fd, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_pipe(struct io_uring_sqe *sqe, int *fds,
		int pipe_flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_pipe((struct iou_sqe *)sqe, fds, pipe_flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_pipe_direct(struct io_uring_sqe *sqe,
		int *fds, int pipe_flags, unsigned file_index)
{
	__u64 ud = sqe->user_data;

	iou_prep_pipe_direct((struct iou_sqe *)sqe, fds, pipe_flags,
		file_index);
	sqe->user_data = ud;
}

static inline void io_uring_prep_renameat(struct io_uring_sqe *sqe, int olddfd,
		const char *oldpath, int newdfd, const char *newpath, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_renameat((struct iou_sqe *)sqe, olddfd, oldpath, newdfd,
		newpath, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_rename(struct io_uring_sqe *sqe,
		const char *oldpath, const char *newpath)
{
	__u64 ud = sqe->user_data;

	iou_prep_rename((struct iou_sqe *)sqe, oldpath, newpath);
	sqe->user_data = ud;
}

static inline void io_uring_prep_unlinkat(struct io_uring_sqe *sqe, int dfd,
		const char *path, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_unlinkat((struct iou_sqe *)sqe, dfd, path, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_unlink(struct io_uring_sqe *sqe,
		const char *path, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_unlink((struct iou_sqe *)sqe, path, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_mkdirat(struct io_uring_sqe *sqe, int dfd,
		const char *path, mode_t mode)
{
	__u64 ud = sqe->user_data;

	iou_prep_mkdirat((struct iou_sqe *)sqe, dfd, path, mode);
	sqe->user_data = ud;
}

static inline void io_uring_prep_mkdir(struct io_uring_sqe *sqe,
		const char *path, mode_t mode)
{
	__u64 ud = sqe->user_data;

	iou_prep_mkdir((struct iou_sqe *)sqe, path, mode);
	sqe->user_data = ud;
}

static inline void io_uring_prep_symlinkat(struct io_uring_sqe *sqe,
		const char *target, int newdirfd, const char *linkpath)
{
	__u64 ud = sqe->user_data;

	iou_prep_symlinkat((struct iou_sqe *)sqe, target, newdirfd, linkpath);
	sqe->user_data = ud;
}

static inline void io_uring_prep_symlink(struct io_uring_sqe *sqe,
		const char *target, const char *linkpath)
{
	__u64 ud = sqe->user_data;

	iou_prep_symlink((struct iou_sqe *)sqe, target, linkpath);
	sqe->user_data = ud;
}

static inline void io_uring_prep_linkat(struct io_uring_sqe *sqe, int olddfd,
		const char *oldpath, int newdfd, const char *newpath, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_linkat((struct iou_sqe *)sqe, olddfd, oldpath, newdfd,
		newpath, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_link(struct io_uring_sqe *sqe,
		const char *oldpath, const char *newpath, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_link((struct iou_sqe *)sqe, oldpath, newpath, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_getxattr(struct io_uring_sqe *sqe,
		const char *name, char *value, const char *path, unsigned len)
{
	__u64 ud = sqe->user_data;

	iou_prep_getxattr((struct iou_sqe *)sqe, name, value, path, len);
	sqe->user_data = ud;
}

static inline void io_uring_prep_setxattr(struct io_uring_sqe *sqe,
		const char *name, const char *value, const char *path, int flags,
		unsigned len)
{
	__u64 ud = sqe->user_data;

	iou_prep_setxattr((struct iou_sqe *)sqe, name, value, path, flags, len);
	sqe->user_data = ud;
}

static inline void io_uring_prep_fgetxattr(struct io_uring_sqe *sqe, int fd,
		const char *name, char *value, unsigned len)
{
	__u64 ud = sqe->user_data;

	iou_prep_fgetxattr((struct iou_sqe *)sqe, fd, name, value, len);
	sqe->user_data = ud;
}

static inline void io_uring_prep_fsetxattr(struct io_uring_sqe *sqe, int fd,
		const char *name, const char *value, int flags, unsigned len)
{
	__u64 ud = sqe->user_data;

	iou_prep_fsetxattr((struct iou_sqe *)sqe, fd, name, value, flags, len);
	sqe->user_data = ud;
}

static inline void io_uring_prep_poll_add(struct io_uring_sqe *sqe, int fd,
		unsigned poll_mask)
{
	__u64 ud = sqe->user_data;

	iou_prep_poll_add((struct iou_sqe *)sqe, fd, poll_mask);
	sqe->user_data = ud;
}

static inline void io_uring_prep_poll_multishot(struct io_uring_sqe *sqe,
		int fd, unsigned poll_mask)
{
	__u64 ud = sqe->user_data;

	iou_prep_poll_multishot((struct iou_sqe *)sqe, fd, poll_mask);
	sqe->user_data = ud;
}

static inline void io_uring_prep_poll_remove(struct io_uring_sqe *sqe,
		__u64 user_data)
{
	__u64 ud = sqe->user_data;

	iou_prep_poll_remove((struct iou_sqe *)sqe, user_data);
	sqe->user_data = ud;
}

static inline void io_uring_prep_poll_update(struct io_uring_sqe *sqe,
		__u64 old_user_data, __u64 new_user_data, unsigned poll_mask, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_poll_update((struct iou_sqe *)sqe, old_user_data,
		new_user_data, poll_mask, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_epoll_ctl(struct io_uring_sqe *sqe, int epfd,
		int fd, int op, const struct epoll_event *ev)
{
	__u64 ud = sqe->user_data;

	iou_prep_epoll_ctl((struct iou_sqe *)sqe, epfd, fd, op, ev);
	sqe->user_data = ud;
}

static inline void io_uring_prep_epoll_wait(struct io_uring_sqe *sqe, int fd,
		struct epoll_event *events, int maxevents, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_epoll_wait((struct iou_sqe *)sqe, fd, events, maxevents,
		flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_timeout(struct io_uring_sqe *sqe,
		const struct __kernel_timespec *ts, unsigned count, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_timeout((struct iou_sqe *)sqe,
		(const struct iou_timespec *)ts, count, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_timeout_remove(struct io_uring_sqe *sqe,
		__u64 user_data, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_timeout_remove((struct iou_sqe *)sqe, user_data, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_timeout_update(struct io_uring_sqe *sqe,
		const struct __kernel_timespec *ts, __u64 user_data, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_timeout_update((struct iou_sqe *)sqe,
		(const struct iou_timespec *)ts, user_data, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_link_timeout(struct io_uring_sqe *sqe,
		const struct __kernel_timespec *ts, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_link_timeout((struct iou_sqe *)sqe,
		(const struct iou_timespec *)ts, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_cancel64(struct io_uring_sqe *sqe,
		__u64 user_data, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_cancel64((struct iou_sqe *)sqe, user_data, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_cancel(struct io_uring_sqe *sqe,
		const void *user_data, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_cancel((struct iou_sqe *)sqe, user_data, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_cancel_fd(struct io_uring_sqe *sqe, int fd,
		unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_cancel_fd((struct iou_sqe *)sqe, fd, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_socket(struct io_uring_sqe *sqe, int domain,
		int type, int protocol, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_socket((struct iou_sqe *)sqe, domain, type, protocol, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_socket_direct(struct io_uring_sqe *sqe,
		int domain, int type, int protocol, unsigned file_index, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_socket_direct((struct iou_sqe *)sqe, domain, type, protocol,
		file_index, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_socket_direct_alloc(struct io_uring_sqe *sqe,
		int domain, int type, int protocol, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_socket_direct_alloc((struct iou_sqe *)sqe, domain, type,
		protocol, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_bind(struct io_uring_sqe *sqe, int fd,
		const struct sockaddr *addr, socklen_t addrlen)
{
	__u64 ud = sqe->user_data;

	iou_prep_bind((struct iou_sqe *)sqe, fd, addr, addrlen);
	sqe->user_data = ud;
}

static inline void io_uring_prep_listen(struct io_uring_sqe *sqe, int fd,
		int backlog)
{
	__u64 ud = sqe->user_data;

	iou_prep_listen((struct iou_sqe *)sqe, fd, backlog);
	sqe->user_data = ud;
}

static inline void io_uring_prep_accept(struct io_uring_sqe *sqe, int fd,
		struct sockaddr *addr, socklen_t *addrlen, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_accept((struct iou_sqe *)sqe, fd, addr, addrlen, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_accept_direct(struct io_uring_sqe *sqe,
		int fd, struct sockaddr *addr, socklen_t *addrlen, int flags,
		unsigned file_index)
{
	__u64 ud = sqe->user_data;

	iou_prep_accept_direct((struct iou_sqe *)sqe, fd, addr, addrlen, flags,
		file_index);
	sqe->user_data = ud;
}

static inline void io_uring_prep_multishot_accept(struct io_uring_sqe *sqe,
		int fd, struct sockaddr *addr, socklen_t *addrlen, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_multishot_accept((struct iou_sqe *)sqe, fd, addr, addrlen,
		flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_multishot_accept_direct(struct io_uring_sqe *sqe,
		int fd, struct sockaddr *addr, socklen_t *addrlen, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_multishot_accept_direct((struct iou_sqe *)sqe, fd, addr,
		addrlen, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_connect(struct io_uring_sqe *sqe, int fd,
		const struct sockaddr *addr, socklen_t addrlen)
{
	__u64 ud = sqe->user_data;

	iou_prep_connect((struct iou_sqe *)sqe, fd, addr, addrlen);
	sqe->user_data = ud;
}

static inline void io_uring_prep_shutdown(struct io_uring_sqe *sqe, int fd,
		int how)
{
	__u64 ud = sqe->user_data;

	iou_prep_shutdown((struct iou_sqe *)sqe, fd, how);
	sqe->user_data = ud;
}

static inline void io_uring_prep_send(struct io_uring_sqe *sqe, int sockfd,
		const void *buf, size_t len, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_send((struct iou_sqe *)sqe, sockfd, buf, len, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_send_bundle(struct io_uring_sqe *sqe,
		int sockfd, size_t len, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_send_bundle((struct iou_sqe *)sqe, sockfd, len, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_send_set_addr(struct io_uring_sqe *sqe,
		const struct sockaddr *dest_addr, __u16 addr_len)
{
	__u64 ud = sqe->user_data;

	iou_prep_send_set_addr((struct iou_sqe *)sqe, dest_addr, addr_len);
	sqe->user_data = ud;
}

static inline void io_uring_prep_sendto(struct io_uring_sqe *sqe, int sockfd,
		const void *buf, size_t len, int flags, const struct sockaddr *addr,
		socklen_t addrlen)
{
	__u64 ud = sqe->user_data;

	iou_prep_sendto((struct iou_sqe *)sqe, sockfd, buf, len, flags, addr,
		addrlen);
	sqe->user_data = ud;
}

static inline void io_uring_prep_send_zc(struct io_uring_sqe *sqe, int sockfd,
		const void *buf, size_t len, int flags, unsigned zc_flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_send_zc((struct iou_sqe *)sqe, sockfd, buf, len, flags,
		zc_flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_send_zc_fixed(struct io_uring_sqe *sqe,
		int sockfd, const void *buf, size_t len, int flags, unsigned zc_flags,
		unsigned buf_index)
{
	__u64 ud = sqe->user_data;

	iou_prep_send_zc_fixed((struct iou_sqe *)sqe, sockfd, buf, len, flags,
		zc_flags, buf_index);
	sqe->user_data = ud;
}

static inline void io_uring_prep_recv(struct io_uring_sqe *sqe, int sockfd,
		void *buf, size_t len, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_recv((struct iou_sqe *)sqe, sockfd, buf, len, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_recv_multishot(struct io_uring_sqe *sqe,
		int sockfd, void *buf, size_t len, int flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_recv_multishot((struct iou_sqe *)sqe, sockfd, buf, len, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_sendmsg(struct io_uring_sqe *sqe, int fd,
		const struct msghdr *msg, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_sendmsg((struct iou_sqe *)sqe, fd, msg, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_sendmsg_zc(struct io_uring_sqe *sqe, int fd,
		const struct msghdr *msg, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_sendmsg_zc((struct iou_sqe *)sqe, fd, msg, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_sendmsg_zc_fixed(struct io_uring_sqe *sqe,
		int fd, const struct msghdr *msg, unsigned flags, unsigned buf_index)
{
	__u64 ud = sqe->user_data;

	iou_prep_sendmsg_zc_fixed((struct iou_sqe *)sqe, fd, msg, flags,
		buf_index);
	sqe->user_data = ud;
}

static inline void io_uring_prep_recvmsg(struct io_uring_sqe *sqe, int fd,
		struct msghdr *msg, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_recvmsg((struct iou_sqe *)sqe, fd, msg, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_recvmsg_multishot(struct io_uring_sqe *sqe,
		int fd, struct msghdr *msg, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_recvmsg_multishot((struct iou_sqe *)sqe, fd, msg, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_provide_buffers(struct io_uring_sqe *sqe,
		void *addr, int len, int nr, int bgid, int bid)
{
	__u64 ud = sqe->user_data;

	iou_prep_provide_buffers((struct iou_sqe *)sqe, addr, len, nr, bgid,
		bid);
	sqe->user_data = ud;
}

static inline void io_uring_prep_remove_buffers(struct io_uring_sqe *sqe,
		int nr, int bgid)
{
	__u64 ud = sqe->user_data;

	iou_prep_remove_buffers((struct iou_sqe *)sqe, nr, bgid);
	sqe->user_data = ud;
}

static inline void io_uring_prep_msg_ring(struct io_uring_sqe *sqe, int fd,
		unsigned len, __u64 data, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_msg_ring((struct iou_sqe *)sqe, fd, len, data, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_msg_ring_cqe_flags(struct io_uring_sqe *sqe,
		int fd, unsigned len, __u64 data, unsigned flags, unsigned cqe_flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_msg_ring_cqe_flags((struct iou_sqe *)sqe, fd, len, data,
		flags, cqe_flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_msg_ring_fd(struct io_uring_sqe *sqe, int fd,
		int source_fd, int target_fd, __u64 data, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_msg_ring_fd((struct iou_sqe *)sqe, fd, source_fd, target_fd,
		data, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_msg_ring_fd_alloc(struct io_uring_sqe *sqe,
		int fd, int source_fd, __u64 data, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_msg_ring_fd_alloc((struct iou_sqe *)sqe, fd, source_fd, data,
		flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_uring_cmd(struct io_uring_sqe *sqe,
		int cmd_op, int fd)
{
	__u64 ud = sqe->user_data;

	iou_prep_uring_cmd((struct iou_sqe *)sqe, cmd_op, fd);
	sqe->user_data = ud;
}

static inline void io_uring_prep_cmd_sock(struct io_uring_sqe *sqe, int cmd_op,
		int fd, int level, int optname, void *optval, int optlen)
{
	__u64 ud = sqe->user_data;

	iou_prep_cmd_sock((struct iou_sqe *)sqe, cmd_op, fd, level, optname,
		optval, optlen);
	sqe->user_data = ud;
}

#ifdef IOU__HAVE_WAITID
static inline void io_uring_prep_waitid(struct io_uring_sqe *sqe,
		idtype_t idtype, id_t id, siginfo_t *infop, int options, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_waitid((struct iou_sqe *)sqe, idtype, id, infop, options,
		flags);
	sqe->user_data = ud;
}
#endif

static inline void io_uring_prep_futex_wake(struct io_uring_sqe *sqe,
		const __u32 *futex, __u64 val, __u64 mask, __u32 futex_flags, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_futex_wake((struct iou_sqe *)sqe, futex, val, mask,
		futex_flags, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_futex_wait(struct io_uring_sqe *sqe,
		const __u32 *futex, __u64 val, __u64 mask, __u32 futex_flags, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_futex_wait((struct iou_sqe *)sqe, futex, val, mask,
		futex_flags, flags);
	sqe->user_data = ud;
}

static inline void io_uring_prep_futex_waitv(struct io_uring_sqe *sqe,
		const struct futex_waitv *futex, __u32 nr_futex, unsigned flags)
{
	__u64 ud = sqe->user_data;

	iou_prep_futex_waitv((struct iou_sqe *)sqe, futex, nr_futex, flags);
	sqe->user_data = ud;
}

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

/* Number of 16-byte CQE slots this CQE takes: 2 on a CQE32 ring. */
static inline unsigned io_uring_cqe_nr(const struct io_uring *ring,
				       const struct io_uring_cqe *cqe)
{
	(void)cqe;
	return 1U << io_uring_cqe_shift(ring);
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

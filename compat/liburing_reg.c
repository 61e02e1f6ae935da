/* liburing_reg.c — liburing's registration calls, probes, provided-buffer
 * rings and the raw io_uring_setup/enter/register syscalls, on iou. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "liburing_int.h"

/* The iou ring, or NULL for a ring never set up (or already exited). */
#define RING_OR_EBADF(ring, r)                                                 \
	struct iou *r = (ring) ? iou__lu_sync_in(ring) : NULL;                 \
	if (!r)                                                                \
		return (ring) ? -EBADF : -EINVAL

/* ---- The raw syscalls -------------------------------------------------- */

static long raw_syscall(long nr, long a, long b, long c, long d, long e,
			long f)
{
	int saved = errno;
	long ret = syscall(nr, a, b, c, d, e, f);

	if (ret < 0)
		ret = -errno;
	errno = saved;
	return ret;
}

IOU_LIBURING_API int io_uring_setup(unsigned int entries,
				    struct io_uring_params *p)
{
	return (int)raw_syscall(__NR_io_uring_setup, entries, (long)p, 0, 0, 0,
				0);
}

IOU_LIBURING_API int io_uring_enter2(unsigned int fd, unsigned int to_submit,
				     unsigned int min_complete,
				     unsigned int flags, sigset_t *sig,
				     size_t sz)
{
	struct iou *r;

	/* A sim ring's fd is virtual: its backend answers. */
	if (!(flags & IORING_ENTER_REGISTERED_RING) &&
	    (r = iou__lu_find_fd((int)fd)) != NULL)
		return r->backend->enter(r, to_submit, min_complete, flags, sig,
					 sz);
	return (int)raw_syscall(__NR_io_uring_enter, fd, to_submit,
				min_complete, flags, (long)sig, (long)sz);
}

IOU_LIBURING_API int io_uring_enter(unsigned int fd, unsigned int to_submit,
				    unsigned int min_complete,
				    unsigned int flags, sigset_t *sig)
{
	return io_uring_enter2(fd, to_submit, min_complete, flags, sig,
			       _NSIG / 8);
}

IOU_LIBURING_API int io_uring_register(unsigned int fd, unsigned int opcode,
				       const void *arg, unsigned int nr_args)
{
	struct iou *r;

	if (!(opcode & IORING_REGISTER_USE_REGISTERED_RING) &&
	    (r = iou__lu_find_fd((int)fd)) != NULL)
		return r->backend->register_op(r, opcode, arg, nr_args);
	return (int)raw_syscall(__NR_io_uring_register, fd, opcode, (long)arg,
				nr_args, 0, 0);
}

/* ---- Probes ------------------------------------------------------------ */

IOU_LIBURING_API struct io_uring_probe *
io_uring_get_probe_ring(struct io_uring *ring)
{
	struct iou *r = ring ? iou__lu_sync_in(ring) : NULL;

	return r ? (struct io_uring_probe *)iou_get_probe_ring(r) : NULL;
}

IOU_LIBURING_API struct io_uring_probe *io_uring_get_probe(void)
{
	struct io_uring ring;
	struct io_uring_probe *probe;

	if (io_uring_queue_init(2, &ring, 0) < 0)
		return NULL;
	probe = io_uring_get_probe_ring(&ring);
	io_uring_queue_exit(&ring);
	return probe;
}

IOU_LIBURING_API void io_uring_free_probe(struct io_uring_probe *probe)
{
	iou_free_probe((struct iou_probe *)probe);
}

IOU_LIBURING_API int io_uring_register_probe(struct io_uring *ring,
					     struct io_uring_probe *p,
					     unsigned nr)
{
	RING_OR_EBADF(ring, r);
	return iou_register_probe(r, (struct iou_probe *)p, nr);
}

/* ---- Buffers and files ------------------------------------------------- */

IOU_LIBURING_API int io_uring_register_buffers(struct io_uring *ring,
					       const struct iovec *iovecs,
					       unsigned nr_iovecs)
{
	RING_OR_EBADF(ring, r);
	return iou_register_buffers(r, iovecs, nr_iovecs);
}

IOU_LIBURING_API int io_uring_register_buffers_tags(struct io_uring *ring,
						    const struct iovec *iovecs,
						    const __u64 *tags,
						    unsigned nr)
{
	RING_OR_EBADF(ring, r);
	return iou_register_buffers_tags(r, iovecs, (const uint64_t *)tags, nr);
}

IOU_LIBURING_API int io_uring_register_buffers_sparse(struct io_uring *ring,
						      unsigned nr)
{
	RING_OR_EBADF(ring, r);
	return iou_register_buffers_sparse(r, nr);
}

IOU_LIBURING_API int io_uring_register_buffers_update_tag(
	struct io_uring *ring, unsigned off, const struct iovec *iovecs,
	const __u64 *tags, unsigned nr)
{
	RING_OR_EBADF(ring, r);
	return iou_register_buffers_update_tag(r, off, iovecs,
					       (const uint64_t *)tags, nr);
}

IOU_LIBURING_API int io_uring_unregister_buffers(struct io_uring *ring)
{
	RING_OR_EBADF(ring, r);
	return iou_unregister_buffers(r);
}

IOU_LIBURING_API int io_uring_register_files(struct io_uring *ring,
					     const int *files,
					     unsigned nr_files)
{
	RING_OR_EBADF(ring, r);
	return iou_register_files(r, files, nr_files);
}

IOU_LIBURING_API int io_uring_register_files_tags(struct io_uring *ring,
						  const int *files,
						  const __u64 *tags,
						  unsigned nr)
{
	RING_OR_EBADF(ring, r);
	return iou_register_files_tags(r, files, (const uint64_t *)tags, nr);
}

IOU_LIBURING_API int io_uring_register_files_sparse(struct io_uring *ring,
						    unsigned nr)
{
	RING_OR_EBADF(ring, r);
	return iou_register_files_sparse(r, nr);
}

IOU_LIBURING_API int io_uring_register_files_update_tag(struct io_uring *ring,
							unsigned off,
							const int *files,
							const __u64 *tags,
							unsigned nr_files)
{
	RING_OR_EBADF(ring, r);
	return iou_register_files_update_tag(r, off, files,
					     (const uint64_t *)tags, nr_files);
}

IOU_LIBURING_API int io_uring_unregister_files(struct io_uring *ring)
{
	RING_OR_EBADF(ring, r);
	return iou_unregister_files(r);
}

IOU_LIBURING_API int io_uring_register_files_update(struct io_uring *ring,
						    unsigned off,
						    const int *files,
						    unsigned nr_files)
{
	RING_OR_EBADF(ring, r);
	return iou_register_files_update(r, off, files, nr_files);
}

IOU_LIBURING_API int io_uring_register_file_alloc_range(struct io_uring *ring,
							unsigned off,
							unsigned len)
{
	RING_OR_EBADF(ring, r);
	return iou_register_file_alloc_range(r, off, len);
}

/* ---- Eventfd, personalities, restrictions, workers, cancel ------------- */

IOU_LIBURING_API int io_uring_register_eventfd(struct io_uring *ring, int fd)
{
	RING_OR_EBADF(ring, r);
	return iou_register_eventfd(r, fd);
}

IOU_LIBURING_API int io_uring_register_eventfd_async(struct io_uring *ring,
						     int fd)
{
	RING_OR_EBADF(ring, r);
	return iou_register_eventfd_async(r, fd);
}

IOU_LIBURING_API int io_uring_unregister_eventfd(struct io_uring *ring)
{
	RING_OR_EBADF(ring, r);
	return iou_unregister_eventfd(r);
}

IOU_LIBURING_API int io_uring_register_personality(struct io_uring *ring)
{
	RING_OR_EBADF(ring, r);
	return iou_register_personality(r);
}

IOU_LIBURING_API int io_uring_unregister_personality(struct io_uring *ring,
						     int id)
{
	RING_OR_EBADF(ring, r);
	return iou_unregister_personality(r, id);
}

IOU_LIBURING_API int io_uring_register_restrictions(
	struct io_uring *ring, struct io_uring_restriction *res,
	unsigned int nr_res)
{
	RING_OR_EBADF(ring, r);
	return iou_register_restrictions(r, res, nr_res);
}

IOU_LIBURING_API int io_uring_enable_rings(struct io_uring *ring)
{
	int ret;

	RING_OR_EBADF(ring, r);
	ret = iou_enable_rings(r);
	iou__lu_sync_fds(ring);
	return ret;
}

IOU_LIBURING_API int io_uring_register_iowq_aff(struct io_uring *ring,
						size_t cpusz,
						const cpu_set_t *mask)
{
	RING_OR_EBADF(ring, r);
	return iou_register_iowq_aff(r, cpusz, mask);
}

IOU_LIBURING_API int io_uring_unregister_iowq_aff(struct io_uring *ring)
{
	RING_OR_EBADF(ring, r);
	return iou_unregister_iowq_aff(r);
}

IOU_LIBURING_API int io_uring_register_iowq_max_workers(struct io_uring *ring,
							unsigned int *values)
{
	RING_OR_EBADF(ring, r);
	return iou_register_iowq_max_workers(r, values);
}

IOU_LIBURING_API int io_uring_register_sync_cancel(
	struct io_uring *ring, struct io_uring_sync_cancel_reg *reg)
{
	RING_OR_EBADF(ring, r);
	return iou_register_sync_cancel(r, (struct iou_sync_cancel_reg *)reg);
}

/* ---- The ring fd ------------------------------------------------------- */

IOU_LIBURING_API int io_uring_register_ring_fd(struct io_uring *ring)
{
	int ret;

	RING_OR_EBADF(ring, r);
	ret = iou_register_ring_fd(r);
	/* A ring iou registered already (SINGLE_ISSUER) reports success, as
	 * liburing's second registration would. */
	if (ret == -EEXIST)
		ret = 1;
	iou__lu_sync_fds(ring);
	return ret;
}

IOU_LIBURING_API int io_uring_unregister_ring_fd(struct io_uring *ring)
{
	int ret;

	RING_OR_EBADF(ring, r);
	ret = iou_unregister_ring_fd(r);
	iou__lu_sync_fds(ring);
	return ret;
}

IOU_LIBURING_API int io_uring_close_ring_fd(struct io_uring *ring)
{
	int ret;

	RING_OR_EBADF(ring, r);
	ret = iou_close_ring_fd(r);
	iou__lu_sync_fds(ring);
	return ret;
}

/* ---- Provided-buffer rings --------------------------------------------- */

IOU_LIBURING_API int io_uring_register_buf_ring(struct io_uring *ring,
						struct io_uring_buf_reg *reg,
						unsigned int flags)
{
	RING_OR_EBADF(ring, r);
	return iou_register_buf_ring(r, (struct iou_buf_reg *)reg, flags);
}

IOU_LIBURING_API int io_uring_unregister_buf_ring(struct io_uring *ring,
						  int bgid)
{
	RING_OR_EBADF(ring, r);
	return iou_unregister_buf_ring(r, bgid);
}

IOU_LIBURING_API int io_uring_buf_ring_head(struct io_uring *ring,
					    int buf_group, uint16_t *head)
{
	RING_OR_EBADF(ring, r);
	return iou_buf_ring_head(r, buf_group, head);
}

IOU_LIBURING_API struct io_uring_buf_ring *
io_uring_setup_buf_ring(struct io_uring *ring, unsigned int nentries, int bgid,
			unsigned int flags, int *ret)
{
	struct iou *r = ring ? iou__lu_sync_in(ring) : NULL;
	int dummy;

	if (!ret)
		ret = &dummy;
	if (!r) {
		*ret = ring ? -EBADF : -EINVAL;
		return NULL;
	}
	return (struct io_uring_buf_ring *)iou_setup_buf_ring(r, nentries, bgid,
							      flags, ret);
}

IOU_LIBURING_API int io_uring_free_buf_ring(struct io_uring *ring,
					    struct io_uring_buf_ring *br,
					    unsigned int nentries, int bgid)
{
	RING_OR_EBADF(ring, r);
	return iou_free_buf_ring(r, (struct iou_buf_ring *)br, nentries, bgid);
}

/* ---- Later registrations (6.9 - 6.13) ---------------------------------- */

IOU_LIBURING_API int io_uring_register_napi(struct io_uring *ring,
					    struct io_uring_napi *napi)
{
	RING_OR_EBADF(ring, r);
	return iou_register_napi(r, napi);
}

IOU_LIBURING_API int io_uring_unregister_napi(struct io_uring *ring,
					      struct io_uring_napi *napi)
{
	RING_OR_EBADF(ring, r);
	return iou_unregister_napi(r, napi);
}

IOU_LIBURING_API int io_uring_register_clock(struct io_uring *ring,
					     struct io_uring_clock_register *arg)
{
	RING_OR_EBADF(ring, r);
	return iou_register(r, IORING_REGISTER_CLOCK, arg, 0);
}

IOU_LIBURING_API int io_uring_clone_buffers_offset(struct io_uring *dst,
						   struct io_uring *src,
						   unsigned int dst_off,
						   unsigned int src_off,
						   unsigned int nr,
						   unsigned int flags)
{
	struct iou *d = dst ? iou__lu_sync_in(dst) : NULL;
	struct iou *s = src ? iou__lu_sync_in(src) : NULL;

	if (!d || !s)
		return (dst && src) ? -EBADF : -EINVAL;
	return iou_clone_buffers_offset(d, s, dst_off, src_off, nr, flags);
}

IOU_LIBURING_API int __io_uring_clone_buffers(struct io_uring *dst,
					      struct io_uring *src,
					      unsigned int flags)
{
	return io_uring_clone_buffers_offset(dst, src, 0, 0, 0, flags);
}

IOU_LIBURING_API int io_uring_clone_buffers(struct io_uring *dst,
					    struct io_uring *src)
{
	return io_uring_clone_buffers_offset(dst, src, 0, 0, 0, 0);
}

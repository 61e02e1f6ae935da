/* liburing/prep.h — liburing's prep helpers on iou, included by
 * <liburing.h>: each is iou's (api/iou_prep.h, which takes liburing's
 * arguments one for one) with liburing's rule that the SQE's user_data is
 * left as it was. Generated from iou_prep.h's list; one wrapper per op. */
#ifndef LIBURING_PREP_H
#define LIBURING_PREP_H

#include <iou.h>
#include "io_uring.h"

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

static inline void
io_uring_prep_multishot_accept_direct(struct io_uring_sqe *sqe,
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

#endif /* LIBURING_PREP_H */

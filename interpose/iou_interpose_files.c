/* iou_interpose_files.c — the interposition library's file and fd calls
 * (issue 10): open and its family (open64, openat, creat, the fortified
 * __open_2 forms), close, read and write (waited out on a blocking fd),
 * readv/writev, pread/pwrite, unlink, mkdir, rmdir, rename, and the calls
 * on any fd: fcntl, dup, fstat, lseek, ftruncate, fsync. A call goes to the
 * sim when its fd is a sim fd or its path a sim path, as iou_interpose.c
 * tells them apart; path calls of the stat family are in
 * iou_interpose_paths.c. */
/* Both open and open64 (and the other *64 names) are wrapped: with 64-bit
 * offsets the headers would rename the first into the second. */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "interpose.h"

/* glibc's fortified entry points (-D_FORTIFY_SOURCE), which its headers
 * do not declare. */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
ssize_t __read_chk(int fd, void *buf, size_t len, size_t buflen);

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & (O_CREAT | __O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

static int sim_open(const char *path, int flags, mode_t mode)
{
	return (int)iou__ip_ret(iou_sys_open(RING, path, flags & ~O_LARGEFILE,
					     mode));
}

EXPORT int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	REAL(open);
	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	if (iou__ip_sim_path(path))
		return sim_open(path, flags, mode);
	return real_open(path, flags, mode);
}

EXPORT int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	REAL(open64);
	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	if (iou__ip_sim_path(path))
		return sim_open(path, flags, mode);
	return real_open64(path, flags, mode);
}

EXPORT int __open_2(const char *path, int flags)
{
	return open(path, flags);
}

EXPORT int __open64_2(const char *path, int flags)
{
	return open64(path, flags);
}

EXPORT int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	REAL(openat);
	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	if (iou__ip_sim_fd(dirfd))
		return (int)iou__ip_ret(iou_sys_openat(RING, dirfd, path,
						       flags & ~O_LARGEFILE,
						       mode));
	if (iou__ip_sim_path(path) && (path[0] == '/' || dirfd == AT_FDCWD))
		return sim_open(path, flags, mode);
	return real_openat(dirfd, path, flags, mode);
}

EXPORT int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return openat(dirfd, path, flags, mode);
}

EXPORT int __openat_2(int dirfd, const char *path, int flags)
{
	return openat(dirfd, path, flags);
}

EXPORT int creat(const char *path, mode_t mode)
{
	return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

EXPORT int creat64(const char *path, mode_t mode)
{
	return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

EXPORT int close(int fd)
{
	REAL(close);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_close(RING, fd));
	return real_close(fd);
}

EXPORT ssize_t read(int fd, void *buf, size_t len)
{
	REAL(read);
	if (iou__ip_sim_fd(fd))
		return iou__ip_ret(BLOCKING(iou_sys_read(RING, fd, buf, len),
					    fd, POLLIN));
	return real_read(fd, buf, len);
}

EXPORT ssize_t __read_chk(int fd, void *buf, size_t len, size_t buflen)
{
	(void)buflen;
	return read(fd, buf, len);
}

EXPORT ssize_t write(int fd, const void *buf, size_t len)
{
	REAL(write);
	if (iou__ip_sim_fd(fd))
		return iou__ip_ret(BLOCKING(iou_sys_write(RING, fd, buf, len),
					    fd, POLLOUT));
	return real_write(fd, buf, len);
}

/* Vectored I/O on the sim: one iovec at a time, stopping at a short one
 * (what readv/writev return then too). */
static ssize_t sim_rwv(int fd, const struct iovec *iov, int n, int wr)
{
	ssize_t total = 0;

	if (n < 0 || n > IOV_MAX) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < n; i++) {
		ssize_t r = wr ? write(fd, iov[i].iov_base, iov[i].iov_len)
			       : read(fd, iov[i].iov_base, iov[i].iov_len);

		if (r < 0)
			return total ? total : -1;
		total += r;
		if ((size_t)r < iov[i].iov_len)
			break;
	}
	return total;
}

EXPORT ssize_t readv(int fd, const struct iovec *iov, int n)
{
	REAL(readv);
	if (iou__ip_sim_fd(fd))
		return sim_rwv(fd, iov, n, 0);
	return real_readv(fd, iov, n);
}

EXPORT ssize_t writev(int fd, const struct iovec *iov, int n)
{
	REAL(writev);
	if (iou__ip_sim_fd(fd))
		return sim_rwv(fd, iov, n, 1);
	return real_writev(fd, iov, n);
}

/* pread/pwrite on the sim: move the offset, do the I/O, move it back. */
static ssize_t sim_prw(int fd, void *buf, size_t len, off_t off, int wr)
{
	int64_t cur = iou_sys_lseek(RING, fd, 0, SEEK_CUR);
	ssize_t r;

	if (cur < 0)
		return iou__ip_ret(cur);
	if (off < 0)
		return iou__ip_ret(-EINVAL);
	r = iou_sys_lseek(RING, fd, off, SEEK_SET);
	if (r >= 0)
		r = wr ? iou_sys_write(RING, fd, buf, len)
		       : iou_sys_read(RING, fd, buf, len);
	iou_sys_lseek(RING, fd, cur, SEEK_SET);
	return iou__ip_ret(r);
}

EXPORT ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	REAL(pread);
	if (iou__ip_sim_fd(fd))
		return sim_prw(fd, buf, len, off, 0);
	return real_pread(fd, buf, len, off);
}

EXPORT ssize_t pread64(int fd, void *buf, size_t len, off_t off)
{
	return pread(fd, buf, len, off);
}

EXPORT ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	REAL(pwrite);
	if (iou__ip_sim_fd(fd))
		return sim_prw(fd, (void *)buf, len, off, 1);
	return real_pwrite(fd, buf, len, off);
}

EXPORT ssize_t pwrite64(int fd, const void *buf, size_t len, off_t off)
{
	return pwrite(fd, buf, len, off);
}

EXPORT int unlink(const char *path)
{
	REAL(unlink);
	if (iou__ip_sim_path(path))
		return (int)iou__ip_ret(iou_sys_unlink(RING, path));
	return real_unlink(path);
}

EXPORT int mkdir(const char *path, mode_t mode)
{
	REAL(mkdir);
	if (iou__ip_sim_path(path))
		return (int)iou__ip_ret(iou_sys_mkdir(RING, path, mode));
	return real_mkdir(path, mode);
}

EXPORT int rmdir(const char *path)
{
	REAL(rmdir);
	if (iou__ip_sim_path(path))
		return (int)iou__ip_ret(iou_sys_rmdir(RING, path));
	return real_rmdir(path);
}

EXPORT int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	REAL(fcntl);
	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_fcntl(RING, fd, cmd, arg));
	return real_fcntl(fd, cmd, arg);
}

EXPORT int fcntl64(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	return fcntl(fd, cmd, arg);
}

EXPORT int dup(int fd)
{
	REAL(dup);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_dup(RING, fd));
	return real_dup(fd);
}

EXPORT int fstat(int fd, struct stat *st)
{
	REAL(fstat);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_fstat(RING, fd, st));
	return real_fstat(fd, st);
}

EXPORT int fstat64(int fd, struct stat64 *st)
{
	REAL(fstat64);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_fstat(RING, fd,
						      (struct stat *)st));
	return real_fstat64(fd, st);
}

EXPORT off_t lseek(int fd, off_t off, int whence)
{
	REAL(lseek);
	if (iou__ip_sim_fd(fd))
		return (off_t)iou__ip_ret(iou_sys_lseek(RING, fd, off, whence));
	return real_lseek(fd, off, whence);
}

EXPORT off64_t lseek64(int fd, off64_t off, int whence)
{
	return lseek(fd, off, whence);
}

EXPORT int ftruncate(int fd, off_t len)
{
	REAL(ftruncate);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_ftruncate(RING, fd, len));
	return real_ftruncate(fd, len);
}

EXPORT int ftruncate64(int fd, off64_t len)
{
	return ftruncate(fd, len);
}

EXPORT int fsync(int fd)
{
	REAL(fsync);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_fsync(RING, fd));
	return real_fsync(fd);
}

EXPORT int fdatasync(int fd)
{
	REAL(fdatasync);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_fsync(RING, fd));
	return real_fdatasync(fd);
}

EXPORT int rename(const char *from, const char *to)
{
	REAL(rename);
	if (iou__ip_sim_path(from) != iou__ip_sim_path(to))
		return (int)iou__ip_ret(-EXDEV); /* two worlds */
	if (iou__ip_sim_path(from))
		return (int)iou__ip_ret(iou_sys_rename(RING, from, to));
	return real_rename(from, to);
}

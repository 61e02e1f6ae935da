/* iou_interpose_paths.c — the interposition library's path calls (issue
 * 10): stat and its family, links and symlinks, the *at forms of the
 * path calls, access, posix_fadvise, and the temporary-file makers
 * (mkstemp's family, mkdtemp), whose libc versions open files with
 * internal calls no interposition sees. A call goes to the sim when its
 * dirfd is a sim fd or its path a sim path (absolute, or relative to the
 * cwd), as iou_interpose.c routes open(). The sim's temporary names come
 * from a counter, not from randomness: the same run makes the same names. */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "interpose.h"

/* Does (dirfd, path) name something in the sim's world? A relative path
 * under a real dirfd is the host's. */
static int sim_at(int dirfd, const char *path)
{
	if (iou__ip_sim_fd(dirfd))
		return 1;
	return iou__ip_sim_path(path) && (path[0] == '/' || dirfd == AT_FDCWD);
}

/* ---- stat ------------------------------------------------------------------ */

static void stat_of(const struct statx *x, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = makedev(x->stx_dev_major, x->stx_dev_minor);
	st->st_ino = x->stx_ino;
	st->st_mode = x->stx_mode;
	st->st_nlink = x->stx_nlink;
	st->st_uid = x->stx_uid;
	st->st_gid = x->stx_gid;
	st->st_rdev = makedev(x->stx_rdev_major, x->stx_rdev_minor);
	st->st_size = (off_t)x->stx_size;
	st->st_blksize = x->stx_blksize;
	st->st_blocks = (blkcnt_t)x->stx_blocks;
	st->st_atim.tv_sec = x->stx_atime.tv_sec;
	st->st_atim.tv_nsec = x->stx_atime.tv_nsec;
	st->st_mtim.tv_sec = x->stx_mtime.tv_sec;
	st->st_mtim.tv_nsec = x->stx_mtime.tv_nsec;
	st->st_ctim.tv_sec = x->stx_ctime.tv_sec;
	st->st_ctim.tv_nsec = x->stx_ctime.tv_nsec;
}

static int sim_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	struct statx x;
	int ret;

	if (!st)
		return (int)iou__ip_ret(-EFAULT);
	ret = iou_sys_statx(RING, dirfd, path, flags, STATX_BASIC_STATS, &x);
	if (ret < 0)
		return (int)iou__ip_ret(ret);
	stat_of(&x, st);
	return 0;
}

EXPORT int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	REAL(fstatat);
	if (sim_at(dirfd, path))
		return sim_fstatat(dirfd, path, st, flags);
	return real_fstatat(dirfd, path, st, flags);
}

EXPORT int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
	return fstatat(dirfd, path, (struct stat *)st, flags);
}

EXPORT int stat(const char *path, struct stat *st)
{
	return fstatat(AT_FDCWD, path, st, 0);
}

EXPORT int stat64(const char *path, struct stat64 *st)
{
	return fstatat(AT_FDCWD, path, (struct stat *)st, 0);
}

EXPORT int lstat(const char *path, struct stat *st)
{
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

EXPORT int lstat64(const char *path, struct stat64 *st)
{
	return fstatat(AT_FDCWD, path, (struct stat *)st, AT_SYMLINK_NOFOLLOW);
}

EXPORT int statx(int dirfd, const char *path, int flags, unsigned int mask,
		 struct statx *x)
{
	REAL(statx);
	if (sim_at(dirfd, path))
		return (int)iou__ip_ret(iou_sys_statx(RING, dirfd, path, flags,
						      mask, x));
	return real_statx(dirfd, path, flags, mask, x);
}

/* libc's syscall(): statx by number (programs older than glibc's statx
 * wrapper call it so) goes where statx() goes; every other number to the
 * kernel, with the six argument registers as they came. */
EXPORT long syscall(long nr, ...)
{
	va_list ap;
	long a[6];

	REAL(syscall);
	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_statx)
		return statx((int)a[0], (const char *)a[1], (int)a[2],
			     (unsigned)a[3], (struct statx *)a[4]);
	return real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* The sim's process runs as root: F_OK, R_OK, W_OK hold for whatever
 * exists; X_OK needs an x bit somewhere (or a directory). */
EXPORT int faccessat(int dirfd, const char *path, int mode, int flags)
{
	struct statx x;
	int ret;

	REAL(faccessat);
	if (!sim_at(dirfd, path))
		return real_faccessat(dirfd, path, mode, flags);
	if (mode & ~(F_OK | R_OK | W_OK | X_OK))
		return (int)iou__ip_ret(-EINVAL);
	ret = iou_sys_statx(RING, dirfd, path,
			    flags & AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &x);
	if (ret < 0)
		return (int)iou__ip_ret(ret);
	if ((mode & X_OK) && !S_ISDIR(x.stx_mode) && !(x.stx_mode & 0111))
		return (int)iou__ip_ret(-EACCES);
	return 0;
}

EXPORT int access(const char *path, int mode)
{
	return faccessat(AT_FDCWD, path, mode, 0);
}

EXPORT int euidaccess(const char *path, int mode)
{
	return faccessat(AT_FDCWD, path, mode, 0);
}

/* ---- names ------------------------------------------------------------------ */

EXPORT int linkat(int olddirfd, const char *oldpath, int newdirfd,
		  const char *newpath, int flags)
{
	int o, n;

	REAL(linkat);
	o = sim_at(olddirfd, oldpath);
	n = sim_at(newdirfd, newpath);
	if (o != n)
		return (int)iou__ip_ret(-EXDEV); /* two worlds */
	if (o)
		return (int)iou__ip_ret(iou_sys_linkat(RING, olddirfd, oldpath,
						       newdirfd, newpath,
						       flags));
	return real_linkat(olddirfd, oldpath, newdirfd, newpath, flags);
}

EXPORT int link(const char *oldpath, const char *newpath)
{
	return linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

EXPORT int symlinkat(const char *target, int dirfd, const char *linkpath)
{
	REAL(symlinkat);
	if (sim_at(dirfd, linkpath)) /* the target is only a string */
		return (int)iou__ip_ret(iou_sys_symlinkat(RING, target, dirfd,
							  linkpath));
	return real_symlinkat(target, dirfd, linkpath);
}

EXPORT int symlink(const char *target, const char *linkpath)
{
	return symlinkat(target, AT_FDCWD, linkpath);
}

EXPORT ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t len)
{
	REAL(readlinkat);
	if (sim_at(dirfd, path))
		return iou__ip_ret(iou_sys_readlinkat(RING, dirfd, path, buf,
						      len));
	return real_readlinkat(dirfd, path, buf, len);
}

EXPORT ssize_t readlink(const char *path, char *buf, size_t len)
{
	return readlinkat(AT_FDCWD, path, buf, len);
}

/* The *at forms of the calls iou_interpose.c routes by path: on the sim,
 * relative to the cwd or absolute only (no directory fds in its sys calls,
 * as openat there). */
static int at_cwd(int dirfd, const char *path)
{
	return !iou__ip_sim_fd(dirfd) || (path && path[0] == '/');
}

EXPORT int unlinkat(int dirfd, const char *path, int flags)
{
	REAL(unlinkat);
	if (!sim_at(dirfd, path))
		return real_unlinkat(dirfd, path, flags);
	if (!at_cwd(dirfd, path))
		return (int)iou__ip_ret(-ENOTSUP);
	if (flags & ~AT_REMOVEDIR)
		return (int)iou__ip_ret(-EINVAL);
	return (int)iou__ip_ret((flags & AT_REMOVEDIR) ?
				iou_sys_rmdir(RING, path) :
				iou_sys_unlink(RING, path));
}

EXPORT int mkdirat(int dirfd, const char *path, mode_t mode)
{
	REAL(mkdirat);
	if (!sim_at(dirfd, path))
		return real_mkdirat(dirfd, path, mode);
	if (!at_cwd(dirfd, path))
		return (int)iou__ip_ret(-ENOTSUP);
	return (int)iou__ip_ret(iou_sys_mkdir(RING, path, mode));
}

EXPORT int renameat2(int olddirfd, const char *oldpath, int newdirfd,
		     const char *newpath, unsigned int flags)
{
	int o, n;

	REAL(renameat2);
	o = sim_at(olddirfd, oldpath);
	n = sim_at(newdirfd, newpath);
	if (!o && !n)
		return real_renameat2(olddirfd, oldpath, newdirfd, newpath,
				      flags);
	if (o != n)
		return (int)iou__ip_ret(-EXDEV); /* two worlds */
	if (!at_cwd(olddirfd, oldpath) || !at_cwd(newdirfd, newpath) || flags)
		return (int)iou__ip_ret(-ENOTSUP);
	return (int)iou__ip_ret(iou_sys_rename(RING, oldpath, newpath));
}

EXPORT int renameat(int olddirfd, const char *oldpath, int newdirfd,
		    const char *newpath)
{
	return renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}

/* ---- hints ------------------------------------------------------------------ */

/* posix_fadvise returns the error number (errno untouched). */
EXPORT int posix_fadvise(int fd, off_t off, off_t len, int advice)
{
	REAL(posix_fadvise);
	if (iou__ip_sim_fd(fd))
		return -iou_sys_fadvise(RING, fd, off, len, advice);
	return real_posix_fadvise(fd, off, len, advice);
}

EXPORT int posix_fadvise64(int fd, off_t off, off_t len, int advice)
{
	return posix_fadvise(fd, off, len, advice);
}

/* ---- temporary files ---------------------------------------------------------- */

/* Fills the six X's at x with the next name of a counter (base 62). */
static void next_name(char *x)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz"
				  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned long n;
	unsigned long v = n++ * 2654435761UL + 12345; /* spread: varied names */

	for (int i = 0; i < 6; i++, v /= 62)
		x[i] = set[v % 62];
}

/* The X's of template (before a suffix of suffixlen), or NULL (EINVAL). */
static char *xs(char *template, int suffixlen)
{
	size_t len = template ? strlen(template) : 0;

	if (suffixlen < 0 || len < 6 + (size_t)suffixlen ||
	    memcmp(template + len - suffixlen - 6, "XXXXXX", 6)) {
		errno = EINVAL;
		return NULL;
	}
	return template + len - suffixlen - 6;
}

/* glibc's __gen_tempname for a file: O_RDWR | O_CREAT | O_EXCL, mode
 * 0600, the caller's other flags; retried while the name exists. */
static int sim_mkstemp(char *template, int suffixlen, int flags)
{
	char *x = xs(template, suffixlen);

	if (!x)
		return -1;
	for (int tries = 0; tries < 62 * 62 * 62; tries++) {
		int fd;

		next_name(x);
		fd = iou_sys_open(RING, template,
				  (flags & ~O_ACCMODE) | O_RDWR | O_CREAT |
				  O_EXCL, 0600);
		if (fd != -EEXIST)
			return (int)iou__ip_ret(fd);
	}
	errno = EEXIST;
	return -1;
}

EXPORT int mkostemps(char *template, int suffixlen, int flags)
{
	REAL(mkostemps);
	if (iou__ip_sim_path(template))
		return sim_mkstemp(template, suffixlen, flags & ~O_LARGEFILE);
	return real_mkostemps(template, suffixlen, flags);
}

EXPORT int mkostemps64(char *template, int suffixlen, int flags)
{
	return mkostemps(template, suffixlen, flags);
}

EXPORT int mkstemp(char *template)
{
	return mkostemps(template, 0, 0);
}

EXPORT int mkstemp64(char *template)
{
	return mkostemps(template, 0, 0);
}

EXPORT int mkostemp(char *template, int flags)
{
	return mkostemps(template, 0, flags);
}

EXPORT int mkostemp64(char *template, int flags)
{
	return mkostemps(template, 0, flags);
}

EXPORT int mkstemps(char *template, int suffixlen)
{
	return mkostemps(template, suffixlen, 0);
}

EXPORT int mkstemps64(char *template, int suffixlen)
{
	return mkostemps(template, suffixlen, 0);
}

EXPORT char *mkdtemp(char *template)
{
	char *x;

	REAL(mkdtemp);
	if (!iou__ip_sim_path(template))
		return real_mkdtemp(template);
	x = xs(template, 0);
	if (!x)
		return NULL;
	for (int tries = 0; tries < 62 * 62 * 62; tries++) {
		int ret;

		next_name(x);
		ret = iou_sys_mkdir(RING, template, 0700);
		if (!ret)
			return template;
		if (ret != -EEXIST) {
			errno = -ret;
			return NULL;
		}
	}
	errno = EEXIST;
	return NULL;
}

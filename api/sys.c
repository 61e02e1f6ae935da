/* sys.c — iou_sys_*: synchronous calls routed to the ring's backend
 * (syscalls on linux, the virtual world on the sim). */
#include <errno.h>

#include "backend.h"

static int sys_check(const struct iou *ring)
{
	return iou__ring_check(ring);
}

#define SYS_CALL(op, ...)                                      \
	do {                                                   \
		int check_ = sys_check(ring);                      \
		if (check_)                                        \
			return check_;                             \
		return ring->backend->sys->op(ring, __VA_ARGS__); \
	} while (0)

int iou_sys_socket(struct iou *ring, int domain, int type, int protocol)
{
	SYS_CALL(socket, domain, type, protocol);
}

int iou_sys_bind(struct iou *ring, int fd, const struct sockaddr *a, socklen_t n)
{
	SYS_CALL(bind, fd, a, n);
}

int iou_sys_listen(struct iou *ring, int fd, int backlog)
{
	SYS_CALL(listen, fd, backlog);
}

int iou_sys_connect(struct iou *ring, int fd, const struct sockaddr *a, socklen_t n)
{
	SYS_CALL(connect, fd, a, n);
}

int iou_sys_accept(struct iou *ring, int fd, struct sockaddr *a, socklen_t *n, int flags)
{
	SYS_CALL(accept, fd, a, n, flags);
}

int iou_sys_getsockname(struct iou *ring, int fd, struct sockaddr *a, socklen_t *n)
{
	SYS_CALL(getsockname, fd, a, n);
}

int iou_sys_setsockopt(struct iou *ring, int fd, int level, int name, const void *val, socklen_t len)
{
	SYS_CALL(setsockopt, fd, level, name, val, len);
}

int iou_sys_shutdown(struct iou *ring, int fd, int how)
{
	SYS_CALL(shutdown, fd, how);
}

int iou_sys_open(struct iou *ring, const char *path, int flags, mode_t mode)
{
	SYS_CALL(open, path, flags, mode);
}

int iou_sys_pipe(struct iou *ring, int fds[2])
{
	SYS_CALL(pipe, fds);
}

ssize_t iou_sys_read(struct iou *ring, int fd, void *buf, size_t len)
{
	SYS_CALL(read, fd, buf, len);
}

ssize_t iou_sys_write(struct iou *ring, int fd, const void *buf, size_t len)
{
	SYS_CALL(write, fd, buf, len);
}

int iou_sys_close(struct iou *ring, int fd)
{
	SYS_CALL(close, fd);
}

int iou_sys_unlink(struct iou *ring, const char *path)
{
	SYS_CALL(unlink, path);
}

int iou_sys_mkdir(struct iou *ring, const char *path, mode_t mode)
{
	SYS_CALL(mkdir, path, mode);
}

int iou_sys_rmdir(struct iou *ring, const char *path)
{
	SYS_CALL(rmdir, path);
}

int64_t iou_sys_fsize(struct iou *ring, int fd)
{
	SYS_CALL(fsize, fd);
}

/* ---- issue 9: the event loop's calls ------------------------------------ */

int iou_sys_socketpair(struct iou *ring, int domain, int type, int protocol,
		       int sv[2])
{
	SYS_CALL(socketpair, domain, type, protocol, sv);
}

int iou_sys_eventfd(struct iou *ring, unsigned initval, int flags)
{
	SYS_CALL(eventfd, initval, flags);
}

int iou_sys_epoll_create1(struct iou *ring, int flags)
{
	SYS_CALL(epoll_create1, flags);
}

int iou_sys_epoll_ctl(struct iou *ring, int epfd, int op, int fd,
		      struct epoll_event *ev)
{
	SYS_CALL(epoll_ctl, epfd, op, fd, ev);
}

int iou_sys_epoll_wait(struct iou *ring, int epfd, struct epoll_event *events,
		       int maxevents, int timeout_ms)
{
	SYS_CALL(epoll_wait, epfd, events, maxevents, timeout_ms);
}

int iou_sys_poll(struct iou *ring, struct pollfd *fds, unsigned nfds,
		 int timeout_ms)
{
	SYS_CALL(poll, fds, nfds, timeout_ms);
}

int iou_sys_fcntl(struct iou *ring, int fd, int cmd, long arg)
{
	SYS_CALL(fcntl, fd, cmd, arg);
}

int iou_sys_dup(struct iou *ring, int fd)
{
	SYS_CALL(dup, fd);
}

int iou_sys_fstat(struct iou *ring, int fd, struct stat *st)
{
	SYS_CALL(fstat, fd, st);
}

int64_t iou_sys_lseek(struct iou *ring, int fd, int64_t off, int whence)
{
	SYS_CALL(lseek, fd, off, whence);
}

int iou_sys_ftruncate(struct iou *ring, int fd, int64_t len)
{
	SYS_CALL(ftruncate, fd, len);
}

int iou_sys_fsync(struct iou *ring, int fd)
{
	SYS_CALL(fsync, fd);
}

int iou_sys_rename(struct iou *ring, const char *from, const char *to)
{
	SYS_CALL(rename, from, to);
}

ssize_t iou_sys_sendto(struct iou *ring, int fd, const void *buf, size_t len,
		       int flags, const struct sockaddr *to, socklen_t tolen)
{
	SYS_CALL(sendto, fd, buf, len, flags, to, tolen);
}

ssize_t iou_sys_recvfrom(struct iou *ring, int fd, void *buf, size_t len,
			 int flags, struct sockaddr *from, socklen_t *fromlen)
{
	SYS_CALL(recvfrom, fd, buf, len, flags, from, fromlen);
}

int iou_sys_getpeername(struct iou *ring, int fd, struct sockaddr *a,
			socklen_t *n)
{
	SYS_CALL(getpeername, fd, a, n);
}

int iou_sys_getsockopt(struct iou *ring, int fd, int level, int name,
		       void *val, socklen_t *len)
{
	SYS_CALL(getsockopt, fd, level, name, val, len);
}

int iou_sys_futex_wake(struct iou *ring, uint32_t *uaddr, int nr)
{
	SYS_CALL(futex_wake, uaddr, nr);
}

int64_t iou_sys_clock_ns(struct iou *ring)
{
	int check_ = sys_check(ring);

	if (check_)
		return check_;
	return ring->backend->sys->clock_ns(ring);
}

int iou_sys_sleep_ns(struct iou *ring, int64_t ns)
{
	SYS_CALL(sleep_ns, ns);
}

int iou_sys_statx(struct iou *ring, int dirfd, const char *path, int flags,
		  unsigned mask, struct statx *stx)
{
	SYS_CALL(statx, dirfd, path, flags, mask, stx);
}

int iou_sys_linkat(struct iou *ring, int olddirfd, const char *oldpath,
		   int newdirfd, const char *newpath, int flags)
{
	SYS_CALL(linkat, olddirfd, oldpath, newdirfd, newpath, flags);
}

int iou_sys_symlinkat(struct iou *ring, const char *target, int dirfd,
		      const char *linkpath)
{
	SYS_CALL(symlinkat, target, dirfd, linkpath);
}

ssize_t iou_sys_readlinkat(struct iou *ring, int dirfd, const char *path,
			   char *buf, size_t len)
{
	SYS_CALL(readlinkat, dirfd, path, buf, len);
}

int iou_sys_fadvise(struct iou *ring, int fd, int64_t off, int64_t len,
		    int advice)
{
	SYS_CALL(fadvise, fd, off, len, advice);
}

int iou_sys_openat(struct iou *ring, int dirfd, const char *path, int flags,
		   mode_t mode)
{
	SYS_CALL(openat, dirfd, path, flags, mode);
}

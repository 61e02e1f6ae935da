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

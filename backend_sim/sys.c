/* sys.c — iou_sys_* on the sim: synchronous calls into the virtual world.
 * A call that would block returns -EAGAIN (the sim has one thread; wait
 * through the ring instead). Sockets live in net.c (issue 4); socket
 * calls on other fds are -ENOTSOCK. */
#include <errno.h>
#include <string.h>
#include <fcntl.h>

#include "net.h"
#include "world.h"

int64_t iou__file_size(const struct iou__file *f);

static struct iou_sim *sim_of(struct iou *ring)
{
	return iou__sring(ring)->sim;
}

/* The socket of fd, or NULL with *err set (-EBADF, -ENOTSOCK). */
static struct iou__sock *sock_of(struct iou *ring, int fd, int *err)
{
	return iou__net_sock_of(sim_of(ring), fd, err);
}

static int s_socket(struct iou *ring, int domain, int type, int protocol)
{
	int ret = iou__net_sys_socket(sim_of(ring), domain, type, protocol);

	IOU__TRACE(sim_of(ring), "sys socket %d %d %d = %d\n", domain, type,
		   protocol, ret);
	return ret;
}

static int s_bind(struct iou *ring, int fd, const struct sockaddr *a,
		  socklen_t n)
{
	int ret;
	struct iou__sock *sk = sock_of(ring, fd, &ret);

	if (sk)
		ret = iou__sock_bind(sim_of(ring), sk, a, n);
	IOU__TRACE(sim_of(ring), "sys bind %d = %d\n", fd, ret);
	return ret;
}

static int s_listen(struct iou *ring, int fd, int backlog)
{
	int ret;
	struct iou__sock *sk = sock_of(ring, fd, &ret);

	if (sk)
		ret = iou__sock_listen(sim_of(ring), sk, backlog);
	IOU__TRACE(sim_of(ring), "sys listen %d %d = %d\n", fd, backlog, ret);
	return ret;
}

/* A connect that would wait (a full backlog) is -EAGAIN: the sim cannot
 * block its one thread (DESIGN §2 "Virtual world"). */
static int s_connect(struct iou *ring, int fd, const struct sockaddr *a,
		     socklen_t n)
{
	struct iou__sock *l;
	int ret;
	struct iou__sock *sk = sock_of(ring, fd, &ret);

	if (sk)
		ret = iou__sock_connect(sim_of(ring), sk, a, n, &l);
	IOU__TRACE(sim_of(ring), "sys connect %d = %d\n", fd, ret);
	return ret;
}

static int s_accept(struct iou *ring, int fd, struct sockaddr *a,
		    socklen_t *n, int flags)
{
	int ret = iou__net_sys_accept(sim_of(ring), fd, a, n, flags);

	IOU__TRACE(sim_of(ring), "sys accept %d = %d\n", fd, ret);
	return ret;
}

static int s_getsockname(struct iou *ring, int fd, struct sockaddr *a,
			 socklen_t *n)
{
	int ret;
	struct iou__sock *sk = sock_of(ring, fd, &ret);

	if (sk)
		ret = iou__sock_name(sk, 0, a, n);
	return ret;
}

static int s_setsockopt(struct iou *ring, int fd, int level, int name,
			const void *val, socklen_t len)
{
	int ret;
	struct iou__sock *sk = sock_of(ring, fd, &ret);

	if (sk)
		ret = iou__sock_setsockopt(sk, level, name, val, len);
	return ret;
}

static int s_shutdown(struct iou *ring, int fd, int how)
{
	int ret;
	struct iou__sock *sk = sock_of(ring, fd, &ret);

	if (sk)
		ret = iou__sock_shutdown(sim_of(ring), sk, how);
	IOU__TRACE(sim_of(ring), "sys shutdown %d %d = %d\n", fd, how, ret);
	return ret;
}

static int s_open(struct iou *ring, const char *path, int flags, mode_t mode)
{
	struct iou_sim *sim = sim_of(ring);
	struct iou__file *f;
	int ret;

	ret = iou__vfs_open(sim, AT_FDCWD, path, flags, (uint32_t)mode, 0, &f);
	if (!ret) {
		ret = iou__fd_install(sim, f);
		iou__file_put(sim, f);
	}
	/* The path may be unterminated (the vfs refused it -ENAMETOOLONG):
	 * never read past IOU__PATH_MAX to trace it. */
	IOU__TRACE_TEXT(sim, "sys open %s %x = %d\n",
		   !path ? "(null)" :
		   strnlen(path, IOU__PATH_MAX) < IOU__PATH_MAX ? path :
								"(too long)",
		   (unsigned)flags, ret);
	return ret;
}

static int s_pipe(struct iou *ring, int fds[2])
{
	struct iou_sim *sim = sim_of(ring);
	struct iou__file *r, *w;
	int ret, rfd, wfd;

	if (!fds)
		return -EFAULT;
	ret = iou__pipe_new(sim, &r, &w);
	if (ret)
		return ret;
	rfd = iou__fd_install(sim, r);
	wfd = rfd < 0 ? rfd : iou__fd_install(sim, w);
	iou__file_put(sim, r);
	iou__file_put(sim, w);
	if (wfd < 0) {
		if (rfd >= 0)
			iou__fd_close(sim, rfd);
		return wfd;
	}
	fds[0] = rfd;
	fds[1] = wfd;
	IOU__TRACE(sim, "sys pipe = %d %d\n", rfd, wfd);
	return 0;
}

static ssize_t s_read(struct iou *ring, int fd, void *buf, size_t len)
{
	struct iou_sim *sim = sim_of(ring);
	struct iou__file *f = iou__fd_get(sim, fd);
	ssize_t ret = f ? iou__file_read(sim, f, buf, len, -1) : -EBADF;

	IOU__TRACE(sim, "sys read %d %zu = %zd\n", fd, len, ret);
	return ret;
}

static ssize_t s_write(struct iou *ring, int fd, const void *buf, size_t len)
{
	struct iou_sim *sim = sim_of(ring);
	struct iou__file *f = iou__fd_get(sim, fd);
	ssize_t ret = f ? iou__file_write(sim, f, buf, len, -1) : -EBADF;

	IOU__TRACE(sim, "sys write %d %zu = %zd\n", fd, len, ret);
	return ret;
}

static int s_close(struct iou *ring, int fd)
{
	struct iou_sim *sim = sim_of(ring);
	int ret = iou__fd_close(sim, fd);

	IOU__TRACE(sim, "sys close %d = %d\n", fd, ret);
	return ret;
}

static int s_unlink(struct iou *ring, const char *path)
{
	return iou__vfs_unlink(sim_of(ring), AT_FDCWD, path, 0);
}

static int s_mkdir(struct iou *ring, const char *path, mode_t mode)
{
	return iou__vfs_mkdir(sim_of(ring), AT_FDCWD, path, (uint32_t)mode);
}

static int s_rmdir(struct iou *ring, const char *path)
{
	return iou__vfs_unlink(sim_of(ring), AT_FDCWD, path, AT_REMOVEDIR);
}

static int64_t s_fsize(struct iou *ring, int fd)
{
	struct iou__file *f = iou__fd_get(sim_of(ring), fd);

	return f ? iou__file_size(f) : -EBADF;
}

const struct iou_sys_ops iou__sim_sys_ops = {
	.socket = s_socket,
	.bind = s_bind,
	.listen = s_listen,
	.connect = s_connect,
	.accept = s_accept,
	.getsockname = s_getsockname,
	.setsockopt = s_setsockopt,
	.shutdown = s_shutdown,
	.open = s_open,
	.pipe = s_pipe,
	.read = s_read,
	.write = s_write,
	.close = s_close,
	.unlink = s_unlink,
	.mkdir = s_mkdir,
	.rmdir = s_rmdir,
	.fsize = s_fsize,
};

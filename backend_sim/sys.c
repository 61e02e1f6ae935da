/* sys.c — iou_sys_* on the sim: synchronous calls into the virtual world.
 * A call that would block returns -EAGAIN (the sim has one thread; wait
 * through the ring instead). Sockets arrive with issue 4: until then
 * socket() is -EAFNOSUPPORT and socket calls on other fds -ENOTSOCK. */
#include <errno.h>
#include <fcntl.h>

#include "world.h"

int64_t iou__file_size(const struct iou__file *f);

static struct iou_sim *sim_of(struct iou *ring)
{
	return iou__sring(ring)->sim;
}

static int not_a_socket(struct iou *ring, int fd)
{
	return iou__fd_get(sim_of(ring), fd) ? -ENOTSOCK : -EBADF;
}

static int s_socket(struct iou *ring, int domain, int type, int protocol)
{
	IOU__TRACE(sim_of(ring), "sys socket %d %d %d = %d\n", domain, type,
		   protocol, -EAFNOSUPPORT);
	return -EAFNOSUPPORT;
}

static int s_bind(struct iou *ring, int fd, const struct sockaddr *a,
		  socklen_t n)
{
	return not_a_socket(ring, fd);
}

static int s_listen(struct iou *ring, int fd, int backlog)
{
	return not_a_socket(ring, fd);
}

static int s_connect(struct iou *ring, int fd, const struct sockaddr *a,
		     socklen_t n)
{
	return not_a_socket(ring, fd);
}

static int s_accept(struct iou *ring, int fd, struct sockaddr *a,
		    socklen_t *n, int flags)
{
	return not_a_socket(ring, fd);
}

static int s_getsockname(struct iou *ring, int fd, struct sockaddr *a,
			 socklen_t *n)
{
	return not_a_socket(ring, fd);
}

static int s_setsockopt(struct iou *ring, int fd, int level, int name,
			const void *val, socklen_t len)
{
	return not_a_socket(ring, fd);
}

static int s_shutdown(struct iou *ring, int fd, int how)
{
	return not_a_socket(ring, fd);
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
	IOU__TRACE(sim, "sys open %s %x = %d\n", path ? path : "(null)",
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

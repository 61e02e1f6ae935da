/* sys.c — iou_sys_* on the sim: synchronous calls into the virtual world.
 * A call that would block returns -EAGAIN (the sim has one thread; wait
 * through the ring instead), except the calls that wait by design (poll,
 * epoll_wait, sleep: ready.c), which run the sim until they can return.
 * Sockets live in net.c (issue 4); socket calls on other fds are
 * -ENOTSOCK. */
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <poll.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "evloop.h"
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

	if (ret >= 0 && (type & SOCK_CLOEXEC))
		sim_of(ring)->world.fdflags[ret] = FD_CLOEXEC;

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

	if (sk && sk->connecting) {
		/* the call after -EINPROGRESS (__inet_stream_connect in
		 * SS_CONNECTING, the handshake over): 0 when it connected,
		 * else the pending error (a refusal), taken; then the socket
		 * may try again */
		sk->connecting = 0;
		ret = sk->err ? -sk->err
			      : sk->state == IOU__SS_CONN ? 0 : -ECONNABORTED;
		sk->err = 0;
	} else if (sk) {
		ret = iou__sock_connect(sim_of(ring), sk, a, n, &l);
		/* A non-blocking TCP connect returns -EINPROGRESS even on
		 * loopback, the handshake ending after the call
		 * (inet_stream_connect: timeo 0 in SYN_SENT); a refusal then
		 * shows as SO_ERROR, or as the next connect's answer (6.18).
		 * The sim's handshake ends at once. A Unix connect ends in
		 * the call. */
		if (sk->domain != AF_UNIX && sk->type == SOCK_STREAM &&
		    (iou__fd_get(sim_of(ring), fd)->oflags & O_NONBLOCK) &&
		    (ret == 0 || ret == -ECONNREFUSED)) {
			sk->err = -ret; /* tcp_connect_init clears an old one */
			sk->connecting = 1;
			ret = -EINPROGRESS;
		}
	}
	IOU__TRACE(sim_of(ring), "sys connect %d = %d\n", fd, ret);
	return ret;
}

static int s_accept(struct iou *ring, int fd, struct sockaddr *a,
		    socklen_t *n, int flags)
{
	int ret = iou__net_sys_accept(sim_of(ring), fd, a, n, flags);

	if (ret >= 0 && (flags & SOCK_CLOEXEC))
		sim_of(ring)->world.fdflags[ret] = FD_CLOEXEC;

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

static int s_openat(struct iou *ring, int dirfd, const char *path, int flags,
		    mode_t mode)
{
	struct iou_sim *sim = sim_of(ring);
	struct iou__file *f;
	int ret;

	ret = iou__vfs_open(sim, dirfd, path, flags, (uint32_t)mode, 0, &f);
	if (!ret) {
		ret = iou__fd_install_at(sim, f, 0, (flags & O_CLOEXEC) != 0);
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

static int s_open(struct iou *ring, const char *path, int flags, mode_t mode)
{
	return s_openat(ring, AT_FDCWD, path, flags, mode);
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

/* ---- issue 9: the event loop's calls ------------------------------------------ */

/* Installs a and b (the caller's references dropped): 0 and fds, or
 * -errno with neither installed. */
static int install_pair(struct iou_sim *sim, struct iou__file *a,
			struct iou__file *b, int cloexec, int fds[2])
{
	int afd = iou__fd_install_at(sim, a, 0, cloexec);
	int bfd = afd < 0 ? afd : iou__fd_install_at(sim, b, 0, cloexec);

	iou__file_put(sim, a);
	iou__file_put(sim, b);
	if (bfd < 0) {
		if (afd >= 0)
			iou__fd_close(sim, afd);
		return bfd;
	}
	fds[0] = afd;
	fds[1] = bfd;
	return 0;
}

static int s_socketpair(struct iou *ring, int domain, int type, int protocol,
			int sv[2])
{
	struct iou_sim *sim = sim_of(ring);
	int base = type & 0xf, ret;
	struct iou__file *a, *b;

	/* __sys_socketpair: flags, then the family creates the sockets,
	 * then its socketpair op */
	if (type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC | 0xf))
		ret = -EINVAL;
	else if (domain == AF_INET || domain == AF_INET6)
		ret = -EOPNOTSUPP; /* inet has no socketpair */
	else if (domain != AF_UNIX)
		ret = -EAFNOSUPPORT;
	else if (protocol && protocol != AF_UNIX)
		ret = -EPROTONOSUPPORT;
	else if (base != SOCK_STREAM && base != SOCK_DGRAM &&
		 base != SOCK_SEQPACKET)
		ret = -ESOCKTNOSUPPORT;
	else if (!sv)
		ret = -EFAULT;
	else if (!(ret = iou__sock_pair(sim, base,
					(type & SOCK_NONBLOCK) != 0, &a, &b)))
		ret = install_pair(sim, a, b, (type & SOCK_CLOEXEC) != 0, sv);
	IOU__TRACE(sim, "sys socketpair %d %d %d = %d\n", domain, type,
		   protocol, ret);
	return ret;
}

static int s_eventfd(struct iou *ring, unsigned initval, int flags)
{
	struct iou_sim *sim = sim_of(ring);
	struct iou__file *f;
	int ret;

	/* EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK */
	if (flags & ~(1 | O_CLOEXEC | O_NONBLOCK))
		ret = -EINVAL;
	else if (!(ret = iou__eventfd_new(sim, initval, flags, &f))) {
		ret = iou__fd_install_at(sim, f, 0, (flags & O_CLOEXEC) != 0);
		iou__file_put(sim, f);
	}
	IOU__TRACE(sim, "sys eventfd %u %x = %d\n", initval, (unsigned)flags,
		   ret);
	return ret;
}

static int s_poll(struct iou *ring, struct pollfd *fds, unsigned nfds,
		  int timeout_ms)
{
	return iou__sys_poll(sim_of(ring), fds, nfds, timeout_ms);
}

#define SETFL_MASK (O_APPEND | O_NONBLOCK)
#define FLAGS_KEPT (O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)
#define KERNEL_O_LARGEFILE 0100000 /* forced on 64-bit (force_o_largefile) */

static int s_fcntl(struct iou *ring, int fd, int cmd, long arg)
{
	struct iou_sim *sim = sim_of(ring);
	struct iou__file *f = iou__fd_get(sim, fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg < 0 || arg >= IOU__FDS(sim))
			return -EINVAL;
		return iou__fd_install_at(sim, f, (uint32_t)arg,
					  cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return sim->world.fdflags[fd];
	case F_SETFD:
		sim->world.fdflags[fd] = (arg & FD_CLOEXEC) ? FD_CLOEXEC : 0;
		return 0;
	case F_GETFL:
		return (f->oflags & ~FLAGS_KEPT) |
		       (f->type == IOU__FT_INODE && !(f->oflags & O_PATH)
			? KERNEL_O_LARGEFILE : 0);
	case F_SETFL:
		if (f->oflags & O_PATH)
			return -EBADF;
		/* the other flags are ignored (setfl) */
		f->oflags = (f->oflags & ~SETFL_MASK) | ((int)arg & SETFL_MASK);
		return 0;
	default:
		/* locks, leases, pipe sizes, seals...: not modelled */
		return -EINVAL;
	}
}

static int s_dup(struct iou *ring, int fd)
{
	struct iou_sim *sim = sim_of(ring);
	struct iou__file *f = iou__fd_get(sim, fd);
	int ret = f ? iou__fd_install_at(sim, f, 0, 0) : -EBADF;

	IOU__TRACE(sim, "sys dup %d = %d\n", fd, ret);
	return ret;
}

static int s_fstat(struct iou *ring, int fd, struct stat *st)
{
	struct statx sx;
	int ret = iou__vfs_statx(sim_of(ring), fd, "", AT_EMPTY_PATH,
				 STATX_BASIC_STATS, &sx);

	if (ret)
		return ret;
	if (fd == AT_FDCWD)
		return -EBADF;
	if (!st)
		return -EFAULT;
	memset(st, 0, sizeof(*st));
	st->st_dev = makedev(sx.stx_dev_major, sx.stx_dev_minor);
	st->st_ino = sx.stx_ino;
	st->st_mode = sx.stx_mode;
	st->st_nlink = sx.stx_nlink;
	st->st_uid = sx.stx_uid;
	st->st_gid = sx.stx_gid;
	st->st_size = (off_t)sx.stx_size;
	st->st_blksize = (blksize_t)sx.stx_blksize;
	st->st_blocks = (blkcnt_t)sx.stx_blocks;
	st->st_atim.tv_sec = sx.stx_atime.tv_sec;
	st->st_atim.tv_nsec = sx.stx_atime.tv_nsec;
	st->st_mtim.tv_sec = sx.stx_mtime.tv_sec;
	st->st_mtim.tv_nsec = sx.stx_mtime.tv_nsec;
	st->st_ctim.tv_sec = sx.stx_ctime.tv_sec;
	st->st_ctim.tv_nsec = sx.stx_ctime.tv_nsec;
	return 0;
}

static int64_t s_lseek(struct iou *ring, int fd, int64_t off, int whence)
{
	struct iou__file *f = iou__fd_get(sim_of(ring), fd);
	int64_t base, size, pos;

	if (!f || (f->oflags & O_PATH))
		return -EBADF;
	if (whence < SEEK_SET || whence > SEEK_HOLE)
		return -EINVAL;
	switch (f->type) {
	case IOU__FT_INODE:
		break;
	case IOU__FT_EVENTFD:
		return 0; /* noop_llseek: the position, always 0 */
	default:
		return -ESPIPE; /* pipes, sockets, rings */
	}
	size = f->ino->type == IOU__I_REG ? (int64_t)f->ino->size : 0;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)f->pos;
		break;
	case SEEK_END:
		if (f->ino->type != IOU__I_REG)
			return -EINVAL; /* dcache_dir_lseek: SET, CUR */
		base = size;
		break;
	default: /* SEEK_DATA, SEEK_HOLE: all data, one hole at the end */
		if (f->ino->type != IOU__I_REG)
			return -EINVAL;
		if (off < 0 || off >= size)
			return -ENXIO;
		pos = whence == SEEK_DATA ? off : size;
		f->pos = (uint64_t)pos;
		return pos;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	pos = base + off;
	if (f->ino->type == IOU__I_REG && (uint64_t)pos > IOU__FILE_MAX)
		return -EINVAL; /* past s_maxbytes */
	f->pos = (uint64_t)pos;
	return pos;
}

int iou__file_truncate(struct iou_sim *sim, struct iou__file *f, int64_t len);

static int s_ftruncate(struct iou *ring, int fd, int64_t len)
{
	struct iou_sim *sim = sim_of(ring);
	struct iou__file *f;

	/* do_sys_ftruncate: the length first, then the fd, then a
	 * regular file open for writing */
	if (len < 0)
		return -EINVAL;
	f = iou__fd_get(sim, fd);
	if (!f || (f->oflags & O_PATH))
		return -EBADF;
	if (f->type != IOU__FT_INODE || f->ino->type != IOU__I_REG ||
	    !iou__file_writable(f))
		return -EINVAL;
	return iou__file_truncate(sim, f, len);
}

static int s_fsync(struct iou *ring, int fd)
{
	struct iou__file *f = iou__fd_get(sim_of(ring), fd);

	if (!f || (f->oflags & O_PATH))
		return -EBADF;
	/* files and directories sync (nothing to do in memory); the rest
	 * has no fsync (-EINVAL) */
	return f->type == IOU__FT_INODE ? 0 : -EINVAL;
}

static int s_rename(struct iou *ring, const char *from, const char *to)
{
	if (!from || !to)
		return -EFAULT;
	return iou__vfs_rename(sim_of(ring), AT_FDCWD, from, AT_FDCWD, to, 0);
}

/* ---- path calls of unmodified programs (issue 10) ------------------------- */

static int s_statx(struct iou *ring, int dirfd, const char *path, int flags,
		   unsigned mask, struct statx *stx)
{
	return iou__vfs_statx(sim_of(ring), dirfd, path, flags, mask, stx);
}

static int s_linkat(struct iou *ring, int olddirfd, const char *oldpath,
		    int newdirfd, const char *newpath, int flags)
{
	if (!oldpath || !newpath)
		return -EFAULT;
	return iou__vfs_link(sim_of(ring), olddirfd, oldpath, newdirfd,
			     newpath, flags);
}

static int s_symlinkat(struct iou *ring, const char *target, int dirfd,
		       const char *linkpath)
{
	if (!linkpath)
		return -EFAULT;
	return iou__vfs_symlink(sim_of(ring), target, dirfd, linkpath);
}

static ssize_t s_readlinkat(struct iou *ring, int dirfd, const char *path,
			    char *buf, size_t len)
{
	return iou__vfs_readlink(sim_of(ring), dirfd, path, buf, len);
}

/* generic_fadvise: a pipe is -ESPIPE, a negative length or an unknown
 * advice -EINVAL; anything else is a hint the sim's memory-only files have
 * no use for (the kernel's page cache is not observable here). */
static int s_fadvise(struct iou *ring, int fd, int64_t off, int64_t len,
		     int advice)
{
	struct iou__file *f = iou__fd_get(sim_of(ring), fd);

	(void)off;
	if (!f || (f->oflags & O_PATH))
		return -EBADF;
	if (f->type == IOU__FT_PIPE_R || f->type == IOU__FT_PIPE_W)
		return -ESPIPE;
	if (len < 0 || advice < POSIX_FADV_NORMAL ||
	    advice > POSIX_FADV_NOREUSE)
		return -EINVAL;
	return 0;
}

#define SEND_FLAGS_OK (MSG_DONTWAIT | MSG_NOSIGNAL | MSG_MORE | MSG_EOR | \
		       MSG_CONFIRM)

static ssize_t s_sendto(struct iou *ring, int fd, const void *buf, size_t len,
			int flags, const struct sockaddr *to, socklen_t tolen)
{
	struct iou_sim *sim = sim_of(ring);
	struct iovec v = { (void *)(uintptr_t)buf, len };
	ssize_t ret;
	int err;
	struct iou__sock *sk = sock_of(ring, fd, &err);

	if (!sk)
		return err;
	if (to && ((int)tolen < 0 || tolen > sizeof(struct sockaddr_storage)))
		return -EINVAL; /* move_addr_to_kernel */
	if (sk->type != SOCK_STREAM) /* net_dgram.c */
		return iou__dgram_sys_sendto(sim, sk, buf, len, flags, to,
					     to ? tolen : 0);
	if (to && tolen && sk->domain == AF_UNIX)
		/* unix_stream_sendmsg */
		return sk->state == IOU__SS_CONN ? -EISCONN : -EOPNOTSUPP;
	/* tcp_sendmsg ignores the address */
	if (flags & MSG_OOB)
		return -EOPNOTSUPP; /* urgent data: not modelled */
	if (len && !buf)
		return -EFAULT;
	if ((ret = iou__sock_fault(sim, sk, 1)))
		return ret;
	ret = iou__sock_send(sim, sk, &v, 1, len, NULL);
	IOU__TRACE(sim, "sys sendto %d %zu %x = %zd\n", fd, len,
		   (unsigned)flags, ret);
	return ret;
}

static ssize_t s_recvfrom(struct iou *ring, int fd, void *buf, size_t len,
			  int flags, struct sockaddr *from,
			  socklen_t *fromlen)
{
	struct iou_sim *sim = sim_of(ring);
	struct iovec v = { buf, len };
	ssize_t ret;
	int err;
	struct iou__sock *sk = sock_of(ring, fd, &err);

	if (!sk)
		return err;
	if (flags & MSG_OOB)
		return sk->domain == AF_UNIX ? -EOPNOTSUPP : -EINVAL;
	if (from && !fromlen)
		return -EFAULT;
	if (from && (int)*fromlen < 0)
		return -EINVAL;
	if (sk->type != SOCK_STREAM) /* net_dgram.c */
		return iou__dgram_sys_recvfrom(sim, sk, buf, len, flags, from,
					       from ? fromlen : NULL);
	if (len && !buf)
		return -EFAULT;
	if ((ret = iou__sock_fault(sim, sk, 1)))
		return ret;
	/* MSG_WAITALL cannot wait here: what is there (as when a signal
	 * cuts the wait short), or -EAGAIN */
	ret = iou__sock_recv(sim, sk, &v, 1, len,
			     (flags & MSG_PEEK) ? IOU__RECV_PEEK : 0);
	if (ret >= 0 && from) {
		/* unix_copy_addr: the sender's name if it has one;
		 * tcp_recvmsg names no one */
		if (sk->domain == AF_UNIX &&
		    sk->remote.len > sizeof(sa_family_t))
			iou__sock_peer_addr(sk, from, fromlen);
		else
			*fromlen = 0;
	}
	IOU__TRACE(sim, "sys recvfrom %d %zu %x = %zd\n", fd, len,
		   (unsigned)flags, ret);
	return ret;
}

static int s_getpeername(struct iou *ring, int fd, struct sockaddr *a,
			 socklen_t *n)
{
	int ret;
	struct iou__sock *sk = sock_of(ring, fd, &ret);

	if (sk)
		ret = iou__sock_name(sk, 1, a, n);
	return ret;
}

/* An int option's value into val, *len bytes of it at most (as
 * sock_getsockopt copies min(len, sizeof(int))). */
static int opt_int(int v, void *val, socklen_t *len)
{
	socklen_t n = *len < sizeof(int) ? *len : sizeof(int);

	if (n && !val)
		return -EFAULT;
	memcpy(val, &v, n);
	*len = n;
	return 0;
}

static int s_getsockopt(struct iou *ring, int fd, int level, int name,
			void *val, socklen_t *len)
{
	int ret;
	struct iou__sock *sk = sock_of(ring, fd, &ret);

	if (!sk)
		return ret;
	if (!len)
		return -EFAULT;
	if ((int)*len < 0)
		return -EINVAL;
	if (level == IPPROTO_TCP && sk->domain == AF_UNIX)
		return -EOPNOTSUPP;
	if (level == SOL_SOCKET)
		return iou__sock_getsockopt(sk, name, val, len); /* net.c */
	if (level == IPPROTO_IPV6 && name == IPV6_V6ONLY) {
		if (sk->domain != AF_INET6)
			return -ENOPROTOOPT;
		return opt_int(sk->v6only, val, len);
	}
	/* every other option: not modelled, as a kernel without it */
	return -ENOPROTOOPT;
}

static int s_futex_wake(struct iou *ring, uint32_t *uaddr, int nr)
{
	struct iou_sim *sim = sim_of(ring);
	int ret = iou__futex_wake(sim, uaddr, nr, UINT32_MAX);

	iou__run_issueq(sim); /* what the woken requests' links start */
	IOU__TRACE(sim, "sys futex_wake %d = %d\n", nr, ret);
	return ret;
}

static int64_t s_clock_ns(struct iou *ring)
{
	return (int64_t)sim_of(ring)->now;
}

static int s_sleep_ns(struct iou *ring, int64_t ns)
{
	return iou__sys_sleep(sim_of(ring), ns);
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
	.socketpair = s_socketpair,
	.eventfd = s_eventfd,
	.epoll_create1 = iou__sys_epoll_create1,
	.epoll_ctl = iou__sys_epoll_ctl,
	.epoll_wait = iou__sys_epoll_wait,
	.poll = s_poll,
	.fcntl = s_fcntl,
	.dup = s_dup,
	.fstat = s_fstat,
	.lseek = s_lseek,
	.ftruncate = s_ftruncate,
	.fsync = s_fsync,
	.rename = s_rename,
	.sendto = s_sendto,
	.recvfrom = s_recvfrom,
	.getpeername = s_getpeername,
	.getsockopt = s_getsockopt,
	.futex_wake = s_futex_wake,
	.clock_ns = s_clock_ns,
	.sleep_ns = s_sleep_ns,
	.statx = s_statx,
	.linkat = s_linkat,
	.symlinkat = s_symlinkat,
	.readlinkat = s_readlinkat,
	.fadvise = s_fadvise,
	.openat = s_openat,
};

/* linux.c — the linux backend: the kernel side of the ring is the real
 * kernel, reached through raw io_uring_setup/enter/register syscalls and
 * mmap of the ring fd. iou_sys_* are plain syscalls. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"

#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup 425
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter 426
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register 427
#endif

/* Raw syscalls return -errno and leave errno alone. On x86-64 and arm64 they
 * are inline (no libc wrapper on the submit path); elsewhere libc's
 * syscall(2) with errno saved and restored. */
#if defined(__x86_64__)
static inline long raw_syscall6(long n, long a1, long a2, long a3, long a4,
				long a5, long a6)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
static inline long raw_syscall6(long n, long a1, long a2, long a3, long a4,
				long a5, long a6)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a1;
	register long x1 __asm__("x1") = a2;
	register long x2 __asm__("x2") = a3;
	register long x3 __asm__("x3") = a4;
	register long x4 __asm__("x4") = a5;
	register long x5 __asm__("x5") = a6;

	__asm__ volatile("svc 0"
			 : "=r"(x0)
			 : "r"(x8), "0"(x0), "r"(x1), "r"(x2), "r"(x3),
			   "r"(x4), "r"(x5)
			 : "memory", "cc");
	return x0;
}
#else
static inline long raw_syscall6(long n, long a1, long a2, long a3, long a4,
				long a5, long a6)
{
	int saved = errno;
	long ret = syscall(n, a1, a2, a3, a4, a5, a6);

	if (ret < 0)
		ret = -errno;
	errno = saved;
	return ret;
}
#endif

static void *sys_mmap(size_t len, int fd, uint64_t off)
{
	return (void *)raw_syscall6(SYS_mmap, 0, (long)len,
				    PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_POPULATE, fd, (long)off);
}

static int mmap_failed(void *p)
{
	return (unsigned long)p > -4096UL;
}

static void sys_munmap(void *p, size_t len)
{
	if (p && len)
		raw_syscall6(SYS_munmap, (long)p, (long)len, 0, 0, 0, 0);
}

static void sys_close_fd(int fd)
{
	raw_syscall6(SYS_close, fd, 0, 0, 0, 0, 0);
}

/* Maps the rings of io_uring fd as p describes them into *mem. Returns 0
 * or -errno (nothing left mapped). */
static int lx_map(int fd, const struct iou_params *p, struct iou__mem *mem)
{
	size_t sq_sz, cq_sz;
	int err;

	if (p->flags & IOU_SETUP_NO_MMAP) {
		/* The rings and SQEs are the caller's memory (6.5): nothing
		 * to map, and nothing to unmap at teardown. */
		mem->sq_ring = (void *)(uintptr_t)p->cq_off.user_addr;
		mem->sqes = (void *)(uintptr_t)p->sq_off.user_addr;
		return 0;
	}
	sq_sz = p->sq_off.array + p->sq_entries * sizeof(unsigned);
	/* CQE32 and SQE128 rings have entries twice as wide (5.19). */
	cq_sz = p->cq_off.cqes + p->cq_entries * sizeof(struct iou_cqe) *
				 ((p->flags & IOU_SETUP_CQE32) ? 2 : 1);
	if (p->features & IOU_FEAT_SINGLE_MMAP) {
		if (cq_sz > sq_sz)
			sq_sz = cq_sz;
		cq_sz = 0;
	}
	mem->sq_ring = sys_mmap(sq_sz, fd, IOU_OFF_SQ_RING);
	if (mmap_failed(mem->sq_ring)) {
		err = (int)(long)mem->sq_ring;
		mem->sq_ring = NULL;
		goto fail;
	}
	mem->sq_ring_sz = sq_sz;
	if (cq_sz) {
		mem->cq_ring = sys_mmap(cq_sz, fd, IOU_OFF_CQ_RING);
		if (mmap_failed(mem->cq_ring)) {
			err = (int)(long)mem->cq_ring;
			mem->cq_ring = NULL;
			goto fail;
		}
		mem->cq_ring_sz = cq_sz;
	}
	mem->sqes_sz = p->sq_entries * sizeof(struct iou_sqe) *
		       ((p->flags & IOU_SETUP_SQE128) ? 2 : 1);
	mem->sqes = sys_mmap(mem->sqes_sz, fd, IOU_OFF_SQES);
	if (mmap_failed(mem->sqes)) {
		err = (int)(long)mem->sqes;
		mem->sqes = NULL;
		goto fail;
	}
	return 0;
fail:
	sys_munmap(mem->cq_ring, mem->cq_ring_sz);
	sys_munmap(mem->sq_ring, mem->sq_ring_sz);
	return err;
}

static int lx_setup(struct iou *ring, unsigned entries, struct iou_params *p,
		    struct iou__mem *mem, void *arg)
{
	int fd, err;

	(void)ring;
	/* arg, when set, is the fd of a ring already set up (iou_queue_mmap). */
	if (arg)
		fd = *(const int *)arg;
	else
		fd = (int)raw_syscall6(__NR_io_uring_setup, entries, (long)p,
				       0, 0, 0, 0);
	if (fd < 0)
		return fd;
	err = lx_map(fd, p, mem);
	if (err < 0) {
		sys_close_fd(fd);
		return err;
	}
	return fd;
}

/* After IORING_REGISTER_RESIZE_RINGS: unmaps the old rings (*mem) and maps
 * the new ones p describes into *mem. Returns 0 or -errno. */
int iou__linux_remap(struct iou *ring, const struct iou_params *p,
		     struct iou__mem *mem);
int iou__linux_remap(struct iou *ring, const struct iou_params *p,
		     struct iou__mem *mem)
{
	sys_munmap(mem->sqes, mem->sqes_sz);
	sys_munmap(mem->cq_ring, mem->cq_ring_sz);
	sys_munmap(mem->sq_ring, mem->sq_ring_sz);
	memset(mem, 0, sizeof(*mem));
	return lx_map(ring->ring_fd, p, mem);
}

static int lx_enter(struct iou *ring, unsigned to_submit, unsigned min_complete,
		    unsigned flags, const void *arg, size_t argsz)
{
	return (int)raw_syscall6(__NR_io_uring_enter, ring->enter_ring_fd,
				 to_submit, min_complete, flags, (long)arg,
				 (long)argsz);
}

static int lx_register(struct iou *ring, unsigned opcode, const void *arg,
		       unsigned nr_args)
{
	/* With the ring fd closed (iou_close_ring_fd), the registered index
	 * names the ring (6.3, IOU_FEAT_REG_REG_RING). */
	if (ring->ring_fd < 0 && (ring->int_flags & IOU__INT_REG_RING))
		return (int)raw_syscall6(__NR_io_uring_register,
					 ring->enter_ring_fd,
					 opcode | IOU_REGISTER_USE_REGISTERED_RING,
					 (long)arg, nr_args, 0, 0);
	return (int)raw_syscall6(__NR_io_uring_register, ring->ring_fd, opcode,
				 (long)arg, nr_args, 0, 0);
}

static void lx_teardown(struct iou *ring, struct iou__mem *mem)
{
	sys_munmap(mem->sqes, mem->sqes_sz);
	sys_munmap(mem->cq_ring, mem->cq_ring_sz);
	sys_munmap(mem->sq_ring, mem->sq_ring_sz);
	if (ring->ring_fd >= 0)
		sys_close_fd(ring->ring_fd);
}

/* uname's release, "6.18.44-...", as (major << 16) | (minor << 8). */
static uint32_t lx_kernel_version(const struct iou *ring)
{
	struct utsname u;
	unsigned major = 0, minor = 0;
	const char *p;
	int saved = errno;

	(void)ring;
	if (uname(&u) < 0) {
		errno = saved;
		return 0;
	}
	for (p = u.release; *p >= '0' && *p <= '9'; p++)
		major = major * 10 + (unsigned)(*p - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			minor = minor * 10 + (unsigned)(*p - '0');
	return (major << 16) | (minor << 8);
}

/* ---- iou_sys_*: libc calls, errno turned into a return value ----------- */

/* Evaluates a libc call; a -1 becomes -errno, and errno is left as it was. */
#define LIBC_CALL(type, expr)                          \
	do {                                           \
		int saved_ = errno;                    \
		type r_ = (expr);                      \
		if (r_ < 0)                            \
			r_ = (type)-errno;             \
		errno = saved_;                        \
		return r_;                             \
	} while (0)

static int lx_socket(struct iou *r, int domain, int type, int protocol)
{
	LIBC_CALL(int, socket(domain, type, protocol));
}

static int lx_bind(struct iou *r, int fd, const struct sockaddr *a, socklen_t n)
{
	LIBC_CALL(int, bind(fd, a, n));
}

static int lx_listen(struct iou *r, int fd, int backlog)
{
	LIBC_CALL(int, listen(fd, backlog));
}

static int lx_connect(struct iou *r, int fd, const struct sockaddr *a,
		      socklen_t n)
{
	LIBC_CALL(int, connect(fd, a, n));
}

static int lx_accept(struct iou *r, int fd, struct sockaddr *a, socklen_t *n,
		     int flags)
{
	LIBC_CALL(int, accept4(fd, a, n, flags));
}

static int lx_getsockname(struct iou *r, int fd, struct sockaddr *a,
			  socklen_t *n)
{
	LIBC_CALL(int, getsockname(fd, a, n));
}

static int lx_setsockopt(struct iou *r, int fd, int level, int name,
			 const void *val, socklen_t len)
{
	LIBC_CALL(int, setsockopt(fd, level, name, val, len));
}

static int lx_shutdown(struct iou *r, int fd, int how)
{
	LIBC_CALL(int, shutdown(fd, how));
}

static int lx_open(struct iou *r, const char *path, int flags, mode_t mode)
{
	if (!path)
		return -EFAULT; /* as the syscall: libc declares it nonnull */
	LIBC_CALL(int, open(path, flags, mode));
}

static int lx_pipe(struct iou *r, int fds[2])
{
	if (!fds)
		return -EFAULT;
	LIBC_CALL(int, pipe(fds));
}

static ssize_t lx_read(struct iou *r, int fd, void *buf, size_t len)
{
	LIBC_CALL(ssize_t, read(fd, buf, len));
}

static ssize_t lx_write(struct iou *r, int fd, const void *buf, size_t len)
{
	LIBC_CALL(ssize_t, write(fd, buf, len));
}

static int lx_close(struct iou *r, int fd)
{
	LIBC_CALL(int, close(fd));
}

static int lx_unlink(struct iou *r, const char *path)
{
	if (!path)
		return -EFAULT; /* as the syscall: libc declares it nonnull */
	LIBC_CALL(int, unlink(path));
}

static int lx_mkdir(struct iou *r, const char *path, mode_t mode)
{
	if (!path)
		return -EFAULT; /* as the syscall: libc declares it nonnull */
	LIBC_CALL(int, mkdir(path, mode));
}

static int lx_rmdir(struct iou *r, const char *path)
{
	if (!path)
		return -EFAULT; /* as the syscall: libc declares it nonnull */
	LIBC_CALL(int, rmdir(path));
}

static int64_t lx_fsize(struct iou *r, int fd)
{
	struct stat st;
	int saved = errno;
	int64_t ret = fstat(fd, &st) < 0 ? -errno : (int64_t)st.st_size;

	errno = saved;
	return ret;
}

/* ---- the event loop's calls (issue 9): raw syscalls --------------------- */
/* Raw syscalls, not libc's wrappers: their pointer arguments are declared
 * nonnull, so a NULL would be undefined behaviour in C; the kernel answers
 * it with -EFAULT. arm64 lacks the old calls (epoll_wait, poll, rename):
 * their successors with the same meaning are used everywhere. */

#define RAW(n, a1, a2, a3, a4, a5, a6)                                        \
	raw_syscall6((n), (long)(a1), (long)(a2), (long)(a3), (long)(a4),     \
		     (long)(a5), (long)(a6))

static int lx_socketpair(struct iou *r, int domain, int type, int protocol,
			 int sv[2])
{
	return (int)RAW(SYS_socketpair, domain, type, protocol, sv, 0, 0);
}

static int lx_eventfd(struct iou *r, unsigned initval, int flags)
{
	return (int)RAW(SYS_eventfd2, initval, flags, 0, 0, 0, 0);
}

static int lx_epoll_create1(struct iou *r, int flags)
{
	return (int)RAW(SYS_epoll_create1, flags, 0, 0, 0, 0, 0);
}

static int lx_epoll_ctl(struct iou *r, int epfd, int op, int fd,
			struct epoll_event *ev)
{
	return (int)RAW(SYS_epoll_ctl, epfd, op, fd, ev, 0, 0);
}

static int lx_epoll_wait(struct iou *r, int epfd, struct epoll_event *events,
			 int maxevents, int timeout_ms)
{
	/* epoll_pwait with no mask is epoll_wait (arm64 has only this) */
	return (int)RAW(SYS_epoll_pwait, epfd, events, maxevents, timeout_ms, 0,
			8);
}

static int lx_poll(struct iou *r, struct pollfd *fds, unsigned nfds,
		   int timeout_ms)
{
	struct timespec ts, *tsp = NULL;

	/* poll(2) as ppoll(2) (arm64 has only this); a negative timeout is
	 * infinite for both */
	if (timeout_ms >= 0) {
		ts.tv_sec = timeout_ms / 1000;
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		tsp = &ts;
	}
	return (int)RAW(SYS_ppoll, fds, nfds, tsp, 0, 8, 0);
}

static int lx_fcntl(struct iou *r, int fd, int cmd, long arg)
{
	return (int)RAW(SYS_fcntl, fd, cmd, arg, 0, 0, 0);
}

static int lx_dup(struct iou *r, int fd)
{
	return (int)RAW(SYS_dup, fd, 0, 0, 0, 0, 0);
}

static int lx_fstat(struct iou *r, int fd, struct stat *st)
{
#if defined(__x86_64__) || defined(__aarch64__)
	/* the kernel's struct stat is libc's on these */
	return (int)RAW(SYS_fstat, fd, st, 0, 0, 0, 0);
#else
	if (!st)
		return -EFAULT;
	LIBC_CALL(int, fstat(fd, st));
#endif
}

static int64_t lx_lseek(struct iou *r, int fd, int64_t off, int whence)
{
#if defined(__x86_64__) || defined(__aarch64__)
	return (int64_t)RAW(SYS_lseek, fd, off, whence, 0, 0, 0);
#else
	LIBC_CALL(int64_t, (int64_t)lseek(fd, (off_t)off, whence));
#endif
}

static int lx_ftruncate(struct iou *r, int fd, int64_t len)
{
#if defined(__x86_64__) || defined(__aarch64__)
	return (int)RAW(SYS_ftruncate, fd, len, 0, 0, 0, 0);
#else
	LIBC_CALL(int, ftruncate(fd, (off_t)len));
#endif
}

static int lx_fsync(struct iou *r, int fd)
{
	return (int)RAW(SYS_fsync, fd, 0, 0, 0, 0, 0);
}

static int lx_rename(struct iou *r, const char *from, const char *to)
{
	return (int)RAW(SYS_renameat, AT_FDCWD, from, AT_FDCWD, to, 0, 0);
}

static int lx_statx(struct iou *r, int dirfd, const char *path, int flags,
		    unsigned mask, struct statx *stx)
{
	return (int)RAW(SYS_statx, dirfd, path, flags, mask, stx, 0);
}

static int lx_linkat(struct iou *r, int olddirfd, const char *oldpath,
		     int newdirfd, const char *newpath, int flags)
{
	return (int)RAW(SYS_linkat, olddirfd, oldpath, newdirfd, newpath,
			flags, 0);
}

static int lx_symlinkat(struct iou *r, const char *target, int dirfd,
			const char *linkpath)
{
	return (int)RAW(SYS_symlinkat, target, dirfd, linkpath, 0, 0, 0);
}

static ssize_t lx_readlinkat(struct iou *r, int dirfd, const char *path,
			     char *buf, size_t len)
{
	return (ssize_t)RAW(SYS_readlinkat, dirfd, path, buf, len, 0, 0);
}

static int lx_fadvise(struct iou *r, int fd, int64_t off, int64_t len,
		      int advice)
{
#if defined(__x86_64__) || defined(__aarch64__)
	return (int)RAW(SYS_fadvise64, fd, off, len, advice, 0, 0);
#else
	return -posix_fadvise(fd, (off_t)off, (off_t)len, advice);
#endif
}

static int lx_openat(struct iou *r, int dirfd, const char *path, int flags,
		     mode_t mode)
{
	return (int)RAW(SYS_openat, dirfd, path, flags, mode, 0, 0);
}

static ssize_t lx_sendto(struct iou *r, int fd, const void *buf, size_t len,
			 int flags, const struct sockaddr *to, socklen_t tolen)
{
	return (ssize_t)RAW(SYS_sendto, fd, buf, len, flags, to, tolen);
}

static ssize_t lx_recvfrom(struct iou *r, int fd, void *buf, size_t len,
			   int flags, struct sockaddr *from,
			   socklen_t *fromlen)
{
	return (ssize_t)RAW(SYS_recvfrom, fd, buf, len, flags, from, fromlen);
}

static int lx_getpeername(struct iou *r, int fd, struct sockaddr *a,
			  socklen_t *n)
{
	return (int)RAW(SYS_getpeername, fd, a, n, 0, 0, 0);
}

static int lx_getsockopt(struct iou *r, int fd, int level, int name,
			 void *val, socklen_t *len)
{
	return (int)RAW(SYS_getsockopt, fd, level, name, val, len, 0);
}

static int lx_futex_wake(struct iou *r, uint32_t *uaddr, int nr)
{
	/* FUTEX_WAKE | FUTEX_PRIVATE_FLAG, as the futex ops' default */
	return (int)RAW(SYS_futex, uaddr, 1 | 128, nr, 0, 0, 0);
}

static int64_t lx_clock_ns(struct iou *r)
{
	struct timespec ts;
	int saved = errno;

	/* libc's vDSO path: no syscall */
	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0) {
		int64_t ret = -errno;

		errno = saved;
		return ret;
	}
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int lx_sleep_ns(struct iou *r, int64_t ns)
{
	struct timespec ts;

	if (ns < 0)
		return -EINVAL;
	ts.tv_sec = (time_t)(ns / 1000000000LL);
	ts.tv_nsec = (long)(ns % 1000000000LL);
	return (int)RAW(SYS_nanosleep, &ts, 0, 0, 0, 0, 0);
}

static const struct iou_sys_ops lx_sys = {
	.socket = lx_socket,
	.bind = lx_bind,
	.listen = lx_listen,
	.connect = lx_connect,
	.accept = lx_accept,
	.getsockname = lx_getsockname,
	.setsockopt = lx_setsockopt,
	.shutdown = lx_shutdown,
	.open = lx_open,
	.pipe = lx_pipe,
	.read = lx_read,
	.write = lx_write,
	.close = lx_close,
	.unlink = lx_unlink,
	.mkdir = lx_mkdir,
	.rmdir = lx_rmdir,
	.fsize = lx_fsize,
	.socketpair = lx_socketpair,
	.eventfd = lx_eventfd,
	.epoll_create1 = lx_epoll_create1,
	.epoll_ctl = lx_epoll_ctl,
	.epoll_wait = lx_epoll_wait,
	.poll = lx_poll,
	.fcntl = lx_fcntl,
	.dup = lx_dup,
	.fstat = lx_fstat,
	.lseek = lx_lseek,
	.ftruncate = lx_ftruncate,
	.fsync = lx_fsync,
	.rename = lx_rename,
	.sendto = lx_sendto,
	.recvfrom = lx_recvfrom,
	.getpeername = lx_getpeername,
	.getsockopt = lx_getsockopt,
	.futex_wake = lx_futex_wake,
	.clock_ns = lx_clock_ns,
	.sleep_ns = lx_sleep_ns,
	.statx = lx_statx,
	.linkat = lx_linkat,
	.symlinkat = lx_symlinkat,
	.readlinkat = lx_readlinkat,
	.fadvise = lx_fadvise,
	.openat = lx_openat,
};

const struct iou_backend iou__linux_backend = {
	.name = "linux",
	.setup = lx_setup,
	.enter = lx_enter,
	.register_op = lx_register,
	.kernel_version = lx_kernel_version,
	.teardown = lx_teardown,
	.sys = &lx_sys,
};

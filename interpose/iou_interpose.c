/* iou_interpose.c — unmodified programs on the sim (issue 10): with
 * IOU_BACKEND=sim, the program's own fd and time calls reach the process-
 * wide sim's world (files, pipes, sockets, eventfds, epoll, the virtual
 * clock) through iou_sys_*, so that the fds it passes to its rings are the
 * sim's. Used as an LD_PRELOAD object (libiou-interpose.so, what
 * iou-explore(1) loads) or linked into a test binary (iou_interpose_dep).
 * Without IOU_BACKEND=sim every call goes straight to libc.
 *
 * Which calls go where:
 *   - fds: the sim hands out fds from IOU_INTERPOSE_FD_BASE (512) on, and
 *     the process's real fds are kept below it (RLIMIT_NOFILE's soft limit
 *     is lowered to it), so an fd number says which world it belongs to;
 *     standard streams stay real.
 *   - paths: /proc, /sys, /dev, /etc, /usr, /lib, /lib64, /bin, /sbin stay
 *     real (system files read by libc and sanitizers) but for the sim's
 *     /dev/{null,zero,full,random,urandom}; every other path,
 *     relative ones included (the sim's cwd is "/"), is the sim's.
 *   - sockets: AF_INET, AF_INET6, AF_UNIX are the sim's; others real.
 *   - clock_gettime of CLOCK_MONOTONIC(_RAW/_COARSE) and CLOCK_BOOTTIME
 *     read the virtual clock; nanosleep, clock_nanosleep (monotonic),
 *     usleep and sleep advance it. CLOCK_REALTIME (and gettimeofday,
 *     time) is the host's wall clock when the sim started plus the virtual
 *     time since, so that intervals measured on it agree with the sim's
 *     timers.
 *   - a blocking call on a sim fd that would block (read of an empty pipe,
 *     accept with no connection) runs the sim until it can go on; a wait
 *     nothing can end is a hang, reported as the sim reports one.
 *   - pthread_create and fork print why and exit with status 77: the sim
 *     runs one thread of one process.
 *   - IOU_SIM_FILES=host[=sim],... copies host files into the sim's world
 *     at start (parent directories made; sim path = host path by default);
 *     IOU_SIM_EXPORT=sim=host,... copies sim files out at exit, so that a
 *     checker (iou-explore --check) can judge what the program wrote.
 * Path calls (stat, links, mkstemp...) are in iou_interpose_paths.c, the
 * clocks in iou_interpose_time.c, limits and alarm in iou_interpose_proc.c.
 * The calls the sim's world cannot answer fail as a kernel without them
 * would (-ENOSYS, errno ENOSYS). Every wrapper sets errno as libc does. */
/* Both open and open64 (and the other *64 names) are wrapped: with 64-bit
 * offsets the headers would rename the first into the second. */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "iou.h"
#include "iou_sim.h"
#include "interpose.h"

#define FD_BASE IOU__IP_FD_BASE
#define EXPORT __attribute__((visibility("default")))

/* glibc's fortified entry points (-D_FORTIFY_SOURCE), which its headers
 * do not declare. */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
ssize_t __read_chk(int fd, void *buf, size_t len, size_t buflen);
ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen, int flags);
int __poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t len);

static int state;          /* 0 not yet, 1 sim, -1 off, 2 starting */
static struct iou ring;    /* a ring of the process-wide sim for iou_sys_* */

/* ---- libc's own functions ------------------------------------------------ */

#define REAL(name)                                                             \
	static __typeof__(name) *real_##name;                                  \
	if (!real_##name)                                                      \
		real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

static void start(void)
{
	struct iou_sim *sim;
	struct rlimit rl;
	int ret;

	if (state)
		return;
	state = 2; /* calls made while starting go to libc */
	{
		const char *be = getenv("IOU_BACKEND");

		if (!be || strcmp(be, "sim")) {
			state = -1;
			return;
		}
	}
	sim = iou_sim_process();
	if (!sim) {
		state = -1; /* the sim said why on stderr */
		return;
	}
	ret = iou_sim_set_fd_first(sim, FD_BASE);
	if (ret)
		fprintf(stderr, "iou-interpose: the sim made fds before the "
			"interposition started: sim and real fds may collide\n");
	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		/* the program's RLIMIT_NOFILE is the sim's, counted from
		 * fd 3 as on the host (iou_interpose_proc.c) */
		iou__ip_nofile_init(sim, rl.rlim_cur, rl.rlim_max);
		if (rl.rlim_cur > FD_BASE) {
			rl.rlim_cur = FD_BASE;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	ret = iou_queue_init_sim(2, &ring, 0, sim);
	if (ret) {
		fprintf(stderr, "iou-interpose: no ring on the sim: %s\n",
			strerror(-ret));
		state = -1;
		return;
	}
	state = 1;
}

/* ---- files in and out of the sim's world --------------------------------- */

/* Makes the sim's parent directories of path. */
static void sim_mkdirs(const char *path)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		iou_sys_mkdir(&ring, buf, 0755);
		*p = '/';
	}
}

/* Copies between the worlds: in (host -> sim) or out (sim -> host), with
 * libc's own calls for the host side. Returns 0 or -errno. */
static int copy_file(const char *from, const char *to, int in)
{
	static char buf[65536];
	int src, dst, ret = 0;

	REAL(open);
	REAL(read);
	REAL(write);
	REAL(close);
	if (in) {
		sim_mkdirs(to);
		src = real_open(from, O_RDONLY | O_CLOEXEC);
		dst = iou_sys_open(&ring, to, O_WRONLY | O_CREAT | O_TRUNC,
				   0644);
	} else {
		src = iou_sys_open(&ring, from, O_RDONLY, 0);
		dst = real_open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
				0644);
	}
	if (src < 0 || dst < 0) {
		ret = src < 0 ? (in ? -errno : src) : (in ? dst : -errno);
		goto out;
	}
	for (;;) {
		ssize_t n = in ? real_read(src, buf, sizeof(buf))
			       : iou_sys_read(&ring, src, buf, sizeof(buf));

		if (n <= 0) {
			ret = n < 0 ? (in ? -errno : (int)n) : 0;
			break;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = in ? iou_sys_write(&ring, dst, buf + off,
						       (size_t)(n - off))
				       : real_write(dst, buf + off,
						    (size_t)(n - off));

			if (w <= 0) {
				ret = w < 0 ? (in ? (int)w : -errno) : -EIO;
				goto out;
			}
			off += w;
		}
	}
out:
	if (src >= 0)
		in ? (void)real_close(src) : (void)iou_sys_close(&ring, src);
	if (dst >= 0)
		in ? (void)iou_sys_close(&ring, dst) : (void)real_close(dst);
	return ret;
}

/* Walks "a[=b],c[=d]": calls fn(a, b or a) for each. */
static void each_pair(const char *list, int in)
{
	char buf[8192];
	char *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *item = strtok_r(buf, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		const char *a = item, *b = item;
		int ret;

		if (eq) {
			*eq = '\0';
			b = eq + 1;
		}
		ret = copy_file(a, b, in);
		if (ret)
			fprintf(stderr, "iou-interpose: %s %s: %s\n",
				in ? "IOU_SIM_FILES" : "IOU_SIM_EXPORT", a,
				strerror(-ret));
	}
}

static void export_files(void)
{
	const char *e = getenv("IOU_SIM_EXPORT");

	if (state == 1 && e && *e)
		each_pair(e, 0);
}

__attribute__((constructor)) static void interpose_init(void)
{
	const char *e;

	start();
	if (state != 1)
		return;
	if ((e = getenv("IOU_SIM_FILES")) && *e)
		each_pair(e, 1);
	atexit(export_files);
}

static inline int on(void)
{
	if (!state)
		start();
	return state == 1;
}

static inline int sim_fd(int fd)
{
	return fd >= FD_BASE && on();
}

/* A path of the host's system (stays real). */
static int system_path(const char *p)
{
	static const char *const pre[] = {
		"/proc", "/sys", "/dev", "/etc", "/usr", "/lib", "/lib64",
		"/bin", "/sbin",
	};

	/* the memory devices are the sim's own (devices.c) */
	static const char *const dev[] = {
		"/dev/null", "/dev/zero", "/dev/full", "/dev/random",
		"/dev/urandom",
	};

	if (!p || p[0] != '/')
		return 0;
	for (size_t i = 0; i < sizeof(dev) / sizeof(*dev); i++)
		if (!strcmp(p, dev[i]))
			return 0;
	for (size_t i = 0; i < sizeof(pre) / sizeof(*pre); i++) {
		size_t n = strlen(pre[i]);

		if (!strncmp(p, pre[i], n) && (p[n] == '/' || !p[n]))
			return 1;
	}
	return 0;
}

static inline int sim_path(const char *p)
{
	return p && !system_path(p) && on();
}

/* for the other files of the library (interpose.h) */
struct iou *iou__ip_ring(void)
{
	return &ring;
}

int iou__ip_on(void)
{
	return on();
}

int iou__ip_system_path(const char *p)
{
	return system_path(p);
}

/* libc's convention: -1 and errno. */
static inline long ret_errno(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* The two refusals. */
static void refuse(const char *what)
{
	fflush(NULL);
	fprintf(stderr, "iou-interpose: the program called %s under "
		"IOU_BACKEND=sim; the sim runs one thread of one process, so "
		"this program cannot run on it (exit 77: skipped)\n", what);
	_exit(77);
}

EXPORT int pthread_create(pthread_t *t, const pthread_attr_t *a,
			  void *(*fn)(void *), void *arg)
{
	REAL(pthread_create);
	if (on())
		refuse("pthread_create");
	return real_pthread_create(t, a, fn, arg);
}

EXPORT pid_t fork(void)
{
	REAL(fork);
	if (on())
		refuse("fork");
	return real_fork();
}

EXPORT pid_t vfork(void)
{
	REAL(fork);
	if (on())
		refuse("vfork");
	return real_fork();
}

/* ---- blocking on the sim ------------------------------------------------- */

/* A sim call answered -EAGAIN on a blocking fd: wait (running the sim)
 * for `events`. Returns 0 to retry, or -errno (a hang: -EDEADLK). */
static int block(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int fl = iou_sys_fcntl(&ring, fd, F_GETFL, 0);
	int ret;

	if (fl < 0 || (fl & O_NONBLOCK))
		return -EAGAIN;
	ret = iou_sys_poll(&ring, &p, 1, -1);
	return ret < 0 ? ret : 0;
}

/* The call, waited out on a blocking fd; a wait that fails (a hang:
 * -EDEADLK) is the call's result. */
#define BLOCKING(call, fd, ev)                                                 \
	({                                                                     \
		long r_;                                                       \
		int b_ = 0;                                                    \
		while ((r_ = (call)) == -EAGAIN &&                             \
		       !(b_ = block((fd), (ev))))                              \
			;                                                      \
		if (r_ == -EAGAIN && b_ && b_ != -EAGAIN)                      \
			r_ = b_;                                               \
		r_;                                                            \
	})

/* ---- files ------------------------------------------------------------------ */

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & (O_CREAT | __O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

static int sim_open(const char *path, int flags, mode_t mode)
{
	return (int)ret_errno(iou_sys_open(&ring, path, flags & ~O_LARGEFILE,
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
	if (sim_path(path))
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
	if (sim_path(path))
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
	if (sim_fd(dirfd))
		return (int)ret_errno(iou_sys_openat(&ring, dirfd, path,
						     flags & ~O_LARGEFILE,
						     mode));
	if (sim_path(path) && (path[0] == '/' || dirfd == AT_FDCWD))
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
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_close(&ring, fd));
	return real_close(fd);
}

EXPORT ssize_t read(int fd, void *buf, size_t len)
{
	REAL(read);
	if (sim_fd(fd))
		return ret_errno(BLOCKING(iou_sys_read(&ring, fd, buf, len), fd,
					  POLLIN));
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
	if (sim_fd(fd))
		return ret_errno(BLOCKING(iou_sys_write(&ring, fd, buf, len),
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
	if (sim_fd(fd))
		return sim_rwv(fd, iov, n, 0);
	return real_readv(fd, iov, n);
}

EXPORT ssize_t writev(int fd, const struct iovec *iov, int n)
{
	REAL(writev);
	if (sim_fd(fd))
		return sim_rwv(fd, iov, n, 1);
	return real_writev(fd, iov, n);
}

/* pread/pwrite on the sim: move the offset, do the I/O, move it back. */
static ssize_t sim_prw(int fd, void *buf, size_t len, off_t off, int wr)
{
	int64_t cur = iou_sys_lseek(&ring, fd, 0, SEEK_CUR);
	ssize_t r;

	if (cur < 0)
		return ret_errno(cur);
	if (off < 0)
		return ret_errno(-EINVAL);
	r = iou_sys_lseek(&ring, fd, off, SEEK_SET);
	if (r >= 0)
		r = wr ? iou_sys_write(&ring, fd, buf, len)
		       : iou_sys_read(&ring, fd, buf, len);
	iou_sys_lseek(&ring, fd, cur, SEEK_SET);
	return ret_errno(r);
}

EXPORT ssize_t pread(int fd, void *buf, size_t len, off_t off)
{
	REAL(pread);
	if (sim_fd(fd))
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
	if (sim_fd(fd))
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
	if (sim_path(path))
		return (int)ret_errno(iou_sys_unlink(&ring, path));
	return real_unlink(path);
}

EXPORT int mkdir(const char *path, mode_t mode)
{
	REAL(mkdir);
	if (sim_path(path))
		return (int)ret_errno(iou_sys_mkdir(&ring, path, mode));
	return real_mkdir(path, mode);
}

EXPORT int rmdir(const char *path)
{
	REAL(rmdir);
	if (sim_path(path))
		return (int)ret_errno(iou_sys_rmdir(&ring, path));
	return real_rmdir(path);
}

/* ---- pipes and sockets -------------------------------------------------- */

EXPORT int pipe(int fds[2])
{
	REAL(pipe);
	if (on())
		return (int)ret_errno(iou_sys_pipe(&ring, fds));
	return real_pipe(fds);
}

static int sim_domain(int domain)
{
	return domain == AF_INET || domain == AF_INET6 || domain == AF_UNIX;
}

EXPORT int socket(int domain, int type, int protocol)
{
	REAL(socket);
	if (sim_domain(domain) && on())
		return (int)ret_errno(iou_sys_socket(&ring, domain, type,
						     protocol));
	return real_socket(domain, type, protocol);
}

EXPORT int bind(int fd, const struct sockaddr *a, socklen_t n)
{
	REAL(bind);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_bind(&ring, fd, a, n));
	return real_bind(fd, a, n);
}

EXPORT int listen(int fd, int backlog)
{
	REAL(listen);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_listen(&ring, fd, backlog));
	return real_listen(fd, backlog);
}

EXPORT int connect(int fd, const struct sockaddr *a, socklen_t n)
{
	REAL(connect);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_connect(&ring, fd, a, n));
	return real_connect(fd, a, n);
}

EXPORT int accept4(int fd, struct sockaddr *a, socklen_t *n, int flags)
{
	REAL(accept4);
	if (sim_fd(fd))
		return (int)ret_errno(BLOCKING(iou_sys_accept(&ring, fd, a, n,
							      flags),
					       fd, POLLIN));
	return real_accept4(fd, a, n, flags);
}

EXPORT int accept(int fd, struct sockaddr *a, socklen_t *n)
{
	return accept4(fd, a, n, 0);
}

EXPORT int shutdown(int fd, int how)
{
	REAL(shutdown);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_shutdown(&ring, fd, how));
	return real_shutdown(fd, how);
}

EXPORT int getsockname(int fd, struct sockaddr *a, socklen_t *n)
{
	REAL(getsockname);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_getsockname(&ring, fd, a, n));
	return real_getsockname(fd, a, n);
}

EXPORT int setsockopt(int fd, int level, int name, const void *val,
		      socklen_t len)
{
	REAL(setsockopt);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_setsockopt(&ring, fd, level, name,
							 val, len));
	return real_setsockopt(fd, level, name, val, len);
}

static ssize_t sim_sendto(int fd, const void *buf, size_t len, int flags,
			  const struct sockaddr *to, socklen_t tolen)
{
	return ret_errno(BLOCKING(iou_sys_sendto(&ring, fd, buf, len, flags,
						 to, tolen),
				  fd, POLLOUT));
}

static ssize_t sim_recvfrom(int fd, void *buf, size_t len, int flags,
			    struct sockaddr *from, socklen_t *fromlen)
{
	return ret_errno(BLOCKING(iou_sys_recvfrom(&ring, fd, buf, len, flags,
						   from, fromlen),
				  fd, POLLIN));
}

EXPORT ssize_t sendto(int fd, const void *buf, size_t len, int flags,
		      const struct sockaddr *to, socklen_t tolen)
{
	REAL(sendto);
	if (sim_fd(fd))
		return sim_sendto(fd, buf, len, flags, to, tolen);
	return real_sendto(fd, buf, len, flags, to, tolen);
}

EXPORT ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return sendto(fd, buf, len, flags, NULL, 0);
}

EXPORT ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
			struct sockaddr *from, socklen_t *fromlen)
{
	REAL(recvfrom);
	if (sim_fd(fd))
		return sim_recvfrom(fd, buf, len, flags, from, fromlen);
	return real_recvfrom(fd, buf, len, flags, from, fromlen);
}

EXPORT ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	return recvfrom(fd, buf, len, flags, NULL, NULL);
}

EXPORT ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen,
			  int flags)
{
	(void)buflen;
	return recv(fd, buf, len, flags);
}

/* sendmsg/recvmsg on the sim: the data of the iovecs, gathered into one
 * send or scattered from one receive; no control messages (msg_controllen
 * 0 back). */
EXPORT ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	size_t total = 0, off = 0;
	ssize_t r;
	char *buf;

	REAL(sendmsg);
	if (!sim_fd(fd))
		return real_sendmsg(fd, m, flags);
	if (m->msg_controllen)
		return ret_errno(-EOPNOTSUPP);
	for (size_t i = 0; i < m->msg_iovlen; i++)
		total += m->msg_iov[i].iov_len;
	buf = malloc(total ? total : 1);
	if (!buf)
		return ret_errno(-ENOMEM);
	for (size_t i = 0; i < m->msg_iovlen; i++) {
		memcpy(buf + off, m->msg_iov[i].iov_base, m->msg_iov[i].iov_len);
		off += m->msg_iov[i].iov_len;
	}
	r = sim_sendto(fd, buf, total, flags, m->msg_name, m->msg_namelen);
	free(buf);
	return r;
}

EXPORT ssize_t recvmsg(int fd, struct msghdr *m, int flags)
{
	size_t total = 0, off = 0;
	socklen_t namelen = m->msg_namelen;
	ssize_t r;
	char *buf;

	REAL(recvmsg);
	if (!sim_fd(fd))
		return real_recvmsg(fd, m, flags);
	for (size_t i = 0; i < m->msg_iovlen; i++)
		total += m->msg_iov[i].iov_len;
	buf = malloc(total ? total : 1);
	if (!buf)
		return ret_errno(-ENOMEM);
	r = sim_recvfrom(fd, buf, total, flags, m->msg_name,
			 m->msg_name ? &namelen : NULL);
	for (size_t i = 0; r > 0 && i < m->msg_iovlen && off < (size_t)r; i++) {
		size_t n = m->msg_iov[i].iov_len;

		if (n > (size_t)r - off)
			n = (size_t)r - off;
		memcpy(m->msg_iov[i].iov_base, buf + off, n);
		off += n;
	}
	free(buf);
	if (r >= 0) {
		m->msg_namelen = m->msg_name ? namelen : 0;
		m->msg_controllen = 0;
		m->msg_flags = 0;
	}
	return r;
}

/* ---- the event loop's calls --------------------------------------------- */

EXPORT int pipe2(int fds[2], int flags)
{
	int ret;

	REAL(pipe2);
	if (!on())
		return real_pipe2(fds, flags);
	if (flags & ~(O_NONBLOCK | O_CLOEXEC | O_DIRECT))
		return (int)ret_errno(-EINVAL);
	ret = iou_sys_pipe(&ring, fds);
	for (int i = 0; !ret && i < 2; i++) {
		if (flags & O_NONBLOCK)
			ret = iou_sys_fcntl(&ring, fds[i], F_SETFL, O_NONBLOCK);
		if (!ret && (flags & O_CLOEXEC))
			ret = iou_sys_fcntl(&ring, fds[i], F_SETFD, FD_CLOEXEC);
	}
	return (int)ret_errno(ret);
}

EXPORT int socketpair(int domain, int type, int protocol, int sv[2])
{
	REAL(socketpair);
	if (sim_domain(domain) && on())
		return (int)ret_errno(iou_sys_socketpair(&ring, domain, type,
							 protocol, sv));
	return real_socketpair(domain, type, protocol, sv);
}

EXPORT int getpeername(int fd, struct sockaddr *a, socklen_t *n)
{
	REAL(getpeername);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_getpeername(&ring, fd, a, n));
	return real_getpeername(fd, a, n);
}

EXPORT int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	REAL(getsockopt);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_getsockopt(&ring, fd, level, name,
							 val, len));
	return real_getsockopt(fd, level, name, val, len);
}

EXPORT int eventfd(unsigned int initval, int flags)
{
	REAL(eventfd);
	if (on())
		return (int)ret_errno(iou_sys_eventfd(&ring, initval, flags));
	return real_eventfd(initval, flags);
}

EXPORT int epoll_create1(int flags)
{
	REAL(epoll_create1);
	if (on())
		return (int)ret_errno(iou_sys_epoll_create1(&ring, flags));
	return real_epoll_create1(flags);
}

EXPORT int epoll_create(int size)
{
	if (size <= 0)
		return (int)ret_errno(-EINVAL);
	return epoll_create1(0);
}

EXPORT int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	REAL(epoll_ctl);
	if (sim_fd(epfd))
		return (int)ret_errno(iou_sys_epoll_ctl(&ring, epfd, op, fd,
							ev));
	return real_epoll_ctl(epfd, op, fd, ev);
}

EXPORT int epoll_wait(int epfd, struct epoll_event *ev, int max, int timeout)
{
	REAL(epoll_wait);
	if (sim_fd(epfd))
		return (int)ret_errno(iou_sys_epoll_wait(&ring, epfd, ev, max,
							 timeout));
	return real_epoll_wait(epfd, ev, max, timeout);
}

EXPORT int epoll_pwait(int epfd, struct epoll_event *ev, int max, int timeout,
		       const sigset_t *mask)
{
	REAL(epoll_pwait);
	if (sim_fd(epfd))
		return epoll_wait(epfd, ev, max, timeout); /* no signals */
	return real_epoll_pwait(epfd, ev, max, timeout, mask);
}

/* poll: sim fds on the sim (real ones among them are polled without
 * waiting); only real fds: libc. */
EXPORT int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	struct pollfd *sim_fds;
	nfds_t nsim = 0, nreal = 0;
	int ret, ready = 0;

	REAL(poll);
	if (!on())
		return real_poll(fds, n, timeout);
	for (nfds_t i = 0; i < n; i++) {
		if (fds[i].fd >= FD_BASE)
			nsim++;
		else if (fds[i].fd >= 0)
			nreal++;
	}
	if (!nsim)
		return real_poll(fds, n, timeout);
	sim_fds = calloc(n, sizeof(*sim_fds));
	if (!sim_fds)
		return (int)ret_errno(-ENOMEM);
	for (nfds_t i = 0; i < n; i++) {
		sim_fds[i] = fds[i];
		if (fds[i].fd < FD_BASE)
			sim_fds[i].fd = -1;
	}
	if (nreal) {
		ret = real_poll(fds, n, 0);
		if (ret > 0)
			timeout = 0;
	}
	ret = iou_sys_poll(&ring, sim_fds, (unsigned)n, timeout);
	for (nfds_t i = 0; ret >= 0 && i < n; i++) {
		if (fds[i].fd >= FD_BASE)
			fds[i].revents = sim_fds[i].revents;
		else if (fds[i].fd < 0)
			fds[i].revents = 0;
		ready += fds[i].revents != 0;
	}
	free(sim_fds);
	return ret < 0 ? (int)ret_errno(ret) : ready;
}

EXPORT int __poll_chk(struct pollfd *fds, nfds_t n, int timeout, size_t len)
{
	(void)len;
	return poll(fds, n, timeout);
}

EXPORT int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	REAL(fcntl);
	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_fcntl(&ring, fd, cmd, arg));
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
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_dup(&ring, fd));
	return real_dup(fd);
}

EXPORT int fstat(int fd, struct stat *st)
{
	REAL(fstat);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_fstat(&ring, fd, st));
	return real_fstat(fd, st);
}

EXPORT int fstat64(int fd, struct stat64 *st)
{
	REAL(fstat64);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_fstat(&ring, fd,
						    (struct stat *)st));
	return real_fstat64(fd, st);
}

EXPORT off_t lseek(int fd, off_t off, int whence)
{
	REAL(lseek);
	if (sim_fd(fd))
		return (off_t)ret_errno(iou_sys_lseek(&ring, fd, off, whence));
	return real_lseek(fd, off, whence);
}

EXPORT off64_t lseek64(int fd, off64_t off, int whence)
{
	return lseek(fd, off, whence);
}

EXPORT int ftruncate(int fd, off_t len)
{
	REAL(ftruncate);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_ftruncate(&ring, fd, len));
	return real_ftruncate(fd, len);
}

EXPORT int ftruncate64(int fd, off64_t len)
{
	return ftruncate(fd, len);
}

EXPORT int fsync(int fd)
{
	REAL(fsync);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_fsync(&ring, fd));
	return real_fsync(fd);
}

EXPORT int fdatasync(int fd)
{
	REAL(fdatasync);
	if (sim_fd(fd))
		return (int)ret_errno(iou_sys_fsync(&ring, fd));
	return real_fdatasync(fd);
}

EXPORT int rename(const char *from, const char *to)
{
	REAL(rename);
	if (sim_path(from) != sim_path(to))
		return (int)ret_errno(-EXDEV); /* two worlds */
	if (sim_path(from))
		return (int)ret_errno(iou_sys_rename(&ring, from, to));
	return real_rename(from, to);
}

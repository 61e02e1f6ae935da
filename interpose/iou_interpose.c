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
 * This file starts the sim, copies files in and out, tells the sim's fds
 * and paths from the host's, refuses threads and processes, and waits out
 * blocking calls. The wrappers are by concern: open, read, write and the
 * other fd calls in iou_interpose_files.c; path calls (stat, links,
 * mkstemp...) in iou_interpose_paths.c; pipes and sockets in
 * iou_interpose_sockets.c; eventfd, epoll and poll in
 * iou_interpose_events.c; the clocks in iou_interpose_time.c; limits and
 * alarm in iou_interpose_proc.c. The calls the sim's world cannot answer
 * fail as a kernel without them would (-ENOSYS, errno ENOSYS). Every
 * wrapper sets errno as libc does. */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "iou.h"
#include "iou_sim.h"
#include "interpose.h"

#define FD_BASE IOU__IP_FD_BASE

static int state;          /* 0 not yet, 1 sim, -1 off, 2 starting */
static struct iou ring;    /* a ring of the process-wide sim for iou_sys_* */

/* ---- starting --------------------------------------------------------------- */

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

/* (interpose.h) */
int iou__ip_block(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int fl = iou_sys_fcntl(&ring, fd, F_GETFL, 0);
	int ret;

	if (fl < 0 || (fl & O_NONBLOCK))
		return -EAGAIN;
	ret = iou_sys_poll(&ring, &p, 1, -1);
	return ret < 0 ? ret : 0;
}

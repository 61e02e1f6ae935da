/* prog_proc.c — an unmodified libc program making the process calls of
 * liburing's tests (issue 10): getrlimit/setrlimit(RLIMIT_NOFILE) bounding
 * the fds it can open, alarm(2) cutting a blocking read short with EINTR,
 * gettimeofday/time/CLOCK_REALTIME advancing with the monotonic clock
 * across that wait, and openat relative to a directory fd. Linked with
 * the interposition library; run on the kernel (the wait takes a real
 * second) and with IOU_BACKEND=sim (a virtual one, the fds the sim's).
 * Prints "prog_proc: ok" and exits 0, or says what failed and exits 1. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>

#define PROG "prog_proc"
#include "prog_check.h"

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static long long ns_of(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(void)
{
	int sim = on_sim();
	struct rlimit old, rl;
	struct sigaction sa;
	struct timespec m0, m1, r0, r1;
	struct timeval tv0, tv1;
	char dir[] = "/tmp/iou-proc-XXXXXX", c;
	int fds[200], n = 0, p[2], dfd, fd;
	time_t t0;

	/* RLIMIT_NOFILE: 64 leaves the program 61 fds, less those open */
	CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0 && old.rlim_cur >= 64);
	rl.rlim_cur = 64;
	rl.rlim_max = old.rlim_max;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 64);
	while (n < 200 && (fds[n] = open("/dev/null", O_RDONLY)) >= 0)
		n++;
	CHECK(n < 200 && errno == EMFILE);
	CHECK(n >= 50 && n <= 61);
	CHECK(!sim || fds[0] >= 512);
	while (n)
		CHECK(close(fds[--n]) == 0);
	rl.rlim_cur = rl.rlim_max + 1;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == -1 && errno == EINVAL);
	CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0);

	/* RLIMIT_FSIZE: a write crossing it is cut, one past it -EFBIG, a
	 * truncate past it too (SIGXFSZ ignored, as the host sends it) */
	{
		char dirf[] = "/tmp/iou-fsize-XXXXXX", big[600];
		struct rlimit fs, lim = { 1000, 0 };

		memset(big, 'b', sizeof(big));
		CHECK(signal(SIGXFSZ, SIG_IGN) != SIG_ERR);
		CHECK(getrlimit(RLIMIT_FSIZE, &fs) == 0);
		lim.rlim_max = fs.rlim_max;
		fd = mkstemp(dirf);
		CHECK(fd >= 0 && !sim == (fd < 512));
		CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
		CHECK(write(fd, big, 600) == 600);
		CHECK(write(fd, big, 600) == 400);
		CHECK(write(fd, big, 1) == -1 && errno == EFBIG);
		CHECK(ftruncate(fd, 2000) == -1 && errno == EFBIG);
		CHECK(ftruncate(fd, 10) == 0);
		CHECK(setrlimit(RLIMIT_FSIZE, &fs) == 0);
		CHECK(ftruncate(fd, 2000) == 0);
		CHECK(close(fd) == 0 && unlink(dirf) == 0);
		CHECK(signal(SIGXFSZ, SIG_DFL) != SIG_ERR);
	}

	/* alarm(1) cuts a read nothing else ends: EINTR, a second later on
	 * both clocks */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART: the read fails EINTR */
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	CHECK(pipe(p) == 0 && (!sim || p[0] >= 512));
	CHECK(clock_gettime(CLOCK_MONOTONIC, &m0) == 0);
	CHECK(clock_gettime(CLOCK_REALTIME, &r0) == 0);
	CHECK(gettimeofday(&tv0, NULL) == 0);
	t0 = time(NULL);
	CHECK(alarm(5) == 0);
	CHECK(alarm(1) >= 4); /* what was left of the 5 */
	CHECK(read(p[0], &c, 1) == -1 && errno == EINTR && alarms == 1);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &m1) == 0);
	CHECK(clock_gettime(CLOCK_REALTIME, &r1) == 0);
	CHECK(gettimeofday(&tv1, NULL) == 0);
	CHECK(ns_of(&m1) - ns_of(&m0) >= 999000000LL);
	CHECK(ns_of(&r1) - ns_of(&r0) >= 999000000LL);
	CHECK((tv1.tv_sec - tv0.tv_sec) * 1000000 + tv1.tv_usec - tv0.tv_usec >=
	      999000);
	CHECK(time(NULL) >= t0 + 1);
	CHECK(alarm(0) == 0);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0);

	/* openat relative to a directory fd */
	CHECK(mkdtemp(dir) == dir);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0 && !sim == (dfd < 512));
	fd = openat(dfd, "f", O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0 && write(fd, "x", 1) == 1 && close(fd) == 0);
	CHECK(fstatat(dfd, "f", &(struct stat){ 0 }, 0) == 0);
	{
		char path[64];

		snprintf(path, sizeof(path), "%s/f", dir);
		CHECK(unlink(path) == 0);
	}
	CHECK(close(dfd) == 0 && rmdir(dir) == 0);
	printf("prog_proc: ok\n");
	return 0;
}

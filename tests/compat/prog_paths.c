/* prog_paths.c — an unmodified libc program making the path calls of
 * liburing's tests (issue 10): mkdtemp, mkstemp's family, stat, lstat,
 * statx (the wrapper and syscall(SYS_statx)), access, link, symlink,
 * readlink, the *at forms, posix_fadvise, and a non-blocking TCP connect.
 * Linked with the interposition library; run on the kernel and with
 * IOU_BACKEND=sim, where every one of them must reach the sim's world
 * (fds from 512, nothing made on the host's disk). Prints "prog_paths: ok"
 * and exits 0, or says what failed and exits 1. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define PROG "prog_paths"
#include "prog_check.h"

static char *join(const char *dir, const char *name)
{
	char *p;

	CHECK(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

int main(void)
{
	int sim = on_sim();
	char dir[] = "/tmp/iou-paths-XXXXXX", buf[256];
	char *f, *t, *h = NULL, *s, *d2, *h2;
	struct stat st, st2;
	struct statx x, x2;
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	struct pollfd p;
	int fd, fd2, pfd[2], l, c;
	ssize_t n;

	CHECK(mkdtemp(dir) == dir);
	CHECK(strncmp(dir, "/tmp/iou-paths-", 15) == 0 && strlen(dir) == 21 &&
	      strcmp(dir + 15, "XXXXXX") != 0);
	if (sim) /* the host's disk has no such directory */
		CHECK(syscall(SYS_newfstatat, AT_FDCWD, dir, &st, 0) == -1 &&
		      errno == ENOENT);
	f = join(dir, "fXXXXXX");
	fd = mkstemp(f);
	CHECK(fd >= 0);
	CHECK(!sim || fd >= 512);
	CHECK(write(fd, "hello", 5) == 5);
	t = join(dir, "tXXXXXX.suf");
	fd2 = mkostemps(t, 4, O_CLOEXEC);
	CHECK(fd2 >= 0 && !sim == (fd2 < 512));
	CHECK(strcmp(t + strlen(t) - 4, ".suf") == 0);
	CHECK((fcntl(fd2, F_GETFD) & FD_CLOEXEC) && close(fd2) == 0);
	snprintf(buf, sizeof(buf), "%s/noXs", dir);
	CHECK(mkstemp(buf) == -1 && errno == EINVAL);

	CHECK(stat(f, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5);
	CHECK((st.st_mode & 0777) == 0600);
	CHECK(access(f, R_OK | W_OK) == 0);
	h = join(dir, "none");
	CHECK(access(h, F_OK) == -1 && errno == ENOENT);
	CHECK(stat(h, &st2) == -1 && errno == ENOENT);
	free(h);

	h = join(dir, "hard");
	CHECK(link(f, h) == 0);
	CHECK(link(f, h) == -1 && errno == EEXIST);
	CHECK(stat(h, &st2) == 0 && st2.st_ino == st.st_ino &&
	      st2.st_nlink == 2);
	s = join(dir, "soft");
	CHECK(symlink(f, s) == 0);
	CHECK(lstat(s, &st2) == 0 && S_ISLNK(st2.st_mode));
	CHECK(stat(s, &st2) == 0 && st2.st_ino == st.st_ino);
	n = readlink(s, buf, sizeof(buf));
	CHECK(n == (ssize_t)strlen(f) && !memcmp(buf, f, (size_t)n));
	CHECK(readlink(f, buf, sizeof(buf)) == -1 && errno == EINVAL);

	CHECK(statx(AT_FDCWD, f, 0, STATX_BASIC_STATS, &x) == 0);
	CHECK(x.stx_size == 5 && x.stx_ino == st.st_ino);
	CHECK(syscall(SYS_statx, AT_FDCWD, f, 0, STATX_BASIC_STATS, &x2) == 0);
	CHECK(x2.stx_ino == x.stx_ino && x2.stx_nlink == 2);

	CHECK(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0);
	CHECK(posix_fadvise(fd, 0, 0, 1234) == EINVAL);
	CHECK(pipe(pfd) == 0);
	CHECK(posix_fadvise(pfd[0], 0, 0, POSIX_FADV_NORMAL) == ESPIPE);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0);

	d2 = join(dir, "sub");
	h2 = join(dir, "sub/moved");
	CHECK(mkdirat(AT_FDCWD, d2, 0755) == 0);
	CHECK(renameat(AT_FDCWD, h, AT_FDCWD, h2) == 0);
	CHECK(stat(h, &st2) == -1 && errno == ENOENT);
	CHECK(unlinkat(AT_FDCWD, d2, AT_REMOVEDIR) == -1 && errno == ENOTEMPTY);
	CHECK(unlinkat(AT_FDCWD, h2, 0) == 0);
	CHECK(unlinkat(AT_FDCWD, d2, AT_REMOVEDIR) == 0);
	CHECK(unlink(s) == 0 && unlink(t) == 0);
	CHECK(close(fd) == 0 && unlink(f) == 0);
	CHECK(rmdir(dir) == 0);
	free(f);
	free(t);
	free(h);
	free(s);
	free(d2);
	free(h2);

	/* the memory devices */
	fd = open("/dev/zero", O_RDONLY);
	CHECK(fd >= 0 && !sim == (fd < 512));
	memset(buf, 'x', sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == sizeof(buf) && !buf[0] && !buf[255]);
	CHECK(fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && close(fd) == 0);
	fd = open("/dev/null", O_WRONLY);
	CHECK(fd >= 0 && write(fd, buf, 10) == 10 && close(fd) == 0);

	/* a non-blocking TCP connect is in progress, then writable */
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(l >= 0 && bind(l, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK(getsockname(l, (struct sockaddr *)&a, &alen) == 0);
	CHECK(listen(l, 4) == 0);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK(c >= 0 && !sim == (c < 512));
	CHECK(connect(c, (struct sockaddr *)&a, sizeof(a)) == -1 &&
	      errno == EINPROGRESS);
	p.fd = c;
	p.events = POLLOUT;
	CHECK(poll(&p, 1, -1) == 1 && (p.revents & POLLOUT));
	CHECK(close(c) == 0 && close(l) == 0);
	printf("prog_paths: ok\n");
	return 0;
}

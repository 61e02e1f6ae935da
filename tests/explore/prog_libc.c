/* prog_libc.c — an "unmodified" program for the interposition library:
 * its fds come from plain libc calls (open, write, pipe, read, close), and
 * it hands them to io_uring through iou. Under IOU_BACKEND=sim with the
 * interposer those fds are the sim's; without it they are the kernel's.
 * "buggy" assumes a ring read is full; "fixed" reads the rest; "thread"
 * and "fork" do what the sim cannot run. It also reads a system file
 * (/proc/self/stat, which stays real), and runs the event loop's calls
 * (eventfd, epoll, poll, socketpair, send/recv, fstat, lseek, pread,
 * fcntl, dup, the monotonic clock and nanosleep).
 *
 * "block" reads an empty pipe nobody writes: a hang on the sim. "cat"
 * copies the file SRC to DST with read and write.
 *
 * usage: prog_libc buggy|fixed|thread|fork|block | prog_libc cat SRC DST */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "iou.h"

#define SIZE (2 * 4096 + 77)

static int ring_rw(struct iou *ring, int write, int fd, void *buf,
		   unsigned len, unsigned long long off)
{
	struct iou_sqe *sqe = iou_get_sqe(ring);
	struct iou_cqe *cqe;
	int ret;

	if (!sqe)
		return -EBUSY;
	if (write)
		iou_prep_write(sqe, fd, buf, len, off);
	else
		iou_prep_read(sqe, fd, buf, len, off);
	iou_sqe_set_data64(sqe, 7);
	if (iou_submit(ring) != 1)
		return -EIO;
	while ((ret = iou_wait_cqe(ring, &cqe)) == -EINTR)
		;
	if (ret)
		return ret;
	ret = cqe->res;
	iou_cqe_seen(ring, cqe);
	return ret;
}

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, "prog_libc: line %d: %s\n", __LINE__, #c); \
			return 2;                                              \
		}                                                              \
	} while (0)

/* The event loop's calls on the fds the program made. */
static int event_loop(void)
{
	struct epoll_event ev = { .events = EPOLLIN }, out[2];
	struct timespec t0, t1, nap = { 0, 5000000 };
	struct pollfd pfd;
	struct stat st;
	uint64_t v = 3;
	char buf[16];
	int efd, ep, sv[2], fd, fd2;

	efd = eventfd(0, 0);
	CHECK(efd >= 0);
	CHECK(write(efd, &v, 8) == 8);
	pfd.fd = efd;
	pfd.events = POLLIN;
	CHECK(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN));
	v = 0;
	CHECK(read(efd, &v, 8) == 8 && v == 3);
	CHECK(poll(&pfd, 1, 0) == 0);

	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	ep = epoll_create1(0);
	CHECK(ep >= 0);
	ev.data.fd = sv[1];
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev) == 0);
	CHECK(epoll_wait(ep, out, 2, 0) == 0);
	CHECK(send(sv[0], "hi", 2, 0) == 2);
	CHECK(epoll_wait(ep, out, 2, 1000) == 1 && out[0].data.fd == sv[1]);
	CHECK(recv(sv[1], buf, sizeof(buf), 0) == 2 && !memcmp(buf, "hi", 2));

	fd = open("/tmp/loop.dat", O_CREAT | O_RDWR | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK(write(fd, "abcdef", 6) == 6);
	CHECK(fstat(fd, &st) == 0 && st.st_size == 6);
	CHECK(lseek(fd, 1, SEEK_SET) == 1);
	CHECK(read(fd, buf, 2) == 2 && !memcmp(buf, "bc", 2));
	CHECK(pread(fd, buf, 3, 3) == 3 && !memcmp(buf, "def", 3));
	CHECK(lseek(fd, 0, SEEK_CUR) == 3);
	fd2 = dup(fd);
	CHECK(fd2 >= 0 && fd2 != fd);
	CHECK(fcntl(fd2, F_SETFD, FD_CLOEXEC) == 0);
	CHECK(fcntl(fd2, F_GETFD) == FD_CLOEXEC);
	CHECK(close(fd2) == 0 && close(fd) == 0 && unlink("/tmp/loop.dat") == 0);

	/* the clock: the virtual one advances by the sleep exactly */
	CHECK(clock_gettime(CLOCK_MONOTONIC, &t0) == 0);
	CHECK(nanosleep(&nap, NULL) == 0);
	CHECK(clock_gettime(CLOCK_MONOTONIC, &t1) == 0);
	CHECK((t1.tv_sec - t0.tv_sec) * 1000000000LL + t1.tv_nsec - t0.tv_nsec
	      >= 5000000);
	close(ep);
	close(sv[0]);
	close(sv[1]);
	close(efd);
	return 0;
}

static void *thread_fn(void *arg)
{
	return arg;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "buggy";
	static char data[SIZE], back[SIZE];
	char buf[64], msg[8] = "ping";
	struct timespec ts;
	struct iou ring;
	int fd, sys, p[2], ret;

	if (!strcmp(mode, "thread")) {
		pthread_t t;

		if (pthread_create(&t, NULL, thread_fn, NULL))
			return 2;
		pthread_join(t, NULL);
		return 0;
	}
	if (!strcmp(mode, "cat") && argc == 4) {
		int in = open(argv[2], O_RDONLY), out;
		ssize_t n;

		out = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || out < 0)
			return 2;
		while ((n = read(in, data, sizeof(data))) > 0)
			if (write(out, data, (size_t)n) != n)
				return 1;
		return n < 0 || close(in) || close(out) ? 1 : 0;
	}
	if (!strcmp(mode, "block")) {
		if (pipe(p))
			return 2;
		ret = (int)read(p[0], buf, sizeof(buf));
		fprintf(stderr, "prog_libc: read: %d (%s)\n", ret,
			ret < 0 ? strerror(errno) : "");
		return 3;
	}
	if (!strcmp(mode, "fork")) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		waitpid(pid, NULL, 0);
		return 0;
	}
	if (iou_queue_init(8, &ring, 0))
		return 2;
	/* a system file stays real */
	sys = open("/proc/self/stat", O_RDONLY);
	if (sys < 0 || read(sys, buf, sizeof(buf)) <= 0 || close(sys))
		return 2;
	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return 2;

	fd = open("libc.dat", O_CREAT | O_RDWR | O_TRUNC, 0644);
	if (fd < 0)
		return 2;
	for (size_t i = 0; i < SIZE; i++)
		data[i] = (char)('A' + i % 19);
	for (size_t off = 0; off < SIZE;) {
		ssize_t w = write(fd, data + off, SIZE - off);

		if (w <= 0)
			return 2;
		off += (size_t)w;
	}
	for (size_t off = 0; off < SIZE;) {
		ret = ring_rw(&ring, 0, fd, back + off, (unsigned)(SIZE - off),
			      off);
		if (ret <= 0) {
			fprintf(stderr, "prog_libc: read: %d\n", ret);
			return 1;
		}
		off += strcmp(mode, "fixed") ? SIZE - off : (size_t)ret;
	}
	if (memcmp(data, back, SIZE)) {
		fprintf(stderr, "prog_libc: the data read back differs\n");
		return 1;
	}
	if (close(fd) || unlink("libc.dat"))
		return 2;

	/* a pipe: the ring writes, libc reads */
	if (pipe(p))
		return 2;
	ret = ring_rw(&ring, 1, p[1], msg, 4, (unsigned long long)-1);
	if (ret != 4) {
		fprintf(stderr, "prog_libc: pipe write: %d\n", ret);
		return 1;
	}
	memset(buf, 0, sizeof(buf));
	if (read(p[0], buf, sizeof(buf)) != 4 || strcmp(buf, "ping"))
		return 1;
	close(p[0]);
	close(p[1]);
	iou_queue_exit(&ring);
	if (event_loop())
		return 2;
	printf("prog_libc: ok\n");
	return 0;
}

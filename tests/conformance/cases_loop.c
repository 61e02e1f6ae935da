/* cases_loop.c — conformance: the event loop's plumbing (issue 9): the
 * syscalls around the ring (socketpair, eventfd, poll, fcntl, dup, fstat,
 * lseek, ftruncate, fsync, rename, sendto/recvfrom, getpeername,
 * getsockopt, futex_wake, clock, sleep), a ring's registered eventfd and
 * its pollable fd; cases_loop_ops.c has epoll, futexes and the rest. */
#include "cases.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/un.h>

#define EFD_SEMAPHORE_ 1

/* A connected AF_UNIX stream pair; bytes go both ways; the sockets are
 * unnamed (getpeername: the family only; recvfrom: no name). */
void case_sys_socketpair_stream(struct fx *fx)
{
	struct sockaddr_un a;
	socklen_t alen = sizeof(a);
	char buf[8];
	int sv[2];

	assert_int_equal(iou_sys_socketpair(&fx->ring, AF_UNIX, SOCK_STREAM, 0,
					    sv), 0);
	fx_track(fx, sv[0]);
	fx_track(fx, sv[1]);
	assert_int_equal(iou_sys_write(&fx->ring, sv[0], "ping", 4), 4);
	assert_true(fx_wait_fd(fx, sv[1], POLLIN) & POLLIN);
	assert_int_equal(iou_sys_read(&fx->ring, sv[1], buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "ping", 4);
	assert_int_equal(iou_sys_sendto(&fx->ring, sv[1], "pong!", 5,
					MSG_NOSIGNAL, NULL, 0), 5);
	assert_true(fx_wait_fd(fx, sv[0], POLLIN) & POLLIN);
	memset(&a, 0x55, sizeof(a));
	assert_int_equal(iou_sys_recvfrom(&fx->ring, sv[0], buf, sizeof(buf),
					  0, (struct sockaddr *)&a, &alen), 5);
	assert_memory_equal(buf, "pong!", 5);
	assert_int_equal(alen, 0); /* an unnamed sender: no name */
	alen = sizeof(a);
	assert_int_equal(iou_sys_getpeername(&fx->ring, sv[0],
					     (struct sockaddr *)&a, &alen), 0);
	assert_int_equal(alen, sizeof(sa_family_t));
	assert_int_equal(a.sun_family, AF_UNIX);
	/* an address on a connected unix stream: -EISCONN */
	assert_int_equal(iou_sys_sendto(&fx->ring, sv[0], "x", 1, 0,
					(struct sockaddr *)&a, alen), -EISCONN);
	/* the peer closes: end of stream */
	fx_close(fx, sv[1]);
	assert_true(fx_wait_fd(fx, sv[0], POLLIN) & POLLIN);
	assert_int_equal(iou_sys_recvfrom(&fx->ring, sv[0], buf, sizeof(buf),
					  0, NULL, NULL), 0);
}

/* socketpair's errors: flags, families without pairs, protocols. */
void case_sys_socketpair_errors(struct fx *fx)
{
	int sv[2] = { -1, -1 };

	assert_int_equal(iou_sys_socketpair(&fx->ring, AF_UNIX,
					    SOCK_STREAM | 0x40000000, 0, sv),
			 -EINVAL);
	assert_int_equal(iou_sys_socketpair(&fx->ring, AF_INET, SOCK_STREAM, 0,
					    sv), -EOPNOTSUPP);
	assert_int_equal(iou_sys_socketpair(&fx->ring, AF_UNIX, SOCK_STREAM, 6,
					    sv), -EPROTONOSUPPORT);
	assert_int_equal(iou_sys_socketpair(&fx->ring, AF_UNIX, SOCK_STREAM, 0,
					    NULL), -EFAULT);
}

/* eventfd: the count is read whole (or 1 at a time with EFD_SEMAPHORE),
 * 8 bytes exactly, readable while not 0. */
void case_sys_eventfd_counter(struct fx *fx)
{
	uint64_t v = 0;
	char small[4];
	struct pollfd p;
	int e, s;

	e = iou_sys_eventfd(&fx->ring, 3, O_NONBLOCK);
	assert_true(e >= 0);
	fx_track(fx, e);
	assert_int_equal(iou_sys_read(&fx->ring, e, &v, sizeof(v)), 8);
	assert_int_equal(v, 3);
	assert_int_equal(iou_sys_read(&fx->ring, e, &v, sizeof(v)), -EAGAIN);
	p.fd = e;
	p.events = POLLIN | POLLOUT;
	assert_int_equal(iou_sys_poll(&fx->ring, &p, 1, 0), 1);
	assert_int_equal(p.revents, POLLOUT);
	v = 2;
	assert_int_equal(iou_sys_write(&fx->ring, e, &v, sizeof(v)), 8);
	assert_int_equal(iou_sys_write(&fx->ring, e, &v, sizeof(v)), 8);
	assert_int_equal(iou_sys_poll(&fx->ring, &p, 1, 0), 1);
	assert_int_equal(p.revents, POLLIN | POLLOUT);
	assert_int_equal(iou_sys_read(&fx->ring, e, small, sizeof(small)),
			 -EINVAL);
	assert_int_equal(iou_sys_write(&fx->ring, e, small, sizeof(small)),
			 -EINVAL);
	v = UINT64_MAX;
	assert_int_equal(iou_sys_write(&fx->ring, e, &v, sizeof(v)), -EINVAL);
	assert_int_equal(iou_sys_read(&fx->ring, e, &v, sizeof(v)), 8);
	assert_int_equal(v, 4);

	s = iou_sys_eventfd(&fx->ring, 2, EFD_SEMAPHORE_ | O_NONBLOCK);
	assert_true(s >= 0);
	fx_track(fx, s);
	assert_int_equal(iou_sys_read(&fx->ring, s, &v, sizeof(v)), 8);
	assert_int_equal(v, 1);
	assert_int_equal(iou_sys_read(&fx->ring, s, &v, sizeof(v)), 8);
	assert_int_equal(v, 1);
	assert_int_equal(iou_sys_read(&fx->ring, s, &v, sizeof(v)), -EAGAIN);
	assert_int_equal(iou_sys_eventfd(&fx->ring, 0, 0x100), -EINVAL);
}

/* poll: a timeout of 0 looks once; a pipe becomes readable; a bad fd
 * reports POLLNVAL; a negative fd is skipped; a timed poll runs out. */
void case_sys_poll_pipe(struct fx *fx)
{
	struct pollfd p[3];
	int fds[2];

	fx_pipe(fx, fds);
	memset(p, 0, sizeof(p));
	p[0].fd = fds[0];
	p[0].events = POLLIN;
	p[1].fd = -1;
	p[1].events = POLLIN;
	assert_int_equal(iou_sys_poll(&fx->ring, p, 2, 0), 0);
	assert_int_equal(iou_sys_poll(&fx->ring, p, 2, 5), 0);
	fx_write_all(fx, fds[1], "x", 1);
	assert_int_equal(iou_sys_poll(&fx->ring, p, 2, -1), 1);
	assert_int_equal(p[0].revents, POLLIN);
	assert_int_equal(p[1].revents, 0);
	p[2].fd = 1000;
	p[2].events = POLLIN;
	assert_int_equal(iou_sys_poll(&fx->ring, p, 3, 0), 2);
	assert_int_equal(p[2].revents, POLLNVAL);
	/* the writer gone: the reader sees POLLHUP (with the byte left) */
	fx_close(fx, fds[1]);
	assert_int_equal(iou_sys_poll(&fx->ring, p, 1, 0), 1);
	assert_true(p[0].revents & POLLHUP);
	assert_int_equal(iou_sys_poll(&fx->ring, NULL, 1, 0), -EFAULT);
}

/* fcntl: O_NONBLOCK by F_SETFL, FD_CLOEXEC by F_SETFD, F_DUPFD_CLOEXEC. */
void case_sys_fcntl_flags(struct fx *fx)
{
	char c;
	int fds[2], d, fl;

	fx_pipe(fx, fds);
	fl = iou_sys_fcntl(&fx->ring, fds[0], F_GETFL, 0);
	assert_true(fl >= 0);
	assert_int_equal(fl & (O_ACCMODE | O_NONBLOCK), O_RDONLY);
	assert_int_equal(iou_sys_fcntl(&fx->ring, fds[0], F_SETFL,
				       fl | O_NONBLOCK), 0);
	fl = iou_sys_fcntl(&fx->ring, fds[0], F_GETFL, 0);
	assert_int_equal(fl & (O_ACCMODE | O_NONBLOCK), O_RDONLY | O_NONBLOCK);
	assert_int_equal(iou_sys_read(&fx->ring, fds[0], &c, 1), -EAGAIN);
	assert_int_equal(iou_sys_fcntl(&fx->ring, fds[1], F_GETFL, 0) &
			 O_ACCMODE, O_WRONLY);
	assert_int_equal(iou_sys_fcntl(&fx->ring, fds[0], F_GETFD, 0), 0);
	assert_int_equal(iou_sys_fcntl(&fx->ring, fds[0], F_SETFD,
				       FD_CLOEXEC), 0);
	assert_int_equal(iou_sys_fcntl(&fx->ring, fds[0], F_GETFD, 0),
			 FD_CLOEXEC);
	d = iou_sys_fcntl(&fx->ring, fds[1], F_DUPFD_CLOEXEC, 40);
	assert_true(d >= 40);
	fx_track(fx, d);
	assert_int_equal(iou_sys_fcntl(&fx->ring, d, F_GETFD, 0), FD_CLOEXEC);
	/* the dup writes into the same pipe */
	fx_write_all(fx, d, "y", 1);
	assert_int_equal(iou_sys_read(&fx->ring, fds[0], &c, 1), 1);
	assert_int_equal(c, 'y');
	assert_int_equal(iou_sys_fcntl(&fx->ring, 1000, F_GETFL, 0), -EBADF);
	assert_int_equal(iou_sys_fcntl(&fx->ring, fds[0], F_DUPFD, -1),
			 -EINVAL);
}

/* dup shares the open file: one offset for both fds. */
void case_sys_dup_shares_offset(struct fx *fx)
{
	char buf[8];
	int fd, d;

	fx_file(fx, "dup", "hello", 5);
	fd = fx_open(fx, "dup", O_RDWR);
	d = iou_sys_dup(&fx->ring, fd);
	assert_true(d >= 0 && d != fd);
	fx_track(fx, d);
	assert_int_equal(iou_sys_read(&fx->ring, fd, buf, 2), 2);
	assert_int_equal(iou_sys_read(&fx->ring, d, buf, 3), 3);
	assert_memory_equal(buf, "llo", 3);
	assert_int_equal(iou_sys_lseek(&fx->ring, d, 0, SEEK_CUR), 5);
	assert_int_equal(iou_sys_fcntl(&fx->ring, d, F_GETFD, 0), 0);
	assert_int_equal(iou_sys_dup(&fx->ring, 1000), -EBADF);
}

/* fstat: the type and size of files, pipes and sockets. */
void case_sys_fstat_kinds(struct fx *fx)
{
	struct stat st;
	int fd, fds[2], sv[2];

	fx_file(fx, "st", "hello", 5);
	fd = fx_open(fx, "st", O_RDONLY);
	assert_int_equal(iou_sys_fstat(&fx->ring, fd, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 5);
	assert_true(st.st_nlink >= 1);
	fx_pipe(fx, fds);
	assert_int_equal(iou_sys_fstat(&fx->ring, fds[0], &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(iou_sys_socketpair(&fx->ring, AF_UNIX, SOCK_STREAM, 0,
					    sv), 0);
	fx_track(fx, sv[0]);
	fx_track(fx, sv[1]);
	assert_int_equal(iou_sys_fstat(&fx->ring, sv[0], &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(iou_sys_fstat(&fx->ring, 1000, &st), -EBADF);
	assert_int_equal(iou_sys_fstat(&fx->ring, fd, NULL), -EFAULT);
}

/* lseek: SET, CUR, END, DATA, HOLE; no seeking on pipes. */
void case_sys_lseek_whence(struct fx *fx)
{
	int fd, fds[2];

	fx_file(fx, "seek", "0123456789", 10);
	fd = fx_open(fx, "seek", O_RDONLY);
	assert_int_equal(iou_sys_lseek(&fx->ring, fd, 4, SEEK_SET), 4);
	assert_int_equal(iou_sys_lseek(&fx->ring, fd, 2, SEEK_CUR), 6);
	assert_int_equal(iou_sys_lseek(&fx->ring, fd, -3, SEEK_END), 7);
	assert_int_equal(iou_sys_lseek(&fx->ring, fd, 20, SEEK_END), 30);
	assert_int_equal(iou_sys_lseek(&fx->ring, fd, -1, SEEK_SET), -EINVAL);
	assert_int_equal(iou_sys_lseek(&fx->ring, fd, 0, 99), -EINVAL);
	assert_int_equal(iou_sys_lseek(&fx->ring, fd, 2, SEEK_DATA), 2);
	assert_int_equal(iou_sys_lseek(&fx->ring, fd, 2, SEEK_HOLE), 10);
	assert_int_equal(iou_sys_lseek(&fx->ring, fd, 10, SEEK_DATA), -ENXIO);
	fx_pipe(fx, fds);
	assert_int_equal(iou_sys_lseek(&fx->ring, fds[0], 0, SEEK_CUR),
			 -ESPIPE);
	assert_int_equal(iou_sys_lseek(&fx->ring, 1000, 0, SEEK_SET), -EBADF);
}

/* ftruncate shrinks and extends (zeros); fsync on files; renames. */
void case_sys_ftruncate_fsync_rename(struct fx *fx)
{
	char buf[8];
	struct stat st;
	int fd, ro, fds[2];

	fx_file(fx, "tr", "abcdef", 6);
	fd = fx_open(fx, "tr", O_RDWR);
	assert_int_equal(iou_sys_ftruncate(&fx->ring, fd, 2), 0);
	assert_int_equal(iou_sys_ftruncate(&fx->ring, fd, 4), 0);
	assert_int_equal(iou_sys_fstat(&fx->ring, fd, &st), 0);
	assert_int_equal(st.st_size, 4);
	assert_int_equal(iou_sys_read(&fx->ring, fd, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "ab\0\0", 4);
	assert_int_equal(iou_sys_ftruncate(&fx->ring, fd, -1), -EINVAL);
	ro = fx_open(fx, "tr", O_RDONLY);
	assert_int_equal(iou_sys_ftruncate(&fx->ring, ro, 1), -EINVAL);
	assert_int_equal(iou_sys_fsync(&fx->ring, fd), 0);
	fx_pipe(fx, fds);
	assert_int_equal(iou_sys_ftruncate(&fx->ring, fds[1], 0), -EINVAL);
	assert_int_equal(iou_sys_fsync(&fx->ring, fds[1]), -EINVAL);
	assert_int_equal(iou_sys_fsync(&fx->ring, 1000), -EBADF);
	assert_int_equal(iou_sys_rename(&fx->ring, fx_path(fx, "tr"),
					fx_path(fx, "tr2")), 0);
	assert_int_equal(iou_sys_rename(&fx->ring, fx_path(fx, "tr"),
					fx_path(fx, "tr3")), -ENOENT);
	assert_int_equal(iou_sys_unlink(&fx->ring, fx_path(fx, "tr2")), 0);
}

/* sendto/recvfrom on TCP: no address comes back; getsockopt's basics. */
void case_sys_tcp_sendto_getsockopt(struct fx *fx)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a), olen;
	struct fx_tcp t;
	char buf[8];
	int v, fds[2];

	fx_tcp_pair(fx, &t);
	assert_int_equal(iou_sys_sendto(&fx->ring, t.client, "abc", 3,
					MSG_NOSIGNAL, NULL, 0), 3);
	assert_true(fx_wait_fd(fx, t.server, POLLIN) & POLLIN);
	assert_int_equal(iou_sys_recvfrom(&fx->ring, t.server, buf, 1,
					  MSG_PEEK, NULL, NULL), 1);
	assert_int_equal(iou_sys_recvfrom(&fx->ring, t.server, buf,
					  sizeof(buf), 0,
					  (struct sockaddr *)&a, &alen), 3);
	assert_memory_equal(buf, "abc", 3);
	assert_int_equal(alen, 0);
	alen = sizeof(a);
	assert_int_equal(iou_sys_getpeername(&fx->ring, t.client,
					     (struct sockaddr *)&a, &alen), 0);
	assert_int_equal(a.sin_port, t.addr.sin_port);
	olen = sizeof(v);
	assert_int_equal(iou_sys_getsockopt(&fx->ring, t.client, SOL_SOCKET,
					    SO_TYPE, &v, &olen), 0);
	assert_int_equal(v, SOCK_STREAM);
	assert_int_equal(olen, sizeof(v));
	assert_int_equal(iou_sys_getsockopt(&fx->ring, t.client, SOL_SOCKET,
					    SO_ERROR, &v, &olen), 0);
	assert_int_equal(v, 0);
	assert_int_equal(iou_sys_getsockopt(&fx->ring, t.listener, SOL_SOCKET,
					    SO_ACCEPTCONN, &v, &olen), 0);
	assert_int_equal(v, 1);
	assert_int_equal(iou_sys_getsockopt(&fx->ring, t.client, SOL_SOCKET,
					    SO_DOMAIN, &v, NULL), -EFAULT);
	fx_pipe(fx, fds);
	assert_int_equal(iou_sys_getsockopt(&fx->ring, fds[0], SOL_SOCKET,
					    SO_TYPE, &v, &olen), -ENOTSOCK);
	assert_int_equal(iou_sys_getpeername(&fx->ring, t.listener,
					     (struct sockaddr *)&a, &alen),
			 -ENOTCONN);
}

/* The monotonic clock moves on by at least a sleep's length; futex_wake
 * with no waiter wakes no one. */
void case_sys_clock_sleep_futex(struct fx *fx)
{
	uint32_t word[2] = { 0, 0 };
	int64_t t0 = iou_sys_clock_ns(&fx->ring), t1;

	assert_true(t0 >= 0);
	assert_int_equal(iou_sys_sleep_ns(&fx->ring, 2000000), 0);
	t1 = iou_sys_clock_ns(&fx->ring);
	assert_true(t1 - t0 >= 2000000);
	assert_int_equal(iou_sys_sleep_ns(&fx->ring, 0), 0);
	assert_int_equal(iou_sys_sleep_ns(&fx->ring, -1), -EINVAL);
	assert_int_equal(iou_sys_futex_wake(&fx->ring, &word[0], 1), 0);
	assert_int_equal(iou_sys_futex_wake(&fx->ring,
				(uint32_t *)(void *)((char *)word + 1), 1),
			 -EINVAL);
}

/* ---- eventfds and the ring ---------------------------------------------------- */

static uint64_t evfd_take(struct fx *fx, int e)
{
	uint64_t v = 0;
	ssize_t r = iou_sys_read(&fx->ring, e, &v, sizeof(v));

	if (r == -EAGAIN)
		return 0;
	assert_int_equal(r, 8);
	return v;
}

/* A ring READ of an empty eventfd waits for a write; WRITE adds. */
void case_ring_read_eventfd_waits(struct fx *fx)
{
	uint64_t got = 0, add = 5;
	struct iou_sqe *sqe;
	struct iou_cqe c;
	int e = fx_track(fx, iou_sys_eventfd(&fx->ring, 0, 0));

	sqe = fx_sqe(fx);
	iou_prep_read(sqe, e, &got, sizeof(got), 0);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	assert_int_equal(iou_sys_write(&fx->ring, e, &add, sizeof(add)), 8);
	fx_reap(fx, &c, 1);
	assert_int_equal(c.user_data, 1);
	assert_int_equal(c.res, 8);
	assert_int_equal(got, 5);
	sqe = fx_sqe(fx);
	add = 7;
	iou_prep_write(sqe, e, &add, sizeof(add), 0);
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 1, &c, 1);
	assert_int_equal(c.res, 8);
	sqe = fx_sqe(fx);
	iou_prep_read(sqe, e, &got, 4, 0);
	iou_sqe_set_data64(sqe, 3);
	fx_submit_wait(fx, 1, &c, 1);
	assert_int_equal(c.res, -EINVAL);
	assert_int_equal(evfd_take(fx, e), 7);
}

/* POLL_ADD on an eventfd completes with POLLIN once it counts. */
void case_ring_poll_add_eventfd(struct fx *fx)
{
	uint64_t one = 1;
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe c;
	int e = fx_track(fx, iou_sys_eventfd(&fx->ring, 0, O_NONBLOCK));

	iou_prep_poll_add(sqe, e, POLLIN);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	assert_int_equal(iou_sys_write(&fx->ring, e, &one, sizeof(one)), 8);
	fx_reap(fx, &c, 1);
	assert_true(c.res & POLLIN);
}

/* A registered eventfd counts posted CQEs: at least one signal for a
 * batch, at most one per CQE. Unregistered, it counts nothing more. */
void case_register_eventfd_counts(struct fx *fx)
{
	struct iou_cqe c[4];
	uint64_t n;
	int e = fx_track(fx, iou_sys_eventfd(&fx->ring, 0, O_NONBLOCK));

	assert_int_equal(iou_register_eventfd(&fx->ring, e), 0);
	assert_int_equal(iou_register_eventfd(&fx->ring, e), -EBUSY);
	for (int i = 0; i < 4; i++) {
		struct iou_sqe *sqe = fx_sqe(fx);

		iou_prep_nop(sqe);
		iou_sqe_set_data64(sqe, (uint64_t)i + 1);
	}
	fx_submit_wait(fx, 4, c, 4);
	n = evfd_take(fx, e);
	fx_note(fx, "4 NOPs counted %llu", (unsigned long long)n);
	assert_true(n >= 1 && n <= 4);
	assert_int_equal(iou_unregister_eventfd(&fx->ring), 0);
	assert_int_equal(iou_unregister_eventfd(&fx->ring), -ENXIO);
	iou_prep_nop(fx_sqe(fx));
	fx_submit_wait(fx, 1, c, 1);
	assert_int_equal(evfd_take(fx, e), 0);
}

/* Registering a pipe: -EINVAL; a bad fd: -EBADF. */
void case_register_eventfd_errors(struct fx *fx)
{
	int p[2];

	fx_pipe(fx, p);
	assert_int_equal(iou_register_eventfd(&fx->ring, p[0]), -EINVAL);
	assert_int_equal(iou_register_eventfd(&fx->ring, 1000), -EBADF);
	assert_int_equal(iou_unregister_eventfd(&fx->ring), -ENXIO);
}

/* The program that waits on its ring's eventfd (poll) to learn that a
 * timer's CQE posted: it wakes, the count is at least 1. */
void case_register_eventfd_wakes_poller(struct fx *fx)
{
	struct iou_timespec ts = fx_ms(10);
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe c;
	int e = fx_track(fx, iou_sys_eventfd(&fx->ring, 0, O_NONBLOCK));

	assert_int_equal(iou_register_eventfd(&fx->ring, e), 0);
	iou_prep_timeout(sqe, &ts, 0, 0);
	iou_sqe_set_data64(sqe, 9);
	fx_submit(fx, 1);
	assert_true(fx_wait_fd(fx, e, POLLIN) & POLLIN);
	assert_true(evfd_take(fx, e) >= 1);
	fx_reap(fx, &c, 1);
	assert_int_equal(c.res, -ETIME);
}

/* The async form never signals for a NOP that completed inline; a
 * kernel may punt it (none does), then it may. */
void case_register_eventfd_async_nop(struct fx *fx)
{
	struct iou_cqe c;
	uint64_t n;
	int e = fx_track(fx, iou_sys_eventfd(&fx->ring, 0, O_NONBLOCK));

	assert_int_equal(iou_register_eventfd_async(&fx->ring, e), 0);
	iou_prep_nop(fx_sqe(fx));
	fx_submit_wait(fx, 1, &c, 1);
	n = evfd_take(fx, e);
	fx_note(fx, "async eventfd after a NOP: %llu", (unsigned long long)n);
	assert_true(n <= 1);
}

/* The async form signals for a request punted to io-wq (IOSQE_ASYNC,
 * 5.6), measured on 6.18. */
void case_register_eventfd_async_punted(struct fx *fx)
{
	struct iou_sqe *sqe;
	struct iou_cqe c;
	int e = fx_track(fx, iou_sys_eventfd(&fx->ring, 0, O_NONBLOCK));

	assert_int_equal(iou_register_eventfd_async(&fx->ring, e), 0);
	sqe = fx_sqe(fx);
	iou_prep_nop(sqe);
	iou_sqe_set_flags(sqe, IOU_SQE_ASYNC);
	fx_submit_wait(fx, 1, &c, 1);
	assert_int_equal(c.res, 0);
	assert_int_equal(evfd_take(fx, e), 1);
}

/* IOU_CQ_EVENTFD_DISABLED (5.8) holds the signals back. */
void case_register_eventfd_disabled(struct fx *fx)
{
	struct iou_cqe c;
	int e = fx_track(fx, iou_sys_eventfd(&fx->ring, 0, O_NONBLOCK));

	assert_int_equal(iou_register_eventfd(&fx->ring, e), 0);
	assert_int_equal(iou_cq_eventfd_toggle(&fx->ring, 0), 0);
	assert_false(iou_cq_eventfd_enabled(&fx->ring));
	iou_prep_nop(fx_sqe(fx));
	fx_submit_wait(fx, 1, &c, 1);
	assert_int_equal(evfd_take(fx, e), 0);
	assert_int_equal(iou_cq_eventfd_toggle(&fx->ring, 1), 0);
	iou_prep_nop(fx_sqe(fx));
	fx_submit_wait(fx, 1, &c, 1);
	assert_int_equal(evfd_take(fx, e), 1);
}

/* ---- a ring's fd is pollable ---------------------------------------------------- */

/* POLLIN while the CQ holds a CQE; POLLOUT while the SQ has room. */
void case_poll_ring_fd(struct fx *fx)
{
	struct pollfd p = { .fd = iou_ring_fd(&fx->ring), .events = POLLIN };
	struct iou_cqe c;

	assert_int_equal(iou_sys_poll(&fx->ring, &p, 1, 0), 0);
	p.events = POLLIN | POLLOUT;
	assert_int_equal(iou_sys_poll(&fx->ring, &p, 1, 0), 1);
	assert_int_equal(p.revents, POLLOUT);
	iou_prep_nop(fx_sqe(fx));
	fx_submit(fx, 1);
	p.events = POLLIN;
	assert_int_equal(iou_sys_poll(&fx->ring, &p, 1, -1), 1);
	assert_int_equal(p.revents, POLLIN);
	fx_reap(fx, &c, 1);
	assert_int_equal(iou_sys_poll(&fx->ring, &p, 1, 0), 0);
}

/* A multishot POLL_ADD on a ring's own fd is one-shot (6.2, in 6.1.y):
 * its CQE has no F_MORE, or it would wake itself for ever. */
void case_poll_ring_fd_multishot_oneshot(struct fx *fx)
{
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	int i;

	sqe = fx_sqe(fx);
	iou_prep_poll_multishot(sqe, iou_ring_fd(&fx->ring), POLLIN);
	iou_sqe_set_data64(sqe, 1);
	sqe = fx_sqe(fx);
	iou_prep_nop(sqe);
	iou_sqe_set_data64(sqe, 2);
	fx_submit(fx, 2);
	fx_reap(fx, c, 2);
	i = c[0].user_data == 1 ? 0 : 1;
	assert_int_equal(c[i].user_data, 1);
	assert_int_equal(c[i].res, POLLIN);
	assert_int_equal(c[i].flags & IOU_CQE_F_MORE, 0);
	assert_int_equal(c[1 - i].user_data, 2);
	/* nothing more: the poll ended */
	iou_prep_nop(fx_sqe(fx));
	fx_submit(fx, 1);
	fx_reap(fx, c, 1);
	assert_int_equal(c[0].user_data, 0);
	assert_int_equal(iou_peek_cqe(&fx->ring, &(struct iou_cqe *){ NULL }),
			 -EAGAIN);
}

/* POLL_ADD on another ring's fd completes when that ring posts; two
 * rings each polling the other both complete. */
void case_poll_add_ring_fds_each_other(struct fx *fx)
{
	struct iou *r2 = fx_ring2(fx, 8);
	struct iou_cqe c[2], c2;
	struct iou_sqe *sqe;

	sqe = iou_get_sqe(r2);
	assert_non_null(sqe);
	iou_prep_poll_add(sqe, iou_ring_fd(&fx->ring), POLLIN);
	iou_sqe_set_data64(sqe, 21);
	assert_int_equal(iou_submit(r2), 1);
	sqe = fx_sqe(fx);
	iou_prep_poll_add(sqe, iou_ring_fd(r2), POLLIN);
	iou_sqe_set_data64(sqe, 11);
	fx_submit(fx, 1);
	sqe = fx_sqe(fx);
	iou_prep_nop(sqe);
	iou_sqe_set_data64(sqe, 12);
	fx_submit(fx, 1);
	fx_reap_on(fx, r2, &c2, 1);
	assert_int_equal(c2.user_data, 21);
	assert_true(c2.res & POLLIN);
	fx_reap(fx, c, 2);
	assert_non_null(fx_find(c, 2, 12));
	assert_non_null(fx_find(c, 2, 11));
	assert_true(fx_find(c, 2, 11)->res & POLLIN);
}

/* NULL where the kernel reads or writes: -EFAULT, never a crash. */
void case_sys_null_pointers_efault(struct fx *fx)
{
	socklen_t n = 16;
	int sv[2], ep;
	struct epoll_event e = { .events = EPOLLIN };

	assert_int_equal(iou_sys_socketpair(&fx->ring, AF_UNIX, SOCK_STREAM, 0,
					    sv), 0);
	fx_track(fx, sv[0]);
	fx_track(fx, sv[1]);
	assert_int_equal(iou_sys_write(&fx->ring, sv[0], "abc", 3), 3);
	assert_true(fx_wait_fd(fx, sv[1], POLLIN) & POLLIN);
	assert_int_equal(iou_sys_recvfrom(&fx->ring, sv[1], NULL, 3, 0, NULL,
					  NULL), -EFAULT);
	assert_int_equal(iou_sys_sendto(&fx->ring, sv[0], NULL, 3, 0, NULL, 0),
			 -EFAULT);
	assert_int_equal(iou_sys_getpeername(&fx->ring, sv[0], NULL, NULL),
			 -EFAULT);
	assert_int_equal(iou_sys_getpeername(&fx->ring, sv[0], NULL, &n),
			 -EFAULT);
	assert_int_equal(iou_sys_rename(&fx->ring, NULL, fx_path(fx, "x")),
			 -EFAULT);
	ep = fx_track(fx, iou_sys_epoll_create1(&fx->ring, 0));
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_ADD, sv[1],
					   &e), 0);
	assert_int_equal(iou_sys_epoll_wait(&fx->ring, ep, NULL, 1, 0),
			 -EFAULT);
}

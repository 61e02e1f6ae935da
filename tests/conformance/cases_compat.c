/* cases_compat.c — conformance: the plain syscalls that unmodified
 * liburing programs make around their rings (issue 10: liburing's own
 * tests on the sim), where the sim's answer was found to differ. */
#include "cases.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

static int so_error(struct fx *fx, int fd)
{
	int e = -1;
	socklen_t n = sizeof(e);

	assert_int_equal(iou_sys_getsockopt(&fx->ring, fd, SOL_SOCKET,
					    SO_ERROR, &e, &n), 0);
	return e;
}

/* A non-blocking TCP connect on loopback returns -EINPROGRESS, also when
 * a listener is there (the handshake ends after the call); the socket then
 * turns writable with no error and the listener has the connection. Nobody listening: -EINPROGRESS too, then
 * SO_ERROR is ECONNREFUSED. (6.18; liburing's accept and socket-rw tests
 * assert the -EINPROGRESS.) */
void case_sys_connect_nonblocking_inprogress(struct fx *fx)
{
	struct sockaddr_in a;
	int l = fx_listener(fx, &a), c, s;

	c = fx_track(fx, iou_sys_socket(&fx->ring, AF_INET,
					SOCK_STREAM | SOCK_NONBLOCK, 0));
	assert_int_equal(iou_sys_connect(&fx->ring, c, (struct sockaddr *)&a,
					 sizeof(a)), -EINPROGRESS);
	assert_true(fx_wait_fd(fx, c, POLLOUT) & POLLOUT);
	assert_int_equal(so_error(fx, c), 0);
	assert_true(fx_wait_fd(fx, l, POLLIN) & POLLIN);
	s = iou_sys_accept(&fx->ring, l, NULL, NULL, 0);
	assert_true(s >= 0);
	fx_track(fx, s);
	fx_write_all(fx, c, "hi", 2);
	{
		char b[2];

		assert_true(fx_wait_fd(fx, s, POLLIN) & POLLIN);
		assert_int_equal(iou_sys_read(&fx->ring, s, b, 2), 2);
		assert_memory_equal(b, "hi", 2);
	}

	fx_close(fx, l); /* nobody listens on the port now */
	c = fx_track(fx, iou_sys_socket(&fx->ring, AF_INET,
					SOCK_STREAM | SOCK_NONBLOCK, 0));
	assert_int_equal(iou_sys_connect(&fx->ring, c, (struct sockaddr *)&a,
					 sizeof(a)), -EINPROGRESS);
	assert_true(fx_wait_fd(fx, c, POLLOUT) & (POLLERR | POLLHUP));
	assert_int_equal(so_error(fx, c), ECONNREFUSED);
	assert_int_equal(so_error(fx, c), 0); /* reported once */
}

/* statx, linkat, symlinkat, readlinkat on paths: a hard link shares the
 * inode (nlink 2); a symlink reads back its target (truncated to the
 * buffer, no NUL), stats as S_IFLNK without following and as the file
 * with; readlink of a non-link is -EINVAL, of nothing -ENOENT, with a
 * zero size -EINVAL. */
void case_sys_path_calls(struct fx *fx)
{
	struct statx a, b;
	char f[FX_PATH_MAX], l[FX_PATH_MAX], s[FX_PATH_MAX], buf[FX_PATH_MAX];
	ssize_t n;

	snprintf(f, sizeof(f), "%s", fx_file(fx, "f", "12345", 5));
	snprintf(l, sizeof(l), "%s", fx_path(fx, "hard"));
	snprintf(s, sizeof(s), "%s", fx_path(fx, "soft"));
	assert_int_equal(iou_sys_statx(&fx->ring, AT_FDCWD, f, 0,
				       STATX_BASIC_STATS, &a), 0);
	assert_true(S_ISREG(a.stx_mode));
	assert_int_equal(a.stx_size, 5);
	assert_int_equal(a.stx_nlink, 1);
	assert_int_equal(iou_sys_linkat(&fx->ring, AT_FDCWD, f, AT_FDCWD, l, 0),
			 0);
	assert_int_equal(iou_sys_linkat(&fx->ring, AT_FDCWD, f, AT_FDCWD, l, 0),
			 -EEXIST);
	assert_int_equal(iou_sys_statx(&fx->ring, AT_FDCWD, l, 0,
				       STATX_BASIC_STATS, &b), 0);
	assert_int_equal(b.stx_ino, a.stx_ino);
	assert_int_equal(b.stx_nlink, 2);
	assert_int_equal(iou_sys_symlinkat(&fx->ring, f, AT_FDCWD, s), 0);
	assert_int_equal(iou_sys_statx(&fx->ring, AT_FDCWD, s,
				       AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS,
				       &b), 0);
	assert_true(S_ISLNK(b.stx_mode));
	assert_int_equal(b.stx_size, strlen(f));
	assert_int_equal(iou_sys_statx(&fx->ring, AT_FDCWD, s, 0,
				       STATX_BASIC_STATS, &b), 0);
	assert_int_equal(b.stx_ino, a.stx_ino);
	memset(buf, 'x', sizeof(buf));
	n = iou_sys_readlinkat(&fx->ring, AT_FDCWD, s, buf, sizeof(buf));
	assert_int_equal(n, strlen(f));
	assert_memory_equal(buf, f, (size_t)n);
	assert_int_equal(buf[n], 'x');
	assert_int_equal(iou_sys_readlinkat(&fx->ring, AT_FDCWD, s, buf, 3), 3);
	assert_int_equal(iou_sys_readlinkat(&fx->ring, AT_FDCWD, s, buf, 0),
			 -EINVAL);
	assert_int_equal(iou_sys_readlinkat(&fx->ring, AT_FDCWD, f, buf,
					    sizeof(buf)), -EINVAL);
	assert_int_equal(iou_sys_readlinkat(&fx->ring, AT_FDCWD,
					    fx_path(fx, "none"), buf,
					    sizeof(buf)), -ENOENT);
	assert_int_equal(iou_sys_statx(&fx->ring, AT_FDCWD, fx_path(fx, "none"),
				       0, STATX_BASIC_STATS, &b), -ENOENT);
	assert_int_equal(iou_sys_unlink(&fx->ring, s), 0);
	assert_int_equal(iou_sys_unlink(&fx->ring, l), 0);
	assert_int_equal(iou_sys_statx(&fx->ring, AT_FDCWD, f, 0,
				       STATX_BASIC_STATS, &a), 0);
	assert_int_equal(a.stx_nlink, 1);
}

/* posix_fadvise's syscall: a hint on a file (0), -ESPIPE on a pipe,
 * -EINVAL for an unknown advice or a negative length, -EBADF. */
void case_sys_fadvise(struct fx *fx)
{
	int fd = fx_open(fx, "f", O_RDWR | O_CREAT), p[2];

	fx_write_all(fx, fd, "abc", 3);
	assert_int_equal(iou_sys_fadvise(&fx->ring, fd, 0, 4096,
					 POSIX_FADV_DONTNEED), 0);
	assert_int_equal(iou_sys_fadvise(&fx->ring, fd, 0, 0,
					 POSIX_FADV_SEQUENTIAL), 0);
	assert_int_equal(iou_sys_fadvise(&fx->ring, fd, 0, 1, 99), -EINVAL);
	assert_int_equal(iou_sys_fadvise(&fx->ring, fd, 0, -1,
					 POSIX_FADV_NORMAL), -EINVAL);
	fx_pipe(fx, p);
	assert_int_equal(iou_sys_fadvise(&fx->ring, p[0], 0, 1,
					 POSIX_FADV_NORMAL), -ESPIPE);
	assert_int_equal(iou_sys_fadvise(&fx->ring, 999, 0, 1,
					 POSIX_FADV_NORMAL), -EBADF);
}

/* One SQE of op (READ, WRITE: addr a buffer of len bytes; READV, WRITEV:
 * len iovecs) on fd at offset 0; returns the CQE's res. */
static int rw_op(struct fx *fx, int op, int fd, const void *addr,
		 unsigned len)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	iou_prep_rw(op, sqe, fd, addr, len, 0);
	fx_submit_wait(fx, 1, &cqe, 1);
	return cqe.res;
}

/* /dev's memory devices through the ring and the sys calls: null reads
 * end at once and takes any write; zero reads zeros; full reads zeros and
 * refuses writes (-ENOSPC); urandom fills the buffer. Each is a character
 * device of major 1 (mem). liburing's tests read /dev/zero and
 * /dev/urandom into their buffers. */
void case_dev_memory_devices(struct fx *fx)
{
	static const struct {
		const char *path;
		unsigned minor;
	} devs[] = { { "/dev/null", 3 }, { "/dev/zero", 5 },
		     { "/dev/full", 7 }, { "/dev/urandom", 9 } };
	char buf[300];
	struct statx x;

	for (size_t i = 0; i < sizeof(devs) / sizeof(*devs); i++) {
		int fd = iou_sys_open(&fx->ring, devs[i].path, O_RDWR, 0);
		int r, w;

		assert_true(fd >= 0);
		fx_track(fx, fd);
		assert_int_equal(iou_sys_statx(&fx->ring, AT_FDCWD,
					       devs[i].path, 0,
					       STATX_BASIC_STATS, &x), 0);
		assert_true(S_ISCHR(x.stx_mode));
		assert_int_equal(x.stx_rdev_major, 1);
		assert_int_equal(x.stx_rdev_minor, devs[i].minor);
		memset(buf, 'x', sizeof(buf));
		r = rw_op(fx, IOU_OP_READ, fd, buf, sizeof(buf));
		w = rw_op(fx, IOU_OP_WRITE, fd, buf, sizeof(buf));
		switch (devs[i].minor) {
		case 3:
			assert_int_equal(r, 0);
			assert_int_equal(buf[0], 'x');
			assert_int_equal(w, sizeof(buf));
			break;
		case 5:
		case 7:
			assert_int_equal(r, sizeof(buf));
			for (size_t j = 0; j < sizeof(buf); j++)
				assert_int_equal(buf[j], 0);
			assert_int_equal(w, devs[i].minor == 7 ? -ENOSPC
							       : (int)sizeof(buf));
			break;
		default:
			assert_int_equal(r, sizeof(buf));
			assert_int_equal(w, sizeof(buf));
			break;
		}
		assert_int_equal(iou_sys_read(&fx->ring, fd, buf, 8),
				 devs[i].minor == 3 ? 0 : 8);
	}
}

/* READV and WRITEV on an eventfd: a write is an iovec at a time, each a
 * whole 8-byte add (a shorter one: -EINVAL); a read takes the count
 * through the iovecs, which must hold 8 bytes (else -EINVAL). liburing's
 * eventfd test reads its eventfd with READV. */
void case_eventfd_readv_writev(struct fx *fx)
{
	uint64_t two = 2, three = 3, v = 0;
	uint8_t half[2][4];
	struct iovec w[2] = { { &two, 8 }, { &three, 8 } };
	struct iovec r[2] = { { half[0], 4 }, { half[1], 4 } };
	struct iovec small = { half[0], 4 };
	int fd = fx_track(fx, iou_sys_eventfd(&fx->ring, 0, 0));

	assert_int_equal(rw_op(fx, IOU_OP_WRITEV, fd, w, 2), 16);
	assert_int_equal(rw_op(fx, IOU_OP_WRITEV, fd, &small, 1), -EINVAL);
	assert_int_equal(rw_op(fx, IOU_OP_READV, fd, &small, 1), -EINVAL);
	assert_int_equal(rw_op(fx, IOU_OP_READV, fd, r, 2), 8);
	memcpy(&v, half[0], 4);
	memcpy((char *)&v + 4, half[1], 4);
	assert_int_equal(v, 5);
}

/* A WRITEV on a blocking eventfd whose second add does not fit waits
 * (in io-wq, the first add made) until a read makes room, then completes
 * with both: 16, the counter then holding the second. fuzz/sim_sqe found
 * the sim posting 8 and leaving the request parked. */
void case_eventfd_writev_waits_for_room(struct fx *fx)
{
	uint64_t near = UINT64_MAX - 2, one = 1, v = 0, rest = 0;
	struct iovec w[2] = { { &one, 8 }, { &one, 8 } };
	struct iou_cqe c;
	int fd = fx_track(fx, iou_sys_eventfd(&fx->ring, 0, 0));

	assert_int_equal(iou_sys_write(&fx->ring, fd, &near, 8), 8);
	iou_prep_writev(fx_sqe(fx), fd, w, 2, 0);
	fx_submit(fx, 1);
	/* no CQE can come until the counter has room */
	assert_int_equal(iou_peek_cqe(&fx->ring, &(struct iou_cqe *){ NULL }),
			 -EAGAIN);
	/* the worker may not have made its first add yet */
	assert_int_equal(iou_sys_read(&fx->ring, fd, &v, 8), 8);
	assert_true(v == UINT64_MAX - 1 || v == UINT64_MAX - 2);
	fx_reap(fx, &c, 1);
	assert_int_equal(c.res, 16);
	assert_int_equal(iou_sys_read(&fx->ring, fd, &rest, 8), 8);
	assert_int_equal(rest, v == UINT64_MAX - 1 ? 1 : 2);
}

/* openat relative to a directory fd: the file lands in that directory;
 * an absolute path ignores the fd; a file's fd as the directory is
 * -ENOTDIR, a closed one -EBADF (liburing's lfs-openat opens through an
 * fd of /tmp). */
void case_sys_openat_dirfd(struct fx *fx)
{
	struct statx x;
	int dfd, fd;

	dfd = fx_track(fx, iou_sys_open(&fx->ring, fx->dir,
					O_RDONLY | O_DIRECTORY, 0));
	fd = iou_sys_openat(&fx->ring, dfd, "rel", O_CREAT | O_RDWR, 0600);
	assert_true(fd >= 0);
	fx_track(fx, fd);
	assert_int_equal(iou_sys_statx(&fx->ring, AT_FDCWD, fx_path(fx, "rel"),
				       0, STATX_BASIC_STATS, &x), 0);
	assert_true(S_ISREG(x.stx_mode));
	fd = iou_sys_openat(&fx->ring, 999, fx_path(fx, "rel"), O_RDONLY, 0);
	assert_true(fd >= 0);
	fx_track(fx, fd);
	assert_int_equal(iou_sys_openat(&fx->ring, 999, "rel", O_RDONLY, 0),
			 -EBADF);
	assert_int_equal(iou_sys_openat(&fx->ring, fd, "x", O_RDONLY, 0),
			 -ENOTDIR);
	assert_int_equal(iou_sys_unlink(&fx->ring, fx_path(fx, "rel")), 0);
}

static int sync_cancel(struct fx *fx, uint64_t ud, int fd, unsigned flags)
{
	struct iou_sync_cancel_reg reg;

	memset(&reg, 0, sizeof(reg));
	reg.addr = ud;
	reg.fd = fd;
	reg.flags = flags;
	reg.timeout.tv_sec = -1;
	reg.timeout.tv_nsec = -1;
	return iou_register_sync_cancel(&fx->ring, &reg);
}

/* IORING_REGISTER_SYNC_CANCEL: a parked read by user_data (0, its CQE
 * canceled: -ECANCELED or -EINTR), nothing matching (-ENOENT), ALL reads
 * of an fd (their count), a reserved field set (-EINVAL). liburing's
 * sync-cancel test. */
void case_sync_cancel_parked(struct fx *fx)
{
	struct iou_sync_cancel_reg reg;
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	char buf[2][8];
	int p[2];

	fx_pipe(fx, p);
	sqe = fx_sqe(fx);
	iou_prep_read(sqe, p[0], buf[0], 8, 0);
	iou_sqe_set_data64(sqe, 0x89);
	assert_int_equal(fx_submit(fx, 1), 1);
	assert_int_equal(sync_cancel(fx, 0x89, 0, 0), 0);
	fx_reap(fx, c, 1);
	assert_int_equal(c[0].user_data, 0x89);
	assert_true(c[0].res == -ECANCELED || c[0].res == -EINTR);
	assert_int_equal(sync_cancel(fx, 0x89, 0, 0), -ENOENT);

	for (int i = 0; i < 2; i++) {
		sqe = fx_sqe(fx);
		iou_prep_read(sqe, p[0], buf[i], 8, 0);
		iou_sqe_set_data64(sqe, 0x90 + i);
	}
	assert_int_equal(fx_submit(fx, 2), 2);
	assert_int_equal(sync_cancel(fx, 0, p[0], IOU_ASYNC_CANCEL_FD |
				     IOU_ASYNC_CANCEL_ALL), 2);
	fx_reap(fx, c, 2);
	for (int i = 0; i < 2; i++)
		assert_true(c[i].res == -ECANCELED || c[i].res == -EINTR);
	memset(&reg, 0, sizeof(reg));
	reg.pad[0] = 1;
	assert_int_equal(iou_register_sync_cancel(&fx->ring, &reg), -EINVAL);
}

/* A drained NOP held behind a parked read starts once
 * IORING_REGISTER_SYNC_CANCEL has cancelled the read: both CQEs come,
 * in either order (found by fuzz/sim_sqe: the sim left the released NOP
 * unissued until the next enter, and leaked it at ring exit). */
void case_sync_cancel_releases_drain(struct fx *fx)
{
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	char buf[8];
	int p[2], i;

	fx_pipe(fx, p);
	sqe = fx_sqe(fx);
	iou_prep_read(sqe, p[0], buf, 8, 0);
	iou_sqe_set_data64(sqe, 0x91);
	sqe = fx_sqe(fx);
	iou_prep_nop(sqe);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_DRAIN);
	iou_sqe_set_data64(sqe, 0x92);
	assert_int_equal(fx_submit(fx, 2), 2);
	fx_expect_quiet(fx, 20);
	assert_int_equal(sync_cancel(fx, 0x91, 0, 0), 0);
	fx_reap(fx, c, 2);
	i = fx_index(c, 2, 0x91);
	assert_true(i >= 0);
	assert_true(c[i].res == -ECANCELED || c[i].res == -EINTR);
	i = fx_index(c, 2, 0x92);
	assert_true(i >= 0);
	assert_int_equal(c[i].res, 0);
}

/* READ_FIXED and WRITE_FIXED on an eventfd import the registered buffer
 * first: a range past its end is -EFAULT before the eventfd is touched;
 * inside it the add and the read work as a plain WRITE and READ
 * (fuzz/sim_sqe: the sim read 8 bytes past the buffer). */
void case_eventfd_fixed_buffer_range(struct fx *fx)
{
	static _Alignas(8) uint8_t buf[16];
	struct iovec iov = { buf, sizeof(buf) };
	uint64_t one = 1, v;
	struct iou_cqe c;
	int fd = fx_track(fx, iou_sys_eventfd(&fx->ring, 0, O_NONBLOCK));

	assert_int_equal(iou_register_buffers(&fx->ring, &iov, 1), 0);
	memcpy(buf, &one, 8);
	iou_prep_write_fixed(fx_sqe(fx), fd, buf + 12, 8, 0, 0);
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	assert_int_equal(c.res, -EFAULT);
	iou_prep_write_fixed(fx_sqe(fx), fd, buf, 8, 0, 0);
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	assert_int_equal(c.res, 8);
	iou_prep_read_fixed(fx_sqe(fx), fd, buf + 12, 8, 0, 0);
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	assert_int_equal(c.res, -EFAULT);
	iou_prep_read_fixed(fx_sqe(fx), fd, buf + 8, 8, 0, 0);
	fx_submit(fx, 1);
	c = fx_reap1(fx);
	assert_int_equal(c.res, 8);
	memcpy(&v, buf + 8, 8);
	assert_int_equal(v, 1);
	assert_int_equal(iou_unregister_buffers(&fx->ring), 0);
}

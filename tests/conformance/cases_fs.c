/* cases_fs.c — conformance: files and directory entries (fixed buffers,
 * openat, openat2, close, statx, fallocate, renameat, unlinkat, mkdirat,
 * symlinkat, linkat). */
#include "cases.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <linux/openat2.h>

/* Submits the prepared SQE alone and returns its CQE's res. */
static int run1(struct fx *fx, struct iou_sqe *sqe, uint64_t ud)
{
	struct iou_cqe cqe;

	iou_sqe_set_data64(sqe, ud);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, ud);
	return cqe.res;
}

/* Opens a path through the ring; tracks the fd. Returns the CQE's res. */
static int ring_open(struct fx *fx, const char *path, int flags)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	int res;

	iou_prep_openat(sqe, IOU_AT_FDCWD, path, flags, 0644);
	res = run1(fx, sqe, 0x0be);
	if (res >= 0)
		fx_track(fx, res);
	return res;
}

/* write_fixed then read_fixed through two registered buffers. */
void case_read_write_fixed_registered_buffers(struct fx *fx)
{
	_Alignas(4096) char bufs[2][4096];
	struct iovec iov[2] = { { bufs[0], 4096 }, { bufs[1], 4096 } };
	int fd = fx_open(fx, "fixed", O_CREAT | O_RDWR | O_TRUNC);
	struct iou_sqe *sqe;
	int r;

	r = iou_register_buffers(&fx->ring, iov, 2);
	if (r < 0)
		fail_msg("register_buffers: %s", iou_strerror(r));
	fx_fill(bufs[0], 4096, 11);
	memset(bufs[1], 0, 4096);
	sqe = fx_sqe(fx);
	iou_prep_write_fixed(sqe, fd, bufs[0], 4096, 0, 0);
	r = run1(fx, sqe, 1);
	assert_true(r > 0 && r <= 4096);
	sqe = fx_sqe(fx);
	iou_prep_read_fixed(sqe, fd, bufs[1], (unsigned)r, 0, 1);
	r = run1(fx, sqe, 2);
	assert_true(r > 0);
	assert_memory_equal(bufs[1], bufs[0], (size_t)r);
	assert_int_equal(iou_unregister_buffers(&fx->ring), 0);
}

/* openat gives an fd that reads the file; close through the ring closes
 * it (a second close: -EBADF). */
void case_openat_close(struct fx *fx)
{
	const char msg[] = "opened through the ring";
	char buf[64];
	struct iou_sqe *sqe;
	const char *path = fx_file(fx, "o", msg, sizeof(msg));
	int fd = ring_open(fx, path, O_RDONLY);
	ssize_t n;

	assert_true(fd >= 0);
	n = iou_sys_read(&fx->ring, fd, buf, sizeof(buf));
	assert_int_equal(n, sizeof(msg));
	assert_memory_equal(buf, msg, sizeof(msg));
	fx_untrack(fx, fd);
	sqe = fx_sqe(fx);
	iou_prep_close(sqe, fd);
	assert_int_equal(run1(fx, sqe, 2), 0);
	sqe = fx_sqe(fx);
	iou_prep_close(sqe, fd);
	assert_int_equal(run1(fx, sqe, 3), -EBADF);
}

/* openat of a missing file without O_CREAT: -ENOENT. */
void case_openat_missing_enoent(struct fx *fx)
{
	assert_int_equal(ring_open(fx, fx_path(fx, "nope"), O_RDONLY),
			 -ENOENT);
}

/* openat2 with O_CREAT creates; O_CREAT|O_EXCL on it again: -EEXIST. */
void case_openat2_create_excl(struct fx *fx)
{
	struct open_how how;
	struct iou_sqe *sqe;
	const char *path = fx_path(fx, "o2");
	int fd;

	memset(&how, 0, sizeof(how));
	how.flags = O_CREAT | O_RDWR;
	how.mode = 0600;
	sqe = fx_sqe(fx);
	iou_prep_openat2(sqe, IOU_AT_FDCWD, path, &how);
	fd = run1(fx, sqe, 1);
	assert_true(fd >= 0);
	fx_track(fx, fd);
	fx_write_all(fx, fd, "x", 1);
	fx_close(fx, fd);
	how.flags = O_CREAT | O_EXCL | O_RDWR;
	sqe = fx_sqe(fx);
	iou_prep_openat2(sqe, IOU_AT_FDCWD, path, &how);
	assert_int_equal(run1(fx, sqe, 2), -EEXIST);
}

void case_statx_reports_size(struct fx *fx)
{
	char data[1234];
	struct statx stx;
	struct iou_sqe *sqe = fx_sqe(fx);
	const char *path;

	fx_fill(data, sizeof(data), 5);
	path = fx_file(fx, "st", data, sizeof(data));
	memset(&stx, 0, sizeof(stx));
	iou_prep_statx(sqe, IOU_AT_FDCWD, path, 0, STATX_SIZE | STATX_TYPE,
		       &stx);
	assert_int_equal(run1(fx, sqe, 1), 0);
	assert_true(stx.stx_mask & STATX_SIZE);
	assert_int_equal(stx.stx_size, sizeof(data));
	assert_true(S_ISREG(stx.stx_mode));
}

void case_fallocate_extends_file(struct fx *fx)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	int fd = fx_open(fx, "fa", O_CREAT | O_RDWR | O_TRUNC);

	iou_prep_fallocate(sqe, fd, 0, 0, 8192);
	assert_int_equal(run1(fx, sqe, 1), 0);
	assert_int_equal(iou_sys_fsize(&fx->ring, fd), 8192);
}

void case_renameat_moves_file(struct fx *fx)
{
	const char msg[] = "renamed";
	char buf[32];
	struct iou_sqe *sqe = fx_sqe(fx);
	char from[FX_PATH_MAX];

	snprintf(from, sizeof(from), "%s", fx_file(fx, "a", msg, sizeof(msg)));
	iou_prep_renameat(sqe, IOU_AT_FDCWD, from, IOU_AT_FDCWD,
			  fx_path(fx, "b"), 0);
	assert_int_equal(run1(fx, sqe, 1), 0);
	assert_int_equal(iou_sys_open(&fx->ring, from, O_RDONLY, 0), -ENOENT);
	assert_int_equal(fx_slurp(fx, "b", buf, sizeof(buf)), sizeof(msg));
	assert_memory_equal(buf, msg, sizeof(msg));
}

void case_unlinkat_removes_file(struct fx *fx)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	const char *path = fx_file(fx, "u", "u", 1);

	iou_prep_unlinkat(sqe, IOU_AT_FDCWD, path, 0);
	assert_int_equal(run1(fx, sqe, 1), 0);
	assert_int_equal(iou_sys_open(&fx->ring, path, O_RDONLY, 0), -ENOENT);
	sqe = fx_sqe(fx);
	iou_prep_unlinkat(sqe, IOU_AT_FDCWD, path, 0);
	assert_int_equal(run1(fx, sqe, 2), -ENOENT);
}

/* mkdirat makes a directory a file can be created in; again: -EEXIST. */
void case_mkdirat_creates_directory(struct fx *fx)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	char dir[FX_PATH_MAX];
	int fd;

	snprintf(dir, sizeof(dir), "%s", fx_path(fx, "d"));
	iou_prep_mkdirat(sqe, IOU_AT_FDCWD, dir, 0755);
	assert_int_equal(run1(fx, sqe, 1), 0);
	fd = fx_open(fx, "d/inside", O_CREAT | O_WRONLY);
	fx_close(fx, fd);
	sqe = fx_sqe(fx);
	iou_prep_mkdirat(sqe, IOU_AT_FDCWD, dir, 0755);
	assert_int_equal(run1(fx, sqe, 2), -EEXIST);
	assert_int_equal(iou_sys_unlink(&fx->ring, fx_path(fx, "d/inside")), 0);
	assert_int_equal(iou_sys_rmdir(&fx->ring, dir), 0);
}

/* symlinkat: opening the link reads the target. */
void case_symlinkat_link_reads_target(struct fx *fx)
{
	const char msg[] = "through a symlink";
	char buf[32];
	struct iou_sqe *sqe = fx_sqe(fx);
	char target[FX_PATH_MAX];

	snprintf(target, sizeof(target), "%s",
		 fx_file(fx, "target", msg, sizeof(msg)));
	iou_prep_symlinkat(sqe, target, IOU_AT_FDCWD, fx_path(fx, "sym"));
	assert_int_equal(run1(fx, sqe, 1), 0);
	assert_int_equal(fx_slurp(fx, "sym", buf, sizeof(buf)), sizeof(msg));
	assert_memory_equal(buf, msg, sizeof(msg));
}

/* linkat: the new name is the same file, and outlives the old one. */
void case_linkat_hard_link(struct fx *fx)
{
	const char msg[] = "hard linked";
	char buf[32];
	struct iou_sqe *sqe = fx_sqe(fx);
	char old[FX_PATH_MAX];

	snprintf(old, sizeof(old), "%s", fx_file(fx, "orig", msg, sizeof(msg)));
	iou_prep_linkat(sqe, IOU_AT_FDCWD, old, IOU_AT_FDCWD,
			fx_path(fx, "hl"), 0);
	assert_int_equal(run1(fx, sqe, 1), 0);
	assert_int_equal(iou_sys_unlink(&fx->ring, old), 0);
	assert_int_equal(fx_slurp(fx, "hl", buf, sizeof(buf)), sizeof(msg));
	assert_memory_equal(buf, msg, sizeof(msg));
}

/* A read at end of file completes with 0. */
void case_read_at_eof_returns_zero(struct fx *fx)
{
	char buf[16];
	struct iou_sqe *sqe = fx_sqe(fx);
	int fd;

	fx_file(fx, "eof", "abc", 3);
	fd = fx_open(fx, "eof", O_RDONLY);
	iou_prep_read(sqe, fd, buf, sizeof(buf), 3);
	assert_int_equal(run1(fx, sqe, 1), 0);
}

/* A WRITE at an offset on an O_APPEND file appends all the same
 * (IOCB_APPEND, as pwrite(2) on Linux; found by fuzz/diff). */
void case_append_write_ignores_offset(struct fx *fx)
{
	struct iou_sqe *sqe;
	char back[8];
	int fd;

	fx_file(fx, "log", "abc", 3);
	fd = fx_open(fx, "log", O_WRONLY | O_APPEND);
	sqe = fx_sqe(fx);
	iou_prep_write(sqe, fd, "d", 1, 0);
	assert_int_equal(run1(fx, sqe, 1), 1);
	sqe = fx_sqe(fx);
	iou_prep_write(sqe, fd, "e", 1, 1);
	assert_int_equal(run1(fx, sqe, 2), 1);
	assert_int_equal(fx_slurp(fx, "log", back, sizeof(back)), 5);
	assert_memory_equal(back, "abcde", 5);
}

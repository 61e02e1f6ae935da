/* unit_prep.c — prep helpers fill the fields liburing fills, and nothing else.
 *
 * Each case starts from an SQE full of garbage (several fill bytes), calls
 * one iou_prep_* helper and compares all 64 bytes with an expected SQE built
 * field by field from zero: every field the op needs holds its argument,
 * every other byte (user_data included) is 0. The expected placements follow
 * liburing 2.x's io_uring_prep_* helpers. This file: the file, poll and
 * timeout ops; unit_prep_more.c: cancel and the rest, the SQE setters, the
 * CQE helpers of iou.h, iou_strerror and iou_op_name. */
#include "unit_prep.h"

/* ---- Layout sanity (the ABI test owns the details) ---------------------- */

static void test_sqe_size(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct iou_sqe), 64);
	assert_int_equal(offsetof(struct iou_sqe, user_data), 32);
	assert_int_equal(offsetof(struct iou_sqe, file_index), 44);
}

/* ---- Base, nop, read/write ---------------------------------------------- */

static void test_prep_rw(void **state)
{
	struct iou_sqe e = rw(IOU_OP_READ, 7, u64p(PA), 0x12345, BIG_OFF);

	(void)state;
	CHECK_PREP(e, iou_prep_rw(IOU_OP_READ, sqe, 7, PA, 0x12345, BIG_OFF));
}

static void test_prep_nop(void **state)
{
	struct iou_sqe e = rw(IOU_OP_NOP, -1, 0, 0, 0);

	(void)state;
	CHECK_PREP(e, iou_prep_nop(sqe));
}

static void test_prep_read_write(void **state)
{
	struct iou_sqe e;

	(void)state;
	e = rw(IOU_OP_READ, 7, u64p(PA), 4096, BIG_OFF);
	CHECK_PREP(e, iou_prep_read(sqe, 7, PA, 4096, BIG_OFF));
	e = rw(IOU_OP_WRITE, 8, u64p(PB), 512, (uint64_t)-1);
	CHECK_PREP(e, iou_prep_write(sqe, 8, PB, 512, (uint64_t)-1));
}

static void test_prep_readv_writev(void **state)
{
	struct iou_sqe e;

	(void)state;
	e = rw(IOU_OP_READV, 7, u64p(PA), 3, 100);
	CHECK_PREP(e, iou_prep_readv(sqe, 7, PA, 3, 100));
	e = rw(IOU_OP_WRITEV, 7, u64p(PA), 3, 100);
	CHECK_PREP(e, iou_prep_writev(sqe, 7, PA, 3, 100));
	e = rw(IOU_OP_READV, 7, u64p(PA), 2, BIG_OFF);
	e.rw_flags = 0x1f;
	CHECK_PREP(e, iou_prep_readv2(sqe, 7, PA, 2, BIG_OFF, 0x1f));
	e = rw(IOU_OP_WRITEV, 7, u64p(PA), 2, BIG_OFF);
	e.rw_flags = -3;
	CHECK_PREP(e, iou_prep_writev2(sqe, 7, PA, 2, BIG_OFF, -3));
}

static void test_prep_fixed(void **state)
{
	struct iou_sqe e;

	(void)state;
	e = rw(IOU_OP_READ_FIXED, 7, u64p(PA), 300, 99);
	e.buf_index = 0x1234;
	CHECK_PREP(e, iou_prep_read_fixed(sqe, 7, PA, 300, 99, 0x1234));
	e = rw(IOU_OP_WRITE_FIXED, 7, u64p(PB), 300, 99);
	e.buf_index = 0x4321;
	CHECK_PREP(e, iou_prep_write_fixed(sqe, 7, PB, 300, 99, 0x4321));
	e = rw(IOU_OP_READV_FIXED, 7, u64p(PA), 3, 99);
	e.rw_flags = 5;
	e.buf_index = 12;
	CHECK_PREP(e, iou_prep_readv_fixed(sqe, 7, PA, 3, 99, 5, 12));
	e = rw(IOU_OP_WRITEV_FIXED, 7, u64p(PA), 3, 99);
	e.rw_flags = 5;
	e.buf_index = 12;
	CHECK_PREP(e, iou_prep_writev_fixed(sqe, 7, PA, 3, 99, 5, 12));
}

static void test_prep_read_multishot(void **state)
{
	struct iou_sqe e = rw(IOU_OP_READ_MULTISHOT, 7, 0, 4096, 77);

	(void)state;
	e.buf_group = 12;
	e.flags = IOU_SQE_BUFFER_SELECT;
	CHECK_PREP(e, iou_prep_read_multishot(sqe, 7, 4096, 77, 12));
}

/* ---- Sync, space, advice ------------------------------------------------ */

static void test_prep_fsync(void **state)
{
	struct iou_sqe e = rw(IOU_OP_FSYNC, 9, 0, 0, 0);

	(void)state;
	e.fsync_flags = IOU_FSYNC_DATASYNC;
	CHECK_PREP(e, iou_prep_fsync(sqe, 9, IOU_FSYNC_DATASYNC));
	e.fsync_flags = 0;
	CHECK_PREP(e, iou_prep_fsync(sqe, 9, 0));
}

static void test_prep_sync_file_range(void **state)
{
	struct iou_sqe e = rw(IOU_OP_SYNC_FILE_RANGE, 9, 0, 1000, 2000);

	(void)state;
	e.sync_range_flags = 3;
	CHECK_PREP(e, iou_prep_sync_file_range(sqe, 9, 1000, 2000, 3));
}

static void test_prep_fallocate(void **state)
{
	/* mode in len, offset in off, length in addr */
	struct iou_sqe e = rw(IOU_OP_FALLOCATE, 9, 0x200000000ULL, 3,
			      0x100000000ULL);

	(void)state;
	CHECK_PREP(e, iou_prep_fallocate(sqe, 9, 3, 0x100000000ULL,
					 0x200000000ULL));
}

static void test_prep_ftruncate(void **state)
{
	struct iou_sqe e = rw(IOU_OP_FTRUNCATE, 9, 0, 0, 0x123456789ULL);

	(void)state;
	CHECK_PREP(e, iou_prep_ftruncate(sqe, 9, 0x123456789LL));
}

static void test_prep_advise(void **state)
{
	struct iou_sqe e;

	(void)state;
	e = rw(IOU_OP_FADVISE, 9, 0, 0xffffffffU, 0x100000000ULL);
	e.fadvise_advice = 4;
	CHECK_PREP(e, iou_prep_fadvise(sqe, 9, 0x100000000ULL, 0xffffffffU, 4));
	/* 64-bit length in addr */
	e = rw(IOU_OP_FADVISE, 9, 0x300000000ULL, 0, 0x100000000ULL);
	e.fadvise_advice = 4;
	CHECK_PREP(e, iou_prep_fadvise64(sqe, 9, 0x100000000ULL,
					 (off_t)0x300000000LL, 4));
	e = rw(IOU_OP_MADVISE, -1, u64p(PA), 0xfffff, 0);
	e.fadvise_advice = 4;
	CHECK_PREP(e, iou_prep_madvise(sqe, PA, 0xfffff, 4));
	/* 64-bit length in off */
	e = rw(IOU_OP_MADVISE, -1, u64p(PA), 0, 0x300000000ULL);
	e.fadvise_advice = 4;
	CHECK_PREP(e, iou_prep_madvise64(sqe, PA, (off_t)0x300000000LL, 4));
}

/* ---- Splice ------------------------------------------------------------- */

static void test_prep_splice(void **state)
{
	struct iou_sqe e;

	(void)state;
	/* fd_out/off_out in fd/off, fd_in in splice_fd_in, off_in in addr */
	e = rw(IOU_OP_SPLICE, 4, (uint64_t)-1, 512, 0x1000);
	e.splice_fd_in = 3;
	e.splice_flags = IOU_SPLICE_F_FD_IN_FIXED | 1;
	CHECK_PREP(e, iou_prep_splice(sqe, 3, -1, 4, 0x1000, 512,
				      IOU_SPLICE_F_FD_IN_FIXED | 1));
	e = rw(IOU_OP_SPLICE, 4, 0x55, 512, (uint64_t)-1);
	e.splice_fd_in = 3;
	e.splice_flags = 2;
	CHECK_PREP(e, iou_prep_splice(sqe, 3, 0x55, 4, -1, 512, 2));
	assert_int_equal(e.splice_off_in, 0x55);
}

static void test_prep_tee(void **state)
{
	struct iou_sqe e = rw(IOU_OP_TEE, 4, 0, 512, 0);

	(void)state;
	e.splice_fd_in = 3;
	e.splice_flags = 5;
	CHECK_PREP(e, iou_prep_tee(sqe, 3, 4, 512, 5));
}

/* ---- Open, close, stat, files ------------------------------------------- */

static void test_prep_openat(void **state)
{
	struct iou_sqe e;

	(void)state;
	e = rw(IOU_OP_OPENAT, 5, u64p(PA), 0644, 0);
	e.open_flags = O_CREAT | O_WRONLY;
	CHECK_PREP(e, iou_prep_openat(sqe, 5, PA, O_CREAT | O_WRONLY, 0644));
	e.fd = AT_FDCWD;
	CHECK_PREP(e, iou_prep_open(sqe, PA, O_CREAT | O_WRONLY, 0644));
	assert_int_equal(IOU_AT_FDCWD, AT_FDCWD);

	/* direct: slot + 1; IOU_FILE_INDEX_ALLOC stays ~0 */
	e = rw(IOU_OP_OPENAT, 5, u64p(PA), 0600, 0);
	e.open_flags = O_RDWR;
	e.file_index = 18;
	CHECK_PREP(e, iou_prep_openat_direct(sqe, 5, PA, O_RDWR, 0600, 17));
	e.file_index = IOU_FILE_INDEX_ALLOC;
	CHECK_PREP(e, iou_prep_openat_direct(sqe, 5, PA, O_RDWR, 0600,
					     IOU_FILE_INDEX_ALLOC));
	e.fd = AT_FDCWD;
	e.file_index = 4;
	CHECK_PREP(e, iou_prep_open_direct(sqe, PA, O_RDWR, 0600, 3));
}

static void test_prep_openat2(void **state)
{
	struct iou_sqe e;

	(void)state;
	/* how in off, sizeof(struct open_how) == 24 in len */
	e = rw(IOU_OP_OPENAT2, 5, u64p(PA), 24, u64p(PB));
	CHECK_PREP(e, iou_prep_openat2(sqe, 5, PA, PB));
	e.file_index = 1;
	CHECK_PREP(e, iou_prep_openat2_direct(sqe, 5, PA, PB, 0));
	e.file_index = IOU_FILE_INDEX_ALLOC;
	CHECK_PREP(e, iou_prep_openat2_direct(sqe, 5, PA, PB,
					      IOU_FILE_INDEX_ALLOC));
}

static void test_prep_close(void **state)
{
	struct iou_sqe e;

	(void)state;
	e = rw(IOU_OP_CLOSE, 12, 0, 0, 0);
	CHECK_PREP(e, iou_prep_close(sqe, 12));
	e = rw(IOU_OP_CLOSE, 0, 0, 0, 0);
	e.file_index = 13;
	CHECK_PREP(e, iou_prep_close_direct(sqe, 12));
}

static void test_prep_statx(void **state)
{
	/* path in addr, mask in len, statxbuf in off */
	struct iou_sqe e = rw(IOU_OP_STATX, 5, u64p(PA), 0x7ff, u64p(PB));

	(void)state;
	e.statx_flags = 0x100;
	CHECK_PREP(e, iou_prep_statx(sqe, 5, PA, 0x100, 0x7ff, PB));
}

static void test_prep_files_update(void **state)
{
	struct iou_sqe e;

	(void)state;
	e = rw(IOU_OP_FILES_UPDATE, -1, u64p(PA), 8, 6);
	CHECK_PREP(e, iou_prep_files_update(sqe, PA, 8, 6));
	/* a negative offset is sign-extended, as liburing does */
	e = rw(IOU_OP_FILES_UPDATE, -1, u64p(PA), 8, (uint64_t)-2);
	CHECK_PREP(e, iou_prep_files_update(sqe, PA, 8, -2));
}

static void test_prep_fixed_fd_install(void **state)
{
	struct iou_sqe e = rw(IOU_OP_FIXED_FD_INSTALL, 3, 0, 0, 0);

	(void)state;
	e.flags = IOU_SQE_FIXED_FILE;
	e.install_fd_flags = 1;
	CHECK_PREP(e, iou_prep_fixed_fd_install(sqe, 3, 1));
}

static void test_prep_pipe(void **state)
{
	struct iou_sqe e = rw(IOU_OP_PIPE, 0, u64p(PA), 0, 0);

	(void)state;
	e.pipe_flags = O_CLOEXEC;
	CHECK_PREP(e, iou_prep_pipe(sqe, PA, O_CLOEXEC));
	e.file_index = 5;
	CHECK_PREP(e, iou_prep_pipe_direct(sqe, PA, O_CLOEXEC, 4));
	e.file_index = IOU_FILE_INDEX_ALLOC;
	CHECK_PREP(e, iou_prep_pipe_direct(sqe, PA, O_CLOEXEC,
					   IOU_FILE_INDEX_ALLOC));
}

/* ---- Directory entries -------------------------------------------------- */

static void test_prep_renameat(void **state)
{
	/* newdfd in len, newpath in off */
	struct iou_sqe e = rw(IOU_OP_RENAMEAT, 3, u64p(PA), 4, u64p(PB));

	(void)state;
	e.rename_flags = 1;
	CHECK_PREP(e, iou_prep_renameat(sqe, 3, PA, 4, PB, 1));
	e = rw(IOU_OP_RENAMEAT, AT_FDCWD, u64p(PA), (uint32_t)AT_FDCWD,
	       u64p(PB));
	CHECK_PREP(e, iou_prep_rename(sqe, PA, PB));
}

static void test_prep_unlinkat(void **state)
{
	struct iou_sqe e = rw(IOU_OP_UNLINKAT, 3, u64p(PA), 0, 0);

	(void)state;
	e.unlink_flags = AT_REMOVEDIR;
	CHECK_PREP(e, iou_prep_unlinkat(sqe, 3, PA, AT_REMOVEDIR));
	e.fd = AT_FDCWD;
	e.unlink_flags = 0;
	CHECK_PREP(e, iou_prep_unlink(sqe, PA, 0));
}

static void test_prep_mkdirat(void **state)
{
	struct iou_sqe e = rw(IOU_OP_MKDIRAT, 3, u64p(PA), 0755, 0);

	(void)state;
	CHECK_PREP(e, iou_prep_mkdirat(sqe, 3, PA, 0755));
	e.fd = AT_FDCWD;
	CHECK_PREP(e, iou_prep_mkdir(sqe, PA, 0755));
}

static void test_prep_symlinkat(void **state)
{
	/* target in addr, linkpath in off */
	struct iou_sqe e = rw(IOU_OP_SYMLINKAT, 3, u64p(PA), 0, u64p(PB));

	(void)state;
	CHECK_PREP(e, iou_prep_symlinkat(sqe, PA, 3, PB));
	e.fd = AT_FDCWD;
	CHECK_PREP(e, iou_prep_symlink(sqe, PA, PB));
}

static void test_prep_linkat(void **state)
{
	struct iou_sqe e = rw(IOU_OP_LINKAT, 3, u64p(PA), 4, u64p(PB));

	(void)state;
	e.hardlink_flags = AT_SYMLINK_FOLLOW;
	CHECK_PREP(e, iou_prep_linkat(sqe, 3, PA, 4, PB, AT_SYMLINK_FOLLOW));
	e = rw(IOU_OP_LINKAT, AT_FDCWD, u64p(PA), (uint32_t)AT_FDCWD,
	       u64p(PB));
	e.hardlink_flags = AT_SYMLINK_FOLLOW;
	CHECK_PREP(e, iou_prep_link(sqe, PA, PB, AT_SYMLINK_FOLLOW));
}

/* ---- Extended attributes ------------------------------------------------ */

static void test_prep_xattr(void **state)
{
	struct iou_sqe e;

	(void)state;
	/* name in addr, value in off, path in addr3 */
	e = rw(IOU_OP_GETXATTR, 0, u64p(PA), 100, u64p(PB));
	e.addr3 = u64p(PC);
	CHECK_PREP(e, iou_prep_getxattr(sqe, PA, PB, PC, 100));
	e = rw(IOU_OP_SETXATTR, 0, u64p(PA), 100, u64p(PB));
	e.addr3 = u64p(PC);
	e.xattr_flags = 2;
	CHECK_PREP(e, iou_prep_setxattr(sqe, PA, PB, PC, 2, 100));
	e = rw(IOU_OP_FGETXATTR, 5, u64p(PA), 100, u64p(PB));
	CHECK_PREP(e, iou_prep_fgetxattr(sqe, 5, PA, PB, 100));
	e = rw(IOU_OP_FSETXATTR, 5, u64p(PA), 100, u64p(PB));
	e.xattr_flags = 1;
	CHECK_PREP(e, iou_prep_fsetxattr(sqe, 5, PA, PB, 1, 100));
}

/* ---- Poll and epoll ----------------------------------------------------- */

static void test_prep_poll_add(void **state)
{
	struct iou_sqe e = rw(IOU_OP_POLL_ADD, 5, 0, 0, 0);

	(void)state;
	e.poll32_events = poll_mask_le(0x12345678);
	CHECK_PREP(e, iou_prep_poll_add(sqe, 5, 0x12345678));
	/* on little-endian hosts the 16-bit poll_events alias holds POLLIN */
	e.poll32_events = poll_mask_le(POLLIN);
	CHECK_PREP(e, iou_prep_poll_add(sqe, 5, POLLIN));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	assert_int_equal(e.poll_events, POLLIN);
#endif
}

static void test_prep_poll_multishot(void **state)
{
	struct iou_sqe e = rw(IOU_OP_POLL_ADD, 5, 0, IOU_POLL_ADD_MULTI, 0);

	(void)state;
	e.poll32_events = poll_mask_le(POLLIN | POLLRDHUP);
	CHECK_PREP(e, iou_prep_poll_multishot(sqe, 5, POLLIN | POLLRDHUP));
}

static void test_prep_poll_remove(void **state)
{
	/* the target's user_data in addr */
	struct iou_sqe e = rw(IOU_OP_POLL_REMOVE, -1, 0xdeadbeefcafe0001ULL,
			      0, 0);

	(void)state;
	CHECK_PREP(e, iou_prep_poll_remove(sqe, 0xdeadbeefcafe0001ULL));
}

static void test_prep_poll_update(void **state)
{
	/* old user_data in addr, new in off, flags in len */
	struct iou_sqe e = rw(IOU_OP_POLL_REMOVE, -1, 0xdeadbeefcafe0001ULL,
			      IOU_POLL_UPDATE_EVENTS | IOU_POLL_UPDATE_USER_DATA,
			      0x123456789ULL);

	(void)state;
	e.poll32_events = poll_mask_le(POLLOUT);
	CHECK_PREP(e, iou_prep_poll_update(sqe, 0xdeadbeefcafe0001ULL,
					   0x123456789ULL, POLLOUT,
					   IOU_POLL_UPDATE_EVENTS |
						   IOU_POLL_UPDATE_USER_DATA));
}

static void test_prep_epoll(void **state)
{
	struct iou_sqe e;

	(void)state;
	/* op in len, target fd in off (not sign-extended) */
	e = rw(IOU_OP_EPOLL_CTL, 5, u64p(PA), 1, 6);
	CHECK_PREP(e, iou_prep_epoll_ctl(sqe, 5, 6, 1, PA));
	e = rw(IOU_OP_EPOLL_CTL, 5, u64p(PA), 2, 0xfffffffaULL);
	CHECK_PREP(e, iou_prep_epoll_ctl(sqe, 5, -6, 2, PA));
	e = rw(IOU_OP_EPOLL_WAIT, 5, u64p(PA), 64, 0);
	e.rw_flags = 3;
	CHECK_PREP(e, iou_prep_epoll_wait(sqe, 5, PA, 64, 3));
}

/* ---- Timeouts ----------------------------------------------------------- */

static void test_prep_timeout(void **state)
{
	struct iou_timespec ts = { 1, 500 };
	/* ts in addr with len 1, count in off */
	struct iou_sqe e = rw(IOU_OP_TIMEOUT, -1, u64p(&ts), 1, 5);

	(void)state;
	e.timeout_flags = IOU_TIMEOUT_ABS | IOU_TIMEOUT_ETIME_SUCCESS;
	CHECK_PREP(e, iou_prep_timeout(sqe, &ts, 5,
				       IOU_TIMEOUT_ABS |
					       IOU_TIMEOUT_ETIME_SUCCESS));
	e.off = 0;
	e.timeout_flags = 0;
	CHECK_PREP(e, iou_prep_timeout(sqe, &ts, 0, 0));
}

static void test_prep_timeout_remove(void **state)
{
	/* the timeout's user_data in addr */
	struct iou_sqe e = rw(IOU_OP_TIMEOUT_REMOVE, -1, 0xfeedfacecafebeefULL,
			      0, 0);

	(void)state;
	e.timeout_flags = 4;
	CHECK_PREP(e, iou_prep_timeout_remove(sqe, 0xfeedfacecafebeefULL, 4));
}

static void test_prep_timeout_update(void **state)
{
	struct iou_timespec ts = { 2, 0 };
	/* user_data in addr, ts in off, UPDATE added to the flags */
	struct iou_sqe e = rw(IOU_OP_TIMEOUT_REMOVE, -1, 0xfeedfacecafebeefULL,
			      0, u64p(&ts));

	(void)state;
	e.timeout_flags = IOU_TIMEOUT_UPDATE | IOU_TIMEOUT_ABS;
	CHECK_PREP(e, iou_prep_timeout_update(sqe, &ts, 0xfeedfacecafebeefULL,
					      IOU_TIMEOUT_ABS));
	e.timeout_flags = IOU_TIMEOUT_UPDATE;
	CHECK_PREP(e, iou_prep_timeout_update(sqe, &ts, 0xfeedfacecafebeefULL,
					      0));
}

static void test_prep_link_timeout(void **state)
{
	struct iou_timespec ts = { 0, 1000000 };
	struct iou_sqe e = rw(IOU_OP_LINK_TIMEOUT, -1, u64p(&ts), 1, 0);

	(void)state;
	e.timeout_flags = IOU_TIMEOUT_BOOTTIME;
	CHECK_PREP(e, iou_prep_link_timeout(sqe, &ts, IOU_TIMEOUT_BOOTTIME));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sqe_size),
		cmocka_unit_test(test_prep_rw),
		cmocka_unit_test(test_prep_nop),
		cmocka_unit_test(test_prep_read_write),
		cmocka_unit_test(test_prep_readv_writev),
		cmocka_unit_test(test_prep_fixed),
		cmocka_unit_test(test_prep_read_multishot),
		cmocka_unit_test(test_prep_fsync),
		cmocka_unit_test(test_prep_sync_file_range),
		cmocka_unit_test(test_prep_fallocate),
		cmocka_unit_test(test_prep_ftruncate),
		cmocka_unit_test(test_prep_advise),
		cmocka_unit_test(test_prep_splice),
		cmocka_unit_test(test_prep_tee),
		cmocka_unit_test(test_prep_openat),
		cmocka_unit_test(test_prep_openat2),
		cmocka_unit_test(test_prep_close),
		cmocka_unit_test(test_prep_statx),
		cmocka_unit_test(test_prep_files_update),
		cmocka_unit_test(test_prep_fixed_fd_install),
		cmocka_unit_test(test_prep_pipe),
		cmocka_unit_test(test_prep_renameat),
		cmocka_unit_test(test_prep_unlinkat),
		cmocka_unit_test(test_prep_mkdirat),
		cmocka_unit_test(test_prep_symlinkat),
		cmocka_unit_test(test_prep_linkat),
		cmocka_unit_test(test_prep_xattr),
		cmocka_unit_test(test_prep_poll_add),
		cmocka_unit_test(test_prep_poll_multishot),
		cmocka_unit_test(test_prep_poll_remove),
		cmocka_unit_test(test_prep_poll_update),
		cmocka_unit_test(test_prep_epoll),
		cmocka_unit_test(test_prep_timeout),
		cmocka_unit_test(test_prep_timeout_remove),
		cmocka_unit_test(test_prep_timeout_update),
		cmocka_unit_test(test_prep_link_timeout),
	};

	return cmocka_run_group_tests_name("unit.prep", tests, NULL, NULL);
}

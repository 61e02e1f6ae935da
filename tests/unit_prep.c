/* unit_prep.c — prep helpers fill the fields liburing fills, and nothing else.
 *
 * Each case starts from an SQE full of garbage (several fill bytes), calls
 * one iou_prep_* helper and compares all 64 bytes with an expected SQE built
 * field by field from zero: every field the op needs holds its argument,
 * every other byte (user_data included) is 0. The expected placements follow
 * liburing 2.x's io_uring_prep_* helpers. Also covers iou_strerror,
 * iou_op_name, the SQE setters and the CQE helpers of iou.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <errno.h>
#include <string.h>
#include <stdio.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <cmocka.h>

#include "iou.h"

/* Distinct, recognisable argument values. */
#define PA ((void *)(uintptr_t)0x1122334455667788ULL)
#define PB ((void *)(uintptr_t)0x99aabbccddeeff00ULL)
#define PC ((void *)(uintptr_t)0x0102030405060708ULL)
#define BIG_OFF 0xfedcba9876543210ULL

static uint64_t u64p(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* Byte ranges of the SQE, to name the field a mismatch is in. */
static const struct {
	unsigned off, len;
	const char *name;
} sqe_fields[] = {
	{ 0, 1, "opcode" },     { 1, 1, "flags" },
	{ 2, 2, "ioprio" },     { 4, 4, "fd" },
	{ 8, 8, "off/addr2" },  { 16, 8, "addr/splice_off_in" },
	{ 24, 4, "len" },       { 28, 4, "op_flags" },
	{ 32, 8, "user_data" }, { 40, 2, "buf_index/buf_group" },
	{ 42, 2, "personality" }, { 44, 4, "file_index/splice_fd_in" },
	{ 48, 8, "addr3" },     { 56, 8, "__pad2" },
};

static const char *field_at(unsigned byte)
{
	for (size_t i = 0; i < sizeof(sqe_fields) / sizeof(sqe_fields[0]); i++)
		if (byte >= sqe_fields[i].off &&
		    byte < sqe_fields[i].off + sqe_fields[i].len)
			return sqe_fields[i].name;
	return "?";
}

static void check_sqe_at(const struct iou_sqe *got, const struct iou_sqe *exp,
			 const char *what, unsigned fill, const char *file,
			 int line)
{
	const unsigned char *g = (const unsigned char *)got;
	const unsigned char *e = (const unsigned char *)exp;
	int bad = 0;

	for (unsigned i = 0; i < sizeof(*got); i++) {
		if (g[i] == e[i])
			continue;
		print_error("%s (fill 0x%02x): byte %u (%s) is 0x%02x, "
			    "expected 0x%02x\n", what, fill, i, field_at(i),
			    g[i], e[i]);
		bad = 1;
	}
	if (bad) {
		print_error("%s: SQE differs from the expected one\n", what);
		_fail(file, line);
	}
}

#define check_sqe(got, exp, what, fill) \
	check_sqe_at(got, exp, what, fill, __FILE__, __LINE__)

/* Runs the prep statement on SQEs prefilled with several garbage bytes and
 * compares each result with exp. The statement sees the SQE as `sqe`. */
#define CHECK_PREP(exp, ...)                                                  \
	do {                                                                  \
		static const unsigned char fills_[] = { 0xA5, 0x5A, 0xFF,     \
							0x00 };               \
		for (size_t i_ = 0; i_ < sizeof(fills_); i_++) {              \
			struct iou_sqe got_;                                  \
			memset(&got_, fills_[i_], sizeof(got_));              \
			{                                                     \
				struct iou_sqe *sqe = &got_;                  \
				__VA_ARGS__;                                  \
			}                                                     \
			check_sqe(&got_, &(exp), #__VA_ARGS__, fills_[i_]);   \
		}                                                             \
	} while (0)

/* The expected SQE of iou_prep_rw: zero, then the five common fields. */
static struct iou_sqe rw(unsigned op, int fd, uint64_t addr, uint32_t len,
			 uint64_t off)
{
	struct iou_sqe e;

	memset(&e, 0, sizeof(e));
	e.opcode = (uint8_t)op;
	e.fd = fd;
	e.addr = addr;
	e.len = len;
	e.off = off;
	return e;
}

static uint32_t poll_mask_le(uint32_t m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	m = (m << 16) | (m >> 16);
#endif
	return m;
}

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

/* ---- Cancel ------------------------------------------------------------- */

static void test_prep_cancel(void **state)
{
	struct iou_sqe e;

	(void)state;
	/* user_data in addr */
	e = rw(IOU_OP_ASYNC_CANCEL, -1, 0xfeedfacecafebeefULL, 0, 0);
	e.cancel_flags = IOU_ASYNC_CANCEL_ALL;
	CHECK_PREP(e, iou_prep_cancel64(sqe, 0xfeedfacecafebeefULL,
					IOU_ASYNC_CANCEL_ALL));
	e = rw(IOU_OP_ASYNC_CANCEL, -1, u64p(PA), 0, 0);
	CHECK_PREP(e, iou_prep_cancel(sqe, PA, 0));
	/* cancel by fd: CANCEL_FD always set */
	e = rw(IOU_OP_ASYNC_CANCEL, 5, 0, 0, 0);
	e.cancel_flags = IOU_ASYNC_CANCEL_FD;
	CHECK_PREP(e, iou_prep_cancel_fd(sqe, 5, 0));
	e.cancel_flags = IOU_ASYNC_CANCEL_FD | IOU_ASYNC_CANCEL_ALL;
	CHECK_PREP(e, iou_prep_cancel_fd(sqe, 5, IOU_ASYNC_CANCEL_ALL));
}

/* ---- Socket setup ------------------------------------------------------- */

static void test_prep_socket(void **state)
{
	struct iou_sqe e;
	int type = SOCK_STREAM | SOCK_CLOEXEC;

	(void)state;
	/* domain in fd, type in off, protocol in len */
	e = rw(IOU_OP_SOCKET, AF_INET, 0, 6, (uint64_t)type);
	CHECK_PREP(e, iou_prep_socket(sqe, AF_INET, type, 6, 0));
	e.file_index = 8;
	CHECK_PREP(e, iou_prep_socket_direct(sqe, AF_INET, type, 6, 7, 0));
	e.file_index = IOU_FILE_INDEX_ALLOC;
	CHECK_PREP(e, iou_prep_socket_direct(sqe, AF_INET, type, 6,
					     IOU_FILE_INDEX_ALLOC, 0));
	CHECK_PREP(e, iou_prep_socket_direct_alloc(sqe, AF_INET, type, 6, 0));
}

static void test_prep_bind_listen(void **state)
{
	struct iou_sqe e;

	(void)state;
	/* addrlen in off */
	e = rw(IOU_OP_BIND, 4, u64p(PA), 0, 16);
	CHECK_PREP(e, iou_prep_bind(sqe, 4, PA, 16));
	/* backlog in len */
	e = rw(IOU_OP_LISTEN, 4, 0, 128, 0);
	CHECK_PREP(e, iou_prep_listen(sqe, 4, 128));
}

static void test_prep_accept(void **state)
{
	struct iou_sqe e;

	(void)state;
	/* addrlen pointer in addr2 */
	e = rw(IOU_OP_ACCEPT, 4, u64p(PA), 0, 0);
	e.addr2 = u64p(PB);
	e.accept_flags = SOCK_CLOEXEC;
	CHECK_PREP(e, iou_prep_accept(sqe, 4, PA, PB, SOCK_CLOEXEC));
	e.file_index = 10;
	CHECK_PREP(e, iou_prep_accept_direct(sqe, 4, PA, PB, SOCK_CLOEXEC, 9));
	e.file_index = IOU_FILE_INDEX_ALLOC;
	CHECK_PREP(e, iou_prep_accept_direct(sqe, 4, PA, PB, SOCK_CLOEXEC,
					     IOU_FILE_INDEX_ALLOC));
}

static void test_prep_multishot_accept(void **state)
{
	struct iou_sqe e = rw(IOU_OP_ACCEPT, 4, 0, 0, 0);

	(void)state;
	e.ioprio = IOU_ACCEPT_MULTISHOT;
	CHECK_PREP(e, iou_prep_multishot_accept(sqe, 4, NULL, NULL, 0));
	e.file_index = IOU_FILE_INDEX_ALLOC;
	CHECK_PREP(e, iou_prep_multishot_accept_direct(sqe, 4, NULL, NULL, 0));
}

static void test_prep_connect_shutdown(void **state)
{
	struct iou_sqe e;

	(void)state;
	e = rw(IOU_OP_CONNECT, 4, u64p(PA), 0, 28);
	CHECK_PREP(e, iou_prep_connect(sqe, 4, PA, 28));
	/* how in len */
	e = rw(IOU_OP_SHUTDOWN, 4, 0, SHUT_WR, 0);
	CHECK_PREP(e, iou_prep_shutdown(sqe, 4, SHUT_WR));
}

/* ---- Socket data -------------------------------------------------------- */

static void test_prep_send_recv(void **state)
{
	struct iou_sqe e;

	(void)state;
	e = rw(IOU_OP_SEND, 4, u64p(PA), 100, 0);
	e.msg_flags = MSG_NOSIGNAL;
	CHECK_PREP(e, iou_prep_send(sqe, 4, PA, 100, MSG_NOSIGNAL));
	/* len is 32 bits, as in liburing */
	e.len = 0x23456789;
	CHECK_PREP(e, iou_prep_send(sqe, 4, PA, (size_t)0x123456789ULL,
				    MSG_NOSIGNAL));
	e = rw(IOU_OP_RECV, 4, u64p(PA), 100, 0);
	e.msg_flags = MSG_WAITALL;
	CHECK_PREP(e, iou_prep_recv(sqe, 4, PA, 100, MSG_WAITALL));
	e = rw(IOU_OP_RECV, 4, 0, 0, 0);
	e.ioprio = IOU_RECV_MULTISHOT;
	CHECK_PREP(e, iou_prep_recv_multishot(sqe, 4, NULL, 0, 0));
	e = rw(IOU_OP_SEND, 4, 0, 100, 0);
	e.msg_flags = 0x40;
	e.ioprio = IOU_RECVSEND_BUNDLE;
	CHECK_PREP(e, iou_prep_send_bundle(sqe, 4, 100, 0x40));
}

static void test_prep_send_set_addr(void **state)
{
	struct iou_sqe e, base;

	(void)state;
	/* amends an SQE: only addr2 and addr_len change */
	memset(&base, 0xA5, sizeof(base));
	e = base;
	e.addr2 = u64p(PB);
	e.addr_len = 16;
	iou_prep_send_set_addr(&base, PB, 16);
	check_sqe(&base, &e, "iou_prep_send_set_addr", 0xA5);

	e = rw(IOU_OP_SEND, 4, u64p(PA), 100, u64p(PB));
	e.msg_flags = 0x40;
	e.addr_len = 110;
	CHECK_PREP(e, iou_prep_sendto(sqe, 4, PA, 100, 0x40, PB, 110));
	e = rw(IOU_OP_SEND_ZC, 4, u64p(PA), 10, u64p(PB));
	e.msg_flags = 1;
	e.ioprio = IOU_SEND_ZC_REPORT_USAGE;
	e.addr_len = 16;
	CHECK_PREP(e, iou_prep_send_zc(sqe, 4, PA, 10, 1,
				       IOU_SEND_ZC_REPORT_USAGE);
		   iou_prep_send_set_addr(sqe, PB, 16));
}

static void test_prep_send_zc(void **state)
{
	struct iou_sqe e;

	(void)state;
	/* zc_flags in ioprio */
	e = rw(IOU_OP_SEND_ZC, 4, u64p(PA), 100, 0);
	e.msg_flags = MSG_NOSIGNAL;
	e.ioprio = IOU_SEND_ZC_REPORT_USAGE;
	CHECK_PREP(e, iou_prep_send_zc(sqe, 4, PA, 100, MSG_NOSIGNAL,
				       IOU_SEND_ZC_REPORT_USAGE));
	e.ioprio = IOU_SEND_ZC_REPORT_USAGE | IOU_RECVSEND_FIXED_BUF;
	e.buf_index = 33;
	CHECK_PREP(e, iou_prep_send_zc_fixed(sqe, 4, PA, 100, MSG_NOSIGNAL,
					     IOU_SEND_ZC_REPORT_USAGE, 33));
}

static void test_prep_sendmsg_recvmsg(void **state)
{
	struct iou_sqe e;

	(void)state;
	/* msg in addr, len 1 */
	e = rw(IOU_OP_SENDMSG, 4, u64p(PA), 1, 0);
	e.msg_flags = MSG_NOSIGNAL;
	CHECK_PREP(e, iou_prep_sendmsg(sqe, 4, PA, MSG_NOSIGNAL));
	e.opcode = IOU_OP_SENDMSG_ZC;
	CHECK_PREP(e, iou_prep_sendmsg_zc(sqe, 4, PA, MSG_NOSIGNAL));
	e.ioprio = IOU_RECVSEND_FIXED_BUF;
	e.buf_index = 3;
	CHECK_PREP(e, iou_prep_sendmsg_zc_fixed(sqe, 4, PA, MSG_NOSIGNAL, 3));
	e = rw(IOU_OP_RECVMSG, 4, u64p(PA), 1, 0);
	e.msg_flags = MSG_TRUNC;
	CHECK_PREP(e, iou_prep_recvmsg(sqe, 4, PA, MSG_TRUNC));
	e.ioprio = IOU_RECV_MULTISHOT;
	CHECK_PREP(e, iou_prep_recvmsg_multishot(sqe, 4, PA, MSG_TRUNC));
}

/* ---- Provided buffers --------------------------------------------------- */

static void test_prep_provide_buffers(void **state)
{
	/* nr in fd, bid in off, bgid in buf_group */
	struct iou_sqe e = rw(IOU_OP_PROVIDE_BUFFERS, 16, u64p(PA), 4096, 100);

	(void)state;
	e.buf_group = 3;
	CHECK_PREP(e, iou_prep_provide_buffers(sqe, PA, 4096, 16, 3, 100));
}

static void test_prep_remove_buffers(void **state)
{
	struct iou_sqe e = rw(IOU_OP_REMOVE_BUFFERS, 16, 0, 0, 0);

	(void)state;
	e.buf_group = 0xfffe;
	CHECK_PREP(e, iou_prep_remove_buffers(sqe, 16, 0xfffe));
}

/* ---- Messages between rings --------------------------------------------- */

static void test_prep_msg_ring(void **state)
{
	struct iou_sqe e;

	(void)state;
	/* len -> res, data -> user_data of the target CQE (in off) */
	e = rw(IOU_OP_MSG_RING, 8, IOU_MSG_DATA, 0x77, 0xabcdef0123ULL);
	CHECK_PREP(e, iou_prep_msg_ring(sqe, 8, 0x77, 0xabcdef0123ULL, 0));
	e.msg_ring_flags = IOU_MSG_RING_CQE_SKIP;
	CHECK_PREP(e, iou_prep_msg_ring(sqe, 8, 0x77, 0xabcdef0123ULL,
					IOU_MSG_RING_CQE_SKIP));
	e.msg_ring_flags = IOU_MSG_RING_FLAGS_PASS;
	e.file_index = IOU_CQE_F_MORE;
	CHECK_PREP(e, iou_prep_msg_ring_cqe_flags(sqe, 8, 0x77, 0xabcdef0123ULL,
						  0, IOU_CQE_F_MORE));
}

static void test_prep_msg_ring_fd(void **state)
{
	struct iou_sqe e;

	(void)state;
	e = rw(IOU_OP_MSG_RING, 8, IOU_MSG_SEND_FD, 0, 0xabcdef0123ULL);
	e.addr3 = 3;
	e.file_index = 6;
	CHECK_PREP(e, iou_prep_msg_ring_fd(sqe, 8, 3, 5, 0xabcdef0123ULL, 0));
	e.file_index = IOU_FILE_INDEX_ALLOC;
	CHECK_PREP(e, iou_prep_msg_ring_fd_alloc(sqe, 8, 3, 0xabcdef0123ULL,
						 0));
}

/* ---- Misc --------------------------------------------------------------- */

static void test_prep_uring_cmd(void **state)
{
	struct iou_sqe e;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.opcode = IOU_OP_URING_CMD;
	e.fd = 5;
	e.cmd_op = 0x12345678;
	CHECK_PREP(e, iou_prep_uring_cmd(sqe, 0x12345678, 5));
	/* socket commands: level/optname in addr, optval in addr3, optlen in
	 * file_index's slot */
	e.cmd_op = 2;
	e.level = SOL_SOCKET;
	e.optname = SO_RCVBUF;
	e.optval = u64p(PA);
	e.optlen = 4;
	CHECK_PREP(e, iou_prep_cmd_sock(sqe, 2, 5, SOL_SOCKET, SO_RCVBUF, PA,
					4));
}

static void test_prep_futex(void **state)
{
	struct iou_sqe e;

	(void)state;
	/* futex2 flags in fd, val in off, mask in addr3 */
	e = rw(IOU_OP_FUTEX_WAKE, 2, u64p(PA), 0, 1);
	e.addr3 = 0xffffffffULL;
	CHECK_PREP(e, iou_prep_futex_wake(sqe, PA, 1, 0xffffffffULL, 2, 0));
	e.opcode = IOU_OP_FUTEX_WAIT;
	CHECK_PREP(e, iou_prep_futex_wait(sqe, PA, 1, 0xffffffffULL, 2, 0));
	e = rw(IOU_OP_FUTEX_WAITV, 0, u64p(PA), 3, 0);
	CHECK_PREP(e, iou_prep_futex_waitv(sqe, PA, 3, 0));
}

static void test_prep_waitid(void **state)
{
	(void)state;
#ifdef IOU__HAVE_WAITID
	/* id in fd, idtype in len, options in file_index, infop in addr2 */
	struct iou_sqe e = rw(IOU_OP_WAITID, 1234, 0, P_PID, u64p(PA));

	e.file_index = WEXITED;
	CHECK_PREP(e, iou_prep_waitid(sqe, P_PID, 1234, PA, WEXITED, 0));
#else
	skip();
#endif
}

/* The setters amend a prepared SQE; user_data and flags start at 0. */
static void test_sqe_setters(void **state)
{
	struct iou_sqe s;

	(void)state;
	memset(&s, 0xA5, sizeof(s));
	iou_prep_nop(&s);
	assert_int_equal(s.user_data, 0);
	assert_int_equal(s.flags, 0);
	iou_sqe_set_data64(&s, 0x0123456789abcdefULL);
	assert_int_equal(s.user_data, 0x0123456789abcdefULL);
	iou_sqe_set_data(&s, PA);
	assert_int_equal(s.user_data, u64p(PA));
	iou_sqe_set_flags(&s, IOU_SQE_IO_LINK | IOU_SQE_BUFFER_SELECT);
	assert_int_equal(s.flags, IOU_SQE_IO_LINK | IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(&s, 0xbeef);
	assert_int_equal(s.buf_group, 0xbeef);
	assert_int_equal(s.opcode, IOU_OP_NOP);
	assert_int_equal(s.fd, -1);
}

/* ---- CQE helpers -------------------------------------------------------- */

static void test_cqe_helpers(void **state)
{
	struct iou_cqe c = { .user_data = 0x42, .res = 7, .flags = 0 };

	(void)state;
	assert_int_equal(iou_cqe_buffer_id(&c), -1);
	assert_false(iou_cqe_has_more(&c));
	assert_false(iou_cqe_is_notif(&c));
	assert_int_equal(iou_cqe_get_data64(&c), 0x42);
	assert_ptr_equal(iou_cqe_get_data(&c), (void *)(uintptr_t)0x42);

	c.flags = IOU_CQE_F_BUFFER | (5U << IOU_CQE_BUFFER_SHIFT);
	assert_int_equal(iou_cqe_buffer_id(&c), 5);
	c.flags = IOU_CQE_F_BUFFER | (0xffffU << IOU_CQE_BUFFER_SHIFT) |
		  IOU_CQE_F_MORE;
	assert_int_equal(iou_cqe_buffer_id(&c), 0xffff);
	assert_true(iou_cqe_has_more(&c));
	assert_false(iou_cqe_is_notif(&c));
	c.flags = IOU_CQE_F_BUFFER;
	assert_int_equal(iou_cqe_buffer_id(&c), 0);
	/* bid bits without F_BUFFER are not a buffer */
	c.flags = 9U << IOU_CQE_BUFFER_SHIFT;
	assert_int_equal(iou_cqe_buffer_id(&c), -1);
	c.flags = IOU_CQE_F_NOTIF;
	assert_true(iou_cqe_is_notif(&c));
	assert_false(iou_cqe_has_more(&c));
	c.flags = IOU_CQE_F_MORE | IOU_CQE_F_NOTIF | IOU_CQE_F_SOCK_NONEMPTY;
	assert_true(iou_cqe_is_notif(&c));
	assert_true(iou_cqe_has_more(&c));
}

/* ---- iou_strerror, iou_op_name ------------------------------------------ */

static void test_strerror(void **state)
{
	char want[32];

	(void)state;
	assert_string_equal(iou_strerror(-ECANCELED),
			    "-ECANCELED: operation canceled");
	assert_string_equal(iou_strerror(-EAGAIN),
			    "-EAGAIN: resource temporarily unavailable, try again");
	assert_string_equal(iou_strerror(-EWOULDBLOCK), iou_strerror(-EAGAIN));
	assert_string_equal(iou_strerror(-ENOBUFS),
			    "-ENOBUFS: no buffer space available");
	assert_string_equal(iou_strerror(-ETIME), "-ETIME: timer expired");
	assert_string_equal(iou_strerror(-EINVAL), "-EINVAL: invalid argument");
	assert_string_equal(iou_strerror(-EDEADLK),
			    "-EDEADLK: resource deadlock would occur");
	assert_string_equal(iou_strerror(0), "0: success");

	/* symbolic name first, never NULL */
	snprintf(want, sizeof(want), "-%s:", "EBADF");
	assert_memory_equal(iou_strerror(-EBADF), want, strlen(want));
	for (int e = 1; e <= 133; e++) {
		const char *s = iou_strerror(-e);

		assert_non_null(s);
		if (strcmp(s, "unknown error") == 0)
			continue; /* a gap in the numbering (41, 58 on x86) */
		assert_memory_equal(s, "-E", 2);
		assert_non_null(strstr(s, ": "));
	}
	assert_string_equal(iou_strerror(-4095), "unknown error");
	assert_string_equal(iou_strerror(INT_MIN), "unknown error");
	assert_string_equal(iou_strerror(5), "unknown error");
	assert_string_equal(iou_strerror(INT_MAX), "unknown error");
}

static void test_op_name(void **state)
{
	(void)state;
	assert_string_equal(iou_op_name(IOU_OP_NOP), "NOP");
	assert_string_equal(iou_op_name(IOU_OP_READ), "READ");
	assert_string_equal(iou_op_name(IOU_OP_SEND_ZC), "SEND_ZC");
	assert_string_equal(iou_op_name(IOU_OP_ASYNC_CANCEL), "ASYNC_CANCEL");
	assert_string_equal(iou_op_name(IOU_OP_PROVIDE_BUFFERS),
			    "PROVIDE_BUFFERS");
	assert_string_equal(iou_op_name(IOU_OP_LISTEN), "LISTEN");
	assert_string_equal(iou_op_name(IOU_OP_LAST - 1), "PIPE");
	assert_string_equal(iou_op_name(IOU_OP_LAST), "UNKNOWN");
	assert_string_equal(iou_op_name(255), "UNKNOWN");
	assert_string_equal(iou_op_name(UINT_MAX), "UNKNOWN");
	for (unsigned op = 0; op < IOU_OP_LAST; op++) {
		const char *s = iou_op_name(op);

		assert_non_null(s);
		assert_string_not_equal(s, "UNKNOWN");
		for (unsigned o = 0; o < op; o++)
			assert_string_not_equal(s, iou_op_name(o));
	}
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
		cmocka_unit_test(test_prep_cancel),
		cmocka_unit_test(test_prep_socket),
		cmocka_unit_test(test_prep_bind_listen),
		cmocka_unit_test(test_prep_accept),
		cmocka_unit_test(test_prep_multishot_accept),
		cmocka_unit_test(test_prep_connect_shutdown),
		cmocka_unit_test(test_prep_send_recv),
		cmocka_unit_test(test_prep_send_set_addr),
		cmocka_unit_test(test_prep_send_zc),
		cmocka_unit_test(test_prep_sendmsg_recvmsg),
		cmocka_unit_test(test_prep_provide_buffers),
		cmocka_unit_test(test_prep_remove_buffers),
		cmocka_unit_test(test_prep_msg_ring),
		cmocka_unit_test(test_prep_msg_ring_fd),
		cmocka_unit_test(test_prep_uring_cmd),
		cmocka_unit_test(test_prep_futex),
		cmocka_unit_test(test_prep_waitid),
		cmocka_unit_test(test_sqe_setters),
		cmocka_unit_test(test_cqe_helpers),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_op_name),
	};

	return cmocka_run_group_tests_name("unit.prep", tests, NULL, NULL);
}

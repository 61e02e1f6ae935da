/* cases_edge.c — conformance: edge values of the read/write family
 * (offsets near INT64_MAX, negative offsets, zero and huge lengths) on
 * files and pipes. The answers were measured on 6.18: rw_verify_area
 * refuses a negative offset and one where offset + length passes
 * INT64_MAX with -EINVAL, before the offset is used (even on a pipe). */
#include "cases.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>

enum { OP_READ, OP_WRITE, OP_READV, OP_WRITEV, OP_N };
static const char *const op_names[OP_N] = { "READ", "WRITE", "READV",
					    "WRITEV" };

/* One read or write of len bytes at off on fd, alone; returns its res. */
static int rw1(struct fx *fx, int op, int fd, void *buf, unsigned len,
	       uint64_t off)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iovec iov = { buf, len };
	struct iou_cqe cqe;

	switch (op) {
	case OP_READ:
		iou_prep_read(sqe, fd, buf, len, off);
		break;
	case OP_WRITE:
		iou_prep_write(sqe, fd, buf, len, off);
		break;
	case OP_READV:
		iou_prep_readv(sqe, fd, &iov, 1, off);
		break;
	default:
		iou_prep_writev(sqe, fd, &iov, 1, off);
		break;
	}
	iou_sqe_set_data64(sqe, 0xed9e);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 0xed9e);
	return cqe.res;
}

/* Offsets a kernel refuses whatever the file: negative (other than -1,
 * the file position) or with offset + length past INT64_MAX. */
void case_rw_offset_overflow_einval(struct fx *fx)
{
	static const uint64_t bad[] = {
		(uint64_t)INT64_MAX, (uint64_t)INT64_MAX - 1,
		(uint64_t)INT64_MAX - 4, (uint64_t)INT64_MIN,
		(uint64_t)-2,
	};
	char buf[8] = "hello";
	int fd, p[2];

	fx_file(fx, "edge", "hello", 5);
	fd = fx_open(fx, "edge", O_RDWR);
	for (int op = 0; op < OP_N; op++) {
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			int res = rw1(fx, op, fd, buf, 5, bad[i]);

			if (res != -EINVAL)
				fail_msg("%s at offset %#llx: %d, want -EINVAL",
					 op_names[op],
					 (unsigned long long)bad[i], res);
		}
	}
	/* a pipe ignores offsets, but not these */
	fx_pipe(fx, p);
	assert_int_equal(rw1(fx, OP_WRITE, p[1], buf, 1, INT64_MAX), -EINVAL);
	assert_int_equal(rw1(fx, OP_READ, p[0], buf, 1, INT64_MAX), -EINVAL);
}

/* Right at the edge: offset + length == INT64_MAX is allowed (a read
 * there is at EOF; a write is past the file size limit), and so is a
 * zero length at INT64_MAX. */
void case_rw_offset_at_edge(struct fx *fx)
{
	char buf[8] = "hello";
	int fd, res;

	fx_file(fx, "edge", "hello", 5);
	fd = fx_open(fx, "edge", O_RDWR);
	assert_int_equal(rw1(fx, OP_READ, fd, buf, 4, INT64_MAX - 4), 0);
	assert_int_equal(rw1(fx, OP_READV, fd, buf, 4, INT64_MAX - 4), 0);
	assert_int_equal(rw1(fx, OP_READ, fd, buf, 0, INT64_MAX), 0);
	assert_int_equal(rw1(fx, OP_WRITE, fd, buf, 0, INT64_MAX), 0);
	res = rw1(fx, OP_WRITE, fd, buf, 4, INT64_MAX - 4);
	if (res != -EFBIG)
		fail_msg("WRITE ending at INT64_MAX: %d, want -EFBIG", res);
}

/* A length far past the file (UINT32_MAX, clamped by the kernel to
 * MAX_RW_COUNT) reads what the file holds: the whole 5 bytes, or a short
 * read of at least one. The buffer is static: the kernel checks that the
 * whole clamped range lies in user space (access_ok), which a stack
 * buffer near the top of the address space fails with -EFAULT. */
void case_read_huge_length_reads_file(struct fx *fx)
{
	static char buf[64];
	int fd, res;

	memset(buf, 0, sizeof(buf));
	fx_file(fx, "edge", "hello", 5);
	fd = fx_open(fx, "edge", O_RDONLY);
	res = rw1(fx, OP_READ, fd, buf, UINT32_MAX, 0);
	if (res < 1 || res > 5)
		fail_msg("READ of UINT32_MAX bytes from a 5-byte file: %d", res);
	assert_memory_equal(buf, "hello", (size_t)res);
	fx_note(fx, "huge-length read: %d bytes", res);
}

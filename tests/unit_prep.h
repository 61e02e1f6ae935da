/* unit_prep.h — what the prep-helper tests (unit_prep.c, unit_prep_more.c)
 * share: the SQE compared byte by byte against one built field by field,
 * from SQEs full of garbage. */
#ifndef UNIT_PREP_H
#define UNIT_PREP_H

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

static inline uint64_t u64p(const void *p)
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

static inline void check_sqe_at(const struct iou_sqe *got, const struct iou_sqe *exp,
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
static inline struct iou_sqe rw(unsigned op, int fd, uint64_t addr, uint32_t len,
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

static inline uint32_t poll_mask_le(uint32_t m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	m = (m << 16) | (m >> 16);
#endif
	return m;
}

#endif /* UNIT_PREP_H */

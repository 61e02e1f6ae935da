/* cases_buf.c — conformance: provided buffers (legacy PROVIDE/REMOVE and
 * buf_ring), buffer select (on files and on a socket READ), multishot
 * recv. */
#include "cases.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>

#define BGID 7
#define BLEN 64

static int provide(struct fx *fx, void *addr, int len, int nr, int bid)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	iou_prep_provide_buffers(sqe, addr, len, nr, BGID, bid);
	iou_sqe_set_data64(sqe, 0x9b);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 0x9b);
	return cqe.res;
}

static int remove_bufs(struct fx *fx, int nr)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	iou_prep_remove_buffers(sqe, nr, BGID);
	iou_sqe_set_data64(sqe, 0x9c);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 0x9c);
	return cqe.res;
}

/* A buffer-selected read of fd at offset; returns the CQE. */
static struct iou_cqe select_read(struct fx *fx, int fd, unsigned len,
				  uint64_t off)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	struct iou_cqe cqe;

	iou_prep_read(sqe, fd, NULL, len, off);
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, BGID);
	iou_sqe_set_data64(sqe, 0x5e);
	fx_submit_wait(fx, 1, &cqe, 1);
	assert_int_equal(cqe.user_data, 0x5e);
	return cqe;
}

/* REMOVE_BUFFERS returns how many it removed; asking for more than are
 * left removes what is there; an emptied group then has nothing to give. */
void case_provide_remove_buffers_count(struct fx *fx)
{
	char bufs[4][BLEN];
	char data[BLEN];
	struct iou_cqe cqe;
	int fd;

	fx_fill(data, sizeof(data), 9);
	fx_file(fx, "pb", data, sizeof(data));
	fd = fx_open(fx, "pb", O_RDONLY);
	assert_true(provide(fx, bufs, BLEN, 4, 0) >= 0);
	assert_int_equal(remove_bufs(fx, 3), 3);
	assert_int_equal(remove_bufs(fx, 3), 1);
	cqe = select_read(fx, fd, BLEN, 0);
	assert_int_equal(cqe.res, -ENOBUFS);
	assert_int_equal(cqe.flags & IOU_CQE_F_BUFFER, 0);
}

/* "Remove 3 of 4" leaves one buffer; which one is not promised: a read
 * gets some bid in 0..3 and its data lands in that buffer. */
void case_remove_buffers_leaves_any_valid_bid(struct fx *fx)
{
	char bufs[4][BLEN];
	char data[BLEN];
	struct iou_cqe cqe;
	int fd, bid;

	fx_fill(data, sizeof(data), 10);
	fx_file(fx, "pb", data, sizeof(data));
	fd = fx_open(fx, "pb", O_RDONLY);
	memset(bufs, 0, sizeof(bufs));
	assert_true(provide(fx, bufs, BLEN, 4, 0) >= 0);
	assert_int_equal(remove_bufs(fx, 3), 3);
	cqe = select_read(fx, fd, BLEN, 0);
	assert_true(cqe.res > 0 && cqe.res <= BLEN);
	assert_true(cqe.flags & IOU_CQE_F_BUFFER);
	bid = iou_cqe_buffer_id(&cqe);
	assert_true(bid >= 0 && bid < 4);
	fx_note(fx, "bid %d left after removing 3 of 4", bid);
	assert_memory_equal(bufs[bid], data, (size_t)cqe.res);
}

/* Buffer-selected reads each get a distinct provided buffer, bid = flags
 * >> 16 in the provided range; once the group is empty: -ENOBUFS without
 * F_BUFFER. */
void case_buffer_select_read_then_enobufs(struct fx *fx)
{
	char bufs[2][BLEN];
	char data[2 * BLEN];
	struct iou_cqe c1, c2, c3;
	int fd, b1, b2;

	memset(bufs, 0, sizeof(bufs));
	fx_fill(data, sizeof(data), 12);
	fx_file(fx, "bs", data, sizeof(data));
	fd = fx_open(fx, "bs", O_RDONLY);
	assert_true(provide(fx, bufs, BLEN, 2, 10) >= 0);
	c1 = select_read(fx, fd, BLEN, 0);
	c2 = select_read(fx, fd, BLEN, BLEN);
	b1 = iou_cqe_buffer_id(&c1);
	b2 = iou_cqe_buffer_id(&c2);
	assert_true(c1.res > 0 && c2.res > 0);
	assert_true(b1 == 10 || b1 == 11);
	assert_true(b2 == 10 || b2 == 11);
	assert_int_not_equal(b1, b2);
	assert_memory_equal(bufs[b1 - 10], data, (size_t)c1.res);
	assert_memory_equal(bufs[b2 - 10], data + BLEN, (size_t)c2.res);
	c3 = select_read(fx, fd, BLEN, 0);
	assert_int_equal(c3.res, -ENOBUFS);
	assert_int_equal(c3.flags & IOU_CQE_F_BUFFER, 0);
}

/* recv with a buf_ring: the kernel takes buffers in ring order. */
void case_buf_ring_recv_in_ring_order(struct fx *fx)
{
	static const unsigned short order[4] = { 3, 1, 2, 0 };
	char bufs[4][BLEN];
	char msg[2][BLEN];
	struct fx_tcp t;
	struct iou_buf_ring *br = fx_buf_ring(fx, 4, BGID);
	unsigned i, k;

	memset(bufs, 0, sizeof(bufs));
	fx_tcp_pair(fx, &t);
	for (i = 0; i < 4; i++)
		iou_buf_ring_add(br, bufs[order[i]], BLEN, order[i],
				 iou_buf_ring_mask(4), (int)i);
	iou_buf_ring_advance(br, 4);
	for (k = 0; k < 2; k++) {
		struct iou_sqe *sqe;
		struct iou_cqe cqe;
		int bid;

		fx_fill(msg[k], BLEN, 20 + k);
		fx_write_all(fx, t.client, msg[k], BLEN);
		sqe = fx_sqe(fx);
		iou_prep_recv(sqe, t.server, NULL, BLEN, 0);
		iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
		iou_sqe_set_buf_group(sqe, BGID);
		iou_sqe_set_data64(sqe, k);
		fx_submit_wait(fx, 1, &cqe, 1);
		assert_true(cqe.res > 0 && cqe.res <= BLEN);
		bid = iou_cqe_buffer_id(&cqe);
		assert_int_equal(bid, order[k]);
		assert_memory_equal(bufs[bid], msg[k], (size_t)cqe.res);
		if (cqe.res < BLEN) /* short: take the rest off the socket */
			fx_recv_all(fx, t.server, msg[k], BLEN - (size_t)cqe.res);
	}
}

#define MS_BLEN 16
#define MS_TOTAL 48

/* One armed multishot recv, reaped until its final CQE. Data goes to
 * out[*got..]. Returns the final CQE's res. Checks the multishot rules:
 * every CQE but the last has F_MORE; data CQEs carry F_BUFFER. */
static int mshot_recv_round(struct fx *fx, int fd, uint64_t ud,
			    char (*bufs)[MS_BLEN], char *out, size_t *got,
			    struct iou_buf_ring *br, int recycle)
{
	struct iou_sqe *sqe = fx_sqe(fx);
	unsigned n;

	iou_prep_recv_multishot(sqe, fd, NULL, 0, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, BGID);
	iou_sqe_set_data64(sqe, ud);
	fx_submit(fx, 1);
	for (n = 0; n < 100; n++) {
		struct iou_cqe cqe = fx_reap1(fx);
		int bid;

		assert_int_equal(cqe.user_data, ud);
		if (cqe.res > 0) {
			assert_true(cqe.flags & IOU_CQE_F_BUFFER);
			bid = iou_cqe_buffer_id(&cqe);
			assert_true(bid >= 0 && bid < 2);
			assert_true(cqe.res <= MS_BLEN);
			assert_true(*got + (size_t)cqe.res <= MS_TOTAL);
			memcpy(out + *got, bufs[bid], (size_t)cqe.res);
			*got += (size_t)cqe.res;
			if (recycle) {
				iou_buf_ring_add(br, bufs[bid], MS_BLEN,
						 (unsigned short)bid,
						 iou_buf_ring_mask(2), 0);
				iou_buf_ring_advance(br, 1);
			}
		} else {
			assert_int_equal(cqe.flags & IOU_CQE_F_BUFFER, 0);
			assert_false(cqe.flags & IOU_CQE_F_MORE);
		}
		if (!(cqe.flags & IOU_CQE_F_MORE))
			return cqe.res;
	}
	fail_msg("multishot recv did not end");
	return 0;
}

/* Multishot recv on a 2-buffer buf_ring with 48 bytes waiting: it ends
 * (no F_MORE) with -ENOBUFS once the ring is empty; re-armed after the
 * buffers are recycled it delivers the rest, then EOF ends it. An early
 * end (a final CQE with data, or -ENOBUFS while buffers are in flight) is
 * legal: re-arm. */
void case_recv_multishot_enobufs_then_rearm(struct fx *fx)
{
	char bufs[2][MS_BLEN];
	char data[MS_TOTAL], out[MS_TOTAL];
	struct fx_tcp t;
	struct iou_buf_ring *br = fx_buf_ring(fx, 2, BGID);
	size_t got = 0;
	uint64_t ud = 1;
	int res, rounds = 0;

	memset(bufs, 0, sizeof(bufs));
	memset(out, 0, sizeof(out));
	fx_tcp_pair(fx, &t);
	fx_fill(data, sizeof(data), 30);
	fx_write_all(fx, t.client, data, sizeof(data));
	assert_int_equal(iou_sys_shutdown(&fx->ring, t.client, SHUT_WR), 0);
	iou_buf_ring_add(br, bufs[0], MS_BLEN, 0, iou_buf_ring_mask(2), 0);
	iou_buf_ring_add(br, bufs[1], MS_BLEN, 1, iou_buf_ring_mask(2), 1);
	iou_buf_ring_advance(br, 2);

	/* Phase 1: no recycling; the ring runs dry -> -ENOBUFS. */
	do {
		res = mshot_recv_round(fx, t.server, ud++, bufs, out, &got,
				       br, 0);
		assert_true(++rounds < 10);
	} while (res > 0);
	assert_int_equal(res, -ENOBUFS);
	fx_note(fx, "-ENOBUFS after %zu bytes, %d arm(s)", got, rounds);
	assert_true(got > 0 && got <= 2 * MS_BLEN);
	assert_memory_equal(out, data, got);

	/* Phase 2: buffers back, re-arm until EOF (res 0). */
	iou_buf_ring_add(br, bufs[0], MS_BLEN, 0, iou_buf_ring_mask(2), 0);
	iou_buf_ring_add(br, bufs[1], MS_BLEN, 1, iou_buf_ring_mask(2), 1);
	iou_buf_ring_advance(br, 2);
	do {
		res = mshot_recv_round(fx, t.server, ud++, bufs, out, &got,
				       br, 1);
		assert_true(res >= 0 || res == -ENOBUFS);
		assert_true(++rounds < 40);
	} while (res != 0);
	fx_note(fx, "EOF after %d arm(s) in all", rounds);
	assert_int_equal(got, MS_TOTAL);
	assert_memory_equal(out, data, MS_TOTAL);
}

/* A buffer-selected READ on a socket selects as recv does: it waits for
 * data without holding a buffer, then reads into one (F_BUFFER, the bytes
 * in that bid). At EOF it reads 0; whether that CQE reports a buffer is
 * not promised (KERNEL_FACTS "Buffers": F_BUFFER only on success; 6.18's
 * io_read reports, and consumes, the buffer it selected). */
void case_buffer_select_read_on_socket(struct fx *fx)
{
	char bufs[8][BLEN]; /* 4 one-byte reads and EOF may take 5 */
	struct fx_tcp t;
	struct iou_sqe *sqe;
	struct iou_cqe cqe;
	unsigned bid;

	fx_tcp_pair(fx, &t);
	assert_true(provide(fx, bufs, BLEN, 8, 0) >= 0);
	sqe = fx_sqe(fx);
	iou_prep_read(sqe, t.server, NULL, BLEN, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, BGID);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	fx_write_all(fx, t.client, "sock", 4);
	cqe = fx_reap1(fx);
	assert_int_equal(cqe.user_data, 1);
	assert_true(cqe.res >= 1 && cqe.res <= 4);
	assert_true(cqe.flags & IOU_CQE_F_BUFFER);
	bid = cqe.flags >> IOU_CQE_BUFFER_SHIFT;
	assert_true(bid < 8);
	assert_memory_equal(bufs[bid], "sock", (size_t)cqe.res);
	assert_int_equal(iou_sys_shutdown(&fx->ring, t.client, SHUT_WR), 0);
	/* drain what is left, then EOF */
	for (unsigned rounds = 0;; rounds++) {
		assert_true(rounds < 8);
		cqe = select_read(fx, t.server, BLEN, 0);
		if (cqe.res == 0)
			break;
		assert_true(cqe.res > 0);
		assert_true(cqe.flags & IOU_CQE_F_BUFFER);
	}
	fx_note(fx, "EOF %s a buffer",
		cqe.flags & IOU_CQE_F_BUFFER ? "reports" : "does not report");
}

/* unit_prep_more.c — prep helpers, part 2 (unit_prep.c has the rest and
 * says how): cancel, sockets, provided buffers, messages between rings,
 * the other ops; the CQE helpers, iou_strerror and iou_op_name. */
#include "unit_prep.h"

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

	return cmocka_run_group_tests_name("unit.prep_more", tests, NULL, NULL);
}

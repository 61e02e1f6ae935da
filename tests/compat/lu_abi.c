/* lu_abi.c — compat/liburing/io_uring.h (the kernel ABI under the kernel's
 * names, for liburing programs) agrees with api/iou_abi.h (iou's own, which
 * tests/unit_abi.c checks against the installed kernel header): every
 * shared struct field at the same offset and size, every constant equal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <liburing.h>

#define SAME_FIELD(a, b, f)                                                    \
	do {                                                                   \
		assert_int_equal(offsetof(a, f), offsetof(b, f));              \
		assert_int_equal(sizeof(((a *)0)->f), sizeof(((b *)0)->f));    \
	} while (0)

static void structs(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct io_uring_sqe), sizeof(struct iou_sqe));
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, opcode);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, flags);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, ioprio);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, fd);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, off);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, cmd_op);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, addr);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, level);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, optname);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, len);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, rw_flags);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, poll32_events);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, user_data);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, buf_index);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, personality);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, splice_fd_in);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, addr_len);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, addr3);
	SAME_FIELD(struct io_uring_sqe, struct iou_sqe, optval);

	assert_int_equal(sizeof(struct io_uring_cqe), sizeof(struct iou_cqe));
	SAME_FIELD(struct io_uring_cqe, struct iou_cqe, res);
	SAME_FIELD(struct io_uring_cqe, struct iou_cqe, flags);

	assert_int_equal(sizeof(struct io_uring_params), sizeof(struct iou_params));
	SAME_FIELD(struct io_uring_params, struct iou_params, features);
	SAME_FIELD(struct io_uring_params, struct iou_params, wq_fd);
	SAME_FIELD(struct io_uring_params, struct iou_params, sq_off);
	SAME_FIELD(struct io_uring_params, struct iou_params, cq_off);
	SAME_FIELD(struct io_sqring_offsets, struct iou_sqring_offsets, array);
	SAME_FIELD(struct io_sqring_offsets, struct iou_sqring_offsets, user_addr);
	SAME_FIELD(struct io_cqring_offsets, struct iou_cqring_offsets, cqes);
	SAME_FIELD(struct io_cqring_offsets, struct iou_cqring_offsets, flags);

	assert_int_equal(sizeof(struct io_uring_rsrc_register),
			 sizeof(struct iou_rsrc_register));
	SAME_FIELD(struct io_uring_rsrc_register, struct iou_rsrc_register, tags);
	assert_int_equal(sizeof(struct io_uring_rsrc_update2),
			 sizeof(struct iou_rsrc_update2));
	SAME_FIELD(struct io_uring_rsrc_update2, struct iou_rsrc_update2, nr);
	SAME_FIELD(struct io_uring_files_update, struct iou_files_update, fds);
	SAME_FIELD(struct io_uring_probe, struct iou_probe, ops_len);
	assert_int_equal(sizeof(struct io_uring_probe), sizeof(struct iou_probe));
	assert_int_equal(sizeof(struct io_uring_probe_op),
			 sizeof(struct iou_probe_op));
	SAME_FIELD(struct io_uring_buf_reg, struct iou_buf_reg, bgid);
	SAME_FIELD(struct io_uring_buf_reg, struct iou_buf_reg, flags);
	assert_int_equal(sizeof(struct io_uring_buf_reg), sizeof(struct iou_buf_reg));
	SAME_FIELD(struct io_uring_buf_ring, struct iou_buf_ring, tail);
	SAME_FIELD(struct io_uring_buf, struct iou_buf, bid);
	SAME_FIELD(struct io_uring_getevents_arg, struct iou_getevents_arg, ts);
	SAME_FIELD(struct io_uring_sync_cancel_reg, struct iou_sync_cancel_reg,
		   timeout);
	SAME_FIELD(struct io_uring_sync_cancel_reg, struct iou_sync_cancel_reg,
		   opcode);
	assert_int_equal(sizeof(struct io_uring_sync_cancel_reg),
			 sizeof(struct iou_sync_cancel_reg));
	SAME_FIELD(struct io_uring_recvmsg_out, struct iou_recvmsg_out, flags);
	assert_int_equal(sizeof(struct io_uring_restriction), 16);
	assert_int_equal(sizeof(struct io_uring_file_index_range), 16);
}

static void constants(void **state)
{
	(void)state;
	assert_int_equal(IORING_OP_LAST, IOU_OP_LAST);
	assert_int_equal(IORING_OP_SEND_ZC, IOU_OP_SEND_ZC);
	assert_int_equal(IORING_OP_PIPE, IOU_OP_PIPE);
	assert_int_equal(IOSQE_CQE_SKIP_SUCCESS, IOU_SQE_CQE_SKIP_SUCCESS);
	assert_int_equal(IORING_SETUP_NO_SQARRAY, IOU_SETUP_NO_SQARRAY);
	assert_int_equal(IORING_SETUP_CQE32, IOU_SETUP_CQE32);
	assert_int_equal(IORING_FEAT_MIN_TIMEOUT, IOU_FEAT_MIN_TIMEOUT);
	assert_int_equal(IORING_ENTER_ABS_TIMER, IOU_ENTER_ABS_TIMER);
	assert_int_equal(IORING_REGISTER_PBUF_STATUS, IOU_REGISTER_PBUF_STATUS);
	assert_int_equal((unsigned)IORING_REGISTER_USE_REGISTERED_RING,
			 (unsigned)IOU_REGISTER_USE_REGISTERED_RING);
	assert_int_equal(IORING_CQE_F_BUF_MORE, IOU_CQE_F_BUF_MORE);
	assert_int_equal(IORING_CQE_BUFFER_SHIFT, IOU_CQE_BUFFER_SHIFT);
	assert_int_equal(IORING_OFF_PBUF_RING, IOU_OFF_PBUF_RING);
	assert_int_equal(IORING_TIMEOUT_MULTISHOT, IOU_TIMEOUT_MULTISHOT);
	assert_int_equal(IORING_ASYNC_CANCEL_OP, IOU_ASYNC_CANCEL_OP);
	assert_int_equal(IORING_RECVSEND_BUNDLE, IOU_RECVSEND_BUNDLE);
	assert_int_equal(IORING_ACCEPT_POLL_FIRST, IOU_ACCEPT_POLL_FIRST);
	assert_int_equal(IORING_MSG_RING_FLAGS_PASS, IOU_MSG_RING_FLAGS_PASS);
	assert_int_equal(IORING_POLL_ADD_LEVEL, IOU_POLL_ADD_LEVEL);
	assert_int_equal(IORING_SQ_TASKRUN, IOU_SQ_TASKRUN);
	assert_int_equal(IORING_CQ_EVENTFD_DISABLED, IOU_CQ_EVENTFD_DISABLED);
	assert_int_equal(IORING_RSRC_REGISTER_SPARSE, IOU_RSRC_REGISTER_SPARSE);
	assert_int_equal(IO_URING_OP_SUPPORTED, IOU_OP_SUPPORTED);
	assert_int_equal(IORING_FILE_INDEX_ALLOC, IOU_FILE_INDEX_ALLOC);
	assert_int_equal(SPLICE_F_FD_IN_FIXED, IOU_SPLICE_F_FD_IN_FIXED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(structs),
		cmocka_unit_test(constants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* unit_abi.c — iou's own ABI definitions checked against the installed
 * <linux/io_uring.h>: every struct field (offset and size) and every
 * constant that the distribution's header also has. Fields and constants
 * newer than that header are checked by the conformance suite instead. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <linux/io_uring.h>

#include "iou_abi.h"

#define CHECK_SIZE(a, b) assert_int_equal(sizeof(a), sizeof(b))
#define CHECK_FIELD(sa, fa, sb, fb)                                        \
	do {                                                               \
		assert_int_equal(offsetof(sa, fa), offsetof(sb, fb));       \
		assert_int_equal(sizeof(((sa *)0)->fa), sizeof(((sb *)0)->fb)); \
	} while (0)
/* Flexible array members: offset only. */
#define CHECK_OFFSET(sa, fa, sb, fb) \
	assert_int_equal(offsetof(sa, fa), offsetof(sb, fb))
#define CHECK_CONST(a, b)                                                   \
	do {                                                               \
		if ((uint64_t)(a) != (uint64_t)(b))                         \
			fail_msg("%s = %#llx, kernel %s = %#llx", #a,       \
				 (unsigned long long)(a), #b,              \
				 (unsigned long long)(b));                 \
	} while (0)

static void test_struct_sqe(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_sqe, struct io_uring_sqe);
	CHECK_FIELD(struct iou_sqe, opcode, struct io_uring_sqe, opcode);
	CHECK_FIELD(struct iou_sqe, flags, struct io_uring_sqe, flags);
	CHECK_FIELD(struct iou_sqe, ioprio, struct io_uring_sqe, ioprio);
	CHECK_FIELD(struct iou_sqe, fd, struct io_uring_sqe, fd);
	CHECK_FIELD(struct iou_sqe, off, struct io_uring_sqe, off);
	CHECK_FIELD(struct iou_sqe, addr2, struct io_uring_sqe, addr2);
	CHECK_FIELD(struct iou_sqe, cmd_op, struct io_uring_sqe, cmd_op);
	CHECK_FIELD(struct iou_sqe, addr, struct io_uring_sqe, addr);
	CHECK_FIELD(struct iou_sqe, splice_off_in, struct io_uring_sqe, splice_off_in);
	CHECK_FIELD(struct iou_sqe, len, struct io_uring_sqe, len);
	CHECK_FIELD(struct iou_sqe, rw_flags, struct io_uring_sqe, rw_flags);
	CHECK_FIELD(struct iou_sqe, fsync_flags, struct io_uring_sqe, fsync_flags);
	CHECK_FIELD(struct iou_sqe, poll_events, struct io_uring_sqe, poll_events);
	CHECK_FIELD(struct iou_sqe, poll32_events, struct io_uring_sqe, poll32_events);
	CHECK_FIELD(struct iou_sqe, sync_range_flags, struct io_uring_sqe, sync_range_flags);
	CHECK_FIELD(struct iou_sqe, msg_flags, struct io_uring_sqe, msg_flags);
	CHECK_FIELD(struct iou_sqe, timeout_flags, struct io_uring_sqe, timeout_flags);
	CHECK_FIELD(struct iou_sqe, accept_flags, struct io_uring_sqe, accept_flags);
	CHECK_FIELD(struct iou_sqe, cancel_flags, struct io_uring_sqe, cancel_flags);
	CHECK_FIELD(struct iou_sqe, open_flags, struct io_uring_sqe, open_flags);
	CHECK_FIELD(struct iou_sqe, statx_flags, struct io_uring_sqe, statx_flags);
	CHECK_FIELD(struct iou_sqe, fadvise_advice, struct io_uring_sqe, fadvise_advice);
	CHECK_FIELD(struct iou_sqe, splice_flags, struct io_uring_sqe, splice_flags);
	CHECK_FIELD(struct iou_sqe, rename_flags, struct io_uring_sqe, rename_flags);
	CHECK_FIELD(struct iou_sqe, unlink_flags, struct io_uring_sqe, unlink_flags);
	CHECK_FIELD(struct iou_sqe, hardlink_flags, struct io_uring_sqe, hardlink_flags);
	CHECK_FIELD(struct iou_sqe, xattr_flags, struct io_uring_sqe, xattr_flags);
	CHECK_FIELD(struct iou_sqe, msg_ring_flags, struct io_uring_sqe, msg_ring_flags);
	CHECK_FIELD(struct iou_sqe, uring_cmd_flags, struct io_uring_sqe, uring_cmd_flags);
	CHECK_FIELD(struct iou_sqe, user_data, struct io_uring_sqe, user_data);
	CHECK_FIELD(struct iou_sqe, buf_index, struct io_uring_sqe, buf_index);
	CHECK_FIELD(struct iou_sqe, buf_group, struct io_uring_sqe, buf_group);
	CHECK_FIELD(struct iou_sqe, personality, struct io_uring_sqe, personality);
	CHECK_FIELD(struct iou_sqe, splice_fd_in, struct io_uring_sqe, splice_fd_in);
	CHECK_FIELD(struct iou_sqe, file_index, struct io_uring_sqe, file_index);
	CHECK_FIELD(struct iou_sqe, addr_len, struct io_uring_sqe, addr_len);
	CHECK_FIELD(struct iou_sqe, addr3, struct io_uring_sqe, addr3);
}
static void test_struct_cqe(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_cqe, struct io_uring_cqe);
	CHECK_FIELD(struct iou_cqe, user_data, struct io_uring_cqe, user_data);
	CHECK_FIELD(struct iou_cqe, res, struct io_uring_cqe, res);
	CHECK_FIELD(struct iou_cqe, flags, struct io_uring_cqe, flags);
}
static void test_struct_sqring_offsets(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_sqring_offsets, struct io_sqring_offsets);
	CHECK_FIELD(struct iou_sqring_offsets, head, struct io_sqring_offsets, head);
	CHECK_FIELD(struct iou_sqring_offsets, tail, struct io_sqring_offsets, tail);
	CHECK_FIELD(struct iou_sqring_offsets, ring_mask, struct io_sqring_offsets, ring_mask);
	CHECK_FIELD(struct iou_sqring_offsets, ring_entries, struct io_sqring_offsets, ring_entries);
	CHECK_FIELD(struct iou_sqring_offsets, flags, struct io_sqring_offsets, flags);
	CHECK_FIELD(struct iou_sqring_offsets, dropped, struct io_sqring_offsets, dropped);
	CHECK_FIELD(struct iou_sqring_offsets, array, struct io_sqring_offsets, array);
	CHECK_FIELD(struct iou_sqring_offsets, resv1, struct io_sqring_offsets, resv1);
}
static void test_struct_cqring_offsets(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_cqring_offsets, struct io_cqring_offsets);
	CHECK_FIELD(struct iou_cqring_offsets, head, struct io_cqring_offsets, head);
	CHECK_FIELD(struct iou_cqring_offsets, tail, struct io_cqring_offsets, tail);
	CHECK_FIELD(struct iou_cqring_offsets, ring_mask, struct io_cqring_offsets, ring_mask);
	CHECK_FIELD(struct iou_cqring_offsets, ring_entries, struct io_cqring_offsets, ring_entries);
	CHECK_FIELD(struct iou_cqring_offsets, overflow, struct io_cqring_offsets, overflow);
	CHECK_FIELD(struct iou_cqring_offsets, cqes, struct io_cqring_offsets, cqes);
	CHECK_FIELD(struct iou_cqring_offsets, flags, struct io_cqring_offsets, flags);
	CHECK_FIELD(struct iou_cqring_offsets, resv1, struct io_cqring_offsets, resv1);
}
static void test_struct_params(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_params, struct io_uring_params);
	CHECK_FIELD(struct iou_params, sq_entries, struct io_uring_params, sq_entries);
	CHECK_FIELD(struct iou_params, cq_entries, struct io_uring_params, cq_entries);
	CHECK_FIELD(struct iou_params, flags, struct io_uring_params, flags);
	CHECK_FIELD(struct iou_params, sq_thread_cpu, struct io_uring_params, sq_thread_cpu);
	CHECK_FIELD(struct iou_params, sq_thread_idle, struct io_uring_params, sq_thread_idle);
	CHECK_FIELD(struct iou_params, features, struct io_uring_params, features);
	CHECK_FIELD(struct iou_params, wq_fd, struct io_uring_params, wq_fd);
	CHECK_FIELD(struct iou_params, resv, struct io_uring_params, resv);
	CHECK_FIELD(struct iou_params, sq_off, struct io_uring_params, sq_off);
	CHECK_FIELD(struct iou_params, cq_off, struct io_uring_params, cq_off);
}
static void test_struct_files_update(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_files_update, struct io_uring_files_update);
	CHECK_FIELD(struct iou_files_update, offset, struct io_uring_files_update, offset);
	CHECK_FIELD(struct iou_files_update, resv, struct io_uring_files_update, resv);
	CHECK_FIELD(struct iou_files_update, fds, struct io_uring_files_update, fds);
}
static void test_struct_rsrc_register(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_rsrc_register, struct io_uring_rsrc_register);
	CHECK_FIELD(struct iou_rsrc_register, nr, struct io_uring_rsrc_register, nr);
	CHECK_FIELD(struct iou_rsrc_register, flags, struct io_uring_rsrc_register, flags);
	CHECK_FIELD(struct iou_rsrc_register, resv2, struct io_uring_rsrc_register, resv2);
	CHECK_FIELD(struct iou_rsrc_register, data, struct io_uring_rsrc_register, data);
	CHECK_FIELD(struct iou_rsrc_register, tags, struct io_uring_rsrc_register, tags);
}
static void test_struct_rsrc_update(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_rsrc_update, struct io_uring_rsrc_update);
	CHECK_FIELD(struct iou_rsrc_update, offset, struct io_uring_rsrc_update, offset);
	CHECK_FIELD(struct iou_rsrc_update, resv, struct io_uring_rsrc_update, resv);
	CHECK_FIELD(struct iou_rsrc_update, data, struct io_uring_rsrc_update, data);
}
static void test_struct_rsrc_update2(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_rsrc_update2, struct io_uring_rsrc_update2);
	CHECK_FIELD(struct iou_rsrc_update2, offset, struct io_uring_rsrc_update2, offset);
	CHECK_FIELD(struct iou_rsrc_update2, resv, struct io_uring_rsrc_update2, resv);
	CHECK_FIELD(struct iou_rsrc_update2, data, struct io_uring_rsrc_update2, data);
	CHECK_FIELD(struct iou_rsrc_update2, tags, struct io_uring_rsrc_update2, tags);
	CHECK_FIELD(struct iou_rsrc_update2, nr, struct io_uring_rsrc_update2, nr);
	CHECK_FIELD(struct iou_rsrc_update2, resv2, struct io_uring_rsrc_update2, resv2);
}
static void test_struct_probe_op(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_probe_op, struct io_uring_probe_op);
	CHECK_FIELD(struct iou_probe_op, op, struct io_uring_probe_op, op);
	CHECK_FIELD(struct iou_probe_op, resv, struct io_uring_probe_op, resv);
	CHECK_FIELD(struct iou_probe_op, flags, struct io_uring_probe_op, flags);
	CHECK_FIELD(struct iou_probe_op, resv2, struct io_uring_probe_op, resv2);
}
static void test_struct_probe(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_probe, struct io_uring_probe);
	CHECK_FIELD(struct iou_probe, last_op, struct io_uring_probe, last_op);
	CHECK_FIELD(struct iou_probe, ops_len, struct io_uring_probe, ops_len);
	CHECK_FIELD(struct iou_probe, resv, struct io_uring_probe, resv);
	CHECK_FIELD(struct iou_probe, resv2, struct io_uring_probe, resv2);
	CHECK_OFFSET(struct iou_probe, ops, struct io_uring_probe, ops);
}
static void test_struct_buf(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_buf, struct io_uring_buf);
	CHECK_FIELD(struct iou_buf, addr, struct io_uring_buf, addr);
	CHECK_FIELD(struct iou_buf, len, struct io_uring_buf, len);
	CHECK_FIELD(struct iou_buf, bid, struct io_uring_buf, bid);
	CHECK_FIELD(struct iou_buf, resv, struct io_uring_buf, resv);
}
static void test_struct_buf_ring(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_buf_ring, struct io_uring_buf_ring);
	CHECK_FIELD(struct iou_buf_ring, resv1, struct io_uring_buf_ring, resv1);
	CHECK_FIELD(struct iou_buf_ring, resv2, struct io_uring_buf_ring, resv2);
	CHECK_FIELD(struct iou_buf_ring, resv3, struct io_uring_buf_ring, resv3);
	CHECK_FIELD(struct iou_buf_ring, tail, struct io_uring_buf_ring, tail);
	CHECK_OFFSET(struct iou_buf_ring, bufs, struct io_uring_buf_ring, bufs);
}
static void test_struct_buf_reg(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_buf_reg, struct io_uring_buf_reg);
	CHECK_FIELD(struct iou_buf_reg, ring_addr, struct io_uring_buf_reg, ring_addr);
	CHECK_FIELD(struct iou_buf_reg, ring_entries, struct io_uring_buf_reg, ring_entries);
	CHECK_FIELD(struct iou_buf_reg, bgid, struct io_uring_buf_reg, bgid);
	CHECK_FIELD(struct iou_buf_reg, flags, struct io_uring_buf_reg, pad);
	CHECK_FIELD(struct iou_buf_reg, resv, struct io_uring_buf_reg, resv);
}
static void test_struct_getevents_arg(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_getevents_arg, struct io_uring_getevents_arg);
	CHECK_FIELD(struct iou_getevents_arg, sigmask, struct io_uring_getevents_arg, sigmask);
	CHECK_FIELD(struct iou_getevents_arg, sigmask_sz, struct io_uring_getevents_arg, sigmask_sz);
	CHECK_FIELD(struct iou_getevents_arg, ts, struct io_uring_getevents_arg, ts);
}
static void test_struct_recvmsg_out(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_recvmsg_out, struct io_uring_recvmsg_out);
	CHECK_FIELD(struct iou_recvmsg_out, namelen, struct io_uring_recvmsg_out, namelen);
	CHECK_FIELD(struct iou_recvmsg_out, controllen, struct io_uring_recvmsg_out, controllen);
	CHECK_FIELD(struct iou_recvmsg_out, payloadlen, struct io_uring_recvmsg_out, payloadlen);
	CHECK_FIELD(struct iou_recvmsg_out, flags, struct io_uring_recvmsg_out, flags);
}
static void test_struct_sync_cancel_reg(void **state)
{
	(void)state;
	CHECK_SIZE(struct iou_sync_cancel_reg, struct io_uring_sync_cancel_reg);
	CHECK_FIELD(struct iou_sync_cancel_reg, addr, struct io_uring_sync_cancel_reg, addr);
	CHECK_FIELD(struct iou_sync_cancel_reg, fd, struct io_uring_sync_cancel_reg, fd);
	CHECK_FIELD(struct iou_sync_cancel_reg, flags, struct io_uring_sync_cancel_reg, flags);
	CHECK_FIELD(struct iou_sync_cancel_reg, timeout, struct io_uring_sync_cancel_reg, timeout);
	/* 6.1 has pad[4] where newer kernels have opcode, pad[7], pad2[3]. */
}

static void test_sqe_is_64_bytes(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct iou_sqe), 64);
	assert_int_equal(sizeof(struct iou_cqe), 16);
	assert_int_equal(offsetof(struct iou_sqe, optval), 48);
	assert_int_equal(offsetof(struct iou_sqe, optlen), 44);
	assert_int_equal(sizeof(struct iou_params), 120);
	assert_int_equal(sizeof(struct iou_timespec), 16);
}

static void test_constants(void **state)
{
	(void)state;
#ifdef IORING_ACCEPT_MULTISHOT
	CHECK_CONST(IOU_ACCEPT_MULTISHOT, IORING_ACCEPT_MULTISHOT);
#endif
#ifdef IORING_ASYNC_CANCEL_ALL
	CHECK_CONST(IOU_ASYNC_CANCEL_ALL, IORING_ASYNC_CANCEL_ALL);
#endif
#ifdef IORING_ASYNC_CANCEL_ANY
	CHECK_CONST(IOU_ASYNC_CANCEL_ANY, IORING_ASYNC_CANCEL_ANY);
#endif
#ifdef IORING_ASYNC_CANCEL_FD
	CHECK_CONST(IOU_ASYNC_CANCEL_FD, IORING_ASYNC_CANCEL_FD);
#endif
#ifdef IORING_ASYNC_CANCEL_FD_FIXED
	CHECK_CONST(IOU_ASYNC_CANCEL_FD_FIXED, IORING_ASYNC_CANCEL_FD_FIXED);
#endif
#ifdef IORING_ASYNC_CANCEL_OP
	CHECK_CONST(IOU_ASYNC_CANCEL_OP, IORING_ASYNC_CANCEL_OP);
#endif
#ifdef IORING_ASYNC_CANCEL_USERDATA
	CHECK_CONST(IOU_ASYNC_CANCEL_USERDATA, IORING_ASYNC_CANCEL_USERDATA);
#endif
#ifdef IORING_CQE_F_BUFFER
	CHECK_CONST(IOU_CQE_F_BUFFER, IORING_CQE_F_BUFFER);
#endif
#ifdef IORING_CQE_F_MORE
	CHECK_CONST(IOU_CQE_F_MORE, IORING_CQE_F_MORE);
#endif
#ifdef IORING_CQE_F_NOTIF
	CHECK_CONST(IOU_CQE_F_NOTIF, IORING_CQE_F_NOTIF);
#endif
#ifdef IORING_CQE_F_SOCK_NONEMPTY
	CHECK_CONST(IOU_CQE_F_SOCK_NONEMPTY, IORING_CQE_F_SOCK_NONEMPTY);
#endif
#ifdef IORING_CQ_EVENTFD_DISABLED
	CHECK_CONST(IOU_CQ_EVENTFD_DISABLED, IORING_CQ_EVENTFD_DISABLED);
#endif
#ifdef IORING_ENTER_EXT_ARG
	CHECK_CONST(IOU_ENTER_EXT_ARG, IORING_ENTER_EXT_ARG);
#endif
#ifdef IORING_ENTER_GETEVENTS
	CHECK_CONST(IOU_ENTER_GETEVENTS, IORING_ENTER_GETEVENTS);
#endif
#ifdef IORING_ENTER_REGISTERED_RING
	CHECK_CONST(IOU_ENTER_REGISTERED_RING, IORING_ENTER_REGISTERED_RING);
#endif
#ifdef IORING_ENTER_SQ_WAIT
	CHECK_CONST(IOU_ENTER_SQ_WAIT, IORING_ENTER_SQ_WAIT);
#endif
#ifdef IORING_ENTER_SQ_WAKEUP
	CHECK_CONST(IOU_ENTER_SQ_WAKEUP, IORING_ENTER_SQ_WAKEUP);
#endif
#ifdef IORING_FEAT_CQE_SKIP
	CHECK_CONST(IOU_FEAT_CQE_SKIP, IORING_FEAT_CQE_SKIP);
#endif
#ifdef IORING_FEAT_CUR_PERSONALITY
	CHECK_CONST(IOU_FEAT_CUR_PERSONALITY, IORING_FEAT_CUR_PERSONALITY);
#endif
#ifdef IORING_FEAT_EXT_ARG
	CHECK_CONST(IOU_FEAT_EXT_ARG, IORING_FEAT_EXT_ARG);
#endif
#ifdef IORING_FEAT_FAST_POLL
	CHECK_CONST(IOU_FEAT_FAST_POLL, IORING_FEAT_FAST_POLL);
#endif
#ifdef IORING_FEAT_LINKED_FILE
	CHECK_CONST(IOU_FEAT_LINKED_FILE, IORING_FEAT_LINKED_FILE);
#endif
#ifdef IORING_FEAT_NATIVE_WORKERS
	CHECK_CONST(IOU_FEAT_NATIVE_WORKERS, IORING_FEAT_NATIVE_WORKERS);
#endif
#ifdef IORING_FEAT_NODROP
	CHECK_CONST(IOU_FEAT_NODROP, IORING_FEAT_NODROP);
#endif
#ifdef IORING_FEAT_POLL_32BITS
	CHECK_CONST(IOU_FEAT_POLL_32BITS, IORING_FEAT_POLL_32BITS);
#endif
#ifdef IORING_FEAT_RSRC_TAGS
	CHECK_CONST(IOU_FEAT_RSRC_TAGS, IORING_FEAT_RSRC_TAGS);
#endif
#ifdef IORING_FEAT_RW_CUR_POS
	CHECK_CONST(IOU_FEAT_RW_CUR_POS, IORING_FEAT_RW_CUR_POS);
#endif
#ifdef IORING_FEAT_SINGLE_MMAP
	CHECK_CONST(IOU_FEAT_SINGLE_MMAP, IORING_FEAT_SINGLE_MMAP);
#endif
#ifdef IORING_FEAT_SQPOLL_NONFIXED
	CHECK_CONST(IOU_FEAT_SQPOLL_NONFIXED, IORING_FEAT_SQPOLL_NONFIXED);
#endif
#ifdef IORING_FEAT_SUBMIT_STABLE
	CHECK_CONST(IOU_FEAT_SUBMIT_STABLE, IORING_FEAT_SUBMIT_STABLE);
#endif
#ifdef IORING_FILE_INDEX_ALLOC
	CHECK_CONST(IOU_FILE_INDEX_ALLOC, IORING_FILE_INDEX_ALLOC);
#endif
#ifdef IORING_FSYNC_DATASYNC
	CHECK_CONST(IOU_FSYNC_DATASYNC, IORING_FSYNC_DATASYNC);
#endif
#ifdef IORING_LINK_TIMEOUT_UPDATE
	CHECK_CONST(IOU_LINK_TIMEOUT_UPDATE, IORING_LINK_TIMEOUT_UPDATE);
#endif
	CHECK_CONST(IOU_MSG_DATA, IORING_MSG_DATA);
#ifdef IORING_MSG_RING_CQE_SKIP
	CHECK_CONST(IOU_MSG_RING_CQE_SKIP, IORING_MSG_RING_CQE_SKIP);
#endif
	CHECK_CONST(IOU_MSG_SEND_FD, IORING_MSG_SEND_FD);
#ifdef IORING_NOTIF_USAGE_ZC_COPIED
	CHECK_CONST(IOU_NOTIF_USAGE_ZC_COPIED, IORING_NOTIF_USAGE_ZC_COPIED);
#endif
#ifdef IORING_OFF_CQ_RING
	CHECK_CONST(IOU_OFF_CQ_RING, IORING_OFF_CQ_RING);
#endif
#ifdef IORING_OFF_MMAP_MASK
	CHECK_CONST(IOU_OFF_MMAP_MASK, IORING_OFF_MMAP_MASK);
#endif
#ifdef IORING_OFF_SQES
	CHECK_CONST(IOU_OFF_SQES, IORING_OFF_SQES);
#endif
#ifdef IORING_OFF_SQ_RING
	CHECK_CONST(IOU_OFF_SQ_RING, IORING_OFF_SQ_RING);
#endif
	CHECK_CONST(IOU_OP_ACCEPT, IORING_OP_ACCEPT);
	CHECK_CONST(IOU_OP_ASYNC_CANCEL, IORING_OP_ASYNC_CANCEL);
	CHECK_CONST(IOU_OP_CLOSE, IORING_OP_CLOSE);
	CHECK_CONST(IOU_OP_CONNECT, IORING_OP_CONNECT);
	CHECK_CONST(IOU_OP_EPOLL_CTL, IORING_OP_EPOLL_CTL);
	CHECK_CONST(IOU_OP_FADVISE, IORING_OP_FADVISE);
	CHECK_CONST(IOU_OP_FALLOCATE, IORING_OP_FALLOCATE);
	CHECK_CONST(IOU_OP_FGETXATTR, IORING_OP_FGETXATTR);
	CHECK_CONST(IOU_OP_FILES_UPDATE, IORING_OP_FILES_UPDATE);
	CHECK_CONST(IOU_OP_FSETXATTR, IORING_OP_FSETXATTR);
	CHECK_CONST(IOU_OP_FSYNC, IORING_OP_FSYNC);
	CHECK_CONST(IOU_OP_GETXATTR, IORING_OP_GETXATTR);
	CHECK_CONST(IOU_OP_LINKAT, IORING_OP_LINKAT);
	CHECK_CONST(IOU_OP_LINK_TIMEOUT, IORING_OP_LINK_TIMEOUT);
	CHECK_CONST(IOU_OP_MADVISE, IORING_OP_MADVISE);
	CHECK_CONST(IOU_OP_MKDIRAT, IORING_OP_MKDIRAT);
	CHECK_CONST(IOU_OP_MSG_RING, IORING_OP_MSG_RING);
	CHECK_CONST(IOU_OP_NOP, IORING_OP_NOP);
	CHECK_CONST(IOU_OP_OPENAT, IORING_OP_OPENAT);
	CHECK_CONST(IOU_OP_OPENAT2, IORING_OP_OPENAT2);
	CHECK_CONST(IOU_OP_POLL_ADD, IORING_OP_POLL_ADD);
	CHECK_CONST(IOU_OP_POLL_REMOVE, IORING_OP_POLL_REMOVE);
	CHECK_CONST(IOU_OP_PROVIDE_BUFFERS, IORING_OP_PROVIDE_BUFFERS);
	CHECK_CONST(IOU_OP_READ, IORING_OP_READ);
	CHECK_CONST(IOU_OP_READV, IORING_OP_READV);
	CHECK_CONST(IOU_OP_READ_FIXED, IORING_OP_READ_FIXED);
	CHECK_CONST(IOU_OP_RECV, IORING_OP_RECV);
	CHECK_CONST(IOU_OP_RECVMSG, IORING_OP_RECVMSG);
	CHECK_CONST(IOU_OP_REMOVE_BUFFERS, IORING_OP_REMOVE_BUFFERS);
	CHECK_CONST(IOU_OP_RENAMEAT, IORING_OP_RENAMEAT);
	CHECK_CONST(IOU_OP_SEND, IORING_OP_SEND);
	CHECK_CONST(IOU_OP_SENDMSG, IORING_OP_SENDMSG);
	CHECK_CONST(IOU_OP_SENDMSG_ZC, IORING_OP_SENDMSG_ZC);
	CHECK_CONST(IOU_OP_SEND_ZC, IORING_OP_SEND_ZC);
	CHECK_CONST(IOU_OP_SETXATTR, IORING_OP_SETXATTR);
	CHECK_CONST(IOU_OP_SHUTDOWN, IORING_OP_SHUTDOWN);
	CHECK_CONST(IOU_OP_SOCKET, IORING_OP_SOCKET);
	CHECK_CONST(IOU_OP_SPLICE, IORING_OP_SPLICE);
	CHECK_CONST(IOU_OP_STATX, IORING_OP_STATX);
	CHECK_CONST(IOU_OP_SYMLINKAT, IORING_OP_SYMLINKAT);
	CHECK_CONST(IOU_OP_SYNC_FILE_RANGE, IORING_OP_SYNC_FILE_RANGE);
	CHECK_CONST(IOU_OP_TEE, IORING_OP_TEE);
	CHECK_CONST(IOU_OP_TIMEOUT, IORING_OP_TIMEOUT);
	CHECK_CONST(IOU_OP_TIMEOUT_REMOVE, IORING_OP_TIMEOUT_REMOVE);
	CHECK_CONST(IOU_OP_UNLINKAT, IORING_OP_UNLINKAT);
	CHECK_CONST(IOU_OP_URING_CMD, IORING_OP_URING_CMD);
	CHECK_CONST(IOU_OP_WRITE, IORING_OP_WRITE);
	CHECK_CONST(IOU_OP_WRITEV, IORING_OP_WRITEV);
	CHECK_CONST(IOU_OP_WRITE_FIXED, IORING_OP_WRITE_FIXED);
#ifdef IORING_POLL_ADD_LEVEL
	CHECK_CONST(IOU_POLL_ADD_LEVEL, IORING_POLL_ADD_LEVEL);
#endif
#ifdef IORING_POLL_ADD_MULTI
	CHECK_CONST(IOU_POLL_ADD_MULTI, IORING_POLL_ADD_MULTI);
#endif
#ifdef IORING_POLL_UPDATE_EVENTS
	CHECK_CONST(IOU_POLL_UPDATE_EVENTS, IORING_POLL_UPDATE_EVENTS);
#endif
#ifdef IORING_POLL_UPDATE_USER_DATA
	CHECK_CONST(IOU_POLL_UPDATE_USER_DATA, IORING_POLL_UPDATE_USER_DATA);
#endif
#ifdef IORING_RECVSEND_FIXED_BUF
	CHECK_CONST(IOU_RECVSEND_FIXED_BUF, IORING_RECVSEND_FIXED_BUF);
#endif
#ifdef IORING_RECVSEND_POLL_FIRST
	CHECK_CONST(IOU_RECVSEND_POLL_FIRST, IORING_RECVSEND_POLL_FIRST);
#endif
#ifdef IORING_RECV_MULTISHOT
	CHECK_CONST(IOU_RECV_MULTISHOT, IORING_RECV_MULTISHOT);
#endif
	CHECK_CONST(IOU_REGISTER_BUFFERS, IORING_REGISTER_BUFFERS);
	CHECK_CONST(IOU_REGISTER_BUFFERS2, IORING_REGISTER_BUFFERS2);
	CHECK_CONST(IOU_REGISTER_BUFFERS_UPDATE, IORING_REGISTER_BUFFERS_UPDATE);
	CHECK_CONST(IOU_REGISTER_ENABLE_RINGS, IORING_REGISTER_ENABLE_RINGS);
	CHECK_CONST(IOU_REGISTER_EVENTFD, IORING_REGISTER_EVENTFD);
	CHECK_CONST(IOU_REGISTER_EVENTFD_ASYNC, IORING_REGISTER_EVENTFD_ASYNC);
	CHECK_CONST(IOU_REGISTER_FILES, IORING_REGISTER_FILES);
	CHECK_CONST(IOU_REGISTER_FILES2, IORING_REGISTER_FILES2);
#ifdef IORING_REGISTER_FILES_SKIP
	CHECK_CONST(IOU_REGISTER_FILES_SKIP, IORING_REGISTER_FILES_SKIP);
#endif
	CHECK_CONST(IOU_REGISTER_FILES_UPDATE, IORING_REGISTER_FILES_UPDATE);
	CHECK_CONST(IOU_REGISTER_FILES_UPDATE2, IORING_REGISTER_FILES_UPDATE2);
	CHECK_CONST(IOU_REGISTER_FILE_ALLOC_RANGE, IORING_REGISTER_FILE_ALLOC_RANGE);
	CHECK_CONST(IOU_REGISTER_IOWQ_AFF, IORING_REGISTER_IOWQ_AFF);
	CHECK_CONST(IOU_REGISTER_IOWQ_MAX_WORKERS, IORING_REGISTER_IOWQ_MAX_WORKERS);
	CHECK_CONST(IOU_REGISTER_PBUF_RING, IORING_REGISTER_PBUF_RING);
	CHECK_CONST(IOU_REGISTER_PERSONALITY, IORING_REGISTER_PERSONALITY);
	CHECK_CONST(IOU_REGISTER_PROBE, IORING_REGISTER_PROBE);
	CHECK_CONST(IOU_REGISTER_RESTRICTIONS, IORING_REGISTER_RESTRICTIONS);
	CHECK_CONST(IOU_REGISTER_RING_FDS, IORING_REGISTER_RING_FDS);
	CHECK_CONST(IOU_REGISTER_SYNC_CANCEL, IORING_REGISTER_SYNC_CANCEL);
#ifdef IORING_RSRC_REGISTER_SPARSE
	CHECK_CONST(IOU_RSRC_REGISTER_SPARSE, IORING_RSRC_REGISTER_SPARSE);
#endif
#ifdef IORING_SEND_ZC_REPORT_USAGE
	CHECK_CONST(IOU_SEND_ZC_REPORT_USAGE, IORING_SEND_ZC_REPORT_USAGE);
#endif
#ifdef IORING_SETUP_ATTACH_WQ
	CHECK_CONST(IOU_SETUP_ATTACH_WQ, IORING_SETUP_ATTACH_WQ);
#endif
#ifdef IORING_SETUP_CLAMP
	CHECK_CONST(IOU_SETUP_CLAMP, IORING_SETUP_CLAMP);
#endif
#ifdef IORING_SETUP_COOP_TASKRUN
	CHECK_CONST(IOU_SETUP_COOP_TASKRUN, IORING_SETUP_COOP_TASKRUN);
#endif
#ifdef IORING_SETUP_CQE32
	CHECK_CONST(IOU_SETUP_CQE32, IORING_SETUP_CQE32);
#endif
#ifdef IORING_SETUP_CQSIZE
	CHECK_CONST(IOU_SETUP_CQSIZE, IORING_SETUP_CQSIZE);
#endif
#ifdef IORING_SETUP_DEFER_TASKRUN
	CHECK_CONST(IOU_SETUP_DEFER_TASKRUN, IORING_SETUP_DEFER_TASKRUN);
#endif
#ifdef IORING_SETUP_IOPOLL
	CHECK_CONST(IOU_SETUP_IOPOLL, IORING_SETUP_IOPOLL);
#endif
#ifdef IORING_SETUP_R_DISABLED
	CHECK_CONST(IOU_SETUP_R_DISABLED, IORING_SETUP_R_DISABLED);
#endif
#ifdef IORING_SETUP_SINGLE_ISSUER
	CHECK_CONST(IOU_SETUP_SINGLE_ISSUER, IORING_SETUP_SINGLE_ISSUER);
#endif
#ifdef IORING_SETUP_SQE128
	CHECK_CONST(IOU_SETUP_SQE128, IORING_SETUP_SQE128);
#endif
#ifdef IORING_SETUP_SQPOLL
	CHECK_CONST(IOU_SETUP_SQPOLL, IORING_SETUP_SQPOLL);
#endif
#ifdef IORING_SETUP_SQ_AFF
	CHECK_CONST(IOU_SETUP_SQ_AFF, IORING_SETUP_SQ_AFF);
#endif
#ifdef IORING_SETUP_SUBMIT_ALL
	CHECK_CONST(IOU_SETUP_SUBMIT_ALL, IORING_SETUP_SUBMIT_ALL);
#endif
#ifdef IORING_SETUP_TASKRUN_FLAG
	CHECK_CONST(IOU_SETUP_TASKRUN_FLAG, IORING_SETUP_TASKRUN_FLAG);
#endif
#ifdef IORING_SQ_CQ_OVERFLOW
	CHECK_CONST(IOU_SQ_CQ_OVERFLOW, IORING_SQ_CQ_OVERFLOW);
#endif
#ifdef IORING_SQ_NEED_WAKEUP
	CHECK_CONST(IOU_SQ_NEED_WAKEUP, IORING_SQ_NEED_WAKEUP);
#endif
#ifdef IORING_SQ_TASKRUN
	CHECK_CONST(IOU_SQ_TASKRUN, IORING_SQ_TASKRUN);
#endif
#ifdef IORING_TIMEOUT_ABS
	CHECK_CONST(IOU_TIMEOUT_ABS, IORING_TIMEOUT_ABS);
#endif
#ifdef IORING_TIMEOUT_BOOTTIME
	CHECK_CONST(IOU_TIMEOUT_BOOTTIME, IORING_TIMEOUT_BOOTTIME);
#endif
#ifdef IORING_TIMEOUT_CLOCK_MASK
	CHECK_CONST(IOU_TIMEOUT_CLOCK_MASK, IORING_TIMEOUT_CLOCK_MASK);
#endif
#ifdef IORING_TIMEOUT_ETIME_SUCCESS
	CHECK_CONST(IOU_TIMEOUT_ETIME_SUCCESS, IORING_TIMEOUT_ETIME_SUCCESS);
#endif
#ifdef IORING_TIMEOUT_REALTIME
	CHECK_CONST(IOU_TIMEOUT_REALTIME, IORING_TIMEOUT_REALTIME);
#endif
#ifdef IORING_TIMEOUT_UPDATE
	CHECK_CONST(IOU_TIMEOUT_UPDATE, IORING_TIMEOUT_UPDATE);
#endif
#ifdef IORING_TIMEOUT_UPDATE_MASK
	CHECK_CONST(IOU_TIMEOUT_UPDATE_MASK, IORING_TIMEOUT_UPDATE_MASK);
#endif
	CHECK_CONST(IOU_UNREGISTER_BUFFERS, IORING_UNREGISTER_BUFFERS);
	CHECK_CONST(IOU_UNREGISTER_EVENTFD, IORING_UNREGISTER_EVENTFD);
	CHECK_CONST(IOU_UNREGISTER_FILES, IORING_UNREGISTER_FILES);
	CHECK_CONST(IOU_UNREGISTER_IOWQ_AFF, IORING_UNREGISTER_IOWQ_AFF);
	CHECK_CONST(IOU_UNREGISTER_PBUF_RING, IORING_UNREGISTER_PBUF_RING);
	CHECK_CONST(IOU_UNREGISTER_PERSONALITY, IORING_UNREGISTER_PERSONALITY);
	CHECK_CONST(IOU_UNREGISTER_RING_FDS, IORING_UNREGISTER_RING_FDS);
#ifdef IOSQE_ASYNC
	CHECK_CONST(IOU_SQE_ASYNC, IOSQE_ASYNC);
#endif
#ifdef IOSQE_BUFFER_SELECT
	CHECK_CONST(IOU_SQE_BUFFER_SELECT, IOSQE_BUFFER_SELECT);
#endif
#ifdef IOSQE_CQE_SKIP_SUCCESS
	CHECK_CONST(IOU_SQE_CQE_SKIP_SUCCESS, IOSQE_CQE_SKIP_SUCCESS);
#endif
#ifdef IOSQE_FIXED_FILE
	CHECK_CONST(IOU_SQE_FIXED_FILE, IOSQE_FIXED_FILE);
#endif
#ifdef IOSQE_IO_DRAIN
	CHECK_CONST(IOU_SQE_IO_DRAIN, IOSQE_IO_DRAIN);
#endif
#ifdef IOSQE_IO_HARDLINK
	CHECK_CONST(IOU_SQE_IO_HARDLINK, IOSQE_IO_HARDLINK);
#endif
#ifdef IOSQE_IO_LINK
	CHECK_CONST(IOU_SQE_IO_LINK, IOSQE_IO_LINK);
#endif
#ifdef IO_URING_OP_SUPPORTED
	CHECK_CONST(IOU_OP_SUPPORTED, IO_URING_OP_SUPPORTED);
#endif
#ifdef IORING_URING_CMD_FIXED
	CHECK_CONST(IOU_URING_CMD_FIXED, IORING_URING_CMD_FIXED);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sqe_is_64_bytes),
		cmocka_unit_test(test_constants),
		cmocka_unit_test(test_struct_sqe),
		cmocka_unit_test(test_struct_cqe),
		cmocka_unit_test(test_struct_sqring_offsets),
		cmocka_unit_test(test_struct_cqring_offsets),
		cmocka_unit_test(test_struct_params),
		cmocka_unit_test(test_struct_files_update),
		cmocka_unit_test(test_struct_rsrc_register),
		cmocka_unit_test(test_struct_rsrc_update),
		cmocka_unit_test(test_struct_rsrc_update2),
		cmocka_unit_test(test_struct_probe_op),
		cmocka_unit_test(test_struct_probe),
		cmocka_unit_test(test_struct_buf),
		cmocka_unit_test(test_struct_buf_ring),
		cmocka_unit_test(test_struct_buf_reg),
		cmocka_unit_test(test_struct_getevents_arg),
		cmocka_unit_test(test_struct_recvmsg_out),
		cmocka_unit_test(test_struct_sync_cancel_reg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

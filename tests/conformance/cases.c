/* cases.c — the one table of conformance cases: name, function, ring
 * setup, and what the kernel must have (a backend or profile without it
 * reports the case skipped). Versions are each op's or flag's first kernel
 * (KERNEL_FACTS.md, "Op availability"). */
#include "cases.h"

#include "iou_sim.h"

#define K(major, minor) IOU_KERNEL_VERSION(major, minor)
#define CASE(n, ...) { .name = #n, .fn = case_##n, __VA_ARGS__ }

const struct fx_case fx_cases[] = {
	/* submission and completion */
	CASE(nop_completes_zero),
	CASE(nop_user_data_round_trip),
	CASE(drain_waits_for_earlier, .min_kernel = K(5, 4),
	     .needs_op = { IOU_OP_TIMEOUT }),
	CASE(writev_fsync_readv_chain_in_order,
	     .needs_op = { IOU_OP_WRITEV, IOU_OP_FSYNC, IOU_OP_READV }),
	CASE(write_read_link, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_WRITE, IOU_OP_READ }),
	CASE(link_failure_cancels_rest, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_READ }),
	CASE(hardlink_continues_after_failure, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_READ }),
	CASE(cqe_skip_success, .min_kernel = K(5, 17),
	     .needs_feat = IOU_FEAT_CQE_SKIP, .needs_op = { IOU_OP_READ }),
	CASE(unknown_opcode_einval),
	CASE(bad_fd_ebadf, .min_kernel = K(5, 6), .needs_op = { IOU_OP_READ }),
	CASE(reserved_fields_einval, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_FSYNC, IOU_OP_CLOSE }),
	CASE(short_submit_stops_at_bad_sqe, .entries = 32),
	CASE(short_submit_all_takes_everything, .entries = 32,
	     .setup_flags = IOU_SETUP_SUBMIT_ALL, .min_kernel = K(5, 18)),
	CASE(cq_overflow_nodrop_delivers_all, .entries = 8,
	     .needs_feat = IOU_FEAT_NODROP),
	CASE(copy_cqes_count_below_ready),
	CASE(timed_wait_returns_ready_cqe, .needs_feat = IOU_FEAT_EXT_ARG),

	/* files and directory entries */
	CASE(read_write_fixed_registered_buffers,
	     .needs_op = { IOU_OP_READ_FIXED, IOU_OP_WRITE_FIXED }),
	CASE(openat_close, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_OPENAT, IOU_OP_CLOSE }),
	CASE(openat_missing_enoent, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_OPENAT }),
	CASE(openat2_create_excl, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_OPENAT2 }),
	CASE(statx_reports_size, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_STATX }),
	CASE(fallocate_extends_file, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_FALLOCATE }),
	CASE(renameat_moves_file, .min_kernel = K(5, 11),
	     .needs_op = { IOU_OP_RENAMEAT }),
	CASE(unlinkat_removes_file, .min_kernel = K(5, 11),
	     .needs_op = { IOU_OP_UNLINKAT }),
	CASE(mkdirat_creates_directory, .min_kernel = K(5, 15),
	     .needs_op = { IOU_OP_MKDIRAT }),
	CASE(symlinkat_link_reads_target, .min_kernel = K(5, 15),
	     .needs_op = { IOU_OP_SYMLINKAT }),
	CASE(linkat_hard_link, .min_kernel = K(5, 15),
	     .needs_op = { IOU_OP_LINKAT }),
	CASE(read_at_eof_returns_zero, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_READ }),

	/* timeouts */
	CASE(timeout_relative_expires_etime, .min_kernel = K(5, 4),
	     .needs_op = { IOU_OP_TIMEOUT }),
	CASE(timeout_count_completes_after_n, .min_kernel = K(5, 4),
	     .needs_op = { IOU_OP_TIMEOUT }),
	CASE(timeout_remove_either_order, .min_kernel = K(5, 5),
	     .needs_op = { IOU_OP_TIMEOUT, IOU_OP_TIMEOUT_REMOVE }),
	CASE(timeout_remove_unknown_enoent, .min_kernel = K(5, 5),
	     .needs_op = { IOU_OP_TIMEOUT_REMOVE }),
	CASE(timeout_update_shortens, .min_kernel = K(5, 11),
	     .needs_op = { IOU_OP_TIMEOUT, IOU_OP_TIMEOUT_REMOVE }),
	CASE(link_timeout_on_pending_read, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_READ, IOU_OP_LINK_TIMEOUT }),
	CASE(link_timeout_on_nop_cancelled, .min_kernel = K(5, 5),
	     .needs_op = { IOU_OP_LINK_TIMEOUT }),
	CASE(link_timeout_alone_einval, .min_kernel = K(5, 5),
	     .needs_op = { IOU_OP_LINK_TIMEOUT }),

	/* cancel */
	CASE(cancel_pending_read_either_order, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_READ, IOU_OP_ASYNC_CANCEL }),
	CASE(cancel_unknown_enoent, .min_kernel = K(5, 5),
	     .needs_op = { IOU_OP_ASYNC_CANCEL }),
	CASE(cancel_all_returns_count, .min_kernel = K(5, 19),
	     .needs_op = { IOU_OP_READ, IOU_OP_ASYNC_CANCEL }),
	CASE(cancel_by_fd, .min_kernel = K(5, 19),
	     .needs_op = { IOU_OP_READ, IOU_OP_ASYNC_CANCEL }),

	/* provided buffers */
	CASE(provide_remove_buffers_count, .min_kernel = K(5, 7),
	     .needs_op = { IOU_OP_PROVIDE_BUFFERS, IOU_OP_REMOVE_BUFFERS,
			   IOU_OP_READ }),
	CASE(remove_buffers_leaves_any_valid_bid, .min_kernel = K(5, 7),
	     .needs_op = { IOU_OP_PROVIDE_BUFFERS, IOU_OP_REMOVE_BUFFERS,
			   IOU_OP_READ }),
	CASE(buffer_select_read_then_enobufs, .min_kernel = K(5, 7),
	     .needs_op = { IOU_OP_PROVIDE_BUFFERS, IOU_OP_READ }),
	CASE(buf_ring_recv_in_ring_order, .min_kernel = K(5, 19),
	     .needs_op = { IOU_OP_RECV }),
	CASE(recv_multishot_enobufs_then_rearm, .min_kernel = K(6, 0),
	     .needs_op = { IOU_OP_RECV }),
	CASE(buffer_select_read_on_socket, .min_kernel = K(5, 7),
	     .needs_op = { IOU_OP_PROVIDE_BUFFERS, IOU_OP_READ }),

	/* sockets */
	CASE(socket_op_creates_socket, .min_kernel = K(5, 19),
	     .needs_op = { IOU_OP_SOCKET, IOU_OP_RECV }),
	CASE(accept_returns_connection, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_ACCEPT, IOU_OP_RECV }),
	/* A 2-entry CQ: newer kernels end the multishot when its CQE does
	 * not fit, so the re-arm path runs on the real kernel too. */
	CASE(accept_multishot_rearm, .entries = 2,
	     .setup_flags = IOU_SETUP_CQSIZE, .cq_entries = 2,
	     .min_kernel = K(5, 19),
	     .needs_op = { IOU_OP_ACCEPT, IOU_OP_ASYNC_CANCEL }),
	CASE(connect_send_recv, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_CONNECT, IOU_OP_SEND, IOU_OP_RECV }),
	CASE(recv_pending_then_data, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_RECV }),
	CASE(sendmsg_recvmsg, .min_kernel = K(5, 3),
	     .needs_op = { IOU_OP_SENDMSG, IOU_OP_RECVMSG }),
	CASE(send_zc_more_then_notif, .min_kernel = K(6, 0),
	     .needs_op = { IOU_OP_SEND_ZC, IOU_OP_RECV }),
	CASE(shutdown_write_peer_sees_eof, .min_kernel = K(5, 11),
	     .needs_op = { IOU_OP_SHUTDOWN, IOU_OP_RECV }),
	CASE(shutdown_unconnected_enotconn, .min_kernel = K(5, 11),
	     .needs_op = { IOU_OP_SHUTDOWN }),
	CASE(connect_refused, .min_kernel = K(5, 5),
	     .needs_op = { IOU_OP_CONNECT }),
	CASE(read_write_on_socket, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_READ, IOU_OP_WRITE, IOU_OP_READV,
			   IOU_OP_WRITEV }),

	/* pipes, readiness, rings */
	CASE(splice_file_pipe_file, .min_kernel = K(5, 7),
	     .needs_op = { IOU_OP_SPLICE }),
	CASE(tee_duplicates_pipe, .min_kernel = K(5, 8),
	     .needs_op = { IOU_OP_TEE }),
	CASE(poll_add_pipe_readable, .needs_op = { IOU_OP_POLL_ADD }),
	CASE(poll_multishot_events_then_remove, .min_kernel = K(5, 13),
	     .needs_op = { IOU_OP_POLL_ADD, IOU_OP_POLL_REMOVE }),
	CASE(poll_remove_pending,
	     .needs_op = { IOU_OP_POLL_ADD, IOU_OP_POLL_REMOVE }),
	CASE(msg_ring_between_rings, .min_kernel = K(5, 18),
	     .needs_op = { IOU_OP_MSG_RING }),

	/* edge values of the read/write family (cases_edge.c) */
	CASE(rw_offset_overflow_einval, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_READ, IOU_OP_WRITE, IOU_OP_READV,
			   IOU_OP_WRITEV }),
	CASE(rw_offset_at_edge, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_READ, IOU_OP_WRITE, IOU_OP_READV }),
	CASE(read_huge_length_reads_file, .min_kernel = K(5, 6),
	     .needs_op = { IOU_OP_READ }),
};

const size_t fx_ncases = sizeof(fx_cases) / sizeof(fx_cases[0]);

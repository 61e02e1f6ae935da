/* cases.h — the conformance cases, one behaviour each. Defined in the
 * cases_<family>.c files, registered in the one table in cases.c. */
#ifndef FX_CASES_H
#define FX_CASES_H

#include "fixture.h"

void case_provide_remove_buffers_count(struct fx *fx);
void case_remove_buffers_leaves_any_valid_bid(struct fx *fx);
void case_buffer_select_read_then_enobufs(struct fx *fx);
void case_buf_ring_recv_in_ring_order(struct fx *fx);
void case_recv_multishot_enobufs_then_rearm(struct fx *fx);
void case_buffer_select_read_on_socket(struct fx *fx);
void case_cancel_pending_read_either_order(struct fx *fx);
void case_cancel_unknown_enoent(struct fx *fx);
void case_cancel_all_returns_count(struct fx *fx);
void case_cancel_by_fd(struct fx *fx);
void case_cancel_async_poll(struct fx *fx);
void case_nop_completes_zero(struct fx *fx);
void case_nop_user_data_round_trip(struct fx *fx);
void case_drain_waits_for_earlier(struct fx *fx);
void case_writev_fsync_readv_chain_in_order(struct fx *fx);
void case_write_read_link(struct fx *fx);
void case_link_failure_cancels_rest(struct fx *fx);
void case_hardlink_continues_after_failure(struct fx *fx);
void case_cqe_skip_success(struct fx *fx);
void case_unknown_opcode_einval(struct fx *fx);
void case_bad_fd_ebadf(struct fx *fx);
void case_reserved_fields_einval(struct fx *fx);
void case_short_submit_stops_at_bad_sqe(struct fx *fx);
void case_short_submit_all_takes_everything(struct fx *fx);
void case_cq_overflow_nodrop_delivers_all(struct fx *fx);
void case_copy_cqes_count_below_ready(struct fx *fx);
void case_timed_wait_returns_ready_cqe(struct fx *fx);
void case_read_write_fixed_registered_buffers(struct fx *fx);
void case_openat_close(struct fx *fx);
void case_openat_missing_enoent(struct fx *fx);
void case_openat2_create_excl(struct fx *fx);
void case_statx_reports_size(struct fx *fx);
void case_fallocate_extends_file(struct fx *fx);
void case_append_write_ignores_offset(struct fx *fx);
void case_renameat_moves_file(struct fx *fx);
void case_unlinkat_removes_file(struct fx *fx);
void case_mkdirat_creates_directory(struct fx *fx);
void case_symlinkat_link_reads_target(struct fx *fx);
void case_linkat_hard_link(struct fx *fx);
void case_read_at_eof_returns_zero(struct fx *fx);
void case_socket_op_creates_socket(struct fx *fx);
void case_accept_returns_connection(struct fx *fx);
void case_accept_multishot_rearm(struct fx *fx);
void case_connect_send_recv(struct fx *fx);
void case_recv_pending_then_data(struct fx *fx);
void case_sendmsg_recvmsg(struct fx *fx);
void case_send_zc_more_then_notif(struct fx *fx);
void case_shutdown_write_peer_sees_eof(struct fx *fx);
void case_shutdown_unconnected_enotconn(struct fx *fx);
void case_connect_refused(struct fx *fx);
void case_read_write_on_socket(struct fx *fx);
void case_splice_file_pipe_file(struct fx *fx);
void case_tee_duplicates_pipe(struct fx *fx);
void case_splice_short_breaks_link(struct fx *fx);
void case_read_zero_len_empty_pipe(struct fx *fx);
void case_files_update_bad_fd_empties_slot(struct fx *fx);
void case_poll_add_pipe_readable(struct fx *fx);
void case_poll_multishot_events_then_remove(struct fx *fx);
void case_poll_remove_pending(struct fx *fx);
void case_msg_ring_between_rings(struct fx *fx);
void case_timeout_relative_expires_etime(struct fx *fx);
void case_timeout_count_completes_after_n(struct fx *fx);
void case_timeout_remove_either_order(struct fx *fx);
void case_timeout_remove_unknown_enoent(struct fx *fx);
void case_timeout_multishot_ends_on_full_cq(struct fx *fx);
void case_timeout_update_shortens(struct fx *fx);
void case_link_timeout_on_pending_read(struct fx *fx);
void case_link_timeout_on_nop_cancelled(struct fx *fx);
void case_link_timeout_alone_einval(struct fx *fx);
void case_rw_offset_overflow_einval(struct fx *fx);
void case_rw_offset_at_edge(struct fx *fx);
void case_read_huge_length_reads_file(struct fx *fx);

/* cases_loop.c: the event loop's plumbing (issue 9) */
void case_sys_socketpair_stream(struct fx *fx);
void case_sys_socketpair_errors(struct fx *fx);
void case_sys_eventfd_counter(struct fx *fx);
void case_sys_poll_pipe(struct fx *fx);
void case_sys_fcntl_flags(struct fx *fx);
void case_sys_dup_shares_offset(struct fx *fx);
void case_sys_fstat_kinds(struct fx *fx);
void case_sys_lseek_whence(struct fx *fx);
void case_sys_ftruncate_fsync_rename(struct fx *fx);
void case_sys_tcp_sendto_getsockopt(struct fx *fx);
void case_sys_clock_sleep_futex(struct fx *fx);
void case_ring_read_eventfd_waits(struct fx *fx);
void case_ring_poll_add_eventfd(struct fx *fx);
void case_register_eventfd_counts(struct fx *fx);
void case_register_eventfd_errors(struct fx *fx);
void case_register_eventfd_wakes_poller(struct fx *fx);
void case_register_eventfd_async_nop(struct fx *fx);
void case_register_eventfd_disabled(struct fx *fx);
void case_poll_ring_fd(struct fx *fx);
void case_poll_ring_fd_multishot_oneshot(struct fx *fx);
void case_poll_add_ring_fds_each_other(struct fx *fx);
void case_epoll_level_triggered(struct fx *fx);
void case_epoll_edge_triggered(struct fx *fx);
void case_epoll_edge_udp_read(struct fx *fx);
void case_epoll_oneshot_rearm(struct fx *fx);
void case_epoll_ctl_errors(struct fx *fx);
void case_epoll_rdhup_hup(struct fx *fx);
void case_epoll_round_robin(struct fx *fx);
void case_epoll_nested(struct fx *fx);
void case_epoll_ring_fd_and_eventfd(struct fx *fx);
void case_epoll_item_follows_file(struct fx *fx);
void case_ring_epoll_ctl_wait(struct fx *fx);
void case_futex_wait_wake(struct fx *fx);
void case_futex_wake_count_and_mask(struct fx *fx);
void case_futex_wait_cancel(struct fx *fx);
void case_futex_waitv(struct fx *fx);
void case_futex_private_shared_distinct(struct fx *fx);
void case_xattr_set_get(struct fx *fx);
void case_fixed_fd_install(struct fx *fx);
void case_ring_ftruncate(struct fx *fx);
void case_madvise_hint(struct fx *fx);
void case_epoll_socket_edges(struct fx *fx);
void case_sys_null_pointers_efault(struct fx *fx);
void case_register_eventfd_async_punted(struct fx *fx);

void case_sys_connect_again_after_inprogress(struct fx *fx);

/* cases_wide.c: SQE128 / CQE32 rings */
void case_wide_rings_nop_round_trip(struct fx *fx);
void case_cqe32_nop_extra_words(struct fx *fx);
void case_cqe32_overflow_keeps_extra_words(struct fx *fx);
void case_nop_cqe32_needs_cqe32_ring(struct fx *fx);

/* cases_dgram.c: datagram sockets (issue 8) */
void case_udp_round_trip_source_addresses(struct fx *fx);
void case_udp_truncation(struct fx *fx);
void case_udp_sendto_op(struct fx *fx);
void case_udp_sendto_address_copied_at_submit(struct fx *fx);
void case_udp_connected_filters_sources(struct fx *fx);
void case_udp_recv_pending_then_datagram(struct fx *fx);
void case_unix_dgram_pair_boundaries(struct fx *fx);
void case_unix_seqpacket_pair_boundaries(struct fx *fx);
void case_udp_recvmsg_multishot_layout(struct fx *fx);
void case_udp_recvmsg_multishot_small_buffer(struct fx *fx);
void case_recv_zero_length_ring_buffer(struct fx *fx);
void case_stream_recv_with_send_every_byte(struct fx *fx);
void case_recv_bundle_data_integrity(struct fx *fx);
void case_incremental_ring_buf_more(struct fx *fx);
void case_incremental_ring_setup_flags(struct fx *fx);
void case_recvmsg_no_control_data(struct fx *fx);
void case_sndbuf_doubled(struct fx *fx);
void case_dgram_send_provided_buffer(struct fx *fx);
void case_socket_uring_cmd(struct fx *fx);
void case_send_bundle_in_ring_order(struct fx *fx);
void case_udp_recv_bundle_one_datagram(struct fx *fx);

/* cases_compat.c: plain syscalls of liburing programs (issue 10) */
void case_sys_connect_nonblocking_inprogress(struct fx *fx);
void case_sys_path_calls(struct fx *fx);
void case_sys_fadvise(struct fx *fx);
void case_dev_memory_devices(struct fx *fx);
void case_eventfd_readv_writev(struct fx *fx);
void case_eventfd_writev_waits_for_room(struct fx *fx);
void case_sys_openat_dirfd(struct fx *fx);
void case_sync_cancel_parked(struct fx *fx);
void case_sync_cancel_releases_drain(struct fx *fx);
void case_eventfd_fixed_buffer_range(struct fx *fx);

#endif /* FX_CASES_H */

/* catalogue.c — the catalogue's table: each entry's scenarios, the kernels
 * its consumer supports, and how deep the explorer looks (max_deviations;
 * the profile of the range is a free choice on top). Depths are chosen so
 * that the fixed twin's whole space runs in well under a second without
 * sanitizers; bounds on the runs to find a bug leave room for the sim to
 * grow new choices. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "catalogue.h"

#define K(a, b) IOU_KERNEL_VERSION(a, b)
#define NEWEST IOU_KERNEL_NEWEST

#define RANGE(lo, depth)                                                       \
	{ .sim = { .kernel_min = (lo), .kernel_max = NEWEST },                 \
	  .max_deviations = (depth) }

const struct catalogue_entry catalogue[] = {
	{
		.name = "timeout_remove_order",
		.bug = "assumes the timeout's CQE comes before the "
		       "timeout_remove's",
		.history = "Zig 47c58cba595a: the order flipped at 5.18",
		.buggy = cat_timeout_remove_buggy,
		.fixed = cat_timeout_remove_fixed,
		.opts = RANGE(K(5, 10), 4),
		.find_within = 16,
		.dev_kernel = K(5, 10),
	},
	{
		.name = "remove_buffers_front",
		.bug = "assumes REMOVE_BUFFERS removes from the front (the "
		       "one left is the last bid)",
		.history = "Zig 47c58cba595a: 'remove 3 of 4' left bid 0 "
			   "before 5.18",
		.buggy = cat_remove_buffers_buggy,
		.fixed = cat_remove_buffers_fixed,
		.opts = RANGE(K(5, 10), 4),
		.find_within = 16,
		.dev_kernel = NEWEST,
	},
	{
		.name = "copy_cqes_wait_nr",
		.bug = "assumes copy_cqes(ring, cqes, n, wait_nr = n) returns "
		       "n CQEs",
		.history = "Zig 6630a5ede5ee; liburing _io_uring_get_cqe",
		.buggy = cat_copy_cqes_buggy,
		.fixed = cat_copy_cqes_fixed,
		.opts = RANGE(K(5, 10), 3),
		.find_within = 64,
		.dev_kernel = NEWEST,
	},
	{
		.name = "send_zc_reuse",
		.bug = "reuses a send_zc buffer on the first CQE instead of "
		       "F_NOTIF",
		.history = "send_zc 6.0; Zig #20212, liburing #1462",
		.buggy = cat_send_zc_buggy,
		.fixed = cat_send_zc_fixed,
		.opts = RANGE(K(6, 1), 2),
		.find_within = 5000,
		.dev_kernel = NEWEST,
		.needs_sockets = 1,
	},
	{
		.name = "accept_no_rearm",
		.bug = "does not re-arm a multishot accept after a CQE "
		       "without F_MORE",
		.history = "liburing accept.c, poll-mshot-overflow.c",
		.buggy = cat_accept_rearm_buggy,
		.fixed = cat_accept_rearm_fixed,
		.opts = RANGE(K(5, 19), 4),
		.find_within = 100,
		.dev_kernel = NEWEST,
		.needs_sockets = 1,
	},
	{
		.name = "unsupported_errno",
		.bug = "treats only -EBADF as 'op unsupported' (5.10 says "
		       "-EINVAL)",
		.history = "Zig 0662f1d52204, #10466",
		.buggy = cat_unsupported_errno_buggy,
		.fixed = cat_unsupported_errno_fixed,
		.opts = RANGE(K(5, 4), 4),
		.find_within = 16,
		.dev_kernel = K(5, 4),
		.dev_hides = 1, /* 5.4 says -EBADF: only 5.10 shows it */
	},
	{
		.name = "link_timeout_errnos",
		.bug = "expects one errno pair from a link timeout (read "
		       "-ECANCELED, timeout -ETIME)",
		.history = "liburing link-timeout.c",
		.buggy = cat_link_timeout_buggy,
		.fixed = cat_link_timeout_fixed,
		.opts = RANGE(K(5, 10), 4),
		.find_within = 64,
		.dev_kernel = NEWEST,
	},
	{
		.name = "cancel_order",
		.bug = "assumes the cancel's CQE comes before its target's",
		.history = "Zig #11382; liburing io-cancel.c",
		.buggy = cat_cancel_order_buggy,
		.fixed = cat_cancel_order_fixed,
		.opts = RANGE(K(5, 10), 4),
		.find_within = 16,
		.dev_kernel = NEWEST,
	},
	{
		.name = "short_read_eof",
		.bug = "treats a short read of a file as end of file",
		.history = "read(2): a short read is not EOF",
		.buggy = cat_short_read_buggy,
		.fixed = cat_short_read_fixed,
		.opts = RANGE(K(5, 10), 3),
		.find_within = 64,
		.dev_kernel = NEWEST,
	},
	{
		.name = "short_recv_message",
		.bug = "treats a short recv as the end of a message",
		.history = "recv(2) on a stream socket",
		.buggy = cat_short_recv_buggy,
		.fixed = cat_short_recv_fixed,
		.opts = RANGE(K(5, 10), 4),
		.find_within = 100,
		.dev_kernel = NEWEST,
		.needs_sockets = 1,
	},
	{
		.name = "epoll_et_ring_fd",
		.bug = "reaps one CQE per edge of an edge-triggered epoll on "
		       "the ring's fd",
		.history = "epoll(7): an edge is a change, not an event",
		.buggy = cat_epoll_et_buggy,
		.fixed = cat_epoll_et_fixed,
		.opts = RANGE(K(5, 10), 3),
		.find_within = 16,
		.dev_kernel = NEWEST,
	},
	{
		.name = "eventfd_count_per_cqe",
		.bug = "expects one count of the registered eventfd per CQE",
		.history = "io_uring_register(2): signalled at least once "
			   "per batch",
		.buggy = cat_eventfd_count_buggy,
		.fixed = cat_eventfd_count_fixed,
		.opts = RANGE(K(5, 10), 3),
		.find_within = 16,
		.dev_kernel = NEWEST,
	},
	{
		.name = "futex_no_recheck",
		.bug = "a futex waiter takes a wake as its condition, without "
		       "re-checking",
		.history = "futex(2): a wake says the word may have changed "
			   "(ring futex ops 6.7; the first profile with them)",
		.buggy = cat_futex_recheck_buggy,
		.fixed = cat_futex_recheck_fixed,
		.opts = RANGE(K(6, 12), 4),
		.find_within = 64,
		.dev_kernel = NEWEST,
	},
	{
		.name = "send_zc_same_batch",
		.bug = "rewrites a send_zc buffer on the first CQE because "
		       "the peer's recv was in the same batch",
		.history = "send_zc 6.0; bytes in flight (issue 8)",
		.buggy = cat_send_zc_batch_buggy,
		.fixed = cat_send_zc_batch_fixed,
		/* 6.1-6.6 post the notification later (canonical there):
		 * the bug is two deviations deep (the buffer read late,
		 * the bytes in flight); from 6.9 three, too deep to
		 * exhaust the fixed twin in a test */
		.opts = { .sim = { .kernel_min = K(6, 1),
				   .kernel_max = K(6, 6) },
			  .max_deviations = 2 },
		.find_within = 5000,
		.dev_kernel = K(6, 6),
		.needs_sockets = 1,
	},
	{
		.name = "udp_no_loss",
		.bug = "waits for a UDP reply as if no datagram is lost",
		.history = "udp(7): unreliable; IOU_FAULT_NETDGRAM (issue 8)",
		.buggy = cat_udp_loss_buggy,
		.fixed = cat_udp_loss_fixed,
		.opts = { .sim = { .kernel_min = K(5, 10),
				   .kernel_max = NEWEST,
				   .faults = IOU_FAULT_NETDGRAM },
			  .max_deviations = 2 },
		.find_within = 100,
		.dev_kernel = NEWEST,
		.needs_sockets = 1,
	},
	{
		.name = "bundle_first_buffer",
		.bug = "reads a recv bundle's bytes from the first buffer "
		       "only",
		.history = "recv bundles 6.10 (IORING_RECVSEND_BUNDLE)",
		.buggy = cat_bundle_first_buffer_buggy,
		.fixed = cat_bundle_first_buffer_fixed,
		/* 6.12: the first profile with bundles */
		.opts = RANGE(K(6, 12), 3),
		.find_within = 100,
		.dev_kernel = NEWEST,
		.needs_sockets = 1,
	},
	{
		.name = "inc_ring_recycle_every_cqe",
		.bug = "gives an incremental ring's buffer back on every "
		       "CQE, F_BUF_MORE or not",
		.history = "incremental rings 6.12 (IOU_PBUF_RING_INC)",
		.buggy = cat_inc_recycle_buggy,
		.fixed = cat_inc_recycle_fixed,
		.opts = RANGE(K(6, 12), 3),
		.find_within = 100,
		.dev_kernel = NEWEST,
		.needs_sockets = 1,
	},
};

const size_t catalogue_len = sizeof(catalogue) / sizeof(catalogue[0]);

const struct catalogue_entry *catalogue_find(const char *name)
{
	for (size_t i = 0; i < catalogue_len; i++)
		if (!strcmp(catalogue[i].name, name))
			return &catalogue[i];
	return NULL;
}

int catalogue_sim_has_sockets(void)
{
	struct iou_sim *sim = iou_sim_new(&(struct iou_sim_opts){
		.tape = (const uint8_t *)"", .tape_len = 0 });
	struct iou ring;
	int fd, ret = 0;

	if (!sim)
		return 0;
	if (!iou_queue_init_sim(4, &ring, 0, sim)) {
		fd = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
		ret = fd >= 0;
		if (fd >= 0)
			iou_sys_close(&ring, fd);
		iou_queue_exit(&ring);
	}
	iou_sim_free(sim);
	return ret;
}

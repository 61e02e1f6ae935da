/* profiles.c — the kernel profiles: one row per kernel version the sim can
 * behave as, with its features, known flags, last opcode and errno/order
 * quirks. Each quirk names the version where it starts or ends and its
 * source (KERNEL_FACTS.md = ../shared/KERNEL_FACTS.md, which cites Zig,
 * liburing and the man pages). Which ops exist comes from each op's `since`
 * in ops_table.c (KERNEL_FACTS "Op availability") and last_op here. */
#include "sim.h"

/* The network's version differences are checked beside their code
 * (ops_net.c, ops_poll.c, net.c) with iou__kernel_at_least, each citing
 * its source: ops by `since` (KERNEL_FACTS "Op availability": SOCKET and
 * multishot accept 5.19, SEND_ZC and multishot recv 6.0, SENDMSG_ZC 6.1,
 * BIND/LISTEN 6.11); ACCEPT_DONTWAIT/POLL_FIRST 6.10; multishot poll and
 * poll update 5.13; F_SOCK_NONEMPTY 5.19; a multishot CQE that does not
 * fit ends the request from 6.1 ("Multishot in general"); multishot recv
 * then cancel: 6.0-6.4 cancel -ENOENT / recv -ENOBUFS, 6.5+ cancel 0 /
 * recv -ECANCELED (liburing #984, "Errnos"); send_zc notification right
 * after the request from 6.9, after other work before (Zig #20212,
 * "Ordering"); direct accept ignored before 5.15 (Zig 87dd8d56690b). */

#define V(a, b) IOU_KERNEL_VERSION(a, b)

/* IOU_FEAT_* by first kernel: SINGLE_MMAP 5.4; NODROP, SUBMIT_STABLE 5.5;
 * RW_CUR_POS, CUR_PERSONALITY 5.6; FAST_POLL 5.7; POLL_32BITS 5.9;
 * SQPOLL_NONFIXED, EXT_ARG 5.11; NATIVE_WORKERS 5.12; RSRC_TAGS 5.13;
 * CQE_SKIP, LINKED_FILE 5.17; REG_REG_RING 6.3; RECVSEND_BUNDLE 6.10;
 * MIN_TIMEOUT 6.12; bits 16 (NO_IOWAIT, 6.15) and 17 (RW_ATTR, 6.16), which
 * iou_abi.h does not name: 6.18 on this machine reports 0x3ffff. */
#define FEAT_5_4  0x1U
#define FEAT_5_10 0x7fU
#define FEAT_5_15 0x7ffU
#define FEAT_5_19 0x1fffU
#define FEAT_6_6  0x3fffU
#define FEAT_6_12 0xffffU
#define FEAT_6_18 0x3ffffU

/* IOU_SETUP_* by first kernel: IOPOLL, SQPOLL, SQ_AFF 5.1; CQSIZE 5.5;
 * CLAMP, ATTACH_WQ 5.6; R_DISABLED 5.10; SUBMIT_ALL 5.18; COOP_TASKRUN,
 * TASKRUN_FLAG, SQE128, CQE32 5.19; SINGLE_ISSUER 6.0; DEFER_TASKRUN 6.1;
 * NO_MMAP, REGISTERED_FD_ONLY 6.5; NO_SQARRAY 6.6 (KERNEL_FACTS "Setup"). */
#define SETUP_5_4  0x7U
#define SETUP_5_10 0x7fU
#define SETUP_5_19 0xfffU
#define SETUP_6_1  0x3fffU
#define SETUP_6_6  0x1ffffU

/* IOU_ENTER_*: GETEVENTS, SQ_WAKEUP 5.1; SQ_WAIT 5.10; EXT_ARG 5.11;
 * REGISTERED_RING 5.18; ABS_TIMER 6.12. */
#define ENTER_5_4  0x3U
#define ENTER_5_10 0x7U
#define ENTER_5_15 0xfU
#define ENTER_5_19 0x1fU
#define ENTER_6_12 0x3fU

/* IOU_SQE_*: FIXED_FILE, IO_DRAIN 5.1; IO_LINK 5.3; IO_HARDLINK 5.5 (also
 * in 5.4's valid mask); ASYNC 5.6; BUFFER_SELECT 5.7; CQE_SKIP_SUCCESS
 * 5.17. */
#define SQEF_5_4  0x0fU
#define SQEF_5_10 0x3fU
#define SQEF_5_19 0x7fU

#define CANCEL_5_19 (IOU_ASYNC_CANCEL_ALL | IOU_ASYNC_CANCEL_FD |                \
		     IOU_ASYNC_CANCEL_ANY | IOU_ASYNC_CANCEL_FD_FIXED)
#define CANCEL_6_6  (CANCEL_5_19 | IOU_ASYNC_CANCEL_USERDATA |                    \
		     IOU_ASYNC_CANCEL_OP)

const struct iou__profile iou__profiles[] = {
	{
		.version = V(5, 4), .name = "5.4",
		.features = FEAT_5_4, .setup_flags = SETUP_5_4,
		.enter_flags = ENTER_5_4, .sqe_flags = SQEF_5_4,
		.last_op = IOU_OP_TIMEOUT,
		/* 5.4: an op the kernel lacks looks up sqe->fd first, so
		 * renameat/unlinkat/mkdirat/..., TIMEOUT_REMOVE (fd -1) and
		 * PROVIDE_BUFFERS (count in fd) fail -EBADF; with a valid fd
		 * -EINVAL (KERNEL_FACTS "Errnos": Zig 0662f1d52204, #10466). */
		.unknown_op_ebadf = 1,
		/* 5.4: no FEAT_NODROP: a full CQ drops CQEs, counted in
		 * cq.overflow; enter reports -EBADR (KERNEL_FACTS "The CQ"). */
		.nodrop = 0,
		/* before 5.18: timeout CQE before its remove's (Zig
		 * 47c58cba595a). */
		.timeout_first = 1,
		.remove_lifo = 1,
		/* 5.4: register files -1 is -EBADF, holes from 5.5
		 * (KERNEL_FACTS "Errnos"). */
		.sparse_minus1 = 0,
	},
	{
		.version = V(5, 10), .name = "5.10",
		.features = FEAT_5_10, .setup_flags = SETUP_5_10,
		.enter_flags = ENTER_5_10, .sqe_flags = SQEF_5_10,
		.last_op = IOU_OP_TEE,
		.nodrop = 1,
		/* 5.5..5.12: submit while CQEs wait in the overflow list is
		 * -EBUSY (liburing #1063, KERNEL_FACTS "The CQ"). */
		.overflow_ebusy = 1,
		.timeout_first = 1,
		/* before 5.18: REMOVE_BUFFERS "remove 3 of 4" left bid 0:
		 * the newest go first; selection takes the newest too
		 * (Zig 47c58cba595a, KERNEL_FACTS "Buffers"). */
		.remove_lifo = 1,
		.sparse_minus1 = 1,
		.has_probe = 1,
	},
	{
		.version = V(5, 15), .name = "5.15",
		.features = FEAT_5_15, .setup_flags = SETUP_5_10,
		.enter_flags = ENTER_5_15, .sqe_flags = SQEF_5_10,
		.last_op = IOU_OP_LINKAT,
		.nodrop = 1,
		.timeout_first = 1,
		.remove_lifo = 1,
		/* 5.15: IORING_TIMEOUT_ETIME_SUCCESS is -EINVAL (liburing
		 * #756); it exists from 5.16. */
		.etime_success = 0,
		.sparse_minus1 = 1,
		.has_probe = 1,
		.has_files2 = 1,
	},
	{
		.version = V(5, 19), .name = "5.19",
		.features = FEAT_5_19, .setup_flags = SETUP_5_19,
		.enter_flags = ENTER_5_19, .sqe_flags = SQEF_5_19,
		.last_op = IOU_OP_URING_CMD,
		.nodrop = 1,
		/* from 5.18: the remove's CQE before the timeout's (Zig
		 * 47c58cba595a). */
		.timeout_first = 0,
		.etime_success = 1,
		.cancel_flags = CANCEL_5_19,
		.sparse_minus1 = 1,
		.has_probe = 1,
		.has_pbuf_ring = 1, /* 5.19 (KERNEL_FACTS "Buffers") */
		.has_ring_fds = 1,  /* 5.18 */
		.has_files2 = 1,
		.has_file_alloc = 1,
	},
	{
		.version = V(6, 1), .name = "6.1",
		.features = FEAT_5_19, .setup_flags = SETUP_6_1,
		.enter_flags = ENTER_5_19, .sqe_flags = SQEF_5_19,
		.last_op = IOU_OP_SENDMSG_ZC,
		.nodrop = 1,
		.etime_success = 1,
		.cancel_flags = CANCEL_5_19,
		.sparse_minus1 = 1,
		.has_probe = 1,
		.has_pbuf_ring = 1,
		.has_ring_fds = 1,
		.has_files2 = 1,
		.has_file_alloc = 1,
	},
	{
		.version = V(6, 6), .name = "6.6",
		.features = FEAT_6_6, .setup_flags = SETUP_6_6,
		.enter_flags = ENTER_5_19, .sqe_flags = SQEF_5_19,
		.last_op = IOU_OP_READ_MULTISHOT,
		.nodrop = 1,
		.etime_success = 1,
		/* 6.4: IORING_TIMEOUT_MULTISHOT. */
		.timeout_multishot = 1,
		/* 6.6: cancel by USERDATA and OP. */
		.cancel_flags = CANCEL_6_6,
		.sparse_minus1 = 1,
		.has_probe = 1,
		.has_pbuf_ring = 1,
		.has_ring_fds = 1,
		.has_files2 = 1,
		.has_file_alloc = 1,
	},
	{
		.version = V(6, 12), .name = "6.12",
		.features = FEAT_6_12, .setup_flags = SETUP_6_6,
		.enter_flags = ENTER_6_12, .sqe_flags = SQEF_5_19,
		.last_op = IOU_OP_LISTEN,
		.nodrop = 1,
		.etime_success = 1,
		.timeout_multishot = 1,
		.cancel_flags = CANCEL_6_6,
		.sparse_minus1 = 1,
		.has_probe = 1,
		.has_pbuf_ring = 1,
		.has_ring_fds = 1,
		.has_files2 = 1,
		.has_file_alloc = 1,
	},
	{
		.version = V(6, 18), .name = "6.18",
		.features = FEAT_6_18, .setup_flags = SETUP_6_6,
		.enter_flags = ENTER_6_12, .sqe_flags = SQEF_5_19,
		.last_op = IOU_OP_PIPE,
		.nodrop = 1,
		.etime_success = 1,
		.timeout_multishot = 1,
		/* 6.18: the cancel's CQE arrives before its target's
		 * (KERNEL_FACTS "Ordering"; Zig #11382 allows both). */
		.cancel_first = 1,
		/* 6.18: renameat, unlinkat, mkdirat, symlinkat, linkat,
		 * statx, fsync, fallocate and sync_file_range set a failing
		 * result without failing the request: the next link runs
		 * (measured on this machine's 6.18; 5.10's io_fsync still
		 * called req_set_fail_links). */
		.soft_fail = 1,
		.cancel_flags = CANCEL_6_6,
		.sparse_minus1 = 1,
		.has_probe = 1,
		.has_pbuf_ring = 1,
		.has_ring_fds = 1,
		.has_files2 = 1,
		.has_file_alloc = 1,
	},
};

const size_t iou__nprofiles = sizeof(iou__profiles) / sizeof(iou__profiles[0]);

const struct iou__profile *iou__profile_find(uint32_t version)
{
	const struct iou__profile *best = NULL;

	if (!version || version == IOU_KERNEL_NEWEST)
		return &iou__profiles[iou__nprofiles - 1];
	for (size_t i = 0; i < iou__nprofiles; i++)
		if (iou__profiles[i].version <= version)
			best = &iou__profiles[i];
	return best;
}

int iou__profile_index(const struct iou__profile *p)
{
	return (int)(p - iou__profiles);
}

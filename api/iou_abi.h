/* iou_abi.h — the io_uring kernel ABI, defined by iou itself.
 *
 * Structures are byte-identical to the kernel's <linux/io_uring.h> ones and
 * constants carry the same values; tests/unit_abi.c checks every field and
 * constant that the installed kernel header also has. iou never includes the
 * distribution's header, so it does not depend on its age. */
#ifndef IOU_ABI_H
#define IOU_ABI_H

#include <stdint.h>

/* Submission queue entry: 64 bytes, ABI of struct io_uring_sqe. */
struct iou_sqe {
	uint8_t opcode;   /* IOU_OP_* */
	uint8_t flags;    /* IOU_SQE_* */
	uint16_t ioprio;  /* priority, or per-op flags (recv/send/accept) */
	int32_t fd;
	union {
		uint64_t off;
		uint64_t addr2;
		struct {
			uint32_t cmd_op;
			uint32_t __pad1;
		};
	};
	union {
		uint64_t addr;
		uint64_t splice_off_in;
		struct {
			uint32_t level;
			uint32_t optname;
		};
	};
	uint32_t len;
	union {
		int32_t rw_flags;
		uint32_t fsync_flags;
		uint16_t poll_events;
		uint32_t poll32_events;
		uint32_t sync_range_flags;
		uint32_t msg_flags;
		uint32_t timeout_flags;
		uint32_t accept_flags;
		uint32_t cancel_flags;
		uint32_t open_flags;
		uint32_t statx_flags;
		uint32_t fadvise_advice;
		uint32_t splice_flags;
		uint32_t rename_flags;
		uint32_t unlink_flags;
		uint32_t hardlink_flags;
		uint32_t xattr_flags;
		uint32_t msg_ring_flags;
		uint32_t uring_cmd_flags;
		uint32_t waitid_flags;
		uint32_t futex_flags;
		uint32_t install_fd_flags;
		uint32_t nop_flags;
		uint32_t pipe_flags;
	};
	uint64_t user_data;
	union {
		uint16_t buf_index;
		uint16_t buf_group;
	} __attribute__((packed));
	uint16_t personality;
	union {
		int32_t splice_fd_in;
		uint32_t file_index;
		uint32_t optlen;
		struct {
			uint16_t addr_len;
			uint16_t __pad3[1];
		};
	};
	union {
		struct {
			uint64_t addr3;
			uint64_t __pad2[1];
		};
		uint64_t optval;
	};
};

/* Completion queue entry: 16 bytes, ABI of struct io_uring_cqe. */
struct iou_cqe {
	uint64_t user_data;
	int32_t res;
	uint32_t flags;
};

/* struct __kernel_timespec */
struct iou_timespec {
	int64_t tv_sec;
	long long tv_nsec;
};

/* sqe->flags */
#define IOU_SQE_FIXED_FILE       (1U << 0)
#define IOU_SQE_IO_DRAIN         (1U << 1)
#define IOU_SQE_IO_LINK          (1U << 2)
#define IOU_SQE_IO_HARDLINK      (1U << 3)
#define IOU_SQE_ASYNC            (1U << 4)
#define IOU_SQE_BUFFER_SELECT    (1U << 5)
#define IOU_SQE_CQE_SKIP_SUCCESS (1U << 6)
#define IOU_SQE_VALID_FLAGS      0x7fU /* every flag a kernel knows of */

#define IOU_FILE_INDEX_ALLOC (~0U)

/* sqe->nop_flags (a NOP's rw_flags): INJECT_RESULT returns len; FILE looks
 * up fd (FIXED_FILE: in the file table); FIXED_BUFFER looks up buf_index;
 * TW completes from task work; CQE32 (a CQE32 ring only) puts off and addr
 * in the CQE's second 16 bytes. Each from 6.12-6.18 (KERNEL_FACTS). */
#define IOU_NOP_INJECT_RESULT (1U << 0)
#define IOU_NOP_FILE          (1U << 1)
#define IOU_NOP_FIXED_FILE    (1U << 2)
#define IOU_NOP_FIXED_BUFFER  (1U << 3)
#define IOU_NOP_TW            (1U << 4)
#define IOU_NOP_CQE32         (1U << 5)

/* io_uring_setup() flags */
#define IOU_SETUP_IOPOLL            (1U << 0)
#define IOU_SETUP_SQPOLL            (1U << 1)
#define IOU_SETUP_SQ_AFF            (1U << 2)
#define IOU_SETUP_CQSIZE            (1U << 3)
#define IOU_SETUP_CLAMP             (1U << 4)
#define IOU_SETUP_ATTACH_WQ         (1U << 5)
#define IOU_SETUP_R_DISABLED        (1U << 6)
#define IOU_SETUP_SUBMIT_ALL        (1U << 7)
#define IOU_SETUP_COOP_TASKRUN      (1U << 8)
#define IOU_SETUP_TASKRUN_FLAG      (1U << 9)
#define IOU_SETUP_SQE128            (1U << 10)
#define IOU_SETUP_CQE32             (1U << 11)
#define IOU_SETUP_SINGLE_ISSUER     (1U << 12)
#define IOU_SETUP_DEFER_TASKRUN     (1U << 13)
#define IOU_SETUP_NO_MMAP           (1U << 14)
#define IOU_SETUP_REGISTERED_FD_ONLY (1U << 15)
#define IOU_SETUP_NO_SQARRAY        (1U << 16)

/* Opcodes: enum io_uring_op. */
enum {
	IOU_OP_NOP,
	IOU_OP_READV,
	IOU_OP_WRITEV,
	IOU_OP_FSYNC,
	IOU_OP_READ_FIXED,
	IOU_OP_WRITE_FIXED,
	IOU_OP_POLL_ADD,
	IOU_OP_POLL_REMOVE,
	IOU_OP_SYNC_FILE_RANGE,
	IOU_OP_SENDMSG,
	IOU_OP_RECVMSG,
	IOU_OP_TIMEOUT,
	IOU_OP_TIMEOUT_REMOVE,
	IOU_OP_ACCEPT,
	IOU_OP_ASYNC_CANCEL,
	IOU_OP_LINK_TIMEOUT,
	IOU_OP_CONNECT,
	IOU_OP_FALLOCATE,
	IOU_OP_OPENAT,
	IOU_OP_CLOSE,
	IOU_OP_FILES_UPDATE,
	IOU_OP_STATX,
	IOU_OP_READ,
	IOU_OP_WRITE,
	IOU_OP_FADVISE,
	IOU_OP_MADVISE,
	IOU_OP_SEND,
	IOU_OP_RECV,
	IOU_OP_OPENAT2,
	IOU_OP_EPOLL_CTL,
	IOU_OP_SPLICE,
	IOU_OP_PROVIDE_BUFFERS,
	IOU_OP_REMOVE_BUFFERS,
	IOU_OP_TEE,
	IOU_OP_SHUTDOWN,
	IOU_OP_RENAMEAT,
	IOU_OP_UNLINKAT,
	IOU_OP_MKDIRAT,
	IOU_OP_SYMLINKAT,
	IOU_OP_LINKAT,
	IOU_OP_MSG_RING,
	IOU_OP_FSETXATTR,
	IOU_OP_SETXATTR,
	IOU_OP_FGETXATTR,
	IOU_OP_GETXATTR,
	IOU_OP_SOCKET,
	IOU_OP_URING_CMD,
	IOU_OP_SEND_ZC,
	IOU_OP_SENDMSG_ZC,
	IOU_OP_READ_MULTISHOT,
	IOU_OP_WAITID,
	IOU_OP_FUTEX_WAIT,
	IOU_OP_FUTEX_WAKE,
	IOU_OP_FUTEX_WAITV,
	IOU_OP_FIXED_FD_INSTALL,
	IOU_OP_FTRUNCATE,
	IOU_OP_BIND,
	IOU_OP_LISTEN,
	IOU_OP_RECV_ZC,
	IOU_OP_EPOLL_WAIT,
	IOU_OP_READV_FIXED,
	IOU_OP_WRITEV_FIXED,
	IOU_OP_PIPE,

	IOU_OP_LAST
};

/* sqe->fsync_flags */
#define IOU_FSYNC_DATASYNC (1U << 0)

/* sqe->timeout_flags */
#define IOU_TIMEOUT_ABS              (1U << 0)
#define IOU_TIMEOUT_UPDATE           (1U << 1)
#define IOU_TIMEOUT_BOOTTIME         (1U << 2)
#define IOU_TIMEOUT_REALTIME         (1U << 3)
#define IOU_LINK_TIMEOUT_UPDATE      (1U << 4)
#define IOU_TIMEOUT_ETIME_SUCCESS    (1U << 5)
#define IOU_TIMEOUT_MULTISHOT        (1U << 6)
#define IOU_TIMEOUT_CLOCK_MASK  (IOU_TIMEOUT_BOOTTIME | IOU_TIMEOUT_REALTIME)
#define IOU_TIMEOUT_UPDATE_MASK (IOU_TIMEOUT_UPDATE | IOU_LINK_TIMEOUT_UPDATE)

/* sqe->splice_flags (the rest are SPLICE_F_*) */
#define IOU_SPLICE_F_FD_IN_FIXED (1U << 31)

/* POLL_ADD flags, in sqe->len */
#define IOU_POLL_ADD_MULTI        (1U << 0)
#define IOU_POLL_UPDATE_EVENTS    (1U << 1)
#define IOU_POLL_UPDATE_USER_DATA (1U << 2)
#define IOU_POLL_ADD_LEVEL        (1U << 3)

/* ASYNC_CANCEL flags, in sqe->cancel_flags */
#define IOU_ASYNC_CANCEL_ALL      (1U << 0)
#define IOU_ASYNC_CANCEL_FD       (1U << 1)
#define IOU_ASYNC_CANCEL_ANY      (1U << 2)
#define IOU_ASYNC_CANCEL_FD_FIXED (1U << 3)
#define IOU_ASYNC_CANCEL_USERDATA (1U << 4)
#define IOU_ASYNC_CANCEL_OP       (1U << 5)

/* send/recv flags, in sqe->ioprio */
#define IOU_RECVSEND_POLL_FIRST  (1U << 0)
#define IOU_RECV_MULTISHOT       (1U << 1)
#define IOU_RECVSEND_FIXED_BUF   (1U << 2)
#define IOU_SEND_ZC_REPORT_USAGE (1U << 3)
#define IOU_RECVSEND_BUNDLE      (1U << 4)

/* cqe->res of an F_NOTIF CQE when REPORT_USAGE was asked for */
#define IOU_NOTIF_USAGE_ZC_COPIED (1U << 31)

/* accept flags, in sqe->ioprio */
#define IOU_ACCEPT_MULTISHOT  (1U << 0)
#define IOU_ACCEPT_DONTWAIT   (1U << 1)
#define IOU_ACCEPT_POLL_FIRST (1U << 2)

/* MSG_RING commands (sqe->addr) and flags (sqe->msg_ring_flags) */
#define IOU_MSG_DATA    0U
#define IOU_MSG_SEND_FD 1U
#define IOU_MSG_RING_CQE_SKIP   (1U << 0)
#define IOU_MSG_RING_FLAGS_PASS (1U << 1)

/* sqe->uring_cmd_flags */
#define IOU_URING_CMD_FIXED (1U << 0)

/* sqe->cmd_op of URING_CMD on a socket (enum io_uring_socket_op, 6.7) */
#define IOU_SOCKET_URING_OP_SIOCINQ    0U
#define IOU_SOCKET_URING_OP_SIOCOUTQ   1U
#define IOU_SOCKET_URING_OP_GETSOCKOPT 2U
#define IOU_SOCKET_URING_OP_SETSOCKOPT 3U

/* cqe->flags */
#define IOU_CQE_F_BUFFER        (1U << 0)
#define IOU_CQE_F_MORE          (1U << 1)
#define IOU_CQE_F_SOCK_NONEMPTY (1U << 2)
#define IOU_CQE_F_NOTIF         (1U << 3)
#define IOU_CQE_F_BUF_MORE      (1U << 4)
#define IOU_CQE_BUFFER_SHIFT    16

/* mmap offsets */
#define IOU_OFF_SQ_RING    0ULL
#define IOU_OFF_CQ_RING    0x8000000ULL
#define IOU_OFF_SQES       0x10000000ULL
#define IOU_OFF_PBUF_RING  0x80000000ULL
#define IOU_OFF_PBUF_SHIFT 16
#define IOU_OFF_MMAP_MASK  0xf8000000ULL

/* struct io_sqring_offsets */
struct iou_sqring_offsets {
	uint32_t head;
	uint32_t tail;
	uint32_t ring_mask;
	uint32_t ring_entries;
	uint32_t flags;
	uint32_t dropped;
	uint32_t array;
	uint32_t resv1;
	uint64_t user_addr;
};

/* sq_ring->flags */
#define IOU_SQ_NEED_WAKEUP (1U << 0)
#define IOU_SQ_CQ_OVERFLOW (1U << 1)
#define IOU_SQ_TASKRUN     (1U << 2)

/* struct io_cqring_offsets */
struct iou_cqring_offsets {
	uint32_t head;
	uint32_t tail;
	uint32_t ring_mask;
	uint32_t ring_entries;
	uint32_t overflow;
	uint32_t cqes;
	uint32_t flags;
	uint32_t resv1;
	uint64_t user_addr;
};

/* cq_ring->flags */
#define IOU_CQ_EVENTFD_DISABLED (1U << 0)

/* io_uring_enter() flags */
#define IOU_ENTER_GETEVENTS       (1U << 0)
#define IOU_ENTER_SQ_WAKEUP       (1U << 1)
#define IOU_ENTER_SQ_WAIT         (1U << 2)
#define IOU_ENTER_EXT_ARG         (1U << 3)
#define IOU_ENTER_REGISTERED_RING (1U << 4)
#define IOU_ENTER_ABS_TIMER       (1U << 5)

/* struct io_uring_params: passed to io_uring_setup(), filled in by it. */
struct iou_params {
	uint32_t sq_entries;
	uint32_t cq_entries;
	uint32_t flags;
	uint32_t sq_thread_cpu;
	uint32_t sq_thread_idle;
	uint32_t features;
	uint32_t wq_fd;
	uint32_t resv[3];
	struct iou_sqring_offsets sq_off;
	struct iou_cqring_offsets cq_off;
};

/* params->features */
#define IOU_FEAT_SINGLE_MMAP     (1U << 0)
#define IOU_FEAT_NODROP          (1U << 1)
#define IOU_FEAT_SUBMIT_STABLE   (1U << 2)
#define IOU_FEAT_RW_CUR_POS      (1U << 3)
#define IOU_FEAT_CUR_PERSONALITY (1U << 4)
#define IOU_FEAT_FAST_POLL       (1U << 5)
#define IOU_FEAT_POLL_32BITS     (1U << 6)
#define IOU_FEAT_SQPOLL_NONFIXED (1U << 7)
#define IOU_FEAT_EXT_ARG         (1U << 8)
#define IOU_FEAT_NATIVE_WORKERS  (1U << 9)
#define IOU_FEAT_RSRC_TAGS       (1U << 10)
#define IOU_FEAT_CQE_SKIP        (1U << 11)
#define IOU_FEAT_LINKED_FILE     (1U << 12)
#define IOU_FEAT_REG_REG_RING    (1U << 13)
#define IOU_FEAT_RECVSEND_BUNDLE (1U << 14)
#define IOU_FEAT_MIN_TIMEOUT     (1U << 15)

/* io_uring_register() opcodes */
enum {
	IOU_REGISTER_BUFFERS = 0,
	IOU_UNREGISTER_BUFFERS = 1,
	IOU_REGISTER_FILES = 2,
	IOU_UNREGISTER_FILES = 3,
	IOU_REGISTER_EVENTFD = 4,
	IOU_UNREGISTER_EVENTFD = 5,
	IOU_REGISTER_FILES_UPDATE = 6,
	IOU_REGISTER_EVENTFD_ASYNC = 7,
	IOU_REGISTER_PROBE = 8,
	IOU_REGISTER_PERSONALITY = 9,
	IOU_UNREGISTER_PERSONALITY = 10,
	IOU_REGISTER_RESTRICTIONS = 11,
	IOU_REGISTER_ENABLE_RINGS = 12,
	IOU_REGISTER_FILES2 = 13,
	IOU_REGISTER_FILES_UPDATE2 = 14,
	IOU_REGISTER_BUFFERS2 = 15,
	IOU_REGISTER_BUFFERS_UPDATE = 16,
	IOU_REGISTER_IOWQ_AFF = 17,
	IOU_UNREGISTER_IOWQ_AFF = 18,
	IOU_REGISTER_IOWQ_MAX_WORKERS = 19,
	IOU_REGISTER_RING_FDS = 20,
	IOU_UNREGISTER_RING_FDS = 21,
	IOU_REGISTER_PBUF_RING = 22,
	IOU_UNREGISTER_PBUF_RING = 23,
	IOU_REGISTER_SYNC_CANCEL = 24,
	IOU_REGISTER_FILE_ALLOC_RANGE = 25,
	IOU_REGISTER_PBUF_STATUS = 26,

	IOU_REGISTER_USE_REGISTERED_RING = (int)(1U << 31)
};

/* struct io_uring_files_update (IORING_REGISTER_FILES_UPDATE) */
struct iou_files_update {
	uint32_t offset;
	uint32_t resv;
	uint64_t fds __attribute__((aligned(8)));
};

/* struct io_uring_rsrc_register (REGISTER_FILES2 / BUFFERS2) */
#define IOU_RSRC_REGISTER_SPARSE (1U << 0)
struct iou_rsrc_register {
	uint32_t nr;
	uint32_t flags;
	uint64_t resv2;
	uint64_t data __attribute__((aligned(8)));
	uint64_t tags __attribute__((aligned(8)));
};

/* struct io_uring_rsrc_update (REGISTER_RING_FDS) */
struct iou_rsrc_update {
	uint32_t offset;
	uint32_t resv;
	uint64_t data __attribute__((aligned(8)));
};

/* struct io_uring_rsrc_update2 (FILES_UPDATE2 / BUFFERS_UPDATE) */
struct iou_rsrc_update2 {
	uint32_t offset;
	uint32_t resv;
	uint64_t data __attribute__((aligned(8)));
	uint64_t tags __attribute__((aligned(8)));
	uint32_t nr;
	uint32_t resv2;
};

#define IOU_REGISTER_FILES_SKIP (-2)

/* struct io_uring_probe */
#define IOU_OP_SUPPORTED (1U << 0)
struct iou_probe_op {
	uint8_t op;
	uint8_t resv;
	uint16_t flags; /* IOU_OP_SUPPORTED */
	uint32_t resv2;
};
struct iou_probe {
	uint8_t last_op; /* last opcode supported */
	uint8_t ops_len; /* length of ops[] array below */
	uint16_t resv;
	uint32_t resv2[3];
	struct iou_probe_op ops[];
};

/* Provided-buffer ring (struct io_uring_buf / io_uring_buf_ring). The tail
 * overlays the resv fields of bufs[0]. */
struct iou_buf {
	uint64_t addr;
	uint32_t len;
	uint16_t bid;
	uint16_t resv;
};
struct iou_buf_ring {
	union {
		struct {
			uint64_t resv1;
			uint32_t resv2;
			uint16_t resv3;
			uint16_t tail;
		};
		struct {
			char __empty_bufs[0];
			struct iou_buf bufs[];
		};
	};
};

/* struct io_uring_buf_reg (REGISTER_PBUF_RING) */
#define IOU_PBUF_RING_MMAP (1U << 0)
#define IOU_PBUF_RING_INC  (1U << 1)
struct iou_buf_reg {
	uint64_t ring_addr;
	uint32_t ring_entries;
	uint16_t bgid;
	uint16_t flags;
	uint64_t resv[3];
};

/* struct io_uring_buf_status (REGISTER_PBUF_STATUS) */
struct iou_buf_status {
	uint32_t buf_group;
	uint32_t head;
	uint32_t resv[8];
};

/* struct io_uring_getevents_arg (ENTER_EXT_ARG) */
struct iou_getevents_arg {
	uint64_t sigmask;
	uint32_t sigmask_sz;
	uint32_t min_wait_usec;
	uint64_t ts;
};

/* struct io_uring_recvmsg_out: the header a multishot recvmsg writes at the
 * start of its buffer, before name, control and payload. */
struct iou_recvmsg_out {
	uint32_t namelen;
	uint32_t controllen;
	uint32_t payloadlen;
	uint32_t flags;
};

/* struct io_uring_sync_cancel_reg (REGISTER_SYNC_CANCEL) */
struct iou_sync_cancel_reg {
	uint64_t addr;
	int32_t fd;
	uint32_t flags;
	struct iou_timespec timeout;
	uint8_t opcode;
	uint8_t pad[7];
	uint64_t pad2[3];
};

#endif /* IOU_ABI_H */

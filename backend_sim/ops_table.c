/* ops_table.c — the dispatch table: opcode -> op family entry. An opcode
 * with no entry is not modelled: it fails like an opcode the kernel does
 * not have, and the probe reports it unsupported (never a made-up
 * success). Families: ops_misc.c, ops_timeout.c, ops_cancel.c, ops_rw.c,
 * ops_fs.c, ops_buf.c, ops_pipe.c, ops_msg.c, ops_net.c, ops_poll.c,
 * and the event loop's: epoll.c, futex.c, xattr.c, ops_loop.c. */
#include "sim.h"

#define OPS(X)                                                                 \
	X(NOP, nop)                                                            \
	X(READV, readv)                                                        \
	X(WRITEV, writev)                                                      \
	X(FSYNC, fsync)                                                        \
	X(READ_FIXED, read_fixed)                                              \
	X(WRITE_FIXED, write_fixed)                                            \
	X(SYNC_FILE_RANGE, sync_file_range)                                    \
	X(TIMEOUT, timeout)                                                    \
	X(TIMEOUT_REMOVE, timeout_remove)                                      \
	X(ASYNC_CANCEL, async_cancel)                                          \
	X(LINK_TIMEOUT, link_timeout)                                          \
	X(FALLOCATE, fallocate)                                                \
	X(OPENAT, openat)                                                      \
	X(CLOSE, close)                                                        \
	X(FILES_UPDATE, files_update)                                          \
	X(STATX, statx)                                                        \
	X(READ, read)                                                          \
	X(WRITE, write)                                                        \
	X(FADVISE, fadvise)                                                    \
	X(OPENAT2, openat2)                                                    \
	X(SPLICE, splice)                                                      \
	X(PROVIDE_BUFFERS, provide_buffers)                                    \
	X(REMOVE_BUFFERS, remove_buffers)                                      \
	X(TEE, tee)                                                            \
	X(RENAMEAT, renameat)                                                  \
	X(UNLINKAT, unlinkat)                                                  \
	X(MKDIRAT, mkdirat)                                                    \
	X(SYMLINKAT, symlinkat)                                                \
	X(LINKAT, linkat)                                                      \
	X(MSG_RING, msg_ring)                                                  \
	X(FTRUNCATE, ftruncate)                                                \
	X(PIPE, pipe)                                                          \
	/* ops_net.c, ops_poll.c (issue 4) */                                  \
	X(POLL_ADD, poll_add)                                                  \
	X(POLL_REMOVE, poll_remove)                                            \
	X(SENDMSG, sendmsg)                                                    \
	X(RECVMSG, recvmsg)                                                    \
	X(ACCEPT, accept)                                                      \
	X(CONNECT, connect)                                                    \
	X(SEND, send)                                                          \
	X(RECV, recv)                                                          \
	X(SHUTDOWN, shutdown)                                                  \
	X(SOCKET, socket)                                                      \
	X(SEND_ZC, send_zc)                                                    \
	X(SENDMSG_ZC, sendmsg_zc)                                              \
	X(URING_CMD, uring_cmd)                                                \
	X(BIND, bind)                                                          \
	X(LISTEN, listen)                                                      \
	/* the event loop (issue 9): epoll.c, futex.c, ops_loop.c */           \
	X(EPOLL_CTL, epoll_ctl)                                                \
	X(EPOLL_WAIT, epoll_wait)                                              \
	X(FUTEX_WAIT, futex_wait)                                              \
	X(FUTEX_WAKE, futex_wake)                                              \
	X(FUTEX_WAITV, futex_waitv)                                            \
	X(FSETXATTR, fsetxattr)                                                \
	X(SETXATTR, setxattr)                                                  \
	X(FGETXATTR, fgetxattr)                                                \
	X(GETXATTR, getxattr)                                                  \
	X(MADVISE, madvise)                                                    \
	X(FIXED_FD_INSTALL, fixed_fd_install)

#define DECL(OP, name) extern const struct iou__op iou__op_##name;
OPS(DECL)
#undef DECL

static const struct iou__op *const ops[IOU_OP_LAST] = {
#define ENTRY(OP, name) [IOU_OP_##OP] = &iou__op_##name,
	OPS(ENTRY)
#undef ENTRY
};

void iou__ops_init(struct iou_sim *sim)
{
	for (unsigned i = 0; i < 256; i++) {
		const struct iou__op *op = i < IOU_OP_LAST ? ops[i] : NULL;

		if (i > sim->prof->last_op || (op && op->since >
						sim->prof->version))
			op = NULL;
		sim->ops[i] = op;
	}
}

const struct iou__op *iou__op_get(const struct iou_sim *sim, unsigned opcode)
{
	return opcode < 256 ? sim->ops[opcode] : NULL;
}

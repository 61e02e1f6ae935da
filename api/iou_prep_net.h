/* iou_prep_net.h — prep helpers for sockets: setting one up (socket,
 * bind, listen, accept, connect, shutdown) and moving data on it (send,
 * recv, sendmsg, recvmsg, their zero-copy, bundle and multishot forms).
 *
 * Part of iou_prep.h, which includes it (<iou.h> includes both); it can be
 * included alone too. The rules of iou_prep.h hold here: each helper takes
 * liburing's arguments one for one, zeroes the whole SQE first (but
 * iou_prep_send_set_addr, which amends a prepared send) and never knows
 * which backend is behind the ring; the kernel version in each comment is
 * the first one that has the op or the flag. */
#ifndef IOU_PREP_NET_H
#define IOU_PREP_NET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "iou_prep.h"

/* ---- Sockets: setup ---------------------------------------------------- */

/* SOCKET (5.19): domain in fd, type in off, protocol in len. */
static inline void iou_prep_socket(struct iou_sqe *sqe, int domain, int type,
				   int protocol, unsigned flags)
{
	iou_prep_rw(IOU_OP_SOCKET, sqe, domain, NULL, (unsigned)protocol,
		    (uint64_t)type);
	sqe->rw_flags = (int32_t)flags;
}

/* SOCKET (5.19) into fixed-file slot file_index. */
static inline void iou_prep_socket_direct(struct iou_sqe *sqe, int domain,
					  int type, int protocol,
					  unsigned file_index, unsigned flags)
{
	iou_prep_socket(sqe, domain, type, protocol, flags);
	iou__set_target_slot(sqe, file_index);
}

/* SOCKET (5.19) into a fixed-file slot the kernel picks. */
static inline void iou_prep_socket_direct_alloc(struct iou_sqe *sqe,
						int domain, int type,
						int protocol, unsigned flags)
{
	iou_prep_socket(sqe, domain, type, protocol, flags);
	iou__set_target_fixed_file(sqe, IOU_FILE_INDEX_ALLOC - 1);
}

/* BIND (6.11): addrlen in off. */
static inline void iou_prep_bind(struct iou_sqe *sqe, int fd,
				 const struct sockaddr *addr, socklen_t addrlen)
{
	iou_prep_rw(IOU_OP_BIND, sqe, fd, addr, 0, addrlen);
}

/* LISTEN (6.11): backlog in len. */
static inline void iou_prep_listen(struct iou_sqe *sqe, int fd, int backlog)
{
	iou_prep_rw(IOU_OP_LISTEN, sqe, fd, NULL, (unsigned)backlog, 0);
}

/* ACCEPT (5.5): the addrlen pointer in addr2. */
static inline void iou_prep_accept(struct iou_sqe *sqe, int fd,
				   struct sockaddr *addr, socklen_t *addrlen,
				   int flags)
{
	iou_prep_rw(IOU_OP_ACCEPT, sqe, fd, addr, 0,
		    (uint64_t)(uintptr_t)addrlen);
	sqe->accept_flags = (uint32_t)flags;
}

/* ACCEPT (5.15 for direct) into fixed-file slot file_index. */
static inline void iou_prep_accept_direct(struct iou_sqe *sqe, int fd,
					  struct sockaddr *addr,
					  socklen_t *addrlen, int flags,
					  unsigned file_index)
{
	iou_prep_accept(sqe, fd, addr, addrlen, flags);
	iou__set_target_slot(sqe, file_index);
}

/* ACCEPT (5.19 for multishot): IOU_ACCEPT_MULTISHOT in ioprio. */
static inline void iou_prep_multishot_accept(struct iou_sqe *sqe, int fd,
					     struct sockaddr *addr,
					     socklen_t *addrlen, int flags)
{
	iou_prep_accept(sqe, fd, addr, addrlen, flags);
	sqe->ioprio |= IOU_ACCEPT_MULTISHOT;
}

/* ACCEPT (5.19): multishot into fixed-file slots the kernel picks. */
static inline void iou_prep_multishot_accept_direct(struct iou_sqe *sqe,
						    int fd,
						    struct sockaddr *addr,
						    socklen_t *addrlen,
						    int flags)
{
	iou_prep_multishot_accept(sqe, fd, addr, addrlen, flags);
	iou__set_target_fixed_file(sqe, IOU_FILE_INDEX_ALLOC - 1);
}

/* CONNECT (5.5): addrlen in off. */
static inline void iou_prep_connect(struct iou_sqe *sqe, int fd,
				    const struct sockaddr *addr,
				    socklen_t addrlen)
{
	iou_prep_rw(IOU_OP_CONNECT, sqe, fd, addr, 0, addrlen);
}

/* SHUTDOWN (5.11): how in len. */
static inline void iou_prep_shutdown(struct iou_sqe *sqe, int fd, int how)
{
	iou_prep_rw(IOU_OP_SHUTDOWN, sqe, fd, NULL, (unsigned)how, 0);
}

/* ---- Sockets: data ----------------------------------------------------- */

/* SEND (5.6). */
static inline void iou_prep_send(struct iou_sqe *sqe, int sockfd,
				 const void *buf, size_t len, int flags)
{
	iou_prep_rw(IOU_OP_SEND, sqe, sockfd, buf, (uint32_t)len, 0);
	sqe->msg_flags = (uint32_t)flags;
}

/* SEND (6.10 for bundles): send from provided buffers (group set with
 * iou_sqe_set_buf_group and IOU_SQE_BUFFER_SELECT). */
static inline void iou_prep_send_bundle(struct iou_sqe *sqe, int sockfd,
					size_t len, int flags)
{
	iou_prep_send(sqe, sockfd, NULL, len, flags);
	sqe->ioprio |= IOU_RECVSEND_BUNDLE;
}

/* Not a prep: amends an SQE from iou_prep_send / iou_prep_send_zc with a
 * destination address (sendto; 6.0). Writes only addr2 and addr_len. */
static inline void iou_prep_send_set_addr(struct iou_sqe *sqe,
					  const struct sockaddr *dest_addr,
					  uint16_t addr_len)
{
	sqe->addr2 = (uint64_t)(uintptr_t)dest_addr;
	sqe->addr_len = addr_len;
}

/* SEND (6.0 with an address): sendto. */
static inline void iou_prep_sendto(struct iou_sqe *sqe, int sockfd,
				   const void *buf, size_t len, int flags,
				   const struct sockaddr *addr,
				   socklen_t addrlen)
{
	iou_prep_send(sqe, sockfd, buf, len, flags);
	iou_prep_send_set_addr(sqe, addr, (uint16_t)addrlen);
}

/* SEND_ZC (6.0): zero-copy send; IOU_SEND_ZC_* / IOU_RECVSEND_* in ioprio. */
static inline void iou_prep_send_zc(struct iou_sqe *sqe, int sockfd,
				    const void *buf, size_t len, int flags,
				    unsigned zc_flags)
{
	iou_prep_rw(IOU_OP_SEND_ZC, sqe, sockfd, buf, (uint32_t)len, 0);
	sqe->msg_flags = (uint32_t)flags;
	sqe->ioprio = (uint16_t)zc_flags;
}

/* SEND_ZC (6.0) from registered buffer buf_index. */
static inline void iou_prep_send_zc_fixed(struct iou_sqe *sqe, int sockfd,
					  const void *buf, size_t len,
					  int flags, unsigned zc_flags,
					  unsigned buf_index)
{
	iou_prep_send_zc(sqe, sockfd, buf, len, flags, zc_flags);
	sqe->ioprio |= IOU_RECVSEND_FIXED_BUF;
	sqe->buf_index = (uint16_t)buf_index;
}

/* RECV (5.6). */
static inline void iou_prep_recv(struct iou_sqe *sqe, int sockfd, void *buf,
				 size_t len, int flags)
{
	iou_prep_rw(IOU_OP_RECV, sqe, sockfd, buf, (uint32_t)len, 0);
	sqe->msg_flags = (uint32_t)flags;
}

/* RECV (6.0 for multishot): IOU_RECV_MULTISHOT in ioprio; needs provided
 * buffers (IOU_SQE_BUFFER_SELECT and a group). */
static inline void iou_prep_recv_multishot(struct iou_sqe *sqe, int sockfd,
					   void *buf, size_t len, int flags)
{
	iou_prep_recv(sqe, sockfd, buf, len, flags);
	sqe->ioprio |= IOU_RECV_MULTISHOT;
}

/* SENDMSG (5.3): msg in addr, len 1. */
static inline void iou_prep_sendmsg(struct iou_sqe *sqe, int fd,
				    const struct msghdr *msg, unsigned flags)
{
	iou_prep_rw(IOU_OP_SENDMSG, sqe, fd, msg, 1, 0);
	sqe->msg_flags = flags;
}

/* SENDMSG_ZC (6.1): zero-copy sendmsg. */
static inline void iou_prep_sendmsg_zc(struct iou_sqe *sqe, int fd,
				       const struct msghdr *msg,
				       unsigned flags)
{
	iou_prep_rw(IOU_OP_SENDMSG_ZC, sqe, fd, msg, 1, 0);
	sqe->msg_flags = flags;
}

/* SENDMSG_ZC (6.15 for fixed buffers) from registered buffer buf_index. */
static inline void iou_prep_sendmsg_zc_fixed(struct iou_sqe *sqe, int fd,
					     const struct msghdr *msg,
					     unsigned flags, unsigned buf_index)
{
	iou_prep_sendmsg_zc(sqe, fd, msg, flags);
	sqe->ioprio |= IOU_RECVSEND_FIXED_BUF;
	sqe->buf_index = (uint16_t)buf_index;
}

/* RECVMSG (5.3): msg in addr, len 1. */
static inline void iou_prep_recvmsg(struct iou_sqe *sqe, int fd,
				    struct msghdr *msg, unsigned flags)
{
	iou_prep_rw(IOU_OP_RECVMSG, sqe, fd, msg, 1, 0);
	sqe->msg_flags = flags;
}

/* RECVMSG (6.0 for multishot): each buffer starts with a struct
 * iou_recvmsg_out. */
static inline void iou_prep_recvmsg_multishot(struct iou_sqe *sqe, int fd,
					      struct msghdr *msg,
					      unsigned flags)
{
	iou_prep_recvmsg(sqe, fd, msg, flags);
	sqe->ioprio |= IOU_RECV_MULTISHOT;
}

#endif /* IOU_PREP_NET_H */

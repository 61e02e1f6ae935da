/* ops_net.h — helpers shared by the socket ops (ops_net.c, ops_recv.c,
 * ops_send.c): the request's socket, parking on it, short-I/O and fault
 * choices, F_SOCK_NONEMPTY, msghdr iovecs. Internal; static inline so the
 * data path stays as fast as in one file. */
#ifndef IOU_SIM_OPS_NET_H
#define IOU_SIM_OPS_NET_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "buf.h"
#include "net.h"
#include "world.h"

#define NET_MAXIOV 1024U
#define RECV_IN (IOU__POLLIN | IOU__POLLRDNORM | IOU__POLLERR | \
		 IOU__POLLHUP | IOU__POLLRDHUP)
#define SEND_OUT (IOU__POLLOUT | IOU__POLLWRNORM | IOU__POLLERR | \
		  IOU__POLLHUP)


static inline struct iou_sim *sim_of(const struct iou__req *req)
{
	return req->ring->sim;
}

static inline void net_u_init(struct iou__req *req)
{
	memset(&req->u.net, 0, sizeof(req->u.net));
}

static inline struct iou__sock *req_sock(struct iou__req *req, int *err)
{
	if (req->file->type != IOU__FT_SOCK) {
		*err = -ENOTSOCK;
		return NULL;
	}
	return req->file->sock;
}

static inline int park(struct iou__req *req, struct iou__sock *sk,
		       uint32_t events)
{
	req->u.net.events = events;
	iou__waitq_add(&sk->wq, req);
	return IOU__PENDING;
}

static inline size_t short_len(struct iou_sim *sim, size_t n)
{
	uint32_t c;

	if (n < 2)
		return n;
	c = iou__choose(sim, IOU__CH_SHORTIO,
			n > UINT32_MAX ? UINT32_MAX : (uint32_t)n);
	return c ? c : n;
}


/* Opt-in faults of a data op: -EAGAIN only where the caller asked not to
 * wait (MSG_DONTWAIT in mflags). */
static inline int net_fault(struct iou__req *req, struct iou__sock *sk,
			    uint32_t mflags)
{
	return iou__sock_fault(sim_of(req), sk, (mflags & MSG_DONTWAIT) != 0);
}

/* F_SOCK_NONEMPTY (5.19) when data is left after a receive; a hint, so
 * its absence is a choice. */
static inline uint32_t nonempty(struct iou_sim *sim,
				const struct iou__sock *sk)
{
	if (!iou__kernel_at_least(sim, 5, 19) || !iou__sock_readable(sk))
		return 0;
	return iou__choose(sim, IOU__CH_NONEMPTY, 2) ? 0
						       : IOU_CQE_F_SOCK_NONEMPTY;
}

static inline int is_msg(const struct iou__req *req)
{
	return req->opcode == IOU_OP_RECVMSG || req->opcode == IOU_OP_SENDMSG ||
	       req->opcode == IOU_OP_SENDMSG_ZC;
}


/* The iovecs of a msghdr: -EFAULT, -EMSGSIZE. */
static inline int msg_iov(uint64_t addr, const struct iovec **iov,
			  uint32_t *n)
{
	const struct msghdr *m = (const struct msghdr *)(uintptr_t)addr;

	if (!m)
		return -EFAULT;
	if (m->msg_iovlen > NET_MAXIOV)
		return -EMSGSIZE;
	if (m->msg_iovlen && !m->msg_iov)
		return -EFAULT;
	for (size_t i = 0; i < m->msg_iovlen; i++)
		if ((ssize_t)m->msg_iov[i].iov_len < 0)
			return -EINVAL;
	*iov = m->msg_iov;
	*n = (uint32_t)m->msg_iovlen;
	return 0;
}

/* The iovecs past the first `skip` bytes, into tmp. */
static inline uint32_t iov_skip(const struct iovec *iov, uint32_t n,
				size_t skip, struct iovec *tmp)
{
	uint32_t k = 0;

	for (uint32_t i = 0; i < n; i++) {
		size_t len = iov[i].iov_len;

		if (skip >= len) {
			skip -= len;
			continue;
		}
		tmp[k].iov_base = (char *)iov[i].iov_base + skip;
		tmp[k].iov_len = len - skip;
		skip = 0;
		k++;
	}
	return k;
}

#endif /* IOU_SIM_OPS_NET_H */

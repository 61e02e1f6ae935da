/* buf.h — provided buffers (ops_buf.c): legacy groups filled by
 * PROVIDE_BUFFERS and buf_rings registered with REGISTER_PBUF_RING, and
 * buffer selection for reads. Internal. */
#ifndef IOU_SIM_BUF_H
#define IOU_SIM_BUF_H

#include "sim.h"

struct iou__lbuf {
	uint64_t addr;
	uint32_t len;
	uint16_t bid;
};

struct iou__bgroup {
	struct iou__bgroup *next;
	uint16_t bgid;
	uint8_t is_ring;
	/* legacy: in the order provided */
	struct iou__lbuf *bufs;
	uint32_t n, cap;
	/* buf_ring: user memory */
	struct iou_buf_ring *br;
	uint32_t entries;
	uint16_t head;
	uint8_t inc;               /* IOU_PBUF_RING_INC (6.12): consumed in
				      pieces, the entry rewritten in place */
};

struct iou__bsel {
	struct iou__bgroup *g;
	void *addr;
	uint32_t len;
	uint16_t bid;
	uint32_t legacy_idx;
};

/* Selects a buffer of group req->sqe.buf_group for a read of up to *len
 * bytes: 0 with *sel filled and *len clamped, or -ENOBUFS. */
int iou__buf_select(struct iou__req *req, struct iou__bsel *sel, size_t *len);
/* The read used it: consume it; returns the CQE flags (F_BUFFER|bid). */
uint32_t iou__buf_commit(struct iou__req *req, struct iou__bsel *sel);
/* The same when the read put `used` bytes in it: an incremental ring
 * keeps the rest of the buffer (its entry's addr and len move on) and
 * the flags get F_BUF_MORE. */
uint32_t iou__buf_commit_n(struct iou__req *req, struct iou__bsel *sel,
			   size_t used);
/* A bundle (IOU_RECVSEND_BUNDLE, 6.10): the ring's buffers from its head,
 * as iovecs in iov[0..*n) (at most max, enough for `want` bytes; 0: all
 * there are). 0, -ENOBUFS, or -EINVAL for a legacy group. Nothing is
 * consumed until iou__buf_commit_bundle. */
int iou__buf_select_bundle(struct iou__req *req, struct iovec *iov,
			   uint32_t max, size_t want, uint32_t *n,
			   struct iou__bgroup **g);
/* Consumes the buffers `used` bytes filled (an incremental ring: the
 * last one maybe in part); the CQE flags: F_BUFFER, the first bid,
 * F_BUF_MORE when the last one has room left. */
uint32_t iou__buf_commit_bundle(struct iou__bgroup *g, size_t used);
/* The read did not use it: give it back. */
void iou__buf_recycle(struct iou__req *req, struct iou__bsel *sel);
/* The read failed after selecting: the CQE flags to post. A legacy buffer,
 * or a ring buffer of a file that cannot be polled (committed at
 * selection), is consumed and reported; a ring buffer of a pollable file
 * is given back (measured on 6.18). */
uint32_t iou__buf_failed(struct iou__req *req, struct iou__bsel *sel,
			 int pollable);
/* The end of a RECV or RECVMSG into a selected buffer (io_recv,
 * io_recvmsg): bytes received commit it (its CQE flags returned); nothing
 * received (a zero-length buffer, an empty datagram) or an error gives it
 * back unreported (0) (measured on 6.18). */
uint32_t iou__buf_recv_end(struct iou__req *req, struct iou__bsel *sel,
			   ssize_t got);

int iou__pbuf_register(struct iou__sring *r, const struct iou_buf_reg *reg);
int iou__pbuf_unregister(struct iou__sring *r, const struct iou_buf_reg *reg);
int iou__pbuf_status(struct iou__sring *r, struct iou_buf_status *st);
void iou__bgroups_free(struct iou__sring *r);

#endif /* IOU_SIM_BUF_H */

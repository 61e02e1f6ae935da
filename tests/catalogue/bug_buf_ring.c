/* bug_buf_ring.c — two consumers of the newer provided-buffer rings that
 * read a CQE the way a plain ring's CQE is read.
 *
 * "bundle_first_buffer": a server receives with bundle RECVs
 * (IOU_RECVSEND_BUNDLE, 6.10) and reads each CQE's bytes out of the buffer
 * the CQE names, as it did before bundles: one CQE, one buffer. Its
 * messages are shorter than a buffer and, on its kernel's loopback, each
 * bundle finds one whole message. But a bundle takes as many buffers as
 * the bytes that have arrived fill: when a receive is short (or bytes are
 * in flight), the rest of one message and the next arrive together and
 * the CQE spans two buffers; the bytes past the first buffer are lost.
 * Invariant: the server reads what the client sent. The fix walks the
 * buffers from the first bid for the CQE's whole length.
 *
 * "inc_ring_recycle_every_cqe": a server ported to an incremental ring
 * (IOU_PBUF_RING_INC, 6.12) keeps reading each CQE's bytes at the right
 * offset but still gives its buffer back to the ring on every CQE, as a
 * plain ring allows. With F_BUF_MORE the kernel still owns the buffer: the
 * ring is full, so the entry put back lands on the one the kernel is
 * consuming, and the rest of the message is written from the buffer's
 * start. Invariant: as above. The fix recycles only on a CQE without
 * F_BUF_MORE. Its messages fill a buffer, so a buffer is taken by several
 * CQEs only when a message arrives in pieces or a receive is short. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "cat_net.h"
#include "cat_util.h"
#include "catalogue.h"

#define BLEN 16 /* bytes per provided buffer */
#define NBUF 4  /* buffers in the bundle ring */
#define BGID 9
#define MLEN 12 /* a bundle message: shorter than a buffer */
#define NMSG 2

/* Sends all of len bytes (a blocking send may be short). */
static int send_all(struct iou *ring, int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = iou_sys_write(ring, fd, p, len);

		if (n <= 0)
			return n ? (int)n : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A bundle RECV on fd from group BGID. */
static void prep_bundle_recv(struct iou *ring, int fd)
{
	struct iou_sqe *sqe = iou_get_sqe(ring);

	iou_prep_recv(sqe, fd, NULL, 0, 0);
	sqe->ioprio |= IOU_RECVSEND_BUNDLE;
	iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
	iou_sqe_set_buf_group(sqe, BGID);
}

/* Gives buffer bid back to the bundle ring. */
static void recycle(struct iou_buf_ring *br, char (*bufs)[BLEN], unsigned bid)
{
	iou_buf_ring_add(br, bufs[bid], BLEN, (unsigned short)bid,
			 iou_buf_ring_mask(NBUF), 0);
	iou_buf_ring_advance(br, 1);
}

static int bundle_consumer(struct iou_sim *sim, int fixed)
{
	char bufs[NBUF][BLEN], out[NMSG * MLEN], in[NMSG * MLEN];
	struct iou_buf_ring *br;
	unsigned got = 0;
	int client, server, err;
	struct iou ring;

	/* what the buggy consumer skips must not be stack garbage, or the
	 * explorer sees two replays of one tape differ */
	memset(in, 0, sizeof(in));
	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	CHECK(cat_tcp_pair(&ring, &client, &server) == 0);
	br = iou_setup_buf_ring(&ring, NBUF, BGID, 0, &err);
	CHECK(br != NULL);
	for (int i = 0; i < NBUF; i++)
		iou_buf_ring_add(br, bufs[i], BLEN, (unsigned short)i,
				 iou_buf_ring_mask(NBUF), i);
	iou_buf_ring_advance(br, NBUF);
	for (unsigned i = 0; i < sizeof(out); i++)
		out[i] = (char)('a' + i % 26);
	/* the first message is sent, the server's receive submitted, and
	 * the client goes on with the second while the server reaps */
	CHECK(send_all(&ring, client, out, MLEN) == 0);
	prep_bundle_recv(&ring, server);
	CHECK(cat_submit_all(&ring) == 0);
	for (int m = 1; m < NMSG; m++)
		CHECK(send_all(&ring, client, out + m * MLEN, MLEN) == 0);
	while (got < sizeof(in)) {
		struct iou_cqe cqe;
		unsigned bid, res, k;

		CHECK(cat_next_cqe(&ring, &cqe) == 0);
		CHECK(cqe.res > 0 && (cqe.flags & IOU_CQE_F_BUFFER));
		res = (unsigned)cqe.res;
		CHECK(got + res <= sizeof(in));
		bid = cqe.flags >> IOU_CQE_BUFFER_SHIFT;
		CHECK(bid < NBUF);
		/* BUG: a CQE's bytes are all in the buffer it names.
		 * FIX: they run on through the next buffers of the ring
		 * (given back in the order taken: bid order, wrapping). */
		for (unsigned off = 0; off < res; off += k) {
			k = res - off < BLEN ? res - off : BLEN;
			memcpy(in + got + off, bufs[bid], k);
			recycle(br, bufs, bid);
			bid = (bid + 1) % NBUF;
			if (!fixed)
				break;
		}
		got += res;
		if (got < sizeof(in)) {
			prep_bundle_recv(&ring, server);
			CHECK(cat_submit_all(&ring) == 0);
		}
	}
	/* the server read what was sent */
	CHECK(!memcmp(in, out, sizeof(in)));
	CHECK(iou_free_buf_ring(&ring, br, NBUF, BGID) == 0);
	iou_sys_close(&ring, client);
	iou_sys_close(&ring, server);
	iou_queue_exit(&ring);
	return 0;
}

int cat_bundle_first_buffer_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return bundle_consumer(sim, 0);
}

int cat_bundle_first_buffer_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return bundle_consumer(sim, 1);
}

#define INBUF 2  /* buffers in the incremental ring: all of them in it */
#define INMSG 3  /* messages of BLEN bytes, one per buffer */

static int inc_consumer(struct iou_sim *sim, int fixed)
{
	char bufs[INBUF][BLEN], out[INMSG * BLEN], in[INMSG * BLEN];
	unsigned off[INBUF] = { 0 }, got = 0;
	struct iou_buf_ring *br;
	int client, server, err;
	struct iou ring;

	memset(in, 0, sizeof(in)); /* as in bundle_consumer */
	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	CHECK(cat_tcp_pair(&ring, &client, &server) == 0);
	br = iou_setup_buf_ring(&ring, INBUF, BGID, IOU_PBUF_RING_INC, &err);
	CHECK(br != NULL);
	for (int i = 0; i < INBUF; i++)
		iou_buf_ring_add(br, bufs[i], BLEN, (unsigned short)i,
				 iou_buf_ring_mask(INBUF), i);
	iou_buf_ring_advance(br, INBUF);
	for (unsigned i = 0; i < sizeof(out); i++)
		out[i] = (char)('A' + i % 26);
	for (int m = 0; m < INMSG; m++) {
		CHECK(send_all(&ring, client, out + m * BLEN, BLEN) == 0);
		while (got < (unsigned)(m + 1) * BLEN) {
			struct iou_sqe *sqe = iou_get_sqe(&ring);
			struct iou_cqe cqe;
			unsigned bid, res;
			int more;

			iou_prep_recv(sqe, server, NULL, 0, 0);
			iou_sqe_set_flags(sqe, IOU_SQE_BUFFER_SELECT);
			iou_sqe_set_buf_group(sqe, BGID);
			CHECK(cat_submit_all(&ring) == 0);
			CHECK(cat_next_cqe(&ring, &cqe) == 0);
			CHECK(cqe.res > 0 && (cqe.flags & IOU_CQE_F_BUFFER));
			res = (unsigned)cqe.res;
			bid = cqe.flags >> IOU_CQE_BUFFER_SHIFT;
			CHECK(bid < INBUF && off[bid] + res <= BLEN);
			CHECK(got + res <= sizeof(in));
			/* this CQE's bytes follow the buffer's earlier ones */
			memcpy(in + got, bufs[bid] + off[bid], res);
			got += res;
			more = (cqe.flags & IOU_CQE_F_BUF_MORE) != 0;
			off[bid] = more ? off[bid] + res : 0;
			/* BUG: back to the ring on every CQE, as with a
			 * plain ring. FIX: only once the kernel is done
			 * with it (no F_BUF_MORE). */
			if (!fixed || !more) {
				iou_buf_ring_add(br, bufs[bid], BLEN,
						 (unsigned short)bid,
						 iou_buf_ring_mask(INBUF), 0);
				iou_buf_ring_advance(br, 1);
			}
		}
	}
	/* the server read what was sent */
	CHECK(!memcmp(in, out, sizeof(in)));
	CHECK(iou_free_buf_ring(&ring, br, INBUF, BGID) == 0);
	iou_sys_close(&ring, client);
	iou_sys_close(&ring, server);
	iou_queue_exit(&ring);
	return 0;
}

int cat_inc_recycle_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return inc_consumer(sim, 0);
}

int cat_inc_recycle_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return inc_consumer(sim, 1);
}

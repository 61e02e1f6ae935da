/* bug_send_zc.c — "a send_zc buffer is free at the first CQE".
 *
 * A server sends each message with SEND_ZC from one buffer, and writes the
 * next message into it as soon as the request's CQE (bytes sent, F_MORE)
 * arrives. The kernel may read the buffer until the notification (F_NOTIF,
 * same user_data) that follows a CQE with F_MORE (send_zc 6.0;
 * KERNEL_FACTS "Ordering"); the sim copies the bytes at a chosen moment in
 * between. Invariant: the peer receives every message as it was sent. The
 * fix reuses the buffer only after the notification. */
#include <string.h>

#include "cat_net.h"
#include "cat_util.h"
#include "catalogue.h"

#define MSG_LEN 16
#define NMSG 3
enum { SEND_UD = 1, RECV_UD = 2 };

/* Sends buf[0..len) with SEND_ZC, short sends included. Returns 0 when the
 * caller may reuse buf, or the line of a broken check. */
static int send_zc_all(struct iou *ring, int fd, const char *buf,
		       unsigned len, int fixed)
{
	unsigned off = 0, notifs = 0;

	while (off < len) {
		struct iou_sqe *sqe = iou_get_sqe(ring);
		int sent = 0;

		iou_prep_send_zc(sqe, fd, buf + off, len - off, 0, 0);
		iou_sqe_set_data64(sqe, SEND_UD);
		CHECK(cat_submit_all(ring) == 0);
		while (!sent) {
			struct iou_cqe cqe;

			CHECK(cat_next_cqe(ring, &cqe) == 0);
			CHECK(cqe.user_data == SEND_UD);
			if (cqe.flags & IOU_CQE_F_NOTIF) {
				/* an earlier send's (or, in the buggy
				 * consumer, an earlier message's) */
				if (notifs)
					notifs--;
				continue;
			}
			CHECK(cqe.res > 0);
			off += (unsigned)cqe.res;
			notifs += (cqe.flags & IOU_CQE_F_MORE) != 0;
			sent = 1;
		}
	}
	/* BUG: returns here: the caller writes the next message into buf
	 * while the kernel may still read it. FIX: the buffer is the
	 * kernel's until every notification is in. */
	while (fixed && notifs) {
		struct iou_cqe cqe;

		CHECK(cat_next_cqe(ring, &cqe) == 0);
		CHECK(cqe.user_data == SEND_UD &&
		      (cqe.flags & IOU_CQE_F_NOTIF));
		notifs--;
	}
	return 0;
}

static void message(char *buf, int i)
{
	memset(buf, 'A' + i, MSG_LEN);
	buf[0] = (char)('0' + i);
}

static int consumer(struct iou_sim *sim, int fixed)
{
	struct iou ring;
	char buf[MSG_LEN], want[MSG_LEN], in[NMSG * MSG_LEN];
	unsigned got = 0;
	int client, server, ret;

	CHECK(iou_queue_init_sim(16, &ring, 0, sim) == 0);
	CHECK(cat_tcp_pair(&ring, &client, &server) == 0);

	for (int i = 0; i < NMSG; i++) {
		message(buf, i);
		ret = send_zc_all(&ring, server, buf, MSG_LEN, fixed);
		if (ret)
			return ret;
	}

	/* the peer reads everything (through the same ring) */
	while (got < sizeof(in)) {
		struct iou_sqe *sqe = iou_get_sqe(&ring);
		struct iou_cqe cqe;

		iou_prep_recv(sqe, client, in + got, sizeof(in) - got, 0);
		iou_sqe_set_data64(sqe, RECV_UD);
		CHECK(cat_submit_all(&ring) == 0);
		do
			CHECK(cat_next_cqe(&ring, &cqe) == 0);
		while (cqe.user_data == SEND_UD); /* late notifications */
		CHECK(cqe.user_data == RECV_UD && cqe.res > 0);
		got += (unsigned)cqe.res;
	}
	for (int i = 0; i < NMSG; i++) {
		message(want, i);
		/* every message arrives as it was sent */
		CHECK(!memcmp(in + i * MSG_LEN, want, MSG_LEN));
	}

	iou_sys_close(&ring, client);
	iou_sys_close(&ring, server);
	iou_queue_exit(&ring);
	return 0;
}

int cat_send_zc_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 0);
}

int cat_send_zc_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return consumer(sim, 1);
}

/* bug_net_flight.c — two consumers that trust the network too much.
 *
 * "send_zc_same_batch": a client submits a SEND_ZC and the peer's RECV in
 * one batch and rewrites its buffer on the send's first CQE, reasoning
 * that the peer's receive, already waiting, has taken the bytes. On a
 * network the bytes are still in flight (the sim: netdelay), and the
 * kernel reads a zero-copy buffer until the notification (F_NOTIF): the
 * peer reads the rewritten bytes. Invariant: the peer reads what was
 * sent. The fix rewrites only after F_NOTIF.
 *
 * "udp_no_loss": a UDP client sends numbered requests and counts on one
 * reply per request, waiting for the next with a plain RECV. A datagram
 * lost (IOU_FAULT_NETDGRAM) leaves it waiting forever: a hang. The fix
 * waits with a timeout and sends the request again; replies are matched
 * by number, so duplicates and stale ones are ignored. */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "cat_net.h"
#include "cat_util.h"
#include "catalogue.h"

enum { SEND_UD = 1, RECV_UD = 2, TIMEOUT_UD = 3 };
#define ZLEN 32

static int zc_consumer(struct iou_sim *sim, int fixed)
{
	struct iou ring;
	char buf[ZLEN], in[ZLEN], want[ZLEN];
	int client, server, recv_done = 0, notif = 0, more = 0, sent = 0;
	struct iou_sqe *sqe;

	CHECK(iou_queue_init_sim(16, &ring, 0, sim) == 0);
	CHECK(cat_tcp_pair(&ring, &client, &server) == 0);
	memset(buf, 'a', sizeof(buf));
	memcpy(want, buf, sizeof(want));
	sqe = iou_get_sqe(&ring);
	iou_prep_send_zc(sqe, client, buf, sizeof(buf), MSG_WAITALL, 0);
	iou_sqe_set_data64(sqe, SEND_UD);
	sqe = iou_get_sqe(&ring);
	iou_prep_recv(sqe, server, in, sizeof(in), MSG_WAITALL);
	iou_sqe_set_data64(sqe, RECV_UD);
	CHECK(cat_submit_all(&ring) == 0);
	while (!recv_done || (more && !notif)) {
		struct iou_cqe cqe;

		CHECK(cat_next_cqe(&ring, &cqe) == 0);
		if (cqe.user_data == RECV_UD) {
			CHECK(cqe.res == (int)sizeof(in));
			recv_done = 1;
			continue;
		}
		CHECK(cqe.user_data == SEND_UD);
		if (cqe.flags & IOU_CQE_F_NOTIF) {
			notif = 1;
		} else {
			CHECK(cqe.res == (int)sizeof(buf));
			more = (cqe.flags & IOU_CQE_F_MORE) != 0;
			sent = 1;
		}
		/* BUG: the next message goes into buf on the first CQE.
		 * FIX: only once the notification is in (or none comes). */
		if (sent && (!fixed || notif || !more))
			memset(buf, 'b', sizeof(buf));
	}
	/* the peer read what was sent */
	CHECK(!memcmp(in, want, sizeof(in)));
	iou_sys_close(&ring, client);
	iou_sys_close(&ring, server);
	iou_queue_exit(&ring);
	return 0;
}

int cat_send_zc_batch_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return zc_consumer(sim, 0);
}

int cat_send_zc_batch_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return zc_consumer(sim, 1);
}

#define NREQ 3

static int udp_sock(struct iou *ring, struct sockaddr_in *a)
{
	socklen_t n = sizeof(*a);
	int fd = iou_sys_socket(ring, AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		return fd;
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (iou_sys_bind(ring, fd, (struct sockaddr *)a, sizeof(*a)) ||
	    iou_sys_getsockname(ring, fd, (struct sockaddr *)a, &n))
		return -1;
	return fd;
}

/* The server: answers every request waiting on it with its number. */
static void serve(struct iou *ring, int fd)
{
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	unsigned char b;

	while (iou_sys_recvfrom(ring, fd, &b, 1, MSG_DONTWAIT,
				(struct sockaddr *)&from, &fl) == 1) {
		iou_sys_sendto(ring, fd, &b, 1, 0, (struct sockaddr *)&from,
			       fl);
		fl = sizeof(from);
	}
}

static int udp_consumer(struct iou_sim *sim, int fixed)
{
	struct sockaddr_in ca, sa;
	struct iou ring;
	int c, s;

	CHECK(iou_queue_init_sim(16, &ring, 0, sim) == 0);
	c = udp_sock(&ring, &ca);
	s = udp_sock(&ring, &sa);
	CHECK(c >= 0 && s >= 0);
	for (unsigned char i = 0; i < NREQ; i++) {
		int answered = 0;

		while (!answered) {
			struct iou_timespec ts = { 0, 1000000 };
			struct iou_sqe *sqe;
			struct iou_cqe cqe;
			unsigned char r = 0xff;

			CHECK(iou_sys_sendto(&ring, c, &i, 1, 0,
					     (struct sockaddr *)&sa,
					     sizeof(sa)) == 1);
			serve(&ring, s);
			sqe = iou_get_sqe(&ring);
			iou_prep_recv(sqe, c, &r, 1, 0);
			iou_sqe_set_data64(sqe, RECV_UD);
			if (fixed) {
				/* FIX: a reply may never come */
				iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
				sqe = iou_get_sqe(&ring);
				iou_prep_link_timeout(sqe, &ts, 0);
				iou_sqe_set_data64(sqe, TIMEOUT_UD);
			}
			CHECK(cat_submit_all(&ring) == 0);
			/* BUG: waits for the reply as if it must come */
			CHECK(cat_next_cqe(&ring, &cqe) == 0);
			if (fixed) {
				struct iou_cqe t;

				CHECK(cat_next_cqe(&ring, &t) == 0);
				if (cqe.user_data != RECV_UD)
					cqe = t;
			}
			CHECK(cqe.user_data == RECV_UD);
			/* a stale or duplicated reply: ask again */
			answered = cqe.res == 1 && r == i;
			CHECK(fixed || answered);
		}
	}
	iou_sys_close(&ring, c);
	iou_sys_close(&ring, s);
	iou_queue_exit(&ring);
	return 0;
}

int cat_udp_loss_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return udp_consumer(sim, 0);
}

int cat_udp_loss_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return udp_consumer(sim, 1);
}

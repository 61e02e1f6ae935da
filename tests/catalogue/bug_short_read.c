/* bug_short_read.c — "a short read (recv) is the end of the data".
 *
 * Two consumers with the same bug. One copies a file into memory in
 * 8-byte chunks and stops at the first read shorter than its chunk; the
 * other receives an 8-byte message from a stream socket and takes the
 * first recv as the whole message. A read of a regular file may be short
 * (the sim cuts it at a chosen length), and a stream recv returns what has
 * arrived; only 0 is the end. Invariant: every byte arrives. The fix loops
 * until 0 (file) or the whole message (socket). */
#include <fcntl.h>
#include <string.h>

#include "cat_net.h"
#include "cat_util.h"
#include "catalogue.h"

#define CHUNK 8

static const char data[] = "0123456789abcdefghij"; /* 20 bytes */

static int file_consumer(struct iou_sim *sim, int fixed)
{
	struct iou ring;
	char out[sizeof(data) + CHUNK];
	size_t got = 0;
	int fd;

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	fd = iou_sys_open(&ring, "/records", O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0);
	CHECK(iou_sys_write(&ring, fd, data, sizeof(data) - 1) ==
	      (ssize_t)sizeof(data) - 1);

	for (;;) {
		struct iou_sqe *sqe = iou_get_sqe(&ring);
		struct iou_cqe cqe;

		CHECK(got + CHUNK <= sizeof(out));
		iou_prep_read(sqe, fd, out + got, CHUNK, got);
		iou_sqe_set_data64(sqe, 1);
		CHECK(cat_submit_all(&ring) == 0);
		CHECK(cat_next_cqe(&ring, &cqe) == 0);
		CHECK(cqe.res >= 0 && cqe.res <= CHUNK);
		got += (size_t)cqe.res;
		if (!fixed && cqe.res < CHUNK)
			break; /* BUG: a short read is not end of file */
		if (cqe.res == 0)
			break; /* FIX: only 0 is */
	}
	/* every byte arrives */
	CHECK(got == sizeof(data) - 1 && !memcmp(out, data, got));

	iou_sys_close(&ring, fd);
	iou_queue_exit(&ring);
	return 0;
}

int cat_short_read_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return file_consumer(sim, 0);
}

int cat_short_read_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return file_consumer(sim, 1);
}

#define MSG_LEN 8

static int socket_consumer(struct iou_sim *sim, int fixed)
{
	static const char msg[MSG_LEN + 1] = "HDR:1234";
	struct iou ring;
	char in[MSG_LEN];
	size_t got = 0;
	int client, server;

	CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	CHECK(cat_tcp_pair(&ring, &client, &server) == 0);
	/* the peer sends one message */
	CHECK(iou_sys_write(&ring, client, msg, MSG_LEN) == MSG_LEN);

	while (got < MSG_LEN) {
		struct iou_sqe *sqe = iou_get_sqe(&ring);
		struct iou_cqe cqe;

		iou_prep_recv(sqe, server, in + got, MSG_LEN - got, 0);
		iou_sqe_set_data64(sqe, 1);
		CHECK(cat_submit_all(&ring) == 0);
		CHECK(cat_next_cqe(&ring, &cqe) == 0);
		CHECK(cqe.res > 0); /* the peer did not close */
		got += (size_t)cqe.res;
		if (!fixed)
			break; /* BUG: one recv is one message */
		/* FIX: a stream recv returns what has arrived: loop */
	}
	CHECK(got == MSG_LEN && !memcmp(in, msg, MSG_LEN));

	iou_sys_close(&ring, client);
	iou_sys_close(&ring, server);
	iou_queue_exit(&ring);
	return 0;
}

int cat_short_recv_buggy(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return socket_consumer(sim, 0);
}

int cat_short_recv_fixed(struct iou_sim *sim, void *arg)
{
	(void)arg;
	return socket_consumer(sim, 1);
}

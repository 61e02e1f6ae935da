/* sim_peer.c — the sim's peer (iou_sim_peer, issue 13): a UDP client in
 * the sim's world that lets a server which serves for ever run to an end.
 * A correct echo server, on the ring or on plain calls, ends idle with the
 * peer done on every tape and no hang; a server that drops or changes an
 * echo hangs with the peer not done; bursts of several datagrams are
 * reachable and the canonical tape sends one at a time; the same tape
 * gives the same trace; bad specs are refused. */
#include <errno.h>
#include <string.h>
#include <poll.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "simtest.h"

enum { PORT = 7000, SEEDS = 150 };

/* flaws a server may have */
enum { SRV_OK, SRV_CHANGE_ONE, SRV_DROP_ONE };

static int udp_server(struct iou *ring, int port)
{
	struct sockaddr_in a;
	int fd = iou_sys_socket(ring, AF_INET, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	assert_int_equal(iou_sys_bind(ring, fd, (struct sockaddr *)&a,
				      sizeof(a)), 0);
	return fd;
}

/* An echo server on plain calls (poll, then recvfrom and sendto of every
 * datagram queued): returns how many datagrams it echoed before its poll
 * ended -EDEADLK. *burst gets the most datagrams it found queued at once. */
static int serve_sys(struct iou_sim *sim, int flaw, int *burst)
{
	struct iou ring;
	unsigned char b[256];
	int fd, n = 0;

	st_ring(sim, &ring, 8, 0);
	fd = udp_server(&ring, PORT);
	*burst = 0;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int ret = iou_sys_poll(&ring, &p, 1, -1), queued = 0;

		if (ret == -EINTR)
			continue;
		if (ret == -EDEADLK)
			break;
		assert_int_equal(ret, 1);
		for (;;) {
			struct sockaddr_in from;
			socklen_t fl = sizeof(from);
			ssize_t got = iou_sys_recvfrom(&ring, fd, b, sizeof(b),
						       0,
						       (struct sockaddr *)&from,
						       &fl);

			if (got == -EAGAIN)
				break;
			assert_true(got > 0);
			queued++;
			n++;
			if (flaw == SRV_CHANGE_ONE && n == 2)
				b[got - 1] ^= 1;
			if (flaw == SRV_DROP_ONE && n == 3)
				continue;
			assert_int_equal(iou_sys_sendto(&ring, fd, b,
							(size_t)got, 0,
							(struct sockaddr *)&from,
							fl), got);
		}
		if (queued > *burst)
			*burst = queued;
	}
	iou_queue_exit(&ring);
	return n;
}

/* The same on the ring: RECVMSG, then SENDMSG of what came, one at a
 * time; returns the datagrams echoed before the wait ended -EDEADLK. */
static int serve_ring(struct iou_sim *sim)
{
	struct iou ring;
	struct iou_cqe *cqe;
	unsigned char b[256];
	struct sockaddr_in from;
	struct iovec v;
	struct msghdr m;
	int fd, n = 0, ret;

	st_ring(sim, &ring, 8, 0);
	fd = udp_server(&ring, PORT);
	for (;;) {
		memset(&m, 0, sizeof(m));
		v.iov_base = b;
		v.iov_len = sizeof(b);
		m.msg_name = &from;
		m.msg_namelen = sizeof(from);
		m.msg_iov = &v;
		m.msg_iovlen = 1;
		iou_prep_recvmsg(st_sqe(&ring), fd, &m, 0);
		st_submit_all(&ring);
		do
			ret = iou_wait_cqe(&ring, &cqe);
		while (ret == -EINTR);
		if (ret == -EDEADLK)
			break;
		assert_int_equal(ret, 0);
		assert_true(cqe->res > 0);
		v.iov_len = (size_t)cqe->res;
		iou_cqe_seen(&ring, cqe);
		iou_prep_sendmsg(st_sqe(&ring), fd, &m, 0);
		st_submit_all(&ring);
		st_reap(&ring, cqe = &(struct iou_cqe){ 0 }, 1);
		assert_int_equal(cqe->res, (int)v.iov_len);
		n++;
	}
	iou_queue_exit(&ring);
	return n;
}

static void test_echo_server_ends_idle(void **state)
{
	int most = 0;

	(void)state;
	for (uint64_t seed = 0; seed < SEEDS; seed++) {
		struct iou_sim *sim = st_seeded(seed, 0);
		int burst;

		assert_int_equal(iou_sim_peer(sim, "udp-echo:7000:6:32"), 0);
		assert_int_equal(iou_sim_peer_done(sim), 0);
		assert_int_equal(serve_sys(sim, SRV_OK, &burst), 6);
		assert_int_equal(iou_sim_peer_done(sim), 1);
		assert_int_equal(iou_sim_hung(sim), 0);
		if (burst > most)
			most = burst;
		iou_sim_free(sim);

		sim = st_seeded(seed, 0);
		assert_int_equal(iou_sim_peer(sim, "udp-echo:7000:5"), 0);
		assert_int_equal(serve_ring(sim), 5);
		assert_int_equal(iou_sim_peer_done(sim), 1);
		assert_int_equal(iou_sim_hung(sim), 0);
		iou_sim_free(sim);
	}
	assert_true(most > 1); /* a burst reached the server on some tape */
}

static void test_canonical_one_at_a_time(void **state)
{
	struct iou_sim *sim = st_canon(0);
	int burst;

	(void)state;
	assert_int_equal(iou_sim_peer(sim, "udp-echo:7000:4:16"), 0);
	assert_int_equal(serve_sys(sim, SRV_OK, &burst), 4);
	assert_int_equal(burst, 1);
	assert_int_equal(iou_sim_peer_done(sim), 1);
	iou_sim_free(sim);
}

static void test_flawed_server_hangs(void **state)
{
	(void)state;
	for (uint64_t seed = 0; seed < SEEDS / 3; seed++) {
		for (int flaw = SRV_CHANGE_ONE; flaw <= SRV_DROP_ONE; flaw++) {
			struct iou_sim *sim = st_seeded(seed, 0);
			const char *t;
			int burst;

			assert_int_equal(iou_sim_peer(sim, "udp-echo:7000:6"),
					 0);
			serve_sys(sim, flaw, &burst);
			assert_int_equal(iou_sim_peer_done(sim), 0);
			assert_int_equal(iou_sim_hung(sim), 1);
			t = iou_sim_trace(sim, NULL);
			assert_non_null(strstr(t, "peer not done"));
			if (flaw == SRV_CHANGE_ONE)
				assert_non_null(strstr(t, "peer echo wrong"));
			iou_sim_free(sim);
		}
	}
}

static void test_nobody_bound_no_send(void **state)
{
	struct iou_sim *sim = st_seeded(3, 0);
	struct iou ring;
	int fd;

	(void)state;
	/* the peer waits for its port: a server on another port hears
	 * nothing, and its wait is a hang, the peer having sent nothing */
	assert_int_equal(iou_sim_peer(sim, "udp-echo:7001"), 0);
	st_ring(sim, &ring, 8, 0);
	fd = udp_server(&ring, PORT);
	{
		struct pollfd p = { .fd = fd, .events = POLLIN };

		while (iou_sys_poll(&ring, &p, 1, -1) == -EINTR)
			;
	}
	assert_int_equal(iou_sim_hung(sim), 1);
	assert_null(strstr(iou_sim_trace(sim, NULL), "peer sends"));
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

static void test_same_tape_same_trace(void **state)
{
	(void)state;
	for (uint64_t seed = 10; seed < 20; seed++) {
		struct iou_sim *a = st_seeded(seed, 0), *b = st_seeded(seed, 0);
		int burst;

		assert_int_equal(iou_sim_peer(a, "udp-echo:7000:7:20"), 0);
		assert_int_equal(iou_sim_peer(b, "udp-echo:7000:7:20"), 0);
		serve_sys(a, SRV_OK, &burst);
		serve_sys(b, SRV_OK, &burst);
		assert_string_equal(iou_sim_trace(a, NULL),
				    iou_sim_trace(b, NULL));
		iou_sim_free(a);
		iou_sim_free(b);
	}
}

static void test_bad_specs(void **state)
{
	static const char *const bad[] = {
		"", "tcp-echo:7000", "udp-echo", "udp-echo:", "udp-echo:0",
		"udp-echo:65536", "udp-echo:x", "udp-echo:7000:0",
		"udp-echo:7000:65537", "udp-echo:7000:2:3",
		"udp-echo:7000:2:65508", "udp-echo:7000:2:64:1",
		"udp-echo:7000:", "udp-echo:-1", "udp-echo:7000x",
	};
	struct iou_sim *sim = st_canon(0);

	(void)state;
	assert_int_equal(iou_sim_peer(NULL, "udp-echo:1"), -EINVAL);
	assert_int_equal(iou_sim_peer(sim, NULL), -EINVAL);
	assert_int_equal(iou_sim_peer_done(NULL), -EINVAL);
	assert_int_equal(iou_sim_peer_done(sim), -EINVAL);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(iou_sim_peer(sim, bad[i]), -EINVAL);
	assert_int_equal(iou_sim_peer(sim, "udp6-echo:9:1:4"), 0);
	assert_int_equal(iou_sim_peer(sim, "udp-echo:9"), -EBUSY);
	iou_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_echo_server_ends_idle),
		cmocka_unit_test(test_canonical_one_at_a_time),
		cmocka_unit_test(test_flawed_server_hangs),
		cmocka_unit_test(test_nobody_bound_no_send),
		cmocka_unit_test(test_same_tape_same_trace),
		cmocka_unit_test(test_bad_specs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sim_net_echo.c — the echo server (examples/echo.c) on the sim's network,
 * its clients played through iou_sys_*: every byte comes back in order to
 * its client, no buffer is reused before its notification, nothing hangs,
 * across profiles and many tapes; the catalogued bug "recycle on the first
 * CQE" is caught on some tape. */
#include "simtest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "echo.h"
#include "echo_client.h"

#define NCLIENTS 4
#define STEPS_MAX 200000U

struct run {
	struct iou ring;
	struct echo_server srv;
	struct echo_client cl[NCLIENTS];
	struct sockaddr_in addr;
	uint64_t expected;
	int client_err;
};

static unsigned tapes(void)
{
	const char *e = getenv("IOU_SIM_NET_TAPES");

	return e && *e ? (unsigned)strtoul(e, NULL, 10) : 300;
}

/* One run: 0 when every client got its bytes back; -errno otherwise. */
static int echo_run(struct iou_sim *sim, struct run *t, enum echo_bug bug)
{
	struct echo_opts opts = {
		.max_conns = NCLIENTS, .nbufs = 8, .buf_size = 512,
		.sndbuf = 4096, .bug = bug,
	};
	struct iou_timespec tick = { .tv_sec = 0, .tv_nsec = 1000000 };
	socklen_t len = sizeof(t->addr);
	unsigned finished = 0, steps = 0;
	int ret;

	memset(t, 0, sizeof(*t));
	assert_int_equal(iou_queue_init_sim(128, &t->ring, 0, sim), 0);
	t->addr.sin_family = AF_INET;
	t->addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ret = echo_server_start(&t->srv, &t->ring, (struct sockaddr *)&t->addr,
				sizeof(t->addr), &opts);
	assert_int_equal(ret, 0);
	assert_int_equal(echo_server_addr(&t->srv, (struct sockaddr *)&t->addr,
					  &len), 0);
	for (unsigned i = 0; i < NCLIENTS; i++) {
		struct echo_client_opts o;

		memset(&o, 0, sizeof(o));
		o.seed = 0x5eedULL + i;
		o.max_chunk = 1U << (3 + 3 * i);
		o.bytes = 1500 + 1700 * i;
		if (i == 3) {
			o.window = (unsigned)o.bytes;
			o.read_every = 8;
		}
		assert_int_equal(echo_client_start(&t->cl[i], &t->ring,
						   (struct sockaddr *)&t->addr,
						   sizeof(t->addr), &o), 0);
		t->expected += o.bytes;
	}
	ret = 0;
	while (finished < NCLIENTS && !ret) {
		int progress = 0;

		finished = 0;
		for (unsigned i = 0; i < NCLIENTS; i++) {
			int r = echo_client_step(&t->cl[i]);

			if (r < 0) {
				t->client_err = r;
				ret = r;
			}
			progress += r > 0;
			finished += echo_client_finished(&t->cl[i]);
		}
		if (ret)
			break;
		ret = echo_server_step(&t->srv, progress ? 0 : 1, &tick);
		if (ret > 0)
			ret = 0;
		if (iou_sim_hung(sim) || ++steps > STEPS_MAX)
			ret = -EDEADLK;
	}
	for (unsigned i = 0; i < NCLIENTS; i++)
		echo_client_close(&t->cl[i]);
	{
		int stop = echo_server_stop(&t->srv);

		if (!ret && stop)
			ret = stop;
	}
	if (!ret && (t->srv.stats.early_reuse || t->srv.stats.protocol_errors))
		ret = -EPROTO;
	iou_queue_exit(&t->ring);
	return ret;
}

static void report(struct iou_sim *sim, const char *what, int ret)
{
	char tok[1024];
	size_t len;
	const char *tr = iou_sim_trace(sim, &len);

	if (iou_sim_replay_token(sim, tok, sizeof(tok)) < 0)
		snprintf(tok, sizeof(tok), "(too long)");
	fprintf(stderr, "%s: %d IOU_SIM_REPLAY=%s\n%s\n", what, ret, tok,
		len > 3000 ? tr + len - 3000 : tr);
}

/* A correct server: every tape of every profile with the ops it needs
 * (send_zc 6.0, multishot recv 6.0, buf_ring 5.19). */
static void test_echo_every_tape(void **state)
{
	static const uint32_t ks[] = { V(6, 1), V(6, 6), V(6, 12), V(6, 18) };
	static struct run t;
	unsigned runs = 0;

	(void)state;
	for (unsigned k = 0; k < 4; k++)
	for (unsigned seed = 0; seed < tapes(); seed++) {
		struct iou_sim *sim = st_tape(seed, ks[k]);
		int ret = echo_run(sim, &t, ECHO_BUG_NONE);

		if (ret) {
			report(sim, "echo", ret);
			fail_msg("echo on %u.%u seed %u: %d", ks[k] >> 16,
				 (ks[k] >> 8) & 0xff, seed, ret);
		}
		assert_int_equal(t.srv.stats.bytes_echoed, t.expected);
		iou_sim_free(sim);
		runs++;
	}
	print_message("[  NOTE    ] echo: %u tapes\n", runs);
}

/* The server that recycles a buffer on the send_zc request CQE instead of
 * its F_NOTIF: some tape shows it (a client sees a wrong byte, or the
 * server's books catch the early reuse). */
static void test_echo_recycle_bug_caught(void **state)
{
	static struct run t;
	unsigned caught = 0, corrupted = 0;

	(void)state;
	for (unsigned seed = 1; seed <= tapes(); seed++) {
		struct iou_sim *sim = st_seeded(seed, 0);
		int ret = echo_run(sim, &t, ECHO_BUG_RECYCLE_ON_FIRST_CQE);

		caught += ret != 0 || t.srv.stats.early_reuse != 0;
		/* the reused buffer was read late: a client got wrong bytes */
		corrupted += t.client_err == -EILSEQ;
		iou_sim_free(sim);
	}
	print_message("[  NOTE    ] recycle bug caught on %u of %u tapes, "
		      "bytes corrupted on %u\n", caught, tapes(), corrupted);
	assert_true(caught > 0);
	assert_true(corrupted > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_echo_every_tape),
		cmocka_unit_test(test_echo_recycle_bug_caught),
	};

	return cmocka_run_group_tests_name("sim.net.echo", tests, NULL, NULL);
}

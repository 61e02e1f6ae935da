/* sim_evloop.c — the epoll-driven echo server of examples/evloop.c (the
 * ring's fd and an eventfd in one epoll) with its clients on the sim,
 * under the explorer: every schedule within 2 deviations on every profile
 * from 5.10, and random tapes on each profile. Every byte comes back in
 * order and the stop through the eventfd is clean on every tape. */
#include "simtest.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "evloop_check.h"

static int scenario(struct iou_sim *sim, void *arg)
{
	const struct evl_selftest_opts *o = arg;
	struct iou ring;
	int ret;

	IOU_SCENARIO_CHECK(iou_queue_init_sim(64, &ring, 0, sim) == 0);
	ret = evl_selftest(&ring, o, NULL);
	iou_queue_exit(&ring);
	return ret ? (ret < 0 ? -ret : ret) : 0;
}

static void explore(struct iou_explore_opts *o,
		    const struct evl_selftest_opts *so, const char *what)
{
	struct iou_explore_result res;

	assert_int_equal(iou_explore(o, scenario, (void *)so, &res), 0);
	printf("[  EVLOOP  ] %s: %llu runs%s\n", what,
	       (unsigned long long)res.runs,
	       res.exhausted ? ", exhausted" : "");
	if (res.failed)
		fail_msg("%s failed: IOU_SIM_REPLAY='%s'", what, res.replay);
}

/* Every tape with at most 1 deviation, every profile from 5.10. */
static void test_evloop_bounded(void **state)
{
	struct evl_selftest_opts so = { .clients = 2, .bytes = 3000,
					.seed = 1 };
	struct iou_explore_opts o = {
		.sim = { .kernel_min = V(5, 10),
			 .kernel_max = IOU_KERNEL_NEWEST },
		.max_deviations = 1,
		.max_runs = 20000,
	};

	(void)state;
	explore(&o, &so, "5.10-newest, 1 deviation");
}

/* Random tapes on each profile. */
static void test_evloop_random(void **state)
{
	static const uint32_t ks[] = { V(5, 10), V(5, 15), V(5, 19), V(6, 1),
				       V(6, 6), V(6, 12), V(6, 18) };
	struct evl_selftest_opts so = { .clients = 3, .bytes = 6000,
					.seed = 9 };

	(void)state;
	for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
		struct iou_explore_opts o = {
			.sim = { .kernel_min = ks[i], .kernel_max = ks[i],
				 .seed = 77 + i },
			.max_runs = 150,
			.random = 1,
		};
		char what[32];

		snprintf(what, sizeof(what), "%u.%u random", ks[i] >> 16,
			 (ks[i] >> 8) & 0xff);
		explore(&o, &so, what);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_evloop_bounded),
		cmocka_unit_test(test_evloop_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* iou_sim_cmocka.h — running a scenario under the explorer from a cmocka
 * test. Header only. Include it after <cmocka.h> (which needs <stdarg.h>,
 * <stddef.h>, <stdint.h> and <setjmp.h> before it): a failure then fails
 * the cmocka test. Included without cmocka, a failure prints the same
 * report and aborts, so the macros serve any test framework.
 *
 *	static int scenario(struct iou_sim *sim, void *arg)
 *	{
 *		... build a ring on sim, drive it ...
 *		IOU_SCENARIO_CHECK(cqe->res == 0);  // returns __LINE__
 *		return 0;
 *	}
 *
 *	static void test_timeouts(void **state)
 *	{
 *		struct iou_explore_opts o = { .sim.kernel_min =
 *					      IOU_KERNEL_VERSION(5, 4) };
 *		IOU_EXPLORE_ASSERT(&o, scenario, NULL);
 *	}
 *
 * On a failure the test prints the report (runs, how it failed, the replay
 * token and the trace of the shrunk run) to stderr and fails with the
 * token; IOU_SIM_REPLAY=<token> then replays just that run. Inside a
 * scenario use IOU_SCENARIO_CHECK, not assert_*: cmocka's asserts jump
 * out of the explorer. */
#ifndef IOU_SIM_CMOCKA_H
#define IOU_SIM_CMOCKA_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iou_sim.h"

#ifdef fail_msg
#define IOU__EXPLORE_FAIL(...) fail_msg(__VA_ARGS__)
#else
#define IOU__EXPLORE_FAIL(...)                                                 \
	do {                                                                   \
		fprintf(stderr, __VA_ARGS__);                                  \
		fputc('\n', stderr);                                           \
		abort();                                                       \
	} while (0)
#endif

/* Explores fn(sim, arg) with the extended options exopts (a const struct
 * iou_explore_ex_opts *, NULL: defaults) and fails the test when a run
 * fails, the scenario is not deterministic, or the explorer cannot run. */
#define IOU_EXPLORE_ASSERT_EX(exopts, fn, arg)                                 \
	do {                                                                   \
		struct iou_explore_report iou__rep_;                           \
		int iou__ret_ = iou_explore_ex((exopts), (fn), (arg),          \
					       &iou__rep_);                    \
		char iou__tok_[sizeof(iou__rep_.res.replay)];                  \
		if (iou__ret_ < 0) {                                           \
			iou_explore_report_free(&iou__rep_);                   \
			IOU__EXPLORE_FAIL("iou_explore(%s): error %d", #fn,    \
					  iou__ret_);                          \
		}                                                              \
		if (iou__rep_.res.failed) {                                    \
			iou_explore_report_print(&iou__rep_, stderr);          \
			memcpy(iou__tok_, iou__rep_.res.replay,                \
			       sizeof(iou__tok_));                             \
			iou_explore_report_free(&iou__rep_);                   \
			IOU__EXPLORE_FAIL("%s failed under the explorer: "     \
					  "IOU_SIM_REPLAY='%s'", #fn,          \
					  iou__tok_);                          \
		}                                                              \
		iou_explore_report_free(&iou__rep_);                           \
	} while (0)

/* As IOU_EXPLORE_ASSERT_EX with plain options (a const struct
 * iou_explore_opts *, NULL: defaults). */
#define IOU_EXPLORE_ASSERT(opts, fn, arg)                                      \
	do {                                                                   \
		struct iou_explore_ex_opts iou__eo_;                           \
		const struct iou_explore_opts *iou__o_ = (opts);               \
		memset(&iou__eo_, 0, sizeof(iou__eo_));                        \
		if (iou__o_)                                                   \
			iou__eo_.base = *iou__o_;                              \
		IOU_EXPLORE_ASSERT_EX(&iou__eo_, fn, arg);                     \
	} while (0)

#endif /* IOU_SIM_CMOCKA_H */

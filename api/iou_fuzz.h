/* iou_fuzz.h — the fuzzing kit: libFuzzer's (data, size) turned into a sim
 * run, and a one-line harness for a scenario.
 *
 * The input is split into a kernel selector, fault classes, the sim's tape
 * (every nondeterministic decision the sim takes reads it; an exhausted tape
 * means the canonical choice) and the rest, a script the scenario may read
 * (clients' messages, commands...). A ten-line harness:
 *
 *	#include <iou_fuzz.h>
 *
 *	static int scenario(struct iou_sim *sim, const uint8_t *script,
 *			    size_t len)
 *	{
 *		... set up a ring with iou_queue_init_sim, run the code under
 *		test, return non-zero when its own invariant breaks ...
 *	}
 *	IOU_FUZZ_SCENARIO(scenario, IOU_FAULT_EAGAIN | IOU_FAULT_EINTR)
 *
 * Built with -fsanitize=fuzzer it is a libFuzzer target; built with
 * fuzz/replay_main.c it replays files. A failing input prints the sim's
 * replay token and trace and aborts, so the engine keeps the input. */
#ifndef IOU_FUZZ_H
#define IOU_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "iou_sim.h"

/* The kernels byte 0 selects from; index IOU_FUZZ_NKERNELS (and anything
 * past it, modulo) selects the whole range, the profile then being the
 * tape's first choice. */
#define IOU_FUZZ_NKERNELS 8

struct iou_fuzz_input {
	struct iou_sim_opts opts;   /* kernel, faults and tape: for iou_sim_new */
	const uint8_t *script;      /* what is left for the scenario */
	size_t script_len;
};

/* Splits data (not copied: it must outlive the run) into sim options and a
 * script. Layout: [kernel][faults][tape_len lo][tape_len hi][tape...]
 * [script...]; short inputs give defaults (newest kernel, no faults, empty
 * tape). Faults are masked with allowed_faults. The tape is never NULL, so
 * the sim never falls back to its seeded PRNG. */
static inline void iou_fuzz_split(const uint8_t *data, size_t size,
				  unsigned allowed_faults,
				  struct iou_fuzz_input *in)
{
	static const uint32_t kernels[IOU_FUZZ_NKERNELS] = {
		IOU_KERNEL_VERSION(5, 4),  IOU_KERNEL_VERSION(5, 10),
		IOU_KERNEL_VERSION(5, 15), IOU_KERNEL_VERSION(5, 19),
		IOU_KERNEL_VERSION(6, 1),  IOU_KERNEL_VERSION(6, 6),
		IOU_KERNEL_VERSION(6, 12), IOU_KERNEL_NEWEST,
	};
	static const uint8_t empty[1];
	size_t tape_len = 0;
	unsigned k;

	in->opts = (struct iou_sim_opts){ 0 };
	k = size > 0 ? data[0] % (IOU_FUZZ_NKERNELS + 1) : IOU_FUZZ_NKERNELS - 1;
	if (k == IOU_FUZZ_NKERNELS) {
		in->opts.kernel_min = kernels[0];
		in->opts.kernel_max = IOU_KERNEL_NEWEST;
	} else {
		in->opts.kernel_min = kernels[k];
	}
	in->opts.faults = size > 1 ? data[1] & allowed_faults : 0;
	in->opts.flags = IOU_SIM_SCENARIO; /* its rings may be gone at free */
	if (size > 3)
		tape_len = (size_t)data[2] | ((size_t)data[3] << 8);
	data = size > 4 ? data + 4 : data + size;
	size = size > 4 ? size - 4 : 0;
	if (tape_len > size)
		tape_len = size;
	in->opts.tape = tape_len ? data : empty;
	in->opts.tape_len = tape_len;
	in->script = data + tape_len;
	in->script_len = size - tape_len;
}

/* Runs fn on a fresh sim made from data. Returns fn's result, or 0 when no
 * sim could be made (allocation failure: nothing to learn). A failing run
 * (non-zero result or a hang) prints the replay token and the trace on
 * stderr. */
static inline int iou_fuzz_run(const uint8_t *data, size_t size,
			       unsigned allowed_faults,
			       int (*fn)(struct iou_sim *sim,
					 const uint8_t *script, size_t len))
{
	struct iou_fuzz_input in;
	struct iou_sim *sim;
	int ret;

	iou_fuzz_split(data, size, allowed_faults, &in);
	sim = iou_sim_new(&in.opts);
	if (!sim)
		return 0;
	iou_scenario_check_message(NULL, 0, 0);
	ret = fn(sim, in.script, in.script_len);
	if (!ret && iou_sim_hung(sim))
		ret = -1;
	if (ret) {
		char token[1024], check[256];

		if (iou_scenario_check_message(check, sizeof(check), ret) <= 0)
			snprintf(check, sizeof(check), "returned %d", ret);
		if (iou_sim_replay_token(sim, token, sizeof(token)) >= 0)
			fprintf(stderr, "scenario failed (%s): IOU_SIM_REPLAY=%s\n",
				check, token);
		iou_sim_trace_dump(sim, stderr);
	}
	iou_sim_free(sim);
	return ret;
}

/* Defines LLVMFuzzerTestOneInput for a scenario: a failing run aborts. */
#define IOU_FUZZ_SCENARIO(fn, allowed_faults)                                \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);          \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)           \
	{                                                                      \
		if (iou_fuzz_run(data, size, (allowed_faults), (fn)))          \
			abort();                                               \
		return 0;                                                      \
	}

#endif /* IOU_FUZZ_H */

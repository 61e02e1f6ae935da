/* evloop.c — libFuzzer harness: the epoll-driven echo server of
 * examples/evloop.c (the ring's fd and an eventfd in one epoll) with its
 * clients on the sim, every choice of the kernel from the input's tape.
 * The oracle is evl_selftest's: every byte back in order, a clean stop
 * through the eventfd, no CQE missing, no hang; before 5.6 the server
 * refuses the kernel.
 *
 * Input: iou_fuzz_split's (kernel, faults: EINTR and EAGAIN only, tape),
 * then the script: [0] clients 1 + b % 4, [1] bytes per client
 * 1 + b * 8, [2] the payload seed. A run is stuck after 300 turns of the
 * loop without progress once the tape is used up: each turn refused by a
 * fault uses one of its choices, so the bound adds the tape's length. */
#include <errno.h>

#include "evloop_check.h"
#include "iou_fuzz.h"

#define FAULTS (IOU_FAULT_EINTR | IOU_FAULT_EAGAIN)

static size_t tape_len; /* of the input being run */

static int scenario(struct iou_sim *sim, const uint8_t *p, size_t n)
{
	struct evl_selftest_opts o = {
		.clients = 1 + (n > 0 ? p[0] : 0) % 4U,
		.bytes = 1 + (uint64_t)(n > 1 ? p[1] : 0) * 8,
		.seed = n > 2 ? p[2] : 0,
		.idle_max = 300 + 2 * (unsigned)tape_len,
	};
	struct iou ring;
	int ret;

	if (iou_queue_init_sim(64, &ring, 0, sim))
		return 0; /* no memory for a ring: nothing to learn */
	iou_sim_set_trace(sim, 0);
	ret = evl_selftest(&ring, &o, NULL);
	iou_queue_exit(&ring);
	if (ret == -EOPNOTSUPP || ret == -ENOMEM)
		return 0;
	return ret ? (ret < 0 ? -ret : ret) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iou_fuzz_input in;

	iou_fuzz_split(data, size, FAULTS, &in);
	tape_len = in.opts.tape_len;
	if (iou_fuzz_run(data, size, FAULTS, scenario))
		abort();
	return 0;
}

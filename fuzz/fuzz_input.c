/* fuzz_input.c — libFuzzer harness for the input decoder of <iou_fuzz.h>
 * (iou_fuzz_split), the first thing every IOU_FUZZ_SCENARIO harness does
 * with its bytes. Any input must decode into options iou_sim_new takes and
 * a script inside the input: the tape and the script lie within the data,
 * never overlap, and with the 4 header bytes cover it; the kernel is one
 * the sim has (a single profile, or the whole range); the faults are
 * within those allowed (the harness takes them from the input too); the
 * tape is never NULL (no fallback to the seeded PRNG). Then a sim is made
 * from them and runs the canonical NOP.
 *
 * Input: [0] allowed faults (mask), then the bytes to decode. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "iou_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "fuzz_input: %s (size %zu)\n", #cond,  \
				size);                                         \
			abort();                                               \
		}                                                              \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iou_fuzz_input in;
	struct iou_sim *sim;
	struct iou ring;
	unsigned allowed;
	size_t hdr;

	allowed = size ? data[0] & IOU_FAULT_ALL : 0;
	if (size) {
		data++;
		size--;
	}
	unsetenv("IOU_SIM_REPLAY");
	iou_fuzz_split(data, size, allowed, &in);
	hdr = size < 4 ? size : 4;
	CHECK(in.opts.tape != NULL);
	CHECK((in.opts.faults & ~allowed) == 0);
	CHECK(in.opts.seed == 0 && in.opts.replay == NULL);
	CHECK(in.opts.kernel_min != 0);
	CHECK(in.opts.kernel_max == 0 ||
	      in.opts.kernel_max == IOU_KERNEL_NEWEST);
	CHECK(in.script_len <= size);
	CHECK(hdr + in.opts.tape_len + in.script_len == size);
	if (in.opts.tape_len)
		CHECK(in.opts.tape == data + hdr);
	if (in.script_len)
		CHECK(in.script == data + hdr + in.opts.tape_len);
	sim = iou_sim_new(&in.opts);
	CHECK(sim != NULL);
	CHECK(iou_sim_kernel(sim) != 0);
	if (!iou_queue_init_sim(2, &ring, 0, sim)) {
		iou_prep_nop(iou_get_sqe(&ring));
		int ret = iou_submit(&ring);

		/* 1, or an errno (IOU_FAULT_EAGAIN: -EAGAIN) */
		CHECK(ret == 1 || (ret < 0 && ret >= -4095));
		iou_queue_exit(&ring);
	}
	iou_sim_free(sim);
	return 0;
}

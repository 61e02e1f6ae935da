/* diff.c — the differential fuzzer: the fuzzer's bytes choose a program of
 * SQEs (tests/sim/diff_prog.c: file and path ops, timers, cancel, buffers,
 * edge offsets up to INT64_MAX, lengths 0 to 4096, garbage fields and
 * flags), which runs one SQE at a time on this machine's kernel and on the
 * sim's newest profile (canonical tape); every result must agree. Without
 * io_uring (a container that forbids it) every input passes untried.
 *
 * Input: two bytes per draw of the program's generator (past the end a
 * PRNG goes on); the program has one step per 16 input bytes, 1 to 60. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diff_prog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int have_uring = -1;

static void mismatch(const struct step *st, int i, const struct out *lo,
		     const struct out *so)
{
	diff_describe(st, i);
	fprintf(stderr, "diff: linux res %d flags %x res2 %d size %llu nlink "
		"%u type %o | sim res %d flags %x res2 %d size %llu nlink %u "
		"type %o\n", lo->res, lo->flags, lo->res2,
		(unsigned long long)lo->size, lo->nlink, lo->type, so->res,
		so->flags, so->res2, (unsigned long long)so->size, so->nlink,
		so->type);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct world lw, sw;
	static struct out lo, so;
	struct gen g = { .s = 0, .in = data, .len = size };
	char tmpl[] = "/tmp/iou-fdiff-XXXXXX";
	int nh = 0, steps = (int)(size / 16) + 1;
	int verbose = getenv("IOU_SIM_DIFF_VERBOSE") != NULL;

	if (have_uring < 0) {
		struct iou probe;

		have_uring = iou_queue_init(4, &probe, 0) == 0;
		if (have_uring)
			iou_queue_exit(&probe);
	}
	if (!have_uring || !mkdtemp(tmpl))
		return 0;
	snprintf(diff_base, sizeof(diff_base), "%s", tmpl);
	if (steps > STEPS)
		steps = STEPS;
	if (diff_world_init(&lw, 0) || diff_world_init(&sw, 1)) {
		fprintf(stderr, "diff: setting up the worlds failed\n");
		abort();
	}
	for (int i = 0; i < steps; i++) {
		struct step st;

		diff_gen_step(&g, &st, &nh);
		if (verbose)
			diff_describe(&st, i);
		if (diff_run_step(&lw, &st, &lo) || diff_run_step(&sw, &st, &so)) {
			diff_describe(&st, i);
			fprintf(stderr, "diff: a step went wrong (submit or "
				"wait)\n");
			abort();
		}
		if (verbose)
			fprintf(stderr, "  linux %d (%d) sim %d (%d)\n", lo.res,
				lo.res2, so.res, so.res2);
		if (!diff_same(&st, &lo, &so))
			mismatch(&st, i, &lo, &so);
	}
	diff_world_fini(&lw);
	diff_world_fini(&sw);
	diff_remove_base();
	return 0;
}

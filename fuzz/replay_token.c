/* replay_token.c — libFuzzer harness for the replay-token parser, the one
 * parser of outside input in the sim: the input, as a string, is handed to
 * iou_sim_new as opts.replay (what IOU_SIM_REPLAY and iou_explore's replay
 * also reach). Any bytes must give a sim or NULL, never a crash, a leak or
 * UB; a sim made from a token must run, and the token it formats must
 * parse again into a sim of the same kernel (the parser and the formatter
 * agree).
 *
 * Input: the token's bytes (a NUL ends it early); the corpus holds tokens
 * the sim made (each source: choices, seed, fuzzer bytes; ranges) and
 * malformed ones. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iou.h"
#include "iou_sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *what, const char *tok)
{
	fprintf(stderr, "replay_token: %s (token '%s')\n", what, tok);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iou_sim_opts o = { 0 };
	struct iou_sim *sim, *again;
	struct iou_cqe *cqe;
	struct iou ring;
	char *tok = malloc(size + 1);
	char out[1024];
	uint32_t kernel;

	if (!tok)
		return 0;
	memcpy(tok, data, size);
	tok[size] = '\0';
	unsetenv("IOU_SIM_REPLAY"); /* the input, not the environment */
	o.replay = tok;
	sim = iou_sim_new(&o);
	if (!sim) {
		free(tok);
		return 0;
	}
	kernel = iou_sim_kernel(sim);
	if (!kernel)
		fail("a sim without a profile", tok);
	/* the sim runs: a ring, a NOP, whatever the tape says */
	if (!iou_queue_init_sim(4, &ring, 0, sim)) {
		iou_prep_nop(iou_get_sqe(&ring));
		if (iou_submit_and_wait(&ring, 1) == 1 &&
		    !iou_peek_cqe(&ring, &cqe)) {
			if (cqe->res != 0)
				fail("a NOP did not complete with 0", tok);
			iou_cqe_seen(&ring, cqe);
		}
		iou_queue_exit(&ring);
	}
	/* what it formats parses again, onto the same kernel */
	if (iou_sim_replay_token(sim, out, sizeof(out)) > 0) {
		o.replay = out;
		again = iou_sim_new(&o);
		if (!again)
			fail("the sim's own token does not parse", out);
		if (iou_sim_kernel(again) != kernel)
			fail("the sim's own token names another kernel", out);
		iou_sim_free(again);
	}
	iou_sim_free(sim);
	free(tok);
	return 0;
}

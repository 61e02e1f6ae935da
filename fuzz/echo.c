/* echo.c — libFuzzer harness: the echo server of examples/echo.c and its
 * clients on the sim (tests/echo/echo_scenario.c), driven by the input:
 * the sim's tape (every nondeterministic choice of the kernel) and a
 * script for the clients. The oracle is the scenario's: every byte echoed
 * in order to the client that sent it, no buffer reused before its
 * F_NOTIF, no protocol error, no hang, a clean shutdown; before 6.0 the
 * server refuses the kernel. A broken one aborts with the replay token,
 * what broke and the sim's trace.
 *
 * ==== Input layout =========================================================
 *   [0] kernel, [1] faults, [2..3] tape length, [tape...]: iou_fuzz_split
 *       (api/iou_fuzz.h): 9 choices of kernel (8 profiles, or 5.4..newest
 *       with the profile a tape choice), IOU_FAULT_* bits, the tape.
 *   script (reading past its end gives zeros):
 *     [0] clients: 1 + b % 4
 *     [1] server: nbufs 1 << (b & 3) (1..8), buf_size 16 << (b >> 2 & 3)
 *         (16..128), bit 4: IPv6; bits 5-6: each client takes up to
 *         1 << (b >> 5 & 3) steps in a row (1..8) between server steps;
 *         bit 7: UDP mode (datagrams; buf_size is then that much payload
 *         room after ECHO_UDP_OVERHEAD)
 *     [2] stop: b < 224: after every client is done; else at step b - 224
 *     [3] ring: 8 << (b % 5) SQ entries (8..128; a small CQ overflows)
 *     then 4 bytes per client:
 *       [0] bytes: 1 + b (1..256; UDP: 1 + b % 64)
 *       [1] chunk: writes of 1..(1 + b % 64) bytes
 *       [2] payload seed
 *       [3] bits 0-1: reads every (b & 3)th step (0, 1: every step);
 *           bits 2-7: connects at step b >> 2
 *
 * In UDP mode the server needs 6.1 (sendmsg_zc) and refuses older kernels;
 * with IOU_FAULT_NETDGRAM a client's stream check may break (the oracle
 * lets it), the server's books may not.
 *
 * The run has its trace off (speed); a failing input runs again with it
 * on to print it. ECHO_FUZZ_TRACE=1 keeps the trace on for every run.
 * ECHO_FUZZ_BUG=recycle or =rearm fuzzes the server with that catalogued
 * bug switched on (the fuzzer must then find it). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "echo_scenario.h"
#include "iou_fuzz.h"

#define ALLOWED_FAULTS IOU_FAULT_ALL

struct script_in {
	const uint8_t *p;
	size_t n, pos;
};

static uint8_t next(struct script_in *in)
{
	return in->pos < in->n ? in->p[in->pos++] : 0;
}

static enum echo_bug bug_switch(void)
{
	static int bug = -1;  /* read once: the same for every run */
	const char *e;

	if (bug < 0) {
		e = getenv("ECHO_FUZZ_BUG");
		bug = ECHO_BUG_NONE;
		if (e && !strcmp(e, "recycle"))
			bug = ECHO_BUG_RECYCLE_ON_FIRST_CQE;
		else if (e && !strcmp(e, "rearm"))
			bug = ECHO_BUG_NO_REARM_ACCEPT;
	}
	return (enum echo_bug)bug;
}

static void script_decode(const uint8_t *p, size_t n, struct echo_script *sc)
{
	struct script_in in = { .p = p, .n = n };
	uint8_t b;

	memset(sc, 0, sizeof(*sc));
	sc->nclients = 1 + next(&in) % 4;
	b = next(&in);
	sc->srv.max_conns = sc->nclients;
	sc->srv.nbufs = 1U << (b & 3);
	sc->srv.buf_size = 16U << ((b >> 2) & 3);
	sc->srv.bug = bug_switch();
	sc->ipv6 = (b >> 4) & 1;
	sc->burst = 1U << ((b >> 5) & 3);
	sc->srv.udp = b >> 7;
	if (sc->srv.udp)
		sc->srv.buf_size += (unsigned)ECHO_UDP_OVERHEAD;
	b = next(&in);
	sc->stop_step = b < 224 ? 0 : b - 224U;
	sc->ring_entries = 8U << (next(&in) % 5);
	for (unsigned i = 0; i < sc->nclients; i++) {
		struct echo_sc_client *c = &sc->cl[i];

		/* a few hundred bytes: the paths a run takes matter, not
		 * its volume (and libFuzzer pays for every branch taken) */
		c->bytes = 1 + (unsigned)next(&in);
		/* UDP: a datagram is a server round of its own; at most
		 * 64 bytes keep a run as short as a TCP one */
		if (sc->srv.udp)
			c->bytes = 1 + (c->bytes - 1) % 64;
		c->max_chunk = 1 + next(&in) % 64U;
		c->seed = 0x6563686fULL * (i + 1) + next(&in);
		b = next(&in);
		c->read_every = b & 3;
		c->start_step = b >> 2;
	}
	sc->check_books = 1;
}

static int traced(void)
{
	static int on = -1;

	if (on < 0)
		on = getenv("ECHO_FUZZ_TRACE") != NULL;
	return on;
}

/* What one input made and did (kept for the message after a failure). */
static unsigned faults;
static struct echo_script script;
static struct echo_sc_out out;

static int run(struct iou_sim *sim, const uint8_t *p, size_t n, int trace)
{
	script_decode(p, n, &script);
	if (!trace)
		iou_sim_set_trace(sim, 0);
	/* the oracle knows the fault classes the sim injects */
	script.faults = faults;
	return echo_sc_run(sim, &script, &out);
}

static int run_fast(struct iou_sim *sim, const uint8_t *p, size_t n)
{
	return run(sim, p, n, traced());
}

static int run_traced(struct iou_sim *sim, const uint8_t *p, size_t n)
{
	return run(sim, p, n, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct iou_fuzz_input in;
	char desc[256];

	iou_fuzz_split(data, size, ALLOWED_FAULTS, &in);
	faults = in.opts.faults;
	if (!iou_fuzz_run(data, size, ALLOWED_FAULTS, run_fast))
		return 0;
	if (!traced())
		iou_fuzz_run(data, size, ALLOWED_FAULTS, run_traced);
	echo_sc_describe(&out, desc, sizeof(desc));
	fprintf(stderr, "echo: %s (%u clients, kernel %s, faults %x)\n",
		desc, script.nclients, in.opts.kernel_max ? "range" : "fixed",
		in.opts.faults);
	abort();
}

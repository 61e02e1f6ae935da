/* conformance_sim.c — the conformance suite (tests/conformance) on the sim,
 * cases unchanged: every case under every profile (skipped where the
 * profile lacks what the case needs), on the canonical tape and on random
 * tapes (seeds 1..N: IOU_SIM_CONF_SEEDS, default 1000). Every 50th tape
 * runs twice and must give a byte-identical trace. A failing run prints
 * its seed, replay token and the end of its trace.
 *
 * Usage: sim_conformance [filter]   e.g. "sim-5.10/timeout*" */
#include "../conformance/fixture.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iou_sim.h"

static const uint32_t kernels[] = {
	IOU_KERNEL_VERSION(5, 4), IOU_KERNEL_VERSION(5, 10),
	IOU_KERNEL_VERSION(5, 15), IOU_KERNEL_VERSION(5, 19),
	IOU_KERNEL_VERSION(6, 1), IOU_KERNEL_VERSION(6, 6),
	IOU_KERNEL_VERSION(6, 12), IOU_KERNEL_VERSION(6, 18),
};
#define NKERNELS (sizeof(kernels) / sizeof(kernels[0]))

/* The run being set up: read by the backend's init. */
static uint32_t cur_kernel;
static uint64_t cur_seed; /* 0 = the canonical tape */

static int sim_ring_init(struct fx *fx, struct iou *ring, unsigned entries,
			 struct iou_params *p)
{
	return iou_queue_init_sim_params(entries, ring, p, fx->backend_data);
}

static int sim_init(struct fx *fx, unsigned entries, struct iou_params *p)
{
	static const uint8_t none[1];
	struct iou_sim_opts o;
	struct iou_sim *sim;
	int r;

	memset(&o, 0, sizeof(o));
	o.kernel_min = cur_kernel;
	if (cur_seed) {
		o.seed = cur_seed;
	} else {
		o.tape = none;
		o.tape_len = 0;
	}
	sim = iou_sim_new(&o);
	if (!sim)
		return -ENOMEM;
	fx->backend_data = sim;
	r = sim_ring_init(fx, &fx->ring, entries, p);
	if (r < 0) {
		iou_sim_free(sim);
		fx->backend_data = NULL;
		return r;
	}
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/conf");
	r = iou_sys_mkdir(&fx->ring, fx->dir, 0755);
	return r == -EEXIST ? 0 : r;
}

/* The last run's trace, kept when capture is on (determinism check). */
static char *captured;
static size_t captured_len;
static int capture;

static void sim_fini(struct fx *fx)
{
	if (capture && fx->backend_data) {
		size_t len;
		const char *t = iou_sim_trace(fx->backend_data, &len);

		free(captured);
		captured = malloc(len + 1);
		if (captured)
			memcpy(captured, t, len + 1);
		captured_len = captured ? len : 0;
	}
	iou_sim_free(fx->backend_data);
	fx->backend_data = NULL;
}

static uint32_t sim_kernel(struct fx *fx)
{
	return fx->backend_data ? iou_sim_kernel(fx->backend_data) : cur_kernel;
}

static const struct fx_backend sim_backend = {
	.name = "sim",
	.init = sim_init,
	.ring_init = sim_ring_init,
	.fini = sim_fini,
	.kernel = sim_kernel,
};

const struct fx_backend *const fx_backends[] = { &sim_backend };
const size_t fx_nbackends = 1;

/* Cases whose expectation disagrees with a profile's documented quirk:
 * reported (as skipped, with the reason) rather than failed, until the
 * case accepts the profile's answer. */
static const struct {
	const char *name;
	uint32_t kernel;
	const char *why;
} disputed[] = {
	{ NULL, 0, NULL }, /* none at present */
};

static const char *disputed_why(const struct fx_case *c, uint32_t kernel)
{
	for (size_t i = 0; i < sizeof(disputed) / sizeof(disputed[0]); i++)
		if (disputed[i].name && disputed[i].kernel == kernel &&
		    !strcmp(disputed[i].name, c->name))
			return disputed[i].why;
	return NULL;
}

struct run {
	uint32_t kernel;
	const struct fx_case *c;
	struct fx *fx;       /* set up, not torn down yet */
	uint64_t seed;
};

static unsigned seeds_for(uint32_t kernel)
{
	const char *e = getenv("IOU_SIM_CONF_SEEDS");

	if (e && *e)
		return (unsigned)strtoul(e, NULL, 10);
	return 1000;
}

static void report(struct run *run)
{
	struct iou_sim *sim = run->fx->backend_data;
	char tok[1024];
	const char *t;
	size_t len;

	if (!sim)
		return;
	if (iou_sim_replay_token(sim, tok, sizeof(tok)) < 0)
		snprintf(tok, sizeof(tok), "(too long)");
	t = iou_sim_trace(sim, &len);
	fprintf(stderr, "[  SIM     ] %s seed %llu: IOU_SIM_REPLAY=%s\n",
		run->c->name, (unsigned long long)run->seed, tok);
	fprintf(stderr, "[  SIM     ] last trace lines:\n%s\n",
		len > 3000 ? t + len - 3000 : t);
}

/* The case's requirements, checked here so that a skip is not mistaken
 * for a failure (fx_run_case skips from inside). */
static int requirements_met(struct run *run)
{
	const struct fx_case *c = run->c;

	if (c->needs_feat && (run->fx->ring.features & c->needs_feat) !=
			     c->needs_feat)
		return 0;
	for (int i = 0; i < FX_MAX_OPS && c->needs_op[i]; i++)
		if (fx_op_supported(run->fx, c->needs_op[i]) != 1)
			return 0;
	return 1;
}

static void run_case(void **state)
{
	struct run *run = *state;
	unsigned n = seeds_for(run->kernel);

	const char *why = disputed_why(run->c, run->kernel);

	if (run->c->min_kernel && run->kernel < run->c->min_kernel)
		skip();
	if (why) {
		print_message("[  NOTE    ] disputed on this profile: %s\n", why);
		skip();
	}
	for (uint64_t seed = 0; seed <= n; seed++) {
		/* every 50th tape runs twice: the traces must be identical */
		int twice = seed % 50 == 0;
		char *first = NULL;
		size_t first_len = 0;

again:
		capture = twice;
		run->fx = calloc(1, sizeof(*run->fx));
		assert_non_null(run->fx);
		run->seed = seed;
		cur_kernel = run->kernel;
		cur_seed = seed;
		assert_int_equal(fx_setup(run->fx, &sim_backend, run->c), 0);
		if (!seed && !requirements_met(run)) {
			fx_teardown(run->fx);
			free(run->fx);
			run->fx = NULL;
			skip();
		}
		fx_run_case(run->fx);
		fx_teardown(run->fx);
		free(run->fx);
		run->fx = NULL;
		if (twice && !first) {
			first = captured;
			first_len = captured_len;
			captured = NULL;
			goto again;
		}
		if (twice) {
			assert_non_null(first);
			assert_non_null(captured);
			assert_int_equal(first_len, captured_len);
			assert_memory_equal(first, captured, first_len);
			free(first);
		}
	}
	capture = 0;
}

static int run_teardown(void **state)
{
	struct run *run = *state;

	if (run->fx) {
		/* the case failed or skipped in the middle of a run */
		report(run);
		fx_teardown(run->fx);
		free(run->fx);
		run->fx = NULL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t n = NKERNELS * fx_ncases, i = 0;
	struct CMUnitTest *tests = calloc(n, sizeof(*tests));
	struct run *runs = calloc(n, sizeof(*runs));
	char **names = calloc(n, sizeof(*names));
	int ret;

	if (!tests || !runs || !names)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	for (size_t k = 0; k < NKERNELS; k++) {
		for (size_t c = 0; c < fx_ncases; c++, i++) {
			size_t len = strlen(fx_cases[c].name) + 32;

			names[i] = malloc(len);
			if (!names[i])
				return 1;
			snprintf(names[i], len, "sim-%u.%u/%s", kernels[k] >> 16,
				 (kernels[k] >> 8) & 0xff, fx_cases[c].name);
			runs[i].kernel = kernels[k];
			runs[i].c = &fx_cases[c];
			tests[i].name = names[i];
			tests[i].test_func = run_case;
			tests[i].teardown_func = run_teardown;
			tests[i].initial_state = &runs[i];
		}
	}
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	ret = _cmocka_run_group_tests("sim.conformance", tests, n, NULL, NULL);
	free(captured);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(runs);
	free(tests);
	return ret;
}

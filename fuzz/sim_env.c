/* sim_env.c — libFuzzer harness for what IOU_BACKEND=sim reads from the
 * environment (backend_sim/process.c): IOU_SIM_SEED, IOU_SIM_KERNEL (a
 * version or range), IOU_SIM_FAULTS (names or a number), IOU_SIM_REPLAY
 * (a token), IOU_SIM_TAPE_IN (a file of choice values), IOU_SIM_TAPE_OUT
 * and IOU_SIM_TRACE, through the same function the process's sim is made
 * with. Any values must give a sim or NULL (with a word on stderr), never
 * a crash, a leak or UB; a sim they give runs a NOP and a timeout, on a
 * kernel inside the range IOU_SIM_KERNEL names.
 *
 * Input: the values, one per line, in the order above; the tape's values
 * go to a memory file whose /proc/self/fd path is IOU_SIM_TAPE_IN. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "iou.h"
#include "iou_sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct iou_sim *iou__sim_from_env(const char *(*get)(void *, const char *),
				  void *ctx, const char **trace_path,
				  const char **tape_out);
int iou__parse_kernel_range(const char *s, uint32_t *kmin, uint32_t *kmax);

enum { V_SEED, V_KERNEL, V_FAULTS, V_REPLAY, V_TAPE, V_TAPE_OUT, V_TRACE,
       V_N };

static const char *const names[V_N] = {
	"IOU_SIM_SEED", "IOU_SIM_KERNEL", "IOU_SIM_FAULTS", "IOU_SIM_REPLAY",
	"IOU_SIM_TAPE_IN", "IOU_SIM_TAPE_OUT", "IOU_SIM_TRACE",
};

struct env {
	char *val[V_N];
	char tape_path[64];
};

static const char *get(void *ctx, const char *name)
{
	struct env *e = ctx;

	for (int i = 0; i < V_N; i++)
		if (!strcmp(name, names[i]))
			return i == V_TAPE ? (e->val[i] ? e->tape_path : NULL)
					   : e->val[i];
	return NULL;
}

static void fail(const char *what)
{
	fprintf(stderr, "sim_env: %s\n", what);
	abort();
}

/* A ring, a NOP and a 1 ms timeout, reaped whatever the tape says. */
static void run(struct iou_sim *sim)
{
	struct iou_timespec ts = { .tv_nsec = 1000000 };
	struct iou_cqe cqes[2];
	struct iou ring;
	int got = 0;

	if (iou_queue_init_sim(4, &ring, 0, sim))
		return;
	iou_prep_nop(iou_get_sqe(&ring));
	iou_prep_timeout(iou_get_sqe(&ring), &ts, 0, 0);
	if (iou_submit(&ring) == 2) {
		for (int tries = 0; got < 2 && tries < 64; tries++) {
			int n = iou_copy_cqes(&ring, cqes + got, 2 - got, 1);

			if (n > 0)
				got += n;
			else if (n != -EINTR && n != -EAGAIN)
				break;
		}
	}
	iou_queue_exit(&ring);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct env e;
	const char *trace = NULL, *tape_out = NULL;
	struct iou_sim *sim;
	char *buf = malloc(size + 1), *p;
	int fd = -1;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	memset(&e, 0, sizeof(e));
	p = buf;
	for (int i = 0; i < V_N && p; i++) {
		char *nl = strchr(p, '\n');

		if (nl)
			*nl = '\0';
		e.val[i] = p;
		p = nl ? nl + 1 : NULL;
	}
	if (e.val[V_TAPE] && *e.val[V_TAPE]) {
		/* the tape file: its values, space separated */
		fd = memfd_create("tape", 0);
		if (fd >= 0) {
			size_t n = strlen(e.val[V_TAPE]);

			for (size_t i = 0; i < n; i++)
				if (e.val[V_TAPE][i] == ',')
					e.val[V_TAPE][i] = ' ';
			if (write(fd, e.val[V_TAPE], n) != (ssize_t)n) {
				close(fd);
				fd = -1;
			}
			snprintf(e.tape_path, sizeof(e.tape_path),
				 "/proc/self/fd/%d", fd);
		}
		if (fd < 0)
			e.val[V_TAPE] = NULL;
	} else {
		e.val[V_TAPE] = NULL;
	}
	unsetenv("IOU_SIM_REPLAY"); /* the input, not the environment */
	sim = iou__sim_from_env(get, &e, &trace, &tape_out);
	if (sim) {
		uint32_t kmin, kmax, k = iou_sim_kernel(sim);
		const char *kr = e.val[V_KERNEL];
		const char *rp = e.val[V_REPLAY];

		if (!k)
			fail("a sim without a profile");
		/* a profile no newer than the range's top (a version between
		 * profiles gets the one below it), unless a replay token
		 * names its own */
		if (kr && *kr && !(rp && *rp) &&
		    !iou__parse_kernel_range(kr, &kmin, &kmax) &&
		    kmax != IOU_KERNEL_NEWEST && k > kmax)
			fail("the sim's kernel is outside IOU_SIM_KERNEL");
		if ((trace != NULL) != (e.val[V_TRACE] && *e.val[V_TRACE] &&
					strcmp(e.val[V_TRACE], "0")))
			fail("IOU_SIM_TRACE read wrong");
		run(sim);
		iou_sim_free(sim);
	}
	if (fd >= 0)
		close(fd);
	free(buf);
	return 0;
}

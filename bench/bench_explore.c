/* bench_explore.c — how fast the explorer runs a scenario, and how fast a
 * fuzz harness executes inputs, on one core. Not a comparison: there is no
 * reference to hold these against, so it prints absolute figures beside
 * the targets of issue 5 (100,000 explorer runs/s on a 10-op scenario;
 * 20,000 fuzz executions/s of the echo harness without sanitizers).
 *
 * The 10-op scenario: a pipe write linked to a read of the same bytes, a
 * timeout and its timeout_remove, six NOPs; it checks only what the kernel
 * guarantees (so every tape passes and the explorer runs to its bound).
 *
 * The echo scenario (BENCH_ECHO: tests/echo/echo_scenario.c linked in): the
 * example echo server with three clients of different grain (300, 700 and
 * 1,200 bytes, a slow reader, a late connect) on the newest profile, on
 * random tapes and by bounded DFS. A run is some 600 ops, 60x the 10-op
 * scenario; the target set from its profile (issue 11) is 2,000 runs/s.
 *
 * Built with a fuzz harness linked in (bench_fuzz_echo), it also replays the
 * harness's corpus in a loop for a few seconds. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "iou.h"
#include "iou_sim.h"
#include "bench_util.h"
#ifdef BENCH_ECHO
#include "echo_scenario.h"
#endif

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c))                                                      \
			return __LINE__;                                       \
	} while (0)

static int ten_ops(struct iou_sim *sim, void *arg)
{
	struct iou_timespec ts = { .tv_sec = 1 };
	struct iou_cqe c[10];
	struct iou_sqe *sqe;
	struct iou ring;
	char out[4] = "abc", in[4] = { 0 };
	int fds[2], got = 0, n;

	(void)arg;
	CHECK(iou_queue_init_sim(16, &ring, 0, sim) == 0);
	CHECK(iou_sys_pipe(&ring, fds) == 0);
	sqe = iou_get_sqe(&ring);
	iou_prep_write(sqe, fds[1], out, 3, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	iou_sqe_set_data64(sqe, 1);
	sqe = iou_get_sqe(&ring);
	iou_prep_read(sqe, fds[0], in, 3, 0);
	iou_sqe_set_data64(sqe, 2);
	sqe = iou_get_sqe(&ring);
	iou_prep_timeout(sqe, &ts, 0, 0);
	iou_sqe_set_data64(sqe, 3);
	sqe = iou_get_sqe(&ring);
	iou_prep_timeout_remove(sqe, 3, 0);
	iou_sqe_set_data64(sqe, 4);
	for (unsigned i = 0; i < 6; i++) {
		sqe = iou_get_sqe(&ring);
		iou_prep_nop(sqe);
		iou_sqe_set_data64(sqe, 5 + i);
	}
	CHECK(iou_submit(&ring) == 10);
	while (got < 10) {
		n = iou_copy_cqes(&ring, c + got, (unsigned)(10 - got), 1);
		if (n == -EINTR)
			continue;
		CHECK(n > 0);
		got += n;
	}
	for (int i = 0; i < 10; i++) {
		switch (c[i].user_data) {
		case 1:
		case 2:
			/* a short write or read is legal; a failure is not */
			CHECK(c[i].res > 0 && c[i].res <= 3);
			break;
		case 3:
			CHECK(c[i].res == -ECANCELED || c[i].res == -ETIME);
			break;
		case 4:
			CHECK(c[i].res == 0 || c[i].res == -ENOENT);
			break;
		default:
			CHECK(c[i].res == 0);
		}
	}
	iou_sys_close(&ring, fds[0]);
	iou_sys_close(&ring, fds[1]);
	iou_queue_exit(&ring);
	return 0;
}

static int explore_fn(const char *mode, int random, uint64_t max_runs,
		      unsigned max_dev, iou_scenario_fn fn, void *arg)
{
	struct iou_explore_ex_opts o;
	struct iou_explore_report rep;
	int ret;

	memset(&o, 0, sizeof(o));
	o.base.max_runs = max_runs;
	o.base.max_deviations = max_dev;
	o.base.random = random;
	o.progress = -1;
	ret = iou_explore_ex(&o, fn, arg, &rep);
	if (ret < 0) {
		fprintf(stderr, "iou_explore_ex: %s\n", iou_strerror(ret));
		return ret;
	}
	printf("%-22s %10llu runs %8.2f s %12.0f runs/s  failed=%d exhausted=%d\n",
	       mode, (unsigned long long)rep.res.runs, rep.seconds,
	       rep.runs_per_sec, rep.res.failed, rep.res.exhausted);
	ret = rep.res.failed ? -1 : (int)rep.runs_per_sec;
	iou_explore_report_free(&rep);
	return ret;
}

static int explore(const char *mode, int random, uint64_t max_runs)
{
	return explore_fn(mode, random, max_runs, 3, ten_ops, NULL);
}

#if defined(BENCH_ECHO) && !defined(BENCH_FUZZ)
static const struct echo_script echo_mixed = {
	.nclients = 3,
	.cl = {
		{ .seed = 11, .bytes = 300, .max_chunk = 7 },
		{ .seed = 12, .bytes = 700, .max_chunk = 64, .read_every = 3,
		  .start_step = 4 },
		{ .seed = 13, .bytes = 1200, .max_chunk = 300,
		  .start_step = 20 },
	},
	.srv = { .max_conns = 4, .nbufs = 4, .buf_size = 128 },
	.check_books = 1,
};

static int explore_echo(uint64_t runs)
{
	struct echo_sc_arg arg = { .sc = &echo_mixed };
	int r1, r2;

	printf("bench_explore: the echo server scenario (3 clients), newest "
	       "profile (target 2000 runs/s)\n");
	r1 = explore_fn("echo, random tapes", 1, runs, 0, echo_sc_scenario,
			&arg);
	r2 = explore_fn("echo, dfs <= 1", 0, runs, 1, echo_sc_scenario, &arg);
	return r1 < 0 || r2 < 0 ? -1 : 0;
}
#endif

#ifdef BENCH_FUZZ
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
	uint8_t *data;
	size_t size;
};

static size_t load_corpus(const char *dir, struct input **out)
{
	struct input *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char path[4096];
		struct stat st;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_name[0] == '.' || stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = realloc(v, cap * sizeof(*v));
		}
		v[n].size = (size_t)st.st_size;
		v[n].data = malloc(v[n].size + 1);
		f = fopen(path, "rb");
		if (!f || fread(v[n].data, 1, v[n].size, f) != v[n].size) {
			if (f)
				fclose(f);
			free(v[n].data);
			continue;
		}
		fclose(f);
		n++;
	}
	closedir(d);
	*out = v;
	return n;
}

static void fuzz_rate(const char *name, const char *dir, double seconds)
{
	struct input *in;
	size_t n = load_corpus(dir, &in);
	uint64_t start = bench_now_ns(), execs = 0;
	double el;

	if (!n) {
		printf("fuzz %s: no corpus in %s\n", name, dir);
		return;
	}
	do {
		for (size_t i = 0; i < n; i++)
			LLVMFuzzerTestOneInput(in[i].data, in[i].size);
		execs += n;
	} while ((el = (double)(bench_now_ns() - start) / 1e9) < seconds);
	printf("fuzz %-17s %10llu execs %8.2f s %12.0f execs/s  (corpus of %zu; "
	       "entry point alone, no engine)\n", name,
	       (unsigned long long)execs, el, (double)execs / el, n);
	for (size_t i = 0; i < n; i++)
		free(in[i].data);
	free(in);
}
#endif

int main(int argc, char **argv)
{
	int quick = argc > 1 && !strcmp(argv[1], "--quick");
	uint64_t runs = quick ? 20000 : 300000;
	int r1, r2;

	printf("bench_explore: the explorer on a 10-op scenario, one core "
	       "(target 100000 runs/s)\n");
	r1 = explore("dfs, <= 3 deviations", 0, runs);
	r2 = explore("random tapes", 1, runs);
	if (r1 < 0 || r2 < 0)
		return 1;
#if defined(BENCH_ECHO) && !defined(BENCH_FUZZ)
	if (explore_echo(quick ? 500 : 5000))
		return 1;
#endif
#ifdef BENCH_FUZZ
	{
		const char *e = getenv("BENCH_FUZZ_SECONDS");

		fuzz_rate(BENCH_FUZZ_NAME, BENCH_FUZZ_CORPUS,
			  e ? atof(e) : quick ? 1.0 : 5.0);
	}
#endif
	return 0;
}

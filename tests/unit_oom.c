/* unit_oom.c — resource exhaustion, the SQLite way, and leaks of kernel
 * resources.
 *
 * Allocation failures: the test is linked with --wrap for malloc, calloc,
 * realloc, aligned_alloc and strdup, so every allocation iou makes (the
 * library is linked in statically) goes through a counter that can fail
 * the Nth one. For each operation (iou_sim_new, iou_queue_init_sim,
 * registration, a scenario with sockets, iou_explore) it runs with the
 * 1st, 2nd, ... allocation failing until one run meets no failure; each
 * run must end cleanly (-ENOMEM or NULL, or success where the failure was
 * absorbed) and leak nothing: the wrappers (free too) count the blocks
 * the library holds, the same before and after each run (and
 * LeakSanitizer looks too in the ASan build).
 *
 * Kernel resources: on the linux backend 10,000 init/exit cycles and
 * 10,000 register/unregister cycles leave no fd and no mapping behind
 * (counted in /proc/self/fd and /proc/self/maps). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <cmocka.h>

#include "iou.h"
#include "iou_sim.h"

/* ---- the failing allocator ---------------------------------------------- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__real_aligned_alloc(size_t a, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
void *__wrap_aligned_alloc(size_t a, size_t n);
char *__wrap_strdup(const char *s);

static unsigned long alloc_count;  /* allocations since armed */
static unsigned long fail_at;      /* fail this one (1-based); 0: none */
static int failed_one;             /* the failure happened */

/* The live blocks handed out through the wrappers (open addressing), so
 * that a leak is counted exactly: free is wrapped too, and forgets only
 * what the wrappers gave (libc's own blocks, such as open_memstream's,
 * may be freed through it). */
#define LIVE_CAP (1U << 20)
static void *live[LIVE_CAP];
static long nlive;
static void *const TOMB = (void *)1;

void __real_free(void *p);
void __wrap_free(void *p);

static size_t slot_of(const void *p)
{
	return (size_t)(((uintptr_t)p >> 4) * 0x9e3779b97f4a7c15ULL) &
	       (LIVE_CAP - 1);
}

static void live_add(void *p)
{
	size_t i = slot_of(p);

	if (!p)
		return;
	while (live[i] && live[i] != TOMB)
		i = (i + 1) & (LIVE_CAP - 1);
	live[i] = p;
	nlive++;
}

static void live_del(void *p)
{
	size_t i = slot_of(p);

	if (!p)
		return;
	while (live[i]) {
		if (live[i] == p) {
			live[i] = TOMB;
			nlive--;
			return;
		}
		i = (i + 1) & (LIVE_CAP - 1);
	}
}

static int fail_now(void)
{
	if (!fail_at)
		return 0;
	if (++alloc_count == fail_at) {
		failed_one = 1;
		return 1;
	}
	return 0;
}

void *__wrap_malloc(size_t n)
{
	void *p = fail_now() ? NULL : __real_malloc(n);

	live_add(p);
	return p;
}

void *__wrap_calloc(size_t n, size_t m)
{
	void *p = fail_now() ? NULL : __real_calloc(n, m);

	live_add(p);
	return p;
}

void *__wrap_realloc(void *old, size_t n)
{
	void *p;

	if (fail_now())
		return NULL;
	p = __real_realloc(old, n);
	if (p || !n) {
		live_del(old);
		live_add(p);
	}
	return p;
}

void *__wrap_aligned_alloc(size_t a, size_t n)
{
	void *p = fail_now() ? NULL : __real_aligned_alloc(a, n);

	live_add(p);
	return p;
}

char *__wrap_strdup(const char *s)
{
	char *p = fail_now() ? NULL : __real_strdup(s);

	live_add(p);
	return p;
}

void __wrap_free(void *p)
{
	live_del(p);
	__real_free(p);
}

static void arm(unsigned long n)
{
	alloc_count = 0;
	failed_one = 0;
	fail_at = n;
}

static void disarm(void)
{
	fail_at = 0;
}

static unsigned long target_n; /* the allocation to fail in this run */

/* Blocks the library holds: a run that returns to the count it started
 * from leaked nothing. */
static long heap_in_use(void)
{
	return nlive;
}

/* ---- the operations --------------------------------------------------------- */

enum outcome { OK, ENOMEM_OUT, OTHER };

static const uint8_t empty_tape[1];

static enum outcome op_sim_new(void)
{
	struct iou_sim_opts o = { .tape = empty_tape, .tape_len = 0,
				  .kernel_min = IOU_KERNEL_VERSION(5, 10),
				  .kernel_max = IOU_KERNEL_NEWEST };
	struct iou_sim *sim = iou_sim_new(&o);

	if (!sim)
		return ENOMEM_OUT;
	iou_sim_free(sim);
	return OK;
}

static enum outcome op_sim_replay(void)
{
	struct iou_sim_opts o = { .replay = "iou1:6.6/5.15-6.12:0:vAAEBAQ" };
	struct iou_sim *sim = iou_sim_new(&o);

	if (!sim)
		return ENOMEM_OUT;
	iou_sim_free(sim);
	return OK;
}

static struct iou_sim *plain_sim(void)
{
	struct iou_sim_opts o = { .tape = empty_tape };

	return iou_sim_new(&o);
}

static enum outcome op_queue_init_sim(void)
{
	struct iou_sim *sim = plain_sim();
	struct iou ring;
	int ret;

	if (!sim)
		return OTHER;
	arm(target_n);
	ret = iou_queue_init_sim(64, &ring, IOU_SETUP_SINGLE_ISSUER, sim);
	disarm();
	if (!ret)
		iou_queue_exit(&ring);
	iou_sim_free(sim);
	if (ret == -ENOMEM)
		return iou_sq_entries(&ring) == 0 ? ENOMEM_OUT : OTHER;
	return ret ? OTHER : OK;
}

static enum outcome op_register(void)
{
	struct iou_sim *sim = plain_sim();
	static char bufs[4][256];
	struct iovec iov[4] = { { bufs[0], 256 }, { bufs[1], 256 },
				{ bufs[2], 256 }, { bufs[3], 256 } };
	struct iou_buf_ring *br;
	enum outcome out = OK;
	struct iou ring;
	int fds[2], ret, err;

	if (!sim || iou_queue_init_sim(8, &ring, 0, sim) ||
	    iou_sys_pipe(&ring, fds))
		return OTHER;
	arm(target_n);
	ret = iou_register_buffers(&ring, iov, 4);
	if (ret == -ENOMEM)
		out = ENOMEM_OUT;
	else if (ret)
		out = OTHER;
	ret = iou_register_files(&ring, fds, 2);
	if (ret == -ENOMEM)
		out = out == OTHER ? OTHER : ENOMEM_OUT;
	else if (ret)
		out = OTHER;
	ret = iou_register_files_sparse(&ring, 64);
	if (ret == -ENOMEM || ret == -EBUSY)
		out = out == OTHER ? OTHER : (ret == -ENOMEM ? ENOMEM_OUT : out);
	else if (ret)
		out = OTHER;
	br = iou_setup_buf_ring(&ring, 16, 3, 0, &err);
	if (br)
		iou_free_buf_ring(&ring, br, 16, 3);
	else if (err == -ENOMEM)
		out = out == OTHER ? OTHER : ENOMEM_OUT;
	else
		out = OTHER;
	disarm();
	iou_queue_exit(&ring);
	iou_sim_free(sim);
	return out;
}

/* A scenario with sockets, a read and a timeout on every profile's
 * canonical run: the work of a small server. */
static int scenario(struct iou_sim *sim, void *arg)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct iou_timespec ts = { 0, 1000 };
	socklen_t al = sizeof(a);
	struct iou_cqe *cqe;
	struct iou ring;
	int l, c, s, ret;
	char buf[8];

	(void)arg;
	IOU_SCENARIO_CHECK(iou_queue_init_sim(8, &ring, 0, sim) == 0);
	l = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
	IOU_SCENARIO_CHECK(l >= 0);
	IOU_SCENARIO_CHECK(iou_sys_bind(&ring, l, (void *)&a, sizeof(a)) == 0);
	IOU_SCENARIO_CHECK(iou_sys_listen(&ring, l, 4) == 0);
	IOU_SCENARIO_CHECK(iou_sys_getsockname(&ring, l, (void *)&a, &al) == 0);
	c = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
	IOU_SCENARIO_CHECK(c >= 0);
	IOU_SCENARIO_CHECK(iou_sys_connect(&ring, c, (void *)&a, sizeof(a)) == 0);
	s = iou_sys_accept(&ring, l, NULL, NULL, 0);
	IOU_SCENARIO_CHECK(s >= 0);
	IOU_SCENARIO_CHECK(iou_sys_write(&ring, c, "hi", 2) == 2);
	iou_prep_recv(iou_get_sqe(&ring), s, buf, sizeof(buf), 0);
	iou_prep_timeout(iou_get_sqe(&ring), &ts, 0, 0);
	IOU_SCENARIO_CHECK(iou_submit(&ring) == 2);
	while ((ret = iou_wait_cqe(&ring, &cqe)) == -EINTR)
		;
	IOU_SCENARIO_CHECK(ret == 0);
	iou_cqe_seen(&ring, cqe);
	iou_queue_exit(&ring);
	return 0;
}

static enum outcome op_scenario(void)
{
	/* a scenario leaves its ring open when a check fails: reclaimed with
	 * the sim (IOU_SIM_SCENARIO, as the explorer does) */
	struct iou_sim_opts o = { .tape = empty_tape,
				  .flags = IOU_SIM_SCENARIO };
	struct iou_sim *sim = iou_sim_new(&o);
	int ret;

	if (!sim)
		return ENOMEM_OUT;
	ret = scenario(sim, NULL);
	iou_sim_free(sim);
	/* a failed allocation inside shows as a failed check (-ENOMEM from
	 * a call): clean, as long as nothing leaks */
	return ret ? ENOMEM_OUT : OK;
}

static enum outcome op_explore(void)
{
	struct iou_explore_ex_opts eo = { .base.max_runs = 40, .progress = -1,
					  .base.sim.kernel_min =
						  IOU_KERNEL_VERSION(6, 1),
					  .base.sim.kernel_max =
						  IOU_KERNEL_NEWEST };
	struct iou_explore_report rep;
	int ret = iou_explore_ex(&eo, scenario, NULL, &rep);

	iou_explore_report_free(&rep);
	if (ret == -ENOMEM)
		return ENOMEM_OUT;
	if (ret)
		return OTHER;
	/* a scenario that met a failed allocation reports a failure */
	return rep.res.failed ? ENOMEM_OUT : OK;
}

/* ---- the sweep ------------------------------------------------------------------ */

struct sweep_row {
	const char *name;
	unsigned long runs, nomem, ok, other, leaks;
	unsigned long allocations; /* of a run with no failure */
};

static void row_print(const struct sweep_row *r)
{
	printf("%-22s %11lu %6lu %7lu %4lu %6lu %6lu\n", r->name,
	       r->allocations, r->runs, r->nomem, r->ok, r->other, r->leaks);
}

/* Fails allocation 1, 2, ... of fn until a run needs no failure. */
static void sweep(struct sweep_row *row, enum outcome (*fn)(void),
		  int self_armed)
{
	for (unsigned long n = 1; n < 100000; n++) {
		long before = heap_in_use();
		enum outcome out;

		target_n = n;
		failed_one = 0;
		alloc_count = 0;
		if (!self_armed)
			arm(n);
		out = fn();
		disarm();
		row->runs++;
		row->nomem += out == ENOMEM_OUT;
		row->ok += out == OK;
		row->other += out == OTHER;
		if (heap_in_use() != before) {
			row->leaks++;
			if (getenv("UNIT_OOM_VERBOSE"))
				printf("  %s: failing allocation %lu leaks %ld "
				       "blocks\n", row->name, n,
				       heap_in_use() - before);
		}
		if (!failed_one) {
			row->allocations = alloc_count;
			break;
		}
	}
}

static void test_alloc_failure_sweep(void **state)
{
	struct sweep_row rows[] = {
		{ "iou_sim_new (range)", 0, 0, 0, 0, 0, 0 },
		{ "iou_sim_new (replay)", 0, 0, 0, 0, 0, 0 },
		{ "iou_queue_init_sim", 0, 0, 0, 0, 0, 0 },
		{ "registration", 0, 0, 0, 0, 0, 0 },
		{ "socket scenario", 0, 0, 0, 0, 0, 0 },
		{ "iou_explore", 0, 0, 0, 0, 0, 0 },
	};
	enum outcome (*fns[])(void) = { op_sim_new, op_sim_replay,
					op_queue_init_sim, op_register,
					op_scenario, op_explore };
	/* the ones that arm the allocator themselves, around the call */
	const int self_armed[] = { 0, 0, 1, 1, 0, 0 };
	unsigned long bad = 0;

	(void)state;
	printf("%-22s %11s %6s %7s %4s %6s %6s\n", "operation",
	       "allocations", "runs", "-ENOMEM", "ok", "other", "leaks");
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		sweep(&rows[i], fns[i], self_armed[i]);
		row_print(&rows[i]);
		bad += rows[i].other + rows[i].leaks;
		assert_true(rows[i].allocations > 0);
	}
	assert_int_equal(bad, 0);
}

/* ---- fds and mappings on the kernel ------------------------------------------------ */

static int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static int count_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	int n = 0, c;

	if (!f)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

static void test_linux_cycles_leave_nothing(void **state)
{
	static char bufs[2][4096];
	struct iovec iov[2] = { { bufs[0], 4096 }, { bufs[1], 4096 } };
	int fds0, maps0, fds1, maps1, fds2, maps2, pfd[2];
	struct iou ring;
	int ret;

	(void)state;
	ret = iou_queue_init(8, &ring, 0);
	if (ret) {
		printf("io_uring_setup: %d: skipping\n", ret);
		skip();
	}
	iou_queue_exit(&ring);
	fds0 = count_fds();
	maps0 = count_maps();
	for (int i = 0; i < 10000; i++) {
		assert_int_equal(iou_queue_init(i & 1 ? 8 : 64, &ring,
						i & 2 ? IOU_SETUP_SINGLE_ISSUER : 0), 0);
		iou_queue_exit(&ring);
	}
	fds1 = count_fds();
	maps1 = count_maps();

	assert_int_equal(iou_queue_init(8, &ring, 0), 0);
	assert_int_equal(iou_sys_pipe(&ring, pfd), 0);
	for (int i = 0; i < 10000; i++) {
		struct iou_buf_ring *br;

		switch (i % 3) {
		case 0:
			assert_int_equal(iou_register_buffers(&ring, iov, 2), 0);
			assert_int_equal(iou_unregister_buffers(&ring), 0);
			break;
		case 1:
			assert_int_equal(iou_register_files(&ring, pfd, 2), 0);
			assert_int_equal(iou_unregister_files(&ring), 0);
			break;
		default:
			br = iou_setup_buf_ring(&ring, 8, 1, 0, &ret);
			assert_non_null(br);
			assert_int_equal(iou_free_buf_ring(&ring, br, 8, 1), 0);
			break;
		}
	}
	iou_sys_close(&ring, pfd[0]);
	iou_sys_close(&ring, pfd[1]);
	iou_queue_exit(&ring);
	fds2 = count_fds();
	maps2 = count_maps();
	printf("linux: fds %d -> %d after 10,000 init/exit -> %d after 10,000 "
	       "register/unregister; mappings %d -> %d -> %d\n", fds0, fds1,
	       fds2, maps0, maps1, maps2);
	assert_int_equal(fds1, fds0);
	assert_int_equal(fds2, fds0);
	assert_int_equal(maps1, maps0);
	assert_int_equal(maps2, maps0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_failure_sweep),
		cmocka_unit_test(test_linux_cycles_leave_nothing),
	};

	unsetenv("IOU_SIM_REPLAY");
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* unit_regress.c — regression tests for the bugs of issue 12 ("release
 * quality"), each named after what it guards: freeing a sim under its
 * rings, advancing the CQ past its tail, ring sizes that are not powers of
 * two, NULL paths on the linux backend, replay tokens naming a kernel no
 * profile covers. The ones that touch a ring run on both backends. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "iou.h"
#include "iou_prep.h"
#include "iou_sim.h"

/* ---- a ring on either backend --------------------------------------------- */

struct bk {
	const char *name;
	struct iou_sim *sim;   /* NULL: the linux backend */
};

static int linux_ok = -1;

static int have_linux(void)
{
	if (linux_ok < 0) {
		struct iou probe;
		int ret = iou_queue_init(2, &probe, 0);

		linux_ok = ret == 0;
		if (!ret)
			iou_queue_exit(&probe);
	}
	return linux_ok;
}

static int bk_init(struct bk *b, unsigned entries, struct iou *ring,
		   struct iou_params *p)
{
	if (b->sim)
		return iou_queue_init_sim_params(entries, ring, p, b->sim);
	return iou_queue_init_params(entries, ring, p);
}

/* Runs fn on the linux backend (when io_uring works here) and on a sim of
 * every profile. */
static void on_both(void (*fn)(struct bk *b))
{
	static const uint32_t kernels[] = {
		IOU_KERNEL_VERSION(5, 4), IOU_KERNEL_VERSION(5, 10),
		IOU_KERNEL_VERSION(6, 1), IOU_KERNEL_NEWEST,
	};
	struct bk b = { "linux", NULL };

	if (have_linux())
		fn(&b);
	for (size_t i = 0; i < sizeof(kernels) / sizeof(kernels[0]); i++) {
		struct iou_sim_opts o = { .tape = (const uint8_t *)"",
					  .kernel_min = kernels[i] };

		b.name = "sim";
		b.sim = iou_sim_new(&o);
		assert_non_null(b.sim);
		fn(&b);
		iou_sim_free(b.sim);
	}
}

static void nop(struct iou *ring, uint64_t ud)
{
	struct iou_sqe *sqe = iou_get_sqe(ring);

	assert_non_null(sqe);
	iou_prep_nop(sqe);
	iou_sqe_set_data64(sqe, ud);
}

/* ---- iou_sim_free under live rings ------------------------------------------ */

/* Every entry point on a ring that iou_sim_free closed answers -EBADF
 * (NULL for get_sqe, 0 ready CQEs); under ASan nothing reads freed memory.
 * An exited ring also reads 0 sizes. */
static void check_closed(struct iou *ring, int exited)
{
	struct iou_cqe *cqe = (struct iou_cqe *)1;
	struct iou_cqe cqes[4];
	int fds[2];

	assert_null(iou_get_sqe(ring));
	assert_int_equal(iou_submit(ring), -EBADF);
	assert_int_equal(iou_submit_and_wait(ring, 1), -EBADF);
	assert_int_equal(iou_peek_cqe(ring, &cqe), -EBADF);
	assert_int_equal(iou_wait_cqe(ring, &cqe), -EBADF);
	assert_int_equal(iou_copy_cqes(ring, cqes, 4, 0), -EBADF);
	assert_int_equal(iou_get_events(ring), -EBADF);
	assert_int_equal(iou_ring_fd(ring), -EBADF);
	assert_int_equal(iou_cq_ready(ring), 0);
	assert_false(iou_cq_has_overflow(ring));
	if (exited) {
		assert_int_equal(iou_sq_ready(ring), 0);
		assert_int_equal(iou_sq_entries(ring), 0);
	}
	assert_int_equal(iou_kernel_version(ring), 0);
	assert_null(iou_backend_name(ring));
	assert_int_equal(iou_register_files(ring, fds, 0), -EBADF);
	assert_int_equal(iou_sys_open(ring, "/x", O_RDONLY, 0), -EBADF);
	assert_int_equal(iou_sys_pipe(ring, fds), -EBADF);
	iou_cq_advance(ring, 3);
	iou_queue_exit(ring); /* frees what the closed ring kept */
	iou_queue_exit(ring);
	assert_int_equal(iou_sq_entries(ring), 0);
	assert_int_equal(iou_submit(ring), -EBADF);
}

static void test_regress_sim_free_closes_live_rings(void **state)
{
	struct iou_sim *sim = iou_sim_new(NULL);
	struct iou a, b, c;
	struct iou_sqe *sqe;
	char buf[8];
	int fds[2];

	(void)state;
	assert_non_null(sim);
	assert_int_equal(iou_queue_init_sim(8, &a, 0, sim), 0);
	assert_int_equal(iou_queue_init_sim(4, &b, IOU_SETUP_SINGLE_ISSUER |
					    IOU_SETUP_DEFER_TASKRUN, sim), 0);
	assert_int_equal(iou_queue_init_sim(4, &c, 0, sim), 0);
	iou_queue_exit(&c); /* an exited ring stays exited */
	/* a read parked on an empty pipe, a NOP never reaped, a registered
	 * file table and an unsubmitted SQE */
	assert_int_equal(iou_sys_pipe(&a, fds), 0);
	sqe = iou_get_sqe(&a);
	iou_prep_read(sqe, fds[0], buf, sizeof(buf), 0);
	assert_int_equal(iou_submit(&a), 1);
	nop(&a, 2);
	assert_int_equal(iou_submit(&a), 1);
	nop(&a, 3);
	assert_int_equal(iou_register_files(&b, fds, 2), 0);
	nop(&b, 4);

	iou_sim_free(sim);
	check_closed(&a, 0);
	check_closed(&b, 0);
	check_closed(&c, 1);
}

/* The same ring struct set up again on a new sim after its old sim was
 * freed under it works as a fresh ring. */
static void test_regress_sim_free_then_reuse_ring_struct(void **state)
{
	struct iou_sim *sim = iou_sim_new(NULL);
	struct iou_cqe *cqe;
	struct iou ring;

	(void)state;
	assert_int_equal(iou_queue_init_sim(2, &ring, 0, sim), 0);
	iou_sim_free(sim);
	sim = iou_sim_new(NULL);
	assert_int_equal(iou_queue_init_sim(2, &ring, 0, sim), 0);
	nop(&ring, 9);
	assert_int_equal(iou_submit_and_wait(&ring, 1), 1);
	assert_int_equal(iou_peek_cqe(&ring, &cqe), 0);
	assert_int_equal(cqe->user_data, 9);
	iou_cqe_seen(&ring, cqe);
	iou_sim_free(sim);
	check_closed(&ring, 0);
}

/* Sims freed under their rings, more than the closed rings kept: the
 * oldest are freed (ASan: no leak, no double free), the newest still
 * answer -EBADF and exit cleanly. */
static void test_regress_sim_free_many_closed_rings(void **state)
{
	static struct iou rings[150];

	(void)state;
	for (size_t i = 0; i < 150; i++) {
		struct iou_sim *sim = iou_sim_new(NULL);

		assert_int_equal(iou_queue_init_sim(2, &rings[i], 0, sim), 0);
		iou_sim_free(sim);
	}
	for (size_t i = 150 - 32; i < 150; i++)
		check_closed(&rings[i], 0);
}

/* A scenario's ring lives in its stack frame, gone when the explorer
 * frees the sim: reclaimed without touching it (ASan would see a write to
 * a dead frame with detect_stack_use_after_return). */
static int leave_ring_open(struct iou_sim *sim, void *arg)
{
	struct iou ring;

	(void)arg;
	if (iou_queue_init_sim(4, &ring, 0, sim))
		return __LINE__;
	nop(&ring, 1);
	return iou_submit(&ring) == 1 ? 0 : __LINE__;
}

static void test_regress_scenario_rings_reclaimed(void **state)
{
	struct iou_explore_opts o = { .max_runs = 20 };
	struct iou_explore_result res;

	(void)state;
	assert_int_equal(iou_explore(&o, leave_ring_open, NULL, &res), 0);
	assert_false(res.failed);
	assert_true(res.runs >= 1);
}

/* ---- iou_cq_advance past the tail --------------------------------------------- */

static void cq_advance_clamped(struct bk *b)
{
	struct iou_params p = { 0 };
	struct iou_cqe *cqe;
	struct iou ring;
	unsigned head0;

	assert_int_equal(bk_init(b, 8, &ring, &p), 0);
	head0 = *ring.cq.khead;
	iou_cq_advance(&ring, 1000); /* empty CQ: nothing moves */
	assert_int_equal(*ring.cq.khead, head0);
	assert_int_equal(iou_cq_ready(&ring), 0);
	assert_int_equal(iou_peek_cqe(&ring, &cqe), -EAGAIN);

	nop(&ring, 1);
	nop(&ring, 2);
	assert_int_equal(iou_submit_and_wait(&ring, 2), 2);
	while (iou_cq_ready(&ring) < 2)
		assert_int_equal(iou_submit_and_wait(&ring, 2), 0);
	iou_cq_advance(&ring, 1000); /* two ready: both consumed, no more */
	assert_int_equal(*ring.cq.khead, head0 + 2);
	assert_int_equal(iou_cq_ready(&ring), 0);
	assert_int_equal(iou_peek_cqe(&ring, &cqe), -EAGAIN);

	nop(&ring, 3); /* the ring still works: the next CQE is the new one */
	assert_int_equal(iou_submit_and_wait(&ring, 1), 1);
	assert_int_equal(iou_wait_cqe(&ring, &cqe), 0);
	assert_int_equal(cqe->user_data, 3);
	iou_cqe_seen(&ring, cqe);
	iou_cqe_seen(&ring, cqe); /* one too many: clamped too */
	assert_int_equal(iou_cq_ready(&ring), 0);
	assert_int_equal(*ring.cq.khead, head0 + 3);
	iou_queue_exit(&ring);
}

static void test_regress_cq_advance_never_passes_tail(void **state)
{
	(void)state;
	on_both(cq_advance_clamped);
}

/* ---- ring sizes rounded up ------------------------------------------------------- */

static void sizes_rounded(struct bk *b)
{
	static const struct { unsigned in, sq; } cases[] = {
		{ 1, 1 }, { 3, 4 }, { 5, 8 }, { 100, 128 }, { 1000, 1024 },
		{ 4097, 8192 }, { 32767, 32768 }, { 32768, 32768 },
	};
	struct iou_params p;
	struct iou ring;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&p, 0, sizeof(p));
		assert_int_equal(bk_init(b, cases[i].in, &ring, &p), 0);
		assert_int_equal(p.sq_entries, cases[i].sq);
		assert_int_equal(iou_sq_entries(&ring), cases[i].sq);
		assert_int_equal(iou_cq_entries(&ring), 2 * cases[i].sq);
		iou_queue_exit(&ring);
	}
	memset(&p, 0, sizeof(p));
	assert_int_equal(bk_init(b, 0, &ring, &p), -EINVAL);
	assert_int_equal(bk_init(b, 32769, &ring, &p), -EINVAL);
	assert_int_equal(bk_init(b, UINT32_MAX, &ring, &p), -EINVAL);
	/* CLAMP and CQSIZE: 5.6 (CQSIZE 5.5) */
	if (b->sim && iou_sim_kernel(b->sim) < IOU_KERNEL_VERSION(5, 6))
		return;
	p.flags = IOU_SETUP_CLAMP;
	assert_int_equal(bk_init(b, 40000, &ring, &p), 0);
	assert_int_equal(iou_sq_entries(&ring), 32768);
	iou_queue_exit(&ring);
	/* CQSIZE: the CQ is rounded up too */
	memset(&p, 0, sizeof(p));
	p.flags = IOU_SETUP_CQSIZE;
	p.cq_entries = 100;
	assert_int_equal(bk_init(b, 3, &ring, &p), 0);
	assert_int_equal(iou_sq_entries(&ring), 4);
	assert_int_equal(iou_cq_entries(&ring), 128);
	iou_queue_exit(&ring);
}

static void test_regress_queue_init_rounds_entries_up(void **state)
{
	struct iou ring;

	(void)state;
	on_both(sizes_rounded);
	if (have_linux()) { /* the plain entry point too */
		assert_int_equal(iou_queue_init(3, &ring, 0), 0);
		assert_int_equal(iou_sq_entries(&ring), 4);
		iou_queue_exit(&ring);
	}
}

/* ---- NULL paths ---------------------------------------------------------------- */

static void null_paths(struct bk *b)
{
	struct iou_params p = { 0 };
	struct iou ring;

	assert_int_equal(bk_init(b, 2, &ring, &p), 0);
	assert_int_equal(iou_sys_open(&ring, NULL, O_RDONLY, 0), -EFAULT);
	assert_int_equal(iou_sys_open(&ring, NULL, O_RDWR | O_CREAT, 0644),
			 -EFAULT);
	assert_int_equal(iou_sys_unlink(&ring, NULL), -EFAULT);
	assert_int_equal(iou_sys_mkdir(&ring, NULL, 0755), -EFAULT);
	assert_int_equal(iou_sys_rmdir(&ring, NULL), -EFAULT);
	assert_int_equal(iou_sys_pipe(&ring, NULL), -EFAULT);
	iou_queue_exit(&ring);
}

/* The linux backend handed NULL to libc's nonnull-declared open/unlink/
 * mkdir/rmdir (a UBSan report before the -EFAULT). */
static void test_regress_sys_null_path_efault(void **state)
{
	(void)state;
	on_both(null_paths);
}

/* ---- replay tokens ----------------------------------------------------------------- */

static void test_regress_token_unknown_kernel_refused(void **state)
{
	static const char *const bad[] = {
		"iou1:9.9:0:v", "iou1:0.0:0:v", "iou1:6.19:0:v", "iou1:5.3:0:v",
		"iou1:255.255:0:v", "iou1:6.18/0.0-newest:0:v",
		"iou1:6.18/5.10-9.9:0:v", "iou2:9.9:0:s0", "iou1:0.0:0:b",
	};
	struct iou_sim_opts o = { 0 };
	struct iou_sim *sim;
	char token[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.replay = bad[i];
		sim = iou_sim_new(&o);
		if (sim) {
			iou_sim_free(sim);
			fail_msg("token %s accepted", bad[i]);
		}
	}
	/* tokens the sim makes are accepted, every profile and a range */
	o.replay = "iou1:5.4:0:v";
	sim = iou_sim_new(&o);
	assert_non_null(sim);
	assert_int_equal(iou_sim_kernel(sim), IOU_KERNEL_VERSION(5, 4));
	iou_sim_free(sim);
	o.replay = "iou2:newest:0:s0";
	sim = iou_sim_new(&o);
	assert_non_null(sim);
	iou_sim_free(sim);
	o.replay = NULL;
	o.kernel_min = IOU_KERNEL_VERSION(5, 10);
	o.kernel_max = IOU_KERNEL_NEWEST;
	sim = iou_sim_new(&o);
	assert_non_null(sim);
	assert_true(iou_sim_replay_token(sim, token, sizeof(token)) > 0);
	iou_sim_free(sim);
	o = (struct iou_sim_opts){ .replay = token };
	sim = iou_sim_new(&o);
	assert_non_null(sim);
	iou_sim_free(sim);
}

/* ---- IOU_SIM_CHECK_POINTERS ----------------------------------------------------- */

/* Submits the prepared SQE alone and returns its CQE's res. */
static int run1(struct iou *ring, struct iou_sqe *sqe)
{
	struct iou_cqe *cqe;
	int res;

	iou_sqe_set_data64(sqe, 0x5eed);
	assert_int_equal(iou_submit(ring), 1);
	assert_int_equal(iou_wait_cqe(ring, &cqe), 0);
	assert_int_equal(cqe->user_data, 0x5eed);
	res = cqe->res;
	iou_cqe_seen(ring, cqe);
	return res;
}

static void wild_pointers(struct iou_sim *sim)
{
	void *const wild = (void *)0x1000;
	static char big[64];
	struct iovec iov[2] = { { big, 8 }, { wild, 8 } };
	struct iou_timespec ts = { 0, 1000 };
	struct iou_sqe *sqe;
	struct iou ring;
	char *ro;
	int fd;

	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(ro != MAP_FAILED);
	assert_int_equal(iou_queue_init_sim(8, &ring, 0, sim), 0);
	fd = iou_sys_open(&ring, "/f", O_CREAT | O_RDWR, 0644);
	assert_true(fd >= 0);
	assert_int_equal(iou_sys_write(&ring, fd, "hello", 5), 5);

	iou_prep_read(sqe = iou_get_sqe(&ring), fd, wild, 8, 0);
	assert_int_equal(run1(&ring, sqe), -EFAULT);
	iou_prep_read(sqe = iou_get_sqe(&ring), fd, ro, 8, 0); /* not writable */
	assert_int_equal(run1(&ring, sqe), -EFAULT);
	iou_prep_write(sqe = iou_get_sqe(&ring), fd, wild, 8, 0);
	assert_int_equal(run1(&ring, sqe), -EFAULT);
	iou_prep_readv(sqe = iou_get_sqe(&ring), fd, wild, 1, 0);
	assert_int_equal(run1(&ring, sqe), -EFAULT);
	iou_prep_readv(sqe = iou_get_sqe(&ring), fd, iov, 2, 0);
	assert_int_equal(run1(&ring, sqe), -EFAULT);
	iou_prep_openat(sqe = iou_get_sqe(&ring), IOU_AT_FDCWD, wild,
			O_RDONLY, 0);
	assert_int_equal(run1(&ring, sqe), -EFAULT);
	iou_prep_timeout(sqe = iou_get_sqe(&ring), wild, 0, 0);
	assert_int_equal(run1(&ring, sqe), -EFAULT);
	iou_prep_sendmsg(sqe = iou_get_sqe(&ring), fd, wild, 0);
	assert_int_equal(run1(&ring, sqe), -EFAULT);

	/* good pointers still work: a read-only source for a write, a
	 * length far past the buffer (only the bytes moved matter), a
	 * timespec */
	memcpy(big, "hello", 5);
	iou_prep_write(sqe = iou_get_sqe(&ring), fd, ro, 5, 5);
	assert_int_equal(run1(&ring, sqe), 5);
	memset(big, 0, sizeof(big));
	iou_prep_read(sqe = iou_get_sqe(&ring), fd, big, UINT32_MAX, 0);
	assert_int_equal(run1(&ring, sqe), 10);
	assert_memory_equal(big, "hello", 5);
	iou_prep_timeout(sqe = iou_get_sqe(&ring), &ts, 0, 0);
	assert_int_equal(run1(&ring, sqe), -ETIME);
	iou_queue_exit(&ring);
	munmap(ro, 4096);
}

/* The issue's crash: iou_prep_read(sqe, fd, (void *)0x1000, 8, 0) on the
 * sim was a SEGV; with the check on it is the kernel's -EFAULT. */
static void test_regress_wild_pointer_efault_when_checked(void **state)
{
	struct iou_sim_opts o = { .tape = (const uint8_t *)"",
				  .flags = IOU_SIM_CHECK_POINTERS };
	struct iou_sim *sim;

	(void)state;
	sim = iou_sim_new(&o);
	assert_non_null(sim);
	wild_pointers(sim);
	iou_sim_free(sim);
	/* the environment variable turns it on too */
	setenv("IOU_SIM_CHECK_POINTERS", "1", 1);
	o.flags = 0;
	sim = iou_sim_new(&o);
	unsetenv("IOU_SIM_CHECK_POINTERS");
	assert_non_null(sim);
	wild_pointers(sim);
	iou_sim_free(sim);
}

/* ---- reports a user reads ------------------------------------------------------- */

static int check_fails(struct iou_sim *sim, void *arg)
{
	int five = 4;

	(void)sim;
	(void)arg;
	IOU_SCENARIO_CHECK(five == 4);
	IOU_SCENARIO_CHECK(five + 1 == 5 && "a passing check");
	IOU_SCENARIO_CHECK(five == 5); /* CHECK_LINE */
	return 0;
}

/* A failure report names the check in words, not "returned 31". */
static void test_regress_scenario_check_message(void **state)
{
	struct iou_explore_ex_opts eo = { .progress = -1 };
	struct iou_explore_report rep;
	char *text = NULL, want[128];
	size_t len = 0;
	FILE *f;

	(void)state;
	assert_int_equal(iou_explore_ex(&eo, check_fails, NULL, &rep), 0);
	assert_true(rep.res.failed);
	assert_int_equal(rep.kind, IOU_EXPLORE_FAIL_RET);
	snprintf(want, sizeof(want),
		 "IOU_SCENARIO_CHECK at unit_regress.c:%d: five == 5", rep.ret);
	assert_string_equal(rep.check, want);
	f = open_memstream(&text, &len);
	iou_explore_report_print(&rep, f);
	fclose(f);
	assert_non_null(strstr(text, want));
	assert_null(strstr(text, "the scenario returned"));
	free(text);
	iou_explore_report_free(&rep);
	/* the record is per failure: gone once read */
	assert_int_equal(iou_scenario_check_message(want, sizeof(want), 3), 0);
	assert_string_equal(want, "");
}

static int passes(struct iou_sim *sim, void *arg)
{
	(void)sim;
	(void)arg;
	return 0;
}

/* A passing exploration prints one line: runs, exhausted, profiles. */
static void test_regress_passing_exploration_says_so(void **state)
{
	struct iou_explore_opts o = {
		.sim.kernel_min = IOU_KERNEL_VERSION(5, 10),
		.sim.kernel_max = IOU_KERNEL_NEWEST,
		.random = IOU_EXPLORE_DFS, /* the 7 canonical runs alone */
	};
	struct iou_explore_result res;
	char line[256] = "", want[256];
	FILE *tmp = tmpfile();
	int saved = dup(2);

	(void)state;
	assert_non_null(tmp);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	assert_int_equal(iou_explore(&o, passes, NULL, &res), 0);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	assert_non_null(fgets(line, sizeof(line), tmp));
	fclose(tmp);
	assert_int_equal(strncmp(line, "iou_explore: passed: ", 21), 0);
	assert_true(res.runs >= 7);
	snprintf(want, sizeof(want), "iou_explore: passed: %llu runs, "
		 "exhausted, profiles 5.10..6.18 (7)\n",
		 (unsigned long long)res.runs);
	assert_string_equal(line, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regress_sim_free_closes_live_rings),
		cmocka_unit_test(test_regress_sim_free_then_reuse_ring_struct),
		cmocka_unit_test(test_regress_sim_free_many_closed_rings),
		cmocka_unit_test(test_regress_scenario_rings_reclaimed),
		cmocka_unit_test(test_regress_cq_advance_never_passes_tail),
		cmocka_unit_test(test_regress_queue_init_rounds_entries_up),
		cmocka_unit_test(test_regress_sys_null_path_efault),
		cmocka_unit_test(test_regress_token_unknown_kernel_refused),
		cmocka_unit_test(test_regress_wild_pointer_efault_when_checked),
		cmocka_unit_test(test_regress_scenario_check_message),
		cmocka_unit_test(test_regress_passing_exploration_says_so),
	};

	if (!have_linux())
		printf("io_uring_setup fails here: linux-backend halves skipped\n");
	return cmocka_run_group_tests(tests, NULL, NULL);
}

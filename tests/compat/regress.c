/* regress.c — regression tests for the bugs liburing's own suite found in
 * iou (issue 10), on iou's API, on the kernel and on the sim:
 * - a SINGLE_ISSUER|R_DISABLED ring created in one thread, enabled and used
 *   in another (iou_queue_init had registered the ring fd in the creator);
 * - a failing IO_LINK|CQE_SKIP_SUCCESS request and the NOPs linked to it
 *   post one CQE from 5.17 (the sim posted -ECANCELED for the links too);
 * - a buf_ring registration at memory the kernel cannot pin (4096, an
 *   unmapped page) fails with -EFAULT (the sim accepted it);
 * - with IOU_SIM_CHECK_POINTERS, a wild data buffer faults as the request
 *   issues, submitted (the sim failed it at submission, stopping the
 *   batch: liburing's send-zerocopy test), while a wild iovec array still
 *   fails at submission, as the kernel copies it at prep;
 * - a sim whose low fds are the host's (iou_sim_set_fd_first, as under the
 *   interposition library) had nothing at fds 0-2: a ring's WRITE to fd 1
 *   was -EBADF (liburing's stdout), registering fd 1 too (file-register),
 *   and ATTACH_WQ to fd 2 -EBADF where the kernel says -EINVAL (shared-wq). */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "iou.h"
#include "iou_sim.h"

/* A ring on the kernel, or the test skips when io_uring is unavailable. */
static int linux_ring(struct iou *ring, unsigned flags)
{
	int ret = iou_queue_init(8, ring, flags);

	if (ret == -ENOSYS || ret == -EPERM)
		skip();
	return ret;
}

/* ---- SINGLE_ISSUER | R_DISABLED handed to another thread --------------- */

struct handoff {
	struct iou *ring;
	int enable, submit, wait, res;
	uint64_t ud;
};

static void *handoff_thread(void *arg)
{
	struct handoff *h = arg;
	struct iou_cqe *cqe;
	struct iou_sqe *sqe;

	h->enable = iou_enable_rings(h->ring);
	sqe = iou_get_sqe(h->ring);
	iou_prep_nop(sqe);
	iou_sqe_set_data64(sqe, 42);
	h->submit = iou_submit(h->ring);
	while ((h->wait = iou_wait_cqe(h->ring, &cqe)) == -EINTR)
		;
	if (!h->wait) {
		h->res = cqe->res;
		h->ud = cqe->user_data;
		iou_cqe_seen(h->ring, cqe);
	}
	return NULL;
}

static void run_handoff(struct iou *ring)
{
	struct handoff h = { .ring = ring };
	pthread_t t;

	assert_int_equal(pthread_create(&t, NULL, handoff_thread, &h), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(h.enable, 0);
	assert_int_equal(h.submit, 1);
	assert_int_equal(h.wait, 0);
	assert_int_equal(h.res, 0);
	assert_int_equal(h.ud, 42);
}

static void single_issuer_handoff_linux(void **state)
{
	struct iou ring;
	int ret;

	(void)state;
	ret = linux_ring(&ring, IOU_SETUP_SINGLE_ISSUER | IOU_SETUP_R_DISABLED);
	if (ret == -EINVAL)
		skip(); /* before 6.0 */
	assert_int_equal(ret, 0);
	run_handoff(&ring);
	iou_queue_exit(&ring);
}

static void single_issuer_handoff_sim(void **state)
{
	struct iou_sim *sim = iou_sim_new(NULL);
	struct iou ring;

	(void)state;
	assert_non_null(sim);
	assert_int_equal(iou_queue_init_sim(8, &ring, IOU_SETUP_SINGLE_ISSUER |
					    IOU_SETUP_R_DISABLED, sim), 0);
	run_handoff(&ring);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* ---- CQE_SKIP_SUCCESS on a failing link head -------------------------- */

#define LINK_LEN 4

/* NOP, NOP, failing write, NOP: every member but the last linked and
 * CQE_SKIP_SUCCESS. Returns 0 when exactly one CQE (the write's error)
 * came. */
static int skip_link_fail(struct iou *ring, int wfd)
{
	struct iou_cqe *cqe;
	int ret, n = 0, i;

	for (i = 0; i < LINK_LEN; i++) {
		struct iou_sqe *sqe = iou_get_sqe(ring);

		if (i == 2)
			iou_prep_write(sqe, wfd, NULL, 100, 0); /* -EFAULT */
		else
			iou_prep_nop(sqe);
		if (i != LINK_LEN - 1)
			iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK |
					  IOU_SQE_CQE_SKIP_SUCCESS);
		iou_sqe_set_data64(sqe, (uint64_t)i);
	}
	ret = iou_submit(ring);
	if (ret != LINK_LEN)
		return 10;
	while ((ret = iou_wait_cqe(ring, &cqe)) == -EINTR)
		;
	if (ret)
		return 11;
	if (cqe->user_data != 2 || cqe->res >= 0)
		return 12;
	iou_cqe_seen(ring, cqe);
	/* Nothing else comes: flush anything deferred, then look. */
	(void)iou_get_events(ring);
	while (iou_peek_cqe(ring, &cqe) == 0) {
		n++;
		iou_cqe_seen(ring, cqe);
	}
	return n ? 13 : 0;
}

/* A NOP and its LINK_TIMEOUT flagged CQE_SKIP_SUCCESS: the NOP completes,
 * the disarmed timeout's -ECANCELED is hidden: one CQE. */
static int skip_disarmed_ltimeout(struct iou *ring)
{
	struct iou_timespec ts = { .tv_sec = 1, .tv_nsec = 0 };
	struct iou_cqe *cqe;
	struct iou_sqe *sqe;
	int ret, n = 0;

	sqe = iou_get_sqe(ring);
	iou_prep_nop(sqe);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	iou_sqe_set_data64(sqe, 1);
	sqe = iou_get_sqe(ring);
	iou_prep_link_timeout(sqe, &ts, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_CQE_SKIP_SUCCESS);
	iou_sqe_set_data64(sqe, 2);
	if (iou_submit(ring) != 2)
		return 20;
	while ((ret = iou_wait_cqe(ring, &cqe)) == -EINTR)
		;
	if (ret || cqe->user_data != 1 || cqe->res != 0)
		return 21;
	iou_cqe_seen(ring, cqe);
	(void)iou_get_events(ring);
	while (iou_peek_cqe(ring, &cqe) == 0) {
		n++;
		iou_cqe_seen(ring, cqe);
	}
	return n ? 22 : 0;
}

/* A read on an empty pipe and its 1 ms LINK_TIMEOUT flagged
 * CQE_SKIP_SUCCESS: the timeout fires (-ETIME, not a failure: hidden) and
 * cancels the read: one CQE, the read's. */
static int skip_fired_ltimeout(struct iou *ring, int rfd)
{
	struct iou_timespec ts = { .tv_sec = 0, .tv_nsec = 1000000 };
	struct iou_cqe *cqe;
	struct iou_sqe *sqe;
	char buf[1];
	int ret, n = 0;

	sqe = iou_get_sqe(ring);
	iou_prep_read(sqe, rfd, buf, 1, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_IO_LINK);
	iou_sqe_set_data64(sqe, 1);
	sqe = iou_get_sqe(ring);
	iou_prep_link_timeout(sqe, &ts, 0);
	iou_sqe_set_flags(sqe, IOU_SQE_CQE_SKIP_SUCCESS);
	iou_sqe_set_data64(sqe, 2);
	if (iou_submit(ring) != 2)
		return 30;
	while ((ret = iou_wait_cqe(ring, &cqe)) == -EINTR)
		;
	if (ret || cqe->user_data != 1 ||
	    (cqe->res != -ECANCELED && cqe->res != -EINTR))
		return 31;
	iou_cqe_seen(ring, cqe);
	(void)iou_get_events(ring);
	while (iou_peek_cqe(ring, &cqe) == 0) {
		n++;
		iou_cqe_seen(ring, cqe);
	}
	return n ? 32 : 0;
}

static void skip_cqe_link_fail_linux(void **state)
{
	struct iou ring;
	int fds[2];

	(void)state;
	assert_int_equal(linux_ring(&ring, 0), 0);
	if (!(ring.features & IOU_FEAT_CQE_SKIP)) {
		iou_queue_exit(&ring);
		skip();
	}
	assert_int_equal(iou_sys_pipe(&ring, fds), 0);
	assert_int_equal(skip_link_fail(&ring, fds[1]), 0);
	assert_int_equal(skip_disarmed_ltimeout(&ring), 0);
	assert_int_equal(skip_fired_ltimeout(&ring, fds[0]), 0);
	iou_sys_close(&ring, fds[0]);
	iou_sys_close(&ring, fds[1]);
	iou_queue_exit(&ring);
}

static int skip_scenario(struct iou_sim *sim, void *arg)
{
	struct iou ring;
	int fds[2], ret;

	(void)arg;
	if (iou_queue_init_sim(8, &ring, 0, sim))
		return 1;
	if (!(ring.features & IOU_FEAT_CQE_SKIP)) {
		iou_queue_exit(&ring); /* a profile before 5.17 */
		return 0;
	}
	if (iou_sys_pipe(&ring, fds))
		return 2;
	ret = skip_link_fail(&ring, fds[1]);
	if (!ret)
		ret = skip_disarmed_ltimeout(&ring);
	if (!ret)
		ret = skip_fired_ltimeout(&ring, fds[0]);
	iou_queue_exit(&ring);
	return ret;
}

static void skip_cqe_link_fail_sim(void **state)
{
	struct iou_explore_opts o;
	struct iou_explore_result res;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.sim.kernel_min = IOU_KERNEL_VERSION(5, 17);
	o.sim.kernel_max = IOU_KERNEL_NEWEST;
	o.max_runs = 200;
	iou_explore(&o, skip_scenario, NULL, &res);
	if (res.failed)
		print_error("replay: %s\n", res.replay);
	print_message("%llu runs on 5.17 to the newest profile\n",
		      (unsigned long long)res.runs);
	assert_false(res.failed);
	assert_true(res.runs > 0);
}

/* ---- buf_ring memory the kernel cannot pin --------------------------- */

static void bad_buf_ring_addrs(struct iou *ring)
{
	struct iou_buf_reg reg;
	char *good, *gone;

	/* Two pages: the first stays, the second goes, so that nothing is
	 * mapped right after `good`. */
	good = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(good != MAP_FAILED);
	gone = good + 4096;
	munmap(gone, 4096);

	memset(&reg, 0, sizeof(reg));
	reg.ring_entries = 32;
	reg.bgid = 1;
	reg.ring_addr = 4096; /* liburing's buf-ring test */
	assert_int_equal(iou_register_buf_ring(ring, &reg, 0), -EFAULT);
	reg.ring_addr = (uint64_t)(uintptr_t)gone;
	assert_int_equal(iou_register_buf_ring(ring, &reg, 0), -EFAULT);
	/* 256 entries (4 KiB) fit the page; 512 run past it. */
	reg.ring_addr = (uint64_t)(uintptr_t)good;
	reg.ring_entries = 512;
	assert_int_equal(iou_register_buf_ring(ring, &reg, 0), -EFAULT);
	reg.ring_addr = (uint64_t)(uintptr_t)good + 64; /* misaligned */
	reg.ring_entries = 32;
	assert_int_equal(iou_register_buf_ring(ring, &reg, 0), -EINVAL);
	reg.ring_addr = (uint64_t)(uintptr_t)good;
	reg.ring_entries = 256;
	assert_int_equal(iou_register_buf_ring(ring, &reg, 0), 0);
	assert_int_equal(iou_unregister_buf_ring(ring, 1), 0);
	munmap(good, 4096);
}

static void buf_ring_bad_addr_linux(void **state)
{
	struct iou ring;

	(void)state;
	assert_int_equal(linux_ring(&ring, 0), 0);
	if (iou_kernel_version(&ring) < IOU_KERNEL_VERSION(5, 19)) {
		iou_queue_exit(&ring);
		skip();
	}
	bad_buf_ring_addrs(&ring);
	iou_queue_exit(&ring);
}

static void buf_ring_bad_addr_sim(void **state)
{
	struct iou_sim *sim = iou_sim_new(NULL);
	struct iou ring;

	(void)state;
	assert_non_null(sim);
	assert_int_equal(iou_queue_init_sim(8, &ring, 0, sim), 0);
	bad_buf_ring_addrs(&ring);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* A WRITE from an unmapped page, then a NOP: both submitted, the WRITE
 * -EFAULT. A WRITEV whose iovec array is unmapped, then a NOP: the batch
 * stops after the WRITEV (-EFAULT at prep), the NOP stays in the SQ. */
static void wild_buffers(struct iou *ring)
{
	void *const wild = (void *)0x1000;
	struct iou_cqe *cqe;
	int p[2], res[2], n = 0;

	assert_int_equal(iou_sys_pipe(ring, p), 0);
	iou_prep_write(iou_get_sqe(ring), p[1], wild, 8, 0);
	iou_prep_nop(iou_get_sqe(ring));
	assert_int_equal(iou_submit_and_wait(ring, 2), 2);
	while (n < 2) { /* a wait may return early (the sim: a choice) */
		int r = iou_wait_cqe(ring, &cqe);

		if (r == -EINTR)
			continue;
		assert_int_equal(r, 0);
		res[n++] = cqe->res;
		iou_cqe_seen(ring, cqe);
	}
	assert_int_equal(n, 2);
	assert_true((res[0] == -EFAULT && res[1] == 0) ||
		    (res[0] == 0 && res[1] == -EFAULT));
	iou_prep_writev(iou_get_sqe(ring), p[1], wild, 1, 0);
	iou_prep_nop(iou_get_sqe(ring));
	assert_int_equal(iou_submit(ring), 1);
	while ((n = iou_wait_cqe(ring, &cqe)) == -EINTR)
		;
	assert_int_equal(n, 0);
	assert_int_equal(cqe->res, -EFAULT);
	iou_cqe_seen(ring, cqe);
	assert_int_equal(iou_submit(ring), 1); /* the NOP */
	while ((n = iou_wait_cqe(ring, &cqe)) == -EINTR)
		;
	assert_int_equal(n, 0);
	assert_int_equal(cqe->res, 0);
	iou_cqe_seen(ring, cqe);
	iou_sys_close(ring, p[0]);
	iou_sys_close(ring, p[1]);
}

static void wild_buffer_at_issue_linux(void **state)
{
	struct iou ring;

	(void)state;
	assert_int_equal(linux_ring(&ring, 0), 0);
	wild_buffers(&ring);
	iou_queue_exit(&ring);
}

static void wild_buffer_at_issue_sim(void **state)
{
	struct iou_sim_opts o = { .flags = IOU_SIM_CHECK_POINTERS };
	struct iou_sim *sim = iou_sim_new(&o);
	struct iou ring;

	(void)state;
	assert_non_null(sim);
	assert_int_equal(iou_queue_init_sim(8, &ring, 0, sim), 0);
	wild_buffers(&ring);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

static void stdio_on_sim(void **state)
{
	struct iou_sim_opts o = { .tape = (const uint8_t *)"" };
	struct iou_sim *sim = iou_sim_new(&o);
	struct iou_params p;
	struct iou ring, r2;
	struct iou_cqe *cqe;
	struct stat st;
	char buf[4];
	int one = 1;

	(void)state;
	assert_non_null(sim);
	assert_int_equal(iou_sim_set_fd_first(sim, 512), 0);
	assert_int_equal(iou_queue_init_sim(8, &ring, 0, sim), 0);
	iou_prep_write(iou_get_sqe(&ring), 1, "", 0, 0);
	assert_int_equal(iou_submit_and_wait(&ring, 1), 1);
	assert_int_equal(iou_wait_cqe(&ring, &cqe), 0);
	assert_int_equal(cqe->res, 0);
	iou_cqe_seen(&ring, cqe);
	iou_prep_read(iou_get_sqe(&ring), 0, buf, sizeof(buf), 0);
	assert_int_equal(iou_submit_and_wait(&ring, 1), 1);
	assert_int_equal(iou_wait_cqe(&ring, &cqe), 0);
	assert_int_equal(cqe->res, 0); /* the host's stdin is not read */
	iou_cqe_seen(&ring, cqe);
	assert_int_equal(iou_sys_fstat(&ring, 2, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	assert_int_equal(iou_register_files(&ring, &one, 1), 0);
	memset(&p, 0, sizeof(p));
	p.flags = IOU_SETUP_ATTACH_WQ;
	p.wq_fd = 2;
	assert_int_equal(iou_queue_init_sim_params(1, &r2, &p, sim), -EINVAL);
	assert_int_equal(iou_sim_set_fd_first(sim, 512), -EBUSY);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(single_issuer_handoff_linux),
		cmocka_unit_test(single_issuer_handoff_sim),
		cmocka_unit_test(skip_cqe_link_fail_linux),
		cmocka_unit_test(skip_cqe_link_fail_sim),
		cmocka_unit_test(buf_ring_bad_addr_linux),
		cmocka_unit_test(buf_ring_bad_addr_sim),
		cmocka_unit_test(wild_buffer_at_issue_linux),
		cmocka_unit_test(wild_buffer_at_issue_sim),
		cmocka_unit_test(stdio_on_sim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

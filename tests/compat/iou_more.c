/* iou_more.c — the calls iou gained for liburing parity (api/iou.h, "Raw
 * calls and further registrations"), through iou's own API, on the kernel
 * and on the sim. Where the sim does not model a registration it answers
 * as a kernel without it (-EINVAL); each such answer is asserted here so
 * that a change shows. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "iou.h"
#include "iou_sim.h"

struct fix {
	struct iou ring;
	struct iou_sim *sim; /* NULL: the kernel */
};

static int setup_linux(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));
	int ret = iou_queue_init(8, &f->ring, 0);

	if (ret == -ENOSYS || ret == -EPERM) {
		free(f);
		return -1; /* cmocka reports the group as failed: never here */
	}
	*state = f;
	return ret;
}

static int setup_sim(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	f->sim = iou_sim_new(NULL);
	if (!f->sim || iou_queue_init_sim(8, &f->ring, 0, f->sim))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fix *f = *state;

	iou_queue_exit(&f->ring);
	if (f->sim)
		iou_sim_free(f->sim);
	free(f);
	return 0;
}

static void raw_enter(void **state)
{
	struct fix *f = *state;
	struct iou_cqe *cqe;

	iou_prep_nop(iou_get_sqe(&f->ring));
	iou_sqe_set_data64(f->ring.sq.sqes, 0); /* slot 0 */
	/* publish by hand, then enter raw */
	__atomic_store_n(f->ring.sq.ktail, f->ring.sq.sqe_tail,
			 __ATOMIC_RELEASE);
	f->ring.sq.sqe_head = f->ring.sq.sqe_tail;
	assert_int_equal(iou_enter(&f->ring, 1, 1, IOU_ENTER_GETEVENTS, NULL,
				   0), 1);
	while (iou_peek_cqe(&f->ring, &cqe) == -EAGAIN)
		assert_true(iou_get_events(&f->ring) >= 0);
	assert_int_equal(cqe->res, 0);
	iou_cqe_seen(&f->ring, cqe);
	assert_int_equal(iou_enter(NULL, 0, 0, 0, NULL, 0), -EINVAL);
	assert_int_equal(iou_sqring_wait(&f->ring), 0); /* not SQPOLL */
}

static void probe(void **state)
{
	struct fix *f = *state;
	size_t sz = sizeof(struct iou_probe) + 256 * sizeof(struct iou_probe_op);
	struct iou_probe *p = calloc(1, sz);

	assert_int_equal(iou_register_probe(&f->ring, p, 256), 0);
	assert_true(iou_opcode_supported(p, IOU_OP_NOP));
	free(p);
}

static void files_and_ranges(void **state)
{
	struct fix *f = *state;
	uint64_t tags[2] = { 1, 2 };
	int fds[2] = { -1, -1 };

	/* No table: as a table of 0 slots (6.18). */
	assert_int_equal(iou_register_file_alloc_range(&f->ring, 0, 1), -EINVAL);
	assert_int_equal(iou_register_file_alloc_range(&f->ring, 0, 0), 0);
	/* A tag on an empty slot is refused. */
	assert_int_equal(iou_register_files_tags(&f->ring, fds, tags, 2),
			 -EINVAL);
	assert_int_equal(iou_register_files_tags(&f->ring, fds, NULL, 2), 0);
	assert_int_equal(iou_register_file_alloc_range(&f->ring, 1, 1), 0);
	assert_int_equal(iou_register_file_alloc_range(&f->ring, 1, 2), -EINVAL);
	assert_int_equal(iou_register_file_alloc_range(&f->ring, 2, 0), 0);
	assert_int_equal(iou_register_file_alloc_range(&f->ring, 1, ~0U),
			 -EOVERFLOW);
	tags[0] = 0;
	assert_int_equal(iou_register_files_update_tag(&f->ring, 0, fds, tags,
						       1), 1);
	assert_int_equal(iou_unregister_files(&f->ring), 0);
}

static void buffers_tags(void **state)
{
	struct fix *f = *state;
	static char b[2][32];
	struct iovec iov[2] = { { b[0], 32 }, { b[1], 32 } };
	uint64_t tags[2] = { 0, 0 };

	assert_int_equal(iou_register_buffers_tags(&f->ring, iov, tags, 2), 0);
	assert_int_equal(iou_register_buffers_update_tag(&f->ring, 1, iov, tags,
							 1), 1);
	assert_int_equal(iou_unregister_buffers(&f->ring), 0);
}

static void buf_ring_head(void **state)
{
	struct fix *f = *state;
	struct iou_buf_ring *br;
	uint16_t head = 7;
	int err;

	br = iou_setup_buf_ring(&f->ring, 8, 3, 0, &err);
	assert_non_null(br);
	assert_int_equal(iou_buf_ring_head(&f->ring, 3, &head), 0);
	assert_int_equal(head, 0);
	assert_int_equal(iou_buf_ring_head(&f->ring, 4, &head), -ENOENT);
	assert_int_equal(iou_free_buf_ring(&f->ring, br, 8, 3), 0);
}

/* The kernel has these; the sim answers as a kernel without them. */
static void kernel_only_linux(void **state)
{
	struct fix *f = *state;
	unsigned vals[2] = { 0, 0 };
	int id = iou_register_personality(&f->ring);

	assert_true(id > 0);
	assert_int_equal(iou_unregister_personality(&f->ring, id), 0);
	assert_int_equal(iou_register_iowq_max_workers(&f->ring, vals), 0);
	assert_true(vals[0] > 0);
	assert_int_equal(iou_register_clock(&f->ring, CLOCK_BOOTTIME), 0);
}

static void kernel_only_sim(void **state)
{
	struct fix *f = *state;
	unsigned vals[2] = { 0, 0 };
	struct iou_params p;
	struct iou r2;
	char *buf;

	assert_int_equal(iou_register_personality(&f->ring), -EINVAL);
	assert_int_equal(iou_register_iowq_max_workers(&f->ring, vals), -EINVAL);
	assert_int_equal(iou_register_clock(&f->ring, CLOCK_BOOTTIME), -EINVAL);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 16;
	assert_int_equal(iou_resize_rings(&f->ring, &p), -EINVAL);
	assert_int_equal(iou_close_ring_fd(&f->ring), -EINVAL); /* not reg'd */
	/* Rings in caller memory are refused at setup (wide entries are
	 * driven: conformance wide_rings_*). */
	buf = mmap(NULL, 65536, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(buf != MAP_FAILED);
	memset(&p, 0, sizeof(p));
	p.flags = IOU_SETUP_NO_MMAP;
	p.sq_off.user_addr = (uint64_t)(uintptr_t)buf;
	p.cq_off.user_addr = (uint64_t)(uintptr_t)buf + 16384;
	assert_int_equal(iou_queue_init_sim_params(4, &r2, &p, f->sim),
			 -EINVAL);
	munmap(buf, 65536);
}

/* R_DISABLED on the sim: submit fails until enabled. */
static void enable_sim(void **state)
{
	struct fix *f = *state;
	struct iou r2;
	struct iou_cqe *cqe;

	assert_int_equal(iou_queue_init_sim(4, &r2, IOU_SETUP_R_DISABLED,
					    f->sim), 0);
	iou_prep_nop(iou_get_sqe(&r2));
	assert_int_equal(iou_submit(&r2), -EBADFD);
	assert_int_equal(iou_enable_rings(&r2), 0);
	assert_int_equal(iou_submit(&r2), 1);
	while (iou_wait_cqe(&r2, &cqe) == -EINTR)
		;
	assert_int_equal(cqe->res, 0);
	iou_cqe_seen(&r2, cqe);
	iou_queue_exit(&r2);
}

/* Rings in the caller's memory, and resizing, on the kernel. */
static void mem_and_resize_linux(void **state)
{
	struct iou_params p;
	struct iou r2;
	struct iou_cqe *cqe;
	size_t len = 65536;
	char *buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ret;

	(void)state;
	assert_true(buf != MAP_FAILED);
	memset(&p, 0, sizeof(p));
	ret = iou_queue_init_mem(8, &r2, &p, buf, len);
	if (ret != -EINVAL) { /* 6.5+ */
		assert_true(ret > 0);
		assert_ptr_equal(r2.sq.sqes, buf);
		iou_prep_nop(iou_get_sqe(&r2));
		assert_int_equal(iou_submit_and_wait(&r2, 1), 1);
		assert_int_equal(iou_peek_cqe(&r2, &cqe), 0);
		iou_cqe_seen(&r2, cqe);
		iou_queue_exit(&r2);
	}
	munmap(buf, len);

	assert_int_equal(iou_queue_init(4, &r2, IOU_SETUP_SINGLE_ISSUER |
					IOU_SETUP_DEFER_TASKRUN), 0);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 32;
	ret = iou_resize_rings(&r2, &p);
	if (ret != -EINVAL) { /* 6.13+ */
		assert_int_equal(ret, 0);
		assert_int_equal(iou_sq_entries(&r2), 32);
		assert_int_equal(iou_cq_entries(&r2), 64);
		for (int i = 0; i < 20; i++)
			iou_prep_nop(iou_get_sqe(&r2));
		assert_int_equal(iou_submit_and_wait(&r2, 20), 20);
		assert_int_equal(iou_cq_ready(&r2), 20);
		iou_cq_advance(&r2, 20);
	}
	iou_queue_exit(&r2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(raw_enter, setup_linux, teardown),
		cmocka_unit_test_setup_teardown(raw_enter, setup_sim, teardown),
		cmocka_unit_test_setup_teardown(probe, setup_linux, teardown),
		cmocka_unit_test_setup_teardown(probe, setup_sim, teardown),
		cmocka_unit_test_setup_teardown(files_and_ranges, setup_linux,
						teardown),
		cmocka_unit_test_setup_teardown(files_and_ranges, setup_sim,
						teardown),
		cmocka_unit_test_setup_teardown(buffers_tags, setup_linux,
						teardown),
		cmocka_unit_test_setup_teardown(buffers_tags, setup_sim, teardown),
		cmocka_unit_test_setup_teardown(buf_ring_head, setup_linux,
						teardown),
		cmocka_unit_test_setup_teardown(buf_ring_head, setup_sim, teardown),
		cmocka_unit_test_setup_teardown(kernel_only_linux, setup_linux,
						teardown),
		cmocka_unit_test_setup_teardown(kernel_only_sim, setup_sim,
						teardown),
		cmocka_unit_test_setup_teardown(enable_sim, setup_sim, teardown),
		cmocka_unit_test(mem_and_resize_linux),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* lu_sim.c — liburing's API on the sim: a liburing ring set up on a given
 * sim (as IOU_BACKEND=sim will do for a whole program) behaves as on the
 * kernel, including the raw fd-based calls on its virtual fd, and runs
 * under the explorer on every profile. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "liburing_int.h"
#include "iou_sim.h"
#include "lu_reap.h"

/* A liburing program's core, as a scenario: nops (user_data set before the
 * prep), a pipe write and read linked, a failing CQE_SKIP link (one CQE),
 * the raw register and enter on the ring's virtual fd. */
static int program(struct iou_sim *sim, void *arg)
{
	struct io_uring_params p;
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_probe *probe;
	char buf[4] = { 0 };
	int fds[2], res, seen = 0, i;
	__u64 ud;

	(void)arg;
	memset(&p, 0, sizeof(p));
	if (iou__liburing_queue_init_sim(6, &ring, &p, sim)) /* rounded: 8 */
		return 1;
	if (ring.sq.ring_entries != 8 ||
	    strcmp(iou_backend_name(iou_liburing_ring(&ring)), "sim"))
		return 2;

	sqe = io_uring_get_sqe(&ring);
	sqe->user_data = 5;
	io_uring_prep_nop(sqe);
	if (io_uring_submit(&ring) != 1 || reap(&ring, &res, &ud) || ud != 5)
		return 3;

	if (iou_sys_pipe(iou_liburing_ring(&ring), fds))
		return 4;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_write(sqe, fds[1], "abc", 3, 0);
	sqe->flags |= IOSQE_IO_LINK;
	sqe->user_data = 1;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_read(sqe, fds[0], buf, 3, 0);
	sqe->user_data = 2;
	if (io_uring_submit(&ring) != 2)
		return 5;
	for (i = 0; i < 2; i++) {
		if (reap(&ring, &res, &ud))
			return 6;
		/* the sim may make the read short: a kernel may too */
		if ((ud == 1 && res != 3) || (ud == 2 && (res < 1 || res > 3)))
			return 7;
	}
	if (buf[0] != 'a')
		return 8;

	if (ring.features & IORING_FEAT_CQE_SKIP) {
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_write(sqe, fds[1], NULL, 10, 0); /* -EFAULT */
		sqe->flags |= IOSQE_IO_LINK | IOSQE_CQE_SKIP_SUCCESS;
		sqe->user_data = 10;
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_nop(sqe);
		sqe->user_data = 11;
		if (io_uring_submit(&ring) != 2 || reap(&ring, &res, &ud) ||
		    ud != 10 || res >= 0)
			return 9;
		io_uring_get_events(&ring);
		while (io_uring_cq_ready(&ring)) {
			io_uring_cq_advance(&ring, 1);
			seen++;
		}
		if (seen)
			return 10;
	}

	/* The raw calls on the ring's virtual fd reach the sim. */
	probe = io_uring_get_probe_ring(&ring);
	if (!probe || !io_uring_opcode_supported(probe, IORING_OP_NOP))
		return 11;
	io_uring_free_probe(probe);
	{
		/* the probe must come zeroed, as the kernel wants it */
		static union {
			struct io_uring_probe p;
			char room[sizeof(struct io_uring_probe) +
				  64 * sizeof(struct io_uring_probe_op)];
		} raw;

		memset(&raw, 0, sizeof(raw));
		if (io_uring_register(ring.ring_fd, IORING_REGISTER_PROBE,
				      &raw.p, 64) != 0 ||
		    !io_uring_opcode_supported(&raw.p, IORING_OP_READ))
			return 12;
	}
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	__io_uring_flush_sq(&ring);
	if (io_uring_enter(ring.ring_fd, 1, 0, 0, NULL) != 1)
		return 13;
	if (reap(&ring, &res, &ud) || res)
		return 14;

	iou_sys_close(iou_liburing_ring(&ring), fds[0]);
	iou_sys_close(iou_liburing_ring(&ring), fds[1]);
	io_uring_queue_exit(&ring);
	return 0;
}

static void canonical(void **state)
{
	struct iou_sim_opts o;
	struct iou_sim *sim;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.tape = (const uint8_t *)"";
	sim = iou_sim_new(&o);
	assert_non_null(sim);
	assert_int_equal(program(sim, NULL), 0);
	iou_sim_free(sim);
}

static void explored(void **state)
{
	struct iou_explore_opts o;
	struct iou_explore_result res;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.sim.kernel_min = IOU_KERNEL_VERSION(5, 19);
	o.sim.kernel_max = IOU_KERNEL_NEWEST;
	o.max_runs = 2000;
	iou_explore(&o, program, NULL, &res);
	if (res.failed)
		print_error("replay: %s\n", res.replay);
	assert_false(res.failed);
	print_message("%llu runs\n", (unsigned long long)res.runs);
}

/* What the sim refuses through the liburing API. */
static void refused(void **state)
{
	struct io_uring_params p;
	struct io_uring ring;
	struct iou_sim_opts o = { .kernel_min = IOU_KERNEL_VERSION(5, 15) };
	struct iou_sim *sim = iou_sim_new(&o);

	(void)state;
	/* wide entries from 5.19 */
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQE128;
	assert_int_equal(iou__liburing_queue_init_sim(4, &ring, &p, sim),
			 -EINVAL);
	iou_sim_free(sim);
	sim = iou_sim_new(NULL);
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQE128 | IORING_SETUP_CQE32;
	assert_int_equal(iou__liburing_queue_init_sim(4, &ring, &p, sim), 0);
	io_uring_queue_exit(&ring);
	memset(&p, 0, sizeof(p));
	assert_int_equal(iou__liburing_queue_init_sim(4, &ring, &p, sim), 0);
	assert_int_equal(io_uring_register_personality(&ring), -EINVAL);
	assert_int_equal(io_uring_close_ring_fd(&ring), -EINVAL);
	io_uring_queue_exit(&ring);
	iou_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonical),
		cmocka_unit_test(explored),
		cmocka_unit_test(refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

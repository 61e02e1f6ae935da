/* sim_vs_linux.c — differential test: the same random programs of SQEs
 * (file ops, path ops, timers, cancel, buffers, garbage fields and flags)
 * run on this machine's kernel and on the sim's newest profile with the
 * canonical tape, one SQE at a time; every result must agree (fds compared
 * as "an fd", bytes read compared byte for byte). Skipped when io_uring is
 * not available. IOU_SIM_DIFF_SEEDS sets the number of programs. */
#include "simtest.h"
#include "diff_prog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ftw.h>

static void test_sim_agrees_with_linux(void **state)
{
	const char *e = getenv("IOU_SIM_DIFF_SEEDS");
	unsigned seeds = e ? (unsigned)strtoul(e, NULL, 10) : 300;
	char tmpl[] = "/tmp/iou-diff-XXXXXX";
	struct iou probe;
	int mismatches = 0;

	if (iou_queue_init(4, &probe, 0)) {
		skip();
		return;
	}
	iou_queue_exit(&probe);
	if (!mkdtemp(tmpl))
		fail_msg("mkdtemp");
	rmdir(tmpl);
	snprintf(diff_base, sizeof(diff_base), "%s", tmpl);
	for (unsigned seed = 0; seed < seeds; seed++) {
		struct world *lw = calloc(1, sizeof(*lw));
		struct world *sw = calloc(1, sizeof(*sw));
		struct out *lo = calloc(1, sizeof(*lo));
		struct out *so = calloc(1, sizeof(*so));
		struct gen g = { .s = seed };
		int nh = 0;

		assert_true(lw && sw && lo && so);
		assert_int_equal(mkdir(diff_base, 0755), 0);
		assert_int_equal(diff_world_init(lw, 0), 0);
		assert_int_equal(diff_world_init(sw, 1), 0);
		for (int i = 0; i < STEPS; i++) {
			struct step st;
			int same;

			diff_gen_step(&g, &st, &nh);
			if (getenv("IOU_SIM_DIFF_VERBOSE"))
				diff_describe(&st, i);
			assert_int_equal(diff_run_step(lw, &st, lo), 0);
			assert_int_equal(diff_run_step(sw, &st, so), 0);
			same = diff_same(&st, lo, so);
			if (!same) {
				diff_describe(&st, i);
				fprintf(stderr, "seed %u: linux res %d flags %x"
					" size %llu res2 %d | sim res %d flags %x "
					"size %llu res2 %d (link %x)\n", seed,
					lo->res, lo->flags,
					(unsigned long long)lo->size, lo->res2,
					so->res, so->flags,
					(unsigned long long)so->size, so->res2,
					st.link);
				mismatches++;
				break;
			}
		}
		diff_world_fini(lw);
		diff_world_fini(sw);
		diff_remove_base();
		free(lw);
		free(sw);
		free(lo);
		free(so);
		if (mismatches >= 10)
			break;
	}
	assert_int_equal(mismatches, 0);
}

/* io_uring_register calls, valid and not, in one sequence on both. */
static int reg_seq(struct iou *ring, int file_fd, int *out, int nout)
{
	static char mem[3][4096] __attribute__((aligned(4096)));
	static struct iou_buf_ring *br;
	struct iovec iov[2] = { { mem[0], 4096 }, { mem[1], 100 } };
	struct iovec bad[1] = { { NULL, 10 } };
	int files[3] = { file_fd, -1, file_fd };
	int rfd = iou_ring_fd(ring), n = 0;
	struct iou_buf_reg reg;

	if (!br)
		br = (struct iou_buf_ring *)(void *)mem[2];
#define R(call) do { if (n < nout) out[n++] = (call); } while (0)
	R(iou_register_buffers(ring, iov, 0));
	R(iou_register_buffers(ring, bad, 1));
	R(iou_register_buffers(ring, iov, 2));
	R(iou_register_buffers(ring, iov, 2));
	R(iou_unregister_buffers(ring));
	R(iou_unregister_buffers(ring));
	R(iou_register_buffers_sparse(ring, 4));
	R(iou_unregister_buffers(ring));
	R(iou_unregister_files(ring));
	R(iou_register_files(ring, files, 0));
	R(iou_register_files(ring, &rfd, 1));
	R(iou_register_files(ring, files, 3));
	R(iou_register_files(ring, files, 3));
	R(iou_register_files_update(ring, 1, files, 1));
	R(iou_register_files_update(ring, 2, files, 2));
	R(iou_register_files_update(ring, 5, files, 1));
	R(iou_unregister_files(ring));
	R(iou_register_files_sparse(ring, 8));
	R(iou_register_files_update(ring, 7, files, 1));
	R(iou_unregister_files(ring));
	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (uint64_t)(uintptr_t)br;
	reg.ring_entries = 3;
	reg.bgid = 9;
	R(iou_register_buf_ring(ring, &reg, 0));
	reg.ring_entries = 8;
	reg.ring_addr += 8;
	R(iou_register_buf_ring(ring, &reg, 0));
	reg.ring_addr -= 8;
	R(iou_register_buf_ring(ring, &reg, 0));
	R(iou_register_buf_ring(ring, &reg, 0));
	R(iou_unregister_buf_ring(ring, 9));
	R(iou_unregister_buf_ring(ring, 9));
	R(iou_register(ring, 200, NULL, 0));
	R(iou_ring_opcode_supported(ring, IOU_OP_READ));
	R(iou_ring_opcode_supported(ring, IOU_OP_LINKAT));
	R(iou_unregister_eventfd(ring));
#undef R
	return n;
}

static void test_register_agrees_with_linux(void **state)
{
	struct iou lring, sring;
	struct iou_sim *sim;
	static const uint8_t none[1];
	struct iou_sim_opts o;
	int lo[64], so[64], ln, sn, lfd, sfd;

	if (iou_queue_init(4, &lring, 0)) {
		skip();
		return;
	}
	memset(&o, 0, sizeof(o));
	o.tape = none;
	sim = iou_sim_new(&o);
	assert_int_equal(iou_queue_init_sim(4, &sring, 0, sim), 0);
	lfd = iou_sys_open(&lring, "/tmp", O_RDONLY | O_DIRECTORY, 0);
	sfd = iou_sys_open(&sring, "/tmp", O_RDONLY | O_DIRECTORY, 0);
	assert_true(lfd >= 0 && sfd >= 0);
	ln = reg_seq(&lring, lfd, lo, 64);
	sn = reg_seq(&sring, sfd, so, 64);
	assert_int_equal(ln, sn);
	for (int i = 0; i < ln; i++) {
		if (lo[i] != so[i])
			fprintf(stderr, "register step %d: linux %d sim %d\n",
				i, lo[i], so[i]);
	}
	for (int i = 0; i < ln; i++)
		assert_int_equal(lo[i], so[i]);
	iou_sys_close(&lring, lfd);
	iou_sys_close(&sring, sfd);
	iou_queue_exit(&lring);
	iou_queue_exit(&sring);
	iou_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_agrees_with_linux),
		cmocka_unit_test(test_register_agrees_with_linux),
	};

	return cmocka_run_group_tests_name("sim.vs_linux", tests, NULL, NULL);
}

/* sim_badinput.c — garbage in, no crash: random SQEs (every opcode, flag
 * and field, invalid ones included), random enters and registrations on
 * sim rings, over many seeds, under the sanitizers. Invariants: CQ
 * accounting holds, no CQE for a user_data never submitted, nothing after
 * a CQE without F_MORE for that user_data.
 *
 * The sim trusts non-NULL user pointers as process memory (as the kernel
 * would after copy_from_user checks it cannot make on host pointers), so
 * pointer fields here point into an arena laid out so any length the
 * generator uses stays inside it; everything else is garbage. */
#include "simtest.h"
#include "backend.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#define REGION 16384U
enum { R_DATA, R_IOV, R_TS, R_PATH, R_HOW, R_ZERO, R_NREG };

struct arena {
	uint8_t mem[R_NREG][REGION];
	struct iou_buf_ring *br;
};

struct gen {
	uint64_t s;
};

static uint64_t rnd(struct gen *g)
{
	uint64_t z = (g->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t pick(struct gen *g, const uint64_t *v, size_t n)
{
	return v[rnd(g) % n];
}

static void arena_init(struct arena *a)
{
	struct iovec *iov = (struct iovec *)(void *)a->mem[R_IOV];
	struct iou_timespec *ts = (struct iou_timespec *)(void *)a->mem[R_TS];
	uint64_t *how = (uint64_t *)(void *)a->mem[R_HOW];

	memset(a->mem[R_IOV], 0, REGION);
	for (unsigned i = 0; i < 1024; i++) {
		iov[i].iov_base = a->mem[R_DATA] + (i % 64) * 64;
		iov[i].iov_len = 8;
	}
	memset(a->mem[R_TS], 0, REGION);
	ts->tv_sec = 0;
	ts->tv_nsec = 1000;
	memset(a->mem[R_PATH], 0, REGION);
	strcpy((char *)a->mem[R_PATH], "/tmp/x");
	strcpy((char *)a->mem[R_PATH] + 64, "/tmp/y");
	memset(a->mem[R_HOW], 0, REGION);
	how[0] = 0x42; /* O_CREAT | O_RDWR */
	how[1] = 0644;
	memset(a->mem[R_ZERO], 0, REGION);
}

/* A pointer for a field: NULL or the start of a region other than the
 * iovec one (which only READV/WRITEV point at). */
static uint64_t ptr(struct gen *g, struct arena *a)
{
	static const int regs[] = { R_DATA, R_TS, R_PATH, R_HOW, R_ZERO };
	uint64_t r = rnd(g) % 7;

	if (r >= 5)
		return 0;
	return (uint64_t)(uintptr_t)a->mem[regs[r]] +
	       (regs[r] == R_PATH && (rnd(g) & 1) ? 64 : 0);
}

static void gen_sqe(struct gen *g, struct arena *a, struct iou_sqe *sqe,
		    uint64_t ud)
{
	static const uint64_t lens[] = { 0, 1, 2, 8, 16, 64, 100, 4096,
					 24, 3 };
	static const uint64_t fds[] = { (uint64_t)-1, 0, 3, 4, 5, 6, 7, 8,
					100, (uint64_t)-100, 1, 2 };
	static const uint64_t offs[] = { 0, (uint64_t)-1, 1, 7, 4096,
					 1ULL << 62, 3 };
	uint8_t *raw = (uint8_t *)sqe;

	for (size_t i = 0; i < sizeof(*sqe); i++)
		raw[i] = (uint8_t)rnd(g);
	sqe->opcode = (uint8_t)(rnd(g) % 4 ? rnd(g) % 66 : rnd(g));
	sqe->flags = (uint8_t)(rnd(g) % 3 ? rnd(g) & 0x7f & ~0x20 : rnd(g));
	if (rnd(g) % 2)
		sqe->ioprio = 0;
	sqe->fd = (int32_t)pick(g, fds, sizeof(fds) / sizeof(fds[0]));
	sqe->off = rnd(g) % 2 ? ptr(g, a)
			      : pick(g, offs, sizeof(offs) / sizeof(offs[0]));
	sqe->addr = ptr(g, a);
	sqe->len = (uint32_t)pick(g, lens, sizeof(lens) / sizeof(lens[0]));
	if (rnd(g) % 2)
		sqe->rw_flags = 0;
	sqe->user_data = ud;
	if (rnd(g) % 2)
		sqe->buf_index = (uint16_t)(rnd(g) % 4);
	if (rnd(g) % 2)
		sqe->personality = 0;
	if (rnd(g) % 2)
		sqe->splice_fd_in = (int32_t)pick(g, fds, 8);
	sqe->addr3 = ptr(g, a);
	if (rnd(g) % 2)
		sqe->__pad2[0] = 0;
	switch (sqe->opcode) {
	case IOU_OP_READV:
	case IOU_OP_WRITEV:
		if (sqe->addr)
			sqe->addr = (uint64_t)(uintptr_t)a->mem[R_IOV];
		sqe->len %= 1025;
		break;
	case IOU_OP_PROVIDE_BUFFERS:
		/* the buffers, len * count, must lie in the data region */
		if (sqe->addr)
			sqe->addr = (uint64_t)(uintptr_t)a->mem[R_DATA];
		if (sqe->len > 1024)
			sqe->len = 1024;
		if (sqe->fd > 8)
			sqe->fd = 8;
		break;
	case IOU_OP_OPENAT2:
	case IOU_OP_STATX:
	case IOU_OP_RENAMEAT:
	case IOU_OP_SYMLINKAT:
	case IOU_OP_LINKAT:
	case IOU_OP_TIMEOUT_REMOVE:
	case IOU_OP_FSETXATTR:
	case IOU_OP_SETXATTR:
	case IOU_OP_FGETXATTR:
	case IOU_OP_GETXATTR:
		sqe->off = ptr(g, a); /* addr2 is a pointer for these */
		break;
	case IOU_OP_FUTEX_WAITV:
		/* the vector holds pointers too: a zeroed one faults cleanly */
		if (sqe->addr)
			sqe->addr = (uint64_t)(uintptr_t)a->mem[R_ZERO];
		break;
	case IOU_OP_EPOLL_WAIT:
		sqe->len %= 1024; /* events fit in the region */
		break;
	case IOU_OP_READ_FIXED:
	case IOU_OP_WRITE_FIXED:
		if (rnd(g) % 2)
			sqe->addr = (uint64_t)(uintptr_t)a->mem[R_DATA];
		break;
	default:
		break;
	}
}

static void gen_register(struct gen *g, struct arena *a, struct iou *ring)
{
	unsigned op = (unsigned)(rnd(g) % 30);
	unsigned nr = (unsigned)(rnd(g) % 6);
	uint8_t *z = a->mem[R_ZERO];
	void *arg = rnd(g) % 4 ? z : NULL;

	memset(z, 0, REGION);
	switch (op) {
	case IOU_REGISTER_BUFFERS: {
		struct iovec *iov = (struct iovec *)(void *)z;

		for (unsigned i = 0; i < nr; i++) {
			iov[i].iov_base = a->mem[R_DATA] + i * 1024;
			iov[i].iov_len = 1024;
		}
		break;
	}
	case IOU_REGISTER_FILES:
	case IOU_REGISTER_EVENTFD:
	case IOU_REGISTER_EVENTFD_ASYNC: {
		int32_t *f = (int32_t *)(void *)z;

		for (unsigned i = 0; i < nr; i++)
			f[i] = (int32_t)(rnd(g) % 10) - 1;
		break;
	}
	case IOU_REGISTER_FILES_UPDATE: {
		struct iou_files_update *up = (struct iou_files_update *)(void *)z;
		int32_t *f = (int32_t *)(void *)(z + 64);

		up->offset = (uint32_t)(rnd(g) % 8);
		up->fds = rnd(g) % 4 ? (uint64_t)(uintptr_t)f : 0;
		for (unsigned i = 0; i < nr; i++)
			f[i] = (int32_t)(rnd(g) % 10) - 2;
		break;
	}
	case IOU_REGISTER_PROBE:
		nr = (unsigned)(rnd(g) % 300);
		break;
	case IOU_REGISTER_FILES2:
	case IOU_REGISTER_BUFFERS2: {
		struct iou_rsrc_register *rr = (struct iou_rsrc_register *)(void *)z;

		rr->nr = (uint32_t)(rnd(g) % 8);
		rr->flags = (uint32_t)(rnd(g) % 3);
		nr = rnd(g) % 2 ? sizeof(*rr) : nr;
		break;
	}
	case IOU_REGISTER_PBUF_RING:
	case IOU_UNREGISTER_PBUF_RING: {
		struct iou_buf_reg *reg = (struct iou_buf_reg *)(void *)z;

		reg->ring_addr = rnd(g) % 4 ? (uint64_t)(uintptr_t)a->br : 0;
		reg->ring_entries = (uint32_t)(1U << (rnd(g) % 4));
		reg->bgid = (uint16_t)(rnd(g) % 4);
		reg->flags = (uint16_t)(rnd(g) % 8 ? 0 : 1);
		nr = rnd(g) % 4 ? 1 : nr;
		break;
	}
	case IOU_REGISTER_RING_FDS:
	case IOU_UNREGISTER_RING_FDS: {
		struct iou_rsrc_update *up = (struct iou_rsrc_update *)(void *)z;

		for (unsigned i = 0; i < nr; i++) {
			up[i].offset = rnd(g) % 2 ? UINT32_MAX
						  : (uint32_t)(rnd(g) % 20);
			up[i].data = (uint64_t)(rnd(g) % 8);
		}
		break;
	}
	default:
		break;
	}
	(void)iou_register(ring, op, arg, nr);
}

struct seen {
	uint64_t next_ud;
	uint8_t *done; /* per ud: 1 = a final CQE came */
	size_t cap;
};

#define UD_BASE 0x5a00000000ULL

static void check_cqes(struct iou *ring, struct seen *s)
{
	struct iou_cqe c[64];
	int n;

	assert_true(iou_cq_ready(ring) <= ring->cq.ring_entries);
	while ((n = iou_copy_cqes(ring, c, 64, 0)) > 0) {
		for (int i = 0; i < n; i++) {
			uint64_t ud = c[i].user_data;

			assert_true(ud >= UD_BASE && ud < UD_BASE + s->next_ud);
			assert_false(s->done[ud - UD_BASE]);
			if (!(c[i].flags & IOU_CQE_F_MORE))
				s->done[ud - UD_BASE] = 1;
		}
	}
}

static void one_run(uint64_t seed, uint32_t kernel, unsigned faults)
{
	struct gen g = { seed * 0x1234567ULL + 99 };
	struct iou_sim_opts o;
	struct arena *a = calloc(1, sizeof(*a));
	struct iou_sim *sim;
	struct seen s = { 0, NULL, 4096 };
	struct iou ring;
	int steps = (int)(rnd(&g) % 40) + 5;

	assert_non_null(a);
	s.done = calloc(s.cap, 1);
	a->br = aligned_alloc(4096, 4096);
	assert_non_null(a->br);
	memset(a->br, 0, 4096);
	memset(a->mem[R_DATA], 0x5a, REGION);
	arena_init(a);
	memset(&o, 0, sizeof(o));
	o.seed = seed;
	o.kernel_min = kernel;
	o.faults = faults;
	sim = iou_sim_new(&o);
	assert_non_null(sim);
	if (iou_queue_init_sim((unsigned)(1U << (rnd(&g) % 5)), &ring,
			       rnd(&g) % 3 ? 0 : IOU_SETUP_SUBMIT_ALL, sim)) {
		iou_sim_free(sim);
		goto out;
	}
	{
		int fds[2];
		int fd = iou_sys_open(&ring, "/tmp/x", 0x42, 0644);

		(void)iou_sys_write(&ring, fd, "some bytes", 10);
		(void)iou_sys_pipe(&ring, fds);
	}
	for (int step = 0; step < steps; step++) {
		uint64_t r = rnd(&g) % 10;

		arena_init(a);
		if (r < 6) {
			unsigned n = (unsigned)(rnd(&g) % 6) + 1;

			for (unsigned i = 0; i < n && s.next_ud < s.cap; i++) {
				struct iou_sqe *sqe = iou_get_sqe(&ring);

				if (!sqe)
					break;
				gen_sqe(&g, a, sqe, UD_BASE + s.next_ud++);
			}
			(void)iou_submit(&ring);
		} else if (r < 8) {
			struct iou_getevents_arg ga;
			unsigned flags = (unsigned)rnd(&g) & 0x3f;
			unsigned min = (unsigned)(rnd(&g) % 4);
			size_t argsz = rnd(&g) % 3 ? sizeof(ga) : 8;

			memset(&ga, 0, sizeof(ga));
			ga.ts = rnd(&g) % 2 ? (uint64_t)(uintptr_t)a->mem[R_TS]
					    : 0;
			/* an endless wait is a hang (-EDEADLK), not a test
			 * failure */
			(void)ring.backend->enter(&ring,
				(unsigned)(rnd(&g) % 3), min, flags,
				(flags & IOU_ENTER_EXT_ARG) ? (void *)&ga
							    : NULL,
				(flags & IOU_ENTER_EXT_ARG) ? argsz : 0);
		} else {
			gen_register(&g, a, &ring);
		}
		check_cqes(&ring, &s);
	}
	iou_queue_exit(&ring);
	iou_sim_free(sim);
out:
	free(s.done);
	free(a->br);
	free(a);
}

static void test_garbage_never_crashes(void **state)
{
	static const uint32_t ks[] = { 0, V(5, 4), V(5, 10), V(5, 15),
				       V(5, 19), V(6, 1), V(6, 6), V(6, 12) };

	for (uint64_t seed = 0; seed < 2000; seed++)
		one_run(seed, ks[seed % 8], seed % 5 ? 0 : IOU_FAULT_ALL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_garbage_never_crashes),
	};

	return cmocka_run_group_tests_name("sim.badinput", tests, NULL, NULL);
}

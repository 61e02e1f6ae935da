/* unit_sweep.c — the table-driven bad-input sweep, on both backends.
 *
 * Part 1, the API: every public function that takes a ring, called on a
 * NULL, zeroed, exited and garbage ring (and on the sim a ring whose sim
 * was freed) and on a live ring with each argument variant: nominal, zero
 * counts and NULL pointers, huge counts, negative values, foreign fds (not
 * the ring's: another sim's, or none at all). A call is clean when it
 * returns what the contract says: -EINVAL for a NULL ring, -EBADF for a
 * closed one (NULL / 0 / nothing for functions that return a pointer, a
 * count or void), and otherwise a value >= 0 or a negative errno.
 *
 * Part 2, SQEs: for every opcode (and a few past the last), SQEs with
 * random bits in every field, except that pointers point at zeroed scratch
 * memory, NULL or (on the kernel, and on the sim with
 * IOU_SIM_CHECK_POINTERS) an unmapped page, and fds are the test's own.
 * Every CQE must carry a result >= 0 or a negative errno.
 *
 * Each row runs in a child process, so a crash is counted, not fatal. The
 * result table (calls, clean, crashes) is printed; the test fails unless
 * every call was clean and nothing crashed. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "iou.h"
#include "iou_sim.h"

#define NV 5 /* argument variants on a live ring */

enum ret_kind { R_INT, R_PTR, R_UNS, R_VOID };
enum ring_state { RS_NULL, RS_ZERO, RS_EXITED, RS_GARBAGE, RS_ZOMBIE,
		  RS_LIVE, RS_N };

/* The environment of one call. */
struct env {
	struct iou *ring;
	int linux_be;
	int fd;              /* a regular file of this backend */
	int foreign_fd;      /* an fd that is not this ring's */
	char *buf;           /* 64 KiB of zeroed scratch */
	struct iovec iov[2];
	struct iou_buf_ring *br;
};

static long out_ret; /* what the call returned (R_INT, R_UNS) */
static void *out_ptr; /* (R_PTR) */

static const unsigned U[NV] = { 1, 0, UINT_MAX, UINT_MAX - 1, 4096 };
static const int I[NV] = { 3, 0, INT_MAX, -1, INT_MIN };

static void *P(struct env *e, int v)
{
	return (v == 1 || v == 3) ? NULL : e->buf;
}

static int FD(struct env *e, int v)
{
	static const int odd[NV] = { 0, -1, INT_MAX, -100, 0 };

	return v == 0 ? e->fd : v == 4 ? e->foreign_fd : odd[v];
}

/* ---- the API table ------------------------------------------------------ */

#define FN(name, kind, blocks, ...)                                            \
	static void call_##name(struct env *e, int v)                          \
	{                                                                      \
		struct iou *r = e->ring;                                       \
		(void)r;                                                       \
		(void)v;                                                       \
		__VA_ARGS__;                                                   \
	}
#define RET(x) (out_ret = (long)(x))

static struct iou_timespec ts0 = { 0, 1000000 };

FN(submit, R_INT, 0, RET(iou_submit(r)))
FN(submit_and_wait, R_INT, 1, RET(iou_submit_and_wait(r, U[v])))
FN(submit_and_wait_timeout, R_INT, 0, {
	struct iou_cqe *c;
	RET(iou_submit_and_wait_timeout(r, &c, U[v], &ts0));
})
FN(wait_cqe, R_INT, 1, {
	struct iou_cqe *c;
	RET(iou_wait_cqe(r, &c));
})
FN(wait_cqes, R_INT, 1, {
	struct iou_cqe *c;
	RET(iou_wait_cqes(r, &c, U[v], v == 1 ? NULL : &ts0));
})
FN(wait_cqe_timeout, R_INT, 0, {
	struct iou_cqe *c;
	RET(iou_wait_cqe_timeout(r, &c, &ts0));
})
FN(copy_cqes, R_INT, 0, {
	struct iou_cqe c[8];
	RET(iou_copy_cqes(r, v == 1 ? NULL : c, v == 1 ? 0 : 8, 0));
})
FN(peek_batch_cqe, R_UNS, 0, {
	struct iou_cqe *c[8];
	RET(iou_peek_batch_cqe(r, c, v == 1 ? 0 : 8));
})
FN(peek_cqe, R_INT, 0, {
	struct iou_cqe *c;
	RET(iou_peek_cqe(r, &c));
	if (out_ret == 0)
		iou_cqe_seen(r, c);
})
FN(get_events, R_INT, 0, RET(iou_get_events(r)))
FN(get_sqe, R_PTR, 0, out_ptr = iou_get_sqe(r))
FN(sq_ready, R_UNS, 0, RET(iou_sq_ready(r)))
FN(sq_space_left, R_UNS, 0, RET(iou_sq_space_left(r)))
FN(cq_ready, R_UNS, 0, RET(iou_cq_ready(r)))
FN(cq_advance, R_VOID, 0, iou_cq_advance(r, U[v]))
FN(cq_has_overflow, R_UNS, 0, RET(iou_cq_has_overflow(r)))
FN(sq_entries, R_UNS, 0, RET(iou_sq_entries(r)))
FN(ring_fd, R_INT, 0, RET(iou_ring_fd(r)))
FN(kernel_version, R_UNS, 0, RET(iou_kernel_version(r)))
FN(backend_name, R_PTR, 0, out_ptr = (void *)iou_backend_name(r))
FN(register_raw, R_INT, 0, RET(iou_register(r, U[v] & 0xff, P(e, v), U[v] & 0xf)))
/* counts past the arrays only where the kernel refuses them unread (huge) */
#define NARR(v) ((v) == 0 || (v) == 4 ? 2 : U[v])
FN(register_buffers, R_INT, 0, RET(iou_register_buffers(r, v == 1 ? NULL : e->iov, NARR(v))))
FN(register_buffers_sparse, R_INT, 0, RET(iou_register_buffers_sparse(r, U[v])))
FN(unregister_buffers, R_INT, 0, RET(iou_unregister_buffers(r)))
FN(register_files, R_INT, 0, {
	int fds[2] = { FD(e, v), -1 };
	RET(iou_register_files(r, v == 1 ? NULL : fds, NARR(v)));
})
FN(register_files_sparse, R_INT, 0, RET(iou_register_files_sparse(r, U[v])))
FN(register_files_update, R_INT, 0, {
	int fds[2] = { FD(e, v), -1 };
	RET(iou_register_files_update(r, U[v], v == 1 ? NULL : fds, NARR(v)));
})
FN(unregister_files, R_INT, 0, RET(iou_unregister_files(r)))
FN(register_eventfd, R_INT, 0, RET(iou_register_eventfd(r, FD(e, v))))
FN(register_eventfd_async, R_INT, 0, RET(iou_register_eventfd_async(r, FD(e, v))))
FN(unregister_eventfd, R_INT, 0, RET(iou_unregister_eventfd(r)))
FN(register_ring_fd, R_INT, 0, RET(iou_register_ring_fd(r)))
FN(unregister_ring_fd, R_INT, 0, RET(iou_unregister_ring_fd(r)))
FN(get_probe_ring, R_PTR, 0, {
	out_ptr = iou_get_probe_ring(r);
	iou_free_probe(out_ptr);
})
FN(ring_opcode_supported, R_INT, 0, RET(iou_ring_opcode_supported(r, I[v])))
FN(register_buf_ring, R_INT, 0, {
	struct iou_buf_reg reg = { .ring_addr = (uintptr_t)P(e, v),
				   .ring_entries = U[v], .bgid = (uint16_t)I[v] };
	RET(iou_register_buf_ring(r, v == 1 ? NULL : &reg, 0));
})
FN(unregister_buf_ring, R_INT, 0, RET(iou_unregister_buf_ring(r, I[v])))
FN(setup_buf_ring, R_PTR, 0, {
	int err = 0;
	struct iou_buf_ring *br = iou_setup_buf_ring(r, v == 2 ? 65536 : U[v], I[v] & 0xffff, 0, &err);
	out_ptr = br;
	if (br)
		iou_free_buf_ring(r, br, U[v], I[v] & 0xffff);
	else if (err >= 0)
		out_ptr = (void *)1; /* NULL without an errno: not clean */
})
FN(free_buf_ring, R_INT, 0, RET(iou_free_buf_ring(r, e->br, 8, I[v] & 0xffff)))
FN(sys_socket, R_INT, 0, {
	RET(iou_sys_socket(r, I[v], I[v], I[v]));
	if (out_ret >= 0)
		iou_sys_close(r, (int)out_ret);
})
FN(sys_bind, R_INT, 0, RET(iou_sys_bind(r, FD(e, v), P(e, v), U[v] & 0xff)))
FN(sys_listen, R_INT, 0, RET(iou_sys_listen(r, FD(e, v), I[v])))
FN(sys_connect, R_INT, 0, RET(iou_sys_connect(r, FD(e, v), P(e, v), U[v] & 0xff)))
FN(sys_accept, R_INT, 0, {
	socklen_t n = U[v] & 0xff;
	RET(iou_sys_accept(r, FD(e, v), P(e, v), v == 1 ? NULL : &n, I[v] & SOCK_NONBLOCK));
})
FN(sys_getsockname, R_INT, 0, {
	socklen_t n = U[v] & 0xff;
	RET(iou_sys_getsockname(r, FD(e, v), P(e, v), v == 1 ? NULL : &n));
})
FN(sys_setsockopt, R_INT, 0, RET(iou_sys_setsockopt(r, FD(e, v), I[v], I[v], P(e, v), U[v] & 0xff)))
FN(sys_shutdown, R_INT, 0, RET(iou_sys_shutdown(r, FD(e, v), I[v])))
FN(sys_open, R_INT, 0, {
	RET(iou_sys_open(r, v == 1 || v == 3 ? NULL : "/nonexistent/x", I[v] & ~O_CREAT, 0));
	if (out_ret >= 0)
		iou_sys_close(r, (int)out_ret);
})
FN(sys_pipe, R_INT, 0, {
	int fds[2];
	RET(iou_sys_pipe(r, v == 1 ? NULL : fds));
	if (out_ret == 0) {
		iou_sys_close(r, fds[0]);
		iou_sys_close(r, fds[1]);
	}
})
FN(sys_read, R_INT, 0, RET(iou_sys_read(r, FD(e, v), P(e, v), v == 1 ? 0 : 16)))
FN(sys_write, R_INT, 0, RET(iou_sys_write(r, FD(e, v), P(e, v), v == 1 ? 0 : 16)))
FN(sys_close, R_INT, 0, RET(iou_sys_close(r, v == 0 ? INT_MAX : FD(e, v))))
FN(sys_unlink, R_INT, 0, RET(iou_sys_unlink(r, v == 1 || v == 3 ? NULL : "/nonexistent/x")))
FN(sys_mkdir, R_INT, 0, RET(iou_sys_mkdir(r, v == 1 || v == 3 ? NULL : "/nonexistent/x", 0755)))
FN(sys_rmdir, R_INT, 0, RET(iou_sys_rmdir(r, v == 1 || v == 3 ? NULL : "/nonexistent/x")))
FN(sys_fsize, R_INT, 0, RET(iou_sys_fsize(r, FD(e, v))))
FN(queue_exit, R_VOID, 0, iou_queue_exit(r))

struct fn_row {
	const char *name;
	void (*call)(struct env *e, int v);
	enum ret_kind kind;
	int blocks;          /* may wait forever on the kernel when live */
};

#define ROW(name, kind, blocks) { #name, call_##name, kind, blocks }
static const struct fn_row rows[] = {
	ROW(submit, R_INT, 0), ROW(submit_and_wait, R_INT, 1),
	ROW(submit_and_wait_timeout, R_INT, 0), ROW(wait_cqe, R_INT, 1),
	ROW(wait_cqes, R_INT, 1), ROW(wait_cqe_timeout, R_INT, 0),
	ROW(copy_cqes, R_INT, 0), ROW(peek_batch_cqe, R_UNS, 0),
	ROW(peek_cqe, R_INT, 0), ROW(get_events, R_INT, 0),
	ROW(get_sqe, R_PTR, 0), ROW(sq_ready, R_UNS, 0),
	ROW(sq_space_left, R_UNS, 0), ROW(cq_ready, R_UNS, 0),
	ROW(cq_advance, R_VOID, 0), ROW(cq_has_overflow, R_UNS, 0),
	ROW(sq_entries, R_UNS, 0), ROW(ring_fd, R_INT, 0),
	ROW(kernel_version, R_UNS, 0), ROW(backend_name, R_PTR, 0),
	ROW(register_raw, R_INT, 0), ROW(register_buffers, R_INT, 0),
	ROW(register_buffers_sparse, R_INT, 0),
	ROW(unregister_buffers, R_INT, 0), ROW(register_files, R_INT, 0),
	ROW(register_files_sparse, R_INT, 0),
	ROW(register_files_update, R_INT, 0), ROW(unregister_files, R_INT, 0),
	ROW(register_eventfd, R_INT, 0), ROW(register_eventfd_async, R_INT, 0),
	ROW(unregister_eventfd, R_INT, 0), ROW(register_ring_fd, R_INT, 0),
	ROW(unregister_ring_fd, R_INT, 0), ROW(get_probe_ring, R_PTR, 0),
	ROW(ring_opcode_supported, R_INT, 0), ROW(register_buf_ring, R_INT, 0),
	ROW(unregister_buf_ring, R_INT, 0), ROW(setup_buf_ring, R_PTR, 0),
	ROW(free_buf_ring, R_INT, 0), ROW(sys_socket, R_INT, 0),
	ROW(sys_bind, R_INT, 0), ROW(sys_listen, R_INT, 0),
	ROW(sys_connect, R_INT, 0), ROW(sys_accept, R_INT, 0),
	ROW(sys_getsockname, R_INT, 0), ROW(sys_setsockopt, R_INT, 0),
	ROW(sys_shutdown, R_INT, 0), ROW(sys_open, R_INT, 0),
	ROW(sys_pipe, R_INT, 0), ROW(sys_read, R_INT, 0),
	ROW(sys_write, R_INT, 0), ROW(sys_close, R_INT, 0),
	ROW(sys_unlink, R_INT, 0), ROW(sys_mkdir, R_INT, 0),
	ROW(sys_rmdir, R_INT, 0), ROW(sys_fsize, R_INT, 0),
	ROW(queue_exit, R_VOID, 0),
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static int is_errno(long v)
{
	return v < 0 && v >= -4095;
}

/* Whether the call's outcome is the contract's for that ring state. */
static int clean(const struct fn_row *row, enum ring_state rs)
{
	if (rs == RS_LIVE) {
		if (row->kind == R_INT)
			return out_ret >= 0 || is_errno(out_ret);
		if (row->kind == R_PTR && !strcmp(row->name, "setup_buf_ring"))
			return out_ptr != (void *)1;
		return 1;
	}
	switch (row->kind) {
	case R_INT:
		if (!strcmp(row->name, "ring_opcode_supported") ||
		    !strcmp(row->name, "free_buf_ring"))
			return is_errno(out_ret);
		return out_ret == (rs == RS_NULL ? -EINVAL : -EBADF);
	case R_PTR:
		return out_ptr == NULL;
	case R_UNS:
		/* a ring whose sim was freed keeps its sizes and reads a full
		 * SQ (iou_sim_free) */
		if (rs == RS_ZOMBIE && (!strcmp(row->name, "sq_ready") ||
					!strcmp(row->name, "sq_entries")))
			return 1;
		return out_ret == 0;
	default:
		return 1;
	}
}

/* ---- the rings ------------------------------------------------------------- */

struct backend {
	const char *name;
	int linux_be;
};

/* Sets *ring up in state rs on the backend; the sims it makes are left in
 * sims[] (the child exits without freeing them). */
static int ring_in_state(const struct backend *b, enum ring_state rs,
			 struct iou *ring, struct env *e)
{
	struct iou_sim_opts o = { .tape = (const uint8_t *)"" };
	struct iou_sim *sim = NULL, *other;
	struct iou tmp;
	int ret;

	memset(ring, 0, sizeof(*ring));
	e->ring = ring;
	if (rs == RS_NULL) {
		e->ring = NULL;
		return 0;
	}
	if (rs == RS_ZERO)
		return 0;
	if (rs == RS_GARBAGE) {
		memset(ring, 0xa5, sizeof(*ring));
		return 0;
	}
	if (!b->linux_be) {
		sim = iou_sim_new(&o);
		if (!sim)
			return -ENOMEM;
	} else if (rs == RS_ZOMBIE) {
		return 1; /* the sim only */
	}
	ret = b->linux_be ? iou_queue_init(8, ring, 0)
			  : iou_queue_init_sim(8, ring, 0, sim);
	if (ret)
		return ret;
	if (rs == RS_EXITED) {
		iou_queue_exit(ring);
		return 0;
	}
	if (rs == RS_ZOMBIE) {
		iou_sim_free(sim);
		return 0;
	}
	/* live: a file, an fd that is not the ring's, a buf_ring */
	e->fd = iou_sys_open(ring, b->linux_be ? "/tmp" : "/f",
			     b->linux_be ? O_TMPFILE | O_RDWR : O_CREAT | O_RDWR,
			     0600);
	if (b->linux_be) {
		e->foreign_fd = 1000000; /* not open */
	} else {
		/* an fd number open in another sim only */
		other = iou_sim_new(&o);
		if (other && !iou_queue_init_sim(2, &tmp, 0, other)) {
			int fd = iou_sys_open(&tmp, "/g", O_CREAT | O_RDWR, 0600);

			for (int i = 0; i < 8 && fd >= 0; i++)
				fd = iou_sys_open(&tmp, "/g", O_RDWR, 0);
			e->foreign_fd = fd;
		}
	}
	e->br = iou_setup_buf_ring(ring, 8, 7, 0, &ret);
	return 0;
}

struct tally {
	unsigned long calls, clean, crashes;
};

/* One row on one backend, in a child: every ring state and variant. The
 * child reports calls and clean calls through a pipe; a signal is a
 * crash, a timeout (the alarm) a hang, counted as a crash. */
static void sweep_row(const struct backend *b, const struct fn_row *row,
		      struct tally *t, char *bad, size_t badlen)
{
	int p[2];
	pid_t pid;
	int status;
	unsigned long res[2] = { 0, 0 };

	if (pipe(p))
		abort();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		static struct env e;
		struct iou ring;
		char note[200] = "";

		close(p[0]);
		alarm(20);
		e.buf = mmap(NULL, 65536, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		e.iov[0].iov_base = e.buf;
		e.iov[0].iov_len = 4096;
		e.iov[1].iov_base = e.buf + 4096;
		e.iov[1].iov_len = 4096;
		e.linux_be = b->linux_be;
		for (int rs = 0; rs < RS_N; rs++) {
			int nv = rs == RS_LIVE ? NV : 1;

			for (int v = 0; v < nv; v++) {
				if (rs == RS_LIVE && row->blocks && b->linux_be)
					continue; /* would wait on the kernel */
				if (ring_in_state(b, (enum ring_state)rs, &ring, &e))
					continue;
				if (rs == RS_LIVE && !strcmp(row->name, "get_sqe") &&
				    v == 2)
					for (int i = 0; i < 8; i++)
						(void)iou_get_sqe(&ring);
				out_ret = 0;
				out_ptr = NULL;
				row->call(&e, v);
				res[0]++;
				if (clean(row, (enum ring_state)rs))
					res[1]++;
				else if (!note[0])
					snprintf(note, sizeof(note),
						 "state %d variant %d: %ld", rs,
						 v, out_ret);
				if (rs >= RS_EXITED && e.ring && rs != RS_GARBAGE)
					iou_queue_exit(&ring);
			}
		}
		if (write(p[1], res, sizeof(res)) != sizeof(res) ||
		    write(p[1], note, sizeof(note)) != sizeof(note))
			_exit(3);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], res, sizeof(res)) == sizeof(res)) {
		char note[200];

		if (read(p[0], note, sizeof(note)) == sizeof(note) && note[0])
			snprintf(bad, badlen, "%s", note);
	}
	close(p[0]);
	waitpid(pid, &status, 0);
	t->calls += res[0];
	t->clean += res[1];
	if (WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status))) {
		t->crashes++;
		snprintf(bad, badlen, "child %s %d", WIFSIGNALED(status) ?
			 "killed by signal" : "exited", WIFSIGNALED(status) ?
			 WTERMSIG(status) : WEXITSTATUS(status));
	}
}

static const struct backend backends[] = { { "linux", 1 }, { "sim", 0 } };

static int have_linux(void)
{
	struct iou probe;

	if (iou_queue_init(2, &probe, 0))
		return 0;
	iou_queue_exit(&probe);
	return 1;
}

static void test_sweep_api(void **state)
{
	struct tally all = { 0, 0, 0 };
	int failures = 0;

	(void)state;
	printf("%-26s %-6s %6s %6s %8s\n", "function", "kernel", "calls",
	       "clean", "crashes");
	for (size_t be = 0; be < 2; be++) {
		if (backends[be].linux_be && !have_linux())
			continue;
		for (size_t i = 0; i < NROWS; i++) {
			struct tally t = { 0, 0, 0 };
			char bad[200] = "";

			sweep_row(&backends[be], &rows[i], &t, bad, sizeof(bad));
			printf("%-26s %-6s %6lu %6lu %8lu%s%s\n", rows[i].name,
			       backends[be].name, t.calls, t.clean, t.crashes,
			       bad[0] ? "  " : "", bad);
			all.calls += t.calls;
			all.clean += t.clean;
			all.crashes += t.crashes;
			failures += t.crashes || t.clean != t.calls;
		}
	}
	printf("%-26s %-6s %6lu %6lu %8lu\n", "total", "both", all.calls,
	       all.clean, all.crashes);
	assert_int_equal(all.crashes, 0);
	assert_int_equal(all.clean, all.calls);
	assert_int_equal(failures, 0);
}

/* ---- garbage SQEs ------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A pointer an SQE may carry: NULL, zeroed scratch, or an unmapped page. */
static uint64_t sqe_ptr(char *scratch, int wild_ok)
{
	switch (rnd() % (wild_ok ? 4 : 3)) {
	case 0:
		return 0;
	case 3:
		return 0x1000;
	default:
		return (uint64_t)(uintptr_t)(scratch + (rnd() % 1024) * 8);
	}
}

/* The SQEs of one opcode, in a child: returns through the pipe how many
 * CQEs came and how many carried a clean result. */
static void sqe_child(const struct backend *b, unsigned op, int wfd)
{
	struct iou_sim_opts o = { .seed = op,
				  .flags = IOU_SIM_CHECK_POINTERS };
	unsigned long res[2] = { 0, 0 };
	struct iou_timespec ts = { 0, 20000000 };
	struct iou_sim *sim = NULL;
	struct iou ring;
	int fds[6], pfd[2], sv[2];
	char *scratch;

	alarm(30);
	scratch = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!b->linux_be)
		sim = iou_sim_new(&o);
	if ((b->linux_be ? iou_queue_init(64, &ring, 0)
			 : iou_queue_init_sim(64, &ring, 0, sim)))
		_exit(0);
	fds[0] = iou_sys_open(&ring, b->linux_be ? "/tmp" : "/f",
			      b->linux_be ? O_TMPFILE | O_RDWR
					  : O_CREAT | O_RDWR, 0600);
	iou_sys_pipe(&ring, pfd);
	fds[1] = pfd[0];
	fds[2] = pfd[1];
	fds[3] = -1;
	fds[4] = 1000000;
	fds[5] = iou_sys_socket(&ring, AF_INET, SOCK_STREAM, 0);
	(void)sv;
	if (b->linux_be) {
		fcntl(pfd[0], F_SETFL, O_NONBLOCK);
		fcntl(pfd[1], F_SETFL, O_NONBLOCK);
	}
	rng_state ^= op * 0x100000001b3ULL + (uint64_t)b->linux_be;
	for (int i = 0; i < 48; i++) {
		struct iou_sqe *sqe = iou_get_sqe(&ring);
		uint64_t *w;

		if (!sqe)
			break;
		for (size_t k = 0; k < sizeof(*sqe) / 8; k++) {
			w = (uint64_t *)(void *)sqe + k;
			*w = rnd();
		}
		sqe->opcode = (uint8_t)op;
		sqe->flags &= IOU_SQE_VALID_FLAGS & ~IOU_SQE_IO_DRAIN;
		sqe->fd = fds[rnd() % 6];
		sqe->addr = sqe_ptr(scratch, 1);
		sqe->off = rnd() % 3 ? sqe_ptr(scratch, 1) : rnd();
		sqe->addr3 = sqe_ptr(scratch, 1);
		sqe->len = (uint32_t)(rnd() % 4096);
		sqe->personality = 0;
		sqe->user_data = 0x5000 + (uint64_t)i;
		if (op == IOU_OP_FALLOCATE) /* the length is in addr: keep the disk */
			sqe->addr = rnd() % 65536;
		if (op == IOU_OP_TIMEOUT || op == IOU_OP_LINK_TIMEOUT ||
		    op == IOU_OP_FUTEX_WAIT || op == IOU_OP_FUTEX_WAITV)
			sqe->addr = (uint64_t)(uintptr_t)&ts;
		if (iou_submit(&ring) < 0)
			break;
	}
	for (int round = 0; round < 10; round++) {
		struct iou_cqe c[64];
		struct iou_cqe *one;
		int n;

		if (iou_wait_cqe_timeout(&ring, &one, &ts) < 0 &&
		    !iou_cq_ready(&ring))
			break;
		n = iou_copy_cqes(&ring, c, 64, 0);
		for (int k = 0; k < n; k++) {
			res[0]++;
			res[1] += c[k].res >= 0 || is_errno(c[k].res);
		}
	}
	if (write(wfd, res, sizeof(res)) != sizeof(res))
		_exit(3);
	_exit(0); /* the kernel cancels what is left with the ring */
}

static void test_sweep_sqes(void **state)
{
	struct tally all = { 0, 0, 0 };

	(void)state;
	printf("%-26s %-6s %6s %6s %8s\n", "garbage SQEs", "kernel", "CQEs",
	       "clean", "crashes");
	for (size_t be = 0; be < 2; be++) {
		struct tally t = { 0, 0, 0 };

		if (backends[be].linux_be && !have_linux())
			continue;
		for (unsigned op = 0; op < IOU_OP_LAST + 3; op++) {
			unsigned long res[2] = { 0, 0 };
			int p[2], status;
			pid_t pid;

			if (pipe(p))
				abort();
			fflush(stdout);
			pid = fork();
			if (pid == 0) {
				close(p[0]);
				sqe_child(&backends[be], op, p[1]);
			}
			close(p[1]);
			if (read(p[0], res, sizeof(res)) != sizeof(res))
				res[0] = res[1] = 0;
			close(p[0]);
			waitpid(pid, &status, 0);
			t.calls += res[0];
			t.clean += res[1];
			if (!WIFEXITED(status) || WEXITSTATUS(status)) {
				t.crashes++;
				printf("  opcode %u (%s) on %s: %s %d\n", op,
				       iou_op_name(op), backends[be].name,
				       WIFSIGNALED(status) ? "signal" : "exit",
				       WIFSIGNALED(status) ? WTERMSIG(status)
							   : WEXITSTATUS(status));
			}
		}
		printf("%-26s %-6s %6lu %6lu %8lu\n", "every opcode + 3",
		       backends[be].name, t.calls, t.clean, t.crashes);
		all.calls += t.calls;
		all.clean += t.clean;
		all.crashes += t.crashes;
	}
	assert_int_equal(all.crashes, 0);
	assert_int_equal(all.clean, all.calls);
	assert_true(all.calls > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sweep_api),
		cmocka_unit_test(test_sweep_sqes),
	};

	unsetenv("IOU_SIM_REPLAY");
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sim_vs_linux.c — differential test: the same random programs of SQEs
 * (file ops, path ops, timers, cancel, buffers, garbage fields and flags)
 * run on this machine's kernel and on the sim's newest profile with the
 * canonical tape, one SQE at a time; every result must agree (fds compared
 * as "an fd", bytes read compared byte for byte). Skipped when io_uring is
 * not available. IOU_SIM_DIFF_SEEDS sets the number of programs. */
#include "simtest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ftw.h>

#define STEPS 60
#define MAXH 16

struct world {
	struct iou ring;
	struct iou_sim *sim;   /* NULL: linux */
	int h[MAXH];           /* handles: fds, -1 free */
	int pipe[2];
	char bufs[4][64];      /* provided buffers, group 1 */
	char fixed[512];       /* registered buffers 0 and 1 */
	char rd[4096];
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

#define PICK(g, arr) ((arr)[rnd(g) % (sizeof(arr) / sizeof((arr)[0]))])

static char base[64];

static const char *path(struct gen *g, char *out)
{
	static const char *const names[] = {
		"a", "b", "c", "d", "d/e", "d/f", "nope/x", "a/", "d/", "",
		"l", "l2", ".", "..", "d/../a",
	};
	const char *n = PICK(g, names);

	snprintf(out, 128, "%s%s%s", base, *n ? "/" : "", n);
	return out;
}

/* One step, the same on both worlds (the generator is copied). */
struct step {
	struct iou_sqe sqe;
	int kind;        /* what to compare */
	int handle_in;   /* handle the fd field refers to, or -1 */
	int new_handle;  /* open: store the result here */
	int timespec;
	int bufsel;
	int link;        /* 0, IOU_SQE_IO_LINK or _HARDLINK: a NOP follows */
	int splice;      /* 1: pipe -> handle, 2: handle -> pipe */
	int fixedbuf;
	int files_update; /* a handle to put in fixed slot 1, or -1 */
	char p1[128], p2[128];
	struct iou_timespec ts;
	struct iovec iov[3];
	uint64_t how[4];
	int32_t upd_fd;
};

enum { K_RES, K_FD, K_READ, K_STATX };

static void gen_step(struct gen *g, struct step *st, int *nh)
{
	static const int oflags[] = {
		O_RDONLY, O_RDWR | O_CREAT, O_WRONLY | O_CREAT | O_EXCL,
		O_RDONLY | O_DIRECTORY, O_RDWR | O_TRUNC,
		O_CREAT | O_RDWR | O_NOFOLLOW, O_WRONLY | O_APPEND,
		O_RDONLY | O_NOFOLLOW, O_RDWR,
	};
	static const unsigned lens[] = { 0, 1, 16, 100, 4096 };
	static const uint64_t offs[] = { 0, 3, (uint64_t)-1, 1ULL << 40,
					 (uint64_t)-2 };
	struct iou_sqe *sqe = &st->sqe;
	int op = (int)(rnd(g) % 30);
	int h = (int)(rnd(g) % (uint64_t)(*nh + 2)) - 1;

	memset(st, 0, sizeof(*st));
	st->handle_in = -1;
	st->files_update = -2;
	st->new_handle = -1;
	st->kind = K_RES;
	switch (op) {
	case 0:
		iou_prep_openat(sqe, IOU_AT_FDCWD, path(g, st->p1),
				PICK(g, oflags), 0644);
		st->kind = K_FD;
		if (*nh < MAXH)
			st->new_handle = (*nh)++;
		break;
	case 1:
		iou_prep_close(sqe, 0);
		st->handle_in = h;
		break;
	case 2:
	case 3:
		iou_prep_read(sqe, 0, NULL, PICK(g, lens), PICK(g, offs));
		st->handle_in = h;
		st->kind = K_READ;
		if (rnd(g) % 4 == 0)
			st->bufsel = 1;
		break;
	case 4:
	case 5:
		/* not past 1 GiB: the sim's files are not sparse */
		iou_prep_write(sqe, 0, NULL, PICK(g, lens), PICK(g, offs));
		if (sqe->off == (1ULL << 40))
			sqe->off = 5;
		st->handle_in = h;
		break;
	case 6:
		iou_prep_fsync(sqe, 0, (unsigned)(rnd(g) % 3));
		st->handle_in = h;
		break;
	case 7: {
		/* mode 8 (collapse) depends on the host's filesystem */
		static const int modes[] = { 0, 1, 3, 0x80 };
		static const uint64_t flen[] = { 0, 10, 4096 };

		iou_prep_fallocate(sqe, 0, PICK(g, modes), rnd(g) % 2 ? 0 : 7,
				   PICK(g, flen));
		st->handle_in = h;
		break;
	}
	case 8:
		iou_prep_statx(sqe, IOU_AT_FDCWD, path(g, st->p1),
			       (int)PICK(g, ((const int[]){ 0, 0x100, 0x1000,
							    0x800 })),
			       0x7ff, NULL);
		st->kind = K_STATX;
		break;
	case 9:
		iou_prep_unlinkat(sqe, IOU_AT_FDCWD, path(g, st->p1),
				  (int)PICK(g, ((const int[]){ 0, 0x200,
							       0x8000 })));
		break;
	case 10:
		iou_prep_mkdirat(sqe, IOU_AT_FDCWD, path(g, st->p1), 0755);
		break;
	case 11:
		iou_prep_renameat(sqe, IOU_AT_FDCWD, path(g, st->p1),
				  IOU_AT_FDCWD, path(g, st->p2),
				  (unsigned)(rnd(g) % 3 == 0));
		break;
	case 12:
		iou_prep_symlinkat(sqe, rnd(g) % 2 ? "a" : "d",
				   IOU_AT_FDCWD, path(g, st->p2));
		break;
	case 13:
		iou_prep_linkat(sqe, IOU_AT_FDCWD, path(g, st->p1),
				IOU_AT_FDCWD, path(g, st->p2),
				rnd(g) % 2 ? 0 : 0x400);
		break;
	case 14: /* a NOP with garbage */
		iou_prep_nop(sqe);
		if (rnd(g) % 2)
			sqe->rw_flags = (int32_t)(rnd(g) % 3);
		if (rnd(g) % 2)
			sqe->ioprio = (uint16_t)rnd(g);
		if (rnd(g) % 2)
			sqe->addr = rnd(g) % 100;
		break;
	case 15: /* timeouts that end at once or fail */
		st->ts.tv_nsec = (long long)(rnd(g) % 2);
		iou_prep_timeout(sqe, NULL, (unsigned)(rnd(g) % 2),
				 (unsigned)PICK(g, ((const unsigned[]){ 0, 1, 0x80,
								       6 })));
		st->timespec = 1;
		if (rnd(g) % 4 == 0)
			sqe->len = 2;
		if (sqe->off)
			st->ts.tv_nsec = 1; /* a count timeout must end */
		break;
	case 16:
		iou_prep_timeout_remove(sqe, rnd(g) % 100,
					(unsigned)(rnd(g) % 3 ? 0 : 0x40));
		break;
	case 17:
		iou_prep_cancel64(sqe, rnd(g) % 100,
				  (int)PICK(g, ((const int[]){ 0, 1, 4, 0x40,
							       0x100 })));
		break;
	case 18:
		iou_prep_provide_buffers(sqe, NULL, 64,
					 (int)(rnd(g) % 3) * 2, 1,
					 (int)(rnd(g) % 2));
		sqe->addr = 1; /* rewritten per world */
		break;
	case 19:
		iou_prep_remove_buffers(sqe, (int)(rnd(g) % 3), (int)(rnd(g) % 2));
		break;
	case 21: /* vectored */
	case 22: {
		unsigned n = (unsigned)(rnd(g) % 5);

		if (n == 4)
			n = 1025;
		if (op == 21)
			iou_prep_readv(sqe, 0, NULL, n, PICK(g, offs));
		else
			iou_prep_writev(sqe, 0, NULL, n, PICK(g, offs) ==
					(1ULL << 40) ? 0 : 3);
		st->handle_in = h;
		break;
	}
	case 23: { /* openat2 */
		/* no IN_ROOT alone: with AT_FDCWD it depends on the
		 * process' cwd, which the sim has at "/" */
		static const uint64_t res[] = { 0, 0x04, 0x08, 0x100, 0x18 };
		static const unsigned sizes[] = { 24, 24, 32, 16 };

		st->how[0] = (uint64_t)PICK(g, oflags);
		st->how[1] = rnd(g) % 3 == 0 ? 0644 : 0;
		st->how[2] = PICK(g, res);
		iou_prep_openat2(sqe, IOU_AT_FDCWD, path(g, st->p1), NULL);
		sqe->len = PICK(g, sizes);
		if (sqe->len == 32 && rnd(g) % 2)
			st->how[3] = 1;
		st->kind = K_FD;
		if (*nh < MAXH)
			st->new_handle = (*nh)++;
		break;
	}
	case 24: /* splice file -> pipe, pipe -> file (never blocking) */
	case 25:
		iou_prep_splice(sqe, 0, op == 24 ? -1 : (int64_t)PICK(g, offs),
				0, op == 24 ? (int64_t)PICK(g, offs) : -1,
				PICK(g, lens), 0x2 /* SPLICE_F_NONBLOCK */);
		if (rnd(g) % 4 == 0)
			sqe->off = 5;
		st->handle_in = h;
		st->splice = op == 24 ? 2 : 1;
		break;
	case 26: /* fixed buffers */
	case 27:
		if (op == 26)
			iou_prep_read_fixed(sqe, 0, NULL, PICK(g, lens) % 200,
					    PICK(g, offs), (int)(rnd(g) % 3));
		else
			iou_prep_write_fixed(sqe, 0, NULL, PICK(g, lens) % 200,
					     PICK(g, offs) == (1ULL << 40) ? 0
					     : 3, (int)(rnd(g) % 3));
		st->handle_in = h;
		st->fixedbuf = 1;
		break;
	case 28: /* a fixed file slot from a handle, then I/O on it */
		st->files_update = h;
		iou_prep_nop(sqe);
		break;
	case 29:
		iou_prep_read(sqe, (int)(rnd(g) % 5), NULL, PICK(g, lens) % 200,
			      0);
		sqe->flags = IOU_SQE_FIXED_FILE;
		st->kind = K_READ;
		break;
	default: /* garbage SQE flags on a NOP */
		iou_prep_nop(sqe);
		sqe->flags = (uint8_t)PICK(g, ((const uint8_t[]){ 0x80, 0x10,
			0x20, 0x01, 0x40 }));
		break;
	}
	sqe->user_data = 0x1234;
	if (rnd(g) % 6 == 0 && !(sqe->flags & (IOU_SQE_IO_LINK |
					       IOU_SQE_IO_HARDLINK)))
		st->link = rnd(g) % 2 ? IOU_SQE_IO_LINK : IOU_SQE_IO_HARDLINK;
}

static int world_init(struct world *w, int sim)
{
	int ret;

	memset(w, 0, sizeof(*w));
	for (int i = 0; i < MAXH; i++)
		w->h[i] = -1;
	if (sim) {
		static const uint8_t none[1];
		struct iou_sim_opts o;

		memset(&o, 0, sizeof(o));
		o.tape = none;
		w->sim = iou_sim_new(&o);
		ret = iou_queue_init_sim(8, &w->ring, 0, w->sim);
		if (!ret)
			ret = iou_sys_mkdir(&w->ring, base, 0755);
	} else {
		ret = iou_queue_init(8, &w->ring, 0);
	}
	if (!ret)
		ret = iou_sys_pipe(&w->ring, w->pipe);
	if (!ret) {
		struct iovec iov[2] = { { w->fixed, 256 }, { w->fixed + 256, 256 } };

		ret = iou_register_buffers(&w->ring, iov, 2);
	}
	if (!ret)
		ret = iou_register_files_sparse(&w->ring, 4);
	return ret;
}

static int rm_entry(const char *p, const struct stat *st, int type,
		    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(p);
	return 0;
}

static void world_fini(struct world *w)
{
	for (int i = 0; i < MAXH; i++)
		if (w->h[i] >= 0)
			iou_sys_close(&w->ring, w->h[i]);
	iou_sys_close(&w->ring, w->pipe[0]);
	iou_sys_close(&w->ring, w->pipe[1]);
	iou_queue_exit(&w->ring);
	if (w->sim)
		iou_sim_free(w->sim);
}

struct out {
	int res;
	uint32_t flags;
	int res2;        /* the linked NOP's */
	char data[4096];
	uint64_t size;
	uint32_t nlink;
	uint16_t type;
};

static void run_step(struct world *w, const struct step *st0, struct out *o)
{
	struct step st = *st0;
	struct iou_sqe *sqe = iou_get_sqe(&w->ring);
	struct statx sx;
	struct iou_cqe *cqe;
	char wr[4096];
	int ret;

	memset(o, 0, sizeof(*o));
	memset(w->rd, 0, sizeof(w->rd));
	memset(&sx, 0, sizeof(sx));
	for (unsigned i = 0; i < sizeof(wr); i++)
		wr[i] = (char)('a' + i % 26);
	*sqe = st.sqe;
	if (st.handle_in >= 0)
		sqe->fd = st.handle_in < MAXH && w->h[st.handle_in] >= 0
			  ? w->h[st.handle_in] : 1000;
	else if (st.sqe.opcode == IOU_OP_CLOSE || st.sqe.opcode ==
		 IOU_OP_READ || st.sqe.opcode == IOU_OP_WRITE ||
		 st.sqe.opcode == IOU_OP_FSYNC || st.sqe.opcode ==
		 IOU_OP_FALLOCATE || st.sqe.opcode == IOU_OP_READV ||
		 st.sqe.opcode == IOU_OP_WRITEV ||
		 st.sqe.opcode == IOU_OP_READ_FIXED ||
		 st.sqe.opcode == IOU_OP_WRITE_FIXED)
		/* the wrong end: never blocks */
		sqe->fd = w->pipe[st.sqe.opcode == IOU_OP_READ ||
				  st.sqe.opcode == IOU_OP_READV ||
				  st.sqe.opcode == IOU_OP_READ_FIXED ? 1 : 0];
	if (st.p1[0] || st.sqe.opcode == IOU_OP_OPENAT ||
	    st.sqe.opcode == IOU_OP_STATX || st.sqe.opcode == IOU_OP_UNLINKAT ||
	    st.sqe.opcode == IOU_OP_MKDIRAT || st.sqe.opcode == IOU_OP_RENAMEAT ||
	    st.sqe.opcode == IOU_OP_LINKAT)
		sqe->addr = (uint64_t)(uintptr_t)st.p1;
	if (st.p2[0])
		sqe->addr2 = (uint64_t)(uintptr_t)st.p2;
	if (st.sqe.opcode == IOU_OP_STATX)
		sqe->addr2 = (uint64_t)(uintptr_t)&sx;
	if (st.sqe.opcode == IOU_OP_READ)
		sqe->addr = st.bufsel ? 0 : (uint64_t)(uintptr_t)w->rd;
	if (st.bufsel) {
		sqe->flags |= IOU_SQE_BUFFER_SELECT;
		sqe->buf_group = 1;
	}
	if (st.sqe.opcode == IOU_OP_WRITE)
		sqe->addr = (uint64_t)(uintptr_t)wr;
	if (st.timespec)
		sqe->addr = (uint64_t)(uintptr_t)&st.ts;
	if (st.sqe.opcode == IOU_OP_PROVIDE_BUFFERS)
		sqe->addr = (uint64_t)(uintptr_t)w->bufs;
	if (st.sqe.opcode == IOU_OP_READV || st.sqe.opcode == IOU_OP_WRITEV) {
		for (int i = 0; i < 3; i++) {
			st.iov[i].iov_base = st.sqe.opcode == IOU_OP_READV ?
				(void *)(w->rd + i * 100) : (void *)(wr + i * 7);
			st.iov[i].iov_len = st.sqe.opcode == IOU_OP_READV ?
				100 : 7;
		}
		sqe->addr = st.sqe.len > 3 && st.sqe.len != 1025 ? 0 :
			    (uint64_t)(uintptr_t)(st.sqe.len == 1025 ? NULL :
						  st.iov);
		if (st.sqe.len == 1025)
			sqe->addr = (uint64_t)(uintptr_t)st.iov;
	}
	if (st.sqe.opcode == IOU_OP_OPENAT2)
		sqe->addr2 = (uint64_t)(uintptr_t)st.how;
	if (st.splice) {
		int hfd = st.handle_in >= 0 && st.handle_in < MAXH &&
			  w->h[st.handle_in] >= 0 ? w->h[st.handle_in] : 1000;

		sqe->splice_fd_in = st.splice == 1 ? w->pipe[0] : hfd;
		sqe->fd = st.splice == 1 ? hfd : w->pipe[1];
	}
	if (st.fixedbuf)
		sqe->addr = (uint64_t)(uintptr_t)(w->fixed + 8 +
						  256 * (st.sqe.buf_index & 1));
	if (st.files_update != -2) {
		int fd = st.files_update >= 0 && st.files_update < MAXH ?
			 w->h[st.files_update] : -1;

		sqe->opcode = IOU_OP_FILES_UPDATE;
		sqe->fd = -1;
		sqe->off = 1;
		sqe->len = 1;
		st.upd_fd = fd;
		sqe->addr = (uint64_t)(uintptr_t)&st.upd_fd;
	}
	if (st.sqe.opcode == IOU_OP_READ && (st.sqe.flags & IOU_SQE_FIXED_FILE))
		sqe->fd = st.sqe.fd;
	if (st.link) {
		struct iou_sqe *n;

		sqe->flags |= (uint8_t)st.link;
		n = iou_get_sqe(&w->ring);
		iou_prep_nop(n);
		n->user_data = 0x1235;
	}
	ret = iou_submit(&w->ring);
	assert_int_equal(ret, st.link ? 2 : 1);
	do {
		/* a CQE_SKIP_SUCCESS success posts nothing */
		struct iou_timespec t = { 0, 10000000 };

		ret = iou_wait_cqe_timeout(&w->ring, &cqe,
			(sqe->flags & IOU_SQE_CQE_SKIP_SUCCESS) ? &t : NULL);
	} while (ret == -EINTR);
	if (ret == -ETIME) {
		o->res = 0x7fffffff; /* no CQE */
		return;
	}
	assert_int_equal(ret, 0);
	o->res = cqe->res;
	o->flags = cqe->flags;
	if (cqe->user_data == 0x1235) {
		/* the first was skipped (CQE_SKIP_SUCCESS) */
		o->res2 = cqe->res;
		o->res = 0x7ffffffe;
		iou_cqe_seen(&w->ring, cqe);
	} else {
		iou_cqe_seen(&w->ring, cqe);
		if (st.link) {
			do
				ret = iou_wait_cqe(&w->ring, &cqe);
			while (ret == -EINTR);
			assert_int_equal(ret, 0);
			assert_int_equal(cqe->user_data, 0x1235);
			o->res2 = cqe->res;
			iou_cqe_seen(&w->ring, cqe);
		}
	}
	if (st.sqe.opcode == IOU_OP_READV && o->res > 0)
		memcpy(o->data, w->rd, (size_t)o->res < sizeof(o->data) ?
		       (size_t)o->res : sizeof(o->data));
	if (st.fixedbuf && st.sqe.opcode == IOU_OP_READ_FIXED && o->res > 0)
		memcpy(o->data, w->fixed + 8 + 256 * (st.sqe.buf_index & 1),
		       (size_t)o->res);
	if (st.kind == K_READ && o->res > 0) {
		if (o->flags & IOU_CQE_F_BUFFER)
			memcpy(o->data, w->bufs[iou_cqe_buffer_id(cqe) % 4],
			       (size_t)o->res < 64 ? (size_t)o->res : 64);
		else
			memcpy(o->data, w->rd, (size_t)o->res);
	}
	if (st.kind == K_STATX && !o->res) {
		o->size = S_ISDIR(sx.stx_mode) ? 0 : sx.stx_size;
		o->nlink = S_ISDIR(sx.stx_mode) ? 0 : sx.stx_nlink;
		o->type = sx.stx_mode & S_IFMT;
	}
	if (st.new_handle >= 0 && o->res >= 0)
		w->h[st.new_handle] = o->res;
	if (st.sqe.opcode == IOU_OP_CLOSE && o->res == 0 && st.handle_in >= 0)
		w->h[st.handle_in] = -1;
}

static void describe(const struct step *st, int i)
{
	fprintf(stderr, "step %d: %s fd-handle %d flags %x len %u off %llx "
		"rw_flags %x p1 '%s' p2 '%s' how %llx/%llo/%llx\n", i,
		iou_op_name(st->sqe.opcode), st->handle_in, st->sqe.flags,
		st->sqe.len, (unsigned long long)st->sqe.off,
		st->sqe.rw_flags, st->p1, st->p2,
		(unsigned long long)st->how[0], (unsigned long long)st->how[1],
		(unsigned long long)st->how[2]);
}

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
	snprintf(base, sizeof(base), "%s", tmpl);
	for (unsigned seed = 0; seed < seeds; seed++) {
		struct world *lw = calloc(1, sizeof(*lw));
		struct world *sw = calloc(1, sizeof(*sw));
		struct out *lo = calloc(1, sizeof(*lo));
		struct out *so = calloc(1, sizeof(*so));
		struct gen g = { seed };
		int nh = 0;

		assert_true(lw && sw && lo && so);
		assert_int_equal(mkdir(base, 0755), 0);
		assert_int_equal(world_init(lw, 0), 0);
		assert_int_equal(world_init(sw, 1), 0);
		for (int i = 0; i < STEPS; i++) {
			struct step st;
			int same;

			gen_step(&g, &st, &nh);
			if (getenv("IOU_SIM_DIFF_VERBOSE"))
				describe(&st, i);
			run_step(lw, &st, lo);
			run_step(sw, &st, so);
			if (st.kind == K_FD && lo->res >= 0 && so->res >= 0)
				same = 1;
			else
				same = lo->res == so->res &&
				       lo->flags == so->flags;
			if (same && lo->res2 != so->res2)
				same = 0;
			if (same && (st.kind == K_READ ||
				     st.sqe.opcode == IOU_OP_READV) &&
			    lo->res > 0)
				same = !memcmp(lo->data, so->data,
					       (size_t)lo->res);
			if (same && st.kind == K_STATX && !lo->res)
				same = lo->size == so->size &&
				       lo->nlink == so->nlink &&
				       lo->type == so->type;
			if (!same) {
				describe(&st, i);
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
		world_fini(lw);
		world_fini(sw);
		nftw(base, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
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

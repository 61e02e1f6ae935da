/* diff_prog.c — random programs of SQEs run on the kernel and on the sim
 * (diff_prog.h says what is compared). */
#include "diff_prog.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PICK(g, arr) ((arr)[diff_rnd(g) % (sizeof(arr) / sizeof((arr)[0]))])

uint64_t diff_rnd(struct gen *g)
{
	uint64_t z;

	/* fuzzer bytes first (two per draw), then the PRNG alone */
	if (g->in && g->pos < g->len) {
		g->s ^= (uint64_t)g->in[g->pos] << 8 |
			(g->pos + 1 < g->len ? g->in[g->pos + 1] : 0);
		g->pos += 2;
	}
	z = (g->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#define PICK(g, arr) ((arr)[diff_rnd(g) % (sizeof(arr) / sizeof((arr)[0]))])

char diff_base[64];

static const char *path(struct gen *g, char *out)
{
	static const char *const names[] = {
		"a", "b", "c", "d", "d/e", "d/f", "nope/x", "a/", "d/", "",
		"l", "l2", ".", "..", "d/../a",
	};
	const char *n = PICK(g, names);

	snprintf(out, 128, "%s%s%s", diff_base, *n ? "/" : "", n);
	return out;
}

/* One step, the same on both worlds (the generator is copied). */


void diff_gen_step(struct gen *g, struct step *st, int *nh)
{
	static const int oflags[] = {
		O_RDONLY, O_RDWR | O_CREAT, O_WRONLY | O_CREAT | O_EXCL,
		O_RDONLY | O_DIRECTORY, O_RDWR | O_TRUNC,
		O_CREAT | O_RDWR | O_NOFOLLOW, O_WRONLY | O_APPEND,
		O_RDONLY | O_NOFOLLOW, O_RDWR,
	};
	static const unsigned lens[] = { 0, 1, 16, 100, 4096 };
	static const uint64_t offs[] = { 0, 3, (uint64_t)-1, 1ULL << 40,
					 (uint64_t)-2, INT64_MAX,
					 INT64_MAX - 1 };
	struct iou_sqe *sqe = &st->sqe;
	int op = (int)(diff_rnd(g) % 30);
	int h = (int)(diff_rnd(g) % (uint64_t)(*nh + 2)) - 1;

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
		if (diff_rnd(g) % 4 == 0)
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
		iou_prep_fsync(sqe, 0, (unsigned)(diff_rnd(g) % 3));
		st->handle_in = h;
		break;
	case 7: {
		/* mode 8 (collapse) depends on the host's filesystem */
		static const int modes[] = { 0, 1, 3, 0x80 };
		static const uint64_t flen[] = { 0, 10, 4096 };

		iou_prep_fallocate(sqe, 0, PICK(g, modes), diff_rnd(g) % 2 ? 0 : 7,
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
				  (unsigned)(diff_rnd(g) % 3 == 0));
		break;
	case 12:
		iou_prep_symlinkat(sqe, diff_rnd(g) % 2 ? "a" : "d",
				   IOU_AT_FDCWD, path(g, st->p2));
		break;
	case 13:
		iou_prep_linkat(sqe, IOU_AT_FDCWD, path(g, st->p1),
				IOU_AT_FDCWD, path(g, st->p2),
				diff_rnd(g) % 2 ? 0 : 0x400);
		break;
	case 14: /* a NOP with garbage */
		iou_prep_nop(sqe);
		if (diff_rnd(g) % 2)
			sqe->rw_flags = (int32_t)(diff_rnd(g) % 3);
		if (diff_rnd(g) % 2)
			sqe->ioprio = (uint16_t)diff_rnd(g);
		if (diff_rnd(g) % 2)
			sqe->addr = diff_rnd(g) % 100;
		break;
	case 15: /* timeouts that end at once or fail */
		st->ts.tv_nsec = (long long)(diff_rnd(g) % 2);
		iou_prep_timeout(sqe, NULL, (unsigned)(diff_rnd(g) % 2),
				 (unsigned)PICK(g, ((const unsigned[]){ 0, 1, 0x80,
								       6 })));
		st->timespec = 1;
		if (diff_rnd(g) % 4 == 0)
			sqe->len = 2;
		if (sqe->off)
			st->ts.tv_nsec = 1; /* a count timeout must end */
		break;
	case 16:
		iou_prep_timeout_remove(sqe, diff_rnd(g) % 100,
					(unsigned)(diff_rnd(g) % 3 ? 0 : 0x40));
		break;
	case 17:
		iou_prep_cancel64(sqe, diff_rnd(g) % 100,
				  (int)PICK(g, ((const int[]){ 0, 1, 4, 0x40,
							       0x100 })));
		break;
	case 18:
		iou_prep_provide_buffers(sqe, NULL, 64,
					 (int)(diff_rnd(g) % 3) * 2, 1,
					 (int)(diff_rnd(g) % 2));
		sqe->addr = 1; /* rewritten per world */
		break;
	case 19:
		iou_prep_remove_buffers(sqe, (int)(diff_rnd(g) % 3), (int)(diff_rnd(g) % 2));
		break;
	case 21: /* vectored */
	case 22: {
		unsigned n = (unsigned)(diff_rnd(g) % 5);

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
		st->how[1] = diff_rnd(g) % 3 == 0 ? 0644 : 0;
		st->how[2] = PICK(g, res);
		iou_prep_openat2(sqe, IOU_AT_FDCWD, path(g, st->p1), NULL);
		sqe->len = PICK(g, sizes);
		if (sqe->len == 32 && diff_rnd(g) % 2)
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
		if (diff_rnd(g) % 4 == 0)
			sqe->off = 5;
		st->handle_in = h;
		st->splice = op == 24 ? 2 : 1;
		break;
	case 26: /* fixed buffers */
	case 27:
		if (op == 26)
			iou_prep_read_fixed(sqe, 0, NULL, PICK(g, lens) % 200,
					    PICK(g, offs), (int)(diff_rnd(g) % 3));
		else
			iou_prep_write_fixed(sqe, 0, NULL, PICK(g, lens) % 200,
					     PICK(g, offs) == (1ULL << 40) ? 0
					     : 3, (int)(diff_rnd(g) % 3));
		st->handle_in = h;
		st->fixedbuf = 1;
		break;
	case 28: /* a fixed file slot from a handle, then I/O on it */
		st->files_update = h;
		iou_prep_nop(sqe);
		break;
	case 29:
		iou_prep_read(sqe, (int)(diff_rnd(g) % 5), NULL, PICK(g, lens) % 200,
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
	if (diff_rnd(g) % 6 == 0 && !(sqe->flags & (IOU_SQE_IO_LINK |
					       IOU_SQE_IO_HARDLINK)))
		st->link = diff_rnd(g) % 2 ? IOU_SQE_IO_LINK : IOU_SQE_IO_HARDLINK;
}

int diff_world_init(struct world *w, int sim)
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
			ret = iou_sys_mkdir(&w->ring, diff_base, 0755);
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

void diff_world_fini(struct world *w)
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


int diff_run_step(struct world *w, const struct step *st0, struct out *o)
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
	if (ret != (st.link ? 2 : 1))
		return -1;
	do {
		/* a CQE_SKIP_SUCCESS success posts nothing */
		struct iou_timespec t = { 0, 10000000 };

		ret = iou_wait_cqe_timeout(&w->ring, &cqe,
			(sqe->flags & IOU_SQE_CQE_SKIP_SUCCESS) ? &t : NULL);
	} while (ret == -EINTR);
	if (ret == -ETIME) {
		o->res = 0x7fffffff; /* no CQE */
		return 0;
	}
	if (ret)
		return -1;
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
			if (ret || cqe->user_data != 0x1235)
				return -1;
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
			/* the read's own flags: cqe may be the linked NOP's */
			memcpy(o->data,
			       w->bufs[(o->flags >> IOU_CQE_BUFFER_SHIFT) % 4],
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
	return 0;
}

void diff_describe(const struct step *st, int i)
{
	fprintf(stderr, "step %d: %s%s fd-handle %d fd %d flags %x len %u "
		"off %llx rw_flags %x p1 '%s' p2 '%s' how %llx/%llo/%llx\n", i,
		st->files_update != -2 ? "FILES_UPDATE as " : "",
		iou_op_name(st->sqe.opcode), st->handle_in, st->sqe.fd,
		st->sqe.flags,
		st->sqe.len, (unsigned long long)st->sqe.off,
		st->sqe.rw_flags, st->p1, st->p2,
		(unsigned long long)st->how[0], (unsigned long long)st->how[1],
		(unsigned long long)st->how[2]);
}

void diff_remove_base(void)
{
	nftw(diff_base, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int diff_same(const struct step *st, const struct out *lo,
	      const struct out *so)
{
	int same;

	if (st->kind == K_FD && lo->res >= 0 && so->res >= 0)
		same = 1;
	else
		same = lo->res == so->res && lo->flags == so->flags;
	if (same && lo->res2 != so->res2)
		same = 0;
	if (same && (st->kind == K_READ || st->sqe.opcode == IOU_OP_READV) &&
	    lo->res > 0)
		same = !memcmp(lo->data, so->data, (size_t)lo->res);
	if (same && st->kind == K_STATX && !lo->res)
		same = lo->size == so->size && lo->nlink == so->nlink &&
		       lo->type == so->type;
	return same;
}

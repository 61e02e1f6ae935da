/* sim_files.c — the virtual world through the ring and iou_sys_*: files,
 * directories, symlinks, hard links, pipes, splice/tee, vectored and fixed
 * I/O, fixed files, and the errnos of each. */
#include "simtest.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>

static int run1(struct iou *ring, struct iou_sqe *sqe, uint32_t *flags)
{
	struct iou_cqe c;

	sqe->user_data = 0x77;
	st_submit_all(ring);
	st_reap(ring, &c, 1);
	assert_int_equal(c.user_data, 0x77);
	if (flags)
		*flags = c.flags;
	return c.res;
}

/* Reads all of len at off through the ring, looping over short reads. */
static void read_all(struct iou *ring, int fd, char *buf, unsigned len,
		     uint64_t off)
{
	unsigned got = 0;

	while (got < len) {
		struct iou_sqe *sqe = st_sqe(ring);
		int ret;

		iou_prep_read(sqe, fd, buf + got, len - got, off + got);
		ret = run1(ring, sqe, NULL);
		assert_true(ret > 0);
		got += (unsigned)ret;
	}
}

static void write_all(struct iou *ring, int fd, const char *buf, unsigned len,
		      uint64_t off)
{
	unsigned put = 0;

	while (put < len) {
		struct iou_sqe *sqe = st_sqe(ring);
		int ret;

		iou_prep_write(sqe, fd, buf + put, len - put, off + put);
		ret = run1(ring, sqe, NULL);
		assert_true(ret > 0);
		put += (unsigned)ret;
	}
}

static void test_file_rw_eof_statx(void **state)
{
	for (uint64_t seed = 0; seed < 200; seed++) {
		struct iou_sim *sim = st_seeded(seed, 0);
		char data[100], back[100];
		struct statx st;
		struct iou_sqe *sqe;
		struct iou ring;
		int fd;

		for (int i = 0; i < 100; i++)
			data[i] = (char)(i * 7 + 1);
		st_ring(sim, &ring, 8, 0);
		sqe = st_sqe(&ring);
		iou_prep_openat(sqe, IOU_AT_FDCWD, "/tmp/a", O_CREAT | O_RDWR,
				0644);
		fd = run1(&ring, sqe, NULL);
		assert_true(fd >= 3);
		write_all(&ring, fd, data, 100, 0);
		read_all(&ring, fd, back, 100, 0);
		assert_memory_equal(data, back, 100);
		sqe = st_sqe(&ring);
		iou_prep_read(sqe, fd, back, 10, 100);
		assert_int_equal(run1(&ring, sqe, NULL), 0); /* EOF */
		sqe = st_sqe(&ring);
		iou_prep_statx(sqe, IOU_AT_FDCWD, "/tmp/a", 0, 0x7ff, &st);
		assert_int_equal(run1(&ring, sqe, NULL), 0);
		assert_int_equal(st.stx_size, 100);
		assert_true(S_ISREG(st.stx_mode));
		sqe = st_sqe(&ring);
		iou_prep_fsync(sqe, fd, 0);
		assert_int_equal(run1(&ring, sqe, NULL), 0);
		sqe = st_sqe(&ring);
		iou_prep_fallocate(sqe, fd, 0, 0, 4096);
		assert_int_equal(run1(&ring, sqe, NULL), 0);
		assert_int_equal(iou_sys_fsize(&ring, fd), 4096);
		sqe = st_sqe(&ring);
		iou_prep_ftruncate(sqe, fd, 10);
		assert_int_equal(run1(&ring, sqe, NULL), 0);
		assert_int_equal(iou_sys_fsize(&ring, fd), 10);
		sqe = st_sqe(&ring);
		iou_prep_close(sqe, fd);
		assert_int_equal(run1(&ring, sqe, NULL), 0);
		sqe = st_sqe(&ring);
		iou_prep_close(sqe, fd);
		assert_int_equal(run1(&ring, sqe, NULL), -EBADF);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
}

static void test_short_reads_happen(void **state)
{
	int shorts = 0;

	for (uint64_t seed = 0; seed < 100; seed++) {
		struct iou_sim *sim = st_seeded(seed, 0);
		struct iou_sqe *sqe;
		struct iou ring;
		char buf[64];
		int fd, ret;

		st_ring(sim, &ring, 4, 0);
		fd = iou_sys_open(&ring, "/tmp/s", O_CREAT | O_RDWR, 0600);
		assert_int_equal(iou_sys_write(&ring, fd, "0123456789", 10), 10);
		sqe = st_sqe(&ring);
		iou_prep_read(sqe, fd, buf, sizeof(buf), 0);
		ret = run1(&ring, sqe, NULL);
		assert_true(ret >= 1 && ret <= 10);
		shorts += ret < 10;
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(shorts > 0);
}

static void test_paths(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_sqe *sqe;
	struct statx st;
	struct iou ring;
	char buf[8];
	int fd;

	st_ring(sim, &ring, 8, 0);
	sqe = st_sqe(&ring);
	iou_prep_mkdirat(sqe, IOU_AT_FDCWD, "/tmp/d", 0755);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	sqe = st_sqe(&ring);
	iou_prep_mkdirat(sqe, IOU_AT_FDCWD, "/tmp/d", 0755);
	assert_int_equal(run1(&ring, sqe, NULL), -EEXIST);
	sqe = st_sqe(&ring);
	iou_prep_openat(sqe, IOU_AT_FDCWD, "/tmp/d/f",
			O_CREAT | O_EXCL | O_WRONLY, 0600);
	fd = run1(&ring, sqe, NULL);
	assert_true(fd >= 0);
	assert_int_equal(iou_sys_write(&ring, fd, "xyz", 3), 3);
	assert_int_equal(iou_sys_close(&ring, fd), 0);
	sqe = st_sqe(&ring);
	iou_prep_openat(sqe, IOU_AT_FDCWD, "/tmp/d/f",
			O_CREAT | O_EXCL | O_WRONLY, 0600);
	assert_int_equal(run1(&ring, sqe, NULL), -EEXIST);
	sqe = st_sqe(&ring);
	iou_prep_openat(sqe, IOU_AT_FDCWD, "/tmp/nope/f", O_RDONLY, 0);
	assert_int_equal(run1(&ring, sqe, NULL), -ENOENT);
	sqe = st_sqe(&ring);
	iou_prep_openat(sqe, IOU_AT_FDCWD, "/tmp/d/f/x", O_RDONLY, 0);
	assert_int_equal(run1(&ring, sqe, NULL), -ENOTDIR);
	/* rename, symlink, link */
	sqe = st_sqe(&ring);
	iou_prep_renameat(sqe, IOU_AT_FDCWD, "/tmp/d/f", IOU_AT_FDCWD,
			  "/tmp/d/g", 0);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	sqe = st_sqe(&ring);
	iou_prep_symlinkat(sqe, "d/g", IOU_AT_FDCWD, "/tmp/ln");
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	sqe = st_sqe(&ring);
	iou_prep_linkat(sqe, IOU_AT_FDCWD, "/tmp/d/g", IOU_AT_FDCWD,
			"/tmp/hard", 0);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	sqe = st_sqe(&ring);
	iou_prep_statx(sqe, IOU_AT_FDCWD, "/tmp/ln", 0, 0x7ff, &st);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	assert_int_equal(st.stx_size, 3);
	assert_int_equal(st.stx_nlink, 2);
	sqe = st_sqe(&ring);
	iou_prep_statx(sqe, IOU_AT_FDCWD, "/tmp/ln", 0x100 /* NOFOLLOW */,
		       0x7ff, &st);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	assert_true(S_ISLNK(st.stx_mode));
	fd = iou_sys_open(&ring, "/tmp/ln", O_RDONLY, 0);
	assert_true(fd >= 0);
	assert_int_equal(iou_sys_read(&ring, fd, buf, 8), 3);
	assert_memory_equal(buf, "xyz", 3);
	assert_int_equal(iou_sys_close(&ring, fd), 0);
	{
		struct { uint64_t flags, mode, resolve; } how = {
			O_RDONLY, 0, 0x04 /* RESOLVE_NO_SYMLINKS */ };

		sqe = st_sqe(&ring);
		iou_prep_openat2(sqe, IOU_AT_FDCWD, "/tmp/ln",
				 (struct open_how *)(void *)&how);
		assert_int_equal(run1(&ring, sqe, NULL), -ELOOP);
		how.resolve = 0;
		how.mode = 0644; /* mode without O_CREAT */
		sqe = st_sqe(&ring);
		iou_prep_openat2(sqe, IOU_AT_FDCWD, "/tmp/ln",
				 (struct open_how *)(void *)&how);
		assert_int_equal(run1(&ring, sqe, NULL), -EINVAL);
	}
	/* unlink */
	sqe = st_sqe(&ring);
	iou_prep_unlinkat(sqe, IOU_AT_FDCWD, "/tmp/d", 0);
	assert_int_equal(run1(&ring, sqe, NULL), -EISDIR);
	sqe = st_sqe(&ring);
	iou_prep_unlinkat(sqe, IOU_AT_FDCWD, "/tmp/d", AT_REMOVEDIR);
	assert_int_equal(run1(&ring, sqe, NULL), -ENOTEMPTY);
	sqe = st_sqe(&ring);
	iou_prep_unlinkat(sqe, IOU_AT_FDCWD, "/tmp/d/g", 0);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	sqe = st_sqe(&ring);
	iou_prep_unlinkat(sqe, IOU_AT_FDCWD, "/tmp/d", AT_REMOVEDIR);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	sqe = st_sqe(&ring);
	iou_prep_statx(sqe, IOU_AT_FDCWD, "/tmp/ln", 0, 0x7ff, &st);
	assert_int_equal(run1(&ring, sqe, NULL), -ENOENT); /* dangling */
	sqe = st_sqe(&ring);
	iou_prep_statx(sqe, IOU_AT_FDCWD, "/tmp/hard", 0, 0x7ff, &st);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	assert_int_equal(st.stx_nlink, 1);
	/* sys calls */
	assert_int_equal(iou_sys_mkdir(&ring, "/tmp/e", 0700), 0);
	assert_int_equal(iou_sys_rmdir(&ring, "/tmp/e"), 0);
	assert_int_equal(iou_sys_unlink(&ring, "/tmp/hard"), 0);
	assert_int_equal(iou_sys_unlink(&ring, "/tmp/hard"), -ENOENT);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* A read of an empty pipe waits until a write; EOF once the writer is
 * gone; -EPIPE without a reader. */
static void test_pipes(void **state)
{
	for (uint64_t seed = 0; seed < 200; seed++) {
		struct iou_sim *sim = st_seeded(seed, 0);
		struct iou_cqe c;
		struct iou_sqe *sqe;
		struct iou ring;
		char buf[16];
		int fds[2];

		st_ring(sim, &ring, 8, 0);
		assert_int_equal(iou_sys_pipe(&ring, fds), 0);
		assert_int_equal(iou_sys_read(&ring, fds[0], buf, 4), -EAGAIN);
		sqe = st_sqe(&ring);
		iou_prep_read(sqe, fds[0], buf, sizeof(buf), 0);
		sqe->user_data = 1;
		st_submit_all(&ring);
		assert_int_equal(iou_cq_ready(&ring), 0);
		assert_int_equal(iou_sys_write(&ring, fds[1], "pipe!", 5), 5);
		st_reap(&ring, &c, 1);
		assert_true(c.res >= 1 && c.res <= 5);
		assert_memory_equal(buf, "pipe!", (size_t)c.res);
		assert_int_equal(iou_sys_close(&ring, fds[1]), 0);
		{
			int got = c.res, ret;

			do {
				sqe = st_sqe(&ring);
				iou_prep_read(sqe, fds[0], buf + got,
					      sizeof(buf) - (unsigned)got, 0);
				ret = run1(&ring, sqe, NULL);
				assert_true(ret >= 0);
				got += ret;
			} while (ret);
			assert_int_equal(got, 5);
			assert_memory_equal(buf, "pipe!", 5);
		}
		assert_int_equal(iou_sys_close(&ring, fds[0]), 0);
		assert_int_equal(iou_sys_pipe(&ring, fds), 0);
		assert_int_equal(iou_sys_close(&ring, fds[0]), 0);
		sqe = st_sqe(&ring);
		iou_prep_write(sqe, fds[1], "x", 1, 0);
		assert_int_equal(run1(&ring, sqe, NULL), -EPIPE);
		assert_int_equal(iou_sys_close(&ring, fds[1]), 0);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
}

static void test_splice_tee(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_sqe *sqe;
	struct iou ring;
	int p1[2], p2[2], fd, out;
	char buf[16];

	st_ring(sim, &ring, 8, 0);
	assert_int_equal(iou_sys_pipe(&ring, p1), 0);
	assert_int_equal(iou_sys_pipe(&ring, p2), 0);
	fd = iou_sys_open(&ring, "/tmp/src", O_CREAT | O_RDWR, 0600);
	out = iou_sys_open(&ring, "/tmp/dst", O_CREAT | O_RDWR, 0600);
	assert_int_equal(iou_sys_write(&ring, fd, "splicedata", 10), 10);
	sqe = st_sqe(&ring); /* file -> pipe */
	iou_prep_splice(sqe, fd, 0, p1[1], -1, 10, 0);
	assert_int_equal(run1(&ring, sqe, NULL), 10);
	sqe = st_sqe(&ring); /* pipe -> pipe, copying */
	iou_prep_tee(sqe, p1[0], p2[1], 10, 0);
	assert_int_equal(run1(&ring, sqe, NULL), 10);
	sqe = st_sqe(&ring); /* pipe -> file */
	iou_prep_splice(sqe, p1[0], -1, out, 0, 10, 0);
	assert_int_equal(run1(&ring, sqe, NULL), 10);
	assert_int_equal(iou_sys_read(&ring, p2[0], buf, 16), 10);
	assert_memory_equal(buf, "splicedata", 10);
	assert_int_equal(iou_sys_read(&ring, out, buf, 16), 10);
	assert_memory_equal(buf, "splicedata", 10);
	sqe = st_sqe(&ring); /* neither end a pipe */
	iou_prep_splice(sqe, fd, 0, out, 0, 10, 0);
	assert_int_equal(run1(&ring, sqe, NULL), -EINVAL);
	sqe = st_sqe(&ring); /* offset on a pipe */
	iou_prep_splice(sqe, p1[0], 3, out, 0, 10, 0);
	assert_int_equal(run1(&ring, sqe, NULL), -ESPIPE);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

static void test_vectored_and_fixed(void **state)
{
	struct iou_sim *sim = st_canon(0);
	char a[4] = "abcd", b[3] = "efg", x[4], y[3], reg[64];
	struct iovec w[2] = { { a, 4 }, { b, 3 } }, r[2] = { { x, 4 }, { y, 3 } };
	struct iovec rb = { reg, sizeof(reg) };
	struct iou_sqe *sqe;
	struct iou ring;
	int fd;

	st_ring(sim, &ring, 8, 0);
	fd = iou_sys_open(&ring, "/tmp/v", O_CREAT | O_RDWR, 0600);
	sqe = st_sqe(&ring);
	iou_prep_writev(sqe, fd, w, 2, 0);
	assert_int_equal(run1(&ring, sqe, NULL), 7);
	sqe = st_sqe(&ring);
	iou_prep_readv(sqe, fd, r, 2, 0);
	assert_int_equal(run1(&ring, sqe, NULL), 7);
	assert_memory_equal(x, "abcd", 4);
	assert_memory_equal(y, "efg", 3);
	assert_int_equal(iou_register_buffers(&ring, &rb, 1), 0);
	assert_int_equal(iou_register_buffers(&ring, &rb, 1), -EBUSY);
	sqe = st_sqe(&ring);
	iou_prep_read_fixed(sqe, fd, reg + 8, 7, 0, 0);
	assert_int_equal(run1(&ring, sqe, NULL), 7);
	assert_memory_equal(reg + 8, "abcdefg", 7);
	sqe = st_sqe(&ring);
	iou_prep_write_fixed(sqe, fd, reg + 60, 8, 0, 0); /* past its end */
	assert_int_equal(run1(&ring, sqe, NULL), -EFAULT);
	sqe = st_sqe(&ring);
	iou_prep_read_fixed(sqe, fd, reg, 4, 0, 1); /* no buffer 1 */
	assert_int_equal(run1(&ring, sqe, NULL), -EFAULT);
	assert_int_equal(iou_unregister_buffers(&ring), 0);
	assert_int_equal(iou_unregister_buffers(&ring), -ENXIO);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

static void test_fixed_files(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_sqe *sqe;
	struct iou ring;
	int fd, files[3], rfd;
	char buf[8];

	st_ring(sim, &ring, 8, 0);
	fd = iou_sys_open(&ring, "/tmp/ff", O_CREAT | O_RDWR, 0600);
	assert_int_equal(iou_sys_write(&ring, fd, "fixed", 5), 5);
	files[0] = -1;
	files[1] = fd;
	files[2] = -1;
	assert_int_equal(iou_register_files(&ring, files, 3), 0);
	assert_int_equal(iou_sys_close(&ring, fd), 0); /* the table keeps it */
	sqe = st_sqe(&ring);
	iou_prep_read(sqe, 1, buf, 8, 0);
	sqe->flags = IOU_SQE_FIXED_FILE;
	assert_int_equal(run1(&ring, sqe, NULL), 5);
	sqe = st_sqe(&ring);
	iou_prep_read(sqe, 0, buf, 8, 0);
	sqe->flags = IOU_SQE_FIXED_FILE;
	assert_int_equal(run1(&ring, sqe, NULL), -EBADF);
	/* direct open into slot 2, then close it */
	sqe = st_sqe(&ring);
	iou_prep_openat_direct(sqe, IOU_AT_FDCWD, "/tmp/ff", O_RDONLY, 0, 2);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	sqe = st_sqe(&ring);
	iou_prep_read(sqe, 2, buf, 8, 0);
	sqe->flags = IOU_SQE_FIXED_FILE;
	assert_int_equal(run1(&ring, sqe, NULL), 5);
	sqe = st_sqe(&ring);
	iou_prep_close_direct(sqe, 2);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	/* alloc picks a free slot */
	sqe = st_sqe(&ring);
	iou_prep_openat_direct(sqe, IOU_AT_FDCWD, "/tmp/ff", O_RDONLY, 0,
			       IOU_FILE_INDEX_ALLOC);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	/* update: clear slot 1 */
	files[0] = -1;
	assert_int_equal(iou_register_files_update(&ring, 1, files, 1), 1);
	sqe = st_sqe(&ring);
	iou_prep_read(sqe, 1, buf, 8, 0);
	sqe->flags = IOU_SQE_FIXED_FILE;
	assert_int_equal(run1(&ring, sqe, NULL), -EBADF);
	/* a ring fd cannot be registered */
	rfd = iou_ring_fd(&ring);
	assert_int_equal(iou_register_files_update(&ring, 1, &rfd, 1), -EBADF);
	assert_int_equal(iou_unregister_files(&ring), 0);
	assert_int_equal(iou_register_files_sparse(&ring, 8), 0);
	assert_int_equal(iou_register_files(&ring, files, 1), -EBUSY);
	/* close of the ring fd through the ring is refused */
	sqe = st_sqe(&ring);
	iou_prep_close(sqe, rfd);
	assert_int_equal(run1(&ring, sqe, NULL), -EBADF);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* The probe says what the sim models on the profile. */
static void test_probe(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou ring;

	st_ring(sim, &ring, 4, 0);
	assert_int_equal(iou_ring_opcode_supported(&ring, IOU_OP_READ), 1);
	assert_int_equal(iou_ring_opcode_supported(&ring, IOU_OP_PIPE), 1);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
	sim = st_canon(V(5, 10));
	st_ring(sim, &ring, 4, 0);
	assert_int_equal(iou_ring_opcode_supported(&ring, IOU_OP_MKDIRAT), 0);
	assert_int_equal(iou_ring_opcode_supported(&ring, IOU_OP_TEE), 1);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

static void test_emfile_fault(void **state)
{
	int seen = 0;

	for (uint64_t seed = 0; seed < 200; seed++) {
		struct iou_sim_opts o;
		struct iou_sim *sim;
		struct iou ring;
		int fd;

		memset(&o, 0, sizeof(o));
		o.seed = seed;
		o.faults = IOU_FAULT_EMFILE;
		sim = iou_sim_new(&o);
		if (iou_queue_init_sim(4, &ring, 0, sim)) {
			iou_sim_free(sim);
			continue;
		}
		fd = iou_sys_open(&ring, "/tmp/m", O_CREAT | O_RDWR, 0600);
		assert_true(fd >= 0 || fd == -EMFILE);
		seen += fd == -EMFILE;
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(seen > 0);
}

/* Fault classes are opt-in: off, never; on, each errno on some tape. */
static void test_io_faults(void **state)
{
	int seen_eio = 0, seen_enomem = 0, seen_eintr = 0, ok = 0;

	for (uint64_t seed = 0; seed < 300; seed++) {
		struct iou_sim_opts o;
		struct iou_sim *sim;
		struct iou_sqe *sqe;
		struct iou_cqe c;
		struct iou ring;
		char buf[8];
		int fd;

		memset(&o, 0, sizeof(o));
		o.seed = seed;
		o.faults = IOU_FAULT_EIO | IOU_FAULT_EINTR;
		if (seed & 1)
			o.faults |= IOU_FAULT_ENOMEM;
		sim = iou_sim_new(&o);
		if (iou_queue_init_sim(4, &ring, 0, sim)) {
			iou_sim_free(sim);
			continue;
		}
		fd = iou_sys_open(&ring, "/tmp/f", O_CREAT | O_RDWR, 0600);
		assert_int_equal(iou_sys_write(&ring, fd, "abc", 3), 3);
		sqe = st_sqe(&ring);
		iou_prep_read(sqe, fd, buf, 3, 0);
		st_submit_all(&ring);
		st_reap(&ring, &c, 1);
		seen_eio += c.res == -EIO;
		seen_enomem += c.res == -ENOMEM;
		seen_eintr += c.res == -EINTR;
		ok += c.res > 0;
		assert_true(c.res > 0 || c.res == -EIO || c.res == -ENOMEM ||
			    c.res == -EINTR);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
	assert_true(seen_eio && seen_enomem && seen_eintr && ok);
}

static void test_pipe_op(void **state)
{
	struct iou_sim *sim = st_canon(0);
	struct iou_sqe *sqe;
	struct iou ring;
	int fds[2] = { -1, -1 };
	char buf[4];

	st_ring(sim, &ring, 4, 0);
	sqe = st_sqe(&ring);
	iou_prep_pipe(sqe, fds, 0);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	assert_true(fds[0] >= 3 && fds[1] >= 3);
	assert_int_equal(iou_sys_write(&ring, fds[1], "ok", 2), 2);
	assert_int_equal(iou_sys_read(&ring, fds[0], buf, 4), 2);
	assert_int_equal(iou_register_files_sparse(&ring, 4), 0);
	sqe = st_sqe(&ring);
	iou_prep_pipe_direct(sqe, fds, 0, 1);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	assert_int_equal(fds[0], 1);
	assert_int_equal(fds[1], 2);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* A write to a full pipe waits for room; a splice from an empty pipe
 * waits for data (SPLICE_F_NONBLOCK: -EAGAIN). */
static void test_pipe_waits(void **state)
{
	for (uint64_t seed = 0; seed < 100; seed++) {
		struct iou_sim *sim = st_seeded(seed, 0);
		static char big[65536 + 100], sink[65536 + 100];
		struct iou_cqe c;
		struct iou_sqe *sqe;
		struct iou ring;
		int fds[2], fd;
		ssize_t n, got = 0;

		st_ring(sim, &ring, 8, 0);
		assert_int_equal(iou_sys_pipe(&ring, fds), 0);
		assert_int_equal(iou_sys_write(&ring, fds[1], big, 65536), 65536);
		sqe = st_sqe(&ring);
		iou_prep_write(sqe, fds[1], big, 100, 0);
		sqe->user_data = 1;
		st_submit_all(&ring);
		assert_int_equal(iou_cq_ready(&ring), 0);
		while ((n = iou_sys_read(&ring, fds[0], sink, 4096)) > 0)
			got += n;
		assert_int_equal(got, 65536);
		st_reap(&ring, &c, 1);
		assert_int_equal(c.res, 100);
		/* splice into a file from the pipe, which holds 100 bytes */
		fd = iou_sys_open(&ring, "/tmp/sp", O_CREAT | O_RDWR, 0600);
		sqe = st_sqe(&ring);
		iou_prep_splice(sqe, fds[0], -1, fd, 0, 1000, 0);
		st_submit_all(&ring);
		st_reap(&ring, &c, 1);
		assert_int_equal(c.res, 100);
		/* empty now: NONBLOCK -EAGAIN, else it waits */
		sqe = st_sqe(&ring);
		iou_prep_splice(sqe, fds[0], -1, fd, 100, 10, 0x2);
		st_submit_all(&ring);
		st_reap(&ring, &c, 1);
		assert_int_equal(c.res, -EAGAIN);
		sqe = st_sqe(&ring);
		iou_prep_splice(sqe, fds[0], -1, fd, 100, 10, 0);
		sqe->user_data = 5;
		st_submit_all(&ring);
		assert_int_equal(iou_sys_write(&ring, fds[1], "0123456789", 10),
				 10);
		st_reap(&ring, &c, 1);
		assert_int_equal(c.user_data, 5);
		assert_int_equal(c.res, 10);
		assert_int_equal(iou_sys_fsize(&ring, fd), 110);
		iou_queue_exit(&ring);
		iou_sim_free(sim);
	}
}

/* The iovec array is copied at submit: a parked readv reads into the
 * buffers it named even after the caller reused the array. */
static void test_readv_iovec_stable(void **state)
{
	struct iou_sim *sim = st_canon(0);
	char a[3] = { 0 }, b[3] = { 0 }, other[6] = { 0 };
	struct iovec iov[2] = { { a, 3 }, { b, 3 } };
	struct iou_cqe c;
	struct iou ring;
	int fds[2];

	st_ring(sim, &ring, 4, 0);
	assert_int_equal(iou_sys_pipe(&ring, fds), 0);
	iou_prep_readv(st_sqe(&ring), fds[0], iov, 2, 0);
	assert_int_equal(iou_submit(&ring), 1);
	iov[0].iov_base = other;
	iov[1].iov_base = other + 3;
	assert_int_equal(iou_sys_write(&ring, fds[1], "abcdef", 6), 6);
	st_reap(&ring, &c, 1);
	assert_int_equal(c.res, 6);
	assert_memory_equal(a, "abc", 3);
	assert_memory_equal(b, "def", 3);
	assert_memory_equal(other, "\0\0\0\0\0\0", 6);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

/* Odds and ends: readv with a selected buffer, sync_file_range, fadvise. */
static void test_misc_file_ops(void **state)
{
	struct iou_sim *sim = st_canon(0);
	static char pool[2][32];
	struct iovec one = { NULL, 8 };
	struct iou_sqe *sqe;
	uint32_t flags;
	struct iou ring;
	int fd, fds[2];

	st_ring(sim, &ring, 8, 0);
	fd = iou_sys_open(&ring, "/tmp/m", O_CREAT | O_RDWR, 0600);
	assert_int_equal(iou_sys_write(&ring, fd, "abcdefghij", 10), 10);
	assert_int_equal(iou_sys_pipe(&ring, fds), 0);
	sqe = st_sqe(&ring);
	iou_prep_provide_buffers(sqe, pool, 32, 2, 4, 0);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	sqe = st_sqe(&ring);
	iou_prep_readv(sqe, fd, &one, 1, 0);
	sqe->flags = IOU_SQE_BUFFER_SELECT;
	sqe->buf_group = 4;
	assert_int_equal(run1(&ring, sqe, &flags), 8);
	assert_true(flags & IOU_CQE_F_BUFFER);
	assert_memory_equal(pool[flags >> 16], "abcdefgh", 8);
	sqe = st_sqe(&ring);
	iou_prep_sync_file_range(sqe, fd, 10, 0, 0);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	sqe = st_sqe(&ring);
	iou_prep_sync_file_range(sqe, fds[0], 10, 0, 0);
	assert_int_equal(run1(&ring, sqe, NULL), -ESPIPE);
	sqe = st_sqe(&ring);
	iou_prep_sync_file_range(sqe, fd, 10, 0, 0x10);
	assert_int_equal(run1(&ring, sqe, NULL), -EINVAL);
	sqe = st_sqe(&ring);
	iou_prep_fadvise(sqe, fd, 0, 10, 1);
	assert_int_equal(run1(&ring, sqe, NULL), 0);
	sqe = st_sqe(&ring);
	iou_prep_fadvise(sqe, fds[0], 0, 10, 1);
	assert_int_equal(run1(&ring, sqe, NULL), -ESPIPE);
	sqe = st_sqe(&ring);
	iou_prep_fadvise(sqe, fd, 0, 10, 9);
	assert_int_equal(run1(&ring, sqe, NULL), -EINVAL);
	iou_queue_exit(&ring);
	iou_sim_free(sim);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_rw_eof_statx),
		cmocka_unit_test(test_short_reads_happen),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_pipes),
		cmocka_unit_test(test_splice_tee),
		cmocka_unit_test(test_vectored_and_fixed),
		cmocka_unit_test(test_fixed_files),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_emfile_fault),
		cmocka_unit_test(test_io_faults),
		cmocka_unit_test(test_pipe_op),
		cmocka_unit_test(test_pipe_waits),
		cmocka_unit_test(test_misc_file_ops),
		cmocka_unit_test(test_readv_iovec_stable),
	};

	return cmocka_run_group_tests_name("sim.files", tests, NULL, NULL);
}

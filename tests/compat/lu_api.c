/* lu_api.c — a liburing program, written against liburing's API only and
 * built with iou-liburing: each function below exercises one part of the
 * API as liburing documents it, on the kernel. Exit 0: all passed; 77:
 * io_uring is unavailable here; 1: a check failed (printed). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <liburing.h>

#include "lu_reap.h"

static int failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: %s: check failed: %s\n",       \
				__FILE__, __LINE__, __func__, #cond);          \
			failed = 1;                                            \
			return;                                                \
		}                                                              \
	} while (0)

/* The ring's layout is liburing's: binaries built against liburing and
 * this header agree on every field. */
static void layout(void)
{
#if defined(__x86_64__) || defined(__aarch64__)
	CHECK(sizeof(struct io_uring_sq) == 104);
	CHECK(sizeof(struct io_uring_cq) == 88);
	CHECK(sizeof(struct io_uring) == 216);
	CHECK(offsetof(struct io_uring, flags) == 192);
	CHECK(offsetof(struct io_uring, int_flags) == 208);
	CHECK(offsetof(struct io_uring_sq, sqe_head) == 64);
	CHECK(offsetof(struct io_uring_sq, ring_mask) == 88);
	CHECK(offsetof(struct io_uring_cq, cqes) == 48);
#endif
	CHECK(sizeof(struct io_uring_sqe) == 64);
	CHECK(sizeof(struct io_uring_cqe) == 16);
	CHECK(sizeof(struct io_uring_params) == 120);
}

/* Preps leave user_data as it was; every other field is theirs. */
static void prep_keeps_user_data(void)
{
	struct io_uring_sqe sqe;

	memset(&sqe, 0xff, sizeof(sqe));
	sqe.user_data = 77;
	io_uring_prep_nop(&sqe);
	CHECK(sqe.user_data == 77);
	CHECK(sqe.opcode == IORING_OP_NOP && sqe.flags == 0 && sqe.fd == -1);
	io_uring_prep_read(&sqe, 3, NULL, 10, 5);
	CHECK(sqe.user_data == 77 && sqe.off == 5 && sqe.len == 10);
	io_uring_sqe_set_data64(&sqe, 9);
	io_uring_prep_poll_add(&sqe, 4, POLLIN);
	CHECK(sqe.user_data == 9 && sqe.poll32_events == POLLIN);
}

static void nop_and_rw(struct io_uring *ring)
{
	char path[] = "/tmp/iou-lu-XXXXXX", buf[6] = { 0 };
	struct io_uring_sqe *sqe;
	int fd, res;
	__u64 ud;

	sqe = io_uring_get_sqe(ring);
	CHECK(sqe);
	io_uring_sqe_set_data64(sqe, 5); /* before the prep: kept */
	io_uring_prep_nop(sqe);
	CHECK(io_uring_submit(ring) == 1);
	CHECK(reap(ring, &res, &ud) == 0 && res == 0 && ud == 5);

	fd = mkstemp(path);
	CHECK(fd >= 0);
	unlink(path);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_write(sqe, fd, "hello", 5, 0);
	sqe->flags |= IOSQE_IO_LINK;
	sqe->user_data = 1;
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_read(sqe, fd, buf, 5, 0);
	sqe->user_data = 2;
	CHECK(io_uring_submit_and_wait(ring, 2) == 2);
	CHECK(io_uring_cq_ready(ring) == 2);
	CHECK(reap(ring, &res, &ud) == 0 && ud == 1 && res == 5);
	CHECK(reap(ring, &res, &ud) == 0 && ud == 2 && res == 5);
	CHECK(memcmp(buf, "hello", 5) == 0);
	close(fd);
}

static void iterate(struct io_uring *ring)
{
	struct io_uring_cqe *cqe, *cqes[8];
	unsigned head, n = 0, i;

	for (i = 0; i < 4; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(ring);

		io_uring_prep_nop(sqe);
		io_uring_sqe_set_data(sqe, (void *)(uintptr_t)(100 + i));
	}
	CHECK(io_uring_sq_ready(ring) == 4);
	CHECK(io_uring_submit_and_wait(ring, 4) == 4);
	CHECK(io_uring_sq_ready(ring) == 0);
	CHECK(io_uring_peek_batch_cqe(ring, cqes, 8) == 4);
	CHECK(io_uring_cqe_get_data64(cqes[3]) == 103);
	io_uring_for_each_cqe(ring, head, cqe) {
		CHECK((uintptr_t)io_uring_cqe_get_data(cqe) == 100 + n);
		n++;
	}
	CHECK(n == 4);
	io_uring_cq_advance(ring, n);
	CHECK(io_uring_cq_ready(ring) == 0);
	CHECK(io_uring_peek_cqe(ring, &cqe) == -EAGAIN);
}

static void timeouts(struct io_uring *ring)
{
	struct __kernel_timespec ts = { .tv_sec = 0, .tv_nsec = 20000000 };
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	int res;
	__u64 ud;

	CHECK(io_uring_wait_cqe_timeout(ring, &cqe, &ts) == -ETIME);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_timeout(sqe, &ts, 0, 0);
	sqe->user_data = 9;
	CHECK(io_uring_submit_and_wait_timeout(ring, &cqe, 1, NULL, NULL) >= 0);
	CHECK(reap(ring, &res, &ud) == 0 && ud == 9 && res == -ETIME);
	if (ring->features & IORING_FEAT_MIN_TIMEOUT) {
		/* Two wanted, one comes: the wait ends after min_wait. */
		ts.tv_sec = 5;
		ts.tv_nsec = 0;
		sqe = io_uring_get_sqe(ring);
		io_uring_prep_nop(sqe);
		sqe->user_data = 10;
		CHECK(io_uring_submit_and_wait_min_timeout(ring, &cqe, 2, &ts,
							   1000, NULL) >= 0);
		CHECK(reap(ring, &res, &ud) == 0 && ud == 10);
	}
}

static void probe(void)
{
	struct io_uring_probe *p = io_uring_get_probe();

	CHECK(p);
	CHECK(io_uring_opcode_supported(p, IORING_OP_NOP));
	CHECK(!io_uring_opcode_supported(p, 255));
	io_uring_free_probe(p);
}

static void files_and_raw_register(struct io_uring *ring)
{
	int fds[2], res;
	struct io_uring_sqe *sqe;
	char c = 0;
	__u64 ud;

	CHECK(pipe(fds) == 0);
	CHECK(io_uring_register_files(ring, fds, 2) == 0);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_write(sqe, 1, "x", 1, 0); /* fixed slot 1: fds[1] */
	sqe->flags |= IOSQE_FIXED_FILE;
	CHECK(io_uring_submit(ring) == 1);
	CHECK(reap(ring, &res, &ud) == 0 && res == 1);
	CHECK(read(fds[0], &c, 1) == 1 && c == 'x');
	/* The raw call, on the ring's fd. */
	CHECK(io_uring_register(ring->ring_fd, IORING_UNREGISTER_FILES, NULL,
				0) == 0);
	CHECK(io_uring_unregister_files(ring) == -ENXIO);
	close(fds[0]);
	close(fds[1]);
}

static void disabled_ring(void)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	int res;
	__u64 ud;

	CHECK(io_uring_queue_init(4, &ring, IORING_SETUP_R_DISABLED) == 0);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	CHECK(io_uring_submit(&ring) == -EBADFD);
	CHECK(io_uring_enable_rings(&ring) == 0);
	CHECK(io_uring_submit(&ring) == 1);
	CHECK(reap(&ring, &res, &ud) == 0 && res == 0);
	io_uring_queue_exit(&ring);
}

static void *enable_and_nop(void *arg)
{
	struct io_uring *ring = arg;
	struct io_uring_sqe *sqe;
	intptr_t ok = 0;
	int res;
	__u64 ud;

	if (io_uring_enable_rings(ring))
		return (void *)ok;
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_nop(sqe);
	sqe->user_data = 3;
	if (io_uring_submit(ring) == 1 && !reap(ring, &res, &ud) && ud == 3)
		ok = 1;
	return (void *)ok;
}

/* The kernel's hand-off: a disabled single-issuer ring belongs to the
 * thread that enables it. */
static void single_issuer_handoff(void)
{
	struct io_uring ring;
	pthread_t t;
	void *ok = NULL;

	CHECK(io_uring_queue_init(4, &ring, IORING_SETUP_SINGLE_ISSUER |
				  IORING_SETUP_R_DISABLED) == 0);
	CHECK(pthread_create(&t, NULL, enable_and_nop, &ring) == 0);
	CHECK(pthread_join(t, &ok) == 0);
	CHECK(ok == (void *)1);
	io_uring_queue_exit(&ring);
}

static void big_entries(void)
{
	struct io_uring ring;
	struct io_uring_cqe *cqe;
	unsigned head, n = 0;

	CHECK(io_uring_queue_init(4, &ring, IORING_SETUP_SQE128 |
				  IORING_SETUP_CQE32) == 0);
	for (int i = 0; i < 3; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		CHECK(sqe == &ring.sq.sqes[2 * i]);
		io_uring_prep_nop(sqe);
		sqe->user_data = 10 + i;
	}
	CHECK(io_uring_submit_and_wait(&ring, 3) == 3);
	io_uring_for_each_cqe(&ring, head, cqe) {
		CHECK(cqe->user_data == 10 + n);
		CHECK(cqe == &ring.cq.cqes[2 * n]);
		CHECK(io_uring_cqe_nr(cqe) == 1); /* not CQE_MIXED */
		n++;
	}
	CHECK(n == 3);
	io_uring_cq_advance(&ring, n);
	io_uring_queue_exit(&ring);
}

static void setup_then_mmap(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	int fd, res;
	__u64 ud;

	memset(&p, 0, sizeof(p));
	fd = io_uring_setup(4, &p);
	CHECK(fd >= 0);
	CHECK(io_uring_queue_mmap(fd, &p, &ring) == 0);
	CHECK(ring.ring_fd == fd);
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	CHECK(io_uring_submit(&ring) == 1);
	CHECK(reap(&ring, &res, &ud) == 0 && res == 0);
	io_uring_queue_exit(&ring);
	CHECK(io_uring_setup(0, &p) == -EINVAL);
}

/* Rings in the program's own memory (NO_MMAP, 6.5). */
static void rings_in_app_memory(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	size_t len = 64 * 1024;
	void *buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ret, res;
	__u64 ud;

	CHECK(buf != MAP_FAILED);
	memset(&p, 0, sizeof(p));
	CHECK(io_uring_queue_init_mem(8, &ring, &p, buf, 4096) == -ENOMEM);
	memset(&p, 0, sizeof(p));
	ret = io_uring_queue_init_mem(8, &ring, &p, buf, len);
	CHECK(ret > 0 && (size_t)ret <= len);
	CHECK(ring.flags & IORING_SETUP_NO_MMAP);
	CHECK((void *)ring.sq.sqes == buf);
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	io_uring_sqe_set_data64(&ring.sq.sqes[0], 8);
	CHECK(io_uring_submit(&ring) == 1);
	CHECK(reap(&ring, &res, &ud) == 0 && res == 0 && ud == 8);
	io_uring_queue_exit(&ring);
	munmap(buf, len);
}

static void ring_fd_registered_and_closed(void)
{
	struct io_uring ring;
	struct io_uring_probe *probe;
	int res;
	__u64 ud;

	CHECK(io_uring_queue_init(4, &ring, 0) == 0);
	CHECK(io_uring_register_ring_fd(&ring) == 1);
	CHECK(ring.int_flags & IOU_LIBURING_INT_REG_RING);
	CHECK(io_uring_close_ring_fd(&ring) == 1);
	CHECK(ring.ring_fd == -1);
	io_uring_prep_nop(io_uring_get_sqe(&ring));
	CHECK(io_uring_submit(&ring) == 1);
	CHECK(reap(&ring, &res, &ud) == 0 && res == 0);
	/* Registrations go by the registered index (6.3). */
	probe = io_uring_get_probe_ring(&ring);
	CHECK(probe && io_uring_opcode_supported(probe, IORING_OP_NOP));
	io_uring_free_probe(probe);
	io_uring_queue_exit(&ring);
}

static void buf_ring(struct io_uring *ring)
{
	struct io_uring_buf_ring *br;
	struct io_uring_cqe *cqe;
	struct io_uring_sqe *sqe;
	static char bufs[4][16];
	int fds[2], err;

	br = io_uring_setup_buf_ring(ring, 4, 7, 0, &err);
	CHECK(br && err == 0);
	for (int i = 0; i < 4; i++)
		io_uring_buf_ring_add(br, bufs[i], 16, (unsigned short)i,
				      io_uring_buf_ring_mask(4), i);
	io_uring_buf_ring_advance(br, 4);
	CHECK(pipe(fds) == 0);
	CHECK(write(fds[1], "abc", 3) == 3);
	sqe = io_uring_get_sqe(ring);
	io_uring_prep_read(sqe, fds[0], NULL, 16, 0);
	sqe->flags |= IOSQE_BUFFER_SELECT;
	sqe->buf_group = 7;
	CHECK(io_uring_submit(ring) == 1);
	CHECK(io_uring_wait_cqe(ring, &cqe) == 0);
	CHECK(cqe->res == 3 && (cqe->flags & IORING_CQE_F_BUFFER));
	CHECK(memcmp(bufs[cqe->flags >> IORING_CQE_BUFFER_SHIFT], "abc", 3) ==
	      0);
	io_uring_buf_ring_cq_advance(ring, br, 1);
	CHECK(io_uring_free_buf_ring(ring, br, 4, 7) == 0);
	close(fds[0]);
	close(fds[1]);
}

static void registrations(struct io_uring *ring)
{
	unsigned vals[2] = { 0, 0 };
	int id;

	id = io_uring_register_personality(ring);
	CHECK(id > 0);
	CHECK(io_uring_unregister_personality(ring, id) == 0);
	CHECK(io_uring_register_iowq_max_workers(ring, vals) == 0);
	CHECK(vals[0] > 0 && vals[1] > 0);
	CHECK(io_uring_register_buffers_sparse(ring, 2) == 0);
	CHECK(io_uring_unregister_buffers(ring) == 0);
	CHECK(io_uring_register_files_sparse(ring, 2) == 0);
	CHECK(io_uring_register_file_alloc_range(ring, 0, 1) == 0);
	CHECK(io_uring_unregister_files(ring) == 0);
}

/* Bigger rings with requests in flight (6.13). */
static void resize(void)
{
	struct io_uring_params p;
	struct io_uring ring;
	int res, ret, i;
	__u64 ud;

	CHECK(io_uring_queue_init(4, &ring, IORING_SETUP_SINGLE_ISSUER |
				  IORING_SETUP_DEFER_TASKRUN) == 0);
	for (i = 0; i < 3; i++) {
		io_uring_prep_nop(io_uring_get_sqe(&ring));
		ring.sq.sqes[i].user_data = (__u64)i;
	}
	CHECK(io_uring_submit(&ring) == 3);
	memset(&p, 0, sizeof(p));
	p.sq_entries = 64;
	p.cq_entries = 256;
	p.flags = IORING_SETUP_CQSIZE;
	ret = io_uring_resize_rings(&ring, &p);
	if (ret == -EINVAL) { /* before 6.13 */
		io_uring_queue_exit(&ring);
		return;
	}
	CHECK(ret == 0);
	CHECK(ring.sq.ring_entries == 64 && ring.cq.ring_entries == 256);
	CHECK(*ring.sq.kring_entries == 64);
	for (i = 0; i < 3; i++) /* completed before or after the move */
		CHECK(reap(&ring, &res, &ud) == 0 && ud == (__u64)i);
	for (i = 0; i < 40; i++) {
		struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

		CHECK(sqe);
		io_uring_prep_nop(sqe);
		sqe->user_data = 100 + (__u64)i;
	}
	CHECK(io_uring_submit_and_wait(&ring, 40) == 40);
	CHECK(io_uring_cq_ready(&ring) == 40);
	io_uring_cq_advance(&ring, 40);
	io_uring_queue_exit(&ring);
}

/* Registered buffers shared with a second ring (6.12). */
static void clone_buffers(struct io_uring *ring)
{
	static char b[2][64];
	struct iovec iov[2] = { { b[0], 64 }, { b[1], 64 } };
	struct io_uring dst;
	int ret;

	CHECK(io_uring_queue_init(4, &dst, 0) == 0);
	ret = io_uring_clone_buffers(&dst, ring);
	if (ret == -EINVAL) { /* before 6.12 */
		io_uring_queue_exit(&dst);
		return;
	}
	CHECK(ret == -ENXIO); /* nothing to clone */
	CHECK(io_uring_register_buffers(ring, iov, 2) == 0);
	CHECK(io_uring_clone_buffers(&dst, ring) == 0);
	CHECK(io_uring_clone_buffers(&dst, ring) == -EBUSY);
	CHECK(io_uring_unregister_buffers(ring) == 0);
	io_uring_queue_exit(&dst);
}

static void sync_cancel(struct io_uring *ring)
{
	struct io_uring_sync_cancel_reg reg;
	int fds[2], res;
	__u64 ud;

	CHECK(pipe(fds) == 0);
	io_uring_prep_poll_add(io_uring_get_sqe(ring), fds[0], POLLIN);
	ring->sq.sqes[(ring->sq.sqe_tail - 1) & ring->sq.ring_mask].user_data =
		31;
	CHECK(io_uring_submit(ring) == 1);
	memset(&reg, 0, sizeof(reg));
	reg.addr = 31;
	reg.timeout.tv_sec = -1;
	reg.timeout.tv_nsec = -1;
	CHECK(io_uring_register_sync_cancel(ring, &reg) == 0);
	CHECK(reap(ring, &res, &ud) == 0 && ud == 31 && res == -ECANCELED);
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	struct io_uring ring;
	int ret = io_uring_queue_init(8, &ring, 0);

	if (ret == -ENOSYS || ret == -EPERM) {
		printf("io_uring unavailable (%d): skip\n", ret);
		return 77;
	}
	if (ret) {
		fprintf(stderr, "queue_init: %d\n", ret);
		return 1;
	}
	layout();
	prep_keeps_user_data();
	nop_and_rw(&ring);
	iterate(&ring);
	timeouts(&ring);
	probe();
	files_and_raw_register(&ring);
	disabled_ring();
	single_issuer_handoff();
	big_entries();
	setup_then_mmap();
	rings_in_app_memory();
	ring_fd_registered_and_closed();
	buf_ring(&ring);
	registrations(&ring);
	sync_cancel(&ring);
	clone_buffers(&ring);
	resize();
	io_uring_queue_exit(&ring);
	printf("%s\n", failed ? "FAILED" : "ok");
	return failed;
}

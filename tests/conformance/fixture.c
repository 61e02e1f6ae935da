/* fixture.c — the conformance fixture: run setup/teardown, requirement
 * checks, bounded CQE reaping, and world helpers built only on the ring and
 * iou_sys_*, so every backend serves them. */
#include "fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "iou_sim.h"

/* A CQE that does not come within FX_IDLE_ROUNDS waits of FX_WAIT_MS is a
 * hang: the longest timer any case arms is far shorter. */
#define FX_WAIT_MS 1000U
#define FX_IDLE_ROUNDS 10U

struct iou_timespec fx_ms(unsigned ms)
{
	struct iou_timespec ts;

	ts.tv_sec = ms / 1000U;
	ts.tv_nsec = (long long)(ms % 1000U) * 1000000LL;
	return ts;
}

/* ---- run setup and teardown -------------------------------------------- */

int fx_setup(struct fx *fx, const struct fx_backend *be,
	     const struct fx_case *c)
{
	struct iou_params p;
	unsigned i;
	int ret;

	memset(fx, 0, sizeof(*fx));
	fx->backend = be;
	fx->backend_name = be->name;
	fx->fcase = c;
	for (i = 0; i < FX_MAX_FDS; i++)
		fx->fds[i] = -1;
	memset(&p, 0, sizeof(p));
	p.flags = c->setup_flags;
	if (c->setup_flags & IOU_SETUP_CQSIZE)
		p.cq_entries = c->cq_entries;
	ret = be->init(fx, c->entries ? c->entries : 16, &p);
	fx->params = p;
	if (ret < 0)
		fprintf(stderr, "fx: %s init for %s: %s\n", be->name, c->name,
			iou_strerror(ret));
	return ret;
}

void fx_teardown(struct fx *fx)
{
	unsigned i;

	for (i = 0; i < FX_MAX_BUF_RINGS; i++) {
		if (fx->brs[i].br)
			iou_free_buf_ring(&fx->ring, fx->brs[i].br,
					  fx->brs[i].entries, fx->brs[i].bgid);
		fx->brs[i].br = NULL;
	}
	for (i = 0; i < FX_MAX_FDS; i++) {
		if (fx->fds[i] >= 0)
			iou_sys_close(&fx->ring, fx->fds[i]);
		fx->fds[i] = -1;
	}
	if (fx->ring2_up)
		iou_queue_exit(&fx->ring2);
	fx->ring2_up = 0;
	iou_queue_exit(&fx->ring);
	fx->backend->fini(fx);
}

void fx_run_case(struct fx *fx)
{
	const struct fx_case *c = fx->fcase;
	unsigned i;

	if (c->min_kernel)
		fx_require_kernel(fx, c->min_kernel);
	if (c->needs_feat)
		fx_require_feat(fx, c->needs_feat);
	for (i = 0; i < FX_MAX_OPS && c->needs_op[i]; i++)
		fx_require_op(fx, c->needs_op[i]);
	c->fn(fx);
}

/* ---- requirements ------------------------------------------------------ */

/* Each opcode's first kernel: KERNEL_FACTS.md, "Op availability (first
 * kernel)". What a kernel without REGISTER_PROBE (before 5.6) has. */
static const struct {
	int op;
	uint32_t since;
} op_first[] = {
	{ IOU_OP_NOP, IOU_KERNEL_VERSION(5, 1) },
	{ IOU_OP_READV, IOU_KERNEL_VERSION(5, 1) },
	{ IOU_OP_WRITEV, IOU_KERNEL_VERSION(5, 1) },
	{ IOU_OP_FSYNC, IOU_KERNEL_VERSION(5, 1) },
	{ IOU_OP_READ_FIXED, IOU_KERNEL_VERSION(5, 1) },
	{ IOU_OP_WRITE_FIXED, IOU_KERNEL_VERSION(5, 1) },
	{ IOU_OP_POLL_ADD, IOU_KERNEL_VERSION(5, 1) },
	{ IOU_OP_POLL_REMOVE, IOU_KERNEL_VERSION(5, 1) },
	{ IOU_OP_SYNC_FILE_RANGE, IOU_KERNEL_VERSION(5, 2) },
	{ IOU_OP_SENDMSG, IOU_KERNEL_VERSION(5, 3) },
	{ IOU_OP_RECVMSG, IOU_KERNEL_VERSION(5, 3) },
	{ IOU_OP_TIMEOUT, IOU_KERNEL_VERSION(5, 4) },
	{ IOU_OP_ACCEPT, IOU_KERNEL_VERSION(5, 5) },
	{ IOU_OP_TIMEOUT_REMOVE, IOU_KERNEL_VERSION(5, 5) },
	{ IOU_OP_ASYNC_CANCEL, IOU_KERNEL_VERSION(5, 5) },
	{ IOU_OP_LINK_TIMEOUT, IOU_KERNEL_VERSION(5, 5) },
	{ IOU_OP_CONNECT, IOU_KERNEL_VERSION(5, 5) },
	{ IOU_OP_FALLOCATE, IOU_KERNEL_VERSION(5, 6) },
	{ IOU_OP_OPENAT, IOU_KERNEL_VERSION(5, 6) },
	{ IOU_OP_CLOSE, IOU_KERNEL_VERSION(5, 6) },
	{ IOU_OP_STATX, IOU_KERNEL_VERSION(5, 6) },
	{ IOU_OP_READ, IOU_KERNEL_VERSION(5, 6) },
	{ IOU_OP_WRITE, IOU_KERNEL_VERSION(5, 6) },
	{ IOU_OP_SEND, IOU_KERNEL_VERSION(5, 6) },
	{ IOU_OP_RECV, IOU_KERNEL_VERSION(5, 6) },
	{ IOU_OP_OPENAT2, IOU_KERNEL_VERSION(5, 6) },
	{ IOU_OP_FADVISE, IOU_KERNEL_VERSION(5, 6) },
	{ IOU_OP_MADVISE, IOU_KERNEL_VERSION(5, 6) },
	{ IOU_OP_EPOLL_CTL, IOU_KERNEL_VERSION(5, 6) },
	{ IOU_OP_SPLICE, IOU_KERNEL_VERSION(5, 7) },
	{ IOU_OP_PROVIDE_BUFFERS, IOU_KERNEL_VERSION(5, 7) },
	{ IOU_OP_REMOVE_BUFFERS, IOU_KERNEL_VERSION(5, 7) },
	{ IOU_OP_TEE, IOU_KERNEL_VERSION(5, 8) },
	{ IOU_OP_SHUTDOWN, IOU_KERNEL_VERSION(5, 11) },
	{ IOU_OP_RENAMEAT, IOU_KERNEL_VERSION(5, 11) },
	{ IOU_OP_UNLINKAT, IOU_KERNEL_VERSION(5, 11) },
	{ IOU_OP_MKDIRAT, IOU_KERNEL_VERSION(5, 15) },
	{ IOU_OP_SYMLINKAT, IOU_KERNEL_VERSION(5, 15) },
	{ IOU_OP_LINKAT, IOU_KERNEL_VERSION(5, 15) },
	{ IOU_OP_MSG_RING, IOU_KERNEL_VERSION(5, 18) },
	{ IOU_OP_SOCKET, IOU_KERNEL_VERSION(5, 19) },
	{ IOU_OP_SEND_ZC, IOU_KERNEL_VERSION(6, 0) },
	{ IOU_OP_SENDMSG_ZC, IOU_KERNEL_VERSION(6, 1) },
	{ IOU_OP_WAITID, IOU_KERNEL_VERSION(6, 7) },
	{ IOU_OP_FUTEX_WAIT, IOU_KERNEL_VERSION(6, 7) },
	{ IOU_OP_FUTEX_WAKE, IOU_KERNEL_VERSION(6, 7) },
	{ IOU_OP_FUTEX_WAITV, IOU_KERNEL_VERSION(6, 7) },
	{ IOU_OP_BIND, IOU_KERNEL_VERSION(6, 11) },
	{ IOU_OP_LISTEN, IOU_KERNEL_VERSION(6, 11) },
};

int fx_op_supported(struct fx *fx, int op)
{
	struct iou_probe *probe = calloc(1, sizeof(*probe) +
					 256 * sizeof(struct iou_probe_op));
	uint32_t k;
	size_t i;
	int r;

	assert_non_null(probe);
	r = iou_register(&fx->ring, IOU_REGISTER_PROBE, probe, 256);
	if (r >= 0) {
		r = iou_opcode_supported(probe, op);
		free(probe);
		return r;
	}
	free(probe);
	/* No REGISTER_PROBE before 5.6 (-EINVAL): the kernel's version
	 * against each op's first kernel. */
	if (r != -EINVAL)
		fail_msg("probe: %s", iou_strerror(r));
	k = fx->backend->kernel(fx);
	for (i = 0; i < sizeof(op_first) / sizeof(op_first[0]); i++)
		if (op_first[i].op == op)
			return k >= op_first[i].since;
	/* not in the table (FILES_UPDATE, URING_CMD...): 5.6 or newer, so
	 * not on a kernel without the probe */
	return 0;
}

void fx_require_op(struct fx *fx, int op)
{
	int r = fx_op_supported(fx, op);

	if (r == 0) {
		print_message("[  SKIP    ] %s: opcode %s unsupported\n",
			      fx->backend_name, iou_op_name((unsigned)op));
		skip();
	}
}

void fx_require_kernel(struct fx *fx, uint32_t version)
{
	uint32_t k = fx->backend->kernel(fx);

	if (k < version) {
		print_message("[  SKIP    ] %s: kernel %u.%u < %u.%u\n",
			      fx->backend_name, k >> 16, (k >> 8) & 0xff,
			      version >> 16, (version >> 8) & 0xff);
		skip();
	}
}

void fx_require_feat(struct fx *fx, uint32_t feat)
{
	if ((fx->ring.features & feat) != feat) {
		print_message("[  SKIP    ] %s: features 0x%x lack 0x%x\n",
			      fx->backend_name, fx->ring.features, feat);
		skip();
	}
}

/* ---- SQEs and CQEs ----------------------------------------------------- */

int fx_wait_on(struct fx *fx, struct iou *ring, unsigned nr, unsigned ms)
{
	struct iou_timespec ts = fx_ms(ms);
	struct iou_cqe *cqe;

	(void)fx;
	/* Without EXT_ARG (before 5.11) iou waits have no timeout: wait
	 * unbounded; the sim reports a hang as -EDEADLK. */
	if (!(ring->features & IOU_FEAT_EXT_ARG))
		return iou_wait_cqes(ring, &cqe, nr, NULL);
	return iou_wait_cqes(ring, &cqe, nr, &ts);
}

int fx_wait_cqes(struct fx *fx, unsigned nr, unsigned ms)
{
	return fx_wait_on(fx, &fx->ring, nr, ms);
}

struct iou_sqe *fx_sqe(struct fx *fx)
{
	struct iou_sqe *sqe = iou_get_sqe(&fx->ring);

	assert_non_null(sqe);
	return sqe;
}

int fx_submit(struct fx *fx, int expect)
{
	int total = 0;
	unsigned tries = 0;

	for (;;) {
		int r = iou_submit(&fx->ring);

		if (r == -EINTR || r == -EAGAIN || r == -EBUSY) {
			if (++tries >= 100)
				fail_msg("submit: %s", iou_strerror(r));
			continue;
		}
		if (r < 0)
			fail_msg("submit: %s", iou_strerror(r));
		total += r;
		/* A kernel may take fewer SQEs than offered (out of request
		 * memory): submit the rest, up to what the case expects. */
		if (expect < 0 || total >= expect || r == 0 ||
		    iou_sq_ready(&fx->ring) == 0)
			break;
		assert_true(++tries < 100);
	}
	if (expect >= 0)
		assert_int_equal(total, expect);
	return total;
}

void fx_reap_on(struct fx *fx, struct iou *ring, struct iou_cqe *cqes,
		unsigned n)
{
	unsigned got = 0, idle = 0;

	while (got < n) {
		int r = iou_copy_cqes(ring, cqes + got, n - got, 0);

		if (r > 0) {
			got += (unsigned)r;
			idle = 0;
			continue;
		}
		if (r < 0 && r != -EINTR && r != -EAGAIN && r != -EBUSY)
			fail_msg("copy_cqes: %s", iou_strerror(r));
		r = fx_wait_on(fx, ring, 1, FX_WAIT_MS);
		if (r == 0 || r == -EINTR || r == -EAGAIN)
			continue;
		if (r == -ETIME) {
			if (++idle >= FX_IDLE_ROUNDS)
				fail_msg("hang: %u of %u CQEs after %u ms", got,
					 n, FX_WAIT_MS * FX_IDLE_ROUNDS);
			continue;
		}
		fail_msg("wait for CQE %u of %u: %s", got + 1, n,
			 iou_strerror(r));
	}
}

void fx_reap(struct fx *fx, struct iou_cqe *cqes, unsigned n)
{
	fx_reap_on(fx, &fx->ring, cqes, n);
}

struct iou_cqe fx_reap1(struct fx *fx)
{
	struct iou_cqe cqe;

	fx_reap(fx, &cqe, 1);
	return cqe;
}

void fx_submit_wait(struct fx *fx, int expect, struct iou_cqe *cqes,
		    unsigned n)
{
	fx_submit(fx, expect);
	fx_reap(fx, cqes, n);
}

void fx_expect_quiet(struct fx *fx, unsigned ms)
{
	struct iou_timespec ts = fx_ms(ms);
	struct iou_cqe *cqe = NULL;
	int r;

	if (!(fx->ring.features & IOU_FEAT_EXT_ARG)) {
		/* No wait timeout before 5.11: a TIMEOUT must post first. */
		struct iou_sqe *sqe = fx_sqe(fx);
		struct iou_cqe c;

		iou_prep_timeout(sqe, &ts, 0, 0);
		iou_sqe_set_data64(sqe, FX_QUIET_UD);
		fx_submit(fx, 1);
		fx_reap(fx, &c, 1);
		if (c.user_data != FX_QUIET_UD)
			fail_msg("unexpected CQE: user_data %llu res %d "
				 "flags 0x%x",
				 (unsigned long long)c.user_data, c.res,
				 c.flags);
		assert_int_equal(c.res, -ETIME);
		return;
	}
	do
		r = iou_wait_cqe_timeout(&fx->ring, &cqe, &ts);
	while (r == -EINTR);
	if (r == 0)
		fail_msg("unexpected CQE: user_data %llu res %d flags 0x%x",
			 (unsigned long long)cqe->user_data, cqe->res,
			 cqe->flags);
	assert_int_equal(r, -ETIME);
}

void fx_wait_ready(struct fx *fx, unsigned n)
{
	unsigned idle = 0;

	while (iou_cq_ready(&fx->ring) < n) {
		int r = fx_wait_cqes(fx, n, FX_WAIT_MS);

		if (r == 0 || r == -EINTR || r == -EAGAIN)
			continue;
		if (r == -ETIME) {
			if (++idle >= FX_IDLE_ROUNDS)
				fail_msg("hang: %u of %u CQEs ready",
					 iou_cq_ready(&fx->ring), n);
			continue;
		}
		fail_msg("wait for %u CQEs: %s", n, iou_strerror(r));
	}
}

struct iou_cqe *fx_find(struct iou_cqe *cqes, unsigned n, uint64_t user_data)
{
	int i = fx_index(cqes, n, user_data);

	return i < 0 ? NULL : &cqes[i];
}

int fx_index(const struct iou_cqe *cqes, unsigned n, uint64_t user_data)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (cqes[i].user_data == user_data)
			return (int)i;
	return -1;
}

unsigned fx_count(const struct iou_cqe *cqes, unsigned n, uint64_t user_data)
{
	unsigned i, c = 0;

	for (i = 0; i < n; i++)
		c += cqes[i].user_data == user_data;
	return c;
}

/* ---- the world --------------------------------------------------------- */

const char *fx_path(struct fx *fx, const char *name)
{
	char *p = fx->pathbuf[fx->pathnext++ % 4];
	int n = snprintf(p, FX_PATH_MAX, "%s/%s", fx->dir, name);

	assert_true(n > 0 && n < FX_PATH_MAX);
	return p;
}

int fx_track(struct fx *fx, int fd)
{
	unsigned i;

	assert_true(fd >= 0);
	for (i = 0; i < FX_MAX_FDS; i++) {
		if (fx->fds[i] < 0) {
			fx->fds[i] = fd;
			return fd;
		}
	}
	fail_msg("fx: more than %u fds", FX_MAX_FDS);
	return fd;
}

void fx_untrack(struct fx *fx, int fd)
{
	unsigned i;

	for (i = 0; i < FX_MAX_FDS; i++)
		if (fx->fds[i] == fd)
			fx->fds[i] = -1;
}

void fx_close(struct fx *fx, int fd)
{
	fx_untrack(fx, fd);
	assert_int_equal(iou_sys_close(&fx->ring, fd), 0);
}

void fx_write_all(struct fx *fx, int fd, const void *data, size_t len)
{
	size_t done = 0;
	unsigned tries = 0;

	while (done < len) {
		ssize_t r = iou_sys_write(&fx->ring, fd,
					  (const char *)data + done,
					  len - done);
		if (r == -EINTR || r == -EAGAIN) {
			assert_true(++tries < 1000);
			continue;
		}
		if (r <= 0)
			fail_msg("write: %s", iou_strerror((int)r));
		done += (size_t)r;
	}
}

int fx_open(struct fx *fx, const char *name, int flags)
{
	int fd = iou_sys_open(&fx->ring, fx_path(fx, name), flags, 0644);

	if (fd < 0)
		fail_msg("open %s: %s", name, iou_strerror(fd));
	return fx_track(fx, fd);
}

const char *fx_file(struct fx *fx, const char *name, const void *data,
		    size_t len)
{
	int fd = fx_open(fx, name, O_CREAT | O_TRUNC | O_WRONLY);

	fx_write_all(fx, fd, data, len);
	fx_close(fx, fd);
	return fx_path(fx, name);
}

size_t fx_slurp(struct fx *fx, const char *name, void *buf, size_t cap)
{
	int fd = fx_open(fx, name, O_RDONLY);
	size_t got = 0;

	while (got < cap) {
		ssize_t r = iou_sys_read(&fx->ring, fd, (char *)buf + got,
					 cap - got);
		if (r == -EINTR)
			continue;
		if (r < 0)
			fail_msg("read %s: %s", name, iou_strerror((int)r));
		if (r == 0)
			break;
		got += (size_t)r;
	}
	fx_close(fx, fd);
	return got;
}

void fx_pipe(struct fx *fx, int fds[2])
{
	assert_int_equal(iou_sys_pipe(&fx->ring, fds), 0);
	fx_track(fx, fds[0]);
	fx_track(fx, fds[1]);
}

int fx_listener(struct fx *fx, struct sockaddr_in *addr)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	int fd = iou_sys_socket(&fx->ring, AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		fail_msg("socket: %s", iou_strerror(fd));
	fx_track(fx, fd);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	assert_int_equal(iou_sys_bind(&fx->ring, fd, (struct sockaddr *)&a,
				      sizeof(a)),
			 0);
	assert_int_equal(iou_sys_listen(&fx->ring, fd, 16), 0);
	assert_int_equal(iou_sys_getsockname(&fx->ring, fd,
					     (struct sockaddr *)&a, &alen),
			 0);
	assert_int_equal(a.sin_family, AF_INET);
	assert_int_not_equal(a.sin_port, 0);
	*addr = a;
	return fd;
}

void fx_tcp_pair(struct fx *fx, struct fx_tcp *t)
{
	int r;

	t->listener = fx_listener(fx, &t->addr);
	t->client = iou_sys_socket(&fx->ring, AF_INET, SOCK_STREAM, 0);
	if (t->client < 0)
		fail_msg("socket: %s", iou_strerror(t->client));
	fx_track(fx, t->client);
	r = iou_sys_connect(&fx->ring, t->client, (struct sockaddr *)&t->addr,
			    sizeof(t->addr));
	if (r < 0)
		fail_msg("connect: %s", iou_strerror(r));
	t->server = iou_sys_accept(&fx->ring, t->listener, NULL, NULL, 0);
	if (t->server < 0)
		fail_msg("accept: %s", iou_strerror(t->server));
	fx_track(fx, t->server);
}

short fx_wait_fd(struct fx *fx, int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;

	while ((r = iou_sys_poll(&fx->ring, &p, 1, -1)) == -EINTR)
		;
	assert_int_equal(r, 1);
	return p.revents;
}

void fx_recv_all(struct fx *fx, int fd, void *buf, size_t len)
{
	size_t got = 0;
	unsigned rounds = 0;

	while (got < len) {
		struct iou_sqe *sqe = fx_sqe(fx);
		struct iou_cqe cqe;

		iou_prep_recv(sqe, fd, (char *)buf + got, len - got, 0);
		iou_sqe_set_data64(sqe, 0x7ec7);
		fx_submit(fx, 1);
		cqe = fx_reap1(fx);
		assert_int_equal(cqe.user_data, 0x7ec7);
		if (cqe.res <= 0)
			fail_msg("recv after %zu of %zu bytes: %d", got, len,
				 cqe.res);
		got += (size_t)cqe.res;
		assert_true(++rounds < 10000);
	}
}

struct iou *fx_ring2(struct fx *fx, unsigned entries)
{
	struct iou_params p;
	int r;

	assert_false(fx->ring2_up);
	memset(&p, 0, sizeof(p));
	r = fx->backend->ring_init(fx, &fx->ring2, entries, &p);
	if (r < 0)
		fail_msg("second ring: %s", iou_strerror(r));
	fx->ring2_up = 1;
	return &fx->ring2;
}

struct iou_buf_ring *fx_buf_ring(struct fx *fx, unsigned entries, int bgid)
{
	unsigned i;
	int err = 0;
	struct iou_buf_ring *br;

	for (i = 0; i < FX_MAX_BUF_RINGS && fx->brs[i].br; i++)
		;
	assert_true(i < FX_MAX_BUF_RINGS);
	br = iou_setup_buf_ring(&fx->ring, entries, bgid, 0, &err);
	if (!br)
		fail_msg("setup_buf_ring: %s", iou_strerror(err));
	fx->brs[i].br = br;
	fx->brs[i].entries = entries;
	fx->brs[i].bgid = bgid;
	return br;
}

struct iou_buf_ring *fx_buf_ring_filled(struct fx *fx, unsigned entries,
				       int bgid, void *base, unsigned len)
{
	struct iou_buf_ring *br = fx_buf_ring(fx, entries, bgid);

	for (unsigned i = 0; i < entries; i++)
		iou_buf_ring_add(br, (char *)base + (size_t)i * len, len,
				 (unsigned short)i, iou_buf_ring_mask(entries),
				 (int)i);
	iou_buf_ring_advance(br, (int)entries);
	return br;
}

/* A UDP socket bound to 127.0.0.1 on a port the kernel picks; its
 * address in *a. */
int fx_udp_bound(struct fx *fx, struct sockaddr_in *a)
{
	socklen_t n = sizeof(*a);
	int fd = iou_sys_socket(&fx->ring, AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		fail_msg("socket: %s", iou_strerror(fd));
	fx_track(fx, fd);
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(iou_sys_bind(&fx->ring, fd, (struct sockaddr *)a,
				      sizeof(*a)), 0);
	assert_int_equal(iou_sys_getsockname(&fx->ring, fd,
					     (struct sockaddr *)a, &n), 0);
	assert_int_equal(n, sizeof(*a));
	assert_true(ntohs(a->sin_port) != 0);
	return fd;
}

void fx_unix_pair(struct fx *fx, int type, int sv[2])
{
	assert_int_equal(iou_sys_socketpair(&fx->ring, AF_UNIX, type, 0, sv),
			 0);
	fx_track(fx, sv[0]);
	fx_track(fx, sv[1]);
}

void fx_note(struct fx *fx, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!getenv("IOU_CONF_VERBOSE"))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_message("[  NOTE    ] %s/%s: %s\n", fx->backend_name,
		      fx->fcase->name, msg);
}

void fx_fill(void *buf, size_t len, unsigned seed)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(seed + i * 7U);
}

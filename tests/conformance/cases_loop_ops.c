/* cases_loop_ops.c — conformance: the event loop's ring ops and objects
 * (issue 9): epoll instances (and EPOLL_CTL/EPOLL_WAIT), futexes
 * (FUTEX_WAIT/WAKE/WAITV), xattrs, FIXED_FD_INSTALL, FTRUNCATE, MADVISE. */
#include "cases.h"

#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>

/* ---- epoll ---------------------------------------------------------------------- */

static int ep_new(struct fx *fx)
{
	int ep = iou_sys_epoll_create1(&fx->ring, 0);

	assert_true(ep >= 0);
	return fx_track(fx, ep);
}

static void ep_add(struct fx *fx, int ep, int fd, uint32_t events,
		   uint64_t data)
{
	struct epoll_event e = { .events = events, .data.u64 = data };

	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_ADD, fd,
					   &e), 0);
}

/* Waits up to ms (-1: for ever) for one event; returns how many came. */
static int ep_wait1(struct fx *fx, int ep, struct epoll_event *e, int ms)
{
	int r;

	while ((r = iou_sys_epoll_wait(&fx->ring, ep, e, 1, ms)) == -EINTR)
		;
	assert_true(r >= 0);
	return r;
}

/* Level-triggered: reported while readable. */
void case_epoll_level_triggered(struct fx *fx)
{
	struct epoll_event e;
	char c;
	int ep = ep_new(fx), p[2];

	fx_pipe(fx, p);
	ep_add(fx, ep, p[0], EPOLLIN, 7);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 0);
	assert_int_equal(ep_wait1(fx, ep, &e, 5), 0);
	fx_write_all(fx, p[1], "a", 1);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	assert_int_equal(e.events, EPOLLIN);
	assert_int_equal(e.data.u64, 7);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 1);
	assert_int_equal(iou_sys_read(&fx->ring, p[0], &c, 1), 1);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 0);
}

/* Edge-triggered: one report per change; a new write is a new edge. */
void case_epoll_edge_triggered(struct fx *fx)
{
	struct epoll_event e;
	int ep = ep_new(fx), p[2];

	fx_pipe(fx, p);
	ep_add(fx, ep, p[0], EPOLLIN | EPOLLET, 1);
	fx_write_all(fx, p[1], "a", 1);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	assert_int_equal(e.events, EPOLLIN);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 0);
	fx_write_all(fx, p[1], "b", 1);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 0);
}

/* Edge-triggered on a UDP socket: two datagrams queued are one edge, and
 * reading one of them is no new edge (the read wakes nobody for reading:
 * an EPOLLIN item counts only wakeups that name it). */
void case_epoll_edge_udp_read(struct fx *fx)
{
	struct sockaddr_in a;
	struct epoll_event e;
	socklen_t n = sizeof(a);
	int ep = ep_new(fx), r, s;
	char c[4] = "abc";

	r = fx_track(fx, iou_sys_socket(&fx->ring, AF_INET, SOCK_DGRAM, 0));
	s = fx_track(fx, iou_sys_socket(&fx->ring, AF_INET, SOCK_DGRAM, 0));
	assert_true(r >= 0 && s >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(iou_sys_bind(&fx->ring, r, (struct sockaddr *)&a,
				      sizeof(a)), 0);
	assert_int_equal(iou_sys_getsockname(&fx->ring, r, (struct sockaddr *)&a,
					     &n), 0);
	ep_add(fx, ep, r, EPOLLIN | EPOLLET, 5);
	for (int i = 0; i < 2; i++)
		assert_int_equal(iou_sys_sendto(&fx->ring, s, c, 3, 0,
						(struct sockaddr *)&a,
						sizeof(a)), 3);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	assert_int_equal(e.events, EPOLLIN);
	assert_int_equal(iou_sys_recvfrom(&fx->ring, r, c, sizeof(c),
					  MSG_DONTWAIT, NULL, NULL), 3);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 0);
	/* the second is still there; a third datagram is a new edge */
	assert_int_equal(iou_sys_sendto(&fx->ring, s, c, 3, 0,
					(struct sockaddr *)&a, sizeof(a)), 3);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	for (int i = 0; i < 2; i++)
		assert_int_equal(iou_sys_recvfrom(&fx->ring, r, c, sizeof(c),
						  MSG_DONTWAIT, NULL, NULL), 3);
}

/* One-shot: reported once, then silent until EPOLL_CTL_MOD re-arms. */
void case_epoll_oneshot_rearm(struct fx *fx)
{
	struct epoll_event e = { .events = EPOLLIN | EPOLLONESHOT };
	int ep = ep_new(fx), p[2];

	fx_pipe(fx, p);
	ep_add(fx, ep, p[0], EPOLLIN | EPOLLONESHOT, 3);
	fx_write_all(fx, p[1], "a", 1);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 0);
	e.events = EPOLLIN | EPOLLONESHOT;
	e.data.u64 = 4;
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_MOD, p[0],
					   &e), 0);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	assert_int_equal(e.data.u64, 4);
}

/* epoll_ctl's errors, in the kernel's order. */
void case_epoll_ctl_errors(struct fx *fx)
{
	struct epoll_event e = { .events = EPOLLIN };
	int ep = ep_new(fx), ep2 = ep_new(fx), p[2], f;

	fx_pipe(fx, p);
	f = fx_open(fx, "plain", O_CREAT | O_RDWR);
	ep_add(fx, ep, p[0], EPOLLIN, 0);
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_ADD, p[0],
					   &e), -EEXIST);
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_MOD, p[1],
					   &e), -ENOENT);
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_DEL, p[1],
					   NULL), -ENOENT);
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_ADD, f,
					   &e), -EPERM);
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, p[0], EPOLL_CTL_ADD,
					   p[1], &e), -EINVAL);
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_ADD, ep,
					   &e), -EINVAL);
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_ADD, 1000,
					   &e), -EBADF);
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_ADD, p[1],
					   NULL), -EFAULT);
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, 99, p[1], &e),
			 -EINVAL);
	e.events = EPOLLIN | EPOLLEXCLUSIVE;
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_MOD, p[0],
					   &e), -EINVAL);
	e.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_ADD, p[1],
					   &e), -EINVAL);
	e.events = EPOLLIN | EPOLLEXCLUSIVE;
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_ADD, ep2,
					   &e), -EINVAL);
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep2, EPOLL_CTL_ADD, p[1],
					   &e), 0);
	e.events = EPOLLOUT;
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep2, EPOLL_CTL_MOD, p[1],
					   &e), -EINVAL);
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_DEL, p[0],
					   NULL), 0);
	assert_int_equal(iou_sys_epoll_create1(&fx->ring, 1), -EINVAL);
	assert_int_equal(iou_sys_epoll_wait(&fx->ring, ep, &e, 0, 0), -EINVAL);
	assert_int_equal(iou_sys_epoll_wait(&fx->ring, p[0], &e, 1, 0),
			 -EINVAL);
	assert_int_equal(iou_sys_epoll_wait(&fx->ring, 1000, &e, 1, 0),
			 -EBADF);
}

/* Hang-ups: the peer of a unix stream closes: IN, RDHUP and HUP. */
void case_epoll_rdhup_hup(struct fx *fx)
{
	struct epoll_event e;
	int ep = ep_new(fx), sv[2];

	assert_int_equal(iou_sys_socketpair(&fx->ring, AF_UNIX, SOCK_STREAM, 0,
					    sv), 0);
	fx_track(fx, sv[0]);
	fx_track(fx, sv[1]);
	ep_add(fx, ep, sv[0], EPOLLIN | EPOLLRDHUP, 5);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 0);
	fx_close(fx, sv[1]);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	assert_int_equal(e.events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP),
			 EPOLLIN | EPOLLRDHUP | EPOLLHUP);
}

/* More ready than maxevents: successive waits go round all of them. */
void case_epoll_round_robin(struct fx *fx)
{
	struct epoll_event e;
	int ep = ep_new(fx), p[3][2];
	unsigned seen = 0;

	for (int i = 0; i < 3; i++) {
		fx_pipe(fx, p[i]);
		ep_add(fx, ep, p[i][0], EPOLLIN, (uint64_t)i);
		fx_write_all(fx, p[i][1], "x", 1);
	}
	for (int i = 0; i < 3; i++) {
		assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
		assert_true(e.data.u64 < 3);
		seen |= 1U << e.data.u64;
	}
	assert_int_equal(seen, 7);
}

/* An epoll in an epoll; a cycle is -ELOOP. */
void case_epoll_nested(struct fx *fx)
{
	struct epoll_event e = { .events = EPOLLIN };
	int outer = ep_new(fx), inner = ep_new(fx), p[2];

	fx_pipe(fx, p);
	ep_add(fx, inner, p[0], EPOLLIN, 1);
	ep_add(fx, outer, inner, EPOLLIN, 2);
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, inner, EPOLL_CTL_ADD,
					   outer, &e), -ELOOP);
	assert_int_equal(ep_wait1(fx, outer, &e, 0), 0);
	fx_write_all(fx, p[1], "x", 1);
	assert_int_equal(ep_wait1(fx, outer, &e, -1), 1);
	assert_int_equal(e.data.u64, 2);
	assert_int_equal(e.events, EPOLLIN);
}

/* The libuv shape: the ring's fd and an eventfd in one epoll. */
void case_epoll_ring_fd_and_eventfd(struct fx *fx)
{
	struct epoll_event e;
	struct iou_cqe c;
	uint64_t one = 1;
	int ep = ep_new(fx);
	int efd = fx_track(fx, iou_sys_eventfd(&fx->ring, 0, O_NONBLOCK));

	ep_add(fx, ep, iou_ring_fd(&fx->ring), EPOLLIN, 100);
	ep_add(fx, ep, efd, EPOLLIN, 200);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 0);
	iou_prep_nop(fx_sqe(fx));
	fx_submit(fx, 1);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	assert_int_equal(e.data.u64, 100);
	fx_reap(fx, &c, 1);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 0);
	assert_int_equal(iou_sys_write(&fx->ring, efd, &one, 8), 8);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	assert_int_equal(e.data.u64, 200);
}

/* An item goes with its file, not with one of its fds. */
void case_epoll_item_follows_file(struct fx *fx)
{
	struct epoll_event e;
	int ep = ep_new(fx), p[2], d;

	fx_pipe(fx, p);
	d = iou_sys_dup(&fx->ring, p[0]);
	assert_true(d >= 0);
	ep_add(fx, ep, p[0], EPOLLIN, 9);
	fx_close(fx, p[0]);
	fx_write_all(fx, p[1], "x", 1);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	assert_int_equal(e.data.u64, 9);
	assert_int_equal(iou_sys_close(&fx->ring, d), 0);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 0);
}

/* Ring ops: EPOLL_CTL (5.6) adds; EPOLL_WAIT (6.15) waits for an event;
 * POLL_ADD on the epoll fd completes when an item is ready. */
void case_ring_epoll_ctl_wait(struct fx *fx)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 77 }, out[2];
	struct iou_cqe c[2];
	struct iou_sqe *sqe;
	int ep = ep_new(fx), p[2];

	fx_pipe(fx, p);
	sqe = fx_sqe(fx);
	iou_prep_epoll_ctl(sqe, ep, p[0], EPOLL_CTL_ADD, &ev);
	iou_sqe_set_data64(sqe, 1);
	fx_submit_wait(fx, 1, c, 1);
	assert_int_equal(c[0].res, 0);
	sqe = fx_sqe(fx);
	iou_prep_epoll_ctl(sqe, ep, p[0], EPOLL_CTL_ADD, &ev);
	fx_submit_wait(fx, 1, c, 1);
	assert_int_equal(c[0].res, -EEXIST);
	sqe = fx_sqe(fx);
	iou_prep_poll_add(sqe, ep, POLLIN);
	iou_sqe_set_data64(sqe, 2);
	fx_submit(fx, 1);
	if (fx_op_supported(fx, IOU_OP_EPOLL_WAIT) == 1) {
		sqe = fx_sqe(fx);
		iou_prep_epoll_wait(sqe, ep, out, 2, 0);
		iou_sqe_set_data64(sqe, 3);
		fx_submit(fx, 1);
	}
	fx_write_all(fx, p[1], "x", 1);
	if (fx_op_supported(fx, IOU_OP_EPOLL_WAIT) == 1) {
		fx_reap(fx, c, 2);
		assert_int_equal(fx_find(c, 2, 3)->res, 1);
		assert_int_equal(out[0].data.u64, 77);
		assert_int_equal(out[0].events, EPOLLIN);
	} else {
		fx_reap(fx, c, 1);
	}
	assert_true(fx_find(c, 2, 2)->res & POLLIN);
}

/* ---- futex (6.7) ---------------------------------------------------------------- */

#define FX_FUTEX_U32 0x02U     /* FUTEX2_SIZE_U32 */
#define FX_FUTEX_PRIVATE 128U  /* FUTEX2_PRIVATE */
#define FX_FUTEX_FLAGS (FX_FUTEX_U32 | FX_FUTEX_PRIVATE)
#define FX_BITSET_ANY 0xffffffffULL

struct fx_waitv {              /* struct futex_waitv */
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t reserved;
};

static void futex_wait_sqe(struct fx *fx, uint32_t *word, uint32_t val,
			   uint64_t mask, uint64_t ud)
{
	struct iou_sqe *sqe = fx_sqe(fx);

	iou_prep_futex_wait(sqe, word, val, mask, FX_FUTEX_FLAGS, 0);
	iou_sqe_set_data64(sqe, ud);
}

static void futex_wake_sqe(struct fx *fx, uint32_t *word, uint64_t nr,
			   uint64_t mask, uint64_t ud)
{
	struct iou_sqe *sqe = fx_sqe(fx);

	iou_prep_futex_wake(sqe, word, nr, mask, FX_FUTEX_FLAGS, 0);
	iou_sqe_set_data64(sqe, ud);
}

/* A wait whose value differs fails -EAGAIN at once; one that matches
 * parks until a wake, which reports how many it woke. */
void case_futex_wait_wake(struct fx *fx)
{
	uint32_t word = 1;
	struct iou_cqe c[2];

	futex_wait_sqe(fx, &word, 0, FX_BITSET_ANY, 1);
	fx_submit_wait(fx, 1, c, 1);
	assert_int_equal(c[0].res, -EAGAIN);
	futex_wait_sqe(fx, &word, 1, FX_BITSET_ANY, 2);
	fx_submit(fx, 1);
	fx_expect_quiet(fx, 5);
	futex_wake_sqe(fx, &word, 1, FX_BITSET_ANY, 3);
	fx_submit_wait(fx, 1, c, 2);
	assert_int_equal(fx_find(c, 2, 2)->res, 0);
	assert_int_equal(fx_find(c, 2, 3)->res, 1);
	/* nobody left: a wake wakes none */
	futex_wake_sqe(fx, &word, 1, FX_BITSET_ANY, 4);
	fx_submit_wait(fx, 1, c, 1);
	assert_int_equal(c[0].res, 0);
}

/* A wake picks at most nr of the waiters; bitsets must overlap. */
void case_futex_wake_count_and_mask(struct fx *fx)
{
	uint32_t word = 0;
	struct iou_cqe c[4];
	unsigned woken = 0;

	futex_wait_sqe(fx, &word, 0, 0x1, 1);
	futex_wait_sqe(fx, &word, 0, 0x1, 2);
	futex_wait_sqe(fx, &word, 0, 0x3, 3);
	fx_submit(fx, 3);
	futex_wake_sqe(fx, &word, 4, 0x4, 10);
	fx_submit_wait(fx, 1, c, 1);
	assert_int_equal(c[0].user_data, 10);
	assert_int_equal(c[0].res, 0);
	futex_wake_sqe(fx, &word, 2, 0x1, 11);
	fx_submit_wait(fx, 1, c, 3);
	assert_int_equal(fx_find(c, 3, 11)->res, 2);
	for (int i = 0; i < 3; i++)
		if (c[i].user_data != 11) {
			assert_int_equal(c[i].res, 0);
			woken |= 1U << c[i].user_data;
		}
	fx_note(fx, "a wake of 2 of 3 picked %x", woken);
	/* the one left is woken by the next */
	assert_int_equal(iou_sys_futex_wake(&fx->ring, &word, 5), 1);
	fx_reap(fx, c, 1);
	assert_int_equal(c[0].res, 0);
	assert_int_equal(woken | (1U << c[0].user_data), 0xe);
	/* nr 0: the ring's (strict) wake wakes none */
	futex_wake_sqe(fx, &word, 0, FX_BITSET_ANY, 12);
	fx_submit_wait(fx, 1, c, 1);
	assert_int_equal(c[0].res, 0);
	futex_wake_sqe(fx, &word, 1, 0, 13);
	fx_submit_wait(fx, 1, c, 1);
	assert_int_equal(c[0].res, -EINVAL);
}

/* A parked wait is canceled: -ECANCELED; the cancel reports 1 (how many
 * io_futex_cancel found, measured on 6.18), in either order. */
void case_futex_wait_cancel(struct fx *fx)
{
	uint32_t word = 7;
	struct iou_cqe c[2];
	struct iou_sqe *sqe;

	futex_wait_sqe(fx, &word, 7, FX_BITSET_ANY, 1);
	fx_submit(fx, 1);
	sqe = fx_sqe(fx);
	iou_prep_cancel64(sqe, 1, 0);
	iou_sqe_set_data64(sqe, 2);
	fx_submit_wait(fx, 1, c, 2);
	assert_int_equal(fx_find(c, 2, 1)->res, -ECANCELED);
	assert_int_equal(fx_find(c, 2, 2)->res, 1);
	assert_int_equal(iou_sys_futex_wake(&fx->ring, &word, 1), 0);
}

/* FUTEX_WAITV: the index of the word that woke; any word differing:
 * -EAGAIN. Bad flags fail. */
void case_futex_waitv(struct fx *fx)
{
	uint32_t a = 0, b = 0;
	struct fx_waitv v[2] = {
		{ 0, (uint64_t)(uintptr_t)&a, FX_FUTEX_FLAGS, 0 },
		{ 0, (uint64_t)(uintptr_t)&b, FX_FUTEX_FLAGS, 0 },
	};
	struct iou_cqe c;
	struct iou_sqe *sqe;

	sqe = fx_sqe(fx);
	iou_prep_futex_waitv(sqe, (const struct futex_waitv *)(void *)v, 2,
			     0);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	assert_int_equal(iou_sys_futex_wake(&fx->ring, &b, 1), 1);
	fx_reap(fx, &c, 1);
	assert_int_equal(c.res, 1);
	b = 5;
	sqe = fx_sqe(fx);
	iou_prep_futex_waitv(sqe, (const struct futex_waitv *)(void *)v, 2,
			     0);
	fx_submit_wait(fx, 1, &c, 1);
	assert_int_equal(c.res, -EAGAIN);
	v[0].flags = 0; /* 8-bit words: not supported */
	sqe = fx_sqe(fx);
	iou_prep_futex_waitv(sqe, (const struct futex_waitv *)(void *)v, 2,
			     0);
	fx_submit_wait(fx, -1, &c, 1);
	assert_int_equal(c.res, -EINVAL);
	sqe = fx_sqe(fx);
	iou_prep_futex_wait(sqe, &a, 0, FX_BITSET_ANY, 0, 0);
	fx_submit_wait(fx, -1, &c, 1);
	assert_int_equal(c.res, -EINVAL);
}

/* A private and a shared futex at one address are two futexes. */
void case_futex_private_shared_distinct(struct fx *fx)
{
	uint32_t word = 0;
	struct iou_cqe c[2];
	struct iou_sqe *sqe = fx_sqe(fx);

	iou_prep_futex_wait(sqe, &word, 0, FX_BITSET_ANY, FX_FUTEX_U32, 0);
	iou_sqe_set_data64(sqe, 1);
	fx_submit(fx, 1);
	assert_int_equal(iou_sys_futex_wake(&fx->ring, &word, 1), 0);
	sqe = fx_sqe(fx);
	iou_prep_futex_wake(sqe, &word, 1, FX_BITSET_ANY, FX_FUTEX_U32, 0);
	iou_sqe_set_data64(sqe, 2);
	fx_submit(fx, 1);
	fx_reap(fx, c, 2);
	assert_int_equal(fx_find(c, 2, 1)->res, 0);
	assert_int_equal(fx_find(c, 2, 2)->res, 1);
}

/* ---- xattrs, FIXED_FD_INSTALL, FTRUNCATE, MADVISE ----------------------------- */

/* Submits the one prepared SQE; its CQE's res. */
static int ring_op1(struct fx *fx)
{
	struct iou_cqe c;

	fx_submit_wait(fx, -1, &c, 1);
	return c.res;
}

/* Extended attributes by fd and by path (5.19): set, size, get, too
 * small a buffer, missing, CREATE/REPLACE, an unknown namespace. */
void case_xattr_set_get(struct fx *fx)
{
	char buf[16];
	const char *path = fx_file(fx, "xa", "data", 4);
	int fd = fx_open(fx, "xa", O_RDWR), r, p[2];

	iou_prep_fsetxattr(fx_sqe(fx), fd, "user.k", "v1", 0, 2);
	r = ring_op1(fx);
	if (r == -EOPNOTSUPP && !strcmp(fx->backend_name, "linux"))
		skip(); /* the scratch filesystem has no user xattrs */
	assert_int_equal(r, 0);
	iou_prep_fgetxattr(fx_sqe(fx), fd, "user.k", NULL, 0);
	assert_int_equal(ring_op1(fx), 2);
	memset(buf, 0, sizeof(buf));
	iou_prep_fgetxattr(fx_sqe(fx), fd, "user.k", buf, sizeof(buf));
	assert_int_equal(ring_op1(fx), 2);
	assert_memory_equal(buf, "v1", 2);
	iou_prep_fgetxattr(fx_sqe(fx), fd, "user.k", buf, 1);
	assert_int_equal(ring_op1(fx), -ERANGE);
	iou_prep_getxattr(fx_sqe(fx), "user.k", buf, path, sizeof(buf));
	assert_int_equal(ring_op1(fx), 2);
	iou_prep_getxattr(fx_sqe(fx), "user.none", buf, path, sizeof(buf));
	assert_int_equal(ring_op1(fx), -ENODATA);
	iou_prep_setxattr(fx_sqe(fx), "user.k", "v2", path, 1 /* CREATE */, 2);
	assert_int_equal(ring_op1(fx), -EEXIST);
	iou_prep_setxattr(fx_sqe(fx), "user.n", "v2", path, 2 /* REPLACE */,
			  2);
	assert_int_equal(ring_op1(fx), -ENODATA);
	iou_prep_setxattr(fx_sqe(fx), "user.k", "v3x", path, 2, 3);
	assert_int_equal(ring_op1(fx), 0);
	iou_prep_fgetxattr(fx_sqe(fx), fd, "user.k", buf, sizeof(buf));
	assert_int_equal(ring_op1(fx), 3);
	assert_memory_equal(buf, "v3x", 3);
	iou_prep_fsetxattr(fx_sqe(fx), fd, "bogus.k", "v", 0, 1);
	assert_int_equal(ring_op1(fx), -EOPNOTSUPP);
	iou_prep_fsetxattr(fx_sqe(fx), fd, "", "v", 0, 1);
	assert_int_equal(ring_op1(fx), -ERANGE);
	iou_prep_fsetxattr(fx_sqe(fx), fd, "user.k", "v", 4, 1);
	assert_int_equal(ring_op1(fx), -EINVAL);
	iou_prep_getxattr(fx_sqe(fx), "user.k", buf, fx_path(fx, "nope"),
			  sizeof(buf));
	assert_int_equal(ring_op1(fx), -ENOENT);
	/* user.* is for files and directories: a pipe's reads -ENODATA,
	 * writes -EPERM (xattr_permission, measured on 6.18) */
	fx_pipe(fx, p);
	iou_prep_fgetxattr(fx_sqe(fx), p[0], "user.k", buf, sizeof(buf));
	assert_int_equal(ring_op1(fx), -ENODATA);
	iou_prep_fsetxattr(fx_sqe(fx), p[0], "user.k", "v", 0, 1);
	assert_int_equal(ring_op1(fx), -EPERM);
}

/* FIXED_FD_INSTALL (6.8): a registered file gets an fd, O_CLOEXEC
 * unless asked not to; it must be a fixed file. */
void case_fixed_fd_install(struct fx *fx)
{
	char buf[4];
	struct iou_sqe *sqe;
	int fd, nfd, r;

	fx_file(fx, "fi", "abc", 3);
	fd = fx_open(fx, "fi", O_RDONLY);
	assert_int_equal(iou_register_files(&fx->ring, &fd, 1), 0);
	iou_prep_fixed_fd_install(fx_sqe(fx), 0, 0);
	nfd = ring_op1(fx);
	assert_true(nfd >= 0);
	fx_track(fx, nfd);
	assert_int_equal(iou_sys_fcntl(&fx->ring, nfd, F_GETFD, 0), FD_CLOEXEC);
	assert_int_equal(iou_sys_read(&fx->ring, nfd, buf, 3), 3);
	assert_memory_equal(buf, "abc", 3);
	iou_prep_fixed_fd_install(fx_sqe(fx), 0, 1 /* NO_CLOEXEC */);
	nfd = ring_op1(fx);
	assert_true(nfd >= 0);
	fx_track(fx, nfd);
	assert_int_equal(iou_sys_fcntl(&fx->ring, nfd, F_GETFD, 0), 0);
	sqe = fx_sqe(fx);
	iou_prep_fixed_fd_install(sqe, 0, 0);
	sqe->flags = 0;
	assert_int_equal(ring_op1(fx), -EBADF);
	iou_prep_fixed_fd_install(fx_sqe(fx), 0, 2);
	assert_int_equal(ring_op1(fx), -EINVAL);
	iou_prep_fixed_fd_install(fx_sqe(fx), 5, 0);
	r = ring_op1(fx);
	assert_int_equal(r, -EBADF);
}

/* FTRUNCATE (6.9): shrinks; a read-only fd or a pipe: -EINVAL. */
void case_ring_ftruncate(struct fx *fx)
{
	struct stat st;
	int fd, ro, p[2];

	fx_file(fx, "ft", "abcdef", 6);
	fd = fx_open(fx, "ft", O_RDWR);
	ro = fx_open(fx, "ft", O_RDONLY);
	iou_prep_ftruncate(fx_sqe(fx), fd, 3);
	assert_int_equal(ring_op1(fx), 0);
	assert_int_equal(iou_sys_fstat(&fx->ring, fd, &st), 0);
	assert_int_equal(st.st_size, 3);
	iou_prep_ftruncate(fx_sqe(fx), ro, 1);
	assert_int_equal(ring_op1(fx), -EINVAL);
	fx_pipe(fx, p);
	iou_prep_ftruncate(fx_sqe(fx), p[1], 0);
	assert_int_equal(ring_op1(fx), -EINVAL);
}

static char fx_page[8192] __attribute__((aligned(4096)));

/* MADVISE (5.6) of a hint: 0; a start off a page: -EINVAL. */
void case_madvise_hint(struct fx *fx)
{
	iou_prep_madvise(fx_sqe(fx), fx_page, 4096, 3 /* MADV_WILLNEED */);
	assert_int_equal(ring_op1(fx), 0);
	iou_prep_madvise(fx_sqe(fx), fx_page + 1, 100, 3);
	assert_int_equal(ring_op1(fx), -EINVAL);
	iou_prep_madvise(fx_sqe(fx), fx_page, 4096, 999);
	assert_int_equal(ring_op1(fx), -EINVAL);
}

/* A unix stream pair in epoll: writable at once (EPOLLOUT), and
 * edge-triggered readable once per arrival. */
void case_epoll_socket_edges(struct fx *fx)
{
	struct epoll_event e;
	char buf[4];
	int ep = ep_new(fx), sv[2];

	assert_int_equal(iou_sys_socketpair(&fx->ring, AF_UNIX, SOCK_STREAM, 0,
					    sv), 0);
	fx_track(fx, sv[0]);
	fx_track(fx, sv[1]);
	ep_add(fx, ep, sv[0], EPOLLOUT, 1);
	ep_add(fx, ep, sv[1], EPOLLIN | EPOLLET, 2);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 1);
	assert_int_equal(e.data.u64, 1);
	assert_int_equal(e.events, EPOLLOUT);
	e.events = EPOLLIN;
	e.data.u64 = 1;
	assert_int_equal(iou_sys_epoll_ctl(&fx->ring, ep, EPOLL_CTL_MOD, sv[0],
					   &e), 0);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 0);
	assert_int_equal(iou_sys_write(&fx->ring, sv[0], "a", 1), 1);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	assert_int_equal(e.data.u64, 2);
	assert_int_equal(ep_wait1(fx, ep, &e, 0), 0);
	assert_int_equal(iou_sys_write(&fx->ring, sv[0], "b", 1), 1);
	assert_int_equal(ep_wait1(fx, ep, &e, -1), 1);
	assert_int_equal(e.data.u64, 2);
	/* both bytes are there, whether they came in one read or two */
	assert_true(iou_sys_read(&fx->ring, sv[1], buf, sizeof(buf)) >= 1);
}

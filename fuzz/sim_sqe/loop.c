/* loop.c — sim_sqe's commands for the event loop and datagram ops
 * (issues 8 and 9): sockets of every type and address family, eventfds,
 * epoll instances, the newer iou_sys_* calls, futex words, and SQEs of
 * the newer opcodes built well-formed (their pointers then rewritten by
 * fix_sqe like every other SQE's), so that fuzzing gets past their prep
 * checks. */
#include "sim_sqe.h"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/tcp.h>

#define FUTEX2_U32     0x02U
#define FUTEX2_PRIV    0x80U
#define NFUTEX_WORDS   (FUTEX_SZ / 4U)

/* A socklen_t that never lets the sim read past A.sa (the kernel bounds
 * an address length by sizeof(struct sockaddr_storage) = SA_SZ). */
static socklen_t sa_len(uint8_t b)
{
	if (b == 0xff)
		return *A.alen <= SA_SZ ? *A.alen : SA_SZ;
	return b % (SA_SZ + 1);
}

static const int sock_domains[3] = { AF_INET, AF_INET6, AF_UNIX };
static const int sock_types[3] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };

static int sock_type(uint8_t a)
{
	int t = sock_types[(a >> 2) % 3];

	if (a & 0x40)
		t |= SOCK_NONBLOCK;
	if (a & 0x80)
		t |= SOCK_CLOEXEC;
	return t;
}

/* Sockets: socket, socketpair, bind, listen, connect, accept. */
void cmd_sock(struct st *st)
{
	uint8_t m = in_u8(&st->in), a = in_u8(&st->in), b = in_u8(&st->in);
	int fd = fd_pick(st, in_u8(&st->in)), sv[2] = { -1, -1 };
	socklen_t n;
	long ret;

	before(st, "iou_sys_socket/socketpair/bind/listen/connect/accept");
	switch (m % 6) {
	case 0:
		ret = iou_sys_socket(&st->ring, sock_domains[(a & 3) % 3],
				     sock_type(a), 0);
		if (ret >= 0)
			fd_add(st, (int)ret);
		break;
	case 1:
		ret = iou_sys_socketpair(&st->ring, (b & 1) ? AF_INET : AF_UNIX,
					 sock_type(a), 0, sv);
		if (ret == 0) {
			if (sv[0] < 0 || sv[1] < 0 || sv[0] == sv[1])
				fail("iou_sys_socketpair gave fds %d %d", sv[0],
				     sv[1]);
			fd_add(st, sv[0]);
			fd_add(st, sv[1]);
		}
		break;
	case 2:
		ret = iou_sys_bind(&st->ring, fd, (struct sockaddr *)A.sa,
				   sa_len(b));
		break;
	case 3:
		ret = iou_sys_listen(&st->ring, fd, (int)(int8_t)b);
		break;
	case 4:
		ret = iou_sys_connect(&st->ring, fd, (struct sockaddr *)A.sa,
				      sa_len(b));
		break;
	default:
		n = sa_len(b);
		ret = iou_sys_accept(&st->ring, fd, (a & 1) ? NULL :
				     (struct sockaddr *)A.sa, &n,
				     (a & 2) ? SOCK_NONBLOCK : 0);
		if (ret >= 0)
			fd_add(st, (int)ret);
		break;
	}
	after(st, 0);
	check_ret(st, st->what, ret, E_ANY);
	if (ret > 0 && m % 6 != 0 && m % 6 != 5)
		fail("%s returned %ld", st->what, ret);
}

/* The address the socket calls and SQEs name (A.sa, *A.alen): IPv4 or
 * IPv6 loopback on one of four ports, or an AF_UNIX path (or abstract). */
void cmd_set_sa(struct st *st)
{
	uint8_t f = in_u8(&st->in), p = in_u8(&st->in);

	memset(A.sa, 0, SA_SZ);
	switch (f % 3) {
	case 0: {
		struct sockaddr_in *sin = (struct sockaddr_in *)(void *)A.sa;

		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)(4242 + p % 4));
		sin->sin_addr.s_addr = htonl((p & 0x80) ? INADDR_ANY
							: INADDR_LOOPBACK);
		*A.alen = sizeof(*sin);
		break;
	}
	case 1: {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)A.sa;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)(4242 + p % 4));
		if (!(p & 0x80))
			s6->sin6_addr.s6_addr[15] = 1; /* ::1 */
		*A.alen = sizeof(*s6);
		break;
	}
	default: {
		struct sockaddr_un *sun = (struct sockaddr_un *)(void *)A.sa;
		int abstract = (p & 0x80) != 0;

		sun->sun_family = AF_UNIX;
		snprintf(sun->sun_path + abstract,
			 sizeof(sun->sun_path) - 1, "/tmp/s%u", p % 4U);
		*A.alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
				      abstract + strlen(sun->sun_path +
							abstract) + !abstract);
		break;
	}
	}
	if (f & 0x80)
		*A.alen = f & 0x7f; /* a fuzzed length, within SA_SZ */
}

/* eventfd, epoll, poll, futex wake: the event loop's objects. */
void cmd_evobj(struct st *st)
{
	static const int tmo[4] = { 0, 1, 10, -1 };
	uint8_t m = in_u8(&st->in), a = in_u8(&st->in), b = in_u8(&st->in);
	int fd = fd_pick(st, in_u8(&st->in));
	uint32_t ev = in_u32(&st->in);
	long ret;

	before(st, "iou_sys_eventfd/epoll_*/poll/futex_wake");
	switch (m % 6) {
	case 0:
		ret = iou_sys_eventfd(&st->ring, a,
				      ((b & 1) ? 1 /* EFD_SEMAPHORE */ : 0) |
				      ((b & 2) ? O_NONBLOCK : 0) |
				      ((b & 4) ? O_CLOEXEC : 0) |
				      ((b & 0x80) ? (int)ev : 0));
		if (ret >= 0)
			fd_add(st, (int)ret);
		break;
	case 1:
		ret = iou_sys_epoll_create1(&st->ring, (b & 1) ? EPOLL_CLOEXEC :
						       (b & 2) ? (int)ev : 0);
		if (ret >= 0)
			fd_add(st, (int)ret);
		break;
	case 2: {
		struct epoll_event e;

		e.events = ev;
		e.data.u64 = a;
		memcpy(A.ev, &e, sizeof(e));
		ret = iou_sys_epoll_ctl(&st->ring, fd, 1 + b % 4,
					fd_pick(st, a),
					(b & 0x80) ? NULL :
					(struct epoll_event *)(void *)A.ev);
		if (ret > 0)
			fail("iou_sys_epoll_ctl returned %ld", ret);
		break;
	}
	case 3: {
		int maxev = a % (EVS_N + 1);

		ret = iou_sys_epoll_wait(&st->ring, fd,
					 (struct epoll_event *)(void *)A.evs,
					 maxev, tmo[b & 3]);
		if (ret > maxev)
			fail("iou_sys_epoll_wait of %d events returned %ld",
			     maxev, ret);
		break;
	}
	case 4: {
		struct pollfd pfd[4];
		unsigned n = a % 5;

		for (unsigned i = 0; i < n; i++) {
			pfd[i].fd = fd_pick(st, (uint8_t)(a + 3 * i));
			pfd[i].events = (short)(ev >> (4 * i));
			pfd[i].revents = 0;
		}
		if (n)
			pfd[0].fd = fd;
		ret = iou_sys_poll(&st->ring, n ? pfd : NULL, n, tmo[b & 3]);
		if (ret > (long)n)
			fail("iou_sys_poll of %u fds returned %ld", n, ret);
		break;
	}
	default:
		ret = iou_sys_futex_wake(&st->ring, &A.futex[a % NFUTEX_WORDS],
					 (int)(int8_t)b);
		break;
	}
	after(st, 0);
	check_ret(st, st->what, ret, E_ANY);
}

/* The other new iou_sys_* calls. */
void cmd_sys2(struct st *st)
{
	static const int fcntl_cmds[8] = {
		F_GETFL, F_SETFL, F_GETFD, F_SETFD, F_DUPFD, F_DUPFD_CLOEXEC,
		1234, -1, /* unknown commands: -EINVAL */
	};
	uint8_t m = in_u8(&st->in), a = in_u8(&st->in), b = in_u8(&st->in);
	int fd = fd_pick(st, in_u8(&st->in));
	uint32_t v = in_u32(&st->in);
	uint32_t o = v % DATA_SZ;
	size_t len = fit(o, (v >> 16) % 8192, DATA_SZ);
	socklen_t n;
	long ret;

	before(st, "iou_sys_* (fcntl dup fstat lseek ...)");
	switch (m % 14) {
	case 0:
		ret = iou_sys_fcntl(&st->ring, fd, fcntl_cmds[a % 8],
				    (b & 0x80) ? (long)v :
				    (long)((b & 1 ? O_NONBLOCK : 0) |
					   (b & 2 ? O_APPEND : 0) | (b & 4)));
		if (ret >= 0 && (a % 8 == 4 || a % 8 == 5))
			fd_add(st, (int)ret);
		break;
	case 1:
		ret = iou_sys_dup(&st->ring, fd);
		if (ret >= 0)
			fd_add(st, (int)ret);
		break;
	case 2: {
		struct stat sb;

		ret = iou_sys_fstat(&st->ring, fd, (a & 1) ? NULL : &sb);
		break;
	}
	case 3:
		ret = (long)iou_sys_lseek(&st->ring, fd,
					  (int64_t)(int16_t)(v & 0xffff),
					  a % 6);
		break;
	case 4:
		ret = iou_sys_ftruncate(&st->ring, fd,
					(int64_t)clamp_off((b & 1) ?
							   UINT64_MAX : v));
		break;
	case 5:
		ret = iou_sys_fsync(&st->ring, fd);
		break;
	case 6:
		ret = iou_sys_rename(&st->ring, sys_path(st), sys_path(st));
		break;
	case 7:
		ret = (long)iou_sys_sendto(&st->ring, fd, A.data + o, len,
					   (a & 1) ? MSG_DONTWAIT : 0,
					   (a & 2) ? NULL :
					   (struct sockaddr *)A.sa, sa_len(b));
		if (ret > (long)len)
			fail("iou_sys_sendto of %zu returned %ld", len, ret);
		break;
	case 8:
		n = sa_len(b);
		ret = (long)iou_sys_recvfrom(&st->ring, fd, A.data + o, len,
					     (a & 1) ? MSG_DONTWAIT :
					     (a & 2) ? MSG_PEEK : 0,
					     (a & 4) ? NULL :
					     (struct sockaddr *)A.sa,
					     (a & 4) ? NULL : &n);
		if (ret > (long)len)
			fail("iou_sys_recvfrom of %zu returned %ld", len, ret);
		break;
	case 9:
		n = sa_len(b);
		ret = iou_sys_getpeername(&st->ring, fd,
					  (struct sockaddr *)A.sa, &n);
		break;
	case 10: {
		static const int opts[6][2] = {
			{ SOL_SOCKET, SO_RCVBUF }, { SOL_SOCKET, SO_SNDBUF },
			{ SOL_SOCKET, SO_TYPE }, { SOL_SOCKET, SO_ERROR },
			{ SOL_SOCKET, SO_REUSEADDR }, { IPPROTO_TCP, TCP_NODELAY },
		};

		n = (b & 0x80) ? b % (OPTVAL_SZ + 1) : 4;
		ret = iou_sys_getsockopt(&st->ring, fd, opts[a % 6][0],
					 opts[a % 6][1], A.optval, &n);
		break;
	}
	case 11:
		ret = iou_sys_clock_ns(&st->ring) < 0 ? -EINVAL : 0;
		break;
	case 12:
		/* up to 65 ms, or -1 (-EINVAL) */
		ret = iou_sys_sleep_ns(&st->ring, (b & 0x80) ? -1 :
				       (int64_t)(v & 0xffff) * 1000);
		if (ret > 0)
			fail("iou_sys_sleep_ns returned %ld", ret);
		break;
	default:
		ret = iou_sys_setsockopt(&st->ring, fd, SOL_SOCKET,
					 (a & 1) ? SO_RCVBUF : SO_REUSEADDR,
					 A.optval, b % (OPTVAL_SZ + 1));
		break;
	}
	after(st, 0);
	check_ret(st, st->what, ret, E_ANY);
}

/* Futex words and the waitv vector: a word's value, or one entry's val,
 * word (aligned or not, inside A.futex) and flags. */
void cmd_set_futex(struct st *st)
{
	uint8_t m = in_u8(&st->in), i = in_u8(&st->in);
	uint32_t v = in_u32(&st->in);

	if (!(m & 1)) {
		A.futex[i % NFUTEX_WORDS] = v;
		return;
	}
	uint8_t *e = A.futexv + (i % FUTEXV_N) * FUTEXV_SZ;
	uint64_t val = v & 0xff, ua = ptr((uint8_t *)A.futex +
					  (v >> 8) % (FUTEX_SZ - 3));
	uint32_t fl = (m & 2) ? (v >> 16) : FUTEX2_U32 | FUTEX2_PRIV;

	memcpy(e, &val, 8);
	if (!(m & 4))
		memcpy(e + 8, &ua, 8);
	memcpy(e + 16, &fl, 4);
}

/* ---- SQEs of the newer ops, well-formed --------------------------------- */

enum lop {
	L_EPOLL_CTL, L_EPOLL_WAIT, L_POLL_RING, L_FUTEX_WAIT, L_FUTEX_WAKE,
	L_FUTEX_WAITV, L_XATTR, L_FIXED_FD_INSTALL, L_FTRUNCATE, L_ADVISE,
	L_SENDTO, L_RECVMSG, L_RECV_BUNDLE, L_CMD_SOCK, L_SENDMSG, L_SOCKET,
	L_BIND, L_LISTEN, L_CONNECT, L_ACCEPT,
	L_NOPS
};

/* The raw addr that fix_field's K_FUTEX turns into word w (aligned). */
static uint64_t futex_raw(unsigned w)
{
	w %= (FUTEX_SZ - 7) / 4 + 1;
	return w ? 4U * w : FUTEX_SZ - 7;
}

/* The raw addr that K_DATA turns into a page boundary in DATA. */
static uint64_t page_raw(uint32_t d)
{
	uint32_t o = (uint32_t)(-(uintptr_t)A.data & 4095U) +
		     4096U * (d % 8U);

	return o ? o : DATA_SZ;
}

/* 12 bytes: which op, sqe flags, an fd, and three parameters. */
void cmd_loop_sqe(struct st *st)
{
	static const int sockopts[6][2] = {
		{ SOL_SOCKET, SO_RCVBUF }, { SOL_SOCKET, SO_SNDBUF },
		{ SOL_SOCKET, SO_TYPE }, { SOL_SOCKET, SO_ERROR },
		{ SOL_SOCKET, SO_REUSEADDR }, { IPPROTO_TCP, TCP_NODELAY },
	};
	struct in *in = &st->in;
	uint8_t op = in_u8(in), fl = in_u8(in), fdb = in_u8(in);
	uint8_t a = in_u8(in), b = in_u8(in);
	uint16_t c = in_u16(in);
	uint32_t d = in_u32(in) & 0xffffff;
	int fd = fd_pick(st, fdb);
	struct iou_sqe *slot, *s;
	struct req *q;

	(void)in_u8(in);
	q = req_new(st, &slot);
	if (!q)
		return;
	s = &q->sqe;
	switch (op % L_NOPS) {
	case L_EPOLL_CTL: {
		struct epoll_event e;

		e.events = d | ((b & 0x80) ? EPOLLET : 0);
		e.data.u64 = c;
		memcpy(A.ev, &e, sizeof(e));
		iou_prep_epoll_ctl(s, fd, fd_pick(st, a), 1 + b % 4,
				   (b & 0x40) ? NULL : (void *)A.ev);
		break;
	}
	case L_EPOLL_WAIT:
		iou_prep_epoll_wait(s, fd, (void *)A.evs, a % (EVS_N + 1),
				    (b & 0x80) ? d : 0);
		break;
	case L_POLL_RING:
		iou_prep_poll_add(s, (b & 1) ? fd : iou_ring_fd(&st->ring),
				  (unsigned)(c | ((b & 2) ? POLLIN : 0)));
		if (b & 4)
			s->len |= IOU_POLL_ADD_MULTI;
		break;
	case L_FUTEX_WAIT:
	case L_FUTEX_WAKE: {
		uint32_t ff = (b & 0x80) ? b : FUTEX2_U32 | FUTEX2_PRIV;
		uint64_t mask = (b & 0x40) ? c : 0xffffffffULL;

		if (op % L_NOPS == L_FUTEX_WAIT)
			iou_prep_futex_wait(s, NULL, a % 4, mask, ff, 0);
		else
			iou_prep_futex_wake(s, NULL, a % 4, mask, ff, 0);
		s->addr = futex_raw(d);
		break;
	}
	case L_FUTEX_WAITV:
		iou_prep_futex_waitv(s, NULL, (b & 0x80) ? c : a % 6U, 0);
		s->addr = 1;
		break;
	case L_XATTR: {
		static const uint8_t xops[4] = {
			IOU_OP_FSETXATTR, IOU_OP_SETXATTR, IOU_OP_FGETXATTR,
			IOU_OP_GETXATTR,
		};

		iou_prep_rw(xops[b % 4], s, fd, NULL, c % 512U, 1);
		s->addr = (a & 0x80) ? a % NPATHS + NPATHS : 11; /* user.x */
		if (xops[b % 4] == IOU_OP_SETXATTR ||
		    xops[b % 4] == IOU_OP_GETXATTR)
			s->addr3 = 17 + d % NPATHS; /* the path, not NULL */
		s->xattr_flags = (b >> 2) % 4; /* XATTR_CREATE/REPLACE */
		break;
	}
	case L_FIXED_FD_INSTALL:
		iou_prep_fixed_fd_install(s, a % 8, (b & 1) ? 1 : 0);
		break;
	case L_FTRUNCATE:
		iou_prep_ftruncate(s, fd, (int64_t)((b & 1) ? UINT64_MAX : d));
		break;
	case L_ADVISE:
		if (b & 1)
			iou_prep_rw(IOU_OP_MADVISE, s, -1, NULL, c, 0);
		else
			iou_prep_rw(IOU_OP_FADVISE, s, fd, NULL, c, d);
		/* madvise wants a page-aligned start: the first page
		 * boundary in DATA, or any offset */
		s->addr = (b & 1) ? ((b & 2) ? 1U + d : page_raw(d)) : 0;
		s->fadvise_advice = (uint32_t)(a % 8);
		break;
	case L_SENDTO:
		iou_prep_send(s, fd, NULL, c % 4096U, (a & 1) ? MSG_DONTWAIT
							      : 0);
		s->addr = 1 + d;
		s->addr2 = (b & 1) ? 0 : 1;
		s->addr_len = (uint16_t)((b & 2) ? *A.alen : b % (SA_SZ + 1));
		break;
	case L_RECVMSG:
	case L_SENDMSG:
		iou_prep_rw(op % L_NOPS == L_RECVMSG ? IOU_OP_RECVMSG :
			    IOU_OP_SENDMSG, s, fd, NULL, 1, 0);
		s->msg_flags = (a & 1) ? MSG_DONTWAIT : 0;
		s->addr = 1;
		if (op % L_NOPS == L_RECVMSG && (b & 1)) {
			s->ioprio |= IOU_RECV_MULTISHOT;
			s->flags |= IOU_SQE_BUFFER_SELECT;
			s->buf_group = (uint16_t)(a % NBG);
			s->len = 0;
		}
		break;
	case L_RECV_BUNDLE:
		iou_prep_rw(IOU_OP_RECV, s, fd, NULL, (b & 2) ? c : 0, 0);
		s->flags |= IOU_SQE_BUFFER_SELECT;
		s->buf_group = (uint16_t)(a % NBG);
		s->ioprio = IOU_RECVSEND_BUNDLE |
			    ((b & 1) ? IOU_RECV_MULTISHOT : 0);
		break;
	case L_CMD_SOCK:
		iou_prep_cmd_sock(s, (b & 0x80) ? b : b % 4, fd,
				  sockopts[a % 6][0], sockopts[a % 6][1],
				  NULL, (c & 0x8000) ? c & 0x1ff : 4);
		s->optval = 1; /* A.optval */
		break;
	case L_SOCKET:
		iou_prep_rw(IOU_OP_SOCKET, s, sock_domains[(a & 3) % 3], NULL, 0,
			    (uint64_t)sock_type(a));
		break;
	case L_BIND:
	case L_CONNECT:
		/* A.sa, its length in off (addr2) */
		iou_prep_rw(op % L_NOPS == L_BIND ? IOU_OP_BIND : IOU_OP_CONNECT,
			    s, fd, NULL, 0, sa_len(b));
		s->addr = 1;
		break;
	case L_LISTEN:
		iou_prep_listen(s, fd, (int)(int8_t)b);
		break;
	default:
		iou_prep_rw(IOU_OP_ACCEPT, s, fd, NULL, 0, (b & 1) ? 0 : 1);
		s->addr = (b & 2) ? 0 : 1; /* A.sa, A.alen */
		s->accept_flags = (b & 4) ? SOCK_NONBLOCK : 0;
		if (b & 8)
			s->ioprio |= IOU_ACCEPT_MULTISHOT;
		break;
	}
	/* flags: LINK, HARDLINK, DRAIN, ASYNC, CQE_SKIP; FIXED_FILE is
	 * FIXED_FD_INSTALL's own */
	s->flags |= fl & (IOU_SQE_IO_DRAIN | IOU_SQE_IO_LINK |
			  IOU_SQE_IO_HARDLINK | IOU_SQE_ASYNC |
			  IOU_SQE_CQE_SKIP_SUCCESS);
	if ((fl & 0x80) && op % L_NOPS != L_FIXED_FD_INSTALL)
		s->flags |= IOU_SQE_FIXED_FILE;
	req_publish(st, q, slot);
}

/* sim_sqe.c — libFuzzer harness: the input bytes become SQEs, enters,
 * registrations and iou_sys_* calls on one ring of the simulated kernel,
 * through the public API only (iou.h, iou_prep.h, iou_sim.h). It checks
 * that nothing crashes, leaks or hits UB (under ASan+UBSan), and that
 * every CQE keeps the guarantees of DESIGN.md §2 (see "Invariants" below);
 * a broken invariant is an abort() with a message and the sim's trace.
 *
 * ==== Input layout =========================================================
 *   header, 8 bytes:
 *     [0] kernel: bits 0-2 pick 5.4 5.10 5.15 5.19 6.1 6.6 6.12 NEWEST;
 *         bit 3: the range [that, NEWEST] (the profile is a tape choice)
 *     [1] fault classes: bits 0-5 = IOU_FAULT_* (0: none)
 *     [2] ring size: bits 0-2 = log2 SQ entries (1..128); bits 3-4 = CQ:
 *         0 default (2x), 1 CQSIZE = SQ, 2 CQSIZE = 4x SQ, 3 CQSIZE = SQ+1;
 *         bits 5-6 = odd entries: 1 SQ+1, 2 none (0), 3 65536; bit 7 with
 *         CQSIZE: CQ 0 or 131072
 *     [3..4] setup flags, LE, each bit one of SAFE_SETUP[] below
 *     [5..6] tape length, LE (clamped to what is left)
 *     [7] options: bit 0 runs the input twice and compares the traces;
 *         bit 1 skips the settling at the end (teardown with requests in
 *         flight); bit 2 sets up a second ring on the sim (MSG_RING target)
 *   tape: that many bytes, given to the sim as iou_sim_opts.tape (its
 *     choices: CQE order, delays, short I/O, faults...; past its end 0)
 *   program: commands, one byte each (mod C_NCMDS) then its arguments;
 *     reading past the end gives zeros. See enum cmd and run_cmd().
 *
 * ==== Pointer safety =======================================================
 * The sim, like a kernel, reads and writes the memory SQE fields point to,
 * and cannot check host pointers (a kernel would give -EFAULT). So every
 * pointer field of an SQE is rewritten per opcode (op_ptrs[]) to point into
 * one of the harness's regions, each allocated with its exact size so that
 * ASan catches a sim that goes past what the kernel would touch; lengths
 * the kernel does not bound are clamped to the region, lengths it bounds
 * (iovec counts, open_how size, addrlen...) are left as fuzzed. A zero
 * pointer stays NULL. Everything else in the SQE keeps the input's bits.
 *
 * ==== Invariants ===========================================================
 *  1. Every CQE's user_data was submitted (its SQE consumed by the kernel)
 *     or announced (MSG_RING data, poll update's new user_data); a MSG_RING
 *     data CQE carries the res and flags sent, once; the peer ring gets
 *     nothing else.
 *  2. Nothing after a CQE without F_MORE for a user_data.
 *  3. F_MORE only on multishot forms and send_zc; F_NOTIF only on send_zc,
 *     only after its request CQE had F_MORE, never with F_MORE; at most one
 *     request CQE per send_zc.
 *  4. F_BUFFER only with IOSQE_BUFFER_SELECT, never with -ENOBUFS (a read
 *     that fails after it took a buffer does report it: checked on 6.18);
 *     a buffer id is never handed out more often than it was provided; no
 *     unknown flags.
 *  5. res is >= 0 or a negative errno; per op: no more bytes than asked,
 *     a pure timer never "succeeds", cancel/close/... return <= 0, a
 *     timeout never expires before its virtual deadline.
 *  6. Link chains complete in order; after a member failed (not
 *     HARDLINK, not ETIME_SUCCESS) no later member succeeds. An IO_DRAIN
 *     request succeeds only after every earlier request completed.
 *  7. CQ accounting: iou_cq_ready <= CQ size; the SQ head never passes the
 *     tail; submit returns exactly what the kernel consumed; copy_cqes
 *     never returns more than asked (nor 0 when waiting); peek returns a
 *     CQE iff 0; after get_events the overflow list is empty unless the CQ
 *     is full, and a profile without NODROP never sets CQ_OVERFLOW.
 *  8. Every return value is >= 0 or a negative errno from the documented
 *     set of that call.
 *  9. No CQE is lost: at the end every pending request is canceled by
 *     user_data and waited for until the sim hangs; a consumed request
 *     without its terminal CQE then is a lost CQE (profiles with NODROP).
 * 10. The same input gives a byte-identical trace (header option bit 0).
 * Teardown frees buf_rings, exits the ring and frees the sim: LeakSanitizer
 * sees any leak. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>

#include "iou.h"
#include "iou_sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Sim bugs the harness can step around so that fuzzing goes on while one
 * is open: a bit set in SIM_SQE_KNOWN_BUGS keeps that workaround. The
 * three below are fixed; their reproducers replay from the corpus as
 * regress-* inputs (see fuzz/README.md). */
#define KB_KERNEL_VERSION 0x1 /* regress-kernel-version-null */
#define KB_SYS_PATH       0x2 /* regress-sys-open-unterminated-path */
#define KB_MSHOT_ZERO     0x4 /* regress-multishot-timeout-zero-interval */
#define KB_DENSE_FILES    0x8 /* not a bug now: a speed clamp, clamp_off() */
#ifndef SIM_SQE_KNOWN_BUGS
#define SIM_SQE_KNOWN_BUGS KB_DENSE_FILES
#endif
#define KNOWN_BUG(kb) ((SIM_SQE_KNOWN_BUGS & (kb)) != 0)

/* ---- limits and regions ------------------------------------------------ */

#define HDR_LEN     8
#define DATA_SZ     65536U  /* read/write buffers, provided buffers */
#define IOV_N       1024U   /* UIO_MAXIOV */
#define TS_N        2048U   /* timespecs: one per SQE (MAX_REQS) */
#define FDS_N       1024U   /* int array of FILES_UPDATE */
#define CTL_SZ      4096U   /* msg_control */
#define HOW_SZ      4096U   /* open_how and the zeroes a kernel may read */
#define SA_SZ       128U    /* sizeof(struct sockaddr_storage) */
#define STATX_SZ    256U    /* sizeof(struct statx) */
#define EV_SZ       16U     /* one struct epoll_event (12 packed) */
#define EVS_N       64U     /* epoll_wait events */
#define FUTEX_SZ    64U
#define FUTEXV_N    128U    /* FUTEX_WAITV_MAX */
#define FUTEXV_SZ   24U     /* sizeof(struct futex_waitv) */
#define SIGINFO_SZ  128U
#define OPTVAL_SZ   256U
#define MAX_OFF     (1U << 20) /* see clamp_off() */

#define MAX_REQS    2048U
#define MAX_ANN     256U
#define UD_BASE     0x1000ULL
#define ANN_BASE    0x100000ULL
#define NFD         16U
#define NBR         4U
#define NBG         8U      /* buffer groups whose bids are tracked */
#define NBID        1024U
#define MAX_ERRNO   4095
#define LAST_ERRNO  133     /* EHWPOISON */
#define LINK_FLAGS  (IOU_SQE_IO_LINK | IOU_SQE_IO_HARDLINK)
#define ETIME_NS    1000000000ULL

static const uint32_t kernels[8] = {
	IOU_KERNEL_VERSION(5, 4), IOU_KERNEL_VERSION(5, 10),
	IOU_KERNEL_VERSION(5, 15), IOU_KERNEL_VERSION(5, 19),
	IOU_KERNEL_VERSION(6, 1), IOU_KERNEL_VERSION(6, 6),
	IOU_KERNEL_VERSION(6, 12), IOU_KERNEL_NEWEST,
};

/* Setup flags the harness may ask for: none changes the size of an SQE or
 * CQE, or needs memory or fds from outside the sim. */
static const unsigned SAFE_SETUP[10] = {
	IOU_SETUP_SUBMIT_ALL, IOU_SETUP_COOP_TASKRUN, IOU_SETUP_TASKRUN_FLAG,
	IOU_SETUP_SINGLE_ISSUER, IOU_SETUP_DEFER_TASKRUN,
	IOU_SETUP_NO_SQARRAY, IOU_SETUP_CLAMP, IOU_SETUP_SQPOLL,
	IOU_SETUP_R_DISABLED, IOU_SETUP_IOPOLL,
};

/* Paths an SQE or iou_sys_* call may name. The last two: 4095 bytes and
 * a NUL (the longest path), and 4096 bytes without one (-ENAMETOOLONG:
 * the sim may read exactly PATH_MAX bytes of it). */
static const char *const path_strs[] = {
	"/tmp/a", "/tmp/b", "/tmp/d", "/tmp/d/c", "", "relative", "/",
	"/tmp", "/tmp/d/../a", "/tmp/l", "/tmp/a/", "user.x", "..",
	"/tmp/d/e/f", "/nonexistent/x",
};
#define NPATHS_FIXED (sizeof(path_strs) / sizeof(path_strs[0]))
#define NPATHS (NPATHS_FIXED + 2)

/* Harness memory the SQEs point into. Allocated once with exact sizes,
 * reset at the start of every input. */
static struct {
	uint8_t *data;
	struct iovec *iov;
	struct iou_timespec *ts;
	struct msghdr *msg;
	uint8_t *ctl;
	uint8_t *how;
	uint8_t *sa;
	socklen_t *alen;
	uint8_t *statx;
	int32_t *fds;
	int32_t *fds2;
	uint8_t *ev;
	uint8_t *evs;
	uint32_t *futex;
	uint8_t *futexv;
	uint8_t *siginfo;
	uint8_t *optval;
	char *paths[NPATHS];
	int ready;
} A;

static void *xalloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		abort();
	return p;
}

static void arena_init(void)
{
	size_t i;

	if (A.ready)
		return;
	A.data = xalloc(DATA_SZ);
	A.iov = xalloc(IOV_N * sizeof(*A.iov));
	A.ts = xalloc(TS_N * sizeof(*A.ts));
	A.msg = xalloc(sizeof(*A.msg));
	A.ctl = xalloc(CTL_SZ);
	A.how = xalloc(HOW_SZ);
	A.sa = xalloc(SA_SZ);
	A.alen = xalloc(sizeof(*A.alen));
	A.statx = xalloc(STATX_SZ);
	A.fds = xalloc(FDS_N * sizeof(*A.fds));
	A.fds2 = xalloc(2 * sizeof(*A.fds2));
	A.ev = xalloc(EV_SZ);
	A.evs = xalloc(EVS_N * EV_SZ);
	A.futex = xalloc(FUTEX_SZ);
	A.futexv = xalloc(FUTEXV_N * FUTEXV_SZ);
	A.siginfo = xalloc(SIGINFO_SZ);
	A.optval = xalloc(OPTVAL_SZ);
	for (i = 0; i < NPATHS_FIXED; i++) {
		size_t n = strlen(path_strs[i]) + 1;

		A.paths[i] = xalloc(n);
		memcpy(A.paths[i], path_strs[i], n);
	}
	A.paths[i] = xalloc(4096);
	memset(A.paths[i], 'x', 4095);
	A.paths[i][4095] = '\0';
	A.paths[++i] = xalloc(4096);
	memset(A.paths[i], 'y', 4096);
	A.ready = 1;
}

/* The same contents at the start of every input (determinism). */
static void arena_reset(void)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)A.sa;

	for (uint32_t i = 0; i < DATA_SZ; i++)
		A.data[i] = (uint8_t)(i * 7 + 1);
	for (uint32_t i = 0; i < IOV_N; i++) {
		if (i < 8) {
			A.iov[i].iov_base = A.data + i * 512;
			A.iov[i].iov_len = 512;
		} else {
			A.iov[i].iov_base = NULL;
			A.iov[i].iov_len = 0;
		}
	}
	memset(A.ts, 0, TS_N * sizeof(*A.ts));
	memset(A.ctl, 0, CTL_SZ);
	memset(A.how, 0, HOW_SZ);
	memset(A.sa, 0, SA_SZ);
	sin->sin_family = AF_INET;
	sin->sin_port = htons(4242);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*A.alen = sizeof(struct sockaddr_in);
	memset(A.msg, 0, sizeof(*A.msg));
	A.msg->msg_iov = A.iov;
	A.msg->msg_iovlen = 1;
	memset(A.statx, 0, STATX_SZ);
	for (uint32_t i = 0; i < FDS_N; i++)
		A.fds[i] = -1;
	A.fds2[0] = A.fds2[1] = -1;
	memset(A.ev, 0, EV_SZ);
	memset(A.evs, 0, EVS_N * EV_SZ);
	memset(A.futex, 0, FUTEX_SZ);
	memset(A.futexv, 0, FUTEXV_N * FUTEXV_SZ);
	for (uint32_t i = 0; i < FUTEXV_N; i++) {
		uint64_t ua = (uint64_t)(uintptr_t)&A.futex[i % (FUTEX_SZ / 4)];

		memcpy(A.futexv + i * FUTEXV_SZ + 8, &ua, sizeof(ua));
	}
	memset(A.siginfo, 0, SIGINFO_SZ);
	memset(A.optval, 0, OPTVAL_SZ);
}

/* ---- input ---------------------------------------------------------------- */

struct in {
	const uint8_t *p;
	size_t n, pos;
};

static uint8_t in_u8(struct in *in)
{
	return in->pos < in->n ? in->p[in->pos++] : 0;
}

static uint16_t in_u16(struct in *in)
{
	uint16_t v = in_u8(in);

	return (uint16_t)(v | (uint16_t)in_u8(in) << 8);
}

static uint32_t in_u32(struct in *in)
{
	uint32_t v = in_u16(in);

	return v | (uint32_t)in_u16(in) << 16;
}

static void in_bytes(struct in *in, void *dst, size_t n)
{
	uint8_t *d = dst;

	for (size_t i = 0; i < n; i++)
		d[i] = in_u8(in);
}

/* ---- state of one run ------------------------------------------------------- */

struct req {
	struct iou_sqe sqe;        /* as handed to the kernel */
	struct iou_timespec ts;    /* the timespec it points to, if any */
	uint64_t t0;               /* virtual time before it was consumed */
	int32_t chain_prev;        /* earlier member of its chain, or -1 */
	int32_t res;               /* res of its completion CQE */
	uint32_t first_seq, done_seq;
	uint16_t ncqe;
	uint8_t consumed;
	uint8_t chain_ok;          /* its chain boundaries are known */
	uint8_t done;              /* completion CQE seen (send_zc: request) */
	uint8_t terminal;          /* CQE without F_MORE seen */
	uint8_t more;              /* a non-notif CQE with F_MORE seen */
	uint8_t settle;            /* a cancel queued by settle() */
};

struct ann {
	uint8_t terminal;
	uint8_t msg_data;          /* MSG_RING IOU_MSG_DATA: res and flags known */
	uint16_t ncqe;
	int32_t res;
	uint32_t flags;
};

struct bring {
	struct iou_buf_ring *br;
	unsigned entries;
	uint16_t bgid;
	uint32_t added;            /* buffers published */
	uint32_t seen;             /* F_BUFFER CQEs seen from its group */
};

struct st {
	struct iou_sim *sim;
	struct iou ring;
	struct iou peer;           /* a second ring: MSG_RING's target */
	int peer_up;
	int ring_up;
	int disabled;
	unsigned setup_flags;
	unsigned cq_entries;
	unsigned features;
	uint32_t kver;
	struct in in;
	uint32_t nreq;             /* SQEs handed out */
	uint32_t nconsumed;        /* SQEs the kernel consumed */
	uint32_t nann;
	uint32_t seq;              /* CQEs seen */
	uint64_t t_call;           /* virtual time before the current call */
	int fds[NFD];
	unsigned fd_next;
	int max_fd;                /* highest fd the harness was given */
	struct bring brs[NBR];
	uint8_t bg_legacy[NBG], bg_ring[NBG];
	int order_ok;              /* no CQE can be dropped: ordering checks */
	int ts_updated;            /* timeout deadlines were changed */
	int settle_hits;           /* settle cancels that found their target */
	uint64_t hash;             /* everything observed, for determinism */
	const char *what;          /* the call being checked */
};

/* How often each check had something to check (SIM_SQE_STATS=1 prints
 * them at exit): an invariant that never runs proves nothing. */
enum st_counter {
	ST_RUNS, ST_CQES, ST_CHAIN, ST_CHAIN_FAIL, ST_DRAIN, ST_EXPIRY,
	ST_BID, ST_MORE, ST_NOTIF, ST_SETTLED, ST_LOSTCHK, ST_GIVEUP,
	ST_OVF_GE, ST_HUNG, ST_NSTATS
};
static const char *const stat_names[ST_NSTATS] = {
	"runs", "CQEs checked", "chain order checks", "chain failure checks",
	"drain checks", "expiry checks", "buffer id checks", "F_MORE CQEs",
	"F_NOTIF CQEs", "runs settled (nothing pending)",
	"lost-CQE checks (converged)", "settle gave up",
	"get_events overflow checks", "runs where the sim hung",
};
static unsigned long stats[ST_NSTATS];

static void stats_print(void)
{
	for (int i = 0; i < ST_NSTATS; i++)
		fprintf(stderr, "sim_sqe: %-32s %lu\n", stat_names[i], stats[i]);
}

static struct req reqs[MAX_REQS];
static struct ann anns[MAX_ANN];
static uint16_t bid_prov[NBG][NBID], bid_used[NBG][NBID];

/* ---- failing ------------------------------------------------------------------ */

static struct st *cur;

__attribute__((noreturn, format(printf, 1, 2)))
static void fail(const char *fmt, ...)
{
	va_list ap;
	char tok[4096];

	fprintf(stderr, "\n==== sim_sqe invariant violated: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (cur && cur->sim) {
		size_t len = 0;
		const char *t = iou_sim_trace(cur->sim, &len);

		if (cur->what)
			fprintf(stderr, "during: %s\n", cur->what);
		fprintf(stderr, "kernel profile: %#x\n", iou_sim_kernel(cur->sim));
		if (iou_sim_replay_token(cur->sim, tok, sizeof(tok)) >= 0)
			fprintf(stderr, "replay token: %s\n", tok);
		if (t && len) {
			size_t from = len > 6000 ? len - 6000 : 0;

			fprintf(stderr, "---- trace tail ----\n%.*s----\n",
				(int)(len - from), t + from);
		}
	}
	abort();
}

static void mix(struct st *st, uint64_t v)
{
	st->hash = (st->hash ^ v) * 0x100000001b3ULL;
}

static int is_errno(long v)
{
	return v < 0 && v >= -LAST_ERRNO;
}

/* A negative return must be one of the listed errnos (0-terminated). */
static void check_ret(struct st *st, const char *call, long ret,
		      const int *allowed)
{
	mix(st, (uint64_t)ret);
	if (ret >= 0)
		return;
	if (!is_errno(ret))
		fail("%s returned %ld: not a negative errno", call, ret);
	for (; allowed && *allowed; allowed++)
		if (ret == -*allowed)
			return;
	if (allowed)
		fail("%s returned %ld (%s): not a documented errno", call, ret,
		     iou_strerror((int)ret));
}

/* enter's errnos (iou.h): -EAGAIN, -EBUSY, -EINTR; the sim's -EDEADLK
 * (hang, DESIGN §2), -EBADR (CQEs dropped, pre-NODROP), -EBADFD
 * (R_DISABLED), -ETIME (timed waits). */
static const int E_SUBMIT[] = { EAGAIN, EBUSY, EBADFD, EBADR, 0 };
static const int E_WAIT[] = { EAGAIN, EBUSY, EINTR, EBADFD, EBADR, EDEADLK,
			      0 };
static const int E_WAIT_TS[] = { EAGAIN, EBUSY, EINTR, EBADFD, EBADR,
				 EDEADLK, ETIME, EINVAL, 0 };

/* ---- fds and user_data targets ------------------------------------------------ */

static void fd_add(struct st *st, int fd)
{
	st->fds[st->fd_next++ % NFD] = fd;
	if (fd > st->max_fd && fd < 65536)
		st->max_fd = fd;
}

static int fd_pick(struct st *st, uint8_t b)
{
	static const int special[8] = {
		-1, IOU_AT_FDCWD, 0, 1, 2, 1023, 1024, INT_MAX,
	};

	if (b >= 0xf8)
		return special[b & 7];
	return st->fds[b % NFD];
}

/* The user_data of one of the first n SQEs (recent ones likelier: raw 0
 * is the last), or the raw value. */
static uint64_t ud_target(uint32_t n, uint64_t raw)
{
	uint32_t k;

	if (!n)
		return raw;
	k = (uint32_t)(raw % (n + 1));
	if (k == n)
		return raw;
	return UD_BASE + (n - 1 - k);
}

static uint64_t ann_new(struct st *st, const struct iou_sqe *sqe)
{
	struct ann *a = &anns[st->nann];

	if (st->nann >= MAX_ANN)
		return ANN_BASE + MAX_ANN; /* never announced: must not appear */
	memset(a, 0, sizeof(*a));
	if (sqe->opcode == IOU_OP_MSG_RING && sqe->addr == IOU_MSG_DATA) {
		a->msg_data = 1;
		a->res = (int32_t)sqe->len;
		a->flags = (sqe->msg_ring_flags & IOU_MSG_RING_FLAGS_PASS) ?
			   sqe->file_index : 0;
	}
	return ANN_BASE + st->nann++;
}

/* ---- the per-opcode pointer table --------------------------------------------- */

enum kind {
	K_NONE,     /* not a pointer */
	K_DATA,     /* a buffer in DATA; len (sqe->len) clamped to fit */
	K_FIXED,    /* in DATA, len as fuzzed: the registered buffer bounds it */
	K_IOV,      /* iovec array; count in len (kernel bounds it: 1024) */
	K_MSG,      /* struct msghdr */
	K_TS,       /* struct __kernel_timespec of this SQE */
	K_PATH,     /* NUL-terminated path (or the unterminated one) */
	K_STATX,    /* struct statx */
	K_HOW,      /* struct open_how; size in len (kernel bounds: 4096) */
	K_SA,       /* struct sockaddr_storage */
	K_ALEN,     /* socklen_t */
	K_FDS,      /* int[]; count in len, clamped */
	K_FDS2,     /* int[2] */
	K_EV,       /* struct epoll_event */
	K_EVS,      /* struct epoll_event[]; count in len, clamped */
	K_FUTEX,    /* a futex word */
	K_FUTEXV,   /* struct futex_waitv[]; count in len (kernel: 128) */
	K_SIGINFO,  /* siginfo_t */
	K_OPTVAL,   /* setsockopt value; optlen clamped */
	K_VAL,      /* xattr value in DATA; len clamped */
	K_UD,       /* not a pointer: a user_data to target */
	K_ANN,      /* not a pointer: a user_data the op will post with */
	K_PBUF,     /* provided buffers: nr (fd) * len inside DATA */
};

/* Which fields are pointers. off is addr2; OFFCLAMP: file offsets that
 * make a file grow (see clamp_off). */
#define OFFCLAMP 1U
#define ADDRCLAMP 2U /* FALLOCATE: the length, in addr */
struct op_ptrs {
	uint8_t addr, off, addr3, flags;
};

static const struct op_ptrs op_ptrs[IOU_OP_LAST] = {
	[IOU_OP_NOP] = { 0 },
	[IOU_OP_READV] = { K_IOV, K_NONE, K_NONE, 0 },
	[IOU_OP_WRITEV] = { K_IOV, K_NONE, K_NONE, OFFCLAMP },
	[IOU_OP_FSYNC] = { 0 },
	[IOU_OP_READ_FIXED] = { K_FIXED, K_NONE, K_NONE, 0 },
	[IOU_OP_WRITE_FIXED] = { K_FIXED, K_NONE, K_NONE, OFFCLAMP },
	[IOU_OP_POLL_ADD] = { 0 },
	[IOU_OP_POLL_REMOVE] = { K_UD, K_ANN, K_NONE, 0 },
	[IOU_OP_SYNC_FILE_RANGE] = { 0 },
	[IOU_OP_SENDMSG] = { K_MSG, K_NONE, K_NONE, 0 },
	[IOU_OP_RECVMSG] = { K_MSG, K_NONE, K_NONE, 0 },
	[IOU_OP_TIMEOUT] = { K_TS, K_NONE, K_NONE, 0 },
	[IOU_OP_TIMEOUT_REMOVE] = { K_UD, K_TS, K_NONE, 0 },
	[IOU_OP_ACCEPT] = { K_SA, K_ALEN, K_NONE, 0 },
	[IOU_OP_ASYNC_CANCEL] = { K_UD, K_NONE, K_NONE, 0 },
	[IOU_OP_LINK_TIMEOUT] = { K_TS, K_NONE, K_NONE, 0 },
	[IOU_OP_CONNECT] = { K_SA, K_NONE, K_NONE, 0 },
	[IOU_OP_FALLOCATE] = { K_NONE, K_NONE, K_NONE, OFFCLAMP | ADDRCLAMP },
	[IOU_OP_OPENAT] = { K_PATH, K_NONE, K_NONE, 0 },
	[IOU_OP_CLOSE] = { 0 },
	[IOU_OP_FILES_UPDATE] = { K_FDS, K_NONE, K_NONE, 0 },
	[IOU_OP_STATX] = { K_PATH, K_STATX, K_NONE, 0 },
	[IOU_OP_READ] = { K_DATA, K_NONE, K_NONE, 0 },
	[IOU_OP_WRITE] = { K_DATA, K_NONE, K_NONE, OFFCLAMP },
	[IOU_OP_FADVISE] = { 0 },
	[IOU_OP_MADVISE] = { K_DATA, K_NONE, K_NONE, 0 },
	[IOU_OP_SEND] = { K_DATA, K_SA, K_NONE, 0 },
	[IOU_OP_RECV] = { K_DATA, K_NONE, K_NONE, 0 },
	[IOU_OP_OPENAT2] = { K_PATH, K_HOW, K_NONE, 0 },
	[IOU_OP_EPOLL_CTL] = { K_EV, K_NONE, K_NONE, 0 },
	[IOU_OP_SPLICE] = { K_NONE, K_NONE, K_NONE, OFFCLAMP },
	[IOU_OP_PROVIDE_BUFFERS] = { K_PBUF, K_NONE, K_NONE, 0 },
	[IOU_OP_REMOVE_BUFFERS] = { 0 },
	[IOU_OP_TEE] = { 0 },
	[IOU_OP_SHUTDOWN] = { 0 },
	[IOU_OP_RENAMEAT] = { K_PATH, K_PATH, K_NONE, 0 },
	[IOU_OP_UNLINKAT] = { K_PATH, K_NONE, K_NONE, 0 },
	[IOU_OP_MKDIRAT] = { K_PATH, K_NONE, K_NONE, 0 },
	[IOU_OP_SYMLINKAT] = { K_PATH, K_PATH, K_NONE, 0 },
	[IOU_OP_LINKAT] = { K_PATH, K_PATH, K_NONE, 0 },
	[IOU_OP_MSG_RING] = { K_NONE, K_ANN, K_NONE, 0 },
	[IOU_OP_FSETXATTR] = { K_PATH, K_VAL, K_NONE, 0 },
	[IOU_OP_SETXATTR] = { K_PATH, K_VAL, K_PATH, 0 },
	[IOU_OP_FGETXATTR] = { K_PATH, K_VAL, K_NONE, 0 },
	[IOU_OP_GETXATTR] = { K_PATH, K_VAL, K_PATH, 0 },
	[IOU_OP_SOCKET] = { 0 },
	[IOU_OP_URING_CMD] = { K_NONE, K_NONE, K_OPTVAL, 0 },
	[IOU_OP_SEND_ZC] = { K_DATA, K_SA, K_NONE, 0 },
	[IOU_OP_SENDMSG_ZC] = { K_MSG, K_NONE, K_NONE, 0 },
	[IOU_OP_READ_MULTISHOT] = { K_DATA, K_NONE, K_NONE, 0 },
	[IOU_OP_WAITID] = { K_NONE, K_SIGINFO, K_NONE, 0 },
	[IOU_OP_FUTEX_WAIT] = { K_FUTEX, K_NONE, K_NONE, 0 },
	[IOU_OP_FUTEX_WAKE] = { K_FUTEX, K_NONE, K_NONE, 0 },
	[IOU_OP_FUTEX_WAITV] = { K_FUTEXV, K_NONE, K_NONE, 0 },
	[IOU_OP_FIXED_FD_INSTALL] = { 0 },
	[IOU_OP_FTRUNCATE] = { K_NONE, K_NONE, K_NONE, OFFCLAMP },
	[IOU_OP_BIND] = { K_SA, K_NONE, K_NONE, 0 },
	[IOU_OP_LISTEN] = { 0 },
	[IOU_OP_RECV_ZC] = { 0 },
	[IOU_OP_EPOLL_WAIT] = { K_EVS, K_NONE, K_NONE, 0 },
	[IOU_OP_READV_FIXED] = { K_IOV, K_NONE, K_NONE, 0 },
	[IOU_OP_WRITEV_FIXED] = { K_IOV, K_NONE, K_NONE, OFFCLAMP },
	[IOU_OP_PIPE] = { K_FDS2, K_NONE, K_NONE, 0 },
};

/* The sim keeps files as dense byte arrays up to 1 GiB (past it -EFBIG),
 * so a write at a fuzzed offset below that allocates up to 1 GiB: slow,
 * and near libFuzzer's RSS limit. Offsets that grow a file are therefore
 * folded under 1 MiB unless they are past 2^30 (-EFBIG, cheap) or
 * negative (-1 is the file position). Before the limit was lowered from
 * 1 TiB, a write at 2^39 was an allocation-size-too-big crash: that input
 * is corpus/sim_sqe/regress-write-huge-offset now. Clear KB_DENSE_FILES
 * to fuzz raw offsets. */
static uint64_t clamp_off(uint64_t v)
{
#if KNOWN_BUG(KB_DENSE_FILES)
	if ((int64_t)v < 0 || v >= (1ULL << 30))
		return v;
	return v % MAX_OFF;
#else
	return v;
#endif
}

/* A timespec from raw bits: 0-3 s and up to 65 ms, sometimes invalid. */
static void ts_from(struct iou_timespec *ts, uint64_t raw)
{
	ts->tv_sec = (int64_t)((raw >> 3) & 3);
	ts->tv_nsec = (long long)((raw >> 5) & 0xffff) * 1000;
	switch (raw & 7) {
	case 5:
		ts->tv_sec = 0; /* sub-microsecond */
		ts->tv_nsec = (long long)((raw >> 5) & 0x3ff);
		break;
	case 6:
		ts->tv_nsec = 1000000000LL + (long long)((raw >> 5) & 0xff);
		break;
	case 7:
		ts->tv_sec = -1;
		break;
	default:
		break;
	}
}

/* Clamps len so that [off, off + len) lies in a region of size sz. */
static uint32_t fit(uint64_t off, uint32_t len, uint32_t sz)
{
	return len > sz - off ? (uint32_t)(sz - off) : len;
}

static uint64_t ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* Rewrites one pointer field (*f) of an SQE; may clamp its length. */
static void fix_field(struct st *st, struct req *q, uint8_t kind,
		      uint64_t *f, int is_off)
{
	struct iou_sqe *sqe = &q->sqe;
	uint64_t raw = *f;
	uint32_t o;

	if (kind == K_NONE)
		return;
	if (kind == K_UD) {
		*f = ud_target((uint32_t)(q - reqs), raw);
		return;
	}
	if (kind == K_ANN) {
		/* MSG_RING's data; a poll update's new user_data (only with
		 * IORING_POLL_UPDATE_USER_DATA in len) */
		if (sqe->opcode == IOU_OP_POLL_REMOVE &&
		    !(sqe->len & IOU_POLL_UPDATE_USER_DATA))
			return;
		*f = ann_new(st, sqe);
		return;
	}
	if (!raw)
		return; /* NULL stays NULL: -EFAULT in a kernel */
	switch (kind) {
	case K_DATA:
		o = (uint32_t)(raw % DATA_SZ);
		*f = ptr(A.data + o);
		if (!is_off)
			sqe->len = fit(o, sqe->len, DATA_SZ);
		break;
	case K_VAL:
		/* xattr value: the kernel bounds len by XATTR_SIZE_MAX
		 * (64 KiB = DATA_SZ) before copying: keep len, start at 0 */
		*f = ptr(A.data);
		break;
	case K_FIXED:
		*f = ptr(A.data + raw % DATA_SZ);
		break;
	case K_IOV:
		o = (uint32_t)(raw % 8);
		*f = ptr(A.iov + o);
		if (sqe->len <= IOV_N)
			sqe->len = fit(o, sqe->len, IOV_N);
		break;
	case K_MSG:
		*f = ptr(A.msg);
		break;
	case K_TS:
		/* TIMEOUT_REMOVE: a timespec only for the update forms */
		if (sqe->opcode == IOU_OP_TIMEOUT_REMOVE &&
		    !(sqe->timeout_flags & IOU_TIMEOUT_UPDATE_MASK))
			return;
		ts_from(&q->ts, raw);
#if KNOWN_BUG(KB_MSHOT_ZERO)
		/* (fixed: regress-multishot-timeout-zero-interval) a multishot
		 * timeout (or an update) of 0 ns re-arms at the same virtual
		 * instant forever; a kernel's hrtimer moves on by at least
		 * its resolution */
		if (!q->ts.tv_sec && !q->ts.tv_nsec &&
		    (sqe->opcode == IOU_OP_TIMEOUT_REMOVE ||
		     (sqe->timeout_flags & IOU_TIMEOUT_MULTISHOT)))
			q->ts.tv_nsec = 1;
#endif
		A.ts[q - reqs] = q->ts;
		*f = ptr(&A.ts[q - reqs]);
		break;
	case K_PATH:
		*f = ptr(A.paths[raw % NPATHS]);
		break;
	case K_STATX:
		*f = ptr(A.statx);
		break;
	case K_HOW:
		*f = ptr(A.how);
		break;
	case K_SA:
		/* SEND/SEND_ZC: addr2 is the sendto address, len addr_len */
		*f = ptr(A.sa);
		break;
	case K_ALEN:
		*f = ptr(A.alen);
		break;
	case K_FDS:
		*f = ptr(A.fds);
		if (sqe->len > FDS_N)
			sqe->len = FDS_N;
		break;
	case K_FDS2:
		*f = ptr(A.fds2);
		break;
	case K_EV:
		*f = ptr(A.ev);
		break;
	case K_EVS:
		*f = ptr(A.evs);
		if (sqe->len > EVS_N)
			sqe->len = EVS_N;
		break;
	case K_FUTEX:
		/* misaligned words are the kernel's -EINVAL; 8-byte room */
		*f = ptr((uint8_t *)A.futex + raw % (FUTEX_SZ - 7));
		break;
	case K_FUTEXV:
		*f = ptr(A.futexv);
		break;
	case K_SIGINFO:
		*f = ptr(A.siginfo);
		break;
	case K_OPTVAL:
		*f = ptr(A.optval);
		if (sqe->optlen > OPTVAL_SZ)
			sqe->optlen = OPTVAL_SZ;
		break;
	case K_PBUF: {
		/* nr = fd buffers of len bytes: the kernel checks access_ok
		 * on nr * len bytes, the sim cannot, so they fit in DATA */
		uint32_t nr = (uint32_t)sqe->fd, len = sqe->len;

		o = (uint32_t)(raw % DATA_SZ);
		if (nr >= 1 && nr <= 65536 && len) {
			if ((uint64_t)len * nr > DATA_SZ - o) {
				len = (DATA_SZ - o) / nr;
				if (!len) {
					o = 0;
					len = DATA_SZ / nr;
				}
			}
			sqe->len = len;
		}
		*f = ptr(A.data + o);
		break;
	}
	default:
		break;
	}
}

/* Rewrites every pointer field of q->sqe (user_data already set). */
static void fix_sqe(struct st *st, struct req *q)
{
	struct iou_sqe *sqe = &q->sqe;
	const struct op_ptrs *op;
	uint64_t v;

	if (sqe->opcode >= IOU_OP_LAST)
		return; /* refused before any field is looked at */
	op = &op_ptrs[sqe->opcode];
	/* Zero-copy and fixed-buffer sends name a registered buffer. */
	if ((sqe->opcode == IOU_OP_SEND_ZC || sqe->opcode == IOU_OP_SEND) &&
	    (sqe->ioprio & IOU_RECVSEND_FIXED_BUF))
		fix_field(st, q, K_FIXED, &sqe->addr, 0);
	else
		fix_field(st, q, op->addr, &sqe->addr, 0);
	fix_field(st, q, op->off, &sqe->off, 1);
	if (op->addr3 != K_NONE) {
		v = sqe->addr3;
		fix_field(st, q, op->addr3, &v, 1);
		sqe->addr3 = v;
	}
	if (op->flags & OFFCLAMP) {
		sqe->off = clamp_off(sqe->off);
		if (sqe->opcode == IOU_OP_SPLICE)
			sqe->splice_off_in = clamp_off(sqe->splice_off_in);
	}
	if (op->flags & ADDRCLAMP)
		sqe->addr = clamp_off(sqe->addr);
	if (sqe->opcode == IOU_OP_FTRUNCATE)
		sqe->off = clamp_off(sqe->off);
}

/* ---- CQE checks ------------------------------------------------------------------ */

static int may_more(const struct iou_sqe *s)
{
	switch (s->opcode) {
	case IOU_OP_TIMEOUT:
		return (s->timeout_flags & IOU_TIMEOUT_MULTISHOT) != 0;
	case IOU_OP_POLL_ADD:
		return (s->len & IOU_POLL_ADD_MULTI) != 0;
	case IOU_OP_ACCEPT:
		return (s->ioprio & IOU_ACCEPT_MULTISHOT) != 0;
	case IOU_OP_RECV:
	case IOU_OP_RECVMSG:
		return (s->ioprio & IOU_RECV_MULTISHOT) != 0;
	case IOU_OP_READ_MULTISHOT:
	case IOU_OP_SEND_ZC:
	case IOU_OP_SENDMSG_ZC:
	case IOU_OP_URING_CMD:
	case IOU_OP_RECV_ZC:
	case IOU_OP_POLL_REMOVE: /* a poll update re-arms in place */
		return 1;
	default:
		return 0;
	}
}

/* IORING_NOP_INJECT_RESULT (6.12+): the NOP completes with sqe->len. */
static int nop_injected(const struct iou_sqe *s, int32_t res)
{
	return s->opcode == IOU_OP_NOP && (s->nop_flags & 1U) &&
	       res == (int32_t)s->len;
}

static int is_zc(const struct iou_sqe *s)
{
	return s->opcode == IOU_OP_SEND_ZC || s->opcode == IOU_OP_SENDMSG_ZC;
}

/* A failure that does not break its link (IORING_TIMEOUT_ETIME_SUCCESS). */
/* A failure that does not break the link: a count-less ETIME_SUCCESS
 * timeout expiring, and, on 6.18, the errors of the fs/sync ops, which
 * post their result without failing the request (measured on this
 * machine's kernel; the sim's 6.18 profile, soft_fail). */
static int fail_is_benign(const struct st *st, const struct req *p)
{
	if (p->sqe.opcode == IOU_OP_TIMEOUT &&
	    (p->sqe.timeout_flags & IOU_TIMEOUT_ETIME_SUCCESS) &&
	    p->res == -ETIME)
		return 1;
	if (st->kver < (uint32_t)IOU_KERNEL_VERSION(6, 18))
		return 0;
	switch (p->sqe.opcode) {
	case IOU_OP_RENAMEAT:
	case IOU_OP_UNLINKAT:
	case IOU_OP_MKDIRAT:
	case IOU_OP_SYMLINKAT:
	case IOU_OP_LINKAT:
	case IOU_OP_STATX:
	case IOU_OP_FSYNC:
	case IOU_OP_FALLOCATE:
	case IOU_OP_SYNC_FILE_RANGE:
		return 1;
	default:
		return 0;
	}
}

static uint64_t ts_ns(const struct iou_timespec *ts)
{
	return (uint64_t)ts->tv_sec * ETIME_NS + (uint64_t)ts->tv_nsec;
}

static int ts_valid(const struct iou_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000;
}

/* Chain order and cancelation (invariant 6), at q's first completion. */
static void check_chain(struct st *st, struct req *q, const struct iou_cqe *c)
{
	int32_t i = q->chain_prev;
	struct req *p;

	if (!q->chain_ok || !st->order_ok ||
	    q->sqe.opcode == IOU_OP_LINK_TIMEOUT)
		return;
	/* A link timeout posts with its target, in either order; a
	 * member with CQE_SKIP_SUCCESS and no CQE succeeded silently. */
	while (i >= 0 && (reqs[i].sqe.opcode == IOU_OP_LINK_TIMEOUT ||
			  (!reqs[i].ncqe &&
			   (reqs[i].sqe.flags & IOU_SQE_CQE_SKIP_SUCCESS))))
		i = reqs[i].chain_prev;
	if (i < 0)
		return;
	p = &reqs[i];
	stats[ST_CHAIN]++;
	if (p->res < 0)
		stats[ST_CHAIN_FAIL]++;
	if (!p->done)
		fail("linked ud=%#llx completed (res %d) before ud=%#llx it is "
		     "linked after", (unsigned long long)c->user_data, c->res,
		     (unsigned long long)(UD_BASE + (uint32_t)i));
	if (p->res < 0 && !(p->sqe.flags & IOU_SQE_IO_HARDLINK) &&
	    !fail_is_benign(st, p) && c->res >= 0)
		fail("ud=%#llx succeeded (res %d) after ud=%#llx it is linked "
		     "after failed (res %d)", (unsigned long long)c->user_data,
		     c->res, (unsigned long long)(UD_BASE + (uint32_t)i),
		     p->res);
}

/* IO_DRAIN (invariant 6): a drained request that succeeds completes after
 * every request consumed before it. */
static void check_drain(struct st *st, struct req *q, const struct iou_cqe *c)
{
	uint32_t idx = (uint32_t)(q - reqs);

	if (!(q->sqe.flags & IOU_SQE_IO_DRAIN) || c->res < 0 || !st->order_ok)
		return;
	stats[ST_DRAIN]++;
	for (uint32_t i = 0; i < idx; i++) {
		const struct req *p = &reqs[i];

		if (p->done || !p->consumed)
			continue;
		if ((p->sqe.flags & IOU_SQE_CQE_SKIP_SUCCESS) ||
		    p->sqe.opcode == IOU_OP_LINK_TIMEOUT || may_more(&p->sqe))
			continue;
		fail("IO_DRAIN ud=%#llx completed (res %d) before the earlier "
		     "ud=%#llx (%s)", (unsigned long long)c->user_data, c->res,
		     (unsigned long long)(UD_BASE + i),
		     iou_op_name(p->sqe.opcode));
	}
}

static void bid_use(struct st *st, const struct req *q, uint32_t flags)
{
	unsigned g = q->sqe.buf_group, bid = flags >> IOU_CQE_BUFFER_SHIFT;

	if (g >= NBG)
		return;
	for (unsigned k = 0; k < NBR; k++)
		if (st->brs[k].br && st->brs[k].bgid == g)
			st->brs[k].seen++;
	if (bid >= NBID || (flags & IOU_CQE_F_BUF_MORE))
		return;
	if (st->bg_legacy[g] && st->bg_ring[g])
		return; /* both kinds were used for this group: untracked */
	stats[ST_BID]++;
	if (bid_used[g][bid] >= bid_prov[g][bid])
		fail("buffer id %u of group %u handed out %u times but provided "
		     "%u times", bid, g, bid_used[g][bid] + 1, bid_prov[g][bid]);
	bid_used[g][bid]++;
}

/* Per-op checks of a completion's res (invariant 5). */
static void check_res(struct st *st, struct req *q, const struct iou_cqe *c)
{
	const struct iou_sqe *s = &q->sqe;
	int32_t res = c->res;

	if (res < 0)
		return;
	switch (s->opcode) {
	case IOU_OP_READ:
	case IOU_OP_WRITE:
	case IOU_OP_READ_FIXED:
	case IOU_OP_WRITE_FIXED:
	case IOU_OP_SEND:
	case IOU_OP_RECV:
		if (s->len && (uint32_t)res > s->len)
			fail("%s ud=%#llx returned %d bytes, asked for %u",
			     iou_op_name(s->opcode),
			     (unsigned long long)c->user_data, res, s->len);
		break;
	case IOU_OP_TIMEOUT:
		if (res > 0 || (!s->off && !(c->flags & IOU_CQE_F_MORE) &&
				!(s->timeout_flags & IOU_TIMEOUT_MULTISHOT)))
			fail("TIMEOUT ud=%#llx (count %llu) completed with %d",
			     (unsigned long long)c->user_data,
			     (unsigned long long)s->off, res);
		break;
	case IOU_OP_NOP:
		if (res > 0 && !nop_injected(s, res))
			fail("NOP ud=%#llx completed with %d (nop_flags %#x, "
			     "len %u)", (unsigned long long)c->user_data, res,
			     s->nop_flags, s->len);
		break;
	case IOU_OP_CLOSE:
	case IOU_OP_FSYNC:
	case IOU_OP_TIMEOUT_REMOVE:
	case IOU_OP_LINK_TIMEOUT:
	case IOU_OP_MKDIRAT:
	case IOU_OP_UNLINKAT:
	case IOU_OP_RENAMEAT:
	case IOU_OP_SYMLINKAT:
	case IOU_OP_LINKAT:
	case IOU_OP_STATX:
	case IOU_OP_FALLOCATE:
	case IOU_OP_FTRUNCATE:
		if (res > 0)
			fail("%s ud=%#llx completed with %d > 0",
			     iou_op_name(s->opcode),
			     (unsigned long long)c->user_data, res);
		break;
	case IOU_OP_ASYNC_CANCEL:
		if (res > 0 && !(s->cancel_flags & (IOU_ASYNC_CANCEL_ALL |
						     IOU_ASYNC_CANCEL_ANY)))
			fail("ASYNC_CANCEL ud=%#llx without ALL/ANY returned %d",
			     (unsigned long long)c->user_data, res);
		break;
	case IOU_OP_REMOVE_BUFFERS:
		if ((uint32_t)res > (uint32_t)s->fd)
			fail("REMOVE_BUFFERS ud=%#llx removed %d of %d",
			     (unsigned long long)c->user_data, res, s->fd);
		break;
	case IOU_OP_OPENAT:
	case IOU_OP_OPENAT2:
		if (!s->file_index)
			fd_add(st, res);
		break;
	case IOU_OP_PIPE:
		if (!s->file_index && s->addr) {
			fd_add(st, A.fds2[0]);
			fd_add(st, A.fds2[1]);
		}
		break;
	default:
		break;
	}
}

/* A timeout that expired: not before its virtual deadline (invariant 5). */
static void check_expiry(struct st *st, struct req *q, const struct iou_cqe *c)
{
	const struct iou_sqe *s = &q->sqe;
	uint64_t now, dl;

	if (c->res != -ETIME || st->ts_updated || !s->addr ||
	    !ts_valid(&q->ts) || q->ncqe)
		return;
	if (s->opcode != IOU_OP_TIMEOUT && s->opcode != IOU_OP_LINK_TIMEOUT)
		return;
	stats[ST_EXPIRY]++;
	now = iou_sim_now_ns(st->sim);
	dl = ts_ns(&q->ts);
	if (!(s->timeout_flags & IOU_TIMEOUT_ABS))
		dl += q->t0;
	if (now < dl)
		fail("%s ud=%#llx expired at %llu ns, before its deadline %llu",
		     iou_op_name(s->opcode), (unsigned long long)c->user_data,
		     (unsigned long long)now, (unsigned long long)dl);
}

static void check_cqe(struct st *st, const struct iou_cqe *c)
{
	uint64_t ud = c->user_data;
	uint32_t fl = c->flags;
	struct req *q;
	int notif = (fl & IOU_CQE_F_NOTIF) != 0, more = (fl & IOU_CQE_F_MORE) != 0;

	st->seq++;
	stats[ST_CQES]++;
	stats[ST_MORE] += more;
	stats[ST_NOTIF] += notif;
	mix(st, ud);
	mix(st, (uint32_t)c->res);
	mix(st, fl);
	if (ud >= ANN_BASE && ud < ANN_BASE + st->nann) {
		struct ann *a = &anns[ud - ANN_BASE];

		if (a->terminal)
			fail("CQE ud=%#llx res=%d flags=%#x after its terminal "
			     "CQE (announced user_data)",
			     (unsigned long long)ud, c->res, fl);
		a->ncqe++;
		if (!more)
			a->terminal = 1;
		if (a->msg_data && (c->res != a->res || fl != a->flags))
			fail("MSG_RING CQE ud=%#llx res=%d flags=%#x, sent res %d "
			     "flags %#x", (unsigned long long)ud, c->res, fl,
			     a->res, a->flags);
		if (a->msg_data && a->ncqe > 1)
			fail("MSG_RING data ud=%#llx posted twice",
			     (unsigned long long)ud);
		return;
	}
	if (ud < UD_BASE || ud >= UD_BASE + st->nreq)
		fail("CQE for user_data %#llx, never submitted (res %d flags %#x)",
		     (unsigned long long)ud, c->res, fl);
	q = &reqs[ud - UD_BASE];
	if (!q->consumed)
		fail("CQE ud=%#llx res=%d for an SQE the kernel has not consumed",
		     (unsigned long long)ud, c->res);
	if (q->terminal)
		fail("CQE ud=%#llx res=%d flags=%#x after its terminal CQE (%s)",
		     (unsigned long long)ud, c->res, fl,
		     iou_op_name(q->sqe.opcode));
	if ((c->res < -MAX_ERRNO || (c->res < 0 && !is_errno(c->res))) &&
	    !nop_injected(&q->sqe, c->res))
		fail("CQE ud=%#llx res=%d: not a negative errno",
		     (unsigned long long)ud, c->res);
	if (fl & 0xffe0U)
		fail("CQE ud=%#llx flags=%#x: unknown flags",
		     (unsigned long long)ud, fl);
	if (!(fl & IOU_CQE_F_BUFFER) && (fl >> IOU_CQE_BUFFER_SHIFT))
		fail("CQE ud=%#llx flags=%#x: a buffer id without F_BUFFER",
		     (unsigned long long)ud, fl);
	if (more && !may_more(&q->sqe))
		fail("CQE ud=%#llx flags=%#x: F_MORE on a single-shot %s",
		     (unsigned long long)ud, fl, iou_op_name(q->sqe.opcode));
	if (notif) {
		if (!is_zc(&q->sqe))
			fail("F_NOTIF on %s ud=%#llx", iou_op_name(q->sqe.opcode),
			     (unsigned long long)ud);
		if (more)
			fail("F_NOTIF with F_MORE, ud=%#llx",
			     (unsigned long long)ud);
		if (!q->more)
			fail("F_NOTIF ud=%#llx without a request CQE with F_MORE "
			     "before it", (unsigned long long)ud);
	} else if (is_zc(&q->sqe) && q->done) {
		fail("second request CQE for send_zc ud=%#llx (res %d)",
		     (unsigned long long)ud, c->res);
	}
	if (fl & IOU_CQE_F_BUFFER) {
		if (!(q->sqe.flags & IOU_SQE_BUFFER_SELECT))
			fail("F_BUFFER on ud=%#llx (%s) without BUFFER_SELECT",
			     (unsigned long long)ud, iou_op_name(q->sqe.opcode));
		/* A read that fails after it took a buffer still reports
		 * it (6.18: res -EOPNOTSUPP, flags F_BUFFER; KERNEL_FACTS'
		 * "only on success" is wrong); an empty group gives none. */
		if (c->res == -ENOBUFS)
			fail("F_BUFFER on ud=%#llx with -ENOBUFS",
			     (unsigned long long)ud);
		bid_use(st, q, fl);
	}
	if (!notif) {
		if (!q->ncqe) {
			check_chain(st, q, c);
			check_drain(st, q, c);
		}
		check_expiry(st, q, c);
		check_res(st, q, c);
	}
	if (!q->ncqe)
		q->first_seq = st->seq;
	q->ncqe++;
	if (!notif && !q->done && (!more || is_zc(&q->sqe))) {
		q->done = 1;
		q->done_seq = st->seq;
		q->res = c->res;
		if (q->settle && c->res == 0)
			st->settle_hits++;
	}
	if (!notif && more)
		q->more = 1;
	if (!more)
		q->terminal = 1;
}

/* ---- ring calls, checked ------------------------------------------------------------ */

static void check_ring(struct st *st)
{
	unsigned ready = iou_cq_ready(&st->ring);

	if (ready > st->cq_entries)
		fail("iou_cq_ready %u > CQ size %u", ready, st->cq_entries);
	if (iou_sq_ready(&st->ring) > iou_sq_entries(&st->ring))
		fail("iou_sq_ready %u > SQ size %u", iou_sq_ready(&st->ring),
		     iou_sq_entries(&st->ring));
	if (!(st->features & IOU_FEAT_NODROP) && iou_cq_has_overflow(&st->ring))
		fail("CQ_OVERFLOW set on a kernel without FEAT_NODROP");
}

/* Notes the SQEs the kernel consumed in the last call (in SQ order): their
 * link chains, whose boundaries are known when the call entered once. */
static uint32_t note_consumed(struct st *st, int one_enter)
{
	uint32_t unconsumed = iou_sq_ready(&st->ring), khead, n;
	int32_t prev = -1;

	if (unconsumed > st->nreq - st->nconsumed)
		fail("SQ head moved backwards: %u unconsumed, %u expected at most",
		     unconsumed, st->nreq - st->nconsumed);
	khead = st->nreq - unconsumed;
	n = khead - st->nconsumed;
	for (uint32_t i = st->nconsumed; i < khead; i++) {
		struct req *q = &reqs[i];

		q->consumed = 1;
		q->t0 = st->t_call;
		q->chain_prev = prev;
		q->chain_ok = one_enter &&
			      !(st->setup_flags & IOU_SETUP_SQPOLL);
		prev = (q->sqe.flags & LINK_FLAGS) ? (int32_t)i : -1;
		if (q->sqe.opcode == IOU_OP_TIMEOUT_REMOVE &&
		    (q->sqe.timeout_flags & IOU_TIMEOUT_UPDATE_MASK))
			st->ts_updated = 1;
		if (q->sqe.opcode == IOU_OP_PROVIDE_BUFFERS &&
		    q->sqe.buf_group < NBG && q->sqe.fd > 0) {
			uint32_t g = q->sqe.buf_group;
			uint64_t b = q->sqe.off, e = b + (uint32_t)q->sqe.fd;

			st->bg_legacy[g] = 1;
			for (; b < e && b < NBID; b++)
				if (bid_prov[g][b] < UINT16_MAX)
					bid_prov[g][b]++;
		}
	}
	st->nconsumed = khead;
	check_ring(st);
	return n;
}

static void before(struct st *st, const char *what)
{
	st->what = what;
	st->t_call = iou_sim_now_ns(st->sim);
}

static void after(struct st *st, int one_enter)
{
	note_consumed(st, one_enter);
}

static void do_submit(struct st *st)
{
	uint32_t pending = st->nreq - st->nconsumed, n;
	int ret;

	before(st, "iou_submit");
	ret = iou_submit(&st->ring);
	n = note_consumed(st, 1);
	check_ret(st, "iou_submit", ret, E_SUBMIT);
	if (ret >= 0 && (uint32_t)ret != n && !(st->setup_flags & IOU_SETUP_SQPOLL))
		fail("iou_submit returned %d, the kernel consumed %u (of %u)",
		     ret, n, pending);
}

static void do_submit_wait(struct st *st, unsigned nr)
{
	uint32_t n;
	int ret;

	before(st, "iou_submit_and_wait");
	ret = iou_submit_and_wait(&st->ring, nr);
	n = note_consumed(st, 1);
	check_ret(st, "iou_submit_and_wait", ret, E_WAIT);
	if (ret >= 0 && (uint32_t)ret != n && !(st->setup_flags & IOU_SETUP_SQPOLL))
		fail("iou_submit_and_wait returned %d, the kernel consumed %u",
		     ret, n);
}

/* Checks and consumes every ready CQE, without entering. */
static void reap_ready(struct st *st)
{
	struct iou_cqe *c;
	unsigned head, n = 0;

	iou_for_each_cqe(&st->ring, head, c) {
		check_cqe(st, c);
		n++;
	}
	iou_cq_advance(&st->ring, n);
}

static void do_copy(struct st *st, unsigned count, unsigned wait)
{
	struct iou_cqe cqes[65];
	int ret;

	before(st, "iou_copy_cqes");
	cqes[count].user_data = 0xdeadbeef; /* guard */
	ret = iou_copy_cqes(&st->ring, cqes, count, wait);
	after(st, 0);
	check_ret(st, "iou_copy_cqes", ret, E_WAIT);
	if (ret > (int)count)
		fail("iou_copy_cqes returned %d > count %u", ret, count);
	if (cqes[count].user_data != 0xdeadbeef)
		fail("iou_copy_cqes wrote past count %u", count);
	if (ret == 0 && wait && count)
		fail("iou_copy_cqes returned 0 with wait_nr %u", wait);
	for (int i = 0; i < ret; i++)
		check_cqe(st, &cqes[i]);
}

static void do_peek(struct st *st)
{
	struct iou_cqe *c = (struct iou_cqe *)1;
	int ret;

	before(st, "iou_peek_cqe");
	ret = iou_peek_cqe(&st->ring, &c);
	after(st, 0);
	check_ret(st, "iou_peek_cqe", ret, E_WAIT);
	if (ret == 0) {
		if (!c || !iou_cq_ready(&st->ring))
			fail("iou_peek_cqe returned 0 without a CQE");
		check_cqe(st, c);
		iou_cqe_seen(&st->ring, c);
	} else if (c) {
		fail("iou_peek_cqe returned %d with a CQE", ret);
	}
}

static void do_wait(struct st *st, uint8_t tsb, int with_ts)
{
	struct iou_cqe *c = NULL;
	struct iou_timespec ts;
	uint64_t t0 = iou_sim_now_ns(st->sim);
	int ret;

	ts_from(&ts, tsb);
	before(st, "iou_wait_cqe_timeout");
	ret = iou_wait_cqe_timeout(&st->ring, &c, with_ts ? &ts : NULL);
	after(st, 0);
	check_ret(st, "iou_wait_cqe_timeout", ret, with_ts ? E_WAIT_TS : E_WAIT);
	if (ret == -EINVAL && (st->features & IOU_FEAT_EXT_ARG) &&
	    ts_valid(&ts))
		fail("iou_wait_cqe_timeout -EINVAL with FEAT_EXT_ARG and a "
		     "valid timeout");
	if (ret == -ETIME && ts_valid(&ts) && !iou_cq_ready(&st->ring) &&
	    iou_sim_now_ns(st->sim) < t0 + ts_ns(&ts))
		fail("iou_wait_cqe_timeout -ETIME at %llu ns, before %llu",
		     (unsigned long long)iou_sim_now_ns(st->sim),
		     (unsigned long long)(t0 + ts_ns(&ts)));
	if (ret == 0) {
		if (!c)
			fail("iou_wait_cqe_timeout returned 0 without a CQE");
		check_cqe(st, c);
		iou_cqe_seen(&st->ring, c);
	}
}

static void do_submit_wait_ts(struct st *st, unsigned nr, uint8_t tsb)
{
	struct iou_cqe *c = NULL;
	struct iou_timespec ts;
	uint32_t n;
	int ret;

	ts_from(&ts, tsb);
	before(st, "iou_submit_and_wait_timeout");
	ret = iou_submit_and_wait_timeout(&st->ring, &c, nr, &ts);
	n = note_consumed(st, 0);
	check_ret(st, "iou_submit_and_wait_timeout", ret, E_WAIT_TS);
	if (ret >= 0) {
		if ((uint32_t)ret > n && !(st->setup_flags & IOU_SETUP_SQPOLL))
			fail("iou_submit_and_wait_timeout returned %d, the "
			     "kernel consumed %u", ret, n);
		if (!c)
			fail("iou_submit_and_wait_timeout returned %d without "
			     "a CQE", ret);
		check_cqe(st, c);
		iou_cqe_seen(&st->ring, c);
	}
}

static void do_get_events(struct st *st)
{
	int ret;

	before(st, "iou_get_events");
	ret = iou_get_events(&st->ring);
	after(st, 0);
	check_ret(st, "iou_get_events", ret, E_WAIT);
	if (ret > 0)
		fail("iou_get_events returned %d", ret);
	/* GETEVENTS flushed the overflow list into the CQ while there was
	 * room: what is left over means the CQ is full. */
	stats[ST_OVF_GE] += ret == 0 && iou_cq_ready(&st->ring) < st->cq_entries;
	if (ret == 0 && iou_cq_has_overflow(&st->ring) &&
	    iou_cq_ready(&st->ring) < st->cq_entries)
		fail("CQ_OVERFLOW still set after iou_get_events with %u of %u "
		     "CQEs ready", iou_cq_ready(&st->ring), st->cq_entries);
}

static void do_peek_batch(struct st *st, unsigned count)
{
	struct iou_cqe *cqes[32];
	unsigned n;

	before(st, "iou_peek_batch_cqe");
	n = iou_peek_batch_cqe(&st->ring, cqes, count);
	if (n > count || n > iou_cq_ready(&st->ring))
		fail("iou_peek_batch_cqe returned %u (count %u, ready %u)", n,
		     count, iou_cq_ready(&st->ring));
	for (unsigned i = 0; i < n; i++)
		check_cqe(st, cqes[i]);
	iou_cq_advance(&st->ring, n);
	after(st, 0);
}

/* The peer ring only receives MSG_RING CQEs (announced user_data). */
static void do_peer(struct st *st)
{
	struct iou_cqe cqes[32];
	int ret;

	if (!st->peer_up)
		return;
	before(st, "iou_copy_cqes (peer)");
	ret = iou_copy_cqes(&st->peer, cqes, 32, 0);
	after(st, 0);
	check_ret(st, "iou_copy_cqes (peer)", ret, E_WAIT);
	for (int i = 0; i < ret; i++) {
		uint64_t ud = cqes[i].user_data;

		if (ud < ANN_BASE || ud >= ANN_BASE + st->nann)
			fail("CQE ud=%#llx res=%d on the peer ring, which only "
			     "MSG_RING posts to", (unsigned long long)ud,
			     cqes[i].res);
		check_cqe(st, &cqes[i]);
	}
}

/* ---- SQEs ---------------------------------------------------------------------------- */

/* A new request in the next SQ slot, or NULL (SQ full, or out of serials). */
static struct req *req_new(struct st *st, struct iou_sqe **slot)
{
	struct req *q;

	if (st->nreq >= MAX_REQS)
		return NULL;
	*slot = iou_get_sqe(&st->ring);
	if (!*slot)
		return NULL;
	q = &reqs[st->nreq++];
	memset(q, 0, sizeof(*q));
	q->chain_prev = -1;
	return q;
}

static void req_publish(struct st *st, struct req *q, struct iou_sqe *slot)
{
	q->sqe.user_data = UD_BASE + (uint64_t)(q - reqs);
	fix_sqe(st, q);
	memcpy(slot, &q->sqe, sizeof(*slot));
}

/* 64 raw bytes, pointers rewritten. */
static void cmd_sqe_raw(struct st *st)
{
	struct iou_sqe raw, *slot;
	struct req *q;

	in_bytes(&st->in, &raw, sizeof(raw));
	q = req_new(st, &slot);
	if (!q)
		return;
	q->sqe = raw;
	req_publish(st, q, slot);
}

/* 20 bytes: an SQE from a small domain (fds from the harness's table,
 * small lengths and offsets), then the same rewriting. */
static void cmd_sqe(struct st *st)
{
	struct in *in = &st->in;
	struct iou_sqe *slot, *s;
	uint8_t b0 = in_u8(in), b2, b13, b19;
	struct req *q;
	unsigned op = b0 % (IOU_OP_LAST + 1);
	uint16_t off;

	if (op == IOU_OP_LAST)
		op = b0 > IOU_OP_LAST ? b0 : IOU_OP_LAST;
	q = req_new(st, &slot);
	if (!q) {
		in->pos += 19;
		return;
	}
	s = &q->sqe;
	s->opcode = (uint8_t)op;
	s->flags = in_u8(in);
	b2 = in_u8(in);
	s->fd = fd_pick(st, b2);
	s->len = in_u16(in);
	if (s->len >= 0xff00) /* -256..-1: AT_FDCWD as newdfd, huge lengths */
		s->len |= 0xffff0000U;
	s->rw_flags = (int32_t)in_u32(in);
	off = in_u16(in);
	s->off = off == 0xffff ? UINT64_MAX : off;
	s->ioprio = in_u8(in);
	s->buf_index = in_u8(in);
	b13 = in_u8(in);
	if (op == IOU_OP_SPLICE || op == IOU_OP_TEE)
		s->splice_fd_in = fd_pick(st, b13);
	else
		s->file_index = b13 == 0xff ? IOU_FILE_INDEX_ALLOC : b13;
	s->addr = in_u32(in);
	s->addr3 = in_u8(in);
	b19 = in_u8(in);
	if (b19 & 0x80)
		s->personality = 1;
	if (op == IOU_OP_SPLICE && (b19 & 1))
		s->splice_off_in = UINT64_MAX;
	req_publish(st, q, slot);
}

/* n NOPs with the given flags: fills SQ and CQ quickly. */
static void cmd_nops(struct st *st)
{
	unsigned n = in_u8(&st->in) % 65;
	uint8_t flags = in_u8(&st->in);

	for (unsigned i = 0; i < n; i++) {
		struct iou_sqe *slot;
		struct req *q = req_new(st, &slot);

		if (!q)
			return;
		iou_prep_nop(&q->sqe);
		q->sqe.flags = flags;
		req_publish(st, q, slot);
	}
}

/* ---- registrations ---------------------------------------------------------------------- */

static const int *E_ANY = NULL; /* any negative errno */

static void cmd_reg_bufs(struct st *st)
{
	struct iovec iov[8];
	unsigned n = in_u8(&st->in) % 9;
	int ret;

	for (unsigned i = 0; i < n; i++) {
		uint32_t o = in_u16(&st->in) % DATA_SZ;
		uint32_t len = in_u16(&st->in);

		if (o == 0xffff % DATA_SZ && !len) {
			iov[i].iov_base = NULL; /* a hole (5.13+) */
			iov[i].iov_len = 0;
			continue;
		}
		iov[i].iov_base = A.data + o;
		iov[i].iov_len = fit(o, len, DATA_SZ);
	}
	before(st, "iou_register_buffers");
	ret = iou_register_buffers(&st->ring, n ? iov : NULL, n);
	after(st, 0);
	check_ret(st, "iou_register_buffers", ret, E_ANY);
	if (ret > 0)
		fail("iou_register_buffers returned %d", ret);
}

static void cmd_bufs_update(struct st *st)
{
	struct iovec iov[4];
	struct iou_rsrc_update2 up;
	unsigned n = in_u8(&st->in) % 5;
	int ret;

	memset(&up, 0, sizeof(up));
	up.offset = in_u8(&st->in);
	for (unsigned i = 0; i < n; i++) {
		uint32_t o = in_u16(&st->in) % DATA_SZ;

		iov[i].iov_base = A.data + o;
		iov[i].iov_len = fit(o, in_u16(&st->in), DATA_SZ);
	}
	up.data = ptr(iov);
	up.nr = n;
	before(st, "IOU_REGISTER_BUFFERS_UPDATE");
	ret = iou_register(&st->ring, IOU_REGISTER_BUFFERS_UPDATE, &up,
			   sizeof(up));
	after(st, 0);
	check_ret(st, "IOU_REGISTER_BUFFERS_UPDATE", ret, E_ANY);
	if (ret > (int)n)
		fail("BUFFERS_UPDATE of %u returned %d", n, ret);
}

static void cmd_reg_files(struct st *st)
{
	int fds[8];
	unsigned n = in_u8(&st->in) % 9;
	int ret;

	for (unsigned i = 0; i < n; i++)
		fds[i] = fd_pick(st, in_u8(&st->in));
	before(st, "iou_register_files");
	ret = iou_register_files(&st->ring, n ? fds : NULL, n);
	after(st, 0);
	check_ret(st, "iou_register_files", ret, E_ANY);
	if (ret > 0)
		fail("iou_register_files returned %d", ret);
}

static void cmd_files_update(struct st *st)
{
	int fds[8];
	unsigned off = in_u8(&st->in), n = in_u8(&st->in) % 9;
	int ret;

	if (off == 0xff)
		off = IOU_FILE_INDEX_ALLOC;
	for (unsigned i = 0; i < n; i++) {
		uint8_t b = in_u8(&st->in);

		fds[i] = b == 0xf7 ? IOU_REGISTER_FILES_SKIP : fd_pick(st, b);
	}
	before(st, "iou_register_files_update");
	ret = iou_register_files_update(&st->ring, off, fds, n);
	after(st, 0);
	check_ret(st, "iou_register_files_update", ret, E_ANY);
	if (ret > (int)n)
		fail("iou_register_files_update of %u returned %d", n, ret);
}

static void cmd_sparse(struct st *st, int files)
{
	unsigned nr = in_u8(&st->in);
	int ret;

	before(st, files ? "iou_register_files_sparse"
			 : "iou_register_buffers_sparse");
	ret = files ? iou_register_files_sparse(&st->ring, nr)
		    : iou_register_buffers_sparse(&st->ring, nr);
	after(st, 0);
	check_ret(st, st->what, ret, E_ANY);
	if (ret > 0)
		fail("%s returned %d", st->what, ret);
}

static void cmd_unreg(struct st *st, int files)
{
	int ret;

	before(st, files ? "iou_unregister_files" : "iou_unregister_buffers");
	ret = files ? iou_unregister_files(&st->ring)
		    : iou_unregister_buffers(&st->ring);
	after(st, 0);
	check_ret(st, st->what, ret, E_ANY);
	if (ret > 0)
		fail("%s returned %d", st->what, ret);
}

static void br_free(struct st *st, struct bring *b)
{
	int ret;

	before(st, "iou_free_buf_ring");
	ret = iou_free_buf_ring(&st->ring, b->br, b->entries, b->bgid);
	after(st, 0);
	check_ret(st, "iou_free_buf_ring", ret, E_ANY);
	if (ret < 0) {
		/* still registered: unmapped only after the ring is gone */
		return;
	}
	b->br = NULL;
}

static void cmd_br_setup(struct st *st)
{
	struct bring *b = &st->brs[in_u8(&st->in) % NBR];
	unsigned entries = 1U << (in_u8(&st->in) % 5);
	uint16_t bgid = in_u8(&st->in);
	int err = 0;
	struct iou_buf_ring *br;

	if (b->br)
		return;
	if (bgid >= 0xf0)
		bgid = (uint16_t)(bgid << 8); /* an untracked group */
	else
		bgid %= NBG;
	before(st, "iou_setup_buf_ring");
	br = iou_setup_buf_ring(&st->ring, entries, bgid, 0, &err);
	after(st, 0);
	check_ret(st, "iou_setup_buf_ring", br ? 0 : err, E_ANY);
	if (!br) {
		if (!err)
			fail("iou_setup_buf_ring failed without an errno");
		return;
	}
	b->br = br;
	b->entries = entries;
	b->bgid = bgid;
	b->added = b->seen = 0;
	if (bgid < NBG)
		st->bg_ring[bgid] = 1;
}

static void cmd_br_add(struct st *st)
{
	struct bring *b = &st->brs[in_u8(&st->in) % NBR];
	unsigned n = in_u8(&st->in) % 17;

	for (unsigned i = 0; i < n; i++) {
		uint32_t o = in_u16(&st->in) % DATA_SZ;
		uint32_t len = fit(o, in_u16(&st->in) % 8192, DATA_SZ);
		uint16_t bid = in_u8(&st->in);

		if (!b->br)
			continue;
		iou_buf_ring_add(b->br, A.data + o, len, bid,
				 iou_buf_ring_mask(b->entries), 0);
		iou_buf_ring_advance(b->br, 1);
		/* More published than the ring holds overwrites entries the
		 * kernel has not taken: ids then repeat; stop tracking. */
		if (++b->added - b->seen > b->entries && b->bgid < NBG)
			st->bg_legacy[b->bgid] = 1;
		if (b->bgid < NBG && bid_prov[b->bgid][bid] < UINT16_MAX)
			bid_prov[b->bgid][bid]++;
	}
}

static void cmd_probe(struct st *st)
{
	struct iou_probe *p;
	int op = in_u8(&st->in), ret;

	before(st, "iou_get_probe_ring");
	p = iou_get_probe_ring(&st->ring);
	if (p) {
		if (iou_opcode_supported(p, 255) || iou_opcode_supported(p, -1))
			fail("probe: opcode 255 or -1 supported");
		mix(st, p->last_op);
		iou_free_probe(p);
	}
	ret = iou_ring_opcode_supported(&st->ring, op);
	after(st, 0);
	check_ret(st, "iou_ring_opcode_supported", ret, E_ANY);
	if (ret > 1)
		fail("iou_ring_opcode_supported returned %d", ret);
	if (ret == 1 && op >= IOU_OP_LAST)
		fail("the probe supports opcode %d >= IOU_OP_LAST", op);
}

static void cmd_eventfd(struct st *st)
{
	uint8_t m = in_u8(&st->in);
	int fd = fd_pick(st, in_u8(&st->in)), ret;

	before(st, "eventfd");
	switch (m % 3) {
	case 0:
		ret = iou_register_eventfd(&st->ring, fd);
		break;
	case 1:
		ret = iou_register_eventfd_async(&st->ring, fd);
		break;
	default:
		ret = iou_unregister_eventfd(&st->ring);
		break;
	}
	after(st, 0);
	check_ret(st, "eventfd registration", ret, E_ANY);
	if (ret > 0)
		fail("eventfd registration returned %d", ret);
}

/* Registrations with a struct argument, all harness memory. */
static void cmd_reg_misc(struct st *st)
{
	uint8_t m = in_u8(&st->in), a = in_u8(&st->in), b = in_u8(&st->in);
	int ret;

	before(st, "iou_register (misc)");
	switch (m % 8) {
	case 0:
		ret = iou_register(&st->ring, IOU_REGISTER_ENABLE_RINGS, NULL, 0);
		if (ret == 0)
			st->disabled = 0;
		break;
	case 1:
		ret = iou_register_ring_fd(&st->ring);
		if (ret > 1)
			fail("iou_register_ring_fd returned %d", ret);
		break;
	case 2:
		ret = iou_unregister_ring_fd(&st->ring);
		if (ret > 1)
			fail("iou_unregister_ring_fd returned %d", ret);
		break;
	case 3: {
		struct iou_buf_status bs;

		memset(&bs, 0, sizeof(bs));
		bs.buf_group = a % NBG;
		ret = iou_register(&st->ring, IOU_REGISTER_PBUF_STATUS, &bs, 1);
		break;
	}
	case 4: {
		uint32_t rg[4] = { a, b, 0, 0 };

		ret = iou_register(&st->ring, IOU_REGISTER_FILE_ALLOC_RANGE,
				   rg, 0);
		break;
	}
	case 5: {
		struct iou_sync_cancel_reg sc;

		memset(&sc, 0, sizeof(sc));
		sc.addr = ud_target(st->nreq, a);
		sc.fd = -1;
		sc.flags = b & 0x3f;
		sc.timeout.tv_sec = -1;
		sc.timeout.tv_nsec = -1;
		ret = iou_register(&st->ring, IOU_REGISTER_SYNC_CANCEL, &sc, 1);
		break;
	}
	case 6: {
		struct iou_rsrc_register rr;

		memset(&rr, 0, sizeof(rr));
		rr.nr = a % 9;
		if (b & 1) {
			rr.flags = IOU_RSRC_REGISTER_SPARSE;
		} else {
			for (unsigned i = 0; i < rr.nr; i++)
				A.fds[i] = fd_pick(st, (uint8_t)(b + i));
			rr.data = ptr(A.fds);
		}
		ret = iou_register(&st->ring, (b & 2) ? IOU_REGISTER_BUFFERS2
						      : IOU_REGISTER_FILES2,
				   &rr, sizeof(rr));
		if ((b & 2) && !(b & 1) && ret >= 0)
			fail("BUFFERS2 with an int array as iovecs returned %d",
			     ret);
		break;
	}
	default:
		/* an opcode nobody has: -EINVAL, no argument read */
		ret = iou_register(&st->ring, 27U + a, NULL, b);
		if (ret != -EINVAL)
			fail("iou_register(%u) returned %d", 27U + a, ret);
		break;
	}
	after(st, 0);
	check_ret(st, "iou_register (misc)", ret, E_ANY);
}

/* ---- iou_sys_* ---------------------------------------------------------------------------- */

/* A path for an iou_sys_* call. */
static const char *sys_path(struct st *st)
{
	unsigned i = in_u8(&st->in) % NPATHS;

#if KNOWN_BUG(KB_SYS_PATH)
	/* (fixed: regress-sys-open-unterminated-path) the sim's sys calls read a
	 * path past PATH_MAX (open(2) fails -ENAMETOOLONG) */
	if (i == NPATHS - 1)
		i = NPATHS - 2;
#endif
	return A.paths[i];
}

static const int open_flags[8] = {
	O_RDONLY, O_WRONLY | O_CREAT, O_RDWR | O_CREAT | O_TRUNC,
	O_RDONLY | O_DIRECTORY, O_RDWR | O_CREAT | O_EXCL,
	O_WRONLY | O_CREAT | O_APPEND, O_RDWR | O_NONBLOCK, O_RDWR,
};

static void cmd_open(struct st *st)
{
	const char *path = sys_path(st);
	int fl = open_flags[in_u8(&st->in) % 8], ret;

	before(st, "iou_sys_open");
	ret = iou_sys_open(&st->ring, path, fl, 0644);
	after(st, 0);
	check_ret(st, "iou_sys_open", ret, E_ANY);
	if (ret >= 0)
		fd_add(st, ret);
}

static void cmd_pipe(struct st *st)
{
	int fds[2] = { -1, -1 }, ret;

	before(st, "iou_sys_pipe");
	ret = iou_sys_pipe(&st->ring, fds);
	after(st, 0);
	check_ret(st, "iou_sys_pipe", ret, E_ANY);
	if (ret > 0)
		fail("iou_sys_pipe returned %d", ret);
	if (ret == 0) {
		if (fds[0] < 0 || fds[1] < 0 || fds[0] == fds[1])
			fail("iou_sys_pipe gave fds %d %d", fds[0], fds[1]);
		fd_add(st, fds[0]);
		fd_add(st, fds[1]);
	}
}

static void cmd_rw(struct st *st, int wr)
{
	int fd = fd_pick(st, in_u8(&st->in));
	uint32_t o = in_u16(&st->in) % DATA_SZ;
	size_t len = fit(o, in_u16(&st->in) % 8192, DATA_SZ);
	ssize_t ret;

	before(st, wr ? "iou_sys_write" : "iou_sys_read");
	ret = wr ? iou_sys_write(&st->ring, fd, A.data + o, len)
		 : iou_sys_read(&st->ring, fd, A.data + o, len);
	after(st, 0);
	check_ret(st, st->what, (long)ret, E_ANY);
	if (ret > (ssize_t)len)
		fail("%s of %zu bytes returned %zd", st->what, len, ret);
}

static void cmd_close(struct st *st)
{
	int fd = fd_pick(st, in_u8(&st->in)), ret;

	before(st, "iou_sys_close");
	ret = iou_sys_close(&st->ring, fd);
	after(st, 0);
	check_ret(st, "iou_sys_close", ret, E_ANY);
	if (ret > 0)
		fail("iou_sys_close returned %d", ret);
}

static void cmd_pathop(struct st *st)
{
	uint8_t m = in_u8(&st->in);
	const char *path = sys_path(st);
	long ret;

	before(st, "iou_sys_mkdir/unlink/rmdir/fsize");
	switch (m % 4) {
	case 0:
		ret = iou_sys_mkdir(&st->ring, path, 0755);
		break;
	case 1:
		ret = iou_sys_unlink(&st->ring, path);
		break;
	case 2:
		ret = iou_sys_rmdir(&st->ring, path);
		break;
	default:
		ret = (long)iou_sys_fsize(&st->ring, fd_pick(st, (uint8_t)m));
		if (ret >= 0)
			ret = 0;
		break;
	}
	after(st, 0);
	check_ret(st, st->what, ret, E_ANY);
	if (ret > 0)
		fail("%s returned %ld", st->what, ret);
}

/* ---- harness memory the SQEs point to --------------------------------------------------------- */

static void cmd_set_iov(struct st *st)
{
	unsigned i = in_u8(&st->in) % IOV_N;
	uint32_t o = in_u16(&st->in) % DATA_SZ;
	uint32_t len = in_u16(&st->in);

	if (len == 0xffff) {
		A.iov[i].iov_base = NULL;
		A.iov[i].iov_len = 0;
		return;
	}
	A.iov[i].iov_base = A.data + o;
	A.iov[i].iov_len = fit(o, len, DATA_SZ);
}

static void cmd_set_msg(struct st *st)
{
	uint8_t namelen = in_u8(&st->in), iovi = in_u8(&st->in) % 8;
	uint16_t iovlen = in_u16(&st->in), ctl = in_u16(&st->in);
	uint32_t flags = in_u32(&st->in);

	A.msg->msg_name = namelen ? A.sa : NULL;
	A.msg->msg_namelen = namelen;
	A.msg->msg_iov = A.iov + iovi;
	/* the kernel bounds msg_iovlen (1024) and msg_controllen (optmem) */
	A.msg->msg_iovlen = iovlen <= IOV_N ? fit(iovi, iovlen, IOV_N) : iovlen;
	A.msg->msg_control = ctl ? A.ctl : NULL;
	A.msg->msg_controllen = ctl > CTL_SZ ? CTL_SZ : ctl;
	A.msg->msg_flags = (int)flags;
}

static void cmd_set_fds(struct st *st)
{
	unsigned i = in_u8(&st->in) % 16;

	A.fds[i] = fd_pick(st, in_u8(&st->in));
}

static void cmd_set_how(struct st *st)
{
	uint64_t how[3];
	uint8_t extra = in_u8(&st->in);

	how[0] = in_u32(&st->in);
	how[1] = in_u16(&st->in);
	how[2] = in_u8(&st->in);
	memcpy(A.how, how, sizeof(how));
	/* a non-zero byte past the struct: -E2BIG if the size covers it */
	memset(A.how + sizeof(how), 0, HOW_SZ - sizeof(how));
	if (extra)
		A.how[sizeof(how) + extra] = 1;
}

/* ---- the program ------------------------------------------------------------------------------ */

enum cmd {
	C_SQE_RAW, C_SQE, C_SQE2, C_NOPS,
	C_SUBMIT, C_SUBMIT_WAIT, C_SUBMIT_WAIT_TS,
	C_COPY, C_PEEK, C_PEEK_BATCH, C_WAIT_TS, C_WAIT, C_GET_EVENTS,
	C_REG_BUFS, C_REG_BUFS_SPARSE, C_UNREG_BUFS, C_BUFS_UPDATE,
	C_REG_FILES, C_REG_FILES_SPARSE, C_FILES_UPDATE, C_UNREG_FILES,
	C_BR_SETUP, C_BR_ADD, C_BR_FREE,
	C_PROBE, C_EVENTFD, C_REG_MISC,
	C_OPEN, C_PIPE, C_READ, C_WRITE, C_CLOSE, C_PATHOP,
	C_SET_IOV, C_SET_MSG, C_SET_FDS, C_SET_HOW, C_PEER,
	C_NCMDS
};

static void run_cmd(struct st *st, unsigned c)
{
	struct in *in = &st->in;

	switch (c) {
	case C_SQE_RAW:
		cmd_sqe_raw(st);
		break;
	case C_SQE:
	case C_SQE2:
		cmd_sqe(st);
		break;
	case C_NOPS:
		cmd_nops(st);
		break;
	case C_SUBMIT:
		do_submit(st);
		break;
	case C_SUBMIT_WAIT:
		do_submit_wait(st, in_u8(in) % (st->cq_entries + 2));
		break;
	case C_SUBMIT_WAIT_TS: {
		unsigned nr = in_u8(in) % (st->cq_entries + 2);

		do_submit_wait_ts(st, nr, in_u8(in));
		break;
	}
	case C_COPY: {
		uint8_t b = in_u8(in);

		do_copy(st, (b & 0x7fU) % 65, b >> 7);
		break;
	}
	case C_PEEK:
		do_peek(st);
		break;
	case C_PEEK_BATCH:
		do_peek_batch(st, in_u8(in) % 33);
		break;
	case C_WAIT_TS:
		do_wait(st, in_u8(in), 1);
		break;
	case C_WAIT:
		do_wait(st, 0, 0);
		break;
	case C_GET_EVENTS:
		do_get_events(st);
		break;
	case C_REG_BUFS:
		cmd_reg_bufs(st);
		break;
	case C_REG_BUFS_SPARSE:
		cmd_sparse(st, 0);
		break;
	case C_UNREG_BUFS:
		cmd_unreg(st, 0);
		break;
	case C_BUFS_UPDATE:
		cmd_bufs_update(st);
		break;
	case C_REG_FILES:
		cmd_reg_files(st);
		break;
	case C_REG_FILES_SPARSE:
		cmd_sparse(st, 1);
		break;
	case C_FILES_UPDATE:
		cmd_files_update(st);
		break;
	case C_UNREG_FILES:
		cmd_unreg(st, 1);
		break;
	case C_BR_SETUP:
		cmd_br_setup(st);
		break;
	case C_BR_ADD:
		cmd_br_add(st);
		break;
	case C_BR_FREE: {
		struct bring *b = &st->brs[in_u8(in) % NBR];

		if (b->br)
			br_free(st, b);
		break;
	}
	case C_PROBE:
		cmd_probe(st);
		break;
	case C_EVENTFD:
		cmd_eventfd(st);
		break;
	case C_REG_MISC:
		cmd_reg_misc(st);
		break;
	case C_OPEN:
		cmd_open(st);
		break;
	case C_PIPE:
		cmd_pipe(st);
		break;
	case C_READ:
		cmd_rw(st, 0);
		break;
	case C_WRITE:
		cmd_rw(st, 1);
		break;
	case C_CLOSE:
		cmd_close(st);
		break;
	case C_PATHOP:
		cmd_pathop(st);
		break;
	case C_SET_IOV:
		cmd_set_iov(st);
		break;
	case C_SET_MSG:
		cmd_set_msg(st);
		break;
	case C_SET_FDS:
		cmd_set_fds(st);
		break;
	case C_SET_HOW:
		cmd_set_how(st);
		break;
	case C_PEER:
		do_peer(st);
		break;
	default:
		break;
	}
}

/* ---- the end: settle, then teardown ------------------------------------------------------------ */

static int pending(const struct req *q)
{
	return q->consumed && !q->terminal &&
	       !(q->sqe.flags & IOU_SQE_CQE_SKIP_SUCCESS);
}

/* Waits until nothing more can complete: 1 when the sim said so (hang),
 * 0 when it kept posting. */
static int wait_quiet(struct st *st)
{
	for (int i = 0; i < 64; i++) {
		struct iou_cqe cqes[64];
		int ret;

		reap_ready(st);
		before(st, "settle: iou_copy_cqes");
		ret = iou_copy_cqes(&st->ring, cqes, 64, 1);
		after(st, 0);
		check_ret(st, "iou_copy_cqes", ret, E_WAIT);
		for (int k = 0; k < ret; k++)
			check_cqe(st, &cqes[k]);
		if (ret == -EDEADLK)
			return 1;
		if (ret == -EBADR)
			st->order_ok = 0;
		if (ret < 0 && ret != -EINTR && ret != -EAGAIN && ret != -EBUSY)
			return 0;
	}
	return 0;
}

/* Unblocks I/O parked on pipes: drops the fixed files and closes every fd
 * but the ring's, so that readers see EOF and writers -EPIPE. */
static void release_fds(struct st *st)
{
	int ring_fd = iou_ring_fd(&st->ring);

	before(st, "settle: release fds");
	(void)iou_unregister_files(&st->ring);
	for (int fd = 0; fd <= st->max_fd; fd++)
		if (fd != ring_fd)
			(void)iou_sys_close(&st->ring, fd);
	after(st, 0);
}

/* Cancels every pending request by user_data and waits, until a round
 * cancels nothing and the sim hangs: whatever is still pending then has
 * lost its CQE (invariant 9). Cancels may sit behind an IO_DRAIN that
 * waits for I/O parked on a pipe (a kernel defers them the same way):
 * from round 3 on the fds are closed so that such I/O ends. */
static void settle(struct st *st)
{
	int can_cancel = st->kver >= IOU_KERNEL_VERSION(5, 5);

	if (st->disabled)
		return;
	for (int round = 0; round < 16; round++) {
		uint32_t npend = 0, n = st->nreq, first = st->nreq;
		int stuck = 0;

		reap_ready(st);
		for (uint32_t i = 0; i < n; i++)
			npend += pending(&reqs[i]);
		if (!npend) {
			stats[ST_SETTLED]++;
			return;
		}
		if (round == 3)
			release_fds(st);
		st->settle_hits = 0;
		for (uint32_t i = 0; can_cancel && i < n; i++) {
			struct iou_sqe *slot;
			struct req *q;

			if (!pending(&reqs[i]) ||
			    reqs[i].sqe.opcode == IOU_OP_ASYNC_CANCEL)
				continue;
			q = req_new(st, &slot);
			if (!q)
				break;
			iou_prep_cancel64(&q->sqe, UD_BASE + i, 0);
			q->settle = 1;
			q->sqe.user_data = UD_BASE + (uint64_t)(q - reqs);
			memcpy(slot, &q->sqe, sizeof(*slot));
		}
		/* whatever sat unsubmitted in the SQ goes too */
		if (st->nconsumed < st->nreq) {
			do_submit(st);
			if (st->nconsumed < st->nreq)
				continue; /* short submit, -EAGAIN...: again */
		}
		if (!wait_quiet(st) || st->settle_hits || !st->order_ok ||
		    !can_cancel || round < 3)
			continue;
		reap_ready(st);
		for (uint32_t i = first; i < st->nreq; i++)
			stuck |= pending(&reqs[i]);
		if (stuck)
			continue;
		/* Converged: nothing was cancelable, nothing can complete. */
		stats[ST_LOSTCHK]++;
		for (uint32_t i = 0; i < st->nreq; i++) {
			const struct req *q = &reqs[i];

			if (!pending(q))
				continue;
			fail("ud=%#llx (%s, flags %#x) never completed: its CQE "
			     "was lost (%u CQEs seen)",
			     (unsigned long long)(UD_BASE + i),
			     iou_op_name(q->sqe.opcode), q->sqe.flags, q->ncqe);
		}
		return;
	}
	stats[ST_GIVEUP]++;
}

static void teardown(struct st *st)
{
	for (unsigned k = 0; k < NBR; k++)
		if (st->brs[k].br && st->ring_up)
			br_free(st, &st->brs[k]);
	if (st->peer_up) {
		do_peer(st);
		iou_queue_exit(&st->peer);
		st->peer_up = 0;
	}
	if (st->ring_up)
		iou_queue_exit(&st->ring);
	st->ring_up = 0;
	/* buf_rings the kernel refused to unregister: the ring is gone */
	for (unsigned k = 0; k < NBR; k++) {
		if (st->brs[k].br) {
			munmap(st->brs[k].br,
			       st->brs[k].entries * sizeof(struct iou_buf));
			st->brs[k].br = NULL;
		}
	}
	iou_sim_free(st->sim);
	st->sim = NULL;
}

static uint32_t roundup_pow2(uint32_t v)
{
	uint32_t p = 1;

	while (p < v)
		p <<= 1;
	return p;
}

/* Sets up the ring (and the peer) from the header; 0 or -errno. */
static int setup(struct st *st, const uint8_t *h)
{
	static const unsigned odd[4] = { 0, 1, 0, 65536 };
	unsigned sq = 1U << (h[2] & 7), cqm = (h[2] >> 3) & 3;
	unsigned oddm = (h[2] >> 5) & 3, entries = sq, want_sq, want_cq = 0;
	unsigned flags = 0, bits = (unsigned)h[3] | (unsigned)h[4] << 8;
	struct iou_params p;
	int ret;

	if (oddm)
		entries = oddm == 1 ? sq + odd[1] : odd[oddm];
	for (unsigned i = 0; i < 10; i++)
		if (bits & (1U << i))
			flags |= SAFE_SETUP[i];
	for (int attempt = 0; attempt < 2; attempt++) {
		memset(&p, 0, sizeof(p));
		p.flags = flags;
		if (cqm) {
			p.flags |= IOU_SETUP_CQSIZE;
			p.cq_entries = cqm == 1 ? sq : cqm == 2 ? 4 * sq : sq + 1;
			if (h[2] & 0x80)
				p.cq_entries = (h[3] & 1) ? 0 : 131072;
			want_cq = p.cq_entries;
		}
		memset(&st->ring, 0, sizeof(st->ring));
		before(st, "iou_queue_init_sim_params");
		ret = iou_queue_init_sim_params(entries, &st->ring, &p, st->sim);
		check_ret(st, "iou_queue_init_sim_params", ret, E_ANY);
		if (ret == 0)
			break;
		if (!flags)
			return ret;
		flags = 0; /* refused: a plain ring, the program still runs */
	}
	st->ring_up = 1;
	st->setup_flags = p.flags;
	st->disabled = (p.flags & IOU_SETUP_R_DISABLED) != 0;
	st->cq_entries = iou_cq_entries(&st->ring);
	st->features = st->ring.features;
#if KNOWN_BUG(KB_KERNEL_VERSION)
	/* (fixed: regress-kernel-version-null) the sim backend has no
	 * kernel_version hook, iou_kernel_version calls NULL */
	st->kver = iou_sim_kernel(st->sim);
#else
	st->kver = iou_kernel_version(&st->ring);
#endif
	/* the kernel's sizes: rounded up to a power of two, clamped to
	 * 32768 / 65536 with CLAMP, the CQ twice the SQ unless CQSIZE */
	want_sq = entries > 32768 ? 32768 : roundup_pow2(entries);
	if (!entries || p.sq_entries != want_sq ||
	    iou_sq_entries(&st->ring) != want_sq)
		fail("%u SQ entries set up as %u (%u)", entries, p.sq_entries,
		     iou_sq_entries(&st->ring));
	want_cq = !(p.flags & IOU_SETUP_CQSIZE) ? 2 * want_sq :
		  want_cq > 65536 ? 65536 : roundup_pow2(want_cq);
	if (st->cq_entries != p.cq_entries || st->cq_entries != want_cq ||
	    st->cq_entries < want_sq)
		fail("CQ of %u entries for SQ %u (CQSIZE mode %u): %u / %u",
		     want_cq, want_sq, cqm, st->cq_entries, p.cq_entries);
	if (st->kver != iou_sim_kernel(st->sim))
		fail("iou_kernel_version %#x, iou_sim_kernel %#x", st->kver,
		     iou_sim_kernel(st->sim));
	st->order_ok = (st->features & IOU_FEAT_NODROP) != 0;
	st->max_fd = iou_ring_fd(&st->ring);
	if (h[7] & 4) {
		ret = iou_queue_init_sim(8, &st->peer, 0, st->sim);
		check_ret(st, "iou_queue_init_sim (peer)", ret, E_ANY);
		if (!ret) {
			st->peer_up = 1;
			fd_add(st, iou_ring_fd(&st->peer));
		}
	}
	return 0;
}

/* The trace of a run, kept for the determinism check. */
struct tbuf {
	char *buf;
	size_t len;
};

static void keep_trace(struct iou_sim *sim, struct tbuf *tb)
{
	FILE *f;

	free(tb->buf);
	tb->buf = NULL;
	tb->len = 0;
	f = open_memstream(&tb->buf, &tb->len);
	if (!f)
		abort();
	iou_sim_trace_dump(sim, f);
	if (fclose(f))
		abort();
}

/* One run of the input; with tb, its trace is kept. Returns the hash of
 * everything the harness observed. */
static uint64_t run(const uint8_t *data, size_t size, struct tbuf *tb)
{
	static struct st st_storage;
	struct st *st = &st_storage;
	struct iou_sim_opts o;
	uint8_t h[HDR_LEN] = { 0 };
	size_t hl = size < HDR_LEN ? size : HDR_LEN, tape_len;

	memset(st, 0, sizeof(*st));
	cur = st;
	st->hash = 0xcbf29ce484222325ULL;
	memcpy(h, data, hl);
	data += hl;
	size -= hl;
	tape_len = (size_t)h[5] | (size_t)h[6] << 8;
	if (tape_len > size)
		tape_len = size;

	arena_reset();
	memset(bid_prov, 0, sizeof(bid_prov));
	memset(bid_used, 0, sizeof(bid_used));
	for (unsigned i = 0; i < NFD; i++)
		st->fds[i] = 3 + (int)i;

	memset(&o, 0, sizeof(o));
	/* never NULL: an empty tape means every choice is 0 (a NULL one
	 * would mean the seeded PRNG) */
	o.tape = tape_len ? data : (const uint8_t *)"";
	o.tape_len = tape_len;
	o.kernel_min = kernels[h[0] & 7];
	o.kernel_max = (h[0] & 8) ? IOU_KERNEL_NEWEST : o.kernel_min;
	o.faults = h[1] & IOU_FAULT_ALL;
	st->sim = iou_sim_new(&o);
	if (!st->sim)
		fail("iou_sim_new failed");
	if (!setup(st, h)) {
		st->in.p = data + tape_len;
		st->in.n = size - tape_len;
		while (st->in.pos < st->in.n)
			run_cmd(st, in_u8(&st->in) % C_NCMDS);
		if (!(h[7] & 2))
			settle(st);
	}
	mix(st, iou_sim_now_ns(st->sim));
	mix(st, (uint64_t)iou_sim_hung(st->sim));
	stats[ST_RUNS]++;
	stats[ST_HUNG] += iou_sim_hung(st->sim) != 0;
	if (tb)
		keep_trace(st->sim, tb);
	if (getenv("SIM_SQE_TRACE"))
		iou_sim_trace_dump(st->sim, stderr);
	teardown(st);
	cur = NULL;
	return st->hash;
}

/* Runs the input, twice when header byte 7 has bit 0, and then compares
 * the traces byte for byte and what the harness saw (invariant 10). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tbuf t1, t2;
	uint64_t h1, h2;
	size_t i;

	if (!A.ready && getenv("SIM_SQE_STATS"))
		atexit(stats_print);
	arena_init();
	if (size < HDR_LEN || !(data[7] & 1)) {
		run(data, size, NULL);
		return 0;
	}
	h1 = run(data, size, &t1);
	h2 = run(data, size, &t2);
	for (i = 0; i < t1.len && i < t2.len && t1.buf[i] == t2.buf[i]; i++)
		;
	if (i < t1.len || i < t2.len) {
		size_t from = i > 200 ? i - 200 : 0;

		fprintf(stderr, "first run, from byte %zu:\n%.400s\n"
			"second run:\n%.400s\n", from, t1.buf + from,
			t2.buf + from);
		fail("the same input gave different traces (byte %zu of %zu/%zu)",
		     i, t1.len, t2.len);
	}
	if (h1 != h2)
		fail("the same input gave the same trace but different results "
		     "(%#llx, %#llx)", (unsigned long long)h1,
		     (unsigned long long)h2);
	return 0;
}

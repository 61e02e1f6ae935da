/* sim_sqe.h — the shared declarations of the sim_sqe fuzz harness: its
 * limits, the state of one run, and the functions its files share. */
#ifndef SIM_SQE_H
#define SIM_SQE_H

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

#define NPATHS_FIXED 15U
#define NPATHS (NPATHS_FIXED + 2)

/* Harness memory the SQEs point into. Allocated once with exact sizes,
 * reset at the start of every input. */
struct arena {
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
};
extern struct arena A;

struct in {
	const uint8_t *p;
	size_t n, pos;
};

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
	uint8_t skip_tries;        /* settle() cancels of it (SKIP_SUCCESS) */
	uint8_t silent;            /* its link failure CQE may be skipped */
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
	uint8_t inc;               /* IOU_PBUF_RING_INC */
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
	C_NCMDS,
	/* issues 8 and 9 (loop.c): command bytes >= C_NEW_BYTE, so that
	 * the older inputs keep their meaning (cmd_of()) */
	C_SOCK = C_NCMDS, C_SET_SA, C_EVOBJ, C_SYS2, C_LOOP_SQE,
	C_BR_SETUP_INC, C_SET_FUTEX,
	C_NALL
};
#define C_NEW_BYTE (6 * C_NCMDS) /* 228: bytes 228..255 are new commands */

/* The trace of a run, kept for the determinism check. */
struct tbuf {
	char *buf;
	size_t len;
};

/* ---- shared tables and state ------------------------------------------ */

extern const uint32_t kernels[8];
#define NSAFE_SETUP 12
extern const unsigned SAFE_SETUP[NSAFE_SETUP];
extern const char *const path_strs[NPATHS_FIXED];
extern const char *const stat_names[ST_NSTATS];
extern unsigned long stats[ST_NSTATS];
extern struct req reqs[MAX_REQS];
extern struct ann anns[MAX_ANN];
extern uint16_t bid_prov[NBG][NBID], bid_used[NBG][NBID];
extern struct st *cur;
extern const int E_SUBMIT[];
extern const int E_WAIT[];
extern const int E_WAIT_TS[];
extern const int *E_ANY;
extern const struct op_ptrs op_ptrs[IOU_OP_LAST];
extern const int open_flags[8];

/* ---- functions, by the file that defines them ------------------------ */

/* input.c: input decoding and the arena */
void *xalloc(size_t n);
void arena_init(void);
void arena_reset(void);
uint8_t in_u8(struct in *in);
uint16_t in_u16(struct in *in);
uint32_t in_u32(struct in *in);
void in_bytes(struct in *in, void *dst, size_t n);

/* oracle.c: failing, run state, the CQE invariant oracle */
void stats_print(void);
__attribute__((noreturn, format(printf, 1, 2)))
void fail(const char *fmt, ...);
void mix(struct st *st, uint64_t v);
int is_errno(long v);
void check_ret(struct st *st, const char *call, long ret,
	       const int *allowed);
int may_more(const struct iou_sqe *s);
int nop_injected(const struct iou_sqe *s, int32_t res);
int is_zc(const struct iou_sqe *s);
int fail_is_benign(const struct st *st, const struct req *p);
uint64_t ts_ns(const struct iou_timespec *ts);
int ts_valid(const struct iou_timespec *ts);
void check_chain(struct st *st, struct req *q, const struct iou_cqe *c);
void check_drain(struct st *st, struct req *q, const struct iou_cqe *c);
void bid_use(struct st *st, const struct req *q, int32_t res, uint32_t flags);
void check_res(struct st *st, struct req *q, const struct iou_cqe *c);
void check_expiry(struct st *st, struct req *q, const struct iou_cqe *c);
void check_cqe(struct st *st, const struct iou_cqe *c);

/* fix.c: fds, user_data targets, pointer fixing */
void fd_add(struct st *st, int fd);
int fd_pick(struct st *st, uint8_t b);
uint64_t ud_target(uint32_t n, uint64_t raw);
uint64_t ann_new(struct st *st, const struct iou_sqe *sqe);
uint64_t clamp_off(uint64_t v);
void ts_from(struct iou_timespec *ts, uint64_t raw);
uint32_t fit(uint64_t off, uint32_t len, uint32_t sz);
uint64_t ptr(const void *p);
void fix_field(struct st *st, struct req *q, uint8_t kind,
	       uint64_t *f, int is_off);
void fix_sqe(struct st *st, struct req *q);

/* ring.c: ring calls, checked */
void check_ring(struct st *st);
uint32_t note_consumed(struct st *st, int one_enter);
void before(struct st *st, const char *what);
void after(struct st *st, int one_enter);
void do_submit(struct st *st);
void do_submit_wait(struct st *st, unsigned nr);
void reap_ready(struct st *st);
void do_copy(struct st *st, unsigned count, unsigned wait);
void do_peek(struct st *st);
void do_wait(struct st *st, uint8_t tsb, int with_ts);
void do_submit_wait_ts(struct st *st, unsigned nr, uint8_t tsb);
void do_get_events(struct st *st);
void do_peek_batch(struct st *st, unsigned count);
void do_peer(struct st *st);

/* commands.c: the commands */
struct req *req_new(struct st *st, struct iou_sqe **slot);
void req_publish(struct st *st, struct req *q, struct iou_sqe *slot);
void cmd_sqe_raw(struct st *st);
void cmd_sqe(struct st *st);
void cmd_nops(struct st *st);
void cmd_reg_bufs(struct st *st);
void cmd_bufs_update(struct st *st);
void cmd_reg_files(struct st *st);
void cmd_files_update(struct st *st);
void cmd_sparse(struct st *st, int files);
void cmd_unreg(struct st *st, int files);
void br_free(struct st *st, struct bring *b);
void cmd_br_setup(struct st *st, unsigned flags);
void cmd_br_add(struct st *st);
void cmd_probe(struct st *st);
void cmd_eventfd(struct st *st);
void cmd_reg_misc(struct st *st);
const char *sys_path(struct st *st);
void cmd_open(struct st *st);
void cmd_pipe(struct st *st);
void cmd_rw(struct st *st, int wr);
void cmd_close(struct st *st);
void cmd_pathop(struct st *st);
void cmd_set_iov(struct st *st);
void cmd_set_msg(struct st *st);
void cmd_set_fds(struct st *st);
void cmd_set_how(struct st *st);
unsigned cmd_of(uint8_t b);
void run_cmd(struct st *st, unsigned c);

/* loop.c: the event loop's and datagrams' commands (issues 8, 9) */
void cmd_sock(struct st *st);
void cmd_set_sa(struct st *st);
void cmd_evobj(struct st *st);
void cmd_sys2(struct st *st);
void cmd_set_futex(struct st *st);
void cmd_loop_sqe(struct st *st);

/* main.c: setup, settling, teardown, the entry point */
int pending(const struct req *q);
int wait_quiet(struct st *st);
void release_fds(struct st *st);
void settle(struct st *st);
void teardown(struct st *st);
uint32_t roundup_pow2(uint32_t v);
int setup(struct st *st, const uint8_t *h);
void keep_trace(struct iou_sim *sim, struct tbuf *tb);
uint64_t run(const uint8_t *data, size_t size, struct tbuf *tb);

#endif

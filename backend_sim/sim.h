/* sim.h — the simulated kernel's internal interface: the sim, its rings,
 * requests, and the hooks an op family implements. Internal: not installed.
 *
 * ==== How the sim runs ====================================================
 * One thread, no host time, no host entropy. Everything happens inside
 * enter (and the synchronous iou_sys_* calls):
 *   1. intake (intake.c): SQEs are read through the SQ array, copied into a
 *      request (SUBMIT_STABLE), validated (generic checks, then the op's
 *      prep hook), assembled into link chains, held back by IO_DRAIN, and
 *      issued (a lone request at once; chain successors and released
 *      drained chains through sim->issueq, never recursively).
 *   2. issue (iou__req_issue): resolves the fd (IOU__OP_FILE, FIXED_FILE),
 *      arms a following LINK_TIMEOUT, then the op's issue hook either
 *      finishes (returns res >= 0 or -errno) or parks the request and
 *      returns IOU__PENDING.
 *   3. completion (complete.c): a finished request may be delayed (choice
 *      IOU__CH_DELAY: it sits on the run queue, finished, like work on an
 *      io-wq thread), then posts its CQE (cq.c), starts the next link or
 *      cancels the rest, releases IO_DRAIN'd chains, credits count
 *      timeouts, and goes back to the request pool (no allocation per op).
 *   4. waiting (sched.c): an enter with GETEVENTS runs the run queue (one
 *      item at a time, choice IOU__CH_RUNQ), may return early or -EINTR
 *      (IOU__CH_WAIT), advances the virtual clock to the next timer when
 *      nothing else is runnable, and returns -EDEADLK (hang) when nothing
 *      could ever post. Timers due at the same instant fire in a chosen
 *      order (IOU__CH_ORDER). Every enter ends by running the queued work
 *      of rings that do not defer task work (COOP/DEFER_TASKRUN rings keep
 *      it until they enter with GETEVENTS), unless its wait ended early
 *      (the caller enters again), so user code spinning on the CQ never
 *      waits on work the sim holds back.
 *   The ring's live list holds requests that are parked or finished but
 *   not posted: what ASYNC_CANCEL and TIMEOUT_REMOVE can find. Requests
 *   that complete inline never join it.
 *
 * ==== Adding an op family =================================================
 * A family is one file ops_<family>.c exporting `const struct iou__op`
 * entries named iou__op_<name>; add the opcode to OPS() in ops_table.c and
 * the file to meson.build. An opcode without an entry is "not modelled": it
 * fails like an opcode the kernel lacks (-EINVAL, or the profile's errno)
 * and the probe says unsupported. `since` is the op's first kernel: older
 * profiles do not have it. struct iou__op (below):
 *   - prep(req): validate req->sqe (a private copy; generic checks done:
 *     opcode, sqe flags, BUFFER_SELECT allowed, personality). First
 *     initialize the part of req->u your op uses (it is not cleared), then
 *     check. Return 0, or -errno: the SQE then fails to submit (its CQE
 *     carries the errno and, without SUBMIT_ALL, submission stops there).
 *     Copy what the kernel copies at prep (timespecs, paths: the caller
 *     may reuse them after submit); user pointers are trusted as process
 *     memory, NULL is -EFAULT.
 *   - issue(req): do the work; req->file is resolved for IOU__OP_FILE ops.
 *     Return the result (cqe->res), or IOU__PENDING after parking the
 *     request on one of:
 *       * a wait queue: iou__waitq_add(&obj->wq, req). Whoever changes obj
 *         calls iou__waitq_wake(sim, &obj->wq); every waiter goes to the
 *         run queue and is issued again from scratch, so issue must be
 *         restartable (keep progress in req->u).
 *       * a timer: iou__timer_arm(req, deadline_ns) on the virtual clock;
 *         the op's timer hook runs when the clock reaches it.
 *     Set req->cflags for CQE flags (F_BUFFER...); set req->fail_link when
 *     a result >= 0 must still break a link (short read/write); set
 *     req->no_fail when a result < 0 must not (ETIME_SUCCESS).
 *   - timer(req): the armed timer fired. Finish with iou__req_complete(req,
 *     res), or post an intermediate CQE with iou__req_post_more(req, res,
 *     flags) (F_MORE is added) and re-arm.
 *   - cancel(req) (optional): undo op state when the core cancels a parked
 *     request (the core already took it off its wait queue, timer or run
 *     queue and completes it with -ECANCELED, or -EINTR by choice).
 *   - cleanup(req) (optional): free what prep allocated; runs once when
 *     the request is recycled, issued or not.
 * Completing from anywhere else (a waker, another op): iou__req_complete
 * (req, res) on a parked request after iou__req_unpark(req). To order two
 * CQEs (a cancel and its target), put the second on req->then of the
 * first: it posts right after it. Never free a request yourself.
 * Every nondeterministic decision goes through iou__choose(sim, kind, n)
 * (tape.c) with a kind from enum iou__choice_kind (add one if none fits);
 * choice 0 must be what the profile's kernel typically does; a fault is
 * iou__fault(sim, IOU_FAULT_x), only ever taken when the class is on.
 * Kernel-version differences come from sim->prof (profiles.c) or
 * iou__kernel_at_least(), each with a comment citing version and source.
 * Trace what changes state with IOU__TRACE (stable text, no pointers; its
 * %s arguments static strings, a string the caller owns through
 * IOU__TRACE_TEXT).
 * ======================================================================== */
#ifndef IOU_SIM_INTERNAL_H
#define IOU_SIM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "backend.h"
#include "iou_sim.h"

/* ---- lists ------------------------------------------------------------- */

struct iou__list {
	struct iou__list *next, *prev;
};

static inline void iou__list_init(struct iou__list *l)
{
	l->next = l->prev = l;
}

static inline int iou__list_empty(const struct iou__list *l)
{
	return l->next == l;
}

static inline void iou__list_add_tail(struct iou__list *l, struct iou__list *n)
{
	n->prev = l->prev;
	n->next = l;
	l->prev->next = n;
	l->prev = n;
}

static inline void iou__list_del(struct iou__list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

#define iou__container_of(p, type, member)                                     \
	((type *)(void *)((char *)(p) - offsetof(type, member)))

/* ---- profiles (profiles.c) ------------------------------------------- */

struct iou__profile {
	uint32_t version;        /* IOU_KERNEL_VERSION */
	const char *name;        /* "6.18" */
	uint32_t features;       /* IOU_FEAT_* reported by setup */
	uint32_t setup_flags;    /* IOU_SETUP_* this kernel knows */
	uint32_t enter_flags;    /* IOU_ENTER_* this kernel knows */
	uint8_t sqe_flags;       /* IOU_SQE_* this kernel knows */
	uint8_t last_op;         /* opcodes 0..last_op exist */
	/* quirks: each documented in profiles.c */
	unsigned unknown_op_ebadf : 1;   /* 5.4: fd looked up first */
	unsigned nodrop : 1;             /* CQEs overflow instead of drop */
	unsigned overflow_ebusy : 1;     /* submit -EBUSY while overflowed */
	unsigned timeout_first : 1;      /* timeout CQE before its remove's */
	unsigned remove_lifo : 1;        /* REMOVE_BUFFERS/select take newest */
	unsigned cancel_first : 1;       /* cancel CQE before its target's */
	unsigned etime_success : 1;      /* IOU_TIMEOUT_ETIME_SUCCESS known */
	unsigned timeout_multishot : 1;  /* IOU_TIMEOUT_MULTISHOT known */
	unsigned cancel_flags;           /* IOU_ASYNC_CANCEL_* known */
	unsigned sparse_minus1 : 1;      /* register files: -1 is a hole */
	unsigned has_probe : 1;
	unsigned has_pbuf_ring : 1;
	unsigned has_ring_fds : 1;
	unsigned has_files2 : 1;         /* REGISTER_FILES2/BUFFERS2 */
	unsigned has_file_alloc : 1;     /* IOU_FILE_INDEX_ALLOC, direct */
	unsigned soft_fail : 1;          /* IOU__OP_SOFTFAIL ops: see there */
};

extern const struct iou__profile iou__profiles[];
extern const size_t iou__nprofiles;
/* The newest profile not newer than version (0 / NEWEST: the newest). */
const struct iou__profile *iou__profile_find(uint32_t version);
/* The profile's first version at or above v, index in iou__profiles. */
int iou__profile_index(const struct iou__profile *p);

/* ---- the tape (tape.c) ------------------------------------------------- */

enum iou__choice_kind {
	IOU__CH_PROFILE,     /* which profile of a kernel range */
	IOU__CH_DELAY,       /* finished request posts later (io-wq) */
	IOU__CH_RUNQ,        /* which queued work runs next */
	IOU__CH_WAIT,        /* wait: 0 go on, 1 cut short (-EINTR when the CQ
				is empty, else 0 with fewer than asked) */
	IOU__CH_SUBMIT,      /* short submit: how many SQEs to take */
	IOU__CH_ORDER,       /* order of a pair of racing CQEs */
	IOU__CH_LTIMEOUT,    /* link timeout race outcome */
	IOU__CH_CANCELRES,   /* canceled target: -ECANCELED or -EINTR */
	IOU__CH_REMOVEBUF,   /* which legacy buffer REMOVE_BUFFERS takes */
	IOU__CH_SELECTBUF,   /* which legacy buffer a read selects */
	IOU__CH_SHORTIO,     /* short read/write: 0 full, else length */
	IOU__CH_FAULT,       /* inject the fault class (opt-in) */
	/* the network (issue 4: net.c, ops_net.c, ops_poll.c) */
	IOU__CH_MSHOT_END,   /* a multishot CQE is the last one */
	IOU__CH_ZC_NOTIF,    /* send_zc notification: right after or later */
	IOU__CH_ZC_COPY,     /* send_zc bytes: 0 read now, 1 up to notif */
	IOU__CH_ZC_USAGE,    /* REPORT_USAGE: 0 ZC_COPIED, 1 zero copy */
	IOU__CH_NONEMPTY,    /* F_SOCK_NONEMPTY: 0 set when data left */
	IOU__CH_ZC_FAILMORE, /* failed send_zc: 0 F_MORE + notif, 1 none */
	IOU__CH_NETDELAY,    /* stream bytes: 0 arrive at once, 1 later,
				2 later in two pieces */
	IOU__CH_PEER,        /* peer.c: datagrams in a burst, less one */
	IOU__CH_NKINDS
};

struct iou__choice {
	uint32_t v;      /* the choice made, < n */
	uint32_t n;      /* its bound */
};

enum iou__tape_src {
	IOU__TAPE_PRNG,
	IOU__TAPE_BYTES,
	IOU__TAPE_VEC,
};

struct iou__tape {
	enum iou__tape_src src;
	uint64_t seed;
	uint64_t rng[4];            /* xoshiro256** */
	uint8_t *bytes;             /* BYTES: own copy */
	size_t nbytes, bpos;
	uint32_t *vec;              /* VEC: own copy */
	size_t nvec, vpos;
	int record;                 /* keep the compact log below */
	uint8_t *clog;              /* the token's payload as it grows:
				       varint pairs (zeros before, value) */
	size_t nclog, capclog;
	uint64_t zrun;              /* zero choices since the last non-zero */
	int bounds;                 /* keep the log of (value, bound) too */
	struct iou__choice *log;
	size_t nlog, caplog;
	uint64_t nchoices;          /* made, recorded or not */
	int fast;                   /* iou__choose's inline path, if any */
};

enum iou__tape_fast {
	IOU__TAPE_SLOW,
	IOU__TAPE_ZERO,             /* every further choice is 0 and nothing
				       but a count is kept */
	IOU__TAPE_SEEDED,           /* a seed and no bounds log */
};


/* The choice function's out-of-line parts (tape.c), traced when tr: the
 * sources other than a seed alone, and a seeded choice whose PRNG output
 * r deviates from 0 or whose kind is uniform. */
uint32_t iou__choose_slow(struct iou_sim *sim, enum iou__choice_kind kind,
			  uint32_t n, int tr);
uint32_t iou__choose_prng(struct iou_sim *sim, enum iou__choice_kind kind,
			  uint32_t n, uint64_t r, int tr);
/* PRNG deviation from 0 per kind: 1 in 2^shift; 0 = uniform. Here, so
 * that iou__choose's test folds to a constant mask. */
static const uint8_t iou__prng_shift[IOU__CH_NKINDS] = {
	[IOU__CH_DELAY] = 2, [IOU__CH_RUNQ] = 2, [IOU__CH_WAIT] = 2,
	[IOU__CH_SUBMIT] = 3, [IOU__CH_SHORTIO] = 2, [IOU__CH_FAULT] = 4,
	[IOU__CH_MSHOT_END] = 3, [IOU__CH_ZC_NOTIF] = 1, [IOU__CH_ZC_COPY] = 1,
	[IOU__CH_ZC_USAGE] = 2, [IOU__CH_NONEMPTY] = 2,
	[IOU__CH_ZC_FAILMORE] = 2, [IOU__CH_NETDELAY] = 2, [IOU__CH_PEER] = 2,
};

static inline uint64_t iou__rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static inline uint64_t iou__xoshiro_next(uint64_t s[4])
{
	uint64_t result = iou__rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = iou__rotl(s[3], 45);
	return result;
}
const char *iou__choice_name(enum iou__choice_kind kind);
/* Turns the compact choice log on or off (off: the token names the
 * source). */
void iou__tape_set_record(struct iou__tape *t, int on);
/* Keeps every choice with its bound from now on (iou__sim_choices). */
void iou__tape_set_bounds(struct iou__tape *t, int on);
int iou__tape_init(struct iou__tape *t, const struct iou_sim_opts *o);

/* The explorer's entry points (issue 5): a sim driven by a choice vector
 * (values past its end are 0; a value >= its bound n is taken mod n), and
 * the log of the choices it made, each with its bound. Enumerate by
 * extending/changing the vector using the bounds; the run's profile is
 * choice 0 of the log when the options give a kernel range. */
struct iou_sim *iou__sim_new_vec(const struct iou_sim_opts *opts,
				 const uint32_t *vec, size_t n);
/* iou_sim_new, logging every choice with its bound (iou__sim_choices). */
struct iou_sim *iou__sim_new_bounds(const struct iou_sim_opts *opts);
const struct iou__choice *iou__sim_choices(const struct iou_sim *sim,
					   size_t *n);
void iou__tape_free(struct iou__tape *t);

/* A parsed replay token. */
struct iou__token {
	uint32_t kmin, kmax;
	unsigned faults;
	enum iou__tape_src src;
	uint64_t seed;
	uint8_t *bytes;   /* malloc'd (BYTES) */
	size_t nbytes;
	uint32_t *vec;    /* malloc'd (VEC) */
	size_t nvec;
};

int iou__token_parse(const char *s, struct iou__token *tok);
void iou__token_free(struct iou__token *tok);
int iou__token_format(const struct iou_sim *sim, char *buf, size_t len);

/* ---- the trace (trace.h, trace.c) -------------------------------------- */

#include "trace.h"

static inline int iou__tracing(const struct iou_sim *sim);

/* ---- requests ---------------------------------------------------------- */

#define IOU__PENDING (-0x40000000) /* issue: parked, completes later */

enum iou__req_state {
	IOU__RS_FREE,
	IOU__RS_LINKED,    /* in a chain, waits for its predecessor */
	IOU__RS_DRAINING,  /* held back by IO_DRAIN */
	IOU__RS_WAITQ,     /* parked on a wait queue */
	IOU__RS_TIMER,     /* parked on a timer */
	IOU__RS_REISSUE,   /* on the run queue, to be issued again */
	IOU__RS_DONE,      /* on the run queue, finished, to post */
	IOU__RS_ARMED,     /* link timeout armed on its target */
};

struct iou__sring;
struct iou__file;
struct iou__sock;
struct iou__waitq;

/* A request on a socket (ops_net.c, ops_poll.c; the read/write family on
 * a socket too): u.net, or u.vec.net for READV/WRITEV. */
struct iou__net_u {
	size_t done;               /* bytes moved so far (restartable) */
	uint32_t events;           /* POLL* it waits for (wake filter) */
	uint32_t count;            /* CQEs posted (multishot) */
	uint32_t pflags;           /* poll: IOU_POLL_* flags */
	struct iou__req *notif;    /* send_zc: its notification */
	struct iou__sock *sk;      /* notification: where bytes wait */
	void *to;                  /* SEND/SEND_ZC: addr2's copy (prep) */
	uint32_t tolen;
};

/* Op-private state; a family adds its struct here. */
union iou__req_u {
	struct {
		uint64_t interval;    /* relative ns (multishot re-arm) */
		uint64_t target_ev;   /* count timeout: fires at this cq_events */
		uint32_t count;       /* count or multishot repeats left */
		uint32_t flags;
		int counting;         /* on the ring's count list */
		struct iou__list cnode;
	} timeout;
	struct {
		size_t done;          /* bytes done so far (restartable) */
		uint64_t off;
		int bgid;             /* buffer group selected from, or -1 */
		int bid;              /* buffer selected, or -1 */
		void *buf;
		uint32_t len;
	} rw;
	struct {
		struct iou__file *in;  /* splice/tee source */
	} splice;
	struct {
		/* READV/WRITEV on a socket: its progress, read and written
		 * as u.net (the same bytes) by the stream code of ops_net.c */
		struct iou__net_u net;
		struct iovec *iov;     /* READV/WRITEV: copied at prep */
		struct iovec small[4]; /* iov points here for short vectors */
	} vec;
	struct {
		char *p1, *p2;         /* paths copied at prep */
		uint64_t how[3];       /* openat2: flags, mode, resolve */
	} path;
	struct iou__net_u net;
	struct {
		/* the event loop's ops (issue 9): epoll.c, futex.c */
		uint64_t data;        /* EPOLL_CTL: the event's data */
		uint64_t uaddr;       /* FUTEX_*: the word */
		uint64_t val;         /* FUTEX_WAIT: expected; WAKE: count */
		uint64_t mask;        /* FUTEX_*: the bitset */
		uint32_t events;      /* EPOLL_CTL: the event's mask */
		uint32_t op;          /* EPOLL_CTL: op; FUTEX_*: flags */
		int32_t fd;           /* EPOLL_CTL: the target fd */
		uint32_t n;           /* FUTEX_WAITV: entries in vec */
		void *vec;            /* FUTEX_WAITV: copied at prep */
	} evl;
	struct {
		/* xattr ops (xattr.c): copied at prep */
		char *name;
		void *value;          /* SETXATTR: the copy */
		char *path;           /* GETXATTR/SETXATTR */
		uint32_t size;
		uint32_t flags;
	} xattr;
};

struct iou__req {
	/* cleared by iou__req_alloc (up to `node`) */
	const struct iou__op *op;    /* set once the generic checks pass */
	struct iou__req *link;       /* next in chain */
	struct iou__req *ltimeout;   /* its armed link timeout */
	struct iou__req *ltarget;    /* a link timeout's target */
	struct iou__req *then;       /* finished with res set, posts after */
	struct iou__file *file;      /* resolved file (a reference) */
	struct iou__waitq *wq;       /* wait queue it is parked on */
	uint32_t cflags;
	uint32_t chain_len;          /* drain accounting: members incl. self */
	uint8_t fail_link;           /* result >= 0 still breaks the link */
	uint8_t multishot;
	uint8_t init_err;            /* failed at intake: res is its errno */
	uint8_t in_live;
	uint8_t in_drain;            /* member of a released DRAIN chain */
	uint8_t no_fail;             /* res < 0 does not break the link */
	uint8_t lt_fired;            /* link timeout: fired, res set */
	uint8_t lt_first;            /* link timeout: posts before target */
	uint8_t punted;              /* IOSQE_ASYNC: an io-wq worker runs it */
	uint8_t iowq_hold;           /* finished in io-wq: posts after the
					enter that issued it (complete.c) */
	/* set at allocation and intake */
	struct iou__list node;       /* run queue / wait queue / drain list */
	struct iou__list lnode;      /* ring's live list: parked or finished
					and not posted (what cancel finds) */
	struct iou__sring *ring;
	uint64_t user_data;
	uint64_t id;                 /* sim-wide sequence number */
	uint64_t deadline;           /* armed timer: absolute ns */
	uint32_t heap_idx;           /* timer heap slot */
	int32_t res;
	uint8_t opcode;
	uint8_t flags;               /* IOU_SQE_* */
	uint8_t state;               /* enum iou__req_state */
	/* not cleared: the SQE is copied over it, and an op's prep
	 * initializes the part of u it uses before it can fail */
	struct iou_sqe sqe;          /* copied at intake */
	union iou__req_u u;
};

/* An op: one row of the dispatch table (ops_table.c). */
#define IOU__OP_FILE      (1U << 0) /* sqe->fd is a file (FIXED_FILE ok) */
#define IOU__OP_BUFSELECT (1U << 1) /* IOSQE_BUFFER_SELECT allowed */
#define IOU__OP_TIMEOUT   (1U << 2) /* does not count for count timeouts */
#define IOU__OP_IOPRIO    (1U << 3) /* sqe->ioprio means something */
#define IOU__OP_SOFTFAIL  (1U << 4) /* its errors from issue keep the link
				       going on profiles with soft_fail */
#define IOU__OP_CANCEL_COUNT (1U << 5) /* canceled: -ECANCELED only, and
				       the cancel's res counts it (1):
				       io_futex_cancel (6.7) */

struct iou__op {
	const char *name;
	uint32_t since;     /* first kernel: IOU_KERNEL_VERSION */
	unsigned flags;     /* IOU__OP_* */
	int (*prep)(struct iou__req *req);
	int (*issue)(struct iou__req *req);
	void (*timer)(struct iou__req *req);
	void (*cancel)(struct iou__req *req);
	/* frees what prep took (copied paths); runs once as the request is
	 * recycled, whether or not it was issued */
	void (*cleanup)(struct iou__req *req);
	/* optional: ASYNC_CANCEL found it parked. Nonzero when the op ends
	 * it its own way instead (it unparked and completed it): the cancel
	 * does not count it (6.0-6.4 multishot recv: ops_net.c) */
	int (*cancel_refuse)(struct iou__req *req);
};

/* The op for opcode on the sim's profile, or NULL (not in this kernel, or
 * not modelled). iou__ops_init fills the sim's table once the profile is
 * known. */
const struct iou__op *iou__op_get(const struct iou_sim *sim, unsigned opcode);
void iou__ops_init(struct iou_sim *sim);

/* ---- wait queues ------------------------------------------------------- */

struct iou__waitq {
	struct iou__list head;
	uint32_t gen;                /* wakeups so far (epoll's edges) */
	uint32_t gen_read, gen_write; /* ... whose key was only these */
};
#define IOU__WAKE_READ 0x2043U    /* POLLIN|PRI|RDNORM|RDHUP */
#define IOU__WAKE_WRITE 0x0104U   /* POLLOUT|WRNORM */

void iou__waitq_add(struct iou__waitq *wq, struct iou__req *req);
/* Re-issues every waiter (through the run queue). */
void iou__waitq_wake(struct iou_sim *sim, struct iou__waitq *wq);

/* ---- a ring ------------------------------------------------------------ */

struct iou__bgroup;

struct iou__sring {
	struct iou_sim *sim;
	struct iou__sring *next;     /* sim's ring list */
	unsigned id;
	int fd;                      /* its fd in the world */
	unsigned setup_flags;
	unsigned features;
	/* ring memory, laid out as the kernel's struct io_rings */
	void *rings;
	size_t rings_sz;
	struct iou_sqe *sqes;
	size_t sqes_sz;
	uint32_t *sq_head, *sq_tail, *sq_flags, *sq_dropped, *sq_array;
	uint32_t sq_mask, sq_entries;
	uint32_t *cq_head, *cq_tail, *cq_overflow, *cq_flags;
	struct iou_cqe *cqes;
	uint32_t cq_mask, cq_entries;
	/* SQE128 / CQE32 (5.19): entries two slots wide; big holds the
	 * second 16 bytes of the CQE being posted (0 but for NOP_CQE32) */
	uint8_t sq_shift, cq_shift;
	uint64_t big[2];
	uint64_t (*ovf_big)[2];       /* CQE32: big of each overflowed CQE */
	/* kernel-side state */
	uint32_t sq_khead;            /* SQ head as the kernel keeps it */
	struct iou_cqe *ovf;          /* overflow list, FIFO */
	uint32_t ovf_head, ovf_len, ovf_cap;
	int dropped_pending;          /* pre-NODROP: report -EBADR */
	struct iou__req *link_head, *link_last;
	struct iou__list drainq;      /* chains held by IO_DRAIN */
	uint64_t active;              /* requests submitted, not done, not in drainq */
	uint64_t drain_pending;       /* members of released DRAIN chains not done */
	int drain_next;               /* drain the chain after the current one */
	int drain_disabled;           /* a CQE_SKIP_SUCCESS was seen (5.17+) */
	struct iou__list live;        /* requests issued, not yet posted */
	struct iou__list counting;    /* count timeouts, by target_ev */
	uint64_t cq_events;           /* CQEs posted, timeouts excluded */
	unsigned runq_n;              /* its requests on the run queue */
	/* registered resources */
	struct iou__file **fixed;
	uint32_t nfixed;
	uint32_t fixed_alloc_start, fixed_alloc_end;
	struct iovec *bufs;           /* iov_base NULL: empty slot */
	uint32_t nbufs;
	int eventfd;                  /* the fd registered, or -1 */
	int eventfd_async;
	struct iou__file *evfd_file;  /* its file (a reference), or NULL */
	uint8_t watched;              /* evfd_file, or its fd was polled */
	uint32_t evfd_batch;          /* sim->batch when last signalled */
	struct iou__waitq pollwq;     /* pollers of the ring's fd */
	struct iou__file *file;       /* the ring's file (a reference) */
	struct iou__bgroup *groups;   /* provided buffer groups */
	uint16_t ring_fds;            /* registered ring fd slots in use */
	int disabled;                 /* IOU_SETUP_R_DISABLED until enabled */
};

/* ---- the world (world.c) ----------------------------------------------- */

struct iou__world {
	struct iou__file **fds;
	uint32_t nfds;
	struct iou__inode *root;
	uint64_t next_ino;
	uint32_t nopen;          /* open files */
	uint32_t fd_first;       /* lowest fd handed out; 0: IOU__FD_FIRST
				    (iou_sim_set_fd_first, process.c) */
	uint8_t *fdflags;        /* per fd: FD_CLOEXEC (nfds of them) */
	uint64_t fsize_lim1;     /* RLIMIT_FSIZE + 1; 0: unlimited
				    (iou_sim_set_fsize, process.c) */
	uint32_t fd_max;         /* RLIMIT_NOFILE; 0: IOU__FD_MAX
				    (iou_sim_set_nofile, process.c) */
};

int iou__world_init(struct iou_sim *sim);
void iou__world_free(struct iou_sim *sim);

/* ---- timer heap (sched.c) ---------------------------------------------- */

struct iou__heap {
	struct iou__req **a;
	uint32_t n, cap;
};

/* ---- the sim ----------------------------------------------------------- */

struct iou_sim {
	const struct iou__profile *prof;
	uint32_t kmin, kmax;        /* the range asked for (profile versions) */
	unsigned faults;
	unsigned flags;             /* IOU_SIM_* options */
	struct iou__tape tape;
	struct iou__trace trace;
	uint64_t now;               /* virtual clock, ns */
	uint64_t next_id;
	int hung;
	int oom;                    /* an allocation failed somewhere */
	int wait_cut;               /* the last wait ended early or -EINTR */
	struct iou__list runq;
	uint32_t runq_n;
	struct iou__heap timers;
	struct iou__req *free_reqs;
	void **slabs;
	uint32_t nslabs, capslabs;
	struct iou__sring *rings;
	unsigned next_ring_id;
	unsigned nrings;
	struct iou__list issueq;    /* chain successors to issue */
	int in_issueq;
	struct iou__world world;
	struct iou__net *net;       /* the loopback network (net.c) */
	const struct iou__op *ops[256]; /* by opcode for this profile */
	uint8_t *scratch;           /* IOU__SCRATCH bytes for splice/tee */
	uint32_t iowq_nheld;        /* queued requests with iowq_hold */
	struct iou__epoll *epolls;  /* every epoll instance (epoll.c) */
	uint32_t ep_depth;          /* nesting of epoll readiness now */
	struct iou__waitq futexwq;  /* parked futex waits (futex.c) */
	uint32_t batch;             /* CQE batches: one per enter or sys
				       wait (eventfd signals, evloop) */
	int in_worker;              /* posting a delayed (io-wq) completion */
	struct iou__brmem *brmem;   /* buf_ring memory (core.c) */
	/* the process's alarm (iou_sim_set_alarm, sched.c): 0 none */
	uint64_t alarm_at;
	void (*alarm_fn)(void *arg);
	void *alarm_arg;
	struct iou__peer *peer;     /* iou_sim_peer (peer.c) */
	void (*idle_end)(struct iou_sim *); /* its program is idle, done */
};

/* Memory for a buf_ring on a sim ring (iou_setup_buf_ring): page-aligned,
 * zeroed, from the sim's own pool, reused after iou_free_buf_ring and
 * freed with the sim; no mmap per ring. NULL when out of memory. */
void *iou__sim_brmem_get(struct iou *ring, size_t size);
/* Gives it back to the pool. */
void iou__sim_brmem_put(struct iou *ring, void *p);
void iou__sim_brmem_free(struct iou_sim *sim);

#define IOU__SCRATCH 65536U

static inline int iou__tracing(const struct iou_sim *sim)
{
	return sim->trace.on;
}

/* One line of the trace (at least one argument; see iou__trace_rec). */
#define IOU__TRACE(sim, fmt, ...)                                              \
	do {                                                                   \
		if (iou__tracing(sim)) {                                       \
			const uint64_t iou__ta_[] = { IOU__TARGS(__VA_ARGS__) }; \
			if (0)                                                 \
				iou__trace_fmt_check(fmt, __VA_ARGS__);        \
			iou__trace_rec((sim), (fmt), iou__ta_,                 \
				       sizeof(iou__ta_) / sizeof(iou__ta_[0])); \
		}                                                              \
	} while (0)

/* A line with a string the caller owns: formatted at once. */
#define IOU__TRACE_TEXT(sim, ...)                                              \
	do {                                                                   \
		if (iou__tracing(sim))                                         \
			iou__trace_text((sim), __VA_ARGS__);                   \
	} while (0)

/* The hot lines, as typed records. */
IOU__HOT void iou__trace_sqe(struct iou_sim *sim, unsigned ring, uint64_t id,
			    uint8_t opcode, uint8_t flags, int32_t fd,
			    uint64_t ud)
{
	uint64_t *w;

	if (ring >= (1U << 24)) {
		IOU__TRACE(sim, "sqe r%u #%llu %s fd=%d flags=%x ud=%llx\n",
			   ring, (unsigned long long)id, iou_op_name(opcode),
			   fd, flags, (unsigned long long)ud);
		return;
	}
	w = iou__trace_put(&sim->trace, 4);
	if (!w)
		return;
	w[0] = iou__trec_hdr(4, IOU__TR_SQE,
			     opcode | (uint64_t)flags << 8 |
				     (uint64_t)ring << 16);
	w[1] = id;
	w[2] = (uint32_t)fd;
	w[3] = ud;
}

void iou__trace_cqe_fmt(struct iou_sim *sim, unsigned kind, unsigned ring,
			uint64_t ud, int32_t res, uint32_t flags);

IOU__HOT void iou__trace_cqe(struct iou_sim *sim, unsigned kind,
			    unsigned ring, uint64_t ud, int32_t res,
			    uint32_t flags)
{
	uint64_t *w;

	if (ring >= (1U << 24)) {
		iou__trace_cqe_fmt(sim, kind, ring, ud, res, flags);
		return;
	}
	w = iou__trace_put(&sim->trace, 3);
	if (!w)
		return;
	w[0] = iou__trec_hdr(3, IOU__TR_CQE, kind | (uint64_t)ring << 8);
	w[1] = (uint32_t)res | (uint64_t)flags << 32;
	w[2] = ud;
}

IOU__HOT void iou__trace_choice(struct iou_sim *sim, unsigned kind,
			       uint32_t v, uint32_t n)
{
	uint64_t *w;

	if (!v) {
		/* the common case, one word: kind and bound */
		w = iou__trace_put(&sim->trace, 1);
		if (w)
			*w = iou__trec_hdr(1, IOU__TR_CHOICE,
					   kind | (uint64_t)n << 8);
		return;
	}
	w = iou__trace_put(&sim->trace, 2);
	if (!w)
		return;
	w[0] = iou__trec_hdr(2, IOU__TR_CHOICE, kind);
	w[1] = v | (uint64_t)n << 32;
}

/* A choice without its trace record when !tr (the caller writes it:
 * intake.c's NOP fast path); else iou__choose. */
IOU__HOT uint32_t iou__choose_tr(struct iou_sim *sim,
				 enum iou__choice_kind kind, uint32_t n, int tr)
{
	struct iou__tape *t = &sim->tape;

	if (n <= 1)
		return 0;
	if (t->fast == IOU__TAPE_ZERO) {
		t->nchoices++;
		if (tr && sim->trace.on)
			iou__trace_choice(sim, kind, 0, n);
		return 0;
	}
	if (t->fast == IOU__TAPE_SEEDED) {
		uint64_t r = iou__xoshiro_next(t->rng);
		unsigned shift = iou__prng_shift[kind];

		if (!shift || !(r & ((1ULL << shift) - 1)))
			return iou__choose_prng(sim, kind, n, r, tr);
		t->nchoices++;
		t->zrun += (unsigned)t->record;
		if (tr && sim->trace.on)
			iou__trace_choice(sim, kind, 0, n);
		return 0;
	}
	return iou__choose_slow(sim, kind, n, tr);
}

/* The one choice function: a value in [0, n), 0 being canonical (tape.c).
 * Inline for the common cases: an exhausted tape with nothing to log, and
 * a seeded choice that stays 0 (a PRNG step and a mask test). */
IOU__HOT uint32_t iou__choose(struct iou_sim *sim,
			      enum iou__choice_kind kind, uint32_t n)
{
	return iou__choose_tr(sim, kind, n, 1);
}

static inline int iou__kernel_at_least(const struct iou_sim *sim, int major,
				       int minor)
{
	return sim->prof->version >= (uint32_t)IOU_KERNEL_VERSION(major, minor);
}

/* ---- core entry points ------------------------------------------------- */

/* requests (req.c) */
struct iou__req *iou__req_alloc_slow(struct iou_sim *sim);
void iou__req_pool_free(struct iou_sim *sim);

/* A request from the pool, cleared (see struct iou__req), or NULL. */
static inline struct iou__req *iou__req_alloc(struct iou_sim *sim)
{
	struct iou__req *req = sim->free_reqs;

	if (__builtin_expect(!req, 0))
		return iou__req_alloc_slow(sim);
	sim->free_reqs = req->link;
	__builtin_memset(req, 0, offsetof(struct iou__req, node));
	req->node.next = req->node.prev = &req->node;
	req->lnode.next = req->lnode.prev = &req->lnode;
	req->res = 0;
	req->heap_idx = UINT32_MAX;
	req->id = sim->next_id++;
	return req;
}

/* Returns a request to the pool (the caller did its accounting). */
static inline void iou__req_free(struct iou_sim *sim, struct iou__req *req)
{
	req->state = IOU__RS_FREE;
	req->link = sim->free_reqs;
	sim->free_reqs = req;
}

/* intake.c */
int iou__submit(struct iou__sring *r, unsigned to_submit);
/* Issues a request now (fresh or re-issued). */
void iou__req_issue(struct iou__req *req);
/* Runs queued chain successors. */
void iou__run_issueq(struct iou_sim *sim);

/* complete.c */
/* Releases IO_DRAIN'd chains whose turn has come. */
void iou__drain_check(struct iou__sring *r);
/* Finishes a request: it posts (perhaps after a chosen delay when
 * `may_delay`), then its chain goes on. */
void iou__req_complete(struct iou__req *req, int32_t res);
void iou__req_complete_ex(struct iou__req *req, int32_t res, int may_delay);
/* Posts the CQE of a finished request and everything that follows from it
 * (links, drain, count timeouts); recycles it. */
void iou__req_finish(struct iou__req *req);
/* An intermediate CQE of a multishot request (F_MORE added). */
void iou__req_post_more(struct iou__req *req, int32_t res, uint32_t flags);
/* Takes a parked request off its wait queue / timer. 1 if it was parked. */
int iou__req_unpark(struct iou__req *req);
/* Cancels a parked request: res -ECANCELED or (choice) -EINTR when
 * `may_eintr`. Returns 0, -EALREADY (running: not canceled). */
int iou__req_cancel(struct iou__req *req, int may_eintr);
/* Fails a chain from req on with -ECANCELED (or each member's own intake
 * error). */
void iou__chain_cancel_rest(struct iou__req *req);
/* Posts a chain in which a member failed at intake. */
void iou__chain_fail_init(struct iou__req *head);
/* Queues a complete chain: held by IO_DRAIN, or issued (intake.c). */
void iou__chain_queue(struct iou__sring *r, struct iou__req *head);
void iou__live_add(struct iou__req *req);

/* cq.c */
void iou__cq_post_slow(struct iou__sring *r, uint64_t user_data, int32_t res,
		       uint32_t flags);
/* Moves overflowed CQEs into the CQ while there is room. */
void iou__cq_flush_overflow(struct iou__sring *r);
void iou__sring_update_flags(struct iou__sring *r);

/* sched.c */
void iou__runq_add(struct iou_sim *sim, struct iou__req *req);
void iou__runq_del(struct iou_sim *sim, struct iou__req *req);
/* Runs one item of the run queue (chosen). 0 when it was empty. */
int iou__runq_run_one(struct iou_sim *sim);
/* Runs the queued work of every ring that does not defer task work: what
 * io-wq and task work finish before the task is back in user space
 * (TWA_SIGNAL). COOP/DEFER_TASKRUN rings keep theirs until GETEVENTS. */
void iou__runq_flush(struct iou_sim *sim);
void iou__timer_arm(struct iou__req *req, uint64_t deadline);
void iou__timer_disarm(struct iou__req *req);
/* Next timer deadline, or UINT64_MAX. */
uint64_t iou__timer_next(const struct iou_sim *sim);
/* Advances the clock to `when` and fires due timers. */
void iou__clock_advance(struct iou_sim *sim, uint64_t when);
int iou__wait(struct iou__sring *r, unsigned min_complete, int has_deadline,
	      uint64_t deadline);
void iou__heap_free(struct iou__heap *h);

/* IORING_REGISTER_SYNC_CANCEL of arg on r (ops_cancel.c): as the kernel's
 * register call returns. */
int iou__sync_cancel(struct iou__sring *r, const void *arg);

/* The alarm (iou_sim_set_alarm), if the clock reached it: runs its
 * function (the signal's handler) and returns 1 (the wait is cut short,
 * -EINTR), else 0. Waits call it after each clock step. */
int iou__alarm_due(struct iou_sim *sim);
/* The earlier of the next timer's deadline and the alarm's. */
uint64_t iou__wake_next(const struct iou_sim *sim);

/* IOU_SIM_CHECK_POINTERS (uptr.c): 0, or -EFAULT when memory the SQE
 * points to cannot be read or written by the process: at submission
 * (issue 0) what prep copies in, at issue (1) the data buffers. */
int iou__uptr_check(const struct iou__req *req, int issue);
/* copy_from_user: len bytes at src into dst, 0 or -EFAULT where the
 * process cannot read them (whatever IOU_SIM_CHECK_POINTERS says); for
 * what prep copies from rarely used fields (SEND's addr2). */
int iou__uptr_copy(void *dst, uint64_t src, size_t len);

/* Rings that outlive their sim (sim.c): the backend's closed hook, and the
 * teardown of such a ring. */
int iou__sim_ring_closed(const struct iou *ring);
void iou__sim_zombie_free(struct iou__sring *r);

/* ops: shared helpers */
int iou__copy_timespec(uint64_t addr, uint64_t *ns_out);

/* The bytes an iovec array holds. */
static inline size_t iou__iov_total(const struct iovec *iov, uint32_t n)
{
	size_t t = 0;

	for (uint32_t i = 0; i < n; i++)
		t += iov[i].iov_len;
	return t;
}
/* The request's target ring by fd (msg_ring etc. later). */

/* ops_timeout.c */
/* Arms a link timeout as its target is issued. */
void iou__ltimeout_arm(struct iou__req *lt);
/* count timeouts */
void iou__timeouts_count(struct iou__sring *r);
/* Cancels every timeout/parked request of a ring (teardown). */
void iou__sring_cancel_all(struct iou__sring *r);

/* fault injection: 1 when the class is enabled and the tape says so */
int iou__fault(struct iou_sim *sim, unsigned cls);

/* reg.c: fixed files */
/* Installs f (a new reference) in slot i, replacing what was there.
 * IOU_FILE_INDEX_ALLOC picks a free slot. Returns the slot or -errno. */
int iou__fixed_install(struct iou__sring *r, uint32_t slot,
		       struct iou__file *f);
/* Registered buffer i covers [addr, addr + len): 0, else -EFAULT. */
int iou__fixed_buf_check(const struct iou__sring *r, uint16_t i,
			 uint64_t addr, uint32_t len);
/* Installs the new file f of an op that opens one (OPENAT, SOCKET,
 * ACCEPT...): in the fd table, or the fixed slot sqe.file_index names
 * (slot + 1, or IOU_FILE_INDEX_ALLOC). Drops the caller's reference.
 * Returns the fd, the allocated slot, 0 for a given slot, or -errno. */
int iou__req_install(struct iou__req *req, struct iou__file *f);
int iou__fixed_remove(struct iou__sring *r, uint32_t slot);
int iou__files_update(struct iou__sring *r, uint32_t off, int32_t *fds,
		      uint32_t nr);
/* reg.c */
int iou__sim_register(struct iou *ring, unsigned opcode, const void *arg,
		      unsigned nr_args);
void iou__reg_free(struct iou__sring *r);

/* sys.c */
extern const struct iou_sys_ops iou__sim_sys_ops;

static inline uint32_t iou__ovf_pending(const struct iou__sring *r)
{
	return r->ovf_len - r->ovf_head;
}

/* CQEs in the CQ, not yet reaped. */
static inline unsigned iou__cq_ready(const struct iou__sring *r)
{
	return *r->cq_tail - __atomic_load_n(r->cq_head, __ATOMIC_ACQUIRE);
}

/* A CQE may go straight into the CQ: it has room and nothing waits in
 * the overflow list (CQEs post in order). */
static inline int iou__cq_direct(const struct iou__sring *r)
{
	return r->ovf_len == r->ovf_head &&
	       *r->cq_tail - __atomic_load_n(r->cq_head, __ATOMIC_ACQUIRE) <
		       r->cq_entries;
}

/* Writes one CQE at the CQ's tail and publishes it (the caller saw
 * room). */
static inline void iou__cq_write(struct iou__sring *r, uint64_t user_data,
				 int32_t res, uint32_t flags)
{
	uint32_t tail = *r->cq_tail;
	struct iou_cqe *cqe = &r->cqes[(tail & r->cq_mask) << r->cq_shift];

	cqe->user_data = user_data;
	cqe->res = res;
	cqe->flags = flags;
	if (__builtin_expect(r->cq_shift, 0)) {
		uint64_t *big = (uint64_t *)(void *)(cqe + 1);

		big[0] = r->big[0];
		big[1] = r->big[1];
		r->big[0] = r->big[1] = 0;
	}
	__atomic_store_n(r->cq_tail, tail + 1, __ATOMIC_RELEASE);
}

/* Posts one CQE: into the CQ when it may go there directly (inline, the
 * common case), else cq.c decides: overflow list, or dropped on profiles
 * without NODROP; cq.c also traces it. */
void iou__cq_posted(struct iou__sring *r); /* evloop: eventfd, ring fd */

IOU__HOT void iou__cq_post(struct iou__sring *r, uint64_t user_data,
			  int32_t res, uint32_t flags)
{
	if (iou__cq_direct(r)) {
		iou__cq_write(r, user_data, res, flags);
		if (r->sim->trace.on)
			iou__trace_cqe(r->sim, IOU__TRC_POST, r->id, user_data,
				       res, flags);
	} else {
		iou__cq_post_slow(r, user_data, res, flags);
	}
	if (__builtin_expect(r->watched, 0))
		iou__cq_posted(r);
}

/* Posts a request's CQE; on a CQE32 ring with the second 16 bytes the op
 * gives (ops_misc.c: NOP_CQE32). */
void iou__cq_stage_big(struct iou__sring *r, const struct iou__req *req);

IOU__HOT void iou__cq_post_req(struct iou__sring *r,
			      const struct iou__req *req)
{
	if (__builtin_expect(r->cq_shift, 0))
		iou__cq_stage_big(r, req);
	iou__cq_post(r, req->user_data, req->res, req->cflags);
}

static inline struct iou__sring *iou__sring(struct iou *ring)
{
	return (struct iou__sring *)ring->backend_data;
}

#endif /* IOU_SIM_INTERNAL_H */

/* iou_sim.h — the simulated io_uring kernel.
 *
 * A sim is a deterministic io_uring kernel with a virtual world (files,
 * pipes, sockets) and a virtual clock. Every nondeterministic decision a
 * real kernel may take differently (CQE order, short I/O, which buffer,
 * early multishot end, ...) is one choice read from a tape: a seeded PRNG,
 * fuzzer bytes, a replay token, or the explorer. The same tape replays the
 * same run, byte for byte. */
#ifndef IOU_SIM_H
#define IOU_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "iou.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef IOU_KERNEL_VERSION
#define IOU_KERNEL_VERSION(major, minor) (((major) << 16) | ((minor) << 8))
#endif
#define IOU_KERNEL_NEWEST UINT32_MAX /* the newest profile the sim has; a
					version between two profiles means
					the newest profile not newer than it */

/* Fault classes the sim may inject (opt-in). */
#define IOU_FAULT_EAGAIN     (1U << 0) /* transient -EAGAIN */
#define IOU_FAULT_EINTR      (1U << 1) /* transient -EINTR */
#define IOU_FAULT_EIO        (1U << 2) /* -EIO from file I/O */
#define IOU_FAULT_ENOMEM     (1U << 3) /* -ENOMEM */
#define IOU_FAULT_EMFILE     (1U << 4) /* full fd table */
#define IOU_FAULT_ECONNRESET (1U << 5) /* connection reset mid-stream */
#define IOU_FAULT_NETDGRAM   (1U << 6) /* UDP datagrams lost, duplicated or
					  reordered, as on a real network
					  (loopback does none of it) */
/* Another process changes a regular file the program found (opened
 * without O_CREAT) between two of its reads or writes: truncated to 0 or
 * to half, or extended by 4096 bytes (log rotation, an appending writer). */
#define IOU_FAULT_FILECHANGE (1U << 7)
#define IOU_FAULT_ALL        0xffU

struct iou_sim_opts {
	uint64_t seed;         /* PRNG seed when neither tape nor replay is set */
	const uint8_t *tape;   /* fuzzer bytes; exhausted means choice 0 */
	size_t tape_len;
	const char *replay;    /* replay token; overrides seed and tape */
	uint32_t kernel_min;   /* IOU_KERNEL_VERSION; 0 = newest profile */
	uint32_t kernel_max;   /* 0 = kernel_min; a range = chosen per run */
	unsigned faults;       /* IOU_FAULT_* error classes to inject; 0 = none.
				  Legal variation (order, timing, short I/O,
				  early multishot end) is always on. */
	unsigned flags;        /* IOU_SIM_* options below; 0 = none */
};

/* iou_sim_opts.flags. */
/* Check every pointer an SQE hands the sim (buffers, iovecs and what they
 * point to, paths, timespecs, msghdrs, addresses) against the process's
 * memory before using it: one the process cannot read (or, for a buffer
 * the kernel writes, write) completes its CQE with -EFAULT as the kernel
 * does, instead of crashing the process. Off by default: a wild pointer
 * then crashes in the sim, which under ASan is often the more useful
 * report. The environment variable IOU_SIM_CHECK_POINTERS=1 turns it on
 * for every sim. It costs a system call per pointer. */
#define IOU_SIM_CHECK_POINTERS (1U << 0)
/* The sim runs a scenario (the explorer and IOU_FUZZ_SCENARIO set it):
 * rings left set up are freed outright by iou_sim_free, as nothing will
 * use them again (see iou_sim_free). */
#define IOU_SIM_SCENARIO       (1U << 1)
/* IOU_SIM_NO_EINTR: "this program gets no signals":
 * a wait is never cut short with -EINTR (an empty CQ), while every other
 * legal early return stays (a wait may still return with fewer CQEs than
 * asked). Also set for every sim of the process by IOU_SIM_NO_EINTR=1 in
 * the environment. The default, -EINTR possible, is what job control
 * (Ctrl-Z, fg), a debugger attaching and signal handlers make real; use
 * the flag for a program that blocks every signal or runs where none
 * arrive. The replay token does not carry it: replay with the same
 * setting. */
#define IOU_SIM_NO_EINTR (1U << 2)

struct iou_sim;

/* Creates a sim (NULL opts: defaults, newest profile, seed 0). Returns NULL
 * on allocation failure or a malformed replay token. */
IOU_API struct iou_sim *iou_sim_new(const struct iou_sim_opts *opts);
/* Frees the sim. Rings still set up on it are closed without touching
 * their struct iou (which may be gone): their requests and registrations
 * are dropped, and later calls on them answer -EBADF (iou_get_sqe NULL,
 * no CQE ready) until iou_queue_exit, which frees the little they keep.
 * The last 64 such rings of the process are kept answering; older ones are
 * freed. With IOU_SIM_SCENARIO they are freed at once. NULL does nothing. */
IOU_API void iou_sim_free(struct iou_sim *sim);
/* Sets up a ring on the sim, as iou_queue_init does on the kernel. */
IOU_API int iou_queue_init_sim(unsigned entries, struct iou *ring,
			       unsigned flags, struct iou_sim *sim);
IOU_API int iou_queue_init_sim_params(unsigned entries, struct iou *ring,
				      struct iou_params *p,
				      struct iou_sim *sim);
IOU_API uint64_t iou_sim_now_ns(const struct iou_sim *sim);
IOU_API uint32_t iou_sim_kernel(const struct iou_sim *sim);
IOU_API int iou_sim_hung(const struct iou_sim *sim);
IOU_API int iou_sim_replay_token(const struct iou_sim *sim, char *buf,
				 size_t len);
IOU_API void iou_sim_trace_dump(const struct iou_sim *sim, FILE *out);

/* The trace so far, NUL-terminated; *len (if non-NULL) gets its length.
 * Valid until the sim runs again, this is called again, or the sim is
 * freed. The sim records events in binary and formats them here, when
 * asked: recording costs a few nanoseconds an event. The trace keeps the
 * most recent events within a bound (iou_sim_set_trace_limit); when older
 * ones were dropped its first line says how many ("trace: N earlier
 * events dropped"). A user_data of 2^32 or more, which may be a host
 * address, appears as a stable name "ud=#N" (names in order of first
 * appearance; a value gets a new name once its last request in flight has
 * posted its final CQE), so that the same tape gives the same trace in
 * every run and every process. iou_sim_set_trace_raw, or
 * IOU_SIM_TRACE_RAW=1 in the environment, shows the raw values instead.
 * With IOU_SIM_TRACE=1 in the environment every sim writes its trace to
 * stderr as it is freed. Returns NULL only for a NULL sim. */
IOU_API const char *iou_sim_trace(const struct iou_sim *sim, size_t *len);
/* Tracing is on by default. Off (for benchmarks) stops the trace and the
 * log of choices: the replay token then names the tape's source (the seed,
 * or the fuzzer bytes consumed) instead of the choices. */
IOU_API void iou_sim_set_trace(struct iou_sim *sim, int on);
/* raw non-zero: the trace shows user_data values as they are instead of
 * stable names (see iou_sim_trace); 0: names, whatever the environment. */
IOU_API void iou_sim_set_trace_raw(struct iou_sim *sim, int raw);
/* Bounds the memory the trace keeps to about `bytes` (0: the default, 1
 * MiB, some 40,000 events, small enough to stay in cache); past it the
 * oldest events are dropped. A smaller bound than the trace already holds
 * drops what it holds. Returns 0, or -EINVAL (bytes below 8 KiB, or a NULL
 * sim). */
IOU_API int iou_sim_set_trace_limit(struct iou_sim *sim, size_t bytes);
/* How many choices (with more than one outcome) the run has made. */
IOU_API uint64_t iou_sim_choices_made(const struct iou_sim *sim);
/* Notes on the tape:
 * - A non-NULL tape of length 0 runs the canonical schedule: every choice
 *   0 (what the profile's kernel typically does). With a NULL tape the
 *   PRNG of `seed` makes the choices, seed 0 included: it deviates from 0
 *   now and then (a quarter of the time for delays and short I/O).
 * - Short submits (fewer SQEs consumed than asked, no error CQE) happen
 *   only with IOU_FAULT_EAGAIN, as does enter's -EAGAIN. A wait may always
 *   return early or with -EINTR.
 * - Replay tokens look like "iou1:6.18:0:v<base64url>": format, profile
 *   (with "/min-max" for a range), fault classes in hex, then the choices
 *   ("v"), the seed ("s") or the fuzzer bytes ("b").
 * - Pointers in SQEs are used as the kernel would use them. By default the
 *   sim does not check them: only NULL is -EFAULT, and a wild pointer
 *   crashes the process in the sim (under ASan, with a report naming it).
 *   With IOU_SIM_CHECK_POINTERS (or IOU_SIM_CHECK_POINTERS=1 in the
 *   environment) each is probed at submission and a bad one is -EFAULT
 *   in the CQE, as on the kernel (backend_sim/uptr.c says what is
 *   probed). */

typedef int (*iou_scenario_fn)(struct iou_sim *sim, void *arg); /* 0 = pass */

struct iou_explore_opts {
	struct iou_sim_opts sim;  /* template: kernel range, faults */
	uint64_t max_runs;        /* 0 = default */
	unsigned max_deviations;  /* DFS bound on non-zero choices; 0 = default */
	int random;               /* IOU_EXPLORE_MIXED (0): bounded DFS
				     interleaved with random tapes;
				     IOU_EXPLORE_RANDOM (1): random tapes;
				     IOU_EXPLORE_DFS (2): bounded DFS alone */
};

#define IOU_EXPLORE_MIXED 0
#define IOU_EXPLORE_RANDOM 1
#define IOU_EXPLORE_DFS 2

struct iou_explore_result {
	uint64_t runs;
	int failed;               /* a failing run was found */
	int exhausted;            /* every tape within the bounds was run */
	char replay[1024];        /* token of the shrunk failing run (its
				     first 1023 bytes when replay_cut) */
	int replay_cut;           /* the token was longer than replay[]: the
				     whole one is in iou_explore_report's
				     token */
};

/* Runs fn(sim, arg) once per tape, on a fresh sim made from opts->sim (its
 * kernel range and faults; seed, tape and replay are the explorer's), as
 * the notes below describe; opts NULL: defaults. A run fails when fn
 * returns non-zero or the sim hung. The first failure is shrunk to a small
 * tape that fails the same way, checked to replay identically, and its
 * token is left in res->replay (empty when nothing failed). res->failed is
 * also set when the scenario proved nondeterministic. res->exhausted: every
 * tape within max_deviations ran and passed. Returns as iou_explore_ex. */
IOU_API int iou_explore(const struct iou_explore_opts *opts, iou_scenario_fn fn,
			void *arg, struct iou_explore_result *res);

/* ---- the explorer: extended interface (backend_sim/explore.c) ------------
 *
 * A scenario is a function that builds its rings on the sim it is given,
 * drives them, and returns 0 when every property it checks held (non-zero,
 * e.g. __LINE__ through IOU_SCENARIO_CHECK, when one broke). It must not
 * free the sim, must not use cmocka's assert_* (they jump out of the
 * explorer), and must be deterministic: the same tape must give the same
 * run, so no host time, host randomness or state kept from one run to the
 * next (a static counter). Rings left open are reclaimed with the sim.
 *
 * Enumeration (IOU_EXPLORE_DFS): every tape with 0 non-zero choices, then
 * every tape with 1, ... up to max_deviations (default 2), depth first,
 * earliest choice first. Values: for a choice with few values (at most 8),
 * each in turn; for a large one (a short length, a delay), the values that
 * matter first — 1, the largest, half, 2, the largest but one, a quarter,
 * three quarters — at every position of the tape, then the rest in
 * ascending order, so that the first short I/O of a large file does not
 * eat the budget. With a kernel range the profile is the run's first
 * choice; it is free: each profile gets the whole depth, so level 0 is the
 * canonical run on every profile of the range. max_runs (default 100,000)
 * counts the tapes run; the re-runs the enumeration needs to learn the
 * choices of a tape it extends are counted apart (executions).
 * Random (IOU_EXPLORE_RANDOM): the sim's seeded PRNG with seeds sim.seed + i
 * for i in [0, max_runs); it never claims exhaustion.
 * Mixed (IOU_EXPLORE_MIXED, the default): the enumeration with one random
 * tape (seeds as above) after each of its tapes, so that neither starves
 * the other; it ends when the enumeration is exhausted (res.exhausted), at
 * max_runs (both kinds count) or at max_seconds.
 *
 * Replay: with IOU_SIM_REPLAY set in the environment, or opts.sim.replay,
 * the explorer runs that one tape, with its trace, and shrinks nothing.
 *
 * Sharding: shard i of n runs every n-th tape of the enumeration order (or
 * every n-th seed), counted from i; the shards of one exploration together
 * run exactly the tapes of the unsharded one. Set it with the extended
 * options or, for any explorer call, IOU_EXPLORE_SHARD=i/n in the
 * environment (the options win). Merge the results with iou_explore_merge.
 */
/* In a scenario: when cond is false, records the failed check (file, line
 * and the expression's text, for this thread) and returns __LINE__. The
 * explorer's report and iou_fuzz_run then say "IOU_SCENARIO_CHECK at
 * file.c:31: cqe->res == 5". */
#define IOU_SCENARIO_CHECK(cond)                                               \
	do {                                                                   \
		if (!(cond)) {                                                 \
			iou__scenario_check_failed(__FILE__, __LINE__, #cond); \
			return __LINE__;                                       \
		}                                                              \
	} while (0)

/* For IOU_SCENARIO_CHECK: records a failed check in this thread (the
 * strings must be static: the macro passes literals). */
IOU_API void iou__scenario_check_failed(const char *file, int line,
					const char *expr);

/* Writes "IOU_SCENARIO_CHECK at <file>:<line>: <expr>" into buf (len
 * bytes, truncated, NUL-terminated) for the last IOU_SCENARIO_CHECK that
 * failed in this thread, when its line is ret (what the scenario
 * returned), and forgets that check. Returns the length of the message,
 * or 0 (buf "") when no failed check returned ret. buf NULL: only forgets
 * it (do so before a run). */
IOU_API int iou_scenario_check_message(char *buf, size_t len, int ret);

enum iou_explore_fail {
	IOU_EXPLORE_PASS = 0,
	IOU_EXPLORE_FAIL_RET,    /* the scenario returned non-zero */
	IOU_EXPLORE_FAIL_HUNG,   /* the sim hung: a wait that could never end */
	IOU_EXPLORE_FAIL_NONDET, /* the same tape gave two different runs */
};

struct iou_explore_ex_opts {
	struct iou_explore_opts base;
	unsigned shard;           /* run share `shard` of `nshards` */
	unsigned nshards;         /* 0 = IOU_EXPLORE_SHARD, else unsharded */
	uint64_t max_shrink_runs; /* shrink candidates tried; 0 = 10,000 */
	int progress;             /* 0: on stderr when it is a terminal;
				     1: always; -1: never */
	int any_failure;          /* shrink toward any failure; default: the
				     same kind (hang, or the same non-zero
				     return value) */
	double max_seconds;       /* wall-clock budget of the search (not of
				     shrinking); 0 = none. The search stops at
				     max_runs or max_seconds, whichever comes
				     first. */
};

#define IOU_EXPLORE_LEVELS 16

struct iou_explore_report {
	struct iou_explore_result res;  /* as iou_explore fills it */
	enum iou_explore_fail kind;     /* how the reported run failed */
	int ret;                        /* the scenario's return value there */
	uint64_t executions;            /* scenario calls: runs, enumeration
					   re-runs, shrinking and checks */
	uint64_t shrink_runs;           /* shrink candidates run */
	uint64_t found_at;              /* res.runs when the failure was met */
	unsigned depth;                 /* deepest level (deviations) entered */
	uint64_t level_runs[IOU_EXPLORE_LEVELS]; /* runs per level; the last
						    slot counts deeper ones */
	unsigned shard, nshards;        /* the share that was run */
	double seconds;                 /* wall-clock time taken */
	double runs_per_sec;            /* res.runs per second (executions
					   per second are higher) */
	char found[1024];               /* token of the failing run as found,
					   before shrinking */
	unsigned diverge_line;          /* NONDET: first trace line (from 1)
					   where two replays differ; 0 when
					   the traces agree but the outcome
					   did not */
	char diverge_a[160];            /* that line in the first replay */
	char diverge_b[160];            /* and in the second */
	char *trace;                    /* trace of the reported run, NUL
					   terminated; owned by the report */
	size_t trace_len;
	char check[256];                /* FAIL_RET through IOU_SCENARIO_CHECK:
					   "IOU_SCENARIO_CHECK at file:line:
					   expr", else "" */
	uint64_t random_runs;           /* of res.runs, those on random
					   tapes (mixed and random modes) */
	double found_seconds;           /* wall-clock time to the failing
					   run (found_at runs) */
	char *token;                    /* the whole replay token of the
					   reported run (res.replay may hold a
					   prefix), NULL when nothing failed;
					   owned by the report */
};

/* Explores like iou_explore, with sharding, shrink and progress options,
 * and fills a report: the result, how the failure failed, counts, speed,
 * the trace of the shrunk failing run, and where two replays of a
 * nondeterministic scenario part. opts NULL: defaults. The report is
 * overwritten; release it with iou_explore_report_free. res.failed is also
 * set when the scenario proved nondeterministic (kind NONDET). Returns 0
 * when the exploration ran (see the report), -EINVAL for a NULL fn or rep,
 * a shard out of range, a malformed IOU_EXPLORE_SHARD or replay token, or
 * an unknown kernel range, -ENOMEM when a sim could not be allocated (a
 * scenario that turns the trace off still explores: the explorer keeps
 * its own log of the choices). */
IOU_API int iou_explore_ex(const struct iou_explore_ex_opts *opts,
			   iou_scenario_fn fn, void *arg,
			   struct iou_explore_report *rep);
/* Frees what a report owns (its trace); the report may be reused. */
IOU_API void iou_explore_report_free(struct iou_explore_report *rep);
/* Prints a report for a human: counts, speed, the failure, the replay
 * command line and the trace of the shrunk run. */
IOU_API void iou_explore_report_print(const struct iou_explore_report *rep,
				      FILE *out);
/* Folds the result of one shard into another: runs add up, failed if
 * either failed, exhausted only if both were, and of two failures the
 * smaller tape is kept (fewer non-zero choices, then shorter, then smaller
 * values), so the merge of every shard does not depend on the order. Start
 * from a copy of one shard's result. */
IOU_API void iou_explore_merge(struct iou_explore_result *into,
			       const struct iou_explore_result *from);

/* ---- IOU_BACKEND=sim: whole programs on the sim (backend_sim/process.c) --
 *
 * With IOU_BACKEND=sim in the environment, every ring a program sets up
 * through iou_queue_init or iou_queue_init_params is a sim ring, on one
 * process-wide sim made from the environment when the first ring is set
 * up: IOU_SIM_SEED (PRNG seed), IOU_SIM_REPLAY (a token), IOU_SIM_KERNEL
 * (a profile "5.10" or a range "5.10-6.18"), IOU_SIM_FAULTS (fault class
 * names, "eio,eagain", or "all"). When the program fails (non-zero exit
 * status, a fatal signal, a hung sim) the replay token is printed on stderr;
 * IOU_SIM_TRACE=file writes the trace at exit. IOU_SIM_TAPE_IN and
 * IOU_SIM_TAPE_OUT are the protocol of a parent explorer (iou-explore(1)):
 * a choice vector in, the choices made out. A malformed variable makes the
 * setup fail with -EINVAL (and a message on stderr); an unknown
 * IOU_BACKEND too. The sim is single-threaded: use it from one thread. */

/* The process-wide sim of IOU_BACKEND=sim, created on first use. Returns
 * NULL when IOU_BACKEND is unset or "linux", or when the environment is
 * malformed. Never free it. */
IOU_API struct iou_sim *iou_sim_process(void);
/* Makes the sim hand out fds from `first` on (default 3): the
 * interposition library keeps the sim's fds above the process's real ones
 * this way. The standard streams become the host's: in the sim, fds 0-2
 * are character devices whose writes go to the host's fds 0-2 and whose
 * reads end at once (a ring's WRITE to fd 1 prints). Only before the sim
 * made its first fd. Returns 0, -EBUSY when it has made one, -EINVAL for
 * a NULL sim or first outside [3, 960], -ENOMEM. */
IOU_API int iou_sim_set_fd_first(struct iou_sim *sim, int first);
/* The virtual process's RLIMIT_NOFILE: its fds are below max (default
 * 1024); a lower limit leaves open fds open, as setrlimit does. max < 0
 * only asks. Returns the limit before, or -EINVAL for a NULL sim or max
 * above 1048576 (nr_open). */
IOU_API int64_t iou_sim_set_nofile(struct iou_sim *sim, int64_t max);
/* The virtual process's RLIMIT_FSIZE: a write starting at or past max
 * bytes fails -EFBIG, one crossing it is cut there, a fallocate or
 * truncate growing a file past it fails -EFBIG (no SIGXFSZ is sent).
 * max -1: none (the default). Returns the limit before (-1: none), or
 * -EINVAL for a NULL sim or max < -1. */
IOU_API int64_t iou_sim_set_fsize(struct iou_sim *sim, int64_t max);
/* The process's alarm on the virtual clock (alarm(2) under the
 * interposition library): when a wait (an enter waiting for CQEs, or a
 * call that waits by design: poll, epoll_wait, sleep) would take the clock
 * past now + ns, the clock stops there and fn(arg) runs (the signal's
 * handler: it may exit); the wait then ends as one a signal cut short
 * (-EINTR, or 0 with CQEs ready). A wait nothing else can end is not a
 * hang while an alarm is set. ns 0 cancels. Returns the ns that were left
 * of the alarm before (0: none), or -EINVAL (NULL sim, ns < 0, no fn). */
IOU_API int64_t iou_sim_set_alarm(struct iou_sim *sim, int64_t ns,
				  void (*fn)(void *arg), void *arg);
/* A peer in the sim's world, for a program that serves for ever (a UDP
 * echo server such as liburing's io_uring-udp): spec
 * "udp-echo:PORT[:COUNT[:SIZE]]" is a UDP client on 127.0.0.1
 * ("udp6-echo:..." on ::1) that sends COUNT numbered datagrams (default 8,
 * at most 65536) of SIZE bytes (default 64, 4 to 65507) to PORT and expects
 * each back once, unchanged, from that port. It acts only when the program
 * waits (an enter for CQEs, or poll, epoll_wait, a blocking recv...) with no
 * queued work left: it reads the echoes that arrived and, once PORT is
 * bound, sends a burst of its datagrams (how many is a choice; canonical:
 * one). When nothing at all can end such a wait and the peer has sent
 * everything and heard every echo, the server has nothing left to do: the
 * wait returns -EDEADLK but iou_sim_hung stays 0, and under
 * IOU_BACKEND=sim (IOU_SIM_PEER=spec) the process exits with status 0.
 * Otherwise that wait is a hang. Under IOU_FAULT_NETDGRAM echoes may be
 * missing or doubled. Returns 0, -EINVAL (NULL sim, bad spec), -EBUSY (the
 * sim has a peer), -ENOMEM. */
IOU_API int iou_sim_peer(struct iou_sim *sim, const char *spec);
/* 1 when the peer has sent everything and heard every echo (as of the
 * last time the program waited), 0 when not, -EINVAL without a peer. */
IOU_API int iou_sim_peer_done(const struct iou_sim *sim);

#ifdef __cplusplus
}
#endif

#endif /* IOU_SIM_H */

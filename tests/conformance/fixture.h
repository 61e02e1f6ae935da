/* fixture.h — the backend-neutral fixture of the conformance suite.
 *
 * A case is written once against `struct fx` and runs on every backend in
 * fx_backends[]: the real kernel ("linux") today, the simulated kernel
 * ("sim") by adding one entry. A case reaches the host only through the ring
 * (SQEs) and iou_sys_* (which the sim serves from its virtual world), keeps
 * all of its state in struct fx and leaves nothing open behind it, so the sim
 * harness can run it thousands of times in one process.
 *
 * Cases use cmocka asserts. Each asserts what the kernel guarantees and
 * accepts every behaviour it does not (../../../shared/KERNEL_FACTS.md). */
#ifndef FX_FIXTURE_H
#define FX_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <netinet/in.h>

#include "iou.h"

#define FX_PATH_MAX 256
#define FX_MAX_FDS 64
#define FX_MAX_BUF_RINGS 4
#define FX_MAX_OPS 6
#define FX_QUIET_UD 0xf1f1f1f1f1f1f1f1ULL /* fx_expect_quiet's timeout */

struct fx;
struct fx_case;

/* One kernel behind the suite. Per-run state lives in struct fx only. */
struct fx_backend {
	const char *name;
	/* Creates the run's world (scratch directory, sim) and sets up
	 * fx->ring with `entries` and *p (in/out, as iou_queue_init_params).
	 * Returns 0 or -errno. */
	int (*init)(struct fx *fx, unsigned entries, struct iou_params *p);
	/* Sets up one more ring in the same world (msg_ring's target).
	 * Returns 0 or -errno. */
	int (*ring_init)(struct fx *fx, struct iou *ring, unsigned entries,
			 struct iou_params *p);
	/* Tears the world down; every ring is already exited. */
	void (*fini)(struct fx *fx);
	/* The kernel version behaves as, IOU_KERNEL_VERSION(major, minor). */
	uint32_t (*kernel)(struct fx *fx);
};

/* A case: one behaviour. */
struct fx_case {
	const char *name;
	void (*fn)(struct fx *fx);
	unsigned entries;          /* SQ size; 0 = 16 */
	unsigned setup_flags;      /* IOU_SETUP_* */
	unsigned cq_entries;       /* with IOU_SETUP_CQSIZE */
	uint32_t min_kernel;       /* IOU_KERNEL_VERSION; 0 = any */
	uint32_t needs_feat;       /* IOU_FEAT_* the ring must report */
	int needs_op[FX_MAX_OPS];  /* IOU_OP_* probed; 0 ends the list */
};

struct fx_run_state;

struct fx {
	struct iou ring;
	struct iou_params params;      /* what setup of `ring` returned */
	struct iou ring2;              /* fx_ring2() */
	int ring2_up;
	const struct fx_backend *backend;
	const struct fx_case *fcase;
	const char *backend_name;
	char dir[FX_PATH_MAX];         /* scratch directory, no trailing '/' */
	char pathbuf[4][FX_PATH_MAX];  /* fx_path() results, round-robin */
	unsigned pathnext;
	int fds[FX_MAX_FDS];           /* opened by helpers; -1 = free */
	struct {
		struct iou_buf_ring *br;
		unsigned entries;
		int bgid;
	} brs[FX_MAX_BUF_RINGS];
	void *backend_data;            /* the backend's own (sim: the sim) */
};

/* A connected loopback TCP pair and its listener. */
struct fx_tcp {
	int listener;
	int client;
	int server;
	struct sockaddr_in addr;   /* the listener's address */
};

extern const struct fx_backend *const fx_backends[];
extern const size_t fx_nbackends;
extern const struct fx_case fx_cases[];
extern const size_t fx_ncases;

/* Sets a run up: the backend's world and fx->ring as the case asks.
 * Returns 0 or -errno. */
int fx_setup(struct fx *fx, const struct fx_backend *be,
	     const struct fx_case *c);
/* Closes what helpers opened, exits the rings, removes the world. */
void fx_teardown(struct fx *fx);
/* Runs the case's requirement checks (skip() when unmet), then the case. */
void fx_run_case(struct fx *fx);

/* ---- requirements: skip() when the backend's kernel lacks them ---- */
/* 1 when the ring's kernel has opcode op, else 0: the probe, or on a
 * kernel without one (before 5.6) each op's first kernel as
 * KERNEL_FACTS.md lists it against fx->backend->kernel(fx). */
int fx_op_supported(struct fx *fx, int op);
void fx_require_op(struct fx *fx, int op);
void fx_require_kernel(struct fx *fx, uint32_t version);
void fx_require_feat(struct fx *fx, uint32_t feat);

/* ---- SQEs and CQEs ---- */
/* A fresh SQE (asserts the SQ has room). */
struct iou_sqe *fx_sqe(struct fx *fx);
/* Submits; asserts the kernel took exactly `expect` SQEs in all (-1: one
 * submit, any count). A kernel may take fewer than offered: submits again
 * until `expect` or nothing more is taken. Retries -EINTR/-EAGAIN/-EBUSY
 * (reaping nothing: a case that fills the CQ uses iou_submit directly).
 * Returns the count. */
int fx_submit(struct fx *fx, int expect);
/* fx_submit(fx, expect) then fx_reap(fx, cqes, n). */
void fx_submit_wait(struct fx *fx, int expect, struct iou_cqe *cqes,
		    unsigned n);
/* Collects exactly n CQEs, in posting order. Fails the case when one does
 * not come within a bounded wait (a hang). */
void fx_reap(struct fx *fx, struct iou_cqe *cqes, unsigned n);
void fx_reap_on(struct fx *fx, struct iou *ring, struct iou_cqe *cqes,
		unsigned n);
/* Waits until nr CQEs are ready or ms pass (unbounded where the kernel has
 * no EXT_ARG). Returns 0, -ETIME, or -errno (-EINTR: retry). Nothing is
 * consumed. */
int fx_wait_cqes(struct fx *fx, unsigned nr, unsigned ms);
int fx_wait_on(struct fx *fx, struct iou *ring, unsigned nr, unsigned ms);
/* Collects one CQE. */
struct iou_cqe fx_reap1(struct fx *fx);
/* Waits up to ms for a CQE; asserts none came (something that must not
 * post). On the sim the wait runs on the virtual clock. */
void fx_expect_quiet(struct fx *fx, unsigned ms);
/* Waits until at least n CQEs are ready in the CQ, without consuming. */
void fx_wait_ready(struct fx *fx, unsigned n);
/* The first CQE with user_data in cqes[0..n), or NULL. */
struct iou_cqe *fx_find(struct iou_cqe *cqes, unsigned n, uint64_t user_data);
/* Its index, or -1. */
int fx_index(const struct iou_cqe *cqes, unsigned n, uint64_t user_data);
/* How many CQEs carry user_data. */
unsigned fx_count(const struct iou_cqe *cqes, unsigned n, uint64_t user_data);
/* A relative timespec of ms milliseconds. */
struct iou_timespec fx_ms(unsigned ms);

/* ---- the world ---- */
/* "<scratch dir>/<name>"; valid until four more fx_path calls. */
const char *fx_path(struct fx *fx, const char *name);
/* Remembers fd so teardown closes it; returns fd. */
int fx_track(struct fx *fx, int fd);
/* Forgets fd (the case closed it through the ring). */
void fx_untrack(struct fx *fx, int fd);
/* Closes a tracked (or untracked) fd; asserts success. */
void fx_close(struct fx *fx, int fd);
/* Creates (or truncates) the file `name` holding data[0..len); returns its
 * path. */
const char *fx_file(struct fx *fx, const char *name, const void *data,
		    size_t len);
/* Opens `name` in the scratch dir with flags (O_CREAT: mode 0644); tracked. */
int fx_open(struct fx *fx, const char *name, int flags);
/* Reads the whole file `name` (up to cap bytes) into buf; returns length. */
size_t fx_slurp(struct fx *fx, const char *name, void *buf, size_t cap);
/* A pipe, both ends tracked. */
void fx_pipe(struct fx *fx, int fds[2]);
/* Writes all of data to fd (synchronous; asserts it all went). */
void fx_write_all(struct fx *fx, int fd, const void *data, size_t len);
/* A TCP listener on 127.0.0.1, port chosen by the kernel; tracked. */
int fx_listener(struct fx *fx, struct sockaddr_in *addr);
/* A connected loopback TCP pair (client, accepted server) and listener. */
void fx_tcp_pair(struct fx *fx, struct fx_tcp *t);
/* Waits (iou_sys_poll without a timeout, -EINTR retried) until fd reports
 * one of events or an error; asserts one fd was ready; returns revents. */
short fx_wait_fd(struct fx *fx, int fd, short events);
/* Receives exactly len bytes on fd through the ring (short receives
 * allowed, looped). */
void fx_recv_all(struct fx *fx, int fd, void *buf, size_t len);
/* A second ring in the same world (msg_ring target); exited at teardown. */
struct iou *fx_ring2(struct fx *fx, unsigned entries);
/* iou_setup_buf_ring, freed at teardown. Asserts success. */
struct iou_buf_ring *fx_buf_ring(struct fx *fx, unsigned entries, int bgid);
/* The same, holding `entries` buffers of len bytes from base, bids 0.. in
 * ring order. */
struct iou_buf_ring *fx_buf_ring_filled(struct fx *fx, unsigned entries,
					int bgid, void *base, unsigned len);
/* A UDP socket bound to 127.0.0.1 on a port the kernel picks (tracked);
 * its address in *a. */
int fx_udp_bound(struct fx *fx, struct sockaddr_in *a);
/* An AF_UNIX socketpair of type (tracked). */
void fx_unix_pair(struct fx *fx, int type, int sv[2]);

/* Notes which of the allowed behaviours a run showed (printed when
 * IOU_CONF_VERBOSE is set in the environment). */
void fx_note(struct fx *fx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Deterministic bytes for buffers: buf[i] = seed + i * 7. */
void fx_fill(void *buf, size_t len, unsigned seed);

#endif /* FX_FIXTURE_H */

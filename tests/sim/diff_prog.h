/* diff_prog.h — random programs of SQEs for the differential checks
 * (tests/sim/sim_vs_linux.c, fuzz/diff.c): file ops, path ops, timers,
 * cancel, buffers, garbage fields and flags, each run one SQE at a time on
 * the kernel and on the sim's newest profile (canonical tape), the results
 * compared (fds as "an fd", bytes read byte for byte). */
#ifndef DIFF_PROG_H
#define DIFF_PROG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "iou.h"
#include "iou_sim.h"

#define STEPS 60
#define MAXH 16

struct world {
	struct iou ring;
	struct iou_sim *sim;   /* NULL: linux */
	int h[MAXH];           /* handles: fds, -1 free */
	int pipe[2];
	char bufs[4][64];      /* provided buffers, group 1 */
	char fixed[512];       /* registered buffers 0 and 1 */
	char rd[4096];
};

/* The generator: fuzzer bytes while they last (in, len), then a PRNG
 * (s: the seed). */
struct gen {
	uint64_t s;
	const uint8_t *in;
	size_t len, pos;
};

struct step {
	struct iou_sqe sqe;
	int kind;        /* what to compare */
	int handle_in;   /* handle the fd field refers to, or -1 */
	int new_handle;  /* open: store the result here */
	int timespec;
	int bufsel;
	int link;        /* 0, IOU_SQE_IO_LINK or _HARDLINK: a NOP follows */
	int splice;      /* 1: pipe -> handle, 2: handle -> pipe */
	int fixedbuf;
	int files_update; /* a handle to put in fixed slot 1, or -1 */
	char p1[128], p2[128];
	struct iou_timespec ts;
	struct iovec iov[3];
	uint64_t how[4];
	int32_t upd_fd;
};

enum { K_RES, K_FD, K_READ, K_STATX };

struct out {
	int res;
	uint32_t flags;
	int res2;        /* the linked NOP's */
	char data[4096];
	uint64_t size;
	uint32_t nlink;
	uint16_t type;
};

/* The directory both worlds work under (a fresh one per program). */
extern char diff_base[64];

uint64_t diff_rnd(struct gen *g);
void diff_gen_step(struct gen *g, struct step *st, int *nh);
/* 0, or -errno: the ring, its buffers and file table on the kernel (sim
 * 0) or on a fresh sim (1) */
int diff_world_init(struct world *w, int sim);
void diff_world_fini(struct world *w);
/* Runs one step; -1 when the harness itself went wrong (a short submit,
 * a wait error). */
int diff_run_step(struct world *w, const struct step *st, struct out *o);
/* Whether the two worlds agree on a step. */
int diff_same(const struct step *st, const struct out *lo,
	      const struct out *so);
void diff_describe(const struct step *st, int i);
/* Removes diff_base and what is under it. */
void diff_remove_base(void);

#endif /* DIFF_PROG_H */

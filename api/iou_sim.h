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

#define IOU_KERNEL_VERSION(major, minor) (((major) << 16) | ((minor) << 8))
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
#define IOU_FAULT_ALL        0x3fU

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
};

struct iou_sim;

/* Creates a sim (NULL opts: defaults, newest profile, seed 0). Returns NULL
 * on allocation failure or a malformed replay token. */
IOU_API struct iou_sim *iou_sim_new(const struct iou_sim_opts *opts);
/* Frees the sim; its rings must have been exited first. */
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

typedef int (*iou_scenario_fn)(struct iou_sim *sim, void *arg); /* 0 = pass */

struct iou_explore_opts {
	struct iou_sim_opts sim;  /* template: kernel range, faults */
	uint64_t max_runs;        /* 0 = default */
	unsigned max_deviations;  /* DFS bound on non-zero choices; 0 = default */
	int random;               /* 0 = bounded DFS, 1 = random tapes */
};

struct iou_explore_result {
	uint64_t runs;
	int failed;               /* a failing run was found */
	int exhausted;            /* every tape within the bounds was run */
	char replay[1024];        /* token of the shrunk failing run */
};

IOU_API int iou_explore(const struct iou_explore_opts *opts, iou_scenario_fn fn,
			void *arg, struct iou_explore_result *res);

#ifdef __cplusplus
}
#endif

#endif /* IOU_SIM_H */

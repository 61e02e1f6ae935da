/* scenarios.h — small scenarios the explorer tests run on the sim: a
 * buggy consumer and its fixed twin, a hang, nondeterministic ones, and the
 * 10-op scenario the speed figure is measured on. Each returns 0 when its
 * checks held, else the line of the check that broke. */
#ifndef IOU_TEST_EXPLORE_SCENARIOS_H
#define IOU_TEST_EXPLORE_SCENARIOS_H

#include "iou_sim.h"

/* TIMEOUT then TIMEOUT_REMOVE of it; expects the timeout's CQE first, as
 * kernels before 5.18 post it (test_regress_timeout_remove_order). */
int scenario_timeout_remove_buggy(struct iou_sim *sim, void *arg);
/* The same, accepting either order. */
int scenario_timeout_remove_fixed(struct iou_sim *sim, void *arg);
/* A NOP linked to a timeout it cancels, and an ASYNC_CANCEL racing them;
 * checks only what the kernel guarantees. */
int scenario_link_cancel_fixed(struct iou_sim *sim, void *arg);
/* Submits one NOP and waits for two CQEs: hangs on every tape. */
int scenario_hang(struct iou_sim *sim, void *arg);
/* Keeps a static counter: submits 1 or 2 NOPs depending on it. */
int scenario_static_counter(struct iou_sim *sim, void *arg);
/* Fails on its 5th call only (a static counter), with the same trace. */
int scenario_fails_once(struct iou_sim *sim, void *arg);
/* Resets the statics of the two scenarios above. */
void scenarios_reset(void);
/* Ten NOPs; expects their CQEs in submission order, which a NOP punted
 * to a worker breaks. */
int scenario_nop_order_buggy(struct iou_sim *sim, void *arg);
/* Ten NOPs, submitted in one batch and reaped. */
int scenario_ten_nops(struct iou_sim *sim, void *arg);

/* The liburing idiom: a malloc'd context per request, its pointer as
 * user_data; contexts freed as their CQEs arrive and new ones allocated
 * (the allocator may or may not hand the same address back), and a block
 * kept from every earlier run so that no two runs see the same heap. What
 * it does is deterministic: the explorer's check must pass it. */
int scenario_malloc_ud(struct iou_sim *sim, void *arg);
/* Host randomness in a user_data below 2^32 (not an address): truly
 * nondeterministic, the check must catch it. */
int scenario_host_random(struct iou_sim *sim, void *arg);
/* Frees what scenario_malloc_ud kept across runs. */
void scenarios_malloc_free(void);

#endif

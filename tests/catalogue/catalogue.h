/* catalogue.h — the bug catalogue (issue 5): small consumers of the ring,
 * each with one bug from io_uring's history and a fixed twin, written as sim
 * scenarios. A scenario is the application code itself; it returns non-zero
 * (the line of the broken check) when the application's own invariant
 * breaks — every byte arrives, the buffer we got back is the one we meant,
 * a CQE names a request that is still live — never a check of which
 * schedule ran. The explorer must find every buggy consumer and pass every
 * fixed twin with every tape within the entry's bounds run.
 *
 * The table is shared: tests/catalogue/test_catalogue.c runs it under
 * cmocka, the demo (issue 5) shows entries from it. */
#ifndef IOU_TEST_CATALOGUE_H
#define IOU_TEST_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include "iou_sim.h"

struct catalogue_entry {
	const char *name;         /* short id: test catalogue_<name> */
	const char *bug;          /* the wrong assumption, one line */
	const char *history;      /* where it was met (KERNEL_FACTS source) */
	iou_scenario_fn buggy;    /* the consumer with the bug */
	iou_scenario_fn fixed;    /* its fixed twin */
	/* kernel range (the consumer's supported kernels) and depth; the
	 * fixed twin must exhaust it, the buggy one fail within it */
	struct iou_explore_opts opts;
	uint64_t find_within;     /* the buggy one is found by this run */
	/* The kernel the consumer was written and tested on, where its
	 * assumption is the canonical behaviour. Explored on that kernel
	 * alone, the bug is still found through the choices no kernel
	 * promises — unless only another kernel shows it (dev_hides). */
	uint32_t dev_kernel;
	int dev_hides;
	int needs_sockets;        /* skipped while the sim has no sockets */
};

extern const struct catalogue_entry catalogue[];
extern const size_t catalogue_len;

/* The entry named name, or NULL. */
const struct catalogue_entry *catalogue_find(const char *name);

/* 1 when the sim models stream sockets (iou_sys_socket on a sim ring makes
 * a socket), 0 while it answers -EAFNOSUPPORT. */
int catalogue_sim_has_sockets(void);

/* The scenarios, in catalogue order (buggy, fixed). */
int cat_timeout_remove_buggy(struct iou_sim *sim, void *arg);
int cat_timeout_remove_fixed(struct iou_sim *sim, void *arg);
int cat_remove_buffers_buggy(struct iou_sim *sim, void *arg);
int cat_remove_buffers_fixed(struct iou_sim *sim, void *arg);
int cat_copy_cqes_buggy(struct iou_sim *sim, void *arg);
int cat_copy_cqes_fixed(struct iou_sim *sim, void *arg);
int cat_send_zc_buggy(struct iou_sim *sim, void *arg);
int cat_send_zc_fixed(struct iou_sim *sim, void *arg);
int cat_accept_rearm_buggy(struct iou_sim *sim, void *arg);
int cat_accept_rearm_fixed(struct iou_sim *sim, void *arg);
int cat_unsupported_errno_buggy(struct iou_sim *sim, void *arg);
int cat_unsupported_errno_fixed(struct iou_sim *sim, void *arg);
int cat_link_timeout_buggy(struct iou_sim *sim, void *arg);
int cat_link_timeout_fixed(struct iou_sim *sim, void *arg);
int cat_cancel_order_buggy(struct iou_sim *sim, void *arg);
int cat_cancel_order_fixed(struct iou_sim *sim, void *arg);
int cat_short_read_buggy(struct iou_sim *sim, void *arg);
int cat_short_read_fixed(struct iou_sim *sim, void *arg);
int cat_short_recv_buggy(struct iou_sim *sim, void *arg);
int cat_short_recv_fixed(struct iou_sim *sim, void *arg);
int cat_epoll_et_buggy(struct iou_sim *sim, void *arg);
int cat_epoll_et_fixed(struct iou_sim *sim, void *arg);
int cat_eventfd_count_buggy(struct iou_sim *sim, void *arg);
int cat_eventfd_count_fixed(struct iou_sim *sim, void *arg);
int cat_futex_recheck_buggy(struct iou_sim *sim, void *arg);
int cat_futex_recheck_fixed(struct iou_sim *sim, void *arg);
int cat_send_zc_batch_buggy(struct iou_sim *sim, void *arg);
int cat_send_zc_batch_fixed(struct iou_sim *sim, void *arg);
int cat_udp_loss_buggy(struct iou_sim *sim, void *arg);
int cat_udp_loss_fixed(struct iou_sim *sim, void *arg);
int cat_bundle_first_buffer_buggy(struct iou_sim *sim, void *arg);
int cat_bundle_first_buffer_fixed(struct iou_sim *sim, void *arg);
int cat_inc_recycle_buggy(struct iou_sim *sim, void *arg);
int cat_inc_recycle_fixed(struct iou_sim *sim, void *arg);

#endif

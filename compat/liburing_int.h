/* liburing_int.h — what the compat sources share: finding a struct
 * io_uring's iou ring, keeping the two in step, and exporting liburing's
 * names from libiou. Internal: not installed. */
#ifndef IOU_LIBURING_INT_H
#define IOU_LIBURING_INT_H

#include <string.h>

#include "liburing.h"
#include "backend.h"

/* liburing's functions are part of libiou's ABI. */
#if defined(__GNUC__)
#define IOU_LIBURING_API __attribute__((visibility("default")))
#else
#define IOU_LIBURING_API
#endif

/* The iou ring behind a liburing ring, kept in sq.pad (8 bytes, which
 * liburing's own code never touches). NULL when never set up. */
static inline struct iou *iou__lu_ring(const struct io_uring *ring)
{
	struct iou *r;

	_Static_assert(sizeof(r) <= sizeof(ring->sq.pad), "room for a pointer");
	memcpy(&r, ring->sq.pad, sizeof(r));
	return r;
}

static inline void iou__lu_set_ring(struct io_uring *ring, struct iou *r)
{
	memcpy(ring->sq.pad, &r, sizeof(r));
}

/* The iou ring, after taking the ring fd, the fd enter uses and whether it
 * is registered from the liburing ring: those fields of struct io_uring
 * are the program's to change (liburing's tests dup the ring fd and store
 * the copy there), and liburing enters and registers with what they say. */
static inline struct iou *iou__lu_sync_in(struct io_uring *ring)
{
	struct iou *r = iou__lu_ring(ring);

	unsigned reg;

	/* Written only when changed: a submitting and a reaping thread may
	 * share the ring, as liburing allows. */
	if (r) {
		if (r->ring_fd != ring->ring_fd)
			r->ring_fd = ring->ring_fd;
		if (r->enter_ring_fd != ring->enter_ring_fd)
			r->enter_ring_fd = ring->enter_ring_fd;
		reg = (ring->int_flags & IOU_LIBURING_INT_REG_RING)
			      ? IOU__INT_REG_RING : 0;
		if ((r->int_flags & IOU__INT_REG_RING) != reg)
			r->int_flags = (r->int_flags & ~IOU__INT_REG_RING) | reg;
	}
	return r;
}

/* Copies the ring fd and its registration from the iou ring into the
 * liburing fields programs read (ring_fd, enter_ring_fd, int_flags). */
void iou__lu_sync_fds(struct io_uring *ring);

/* Fd-based calls on rings set up here: the iou ring whose fd (real or the
 * sim's virtual one) is fd and whose backend is not the kernel, or NULL. */
struct iou *iou__lu_find_fd(int fd);

/* Internal, for tests: a liburing ring on a given sim (what IOU_BACKEND=sim
 * gives every ring of a program). */
struct iou_sim;
int iou__liburing_queue_init_sim(unsigned entries, struct io_uring *ring,
				 struct io_uring_params *p,
				 struct iou_sim *sim);

#endif /* IOU_LIBURING_INT_H */

/* evloop.h — the event loop's objects in the sim's world (issue 9):
 * eventfds (eventfd.c), readiness and the sys calls that wait by design
 * (ready.c). Internal. */
#ifndef IOU_SIM_EVLOOP_H
#define IOU_SIM_EVLOOP_H

#include <stdint.h>
#include <sys/types.h>

#include "sim.h"

struct iou__file;
struct pollfd;

/* ---- eventfd (eventfd.c) ------------------------------------------------ */

struct iou__eventfd {
	uint64_t count;
	int semaphore;               /* EFD_SEMAPHORE */
	struct iou__waitq wq;        /* readers, writers and pollers */
};

/* A new eventfd file (flags: EFD_SEMAPHORE, EFD_NONBLOCK, EFD_CLOEXEC,
 * checked by the caller). 0 and *out, or -ENOMEM. */
int iou__eventfd_new(struct iou_sim *sim, unsigned initval, int flags,
		     struct iou__file **out);
void iou__eventfd_release(struct iou_sim *sim, struct iou__file *f);
/* read(2)/write(2) of an eventfd: 8 bytes or -EINVAL, -EAGAIN when it
 * would block. */
ssize_t iou__eventfd_read(struct iou_sim *sim, struct iou__file *f,
			  void *buf, size_t len);
ssize_t iou__eventfd_write(struct iou_sim *sim, struct iou__file *f,
			   const void *buf, size_t len);
/* eventfd_signal: adds n (saturating below ULLONG_MAX), wakes. */
void iou__eventfd_signal(struct iou_sim *sim, struct iou__eventfd *e,
			 uint64_t n);
uint32_t iou__eventfd_poll(const struct iou__eventfd *e);

/* ---- readiness (ready.c) ------------------------------------------------ */

/* What f reports to poll(2) now (IOU__POLL*), and in *wq the queue woken
 * when that may change (NULL: it never changes). */
uint32_t iou__file_poll(struct iou_sim *sim, struct iou__file *f,
			struct iou__waitq **wq);
/* wq, its list initialized (a zeroed waitq is valid to wake only). */
struct iou__waitq *iou__waitq_ready(struct iou__waitq *wq);
/* Runs the sim until ready(sim, arg) returns nonzero (returned), the
 * timeout (ns; -1 infinite, 0 a single look) passes (then ready's last
 * answer), a signal (IOU_FAULT_EINTR: -EINTR), or nothing can ever make it
 * ready with an infinite timeout (-EDEADLK, the sim hung). */
int iou__sys_wait(struct iou_sim *sim, int (*ready)(struct iou_sim *, void *),
		  void *arg, int64_t timeout_ns, const char *what);
int iou__sys_poll(struct iou_sim *sim, struct pollfd *fds, unsigned nfds,
		  int timeout_ms);
int iou__sys_sleep(struct iou_sim *sim, int64_t ns);

/* ---- a ring's CQ watchers (reg.c's eventfd, the ring's fd) -------------- */

/* A CQE posted on r: signal its eventfd, wake its fd's pollers. */
void iou__cq_posted(struct iou__sring *r);
/* IORING_(UN)REGISTER_EVENTFD(_ASYNC): 0 or -errno (arg: an int fd). */
int iou__evfd_register(struct iou__sring *r, const void *arg, int async);
int iou__evfd_unregister(struct iou__sring *r);
/* Ring READ (write 0) / WRITE (1) of an eventfd: res or IOU__PENDING. */
int iou__eventfd_rw_issue(struct iou__req *req, int write);
/* The same on buf[0..len), and on an iovec (READV, WRITEV). */
int iou__eventfd_rw_buf(struct iou__req *req, void *buf, size_t len,
			int write);
struct iovec;
int iou__eventfd_rw_vec(struct iou__req *req, const struct iovec *iov,
			uint32_t n, int write);

/* ---- epoll (epoll.c) ---------------------------------------------------- */

struct epoll_event;

struct iou__epoll;

int iou__sys_epoll_create1(struct iou *ring, int flags);
int iou__sys_epoll_ctl(struct iou *ring, int epfd, int op, int fd,
		       struct epoll_event *ev);
int iou__sys_epoll_wait(struct iou *ring, int epfd, struct epoll_event *events,
			int maxevents, int timeout_ms);
/* POLLIN while an item is ready; its waiters' queue. */
uint32_t iou__epoll_poll(struct iou_sim *sim, struct iou__epoll *ep);
struct iou__waitq *iou__epoll_wq(struct iou__epoll *ep);
/* Wait queue wq woke: the epolls watching a file there wake theirs. */
void iou__epoll_kick(struct iou_sim *sim, struct iou__waitq *wq);
/* The file of an epoll, or one that epolls watch, goes away. */
void iou__epoll_release(struct iou_sim *sim, struct iou__file *f);
void iou__epoll_file_gone(struct iou_sim *sim, struct iou__file *f);

/* ---- futex (futex.c) ---------------------------------------------------- */

/* Wakes at most nr waiters on uaddr whose mask meets mask: how many, or
 * -errno. */
int iou__futex_wake(struct iou_sim *sim, uint32_t *uaddr, int nr,
		    uint32_t mask);
/* The same for futex2 flags (FUTEX2_PRIVATE 128 names the private
 * futex; bit 31, FLAGS_STRICT as the ring's op: nr <= 0 wakes none,
 * where the legacy call wakes one). */
int iou__futex_wake_ex(struct iou_sim *sim, uint64_t uaddr, int nr,
		       uint32_t mask, uint32_t flags);

#endif /* IOU_SIM_EVLOOP_H */

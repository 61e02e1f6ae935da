/* interpose.h — what the interposition library's files share (internal):
 * the process-wide sim's ring for iou_sys_*, which fds and paths are the
 * sim's (iou_interpose.c says how they are told apart), libc's own
 * functions (REAL), and blocking calls waited out on the sim (BLOCKING).
 * Every file including it defines _GNU_SOURCE first (RTLD_NEXT). */
#ifndef IOU_INTERPOSE_H
#define IOU_INTERPOSE_H

#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>

#include "iou.h"

#define IOU__IP_FD_BASE 512
#define IOU__IP_EXPORT __attribute__((visibility("default")))

/* Short names in the library's files: a wrapper libc's callers bind to,
 * and the sim's ring for iou_sys_* (iou__ip_ring()). */
#define EXPORT IOU__IP_EXPORT
#define RING iou__ip_ring()

/* real_<name>: libc's own <name>, looked up once. */
#define REAL(name)                                                             \
	static __typeof__(name) *real_##name;                                  \
	if (!real_##name)                                                      \
		real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

/* The ring of the process-wide sim that iou_sys_* calls go through (valid
 * once iou__ip_on() said 1). */
struct iou *iou__ip_ring(void);
/* 1 when IOU_BACKEND=sim put the program on the sim (starting it on the
 * first call), else 0. */
int iou__ip_on(void);
/* 1 for a path of the host's system (/proc, /dev, /usr...: stays real). */
int iou__ip_system_path(const char *p);

static inline int iou__ip_sim_fd(int fd)
{
	return fd >= IOU__IP_FD_BASE && iou__ip_on();
}

static inline int iou__ip_sim_path(const char *p)
{
	return p && !iou__ip_system_path(p) && iou__ip_on();
}

struct iou_sim;
/* The program's RLIMIT_NOFILE (host soft and hard limits at start) becomes
 * the sim's, the sim's fds starting at IOU__IP_FD_BASE. */
void iou__ip_nofile_init(struct iou_sim *sim, unsigned long cur,
			 unsigned long max);

/* libc's convention: -1 and errno. */
static inline long iou__ip_ret(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* A sim call answered -EAGAIN on a blocking fd: waits (running the sim)
 * for `events` (POLLIN, POLLOUT). Returns 0 to retry, -EAGAIN when the fd
 * is non-blocking, or -errno (a hang: -EDEADLK). */
int iou__ip_block(int fd, short events);

/* The call, waited out on a blocking fd; a wait that fails (a hang:
 * -EDEADLK) is the call's result. */
#define BLOCKING(call, fd, ev)                                                 \
	({                                                                     \
		long r_;                                                       \
		int b_ = 0;                                                    \
		while ((r_ = (call)) == -EAGAIN &&                             \
		       !(b_ = iou__ip_block((fd), (ev))))                      \
			;                                                      \
		if (r_ == -EAGAIN && b_ && b_ != -EAGAIN)                      \
			r_ = b_;                                               \
		r_;                                                            \
	})

#endif /* IOU_INTERPOSE_H */

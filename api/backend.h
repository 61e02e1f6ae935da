/* backend.h — the seam between the shared ring code and a kernel.
 *
 * A backend is only the kernel side of io_uring_setup (with the mmaps),
 * io_uring_enter and io_uring_register, plus the synchronous iou_sys_* calls.
 * Everything a user-space library does with the ring memory lives in api/
 * and runs unchanged on every backend. Internal: not installed. */
#ifndef IOU_BACKEND_H
#define IOU_BACKEND_H

#include <errno.h>

#include "iou.h"

/* The memory of a ring, as the kernel maps it. With IOU_FEAT_SINGLE_MMAP
 * sq_ring and cq_ring are the same mapping (cq_ring_sz is then 0). */
struct iou__mem {
	void *sq_ring;
	size_t sq_ring_sz;
	void *cq_ring;
	size_t cq_ring_sz;
	struct iou_sqe *sqes;
	size_t sqes_sz;
};

/* Synchronous calls: the backend's own data is ring->backend_data. */
struct iou_sys_ops {
	int (*socket)(struct iou *ring, int domain, int type, int protocol);
	int (*bind)(struct iou *ring, int fd, const struct sockaddr *a, socklen_t n);
	int (*listen)(struct iou *ring, int fd, int backlog);
	int (*connect)(struct iou *ring, int fd, const struct sockaddr *a,
		       socklen_t n);
	int (*accept)(struct iou *ring, int fd, struct sockaddr *a, socklen_t *n,
		      int flags);
	int (*getsockname)(struct iou *ring, int fd, struct sockaddr *a,
			   socklen_t *n);
	int (*setsockopt)(struct iou *ring, int fd, int level, int name,
			  const void *val, socklen_t len);
	int (*shutdown)(struct iou *ring, int fd, int how);
	int (*open)(struct iou *ring, const char *path, int flags, mode_t mode);
	int (*pipe)(struct iou *ring, int fds[2]);
	ssize_t (*read)(struct iou *ring, int fd, void *buf, size_t len);
	ssize_t (*write)(struct iou *ring, int fd, const void *buf, size_t len);
	int (*close)(struct iou *ring, int fd);
	int (*unlink)(struct iou *ring, const char *path);
	int (*mkdir)(struct iou *ring, const char *path, mode_t mode);
	int (*rmdir)(struct iou *ring, const char *path);
	int64_t (*fsize)(struct iou *ring, int fd);
	/* issue 9: the event loop's calls */
	int (*socketpair)(struct iou *ring, int domain, int type, int protocol,
			  int sv[2]);
	int (*eventfd)(struct iou *ring, unsigned initval, int flags);
	int (*epoll_create1)(struct iou *ring, int flags);
	int (*epoll_ctl)(struct iou *ring, int epfd, int op, int fd,
			 struct epoll_event *ev);
	int (*epoll_wait)(struct iou *ring, int epfd, struct epoll_event *events,
			  int maxevents, int timeout_ms);
	int (*poll)(struct iou *ring, struct pollfd *fds, unsigned nfds,
		    int timeout_ms);
	int (*fcntl)(struct iou *ring, int fd, int cmd, long arg);
	int (*dup)(struct iou *ring, int fd);
	int (*fstat)(struct iou *ring, int fd, struct stat *st);
	int64_t (*lseek)(struct iou *ring, int fd, int64_t off, int whence);
	int (*ftruncate)(struct iou *ring, int fd, int64_t len);
	int (*fsync)(struct iou *ring, int fd);
	int (*rename)(struct iou *ring, const char *from, const char *to);
	ssize_t (*sendto)(struct iou *ring, int fd, const void *buf, size_t len,
			  int flags, const struct sockaddr *to, socklen_t tolen);
	ssize_t (*recvfrom)(struct iou *ring, int fd, void *buf, size_t len,
			    int flags, struct sockaddr *from, socklen_t *fromlen);
	int (*getpeername)(struct iou *ring, int fd, struct sockaddr *a,
			   socklen_t *n);
	int (*getsockopt)(struct iou *ring, int fd, int level, int name,
			  void *val, socklen_t *len);
	int (*futex_wake)(struct iou *ring, uint32_t *uaddr, int nr);
	int64_t (*clock_ns)(struct iou *ring);
	int (*sleep_ns)(struct iou *ring, int64_t ns);
	/* issue 10: path calls of unmodified programs */
	int (*statx)(struct iou *ring, int dirfd, const char *path, int flags,
		     unsigned mask, struct statx *stx);
	int (*linkat)(struct iou *ring, int olddirfd, const char *oldpath,
		      int newdirfd, const char *newpath, int flags);
	int (*symlinkat)(struct iou *ring, const char *target, int dirfd,
			 const char *linkpath);
	ssize_t (*readlinkat)(struct iou *ring, int dirfd, const char *path,
			      char *buf, size_t len);
	int (*fadvise)(struct iou *ring, int fd, int64_t off, int64_t len,
		       int advice);
	int (*openat)(struct iou *ring, int dirfd, const char *path, int flags,
		      mode_t mode);
};

struct iou_backend {
	const char *name;
	/* io_uring_setup + mmap. `p` is in/out exactly as for the syscall
	 * (flags and sizes in; sizes, features, offsets out). `arg` is the
	 * backend's own (the sim for iou_queue_init_sim). On success sets
	 * ring->backend_data, fills *mem and returns the ring fd (>= 0). */
	int (*setup)(struct iou *ring, unsigned entries, struct iou_params *p,
		     struct iou__mem *mem, void *arg);
	/* io_uring_enter: returns the number of SQEs consumed, or -errno. */
	int (*enter)(struct iou *ring, unsigned to_submit, unsigned min_complete,
		     unsigned flags, const void *arg, size_t argsz);
	/* io_uring_register: returns >= 0 or -errno. */
	int (*register_op)(struct iou *ring, unsigned opcode, const void *arg,
			   unsigned nr_args);
	/* The kernel version as (major << 16) | (minor << 8). */
	uint32_t (*kernel_version)(const struct iou *ring);
	/* Unmaps *mem and closes the ring. */
	void (*teardown)(struct iou *ring, struct iou__mem *mem);
	/* Optional: non-zero when the kernel side of the ring is gone while
	 * the struct iou still says it is set up (a sim freed under its
	 * rings). Every call then answers -EBADF; teardown still runs. */
	int (*closed)(const struct iou *ring);
	const struct iou_sys_ops *sys;
};

/* 0 for a ring that is set up, -EINVAL for NULL, -EBADF for one that is
 * not set up or whose kernel side is gone. */
static inline int iou__ring_check(const struct iou *ring)
{
	if (!ring)
		return -EINVAL;
	if (ring->magic != IOU__MAGIC)
		return -EBADF;
	if (ring->backend->closed && ring->backend->closed(ring))
		return -EBADF;
	return 0;
}

extern const struct iou_backend iou__linux_backend;
extern const struct iou_backend iou__sim_backend;

/* Shared setup: validates entries and flags, calls backend->setup, wires
 * the ring's pointers from the returned offsets. Every backend's init goes
 * through here. */
int iou__queue_init(const struct iou_backend *be, unsigned entries,
		    struct iou *ring, struct iou_params *p, void *arg);

#endif /* IOU_BACKEND_H */

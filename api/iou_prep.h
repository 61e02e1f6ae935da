/* iou_prep.h — prep helpers: fill one SQE for one operation.
 *
 * iou_prep_<op> takes liburing's io_uring_prep_<op> arguments one for one,
 * with iou types (struct iou_sqe, struct iou_timespec...), and puts each
 * argument in the SQE field liburing 2.x puts it in. The helpers only fill
 * the SQE: they never know which backend is behind the ring.
 *
 * Unlike liburing, every prep writes the whole 64-byte SQE: it is zeroed
 * first (one store of the whole struct, which the compiler turns into a few
 * vector stores), so flags, ioprio, personality, buf_index and user_data
 * are 0 afterwards whatever the slot held before. Set user_data and flags
 * after the prep (iou_sqe_set_data64, iou_sqe_set_flags). The one exception
 * is iou_prep_send_set_addr, which amends an SQE already prepared.
 *
 * The kernel version in each comment is the first one that has the op (or
 * the flag the helper sets); older kernels fail the request with -EINVAL
 * (-EBADF on some 5.4-era ops). Fixed-file "_direct" variants take a slot
 * index, or IOU_FILE_INDEX_ALLOC to let the kernel pick a free slot (the
 * CQE then carries the slot).
 *
 * The socket helpers (iou_prep_socket ... iou_prep_recvmsg_multishot) are
 * in iou_prep_net.h, which this header includes. */
#ifndef IOU_PREP_H
#define IOU_PREP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "iou_abi.h"

#if defined(_POSIX_C_SOURCE) && _POSIX_C_SOURCE >= 200809L
#include <signal.h>
#include <sys/wait.h>
#define IOU__HAVE_WAITID 1
#endif

/* Pointer-only types: iou does not need their layout, and declaring them
 * here avoids clashes between <sys/stat.h> and <linux/stat.h>. */
struct statx;
struct open_how;
struct epoll_event;
struct futex_waitv;

/* AT_FDCWD, without depending on <fcntl.h> feature macros. */
#define IOU_AT_FDCWD (-100)

/* sizeof(struct open_how) as of 5.6 (OPEN_HOW_SIZE_VER0): flags, mode,
 * resolve. openat2 passes it in sqe->len. */
#define IOU_OPEN_HOW_SIZE 24U

/* ---- Common base ------------------------------------------------------- */

/* Zeroes all 64 bytes with one struct store (a few vector stores). */
static inline void iou__sqe_zero(struct iou_sqe *sqe)
{
#ifdef __cplusplus
	*sqe = iou_sqe();
#else
	*sqe = (struct iou_sqe){ 0 };
#endif
}

/* The base every prep starts from: zeroes the whole SQE, then sets opcode,
 * fd, addr, len and off. */
static inline void iou_prep_rw(int op, struct iou_sqe *sqe, int fd,
			       const void *addr, unsigned len, uint64_t offset)
{
	iou__sqe_zero(sqe);
	sqe->opcode = (uint8_t)op;
	sqe->fd = fd;
	sqe->off = offset;
	sqe->addr = (uint64_t)(uintptr_t)addr;
	sqe->len = len;
}

/* Fixed-file targets are encoded as index + 1 (0 means "a normal fd"). */
static inline void iou__set_target_fixed_file(struct iou_sqe *sqe,
					      unsigned file_index)
{
	sqe->file_index = file_index + 1;
}

/* As above, with IOU_FILE_INDEX_ALLOC kept as ~0 (allocate a free slot). */
static inline void iou__set_target_slot(struct iou_sqe *sqe,
					unsigned file_index)
{
	if (file_index == IOU_FILE_INDEX_ALLOC)
		file_index--;
	iou__set_target_fixed_file(sqe, file_index);
}

/* Poll masks are read by the kernel as a little-endian 32-bit value split in
 * two 16-bit halves: on big-endian hosts the halves are swapped. */
static inline uint32_t iou__poll_mask(unsigned poll_mask)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	poll_mask = (poll_mask << 16) | (poll_mask >> 16);
#endif
	return poll_mask;
}

/* ---- No-op ------------------------------------------------------------- */

/* NOP (5.1): completes with res 0. */
static inline void iou_prep_nop(struct iou_sqe *sqe)
{
	iou_prep_rw(IOU_OP_NOP, sqe, -1, NULL, 0, 0);
}

/* ---- Read and write ---------------------------------------------------- */

/* READ (5.6): read nbytes at offset (-1: the file position). */
static inline void iou_prep_read(struct iou_sqe *sqe, int fd, void *buf,
				 unsigned nbytes, uint64_t offset)
{
	iou_prep_rw(IOU_OP_READ, sqe, fd, buf, nbytes, offset);
}

/* WRITE (5.6): write nbytes at offset (-1: the file position). */
static inline void iou_prep_write(struct iou_sqe *sqe, int fd, const void *buf,
				  unsigned nbytes, uint64_t offset)
{
	iou_prep_rw(IOU_OP_WRITE, sqe, fd, buf, nbytes, offset);
}

/* READV (5.1): preadv. */
static inline void iou_prep_readv(struct iou_sqe *sqe, int fd,
				  const struct iovec *iovecs, unsigned nr_vecs,
				  uint64_t offset)
{
	iou_prep_rw(IOU_OP_READV, sqe, fd, iovecs, nr_vecs, offset);
}

/* READV (5.1) with RWF_* flags: preadv2. */
static inline void iou_prep_readv2(struct iou_sqe *sqe, int fd,
				   const struct iovec *iovecs, unsigned nr_vecs,
				   uint64_t offset, int flags)
{
	iou_prep_rw(IOU_OP_READV, sqe, fd, iovecs, nr_vecs, offset);
	sqe->rw_flags = flags;
}

/* WRITEV (5.1): pwritev. */
static inline void iou_prep_writev(struct iou_sqe *sqe, int fd,
				   const struct iovec *iovecs, unsigned nr_vecs,
				   uint64_t offset)
{
	iou_prep_rw(IOU_OP_WRITEV, sqe, fd, iovecs, nr_vecs, offset);
}

/* WRITEV (5.1) with RWF_* flags: pwritev2. */
static inline void iou_prep_writev2(struct iou_sqe *sqe, int fd,
				    const struct iovec *iovecs,
				    unsigned nr_vecs, uint64_t offset,
				    int flags)
{
	iou_prep_rw(IOU_OP_WRITEV, sqe, fd, iovecs, nr_vecs, offset);
	sqe->rw_flags = flags;
}

/* READ_FIXED (5.1): read into registered buffer buf_index. */
static inline void iou_prep_read_fixed(struct iou_sqe *sqe, int fd, void *buf,
				       unsigned nbytes, uint64_t offset,
				       int buf_index)
{
	iou_prep_rw(IOU_OP_READ_FIXED, sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (uint16_t)buf_index;
}

/* WRITE_FIXED (5.1): write from registered buffer buf_index. */
static inline void iou_prep_write_fixed(struct iou_sqe *sqe, int fd,
					const void *buf, unsigned nbytes,
					uint64_t offset, int buf_index)
{
	iou_prep_rw(IOU_OP_WRITE_FIXED, sqe, fd, buf, nbytes, offset);
	sqe->buf_index = (uint16_t)buf_index;
}

/* READV_FIXED (6.15): preadv2 into registered buffer buf_index. */
static inline void iou_prep_readv_fixed(struct iou_sqe *sqe, int fd,
					const struct iovec *iovecs,
					unsigned nr_vecs, uint64_t offset,
					int flags, int buf_index)
{
	iou_prep_rw(IOU_OP_READV_FIXED, sqe, fd, iovecs, nr_vecs, offset);
	sqe->rw_flags = flags;
	sqe->buf_index = (uint16_t)buf_index;
}

/* WRITEV_FIXED (6.15): pwritev2 from registered buffer buf_index. */
static inline void iou_prep_writev_fixed(struct iou_sqe *sqe, int fd,
					 const struct iovec *iovecs,
					 unsigned nr_vecs, uint64_t offset,
					 int flags, int buf_index)
{
	iou_prep_rw(IOU_OP_WRITEV_FIXED, sqe, fd, iovecs, nr_vecs, offset);
	sqe->rw_flags = flags;
	sqe->buf_index = (uint16_t)buf_index;
}

/* READ_MULTISHOT (6.7): repeated reads into buffers of group buf_group
 * (sets IOU_SQE_BUFFER_SELECT). */
static inline void iou_prep_read_multishot(struct iou_sqe *sqe, int fd,
					   unsigned nbytes, uint64_t offset,
					   int buf_group)
{
	iou_prep_rw(IOU_OP_READ_MULTISHOT, sqe, fd, NULL, nbytes, offset);
	sqe->buf_group = (uint16_t)buf_group;
	sqe->flags = IOU_SQE_BUFFER_SELECT;
}

/* ---- File sync and space ----------------------------------------------- */

/* FSYNC (5.1): fsync, or fdatasync with IOU_FSYNC_DATASYNC. */
static inline void iou_prep_fsync(struct iou_sqe *sqe, int fd,
				  unsigned fsync_flags)
{
	iou_prep_rw(IOU_OP_FSYNC, sqe, fd, NULL, 0, 0);
	sqe->fsync_flags = fsync_flags;
}

/* SYNC_FILE_RANGE (5.2). */
static inline void iou_prep_sync_file_range(struct iou_sqe *sqe, int fd,
					    unsigned len, uint64_t offset,
					    int flags)
{
	iou_prep_rw(IOU_OP_SYNC_FILE_RANGE, sqe, fd, NULL, len, offset);
	sqe->sync_range_flags = (uint32_t)flags;
}

/* FALLOCATE (5.6): mode in len, length in addr. */
static inline void iou_prep_fallocate(struct iou_sqe *sqe, int fd, int mode,
				      uint64_t offset, uint64_t len)
{
	iou_prep_rw(IOU_OP_FALLOCATE, sqe, fd, NULL, (unsigned)mode, offset);
	sqe->addr = len;
}

/* FTRUNCATE (6.9): length in off. */
static inline void iou_prep_ftruncate(struct iou_sqe *sqe, int fd, int64_t len)
{
	iou_prep_rw(IOU_OP_FTRUNCATE, sqe, fd, NULL, 0, (uint64_t)len);
}

/* FADVISE (5.6): posix_fadvise with a 32-bit length. */
static inline void iou_prep_fadvise(struct iou_sqe *sqe, int fd,
				    uint64_t offset, uint32_t len, int advice)
{
	iou_prep_rw(IOU_OP_FADVISE, sqe, fd, NULL, len, offset);
	sqe->fadvise_advice = (uint32_t)advice;
}

/* FADVISE (6.11 for a 64-bit length, passed in addr). */
static inline void iou_prep_fadvise64(struct iou_sqe *sqe, int fd,
				      uint64_t offset, off_t len, int advice)
{
	iou_prep_rw(IOU_OP_FADVISE, sqe, fd, NULL, 0, offset);
	sqe->addr = (uint64_t)len;
	sqe->fadvise_advice = (uint32_t)advice;
}

/* MADVISE (5.6): madvise with a 32-bit length. */
static inline void iou_prep_madvise(struct iou_sqe *sqe, void *addr,
				    uint32_t length, int advice)
{
	iou_prep_rw(IOU_OP_MADVISE, sqe, -1, addr, length, 0);
	sqe->fadvise_advice = (uint32_t)advice;
}

/* MADVISE (6.11 for a 64-bit length, passed in off). */
static inline void iou_prep_madvise64(struct iou_sqe *sqe, void *addr,
				      off_t length, int advice)
{
	iou_prep_rw(IOU_OP_MADVISE, sqe, -1, addr, 0, (uint64_t)length);
	sqe->fadvise_advice = (uint32_t)advice;
}

/* ---- Splice ------------------------------------------------------------ */

/* SPLICE (5.7): fd_out and off_out in fd/off, fd_in in splice_fd_in,
 * off_in in splice_off_in (-1: the file position or a pipe). */
static inline void iou_prep_splice(struct iou_sqe *sqe, int fd_in,
				   int64_t off_in, int fd_out, int64_t off_out,
				   unsigned nbytes, unsigned splice_flags)
{
	iou_prep_rw(IOU_OP_SPLICE, sqe, fd_out, NULL, nbytes,
		    (uint64_t)off_out);
	sqe->splice_off_in = (uint64_t)off_in;
	sqe->splice_fd_in = fd_in;
	sqe->splice_flags = splice_flags;
}

/* TEE (5.8): duplicate nbytes from pipe fd_in to pipe fd_out. */
static inline void iou_prep_tee(struct iou_sqe *sqe, int fd_in, int fd_out,
				unsigned nbytes, unsigned splice_flags)
{
	iou_prep_rw(IOU_OP_TEE, sqe, fd_out, NULL, nbytes, 0);
	sqe->splice_fd_in = fd_in;
	sqe->splice_flags = splice_flags;
}

/* ---- Open, close, stat ------------------------------------------------- */

/* OPENAT (5.6): mode in len, flags in open_flags. */
static inline void iou_prep_openat(struct iou_sqe *sqe, int dfd,
				   const char *path, int flags, mode_t mode)
{
	iou_prep_rw(IOU_OP_OPENAT, sqe, dfd, path, (unsigned)mode, 0);
	sqe->open_flags = (uint32_t)flags;
}

/* OPENAT (5.15 for direct): open into fixed-file slot file_index. */
static inline void iou_prep_openat_direct(struct iou_sqe *sqe, int dfd,
					  const char *path, int flags,
					  mode_t mode, unsigned file_index)
{
	iou_prep_openat(sqe, dfd, path, flags, mode);
	iou__set_target_slot(sqe, file_index);
}

/* OPENAT (5.6) relative to the working directory. */
static inline void iou_prep_open(struct iou_sqe *sqe, const char *path,
				 int flags, mode_t mode)
{
	iou_prep_openat(sqe, IOU_AT_FDCWD, path, flags, mode);
}

/* OPENAT (5.15 for direct) relative to the working directory. */
static inline void iou_prep_open_direct(struct iou_sqe *sqe, const char *path,
					int flags, mode_t mode,
					unsigned file_index)
{
	iou_prep_openat_direct(sqe, IOU_AT_FDCWD, path, flags, mode,
			       file_index);
}

/* OPENAT2 (5.6): how in off, sizeof(struct open_how) in len. */
static inline void iou_prep_openat2(struct iou_sqe *sqe, int dfd,
				    const char *path,
				    const struct open_how *how)
{
	iou_prep_rw(IOU_OP_OPENAT2, sqe, dfd, path, IOU_OPEN_HOW_SIZE,
		    (uint64_t)(uintptr_t)how);
}

/* OPENAT2 (5.15 for direct): open into fixed-file slot file_index. */
static inline void iou_prep_openat2_direct(struct iou_sqe *sqe, int dfd,
					   const char *path,
					   const struct open_how *how,
					   unsigned file_index)
{
	iou_prep_openat2(sqe, dfd, path, how);
	iou__set_target_slot(sqe, file_index);
}

/* CLOSE (5.6). */
static inline void iou_prep_close(struct iou_sqe *sqe, int fd)
{
	iou_prep_rw(IOU_OP_CLOSE, sqe, fd, NULL, 0, 0);
}

/* CLOSE (5.15 for direct): empty fixed-file slot file_index. */
static inline void iou_prep_close_direct(struct iou_sqe *sqe,
					 unsigned file_index)
{
	iou_prep_close(sqe, 0);
	iou__set_target_fixed_file(sqe, file_index);
}

/* STATX (5.6): path in addr, mask in len, statxbuf in off. */
static inline void iou_prep_statx(struct iou_sqe *sqe, int dfd,
				  const char *path, int flags, unsigned mask,
				  struct statx *statxbuf)
{
	iou_prep_rw(IOU_OP_STATX, sqe, dfd, path, mask,
		    (uint64_t)(uintptr_t)statxbuf);
	sqe->statx_flags = (uint32_t)flags;
}

/* FILES_UPDATE (5.6): replace fixed files offset..offset+nr_fds. */
static inline void iou_prep_files_update(struct iou_sqe *sqe, int *fds,
					 unsigned nr_fds, int offset)
{
	iou_prep_rw(IOU_OP_FILES_UPDATE, sqe, -1, fds, nr_fds,
		    (uint64_t)offset);
}

/* FIXED_FD_INSTALL (6.8): install fixed file fd as a normal fd (sets
 * IOU_SQE_FIXED_FILE). */
static inline void iou_prep_fixed_fd_install(struct iou_sqe *sqe, int fd,
					     unsigned flags)
{
	iou_prep_rw(IOU_OP_FIXED_FD_INSTALL, sqe, fd, NULL, 0, 0);
	sqe->flags = IOU_SQE_FIXED_FILE;
	sqe->install_fd_flags = flags;
}

/* PIPE (6.16): fds[2] receives the two ends. */
static inline void iou_prep_pipe(struct iou_sqe *sqe, int *fds, int pipe_flags)
{
	iou_prep_rw(IOU_OP_PIPE, sqe, 0, fds, 0, 0);
	sqe->pipe_flags = (uint32_t)pipe_flags;
}

/* PIPE (6.16) into fixed-file slots from file_index. */
static inline void iou_prep_pipe_direct(struct iou_sqe *sqe, int *fds,
					int pipe_flags, unsigned file_index)
{
	iou_prep_pipe(sqe, fds, pipe_flags);
	iou__set_target_slot(sqe, file_index);
}

/* ---- Directory entries ------------------------------------------------- */

/* RENAMEAT (5.11): newdfd in len, newpath in off. */
static inline void iou_prep_renameat(struct iou_sqe *sqe, int olddfd,
				     const char *oldpath, int newdfd,
				     const char *newpath, unsigned flags)
{
	iou_prep_rw(IOU_OP_RENAMEAT, sqe, olddfd, oldpath, (unsigned)newdfd,
		    (uint64_t)(uintptr_t)newpath);
	sqe->rename_flags = flags;
}

/* RENAMEAT (5.11) relative to the working directory. */
static inline void iou_prep_rename(struct iou_sqe *sqe, const char *oldpath,
				   const char *newpath)
{
	iou_prep_renameat(sqe, IOU_AT_FDCWD, oldpath, IOU_AT_FDCWD, newpath, 0);
}

/* UNLINKAT (5.11): AT_REMOVEDIR in flags removes a directory. */
static inline void iou_prep_unlinkat(struct iou_sqe *sqe, int dfd,
				     const char *path, int flags)
{
	iou_prep_rw(IOU_OP_UNLINKAT, sqe, dfd, path, 0, 0);
	sqe->unlink_flags = (uint32_t)flags;
}

/* UNLINKAT (5.11) relative to the working directory. */
static inline void iou_prep_unlink(struct iou_sqe *sqe, const char *path,
				   int flags)
{
	iou_prep_unlinkat(sqe, IOU_AT_FDCWD, path, flags);
}

/* MKDIRAT (5.15): mode in len. */
static inline void iou_prep_mkdirat(struct iou_sqe *sqe, int dfd,
				    const char *path, mode_t mode)
{
	iou_prep_rw(IOU_OP_MKDIRAT, sqe, dfd, path, (unsigned)mode, 0);
}

/* MKDIRAT (5.15) relative to the working directory. */
static inline void iou_prep_mkdir(struct iou_sqe *sqe, const char *path,
				  mode_t mode)
{
	iou_prep_mkdirat(sqe, IOU_AT_FDCWD, path, mode);
}

/* SYMLINKAT (5.15): target in addr, linkpath in off. */
static inline void iou_prep_symlinkat(struct iou_sqe *sqe, const char *target,
				      int newdirfd, const char *linkpath)
{
	iou_prep_rw(IOU_OP_SYMLINKAT, sqe, newdirfd, target, 0,
		    (uint64_t)(uintptr_t)linkpath);
}

/* SYMLINKAT (5.15) relative to the working directory. */
static inline void iou_prep_symlink(struct iou_sqe *sqe, const char *target,
				    const char *linkpath)
{
	iou_prep_symlinkat(sqe, target, IOU_AT_FDCWD, linkpath);
}

/* LINKAT (5.15): newdfd in len, newpath in off. */
static inline void iou_prep_linkat(struct iou_sqe *sqe, int olddfd,
				   const char *oldpath, int newdfd,
				   const char *newpath, int flags)
{
	iou_prep_rw(IOU_OP_LINKAT, sqe, olddfd, oldpath, (unsigned)newdfd,
		    (uint64_t)(uintptr_t)newpath);
	sqe->hardlink_flags = (uint32_t)flags;
}

/* LINKAT (5.15) relative to the working directory. */
static inline void iou_prep_link(struct iou_sqe *sqe, const char *oldpath,
				 const char *newpath, int flags)
{
	iou_prep_linkat(sqe, IOU_AT_FDCWD, oldpath, IOU_AT_FDCWD, newpath,
			flags);
}

/* ---- Extended attributes ----------------------------------------------- */

/* GETXATTR (5.19): name in addr, value in off, path in addr3. */
static inline void iou_prep_getxattr(struct iou_sqe *sqe, const char *name,
				     char *value, const char *path,
				     unsigned len)
{
	iou_prep_rw(IOU_OP_GETXATTR, sqe, 0, name, len,
		    (uint64_t)(uintptr_t)value);
	sqe->addr3 = (uint64_t)(uintptr_t)path;
}

/* SETXATTR (5.19): name in addr, value in off, path in addr3. */
static inline void iou_prep_setxattr(struct iou_sqe *sqe, const char *name,
				     const char *value, const char *path,
				     int flags, unsigned len)
{
	iou_prep_rw(IOU_OP_SETXATTR, sqe, 0, name, len,
		    (uint64_t)(uintptr_t)value);
	sqe->addr3 = (uint64_t)(uintptr_t)path;
	sqe->xattr_flags = (uint32_t)flags;
}

/* FGETXATTR (5.19). */
static inline void iou_prep_fgetxattr(struct iou_sqe *sqe, int fd,
				      const char *name, char *value,
				      unsigned len)
{
	iou_prep_rw(IOU_OP_FGETXATTR, sqe, fd, name, len,
		    (uint64_t)(uintptr_t)value);
}

/* FSETXATTR (5.19). */
static inline void iou_prep_fsetxattr(struct iou_sqe *sqe, int fd,
				      const char *name, const char *value,
				      int flags, unsigned len)
{
	iou_prep_rw(IOU_OP_FSETXATTR, sqe, fd, name, len,
		    (uint64_t)(uintptr_t)value);
	sqe->xattr_flags = (uint32_t)flags;
}

/* ---- Poll -------------------------------------------------------------- */

/* POLL_ADD (5.1; 32-bit masks 5.9): one-shot poll. */
static inline void iou_prep_poll_add(struct iou_sqe *sqe, int fd,
				     unsigned poll_mask)
{
	iou_prep_rw(IOU_OP_POLL_ADD, sqe, fd, NULL, 0, 0);
	sqe->poll32_events = iou__poll_mask(poll_mask);
}

/* POLL_ADD (5.13 for multishot): IOU_POLL_ADD_MULTI in len. */
static inline void iou_prep_poll_multishot(struct iou_sqe *sqe, int fd,
					   unsigned poll_mask)
{
	iou_prep_poll_add(sqe, fd, poll_mask);
	sqe->len = IOU_POLL_ADD_MULTI;
}

/* POLL_REMOVE (5.1): the target's user_data in addr. */
static inline void iou_prep_poll_remove(struct iou_sqe *sqe,
					uint64_t user_data)
{
	iou_prep_rw(IOU_OP_POLL_REMOVE, sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
}

/* POLL_REMOVE (5.13 for update): old user_data in addr, new in off,
 * IOU_POLL_UPDATE_* flags in len, new mask in poll32_events. */
static inline void iou_prep_poll_update(struct iou_sqe *sqe,
					uint64_t old_user_data,
					uint64_t new_user_data,
					unsigned poll_mask, unsigned flags)
{
	iou_prep_rw(IOU_OP_POLL_REMOVE, sqe, -1, NULL, flags, new_user_data);
	sqe->addr = old_user_data;
	sqe->poll32_events = iou__poll_mask(poll_mask);
}

/* EPOLL_CTL (5.6): op in len, fd in off, ev in addr. */
static inline void iou_prep_epoll_ctl(struct iou_sqe *sqe, int epfd, int fd,
				      int op, const struct epoll_event *ev)
{
	iou_prep_rw(IOU_OP_EPOLL_CTL, sqe, epfd, ev, (unsigned)op,
		    (uint64_t)(uint32_t)fd);
}

/* EPOLL_WAIT (6.15): maxevents in len. */
static inline void iou_prep_epoll_wait(struct iou_sqe *sqe, int fd,
				       struct epoll_event *events,
				       int maxevents, unsigned flags)
{
	iou_prep_rw(IOU_OP_EPOLL_WAIT, sqe, fd, events, (unsigned)maxevents, 0);
	sqe->rw_flags = (int32_t)flags;
}

/* ---- Timeouts ---------------------------------------------------------- */

/* TIMEOUT (5.4): ts in addr (len 1), completion count in off. */
static inline void iou_prep_timeout(struct iou_sqe *sqe,
				    const struct iou_timespec *ts,
				    unsigned count, unsigned flags)
{
	iou_prep_rw(IOU_OP_TIMEOUT, sqe, -1, ts, 1, count);
	sqe->timeout_flags = flags;
}

/* TIMEOUT_REMOVE (5.5): the timeout's user_data in addr. */
static inline void iou_prep_timeout_remove(struct iou_sqe *sqe,
					   uint64_t user_data, unsigned flags)
{
	iou_prep_rw(IOU_OP_TIMEOUT_REMOVE, sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
	sqe->timeout_flags = flags;
}

/* TIMEOUT_REMOVE (5.11 for update): user_data in addr, new ts in off,
 * IOU_TIMEOUT_UPDATE added to flags. */
static inline void iou_prep_timeout_update(struct iou_sqe *sqe,
					   const struct iou_timespec *ts,
					   uint64_t user_data, unsigned flags)
{
	iou_prep_rw(IOU_OP_TIMEOUT_REMOVE, sqe, -1, NULL, 0,
		    (uint64_t)(uintptr_t)ts);
	sqe->addr = user_data;
	sqe->timeout_flags = flags | IOU_TIMEOUT_UPDATE;
}

/* LINK_TIMEOUT (5.5): times out the request linked before it. */
static inline void iou_prep_link_timeout(struct iou_sqe *sqe,
					 const struct iou_timespec *ts,
					 unsigned flags)
{
	iou_prep_rw(IOU_OP_LINK_TIMEOUT, sqe, -1, ts, 1, 0);
	sqe->timeout_flags = flags;
}

/* ---- Cancel ------------------------------------------------------------ */

/* ASYNC_CANCEL (5.5; flags 5.19): the target's user_data in addr. */
static inline void iou_prep_cancel64(struct iou_sqe *sqe, uint64_t user_data,
				     int flags)
{
	iou_prep_rw(IOU_OP_ASYNC_CANCEL, sqe, -1, NULL, 0, 0);
	sqe->addr = user_data;
	sqe->cancel_flags = (uint32_t)flags;
}

/* ASYNC_CANCEL (5.5) by a pointer user_data. */
static inline void iou_prep_cancel(struct iou_sqe *sqe, const void *user_data,
				   int flags)
{
	iou_prep_cancel64(sqe, (uint64_t)(uintptr_t)user_data, flags);
}

/* ASYNC_CANCEL (5.19 for IOU_ASYNC_CANCEL_FD): requests on fd. */
static inline void iou_prep_cancel_fd(struct iou_sqe *sqe, int fd,
				      unsigned flags)
{
	iou_prep_rw(IOU_OP_ASYNC_CANCEL, sqe, fd, NULL, 0, 0);
	sqe->cancel_flags = flags | IOU_ASYNC_CANCEL_FD;
}

/* ---- Provided buffers -------------------------------------------------- */

/* PROVIDE_BUFFERS (5.7): nr buffers of len bytes from addr, ids from bid,
 * into group bgid: nr in fd, bid in off, bgid in buf_group. */
static inline void iou_prep_provide_buffers(struct iou_sqe *sqe, void *addr,
					    int len, int nr, int bgid, int bid)
{
	iou_prep_rw(IOU_OP_PROVIDE_BUFFERS, sqe, nr, addr, (uint32_t)len,
		    (uint64_t)bid);
	sqe->buf_group = (uint16_t)bgid;
}

/* REMOVE_BUFFERS (5.7): up to nr buffers of group bgid. */
static inline void iou_prep_remove_buffers(struct iou_sqe *sqe, int nr,
					   int bgid)
{
	iou_prep_rw(IOU_OP_REMOVE_BUFFERS, sqe, nr, NULL, 0, 0);
	sqe->buf_group = (uint16_t)bgid;
}

/* ---- Messages between rings -------------------------------------------- */

/* MSG_RING (5.18): post a CQE (res len, user_data data) on ring fd. */
static inline void iou_prep_msg_ring(struct iou_sqe *sqe, int fd, unsigned len,
				     uint64_t data, unsigned flags)
{
	iou_prep_rw(IOU_OP_MSG_RING, sqe, fd, NULL, len, data);
	sqe->msg_ring_flags = flags;
}

/* MSG_RING (6.3 for FLAGS_PASS): as msg_ring, with the CQE's flags. */
static inline void iou_prep_msg_ring_cqe_flags(struct iou_sqe *sqe, int fd,
					       unsigned len, uint64_t data,
					       unsigned flags,
					       unsigned cqe_flags)
{
	iou_prep_rw(IOU_OP_MSG_RING, sqe, fd, NULL, len, data);
	sqe->msg_ring_flags = IOU_MSG_RING_FLAGS_PASS | flags;
	sqe->file_index = cqe_flags;
}

/* MSG_RING (6.0 for SEND_FD): pass fixed file source_fd to slot target_fd
 * of ring fd. */
static inline void iou_prep_msg_ring_fd(struct iou_sqe *sqe, int fd,
					int source_fd, int target_fd,
					uint64_t data, unsigned flags)
{
	iou_prep_rw(IOU_OP_MSG_RING, sqe, fd,
		    (const void *)(uintptr_t)IOU_MSG_SEND_FD, 0, data);
	sqe->addr3 = (uint64_t)(int64_t)source_fd;
	iou__set_target_slot(sqe, (unsigned)target_fd);
	sqe->msg_ring_flags = flags;
}

/* MSG_RING (6.0): pass fixed file source_fd to a slot the target picks. */
static inline void iou_prep_msg_ring_fd_alloc(struct iou_sqe *sqe, int fd,
					      int source_fd, uint64_t data,
					      unsigned flags)
{
	iou_prep_msg_ring_fd(sqe, fd, source_fd, (int)IOU_FILE_INDEX_ALLOC,
			     data, flags);
}

/* ---- Commands, waitid, futex ------------------------------------------ */

/* URING_CMD (5.19): a driver command cmd_op on fd; the caller fills the
 * command payload (sqe->addr3 onward) afterwards. */
static inline void iou_prep_uring_cmd(struct iou_sqe *sqe, int cmd_op, int fd)
{
	iou__sqe_zero(sqe);
	sqe->opcode = IOU_OP_URING_CMD;
	sqe->fd = fd;
	sqe->cmd_op = (uint32_t)cmd_op;
}

/* URING_CMD (6.7 for sockets): a SOCKET_URING_OP_* command with a
 * [gs]etsockopt-style level, optname, optval and optlen. */
static inline void iou_prep_cmd_sock(struct iou_sqe *sqe, int cmd_op, int fd,
				     int level, int optname, void *optval,
				     int optlen)
{
	iou_prep_uring_cmd(sqe, cmd_op, fd);
	sqe->optval = (uint64_t)(uintptr_t)optval;
	sqe->optname = (uint32_t)optname;
	sqe->optlen = (uint32_t)optlen;
	sqe->level = (uint32_t)level;
}

#ifdef IOU__HAVE_WAITID
/* WAITID (6.7): id in fd, idtype in len, options in file_index, infop in
 * addr2. */
static inline void iou_prep_waitid(struct iou_sqe *sqe, idtype_t idtype,
				   id_t id, siginfo_t *infop, int options,
				   unsigned flags)
{
	iou_prep_rw(IOU_OP_WAITID, sqe, (int)id, NULL, (unsigned)idtype, 0);
	sqe->waitid_flags = flags;
	sqe->file_index = (uint32_t)options;
	sqe->addr2 = (uint64_t)(uintptr_t)infop;
}
#endif

/* FUTEX_WAKE (6.7): futex2 flags in fd, val in off, mask in addr3. */
static inline void iou_prep_futex_wake(struct iou_sqe *sqe,
				       const uint32_t *futex, uint64_t val,
				       uint64_t mask, uint32_t futex_flags,
				       unsigned flags)
{
	iou_prep_rw(IOU_OP_FUTEX_WAKE, sqe, (int)futex_flags, futex, 0, val);
	sqe->futex_flags = flags;
	sqe->addr3 = mask;
}

/* FUTEX_WAIT (6.7): futex2 flags in fd, val in off, mask in addr3. */
static inline void iou_prep_futex_wait(struct iou_sqe *sqe,
				       const uint32_t *futex, uint64_t val,
				       uint64_t mask, uint32_t futex_flags,
				       unsigned flags)
{
	iou_prep_rw(IOU_OP_FUTEX_WAIT, sqe, (int)futex_flags, futex, 0, val);
	sqe->futex_flags = flags;
	sqe->addr3 = mask;
}

/* FUTEX_WAITV (6.7): wait on nr_futex futexes. */
static inline void iou_prep_futex_waitv(struct iou_sqe *sqe,
					const struct futex_waitv *futex,
					uint32_t nr_futex, unsigned flags)
{
	iou_prep_rw(IOU_OP_FUTEX_WAITV, sqe, 0, futex, nr_futex, 0);
	sqe->futex_flags = flags;
}

/* the socket helpers */
#include "iou_prep_net.h"

#endif /* IOU_PREP_H */

/* fileio.c — reading and writing the sim's open files: regular files
 * (dense byte arrays up to IOU__FILE_MAX), and the dispatch to pipes
 * (pipe.c), sockets (net.c) and eventfds (eventfd.c); fallocate,
 * truncate, size. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "evloop.h"
#include "net.h"
#include "world.h"

/* ---- file I/O ------------------------------------------------------------------- */

int iou__file_readable(const struct iou__file *f)
{
	if (f->type == IOU__FT_PIPE_R)
		return 1;
	if (f->type != IOU__FT_INODE)
		return 0;
	if (f->oflags & O_PATH)
		return 0;
	return (f->oflags & O_ACCMODE) != O_WRONLY;
}

int iou__file_writable(const struct iou__file *f)
{
	if (f->type == IOU__FT_PIPE_W)
		return 1;
	if (f->type != IOU__FT_INODE || (f->oflags & O_PATH))
		return 0;
	return (f->oflags & O_ACCMODE) != O_RDONLY;
}

ssize_t iou__pipe_read(struct iou_sim *sim, struct iou__file *f, void *buf,
		       size_t len);
ssize_t iou__pipe_write(struct iou_sim *sim, struct iou__file *f,
			const void *buf, size_t len);

ssize_t iou__file_read(struct iou_sim *sim, struct iou__file *f, void *buf,
		       size_t len, int64_t pos)
{
	struct iou__inode *ino;
	uint64_t p, n;

	if (f->type == IOU__FT_SOCK)
		return iou__sock_file_read(sim, f, buf, len); /* net.c */
	if (f->type == IOU__FT_EVENTFD)
		return iou__eventfd_read(sim, f, buf, len);
	if (!iou__file_readable(f))
		return -EBADF;
	if (f->type == IOU__FT_PIPE_R)
		return iou__pipe_read(sim, f, buf, len);
	ino = f->ino;
	if (ino->type == IOU__I_CHR)
		return buf || !len ? iou__dev_read(ino, buf, len) : -EFAULT;
	if (!len)
		return 0; /* even on a directory (measured on 6.18) */
	if (ino->type == IOU__I_DIR)
		return -EISDIR;
	p = pos < 0 ? f->pos : (uint64_t)pos;
	if (!buf)
		return -EFAULT;
	if (p >= ino->size)
		return 0;
	n = ino->size - p;
	if (n > len)
		n = len;
	if (n > 0x7ffff000ULL)
		n = 0x7ffff000ULL; /* MAX_RW_COUNT */
	memcpy(buf, ino->data + p, (size_t)n);
	if (pos < 0)
		f->pos = p + n;
	ino->atime = sim->now;
	return (ssize_t)n;
}

static int inode_reserve(struct iou__inode *ino, uint64_t size)
{
	size_t cap;
	uint8_t *nd;

	if (size > IOU__FILE_MAX)
		return -EFBIG;
	if (size <= ino->cap)
		return 0;
	cap = ino->cap ? ino->cap : 256;
	while (cap < size)
		cap *= 2;
	nd = realloc(ino->data, cap);
	if (!nd)
		return -ENOSPC;
	memset(nd + ino->cap, 0, cap - ino->cap);
	ino->data = nd;
	ino->cap = cap;
	return 0;
}

ssize_t iou__file_write(struct iou_sim *sim, struct iou__file *f,
			const void *buf, size_t len, int64_t pos)
{
	struct iou__inode *ino;
	uint64_t p;
	int ret;

	if (f->type == IOU__FT_SOCK)
		return iou__sock_file_write(sim, f, buf, len); /* net.c */
	if (f->type == IOU__FT_EVENTFD)
		return iou__eventfd_write(sim, f, buf, len);
	if (!iou__file_writable(f))
		return -EBADF;
	if (f->type == IOU__FT_PIPE_W)
		return iou__pipe_write(sim, f, buf, len);
	ino = f->ino;
	if (ino->type == IOU__I_CHR)
		return buf || !len ? iou__dev_write(ino, buf, len) : -EFAULT;
	if (!len)
		return 0;
	if (!buf)
		return -EFAULT;
	if (len > 0x7ffff000ULL)
		len = 0x7ffff000ULL;
	p = pos < 0 ? f->pos : (uint64_t)pos;
	/* O_APPEND appends whatever the offset: a positional write too
	 * (IOCB_APPEND; pwrite(2) BUGS; found by fuzz/diff) */
	if (f->oflags & O_APPEND)
		p = ino->size;
	/* generic_write_check_limits: RLIMIT_FSIZE */
	if (ino->type == IOU__I_REG && p + len > IOU__FSIZE(sim)) {
		if (p >= IOU__FSIZE(sim))
			return -EFBIG;
		len = (size_t)(IOU__FSIZE(sim) - p);
	}
	ret = inode_reserve(ino, p + len);
	if (ret)
		return ret;
	if (p > ino->size)
		memset(ino->data + ino->size, 0, (size_t)(p - ino->size));
	memcpy(ino->data + p, buf, len);
	if (p + len > ino->size)
		ino->size = p + len;
	if (pos < 0)
		f->pos = p + len;
	ino->mtime = sim->now;
	return (ssize_t)len;
}

int iou__file_fallocate(struct iou_sim *sim, struct iou__file *f, int mode,
			uint64_t off, uint64_t len)
{
	struct iou__inode *ino;
	uint64_t end;
	int ret;

	/* vfs_fallocate's order: range, mode, the file's mode, its type,
	 * its size limit */
	if ((int64_t)off < 0 || (int64_t)len <= 0)
		return -EINVAL;
	/* modes the VFS knows: KEEP_SIZE 1, PUNCH_HOLE 2, COLLAPSE 8, ZERO 0x10,
	 * INSERT 0x20, UNSHARE 0x40, WRITE_ZEROES 0x80 (6.17) */
	if (mode & ~(iou__kernel_at_least(sim, 6, 17) ? 0xfb : 0x7b))
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	if (!iou__file_writable(f))
		return -EBADF;
	if (f->type == IOU__FT_PIPE_R || f->type == IOU__FT_PIPE_W)
		return -ESPIPE;
	if (f->type != IOU__FT_INODE)
		return -ENODEV;
	ino = f->ino;
	if (ino->type == IOU__I_DIR)
		return -EISDIR;
	if (off + len < off || off + len > IOU__FILE_MAX)
		return -EFBIG;
	/* the filesystem, as tmpfs: allocate and punch holes only */
	if (mode != 0 && mode != FALLOC_FL_KEEP_SIZE &&
	    mode != (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	end = off + len;
	/* inode_newsize_ok for a file that grows: RLIMIT_FSIZE */
	if (mode == 0 && end > ino->size && end > IOU__FSIZE(sim))
		return -EFBIG;
	switch (mode) {
	case 0:
	case FALLOC_FL_KEEP_SIZE:
		if (mode == 0 && end > ino->size) {
			ret = inode_reserve(ino, end);
			if (ret)
				return ret;
			memset(ino->data + ino->size, 0,
			       (size_t)(end - ino->size));
			ino->size = end;
		}
		break;
	default: /* FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE */
		if (off < ino->size)
			memset(ino->data + off, 0, (size_t)((end < ino->size ?
					end : ino->size) - off));
		break;
	}
	ino->mtime = sim->now;
	return 0;
}

int iou__file_truncate(struct iou_sim *sim, struct iou__file *f, int64_t len);
int iou__file_truncate(struct iou_sim *sim, struct iou__file *f, int64_t len)
{
	struct iou__inode *ino;
	int ret;

	if (f->type != IOU__FT_INODE)
		return -EINVAL;
	ino = f->ino;
	/* do_ftruncate: a regular file open for writing, else -EINVAL */
	if (ino->type != IOU__I_REG)
		return -EINVAL;
	if (!iou__file_writable(f))
		return -EINVAL;
	if (len < 0)
		return -EINVAL;
	/* inode_newsize_ok: growing past RLIMIT_FSIZE */
	if ((uint64_t)len > ino->size && (uint64_t)len > IOU__FSIZE(sim))
		return -EFBIG;
	if ((uint64_t)len > ino->size) {
		ret = inode_reserve(ino, (uint64_t)len);
		if (ret)
			return ret;
		memset(ino->data + ino->size, 0,
		       (size_t)((uint64_t)len - ino->size));
	}
	ino->size = (uint64_t)len;
	ino->mtime = sim->now;
	return 0;
}

int64_t iou__file_size(const struct iou__file *f);
int64_t iou__file_size(const struct iou__file *f)
{
	if (f->type == IOU__FT_INODE)
		return f->ino->type == IOU__I_DIR ? 4096 : (int64_t)f->ino->size;
	if (f->type == IOU__FT_PIPE_R || f->type == IOU__FT_PIPE_W)
		return 0;
	return 0;
}

/* xattr.c — extended attributes of the world's inodes (fs/xattr.c,
 * mm/shmem.c's simple_xattrs) and the ring ops FSETXATTR, SETXATTR,
 * FGETXATTR, GETXATTR (5.19). Names need a namespace the filesystem
 * has: "user.", "trusted." and "security." (tmpfs); anything else is
 * -EOPNOTSUPP. user.* belongs to regular files and directories only
 * (xattr_permission: reading another's is -ENODATA, writing -EPERM,
 * measured on 6.18 with a pipe); the other files have no xattrs. Missing: -ENODATA; a buffer too small: -ERANGE; XATTR_CREATE
 * of one that exists: -EEXIST; XATTR_REPLACE of a missing one: -ENODATA.
 * The name, the value and the path are copied at prep, as the kernel
 * does. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"

#define XATTR_CREATE_  0x1
#define XATTR_REPLACE_ 0x2
#define XATTR_NAME_MAX_ 255
#define XATTR_SIZE_MAX_ 65536

struct iou__xattr {
	struct iou__xattr *next;     /* sorted by name */
	uint8_t *value;
	size_t len;
	char name[];
};

void iou__xattrs_free(struct iou__inode *ino)
{
	while (ino->xattrs) {
		struct iou__xattr *x = ino->xattrs;

		ino->xattrs = x->next;
		free(x->value);
		free(x);
	}
}

/* xattr_resolve_name: a namespace tmpfs knows, and a name after it. */
static int name_ok(const char *name)
{
	static const char *const ns[] = { "user.", "trusted.", "security." };

	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		size_t n = strlen(ns[i]);

		if (!strncmp(name, ns[i], n))
			return name[n] ? 0 : -EINVAL;
	}
	return -EOPNOTSUPP;
}

static struct iou__xattr **find(struct iou__inode *ino, const char *name)
{
	struct iou__xattr **pp = &ino->xattrs;

	while (*pp && strcmp((*pp)->name, name) < 0)
		pp = &(*pp)->next;
	return pp;
}

/* xattr_permission for an inode of type `reg_or_dir` (1) or not (0);
 * the caller runs as root (trusted.* allowed). */
static int permission(const char *name, int reg_or_dir, int set)
{
	if (!strncmp(name, "user.", 5) && !reg_or_dir)
		return set ? -EPERM : -ENODATA;
	return 0;
}

static int is_reg_or_dir(const struct iou__inode *ino)
{
	return ino->type == IOU__I_REG || ino->type == IOU__I_DIR;
}

/* getxattr: the value's length, copied when size > 0. */
static int xattr_get(struct iou__inode *ino, const char *name, void *buf,
		     uint32_t size)
{
	struct iou__xattr *x;
	int ret = permission(name, is_reg_or_dir(ino), 0);

	if (!ret)
		ret = name_ok(name);
	if (ret)
		return ret;
	x = *find(ino, name);
	if (!x || strcmp(x->name, name))
		return -ENODATA;
	if (!size)
		return (int)x->len;
	if (size < x->len)
		/* vfs_getxattr: a buffer of the largest size is -E2BIG */
		return size >= XATTR_SIZE_MAX_ ? -E2BIG : -ERANGE;
	if (x->len && !buf)
		return -EFAULT;
	if (x->len) /* an empty value has no buffer (memcpy from NULL: UB) */
		memcpy(buf, x->value, x->len);
	return (int)x->len;
}

static int xattr_set(struct iou_sim *sim, struct iou__inode *ino,
		     const char *name, const void *val, uint32_t size,
		     uint32_t flags)
{
	struct iou__xattr **pp, *x;
	int ret = permission(name, is_reg_or_dir(ino), 1), exists;
	uint8_t *copy = NULL;

	if (!ret)
		ret = name_ok(name);
	if (ret)
		return ret;
	pp = find(ino, name);
	exists = *pp && !strcmp((*pp)->name, name);
	if ((flags & XATTR_CREATE_) && exists)
		return -EEXIST;
	if ((flags & XATTR_REPLACE_) && !exists)
		return -ENODATA;
	if (size) {
		copy = malloc(size);
		if (!copy)
			return -ENOMEM;
		memcpy(copy, val, size);
	}
	if (exists) {
		free((*pp)->value);
		(*pp)->value = copy;
		(*pp)->len = size;
	} else {
		x = malloc(sizeof(*x) + strlen(name) + 1);
		if (!x) {
			free(copy);
			return -ENOMEM;
		}
		strcpy(x->name, name);
		x->value = copy;
		x->len = size;
		x->next = *pp;
		*pp = x;
	}
	ino->ctime = sim->now;
	return 0;
}

/* ---- the ring ops ------------------------------------------------------------- */

static void xattr_cleanup(struct iou__req *req)
{
	free(req->u.xattr.name);
	free(req->u.xattr.value);
	free(req->u.xattr.path);
	req->u.xattr.name = req->u.xattr.path = NULL;
	req->u.xattr.value = NULL;
}

/* import_xattr_name: NULL -EFAULT; empty or longer than 255: -ERANGE. */
static int copy_name(struct iou__req *req)
{
	const char *name = (const char *)(uintptr_t)req->sqe.addr;
	size_t n;

	if (!name)
		return -EFAULT;
	n = strnlen(name, XATTR_NAME_MAX_ + 1);
	if (!n || n > XATTR_NAME_MAX_)
		return -ERANGE;
	req->u.xattr.name = strdup(name);
	return req->u.xattr.name ? 0 : -ENOMEM;
}

static int copy_path(struct iou__req *req)
{
	const char *path = (const char *)(uintptr_t)req->sqe.addr3;
	size_t n;

	if (req->flags & IOU_SQE_FIXED_FILE)
		return -EBADF;
	if (!path)
		return -EFAULT;
	n = strnlen(path, IOU__PATH_MAX);
	if (n >= IOU__PATH_MAX)
		return -ENAMETOOLONG;
	req->u.xattr.path = strdup(path);
	return req->u.xattr.path ? 0 : -ENOMEM;
}

static int xattr_prep_common(struct iou__req *req, int set, int path)
{
	const struct iou_sqe *sqe = &req->sqe;
	int ret;

	req->u.xattr.name = req->u.xattr.path = NULL;
	req->u.xattr.value = NULL;
	req->u.xattr.size = sqe->len;
	req->u.xattr.flags = sqe->xattr_flags;
	/* __io_getxattr_prep: no flags; setxattr_copy: CREATE, REPLACE */
	if (set ? (sqe->xattr_flags & ~(uint32_t)(XATTR_CREATE_ |
						  XATTR_REPLACE_))
		: sqe->xattr_flags)
		return -EINVAL;
	if ((ret = copy_name(req)))
		return ret;
	if (set && sqe->len) {
		if (sqe->len > XATTR_SIZE_MAX_)
			return -E2BIG;
		if (!sqe->off)
			return -EFAULT;
		req->u.xattr.value = malloc(sqe->len);
		if (!req->u.xattr.value)
			return -ENOMEM;
		memcpy(req->u.xattr.value, (const void *)(uintptr_t)sqe->off,
		       sqe->len);
	}
	if (path && (ret = copy_path(req)))
		return ret;
	return 0;
}

static int fget_prep(struct iou__req *req)
{
	return xattr_prep_common(req, 0, 0);
}

static int get_prep(struct iou__req *req)
{
	return xattr_prep_common(req, 0, 1);
}

static int fset_prep(struct iou__req *req)
{
	return xattr_prep_common(req, 1, 0);
}

static int set_prep(struct iou__req *req)
{
	return xattr_prep_common(req, 1, 1);
}

/* The inode of the request's file; pipes and sockets (special files:
 * see permission) and anonymous files have no xattrs. */
static int file_inode(struct iou__req *req, int set, struct iou__inode **ino)
{
	struct iou__file *f = req->file;
	int ret;

	if (f->oflags & O_PATH)
		return -EBADF;
	if (f->type == IOU__FT_INODE) {
		*ino = f->ino;
		return 0;
	}
	if (f->type == IOU__FT_PIPE_R || f->type == IOU__FT_PIPE_W ||
	    f->type == IOU__FT_SOCK) {
		ret = permission(req->u.xattr.name, 0, set);
		if (ret)
			return ret;
	}
	return -EOPNOTSUPP;
}

static int do_get(struct iou__req *req, struct iou__inode *ino)
{
	uint32_t size = req->u.xattr.size;

	if (size > XATTR_SIZE_MAX_)
		size = XATTR_SIZE_MAX_;
	return xattr_get(ino, req->u.xattr.name,
			 (void *)(uintptr_t)req->sqe.off, size);
}

static int do_set(struct iou__req *req, struct iou__inode *ino)
{
	return xattr_set(req->ring->sim, ino, req->u.xattr.name,
			 req->u.xattr.value, req->u.xattr.size,
			 req->u.xattr.flags);
}

/* The path's inode (followed), held open while the op works on it. */
static int with_path(struct iou__req *req,
		     int (*fn)(struct iou__req *, struct iou__inode *))
{
	struct iou_sim *sim = req->ring->sim;
	struct iou__file *f;
	int ret = iou__vfs_open(sim, AT_FDCWD, req->u.xattr.path,
				O_PATH | O_RDONLY, 0, 0, &f);

	if (ret)
		return ret;
	ret = fn(req, f->ino);
	iou__file_put(sim, f);
	return ret;
}

static int fget_issue(struct iou__req *req)
{
	struct iou__inode *ino;
	int ret = file_inode(req, 0, &ino);

	return ret ? ret : do_get(req, ino);
}

static int fset_issue(struct iou__req *req)
{
	struct iou__inode *ino;
	int ret = file_inode(req, 1, &ino);

	return ret ? ret : do_set(req, ino);
}

static int get_issue(struct iou__req *req)
{
	return with_path(req, do_get);
}

static int set_issue(struct iou__req *req)
{
	return with_path(req, do_set);
}

const struct iou__op iou__op_fsetxattr = {
	.name = "FSETXATTR",
	.since = IOU_KERNEL_VERSION(5, 19),
	.flags = IOU__OP_FILE,
	.prep = fset_prep,
	.issue = fset_issue,
	.cleanup = xattr_cleanup,
};

const struct iou__op iou__op_setxattr = {
	.name = "SETXATTR",
	.since = IOU_KERNEL_VERSION(5, 19),
	.prep = set_prep,
	.issue = set_issue,
	.cleanup = xattr_cleanup,
};

const struct iou__op iou__op_fgetxattr = {
	.name = "FGETXATTR",
	.since = IOU_KERNEL_VERSION(5, 19),
	.flags = IOU__OP_FILE,
	.prep = fget_prep,
	.issue = fget_issue,
	.cleanup = xattr_cleanup,
};

const struct iou__op iou__op_getxattr = {
	.name = "GETXATTR",
	.since = IOU_KERNEL_VERSION(5, 19),
	.prep = get_prep,
	.issue = get_issue,
	.cleanup = xattr_cleanup,
};

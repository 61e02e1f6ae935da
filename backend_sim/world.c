/* world.c — the in-memory file tree: inodes (files, directories,
 * symlinks), path walking with symlinks, and the path operations (open,
 * mkdir, unlink, rename, symlink, link, statx) with the errnos of their
 * syscalls. Open files and the fd table live in fdtable.c, their I/O in
 * fileio.c, pipes in pipe.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "evloop.h"
#include "net.h"
#include "world.h"

#define RESOLVE_NO_SYMLINKS 0x04ULL
#define RESOLVE_BENEATH     0x08ULL
#define RESOLVE_IN_ROOT     0x10ULL

/* ---- inodes ---------------------------------------------------------------- */

static struct iou__inode *inode_new(struct iou_sim *sim, enum iou__itype type,
				    uint32_t mode)
{
	struct iou__inode *ino = calloc(1, sizeof(*ino));

	if (!ino)
		return NULL;
	ino->type = type;
	ino->ino = ++sim->world.next_ino;
	ino->mode = mode & 07777;
	ino->mtime = ino->ctime = ino->atime = sim->now;
	return ino;
}

void iou__inode_maybe_free(struct iou__inode *ino)
{
	if (ino->nlink || ino->opens)
		return;
	free(ino->data);
	free(ino->target);
	iou__xattrs_free(ino);
	while (ino->ents) {
		struct iou__dirent *d = ino->ents;

		ino->ents = d->next;
		free(d);
	}
	free(ino);
}

static struct iou__dirent *dir_find(const struct iou__inode *dir,
				    const char *name)
{
	for (struct iou__dirent *d = dir->ents; d; d = d->next) {
		int c = strcmp(d->name, name);

		if (!c)
			return d;
		if (c > 0)
			break;
	}
	return NULL;
}

static int dir_add(struct iou__inode *dir, const char *name,
		   struct iou__inode *ino)
{
	size_t n = strlen(name);
	struct iou__dirent *d = malloc(sizeof(*d) + n + 1), **pp;

	if (!d)
		return -ENOMEM;
	memcpy(d->name, name, n + 1);
	d->ino = ino;
	for (pp = &dir->ents; *pp && strcmp((*pp)->name, name) < 0;
	     pp = &(*pp)->next)
		;
	d->next = *pp;
	*pp = d;
	ino->nlink++;
	if (ino->type == IOU__I_DIR) {
		ino->parent = dir;
		dir->nlink++; /* its ".." */
	}
	return 0;
}

/* Unlinks name from dir; the inode may be freed. */
static void dir_del(struct iou__inode *dir, const char *name)
{
	struct iou__dirent **pp, *d;

	for (pp = &dir->ents; *pp; pp = &(*pp)->next) {
		if (!strcmp((*pp)->name, name))
			break;
	}
	d = *pp;
	if (!d)
		return;
	*pp = d->next;
	if (d->ino->type == IOU__I_DIR) {
		dir->nlink--;
		d->ino->nlink = 0; /* "." goes with it */
	} else {
		d->ino->nlink--;
	}
	iou__inode_maybe_free(d->ino);
	free(d);
}

/* ---- path walk --------------------------------------------------------------- */

struct nd {
	struct iou__inode *root;   /* "/" for this walk (RESOLVE_IN_ROOT) */
	struct iou__inode *start;  /* RESOLVE_BENEATH: may not leave it */
	uint64_t resolve;
	int depth;                 /* symlinks followed */
	struct iou__inode *parent; /* dir holding the last component */
	struct iou__inode *ino;    /* the last component, or NULL */
	char last[IOU__NAME_MAX + 1];
	int trailing_slash;
	int dot;                   /* last component is "." or ".." or none */
};

static int walk_from(struct iou_sim *sim, struct iou__inode *cur,
		     const char *path, int follow, struct nd *nd);

/* Follows lnk (found in dir). For the last component a dangling link
 * names what O_CREAT would create: nd then holds the target's parent and
 * name, and *out is NULL. */
static int follow_link(struct iou_sim *sim, struct iou__inode *dir,
		       struct iou__inode *lnk, struct iou__inode **out,
		       struct nd *nd, int last)
{
	struct nd sub;
	int ret;

	if (nd->resolve & RESOLVE_NO_SYMLINKS)
		return -ELOOP;
	if (++nd->depth > IOU__SYMLOOP_MAX)
		return -ELOOP;
	sub = *nd;
	ret = walk_from(sim, dir, lnk->target, 1, &sub);
	nd->depth = sub.depth;
	if (ret)
		return ret;
	if (!sub.ino) {
		if (!last || sub.dot)
			return -ENOENT;
		nd->parent = sub.parent;
		memcpy(nd->last, sub.last, sizeof(nd->last));
		nd->trailing_slash |= sub.trailing_slash;
	}
	*out = sub.ino;
	return 0;
}

static int walk_from(struct iou_sim *sim, struct iou__inode *cur,
		     const char *path, int follow, struct nd *nd)
{
	const char *p = path;

	if (*p == '/') {
		if (nd->resolve & RESOLVE_BENEATH)
			return -EXDEV;
		cur = nd->root;
		while (*p == '/')
			p++;
	}
	nd->parent = cur;
	nd->ino = cur;
	nd->last[0] = '\0';
	nd->dot = 1;
	nd->trailing_slash = 0;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		int is_last;
		struct iou__inode *next;
		struct iou__dirent *d;

		if (n > IOU__NAME_MAX)
			return -ENAMETOOLONG;
		while (e && e[1] == '/')
			e++;
		is_last = !e || !e[1];
		if (cur->type != IOU__I_DIR)
			return -ENOTDIR;
		memcpy(nd->last, p, n);
		nd->last[n] = '\0';
		nd->parent = cur;
		nd->dot = 0;
		if (!strcmp(nd->last, ".")) {
			next = cur;
			nd->dot = 1;
		} else if (!strcmp(nd->last, "..")) {
			if (cur == nd->start && (nd->resolve & RESOLVE_BENEATH))
				return -EXDEV;
			next = cur == nd->root ? cur
				: (cur->parent ? cur->parent : cur);
			nd->dot = 1;
		} else {
			d = dir_find(cur, nd->last);
			next = d ? d->ino : NULL;
		}
		if (is_last) {
			/* follow: 0 never (the op works on the name itself and
			 * checks a trailing slash), 1 always, 2 only with a
			 * trailing slash (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW) */
			nd->trailing_slash = e != NULL;
			if (next && next->type == IOU__I_LNK &&
			    (follow == 1 || (follow && nd->trailing_slash))) {
				int ret = follow_link(sim, cur, next, &next, nd,
						      1);

				if (ret)
					return ret;
			}
			nd->ino = next;
			if (follow && next && nd->trailing_slash &&
			    next->type != IOU__I_DIR)
				return -ENOTDIR;
			return 0;
		}
		if (!next)
			return -ENOENT;
		if (next->type == IOU__I_LNK) {
			int ret = follow_link(sim, cur, next, &next, nd, 0);

			if (ret)
				return ret;
		}
		cur = next;
		p = e + 1;
		while (*p == '/')
			p++;
	}
	/* the path was "/" or "" after slashes: cur itself */
	nd->ino = cur;
	nd->parent = cur->parent ? cur->parent : cur;
	return 0;
}

static int walk(struct iou_sim *sim, int dirfd, const char *path, int follow,
		uint64_t resolve, struct nd *nd)
{
	struct iou__inode *start;

	memset(nd, 0, sizeof(*nd));
	if (!path)
		return -EFAULT;
	if (strnlen(path, IOU__PATH_MAX) >= IOU__PATH_MAX)
		return -ENAMETOOLONG;
	if (!*path)
		return -ENOENT;
	if (path[0] == '/' && !(resolve & (RESOLVE_IN_ROOT | RESOLVE_BENEATH))) {
		start = sim->world.root;
	} else if (dirfd == AT_FDCWD) {
		start = sim->world.root; /* the virtual process' cwd is "/" */
	} else {
		struct iou__file *f = iou__fd_get(sim, dirfd);

		if (!f)
			return -EBADF;
		if (f->type != IOU__FT_INODE || f->ino->type != IOU__I_DIR)
			return -ENOTDIR;
		start = f->ino;
	}
	nd->root = (resolve & RESOLVE_IN_ROOT) ? start : sim->world.root;
	nd->start = start;
	nd->resolve = resolve;
	return walk_from(sim, start, path, follow, nd);
}

/* /dev with the memory devices programs open (drivers/char/mem.c's
 * minors): reads and writes in devices.c. */
static int dev_init(struct iou_sim *sim, struct iou__inode *root)
{
	static const struct {
		const char *name;
		uint32_t minor;
	} devs[] = {
		{ "null", 3 }, { "zero", 5 }, { "full", 7 }, { "random", 8 },
		{ "urandom", 9 },
	};
	struct iou__inode *dev = inode_new(sim, IOU__I_DIR, 0755), *ino;

	if (!dev)
		return -ENOMEM;
	dev->nlink = 1;
	if (dir_add(root, "dev", dev)) {
		free(dev);
		return -ENOMEM;
	}
	for (size_t i = 0; i < sizeof(devs) / sizeof(*devs); i++) {
		ino = inode_new(sim, IOU__I_CHR, 0666);
		if (!ino)
			return -ENOMEM;
		ino->rdev = 1U << 8 | devs[i].minor; /* major 1: mem */
		if (dir_add(dev, devs[i].name, ino)) {
			free(ino);
			return -ENOMEM;
		}
	}
	return 0;
}

int iou__world_stdio(struct iou_sim *sim)
{
	for (uint32_t fd = 0; fd < 3; fd++) {
		struct iou__inode *ino = inode_new(sim, IOU__I_CHR, 0620);
		struct iou__file *f;
		int ret;

		if (!ino)
			return -ENOMEM;
		ino->rdev = IOU__DEV_HOST << 8 | fd;
		f = iou__file_new(sim, IOU__FT_INODE);
		if (!f) {
			free(ino);
			return -ENOMEM;
		}
		f->ino = ino;
		f->oflags = fd ? O_WRONLY : O_RDONLY;
		ino->opens++;
		ret = iou__fd_install_exact(sim, f, fd);
		iou__file_put(sim, f);
		if (ret < 0)
			return ret == -EBUSY ? 0 : ret;
	}
	return 0;
}

int iou__world_init(struct iou_sim *sim)
{
	struct iou__inode *root = inode_new(sim, IOU__I_DIR, 0755), *tmp;

	if (!root)
		return -ENOMEM;
	root->nlink = 2;
	root->parent = root;
	sim->world.root = root;
	tmp = inode_new(sim, IOU__I_DIR, 01777);
	if (!tmp)
		return -ENOMEM;
	tmp->nlink = 1; /* "." (dir_add adds the entry's link) */
	if (dir_add(root, "tmp", tmp)) {
		free(tmp);
		return -ENOMEM;
	}
	return dev_init(sim, root);
}

static void tree_free(struct iou__inode *dir)
{
	while (dir->ents) {
		struct iou__dirent *d = dir->ents;

		dir->ents = d->next;
		if (d->ino->type == IOU__I_DIR) {
			tree_free(d->ino);
			d->ino->nlink = 0;
		} else {
			d->ino->nlink--;
		}
		iou__inode_maybe_free(d->ino);
		free(d);
	}
}

void iou__world_free(struct iou_sim *sim)
{
	struct iou__world *w = &sim->world;

	for (uint32_t fd = 0; fd < w->nfds; fd++)
		if (w->fds[fd])
			iou__fd_close(sim, (int)fd);
	free(w->fds);
	free(w->fdflags);
	w->fds = NULL;
	w->fdflags = NULL;
	w->nfds = 0;
	if (w->root) {
		tree_free(w->root);
		w->root->nlink = 0;
		iou__inode_maybe_free(w->root);
		w->root = NULL;
	}
}

/* ---- path operations ---------------------------------------------------------- */

int iou__vfs_open(struct iou_sim *sim, int dirfd, const char *path, int flags,
		  uint32_t mode, uint64_t resolve, struct iou__file **out)
{
	struct iou__inode *ino;
	struct iou__file *f;
	struct nd nd;
	int acc = flags & O_ACCMODE;
	int ret;

	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	if (flags & O_CREAT) {
		/* "name/" with O_CREAT is -EISDIR once the parent resolved,
		 * before the name is looked up (open_last_lookups) */
		ret = walk(sim, dirfd, path, 0, resolve, &nd);
		if (ret)
			return ret;
		if (nd.trailing_slash && !nd.dot)
			return -EISDIR;
	}
	/* O_CREAT|O_EXCL does not follow the last symlink: it exists */
	ret = walk(sim, dirfd, path,
		   (flags & O_NOFOLLOW) || ((flags & O_CREAT) && (flags & O_EXCL))
		   ? 2 : 1, resolve, &nd);
	if (ret)
		return ret;
	ino = nd.ino;
	/* open_last_lookups/do_open: O_CREAT on "name/" is -EISDIR before
	 * the lookup; on "." or "..", -EEXIST with O_EXCL, else -EISDIR */
	if ((flags & O_CREAT) && nd.dot)
		return (flags & O_EXCL) ? -EEXIST : -EISDIR;
	if ((flags & O_CREAT) && nd.trailing_slash)
		return -EISDIR;
	if (!ino && nd.parent && !nd.parent->nlink)
		return -ENOENT; /* the directory was removed */
	if (ino) {
		if ((flags & O_CREAT) && (flags & O_EXCL))
			return -EEXIST;
		if (ino->type == IOU__I_LNK)
			return -ELOOP; /* O_NOFOLLOW on a symlink */
		if ((flags & O_DIRECTORY) && ino->type != IOU__I_DIR)
			return -ENOTDIR;
		if (ino->type == IOU__I_DIR && (acc != O_RDONLY ||
						(flags & O_CREAT)))
			return -EISDIR;
	} else {
		if (!(flags & O_CREAT))
			return -ENOENT;
		if (nd.trailing_slash || nd.dot)
			return -EISDIR;
		if (flags & O_DIRECTORY)
			return -EINVAL;
		ino = inode_new(sim, IOU__I_REG, mode);
		if (!ino)
			return -ENOMEM;
		if (dir_add(nd.parent, nd.last, ino)) {
			free(ino);
			return -ENOMEM;
		}
		nd.parent->mtime = sim->now;
	}
	f = iou__file_new(sim, IOU__FT_INODE);
	if (!f) {
		iou__inode_maybe_free(ino);
		return -ENOMEM;
	}
	f->ino = ino;
	f->oflags = flags;
	ino->opens++;
	if ((flags & O_TRUNC) && ino->type == IOU__I_REG && acc != O_RDONLY) {
		ino->size = 0;
		ino->mtime = sim->now;
	}
	*out = f;
	return 0;
}

int iou__vfs_mkdir(struct iou_sim *sim, int dirfd, const char *path,
		   uint32_t mode)
{
	struct iou__inode *ino;
	struct nd nd;
	int ret = walk(sim, dirfd, path, 0, 0, &nd);

	if (ret)
		return ret;
	if (nd.ino || nd.dot)
		return -EEXIST;
	if (!nd.parent->nlink)
		return -ENOENT;
	ino = inode_new(sim, IOU__I_DIR, mode);
	if (!ino)
		return -ENOMEM;
	ino->nlink = 1; /* "." */
	if (dir_add(nd.parent, nd.last, ino)) {
		free(ino);
		return -ENOMEM;
	}
	nd.parent->mtime = sim->now;
	return 0;
}

int iou__vfs_unlink(struct iou_sim *sim, int dirfd, const char *path,
		    int flags)
{
	struct nd nd;
	int ret;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	ret = walk(sim, dirfd, path, 0, 0, &nd);
	if (ret)
		return ret;
	if (flags & AT_REMOVEDIR) {
		if (nd.dot)
			return nd.last[0] == '.' && !nd.last[1] ? -EINVAL
								 : -ENOTEMPTY;
		if (!nd.ino)
			return -ENOENT;
		if (nd.ino->type != IOU__I_DIR)
			return -ENOTDIR;
		if (nd.ino->ents)
			return -ENOTEMPTY;
		if (nd.ino == sim->world.root)
			return -EBUSY;
	} else {
		if (!nd.ino)
			return -ENOENT;
		if (nd.ino->type == IOU__I_DIR)
			return -EISDIR;
		if (nd.trailing_slash)
			return -ENOTDIR;
	}
	dir_del(nd.parent, nd.last);
	nd.parent->mtime = sim->now;
	return 0;
}

static int is_ancestor(const struct iou__inode *a, const struct iou__inode *d)
{
	while (d) {
		if (d == a)
			return 1;
		if (d->parent == d)
			break;
		d = d->parent;
	}
	return 0;
}

/* do_renameat2's order: both parents, then "."/"..", the old name, then
 * NOREPLACE, slashes, ancestry, and the types (vfs_rename). */
int iou__vfs_rename(struct iou_sim *sim, int olddfd, const char *oldpath,
		    int newdfd, const char *newpath, unsigned flags)
{
	struct nd o, n;
	struct iou__inode *ino;
	int ret;

	/* RENAME_NOREPLACE (1) is modelled; EXCHANGE/WHITEOUT are not. */
	if (flags & ~1U)
		return -EINVAL;
	ret = walk(sim, olddfd, oldpath, 0, 0, &o);
	if (ret)
		return ret;
	ret = walk(sim, newdfd, newpath, 0, 0, &n);
	if (ret)
		return ret;
	if (o.dot)
		return -EBUSY;
	if (n.dot)
		return (flags & 1U) ? -EEXIST : -EBUSY;
	if (!o.ino)
		return -ENOENT;
	ino = o.ino;
	if ((flags & 1U) && n.ino)
		return -EEXIST;
	if (ino->type != IOU__I_DIR && (o.trailing_slash || n.trailing_slash))
		return -ENOTDIR;
	if (ino->type == IOU__I_DIR && is_ancestor(ino, n.parent) &&
	    n.ino != ino)
		return -EINVAL;
	if (n.ino && n.ino->type == IOU__I_DIR && is_ancestor(n.ino, o.parent))
		return -ENOTEMPTY;
	if (n.ino == ino)
		return 0;
	if (n.ino) {
		if (ino->type == IOU__I_DIR) {
			if (n.ino->type != IOU__I_DIR)
				return -ENOTDIR;
			if (n.ino->ents)
				return -ENOTEMPTY;
		} else if (n.ino->type == IOU__I_DIR) {
			return -EISDIR;
		}
	}
	/* keep the inode alive across the unlink of its old name */
	ino->opens++;
	dir_del(o.parent, o.last);
	if (n.ino)
		dir_del(n.parent, n.last);
	if (ino->type == IOU__I_DIR)
		ino->nlink = 1;
	ret = dir_add(n.parent, n.last, ino);
	ino->opens--;
	if (ret) {
		iou__inode_maybe_free(ino);
		return ret;
	}
	o.parent->mtime = n.parent->mtime = sim->now;
	return 0;
}

int iou__vfs_symlink(struct iou_sim *sim, const char *target, int dirfd,
		     const char *path)
{
	struct iou__inode *ino;
	struct nd nd;
	size_t tl;
	int ret;

	if (!target)
		return -EFAULT;
	tl = strnlen(target, IOU__PATH_MAX);
	if (!tl)
		return -ENOENT;
	if (tl >= IOU__PATH_MAX)
		return -ENAMETOOLONG;
	ret = walk(sim, dirfd, path, 0, 0, &nd);
	if (ret)
		return ret;
	if (nd.ino || nd.dot)
		return -EEXIST;
	if (nd.trailing_slash)
		return -ENOENT;
	ino = inode_new(sim, IOU__I_LNK, 0777);
	if (!ino)
		return -ENOMEM;
	ino->target = strdup(target);
	ino->size = tl;
	if (!ino->target || dir_add(nd.parent, nd.last, ino)) {
		free(ino->target);
		free(ino);
		return -ENOMEM;
	}
	return 0;
}

int iou__vfs_readlink(struct iou_sim *sim, int dirfd, const char *path,
		      char *buf, size_t len)
{
	struct nd nd;
	size_t tl;
	int ret;

	/* do_readlinkat: the size first, then the walk (no following) */
	if ((ssize_t)len <= 0 || len > INT32_MAX)
		return -EINVAL;
	if (!path)
		return -EFAULT;
	ret = walk(sim, dirfd, path, 2, 0, &nd);
	if (ret)
		return ret;
	if (!nd.ino)
		return -ENOENT;
	if (nd.ino->type != IOU__I_LNK)
		return -EINVAL;
	if (!buf)
		return -EFAULT;
	tl = strlen(nd.ino->target);
	if (tl > len)
		tl = len;
	memcpy(buf, nd.ino->target, tl);
	return (int)tl;
}

/* do_linkat's order: the old name, then the new one (filename_create:
 * it exists, ".", a trailing slash), then the old name's type. */
int iou__vfs_link(struct iou_sim *sim, int olddfd, const char *oldpath,
		  int newdfd, const char *newpath, int flags)
{
	struct nd o, n;
	int ret;

	if (flags & ~AT_SYMLINK_FOLLOW)
		return -EINVAL;
	ret = walk(sim, olddfd, oldpath, (flags & AT_SYMLINK_FOLLOW) ? 1 : 2,
		   0, &o);
	if (ret)
		return ret;
	if (!o.ino)
		return -ENOENT;
	ret = walk(sim, newdfd, newpath, 0, 0, &n);
	if (ret)
		return ret;
	if (n.ino || n.dot)
		return -EEXIST;
	if (n.trailing_slash)
		return -ENOENT;
	if (o.ino->type == IOU__I_DIR)
		return -EPERM;
	return dir_add(n.parent, n.last, o.ino);
}

static void fill_statx(const struct iou_sim *sim, struct statx *st,
		       const struct iou__inode *ino, const struct iou__file *f)
{
	memset(st, 0, sizeof(*st));
	st->stx_mask = STATX_BASIC_STATS;
	st->stx_blksize = 4096;
	st->stx_dev_major = 0;
	st->stx_dev_minor = 0x2a; /* the sim's device */
	if (!ino) {
		/* a pipe, a socket, or an anonymous inode (ring, eventfd) */
		st->stx_mode = !f ? S_IFREG | 0600
			: f->type == IOU__FT_SOCK ? S_IFSOCK | 0777
			: f->type == IOU__FT_PIPE_R || f->type == IOU__FT_PIPE_W
			? S_IFIFO | 0600 : S_IFREG | 0600;
		st->stx_nlink = 1;
		st->stx_ino = 0;
		return;
	}
	st->stx_ino = ino->ino;
	st->stx_nlink = ino->nlink;
	st->stx_size = ino->size;
	st->stx_blocks = (ino->size + 511) / 512;
	switch (ino->type) {
	case IOU__I_REG:
		st->stx_mode = S_IFREG;
		break;
	case IOU__I_DIR:
		st->stx_mode = S_IFDIR;
		st->stx_size = 4096;
		st->stx_blocks = 8;
		break;
	case IOU__I_LNK:
		st->stx_mode = S_IFLNK;
		break;
	case IOU__I_CHR:
		st->stx_mode = S_IFCHR;
		st->stx_rdev_major = ino->rdev >> 8;
		st->stx_rdev_minor = ino->rdev & 0xff;
		st->stx_size = 0;
		st->stx_blocks = 0;
		break;
	}
	st->stx_mode |= (uint16_t)ino->mode;
	st->stx_mtime.tv_sec = (int64_t)(ino->mtime / 1000000000ULL);
	st->stx_mtime.tv_nsec = (uint32_t)(ino->mtime % 1000000000ULL);
	st->stx_ctime = st->stx_mtime;
	st->stx_atime.tv_sec = (int64_t)(ino->atime / 1000000000ULL);
	st->stx_atime.tv_nsec = (uint32_t)(ino->atime % 1000000000ULL);
	st->stx_btime = st->stx_ctime;
	(void)sim;
}

int iou__vfs_statx(struct iou_sim *sim, int dirfd, const char *path,
		   int flags, unsigned mask, void *statxbuf)
{
	struct statx st;
	struct nd nd;
	int ret;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	if (!path)
		return -EFAULT;
	if (!*path && (flags & AT_EMPTY_PATH)) {
		struct iou__file *f = dirfd == AT_FDCWD ? NULL
				      : iou__fd_get(sim, dirfd);

		if (dirfd == AT_FDCWD) {
			fill_statx(sim, &st, sim->world.root, NULL);
		} else if (!f) {
			return -EBADF;
		} else {
			fill_statx(sim, &st, f->type == IOU__FT_INODE ? f->ino
				   : NULL, f);
		}
	} else {
		ret = walk(sim, dirfd, path,
			   (flags & AT_SYMLINK_NOFOLLOW) ? 2 : 1, 0, &nd);
		if (ret)
			return ret;
		if (!nd.ino)
			return -ENOENT;
		fill_statx(sim, &st, nd.ino, NULL);
	}
	if (!statxbuf)
		return -EFAULT;
	memcpy(statxbuf, &st, sizeof(st));
	return 0;
}

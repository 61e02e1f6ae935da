/* world.h — the sim's virtual world: an in-memory file tree rooted at `/`,
 * pipes, and one fd table per sim shared by all of its rings. Internal.
 *
 * Lifetimes: an inode lives while it has links (nlink) or open files
 * (opens); an open file (struct iou__file) lives while it has references:
 * the fd table, fixed-file tables, requests in flight. Sockets (issue 4)
 * add a type here and their ops in ops_net.c. */
#ifndef IOU_SIM_WORLD_H
#define IOU_SIM_WORLD_H

#include <stdint.h>
#include <sys/types.h>

#include "sim.h"

#define IOU__NAME_MAX 255
#define IOU__PATH_MAX 4096
#define IOU__SYMLOOP_MAX 40
#define IOU__FD_MAX 1024          /* RLIMIT_NOFILE of the virtual process,
				     unless iou_sim_set_nofile changed it */
#define IOU__NR_OPEN (1U << 20)   /* the most it can be (fs.nr_open) */
/* The file size limit now (RLIMIT_FSIZE), UINT64_MAX for none. */
#define IOU__FSIZE(sim) ((sim)->world.fsize_lim1 ? \
			 (sim)->world.fsize_lim1 - 1 : UINT64_MAX)
/* The fd limit now (RLIMIT_NOFILE). */
#define IOU__FDS(sim) ((sim)->world.fd_max ? (sim)->world.fd_max : IOU__FD_MAX)
#define IOU__FD_FIRST 3           /* 0..2 are the terminal, not modelled */
#define IOU__PIPE_SIZE 65536
/* Largest virtual file: files are contiguous in memory, so the sim's
 * filesystem has a small s_maxbytes (writes past it: -EFBIG). */
#define IOU__FILE_MAX (1ULL << 30)

enum iou__itype {
	IOU__I_REG,
	IOU__I_DIR,
	IOU__I_LNK,
	IOU__I_CHR,        /* /dev's null, zero, full, random, urandom */
};

struct iou__dirent {
	struct iou__dirent *next;    /* sorted by name: stable iteration */
	struct iou__inode *ino;
	char name[];
};

struct iou__inode {
	enum iou__itype type;
	uint64_t ino;
	uint32_t mode;               /* permission bits */
	uint32_t nlink;
	uint32_t opens;              /* open files on it */
	uint64_t mtime, ctime, atime;
	/* IOU__I_REG */
	uint8_t *data;
	uint64_t size;
	size_t cap;
	/* IOU__I_DIR */
	struct iou__dirent *ents;
	struct iou__inode *parent;
	/* IOU__I_LNK */
	char *target;
	/* IOU__I_CHR: the device (makedev's major << 8 | minor) and, for
	 * random/urandom, the position in its byte stream */
	uint32_t rdev;
	uint64_t dev_seq;
	struct iou__xattr *xattrs;   /* extended attributes (xattr.c) */
};

struct iou__pipe {
	uint8_t *buf;                /* IOU__PIPE_SIZE bytes, lazily */
	uint32_t head, len;
	uint32_t readers, writers;
	struct iou__waitq rwait;     /* readers waiting for data or EOF */
	struct iou__waitq wwait;     /* writers waiting for room */
};

enum iou__ftype {
	IOU__FT_INODE,               /* regular file or directory */
	IOU__FT_PIPE_R,
	IOU__FT_PIPE_W,
	IOU__FT_RING,
	IOU__FT_SOCK,                /* a stream socket (net.h) */
	IOU__FT_EVENTFD,             /* eventfd.c (evloop.h) */
	IOU__FT_EPOLL,               /* epoll.c (evloop.h) */
};

struct iou__file {
	enum iou__ftype type;
	uint32_t refs;
	int oflags;                  /* O_* it was opened with */
	uint64_t pos;
	struct iou__inode *ino;
	struct iou__pipe *pipe;
	struct iou__sring *ring;
	struct iou__sock *sock;      /* IOU__FT_SOCK */
	struct iou__eventfd *evfd;   /* IOU__FT_EVENTFD */
	struct iou__epoll *ep;       /* IOU__FT_EPOLL */
	uint32_t epitems;            /* epoll items watching it */
};

/* inodes: frees ino once it has no links and no open files (world.c) */
void iou__inode_maybe_free(struct iou__inode *ino);

/* fd table (fdtable.c) */
struct iou__file *iou__fd_get(struct iou_sim *sim, int fd);
/* Installs f (takes a reference) at the lowest free fd; -EMFILE. */
int iou__fd_install(struct iou_sim *sim, struct iou__file *f);
/* As iou__fd_install, at the lowest free fd >= min, with FD_CLOEXEC when
 * cloexec (F_DUPFD_CLOEXEC, O_CLOEXEC...). */
int iou__fd_install_at(struct iou_sim *sim, struct iou__file *f,
		       uint32_t min, int cloexec);
int iou__fd_close(struct iou_sim *sim, int fd);
/* Installs f at exactly fd (below fd_first too): fd, -EBUSY when it is
 * taken, -EMFILE, -ENOMEM. */
int iou__fd_install_exact(struct iou_sim *sim, struct iou__file *f,
			  uint32_t fd);
/* The standard streams of a process whose other fds are the host's
 * (iou_sim_set_fd_first): fds 0-2 become character devices whose writes
 * go to the host's fds 0-2 and whose reads end at once (devices.c).
 * 0 or -ENOMEM. */
int iou__world_stdio(struct iou_sim *sim);
struct iou__file *iou__file_new(struct iou_sim *sim, enum iou__ftype type);
void iou__file_get(struct iou__file *f);
void iou__file_put(struct iou_sim *sim, struct iou__file *f);

/* paths: each returns 0 or -errno, as the syscall of the same name */
int iou__vfs_open(struct iou_sim *sim, int dirfd, const char *path, int flags,
		  uint32_t mode, uint64_t resolve, struct iou__file **out);
int iou__vfs_mkdir(struct iou_sim *sim, int dirfd, const char *path,
		   uint32_t mode);
int iou__vfs_unlink(struct iou_sim *sim, int dirfd, const char *path,
		    int flags);
int iou__vfs_rename(struct iou_sim *sim, int olddfd, const char *oldpath,
		    int newdfd, const char *newpath, unsigned flags);
int iou__vfs_symlink(struct iou_sim *sim, const char *target, int dirfd,
		     const char *path);
/* readlinkat: the target's length copied (not NUL-terminated), or -errno */
int iou__vfs_readlink(struct iou_sim *sim, int dirfd, const char *path,
		      char *buf, size_t len);
int iou__vfs_link(struct iou_sim *sim, int olddfd, const char *oldpath,
		  int newdfd, const char *newpath, int flags);
int iou__vfs_statx(struct iou_sim *sim, int dirfd, const char *path,
		   int flags, unsigned mask, void *statxbuf);

/* The character devices of /dev (devices.c): bytes read (0: EOF) or
 * written, or -errno. */
#define IOU__DEV_HOST 136 /* a standard stream (a pts): the host's fd minor */
ssize_t iou__dev_read(struct iou__inode *ino, void *buf, size_t len);
ssize_t iou__dev_write(struct iou__inode *ino, const void *buf, size_t len);

/* file I/O, synchronous; pos < 0 means the file position. Return bytes or
 * -errno; -EAGAIN when it would block (pipe empty/full). */
ssize_t iou__file_read(struct iou_sim *sim, struct iou__file *f, void *buf,
		       size_t len, int64_t pos);
ssize_t iou__file_write(struct iou_sim *sim, struct iou__file *f,
			const void *buf, size_t len, int64_t pos);
int iou__file_fallocate(struct iou_sim *sim, struct iou__file *f, int mode,
			uint64_t off, uint64_t len);
int iou__file_readable(const struct iou__file *f);
int iou__file_writable(const struct iou__file *f);

/* extended attributes of an inode (xattr.c) */
void iou__xattrs_free(struct iou__inode *ino);

/* pipes */
int iou__pipe_new(struct iou_sim *sim, struct iou__file **rd,
		  struct iou__file **wr);

#endif /* IOU_SIM_WORLD_H */

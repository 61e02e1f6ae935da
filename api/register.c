/* register.c — io_uring_register wrappers shared by every backend: buffers,
 * files, eventfd, the ring fd, probes and provided-buffer rings. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "backend.h"

int iou_register(struct iou *ring, unsigned opcode, const void *arg,
		 unsigned nr_args)
{
	int ret = iou__ring_check(ring);

	if (ret)
		return ret;
	return ring->backend->register_op(ring, opcode, arg, nr_args);
}

int iou_register_buffers(struct iou *ring, const struct iovec *iovecs,
			 unsigned nr_iovecs)
{
	return iou_register(ring, IOU_REGISTER_BUFFERS, iovecs, nr_iovecs);
}

int iou_register_buffers_sparse(struct iou *ring, unsigned nr)
{
	struct iou_rsrc_register reg;

	memset(&reg, 0, sizeof(reg));
	reg.nr = nr;
	reg.flags = IOU_RSRC_REGISTER_SPARSE;
	return iou_register(ring, IOU_REGISTER_BUFFERS2, &reg, sizeof(reg));
}

int iou_unregister_buffers(struct iou *ring)
{
	return iou_register(ring, IOU_UNREGISTER_BUFFERS, NULL, 0);
}

int iou_register_files(struct iou *ring, const int *files, unsigned nr)
{
	return iou_register(ring, IOU_REGISTER_FILES, files, nr);
}

int iou_register_files_sparse(struct iou *ring, unsigned nr)
{
	struct iou_rsrc_register reg;

	memset(&reg, 0, sizeof(reg));
	reg.nr = nr;
	reg.flags = IOU_RSRC_REGISTER_SPARSE;
	return iou_register(ring, IOU_REGISTER_FILES2, &reg, sizeof(reg));
}

int iou_register_files_update(struct iou *ring, unsigned off, const int *files,
			      unsigned nr)
{
	struct iou_files_update up;

	memset(&up, 0, sizeof(up));
	up.offset = off;
	up.fds = (uint64_t)(uintptr_t)files;
	return iou_register(ring, IOU_REGISTER_FILES_UPDATE, &up, nr);
}

int iou_unregister_files(struct iou *ring)
{
	return iou_register(ring, IOU_UNREGISTER_FILES, NULL, 0);
}

int iou_register_eventfd(struct iou *ring, int fd)
{
	return iou_register(ring, IOU_REGISTER_EVENTFD, &fd, 1);
}

int iou_register_eventfd_async(struct iou *ring, int fd)
{
	return iou_register(ring, IOU_REGISTER_EVENTFD_ASYNC, &fd, 1);
}

int iou_unregister_eventfd(struct iou *ring)
{
	return iou_register(ring, IOU_UNREGISTER_EVENTFD, NULL, 0);
}

int iou_register_ring_fd(struct iou *ring)
{
	struct iou_rsrc_update up;
	int ret;

	ret = iou__ring_check(ring);
	if (ret)
		return ret;
	if (ring->int_flags & IOU__INT_REG_RING)
		return -EEXIST;
	memset(&up, 0, sizeof(up));
	up.offset = -1U; /* any free slot */
	up.data = (uint64_t)ring->ring_fd;
	ret = iou_register(ring, IOU_REGISTER_RING_FDS, &up, 1);
	if (ret == 1) {
		ring->enter_ring_fd = (int)up.offset;
		ring->int_flags |= IOU__INT_REG_RING;
	}
	return ret;
}

int iou_unregister_ring_fd(struct iou *ring)
{
	struct iou_rsrc_update up;
	int ret;

	ret = iou__ring_check(ring);
	if (ret)
		return ret;
	if (!(ring->int_flags & IOU__INT_REG_RING))
		return -EINVAL;
	memset(&up, 0, sizeof(up));
	up.offset = (uint32_t)ring->enter_ring_fd;
	ret = iou_register(ring, IOU_UNREGISTER_RING_FDS, &up, 1);
	if (ret == 1) {
		ring->enter_ring_fd = ring->ring_fd;
		ring->int_flags &= ~IOU__INT_REG_RING;
	}
	return ret;
}

#define PROBE_OPS 256U

struct iou_probe *iou_get_probe_ring(struct iou *ring)
{
	size_t sz = sizeof(struct iou_probe) + PROBE_OPS * sizeof(struct iou_probe_op);
	struct iou_probe *probe = calloc(1, sz);

	if (!probe)
		return NULL;
	if (iou_register(ring, IOU_REGISTER_PROBE, probe, PROBE_OPS) < 0) {
		free(probe);
		return NULL;
	}
	return probe;
}

void iou_free_probe(struct iou_probe *probe)
{
	free(probe);
}

int iou_opcode_supported(const struct iou_probe *probe, int op)
{
	if (!probe || op < 0 || op > probe->last_op || op >= probe->ops_len)
		return 0;
	return (probe->ops[op].flags & IOU_OP_SUPPORTED) != 0;
}

int iou_ring_opcode_supported(struct iou *ring, int op)
{
	struct iou_probe *probe;
	int ret;

	if (!ring)
		return -EINVAL;
	if (ring->magic != IOU__MAGIC)
		return -EBADF;
	probe = iou_get_probe_ring(ring);
	if (!probe)
		return -EOPNOTSUPP;
	ret = iou_opcode_supported(probe, op);
	iou_free_probe(probe);
	return ret;
}

int iou_register_buf_ring(struct iou *ring, struct iou_buf_reg *reg,
			  unsigned flags)
{
	if (!reg)
		return ring ? -EFAULT : -EINVAL;
	reg->flags |= (uint16_t)flags;
	return iou_register(ring, IOU_REGISTER_PBUF_RING, reg, 1);
}

int iou_unregister_buf_ring(struct iou *ring, int bgid)
{
	struct iou_buf_reg reg;

	memset(&reg, 0, sizeof(reg));
	reg.bgid = (uint16_t)bgid;
	return iou_register(ring, IOU_UNREGISTER_PBUF_RING, &reg, 1);
}

static size_t buf_ring_size(unsigned nentries)
{
	return (size_t)nentries * sizeof(struct iou_buf);
}

/* The sim's buf_ring memory comes from a pool of its own (no mmap and
 * munmap per ring: they were most of a short sim run's time). */
void *iou__sim_brmem_get(struct iou *ring, size_t size);
void iou__sim_brmem_put(struct iou *ring, void *p);

/* A live sim ring (not NULL, set up, its sim not freed). */
static int on_sim(const struct iou *ring)
{
	/* a set-up sim ring whose sim is still there (iou__ring_check) */
	return !iou__ring_check(ring) && ring->backend == &iou__sim_backend;
}

static void *br_map(struct iou *ring, size_t size)
{
	void *p;

	if (on_sim(ring))
		return iou__sim_brmem_get(ring, size);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void br_unmap(struct iou *ring, void *p, size_t size)
{
	if (on_sim(ring))
		iou__sim_brmem_put(ring, p);
	else
		munmap(p, size);
}

struct iou_buf_ring *iou_setup_buf_ring(struct iou *ring, unsigned nentries,
					int bgid, unsigned flags, int *err)
{
	struct iou_buf_reg reg;
	struct iou_buf_ring *br;
	int dummy, ret;

	if (!err)
		err = &dummy;
	ret = iou__ring_check(ring);
	if (ret) {
		*err = ret;
		return NULL;
	}
	if (!nentries || nentries > 32768 || (nentries & (nentries - 1))) {
		*err = -EINVAL;
		return NULL;
	}
	br = br_map(ring, buf_ring_size(nentries));
	if (!br) {
		*err = -ENOMEM;
		return NULL;
	}
	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (uint64_t)(uintptr_t)br;
	reg.ring_entries = nentries;
	reg.bgid = (uint16_t)bgid;
	/* liburing's br_setup: the flags (IOU_PBUF_RING_INC) are reg's */
	reg.flags = (uint16_t)flags;
	ret = iou_register_buf_ring(ring, &reg, 0);
	if (ret < 0) {
		br_unmap(ring, br, buf_ring_size(nentries));
		*err = ret;
		return NULL;
	}
	iou_buf_ring_init(br);
	*err = 0;
	return br;
}

int iou_free_buf_ring(struct iou *ring, struct iou_buf_ring *br,
		      unsigned nentries, int bgid)
{
	int ret = iou_unregister_buf_ring(ring, bgid);

	if (ret < 0)
		return ret;
	br_unmap(ring, br, buf_ring_size(nentries));
	return 0;
}

/* ---- Further registrations (liburing parity) --------------------------- */

int iou_enable_rings(struct iou *ring)
{
	int ret = iou_register(ring, IOU_REGISTER_ENABLE_RINGS, NULL, 0);

	/* The enabling task is the submitter of a single-issuer ring: the
	 * ring fd registered here is valid where it will be used. */
	if (!ret && (ring->flags & IOU_SETUP_SINGLE_ISSUER) &&
	    (ring->flags & IOU_SETUP_R_DISABLED) &&
	    !(ring->int_flags & (IOU__INT_REG_RING | IOU__INT_NO_AUTO_REG)))
		(void)iou_register_ring_fd(ring);
	return ret;
}

int iou_register_probe(struct iou *ring, struct iou_probe *probe, unsigned nr)
{
	return iou_register(ring, IOU_REGISTER_PROBE, probe, nr);
}

int iou_register_personality(struct iou *ring)
{
	return iou_register(ring, IOU_REGISTER_PERSONALITY, NULL, 0);
}

int iou_unregister_personality(struct iou *ring, int id)
{
	return iou_register(ring, IOU_UNREGISTER_PERSONALITY, NULL, (unsigned)id);
}

int iou_register_restrictions(struct iou *ring, const void *res, unsigned nr)
{
	return iou_register(ring, IOU_REGISTER_RESTRICTIONS, res, nr);
}

static int rsrc_register(struct iou *ring, unsigned op, const void *data,
			 const uint64_t *tags, unsigned nr)
{
	struct iou_rsrc_register reg;

	memset(&reg, 0, sizeof(reg));
	reg.nr = nr;
	reg.data = (uint64_t)(uintptr_t)data;
	reg.tags = (uint64_t)(uintptr_t)tags;
	return iou_register(ring, op, &reg, sizeof(reg));
}

static int rsrc_update(struct iou *ring, unsigned op, unsigned off,
		       const void *data, const uint64_t *tags, unsigned nr)
{
	struct iou_rsrc_update2 up;

	memset(&up, 0, sizeof(up));
	up.offset = off;
	up.data = (uint64_t)(uintptr_t)data;
	up.tags = (uint64_t)(uintptr_t)tags;
	up.nr = nr;
	return iou_register(ring, op, &up, sizeof(up));
}

int iou_register_files_tags(struct iou *ring, const int *files,
			    const uint64_t *tags, unsigned nr)
{
	return rsrc_register(ring, IOU_REGISTER_FILES2, files, tags, nr);
}

int iou_register_files_update_tag(struct iou *ring, unsigned off,
				  const int *files, const uint64_t *tags,
				  unsigned nr)
{
	return rsrc_update(ring, IOU_REGISTER_FILES_UPDATE2, off, files, tags,
			   nr);
}

int iou_register_buffers_tags(struct iou *ring, const struct iovec *iovecs,
			      const uint64_t *tags, unsigned nr)
{
	return rsrc_register(ring, IOU_REGISTER_BUFFERS2, iovecs, tags, nr);
}

int iou_register_buffers_update_tag(struct iou *ring, unsigned off,
				    const struct iovec *iovecs,
				    const uint64_t *tags, unsigned nr)
{
	return rsrc_update(ring, IOU_REGISTER_BUFFERS_UPDATE, off, iovecs, tags,
			   nr);
}

int iou_register_iowq_aff(struct iou *ring, size_t cpusz, const void *mask)
{
	if (cpusz >= (1U << 31))
		return -EINVAL;
	return iou_register(ring, IOU_REGISTER_IOWQ_AFF, mask, (unsigned)cpusz);
}

int iou_unregister_iowq_aff(struct iou *ring)
{
	return iou_register(ring, IOU_UNREGISTER_IOWQ_AFF, NULL, 0);
}

int iou_register_iowq_max_workers(struct iou *ring, unsigned *values)
{
	return iou_register(ring, IOU_REGISTER_IOWQ_MAX_WORKERS, values, 2);
}

int iou_register_sync_cancel(struct iou *ring, struct iou_sync_cancel_reg *reg)
{
	return iou_register(ring, IOU_REGISTER_SYNC_CANCEL, reg, 1);
}

int iou_register_file_alloc_range(struct iou *ring, unsigned off, unsigned len)
{
	struct { uint32_t off, len; uint64_t resv; } range;

	memset(&range, 0, sizeof(range));
	range.off = off;
	range.len = len;
	return iou_register(ring, IOU_REGISTER_FILE_ALLOC_RANGE, &range, 0);
}

int iou_buf_ring_head(struct iou *ring, int bgid, uint16_t *head)
{
	struct iou_buf_status st;
	int ret;

	if (!head)
		return -EINVAL;
	memset(&st, 0, sizeof(st));
	st.buf_group = (uint32_t)bgid;
	ret = iou_register(ring, IOU_REGISTER_PBUF_STATUS, &st, 1);
	if (ret)
		return ret;
	*head = (uint16_t)st.head;
	return 0;
}

int iou_close_ring_fd(struct iou *ring)
{
	int saved, ret;

	if (!ring)
		return -EINVAL;
	if (ring->magic != IOU__MAGIC)
		return -EBADF;
	if (!(ring->int_flags & IOU__INT_REG_RING) || ring->ring_fd < 0)
		return -EINVAL;
	/* The sim's ring fds are virtual: the backend closes them. */
	if (ring->backend != &iou__linux_backend)
		return -EOPNOTSUPP;
	saved = errno;
	ret = close(ring->ring_fd) < 0 ? -errno : 1;
	errno = saved;
	if (ret == 1)
		ring->ring_fd = -1;
	return ret;
}

/* IORING_REGISTER_* past iou_abi.h's list (6.9 - 6.13). */
#define REG_NAPI 27U
#define UNREG_NAPI 28U
#define REG_CLOCK 29U
#define REG_CLONE_BUFFERS 30U
#define CLONE_SRC_REGISTERED 1U

int iou_clone_buffers_offset(struct iou *dst, struct iou *src,
			     unsigned dst_off, unsigned src_off, unsigned nr,
			     unsigned flags)
{
	struct {
		uint32_t src_fd, flags, src_off, dst_off, nr, pad[3];
	} arg;

	if (!dst || !src)
		return -EINVAL;
	if (dst->magic != IOU__MAGIC || src->magic != IOU__MAGIC)
		return -EBADF;
	if (dst->backend != src->backend)
		return -EINVAL;
	memset(&arg, 0, sizeof(arg));
	arg.flags = flags;
	if (src->int_flags & IOU__INT_REG_RING) {
		arg.src_fd = (uint32_t)src->enter_ring_fd;
		arg.flags |= CLONE_SRC_REGISTERED;
	} else {
		arg.src_fd = (uint32_t)src->ring_fd;
	}
	arg.src_off = src_off;
	arg.dst_off = dst_off;
	arg.nr = nr;
	return iou_register(dst, REG_CLONE_BUFFERS, &arg, 1);
}

int iou_clone_buffers(struct iou *dst, struct iou *src)
{
	return iou_clone_buffers_offset(dst, src, 0, 0, 0, 0);
}

int iou_register_napi(struct iou *ring, void *napi)
{
	return iou_register(ring, REG_NAPI, napi, 1);
}

int iou_unregister_napi(struct iou *ring, void *napi)
{
	return iou_register(ring, UNREG_NAPI, napi, 1);
}

int iou_register_clock(struct iou *ring, int clockid)
{
	struct { uint32_t clockid, resv[3]; } arg;

	memset(&arg, 0, sizeof(arg));
	arg.clockid = (uint32_t)clockid;
	return iou_register(ring, REG_CLOCK, &arg, 0);
}

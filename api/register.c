/* register.c — io_uring_register wrappers shared by every backend: buffers,
 * files, eventfd, the ring fd, probes and provided-buffer rings. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

struct iou_buf_ring *iou_setup_buf_ring(struct iou *ring, unsigned nentries,
					int bgid, unsigned flags, int *err)
{
	struct iou_buf_reg reg;
	struct iou_buf_ring *br;
	int dummy, ret;

	if (!err)
		err = &dummy;
	if (!nentries || nentries > 32768 || (nentries & (nentries - 1))) {
		*err = -EINVAL;
		return NULL;
	}
	br = mmap(NULL, buf_ring_size(nentries), PROT_READ | PROT_WRITE,
		  MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
	if (br == MAP_FAILED) {
		*err = -ENOMEM;
		return NULL;
	}
	memset(&reg, 0, sizeof(reg));
	reg.ring_addr = (uint64_t)(uintptr_t)br;
	reg.ring_entries = nentries;
	reg.bgid = (uint16_t)bgid;
	ret = iou_register_buf_ring(ring, &reg, flags);
	if (ret < 0) {
		munmap(br, buf_ring_size(nentries));
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
	munmap(br, buf_ring_size(nentries));
	return 0;
}

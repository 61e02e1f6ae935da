/* reg.c — io_uring_register on the sim: fixed buffers, fixed files (sparse,
 * updates, direct slots), eventfd (signalled by eventfd.c),
 * the probe (per profile, and only ops the sim models), ring fds,
 * buf_rings (refusing unmapped ring memory as the kernel does), R_DISABLED
 * rings, file allocation ranges. Unknown opcodes and
 * ones the profile lacks: -EINVAL. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>

#include "buf.h"
#include "evloop.h"
#include "world.h"

#define MAX_REG_BUFFERS (1U << 14)
#define MAX_FIXED_FILES (1U << 15)
#define MAX_BUF_SIZE (1ULL << 30)
#define RING_FD_SLOTS 16U

/* ---- fixed buffers ------------------------------------------------------- */

static int buffers_set(struct iou__sring *r, const struct iovec *iov,
		       uint32_t nr, int sparse)
{
	struct iovec *b;

	if (!nr || nr > MAX_REG_BUFFERS)
		return -EINVAL;
	if (r->bufs)
		return -EBUSY;
	if (!sparse && !iov)
		return -EFAULT;
	if (!sparse) {
		for (uint32_t i = 0; i < nr; i++) {
			if (!iov[i].iov_base) {
				/* a hole is fine from 5.13 */
				if (iov[i].iov_len ||
				    !iou__kernel_at_least(r->sim, 5, 13))
					return -EFAULT;
				continue;
			}
			if (!iov[i].iov_len || iov[i].iov_len > MAX_BUF_SIZE)
				return -EFAULT;
		}
	}
	/* register_buffers may fail under the memlock limit (KERNEL_FACTS) */
	if (iou__fault(r->sim, IOU_FAULT_ENOMEM))
		return -ENOMEM;
	b = calloc(nr, sizeof(*b));
	if (!b)
		return -ENOMEM;
	if (!sparse)
		memcpy(b, iov, nr * sizeof(*b));
	r->bufs = b;
	r->nbufs = nr;
	return 0;
}

static int buffers_update(struct iou__sring *r, const struct iou_rsrc_update2 *up,
			  unsigned size)
{
	const struct iovec *iov = (const struct iovec *)(uintptr_t)up->data;

	if (size != sizeof(*up) || up->resv || up->resv2)
		return -EINVAL;
	if (!r->bufs)
		return -ENXIO;
	if (up->offset > r->nbufs || up->nr > r->nbufs - up->offset)
		return -EINVAL;
	if (up->nr && !iov)
		return -EFAULT;
	for (uint32_t i = 0; i < up->nr; i++) {
		if (iov[i].iov_base && (!iov[i].iov_len ||
					iov[i].iov_len > MAX_BUF_SIZE))
			return i ? (int)i : -EFAULT;
		r->bufs[up->offset + i] = iov[i];
	}
	return (int)up->nr;
}

/* ---- fixed files ----------------------------------------------------------- */

int iou__fixed_install(struct iou__sring *r, uint32_t slot, struct iou__file *f)
{
	if (!r->fixed)
		return -ENXIO;
	if (slot == IOU_FILE_INDEX_ALLOC) {
		uint32_t lo = r->fixed_alloc_start, hi = r->fixed_alloc_end;

		if (!hi || hi > r->nfixed)
			hi = r->nfixed;
		for (slot = lo; slot < hi; slot++)
			if (!r->fixed[slot])
				break;
		if (slot >= hi)
			return -ENFILE;
	}
	if (slot >= r->nfixed)
		return -EINVAL;
	if (r->fixed[slot])
		iou__file_put(r->sim, r->fixed[slot]);
	iou__file_get(f);
	r->fixed[slot] = f;
	return (int)slot;
}

int iou__fixed_buf_check(const struct iou__sring *r, uint16_t i,
			 uint64_t addr, uint32_t len)
{
	uint64_t base, end;

	if (i >= r->nbufs || !r->bufs[i].iov_base)
		return -EFAULT;
	base = (uint64_t)(uintptr_t)r->bufs[i].iov_base;
	end = base + r->bufs[i].iov_len;
	if (addr < base || addr + len < addr || addr + len > end)
		return -EFAULT;
	return 0;
}

int iou__req_install(struct iou__req *req, struct iou__file *f)
{
	struct iou_sim *sim = req->ring->sim;
	uint32_t slot = req->sqe.file_index;
	int ret;

	if (slot) {
		ret = iou__fixed_install(req->ring,
			slot == IOU_FILE_INDEX_ALLOC ? slot : slot - 1, f);
		/* ALLOC returns the slot; a given slot returns 0 */
		if (ret >= 0 && slot != IOU_FILE_INDEX_ALLOC)
			ret = 0;
	} else {
		ret = iou__fd_install(sim, f);
	}
	iou__file_put(sim, f);
	return ret;
}

int iou__fixed_remove(struct iou__sring *r, uint32_t slot)
{
	if (!r->fixed)
		return -ENXIO;
	if (slot >= r->nfixed)
		return -EINVAL;
	if (!r->fixed[slot])
		return -EBADF;
	iou__file_put(r->sim, r->fixed[slot]);
	r->fixed[slot] = NULL;
	return 0;
}

static void files_drop(struct iou__sring *r)
{
	for (uint32_t i = 0; i < r->nfixed; i++)
		if (r->fixed[i])
			iou__file_put(r->sim, r->fixed[i]);
	free(r->fixed);
	r->fixed = NULL;
	r->nfixed = 0;
	r->fixed_alloc_start = r->fixed_alloc_end = 0;
}

/* A file that may go in the fixed table: not an io_uring fd. */
static int fixed_candidate(struct iou__sring *r, int fd, struct iou__file **f)
{
	*f = iou__fd_get(r->sim, fd);
	if (!*f || (*f)->type == IOU__FT_RING)
		return -EBADF;
	return 0;
}

static int files_set(struct iou__sring *r, const int32_t *fds, uint32_t nr,
		     int sparse)
{
	int ret;

	if (!nr || nr > MAX_FIXED_FILES)
		return -EINVAL;
	if (r->fixed)
		return -EBUSY;
	if (!sparse && !fds)
		return -EFAULT;
	r->fixed = calloc(nr, sizeof(*r->fixed));
	if (!r->fixed)
		return -ENOMEM;
	r->nfixed = nr;
	for (uint32_t i = 0; !sparse && i < nr; i++) {
		struct iou__file *f;

		if (fds[i] == -1) {
			/* holes from 5.5; 5.4: -EBADF (KERNEL_FACTS) */
			if (r->sim->prof->sparse_minus1)
				continue;
			files_drop(r);
			return -EBADF;
		}
		ret = fixed_candidate(r, fds[i], &f);
		if (ret) {
			files_drop(r);
			return ret;
		}
		iou__file_get(f);
		r->fixed[i] = f;
	}
	return 0;
}

int iou__files_update(struct iou__sring *r, uint32_t off, int32_t *fds,
		      uint32_t nr)
{
	uint32_t done = 0;
	int alloc = off == IOU_FILE_INDEX_ALLOC, ret = 0;

	if (!r->fixed)
		return -ENXIO;
	if (!fds)
		return -EFAULT;
	if (!alloc && (off > r->nfixed || nr > r->nfixed - off))
		return -EINVAL;
	for (; done < nr; done++) {
		struct iou__file *f;

		if (!alloc && fds[done] == IOU_REGISTER_FILES_SKIP)
			continue;
		if (fds[done] == -1 && alloc) {
			ret = -EINVAL;
			break;
		}
		/* the slot is emptied first, whatever comes next: a bad fd
		 * fails with the slot empty (__io_sqe_files_update; found
		 * by fuzz/diff) */
		if (!alloc && r->fixed[off + done]) {
			iou__file_put(r->sim, r->fixed[off + done]);
			r->fixed[off + done] = NULL;
		}
		if (fds[done] == -1)
			continue;
		ret = fixed_candidate(r, fds[done], &f);
		if (ret)
			break;
		ret = iou__fixed_install(r, alloc ? IOU_FILE_INDEX_ALLOC
						  : off + done, f);
		if (ret < 0)
			break;
		if (alloc)
			fds[done] = ret; /* the slot, written back */
		ret = 0;
	}
	return done ? (int)done : ret;
}

/* ---- probe ------------------------------------------------------------------- */

static int probe(struct iou__sring *r, struct iou_probe *p, unsigned nr)
{
	struct iou_sim *sim = r->sim;
	size_t size;

	if (!sim->prof->has_probe)
		return -EINVAL;
	if (!p)
		return -EFAULT;
	if (nr > IOU_OP_LAST)
		nr = IOU_OP_LAST;
	size = sizeof(*p) + nr * sizeof(p->ops[0]);
	for (size_t i = 0; i < size; i++)
		if (((const uint8_t *)p)[i])
			return -EINVAL;
	p->last_op = sim->prof->last_op;
	p->ops_len = (uint8_t)nr;
	for (unsigned i = 0; i < nr; i++) {
		p->ops[i].op = (uint8_t)i;
		if (iou__op_get(sim, i))
			p->ops[i].flags = IOU_OP_SUPPORTED;
	}
	return 0;
}

/* ---- ring fds ------------------------------------------------------------------ */

static int ring_fds(struct iou__sring *r, struct iou_rsrc_update *up,
		    unsigned nr, int reg)
{
	unsigned done = 0;

	if (!r->sim->prof->has_ring_fds)
		return -EINVAL;
	if (!up || nr > RING_FD_SLOTS)
		return -EINVAL;
	for (; done < nr; done++) {
		uint32_t slot = up[done].offset;

		if (up[done].resv)
			return done ? (int)done : -EINVAL;
		if (reg) {
			struct iou__file *f = iou__fd_get(r->sim,
							  (int)up[done].data);

			if (!f || f->type != IOU__FT_RING)
				return done ? (int)done : -EBADF;
			if (slot == UINT32_MAX) {
				for (slot = 0; slot < RING_FD_SLOTS; slot++)
					if (!(r->ring_fds & (1U << slot)))
						break;
				if (slot == RING_FD_SLOTS)
					return done ? (int)done : -EBUSY;
				up[done].offset = slot;
			} else if (slot >= RING_FD_SLOTS) {
				return done ? (int)done : -EINVAL;
			}
			r->ring_fds |= (uint16_t)(1U << slot);
		} else {
			if (slot >= RING_FD_SLOTS)
				return done ? (int)done : -EINVAL;
			r->ring_fds &= (uint16_t)~(1U << slot);
		}
	}
	return (int)done;
}

/* ---- dispatch ------------------------------------------------------------------- */

void iou__reg_free(struct iou__sring *r)
{
	if (r->evfd_file)
		iou__evfd_unregister(r);
	files_drop(r);
	free(r->bufs);
	r->bufs = NULL;
	r->nbufs = 0;
	iou__bgroups_free(r);
}

/* ---- resource tags ----------------------------------------------------------- */

/* Resource tags (5.13): the kernel posts a CQE carrying a slot's tag when
 * the resource it names is released. The sim does not model the release
 * CQEs, so it refuses any non-zero tag (-EINVAL, as the kernel answers a
 * tag on an empty slot) rather than accept it and never post. NULL tags
 * and all-zero tags are the untagged registration the sim models. */
static int tags_unmodelled(uint64_t tags, uint32_t nr)
{
	const uint64_t *t = (const uint64_t *)(uintptr_t)tags;

	if (!t)
		return 0;
	for (uint32_t i = 0; i < nr; i++)
		if (t[i])
			return -EINVAL;
	return 0;
}

/* ---- buf_ring addresses ----------------------------------------------------- */

/* The kernel pins a buf_ring's pages and refuses memory it cannot: -EFAULT
 * below mmap_min_addr (64 KiB by default, never mapped) or where the
 * caller has nothing mapped (measured on 6.18: 4096, an unmapped page, a
 * ring running past the end of its mapping). The sim asks the host whether
 * the caller's own range is mapped (mincore: it depends on the program, not
 * on time). Only for a registration that is otherwise valid: the kernel
 * checks sizes and alignment (-EINVAL) first. Read-only pages (-EFAULT on
 * the kernel) are not detected. */
static int pbuf_addr_check(const struct iou_buf_reg *reg)
{
	unsigned char vec[(32768U * sizeof(struct iou_buf)) / 4096U + 1];
	uint64_t addr = reg->ring_addr;
	size_t len;
	int saved, bad;

	if (reg->flags || reg->resv[0] || reg->resv[1] || reg->resv[2] ||
	    !reg->ring_entries || reg->ring_entries > 32768 ||
	    (reg->ring_entries & (reg->ring_entries - 1)) || !addr ||
	    (addr & 4095))
		return 0; /* iou__pbuf_register answers these */
	if (addr < 65536)
		return -EFAULT;
	len = (size_t)reg->ring_entries * sizeof(struct iou_buf);
	len = (len + 4095) & ~(size_t)4095;
	if (addr > UINTPTR_MAX - len)
		return -EFAULT;
	saved = errno;
	bad = mincore((void *)(uintptr_t)addr, len, vec) < 0;
	errno = saved;
	return bad ? -EFAULT : 0;
}

int iou__sim_register(struct iou *ring, unsigned opcode, const void *arg,
		      unsigned nr)
{
	struct iou__sring *r = iou__sring(ring);
	struct iou_sim *sim = r->sim;
	const struct iou__profile *prof = sim->prof;
	void *warg = (void *)(uintptr_t)arg; /* the kernel writes back */
	int ret;

	opcode &= ~(unsigned)IOU_REGISTER_USE_REGISTERED_RING;
	switch (opcode) {
	case IOU_REGISTER_BUFFERS:
		ret = buffers_set(r, arg, nr, 0);
		break;
	case IOU_UNREGISTER_BUFFERS:
		if (arg || nr)
			ret = -EINVAL;
		else if (!r->bufs)
			ret = -ENXIO;
		else {
			free(r->bufs);
			r->bufs = NULL;
			r->nbufs = 0;
			ret = 0;
		}
		break;
	case IOU_REGISTER_FILES:
		ret = files_set(r, arg, nr, 0);
		break;
	case IOU_UNREGISTER_FILES:
		if (arg || nr)
			ret = -EINVAL;
		else if (!r->fixed)
			ret = -ENXIO;
		else {
			files_drop(r);
			ret = 0;
		}
		break;
	case IOU_REGISTER_FILES_UPDATE: {
		struct iou_files_update *up = warg;

		if (!up)
			ret = -EFAULT;
		else if (up->resv || !nr)
			ret = -EINVAL;
		else
			ret = iou__files_update(r, up->offset,
				(int32_t *)(uintptr_t)up->fds, nr);
		break;
	}
	case IOU_REGISTER_EVENTFD:
	case IOU_REGISTER_EVENTFD_ASYNC:
		/* io_eventfd_register: busy, then the fd (eventfd.c
		 * signals it as CQEs post) */
		if (nr != 1)
			ret = -EINVAL;
		else
			ret = iou__evfd_register(r, arg, opcode ==
						 IOU_REGISTER_EVENTFD_ASYNC);
		break;
	case IOU_UNREGISTER_EVENTFD:
		if (arg || nr)
			ret = -EINVAL;
		else
			ret = iou__evfd_unregister(r);
		break;
	case IOU_REGISTER_PROBE:
		ret = probe(r, warg, nr);
		break;
	case IOU_REGISTER_ENABLE_RINGS:
		if (!iou__kernel_at_least(sim, 5, 10))
			ret = -EINVAL;
		else if (!r->disabled)
			ret = -EBADFD;
		else {
			r->disabled = 0;
			ret = 0;
		}
		break;
	case IOU_REGISTER_FILES2:
	case IOU_REGISTER_BUFFERS2: {
		const struct iou_rsrc_register *rr = arg;

		if (!prof->has_files2)
			ret = -EINVAL;
		else if (!rr)
			ret = -EFAULT;
		else if (nr != sizeof(*rr) || rr->resv2 ||
			 (rr->flags & ~IOU_RSRC_REGISTER_SPARSE))
			ret = -EINVAL;
		else if ((rr->flags & IOU_RSRC_REGISTER_SPARSE) && rr->data)
			ret = -EINVAL;
		else if (rr->nr <= MAX_FIXED_FILES &&
			 tags_unmodelled(rr->tags, rr->nr))
			ret = -EINVAL;
		else if (opcode == IOU_REGISTER_FILES2)
			ret = files_set(r, (const int32_t *)(uintptr_t)rr->data,
					rr->nr, rr->flags != 0);
		else
			ret = buffers_set(r,
				(const struct iovec *)(uintptr_t)rr->data,
				rr->nr, rr->flags != 0);
		break;
	}
	case IOU_REGISTER_FILES_UPDATE2: {
		const struct iou_rsrc_update2 *up = arg;

		if (!prof->has_files2)
			ret = -EINVAL;
		else if (!up)
			ret = -EFAULT;
		else if (nr != sizeof(*up) || up->resv || up->resv2 ||
			 (up->nr <= MAX_FIXED_FILES &&
			  tags_unmodelled(up->tags, up->nr)))
			ret = -EINVAL;
		else
			ret = iou__files_update(r, up->offset,
				(int32_t *)(uintptr_t)up->data, up->nr);
		break;
	}
	case IOU_REGISTER_BUFFERS_UPDATE:
		if (!prof->has_files2)
			ret = -EINVAL;
		else if (!arg)
			ret = -EFAULT;
		else if (nr == sizeof(struct iou_rsrc_update2) &&
			 ((const struct iou_rsrc_update2 *)arg)->nr <=
				 MAX_REG_BUFFERS &&
			 tags_unmodelled(
				 ((const struct iou_rsrc_update2 *)arg)->tags,
				 ((const struct iou_rsrc_update2 *)arg)->nr))
			ret = -EINVAL;
		else
			ret = buffers_update(r, arg, nr);
		break;
	case IOU_REGISTER_RING_FDS:
	case IOU_UNREGISTER_RING_FDS:
		ret = ring_fds(r, warg, nr, opcode == IOU_REGISTER_RING_FDS);
		break;
	case IOU_REGISTER_PBUF_RING:
	case IOU_UNREGISTER_PBUF_RING:
		if (!prof->has_pbuf_ring)
			ret = -EINVAL;
		else if (!arg)
			ret = -EFAULT;
		else if (nr != 1)
			ret = -EINVAL;
		else if (opcode == IOU_REGISTER_PBUF_RING) {
			ret = pbuf_addr_check(arg);
			if (!ret)
				ret = iou__pbuf_register(r, arg);
		} else
			ret = iou__pbuf_unregister(r, arg);
		break;
	case IOU_REGISTER_PBUF_STATUS:
		/* 6.8 */
		if (!iou__kernel_at_least(sim, 6, 8))
			ret = -EINVAL;
		else if (!arg)
			ret = -EFAULT;
		else if (nr != 1)
			ret = -EINVAL;
		else
			ret = iou__pbuf_status(r, warg);
		break;
	case IOU_REGISTER_FILE_ALLOC_RANGE: {
		/* struct io_uring_file_index_range { u32 off, len; u64 resv } */
		const uint32_t *rg = arg;

		if (!iou__kernel_at_least(sim, 6, 0))
			ret = -EINVAL;
		else if (!rg)
			ret = -EFAULT;
		else if ((uint64_t)rg[0] + rg[1] > UINT32_MAX)
			ret = -EOVERFLOW;
		else if (nr || rg[2] || rg[3])
			ret = -EINVAL;
		/* no table counts as 0 slots: -EINVAL, and (0, 0) is
		 * accepted (measured on 6.18; never -ENXIO) */
		else if (rg[0] > (r->fixed ? r->nfixed : 0) ||
			 rg[1] > (r->fixed ? r->nfixed : 0) - rg[0])
			ret = -EINVAL;
		else {
			r->fixed_alloc_start = rg[0];
			r->fixed_alloc_end = rg[0] + rg[1];
			ret = 0;
		}
		break;
	}
	case IOU_REGISTER_SYNC_CANCEL:
		/* 6.0 (ops_cancel.c) */
		ret = !iou__kernel_at_least(sim, 6, 0) || nr != 1 ? -EINVAL
			: iou__sync_cancel(r, arg);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	IOU__TRACE(sim, "register r%u op=%u nr=%u = %d\n", r->id, opcode, nr,
		   ret);
	/* what a cancelled request released: its links, a held drain */
	if (!iou__list_empty(&sim->issueq))
		iou__run_issueq(sim);
	return ret;
}

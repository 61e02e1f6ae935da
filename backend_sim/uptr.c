/* uptr.c — the opt-in pointer check (IOU_SIM_CHECK_POINTERS): before an
 * op runs, the memory its SQE points to is probed against the process's
 * mappings, so that a wild pointer completes the CQE with -EFAULT, as the
 * kernel answers, instead of crashing the sim.
 *
 * The probe is process_vm_readv / process_vm_writev on the process itself:
 * the kernel copies through the page tables and stops with EFAULT at the
 * first byte not mapped (or, for a write, not writable), without signals.
 * One byte per page is probed (the pages of a range are batched, up to
 * 1024 a call). A write probe writes back the byte it just read.
 *
 * What is probed, per op: structs and arrays the kernel reads or writes
 * whole (timespecs, iovec arrays, msghdrs, sockaddrs and their lengths,
 * statx, open_how, fd arrays) in full; paths up to their NUL (at most
 * PATH_MAX); data buffers (read/write/send/recv and each iovec's base) at
 * their first byte only, since the kernel moves only what the I/O needs
 * and a buffer longer than what is moved may end in unmapped memory. Not
 * probed: provided buffers and registered buffers (their memory is the
 * caller's, given at registration). Memory freed before the request
 * completes is the caller's bug, as with the kernel.
 *
 * When: what the kernel copies in at prep (paths, timespecs, iovec arrays,
 * msghdrs, addresses) is probed at submission, and a bad one fails the
 * request there with -EFAULT (its CQE; without SUBMIT_ALL the batch stops
 * there), before the fd or other fields are looked at. Data buffers
 * (and each iovec's base) are only range-checked at prep (access_ok; from
 * 6.10 read/write import their buffer then) and fault when the data
 * moves: they are probed as the request issues, which completes -EFAULT
 * with the request submitted (6.18: a SEND_ZC from address 1 followed by
 * another SQE submits both; liburing's send-zerocopy test). */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sim.h"

#define PAGE      4096UL
#define BATCH     1024U
#define PATH_MAX_ 4096U

/* 0 when every page of [addr, addr + len) can be read (write: and
 * written), else -EFAULT. len 0: nothing to probe. When the probe itself
 * is unavailable (ENOSYS, EPERM under a seccomp filter), 0. */
static int probe(uintptr_t addr, size_t len, int write)
{
	struct iovec remote[BATCH], local;
	unsigned char bytes[BATCH];
	uintptr_t end, at = addr;
	pid_t self = getpid();

	if (!len)
		return 0;
	if (!addr || addr + len < addr)
		return -EFAULT;
	end = addr + len;
	while (at < end) {
		unsigned n = 0;
		ssize_t got;

		while (at < end && n < BATCH) {
			remote[n].iov_base = (void *)at;
			remote[n].iov_len = 1;
			n++;
			at = (at & ~(PAGE - 1)) + PAGE;
		}
		local.iov_base = bytes;
		local.iov_len = n;
		got = process_vm_readv(self, &local, 1, remote, n, 0);
		if (got < 0 && (errno == ENOSYS || errno == EPERM))
			return 0;
		if (got != (ssize_t)n)
			return -EFAULT;
		if (write) {
			got = process_vm_writev(self, &local, 1, remote, n, 0);
			if (got != (ssize_t)n)
				return -EFAULT;
		}
	}
	return 0;
}

static int probe_ptr(uint64_t addr, size_t len, int write)
{
	return addr ? probe((uintptr_t)addr, len, write) : 0;
}

/* A data buffer: its first byte (see above). */
static int probe_buf(uint64_t addr, size_t len, int write)
{
	return len ? probe_ptr(addr, 1, write) : 0;
}

/* A NUL-terminated string of at most PATH_MAX bytes: probed a page at a
 * time up to its NUL. */
static int probe_str(uint64_t addr)
{
	uintptr_t at = (uintptr_t)addr;
	size_t seen = 0;

	if (!addr)
		return 0;
	while (seen < PATH_MAX_) {
		size_t chunk = PAGE - (at & (PAGE - 1));

		if (chunk > PATH_MAX_ - seen)
			chunk = PATH_MAX_ - seen;
		if (probe(at, chunk, 0))
			return -EFAULT;
		if (memchr((const void *)at, 0, chunk))
			return 0;
		at += chunk;
		seen += chunk;
	}
	return 0;
}

/* An iovec array of n entries (issue 0), or each entry's base (issue 1;
 * the array was probed at submission). */
static int probe_iov(uint64_t addr, uint64_t n, int write, int issue)
{
	const struct iovec *iov = (const struct iovec *)(uintptr_t)addr;

	if (!addr || !n || n > 1024)
		return 0; /* the op answers NULL or a bad count itself */
	if (!issue)
		return probe_ptr(addr, n * sizeof(*iov), 0);
	for (uint64_t i = 0; i < n; i++)
		if (probe_buf((uintptr_t)iov[i].iov_base, iov[i].iov_len,
			      write))
			return -EFAULT;
	return 0;
}

static int probe_msg(uint64_t addr, int write, int issue)
{
	const struct msghdr *m = (const struct msghdr *)(uintptr_t)addr;

	if (!addr)
		return 0;
	if (issue)
		return probe_iov((uintptr_t)m->msg_iov, m->msg_iovlen, write,
				 1);
	if (probe_ptr(addr, sizeof(*m), 0))
		return -EFAULT;
	if (m->msg_name && probe_ptr((uintptr_t)m->msg_name,
				     m->msg_namelen, write))
		return -EFAULT;
	if (m->msg_control && probe_buf((uintptr_t)m->msg_control,
					m->msg_controllen, write))
		return -EFAULT;
	return probe_iov((uintptr_t)m->msg_iov, m->msg_iovlen, write, 0);
}

/* 0 or -EFAULT for the memory the SQE points to: at submission (issue 0)
 * what prep copies in, as it issues (issue 1) the data buffers. */
static int check_sqe(const struct iou__req *req, int issue)
{
	const struct iou_sqe *s = &req->sqe;
	int sel = (req->flags & IOU_SQE_BUFFER_SELECT) != 0;

	switch (s->opcode) {
	case IOU_OP_READ:
	case IOU_OP_RECV:
	case IOU_OP_READ_MULTISHOT:
		return sel || !issue ? 0 : probe_buf(s->addr, s->len, 1);
	case IOU_OP_WRITE:
		return issue ? probe_buf(s->addr, s->len, 0) : 0;
	case IOU_OP_SEND:
	case IOU_OP_SEND_ZC:
		return issue ? probe_buf(s->addr, s->len, 0)
			     : probe_ptr(s->addr2, s->addr_len, 0);
	case IOU_OP_READV:
		if (sel)
			return issue ? 0 : probe_ptr(s->addr,
						     sizeof(struct iovec), 0);
		return probe_iov(s->addr, s->len, 1, issue);
	case IOU_OP_WRITEV:
		return probe_iov(s->addr, s->len, 0, issue);
	case IOU_OP_SENDMSG:
	case IOU_OP_SENDMSG_ZC:
		return probe_msg(s->addr, 0, issue);
	case IOU_OP_RECVMSG:
		return probe_msg(s->addr, 1, issue);
	}
	if (issue)
		return 0;
	switch (s->opcode) {
	case IOU_OP_TIMEOUT:
	case IOU_OP_LINK_TIMEOUT:
		return probe_ptr(s->addr, sizeof(struct iou_timespec), 0);
	case IOU_OP_TIMEOUT_REMOVE:
		return probe_ptr(s->addr2, sizeof(struct iou_timespec), 0);
	case IOU_OP_ACCEPT:
		if (probe_ptr(s->addr2, sizeof(socklen_t), 1))
			return -EFAULT;
		if (s->addr && s->addr2)
			return probe_ptr(s->addr, *(const socklen_t *)
					 (uintptr_t)s->addr2, 1);
		return 0;
	case IOU_OP_CONNECT:
	case IOU_OP_BIND:
		return probe_ptr(s->addr, s->off, 0);
	case IOU_OP_OPENAT:
	case IOU_OP_UNLINKAT:
	case IOU_OP_MKDIRAT:
		return probe_str(s->addr);
	case IOU_OP_OPENAT2:
		return probe_str(s->addr) ||
		       probe_ptr(s->addr2, s->len, 0) ? -EFAULT : 0;
	case IOU_OP_STATX:
		return probe_str(s->addr) ||
		       probe_ptr(s->addr2, 256, 1) ? -EFAULT : 0;
	case IOU_OP_RENAMEAT:
	case IOU_OP_SYMLINKAT:
	case IOU_OP_LINKAT:
		return probe_str(s->addr) || probe_str(s->addr2) ? -EFAULT
								  : 0;
	case IOU_OP_FILES_UPDATE:
		return probe_ptr(s->addr, (uint64_t)s->len * sizeof(int), 1);
	case IOU_OP_PIPE:
		return probe_ptr(s->addr, 2 * sizeof(int), 1);
	default:
		return 0;
	}
}

int iou__uptr_check(const struct iou__req *req, int issue)
{
	if (!(req->ring->sim->flags & IOU_SIM_CHECK_POINTERS) ||
	    !check_sqe(req, issue))
		return 0;
	IOU__TRACE(req->ring->sim, "req #%llu: bad pointer: -EFAULT\n",
		   (unsigned long long)req->id);
	return -EFAULT;
}

int iou__uptr_copy(void *dst, uint64_t src, size_t len)
{
	struct iovec local = { dst, len }, remote = { (void *)(uintptr_t)src,
						      len };
	ssize_t got;

	if (!len)
		return 0;
	if (!src || src + len < src)
		return -EFAULT;
	got = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	if (got < 0 && (errno == ENOSYS || errno == EPERM)) {
		memcpy(dst, (const void *)(uintptr_t)src, len); /* trusted */
		return 0;
	}
	return got == (ssize_t)len ? 0 : -EFAULT;
}

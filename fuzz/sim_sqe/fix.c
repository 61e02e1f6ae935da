/* fix.c — sim_sqe's pointer fixing: the per-opcode table of pointer
 * fields and the rewriting of each into the harness's own regions. */
#include "sim_sqe.h"

/* ---- fds and user_data targets ------------------------------------------------ */

void fd_add(struct st *st, int fd)
{
	st->fds[st->fd_next++ % NFD] = fd;
	if (fd > st->max_fd && fd < 65536)
		st->max_fd = fd;
}

int fd_pick(struct st *st, uint8_t b)
{
	static const int special[8] = {
		-1, IOU_AT_FDCWD, 0, 1, 2, 1023, 1024, INT_MAX,
	};

	if (b >= 0xf8)
		return special[b & 7];
	return st->fds[b % NFD];
}

/* The user_data of one of the first n SQEs (recent ones likelier: raw 0
 * is the last), or the raw value. */
uint64_t ud_target(uint32_t n, uint64_t raw)
{
	uint32_t k;

	if (!n)
		return raw;
	k = (uint32_t)(raw % (n + 1));
	if (k == n)
		return raw;
	return UD_BASE + (n - 1 - k);
}

uint64_t ann_new(struct st *st, const struct iou_sqe *sqe)
{
	struct ann *a = &anns[st->nann];

	if (st->nann >= MAX_ANN)
		return ANN_BASE + MAX_ANN; /* never announced: must not appear */
	memset(a, 0, sizeof(*a));
	if (sqe->opcode == IOU_OP_MSG_RING && sqe->addr == IOU_MSG_DATA) {
		a->msg_data = 1;
		a->res = (int32_t)sqe->len;
		a->flags = (sqe->msg_ring_flags & IOU_MSG_RING_FLAGS_PASS) ?
			   sqe->file_index : 0;
	}
	return ANN_BASE + st->nann++;
}

/* ---- the per-opcode pointer table --------------------------------------------- */

const struct op_ptrs op_ptrs[IOU_OP_LAST] = {
	[IOU_OP_NOP] = { 0 },
	[IOU_OP_READV] = { K_IOV, K_NONE, K_NONE, 0 },
	[IOU_OP_WRITEV] = { K_IOV, K_NONE, K_NONE, OFFCLAMP },
	[IOU_OP_FSYNC] = { 0 },
	[IOU_OP_READ_FIXED] = { K_FIXED, K_NONE, K_NONE, 0 },
	[IOU_OP_WRITE_FIXED] = { K_FIXED, K_NONE, K_NONE, OFFCLAMP },
	[IOU_OP_POLL_ADD] = { 0 },
	[IOU_OP_POLL_REMOVE] = { K_UD, K_ANN, K_NONE, 0 },
	[IOU_OP_SYNC_FILE_RANGE] = { 0 },
	[IOU_OP_SENDMSG] = { K_MSG, K_NONE, K_NONE, 0 },
	[IOU_OP_RECVMSG] = { K_MSG, K_NONE, K_NONE, 0 },
	[IOU_OP_TIMEOUT] = { K_TS, K_NONE, K_NONE, 0 },
	[IOU_OP_TIMEOUT_REMOVE] = { K_UD, K_TS, K_NONE, 0 },
	[IOU_OP_ACCEPT] = { K_SA, K_ALEN, K_NONE, 0 },
	[IOU_OP_ASYNC_CANCEL] = { K_UD, K_NONE, K_NONE, 0 },
	[IOU_OP_LINK_TIMEOUT] = { K_TS, K_NONE, K_NONE, 0 },
	[IOU_OP_CONNECT] = { K_SA, K_NONE, K_NONE, 0 },
	[IOU_OP_FALLOCATE] = { K_NONE, K_NONE, K_NONE, OFFCLAMP | ADDRCLAMP },
	[IOU_OP_OPENAT] = { K_PATH, K_NONE, K_NONE, 0 },
	[IOU_OP_CLOSE] = { 0 },
	[IOU_OP_FILES_UPDATE] = { K_FDS, K_NONE, K_NONE, 0 },
	[IOU_OP_STATX] = { K_PATH, K_STATX, K_NONE, 0 },
	[IOU_OP_READ] = { K_DATA, K_NONE, K_NONE, 0 },
	[IOU_OP_WRITE] = { K_DATA, K_NONE, K_NONE, OFFCLAMP },
	[IOU_OP_FADVISE] = { 0 },
	[IOU_OP_MADVISE] = { K_DATA, K_NONE, K_NONE, 0 },
	[IOU_OP_SEND] = { K_DATA, K_SA, K_NONE, 0 },
	[IOU_OP_RECV] = { K_DATA, K_NONE, K_NONE, 0 },
	[IOU_OP_OPENAT2] = { K_PATH, K_HOW, K_NONE, 0 },
	[IOU_OP_EPOLL_CTL] = { K_EV, K_NONE, K_NONE, 0 },
	[IOU_OP_SPLICE] = { K_NONE, K_NONE, K_NONE, OFFCLAMP },
	[IOU_OP_PROVIDE_BUFFERS] = { K_PBUF, K_NONE, K_NONE, 0 },
	[IOU_OP_REMOVE_BUFFERS] = { 0 },
	[IOU_OP_TEE] = { 0 },
	[IOU_OP_SHUTDOWN] = { 0 },
	[IOU_OP_RENAMEAT] = { K_PATH, K_PATH, K_NONE, 0 },
	[IOU_OP_UNLINKAT] = { K_PATH, K_NONE, K_NONE, 0 },
	[IOU_OP_MKDIRAT] = { K_PATH, K_NONE, K_NONE, 0 },
	[IOU_OP_SYMLINKAT] = { K_PATH, K_PATH, K_NONE, 0 },
	[IOU_OP_LINKAT] = { K_PATH, K_PATH, K_NONE, 0 },
	[IOU_OP_MSG_RING] = { K_NONE, K_ANN, K_NONE, 0 },
	[IOU_OP_FSETXATTR] = { K_PATH, K_VAL, K_NONE, 0 },
	[IOU_OP_SETXATTR] = { K_PATH, K_VAL, K_PATH, 0 },
	[IOU_OP_FGETXATTR] = { K_PATH, K_VAL, K_NONE, 0 },
	[IOU_OP_GETXATTR] = { K_PATH, K_VAL, K_PATH, 0 },
	[IOU_OP_SOCKET] = { 0 },
	[IOU_OP_URING_CMD] = { K_NONE, K_NONE, K_OPTVAL, 0 },
	[IOU_OP_SEND_ZC] = { K_DATA, K_SA, K_NONE, 0 },
	[IOU_OP_SENDMSG_ZC] = { K_MSG, K_NONE, K_NONE, 0 },
	[IOU_OP_READ_MULTISHOT] = { K_DATA, K_NONE, K_NONE, 0 },
	[IOU_OP_WAITID] = { K_NONE, K_SIGINFO, K_NONE, 0 },
	[IOU_OP_FUTEX_WAIT] = { K_FUTEX, K_NONE, K_NONE, 0 },
	[IOU_OP_FUTEX_WAKE] = { K_FUTEX, K_NONE, K_NONE, 0 },
	[IOU_OP_FUTEX_WAITV] = { K_FUTEXV, K_NONE, K_NONE, 0 },
	[IOU_OP_FIXED_FD_INSTALL] = { 0 },
	[IOU_OP_FTRUNCATE] = { K_NONE, K_NONE, K_NONE, OFFCLAMP },
	[IOU_OP_BIND] = { K_SA, K_NONE, K_NONE, 0 },
	[IOU_OP_LISTEN] = { 0 },
	[IOU_OP_RECV_ZC] = { 0 },
	[IOU_OP_EPOLL_WAIT] = { K_EVS, K_NONE, K_NONE, 0 },
	[IOU_OP_READV_FIXED] = { K_IOV, K_NONE, K_NONE, 0 },
	[IOU_OP_WRITEV_FIXED] = { K_IOV, K_NONE, K_NONE, OFFCLAMP },
	[IOU_OP_PIPE] = { K_FDS2, K_NONE, K_NONE, 0 },
};

/* The sim keeps files as dense byte arrays up to 1 GiB (past it -EFBIG),
 * so a write at a fuzzed offset below that allocates up to 1 GiB: slow,
 * and near libFuzzer's RSS limit. Offsets that grow a file are therefore
 * folded under 1 MiB unless they are past 2^30 (-EFBIG, cheap) or
 * negative (-1 is the file position). Before the limit was lowered from
 * 1 TiB, a write at 2^39 was an allocation-size-too-big crash: that input
 * is corpus/sim_sqe/regress-write-huge-offset now. Clear KB_DENSE_FILES
 * to fuzz raw offsets. */
uint64_t clamp_off(uint64_t v)
{
#if KNOWN_BUG(KB_DENSE_FILES)
	if ((int64_t)v < 0 || v >= (1ULL << 30))
		return v;
	return v % MAX_OFF;
#else
	return v;
#endif
}

/* A timespec from raw bits: 0-3 s and up to 65 ms, sometimes invalid. */
void ts_from(struct iou_timespec *ts, uint64_t raw)
{
	ts->tv_sec = (int64_t)((raw >> 3) & 3);
	ts->tv_nsec = (long long)((raw >> 5) & 0xffff) * 1000;
	switch (raw & 7) {
	case 5:
		ts->tv_sec = 0; /* sub-microsecond */
		ts->tv_nsec = (long long)((raw >> 5) & 0x3ff);
		break;
	case 6:
		ts->tv_nsec = 1000000000LL + (long long)((raw >> 5) & 0xff);
		break;
	case 7:
		ts->tv_sec = -1;
		break;
	default:
		break;
	}
}

/* Clamps len so that [off, off + len) lies in a region of size sz. */
uint32_t fit(uint64_t off, uint32_t len, uint32_t sz)
{
	return len > sz - off ? (uint32_t)(sz - off) : len;
}

uint64_t ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* Rewrites one pointer field (*f) of an SQE; may clamp its length. */
void fix_field(struct st *st, struct req *q, uint8_t kind,
	       uint64_t *f, int is_off)
{
	struct iou_sqe *sqe = &q->sqe;
	uint64_t raw = *f;
	uint32_t o;

	if (kind == K_NONE)
		return;
	if (kind == K_UD) {
		*f = ud_target((uint32_t)(q - reqs), raw);
		return;
	}
	if (kind == K_ANN) {
		/* MSG_RING's data; a poll update's new user_data (only with
		 * IORING_POLL_UPDATE_USER_DATA in len) */
		if (sqe->opcode == IOU_OP_POLL_REMOVE &&
		    !(sqe->len & IOU_POLL_UPDATE_USER_DATA))
			return;
		*f = ann_new(st, sqe);
		return;
	}
	if (!raw)
		return; /* NULL stays NULL: -EFAULT in a kernel */
	switch (kind) {
	case K_DATA:
		o = (uint32_t)(raw % DATA_SZ);
		*f = ptr(A.data + o);
		if (!is_off)
			sqe->len = fit(o, sqe->len, DATA_SZ);
		break;
	case K_VAL:
		/* xattr value: the kernel bounds len by XATTR_SIZE_MAX
		 * (64 KiB = DATA_SZ) before copying: keep len, start at 0 */
		*f = ptr(A.data);
		break;
	case K_FIXED:
		*f = ptr(A.data + raw % DATA_SZ);
		break;
	case K_IOV:
		o = (uint32_t)(raw % 8);
		*f = ptr(A.iov + o);
		if (sqe->len <= IOV_N)
			sqe->len = fit(o, sqe->len, IOV_N);
		break;
	case K_MSG:
		*f = ptr(A.msg);
		break;
	case K_TS:
		/* TIMEOUT_REMOVE: a timespec only for the update forms */
		if (sqe->opcode == IOU_OP_TIMEOUT_REMOVE &&
		    !(sqe->timeout_flags & IOU_TIMEOUT_UPDATE_MASK))
			return;
		ts_from(&q->ts, raw);
#if KNOWN_BUG(KB_MSHOT_ZERO)
		/* (fixed: regress-multishot-timeout-zero-interval) a multishot
		 * timeout (or an update) of 0 ns re-arms at the same virtual
		 * instant forever; a kernel's hrtimer moves on by at least
		 * its resolution */
		if (!q->ts.tv_sec && !q->ts.tv_nsec &&
		    (sqe->opcode == IOU_OP_TIMEOUT_REMOVE ||
		     (sqe->timeout_flags & IOU_TIMEOUT_MULTISHOT)))
			q->ts.tv_nsec = 1;
#endif
		A.ts[q - reqs] = q->ts;
		*f = ptr(&A.ts[q - reqs]);
		break;
	case K_PATH:
		*f = ptr(A.paths[raw % NPATHS]);
		break;
	case K_STATX:
		*f = ptr(A.statx);
		break;
	case K_HOW:
		*f = ptr(A.how);
		break;
	case K_SA:
		/* SEND/SEND_ZC: addr2 is the sendto address, len addr_len */
		*f = ptr(A.sa);
		break;
	case K_ALEN:
		*f = ptr(A.alen);
		break;
	case K_FDS:
		*f = ptr(A.fds);
		if (sqe->len > FDS_N)
			sqe->len = FDS_N;
		break;
	case K_FDS2:
		*f = ptr(A.fds2);
		break;
	case K_EV:
		*f = ptr(A.ev);
		break;
	case K_EVS:
		*f = ptr(A.evs);
		if (sqe->len > EVS_N)
			sqe->len = EVS_N;
		break;
	case K_FUTEX:
		/* misaligned words are the kernel's -EINVAL; 8-byte room */
		*f = ptr((uint8_t *)A.futex + raw % (FUTEX_SZ - 7));
		break;
	case K_FUTEXV:
		*f = ptr(A.futexv);
		break;
	case K_SIGINFO:
		*f = ptr(A.siginfo);
		break;
	case K_OPTVAL:
		*f = ptr(A.optval);
		if (sqe->optlen > OPTVAL_SZ)
			sqe->optlen = OPTVAL_SZ;
		break;
	case K_PBUF: {
		/* nr = fd buffers of len bytes: the kernel checks access_ok
		 * on nr * len bytes, the sim cannot, so they fit in DATA */
		uint32_t nr = (uint32_t)sqe->fd, len = sqe->len;

		o = (uint32_t)(raw % DATA_SZ);
		if (nr >= 1 && nr <= 65536 && len) {
			if ((uint64_t)len * nr > DATA_SZ - o) {
				len = (DATA_SZ - o) / nr;
				if (!len) {
					o = 0;
					len = DATA_SZ / nr;
				}
			}
			sqe->len = len;
		}
		*f = ptr(A.data + o);
		break;
	}
	default:
		break;
	}
}

/* Rewrites every pointer field of q->sqe (user_data already set). */
void fix_sqe(struct st *st, struct req *q)
{
	struct iou_sqe *sqe = &q->sqe;
	const struct op_ptrs *op;
	uint64_t v;

	if (sqe->opcode >= IOU_OP_LAST)
		return; /* refused before any field is looked at */
	op = &op_ptrs[sqe->opcode];
	/* Zero-copy and fixed-buffer sends name a registered buffer. */
	if ((sqe->opcode == IOU_OP_SEND_ZC || sqe->opcode == IOU_OP_SEND) &&
	    (sqe->ioprio & IOU_RECVSEND_FIXED_BUF))
		fix_field(st, q, K_FIXED, &sqe->addr, 0);
	else
		fix_field(st, q, op->addr, &sqe->addr, 0);
	fix_field(st, q, op->off, &sqe->off, 1);
	if (op->addr3 != K_NONE) {
		v = sqe->addr3;
		fix_field(st, q, op->addr3, &v, 1);
		sqe->addr3 = v;
	}
	if (op->flags & OFFCLAMP) {
		sqe->off = clamp_off(sqe->off);
		if (sqe->opcode == IOU_OP_SPLICE)
			sqe->splice_off_in = clamp_off(sqe->splice_off_in);
	}
	if (op->flags & ADDRCLAMP)
		sqe->addr = clamp_off(sqe->addr);
	if (sqe->opcode == IOU_OP_FTRUNCATE)
		sqe->off = clamp_off(sqe->off);
}

/* input.c — sim_sqe's input decoding: the byte reader, the tables the
 * header bytes index, and the harness memory (the arena) SQEs point into. */
#include "sim_sqe.h"

const uint32_t kernels[8] = {
	IOU_KERNEL_VERSION(5, 4), IOU_KERNEL_VERSION(5, 10),
	IOU_KERNEL_VERSION(5, 15), IOU_KERNEL_VERSION(5, 19),
	IOU_KERNEL_VERSION(6, 1), IOU_KERNEL_VERSION(6, 6),
	IOU_KERNEL_VERSION(6, 12), IOU_KERNEL_NEWEST,
};

/* Setup flags the harness may ask for: none needs memory or fds from
 * outside the sim (SQE128 and CQE32 widen the entries: iou_get_sqe and
 * the CQE helpers step over the second halves). */
const unsigned SAFE_SETUP[NSAFE_SETUP] = {
	IOU_SETUP_SUBMIT_ALL, IOU_SETUP_COOP_TASKRUN, IOU_SETUP_TASKRUN_FLAG,
	IOU_SETUP_SINGLE_ISSUER, IOU_SETUP_DEFER_TASKRUN,
	IOU_SETUP_NO_SQARRAY, IOU_SETUP_CLAMP, IOU_SETUP_SQPOLL,
	IOU_SETUP_R_DISABLED, IOU_SETUP_IOPOLL, IOU_SETUP_SQE128,
	IOU_SETUP_CQE32,
};

/* Paths an SQE or iou_sys_* call may name. The last two: 4095 bytes and
 * a NUL (the longest path), and 4096 bytes without one (-ENAMETOOLONG:
 * the sim may read exactly PATH_MAX bytes of it). */
const char *const path_strs[NPATHS_FIXED] = {
	"/tmp/a", "/tmp/b", "/tmp/d", "/tmp/d/c", "", "relative", "/",
	"/tmp", "/tmp/d/../a", "/tmp/l", "/tmp/a/", "user.x", "..",
	"/tmp/d/e/f", "/nonexistent/x",
};

struct arena A;

/* What arena_reset restores the larger regions to, made once: copying
 * them is a memcpy, where filling them is a store per element (which the
 * sanitizers and the coverage instrumentation make several). */
static struct {
	uint8_t *data;
	struct iovec *iov;
	uint8_t *futexv;
} pristine;

void *xalloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		abort();
	return p;
}

void arena_init(void)
{
	size_t i;

	if (A.ready)
		return;
	A.data = xalloc(DATA_SZ);
	A.iov = xalloc(IOV_N * sizeof(*A.iov));
	A.ts = xalloc(TS_N * sizeof(*A.ts));
	A.msg = xalloc(sizeof(*A.msg));
	A.ctl = xalloc(CTL_SZ);
	A.how = xalloc(HOW_SZ);
	A.sa = xalloc(SA_SZ);
	A.alen = xalloc(sizeof(*A.alen));
	A.statx = xalloc(STATX_SZ);
	A.fds = xalloc(FDS_N * sizeof(*A.fds));
	A.fds2 = xalloc(2 * sizeof(*A.fds2));
	A.ev = xalloc(EV_SZ);
	A.evs = xalloc(EVS_N * EV_SZ);
	A.futex = xalloc(FUTEX_SZ);
	A.futexv = xalloc(FUTEXV_N * FUTEXV_SZ);
	A.siginfo = xalloc(SIGINFO_SZ);
	A.optval = xalloc(OPTVAL_SZ);
	for (i = 0; i < NPATHS_FIXED; i++) {
		size_t n = strlen(path_strs[i]) + 1;

		A.paths[i] = xalloc(n);
		memcpy(A.paths[i], path_strs[i], n);
	}
	A.paths[i] = xalloc(4096);
	memset(A.paths[i], 'x', 4095);
	A.paths[i][4095] = '\0';
	A.paths[++i] = xalloc(4096);
	memset(A.paths[i], 'y', 4096);
	pristine.data = xalloc(DATA_SZ);
	for (uint32_t j = 0; j < DATA_SZ; j++)
		pristine.data[j] = (uint8_t)(j * 7 + 1);
	pristine.iov = xalloc(IOV_N * sizeof(*pristine.iov));
	memset(pristine.iov, 0, IOV_N * sizeof(*pristine.iov));
	for (uint32_t j = 0; j < 8; j++) {
		pristine.iov[j].iov_base = A.data + j * 512;
		pristine.iov[j].iov_len = 512;
	}
	pristine.futexv = xalloc(FUTEXV_N * FUTEXV_SZ);
	memset(pristine.futexv, 0, FUTEXV_N * FUTEXV_SZ);
	for (uint32_t j = 0; j < FUTEXV_N; j++) {
		uint64_t ua = (uint64_t)(uintptr_t)&A.futex[j % (FUTEX_SZ / 4)];
		uint32_t fl = 0x82; /* FUTEX2_SIZE_U32 | FUTEX2_PRIVATE */

		memcpy(pristine.futexv + j * FUTEXV_SZ + 8, &ua, sizeof(ua));
		memcpy(pristine.futexv + j * FUTEXV_SZ + 16, &fl, sizeof(fl));
	}
	A.ready = 1;
}

/* The same contents at the start of every input (determinism). */
void arena_reset(void)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)A.sa;

	memcpy(A.data, pristine.data, DATA_SZ);
	memcpy(A.iov, pristine.iov, IOV_N * sizeof(*A.iov));
	memset(A.ts, 0, TS_N * sizeof(*A.ts));
	memset(A.ctl, 0, CTL_SZ);
	memset(A.how, 0, HOW_SZ);
	memset(A.sa, 0, SA_SZ);
	sin->sin_family = AF_INET;
	sin->sin_port = htons(4242);
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	*A.alen = sizeof(struct sockaddr_in);
	memset(A.msg, 0, sizeof(*A.msg));
	A.msg->msg_iov = A.iov;
	A.msg->msg_iovlen = 1;
	memset(A.statx, 0, STATX_SZ);
	memset(A.fds, 0xff, FDS_N * sizeof(*A.fds)); /* -1 each */
	A.fds2[0] = A.fds2[1] = -1;
	memset(A.ev, 0, EV_SZ);
	memset(A.evs, 0, EVS_N * EV_SZ);
	memset(A.futex, 0, FUTEX_SZ);
	memcpy(A.futexv, pristine.futexv, FUTEXV_N * FUTEXV_SZ);
	memset(A.siginfo, 0, SIGINFO_SZ);
	memset(A.optval, 0, OPTVAL_SZ);
}

/* ---- input ---------------------------------------------------------------- */

uint8_t in_u8(struct in *in)
{
	return in->pos < in->n ? in->p[in->pos++] : 0;
}

uint16_t in_u16(struct in *in)
{
	uint16_t v = in_u8(in);

	return (uint16_t)(v | (uint16_t)in_u8(in) << 8);
}

uint32_t in_u32(struct in *in)
{
	uint32_t v = in_u16(in);

	return v | (uint32_t)in_u16(in) << 16;
}

void in_bytes(struct in *in, void *dst, size_t n)
{
	uint8_t *d = dst;

	for (size_t i = 0; i < n; i++)
		d[i] = in_u8(in);
}

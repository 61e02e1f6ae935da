/* oracle.c — sim_sqe's CQE invariant oracle: failing with a report, the
 * per-CQE and per-chain checks, and the run state they read. */
#include "sim_sqe.h"

/* ---- state of one run ------------------------------------------------------- */

const char *const stat_names[ST_NSTATS] = {
	"runs", "CQEs checked", "chain order checks", "chain failure checks",
	"drain checks", "expiry checks", "buffer id checks", "F_MORE CQEs",
	"F_NOTIF CQEs", "runs settled (nothing pending)",
	"lost-CQE checks (converged)", "settle gave up",
	"get_events overflow checks", "runs where the sim hung",
};
unsigned long stats[ST_NSTATS];

/* Per opcode: CQEs with res >= 0, -EINVAL, other errors (the coverage
 * probe: an op seen only with -EINVAL never got past its prep). */
unsigned long op_stats[IOU_OP_LAST][3];

void stats_print(void)
{
	for (int i = 0; i < ST_NSTATS; i++)
		fprintf(stderr, "sim_sqe: %-32s %lu\n", stat_names[i], stats[i]);
	for (int op = 0; op < IOU_OP_LAST; op++)
		if (op_stats[op][0] | op_stats[op][1] | op_stats[op][2])
			fprintf(stderr, "sim_sqe: op %-18s ok %lu einval %lu "
				"err %lu\n", iou_op_name((uint8_t)op),
				op_stats[op][0], op_stats[op][1],
				op_stats[op][2]);
}

struct req reqs[MAX_REQS];
struct ann anns[MAX_ANN];
uint16_t bid_prov[NBG][NBID], bid_used[NBG][NBID];

/* ---- failing ------------------------------------------------------------------ */

struct st *cur;

__attribute__((noreturn, format(printf, 1, 2)))
void fail(const char *fmt, ...)
{
	va_list ap;
	char tok[4096];

	fprintf(stderr, "\n==== sim_sqe invariant violated: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (cur && cur->sim) {
		size_t len = 0;
		const char *t = iou_sim_trace(cur->sim, &len);

		if (cur->what)
			fprintf(stderr, "during: %s\n", cur->what);
		fprintf(stderr, "kernel profile: %#x\n", iou_sim_kernel(cur->sim));
		if (iou_sim_replay_token(cur->sim, tok, sizeof(tok)) >= 0)
			fprintf(stderr, "replay token: %s\n", tok);
		if (getenv("SIM_SQE_TRACE")) {
			/* the whole trace, not its tail */
			iou_sim_trace_dump(cur->sim, stderr);
			t = NULL;
		}
		if (t && len) {
			size_t from = len > 6000 ? len - 6000 : 0;

			fprintf(stderr, "---- trace tail ----\n%.*s----\n",
				(int)(len - from), t + from);
		}
	}
	abort();
}

void mix(struct st *st, uint64_t v)
{
	st->hash = (st->hash ^ v) * 0x100000001b3ULL;
}

int is_errno(long v)
{
	return v < 0 && v >= -LAST_ERRNO;
}

/* A negative return must be one of the listed errnos (0-terminated). */
void check_ret(struct st *st, const char *call, long ret,
	       const int *allowed)
{
	mix(st, (uint64_t)ret);
	if (ret >= 0)
		return;
	if (!is_errno(ret))
		fail("%s returned %ld: not a negative errno", call, ret);
	for (; allowed && *allowed; allowed++)
		if (ret == -*allowed)
			return;
	if (allowed)
		fail("%s returned %ld (%s): not a documented errno", call, ret,
		     iou_strerror((int)ret));
}

/* enter's errnos (iou.h): -EAGAIN, -EBUSY, -EINTR; the sim's -EDEADLK
 * (hang, DESIGN §2), -EBADR (CQEs dropped, pre-NODROP), -EBADFD
 * (R_DISABLED), -ETIME (timed waits). */
const int E_SUBMIT[] = { EAGAIN, EBUSY, EBADFD, EBADR, 0 };
const int E_WAIT[] = { EAGAIN, EBUSY, EINTR, EBADFD, EBADR, EDEADLK,
			      0 };
const int E_WAIT_TS[] = { EAGAIN, EBUSY, EINTR, EBADFD, EBADR,
				 EDEADLK, ETIME, EINVAL, 0 };

/* ---- CQE checks ------------------------------------------------------------------ */

int may_more(const struct iou_sqe *s)
{
	switch (s->opcode) {
	case IOU_OP_TIMEOUT:
		return (s->timeout_flags & IOU_TIMEOUT_MULTISHOT) != 0;
	case IOU_OP_POLL_ADD:
		return (s->len & IOU_POLL_ADD_MULTI) != 0;
	case IOU_OP_ACCEPT:
		return (s->ioprio & IOU_ACCEPT_MULTISHOT) != 0;
	case IOU_OP_RECV:
	case IOU_OP_RECVMSG:
		return (s->ioprio & IOU_RECV_MULTISHOT) != 0;
	case IOU_OP_READ_MULTISHOT:
	case IOU_OP_SEND_ZC:
	case IOU_OP_SENDMSG_ZC:
	case IOU_OP_URING_CMD:
	case IOU_OP_RECV_ZC:
	case IOU_OP_POLL_REMOVE: /* a poll update re-arms in place */
		return 1;
	default:
		return 0;
	}
}

/* IORING_NOP_INJECT_RESULT (6.12+): the NOP completes with sqe->len. */
int nop_injected(const struct iou_sqe *s, int32_t res)
{
	return s->opcode == IOU_OP_NOP && (s->nop_flags & 1U) &&
	       res == (int32_t)s->len;
}

int is_zc(const struct iou_sqe *s)
{
	return s->opcode == IOU_OP_SEND_ZC || s->opcode == IOU_OP_SENDMSG_ZC;
}

/* A failure that does not break its link (IORING_TIMEOUT_ETIME_SUCCESS). */
/* A failure that does not break the link: a count-less ETIME_SUCCESS
 * timeout expiring, and, on 6.18, the errors of the fs/sync ops, which
 * post their result without failing the request (measured on this
 * machine's kernel; the sim's 6.18 profile, soft_fail). */
int fail_is_benign(const struct st *st, const struct req *p)
{
	if (p->sqe.opcode == IOU_OP_TIMEOUT &&
	    (p->sqe.timeout_flags & IOU_TIMEOUT_ETIME_SUCCESS) &&
	    p->res == -ETIME)
		return 1;
	if (st->kver < (uint32_t)IOU_KERNEL_VERSION(6, 18))
		return 0;
	switch (p->sqe.opcode) {
	case IOU_OP_RENAMEAT:
	case IOU_OP_UNLINKAT:
	case IOU_OP_MKDIRAT:
	case IOU_OP_SYMLINKAT:
	case IOU_OP_LINKAT:
	case IOU_OP_STATX:
	case IOU_OP_FSYNC:
	case IOU_OP_FALLOCATE:
	case IOU_OP_SYNC_FILE_RANGE:
		return 1;
	default:
		return 0;
	}
}

uint64_t ts_ns(const struct iou_timespec *ts)
{
	return (uint64_t)ts->tv_sec * ETIME_NS + (uint64_t)ts->tv_nsec;
}

int ts_valid(const struct iou_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000;
}

/* Chain order and cancelation (invariant 6), at q's first completion. */
void check_chain(struct st *st, struct req *q, const struct iou_cqe *c)
{
	int32_t i = q->chain_prev;
	struct req *p;

	if (!q->chain_ok || !st->order_ok ||
	    q->sqe.opcode == IOU_OP_LINK_TIMEOUT)
		return;
	/* A link timeout posts with its target, in either order; a
	 * member with CQE_SKIP_SUCCESS and no CQE succeeded silently. */
	while (i >= 0 && (reqs[i].sqe.opcode == IOU_OP_LINK_TIMEOUT ||
			  (!reqs[i].ncqe &&
			   (reqs[i].sqe.flags & IOU_SQE_CQE_SKIP_SUCCESS))))
		i = reqs[i].chain_prev;
	if (i < 0)
		return;
	p = &reqs[i];
	stats[ST_CHAIN]++;
	if (p->res < 0)
		stats[ST_CHAIN_FAIL]++;
	if (!p->done)
		fail("linked ud=%#llx completed (res %d) before ud=%#llx it is "
		     "linked after", (unsigned long long)c->user_data, c->res,
		     (unsigned long long)(UD_BASE + (uint32_t)i));
	if (p->res < 0 && !(p->sqe.flags & IOU_SQE_IO_HARDLINK) &&
	    !fail_is_benign(st, p) && c->res >= 0)
		fail("ud=%#llx succeeded (res %d) after ud=%#llx it is linked "
		     "after failed (res %d)", (unsigned long long)c->user_data,
		     c->res, (unsigned long long)(UD_BASE + (uint32_t)i),
		     p->res);
}

/* IO_DRAIN (invariant 6): a drained request that succeeds completes after
 * every request consumed before it. */
void check_drain(struct st *st, struct req *q, const struct iou_cqe *c)
{
	uint32_t idx = (uint32_t)(q - reqs);

	if (!(q->sqe.flags & IOU_SQE_IO_DRAIN) || c->res < 0 || !st->order_ok)
		return;
	stats[ST_DRAIN]++;
	for (uint32_t i = 0; i < idx; i++) {
		const struct req *p = &reqs[i];

		if (p->done || !p->consumed)
			continue;
		if ((p->sqe.flags & IOU_SQE_CQE_SKIP_SUCCESS) ||
		    p->sqe.opcode == IOU_OP_LINK_TIMEOUT || may_more(&p->sqe))
			continue;
		fail("IO_DRAIN ud=%#llx completed (res %d) before the earlier "
		     "ud=%#llx (%s)", (unsigned long long)c->user_data, c->res,
		     (unsigned long long)(UD_BASE + i),
		     iou_op_name(p->sqe.opcode));
	}
}

void bid_use(struct st *st, const struct req *q, int32_t res,
	     uint32_t flags)
{
	unsigned g = q->sqe.buf_group, bid = flags >> IOU_CQE_BUFFER_SHIFT;

	if (g >= NBG)
		return;
	/* io_kbuf_inc_commit commits the bytes used: a completion of 0
	 * bytes (a 0-length ring entry) reports the buffer, without
	 * BUF_MORE, but leaves it at the head to be handed out again */
	if (res == 0)
		for (unsigned k = 0; k < NBR; k++)
			if (st->brs[k].br && st->brs[k].bgid == g &&
			    st->brs[k].inc)
				return;
	/* IOU_CQE_F_BUF_MORE (incremental rings, 6.12): the buffer stays
	 * in the ring, partly used; the CQE that uses it up has no BUF_MORE
	 * and counts as its one hand-out */
	if (flags & IOU_CQE_F_BUF_MORE)
		return;
	for (unsigned k = 0; k < NBR; k++)
		if (st->brs[k].br && st->brs[k].bgid == g)
			st->brs[k].seen++;
	if (bid >= NBID)
		return;
	if (st->bg_legacy[g] && st->bg_ring[g])
		return; /* both kinds were used for this group: untracked */
	stats[ST_BID]++;
	if (bid_used[g][bid] >= bid_prov[g][bid])
		fail("buffer id %u of group %u handed out %u times but provided "
		     "%u times", bid, g, bid_used[g][bid] + 1, bid_prov[g][bid]);
	bid_used[g][bid]++;
}

/* Whether a cancel may have hit a futex wait: io_futex_cancel returns how
 * many it cancelled (6.7+), so a cancel of one futex wait completes with
 * 1, not 0. */
static int futex_target(const struct st *st, const struct iou_sqe *s)
{
	for (uint32_t i = 0; i < st->nreq; i++) {
		const struct iou_sqe *t = &reqs[i].sqe;

		if (!reqs[i].consumed || (t->opcode != IOU_OP_FUTEX_WAIT &&
					  t->opcode != IOU_OP_FUTEX_WAITV))
			continue;
		if (t->user_data == s->addr || s->cancel_flags)
			return 1;
	}
	return 0;
}

/* Per-op checks of a completion's res (invariant 5). */
void check_res(struct st *st, struct req *q, const struct iou_cqe *c)
{
	const struct iou_sqe *s = &q->sqe;
	int32_t res = c->res;

	if (res < 0)
		return;
	switch (s->opcode) {
	case IOU_OP_READ:
	case IOU_OP_WRITE:
	case IOU_OP_READ_FIXED:
	case IOU_OP_WRITE_FIXED:
	case IOU_OP_SEND:
	case IOU_OP_RECV:
		if (s->len && (uint32_t)res > s->len)
			fail("%s ud=%#llx returned %d bytes, asked for %u",
			     iou_op_name(s->opcode),
			     (unsigned long long)c->user_data, res, s->len);
		break;
	case IOU_OP_TIMEOUT:
		if (res > 0 || (!s->off && !(c->flags & IOU_CQE_F_MORE) &&
				!(s->timeout_flags & IOU_TIMEOUT_MULTISHOT)))
			fail("TIMEOUT ud=%#llx (count %llu) completed with %d",
			     (unsigned long long)c->user_data,
			     (unsigned long long)s->off, res);
		break;
	case IOU_OP_NOP:
		if (res > 0 && !nop_injected(s, res))
			fail("NOP ud=%#llx completed with %d (nop_flags %#x, "
			     "len %u)", (unsigned long long)c->user_data, res,
			     s->nop_flags, s->len);
		break;
	case IOU_OP_CLOSE:
	case IOU_OP_FSYNC:
	case IOU_OP_TIMEOUT_REMOVE:
	case IOU_OP_LINK_TIMEOUT:
	case IOU_OP_MKDIRAT:
	case IOU_OP_UNLINKAT:
	case IOU_OP_RENAMEAT:
	case IOU_OP_SYMLINKAT:
	case IOU_OP_LINKAT:
	case IOU_OP_STATX:
	case IOU_OP_FALLOCATE:
	case IOU_OP_FTRUNCATE:
		if (res > 0)
			fail("%s ud=%#llx completed with %d > 0",
			     iou_op_name(s->opcode),
			     (unsigned long long)c->user_data, res);
		break;
	case IOU_OP_ASYNC_CANCEL:
		if (res > 0 && !(s->cancel_flags & (IOU_ASYNC_CANCEL_ALL |
						     IOU_ASYNC_CANCEL_ANY)) &&
		    !(res == 1 && futex_target(st, s)))
			fail("ASYNC_CANCEL ud=%#llx without ALL/ANY returned %d",
			     (unsigned long long)c->user_data, res);
		break;
	case IOU_OP_REMOVE_BUFFERS:
		if ((uint32_t)res > (uint32_t)s->fd)
			fail("REMOVE_BUFFERS ud=%#llx removed %d of %d",
			     (unsigned long long)c->user_data, res, s->fd);
		break;
	case IOU_OP_OPENAT:
	case IOU_OP_OPENAT2:
		if (!s->file_index)
			fd_add(st, res);
		break;
	case IOU_OP_SOCKET:
	case IOU_OP_ACCEPT:
		if (!s->file_index) /* a plain fd, not a direct one */
			fd_add(st, res);
		break;
	case IOU_OP_FIXED_FD_INSTALL:
		fd_add(st, res);
		break;
	case IOU_OP_EPOLL_WAIT:
		if ((uint32_t)res > s->len)
			fail("EPOLL_WAIT ud=%#llx returned %d events, room for %u",
			     (unsigned long long)c->user_data, res, s->len);
		break;
	case IOU_OP_FUTEX_WAITV:
		if ((uint32_t)res >= s->len)
			fail("FUTEX_WAITV ud=%#llx woke index %d of %u",
			     (unsigned long long)c->user_data, res, s->len);
		break;
	case IOU_OP_PIPE:
		if (!s->file_index && s->addr) {
			fd_add(st, A.fds2[0]);
			fd_add(st, A.fds2[1]);
		}
		break;
	default:
		break;
	}
}

/* A timeout that expired: not before its virtual deadline (invariant 5). */
void check_expiry(struct st *st, struct req *q, const struct iou_cqe *c)
{
	const struct iou_sqe *s = &q->sqe;
	uint64_t now, dl;

	if (c->res != -ETIME || st->ts_updated || !s->addr ||
	    !ts_valid(&q->ts) || q->ncqe)
		return;
	if (s->opcode != IOU_OP_TIMEOUT && s->opcode != IOU_OP_LINK_TIMEOUT)
		return;
	stats[ST_EXPIRY]++;
	now = iou_sim_now_ns(st->sim);
	dl = ts_ns(&q->ts);
	if (!(s->timeout_flags & IOU_TIMEOUT_ABS))
		dl += q->t0;
	if (now < dl)
		fail("%s ud=%#llx expired at %llu ns, before its deadline %llu",
		     iou_op_name(s->opcode), (unsigned long long)c->user_data,
		     (unsigned long long)now, (unsigned long long)dl);
}

/* A CQE_SKIP_SUCCESS request that fails posts its CQE, and the rest of
 * its soft-linked chain is cancelled without CQEs (req_set_fail sets
 * REQ_F_SKIP_LINK_CQES; io_fail_links skips them): those members may
 * never post. The chain's later members follow q in SQ order, in the
 * same submission. */
static void silence_links(struct st *st, struct req *q)
{
	uint32_t j = (uint32_t)(q - reqs);

	if (!(q->sqe.flags & IOU_SQE_CQE_SKIP_SUCCESS) ||
	    !(q->sqe.flags & LINK_FLAGS) ||
	    (q->sqe.flags & IOU_SQE_IO_HARDLINK) || fail_is_benign(st, q))
		return;
	/* the chain ends at the submit boundary: a later SQE whose
	 * chain_prev is not the one before it started a chain of its own */
	while (++j < st->nreq && reqs[j].consumed &&
	       reqs[j].chain_prev == (int32_t)(j - 1)) {
		reqs[j].silent = 1;
		if (!(reqs[j].sqe.flags & LINK_FLAGS))
			break;
	}
}

void check_cqe(struct st *st, const struct iou_cqe *c)
{
	uint64_t ud = c->user_data;
	uint32_t fl = c->flags;
	struct req *q;
	int notif = (fl & IOU_CQE_F_NOTIF) != 0, more = (fl & IOU_CQE_F_MORE) != 0;

	st->seq++;
	stats[ST_CQES]++;
	stats[ST_MORE] += more;
	stats[ST_NOTIF] += notif;
	mix(st, ud);
	mix(st, (uint32_t)c->res);
	mix(st, fl);
	if (ud >= ANN_BASE && ud < ANN_BASE + st->nann) {
		struct ann *a = &anns[ud - ANN_BASE];

		if (a->terminal)
			fail("CQE ud=%#llx res=%d flags=%#x after its terminal "
			     "CQE (announced user_data)",
			     (unsigned long long)ud, c->res, fl);
		a->ncqe++;
		if (!more)
			a->terminal = 1;
		if (a->msg_data && (c->res != a->res || fl != a->flags))
			fail("MSG_RING CQE ud=%#llx res=%d flags=%#x, sent res %d "
			     "flags %#x", (unsigned long long)ud, c->res, fl,
			     a->res, a->flags);
		if (a->msg_data && a->ncqe > 1)
			fail("MSG_RING data ud=%#llx posted twice",
			     (unsigned long long)ud);
		return;
	}
	if (ud < UD_BASE || ud >= UD_BASE + st->nreq)
		fail("CQE for user_data %#llx, never submitted (res %d flags %#x)",
		     (unsigned long long)ud, c->res, fl);
	q = &reqs[ud - UD_BASE];
	if (!q->consumed)
		fail("CQE ud=%#llx res=%d for an SQE the kernel has not consumed",
		     (unsigned long long)ud, c->res);
	if (q->terminal)
		fail("CQE ud=%#llx res=%d flags=%#x after its terminal CQE (%s)",
		     (unsigned long long)ud, c->res, fl,
		     iou_op_name(q->sqe.opcode));
	/* a notification's res is no errno: 0, or with REPORT_USAGE
	 * IOU_NOTIF_USAGE_ZC_COPIED when the data was copied */
	if (notif && c->res &&
	    ((uint32_t)c->res != IOU_NOTIF_USAGE_ZC_COPIED ||
	     !(q->sqe.ioprio & IOU_SEND_ZC_REPORT_USAGE)))
		fail("F_NOTIF CQE ud=%#llx res=%d: neither 0 nor ZC_COPIED "
		     "with REPORT_USAGE", (unsigned long long)ud, c->res);
	if (!notif &&
	    (c->res < -MAX_ERRNO || (c->res < 0 && !is_errno(c->res))) &&
	    !nop_injected(&q->sqe, c->res))
		fail("CQE ud=%#llx res=%d: not a negative errno",
		     (unsigned long long)ud, c->res);
	if (fl & 0xffe0U)
		fail("CQE ud=%#llx flags=%#x: unknown flags",
		     (unsigned long long)ud, fl);
	if (!(fl & IOU_CQE_F_BUFFER) && (fl >> IOU_CQE_BUFFER_SHIFT))
		fail("CQE ud=%#llx flags=%#x: a buffer id without F_BUFFER",
		     (unsigned long long)ud, fl);
	if (more && !may_more(&q->sqe))
		fail("CQE ud=%#llx flags=%#x: F_MORE on a single-shot %s",
		     (unsigned long long)ud, fl, iou_op_name(q->sqe.opcode));
	if (notif) {
		if (!is_zc(&q->sqe))
			fail("F_NOTIF on %s ud=%#llx", iou_op_name(q->sqe.opcode),
			     (unsigned long long)ud);
		if (more)
			fail("F_NOTIF with F_MORE, ud=%#llx",
			     (unsigned long long)ud);
		if (!q->more)
			fail("F_NOTIF ud=%#llx without a request CQE with F_MORE "
			     "before it", (unsigned long long)ud);
	} else if (is_zc(&q->sqe) && q->done) {
		fail("second request CQE for send_zc ud=%#llx (res %d)",
		     (unsigned long long)ud, c->res);
	}
	if (fl & IOU_CQE_F_BUFFER) {
		if (!(q->sqe.flags & IOU_SQE_BUFFER_SELECT))
			fail("F_BUFFER on ud=%#llx (%s) without BUFFER_SELECT",
			     (unsigned long long)ud, iou_op_name(q->sqe.opcode));
		/* A read that fails after it took a buffer still reports
		 * it (6.18: res -EOPNOTSUPP, flags F_BUFFER; KERNEL_FACTS'
		 * "only on success" is wrong); an empty group gives none. */
		if (c->res == -ENOBUFS)
			fail("F_BUFFER on ud=%#llx with -ENOBUFS",
			     (unsigned long long)ud);
		bid_use(st, q, c->res, fl);
	}
	if (!notif) {
		if (!q->ncqe) {
			check_chain(st, q, c);
			check_drain(st, q, c);
		}
		check_expiry(st, q, c);
		check_res(st, q, c);
	}
	if (q->sqe.opcode < IOU_OP_LAST && !notif)
		op_stats[q->sqe.opcode][c->res >= 0 ? 0 :
					c->res == -EINVAL ? 1 : 2]++;
	if (!q->ncqe)
		q->first_seq = st->seq;
	q->ncqe++;
	if (!notif && !q->done && (!more || is_zc(&q->sqe))) {
		q->done = 1;
		q->done_seq = st->seq;
		q->res = c->res;
		if (q->settle && c->res >= 0) /* 1: a futex wait */
			st->settle_hits++;
	}
	if (!notif && more)
		q->more = 1;
	if (!more)
		q->terminal = 1;
	if (!more && c->res < 0)
		silence_links(st, q);
}

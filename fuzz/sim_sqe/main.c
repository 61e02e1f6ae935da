/* sim_sqe — libFuzzer harness: the input bytes become SQEs, enters,
 * registrations and iou_sys_* calls on one ring of the simulated kernel,
 * through the public API only (iou.h, iou_prep.h, iou_sim.h). It checks
 * that nothing crashes, leaks or hits UB (under ASan+UBSan), and that
 * every CQE keeps the guarantees of DESIGN.md §2 (see "Invariants" below);
 * a broken invariant is an abort() with a message and the sim's trace.
 *
 * ==== Input layout =========================================================
 *   header, 8 bytes:
 *     [0] kernel: bits 0-2 pick 5.4 5.10 5.15 5.19 6.1 6.6 6.12 NEWEST;
 *         bit 3: the range [that, NEWEST] (the profile is a tape choice)
 *     [1] fault classes: bits 0-7 = IOU_FAULT_* (0: none; bit 6
 *         NETDGRAM, bit 7 FILECHANGE)
 *     [2] ring size: bits 0-2 = log2 SQ entries (1..128); bits 3-4 = CQ:
 *         0 default (2x), 1 CQSIZE = SQ, 2 CQSIZE = 4x SQ, 3 CQSIZE = SQ+1;
 *         bits 5-6 = odd entries: 1 SQ+1, 2 none (0), 3 65536; bit 7 with
 *         CQSIZE: CQ 0 or 131072
 *     [3..4] setup flags, LE, each bit one of SAFE_SETUP[] below
 *     [5..6] tape length, LE (clamped to what is left)
 *     [7] options: bit 0 runs the input twice and compares the traces;
 *         bit 1 skips the settling at the end (teardown with requests in
 *         flight); bit 2 sets up a second ring on the sim (MSG_RING target)
 *   tape: that many bytes, given to the sim as iou_sim_opts.tape (its
 *     choices: CQE order, delays, short I/O, faults...; past its end 0)
 *   program: commands, one byte each (cmd_of(): bytes below 228 mod
 *     C_NCMDS, 228..255 the newer commands) then its arguments;
 *     reading past the end gives zeros. See enum cmd and run_cmd().
 *
 * ==== Pointer safety =======================================================
 * The sim, like a kernel, reads and writes the memory SQE fields point to,
 * and cannot check host pointers (a kernel would give -EFAULT). So every
 * pointer field of an SQE is rewritten per opcode (op_ptrs[]) to point into
 * one of the harness's regions, each allocated with its exact size so that
 * ASan catches a sim that goes past what the kernel would touch; lengths
 * the kernel does not bound are clamped to the region, lengths it bounds
 * (iovec counts, open_how size, addrlen...) are left as fuzzed. A zero
 * pointer stays NULL. Everything else in the SQE keeps the input's bits.
 *
 * ==== Invariants ===========================================================
 *  1. Every CQE's user_data was submitted (its SQE consumed by the kernel)
 *     or announced (MSG_RING data, poll update's new user_data); a MSG_RING
 *     data CQE carries the res and flags sent, once; the peer ring gets
 *     nothing else.
 *  2. Nothing after a CQE without F_MORE for a user_data.
 *  3. F_MORE only on multishot forms and send_zc; F_NOTIF only on send_zc,
 *     only after its request CQE had F_MORE, never with F_MORE; at most one
 *     request CQE per send_zc.
 *  4. F_BUFFER only with IOSQE_BUFFER_SELECT, never with -ENOBUFS (a read
 *     that fails after it took a buffer does report it: checked on 6.18);
 *     a buffer id is never handed out more often than it was provided; no
 *     unknown flags.
 *  5. res is >= 0 or a negative errno; per op: no more bytes than asked,
 *     a pure timer never "succeeds", cancel/close/... return <= 0, a
 *     timeout never expires before its virtual deadline.
 *  6. Link chains complete in order; after a member failed (not
 *     HARDLINK, not ETIME_SUCCESS) no later member succeeds. An IO_DRAIN
 *     request succeeds only after every earlier request completed.
 *  7. CQ accounting: iou_cq_ready <= CQ size; the SQ head never passes the
 *     tail; submit returns exactly what the kernel consumed; copy_cqes
 *     never returns more than asked (nor 0 when waiting); peek returns a
 *     CQE iff 0; after get_events the overflow list is empty unless the CQ
 *     is full, and a profile without NODROP never sets CQ_OVERFLOW.
 *  8. Every return value is >= 0 or a negative errno from the documented
 *     set of that call.
 *  9. No CQE is lost: at the end every pending request is canceled by
 *     user_data and waited for until the sim hangs; a consumed request
 *     without its terminal CQE then is a lost CQE (profiles with NODROP).
 * 10. The same input gives a byte-identical trace (header option bit 0).
 * Teardown frees buf_rings, exits the ring and frees the sim: LeakSanitizer
 * sees any leak.
 *
 * ==== Files ================================================================
 *   main.c      setup from the header, settling, teardown, the entry point
 *   input.c     input decoding: the byte reader, tables, the arena
 *   fix.c       pointer fixing: fds, user_data targets, op_ptrs[]
 *   oracle.c    the CQE invariant oracle and the failure report
 *   ring.c      ring calls, each checked
 *   commands.c  the commands of the program and their dispatcher
 *   loop.c      the event loop's and datagrams' commands (issues 8, 9):
 *               sockets, eventfd, epoll, futex words, newer iou_sys_*
 *               calls, well-formed SQEs of the newer opcodes */
#include "sim_sqe.h"

/* ---- the end: settle, then teardown ------------------------------------------------------------ */

int pending(const struct req *q)
{
	return q->consumed && !q->terminal && !q->silent &&
	       !(q->sqe.flags & IOU_SQE_CQE_SKIP_SUCCESS);
}

/* Waits until nothing more can complete: 1 when the sim said so (hang),
 * 0 when it kept posting. */
int wait_quiet(struct st *st)
{
	for (int i = 0; i < 64; i++) {
		struct iou_cqe cqes[64];
		int ret;

		reap_ready(st);
		before(st, "settle: iou_copy_cqes");
		ret = iou_copy_cqes(&st->ring, cqes, 64, 1);
		after(st, 0);
		check_ret(st, "iou_copy_cqes", ret, E_WAIT);
		for (int k = 0; k < ret; k++)
			check_cqe(st, &cqes[k]);
		if (ret == -EDEADLK)
			return 1;
		if (ret == -EBADR)
			st->order_ok = 0;
		if (ret < 0 && ret != -EINTR && ret != -EAGAIN && ret != -EBUSY)
			return 0;
	}
	return 0;
}

/* Unblocks I/O parked on pipes: drops the fixed files and closes every fd
 * but the ring's, so that readers see EOF and writers -EPIPE. */
void release_fds(struct st *st)
{
	int ring_fd = iou_ring_fd(&st->ring);

	before(st, "settle: release fds");
	(void)iou_unregister_files(&st->ring);
	for (int fd = 0; fd <= st->max_fd; fd++)
		if (fd != ring_fd)
			(void)iou_sys_close(&st->ring, fd);
	after(st, 0);
}

/* Whether a request that only a cancel can end (a POLL_ADD of the ring's
 * fd, a futex wait: closing fds ends neither, and settle wakes no futex)
 * is unfinished while some request of the run had IO_DRAIN. */
static int ring_poll_drain(const struct st *st)
{
	int ring_fd = iou_ring_fd(&st->ring), stuck = 0, drain = 0;

	for (uint32_t i = 0; i < st->nreq; i++) {
		const struct req *q = &reqs[i];
		uint8_t op = q->sqe.opcode;

		drain |= q->consumed && (q->sqe.flags & IOU_SQE_IO_DRAIN);
		if (!q->consumed || q->terminal)
			continue;
		stuck |= (op == IOU_OP_POLL_ADD &&
			  !(q->sqe.flags & IOU_SQE_FIXED_FILE) &&
			  q->sqe.fd == ring_fd) ||
			 op == IOU_OP_FUTEX_WAIT || op == IOU_OP_FUTEX_WAITV;
	}
	return stuck && drain;
}

/* Cancels every pending request by user_data and waits, until a round
 * cancels nothing and the sim hangs: whatever is still pending then has
 * lost its CQE (invariant 9). Cancels may sit behind an IO_DRAIN that
 * waits for I/O parked on a pipe (a kernel defers them the same way):
 * from round 3 on the fds are closed so that such I/O ends. */
void settle(struct st *st)
{
	int can_cancel = st->kver >= IOU_KERNEL_VERSION(5, 5);

	if (st->disabled)
		return;
	for (int round = 0; round < 16; round++) {
		uint32_t npend = 0, n = st->nreq, first = st->nreq;
		int stuck = 0, skipped = 0, fresh;

		reap_ready(st);
		for (uint32_t i = 0; i < n; i++)
			npend += pending(&reqs[i]);
		if (!npend) {
			stats[ST_SETTLED]++;
			return;
		}
		if (round == 3)
			release_fds(st);
		/* what the program left unsubmitted goes in first, on its
		 * own: a cancel queued behind a trailing IO_LINK would join
		 * that chain and die with it. A bad SQE ends a submit (no
		 * SUBMIT_ALL), so it takes as many as make progress. */
		while (st->nconsumed < st->nreq) {
			uint32_t was = st->nconsumed;

			do_submit(st);
			reap_ready(st);
			if (st->nconsumed == was)
				break;
		}
		/* what is still unsubmitted goes in after this round's
		 * cancels, which could not target it: the round after
		 * cancels it (a poll of the ring's fd that fires never) */
		fresh = st->nconsumed < st->nreq;
		st->settle_hits = 0;
		for (uint32_t i = 0; can_cancel && i < n; i++) {
			struct iou_sqe *slot;
			struct req *q;

			struct req *t = &reqs[i];

			if (t->sqe.opcode == IOU_OP_ASYNC_CANCEL)
				continue;
			/* A CQE_SKIP_SUCCESS request with no CQE may have
			 * succeeded silently or still be in flight (a poll of
			 * the ring fd, which no fd close ends): cancel it
			 * too, once, and again after the fds are closed. */
			if (!pending(t) &&
			    (!t->consumed || t->terminal || t->silent ||
			     (t->skip_tries && round != 4) ||
			     t->skip_tries >= 2))
				continue;
			q = req_new(st, &slot);
			if (!q) {
				/* SQ full: submit what is queued, once */
				do_submit(st);
				q = req_new(st, &slot);
			}
			if (!q) {
				skipped = 1; /* not all pending were tried */
				break;
			}
			if (!pending(t))
				t->skip_tries++;
			iou_prep_cancel64(&q->sqe, UD_BASE + i, 0);
			q->settle = 1;
			q->sqe.user_data = UD_BASE + (uint64_t)(q - reqs);
			memcpy(slot, &q->sqe, sizeof(*slot));
		}
		/* whatever sat unsubmitted in the SQ goes too */
		if (st->nconsumed < st->nreq) {
			do_submit(st);
			if (st->nconsumed < st->nreq)
				continue; /* short submit, -EAGAIN...: again */
		}
		if (!wait_quiet(st) || st->settle_hits || !st->order_ok ||
		    !can_cancel || round < 3 || skipped || fresh)
			continue;
		reap_ready(st);
		for (uint32_t i = first; i < st->nreq; i++)
			stuck |= pending(&reqs[i]);
		if (stuck)
			continue;
		/* A poll of the ring's own fd that never fires or a futex
		 * wait nobody wakes, with an IO_DRAIN in the run: what it
		 * holds back (cancels too) waits for ever, on a kernel as
		 * here. The program deadlocked itself; no CQE was lost. */
		if (ring_poll_drain(st)) {
			stats[ST_GIVEUP]++;
			return;
		}
		/* Converged: nothing was cancelable, nothing can complete. */
		stats[ST_LOSTCHK]++;
		for (uint32_t i = 0; i < st->nreq; i++) {
			const struct req *q = &reqs[i];

			if (!pending(q))
				continue;
			fail("ud=%#llx (%s, flags %#x) never completed: its CQE "
			     "was lost (%u CQEs seen)",
			     (unsigned long long)(UD_BASE + i),
			     iou_op_name(q->sqe.opcode), q->sqe.flags, q->ncqe);
		}
		return;
	}
	stats[ST_GIVEUP]++;
}

void teardown(struct st *st)
{
	for (unsigned k = 0; k < NBR; k++)
		if (st->brs[k].br && st->ring_up)
			br_free(st, &st->brs[k]);
	if (st->peer_up) {
		do_peer(st);
		iou_queue_exit(&st->peer);
		st->peer_up = 0;
	}
	if (st->ring_up)
		iou_queue_exit(&st->ring);
	st->ring_up = 0;
	/* buf_rings the kernel refused to unregister: the ring is gone */
	for (unsigned k = 0; k < NBR; k++) {
		if (st->brs[k].br) {
			munmap(st->brs[k].br,
			       st->brs[k].entries * sizeof(struct iou_buf));
			st->brs[k].br = NULL;
		}
	}
	iou_sim_free(st->sim);
	st->sim = NULL;
}

uint32_t roundup_pow2(uint32_t v)
{
	uint32_t p = 1;

	while (p < v)
		p <<= 1;
	return p;
}

/* Sets up the ring (and the peer) from the header; 0 or -errno. */
int setup(struct st *st, const uint8_t *h)
{
	static const unsigned odd[4] = { 0, 1, 0, 65536 };
	unsigned sq = 1U << (h[2] & 7), cqm = (h[2] >> 3) & 3;
	unsigned oddm = (h[2] >> 5) & 3, entries = sq, want_sq, want_cq = 0;
	unsigned flags = 0, bits = (unsigned)h[3] | (unsigned)h[4] << 8;
	struct iou_params p;
	int ret;

	if (oddm)
		entries = oddm == 1 ? sq + odd[1] : odd[oddm];
	for (unsigned i = 0; i < NSAFE_SETUP; i++)
		if (bits & (1U << i))
			flags |= SAFE_SETUP[i];
	for (int attempt = 0; attempt < 2; attempt++) {
		memset(&p, 0, sizeof(p));
		p.flags = flags;
		if (cqm) {
			p.flags |= IOU_SETUP_CQSIZE;
			p.cq_entries = cqm == 1 ? sq : cqm == 2 ? 4 * sq : sq + 1;
			if (h[2] & 0x80)
				p.cq_entries = (h[3] & 1) ? 0 : 131072;
			want_cq = p.cq_entries;
		}
		memset(&st->ring, 0, sizeof(st->ring));
		before(st, "iou_queue_init_sim_params");
		ret = iou_queue_init_sim_params(entries, &st->ring, &p, st->sim);
		check_ret(st, "iou_queue_init_sim_params", ret, E_ANY);
		if (ret == 0)
			break;
		if (!flags)
			return ret;
		flags = 0; /* refused: a plain ring, the program still runs */
	}
	st->ring_up = 1;
	st->setup_flags = p.flags;
	st->disabled = (p.flags & IOU_SETUP_R_DISABLED) != 0;
	st->cq_entries = iou_cq_entries(&st->ring);
	st->features = st->ring.features;
#if KNOWN_BUG(KB_KERNEL_VERSION)
	/* (fixed: regress-kernel-version-null) the sim backend has no
	 * kernel_version hook, iou_kernel_version calls NULL */
	st->kver = iou_sim_kernel(st->sim);
#else
	st->kver = iou_kernel_version(&st->ring);
#endif
	/* the kernel's sizes: rounded up to a power of two, clamped to
	 * 32768 / 65536 with CLAMP, the CQ twice the SQ unless CQSIZE */
	want_sq = entries > 32768 ? 32768 : roundup_pow2(entries);
	if (!entries || p.sq_entries != want_sq ||
	    iou_sq_entries(&st->ring) != want_sq)
		fail("%u SQ entries set up as %u (%u)", entries, p.sq_entries,
		     iou_sq_entries(&st->ring));
	want_cq = !(p.flags & IOU_SETUP_CQSIZE) ? 2 * want_sq :
		  want_cq > 65536 ? 65536 : roundup_pow2(want_cq);
	if (st->cq_entries != p.cq_entries || st->cq_entries != want_cq ||
	    st->cq_entries < want_sq)
		fail("CQ of %u entries for SQ %u (CQSIZE mode %u): %u / %u",
		     want_cq, want_sq, cqm, st->cq_entries, p.cq_entries);
	if (st->kver != iou_sim_kernel(st->sim))
		fail("iou_kernel_version %#x, iou_sim_kernel %#x", st->kver,
		     iou_sim_kernel(st->sim));
	st->order_ok = (st->features & IOU_FEAT_NODROP) != 0;
	st->max_fd = iou_ring_fd(&st->ring);
	if (h[7] & 4) {
		ret = iou_queue_init_sim(8, &st->peer, 0, st->sim);
		check_ret(st, "iou_queue_init_sim (peer)", ret, E_ANY);
		if (!ret) {
			st->peer_up = 1;
			fd_add(st, iou_ring_fd(&st->peer));
		}
	}
	return 0;
}

void keep_trace(struct iou_sim *sim, struct tbuf *tb)
{
	FILE *f;

	free(tb->buf);
	tb->buf = NULL;
	tb->len = 0;
	f = open_memstream(&tb->buf, &tb->len);
	if (!f)
		abort();
	iou_sim_trace_dump(sim, f);
	if (fclose(f))
		abort();
}

/* One run of the input; with tb, its trace is kept. Returns the hash of
 * everything the harness observed. */
uint64_t run(const uint8_t *data, size_t size, struct tbuf *tb)
{
	static struct st st_storage;
	struct st *st = &st_storage;
	struct iou_sim_opts o;
	uint8_t h[HDR_LEN] = { 0 };
	size_t hl = size < HDR_LEN ? size : HDR_LEN, tape_len;

	memset(st, 0, sizeof(*st));
	cur = st;
	st->hash = 0xcbf29ce484222325ULL;
	memcpy(h, data, hl);
	data += hl;
	size -= hl;
	tape_len = (size_t)h[5] | (size_t)h[6] << 8;
	if (tape_len > size)
		tape_len = size;

	arena_reset();
	memset(bid_prov, 0, sizeof(bid_prov));
	memset(bid_used, 0, sizeof(bid_used));
	for (unsigned i = 0; i < NFD; i++)
		st->fds[i] = 3 + (int)i;

	memset(&o, 0, sizeof(o));
	/* never NULL: an empty tape means every choice is 0 (a NULL one
	 * would mean the seeded PRNG) */
	o.tape = tape_len ? data : (const uint8_t *)"";
	o.tape_len = tape_len;
	o.kernel_min = kernels[h[0] & 7];
	o.kernel_max = (h[0] & 8) ? IOU_KERNEL_NEWEST : o.kernel_min;
	o.faults = h[1] & IOU_FAULT_ALL;
	st->sim = iou_sim_new(&o);
	if (!st->sim)
		fail("iou_sim_new failed");
	if (!setup(st, h)) {
		st->in.p = data + tape_len;
		st->in.n = size - tape_len;
		while (st->in.pos < st->in.n)
			run_cmd(st, cmd_of(in_u8(&st->in)));
		if (!(h[7] & 2))
			settle(st);
	}
	mix(st, iou_sim_now_ns(st->sim));
	mix(st, (uint64_t)iou_sim_hung(st->sim));
	stats[ST_RUNS]++;
	stats[ST_HUNG] += iou_sim_hung(st->sim) != 0;
	if (tb)
		keep_trace(st->sim, tb);
	if (getenv("SIM_SQE_TRACE"))
		iou_sim_trace_dump(st->sim, stderr);
	teardown(st);
	cur = NULL;
	return st->hash;
}

/* Runs the input, twice when header byte 7 has bit 0, and then compares
 * the traces byte for byte and what the harness saw (invariant 10). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tbuf t1, t2;
	uint64_t h1, h2;
	size_t i;

	if (!A.ready && getenv("SIM_SQE_STATS"))
		atexit(stats_print);
	arena_init();
	if (size < HDR_LEN || !(data[7] & 1)) {
		run(data, size, NULL);
		return 0;
	}
	h1 = run(data, size, &t1);
	h2 = run(data, size, &t2);
	for (i = 0; i < t1.len && i < t2.len && t1.buf[i] == t2.buf[i]; i++)
		;
	if (i < t1.len || i < t2.len) {
		size_t from = i > 200 ? i - 200 : 0;

		fprintf(stderr, "first run, from byte %zu:\n%.400s\n"
			"second run:\n%.400s\n", from, t1.buf + from,
			t2.buf + from);
		fail("the same input gave different traces (byte %zu of %zu/%zu)",
		     i, t1.len, t2.len);
	}
	if (h1 != h2)
		fail("the same input gave the same trace but different results "
		     "(%#llx, %#llx)", (unsigned long long)h1,
		     (unsigned long long)h2);
	return 0;
}

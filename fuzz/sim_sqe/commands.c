/* commands.c — sim_sqe's commands: SQEs, registrations, iou_sys_* calls,
 * the harness memory they set, and the dispatcher. */
#include "sim_sqe.h"

/* ---- SQEs ---------------------------------------------------------------------------- */

/* A new request in the next SQ slot, or NULL (SQ full, or out of serials). */
struct req *req_new(struct st *st, struct iou_sqe **slot)
{
	struct req *q;

	if (st->nreq >= MAX_REQS)
		return NULL;
	*slot = iou_get_sqe(&st->ring);
	if (!*slot)
		return NULL;
	q = &reqs[st->nreq++];
	memset(q, 0, sizeof(*q));
	q->chain_prev = -1;
	return q;
}

void req_publish(struct st *st, struct req *q, struct iou_sqe *slot)
{
	q->sqe.user_data = UD_BASE + (uint64_t)(q - reqs);
	fix_sqe(st, q);
	memcpy(slot, &q->sqe, sizeof(*slot));
}

/* 64 raw bytes, pointers rewritten. */
void cmd_sqe_raw(struct st *st)
{
	struct iou_sqe raw, *slot;
	struct req *q;

	in_bytes(&st->in, &raw, sizeof(raw));
	q = req_new(st, &slot);
	if (!q)
		return;
	q->sqe = raw;
	req_publish(st, q, slot);
}

/* 20 bytes: an SQE from a small domain (fds from the harness's table,
 * small lengths and offsets), then the same rewriting. */
void cmd_sqe(struct st *st)
{
	struct in *in = &st->in;
	struct iou_sqe *slot, *s;
	uint8_t b0 = in_u8(in), b2, b13, b19;
	struct req *q;
	unsigned op = b0 % (IOU_OP_LAST + 1);
	uint16_t off;

	if (op == IOU_OP_LAST)
		op = b0 > IOU_OP_LAST ? b0 : IOU_OP_LAST;
	q = req_new(st, &slot);
	if (!q) {
		in->pos += 19;
		return;
	}
	s = &q->sqe;
	s->opcode = (uint8_t)op;
	s->flags = in_u8(in);
	b2 = in_u8(in);
	s->fd = fd_pick(st, b2);
	s->len = in_u16(in);
	if (s->len >= 0xff00) /* -256..-1: AT_FDCWD as newdfd, huge lengths */
		s->len |= 0xffff0000U;
	s->rw_flags = (int32_t)in_u32(in);
	off = in_u16(in);
	s->off = off == 0xffff ? UINT64_MAX : off;
	s->ioprio = in_u8(in);
	s->buf_index = in_u8(in);
	b13 = in_u8(in);
	if (op == IOU_OP_SPLICE || op == IOU_OP_TEE)
		s->splice_fd_in = fd_pick(st, b13);
	else
		s->file_index = b13 == 0xff ? IOU_FILE_INDEX_ALLOC : b13;
	s->addr = in_u32(in);
	s->addr3 = in_u8(in);
	b19 = in_u8(in);
	if (b19 & 0x80)
		s->personality = 1;
	if (op == IOU_OP_SPLICE && (b19 & 1))
		s->splice_off_in = UINT64_MAX;
	req_publish(st, q, slot);
}

/* n NOPs with the given flags: fills SQ and CQ quickly. */
void cmd_nops(struct st *st)
{
	unsigned n = in_u8(&st->in) % 65;
	uint8_t flags = in_u8(&st->in);

	for (unsigned i = 0; i < n; i++) {
		struct iou_sqe *slot;
		struct req *q = req_new(st, &slot);

		if (!q)
			return;
		iou_prep_nop(&q->sqe);
		q->sqe.flags = flags;
		req_publish(st, q, slot);
	}
}

/* ---- registrations ---------------------------------------------------------------------- */

const int *E_ANY = NULL; /* any negative errno */

void cmd_reg_bufs(struct st *st)
{
	struct iovec iov[8];
	unsigned n = in_u8(&st->in) % 9;
	int ret;

	for (unsigned i = 0; i < n; i++) {
		uint32_t o = in_u16(&st->in) % DATA_SZ;
		uint32_t len = in_u16(&st->in);

		if (o == 0xffff % DATA_SZ && !len) {
			iov[i].iov_base = NULL; /* a hole (5.13+) */
			iov[i].iov_len = 0;
			continue;
		}
		iov[i].iov_base = A.data + o;
		iov[i].iov_len = fit(o, len, DATA_SZ);
	}
	before(st, "iou_register_buffers");
	ret = iou_register_buffers(&st->ring, n ? iov : NULL, n);
	after(st, 0);
	check_ret(st, "iou_register_buffers", ret, E_ANY);
	if (ret > 0)
		fail("iou_register_buffers returned %d", ret);
}

void cmd_bufs_update(struct st *st)
{
	struct iovec iov[4];
	struct iou_rsrc_update2 up;
	unsigned n = in_u8(&st->in) % 5;
	int ret;

	memset(&up, 0, sizeof(up));
	up.offset = in_u8(&st->in);
	for (unsigned i = 0; i < n; i++) {
		uint32_t o = in_u16(&st->in) % DATA_SZ;

		iov[i].iov_base = A.data + o;
		iov[i].iov_len = fit(o, in_u16(&st->in), DATA_SZ);
	}
	up.data = ptr(iov);
	up.nr = n;
	before(st, "IOU_REGISTER_BUFFERS_UPDATE");
	ret = iou_register(&st->ring, IOU_REGISTER_BUFFERS_UPDATE, &up,
			   sizeof(up));
	after(st, 0);
	check_ret(st, "IOU_REGISTER_BUFFERS_UPDATE", ret, E_ANY);
	if (ret > (int)n)
		fail("BUFFERS_UPDATE of %u returned %d", n, ret);
}

void cmd_reg_files(struct st *st)
{
	int fds[8];
	unsigned n = in_u8(&st->in) % 9;
	int ret;

	for (unsigned i = 0; i < n; i++)
		fds[i] = fd_pick(st, in_u8(&st->in));
	before(st, "iou_register_files");
	ret = iou_register_files(&st->ring, n ? fds : NULL, n);
	after(st, 0);
	check_ret(st, "iou_register_files", ret, E_ANY);
	if (ret > 0)
		fail("iou_register_files returned %d", ret);
}

void cmd_files_update(struct st *st)
{
	int fds[8];
	unsigned off = in_u8(&st->in), n = in_u8(&st->in) % 9;
	int ret;

	if (off == 0xff)
		off = IOU_FILE_INDEX_ALLOC;
	for (unsigned i = 0; i < n; i++) {
		uint8_t b = in_u8(&st->in);

		fds[i] = b == 0xf7 ? IOU_REGISTER_FILES_SKIP : fd_pick(st, b);
	}
	before(st, "iou_register_files_update");
	ret = iou_register_files_update(&st->ring, off, fds, n);
	after(st, 0);
	check_ret(st, "iou_register_files_update", ret, E_ANY);
	if (ret > (int)n)
		fail("iou_register_files_update of %u returned %d", n, ret);
}

void cmd_sparse(struct st *st, int files)
{
	unsigned nr = in_u8(&st->in);
	int ret;

	before(st, files ? "iou_register_files_sparse"
			 : "iou_register_buffers_sparse");
	ret = files ? iou_register_files_sparse(&st->ring, nr)
		    : iou_register_buffers_sparse(&st->ring, nr);
	after(st, 0);
	check_ret(st, st->what, ret, E_ANY);
	if (ret > 0)
		fail("%s returned %d", st->what, ret);
}

void cmd_unreg(struct st *st, int files)
{
	int ret;

	before(st, files ? "iou_unregister_files" : "iou_unregister_buffers");
	ret = files ? iou_unregister_files(&st->ring)
		    : iou_unregister_buffers(&st->ring);
	after(st, 0);
	check_ret(st, st->what, ret, E_ANY);
	if (ret > 0)
		fail("%s returned %d", st->what, ret);
}

void br_free(struct st *st, struct bring *b)
{
	int ret;

	before(st, "iou_free_buf_ring");
	ret = iou_free_buf_ring(&st->ring, b->br, b->entries, b->bgid);
	after(st, 0);
	check_ret(st, "iou_free_buf_ring", ret, E_ANY);
	if (ret < 0) {
		/* still registered: unmapped only after the ring is gone */
		return;
	}
	b->br = NULL;
}

/* flags: 0, or IOU_PBUF_RING_INC (6.12: buffers consumed in pieces) */
void cmd_br_setup(struct st *st, unsigned flags)
{
	struct bring *b = &st->brs[in_u8(&st->in) % NBR];
	unsigned entries = 1U << (in_u8(&st->in) % 5);
	uint16_t bgid = in_u8(&st->in);
	int err = 0;
	struct iou_buf_ring *br;

	if (b->br)
		return;
	if (bgid >= 0xf0)
		bgid = (uint16_t)(bgid << 8); /* an untracked group */
	else
		bgid %= NBG;
	before(st, "iou_setup_buf_ring");
	br = iou_setup_buf_ring(&st->ring, entries, bgid, flags, &err);
	after(st, 0);
	check_ret(st, "iou_setup_buf_ring", br ? 0 : err, E_ANY);
	if (!br) {
		if (!err)
			fail("iou_setup_buf_ring failed without an errno");
		return;
	}
	b->br = br;
	b->entries = entries;
	b->bgid = bgid;
	b->inc = (flags & IOU_PBUF_RING_INC) != 0;
	b->added = b->seen = 0;
	if (bgid < NBG)
		st->bg_ring[bgid] = 1;
}

void cmd_br_add(struct st *st)
{
	struct bring *b = &st->brs[in_u8(&st->in) % NBR];
	unsigned n = in_u8(&st->in) % 17;

	for (unsigned i = 0; i < n; i++) {
		uint32_t o = in_u16(&st->in) % DATA_SZ;
		uint32_t len = fit(o, in_u16(&st->in) % 8192, DATA_SZ);
		uint16_t bid = in_u8(&st->in);

		if (!b->br)
			continue;
		iou_buf_ring_add(b->br, A.data + o, len, bid,
				 iou_buf_ring_mask(b->entries), 0);
		iou_buf_ring_advance(b->br, 1);
		/* More published than the ring holds overwrites entries the
		 * kernel has not taken: ids then repeat; stop tracking. */
		if (++b->added - b->seen > b->entries && b->bgid < NBG)
			st->bg_legacy[b->bgid] = 1;
		if (b->bgid < NBG && bid_prov[b->bgid][bid] < UINT16_MAX)
			bid_prov[b->bgid][bid]++;
	}
}

void cmd_probe(struct st *st)
{
	struct iou_probe *p;
	int op = in_u8(&st->in), ret;

	before(st, "iou_get_probe_ring");
	p = iou_get_probe_ring(&st->ring);
	if (p) {
		if (iou_opcode_supported(p, 255) || iou_opcode_supported(p, -1))
			fail("probe: opcode 255 or -1 supported");
		mix(st, p->last_op);
		iou_free_probe(p);
	}
	ret = iou_ring_opcode_supported(&st->ring, op);
	after(st, 0);
	check_ret(st, "iou_ring_opcode_supported", ret, E_ANY);
	if (ret > 1)
		fail("iou_ring_opcode_supported returned %d", ret);
	if (ret == 1 && op >= IOU_OP_LAST)
		fail("the probe supports opcode %d >= IOU_OP_LAST", op);
}

void cmd_eventfd(struct st *st)
{
	uint8_t m = in_u8(&st->in);
	int fd = fd_pick(st, in_u8(&st->in)), ret;

	before(st, "eventfd");
	switch (m % 3) {
	case 0:
		ret = iou_register_eventfd(&st->ring, fd);
		break;
	case 1:
		ret = iou_register_eventfd_async(&st->ring, fd);
		break;
	default:
		ret = iou_unregister_eventfd(&st->ring);
		break;
	}
	after(st, 0);
	check_ret(st, "eventfd registration", ret, E_ANY);
	if (ret > 0)
		fail("eventfd registration returned %d", ret);
}

/* Registrations with a struct argument, all harness memory. */
void cmd_reg_misc(struct st *st)
{
	uint8_t m = in_u8(&st->in), a = in_u8(&st->in), b = in_u8(&st->in);
	int ret;

	before(st, "iou_register (misc)");
	switch (m % 8) {
	case 0:
		ret = iou_register(&st->ring, IOU_REGISTER_ENABLE_RINGS, NULL, 0);
		if (ret == 0)
			st->disabled = 0;
		break;
	case 1:
		ret = iou_register_ring_fd(&st->ring);
		if (ret > 1)
			fail("iou_register_ring_fd returned %d", ret);
		break;
	case 2:
		ret = iou_unregister_ring_fd(&st->ring);
		if (ret > 1)
			fail("iou_unregister_ring_fd returned %d", ret);
		break;
	case 3: {
		struct iou_buf_status bs;

		memset(&bs, 0, sizeof(bs));
		bs.buf_group = a % NBG;
		ret = iou_register(&st->ring, IOU_REGISTER_PBUF_STATUS, &bs, 1);
		break;
	}
	case 4: {
		uint32_t rg[4] = { a, b, 0, 0 };

		ret = iou_register(&st->ring, IOU_REGISTER_FILE_ALLOC_RANGE,
				   rg, 0);
		break;
	}
	case 5: {
		struct iou_sync_cancel_reg sc;

		memset(&sc, 0, sizeof(sc));
		sc.addr = ud_target(st->nreq, a);
		sc.fd = -1;
		sc.flags = b & 0x3f;
		sc.timeout.tv_sec = -1;
		sc.timeout.tv_nsec = -1;
		ret = iou_register(&st->ring, IOU_REGISTER_SYNC_CANCEL, &sc, 1);
		break;
	}
	case 6: {
		struct iou_rsrc_register rr;

		memset(&rr, 0, sizeof(rr));
		rr.nr = a % 9;
		if (b & 1) {
			rr.flags = IOU_RSRC_REGISTER_SPARSE;
		} else {
			for (unsigned i = 0; i < rr.nr; i++)
				A.fds[i] = fd_pick(st, (uint8_t)(b + i));
			rr.data = ptr(A.fds);
		}
		ret = iou_register(&st->ring, (b & 2) ? IOU_REGISTER_BUFFERS2
						      : IOU_REGISTER_FILES2,
				   &rr, sizeof(rr));
		if ((b & 2) && !(b & 1) && ret >= 0)
			fail("BUFFERS2 with an int array as iovecs returned %d",
			     ret);
		break;
	}
	default:
		/* an opcode nobody has: -EINVAL, no argument read */
		ret = iou_register(&st->ring, 27U + a, NULL, b);
		if (ret != -EINVAL)
			fail("iou_register(%u) returned %d", 27U + a, ret);
		break;
	}
	after(st, 0);
	check_ret(st, "iou_register (misc)", ret, E_ANY);
}

/* ---- iou_sys_* ---------------------------------------------------------------------------- */

/* A path for an iou_sys_* call. */
const char *sys_path(struct st *st)
{
	unsigned i = in_u8(&st->in) % NPATHS;

#if KNOWN_BUG(KB_SYS_PATH)
	/* (fixed: regress-sys-open-unterminated-path) the sim's sys calls read a
	 * path past PATH_MAX (open(2) fails -ENAMETOOLONG) */
	if (i == NPATHS - 1)
		i = NPATHS - 2;
#endif
	return A.paths[i];
}

const int open_flags[8] = {
	O_RDONLY, O_WRONLY | O_CREAT, O_RDWR | O_CREAT | O_TRUNC,
	O_RDONLY | O_DIRECTORY, O_RDWR | O_CREAT | O_EXCL,
	O_WRONLY | O_CREAT | O_APPEND, O_RDWR | O_NONBLOCK, O_RDWR,
};

void cmd_open(struct st *st)
{
	const char *path = sys_path(st);
	int fl = open_flags[in_u8(&st->in) % 8], ret;

	before(st, "iou_sys_open");
	ret = iou_sys_open(&st->ring, path, fl, 0644);
	after(st, 0);
	check_ret(st, "iou_sys_open", ret, E_ANY);
	if (ret >= 0)
		fd_add(st, ret);
}

void cmd_pipe(struct st *st)
{
	int fds[2] = { -1, -1 }, ret;

	before(st, "iou_sys_pipe");
	ret = iou_sys_pipe(&st->ring, fds);
	after(st, 0);
	check_ret(st, "iou_sys_pipe", ret, E_ANY);
	if (ret > 0)
		fail("iou_sys_pipe returned %d", ret);
	if (ret == 0) {
		if (fds[0] < 0 || fds[1] < 0 || fds[0] == fds[1])
			fail("iou_sys_pipe gave fds %d %d", fds[0], fds[1]);
		fd_add(st, fds[0]);
		fd_add(st, fds[1]);
	}
}

void cmd_rw(struct st *st, int wr)
{
	int fd = fd_pick(st, in_u8(&st->in));
	uint32_t o = in_u16(&st->in) % DATA_SZ;
	size_t len = fit(o, in_u16(&st->in) % 8192, DATA_SZ);
	ssize_t ret;

	before(st, wr ? "iou_sys_write" : "iou_sys_read");
	ret = wr ? iou_sys_write(&st->ring, fd, A.data + o, len)
		 : iou_sys_read(&st->ring, fd, A.data + o, len);
	after(st, 0);
	check_ret(st, st->what, (long)ret, E_ANY);
	if (ret > (ssize_t)len)
		fail("%s of %zu bytes returned %zd", st->what, len, ret);
}

void cmd_close(struct st *st)
{
	int fd = fd_pick(st, in_u8(&st->in)), ret;

	before(st, "iou_sys_close");
	ret = iou_sys_close(&st->ring, fd);
	after(st, 0);
	check_ret(st, "iou_sys_close", ret, E_ANY);
	if (ret > 0)
		fail("iou_sys_close returned %d", ret);
}

void cmd_pathop(struct st *st)
{
	uint8_t m = in_u8(&st->in);
	const char *path = sys_path(st);
	long ret;

	before(st, "iou_sys_mkdir/unlink/rmdir/fsize");
	switch (m % 4) {
	case 0:
		ret = iou_sys_mkdir(&st->ring, path, 0755);
		break;
	case 1:
		ret = iou_sys_unlink(&st->ring, path);
		break;
	case 2:
		ret = iou_sys_rmdir(&st->ring, path);
		break;
	default:
		ret = (long)iou_sys_fsize(&st->ring, fd_pick(st, (uint8_t)m));
		if (ret >= 0)
			ret = 0;
		break;
	}
	after(st, 0);
	check_ret(st, st->what, ret, E_ANY);
	if (ret > 0)
		fail("%s returned %ld", st->what, ret);
}

/* ---- harness memory the SQEs point to --------------------------------------------------------- */

void cmd_set_iov(struct st *st)
{
	unsigned i = in_u8(&st->in) % IOV_N;
	uint32_t o = in_u16(&st->in) % DATA_SZ;
	uint32_t len = in_u16(&st->in);

	if (len == 0xffff) {
		A.iov[i].iov_base = NULL;
		A.iov[i].iov_len = 0;
		return;
	}
	A.iov[i].iov_base = A.data + o;
	A.iov[i].iov_len = fit(o, len, DATA_SZ);
}

void cmd_set_msg(struct st *st)
{
	uint8_t namelen = in_u8(&st->in), iovi = in_u8(&st->in) % 8;
	uint16_t iovlen = in_u16(&st->in), ctl = in_u16(&st->in);
	uint32_t flags = in_u32(&st->in);

	A.msg->msg_name = namelen ? A.sa : NULL;
	A.msg->msg_namelen = namelen;
	A.msg->msg_iov = A.iov + iovi;
	/* the kernel bounds msg_iovlen (1024) and msg_controllen (optmem) */
	A.msg->msg_iovlen = iovlen <= IOV_N ? fit(iovi, iovlen, IOV_N) : iovlen;
	A.msg->msg_control = ctl ? A.ctl : NULL;
	A.msg->msg_controllen = ctl > CTL_SZ ? CTL_SZ : ctl;
	A.msg->msg_flags = (int)flags;
}

void cmd_set_fds(struct st *st)
{
	unsigned i = in_u8(&st->in) % 16;

	A.fds[i] = fd_pick(st, in_u8(&st->in));
}

void cmd_set_how(struct st *st)
{
	uint64_t how[3];
	uint8_t extra = in_u8(&st->in);

	how[0] = in_u32(&st->in);
	how[1] = in_u16(&st->in);
	how[2] = in_u8(&st->in);
	memcpy(A.how, how, sizeof(how));
	/* a non-zero byte past the struct: -E2BIG if the size covers it */
	memset(A.how + sizeof(how), 0, HOW_SZ - sizeof(how));
	if (extra)
		A.how[sizeof(how) + extra] = 1;
}

/* ---- the program ------------------------------------------------------------------------------ */

/* The command a program byte names: bytes below C_NEW_BYTE as before
 * the new commands existed (mod C_NCMDS), the rest the new ones. */
unsigned cmd_of(uint8_t b)
{
	if (b < C_NEW_BYTE)
		return b % C_NCMDS;
	return C_NCMDS + (unsigned)(b - C_NEW_BYTE) % (C_NALL - C_NCMDS);
}

void run_cmd(struct st *st, unsigned c)
{
	struct in *in = &st->in;

	switch (c) {
	case C_SQE_RAW:
		cmd_sqe_raw(st);
		break;
	case C_SQE:
	case C_SQE2:
		cmd_sqe(st);
		break;
	case C_NOPS:
		cmd_nops(st);
		break;
	case C_SUBMIT:
		do_submit(st);
		break;
	case C_SUBMIT_WAIT:
		do_submit_wait(st, in_u8(in) % (st->cq_entries + 2));
		break;
	case C_SUBMIT_WAIT_TS: {
		unsigned nr = in_u8(in) % (st->cq_entries + 2);

		do_submit_wait_ts(st, nr, in_u8(in));
		break;
	}
	case C_COPY: {
		uint8_t b = in_u8(in);

		do_copy(st, (b & 0x7fU) % 65, b >> 7);
		break;
	}
	case C_PEEK:
		do_peek(st);
		break;
	case C_PEEK_BATCH:
		do_peek_batch(st, in_u8(in) % 33);
		break;
	case C_WAIT_TS:
		do_wait(st, in_u8(in), 1);
		break;
	case C_WAIT:
		do_wait(st, 0, 0);
		break;
	case C_GET_EVENTS:
		do_get_events(st);
		break;
	case C_REG_BUFS:
		cmd_reg_bufs(st);
		break;
	case C_REG_BUFS_SPARSE:
		cmd_sparse(st, 0);
		break;
	case C_UNREG_BUFS:
		cmd_unreg(st, 0);
		break;
	case C_BUFS_UPDATE:
		cmd_bufs_update(st);
		break;
	case C_REG_FILES:
		cmd_reg_files(st);
		break;
	case C_REG_FILES_SPARSE:
		cmd_sparse(st, 1);
		break;
	case C_FILES_UPDATE:
		cmd_files_update(st);
		break;
	case C_UNREG_FILES:
		cmd_unreg(st, 1);
		break;
	case C_BR_SETUP:
		cmd_br_setup(st, 0);
		break;
	case C_BR_SETUP_INC:
		cmd_br_setup(st, IOU_PBUF_RING_INC);
		break;
	case C_SOCK:
		cmd_sock(st);
		break;
	case C_SET_SA:
		cmd_set_sa(st);
		break;
	case C_EVOBJ:
		cmd_evobj(st);
		break;
	case C_SYS2:
		cmd_sys2(st);
		break;
	case C_LOOP_SQE:
		cmd_loop_sqe(st);
		break;
	case C_SET_FUTEX:
		cmd_set_futex(st);
		break;
	case C_BR_ADD:
		cmd_br_add(st);
		break;
	case C_BR_FREE: {
		struct bring *b = &st->brs[in_u8(in) % NBR];

		if (b->br)
			br_free(st, b);
		break;
	}
	case C_PROBE:
		cmd_probe(st);
		break;
	case C_EVENTFD:
		cmd_eventfd(st);
		break;
	case C_REG_MISC:
		cmd_reg_misc(st);
		break;
	case C_OPEN:
		cmd_open(st);
		break;
	case C_PIPE:
		cmd_pipe(st);
		break;
	case C_READ:
		cmd_rw(st, 0);
		break;
	case C_WRITE:
		cmd_rw(st, 1);
		break;
	case C_CLOSE:
		cmd_close(st);
		break;
	case C_PATHOP:
		cmd_pathop(st);
		break;
	case C_SET_IOV:
		cmd_set_iov(st);
		break;
	case C_SET_MSG:
		cmd_set_msg(st);
		break;
	case C_SET_FDS:
		cmd_set_fds(st);
		break;
	case C_SET_HOW:
		cmd_set_how(st);
		break;
	case C_PEER:
		do_peer(st);
		break;
	default:
		break;
	}
}

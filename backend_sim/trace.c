/* trace.c — the sim's trace: one line per SQE consumed, choice made, time
 * step and CQE posted (plus enter, overflow and hang lines), recorded as
 * binary records and formatted to text only when asked for.
 *
 * Recording: a record is a few 8-byte words in a ring buffer (sim.h, struct
 * iou__trace): the hot lines (sqe, cqe, choice) as typed records, the rest
 * as a static format and its arguments. The buffer grows by doubling up to
 * a bound (iou_sim_set_trace_limit; default 1 MiB, some 40,000 events: in
 * the L2 cache recording costs half what it does at 32 MiB), then drops
 * its oldest records, a segment (8 KiB) at a time without reading them,
 * and counts them: the end of a run, which is what a failing run's reader
 * needs, is always kept, and memory stays bounded however long the run.
 *
 * Formatting (iou__trace_format): the kept records, in order, as the text
 * lines they always were, after a line "trace: N earlier events dropped"
 * when some were. Lines hold no host pointers or times. A user_data that
 * may be a host address (>= 2^32) is shown as a stable name, "ud=#N",
 * so that the same tape gives a byte-identical trace in every process and
 * every run, whatever the heap hands out: names are numbered in order of
 * appearance, and a name is let go when the last request carrying its
 * value has posted its final CQE (no F_MORE), so that a later request
 * with the same address gets a fresh name whether or not the allocator
 * reused it. The raw values: iou_sim_set_trace_raw(sim, 1) or
 * IOU_SIM_TRACE_RAW=1. With IOU_SIM_TRACE=1 in the environment, a sim
 * writes its trace to stderr as it is freed. iou_sim_set_trace(sim, 0)
 * turns recording off for benchmarks; the compact choice log goes with it
 * and the replay token falls back to the tape's source. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define TRACE_LIMIT_DEFAULT (1U << 20) /* bytes of records: L2-sized */
#define TRACE_CAP_MIN IOU__TRACE_SEG   /* the smallest bound, words */
#define TRACE_CAP_FIRST 64U             /* words at first: a short run
					   allocates little */

/* ---- recording ---------------------------------------------------------- */

static unsigned rec_words(uint64_t hdr)
{
	return (unsigned)(hdr & 0xffff);
}

static unsigned rec_type(uint64_t hdr)
{
	return (unsigned)((hdr >> 16) & 0xff);
}

static uint64_t rec_payload(uint64_t hdr)
{
	return hdr >> 24;
}

static uint64_t limit_words(const struct iou__trace *t)
{
	uint64_t w = (t->limit ? t->limit : TRACE_LIMIT_DEFAULT) / 8;
	uint64_t p = TRACE_CAP_MIN;

	while (p * 2 <= w)
		p *= 2;
	return p; /* a power of two, at least TRACE_CAP_MIN */
}

/* Where the records after tail may end without the slow path: the end
 * of tail's segment, and no further than the buffer holds (while it may
 * still grow, or must drop its oldest segment). */
static void set_lim(struct iou__trace *t)
{
	uint64_t seg_end = (t->tail | (IOU__TRACE_SEG - 1)) + 1;
	uint64_t room = t->head + t->cap;

	t->lim = seg_end < room ? seg_end : room;
}

uint64_t *iou__trace_put_slow(struct iou__trace *t, unsigned nw)
{
	uint64_t max = limit_words(t), off, pad;
	uint64_t *w;

	if (nw > IOU__TRACE_SEG) {
		t->lost++;
		return NULL;
	}
	off = t->tail & (IOU__TRACE_SEG - 1);
	pad = off + nw > IOU__TRACE_SEG ? IOU__TRACE_SEG - off : 0;
	/* grow while under the bound; records keep their positions (a
	 * position's slot is pos & (cap - 1), so each moves to its slot in
	 * the larger ring) */
	while (t->tail + pad + nw - t->head > t->cap && t->cap < max) {
		uint64_t cap = t->cap ? t->cap * 2 : TRACE_CAP_FIRST;
		uint64_t *nr;

		if (!t->head) {
			nr = realloc(t->ring, cap * sizeof(*nr));
		} else {
			nr = malloc(cap * sizeof(*nr));
			if (nr) {
				for (uint64_t p = t->head; p < t->tail; p++)
					nr[p & (cap - 1)] =
						t->ring[p & (t->cap - 1)];
				free(t->ring);
			}
		}
		if (!nr)
			break; /* go on in what there is */
		t->ring = nr;
		t->cap = cap;
	}
	/* no room (an allocation failed): the record is lost; dropping
	 * whole segments needs a ring of at least one */
	if (pad + nw > t->cap || (t->cap < IOU__TRACE_SEG &&
				  t->tail + pad + nw - t->head > t->cap)) {
		t->lost++;
		return NULL;
	}
	/* full: drop the oldest segment(s), unread; the ring holds at least
	 * one segment here, so head never passes tail */
	while (t->tail + pad + nw - t->head > t->cap)
		t->head += IOU__TRACE_SEG;
	if (pad) {
		t->ring[t->tail & (t->cap - 1)] =
			iou__trec_hdr((unsigned)pad, IOU__TR_PAD, 0);
		t->tail += pad;
	}
	w = t->ring + (t->tail & (t->cap - 1));
	t->tail += nw;
	t->nrec++;
	set_lim(t);
	return w;
}

void iou__trace_rec(struct iou_sim *sim, const char *fmt, const uint64_t *a,
		    unsigned n)
{
	uint64_t *w = iou__trace_put(&sim->trace, n + 2);

	if (!w)
		return;
	w[0] = iou__trec_hdr(n + 2, IOU__TR_FMT, 0);
	w[1] = (uint64_t)(uintptr_t)fmt;
	memcpy(w + 2, a, n * sizeof(*a));
}

void iou__trace_text(struct iou_sim *sim, const char *fmt, ...)
{
	va_list ap;
	int n;
	uint64_t *w;
	unsigned nw;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)(IOU__TRACE_SEG - 1) * 8) {
		sim->trace.lost += n >= 0;
		return;
	}
	nw = 1 + (unsigned)(n + 8) / 8;  /* room for vsnprintf's NUL */
	w = iou__trace_put(&sim->trace, nw);
	if (!w)
		return;
	w[0] = iou__trec_hdr(nw, IOU__TR_TEXT, (uint64_t)n);
	va_start(ap, fmt);
	vsnprintf((char *)(w + 1), (size_t)(nw - 1) * 8, fmt, ap);
	va_end(ap);
}

static const char *const cqe_fmt[] = {
	[IOU__TRC_POST] = "cqe r%u ud=%llx res=%d flags=%x\n",
	[IOU__TRC_DROPPED] = "cqe-dropped r%u ud=%llx res=%d flags=%x\n",
	[IOU__TRC_OVERFLOW] = "cqe-overflow r%u ud=%llx res=%d flags=%x\n",
	[IOU__TRC_FLUSH] = "cqe-flush r%u ud=%llx res=%d flags=%x\n",
	[IOU__TRC_SKIP] = "cqe-skip r%u ud=%llx res=%d\n",
};

static const char sqe_fmt[] = "sqe r%u #%llu %s fd=%d flags=%x ud=%llx\n";
/* a choice other than 0 (what the profile's kernel typically does) is
 * marked: the reader looks for the deviations first */
static const char choice_fmt[] = "choice %s %u/%u\n";
static const char choice_dev_fmt[] = "=> choice %s %u/%u\n";

void iou__trace_cqe_fmt(struct iou_sim *sim, unsigned kind, unsigned ring,
			uint64_t ud, int32_t res, uint32_t flags)
{
	uint64_t a[4] = { ring, ud, (uint64_t)(int64_t)res, flags };

	iou__trace_rec(sim, cqe_fmt[kind], a, kind == IOU__TRC_SKIP ? 3 : 4);
}

/* ---- formatting ------------------------------------------------------- */

struct out {
	char *s;
	size_t len, cap;
	int oom;
};

static char *out_room(struct out *o, size_t need)
{
	if (o->cap - o->len < need) {
		size_t cap = o->cap ? o->cap : 4096;
		char *ns;

		while (cap - o->len < need)
			cap *= 2;
		ns = realloc(o->s, cap);
		if (!ns) {
			o->oom = 1;
			return NULL;
		}
		o->s = ns;
		o->cap = cap;
	}
	return o->s + o->len;
}

static char *put_u(char *p, unsigned long long v)
{
	char tmp[24];
	int i = 0;

	do {
		tmp[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i)
		*p++ = tmp[--i];
	return p;
}

static char *put_x(char *p, unsigned long long v)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[24];
	int i = 0;

	do {
		tmp[i++] = hex[v & 15];
		v >>= 4;
	} while (v);
	while (i)
		*p++ = tmp[--i];
	return p;
}

/* Stable names of user_data values: open addressing, value -> name and
 * the number of its requests in flight. */
struct ud_ent {
	uint64_t v;
	uint32_t name;
	uint32_t live;  /* requests in flight; 0 = free slot when !used */
	int used;
};

struct names {
	struct ud_ent *e;
	size_t cap, n;
	uint32_t next;
	int raw;
};

#define UD_RAW_BELOW (1ULL << 32) /* below: not an address, shown as is */

static size_t ud_hash(uint64_t v, size_t cap)
{
	v ^= v >> 33;
	v *= 0xff51afd7ed558ccdULL;
	v ^= v >> 33;
	return (size_t)v & (cap - 1);
}

static struct ud_ent *ud_find(struct names *nm, uint64_t v)
{
	size_t i;

	if (nm->n * 2 >= nm->cap) {
		size_t cap = nm->cap ? nm->cap * 2 : 256;
		struct ud_ent *ne = calloc(cap, sizeof(*ne));

		if (!ne)
			return NULL;
		for (size_t k = 0; k < nm->cap; k++) {
			if (!nm->e[k].used || !nm->e[k].live)
				continue; /* a let-go name: drop it */
			i = ud_hash(nm->e[k].v, cap);
			while (ne[i].used)
				i = (i + 1) & (cap - 1);
			ne[i] = nm->e[k];
		}
		free(nm->e);
		nm->e = ne;
		nm->cap = cap;
		nm->n = 0;
		for (size_t k = 0; k < cap; k++)
			nm->n += ne[k].used;
	}
	i = ud_hash(v, nm->cap);
	while (nm->e[i].used && nm->e[i].v != v)
		i = (i + 1) & (nm->cap - 1);
	if (!nm->e[i].used) {
		nm->e[i].used = 1;
		nm->e[i].v = v;
		nm->e[i].live = 0;
		nm->e[i].name = UINT32_MAX;
		nm->n++;
	}
	if (nm->e[i].name == UINT32_MAX)
		nm->e[i].name = nm->next++;
	return &nm->e[i];
}

/* What a line does to a value's requests in flight. */
enum { UD_SEE, UD_SUBMIT, UD_FINAL };

static char *put_ud(char *p, struct names *nm, uint64_t v, int what)
{
	struct ud_ent *e;

	if (nm->raw || v < UD_RAW_BELOW)
		return put_x(p, v);
	e = ud_find(nm, v);
	if (!e)
		return put_x(p, v);
	*p++ = '#';
	p = put_u(p, e->name);
	if (what == UD_SUBMIT)
		e->live++;
	else if (what == UD_FINAL && (!e->live || !--e->live))
		e->name = UINT32_MAX; /* let go: the next use is a new name */
	return p;
}

/* Makes room for need more bytes at p (which points into o->s). */
static char *ensure(struct out *o, char *p, size_t need)
{
	if ((size_t)(o->s + o->cap - p) >= need)
		return p;
	o->len = (size_t)(p - o->s);
	if (!out_room(o, need + 4096))
		return NULL;
	return o->s + o->len;
}

/* Formats one line from a static format and its argument words. */
static void format_line(struct out *o, struct names *nm, const char *fmt,
			const uint64_t *a, unsigned n, int ud_what)
{
	const char *f = fmt;
	unsigned k = 0;
	char *p = out_room(o, 256);

	if (!p)
		return;
	while (*f) {
		int lng = 0, z = 0;
		uint64_t v;

		if (!(p = ensure(o, p, 64)))
			return;
		if (*f != '%') {
			*p++ = *f++;
			continue;
		}
		f++;
		while (*f == 'l') {
			lng++;
			f++;
		}
		if (*f == 'z') {
			z = 1;
			f++;
		}
		if (*f == '%') {
			*p++ = '%';
			f++;
			continue;
		}
		v = k < n ? a[k++] : 0;
		switch (*f++) {
		case 'd': {
			long long x = (z || lng) ? (long long)v :
						   (long long)(int)v;

			if (x < 0) {
				*p++ = '-';
				p = put_u(p, 0ULL - (unsigned long long)x);
			} else {
				p = put_u(p, (unsigned long long)x);
			}
			break;
		}
		case 'u':
			p = put_u(p, (z || lng) ? v : (uint32_t)v);
			break;
		case 'x':
			if (lng && f - fmt >= 7 && !memcmp(f - 7, "ud=%llx", 7))
				p = put_ud(p, nm, v, ud_what);
			else
				p = put_x(p, (z || lng) ? v : (uint32_t)v);
			break;
		case 's': {
			const char *str = (const char *)(uintptr_t)v;
			size_t sl;

			if (!str)
				str = "(null)";
			sl = strlen(str);
			if (!(p = ensure(o, p, sl + 64)))
				return;
			memcpy(p, str, sl);
			p += sl;
			break;
		}
		default:
			*p++ = '?';
			break;
		}
	}
	o->len = (size_t)(p - o->s);
}

static void format_rec(struct out *o, struct names *nm, const uint64_t *w)
{
	uint64_t hdr = w[0], pl = rec_payload(hdr), a[6];
	unsigned nw = rec_words(hdr), kind;

	switch (rec_type(hdr)) {
	case IOU__TR_FMT:
		format_line(o, nm, (const char *)(uintptr_t)w[1], w + 2,
			    nw - 2, UD_SEE);
		break;
	case IOU__TR_TEXT: {
		char *p = out_room(o, (size_t)pl);

		if (p) {
			memcpy(p, w + 1, (size_t)pl);
			o->len += (size_t)pl;
		}
		break;
	}
	case IOU__TR_SQE:
		a[0] = pl >> 16;
		a[1] = w[1];
		a[2] = (uint64_t)(uintptr_t)iou_op_name(pl & 0xff);
		a[3] = (uint64_t)(int64_t)(int32_t)(uint32_t)w[2];
		a[4] = (pl >> 8) & 0xff;
		a[5] = w[3];
		format_line(o, nm, sqe_fmt, a, 6, UD_SUBMIT);
		break;
	case IOU__TR_CQE:
		kind = (unsigned)(pl & 0xff);
		if (kind > IOU__TRC_SKIP)
			break;
		a[0] = pl >> 8;
		a[1] = w[2];
		a[2] = (uint64_t)(int64_t)(int32_t)(uint32_t)w[1];
		a[3] = w[1] >> 32;
		format_line(o, nm, cqe_fmt[kind], a, kind == IOU__TRC_SKIP ? 3 : 4,
			    kind == IOU__TRC_OVERFLOW ? UD_SEE :
			    (kind != IOU__TRC_SKIP && (a[3] & IOU_CQE_F_MORE)) ?
			    UD_SEE : UD_FINAL);
		break;
	case IOU__TR_CHOICE:
		a[0] = (uint64_t)(uintptr_t)iou__choice_name(
			(enum iou__choice_kind)(pl & 0xff));
		a[1] = nw == 1 ? 0 : (uint32_t)w[1];
		a[2] = nw == 1 ? (pl >> 8) & 0xffffffffULL : w[1] >> 32;
		format_line(o, nm, a[1] ? choice_dev_fmt : choice_fmt, a, 3,
			    UD_SEE);
		break;
	default:
		break;
	}
}

static int env_raw(void)
{
	const char *e = getenv("IOU_SIM_TRACE_RAW");

	return e && *e && strcmp(e, "0");
}

const char *iou__trace_format(struct iou__trace *t, int raw, size_t *len)
{
	struct out o = { t->text, 0, t->text_cap, 0 };
	struct names nm = { NULL, 0, 0, 0, raw };
	char *p;

	uint64_t kept = 0;

	for (uint64_t pos = t->head; pos < t->tail;) {
		uint64_t hdr = t->ring[pos & (t->cap - 1)];

		kept += rec_type(hdr) != IOU__TR_PAD;
		pos += rec_words(hdr);
	}
	if (t->nrec > kept && (p = out_room(&o, 64))) {
		o.len += (size_t)snprintf(p, 64,
					  "trace: %llu earlier events dropped\n",
					  (unsigned long long)(t->nrec - kept));
	}
	for (uint64_t pos = t->head; pos < t->tail && !o.oom;) {
		const uint64_t *w = &t->ring[pos & (t->cap - 1)];

		if (rec_type(*w) != IOU__TR_PAD)
			format_rec(&o, &nm, w);
		pos += rec_words(*w);
	}
	if (t->lost && (p = out_room(&o, 64)))
		o.len += (size_t)snprintf(p, 64,
					  "trace: %llu events lost (no memory)\n",
					  (unsigned long long)t->lost);
	free(nm.e);
	t->text = o.s;
	t->text_cap = o.cap;
	if (!o.s || !out_room(&o, 1)) {
		t->text_len = 0;
		if (len)
			*len = 0;
		return o.s ? (o.s[0] = '\0', o.s) : NULL;
	}
	t->text = o.s;
	t->text_cap = o.cap;
	o.s[o.len] = '\0';
	t->text_len = o.len;
	if (len)
		*len = o.len;
	return o.s;
}

/* raw: 1 asked for raw values, 2 for names, 0 as the environment says */
static int effective_raw(const struct iou__trace *t)
{
	return t->raw == 1 ? 1 : t->raw == 2 ? 0 : env_raw();
}

void iou__trace_free(struct iou__trace *t)
{
	const char *e = getenv("IOU_SIM_TRACE");

	if (e && *e && strcmp(e, "0") && t->tail != t->head) {
		size_t len;
		const char *s = iou__trace_format(t, effective_raw(t), &len);

		if (s)
			fwrite(s, 1, len, stderr);
	}
	free(t->ring);
	free(t->text);
	memset(t, 0, sizeof(*t));
}

/* ---- the public side ---------------------------------------------------- */

void iou_sim_trace_dump(const struct iou_sim *sim, FILE *out)
{
	size_t len;
	const char *s;

	if (!sim || !out)
		return;
	s = iou_sim_trace(sim, &len);
	if (s)
		fwrite(s, 1, len, out);
}

const char *iou_sim_trace(const struct iou_sim *sim, size_t *len)
{
	struct iou__trace *t;
	const char *s;

	if (!sim) {
		if (len)
			*len = 0;
		return NULL;
	}
	/* the text is a cache of the records: formatting changes nothing
	 * the sim does */
	t = (struct iou__trace *)&sim->trace;
	s = iou__trace_format(t, effective_raw(t), len);
	return s ? s : "";
}

void iou_sim_set_trace(struct iou_sim *sim, int on)
{
	if (!sim)
		return;
	sim->trace.on = on != 0;
	if (!on)
		iou__tape_set_record(&sim->tape, 0);
}

void iou_sim_set_trace_raw(struct iou_sim *sim, int raw)
{
	if (sim)
		sim->trace.raw = raw ? 1 : 2;
}

void iou__trace_clear(struct iou__trace *t)
{
	t->head = t->tail = 0;
	t->nrec = 0;
	t->lost = 0;
	t->lim = 0;
}

int iou_sim_set_trace_limit(struct iou_sim *sim, size_t bytes)
{
	struct iou__trace *t;

	if (!sim || (bytes && bytes < TRACE_CAP_MIN * 8))
		return -EINVAL;
	t = &sim->trace;
	t->limit = bytes;
	if (t->cap > limit_words(t)) {
		/* over the new bound: start again, counting what was kept
		 * as dropped */
		free(t->ring);
		t->ring = NULL;
		t->cap = 0;
		t->head = t->tail = 0;
		t->lim = 0;
	}
	return 0;
}

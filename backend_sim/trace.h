/* trace.h — the trace's binary records (trace.c): the ring they live in,
 * their layout, and the fast path that reserves one. Internal: included by
 * sim.h, which adds the typed records of the hot lines and IOU__TRACE. */
#ifndef IOU_SIM_TRACE_H
#define IOU_SIM_TRACE_H

#include <stddef.h>
#include <stdint.h>

struct iou_sim;

/* Recording costs a few words per event, formatting happens only when the
 * text is asked for (iou_sim_trace, iou_sim_trace_dump, a failing
 * explorer run, IOU_SIM_TRACE=1 at iou_sim_free). Events are binary
 * records of 8-byte words in a ring buffer that grows by doubling up to a
 * bound; past it the oldest records are dropped (and counted). A record:
 * a header word (bits 0-15 its length in words, 16-23 its type, 24-63 a
 * payload of the type), then its words. */
enum iou__trec_type {
	IOU__TR_PAD = 1,  /* filler up to a segment's end */
	IOU__TR_FMT,      /* word 1 a static format, then its arguments */
	IOU__TR_TEXT,     /* payload: bytes of text that follow */
	IOU__TR_SQE,      /* payload: opcode, sqe flags, ring; id, fd, ud */
	IOU__TR_CQE,      /* payload: kind, ring; res | flags << 32, ud */
	IOU__TR_CHOICE,   /* payload: kind; v | n << 32 (one word with v 0:
			     payload kind | n << 8) */
};

enum iou__tr_cqe_kind {
	IOU__TRC_POST,     /* "cqe" */
	IOU__TRC_DROPPED,  /* "cqe-dropped" */
	IOU__TRC_OVERFLOW, /* "cqe-overflow" */
	IOU__TRC_FLUSH,    /* "cqe-flush" */
	IOU__TRC_SKIP,     /* "cqe-skip" */
};

struct iou__trace {
	uint64_t *ring;     /* records; cap words, a power of two */
	uint64_t cap;
	uint64_t head, tail; /* word positions of the oldest record, the end */
	uint64_t lim;       /* a record may end up to here without the slow
			       path: the segment's end or the buffer's */
	uint64_t nrec;      /* records written (kept or dropped since) */
	uint64_t limit;     /* bound on the memory, bytes (0: default) */
	uint64_t lost;      /* records not kept for want of memory */
	int on;
	int raw;            /* 1 raw values, 2 names, 0 per IOU_SIM_TRACE_RAW */
	char *text;         /* the formatted trace (iou_sim_trace) */
	size_t text_len, text_cap;
};

/* The buffer is dropped from its oldest end a segment at a time, without
 * reading it; no record straddles a segment (a pad fills the rest). */
#define IOU__TRACE_SEG 1024U /* words */

/* Binary record of a line: fmt is a static printf format using only %d %u
 * %x %s (with l, ll, z), its %s arguments static strings, an %llx right
 * after "ud=" a user_data (shown as a stable name). */
void iou__trace_rec(struct iou_sim *sim, const char *fmt, const uint64_t *a,
		    unsigned n);
/* A line formatted at once (for strings the caller owns, e.g. paths). */
void iou__trace_text(struct iou_sim *sim, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
uint64_t *iou__trace_put_slow(struct iou__trace *t, unsigned nw);
/* Forgets every record (the ring is kept for the next ones). */
void iou__trace_clear(struct iou__trace *t);
void iou__trace_free(struct iou__trace *t);
/* Formats the kept records (raw: user_data as recorded, else stable names
 * for values that may be addresses). Returns the text (t->text) or NULL
 * when out of memory; *len its length. */
const char *iou__trace_format(struct iou__trace *t, int raw, size_t *len);

/* Inlined wherever it is called: the hot path of an op is a few of these
 * small helpers, which GCC would otherwise call as it sees fit. */
#define IOU__HOT static inline __attribute__((always_inline))

/* Space for a record of nw words at the end of the trace, or NULL. */
IOU__HOT uint64_t *iou__trace_put(struct iou__trace *t, unsigned nw)
{
	uint64_t *w;

	if (__builtin_expect(t->tail + nw > t->lim, 0))
		return iou__trace_put_slow(t, nw);
	w = t->ring + (t->tail & (t->cap - 1));
	t->tail += nw;
	t->nrec++;
	return w;
}

static inline uint64_t iou__trec_hdr(unsigned nw, unsigned type,
				     uint64_t payload)
{
	return (uint64_t)nw | (uint64_t)type << 16 | payload << 24;
}

/* Each argument of a trace line as one word. */
#define IOU__TA(x)                                                             \
	_Generic((x), char *: (uint64_t)(uintptr_t)(x),                        \
		 const char *: (uint64_t)(uintptr_t)(x),                       \
		 default: (uint64_t)(x))
#define IOU__TA1(a) IOU__TA(a)
#define IOU__TA2(a, ...) IOU__TA(a), IOU__TA1(__VA_ARGS__)
#define IOU__TA3(a, ...) IOU__TA(a), IOU__TA2(__VA_ARGS__)
#define IOU__TA4(a, ...) IOU__TA(a), IOU__TA3(__VA_ARGS__)
#define IOU__TA5(a, ...) IOU__TA(a), IOU__TA4(__VA_ARGS__)
#define IOU__TA6(a, ...) IOU__TA(a), IOU__TA5(__VA_ARGS__)
#define IOU__TA7(a, ...) IOU__TA(a), IOU__TA6(__VA_ARGS__)
#define IOU__TA8(a, ...) IOU__TA(a), IOU__TA7(__VA_ARGS__)
#define IOU__TNARGS(...) IOU__TNARGS_(__VA_ARGS__, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define IOU__TNARGS_(a, b, c, d, e, f, g, h, n, ...) n
#define IOU__TCAT(a, b) IOU__TCAT_(a, b)
#define IOU__TCAT_(a, b) a##b
#define IOU__TARGS(...)                                                        \
	IOU__TCAT(IOU__TA, IOU__TNARGS(__VA_ARGS__))(__VA_ARGS__)

/* Checks a trace format against its arguments at compile time. */
static inline __attribute__((format(printf, 1, 2))) void
iou__trace_fmt_check(const char *fmt, ...)
{
	(void)fmt;
}

#endif /* IOU_SIM_TRACE_H */

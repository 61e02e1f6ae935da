/* trace.c — the sim's text trace: one line per SQE consumed, choice made,
 * time step and CQE posted (plus enter, overflow and hang lines). Lines
 * hold no host pointers or times, so the same tape gives a byte-identical
 * trace. The buffer grows by doubling (amortized, no allocation per op) up
 * to a limit (default 64 MiB), after which a single "trace truncated" line
 * ends it. iou_sim_set_trace(sim, 0) turns tracing and choice recording off
 * for benchmarks; then the replay token falls back to the tape's source. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"


#define TRACE_LIMIT_DEFAULT (64U << 20)

static int trace_grow(struct iou__trace *t, size_t need)
{
	size_t cap = t->cap ? t->cap : 4096;
	char *nb;

	while (cap < need)
		cap *= 2;
	nb = realloc(t->buf, cap);
	if (!nb)
		return -1;
	t->buf = nb;
	t->cap = cap;
	return 0;
}

void iou__trace(struct iou_sim *sim, const char *fmt, ...)
{
	struct iou__trace *t = &sim->trace;
	va_list ap;
	int n;

	if (!t->on || t->truncated)
		return;
	if (!t->limit)
		t->limit = TRACE_LIMIT_DEFAULT;
	for (;;) {
		size_t room = t->cap - t->len;

		if (t->buf && room > 0) {
			va_start(ap, fmt);
			n = vsnprintf(t->buf + t->len, room, fmt, ap);
			va_end(ap);
			if (n < 0)
				return;
			if ((size_t)n < room)
				break;
		} else {
			n = 256;
		}
		if (t->len + (size_t)n + 1 > t->limit ||
		    trace_grow(t, t->len + (size_t)n + 64)) {
			static const char msg[] = "trace truncated\n";

			t->truncated = 1;
			if (t->cap - t->len >= sizeof(msg)) {
				memcpy(t->buf + t->len, msg, sizeof(msg));
				t->len += sizeof(msg) - 1;
			}
			return;
		}
	}
	t->len += (size_t)n;
}

void iou__trace_free(struct iou__trace *t)
{
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

void iou_sim_trace_dump(const struct iou_sim *sim, FILE *out)
{
	if (!sim || !out || !sim->trace.buf)
		return;
	fwrite(sim->trace.buf, 1, sim->trace.len, out);
}

const char *iou_sim_trace(const struct iou_sim *sim, size_t *len)
{
	if (!sim) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = sim->trace.len;
	return sim->trace.buf ? sim->trace.buf : "";
}

void iou_sim_set_trace(struct iou_sim *sim, int on)
{
	if (!sim)
		return;
	sim->trace.on = on != 0;
	if (!on)
		iou__tape_set_record(&sim->tape, 0);
}

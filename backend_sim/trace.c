/* trace.c — the sim's text trace: one line per SQE consumed, choice made,
 * time step and CQE posted (plus enter, overflow and hang lines). Lines
 * hold no host pointers or times, so the same tape gives a byte-identical
 * trace. The buffer grows by doubling (amortized, no allocation per op) up
 * to a limit (default 64 MiB), after which a single "trace truncated" line
 * ends it. iou_sim_set_trace(sim, 0) turns tracing and choice recording off
 * for benchmarks; then the replay token falls back to the tape's source. */
#include <stdarg.h>
#include <stdio.h>
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

/* ---- a small formatter: the conversions the trace uses, without the
 * cost of vsnprintf (the trace is on by default) ---------------------- */

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

/* Formats into dst[0..room): the length, -2 when room is short, -1 for a
 * conversion it does not know (the caller uses vsnprintf then). */
static long fast_format(char *dst, size_t room, const char *fmt, va_list ap)
{
	char *p = dst, *end = dst + room;

	while (*fmt) {
		int lng = 0, z = 0;

		if (end - p < 26)
			return -2;
		if (*fmt != '%') {
			*p++ = *fmt++;
			continue;
		}
		fmt++;
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		if (*fmt == 'z') {
			z = 1;
			fmt++;
		}
		switch (*fmt++) {
		case 'd': {
			long long v = z ? (long long)va_arg(ap, ssize_t) :
				lng ? va_arg(ap, long long) : va_arg(ap, int);

			if (v < 0) {
				*p++ = '-';
				p = put_u(p, 0ULL - (unsigned long long)v);
			} else {
				p = put_u(p, (unsigned long long)v);
			}
			break;
		}
		case 'u':
			p = put_u(p, z ? va_arg(ap, size_t) :
				  lng ? va_arg(ap, unsigned long long) :
				  va_arg(ap, unsigned));
			break;
		case 'x':
			p = put_x(p, z ? va_arg(ap, size_t) :
				  lng ? va_arg(ap, unsigned long long) :
				  va_arg(ap, unsigned));
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			size_t n = strlen(str);

			if ((size_t)(end - p) < n + 26)
				return -2;
			memcpy(p, str, n);
			p += n;
			break;
		}
		case '%':
			*p++ = '%';
			break;
		default:
			return -1;
		}
	}
	if (p == end)
		return -2;
	*p = '\0';
	return p - dst;
}

static void trace_truncate(struct iou__trace *t)
{
	static const char msg[] = "trace truncated\n";

	t->truncated = 1;
	if (t->buf && t->cap - t->len >= sizeof(msg)) {
		memcpy(t->buf + t->len, msg, sizeof(msg));
		t->len += sizeof(msg) - 1;
	}
}

void iou__trace(struct iou_sim *sim, const char *fmt, ...)
{
	struct iou__trace *t = &sim->trace;
	va_list ap, cp;
	long n;
	int slow = 0;

	if (!t->on || t->truncated)
		return;
	if (!t->limit)
		t->limit = TRACE_LIMIT_DEFAULT;
	va_start(ap, fmt);
	for (;;) {
		size_t room = t->cap - t->len;

		if (t->buf && room > 1) {
			va_copy(cp, ap);
			if (!slow) {
				n = fast_format(t->buf + t->len, room, fmt, cp);
				if (n == -1)
					slow = 1;
			}
			if (slow) {
				n = vsnprintf(t->buf + t->len, room, fmt, cp);
				if (n < 0) {
					va_end(cp);
					break;
				}
				if ((size_t)n >= room)
					n = -2;
			}
			va_end(cp);
			if (n >= 0) {
				t->len += (size_t)n;
				break;
			}
			if (n == -1)
				continue;
		}
		/* grow: at least double, and past the limit stop */
		if (t->len + 4096 > t->limit ||
		    trace_grow(t, t->cap ? t->cap * 2 : 4096)) {
			trace_truncate(t);
			break;
		}
	}
	va_end(ap);
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

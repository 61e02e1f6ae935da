/* tape.c — the one choice function and its sources, and the replay token.
 *
 * Every nondeterministic decision of the sim is iou__choose(kind, n), which
 * returns a value in [0, n); 0 is always the canonical behaviour. Sources:
 *   PRNG  — xoshiro256** seeded through splitmix64 (no host entropy). It
 *           deviates from 0 with a per-kind probability so random runs stay
 *           mostly canonical (kinds where every outcome is equally "normal",
 *           such as the order of a racing pair, are uniform).
 *   BYTES — fuzzer input: one byte per choice when n <= 256, two when
 *           n <= 65536, else four (little endian), value mod n; exhausted
 *           input means 0.
 *   VEC   — a choice vector (replay token, explorer): value mod n;
 *           exhausted means 0.
 * A choice with n <= 1 is not a choice: it consumes nothing and is not
 * recorded. With recording on (the default), the choices are kept as the
 * token's own payload while they are made: a zero costs a count, a
 * non-zero value two varints, so the token is the log at no further cost;
 * past CLOG_MAX bytes the log stops and the token names the source (the
 * seed or the fuzzer bytes, which replay the same run). The explorer also
 * asks for every choice with its bound (iou__tape_set_bounds), to
 * enumerate.
 *
 * Token: "iou1:<profile>[/<kmin>-<kmax>]:<faults hex>:<payload>", payload
 *   s<hex seed>            PRNG, under "iou2:" alone (and b, v under
 *                          "iou1:" alone): since a delay became 1 in 16
 *                          a seed names another run than it did, and an
 *                          "iou1:" seed token is refused (-EINVAL)
 *   b<base64url bytes>     fuzzer bytes (the consumed prefix)
 *   v<base64url varints>   choice vector: pairs (zeros before, value >= 1),
 *                          trailing zeros dropped
 * e.g. "iou1:6.18:0:v" is the canonical run on 6.18. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define CLOG_MAX (1U << 20) /* compact log bytes kept; then the source */

static const char *const choice_names[IOU__CH_NKINDS] = {
	[IOU__CH_PROFILE] = "profile",
	[IOU__CH_DELAY] = "delay",
	[IOU__CH_RUNQ] = "runq",
	[IOU__CH_WAIT] = "wait",
	[IOU__CH_SUBMIT] = "submit",
	[IOU__CH_ORDER] = "order",
	[IOU__CH_LTIMEOUT] = "ltimeout",
	[IOU__CH_CANCELRES] = "cancelres",
	[IOU__CH_REMOVEBUF] = "removebuf",
	[IOU__CH_SELECTBUF] = "selectbuf",
	[IOU__CH_SHORTIO] = "shortio",
	[IOU__CH_FAULT] = "fault",
	[IOU__CH_MSHOT_END] = "mshotend",
	[IOU__CH_ZC_NOTIF] = "zcnotif",
	[IOU__CH_ZC_COPY] = "zccopy",
	[IOU__CH_ZC_USAGE] = "zcusage",
	[IOU__CH_NONEMPTY] = "nonempty",
	[IOU__CH_ZC_FAILMORE] = "zcfailmore",
	[IOU__CH_NETDELAY] = "netdelay",
	[IOU__CH_PEER] = "peer",
};

const char *iou__choice_name(enum iou__choice_kind kind)
{
	return (unsigned)kind < IOU__CH_NKINDS ? choice_names[kind] : "?";
}

/* ---- PRNG --------------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void prng_seed(struct iou__tape *t, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		t->rng[i] = splitmix64(&x);
}

/* The value of a PRNG choice once r (the next xoshiro output) deviates or
 * the kind is uniform. */
static uint32_t prng_value(enum iou__choice_kind kind, uint32_t n, uint64_t r)
{
	if (!iou__prng_shift[kind])
		return (n & (n - 1)) ? (uint32_t)((r >> 16) % n) :
				       (uint32_t)(r >> 16) & (n - 1);
	n--;
	return 1 + ((n & (n - 1)) ? (uint32_t)((r >> 16) % n) :
				    (uint32_t)(r >> 16) & (n - 1));
}

static uint32_t prng_choice(struct iou__tape *t, enum iou__choice_kind kind,
			    uint32_t n)
{
	uint64_t r = iou__xoshiro_next(t->rng);
	unsigned shift = iou__prng_shift[kind];

	/* The same values as (r >> 16) % m, without a division where m is a
	 * power of two (most bounds here are 2): a division is most of a
	 * choice's cost. */
	if (shift && (r & ((1ULL << shift) - 1)))
		return 0;
	return prng_value(kind, n, r);
}

static uint32_t bytes_choice(struct iou__tape *t, uint32_t n)
{
	unsigned width = n <= 256 ? 1 : n <= 65536 ? 2 : 4;
	uint32_t v = 0;

	for (unsigned i = 0; i < width; i++) {
		if (t->bpos >= t->nbytes)
			break;
		v |= (uint32_t)t->bytes[t->bpos++] << (8 * i);
	}
	return v % n;
}

static void log_push(struct iou_sim *sim, uint32_t v, uint32_t n)
{
	struct iou__tape *t = &sim->tape;

	if (t->nlog == t->caplog) {
		size_t cap = t->caplog ? t->caplog * 2 : 256;
		struct iou__choice *nl = realloc(t->log, cap * sizeof(*nl));

		if (!nl) {
			/* The log is incomplete: the explorer sees it. */
			iou__tape_set_bounds(t, 0);
			sim->oom = 1;
			return;
		}
		t->log = nl;
		t->caplog = cap;
	}
	t->log[t->nlog].v = v;
	t->log[t->nlog].n = n;
	t->nlog++;
}

static uint8_t *put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

/* A non-zero choice into the compact log: (zeros before it, value). */
static inline void clog_push(struct iou__tape *t, uint32_t v)
{
	if (t->capclog - t->nclog < 16) {
		size_t cap = t->capclog ? t->capclog * 2 : 256;
		uint8_t *nl = cap <= CLOG_MAX ? realloc(t->clog, cap) : NULL;

		if (!nl) {
			/* too long for a token anyway: name the source */
			iou__tape_set_record(t, 0);
			return;
		}
		t->clog = nl;
		t->capclog = cap;
	}
	t->nclog = (size_t)(put_varint(put_varint(t->clog + t->nclog, t->zrun),
				       v) - t->clog);
	t->zrun = 0;
}

/* Which inline path iou__choose takes: every later choice 0 with only a
 * count to keep (an exhausted tape, no bounds log), or a seed's (no
 * bounds log either); else none. */
static void update_zero(struct iou__tape *t)
{
	if (t->bounds)
		t->fast = IOU__TAPE_SLOW;
	else if (t->src == IOU__TAPE_PRNG)
		t->fast = IOU__TAPE_SEEDED;
	else
		t->fast = (t->src == IOU__TAPE_BYTES && t->bpos >= t->nbytes) ||
				  (t->src == IOU__TAPE_VEC && t->vpos >= t->nvec)
			  ? IOU__TAPE_ZERO : IOU__TAPE_SLOW;
}

void iou__tape_set_record(struct iou__tape *t, int on)
{
	t->record = on;
	update_zero(t);
}

void iou__tape_set_bounds(struct iou__tape *t, int on)
{
	t->bounds = on;
	update_zero(t);
}

/* A choice made: counted, and kept in the token's compact log. */
static void count_choice(struct iou__tape *t, uint32_t v)
{
	t->nchoices++;
	if (t->record) {
		if (v)
			clog_push(t, v);
		else
			t->zrun++;
	}
}

uint32_t iou__choose_prng(struct iou_sim *sim, enum iou__choice_kind kind,
			  uint32_t n, uint64_t r, int tr)
{
	struct iou__tape *t = &sim->tape;
	uint32_t v = prng_value(kind, n, r);

	count_choice(t, v);
	if (tr && sim->trace.on)
		iou__trace_choice(sim, kind, v, n);
	return v;
}

/* The other sources, and a seeded tape that also keeps the bounds (the
 * seeded path without them is inline: iou__choose). */
uint32_t iou__choose_slow(struct iou_sim *sim, enum iou__choice_kind kind,
			  uint32_t n, int tr)
{
	struct iou__tape *t = &sim->tape;
	uint32_t v;

	if (n <= 1)
		return 0;
	switch (t->src) {
	case IOU__TAPE_PRNG:
		v = prng_choice(t, kind, n);
		break;
	case IOU__TAPE_BYTES:
		v = bytes_choice(t, n);
		update_zero(t);
		break;
	default:
		v = t->vpos < t->nvec ? t->vec[t->vpos++] % n : 0;
		update_zero(t);
		break;
	}
	count_choice(t, v);
	if (t->bounds)
		log_push(sim, v, n);
	if (tr && sim->trace.on)
		iou__trace_choice(sim, kind, v, n);
	return v;
}

/* Tests: every later choice of a sim is logged with its bound too. */
void iou__sim_log_bounds(struct iou_sim *sim);
void iou__sim_log_bounds(struct iou_sim *sim)
{
	iou__tape_set_bounds(&sim->tape, 1);
}

int iou__fault(struct iou_sim *sim, unsigned cls)
{
	if (!(sim->faults & cls))
		return 0;
	return iou__choose(sim, IOU__CH_FAULT, 2) != 0;
}

/* ---- setup -------------------------------------------------------------- */

static int tape_set_vec(struct iou__tape *t, const uint32_t *vec, size_t n)
{
	t->src = IOU__TAPE_VEC;
	t->nvec = n;
	update_zero(t);
	if (!n)
		return 0;
	t->vec = malloc(n * sizeof(*vec));
	if (!t->vec)
		return -ENOMEM;
	memcpy(t->vec, vec, n * sizeof(*vec));
	return 0;
}

static int tape_set_bytes(struct iou__tape *t, const uint8_t *b, size_t n)
{
	t->src = IOU__TAPE_BYTES;
	t->nbytes = n;
	update_zero(t);
	if (!n)
		return 0;
	t->bytes = malloc(n);
	if (!t->bytes)
		return -ENOMEM;
	memcpy(t->bytes, b, n);
	return 0;
}

int iou__tape_init(struct iou__tape *t, const struct iou_sim_opts *o)
{
	memset(t, 0, sizeof(*t));
	t->record = 1;
	if (o && o->tape)
		return tape_set_bytes(t, o->tape, o->tape_len);
	t->src = IOU__TAPE_PRNG;
	t->seed = o ? o->seed : 0;
	prng_seed(t, t->seed);
	update_zero(t);
	return 0;
}

int iou__tape_init_token(struct iou__tape *t, const struct iou__token *tok);
int iou__tape_init_token(struct iou__tape *t, const struct iou__token *tok)
{
	memset(t, 0, sizeof(*t));
	t->record = 1;
	switch (tok->src) {
	case IOU__TAPE_PRNG:
		t->src = IOU__TAPE_PRNG;
		t->seed = tok->seed;
		prng_seed(t, t->seed);
		update_zero(t);
		return 0;
	case IOU__TAPE_BYTES:
		return tape_set_bytes(t, tok->bytes, tok->nbytes);
	default:
		return tape_set_vec(t, tok->vec, tok->nvec);
	}
}

int iou__tape_init_vec(struct iou__tape *t, const uint32_t *vec, size_t n);
int iou__tape_init_vec(struct iou__tape *t, const uint32_t *vec, size_t n)
{
	memset(t, 0, sizeof(*t));
	t->record = 1;
	t->bounds = 1;
	return tape_set_vec(t, vec, n);
}

void iou__tape_free(struct iou__tape *t)
{
	free(t->bytes);
	free(t->vec);
	free(t->log);
	free(t->clog);
	memset(t, 0, sizeof(*t));
}

/* ---- token ---------------------------------------------------------------- */

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int b64_val(char c)
{
	const char *p = c ? strchr(b64, c) : NULL;

	return p ? (int)(p - b64) : -1;
}

struct sbuf {
	char *buf;
	size_t len, pos;
	int overflow;
};

static void sb_putc(struct sbuf *sb, char c)
{
	if (sb->pos + 1 < sb->len)
		sb->buf[sb->pos] = c;
	else
		sb->overflow = 1;
	sb->pos++;
}

static void sb_puts(struct sbuf *sb, const char *s)
{
	while (*s)
		sb_putc(sb, *s++);
}

static void sb_version(struct sbuf *sb, uint32_t v)
{
	char tmp[32];

	if (v == IOU_KERNEL_NEWEST)
		snprintf(tmp, sizeof(tmp), "newest");
	else
		snprintf(tmp, sizeof(tmp), "%u.%u", v >> 16, (v >> 8) & 0xff);
	sb_puts(sb, tmp);
}

/* base64url of a byte stream, produced incrementally */
struct b64w {
	struct sbuf *sb;
	uint32_t acc;
	int bits;
};

static void b64_byte(struct b64w *w, uint8_t byte)
{
	w->acc = (w->acc << 8) | byte;
	w->bits += 8;
	while (w->bits >= 6) {
		w->bits -= 6;
		sb_putc(w->sb, b64[(w->acc >> w->bits) & 63]);
	}
}

static void b64_flush(struct b64w *w)
{
	if (w->bits)
		sb_putc(w->sb, b64[(w->acc << (6 - w->bits)) & 63]);
	w->bits = 0;
}

static void b64_varint(struct b64w *w, uint64_t v)
{
	while (v >= 0x80) {
		b64_byte(w, (uint8_t)(v | 0x80));
		v >>= 7;
	}
	b64_byte(w, (uint8_t)v);
}

/* Choice values of a plain vector. */
static void vec_payload(struct b64w *w, const uint32_t *vec, size_t n)
{
	uint64_t zeros = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t v = vec[i];

		if (!v) {
			zeros++;
			continue;
		}
		b64_varint(w, zeros);
		b64_varint(w, v);
		zeros = 0;
	}
}

int iou__token_format(const struct iou_sim *sim, char *buf, size_t len)
{
	const struct iou__tape *t = &sim->tape;
	struct sbuf sb = { buf, len, 0, 0 };
	struct b64w w = { &sb, 0, 0 };
	char tmp[40];

	sb_puts(&sb, !t->record && t->src == IOU__TAPE_PRNG ? "iou2:"
							       : "iou1:");
	sb_puts(&sb, sim->prof->name);
	if (sim->kmin != sim->kmax) {
		sb_putc(&sb, '/');
		sb_version(&sb, sim->kmin);
		sb_putc(&sb, '-');
		sb_version(&sb, sim->kmax);
	}
	snprintf(tmp, sizeof(tmp), ":%x:", sim->faults);
	sb_puts(&sb, tmp);
	if (t->record) {
		sb_putc(&sb, 'v');
		for (size_t i = 0; i < t->nclog; i++)
			b64_byte(&w, t->clog[i]);
	} else if (t->src == IOU__TAPE_PRNG) {
		snprintf(tmp, sizeof(tmp), "s%llx", (unsigned long long)t->seed);
		sb_puts(&sb, tmp);
	} else if (t->src == IOU__TAPE_BYTES) {
		sb_putc(&sb, 'b');
		for (size_t i = 0; i < t->bpos; i++)
			b64_byte(&w, t->bytes[i]);
	} else {
		sb_putc(&sb, 'v');
		vec_payload(&w, t->vec, t->vpos);
	}
	b64_flush(&w);
	if (len)
		buf[sb.pos < len ? sb.pos : len - 1] = '\0';
	if (sb.overflow)
		return -ENOSPC;
	return (int)sb.pos;
}

/* "5.10", "6.18", "newest"; NULL for a malformed or unknown version */
static const char *parse_version(const char *s, uint32_t *out)
{
	unsigned long maj, min;
	char *end;

	if (!strncmp(s, "newest", 6)) {
		*out = IOU_KERNEL_NEWEST;
		return s + 6;
	}
	maj = strtoul(s, &end, 10);
	if (end == s || *end != '.' || maj > 255)
		return NULL;
	s = end + 1;
	min = strtoul(s, &end, 10);
	if (end == s || min > 255)
		return NULL;
	*out = IOU_KERNEL_VERSION((uint32_t)maj, (uint32_t)min);
	/* a kernel no profile covers ("0.0", "9.9") is not a token the sim
	 * made: refused, not silently run on another profile */
	if (*out < iou__profiles[0].version ||
	    *out > iou__profiles[iou__nprofiles - 1].version)
		return NULL;
	return end;
}

/* Decodes base64url into bytes; returns the count or -EINVAL. */
static long b64_decode(const char *s, uint8_t **out)
{
	size_t n = strlen(s), i, pos = 0;
	uint8_t *b = malloc(n * 6 / 8 + 1);
	uint32_t acc = 0;
	int bits = 0;

	if (!b)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		int v = b64_val(s[i]);

		if (v < 0) {
			free(b);
			return -EINVAL;
		}
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			b[pos++] = (uint8_t)(acc >> bits);
		}
	}
	/* a valid encoding leaves fewer than 6 bits, all zero */
	if (bits >= 6 || (acc & ((1U << bits) - 1))) {
		free(b);
		return -EINVAL;
	}
	*out = b;
	return (long)pos;
}

static int parse_vec(const uint8_t *b, size_t n, struct iou__token *tok)
{
	size_t i = 0, cap = 16, len = 0;
	uint32_t *vec = calloc(cap, sizeof(*vec));
	int half = 0;
	uint64_t zeros = 0;

	if (!vec)
		return -ENOMEM;
	while (i < n) {
		uint64_t v = 0;
		int shift = 0;

		for (;;) {
			if (i >= n || shift > 63)
				goto bad;
			v |= (uint64_t)(b[i] & 0x7f) << shift;
			shift += 7;
			if (!(b[i++] & 0x80))
				break;
		}
		if (!half) {
			zeros = v;
			half = 1;
			continue;
		}
		half = 0;
		/* at most 2^24 choices (64 MiB): a longer run's token names
		 * its seed or bytes (fuzz/replay_token's CI smoke ran out of
		 * memory on zero runs adding up to 400 MB) */
		if (!v || v > UINT32_MAX || zeros >= (1U << 24) ||
		    len + zeros + 1 > (1U << 24))
			goto bad;
		if (len + zeros + 1 > cap) {
			size_t ncap = (len + zeros + 1) * 2;
			uint32_t *nv = realloc(vec, ncap * sizeof(*vec));

			if (!nv)
				goto bad;
			memset(nv + cap, 0, (ncap - cap) * sizeof(*nv));
			vec = nv;
			cap = ncap;
		}
		len += zeros;
		vec[len++] = (uint32_t)v;
	}
	/* A trailing zero count without its value is padding from base64
	 * only if it is 0. */
	if (half && zeros)
		goto bad;
	tok->vec = vec;
	tok->nvec = len;
	return 0;
bad:
	free(vec);
	return -EINVAL;
}

int iou__token_parse(const char *s, struct iou__token *tok)
{
	uint32_t prof;
	const char *p;
	char *end;
	unsigned long faults;
	uint8_t *b = NULL;
	long nb;
	int ret, vers;

	memset(tok, 0, sizeof(*tok));
	if (!s || (strncmp(s, "iou1:", 5) && strncmp(s, "iou2:", 5)))
		return -EINVAL;
	vers = s[3] - '0';
	p = parse_version(s + 5, &prof);
	if (!p)
		return -EINVAL;
	tok->kmin = tok->kmax = prof;
	if (*p == '/') {
		p = parse_version(p + 1, &tok->kmin);
		if (!p || *p != '-')
			return -EINVAL;
		p = parse_version(p + 1, &tok->kmax);
		if (!p)
			return -EINVAL;
	}
	if (*p != ':')
		return -EINVAL;
	faults = strtoul(p + 1, &end, 16);
	if (end == p + 1 || *end != ':' || faults > IOU_FAULT_ALL)
		return -EINVAL;
	tok->faults = (unsigned)faults;
	p = end + 1;
	switch (*p) {
	case 's':
		if (vers < 2)
			return -EINVAL; /* a seed of the old PRNG mapping */
		tok->src = IOU__TAPE_PRNG;
		tok->seed = strtoull(p + 1, &end, 16);
		if (end == p + 1 || *end)
			return -EINVAL;
		return 0;
	case 'b':
	case 'v':
		if (vers != 1)
			return -EINVAL;
		nb = b64_decode(p + 1, &b);
		if (nb < 0)
			return (int)nb;
		if (*p == 'b') {
			tok->src = IOU__TAPE_BYTES;
			tok->bytes = b;
			tok->nbytes = (size_t)nb;
			return 0;
		}
		tok->src = IOU__TAPE_VEC;
		ret = parse_vec(b, (size_t)nb, tok);
		free(b);
		return ret;
	default:
		return -EINVAL;
	}
}

void iou__token_free(struct iou__token *tok)
{
	free(tok->bytes);
	free(tok->vec);
	memset(tok, 0, sizeof(*tok));
}

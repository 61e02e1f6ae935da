/* tape.h — the sim's choices (tape.c): the kinds of choice, the tape
 * that makes them (a PRNG seed, fuzzer bytes, a choice vector; the
 * compact log the replay token is made of), the PRNG and its per-kind
 * deviation rates, and replay tokens. Internal; included by sim.h, where
 * the inline choice function (iou__choose) follows struct iou_sim. */
#ifndef IOU_SIM_TAPE_H
#define IOU_SIM_TAPE_H

#include <stddef.h>
#include <stdint.h>

#include "iou_sim.h"

enum iou__choice_kind {
	IOU__CH_PROFILE,     /* which profile of a kernel range */
	IOU__CH_DELAY,       /* finished request posts later (io-wq) */
	IOU__CH_RUNQ,        /* which queued work runs next */
	IOU__CH_WAIT,        /* wait: 0 go on, 1 cut short (-EINTR when the CQ
				is empty, else 0 with fewer than asked) */
	IOU__CH_SUBMIT,      /* short submit: how many SQEs to take */
	IOU__CH_ORDER,       /* order of a pair of racing CQEs */
	IOU__CH_LTIMEOUT,    /* link timeout race outcome */
	IOU__CH_CANCELRES,   /* canceled target: -ECANCELED or -EINTR */
	IOU__CH_REMOVEBUF,   /* which legacy buffer REMOVE_BUFFERS takes */
	IOU__CH_SELECTBUF,   /* which legacy buffer a read selects */
	IOU__CH_SHORTIO,     /* short read/write: 0 full, else length */
	IOU__CH_FAULT,       /* inject the fault class (opt-in) */
	/* the network (issue 4: net.c, ops_net.c, ops_poll.c) */
	IOU__CH_MSHOT_END,   /* a multishot CQE is the last one */
	IOU__CH_ZC_NOTIF,    /* send_zc notification: right after or later */
	IOU__CH_ZC_COPY,     /* send_zc bytes: 0 read now, 1 up to notif */
	IOU__CH_ZC_USAGE,    /* REPORT_USAGE: 0 ZC_COPIED, 1 zero copy */
	IOU__CH_NONEMPTY,    /* F_SOCK_NONEMPTY: 0 set when data left */
	IOU__CH_ZC_FAILMORE, /* failed send_zc: 0 F_MORE + notif, 1 none */
	IOU__CH_NETDELAY,    /* stream bytes: 0 arrive at once, 1 later,
				2 later in two pieces */
	IOU__CH_PEER,        /* peer.c: datagrams in a burst, less one */
	IOU__CH_NKINDS
};

struct iou__choice {
	uint32_t v;      /* the choice made, < n */
	uint32_t n;      /* its bound */
};

enum iou__tape_src {
	IOU__TAPE_PRNG,
	IOU__TAPE_BYTES,
	IOU__TAPE_VEC,
};

struct iou__tape {
	enum iou__tape_src src;
	uint64_t seed;
	uint64_t rng[4];            /* xoshiro256** */
	uint8_t *bytes;             /* BYTES: own copy */
	size_t nbytes, bpos;
	uint32_t *vec;              /* VEC: own copy */
	size_t nvec, vpos;
	int record;                 /* keep the compact log below */
	uint8_t *clog;              /* the token's payload as it grows:
				       varint pairs (zeros before, value) */
	size_t nclog, capclog;
	uint64_t zrun;              /* zero choices since the last non-zero */
	int bounds;                 /* keep the log of (value, bound) too */
	struct iou__choice *log;
	size_t nlog, caplog;
	uint64_t nchoices;          /* made, recorded or not */
	int fast;                   /* iou__choose's inline path, if any */
};

enum iou__tape_fast {
	IOU__TAPE_SLOW,
	IOU__TAPE_ZERO,             /* every further choice is 0 and nothing
				       but a count is kept */
	IOU__TAPE_SEEDED,           /* a seed and no bounds log */
};


/* The choice function's out-of-line parts (tape.c), traced when tr: the
 * sources other than a seed alone, and a seeded choice whose PRNG output
 * r deviates from 0 or whose kind is uniform. */
uint32_t iou__choose_slow(struct iou_sim *sim, enum iou__choice_kind kind,
			  uint32_t n, int tr);
uint32_t iou__choose_prng(struct iou_sim *sim, enum iou__choice_kind kind,
			  uint32_t n, uint64_t r, int tr);
/* PRNG deviation from 0 per kind: 1 in 2^shift; 0 = uniform. Here, so
 * that iou__choose's test folds to a constant mask. */
static const uint8_t iou__prng_shift[IOU__CH_NKINDS] = {
	[IOU__CH_DELAY] = 4, [IOU__CH_RUNQ] = 2, [IOU__CH_WAIT] = 2,
	[IOU__CH_SUBMIT] = 3, [IOU__CH_SHORTIO] = 2, [IOU__CH_FAULT] = 4,
	[IOU__CH_MSHOT_END] = 3, [IOU__CH_ZC_NOTIF] = 1, [IOU__CH_ZC_COPY] = 1,
	[IOU__CH_ZC_USAGE] = 2, [IOU__CH_NONEMPTY] = 2,
	[IOU__CH_ZC_FAILMORE] = 2, [IOU__CH_NETDELAY] = 2, [IOU__CH_PEER] = 2,
};

static inline uint64_t iou__rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static inline uint64_t iou__xoshiro_next(uint64_t s[4])
{
	uint64_t result = iou__rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = iou__rotl(s[3], 45);
	return result;
}
const char *iou__choice_name(enum iou__choice_kind kind);
/* Turns the compact choice log on or off (off: the token names the
 * source). */
void iou__tape_set_record(struct iou__tape *t, int on);
/* Keeps every choice with its bound from now on (iou__sim_choices). */
void iou__tape_set_bounds(struct iou__tape *t, int on);
int iou__tape_init(struct iou__tape *t, const struct iou_sim_opts *o);

/* The explorer's entry points (issue 5): a sim driven by a choice vector
 * (values past its end are 0; a value >= its bound n is taken mod n), and
 * the log of the choices it made, each with its bound. Enumerate by
 * extending/changing the vector using the bounds; the run's profile is
 * choice 0 of the log when the options give a kernel range. */
struct iou_sim *iou__sim_new_vec(const struct iou_sim_opts *opts,
				 const uint32_t *vec, size_t n);
/* iou_sim_new, logging every choice with its bound (iou__sim_choices). */
struct iou_sim *iou__sim_new_bounds(const struct iou_sim_opts *opts);
const struct iou__choice *iou__sim_choices(const struct iou_sim *sim,
					   size_t *n);
void iou__tape_free(struct iou__tape *t);

/* A parsed replay token. */
struct iou__token {
	uint32_t kmin, kmax;
	unsigned faults;
	enum iou__tape_src src;
	uint64_t seed;
	uint8_t *bytes;   /* malloc'd (BYTES) */
	size_t nbytes;
	uint32_t *vec;    /* malloc'd (VEC) */
	size_t nvec;
};

int iou__token_parse(const char *s, struct iou__token *tok);
void iou__token_free(struct iou__token *tok);
int iou__token_format(const struct iou_sim *sim, char *buf, size_t len);

#endif

/* sim.c — the public sim API: creating a sim (profile, tape, replay token,
 * IOU_SIM_REPLAY), setting rings up on it, and reading its clock, profile,
 * hang flag and replay token. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "net.h"
#include "world.h"

int iou__tape_init_token(struct iou__tape *t, const struct iou__token *tok);
int iou__tape_init_vec(struct iou__tape *t, const uint32_t *vec, size_t n);

/* Picks the profile: a range makes it the run's first choice, 0 being the
 * newest profile in the range. */
static int pick_profile(struct iou_sim *sim)
{
	const struct iou__profile *lo, *hi;
	int ilo, ihi;
	uint32_t c;

	lo = iou__profile_find(sim->kmin);
	hi = iou__profile_find(sim->kmax);
	if (!lo || !hi)
		return -EINVAL; /* older than the oldest profile */
	ilo = iou__profile_index(lo);
	ihi = iou__profile_index(hi);
	if (ihi < ilo)
		return -EINVAL;
	c = iou__choose(sim, IOU__CH_PROFILE, (uint32_t)(ihi - ilo + 1));
	sim->prof = &iou__profiles[ihi - (int)c];
	iou__ops_init(sim);
	return 0;
}

static struct iou_sim *sim_alloc(void)
{
	struct iou_sim *sim = calloc(1, sizeof(*sim));

	if (!sim)
		return NULL;
	iou__list_init(&sim->runq);
	iou__list_init(&sim->futexwq.head);
	iou__list_init(&sim->issueq);
	sim->trace.on = 1;
	return sim;
}

/* The options of opts->flags, and IOU_SIM_CHECK_POINTERS=1 from the
 * environment. */
static void set_flags(struct iou_sim *sim, const struct iou_sim_opts *opts)
{
	const char *env = getenv("IOU_SIM_CHECK_POINTERS");

	sim->flags = opts ? opts->flags & (IOU_SIM_CHECK_POINTERS |
					   IOU_SIM_SCENARIO |
					   IOU_SIM_NO_EINTR) : 0;
	if (env && env[0] == '1' && !env[1])
		sim->flags |= IOU_SIM_CHECK_POINTERS;
	env = getenv("IOU_SIM_NO_EINTR");
	if (env && *env && strcmp(env, "0"))
		sim->flags |= IOU_SIM_NO_EINTR;
}

static struct iou_sim *sim_finish(struct iou_sim *sim)
{
	if (pick_profile(sim) || iou__world_init(sim)) {
		iou_sim_free(sim);
		return NULL;
	}
	IOU__TRACE(sim, "sim kernel=%s faults=%x\n", sim->prof->name,
		   sim->faults);
	if (sim->flags & IOU_SIM_NO_EINTR)
		IOU__TRACE(sim, "sim %s\n", "no-eintr");
	return sim;
}

static void set_range(struct iou_sim *sim, uint32_t kmin, uint32_t kmax)
{
	sim->kmin = kmin ? kmin : IOU_KERNEL_NEWEST;
	sim->kmax = kmax ? kmax : sim->kmin;
	if (sim->kmin == IOU_KERNEL_NEWEST)
		sim->kmax = IOU_KERNEL_NEWEST;
}

static struct iou_sim *sim_new(const struct iou_sim_opts *opts, int bounds);

struct iou_sim *iou_sim_new(const struct iou_sim_opts *opts)
{
	return sim_new(opts, 0);
}

struct iou_sim *iou__sim_new_bounds(const struct iou_sim_opts *opts)
{
	return sim_new(opts, 1);
}

static struct iou_sim *sim_new(const struct iou_sim_opts *opts, int bounds)
{
	struct iou_sim_opts o;
	const char *replay;
	struct iou_sim *sim;

	if (opts)
		o = *opts;
	else
		memset(&o, 0, sizeof(o));
	replay = getenv("IOU_SIM_REPLAY");
	if (!replay || !*replay)
		replay = o.replay;
	sim = sim_alloc();
	if (!sim)
		return NULL;
	if (replay) {
		struct iou__token tok;
		int ret = iou__token_parse(replay, &tok);

		if (!ret)
			ret = iou__tape_init_token(&sim->tape, &tok);
		if (!ret) {
			set_range(sim, tok.kmin, tok.kmax);
			sim->faults = tok.faults;
		}
		iou__token_free(&tok);
		if (ret) {
			iou_sim_free(sim);
			return NULL;
		}
	} else {
		if (iou__tape_init(&sim->tape, &o)) {
			iou_sim_free(sim);
			return NULL;
		}
		set_range(sim, o.kernel_min, o.kernel_max);
		sim->faults = o.faults & IOU_FAULT_ALL;
	}
	set_flags(sim, &o);
	iou__tape_set_bounds(&sim->tape, bounds);
	return sim_finish(sim);
}

struct iou_sim *iou__sim_new_vec(const struct iou_sim_opts *opts,
				 const uint32_t *vec, size_t n)
{
	struct iou_sim *sim = sim_alloc();

	if (!sim)
		return NULL;
	if (iou__tape_init_vec(&sim->tape, vec, n)) {
		iou_sim_free(sim);
		return NULL;
	}
	set_range(sim, opts ? opts->kernel_min : 0, opts ? opts->kernel_max : 0);
	sim->faults = opts ? opts->faults & IOU_FAULT_ALL : 0;
	set_flags(sim, opts);
	return sim_finish(sim);
}

const struct iou__choice *iou__sim_choices(const struct iou_sim *sim,
					   size_t *n)
{
	*n = sim->tape.bounds ? sim->tape.nlog : 0;
	return sim->tape.log;
}

/* ---- rings that outlive their sim ----------------------------------------
 *
 * A ring still set up when its sim is freed becomes a zombie: its requests
 * and registrations go with the sim, but its ring memory and its struct
 * iou__sring stay, marked dead (sim NULL), so that the caller's struct
 * iou, which the sim must not touch (in the scenario idiom it is often in
 * a stack frame that is gone), still points at valid memory: the SQ reads
 * full and the CQ empty, and every call answers -EBADF (the backend's
 * closed hook). iou_queue_exit on it frees it. Zombies nobody exits are
 * kept up to ZOMBIES_MAX per process, then the oldest is freed. */

#define ZOMBIES_MAX 64U

static pthread_mutex_t zombie_lock = PTHREAD_MUTEX_INITIALIZER;
static struct iou__sring *zombies; /* newest first */
static unsigned nzombies;

static void sring_free(struct iou__sring *r)
{
	free(r->rings);
	free(r->sqes);
	free(r);
}

static void zombify(struct iou__sring *r)
{
	struct iou__sring *old = NULL, **pp;

	/* get_sqe sees a full SQ, peek and cq_ready an empty CQ */
	__atomic_store_n(r->sq_head, *r->sq_tail - r->sq_entries,
			 __ATOMIC_RELEASE);
	__atomic_store_n(r->cq_tail, *r->cq_head, __ATOMIC_RELEASE);
	r->sim = NULL;
	pthread_mutex_lock(&zombie_lock);
	r->next = zombies;
	zombies = r;
	if (++nzombies > ZOMBIES_MAX) {
		for (pp = &zombies; (*pp)->next; pp = &(*pp)->next)
			;
		old = *pp;
		*pp = NULL;
		nzombies--;
	}
	pthread_mutex_unlock(&zombie_lock);
	if (old)
		sring_free(old);
}

int iou__sim_ring_closed(const struct iou *ring)
{
	const struct iou__sring *r = ring->backend_data;

	return !r || !r->sim;
}

void iou__sim_zombie_free(struct iou__sring *r)
{
	struct iou__sring **pp;
	int found = 0;

	pthread_mutex_lock(&zombie_lock);
	for (pp = &zombies; *pp; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			nzombies--;
			found = 1;
			break;
		}
	}
	pthread_mutex_unlock(&zombie_lock);
	if (found)
		sring_free(r);
}

void iou_sim_free(struct iou_sim *sim)
{
	if (!sim)
		return;
	/* Rings should have been exited; close any that were not (see
	 * zombify). A scenario's rings are never used again: freed outright. */
	while (sim->rings) {
		struct iou__sring *r = sim->rings;

		iou__sring_cancel_all(r);
		iou__reg_free(r);
		sim->rings = r->next;
		r->file->ring = NULL; /* its file may outlive it (dup) */
		iou__file_put(sim, r->file);
		free(r->ovf);
		free(r->ovf_big);
		r->ovf = NULL;
		r->ovf_big = NULL;
		if (sim->flags & IOU_SIM_SCENARIO)
			sring_free(r);
		else
			zombify(r);
	}
	iou__peer_free(sim); /* peer.c: its socket is in no fd slot */
	iou__world_free(sim);
	iou__net_free(sim); /* net.c: after the sockets went with the world */
	iou__heap_free(&sim->timers);
	iou__req_pool_free(sim);
	iou__tape_free(&sim->tape);
	iou__trace_free(&sim->trace);
	free(sim->scratch);
	iou__sim_brmem_free(sim); /* core.c */
	free(sim);
}

int iou_queue_init_sim_params(unsigned entries, struct iou *ring,
			      struct iou_params *p, struct iou_sim *sim)
{
	if (!sim)
		return -EINVAL;
	return iou__queue_init(&iou__sim_backend, entries, ring, p, sim);
}

int iou_queue_init_sim(unsigned entries, struct iou *ring, unsigned flags,
		       struct iou_sim *sim)
{
	struct iou_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	return iou_queue_init_sim_params(entries, ring, &p, sim);
}

uint64_t iou_sim_now_ns(const struct iou_sim *sim)
{
	return sim ? sim->now : 0;
}

uint32_t iou_sim_kernel(const struct iou_sim *sim)
{
	return sim ? sim->prof->version : 0;
}

int iou_sim_hung(const struct iou_sim *sim)
{
	return sim ? sim->hung : 0;
}

int iou_sim_replay_token(const struct iou_sim *sim, char *buf, size_t len)
{
	int ret;

	if (!sim || !buf || !len)
		return -EINVAL;
	ret = iou__token_format(sim, buf, len);
	if (ret == -ENOSPC && sim->tape.record &&
	    sim->tape.src != IOU__TAPE_VEC) {
		/* The choices do not fit: name the source instead (the seed
		 * or the fuzzer bytes), which replays the same run. */
		struct iou_sim *s = (struct iou_sim *)sim;
		int rec = s->tape.record;

		s->tape.record = 0;
		ret = iou__token_format(s, buf, len);
		s->tape.record = rec;
	}
	return ret;
}

/* ---- IOU_SCENARIO_CHECK's record ------------------------------------------ */

static _Thread_local struct {
	const char *file, *expr;
	int line;
} last_check;

void iou__scenario_check_failed(const char *file, int line, const char *expr)
{
	last_check.file = file;
	last_check.line = line;
	last_check.expr = expr;
}

int iou_scenario_check_message(char *buf, size_t len, int ret)
{
	int n = 0;

	if (buf && len) {
		buf[0] = '\0';
		if (last_check.file && last_check.line == ret && ret) {
			const char *base = strrchr(last_check.file, '/');

			n = snprintf(buf, len, "IOU_SCENARIO_CHECK at %s:%d: %s",
				     base ? base + 1 : last_check.file,
				     last_check.line, last_check.expr);
			if (n < 0)
				n = 0;
		}
	}
	memset(&last_check, 0, sizeof(last_check));
	return n;
}

uint64_t iou_sim_choices_made(const struct iou_sim *sim)
{
	return sim ? sim->tape.nchoices : 0;
}

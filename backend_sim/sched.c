/* sched.c — time and waiting: the run queue (work a real kernel would do
 * on an io-wq thread or as task work), the timer heap on the virtual
 * clock, and the wait loop of an enter with GETEVENTS, which is where the
 * clock advances and where hangs are detected. */
#include <errno.h>
#include <stdlib.h>

#include "net.h"
#include "sim.h"

/* A wait that makes no progress on its ring for this many steps (an
 * endless multishot timer on another ring, say) is a hang too. */
#define WAIT_STEPS_MAX (1U << 20)

void iou__runq_add(struct iou_sim *sim, struct iou__req *req)
{
	iou__list_add_tail(&sim->runq, &req->node);
	sim->runq_n++;
	/* TASKRUN follows runq_n's 0 <-> 1; every other flag is set where
	 * it changes, and the end of an enter sets them all */
	if (++req->ring->runq_n == 1)
		iou__sring_update_flags(req->ring);
}

void iou__runq_del(struct iou_sim *sim, struct iou__req *req)
{
	iou__list_del(&req->node);
	sim->runq_n--;
	if (!--req->ring->runq_n)
		iou__sring_update_flags(req->ring);
}

static void run_req(struct iou_sim *sim, struct iou__req *req)
{
	iou__runq_del(sim, req);
	/* an io-wq worker's: a delayed completion, or a punted request
	 * (IOSQE_ASYNC) issued again (the async eventfd signals for these) */
	sim->in_worker = req->state == IOU__RS_DONE || req->punted;
	if (req->state == IOU__RS_DONE) {
		iou__req_finish(req);
	} else {
		req->state = IOU__RS_LINKED;
		iou__req_issue(req);
	}
	sim->in_worker = 0;
	if (!iou__list_empty(&sim->issueq))
		iou__run_issueq(sim);
}

int iou__runq_run_one(struct iou_sim *sim)
{
	struct iou__list *pos;
	uint32_t pick;

	if (!sim->runq_n)
		return 0;
	pick = iou__choose(sim, IOU__CH_RUNQ, sim->runq_n);
	pos = sim->runq.next;
	while (pick--)
		pos = pos->next;
	run_req(sim, iou__container_of(pos, struct iou__req, node));
	return 1;
}

/* Work of a ring that runs task work only when asked (COOP_TASKRUN,
 * DEFER_TASKRUN) waits for an enter with GETEVENTS. */
static int defers(const struct iou__req *req)
{
	return (req->ring->setup_flags &
		(IOU_SETUP_COOP_TASKRUN | IOU_SETUP_DEFER_TASKRUN)) != 0;
}

/* What the end of an enter leaves queued: deferred task work, and io-wq
 * completions of the enter that issued them (complete.c). */
static int held(const struct iou__req *req)
{
	return defers(req) || req->iowq_hold;
}

void iou__runq_flush(struct iou_sim *sim)
{
	int any_held = sim->iowq_nheld != 0;

	for (struct iou__sring *r = sim->rings; r; r = r->next)
		any_held |= (r->setup_flags & (IOU_SETUP_COOP_TASKRUN |
					       IOU_SETUP_DEFER_TASKRUN)) != 0;
	if (!any_held) {
		while (iou__runq_run_one(sim))
			;
		return;
	}
	for (;;) {
		struct iou__list *pos;
		uint32_t n = 0, pick;

		for (pos = sim->runq.next; pos != &sim->runq; pos = pos->next)
			n += !held(iou__container_of(pos, struct iou__req,
						     node));
		if (!n)
			break;
		pick = iou__choose(sim, IOU__CH_RUNQ, n);
		for (pos = sim->runq.next;; pos = pos->next) {
			struct iou__req *req =
				iou__container_of(pos, struct iou__req, node);

			if (held(req))
				continue;
			if (!pick--) {
				run_req(sim, req);
				break;
			}
		}
	}
	/* The io-wq completions held now post at the next enter (or a wait
	 * runs them sooner). */
	if (sim->iowq_nheld) {
		for (struct iou__list *pos = sim->runq.next; pos != &sim->runq;
		     pos = pos->next)
			iou__container_of(pos, struct iou__req, node)->iowq_hold
				= 0;
		sim->iowq_nheld = 0;
	}
}

/* ---- timer heap, keyed by (deadline, request id) ----------------------- */

static int heap_less(const struct iou__req *a, const struct iou__req *b)
{
	if (a->deadline != b->deadline)
		return a->deadline < b->deadline;
	return a->id < b->id;
}

static void heap_set(struct iou__heap *h, uint32_t i, struct iou__req *req)
{
	h->a[i] = req;
	req->heap_idx = i;
}

static void heap_up(struct iou__heap *h, uint32_t i)
{
	struct iou__req *req = h->a[i];

	while (i) {
		uint32_t p = (i - 1) / 2;

		if (!heap_less(req, h->a[p]))
			break;
		heap_set(h, i, h->a[p]);
		i = p;
	}
	heap_set(h, i, req);
}

static void heap_down(struct iou__heap *h, uint32_t i)
{
	struct iou__req *req = h->a[i];

	for (;;) {
		uint32_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && heap_less(h->a[c + 1], h->a[c]))
			c++;
		if (!heap_less(h->a[c], req))
			break;
		heap_set(h, i, h->a[c]);
		i = c;
	}
	heap_set(h, i, req);
}

void iou__timer_arm(struct iou__req *req, uint64_t deadline)
{
	struct iou_sim *sim = req->ring->sim;
	struct iou__heap *h = &sim->timers;

	req->deadline = deadline;
	req->state = IOU__RS_TIMER;
	req->heap_idx = UINT32_MAX;
	if (h->n == h->cap) {
		uint32_t cap = h->cap ? h->cap * 2 : 64;
		struct iou__req **a = realloc(h->a, cap * sizeof(*a));

		if (!a) {
			/* Parked without a timer: it never fires, and a wait
			 * for it reports a hang. */
			sim->oom = 1;
			return;
		}
		h->a = a;
		h->cap = cap;
	}
	heap_set(h, h->n++, req);
	heap_up(h, h->n - 1);
}

void iou__timer_disarm(struct iou__req *req)
{
	struct iou__heap *h = &req->ring->sim->timers;
	uint32_t i = req->heap_idx;

	if (req->state != IOU__RS_TIMER)
		return;
	req->state = IOU__RS_LINKED;
	if (i >= h->n || h->a[i] != req)
		return;
	h->n--;
	if (i != h->n) {
		struct iou__req *moved = h->a[h->n];

		heap_set(h, i, moved);
		heap_down(h, i);
		heap_up(h, moved->heap_idx);
	}
	req->heap_idx = UINT32_MAX;
}

uint64_t iou__timer_next(const struct iou_sim *sim)
{
	return sim->timers.n ? sim->timers.a[0]->deadline
			     : UINT64_MAX;
}

void iou__heap_free(struct iou__heap *h)
{
	free(h->a);
	h->a = NULL;
	h->n = h->cap = 0;
}

/* Timers at deadline dl in the subtree at i (they are connected to the
 * top: a min-heap). */
static uint32_t ties(const struct iou__heap *h, uint32_t i, uint64_t dl)
{
	if (i >= h->n || h->a[i]->deadline != dl)
		return 0;
	return 1 + ties(h, 2 * i + 1, dl) + ties(h, 2 * i + 2, dl);
}

/* The *n-th of them in preorder (0 = the top). */
static struct iou__req *tie_nth(const struct iou__heap *h, uint32_t i,
				uint64_t dl, uint32_t *n)
{
	struct iou__req *r;

	if (i >= h->n || h->a[i]->deadline != dl)
		return NULL;
	if (!*n)
		return h->a[i];
	--*n;
	r = tie_nth(h, 2 * i + 1, dl, n);
	return r ? r : tie_nth(h, 2 * i + 2, dl, n);
}

void iou__clock_advance(struct iou_sim *sim, uint64_t when)
{
	if (when > sim->now) {
		IOU__TRACE(sim, "time +%llu = %llu\n",
			   (unsigned long long)(when - sim->now),
			   (unsigned long long)when);
		sim->now = when;
	}
	while (sim->timers.n && iou__timer_next(sim) <= sim->now) {
		struct iou__heap *h = &sim->timers;
		uint64_t dl = iou__timer_next(sim);
		struct iou__req *req = h->a[0];
		uint32_t k = 0, pick;

		/* Timers due at the same instant fire in no promised order:
		 * a choice among them, 0 being the earliest armed (the heap
		 * top). They form a subtree at the top of the heap. */
		k = ties(h, 0, dl);
		pick = iou__choose(sim, IOU__CH_ORDER, k);
		if (pick)
			req = tie_nth(h, 0, dl, &pick);
		iou__timer_disarm(req);
		req->op->timer(req);
		iou__run_issueq(sim);
	}
}

/* ---- the alarm ------------------------------------------------------------- */

int64_t iou_sim_set_alarm(struct iou_sim *sim, int64_t ns,
			  void (*fn)(void *arg), void *arg)
{
	int64_t left;

	if (!sim || ns < 0 || (ns && !fn))
		return -EINVAL;
	left = sim->alarm_at ? (int64_t)(sim->alarm_at - sim->now) : 0;
	sim->alarm_at = 0;
	if (ns) {
		sim->alarm_at = (uint64_t)ns > UINT64_MAX - sim->now
				? UINT64_MAX : sim->now + (uint64_t)ns;
		sim->alarm_fn = fn;
		sim->alarm_arg = arg;
	}
	return left;
}

uint64_t iou__wake_next(const struct iou_sim *sim)
{
	uint64_t next = iou__timer_next(sim);

	return sim->alarm_at && sim->alarm_at < next ? sim->alarm_at : next;
}

int iou__alarm_due(struct iou_sim *sim)
{
	void (*fn)(void *);

	if (!sim->alarm_at || sim->alarm_at > sim->now)
		return 0;
	fn = sim->alarm_fn;
	sim->alarm_at = 0;
	IOU__TRACE(sim, "alarm at %llu\n", (unsigned long long)sim->now);
	fn(sim->alarm_arg); /* may not return (exit in the handler) */
	return 1;
}

/* ---- waiting -------------------------------------------------------------- */

static int hang(struct iou__sring *r, unsigned min, const char *why)
{
	struct iou_sim *sim = r->sim;

	sim->hung = 1;
	IOU__TRACE(sim, "hang r%u ready=%u min=%u: %s\n", r->id,
		   iou__cq_ready(r), min, why);
	return -EDEADLK;
}

int iou__wait(struct iou__sring *r, unsigned min, int has_deadline,
	      uint64_t deadline)
{
	struct iou_sim *sim = r->sim;
	uint32_t steps = 0, last_ready = iou__cq_ready(r);

	for (;;) {
		unsigned ready;
		uint64_t next;

		if (r->ovf_len)
			iou__cq_flush_overflow(r);
		ready = iou__cq_ready(r);
		if (ready != last_ready) {
			last_ready = ready;
			steps = 0;
		}
		if (!min) {
			/* GETEVENTS alone: let queued work run; stopping
			 * early is allowed. */
			if (!sim->runq_n)
				return 0;
			if (iou__choose(sim, IOU__CH_WAIT, 2)) {
				sim->wait_cut = 1;
				return 0;
			}
			iou__runq_run_one(sim);
			continue;
		}
		if (ready >= min)
			return 0;
		if (min > r->cq_entries)
			return hang(r, min, "wait for more CQEs than the CQ holds");
		/* A wait may be cut short, as by a signal (KERNEL_FACTS "The
		 * CQ"): io_cqring_wait then returns 0 when the CQ holds a CQE
		 * (fewer than min), -EINTR only when it is empty. */
		if ((ready || !(sim->flags & IOU_SIM_NO_EINTR)) &&
		    iou__choose(sim, IOU__CH_WAIT, 2)) {
			sim->wait_cut = 1;
			if (!ready) {
				IOU__TRACE(sim, "wait r%u -EINTR\n", r->id);
				return -EINTR;
			}
			IOU__TRACE(sim, "wait r%u early ready=%u\n", r->id,
				   ready);
			return 0;
		}
		if (++steps > WAIT_STEPS_MAX)
			return hang(r, min, "no progress");
		if (sim->runq_n) {
			iou__runq_run_one(sim);
			continue;
		}
		if (sim->peer && iou__peer_step(sim))
			continue;
		next = iou__wake_next(sim);
		if (has_deadline && deadline <= next) {
			iou__clock_advance(sim, deadline);
			iou__cq_flush_overflow(r);
			/* As io_cqring_wait: a timed-out wait with CQEs in
			 * the CQ returns 0. */
			if (iou__cq_ready(r))
				return 0;
			IOU__TRACE(sim, "wait r%u -ETIME\n", r->id);
			return -ETIME;
		}
		if (next != UINT64_MAX) {
			iou__clock_advance(sim, next);
			if (iou__alarm_due(sim)) {
				/* a signal cuts the wait (a handler that
				 * returned): -EINTR when the CQ is empty */
				sim->wait_cut = 1;
				iou__cq_flush_overflow(r);
				return iou__cq_ready(r) ? 0 : -EINTR;
			}
			continue;
		}
		if (sim->peer && iou__peer_idle(sim))
			return -EDEADLK; /* a server with nothing left to do */
		return hang(r, min, "nothing can complete");
	}
}

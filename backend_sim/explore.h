/* explore.h — the explorer's private parts, shared by explore.c (runs,
 * enumeration, setup) and explore_shrink.c (the determinism check and
 * shrinking). */
#ifndef IOU_EXPLORE_H
#define IOU_EXPLORE_H

#include <time.h>

#include "sim.h"

#define DEFAULT_MAX_RUNS 100000
#define DEFAULT_MAX_DEVIATIONS 2
#define DEFAULT_SHRINK_RUNS 10000
#define LOWER_TRIES 32          /* values tried per position by "lower" */
#define PROGRESS_CHECK 1023     /* executions between clock reads (mask) */
#define PROGRESS_NS 250000000LL /* between progress lines */

enum {
	STOP_FAIL = 1,  /* a failing run was found */
	STOP_CUT = 2,   /* max_runs reached */
};

struct outcome {
	int ret;
	int hung;
};

/* A growable vector of choices; zero past len up to cap. */
struct vec {
	uint32_t *v;
	size_t len, cap;
};

/* A traced run's text. */
struct text {
	char *s;
	size_t len, cap;
};

struct explorer {
	iou_scenario_fn fn;
	void *arg;
	struct iou_explore_report *rep;
	struct iou_sim_opts simo;   /* template: range and faults */
	uint64_t max_runs;
	uint64_t max_shrink;
	unsigned max_dev;
	unsigned shard, nshards;
	int any_failure;
	unsigned nprof;             /* values of position 0 when it is the
				       profile, else 1 */
	unsigned level;             /* level being walked */
	uint64_t seq;               /* leaves met (sharding) */
	struct vec walk;            /* the walk's vector */
	struct vec *bounds;         /* per depth: bounds after the node */
	struct iou__choice *log;    /* last run's log */
	size_t nlog, caplog;
	struct vec fail;            /* failing vector (normalised) */
	struct outcome fail_o;
	struct vec cand;            /* shrink candidate */
	struct vec norm;            /* a candidate's normalised form */
	struct text tr[2];          /* traces of two checked replays */
	struct text tok;            /* a checked replay's token */
	int mode;                   /* IOU_EXPLORE_MIXED, _RANDOM, _DFS */
	double max_seconds;         /* search budget; 0 = none */
	uint64_t rseq;              /* random tapes run (mixed mode) */
	/* progress */
	int progress;
	int printed;
	struct timespec t0, tlast;
};

/* The shrink order of two choice vectors (explore.c): fewer non-zero
 * values, then shorter, then smaller values from the first on. */
int iou__explore_vec_cmp(const uint32_t *a, size_t na, const uint32_t *b,
			 size_t nb);
double iou__x_elapsed(const struct timespec *a, const struct timespec *b);
int iou__x_is_failure(const struct outcome *o);
enum iou_explore_fail iou__x_kind_of(const struct outcome *o);
int iou__x_log_to_vec(struct explorer *x, struct vec *out);
int iou__x_run_vec(struct explorer *x, const uint32_t *v, size_t n,
		   struct outcome *o, struct text *tr, struct text *token);
int iou__x_same_outcome(const struct outcome *a, const struct outcome *b);
size_t iou__x_vec_nnz(const uint32_t *v, size_t n);
int iou__x_vec_set(struct vec *v, const uint32_t *src, size_t n);
int iou__x_check_replay(struct explorer *x, const uint32_t *v, size_t n,
			const struct outcome *expect);
int iou__x_report_failure(struct explorer *x);
int iou__x_set_report_token(struct iou_explore_report *rep,
			    const struct text *t);
int iou__x_set_report_trace(struct iou_explore_report *rep,
			    const struct text *t);

#endif /* IOU_EXPLORE_H */

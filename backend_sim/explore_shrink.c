/* explore_shrink.c — the explorer's determinism check (a failing tape
 * replayed twice must give the same trace, or the report says where the
 * runs part) and shrinking (zero, delete, lower and move passes over the
 * failing choice vector, each candidate kept only if it fails the same
 * way). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"

/* ---- determinism --------------------------------------------------------- */

static void copy_line(char *dst, size_t len, const char *s, const char *end)
{
	size_t n = 0;

	if (!s) {
		snprintf(dst, len, "<end of trace>");
		return;
	}
	while (s + n < end && s[n] != '\n' && n + 1 < len)
		n++;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Finds where two traces part: 1-based line, or 0 when they are equal. */
static unsigned diverge(const struct text *a, const struct text *b,
			char *la, char *lb, size_t len)
{
	size_t i = 0, line_start = 0;
	unsigned line = 1;

	while (i < a->len && i < b->len && a->s[i] == b->s[i]) {
		if (a->s[i] == '\n') {
			line++;
			line_start = i + 1;
		}
		i++;
	}
	if (i == a->len && i == b->len)
		return 0;
	copy_line(la, len, line_start < a->len ? a->s + line_start : NULL,
		  a->s + a->len);
	copy_line(lb, len, line_start < b->len ? b->s + line_start : NULL,
		  b->s + b->len);
	return line;
}

int iou__x_set_report_trace(struct iou_explore_report *rep,
			    const struct text *t)
{
	char *s = malloc(t->len + 1);

	if (!s)
		return -ENOMEM;
	memcpy(s, t->s ? t->s : "", t->len);
	s[t->len] = '\0';
	free(rep->trace);
	rep->trace = s;
	rep->trace_len = t->len;
	return 0;
}

/* Makes t the report's token: the whole of it in rep->token, a prefix in
 * res.replay (replay_cut says so). */
int iou__x_set_report_token(struct iou_explore_report *rep,
			    const struct text *t)
{
	char *s = malloc(t->len + 1);

	if (!s)
		return -ENOMEM;
	memcpy(s, t->s ? t->s : "", t->len);
	s[t->len] = '\0';
	free(rep->token);
	rep->token = s;
	snprintf(rep->res.replay, sizeof(rep->res.replay), "%s", s);
	rep->res.replay_cut = t->len >= sizeof(rep->res.replay);
	return 0;
}

/* Replays vector v twice with traces. Returns 1 when the two runs (or the
 * first and `expect`, if given) differ, filling the report's NONDET
 * fields; 0 when they agree (x->tr[0] holds the trace, rep->res.replay and
 * rep->token the token); -errno. */
int iou__x_check_replay(struct explorer *x, const uint32_t *v, size_t n,
			const struct outcome *expect)
{
	struct iou_explore_report *rep = x->rep;
	struct outcome o1, o2;
	int ret;

	ret = iou__x_run_vec(x, v, n, &o1, &x->tr[0], &x->tok);
	if (!ret)
		ret = iou__x_set_report_token(rep, &x->tok);
	if (!ret)
		ret = iou__x_run_vec(x, v, n, &o2, &x->tr[1], NULL);
	if (ret)
		return ret;
	rep->diverge_line = diverge(&x->tr[0], &x->tr[1], rep->diverge_a,
				    rep->diverge_b, sizeof(rep->diverge_a));
	if (!rep->diverge_line && iou__x_same_outcome(&o1, &o2) &&
	    (!expect || iou__x_same_outcome(&o1, expect))) {
		rep->ret = o1.ret;
		return 0;
	}
	rep->kind = IOU_EXPLORE_FAIL_NONDET;
	rep->ret = o1.ret;
	rep->res.failed = 1;
	if (iou__x_set_report_trace(rep, &x->tr[0]))
		return -ENOMEM;
	return 1;
}

/* ---- shrinking ----------------------------------------------------------- */

/* Runs x->cand; when it fails like the failure being shrunk and its
 * normalised form is smaller, makes that the failure. Returns 1 taken, 0
 * not, STOP_CUT when the budget is spent, -errno. The passes return 1 when
 * they gained, 0, or what stopped them (STOP_CUT, -errno). */
static int try_cand(struct explorer *x)
{
	struct outcome o;
	size_t n = x->cand.len;
	int ret;

	while (n && !x->cand.v[n - 1])
		n--;
	if (iou__explore_vec_cmp(x->cand.v, n, x->fail.v, x->fail.len) >= 0)
		return 0;
	if (x->rep->shrink_runs >= x->max_shrink)
		return STOP_CUT;
	x->rep->shrink_runs++;
	ret = iou__x_run_vec(x, x->cand.v, n, &o, NULL, NULL);
	if (ret)
		return ret;
	if (!iou__x_is_failure(&o))
		return 0;
	if (!x->any_failure && !iou__x_same_outcome(&o, &x->fail_o))
		return 0;
	if (iou__x_log_to_vec(x, &x->norm))
		return -ENOMEM;
	if (iou__explore_vec_cmp(x->norm.v, x->norm.len, x->fail.v, x->fail.len) >= 0)
		return 0;
	if (iou__x_vec_set(&x->fail, x->norm.v, x->norm.len))
		return -ENOMEM;
	x->fail_o = o;
	return 1;
}

static int cand_from_fail(struct explorer *x)
{
	return iou__x_vec_set(&x->cand, x->fail.v, x->fail.len);
}

/* Zeroes runs of `size` consecutive non-zero values. */
static int pass_zero(struct explorer *x)
{
	int gained = 0, ret;

	for (size_t size = iou__x_vec_nnz(x->fail.v, x->fail.len); size; size /= 2) {
		for (size_t start = 0;; start++) {
			size_t k = 0, nnz = iou__x_vec_nnz(x->fail.v, x->fail.len);

			if (start + size > nnz)
				break;
			if ((ret = cand_from_fail(x)))
				return ret;
			for (size_t i = 0; i < x->cand.len; i++) {
				if (!x->cand.v[i])
					continue;
				if (k >= start && k < start + size)
					x->cand.v[i] = 0;
				k++;
			}
			ret = try_cand(x);
			if (ret < 0 || ret == STOP_CUT)
				return ret;
			if (ret) {
				gained = 1;
				start--; /* the same start, on the new vector */
			}
		}
		if (size > iou__x_vec_nnz(x->fail.v, x->fail.len))
			size = iou__x_vec_nnz(x->fail.v, x->fail.len) * 2;
	}
	return gained;
}

/* Drops one position; later choices move one earlier. */
static int pass_delete(struct explorer *x)
{
	int gained = 0, ret;

	for (size_t i = 0; i < x->fail.len; i++) {
		if ((ret = cand_from_fail(x)))
			return ret;
		memmove(x->cand.v + i, x->cand.v + i + 1,
			(x->cand.len - i - 1) * sizeof(*x->cand.v));
		x->cand.v[--x->cand.len] = 0;
		ret = try_cand(x);
		if (ret < 0 || ret == STOP_CUT)
			return ret;
		if (ret) {
			gained = 1;
			i--; /* position i holds the next choice now */
		}
	}
	return gained;
}

/* Lowers each non-zero value, trying the smallest first. */
static int pass_lower(struct explorer *x)
{
	int gained = 0, ret;

	for (size_t i = 0; i < x->fail.len; i++) {
		uint32_t cur = x->fail.v[i];

		for (uint32_t v = 1; v < cur && v <= LOWER_TRIES; v++) {
			if ((ret = cand_from_fail(x)))
				return ret;
			x->cand.v[i] = v;
			ret = try_cand(x);
			if (ret < 0 || ret == STOP_CUT)
				return ret;
			if (ret) {
				gained = 1;
				break;
			}
		}
	}
	return gained;
}

/* Moves the last non-zero value to an earlier zero position. */
static int pass_move(struct explorer *x)
{
	int gained = 0, ret;

	for (size_t i = 0; x->fail.len && i + 1 < x->fail.len; i++) {
		size_t last = x->fail.len - 1;

		if (x->fail.v[i])
			continue;
		if ((ret = cand_from_fail(x)))
			return ret;
		x->cand.v[i] = x->cand.v[last];
		x->cand.v[last] = 0;
		ret = try_cand(x);
		if (ret < 0 || ret == STOP_CUT)
			return ret;
		if (ret)
			gained = 1;
	}
	return gained;
}

static int shrink(struct explorer *x)
{
	int (*const passes[])(struct explorer *) = {
		pass_zero, pass_delete, pass_lower, pass_move,
	};
	int gained;

	do {
		gained = 0;
		for (size_t i = 0; i < sizeof(passes) / sizeof(*passes); i++) {
			int ret = passes[i](x);

			if (ret == STOP_CUT)
				return 0;
			if (ret < 0)
				return ret;
			gained |= ret;
		}
	} while (gained);
	return 0;
}

/* A failure was found (x->fail, x->fail_o): check it replays, shrink it,
 * check again, and report it. */
int iou__x_report_failure(struct explorer *x)
{
	struct iou_explore_report *rep = x->rep;
	struct timespec now;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &now);
	rep->found_seconds = iou__x_elapsed(&x->t0, &now);
	rep->res.failed = 1;
	rep->found_at = rep->res.runs;
	ret = iou__x_check_replay(x, x->fail.v, x->fail.len, &x->fail_o);
	memcpy(rep->found, rep->res.replay, sizeof(rep->found));
	if (ret)
		return ret < 0 ? ret : 0;
	ret = shrink(x);
	if (ret)
		return ret;
	ret = iou__x_check_replay(x, x->fail.v, x->fail.len, &x->fail_o);
	if (ret)
		return ret < 0 ? ret : 0;
	rep->kind = iou__x_kind_of(&x->fail_o);
	rep->ret = x->fail_o.ret;
	/* the replay just run: its failed IOU_SCENARIO_CHECK, in words */
	if (rep->kind == IOU_EXPLORE_FAIL_RET)
		iou_scenario_check_message(rep->check, sizeof(rep->check),
					   rep->ret);
	return iou__x_set_report_trace(rep, &x->tr[0]);
}

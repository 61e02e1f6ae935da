/* explore_report.c — what the explorer hands back: freeing and printing
 * an iou_explore_report, and merging the results of shards (the smallest
 * failing tape wins, whatever the order the shards come in). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"

void iou_explore_report_free(struct iou_explore_report *rep)
{
	if (!rep)
		return;
	free(rep->trace);
	rep->trace = NULL;
	rep->trace_len = 0;
	free(rep->token);
	rep->token = NULL;
}

void iou_explore_report_print(const struct iou_explore_report *rep, FILE *out)
{
	const struct iou_explore_result *res;

	if (!rep || !out)
		return;
	res = &rep->res;
	fprintf(out, "iou_explore: %llu runs (%llu executions) in %.3f s, "
		"%.0f runs/s, depth %u",
		(unsigned long long)res->runs,
		(unsigned long long)rep->executions, rep->seconds,
		rep->runs_per_sec, rep->depth);
	if (rep->nshards > 1)
		fprintf(out, ", shard %u/%u", rep->shard, rep->nshards);
	fprintf(out, "%s\n", res->exhausted ? ", exhausted" : "");
	if (!res->failed)
		return;
	switch (rep->kind) {
	case IOU_EXPLORE_FAIL_NONDET:
		fprintf(out, "iou_explore: the scenario is NOT DETERMINISTIC: "
			"one tape, two different runs (host time, host "
			"randomness or state kept across runs?)\n");
		if (rep->diverge_line)
			fprintf(out, "iou_explore: the traces part at line "
				"%u:\n  first:  %s\n  second: %s\n",
				rep->diverge_line, rep->diverge_a,
				rep->diverge_b);
		else
			fprintf(out, "iou_explore: same trace, different "
				"outcome (the first replay returned %d)\n",
				rep->ret);
		break;
	case IOU_EXPLORE_FAIL_HUNG:
		fprintf(out, "iou_explore: FAILED: the sim hung\n");
		break;
	default:
		if (rep->check[0])
			fprintf(out, "iou_explore: FAILED: %s\n", rep->check);
		else
			fprintf(out, "iou_explore: FAILED: the scenario "
				"returned %d\n", rep->ret);
		break;
	}
	if (rep->found_at)
		fprintf(out, "iou_explore: found at run %llu after %.3f s, "
			"shrunk in %llu runs from %s%s\n",
			(unsigned long long)rep->found_at, rep->found_seconds,
			(unsigned long long)rep->shrink_runs, rep->found,
			strlen(rep->found) + 1 >= sizeof(rep->found) ? "..." : "");
	fprintf(out, "iou_explore: replay with IOU_SIM_REPLAY='%s'\n",
		rep->token ? rep->token : res->replay);
	if (rep->trace) {
		fprintf(out, "---- trace ----\n");
		fwrite(rep->trace, 1, rep->trace_len, out);
		fprintf(out, "---- end of trace ----\n");
	}
}

/* Orders two failure tokens by their tapes (then as text). */
static int token_cmp(const char *a, const char *b)
{
	struct iou__token ta, tb;
	int ret;

	if (iou__token_parse(a, &ta))
		return iou__token_parse(b, &tb) ? strcmp(a, b) : 1;
	if (iou__token_parse(b, &tb)) {
		iou__token_free(&ta);
		return -1;
	}
	ret = iou__explore_vec_cmp(ta.vec, ta.nvec, tb.vec, tb.nvec);
	iou__token_free(&ta);
	iou__token_free(&tb);
	return ret ? ret : strcmp(a, b);
}

void iou_explore_merge(struct iou_explore_result *into,
		       const struct iou_explore_result *from)
{
	if (!into || !from)
		return;
	into->runs += from->runs;
	into->exhausted = into->exhausted && from->exhausted;
	if (!from->failed)
		return;
	if (!into->failed || token_cmp(from->replay, into->replay) < 0)
		memcpy(into->replay, from->replay, sizeof(into->replay));
	into->failed = 1;
}

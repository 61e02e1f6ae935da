/* main.c — turns the case table × the backend list into cmocka tests named
 * "<backend>/<case>". Usage: conformance [filter [repeat]]: a cmocka name
 * filter ("linux/timeout*", "*" for all) and how many times to run the
 * group in this process (cases must be re-runnable). */
#include "fixture.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fx_run {
	const struct fx_backend *be;
	const struct fx_case *c;
};

static int run_setup(void **state)
{
	struct fx_run *run = *state;
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	if (fx_setup(fx, run->be, run->c) < 0) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int run_teardown(void **state)
{
	struct fx *fx = *state;

	fx_teardown(fx);
	free(fx);
	return 0;
}

static void run_one_case(void **state)
{
	fx_run_case(*state);
}

int main(int argc, char **argv)
{
	size_t n = fx_nbackends * fx_ncases, i, b, k;
	struct CMUnitTest *tests = calloc(n, sizeof(*tests));
	struct fx_run *runs = calloc(n, sizeof(*runs));
	char **names = calloc(n, sizeof(*names));
	int ret = 0, rep, repeat = argc > 2 ? atoi(argv[2]) : 1;

	if (!tests || !runs || !names)
		return 1;
	/* A peer that went away must show as -EPIPE, not kill the suite. */
	signal(SIGPIPE, SIG_IGN);
	i = 0;
	for (b = 0; b < fx_nbackends; b++) {
		for (k = 0; k < fx_ncases; k++, i++) {
			size_t len = strlen(fx_backends[b]->name) +
				     strlen(fx_cases[k].name) + 2;

			names[i] = malloc(len);
			if (!names[i])
				return 1;
			snprintf(names[i], len, "%s/%s", fx_backends[b]->name,
				 fx_cases[k].name);
			runs[i].be = fx_backends[b];
			runs[i].c = &fx_cases[k];
			tests[i].name = names[i];
			tests[i].test_func = run_one_case;
			tests[i].setup_func = run_setup;
			tests[i].teardown_func = run_teardown;
			tests[i].initial_state = &runs[i];
		}
	}
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	for (rep = 0; rep < repeat && ret == 0; rep++)
		ret = _cmocka_run_group_tests("conformance", tests, n, NULL,
					      NULL);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(runs);
	free(tests);
	return ret;
}

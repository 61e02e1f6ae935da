/* explore_order.c — the order in which the explorer's enumeration tries the
 * values of one choice. A choice with few values (an order, a fault, a
 * wait) tries each in turn. A choice with many (the length of a short read
 * or write, a delay) has a few values that matter — the smallest, the
 * largest, the middle, their neighbours — and thousands that behave like
 * them; trying those few at every position of the tape before the rest
 * meets the bugs that hide behind the first I/O's lengths early, instead
 * of spending the budget on the 4,095 lengths of one read (issue 13). */
#include <stdint.h>

#define SMALL_DOMAIN 8   /* up to this many values: all in phase 0 */
#define NKEYS 7

uint32_t iou__explore_value(uint32_t n, int phase, uint32_t k);

/* The key values of [1, n) for n > SMALL_DOMAIN, in the order tried,
 * without repeats. Returns how many. */
static unsigned keys(uint32_t n, uint32_t out[NKEYS])
{
	const uint32_t cand[NKEYS] = {
		1, n - 1, n / 2, 2, n - 2, n / 4, n - n / 4,
	};
	unsigned m = 0;

	for (unsigned i = 0; i < NKEYS; i++) {
		unsigned j;

		if (cand[i] < 1 || cand[i] >= n)
			continue;
		for (j = 0; j < m && out[j] != cand[i]; j++)
			;
		if (j == m)
			out[m++] = cand[i];
	}
	return m;
}

/* The k-th value (from 0) of [1, n) that phase `phase` tries: phase 0 the
 * key values (every value of a small domain), phase 1 the others in
 * ascending order. Returns 0 past the last one. Every value of [1, n) is
 * tried exactly once over the two phases. */
uint32_t iou__explore_value(uint32_t n, int phase, uint32_t k)
{
	uint32_t key[NKEYS], sorted[NKEYS], v;
	unsigned m, i, j;

	if (n <= 1)
		return 0;
	if (n <= SMALL_DOMAIN) {
		if (phase)
			return 0;
		return k + 1 < n ? k + 1 : 0;
	}
	m = keys(n, key);
	if (!phase)
		return k < m ? key[k] : 0;
	if ((uint64_t)k + m + 1 >= n)
		return 0;
	/* the k-th value of [1, n) that is no key: skip the keys below it */
	for (i = 0; i < m; i++) {
		for (j = i; j > 0 && sorted[j - 1] > key[i]; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = key[i];
	}
	v = k + 1;
	for (i = 0; i < m; i++)
		if (sorted[i] <= v)
			v++;
	return v;
}

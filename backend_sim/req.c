/* req.c — the request pool: requests come from slabs of 64 that live until
 * the sim is freed, so steady-state submission allocates nothing. */
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define SLAB_REQS 64

static int pool_grow(struct iou_sim *sim)
{
	struct iou__req *slab;

	if (sim->nslabs == sim->capslabs) {
		uint32_t cap = sim->capslabs ? sim->capslabs * 2 : 8;
		void **ns = realloc(sim->slabs, cap * sizeof(*ns));

		if (!ns)
			return -1;
		sim->slabs = ns;
		sim->capslabs = cap;
	}
	/* Not cleared: iou__req_alloc clears what must be, and a request
	 * from a new slab is no different from a recycled one (sim.h). */
	slab = malloc(SLAB_REQS * sizeof(*slab));
	if (!slab)
		return -1;
	sim->slabs[sim->nslabs++] = slab;
	for (int i = SLAB_REQS - 1; i >= 0; i--) {
		slab[i].link = sim->free_reqs;
		sim->free_reqs = &slab[i];
	}
	return 0;
}

struct iou__req *iou__req_alloc_slow(struct iou_sim *sim)
{
	if (pool_grow(sim)) {
		sim->oom = 1;
		return NULL;
	}
	return iou__req_alloc(sim);
}

void iou__req_pool_free(struct iou_sim *sim)
{
	for (uint32_t i = 0; i < sim->nslabs; i++)
		free(sim->slabs[i]);
	free(sim->slabs);
	sim->slabs = NULL;
	sim->nslabs = sim->capslabs = 0;
	sim->free_reqs = NULL;
}

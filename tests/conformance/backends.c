/* backends.c — the kernels the conformance suite runs on, one entry each.
 *
 * linux: the real kernel; the scratch directory is a fresh mkdtemp() under
 * /tmp, removed recursively at teardown (the only host calls outside
 * iou_sys_*). The sim joins by adding an entry that creates an iou_sim in
 * init (kept in fx->backend_data), sets rings up with
 * iou_queue_init_sim_params, makes the scratch directory in the sim's
 * virtual fs with iou_sys_mkdir, and frees the sim in fini. */
#include "fixture.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "iou_sim.h"

static int linux_ring_init(struct fx *fx, struct iou *ring, unsigned entries,
			   struct iou_params *p)
{
	(void)fx;
	return iou_queue_init_params(entries, ring, p);
}

static int linux_init(struct fx *fx, unsigned entries, struct iou_params *p)
{
	int r;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/iou-conf-XXXXXX");
	if (!mkdtemp(fx->dir))
		return -errno;
	r = linux_ring_init(fx, &fx->ring, entries, p);
	if (r < 0)
		fx->backend->fini(fx);
	return r;
}

static int rm_entry(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	remove(path);
	return 0;
}

static void linux_fini(struct fx *fx)
{
	if (fx->dir[0])
		nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	fx->dir[0] = '\0';
}

static uint32_t linux_kernel(struct fx *fx)
{
	struct utsname u;
	unsigned major = 0, minor = 0;

	(void)fx;
	if (uname(&u) < 0 || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return 0;
	return IOU_KERNEL_VERSION(major, minor);
}

static const struct fx_backend linux_backend = {
	.name = "linux",
	.init = linux_init,
	.ring_init = linux_ring_init,
	.fini = linux_fini,
	.kernel = linux_kernel,
};

const struct fx_backend *const fx_backends[] = {
	&linux_backend,
};
const size_t fx_nbackends = sizeof(fx_backends) / sizeof(fx_backends[0]);

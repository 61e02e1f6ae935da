/* iou_interpose_proc.c — the interposition library's process calls (issue
 * 10):
 *   - the program's RLIMIT_NOFILE is the sim's fd limit. The sim's fds
 *     start at IOU__IP_FD_BASE rather than 3, so a limit of N lets the
 *     program open N - 3 fds on the sim as on the host: the sim's limit is
 *     N + (base - 3). The host's soft limit stays at the base, keeping real
 *     fds below it (iou_interpose.c); RLIMIT_FSIZE is the host's and the
 *     sim's alike (iou_sim_set_fsize); other resources are the host's.
 *   - alarm(2) runs on the virtual clock (iou_sim_set_alarm): SIGALRM is
 *     raised when a wait takes the clock to it, and cuts that wait short,
 *     so that a program's "give up after a second" works in virtual time
 *     and a wait only the alarm ends is not a hang. */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>

#include "interpose.h"
#include "iou_sim.h"

#define SHIFT (IOU__IP_FD_BASE - 3)
#define NR_OPEN (1UL << 20)

static struct iou_sim *nofile_sim; /* the sim, once started */
static struct rlimit nofile;

/* RLIMIT_FSIZE is the host's and the sim's alike (its files obey it). */
static void fsize_to_sim(struct iou_sim *sim)
{
	struct rlimit rl;

	if (!prlimit(0, RLIMIT_FSIZE, NULL, &rl))
		iou_sim_set_fsize(sim, rl.rlim_cur == RLIM_INFINITY ? -1
				  : (int64_t)rl.rlim_cur);
}   /* what the program sees */

void iou__ip_nofile_init(struct iou_sim *sim, unsigned long cur,
			 unsigned long max)
{
	nofile_sim = sim;
	nofile.rlim_cur = cur;
	nofile.rlim_max = max;
	if (cur > NR_OPEN - SHIFT)
		cur = NR_OPEN - SHIFT;
	iou_sim_set_nofile(sim, (int64_t)(cur + SHIFT));
	fsize_to_sim(sim);
}

/* libc declares the pointers nonnull; the kernel answers -EFAULT. */
static int null(const void *p)
{
	const void *volatile v = p;

	return !v;
}

static int sim_nofile(int res)
{
	return res == RLIMIT_NOFILE && iou__ip_on() && nofile_sim;
}

/* ASan's start-up calls getrlimit (RLIMIT_CORE) and setrlimit before its
 * shadow memory exists: these two are not instrumented, and reach the
 * host's limits through libc's prlimit (not interposed) rather than
 * dlsym's next symbol or the interposed syscall(). */
#if defined(__SANITIZE_ADDRESS__) || defined(__clang__)
#define NO_ASAN __attribute__((no_sanitize_address))
#else
#define NO_ASAN
#endif

EXPORT NO_ASAN int getrlimit(__rlimit_resource_t res, struct rlimit *rl)
{
	if (res != RLIMIT_NOFILE || !sim_nofile((int)res))
		return prlimit(0, res, NULL, rl);
	if (null(rl))
		return (int)iou__ip_ret(-EFAULT);
	*rl = nofile;
	return 0;
}

EXPORT int getrlimit64(__rlimit_resource_t res, struct rlimit64 *rl)
{
	return getrlimit(res, (struct rlimit *)rl);
}

/* do_prlimit: cur above max is -EINVAL, a limit above nr_open -EPERM
 * (unprivileged: raising the hard limit -EPERM too; the sim's process may,
 * as root). */
EXPORT NO_ASAN int setrlimit(__rlimit_resource_t res,
			     const struct rlimit *rl)
{
	if (res == RLIMIT_FSIZE) {
		int ret = prlimit(0, res, rl, NULL);

		if (!ret && iou__ip_on() && nofile_sim)
			fsize_to_sim(nofile_sim);
		return ret;
	}
	if (res != RLIMIT_NOFILE || !sim_nofile((int)res))
		return prlimit(0, res, rl, NULL);
	if (null(rl))
		return (int)iou__ip_ret(-EFAULT);
	if (rl->rlim_cur > rl->rlim_max)
		return (int)iou__ip_ret(-EINVAL);
	if (rl->rlim_max > NR_OPEN)
		return (int)iou__ip_ret(-EPERM);
	nofile = *rl;
	iou_sim_set_nofile(nofile_sim,
			   (int64_t)(rl->rlim_cur + SHIFT > NR_OPEN
				     ? NR_OPEN : rl->rlim_cur + SHIFT));
	return 0;
}

EXPORT int setrlimit64(__rlimit_resource_t res, const struct rlimit64 *rl)
{
	return setrlimit(res, (const struct rlimit *)rl);
}

/* ---- alarm ------------------------------------------------------------------- */

static void alarm_fire(void *arg)
{
	(void)arg;
	raise(SIGALRM); /* its handler runs before raise returns */
}

EXPORT unsigned int alarm(unsigned int s)
{
	int64_t left;

	REAL(alarm);
	if (!iou__ip_on() || !nofile_sim)
		return real_alarm(s);
	left = iou_sim_set_alarm(nofile_sim, (int64_t)s * 1000000000,
				 alarm_fire, NULL);
	/* the seconds left, rounded to the nearest, at least 1 (alarm(2)) */
	if (left <= 0)
		return 0;
	return left < 500000000 ? 1 : (unsigned)((left + 500000000) /
						  1000000000);
}

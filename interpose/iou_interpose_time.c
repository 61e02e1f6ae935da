/* iou_interpose_time.c — the interposition library's clocks (issue 10):
 * clock_gettime of CLOCK_MONOTONIC(_RAW/_COARSE) and CLOCK_BOOTTIME reads
 * the sim's virtual clock; nanosleep, clock_nanosleep (monotonic), usleep
 * and sleep advance it; CLOCK_REALTIME (and _COARSE, TAI), gettimeofday and
 * time are the host's wall clock when the sim started plus the virtual
 * time since, so that intervals measured on them agree with the sim's
 * timers. Without IOU_BACKEND=sim every call goes to libc. */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "interpose.h"

/* ---- time ------------------------------------------------------------------ */

static int virtual_clock(clockid_t id)
{
	return (id == CLOCK_MONOTONIC || id == CLOCK_MONOTONIC_RAW ||
		id == CLOCK_MONOTONIC_COARSE || id == CLOCK_BOOTTIME) &&
	       iou__ip_on();
}

static int wall_clock(clockid_t id)
{
	return (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE ||
		id == CLOCK_TAI) && iou__ip_on();
}

/* The host's CLOCK_REALTIME in ns when the sim's clock was at 0. */
static int64_t wall_base(void)
{
	static int64_t base = -1;

	if (base < 0) {
		struct timespec t;

		REAL(clock_gettime);
		real_clock_gettime(CLOCK_REALTIME, &t);
		base = (int64_t)t.tv_sec * 1000000000 + t.tv_nsec -
		       iou_sys_clock_ns(RING);
	}
	return base;
}

EXPORT int clock_gettime(clockid_t id, struct timespec *ts)
{
	int64_t ns;

	REAL(clock_gettime);
	if (!virtual_clock(id) && !wall_clock(id))
		return real_clock_gettime(id, ts);
	ns = iou_sys_clock_ns(RING);
	if (ns < 0)
		return (int)iou__ip_ret(ns);
	if (wall_clock(id))
		ns += wall_base();
	ts->tv_sec = (time_t)(ns / 1000000000);
	ts->tv_nsec = (long)(ns % 1000000000);
	return 0;
}

static int sim_sleep(int64_t ns)
{
	return (int)iou__ip_ret(iou_sys_sleep_ns(RING, ns));
}

EXPORT int nanosleep(const struct timespec *req, struct timespec *rem)
{
	REAL(nanosleep);
	if (!iou__ip_on())
		return real_nanosleep(req, rem);
	if (!req || req->tv_nsec < 0 || req->tv_nsec >= 1000000000 ||
	    req->tv_sec < 0)
		return (int)iou__ip_ret(-EINVAL);
	if (rem)
		rem->tv_sec = 0, rem->tv_nsec = 0;
	return sim_sleep((int64_t)req->tv_sec * 1000000000 + req->tv_nsec);
}

EXPORT int clock_nanosleep(clockid_t id, int flags, const struct timespec *req,
			   struct timespec *rem)
{
	int64_t ns;

	REAL(clock_nanosleep);
	if (!virtual_clock(id))
		return real_clock_nanosleep(id, flags, req, rem);
	if (!req || req->tv_nsec < 0 || req->tv_nsec >= 1000000000)
		return EINVAL;
	ns = (int64_t)req->tv_sec * 1000000000 + req->tv_nsec;
	if (flags & TIMER_ABSTIME) {
		int64_t now = iou_sys_clock_ns(RING);

		ns = ns > now ? ns - now : 0;
	}
	if (rem)
		rem->tv_sec = 0, rem->tv_nsec = 0;
	ns = iou_sys_sleep_ns(RING, ns);
	return ns < 0 ? (int)-ns : 0; /* clock_nanosleep returns the errno */
}

EXPORT int usleep(useconds_t us)
{
	REAL(usleep);
	if (!iou__ip_on())
		return real_usleep(us);
	return sim_sleep((int64_t)us * 1000);
}

EXPORT unsigned int sleep(unsigned int s)
{
	REAL(sleep);
	if (!iou__ip_on())
		return real_sleep(s);
	return sim_sleep((int64_t)s * 1000000000) ? s : 0;
}

EXPORT int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	struct timespec ts;

	REAL(gettimeofday);
	if (!iou__ip_on())
		return real_gettimeofday(tv, tz);
	if (tz)
		memset(tz, 0, sizeof(struct timezone)); /* UTC */
	{
		struct timeval *volatile v = tv; /* libc says nonnull */

		if (!v)
			return 0;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = ts.tv_nsec / 1000;
	return 0;
}

EXPORT time_t time(time_t *t)
{
	struct timespec ts;

	REAL(time);
	if (!iou__ip_on())
		return real_time(t);
	clock_gettime(CLOCK_REALTIME, &ts);
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
}

/* liburing/compat.h — the kernel types liburing's API names that an older
 * system header may lack: struct __kernel_timespec and struct open_how. */
#ifndef LIBURING_COMPAT_H
#define LIBURING_COMPAT_H

#include <linux/time_types.h>

#if defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define IOU__HAVE_OPEN_HOW 1
#endif
#endif

#ifndef IOU__HAVE_OPEN_HOW
#include <inttypes.h>
struct open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};
#endif

#endif /* LIBURING_COMPAT_H */

/* prog_check.h — what the interposition library's test programs
 * (prog_paths.c, prog_proc.c) share: CHECK, which says which line and
 * condition failed with errno and exits 1, and on_sim(). Plain libc, no
 * cmocka: they are "unmodified" programs. Define PROG, the program's name
 * in messages, before including it. */
#ifndef PROG_CHECK_H
#define PROG_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                               \
	do {                                                                   \
		if (!(c)) {                                                    \
			fprintf(stderr, PROG ": line %d: %s (errno %s)\n",     \
				__LINE__, #c, strerror(errno));                \
			exit(1);                                               \
		}                                                              \
	} while (0)

/* 1 when the run is under IOU_BACKEND=sim (the interposition library puts
 * the program on the sim), else 0. */
static inline int on_sim(void)
{
	const char *be = getenv("IOU_BACKEND");

	return be && !strcmp(be, "sim");
}

#endif /* PROG_CHECK_H */

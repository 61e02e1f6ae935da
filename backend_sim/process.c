/* process.c — IOU_BACKEND=sim: one process-wide sim that every ring set up
 * through iou_queue_init/iou_queue_init_params lands on, configured from the
 * environment, and what it leaves behind when the process ends (the replay
 * token of a failed run, the trace, the tape a parent explorer reads).
 *
 * Environment (read once, when the first ring is set up):
 *   IOU_BACKEND=sim       rings go to the sim ("linux" or unset: the kernel)
 *   IOU_SIM_SEED=N        PRNG seed (decimal or 0x hex; default 0)
 *   IOU_SIM_REPLAY=TOKEN  replay a token (iou_sim_new reads it)
 *   IOU_SIM_KERNEL=V      a profile ("5.10", "newest") or a range
 *                         ("5.10-6.18", "5.10-newest"); default newest
 *   IOU_SIM_FAULTS=LIST   fault classes: names separated by ',' or '|'
 *                         (eagain, eintr, eio, enomem, emfile, econnreset,
 *                         netdgram, filechange, all) or a number
 *   IOU_SIM_TRACE=FILE    write the run's trace there at exit ("1": on
 *                         stderr)
 *   IOU_SIM_PEER=SPEC     a peer in the sim's world (iou_sim_peer): when
 *                         the program waits for ever and the peer is done,
 *                         the process exits 0
 * The protocol with a parent explorer (tools/iou-explore.c):
 *   IOU_SIM_TAPE_IN=FILE  run this choice vector: decimal values separated
 *                         by white space, 0 past its end (overrides SEED)
 *   IOU_SIM_TAPE_OUT=FILE at exit write what the run chose:
 *                           iou-tape 1
 *                           hung <0|1>
 *                           token <replay token>
 *                           choices <count>
 *                           <value> <bound>      (one line per choice)
 * At exit (exit(), a return from main, or a fatal signal: SIGABRT, SIGSEGV,
 * SIGBUS, SIGFPE, SIGILL, SIGTERM when no other handler is installed), a
 * failed run — non-zero status, a fatal signal, or a hung sim — prints
 * "iou: ... IOU_SIM_REPLAY='<token>'" on stderr. _exit() skips all of it.
 * The sim is single-threaded: a process that uses it from several threads
 * is not supported (the interposition library refuses threads and fork). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sim.h"
#include "world.h"

#define TOKEN_MAX (1u << 20)

static struct {
	int state;              /* 0 unknown, 1 linux, 2 sim, -1 bad env */
	struct iou_sim *sim;
	const char *trace_path;
	const char *tape_out;
	int reported;
	char *token;            /* TOKEN_MAX bytes, allocated up front */
} proc;

/* ---- parsing the environment --------------------------------------------- */

static int parse_version(const char *s, const char **end, uint32_t *out)
{
	unsigned long maj, min;
	char *e;

	if (!strncmp(s, "newest", 6)) {
		*out = IOU_KERNEL_NEWEST;
		*end = s + 6;
		return 0;
	}
	maj = strtoul(s, &e, 10);
	/* 0.x would read as "0 = newest" in iou_sim_opts: not a kernel */
	if (e == s || *e != '.' || !maj || maj > 255)
		return -EINVAL;
	s = e + 1;
	min = strtoul(s, &e, 10);
	if (e == s || min > 255)
		return -EINVAL;
	*out = IOU_KERNEL_VERSION((uint32_t)maj, (uint32_t)min);
	*end = e;
	return 0;
}

/* "5.10", "newest", "5.10-6.18": the range of a sim's options. */
int iou__parse_kernel_range(const char *s, uint32_t *kmin, uint32_t *kmax);
int iou__parse_kernel_range(const char *s, uint32_t *kmin, uint32_t *kmax)
{
	const char *e;

	if (parse_version(s, &e, kmin))
		return -EINVAL;
	*kmax = *kmin;
	if (*e == '-' && parse_version(e + 1, &e, kmax))
		return -EINVAL;
	if (*e)
		return -EINVAL;
	if (*kmin == IOU_KERNEL_NEWEST && *kmax != IOU_KERNEL_NEWEST)
		return -EINVAL;
	if (*kmax < *kmin) /* "6.1-5.10": a range runs upwards */
		return -EINVAL;
	return 0;
}

static const struct {
	const char *name;
	unsigned bit;
} fault_names[] = {
	{ "eagain", IOU_FAULT_EAGAIN },
	{ "eintr", IOU_FAULT_EINTR },
	{ "eio", IOU_FAULT_EIO },
	{ "enomem", IOU_FAULT_ENOMEM },
	{ "emfile", IOU_FAULT_EMFILE },
	{ "econnreset", IOU_FAULT_ECONNRESET },
	{ "netdgram", IOU_FAULT_NETDGRAM },
	{ "filechange", IOU_FAULT_FILECHANGE },
	{ "all", IOU_FAULT_ALL },
};

/* "eio,eagain", "all", "0x3", "none": IOU_FAULT_* bits. */
int iou__parse_faults(const char *s, unsigned *out);
int iou__parse_faults(const char *s, unsigned *out)
{
	unsigned bits = 0;

	if (*s >= '0' && *s <= '9') {
		char *e;
		unsigned long v = strtoul(s, &e, 0);

		if (*e || v & ~(unsigned long)IOU_FAULT_ALL)
			return -EINVAL;
		*out = (unsigned)v;
		return 0;
	}
	while (*s) {
		size_t n = strcspn(s, ",|"), i;

		for (i = 0; i < sizeof(fault_names) / sizeof(*fault_names); i++)
			if (strlen(fault_names[i].name) == n &&
			    !strncasecmp(s, fault_names[i].name, n))
				break;
		if (i < sizeof(fault_names) / sizeof(*fault_names))
			bits |= fault_names[i].bit;
		else if (n && !(n == 4 && !strncasecmp(s, "none", 4)))
			return -EINVAL;
		s += n;
		if (*s)
			s++;
	}
	*out = bits;
	return 0;
}

/* Reads a choice vector: decimal values separated by white space. */
static int read_vec(const char *path, uint32_t **vec, size_t *n)
{
	FILE *f = fopen(path, "r");
	size_t cap = 0;
	unsigned long v;

	*vec = NULL;
	*n = 0;
	if (!f)
		return -errno;
	while (fscanf(f, "%lu", &v) == 1) {
		if (*n == cap) {
			uint32_t *nv;

			cap = cap ? cap * 2 : 256;
			nv = realloc(*vec, cap * sizeof(*nv));
			if (!nv) {
				fclose(f);
				free(*vec);
				*vec = NULL;
				*n = 0;
				return -ENOMEM;
			}
			*vec = nv;
		}
		(*vec)[(*n)++] = (uint32_t)v;
	}
	if (!feof(f)) {
		/* not a number: nothing read is kept (fuzz/sim_env found
		 * the vector leaked here) */
		fclose(f);
		free(*vec);
		*vec = NULL;
		*n = 0;
		return -EINVAL;
	}
	fclose(f);
	return 0;
}

/* ---- at exit -------------------------------------------------------------- */

/* Raw syscalls: under the interposition library the libc calls would reach
 * the sim's world, not the host's files. */
static int raw_open(const char *path)
{
	return (int)syscall(SYS_openat, AT_FDCWD, path,
			    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

static void raw_close(int fd)
{
	syscall(SYS_close, fd);
}

static void write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = syscall(SYS_write, fd, s, n);

		if (w <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			return;
		}
		s += w;
		n -= (size_t)w;
	}
}

static void write_str(int fd, const char *s)
{
	write_all(fd, s, strlen(s));
}

static void write_u(int fd, unsigned long long v)
{
	char b[24];
	int i = (int)sizeof(b);

	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	write_all(fd, b + i, sizeof(b) - (size_t)i);
}

static void write_tape(const struct iou_sim *sim, const char *token)
{
	const struct iou__choice *log;
	size_t n;
	int fd = raw_open(proc.tape_out);

	if (fd < 0)
		return;
	log = iou__sim_choices(sim, &n);
	write_str(fd, "iou-tape 1\nhung ");
	write_u(fd, (unsigned)iou_sim_hung(sim));
	write_str(fd, "\ntoken ");
	write_str(fd, token);
	write_str(fd, "\nchoices ");
	write_u(fd, log ? n : 0);
	write_str(fd, "\n");
	for (size_t i = 0; log && i < n; i++) {
		write_u(fd, log[i].v);
		write_str(fd, " ");
		write_u(fd, log[i].n);
		write_str(fd, "\n");
	}
	raw_close(fd);
}

/* What the process leaves behind; `failed`: the run failed (the token is
 * printed). Runs once, from on_exit or a fatal signal's handler (only
 * write(2) and the sim's own formatting, no allocation). */
static void finish(int failed, const char *why, int code)
{
	struct iou_sim *sim = proc.sim;
	const char *token = "";

	if (proc.reported || !sim)
		return;
	proc.reported = 1;
	if (proc.token && iou_sim_replay_token(sim, proc.token, TOKEN_MAX) >= 0)
		token = proc.token;
	if (proc.tape_out)
		write_tape(sim, token);
	if (proc.trace_path) {
		int fd = strcmp(proc.trace_path, "1") ?
			 raw_open(proc.trace_path) : dup(STDERR_FILENO);
		size_t len = 0;
		const char *t = iou_sim_trace(sim, &len);

		if (fd >= 0) {
			write_all(fd, t ? t : "", t ? len : 0);
			raw_close(fd);
		}
	}
	if (!failed && !iou_sim_hung(sim))
		return;
	write_str(STDERR_FILENO, "iou: the program failed on the sim (");
	if (why) {
		write_str(STDERR_FILENO, why);
		if (code >= 0)
			write_u(STDERR_FILENO, (unsigned)code);
	}
	if (iou_sim_hung(sim))
		write_str(STDERR_FILENO, why ? "; the sim hung" :
			  "the sim hung: a wait that could never end");
	write_str(STDERR_FILENO, "); replay it with IOU_BACKEND=sim "
		  "IOU_SIM_REPLAY='");
	write_str(STDERR_FILENO, token);
	write_str(STDERR_FILENO, "'\n");
}

static void on_exit_hook(int status, void *arg)
{
	(void)arg;
	if (status)
		finish(1, "exit status ", status & 0xff);
	else
		finish(0, NULL, -1);
}

static const int fatal_signals[] = {
	SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTERM,
};

static void on_signal(int sig)
{
	finish(1, "signal ", sig);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_hooks(void)
{
	on_exit(on_exit_hook, NULL);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(*fatal_signals);
	     i++) {
		struct sigaction old, sa;

		/* Leave a handler the program (or a sanitizer) installed. */
		if (sigaction(fatal_signals[i], NULL, &old) ||
		    old.sa_handler != SIG_DFL || (old.sa_flags & SA_SIGINFO))
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESETHAND;
		sigaction(fatal_signals[i], &sa, NULL);
	}
}

/* ---- creation -------------------------------------------------------------- */

static void bad_env(const char *var, const char *val)
{
	fprintf(stderr, "iou: IOU_BACKEND=sim: bad %s='%s'\n", var, val);
}

/* The sim IOU_SIM_* describe, each read through get (getenv for the
 * process; fuzz/sim_env.c hands in its own), with where its trace and
 * tape go. NULL, after a word on stderr, for a bad value. */
struct iou_sim *iou__sim_from_env(const char *(*get)(void *, const char *),
				  void *ctx, const char **trace_path,
				  const char **tape_out);
struct iou_sim *iou__sim_from_env(const char *(*get)(void *, const char *),
				  void *ctx, const char **trace_path,
				  const char **tape_out)
{
	struct iou_sim_opts o;
	const char *s;
	struct iou_sim *sim;
	uint32_t *vec = NULL;
	size_t nvec = 0;

	memset(&o, 0, sizeof(o));
	if ((s = get(ctx, "IOU_SIM_SEED")) && *s) {
		char *e;

		o.seed = strtoull(s, &e, 0);
		if (*e) {
			bad_env("IOU_SIM_SEED", s);
			return NULL;
		}
	}
	if ((s = get(ctx, "IOU_SIM_KERNEL")) && *s &&
	    iou__parse_kernel_range(s, &o.kernel_min, &o.kernel_max)) {
		bad_env("IOU_SIM_KERNEL", s);
		return NULL;
	}
	if ((s = get(ctx, "IOU_SIM_FAULTS")) && *s &&
	    iou__parse_faults(s, &o.faults)) {
		bad_env("IOU_SIM_FAULTS", s);
		return NULL;
	}
	s = get(ctx, "IOU_SIM_REPLAY");
	if ((!s || !*s) && (s = get(ctx, "IOU_SIM_TAPE_IN")) && *s) {
		if (read_vec(s, &vec, &nvec)) {
			bad_env("IOU_SIM_TAPE_IN", s);
			return NULL;
		}
		sim = iou__sim_new_vec(&o, vec, nvec);
		free(vec);
	} else if ((s = get(ctx, "IOU_SIM_TAPE_OUT")) && *s) {
		/* the parent explorer enumerates on the bounds: log them
		 * from the first choice (the profile) on */
		sim = iou__sim_new_bounds(&o);
	} else {
		o.replay = s && *s ? s : NULL;
		sim = iou_sim_new(&o);
	}
	if (!sim) {
		if ((s = get(ctx, "IOU_SIM_REPLAY")) && *s)
			bad_env("IOU_SIM_REPLAY", s);
		else
			fprintf(stderr, "iou: IOU_BACKEND=sim: no sim (out of "
				"memory, or an unknown kernel range)\n");
		return NULL;
	}
	if ((s = get(ctx, "IOU_SIM_PEER")) && *s && iou_sim_peer(sim, s)) {
		bad_env("IOU_SIM_PEER", s);
		iou_sim_free(sim);
		return NULL;
	}
	s = get(ctx, "IOU_SIM_TRACE");
	*trace_path = s && *s && strcmp(s, "0") ? s : NULL;
	s = get(ctx, "IOU_SIM_TAPE_OUT");
	*tape_out = s && *s ? s : NULL;
	/* Tracing costs; the choice log stays on for the token. */
	sim->trace.on = *trace_path != NULL;
	return sim;
}

static const char *get_env(void *ctx, const char *name)
{
	(void)ctx;
	return getenv(name);
}

/* The program waits for ever and its peer (IOU_SIM_PEER) is done: a
 * server whose clients are served. The run ends here with status 0, as a
 * test harness stopping the server would end it. */
static void idle_end(struct iou_sim *sim)
{
	(void)sim;
	write_str(STDERR_FILENO, "iou: the program is idle and its peer is "
		  "done: the run ends (status 0)\n");
	exit(0);
}

static struct iou_sim *create(void)
{
	return iou__sim_from_env(get_env, NULL, &proc.trace_path,
				 &proc.tape_out);
}

struct iou_sim *iou_sim_process(void)
{
	const char *be;

	if (proc.state == 2)
		return proc.sim;
	if (proc.state)
		return NULL;
	be = getenv("IOU_BACKEND");
	if (!be || !*be || !strcmp(be, "linux")) {
		proc.state = 1;
		return NULL;
	}
	if (strcmp(be, "sim")) {
		fprintf(stderr, "iou: unknown IOU_BACKEND='%s' (linux or "
			"sim)\n", be);
		proc.state = -1;
		return NULL;
	}
	proc.token = malloc(TOKEN_MAX);
	proc.sim = proc.token ? create() : NULL;
	if (!proc.sim) {
		free(proc.token);
		proc.token = NULL;
		proc.state = -1;
		return NULL;
	}
	proc.state = 2;
	proc.sim->idle_end = idle_end;
	install_hooks();
	return proc.sim;
}

int iou_sim_set_fd_first(struct iou_sim *sim, int first)
{
	if (!sim || first < 3 || first > 960)
		return -EINVAL;
	for (uint32_t fd = 0; fd < sim->world.nfds; fd++)
		if (sim->world.fds[fd])
			return -EBUSY;
	sim->world.fd_first = (uint32_t)first;
	/* the fds below are the host's, the standard streams among them */
	return iou__world_stdio(sim);
}

int64_t iou_sim_set_nofile(struct iou_sim *sim, int64_t max)
{
	int64_t old;

	if (!sim || max > IOU__NR_OPEN)
		return -EINVAL;
	old = IOU__FDS(sim);
	if (max >= 0)
		sim->world.fd_max = (uint32_t)max;
	return old;
}

int64_t iou_sim_set_fsize(struct iou_sim *sim, int64_t max)
{
	int64_t old;

	if (!sim || max < -1)
		return -EINVAL;
	old = sim->world.fsize_lim1 ? (int64_t)(sim->world.fsize_lim1 - 1)
				    : -1;
	sim->world.fsize_lim1 = max < 0 ? 0 : (uint64_t)max + 1;
	return old;
}

int iou__process_queue_init(unsigned entries, struct iou *ring,
			    struct iou_params *p);
int iou__process_queue_init(unsigned entries, struct iou *ring,
			    struct iou_params *p)
{
	struct iou_sim *sim = iou_sim_process();

	if (sim)
		return iou_queue_init_sim_params(entries, ring, p, sim);
	return proc.state == 1 ? -ENOSYS : -EINVAL;
}

/* iou-explore.c — the explorer on whole programs: runs a program under
 * IOU_BACKEND=sim once per choice tape, judges each run (exit status, a
 * fatal signal, a sanitizer report, a hang, a time limit), shrinks the
 * first failure across processes, checks that it replays, and prints the
 * token, the trace and the command line that replays it. See
 * iou-explore(1) (tools/iou-explore.1).
 *
 * How: the explorer of the library (iou_explore_ex) runs a scenario per
 * tape on a sim of its own. Here the scenario hands that sim's tape to a
 * child process (IOU_SIM_TAPE_IN, or IOU_SIM_SEED for a random tape), lets
 * the child's process-wide sim run the program, reads back the choices it
 * made (IOU_SIM_TAPE_OUT) and makes the same choices on the parent's sim:
 * the parent's choice log is then the child's, so enumeration, shrinking,
 * the determinism check and the token work across processes unchanged.
 * The child's trace becomes the parent sim's trace. Address-space
 * randomisation is off in the child (personality), so that a program's
 * heap addresses (as user_data) are the same from run to run. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "iou_sim.h"
#include "sim.h"

int iou__tape_init_vec(struct iou__tape *t, const uint32_t *vec, size_t n);
int iou__parse_kernel_range(const char *s, uint32_t *kmin, uint32_t *kmax);
int iou__parse_faults(const char *s, unsigned *out);

/* Return values of a judged run (the explorer shrinks toward the same). */
#define FAIL_SANITIZER 300
#define FAIL_TIMEOUT 301
#define FAIL_NO_TAPE 302
#define FAIL_CHECK 303
#define FAIL_SIGNAL 512 /* + the signal: apart from exit statuses 1-255 */

#ifndef IOU_INTERPOSE_PATH
#define IOU_INTERPOSE_PATH ""
#endif

struct tool {
	char **argv;              /* the program and its arguments */
	char dir[64];             /* scratch directory */
	char tape_in[128], tape_out[128], trace[128], out[128], err[128];
	double timeout;           /* seconds a run may take */
	const char *preload;      /* interposition library, or NULL */
	int refused;              /* the program exited 77 (skip) */
	int no_exec;              /* the program could not be run */
	int no_tape;              /* the last run left no tape */
	int verbose;
	uint64_t runs;            /* child processes run */
	char files[8192];         /* IOU_SIM_FILES for the child */
	char exports[8192];       /* IOU_SIM_EXPORT for the child */
	const char *check;        /* shell command judging a clean run */
	const char *peer;         /* IOU_SIM_PEER for the child */
};

static struct tool T;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: iou-explore [options] -- PROGRAM [ARGS...]\n"
		"  --runs N        tapes to run (default 1000)\n"
		"  --time S        stop searching after S seconds\n"
		"  --mode M        mixed (default), dfs or random\n"
		"  --depth D       DFS bound on non-zero choices (default 2)\n"
		"  --seed N        first random seed (default 0)\n"
		"  --kernel R      a profile or range, e.g. 5.10-6.18 "
		"(default 5.10-newest)\n"
		"  --faults LIST   fault classes: eagain,eintr,eio,enomem,"
		"emfile,econnreset,netdgram,filechange,all\n"
		"  --replay TOKEN  run that one tape and report it\n"
		"  --no-eintr      the program gets no signals: no wait ends "
		"-EINTR\n"
		"  --timeout S     wall-clock limit of one run (default 10)\n"
		"  --shrink N      shrink candidates to try (default 1000)\n"
		"  --preload PATH  interposition library to LD_PRELOAD\n"
		"  --no-preload    run the program without it\n"
		"  --file H[=S]    copy host file H into the sim's world (as "
		"S)\n"
		"  --export S=H    copy the sim's file S out to H at exit\n"
		"  --check CMD     after a run that exited 0, run CMD (sh -c); "
		"non-zero fails the run\n"
		"  --peer SPEC     a client in the sim's world for a server "
		"that runs for ever,\n"
		"                  udp-echo:PORT[:COUNT[:SIZE]]: the run ends "
		"when the server\n"
		"                  is idle and every echo came back\n"
		"  --quiet         no trace in the report\n");
}

/* ---- one child ---------------------------------------------------------- */

static void fmt_version(char *buf, size_t len, uint32_t v)
{
	if (v == IOU_KERNEL_NEWEST)
		snprintf(buf, len, "newest");
	else
		snprintf(buf, len, "%u.%u", v >> 16, (v >> 8) & 0xff);
}

static int write_vec(const char *path, const uint32_t *v, size_t n)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%u\n", v[i]);
	return fclose(f) ? -EIO : 0;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		size_t r;

		if (cap - n < 4096) {
			char *nb = realloc(buf, cap ? cap * 2 : 8192);

			if (!nb)
				break;
			buf = nb;
			cap = cap ? cap * 2 : 8192;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (!r)
			break;
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

/* The environment of the child: the sim's tape and the protocol files. */
static void child_env(const struct iou_sim *sim)
{
	char buf[64], a[16], b[16];
	const char *asan;

	setenv("IOU_BACKEND", "sim", 1);
	unsetenv("IOU_SIM_REPLAY");
	unsetenv("IOU_SIM_TAPE_IN");
	unsetenv("IOU_SIM_SEED");
	if (sim->tape.src == IOU__TAPE_PRNG) {
		snprintf(buf, sizeof(buf), "%llu",
			 (unsigned long long)sim->tape.seed);
		setenv("IOU_SIM_SEED", buf, 1);
	} else {
		setenv("IOU_SIM_TAPE_IN", T.tape_in, 1);
	}
	fmt_version(a, sizeof(a), sim->kmin);
	fmt_version(b, sizeof(b), sim->kmax);
	snprintf(buf, sizeof(buf), "%s-%s", a, b);
	setenv("IOU_SIM_KERNEL", buf, 1);
	snprintf(buf, sizeof(buf), "0x%x", sim->faults);
	setenv("IOU_SIM_FAULTS", buf, 1);
	setenv("IOU_SIM_TAPE_OUT", T.tape_out, 1);
	if (*T.files)
		setenv("IOU_SIM_FILES", T.files, 1);
	if (*T.exports)
		setenv("IOU_SIM_EXPORT", T.exports, 1);
	if (T.peer)
		setenv("IOU_SIM_PEER", T.peer, 1);
	if (sim->trace.on)
		setenv("IOU_SIM_TRACE", T.trace, 1);
	else
		unsetenv("IOU_SIM_TRACE");
	/* A sanitizer's report ends in abort(): the sim's handler then
	 * writes the tape. */
	asan = getenv("ASAN_OPTIONS");
	if (!asan || !strstr(asan, "abort_on_error")) {
		char opts[1024];

		/* and ASan may come after the preloaded interposer */
		snprintf(opts, sizeof(opts), "%s%sabort_on_error=1:"
			 "verify_asan_link_order=0",
			 asan ? asan : "", asan && *asan ? ":" : "");
		setenv("ASAN_OPTIONS", opts, 1);
	}
	if (T.preload && *T.preload) {
		const char *old = getenv("LD_PRELOAD");
		char pre[2048];

		snprintf(pre, sizeof(pre), "%s%s%s", T.preload,
			 old && *old ? ":" : "", old ? old : "");
		setenv("LD_PRELOAD", pre, 1);
	}
}

static void child(const struct iou_sim *sim)
{
	int in = open("/dev/null", O_RDONLY);
	int out = open(T.out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int err = open(T.err, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (in < 0 || out < 0 || err < 0)
		_exit(126);
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	child_env(sim);
	/* the same addresses every run: user_data pointers trace alike */
	personality(ADDR_NO_RANDOMIZE);
	execvp(T.argv[0], T.argv);
	fprintf(stderr, "iou-explore: cannot run %s: %s\n", T.argv[0],
		strerror(errno));
	_exit(127);
}

/* Waits for the child; past the time limit, SIGTERM (the sim's handler
 * writes the tape), then SIGKILL. Returns its wait status; *timed_out. */
static int wait_child(pid_t pid, int *timed_out)
{
	int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int status = 0, ms = (int)(T.timeout * 1000);

	*timed_out = 0;
	if (pfd >= 0) {
		struct pollfd p = { .fd = pfd, .events = POLLIN };

		if (poll(&p, 1, ms) == 0) {
			*timed_out = 1;
			kill(pid, SIGTERM);
			if (poll(&p, 1, 2000) == 0)
				kill(pid, SIGKILL);
		}
		close(pfd);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* Reads the child's tape into the parent sim: the same choices, in the
 * same order, so the explorer's log and token are the child's. */
static int adopt_tape(struct iou_sim *sim, int *hung)
{
	FILE *f = fopen(T.tape_out, "r");
	uint32_t *vals = NULL, *bounds = NULL;
	unsigned long long n = 0;
	char token[16];
	int h = 0, on, ret = -EPROTO;

	*hung = 0;
	if (!f)
		return -ENOENT;
	if (fscanf(f, "iou-tape 1\nhung %d\ntoken %15s", &h, token) < 1)
		goto out;
	/* skip the rest of the token line */
	for (int c; (c = fgetc(f)) != EOF && c != '\n';)
		;
	if (fscanf(f, "choices %llu", &n) != 1 || n > (1ULL << 28))
		goto out;
	vals = malloc((n + 1) * sizeof(*vals));
	bounds = malloc((n + 1) * sizeof(*bounds));
	if (!vals || !bounds) {
		ret = -ENOMEM;
		goto out;
	}
	for (unsigned long long i = 0; i < n; i++)
		if (fscanf(f, "%u %u", &vals[i], &bounds[i]) != 2)
			goto out;
	iou__tape_free(&sim->tape);
	if (iou__tape_init_vec(&sim->tape, vals, n)) {
		ret = -ENOMEM;
		goto out;
	}
	on = sim->trace.on;
	sim->trace.on = 0;
	for (unsigned long long i = 0; i < n; i++)
		iou__choose(sim, IOU__CH_DELAY, bounds[i]);
	sim->trace.on = on;
	*hung = h;
	ret = 0;
out:
	free(vals);
	free(bounds);
	fclose(f);
	return ret;
}

/* The child's trace becomes the parent sim's, line by line (what the
 * determinism check compares and the report shows). */
static void adopt_trace(struct iou_sim *sim, const char *s, size_t len)
{
	struct iou__trace *t = &sim->trace;
	uint64_t limit = t->limit;
	int raw = t->raw;

	/* start the trace afresh (the parent's own lines are dropped) */
	iou__trace_free(t);
	t->limit = limit;
	t->raw = raw;
	t->on = 1;
	if (!len)
		iou__trace_text(sim, "%s", "iou-explore: the run left no "
				"trace (no ring on the sim, or _exit)\n");
	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t n = nl ? (size_t)(nl - s) + 1 : len;

		iou__trace_text(sim, "%.*s", (int)n, s);
		s += n;
		len -= n;
	}
}

static int has_sanitizer_report(void)
{
	size_t len;
	char *err = read_file(T.err, &len);
	int found;

	if (!err)
		return 0;
	found = strstr(err, "ERROR: AddressSanitizer") ||
		strstr(err, "ERROR: LeakSanitizer") ||
		strstr(err, "ERROR: MemorySanitizer") ||
		strstr(err, "WARNING: ThreadSanitizer") ||
		strstr(err, "runtime error:");
	free(err);
	return found;
}

/* Runs the --check command on the host (its output joins the run's);
 * returns its non-zero status, 0 when it passed. */
static int run_check(void)
{
	pid_t pid;
	int status = 0;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		int out = open(T.out, O_WRONLY | O_APPEND);
		int err = open(T.err, O_WRONLY | O_APPEND);

		if (out >= 0)
			dup2(out, 1);
		if (err >= 0)
			dup2(err, 2);
		unsetenv("IOU_BACKEND");
		unsetenv("LD_PRELOAD");
		execl("/bin/sh", "sh", "-c", T.check, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

static void append_list(char *list, size_t len, const char *item)
{
	size_t n = strlen(list);

	snprintf(list + n, len - n, "%s%s", n ? "," : "", item);
}

/* The scenario: one run of the program on the sim's tape. */
static int run_program(struct iou_sim *sim, void *arg)
{
	int status, timed_out, hung = 0, ret;
	pid_t pid;

	(void)arg;
	if (sim->tape.src == IOU__TAPE_VEC &&
	    write_vec(T.tape_in, sim->tape.vec, sim->tape.nvec))
		return FAIL_NO_TAPE;
	unlink(T.tape_out);
	unlink(T.trace);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return FAIL_NO_TAPE;
	if (!pid)
		child(sim);
	status = wait_child(pid, &timed_out);
	T.runs++;
	T.no_tape = adopt_tape(sim, &hung) != 0;
	if (T.no_tape && T.verbose)
		fprintf(stderr, "iou-explore: run %llu left no tape\n",
			(unsigned long long)T.runs);
	if (sim->trace.on) {
		size_t len;
		char *tr = read_file(T.trace, &len);

		adopt_trace(sim, tr ? tr : "", tr ? len : 0);
		free(tr);
	}
	if (hung)
		sim->hung = 1;
	if (timed_out)
		return FAIL_TIMEOUT;
	if (has_sanitizer_report())
		return FAIL_SANITIZER;
	if (WIFSIGNALED(status))
		return FAIL_SIGNAL + WTERMSIG(status);
	ret = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	if (!ret && T.check && run_check())
		return FAIL_CHECK;
	if (ret == 77) {
		T.refused = 1; /* threads or fork: not a finding */
		return 0;
	}
	if (ret == 127 && T.no_tape) {
		T.no_exec = 1;
		return 0;
	}
	return ret;
}

/* ---- main ----------------------------------------------------------------- */

static void describe(int ret, int hung)
{
	if (hung)
		printf("iou-explore: the program HUNG: a wait on the sim could "
		       "never end (-EDEADLK)\n");
	else if (ret == FAIL_TIMEOUT)
		printf("iou-explore: the program ran past the time limit "
		       "(%.1f s)\n", T.timeout);
	else if (ret == FAIL_SANITIZER)
		printf("iou-explore: a sanitizer reported an error\n");
	else if (ret == FAIL_CHECK)
		printf("iou-explore: the program exited 0 but --check "
		       "failed\n");
	else if (ret == FAIL_NO_TAPE)
		printf("iou-explore: the run left no tape (it could not "
		       "start, or ended by _exit or SIGKILL)\n");
	else if (ret > FAIL_SIGNAL)
		printf("iou-explore: the program was killed by signal %d "
		       "(%s)\n", ret - FAIL_SIGNAL,
		       strsignal(ret - FAIL_SIGNAL));
	else if (ret)
		printf("iou-explore: the program exited with status %d\n",
		       ret);
}

static void print_cmdline(const char *token)
{
	const char *ne = getenv("IOU_SIM_NO_EINTR");

	printf("iou-explore: replay: IOU_BACKEND=sim IOU_SIM_REPLAY='%s'%s",
	       token, ne && *ne && strcmp(ne, "0") ? " IOU_SIM_NO_EINTR=1" : "");
	if (*T.files)
		printf(" IOU_SIM_FILES='%s'", T.files);
	if (*T.exports)
		printf(" IOU_SIM_EXPORT='%s'", T.exports);
	if (T.peer)
		printf(" IOU_SIM_PEER='%s'", T.peer);
	if (T.preload && *T.preload)
		printf(" LD_PRELOAD=%s", T.preload);
	for (char **a = T.argv; *a; a++)
		printf(" %s", *a);
	printf("\niou-explore: or:     iou-explore --replay '%s'", token);
	if (T.peer)
		printf(" --peer '%s'", T.peer);
	printf(" --");
	for (char **a = T.argv; *a; a++)
		printf(" %s", *a);
	printf("\n");
}

static void print_output(const char *what, const char *path)
{
	size_t len;
	char *s = read_file(path, &len);

	if (s && len) {
		printf("---- %s of the reported run ----\n", what);
		fwrite(s, 1, len, stdout);
		if (s[len - 1] != '\n')
			printf("\n");
	}
	free(s);
}

static void cleanup(void)
{
	const char *files[] = { T.tape_in, T.tape_out, T.trace, T.out, T.err };

	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		if (*files[i])
			unlink(files[i]);
	if (*T.dir)
		rmdir(T.dir);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "runs", required_argument, NULL, 'n' },
		{ "time", required_argument, NULL, 't' },
		{ "mode", required_argument, NULL, 'm' },
		{ "depth", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "faults", required_argument, NULL, 'f' },
		{ "replay", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "shrink", required_argument, NULL, 'S' },
		{ "preload", required_argument, NULL, 'p' },
		{ "no-preload", no_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-eintr", no_argument, NULL, 'E' },
		{ "file", required_argument, NULL, 'F' },
		{ "export", required_argument, NULL, 'X' },
		{ "check", required_argument, NULL, 'C' },
		{ "peer", required_argument, NULL, 'R' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iou_explore_ex_opts o;
	struct iou_explore_report rep;
	const char *tmp, *replay = NULL;
	int c, quiet = 0, ret;

	memset(&o, 0, sizeof(o));
	o.base.max_runs = 1000;
	o.max_shrink_runs = 1000;
	o.base.sim.kernel_min = IOU_KERNEL_VERSION(5, 10);
	o.base.sim.kernel_max = IOU_KERNEL_NEWEST;
	T.timeout = 10;
	T.preload = getenv("IOU_EXPLORE_PRELOAD");
	if (!T.preload)
		T.preload = IOU_INTERPOSE_PATH;
	if (T.preload && (!*T.preload || access(T.preload, R_OK)))
		T.preload = NULL; /* not installed: run without */
	while ((c = getopt_long(argc, argv, "+n:t:m:d:s:k:f:r:T:S:p:PEF:X:C:R:qvh",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			o.base.max_runs = strtoull(optarg, NULL, 0);
			break;
		case 't':
			o.max_seconds = atof(optarg);
			break;
		case 'm':
			if (!strcmp(optarg, "mixed"))
				o.base.random = IOU_EXPLORE_MIXED;
			else if (!strcmp(optarg, "dfs"))
				o.base.random = IOU_EXPLORE_DFS;
			else if (!strcmp(optarg, "random"))
				o.base.random = IOU_EXPLORE_RANDOM;
			else
				goto bad;
			break;
		case 'd':
			o.base.max_deviations = (unsigned)atoi(optarg);
			break;
		case 's':
			o.base.sim.seed = strtoull(optarg, NULL, 0);
			break;
		case 'k':
			if (iou__parse_kernel_range(optarg,
						    &o.base.sim.kernel_min,
						    &o.base.sim.kernel_max))
				goto bad;
			break;
		case 'f':
			if (iou__parse_faults(optarg, &o.base.sim.faults))
				goto bad;
			break;
		case 'r':
			replay = optarg;
			break;
		case 'T':
			T.timeout = atof(optarg);
			break;
		case 'S':
			o.max_shrink_runs = strtoull(optarg, NULL, 0);
			break;
		case 'p':
			T.preload = optarg;
			break;
		case 'P':
			T.preload = NULL;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'F':
			append_list(T.files, sizeof(T.files), optarg);
			break;
		case 'X':
			append_list(T.exports, sizeof(T.exports), optarg);
			break;
		case 'C':
			T.check = optarg;
			break;
		case 'R': {
			/* checked here, as the child's sim will read it */
			struct iou_sim *chk = iou_sim_new(NULL);
			int bad = !chk || iou_sim_peer(chk, optarg);

			iou_sim_free(chk);
			if (bad)
				goto bad;
			T.peer = optarg;
			break;
		}
		case 'E':
			/* the child's sim reads it from the environment */
			setenv("IOU_SIM_NO_EINTR", "1", 1);
			break;
		case 'v':
			T.verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			goto bad;
		}
	}
	if (optind >= argc)
		goto bad;
	T.argv = argv + optind;
	if (T.timeout <= 0)
		T.timeout = 10;
	/* The parent's own sims must not replay anything by themselves. */
	unsetenv("IOU_SIM_REPLAY");
	unsetenv("IOU_EXPLORE_SHARD");
	unsetenv("IOU_SIM_TRACE"); /* the child's trace comes back by file */
	o.base.sim.replay = replay;
	tmp = getenv("TMPDIR");
	snprintf(T.dir, sizeof(T.dir), "%s/iou-explore.XXXXXX",
		 tmp && *tmp && strlen(tmp) < 30 ? tmp : "/tmp");
	if (!mkdtemp(T.dir)) {
		perror("iou-explore: mkdtemp");
		return 2;
	}
	snprintf(T.tape_in, sizeof(T.tape_in), "%s/tape-in", T.dir);
	snprintf(T.tape_out, sizeof(T.tape_out), "%s/tape-out", T.dir);
	snprintf(T.trace, sizeof(T.trace), "%s/trace", T.dir);
	snprintf(T.out, sizeof(T.out), "%s/stdout", T.dir);
	snprintf(T.err, sizeof(T.err), "%s/stderr", T.dir);

	ret = iou_explore_ex(&o, run_program, NULL, &rep);
	if (ret) {
		fprintf(stderr, "iou-explore: %s\n", ret == -EINVAL ?
			"bad options or replay token" : strerror(-ret));
		cleanup();
		return 2;
	}
	if (T.no_exec) {
		print_output("stderr", T.err);
		fprintf(stderr, "iou-explore: could not run %s\n", T.argv[0]);
		iou_explore_report_free(&rep);
		cleanup();
		return 2;
	}
	if (T.refused) {
		print_output("stderr", T.err);
		printf("iou-explore: the program exited 77 under the sim (it "
		       "creates threads or forks, which the sim cannot run); "
		       "nothing explored\n");
		iou_explore_report_free(&rep);
		cleanup();
		return 77;
	}
	if (quiet) {
		free(rep.trace);
		rep.trace = NULL;
		rep.trace_len = 0;
	}
	iou_explore_report_print(&rep, stdout);
	printf("iou-explore: %llu program runs in %.2f s\n",
	       (unsigned long long)T.runs, rep.seconds);
	if (rep.res.failed) {
		if (rep.kind != IOU_EXPLORE_FAIL_NONDET) {
			describe(rep.ret, rep.kind == IOU_EXPLORE_FAIL_HUNG);
			if (rep.found_at)
				printf("iou-explore: first failure after %llu "
				       "runs, %.3f s\n",
				       (unsigned long long)rep.found_at,
				       rep.found_seconds);
		}
		print_output("stdout", T.out);
		print_output("stderr", T.err);
		if (T.no_tape)
			printf("iou-explore: note: this run set up no ring on "
			       "the sim (a program not built against iou, or "
			       "one that failed first): its token replays "
			       "nothing of it\n");
		print_cmdline(rep.token ? rep.token : rep.res.replay);
	}
	ret = rep.res.failed ? 1 : 0;
	iou_explore_report_free(&rep);
	cleanup();
	return ret;
bad:
	usage(stderr);
	return 2;
}

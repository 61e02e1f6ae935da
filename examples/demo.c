/* demo.c — iou-demo, the README's first command (scripts/demo.sh).
 *
 * The echo server of echo.c (multishot accept, multishot recv on a
 * buf_ring, send_zc with each buffer recycled on its F_NOTIF) is explored
 * on the simulated kernel, over every kernel profile, with two clients
 * played in the same thread. Two variants with a bug of the catalogue are
 * explored the same way: the explorer finds each, shrinks it to a replay
 * token and a short trace. The fixed server then passes the same
 * exploration and a deeper one. Last, the same server code serves real
 * clients on 127.0.0.1 through this machine's kernel.
 *
 *   iou-demo [--trace-dir DIR]      the demo; full traces go to DIR
 *                                   (default: the current directory)
 *   iou-demo replay BUG TOKEN       one run of the scenario on a token,
 *                                   its whole trace; BUG: none,
 *                                   recycle_on_first_cqe, no_rearm_accept
 *
 * The output is the same on every run but for the timings. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "echo.h"
#include "echo_client.h"
#include "iou_sim.h"

#define K(a, b) IOU_KERNEL_VERSION(a, b)
#define NCLIENTS 2
#define MAX_LINES 4096  /* of a trace shown in short */

/* ---- the scenario: the server and two clients on one sim ring ---------- */

/* What the scenario found out in its last run. */
struct demo {
	enum echo_bug bug;
	char why[160];          /* the failure, for a human */
	size_t fail_at;         /* trace length when it was seen */
};

enum {
	PASS = 0,
	FAIL_KERNEL = 1,  /* started on a kernel it cannot serve, or not on
			     one it can */
	FAIL_CLIENT,      /* a client got a wrong byte or lost its stream */
	FAIL_HANG,        /* a wait that could never end */
	FAIL_STOP,        /* the shutdown was not clean */
	FAIL_BOOKS,       /* the server's counters do not add up */
};

static struct sockaddr_in loopback(unsigned port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static int failed(struct iou_sim *sim, struct demo *d, int kind,
		  const char *why)
{
	snprintf(d->why, sizeof(d->why), "%s", why);
	iou_sim_trace(sim, &d->fail_at);
	return kind;
}

/* Each client sends 64 bytes in writes of 1..16 and checks every byte
 * that comes back; client 0 reads only every other step (a slow reader:
 * what the server sent it may sit unread for a while). */
static void client_opts(unsigned i, struct echo_client_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->seed = 71 + i;
	o->bytes = 64;
	o->max_chunk = 16;
	o->read_every = i == 0 ? 2 : 0;
}

/* The clients and the server until both clients are done. Returns PASS
 * or the failure. */
static int traffic(struct iou_sim *sim, struct echo_server *srv,
		   struct echo_client *cl, struct demo *d)
{
	unsigned done = 0;
	char why[160];
	int ret;

	while (done < NCLIENTS) {
		int progress = 0;

		/* two rounds: the slow reader reads in one of them */
		for (unsigned round = 0; round < 2 && !progress; round++)
		for (unsigned i = 0; i < NCLIENTS; i++) {
			if (echo_client_finished(&cl[i]))
				continue;
			ret = echo_client_step(&cl[i]);
			if (ret < 0) {
				snprintf(why, sizeof(why), "client %u: %s "
					 "at offset %llu of its stream", i,
					 ret == -EILSEQ ? "wrong byte"
					 : iou_strerror(ret),
					 (unsigned long long)(ret == -EILSEQ
					 ? cl[i].bad_offset : cl[i].received));
				return failed(sim, d, FAIL_CLIENT, why);
			}
			progress += ret > 0;
			done += echo_client_finished(&cl[i]);
		}
		/* nothing a client can do: wait for a CQE, no timeout; if
		 * none can ever come, the sim says so (a hang) */
		ret = echo_server_step(srv, progress ? 0 : 1, NULL);
		if (iou_sim_hung(sim))
			return failed(sim, d, FAIL_HANG, "the server waits "
				      "forever: nothing can complete");
		if (ret < 0)
			return failed(sim, d, FAIL_STOP, "ring error");
	}
	return PASS;
}

static int echo_scenario(struct iou_sim *sim, void *arg)
{
	/* two small buffers, so that a recycled one is soon reused */
	struct echo_opts opts = { .max_conns = NCLIENTS, .nbufs = 2,
				  .buf_size = 16 };
	static struct echo_server srv;  /* set up afresh in every run */
	static struct echo_client cl[NCLIENTS];
	struct sockaddr_in addr = loopback(0);
	socklen_t len = sizeof(addr);
	struct demo *d = arg;
	struct iou ring;
	int ret, verdict;

	d->why[0] = '\0';
	d->fail_at = 0;
	opts.bug = d->bug;
	IOU_SCENARIO_CHECK(iou_queue_init_sim(128, &ring, 0, sim) == 0);
	ret = echo_server_start(&srv, &ring, (struct sockaddr *)&addr,
				sizeof(addr), &opts);
	/* send_zc and multishot recv came with 6.0: before, refuse */
	if (ret || iou_sim_kernel(sim) < K(6, 0)) {
		if (!ret)
			echo_server_stop(&srv);
		iou_queue_exit(&ring);
		if (iou_sim_kernel(sim) < K(6, 0))
			return ret == -EOPNOTSUPP ? PASS
			       : failed(sim, d, FAIL_KERNEL, "started on a "
					"kernel without send_zc");
		return failed(sim, d, FAIL_KERNEL, "refused a good kernel");
	}
	ret = echo_server_addr(&srv, (struct sockaddr *)&addr, &len);
	for (unsigned i = 0; i < NCLIENTS; i++) {
		struct echo_client_opts o;

		client_opts(i, &o);
		if (!ret)
			ret = echo_client_start(&cl[i], &ring,
						(struct sockaddr *)&addr,
						len, &o);
	}
	verdict = ret ? failed(sim, d, FAIL_KERNEL, "set-up failed")
		      : traffic(sim, &srv, cl, d);
	/* clean up in any case: the stop waits for every CQE still owed
	 * (after a hang it fails at once) and frees the server's memory */
	for (unsigned i = 0; i < NCLIENTS; i++)
		echo_client_close(&cl[i]);
	ret = echo_server_stop(&srv);
	if (verdict == PASS && ret)
		verdict = failed(sim, d, FAIL_STOP, "unclean shutdown");
	if (verdict == PASS && (srv.stats.bytes_echoed != NCLIENTS * 64 ||
				srv.stats.closed != NCLIENTS))
		verdict = failed(sim, d, FAIL_BOOKS, "the books do not "
				 "balance");
	iou_queue_exit(&ring);
	return verdict;
}

/* ---- printing ------------------------------------------------------------- */

static const char *bug_name(enum echo_bug bug)
{
	switch (bug) {
	case ECHO_BUG_RECYCLE_ON_FIRST_CQE:
		return "recycle_on_first_cqe";
	case ECHO_BUG_NO_REARM_ACCEPT:
		return "no_rearm_accept";
	default:
		return "none";
	}
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A canonical choice ("choice delay 0/2"): what the kernel typically
 * does, left out of the short trace. The trace marks the others
 * ("=> choice delay 1/2"). */
static int canonical_choice(const char *line, size_t len)
{
	return len > 7 && !memcmp(line, "choice ", 7);
}

static int deviation(const char *line, size_t len)
{
	return len > 10 && !memcmp(line, "=> choice ", 10) &&
	       memcmp(line, "=> choice profile", 17);
}

/* What a deviating choice means, for the kinds these runs meet. */
static const char *choice_meaning(const char *line)
{
	static const struct {
		const char *kind, *meaning;
	} m[] = {
		{ "zccopy ", "buffer read late (when the peer reads, or at "
			     "F_NOTIF)" },
		{ "mshotend ", "this CQE ends the multishot (no F_MORE)" },
		{ "zcnotif ", "F_NOTIF later, not right after the CQE" },
		{ "shortio ", "a short send or receive" },
		{ "delay ", "the CQE posts later (io-wq)" },
		{ "order ", "racing CQEs in the other order" },
		{ "wait ", "the wait returns early or -EINTR" },
		{ "nonempty ", "no F_SOCK_NONEMPTY hint" },
		{ "runq ", "queued work runs in another order" },
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strncmp(line + 7, m[i].kind, strlen(m[i].kind)))
			return m[i].meaning;
	return "";
}

/* "cqe r0 ud=.. res=.. flags=..": what it means to the echo server (its
 * user_data: request type in bits 56-63, connection slot in 16-31, the
 * buffer of a send in 0-15). */
static void cqe_meaning(const char *line, size_t len, char *buf, size_t blen)
{
	static const char *const types[] = { "?", "accept", "recv",
					     "send_zc", "cancel" };
	unsigned long long ud;
	unsigned flags;
	const char *what;
	char res[48];
	int r;

	buf[0] = '\0';
	if (len < 5 || memcmp(line, "cqe ", 4) ||
	    sscanf(line, "cqe r%*u ud=%llx res=%d flags=%x", &ud, &r,
		   &flags) != 3)
		return;
	what = types[(ud >> 56) < 5 ? ud >> 56 : 0];
	if (r < 0)
		snprintf(res, sizeof(res), "%.*s", (int)strcspn(
			 iou_strerror(r), ":"), iou_strerror(r));
	else if ((ud >> 56) == 1)
		snprintf(res, sizeof(res), "fd %d", r);
	else
		snprintf(res, sizeof(res), "%d bytes", r);
	if (flags & IOU_CQE_F_NOTIF) {
		snprintf(buf, blen, "send_zc conn %llu buf %llu: F_NOTIF",
			 (ud >> 16) & 0xffff, ud & 0xffff);
		return;
	}
	switch (ud >> 56) {
	case 2:
		if (flags & IOU_CQE_F_BUFFER)
			snprintf(buf, blen, "recv conn %llu: %s -> buf %u%s",
				 (ud >> 16) & 0xffff, res, flags >> 16,
				 flags & IOU_CQE_F_MORE ? ", F_MORE" : "");
		else
			snprintf(buf, blen, "recv conn %llu: %s%s",
				 (ud >> 16) & 0xffff, res,
				 flags & IOU_CQE_F_MORE ? ", F_MORE"
							: ", ended");
		break;
	case 3:
		snprintf(buf, blen, "send_zc conn %llu buf %llu: %s%s",
			 (ud >> 16) & 0xffff, ud & 0xffff, res,
			 flags & IOU_CQE_F_MORE ? ", F_MORE (F_NOTIF to come)"
						: "");
		break;
	default:
		snprintf(buf, blen, "%s: %s%s", what, res,
			 flags & IOU_CQE_F_MORE ? ", F_MORE"
			 : (ud >> 56) == 1 ? ", no F_MORE: accept ended" : "");
	}
}

/* One line of the short trace, with what it means (or why), if any. */
static void print_line(const char *line, size_t len, const char *mark,
		       const char *why)
{
	char meaning[160];
	const char *m = meaning;

	cqe_meaning(line, len, meaning, sizeof(meaning));
	if (!meaning[0] && deviation(line, len))
		m = choice_meaning(line + 3);
	if (len > 3 && !memcmp(line, "=> ", 3)) {
		line += 3; /* the mark column says it */
		len -= 3;
	}
	if (why)
		m = why;
	if (*m)
		printf("   %s %-40.*s # %s\n", mark, (int)len, line, m);
	else
		printf("   %s %.*s\n", mark, (int)len, line);
}

/* Prints the key lines of a trace: from a few lines before the first
 * deviating choice (non-canonical: what the kernel may, but seldom,
 * does) up to the line where the failure was seen, leaving out the
 * canonical choices; a long stretch is cut in the middle. */
static void print_key_lines(const char *tr, size_t len, size_t fail_at,
			    const char *why)
{
	static const char *lines[MAX_LINES];
	static size_t lens[MAX_LINES], shown[MAX_LINES];
	size_t n = 0, first = 0, last, ns = 0;
	int have_dev = 0;

	if (!fail_at || fail_at > len)
		fail_at = len;
	for (const char *p = tr; p < tr + fail_at && n < MAX_LINES;) {
		const char *e = memchr(p, '\n', (size_t)(tr + fail_at - p));
		size_t l = e ? (size_t)(e - p) : (size_t)(tr + fail_at - p);

		lines[n] = p;
		lens[n++] = l;
		p += l + 1;
	}
	for (size_t i = 0; i < n && !have_dev; i++)
		if (deviation(lines[i], lens[i]))
			first = i, have_dev = 1;
	/* end at the client's read that saw the failure, or the hang */
	last = n;
	for (size_t i = n; i-- > first;)
		if ((lens[i] > 9 && !memcmp(lines[i], "sys read ", 9)) ||
		    (lens[i] > 5 && !memcmp(lines[i], "hang ", 5))) {
			last = i + 1;
			break;
		}
	for (size_t i = first; i < last; i++)
		if (!canonical_choice(lines[i], lens[i]))
			shown[ns++] = i;
	/* a few lines of context before the deviation */
	{
		size_t ctx[4], nc = 0;

		for (size_t i = first; i-- > 0 && nc < 4;)
			if (!canonical_choice(lines[i], lens[i]))
				ctx[nc++] = i;
		if (nc && ctx[nc - 1] > 0)
			printf("      ...\n");
		while (nc--)
			print_line(lines[ctx[nc]], lens[ctx[nc]], "  ", NULL);
	}
	for (size_t k = 0; k < ns; k++) {
		size_t i = shown[k];

		if (ns > 30 && k == 14) {
			printf("      ... (%zu lines)\n", ns - 24);
			k = ns - 11;
			continue;
		}
		print_line(lines[i], lens[i], k + 1 == ns ? "<="
			   : deviation(lines[i], lens[i]) ? "=>" : "  ",
			   k + 1 == ns ? why : NULL);
	}
}

/* ---- exploring ---------------------------------------------------------- */

struct explored {
	uint64_t runs;
	double seconds;
	int failed, exhausted;
	char token[1024];
};

static int explore(enum echo_bug bug, unsigned depth, int random,
		   uint64_t max_runs, struct explored *x)
{
	struct demo d = { .bug = bug };
	struct iou_explore_ex_opts o = {
		.base = { .sim = { .kernel_min = K(5, 4),
				   .kernel_max = IOU_KERNEL_NEWEST },
			  .max_deviations = depth, .random = random,
			  .max_runs = max_runs },
		.progress = -1,
	};
	struct iou_explore_report rep;
	double t0 = now_s();
	int ret = iou_explore_ex(&o, echo_scenario, &d, &rep);

	if (ret < 0) {
		fprintf(stderr, "iou_explore_ex: %s\n", iou_strerror(ret));
		return ret;
	}
	x->runs = rep.res.runs;
	x->seconds = now_s() - t0;
	x->failed = rep.res.failed;
	x->exhausted = rep.res.exhausted;
	snprintf(x->token, sizeof(x->token), "%s", rep.res.replay);
	if (rep.res.failed)
		x->runs = rep.found_at;
	iou_explore_report_free(&rep);
	return 0;
}

/* Runs the scenario once on a token: its result, trace and failure. */
static int replay(enum echo_bug bug, const char *token, struct demo *d,
		  char **trace, size_t *len, char *profile, size_t plen)
{
	struct iou_sim *sim = iou_sim_new(&(struct iou_sim_opts){
		.replay = token });
	const char *tr;
	uint32_t k;
	int ret;

	if (!sim)
		return -EINVAL;
	iou_sim_set_trace_raw(sim, 1); /* its user_data is decoded below */
	d->bug = bug;
	ret = echo_scenario(sim, d);
	if (!ret && iou_sim_hung(sim))
		ret = FAIL_HANG;
	tr = iou_sim_trace(sim, len);
	*trace = malloc(*len + 1);
	if (*trace)
		memcpy(*trace, tr, *len + 1);
	k = iou_sim_kernel(sim);
	snprintf(profile, plen, "%u.%u", k >> 16, (k >> 8) & 0xff);
	iou_sim_free(sim);
	return ret;
}

static const char *trace_dir = ".";
static const char *prog = "iou-demo";

static size_t count_lines(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

/* Explores a buggy variant and shows what the explorer found; story says
 * what the trace shows. */
static int hunt(enum echo_bug bug, const char *what, const char *story)
{
	struct explored x;
	struct demo d;
	char path[1024], profile[16], *trace = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	printf("\n== The server with the bug %s\n   %s\n", bug_name(bug),
	       what);
	if (explore(bug, 1, 0, 100000, &x))
		return 1;
	if (!x.failed) {
		printf("   NOT FOUND in %llu runs\n",
		       (unsigned long long)x.runs);
		return 1;
	}
	ret = replay(bug, x.token, &d, &trace, &len, profile,
		     sizeof(profile));
	if (!trace)
		return 1;
	printf("   explored: every schedule within 1 deviation of the "
	       "canonical one, profile by profile\n");
	printf("   FOUND at run %llu (%.2f s, shrinking included)\n",
	       (unsigned long long)x.runs, x.seconds);
	printf("   failure: %s (%s profile)\n", ret == FAIL_HANG
	       ? "the server waits forever, nothing can complete: a hang"
	       : d.why, profile);
	printf("   replay token: %s\n", x.token);
	printf("   replay it:    %s replay %s '%s'\n", prog, bug_name(bug),
	       x.token);
	snprintf(path, sizeof(path), "%s/iou-demo-%s.trace", trace_dir,
		 bug_name(bug));
	f = fopen(path, "w");
	if (f) {
		fwrite(trace, 1, len, f);
		fclose(f);
	}
	printf("   shrunk trace, key lines (=> the deviating choice; "
	       "canonical choices left out;\n   all %zu lines in %s):\n",
	       count_lines(trace, len), f ? path : "(not written)");
	print_key_lines(trace, len, d.fail_at, ret == FAIL_HANG
			? "the server waits; nothing can ever complete" : d.why);
	printf("%s", story);
	free(trace);
	return 0;
}

/* The fixed server: the same exploration, a deeper one, random tapes. */
static int fixed(void)
{
	static const struct {
		unsigned depth;
		int random;
		uint64_t max_runs;
		const char *what;
	} plan[] = {
		{ 1, 0, 100000, "within 1 deviation (as the hunts above):" },
		{ 2, 0, 1000000, "within 2 deviations:" },
		{ 0, 1, 20000, "random schedules (seeded):" },
	};
	uint64_t total = 0;
	double secs = 0;

	printf("\n== The fixed server (the code in echo.c), the same "
	       "scenario\n");
	for (size_t i = 0; i < sizeof(plan) / sizeof(plan[0]); i++) {
		struct explored x;

		if (explore(ECHO_BUG_NONE, plan[i].depth, plan[i].random,
			    plan[i].max_runs, &x))
			return 1;
		printf("   %-44s %7llu runs, %s (%.2f s)\n", plan[i].what,
		       (unsigned long long)x.runs, x.failed ? "FAILED"
		       : x.exhausted ? "pass, exhausted" : "pass",
		       x.seconds);
		if (x.failed) {
			printf("   replay it: %s replay none '%s'\n", prog,
			       x.token);
			return 1;
		}
		total += x.runs;
		secs += x.seconds;
	}
	printf("   %llu schedules in %.1f s (%.0f runs/s): every byte back "
	       "in order, no buffer\n   reused before its notification, no "
	       "hang, clean shutdown, on every profile\n",
	       (unsigned long long)total, secs, (double)total / secs);
	return 0;
}

/* ---- for real: the same code on this machine's kernel -------------------- */

#define REAL_CLIENTS 8
#define REAL_BYTES (256 * 1024)

static int real_loopback(void)
{
	struct echo_opts opts = { .max_conns = REAL_CLIENTS };
	static struct echo_server srv;
	static struct echo_client cl[REAL_CLIENTS];
	struct iou_timespec tick = { .tv_sec = 0, .tv_nsec = 1000000 };
	struct sockaddr_in addr = loopback(0);
	socklen_t len = sizeof(addr);
	unsigned done = 0, bad = 0;
	double t0 = now_s();
	struct iou ring;
	int ret, stop;

	printf("\n== For real: the same server code on this machine's kernel "
	       "(linux backend),\n   %d clients on 127.0.0.1 (port chosen "
	       "by the kernel), %d KiB each\n", REAL_CLIENTS,
	       REAL_BYTES / 1024);
	ret = iou_queue_init(256, &ring, 0);
	if (ret == -ENOSYS || ret == -EPERM) {
		printf("   skipped: io_uring unavailable here (%s)\n",
		       iou_strerror(ret));
		return 0;
	}
	if (ret < 0) {
		printf("   iou_queue_init: %s\n", iou_strerror(ret));
		return 1;
	}
	ret = echo_server_start(&srv, &ring, (struct sockaddr *)&addr,
				sizeof(addr), &opts);
	if (ret == -EOPNOTSUPP) {
		printf("   skipped: this kernel has no send_zc (6.0)\n");
		iou_queue_exit(&ring);
		return 0;
	}
	if (!ret)
		ret = echo_server_addr(&srv, (struct sockaddr *)&addr, &len);
	for (unsigned i = 0; !ret && i < REAL_CLIENTS; i++) {
		struct echo_client_opts o = {
			.seed = 1000 + i, .bytes = REAL_BYTES,
			.max_chunk = 1U << (4 + i),  /* 16 B .. 2 KiB writes */
		};

		ret = echo_client_start(&cl[i], &ring,
					(struct sockaddr *)&addr, len, &o);
	}
	while (!ret && done < REAL_CLIENTS) {
		int progress = 0;

		done = 0;
		for (unsigned i = 0; i < REAL_CLIENTS; i++) {
			int r = echo_client_step(&cl[i]);

			if (r < 0)
				ret = r;
			progress += r > 0;
			done += echo_client_finished(&cl[i]);
		}
		if (ret)
			break;
		ret = echo_server_step(&srv, progress ? 0 : 1, &tick);
		ret = ret > 0 ? 0 : ret;
		if (now_s() - t0 > 20)
			ret = -ETIMEDOUT;
	}
	for (unsigned i = 0; i < REAL_CLIENTS; i++) {
		bad += cl[i].state != ECHO_CLIENT_DONE;
		echo_client_close(&cl[i]);
	}
	stop = echo_server_stop(&srv);
	iou_queue_exit(&ring);
	if (ret || stop || bad || srv.stats.early_reuse ||
	    srv.stats.protocol_errors ||
	    srv.stats.bytes_echoed != (uint64_t)REAL_CLIENTS * REAL_BYTES) {
		printf("   FAILED: %s, %u clients short, stop %s\n",
		       ret ? iou_strerror(ret) : "no error", bad,
		       stop ? iou_strerror(stop) : "clean");
		return 1;
	}
	printf("   %d KiB echoed, every byte back in order to its client, "
	       "clean shutdown (%.2f s)\n", REAL_CLIENTS * REAL_BYTES / 1024,
	       now_s() - t0);
	return 0;
}

/* ---- main ------------------------------------------------------------------ */

static int replay_main(const char *bug_arg, const char *token)
{
	enum echo_bug bug = ECHO_BUG_NONE;
	char profile[16], *trace = NULL;
	struct demo d;
	size_t len = 0;
	int ret;

	if (!strcmp(bug_arg, "recycle_on_first_cqe"))
		bug = ECHO_BUG_RECYCLE_ON_FIRST_CQE;
	else if (!strcmp(bug_arg, "no_rearm_accept"))
		bug = ECHO_BUG_NO_REARM_ACCEPT;
	else if (strcmp(bug_arg, "none"))
		return fprintf(stderr, "unknown bug %s\n", bug_arg), 2;
	ret = replay(bug, token, &d, &trace, &len, profile, sizeof(profile));
	if (ret < 0)
		return fprintf(stderr, "bad token %s\n", token), 2;
	if (trace)
		fwrite(trace, 1, len, stdout);
	free(trace);
	printf("%s on %s: %s\n", bug_name(bug), profile,
	       ret == PASS ? "pass" : ret == FAIL_HANG ? "hang" : d.why);
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	int status = 0;

	prog = argv[0];
	if (argc == 4 && !strcmp(argv[1], "replay"))
		return replay_main(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "--trace-dir"))
		trace_dir = argv[2];
	else if (argc != 1) {
		fprintf(stderr, "usage: %s [--trace-dir DIR]\n"
			"       %s replay none|recycle_on_first_cqe|"
			"no_rearm_accept TOKEN\n", prog, prog);
		return 2;
	}
	/* the explorer would replay one tape everywhere */
	unsetenv("IOU_SIM_REPLAY");
	printf("iou demo: the echo server of examples/echo.c (multishot accept, "
	       "multishot recv on a\nbuf_ring, send_zc, each buffer recycled "
	       "on its F_NOTIF) on the simulated kernel.\n\n");
	printf("Scenario: the server and %d clients in one thread, one sim "
	       "ring. Each client sends\n64 bytes in writes of 1..16 and "
	       "checks every byte echoed; client 0 reads only every\nother "
	       "step. Two 16-byte buffers. It passes when both got every byte "
	       "back in order,\nnothing hung and the server stopped cleanly. "
	       "Kernels: every profile, 5.4 .. 6.18; the\nprofile is the "
	       "first choice of each run. Before 6.0 (no send_zc, no "
	       "multishot recv)\nthe server must refuse to start.\n",
	       NCLIENTS);
	status |= hunt(ECHO_BUG_RECYCLE_ON_FIRST_CQE,
		       "(catalogue: \"reuses a send_zc buffer on the first CQE "
		       "instead of F_NOTIF\")",
		       "   What happened: the server gave buf 0 back to the "
		       "buffer ring at its send_zc CQE\n   (F_MORE: the "
		       "notification still to come); the next recv of conn 0 "
		       "wrote new\n   bytes into it; the kernel read buf 0 only "
		       "when client 0 read its echo, so\n   client 0 got its "
		       "newer bytes. On 6.1 and 6.6 this one choice does it "
		       "(their\n   notification comes later by default); "
		       "from 6.9 it comes right after the CQE\n   unless a "
		       "second choice delays it. The fix: recycle a buffer on "
		       "its F_NOTIF\n   (echo.c, buf_sent).\n");
	status |= hunt(ECHO_BUG_NO_REARM_ACCEPT,
		       "(catalogue: \"does not re-arm a multishot accept after "
		       "a CQE without F_MORE\")",
		       "   What happened: the multishot accept ended at its "
		       "first CQE (a kernel may end\n   any multishot: a full "
		       "CQ, a signal...); not re-armed, client 1 waits in the\n"
		       "   backlog for ever. The fix: re-arm whenever F_MORE is "
		       "missing (echo.c, sweep).\n");
	status |= fixed();
	status |= real_loopback();
	printf("\n%s\n", status ? "demo: FAILED" : "demo: ok");
	return status;
}

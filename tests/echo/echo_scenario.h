/* echo_scenario.h — the echo server of examples/echo.c and its clients
 * (examples/echo_client.c) as one sim scenario, with the oracle of issue 4:
 * every byte echoed in order to the client that sent it, no buffer reused
 * before its notification, no protocol error, no hang, a clean shutdown.
 *
 * A script says what happens: how many clients, how many bytes each sends
 * in chunks of what size, with which payload seed, when each connects, and
 * when the server is stopped (after every client is done, or in the middle
 * of the traffic). On a kernel without send_zc and multishot recv (before
 * 6.0) the server must refuse to start (-EOPNOTSUPP), and that is a pass;
 * on a newer one it must start. The scenario runs server and clients in one thread on
 * one sim ring: the clients are played through iou_sys_* on nonblocking
 * sockets; when no client can move, the server waits for a CQE without a
 * timeout, so a run that can never finish is the sim's hang (-EDEADLK),
 * not a spin.
 *
 * UDP mode (srv.udp): the clients send datagrams (at most what fits a
 * server buffer after ECHO_UDP_OVERHEAD); there is no EOF, so clients a
 * stop or a lost datagram (faults) cut off are closed as they are; under
 * IOU_FAULT_NETDGRAM a client's stream check may break (datagrams lost,
 * duplicated, reordered), the server's books and stop may not. The server
 * needs sendmsg_zc (6.1) and refuses older kernels.
 *
 * Used by tests/echo/test_echo.c (sim.echo) and fuzz/echo.c. */
#ifndef IOU_TESTS_ECHO_SCENARIO_H
#define IOU_TESTS_ECHO_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "echo.h"
#include "iou_sim.h"

#define ECHO_SC_MAX_CLIENTS 8

struct echo_sc_client {
	uint64_t seed;         /* payload stream and chunk sizes */
	uint32_t bytes;        /* bytes sent (and expected back) */
	unsigned max_chunk;    /* writes of 1..max_chunk bytes */
	unsigned window;       /* most bytes in flight; 0 = 65536 */
	unsigned read_every;   /* reads on every Nth step only; 0 = all */
	unsigned start_step;   /* connects once the loop reaches this step
				  (or earlier, when nothing else can move) */
};

struct echo_script {
	unsigned nclients;     /* 1..ECHO_SC_MAX_CLIENTS */
	struct echo_sc_client cl[ECHO_SC_MAX_CLIENTS];
	struct echo_opts srv;  /* the server's options, its bug switch */
	int ipv6;              /* listen on ::1 instead of 127.0.0.1 */
	unsigned ring_entries; /* SQ size (CQ twice that); 0 = 128. A small
				  CQ overflows: multishots end early */
	unsigned burst;        /* steps a client takes in a row while it
				  moves, between two server steps; 0 = 1 */
	/* 0: the server stops after every client is done. Else it stops at
	 * that step, whatever the clients are doing: a client may then be
	 * cut off (reset, EOF early), but what it did get must be right. */
	unsigned stop_step;
	/* The server's own books (early_reuse, protocol_errors, buffers
	 * home) are part of the oracle. Off: only what a client, a hang
	 * or the shutdown's result can show (end to end). */
	int check_books;
	/* The IOU_FAULT_* classes the sim was made with. -EINTR and
	 * -EAGAIN are transient: the server retries and every client must
	 * still be served. With any other class on, a client may fail with
	 * the injected error and the server may count connection errors; a
	 * wrong byte, an early reuse, a protocol error, a hang or an
	 * unclean stop still fail. */
	unsigned faults;
};

/* Why a run failed: the scenario's return value. */
enum echo_sc_fail {
	ECHO_SC_OK = 0,
	ECHO_SC_SETUP = 1,       /* ring, server or client set-up failed */
	ECHO_SC_BAD_BYTE,        /* a client got a wrong byte (or too many) */
	ECHO_SC_CLIENT_ERROR,    /* a client failed (reset, early EOF...) */
	ECHO_SC_EARLY_REUSE,     /* a buffer recycled before its F_NOTIF */
	ECHO_SC_PROTOCOL,        /* the server saw a CQE break its books */
	ECHO_SC_HANG,            /* a wait that could never end */
	ECHO_SC_LIVELOCK,        /* 8 server steps per byte sent (+8192),
				    and not done */
	ECHO_SC_RING_ERROR,      /* echo_server_step failed */
	ECHO_SC_STOP,            /* echo_server_stop did not return 0 */
	ECHO_SC_BOOKS,           /* counts do not add up after the stop */
};

/* What a run did, for reports. */
struct echo_sc_out {
	enum echo_sc_fail fail;
	int refused;             /* the server declined the kernel (before
				    6.0: no send_zc, no multishot recv) */
	int client;              /* the client concerned, or -1 */
	int err;                 /* its error, or the ring's / stop's */
	uint64_t bad_offset;     /* ECHO_SC_BAD_BYTE: the first wrong byte */
	unsigned steps;          /* server steps */
	unsigned done;           /* clients DONE */
	uint64_t bytes_expected; /* what the clients sent in all */
	struct echo_stats stats; /* the server's counters after the stop */
};

/* Runs the script once on sim. out may be NULL. Returns ECHO_SC_OK or the
 * first failure. */
int echo_sc_run(struct iou_sim *sim, const struct echo_script *sc,
		struct echo_sc_out *out);

/* The same as an iou_scenario_fn: arg is a struct echo_sc_arg. */
struct echo_sc_arg {
	const struct echo_script *sc;
	struct echo_sc_out out;  /* of the last run */
};
int echo_sc_scenario(struct iou_sim *sim, void *arg);

/* A short name for a failure ("bad byte", "hang", ...). */
const char *echo_sc_fail_name(enum echo_sc_fail f);

/* One line describing a run's failure into buf (or "ok"). */
void echo_sc_describe(const struct echo_sc_out *out, char *buf, size_t len);

#endif

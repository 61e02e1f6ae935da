/* echo_client.h — a client of the echo server, stepped in the caller's
 * thread: it connects, writes a deterministic pseudo-random byte stream in
 * chunks of varying size, checks every echoed byte in order, half-closes
 * when all is sent and expects EOF after the last echoed byte. Everything
 * goes through iou_sys_* on a nonblocking socket (-EAGAIN means "later"),
 * so the same client plays against the server on linux and on the sim.
 *
 * UDP mode (opts.udp): a connected datagram socket; each chunk is one
 * datagram, each echo must be the next datagram of the stream, whole, and
 * the client is DONE when every byte came back (no EOF in UDP). A lost
 * datagram leaves it waiting: loopback loses none while the server's
 * receive queue has room, which dgram_window keeps. */
#ifndef IOU_EXAMPLES_ECHO_CLIENT_H
#define IOU_EXAMPLES_ECHO_CLIENT_H

#include <stdint.h>
#include <sys/socket.h>

#include "iou.h"

#define ECHO_CLIENT_BUF 16384

enum echo_client_state {
	ECHO_CLIENT_IDLE = 0,    /* not started, or closed */
	ECHO_CLIENT_CONNECTING,  /* connect in progress */
	ECHO_CLIENT_RUNNING,     /* sending and checking echoes */
	ECHO_CLIENT_DRAINING,    /* all sent, write side shut: awaiting echoes
				    and EOF */
	ECHO_CLIENT_DONE,        /* every byte echoed in order, then EOF */
	ECHO_CLIENT_FAILED,      /* see error */
};

struct echo_client_opts {
	uint64_t seed;       /* selects the byte stream and the chunk sizes */
	uint64_t bytes;      /* bytes to send (and expect back) */
	unsigned max_chunk;  /* writes are 1..max_chunk bytes; 0 = 4096,
				at most ECHO_CLIENT_BUF */
	unsigned window;     /* most bytes sent but not yet echoed;
				0 = 65536 */
	unsigned read_every; /* reads on every Nth step only (a slow reader
				fills the server's socket: short sends);
				0 = every step */
	int udp;             /* datagrams to a UDP echo server */
	unsigned dgram_window; /* UDP: most datagrams sent but not yet
				  echoed; 0 = 8 */
};

struct echo_client {
	struct iou *ring;
	struct echo_client_opts opts;
	enum echo_client_state state;
	int fd;
	int connect_started;     /* a non-blocking connect said -EINPROGRESS */
	int error;               /* -errno once FAILED; -EILSEQ: bad byte */
	uint64_t sent;           /* bytes the kernel took */
	uint64_t received;       /* bytes echoed and checked */
	uint64_t bad_offset;     /* first wrong byte when error is -EILSEQ */
	uint64_t dgrams_sent, dgrams_received; /* UDP */
	unsigned chunk_left;     /* bytes left of the current chunk */
	unsigned steps;          /* echo_client_step calls while running */
	uint64_t chunk_rng;      /* PRNG state for chunk sizes */
	struct sockaddr_storage addr;
	socklen_t addrlen;
	unsigned char buf[ECHO_CLIENT_BUF];
};

/* The stream's byte at offset off for seed: both sides compute it. */
uint8_t echo_client_byte(uint64_t seed, uint64_t off);

/* Opens a nonblocking socket and starts connecting to addr. Returns 0 or
 * -errno (nothing left open). */
int echo_client_start(struct echo_client *c, struct iou *ring,
		      const struct sockaddr *addr, socklen_t len,
		      const struct echo_client_opts *opts);

/* Does what can be done without blocking: finish connecting, one read
 * (checked byte by byte), one write, the half-close, the final EOF.
 * Returns > 0 when something moved, 0 when it must wait for the peer, or
 * -errno when the client failed (state FAILED, fd closed). Once DONE or
 * FAILED it returns 0 or the error again. */
int echo_client_step(struct echo_client *c);

/* True once DONE or FAILED. */
int echo_client_finished(const struct echo_client *c);

/* Closes the fd if still open (state IDLE unless DONE or FAILED). */
void echo_client_close(struct echo_client *c);

#endif /* IOU_EXAMPLES_ECHO_CLIENT_H */

/* echo.h — an echo server as a module driven by a ring the caller owns.
 *
 * The server accepts with one multishot accept, receives with one multishot
 * recv per connection on a provided-buffer ring, and echoes every received
 * chunk with send_zc straight from the received buffer. A buffer goes back
 * to the buffer ring only when the send's F_NOTIF CQE has arrived. Every
 * multishot CQE without F_MORE re-arms its request. All fds are made through
 * iou_sys_* or ring ops, so the same code runs on the linux backend and on
 * the sim; the caller drives it with echo_server_step().
 *
 * Resources are bounded: at most ECHO_MAX_CONNS connections and
 * ECHO_MAX_BUFS buffers, all memory taken in echo_server_start().
 *
 * UDP mode (opts.udp): one datagram socket bound to the address, one
 * multishot recvmsg on the buffer ring (each buffer: a struct
 * iou_recvmsg_out, the sender's name, the payload), and every datagram
 * echoed whole to its sender with sendmsg_zc (6.1) straight from its
 * buffer, one at a time so the echoes keep their order; the buffer goes
 * back after the F_NOTIF as above. A datagram longer than
 * buf_size - ECHO_UDP_OVERHEAD is cut (stats.truncated). The socket is the
 * server's one connection (slot 0). */
#ifndef IOU_EXAMPLES_ECHO_H
#define IOU_EXAMPLES_ECHO_H

#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "iou.h"

#define ECHO_MAX_CONNS 64
#define ECHO_MAX_BUFS  256
/* UDP mode: what a buffer holds before the payload (the recvmsg header and
 * room for an IPv6 sender's name). */
#define ECHO_UDP_OVERHEAD \
	(sizeof(struct iou_recvmsg_out) + sizeof(struct sockaddr_in6))

/* One catalogued io_uring bug the server can commit on purpose, so that a
 * test or the explorer can show it being caught. */
enum echo_bug {
	ECHO_BUG_NONE = 0,
	/* Gives a buffer back to the buffer ring on the send_zc request CQE
	 * instead of its F_NOTIF: the kernel may still read it. */
	ECHO_BUG_RECYCLE_ON_FIRST_CQE,
	/* Does not re-arm the multishot accept after a CQE without F_MORE:
	 * later clients are never accepted. */
	ECHO_BUG_NO_REARM_ACCEPT,
};

struct echo_opts {
	unsigned max_conns;  /* 1..ECHO_MAX_CONNS; 0 = 16 */
	unsigned nbufs;      /* power of two, 1..ECHO_MAX_BUFS; 0 = 64 */
	unsigned buf_size;   /* bytes per buffer; 0 = 4096 */
	int bgid;            /* buffer group id; 0 is a valid id */
	int backlog;         /* listen backlog; 0 = 64 */
	int reuseaddr;       /* SO_REUSEADDR on the listening socket */
	int sndbuf;          /* SO_SNDBUF of accepted sockets; 0 = default */
	int udp;             /* serve UDP datagrams (buf_size must be more
				than ECHO_UDP_OVERHEAD) instead of TCP */
	enum echo_bug bug;   /* ECHO_BUG_NONE in production */
};

/* Counters; the *violation* ones must stay 0 for a correct server on any
 * kernel behaviour. */
struct echo_stats {
	uint64_t accepted;        /* connections accepted */
	uint64_t rejected;        /* accepted while full, closed at once */
	uint64_t closed;          /* connections closed after draining */
	uint64_t conn_errors;     /* connections ended by an error */
	uint64_t bytes_received;
	uint64_t bytes_echoed;    /* bytes the kernel reported sent */
	uint64_t sends;           /* send_zc requests issued */
	uint64_t short_sends;     /* sends that moved fewer bytes than asked */
	uint64_t notifs;          /* F_NOTIF CQEs */
	uint64_t zc_copied;       /* notifications saying the kernel copied */
	uint64_t rearm_accept;    /* accept re-armed after a CQE w/o F_MORE */
	uint64_t rearm_recv;      /* recv re-armed after a CQE w/o F_MORE */
	uint64_t enobufs;         /* recv multishots ended by -ENOBUFS */
	uint64_t transient;       /* recvs and sends made again after
				     -EINTR or -EAGAIN */
	uint64_t truncated;       /* UDP: datagrams cut by a short buffer */
	uint64_t early_reuse;     /* violation: buffer recycled before notif */
	uint64_t protocol_errors; /* violation: a CQE broke a kernel rule or
				     a buffer-state invariant */
};

enum echo_buf_state {
	ECHO_BUF_KERNEL = 0,  /* in the buffer ring */
	ECHO_BUF_QUEUED,      /* received, waiting for its turn to be sent */
	ECHO_BUF_SENDING,     /* a send_zc from it is in flight */
	ECHO_BUF_NOTIF_WAIT,  /* fully sent, notifications outstanding */
};

struct echo_buf {
	enum echo_buf_state state;
	unsigned len;           /* bytes received into it (UDP: payload) */
	unsigned off;           /* UDP: where the payload starts */
	unsigned sent;          /* bytes of len the kernel has sent */
	unsigned notifs;        /* notifications still to come */
	int next;               /* next bid in its connection's queue, or -1 */
	struct msghdr msg;      /* UDP: the echo's sendmsg_zc (to the sender) */
	struct iovec iov;
};

struct echo_conn {
	int fd;                 /* -1 when the slot is free */
	uint32_t gen;           /* bumped when the slot is reused */
	int recv_armed;         /* a multishot recv is live */
	uint16_t recv_gen;      /* bumped at each arming of the recv */
	int recv_starved;       /* recv ended with -ENOBUFS: re-arm later */
	int eof;                /* peer closed its side, or error */
	int error;              /* first error, or 0 */
	int cancel_armed;       /* a cancel for this fd is in flight */
	int send_bid;           /* bid a send is in flight from, or -1 */
	int q_head, q_tail;     /* FIFO of received bids waiting to be sent */
	unsigned notifs;        /* notifications outstanding on this conn */
};

struct echo_server {
	struct iou *ring;
	struct echo_opts opts;
	struct echo_stats stats;
	int listen_fd;
	uint32_t accept_gen;
	int accept_armed;
	int accept_cancel_armed;
	int stopping;
	unsigned outstanding;   /* CQEs still owed to us by the kernel */
	struct iou_buf_ring *br;
	unsigned br_mask;
	unsigned in_kernel;     /* buffers in the buffer ring */
	unsigned char *mem;     /* nbufs * buf_size bytes */
	struct msghdr udp_msg;  /* UDP: the multishot recvmsg's layout */
	struct echo_buf bufs[ECHO_MAX_BUFS];
	struct echo_conn conns[ECHO_MAX_CONNS];
};

/* Opens a listening socket on addr (port 0 picks one) through iou_sys_*,
 * sets up the buffer ring, and queues the multishot accept (submitted by
 * the first step); in UDP mode a bound datagram socket and its multishot
 * recvmsg. opts may be NULL for the defaults. The ring must have room for a
 * few SQEs per connection (128 entries are plenty). Returns 0 or -errno
 * (-EOPNOTSUPP: the kernel has no send_zc and multishot recv, both 6.0, or
 * in UDP mode no sendmsg_zc, 6.1; -EINVAL: bad options); on failure nothing
 * is left open. */
int echo_server_start(struct echo_server *s, struct iou *ring,
		      const struct sockaddr *addr, socklen_t len,
		      const struct echo_opts *opts);

/* The address the server listens on (its real port after port 0). Returns
 * 0 or -errno. */
int echo_server_addr(struct echo_server *s, struct sockaddr *addr,
		     socklen_t *len);

/* Submits what is queued, waits for up to wait_nr CQEs (0: does not wait;
 * ts bounds the wait when non-NULL), then handles every ready CQE and queues
 * the follow-up requests. Returns the number of CQEs handled (0 when the
 * wait timed out or nothing was ready), or -errno from the ring (-EINTR and
 * -EAGAIN are retried internally as 0). */
int echo_server_step(struct echo_server *s, unsigned wait_nr,
		     struct iou_timespec *ts);

/* Number of open connections. */
unsigned echo_server_conns(const struct echo_server *s);

/* Clean shutdown: cancels the accept and every connection's requests,
 * waits for every outstanding CQE including zero-copy notifications, closes
 * every fd and frees the buffer ring. Returns 0, or the first -errno met
 * (-EPROTO: the server's books do not balance). The server is torn down in
 * any case; after an error requests may still be in flight, so exit the
 * ring before reusing anything they pointed at. */
int echo_server_stop(struct echo_server *s);

#endif /* IOU_EXAMPLES_ECHO_H */

/* net.h — the sim's loopback network: stream sockets (AF_INET and AF_INET6
 * on loopback, AF_UNIX), a port/name table, listen backlogs, connected
 * pairs with a byte ring per direction, shutdown, close (the peer sees
 * EOF) and reset (the peer sees ECONNRESET). Sockets and their calls live
 * in net.c, addresses and the port table in net_addr.c, the bytes in
 * net_stream.c; the ring ops in ops_net.c, ops_recv.c, ops_send.c and
 * ops_poll.c. Internal.
 *
 * Lifetimes: a socket belongs to its open file (struct iou__file of type
 * IOU__FT_SOCK) and goes with it (iou__sock_release); a connection queued
 * on a listener and not accepted yet has no file: the listener owns it.
 * Requests parked on a socket hold a reference to its file.
 *
 * Zero-copy sends (send_zc) may leave their bytes in the sender's memory:
 * the receiver's stream then holds a hole that a "fill" copies from the
 * user's buffer when the receiver reads it or the notification posts,
 * whichever comes first (DESIGN §2: the buffer is read at a chosen moment
 * up to the notification). */
#ifndef IOU_SIM_NET_H
#define IOU_SIM_NET_H

#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "sim.h"

/* poll bits (asm-generic/poll.h) */
#define IOU__POLLIN    0x0001U
#define IOU__POLLPRI   0x0002U
#define IOU__POLLOUT   0x0004U
#define IOU__POLLERR   0x0008U
#define IOU__POLLHUP   0x0010U
#define IOU__POLLNVAL  0x0020U
#define IOU__POLLRDNORM 0x0040U
#define IOU__POLLWRNORM 0x0100U
#define IOU__POLLRDHUP 0x2000U

/* A socket's receive queue holds at most this many bytes (about the
 * kernel's default tcp_rmem); a send waits for room. */
#define IOU__SOCK_BUF (256U * 1024U)

enum iou__sstate {
	IOU__SS_NEW,       /* not connected (maybe bound) */
	IOU__SS_LISTEN,
	IOU__SS_CONN,      /* connected once (the peer may be gone) */
};

struct iou__saddr {
	socklen_t len;
	struct sockaddr_storage ss;
};

struct iou__zcfill {
	uint64_t seq;              /* stream offset of its first byte */
	uint32_t len;
	const uint8_t *src;        /* the sender's buffer */
	struct iou__req *notif;    /* the notification that ends it */
};

struct iou__net;

/* One datagram (or seqpacket message) queued on its receiver. */
struct iou__dgram {
	struct iou__dgram *next;
	struct iou__saddr from;    /* the sender's name (len 0: none) */
	/* a zero-copy UDP send whose bytes are read later: from zc_src,
	 * when the datagram is read or zc_notif posts (NULL: data is it) */
	const uint8_t *zc_src;
	struct iou__req *zc_notif;
	uint32_t len;
	uint8_t data[];
};

/* What a queued message costs against the receive room, as the kernel
 * charges an skb's truesize (about 768 bytes of overhead on 6.18). */
#define IOU__DGRAM_COST(len) ((uint32_t)(len) + 768U)

struct iou__sock {
	struct iou__net *net;
	uint64_t id;               /* creation order (trace) */
	int domain;
	int type;                  /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	enum iou__sstate state;
	int err;                   /* pending error (ECONNRESET), reported once */
	unsigned bound : 1;
	unsigned shut_rd : 1;      /* SHUT_RD: reads return 0 */
	unsigned shut_wr : 1;      /* SHUT_WR: sends fail -EPIPE */
	unsigned rd_eof : 1;       /* nothing more will arrive */
	unsigned fin : 1;          /* ... because the peer ended its side */
	unsigned peer_closed : 1;  /* the peer's file is gone */
	unsigned reuseaddr : 1;
	unsigned linger0 : 1;      /* SO_LINGER {1, 0}: close resets */
	unsigned sent_dead : 1;    /* one send went to the closed peer */
	unsigned v6only : 1;       /* IPV6_V6ONLY: no IPv4 on an AF_INET6 "::" */
	unsigned dconn : 1;        /* SOCK_DGRAM: connected (remote is the
				      default peer; only it is heard) */
	unsigned connecting : 1;   /* a non-blocking connect said
				      -EINPROGRESS: the next connect ends it */
	struct iou__saddr local, remote;
	/* listener */
	uint32_t backlog;
	struct iou__sock **aq;     /* connections not accepted yet, FIFO */
	uint32_t aq_n, aq_cap;
	struct iou__sock *listener; /* while queued on a listener */
	/* connection */
	struct iou__sock *peer;
	uint8_t *rx;               /* receive ring, grown amortized */
	uint32_t rx_cap, rx_head, rx_len;
	uint32_t inflight;         /* the last bytes of rx, not arrived yet */
	uint64_t rx_seq;           /* stream offset of rx_head */
	struct iou__zcfill *fills; /* zero-copy holes in rx, by seq */
	uint32_t nfills, capfills;
	struct iou__waitq wq;      /* every request waiting on it */
	/* message sockets (SOCK_DGRAM, SOCK_SEQPACKET): the queue; rx_len
	 * counts its payload bytes */
	struct iou__dgram *dq_head, *dq_tail;
	uint32_t dq_n, dq_cost;
	uint32_t rcvbuf;           /* SO_RCVBUF's room (0: the default) */
	uint32_t sndbuf;           /* SO_SNDBUF as set (0: the default); read
				      back only, a send is limited by the
				      receiver's room alone */
};

/* creation and the calls of socket(2) and friends; 0 / fd or -errno */
int iou__sock_new(struct iou_sim *sim, int domain, int type, int protocol,
		  struct iou__file **out);
/* socketpair(AF_UNIX, type): 0 and two connected socket files. */
int iou__sock_pair(struct iou_sim *sim, int type, int nonblock,
		   struct iou__file **a, struct iou__file **b);
int iou__sock_bind(struct iou_sim *sim, struct iou__sock *sk,
		   const struct sockaddr *a, socklen_t n);
int iou__sock_listen(struct iou_sim *sim, struct iou__sock *sk, int backlog);
/* 0 connected, -ECONNREFUSED, -EISCONN..., or -EAGAIN when the listener's
 * backlog is full (*wait: the listener to wait on). */
int iou__sock_connect(struct iou_sim *sim, struct iou__sock *sk,
		      const struct sockaddr *a, socklen_t n,
		      struct iou__sock **wait);
/* Takes the oldest queued connection: 0 and *out, -EAGAIN, -EINVAL. */
int iou__sock_accept(struct iou_sim *sim, struct iou__sock *sk,
		     struct iou__sock **out);
/* Wraps an accepted connection in a file (SOCK_NONBLOCK in flags). On
 * failure the connection is closed. */
int iou__sock_file(struct iou_sim *sim, struct iou__sock *sk, int flags,
		   struct iou__file **out);
int iou__sock_name(const struct iou__sock *sk, int peer, struct sockaddr *a,
		   socklen_t *n);
/* The peer's address as accept reports it (no checks; *n in/out). */
void iou__sock_peer_addr(const struct iou__sock *sk, struct sockaddr *a,
			 socklen_t *n);
int iou__sock_setsockopt(struct iou__sock *sk, int level, int name,
			 const void *val, socklen_t len);
int iou__sock_shutdown(struct iou_sim *sim, struct iou__sock *sk, int how);
/* getsockopt(SOL_SOCKET) of the socket commands (6.7): *len in/out;
 * 0, -ENOPROTOOPT, -EFAULT, -EINVAL. */
int iou__sock_getsockopt(struct iou__sock *sk, int name, void *val,
			 socklen_t *len);

/* Stream I/O. Return bytes, 0 (EOF, recv), or -errno: -EAGAIN when it
 * would wait, -EPIPE, -ECONNRESET, -ENOTCONN. max caps the bytes moved
 * (short I/O is the caller's choice). send with notif != NULL leaves the
 * bytes in the user's buffer until the notification or the reader takes
 * them. */
ssize_t iou__sock_send(struct iou_sim *sim, struct iou__sock *sk,
		       const struct iovec *iov, uint32_t niov, size_t max,
		       struct iou__req *notif);
/* The same, sent by a ring request: its bytes may be in flight (choice
 * netdelay), readable by the peer later on the virtual clock. */
ssize_t iou__sock_send_by(struct iou_sim *sim, struct iou__sock *sk,
			  const struct iovec *iov, uint32_t niov, size_t max,
			  struct iou__req *notif, struct iou__req *by);
/* Bytes in flight to sk arrive now (before an end of stream). */
void iou__sock_flush_inflight(struct iou_sim *sim, struct iou__sock *sk);
/* Carriers of bytes in flight: those of ring r deliver now (the ring is
 * going); those to sk forget it (sk is going). */
void iou__net_deliv_sring(struct iou__sring *r);
void iou__net_deliv_forget(struct iou__sock *sk);
#define IOU__RECV_PEEK 1
ssize_t iou__sock_recv(struct iou_sim *sim, struct iou__sock *sk,
		       const struct iovec *iov, uint32_t niov, size_t max,
		       int flags);
/* Bytes a recv could take now / a send could put now. */
uint32_t iou__sock_readable(const struct iou__sock *sk);
uint32_t iou__sock_room(const struct iou__sock *sk);
/* A recv with nothing queued: 0 (EOF), the pending error (consumed),
 * -ENOTCONN, or -EAGAIN (it would wait). */
int iou__sock_empty(struct iou__sock *sk);
/* The error a recv reports once its queue is empty (consumed), or 0. */
int iou__sock_take_err(struct iou__sock *sk);
/* Opt-in faults of a data transfer on a socket: a signal (-EINTR), a
 * transient -EAGAIN where the caller may not wait (may_eagain: the sys
 * calls, MSG_DONTWAIT), a reset mid-stream (-ECONNRESET, both sides). 0:
 * none. */
int iou__sock_fault(struct iou_sim *sim, struct iou__sock *sk,
		    int may_eagain);
/* Readiness, as poll(2) reports it. */
uint32_t iou__sock_poll(const struct iou__sock *sk);
/* Re-issues the requests waiting on sk for one of the events in mask. */
void iou__sock_wake(struct iou_sim *sim, struct iou__sock *sk, uint32_t mask);
/* Tears the connection down with ECONNRESET on both sides. */
void iou__sock_reset(struct iou_sim *sim, struct iou__sock *sk);
/* Copies the zero-copy bytes of notif into the streams now. */
void iou__sock_fill_notif(struct iou_sim *sim, struct iou__sock *sk,
			  struct iou__req *notif);
/* The ring of notif went away before it posted: its bytes become zeros
 * (the user's buffer may be gone too). */
void iou__sock_drop_notif(struct iou__sock *sk, struct iou__req *notif);
/* The last reference of a socket's file is gone (world.c). */
void iou__sock_release(struct iou_sim *sim, struct iou__file *f);

/* File I/O of iou_sys_read/write on a socket: never waits. */
ssize_t iou__sock_file_read(struct iou_sim *sim, struct iou__file *f,
			    void *buf, size_t len);
ssize_t iou__sock_file_write(struct iou_sim *sim, struct iou__file *f,
			     const void *buf, size_t len);

/* Teardown hooks: a ring going away (pending zero-copy notifications),
 * and the sim (the port table). */
void iou__net_sring_cancel(struct iou__sring *r);
void iou__net_free(struct iou_sim *sim);
struct iou__waitq *iou__net_never_wq(struct iou_sim *sim);
/* Zero-copy notifications parked on the clock (their lnode), sim-wide. */
struct iou__list *iou__net_notifs(struct iou_sim *sim);
/* Posts a multishot CQE (ops_net.c): 0 when the request goes on (F_MORE
 * posted), 1 when this CQE is its last (req->cflags set; the caller
 * returns res, which posts without F_MORE). */
int iou__net_mshot_post(struct iou__req *req, int32_t res, uint32_t cflags);
/* READ/READV/READ_FIXED and WRITE/WRITEV/WRITE_FIXED on a socket
 * (ops_rw.c): the receive and send of RECV and SEND with no flags but
 * mflags (MSG_DONTWAIT for RWF_NOWAIT), as sock_read_iter and
 * sock_write_iter run them (ops_net.c). Restartable issue hooks: bytes,
 * 0 (EOF), -errno, or IOU__PENDING (parked on sk). A buffer-select read
 * (iov unused) reads up to sqe.len bytes, 0: the buffer's size. */
int iou__sock_read(struct iou__req *req, struct iou__sock *sk,
		   const struct iovec *iov, uint32_t niov, uint32_t mflags);
int iou__sock_write(struct iou__req *req, struct iou__sock *sk,
		    const struct iovec *iov, uint32_t niov, uint32_t mflags);
/* Such a read failed (ret < 0) or hit EOF (0) before it moved a byte:
 * reports the buffer it selected first, as io_read does. Returns ret,
 * or -ENOBUFS. */
int iou__sock_read_end(struct iou__req *req, int ret);
/* Notifications pending on ring r (ops_net.c). */
void iou__notif_sring_cancel(struct iou__sring *r);

/* The sys ops on sockets (sys.c). */
int iou__net_sys_socket(struct iou_sim *sim, int domain, int type,
			int protocol);
int iou__net_sys_accept(struct iou_sim *sim, int fd, struct sockaddr *a,
			socklen_t *n, int flags);
struct iou__sock *iou__net_sock_of(struct iou_sim *sim, int fd, int *err);

/* ---- internals shared by net.c, net_addr.c and net_stream.c ---- */

#define IOU__PORT_FIRST 32768U      /* ip_local_port_range */
#define IOU__PORT_LAST  60999U
#define IOU__WAKE_ALL 0xffffffffU

struct iou__net {
	struct iou__sock **bound;  /* bound sockets, in bind order */
	uint32_t nbound, capbound;
	uint32_t next_port;
	uint64_t next_id;
	struct iou__waitq never;   /* polls on what never changes */
	struct iou__list notifs;   /* zero-copy notifications on the clock */
	struct iou__sock **unixd;  /* AF_UNIX datagram sockets (their peers
				      are pointers), in creation order */
	uint32_t nunixd, capunixd;
	struct iou__list deliv;    /* bytes in flight: carriers on the clock */
};


/* Addresses (net_addr.c). */
uint16_t iou__addr_port(const struct iou__saddr *a);
int iou__addr_any(const struct iou__saddr *a);
/* The loopback address of the family (what INADDR_ANY connects to). */
void iou__addr_loopback(struct iou__saddr *a, int domain, uint16_t port);
/* A local address of this host: the sim has only loopback. */
int iou__addr_local(const struct iou__saddr *a);
int iou__addr_same_host(const struct iou__saddr *a,
			const struct iou__saddr *b);
void iou__addr_v4_mapped(struct iou__saddr *a, uint16_t port);
int iou__addr_unix_eq(const struct iou__saddr *a, const struct iou__saddr *b);
/* Copies the caller's address in: -EFAULT, -EINVAL, -EAFNOSUPPORT. */
int iou__addr_in(const struct iou__sock *sk, const struct sockaddr *a,
		 socklen_t n, struct iou__saddr *out);
/* The table of bound sockets: 0 or -ENOMEM; removal. */
int iou__net_table_add(struct iou__net *net, struct iou__sock *sk);
void iou__net_table_del(struct iou__net *net, struct iou__sock *sk);
/* Whether a (a socket's address to be) clashes with a bound socket. */
int iou__addr_in_use(const struct iou__net *net, const struct iou__sock *sk,
		     const struct iou__saddr *a);
/* An ephemeral port for a, deterministic: the next free one. */
int iou__net_pick_port(struct iou__net *net, const struct iou__sock *sk,
		       struct iou__saddr *a);
/* Binds sk to the loopback address and an ephemeral port if unbound. */
int iou__sock_autobind(struct iou_sim *sim, struct iou__sock *sk);
/* Datagram and seqpacket sockets (net_dgram.c). Sends put one message
 * whole or nothing: its length, -EAGAIN (an AF_UNIX receiver is full),
 * -EMSGSIZE, -EDESTADDRREQ, -ENOTCONN, -ECONNREFUSED, -EPERM, -EPIPE.
 * to/tolen: the destination (NULL: the connected peer); on -EAGAIN
 * *wait is the socket whose room to wait for. */
ssize_t iou__dgram_send(struct iou_sim *sim, struct iou__sock *sk,
			const struct iovec *iov, uint32_t niov,
			const struct sockaddr *to, socklen_t tolen,
			struct iou__sock **wait);
/* The same for a zero-copy send: with defer (its notification) a UDP
 * datagram of one iovec is read from the user's buffer when it is read
 * or defer posts, whichever comes first (the kernel's skb holds the
 * user's pages until the receiver has copied it). */
ssize_t iou__dgram_send_zc(struct iou_sim *sim, struct iou__sock *sk,
			   const struct iovec *iov, uint32_t niov,
			   const struct sockaddr *to, socklen_t tolen,
			   struct iou__sock **wait, struct iou__req *defer);
/* The datagrams queued on sk whose bytes notif reads later: read now
 * (zero: as zeros, the user's buffer may be gone). */
void iou__dgram_fill_notif(struct iou__sock *sk, struct iou__req *notif,
			   int zero);
/* Takes (MSG_PEEK: reads) the oldest message into iov: the bytes copied,
 * or its whole length with MSG_TRUNC in flags; *mflags gets MSG_TRUNC
 * when it did not fit; from/fromlen (may be NULL) the sender's name.
 * -EAGAIN when none is queued, 0 at a seqpacket's EOF, or the error. */
ssize_t iou__dgram_recv(struct iou_sim *sim, struct iou__sock *sk,
			const struct iovec *iov, uint32_t niov, int flags,
			struct sockaddr *from, socklen_t *fromlen,
			uint32_t *mflags);
/* connect(2) on a SOCK_DGRAM socket (AF_UNSPEC disconnects). */
int iou__dgram_connect(struct iou_sim *sim, struct iou__sock *sk,
		       const struct sockaddr *a, socklen_t n);
/* Readiness of a SOCK_DGRAM socket. */
uint32_t iou__dgram_poll(const struct iou__sock *sk);
/* The socket goes: its queue is freed, sockets connected to it forget
 * it. */
void iou__dgram_close(struct iou_sim *sim, struct iou__sock *sk);
/* Registers an AF_UNIX datagram socket at creation: 0 or -ENOMEM. */
int iou__dgram_unix_add(struct iou__sock *sk);
/* The room of sk's receive queue. */
uint32_t iou__dgram_room(const struct iou__sock *sk);
/* The peer of iou_sim_peer (peer.c), for waits with nothing queued to
 * run: iou__peer_step reads its echoes and may send (1: it sent, the wait
 * looks again); iou__peer_idle, where nothing can end the wait: 1 when the
 * peer is done (the wait returns -EDEADLK, not a hang; sim->idle_end has
 * run), 0 (a hang). */
int iou__peer_step(struct iou_sim *sim);
int iou__peer_idle(struct iou_sim *sim);
void iou__peer_free(struct iou_sim *sim);
/* The socket a UDP datagram from sk to the loopback's port reaches. */
struct iou__sock *iou__dgram_udp_dest(struct iou__sock *sk, uint16_t port);
/* sendto/recvfrom of the sys calls on a message socket (sys.c). */
ssize_t iou__dgram_sys_sendto(struct iou_sim *sim, struct iou__sock *sk,
			      const void *buf, size_t len, int flags,
			      const struct sockaddr *to, socklen_t tolen);
ssize_t iou__dgram_sys_recvfrom(struct iou_sim *sim, struct iou__sock *sk,
				void *buf, size_t len, int flags,
				struct sockaddr *from, socklen_t *fromlen);
/* Ring ops on a message socket (ops_dgram.c): RECV/RECVMSG (multishot
 * too), SEND/SENDMSG/SEND_ZC/SENDMSG_ZC, and the read/write family.
 * Restartable issue hooks, as stream_recv and stream_send. */
int iou__dgram_recv_issue(struct iou__req *req, struct iou__sock *sk,
			  const struct iovec *iov, uint32_t niov,
			  uint32_t mflags, int rw);
int iou__dgram_send_issue(struct iou__req *req, struct iou__sock *sk,
			  const struct iovec *iov, uint32_t niov,
			  uint32_t mflags, struct iou__req *defer);

/* The peer of x is gone, with a reset or an orderly end (net_stream.c). */
void iou__sock_peer_gone(struct iou_sim *sim, struct iou__sock *x, int reset);

#endif /* IOU_SIM_NET_H */

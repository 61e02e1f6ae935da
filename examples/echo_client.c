/* echo_client.c — the echo client's state machine (see echo_client.h):
 * connect, write chunks, check echoes, half-close, expect EOF; in UDP mode
 * one datagram per chunk and DONE at the last echoed byte. */
#include <errno.h>
#include <string.h>

#include "echo_client.h"

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint8_t echo_client_byte(uint64_t seed, uint64_t off)
{
	uint64_t word = splitmix64(seed ^ splitmix64(off >> 3));

	return (uint8_t)(word >> ((off & 7) * 8));
}

/* Fills buf with the stream's bytes [off, off + len). */
static void stream_fill(uint64_t seed, uint64_t off, unsigned char *buf,
			unsigned len)
{
	for (unsigned i = 0; i < len; i++)
		buf[i] = echo_client_byte(seed, off + i);
}

/* Size of the next chunk, 1..max_chunk. */
static unsigned next_chunk(struct echo_client *c)
{
	c->chunk_rng = splitmix64(c->chunk_rng);
	return 1 + (unsigned)(c->chunk_rng % c->opts.max_chunk);
}

static int fail(struct echo_client *c, int err)
{
	if (c->fd >= 0)
		iou_sys_close(c->ring, c->fd);
	c->fd = -1;
	c->error = err;
	c->state = ECHO_CLIENT_FAILED;
	return err;
}

int echo_client_start(struct echo_client *c, struct iou *ring,
		      const struct sockaddr *addr, socklen_t len,
		      const struct echo_client_opts *opts)
{
	int fd;

	if (!c || !ring || !addr || !opts || len > sizeof(c->addr))
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	c->fd = -1;  /* echo_client_close after a failed start: nothing */
	c->ring = ring;
	c->opts = *opts;
	if (!c->opts.max_chunk)
		c->opts.max_chunk = 4096;
	if (c->opts.max_chunk > ECHO_CLIENT_BUF)
		c->opts.max_chunk = ECHO_CLIENT_BUF;
	if (!c->opts.window)
		c->opts.window = 65536;
	if (!c->opts.dgram_window)
		c->opts.dgram_window = 8;
	c->chunk_rng = opts->seed ^ 0x636875686b73ULL;
	memcpy(&c->addr, addr, len);
	c->addrlen = len;
	fd = iou_sys_socket(ring, addr->sa_family,
			    (opts->udp ? SOCK_DGRAM : SOCK_STREAM) |
			    SOCK_NONBLOCK, 0);
	if (fd < 0)
		return fd;
	c->fd = fd;
	c->state = ECHO_CLIENT_CONNECTING;
	return 0;
}

/* Connect, or ask again whether the connect in progress finished. */
static int step_connect(struct echo_client *c)
{
	int ret = iou_sys_connect(c->ring, c->fd,
				  (const struct sockaddr *)&c->addr, c->addrlen);

	if (ret == 0 || ret == -EISCONN) {
		c->state = ECHO_CLIENT_RUNNING;
		return 1;
	}
	/* the first -EINPROGRESS moved the connection on (the handshake
	 * started); the next call says how it ended */
	if (ret == -EINPROGRESS && !c->connect_started) {
		c->connect_started = 1;
		return 1;
	}
	if (ret == -EINPROGRESS || ret == -EALREADY || ret == -EAGAIN ||
	    ret == -EINTR)
		return 0;
	return fail(c, ret);
}

/* Checks n echoed bytes in c->buf against the stream. */
static int check_echo(struct echo_client *c, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (c->buf[i] != echo_client_byte(c->opts.seed,
						  c->received + i)) {
			c->bad_offset = c->received + i;
			return fail(c, -EILSEQ);
		}
	}
	c->received += n;
	return (int)n;
}

/* EOF from the server: right only after every byte came back. */
static int got_eof(struct echo_client *c)
{
	if (c->state != ECHO_CLIENT_DRAINING || c->received != c->opts.bytes)
		return fail(c, -ECONNABORTED);
	iou_sys_close(c->ring, c->fd);
	c->fd = -1;
	c->state = ECHO_CLIENT_DONE;
	return 1;
}

/* UDP: one echoed datagram; the last byte back ends the run. */
static int step_read_udp(struct echo_client *c)
{
	ssize_t n = iou_sys_read(c->ring, c->fd, c->buf, sizeof(c->buf));
	int ret;

	if (n == -EAGAIN || n == -EINTR)
		return 0;
	if (n < 0)
		return fail(c, (int)n);
	if (n == 0 || (uint64_t)n > c->sent - c->received)
		return fail(c, -EPROTO);  /* not an echo of ours */
	ret = check_echo(c, (unsigned)n);
	if (ret < 0)
		return ret;
	c->dgrams_received++;
	if (c->received == c->opts.bytes) {
		iou_sys_close(c->ring, c->fd);
		c->fd = -1;
		c->state = ECHO_CLIENT_DONE;
	}
	return ret;
}

static int step_read(struct echo_client *c)
{
	uint64_t want = c->sent - c->received;
	ssize_t n;

	/* ask for one byte more than owed: it exposes extra data */
	if (want >= sizeof(c->buf))
		want = sizeof(c->buf) - 1;
	n = iou_sys_read(c->ring, c->fd, c->buf, (size_t)want + 1);
	if (n == -EAGAIN || n == -EINTR)
		return 0;
	if (n < 0)
		return fail(c, (int)n);
	if (n == 0)
		return got_eof(c);
	if ((uint64_t)n > c->sent - c->received)
		return fail(c, -EPROTO);  /* more came back than was sent */
	return check_echo(c, (unsigned)n);
}

static int step_write(struct echo_client *c)
{
	uint64_t left = c->opts.bytes - c->sent;
	uint64_t room = c->opts.window - (c->sent - c->received);
	unsigned len;
	ssize_t n;

	if (!c->chunk_left)
		c->chunk_left = next_chunk(c);
	len = c->chunk_left;
	if (len > left)
		len = (unsigned)left;
	if (len > room)
		len = (unsigned)room;
	if (c->opts.udp &&
	    c->dgrams_sent - c->dgrams_received >= c->opts.dgram_window)
		len = 0;
	if (!len)
		return 0;
	stream_fill(c->opts.seed, c->sent, c->buf, len);
	n = iou_sys_write(c->ring, c->fd, c->buf, len);
	if (n == -EAGAIN || n == -EINTR)
		return 0;
	if (n < 0)
		return fail(c, (int)n);
	if (c->opts.udp) {
		if ((unsigned)n != len)
			return fail(c, -EPROTO);  /* a datagram goes whole */
		c->dgrams_sent++;
	}
	c->sent += (uint64_t)n;
	c->chunk_left -= (unsigned)n;
	return (int)n;
}

/* Everything sent: shut the write side so the server sees EOF. */
static int step_shutdown(struct echo_client *c)
{
	int ret = iou_sys_shutdown(c->ring, c->fd, SHUT_WR);

	if (ret < 0)
		return fail(c, ret);
	c->state = ECHO_CLIENT_DRAINING;
	return 1;
}

int echo_client_step(struct echo_client *c)
{
	int progress = 0, ret;

	switch (c->state) {
	case ECHO_CLIENT_CONNECTING:
		return step_connect(c);
	case ECHO_CLIENT_RUNNING:
	case ECHO_CLIENT_DRAINING:
		break;
	case ECHO_CLIENT_FAILED:
		return c->error;
	default:
		return 0;
	}
	if (c->opts.read_every <= 1 || !(c->steps++ % c->opts.read_every)) {
		ret = c->opts.udp ? step_read_udp(c) : step_read(c);
		if (ret < 0)
			return ret;
		progress += ret;
	}
	if (c->state != ECHO_CLIENT_RUNNING)
		return progress;
	if (c->sent < c->opts.bytes) {
		ret = step_write(c);
		if (ret < 0)
			return ret;
		progress += ret;
	}
	if (c->sent == c->opts.bytes && !c->opts.udp) {
		ret = step_shutdown(c);
		if (ret < 0)
			return ret;
		progress += ret;
	}
	return progress;
}

int echo_client_finished(const struct echo_client *c)
{
	return c->state == ECHO_CLIENT_DONE || c->state == ECHO_CLIENT_FAILED;
}

void echo_client_close(struct echo_client *c)
{
	if (c->fd >= 0)
		iou_sys_close(c->ring, c->fd);
	c->fd = -1;
	if (!echo_client_finished(c))
		c->state = ECHO_CLIENT_IDLE;
}

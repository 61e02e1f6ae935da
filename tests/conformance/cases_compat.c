/* cases_compat.c — conformance: the plain syscalls that unmodified
 * liburing programs make around their rings (issue 10: liburing's own
 * tests on the sim), where the sim's answer was found to differ. */
#include "cases.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* Polls fd until one of events (or an error) shows; returns revents. */
static short wait_fd(struct fx *fx, int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;

	while ((r = iou_sys_poll(&fx->ring, &p, 1, -1)) == -EINTR)
		;
	assert_int_equal(r, 1);
	return p.revents;
}

static int so_error(struct fx *fx, int fd)
{
	int e = -1;
	socklen_t n = sizeof(e);

	assert_int_equal(iou_sys_getsockopt(&fx->ring, fd, SOL_SOCKET,
					    SO_ERROR, &e, &n), 0);
	return e;
}

/* A non-blocking TCP connect on loopback returns -EINPROGRESS, also when
 * a listener is there (the handshake ends after the call); the socket then
 * turns writable with no error and the listener has the connection. Nobody listening: -EINPROGRESS too, then
 * SO_ERROR is ECONNREFUSED. (6.18; liburing's accept and socket-rw tests
 * assert the -EINPROGRESS.) */
void case_sys_connect_nonblocking_inprogress(struct fx *fx)
{
	struct sockaddr_in a;
	int l = fx_listener(fx, &a), c, s;

	c = fx_track(fx, iou_sys_socket(&fx->ring, AF_INET,
					SOCK_STREAM | SOCK_NONBLOCK, 0));
	assert_int_equal(iou_sys_connect(&fx->ring, c, (struct sockaddr *)&a,
					 sizeof(a)), -EINPROGRESS);
	assert_true(wait_fd(fx, c, POLLOUT) & POLLOUT);
	assert_int_equal(so_error(fx, c), 0);
	assert_true(wait_fd(fx, l, POLLIN) & POLLIN);
	s = iou_sys_accept(&fx->ring, l, NULL, NULL, 0);
	assert_true(s >= 0);
	fx_track(fx, s);
	fx_write_all(fx, c, "hi", 2);
	{
		char b[2];

		assert_true(wait_fd(fx, s, POLLIN) & POLLIN);
		assert_int_equal(iou_sys_read(&fx->ring, s, b, 2), 2);
		assert_memory_equal(b, "hi", 2);
	}

	fx_close(fx, l); /* nobody listens on the port now */
	c = fx_track(fx, iou_sys_socket(&fx->ring, AF_INET,
					SOCK_STREAM | SOCK_NONBLOCK, 0));
	assert_int_equal(iou_sys_connect(&fx->ring, c, (struct sockaddr *)&a,
					 sizeof(a)), -EINPROGRESS);
	assert_true(wait_fd(fx, c, POLLOUT) & (POLLERR | POLLHUP));
	assert_int_equal(so_error(fx, c), ECONNREFUSED);
	assert_int_equal(so_error(fx, c), 0); /* reported once */
}

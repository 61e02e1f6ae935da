/* cat_net.h — loopback TCP set-up for the catalogue's socket consumers:
 * a listener on 127.0.0.1 (port chosen by the stack) and connected pairs,
 * all through iou_sys_*, so the same code runs on the sim and on Linux.
 * While the sim has no sockets these return -EAFNOSUPPORT, and the socket
 * entries are skipped. */
#ifndef IOU_TEST_CATALOGUE_NET_H
#define IOU_TEST_CATALOGUE_NET_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "iou.h"

/* Opens a listener on 127.0.0.1:0; *addr gets its address. Returns the fd
 * or -errno. */
static inline int cat_listen(struct iou *ring, struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd, ret;

	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = iou_sys_socket(ring, AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return fd;
	ret = iou_sys_bind(ring, fd, (struct sockaddr *)addr, sizeof(*addr));
	if (!ret)
		ret = iou_sys_listen(ring, fd, 16);
	if (!ret)
		ret = iou_sys_getsockname(ring, fd, (struct sockaddr *)addr,
					  &len);
	if (ret) {
		iou_sys_close(ring, fd);
		return ret;
	}
	return fd;
}

/* Connects a new client to addr. Returns its fd or -errno. */
static inline int cat_connect(struct iou *ring, const struct sockaddr_in *addr)
{
	int fd = iou_sys_socket(ring, AF_INET, SOCK_STREAM, 0), ret;

	if (fd < 0)
		return fd;
	ret = iou_sys_connect(ring, fd, (const struct sockaddr *)addr,
			      sizeof(*addr));
	if (ret) {
		iou_sys_close(ring, fd);
		return ret;
	}
	return fd;
}

/* A connected pair: *client and *server (accepted synchronously). The
 * listener is closed again. Returns 0 or -errno. */
static inline int cat_tcp_pair(struct iou *ring, int *client, int *server)
{
	struct sockaddr_in addr;
	int lfd = cat_listen(ring, &addr);

	if (lfd < 0)
		return lfd;
	*client = cat_connect(ring, &addr);
	if (*client < 0) {
		iou_sys_close(ring, lfd);
		return *client;
	}
	*server = iou_sys_accept(ring, lfd, NULL, NULL, 0);
	iou_sys_close(ring, lfd);
	if (*server < 0) {
		iou_sys_close(ring, *client);
		return *server;
	}
	return 0;
}

#endif

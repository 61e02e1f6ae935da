/* prog_udp.c — a UDP echo server on plain libc calls that never exits, for
 * iou-explore --peer: it binds 127.0.0.1:PORT, waits on an edge-triggered
 * epoll and echoes what it reads. "fixed" reads until -EAGAIN at each
 * wakeup; "buggy" reads one datagram per wakeup, so when two arrive
 * together the second waits for an edge that may never come (its echo is
 * lost: with the sim's peer, a hang). A ring is set up and kept so that
 * the process's sim is made from the environment.
 *
 * usage: prog_udp fixed|buggy PORT */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "iou.h"

int main(int argc, char **argv)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	struct sockaddr_in a;
	struct iou ring;
	int fd, ep, buggy;

	if (argc != 3 || (strcmp(argv[1], "fixed") && strcmp(argv[1], "buggy")))
		return 2;
	buggy = !strcmp(argv[1], "buggy");
	if (iou_queue_init(4, &ring, 0) < 0)
		return 2;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)atoi(argv[2]));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("prog_udp: socket");
		return 2;
	}
	ep = epoll_create1(0);
	ev.data.fd = fd;
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)) {
		perror("prog_udp: epoll");
		return 2;
	}
	for (;;) {
		struct epoll_event out;
		int n = epoll_wait(ep, &out, 1, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			perror("prog_udp: epoll_wait");
			return 3;
		}
		for (;;) {
			char b[2048];
			struct sockaddr_in from;
			socklen_t fl = sizeof(from);
			ssize_t got = recvfrom(fd, b, sizeof(b), 0,
					       (struct sockaddr *)&from, &fl);

			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0 && errno == EAGAIN)
				break;
			if (got < 0) {
				perror("prog_udp: recvfrom");
				return 3;
			}
			if (sendto(fd, b, (size_t)got, 0,
				   (struct sockaddr *)&from, fl) != got) {
				perror("prog_udp: sendto");
				return 3;
			}
			if (buggy)
				break;
		}
	}
}

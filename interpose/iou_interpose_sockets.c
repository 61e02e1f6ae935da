/* iou_interpose_sockets.c — the interposition library's pipes and sockets
 * (issue 10): pipe, pipe2, socket and socketpair of AF_INET, AF_INET6 and
 * AF_UNIX (other domains stay real), bind, listen, connect, accept,
 * shutdown, the name and option calls, and send/recv in all their forms
 * (sendmsg/recvmsg gather and scatter their iovecs, no control messages).
 * accept and the data calls on a blocking sim fd are waited out on the sim
 * (BLOCKING). */
#undef _FILE_OFFSET_BITS
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "interpose.h"

/* glibc's fortified recv (-D_FORTIFY_SOURCE), which its headers do not
 * declare. */
ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen, int flags);

EXPORT int pipe(int fds[2])
{
	REAL(pipe);
	if (iou__ip_on())
		return (int)iou__ip_ret(iou_sys_pipe(RING, fds));
	return real_pipe(fds);
}

static int sim_domain(int domain)
{
	return domain == AF_INET || domain == AF_INET6 || domain == AF_UNIX;
}

EXPORT int socket(int domain, int type, int protocol)
{
	REAL(socket);
	if (sim_domain(domain) && iou__ip_on())
		return (int)iou__ip_ret(iou_sys_socket(RING, domain, type,
						       protocol));
	return real_socket(domain, type, protocol);
}

EXPORT int bind(int fd, const struct sockaddr *a, socklen_t n)
{
	REAL(bind);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_bind(RING, fd, a, n));
	return real_bind(fd, a, n);
}

EXPORT int listen(int fd, int backlog)
{
	REAL(listen);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_listen(RING, fd, backlog));
	return real_listen(fd, backlog);
}

EXPORT int connect(int fd, const struct sockaddr *a, socklen_t n)
{
	REAL(connect);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_connect(RING, fd, a, n));
	return real_connect(fd, a, n);
}

EXPORT int accept4(int fd, struct sockaddr *a, socklen_t *n, int flags)
{
	REAL(accept4);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(BLOCKING(iou_sys_accept(RING, fd, a, n,
								flags),
						 fd, POLLIN));
	return real_accept4(fd, a, n, flags);
}

EXPORT int accept(int fd, struct sockaddr *a, socklen_t *n)
{
	return accept4(fd, a, n, 0);
}

EXPORT int shutdown(int fd, int how)
{
	REAL(shutdown);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_shutdown(RING, fd, how));
	return real_shutdown(fd, how);
}

EXPORT int getsockname(int fd, struct sockaddr *a, socklen_t *n)
{
	REAL(getsockname);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_getsockname(RING, fd, a, n));
	return real_getsockname(fd, a, n);
}

EXPORT int setsockopt(int fd, int level, int name, const void *val,
		      socklen_t len)
{
	REAL(setsockopt);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_setsockopt(RING, fd, level,
							   name, val, len));
	return real_setsockopt(fd, level, name, val, len);
}

static ssize_t sim_sendto(int fd, const void *buf, size_t len, int flags,
			  const struct sockaddr *to, socklen_t tolen)
{
	return iou__ip_ret(BLOCKING(iou_sys_sendto(RING, fd, buf, len, flags,
						   to, tolen),
				    fd, POLLOUT));
}

static ssize_t sim_recvfrom(int fd, void *buf, size_t len, int flags,
			    struct sockaddr *from, socklen_t *fromlen)
{
	return iou__ip_ret(BLOCKING(iou_sys_recvfrom(RING, fd, buf, len, flags,
						     from, fromlen),
				    fd, POLLIN));
}

EXPORT ssize_t sendto(int fd, const void *buf, size_t len, int flags,
		      const struct sockaddr *to, socklen_t tolen)
{
	REAL(sendto);
	if (iou__ip_sim_fd(fd))
		return sim_sendto(fd, buf, len, flags, to, tolen);
	return real_sendto(fd, buf, len, flags, to, tolen);
}

EXPORT ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	return sendto(fd, buf, len, flags, NULL, 0);
}

EXPORT ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
			struct sockaddr *from, socklen_t *fromlen)
{
	REAL(recvfrom);
	if (iou__ip_sim_fd(fd))
		return sim_recvfrom(fd, buf, len, flags, from, fromlen);
	return real_recvfrom(fd, buf, len, flags, from, fromlen);
}

EXPORT ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	return recvfrom(fd, buf, len, flags, NULL, NULL);
}

EXPORT ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen,
			  int flags)
{
	(void)buflen;
	return recv(fd, buf, len, flags);
}

/* sendmsg/recvmsg on the sim: the data of the iovecs, gathered into one
 * send or scattered from one receive; no control messages (msg_controllen
 * 0 back). */
EXPORT ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	size_t total = 0, off = 0;
	ssize_t r;
	char *buf;

	REAL(sendmsg);
	if (!iou__ip_sim_fd(fd))
		return real_sendmsg(fd, m, flags);
	if (m->msg_controllen)
		return iou__ip_ret(-EOPNOTSUPP);
	for (size_t i = 0; i < m->msg_iovlen; i++)
		total += m->msg_iov[i].iov_len;
	buf = malloc(total ? total : 1);
	if (!buf)
		return iou__ip_ret(-ENOMEM);
	for (size_t i = 0; i < m->msg_iovlen; i++) {
		memcpy(buf + off, m->msg_iov[i].iov_base, m->msg_iov[i].iov_len);
		off += m->msg_iov[i].iov_len;
	}
	r = sim_sendto(fd, buf, total, flags, m->msg_name, m->msg_namelen);
	free(buf);
	return r;
}

EXPORT ssize_t recvmsg(int fd, struct msghdr *m, int flags)
{
	size_t total = 0, off = 0;
	socklen_t namelen = m->msg_namelen;
	ssize_t r;
	char *buf;

	REAL(recvmsg);
	if (!iou__ip_sim_fd(fd))
		return real_recvmsg(fd, m, flags);
	for (size_t i = 0; i < m->msg_iovlen; i++)
		total += m->msg_iov[i].iov_len;
	buf = malloc(total ? total : 1);
	if (!buf)
		return iou__ip_ret(-ENOMEM);
	r = sim_recvfrom(fd, buf, total, flags, m->msg_name,
			 m->msg_name ? &namelen : NULL);
	for (size_t i = 0; r > 0 && i < m->msg_iovlen && off < (size_t)r; i++) {
		size_t n = m->msg_iov[i].iov_len;

		if (n > (size_t)r - off)
			n = (size_t)r - off;
		memcpy(m->msg_iov[i].iov_base, buf + off, n);
		off += n;
	}
	free(buf);
	if (r >= 0) {
		m->msg_namelen = m->msg_name ? namelen : 0;
		m->msg_controllen = 0;
		m->msg_flags = 0;
	}
	return r;
}

EXPORT int pipe2(int fds[2], int flags)
{
	int ret;

	REAL(pipe2);
	if (!iou__ip_on())
		return real_pipe2(fds, flags);
	if (flags & ~(O_NONBLOCK | O_CLOEXEC | O_DIRECT))
		return (int)iou__ip_ret(-EINVAL);
	ret = iou_sys_pipe(RING, fds);
	for (int i = 0; !ret && i < 2; i++) {
		if (flags & O_NONBLOCK)
			ret = iou_sys_fcntl(RING, fds[i], F_SETFL, O_NONBLOCK);
		if (!ret && (flags & O_CLOEXEC))
			ret = iou_sys_fcntl(RING, fds[i], F_SETFD, FD_CLOEXEC);
	}
	return (int)iou__ip_ret(ret);
}

EXPORT int socketpair(int domain, int type, int protocol, int sv[2])
{
	REAL(socketpair);
	if (sim_domain(domain) && iou__ip_on())
		return (int)iou__ip_ret(iou_sys_socketpair(RING, domain, type,
							   protocol, sv));
	return real_socketpair(domain, type, protocol, sv);
}

EXPORT int getpeername(int fd, struct sockaddr *a, socklen_t *n)
{
	REAL(getpeername);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_getpeername(RING, fd, a, n));
	return real_getpeername(fd, a, n);
}

EXPORT int getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	REAL(getsockopt);
	if (iou__ip_sim_fd(fd))
		return (int)iou__ip_ret(iou_sys_getsockopt(RING, fd, level,
							   name, val, len));
	return real_getsockopt(fd, level, name, val, len);
}

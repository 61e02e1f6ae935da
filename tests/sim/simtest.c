/* simtest.c — helpers shared by the sim's tests. */
#include "simtest.h"

#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

struct iou_sim *iou__sim_new_vec(const struct iou_sim_opts *opts,
				 const uint32_t *vec, size_t n);

struct iou_sim *st_canon(uint32_t kernel)
{
	static const uint8_t none[1];
	struct iou_sim_opts o;

	memset(&o, 0, sizeof(o));
	o.tape = none;
	o.tape_len = 0;
	o.kernel_min = kernel;
	return iou_sim_new(&o);
}

struct iou_sim *st_seeded(uint64_t seed, uint32_t kernel)
{
	struct iou_sim_opts o;

	memset(&o, 0, sizeof(o));
	o.seed = seed;
	o.kernel_min = kernel;
	return iou_sim_new(&o);
}

struct iou_sim *st_tape(uint64_t seed, uint32_t kernel)
{
	return seed ? st_seeded(seed, kernel) : st_canon(kernel);
}

struct iou_sim *st_vec(const uint32_t *vec, size_t n, uint32_t kernel)
{
	struct iou_sim_opts o;

	memset(&o, 0, sizeof(o));
	o.kernel_min = kernel;
	return iou__sim_new_vec(&o, vec, n);
}

void st_ring(struct iou_sim *sim, struct iou *ring, unsigned entries,
	     unsigned flags)
{
	assert_non_null(sim);
	assert_int_equal(iou_queue_init_sim(entries, ring, flags, sim), 0);
}

struct iou_sqe *st_sqe(struct iou *ring)
{
	struct iou_sqe *sqe = iou_get_sqe(ring);

	assert_non_null(sqe);
	return sqe;
}

void st_reap(struct iou *ring, struct iou_cqe *cqes, unsigned n)
{
	unsigned got = 0;
	int tries = 0;

	while (got < n) {
		int ret = iou_copy_cqes(ring, cqes + got, n - got, 1);

		if (ret == -EINTR || ret == -EAGAIN) {
			assert_true(++tries < 100000);
			continue;
		}
		assert_true(ret > 0);
		got += (unsigned)ret;
	}
}

int st_submit_all(struct iou *ring)
{
	int total = 0, tries = 0;

	while (iou_sq_ready(ring)) {
		int ret = iou_submit(ring);

		if (ret == -EINTR || ret == -EAGAIN || ret == -EBUSY) {
			assert_true(++tries < 100000);
			continue;
		}
		assert_true(ret >= 0);
		total += ret;
	}
	return total;
}

int st_index(const struct iou_cqe *cqes, unsigned n, uint64_t ud)
{
	for (unsigned i = 0; i < n; i++)
		if (cqes[i].user_data == ud)
			return (int)i;
	return -1;
}

void st_expect_quiet(struct iou *ring)
{
	struct iou_cqe *cqe;
	int ret;

	assert_int_equal(iou_cq_ready(ring), 0);
	do
		ret = iou_wait_cqe(ring, &cqe);
	while (ret == -EINTR);
	assert_int_equal(ret, -EDEADLK);
}

int st_listener(struct iou *ring, struct sockaddr_in *a)
{
	socklen_t n = sizeof(*a);
	int fd = iou_sys_socket(ring, AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(iou_sys_bind(ring, fd, (struct sockaddr *)a,
				      sizeof(*a)), 0);
	assert_int_equal(iou_sys_listen(ring, fd, 16), 0);
	assert_int_equal(iou_sys_getsockname(ring, fd, (struct sockaddr *)a,
					     &n), 0);
	return fd;
}

int st_connect(struct iou *ring, const struct sockaddr_in *a)
{
	int fd = iou_sys_socket(ring, AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(iou_sys_connect(ring, fd, (const struct sockaddr *)a,
					 sizeof(*a)), 0);
	return fd;
}

void st_tcp_pair(struct iou *ring, struct st_pair *p)
{
	p->l = st_listener(ring, &p->a);
	p->c = st_connect(ring, &p->a);
	p->s = iou_sys_accept(ring, p->l, NULL, NULL, 0);
	assert_true(p->s >= 0);
}

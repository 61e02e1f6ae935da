/* devices.c — the sim's /dev: null (reads end at once, writes vanish),
 * zero (zeros; writes vanish), full (zeros; writes fail -ENOSPC), random
 * and urandom (a byte stream from a fixed generator: the same run reads
 * the same bytes; no host randomness). The nodes are made with the world
 * (world.c). And the standard streams of a program whose other fds are the
 * host's (iou__world_stdio): what the ring writes to fd 1 or 2 goes to the
 * host's (all of it is reported written, whatever the host did with it,
 * so that the sim's results never depend on the host); reads of fd 0 end
 * at once (the host's stdin is not read). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "world.h"

#define MAX_RW_COUNT 0x7ffff000UL

/* splitmix64 of the stream position: byte i of every random device is the
 * same in every run. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

ssize_t iou__dev_read(struct iou__inode *ino, void *buf, size_t len)
{
	uint8_t *p = buf;

	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if ((ino->rdev >> 8) == IOU__DEV_HOST)
		return 0;
	switch (ino->rdev & 0xff) {
	case 3: /* null */
		return 0;
	case 8: /* random */
	case 9: /* urandom */
		for (size_t i = 0; i < len; i++, ino->dev_seq++)
			p[i] = (uint8_t)(mix(ino->dev_seq >> 3) >>
					 ((ino->dev_seq & 7) * 8));
		return (ssize_t)len;
	default: /* zero, full */
		memset(buf, 0, len);
		return (ssize_t)len;
	}
}

ssize_t iou__dev_write(struct iou__inode *ino, const void *buf, size_t len)
{
	(void)buf;
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if ((ino->rdev >> 8) == IOU__DEV_HOST) {
		int saved = errno;

		for (size_t done = 0; done < len;) {
			ssize_t n = write((int)(ino->rdev & 0xff),
					  (const char *)buf + done, len - done);

			if (n <= 0)
				break; /* the host's trouble, not the sim's */
			done += (size_t)n;
		}
		errno = saved;
		return (ssize_t)len;
	}
	if ((ino->rdev & 0xff) == 7) /* full */
		return len ? -ENOSPC : 0;
	return (ssize_t)len; /* null and zero discard; random mixes it in */
}

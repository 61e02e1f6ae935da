/* futex.c — futexes on user memory (FUTEX_WAKE from iou_sys_futex_wake).
 * The ring's futex ops are not modelled yet, so no one ever waits: a
 * wake finds no waiter. */
#include <errno.h>

#include "evloop.h"

int iou__futex_wake(struct iou_sim *sim, uint32_t *uaddr, int nr,
		    uint32_t mask)
{
	(void)sim;
	(void)nr;
	/* futex_wake: a misaligned address -EINVAL, a NULL one -EFAULT
	 * (get_futex_key), a zero mask -EINVAL */
	if ((uintptr_t)uaddr % sizeof(uint32_t))
		return -EINVAL;
	if (!uaddr)
		return -EFAULT;
	if (!mask)
		return -EINVAL;
	return 0;
}

/* version.c — the version of the library linked, for comparing with the
 * IOU_VERSION_* macros of the headers a program was built with. */
#include "iou.h"

const char *iou_version(void)
{
	return IOU_VERSION_STRING;
}

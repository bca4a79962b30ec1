/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The PTZ handle, shared by ptz.c (ioctls, events) and ptz-attrs.c (sysfs). */
#ifndef IPCAM_PTZ_PRIV_H
#define IPCAM_PTZ_PRIV_H

#include <limits.h>

#include "internal.h"

struct ipcam_ptz {
	int fd;			/* /dev/ptzN, or -1 for an attributes-only handle */
	int gone;		/* saw -ENODEV: the device has been removed */
	char sysfs[PATH_MAX];	/* its sysfs directory */
	char err[IPCAM_ERRMSG_LEN];
};

#endif /* IPCAM_PTZ_PRIV_H */

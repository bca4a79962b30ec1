// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Error reporting: every failure is a negative errno value; ipcam_strerror()
 * names it and each handle keeps a message with the context of its last
 * failure.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

const char *ipcam_strerror(int err)
{
	const char *s;

	if (err < 0)
		err = -err;
	/* The two meanings the API gives particular weight to. */
	switch (err) {
	case 0:
		return "Success";
	case ENODEV:
		return "Device has gone (unplugged, unbound or unloaded)";
	case EOPNOTSUPP:
		return "Not supported by this camera";
	}
	/* strerrordesc_np() returns static text: thread-safe, unlike strerror(). */
	s = strerrordesc_np(err);
	return s ? s : "Unknown error";
}

int ipcam_fail(char *msg, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, IPCAM_ERRMSG_LEN, fmt, ap);
	va_end(ap);
	if (n >= 0 && n < IPCAM_ERRMSG_LEN)
		snprintf(msg + n, IPCAM_ERRMSG_LEN - n, ": %s",
			 ipcam_strerror(err));
	return err;
}

int ipcam_neg_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The settings file: one `name=value` line per setting between a header
 * line and an end line, values escaped (\\ \n \r \xHH).  Written atomically:
 * a temporary file in the same directory, fsync, rename over the old one,
 * fsync of the directory.  A power cut or kill -9 at any moment leaves the
 * old file or the new one, never a mix.
 */
#ifndef IPCAMD_SETTINGS_STORE_H
#define IPCAMD_SETTINGS_STORE_H

#include <stddef.h>

#define STORE_HEADER "# ipcamd settings 1"
#define STORE_END "# end"

/* Write N name/value pairs to PATH (mode 0600).  0 or -errno. */
int store_write(const char *path, const char *const *names,
		const char *const *values, size_t n);

/*
 * Read PATH, calling FN for each pair (value unescaped).  0 on success,
 * -ENOENT when the file does not exist, -EBADMSG when it is not a complete
 * settings file (FN may have been called for some pairs already).
 */
int store_read(const char *path,
	       void (*fn)(void *cls, const char *name, const char *value),
	       void *cls);

/* Escape / unescape one value (exposed for the unit tests). */
char *store_escape(const char *s);
char *store_unescape(const char *s);	/* NULL on a malformed escape */

/* Remove a temporary file left by an interrupted write. */
void store_cleanup(const char *path);

#endif

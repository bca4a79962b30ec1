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

/*
 * The header names the file's kind and its format version:
 * "# ipcamd settings 2".  Format 1 had the same lines: 2 is the first a
 * firmware upgrade may meet, and a newer daemon reads every older format
 * (settings.c migrates).  A file of a newer format than the reader knows
 * is read for the names it knows, so a rollback keeps the settings.
 */
#define STORE_FORMAT 2
#define STORE_HEADER "# ipcamd settings 2"
#define STORE_END "# end"

/* Write N name/value pairs to PATH (mode 0600) as a KIND file of format
 * VERSION.  0 or -errno. */
int store_write_kind(const char *path, const char *kind, int version,
		     const char *const *names, const char *const *values, size_t n);
/* A settings file of STORE_FORMAT. */
int store_write(const char *path, const char *const *names,
		const char *const *values, size_t n);

/*
 * Read the KIND file PATH, calling FN for each pair (value unescaped) and
 * setting *VERSION (may be NULL) to its format.  0 on success, -ENOENT
 * when the file does not exist, -EBADMSG when it is not a complete file
 * of that kind (FN may have been called for some pairs already).
 */
int store_read_kind(const char *path, const char *kind, int *version,
		    void (*fn)(void *cls, const char *name, const char *value),
		    void *cls);
/* A settings file, of any format. */
int store_read(const char *path,
	       void (*fn)(void *cls, const char *name, const char *value),
	       void *cls);

/* Escape / unescape one value (exposed for the unit tests). */
char *store_escape(const char *s);
char *store_unescape(const char *s);	/* NULL on a malformed escape */

/* Remove a temporary file left by an interrupted write. */
void store_cleanup(const char *path);

#endif

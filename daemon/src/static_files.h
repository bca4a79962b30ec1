/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Static files (the web UI) from the web root only: the path is checked
 * segment by segment (no "..", ".", hidden names, empty segments,
 * backslashes, NUL or control bytes) and opened beneath the root without
 * following symbolic links.  Only regular files are served.
 */
#ifndef IPCAMD_STATIC_FILES_H
#define IPCAMD_STATIC_FILES_H

#include <stddef.h>

/* True when the decoded request path PATH[0..LEN) may name a file. */
int static_path_ok(const char *path, size_t len);

/*
 * Open PATH (decoded, starting with '/') beneath ROOT.  Returns an fd and
 * sets *SIZE and *CTYPE, or -errno (-ENOENT for anything refused).
 */
int static_open(const char *root, const char *path, size_t len, size_t *size,
		const char **ctype);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The files ipcamd-apply writes, each replaced atomically: readers
 * (systemd-networkd, wpa_supplicant, pppd) and a power cut see the old
 * file or the new one, never a part, and a failure leaves the old one and
 * no temporary file.  PATH is relative to ROOT ("/" on a board, a scratch
 * directory in the tests); missing directories are created (0755).
 */
#ifndef IPCAMD_NETOP_FILES_H
#define IPCAMD_NETOP_FILES_H

#include <stddef.h>

/* Replace ROOT/PATH by DATA[0..LEN) with MODE.  0 or -errno. */
int netop_write_file(const char *root, const char *path, const void *data, size_t len,
		     unsigned int mode);

/* Remove ROOT/PATH; a file that is not there is fine.  0 or -errno. */
int netop_remove_file(const char *root, const char *path);

#endif

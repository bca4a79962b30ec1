/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Device identity: the device id (MAC of the first non-loopback interface,
 * upper-case hex, no separators) and the per-device factory admin password
 * (the configured one or a random one, kept in a root-only file).
 */
#ifndef IPCAMD_IDENTITY_H
#define IPCAMD_IDENTITY_H

#include <stddef.h>

/* Fill ID (at least 33 bytes): the configured id or the first MAC. */
void identity_device_id(const char *configured, char *id, size_t cap);

/*
 * The factory admin password, in PWD (at least 13 bytes).  CONFIGURED
 * (IPCAM_ADMIN_PASSWORD; NULL/"" = none) wins and is written to FILE;
 * otherwise FILE's content; otherwise a new random one, written to FILE
 * (mode 0600) and *GENERATED set.  0, or -1 with a message logged.
 */
int identity_factory_password(const char *file, const char *configured,
			      char *pwd, size_t cap, int *generated);

/* A random password of LEN characters from an unambiguous alphabet. */
int identity_random_password(char *out, size_t len);

#endif

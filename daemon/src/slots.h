/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A/B slots: two directories, slot-a and slot-b, beside a symbolic link
 * "current" naming the one in use.  An install fills the other one and
 * switches the link with one rename(2): a power cut leaves the old link or
 * the new one, never neither.  The firmware's slots live in the firmware
 * directory (ipcamd-boot starts current/sbin/ipcamd, or the factory
 * install when there is no link); the web UI's in STATE_DIR/www, where
 * "current" may also name the firmware's own pages.
 */
#ifndef IPCAMD_SLOTS_H
#define IPCAMD_SLOTS_H

#include <stddef.h>

#define SLOT_A		"slot-a"
#define SLOT_B		"slot-b"
#define SLOT_CURRENT	"current"
#define SLOT_FACTORY	"factory"	/* no link: the operating system's install */
#define SLOT_STAGING	"staging"	/* an install being unpacked */
#define SLOT_RETIRED	"retired"	/* the slot an install replaces, being removed */

/*
 * Where DIR's "current" points, into BUF: "slot-a", "slot-b", another
 * target (the web UI's firmware pages), or "" when there is no link.
 * 0, or -errno.
 */
int slots_current(const char *dir, char *buf, size_t cap);

/* The slot an install into DIR fills: the one "current" does not name. */
const char *slots_inactive(const char *current);

/*
 * Empty SLOT of DIR (whatever an interrupted install left) and create it
 * again: an open directory fd, or -errno.
 */
int slots_clear(const char *dir, const char *slot);

/* Remove DIR/NAME and all it holds (no error when it does not exist). */
int slots_remove(const char *dir, const char *name);

/*
 * DIR/staging becomes DIR/SLOT: the old SLOT (never the one in use) is
 * renamed away and removed.  0 or -errno.
 */
int slots_install(const char *dir, const char *slot);

/* Point DIR's "current" at TARGET atomically, or remove the link when
 * TARGET is NULL; then sync DIR.  0 or -errno. */
int slots_switch(const char *dir, const char *target);

/* The version in DIR/SLOT/MANIFEST, into BUF: 0 or -1. */
int slots_version(const char *dir, const char *slot, char *buf, size_t cap);

/* fsync(2) a directory by path.  0 or -errno. */
int dir_sync(const char *dir);

#endif

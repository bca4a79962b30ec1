/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The firmware directory's boot state (FWDIR/boot-state), shared by the
 * daemon that installs an upgrade and ipcamd-boot, which starts it:
 *
 *   trial     the slot on trial ("" when the running slot is committed)
 *   previous  the slot to roll back to: slot-a, slot-b or factory
 *   attempts  starts of the trial slot so far
 *   note      what happened last ("upgraded ...", "rolled back ..."),
 *             shown by get_status.cgi
 *
 * Written like the settings file (temporary file, fsync, rename, fsync of
 * the directory): a power cut leaves the old state or the new one.
 */
#ifndef IPCAMD_BOOT_STATE_H
#define IPCAMD_BOOT_STATE_H

#define BOOT_STATE_FILE	"boot-state"
/* a trial slot that has not become healthy in this many starts is rolled back */
#define BOOT_MAX_ATTEMPTS 2
/* ipcamd's exit status asking ipcamd-boot to start the current slot */
#define BOOT_EXIT_RESTART 75

struct boot_state {
	char trial[16];
	char previous[16];
	int attempts;
	char note[256];
};

/* Missing: an empty state, 0.  -errno when unreadable.  Safe while the
 * file is being written (the daemon's get_status.cgi reads it). */
int boot_state_read(const char *fwdir, struct boot_state *s);
int boot_state_write(const char *fwdir, const struct boot_state *s);
/* Remove what an interrupted write left: ipcamd-boot, before it starts the
 * daemon (the only writer then). */
void boot_state_cleanup(const char *fwdir);

#endif

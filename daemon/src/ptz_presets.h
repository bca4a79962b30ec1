/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PTZ presets as the daemon keeps them across restarts.  The kernel
 * holds a head's presets only while the device exists; a real camera keeps
 * them in flash.  So each preset set through decoder_control.cgi is read
 * back from the head and saved in the settings file, and the saved ones
 * are put back on the head (and the others cleared) when the camera
 * starts.  restore_factory.cgi forgets them with every other setting.
 */
#ifndef IPCAMD_PTZ_PRESETS_H
#define IPCAMD_PTZ_PRESETS_H

#include <stdbool.h>
#include <stdint.h>

#define SAVED_PRESETS	16	/* the SDK's presets 1..16 */

struct saved_preset {
	bool stored;
	int32_t pan, tilt;	/* steps */
};

/* The saved presets, index 0 = the SDK's preset 1. */
void presets_saved_read(struct saved_preset out[SAVED_PRESETS]);
/* Save preset INDEX (0-based) at PAN/TILT; 0 or a negative errno. */
int presets_saved_record(int index, int32_t pan, int32_t tilt);

#endif

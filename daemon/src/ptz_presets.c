// SPDX-License-Identifier: GPL-2.0-or-later
/* The saved PTZ presets: settings ptz_preset_mask and ptz_presetN_{pan,tilt}. */
#include "ptz_presets.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#include "settings.h"
#include "settings_table.h"

/* Two presets set at once must not lose each other's bit of the mask. */
static pthread_mutex_t record_lock = PTHREAD_MUTEX_INITIALIZER;

static void names(int index, char *pan, char *tilt, size_t len)
{
	snprintf(pan, len, "ptz_preset%d_pan", index + 1);
	snprintf(tilt, len, "ptz_preset%d_tilt", index + 1);
}

void presets_saved_read(struct saved_preset out[SAVED_PRESETS])
{
	char pan[32], tilt[32];
	unsigned long mask;

	settings_lock();
	mask = (unsigned long)settings_int("ptz_preset_mask");
	for (int i = 0; i < SAVED_PRESETS; i++) {
		names(i, pan, tilt, sizeof(pan));
		out[i].stored = mask & (1UL << i);
		out[i].pan = (int32_t)settings_int(pan);
		out[i].tilt = (int32_t)settings_int(tilt);
	}
	settings_unlock();
}

int presets_saved_record(int index, int32_t pan, int32_t tilt)
{
	char pn[32], tn[32], val[3][16];
	struct changeset c;
	unsigned long mask;
	int rc;

	if (index < 0 || index >= SAVED_PRESETS)
		return -EINVAL;
	names(index, pn, tn, sizeof(pn));
	pthread_mutex_lock(&record_lock);
	settings_lock();
	mask = (unsigned long)settings_int("ptz_preset_mask") & 0xffffUL;
	settings_unlock();
	snprintf(val[0], sizeof(val[0]), "%lu", mask | (1UL << index));
	snprintf(val[1], sizeof(val[1]), "%d", (int)pan);
	snprintf(val[2], sizeof(val[2]), "%d", (int)tilt);

	changeset_init(&c);
	changeset_add(&c, setting_index("ptz_preset_mask"), val[0]);
	changeset_add(&c, setting_index(pn), val[1]);
	changeset_add(&c, setting_index(tn), val[2]);
	rc = settings_commit(&c, NULL);
	pthread_mutex_unlock(&record_lock);
	changeset_free(&c);
	return rc;
}

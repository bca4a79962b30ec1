/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A week of quarter-hours, as the SDK stores its schedules: the forbidden
 * schedule (schedule_*), the alarm schedule (alarm_schedule_*) and the FTP
 * schedule (ftp_schedule_*).  Bit n of mask k of a day is quarter-hour
 * 32k + n after midnight, camera local time.
 */
#ifndef IPCAMD_SCHEDULE_H
#define IPCAMD_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct week_schedule {
	bool enabled;
	uint32_t mask[7][3];		/* [0] = Sunday, as tm_wday */
};

/* Camera local time now: UTC less the tz setting (seconds west). */
void camera_local_tm(struct tm *tm);

/* The schedule is enabled and the quarter-hour of TM is in it. */
bool week_schedule_at(const struct week_schedule *s, const struct tm *tm);

/*
 * Read PREFIX "schedule_enable" and PREFIX "schedule_<day>_<k>" from the
 * settings (the caller holds the settings lock).
 */
void week_schedule_read_locked(struct week_schedule *s, const char *prefix);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/* A week of quarter-hours (see schedule.h). */
#include "schedule.h"

#include <stdio.h>

#include "settings.h"

void camera_local_tm(struct tm *tm)
{
	time_t now;
	long tz;

	settings_lock();
	tz = settings_int("tz");
	settings_unlock();
	now = time(NULL) - tz;
	gmtime_r(&now, tm);
}

bool week_schedule_at(const struct week_schedule *s, const struct tm *tm)
{
	int q;

	if (!s->enabled || tm->tm_wday < 0 || tm->tm_wday > 6)
		return false;
	q = tm->tm_hour * 4 + tm->tm_min / 15;
	if (q < 0 || q >= 96)
		return false;
	return (s->mask[tm->tm_wday][q / 32] >> (q % 32)) & 1U;
}

void week_schedule_read_locked(struct week_schedule *s, const char *prefix)
{
	static const char *const days[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	char name[48];

	snprintf(name, sizeof(name), "%sschedule_enable", prefix);
	s->enabled = settings_int(name) != 0;
	for (int d = 0; d < 7; d++)
		for (int k = 0; k < 3; k++) {
			snprintf(name, sizeof(name), "%sschedule_%s_%d", prefix, days[d], k);
			s->mask[d][k] = (uint32_t)settings_int(name);
		}
}

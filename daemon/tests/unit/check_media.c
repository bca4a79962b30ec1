// SPDX-License-Identifier: GPL-2.0-or-later
/* The media CGIs' parameters, schedule, file name and part framing. */
#include <stdio.h>

#include "media_params.h"
#include "schedule.h"
#include "unit.h"

static long rate(const char *s)
{
	return media_rate_interval_us(s, strlen(s));
}

static int res(const char *s)
{
	return media_resolution_code(s, strlen(s));
}

START_TEST(rate_table)
{
	ck_assert_int_eq(rate("0"), 0);
	ck_assert_int_eq(rate("1"), 50000);
	ck_assert_int_eq(rate("2"), 66667);	/* in between: next slower */
	ck_assert_int_eq(rate("3"), 66667);
	ck_assert_int_eq(rate("4"), 100000);
	ck_assert_int_eq(rate("6"), 100000);
	ck_assert_int_eq(rate("7"), 200000);
	ck_assert_int_eq(rate("11"), 200000);
	ck_assert_int_eq(rate("12"), 250000);
	ck_assert_int_eq(rate("13"), 333333);
	ck_assert_int_eq(rate("14"), 500000);
	ck_assert_int_eq(rate("15"), 1000000);
	ck_assert_int_eq(rate("16"), 2000000);
	ck_assert_int_eq(rate("17"), 2000000);
	ck_assert_int_eq(rate("19"), 3000000);
	ck_assert_int_eq(rate("21"), 4000000);
	ck_assert_int_eq(rate("23"), 5000000);
	ck_assert_int_eq(rate("99"), 5000000);	/* beyond: the slowest */
	/* forms that are not a rate: ignored (full speed) */
	ck_assert_int_eq(rate(""), 0);
	ck_assert_int_eq(rate("-1"), 0);
	ck_assert_int_eq(rate("abc"), 0);
	ck_assert_int_eq(rate("6x"), 0);
	ck_assert_int_eq(media_rate_interval_us(NULL, 0), 0);
}
END_TEST

/* Frames captured at T0 + i * PERIOD (+ LATE on every third) taken at INTERVAL_US. */
static int paced(double period, double late, long interval_us, int frames)
{
	double next = 0;
	int taken = 0;

	for (int i = 0; i < frames; i++) {
		double t = 1000.0 + i * period + (i % 3 == 1 ? late : 0);

		if (media_pace_due(next, interval_us, t)) {
			media_pace_take(&next, interval_us, t);
			taken++;
		}
	}
	return taken;
}

/* The pacing grid: the rate on average, whatever the capture's. */
START_TEST(pacing_grid)
{
	/* every frame */
	ck_assert_int_eq(paced(1.0 / 30, 0, 0, 300), 300);
	/* 30 fps captured, 10 wanted: one in three, 10 s -> 100 */
	ck_assert_int_eq(paced(1.0 / 30, 0, 100000, 300), 100);
	/* captured at the rate wanted, some frames late: all taken */
	ck_assert_int_eq(paced(0.1, 0.04, 100000, 100), 100);
	/* 30 fps captured, 20 wanted: 2 in 3 (nothing better exists) */
	ck_assert_int_eq(paced(1.0 / 30, 0, 50000, 300), 200);
	/* a frame well early is not taken; after a gap the grid restarts */
	double next = 0;

	media_pace_take(&next, 100000, 5.0);
	ck_assert(!media_pace_due(next, 100000, 5.05));
	ck_assert(media_pace_due(next, 100000, 5.09));
	media_pace_take(&next, 100000, 9.0);
	ck_assert(next > 9.09 && next < 9.11);
}
END_TEST

START_TEST(resolution_forms)
{
	ck_assert_int_eq(res("8"), 8);
	ck_assert_int_eq(res("32"), 32);
	ck_assert_int_eq(res("2"), 2);
	ck_assert_int_eq(res("64"), 64);
	ck_assert_int_eq(res("320x240"), 8);
	ck_assert_int_eq(res("640*480"), 32);
	ck_assert_int_eq(res("640X480"), 32);
	ck_assert_int_eq(res("160x120"), 2);
	/* unknown forms: 0, the caller ignores them */
	ck_assert_int_eq(res("16"), 0);
	ck_assert_int_eq(res("0"), 0);
	ck_assert_int_eq(res("vga"), 0);
	ck_assert_int_eq(res("320x"), 0);
	ck_assert_int_eq(res("x240"), 0);
	ck_assert_int_eq(res("800x600"), 0);
	ck_assert_int_eq(res(""), 0);
}
END_TEST

START_TEST(forbidden_quarters)
{
	struct week_schedule f;
	struct tm tm;

	memset(&f, 0, sizeof(f));
	memset(&tm, 0, sizeof(tm));
	tm.tm_wday = 2;			/* Tuesday */
	tm.tm_hour = 8;
	tm.tm_min = 14;			/* quarter 32: mask 1 bit 0 */
	f.mask[2][1] = 1;
	ck_assert(!week_schedule_at(&f, &tm));	/* not enabled */
	f.enabled = true;
	ck_assert(week_schedule_at(&f, &tm));
	tm.tm_min = 15;			/* quarter 33 */
	ck_assert(!week_schedule_at(&f, &tm));
	tm.tm_hour = 7;
	tm.tm_min = 59;			/* quarter 31: mask 0 bit 31 */
	ck_assert(!week_schedule_at(&f, &tm));
	f.mask[2][0] = 0x80000000U;
	ck_assert(week_schedule_at(&f, &tm));
	tm.tm_wday = 3;			/* another day: its own masks */
	ck_assert(!week_schedule_at(&f, &tm));
	tm.tm_wday = 0;
	tm.tm_hour = 23;
	tm.tm_min = 59;			/* quarter 95: mask 2 bit 31 */
	f.mask[0][2] = 0x80000000U;
	ck_assert(week_schedule_at(&f, &tm));
}
END_TEST

START_TEST(snapshot_name)
{
	char out[128];
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 2024 - 1900;
	tm.tm_mon = 2;
	tm.tm_mday = 5;
	tm.tm_hour = 7;
	tm.tm_min = 8;
	tm.tm_sec = 9;
	media_snapshot_disposition(out, sizeof(out), "00A0B1C2D3E4", &tm, NULL, 0);
	ck_assert_str_eq(out, "filename=\"snapshot_00A0B1C2D3E4_20240305070809.jpg\"");
	media_snapshot_disposition(out, sizeof(out), "00A0B1C2D3E4", &tm, "door.x", 6);
	ck_assert_str_eq(out, "filename=\"door.x.jpg\"");
}
END_TEST

START_TEST(part_header_bytes)
{
	char h[MEDIA_PART_HEADER_MAX];
	struct timespec ts = { 1700000000, 123456789 };
	size_t n = media_part_header(h, sizeof(h), 12345, NULL);

	ck_assert_bytes(h, n, "--ipcamera\r\nContent-Type: image/jpeg\r\n"
			"Content-Length: 12345\r\n\r\n");
	n = media_part_header(h, sizeof(h), 7, &ts);
	ck_assert_bytes(h, n, "--ipcamera\r\nContent-Type: image/jpeg\r\n"
			"Content-Length: 7\r\nX-Timestamp: 1700000000.123456\r\n\r\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("media");
	TCase *tc = tcase_create("params");

	tcase_add_test(tc, rate_table);
	tcase_add_test(tc, pacing_grid);
	tcase_add_test(tc, resolution_forms);
	tcase_add_test(tc, forbidden_quarters);
	tcase_add_test(tc, snapshot_name);
	tcase_add_test(tc, part_header_bytes);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

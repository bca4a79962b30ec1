// SPDX-License-Identifier: GPL-2.0-or-later
#include "media_params.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rate_codes.h"
#include "util.h"

long media_rate_interval_us(const char *v, size_t len)
{
	long code, us;

	if (!v || !parse_long(v, len, 0, 1000000, &code))
		return 0;
	/* beyond the table: the slowest */
	us = rate_code_interval_us(code);
	return us >= 0 ? us : rate_code_interval_us(23);
}

bool media_pace_due(double next, long interval_us, double t)
{
	double iv = (double)interval_us / 1e6, slack = iv / 4 < 0.015 ? iv / 4 : 0.015;

	return !interval_us || !next || t >= next - slack;
}

void media_pace_take(double *next, long interval_us, double t)
{
	double iv = (double)interval_us / 1e6;

	if (interval_us)
		*next = !*next || t - *next > iv ? t + iv : *next + iv;
}

static int size_code(long w, long h)
{
	static const struct { long w, h; int code; } sizes[] = {
		{ 160, 120, 2 }, { 320, 240, 8 }, { 640, 480, 32 }, { 1280, 720, 64 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		if (sizes[i].w == w && sizes[i].h == h)
			return sizes[i].code;
	return 0;
}

int media_resolution_code(const char *v, size_t len)
{
	long n, w, h;
	size_t sep;

	if (!v || !len)
		return 0;
	if (parse_long(v, len, 0, 64, &n))
		return n == 2 || n == 8 || n == 32 || n == 64 ? (int)n : 0;
	for (sep = 0; sep < len; sep++)
		if (v[sep] == 'x' || v[sep] == 'X' || v[sep] == '*')
			break;
	if (sep == len || !parse_long(v, sep, 1, 100000, &w) ||
	    !parse_long(v + sep + 1, len - sep - 1, 1, 100000, &h))
		return 0;
	return size_code(w, h);
}

void media_snapshot_disposition(char *out, size_t cap, const char *id,
				const struct tm *tm, const char *next, size_t nextlen)
{
	if (next && nextlen)
		snprintf(out, cap, "filename=\"%.*s.jpg\"", (int)nextlen, next);
	else
		snprintf(out, cap, "filename=\"snapshot_%s_%04d%02d%02d%02d%02d%02d.jpg\"", id,
			 tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour,
			 tm->tm_min, tm->tm_sec);
}

size_t media_part_header(char *out, size_t cap, size_t jpeg_len, const struct timespec *ts)
{
	int n;

	if (ts)
		n = snprintf(out, cap,
			     "--" MEDIA_BOUNDARY "\r\nContent-Type: image/jpeg\r\n"
			     "Content-Length: %zu\r\nX-Timestamp: %lld.%06ld\r\n\r\n",
			     jpeg_len, (long long)ts->tv_sec, ts->tv_nsec / 1000);
	else
		n = snprintf(out, cap,
			     "--" MEDIA_BOUNDARY "\r\nContent-Type: image/jpeg\r\n"
			     "Content-Length: %zu\r\n\r\n", jpeg_len);
	return n < 0 ? 0 : (size_t)n >= cap ? cap - 1 : (size_t)n;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The request parameters of the media CGIs (cgi-protocol.md section 5) and
 * the small pure rules around them: rate codes, resolution forms, the
 * snapshot file name, the multipart part header.
 * No I/O, no locks: unit tested directly.
 */
#ifndef IPCAMD_MEDIA_PARAMS_H
#define IPCAMD_MEDIA_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * The interval in microseconds between frames for a `rate` value: 0 full
 * speed, 1 = 20 fps ... 23 = one frame every 5 s; codes in between take
 * the next slower rate, codes above 23 the slowest.  A value that is not
 * a plain non-negative number is ignored (full speed), like the firmware.
 */
long media_rate_interval_us(const char *v, size_t len);

/*
 * Pacing on a fixed grid, on the capture clock: whether a frame captured
 * at T seconds (CLOCK_MONOTONIC) may go to a consumer of one frame every
 * INTERVAL_US (0: every frame) whose next slot is NEXT (0: none yet).  A
 * frame a little early (a quarter of the interval, 15 ms at most) counts:
 * the capture jitters.  The hub's encodes and each viewer keep to it.
 */
bool media_pace_due(double next, long interval_us, double t);
/* The frame at T was taken: *NEXT moves one interval on, or restarts from
 * T after a gap, so the average stays at the rate. */
void media_pace_take(double *next, long interval_us, double t);

/*
 * The SDK resolution code (2, 8, 32, 64) of a `resolution` value: the code
 * itself or a size written WxH, W*H or WXH.  0 for anything else (the
 * caller then uses the camera's own setting: unknown forms are ignored).
 */
int media_resolution_code(const char *v, size_t len);

/*
 * The Content-Disposition value of snapshot.cgi: filename="NAME.jpg" with
 * NAME = snapshot_<ID>_<YYYYMMDDhhmmss> (camera local time TM) or the
 * next_url value NEXT (already checked by next_url_ok; NULL or "" = none).
 */
void media_snapshot_disposition(char *out, size_t cap, const char *id,
				const struct tm *tm, const char *next, size_t nextlen);

/*
 * The header of one videostream.cgi part, in the exact order clients split
 * on.  With TS (capture time, opt-in) an X-Timestamp line follows the
 * Content-Length line.  Returns the length written (< CAP).
 */
#define MEDIA_BOUNDARY "ipcamera"
#define MEDIA_PART_HEADER_MAX 128
size_t media_part_header(char *out, size_t cap, size_t jpeg_len,
			 const struct timespec *ts);

#endif

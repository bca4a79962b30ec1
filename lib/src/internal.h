/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Declarations shared between the library's source files and its unit
 * tests.  Nothing here is exported from libipcam.so (-fvisibility=hidden).
 */
#ifndef IPCAM_INTERNAL_H
#define IPCAM_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "ipcam.h"

#define IPCAM_ERRMSG_LEN	256

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* error.c */

/*
 * Record "<what>: <ipcam_strerror(err)>" in the handle's message buffer
 * @msg (IPCAM_ERRMSG_LEN bytes) and return @err, so that a failing path
 * reads "return ipcam_fail(h->err, -EINVAL, "quality %d", q);".
 */
int ipcam_fail(char *msg, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* -errno of the call that just failed; -EIO if it left errno at 0. */
int ipcam_neg_errno(void);

/* map.c: pure conversions between SDK values and V4L2 values */

/*
 * Map @value from [@from_min, @from_max] onto [@to_min, @to_max]
 * linearly, rounding to the nearest multiple of @to_step from @to_min
 * (a step <= 0 counts as 1).  @value is clamped into the source range
 * first; the result is always inside the target range.  Equal ranges map
 * every value to itself.
 */
int32_t ipcam_map_linear(int32_t value, int32_t from_min, int32_t from_max,
			 int32_t to_min, int32_t to_max, int32_t to_step);

/* SDK mode <-> V4L2_CID_POWER_LINE_FREQUENCY menu index. */
int ipcam_mode_to_power_line(int mode, int32_t *plf);
int ipcam_power_line_to_mode(int32_t plf, int *mode);

/* SDK flip bit mask <-> V4L2 hflip/vflip booleans. */
int ipcam_flip_to_hv(int flip, int32_t *hflip, int32_t *vflip);
int ipcam_hv_to_flip(int32_t hflip, int32_t vflip);

/* yuv.c */

/*
 * De-interleave @height rows of packed YUYV (Y0 U Y1 V, @src_stride bytes
 * per row, @width even) into planar 4:2:2: @y with @width bytes per row,
 * @u and @v with @width / 2 bytes per row.
 */
void ipcam_yuyv_to_planar422(const uint8_t *src, size_t src_stride,
			     uint32_t width, uint32_t height,
			     uint8_t *y, uint8_t *u, uint8_t *v);

/* sysfs.c: small text attributes */

/*
 * Parse one decimal integer as sysfs prints it ("42\n", "-7"): optional
 * sign, digits, optional trailing newline, nothing else.  -EPROTO for
 * anything else, -ERANGE outside [@min, @max].
 */
int ipcam_sysfs_parse_int(const char *text, int64_t min, int64_t max,
			  int32_t *value);

/*
 * Read attribute @dir/@name into @buf (NUL-terminated, trailing newline
 * kept): its length, or a negative errno (-ENODEV when it has gone).
 */
int ipcam_sysfs_read(const char *dir, const char *name, char *buf,
		     size_t size);
/* Write @text to @dir/@name in one write(): 0 or a negative errno. */
int ipcam_sysfs_write(const char *dir, const char *name, const char *text);

/* ptz-check.c: the rules of linux/ipcam-ptz.h, checked before an ioctl */

int ipcam_ptz_check_axis_mask(uint32_t axis_mask);
int ipcam_ptz_check_move(const struct ipcam_ptz_move *move);
int ipcam_ptz_check_patrol(const struct ipcam_ptz_patrol *patrol);
int ipcam_ptz_check_preset(const struct ipcam_ptz_preset *preset);

/* ptz-attrs.c */

/* "idle", "moving"... <-> IPCAM_PTZ_STATE_*; -EPROTO for an unknown word. */
int ipcam_ptz_parse_state(const char *text, int32_t *state);

/* audio.c */

/*
 * CLOCK_MONOTONIC time of the sample @frames samples after the one at
 * @start_ns, at @rate Hz (rounded down to the ns); no overflow for any
 * 64-bit count.
 */
uint64_t ipcam_audio_sample_ns(uint64_t start_ns, uint64_t frames,
			       unsigned int rate);

/*
 * ipcam_audio_open() on any ALSA PCM by name ("hw:CARD=ipcam0,DEV=0",
 * "null" in the unit tests).
 */
int ipcam_audio_open_pcm(const char *name, unsigned int rate,
			 struct ipcam_audio **out);

#endif /* IPCAM_INTERNAL_H */

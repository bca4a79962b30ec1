// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pure conversions between the CGI SDK's values and V4L2's: linear range
 * mapping (a webcam's brightness may be -64..64 where the SDK says 0..255),
 * resolution codes, mode and flip.  No device access, so all of it is unit
 * tested.
 */
#include <errno.h>
#include <linux/videodev2.h>

#include "internal.h"

/* Divide @num by non-zero @den, rounding half up. */
static uint64_t div_round(uint64_t num, uint64_t den)
{
	return num / den + (num % den >= den - den / 2);
}

int32_t ipcam_map_linear(int32_t value, int32_t from_min, int32_t from_max,
			 int32_t to_min, int32_t to_max, int32_t to_step)
{
	uint64_t span_from, span_to, off, q, r, step;

	if (to_max <= to_min)
		return to_min;
	if (value < from_min)
		value = from_min;
	if (value > from_max)
		value = from_max;
	step = to_step > 0 ? (uint64_t)to_step : 1;
	/* Offsets from the minimum are never negative: no signed rounding. */
	span_to = (uint64_t)((int64_t)to_max - to_min);
	span_from = (uint64_t)((int64_t)from_max - from_min);
	off = (uint64_t)((int64_t)value - from_min);
	if (span_from) {
		/*
		 * off * span_to / span_from, split so that no product can
		 * overflow even for two full 32-bit ranges (32-bit targets
		 * have no 128-bit integers): off * r < span_from^2 < 2^64.
		 */
		q = span_to / span_from;
		r = span_to % span_from;
		off = off * q + div_round(off * r, span_from);
	}
	off = div_round(off, step) * step;
	/* The last step may overshoot a max that is not on the step grid. */
	if (off > span_to)
		off -= step;
	return (int32_t)((int64_t)to_min + (int64_t)off);
}

int ipcam_mode_to_power_line(int mode, int32_t *plf)
{
	switch (mode) {
	case IPCAM_MODE_50HZ:
		*plf = V4L2_CID_POWER_LINE_FREQUENCY_50HZ;
		return 0;
	case IPCAM_MODE_60HZ:
		*plf = V4L2_CID_POWER_LINE_FREQUENCY_60HZ;
		return 0;
	case IPCAM_MODE_OUTDOOR:
		*plf = V4L2_CID_POWER_LINE_FREQUENCY_DISABLED;
		return 0;
	}
	return -EINVAL;
}

int ipcam_power_line_to_mode(int32_t plf, int *mode)
{
	switch (plf) {
	case V4L2_CID_POWER_LINE_FREQUENCY_50HZ:
		*mode = IPCAM_MODE_50HZ;
		return 0;
	case V4L2_CID_POWER_LINE_FREQUENCY_60HZ:
		*mode = IPCAM_MODE_60HZ;
		return 0;
	case V4L2_CID_POWER_LINE_FREQUENCY_DISABLED:
		*mode = IPCAM_MODE_OUTDOOR;
		return 0;
	}
	/* V4L2_CID_POWER_LINE_FREQUENCY_AUTO has no SDK equivalent. */
	return -ERANGE;
}

int ipcam_flip_to_hv(int flip, int32_t *hflip, int32_t *vflip)
{
	if (flip < IPCAM_FLIP_NONE || flip > IPCAM_FLIP_BOTH)
		return -EINVAL;
	*vflip = !!(flip & IPCAM_FLIP_VERTICAL);
	*hflip = !!(flip & IPCAM_FLIP_MIRROR);
	return 0;
}

int ipcam_hv_to_flip(int32_t hflip, int32_t vflip)
{
	return (vflip ? IPCAM_FLIP_VERTICAL : 0) | (hflip ? IPCAM_FLIP_MIRROR : 0);
}

static const struct {
	int code;
	uint32_t width;
	uint32_t height;
} resolutions[] = {
	{ IPCAM_RESOLUTION_160X120, 160, 120 },
	{ IPCAM_RESOLUTION_320X240, 320, 240 },
	{ IPCAM_RESOLUTION_640X480, 640, 480 },
	{ IPCAM_RESOLUTION_1280X720, 1280, 720 },
};

int ipcam_resolution_size(int code, uint32_t *width, uint32_t *height)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(resolutions); i++) {
		if (resolutions[i].code == code) {
			*width = resolutions[i].width;
			*height = resolutions[i].height;
			return 0;
		}
	}
	return -EINVAL;
}

int ipcam_resolution_code(uint32_t width, uint32_t height, int *code)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(resolutions); i++) {
		if (resolutions[i].width == width &&
		    resolutions[i].height == height) {
			*code = resolutions[i].code;
			return 0;
		}
	}
	return -EINVAL;
}

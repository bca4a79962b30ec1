/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Pixel formats, frame sizes and frame intervals of the ipcam sensor, and
 * the arithmetic on them.  Pure functions: unit tested by KUnit
 * (kunit/ipcam-geometry-kunit.c).
 */
#ifndef _IPCAM_GEOMETRY_H
#define _IPCAM_GEOMETRY_H

#include <linux/types.h>
#include <linux/videodev2.h>

#include "ipcam-render.h"

struct ipcam_format {
	u32 fourcc;
	enum ipcam_render_fourcc render;
	u8 bpp_num;		/* bytes per pixel of the whole image ... */
	u8 bpp_den;		/* ... as a fraction: 2/1 YUYV, 3/2 YUV420 */
	u8 luma_bpp;		/* bytes per pixel of the first plane */
};

/* Index 0 is the default format. */
#define IPCAM_NUM_FORMATS		2
extern const struct ipcam_format ipcam_formats[IPCAM_NUM_FORMATS];

/* The format of @fourcc, or NULL. */
const struct ipcam_format *ipcam_find_format(u32 fourcc);

/*
 * Fill @pix for @fmt at the supported size nearest to pix->width/height:
 * size, strides, image size, field and colorimetry.
 */
void ipcam_fill_pix(struct v4l2_pix_format *pix, const struct ipcam_format *fmt);

struct ipcam_frame_size {
	u32 width;
	u32 height;
};

/* 160x120, 320x240 and 640x480 are the CGI SDK's resolutions 2, 8 and 32. */
#define IPCAM_NUM_FRAME_SIZES		4
#define IPCAM_NUM_FRAME_INTERVALS	7

extern const struct ipcam_frame_size ipcam_frame_sizes[IPCAM_NUM_FRAME_SIZES];
extern const struct v4l2_fract ipcam_frame_intervals[IPCAM_NUM_FRAME_INTERVALS];

bool ipcam_is_frame_size(u32 width, u32 height);

/* Frame interval in nanoseconds. */
u64 ipcam_interval_ns(const struct v4l2_fract *f);

/*
 * The supported interval closest to @want; 0/x, x/0 and 0/0 (which V4L2
 * programs pass to mean "default") give the default, 1/30 s.
 */
const struct v4l2_fract *ipcam_nearest_interval(const struct v4l2_fract *want);

#endif /* _IPCAM_GEOMETRY_H */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pixel formats, frame sizes and intervals of the ipcam sensor.
 */
#include <linux/kernel.h>
#include <linux/math64.h>
#include <media/v4l2-common.h>

#include "ipcam-geometry.h"

const struct ipcam_frame_size ipcam_frame_sizes[IPCAM_NUM_FRAME_SIZES] = {
	{ 160, 120 }, { 320, 240 }, { 640, 480 }, { 1280, 720 },
};

/* Fastest first: index 0 is the default. */
const struct v4l2_fract ipcam_frame_intervals[IPCAM_NUM_FRAME_INTERVALS] = {
	{ 1, 30 }, { 1, 25 }, { 1, 20 }, { 1, 15 }, { 1, 10 }, { 1, 5 }, { 1, 1 },
};

const struct ipcam_format ipcam_formats[IPCAM_NUM_FORMATS] = {
	{
		.fourcc = V4L2_PIX_FMT_YUYV,
		.render = IPCAM_RENDER_YUYV,
		.bpp_num = 2, .bpp_den = 1, .luma_bpp = 2,
	},
	{
		.fourcc = V4L2_PIX_FMT_YUV420,
		.render = IPCAM_RENDER_YUV420,
		.bpp_num = 3, .bpp_den = 2, .luma_bpp = 1,
	},
};

const struct ipcam_format *ipcam_find_format(u32 fourcc)
{
	unsigned int i;

	for (i = 0; i < IPCAM_NUM_FORMATS; i++)
		if (ipcam_formats[i].fourcc == fourcc)
			return &ipcam_formats[i];
	return NULL;
}

void ipcam_fill_pix(struct v4l2_pix_format *pix, const struct ipcam_format *fmt)
{
	const struct ipcam_frame_size *sz;

	sz = v4l2_find_nearest_size(ipcam_frame_sizes, IPCAM_NUM_FRAME_SIZES,
				    width, height, pix->width, pix->height);
	pix->width = sz->width;
	pix->height = sz->height;
	pix->pixelformat = fmt->fourcc;
	pix->field = V4L2_FIELD_NONE;
	pix->bytesperline = pix->width * fmt->luma_bpp;
	pix->sizeimage = pix->width * pix->height * fmt->bpp_num / fmt->bpp_den;
	pix->colorspace = V4L2_COLORSPACE_SRGB;
	pix->ycbcr_enc = V4L2_YCBCR_ENC_601;
	pix->quantization = V4L2_QUANTIZATION_LIM_RANGE;
	pix->xfer_func = V4L2_XFER_FUNC_SRGB;
	pix->flags = 0;
	pix->priv = 0;
}

bool ipcam_is_frame_size(u32 width, u32 height)
{
	unsigned int i;

	for (i = 0; i < IPCAM_NUM_FRAME_SIZES; i++)
		if (ipcam_frame_sizes[i].width == width &&
		    ipcam_frame_sizes[i].height == height)
			return true;
	return false;
}

u64 ipcam_interval_ns(const struct v4l2_fract *f)
{
	return div_u64((u64)f->numerator * NSEC_PER_SEC, f->denominator);
}

const struct v4l2_fract *ipcam_nearest_interval(const struct v4l2_fract *want)
{
	const struct v4l2_fract *best = &ipcam_frame_intervals[0];
	u64 want_ns, best_diff = U64_MAX;
	unsigned int i;

	if (!want->numerator || !want->denominator)
		return best;
	want_ns = div_u64((u64)want->numerator * NSEC_PER_SEC, want->denominator);
	for (i = 0; i < IPCAM_NUM_FRAME_INTERVALS; i++) {
		u64 ns = ipcam_interval_ns(&ipcam_frame_intervals[i]);
		u64 diff = ns > want_ns ? ns - want_ns : want_ns - ns;

		if (diff < best_diff) {
			best_diff = diff;
			best = &ipcam_frame_intervals[i];
		}
	}
	return best;
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include "encoder_stage.h"

#include <errno.h>
#include <stdlib.h>

#include <linux/videodev2.h>

#include "log.h"
#include "stream_hub.h"
#include "util.h"

struct encoder_stage {
	int quality;
	struct ipcam_jpeg *enc[HUB_NRES];
	uint8_t *scaled[HUB_NRES];
	size_t scaled_size[HUB_NRES];
	unsigned long encodes;
};

struct encoder_stage *encoder_stage_new(int quality)
{
	struct encoder_stage *es = xcalloc(1, sizeof(*es));

	es->quality = quality;
	return es;
}

void encoder_stage_reset(struct encoder_stage *es)
{
	for (int i = 0; i < HUB_NRES; i++) {
		ipcam_jpeg_free(es->enc[i]);
		es->enc[i] = NULL;
		free(es->scaled[i]);
		es->scaled[i] = NULL;
		es->scaled_size[i] = 0;
	}
}

void encoder_stage_free(struct encoder_stage *es)
{
	if (!es)
		return;
	encoder_stage_reset(es);
	free(es);
}

/*
 * The formats the stage encodes, cheapest first: TurboJPEG takes 4:2:0
 * planes as they are and has half the chroma of 4:2:2 to encode; YUYV is
 * de-interleaved into 4:2:2 planes first.
 */
static const uint32_t stage_formats[] = {
	V4L2_PIX_FMT_YUV420, V4L2_PIX_FMT_YVU420, V4L2_PIX_FMT_YUYV,
};

bool encoder_stage_accepts(uint32_t fourcc)
{
	for (size_t i = 0; i < ARRAY_SIZE(stage_formats); i++)
		if (stage_formats[i] == fourcc)
			return true;
	return false;
}

uint32_t encoder_stage_pick(const uint32_t *offered, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(stage_formats); i++)
		for (size_t j = 0; j < n; j++)
			if (offered[j] == stage_formats[i])
				return stage_formats[i];
	return 0;
}

unsigned long encoder_stage_count(const struct encoder_stage *es)
{
	return es->encodes;
}

/* Nearest-neighbour scale of packed 4:2:2 SRC into a W x H picture. */
static void scale_yuyv(const struct ipcam_frame *src, uint8_t *dst, uint32_t w, uint32_t h)
{
	uint32_t sw = src->width, sh = src->height, bpl = src->bytesperline;

	for (uint32_t y = 0; y < h; y++) {
		const uint8_t *row = src->data + (size_t)(y * sh / h) * bpl;
		uint8_t *o = dst + (size_t)y * w * 2;

		for (uint32_t x = 0; x + 1 < w; x += 2) {
			uint32_t s0 = x * sw / w, s1 = (x + 1) * sw / w;
			const uint8_t *pair = row + (s0 & ~1U) * 2;

			o[x * 2] = row[s0 * 2];
			o[x * 2 + 1] = pair[1];
			o[x * 2 + 2] = row[s1 * 2];
			o[x * 2 + 3] = pair[3];
		}
	}
}

/* Nearest-neighbour scale of one plane (SW x SH, SBPL bytes a row). */
static void scale_plane(const uint8_t *src, uint32_t sw, uint32_t sh, uint32_t sbpl, uint8_t *dst,
			uint32_t w, uint32_t h)
{
	for (uint32_t y = 0; y < h; y++) {
		const uint8_t *row = src + (size_t)(y * sh / h) * sbpl;

		for (uint32_t x = 0; x < w; x++)
			dst[(size_t)y * w + x] = row[x * sw / w];
	}
}

/* Planar 4:2:0 SRC into W x H: Y, then the two chroma planes at half size. */
static void scale_420(const struct ipcam_frame *src, uint8_t *dst, uint32_t w, uint32_t h)
{
	uint32_t sw = src->width, sh = src->height, bpl = src->bytesperline;
	const uint8_t *chroma = src->data + (size_t)bpl * sh;

	scale_plane(src->data, sw, sh, bpl, dst, w, h);
	for (int p = 0; p < 2; p++)
		scale_plane(chroma + (size_t)p * (bpl / 2) * (sh / 2), sw / 2, sh / 2, bpl / 2,
			    dst + (size_t)w * h + (size_t)p * (w / 2) * (h / 2), w / 2, h / 2);
}

/* FR scaled into stage slot I at W x H, described in *ONE. */
static void scale_into(struct encoder_stage *es, int i, const struct ipcam_frame *fr, uint32_t w,
		       uint32_t h, struct ipcam_frame *one)
{
	bool packed = fr->fourcc == V4L2_PIX_FMT_YUYV;
	size_t need = packed ? (size_t)w * h * 2 : (size_t)w * h * 3 / 2;

	if (es->scaled_size[i] != need) {
		free(es->scaled[i]);
		es->scaled[i] = xmalloc(need);
		es->scaled_size[i] = need;
	}
	if (packed)
		scale_yuyv(fr, es->scaled[i], w, h);
	else
		scale_420(fr, es->scaled[i], w, h);
	*one = *fr;
	one->data = es->scaled[i];
	one->bytesused = need;
	one->width = w;
	one->height = h;
	one->bytesperline = packed ? w * 2 : w;
}

int encoder_stage_encode(struct encoder_stage *es, const struct ipcam_frame *fr, int res,
			 struct encoded *out)
{
	int i = hub_res_index(res), rc;
	struct ipcam_frame one = *fr;
	uint32_t w, h;

	if (i < 0 || !encoder_stage_accepts(fr->fourcc) || ipcam_resolution_size(res, &w, &h))
		return -EINVAL;
	if (w > fr->width || h > fr->height) {
		/* the capture could not reach that size: serve its own */
		w = fr->width;
		h = fr->height;
	}
	if (w != fr->width || h != fr->height)
		scale_into(es, i, fr, w, h, &one);
	if (!es->enc[i]) {
		rc = ipcam_jpeg_new(&es->enc[i], fr->fourcc, w, h, es->quality);
		if (rc) {
			es->enc[i] = NULL;
			log_warn("no JPEG encoder for %ux%u: %s", w, h, ipcam_strerror(rc));
			return rc;
		}
	}
	rc = ipcam_jpeg_encode(es->enc[i], &one, &out->jpeg, &out->len);
	if (rc) {
		log_warn("JPEG encoding failed: %s", ipcam_jpeg_last_error(es->enc[i]));
		return rc;
	}
	es->encodes++;
	out->width = w;
	out->height = h;
	return 0;
}

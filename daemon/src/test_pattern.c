// SPDX-License-Identifier: GPL-2.0-or-later
#include "test_pattern.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/videodev2.h>

#include "util.h"

void test_pattern_fill(uint8_t *yuv, uint32_t w, uint32_t h, uint32_t n)
{
	static const uint8_t bars[8][3] = {
		{ 235, 128, 128 }, { 210, 16, 146 }, { 170, 166, 16 }, { 145, 54, 34 },
		{ 106, 202, 222 }, { 81, 90, 240 }, { 41, 240, 110 }, { 16, 128, 128 },
	};
	uint8_t *yp = yuv, *up = yuv + (size_t)w * h, *vp = up + (size_t)(w / 2) * (h / 2);
	uint32_t bx, bs = h / 4, bend;

	if (!w || !h)
		return;
	/*
	 * Every row of the bars is the same: one is drawn, the others are
	 * copies of it (per pixel, the picture cost more than its encode).
	 */
	for (uint32_t x = 0; x < w; x++)
		yp[x] = bars[x * 8 / w][0];
	for (uint32_t y = 1; y < h; y++)
		memcpy(yp + (size_t)y * w, yp, w);
	/* the moving block */
	bx = (n * 8) % w;
	bend = bx + bs < w ? bx + bs : w;
	for (uint32_t y = h / 2 - bs / 2; y < h / 2 + bs / 2; y++)
		memset(yp + (size_t)y * w + bx, 255, bend - bx);
	for (uint32_t x = 0; x < w / 2; x++) {
		up[x] = bars[x * 16 / w][1];
		vp[x] = bars[x * 16 / w][2];
	}
	for (uint32_t y = 1; y < h / 2; y++) {
		memcpy(up + (size_t)y * (w / 2), up, w / 2);
		memcpy(vp + (size_t)y * (w / 2), vp, w / 2);
	}
}

struct pattern_source {
	uint8_t *buf;
	uint32_t w, h;
	uint32_t n;
	double period;		/* seconds between frames */
	double next;		/* when the next frame is due (mono_now) */
};

struct pattern_source *pattern_source_new(void)
{
	return xcalloc(1, sizeof(struct pattern_source));
}

void pattern_source_free(struct pattern_source *ps)
{
	if (!ps)
		return;
	free(ps->buf);
	free(ps);
}

static bool pattern_available(void *ctx)
{
	(void)ctx;
	return true;
}

static int pattern_set_rate(void *ctx, double fps)
{
	struct pattern_source *ps = ctx;

	ps->period = fps > 0 && fps < TEST_PATTERN_FPS ? 1.0 / fps : 1.0 / TEST_PATTERN_FPS;
	return 0;
}

static int pattern_start(void *ctx, uint32_t w, uint32_t h, double fps)
{
	struct pattern_source *ps = ctx;

	free(ps->buf);
	ps->buf = xmalloc((size_t)w * h * 3 / 2);
	ps->w = w;
	ps->h = h;
	ps->next = mono_now();
	return pattern_set_rate(ps, fps);
}

static int pattern_get(void *ctx, struct ipcam_frame *fr, int timeout_ms)
{
	struct pattern_source *ps = ctx;
	double now = mono_now(), wait = ps->next - now;

	if (!ps->buf)
		return -ENODEV;
	if (wait > timeout_ms / 1000.0) {
		sleep_s(timeout_ms / 1000.0);
		return -EAGAIN;
	}
	if (wait > 0)
		sleep_s(wait);
	/* a steady clock: no drift, no burst after a stall */
	ps->next += ps->period;
	if (ps->next < mono_now())
		ps->next = mono_now() + ps->period;
	test_pattern_fill(ps->buf, ps->w, ps->h, ps->n);
	memset(fr, 0, sizeof(*fr));
	fr->data = ps->buf;
	fr->bytesused = (size_t)ps->w * ps->h * 3 / 2;
	fr->width = ps->w;
	fr->height = ps->h;
	fr->fourcc = V4L2_PIX_FMT_YUV420;
	fr->bytesperline = ps->w;
	fr->sequence = ps->n++;
	return 0;
}

static int pattern_put(void *ctx, struct ipcam_frame *fr)
{
	(void)ctx;
	(void)fr;
	return 0;
}

static void pattern_stop(void *ctx)
{
	struct pattern_source *ps = ctx;

	free(ps->buf);
	ps->buf = NULL;
}

const struct frame_source_ops pattern_source_ops = {
	pattern_available, pattern_start, pattern_set_rate, pattern_get, pattern_put, pattern_stop,
};

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Virtual image sensor: synthetic panorama, grading and the window render.
 *
 * The expensive work (drawing the scene, applying brightness and contrast)
 * happens once per control change into a graded copy of the panorama, so
 * rendering a frame is a single gather per output byte: close to the cost
 * of copying the frame.
 */
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/math64.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "ipcam-render.h"

#define PANO_YSIZE	(IPCAM_PANO_W * IPCAM_PANO_H)
#define PANO_CSIZE	(IPCAM_PANO_CW * IPCAM_PANO_CH)
#define HORIZON		IPCAM_PANO_HORIZON
#define BLOCK_W		64	/* width of one "building" column */

int ipcam_pano_alloc(struct ipcam_pano *p)
{
	p->y = vmalloc(PANO_YSIZE + 2 * PANO_CSIZE);
	if (!p->y)
		return -ENOMEM;
	p->u = p->y + PANO_YSIZE;
	p->v = p->u + PANO_CSIZE;
	return 0;
}

void ipcam_pano_free(struct ipcam_pano *p)
{
	vfree(p->y);
	p->y = NULL;
	p->u = NULL;
	p->v = NULL;
}

/* Small integer hash: deterministic "randomness" for the scene. */
static u32 scene_hash(u32 x)
{
	x ^= x >> 16;
	x *= 0x7feb352d;
	x ^= x >> 15;
	x *= 0x846ca68b;
	x ^= x >> 16;
	return x;
}

/* Luma and chroma of panorama pixel (x, y) of the scene. */
static void scene_pixel(u32 x, u32 y, u8 *luma, u8 *cb, u8 *cr)
{
	u32 block = x / BLOCK_W;
	u32 h = scene_hash(block);
	u32 roof = HORIZON - 80 - (h % 240);

	if (y >= HORIZON) {
		/* Ground: darkening towards the viewer, with a coarse grid. */
		u32 d = y - HORIZON;

		*luma = 110 - d / 6 + (((x / 32) ^ (d / 16)) & 1) * 12;
		*cb = 108;
		*cr = 118;
	} else if (y >= roof) {
		/* A building: its own shade and colour, lit windows. */
		bool window = (x % 16) >= 4 && (x % 16) < 12 &&
			      ((y - roof) % 24) >= 6 && ((y - roof) % 24) < 18;

		*luma = window && (scene_hash(x / 16 + y * 7) & 3) ?
			220 : 50 + (h >> 8) % 100;
		*cb = 96 + (h >> 16) % 64;
		*cr = 96 + (h >> 24) % 64;
	} else {
		/* Sky: brighter towards the zenith. */
		*luma = 150 + (HORIZON - y) * 80 / HORIZON;
		*cb = 160;
		*cr = 112;
	}

	/*
	 * A pole every 45 degrees, wider the further east: makes the picture
	 * asymmetric, so mirror and pan direction can be checked in pixels.
	 */
	if (x % (IPCAM_PANO_W / 8) < 4 + 2 * (x / (IPCAM_PANO_W / 8))) {
		*luma = 16;
		*cb = 128;
		*cr = 128;
	}
}

void ipcam_pano_draw_scene(struct ipcam_pano *scene)
{
	u32 x, y;
	u8 cb, cr;

	for (y = 0; y < IPCAM_PANO_H; y++)
		for (x = 0; x < IPCAM_PANO_W; x++)
			scene_pixel(x, y, &scene->y[y * IPCAM_PANO_W + x], &cb, &cr);

	for (y = 0; y < IPCAM_PANO_CH; y++)
		for (x = 0; x < IPCAM_PANO_CW; x++) {
			u8 luma;

			scene_pixel(2 * x, 2 * y, &luma,
				    &scene->u[y * IPCAM_PANO_CW + x],
				    &scene->v[y * IPCAM_PANO_CW + x]);
		}
}

/* Contrast 0..6 is a luma gain of (contrast + 2) / 6: 4 is unity. */
#define CONTRAST_DEN	6
#define BRIGHTNESS_NEUTRAL 96

void ipcam_render_luma_lut(u8 lut[256], u32 brightness, u32 contrast)
{
	int gain = contrast + 2;
	int offset = (int)brightness - BRIGHTNESS_NEUTRAL;
	int i;

	for (i = 0; i < 256; i++) {
		int v = (i - 128) * gain / CONTRAST_DEN + 128 + offset;

		lut[i] = clamp(v, 0, 255);
	}
}

void ipcam_pano_grade(struct ipcam_pano *graded, const struct ipcam_pano *scene,
		      u32 brightness, u32 contrast)
{
	int gain = contrast + 2;
	u8 lut[256], clut[256];
	u32 i;

	ipcam_render_luma_lut(lut, brightness, contrast);
	for (i = 0; i < 256; i++)
		clut[i] = clamp(((int)i - 128) * gain / CONTRAST_DEN + 128, 0, 255);

	for (i = 0; i < PANO_YSIZE; i++)
		graded->y[i] = lut[scene->y[i]];
	for (i = 0; i < PANO_CSIZE; i++) {
		graded->u[i] = clut[scene->u[i]];
		graded->v[i] = clut[scene->v[i]];
	}
}

void ipcam_render_geometry(const struct ipcam_render_view *v,
			   struct ipcam_render_geom *g)
{
	s64 cx_fp, cy;
	s32 y0;

	g->step_fp = (IPCAM_FOV_W << 16) / v->width;
	g->fov_h = (u32)(((u64)v->height * g->step_fp) >> 16);

	/* Pan 0 looks at the middle column; east (positive) is to the right. */
	cx_fp = div_s64((s64)v->pan_arcsec * IPCAM_PANO_W << 16, IPCAM_ARCSEC_TURN);
	cx_fp += (s64)(IPCAM_PANO_W / 2 - IPCAM_FOV_W / 2) << 16;
	g->x0_fp = (u32)cx_fp & ((IPCAM_PANO_W << 16) - 1);

	/* Tilt 0 looks at the middle row; up (positive) moves the window up. */
	cy = IPCAM_PANO_H / 2 -
	     div_s64((s64)v->tilt_arcsec * IPCAM_PANO_H, 180 * 3600);
	y0 = (s32)cy - (s32)g->fov_h / 2;
	g->y0 = clamp_t(s32, y0, 0, IPCAM_PANO_H - g->fov_h);
}

/* Gather @n samples of @src (a wrapping row of width @mask + 1). */
static void gather_row(u8 *dst, const u8 *src, u32 mask, u32 x, s32 step, u32 n)
{
	while (n--) {
		*dst++ = src[(x >> 16) & mask];
		x += step;
	}
}

/* Gather luma and chroma interleaved as Y0 U Y1 V. */
static void gather_row_yuyv(u8 *dst, const u8 *ys, const u8 *us, const u8 *vs,
			    u32 x, u32 cx, s32 step, u32 pairs)
{
	const u32 ymask = IPCAM_PANO_W - 1, cmask = IPCAM_PANO_CW - 1;

	while (pairs--) {
		dst[0] = ys[(x >> 16) & ymask];
		x += step;
		dst[2] = ys[(x >> 16) & ymask];
		x += step;
		dst[1] = us[(cx >> 16) & cmask];
		dst[3] = vs[(cx >> 16) & cmask];
		cx += step;
		dst += 4;
	}
}

/* Triangle wave of the flicker bands for output row @r, in -amp..amp. */
static int band_offset(const struct ipcam_render_view *v, u32 r)
{
	u32 period = max(v->height / 4, 2U);
	u32 pos = ((r % period) * 256 / period + v->band_phase) & 255;
	int tri = pos < 128 ? pos : 255 - pos;	/* 0..127 */

	return (tri * 2 - 127) * v->band_amp / 127;
}

static void apply_band(u8 *row, u32 n, u32 stride, int off)
{
	while (n--) {
		*row = clamp(*row + off, 0, 255);
		row += stride;
	}
}

void ipcam_render_frame(const struct ipcam_pano *graded,
			const struct ipcam_render_view *v, u8 *buf)
{
	struct ipcam_render_geom g;
	s32 step;
	u32 x, cx, r;

	ipcam_render_geometry(v, &g);
	step = v->hflip ? -(s32)g.step_fp : (s32)g.step_fp;
	/* Mirrored rows start at the right edge of the window. */
	x = g.x0_fp + (v->hflip ? (v->width - 1) * g.step_fp : 0);
	cx = (g.x0_fp >> 1) + (v->hflip ? (v->width / 2 - 1) * g.step_fp : 0);

	for (r = 0; r < v->height; r++) {
		u32 out = v->vflip ? v->height - 1 - r : r;
		u32 sy = g.y0 + (u32)(((u64)r * g.step_fp) >> 16);
		const u8 *ys = graded->y + sy * IPCAM_PANO_W;
		u32 csy = min(sy / 2, (u32)IPCAM_PANO_CH - 1);
		int off = v->band_amp ? band_offset(v, out) : 0;
		u8 *dst;

		if (v->fourcc == IPCAM_RENDER_YUYV) {
			dst = buf + out * v->bytesperline;
			gather_row_yuyv(dst, ys, graded->u + csy * IPCAM_PANO_CW,
					graded->v + csy * IPCAM_PANO_CW,
					x, cx, step, v->width / 2);
			if (off)
				apply_band(dst, v->width, 2, off);
			continue;
		}

		dst = buf + out * v->bytesperline;
		gather_row(dst, ys, IPCAM_PANO_W - 1, x, step, v->width);
		if (off)
			apply_band(dst, v->width, 1, off);

		/* 4:2:0 chroma: one row of each plane per two luma rows. */
		if (!(r & 1)) {
			u32 cstride = v->bytesperline / 2;
			u32 cout = out / 2;
			u8 *ub = buf + v->bytesperline * v->height;
			u8 *vb = ub + cstride * (v->height / 2);

			gather_row(ub + cout * cstride, graded->u + csy * IPCAM_PANO_CW,
				   IPCAM_PANO_CW - 1, cx, step, v->width / 2);
			gather_row(vb + cout * cstride, graded->v + csy * IPCAM_PANO_CW,
				   IPCAM_PANO_CW - 1, cx, step, v->width / 2);
		}
	}
}

/* 3x5 digits, one row per nibble (bit 2 = left column). */
static const u8 osd_font[10][5] = {
	{ 7, 5, 5, 5, 7 }, { 2, 6, 2, 2, 7 }, { 7, 1, 7, 4, 7 },
	{ 7, 1, 7, 1, 7 }, { 5, 5, 7, 1, 1 }, { 7, 4, 7, 1, 7 },
	{ 7, 4, 7, 5, 7 }, { 7, 1, 1, 1, 1 }, { 7, 5, 7, 5, 7 },
	{ 7, 5, 7, 1, 7 },
};

#define OSD_SCALE	2
#define OSD_CELL	(4 * OSD_SCALE)		/* glyph + one column gap */
#define OSD_ROWS	(7 * OSD_SCALE)		/* glyph + margin */

static void osd_put(const struct ipcam_render_view *v, u8 *buf, u32 x, u32 y, u8 val)
{
	if (x >= v->width || y >= v->height)
		return;
	if (v->fourcc == IPCAM_RENDER_YUYV)
		buf[y * v->bytesperline + 2 * x] = val;
	else
		buf[y * v->bytesperline + x] = val;
}

static void osd_neutral_chroma(const struct ipcam_render_view *v, u8 *buf,
			       u32 w, u32 h)
{
	u32 x, y;

	w = min(w, v->width);
	h = min(h, v->height);
	if (v->fourcc == IPCAM_RENDER_YUYV) {
		for (y = 0; y < h; y++)
			for (x = 0; x < w; x++)
				buf[y * v->bytesperline + 2 * x + 1] = 128;
		return;
	}
	for (y = 0; y < h / 2; y++) {
		u32 cstride = v->bytesperline / 2;
		u8 *ub = buf + v->bytesperline * v->height;
		u8 *vb = ub + cstride * (v->height / 2);

		memset(ub + y * cstride, 128, w / 2);
		memset(vb + y * cstride, 128, w / 2);
	}
}

void ipcam_render_osd(const struct ipcam_render_view *v, u8 *buf,
		      u32 sequence, u64 timestamp_ns)
{
	char text[32];
	u32 len, i, gx, gy, w;

	len = scnprintf(text, sizeof(text), "%06u %llu", sequence,
			div_u64(timestamp_ns, NSEC_PER_MSEC));
	w = len * OSD_CELL + OSD_SCALE;

	for (gy = 0; gy < OSD_ROWS; gy++)
		for (gx = 0; gx < w; gx++)
			osd_put(v, buf, gx, gy, 16);
	osd_neutral_chroma(v, buf, w, OSD_ROWS);

	for (i = 0; i < len; i++) {
		const u8 *glyph;

		if (text[i] < '0' || text[i] > '9')
			continue;
		glyph = osd_font[text[i] - '0'];
		for (gy = 0; gy < 5 * OSD_SCALE; gy++)
			for (gx = 0; gx < 3 * OSD_SCALE; gx++)
				if (glyph[gy / OSD_SCALE] & (4 >> (gx / OSD_SCALE)))
					osd_put(v, buf,
						OSD_SCALE + i * OSD_CELL + gx,
						OSD_SCALE + gy, 235);
	}
}

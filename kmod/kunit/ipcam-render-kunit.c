// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the virtual sensor's renderer: where the window into the panorama
 * lies for a pan/tilt position, the brightness/contrast table, and the
 * pixels of flipped and mirrored frames.
 */
#include <kunit/test.h>
#include <linux/vmalloc.h>

#include "../ipcam-render.h"

#define DEG(d)	((d) * 3600)

static void geom(const struct ipcam_render_view *v, struct ipcam_render_geom *g)
{
	memset(g, 0xa5, sizeof(*g));
	ipcam_render_geometry(v, g);
}

static void ipcam_render_window_centre(struct kunit *test)
{
	struct ipcam_render_view v = { .width = 640, .height = 480 };
	struct ipcam_render_geom g;

	geom(&v, &g);
	KUNIT_EXPECT_EQ(test, g.step_fp, 1U << 16);
	KUNIT_EXPECT_EQ(test, g.fov_h, 480U);
	KUNIT_EXPECT_EQ(test, g.x0_fp, (u32)(IPCAM_PANO_W / 2 - 320) << 16);
	KUNIT_EXPECT_EQ(test, g.y0, (u32)(IPCAM_PANO_H / 2 - 240));

	/* Smaller frames see the same field of view, sampled more coarsely. */
	v.width = 320;
	v.height = 240;
	geom(&v, &g);
	KUNIT_EXPECT_EQ(test, g.step_fp, 2U << 16);
	KUNIT_EXPECT_EQ(test, g.fov_h, 480U);
	KUNIT_EXPECT_EQ(test, g.x0_fp, (u32)(IPCAM_PANO_W / 2 - 320) << 16);

	/* 16:9 covers fewer panorama rows at the same width. */
	v.width = 1280;
	v.height = 720;
	geom(&v, &g);
	KUNIT_EXPECT_EQ(test, g.step_fp, 1U << 15);
	KUNIT_EXPECT_EQ(test, g.fov_h, 360U);
}

static void ipcam_render_window_pan(struct kunit *test)
{
	struct ipcam_render_view v = { .width = 640, .height = 480 };
	struct ipcam_render_geom g, g0;
	u32 px_per_10deg = IPCAM_PANO_W * 10 / 360;	/* 56.9 */

	geom(&v, &g0);
	v.pan_arcsec = DEG(10);
	geom(&v, &g);
	KUNIT_EXPECT_EQ(test, (g.x0_fp - g0.x0_fp) >> 16, px_per_10deg);
	v.pan_arcsec = -DEG(10);
	geom(&v, &g);
	KUNIT_EXPECT_EQ(test, (g0.x0_fp - g.x0_fp) >> 16, px_per_10deg);

	/* A full turn is where it started; half a turn either way meets. */
	v.pan_arcsec = DEG(360);
	geom(&v, &g);
	KUNIT_EXPECT_EQ(test, g.x0_fp, g0.x0_fp);
	v.pan_arcsec = DEG(180);
	geom(&v, &g);
	KUNIT_EXPECT_EQ(test, g.x0_fp, (u32)(IPCAM_PANO_W - 320) << 16);
	v.pan_arcsec = -DEG(180);
	geom(&v, &g0);
	KUNIT_EXPECT_EQ(test, g.x0_fp, g0.x0_fp);
	/* Always inside the panorama, wrapped. */
	v.pan_arcsec = -DEG(359);
	geom(&v, &g);
	KUNIT_EXPECT_LT(test, g.x0_fp, (u32)IPCAM_PANO_W << 16);
}

static void ipcam_render_window_tilt(struct kunit *test)
{
	struct ipcam_render_view v = { .width = 640, .height = 480 };
	struct ipcam_render_geom g;

	v.tilt_arcsec = DEG(10);	/* up: the window moves up */
	geom(&v, &g);
	KUNIT_EXPECT_EQ(test, g.y0, (u32)(IPCAM_PANO_H / 2 - 240 - IPCAM_PANO_H * 10 / 180));
	/* At the poles the window stops at the panorama's edge. */
	v.tilt_arcsec = DEG(90);
	geom(&v, &g);
	KUNIT_EXPECT_EQ(test, g.y0, 0U);
	v.tilt_arcsec = -DEG(90);
	geom(&v, &g);
	KUNIT_EXPECT_EQ(test, g.y0, (u32)(IPCAM_PANO_H - 480));
	v.tilt_arcsec = S32_MIN;
	geom(&v, &g);
	KUNIT_EXPECT_EQ(test, g.y0, (u32)(IPCAM_PANO_H - 480));
}

static void ipcam_render_luma_table(struct kunit *test)
{
	u8 lut[256];
	int i;

	/* Brightness 96 and contrast 4 are the identity. */
	ipcam_render_luma_lut(lut, 96, 4);
	for (i = 0; i < 256; i++)
		KUNIT_EXPECT_EQ_MSG(test, lut[i], (u8)i, "neutral %d", i);
	/* Brightness is an offset, clamped. */
	ipcam_render_luma_lut(lut, 96 + 50, 4);
	KUNIT_EXPECT_EQ(test, lut[100], 150);
	KUNIT_EXPECT_EQ(test, lut[250], 255);
	ipcam_render_luma_lut(lut, 0, 4);
	KUNIT_EXPECT_EQ(test, lut[50], 0);
	KUNIT_EXPECT_EQ(test, lut[200], 104);
	/* Contrast is a gain of (c + 2) / 6 about mid-grey. */
	ipcam_render_luma_lut(lut, 96, 1);
	KUNIT_EXPECT_EQ(test, lut[128], 128);
	KUNIT_EXPECT_EQ(test, lut[228], 128 + 50);
	KUNIT_EXPECT_EQ(test, lut[28], 128 - 50);
	ipcam_render_luma_lut(lut, 96, 6);
	KUNIT_EXPECT_EQ(test, lut[0], 0);
	KUNIT_EXPECT_EQ(test, lut[255], 255);
	KUNIT_EXPECT_EQ(test, lut[140], 128 + 16);
	/* Monotonic for every setting: more light is never darker. */
	for (i = 1; i < 256; i++)
		KUNIT_EXPECT_GE(test, lut[i], lut[i - 1]);
}

struct render_ctx {
	struct ipcam_pano pano;
	u8 *a, *b;
};

static int render_init(struct kunit *test)
{
	struct render_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	if (ipcam_pano_alloc(&c->pano))
		return -ENOMEM;
	c->a = vzalloc(320 * 240 * 2);
	c->b = vzalloc(320 * 240 * 2);
	test->priv = c;
	if (!c->a || !c->b)
		return -ENOMEM;
	ipcam_pano_draw_scene(&c->pano);
	return 0;
}

static void render_exit(struct kunit *test)
{
	struct render_ctx *c = test->priv;

	if (!c)
		return;
	vfree(c->a);
	vfree(c->b);
	ipcam_pano_free(&c->pano);
}

/* Mirror (hflip) reverses every row of the planar luma; flip the rows. */
static void ipcam_render_flip_mirror(struct kunit *test)
{
	struct render_ctx *c = test->priv;
	struct ipcam_render_view v = {
		.width = 320, .height = 240, .bytesperline = 320,
		.fourcc = IPCAM_RENDER_YUV420, .pan_arcsec = DEG(33),
	};
	u32 x, y, diff = 0, same = 0;

	ipcam_render_frame(&c->pano, &v, c->a);
	v.hflip = true;
	ipcam_render_frame(&c->pano, &v, c->b);
	for (y = 0; y < 240; y++)
		for (x = 0; x < 320; x++)
			diff += c->a[y * 320 + x] != c->b[y * 320 + 319 - x];
	KUNIT_EXPECT_EQ(test, diff, 0U);

	v.hflip = false;
	v.vflip = true;
	ipcam_render_frame(&c->pano, &v, c->b);
	for (y = 0; y < 240; y++)
		diff += memcmp(c->a + y * 320, c->b + (239 - y) * 320, 320) != 0;
	KUNIT_EXPECT_EQ(test, diff, 0U);

	/* The scene is not symmetric, so the test above can fail. */
	for (y = 0; y < 240; y++)
		same += !memcmp(c->a + y * 320, c->b + y * 320, 320);
	KUNIT_EXPECT_LT(test, same, 240U);
}

/* Panning by the width of the field of view shows new scene. */
static void ipcam_render_pan_moves_picture(struct kunit *test)
{
	struct render_ctx *c = test->priv;
	struct ipcam_render_view v = {
		.width = 320, .height = 240, .bytesperline = 320 * 2,
		.fourcc = IPCAM_RENDER_YUYV,
	};
	u32 px = IPCAM_PANO_W * 10 / 360, x, y, diff = 0;

	ipcam_render_frame(&c->pano, &v, c->a);
	v.pan_arcsec = DEG(10);
	ipcam_render_frame(&c->pano, &v, c->b);
	/*
	 * 10 degrees are px panorama columns, px / 2 output columns at 320
	 * wide: the new frame is the old one shifted left by that much
	 * (luma of YUYV, allowing one column of sampling phase).
	 */
	for (y = 0; y < 240; y++)
		for (x = 0; x + px / 2 + 1 < 320; x++) {
			u8 now = c->b[y * 640 + 2 * x];
			u8 a0 = c->a[y * 640 + 2 * (x + px / 2)];
			u8 a1 = c->a[y * 640 + 2 * (x + px / 2 + 1)];

			diff += now != a0 && now != a1;
		}
	KUNIT_EXPECT_EQ(test, diff, 0U);
	KUNIT_EXPECT_NE(test, memcmp(c->a, c->b, 320 * 240 * 2), 0);
}

static struct kunit_case ipcam_render_cases[] = {
	KUNIT_CASE(ipcam_render_window_centre),
	KUNIT_CASE(ipcam_render_window_pan),
	KUNIT_CASE(ipcam_render_window_tilt),
	KUNIT_CASE(ipcam_render_luma_table),
	{}
};

static struct kunit_suite ipcam_render_suite = {
	.name = "ipcam_render_geometry",
	.test_cases = ipcam_render_cases,
};

static struct kunit_case ipcam_render_pixel_cases[] = {
	KUNIT_CASE(ipcam_render_flip_mirror),
	KUNIT_CASE(ipcam_render_pan_moves_picture),
	{}
};

static struct kunit_suite ipcam_render_pixel_suite = {
	.name = "ipcam_render_pixels",
	.init = render_init,
	.exit = render_exit,
	.test_cases = ipcam_render_pixel_cases,
};

kunit_test_suites(&ipcam_render_suite, &ipcam_render_pixel_suite);

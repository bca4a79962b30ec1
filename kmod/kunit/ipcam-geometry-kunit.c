// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: pixel formats, frame sizes and frame intervals of the sensor: the
 * arithmetic behind TRY_FMT/S_FMT and S_PARM.
 */
#include <kunit/test.h>

#include "../ipcam-geometry.h"

static void ipcam_geometry_interval_ns(struct kunit *test)
{
	static const struct v4l2_fract f30 = { 1, 30 }, f1 = { 1, 1 }, f2 = { 2, 1 };

	KUNIT_EXPECT_EQ(test, ipcam_interval_ns(&f30), 33333333ULL);
	KUNIT_EXPECT_EQ(test, ipcam_interval_ns(&f1), 1000000000ULL);
	KUNIT_EXPECT_EQ(test, ipcam_interval_ns(&f2), 2000000000ULL);
}

static void ipcam_geometry_nearest_interval(struct kunit *test)
{
	static const struct {
		struct v4l2_fract want, got;
	} cases[] = {
		{ { 1, 30 }, { 1, 30 } },
		{ { 1, 29 }, { 1, 30 } },
		{ { 1, 11 }, { 1, 10 } },
		{ { 1, 6 }, { 1, 5 } },
		{ { 2, 1 }, { 1, 1 } },		/* slower than the slowest */
		{ { 1, 1000 }, { 1, 30 } },	/* faster than the fastest */
		{ { 1001, 30000 }, { 1, 30 } },	/* NTSC-style fractions */
		{ { 0, 0 }, { 1, 30 } },	/* "default" */
		{ { 0, 25 }, { 1, 30 } },
		{ { 25, 0 }, { 1, 30 } },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct v4l2_fract *got = ipcam_nearest_interval(&cases[i].want);

		KUNIT_EXPECT_EQ_MSG(test, got->numerator, cases[i].got.numerator,
				    "want %u/%u", cases[i].want.numerator,
				    cases[i].want.denominator);
		KUNIT_EXPECT_EQ_MSG(test, got->denominator, cases[i].got.denominator,
				    "want %u/%u", cases[i].want.numerator,
				    cases[i].want.denominator);
	}
}

static void ipcam_geometry_frame_sizes(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, ipcam_is_frame_size(160, 120));
	KUNIT_EXPECT_TRUE(test, ipcam_is_frame_size(640, 480));
	KUNIT_EXPECT_TRUE(test, ipcam_is_frame_size(1280, 720));
	KUNIT_EXPECT_FALSE(test, ipcam_is_frame_size(640, 360));
	KUNIT_EXPECT_FALSE(test, ipcam_is_frame_size(0, 0));
}

static void ipcam_geometry_find_format(struct kunit *test)
{
	KUNIT_EXPECT_PTR_EQ(test, ipcam_find_format(V4L2_PIX_FMT_YUYV), &ipcam_formats[0]);
	KUNIT_EXPECT_PTR_EQ(test, ipcam_find_format(V4L2_PIX_FMT_YUV420), &ipcam_formats[1]);
	KUNIT_EXPECT_NULL(test, ipcam_find_format(V4L2_PIX_FMT_NV12));
	KUNIT_EXPECT_NULL(test, ipcam_find_format(0));
}

/* fill_pix: nearest size, strides and image sizes per format. */
static void ipcam_geometry_fill_pix(struct kunit *test)
{
	static const struct {
		u32 fourcc, w, h;		/* asked */
		u32 gw, gh, bpl, size;		/* given */
	} cases[] = {
		{ V4L2_PIX_FMT_YUYV, 640, 480, 640, 480, 1280, 614400 },
		{ V4L2_PIX_FMT_YUYV, 700, 500, 640, 480, 1280, 614400 },
		{ V4L2_PIX_FMT_YUYV, 1, 1, 160, 120, 320, 38400 },
		{ V4L2_PIX_FMT_YUYV, 4000, 3000, 1280, 720, 2560, 1843200 },
		{ V4L2_PIX_FMT_YUV420, 320, 240, 320, 240, 320, 115200 },
		{ V4L2_PIX_FMT_YUV420, 1280, 720, 1280, 720, 1280, 1382400 },
		{ V4L2_PIX_FMT_YUV420, 0, 0, 160, 120, 160, 28800 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct v4l2_pix_format pix = {
			.width = cases[i].w, .height = cases[i].h,
			.bytesperline = 12345, .sizeimage = 1, .priv = 7,
		};

		ipcam_fill_pix(&pix, ipcam_find_format(cases[i].fourcc));
		KUNIT_EXPECT_EQ_MSG(test, pix.width, cases[i].gw, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, pix.height, cases[i].gh, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, pix.bytesperline, cases[i].bpl, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, pix.sizeimage, cases[i].size, "case %u", i);
		KUNIT_EXPECT_EQ(test, pix.pixelformat, cases[i].fourcc);
		KUNIT_EXPECT_EQ(test, pix.field, (u32)V4L2_FIELD_NONE);
		KUNIT_EXPECT_EQ(test, pix.priv, 0U);
		KUNIT_EXPECT_EQ(test, pix.colorspace, (u32)V4L2_COLORSPACE_SRGB);
	}
}

static struct kunit_case ipcam_geometry_cases[] = {
	KUNIT_CASE(ipcam_geometry_interval_ns),
	KUNIT_CASE(ipcam_geometry_nearest_interval),
	KUNIT_CASE(ipcam_geometry_frame_sizes),
	KUNIT_CASE(ipcam_geometry_find_format),
	KUNIT_CASE(ipcam_geometry_fill_pix),
	{}
};

static struct kunit_suite ipcam_geometry_suite = {
	.name = "ipcam_geometry",
	.test_cases = ipcam_geometry_cases,
};

kunit_test_suite(ipcam_geometry_suite);

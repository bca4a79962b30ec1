// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the motion detector's maths (cell means, regions, the median,
 * confirmation, lighting changes, compensation, excluded cells, the moving
 * head) and where the scene's car is drawn.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "../ipcam-activity.h"
#include "../ipcam-motion.h"

#define FP(l)	((u16)((l) << IPCAM_MD_FP_SHIFT))

static void fill_means(u16 *means, u32 luma)
{
	u32 i;

	for (i = 0; i < IPCAM_MD_CELLS; i++)
		means[i] = FP(luma);
}

static struct ipcam_md_config *global_cfg(struct kunit *test, bool compensate)
{
	struct ipcam_md_config *cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, cfg);
	cfg->mode = IPCAM_MD_MODE_GLOBAL;
	cfg->threshold = IPCAM_MD_THRESHOLD_DEF;
	cfg->compensate = compensate;
	return cfg;
}

static struct ipcam_md *new_md(struct kunit *test)
{
	struct ipcam_md *md = kunit_kzalloc(test, sizeof(*md), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, md);
	ipcam_md_reset(md);
	return md;
}

/* The first frames are learnt: never motion, whatever they show. */
static void learn(struct kunit *test, struct ipcam_md *md,
		  const struct ipcam_md_config *cfg, const u16 *means)
{
	int i;

	for (i = 0; i < IPCAM_MD_LEARN; i++)
		KUNIT_EXPECT_FALSE(test, ipcam_md_update(md, cfg, means, false));
	KUNIT_EXPECT_EQ(test, md->learn, 0U);
}

static void ipcam_md_means_planar_and_yuyv(struct kunit *test)
{
	u32 w = 160, h = 120, x, y, i;
	struct ipcam_md_luma l = { .width = w, .height = h };
	u16 means[IPCAM_MD_CELLS];
	u8 *buf = kunit_kzalloc(test, w * h * 2, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* Planar: cell (col 3, row 2) is 200, the rest 100. */
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			buf[y * w + x] = x / 10 == 3 && y / 10 == 2 ? 200 : 100;
	l.data = buf;
	l.stride = w;
	l.step = 1;
	ipcam_md_cell_means(&l, means);
	for (i = 0; i < IPCAM_MD_CELLS; i++)
		KUNIT_EXPECT_EQ(test, means[i], i == 2 * IPCAM_MD_COLS + 3 ? FP(200) : FP(100));

	/* YUYV: chroma bytes in between are not luma. */
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			buf[y * w * 2 + 2 * x] = x >= 150 && y >= 110 ? 30 : 90;
			buf[y * w * 2 + 2 * x + 1] = 255;
		}
	l.stride = w * 2;
	l.step = 2;
	ipcam_md_cell_means(&l, means);
	KUNIT_EXPECT_EQ(test, means[IPCAM_MD_CELLS - 1], FP(30));
	KUNIT_EXPECT_EQ(test, means[0], FP(90));
	KUNIT_EXPECT_EQ(test, means[IPCAM_MD_CELLS - 2], FP(90));
}

static void ipcam_md_regions(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ipcam_md_cell_region(0), 0U);
	KUNIT_EXPECT_EQ(test, ipcam_md_cell_region(1), 0U);
	KUNIT_EXPECT_EQ(test, ipcam_md_cell_region(2), 1U);
	KUNIT_EXPECT_EQ(test, ipcam_md_cell_region(IPCAM_MD_COLS - 1), 7U);
	KUNIT_EXPECT_EQ(test, ipcam_md_cell_region(2 * IPCAM_MD_COLS), 0U);
	KUNIT_EXPECT_EQ(test, ipcam_md_cell_region(3 * IPCAM_MD_COLS), 8U);
	KUNIT_EXPECT_EQ(test, ipcam_md_cell_region(IPCAM_MD_CELLS - 1), 31U);
}

static void ipcam_md_median_values(struct kunit *test)
{
	s32 a[] = { 9, -3, 7, 7, 0 };
	s32 b[] = { 4, 1, 3, 2 };
	s32 c[] = { -5 };

	KUNIT_EXPECT_EQ(test, ipcam_md_median(a, ARRAY_SIZE(a)), 7);
	KUNIT_EXPECT_EQ(test, ipcam_md_median(b, ARRAY_SIZE(b)), 3);
	KUNIT_EXPECT_EQ(test, ipcam_md_median(c, 1), -5);
	KUNIT_EXPECT_EQ(test, ipcam_md_median(c, 0), 0);
}

/* Two cells of one region go dark: reported on the third frame only. */
static void ipcam_md_confirm_start_and_end(struct kunit *test)
{
	struct ipcam_md_config *cfg = global_cfg(test, true);
	struct ipcam_md *md = new_md(test);
	u16 still[IPCAM_MD_CELLS], car[IPCAM_MD_CELLS];
	int i;

	fill_means(still, 110);
	fill_means(car, 110);
	car[7 * IPCAM_MD_COLS + 8] = FP(40);
	car[7 * IPCAM_MD_COLS + 9] = FP(40);

	learn(test, md, cfg, still);
	KUNIT_EXPECT_FALSE(test, ipcam_md_update(md, cfg, still, false));
	KUNIT_EXPECT_FALSE(test, ipcam_md_update(md, cfg, car, false));
	KUNIT_EXPECT_FALSE(test, ipcam_md_update(md, cfg, car, false));
	KUNIT_EXPECT_EQ(test, md->mask, 0U);
	KUNIT_EXPECT_TRUE(test, ipcam_md_update(md, cfg, car, false));
	KUNIT_EXPECT_EQ(test, md->mask, 1U << (2 * IPCAM_MD_REGION_COLS + 4));
	KUNIT_EXPECT_EQ(test, md->changed, 2U);
	KUNIT_EXPECT_FALSE(test, md->lightswitch);

	/* Gone again: the end is reported after as many still frames. */
	for (i = 0; i < IPCAM_MD_CONFIRM - 1; i++)
		KUNIT_EXPECT_FALSE(test, ipcam_md_update(md, cfg, still, false));
	KUNIT_EXPECT_TRUE(test, ipcam_md_update(md, cfg, still, false));
	KUNIT_EXPECT_EQ(test, md->mask, 0U);
}

/* Something seen in fewer consecutive frames than IPCAM_MD_CONFIRM is not motion. */
static void ipcam_md_flash_is_not_motion(struct kunit *test)
{
	struct ipcam_md_config *cfg = global_cfg(test, true);
	struct ipcam_md *md = new_md(test);
	u16 still[IPCAM_MD_CELLS], flash[IPCAM_MD_CELLS];
	int round;

	fill_means(still, 110);
	fill_means(flash, 110);
	flash[5] = FP(250);
	learn(test, md, cfg, still);
	for (round = 0; round < 5; round++) {
		KUNIT_EXPECT_FALSE(test, ipcam_md_update(md, cfg, flash, false));
		KUNIT_EXPECT_FALSE(test, ipcam_md_update(md, cfg, flash, false));
		KUNIT_EXPECT_FALSE(test, ipcam_md_update(md, cfg, still, false));
	}
	KUNIT_EXPECT_EQ(test, md->mask, 0U);
}

/* The lights go up: every cell changes at once, which is not motion. */
static void ipcam_md_lightswitch(struct kunit *test)
{
	struct ipcam_md_config *cfg = global_cfg(test, false);
	struct ipcam_md *md = new_md(test);
	u16 dark[IPCAM_MD_CELLS], lit[IPCAM_MD_CELLS];
	int i;

	fill_means(dark, 60);
	fill_means(lit, 60);
	/* Not uniform: the near street brightens more than the sky. */
	for (i = 0; i < IPCAM_MD_CELLS; i++)
		lit[i] = FP(60 + 30 + i % 40);
	learn(test, md, cfg, dark);
	for (i = 0; i < 10; i++) {
		KUNIT_EXPECT_FALSE(test, ipcam_md_update(md, cfg, lit, false));
		KUNIT_EXPECT_EQ(test, md->mask, 0U);
	}
	/* The first lit frame was taken as a lighting change and learnt. */
	ipcam_md_reset(md);
	learn(test, md, cfg, dark);
	ipcam_md_update(md, cfg, lit, false);
	KUNIT_EXPECT_TRUE(test, md->lightswitch);
	ipcam_md_update(md, cfg, lit, false);
	KUNIT_EXPECT_FALSE(test, md->lightswitch);
	KUNIT_EXPECT_EQ(test, md->changed, 0U);
}

/*
 * The lights change while a car passes: with compensation the car is still
 * seen (the median change is taken out); without, the frame is only light.
 */
static void ipcam_md_compensation(struct kunit *test)
{
	struct ipcam_md_config *on = global_cfg(test, true);
	struct ipcam_md_config *off = global_cfg(test, false);
	struct ipcam_md *md = new_md(test);
	u16 base[IPCAM_MD_CELLS], frame[IPCAM_MD_CELLS];
	u32 cell = 8 * IPCAM_MD_COLS + 2;
	int i;

	fill_means(base, 100);
	fill_means(frame, 100 + 20);
	frame[cell] = FP(30);

	learn(test, md, on, base);
	ipcam_md_update(md, on, frame, false);
	KUNIT_EXPECT_EQ(test, md->shift, (s32)FP(20));
	for (i = 1; i < IPCAM_MD_CONFIRM; i++)
		ipcam_md_update(md, on, frame, false);
	KUNIT_EXPECT_EQ(test, md->mask, 1U << ipcam_md_cell_region(cell));

	ipcam_md_reset(md);
	learn(test, md, off, base);
	for (i = 0; i < IPCAM_MD_CONFIRM; i++)
		ipcam_md_update(md, off, frame, false);
	KUNIT_EXPECT_EQ(test, md->shift, 0);
	KUNIT_EXPECT_EQ(test, md->mask, 0U);
}

/* Grid mode: an excluded cell never moves; a sensitive one does. */
static void ipcam_md_grid_exclusion(struct kunit *test)
{
	struct ipcam_md_config *cfg = global_cfg(test, true);
	struct ipcam_md *md = new_md(test);
	u16 base[IPCAM_MD_CELLS], frame[IPCAM_MD_CELLS];
	u32 tree = 3 * IPCAM_MD_COLS + 12, door = 9 * IPCAM_MD_COLS + 1;
	int i;

	cfg->mode = IPCAM_MD_MODE_GRID;
	for (i = 0; i < IPCAM_MD_CELLS; i++)
		cfg->grid[i] = 40;
	cfg->grid[tree] = IPCAM_MD_THRESHOLD_MAX;
	cfg->grid[door] = 5;

	fill_means(base, 100);
	fill_means(frame, 100);
	frame[tree] = FP(250);		/* leaves in the wind: excluded */
	frame[door] = FP(110);		/* small, but this cell is sensitive */
	learn(test, md, cfg, base);
	for (i = 0; i < IPCAM_MD_CONFIRM; i++)
		ipcam_md_update(md, cfg, frame, false);
	KUNIT_EXPECT_EQ(test, md->mask, 1U << ipcam_md_cell_region(door));
	KUNIT_EXPECT_EQ(test, md->changed, 1U);

	/* With the same change under a global threshold of 40: nothing. */
	cfg->mode = IPCAM_MD_MODE_GLOBAL;
	cfg->threshold = 40;
	ipcam_md_reset(md);
	learn(test, md, cfg, base);
	frame[tree] = FP(100);
	for (i = 0; i < 2 * IPCAM_MD_CONFIRM; i++)
		ipcam_md_update(md, cfg, frame, false);
	KUNIT_EXPECT_EQ(test, md->mask, 0U);
}

/* Frames while the head moves do not count; its new view is learnt. */
static void ipcam_md_moving_head(struct kunit *test)
{
	struct ipcam_md_config *cfg = global_cfg(test, true);
	struct ipcam_md *md = new_md(test);
	u16 before[IPCAM_MD_CELLS], after[IPCAM_MD_CELLS];
	int i;

	fill_means(before, 100);
	fill_means(after, 100);
	for (i = 0; i < 20; i++)
		after[i] = FP(180);	/* a building came into view */
	learn(test, md, cfg, before);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_FALSE(test, ipcam_md_update(md, cfg, after, true));
	/* Learnt after the move, then judged: nothing moved. */
	for (i = 0; i < IPCAM_MD_LEARN + 3; i++)
		KUNIT_EXPECT_FALSE(test, ipcam_md_update(md, cfg, after, false));
	KUNIT_EXPECT_EQ(test, md->changed, 0U);

	/* Disabling ends a reported motion at once. */
	after[100] = FP(10);
	for (i = 0; i < IPCAM_MD_CONFIRM; i++)
		ipcam_md_update(md, cfg, after, false);
	KUNIT_EXPECT_NE(test, md->mask, 0U);
	cfg->mode = IPCAM_MD_MODE_DISABLED;
	KUNIT_EXPECT_TRUE(test, ipcam_md_update(md, cfg, after, false));
	KUNIT_EXPECT_EQ(test, md->mask, 0U);
}

static struct kunit_case ipcam_motion_cases[] = {
	KUNIT_CASE(ipcam_md_means_planar_and_yuyv),
	KUNIT_CASE(ipcam_md_regions),
	KUNIT_CASE(ipcam_md_median_values),
	KUNIT_CASE(ipcam_md_confirm_start_and_end),
	KUNIT_CASE(ipcam_md_flash_is_not_motion),
	KUNIT_CASE(ipcam_md_lightswitch),
	KUNIT_CASE(ipcam_md_compensation),
	KUNIT_CASE(ipcam_md_grid_exclusion),
	KUNIT_CASE(ipcam_md_moving_head),
	{}
};

static struct kunit_suite ipcam_motion_suite = {
	.name = "ipcam_motion",
	.test_cases = ipcam_motion_cases,
};

/* The car at pan 0 in a 640x480 YUV 4:2:0 frame, straight and mirrored. */
static void ipcam_activity_car_pixels(struct kunit *test)
{
	struct ipcam_render_view v = {
		.width = 640, .height = 480, .bytesperline = 640,
		.fourcc = IPCAM_RENDER_YUV420,
	};
	u32 x0 = IPCAM_PANO_W / 2 - 320, y0 = IPCAM_PANO_H / 2 - 240;
	s32 car = x0 + 100;
	u32 row = IPCAM_CAR_Y + 30 - y0;	/* through the body */
	u8 *buf = kunit_kzalloc(test, 640 * 480 * 3 / 2, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	ipcam_render_car(&v, buf, car);
	KUNIT_EXPECT_EQ(test, buf[row * 640 + 100 + 80], 48);
	KUNIT_EXPECT_EQ(test, buf[row * 640 + 99], 0);
	KUNIT_EXPECT_EQ(test, buf[row * 640 + 100 + IPCAM_CAR_W], 0);
	/* Wheels below the body. */
	KUNIT_EXPECT_EQ(test, buf[(row + 20) * 640 + 100 + 30], 16);

	memset(buf, 0, 640 * 480 * 3 / 2);
	v.hflip = true;
	ipcam_render_car(&v, buf, car);
	KUNIT_EXPECT_EQ(test, buf[row * 640 + 639 - 100 - 80], 48);
	KUNIT_EXPECT_EQ(test, buf[row * 640 + 100 + 80], 0);
}

static void ipcam_activity_drive(struct kunit *test)
{
	struct ipcam_activity a;
	s32 x;

	KUNIT_EXPECT_EQ(test, ipcam_car_x_at(0), IPCAM_CAR_X0);
	KUNIT_EXPECT_EQ(test, ipcam_car_x_at(NSEC_PER_SEC), IPCAM_CAR_X0 + IPCAM_CAR_PX_PER_S);

	ipcam_activity_init(&a, 0, 1000);
	KUNIT_EXPECT_FALSE(test, ipcam_activity_car_x(&a, 5 * NSEC_PER_SEC, &x));
	ipcam_activity_start(&a, 10 * NSEC_PER_SEC);
	KUNIT_EXPECT_TRUE(test, ipcam_activity_car_x(&a, 11 * NSEC_PER_SEC, &x));
	KUNIT_EXPECT_EQ(test, x, IPCAM_CAR_X0 + IPCAM_CAR_PX_PER_S);
	KUNIT_EXPECT_FALSE(test, ipcam_activity_car_x(&a, 10 * NSEC_PER_SEC +
						      IPCAM_ACTIVITY_NS, &x));

	/* Periodic: the first drive one period after start. */
	ipcam_activity_init(&a, 60, 0);
	KUNIT_EXPECT_FALSE(test, ipcam_activity_car_x(&a, 59 * NSEC_PER_SEC, &x));
	KUNIT_EXPECT_TRUE(test, ipcam_activity_car_x(&a, 61 * NSEC_PER_SEC, &x));
	KUNIT_EXPECT_EQ(test, x, IPCAM_CAR_X0);
	KUNIT_EXPECT_FALSE(test, ipcam_activity_car_x(&a, 100 * NSEC_PER_SEC, &x));
	KUNIT_EXPECT_TRUE(test, ipcam_activity_car_x(&a, 122 * NSEC_PER_SEC, &x));
}

static struct kunit_case ipcam_activity_cases[] = {
	KUNIT_CASE(ipcam_activity_car_pixels),
	KUNIT_CASE(ipcam_activity_drive),
	{}
};

static struct kunit_suite ipcam_activity_suite = {
	.name = "ipcam_activity",
	.test_cases = ipcam_activity_cases,
};

kunit_test_suites(&ipcam_motion_suite, &ipcam_activity_suite);

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The software motion detector behind the motion API: frames go through
 * the hook ipcam_video_dequeue() calls, events come out of
 * ipcam_motion_read(), exactly as on a camera without a detector.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <linux/videodev2.h>

#include "video-priv.h"
#include "unit.h"

#define W 160
#define H 120

struct rig {
	struct ipcam_video *video;
	uint8_t frame[W * H * 2];
	uint32_t seq;
};

static struct rig *rig_new(void)
{
	struct rig *r = calloc(1, sizeof(*r));

	ck_assert_ptr_nonnull(r);
	r->video = calloc(1, sizeof(*r->video));
	ck_assert_ptr_nonnull(r->video);
	/* Not a video device: every V4L2 ioctl fails, as on a plain webcam's missing class. */
	r->video->fd = open("/dev/null", O_RDWR);
	ck_assert_int_ge(r->video->fd, 0);
	strcpy(r->video->path, "/dev/null");
	return r;
}

static void rig_free(struct rig *r)
{
	ipcam_motion_disarm(r->video);
	close(r->video->fd);
	free(r->video);
	free(r);
}

/* A YUYV scene: luma @base, plus a @luma block over cells [c0, c1) x [r0, r1). */
static void paint(struct rig *r, uint8_t base, uint32_t c0, uint32_t c1, uint32_t r0,
		  uint32_t r1, uint8_t luma)
{
	for (uint32_t y = 0; y < H; y++)
		for (uint32_t x = 0; x < W; x++) {
			uint32_t col = x * IPCAM_MOTION_COLS / W, row = y * IPCAM_MOTION_ROWS / H;
			int in = col >= c0 && col < c1 && row >= r0 && row < r1;

			r->frame[(y * W + x) * 2] = in ? luma : base;
			r->frame[(y * W + x) * 2 + 1] = 128;
		}
}

static void feed(struct rig *r)
{
	struct ipcam_frame f = {
		.data = r->frame, .bytesused = sizeof(r->frame), .width = W, .height = H,
		.fourcc = V4L2_PIX_FMT_YUYV, .bytesperline = W * 2, .sequence = r->seq++,
	};

	ipcam_motion_frame(r->video, &f);
}

START_TEST(test_bad_config_refused)
{
	struct rig *r = rig_new();
	struct ipcam_motion_config cfg = { .threshold = 0 };
	uint16_t grid[IPCAM_MOTION_COLS * IPCAM_MOTION_ROWS];

	ck_assert_int_eq(ipcam_motion_arm(r->video, &cfg), -EINVAL);
	cfg.threshold = 255;
	ck_assert_int_eq(ipcam_motion_arm(r->video, &cfg), -EINVAL);
	for (size_t i = 0; i < sizeof(grid) / sizeof(grid[0]); i++)
		grid[i] = 20;
	grid[7] = 256;
	cfg.grid = grid;
	ck_assert_int_eq(ipcam_motion_arm(r->video, &cfg), -EINVAL);
	ck_assert_int_eq(ipcam_motion_hardware(r->video), -EINVAL);
	rig_free(r);
}
END_TEST

START_TEST(test_software_events)
{
	struct rig *r = rig_new();
	struct ipcam_motion_config cfg = { .threshold = 14, .compensate = 1 };
	struct ipcam_motion_event ev;

	ck_assert_int_eq(ipcam_motion_arm(r->video, &cfg), 0);
	ck_assert_int_eq(ipcam_motion_hardware(r->video), 0);
	paint(r, 110, 0, 0, 0, 0, 0);
	for (int i = 0; i < 6; i++)	/* learnt, then one judged */
		feed(r);
	/* A car over cells 8..11 of rows 7..8: regions 4 and 5 of region row 2. */
	paint(r, 110, 8, 12, 7, 9, 40);
	feed(r);
	feed(r);
	ck_assert_int_eq(ipcam_motion_read(r->video, &ev), -EAGAIN);
	feed(r);
	ck_assert_int_eq(ipcam_motion_read(r->video, &ev), 0);
	ck_assert_uint_eq(ev.regions, (1U << 20) | (1U << 21));
	ck_assert_uint_eq(ev.sequence, 8);
	ck_assert_int_eq(ipcam_motion_read(r->video, &ev), -EAGAIN);

	paint(r, 110, 0, 0, 0, 0, 0);
	feed(r);
	feed(r);
	feed(r);
	ck_assert_int_eq(ipcam_motion_read(r->video, &ev), 0);
	ck_assert_uint_eq(ev.regions, 0);
	ck_assert_uint_eq(ev.sequence, 11);
	rig_free(r);
}
END_TEST

START_TEST(test_brightness_jump_and_excluded_cells)
{
	struct rig *r = rig_new();
	uint16_t grid[IPCAM_MOTION_COLS * IPCAM_MOTION_ROWS];
	struct ipcam_motion_config cfg = { .threshold = 14, .compensate = 1, .grid = grid };
	struct ipcam_motion_event ev;

	for (size_t i = 0; i < sizeof(grid) / sizeof(grid[0]); i++)
		grid[i] = 14;
	for (int row = 7; row < 9; row++)
		for (int col = 8; col < 12; col++)
			grid[row * IPCAM_MOTION_COLS + col] = IPCAM_MOTION_EXCLUDED;
	ck_assert_int_eq(ipcam_motion_arm(r->video, &cfg), 0);
	paint(r, 110, 0, 0, 0, 0, 0);
	for (int i = 0; i < 6; i++)
		feed(r);
	/* The lights go up. */
	paint(r, 160, 0, 0, 0, 0, 0);
	for (int i = 0; i < 6; i++)
		feed(r);
	/* A car where nobody looks. */
	paint(r, 160, 8, 12, 7, 9, 40);
	for (int i = 0; i < 6; i++)
		feed(r);
	ck_assert_int_eq(ipcam_motion_read(r->video, &ev), -EAGAIN);
	rig_free(r);
}
END_TEST

START_TEST(test_queue_keeps_newest)
{
	struct rig *r = rig_new();
	struct ipcam_motion_config cfg = { .threshold = 14 };
	struct ipcam_motion_event ev;
	uint32_t last = 0;
	int n = 0;

	ck_assert_int_eq(ipcam_motion_arm(r->video, &cfg), 0);
	for (int round = 0; round < 20; round++) {
		paint(r, 110, 0, 0, 0, 0, 0);
		for (int i = 0; i < 4; i++)
			feed(r);
		paint(r, 110, 0, 2, 0, 3, 20);
		for (int i = 0; i < 4; i++)
			feed(r);
	}
	while (ipcam_motion_read(r->video, &ev) == 0) {
		ck_assert_uint_gt(ev.sequence, last);
		last = ev.sequence;
		n++;
	}
	ck_assert_int_eq(n, 16);
	ck_assert_uint_eq(last, r->seq - 2);	/* the last round's start, on its 3rd frame */
	rig_free(r);
}
END_TEST

static Suite *motion_suite(void)
{
	Suite *s = suite_create("motion");
	TCase *tc = tcase_create("software");

	tcase_add_test(tc, test_bad_config_refused);
	tcase_add_test(tc, test_software_events);
	tcase_add_test(tc, test_brightness_jump_and_excluded_cells);
	tcase_add_test(tc, test_queue_keeps_newest);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(motion_suite)

// SPDX-License-Identifier: LGPL-2.1-or-later
/* SDK <-> V4L2 value mapping: linear ranges, mode, flip, resolution codes. */
#include <errno.h>
#include <linux/videodev2.h>

#include "internal.h"
#include "unit.h"

/* Device ranges seen in the wild: ipcam, vivid, UVC webcams, extremes. */
static const struct {
	int32_t min, max, step;
} ranges[] = {
	{ 0, 255, 1 }, { -64, 64, 1 }, { 0, 6, 1 }, { 1, 7, 1 },
	{ -128, 127, 1 }, { 0, 100, 5 }, { 0, 65535, 1 },
	{ INT32_MIN, INT32_MAX, 1 }, { 30, 255, 1 }, { 0, 10, 3 },
};

START_TEST(test_equal_ranges_are_identity)
{
	int32_t v;

	for (v = 0; v <= 255; v++)
		ck_assert_int_eq(ipcam_map_linear(v, 0, 255, 0, 255, 1), v);
	for (v = 0; v <= 6; v++)
		ck_assert_int_eq(ipcam_map_linear(v, 0, 6, 0, 6, 1), v);
}
END_TEST

START_TEST(test_endpoints_map_to_endpoints)
{
	int32_t min = ranges[_i].min, max = ranges[_i].max, step = ranges[_i].step;
	int32_t top = ipcam_map_linear(255, 0, 255, min, max, step);

	ck_assert_int_eq(ipcam_map_linear(0, 0, 255, min, max, step), min);
	/* The max itself, or the last step below it when off the grid. */
	ck_assert_int_le(top, max);
	ck_assert_int_gt((int64_t)top + step, max);
	ck_assert_int_eq(ipcam_map_linear(min, min, max, 0, 255, 1), 0);
	ck_assert_int_eq(ipcam_map_linear(max, min, max, 0, 255, 1), 255);
}
END_TEST

START_TEST(test_monotonic_and_on_step_grid)
{
	int32_t min = ranges[_i].min, max = ranges[_i].max, step = ranges[_i].step;
	int32_t prev = min, v, d;

	for (v = 0; v <= 255; v++) {
		d = ipcam_map_linear(v, 0, 255, min, max, step);
		ck_assert_int_ge(d, prev);
		ck_assert_int_ge(d, min);
		ck_assert_int_le(d, max);
		ck_assert_int_eq(((int64_t)d - min) % step, 0);
		prev = d;
	}
}
END_TEST

/* With at least as many device levels as SDK levels, SDK values survive. */
START_TEST(test_round_trip_when_device_is_finer)
{
	int32_t min = ranges[_i].min, max = ranges[_i].max, step = ranges[_i].step;
	int32_t v, d;

	if (((int64_t)max - min) / step < 255)
		return;
	for (v = 0; v <= 255; v++) {
		d = ipcam_map_linear(v, 0, 255, min, max, step);
		ck_assert_int_eq(ipcam_map_linear(d, min, max, 0, 255, 1), v);
	}
	for (v = 0; v <= 6; v++) {
		d = ipcam_map_linear(v, 0, 6, min, max, step);
		ck_assert_int_eq(ipcam_map_linear(d, min, max, 0, 6, 1), v);
	}
}
END_TEST

START_TEST(test_known_values)
{
	/* vivid/UVC-like -64..64: 128/255 of 128 is 64.25, rounds to 64. */
	ck_assert_int_eq(ipcam_map_linear(128, 0, 255, -64, 64, 1), 0);
	ck_assert_int_eq(ipcam_map_linear(96, 0, 255, -64, 64, 1), -16);
	/* SDK contrast 0..6 onto vivid's 0..255: 3 is exactly half, 127.5 -> 128. */
	ck_assert_int_eq(ipcam_map_linear(3, 0, 6, 0, 255, 1), 128);
	ck_assert_int_eq(ipcam_map_linear(1, 0, 6, 0, 255, 1), 43);
	/* ... and back: 128 of 255 is 3.01 on 0..6. */
	ck_assert_int_eq(ipcam_map_linear(128, 0, 255, 0, 6, 1), 3);
	/* A coarse device: 0..100 step 5; 0.4 * 100 = 40 stays, 41 -> 40. */
	ck_assert_int_eq(ipcam_map_linear(102, 0, 255, 0, 100, 5), 40);
	ck_assert_int_eq(ipcam_map_linear(105, 0, 255, 0, 100, 5), 40);
	ck_assert_int_eq(ipcam_map_linear(108, 0, 255, 0, 100, 5), 40);
	ck_assert_int_eq(ipcam_map_linear(109, 0, 255, 0, 100, 5), 45);
	/* Grid 0,3,6,9 below a max of 10: the top is 9, never 12. */
	ck_assert_int_eq(ipcam_map_linear(255, 0, 255, 0, 10, 3), 9);
	/* Two full 32-bit ranges: no overflow. */
	ck_assert_int_eq(ipcam_map_linear(INT32_MAX, INT32_MIN, INT32_MAX,
					  INT32_MIN, INT32_MAX, 1), INT32_MAX);
	ck_assert_int_eq(ipcam_map_linear(0, INT32_MIN, INT32_MAX, 0, 255, 1), 128);
}
END_TEST

START_TEST(test_clamps_and_degenerate_ranges)
{
	ck_assert_int_eq(ipcam_map_linear(-5, 0, 255, 0, 100, 1), 0);
	ck_assert_int_eq(ipcam_map_linear(400, 0, 255, 0, 100, 1), 100);
	ck_assert_int_eq(ipcam_map_linear(7, 0, 255, 5, 5, 1), 5);
	ck_assert_int_eq(ipcam_map_linear(7, 3, 3, 10, 20, 1), 10);
	ck_assert_int_eq(ipcam_map_linear(50, 0, 100, 0, 10, 0), 5);	/* step 0 = 1 */
}
END_TEST

START_TEST(test_mode)
{
	int32_t plf;
	int mode;

	ck_assert_int_eq(ipcam_mode_to_power_line(IPCAM_MODE_50HZ, &plf), 0);
	ck_assert_int_eq(plf, V4L2_CID_POWER_LINE_FREQUENCY_50HZ);
	ck_assert_int_eq(ipcam_mode_to_power_line(IPCAM_MODE_60HZ, &plf), 0);
	ck_assert_int_eq(plf, V4L2_CID_POWER_LINE_FREQUENCY_60HZ);
	ck_assert_int_eq(ipcam_mode_to_power_line(IPCAM_MODE_OUTDOOR, &plf), 0);
	ck_assert_int_eq(plf, V4L2_CID_POWER_LINE_FREQUENCY_DISABLED);
	ck_assert_int_eq(ipcam_mode_to_power_line(3, &plf), -EINVAL);
	ck_assert_int_eq(ipcam_mode_to_power_line(-1, &plf), -EINVAL);
	for (mode = 0; mode <= 2; mode++) {
		int back = -1;

		ck_assert_int_eq(ipcam_mode_to_power_line(mode, &plf), 0);
		ck_assert_int_eq(ipcam_power_line_to_mode(plf, &back), 0);
		ck_assert_int_eq(back, mode);
	}
	ck_assert_int_eq(ipcam_power_line_to_mode(V4L2_CID_POWER_LINE_FREQUENCY_AUTO,
						  &mode), -ERANGE);
}
END_TEST

START_TEST(test_flip)
{
	int32_t h, v;
	int flip;

	ck_assert_int_eq(ipcam_flip_to_hv(IPCAM_FLIP_NONE, &h, &v), 0);
	ck_assert(h == 0 && v == 0);
	ck_assert_int_eq(ipcam_flip_to_hv(IPCAM_FLIP_VERTICAL, &h, &v), 0);
	ck_assert(h == 0 && v == 1);
	ck_assert_int_eq(ipcam_flip_to_hv(IPCAM_FLIP_MIRROR, &h, &v), 0);
	ck_assert(h == 1 && v == 0);
	ck_assert_int_eq(ipcam_flip_to_hv(IPCAM_FLIP_BOTH, &h, &v), 0);
	ck_assert(h == 1 && v == 1);
	ck_assert_int_eq(ipcam_flip_to_hv(4, &h, &v), -EINVAL);
	ck_assert_int_eq(ipcam_flip_to_hv(-1, &h, &v), -EINVAL);
	for (flip = 0; flip <= 3; flip++) {
		ck_assert_int_eq(ipcam_flip_to_hv(flip, &h, &v), 0);
		ck_assert_int_eq(ipcam_hv_to_flip(h, v), flip);
	}
}
END_TEST

START_TEST(test_resolution)
{
	static const struct { int code; uint32_t w, h; } known[] = {
		{ 2, 160, 120 }, { 8, 320, 240 }, { 32, 640, 480 }, { 64, 1280, 720 },
	};
	static const int bad_codes[] = { 0, 1, 4, 16, 33, 128, -8 };
	uint32_t w, h;
	size_t i;
	int code;

	for (i = 0; i < ARRAY_SIZE(known); i++) {
		ck_assert_int_eq(ipcam_resolution_size(known[i].code, &w, &h), 0);
		ck_assert_uint_eq(w, known[i].w);
		ck_assert_uint_eq(h, known[i].h);
		ck_assert_int_eq(ipcam_resolution_code(w, h, &code), 0);
		ck_assert_int_eq(code, known[i].code);
	}
	for (i = 0; i < ARRAY_SIZE(bad_codes); i++)
		ck_assert_int_eq(ipcam_resolution_size(bad_codes[i], &w, &h), -EINVAL);
	ck_assert_int_eq(ipcam_resolution_code(720, 480, &code), -EINVAL);
	ck_assert_int_eq(ipcam_resolution_code(480, 640, &code), -EINVAL);
}
END_TEST

static Suite *map_suite(void)
{
	Suite *s = suite_create("map");
	TCase *tc = tcase_create("linear");

	tcase_add_test(tc, test_equal_ranges_are_identity);
	tcase_add_loop_test(tc, test_endpoints_map_to_endpoints, 0, ARRAY_SIZE(ranges));
	tcase_add_loop_test(tc, test_monotonic_and_on_step_grid, 0, ARRAY_SIZE(ranges));
	tcase_add_loop_test(tc, test_round_trip_when_device_is_finer, 0, ARRAY_SIZE(ranges));
	tcase_add_test(tc, test_known_values);
	tcase_add_test(tc, test_clamps_and_degenerate_ranges);
	suite_add_tcase(s, tc);
	tc = tcase_create("meanings");
	tcase_add_test(tc, test_mode);
	tcase_add_test(tc, test_flip);
	tcase_add_test(tc, test_resolution);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(map_suite)

// SPDX-License-Identifier: LGPL-2.1-or-later
/* YUYV -> planar 4:2:2 de-interleaving. */
#include <string.h>

#include "internal.h"
#include "unit.h"

START_TEST(test_small_known_frame)
{
	/* 4x2 pixels, rows padded to 10 bytes (padding must be skipped). */
	static const uint8_t src[] = {
		10, 20, 11, 30, 12, 21, 13, 31, 0xee, 0xee,
		14, 22, 15, 32, 16, 23, 17, 33, 0xee, 0xee,
	};
	static const uint8_t y_want[] = { 10, 11, 12, 13, 14, 15, 16, 17 };
	static const uint8_t u_want[] = { 20, 21, 22, 23 };
	static const uint8_t v_want[] = { 30, 31, 32, 33 };
	uint8_t y[8], u[4], v[4];

	memset(y, 0, sizeof(y));
	memset(u, 0, sizeof(u));
	memset(v, 0, sizeof(v));
	ipcam_yuyv_to_planar422(src, 10, 4, 2, y, u, v);
	ck_assert_mem_eq(y, y_want, sizeof(y));
	ck_assert_mem_eq(u, u_want, sizeof(u));
	ck_assert_mem_eq(v, v_want, sizeof(v));
}
END_TEST

START_TEST(test_vga_reinterleaves_exactly)
{
	const uint32_t w = 640, h = 480, stride = 1312;
	uint8_t *src = malloc((size_t)stride * h);
	uint8_t *y = malloc((size_t)w * h), *u = malloc(w / 2 * h), *v = malloc(w / 2 * h);
	uint32_t seed = 12345, row, i;

	ck_assert(src && y && u && v);
	for (i = 0; i < stride * h; i++) {
		seed = seed * 1103515245u + 12345u;
		src[i] = (uint8_t)(seed >> 16);
	}
	ipcam_yuyv_to_planar422(src, stride, w, h, y, u, v);
	for (row = 0; row < h; row++) {
		const uint8_t *s = src + (size_t)row * stride;

		for (i = 0; i < w / 2; i++) {
			ck_assert_uint_eq(s[4 * i], y[row * w + 2 * i]);
			ck_assert_uint_eq(s[4 * i + 1], u[row * (w / 2) + i]);
			ck_assert_uint_eq(s[4 * i + 2], y[row * w + 2 * i + 1]);
			ck_assert_uint_eq(s[4 * i + 3], v[row * (w / 2) + i]);
		}
	}
	free(src);
	free(y);
	free(u);
	free(v);
}
END_TEST

static Suite *yuv_suite(void)
{
	Suite *s = suite_create("yuv");
	TCase *tc = tcase_create("deinterleave");

	tcase_add_test(tc, test_small_known_frame);
	tcase_add_test(tc, test_vga_reinterleaves_exactly);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(yuv_suite)

// SPDX-License-Identifier: GPL-2.0-or-later
#include "test_pattern.h"

#include <string.h>

void test_pattern_fill(uint8_t *yuv, uint32_t w, uint32_t h, uint32_t n)
{
	static const uint8_t bars[8][3] = {
		{ 235, 128, 128 }, { 210, 16, 146 }, { 170, 166, 16 }, { 145, 54, 34 },
		{ 106, 202, 222 }, { 81, 90, 240 }, { 41, 240, 110 }, { 16, 128, 128 },
	};
	uint8_t *yp = yuv, *up = yuv + w * h, *vp = up + (w / 2) * (h / 2);
	uint32_t bx = (n * 8) % (w ? w : 1), bs = h / 4;

	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < w; x++) {
			int inblock = x >= bx && x < bx + bs && y >= h / 2 - bs / 2 &&
				      y < h / 2 + bs / 2;

			yp[y * w + x] = inblock ? 255 : bars[x * 8 / w][0];
		}
	for (uint32_t y = 0; y < h / 2; y++)
		for (uint32_t x = 0; x < w / 2; x++) {
			up[y * (w / 2) + x] = bars[x * 16 / w][1];
			vp[y * (w / 2) + x] = bars[x * 16 / w][2];
		}
}

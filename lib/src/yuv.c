// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * YUYV de-interleaving.  TurboJPEG takes planar YUV but not packed YUYV, so
 * a YUYV frame is split once into Y, U and V planes (4:2:2, no resampling)
 * and those are encoded; this is the only pass over the frame besides the
 * encoder's own.
 */
#include "internal.h"

void ipcam_yuyv_to_planar422(const uint8_t *src, size_t src_stride,
			     uint32_t width, uint32_t height,
			     uint8_t *y, uint8_t *u, uint8_t *v)
{
	const uint32_t pairs = width / 2;
	uint32_t row, i;

	for (row = 0; row < height; row++) {
		const uint8_t *s = src + (size_t)row * src_stride;
		uint8_t *yr = y + (size_t)row * width;
		uint8_t *ur = u + (size_t)row * pairs;
		uint8_t *vr = v + (size_t)row * pairs;

		/* Simple enough for the compiler to vectorise at -O2/-O3. */
		for (i = 0; i < pairs; i++) {
			yr[2 * i] = s[4 * i];
			ur[i] = s[4 * i + 1];
			yr[2 * i + 1] = s[4 * i + 2];
			vr[i] = s[4 * i + 3];
		}
	}
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TEST FEATURE ONLY (ipcamd --test-pattern): a synthetic picture for host
 * end-to-end tests of the media CGIs on machines without any V4L2 device.
 * A real camera never uses it.
 */
#ifndef IPCAMD_TEST_PATTERN_H
#define IPCAMD_TEST_PATTERN_H

#include <stdint.h>

#include "frame_source.h"

/* Frames per second of the pattern (a typical sensor's full speed). */
#define TEST_PATTERN_FPS 30

/* Fill a W x H planar YUV 4:2:0 picture (W*H*3/2 bytes) for frame N:
 * colour bars with a moving block, so consecutive JPEGs differ. */
void test_pattern_fill(uint8_t *yuv, uint32_t w, uint32_t h, uint32_t n);

/*
 * The pattern as the hub's frame source: a frame every 1/FPS seconds on a
 * steady clock (TEST_PATTERN_FPS at most), numbered in its sequence.
 */
struct pattern_source;
struct pattern_source *pattern_source_new(void);
void pattern_source_free(struct pattern_source *ps);
extern const struct frame_source_ops pattern_source_ops;

#endif

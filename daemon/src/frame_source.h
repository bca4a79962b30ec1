/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A source of raw pictures for the stream hub: the camera's V4L2 node
 * (camera.c, through libipcam) or the test picture (pattern_source.c).  A
 * source only captures; the hub's encoder stage scales and encodes what a
 * viewer will be sent, outside every lock of the source, so a CGI that
 * needs the device never waits for an encode.
 *
 * All calls come from the hub's thread.  get() lends one frame (its data
 * stays valid and the source keeps it out of the capture) until put().
 */
#ifndef IPCAMD_FRAME_SOURCE_H
#define IPCAMD_FRAME_SOURCE_H

#include <stdbool.h>
#include <stdint.h>

#include <ipcam.h>

struct frame_source_ops {
	/* Whether there is something to capture from now (a camera). */
	bool (*available)(void *ctx);
	/*
	 * Start capturing at WIDTH x HEIGHT (the source may give another
	 * size; the encoder stage scales from it) at FPS frames per second
	 * at most (0: as fast as the camera is set to run).
	 */
	int (*start)(void *ctx, uint32_t width, uint32_t height, double fps);
	/* Change the rate of the running capture (0: as fast as set). */
	int (*set_rate)(void *ctx, double fps);
	/*
	 * Wait up to TIMEOUT_MS for a frame and lend the newest one in *FR:
	 * 0, -EAGAIN (nothing yet) or a negative errno (the source failed:
	 * the hub stops it and tries again later).
	 */
	int (*get)(void *ctx, struct ipcam_frame *fr, int timeout_ms);
	/* Give back the frame get() lent: 0 or a negative errno as get(). */
	int (*put)(void *ctx, struct ipcam_frame *fr);
	void (*stop)(void *ctx);
};

#endif

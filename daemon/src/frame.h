/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An encoded frame: immutable once published, shared by every viewer
 * through a reference count.  The JPEG is copied once from the encoder's
 * buffer (one copy per frame and resolution, never one per viewer).  An
 * ASF viewer sends it in its own packets (their headers carry the
 * viewer's times) straight from this copy.
 */
#ifndef IPCAMD_FRAME_H
#define IPCAMD_FRAME_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct frame {
	atomic_int refs;
	uint64_t seq;		/* hub-wide, increasing: "newer than" */
	int res;		/* SDK resolution code */
	uint32_t width;
	uint32_t height;
	struct timespec wall;	/* capture time, CLOCK_REALTIME (X-Timestamp) */
	uint64_t mono_ms;	/* capture time, CLOCK_MONOTONIC ms (ASF times) */
	uint32_t sequence;	/* the source's frame number (V4L2 sequence) */
	size_t len;
	uint8_t *jpeg;
};

/* A frame with its own copy of JPEG[0..LEN); one reference. */
struct frame *frame_new(const uint8_t *jpeg, size_t len);
struct frame *frame_ref(struct frame *f);
void frame_unref(struct frame *f);

#endif

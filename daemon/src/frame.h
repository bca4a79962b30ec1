/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An encoded frame: immutable once published, shared by every viewer
 * through a reference count.  The JPEG is copied once from the encoder's
 * buffer (one copy per frame and resolution, never one per viewer); the
 * ASF packets of the frame are built once, on the first ASF viewer's
 * demand, and shared in the same way.
 */
#ifndef IPCAMD_FRAME_H
#define IPCAMD_FRAME_H

#include <pthread.h>
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
	uint32_t ms;		/* capture time, ms since the hub started (ASF) */
	uint8_t objnum;		/* ASF media object number of its resolution */
	size_t len;
	uint8_t *jpeg;
	pthread_mutex_t asf_lock;
	uint8_t *asf;		/* the ASF data packets, built once */
	size_t asf_len;
};

/* A frame with its own copy of JPEG[0..LEN); one reference. */
struct frame *frame_new(const uint8_t *jpeg, size_t len);
struct frame *frame_ref(struct frame *f);
void frame_unref(struct frame *f);
/* The frame's ASF data packets (built on first use; thread-safe). */
const uint8_t *frame_asf(struct frame *f, size_t *len);

#endif

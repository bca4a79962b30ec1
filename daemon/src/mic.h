/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The camera's microphone for videostream.asf: captured only while an ASF
 * viewer wants it (nothing is open at rest), encoded once into IMA ADPCM
 * blocks (asf.h: 505 samples in 256 bytes, 8000 Hz) that every viewer
 * shares from a short ring.  Each block carries the CLOCK_MONOTONIC time
 * of its first sample, the clock of the video frames (stream_hub.h), so a
 * viewer interleaves the two by presentation time.
 */
#ifndef IPCAMD_MIC_H
#define IPCAMD_MIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "asf.h"

/* 32 blocks, about 2 s: a viewer further behind skips to the oldest kept. */
#define MIC_RING	32U

struct mic_block {
	uint64_t seq;		/* 1, 2, ... in capture order */
	uint64_t mono_ms;	/* its first sample, CLOCK_MONOTONIC ms */
	uint8_t data[ASF_ADPCM_BLOCK];
};

/* Where the samples come from (camera.c: libipcam; the unit tests: a tone). */
struct mic_source_ops {
	/* Open at ASF_ADPCM_RATE: 0 and *HANDLE, or -errno (-ENODEV: none). */
	int (*open)(void *ctx, void **handle);
	/*
	 * N samples into PCM, *FIRST_NS the CLOCK_MONOTONIC time of the first:
	 * N, or -EPIPE after a gap (the next read starts a new timeline), or
	 * another -errno: the source is closed and opened again.
	 */
	ssize_t (*read)(void *handle, int16_t *pcm, size_t n, uint64_t *first_ns);
	void (*close)(void *handle);
};

/* WAKE(WAKE_CTX) is called after each published block (the viewers' wake-up). */
struct mic *mic_new(const struct mic_source_ops *ops, void *ctx, void (*wake)(void *wake_ctx),
		    void *wake_ctx);
void mic_free(struct mic *m);

/* A consumer comes or goes: the capture runs while there is one. */
void mic_subscribe(struct mic *m);
void mic_unsubscribe(struct mic *m);

/* The newest block's seq (0: none yet): a new viewer starts after it. */
uint64_t mic_seq(struct mic *m);
/* The oldest kept block newer than AFTER, copied to OUT; false if none. */
bool mic_next(struct mic *m, uint64_t after, struct mic_block *out);
/* The source is open (for the tests and the status). */
bool mic_capturing(struct mic *m);
/*
 * Its last open failed within the last two retry intervals (busy: another
 * program records; a card without the rate): a new stream leaves the
 * sound out rather than declare a stream that would never come.
 */
bool mic_failing(struct mic *m);

#endif

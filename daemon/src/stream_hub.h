/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fan-out core: one capture source per camera, running only while a
 * consumer (stream viewer, pending snapshot) wants frames, each frame
 * encoded once per resolution in use and published as the newest frame of
 * that resolution.  Consumers never queue: they take the newest frame when
 * they are ready for one, so a slow one skips frames and slows nobody.
 *
 * The hub owns one thread.  It starts the source on the first demand (at
 * the largest resolution wanted: the source scales down for the smaller
 * ones), restarts it when a larger resolution is wanted or, LINGER seconds
 * after the largest one was last wanted, at the smaller size still in use,
 * and stops it LINGER seconds after the last consumer has gone.  After
 * every publish, and once a second while sources or consumers exist, it
 * calls the WAKE callback (the HTTP side resumes its parked connections
 * there).
 */
#ifndef IPCAMD_STREAM_HUB_H
#define IPCAMD_STREAM_HUB_H

#include <stdbool.h>
#include <stdint.h>

#include "frame.h"

struct hub;

/* Resolution codes the hub knows, smallest first (SDK codes). */
#define HUB_NRES 4
int hub_res_index(int code);	/* 0..3, or -1 */
int hub_res_code(int index);

struct hub_source_ops {
	/* Start capturing at resolution code RES (the largest wanted). */
	int (*start)(void *ctx, int res);
	/*
	 * Wait up to TIMEOUT_MS for one frame; encode it for every code whose
	 * bit (1 << hub_res_index) is in RES_MASK and hub_publish() each.
	 * 0, -EAGAIN (nothing yet) or a negative errno (the source failed:
	 * the hub stops it and tries again later).
	 */
	int (*grab)(void *ctx, struct hub *h, unsigned int res_mask, int timeout_ms);
	void (*stop)(void *ctx);
};

struct hub *hub_new(const struct hub_source_ops *ops, void *ctx, double linger,
		    void (*wake)(void));
/* Stops the thread and the source; frames still referenced stay valid. */
void hub_free(struct hub *h);

/* A consumer of resolution RES comes / goes. */
void hub_subscribe(struct hub *h, int res);
void hub_unsubscribe(struct hub *h, int res);
/*
 * A consumer of the capture itself (the motion detector): while there is
 * one the source runs, at the smallest size when no viewer wants more,
 * and grab() is called with nothing to encode.
 */
void hub_watch(struct hub *h, bool on);

/* The newest frame of RES if its seq is > AFTER (a new reference), else NULL. */
struct frame *hub_latest(struct hub *h, int res, uint64_t after);
/*
 * Source side: publish an encoded frame of RES (the hub copies JPEG),
 * captured at MONO_NS (CLOCK_MONOTONIC, the V4L2 timestamp; 0: now), the
 * clock the microphone's blocks are stamped with too.
 */
void hub_publish(struct hub *h, int res, const uint8_t *jpeg, size_t len, uint32_t width,
		 uint32_t height, uint64_t mono_ns);
/* The last start/grab error (0 none): a consumer waiting for a frame gives up. */
int hub_error(struct hub *h);
/* Whether the source is running now (tests, the idle check). */
bool hub_capturing(struct hub *h);
/* How many times the source was started (tests). */
unsigned int hub_starts(struct hub *h);

#endif

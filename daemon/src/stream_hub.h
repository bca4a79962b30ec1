/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fan-out core: one capture source per camera (frame_source.h),
 * running only while a consumer (stream viewer, pending snapshot) wants
 * frames, at the fastest rate any of them wants; each frame encoded by the
 * hub's encoder stage once per resolution due (encoder_stage.h) and
 * published as the newest frame of that resolution.  Consumers never
 * queue: they take the newest frame when they are ready for one, so a
 * slow one skips frames and slows nobody.
 *
 * The hub owns one thread.  It starts the source on the first demand (at
 * the largest resolution wanted: the encoder stage scales down for the
 * smaller ones), restarts it when a larger resolution is wanted or, LINGER
 * seconds after the largest one was last wanted, at the smaller size still
 * in use, and stops it LINGER seconds after the last consumer has gone.
 * After every publish, and once a second while sources or consumers exist,
 * it calls the WAKE callback (the HTTP side resumes its parked connections
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

struct frame_source_ops;

/*
 * SOURCE (OPS, CTX) gives raw frames; the hub's encoder stage encodes them
 * at JPEG QUALITY.  The hub calls WAKE(WAKE_CTX) after every publish and
 * once a second while a source runs.
 */
struct hub *hub_new(const struct frame_source_ops *ops, void *ctx, int quality, double linger,
		    void (*wake)(void *wake_ctx), void *wake_ctx);
/* Stops the thread and the source; frames still referenced stay valid. */
void hub_free(struct hub *h);

/*
 * A consumer of resolution RES comes / goes: one that takes a frame at
 * most every INTERVAL_US microseconds (0: every frame).  The capture runs
 * at the fastest rate any consumer wants, and a resolution is encoded
 * only as often as its fastest consumer takes it.
 */
void hub_subscribe(struct hub *h, int res, long interval_us);
void hub_unsubscribe(struct hub *h, int res, long interval_us);
/*
 * A consumer of the capture itself (the motion detector): while there is
 * one the source runs at its full rate, at the smallest size when no
 * viewer wants more, and nothing is encoded for it.
 */
void hub_watch(struct hub *h, bool on);

/* The newest frame of RES if its seq is > AFTER (a new reference), else NULL. */
struct frame *hub_latest(struct hub *h, int res, uint64_t after);
/* The last start/grab error (0 none): a consumer waiting for a frame gives up. */
int hub_error(struct hub *h);
/* Whether the source is running now (tests, the idle check). */
bool hub_capturing(struct hub *h);
/* How many times the source was started (tests). */
unsigned int hub_starts(struct hub *h);
/* The rate the source was last asked for (0: its full rate; tests). */
double hub_capture_fps(struct hub *h);
/* Frames of RES encoded since the hub was made (tests, the benchmark). */
unsigned long hub_encodes(struct hub *h, int res);

#endif

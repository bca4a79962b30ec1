/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Scene activity of the virtual sensor: a car that drives along the street
 * in front of the camera, left to right through the view at pan 0, so that
 * the motion detector has something real to see.  It drives when a test
 * starts it (debugfs "scene_activity") and, with the module parameter
 * activity_period, every that many seconds.
 */
#ifndef _IPCAM_ACTIVITY_H
#define _IPCAM_ACTIVITY_H

#include <linux/atomic.h>
#include <linux/time64.h>
#include <linux/types.h>

#include "ipcam-render.h"

/* The car: its size and the panorama row of its roof. */
#define IPCAM_CAR_W		160
#define IPCAM_CAR_H		56
#define IPCAM_CAR_Y		(IPCAM_PANO_HORIZON + 56)
/* Its drive: from off the left edge of the view at pan 0 to off the right. */
#define IPCAM_CAR_X0		(IPCAM_PANO_W / 2 - IPCAM_FOV_W / 2 - IPCAM_CAR_W - 40)
#define IPCAM_CAR_X1		(IPCAM_PANO_W / 2 + IPCAM_FOV_W / 2 + 40)
#define IPCAM_CAR_PX_PER_S	160
#define IPCAM_ACTIVITY_NS	((u64)(IPCAM_CAR_X1 - IPCAM_CAR_X0) * \
				 NSEC_PER_SEC / IPCAM_CAR_PX_PER_S)

struct ipcam_activity {
	atomic64_t start_ns;		/* of the drive under way, 0: none yet */
	u32 period_s;			/* 0: only when started by hand */
	u64 next_ns;			/* next periodic drive (generator thread) */
};

void ipcam_activity_init(struct ipcam_activity *a, u32 period_s, u64 now);
void ipcam_activity_start(struct ipcam_activity *a, u64 now);

/* Start of the latest drive (CLOCK_MONOTONIC ns), 0 when none yet. */
static inline u64 ipcam_activity_started(struct ipcam_activity *a)
{
	return atomic64_read(&a->start_ns);
}

/*
 * The car's panorama column at @now, or false when no drive is under way.
 * Starts the periodic drive when due (called by the generator thread only).
 */
bool ipcam_activity_car_x(struct ipcam_activity *a, u64 now, s32 *x);

/* Column of the car's left edge @t_ns into a drive. */
s32 ipcam_car_x_at(u64 t_ns);

/* Draw the car, its left edge at panorama column @x, into the frame. */
void ipcam_render_car(const struct ipcam_render_view *v, u8 *buf, s32 x);

#endif /* _IPCAM_ACTIVITY_H */

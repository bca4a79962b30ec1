// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scene activity of the virtual sensor: the car on the street (see
 * ipcam-activity.h).  It is drawn into each frame after the panorama and
 * before the OSD, in the frame's own geometry, so it pans, flips and
 * scales with the picture.
 */
#include <linux/math64.h>
#include <linux/time64.h>

#include "ipcam-activity.h"

void ipcam_activity_init(struct ipcam_activity *a, u32 period_s, u64 now)
{
	atomic64_set(&a->start_ns, 0);
	a->period_s = period_s;
	a->next_ns = now + (u64)period_s * NSEC_PER_SEC;
}

void ipcam_activity_start(struct ipcam_activity *a, u64 now)
{
	atomic64_set(&a->start_ns, now);
}

s32 ipcam_car_x_at(u64 t_ns)
{
	return IPCAM_CAR_X0 + (s32)div_u64(t_ns * IPCAM_CAR_PX_PER_S, NSEC_PER_SEC);
}

bool ipcam_activity_car_x(struct ipcam_activity *a, u64 now, s32 *x)
{
	u64 start;

	if (a->period_s && now >= a->next_ns) {
		ipcam_activity_start(a, now);
		a->next_ns = now + (u64)a->period_s * NSEC_PER_SEC;
	}
	start = atomic64_read(&a->start_ns);
	if (!start || now < start || now - start >= IPCAM_ACTIVITY_NS)
		return false;
	*x = ipcam_car_x_at(now - start);
	return true;
}

/* The car's look at (@dx, @dy) from its top-left: false where transparent. */
static bool car_pixel(u32 dx, u32 dy, u8 *luma, u8 *cb, u8 *cr)
{
	bool wheel = dy >= 40 && ((dx >= 18 && dx < 46) || (dx >= 114 && dx < 142));

	if (wheel) {
		*luma = 16;
		*cb = 128;
		*cr = 128;
		return true;
	}
	if (dy < 18) {
		/* The cabin: two windows between dark pillars. */
		if (dx < 34 || dx >= 126)
			return false;
		*luma = (dx >= 40 && dx < 76) || (dx >= 84 && dx < 120) ? 190 : 40;
		*cb = 132;
		*cr = 124;
		return true;
	}
	if (dy >= 46)
		return false;
	/* The body: dark red. */
	*luma = 48;
	*cb = 108;
	*cr = 178;
	return true;
}

static void put_pixel(const struct ipcam_render_view *v, u8 *buf, u32 col, u32 row,
		      u8 luma, u8 cb, u8 cr)
{
	if (v->fourcc == IPCAM_RENDER_YUYV) {
		u8 *p = buf + row * v->bytesperline + 2 * col;

		p[0] = luma;
		p[1] = col & 1 ? cr : cb;
		return;
	}
	buf[row * v->bytesperline + col] = luma;
	if (!(row & 1) && !(col & 1)) {
		u32 cstride = v->bytesperline / 2;
		u8 *ub = buf + v->bytesperline * v->height;
		u8 *vb = ub + cstride * (v->height / 2);

		ub[row / 2 * cstride + col / 2] = cb;
		vb[row / 2 * cstride + col / 2] = cr;
	}
}

void ipcam_render_car(const struct ipcam_render_view *v, u8 *buf, s32 x)
{
	const u32 mask = IPCAM_PANO_W - 1;
	struct ipcam_render_geom g;
	u32 r, c;

	ipcam_render_geometry(v, &g);
	for (r = 0; r < v->height; r++) {
		u32 sy = g.y0 + (u32)(((u64)r * g.step_fp) >> 16);
		u32 out = v->vflip ? v->height - 1 - r : r;

		if (sy < IPCAM_CAR_Y || sy >= IPCAM_CAR_Y + IPCAM_CAR_H)
			continue;
		for (c = 0; c < v->width; c++) {
			u32 src = v->hflip ? v->width - 1 - c : c;
			u32 px = ((g.x0_fp + src * g.step_fp) >> 16) & mask;
			u32 dx = (px - (u32)x) & mask;
			u8 luma, cb, cr;

			if (dx < IPCAM_CAR_W &&
			    car_pixel(dx, sy - IPCAM_CAR_Y, &luma, &cb, &cr))
				put_pixel(v, buf, c, out, luma, cb, cr);
		}
	}
}

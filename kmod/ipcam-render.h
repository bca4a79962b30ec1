/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Virtual image sensor: a synthetic 360 degree panorama and the window into
 * it that the pan/tilt head points at.
 *
 * Nothing in here knows about V4L2 or the device: the functions take plain
 * parameters so they can be unit tested (KUnit) and benchmarked in isolation.
 */
#ifndef _IPCAM_RENDER_H
#define _IPCAM_RENDER_H

#include <linux/types.h>

/*
 * The panorama covers 360 degrees horizontally and 180 degrees vertically.
 * Luma is stored at PANO_W x PANO_H, chroma at half that in both directions
 * (4:2:0), which is what the sensor's native output is built from.
 */
#define IPCAM_PANO_W		2048
#define IPCAM_PANO_H		1024
#define IPCAM_PANO_CW		(IPCAM_PANO_W / 2)
#define IPCAM_PANO_CH		(IPCAM_PANO_H / 2)

/* Panorama row of the horizon: sky and buildings above, the street below. */
#define IPCAM_PANO_HORIZON	(IPCAM_PANO_H / 2 + 64)

/* Field of view of the sensor, in panorama pixels, for 4:3 output. */
#define IPCAM_FOV_W		640
#define IPCAM_FOV_H_4_3		480

/* Arc-seconds per full turn, and per panorama pixel (1 pixel = 632.8"). */
#define IPCAM_ARCSEC_TURN	(360 * 3600)

enum ipcam_render_fourcc {
	IPCAM_RENDER_YUYV,
	IPCAM_RENDER_YUV420,
};

/* Graded planes: the panorama after brightness and contrast. */
struct ipcam_pano {
	u8 *y;			/* PANO_W * PANO_H */
	u8 *u;			/* PANO_CW * PANO_CH */
	u8 *v;
};

struct ipcam_render_view {
	u32 width;
	u32 height;
	u32 bytesperline;	/* of the first plane */
	enum ipcam_render_fourcc fourcc;
	s32 pan_arcsec;		/* centre of the window */
	s32 tilt_arcsec;
	bool hflip;
	bool vflip;
	/*
	 * Rolling flicker bands: amplitude in luma codes (0 = none) and phase
	 * of this frame in 1/256 of a band period.
	 */
	u8 band_amp;
	u8 band_phase;
};

int ipcam_pano_alloc(struct ipcam_pano *p);
void ipcam_pano_free(struct ipcam_pano *p);

/* Build the ungraded scene (once per device). */
void ipcam_pano_draw_scene(struct ipcam_pano *scene);

/*
 * Map brightness (0..255, 96 neutral) and contrast (0..6, 4 neutral) to a
 * luma table, and apply it (and the chroma gain) from @scene into @graded.
 */
void ipcam_render_luma_lut(u8 lut[256], u32 brightness, u32 contrast);
void ipcam_pano_grade(struct ipcam_pano *graded, const struct ipcam_pano *scene,
		      u32 brightness, u32 contrast);

/*
 * Window geometry: the top-left panorama coordinate of the window, and the
 * 16.16 fixed-point step between output pixels.  Exposed for tests.
 */
struct ipcam_render_geom {
	u32 x0_fp;		/* 16.16, already wrapped into [0, PANO_W) */
	u32 y0;			/* first panorama row, clamped */
	u32 step_fp;		/* 16.16 panorama pixels per output pixel */
	u32 fov_h;		/* panorama rows covered by the frame */
};

void ipcam_render_geometry(const struct ipcam_render_view *v,
			   struct ipcam_render_geom *g);

/* Render one frame of @v from @graded into @buf (size >= sizeimage). */
void ipcam_render_frame(const struct ipcam_pano *graded,
			const struct ipcam_render_view *v, u8 *buf);

/*
 * Burn the frame counter and the timestamp (milliseconds) into the top-left
 * corner, the way camera OSDs do.  Drawn after flipping so it stays readable.
 */
void ipcam_render_osd(const struct ipcam_render_view *v, u8 *buf,
		      u32 sequence, u64 timestamp_ns);

#endif /* _IPCAM_RENDER_H */

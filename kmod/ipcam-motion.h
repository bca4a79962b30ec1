/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Motion detector of the ipcam sensor: cell luma statistics on a coarse grid
 * against a slowly adapting background.
 *
 * Pure arithmetic on a luma plane, with no kernel API beyond <linux/types.h>:
 * the driver runs it on every frame it renders (ipcam-vid-motion.c), KUnit
 * tests it (kunit/ipcam-motion-kunit.c), and libipcam compiles this same
 * file to run it in software on cameras without a detector of their own.
 *
 * The picture is cut into IPCAM_MD_COLS x IPCAM_MD_ROWS cells.  A cell is
 * moving when its mean luma differs from the background by more than its
 * threshold (in luma codes, 1..254; 255 excludes the cell).  What is not
 * motion:
 *   - a change of the whole picture's brightness: with compensation the
 *     median change of all cells is taken out first, and a frame where a
 *     third or more of the cells change at once is a lighting change (lamps,
 *     the brightness control, an IR switch): the background is learnt again;
 *   - frames taken while the head moves (the caller says so), and the
 *     first IPCAM_MD_LEARN frames after it stops or the detector starts:
 *     they are learnt as the background (a sensor's exposure settles);
 *   - motion in fewer than IPCAM_MD_CONFIRM consecutive frames.
 * The cells are reported as 32 regions (IPCAM_MD_REGION_COLS x
 * IPCAM_MD_REGION_ROWS blocks of cells), the region mask of
 * V4L2_EVENT_MOTION_DET.
 */
#ifndef _IPCAM_MOTION_H
#define _IPCAM_MOTION_H

#include <linux/types.h>

#define IPCAM_MD_COLS		16
#define IPCAM_MD_ROWS		12
#define IPCAM_MD_CELLS		(IPCAM_MD_COLS * IPCAM_MD_ROWS)
#define IPCAM_MD_REGION_COLS	8
#define IPCAM_MD_REGION_ROWS	4

#define IPCAM_MD_THRESHOLD_MIN	1
#define IPCAM_MD_THRESHOLD_MAX	255	/* in a grid cell: excluded */
#define IPCAM_MD_THRESHOLD_DEF	14
#define IPCAM_MD_CONFIRM	3	/* frames in a row to start or end */
#define IPCAM_MD_LEARN		5	/* frames learnt, not judged, after a start or a move */

/* Fixed point of the cell means: 1/16 of a luma code. */
#define IPCAM_MD_FP_SHIFT	4

/* Detector modes: the values of V4L2_CID_DETECT_MD_MODE. */
enum ipcam_md_mode {
	IPCAM_MD_MODE_DISABLED = 0,
	IPCAM_MD_MODE_GLOBAL = 1,
	IPCAM_MD_MODE_GRID = 2,
};

struct ipcam_md_config {
	u32 mode;			/* enum ipcam_md_mode */
	u16 threshold;			/* IPCAM_MD_MODE_GLOBAL */
	bool compensate;		/* take out the whole picture's change */
	u16 grid[IPCAM_MD_CELLS];	/* IPCAM_MD_MODE_GRID, row by row */
};

/* The luma samples of a frame: pixel (x, y) is at y * stride + x * step. */
struct ipcam_md_luma {
	const u8 *data;
	u32 width;
	u32 height;
	u32 stride;
	u32 step;			/* 1 planar, 2 YUYV */
};

struct ipcam_md {
	u16 bg[IPCAM_MD_CELLS];		/* background means, fixed point */
	u32 learn;			/* frames still to learn before judging */
	u32 hits;			/* consecutive frames with motion */
	u32 misses;			/* consecutive frames without */
	u32 mask;			/* regions reported moving */

	/* Scratch of one update (off the stack: 1.5 KiB). */
	s32 diff[IPCAM_MD_CELLS];
	s32 sorted[IPCAM_MD_CELLS];

	/* The last frame's figures, for debugfs and tests. */
	s32 shift;			/* whole picture's change, fixed point */
	u32 changed;			/* cells over their threshold */
	bool lightswitch;		/* taken as a lighting change */
};

void ipcam_md_reset(struct ipcam_md *md);

/* Region (bit of the mask) of cell @cell. */
static inline u32 ipcam_md_cell_region(u32 cell)
{
	u32 col = cell % IPCAM_MD_COLS, row = cell / IPCAM_MD_COLS;

	return row / (IPCAM_MD_ROWS / IPCAM_MD_REGION_ROWS) * IPCAM_MD_REGION_COLS +
	       col / (IPCAM_MD_COLS / IPCAM_MD_REGION_COLS);
}

/* Mean luma of every cell (fixed point), from every second row and column. */
void ipcam_md_cell_means(const struct ipcam_md_luma *f, u16 means[IPCAM_MD_CELLS]);

/* Median of @n values (reorders @v). */
s32 ipcam_md_median(s32 *v, u32 n);

/*
 * Feed one frame's cell means.  @suppress: the frame does not count (the
 * head is moving or settling); the view it shows becomes the background.
 * Returns true when md->mask changed: the caller reports the new mask.
 */
bool ipcam_md_update(struct ipcam_md *md, const struct ipcam_md_config *cfg,
		     const u16 means[IPCAM_MD_CELLS], bool suppress);

#endif /* _IPCAM_MOTION_H */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Motion detector of the ipcam sensor (see ipcam-motion.h).  Built into
 * ipcam.ko, into the KUnit module, and into libipcam: only <linux/types.h>.
 */
#include "ipcam-motion.h"

/*
 * Background learning: a still cell follows in about 16 frames, a moving
 * one in about 128, so that a car that parks becomes background.
 */
#define BG_SHIFT_STILL		4
#define BG_SHIFT_MOVING		7

void ipcam_md_reset(struct ipcam_md *md)
{
	md->learn = IPCAM_MD_LEARN;
	md->hits = 0;
	md->misses = 0;
	md->mask = 0;
	md->shift = 0;
	md->changed = 0;
	md->lightswitch = false;
}

void ipcam_md_cell_means(const struct ipcam_md_luma *f, u16 means[IPCAM_MD_CELLS])
{
	u32 sum[IPCAM_MD_COLS], count[IPCAM_MD_COLS], xb[IPCAM_MD_COLS + 1];
	u32 row, col, x, y;

	for (col = 0; col <= IPCAM_MD_COLS; col++)
		xb[col] = col * f->width / IPCAM_MD_COLS;

	for (row = 0; row < IPCAM_MD_ROWS; row++) {
		u32 y0 = row * f->height / IPCAM_MD_ROWS;
		u32 y1 = (row + 1) * f->height / IPCAM_MD_ROWS;

		for (col = 0; col < IPCAM_MD_COLS; col++) {
			sum[col] = 0;
			count[col] = 0;
		}
		for (y = y0; y < y1; y += 2) {
			const u8 *line = f->data + (size_t)y * f->stride;

			for (col = 0; col < IPCAM_MD_COLS; col++) {
				for (x = xb[col]; x < xb[col + 1]; x += 2)
					sum[col] += line[x * f->step];
				count[col] += (xb[col + 1] - xb[col] + 1) / 2;
			}
		}
		for (col = 0; col < IPCAM_MD_COLS; col++)
			means[row * IPCAM_MD_COLS + col] = count[col] ?
				(sum[col] << IPCAM_MD_FP_SHIFT) / count[col] : 0;
	}
}

/* Insertion sort, then the middle: 192 values, a few microseconds. */
s32 ipcam_md_median(s32 *v, u32 n)
{
	u32 i, j;

	if (!n)
		return 0;
	for (i = 1; i < n; i++) {
		s32 x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	return v[n / 2];
}

static u32 cell_threshold(const struct ipcam_md_config *cfg, u32 cell)
{
	u32 t = cfg->mode == IPCAM_MD_MODE_GRID ? cfg->grid[cell] : cfg->threshold;

	if (t < IPCAM_MD_THRESHOLD_MIN)
		t = IPCAM_MD_THRESHOLD_MIN;
	return t;
}

static void learn_all(struct ipcam_md *md, const u16 means[IPCAM_MD_CELLS])
{
	u32 i;

	for (i = 0; i < IPCAM_MD_CELLS; i++)
		md->bg[i] = means[i];
}

/* The regions whose cells moved this frame; learns the background. */
static u32 moving_regions(struct ipcam_md *md, const struct ipcam_md_config *cfg,
			  const u16 means[IPCAM_MD_CELLS])
{
	s32 *diff = md->diff, *sorted = md->sorted;
	u32 i, enabled = 0, mask = 0;

	for (i = 0; i < IPCAM_MD_CELLS; i++) {
		diff[i] = (s32)means[i] - md->bg[i];
		sorted[i] = diff[i];
	}
	md->shift = cfg->compensate ? ipcam_md_median(sorted, IPCAM_MD_CELLS) : 0;

	md->changed = 0;
	for (i = 0; i < IPCAM_MD_CELLS; i++) {
		u32 t = cell_threshold(cfg, i);
		s32 d = diff[i] - md->shift;

		if (t >= IPCAM_MD_THRESHOLD_MAX)
			continue;
		enabled++;
		if ((u32)(d < 0 ? -d : d) > t << IPCAM_MD_FP_SHIFT) {
			md->changed++;
			mask |= 1U << ipcam_md_cell_region(i);
		}
	}

	/* A third of the picture at once is the light, not a visitor. */
	md->lightswitch = enabled && md->changed * 3 >= enabled;
	if (md->lightswitch) {
		learn_all(md, means);
		return 0;
	}

	for (i = 0; i < IPCAM_MD_CELLS; i++) {
		bool moving = mask & (1U << ipcam_md_cell_region(i));
		int shift = moving ? BG_SHIFT_MOVING : BG_SHIFT_STILL;

		md->bg[i] += diff[i] / (1 << shift);
	}
	return mask;
}

bool ipcam_md_update(struct ipcam_md *md, const struct ipcam_md_config *cfg,
		     const u16 means[IPCAM_MD_CELLS], bool suppress)
{
	u32 old = md->mask, cand = 0;

	if (cfg->mode == IPCAM_MD_MODE_DISABLED) {
		ipcam_md_reset(md);
		return old != 0;
	}

	md->lightswitch = false;
	if (suppress)
		md->learn = IPCAM_MD_LEARN;
	if (md->learn) {
		md->learn--;
		learn_all(md, means);
		md->shift = 0;
		md->changed = 0;
	} else {
		cand = moving_regions(md, cfg, means);
	}

	if (cand) {
		md->misses = 0;
		if (++md->hits >= IPCAM_MD_CONFIRM)
			md->mask = cand;
	} else {
		md->hits = 0;
		if (md->mask && ++md->misses >= IPCAM_MD_CONFIRM)
			md->mask = 0;
	}
	return md->mask != old;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipcam motion detection on the capture node: the Detect class controls,
 * the detector run on each rendered frame, and V4L2_EVENT_MOTION_DET.
 *
 * The controls are written under the control handler's lock and read by
 * the generator thread, which takes a copy under motion.lock when they
 * changed; the detector's state belongs to the generator thread alone.
 */
#include <linux/ktime.h>
#include <media/v4l2-event.h>
#include <uapi/linux/ipcam-video.h>

#include "ipcam-core.h"

/* Frames taken up to this long after the head stopped are not motion. */
#define IPCAM_MD_SETTLE_NS	(1000 * NSEC_PER_MSEC)

static const struct v4l2_ctrl_config ipcam_md_grid_ctrl = {
	.ops = &ipcam_ctrl_ops,
	.id = V4L2_CID_DETECT_MD_THRESHOLD_GRID,
	.dims = { IPCAM_MD_COLS, IPCAM_MD_ROWS },
	.min = IPCAM_MD_THRESHOLD_MIN,
	.max = IPCAM_MD_THRESHOLD_MAX,
	.step = 1,
	.def = IPCAM_MD_THRESHOLD_DEF,
};

static const struct v4l2_ctrl_config ipcam_md_compensation_ctrl = {
	.ops = &ipcam_ctrl_ops,
	.id = V4L2_CID_IPCAM_MD_COMPENSATION,
	.name = "MD Brightness Compensation",
	.type = V4L2_CTRL_TYPE_BOOLEAN,
	.max = 1,
	.step = 1,
	.def = 1,
};

void ipcam_motion_ctrls_init(struct ipcam_dev *idev, struct v4l2_ctrl_handler *hdl)
{
	spin_lock_init(&idev->motion.lock);
	v4l2_ctrl_new_std_menu(hdl, &ipcam_ctrl_ops, V4L2_CID_DETECT_MD_MODE,
			       V4L2_DETECT_MD_MODE_THRESHOLD_GRID, 0,
			       V4L2_DETECT_MD_MODE_DISABLED);
	v4l2_ctrl_new_std(hdl, &ipcam_ctrl_ops, V4L2_CID_DETECT_MD_GLOBAL_THRESHOLD,
			  IPCAM_MD_THRESHOLD_MIN, IPCAM_MD_THRESHOLD_MAX - 1, 1,
			  IPCAM_MD_THRESHOLD_DEF);
	v4l2_ctrl_new_custom(hdl, &ipcam_md_grid_ctrl, NULL);
	v4l2_ctrl_new_custom(hdl, &ipcam_md_compensation_ctrl, NULL);
}

bool ipcam_motion_is_ctrl(u32 id)
{
	return id == V4L2_CID_DETECT_MD_MODE ||
	       id == V4L2_CID_DETECT_MD_GLOBAL_THRESHOLD ||
	       id == V4L2_CID_DETECT_MD_THRESHOLD_GRID ||
	       id == V4L2_CID_IPCAM_MD_COMPENSATION;
}

int ipcam_motion_s_ctrl(struct ipcam_dev *idev, struct v4l2_ctrl *ctrl)
{
	struct ipcam_md_config *cfg = &idev->motion.cfg;
	unsigned long flags;

	spin_lock_irqsave(&idev->motion.lock, flags);
	switch (ctrl->id) {
	case V4L2_CID_DETECT_MD_MODE:
		cfg->mode = ctrl->val;
		break;
	case V4L2_CID_DETECT_MD_GLOBAL_THRESHOLD:
		cfg->threshold = ctrl->val;
		break;
	case V4L2_CID_DETECT_MD_THRESHOLD_GRID:
		memcpy(cfg->grid, ctrl->p_new.p_u16, sizeof(cfg->grid));
		break;
	case V4L2_CID_IPCAM_MD_COMPENSATION:
		cfg->compensate = ctrl->val;
		break;
	}
	idev->motion.changed = true;
	spin_unlock_irqrestore(&idev->motion.lock, flags);
	return 0;
}

/* The head is moving, or stopped less than the settle time ago. */
static bool ipcam_motion_head_busy(struct ipcam_dev *idev, u64 now)
{
	int i;

	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++)
		if (READ_ONCE(idev->ptz.axis[i].running))
			idev->motion.settle_until = now + IPCAM_MD_SETTLE_NS;
	return now < idev->motion.settle_until;
}

void ipcam_motion_luma(const struct ipcam_render_view *v, const u8 *buf,
		       struct ipcam_md_luma *l)
{
	l->data = buf;
	l->width = v->width;
	l->height = v->height;
	l->stride = v->bytesperline;
	l->step = v->fourcc == IPCAM_RENDER_YUYV ? 2 : 1;
}

void ipcam_motion_frame(struct ipcam_dev *idev, const struct ipcam_render_view *v,
			const u8 *buf, u32 sequence, u64 now)
{
	struct ipcam_motion *m = &idev->motion;
	u16 means[IPCAM_MD_CELLS];
	struct ipcam_md_luma luma;
	unsigned long flags;
	bool busy;
	u64 t0;

	if (READ_ONCE(m->changed)) {
		u32 was = m->active.mode;

		spin_lock_irqsave(&m->lock, flags);
		m->active = m->cfg;
		m->changed = false;
		spin_unlock_irqrestore(&m->lock, flags);
		/* Switched on: what it knew of the view may be old. */
		if (was == IPCAM_MD_MODE_DISABLED)
			m->md.learn = IPCAM_MD_LEARN;
	}
	busy = ipcam_motion_head_busy(idev, now);
	if (m->active.mode == IPCAM_MD_MODE_DISABLED && !m->md.mask)
		return;

	t0 = ktime_get_ns();
	ipcam_motion_luma(v, buf, &luma);
	ipcam_md_cell_means(&luma, means);
	if (ipcam_md_update(&m->md, &m->active, means, busy)) {
		struct v4l2_event ev = {
			.type = V4L2_EVENT_MOTION_DET,
			.u.motion_det = {
				.flags = V4L2_EVENT_MD_FL_HAVE_FRAME_SEQ,
				.frame_sequence = sequence,
				.region_mask = m->md.mask,
			},
		};

		v4l2_event_queue(&idev->vdev, &ev);
		m->events++;
	}
	m->frames++;
	m->cost_ns += ktime_get_ns() - t0;
}

/*
 * A stream starts (the generator thread is not running): the view may have
 * changed while nothing looked, so the detector learns it first.  A motion
 * still reported ends through the detector, with an event.
 */
void ipcam_motion_stream_start(struct ipcam_dev *idev)
{
	idev->motion.md.learn = IPCAM_MD_LEARN;
}

int ipcam_motion_subscribe(struct v4l2_fh *fh, const struct v4l2_event_subscription *sub)
{
	if (sub->type == V4L2_EVENT_MOTION_DET)
		return v4l2_event_subscribe(fh, sub, 32, NULL);
	return v4l2_ctrl_subscribe_event(fh, sub);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The standard V4L2 camera-class pan/tilt controls on the video node,
 * backed by the same motor core as /dev/ptzN, so `v4l2-ctl -c
 * pan_absolute=...` moves the head (and the picture follows).
 *
 * Units: absolute and relative in arc-seconds (the V4L2 convention), speed
 * in steps/s (signed; 0 stops).  Every write starts the motion and returns:
 * s_ctrl never waits for the motors and never fails for a valid value.
 * Lock order: control handler lock -> ptz->lock.
 */
#include <media/v4l2-ctrls.h>

#include "ipcam-core.h"
#include "ipcam-ptz-ctrls.h"

static void add_axis_ctrls(struct v4l2_ctrl_handler *hdl, struct ipcam_axis *ax,
			   u32 abs_id, u32 rel_id, u32 reset_id, u32 speed_id)
{
	s32 min = ipcam_steps_to_arcsec(ax->min, ax->steps_per_rev);
	s32 max = ipcam_steps_to_arcsec(ax->max, ax->steps_per_rev);
	struct v4l2_ctrl *c;

	c = v4l2_ctrl_new_std(hdl, &ipcam_ctrl_ops, abs_id, min, max, 1, 0);
	if (c)
		c->flags |= V4L2_CTRL_FLAG_VOLATILE | V4L2_CTRL_FLAG_EXECUTE_ON_WRITE;
	v4l2_ctrl_new_std(hdl, &ipcam_ctrl_ops, rel_id, -(max - min), max - min, 1, 0);
	v4l2_ctrl_new_std(hdl, &ipcam_ctrl_ops, reset_id, 0, 0, 0, 0);
	v4l2_ctrl_new_std(hdl, &ipcam_ctrl_ops, speed_id, -(s32)ax->max_rate,
			  ax->max_rate, 1, 0);
}

void ipcam_ptz_ctrls_init(struct ipcam_dev *idev, struct v4l2_ctrl_handler *hdl)
{
	add_axis_ctrls(hdl, &idev->ptz.axis[IPCAM_PTZ_AXIS_PAN], V4L2_CID_PAN_ABSOLUTE,
		       V4L2_CID_PAN_RELATIVE, V4L2_CID_PAN_RESET, V4L2_CID_PAN_SPEED);
	add_axis_ctrls(hdl, &idev->ptz.axis[IPCAM_PTZ_AXIS_TILT], V4L2_CID_TILT_ABSOLUTE,
		       V4L2_CID_TILT_RELATIVE, V4L2_CID_TILT_RESET, V4L2_CID_TILT_SPEED);
}

int ipcam_ptz_s_ctrl(struct ipcam_dev *idev, struct v4l2_ctrl *ctrl)
{
	struct ipcam_ptz *ptz = &idev->ptz;
	struct ipcam_ptz_move m = {};
	unsigned int axis;
	int ret;

	switch (ctrl->id) {
	case V4L2_CID_PAN_ABSOLUTE:
	case V4L2_CID_PAN_RELATIVE:
	case V4L2_CID_PAN_RESET:
	case V4L2_CID_PAN_SPEED:
		axis = IPCAM_PTZ_AXIS_PAN;
		break;
	case V4L2_CID_TILT_ABSOLUTE:
	case V4L2_CID_TILT_RELATIVE:
	case V4L2_CID_TILT_RESET:
	case V4L2_CID_TILT_SPEED:
		axis = IPCAM_PTZ_AXIS_TILT;
		break;
	default:
		return -EINVAL;
	}
	m.axis_mask = BIT(axis);

	switch (ctrl->id) {
	case V4L2_CID_PAN_ABSOLUTE:
	case V4L2_CID_TILT_ABSOLUTE:
		m.mode = IPCAM_PTZ_MOVE_ABSOLUTE;
		m.value[axis] = ipcam_arcsec_to_steps(ctrl->val, ptz->axis[axis].steps_per_rev);
		break;
	case V4L2_CID_PAN_RELATIVE:
	case V4L2_CID_TILT_RELATIVE:
		m.mode = IPCAM_PTZ_MOVE_RELATIVE;
		m.value[axis] = ipcam_arcsec_to_steps(ctrl->val, ptz->axis[axis].steps_per_rev);
		break;
	case V4L2_CID_PAN_RESET:
	case V4L2_CID_TILT_RESET:
		m.mode = IPCAM_PTZ_MOVE_ABSOLUTE;
		break;
	default:
		m.mode = IPCAM_PTZ_MOVE_CONTINUOUS;
		m.value[axis] = ctrl->val > 0 ? 1 : ctrl->val < 0 ? -1 : 0;
		m.rate = abs(ctrl->val);
		break;
	}

	mutex_lock(&ptz->lock);
	ret = ptz->dead ? -ENODEV : ipcam_ptz_move(ptz, &m);
	mutex_unlock(&ptz->lock);
	return ret;
}

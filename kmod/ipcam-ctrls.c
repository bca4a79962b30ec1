// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipcam V4L2 controls.  The picture controls use the CGI SDK's ranges so the
 * daemon maps them one to one: brightness 0..255 (96), contrast 0..6 (4),
 * power-line frequency 50 Hz / 60 Hz / disabled (outdoor), flip and mirror.
 */
#include <media/v4l2-ctrls.h>

#include "ipcam-core.h"
#include "ipcam-ptz-ctrls.h"

#define IPCAM_BRIGHTNESS_DEFAULT	96
#define IPCAM_CONTRAST_DEFAULT		4

static int ipcam_s_ctrl(struct v4l2_ctrl *ctrl)
{
	struct ipcam_dev *idev = container_of(ctrl->handler, struct ipcam_dev,
					      ctrl_hdl);

	switch (ctrl->id) {
	case V4L2_CID_BRIGHTNESS:
		WRITE_ONCE(idev->pic.brightness, ctrl->val);
		atomic_inc(&idev->pic.generation);
		return 0;
	case V4L2_CID_CONTRAST:
		WRITE_ONCE(idev->pic.contrast, ctrl->val);
		atomic_inc(&idev->pic.generation);
		return 0;
	case V4L2_CID_POWER_LINE_FREQUENCY:
		WRITE_ONCE(idev->pic.power_line, ctrl->val);
		return 0;
	case V4L2_CID_HFLIP:
		WRITE_ONCE(idev->pic.hflip, ctrl->val);
		return 0;
	case V4L2_CID_VFLIP:
		WRITE_ONCE(idev->pic.vflip, ctrl->val);
		return 0;
	}
	if (ipcam_motion_is_ctrl(ctrl->id))
		return ipcam_motion_s_ctrl(idev, ctrl);
	return ipcam_ptz_s_ctrl(idev, ctrl);
}

/* Pan/tilt absolute: the live position, read from the motor core. */
static int ipcam_g_volatile_ctrl(struct v4l2_ctrl *ctrl)
{
	struct ipcam_dev *idev = container_of(ctrl->handler, struct ipcam_dev,
					      ctrl_hdl);
	unsigned int axis = ctrl->id == V4L2_CID_PAN_ABSOLUTE ?
			    IPCAM_PTZ_AXIS_PAN : IPCAM_PTZ_AXIS_TILT;
	struct ipcam_axis *ax = &idev->ptz.axis[axis];

	ctrl->val = ipcam_steps_to_arcsec(READ_ONCE(ax->pos), ax->steps_per_rev);
	return 0;
}

const struct v4l2_ctrl_ops ipcam_ctrl_ops = {
	.s_ctrl = ipcam_s_ctrl,
	.g_volatile_ctrl = ipcam_g_volatile_ctrl,
};

int ipcam_ctrls_init(struct ipcam_dev *idev)
{
	struct v4l2_ctrl_handler *hdl = &idev->ctrl_hdl;
	int ret;

	v4l2_ctrl_handler_init(hdl, 20);
	v4l2_ctrl_new_std(hdl, &ipcam_ctrl_ops, V4L2_CID_BRIGHTNESS,
			  0, 255, 1, IPCAM_BRIGHTNESS_DEFAULT);
	v4l2_ctrl_new_std(hdl, &ipcam_ctrl_ops, V4L2_CID_CONTRAST,
			  0, 6, 1, IPCAM_CONTRAST_DEFAULT);
	v4l2_ctrl_new_std_menu(hdl, &ipcam_ctrl_ops, V4L2_CID_POWER_LINE_FREQUENCY,
			       V4L2_CID_POWER_LINE_FREQUENCY_60HZ, 0,
			       V4L2_CID_POWER_LINE_FREQUENCY_50HZ);
	v4l2_ctrl_new_std(hdl, &ipcam_ctrl_ops, V4L2_CID_HFLIP, 0, 1, 1, 0);
	v4l2_ctrl_new_std(hdl, &ipcam_ctrl_ops, V4L2_CID_VFLIP, 0, 1, 1, 0);
	ipcam_motion_ctrls_init(idev, hdl);
	ipcam_ptz_ctrls_init(idev, hdl);
	if (hdl->error) {
		ret = hdl->error;
		v4l2_ctrl_handler_free(hdl);
		return ret;
	}
	idev->v4l2_dev.ctrl_handler = hdl;
	return v4l2_ctrl_handler_setup(hdl);
}

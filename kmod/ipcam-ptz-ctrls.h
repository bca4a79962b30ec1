/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _IPCAM_PTZ_CTRLS_H
#define _IPCAM_PTZ_CTRLS_H

struct ipcam_dev;
struct v4l2_ctrl;
struct v4l2_ctrl_handler;

void ipcam_ptz_ctrls_init(struct ipcam_dev *idev, struct v4l2_ctrl_handler *hdl);
int ipcam_ptz_s_ctrl(struct ipcam_dev *idev, struct v4l2_ctrl *ctrl);

#endif /* _IPCAM_PTZ_CTRLS_H */

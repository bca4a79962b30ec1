// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Picture settings by their CGI SDK meaning, on top of whatever V4L2
 * controls and formats the camera has.  ipcam's controls use the SDK's own
 * ranges; other cameras' ranges are mapped linearly (map.c).
 */
#include <errno.h>
#include <linux/videodev2.h>
#include <string.h>

#include "video-priv.h"

/* The control, or -EOPNOTSUPP when the camera does not have it. */
static int query_ctrl(struct ipcam_video *video, uint32_t id,
		      struct v4l2_queryctrl *qc)
{
	int err;

	memset(qc, 0, sizeof(*qc));
	qc->id = id;
	err = ipcam_video_ioctl(video, VIDIOC_QUERYCTRL, qc);
	if (err == -EINVAL || (!err && (qc->flags & V4L2_CTRL_FLAG_DISABLED)))
		return -EOPNOTSUPP;
	return err;
}

static int get_ctrl(struct ipcam_video *video, uint32_t id, int32_t *value)
{
	struct v4l2_control c = { .id = id };
	int err = ipcam_video_ioctl(video, VIDIOC_G_CTRL, &c);

	if (!err)
		*value = c.value;
	return err;
}

static int set_ctrl(struct ipcam_video *video, uint32_t id, int32_t value)
{
	struct v4l2_control c = { .id = id, .value = value };

	return ipcam_video_ioctl(video, VIDIOC_S_CTRL, &c);
}

static int get_linear(struct ipcam_video *video, uint32_t id, int sdk_max,
		      int *value)
{
	struct v4l2_queryctrl qc;
	int32_t v;
	int err;

	err = query_ctrl(video, id, &qc);
	if (!err)
		err = get_ctrl(video, id, &v);
	if (err)
		return err;
	*value = ipcam_map_linear(v, qc.minimum, qc.maximum, 0, sdk_max, 1);
	return 0;
}

static int set_linear(struct ipcam_video *video, uint32_t id, int sdk_max,
		      int value)
{
	struct v4l2_queryctrl qc;
	int err;

	if (value < 0 || value > sdk_max)
		return -EINVAL;
	err = query_ctrl(video, id, &qc);
	if (err)
		return err;
	return set_ctrl(video, id, ipcam_map_linear(value, 0, sdk_max, qc.minimum,
						    qc.maximum, qc.step));
}

static int get_mode(struct ipcam_video *video, int *mode)
{
	struct v4l2_queryctrl qc;
	int32_t plf;
	int err;

	err = query_ctrl(video, V4L2_CID_POWER_LINE_FREQUENCY, &qc);
	if (!err)
		err = get_ctrl(video, V4L2_CID_POWER_LINE_FREQUENCY, &plf);
	if (!err)
		err = ipcam_power_line_to_mode(plf, mode);
	return err;
}

static int set_mode(struct ipcam_video *video, int mode)
{
	struct v4l2_querymenu qm = { .id = V4L2_CID_POWER_LINE_FREQUENCY };
	struct v4l2_queryctrl qc;
	int32_t plf;
	int err;

	err = ipcam_mode_to_power_line(mode, &plf);
	if (err)
		return err;
	err = query_ctrl(video, V4L2_CID_POWER_LINE_FREQUENCY, &qc);
	if (err)
		return err;
	/* A menu may lack an item (a webcam without "disabled"). */
	qm.index = (uint32_t)plf;
	if (plf < qc.minimum || plf > qc.maximum ||
	    ipcam_video_ioctl(video, VIDIOC_QUERYMENU, &qm))
		return video->gone ? -ENODEV : -EOPNOTSUPP;
	return set_ctrl(video, V4L2_CID_POWER_LINE_FREQUENCY, plf);
}

/* hflip/vflip: a camera may have one of them; a missing one reads as 0. */
static int get_flip(struct ipcam_video *video, int *flip)
{
	static const uint32_t ids[2] = { V4L2_CID_HFLIP, V4L2_CID_VFLIP };
	struct v4l2_queryctrl qc;
	int32_t v[2] = { 0, 0 };
	int found = 0, i, err;

	for (i = 0; i < 2; i++) {
		err = query_ctrl(video, ids[i], &qc);
		if (err == -EOPNOTSUPP)
			continue;
		if (!err)
			err = get_ctrl(video, ids[i], &v[i]);
		if (err)
			return err;
		found++;
	}
	if (!found)
		return -EOPNOTSUPP;
	*flip = ipcam_hv_to_flip(v[0], v[1]);
	return 0;
}

static int set_flip(struct ipcam_video *video, int flip)
{
	static const uint32_t ids[2] = { V4L2_CID_HFLIP, V4L2_CID_VFLIP };
	struct v4l2_queryctrl qc;
	int32_t v[2];
	int has[2], i, err;

	err = ipcam_flip_to_hv(flip, &v[0], &v[1]);
	if (err)
		return err;
	for (i = 0; i < 2; i++) {
		err = query_ctrl(video, ids[i], &qc);
		if (err && err != -EOPNOTSUPP)
			return err;
		has[i] = !err;
		/* Asking for a flip the camera cannot do changes nothing. */
		if (v[i] && !has[i])
			return -EOPNOTSUPP;
	}
	if (!has[0] && !has[1])
		return -EOPNOTSUPP;
	for (i = 0; i < 2; i++) {
		if (has[i]) {
			err = set_ctrl(video, ids[i], v[i]);
			if (err)
				return err;
		}
	}
	return 0;
}

static int get_resolution(struct ipcam_video *video, int *code)
{
	int err = ipcam_video_fmt_ioctl(video, VIDIOC_G_FMT, &video->fmt);

	if (err)
		return err;
	return ipcam_resolution_code(video->fmt.width, video->fmt.height, code) ?
	       -ERANGE : 0;
}

static int set_resolution(struct ipcam_video *video, int code)
{
	struct ipcam_format fmt;
	uint32_t w, h;
	int err;

	if (ipcam_resolution_size(code, &w, &h))
		return -EINVAL;
	if (video->streaming)
		return -EBUSY;
	err = ipcam_video_fmt_ioctl(video, VIDIOC_G_FMT, &fmt);
	if (err)
		return err;
	fmt.width = w;
	fmt.height = h;
	/* Only the exact size will do: the driver would pick the nearest. */
	err = ipcam_video_fmt_ioctl(video, VIDIOC_TRY_FMT, &fmt);
	if (err)
		return err;
	if (fmt.width != w || fmt.height != h)
		return -EOPNOTSUPP;
	err = ipcam_video_fmt_ioctl(video, VIDIOC_S_FMT, &fmt);
	if (!err)
		video->fmt = fmt;
	return err;
}

static const char *setting_name(enum ipcam_setting setting)
{
	switch (setting) {
	case IPCAM_SETTING_RESOLUTION:
		return "resolution";
	case IPCAM_SETTING_BRIGHTNESS:
		return "brightness";
	case IPCAM_SETTING_CONTRAST:
		return "contrast";
	case IPCAM_SETTING_MODE:
		return "mode";
	case IPCAM_SETTING_FLIP:
		return "flip";
	}
	return "unknown setting";
}

int ipcam_video_get_setting(struct ipcam_video *video,
			    enum ipcam_setting setting, int *value)
{
	int err;

	switch (setting) {
	case IPCAM_SETTING_RESOLUTION:
		err = get_resolution(video, value);
		break;
	case IPCAM_SETTING_BRIGHTNESS:
		err = get_linear(video, V4L2_CID_BRIGHTNESS, IPCAM_BRIGHTNESS_MAX,
				 value);
		break;
	case IPCAM_SETTING_CONTRAST:
		err = get_linear(video, V4L2_CID_CONTRAST, IPCAM_CONTRAST_MAX,
				 value);
		break;
	case IPCAM_SETTING_MODE:
		err = get_mode(video, value);
		break;
	case IPCAM_SETTING_FLIP:
		err = get_flip(video, value);
		break;
	default:
		err = -EINVAL;
	}
	if (err)
		return ipcam_fail(video->err, err, "%s: get %s (%d)", video->path,
				  setting_name(setting), (int)setting);
	return 0;
}

int ipcam_video_set_setting(struct ipcam_video *video,
			    enum ipcam_setting setting, int value)
{
	int err;

	switch (setting) {
	case IPCAM_SETTING_RESOLUTION:
		err = set_resolution(video, value);
		break;
	case IPCAM_SETTING_BRIGHTNESS:
		err = set_linear(video, V4L2_CID_BRIGHTNESS, IPCAM_BRIGHTNESS_MAX,
				 value);
		break;
	case IPCAM_SETTING_CONTRAST:
		err = set_linear(video, V4L2_CID_CONTRAST, IPCAM_CONTRAST_MAX,
				 value);
		break;
	case IPCAM_SETTING_MODE:
		err = set_mode(video, value);
		break;
	case IPCAM_SETTING_FLIP:
		err = set_flip(video, value);
		break;
	default:
		err = -EINVAL;
	}
	if (err)
		return ipcam_fail(video->err, err, "%s: set %s (%d) to %d",
				  video->path, setting_name(setting),
				  (int)setting, value);
	return 0;
}

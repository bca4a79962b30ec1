// SPDX-License-Identifier: GPL-2.0-or-later
/* See fake_ipcam.h.  Only what the daemon calls is here. */
#include "fake_ipcam.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fake_state fake;

struct ipcam_monitor {
	int fds[2];
};
struct ipcam_video {
	int dummy;
};
struct ipcam_ptz {
	int dummy;
};

static struct ipcam_monitor the_monitor = { { -1, -1 } };
static struct ipcam_video the_video;
static struct ipcam_ptz the_ptz;

static const struct ipcam_interval intervals[] = {
	{ 1, 30 }, { 1, 25 }, { 1, 20 }, { 1, 15 }, { 1, 10 }, { 1, 5 }, { 1, 1 },
};

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.has_ptz = true;
	fake.setting[IPCAM_SETTING_RESOLUTION] = 32;
	fake.setting[IPCAM_SETTING_BRIGHTNESS] = 128;
	fake.setting[IPCAM_SETTING_CONTRAST] = 3;
	fake.interval = intervals[0];
	fake.fail_attr = IPCAM_PTZ_ATTR_COUNT;
}

static void info_of(struct ipcam_camera_info *ci)
{
	memset(ci, 0, sizeof(*ci));
	snprintf(ci->name, sizeof(ci->name), "ipcam-0");
	snprintf(ci->driver, sizeof(ci->driver), "ipcam");
	snprintf(ci->video_node, sizeof(ci->video_node), "/dev/video0");
	if (fake.has_ptz)
		snprintf(ci->ptz_node, sizeof(ci->ptz_node), "/dev/ptz0");
}

void fake_event(enum ipcam_hotplug_action action)
{
	struct ipcam_hotplug_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.action = action;
	info_of(&ev.camera);
	if (write(the_monitor.fds[1], &ev, sizeof(ev)) != (ssize_t)sizeof(ev))
		abort();
}

const struct fake_call *fake_last(void)
{
	return fake.ncalls ? &fake.calls[fake.ncalls - 1] : NULL;
}

static int record(int op, uint32_t mask, int32_t a, int32_t b, uint32_t arg)
{
	struct fake_call *c;

	if (fake.gone)
		return -ENODEV;
	if (fake.ncalls == 64)
		abort();
	c = &fake.calls[fake.ncalls++];
	c->op = op;
	c->mask = mask;
	c->v[0] = a;
	c->v[1] = b;
	c->arg = arg;
	return 0;
}

const char *ipcam_strerror(int err)
{
	return strerror(err < 0 ? -err : err);
}

int ipcam_camera_list(struct ipcam_camera_info *cams, size_t max, size_t *count)
{
	*count = fake.present ? 1 : 0;
	if (fake.present && max)
		info_of(&cams[0]);
	return 0;
}

int ipcam_camera_find(const char *what, struct ipcam_camera_info *cam)
{
	if (!fake.present || strcmp(what, "ipcam-0"))
		return -ENOENT;
	info_of(cam);
	return 0;
}

int ipcam_monitor_new(struct ipcam_monitor **mon, enum ipcam_hotplug_source source)
{
	(void)source;
	if (the_monitor.fds[0] < 0 && pipe2(the_monitor.fds, O_NONBLOCK | O_CLOEXEC))
		return -errno;
	*mon = &the_monitor;
	return 0;
}

void ipcam_monitor_free(struct ipcam_monitor *mon)
{
	(void)mon;
}

int ipcam_monitor_fd(const struct ipcam_monitor *mon)
{
	return mon->fds[0];
}

int ipcam_monitor_read(struct ipcam_monitor *mon, struct ipcam_hotplug_event *ev)
{
	ssize_t n = read(mon->fds[0], ev, sizeof(*ev));

	return n == (ssize_t)sizeof(*ev) ? 0 : -EAGAIN;
}

int ipcam_video_open(struct ipcam_video **video, const char *path)
{
	if (!fake.present || strcmp(path, "/dev/video0"))
		return -ENOENT;
	fake.opens++;
	fake.open_now++;
	*video = &the_video;
	return 0;
}

void ipcam_video_close(struct ipcam_video *video)
{
	(void)video;
	fake.open_now--;
}

int ipcam_video_get_setting(struct ipcam_video *video, enum ipcam_setting s, int *value)
{
	/* the library would dereference it: the daemon must never pass none */
	if (!video)
		abort();
	if (fake.gone)
		return -ENODEV;
	if (fake.setting_err[s])
		return fake.setting_err[s];
	*value = fake.setting[s];
	return 0;
}

int ipcam_video_set_setting(struct ipcam_video *video, enum ipcam_setting s, int value)
{
	(void)video;
	if (fake.gone)
		return -ENODEV;
	if (fake.setting_err[s])
		return fake.setting_err[s];
	if (s == IPCAM_SETTING_RESOLUTION && value == 64)
		return -EOPNOTSUPP;	/* this camera has no 1280x720 */
	fake.setting[s] = value;
	return 0;
}

int ipcam_video_get_format(struct ipcam_video *video, struct ipcam_format *fmt)
{
	(void)video;
	if (fake.gone)
		return -ENODEV;
	memset(fmt, 0, sizeof(*fmt));
	fmt->fourcc = 0x56595559;	/* YUYV */
	fmt->width = 640;
	fmt->height = 480;
	return 0;
}

/* The ipcam node's own formats, and one libv4l2 would add. */
int ipcam_video_enum_format_flags(struct ipcam_video *video, unsigned int index, uint32_t *fourcc,
				  uint32_t *flags)
{
	static const uint32_t formats[][2] = {
		{ 0x56595559, 0 },		/* YUYV */
		{ 0x32315559, 0 },		/* YU12 */
		{ 0x33424752, 0x0002 },		/* RGB3, V4L2_FMT_FLAG_EMULATED */
	};

	(void)video;
	if (fake.gone)
		return -ENODEV;
	if (index >= sizeof(formats) / sizeof(formats[0]))
		return -EINVAL;
	*fourcc = formats[index][0];
	*flags = formats[index][1];
	return 0;
}

int ipcam_video_enum_interval(struct ipcam_video *video, uint32_t fourcc, uint32_t width,
			      uint32_t height, unsigned int index,
			      struct ipcam_interval *interval)
{
	(void)video;
	(void)fourcc;
	(void)width;
	(void)height;
	if (index >= sizeof(intervals) / sizeof(intervals[0]))
		return -EINVAL;
	*interval = intervals[index];
	return 0;
}

int ipcam_video_get_interval(struct ipcam_video *video, struct ipcam_interval *interval)
{
	(void)video;
	if (fake.gone)
		return -ENODEV;
	*interval = fake.interval;
	return 0;
}

int ipcam_video_set_interval(struct ipcam_video *video, struct ipcam_interval *interval)
{
	double want = (double)interval->num / interval->den, best = 1e9;

	(void)video;
	if (fake.gone)
		return -ENODEV;
	/* the nearest, as a driver does */
	for (size_t i = 0; i < sizeof(intervals) / sizeof(intervals[0]); i++) {
		double d = (double)intervals[i].num / intervals[i].den - want;

		if (d < 0)
			d = -d;
		if (d < best) {
			best = d;
			fake.interval = intervals[i];
		}
	}
	*interval = fake.interval;
	return 0;
}

int ipcam_ptz_open(struct ipcam_ptz **ptz, const char *path)
{
	if (!fake.has_ptz || strcmp(path, "/dev/ptz0"))
		return -ENOENT;
	*ptz = &the_ptz;
	return 0;
}

void ipcam_ptz_close(struct ipcam_ptz *ptz)
{
	(void)ptz;
}

int ipcam_ptz_get_info(struct ipcam_ptz *ptz, struct ipcam_ptz_info *info)
{
	(void)ptz;
	memset(info, 0, sizeof(*info));
	info->version = IPCAM_PTZ_API_VERSION;
	info->num_presets = IPCAM_PTZ_NUM_PRESETS;
	info->axis[IPCAM_PTZ_AXIS_PAN].steps_per_rev = 3600;
	info->axis[IPCAM_PTZ_AXIS_TILT].steps_per_rev = 1800;
	return 0;
}

int ipcam_ptz_attr_get(struct ipcam_ptz *ptz, enum ipcam_ptz_attr attr, int32_t *value)
{
	(void)ptz;
	if (fake.gone)
		return -ENODEV;
	*value = fake.attr[attr];
	return 0;
}

int ipcam_ptz_attr_set(struct ipcam_ptz *ptz, enum ipcam_ptz_attr attr, int32_t value)
{
	(void)ptz;
	if (fake.gone)
		return -ENODEV;
	fake.attr_sets++;
	if (attr == fake.fail_attr)
		return fake.fail_attr_err;
	fake.attr[attr] = value;
	return 0;
}

int ipcam_ptz_move_continuous(struct ipcam_ptz *ptz, uint32_t axis_mask, int pan, int tilt,
			      uint32_t rate)
{
	(void)ptz;
	return record(FAKE_MOVE_CONT, axis_mask, pan, tilt, rate);
}

int ipcam_ptz_move_relative(struct ipcam_ptz *ptz, uint32_t axis_mask, int32_t pan,
			    int32_t tilt, uint32_t rate)
{
	(void)ptz;
	return record(FAKE_MOVE_REL, axis_mask, pan, tilt, rate);
}

int ipcam_ptz_stop(struct ipcam_ptz *ptz, uint32_t axis_mask)
{
	(void)ptz;
	return record(FAKE_STOP, axis_mask, 0, 0, 0);
}

int ipcam_ptz_center(struct ipcam_ptz *ptz)
{
	(void)ptz;
	return record(FAKE_CENTER, 0, 0, 0, 0);
}

int ipcam_ptz_patrol(struct ipcam_ptz *ptz, uint32_t axis_mask, uint32_t rounds)
{
	(void)ptz;
	return record(FAKE_PATROL, axis_mask, 0, 0, rounds);
}

int ipcam_ptz_preset_set(struct ipcam_ptz *ptz, unsigned int index)
{
	(void)ptz;
	if (fake.preset_err)
		return fake.preset_err;
	if (index < IPCAM_PTZ_NUM_PRESETS) {
		fake.preset_pos[index][0] = fake.status.pos[0];
		fake.preset_pos[index][1] = fake.status.pos[1];
		fake.status.preset_mask |= 1U << index;
	}
	return record(FAKE_PRESET_SET, 0, 0, 0, index);
}

int ipcam_ptz_preset_get(struct ipcam_ptz *ptz, unsigned int index, int32_t *pan,
			 int32_t *tilt)
{
	(void)ptz;
	if (fake.gone)
		return -ENODEV;
	if (index >= IPCAM_PTZ_NUM_PRESETS)
		return -EINVAL;
	if (!(fake.status.preset_mask & (1U << index)))
		return -ENOENT;
	*pan = fake.preset_pos[index][0];
	*tilt = fake.preset_pos[index][1];
	return 0;
}

int ipcam_ptz_preset_restore(struct ipcam_ptz *ptz, unsigned int index, int stored,
			     int32_t pan, int32_t tilt)
{
	(void)ptz;
	if (fake.gone)
		return -ENODEV;
	fake.restores++;
	if (fake.restore_err)
		return fake.restore_err;
	if (index >= IPCAM_PTZ_NUM_PRESETS)
		return -EINVAL;
	fake.status.preset_mask &= ~(1U << index);
	if (stored)
		fake.status.preset_mask |= 1U << index;
	fake.preset_pos[index][0] = stored ? pan : 0;
	fake.preset_pos[index][1] = stored ? tilt : 0;
	return 0;
}

int ipcam_ptz_get_status(struct ipcam_ptz *ptz, struct ipcam_ptz_status *status)
{
	(void)ptz;
	if (fake.gone)
		return -ENODEV;
	*status = fake.status;
	return 0;
}

int ipcam_ptz_preset_goto(struct ipcam_ptz *ptz, unsigned int index)
{
	(void)ptz;
	if (fake.preset_err)
		return fake.preset_err;
	return record(FAKE_PRESET_GOTO, 0, 0, 0, index);
}

int ipcam_ptz_selftest(struct ipcam_ptz *ptz)
{
	(void)ptz;
	return record(FAKE_SELFTEST, 0, 0, 0, 0);
}

/* ---- capture and JPEG: the camera test does not stream ---- */

int ipcam_video_fd(const struct ipcam_video *video)
{
	(void)video;
	return -1;
}

int ipcam_video_set_format(struct ipcam_video *video, struct ipcam_format *fmt)
{
	(void)video;
	(void)fmt;
	return -EOPNOTSUPP;
}

int ipcam_video_start(struct ipcam_video *video, unsigned int nbuffers)
{
	(void)video;
	(void)nbuffers;
	return -EOPNOTSUPP;
}

int ipcam_video_stop(struct ipcam_video *video)
{
	(void)video;
	return 0;
}

int ipcam_video_dequeue(struct ipcam_video *video, struct ipcam_frame *frame)
{
	(void)video;
	(void)frame;
	return -EINVAL;
}

int ipcam_video_requeue(struct ipcam_video *video, const struct ipcam_frame *frame)
{
	(void)video;
	(void)frame;
	return -EINVAL;
}

int ipcam_resolution_size(int code, uint32_t *width, uint32_t *height)
{
	switch (code) {
	case 2: *width = 160; *height = 120; return 0;
	case 8: *width = 320; *height = 240; return 0;
	case 32: *width = 640; *height = 480; return 0;
	case 64: *width = 1280; *height = 720; return 0;
	}
	return -EINVAL;
}

int ipcam_jpeg_new(struct ipcam_jpeg **jpeg, uint32_t fourcc, uint32_t width,
		   uint32_t height, int quality)
{
	(void)jpeg;
	(void)fourcc;
	(void)width;
	(void)height;
	(void)quality;
	return -EOPNOTSUPP;
}

void ipcam_jpeg_free(struct ipcam_jpeg *jpeg)
{
	(void)jpeg;
}

int ipcam_jpeg_encode(struct ipcam_jpeg *jpeg, const struct ipcam_frame *frame,
		      const uint8_t **out, size_t *size)
{
	(void)jpeg;
	(void)frame;
	(void)out;
	(void)size;
	return -EOPNOTSUPP;
}

const char *ipcam_jpeg_last_error(const struct ipcam_jpeg *jpeg)
{
	(void)jpeg;
	return "fake";
}

/* The head's event queue: nothing is ever queued here (pokes re-read levels). */
int ipcam_ptz_fd(const struct ipcam_ptz *ptz)
{
	(void)ptz;
	return -EBADF;
}

int ipcam_ptz_read_event(struct ipcam_ptz *ptz, struct ipcam_ptz_event *ev)
{
	(void)ptz;
	(void)ev;
	return fake.gone ? -ENODEV : -EAGAIN;
}

/* Motion detection: armed or not, with what threshold; never an event. */
int ipcam_motion_arm(struct ipcam_video *video, const struct ipcam_motion_config *cfg)
{
	(void)video;
	fake.motion_armed = true;
	fake.motion_threshold = cfg->threshold;
	return 0;
}

int ipcam_motion_disarm(struct ipcam_video *video)
{
	(void)video;
	fake.motion_armed = false;
	return 0;
}

int ipcam_motion_hardware(const struct ipcam_video *video)
{
	(void)video;
	return fake.motion_armed ? 1 : -EINVAL;
}

int ipcam_motion_read(struct ipcam_video *video, struct ipcam_motion_event *ev)
{
	(void)video;
	(void)ev;
	return -EAGAIN;
}

const char *ipcam_video_last_error(const struct ipcam_video *video)
{
	(void)video;
	return "fake video error";
}

/* ---- the microphone: the camera test does not record ---- */

int ipcam_audio_open(const struct ipcam_camera_info *cam, unsigned int rate,
		     struct ipcam_audio **out)
{
	(void)cam;
	(void)rate;
	(void)out;
	return -ENODEV;
}

ssize_t ipcam_audio_read(struct ipcam_audio *a, int16_t *buf, size_t frames,
			 uint64_t *first_ns)
{
	(void)a;
	(void)buf;
	(void)frames;
	(void)first_ns;
	return -ENODEV;
}

void ipcam_audio_close(struct ipcam_audio *a)
{
	(void)a;
}

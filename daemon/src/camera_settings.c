// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The camera's picture settings onto the device (camera_control,
 * get_camera_params, the settings re-applied on open), its frame rate,
 * and the start actions of a head that has just appeared.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <ipcam.h>

#include "camera_priv.h"
#include "log.h"
#include "ptz_presets.h"
#include "rate_codes.h"
#include "settings.h"
#include "util.h"

/* The frame rate of SDK rate code CODE (not 0: full speed is the camera's). */
static int rate_code_fps(int code, double *fps)
{
	long us = rate_code_interval_us(code);

	if (us <= 0)
		return -EINVAL;
	*fps = 1e6 / (double)us;
	return 0;
}

/* The fastest frame rate the current format offers (0 if unknown). */
static double fastest_fps(struct camera *cam)
{
	struct ipcam_format fmt;
	struct ipcam_interval iv;
	double best = 0;

	if (ipcam_video_get_format(cam->video, &fmt))
		return 0;
	for (unsigned int i = 0; i < 64; i++) {
		if (ipcam_video_enum_interval(cam->video, fmt.fourcc, fmt.width, fmt.height, i,
					      &iv))
			break;
		if (iv.num && (double)iv.den / iv.num > best)
			best = (double)iv.den / iv.num;
	}
	return best;
}

static int device_fps_code(struct camera *cam, int *code)
{
	struct ipcam_interval iv;
	double fps, best;
	int rc = ipcam_video_get_interval(cam->video, &iv);

	if (rc)
		return rc;
	if (!iv.num)
		return -EINVAL;
	fps = (double)iv.den / iv.num;
	best = fastest_fps(cam);
	*code = best <= 0 || fps >= best - 0.01 ? 0 : rate_code_of_fps(fps);
	return 0;
}

/* The rate camera_control set, read off the device until the daemon sets one. */
static int configured_fps_code(struct camera *cam, int *code)
{
	int rc;

	if (cam->fps_code < 0) {
		rc = device_fps_code(cam, code);
		if (rc)
			return rc;
		cam->fps_code = *code;
	}
	*code = cam->fps_code;
	return 0;
}

/*
 * The rate get_camera_params reports: the device's own, except while the
 * capture runs it slower for its consumers: then the one camera_control set.
 */
static int get_fps_code(struct camera *cam, int *code)
{
	if (cam->capturing && cam->capture_fps > 0)
		return configured_fps_code(cam, code);
	return device_fps_code(cam, code);
}

/*
 * Set the device to the slowest of its frame intervals that is at least
 * FPS fast (FPS itself when it lists none).
 */
static int set_device_fps(struct camera *cam, double fps)
{
	struct ipcam_format fmt;
	struct ipcam_interval iv, pick = { 0, 0 };
	double f, pick_fps = 0;

	if (!ipcam_video_get_format(cam->video, &fmt)) {
		for (unsigned int i = 0; i < 64; i++) {
			if (ipcam_video_enum_interval(cam->video, fmt.fourcc, fmt.width, fmt.height,
						      i, &iv))
				break;
			f = iv.num ? (double)iv.den / iv.num : 0;
			if (f >= fps * 0.99 && (!pick_fps || f < pick_fps)) {
				pick = iv;
				pick_fps = f;
			}
		}
	}
	if (!pick_fps && fps >= 1) {
		pick.num = 1000;
		pick.den = (uint32_t)lround(fps * 1000);
	} else if (!pick_fps) {
		pick.num = (uint32_t)lround(1 / fps);
		pick.den = 1;
	}
	return ipcam_video_set_interval(cam->video, &pick);
}

/*
 * The device's rate: the one camera_control set, or slower while the
 * capture runs for consumers that all want fewer frames (cam->lock held,
 * VIDEO open).
 */
int camera_apply_rate_locked(struct camera *cam)
{
	double fps;
	int code, rc = configured_fps_code(cam, &code);

	if (rc)
		return rc;
	if (!code)
		fps = fastest_fps(cam);	/* 0: a driver without intervals */
	else if (rate_code_fps(code, &fps))
		return -EINVAL;
	if (cam->capturing && cam->capture_fps > 0 && (fps <= 0 || cam->capture_fps < fps))
		fps = cam->capture_fps;
	return fps > 0 ? set_device_fps(cam, fps) : 0;
}

static int set_fps_code(struct camera *cam, int code)
{
	int rc, old = cam->fps_code;
	double fps;

	if (code && rate_code_fps(code, &fps))
		return -EINVAL;
	cam->fps_code = code;
	rc = camera_apply_rate_locked(cam);
	if (rc)
		cam->fps_code = old;
	return rc;
}

static int set_param_locked(struct camera *cam, int param, int value)
{
	int rc;

	switch (param) {
	case CAM_RESOLUTION:
		return ipcam_video_set_setting(cam->video, IPCAM_SETTING_RESOLUTION, value);
	case CAM_BRIGHTNESS:
		return ipcam_video_set_setting(cam->video, IPCAM_SETTING_BRIGHTNESS, value);
	case CAM_CONTRAST:
		return ipcam_video_set_setting(cam->video, IPCAM_SETTING_CONTRAST, value);
	case CAM_MODE:
		return ipcam_video_set_setting(cam->video, IPCAM_SETTING_MODE, value);
	case CAM_FLIP:
		rc = ipcam_video_set_setting(cam->video, IPCAM_SETTING_FLIP, value);
		if (!rc)
			cam->flip_bits = value;
		return rc;
	case CAM_FPS:
		return set_fps_code(cam, value);
	}
	return -EINVAL;
}

static void restore_presets_locked(struct camera *cam,
				   const struct saved_preset saved[SAVED_PRESETS])
{
	unsigned int n = cam->pinfo.num_presets < SAVED_PRESETS ? cam->pinfo.num_presets :
								   SAVED_PRESETS;

	for (unsigned int i = 0; i < n && cam->ptz; i++) {
		int rc = camera_gone_check(cam, ipcam_ptz_preset_restore(cam->ptz, i, saved[i].stored,
								  saved[i].pan, saved[i].tilt));

		if (rc)
			log_warn("PTZ: cannot restore preset %u (%d/%d): %s", i + 1,
				 (int)saved[i].pan, (int)saved[i].tilt, ipcam_strerror(rc));
	}
}

void camera_apply_settings(struct camera *cam)
{
	static const struct { const char *name; int param; } params[] = {
		{ "resolution", CAM_RESOLUTION }, { "brightness", CAM_BRIGHTNESS },
		{ "contrast", CAM_CONTRAST }, { "mode", CAM_MODE },
		{ "flip", CAM_FLIP }, { "fps", CAM_FPS },
	};
	int camv[ARRAY_SIZE(params)];
	int32_t misc[MISC_COUNT];
	struct saved_preset saved[SAVED_PRESETS];
	int rc;

	if (!cam)
		return;
	presets_saved_read(saved);
	settings_lock();
	for (size_t i = 0; i < ARRAY_SIZE(params); i++)
		camv[i] = (int)settings_int(params[i].name);
	for (int i = 0; i < MISC_COUNT; i++)
		misc[i] = (int32_t)settings_int(cam_misc_names[i]);
	settings_unlock();

	pthread_mutex_lock(&cam->lock);
	if (!cam->have || camera_gone_check(cam, camera_video_get(cam)))
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(params) && cam->video; i++) {
		rc = camera_gone_check(cam, set_param_locked(cam, params[i].param, camv[i]));
		if (rc)
			log_warn("camera: cannot apply %s=%d: %s", params[i].name, camv[i],
				 ipcam_strerror(rc));
	}
	if (cam->ptz) {
		rc = camera_gone_check(cam, camera_misc_set_locked(cam, misc, (1U << MISC_COUNT) - 1));
		if (rc)
			log_warn("PTZ: cannot apply the misc settings: %s", ipcam_strerror(rc));
	}
	if (cam->ptz && cam->ptz_fresh) {
		cam->ptz_fresh = false;
		restore_presets_locked(cam, saved);
		cam->onstart.pending = cam->ptz != NULL;
		cam->onstart.center = misc[MISC_CENTER_ONSTART];
		cam->onstart.centring = false;
		cam->onstart.preset = misc[MISC_PRESET_ONSTART];
		cam->onstart.deadline = mono_now() + START_WAIT_S;
	}
out:
	camera_video_put(cam);
	pthread_mutex_unlock(&cam->lock);
}

/*
 * The start actions, one step per call: wait while the head homes (the
 * kernel centres at probe when the firmware says so), centre it if
 * ptz_center_onstart and it has not been, wait for that, then go to the
 * ptz_preset_onstart preset if it is stored.
 */
static void start_step_locked(struct camera *cam)
{
	struct ipcam_ptz_status st;
	int rc = camera_gone_check(cam, ipcam_ptz_get_status(cam->ptz, &st));

	if (rc) {
		log_warn("PTZ start: no status: %s", ipcam_strerror(rc));
		cam->onstart.pending = false;
		return;
	}
	if (st.state == IPCAM_PTZ_STATE_HOMING && mono_now() < cam->onstart.deadline)
		return;
	if (cam->onstart.center && !cam->onstart.centring && !(st.flags & IPCAM_PTZ_STATUS_HOMED)) {
		cam->onstart.centring = true;
		rc = camera_gone_check(cam, ipcam_ptz_center(cam->ptz));
		if (!rc) {
			log_info("PTZ start: centring the head");
			return;
		}
		log_warn("PTZ start: cannot centre: %s", ipcam_strerror(rc));
		if (!cam->ptz)
			return;
	}
	cam->onstart.pending = false;
	if (cam->onstart.preset < 1 || (unsigned int)cam->onstart.preset > cam->pinfo.num_presets)
		return;
	if (!(st.preset_mask & (1U << (cam->onstart.preset - 1)))) {
		log_info("PTZ start: preset %d is not set", cam->onstart.preset);
		return;
	}
	rc = camera_gone_check(cam, ipcam_ptz_preset_goto(cam->ptz,
						   (unsigned int)cam->onstart.preset - 1));
	if (rc)
		log_warn("PTZ start: cannot go to preset %d: %s", cam->onstart.preset,
			 ipcam_strerror(rc));
	else
		log_info("PTZ start: going to preset %d", cam->onstart.preset);
}

void camera_start_tick(struct camera *cam)
{
	if (!cam)
		return;
	pthread_mutex_lock(&cam->lock);
	if (cam->onstart.pending && cam->ptz)
		start_step_locked(cam);
	pthread_mutex_unlock(&cam->lock);
}

int camera_start_wait_ms(struct camera *cam, int idle_ms)
{
	bool pending;

	if (!cam)
		return idle_ms;
	pthread_mutex_lock(&cam->lock);
	pending = cam->onstart.pending && cam->ptz;
	pthread_mutex_unlock(&cam->lock);
	return pending ? 100 : idle_ms;
}

int camera_get_params(struct camera *cam, struct cam_params *p)
{
	static const enum ipcam_setting ids[] = {
		IPCAM_SETTING_RESOLUTION, IPCAM_SETTING_BRIGHTNESS, IPCAM_SETTING_CONTRAST,
		IPCAM_SETTING_MODE, IPCAM_SETTING_FLIP,
	};
	static const char *const names[] = { "resolution", "brightness", "contrast",
					     "mode", "flip", "fps" };
	int *field[] = { &p->resolution, &p->brightness, &p->contrast, &p->mode,
			 &p->flip, &p->fps };
	int stored[ARRAY_SIZE(names)];
	int rc = 0;

	/* what the daemon last set: for what this camera cannot report (a
	 * webcam without a power-line control, a size without an SDK code) */
	settings_lock();
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		stored[i] = (int)settings_int(names[i]);
	settings_unlock();

	if (!cam)
		return -ENODEV;
	pthread_mutex_lock(&cam->lock);
	if (!cam->have) {
		rc = -ENODEV;
		goto out;
	}
	rc = camera_gone_check(cam, camera_video_get(cam));
	if (rc)
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		int r = i < ARRAY_SIZE(ids) ?
			ipcam_video_get_setting(cam->video, ids[i], field[i]) :
			get_fps_code(cam, field[i]);

		if (r == -ENODEV || (r && r != -EOPNOTSUPP && r != -ERANGE && r != -EINVAL &&
				     r != -ENOTTY)) {
			rc = camera_gone_check(cam, r);
			break;
		}
		if (r)
			*field[i] = stored[i];
	}
out:
	camera_video_put(cam);
	pthread_mutex_unlock(&cam->lock);
	return rc;
}

int camera_set_param(struct camera *cam, int param, int value)
{
	int rc;

	if (!cam)
		return -ENODEV;
	pthread_mutex_lock(&cam->lock);
	rc = !cam->have ? -ENODEV : camera_gone_check(cam, camera_video_get(cam));
	if (!rc)
		rc = camera_gone_check(cam, set_param_locked(cam, param, value));
	camera_video_put(cam);
	pthread_mutex_unlock(&cam->lock);
	return rc;
}

int camera_flip_state(struct camera *cam)
{
	int v;

	if (!cam)
		return 0;
	/* the cache: never the video node (a PTZ command must not wait on it) */
	pthread_mutex_lock(&cam->lock);
	v = cam->have && cam->flip_bits >= 0 ? cam->flip_bits : 0;
	pthread_mutex_unlock(&cam->lock);
	return v;
}

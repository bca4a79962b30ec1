// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device adapter: the daemon's only caller of libipcam.  One camera
 * (a video node and, when present, its PTZ node) at a time, opened when it
 * appears and closed when it goes; all access under cam->lock.
 */
#include "camera.h"

#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <ipcam.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <time.h>

#include "asf.h"
#include "log.h"
#include "mic.h"
#include "ptz_presets.h"
#include "rate_codes.h"
#include "settings.h"
#include "encoder_stage.h"
#include "frame_source.h"
#include "util.h"

const char *const cam_misc_names[MISC_COUNT] = {
	"led_mode", "ptz_center_onstart", "ptz_auto_patrol_interval",
	"ptz_auto_patrol_type", "ptz_patrol_h_rounds", "ptz_patrol_v_rounds",
	"ptz_patrol_rate", "ptz_patrol_up_rate", "ptz_patrol_down_rate",
	"ptz_patrol_left_rate", "ptz_patrol_right_rate", "ptz_disable_preset",
	"ptz_preset_onstart",
};

/*
 * Where each misc setting lives: a sysfs attribute of the head, or
 * DAEMON_OWN for what the daemon does itself when the camera starts (the
 * kernel centres only at probe, from the firmware, and keeps no presets
 * across a reload): centre the head, then go to the start preset.
 */
#define DAEMON_OWN IPCAM_PTZ_ATTR_COUNT
static const enum ipcam_ptz_attr misc_attr[MISC_COUNT] = {
	IPCAM_PTZ_ATTR_LED_MODE, DAEMON_OWN,
	IPCAM_PTZ_ATTR_AUTO_PATROL_INTERVAL, IPCAM_PTZ_ATTR_PATROL_TYPE,
	IPCAM_PTZ_ATTR_PATROL_H_ROUNDS, IPCAM_PTZ_ATTR_PATROL_V_ROUNDS,
	IPCAM_PTZ_ATTR_PATROL_RATE, IPCAM_PTZ_ATTR_UP_RATE,
	IPCAM_PTZ_ATTR_DOWN_RATE, IPCAM_PTZ_ATTR_LEFT_RATE,
	IPCAM_PTZ_ATTR_RIGHT_RATE, IPCAM_PTZ_ATTR_PRESETS_DISABLED,
	DAEMON_OWN,
};

/* How long the start actions wait for a head that is homing. */
#define START_WAIT_S 120.0

struct camera {
	pthread_mutex_t lock;		/* everything below but motion's sink */
	struct ipcam_monitor *mon;
	char *selector;
	bool have;
	struct ipcam_camera_info info;
	struct ipcam_video *video;
	struct ipcam_ptz *ptz;
	struct ipcam_ptz_info pinfo;
	char last_failed[64];
	double last_scan;
	bool capturing;			/* the hub's capture runs on VIDEO */
	bool frame_out;			/* the hub holds one of VIDEO's buffers */
	struct ipcam_video *retired;	/* closed while a frame was out */
	int fps_code;			/* the rate camera_control set, -1 unknown */
	double capture_fps;		/* the rate the capture's consumers want, 0 full */
	int flip_bits;			/* IPCAM_FLIP_* of the picture, -1 unknown */
	bool ptz_fresh;			/* PTZ just opened: restore presets, start actions */

	/* Motion detection on the capture, as the alarm engine asked for it. */
	struct {
		bool armed;		/* under cam->lock, with cfg */
		struct ipcam_motion_config cfg;
		/*
		 * Under sink_lock, held while the sink runs (never with
		 * cam->lock): once camera_motion_set() has cleared it, no call
		 * to it is running.
		 */
		pthread_mutex_t sink_lock;
		camera_motion_sink sink;
		void *ctx;
	} motion;

	/* What the daemon does when the camera starts (see camera_start_tick). */
	struct {
		bool pending;
		bool center;		/* ptz_center_onstart */
		bool centring;		/* asked the head to centre, waiting for it */
		int preset;		/* ptz_preset_onstart, 0 none */
		double deadline;	/* stop waiting for a homing head */
	} onstart;
};

/*
 * The video node is open only while something uses it: a CGI call (for
 * the length of the call) or the capture.  At rest the daemon holds no
 * /dev/video fd (the driver may power the sensor down; nothing polls it).
 */
static int video_get(struct camera *cam)
{
	int rc;

	if (cam->video)
		return 0;
	rc = ipcam_video_open(&cam->video, cam->info.video_node);
	if (rc) {
		cam->video = NULL;
		return rc == -ENOENT ? -ENODEV : rc;
	}
	return 0;
}

static void video_put(struct camera *cam)
{
	if (cam->video && !cam->capturing) {
		ipcam_video_close(cam->video);
		cam->video = NULL;
	}
}

/* ---- open / close (cam->lock held) ---- */

static void close_ptz(struct camera *cam)
{
	if (cam->ptz)
		ipcam_ptz_close(cam->ptz);
	cam->ptz = NULL;
	cam->onstart.pending = false;
	memset(&cam->pinfo, 0, sizeof(cam->pinfo));
}

static void close_all(struct camera *cam, const char *why)
{
	if (cam->have)
		log_info("camera %s (%s) closed: %s", cam->info.name, cam->info.video_node, why);
	close_ptz(cam);
	/*
	 * Closing stops a running capture too.  A frame the hub is encoding
	 * stays mapped until it gives it back (the put closes the handle).
	 */
	if (cam->video && cam->frame_out)
		cam->retired = cam->video;
	else if (cam->video)
		ipcam_video_close(cam->video);
	cam->video = NULL;
	cam->capturing = false;
	cam->fps_code = -1;
	cam->flip_bits = -1;
	cam->have = false;
	memset(&cam->info, 0, sizeof(cam->info));
}

static void open_ptz(struct camera *cam)
{
	int rc;

	close_ptz(cam);
	if (!cam->info.ptz_node[0])
		return;
	rc = ipcam_ptz_open(&cam->ptz, cam->info.ptz_node);
	if (rc) {
		log_warn("cannot open %s: %s", cam->info.ptz_node, ipcam_strerror(rc));
		cam->ptz = NULL;
		return;
	}
	rc = ipcam_ptz_get_info(cam->ptz, &cam->pinfo);
	if (rc) {
		log_warn("%s: no PTZ info: %s", cam->info.ptz_node, ipcam_strerror(rc));
		close_ptz(cam);
		return;
	}
	cam->ptz_fresh = true;
	log_info("PTZ head %s: %u presets, %u/%u steps per revolution",
		 cam->info.ptz_node, cam->pinfo.num_presets,
		 cam->pinfo.axis[IPCAM_PTZ_AXIS_PAN].steps_per_rev,
		 cam->pinfo.axis[IPCAM_PTZ_AXIS_TILT].steps_per_rev);
}

static int find_selected(struct camera *cam, struct ipcam_camera_info *out)
{
	struct ipcam_camera_info cams[8];
	size_t count = 0;
	int rc;

	if (cam->selector && cam->selector[0])
		return ipcam_camera_find(cam->selector, out);
	rc = ipcam_camera_list(cams, ARRAY_SIZE(cams), &count);
	if (rc)
		return rc;
	if (count == 0)
		return -ENOENT;
	*out = cams[0];
	return 0;
}

/* Open the selected camera if none is open; true when one was opened. */
static bool open_selected(struct camera *cam)
{
	struct ipcam_camera_info ci;
	int rc;

	if (cam->have)
		return false;
	if (find_selected(cam, &ci))
		return false;
	rc = ipcam_video_open(&cam->video, ci.video_node);
	if (rc) {
		/* once per node: the rescans would repeat it every few seconds */
		if (strcmp(cam->last_failed, ci.video_node))
			log_warn("cannot open %s: %s", ci.video_node, ipcam_strerror(rc));
		str_copy(cam->last_failed, sizeof(cam->last_failed), ci.video_node);
		cam->video = NULL;
		return false;
	}
	cam->last_failed[0] = '\0';
	cam->info = ci;
	cam->have = true;
	log_info("camera %s: %s (%s)%s%s", cam->info.name, cam->info.video_node, cam->info.driver,
		 cam->info.ptz_node[0] ? ", PTZ " : ", no PTZ", cam->info.ptz_node);
	/* cached: a PTZ command turns by it and must not open the node */
	if (ipcam_video_get_setting(cam->video, IPCAM_SETTING_FLIP, &cam->flip_bits))
		cam->flip_bits = -1;
	open_ptz(cam);
	return true;
}

/* A device call failed: drop the handles when the device has gone. */
static int gone_check(struct camera *cam, int rc)
{
	if (rc == -ENODEV)
		close_all(cam, "the device has gone");
	return rc;
}

/* ---- settings onto the device ---- */

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
static int apply_rate_locked(struct camera *cam)
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
	rc = apply_rate_locked(cam);
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

static int misc_set_locked(struct camera *cam, const int32_t v[MISC_COUNT], unsigned int mask)
{
	for (int i = 0; i < MISC_COUNT; i++) {
		if (!(mask & (1U << i)) || misc_attr[i] == DAEMON_OWN)
			continue;
		int rc = ipcam_ptz_attr_set(cam->ptz, misc_attr[i], v[i]);

		if (rc)
			return rc;
	}
	return 0;
}

/* The saved presets onto a head that just started; the others cleared. */
static void restore_presets_locked(struct camera *cam,
				   const struct saved_preset saved[SAVED_PRESETS])
{
	unsigned int n = cam->pinfo.num_presets < SAVED_PRESETS ? cam->pinfo.num_presets :
								   SAVED_PRESETS;

	for (unsigned int i = 0; i < n && cam->ptz; i++) {
		int rc = gone_check(cam, ipcam_ptz_preset_restore(cam->ptz, i, saved[i].stored,
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
	if (!cam->have || gone_check(cam, video_get(cam)))
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(params) && cam->video; i++) {
		rc = gone_check(cam, set_param_locked(cam, params[i].param, camv[i]));
		if (rc)
			log_warn("camera: cannot apply %s=%d: %s", params[i].name, camv[i],
				 ipcam_strerror(rc));
	}
	if (cam->ptz) {
		rc = gone_check(cam, misc_set_locked(cam, misc, (1U << MISC_COUNT) - 1));
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
	video_put(cam);
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
	int rc = gone_check(cam, ipcam_ptz_get_status(cam->ptz, &st));

	if (rc) {
		log_warn("PTZ start: no status: %s", ipcam_strerror(rc));
		cam->onstart.pending = false;
		return;
	}
	if (st.state == IPCAM_PTZ_STATE_HOMING && mono_now() < cam->onstart.deadline)
		return;
	if (cam->onstart.center && !cam->onstart.centring && !(st.flags & IPCAM_PTZ_STATUS_HOMED)) {
		cam->onstart.centring = true;
		rc = gone_check(cam, ipcam_ptz_center(cam->ptz));
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
	rc = gone_check(cam, ipcam_ptz_preset_goto(cam->ptz,
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

/* ---- life cycle ---- */

struct camera *camera_new(const char *configured)
{
	struct camera *cam = xcalloc(1, sizeof(*cam));
	int rc;
	bool opened;

	pthread_mutex_init(&cam->lock, NULL);
	pthread_mutex_init(&cam->motion.sink_lock, NULL);
	cam->fps_code = -1;
	cam->flip_bits = -1;
	cam->selector = xstrdup(configured ? configured : "");
	rc = ipcam_monitor_new(&cam->mon, IPCAM_HOTPLUG_AUTO);
	if (rc) {
		log_warn("no hotplug monitor (%s): looking for the camera every few seconds",
			 ipcam_strerror(rc));
		cam->mon = NULL;
	}
	pthread_mutex_lock(&cam->lock);
	opened = open_selected(cam);
	pthread_mutex_unlock(&cam->lock);
	if (opened)
		camera_apply_settings(cam);
	else
		log_info("no camera yet: the camera CGIs answer 503 until one appears");
	return cam;
}

void camera_free(struct camera *cam)
{
	if (!cam)
		return;
	pthread_mutex_lock(&cam->lock);
	close_all(cam, "shutting down");
	pthread_mutex_unlock(&cam->lock);
	if (cam->mon)
		ipcam_monitor_free(cam->mon);
	cam->mon = NULL;
	free(cam->selector);
	cam->selector = NULL;
	pthread_mutex_destroy(&cam->motion.sink_lock);
	pthread_mutex_destroy(&cam->lock);
	free(cam);
}

int camera_monitor_fd(struct camera *cam)
{
	return cam && cam->mon ? ipcam_monitor_fd(cam->mon) : -1;
}

/*
 * The camera's PTZ node or sound card came or went (the module registers
 * them after the video node): take the new ones.  True when the settings
 * need applying again (a new PTZ node).
 */
static bool camera_changed_locked(struct camera *cam, const struct ipcam_camera_info *now)
{
	bool ptz_moved = strcmp(cam->info.ptz_node, now->ptz_node) != 0;

	if (strcmp(cam->info.sound_card, now->sound_card))
		log_info("camera %s: microphone now '%s'", cam->info.name, now->sound_card);
	str_copy(cam->info.sound_card, sizeof(cam->info.sound_card), now->sound_card);
	str_copy(cam->info.sound_syspath, sizeof(cam->info.sound_syspath), now->sound_syspath);
	if (!ptz_moved && (cam->ptz || !now->ptz_node[0]))
		return false;
	str_copy(cam->info.ptz_node, sizeof(cam->info.ptz_node), now->ptz_node);
	str_copy(cam->info.ptz_syspath, sizeof(cam->info.ptz_syspath), now->ptz_syspath);
	log_info("camera %s: PTZ node now '%s'", cam->info.name, cam->info.ptz_node);
	/* cached: a PTZ command turns by it and must not open the node */
	if (ipcam_video_get_setting(cam->video, IPCAM_SETTING_FLIP, &cam->flip_bits))
		cam->flip_bits = -1;
	open_ptz(cam);
	return true;
}

void camera_monitor_process(struct camera *cam)
{
	struct ipcam_hotplug_event ev;
	bool apply = false;

	if (!cam || !cam->mon)
		return;
	pthread_mutex_lock(&cam->lock);
	while (ipcam_monitor_read(cam->mon, &ev) == 0) {
		switch (ev.action) {
		case IPCAM_HOTPLUG_ADDED:
			log_debug("hotplug: %s added", ev.camera.video_node);
			if (open_selected(cam))
				apply = true;
			break;
		case IPCAM_HOTPLUG_REMOVED:
			log_debug("hotplug: %s removed", ev.camera.video_node);
			if (cam->have && !strcmp(ev.camera.video_node, cam->info.video_node))
				close_all(cam, "removed");
			break;
		case IPCAM_HOTPLUG_CHANGED:
			if (cam->have && !strcmp(ev.camera.video_node, cam->info.video_node))
				apply |= camera_changed_locked(cam, &ev.camera);
			break;
		}
	}
	pthread_mutex_unlock(&cam->lock);
	if (apply)
		camera_apply_settings(cam);
}

void camera_rescan(struct camera *cam)
{
	bool opened;

	if (!cam)
		return;
	pthread_mutex_lock(&cam->lock);
	/* at most every few seconds: a failing camera is not hammered */
	if (mono_now() - cam->last_scan < 4.5) {
		pthread_mutex_unlock(&cam->lock);
		return;
	}
	cam->last_scan = mono_now();
	opened = open_selected(cam);
	pthread_mutex_unlock(&cam->lock);
	if (opened)
		camera_apply_settings(cam);
}

bool camera_present(struct camera *cam)
{
	bool p;

	if (!cam)
		return false;
	pthread_mutex_lock(&cam->lock);
	p = cam->have;
	pthread_mutex_unlock(&cam->lock);
	return p;
}

bool camera_has_ptz(struct camera *cam)
{
	bool p;

	if (!cam)
		return false;
	pthread_mutex_lock(&cam->lock);
	p = cam->have && cam->ptz;
	pthread_mutex_unlock(&cam->lock);
	return p;
}

int camera_module_api(struct camera *cam, unsigned int *ptz_api, uint32_t *v4l2_caps)
{
	int rc = 0;

	if (!cam)
		return -ENODEV;
	pthread_mutex_lock(&cam->lock);
	if (cam->have) {
		*ptz_api = cam->ptz ? cam->pinfo.version : 0;
		*v4l2_caps = cam->info.device_caps;
	} else {
		rc = -ENODEV;
	}
	pthread_mutex_unlock(&cam->lock);
	return rc;
}

bool camera_has_microphone(struct camera *cam)
{
	bool m;

	if (!cam)
		return false;
	pthread_mutex_lock(&cam->lock);
	m = cam->have && cam->info.sound_card[0];
	pthread_mutex_unlock(&cam->lock);
	return m;
}

/* The microphone of the camera open now, through libipcam (mic.h). */
static int mic_open(void *ctx, void **handle)
{
	struct camera *cam = ctx;
	struct ipcam_camera_info ci;
	struct ipcam_audio *a;
	int rc;

	if (!cam)
		return -ENODEV;
	pthread_mutex_lock(&cam->lock);
	rc = cam->have && cam->info.sound_card[0] ? 0 : -ENODEV;
	ci = cam->info;
	pthread_mutex_unlock(&cam->lock);
	if (rc)
		return rc;
	rc = ipcam_audio_open(&ci, ASF_ADPCM_RATE, &a);
	if (rc)
		return rc;
	*handle = a;
	return 0;
}

static ssize_t mic_read(void *handle, int16_t *pcm, size_t n, uint64_t *first_ns)
{
	return ipcam_audio_read(handle, pcm, n, first_ns);
}

static void mic_close(void *handle)
{
	ipcam_audio_close(handle);
}

const struct mic_source_ops camera_mic_ops = {
	.open = mic_open,
	.read = mic_read,
	.close = mic_close,
};

/* ---- picture ---- */

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
	rc = gone_check(cam, video_get(cam));
	if (rc)
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		int r = i < ARRAY_SIZE(ids) ?
			ipcam_video_get_setting(cam->video, ids[i], field[i]) :
			get_fps_code(cam, field[i]);

		if (r == -ENODEV || (r && r != -EOPNOTSUPP && r != -ERANGE && r != -EINVAL &&
				     r != -ENOTTY)) {
			rc = gone_check(cam, r);
			break;
		}
		if (r)
			*field[i] = stored[i];
	}
out:
	video_put(cam);
	pthread_mutex_unlock(&cam->lock);
	return rc;
}

int camera_set_param(struct camera *cam, int param, int value)
{
	int rc;

	if (!cam)
		return -ENODEV;
	pthread_mutex_lock(&cam->lock);
	rc = !cam->have ? -ENODEV : gone_check(cam, video_get(cam));
	if (!rc)
		rc = gone_check(cam, set_param_locked(cam, param, value));
	video_put(cam);
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

/* ---- PTZ ---- */

/* Run OP with CAM's PTZ handle under its lock: -ENODEV / -EOPNOTSUPP first. */
#define WITH_PTZ(expr) \
	do { \
		int rc_; \
		if (!cam) \
			return -ENODEV; \
		pthread_mutex_lock(&cam->lock); \
		if (!cam->have) \
			rc_ = -ENODEV; \
		else if (!cam->ptz) \
			rc_ = -EOPNOTSUPP; \
		else \
			rc_ = gone_check(cam, expr); \
		pthread_mutex_unlock(&cam->lock); \
		return rc_; \
	} while (0)

int camera_misc_get(struct camera *cam, int32_t v[MISC_COUNT])
{
	int rc = 0;

	settings_lock();
	for (int i = 0; i < MISC_COUNT; i++)
		if (misc_attr[i] == DAEMON_OWN)
			v[i] = (int32_t)settings_int(cam_misc_names[i]);
	settings_unlock();
	if (!cam)
		return -ENODEV;
	pthread_mutex_lock(&cam->lock);
	if (!cam->have)
		rc = -ENODEV;
	else if (!cam->ptz)
		rc = -EOPNOTSUPP;
	for (int i = 0; !rc && i < MISC_COUNT; i++)
		if (misc_attr[i] != DAEMON_OWN)
			rc = gone_check(cam, ipcam_ptz_attr_get(cam->ptz, misc_attr[i], &v[i]));
	pthread_mutex_unlock(&cam->lock);
	return rc;
}

int camera_misc_set(struct camera *cam, const int32_t v[MISC_COUNT], unsigned int mask)
{
	WITH_PTZ(misc_set_locked(cam, v, mask));
}

static int alarm_input_locked(struct camera *cam, int *level)
{
	int32_t v = 0;
	int rc = ipcam_ptz_attr_get(cam->ptz, IPCAM_PTZ_ATTR_ALARM_INPUT, &v);

	*level = v;
	return rc;
}

int camera_alarm_input(struct camera *cam, int *level)
{
	WITH_PTZ(alarm_input_locked(cam, level));
}

int camera_ptz_event_fd(struct camera *cam)
{
	int fd;

	if (!cam)
		return -1;
	pthread_mutex_lock(&cam->lock);
	fd = cam->have && cam->ptz ? ipcam_ptz_fd(cam->ptz) : -1;
	pthread_mutex_unlock(&cam->lock);
	return fd;
}

static int ptz_events_locked(struct camera *cam, struct ptz_news *news)
{
	struct ipcam_ptz_event ev;
	int rc;

	memset(news, 0, sizeof(*news));
	while ((rc = ipcam_ptz_read_event(cam->ptz, &ev)) == 0) {
		switch (ev.type) {
		case IPCAM_PTZ_EVENT_ALARM_INPUT:
			news->alarm = true;
			news->alarm_level = (int)ev.data;
			break;
		case IPCAM_PTZ_EVENT_IO_OUTPUT:
			break;
		default:		/* a move, patrol, homing or self-test ended a step */
			news->moved = true;
			break;
		}
	}
	return rc == -EAGAIN ? 0 : rc;
}

int camera_ptz_events(struct camera *cam, struct ptz_news *news)
{
	WITH_PTZ(ptz_events_locked(cam, news));
}

static int busy_locked(struct camera *cam)
{
	struct ipcam_ptz_status st;
	int rc = ipcam_ptz_get_status(cam->ptz, &st);

	return rc ? rc : st.state != IPCAM_PTZ_STATE_IDLE;
}

int camera_ptz_busy(struct camera *cam)
{
	WITH_PTZ(busy_locked(cam));
}

int camera_ptz_move(struct camera *cam, int pan, int tilt)
{
	uint32_t mask = (pan ? IPCAM_PTZ_PAN : 0) | (tilt ? IPCAM_PTZ_TILT : 0);

	/* rate 0: the device's up/down/left/right rates apply */
	WITH_PTZ(ipcam_ptz_move_continuous(cam->ptz, mask, pan, tilt, 0));
}

static int32_t degrees_to_steps(struct camera *cam, int axis, int degrees)
{
	double steps = (double)degrees * cam->pinfo.axis[axis].steps_per_rev / 360.0;
	int32_t s = (int32_t)lround(steps);

	return s < 1 ? 1 : s;
}

static int step_locked(struct camera *cam, int pan, int tilt, int degrees)
{
	uint32_t mask = (pan ? IPCAM_PTZ_PAN : 0) | (tilt ? IPCAM_PTZ_TILT : 0);

	return ipcam_ptz_move_relative(cam->ptz, mask,
				       pan * degrees_to_steps(cam, IPCAM_PTZ_AXIS_PAN, degrees),
				       tilt * degrees_to_steps(cam, IPCAM_PTZ_AXIS_TILT, degrees),
				       0);
}

int camera_ptz_step(struct camera *cam, int pan, int tilt, int degrees)
{
	WITH_PTZ(step_locked(cam, pan, tilt, degrees));
}

int camera_ptz_stop(struct camera *cam)
{
	WITH_PTZ(ipcam_ptz_stop(cam->ptz, IPCAM_PTZ_ALL_AXES));
}

int camera_ptz_center(struct camera *cam)
{
	WITH_PTZ(ipcam_ptz_center(cam->ptz));
}

static int patrol_locked(struct camera *cam, int axis, bool start)
{
	uint32_t mask = axis == 0 ? IPCAM_PTZ_PAN : IPCAM_PTZ_TILT;
	int32_t rounds = 0;
	int rc;

	if (!start)
		return ipcam_ptz_stop(cam->ptz, mask);
	rc = ipcam_ptz_attr_get(cam->ptz, axis == 0 ? IPCAM_PTZ_ATTR_PATROL_H_ROUNDS :
				IPCAM_PTZ_ATTR_PATROL_V_ROUNDS, &rounds);
	if (rc)
		return rc;
	return ipcam_ptz_patrol(cam->ptz, mask, (uint32_t)rounds);
}

int camera_ptz_patrol(struct camera *cam, int axis, bool start)
{
	WITH_PTZ(patrol_locked(cam, axis, start));
}

static int preset_locked(struct camera *cam, int preset, bool set)
{
	if (preset < 1 || (unsigned int)preset > cam->pinfo.num_presets)
		return -EINVAL;
	return set ? ipcam_ptz_preset_set(cam->ptz, (unsigned int)preset - 1) :
		     ipcam_ptz_preset_goto(cam->ptz, (unsigned int)preset - 1);
}

int camera_ptz_preset(struct camera *cam, int preset, bool set)
{
	WITH_PTZ(preset_locked(cam, preset, set));
}

static int preset_position_locked(struct camera *cam, int preset, int32_t *pan, int32_t *tilt)
{
	if (preset < 1 || (unsigned int)preset > cam->pinfo.num_presets)
		return -EINVAL;
	return ipcam_ptz_preset_get(cam->ptz, (unsigned int)preset - 1, pan, tilt);
}

int camera_ptz_preset_position(struct camera *cam, int preset, int32_t *pan, int32_t *tilt)
{
	WITH_PTZ(preset_position_locked(cam, preset, pan, tilt));
}

int camera_ptz_selftest(struct camera *cam)
{
	WITH_PTZ(ipcam_ptz_selftest(cam->ptz));
}

int camera_io_output(struct camera *cam, int level)
{
	WITH_PTZ(ipcam_ptz_attr_set(cam->ptz, IPCAM_PTZ_ATTR_IO_OUTPUT, level));
}

int camera_ptz_presets(struct camera *cam)
{
	int n;

	if (!cam)
		return 0;
	pthread_mutex_lock(&cam->lock);
	n = cam->have && cam->ptz ? (int)cam->pinfo.num_presets : 0;
	pthread_mutex_unlock(&cam->lock);
	return n;
}

/* ---- capture: the stream hub's frame source (frame_source.h) ---- */

/* Arm or disarm the running capture's detector as asked (cam->lock held). */
static void motion_arm_locked(struct camera *cam)
{
	int rc;

	if (!cam->capturing || !cam->video)
		return;
	if (!cam->motion.armed) {
		if (ipcam_motion_hardware(cam->video) >= 0)
			ipcam_motion_disarm(cam->video);
		return;
	}
	rc = ipcam_motion_arm(cam->video, &cam->motion.cfg);
	if (rc) {
		char why[256];

		/* the message first: a device gone closes the handle */
		str_copy(why, sizeof(why), ipcam_video_last_error(cam->video));
		gone_check(cam, rc);
		log_warn("motion detection: %s", why);
	} else {
		log_info("motion detection armed (%s, threshold %u)",
			 ipcam_motion_hardware(cam->video) ? "the sensor's" : "software",
			 cam->motion.cfg.threshold);
	}
}

#define MOTION_BATCH 8

/* Take the detector's events (cam->lock held). */
static int motion_collect_locked(struct camera *cam, struct ipcam_motion_event *ev, int max)
{
	int n = 0;

	if (!cam->motion.armed || !cam->video || ipcam_motion_hardware(cam->video) < 0)
		return 0;
	while (n < max && ipcam_motion_read(cam->video, &ev[n]) == 0)
		n++;
	return n;
}

/* Hand detector events to the sink (cam->lock not held). */
static void motion_deliver(struct camera *cam, const struct ipcam_motion_event *ev, int n)
{
	pthread_mutex_lock(&cam->motion.sink_lock);
	for (int i = 0; i < n && cam->motion.sink; i++)
		cam->motion.sink(cam->motion.ctx, ev[i].regions, ev[i].sequence);
	pthread_mutex_unlock(&cam->motion.sink_lock);
}

static void motion_set_sink(struct camera *cam, camera_motion_sink sink, void *ctx)
{
	pthread_mutex_lock(&cam->motion.sink_lock);
	cam->motion.sink = sink;
	cam->motion.ctx = ctx;
	pthread_mutex_unlock(&cam->motion.sink_lock);
}

void camera_motion_set(struct camera *cam, bool armed, unsigned int threshold,
		       bool compensate, camera_motion_sink sink, void *ctx)
{
	if (!cam)
		return;
	if (armed)
		motion_set_sink(cam, sink, ctx);	/* before the first event */
	pthread_mutex_lock(&cam->lock);
	cam->motion.armed = armed;
	memset(&cam->motion.cfg, 0, sizeof(cam->motion.cfg));
	cam->motion.cfg.threshold = threshold;
	cam->motion.cfg.compensate = compensate;
	motion_arm_locked(cam);
	pthread_mutex_unlock(&cam->lock);
	if (!armed)
		motion_set_sink(cam, NULL, NULL);
}

static bool cap_available(void *ctx)
{
	struct camera *cam = ctx;

	return camera_present(cam);
}

/* The capture's format: WIDTH x HEIGHT in a format the encoder takes. */
static int cap_format_locked(struct camera *cam, uint32_t width, uint32_t height,
			     struct ipcam_format *fmt)
{
	int rc = gone_check(cam, ipcam_video_get_format(cam->video, fmt));

	if (rc || (fmt->width == width && fmt->height == height &&
		   encoder_stage_accepts(fmt->fourcc)))
		return rc;
	if (!encoder_stage_accepts(fmt->fourcc))
		fmt->fourcc = V4L2_PIX_FMT_YUV420;	/* libv4l2 converts */
	fmt->width = width;
	fmt->height = height;
	/* the driver may pick the nearest size: the encoder stage scales from it */
	rc = gone_check(cam, ipcam_video_set_format(cam->video, fmt));
	if (!rc && !encoder_stage_accepts(fmt->fourcc))
		rc = -EOPNOTSUPP;
	return rc;
}

static int cap_start(void *ctx, uint32_t width, uint32_t height, double fps)
{
	struct camera *cam = ctx;
	struct ipcam_format fmt;
	int rc;

	pthread_mutex_lock(&cam->lock);
	rc = !cam->have ? -ENODEV : gone_check(cam, video_get(cam));
	if (rc)
		goto out;
	rc = cap_format_locked(cam, width, height, &fmt);
	if (rc)
		goto out;
	cam->capturing = true;
	cam->capture_fps = fps;
	rc = gone_check(cam, apply_rate_locked(cam));
	if (rc)
		goto out;
	rc = gone_check(cam, ipcam_video_start(cam->video, 4));
	if (rc)
		goto out;
	motion_arm_locked(cam);
	log_info("capture started: %ux%u %.4s", fmt.width, fmt.height, (const char *)&fmt.fourcc);
out:
	if (rc) {
		cam->capturing = false;
		video_put(cam);
	}
	pthread_mutex_unlock(&cam->lock);
	return rc;
}

static int cap_set_rate(void *ctx, double fps)
{
	struct camera *cam = ctx;
	int rc = -ENODEV;

	pthread_mutex_lock(&cam->lock);
	if (cam->capturing && cam->video) {
		cam->capture_fps = fps;
		rc = gone_check(cam, apply_rate_locked(cam));
	}
	pthread_mutex_unlock(&cam->lock);
	return rc;
}

static void cap_stop(void *ctx)
{
	struct camera *cam = ctx;
	/* the detector ends with the capture: a motion it saw has ended */
	struct ipcam_motion_event end = { 0 };
	bool detecting;

	pthread_mutex_lock(&cam->lock);
	detecting = cam->capturing && cam->motion.armed;
	if (cam->capturing)
		log_info("capture stopped: the video node is closed");
	if (cam->video && ipcam_motion_hardware(cam->video) >= 0)
		ipcam_motion_disarm(cam->video);	/* the device's detector rests too */
	if (cam->video)
		ipcam_video_stop(cam->video);
	cam->capturing = false;
	cam->capture_fps = 0;
	if (cam->video)
		apply_rate_locked(cam);	/* back to the rate camera_control set */
	video_put(cam);
	pthread_mutex_unlock(&cam->lock);
	if (detecting)
		motion_deliver(cam, &end, 1);
	/* at rest: hand the freed frame and connection memory back */
	malloc_trim(0);
}

/* A frame is ready on FD now (poll without waiting). */
static bool frame_ready(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static int cap_get(void *ctx, struct ipcam_frame *fr, int timeout_ms)
{
	struct camera *cam = ctx;
	struct ipcam_frame newer;
	struct pollfd pfd;
	int rc;

	pthread_mutex_lock(&cam->lock);
	if (!cam->capturing || !cam->video) {
		pthread_mutex_unlock(&cam->lock);
		return -ENODEV;
	}
	pfd.fd = ipcam_video_fd(cam->video);
	pfd.events = POLLIN;
	pthread_mutex_unlock(&cam->lock);
	/* wait without the lock: the CGIs keep working meanwhile */
	if (poll(&pfd, 1, timeout_ms) == 0)
		return -EAGAIN;
	pthread_mutex_lock(&cam->lock);
	if (!cam->capturing || !cam->video) {
		pthread_mutex_unlock(&cam->lock);
		return -ENODEV;
	}
	rc = ipcam_video_dequeue(cam->video, fr);
	/*
	 * Drain to the newest frame: a late encode never sends an old picture.
	 * Only while poll() says a frame is ready: a DQBUF that finds none
	 * makes libv4l2 print an error on stderr (the journal, under systemd),
	 * once a frame.
	 */
	while (!rc && frame_ready(pfd.fd) && ipcam_video_dequeue(cam->video, &newer) == 0) {
		ipcam_video_requeue(cam->video, fr);
		*fr = newer;
	}
	if (rc)
		rc = rc == -EAGAIN ? -EAGAIN : gone_check(cam, rc);
	else
		cam->frame_out = true;	/* encoded outside the lock, until cap_put() */
	pthread_mutex_unlock(&cam->lock);
	return rc;
}

static int cap_put(void *ctx, struct ipcam_frame *fr)
{
	struct camera *cam = ctx;
	struct ipcam_motion_event ev[MOTION_BATCH];
	int rc = -ENODEV, nev = 0;

	pthread_mutex_lock(&cam->lock);
	cam->frame_out = false;
	if (cam->retired) {
		/* the device went while the frame was out: its handle ends now */
		ipcam_video_close(cam->retired);
		cam->retired = NULL;
	} else if (cam->video) {
		rc = gone_check(cam, ipcam_video_requeue(cam->video, fr));
		nev = motion_collect_locked(cam, ev, MOTION_BATCH);
	}
	pthread_mutex_unlock(&cam->lock);
	/* outside the lock: the sink may call back into the camera */
	motion_deliver(cam, ev, nev);
	return rc;
}

const struct frame_source_ops camera_source_ops = {
	cap_available, cap_start, cap_set_rate, cap_get, cap_put, cap_stop,
};

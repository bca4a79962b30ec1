// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device adapter: the daemon's only caller of libipcam.  One camera
 * (a video node and, when present, its PTZ node) at a time, opened when it
 * appears and closed when it goes; all access under cam_lock.
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

static pthread_mutex_t cam_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ipcam_monitor *mon;
static char *selector;
static bool have;
static struct ipcam_camera_info info;
static struct ipcam_video *video;
static struct ipcam_ptz *ptz;
static struct ipcam_ptz_info pinfo;
static char last_failed[64];
static double last_scan;
static bool capturing;		/* the hub's capture runs on VIDEO */
static bool frame_out;		/* the hub holds one of VIDEO's buffers */
static struct ipcam_video *retired;	/* closed while a frame was out */
static int fps_code = -1;	/* the rate camera_control set, -1 unknown */
static double capture_fps;	/* the rate the capture's consumers want, 0 full */
static int flip_bits = -1;	/* IPCAM_FLIP_* of the picture, -1 unknown */
static bool ptz_fresh;		/* PTZ just opened: restore presets, start actions */

/* Motion detection on the capture, as the alarm engine asked for it. */
static struct {
	bool armed;			/* under cam_lock, with cfg */
	struct ipcam_motion_config cfg;
	/*
	 * Under sink_lock, held while the sink runs (never with cam_lock):
	 * once camera_motion_set() has cleared it, no call to it is running.
	 */
	pthread_mutex_t sink_lock;
	camera_motion_sink sink;
	void *ctx;
} motion = { .sink_lock = PTHREAD_MUTEX_INITIALIZER };

/* How long the start actions wait for a head that is homing. */
#define START_WAIT_S 120.0

/* What the daemon does when the camera starts (see camera_start_tick). */
static struct {
	bool pending;
	bool center;		/* ptz_center_onstart */
	bool centring;		/* asked the head to centre, waiting for it */
	int preset;		/* ptz_preset_onstart, 0 none */
	double deadline;	/* stop waiting for a homing head */
} onstart;

/*
 * The video node is open only while something uses it: a CGI call (for
 * the length of the call) or the capture.  At rest the daemon holds no
 * /dev/video fd (the driver may power the sensor down; nothing polls it).
 */
static int video_get(void)
{
	int rc;

	if (video)
		return 0;
	rc = ipcam_video_open(&video, info.video_node);
	if (rc) {
		video = NULL;
		return rc == -ENOENT ? -ENODEV : rc;
	}
	return 0;
}

static void video_put(void)
{
	if (video && !capturing) {
		ipcam_video_close(video);
		video = NULL;
	}
}

/* ---- open / close (cam_lock held) ---- */

static void close_ptz(void)
{
	if (ptz)
		ipcam_ptz_close(ptz);
	ptz = NULL;
	onstart.pending = false;
	memset(&pinfo, 0, sizeof(pinfo));
}

static void close_all(const char *why)
{
	if (have)
		log_info("camera %s (%s) closed: %s", info.name, info.video_node, why);
	close_ptz();
	/*
	 * Closing stops a running capture too.  A frame the hub is encoding
	 * stays mapped until it gives it back (the put closes the handle).
	 */
	if (video && frame_out)
		retired = video;
	else if (video)
		ipcam_video_close(video);
	video = NULL;
	capturing = false;
	fps_code = -1;
	flip_bits = -1;
	have = false;
	memset(&info, 0, sizeof(info));
}

static void open_ptz(void)
{
	int rc;

	close_ptz();
	if (!info.ptz_node[0])
		return;
	rc = ipcam_ptz_open(&ptz, info.ptz_node);
	if (rc) {
		log_warn("cannot open %s: %s", info.ptz_node, ipcam_strerror(rc));
		ptz = NULL;
		return;
	}
	rc = ipcam_ptz_get_info(ptz, &pinfo);
	if (rc) {
		log_warn("%s: no PTZ info: %s", info.ptz_node, ipcam_strerror(rc));
		close_ptz();
		return;
	}
	ptz_fresh = true;
	log_info("PTZ head %s: %u presets, %u/%u steps per revolution",
		 info.ptz_node, pinfo.num_presets,
		 pinfo.axis[IPCAM_PTZ_AXIS_PAN].steps_per_rev,
		 pinfo.axis[IPCAM_PTZ_AXIS_TILT].steps_per_rev);
}

static int find_selected(struct ipcam_camera_info *out)
{
	struct ipcam_camera_info cams[8];
	size_t count = 0;
	int rc;

	if (selector && selector[0])
		return ipcam_camera_find(selector, out);
	rc = ipcam_camera_list(cams, ARRAY_SIZE(cams), &count);
	if (rc)
		return rc;
	if (count == 0)
		return -ENOENT;
	*out = cams[0];
	return 0;
}

/* Open the selected camera if none is open; true when one was opened. */
static bool open_selected(void)
{
	struct ipcam_camera_info ci;
	int rc;

	if (have)
		return false;
	if (find_selected(&ci))
		return false;
	rc = ipcam_video_open(&video, ci.video_node);
	if (rc) {
		/* once per node: the rescans would repeat it every few seconds */
		if (strcmp(last_failed, ci.video_node))
			log_warn("cannot open %s: %s", ci.video_node, ipcam_strerror(rc));
		str_copy(last_failed, sizeof(last_failed), ci.video_node);
		video = NULL;
		return false;
	}
	last_failed[0] = '\0';
	info = ci;
	have = true;
	log_info("camera %s: %s (%s)%s%s", info.name, info.video_node, info.driver,
		 info.ptz_node[0] ? ", PTZ " : ", no PTZ", info.ptz_node);
	/* cached: a PTZ command turns by it and must not open the node */
	if (ipcam_video_get_setting(video, IPCAM_SETTING_FLIP, &flip_bits))
		flip_bits = -1;
	open_ptz();
	return true;
}

/* A device call failed: drop the handles when the device has gone. */
static int gone_check(int rc)
{
	if (rc == -ENODEV)
		close_all("the device has gone");
	return rc;
}

/* ---- settings onto the device ---- */

static int rate_code_fps(int code, double *fps)
{
	static const struct { int code; double fps; } rates[] = {
		{ 1, 20 }, { 3, 15 }, { 6, 10 }, { 11, 5 }, { 12, 4 }, { 13, 3 },
		{ 14, 2 }, { 15, 1 }, { 17, 1.0 / 2 }, { 19, 1.0 / 3 },
		{ 21, 1.0 / 4 }, { 23, 1.0 / 5 },
	};

	/* codes in between take the next slower rate */
	for (size_t i = 0; i < ARRAY_SIZE(rates); i++) {
		if (code <= rates[i].code) {
			*fps = rates[i].fps;
			return 0;
		}
	}
	return -EINVAL;
}

static int fps_rate_code(double fps)
{
	static const struct { double min; int code; } map[] = {
		{ 19.5, 1 }, { 14.5, 3 }, { 9.5, 6 }, { 4.5, 11 }, { 3.5, 12 },
		{ 2.5, 13 }, { 1.5, 14 }, { 0.75, 15 }, { 0.4, 17 }, { 0.29, 19 },
		{ 0.22, 21 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (fps >= map[i].min)
			return map[i].code;
	return 23;
}

/* The fastest frame rate the current format offers (0 if unknown). */
static double fastest_fps(void)
{
	struct ipcam_format fmt;
	struct ipcam_interval iv;
	double best = 0;

	if (ipcam_video_get_format(video, &fmt))
		return 0;
	for (unsigned int i = 0; i < 64; i++) {
		if (ipcam_video_enum_interval(video, fmt.fourcc, fmt.width, fmt.height, i, &iv))
			break;
		if (iv.num && (double)iv.den / iv.num > best)
			best = (double)iv.den / iv.num;
	}
	return best;
}

static int device_fps_code(int *code)
{
	struct ipcam_interval iv;
	double fps, best;
	int rc = ipcam_video_get_interval(video, &iv);

	if (rc)
		return rc;
	if (!iv.num)
		return -EINVAL;
	fps = (double)iv.den / iv.num;
	best = fastest_fps();
	*code = best <= 0 || fps >= best - 0.01 ? 0 : fps_rate_code(fps);
	return 0;
}

/* The rate camera_control set, read off the device until the daemon sets one. */
static int configured_fps_code(int *code)
{
	int rc;

	if (fps_code < 0) {
		rc = device_fps_code(code);
		if (rc)
			return rc;
		fps_code = *code;
	}
	*code = fps_code;
	return 0;
}

/*
 * The rate get_camera_params reports: the device's own, except while the
 * capture runs it slower for its consumers: then the one camera_control set.
 */
static int get_fps_code(int *code)
{
	if (capturing && capture_fps > 0)
		return configured_fps_code(code);
	return device_fps_code(code);
}

/*
 * Set the device to the slowest of its frame intervals that is at least
 * FPS fast (FPS itself when it lists none).
 */
static int set_device_fps(double fps)
{
	struct ipcam_format fmt;
	struct ipcam_interval iv, pick = { 0, 0 };
	double f, pick_fps = 0;

	if (!ipcam_video_get_format(video, &fmt)) {
		for (unsigned int i = 0; i < 64; i++) {
			if (ipcam_video_enum_interval(video, fmt.fourcc, fmt.width, fmt.height,
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
	return ipcam_video_set_interval(video, &pick);
}

/*
 * The device's rate: the one camera_control set, or slower while the
 * capture runs for consumers that all want fewer frames (cam_lock held,
 * VIDEO open).
 */
static int apply_rate_locked(void)
{
	double fps;
	int code, rc = configured_fps_code(&code);

	if (rc)
		return rc;
	if (!code)
		fps = fastest_fps();	/* 0: a driver without intervals */
	else if (rate_code_fps(code, &fps))
		return -EINVAL;
	if (capturing && capture_fps > 0 && (fps <= 0 || capture_fps < fps))
		fps = capture_fps;
	return fps > 0 ? set_device_fps(fps) : 0;
}

static int set_fps_code(int code)
{
	int rc, old = fps_code;
	double fps;

	if (code && rate_code_fps(code, &fps))
		return -EINVAL;
	fps_code = code;
	rc = apply_rate_locked();
	if (rc)
		fps_code = old;
	return rc;
}

static int set_param_locked(int param, int value)
{
	int rc;

	switch (param) {
	case CAM_RESOLUTION:
		return ipcam_video_set_setting(video, IPCAM_SETTING_RESOLUTION, value);
	case CAM_BRIGHTNESS:
		return ipcam_video_set_setting(video, IPCAM_SETTING_BRIGHTNESS, value);
	case CAM_CONTRAST:
		return ipcam_video_set_setting(video, IPCAM_SETTING_CONTRAST, value);
	case CAM_MODE:
		return ipcam_video_set_setting(video, IPCAM_SETTING_MODE, value);
	case CAM_FLIP:
		rc = ipcam_video_set_setting(video, IPCAM_SETTING_FLIP, value);
		if (!rc)
			flip_bits = value;
		return rc;
	case CAM_FPS:
		return set_fps_code(value);
	}
	return -EINVAL;
}

static int misc_set_locked(const int32_t v[MISC_COUNT], unsigned int mask)
{
	for (int i = 0; i < MISC_COUNT; i++) {
		if (!(mask & (1U << i)) || misc_attr[i] == DAEMON_OWN)
			continue;
		int rc = ipcam_ptz_attr_set(ptz, misc_attr[i], v[i]);

		if (rc)
			return rc;
	}
	return 0;
}

/* The saved presets onto a head that just started; the others cleared. */
static void restore_presets_locked(const struct saved_preset saved[SAVED_PRESETS])
{
	unsigned int n = pinfo.num_presets < SAVED_PRESETS ? pinfo.num_presets : SAVED_PRESETS;

	for (unsigned int i = 0; i < n && ptz; i++) {
		int rc = gone_check(ipcam_ptz_preset_restore(ptz, i, saved[i].stored,
							     saved[i].pan, saved[i].tilt));

		if (rc)
			log_warn("PTZ: cannot restore preset %u (%d/%d): %s", i + 1,
				 (int)saved[i].pan, (int)saved[i].tilt, ipcam_strerror(rc));
	}
}

void camera_apply_settings(void)
{
	static const struct { const char *name; int param; } cam[] = {
		{ "resolution", CAM_RESOLUTION }, { "brightness", CAM_BRIGHTNESS },
		{ "contrast", CAM_CONTRAST }, { "mode", CAM_MODE },
		{ "flip", CAM_FLIP }, { "fps", CAM_FPS },
	};
	int camv[ARRAY_SIZE(cam)];
	int32_t misc[MISC_COUNT];
	struct saved_preset saved[SAVED_PRESETS];
	int rc;

	presets_saved_read(saved);
	settings_lock();
	for (size_t i = 0; i < ARRAY_SIZE(cam); i++)
		camv[i] = (int)settings_int(cam[i].name);
	for (int i = 0; i < MISC_COUNT; i++)
		misc[i] = (int32_t)settings_int(cam_misc_names[i]);
	settings_unlock();

	pthread_mutex_lock(&cam_lock);
	if (!have || gone_check(video_get()))
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(cam) && video; i++) {
		rc = gone_check(set_param_locked(cam[i].param, camv[i]));
		if (rc)
			log_warn("camera: cannot apply %s=%d: %s", cam[i].name, camv[i],
				 ipcam_strerror(rc));
	}
	if (ptz) {
		rc = gone_check(misc_set_locked(misc, (1U << MISC_COUNT) - 1));
		if (rc)
			log_warn("PTZ: cannot apply the misc settings: %s", ipcam_strerror(rc));
	}
	if (ptz && ptz_fresh) {
		ptz_fresh = false;
		restore_presets_locked(saved);
		onstart.pending = ptz != NULL;
		onstart.center = misc[MISC_CENTER_ONSTART];
		onstart.centring = false;
		onstart.preset = misc[MISC_PRESET_ONSTART];
		onstart.deadline = mono_now() + START_WAIT_S;
	}
out:
	video_put();
	pthread_mutex_unlock(&cam_lock);
}

/*
 * The start actions, one step per call: wait while the head homes (the
 * kernel centres at probe when the firmware says so), centre it if
 * ptz_center_onstart and it has not been, wait for that, then go to the
 * ptz_preset_onstart preset if it is stored.
 */
static void start_step_locked(void)
{
	struct ipcam_ptz_status st;
	int rc = gone_check(ipcam_ptz_get_status(ptz, &st));

	if (rc) {
		log_warn("PTZ start: no status: %s", ipcam_strerror(rc));
		onstart.pending = false;
		return;
	}
	if (st.state == IPCAM_PTZ_STATE_HOMING && mono_now() < onstart.deadline)
		return;
	if (onstart.center && !onstart.centring && !(st.flags & IPCAM_PTZ_STATUS_HOMED)) {
		onstart.centring = true;
		rc = gone_check(ipcam_ptz_center(ptz));
		if (!rc) {
			log_info("PTZ start: centring the head");
			return;
		}
		log_warn("PTZ start: cannot centre: %s", ipcam_strerror(rc));
		if (!ptz)
			return;
	}
	onstart.pending = false;
	if (onstart.preset < 1 || (unsigned int)onstart.preset > pinfo.num_presets)
		return;
	if (!(st.preset_mask & (1U << (onstart.preset - 1)))) {
		log_info("PTZ start: preset %d is not set", onstart.preset);
		return;
	}
	rc = gone_check(ipcam_ptz_preset_goto(ptz, (unsigned int)onstart.preset - 1));
	if (rc)
		log_warn("PTZ start: cannot go to preset %d: %s", onstart.preset,
			 ipcam_strerror(rc));
	else
		log_info("PTZ start: going to preset %d", onstart.preset);
}

void camera_start_tick(void)
{
	pthread_mutex_lock(&cam_lock);
	if (onstart.pending && ptz)
		start_step_locked();
	pthread_mutex_unlock(&cam_lock);
}

int camera_start_wait_ms(int idle_ms)
{
	bool pending;

	pthread_mutex_lock(&cam_lock);
	pending = onstart.pending && ptz;
	pthread_mutex_unlock(&cam_lock);
	return pending ? 100 : idle_ms;
}

/* ---- life cycle ---- */

void camera_init(const char *configured)
{
	int rc;
	bool opened;

	free(selector);
	selector = xstrdup(configured ? configured : "");
	rc = ipcam_monitor_new(&mon, IPCAM_HOTPLUG_AUTO);
	if (rc) {
		log_warn("no hotplug monitor (%s): looking for the camera every few seconds",
			 ipcam_strerror(rc));
		mon = NULL;
	}
	pthread_mutex_lock(&cam_lock);
	opened = open_selected();
	pthread_mutex_unlock(&cam_lock);
	if (opened)
		camera_apply_settings();
	else
		log_info("no camera yet: the camera CGIs answer 503 until one appears");
}

void camera_shutdown(void)
{
	pthread_mutex_lock(&cam_lock);
	close_all("shutting down");
	pthread_mutex_unlock(&cam_lock);
	if (mon)
		ipcam_monitor_free(mon);
	mon = NULL;
	free(selector);
	selector = NULL;
}

int camera_monitor_fd(void)
{
	return mon ? ipcam_monitor_fd(mon) : -1;
}

/*
 * The camera's PTZ node or sound card came or went (the module registers
 * them after the video node): take the new ones.  True when the settings
 * need applying again (a new PTZ node).
 */
static bool camera_changed_locked(const struct ipcam_camera_info *now)
{
	bool ptz_moved = strcmp(info.ptz_node, now->ptz_node) != 0;

	if (strcmp(info.sound_card, now->sound_card))
		log_info("camera %s: microphone now '%s'", info.name, now->sound_card);
	str_copy(info.sound_card, sizeof(info.sound_card), now->sound_card);
	str_copy(info.sound_syspath, sizeof(info.sound_syspath), now->sound_syspath);
	if (!ptz_moved && (ptz || !now->ptz_node[0]))
		return false;
	str_copy(info.ptz_node, sizeof(info.ptz_node), now->ptz_node);
	str_copy(info.ptz_syspath, sizeof(info.ptz_syspath), now->ptz_syspath);
	log_info("camera %s: PTZ node now '%s'", info.name, info.ptz_node);
	/* cached: a PTZ command turns by it and must not open the node */
	if (ipcam_video_get_setting(video, IPCAM_SETTING_FLIP, &flip_bits))
		flip_bits = -1;
	open_ptz();
	return true;
}

void camera_monitor_process(void)
{
	struct ipcam_hotplug_event ev;
	bool apply = false;

	if (!mon)
		return;
	pthread_mutex_lock(&cam_lock);
	while (ipcam_monitor_read(mon, &ev) == 0) {
		switch (ev.action) {
		case IPCAM_HOTPLUG_ADDED:
			log_debug("hotplug: %s added", ev.camera.video_node);
			if (open_selected())
				apply = true;
			break;
		case IPCAM_HOTPLUG_REMOVED:
			log_debug("hotplug: %s removed", ev.camera.video_node);
			if (have && !strcmp(ev.camera.video_node, info.video_node))
				close_all("removed");
			break;
		case IPCAM_HOTPLUG_CHANGED:
			if (have && !strcmp(ev.camera.video_node, info.video_node))
				apply |= camera_changed_locked(&ev.camera);
			break;
		}
	}
	pthread_mutex_unlock(&cam_lock);
	if (apply)
		camera_apply_settings();
}

void camera_rescan(void)
{
	bool opened;

	pthread_mutex_lock(&cam_lock);
	/* at most every few seconds: a failing camera is not hammered */
	if (mono_now() - last_scan < 4.5) {
		pthread_mutex_unlock(&cam_lock);
		return;
	}
	last_scan = mono_now();
	opened = open_selected();
	pthread_mutex_unlock(&cam_lock);
	if (opened)
		camera_apply_settings();
}

bool camera_present(void)
{
	bool p;

	pthread_mutex_lock(&cam_lock);
	p = have;
	pthread_mutex_unlock(&cam_lock);
	return p;
}

bool camera_has_ptz(void)
{
	bool p;

	pthread_mutex_lock(&cam_lock);
	p = have && ptz;
	pthread_mutex_unlock(&cam_lock);
	return p;
}

int camera_module_api(unsigned int *ptz_api, uint32_t *v4l2_caps)
{
	int rc = 0;

	pthread_mutex_lock(&cam_lock);
	if (have) {
		*ptz_api = ptz ? pinfo.version : 0;
		*v4l2_caps = info.device_caps;
	} else {
		rc = -ENODEV;
	}
	pthread_mutex_unlock(&cam_lock);
	return rc;
}

bool camera_has_microphone(void)
{
	bool m;

	pthread_mutex_lock(&cam_lock);
	m = have && info.sound_card[0];
	pthread_mutex_unlock(&cam_lock);
	return m;
}

/* The microphone of the camera open now, through libipcam (mic.h). */
static int mic_open(void *ctx, void **handle)
{
	struct ipcam_camera_info ci;
	struct ipcam_audio *a;
	int rc;

	(void)ctx;
	pthread_mutex_lock(&cam_lock);
	rc = have && info.sound_card[0] ? 0 : -ENODEV;
	ci = info;
	pthread_mutex_unlock(&cam_lock);
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

int camera_get_params(struct cam_params *p)
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

	pthread_mutex_lock(&cam_lock);
	if (!have) {
		rc = -ENODEV;
		goto out;
	}
	rc = gone_check(video_get());
	if (rc)
		goto out;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		int r = i < ARRAY_SIZE(ids) ? ipcam_video_get_setting(video, ids[i], field[i]) :
					      get_fps_code(field[i]);

		if (r == -ENODEV || (r && r != -EOPNOTSUPP && r != -ERANGE && r != -EINVAL &&
				     r != -ENOTTY)) {
			rc = gone_check(r);
			break;
		}
		if (r)
			*field[i] = stored[i];
	}
out:
	video_put();
	pthread_mutex_unlock(&cam_lock);
	return rc;
}

int camera_set_param(int param, int value)
{
	int rc;

	pthread_mutex_lock(&cam_lock);
	rc = !have ? -ENODEV : gone_check(video_get());
	if (!rc)
		rc = gone_check(set_param_locked(param, value));
	video_put();
	pthread_mutex_unlock(&cam_lock);
	return rc;
}

int camera_flip_state(void)
{
	int v;

	/* the cache: never the video node (a PTZ command must not wait on it) */
	pthread_mutex_lock(&cam_lock);
	v = have && flip_bits >= 0 ? flip_bits : 0;
	pthread_mutex_unlock(&cam_lock);
	return v;
}

/* ---- PTZ ---- */

/* Run OP with the PTZ handle under the lock: -ENODEV / -EOPNOTSUPP first. */
#define WITH_PTZ(expr) \
	do { \
		int rc_; \
		pthread_mutex_lock(&cam_lock); \
		if (!have) \
			rc_ = -ENODEV; \
		else if (!ptz) \
			rc_ = -EOPNOTSUPP; \
		else \
			rc_ = gone_check(expr); \
		pthread_mutex_unlock(&cam_lock); \
		return rc_; \
	} while (0)

int camera_misc_get(int32_t v[MISC_COUNT])
{
	int rc = 0;

	settings_lock();
	for (int i = 0; i < MISC_COUNT; i++)
		if (misc_attr[i] == DAEMON_OWN)
			v[i] = (int32_t)settings_int(cam_misc_names[i]);
	settings_unlock();
	pthread_mutex_lock(&cam_lock);
	if (!have)
		rc = -ENODEV;
	else if (!ptz)
		rc = -EOPNOTSUPP;
	for (int i = 0; !rc && i < MISC_COUNT; i++)
		if (misc_attr[i] != DAEMON_OWN)
			rc = gone_check(ipcam_ptz_attr_get(ptz, misc_attr[i], &v[i]));
	pthread_mutex_unlock(&cam_lock);
	return rc;
}

int camera_misc_set(const int32_t v[MISC_COUNT], unsigned int mask)
{
	WITH_PTZ(misc_set_locked(v, mask));
}

static int alarm_input_locked(int *level)
{
	int32_t v = 0;
	int rc = ipcam_ptz_attr_get(ptz, IPCAM_PTZ_ATTR_ALARM_INPUT, &v);

	*level = v;
	return rc;
}

int camera_alarm_input(int *level)
{
	WITH_PTZ(alarm_input_locked(level));
}

int camera_ptz_event_fd(void)
{
	int fd;

	pthread_mutex_lock(&cam_lock);
	fd = have && ptz ? ipcam_ptz_fd(ptz) : -1;
	pthread_mutex_unlock(&cam_lock);
	return fd;
}

static int ptz_events_locked(struct ptz_news *news)
{
	struct ipcam_ptz_event ev;
	int rc;

	memset(news, 0, sizeof(*news));
	while ((rc = ipcam_ptz_read_event(ptz, &ev)) == 0) {
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

int camera_ptz_events(struct ptz_news *news)
{
	WITH_PTZ(ptz_events_locked(news));
}

static int busy_locked(void)
{
	struct ipcam_ptz_status st;
	int rc = ipcam_ptz_get_status(ptz, &st);

	return rc ? rc : st.state != IPCAM_PTZ_STATE_IDLE;
}

int camera_ptz_busy(void)
{
	WITH_PTZ(busy_locked());
}

int camera_ptz_move(int pan, int tilt)
{
	uint32_t mask = (pan ? IPCAM_PTZ_PAN : 0) | (tilt ? IPCAM_PTZ_TILT : 0);

	/* rate 0: the device's up/down/left/right rates apply */
	WITH_PTZ(ipcam_ptz_move_continuous(ptz, mask, pan, tilt, 0));
}

static int32_t degrees_to_steps(int axis, int degrees)
{
	double steps = (double)degrees * pinfo.axis[axis].steps_per_rev / 360.0;
	int32_t s = (int32_t)lround(steps);

	return s < 1 ? 1 : s;
}

static int step_locked(int pan, int tilt, int degrees)
{
	uint32_t mask = (pan ? IPCAM_PTZ_PAN : 0) | (tilt ? IPCAM_PTZ_TILT : 0);

	return ipcam_ptz_move_relative(ptz, mask,
				       pan * degrees_to_steps(IPCAM_PTZ_AXIS_PAN, degrees),
				       tilt * degrees_to_steps(IPCAM_PTZ_AXIS_TILT, degrees),
				       0);
}

int camera_ptz_step(int pan, int tilt, int degrees)
{
	WITH_PTZ(step_locked(pan, tilt, degrees));
}

int camera_ptz_stop(void)
{
	WITH_PTZ(ipcam_ptz_stop(ptz, IPCAM_PTZ_ALL_AXES));
}

int camera_ptz_center(void)
{
	WITH_PTZ(ipcam_ptz_center(ptz));
}

static int patrol_locked(int axis, bool start)
{
	uint32_t mask = axis == 0 ? IPCAM_PTZ_PAN : IPCAM_PTZ_TILT;
	int32_t rounds = 0;
	int rc;

	if (!start)
		return ipcam_ptz_stop(ptz, mask);
	rc = ipcam_ptz_attr_get(ptz, axis == 0 ? IPCAM_PTZ_ATTR_PATROL_H_ROUNDS :
				IPCAM_PTZ_ATTR_PATROL_V_ROUNDS, &rounds);
	if (rc)
		return rc;
	return ipcam_ptz_patrol(ptz, mask, (uint32_t)rounds);
}

int camera_ptz_patrol(int axis, bool start)
{
	WITH_PTZ(patrol_locked(axis, start));
}

static int preset_locked(int preset, bool set)
{
	if (preset < 1 || (unsigned int)preset > pinfo.num_presets)
		return -EINVAL;
	return set ? ipcam_ptz_preset_set(ptz, (unsigned int)preset - 1) :
		     ipcam_ptz_preset_goto(ptz, (unsigned int)preset - 1);
}

int camera_ptz_preset(int preset, bool set)
{
	WITH_PTZ(preset_locked(preset, set));
}

static int preset_position_locked(int preset, int32_t *pan, int32_t *tilt)
{
	if (preset < 1 || (unsigned int)preset > pinfo.num_presets)
		return -EINVAL;
	return ipcam_ptz_preset_get(ptz, (unsigned int)preset - 1, pan, tilt);
}

int camera_ptz_preset_position(int preset, int32_t *pan, int32_t *tilt)
{
	WITH_PTZ(preset_position_locked(preset, pan, tilt));
}

int camera_ptz_selftest(void)
{
	WITH_PTZ(ipcam_ptz_selftest(ptz));
}

int camera_io_output(int level)
{
	WITH_PTZ(ipcam_ptz_attr_set(ptz, IPCAM_PTZ_ATTR_IO_OUTPUT, level));
}

int camera_ptz_presets(void)
{
	int n;

	pthread_mutex_lock(&cam_lock);
	n = have && ptz ? (int)pinfo.num_presets : 0;
	pthread_mutex_unlock(&cam_lock);
	return n;
}

/* ---- capture: the stream hub's frame source (frame_source.h) ---- */

/* Arm or disarm the running capture's detector as asked (cam_lock held). */
static void motion_arm_locked(void)
{
	int rc;

	if (!capturing || !video)
		return;
	if (!motion.armed) {
		if (ipcam_motion_hardware(video) >= 0)
			ipcam_motion_disarm(video);
		return;
	}
	rc = ipcam_motion_arm(video, &motion.cfg);
	if (rc) {
		char why[256];

		/* the message first: a device gone closes the handle */
		str_copy(why, sizeof(why), ipcam_video_last_error(video));
		gone_check(rc);
		log_warn("motion detection: %s", why);
	} else {
		log_info("motion detection armed (%s, threshold %u)",
			 ipcam_motion_hardware(video) ? "the sensor's" : "software",
			 motion.cfg.threshold);
	}
}

#define MOTION_BATCH 8

/* Take the detector's events (cam_lock held). */
static int motion_collect_locked(struct ipcam_motion_event *ev, int max)
{
	int n = 0;

	if (!motion.armed || !video || ipcam_motion_hardware(video) < 0)
		return 0;
	while (n < max && ipcam_motion_read(video, &ev[n]) == 0)
		n++;
	return n;
}

/* Hand detector events to the sink (cam_lock not held). */
static void motion_deliver(const struct ipcam_motion_event *ev, int n)
{
	pthread_mutex_lock(&motion.sink_lock);
	for (int i = 0; i < n && motion.sink; i++)
		motion.sink(motion.ctx, ev[i].regions, ev[i].sequence);
	pthread_mutex_unlock(&motion.sink_lock);
}

static void motion_set_sink(camera_motion_sink sink, void *ctx)
{
	pthread_mutex_lock(&motion.sink_lock);
	motion.sink = sink;
	motion.ctx = ctx;
	pthread_mutex_unlock(&motion.sink_lock);
}

void camera_motion_set(bool armed, unsigned int threshold, bool compensate,
		       camera_motion_sink sink, void *ctx)
{
	if (armed)
		motion_set_sink(sink, ctx);	/* before the first event */
	pthread_mutex_lock(&cam_lock);
	motion.armed = armed;
	memset(&motion.cfg, 0, sizeof(motion.cfg));
	motion.cfg.threshold = threshold;
	motion.cfg.compensate = compensate;
	motion_arm_locked();
	pthread_mutex_unlock(&cam_lock);
	if (!armed)
		motion_set_sink(NULL, NULL);
}

static bool cap_available(void *ctx)
{
	(void)ctx;
	return camera_present();
}

/* The capture's format: WIDTH x HEIGHT in a format the encoder takes. */
static int cap_format_locked(uint32_t width, uint32_t height, struct ipcam_format *fmt)
{
	int rc = gone_check(ipcam_video_get_format(video, fmt));

	if (rc || (fmt->width == width && fmt->height == height &&
		   encoder_stage_accepts(fmt->fourcc)))
		return rc;
	if (!encoder_stage_accepts(fmt->fourcc))
		fmt->fourcc = V4L2_PIX_FMT_YUV420;	/* libv4l2 converts */
	fmt->width = width;
	fmt->height = height;
	/* the driver may pick the nearest size: the encoder stage scales from it */
	rc = gone_check(ipcam_video_set_format(video, fmt));
	if (!rc && !encoder_stage_accepts(fmt->fourcc))
		rc = -EOPNOTSUPP;
	return rc;
}

static int cap_start(void *ctx, uint32_t width, uint32_t height, double fps)
{
	struct ipcam_format fmt;
	int rc;

	(void)ctx;
	pthread_mutex_lock(&cam_lock);
	rc = !have ? -ENODEV : gone_check(video_get());
	if (rc)
		goto out;
	rc = cap_format_locked(width, height, &fmt);
	if (rc)
		goto out;
	capturing = true;
	capture_fps = fps;
	rc = gone_check(apply_rate_locked());
	if (rc)
		goto out;
	rc = gone_check(ipcam_video_start(video, 4));
	if (rc)
		goto out;
	motion_arm_locked();
	log_info("capture started: %ux%u %.4s", fmt.width, fmt.height, (const char *)&fmt.fourcc);
out:
	if (rc) {
		capturing = false;
		video_put();
	}
	pthread_mutex_unlock(&cam_lock);
	return rc;
}

static int cap_set_rate(void *ctx, double fps)
{
	int rc = -ENODEV;

	(void)ctx;
	pthread_mutex_lock(&cam_lock);
	if (capturing && video) {
		capture_fps = fps;
		rc = gone_check(apply_rate_locked());
	}
	pthread_mutex_unlock(&cam_lock);
	return rc;
}

static void cap_stop(void *ctx)
{
	/* the detector ends with the capture: a motion it saw has ended */
	struct ipcam_motion_event end = { 0 };
	bool detecting;

	(void)ctx;
	pthread_mutex_lock(&cam_lock);
	detecting = capturing && motion.armed;
	if (capturing)
		log_info("capture stopped: the video node is closed");
	if (video && ipcam_motion_hardware(video) >= 0)
		ipcam_motion_disarm(video);	/* the device's detector rests too */
	if (video)
		ipcam_video_stop(video);
	capturing = false;
	capture_fps = 0;
	if (video)
		apply_rate_locked();	/* back to the rate camera_control set */
	video_put();
	pthread_mutex_unlock(&cam_lock);
	if (detecting)
		motion_deliver(&end, 1);
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
	struct ipcam_frame newer;
	struct pollfd pfd;
	int rc;

	(void)ctx;
	pthread_mutex_lock(&cam_lock);
	if (!capturing || !video) {
		pthread_mutex_unlock(&cam_lock);
		return -ENODEV;
	}
	pfd.fd = ipcam_video_fd(video);
	pfd.events = POLLIN;
	pthread_mutex_unlock(&cam_lock);
	/* wait without the lock: the CGIs keep working meanwhile */
	if (poll(&pfd, 1, timeout_ms) == 0)
		return -EAGAIN;
	pthread_mutex_lock(&cam_lock);
	if (!capturing || !video) {
		pthread_mutex_unlock(&cam_lock);
		return -ENODEV;
	}
	rc = ipcam_video_dequeue(video, fr);
	/*
	 * Drain to the newest frame: a late encode never sends an old picture.
	 * Only while poll() says a frame is ready: a DQBUF that finds none
	 * makes libv4l2 print an error on stderr (the journal, under systemd),
	 * once a frame.
	 */
	while (!rc && frame_ready(pfd.fd) && ipcam_video_dequeue(video, &newer) == 0) {
		ipcam_video_requeue(video, fr);
		*fr = newer;
	}
	if (rc)
		rc = rc == -EAGAIN ? -EAGAIN : gone_check(rc);
	else
		frame_out = true;	/* encoded outside the lock, until cap_put() */
	pthread_mutex_unlock(&cam_lock);
	return rc;
}

static int cap_put(void *ctx, struct ipcam_frame *fr)
{
	struct ipcam_motion_event ev[MOTION_BATCH];
	int rc = -ENODEV, nev = 0;

	(void)ctx;
	pthread_mutex_lock(&cam_lock);
	frame_out = false;
	if (retired) {
		/* the device went while the frame was out: its handle ends now */
		ipcam_video_close(retired);
		retired = NULL;
	} else if (video) {
		rc = gone_check(ipcam_video_requeue(video, fr));
		nev = motion_collect_locked(ev, MOTION_BATCH);
	}
	pthread_mutex_unlock(&cam_lock);
	/* outside the lock: the sink may call back into the camera */
	motion_deliver(ev, nev);
	return rc;
}

const struct frame_source_ops camera_source_ops = {
	cap_available, cap_start, cap_set_rate, cap_get, cap_put, cap_stop,
};

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device adapter: the daemon's only caller of libipcam.  One camera
 * (a video node and, when present, its PTZ node) at a time, opened when it
 * appears and closed when it goes; all access under cam->lock.  This file:
 * the object, hotplug, opening and closing (camera_priv.h lists the rest).
 */
#include "camera.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <ipcam.h>

#include "camera_priv.h"
#include "log.h"
#include "mic.h"
#include "settings.h"
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
const enum ipcam_ptz_attr camera_misc_attr[MISC_COUNT] = {
	IPCAM_PTZ_ATTR_LED_MODE, DAEMON_OWN,
	IPCAM_PTZ_ATTR_AUTO_PATROL_INTERVAL, IPCAM_PTZ_ATTR_PATROL_TYPE,
	IPCAM_PTZ_ATTR_PATROL_H_ROUNDS, IPCAM_PTZ_ATTR_PATROL_V_ROUNDS,
	IPCAM_PTZ_ATTR_PATROL_RATE, IPCAM_PTZ_ATTR_UP_RATE,
	IPCAM_PTZ_ATTR_DOWN_RATE, IPCAM_PTZ_ATTR_LEFT_RATE,
	IPCAM_PTZ_ATTR_RIGHT_RATE, IPCAM_PTZ_ATTR_PRESETS_DISABLED,
	DAEMON_OWN,
};

/*
 * The video node is open only while something uses it: a CGI call (for
 * the length of the call) or the capture.  At rest the daemon holds no
 * /dev/video fd (the driver may power the sensor down; nothing polls it).
 */
int camera_video_get(struct camera *cam)
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

void camera_video_put(struct camera *cam)
{
	if (cam->video && !cam->capturing) {
		ipcam_video_close(cam->video);
		cam->video = NULL;
	}
}

/* Opening and closing (cam->lock held). */

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
int camera_gone_check(struct camera *cam, int rc)
{
	if (rc == -ENODEV)
		close_all(cam, "the device has gone");
	return rc;
}

struct camera *camera_new(const char *configured)
{
	struct camera *cam = xcalloc(1, sizeof(*cam));
	int rc;
	bool opened;

	pthread_mutex_init(&cam->lock, NULL);
	pthread_mutex_init(&cam->motion.sink_lock, NULL);
	cam->fps_code = -1;
	cam->flip_bits = -1;
	cam->step_degrees = PTZ_STEP_DEFAULT;
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

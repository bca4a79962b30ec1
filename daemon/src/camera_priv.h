/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the files of the device adapter share, and nothing else of the
 * daemon sees (it has camera.h): the camera object and the helpers the
 * files call across.
 *
 *   camera.c		the object, hotplug, opening and closing the nodes,
 *			the microphone's source
 *   camera_settings.c	the picture settings, the frame rate, the start actions
 *   camera_ptz.c	the head: moves, presets, misc attributes, events
 *   camera_capture.c	the V4L2 frame source of the hub, motion detection
 *
 * Every handle belongs to one thread at a time: all of it under cam->lock
 * (functions named _locked expect it held).
 */
#ifndef IPCAMD_CAMERA_PRIV_H
#define IPCAMD_CAMERA_PRIV_H

#include <pthread.h>
#include <stdbool.h>

#include <ipcam.h>

#include "camera.h"

/*
 * Where each misc setting lives: a sysfs attribute of the head, or
 * DAEMON_OWN for what the daemon does itself when the camera starts.
 */
#define DAEMON_OWN IPCAM_PTZ_ATTR_COUNT
extern const enum ipcam_ptz_attr camera_misc_attr[MISC_COUNT];

/* How long the start actions wait for a head that is homing. */
#define START_WAIT_S 120.0

/* The step of onestep moves until decoder_control sets one, in degrees. */
#define PTZ_STEP_DEFAULT 5


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
	int step_degrees;		/* of onestep moves: kept until the daemon stops */

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
 * the length of the call) or the capture.  camera_video_get() opens it if
 * it is not; camera_video_put() closes it unless the capture runs.
 */
int camera_video_get(struct camera *cam);
void camera_video_put(struct camera *cam);
/* A device call failed with RC: drop the handles when the device has gone. */
int camera_gone_check(struct camera *cam, int rc);
/* Set the misc settings whose MASK bit is set on the head's attributes. */
int camera_misc_set_locked(struct camera *cam, const int32_t v[MISC_COUNT], unsigned int mask);
/*
 * The device's frame rate: the one camera_control set, or slower while
 * the capture runs for consumers that all want fewer frames.
 */
int camera_apply_rate_locked(struct camera *cam);

#endif

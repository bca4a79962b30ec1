/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The camera as the CGIs see it.  This file and camera.c are the only
 * device-facing code of the daemon; they call libipcam and nothing else.
 * One struct camera holds the device's handles and state; every function
 * takes its lock: the handles belong to one thread at a time, and the main
 * loop swaps them on hotplug.  A NULL camera is one that is never there
 * (-ENODEV, false, no fd), for requests that come with none.
 *
 * Errors are negative errno values: -ENODEV no camera (or it went away),
 * -EOPNOTSUPP the camera lacks that (no PTZ head, no such control),
 * -EINVAL the device refused the value, -EPERM presets disabled.
 */
#ifndef IPCAMD_CAMERA_H
#define IPCAMD_CAMERA_H

#include <stdbool.h>
#include <stdint.h>

/* get_camera_params.cgi, in SDK units */
struct cam_params {
	int resolution;
	int brightness;
	int contrast;
	int mode;
	int flip;
	int fps;		/* SDK rate code of the frame interval, 0 = full speed */
};

/* SDK camera_control params (settings table keys) */
enum cam_param {
	CAM_RESOLUTION = 0,
	CAM_BRIGHTNESS = 1,
	CAM_CONTRAST = 2,
	CAM_MODE = 3,
	CAM_FLIP = 5,
	CAM_FPS = 6,
};

/* The misc settings (get_misc.cgi order) */
enum cam_misc {
	MISC_LED_MODE,
	MISC_CENTER_ONSTART,
	MISC_AUTO_PATROL_INTERVAL,
	MISC_AUTO_PATROL_TYPE,
	MISC_PATROL_H_ROUNDS,
	MISC_PATROL_V_ROUNDS,
	MISC_PATROL_RATE,
	MISC_UP_RATE,
	MISC_DOWN_RATE,
	MISC_LEFT_RATE,
	MISC_RIGHT_RATE,
	MISC_DISABLE_PRESET,
	MISC_PRESET_ONSTART,
	MISC_COUNT
};

/* The settings-table name of each misc setting. */
extern const char *const cam_misc_names[MISC_COUNT];

struct camera;

/*
 * Start watching for the camera (CONFIGURED: which one, "" = the first) and
 * open it when it is there.  Never fails: without a camera or without a
 * hotplug monitor the daemon runs and camera_monitor_fd() says what to watch.
 */
struct camera *camera_new(const char *configured);
/* Close the camera and stop watching; NULL is allowed. */
void camera_free(struct camera *cam);

/* The hotplug monitor's fd (-1 without one: call camera_rescan() now and then). */
int camera_monitor_fd(struct camera *cam);
/* Handle the monitor's events (fd readable). */
void camera_monitor_process(struct camera *cam);
/* Look for the camera again if none is open (no monitor, or after an error). */
void camera_rescan(struct camera *cam);

/*
 * The start actions (centre on start, preset on start) of a camera that
 * has just appeared: call camera_start_tick() from the main loop, at most
 * camera_start_wait_ms(IDLE_MS) milliseconds apart.
 */
void camera_start_tick(struct camera *cam);
int camera_start_wait_ms(struct camera *cam, int idle_ms);

bool camera_present(struct camera *cam);
bool camera_has_ptz(struct camera *cam);
/* The camera has a microphone (an ALSA card next to its video node). */
bool camera_has_microphone(struct camera *cam);
/* What the camera's module offers: its PTZ API version (0: no PTZ node)
 * and the video node's V4L2 device caps.  -ENODEV without a camera. */
int camera_module_api(struct camera *cam, unsigned int *ptz_api, uint32_t *v4l2_caps);

int camera_get_params(struct camera *cam, struct cam_params *p);
/* PARAM: enum cam_param; VALUE in SDK units (validated by the table). */
int camera_set_param(struct camera *cam, int param, int value);

/* Misc settings on the PTZ node's sysfs attributes. */
int camera_misc_get(struct camera *cam, int32_t v[MISC_COUNT]);
/* Set the misc settings whose MASK bit (1 << enum cam_misc) is set. */
int camera_misc_set(struct camera *cam, const int32_t v[MISC_COUNT], unsigned int mask);

/* Alarm input level (0/1). */
int camera_alarm_input(struct camera *cam, int *level);

/*
 * The head's event queue, for the alarm engine: the fd to poll (-1 without
 * a head), and what its queued events tell, drained: 0 or a negative errno.
 */
struct ptz_news {
	bool alarm;		/* the alarm input changed ... */
	int alarm_level;	/* ... last to this level */
	bool moved;		/* a move (or patrol, homing) ended */
};
int camera_ptz_event_fd(struct camera *cam);
int camera_ptz_events(struct camera *cam, struct ptz_news *news);
/* 1 while the head moves (a move, patrol, homing, self-test), 0 at rest. */
int camera_ptz_busy(struct camera *cam);

/*
 * Motion detection on the capture (whenever it runs): armed with THRESHOLD
 * (1..254) and COMPENSATE, or disarmed.  SINK gets each detector event from
 * the capture thread, outside the camera's lock: REGIONS 0 is the end.
 */
typedef void (*camera_motion_sink)(void *ctx, uint32_t regions, uint32_t sequence);
void camera_motion_set(struct camera *cam, bool armed, unsigned int threshold,
		       bool compensate, camera_motion_sink sink, void *ctx);

/* decoder_control.cgi */
enum ptz_dir { DIR_NONE = 0, DIR_NEG = -1, DIR_POS = 1 };
/* Continuous move: pan/tilt in -1/0/+1 (the device's mirror/flip applied
 * by the caller: see camera_flip_state()). */
int camera_ptz_move(struct camera *cam, int pan, int tilt);
/*
 * One step in the given directions, of the camera's step size: 5 degrees
 * until decoder_control's degree=D sets another with
 * camera_ptz_set_step_size(), kept while the daemon runs (a camera
 * unplugged and back included).
 */
int camera_ptz_step(struct camera *cam, int pan, int tilt);
void camera_ptz_set_step_size(struct camera *cam, int degrees);
int camera_ptz_stop(struct camera *cam);
int camera_ptz_center(struct camera *cam);
/* Patrol: axis 0 pan (horizontal), 1 tilt (vertical); start or stop. */
int camera_ptz_patrol(struct camera *cam, int axis, bool start);
/* PRESET: 1..16 */
int camera_ptz_preset(struct camera *cam, int preset, bool set);
/* Where preset PRESET (1..16) is stored on the head; -ENOENT if it is not. */
int camera_ptz_preset_position(struct camera *cam, int preset, int32_t *pan, int32_t *tilt);
int camera_ptz_selftest(struct camera *cam);
int camera_io_output(struct camera *cam, int level);
/* Number of presets of the head (0 without PTZ). */
int camera_ptz_presets(struct camera *cam);
/*
 * The flip/mirror state of the picture (IPCAM_FLIP_* bits), 0 if unknown:
 * read when the camera opens and kept by camera_set_param(), so a PTZ
 * command never opens the video node for it.
 */
int camera_flip_state(struct camera *cam);

/* Re-apply the stored camera and misc settings to the device. */
void camera_apply_settings(struct camera *cam);

/* The camera's video node as the stream hub's frame source (frame_source.h);
 * its ctx is the struct camera. */
struct frame_source_ops;
extern const struct frame_source_ops camera_source_ops;
/* The camera's microphone as the source of mic.h (-ENODEV when none); its
 * ctx is the struct camera. */
struct mic_source_ops;
extern const struct mic_source_ops camera_mic_ops;

#endif

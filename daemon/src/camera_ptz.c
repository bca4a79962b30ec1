// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The camera's head: moves, steps, patrols, presets, the misc settings on
 * its sysfs attributes, the alarm input and IO output, its event queue.
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
#include "settings.h"
#include "util.h"

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
			rc_ = camera_gone_check(cam, expr); \
		pthread_mutex_unlock(&cam->lock); \
		return rc_; \
	} while (0)

int camera_misc_set_locked(struct camera *cam, const int32_t v[MISC_COUNT], unsigned int mask)
{
	for (int i = 0; i < MISC_COUNT; i++) {
		if (!(mask & (1U << i)) || camera_misc_attr[i] == DAEMON_OWN)
			continue;
		int rc = ipcam_ptz_attr_set(cam->ptz, camera_misc_attr[i], v[i]);

		if (rc)
			return rc;
	}
	return 0;
}

/* The saved presets onto a head that just started; the others cleared. */
int camera_misc_get(struct camera *cam, int32_t v[MISC_COUNT])
{
	int rc = 0;

	settings_lock();
	for (int i = 0; i < MISC_COUNT; i++)
		if (camera_misc_attr[i] == DAEMON_OWN)
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
		if (camera_misc_attr[i] != DAEMON_OWN)
			rc = camera_gone_check(cam, ipcam_ptz_attr_get(cam->ptz, camera_misc_attr[i], &v[i]));
	pthread_mutex_unlock(&cam->lock);
	return rc;
}

int camera_misc_set(struct camera *cam, const int32_t v[MISC_COUNT], unsigned int mask)
{
	WITH_PTZ(camera_misc_set_locked(cam, v, mask));
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

static int step_locked(struct camera *cam, int pan, int tilt)
{
	int degrees = cam->step_degrees;
	uint32_t mask = (pan ? IPCAM_PTZ_PAN : 0) | (tilt ? IPCAM_PTZ_TILT : 0);

	return ipcam_ptz_move_relative(cam->ptz, mask,
				       pan * degrees_to_steps(cam, IPCAM_PTZ_AXIS_PAN, degrees),
				       tilt * degrees_to_steps(cam, IPCAM_PTZ_AXIS_TILT, degrees),
				       0);
}

int camera_ptz_step(struct camera *cam, int pan, int tilt)
{
	WITH_PTZ(step_locked(cam, pan, tilt));
}

void camera_ptz_set_step_size(struct camera *cam, int degrees)
{
	if (!cam)
		return;
	pthread_mutex_lock(&cam->lock);
	cam->step_degrees = degrees;
	pthread_mutex_unlock(&cam->lock);
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

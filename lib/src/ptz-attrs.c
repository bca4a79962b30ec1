// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The sysfs attributes of /sys/class/misc/ptzN/ (documented in
 * kmod/Documentation/ABI/testing/sysfs-class-misc-ipcam-ptz), as typed
 * integers.  Ranges are checked here before anything is written, so an
 * out-of-range value never reaches the kernel and the caller learns which
 * range it broke.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ptz-priv.h"

static const struct ipcam_ptz_attr_desc attrs[IPCAM_PTZ_ATTR_COUNT] = {
	[IPCAM_PTZ_ATTR_PAN_POSITION] = { "pan_position", INT32_MIN, INT32_MAX, 0 },
	[IPCAM_PTZ_ATTR_TILT_POSITION] = { "tilt_position", INT32_MIN, INT32_MAX, 0 },
	[IPCAM_PTZ_ATTR_STATE] = { "state", IPCAM_PTZ_STATE_IDLE,
				   IPCAM_PTZ_STATE_SELFTEST, 0 },
	[IPCAM_PTZ_ATTR_PATROL_TYPE] = { "patrol_type", 0, 3, 1 },
	[IPCAM_PTZ_ATTR_AUTO_PATROL_INTERVAL] = { "auto_patrol_interval", 0, 3600, 1 },
	[IPCAM_PTZ_ATTR_PATROL_H_ROUNDS] = { "patrol_h_rounds", 0, 255, 1 },
	[IPCAM_PTZ_ATTR_PATROL_V_ROUNDS] = { "patrol_v_rounds", 0, 255, 1 },
	[IPCAM_PTZ_ATTR_PATROL_RATE] = { "patrol_rate", 0, 100, 1 },
	[IPCAM_PTZ_ATTR_UP_RATE] = { "up_rate", 0, 100, 1 },
	[IPCAM_PTZ_ATTR_DOWN_RATE] = { "down_rate", 0, 100, 1 },
	[IPCAM_PTZ_ATTR_LEFT_RATE] = { "left_rate", 0, 100, 1 },
	[IPCAM_PTZ_ATTR_RIGHT_RATE] = { "right_rate", 0, 100, 1 },
	[IPCAM_PTZ_ATTR_CENTER_ON_START] = { "center_on_start", 0, 1, 0 },
	[IPCAM_PTZ_ATTR_PRESETS_DISABLED] = { "presets_disabled", 0, 1, 1 },
	[IPCAM_PTZ_ATTR_LED_MODE] = { "led_mode", 0, 2, 1 },
	[IPCAM_PTZ_ATTR_IO_OUTPUT] = { "io_output", 0, 1, 1 },
	[IPCAM_PTZ_ATTR_ALARM_INPUT] = { "alarm_input", 0, 1, 0 },
};

/* The words of the "state" attribute, indexed by IPCAM_PTZ_STATE_*. */
static const char *const states[] = {
	[IPCAM_PTZ_STATE_IDLE] = "idle",
	[IPCAM_PTZ_STATE_MOVING] = "moving",
	[IPCAM_PTZ_STATE_HOMING] = "homing",
	[IPCAM_PTZ_STATE_PATROL] = "patrol",
	[IPCAM_PTZ_STATE_SELFTEST] = "selftest",
};

const struct ipcam_ptz_attr_desc *ipcam_ptz_attr_describe(enum ipcam_ptz_attr attr)
{
	if ((unsigned int)attr >= IPCAM_PTZ_ATTR_COUNT)
		return NULL;
	return &attrs[attr];
}

int ipcam_ptz_parse_state(const char *text, int32_t *state)
{
	size_t len = strcspn(text, "\n");
	size_t i;

	/* Only one trailing newline may follow the word. */
	if (text[len] == '\n' && text[len + 1] != '\0')
		return -EPROTO;
	for (i = 0; i < ARRAY_SIZE(states); i++) {
		if (strlen(states[i]) == len && !strncmp(text, states[i], len)) {
			*state = (int32_t)i;
			return 0;
		}
	}
	return -EPROTO;
}

static int attr_failed(struct ipcam_ptz *ptz, int err, const char *op,
		       const char *name)
{
	if (err == -ENODEV)
		ptz->gone = 1;
	return ipcam_fail(ptz->err, err, "%s %s/%s", op, ptz->sysfs, name);
}

int ipcam_ptz_attr_get(struct ipcam_ptz *ptz, enum ipcam_ptz_attr attr,
		       int32_t *value)
{
	const struct ipcam_ptz_attr_desc *d = ipcam_ptz_attr_describe(attr);
	char buf[32];
	int err;

	if (!d)
		return ipcam_fail(ptz->err, -EINVAL, "attribute %d", (int)attr);
	if (ptz->gone)
		return attr_failed(ptz, -ENODEV, "read", d->name);
	err = ipcam_sysfs_read(ptz->sysfs, d->name, buf, sizeof(buf));
	if (err < 0)
		return attr_failed(ptz, err, "read", d->name);
	if (attr == IPCAM_PTZ_ATTR_STATE)
		err = ipcam_ptz_parse_state(buf, value);
	else
		err = ipcam_sysfs_parse_int(buf, d->min, d->max, value);
	if (err)
		/* The kernel broke its documented ABI: say what it printed. */
		return ipcam_fail(ptz->err, -EPROTO, "%s/%s holds \"%.*s\", not %s",
				  ptz->sysfs, d->name, (int)strcspn(buf, "\n"), buf,
				  attr == IPCAM_PTZ_ATTR_STATE ?
				  "a known state" : "an integer in range");
	return 0;
}

int ipcam_ptz_attr_set(struct ipcam_ptz *ptz, enum ipcam_ptz_attr attr,
		       int32_t value)
{
	const struct ipcam_ptz_attr_desc *d = ipcam_ptz_attr_describe(attr);
	char buf[16];
	int err;

	if (!d)
		return ipcam_fail(ptz->err, -EINVAL, "attribute %d", (int)attr);
	if (!d->writable)
		return ipcam_fail(ptz->err, -EPERM, "%s is read-only", d->name);
	if (value < d->min || value > d->max)
		return ipcam_fail(ptz->err, -EINVAL, "%s: %d is outside %d..%d",
				  d->name, value, d->min, d->max);
	if (ptz->gone)
		return attr_failed(ptz, -ENODEV, "write", d->name);
	snprintf(buf, sizeof(buf), "%d\n", value);
	err = ipcam_sysfs_write(ptz->sysfs, d->name, buf);
	if (err)
		return attr_failed(ptz, err, "write", d->name);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A recording stand-in for libipcam, linked instead of the library by the
 * daemon-camera unit test: one camera whose controls, format, interval and
 * PTZ attributes live in memory, and a record of every PTZ call.  Tests
 * drive hotplug through the monitor's pipe.
 */
#ifndef FAKE_IPCAM_H
#define FAKE_IPCAM_H

#include <stdbool.h>
#include <stdint.h>

#include <ipcam.h>

struct fake_call {
	int op;			/* FAKE_* */
	uint32_t mask;
	int32_t v[2];
	uint32_t arg;		/* rate, rounds, preset index */
};

enum { FAKE_MOVE_CONT = 1, FAKE_MOVE_REL, FAKE_STOP, FAKE_CENTER, FAKE_PATROL,
       FAKE_PRESET_SET, FAKE_PRESET_GOTO, FAKE_SELFTEST };

struct fake_state {
	bool present;		/* the camera is listed */
	bool has_ptz;
	bool gone;		/* every call on open handles: -ENODEV */
	int setting[6];		/* by enum ipcam_setting */
	int setting_err[6];	/* returned by get/set when non-zero */
	struct ipcam_interval interval;
	int32_t attr[IPCAM_PTZ_ATTR_COUNT];
	enum ipcam_ptz_attr fail_attr;	/* attr_set of it fails ... */
	int fail_attr_err;		/* ... with this */
	int attr_sets;		/* number of attr_set calls */
	struct fake_call calls[64];
	int ncalls;
	int preset_err;		/* returned by preset calls when non-zero */
	struct ipcam_ptz_status status;	/* pos, state, flags, preset_mask */
	int32_t preset_pos[IPCAM_PTZ_NUM_PRESETS][2];
	int restores;		/* ipcam_ptz_preset_restore calls */
	int restore_err;	/* returned by it when non-zero */
	int opens;
	int open_now;		/* video handles open now (0 at rest) */
	bool motion_armed;	/* ipcam_motion_arm() on the capture */
	uint32_t motion_threshold;
};

extern struct fake_state fake;

void fake_reset(void);
/* Queue a hotplug event for the monitor (camera as listed). */
void fake_event(enum ipcam_hotplug_action action);
const struct fake_call *fake_last(void);

#endif

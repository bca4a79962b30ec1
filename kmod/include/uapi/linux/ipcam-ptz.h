/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * /dev/ptzN: the pan/tilt head, alarm input, IO output and LED of an ipcam
 * camera.
 *
 * Actions are ioctls; values (patrol settings, LED mode, IO output, alarm
 * input, positions...) are sysfs attributes of the misc device, documented
 * in kmod/Documentation/ABI/testing/sysfs-class-misc-ipcam-ptz.  Events are
 * read() as struct ipcam_ptz_event records; poll() reports EPOLLIN when one
 * is queued and EPOLLHUP | EPOLLERR once the device is gone.  Every open
 * file has its own event queue.
 *
 * Rules of this interface, so that it works unchanged for 32-bit programs
 * on a 64-bit kernel and from C++:
 *   - fixed-size types only, every member naturally aligned, no implicit
 *     padding (the kernel checks the sizes at build time);
 *   - reserved fields must be zero on input (else -EINVAL) and are zero on
 *     output;
 *   - an unknown ioctl fails with -ENOTTY.
 *
 * Positions are in motor steps, rates in steps per second; the steps per
 * revolution of each axis (IPCAM_PTZ_IOC_INFO) convert them to angles.
 * Pan is positive to the right (clockwise seen from above), tilt positive
 * upwards; 0/0 is the centre.
 */
#ifndef _UAPI_LINUX_IPCAM_PTZ_H
#define _UAPI_LINUX_IPCAM_PTZ_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* 2: IPCAM_PTZ_IOC_G_PRESET and IPCAM_PTZ_IOC_S_PRESET */
#define IPCAM_PTZ_API_VERSION		2

#define IPCAM_PTZ_AXIS_PAN		0
#define IPCAM_PTZ_AXIS_TILT		1
#define IPCAM_PTZ_NUM_AXES		2
#define IPCAM_PTZ_PAN			(1U << IPCAM_PTZ_AXIS_PAN)
#define IPCAM_PTZ_TILT			(1U << IPCAM_PTZ_AXIS_TILT)
#define IPCAM_PTZ_ALL_AXES		(IPCAM_PTZ_PAN | IPCAM_PTZ_TILT)

#define IPCAM_PTZ_NUM_PRESETS		16

/* ipcam_ptz_axis_info.flags */
#define IPCAM_PTZ_AXIS_LIMIT_SWITCHES	(1U << 0)	/* homes on switches */

struct ipcam_ptz_axis_info {
	__s32 min;			/* soft limits, steps */
	__s32 max;
	__u32 steps_per_rev;
	__u32 max_rate;			/* steps/s */
	__u32 accel;			/* steps/s^2 */
	__u32 flags;
	__u32 reserved[2];
};

/* ipcam_ptz_info.flags */
#define IPCAM_PTZ_INFO_GPIO_MOTORS	(1U << 0)	/* else simulated */
#define IPCAM_PTZ_INFO_ALARM_INPUT	(1U << 1)	/* a real input line */
#define IPCAM_PTZ_INFO_IO_OUTPUT	(1U << 2)	/* a real output line */
#define IPCAM_PTZ_INFO_LED		(1U << 3)	/* a real status LED */

struct ipcam_ptz_info {
	__u32 version;			/* IPCAM_PTZ_API_VERSION */
	__u32 flags;
	__u32 num_presets;		/* IPCAM_PTZ_NUM_PRESETS */
	__u32 reserved0;
	struct ipcam_ptz_axis_info axis[IPCAM_PTZ_NUM_AXES];
	__u32 reserved[8];
};

/* ipcam_ptz_status.state */
#define IPCAM_PTZ_STATE_IDLE		0
#define IPCAM_PTZ_STATE_MOVING		1
#define IPCAM_PTZ_STATE_HOMING		2
#define IPCAM_PTZ_STATE_PATROL		3
#define IPCAM_PTZ_STATE_SELFTEST	4

/* ipcam_ptz_status.flags */
#define IPCAM_PTZ_STATUS_HOMED		(1U << 0)
#define IPCAM_PTZ_STATUS_PAN_AT_MIN	(1U << 1)	/* limit switch closed */
#define IPCAM_PTZ_STATUS_PAN_AT_MAX	(1U << 2)
#define IPCAM_PTZ_STATUS_TILT_AT_MIN	(1U << 3)
#define IPCAM_PTZ_STATUS_TILT_AT_MAX	(1U << 4)

struct ipcam_ptz_status {
	__aligned_u64 timestamp_ns;	/* CLOCK_MONOTONIC */
	__s32 pos[IPCAM_PTZ_NUM_AXES];
	__s32 target[IPCAM_PTZ_NUM_AXES];
	__s32 rate[IPCAM_PTZ_NUM_AXES];	/* signed, steps/s, right now */
	__u32 state;
	__u32 flags;
	__u32 preset_mask;		/* bit n: preset n + 1 is stored */
	__u32 patrol_rounds;		/* rounds completed by this patrol */
	__u32 reserved[4];
};

/* ipcam_ptz_move.mode */
#define IPCAM_PTZ_MOVE_CONTINUOUS	0	/* value: -1, 0 or +1 per axis */
#define IPCAM_PTZ_MOVE_RELATIVE		1	/* value: steps */
#define IPCAM_PTZ_MOVE_ABSOLUTE		2	/* value: position */

/*
 * Move the axes in axis_mask; the other axes keep what they are doing.
 * Targets beyond the soft limits are clamped to them.  A continuous move
 * runs to the limit unless stopped.  rate 0 means the axis's default rate.
 */
struct ipcam_ptz_move {
	__u32 mode;
	__u32 axis_mask;
	__s32 value[IPCAM_PTZ_NUM_AXES];
	__u32 rate;
	__u32 reserved[3];
};

/* Patrol between the soft limits; rounds 0 = until stopped. */
struct ipcam_ptz_patrol {
	__u32 axis_mask;
	__u32 rounds;
	__u32 reserved[2];
};

/* ipcam_ptz_preset.op */
#define IPCAM_PTZ_PRESET_SET		0	/* store the current position */
#define IPCAM_PTZ_PRESET_GOTO		1
#define IPCAM_PTZ_PRESET_CLEAR		2

struct ipcam_ptz_preset {
	__u32 op;
	__u32 index;			/* 0 .. IPCAM_PTZ_NUM_PRESETS - 1 */
	__u32 reserved[2];
};

/*
 * A preset's position, read (G_PRESET) or written (S_PRESET) directly: the
 * head keeps its presets only while the device exists, so the program that
 * keeps them across reboots reads them back after a PRESET_SET and restores
 * them with S_PRESET when the device comes up.  S_PRESET with flags 0 clears
 * the preset; a position beyond the soft limits is refused (-ERANGE).
 * Neither is affected by presets_disabled, which guards PRESET_SET/GOTO.
 */
#define IPCAM_PTZ_PRESET_STORED		(1U << 0)

struct ipcam_ptz_preset_pos {
	__u32 index;			/* 0 .. IPCAM_PTZ_NUM_PRESETS - 1 */
	__u32 flags;			/* IPCAM_PTZ_PRESET_STORED or 0 */
	__s32 pos[IPCAM_PTZ_NUM_AXES];
	__u32 reserved[4];
};

/* ipcam_ptz_event.type */
#define IPCAM_PTZ_EVENT_MOVE_DONE	1	/* axis_mask reached its target */
#define IPCAM_PTZ_EVENT_LIMIT		2	/* stopped by a limit; data: STATUS_*_AT_* */
#define IPCAM_PTZ_EVENT_PATROL_ROUND	3	/* data: rounds completed */
#define IPCAM_PTZ_EVENT_PATROL_DONE	4
#define IPCAM_PTZ_EVENT_HOMED		5	/* centred (after homing) */
#define IPCAM_PTZ_EVENT_SELFTEST_DONE	6	/* data: 0 passed, else failed */
#define IPCAM_PTZ_EVENT_PRESET_REACHED	7	/* data: preset index */
#define IPCAM_PTZ_EVENT_ALARM_INPUT	8	/* data: new level, 0 or 1 */
#define IPCAM_PTZ_EVENT_IO_OUTPUT	9	/* data: new level, 0 or 1 */

/*
 * seqno counts the events queued for this open file, from 1; a gap means
 * the queue overflowed and the oldest events were dropped.
 */
struct ipcam_ptz_event {
	__aligned_u64 timestamp_ns;	/* CLOCK_MONOTONIC */
	__u32 seqno;
	__u32 type;
	__u32 axis_mask;
	__s32 pos[IPCAM_PTZ_NUM_AXES];	/* positions when it happened */
	__u32 data;
	__u32 reserved[2];
};

#define IPCAM_PTZ_IOC_MAGIC		0xB9

#define IPCAM_PTZ_IOC_INFO	_IOR(IPCAM_PTZ_IOC_MAGIC, 0x00, struct ipcam_ptz_info)
#define IPCAM_PTZ_IOC_STATUS	_IOR(IPCAM_PTZ_IOC_MAGIC, 0x01, struct ipcam_ptz_status)
#define IPCAM_PTZ_IOC_MOVE	_IOW(IPCAM_PTZ_IOC_MAGIC, 0x02, struct ipcam_ptz_move)
/* Decelerate and stop the axes in the mask; stops a patrol or self-test. */
#define IPCAM_PTZ_IOC_STOP	_IOW(IPCAM_PTZ_IOC_MAGIC, 0x03, __u32)
/* Home on the limit switches (where the head has them), then go to 0/0. */
#define IPCAM_PTZ_IOC_CENTER	_IO(IPCAM_PTZ_IOC_MAGIC, 0x04)
#define IPCAM_PTZ_IOC_PATROL	_IOW(IPCAM_PTZ_IOC_MAGIC, 0x05, struct ipcam_ptz_patrol)
#define IPCAM_PTZ_IOC_PRESET	_IOW(IPCAM_PTZ_IOC_MAGIC, 0x06, struct ipcam_ptz_preset)
/* Run each axis to both limits and back to the centre (CGI command 255). */
#define IPCAM_PTZ_IOC_SELFTEST	_IO(IPCAM_PTZ_IOC_MAGIC, 0x07)
/* index in, flags and pos out (flags 0 and pos 0/0 when the preset is not stored) */
#define IPCAM_PTZ_IOC_G_PRESET	_IOWR(IPCAM_PTZ_IOC_MAGIC, 0x08, struct ipcam_ptz_preset_pos)
#define IPCAM_PTZ_IOC_S_PRESET	_IOW(IPCAM_PTZ_IOC_MAGIC, 0x09, struct ipcam_ptz_preset_pos)

#endif /* _UAPI_LINUX_IPCAM_PTZ_H */

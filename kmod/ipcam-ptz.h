/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipcam pan/tilt head: motor core, backends, /dev/ptzN.
 *
 * Contexts: each axis steps from its own hard hrtimer.  Everything the timer
 * touches (positions, targets, ramps, the running sequence, the event
 * queues) is under ptz->slock, a spinlock taken with irqsave.  ptz->lock (a
 * mutex) serialises the process-context entry points (ioctls, sysfs, V4L2
 * controls) so that validating and starting an action is atomic.
 */
#ifndef _IPCAM_PTZ_H
#define _IPCAM_PTZ_H

#include <linux/hrtimer.h>
#include <linux/kfifo.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <uapi/linux/ipcam-ptz.h>

#include "ipcam-ramp.h"

struct ipcam_ptz;
struct v4l2_ctrl;
struct v4l2_ctrl_handler;

/*
 * A motor backend.  step(), limit() and release() run in hard-irq context
 * (the step timer): they must not sleep.
 */
struct ipcam_motor_ops {
	const char *name;
	/* Take one step of @axis in direction @dir (-1 or +1). */
	void (*step)(struct ipcam_ptz *ptz, unsigned int axis, int dir);
	/* Is the limit switch of @axis in direction @dir closed? */
	bool (*limit)(struct ipcam_ptz *ptz, unsigned int axis, int dir);
	/* The axis stopped: de-energise its coils. */
	void (*release)(struct ipcam_ptz *ptz, unsigned int axis);
	/* IO output line and status LED (may sleep: process context). */
	void (*set_output)(struct ipcam_ptz *ptz, bool level);
	void (*set_led)(struct ipcam_ptz *ptz, bool on);
	/* Alarm input level (may sleep). */
	int (*get_alarm)(struct ipcam_ptz *ptz);
	void (*remove)(struct ipcam_ptz *ptz);
};

struct ipcam_axis {
	struct ipcam_ptz *ptz;
	unsigned int idx;
	struct hrtimer timer;

	/* Configuration, fixed after probe. */
	s32 min;
	s32 max;
	u32 steps_per_rev;
	u32 max_rate;
	u32 accel;
	bool has_switches;

	/* Motion state, under ptz->slock. */
	s32 pos;
	s32 target;
	int dir;		/* direction of travel, 0 when stopped */
	bool running;		/* step timer armed */
	bool to_limit;		/* continuous move: ends with a LIMIT event */
	struct ipcam_ramp ramp;

	/* Patrol of this axis, under ptz->slock. */
	bool patrolling;
	bool patrol_out;	/* heading for max (then back to min) */
	u32 patrol_rounds;	/* wanted, 0 = forever */
	u32 patrol_done;
};

/* A multi-move action, advanced when every axis has stopped. */
enum ipcam_ptz_seq {
	IPCAM_SEQ_NONE,
	IPCAM_SEQ_HOMING,
	IPCAM_SEQ_SELFTEST,
	IPCAM_SEQ_PRESET,
};

#define IPCAM_PTZ_EVENT_QUEUE	64

struct ipcam_ptz_file {
	struct ipcam_ptz *ptz;
	struct list_head node;		/* in ptz->files, under slock */
	u32 seqno;
	DECLARE_KFIFO(events, struct ipcam_ptz_event, IPCAM_PTZ_EVENT_QUEUE);
};

/*
 * Queue @ev for @pf (under ptz->slock), numbering it.  A full queue drops
 * its oldest event: the reader sees the gap in seqno.
 */
static inline void ipcam_ptz_queue_event(struct ipcam_ptz_file *pf,
					 struct ipcam_ptz_event *ev)
{
	ev->seqno = ++pf->seqno;
	if (kfifo_is_full(&pf->events))
		kfifo_skip(&pf->events);
	kfifo_put(&pf->events, *ev);
}

struct ipcam_ptz {
	struct device *dev;
	struct ipcam_axis axis[IPCAM_PTZ_NUM_AXES];
	const struct ipcam_motor_ops *ops;
	void *backend;
	u32 info_flags;			/* IPCAM_PTZ_INFO_* */

	spinlock_t slock;		/* motion state and event queues */
	struct mutex lock;		/* process-context entry points */
	bool dead;			/* unbound: everything fails with ENODEV */

	/* Under slock. */
	u32 state;			/* IPCAM_PTZ_STATE_* */
	enum ipcam_ptz_seq seq;
	unsigned int seq_phase;
	unsigned int seq_preset;
	bool homed;
	bool homing_failed;
	struct list_head files;
	wait_queue_head_t wait;

	/* Presets, under lock (read by the sequence under slock too). */
	s32 preset[IPCAM_PTZ_NUM_PRESETS][IPCAM_PTZ_NUM_AXES];
	u32 preset_mask;

	/* Settings (sysfs), under lock. */
	u32 patrol_type;
	u32 auto_patrol_interval;
	u32 patrol_h_rounds;
	u32 patrol_v_rounds;
	u32 patrol_rate;
	u32 dir_rate[4];		/* up, down, left, right */
	u32 center_on_start;
	u32 presets_disabled;
	u32 led_mode;
	u32 io_output;
	u32 alarm_input;		/* last level seen */
	bool led_on;			/* last level written */

	struct delayed_work auto_patrol_work;
	struct delayed_work poll_work;	/* alarm input polling, LED blink */
	struct work_struct start_work;	/* centre on start */

	struct miscdevice misc;
	char name[16];
	struct dentry *debugfs;
};

enum { IPCAM_RATE_UP, IPCAM_RATE_DOWN, IPCAM_RATE_LEFT, IPCAM_RATE_RIGHT };

/* ipcam-motor.c: the motor core. */
int ipcam_ptz_init(struct ipcam_ptz *ptz, struct device *dev);
void ipcam_ptz_shutdown(struct ipcam_ptz *ptz);
void ipcam_ptz_emit(struct ipcam_ptz *ptz, u32 type, u32 axis_mask, u32 data);
int ipcam_ptz_move(struct ipcam_ptz *ptz, const struct ipcam_ptz_move *m);
int ipcam_ptz_stop(struct ipcam_ptz *ptz, u32 axis_mask);
int ipcam_ptz_center(struct ipcam_ptz *ptz);
int ipcam_ptz_patrol(struct ipcam_ptz *ptz, u32 axis_mask, u32 rounds);
int ipcam_ptz_preset(struct ipcam_ptz *ptz, const struct ipcam_ptz_preset *p);
int ipcam_ptz_get_preset(struct ipcam_ptz *ptz, struct ipcam_ptz_preset_pos *pp);
int ipcam_ptz_set_preset(struct ipcam_ptz *ptz, const struct ipcam_ptz_preset_pos *pp);
int ipcam_ptz_selftest(struct ipcam_ptz *ptz);
void ipcam_ptz_get_status(struct ipcam_ptz *ptz, struct ipcam_ptz_status *st);
void ipcam_ptz_get_info(struct ipcam_ptz *ptz, struct ipcam_ptz_info *info);
void ipcam_ptz_set_output(struct ipcam_ptz *ptz, bool level);
void ipcam_ptz_alarm_changed(struct ipcam_ptz *ptz, bool level);
bool ipcam_ptz_update_led(struct ipcam_ptz *ptz);

/* ipcam-motor-sim.c, ipcam-motor-gpio.c: backends. */
int ipcam_motor_sim_probe(struct ipcam_ptz *ptz);
int ipcam_motor_gpio_probe(struct ipcam_ptz *ptz);

/* ipcam-ptz-cdev.c: /dev/ptzN. */
int ipcam_ptz_register(struct ipcam_ptz *ptz, int inst);
void ipcam_ptz_unregister(struct ipcam_ptz *ptz);

/* ipcam-ptz-sysfs.c */
extern const struct attribute_group *ipcam_ptz_groups[];

#endif /* _IPCAM_PTZ_H */

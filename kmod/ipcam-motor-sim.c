// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated motors, for machines without a pan/tilt head: the same motor
 * core, ramps and timing, but a step only moves the position.  The head has
 * limit switches at the ends of its travel, so homing runs as on a real
 * head.  The alarm input is driven from debugfs (alarm_input); the IO
 * output and LED levels are kept for sysfs and debugfs.
 */
#include "ipcam-core.h"

static void sim_step(struct ipcam_ptz *ptz, unsigned int axis, int dir)
{
	/* Nothing to drive: the core has already moved the position. */
}

static bool sim_limit(struct ipcam_ptz *ptz, unsigned int axis, int dir)
{
	const struct ipcam_axis *ax = &ptz->axis[axis];

	return dir < 0 ? ax->pos <= ax->min : ax->pos >= ax->max;
}

static const struct ipcam_motor_ops sim_ops = {
	.name = "simulated",
	.step = sim_step,
	.limit = sim_limit,
};

int ipcam_motor_sim_probe(struct ipcam_ptz *ptz)
{
	unsigned int i;

	ptz->ops = &sim_ops;
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++)
		ptz->axis[i].has_switches = true;
	return 0;
}

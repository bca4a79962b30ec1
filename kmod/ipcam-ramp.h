/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Integer trapezoid ramp for stepper motors (D. Austin, "Generate stepper
 * motor speed profiles in real time", 2005; Atmel AVR446): the interval to
 * the next step is computed from the previous one with one division, so it
 * can run in the step timer's hard-irq context.  Pure functions, no state
 * beyond the struct: unit tested by KUnit.
 */
#ifndef _IPCAM_RAMP_H
#define _IPCAM_RAMP_H

#include <linux/types.h>

struct ipcam_ramp {
	u32 c0_ns;	/* first interval from standstill */
	u32 cmin_ns;	/* interval at the cruise rate */
	u32 c_ns;	/* current interval */
	u32 n;		/* steps on the ramp = steps needed to stop */
};

/* Set acceleration (steps/s^2) and cruise rate (steps/s); keeps the speed. */
void ipcam_ramp_config(struct ipcam_ramp *r, u32 accel, u32 rate);

/* Forget the speed: the next step starts from standstill. */
void ipcam_ramp_reset(struct ipcam_ramp *r);

/*
 * Interval in ns to the next step when @remaining more steps may be taken
 * in this direction (0: stop as soon as the ramp allows).  Returns 0 when
 * the motor is to stop now.
 */
u32 ipcam_ramp_next(struct ipcam_ramp *r, u32 remaining);

/* Steps needed to come to a stop from the current speed. */
static inline u32 ipcam_ramp_stop_distance(const struct ipcam_ramp *r)
{
	return r->n;
}

/* Current rate in steps/s (0 at standstill). */
u32 ipcam_ramp_rate(const struct ipcam_ramp *r);

/* Unit conversions between steps and arc-seconds (rounded to nearest). */
s32 ipcam_steps_to_arcsec(s32 steps, u32 steps_per_rev);
s32 ipcam_arcsec_to_steps(s32 arcsec, u32 steps_per_rev);

/*
 * @base + @delta limited to the travel [@min, @max], without overflowing
 * s32 on the way (a relative move of any s32 size is valid input).
 */
s32 ipcam_clamp_travel(s32 base, s32 delta, s32 min, s32 max);

/* SDK rate scales (0..100) to steps/s: never below 1 step/s. */
u32 ipcam_rate_from_sdk(u32 max_rate, u32 value, bool zero_is_fastest);

#endif /* _IPCAM_RAMP_H */

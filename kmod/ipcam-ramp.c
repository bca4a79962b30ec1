// SPDX-License-Identifier: GPL-2.0-only
/*
 * Integer trapezoid ramp and unit conversions of the pan/tilt motors.
 */
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/time64.h>

#include "ipcam-ramp.h"

#define ARCSEC_PER_REV	(360 * 3600)

void ipcam_ramp_config(struct ipcam_ramp *r, u32 accel, u32 rate)
{
	u64 c0;

	rate = max(rate, 1U);
	accel = max(accel, 1U);
	/*
	 * c0 = 0.676 * sqrt(2 / accel) seconds: the exact first interval of
	 * a uniform acceleration, corrected for the error of the recurrence
	 * on its first steps (Austin, eq. 15).
	 */
	c0 = int_sqrt64(div_u64(2ULL * NSEC_PER_SEC * NSEC_PER_SEC, accel));
	c0 = div_u64(c0 * 676, 1000);
	r->cmin_ns = NSEC_PER_SEC / rate;
	r->c0_ns = max_t(u64, c0, r->cmin_ns);
}

void ipcam_ramp_reset(struct ipcam_ramp *r)
{
	r->n = 0;
	r->c_ns = 0;
}

u32 ipcam_ramp_next(struct ipcam_ramp *r, u32 remaining)
{
	bool overspeed;

	if (r->n == 0) {
		if (!remaining)
			return 0;
		r->n = 1;
		r->c_ns = r->c0_ns;
		return r->c_ns;
	}

	overspeed = r->c_ns < r->cmin_ns;	/* the cruise rate was lowered */
	if (remaining <= r->n || overspeed) {
		/*
		 * Decelerate: the acceleration run backwards.  Accelerating
		 * from ramp step k to k + 1 multiplied the interval by
		 * (4k - 1) / (4k + 1); undo it with n = k + 1.
		 */
		if (r->n == 1) {
			if (!remaining) {
				ipcam_ramp_reset(r);
				return 0;
			}
			r->c_ns = r->c0_ns;	/* crawl on from standstill speed */
			return r->c_ns;
		}
		r->c_ns += 2 * r->c_ns / (4 * r->n - 5);
		r->n--;
		/*
		 * Slowed down to a lowered cruise rate: cruise on.  Not when
		 * braking for the end of the move, whatever the distance left.
		 */
		if (overspeed && remaining > r->n && r->c_ns > r->cmin_ns)
			r->c_ns = r->cmin_ns;
		return r->c_ns;
	}

	if (r->c_ns > r->cmin_ns) {
		/* Accelerate: c_n = c_{n-1} - 2 c_{n-1} / (4n + 1). */
		r->c_ns -= 2 * r->c_ns / (4 * r->n + 1);
		r->n++;
		if (r->c_ns < r->cmin_ns)
			r->c_ns = r->cmin_ns;
	}
	return r->c_ns;
}

u32 ipcam_ramp_rate(const struct ipcam_ramp *r)
{
	return r->n && r->c_ns ? NSEC_PER_SEC / r->c_ns : 0;
}

s32 ipcam_steps_to_arcsec(s32 steps, u32 steps_per_rev)
{
	return (s32)div_s64((s64)steps * ARCSEC_PER_REV +
			    (steps < 0 ? -(s64)steps_per_rev : steps_per_rev) / 2,
			    steps_per_rev);
}

s32 ipcam_arcsec_to_steps(s32 arcsec, u32 steps_per_rev)
{
	return (s32)div_s64((s64)arcsec * steps_per_rev +
			    (arcsec < 0 ? -ARCSEC_PER_REV : ARCSEC_PER_REV) / 2,
			    ARCSEC_PER_REV);
}

s32 ipcam_clamp_travel(s32 base, s32 delta, s32 min, s32 max)
{
	return (s32)clamp_t(s64, (s64)base + delta, min, max);
}

u32 ipcam_rate_from_sdk(u32 max_rate, u32 value, bool zero_is_fastest)
{
	u32 v = min(value, 100U);

	if (zero_is_fastest)
		v = 100 - v;
	return max(max_rate * v / 100, 1U);
}

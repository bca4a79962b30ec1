// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtual microphone's scene (see ipcam-sound.h).  Each sample is
 * computed from its own index, never from the previous one, so a stream
 * that skips ahead after a late timer still has the phase it would have
 * had and a frequency measurement over any stretch of it is exact.
 */
#include <linux/bug.h>
#include <linux/fixp-arith.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/time64.h>

#include "ipcam-sound.h"

/* @amp * sin(2 pi @hz k / rate): the phase kept below @rate in integers. */
static s32 tone(u64 k, u32 hz, u32 rate, s32 amp)
{
	u32 phase;

	div_u64_rem(k * hz, rate, &phase);
	return (s32)(((s64)amp * fixp_sin32_rad(phase, rate)) >> 31);
}

/* The hum's gain in 1/1024 at @t_ns: 0 outside the drive, ramps at ends. */
static u32 car_gain(const struct ipcam_sound_span *s, u64 t_ns)
{
	u64 in, left;

	if (!s->car_start_ns || t_ns < s->car_start_ns ||
	    t_ns >= s->car_start_ns + s->car_ns)
		return 0;
	in = t_ns - s->car_start_ns;
	left = s->car_start_ns + s->car_ns - t_ns;
	in = min3(in, left, (u64)IPCAM_SOUND_RAMP_NS);
	return (u32)div_u64(in * 1024, IPCAM_SOUND_RAMP_NS);
}

void ipcam_sound_render(const struct ipcam_sound_span *s, s16 *out, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		u64 k = s->first + i;
		u64 t_ns = s->t0_ns + mul_u64_u32_div(k, NSEC_PER_SEC, s->rate);
		s32 v = tone(k, IPCAM_SOUND_TONE_HZ, s->rate, IPCAM_SOUND_TONE_AMP);
		u32 g = car_gain(s, t_ns);

		if (g)
			v += tone(k, IPCAM_SOUND_CAR_HZ, s->rate,
				  (s32)(IPCAM_SOUND_CAR_AMP * g / 1024));
		out[i] = (s16)clamp_t(s32, v, S16_MIN, S16_MAX);
	}
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the virtual camera's microphone hears: a steady background tone (a
 * known frequency for the tests to find) plus the hum of the car of the
 * scene activity while it drives, so that the sound of an event lines up
 * with its picture.  A pure function of the sample's time: the capture
 * stream (ipcam-audio.c) and the KUnit suite call the same code.
 */
#ifndef _IPCAM_SOUND_H
#define _IPCAM_SOUND_H

#include <linux/types.h>

#define IPCAM_SOUND_TONE_HZ	1000
#define IPCAM_SOUND_TONE_AMP	8192	/* -12 dBFS */
#define IPCAM_SOUND_CAR_HZ	300
#define IPCAM_SOUND_CAR_AMP	12000
/* The hum fades in and out over this long: no click at either end. */
#define IPCAM_SOUND_RAMP_NS	(20 * NSEC_PER_MSEC)

struct ipcam_sound_span {
	u32 rate;		/* samples per second */
	u64 first;		/* index of the first sample since t0_ns */
	u64 t0_ns;		/* CLOCK_MONOTONIC time of sample 0 */
	u64 car_start_ns;	/* the car's drive under way, 0: none */
	u64 car_ns;		/* its length */
};

/* Fill @out with @n samples of the scene's sound from @s->first on. */
void ipcam_sound_render(const struct ipcam_sound_span *s, s16 *out, u32 n);

#endif /* _IPCAM_SOUND_H */

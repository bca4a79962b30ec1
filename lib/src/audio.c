// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The camera's microphone: its ALSA capture PCM, read in blocking mode,
 * each read stamped with the CLOCK_MONOTONIC time of its first sample.
 *
 * The time is counted, not asked for on every read: sample k of a run is
 * at the run's trigger timestamp + k / rate (the sw params put the
 * timestamps on the monotonic clock, the video frames' clock).  A run ends
 * with an overrun; the next one starts with its own trigger timestamp and
 * a count of 0, so samples lost show up as a jump in time, never as
 * samples stamped too early.
 *
 * Once the device has gone (-ENODEV, or -EBADFD from a read the card's
 * disconnection woke up) every call fails with -ENODEV.
 */
#include <alsa/asoundlib.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define NSEC_PER_SEC		1000000000ULL
#define PERIOD_MS		20	/* what one blocking wait lasts */
#define BUFFER_MS		500	/* how late a reader may be */

struct ipcam_audio {
	snd_pcm_t *pcm;
	unsigned int rate;
	int gone;		/* the device has gone: -ENODEV from now on */
	uint64_t start_ns;	/* CLOCK_MONOTONIC time of the run's sample 0 */
	uint64_t frames;	/* taken from the device in this run */
	char err[IPCAM_ERRMSG_LEN];
};

uint64_t ipcam_audio_sample_ns(uint64_t start_ns, uint64_t frames,
			       unsigned int rate)
{
	/*
	 * frames * 1e9 would overflow 64 bits after 4 days at 48 kHz: whole
	 * seconds and the rest separately (rest * 1e9 < 2^32 * 1e9 < 2^64).
	 */
	return start_ns + frames / rate * NSEC_PER_SEC +
	       frames % rate * NSEC_PER_SEC / rate;
}

/* The hw layer's card ids are letters, digits, '_' and '-' (card_id_store). */
static int card_id_ok(const char *id, size_t size)
{
	size_t i, n = strnlen(id, size);

	if (n == 0 || n == size)
		return 0;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '_' && c != '-')
			return 0;
	}
	return 1;
}

static int set_hw_params(struct ipcam_audio *a)
{
	snd_pcm_hw_params_t *hw;
	snd_pcm_uframes_t period = (snd_pcm_uframes_t)a->rate * PERIOD_MS / 1000;
	snd_pcm_uframes_t buffer = (snd_pcm_uframes_t)a->rate * BUFFER_MS / 1000;
	int dir = 0, err;

	snd_pcm_hw_params_alloca(&hw);
	err = snd_pcm_hw_params_any(a->pcm, hw);
	if (err < 0)
		return err;
	if (snd_pcm_hw_params_set_access(a->pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED) < 0 ||
	    snd_pcm_hw_params_set_format(a->pcm, hw, SND_PCM_FORMAT_S16_LE) < 0 ||
	    snd_pcm_hw_params_set_channels(a->pcm, hw, 1) < 0)
		return -EOPNOTSUPP;
	/*
	 * The exact rate or nothing: the timestamps are computed from it, and
	 * a near rate would make them drift.  (hw does not resample anyway.)
	 */
	snd_pcm_hw_params_set_rate_resample(a->pcm, hw, 0);
	if (snd_pcm_hw_params_set_rate(a->pcm, hw, a->rate, 0) < 0)
		return -EINVAL;
	if (period == 0)
		period = 1;
	err = snd_pcm_hw_params_set_period_size_near(a->pcm, hw, &period, &dir);
	if (err < 0)
		return err;
	err = snd_pcm_hw_params_set_buffer_size_near(a->pcm, hw, &buffer);
	if (err < 0)
		return err;
	return snd_pcm_hw_params(a->pcm, hw);
}

static int set_sw_params(struct ipcam_audio *a)
{
	snd_pcm_sw_params_t *sw;
	int err;

	snd_pcm_sw_params_alloca(&sw);
	err = snd_pcm_sw_params_current(a->pcm, sw);
	if (err < 0)
		return err;
	/* The trigger timestamp on the monotonic clock, like the video's. */
	err = snd_pcm_sw_params_set_tstamp_mode(a->pcm, sw, SND_PCM_TSTAMP_ENABLE);
	if (err < 0)
		return err;
	err = snd_pcm_sw_params_set_tstamp_type(a->pcm, sw,
						SND_PCM_TSTAMP_TYPE_MONOTONIC);
	if (err < 0)
		return err;
	return snd_pcm_sw_params(a->pcm, sw);
}

/* Start a run: sample 0 is at its trigger timestamp. */
static int start_run(struct ipcam_audio *a)
{
	snd_pcm_status_t *status;
	snd_htimestamp_t ts;
	int err;

	err = snd_pcm_start(a->pcm);
	if (err < 0)
		return err;
	snd_pcm_status_alloca(&status);
	err = snd_pcm_status(a->pcm, status);
	if (err < 0)
		return err;
	snd_pcm_status_get_trigger_htstamp(status, &ts);
	/* alsa-lib's software PCMs leave it 0: they start when asked to. */
	if (ts.tv_sec == 0 && ts.tv_nsec == 0)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	a->start_ns = (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
	a->frames = 0;
	return 0;
}

int ipcam_audio_open_pcm(const char *name, unsigned int rate,
			 struct ipcam_audio **out)
{
	struct ipcam_audio *a;
	int err;

	*out = NULL;
	if (rate == 0)
		return -EINVAL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->rate = rate;
	/*
	 * Opened non-blocking: a blocking open would wait for as long as
	 * another program records from the device.  Reads block (below).
	 */
	err = snd_pcm_open(&a->pcm, name, SND_PCM_STREAM_CAPTURE, SND_PCM_NONBLOCK);
	if (err < 0) {
		a->pcm = NULL;
		goto fail;
	}
	err = snd_pcm_nonblock(a->pcm, 0);
	if (err >= 0)
		err = set_hw_params(a);
	if (err >= 0)
		err = set_sw_params(a);
	if (err >= 0)
		err = start_run(a);
	if (err < 0)
		goto fail;
	*out = a;
	return 0;
fail:
	ipcam_audio_close(a);
	/* -EBADFD: the card was disconnected while being set up. */
	return err == -EBADFD ? -ENODEV : err;
}

int ipcam_audio_open(const struct ipcam_camera_info *cam, unsigned int rate,
		     struct ipcam_audio **out)
{
	char name[sizeof(cam->sound_card) + 16];
	int err;

	*out = NULL;
	if (!cam->sound_card[0])
		return -ENODEV;
	/* Anything else would be parsed as more of the PCM's arguments. */
	if (!card_id_ok(cam->sound_card, sizeof(cam->sound_card)))
		return -EINVAL;
	snprintf(name, sizeof(name), "hw:CARD=%s,DEV=0", cam->sound_card);
	err = ipcam_audio_open_pcm(name, rate, out);
	/* No card of that id (any more): the microphone has gone. */
	return err == -ENOENT ? -ENODEV : err;
}

void ipcam_audio_close(struct ipcam_audio *a)
{
	if (!a)
		return;
	if (a->pcm)
		snd_pcm_close(a->pcm);	/* stops the stream */
	free(a);
}

unsigned int ipcam_audio_rate(const struct ipcam_audio *a)
{
	return a->rate;
}

const char *ipcam_audio_last_error(const struct ipcam_audio *a)
{
	return a->err;
}

/*
 * After an overrun (or a suspend) the stream has stopped: start a new run
 * at once, so that the next read's time is true, and say -EPIPE once.  A
 * stream that cannot be restarted is taken for gone.
 */
static int restart(struct ipcam_audio *a, int why)
{
	const char *what = why == -EPIPE ? "an overrun" : "a suspend";
	int err;

	err = snd_pcm_prepare(a->pcm);
	if (err >= 0)
		err = start_run(a);
	if (err < 0) {
		a->gone = 1;
		return ipcam_fail(a->err, -ENODEV, "restarting the recording after %s (%s)",
				  what, snd_strerror(err));
	}
	return ipcam_fail(a->err, -EPIPE,
			  "samples lost to %s, recording again from %llu ns", what,
			  (unsigned long long)a->start_ns);
}

ssize_t ipcam_audio_read(struct ipcam_audio *a, int16_t *buf, size_t frames,
			 uint64_t *first_ns)
{
	uint64_t first = ipcam_audio_sample_ns(a->start_ns, a->frames, a->rate);
	snd_pcm_sframes_t n;
	size_t got = 0;

	if (a->gone)
		return -ENODEV;
	if (frames > SSIZE_MAX || (!buf && frames))
		return ipcam_fail(a->err, -EINVAL, "reading %zu samples", frames);
	while (got < frames) {
		n = snd_pcm_readi(a->pcm, buf + got, frames - got);
		if (n >= 0) {
			got += (size_t)n;
			a->frames += (uint64_t)n;
			continue;
		}
		switch (n) {
		case -EINTR:	/* a signal: the samples keep coming */
			continue;
		case -EPIPE:
		case -ESTRPIPE:
			return restart(a, (int)n);
		case -ENODEV:
		case -EBADFD:	/* a read that the disconnection woke up */
			a->gone = 1;
			return ipcam_fail(a->err, -ENODEV, "reading samples");
		default:
			return ipcam_fail(a->err, (int)n, "reading samples");
		}
	}
	if (first_ns)
		*first_ns = first;
	return (ssize_t)got;
}

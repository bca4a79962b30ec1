// SPDX-License-Identifier: GPL-2.0-only
/*
 * The camera head's microphone: one ALSA card per camera that has one, with
 * a single PCM capture stream (S16_LE, mono, 8000 / 16000 / 48000 Hz) that
 * records the virtual scene (ipcam-sound.c).
 *
 * Like snd-dummy's system-timer mode, the stream is paced by a timer and
 * its position is derived from the clock: sample k of a run is the sound
 * at trigger time + k / rate, the same CLOCK_MONOTONIC the video buffers
 * are stamped with, so picture and sound of the scene line up.
 *
 * Lifetime: the card holds a reference on the camera (dropped by its
 * private_free), so a recording that outlives the camera's unbind still
 * has what the timer reads.  Unbind disconnects the card: a running
 * capture stops with -ENODEV, and the card is freed with its last file.
 */
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <sound/core.h>
#include <sound/initval.h>
#include <sound/pcm.h>

#include "ipcam-core.h"
#include "ipcam-sound.h"

/* What one period may last at least: a jiffy timer cannot pace less. */
#define IPCAM_PCM_MIN_PERIOD_US	10000

struct ipcam_pcm {
	struct ipcam_dev *idev;
	struct snd_pcm_substream *substream;
	struct timer_list timer;

	spinlock_t lock;		/* all below, against the timer */
	bool running;
	u64 start_ns;			/* trigger time: sample 0 */
	u64 frames;			/* produced since the start */
	u64 elapsed;			/* frames at the last period reported */
};

static const struct snd_pcm_hardware ipcam_pcm_hw = {
	.info = SNDRV_PCM_INFO_MMAP | SNDRV_PCM_INFO_MMAP_VALID |
		SNDRV_PCM_INFO_INTERLEAVED | SNDRV_PCM_INFO_BLOCK_TRANSFER,
	.formats = SNDRV_PCM_FMTBIT_S16_LE,
	.rates = SNDRV_PCM_RATE_8000 | SNDRV_PCM_RATE_16000 | SNDRV_PCM_RATE_48000,
	.rate_min = 8000,
	.rate_max = 48000,
	.channels_min = 1,
	.channels_max = 1,
	.buffer_bytes_max = 256 * 1024,
	.period_bytes_min = 160,
	.period_bytes_max = 64 * 1024,
	.periods_min = 2,
	.periods_max = 1024,
};

/*
 * When the period under way ends, in jiffies: rounded up, and one more
 * because the current jiffy is already partly gone, so the timer never
 * fires before the period is complete.
 */
static unsigned long ipcam_pcm_next_locked(struct ipcam_pcm *p)
{
	struct snd_pcm_runtime *rt = p->substream->runtime;
	u64 due = p->elapsed + rt->period_size;
	u64 ns = p->start_ns + mul_u64_u32_div(due, NSEC_PER_SEC, rt->rate);
	u64 now = ktime_get_ns();

	return jiffies + nsecs_to_jiffies(ns > now ? ns - now + TICK_NSEC - 1 : 0) + 1;
}

/*
 * Render what the clock says is due into the ring.  Past a whole buffer's
 * worth (a timer held off for long) only the newest period is rendered:
 * the reader has overrun either way and the core reports it, and the work
 * under the lock, with interrupts off, stays one period's.
 */
static bool ipcam_pcm_advance_locked(struct ipcam_pcm *p)
{
	struct snd_pcm_runtime *rt = p->substream->runtime;
	struct ipcam_sound_span span = {
		.rate = rt->rate,
		.t0_ns = p->start_ns,
		.car_ns = IPCAM_ACTIVITY_NS,
	};
	u64 now = ktime_get_ns(), target;
	s16 *ring = (s16 *)rt->dma_area;

	/* no overflow in a run of any length: 128-bit intermediate */
	target = mul_u64_u32_div(now - p->start_ns, rt->rate, NSEC_PER_SEC);
	if (target <= p->frames)
		return false;
	if (target - p->frames > rt->buffer_size) {
		p->frames = target - rt->period_size;
		p->elapsed = p->frames;
	}
	span.car_start_ns = ipcam_activity_started(&p->idev->activity);
	while (p->frames < target) {
		u32 at, n;

		div_u64_rem(p->frames, rt->buffer_size, &at);
		n = (u32)min_t(u64, target - p->frames, rt->buffer_size - at);
		span.first = p->frames;
		ipcam_sound_render(&span, ring + at, n);
		p->frames += n;
	}
	if (p->frames - p->elapsed < rt->period_size)
		return false;
	p->elapsed = p->frames - (p->frames - p->elapsed) % rt->period_size;
	return true;
}

static void ipcam_pcm_timer(struct timer_list *t)
{
	struct ipcam_pcm *p = from_timer(p, t, timer);
	unsigned long flags;
	bool elapsed;

	spin_lock_irqsave(&p->lock, flags);
	if (!p->running) {
		spin_unlock_irqrestore(&p->lock, flags);
		return;
	}
	elapsed = ipcam_pcm_advance_locked(p);
	mod_timer(&p->timer, ipcam_pcm_next_locked(p));
	spin_unlock_irqrestore(&p->lock, flags);
	/* Outside our lock: the core may call trigger(STOP) from here. */
	if (elapsed)
		snd_pcm_period_elapsed(p->substream);
}

static int ipcam_pcm_open(struct snd_pcm_substream *substream)
{
	struct ipcam_dev *idev = snd_pcm_substream_chip(substream);
	struct snd_pcm_runtime *rt = substream->runtime;
	struct ipcam_pcm *p;
	int ret;

	ret = snd_pcm_hw_constraint_minmax(rt, SNDRV_PCM_HW_PARAM_PERIOD_TIME,
					   IPCAM_PCM_MIN_PERIOD_US, UINT_MAX);
	if (ret < 0)
		return ret;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->idev = idev;
	p->substream = substream;
	spin_lock_init(&p->lock);
	timer_setup(&p->timer, ipcam_pcm_timer, 0);
	rt->hw = ipcam_pcm_hw;
	rt->private_data = p;
	return 0;
}

static int ipcam_pcm_close(struct snd_pcm_substream *substream)
{
	struct ipcam_pcm *p = substream->runtime->private_data;

	del_timer_sync(&p->timer);
	kfree(p);
	return 0;
}

static int ipcam_pcm_prepare(struct snd_pcm_substream *substream)
{
	struct ipcam_pcm *p = substream->runtime->private_data;

	spin_lock_irq(&p->lock);
	p->frames = 0;
	p->elapsed = 0;
	spin_unlock_irq(&p->lock);
	return 0;
}

static int ipcam_pcm_trigger(struct snd_pcm_substream *substream, int cmd)
{
	struct ipcam_pcm *p = substream->runtime->private_data;

	spin_lock(&p->lock);
	switch (cmd) {
	case SNDRV_PCM_TRIGGER_START:
	case SNDRV_PCM_TRIGGER_RESUME:
		p->start_ns = ktime_get_ns();
		p->frames = 0;
		p->elapsed = 0;
		p->running = true;
		mod_timer(&p->timer, ipcam_pcm_next_locked(p));
		break;
	case SNDRV_PCM_TRIGGER_STOP:
	case SNDRV_PCM_TRIGGER_SUSPEND:
		p->running = false;
		del_timer(&p->timer);
		break;
	default:
		spin_unlock(&p->lock);
		return -EINVAL;
	}
	spin_unlock(&p->lock);
	return 0;
}

/* Called by the core before prepare, hw_free and close: no timer left. */
static int ipcam_pcm_sync_stop(struct snd_pcm_substream *substream)
{
	struct ipcam_pcm *p = substream->runtime->private_data;

	del_timer_sync(&p->timer);
	return 0;
}

static snd_pcm_uframes_t ipcam_pcm_pointer(struct snd_pcm_substream *substream)
{
	struct ipcam_pcm *p = substream->runtime->private_data;
	u32 at;

	spin_lock(&p->lock);
	div_u64_rem(p->frames, substream->runtime->buffer_size, &at);
	spin_unlock(&p->lock);
	return at;
}

static const struct snd_pcm_ops ipcam_pcm_ops = {
	.open = ipcam_pcm_open,
	.close = ipcam_pcm_close,
	.prepare = ipcam_pcm_prepare,
	.trigger = ipcam_pcm_trigger,
	.sync_stop = ipcam_pcm_sync_stop,
	.pointer = ipcam_pcm_pointer,
};

static void ipcam_audio_card_free(struct snd_card *card)
{
	ipcam_dev_put(card->private_data);
}

int ipcam_audio_register(struct ipcam_dev *idev)
{
	struct snd_card *card;
	struct snd_pcm *pcm;
	char id[16];
	int ret;

	snprintf(id, sizeof(id), "ipcam%d", idev->inst);
	ret = snd_card_new(idev->dev, SNDRV_DEFAULT_IDX1, id, THIS_MODULE, 0, &card);
	if (ret)
		return ret;
	ipcam_dev_get(idev);
	card->private_data = idev;
	card->private_free = ipcam_audio_card_free;
	strscpy(card->driver, IPCAM_DRV_NAME, sizeof(card->driver));
	strscpy(card->shortname, "ipcam microphone", sizeof(card->shortname));
	snprintf(card->longname, sizeof(card->longname),
		 "ipcam camera head %d microphone at %s", idev->inst, dev_name(idev->dev));

	ret = snd_pcm_new(card, "ipcam microphone", 0, 0, 1, &pcm);
	if (ret)
		goto err_free;
	pcm->private_data = idev;
	strscpy(pcm->name, "ipcam microphone", sizeof(pcm->name));
	snd_pcm_set_ops(pcm, SNDRV_PCM_STREAM_CAPTURE, &ipcam_pcm_ops);
	ret = snd_pcm_set_managed_buffer_all(pcm, SNDRV_DMA_TYPE_VMALLOC, NULL, 0, 0);
	if (ret)
		goto err_free;

	ret = snd_card_register(card);
	if (ret)
		goto err_free;
	idev->card = card;
	return 0;

err_free:
	/* Frees the PCM too, and drops the reference through private_free. */
	snd_card_free(card);
	return ret;
}

/*
 * Unbind: disconnects the card (running captures end with -ENODEV, new
 * opens fail) and frees it with its last open file.
 */
void ipcam_audio_unregister(struct ipcam_dev *idev)
{
	if (!idev->card)
		return;
	snd_card_free_when_closed(idev->card);
	idev->card = NULL;
}

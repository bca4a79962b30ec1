// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipcam debugfs: measurements and test-only knobs, never an interface that
 * production user space depends on.
 *
 *   render_bench	read: time to render a 640x480 YUYV frame next to the
 *			time to copy one and to run the motion detector on
 *			it, measured now on this machine
 *   scene_activity	write 1: a car drives along the street now
 *   motion		read: the detector's state and counters
 *   alarm_input	write 0/1: drive the simulated alarm input (only with
 *			the simulated backend; a real line is read from GPIO)
 *   led		read: the status LED level the driver last set
 *   capture		read: the sequence number of the next frame and the
 *			frame interval (the rate user space asked for shows
 *			in how fast the sequence grows)
 */
#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "ipcam-core.h"

#define BENCH_FRAMES	32

static int render_bench_show(struct seq_file *s, void *unused)
{
	struct ipcam_dev *idev = s->private;
	struct ipcam_render_view v = {
		.width = 640, .height = 480, .bytesperline = 1280,
		.fourcc = IPCAM_RENDER_YUYV,
	};
	size_t size = 640 * 480 * 2;
	struct {
		struct ipcam_md md;
		struct ipcam_md_config cfg;
		u16 means[IPCAM_MD_CELLS];
	} *mb;
	u64 t0, render_ns, copy_ns, motion_ns;
	struct ipcam_md_luma luma;
	u8 *src, *dst;
	int i;

	src = vmalloc(size);
	dst = vmalloc(size);
	if (!src || !dst) {
		vfree(src);
		vfree(dst);
		return -ENOMEM;
	}
	memset(src, 0x55, size);

	/* Warm up caches and the graded panorama the same way for both. */
	ipcam_render_frame(&idev->scene, &v, dst);
	memcpy(dst, src, size);

	t0 = ktime_get_ns();
	for (i = 0; i < BENCH_FRAMES; i++)
		ipcam_render_frame(&idev->scene, &v, dst);
	render_ns = (ktime_get_ns() - t0) / BENCH_FRAMES;

	t0 = ktime_get_ns();
	for (i = 0; i < BENCH_FRAMES; i++) {
		memcpy(dst, src, size);
		barrier();
	}
	copy_ns = (ktime_get_ns() - t0) / BENCH_FRAMES;

	/* The detector's whole per-frame work: cell means and the update. */
	mb = kzalloc(sizeof(*mb), GFP_KERNEL);
	if (!mb) {
		vfree(src);
		vfree(dst);
		return -ENOMEM;
	}
	ipcam_md_reset(&mb->md);
	mb->md.learn = 0;		/* judge every frame, as when armed */
	mb->cfg.mode = IPCAM_MD_MODE_GLOBAL;
	mb->cfg.threshold = IPCAM_MD_THRESHOLD_DEF;
	mb->cfg.compensate = true;
	ipcam_motion_luma(&v, dst, &luma);
	t0 = ktime_get_ns();
	for (i = 0; i < BENCH_FRAMES; i++) {
		ipcam_md_cell_means(&luma, mb->means);
		ipcam_md_update(&mb->md, &mb->cfg, mb->means, false);
	}
	motion_ns = (ktime_get_ns() - t0) / BENCH_FRAMES;
	kfree(mb);

	seq_printf(s, "frame 640x480 YUYV\nrender_ns %llu\ncopy_ns %llu\nmotion_ns %llu\n",
		   render_ns, copy_ns, motion_ns);
	vfree(src);
	vfree(dst);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(render_bench);

static int scene_activity_set(void *data, u64 val)
{
	struct ipcam_dev *idev = data;

	if (val != 1)
		return -EINVAL;
	ipcam_activity_start(&idev->activity, ktime_get_ns());
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(scene_activity_fops, NULL, scene_activity_set, "%llu\n");

/* Racy snapshot of the generator thread's counters: for people and tests. */
static int motion_show(struct seq_file *s, void *unused)
{
	struct ipcam_dev *idev = s->private;
	struct ipcam_motion *m = &idev->motion;
	u64 frames = READ_ONCE(m->frames);

	seq_printf(s, "mode %u\nmask 0x%08x\nshift %d\nchanged %u\nlightswitch %u\n",
		   READ_ONCE(m->active.mode), READ_ONCE(m->md.mask),
		   READ_ONCE(m->md.shift), READ_ONCE(m->md.changed),
		   READ_ONCE(m->md.lightswitch));
	seq_printf(s, "frames %llu\nevents %llu\nns_per_frame %llu\n", frames,
		   READ_ONCE(m->events),
		   frames ? div64_u64(READ_ONCE(m->cost_ns), frames) : 0);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(motion);

static int alarm_input_set(void *data, u64 val)
{
	struct ipcam_dev *idev = data;
	struct ipcam_ptz *ptz = &idev->ptz;

	if (val > 1)
		return -EINVAL;
	mutex_lock(&ptz->lock);
	if (!ptz->dead)
		ipcam_ptz_alarm_changed(ptz, val);
	mutex_unlock(&ptz->lock);
	return 0;
}

static int alarm_input_get(void *data, u64 *val)
{
	struct ipcam_dev *idev = data;

	*val = READ_ONCE(idev->ptz.alarm_input);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(alarm_input_fops, alarm_input_get, alarm_input_set, "%llu\n");

static int led_get(void *data, u64 *val)
{
	struct ipcam_dev *idev = data;

	*val = READ_ONCE(idev->ptz.led_on);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(led_fops, led_get, NULL, "%llu\n");

/* Racy snapshot of the capture's progress: the thread writes it unlocked. */
static int capture_show(struct seq_file *s, void *unused)
{
	struct ipcam_dev *idev = s->private;

	seq_printf(s, "sequence %u\nperiod_ns %lld\n", READ_ONCE(idev->sequence),
		   (long long)atomic64_read(&idev->period_ns));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(capture);

void ipcam_debugfs_init(struct ipcam_dev *idev)
{
	idev->debugfs = debugfs_create_dir(dev_name(idev->dev), NULL);
	debugfs_create_file("render_bench", 0400, idev->debugfs, idev,
			    &render_bench_fops);
	debugfs_create_file_unsafe("scene_activity", 0200, idev->debugfs, idev,
				   &scene_activity_fops);
	debugfs_create_file("motion", 0400, idev->debugfs, idev, &motion_fops);
	if (!(idev->ptz.info_flags & IPCAM_PTZ_INFO_ALARM_INPUT))
		debugfs_create_file_unsafe("alarm_input", 0600, idev->debugfs, idev,
					   &alarm_input_fops);
	debugfs_create_file_unsafe("led", 0400, idev->debugfs, idev, &led_fops);
	debugfs_create_file("capture", 0400, idev->debugfs, idev, &capture_fops);
}

void ipcam_debugfs_exit(struct ipcam_dev *idev)
{
	debugfs_remove_recursive(idev->debugfs);
	idev->debugfs = NULL;
}

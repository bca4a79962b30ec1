// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipcam debugfs: measurements and test-only knobs, never an interface that
 * production user space depends on.
 *
 *   render_bench	read: time to render a 640x480 YUYV frame next to the
 *			time to copy one, measured now on this machine
 */
#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/seq_file.h>
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
	u64 t0, render_ns, copy_ns;
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

	seq_printf(s, "frame 640x480 YUYV\nrender_ns %llu\ncopy_ns %llu\n",
		   render_ns, copy_ns);
	vfree(src);
	vfree(dst);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(render_bench);

void ipcam_debugfs_init(struct ipcam_dev *idev)
{
	idev->debugfs = debugfs_create_dir(dev_name(idev->dev), NULL);
	debugfs_create_file("render_bench", 0400, idev->debugfs, idev,
			    &render_bench_fops);
}

void ipcam_debugfs_exit(struct ipcam_dev *idev)
{
	debugfs_remove_recursive(idev->debugfs);
	idev->debugfs = NULL;
}

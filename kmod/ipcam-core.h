/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ipcam: one pan/tilt network camera head: image sensor (V4L2 capture node)
 * plus pan/tilt motors, alarm input, IO output and LED (/dev/ptzN), and
 * its microphone (an ALSA card) when the firmware says it has one.
 *
 * Lifetime: struct ipcam_dev is reference counted (kref).  The platform
 * device holds one reference from probe to remove, the V4L2 device holds one
 * until its last node is released, every open /dev/ptzN file holds one,
 * and the sound card holds one until it is freed with its last file.
 * Nothing reachable from an open file is devm-allocated.
 *
 * Lock order: ctrl handler lock -> dev->lock (V4L2 ioctls and vb2 queue)
 *             -> ptz->lock (motor settings, mutex) -> motor spinlock;
 *             ctrl handler lock -> motion.lock (a leaf spinlock).
 */
#ifndef _IPCAM_CORE_H
#define _IPCAM_CORE_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/videodev2.h>
#include <media/v4l2-ctrls.h>
#include <media/v4l2-device.h>
#include <media/v4l2-dev.h>
#include <media/videobuf2-v4l2.h>
#include <sound/core.h>

#include "ipcam-activity.h"
#include "ipcam-geometry.h"
#include "ipcam-motion.h"
#include "ipcam-render.h"
#include "ipcam-ptz.h"

#define IPCAM_DRV_NAME		"ipcam"

struct ipcam_buffer {
	struct vb2_v4l2_buffer vb;
	struct list_head list;
};

/* Motion detection of the capture node (ipcam-vid-motion.c). */
struct ipcam_motion {
	spinlock_t lock;		/* cfg and changed */
	struct ipcam_md_config cfg;	/* as the controls set it */
	bool changed;

	/* The generator thread's own. */
	struct ipcam_md_config active;
	struct ipcam_md md;
	u64 settle_until;
	u64 frames;
	u64 events;
	u64 cost_ns;
};

struct ipcam_dev {
	struct kref kref;
	struct device *dev;		/* NULL once unbound */
	int inst;

	/* V4L2 side */
	struct v4l2_device v4l2_dev;
	struct video_device vdev;
	struct vb2_queue queue;
	struct v4l2_ctrl_handler ctrl_hdl;
	struct mutex lock;		/* ioctls and the vb2 queue */

	/* Current format and frame interval (under lock). */
	const struct ipcam_format *fmt;
	struct v4l2_pix_format pix;
	struct v4l2_fract timeperframe;
	atomic64_t period_ns;		/* of timeperframe, read by the thread */

	/* Buffers queued by vb2, consumed by the generator thread. */
	spinlock_t buf_lock;
	struct list_head buf_list;
	struct task_struct *gen_thread;
	u32 sequence;

	/* Picture controls, written by s_ctrl, read by the generator. */
	struct {
		u32 brightness;
		u32 contrast;
		u32 power_line;		/* V4L2_CID_POWER_LINE_FREQUENCY_* */
		bool hflip;
		bool vflip;
		atomic_t generation;	/* bumped when the grade changes */
	} pic;
	u32 mains_hz;			/* of the lights the virtual scene sees */

	/* Virtual sensor: the scene and its graded copy. */
	struct ipcam_pano scene;
	struct ipcam_pano graded;
	int graded_generation;
	struct ipcam_activity activity;	/* the car on the street */

	/* Motion detection on the sensor's frames. */
	struct ipcam_motion motion;

	/* The microphone's sound card, NULL when the camera has none. */
	struct snd_card *card;

	/* Pan/tilt head, alarm input, IO output, LED: /dev/ptzN. */
	struct ipcam_ptz ptz;

	struct dentry *debugfs;
};

static inline struct ipcam_dev *ptz_to_ipcam(struct ipcam_ptz *ptz)
{
	return container_of(ptz, struct ipcam_dev, ptz);
}

void ipcam_dev_get(struct ipcam_dev *idev);
void ipcam_dev_put(struct ipcam_dev *idev);

/* ipcam-vid-cap.c */
int ipcam_vid_cap_init(struct ipcam_dev *idev, u32 activity_period);
int ipcam_vid_cap_register(struct ipcam_dev *idev);
void ipcam_vid_cap_unregister(struct ipcam_dev *idev);
void ipcam_vid_cap_free(struct ipcam_dev *idev);

/* ipcam-ctrls.c */
extern const struct v4l2_ctrl_ops ipcam_ctrl_ops;
int ipcam_ctrls_init(struct ipcam_dev *idev);

/* ipcam-vid-motion.c */
void ipcam_motion_ctrls_init(struct ipcam_dev *idev, struct v4l2_ctrl_handler *hdl);
bool ipcam_motion_is_ctrl(u32 id);
int ipcam_motion_s_ctrl(struct ipcam_dev *idev, struct v4l2_ctrl *ctrl);
void ipcam_motion_luma(const struct ipcam_render_view *v, const u8 *buf,
		       struct ipcam_md_luma *l);
void ipcam_motion_frame(struct ipcam_dev *idev, const struct ipcam_render_view *v,
			const u8 *buf, u32 sequence, u64 now);
int ipcam_motion_subscribe(struct v4l2_fh *fh, const struct v4l2_event_subscription *sub);
void ipcam_motion_stream_start(struct ipcam_dev *idev);

/* ipcam-audio.c: built when the kernel has ALSA's PCM core */
#if IS_ENABLED(CONFIG_SND_PCM)
int ipcam_audio_register(struct ipcam_dev *idev);
void ipcam_audio_unregister(struct ipcam_dev *idev);
#else
static inline int ipcam_audio_register(struct ipcam_dev *idev)
{
	return -EOPNOTSUPP;
}

static inline void ipcam_audio_unregister(struct ipcam_dev *idev)
{
}
#endif

/* ipcam-debugfs.c */
void ipcam_debugfs_init(struct ipcam_dev *idev);
void ipcam_debugfs_exit(struct ipcam_dev *idev);

#endif /* _IPCAM_CORE_H */

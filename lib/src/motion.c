// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Motion detection on a video handle: the device's own detector through the
 * V4L2 Detect class and V4L2_EVENT_MOTION_DET, or, for devices without one
 * (vivid, webcams), the ipcam driver's detector compiled into the library
 * (kmod/ipcam-motion.c) and run on the frames the handle dequeues.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/ipcam-video.h>
#include <linux/videodev2.h>

#include "kernel-types.h"
#include "ipcam-motion.h"
#include "video-priv.h"

_Static_assert(IPCAM_MOTION_COLS == IPCAM_MD_COLS && IPCAM_MOTION_ROWS == IPCAM_MD_ROWS,
	       "the public grid is the detector's");
_Static_assert(IPCAM_MOTION_EXCLUDED == IPCAM_MD_THRESHOLD_MAX,
	       "an excluded cell is the detector's maximum threshold");

#define SW_QUEUE	16	/* events kept for the reader; the oldest go first */

struct ipcam_motion {
	int hardware;
	struct ipcam_md_config cfg;
	struct ipcam_md md;
	struct ipcam_motion_event queue[SW_QUEUE];
	unsigned int head;
	unsigned int count;
};

static int config_validate(const struct ipcam_motion_config *cfg)
{
	if (!cfg->grid)
		return cfg->threshold >= IPCAM_MD_THRESHOLD_MIN &&
		       cfg->threshold < IPCAM_MD_THRESHOLD_MAX ? 0 : -EINVAL;
	for (size_t i = 0; i < IPCAM_MD_CELLS; i++)
		if (cfg->grid[i] < IPCAM_MD_THRESHOLD_MIN ||
		    cfg->grid[i] > IPCAM_MD_THRESHOLD_MAX)
			return -EINVAL;
	return 0;
}

/* The device has the Detect class detector, with our grid if one is asked for. */
static int device_detects(struct ipcam_video *video, int want_grid)
{
	struct v4l2_query_ext_ctrl q = { .id = V4L2_CID_DETECT_MD_MODE };

	if (ipcam_video_ioctl(video, VIDIOC_QUERY_EXT_CTRL, &q) ||
	    (q.flags & V4L2_CTRL_FLAG_DISABLED) || q.maximum < V4L2_DETECT_MD_MODE_GLOBAL)
		return 0;
	if (!want_grid)
		return 1;
	memset(&q, 0, sizeof(q));
	q.id = V4L2_CID_DETECT_MD_THRESHOLD_GRID;
	return !ipcam_video_ioctl(video, VIDIOC_QUERY_EXT_CTRL, &q) &&
	       q.nr_of_dims == 2 && q.dims[0] == IPCAM_MD_COLS &&
	       q.dims[1] == IPCAM_MD_ROWS && q.elem_size == sizeof(uint16_t);
}

static int set_ctrl(struct ipcam_video *video, struct v4l2_ext_control *c)
{
	struct v4l2_ext_controls cs = {
		.which = V4L2_CTRL_WHICH_CUR_VAL,
		.count = 1,
		.controls = c,
	};

	return ipcam_video_ioctl(video, VIDIOC_S_EXT_CTRLS, &cs);
}

static int device_arm(struct ipcam_video *video, const struct ipcam_motion_config *cfg)
{
	struct v4l2_event_subscription sub = { .type = V4L2_EVENT_MOTION_DET };
	struct v4l2_ext_control c;
	uint16_t grid[IPCAM_MD_CELLS];
	int err;

	if (cfg->grid) {
		memcpy(grid, cfg->grid, sizeof(grid));
		memset(&c, 0, sizeof(c));
		c.id = V4L2_CID_DETECT_MD_THRESHOLD_GRID;
		c.size = sizeof(grid);
		c.p_u16 = grid;
		err = set_ctrl(video, &c);
		if (err)
			return ipcam_fail(video->err, err, "%s: motion grid", video->path);
	} else {
		memset(&c, 0, sizeof(c));
		c.id = V4L2_CID_DETECT_MD_GLOBAL_THRESHOLD;
		c.value = (int32_t)cfg->threshold;
		err = set_ctrl(video, &c);
		if (err)
			return ipcam_fail(video->err, err, "%s: motion threshold", video->path);
	}
	/* Not every detector has it: ours does, others compensate their way. */
	memset(&c, 0, sizeof(c));
	c.id = V4L2_CID_IPCAM_MD_COMPENSATION;
	c.value = !!cfg->compensate;
	err = set_ctrl(video, &c);
	if (err && err != -EINVAL)
		return ipcam_fail(video->err, err, "%s: motion compensation", video->path);

	err = ipcam_video_ioctl(video, VIDIOC_SUBSCRIBE_EVENT, &sub);
	if (err)
		return ipcam_fail(video->err, err, "%s: subscribe to motion events",
				  video->path);
	memset(&c, 0, sizeof(c));
	c.id = V4L2_CID_DETECT_MD_MODE;
	c.value = cfg->grid ? V4L2_DETECT_MD_MODE_THRESHOLD_GRID : V4L2_DETECT_MD_MODE_GLOBAL;
	err = set_ctrl(video, &c);
	if (err)
		return ipcam_fail(video->err, err, "%s: motion detection mode", video->path);
	return 0;
}

static void device_disarm(struct ipcam_video *video)
{
	struct v4l2_event_subscription sub = { .type = V4L2_EVENT_MOTION_DET };
	struct v4l2_ext_control c = {
		.id = V4L2_CID_DETECT_MD_MODE,
		.value = V4L2_DETECT_MD_MODE_DISABLED,
	};

	set_ctrl(video, &c);
	ipcam_video_ioctl(video, VIDIOC_UNSUBSCRIBE_EVENT, &sub);
}

int ipcam_motion_arm(struct ipcam_video *video, const struct ipcam_motion_config *cfg)
{
	struct ipcam_motion *m = video->motion;
	int err, hardware;

	if (config_validate(cfg))
		return ipcam_fail(video->err, -EINVAL, "motion threshold out of 1..%d",
				  cfg->grid ? IPCAM_MD_THRESHOLD_MAX :
					      IPCAM_MD_THRESHOLD_MAX - 1);
	if (!m) {
		m = calloc(1, sizeof(*m));
		if (!m)
			return ipcam_fail(video->err, -ENOMEM, "motion detector");
		ipcam_md_reset(&m->md);
	}
	hardware = device_detects(video, cfg->grid != NULL);
	if (hardware) {
		err = device_arm(video, cfg);
		if (err) {
			if (!video->motion)
				free(m);
			return err;	/* a detector armed before stays as it was */
		}
	} else if (m->hardware) {
		device_disarm(video);	/* now a grid the device cannot take */
	}
	m->hardware = hardware;
	m->cfg.mode = cfg->grid ? IPCAM_MD_MODE_GRID : IPCAM_MD_MODE_GLOBAL;
	m->cfg.threshold = (u16)cfg->threshold;
	m->cfg.compensate = cfg->compensate != 0;
	if (cfg->grid)
		memcpy(m->cfg.grid, cfg->grid, sizeof(m->cfg.grid));
	video->motion = m;
	return 0;
}

void ipcam_motion_free(struct ipcam_video *video)
{
	free(video->motion);
	video->motion = NULL;
}

int ipcam_motion_disarm(struct ipcam_video *video)
{
	if (video->motion && video->motion->hardware)
		device_disarm(video);
	ipcam_motion_free(video);
	return 0;
}

int ipcam_motion_hardware(const struct ipcam_video *video)
{
	return video->motion ? video->motion->hardware : -EINVAL;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void sw_queue(struct ipcam_motion *m, const struct ipcam_motion_event *ev)
{
	if (m->count == SW_QUEUE) {
		m->head = (m->head + 1) % SW_QUEUE;
		m->count--;
	}
	m->queue[(m->head + m->count) % SW_QUEUE] = *ev;
	m->count++;
}

void ipcam_motion_frame(struct ipcam_video *video, const struct ipcam_frame *frame)
{
	struct ipcam_motion *m = video->motion;
	struct ipcam_md_luma luma = {
		.data = frame->data,
		.width = frame->width,
		.height = frame->height,
		.stride = frame->bytesperline,
	};
	uint16_t means[IPCAM_MD_CELLS];

	if (m->hardware)
		return;
	switch (frame->fourcc) {
	case V4L2_PIX_FMT_YUYV:
		luma.step = 2;
		break;
	case V4L2_PIX_FMT_YUV420:
	case V4L2_PIX_FMT_YVU420:
	case V4L2_PIX_FMT_GREY:
		luma.step = 1;
		break;
	default:
		return;		/* no luma plane to look at */
	}
	if ((size_t)frame->bytesperline * frame->height > frame->bytesused)
		return;		/* a short frame */
	ipcam_md_cell_means(&luma, means);
	if (ipcam_md_update(&m->md, &m->cfg, means, false)) {
		struct ipcam_motion_event ev = {
			.regions = m->md.mask,
			.sequence = frame->sequence,
			.timestamp_ns = mono_ns(),
		};

		sw_queue(m, &ev);
	}
}

int ipcam_motion_read(struct ipcam_video *video, struct ipcam_motion_event *ev)
{
	struct ipcam_motion *m = video->motion;
	struct v4l2_event e;
	int err;

	if (!m)
		return ipcam_fail(video->err, -EINVAL, "%s: motion detection not armed",
				  video->path);
	if (!m->hardware) {
		if (!m->count)
			return -EAGAIN;
		*ev = m->queue[m->head];
		m->head = (m->head + 1) % SW_QUEUE;
		m->count--;
		return 0;
	}
	for (;;) {
		memset(&e, 0, sizeof(e));
		err = ipcam_video_ioctl(video, VIDIOC_DQEVENT, &e);
		if (err == -ENOENT)
			return -EAGAIN;
		if (err)
			return ipcam_fail(video->err, err, "%s: VIDIOC_DQEVENT", video->path);
		if (e.type == V4L2_EVENT_MOTION_DET)
			break;
	}
	ev->regions = e.u.motion_det.region_mask;
	ev->sequence = e.u.motion_det.frame_sequence;
	ev->timestamp_ns = (uint64_t)e.timestamp.tv_sec * 1000000000u +
			   (uint64_t)e.timestamp.tv_nsec;
	return 0;
}

int ipcam_motion_wait(struct ipcam_video *video, int timeout_ms)
{
	uint64_t deadline = mono_ns() + (uint64_t)(timeout_ms < 0 ? 0 : timeout_ms) * 1000000u;
	struct ipcam_motion *m = video->motion;
	struct ipcam_frame fr;
	struct pollfd pfd;
	int err;

	if (!m)
		return ipcam_fail(video->err, -EINVAL, "%s: motion detection not armed",
				  video->path);
	for (;;) {
		int left = -1;

		if (!m->hardware && m->count)
			return 0;
		if (timeout_ms >= 0) {
			uint64_t now = mono_ns();

			if (now >= deadline)
				return -ETIMEDOUT;
			left = (int)((deadline - now + 999999) / 1000000);
		}
		pfd.fd = video->fd;
		pfd.events = POLLIN | POLLPRI;
		pfd.revents = 0;
		if (poll(&pfd, 1, left) < 0) {
			if (errno == EINTR)
				continue;
			return ipcam_fail(video->err, ipcam_neg_errno(), "poll %s", video->path);
		}
		if (pfd.revents & POLLPRI)
			return 0;
		if (!(pfd.revents & (POLLIN | POLLERR | POLLHUP)))
			continue;
		/* Give frames back at once: a detector needs free buffers. */
		err = ipcam_video_dequeue(video, &fr);
		if (err == -EAGAIN)
			continue;
		if (err)
			return err;
		err = ipcam_video_requeue(video, &fr);
		if (err)
			return err;
	}
}

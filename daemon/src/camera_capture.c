// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The camera's video node as the stream hub's frame source
 * (frame_source.h), and motion detection on what it captures.  The lock
 * is held to dequeue and requeue a buffer, never while the hub encodes
 * it: a device that goes meanwhile is closed when the frame comes back.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <ipcam.h>
#include <malloc.h>
#include <poll.h>

#include <linux/videodev2.h>

#include "camera_priv.h"
#include "encoder_stage.h"
#include "frame_source.h"
#include "log.h"
#include "util.h"

/* Arm or disarm the running capture's detector as asked (cam->lock held). */
static void motion_arm_locked(struct camera *cam)
{
	int rc;

	if (!cam->capturing || !cam->video)
		return;
	if (!cam->motion.armed) {
		if (ipcam_motion_hardware(cam->video) >= 0)
			ipcam_motion_disarm(cam->video);
		return;
	}
	rc = ipcam_motion_arm(cam->video, &cam->motion.cfg);
	if (rc) {
		char why[256];

		/* the message first: a device gone closes the handle */
		str_copy(why, sizeof(why), ipcam_video_last_error(cam->video));
		camera_gone_check(cam, rc);
		log_warn("motion detection: %s", why);
	} else {
		log_info("motion detection armed (%s, threshold %u)",
			 ipcam_motion_hardware(cam->video) ? "the sensor's" : "software",
			 cam->motion.cfg.threshold);
	}
}

#define MOTION_BATCH 8

/* Take the detector's events (cam->lock held). */
static int motion_collect_locked(struct camera *cam, struct ipcam_motion_event *ev, int max)
{
	int n = 0;

	if (!cam->motion.armed || !cam->video || ipcam_motion_hardware(cam->video) < 0)
		return 0;
	while (n < max && ipcam_motion_read(cam->video, &ev[n]) == 0)
		n++;
	return n;
}

/* Hand detector events to the sink (cam->lock not held). */
static void motion_deliver(struct camera *cam, const struct ipcam_motion_event *ev, int n)
{
	pthread_mutex_lock(&cam->motion.sink_lock);
	for (int i = 0; i < n && cam->motion.sink; i++)
		cam->motion.sink(cam->motion.ctx, ev[i].regions, ev[i].sequence);
	pthread_mutex_unlock(&cam->motion.sink_lock);
}

static void motion_set_sink(struct camera *cam, camera_motion_sink sink, void *ctx)
{
	pthread_mutex_lock(&cam->motion.sink_lock);
	cam->motion.sink = sink;
	cam->motion.ctx = ctx;
	pthread_mutex_unlock(&cam->motion.sink_lock);
}

void camera_motion_set(struct camera *cam, bool armed, unsigned int threshold,
		       bool compensate, camera_motion_sink sink, void *ctx)
{
	if (!cam)
		return;
	if (armed)
		motion_set_sink(cam, sink, ctx);	/* before the first event */
	pthread_mutex_lock(&cam->lock);
	cam->motion.armed = armed;
	memset(&cam->motion.cfg, 0, sizeof(cam->motion.cfg));
	cam->motion.cfg.threshold = threshold;
	cam->motion.cfg.compensate = compensate;
	motion_arm_locked(cam);
	pthread_mutex_unlock(&cam->lock);
	if (!armed)
		motion_set_sink(cam, NULL, NULL);
}

static bool cap_available(void *ctx)
{
	struct camera *cam = ctx;

	return camera_present(cam);
}

/*
 * The format to capture in: the encoder's cheapest among the device's own
 * (the ipcam node has YUV420 as well as its default YUYV), else YUV420 that
 * libv4l2 converts to in this process (a MJPEG-only webcam).
 */
static uint32_t cap_fourcc_locked(struct camera *cam)
{
	uint32_t native[16], fourcc, flags;
	size_t n = 0;

	for (unsigned int i = 0; n < ARRAY_SIZE(native) &&
	     !ipcam_video_enum_format_flags(cam->video, i, &fourcc, &flags); i++)
		if (!(flags & V4L2_FMT_FLAG_EMULATED))
			native[n++] = fourcc;
	fourcc = encoder_stage_pick(native, n);
	return fourcc ? fourcc : V4L2_PIX_FMT_YUV420;
}

/* The capture's format: WIDTH x HEIGHT in the format cap_fourcc_locked() picks. */
static int cap_format_locked(struct camera *cam, uint32_t width, uint32_t height,
			     struct ipcam_format *fmt)
{
	uint32_t fourcc = cap_fourcc_locked(cam);
	int rc = camera_gone_check(cam, ipcam_video_get_format(cam->video, fmt));

	if (rc || (fmt->width == width && fmt->height == height && fmt->fourcc == fourcc))
		return rc;
	fmt->fourcc = fourcc;
	fmt->width = width;
	fmt->height = height;
	/* the driver may pick the nearest size: the encoder stage scales from it */
	rc = camera_gone_check(cam, ipcam_video_set_format(cam->video, fmt));
	if (!rc && !encoder_stage_accepts(fmt->fourcc))
		rc = -EOPNOTSUPP;
	return rc;
}

static int cap_start(void *ctx, uint32_t width, uint32_t height, double fps)
{
	struct camera *cam = ctx;
	struct ipcam_format fmt;
	int rc;

	pthread_mutex_lock(&cam->lock);
	rc = !cam->have ? -ENODEV : camera_gone_check(cam, camera_video_get(cam));
	if (rc)
		goto out;
	rc = cap_format_locked(cam, width, height, &fmt);
	if (rc)
		goto out;
	cam->capturing = true;
	cam->capture_fps = fps;
	rc = camera_gone_check(cam, camera_apply_rate_locked(cam));
	if (rc)
		goto out;
	rc = camera_gone_check(cam, ipcam_video_start(cam->video, 4));
	if (rc)
		goto out;
	motion_arm_locked(cam);
	log_info("capture started: %ux%u %.4s", fmt.width, fmt.height, (const char *)&fmt.fourcc);
out:
	if (rc) {
		cam->capturing = false;
		camera_video_put(cam);
	}
	pthread_mutex_unlock(&cam->lock);
	return rc;
}

static int cap_set_rate(void *ctx, double fps)
{
	struct camera *cam = ctx;
	int rc = -ENODEV;

	pthread_mutex_lock(&cam->lock);
	if (cam->capturing && cam->video) {
		cam->capture_fps = fps;
		rc = camera_gone_check(cam, camera_apply_rate_locked(cam));
	}
	pthread_mutex_unlock(&cam->lock);
	return rc;
}

static void cap_stop(void *ctx)
{
	struct camera *cam = ctx;
	/* the detector ends with the capture: a motion it saw has ended */
	struct ipcam_motion_event end = { 0 };
	bool detecting;

	pthread_mutex_lock(&cam->lock);
	detecting = cam->capturing && cam->motion.armed;
	if (cam->capturing)
		log_info("capture stopped: the video node is closed");
	if (cam->video && ipcam_motion_hardware(cam->video) >= 0)
		ipcam_motion_disarm(cam->video);	/* the device's detector rests too */
	if (cam->video)
		ipcam_video_stop(cam->video);
	cam->capturing = false;
	cam->capture_fps = 0;
	if (cam->video)
		camera_apply_rate_locked(cam);	/* back to the rate camera_control set */
	camera_video_put(cam);
	pthread_mutex_unlock(&cam->lock);
	if (detecting)
		motion_deliver(cam, &end, 1);
	/* at rest: hand the freed frame and connection memory back */
	malloc_trim(0);
}

/* A frame is ready on FD now (poll without waiting). */
static bool frame_ready(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static int cap_get(void *ctx, struct ipcam_frame *fr, int timeout_ms)
{
	struct camera *cam = ctx;
	struct ipcam_frame newer;
	struct pollfd pfd;
	int rc;

	pthread_mutex_lock(&cam->lock);
	if (!cam->capturing || !cam->video) {
		pthread_mutex_unlock(&cam->lock);
		return -ENODEV;
	}
	pfd.fd = ipcam_video_fd(cam->video);
	pfd.events = POLLIN;
	pthread_mutex_unlock(&cam->lock);
	/* wait without the lock: the CGIs keep working meanwhile */
	if (poll(&pfd, 1, timeout_ms) == 0)
		return -EAGAIN;
	pthread_mutex_lock(&cam->lock);
	if (!cam->capturing || !cam->video) {
		pthread_mutex_unlock(&cam->lock);
		return -ENODEV;
	}
	rc = ipcam_video_dequeue(cam->video, fr);
	/*
	 * Drain to the newest frame: a late encode never sends an old picture.
	 * Only while poll() says a frame is ready: a DQBUF that finds none
	 * makes libv4l2 print an error on stderr (the journal, under systemd),
	 * once a frame.
	 */
	while (!rc && frame_ready(pfd.fd) && ipcam_video_dequeue(cam->video, &newer) == 0) {
		ipcam_video_requeue(cam->video, fr);
		*fr = newer;
	}
	if (rc)
		rc = rc == -EAGAIN ? -EAGAIN : camera_gone_check(cam, rc);
	else
		cam->frame_out = true;	/* encoded outside the lock, until cap_put() */
	pthread_mutex_unlock(&cam->lock);
	return rc;
}

static int cap_put(void *ctx, struct ipcam_frame *fr)
{
	struct camera *cam = ctx;
	struct ipcam_motion_event ev[MOTION_BATCH];
	int rc = -ENODEV, nev = 0;

	pthread_mutex_lock(&cam->lock);
	cam->frame_out = false;
	if (cam->retired) {
		/* the device went while the frame was out: its handle ends now */
		ipcam_video_close(cam->retired);
		cam->retired = NULL;
	} else if (cam->video) {
		rc = camera_gone_check(cam, ipcam_video_requeue(cam->video, fr));
		nev = motion_collect_locked(cam, ev, MOTION_BATCH);
	}
	pthread_mutex_unlock(&cam->lock);
	/* outside the lock: the sink may call back into the camera */
	motion_deliver(cam, ev, nev);
	return rc;
}

const struct frame_source_ops camera_source_ops = {
	cap_available, cap_start, cap_set_rate, cap_get, cap_put, cap_stop,
};

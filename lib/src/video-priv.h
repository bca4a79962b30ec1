/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The video handle, shared by capture.c (streaming) and controls.c. */
#ifndef IPCAM_VIDEO_PRIV_H
#define IPCAM_VIDEO_PRIV_H

#include "internal.h"

/* VIDEO_MAX_FRAME: the most buffers REQBUFS hands out. */
#define IPCAM_MAX_BUFFERS	32

struct ipcam_video_buf {
	void *start;		/* v4l2_mmap()ed */
	size_t length;
	int queued;		/* owned by the driver, not by the caller */
};

struct ipcam_motion;

struct ipcam_video {
	int fd;			/* registered with libv4l2 */
	int gone;		/* saw -ENODEV: the device has been removed */
	int streaming;
	unsigned int nbufs;
	struct ipcam_video_buf bufs[IPCAM_MAX_BUFFERS];
	struct ipcam_format fmt;	/* as last set or read */
	struct ipcam_motion *motion;	/* armed detector, or NULL */
	char path[128];
	char err[IPCAM_ERRMSG_LEN];
};

/*
 * v4l2_ioctl() that retries on EINTR and marks the handle gone on ENODEV:
 * 0 or a negative errno, without touching the error message.
 */
int ipcam_video_ioctl(struct ipcam_video *video, unsigned long req, void *arg);

/* VIDIOC_G_FMT / VIDIOC_TRY_FMT / VIDIOC_S_FMT on the capture type. */
int ipcam_video_fmt_ioctl(struct ipcam_video *video, unsigned long req,
			  struct ipcam_format *fmt);

/* motion.c: the software detector's look at a frame just dequeued. */
void ipcam_motion_frame(struct ipcam_video *video, const struct ipcam_frame *frame);
void ipcam_motion_free(struct ipcam_video *video);

#endif /* IPCAM_VIDEO_PRIV_H */

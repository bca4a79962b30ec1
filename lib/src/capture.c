// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The video node: open through libv4l2, formats and frame intervals, mmap
 * streaming with a non-blocking fd, and the device disappearing under us.
 *
 * Once any ioctl has said ENODEV the handle is "gone": every later call
 * fails with -ENODEV without touching the device, except stop/close, which
 * still unmap the buffers (vb2 keeps them alive until then, so frames the
 * caller holds stay readable).
 */
#include <errno.h>
#include <fcntl.h>
#include <libv4l2.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "video-priv.h"

#define DEFAULT_BUFFERS		4

int ipcam_video_ioctl(struct ipcam_video *video, unsigned long req, void *arg)
{
	int err;

	if (video->gone)
		return -ENODEV;
	while (v4l2_ioctl(video->fd, req, arg) < 0) {
		if (errno == EINTR)
			continue;
		err = ipcam_neg_errno();
		if (err == -ENODEV)
			video->gone = 1;
		return err;
	}
	return 0;
}

int ipcam_video_fmt_ioctl(struct ipcam_video *video, unsigned long req,
			  struct ipcam_format *fmt)
{
	struct v4l2_format f = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	int err;

	if (req != VIDIOC_G_FMT) {
		/* Start from the current format: keep what we do not set. */
		err = ipcam_video_ioctl(video, VIDIOC_G_FMT, &f);
		if (err)
			return err;
		f.fmt.pix.pixelformat = fmt->fourcc;
		f.fmt.pix.width = fmt->width;
		f.fmt.pix.height = fmt->height;
		f.fmt.pix.field = V4L2_FIELD_ANY;
		f.fmt.pix.bytesperline = 0;	/* let the driver choose */
	}
	err = ipcam_video_ioctl(video, req, &f);
	if (err)
		return err;
	fmt->fourcc = f.fmt.pix.pixelformat;
	fmt->width = f.fmt.pix.width;
	fmt->height = f.fmt.pix.height;
	fmt->bytesperline = f.fmt.pix.bytesperline;
	fmt->sizeimage = f.fmt.pix.sizeimage;
	return 0;
}

static const char *fourcc_str(uint32_t fourcc, char buf[5])
{
	int i;

	for (i = 0; i < 4; i++) {
		char c = (char)((fourcc >> (8 * i)) & 0xff);

		buf[i] = c >= 0x20 && c < 0x7f ? c : '?';
	}
	buf[4] = '\0';
	return buf;
}

int ipcam_video_open(struct ipcam_video **out, const char *path)
{
	struct v4l2_capability cap = { 0 };
	struct ipcam_video *video;
	uint32_t caps;
	int fd, err;

	*out = NULL;
	video = calloc(1, sizeof(*video));
	if (!video)
		return -ENOMEM;
	snprintf(video->path, sizeof(video->path), "%s", path);
	fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err = ipcam_neg_errno();
		goto free_video;
	}
	/*
	 * Ask the driver itself first: libv4l2 would complain on stderr about
	 * a node that is not a camera, and its answer is the same.
	 */
	if (ioctl(fd, VIDIOC_QUERYCAP, &cap) < 0) {
		err = ipcam_neg_errno();
		goto close_fd;
	}
	caps = cap.capabilities & V4L2_CAP_DEVICE_CAPS ? cap.device_caps :
							 cap.capabilities;
	if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || !(caps & V4L2_CAP_STREAMING)) {
		err = -EOPNOTSUPP;
		goto close_fd;
	}
	/* Let libv4l2 offer (and convert to) formats the device lacks. */
	video->fd = v4l2_fd_open(fd, V4L2_ENABLE_ENUM_FMT_EMULATION);
	if (video->fd < 0) {
		err = ipcam_neg_errno();
		goto close_fd;
	}
	err = ipcam_video_fmt_ioctl(video, VIDIOC_G_FMT, &video->fmt);
	if (err) {
		v4l2_close(video->fd);
		goto free_video;
	}
	*out = video;
	return 0;
close_fd:
	close(fd);
free_video:
	free(video);
	return err;
}

void ipcam_video_close(struct ipcam_video *video)
{
	if (!video)
		return;
	ipcam_video_stop(video);
	ipcam_motion_free(video);
	v4l2_close(video->fd);
	free(video);
}

int ipcam_video_fd(const struct ipcam_video *video)
{
	return video->fd;
}

const char *ipcam_video_last_error(const struct ipcam_video *video)
{
	return video->err;
}

int ipcam_video_enum_format_flags(struct ipcam_video *video, unsigned int index,
				  uint32_t *fourcc, uint32_t *flags)
{
	struct v4l2_fmtdesc d = {
		.index = index,
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
	};
	int err = ipcam_video_ioctl(video, VIDIOC_ENUM_FMT, &d);

	if (err)	/* -EINVAL past the end is the normal way out: no message */
		return err;
	*fourcc = d.pixelformat;
	*flags = d.flags;
	return 0;
}

int ipcam_video_enum_format(struct ipcam_video *video, unsigned int index,
			    uint32_t *fourcc)
{
	uint32_t flags;

	return ipcam_video_enum_format_flags(video, index, fourcc, &flags);
}

int ipcam_video_enum_size(struct ipcam_video *video, uint32_t fourcc,
			  unsigned int index, uint32_t *width, uint32_t *height)
{
	struct v4l2_frmsizeenum s = { .index = index, .pixel_format = fourcc };
	int err = ipcam_video_ioctl(video, VIDIOC_ENUM_FRAMESIZES, &s);

	if (err)
		return err;
	if (s.type != V4L2_FRMSIZE_TYPE_DISCRETE)
		return ipcam_fail(video->err, -EOPNOTSUPP,
				  "%s: frame sizes are a range, not a list",
				  video->path);
	*width = s.discrete.width;
	*height = s.discrete.height;
	return 0;
}

int ipcam_video_enum_interval(struct ipcam_video *video, uint32_t fourcc,
			      uint32_t width, uint32_t height,
			      unsigned int index, struct ipcam_interval *interval)
{
	struct v4l2_frmivalenum iv = {
		.index = index,
		.pixel_format = fourcc,
		.width = width,
		.height = height,
	};
	int err = ipcam_video_ioctl(video, VIDIOC_ENUM_FRAMEINTERVALS, &iv);

	if (err)
		return err;
	if (iv.type != V4L2_FRMIVAL_TYPE_DISCRETE)
		return ipcam_fail(video->err, -EOPNOTSUPP,
				  "%s: frame intervals are a range, not a list",
				  video->path);
	interval->num = iv.discrete.numerator;
	interval->den = iv.discrete.denominator;
	return 0;
}

int ipcam_video_get_format(struct ipcam_video *video, struct ipcam_format *fmt)
{
	int err = ipcam_video_fmt_ioctl(video, VIDIOC_G_FMT, &video->fmt);

	if (err)
		return ipcam_fail(video->err, err, "%s: VIDIOC_G_FMT", video->path);
	*fmt = video->fmt;
	return 0;
}

int ipcam_video_set_format(struct ipcam_video *video, struct ipcam_format *fmt)
{
	struct ipcam_format want = *fmt, got = *fmt;
	char a[5], b[5];
	int err;

	if (video->streaming)
		return ipcam_fail(video->err, -EBUSY,
				  "%s: cannot change the format while streaming",
				  video->path);
	/* TRY first: a format the device cannot give must change nothing. */
	err = ipcam_video_fmt_ioctl(video, VIDIOC_TRY_FMT, &got);
	if (err)
		return ipcam_fail(video->err, err, "%s: VIDIOC_TRY_FMT", video->path);
	if (got.fourcc != want.fourcc)
		return ipcam_fail(video->err, -EINVAL, "%s: no %s format (nearest %s)",
				  video->path, fourcc_str(want.fourcc, a),
				  fourcc_str(got.fourcc, b));
	err = ipcam_video_fmt_ioctl(video, VIDIOC_S_FMT, &want);
	if (err)
		return ipcam_fail(video->err, err, "%s: VIDIOC_S_FMT", video->path);
	video->fmt = want;
	*fmt = want;
	return 0;
}

static int parm_ioctl(struct ipcam_video *video, unsigned long req,
		      struct ipcam_interval *interval)
{
	struct v4l2_streamparm p = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	const char *what = req == VIDIOC_G_PARM ? "VIDIOC_G_PARM" : "VIDIOC_S_PARM";
	int err;

	err = ipcam_video_ioctl(video, VIDIOC_G_PARM, &p);
	if (err)
		return ipcam_fail(video->err, err, "%s: VIDIOC_G_PARM", video->path);
	if (!(p.parm.capture.capability & V4L2_CAP_TIMEPERFRAME))
		return ipcam_fail(video->err, -EOPNOTSUPP,
				  "%s: the frame rate cannot be chosen", video->path);
	if (req == VIDIOC_S_PARM) {
		if (!interval->num || !interval->den)
			return ipcam_fail(video->err, -EINVAL, "interval %u/%u",
					  interval->num, interval->den);
		p.parm.capture.timeperframe.numerator = interval->num;
		p.parm.capture.timeperframe.denominator = interval->den;
		err = ipcam_video_ioctl(video, VIDIOC_S_PARM, &p);
		if (err)
			return ipcam_fail(video->err, err, "%s: %s", video->path, what);
	}
	interval->num = p.parm.capture.timeperframe.numerator;
	interval->den = p.parm.capture.timeperframe.denominator;
	return 0;
}

int ipcam_video_get_interval(struct ipcam_video *video,
			     struct ipcam_interval *interval)
{
	return parm_ioctl(video, VIDIOC_G_PARM, interval);
}

int ipcam_video_set_interval(struct ipcam_video *video,
			     struct ipcam_interval *interval)
{
	return parm_ioctl(video, VIDIOC_S_PARM, interval);
}

/* Unmap and free the buffers; errors only matter while the device is there. */
static int release_buffers(struct ipcam_video *video)
{
	struct v4l2_requestbuffers req = {
		.count = 0,
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory = V4L2_MEMORY_MMAP,
	};
	unsigned int i;
	int err;

	for (i = 0; i < video->nbufs; i++) {
		if (video->bufs[i].start)
			v4l2_munmap(video->bufs[i].start, video->bufs[i].length);
		video->bufs[i].start = NULL;
		video->bufs[i].queued = 0;
	}
	video->nbufs = 0;
	err = ipcam_video_ioctl(video, VIDIOC_REQBUFS, &req);
	if (err == -ENODEV)
		return 0;
	return err;
}

static int queue_buffer(struct ipcam_video *video, unsigned int index)
{
	struct v4l2_buffer b = {
		.index = index,
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory = V4L2_MEMORY_MMAP,
	};
	int err = ipcam_video_ioctl(video, VIDIOC_QBUF, &b);

	if (err)
		return ipcam_fail(video->err, err, "%s: VIDIOC_QBUF %u",
				  video->path, index);
	video->bufs[index].queued = 1;
	return 0;
}

static int map_buffers(struct ipcam_video *video)
{
	unsigned int i;
	int err;

	for (i = 0; i < video->nbufs; i++) {
		struct v4l2_buffer b = {
			.index = i,
			.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
			.memory = V4L2_MEMORY_MMAP,
		};
		void *p;

		err = ipcam_video_ioctl(video, VIDIOC_QUERYBUF, &b);
		if (err)
			return ipcam_fail(video->err, err, "%s: VIDIOC_QUERYBUF %u",
					  video->path, i);
		/* Read-only: frames are for reading, never for writing back. */
		p = v4l2_mmap(NULL, b.length, PROT_READ, MAP_SHARED, video->fd,
			      b.m.offset);
		if (p == MAP_FAILED)
			return ipcam_fail(video->err, ipcam_neg_errno(),
					  "%s: mmap buffer %u", video->path, i);
		video->bufs[i].start = p;
		video->bufs[i].length = b.length;
	}
	return 0;
}

int ipcam_video_start(struct ipcam_video *video, unsigned int nbuffers)
{
	struct v4l2_requestbuffers req = {
		.count = nbuffers ? nbuffers : DEFAULT_BUFFERS,
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory = V4L2_MEMORY_MMAP,
	};
	int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	unsigned int i;
	int err;

	if (video->gone)
		return ipcam_fail(video->err, -ENODEV, "%s", video->path);
	if (video->streaming)
		return ipcam_fail(video->err, -EBUSY, "%s: already streaming",
				  video->path);
	if (req.count > IPCAM_MAX_BUFFERS)
		req.count = IPCAM_MAX_BUFFERS;
	err = ipcam_video_fmt_ioctl(video, VIDIOC_G_FMT, &video->fmt);
	if (err)
		return ipcam_fail(video->err, err, "%s: VIDIOC_G_FMT", video->path);
	err = ipcam_video_ioctl(video, VIDIOC_REQBUFS, &req);
	if (err)
		return ipcam_fail(video->err, err, "%s: VIDIOC_REQBUFS", video->path);
	if (!req.count || req.count > IPCAM_MAX_BUFFERS) {
		video->nbufs = req.count > IPCAM_MAX_BUFFERS ? 0 : req.count;
		release_buffers(video);
		return ipcam_fail(video->err, -ENOMEM, "%s: driver gave %u buffers",
				  video->path, req.count);
	}
	video->nbufs = req.count;
	err = map_buffers(video);
	for (i = 0; !err && i < video->nbufs; i++)
		err = queue_buffer(video, i);
	if (!err) {
		err = ipcam_video_ioctl(video, VIDIOC_STREAMON, &type);
		if (err)
			ipcam_fail(video->err, err, "%s: VIDIOC_STREAMON", video->path);
	}
	if (err) {
		release_buffers(video);
		return err;
	}
	video->streaming = 1;
	return 0;
}

int ipcam_video_stop(struct ipcam_video *video)
{
	int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	int err = 0, err2;

	if (video->streaming) {
		/* STREAMOFF also takes every buffer back from the driver. */
		err = ipcam_video_ioctl(video, VIDIOC_STREAMOFF, &type);
		if (err == -ENODEV)
			err = 0;
		else if (err)
			ipcam_fail(video->err, err, "%s: VIDIOC_STREAMOFF", video->path);
		video->streaming = 0;
	}
	if (video->nbufs) {
		err2 = release_buffers(video);
		if (err2 && !err)
			err = ipcam_fail(video->err, err2, "%s: VIDIOC_REQBUFS 0",
					 video->path);
	}
	return err;
}

int ipcam_video_dequeue(struct ipcam_video *video, struct ipcam_frame *frame)
{
	struct v4l2_buffer b;
	int err;

	if (!video->streaming)
		return ipcam_fail(video->err, -EINVAL, "%s: not streaming",
				  video->path);
	for (;;) {
		memset(&b, 0, sizeof(b));
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_MMAP;
		err = ipcam_video_ioctl(video, VIDIOC_DQBUF, &b);
		if (err == -EAGAIN)
			return err;	/* nothing ready: not an error worth a message */
		if (err)
			return ipcam_fail(video->err, err, "%s: VIDIOC_DQBUF",
					  video->path);
		if (b.index >= video->nbufs)
			return ipcam_fail(video->err, -EPROTO,
					  "%s: driver returned buffer %u of %u",
					  video->path, b.index, video->nbufs);
		video->bufs[b.index].queued = 0;
		if (!(b.flags & V4L2_BUF_FLAG_ERROR))
			break;
		/* A corrupted frame: give it straight back and look again. */
		err = queue_buffer(video, b.index);
		if (err)
			return err;
	}
	frame->data = video->bufs[b.index].start;
	frame->bytesused = b.bytesused < video->bufs[b.index].length ?
			   b.bytesused : video->bufs[b.index].length;
	frame->width = video->fmt.width;
	frame->height = video->fmt.height;
	frame->fourcc = video->fmt.fourcc;
	frame->bytesperline = video->fmt.bytesperline;
	frame->timestamp_ns = (uint64_t)b.timestamp.tv_sec * 1000000000u +
			      (uint64_t)b.timestamp.tv_usec * 1000u;
	frame->sequence = b.sequence;
	frame->index = b.index;
	frame->flags = b.flags;
	if (video->motion)
		ipcam_motion_frame(video, frame);
	return 0;
}

int ipcam_video_requeue(struct ipcam_video *video,
			const struct ipcam_frame *frame)
{
	if (video->gone)
		return ipcam_fail(video->err, -ENODEV, "%s", video->path);
	if (!video->streaming || frame->index >= video->nbufs ||
	    video->bufs[frame->index].queued ||
	    frame->data != video->bufs[frame->index].start)
		return ipcam_fail(video->err, -EINVAL,
				  "%s: buffer %u is not a dequeued frame of this stream",
				  video->path, frame->index);
	return queue_buffer(video, frame->index);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ipcam_video_wait(struct ipcam_video *video, int timeout_ms)
{
	struct pollfd pfd = { .fd = video->fd, .events = POLLIN };
	int64_t deadline = now_ms() + timeout_ms;
	int left = timeout_ms, n;

	if (video->gone)
		return ipcam_fail(video->err, -ENODEV, "%s", video->path);
	for (;;) {
		n = poll(&pfd, 1, left);
		if (n > 0)
			break;
		if (n == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return ipcam_fail(video->err, ipcam_neg_errno(), "poll %s",
					  video->path);
		if (timeout_ms >= 0) {
			int64_t rest = deadline - now_ms();

			left = rest > 0 ? (int)rest : 0;
		}
	}
	if (pfd.revents & POLLNVAL)
		return ipcam_fail(video->err, -EBADF, "poll %s", video->path);
	/* POLLIN, or POLLERR/POLLHUP whose reason DQBUF will tell. */
	return 0;
}

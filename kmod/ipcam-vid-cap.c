// SPDX-License-Identifier: GPL-2.0-only
/*
 * ipcam V4L2 capture node: formats, frame intervals, vb2 queue and the
 * generator thread that renders the virtual sensor's frames.
 */
#include <linux/delay.h>
#include <linux/freezer.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <media/v4l2-event.h>
#include <media/v4l2-ioctl.h>
#include <media/videobuf2-vmalloc.h>

#include "ipcam-core.h"

static void ipcam_vid_cap_default_format(struct ipcam_dev *idev)
{
	idev->fmt = &ipcam_formats[0];
	idev->pix.width = 640;
	idev->pix.height = 480;
	ipcam_fill_pix(&idev->pix, idev->fmt);
	idev->timeperframe = ipcam_frame_intervals[0];
	atomic64_set(&idev->period_ns, ipcam_interval_ns(&idev->timeperframe));
}

/* ---------------------------------------------------------------------- */
/* Generator thread */

static struct ipcam_buffer *ipcam_next_buffer(struct ipcam_dev *idev)
{
	struct ipcam_buffer *buf;
	unsigned long flags;

	spin_lock_irqsave(&idev->buf_lock, flags);
	buf = list_first_entry_or_null(&idev->buf_list, struct ipcam_buffer, list);
	if (buf)
		list_del(&buf->list);
	spin_unlock_irqrestore(&idev->buf_lock, flags);
	return buf;
}

/* Rebuild the graded panorama when brightness or contrast changed. */
static void ipcam_update_grade(struct ipcam_dev *idev)
{
	int gen = atomic_read(&idev->pic.generation);

	if (gen == idev->graded_generation)
		return;
	idev->graded_generation = gen;
	ipcam_pano_grade(&idev->graded, &idev->scene,
			 READ_ONCE(idev->pic.brightness),
			 READ_ONCE(idev->pic.contrast));
}

static void ipcam_fill_view(struct ipcam_dev *idev, struct ipcam_render_view *v,
			    u64 now_ns)
{
	u32 plf = READ_ONCE(idev->pic.power_line);
	u32 lamp_hz = plf == V4L2_CID_POWER_LINE_FREQUENCY_50HZ ? 50 :
		      plf == V4L2_CID_POWER_LINE_FREQUENCY_60HZ ? 60 : 0;

	v->width = idev->pix.width;
	v->height = idev->pix.height;
	v->bytesperline = idev->pix.bytesperline;
	v->fourcc = idev->fmt->render;
	/* The sensor sits on the head: the picture follows the motors. */
	v->pan_arcsec = ipcam_steps_to_arcsec(READ_ONCE(idev->ptz.axis[0].pos),
					      idev->ptz.axis[0].steps_per_rev);
	v->tilt_arcsec = ipcam_steps_to_arcsec(READ_ONCE(idev->ptz.axis[1].pos),
					       idev->ptz.axis[1].steps_per_rev);
	v->hflip = READ_ONCE(idev->pic.hflip);
	v->vflip = READ_ONCE(idev->pic.vflip);
	/*
	 * The scene is lit by lamps on mains of mains_hz.  An exposure time
	 * matched to the mains (the 50/60 Hz setting) hides their flicker; a
	 * mismatched one, or the outdoor setting indoors, shows rolling bands
	 * moving at the beat of the lamp's 2 * mains_hz against the clock.
	 */
	v->band_amp = lamp_hz == idev->mains_hz ? 0 : 24;
	v->band_phase = (u8)div_u64(now_ns * 2 * idev->mains_hz * 256, NSEC_PER_SEC);
}

static void ipcam_produce_frame(struct ipcam_dev *idev)
{
	struct ipcam_render_view view;
	struct ipcam_buffer *buf;
	s32 car_x;
	u64 now;
	u8 *vaddr;

	buf = ipcam_next_buffer(idev);
	if (!buf)
		return;		/* no buffer: the frame is dropped, not counted */

	now = ktime_get_ns();
	ipcam_update_grade(idev);
	ipcam_fill_view(idev, &view, now);
	vaddr = vb2_plane_vaddr(&buf->vb.vb2_buf, 0);
	ipcam_render_frame(&idev->graded, &view, vaddr);
	if (ipcam_activity_car_x(&idev->activity, now, &car_x))
		ipcam_render_car(&view, vaddr, car_x);
	/* The detector sees the sensor's picture, not the OSD burnt into it. */
	ipcam_motion_frame(idev, &view, vaddr, idev->sequence, now);
	ipcam_render_osd(&view, vaddr, idev->sequence, now);

	buf->vb.vb2_buf.timestamp = now;
	buf->vb.sequence = idev->sequence++;
	buf->vb.field = V4L2_FIELD_NONE;
	vb2_set_plane_payload(&buf->vb.vb2_buf, 0, idev->pix.sizeimage);
	vb2_buffer_done(&buf->vb.vb2_buf, VB2_BUF_STATE_DONE);
}

/*
 * One thread per stream.  Frames are due at t0 + n * period (absolute
 * deadlines, so rendering time never accumulates into drift); if the thread
 * falls more than a period behind it skips ahead instead of bursting.
 */
static int ipcam_gen_thread(void *data)
{
	struct ipcam_dev *idev = data;
	u64 period = atomic64_read(&idev->period_ns);
	u64 t0 = ktime_get_ns();
	u64 n = 0;

	set_freezable();
	while (!kthread_should_stop()) {
		u64 cur = atomic64_read(&idev->period_ns);
		u64 deadline, now;
		ktime_t kt;

		if (cur != period) {	/* S_PARM while streaming */
			t0 += n * period;
			n = 0;
			period = cur;
		}
		deadline = t0 + (n + 1) * period;
		now = ktime_get_ns();
		if (now > deadline + period) {
			t0 = now - period;
			n = 0;
			deadline = now;
		}
		kt = ns_to_ktime(deadline);
		set_current_state(TASK_FREEZABLE | TASK_INTERRUPTIBLE);
		if (kthread_should_stop()) {
			__set_current_state(TASK_RUNNING);
			break;
		}
		schedule_hrtimeout_range(&kt, 50 * NSEC_PER_USEC, HRTIMER_MODE_ABS);
		if (kthread_should_stop())
			break;
		if (ktime_get_ns() < deadline)
			continue;	/* woken early (freezer): sleep again */
		n++;
		ipcam_produce_frame(idev);
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* vb2 */

static int ipcam_queue_setup(struct vb2_queue *vq, unsigned int *nbuffers,
			     unsigned int *nplanes, unsigned int sizes[],
			     struct device *alloc_devs[])
{
	struct ipcam_dev *idev = vb2_get_drv_priv(vq);
	unsigned int size = idev->pix.sizeimage;

	if (vq->num_buffers + *nbuffers < 2)
		*nbuffers = 2 - vq->num_buffers;
	if (*nplanes)
		return sizes[0] < size ? -EINVAL : 0;
	*nplanes = 1;
	sizes[0] = size;
	return 0;
}

static int ipcam_buf_prepare(struct vb2_buffer *vb)
{
	struct ipcam_dev *idev = vb2_get_drv_priv(vb->vb2_queue);

	if (vb2_plane_size(vb, 0) < idev->pix.sizeimage)
		return -EINVAL;
	vb2_set_plane_payload(vb, 0, idev->pix.sizeimage);
	return 0;
}

static void ipcam_buf_queue(struct vb2_buffer *vb)
{
	struct ipcam_dev *idev = vb2_get_drv_priv(vb->vb2_queue);
	struct vb2_v4l2_buffer *vbuf = to_vb2_v4l2_buffer(vb);
	struct ipcam_buffer *buf = container_of(vbuf, struct ipcam_buffer, vb);
	unsigned long flags;

	spin_lock_irqsave(&idev->buf_lock, flags);
	list_add_tail(&buf->list, &idev->buf_list);
	spin_unlock_irqrestore(&idev->buf_lock, flags);
}

static void ipcam_return_all(struct ipcam_dev *idev, enum vb2_buffer_state state)
{
	struct ipcam_buffer *buf, *tmp;
	unsigned long flags;

	spin_lock_irqsave(&idev->buf_lock, flags);
	list_for_each_entry_safe(buf, tmp, &idev->buf_list, list) {
		list_del(&buf->list);
		vb2_buffer_done(&buf->vb.vb2_buf, state);
	}
	spin_unlock_irqrestore(&idev->buf_lock, flags);
}

static int ipcam_start_streaming(struct vb2_queue *vq, unsigned int count)
{
	struct ipcam_dev *idev = vb2_get_drv_priv(vq);
	struct task_struct *t;

	idev->sequence = 0;
	ipcam_motion_stream_start(idev);	/* before the thread: no race */
	t = kthread_run(ipcam_gen_thread, idev, "ipcam%d-cap", idev->inst);
	if (IS_ERR(t)) {
		ipcam_return_all(idev, VB2_BUF_STATE_QUEUED);
		return PTR_ERR(t);
	}
	idev->gen_thread = t;
	return 0;
}

static void ipcam_stop_streaming(struct vb2_queue *vq)
{
	struct ipcam_dev *idev = vb2_get_drv_priv(vq);

	/* Stop the producer before handing the buffers back. */
	kthread_stop(idev->gen_thread);
	idev->gen_thread = NULL;
	ipcam_return_all(idev, VB2_BUF_STATE_ERROR);
}

static const struct vb2_ops ipcam_vb2_ops = {
	.queue_setup = ipcam_queue_setup,
	.buf_prepare = ipcam_buf_prepare,
	.buf_queue = ipcam_buf_queue,
	.start_streaming = ipcam_start_streaming,
	.stop_streaming = ipcam_stop_streaming,
	.wait_prepare = vb2_ops_wait_prepare,
	.wait_finish = vb2_ops_wait_finish,
};

/* ---------------------------------------------------------------------- */
/* ioctls */

static int ipcam_querycap(struct file *file, void *priv, struct v4l2_capability *cap)
{
	struct ipcam_dev *idev = video_drvdata(file);

	strscpy(cap->driver, IPCAM_DRV_NAME, sizeof(cap->driver));
	snprintf(cap->card, sizeof(cap->card), "ipcam pan/tilt camera %d", idev->inst);
	/* bus_info ("platform:<name>") is filled in by the core. */
	return 0;
}

static int ipcam_enum_fmt(struct file *file, void *priv, struct v4l2_fmtdesc *f)
{
	if (f->index >= IPCAM_NUM_FORMATS)
		return -EINVAL;
	f->pixelformat = ipcam_formats[f->index].fourcc;
	return 0;
}

static int ipcam_g_fmt(struct file *file, void *priv, struct v4l2_format *f)
{
	struct ipcam_dev *idev = video_drvdata(file);

	f->fmt.pix = idev->pix;
	return 0;
}

static int ipcam_try_fmt(struct file *file, void *priv, struct v4l2_format *f)
{
	const struct ipcam_format *fmt = ipcam_find_format(f->fmt.pix.pixelformat);

	/* An unknown format is replaced, never refused (V4L2 spec). */
	ipcam_fill_pix(&f->fmt.pix, fmt ?: &ipcam_formats[0]);
	return 0;
}

static int ipcam_s_fmt(struct file *file, void *priv, struct v4l2_format *f)
{
	struct ipcam_dev *idev = video_drvdata(file);
	int ret;

	ret = ipcam_try_fmt(file, priv, f);
	if (ret)
		return ret;
	if (vb2_is_busy(&idev->queue))
		return -EBUSY;
	idev->fmt = ipcam_find_format(f->fmt.pix.pixelformat);
	idev->pix = f->fmt.pix;
	return 0;
}

static int ipcam_enum_framesizes(struct file *file, void *priv,
				 struct v4l2_frmsizeenum *fsize)
{
	if (!ipcam_find_format(fsize->pixel_format) ||
	    fsize->index >= IPCAM_NUM_FRAME_SIZES)
		return -EINVAL;
	fsize->type = V4L2_FRMSIZE_TYPE_DISCRETE;
	fsize->discrete.width = ipcam_frame_sizes[fsize->index].width;
	fsize->discrete.height = ipcam_frame_sizes[fsize->index].height;
	return 0;
}

static int ipcam_enum_frameintervals(struct file *file, void *priv,
				     struct v4l2_frmivalenum *fival)
{
	if (!ipcam_find_format(fival->pixel_format) ||
	    !ipcam_is_frame_size(fival->width, fival->height) ||
	    fival->index >= IPCAM_NUM_FRAME_INTERVALS)
		return -EINVAL;
	fival->type = V4L2_FRMIVAL_TYPE_DISCRETE;
	fival->discrete = ipcam_frame_intervals[fival->index];
	return 0;
}

static int ipcam_g_parm(struct file *file, void *priv, struct v4l2_streamparm *parm)
{
	struct ipcam_dev *idev = video_drvdata(file);

	if (parm->type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
		return -EINVAL;
	parm->parm.capture.capability = V4L2_CAP_TIMEPERFRAME;
	parm->parm.capture.timeperframe = idev->timeperframe;
	parm->parm.capture.readbuffers = 1;
	return 0;
}

static int ipcam_s_parm(struct file *file, void *priv, struct v4l2_streamparm *parm)
{
	struct ipcam_dev *idev = video_drvdata(file);

	if (parm->type != V4L2_BUF_TYPE_VIDEO_CAPTURE)
		return -EINVAL;
	idev->timeperframe =
		*ipcam_nearest_interval(&parm->parm.capture.timeperframe);
	atomic64_set(&idev->period_ns, ipcam_interval_ns(&idev->timeperframe));
	return ipcam_g_parm(file, priv, parm);
}

static int ipcam_enum_input(struct file *file, void *priv, struct v4l2_input *inp)
{
	if (inp->index)
		return -EINVAL;
	inp->type = V4L2_INPUT_TYPE_CAMERA;
	strscpy(inp->name, "Camera", sizeof(inp->name));
	return 0;
}

static int ipcam_g_input(struct file *file, void *priv, unsigned int *i)
{
	*i = 0;
	return 0;
}

static int ipcam_s_input(struct file *file, void *priv, unsigned int i)
{
	return i ? -EINVAL : 0;
}

/*
 * A DQBUF or read() that was waiting for a frame when the device went away
 * is woken by vb2 releasing the queue, which reports it as "not streaming"
 * (-EINVAL).  Say what happened instead, as every later call does.
 */
static int ipcam_gone_or(struct file *file, int ret)
{
	if (ret == -EINVAL && !video_is_registered(video_devdata(file)))
		return -ENODEV;
	return ret;
}

static int ipcam_dqbuf(struct file *file, void *priv, struct v4l2_buffer *p)
{
	return ipcam_gone_or(file, vb2_ioctl_dqbuf(file, priv, p));
}

static ssize_t ipcam_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	ssize_t ret = vb2_fop_read(file, buf, count, ppos);

	return ret < 0 ? ipcam_gone_or(file, ret) : ret;
}

static const struct v4l2_ioctl_ops ipcam_ioctl_ops = {
	.vidioc_querycap = ipcam_querycap,
	.vidioc_enum_fmt_vid_cap = ipcam_enum_fmt,
	.vidioc_g_fmt_vid_cap = ipcam_g_fmt,
	.vidioc_try_fmt_vid_cap = ipcam_try_fmt,
	.vidioc_s_fmt_vid_cap = ipcam_s_fmt,
	.vidioc_enum_framesizes = ipcam_enum_framesizes,
	.vidioc_enum_frameintervals = ipcam_enum_frameintervals,
	.vidioc_g_parm = ipcam_g_parm,
	.vidioc_s_parm = ipcam_s_parm,
	.vidioc_enum_input = ipcam_enum_input,
	.vidioc_g_input = ipcam_g_input,
	.vidioc_s_input = ipcam_s_input,

	.vidioc_reqbufs = vb2_ioctl_reqbufs,
	.vidioc_create_bufs = vb2_ioctl_create_bufs,
	.vidioc_prepare_buf = vb2_ioctl_prepare_buf,
	.vidioc_querybuf = vb2_ioctl_querybuf,
	.vidioc_qbuf = vb2_ioctl_qbuf,
	.vidioc_dqbuf = ipcam_dqbuf,
	.vidioc_expbuf = vb2_ioctl_expbuf,
	.vidioc_streamon = vb2_ioctl_streamon,
	.vidioc_streamoff = vb2_ioctl_streamoff,

	.vidioc_log_status = v4l2_ctrl_log_status,
	.vidioc_subscribe_event = ipcam_motion_subscribe,
	.vidioc_unsubscribe_event = v4l2_event_unsubscribe,
};

static const struct v4l2_file_operations ipcam_fops = {
	.owner = THIS_MODULE,
	.open = v4l2_fh_open,
	.release = vb2_fop_release,
	.read = ipcam_read,
	.poll = vb2_fop_poll,
	.mmap = vb2_fop_mmap,
	.unlocked_ioctl = video_ioctl2,
};

/* ---------------------------------------------------------------------- */

int ipcam_vid_cap_init(struct ipcam_dev *idev, u32 activity_period)
{
	struct vb2_queue *q = &idev->queue;
	int ret;

	spin_lock_init(&idev->buf_lock);
	INIT_LIST_HEAD(&idev->buf_list);
	ipcam_vid_cap_default_format(idev);

	ret = ipcam_pano_alloc(&idev->scene);
	if (ret)
		return ret;
	ret = ipcam_pano_alloc(&idev->graded);
	if (ret) {
		ipcam_pano_free(&idev->scene);
		return ret;
	}
	ipcam_pano_draw_scene(&idev->scene);
	ipcam_activity_init(&idev->activity, activity_period, ktime_get_ns());
	idev->graded_generation = atomic_read(&idev->pic.generation) - 1;

	q->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	q->io_modes = VB2_MMAP | VB2_USERPTR | VB2_DMABUF | VB2_READ;
	q->drv_priv = idev;
	q->buf_struct_size = sizeof(struct ipcam_buffer);
	q->ops = &ipcam_vb2_ops;
	q->mem_ops = &vb2_vmalloc_memops;
	q->timestamp_flags = V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC;
	q->min_buffers_needed = 2;
	q->lock = &idev->lock;
	q->dev = idev->dev;
	return vb2_queue_init(q);
}

int ipcam_vid_cap_register(struct ipcam_dev *idev)
{
	struct video_device *vdev = &idev->vdev;

	snprintf(vdev->name, sizeof(vdev->name), "ipcam-%d", idev->inst);
	vdev->fops = &ipcam_fops;
	vdev->ioctl_ops = &ipcam_ioctl_ops;
	vdev->release = video_device_release_empty;	/* embedded in idev */
	vdev->v4l2_dev = &idev->v4l2_dev;
	vdev->queue = &idev->queue;
	vdev->lock = &idev->lock;
	vdev->vfl_dir = VFL_DIR_RX;
	vdev->device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING |
			    V4L2_CAP_READWRITE;
	video_set_drvdata(vdev, idev);
	return video_register_device(vdev, VFL_TYPE_VIDEO, -1);
}

/* Unbind: stops streaming and detaches the queue from open files. */
void ipcam_vid_cap_unregister(struct ipcam_dev *idev)
{
	vb2_video_unregister_device(&idev->vdev);
}

void ipcam_vid_cap_free(struct ipcam_dev *idev)
{
	ipcam_pano_free(&idev->graded);
	ipcam_pano_free(&idev->scene);
}

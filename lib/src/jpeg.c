// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * JPEG encoding with TurboJPEG straight from planar YUV: no RGB round trip,
 * no chroma resampling.  YUYV is de-interleaved once into 4:2:2 planes that
 * the encoder owns; YUV420/YVU420 frames are encoded from the mmapped
 * buffer as they are.  All memory is allocated when the encoder is created:
 * the output buffer is tjBufSize() bytes, the worst case, and
 * TJFLAG_NOREALLOC keeps TurboJPEG from ever replacing it.
 */
#include <errno.h>
#include <linux/videodev2.h>
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

#include "internal.h"

/* Largest dimension a baseline JPEG header can hold. */
#define JPEG_MAX_DIM	65535u

struct ipcam_jpeg {
	tjhandle tj;
	uint32_t fourcc;
	uint32_t width;
	uint32_t height;
	int subsamp;		/* TJSAMP_422 or TJSAMP_420 */
	int quality;
	unsigned char *out;	/* tjAlloc()ed, out_cap bytes */
	unsigned long out_cap;
	uint8_t *planes;	/* YUYV only: Y, then U, then V (4:2:2) */
	char err[IPCAM_ERRMSG_LEN];
};

int ipcam_jpeg_new(struct ipcam_jpeg **out, uint32_t fourcc, uint32_t width,
		   uint32_t height, int quality)
{
	struct ipcam_jpeg *j;
	unsigned long cap;
	int subsamp;

	*out = NULL;
	switch (fourcc) {
	case V4L2_PIX_FMT_YUYV:
		subsamp = TJSAMP_422;
		break;
	case V4L2_PIX_FMT_YUV420:
	case V4L2_PIX_FMT_YVU420:
		subsamp = TJSAMP_420;
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (!width || !height || width > JPEG_MAX_DIM || height > JPEG_MAX_DIM ||
	    (fourcc == V4L2_PIX_FMT_YUYV && width % 2))
		return -EINVAL;
	if (quality < 1 || quality > 100)
		return -EINVAL;
	cap = tjBufSize((int)width, (int)height, subsamp);
	if (cap == (unsigned long)-1)
		return -EINVAL;

	j = calloc(1, sizeof(*j));
	if (!j)
		return -ENOMEM;
	j->fourcc = fourcc;
	j->width = width;
	j->height = height;
	j->subsamp = subsamp;
	j->quality = quality;
	j->out_cap = cap;
	j->tj = tjInitCompress();
	j->out = tjAlloc((int)cap);
	if (fourcc == V4L2_PIX_FMT_YUYV)
		j->planes = malloc((size_t)width * height * 2);
	if (!j->tj || !j->out || (fourcc == V4L2_PIX_FMT_YUYV && !j->planes)) {
		ipcam_jpeg_free(j);
		return -ENOMEM;
	}
	*out = j;
	return 0;
}

void ipcam_jpeg_free(struct ipcam_jpeg *j)
{
	if (!j)
		return;
	if (j->tj)
		tjDestroy(j->tj);
	tjFree(j->out);
	free(j->planes);
	free(j);
}

int ipcam_jpeg_set_quality(struct ipcam_jpeg *j, int quality)
{
	if (quality < 1 || quality > 100)
		return ipcam_fail(j->err, -EINVAL, "quality %d is outside 1..100",
				  quality);
	j->quality = quality;
	return 0;
}

const char *ipcam_jpeg_last_error(const struct ipcam_jpeg *j)
{
	return j->err;
}

/* Point @planes/@strides at the frame's Y, U and V; de-interleave YUYV. */
static int frame_planes(struct ipcam_jpeg *j, const struct ipcam_frame *f,
			const unsigned char *planes[3], int strides[3])
{
	const size_t w = j->width, h = j->height;
	size_t bpl, cbpl, cw, ch, need;

	if (j->fourcc == V4L2_PIX_FMT_YUYV) {
		bpl = f->bytesperline ? f->bytesperline : 2 * w;
		need = bpl * (h - 1) + 2 * w;
		if (bpl < 2 * w || f->bytesused < need)
			return ipcam_fail(j->err, -EINVAL,
					  "YUYV %zux%zu: %zu bytes per line, %zu bytes (need %zu)",
					  w, h, bpl, f->bytesused, need);
		ipcam_yuyv_to_planar422(f->data, bpl, j->width, j->height,
					j->planes, j->planes + w * h,
					j->planes + w * h + w / 2 * h);
		planes[0] = j->planes;
		planes[1] = j->planes + w * h;
		planes[2] = j->planes + w * h + w / 2 * h;
		strides[0] = (int)w;
		strides[1] = strides[2] = (int)(w / 2);
		return 0;
	}
	/* V4L2's planar 4:2:0: chroma planes of half the luma bytesperline. */
	bpl = f->bytesperline ? f->bytesperline : w;
	cbpl = bpl / 2;
	cw = (w + 1) / 2;
	ch = (h + 1) / 2;
	need = bpl * h + 2 * cbpl * ch;
	if (bpl < w || cbpl < cw || f->bytesused < need)
		return ipcam_fail(j->err, -EINVAL,
				  "4:2:0 %zux%zu: %zu bytes per line, %zu bytes (need %zu)",
				  w, h, bpl, f->bytesused, need);
	planes[0] = f->data;
	planes[1] = f->data + bpl * h;
	planes[2] = planes[1] + cbpl * ch;
	if (j->fourcc == V4L2_PIX_FMT_YVU420) {
		const unsigned char *v = planes[1];

		planes[1] = planes[2];
		planes[2] = v;
	}
	strides[0] = (int)bpl;
	strides[1] = strides[2] = (int)cbpl;
	return 0;
}

int ipcam_jpeg_encode(struct ipcam_jpeg *j, const struct ipcam_frame *frame,
		      const uint8_t **out, size_t *size)
{
	const unsigned char *planes[3];
	unsigned char *buf = j->out;
	unsigned long len = j->out_cap;
	int strides[3];
	int err;

	if (frame->fourcc != j->fourcc || frame->width != j->width ||
	    frame->height != j->height)
		return ipcam_fail(j->err, -EINVAL,
				  "frame %ux%u fourcc 0x%08x, encoder %ux%u fourcc 0x%08x",
				  frame->width, frame->height, frame->fourcc,
				  j->width, j->height, j->fourcc);
	if (!frame->data)
		return ipcam_fail(j->err, -EINVAL, "frame without data");
	err = frame_planes(j, frame, planes, strides);
	if (err)
		return err;
	if (tjCompressFromYUVPlanes(j->tj, planes, (int)j->width, strides,
				    (int)j->height, j->subsamp, &buf, &len,
				    j->quality, TJFLAG_NOREALLOC) < 0)
		return ipcam_fail(j->err, -EIO, "TurboJPEG: %s",
				  tjGetErrorStr2(j->tj));
	/* NOREALLOC: TurboJPEG fails rather than replace the buffer. */
	if (buf != j->out)
		return ipcam_fail(j->err, -EPROTO, "TurboJPEG replaced the output buffer");
	*out = buf;
	*size = len;
	return 0;
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * jpeg-bench: JPEG encode time per 640x480 frame, libipcam's planar paths
 * next to the classic YUYV -> RGB -> JPEG path, in the same run.
 *
 *   jpeg-bench [FRAMES [QUALITY]]        (defaults: 300 frames, quality 80)
 *
 *   planar 4:2:2   YUYV de-interleaved into planes, tjCompressFromYUVPlanes
 *                  (ipcam_jpeg_encode on a YUYV frame)
 *   planar 4:2:0   an I420 frame's planes passed straight through
 *                  (ipcam_jpeg_encode on a YUV420 frame)
 *   via RGB 4:2:2  YUYV converted to RGB24 here (BT.601, limited range,
 *                  integer), then tjCompress2 subsampling to 4:2:2: what
 *                  mjpg-streamer-style servers do; same subsampling and
 *                  quality as the planar 4:2:2 path, so only the path differs
 */
#include <linux/videodev2.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <turbojpeg.h>

#include "ipcam.h"

#define W	640
#define H	480

static uint8_t yuyv[W * H * 2];
static uint8_t i420[W * H * 3 / 2];
static uint8_t rgb[W * H * 3];

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static uint8_t clamp8(int v)
{
	return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
}

/* A frame with gradients and texture, so the encoder has real work. */
static void synthesise(void)
{
	uint8_t *u = i420 + W * H, *v = u + W * H / 4;
	int x, y;

	for (y = 0; y < H; y++) {
		for (x = 0; x < W; x++) {
			double fx = (double)x / W, fy = (double)y / H;
			uint8_t luma = clamp8((int)(40 + 150 * fx * fy +
						    30 * sin(20.0 * fx) * cos(15.0 * fy) +
						    20 * sin(0.9 * x) * sin(0.7 * y)));
			uint8_t cb = clamp8((int)(128 + 60 * sin(3.0 * fx + 2.0 * fy)));
			uint8_t cr = clamp8((int)(128 + 60 * cos(2.0 * fx - 3.0 * fy)));

			yuyv[(y * W + x) * 2] = luma;
			yuyv[(y * W + x) * 2 + 1] = x % 2 ? cr : cb;
			i420[y * W + x] = luma;
			if (x % 2 == 0 && y % 2 == 0) {
				u[(y / 2) * (W / 2) + x / 2] = cb;
				v[(y / 2) * (W / 2) + x / 2] = cr;
			}
		}
	}
}

/* YUYV -> RGB24, BT.601 limited range, 16.16 fixed point. */
static void yuyv_to_rgb(const uint8_t *src, uint8_t *dst, int pixels)
{
	int i;

	for (i = 0; i < pixels; i += 2, src += 4, dst += 6) {
		int cb = src[1] - 128, cr = src[3] - 128, k;

		for (k = 0; k < 2; k++) {
			int c = (src[2 * k] - 16) * 76309;	/* 1.164 */

			dst[3 * k] = clamp8((c + 104597 * cr + 32768) >> 16);
			dst[3 * k + 1] = clamp8((c - 25675 * cb - 53279 * cr + 32768) >> 16);
			dst[3 * k + 2] = clamp8((c + 132201 * cb + 32768) >> 16);
		}
	}
}

static double bench_planar(uint32_t fourcc, const uint8_t *data, size_t size,
			   uint32_t bpl, int frames, int quality, size_t *bytes)
{
	struct ipcam_frame f = {
		.data = data, .bytesused = size, .width = W, .height = H,
		.fourcc = fourcc, .bytesperline = bpl,
	};
	struct ipcam_jpeg *j;
	const uint8_t *out;
	double t0;
	int i, err;

	err = ipcam_jpeg_new(&j, fourcc, W, H, quality);
	if (err) {
		fprintf(stderr, "ipcam_jpeg_new: %s\n", ipcam_strerror(err));
		exit(1);
	}
	ipcam_jpeg_encode(j, &f, &out, bytes);	/* warm-up */
	t0 = now_ms();
	for (i = 0; i < frames; i++) {
		err = ipcam_jpeg_encode(j, &f, &out, bytes);
		if (err) {
			fprintf(stderr, "encode: %s\n", ipcam_jpeg_last_error(j));
			exit(1);
		}
	}
	t0 = (now_ms() - t0) / frames;
	ipcam_jpeg_free(j);
	return t0;
}

static double bench_rgb(int frames, int quality, size_t *bytes)
{
	unsigned long cap = tjBufSize(W, H, TJSAMP_422), len;
	unsigned char *buf = tjAlloc((int)cap);
	tjhandle tj = tjInitCompress();
	double t0 = 0;
	int i;

	if (!buf || !tj) {
		fprintf(stderr, "TurboJPEG init failed\n");
		exit(1);
	}
	for (i = -1; i < frames; i++) {	/* i == -1: warm-up */
		if (i == 0)
			t0 = now_ms();
		len = cap;
		yuyv_to_rgb(yuyv, rgb, W * H);
		if (tjCompress2(tj, rgb, W, W * 3, H, TJPF_RGB, &buf, &len,
				TJSAMP_422, quality, TJFLAG_NOREALLOC) < 0) {
			fprintf(stderr, "tjCompress2: %s\n", tjGetErrorStr2(tj));
			exit(1);
		}
	}
	t0 = (now_ms() - t0) / frames;
	*bytes = len;
	tjDestroy(tj);
	tjFree(buf);
	return t0;
}

int main(int argc, char **argv)
{
	int frames = argc > 1 ? atoi(argv[1]) : 300;
	int quality = argc > 2 ? atoi(argv[2]) : 80;
	double t422, t420, trgb;
	size_t b422, b420, brgb;

	if (frames < 1 || quality < 1 || quality > 100) {
		fprintf(stderr, "usage: %s [FRAMES [QUALITY]]\n", argv[0]);
		return 2;
	}
	synthesise();
	t422 = bench_planar(V4L2_PIX_FMT_YUYV, yuyv, sizeof(yuyv), 2 * W, frames,
			    quality, &b422);
	t420 = bench_planar(V4L2_PIX_FMT_YUV420, i420, sizeof(i420), W, frames,
			    quality, &b420);
	trgb = bench_rgb(frames, quality, &brgb);

	printf("jpeg-bench: %dx%d, quality %d, %d frames per path\n", W, H,
	       quality, frames);
	printf("  %-40s %7.3f ms/frame  %6zu bytes\n",
	       "planar 4:2:2 (YUYV de-interleaved)", t422, b422);
	printf("  %-40s %7.3f ms/frame  %6zu bytes\n",
	       "planar 4:2:0 (I420 passed through)", t420, b420);
	printf("  %-40s %7.3f ms/frame  %6zu bytes\n",
	       "via RGB 4:2:2 (YUYV->RGB->tjCompress2)", trgb, brgb);
	printf("  RGB path / planar 4:2:2 path: %.2fx slower\n", trgb / t422);
	printf("  RGB path / planar 4:2:0 path: %.2fx slower\n", trgb / t420);
	return 0;
}

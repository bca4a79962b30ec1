// SPDX-License-Identifier: GPL-2.0-only
/*
 * A program built only with `pkg-config --cflags --libs libipcam` against
 * an installed tree: lists the cameras and encodes one synthetic frame.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <ipcam.h>
#include <linux/ipcam-ptz.h>
#include <linux/videodev2.h>

int main(void)
{
	static uint8_t yuyv[320 * 240 * 2];
	struct ipcam_camera_info cams[4];
	struct ipcam_frame f = {
		.data = yuyv, .bytesused = sizeof(yuyv), .width = 320, .height = 240,
		.fourcc = V4L2_PIX_FMT_YUYV, .bytesperline = 640,
	};
	struct ipcam_jpeg *jpeg;
	const uint8_t *out;
	size_t size, i, n = 0;
	int ret;

	for (i = 0; i < sizeof(yuyv); i++)
		yuyv[i] = i % 2 ? 128 : (uint8_t)(i / 2 % 320);
	ret = ipcam_camera_list(cams, 4, &n);
	printf("cameras: %zu (%s)\n", n, ret ? ipcam_strerror(ret) : "listed");
	ret = ipcam_jpeg_new(&jpeg, V4L2_PIX_FMT_YUYV, 320, 240, 85);
	if (ret) {
		printf("jpeg: %s\n", ipcam_strerror(ret));
		return 1;
	}
	ret = ipcam_jpeg_encode(jpeg, &f, &out, &size);
	printf("jpeg: %s, %zu bytes, SOI %s, ptz api %d\n", ret ? ipcam_strerror(ret) : "ok",
	       size, size > 2 && out[0] == 0xff && out[1] == 0xd8 ? "yes" : "no",
	       IPCAM_PTZ_API_VERSION);
	ipcam_jpeg_free(jpeg);
	return ret ? 1 : 0;
}

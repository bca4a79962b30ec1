/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The encoder stage of the stream hub: one raw frame in, one JPEG per
 * resolution a viewer will be sent.  The capture runs at the largest size
 * wanted; a smaller one is scaled down from it (nearest neighbour on the
 * YUV planes) before its own encode, so a viewer never waits for a format
 * change (V4L2 refuses one while streaming).  One encoder and one scale
 * buffer per resolution, made at first use for the capture's format and
 * kept until encoder_stage_reset().
 *
 * Used by one thread (the hub's) and by nothing else: no lock.
 */
#ifndef IPCAMD_ENCODER_STAGE_H
#define IPCAMD_ENCODER_STAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ipcam.h>

struct encoder_stage;

struct encoded {
	const uint8_t *jpeg;	/* the stage's buffer: valid until the next
				 * encode of that resolution or a reset */
	size_t len;
	uint32_t width;
	uint32_t height;
};

/* QUALITY: JPEG quality 1..100. */
struct encoder_stage *encoder_stage_new(int quality);
void encoder_stage_free(struct encoder_stage *es);
/* Drop the encoders and buffers: the capture stopped or changed format. */
void encoder_stage_reset(struct encoder_stage *es);
/* Whether the stage encodes frames of FOURCC. */
bool encoder_stage_accepts(uint32_t fourcc);
/*
 * Of the N formats OFFERED (a device's own), the one the stage encodes
 * most cheaply: 4:2:0 before YUYV.  0 when it takes none of them.
 */
uint32_t encoder_stage_pick(const uint32_t *offered, size_t n);

/*
 * Encode FR at the size of resolution code RES (FR's own size when the
 * capture could not reach it): 0, -EINVAL (unknown code, format not
 * accepted) or the encoder's error.
 */
int encoder_stage_encode(struct encoder_stage *es, const struct ipcam_frame *fr, int res,
			 struct encoded *out);
/* Encodes done since the stage was made (tests, the benchmark). */
unsigned long encoder_stage_count(const struct encoder_stage *es);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IMA ADPCM encoder of videostream.asf's audio stream, in the format
 * asf.h declares for it (WAVE_FORMAT_IMA_ADPCM, 8 kHz mono, blocks of
 * ASF_ADPCM_BLOCK bytes holding ASF_ADPCM_SAMPLES samples).  The encoder
 * tracks the decoder of the IMA recommendation, which Microsoft's codec
 * and VLC implement exactly; ffmpeg rounds each step up to 2 higher and
 * wanders a few units from it within a block (tests/unit/check_adpcm.c).
 * No I/O, no locks, no hidden state: unit tested directly.
 */
#ifndef IPCAMD_ADPCM_H
#define IPCAMD_ADPCM_H

#include <stdint.h>

#include "asf.h"

/*
 * Each block restarts the predictor from its first sample, which it stores
 * whole; only the step index goes on from one block to the next, so that a
 * loud passage does not restart with a tiny step at every block boundary.
 * One per audio stream.
 */
struct adpcm_state {
	int step_index;		/* 0..88 */
};

void adpcm_init(struct adpcm_state *s);

/*
 * Encode ASF_ADPCM_SAMPLES samples of PCM into one ASF_ADPCM_BLOCK-byte
 * block (Microsoft IMA ADPCM, mono): a 4-byte header with the first sample
 * as the predictor (s16 LE) and the step index, a zero byte, then the
 * other 504 samples as 4-bit codes, low nibble first.  S carries the step
 * index to the next block.
 */
void adpcm_encode_block(struct adpcm_state *s, const int16_t pcm[ASF_ADPCM_SAMPLES],
			uint8_t out[ASF_ADPCM_BLOCK]);

#endif

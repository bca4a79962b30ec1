// SPDX-License-Identifier: GPL-2.0-or-later
#include "adpcm.h"

#include <stddef.h>

/* The tables of the IMA Digital Audio Focus and Technical Working Group
 * recommendation (1992): every decoder has these exact values, so any
 * other value would desynchronise the encoder's predictor from theirs. */
static const int16_t step_table[89] = {
	7, 8, 9, 10, 11, 12, 13, 14, 16, 17,
	19, 21, 23, 25, 28, 31, 34, 37, 41, 45,
	50, 55, 60, 66, 73, 80, 88, 97, 107, 118,
	130, 143, 157, 173, 190, 209, 230, 253, 279, 307,
	337, 371, 408, 449, 494, 544, 598, 658, 724, 796,
	876, 963, 1060, 1166, 1282, 1411, 1552, 1707, 1878, 2066,
	2272, 2499, 2749, 3024, 3327, 3660, 4026, 4428, 4871, 5358,
	5894, 6484, 7132, 7845, 8630, 9493, 10442, 11487, 12635, 13899,
	15289, 16818, 18500, 20350, 22385, 24623, 27086, 29794, 32767,
};

/* Indexed by the code without its sign bit. */
static const int8_t index_table[8] = { -1, -1, -1, -1, 2, 4, 6, 8 };

/* The header, then two codes a byte for every sample but the first. */
_Static_assert(4 + (ASF_ADPCM_SAMPLES - 1) / 2 == ASF_ADPCM_BLOCK && ASF_ADPCM_SAMPLES % 2 == 1,
	       "IMA ADPCM block size and samples per block disagree");

#define STEP_INDEX_MAX ((int)(sizeof(step_table) / sizeof(step_table[0])) - 1)

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * One sample, by the recommendation's quantiser (a magnitude bit is set
 * where |diff| still reaches step, step / 2, step / 4).  The difference is taken against the
 * predictor a decoder holds, moved here exactly as a decoder moves it (the
 * same shifted steps summed, the same clamping), not against the previous
 * input sample: the quantisation error of one sample is then corrected by
 * the next instead of adding up over the block.
 */
static uint8_t encode_sample(int *pred, int *index, int sample)
{
	int step = step_table[*index];
	int diff = sample - *pred;
	int vpdiff = step >> 3;
	uint8_t code = 0;

	if (diff < 0) {
		code = 8;
		diff = -diff;
	}
	if (diff >= step) {
		code |= 4;
		diff -= step;
		vpdiff += step;
	}
	step >>= 1;
	if (diff >= step) {
		code |= 2;
		diff -= step;
		vpdiff += step;
	}
	step >>= 1;
	if (diff >= step) {
		code |= 1;
		vpdiff += step;
	}
	*pred = clamp(code & 8 ? *pred - vpdiff : *pred + vpdiff, INT16_MIN, INT16_MAX);
	*index = clamp(*index + index_table[code & 7], 0, STEP_INDEX_MAX);
	return code;
}

void adpcm_init(struct adpcm_state *s)
{
	s->step_index = 0;
}

void adpcm_encode_block(struct adpcm_state *s, const int16_t pcm[ASF_ADPCM_SAMPLES],
			uint8_t out[ASF_ADPCM_BLOCK])
{
	/* a corrupted state must not index past the table nor reach the
	 * header, where decoders reject an index above 88 */
	int index = clamp(s->step_index, 0, STEP_INDEX_MAX);
	int pred = pcm[0];
	uint8_t *p = out + 4;

	out[0] = (uint8_t)((uint16_t)pcm[0] & 0xff);
	out[1] = (uint8_t)((uint16_t)pcm[0] >> 8);
	out[2] = (uint8_t)index;
	out[3] = 0;	/* read with the index as one s16 by some decoders */
	for (size_t i = 1; i < ASF_ADPCM_SAMPLES; i += 2) {
		uint8_t lo = encode_sample(&pred, &index, pcm[i]);
		uint8_t hi = encode_sample(&pred, &index, pcm[i + 1]);

		*p++ = (uint8_t)(lo | hi << 4);
	}
	s->step_index = index;
}

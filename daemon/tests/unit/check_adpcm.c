// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The IMA ADPCM encoder against a decoder written here from the IMA
 * recommendation and Microsoft's block layout (not from adpcm.c): the
 * block header, the quality of a sine, silence, full-scale extremes, the
 * step index carried between blocks; then ffmpeg must decode a WAV file of
 * our blocks to exactly the samples this decoder gives when it rounds as
 * ffmpeg does, within a few units of the recommendation's, at the right
 * pitch.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "adpcm.h"
#include "asf.h"
#include "unit.h"

#define RATE		((int)ASF_ADPCM_RATE)
#define BLOCK		((size_t)ASF_ADPCM_BLOCK)
#define SAMPLES		((size_t)ASF_ADPCM_SAMPLES)
#define FFMPEG		"/usr/bin/ffmpeg"

/* ---- the reference decoder ---- */

static const int ref_steps[89] = {
	7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37,
	41, 45, 50, 55, 60, 66, 73, 80, 88, 97, 107, 118, 130, 143, 157, 173,
	190, 209, 230, 253, 279, 307, 337, 371, 408, 449, 494, 544, 598, 658,
	724, 796, 876, 963, 1060, 1166, 1282, 1411, 1552, 1707, 1878, 2066,
	2272, 2499, 2749, 3024, 3327, 3660, 4026, 4428, 4871, 5358, 5894, 6484,
	7132, 7845, 8630, 9493, 10442, 11487, 12635, 13899, 15289, 16818, 18500,
	20350, 22385, 24623, 27086, 29794, 32767,
};

/* How the step index moves after a code, by its magnitude bits. */
static int ref_index_delta(int code)
{
	int mag = code & 7;

	return mag < 4 ? -1 : (mag - 3) * 2;
}

/*
 * How a decoder scales the step by a code's magnitude M, (M + 1/2) * step / 4:
 * the IMA recommendation, Microsoft's imaadpcm codec and VLC add the
 * shifted steps, each shift truncating; ffmpeg's adpcm_ima_wav multiplies
 * first, ((2M + 1) * step) >> 3, which gives up to 2 more and so drifts
 * from them within a block.  The encoder follows the recommendation.
 */
enum rounding { ROUND_SPEC, ROUND_FFMPEG };

/* The step scaled by the magnitude bits of CODE, as the decoder adds it. */
static int ref_delta(enum rounding r, int code, int step)
{
	int delta = 0;

	if (r == ROUND_FFMPEG)
		return ((2 * (code & 7) + 1) * step) >> 3;
	if (code & 4)
		delta += step;
	if (code & 2)
		delta += step >> 1;
	if (code & 1)
		delta += step >> 2;
	return delta + (step >> 3);
}

/*
 * The code the recommendation's encoder sends for input X when the decoder
 * holds PRED and STEP: the sign of the difference, and the largest
 * magnitude whose delta less its step / 8 the difference still reaches.
 */
static int ref_code(int pred, int step, int x)
{
	int diff = x - pred, sign = diff < 0 ? 8 : 0, mag = 7;

	if (diff < 0)
		diff = -diff;
	while (mag > 0 && ref_delta(ROUND_SPEC, mag, step) - (step >> 3) > diff)
		mag--;
	return sign | mag;
}

/*
 * Decode one block into OUT (SAMPLES values); the step index after the
 * last sample in *END_INDEX.  With PCM, every code must be the one the
 * recommendation's encoder picks against this decoder's state: the
 * encoder follows the decoder's predictor exactly, not the input.
 */
static void ref_decode_as(enum rounding r, const uint8_t *blk, int *out, int *end_index,
			  const int16_t *pcm)
{
	int pred = (int16_t)(uint16_t)(blk[0] | blk[1] << 8);
	int index = blk[2];

	ck_assert_uint_eq(blk[3], 0);
	ck_assert_int_le(index, 88);
	if (pcm)
		ck_assert_int_eq(pred, pcm[0]);
	out[0] = pred;
	for (size_t n = 0; n < SAMPLES - 1; n++) {
		int code = (blk[4 + n / 2] >> (n % 2 ? 4 : 0)) & 0xf;
		int step = ref_steps[index];
		int delta = ref_delta(r, code, step);

		if (pcm && code != ref_code(pred, step, pcm[n + 1]))
			ck_abort_msg("sample %zu: code %d for %d from predictor %d, step %d; "
				     "expected %d", n + 1, code, pcm[n + 1], pred, step,
				     ref_code(pred, step, pcm[n + 1]));
		pred = code & 8 ? pred - delta : pred + delta;
		if (pred > 32767)
			pred = 32767;
		else if (pred < -32768)
			pred = -32768;
		index += ref_index_delta(code);
		if (index < 0)
			index = 0;
		else if (index > 88)
			index = 88;
		out[n + 1] = pred;
	}
	*end_index = index;
}

static void ref_decode(const uint8_t *blk, int *out, int *end_index)
{
	ref_decode_as(ROUND_SPEC, blk, out, end_index, NULL);
}

/*
 * Encode NBLOCKS blocks of PCM with one state and decode them back into
 * DEC; every code must be the recommendation's, every block's header
 * index the one the decoder ended the previous block with, and the
 * encoder's state must agree with it.
 */
static void round_trip(const int16_t *pcm, size_t nblocks, uint8_t *blocks, int *dec)
{
	struct adpcm_state s;
	int end = 0;

	adpcm_init(&s);
	for (size_t b = 0; b < nblocks; b++) {
		uint8_t *blk = blocks + b * BLOCK;

		adpcm_encode_block(&s, pcm + b * SAMPLES, blk);
		ck_assert_int_eq(blk[2], end);
		ref_decode_as(ROUND_SPEC, blk, dec + b * SAMPLES, &end, pcm + b * SAMPLES);
		ck_assert_int_eq(s.step_index, end);
		ck_assert_int_ge(s.step_index, 0);
		ck_assert_int_le(s.step_index, 88);
	}
}

static void sine(int16_t *pcm, size_t n, double freq, double amp)
{
	for (size_t i = 0; i < n; i++)
		pcm[i] = (int16_t)lround(amp * sin(2 * M_PI * freq * (double)i / RATE));
}

static double snr_db(const int16_t *pcm, const int *dec, size_t n)
{
	double sig = 0, noise = 0;

	for (size_t i = 0; i < n; i++) {
		double e = (double)dec[i] - pcm[i];

		sig += (double)pcm[i] * pcm[i];
		noise += e * e;
	}
	return noise > 0 ? 10 * log10(sig / noise) : HUGE_VAL;
}

/* ---- the encoder alone ---- */

START_TEST(header_bytes)
{
	int16_t pcm[SAMPLES];
	uint8_t blk[BLOCK];
	struct adpcm_state s;

	memset(pcm, 0, sizeof(pcm));
	pcm[0] = -12345;	/* 0xCFC7 */
	adpcm_init(&s);
	ck_assert_int_eq(s.step_index, 0);
	memset(blk, 0xaa, sizeof(blk));
	adpcm_encode_block(&s, pcm, blk);
	ck_assert_uint_eq(blk[0], 0xC7);
	ck_assert_uint_eq(blk[1], 0xCF);
	ck_assert_uint_eq(blk[2], 0);
	ck_assert_uint_eq(blk[3], 0);

	pcm[0] = 32767;
	s.step_index = 60;
	adpcm_encode_block(&s, pcm, blk);
	ck_assert_uint_eq(blk[0], 0xFF);
	ck_assert_uint_eq(blk[1], 0x7F);
	ck_assert_uint_eq(blk[2], 60);
	ck_assert_uint_eq(blk[3], 0);

	pcm[0] = -32768;
	s.step_index = 88;
	adpcm_encode_block(&s, pcm, blk);
	ck_assert_uint_eq(blk[0], 0x00);
	ck_assert_uint_eq(blk[1], 0x80);
	ck_assert_uint_eq(blk[2], 88);

	/* a state out of range never reaches the header */
	s.step_index = 1000;
	adpcm_encode_block(&s, pcm, blk);
	ck_assert_uint_eq(blk[2], 88);
	s.step_index = -5;
	adpcm_encode_block(&s, pcm, blk);
	ck_assert_uint_eq(blk[2], 0);
}
END_TEST

/* The nibble order: sample 1 in the low nibble of byte 4. */
START_TEST(nibble_order)
{
	int16_t pcm[SAMPLES];
	uint8_t blk[BLOCK];
	struct adpcm_state s;

	memset(pcm, 0, sizeof(pcm));
	pcm[1] = 10000;		/* from step 7: the largest positive code, 7 */
	adpcm_init(&s);
	adpcm_encode_block(&s, pcm, blk);
	ck_assert_uint_eq(blk[4] & 0x0f, 0x7);
	/* sample 2 is 0 again, far below the predictor: a negative code */
	ck_assert_uint_eq(blk[4] >> 4 & 0x8, 0x8);
}
END_TEST

START_TEST(sine_1000hz_snr)
{
	enum { NB = 16 };
	static int16_t pcm[NB * SAMPLES];
	static uint8_t blocks[NB * BLOCK];
	static int dec[NB * SAMPLES];
	double snr, first, rest;

	sine(pcm, NB * SAMPLES, 1000, 8000);
	round_trip(pcm, NB, blocks, dec);
	snr = snr_db(pcm, dec, NB * SAMPLES);
	/* the first block starts from the smallest step and spends most of
	 * a period catching up; every later one starts from the carried index */
	first = snr_db(pcm, dec, SAMPLES);
	rest = snr_db(pcm + SAMPLES, dec + SAMPLES, (NB - 1) * SAMPLES);
	fprintf(stderr, "adpcm: 1000 Hz sine, amplitude 8000, %d blocks: SNR %.2f dB "
		"(first block %.2f dB, the others %.2f dB)\n", NB, snr, first, rest);
	ck_assert_msg(snr > 20, "SNR %.2f dB", snr);
	ck_assert_msg(rest > 20, "SNR after the first block %.2f dB", rest);
	ck_assert_msg(first > 15, "first block SNR %.2f dB", first);
}
END_TEST

START_TEST(silence)
{
	enum { NB = 3 };
	static int16_t pcm[NB * SAMPLES];
	static uint8_t blocks[NB * BLOCK];
	static int dec[NB * SAMPLES];
	struct adpcm_state s;
	int end;

	/* from the initial state: exact zeros, every code 0 */
	memset(pcm, 0, sizeof(pcm));
	round_trip(pcm, NB, blocks, dec);
	for (size_t i = 0; i < NB * SAMPLES; i++)
		ck_assert_int_eq(dec[i], 0);
	for (size_t b = 0; b < NB; b++)
		for (size_t i = 0; i < BLOCK; i++)
			ck_assert_uint_eq(blocks[b * BLOCK + i], 0);

	/* after a loud block the large step left over dies out within the
	 * block: the rest is exact silence and the index is back at 0 */
	adpcm_init(&s);
	sine(pcm, SAMPLES, 1000, 30000);
	adpcm_encode_block(&s, pcm, blocks);
	ck_assert_int_gt(s.step_index, 40);
	memset(pcm, 0, SAMPLES * sizeof(pcm[0]));
	adpcm_encode_block(&s, pcm, blocks + BLOCK);
	ref_decode(blocks + BLOCK, dec, &end);
	ck_assert_int_eq(end, 0);
	ck_assert_int_eq(s.step_index, 0);
	for (size_t i = SAMPLES / 2; i < SAMPLES; i++)
		ck_assert_msg(dec[i] == 0, "sample %zu: %d", i, dec[i]);
}
END_TEST

/* Full-scale squares of half-period HALF, and the extremes alternating
 * every sample: nothing wraps, the encoder stays locked to the decoder. */
START_TEST(full_scale_extremes)
{
	enum { NB = 4 };
	static const size_t halves[] = { 1, 2, 3, 7, 50, 300 };
	static int16_t pcm[NB * SAMPLES];
	static uint8_t blocks[NB * BLOCK];
	static int dec[NB * SAMPLES];

	for (size_t k = 0; k < sizeof(halves) / sizeof(halves[0]); k++) {
		size_t half = halves[k];

		for (size_t i = 0; i < NB * SAMPLES; i++)
			pcm[i] = (i / half) % 2 ? INT16_MIN : INT16_MAX;
		round_trip(pcm, NB, blocks, dec);
		for (size_t i = 0; i < NB * SAMPLES; i++) {
			ck_assert_int_ge(dec[i], INT16_MIN);
			ck_assert_int_le(dec[i], INT16_MAX);
		}
		if (half >= 50) {
			/* a wrapped or desynchronised predictor would show as a
			 * large error long after each edge */
			for (size_t i = 0; i < NB * SAMPLES; i++)
				if (i % half >= 20)
					ck_assert_msg(abs(dec[i] - pcm[i]) < 2000,
						      "half period %zu, sample %zu: %d for %d",
						      half, i, dec[i], pcm[i]);
		} else {
			/* at least the sign of every edge is followed */
			for (size_t i = 1; i < NB * SAMPLES; i++)
				if (i % SAMPLES && pcm[i] != pcm[i - 1])
					ck_assert_msg((dec[i] > dec[i - 1]) == (pcm[i] > pcm[i - 1]),
						      "half period %zu, sample %zu", half, i);
		}
	}

	/* and the block's first sample at the extremes, stored whole */
	for (size_t i = 0; i < SAMPLES; i++)
		pcm[i] = i % 2 ? INT16_MAX : INT16_MIN;
	round_trip(pcm, 1, blocks, dec);
	ck_assert_int_eq(dec[0], INT16_MIN);
}
END_TEST

START_TEST(index_carries_over)
{
	static int16_t pcm[2 * SAMPLES];
	uint8_t blk1[BLOCK], blk2[BLOCK], fresh[BLOCK];
	int dec[SAMPLES], dec_fresh[SAMPLES];
	struct adpcm_state s, s0;
	int end, end_fresh;
	double err = 0, err_fresh = 0;

	sine(pcm, 2 * SAMPLES, 1000, 20000);
	adpcm_init(&s);
	adpcm_encode_block(&s, pcm, blk1);
	ref_decode(blk1, dec, &end);
	ck_assert_int_gt(end, 0);
	ck_assert_int_eq(s.step_index, end);
	adpcm_encode_block(&s, pcm + SAMPLES, blk2);
	ck_assert_int_eq(blk2[2], end);
	ref_decode(blk2, dec, &end);
	ck_assert_int_eq(s.step_index, end);

	/* the same block from a fresh state starts from step 7 and lags */
	adpcm_init(&s0);
	adpcm_encode_block(&s0, pcm + SAMPLES, fresh);
	ck_assert_uint_eq(fresh[2], 0);
	ref_decode(fresh, dec_fresh, &end_fresh);
	for (size_t i = 0; i < 16; i++) {
		err += fabs((double)dec[i] - pcm[SAMPLES + i]);
		err_fresh += fabs((double)dec_fresh[i] - pcm[SAMPLES + i]);
	}
	ck_assert_msg(err < err_fresh / 2, "carried %.0f, fresh %.0f", err, err_fresh);
}
END_TEST

/* ---- ffmpeg reads what we write ---- */

static void put16(uint8_t **p, unsigned v)
{
	*(*p)++ = (uint8_t)(v & 0xff);
	*(*p)++ = (uint8_t)(v >> 8 & 0xff);
}

static void put32(uint8_t **p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p, v >> 16);
}

static void put4cc(uint8_t **p, const char *s)
{
	memcpy(*p, s, 4);
	*p += 4;
}

/* A WAV file of NB blocks: fmt (IMA ADPCM, the same fields as the ASF
 * stream's WAVEFORMATEX), fact, data. */
static void write_wav(const char *path, const uint8_t *blocks, size_t nb)
{
	uint8_t hdr[64], *p = hdr;
	uint32_t data = (uint32_t)(nb * BLOCK);
	FILE *f;

	put4cc(&p, "RIFF");
	put32(&p, 4 + (8 + 20) + (8 + 4) + 8 + data);
	put4cc(&p, "WAVE");
	put4cc(&p, "fmt ");
	put32(&p, 20);
	put16(&p, 0x0011);			/* WAVE_FORMAT_IMA_ADPCM */
	put16(&p, 1);				/* mono */
	put32(&p, RATE);
	put32(&p, (uint32_t)(RATE * BLOCK / SAMPLES));	/* bytes/s */
	put16(&p, BLOCK);			/* block align */
	put16(&p, 4);				/* bits per sample */
	put16(&p, 2);				/* cbSize */
	put16(&p, SAMPLES);			/* samples per block */
	put4cc(&p, "fact");
	put32(&p, 4);
	put32(&p, (uint32_t)(nb * SAMPLES));
	put4cc(&p, "data");
	put32(&p, data);

	f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(hdr, 1, (size_t)(p - hdr), f), (size_t)(p - hdr));
	ck_assert_uint_eq(fwrite(blocks, 1, data, f), data);
	ck_assert_int_eq(fclose(f), 0);
}

/* ffmpeg IN to raw s16le OUT; its exit status.  No shell, stdin closed. */
static int run_ffmpeg(const char *in, const char *out)
{
	char *const argv[] = {
		"ffmpeg", "-nostdin", "-v", "error", "-i", (char *)in,
		"-f", "s16le", "-acodec", "pcm_s16le", (char *)out, NULL,
	};
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, rc;

	ck_assert_int_eq(posix_spawn_file_actions_init(&fa), 0);
	ck_assert_int_eq(posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0), 0);
	rc = posix_spawn(&pid, FFMPEG, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	ck_assert_msg(rc == 0, "posix_spawn %s: %s", FFMPEG, strerror(rc));
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * The frequency of a decoded sine of amplitude AMP from its rising zero
 * crossings: the time from the first to the last, over the periods in
 * between.  A crossing counts only after the signal went below -AMP/2, so
 * quantisation noise around zero cannot add crossings; its position is
 * interpolated between the two samples around it.
 */
static double crossing_freq(const int *x, size_t n, double amp)
{
	double first = -1, last = -1;
	bool armed = false;
	int periods = -1;

	for (size_t i = 1; i < n; i++) {
		if (x[i] < -amp / 2)
			armed = true;
		if (armed && x[i - 1] < 0 && x[i] >= 0) {
			double t = (double)(i - 1) + (double)-x[i - 1] / (x[i] - x[i - 1]);

			if (first < 0)
				first = t;
			last = t;
			periods++;
			armed = false;
		}
	}
	ck_assert_int_gt(periods, 10);
	return periods * (double)RATE / (last - first);
}

START_TEST(ffmpeg_decodes_wav)
{
	enum { NB = 16 };
	static int16_t pcm[NB * SAMPLES];
	static uint8_t blocks[NB * BLOCK];
	static int dec[NB * SAMPLES], dec_ff[NB * SAMPLES], ff[NB * SAMPLES];
	static uint8_t raw[NB * SAMPLES * 2 + 1];
	char dir[] = "/tmp/ipcamd-adpcm-XXXXXX", wav[64], out[64];
	size_t got, mismatches = 0, same = 0;
	int maxdiff = 0, end, rc;
	double freq, snr, snr_ff;
	FILE *f;

	ck_assert_msg(!access(FFMPEG, X_OK),
		      FFMPEG " is missing: ffmpeg is a test dependency of the daemon "
		      "(apt-get install ffmpeg); it checks that a real decoder reads our blocks");
	sine(pcm, NB * SAMPLES, 440, 10000);
	round_trip(pcm, NB, blocks, dec);

	/* the checks wait for the clean-up (only an I/O error stops before it) */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(wav, sizeof(wav), "%s/in.wav", dir);
	snprintf(out, sizeof(out), "%s/out.raw", dir);
	write_wav(wav, blocks, NB);
	rc = run_ffmpeg(wav, out);
	got = 0;
	f = fopen(out, "rb");
	if (f) {
		got = fread(raw, 1, sizeof(raw), f);
		fclose(f);
	}
	unlink(wav);
	unlink(out);
	rmdir(dir);
	ck_assert_msg(rc == 0, "ffmpeg exited with %d", rc);
	ck_assert_uint_eq(got, NB * SAMPLES * 2);
	for (size_t i = 0; i < NB * SAMPLES; i++)
		ff[i] = (int16_t)(uint16_t)(raw[2 * i] | raw[2 * i + 1] << 8);

	/*
	 * Bit-exact against this decoder with ffmpeg's rounding: ffmpeg reads
	 * our header, index, nibble order and block framing exactly as the
	 * format defines them (any slip there changes nearly every sample).
	 */
	for (size_t b = 0; b < NB; b++)
		ref_decode_as(ROUND_FFMPEG, blocks + b * BLOCK, dec_ff + b * SAMPLES, &end, NULL);
	for (size_t i = 0; i < NB * SAMPLES; i++)
		if (ff[i] != dec_ff[i] && mismatches++ < 5)
			fprintf(stderr, "sample %zu: ffmpeg %d, reference %d\n", i, ff[i], dec_ff[i]);
	ck_assert_msg(mismatches == 0, "%zu samples of %zu differ from ffmpeg's", mismatches,
		      (size_t)(NB * SAMPLES));

	/* against the recommendation's rounding, which the encoder tracks:
	 * every block starts equal, then ffmpeg drifts by a few units */
	for (size_t i = 0; i < NB * SAMPLES; i++) {
		int d = abs(ff[i] - dec[i]);

		same += d == 0;
		if (d > maxdiff)
			maxdiff = d;
		if (i % SAMPLES == 0)
			ck_assert_int_eq(d, 0);
	}
	snr = snr_db(pcm, dec, NB * SAMPLES);
	snr_ff = snr_db(pcm, ff, NB * SAMPLES);
	freq = crossing_freq(ff, NB * SAMPLES, 10000);
	fprintf(stderr, "adpcm: 440 Hz sine, amplitude 10000, %d blocks: ffmpeg bit-exact with "
		"its rounding; %zu of %zu samples equal to the IMA decoder's, at most %d apart; "
		"SNR %.1f dB (IMA), %.1f dB (ffmpeg); ffmpeg's sine at %.2f Hz\n", NB, same,
		(size_t)(NB * SAMPLES), maxdiff, snr, snr_ff, freq);
	ck_assert_int_lt(maxdiff, 200);
	ck_assert_msg(snr_ff > 20, "ffmpeg's decode: SNR %.1f dB", snr_ff);
	ck_assert_msg(fabs(freq - 440) < 4.4, "decoded sine at %.2f Hz", freq);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("adpcm");
	TCase *tc = tcase_create("adpcm");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, header_bytes);
	tcase_add_test(tc, nibble_order);
	tcase_add_test(tc, sine_1000hz_snr);
	tcase_add_test(tc, silence);
	tcase_add_test(tc, full_scale_extremes);
	tcase_add_test(tc, index_carries_over);
	tcase_add_test(tc, ffmpeg_decodes_wav);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

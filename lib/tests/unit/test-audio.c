// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The microphone API without a microphone: the time arithmetic, the
 * cameras it refuses, and the open/read/close path on alsa-lib's "null"
 * PCM (which gives samples as fast as they are read).  Recording from ipcam's card runs
 * on the QEMU board.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "unit.h"

#define NS	1000000000ULL

/* The exact value, rounded down, with 128-bit arithmetic. */
static uint64_t reference_ns(uint64_t start, uint64_t frames, unsigned int rate)
{
	return start + (uint64_t)((unsigned __int128)frames * NS / rate);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

START_TEST(test_sample_time)
{
	ck_assert_uint_eq(ipcam_audio_sample_ns(5, 0, 8000), 5);
	ck_assert_uint_eq(ipcam_audio_sample_ns(0, 160, 8000), 20000000);
	ck_assert_uint_eq(ipcam_audio_sample_ns(0, 1, 48000), 20833);
	ck_assert_uint_eq(ipcam_audio_sample_ns(7, 48000, 48000), NS + 7);
	/* 10 hours at 48 kHz: frames * 1e9 alone would be 1.7e18, 100 days 1.7e20. */
	ck_assert_uint_eq(ipcam_audio_sample_ns(0, 48000ULL * 36000, 48000), 36000 * NS);
	ck_assert_uint_eq(ipcam_audio_sample_ns(0, 48000ULL * 8640000, 48000),
			  8640000 * NS);
}
END_TEST

/* Against 128-bit arithmetic, odd rates and counts included. */
START_TEST(test_sample_time_exact)
{
	static const unsigned int rates[] = { 1, 8000, 11025, 16000, 44100, 48000,
					      192000, 4294967295U };
	static const uint64_t counts[] = { 0, 1, 159, 160, 44099, 44101,
					   1ULL << 32, 18446744073ULL, 1ULL << 40,
					   123456789012345ULL };
	size_t r, c;

	for (r = 0; r < ARRAY_SIZE(rates); r++)
		for (c = 0; c < ARRAY_SIZE(counts); c++)
			ck_assert_uint_eq(ipcam_audio_sample_ns(1000, counts[c], rates[r]),
					  reference_ns(1000, counts[c], rates[r]));
}
END_TEST

START_TEST(test_open_without_microphone)
{
	struct ipcam_camera_info cam;
	struct ipcam_audio *a = (struct ipcam_audio *)1;

	memset(&cam, 0, sizeof(cam));
	ck_assert_int_eq(ipcam_audio_open(&cam, 16000, &a), -ENODEV);
	ck_assert_ptr_null(a);
	ipcam_audio_close(NULL);	/* allowed, like free(NULL) */
}
END_TEST

START_TEST(test_open_missing_card)
{
	struct ipcam_camera_info cam;
	struct ipcam_audio *a = (struct ipcam_audio *)1;
	int err;

	memset(&cam, 0, sizeof(cam));
	strcpy(cam.sound_card, "ipcamNoSuchCard");
	/* (alsa-lib says "Cannot get card index" on stderr itself.) */
	err = ipcam_audio_open(&cam, 16000, &a);
	ck_assert_int_eq(err, -ENODEV);	/* no such card: gone */
	ck_assert_ptr_null(a);
}
END_TEST

/* What would be more of the PCM's arguments is not a card id. */
START_TEST(test_open_bad_card_id)
{
	static const char *const ids[] = { "ipcam0,DEV=1", "a b", "x\"", "{}" };
	struct ipcam_camera_info cam;
	struct ipcam_audio *a;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		memset(&cam, 0, sizeof(cam));
		strcpy(cam.sound_card, ids[i]);
		a = (struct ipcam_audio *)1;
		ck_assert_int_eq(ipcam_audio_open(&cam, 16000, &a), -EINVAL);
		ck_assert_ptr_null(a);
	}
	/* Not NUL-terminated within the field. */
	memset(&cam, 'a', sizeof(cam));
	ck_assert_int_eq(ipcam_audio_open(&cam, 16000, &a), -EINVAL);
	ck_assert_ptr_null(a);
}
END_TEST

START_TEST(test_open_rate_zero)
{
	struct ipcam_audio *a = (struct ipcam_audio *)1;

	ck_assert_int_eq(ipcam_audio_open_pcm("null", 0, &a), -EINVAL);
	ck_assert_ptr_null(a);
}
END_TEST

/* Consecutive reads have consecutive times, from about when it started. */
START_TEST(test_read_null_pcm)
{
	int16_t buf[480];
	struct ipcam_audio *a;
	uint64_t before = now_ns(), t1 = 0, t2 = 0, t3 = 0;

	ck_assert_int_eq(ipcam_audio_open_pcm("null", 16000, &a), 0);
	ck_assert_uint_eq(ipcam_audio_rate(a), 16000);
	ck_assert_str_eq(ipcam_audio_last_error(a), "");
	ck_assert_int_eq(ipcam_audio_read(a, buf, 320, &t1), 320);
	ck_assert_uint_ge(t1, before);
	ck_assert_uint_le(t1, now_ns());
	ck_assert_int_eq(ipcam_audio_read(a, buf, 480, &t2), 480);
	ck_assert_uint_eq(t2, t1 + 20000000);	/* 320 samples at 16 kHz */
	ck_assert_int_eq(ipcam_audio_read(a, buf, 0, &t3), 0);
	ck_assert_uint_eq(t3, t2 + 30000000);
	ck_assert_int_eq(ipcam_audio_read(a, buf, 1, NULL), 1);
	ck_assert_int_eq(ipcam_audio_read(a, NULL, 1, &t3), -EINVAL);
	ck_assert_ptr_nonnull(strstr(ipcam_audio_last_error(a), "reading 1 samples"));
	ipcam_audio_close(a);
}
END_TEST

static Suite *audio_suite(void)
{
	Suite *s = suite_create("audio");
	TCase *time = tcase_create("time");
	TCase *open = tcase_create("open");

	tcase_add_test(time, test_sample_time);
	tcase_add_test(time, test_sample_time_exact);
	suite_add_tcase(s, time);
	tcase_add_test(open, test_open_without_microphone);
	tcase_add_test(open, test_open_missing_card);
	tcase_add_test(open, test_open_bad_card_id);
	tcase_add_test(open, test_open_rate_zero);
	tcase_add_test(open, test_read_null_pcm);
	suite_add_tcase(s, open);
	return s;
}

UNIT_MAIN(audio_suite)

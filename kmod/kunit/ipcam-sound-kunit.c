// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the virtual microphone's scene.  The background tone has its
 * frequency at every rate the card offers, a sample depends only on its
 * index (so rendering in pieces gives the same stream as in one go), and
 * the car's hum is there for exactly its drive, faded at both ends.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/time64.h>

#include "../ipcam-activity.h"
#include "../ipcam-sound.h"

/* Rising zero crossings of @x: the frequency of a pure tone, times @n / rate. */
static u32 rising_crossings(const s16 *x, u32 n)
{
	u32 i, c = 0;

	for (i = 1; i < n; i++)
		if (x[i - 1] < 0 && x[i] >= 0)
			c++;
	return c;
}

static void ipcam_sound_tone_frequency(struct kunit *test)
{
	static const u32 rates[] = { 8000, 16000, 48000 };
	u32 i;

	for (i = 0; i < ARRAY_SIZE(rates); i++) {
		struct ipcam_sound_span s = { .rate = rates[i], .t0_ns = NSEC_PER_SEC };
		s16 *x = kunit_kmalloc_array(test, rates[i], sizeof(*x), GFP_KERNEL);
		u32 c;

		KUNIT_ASSERT_NOT_NULL(test, x);
		ipcam_sound_render(&s, x, rates[i]);
		c = rising_crossings(x, rates[i]);
		/* one second: 1000 rising crossings, give or take the edge */
		KUNIT_EXPECT_GE(test, c, IPCAM_SOUND_TONE_HZ - 1);
		KUNIT_EXPECT_LE(test, c, IPCAM_SOUND_TONE_HZ + 1);
	}
}

static void ipcam_sound_pieces_match(struct kunit *test)
{
	struct ipcam_sound_span s = {
		.rate = 8000, .t0_ns = 7 * NSEC_PER_SEC,
		.car_start_ns = 7 * NSEC_PER_SEC + 100 * NSEC_PER_MSEC,
		.car_ns = IPCAM_ACTIVITY_NS,
	};
	s16 *whole = kunit_kmalloc_array(test, 4000, sizeof(s16), GFP_KERNEL);
	s16 *parts = kunit_kmalloc_array(test, 4000, sizeof(s16), GFP_KERNEL);
	u32 at = 0, n = 1;

	KUNIT_ASSERT_NOT_NULL(test, whole);
	KUNIT_ASSERT_NOT_NULL(test, parts);
	ipcam_sound_render(&s, whole, 4000);
	while (at < 4000) {
		n = min(n * 3, 4000 - at);
		s.first = at;
		ipcam_sound_render(&s, parts + at, n);
		at += n;
	}
	KUNIT_EXPECT_EQ(test, memcmp(whole, parts, 4000 * sizeof(s16)), 0);
}

/* Peak of |x| over @n samples from @at. */
static s32 peak(const s16 *x, u32 at, u32 n)
{
	s32 m = 0;
	u32 i;

	for (i = at; i < at + n; i++)
		m = max_t(s32, m, abs(x[i]));
	return m;
}

static void ipcam_sound_car_hum(struct kunit *test)
{
	/* the drive starts 1 s into 8 s at 8 kHz */
	struct ipcam_sound_span s = {
		.rate = 8000, .t0_ns = NSEC_PER_SEC,
		.car_start_ns = 2 * NSEC_PER_SEC, .car_ns = IPCAM_ACTIVITY_NS,
	};
	u32 start = 8000, end = start + (u32)div_u64(IPCAM_ACTIVITY_NS * 8000, NSEC_PER_SEC);
	s16 *x = kunit_kmalloc_array(test, 8 * 8000, sizeof(s16), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	ipcam_sound_render(&s, x, 8 * 8000);
	/* before and after: the tone alone */
	KUNIT_EXPECT_LE(test, peak(x, 0, start), IPCAM_SOUND_TONE_AMP + 1);
	KUNIT_EXPECT_LE(test, peak(x, end + 1, 8 * 8000 - end - 1), IPCAM_SOUND_TONE_AMP + 1);
	/* the middle of the drive: both, louder than either */
	KUNIT_EXPECT_GT(test, peak(x, start + 8000, 800), IPCAM_SOUND_CAR_AMP);
	/* the fade: its first 5 ms are well below the full hum */
	KUNIT_EXPECT_LT(test, peak(x, start, 40),
			IPCAM_SOUND_TONE_AMP + IPCAM_SOUND_CAR_AMP / 3);
}

static struct kunit_case ipcam_sound_cases[] = {
	KUNIT_CASE(ipcam_sound_tone_frequency),
	KUNIT_CASE(ipcam_sound_pieces_match),
	KUNIT_CASE(ipcam_sound_car_hum),
	{}
};

static struct kunit_suite ipcam_sound_suite = {
	.name = "ipcam_sound",
	.test_cases = ipcam_sound_cases,
};

kunit_test_suite(ipcam_sound_suite);

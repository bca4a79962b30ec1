// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the stepper ramp (trapezoid profile from the integer recurrence),
 * the unit conversions between steps, arc-seconds and SDK rates, and the
 * clamping of targets to the axis' travel.
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/math.h>
#include <linux/math64.h>
#include <linux/time64.h>

#include "../ipcam-ramp.h"

/* Take @steps steps of a fresh ramp; returns the total time in ns. */
static u64 run_move(struct ipcam_ramp *r, u32 steps, u32 *intervals)
{
	u64 total = 0;
	u32 taken, c;

	ipcam_ramp_reset(r);
	for (taken = 0; taken < steps; taken++) {
		c = ipcam_ramp_next(r, steps - taken);
		if (!c)
			break;
		if (intervals)
			intervals[taken] = c;
		total += c;
	}
	return total;
}

static void ipcam_ramp_first_interval(struct kunit *test)
{
	struct ipcam_ramp r = {};

	/* c0 = 0.676 * sqrt(2 / a): 1000 steps/s^2 gives 30.23 ms. */
	ipcam_ramp_config(&r, 1000, 800);
	KUNIT_EXPECT_GE(test, r.c0_ns, 30100000U);
	KUNIT_EXPECT_LE(test, r.c0_ns, 30300000U);
	KUNIT_EXPECT_EQ(test, r.cmin_ns, 1250000U);

	/* An acceleration too high for the rate starts at the cruise rate. */
	ipcam_ramp_config(&r, 100000000, 10);
	KUNIT_EXPECT_EQ(test, r.c0_ns, r.cmin_ns);
	KUNIT_EXPECT_EQ(test, r.cmin_ns, 100000000U);

	/* Zero rate and acceleration are taken as 1, not divided by. */
	ipcam_ramp_config(&r, 0, 0);
	KUNIT_EXPECT_EQ(test, r.cmin_ns, (u32)NSEC_PER_SEC);
}

static void ipcam_ramp_standstill(struct kunit *test)
{
	struct ipcam_ramp r = {};

	ipcam_ramp_config(&r, 2000, 400);
	ipcam_ramp_reset(&r);
	KUNIT_EXPECT_EQ(test, ipcam_ramp_next(&r, 0), 0U);
	KUNIT_EXPECT_EQ(test, ipcam_ramp_rate(&r), 0U);
	KUNIT_EXPECT_EQ(test, ipcam_ramp_stop_distance(&r), 0U);
	/* One step: c0, then stop. */
	KUNIT_EXPECT_EQ(test, ipcam_ramp_next(&r, 1), r.c0_ns);
	KUNIT_EXPECT_EQ(test, ipcam_ramp_next(&r, 0), 0U);
	KUNIT_EXPECT_EQ(test, ipcam_ramp_stop_distance(&r), 0U);
}

/* v^2 / 2a steps to reach the cruise rate; intervals never grow. */
static void ipcam_ramp_accelerates_to_cruise(struct kunit *test)
{
	struct ipcam_ramp r = {};
	u32 prev = U32_MAX, c, i;

	ipcam_ramp_config(&r, 4000, 800);	/* 800^2 / 8000 = 80 steps */
	ipcam_ramp_reset(&r);
	for (i = 0; i < 200; i++) {
		c = ipcam_ramp_next(&r, 100000);
		KUNIT_ASSERT_NE(test, c, 0U);
		KUNIT_EXPECT_LE(test, c, prev);
		prev = c;
	}
	KUNIT_EXPECT_EQ(test, c, r.cmin_ns);
	KUNIT_EXPECT_EQ(test, ipcam_ramp_rate(&r), 800U);
	/* The recurrence is within 10% of the continuous trapezoid. */
	KUNIT_EXPECT_GE(test, ipcam_ramp_stop_distance(&r), 72U);
	KUNIT_EXPECT_LE(test, ipcam_ramp_stop_distance(&r), 88U);
}

/* A move of N steps takes exactly N steps and ends at standstill. */
static void ipcam_ramp_exact_distance(struct kunit *test)
{
	static const u32 moves[] = { 1, 2, 3, 10, 79, 160, 161, 1000 };
	struct ipcam_ramp r = {};
	unsigned int i;
	u32 *iv;

	iv = kunit_kcalloc(test, 1000, sizeof(*iv), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, iv);
	ipcam_ramp_config(&r, 4000, 800);
	for (i = 0; i < ARRAY_SIZE(moves); i++) {
		u32 n = moves[i];

		memset(iv, 0, 1000 * sizeof(*iv));
		run_move(&r, n, iv);
		KUNIT_EXPECT_NE_MSG(test, iv[n - 1], 0U, "move of %u steps", n);
		/* Every step of the move was paced. */
		KUNIT_EXPECT_EQ_MSG(test, ipcam_ramp_next(&r, 0), 0U, "move of %u", n);
		KUNIT_EXPECT_EQ_MSG(test, ipcam_ramp_stop_distance(&r), 0U, "move of %u", n);
		/* A long move decelerates back to the standstill rate. */
		if (n >= 160)
			KUNIT_EXPECT_GE_MSG(test, iv[n - 1], iv[n / 2] * 4,
					    "move of %u steps ends slow", n);
	}
}

/*
 * A move too short to reach the cruise rate is a triangle: it peaks at
 * sqrt(a * N) steps/s (half the distance accelerating, v^2 = 2 a N / 2),
 * never faster, and is as fast going down as going up.
 */
static void ipcam_ramp_triangle_peak(struct kunit *test)
{
	static const u32 moves[] = { 4, 10, 40, 79, 120, 159 };
	struct ipcam_ramp r = {};
	unsigned int i;
	u32 *iv;

	iv = kunit_kcalloc(test, 160, sizeof(*iv), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, iv);
	ipcam_ramp_config(&r, 4000, 800);
	for (i = 0; i < ARRAY_SIZE(moves); i++) {
		u32 n = moves[i], k, fastest = U32_MAX;
		u64 peak_ns = div_u64(NSEC_PER_SEC, int_sqrt(4000 * n));

		run_move(&r, n, iv);
		for (k = 0; k < n; k++)
			fastest = min(fastest, iv[k]);
		KUNIT_EXPECT_GE_MSG(test, (u64)fastest * 100, peak_ns * 95,
				    "%u steps: fastest interval %u ns, peak %llu ns",
				    n, fastest, peak_ns);
		KUNIT_EXPECT_LE_MSG(test, (u64)fastest * 100, peak_ns * 120,
				    "%u steps: fastest interval %u ns, peak %llu ns",
				    n, fastest, peak_ns);
		/* Symmetric: the last step is as slow as the first. */
		KUNIT_EXPECT_GE_MSG(test, iv[n - 1], r.c0_ns - r.c0_ns / 100,
				    "%u steps: last interval", n);
	}
}

/* Time of a long move: N / v + v / a, the trapezoid, within 5%. */
static void ipcam_ramp_move_time(struct kunit *test)
{
	struct ipcam_ramp r = {};
	u64 t, want;

	ipcam_ramp_config(&r, 4000, 800);
	t = run_move(&r, 2000, NULL);
	want = 2000ULL * NSEC_PER_SEC / 800 + 800ULL * NSEC_PER_SEC / 4000;
	KUNIT_EXPECT_GE(test, t, want * 95 / 100);
	KUNIT_EXPECT_LE(test, t, want * 105 / 100);
}

/* A lower cruise rate while running slows down, it does not jump. */
static void ipcam_ramp_slows_to_new_rate(struct kunit *test)
{
	struct ipcam_ramp r = {};
	u32 i, c, prev;

	ipcam_ramp_config(&r, 4000, 800);
	ipcam_ramp_reset(&r);
	for (i = 0; i < 200; i++)
		prev = ipcam_ramp_next(&r, 100000);
	ipcam_ramp_config(&r, 4000, 200);
	c = ipcam_ramp_next(&r, 100000);
	KUNIT_EXPECT_GT(test, c, prev);
	KUNIT_EXPECT_LT(test, c, r.cmin_ns);
	for (i = 0; i < 200; i++)
		c = ipcam_ramp_next(&r, 100000);
	KUNIT_EXPECT_EQ(test, c, r.cmin_ns);
	KUNIT_EXPECT_EQ(test, ipcam_ramp_rate(&r), 200U);
}

static void ipcam_units_steps_arcsec(struct kunit *test)
{
	s32 s;

	/* 28BYJ-48 half-stepping: 4096 steps per turn. */
	KUNIT_EXPECT_EQ(test, ipcam_steps_to_arcsec(1024, 4096), 324000);
	KUNIT_EXPECT_EQ(test, ipcam_steps_to_arcsec(-1024, 4096), -324000);
	KUNIT_EXPECT_EQ(test, ipcam_steps_to_arcsec(1, 4096), 316);	/* 316.4 */
	KUNIT_EXPECT_EQ(test, ipcam_steps_to_arcsec(3, 4096), 949);	/* 949.2 */
	KUNIT_EXPECT_EQ(test, ipcam_steps_to_arcsec(-3, 4096), -949);
	KUNIT_EXPECT_EQ(test, ipcam_arcsec_to_steps(324000, 4096), 1024);
	KUNIT_EXPECT_EQ(test, ipcam_arcsec_to_steps(-324000, 4096), -1024);
	KUNIT_EXPECT_EQ(test, ipcam_arcsec_to_steps(158, 4096), 0);	/* 0.499 */
	KUNIT_EXPECT_EQ(test, ipcam_arcsec_to_steps(159, 4096), 1);	/* 0.502 */
	KUNIT_EXPECT_EQ(test, ipcam_arcsec_to_steps(-159, 4096), -1);
	/* A step is coarser than an arc-second: every position round-trips. */
	for (s = -8192; s <= 8192; s++)
		KUNIT_ASSERT_EQ(test, ipcam_arcsec_to_steps(ipcam_steps_to_arcsec(s, 4096),
							    4096), s);
	/* Large positions do not overflow the intermediate product. */
	KUNIT_EXPECT_EQ(test, ipcam_steps_to_arcsec(4096 * 100, 4096), 129600000);
}

static void ipcam_units_sdk_rate(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ipcam_rate_from_sdk(800, 50, false), 400U);
	KUNIT_EXPECT_EQ(test, ipcam_rate_from_sdk(800, 100, false), 800U);
	KUNIT_EXPECT_EQ(test, ipcam_rate_from_sdk(800, 0, false), 1U);
	KUNIT_EXPECT_EQ(test, ipcam_rate_from_sdk(800, 0, true), 800U);
	KUNIT_EXPECT_EQ(test, ipcam_rate_from_sdk(800, 100, true), 1U);
	KUNIT_EXPECT_EQ(test, ipcam_rate_from_sdk(800, 25, true), 600U);
	/* Beyond the scale is the end of the scale. */
	KUNIT_EXPECT_EQ(test, ipcam_rate_from_sdk(800, 1000, false), 800U);
}

static void ipcam_units_clamp_travel(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ipcam_clamp_travel(10, 20, -100, 100), 30);
	KUNIT_EXPECT_EQ(test, ipcam_clamp_travel(90, 20, -100, 100), 100);
	KUNIT_EXPECT_EQ(test, ipcam_clamp_travel(-90, -20, -100, 100), -100);
	KUNIT_EXPECT_EQ(test, ipcam_clamp_travel(0, 100, -100, 100), 100);
	/* The sum would overflow s32: still the nearest limit. */
	KUNIT_EXPECT_EQ(test, ipcam_clamp_travel(100, S32_MAX, -100, 100), 100);
	KUNIT_EXPECT_EQ(test, ipcam_clamp_travel(-100, S32_MIN, -100, 100), -100);
	KUNIT_EXPECT_EQ(test, ipcam_clamp_travel(S32_MAX, S32_MAX, S32_MIN, S32_MAX),
			S32_MAX);
	/* A position outside the travel (before homing) comes back into it. */
	KUNIT_EXPECT_EQ(test, ipcam_clamp_travel(500, 0, -100, 100), 100);
}

static struct kunit_case ipcam_ramp_cases[] = {
	KUNIT_CASE(ipcam_ramp_first_interval),
	KUNIT_CASE(ipcam_ramp_standstill),
	KUNIT_CASE(ipcam_ramp_accelerates_to_cruise),
	KUNIT_CASE(ipcam_ramp_exact_distance),
	KUNIT_CASE(ipcam_ramp_triangle_peak),
	KUNIT_CASE(ipcam_ramp_move_time),
	KUNIT_CASE(ipcam_ramp_slows_to_new_rate),
	{}
};

static struct kunit_suite ipcam_ramp_suite = {
	.name = "ipcam_ramp",
	.test_cases = ipcam_ramp_cases,
};

static struct kunit_case ipcam_units_cases[] = {
	KUNIT_CASE(ipcam_units_steps_arcsec),
	KUNIT_CASE(ipcam_units_sdk_rate),
	KUNIT_CASE(ipcam_units_clamp_travel),
	{}
};

static struct kunit_suite ipcam_units_suite = {
	.name = "ipcam_units",
	.test_cases = ipcam_units_cases,
};

kunit_test_suites(&ipcam_ramp_suite, &ipcam_units_suite);

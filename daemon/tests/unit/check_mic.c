// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The microphone's capture and sharing (mic.c) with a synthetic source:
 * nothing is open at rest, the capture runs exactly while someone wants
 * it, each block holds 505 encoded samples stamped with the time of its
 * first, the ring keeps the newest MIC_RING blocks, a gap keeps the
 * source open while a failure closes it and retries without spinning.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "mic.h"
#include "unit.h"

/* 1 s of the synthetic clock starts here: block k starts at k * 505 / 8000 s. */
#define T0_NS	5000000000ULL

static atomic_int opens, open_tries, closes, open_now, fail_open, fail_read, gap_read;
static atomic_ullong samples;

static void sleep_ms(long ms)
{
	struct timespec d = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&d, NULL);
}

static int src_open(void *ctx, void **handle)
{
	(void)ctx;
	atomic_fetch_add(&open_tries, 1);
	if (atomic_load(&fail_open))
		return -EIO;
	atomic_fetch_add(&opens, 1);
	atomic_store(&open_now, 1);
	*handle = &samples;
	return 0;
}

/* Ten times faster than a real 8 kHz microphone; the samples count up. */
static ssize_t src_read(void *handle, int16_t *pcm, size_t n, uint64_t *first_ns)
{
	unsigned long long k;

	ck_assert_ptr_eq(handle, &samples);
	sleep_ms(6);
	if (atomic_exchange(&fail_read, 0))
		return -ENODEV;
	if (atomic_exchange(&gap_read, 0))
		return -EPIPE;
	k = atomic_fetch_add(&samples, n);
	for (size_t i = 0; i < n; i++)
		pcm[i] = (int16_t)((k + i) % 2000);
	*first_ns = T0_NS + k * 1000000000ULL / ASF_ADPCM_RATE;
	return (ssize_t)n;
}

static void src_close(void *handle)
{
	(void)handle;
	atomic_fetch_add(&closes, 1);
	atomic_store(&open_now, 0);
}

static const struct mic_source_ops ops = { src_open, src_read, src_close };

static atomic_int wakes;

/* The microphone's wake-up; CTX is &wakes (mic_new's wake_ctx). */
static void wake(void *ctx)
{
	atomic_fetch_add((atomic_int *)ctx, 1);
}

static void reset(void)
{
	atomic_store(&opens, 0);
	atomic_store(&open_tries, 0);
	atomic_store(&closes, 0);
	atomic_store(&open_now, 0);
	atomic_store(&fail_open, 0);
	atomic_store(&fail_read, 0);
	atomic_store(&gap_read, 0);
	atomic_store(&samples, 0);
	atomic_store(&wakes, 0);
}

/* Wait up to MS for the newest block's seq to reach SEQ. */
static bool wait_seq(struct mic *m, uint64_t seq, long ms)
{
	for (long t = 0; t < ms; t += 5) {
		if (mic_seq(m) >= seq)
			return true;
		sleep_ms(5);
	}
	return mic_seq(m) >= seq;
}

START_TEST(nothing_open_at_rest)
{
	struct mic *m;

	reset();
	m = mic_new(&ops, NULL, wake, &wakes);
	sleep_ms(100);
	ck_assert_int_eq(atomic_load(&opens), 0);
	ck_assert(!mic_capturing(m));
	ck_assert_uint_eq(mic_seq(m), 0);
	mic_free(m);
	ck_assert_int_eq(atomic_load(&opens), 0);
}
END_TEST

START_TEST(captures_while_wanted)
{
	struct mic_block b, prev;
	struct mic *m;

	reset();
	m = mic_new(&ops, NULL, wake, &wakes);
	mic_subscribe(m);
	mic_subscribe(m);
	ck_assert(wait_seq(m, 8, 3000));
	ck_assert(mic_capturing(m));
	ck_assert_int_eq(atomic_load(&opens), 1);
	ck_assert_int_ge(atomic_load(&wakes), 5);

	/* consecutive blocks, 505 samples (63.125 ms) apart, each one opening
	 * with its first sample as the ADPCM predictor: every block the ring
	 * still holds, however far the source got meanwhile */
	ck_assert(mic_next(m, 0, &prev));
	for (int i = 0; i < 5; i++) {
		uint64_t s = prev.seq;

		ck_assert_uint_eq(prev.mono_ms,
				  (T0_NS + (s - 1) * ASF_ADPCM_SAMPLES * 125000ULL) / 1000000);
		ck_assert_int_eq((int16_t)(prev.data[0] | prev.data[1] << 8),
				 (int)((s - 1) * ASF_ADPCM_SAMPLES % 2000));
		ck_assert(mic_next(m, s, &b));
		ck_assert_uint_eq(b.seq, s + 1);
		prev = b;
	}

	/* one consumer left: still running; none: closed after one read */
	mic_unsubscribe(m);
	sleep_ms(50);
	ck_assert(mic_capturing(m));
	mic_unsubscribe(m);
	sleep_ms(100);
	ck_assert(!mic_capturing(m));
	ck_assert_int_eq(atomic_load(&open_now), 0);
	ck_assert_int_eq(atomic_load(&closes), 1);
	mic_free(m);
}
END_TEST

START_TEST(ring_keeps_the_newest)
{
	struct mic_block b;
	struct mic *m;
	uint64_t last;

	reset();
	m = mic_new(&ops, NULL, wake, &wakes);
	mic_subscribe(m);
	ck_assert(wait_seq(m, MIC_RING + 10, 5000));
	mic_unsubscribe(m);
	sleep_ms(50);
	last = mic_seq(m);
	/* a viewer far behind gets the oldest block still kept */
	ck_assert(mic_next(m, 0, &b));
	ck_assert_uint_eq(b.seq, last - MIC_RING + 1);
	ck_assert(mic_next(m, last - 1, &b));
	ck_assert_uint_eq(b.seq, last);
	ck_assert(!mic_next(m, last, &b));
	mic_free(m);
}
END_TEST

START_TEST(gap_keeps_open_failure_reopens)
{
	struct mic *m;
	uint64_t s;

	reset();
	m = mic_new(&ops, NULL, wake, &wakes);
	mic_subscribe(m);
	ck_assert(wait_seq(m, 2, 2000));
	atomic_store(&gap_read, 1);
	s = mic_seq(m);
	ck_assert(wait_seq(m, s + 3, 2000));
	ck_assert_int_eq(atomic_load(&opens), 1);

	/* the device went away: closed, then opened again (after a second) */
	atomic_store(&fail_read, 1);
	sleep_ms(300);
	ck_assert_int_eq(atomic_load(&closes), 1);
	ck_assert_int_eq(atomic_load(&opens), 1);
	s = mic_seq(m);
	ck_assert(wait_seq(m, s + 2, 3000));
	ck_assert_int_eq(atomic_load(&opens), 2);
	mic_unsubscribe(m);
	mic_free(m);
	ck_assert_int_eq(atomic_load(&closes), 2);
}
END_TEST

START_TEST(absent_microphone_is_retried_slowly)
{
	struct mic *m;
	uint64_t s;

	reset();
	atomic_store(&fail_open, 1);
	m = mic_new(&ops, NULL, wake, &wakes);
	mic_subscribe(m);
	sleep_ms(1500);
	ck_assert(!mic_capturing(m));
	ck_assert_uint_eq(mic_seq(m), 0);
	/* once at once, then once a second: not a busy loop */
	ck_assert_int_ge(atomic_load(&open_tries), 1);
	ck_assert_int_le(atomic_load(&open_tries), 3);
	ck_assert(mic_failing(m));
	/* it comes: taken within the retry interval */
	atomic_store(&fail_open, 0);
	ck_assert(wait_seq(m, 1, 3000));
	ck_assert(!mic_failing(m));
	/* a failure no one retries is forgotten: the next stream tries */
	mic_unsubscribe(m);
	sleep_ms(50);
	atomic_store(&fail_open, 1);
	mic_subscribe(m);
	sleep_ms(200);
	ck_assert(mic_failing(m));
	mic_unsubscribe(m);
	sleep_ms(2100);
	ck_assert(!mic_failing(m));
	atomic_store(&fail_open, 0);
	s = mic_seq(m);
	mic_subscribe(m);
	ck_assert(wait_seq(m, s + 1, 3000));
	ck_assert_int_eq(atomic_load(&opens), 2);
	mic_unsubscribe(m);
	sleep_ms(100);
	/* freed while idle: the thread ends without a close of its own */
	mic_free(m);
	ck_assert_int_eq(atomic_load(&closes), 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mic");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, nothing_open_at_rest);
	tcase_add_test(tc, captures_while_wanted);
	tcase_add_test(tc, ring_keeps_the_newest);
	tcase_add_test(tc, gap_keeps_open_failure_reopens);
	tcase_add_test(tc, absent_microphone_is_retried_slowly);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

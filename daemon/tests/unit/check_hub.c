// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fan-out core with a synthetic source and fake viewers (threads):
 * capture only on demand and stopped after the linger, one encode per
 * frame and resolution in use, every fast viewer gets (nearly) every
 * frame while a slow one skips to the newest, restarts at a larger size
 * (and back at the smaller one after the linger),
 * frames shared (not copied) between viewers.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "stream_hub.h"
#include "unit.h"

/* ---- the synthetic source: 100 fps, the payload is the frame number ---- */

static atomic_int src_running, src_res, encodes[HUB_NRES], fail_start;
static atomic_uint frame_no;

static int src_start(void *ctx, int res)
{
	(void)ctx;
	if (atomic_load(&fail_start))
		return -EIO;
	atomic_store(&src_res, res);
	atomic_store(&src_running, 1);
	return 0;
}

static int src_grab(void *ctx, struct hub *h, unsigned int mask, int timeout_ms)
{
	struct timespec d = { 0, 10000000 };
	unsigned int n;

	(void)ctx;
	(void)timeout_ms;
	nanosleep(&d, NULL);
	n = atomic_fetch_add(&frame_no, 1) + 1;
	for (int i = 0; i < HUB_NRES; i++) {
		if (!(mask & (1U << i)))
			continue;
		/* the source never gives more than it captures */
		ck_assert_int_le(hub_res_code(i), atomic_load(&src_res));
		atomic_fetch_add(&encodes[i], 1);
		hub_publish(h, hub_res_code(i), (const uint8_t *)&n, sizeof(n), 1, 1, 0);
	}
	return 0;
}

static void src_stop(void *ctx)
{
	(void)ctx;
	atomic_store(&src_running, 0);
}

static const struct hub_source_ops ops = { src_start, src_grab, src_stop };

static pthread_mutex_t wlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wcond = PTHREAD_COND_INITIALIZER;
static unsigned long wakes;

static void wake(void)
{
	pthread_mutex_lock(&wlock);
	wakes++;
	pthread_cond_broadcast(&wcond);
	pthread_mutex_unlock(&wlock);
}

static void sleep_ms(long ms)
{
	struct timespec d = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&d, NULL);
}

/* ---- fake viewers ---- */

struct viewer {
	struct hub *h;
	int res;
	long delay_ms;		/* time "sending" each frame */
	double seconds;
	unsigned int got;
	unsigned int first, last;
	struct frame *held;	/* the last frame, kept to compare pointers */
};

static void *viewer_run(void *arg)
{
	struct viewer *v = arg;
	uint64_t seq = 0;
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct frame *f;

		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9 >
		    v->seconds)
			break;
		pthread_mutex_lock(&wlock);
		f = hub_latest(v->h, v->res, seq);
		if (!f) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 50000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&wcond, &wlock, &ts);
			pthread_mutex_unlock(&wlock);
			continue;
		}
		pthread_mutex_unlock(&wlock);
		seq = f->seq;
		unsigned int n;

		memcpy(&n, f->jpeg, sizeof(n));
		if (!v->got)
			v->first = n;
		v->last = n;
		v->got++;
		if (v->delay_ms)
			sleep_ms(v->delay_ms);
		frame_unref(v->held);
		v->held = f;
	}
	return NULL;
}

START_TEST(capture_on_demand_only)
{
	struct hub *h = hub_new(&ops, NULL, 0.3, wake);
	struct frame *f;

	sleep_ms(200);
	ck_assert(!atomic_load(&src_running));		/* nobody: no capture */
	ck_assert_uint_eq(hub_starts(h), 0);
	hub_subscribe(h, 8);
	for (int i = 0; i < 100 && !(f = hub_latest(h, 8, 0)); i++)
		sleep_ms(10);
	ck_assert_ptr_nonnull(f);
	ck_assert(atomic_load(&src_running));
	ck_assert_int_eq(atomic_load(&src_res), 8);
	frame_unref(f);
	hub_unsubscribe(h, 8);
	sleep_ms(100);
	ck_assert(atomic_load(&src_running));		/* still lingering */
	sleep_ms(600);
	ck_assert(!atomic_load(&src_running));		/* stopped after it */
	ck_assert(!hub_capturing(h));
	/* the frames of an ended session are never served */
	ck_assert_ptr_null(hub_latest(h, 8, 0));
	hub_free(h);
}
END_TEST

/* A watcher (the motion detector) keeps the capture at the smallest size, encoding nothing. */
START_TEST(watcher_captures_without_encoding)
{
	struct hub *h = hub_new(&ops, NULL, 0.3, wake);
	unsigned int n0;

	for (int i = 0; i < HUB_NRES; i++)
		atomic_store(&encodes[i], 0);
	hub_watch(h, true);
	for (int i = 0; i < 100 && !atomic_load(&src_running); i++)
		sleep_ms(10);
	ck_assert(atomic_load(&src_running));
	ck_assert_int_eq(atomic_load(&src_res), hub_res_code(0));
	n0 = atomic_load(&frame_no);
	sleep_ms(200);
	ck_assert_uint_gt(atomic_load(&frame_no), n0 + 5);	/* frames are taken */
	for (int i = 0; i < HUB_NRES; i++)
		ck_assert_int_eq(atomic_load(&encodes[i]), 0);	/* none encoded */

	/* a viewer comes and goes: the watcher's capture goes on, smaller again */
	hub_subscribe(h, 32);
	for (int i = 0; i < 100 && atomic_load(&src_res) != 32; i++)
		sleep_ms(10);
	ck_assert_int_eq(atomic_load(&src_res), 32);
	hub_unsubscribe(h, 32);
	sleep_ms(800);
	ck_assert(atomic_load(&src_running));
	ck_assert_int_eq(atomic_load(&src_res), hub_res_code(0));

	/* the watcher leaves: stopped after the linger */
	hub_watch(h, false);
	sleep_ms(800);
	ck_assert(!atomic_load(&src_running));
	hub_free(h);
}
END_TEST

START_TEST(larger_size_restarts_and_scales)
{
	struct hub *h = hub_new(&ops, NULL, 0.3, wake);
	struct frame *f = NULL;

	for (int i = 0; i < HUB_NRES; i++)
		atomic_store(&encodes[i], 0);
	hub_subscribe(h, 8);
	for (int i = 0; i < 100 && !(f = hub_latest(h, 8, 0)); i++)
		sleep_ms(10);
	ck_assert_ptr_nonnull(f);
	frame_unref(f);
	ck_assert_uint_eq(hub_starts(h), 1);
	hub_subscribe(h, 32);
	f = NULL;
	for (int i = 0; i < 100 && !(f = hub_latest(h, 32, 0)); i++)
		sleep_ms(10);
	ck_assert_ptr_nonnull(f);
	frame_unref(f);
	ck_assert_uint_eq(hub_starts(h), 2);		/* restarted once, larger */
	ck_assert_int_eq(atomic_load(&src_res), 32);
	/* the smaller one is still served, scaled by the source */
	f = hub_latest(h, 8, 0);
	ck_assert_ptr_nonnull(f);
	frame_unref(f);
	/* a smaller newcomer does not restart it */
	hub_subscribe(h, 2);
	sleep_ms(100);
	ck_assert_uint_eq(hub_starts(h), 2);
	ck_assert_int_gt(atomic_load(&encodes[hub_res_index(2)]), 0);
	hub_unsubscribe(h, 2);
	sleep_ms(50);		/* a grab already under way may finish */
	/* no encode for a size nobody wants any more */
	int before = atomic_load(&encodes[hub_res_index(2)]);

	sleep_ms(100);
	ck_assert_int_eq(atomic_load(&encodes[hub_res_index(2)]), before);
	/* the larger one gone: still at its size within the linger... */
	hub_unsubscribe(h, 32);
	sleep_ms(100);
	ck_assert_uint_eq(hub_starts(h), 2);
	ck_assert_int_eq(atomic_load(&src_res), 32);
	/* ...then back at the size still wanted, which keeps its frames */
	for (int i = 0; i < 100 && hub_starts(h) < 3; i++)
		sleep_ms(10);
	ck_assert_uint_eq(hub_starts(h), 3);
	ck_assert_int_eq(atomic_load(&src_res), 8);
	f = NULL;
	for (int i = 0; i < 100 && !(f = hub_latest(h, 8, 0)); i++)
		sleep_ms(10);
	ck_assert_ptr_nonnull(f);
	frame_unref(f);
	hub_unsubscribe(h, 8);
	hub_free(h);
	ck_assert(!atomic_load(&src_running));
}
END_TEST

START_TEST(fan_out_fast_and_slow)
{
	enum { FAST = 20 };
	struct hub *h = hub_new(&ops, NULL, 0.3, wake);
	struct viewer v[FAST + 1];
	pthread_t t[FAST + 1];
	unsigned int start_no, end_no;

	for (int i = 0; i < HUB_NRES; i++)
		atomic_store(&encodes[i], 0);
	memset(v, 0, sizeof(v));
	for (int i = 0; i <= FAST; i++) {
		v[i].h = h;
		v[i].res = 8;
		v[i].seconds = 2.0;
		v[i].delay_ms = i == FAST ? 1000 : 0;	/* the last reads 1 frame/s */
		hub_subscribe(h, 8);
	}
	sleep_ms(100);
	start_no = atomic_load(&frame_no);
	for (int i = 0; i <= FAST; i++)
		pthread_create(&t[i], NULL, viewer_run, &v[i]);
	for (int i = 0; i <= FAST; i++)
		pthread_join(t[i], NULL);
	end_no = atomic_load(&frame_no);
	/* one encode per captured frame, whatever the number of viewers */
	ck_assert_int_le(atomic_load(&encodes[hub_res_index(8)]), (int)end_no);
	for (int i = 0; i < FAST; i++) {
		unsigned int span = v[i].last - v[i].first + 1;

		/* a fast viewer sees at least 95% of the frames of its span */
		ck_assert_msg(v[i].got * 100 >= span * 95, "viewer %d: %u of %u", i, v[i].got,
			      span);
		ck_assert_uint_ge(span, (end_no - start_no) / 2);
	}
	/* the slow one: 1 frame/s, always the newest (no backlog) */
	ck_assert_uint_le(v[FAST].got, 3);
	ck_assert_uint_ge(v[FAST].last, end_no - 110);
	/* the same frame object is shared, not copied per viewer */
	ck_assert_ptr_eq(v[0].held->jpeg, v[0].held->jpeg);
	for (int i = 0; i <= FAST; i++) {
		frame_unref(v[i].held);
		hub_unsubscribe(h, 8);
	}
	hub_free(h);
}
END_TEST

START_TEST(shared_frame_object)
{
	struct hub *h = hub_new(&ops, NULL, 0.3, wake);
	struct frame *a = NULL, *b;

	hub_subscribe(h, 8);
	for (int i = 0; i < 100 && !(a = hub_latest(h, 8, 0)); i++)
		sleep_ms(10);
	ck_assert_ptr_nonnull(a);
	b = hub_latest(h, 8, a->seq - 1);
	if (b && b->seq == a->seq)
		ck_assert_ptr_eq(a, b);		/* two viewers, one object */
	frame_unref(b);
	/* a reference outlives the hub's replacing it */
	sleep_ms(50);
	ck_assert_ptr_nonnull(a->jpeg);
	frame_unref(a);
	hub_unsubscribe(h, 8);
	hub_free(h);
}
END_TEST

START_TEST(start_failure_reported)
{
	struct hub *h = hub_new(&ops, NULL, 0.3, wake);

	atomic_store(&fail_start, 1);
	hub_subscribe(h, 8);
	for (int i = 0; i < 100 && !hub_error(h); i++)
		sleep_ms(10);
	ck_assert_int_eq(hub_error(h), -EIO);
	ck_assert(!hub_capturing(h));
	atomic_store(&fail_start, 0);
	/* retried: it comes back */
	for (int i = 0; i < 300 && !hub_capturing(h); i++)
		sleep_ms(10);
	ck_assert(hub_capturing(h));
	ck_assert_int_eq(hub_error(h), 0);
	hub_unsubscribe(h, 8);
	hub_free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hub");
	TCase *tc = tcase_create("hub");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, capture_on_demand_only);
	tcase_add_test(tc, watcher_captures_without_encoding);
	tcase_add_test(tc, larger_size_restarts_and_scales);
	tcase_add_test(tc, fan_out_fast_and_slow);
	tcase_add_test(tc, shared_frame_object);
	tcase_add_test(tc, start_failure_reported);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fan-out core with a synthetic source and fake viewers (threads):
 * capture only on demand and stopped after the linger, one encode per
 * frame and resolution in use, every fast viewer gets (nearly) every
 * frame while a slow one skips to the newest, restarts at a larger size
 * (and back at the smaller one after the linger),
 * frames shared (not copied) between viewers; the capture at the rate
 * the viewers want and each size encoded only as often as its fastest
 * viewer takes it; the encoder stage's scaling and formats.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/videodev2.h>

#include "encoder_stage.h"
#include "frame_source.h"
#include "stream_hub.h"
#include "unit.h"
#include "util.h"

static pthread_mutex_t wlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wcond = PTHREAD_COND_INITIALIZER;
static unsigned long wakes;

/* The hub's wake-up; CTX is &wakes (hub_new's wake_ctx). */
static void wake(void *ctx)
{
	unsigned long *n = ctx;

	pthread_mutex_lock(&wlock);
	(*n)++;
	pthread_cond_broadcast(&wcond);
	pthread_mutex_unlock(&wlock);
}

/*
 * The synthetic source: gray YUV 4:2:0 frames at the size asked for, 100
 * per second (or the rate asked for, when slower), numbered in their
 * sequence.  One frame lent at a time, as a V4L2 buffer is.
 */

static atomic_int src_running, src_res, fail_start, lent, early_put;
static atomic_uint frame_no;
static _Atomic double src_fps;		/* the rate asked for, 0 = full */
static uint8_t *src_buf;
static uint32_t src_w, src_h;

static int src_set_rate(void *ctx, double fps)
{
	(void)ctx;
	atomic_store(&src_fps, fps);
	return 0;
}

static bool src_available(void *ctx)
{
	(void)ctx;
	return true;
}

static int src_start(void *ctx, uint32_t w, uint32_t h, double fps)
{
	uint32_t cw, ch;

	(void)ctx;
	if (atomic_load(&fail_start))
		return -EIO;
	free(src_buf);
	src_buf = malloc((size_t)w * h * 3 / 2);
	ck_assert_ptr_nonnull(src_buf);
	memset(src_buf, 128, (size_t)w * h * 3 / 2);
	src_w = w;
	src_h = h;
	/* the size of one of the hub's resolutions */
	for (int i = 0; i < HUB_NRES; i++)
		if (!ipcam_resolution_size(hub_res_code(i), &cw, &ch) && cw == w && ch == h)
			atomic_store(&src_res, hub_res_code(i));
	src_set_rate(ctx, fps);
	atomic_store(&src_running, 1);
	return 0;
}

static int src_get(void *ctx, struct ipcam_frame *fr, int timeout_ms)
{
	double fps = atomic_load(&src_fps);

	(void)ctx;
	(void)timeout_ms;
	ck_assert_int_eq(atomic_load(&lent), 0);	/* one at a time */
	sleep_s(fps > 0 && fps < 100 ? 1.0 / fps : 0.01);
	memset(fr, 0, sizeof(*fr));
	fr->data = src_buf;
	fr->width = src_w;
	fr->height = src_h;
	fr->bytesperline = src_w;
	fr->bytesused = (size_t)src_w * src_h * 3 / 2;
	fr->fourcc = V4L2_PIX_FMT_YUV420;
	fr->sequence = atomic_fetch_add(&frame_no, 1) + 1;
	atomic_store(&lent, 1);
	return 0;
}

static struct hub *src_hub;	/* the hub under test, for the put check */

static int src_put(void *ctx, struct ipcam_frame *fr)
{
	(void)ctx;
	/*
	 * The frame is given back only once its encodes are published: the
	 * encode reads it, not a copy.
	 */
	for (int i = 0; i < HUB_NRES && src_hub; i++) {
		struct frame *f = hub_latest(src_hub, hub_res_code(i), 0);

		if (f && f->sequence > fr->sequence)
			atomic_store(&early_put, 1);
		frame_unref(f);
	}
	atomic_store(&lent, 0);
	return 0;
}

static void src_stop(void *ctx)
{
	(void)ctx;
	atomic_store(&src_running, 0);
}

static const struct frame_source_ops ops = {
	src_available, src_start, src_set_rate, src_get, src_put, src_stop,
};

static struct hub *new_hub(void)
{
	src_hub = hub_new(&ops, NULL, 80, 0.3, wake, &wakes);
	return src_hub;
}

static void free_hub(struct hub *h)
{
	src_hub = NULL;
	hub_free(h);
	ck_assert_int_eq(atomic_load(&early_put), 0);
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
		unsigned int n = f->sequence;

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
	struct hub *h = new_hub();
	struct frame *f;

	sleep_ms(200);
	ck_assert(!atomic_load(&src_running));		/* nobody: no capture */
	ck_assert_uint_eq(hub_starts(h), 0);
	hub_subscribe(h, 8, 0);
	for (int i = 0; i < 100 && !(f = hub_latest(h, 8, 0)); i++)
		sleep_ms(10);
	ck_assert_ptr_nonnull(f);
	ck_assert(atomic_load(&src_running));
	ck_assert_int_eq(atomic_load(&src_res), 8);
	frame_unref(f);
	hub_unsubscribe(h, 8, 0);
	sleep_ms(100);
	ck_assert(atomic_load(&src_running));		/* still lingering */
	pthread_mutex_lock(&wlock);
	ck_assert_uint_gt(wakes, 0);			/* the publish woke, with its context */
	pthread_mutex_unlock(&wlock);
	sleep_ms(600);
	ck_assert(!atomic_load(&src_running));		/* stopped after it */
	ck_assert(!hub_capturing(h));
	/* the frames of an ended session are never served */
	ck_assert_ptr_null(hub_latest(h, 8, 0));
	free_hub(h);
}
END_TEST

/* A watcher (the motion detector) keeps the capture at the smallest size, encoding nothing. */
START_TEST(watcher_captures_without_encoding)
{
	struct hub *h = new_hub();
	unsigned int n0;

	hub_watch(h, true);
	for (int i = 0; i < 100 && !atomic_load(&src_running); i++)
		sleep_ms(10);
	ck_assert(atomic_load(&src_running));
	ck_assert_int_eq(atomic_load(&src_res), hub_res_code(0));
	n0 = atomic_load(&frame_no);
	sleep_ms(200);
	ck_assert_uint_gt(atomic_load(&frame_no), n0 + 5);	/* frames are taken */
	for (int i = 0; i < HUB_NRES; i++)
		ck_assert_uint_eq(hub_encodes(h, hub_res_code(i)), 0);	/* none encoded */

	/* a viewer comes and goes: the watcher's capture goes on, smaller again */
	hub_subscribe(h, 32, 0);
	for (int i = 0; i < 100 && atomic_load(&src_res) != 32; i++)
		sleep_ms(10);
	ck_assert_int_eq(atomic_load(&src_res), 32);
	hub_unsubscribe(h, 32, 0);
	sleep_ms(800);
	ck_assert(atomic_load(&src_running));
	ck_assert_int_eq(atomic_load(&src_res), hub_res_code(0));

	/* the watcher leaves: stopped after the linger */
	hub_watch(h, false);
	sleep_ms(800);
	ck_assert(!atomic_load(&src_running));
	free_hub(h);
}
END_TEST

START_TEST(larger_size_restarts_and_scales)
{
	struct hub *h = new_hub();
	struct frame *f = NULL;

	hub_subscribe(h, 8, 0);
	for (int i = 0; i < 100 && !(f = hub_latest(h, 8, 0)); i++)
		sleep_ms(10);
	ck_assert_ptr_nonnull(f);
	frame_unref(f);
	ck_assert_uint_eq(hub_starts(h), 1);
	hub_subscribe(h, 32, 0);
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
	hub_subscribe(h, 2, 0);
	sleep_ms(100);
	ck_assert_uint_eq(hub_starts(h), 2);
	ck_assert_uint_gt(hub_encodes(h, 2), 0);
	hub_unsubscribe(h, 2, 0);
	sleep_ms(50);		/* a grab already under way may finish */
	/* no encode for a size nobody wants any more */
	unsigned long before = hub_encodes(h, 2);

	sleep_ms(100);
	ck_assert_uint_eq(hub_encodes(h, 2), before);
	/* the larger one gone: still at its size within the linger... */
	hub_unsubscribe(h, 32, 0);
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
	hub_unsubscribe(h, 8, 0);
	free_hub(h);
	ck_assert(!atomic_load(&src_running));
}
END_TEST

START_TEST(fan_out_fast_and_slow)
{
	enum { FAST = 20 };
	struct hub *h = new_hub();
	struct viewer v[FAST + 1];
	pthread_t t[FAST + 1];
	unsigned int start_no, end_no;

	memset(v, 0, sizeof(v));
	for (int i = 0; i <= FAST; i++) {
		v[i].h = h;
		v[i].res = 8;
		v[i].seconds = 2.0;
		v[i].delay_ms = i == FAST ? 1000 : 0;	/* the last reads 1 frame/s */
		hub_subscribe(h, 8, 0);
	}
	sleep_ms(100);
	start_no = atomic_load(&frame_no);
	for (int i = 0; i <= FAST; i++)
		pthread_create(&t[i], NULL, viewer_run, &v[i]);
	for (int i = 0; i <= FAST; i++)
		pthread_join(t[i], NULL);
	end_no = atomic_load(&frame_no);
	/* one encode per captured frame, whatever the number of viewers */
	ck_assert_uint_le(hub_encodes(h, 8), end_no);
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
		hub_unsubscribe(h, 8, 0);
	}
	free_hub(h);
}
END_TEST

START_TEST(shared_frame_object)
{
	struct hub *h = new_hub();
	struct frame *a = NULL, *b;

	hub_subscribe(h, 8, 0);
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
	hub_unsubscribe(h, 8, 0);
	free_hub(h);
}
END_TEST

START_TEST(start_failure_reported)
{
	struct hub *h = new_hub();

	atomic_store(&fail_start, 1);
	hub_subscribe(h, 8, 0);
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
	hub_unsubscribe(h, 8, 0);
	free_hub(h);
}
END_TEST

/* The size in JPEG's baseline frame header; false when there is none. */
static bool jpeg_size(const uint8_t *j, size_t len, uint32_t *w, uint32_t *h)
{
	if (len < 4 || j[0] != 0xff || j[1] != 0xd8 || j[len - 2] != 0xff || j[len - 1] != 0xd9)
		return false;
	for (size_t i = 2; i + 9 < len; i++) {
		if (j[i] == 0xff && (j[i + 1] == 0xc0 || j[i + 1] == 0xc1)) {
			*h = (uint32_t)j[i + 5] << 8 | j[i + 6];
			*w = (uint32_t)j[i + 7] << 8 | j[i + 8];
			return true;
		}
	}
	return false;
}

/* A W x H picture of FOURCC in BUF (grey with a ramp). */
static struct ipcam_frame picture(uint8_t *buf, uint32_t fourcc, uint32_t w, uint32_t h)
{
	struct ipcam_frame fr = { 0 };
	bool packed = fourcc == V4L2_PIX_FMT_YUYV;

	fr.bytesused = packed ? (size_t)w * h * 2 : (size_t)w * h * 3 / 2;
	for (size_t i = 0; i < fr.bytesused; i++)
		buf[i] = (uint8_t)(i * 7);
	fr.data = buf;
	fr.width = w;
	fr.height = h;
	fr.fourcc = fourcc;
	fr.bytesperline = packed ? w * 2 : w;
	return fr;
}

/* The encoder stage: the size of each code, scaled from the capture, in both formats. */
START_TEST(encoder_stage_sizes_and_formats)
{
	static const uint32_t fmts[] = { V4L2_PIX_FMT_YUV420, V4L2_PIX_FMT_YUYV };
	uint8_t *buf = malloc(640 * 480 * 2);
	struct encoder_stage *es = encoder_stage_new(80);
	struct encoded e;
	uint32_t w, h;

	for (size_t f = 0; f < ARRAY_SIZE(fmts); f++) {
		struct ipcam_frame fr = picture(buf, fmts[f], 640, 480);

		encoder_stage_reset(es);
		/* 320x240 scaled down, 640x480 as captured, 160x120 */
		static const int codes[] = { 8, 32, 2 };
		static const uint32_t ws[] = { 320, 640, 160 }, hs[] = { 240, 480, 120 };

		for (size_t i = 0; i < ARRAY_SIZE(codes); i++) {
			ck_assert_int_eq(encoder_stage_encode(es, &fr, codes[i], &e), 0);
			ck_assert_uint_eq(e.width, ws[i]);
			ck_assert_uint_eq(e.height, hs[i]);
			ck_assert(jpeg_size(e.jpeg, e.len, &w, &h));
			ck_assert_uint_eq(w, ws[i]);
			ck_assert_uint_eq(h, hs[i]);
		}
		/* larger than the capture: the capture's own size */
		ck_assert_int_eq(encoder_stage_encode(es, &fr, 64, &e), 0);
		ck_assert(jpeg_size(e.jpeg, e.len, &w, &h));
		ck_assert_uint_eq(w, 640);
		ck_assert_uint_eq(h, 480);
	}
	ck_assert_uint_eq(encoder_stage_count(es), 8);
	free(buf);
	encoder_stage_free(es);
}
END_TEST

/*
 * The capture format: 4:2:0 when the device has it (the ipcam node), YUYV
 * when that is all it has, nothing when it has none the stage takes.
 */
START_TEST(encoder_stage_picks_the_cheapest)
{
	static const uint32_t ipcam[] = { V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_YUV420 };
	static const uint32_t webcam[] = { V4L2_PIX_FMT_MJPEG, V4L2_PIX_FMT_YUYV };
	static const uint32_t yv12[] = { V4L2_PIX_FMT_RGB24, V4L2_PIX_FMT_YVU420, V4L2_PIX_FMT_YUYV };
	static const uint32_t none[] = { V4L2_PIX_FMT_MJPEG, V4L2_PIX_FMT_RGB24 };

	ck_assert_uint_eq(encoder_stage_pick(ipcam, 2), V4L2_PIX_FMT_YUV420);
	ck_assert_uint_eq(encoder_stage_pick(webcam, 2), V4L2_PIX_FMT_YUYV);
	ck_assert_uint_eq(encoder_stage_pick(yv12, 3), V4L2_PIX_FMT_YVU420);
	ck_assert_uint_eq(encoder_stage_pick(none, 2), 0);
	ck_assert_uint_eq(encoder_stage_pick(ipcam, 0), 0);
}
END_TEST

/* What the stage cannot encode is refused, and nothing is counted. */
START_TEST(encoder_stage_refuses)
{
	uint8_t *buf = malloc(320 * 240 * 2);
	struct encoder_stage *es = encoder_stage_new(80);
	struct ipcam_frame fr = picture(buf, V4L2_PIX_FMT_YUV420, 320, 240);
	struct encoded e;

	ck_assert_int_eq(encoder_stage_encode(es, &fr, 7, &e), -EINVAL);	/* no such code */
	fr.fourcc = V4L2_PIX_FMT_MJPEG;
	ck_assert_int_eq(encoder_stage_encode(es, &fr, 8, &e), -EINVAL);
	ck_assert(!encoder_stage_accepts(V4L2_PIX_FMT_RGB24));
	ck_assert_uint_eq(encoder_stage_count(es), 0);
	/* a reset between captures of other sizes: encoders made afresh */
	fr = picture(buf, V4L2_PIX_FMT_YUV420, 320, 240);
	ck_assert_int_eq(encoder_stage_encode(es, &fr, 8, &e), 0);
	encoder_stage_reset(es);
	fr = picture(buf, V4L2_PIX_FMT_YUYV, 160, 120);
	ck_assert_int_eq(encoder_stage_encode(es, &fr, 8, &e), 0);
	ck_assert_uint_eq(e.width, 160);
	free(buf);
	encoder_stage_free(es);
}
END_TEST

/* Frames of the capture's source number, counted over SECONDS. */
static unsigned int frames_in(double seconds)
{
	unsigned int n0 = atomic_load(&frame_no);

	sleep_s(seconds);
	return atomic_load(&frame_no) - n0;
}

/* Viewers that all want 10 fps: the capture runs at 10 fps, not 100. */
START_TEST(capture_at_the_rate_wanted)
{
	struct hub *h = new_hub();
	unsigned int n;

	hub_subscribe(h, 8, 100000);
	hub_subscribe(h, 8, 100000);
	hub_subscribe(h, 2, 200000);
	for (int i = 0; i < 100 && !hub_capturing(h); i++)
		sleep_ms(10);
	sleep_ms(200);
	ck_assert(hub_capture_fps(h) > 9.99 && hub_capture_fps(h) < 10.01);
	n = frames_in(1.0);
	ck_assert_msg(n >= 8 && n <= 12, "%u frames in 1 s at 10 fps", n);
	/* one viewer of every frame: the camera's full rate */
	hub_subscribe(h, 8, 0);
	sleep_ms(300);
	ck_assert(hub_capture_fps(h) == 0);
	ck_assert_uint_gt(frames_in(0.5), 30);
	/* it leaves: 10 fps again */
	hub_unsubscribe(h, 8, 0);
	sleep_ms(300);
	ck_assert(hub_capture_fps(h) > 9.99 && hub_capture_fps(h) < 10.01);
	hub_unsubscribe(h, 8, 100000);
	hub_unsubscribe(h, 8, 100000);
	/* the 5 fps viewer alone */
	sleep_ms(300);
	ck_assert(hub_capture_fps(h) > 4.99 && hub_capture_fps(h) < 5.01);
	hub_unsubscribe(h, 2, 200000);
	/* the detector looks at every frame */
	hub_watch(h, true);
	sleep_ms(300);
	ck_assert(hub_capture_fps(h) == 0);
	hub_watch(h, false);
	free_hub(h);
}
END_TEST

/* Each size is encoded as often as its fastest viewer takes it, no more. */
START_TEST(encode_only_what_is_sent)
{
	struct hub *h = new_hub();
	unsigned long e8, e32;
	unsigned int n0, n;
	struct frame *f = NULL;

	hub_subscribe(h, 32, 0);		/* every frame, 100 fps */
	hub_subscribe(h, 8, 100000);		/* 10 fps */
	for (int i = 0; i < 100 && !(f = hub_latest(h, 8, 0)); i++)
		sleep_ms(10);
	ck_assert_ptr_nonnull(f);
	/* scaled down from the capture, never larger than it */
	ck_assert_uint_eq(f->width, 320);
	ck_assert_uint_eq(src_w, 640);
	frame_unref(f);
	e8 = hub_encodes(h, 8);
	e32 = hub_encodes(h, 32);
	n0 = atomic_load(&frame_no);
	sleep_s(1.0);
	n = atomic_load(&frame_no) - n0;
	e8 = hub_encodes(h, 8) - e8;
	e32 = hub_encodes(h, 32) - e32;
	ck_assert_msg(e32 + 2 >= n, "640x480: %lu encodes of %u frames", e32, n);
	ck_assert_msg(e8 >= 8 && e8 <= 12, "320x240 at 10 fps: %lu encodes in 1 s", e8);
	hub_unsubscribe(h, 8, 100000);
	hub_unsubscribe(h, 32, 0);
	free_hub(h);
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
	tcase_add_test(tc, encoder_stage_sizes_and_formats);
	tcase_add_test(tc, encoder_stage_refuses);
	tcase_add_test(tc, encoder_stage_picks_the_cheapest);
	tcase_add_test(tc, capture_at_the_rate_wanted);
	tcase_add_test(tc, encode_only_what_is_sent);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include "stream_hub.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <linux/videodev2.h>

#include "encoder_stage.h"
#include "frame_source.h"
#include "log.h"
#include "media_params.h"
#include "util.h"

static const int res_codes[HUB_NRES] = { 2, 8, 32, 64 };

/* The capture and encode thread's nice value (the daemon's is 0). */
#define HUB_NICE 5

/* Distinct paced rates a resolution tracks (the SDK has about a dozen). */
#define HUB_NPACED 16

/* The consumers of one resolution. */
struct res_demand {
	unsigned int every;		/* take every frame */
	struct {
		long us;		/* a frame at most this often ... */
		unsigned int n;		/* ... for this many consumers */
	} paced[HUB_NPACED];
};

struct hub {
	const struct frame_source_ops *ops;
	void *ctx;
	struct encoder_stage *enc;	/* the hub thread's alone */
	double linger;
	void (*wake)(void *ctx);
	void *wake_ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	bool capturing;
	int cur_res;			/* resolution the source runs at */
	double cur_fps;			/* rate it was asked for, 0 = full */
	int error;
	unsigned int starts;
	unsigned int users[HUB_NRES];
	struct res_demand demand[HUB_NRES];
	unsigned int watchers;		/* want frames captured, none encoded */
	struct frame *latest[HUB_NRES];
	unsigned long encodes[HUB_NRES];
	uint64_t seq;
	double idle_since;		/* when the last consumer left */
};

/* What the consumers want of the capture now (taken under the lock). */
struct want {
	unsigned int mask;		/* resolutions in use */
	long interval_us[HUB_NRES];	/* each one's fastest consumer, 0 = every frame */
	double fps;			/* the capture's rate, 0 = full */
};

int hub_res_index(int code)
{
	for (int i = 0; i < HUB_NRES; i++)
		if (res_codes[i] == code)
			return i;
	return -1;
}

int hub_res_code(int index)
{
	return index >= 0 && index < HUB_NRES ? res_codes[index] : 0;
}

/* lock held */
static unsigned int demand_mask(const struct hub *h)
{
	unsigned int m = 0;

	for (int i = 0; i < HUB_NRES; i++)
		if (h->users[i])
			m |= 1U << i;
	return m;
}

/* The fastest of resolution I's consumers: 0 every frame (lock held). */
static long fastest_interval(const struct hub *h, int i)
{
	const struct res_demand *d = &h->demand[i];
	long best = 0;

	if (d->every)
		return 0;
	for (int k = 0; k < HUB_NPACED; k++)
		if (d->paced[k].n && (!best || d->paced[k].us < best))
			best = d->paced[k].us;
	return best;
}

/* lock held */
static void take_want(const struct hub *h, struct want *w)
{
	double fps = -1;	/* nobody yet; 0 once one wants every frame */

	w->mask = demand_mask(h);
	for (int i = 0; i < HUB_NRES; i++) {
		w->interval_us[i] = 0;
		if (!(w->mask & (1U << i)))
			continue;
		w->interval_us[i] = fastest_interval(h, i);
		if (!w->interval_us[i])
			fps = 0;
		else if (fps != 0 && 1e6 / (double)w->interval_us[i] > fps)
			fps = 1e6 / (double)w->interval_us[i];
	}
	/* the detector looks at every frame the camera gives */
	w->fps = fps < 0 || h->watchers ? 0 : fps;
}

static int largest(unsigned int mask)
{
	for (int i = HUB_NRES - 1; i >= 0; i--)
		if (mask & (1U << i))
			return i;
	return -1;
}

/* lock held: drop the frames of a session that ended (never served stale) */
static void clear_frames(struct hub *h)
{
	for (int i = 0; i < HUB_NRES; i++) {
		frame_unref(h->latest[i]);
		h->latest[i] = NULL;
	}
}

/* lock held; dropped while the source stops */
static void stop_source(struct hub *h)
{
	h->capturing = false;
	clear_frames(h);
	pthread_mutex_unlock(&h->lock);
	h->ops->stop(h->ctx);
	encoder_stage_reset(h->enc);
	pthread_mutex_lock(&h->lock);
}

/* FR's capture time on CLOCK_MONOTONIC in ns, or now on another clock. */
static uint64_t capture_ns(const struct ipcam_frame *fr)
{
	struct timespec now;

	if ((fr->flags & V4L2_BUF_FLAG_TIMESTAMP_MASK) == V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC &&
	    fr->timestamp_ns)
		return fr->timestamp_ns;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

/* Publish E, made of FR, as the newest frame of resolution index I (lock not held). */
static void publish(struct hub *h, int i, const struct encoded *e,
		    const struct ipcam_frame *fr, uint64_t mono_ns)
{
	struct frame *f, *old;

	/* the copy and the clock outside the lock */
	f = frame_new(e->jpeg, e->len);
	f->res = res_codes[i];
	f->width = e->width;
	f->height = e->height;
	clock_gettime(CLOCK_REALTIME, &f->wall);
	f->mono_ms = mono_ns / 1000000u;
	f->sequence = fr->sequence;
	pthread_mutex_lock(&h->lock);
	h->encodes[i]++;
	if (!h->users[i]) {
		pthread_mutex_unlock(&h->lock);
		frame_unref(f);
		return;
	}
	f->seq = ++h->seq;
	old = h->latest[i];
	h->latest[i] = f;
	pthread_mutex_unlock(&h->lock);
	frame_unref(old);
	if (h->wake)
		h->wake(h->wake_ctx);
}

/* One frame from the source, encoded for every resolution due (lock not held). */
static int grab(struct hub *h, const struct want *w, double next[HUB_NRES])
{
	struct ipcam_frame fr;
	struct encoded e;
	uint64_t t;
	int rc;

	rc = h->ops->get(h->ctx, &fr, 200);
	if (rc)
		return rc;
	t = capture_ns(&fr);
	for (int i = 0; i < HUB_NRES; i++) {
		if (!(w->mask & (1U << i)) ||
		    !media_pace_due(next[i], w->interval_us[i], (double)t / 1e9))
			continue;
		media_pace_take(&next[i], w->interval_us[i], (double)t / 1e9);
		if (encoder_stage_encode(h->enc, &fr, res_codes[i], &e) == 0)
			publish(h, i, &e, &fr, t);
	}
	return h->ops->put(h->ctx, &fr);
}

/* Start the source at resolution index WANT and rate FPS (lock held, dropped). */
static int start_source(struct hub *h, int want, double fps)
{
	uint32_t width = 0, height = 0;
	int rc;

	ipcam_resolution_size(res_codes[want], &width, &height);
	pthread_mutex_unlock(&h->lock);
	encoder_stage_reset(h->enc);
	rc = h->ops->start(h->ctx, width, height, fps);
	pthread_mutex_lock(&h->lock);
	h->starts++;
	return rc;
}

/* Ask the running source for the rate FPS (lock held, dropped). */
static void retune(struct hub *h, double fps)
{
	int rc;

	h->cur_fps = fps;
	pthread_mutex_unlock(&h->lock);
	rc = h->ops->set_rate(h->ctx, fps);
	if (rc)
		log_warn("media: cannot set the capture rate to %.2f fps: %s", fps,
			 strerror(-rc));
	else
		log_debug("media: capturing at %.2f fps (0: full)", fps);
	pthread_mutex_lock(&h->lock);
}

/* Call WAKE without the lock. */
static void wake_unlocked(struct hub *h)
{
	if (!h->wake)
		return;
	pthread_mutex_unlock(&h->lock);
	h->wake(h->wake_ctx);
	pthread_mutex_lock(&h->lock);
}

/* Nobody wants frames: stop after the linger, sleep until someone comes. */
static void rest(struct hub *h, double now, bool tick)
{
	if (h->capturing && now - h->idle_since >= h->linger) {
		log_debug("media: nobody watches: capture stopped");
		stop_source(h);
	}
	if (tick && h->capturing)
		wake_unlocked(h);
	/* no timer at all once the source is stopped */
	if (h->capturing) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 200000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&h->cond, &h->lock, &ts);
	} else if (!demand_mask(h) && !h->watchers && !h->stop) {
		pthread_cond_wait(&h->cond, &h->lock);
	}
}

static void *hub_thread(void *arg)
{
	struct hub *h = arg;
	double last_tick = mono_now(), retry_at = 0, shrink_at = 0;
	double next[HUB_NRES] = { 0 };	/* each size's encode schedule */

	/*
	 * Encoding is throughput work: on a busy camera a CGI (a PTZ move)
	 * should get the CPU first.  A thread may always lower its own
	 * priority; failing, it just keeps the daemon's.
	 */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), HUB_NICE))
		log_debug("media: the capture thread keeps its priority: %s", strerror(errno));
	pthread_mutex_lock(&h->lock);
	while (!h->stop) {
		struct want w;
		double now = mono_now();
		bool tick = now - last_tick >= 1.0;

		take_want(h, &w);
		if (tick)
			last_tick = now;
		if (!w.mask && !h->watchers) {
			rest(h, now, tick);
			continue;
		}
		/* a watcher alone: the smallest size is enough to look at */
		int want = w.mask ? largest(w.mask) : 0;
		bool shrink = false;

		/*
		 * Nobody wants the capture's size any more: after LINGER (as
		 * for stopping, so a viewer who reconnects costs no restart),
		 * capture at the largest size still wanted instead of
		 * capturing and scaling down a larger picture for good.
		 */
		if (h->capturing && want < h->cur_res) {
			if (!shrink_at)
				shrink_at = now + h->linger;
			shrink = now >= shrink_at;
		} else {
			shrink_at = 0;
		}
		if (!h->capturing || want > h->cur_res || shrink) {
			int rc;

			if (now < retry_at) {
				if (tick)
					wake_unlocked(h);
				pthread_mutex_unlock(&h->lock);
				sleep_s(0.1);
				pthread_mutex_lock(&h->lock);
				continue;
			}
			if (h->capturing)
				stop_source(h);
			rc = start_source(h, want, w.fps);
			if (rc) {
				/*
				 * A viewer is told at once and the capture tried
				 * again each second; a watcher alone (no camera
				 * yet) every ten, and the log says it once.
				 */
				if (rc != h->error)
					log_warn("media: cannot start the capture: %s",
						 strerror(-rc));
				h->error = rc;
				retry_at = mono_now() + (w.mask ? 1.0 : 10.0);
				wake_unlocked(h);
				continue;
			}
			h->capturing = true;
			h->cur_res = want;
			h->cur_fps = w.fps;
			memset(next, 0, sizeof(next));
			shrink_at = 0;
			h->error = 0;
			log_debug("media: capturing at resolution %d, %.2f fps (0: full)",
				  res_codes[want], w.fps);
		} else if (w.fps != h->cur_fps) {
			retune(h, w.fps);
		}
		pthread_mutex_unlock(&h->lock);
		int rc = grab(h, &w, next);

		if (tick && h->wake)
			h->wake(h->wake_ctx);
		pthread_mutex_lock(&h->lock);
		if (rc && rc != -EAGAIN) {
			log_warn("media: capture failed: %s", strerror(-rc));
			h->error = rc;
			retry_at = mono_now() + 1.0;
			stop_source(h);
			wake_unlocked(h);
		}
	}
	if (h->capturing)
		stop_source(h);
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

struct hub *hub_new(const struct frame_source_ops *ops, void *ctx, int quality, double linger,
		    void (*wake)(void *wake_ctx), void *wake_ctx)
{
	struct hub *h = xcalloc(1, sizeof(*h));

	h->ops = ops;
	h->ctx = ctx;
	h->enc = encoder_stage_new(quality);
	h->linger = linger;
	h->wake = wake;
	h->wake_ctx = wake_ctx;
	pthread_mutex_init(&h->lock, NULL);
	cond_init_monotonic(&h->cond);
	if (pthread_create(&h->thread, NULL, hub_thread, h)) {
		log_err("media: cannot start the capture thread");
		abort();
	}
	pthread_setname_np(h->thread, "hub");
	return h;
}

void hub_free(struct hub *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	h->stop = true;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->thread, NULL);
	clear_frames(h);
	encoder_stage_free(h->enc);
	pthread_cond_destroy(&h->cond);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

/* Count one consumer of D at INTERVAL_US in (DELTA 1) or out (-1); lock held. */
static void count_demand(struct res_demand *d, long interval_us, int delta)
{
	int free_slot = -1;

	if (interval_us > 0) {
		for (int k = 0; k < HUB_NPACED; k++) {
			if (d->paced[k].n && d->paced[k].us == interval_us) {
				d->paced[k].n += (unsigned int)delta;
				return;
			}
			if (!d->paced[k].n && free_slot < 0)
				free_slot = k;
		}
		if (delta > 0 && free_slot >= 0) {
			d->paced[free_slot].us = interval_us;
			d->paced[free_slot].n = 1;
			return;
		}
		/* more distinct rates than slots: it counts as every frame */
	}
	if (delta > 0 || d->every)
		d->every += (unsigned int)delta;
}

void hub_subscribe(struct hub *h, int res, long interval_us)
{
	int i = hub_res_index(res);

	if (i < 0)
		return;
	pthread_mutex_lock(&h->lock);
	h->users[i]++;
	count_demand(&h->demand[i], interval_us, 1);
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

void hub_watch(struct hub *h, bool on)
{
	pthread_mutex_lock(&h->lock);
	if (on)
		h->watchers++;
	else if (h->watchers && --h->watchers == 0 && !demand_mask(h))
		h->idle_since = mono_now();
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

void hub_unsubscribe(struct hub *h, int res, long interval_us)
{
	int i = hub_res_index(res);

	if (i < 0)
		return;
	pthread_mutex_lock(&h->lock);
	if (h->users[i]) {
		count_demand(&h->demand[i], interval_us, -1);
		if (--h->users[i] == 0) {
			/* nobody at this size any more: its frame is not kept */
			frame_unref(h->latest[i]);
			h->latest[i] = NULL;
			memset(&h->demand[i], 0, sizeof(h->demand[i]));
		}
	}
	if (!demand_mask(h))
		h->idle_since = mono_now();
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

struct frame *hub_latest(struct hub *h, int res, uint64_t after)
{
	int i = hub_res_index(res);
	struct frame *f = NULL;

	if (i < 0)
		return NULL;
	pthread_mutex_lock(&h->lock);
	if (h->latest[i] && h->latest[i]->seq > after)
		f = frame_ref(h->latest[i]);
	pthread_mutex_unlock(&h->lock);
	return f;
}

int hub_error(struct hub *h)
{
	int e;

	pthread_mutex_lock(&h->lock);
	e = h->error;
	pthread_mutex_unlock(&h->lock);
	return e;
}

bool hub_capturing(struct hub *h)
{
	bool c;

	pthread_mutex_lock(&h->lock);
	c = h->capturing;
	pthread_mutex_unlock(&h->lock);
	return c;
}

unsigned int hub_starts(struct hub *h)
{
	unsigned int n;

	pthread_mutex_lock(&h->lock);
	n = h->starts;
	pthread_mutex_unlock(&h->lock);
	return n;
}

double hub_capture_fps(struct hub *h)
{
	double fps;

	pthread_mutex_lock(&h->lock);
	fps = h->cur_fps;
	pthread_mutex_unlock(&h->lock);
	return fps;
}

unsigned long hub_encodes(struct hub *h, int res)
{
	int i = hub_res_index(res);
	unsigned long n;

	if (i < 0)
		return 0;
	pthread_mutex_lock(&h->lock);
	n = h->encodes[i];
	pthread_mutex_unlock(&h->lock);
	return n;
}

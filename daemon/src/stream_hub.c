// SPDX-License-Identifier: GPL-2.0-or-later
#include "stream_hub.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "util.h"

static const int res_codes[HUB_NRES] = { 2, 8, 32, 64 };

struct hub {
	const struct hub_source_ops *ops;
	void *ctx;
	double linger;
	void (*wake)(void);
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	bool capturing;
	int cur_res;			/* resolution the source runs at */
	int error;
	unsigned int starts;
	unsigned int users[HUB_NRES];
	unsigned int watchers;		/* want frames captured, none encoded */
	struct frame *latest[HUB_NRES];
	uint64_t seq;
	double idle_since;		/* when the last consumer left */
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

static void stop_source(struct hub *h)
{
	h->capturing = false;
	clear_frames(h);
	pthread_mutex_unlock(&h->lock);
	h->ops->stop(h->ctx);
	pthread_mutex_lock(&h->lock);
}

static void *hub_thread(void *arg)
{
	struct hub *h = arg;
	double last_tick = mono_now(), retry_at = 0, shrink_at = 0;

	pthread_mutex_lock(&h->lock);
	while (!h->stop) {
		unsigned int mask = demand_mask(h);
		double now = mono_now();
		bool tick = now - last_tick >= 1.0;

		if (tick)
			last_tick = now;
		if (!mask && !h->watchers) {
			if (h->capturing && now - h->idle_since >= h->linger) {
				log_debug("media: nobody watches: capture stopped");
				stop_source(h);
			}
			if (tick && h->capturing && h->wake) {
				pthread_mutex_unlock(&h->lock);
				h->wake();
				pthread_mutex_lock(&h->lock);
			}
			/* at rest: sleep until a consumer comes (no timer at all
			 * once the source is stopped) */
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
			continue;
		}
		/* a watcher alone: the smallest size is enough to look at */
		int want = mask ? largest(mask) : 0;
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
				pthread_mutex_unlock(&h->lock);
				if (tick && h->wake)
					h->wake();
				struct timespec d = { 0, 100000000 };

				nanosleep(&d, NULL);
				pthread_mutex_lock(&h->lock);
				continue;
			}
			if (h->capturing)
				stop_source(h);
			pthread_mutex_unlock(&h->lock);
			rc = h->ops->start(h->ctx, res_codes[want]);
			pthread_mutex_lock(&h->lock);
			h->starts++;
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
				retry_at = mono_now() + (mask ? 1.0 : 10.0);
				pthread_mutex_unlock(&h->lock);
				if (h->wake)
					h->wake();
				pthread_mutex_lock(&h->lock);
				continue;
			}
			h->capturing = true;
			h->cur_res = want;
			shrink_at = 0;
			h->error = 0;
			log_debug("media: capturing at resolution %d", res_codes[want]);
		}
		pthread_mutex_unlock(&h->lock);
		int rc = h->ops->grab(h->ctx, h, mask, 200);

		if (tick && h->wake)
			h->wake();
		pthread_mutex_lock(&h->lock);
		if (rc && rc != -EAGAIN) {
			log_warn("media: capture failed: %s", strerror(-rc));
			h->error = rc;
			retry_at = mono_now() + 1.0;
			stop_source(h);
			pthread_mutex_unlock(&h->lock);
			if (h->wake)
				h->wake();
			pthread_mutex_lock(&h->lock);
		}
	}
	if (h->capturing)
		stop_source(h);
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

struct hub *hub_new(const struct hub_source_ops *ops, void *ctx, double linger,
		    void (*wake)(void))
{
	struct hub *h = xcalloc(1, sizeof(*h));

	h->ops = ops;
	h->ctx = ctx;
	h->linger = linger;
	h->wake = wake;
	pthread_mutex_init(&h->lock, NULL);
	cond_init_monotonic(&h->cond);
	if (pthread_create(&h->thread, NULL, hub_thread, h)) {
		log_err("media: cannot start the capture thread");
		abort();
	}
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
	pthread_cond_destroy(&h->cond);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

void hub_subscribe(struct hub *h, int res)
{
	int i = hub_res_index(res);

	if (i < 0)
		return;
	pthread_mutex_lock(&h->lock);
	h->users[i]++;
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

void hub_unsubscribe(struct hub *h, int res)
{
	int i = hub_res_index(res);

	if (i < 0)
		return;
	pthread_mutex_lock(&h->lock);
	if (h->users[i] && --h->users[i] == 0) {
		/* nobody at this size any more: its frame is not kept */
		frame_unref(h->latest[i]);
		h->latest[i] = NULL;
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

void hub_publish(struct hub *h, int res, const uint8_t *jpeg, size_t len, uint32_t width,
		 uint32_t height, uint64_t mono_ns)
{
	int i = hub_res_index(res);
	struct frame *f, *old;
	struct timespec now;

	if (i < 0)
		return;
	/* the copy and the clock outside the lock */
	f = frame_new(jpeg, len);
	f->res = res;
	f->width = width;
	f->height = height;
	clock_gettime(CLOCK_REALTIME, &f->wall);
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!mono_ns)
		mono_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	f->mono_ms = mono_ns / 1000000u;
	pthread_mutex_lock(&h->lock);
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
		h->wake();
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

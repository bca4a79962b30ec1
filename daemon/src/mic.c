// SPDX-License-Identifier: GPL-2.0-or-later
#include "mic.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adpcm.h"
#include "log.h"
#include "util.h"

/* Retry an absent or failing microphone this often while it is wanted. */
#define MIC_RETRY_S	1

struct mic {
	const struct mic_source_ops *ops;
	void *ctx;
	void (*wake)(void *ctx);
	void *wake_ctx;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	bool capturing;
	unsigned int users;
	int last_error;			/* of open: logged once per change */
	double failed_at;		/* mono_now() of that failure */
	uint64_t seq;
	struct mic_block ring[MIC_RING];
};

/* Still wanted?  (lock held) */
static bool wanted_locked(const struct mic *m)
{
	return m->users && !m->stop;
}

static bool wanted(struct mic *m)
{
	bool w;

	pthread_mutex_lock(&m->lock);
	w = wanted_locked(m);
	pthread_mutex_unlock(&m->lock);
	return w;
}

static void publish(struct mic *m, uint64_t first_ns, const uint8_t *data)
{
	struct mic_block *b;

	pthread_mutex_lock(&m->lock);
	b = &m->ring[++m->seq % MIC_RING];
	b->seq = m->seq;
	b->mono_ms = first_ns / 1000000u;
	memcpy(b->data, data, ASF_ADPCM_BLOCK);
	pthread_mutex_unlock(&m->lock);
	if (m->wake)
		m->wake(m->wake_ctx);
}

/*
 * Capture, encode and publish until no one wants it (0) or the source
 * fails (its -errno).
 */
static int capture(struct mic *m, void *handle)
{
	struct adpcm_state st;
	int16_t pcm[ASF_ADPCM_SAMPLES];
	uint8_t blk[ASF_ADPCM_BLOCK];
	uint64_t first_ns;
	ssize_t n;

	adpcm_init(&st);
	while (wanted(m)) {
		n = m->ops->read(handle, pcm, ASF_ADPCM_SAMPLES, &first_ns);
		if (n == -EPIPE) {
			log_debug("microphone: overrun, a gap in the sound");
			adpcm_init(&st);
			continue;
		}
		if (n < 0) {
			log_warn("microphone: %s", strerror((int)-n));
			return (int)n;
		}
		adpcm_encode_block(&st, pcm, blk);
		publish(m, first_ns, blk);
	}
	return 0;
}

static void retry_wait_locked(struct mic *m)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += MIC_RETRY_S;
	pthread_cond_timedwait(&m->cond, &m->lock, &until);
}

static void *mic_thread(void *arg)
{
	struct mic *m = arg;
	void *handle;
	int rc;

	pthread_mutex_lock(&m->lock);
	while (!m->stop) {
		if (!m->users) {
			pthread_cond_wait(&m->cond, &m->lock);
			continue;
		}
		pthread_mutex_unlock(&m->lock);
		rc = m->ops->open(m->ctx, &handle);
		pthread_mutex_lock(&m->lock);
		if (rc) {
			if (rc != m->last_error && rc != -ENODEV)
				log_warn("microphone: cannot open: %s", strerror(-rc));
			m->last_error = rc;
			m->failed_at = mono_now();
			if (wanted_locked(m))
				retry_wait_locked(m);
			continue;
		}
		m->last_error = 0;
		m->capturing = true;
		pthread_mutex_unlock(&m->lock);
		rc = capture(m, handle);
		m->ops->close(handle);
		pthread_mutex_lock(&m->lock);
		m->capturing = false;
		/* after a failure not in a busy loop; after a stop a newcomer
		 * that came during the close starts at once */
		if (rc && wanted_locked(m))
			retry_wait_locked(m);
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

struct mic *mic_new(const struct mic_source_ops *ops, void *ctx, void (*wake)(void *wake_ctx),
		    void *wake_ctx)
{
	struct mic *m = xcalloc(1, sizeof(*m));

	m->ops = ops;
	m->ctx = ctx;
	m->wake = wake;
	m->wake_ctx = wake_ctx;
	pthread_mutex_init(&m->lock, NULL);
	cond_init_monotonic(&m->cond);
	if (pthread_create(&m->thread, NULL, mic_thread, m)) {
		log_err("microphone: cannot start its thread");
		abort();
	}
	pthread_setname_np(m->thread, "mic");
	return m;
}

void mic_free(struct mic *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	m->stop = true;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
	pthread_join(m->thread, NULL);
	pthread_cond_destroy(&m->cond);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

void mic_subscribe(struct mic *m)
{
	pthread_mutex_lock(&m->lock);
	if (!m->users++)
		pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
}

void mic_unsubscribe(struct mic *m)
{
	pthread_mutex_lock(&m->lock);
	if (m->users)
		m->users--;
	pthread_mutex_unlock(&m->lock);
}

uint64_t mic_seq(struct mic *m)
{
	uint64_t s;

	pthread_mutex_lock(&m->lock);
	s = m->seq;
	pthread_mutex_unlock(&m->lock);
	return s;
}

bool mic_next(struct mic *m, uint64_t after, struct mic_block *out)
{
	uint64_t first;
	bool ok = false;

	pthread_mutex_lock(&m->lock);
	first = m->seq >= MIC_RING ? m->seq - MIC_RING + 1 : 1;
	if (after + 1 > first)
		first = after + 1;
	if (first <= m->seq) {
		*out = m->ring[first % MIC_RING];
		ok = true;
	}
	pthread_mutex_unlock(&m->lock);
	return ok;
}

bool mic_capturing(struct mic *m)
{
	bool c;

	pthread_mutex_lock(&m->lock);
	c = m->capturing;
	pthread_mutex_unlock(&m->lock);
	return c;
}

bool mic_failing(struct mic *m)
{
	bool f;

	/* only a recent failure: with no one retrying, the next stream tries */
	pthread_mutex_lock(&m->lock);
	f = m->last_error && mono_now() - m->failed_at < 2 * MIC_RETRY_S;
	pthread_mutex_unlock(&m->lock);
	return f;
}

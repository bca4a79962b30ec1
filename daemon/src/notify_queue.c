// SPDX-License-Identifier: GPL-2.0-or-later
#include "notify_queue.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "util.h"

#define BACKOFF_MAX 600.0	/* seconds */

struct notify_channel {
	char name[16];
	int capacity;
	int retry;
	int retries;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* a job came, or the stop */
	struct notify_job *head;
	struct notify_job *tail;
	int queued;
	bool busy;		/* the head is being run */
	atomic_bool stopping;
};

double notify_backoff(int first, int n)
{
	double s = first * pow(2.0, n > 1 ? n - 1 : 0);

	return s < BACKOFF_MAX ? s : BACKOFF_MAX;
}

static void job_finish(struct notify_job *j, bool ok, const char *err)
{
	if (j->done)
		j->done(j->done_arg, ok, err);
	j->ops->free(j);
}

/* Unlink the head (the caller holds the lock). */
static struct notify_job *pop_locked(struct notify_channel *ch)
{
	struct notify_job *j = ch->head;

	ch->head = j->next;
	if (!ch->head)
		ch->tail = NULL;
	ch->queued--;
	j->next = NULL;
	return j;
}

static void wait_until_locked(struct notify_channel *ch, double when)
{
	double left = when - mono_now();
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += (time_t)left;
	ts.tv_nsec += (long)((left - (double)(time_t)left) * 1e9);
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&ch->cond, &ch->lock, &ts);
}

/*
 * J waits out a backoff: the test jobs that came while it ran (queued
 * right behind it) go before it, so that a test never waits for a retry.
 */
static void promote_tests_locked(struct notify_channel *ch, struct notify_job *j)
{
	struct notify_job *first = j->next, *last = NULL, **link = &ch->head;

	for (struct notify_job *t = first; t && t->done; t = t->next)
		last = t;
	if (!last)
		return;
	while (*link != j)
		link = &(*link)->next;
	j->next = last->next;
	last->next = j;
	*link = first;
	if (ch->tail == last)
		ch->tail = j;
}

/* After a try of the head J: done with it, or back to wait for the next. */
static void settle(struct notify_channel *ch, struct notify_job *j, enum notify_result res,
		   const char *err)
{
	bool again = res == NOTIFY_RETRY && !j->done && j->attempts <= ch->retries &&
		     !atomic_load(&ch->stopping);

	if (res == NOTIFY_DONE) {
		log_info("%s: %s: delivered%s", ch->name, j->what,
			 j->attempts > 1 ? " after a retry" : "");
	} else if (again) {
		double wait = notify_backoff(ch->retry, j->attempts);

		log_warn("%s: %s: %s; trying again in %.0f s", ch->name, j->what, err, wait);
		j->not_before = mono_now() + wait;
	} else {
		log_warn("%s: %s: %s; given up", ch->name, j->what, err);
	}
	pthread_mutex_lock(&ch->lock);
	ch->busy = false;
	if (again) {
		promote_tests_locked(ch, j);
		pthread_mutex_unlock(&ch->lock);
		return;
	}
	/* a test job may have been put in front of it meanwhile */
	if (ch->head == j) {
		pop_locked(ch);
	} else {
		struct notify_job *p = ch->head;

		while (p->next != j)
			p = p->next;
		p->next = j->next;
		if (ch->tail == j)
			ch->tail = p;
		ch->queued--;
		j->next = NULL;
	}
	pthread_mutex_unlock(&ch->lock);
	job_finish(j, res == NOTIFY_DONE, err);
}

static void *channel_main(void *arg)
{
	struct notify_channel *ch = arg;

	pthread_mutex_lock(&ch->lock);
	while (!atomic_load(&ch->stopping)) {
		struct notify_job *j = ch->head;
		enum notify_result res;
		char err[160];

		if (!j) {
			pthread_cond_wait(&ch->cond, &ch->lock);
			continue;
		}
		if (j->not_before > mono_now()) {
			wait_until_locked(ch, j->not_before);
			continue;
		}
		ch->busy = true;
		j->attempts++;
		pthread_mutex_unlock(&ch->lock);
		err[0] = '\0';
		res = j->ops->run(j, &ch->stopping, err, sizeof(err));
		if (res != NOTIFY_DONE && !err[0])
			str_copy(err, sizeof(err), "failed");
		settle(ch, j, res, err);
		pthread_mutex_lock(&ch->lock);
	}
	pthread_mutex_unlock(&ch->lock);
	return NULL;
}

struct notify_channel *notify_channel_start(const struct notify_channel_options *o)
{
	struct notify_channel *ch = xcalloc(1, sizeof(*ch));
	int rc;

	str_copy(ch->name, sizeof(ch->name), o->name);
	ch->capacity = o->capacity > 0 ? o->capacity : 1;
	ch->retry = o->retry > 0 ? o->retry : 1;
	ch->retries = o->retries;
	pthread_mutex_init(&ch->lock, NULL);
	cond_init_monotonic(&ch->cond);
	rc = pthread_create(&ch->thread, NULL, channel_main, ch);
	if (rc) {
		log_err("%s: cannot start its thread: %s", ch->name, strerror(rc));
		pthread_cond_destroy(&ch->cond);
		pthread_mutex_destroy(&ch->lock);
		free(ch);
		return NULL;
	}
	pthread_setname_np(ch->thread, ch->name);
	return ch;
}

void notify_channel_stop(struct notify_channel *ch)
{
	if (!ch)
		return;
	pthread_mutex_lock(&ch->lock);
	atomic_store(&ch->stopping, true);
	pthread_cond_broadcast(&ch->cond);
	pthread_mutex_unlock(&ch->lock);
	pthread_join(ch->thread, NULL);
	while (ch->head) {
		struct notify_job *j = pop_locked(ch);

		log_info("%s: %s: dropped, the daemon stops", ch->name, j->what);
		job_finish(j, false, "the camera is stopping");
	}
	pthread_cond_destroy(&ch->cond);
	pthread_mutex_destroy(&ch->lock);
	free(ch);
}

/* The oldest job that is not running now, to make room; NULL if none. */
static struct notify_job *evict_locked(struct notify_channel *ch)
{
	struct notify_job *prev = NULL, *j = ch->head;

	if (j && ch->busy) {
		prev = j;
		j = j->next;
	}
	if (!j)
		return NULL;
	if (prev)
		prev->next = j->next;
	else
		ch->head = j->next;
	if (ch->tail == j)
		ch->tail = prev;
	ch->queued--;
	j->next = NULL;
	return j;
}

void notify_channel_push(struct notify_channel *ch, struct notify_job *j)
{
	struct notify_job *dropped = NULL;

	j->next = NULL;
	j->attempts = 0;
	j->not_before = 0;
	pthread_mutex_lock(&ch->lock);
	if (ch->queued >= ch->capacity)
		dropped = evict_locked(ch);
	if (j->done && ch->head && !ch->busy) {
		/* a test: in front of what waits (for a backoff, maybe) */
		j->next = ch->head;
		ch->head = j;
	} else if (j->done && ch->head) {
		j->next = ch->head->next;
		ch->head->next = j;
		if (ch->tail == ch->head)
			ch->tail = j;
	} else {
		if (ch->tail)
			ch->tail->next = j;
		else
			ch->head = j;
		ch->tail = j;
	}
	ch->queued++;
	pthread_cond_signal(&ch->cond);
	pthread_mutex_unlock(&ch->lock);
	if (dropped) {
		log_warn("%s: queue full: %s dropped", ch->name, dropped->what);
		job_finish(dropped, false, "too many notifications waiting");
	}
}

void notify_channel_kick(struct notify_channel *ch)
{
	pthread_mutex_lock(&ch->lock);
	if (ch->head && !ch->busy) {
		ch->head->not_before = 0;
		pthread_cond_signal(&ch->cond);
	}
	pthread_mutex_unlock(&ch->lock);
}

int notify_channel_pending(struct notify_channel *ch)
{
	int n;

	pthread_mutex_lock(&ch->lock);
	n = ch->queued;
	pthread_mutex_unlock(&ch->lock);
	return n;
}

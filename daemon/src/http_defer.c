// SPDX-License-Identifier: GPL-2.0-or-later
#include "http_defer.h"

#include <pthread.h>
#include <stdlib.h>

#include "reply.h"
#include "util.h"

struct http_defer {
	struct defer_set *set;
	struct MHD_Connection *con;
	int refs;		/* under set->lock */
	bool taken;
	bool parked;		/* suspended, not yet resumed */
	char *answer;		/* NULL until answered */
	struct http_defer *prev, *next;	/* set->waiting while unanswered */
};

/* Freed by the last of the server and the deferrals (a worker may answer
 * after the server has gone). */
struct defer_set {
	pthread_mutex_t lock;
	int refs;		/* the server's and one per deferral */
	bool closing;		/* quiesced: what comes is answered at once */
	struct http_defer *waiting;
};

static void set_put(struct defer_set *s)
{
	bool last;

	pthread_mutex_lock(&s->lock);
	last = --s->refs == 0;
	pthread_mutex_unlock(&s->lock);
	if (last) {
		pthread_mutex_destroy(&s->lock);
		free(s);
	}
}

struct defer_set *defer_set_new(void)
{
	struct defer_set *s = xcalloc(1, sizeof(*s));

	pthread_mutex_init(&s->lock, NULL);
	s->refs = 1;
	return s;
}

void defer_set_free(struct defer_set *s)
{
	if (s)
		set_put(s);
}

static void unlink_locked(struct http_defer *d)
{
	if (d->prev)
		d->prev->next = d->next;
	else if (d->set->waiting == d)
		d->set->waiting = d->next;
	if (d->next)
		d->next->prev = d->prev;
	d->prev = d->next = NULL;
}

/* Answer D with BODY unless it has its answer; resume it if parked.
 * Whether BODY is the answer. */
static bool answer_locked(struct http_defer *d, const char *body)
{
	if (d->answer)
		return false;
	d->answer = xstrdup(body);
	unlink_locked(d);
	if (d->parked) {
		d->parked = false;
		MHD_resume_connection(d->con);
	}
	return true;
}

static void put_locked(struct http_defer *d, bool *last)
{
	*last = --d->refs == 0;
	if (*last)
		unlink_locked(d);
}

static void defer_free(struct http_defer *d)
{
	struct defer_set *s = d->set;

	free(d->answer);
	free(d);
	set_put(s);
}

void defer_set_quiesce(struct defer_set *s, const char *body)
{
	pthread_mutex_lock(&s->lock);
	s->closing = true;
	while (s->waiting)
		answer_locked(s->waiting, body);
	pthread_mutex_unlock(&s->lock);
}

void defer_set_reopen(struct defer_set *s)
{
	pthread_mutex_lock(&s->lock);
	s->closing = false;
	pthread_mutex_unlock(&s->lock);
}

struct http_defer *defer_new(struct defer_set *s, struct MHD_Connection *con)
{
	struct http_defer *d = xcalloc(1, sizeof(*d));

	d->set = s;
	d->con = con;
	d->refs = 1;
	pthread_mutex_lock(&s->lock);
	s->refs++;
	pthread_mutex_unlock(&s->lock);
	return d;
}

bool defer_taken(const struct http_defer *d)
{
	return d && d->taken;
}

struct http_defer *defer_take(struct http_defer *d)
{
	pthread_mutex_lock(&d->set->lock);
	d->taken = true;
	d->refs++;
	if (d->set->closing) {
		/* the server stops: no connection may stay suspended */
		d->answer = xstrdup(REPLY_RESTARTING);
	} else {
		d->next = d->set->waiting;
		if (d->next)
			d->next->prev = d;
		d->set->waiting = d;
	}
	pthread_mutex_unlock(&d->set->lock);
	return d;
}

bool defer_park(struct http_defer *d)
{
	bool park;

	pthread_mutex_lock(&d->set->lock);
	park = !d->answer;
	if (park) {
		d->parked = true;
		MHD_suspend_connection(d->con);
	}
	pthread_mutex_unlock(&d->set->lock);
	return park;
}

const char *defer_answer(const struct http_defer *d)
{
	return d->answer;
}

bool defer_reply(struct http_defer *d, const char *body)
{
	bool last, answered;

	pthread_mutex_lock(&d->set->lock);
	answered = answer_locked(d, body);
	put_locked(d, &last);
	pthread_mutex_unlock(&d->set->lock);
	if (last)
		defer_free(d);
	return answered;
}

void defer_put(struct http_defer *d)
{
	bool last;

	if (!d)
		return;
	pthread_mutex_lock(&d->set->lock);
	put_locked(d, &last);
	pthread_mutex_unlock(&d->set->lock);
	if (last)
		defer_free(d);
}

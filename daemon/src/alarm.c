// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The alarm engine (see alarm.h).  One thread that sleeps in poll() on an
 * eventfd (settings pokes, detector events) and the head's event fd (the
 * alarm input, the end of moves), with a timeout only for what is due: the
 * end of a hold, the next quarter-hour of an enabled schedule.
 */
#include "alarm.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "camera.h"
#include "http_media.h"
#include "log.h"
#include "schedule.h"
#include "settings.h"
#include "util.h"

/* alarm_motion_sensitivity 0 high .. 3 ultra low: a cell's mean luma change. */
static const unsigned int motion_threshold[4] = { 8, 14, 24, 40 };

struct alarm_settings {
	bool motion_armed;
	unsigned int threshold;
	bool compensate;
	bool input_armed;
	int ioin_level;
	bool iolinkage;
	int ioout_level;
	int preset;
	struct week_schedule schedule;
};

struct alarm_engine {
	struct alarm_options opt;
	pthread_t thread;
	int efd;

	pthread_mutex_t lock;		/* the shared fields below */
	bool stop;
	bool poked;
	uint32_t motion_regions;	/* the detector's last event, 0 = still */
	bool motion_news;		/* a detector event since the last look */
	uint32_t motion_seen;		/* first moving regions since then, 0: none */
	struct {
		alarm_listener fn;
		void *ctx;
	} listeners[ALARM_LISTENERS];
	int nlisteners;
	_Atomic int status;		/* enum alarm_source, read by the CGIs */

	/* The engine thread's own. */
	struct alarm_settings set;
	bool watching;			/* the capture runs for the detector */
	bool motion_on;			/* the detector is armed ... */
	unsigned int armed_threshold;	/* ... with these */
	bool armed_compensate;
	bool motion_active;		/* accepted as a source */
	bool io_driven;			/* begin() drove the IO output ... */
	int io_level;			/* ... to this level */
	uint32_t regions;		/* of the last accepted motion */
	int input_level;		/* -1 unknown */
	double settle_until;		/* motion is ignored before */
	double hold_until;		/* 0 while a source is active */
};

static void wake(struct alarm_engine *a)
{
	uint64_t one = 1;

	if (write(a->efd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		log_warn("alarm: cannot wake the engine: %s", strerror(errno));
}

void alarm_poke(struct alarm_engine *a)
{
	if (!a)
		return;
	pthread_mutex_lock(&a->lock);
	a->poked = true;
	pthread_mutex_unlock(&a->lock);
	wake(a);
}

enum alarm_source alarm_status(struct alarm_engine *a)
{
	return a ? (enum alarm_source)a->status : ALARM_NONE;
}

int alarm_listen(struct alarm_engine *a, alarm_listener fn, void *ctx)
{
	int rc = 0;

	pthread_mutex_lock(&a->lock);
	if (a->nlisteners == ALARM_LISTENERS) {
		rc = -ENOSPC;
	} else {
		a->listeners[a->nlisteners].fn = fn;
		a->listeners[a->nlisteners].ctx = ctx;
		a->nlisteners++;
	}
	pthread_mutex_unlock(&a->lock);
	return rc;
}

/* The capture thread's detector events: recorded, the engine woken. */
static void motion_sink(void *ctx, uint32_t regions, uint32_t sequence)
{
	struct alarm_engine *a = ctx;

	(void)sequence;
	pthread_mutex_lock(&a->lock);
	a->motion_regions = regions;
	a->motion_news = true;
	/* a motion that began and ended before the engine looked still counts */
	if (regions && !a->motion_seen)
		a->motion_seen = regions;
	pthread_mutex_unlock(&a->lock);
	wake(a);
}

static void read_settings(struct alarm_settings *s)
{
	int sens;

	settings_lock();
	s->motion_armed = settings_int("alarm_motion_armed") != 0;
	sens = (int)settings_int("alarm_motion_sensitivity");
	s->compensate = settings_int("alarm_motion_compensation") != 0;
	s->input_armed = settings_int("alarm_input_armed") != 0;
	s->ioin_level = (int)settings_int("alarm_ioin_level");
	s->iolinkage = settings_int("alarm_iolinkage") != 0;
	s->ioout_level = (int)settings_int("alarm_ioout_level");
	s->preset = (int)settings_int("alarm_preset");
	week_schedule_read_locked(&s->schedule, "alarm_");
	settings_unlock();
	s->threshold = motion_threshold[sens >= 0 && sens < 4 ? sens : 1];
}

/* Inside the alarm schedule (always, when it is not enabled). */
static bool in_schedule(const struct alarm_settings *s)
{
	struct tm tm;

	if (!s->schedule.enabled)
		return true;
	camera_local_tm(&tm);
	return week_schedule_at(&s->schedule, &tm);
}

/*
 * Arm the detector, and keep the capture running, only while motion can
 * alarm; arm it again only when what it detects changed (a motion under
 * way goes on being reported).
 */
static void apply_motion(struct alarm_engine *a, bool in_sched)
{
	bool want = a->set.motion_armed && in_sched;
	bool changed = want && (a->armed_threshold != a->set.threshold ||
				a->armed_compensate != a->set.compensate);

	if (want != a->motion_on || changed) {
		camera_motion_set(a->opt.camera, want, a->set.threshold, a->set.compensate,
				  motion_sink, a);
		if (want != a->motion_on) {
			log_info("alarm: motion detection %s", want ? "armed" : "disarmed");
			a->motion_active = false;
		}
		a->motion_on = want;
		a->armed_threshold = want ? a->set.threshold : 0;
		a->armed_compensate = a->set.compensate;
	}
	if (want != a->watching) {
		media_watch(a->opt.media, want);
		a->watching = want;
	}
}

/*
 * The head: the alarm input's level, and whether it moves or just stopped
 * (motion is ignored until it has settled).
 */
static void read_head(struct alarm_engine *a, double now)
{
	struct ptz_news news;
	int level = -1;

	if (camera_ptz_events(a->opt.camera, &news) == 0) {
		if (news.alarm)
			a->input_level = news.alarm_level;
		if (news.moved)
			a->settle_until = now + a->opt.settle;
	}
	if (a->set.input_armed && a->input_level < 0 && !camera_alarm_input(a->opt.camera, &level))
		a->input_level = level;
	if (a->motion_on && camera_ptz_busy(a->opt.camera) == 1)
		a->settle_until = now + a->opt.settle;
}

static void notify(struct alarm_engine *a, const struct alarm_event *ev)
{
	int n;

	pthread_mutex_lock(&a->lock);
	n = a->nlisteners;
	pthread_mutex_unlock(&a->lock);
	for (int i = 0; i < n; i++)
		a->listeners[i].fn(a->listeners[i].ctx, ev);
}

static void begin(struct alarm_engine *a, enum alarm_source src, struct alarm_event *ev)
{
	a->status = src;
	a->hold_until = 0;
	ev->edge = ALARM_BEGIN;
	ev->source = src;
	ev->when = time(NULL);
	ev->regions = src == ALARM_MOTION ? a->regions : 0;
	if (src == ALARM_MOTION)
		log_info("alarm: motion (regions 0x%08x)", a->regions);
	else
		log_info("alarm: alarm input");
	a->io_driven = a->set.iolinkage;
	a->io_level = a->set.ioout_level;
	if (a->io_driven)
		camera_io_output(a->opt.camera, a->io_level);
	if (a->set.preset) {
		camera_ptz_preset(a->opt.camera, a->set.preset, false);
		/* the move it starts is not motion either */
		a->settle_until = mono_now() + a->opt.settle;
	}
}

static void end(struct alarm_engine *a, struct alarm_event *ev)
{
	ev->edge = ALARM_END;
	ev->source = (enum alarm_source)a->status;
	ev->when = time(NULL);
	ev->regions = 0;
	a->status = ALARM_NONE;
	a->hold_until = 0;
	log_info("alarm ended");
	/* undo what begin() did, whatever the settings say now */
	if (a->io_driven)
		camera_io_output(a->opt.camera, !a->io_level);
	a->io_driven = false;
}

/*
 * One look at the sources: true with *EV set when an alarm began or ended.
 * *WAIT: seconds until something is due (-1: nothing).
 */
static bool evaluate(struct alarm_engine *a, bool in_sched, bool pulse, double now,
		     struct alarm_event *ev, double *wait)
{
	bool motion = a->motion_on && (a->motion_active || pulse);
	bool input = in_sched && a->set.input_armed && a->input_level == a->set.ioin_level;

	*wait = a->set.schedule.enabled ? 900 - (double)(time(NULL) % 900) : -1;
	if (a->status == ALARM_NONE) {
		if (!motion && !input)
			return false;
		begin(a, motion ? ALARM_MOTION : ALARM_INPUT, ev);
		return true;
	}
	if (motion || input) {
		a->hold_until = 0;
		return false;
	}
	if (!a->hold_until)
		a->hold_until = now + a->opt.hold;
	if (now < a->hold_until) {
		double left = a->hold_until - now;

		if (*wait < 0 || left < *wait)
			*wait = left;
		return false;
	}
	end(a, ev);
	return true;
}

/* Sleep until poked, a head event, or WAIT seconds; false when stopping. */
static bool sleep_for(struct alarm_engine *a, double wait)
{
	struct pollfd pf[2] = { { .fd = a->efd, .events = POLLIN } };
	int n = 1, timeout = wait < 0 ? -1 : (int)(wait * 1000) + 1;
	int fd = a->set.input_armed || a->motion_on ? camera_ptz_event_fd(a->opt.camera) : -1;
	uint64_t v;
	bool stop;

	/*
	 * The head's fd may be closed and opened again (unplug, rescan) while
	 * we sleep: fetch it again now and then while it matters.
	 */
	if (fd >= 0) {
		pf[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
		if (timeout < 0 || timeout > 5000)
			timeout = 5000;
	} else if (a->set.input_armed && (timeout < 0 || timeout > 1000)) {
		timeout = 1000;		/* a head may come: look again */
	}
	if (poll(pf, (nfds_t)n, timeout) < 0 && errno != EINTR)
		log_warn("alarm: poll: %s", strerror(errno));
	if ((pf[0].revents & POLLIN) && read(a->efd, &v, sizeof(v)) < 0 && errno != EAGAIN)
		log_warn("alarm: eventfd: %s", strerror(errno));
	pthread_mutex_lock(&a->lock);
	stop = a->stop;
	pthread_mutex_unlock(&a->lock);
	return !stop;
}

static void *engine_thread(void *arg)
{
	struct alarm_engine *a = arg;
	double wait = -1;

	do {
		struct alarm_event ev;
		bool poked, news, in_sched, pulse = false;
		uint32_t regions, seen;
		double now = mono_now();

		pthread_mutex_lock(&a->lock);
		poked = a->poked;
		a->poked = false;
		news = a->motion_news;
		a->motion_news = false;
		regions = a->motion_regions;
		seen = a->motion_seen;
		a->motion_seen = 0;
		pthread_mutex_unlock(&a->lock);

		if (poked) {
			read_settings(&a->set);
			a->input_level = -1;
		}
		in_sched = in_schedule(&a->set);
		apply_motion(a, in_sched);
		read_head(a, now);
		if (news) {
			bool settled = now >= a->settle_until;

			a->motion_active = regions && settled;
			/* seen since the last look, even if already over */
			pulse = seen && settled;
			if (pulse)
				a->regions = regions ? regions : seen;
		}
		if (evaluate(a, in_sched, pulse, now, &ev, &wait))
			notify(a, &ev);
	} while (sleep_for(a, wait));
	return NULL;
}

struct alarm_engine *alarm_start(const struct alarm_options *o)
{
	struct alarm_engine *a = xcalloc(1, sizeof(*a));

	a->opt = *o;
	a->input_level = -1;
	a->poked = true;		/* read the settings at once */
	pthread_mutex_init(&a->lock, NULL);
	a->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (a->efd < 0 || pthread_create(&a->thread, NULL, engine_thread, a)) {
		log_err("alarm: cannot start the alarm engine");
		if (a->efd >= 0)
			close(a->efd);
		pthread_mutex_destroy(&a->lock);
		free(a);
		return NULL;
	}
	pthread_setname_np(a->thread, "alarm");
	return a;
}

void alarm_stop(struct alarm_engine *a)
{
	struct alarm_event ev;

	if (!a)
		return;
	pthread_mutex_lock(&a->lock);
	a->stop = true;
	pthread_mutex_unlock(&a->lock);
	wake(a);
	pthread_join(a->thread, NULL);

	/* the thread has ended: its fields are ours now */
	if (a->status != ALARM_NONE) {
		end(a, &ev);
		notify(a, &ev);
	}
	if (a->motion_on)
		camera_motion_set(a->opt.camera, false, 0, false, NULL, NULL);
	if (a->watching)
		media_watch(a->opt.media, false);
	close(a->efd);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

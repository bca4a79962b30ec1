// SPDX-License-Identifier: GPL-2.0-or-later
#include "notify.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "addr_watch.h"
#include "alarm.h"
#include "frame.h"
#include "http_media.h"
#include "log.h"
#include "notify_curl.h"
#include "notify_ftp.h"
#include "notify_mail.h"
#include "notify_webhook.h"
#include "schedule.h"
#include "settings.h"
#include "util.h"

#define SNAPSHOT_RES 32		/* 640x480: the SDK's resolution code */
#define SNAPSHOT_WAIT 5.0	/* seconds a snapshot may take (a cold capture) */
#define EVENTS 16		/* alarm edges waiting for the thread */
#define NEVER 1e300

/* What the thread reads from the settings at a poke or an alarm. */
struct notify_settings {
	bool alarm_mail;
	long alarm_upload_interval;
	bool alarm_http;
	char alarm_http_url[160];
	long ftp_upload_interval;
	long ftp_numberoffiles;
	char ftp_base[64];
	struct week_schedule ftp_schedule;
	bool mail_inet_ip;
	char name[48];		/* the alias, or the device id */
};

struct notifier {
	struct notify_options opt;
	struct notify_net net;
	struct notify_channel *mail;
	struct notify_channel *ftp;
	struct notify_channel *web;
	pthread_t thread;
	int wake;			/* eventfd: an event, a poke or the stop */
	atomic_bool stopping;
	atomic_bool poked;
	atomic_int port;
	atomic_bool port_changed;
	struct addr_watch *watch;

	pthread_mutex_t lock;		/* the alarm edges */
	struct alarm_event ev[EVENTS];
	int nev;

	/* the thread's own */
	struct notify_settings set;
	bool in_alarm;
	struct tm alarm_tm;		/* when the alarm began, camera time */
	enum alarm_source alarm_src;
	double last_mail;		/* mono_now() of the last alarm mail */
	struct mail_message pending;	/* an alarm mail collecting snapshots */
	int snaps_wanted;		/* 0: none collecting */
	double next_snap;
	double next_alarm_upload;
	unsigned int alarm_uploads;
	long periodic_interval;		/* the interval next_periodic follows */
	double next_periodic;
	bool address_mail_on;		/* mail_inet_ip as last followed */
	unsigned long periodic_seq;
	bool address_due;
	char addresses_mailed[256];
};

static void wake(struct notifier *n)
{
	uint64_t one = 1;

	if (write(n->wake, &one, sizeof(one)) < 0)
		log_debug("notify: wake: %s", strerror(errno));
}

static void read_settings(struct notify_settings *s, const char *device_id)
{
	const char *alias;

	memset(s, 0, sizeof(*s));
	settings_lock();
	s->alarm_mail = settings_int("alarm_mail");
	s->alarm_upload_interval = settings_int("alarm_upload_interval");
	s->alarm_http = settings_int("alarm_http");
	str_copy(s->alarm_http_url, sizeof(s->alarm_http_url), settings_str("alarm_http_url"));
	s->ftp_upload_interval = settings_int("ftp_upload_interval");
	s->ftp_numberoffiles = settings_int("ftp_numberoffiles");
	ftp_name_base(s->ftp_base, sizeof(s->ftp_base), settings_str("ftp_filename"), device_id);
	week_schedule_read_locked(&s->ftp_schedule, "ftp_");
	s->mail_inet_ip = settings_int("mail_inet_ip");
	alias = settings_str("alias");
	str_copy(s->name, sizeof(s->name), alias[0] ? alias : device_id);
	settings_unlock();
}

static void stamp_text(char *out, size_t cap, const struct tm *tm)
{
	strftime(out, cap, "%Y-%m-%d %H:%M:%S", tm);
}

static void alarm_mail_send(struct notifier *n)
{
	struct mail_message *m = &n->pending;
	const char *what = n->alarm_src == ALARM_INPUT ? "the alarm input" : "motion";
	char when[32];
	struct sbuf b;

	stamp_text(when, sizeof(when), &n->alarm_tm);
	snprintf(m->subject, sizeof(m->subject), "%s: alarm (%s)", n->set.name, what);
	sbuf_init(&b);
	sbuf_printf(&b, "The camera %s (%s) raised an alarm at %s: %s.\r\n", n->set.name,
		    n->opt.device_id, when, what);
	if (m->nattach)
		sbuf_printf(&b, "%d snapshot%s attached.\r\n", m->nattach,
			    m->nattach > 1 ? "s are" : " is");
	else
		sbuf_adds(&b, "No snapshot: the camera gave no picture.\r\n");
	m->text = sbuf_detach(&b, NULL);
	notify_channel_push(n->mail, mail_job_new("alarm mail", m, &n->net));
	n->snaps_wanted = 0;
}

static void alarm_mail_snapshot(struct notifier *n, double now)
{
	struct mail_message *m = &n->pending;
	struct frame *f = media_snapshot(n->opt.media, SNAPSHOT_RES, SNAPSHOT_WAIT, &n->stopping);

	if (f) {
		ftp_alarm_name(m->attach_name[m->nattach], sizeof(m->attach_name[0]),
			       n->set.ftp_base, &n->alarm_tm, (unsigned int)m->nattach + 1);
		m->attach[m->nattach++] = f;
	}
	if (!f || m->nattach >= n->snaps_wanted)
		alarm_mail_send(n);
	else
		n->next_snap = now + 1.0;
}

static void alarm_begin(struct notifier *n, const struct alarm_event *ev, double now)
{
	read_settings(&n->set, n->opt.device_id);
	n->in_alarm = true;
	n->alarm_src = ev->source;
	camera_local_tm(&n->alarm_tm);
	if (n->set.alarm_http && n->set.alarm_http_url[0])
		notify_channel_push(n->web, webhook_job_new(n->set.alarm_http_url, &n->net));
	if (n->set.alarm_mail && !n->snaps_wanted && mail_configured()) {
		if (n->last_mail > 0 && now - n->last_mail < n->opt.mail_interval) {
			log_info("notify: no alarm mail: the last one went %.0f s ago (mail_interval %d)",
				 now - n->last_mail, n->opt.mail_interval);
		} else {
			memset(&n->pending, 0, sizeof(n->pending));
			n->snaps_wanted = n->opt.snapshots;
			n->next_snap = now;
			n->last_mail = now;
		}
	}
	if (n->set.alarm_upload_interval > 0 && ftp_configured()) {
		n->alarm_uploads = 0;
		n->next_alarm_upload = now;
	}
}

static void alarm_edges(struct notifier *n, double now)
{
	struct alarm_event ev[EVENTS];
	int k;

	pthread_mutex_lock(&n->lock);
	k = n->nev;
	memcpy(ev, n->ev, sizeof(ev[0]) * (size_t)k);
	n->nev = 0;
	pthread_mutex_unlock(&n->lock);
	for (int i = 0; i < k; i++) {
		if (ev[i].edge == ALARM_BEGIN) {
			alarm_begin(n, &ev[i], now);
		} else {
			n->in_alarm = false;
			n->next_alarm_upload = NEVER;
		}
	}
}

/* On the alarm engine's thread: hand the edge over, never block. */
static void alarm_listener_fn(void *ctx, const struct alarm_event *ev)
{
	struct notifier *n = ctx;

	pthread_mutex_lock(&n->lock);
	if (n->nev == EVENTS) {
		memmove(n->ev, n->ev + 1, sizeof(n->ev[0]) * (EVENTS - 1));
		n->nev--;
	}
	n->ev[n->nev++] = *ev;
	pthread_mutex_unlock(&n->lock);
	wake(n);
}

static void alarm_upload(struct notifier *n, double now)
{
	struct frame *f = media_snapshot(n->opt.media, SNAPSHOT_RES, SNAPSHOT_WAIT, &n->stopping);
	char name[FTP_NAME_MAX];

	n->next_alarm_upload += n->set.alarm_upload_interval;
	if (n->next_alarm_upload < now)
		n->next_alarm_upload = now + n->set.alarm_upload_interval;
	if (!f) {
		log_warn("notify: alarm upload: the camera gave no picture");
		return;
	}
	ftp_alarm_name(name, sizeof(name), n->set.ftp_base, &n->alarm_tm, ++n->alarm_uploads);
	notify_channel_push(n->ftp, ftp_job_new(name, f, NULL, 0, &n->net));
}

static void periodic_upload(struct notifier *n, double now)
{
	struct frame *f;
	char name[FTP_NAME_MAX];
	struct tm tm;

	n->next_periodic = now + n->periodic_interval;
	camera_local_tm(&tm);
	if (n->set.ftp_schedule.enabled && !week_schedule_at(&n->set.ftp_schedule, &tm))
		return;
	if (!ftp_configured())
		return;
	f = media_snapshot(n->opt.media, SNAPSHOT_RES, SNAPSHOT_WAIT, &n->stopping);
	if (!f) {
		log_warn("notify: periodic upload: the camera gave no picture");
		return;
	}
	ftp_periodic_name(name, sizeof(name), n->set.ftp_base, n->set.ftp_numberoffiles,
			  n->periodic_seq++, &tm);
	notify_channel_push(n->ftp, ftp_job_new(name, f, NULL, 0, &n->net));
}

static void address_mail(struct notifier *n)
{
	struct mail_message m = { 0 };
	char list[sizeof(n->addresses_mailed)], copy[sizeof(list)], *a, *save = NULL;
	int port = atomic_load(&n->port);
	struct sbuf b;

	if (!port)
		return;		/* not listening yet: notify_set_port() wakes us */
	n->address_due = false;
	if (!n->set.mail_inet_ip || !mail_configured() || !addr_watch_list(list, sizeof(list)) ||
	    !strcmp(list, n->addresses_mailed))
		return;
	str_copy(n->addresses_mailed, sizeof(n->addresses_mailed), list);
	snprintf(m.subject, sizeof(m.subject), "%s: the camera's address", n->set.name);
	sbuf_init(&b);
	sbuf_printf(&b, "The camera %s (%s) is at:\r\n", n->set.name, n->opt.device_id);
	str_copy(copy, sizeof(copy), list);
	for (a = strtok_r(copy, " ", &save); a; a = strtok_r(NULL, " ", &save))
		sbuf_printf(&b, "http://%s:%d/\r\n", a, port);
	m.text = sbuf_detach(&b, NULL);
	notify_channel_push(n->mail, mail_job_new("address mail", &m, &n->net));
}

/* New settings: the address mail is looked at again (a server set up
 * after mail_inet_ip was switched on sends it now). */
static void reread(struct notifier *n)
{
	read_settings(&n->set, n->opt.device_id);
	n->address_due = true;
	if (n->set.alarm_upload_interval <= 0)
		n->next_alarm_upload = NEVER;
}

/*
 * The timers follow the settings, whoever read them last (a poke or an
 * alarm): a new upload interval starts its uploads now, and the address
 * mail that was switched on goes now.
 */
static void follow_settings(struct notifier *n, double now)
{
	if (n->set.ftp_upload_interval != n->periodic_interval) {
		n->periodic_interval = n->set.ftp_upload_interval;
		n->next_periodic = n->periodic_interval > 0 ? now : NEVER;
	}
	if (n->set.mail_inet_ip != n->address_mail_on) {
		n->address_mail_on = n->set.mail_inet_ip;
		if (n->address_mail_on) {
			n->addresses_mailed[0] = '\0';
			n->address_due = true;
		}
	}
}

static double next_deadline(const struct notifier *n)
{
	double d = n->snaps_wanted ? n->next_snap : NEVER;

	if (n->in_alarm && n->next_alarm_upload < d)
		d = n->next_alarm_upload;
	if (n->periodic_interval > 0 && n->next_periodic < d)
		d = n->next_periodic;
	return d < NEVER ? d : -1;
}

static void *notify_main(void *arg)
{
	struct notifier *n = arg;

	read_settings(&n->set, n->opt.device_id);
	n->address_due = true;	/* the daemon starts */
	n->next_periodic = NEVER;
	n->next_alarm_upload = NEVER;
	while (!atomic_load(&n->stopping)) {
		double now = mono_now();
		enum watch_wake why;

		if (atomic_exchange(&n->poked, false))
			reread(n);
		if (atomic_exchange(&n->port_changed, false)) {
			n->addresses_mailed[0] = '\0';
			n->address_due = true;
		}
		alarm_edges(n, now);
		follow_settings(n, now);
		if (n->snaps_wanted && now >= n->next_snap)
			alarm_mail_snapshot(n, now);
		if (n->in_alarm && now >= n->next_alarm_upload)
			alarm_upload(n, now);
		if (n->periodic_interval > 0 && now >= n->next_periodic)
			periodic_upload(n, now);
		if (n->address_due)
			address_mail(n);
		why = addr_watch_wait(&n->watch, n->wake, next_deadline(n), "notify");
		if (why == WATCH_ADDRESS)
			n->address_due = true;
	}
	mail_message_clear(&n->pending);
	return NULL;
}

static void notifier_free(struct notifier *n)
{
	notify_channel_stop(n->mail);
	notify_channel_stop(n->ftp);
	notify_channel_stop(n->web);
	addr_watch_close(n->watch);
	if (n->wake >= 0)
		close(n->wake);
	pthread_mutex_destroy(&n->lock);
	free((char *)n->opt.ca_file);
	free((char *)n->opt.user_agent);
	free((char *)n->opt.device_id);
	free(n);
}

struct notifier *notify_start(const struct notify_options *o, struct alarm_engine *alarm)
{
	struct notifier *n = xcalloc(1, sizeof(*n));
	struct notify_channel_options co = {
		.capacity = o->queue, .retry = o->retry, .retries = o->retries,
	};
	int rc;

	n->opt = *o;
	n->opt.ca_file = xstrdup(o->ca_file ? o->ca_file : "");
	n->opt.user_agent = xstrdup(o->user_agent ? o->user_agent : "ipcamd");
	n->opt.device_id = xstrdup(o->device_id ? o->device_id : "");
	if (n->opt.snapshots < 1)
		n->opt.snapshots = 1;
	if (n->opt.snapshots > MAIL_ATTACH_MAX)
		n->opt.snapshots = MAIL_ATTACH_MAX;
	n->net.timeout = o->timeout;
	n->net.ca_file = n->opt.ca_file;
	n->net.user_agent = n->opt.user_agent;
	pthread_mutex_init(&n->lock, NULL);
	n->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	co.name = "mail";
	n->mail = notify_channel_start(&co);
	co.name = "ftp";
	n->ftp = notify_channel_start(&co);
	co.name = "webhook";
	n->web = notify_channel_start(&co);
	if (n->wake < 0 || !n->mail || !n->ftp || !n->web) {
		log_err("notify: cannot start");
		notifier_free(n);
		return NULL;
	}
	n->watch = addr_watch_open();
	rc = pthread_create(&n->thread, NULL, notify_main, n);
	if (rc) {
		log_err("notify: cannot start its thread: %s", strerror(rc));
		notifier_free(n);
		return NULL;
	}
	pthread_setname_np(n->thread, "notify");
	if (alarm && alarm_listen(alarm, alarm_listener_fn, n))
		log_warn("notify: cannot listen to the alarms");
	return n;
}

void notify_stop(struct notifier *n)
{
	if (!n)
		return;
	atomic_store(&n->stopping, true);
	wake(n);
	pthread_join(n->thread, NULL);
	notifier_free(n);
}

void notify_poke(struct notifier *n)
{
	if (!n)
		return;
	atomic_store(&n->poked, true);
	wake(n);
	/* a corrected server or password is tried at once */
	notify_channel_kick(n->mail);
	notify_channel_kick(n->ftp);
	notify_channel_kick(n->web);
}

void notify_set_port(struct notifier *n, int port)
{
	if (!n)
		return;
	/* a new port is a new address to mail */
	if (atomic_exchange(&n->port, port) != port) {
		atomic_store(&n->port_changed, true);
		wake(n);
	}
}

static void test_mail(struct notifier *n, notify_done_fn done, void *arg)
{
	struct mail_message m = { 0 };
	struct notify_job *j;
	struct notify_settings s;
	struct sbuf b;
	char when[32];
	struct tm tm;

	read_settings(&s, n->opt.device_id);
	camera_local_tm(&tm);
	stamp_text(when, sizeof(when), &tm);
	snprintf(m.subject, sizeof(m.subject), "%s: test mail", s.name);
	sbuf_init(&b);
	sbuf_printf(&b, "A test mail from the camera %s (%s), sent at %s by test_mail.cgi.\r\n",
		    s.name, n->opt.device_id, when);
	m.text = sbuf_detach(&b, NULL);
	j = mail_job_new("test mail", &m, &n->net);
	j->done = done;
	j->done_arg = arg;
	notify_channel_push(n->mail, j);
}

static void test_ftp(struct notifier *n, notify_done_fn done, void *arg)
{
	struct notify_settings s;
	struct notify_job *j;
	char name[FTP_NAME_MAX], text[160], when[32];
	struct tm tm;
	int len;

	read_settings(&s, n->opt.device_id);
	camera_local_tm(&tm);
	stamp_text(when, sizeof(when), &tm);
	snprintf(name, sizeof(name), "%s_test.txt", s.ftp_base);
	len = snprintf(text, sizeof(text), "A test upload from the camera %s (%s) at %s.\r\n",
		       s.name, n->opt.device_id, when);
	j = ftp_job_new(name, NULL, text, (size_t)len, &n->net);
	j->done = done;
	j->done_arg = arg;
	notify_channel_push(n->ftp, j);
}

int notify_test(struct notifier *n, enum notify_test what, notify_done_fn done, void *arg)
{
	if (!n)
		return -ENODEV;
	if (what == NOTIFY_TEST_MAIL) {
		if (!mail_configured())
			return -ENOENT;
		test_mail(n, done, arg);
	} else {
		if (!ftp_configured())
			return -ENOENT;
		test_ftp(n, done, arg);
	}
	return 0;
}

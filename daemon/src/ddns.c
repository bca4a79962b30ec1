// SPDX-License-Identifier: GPL-2.0-or-later
#include "ddns.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "addr_watch.h"
#include "ddns_reply.h"
#include "log.h"
#include "settings.h"
#include "util.h"

#define BACKOFF_MAX 3600	/* seconds */
#define SERVER_TROUBLE 1800	/* dyndns2: after 911 or dnserr, 30 minutes */
#define REPLY_MAX 4096		/* more than any dyndns2 reply */

struct ddns_client {
	char *url[3];
	char *user_agent;
	int retry;
	pthread_t thread;
	int wake;		/* eventfd: a poke or the stop */
	atomic_bool stopping;
	atomic_int status;
	struct addr_watch *watch;
};

/* What one update needs, copied out of the settings. */
struct ddns_job {
	const struct ddns_provider *p;
	char user[64];
	char pwd[64];
	char host[64];
	char proxy[64];
	long proxy_port;
};

static void job_wipe(struct ddns_job *j)
{
	secret_wipe(j->pwd, sizeof(j->pwd));
}

/* False when DDNS is off or not set up (no provider, host or user). */
static bool job_from_settings(struct ddns_job *j)
{
	memset(j, 0, sizeof(*j));
	settings_lock();
	j->p = ddns_provider_find(settings_int("ddns_service"));
	str_copy(j->user, sizeof(j->user), settings_str("ddns_user"));
	str_copy(j->pwd, sizeof(j->pwd), settings_str("ddns_pwd"));
	str_copy(j->host, sizeof(j->host), settings_str("ddns_host"));
	str_copy(j->proxy, sizeof(j->proxy), settings_str("ddns_proxy_svr"));
	j->proxy_port = settings_int("ddns_proxy_port");
	settings_unlock();
	return j->p && j->host[0] && j->user[0];
}

/* The reply's first REPLY_MAX bytes (a dyndns2 answer is a line; an
 * error page's status code is what counts). */
static size_t collect(char *data, size_t size, size_t n, void *arg)
{
	struct sbuf *b = arg;
	size_t room = REPLY_MAX - b->len;

	sbuf_add(b, data, size * n < room ? size * n : room);
	return size * n;
}

static int abort_on_stop(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	const struct ddns_client *d = arg;

	(void)dt, (void)dn, (void)ut, (void)un;
	return atomic_load(&d->stopping);
}

/* The update request: the provider's URL, hostname and system. */
static char *update_url(const struct ddns_client *d, CURL *c, const struct ddns_job *j)
{
	const char *base = d->url[j->p->family];
	char *host = curl_easy_escape(c, j->host, 0);
	struct sbuf b;

	sbuf_init(&b);
	sbuf_printf(&b, "%s%chostname=%s", base, strchr(base, '?') ? '&' : '?',
		    host ? host : "");
	if (j->p->system)
		sbuf_printf(&b, "&system=%s", j->p->system);
	curl_free(host);
	return sbuf_detach(&b, NULL);
}

static struct ddns_outcome ddns_update(struct ddns_client *d, const struct ddns_job *j)
{
	struct ddns_outcome o = { DDNS_ST_NO_CONNECT, DDNS_NEXT_RETRY };
	CURL *c = curl_easy_init();
	struct sbuf body;
	char *url;
	CURLcode rc;
	long code = 0;

	if (!c)
		return o;
	sbuf_init(&body);
	url = update_url(d, c, j);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	curl_easy_setopt(c, CURLOPT_USERNAME, j->user);
	curl_easy_setopt(c, CURLOPT_PASSWORD, j->pwd);
	curl_easy_setopt(c, CURLOPT_USERAGENT, d->user_agent);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, abort_on_stop);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, d);
	if (j->proxy[0] && j->proxy_port > 0) {
		curl_easy_setopt(c, CURLOPT_PROXY, j->proxy);
		curl_easy_setopt(c, CURLOPT_PROXYPORT, j->proxy_port);
	} else {
		/* never an environment's proxy: only the one the user set */
		curl_easy_setopt(c, CURLOPT_PROXY, "");
	}
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		o = ddns_classify(j->p, code, body.p, body.len);
		log_info("ddns: update of %s (%s): HTTP %ld, ddns_status %d", j->host,
			 j->p->name, code, o.status);
	} else {
		if (j->p->family == DDNS_ORAY)
			o.status = DDNS_ST_NO_CONNECT;
		log_warn("ddns: update of %s (%s): %s", j->host, j->p->name,
			 curl_easy_strerror(rc));
	}
	free(url);
	sbuf_free(&body);
	curl_easy_cleanup(c);
	return o;
}

/* When to update again after outcome O of an update to P's server (< 0:
 * only when the settings change); *BACKOFF is the next transient delay. */
static double next_update(const struct ddns_client *d, const struct ddns_provider *p,
			  const struct ddns_outcome *o, int *backoff)
{
	double now = mono_now(), at = -1;

	switch (o->next) {
	case DDNS_NEXT_REFRESH:
		at = now + p->refresh;
		*backoff = d->retry;
		break;
	case DDNS_NEXT_RETRY:
		at = now + *backoff;
		*backoff = *backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX : *backoff * 2;
		break;
	case DDNS_NEXT_RETRY_LONG:
		at = now + (*backoff > SERVER_TROUBLE ? *backoff : SERVER_TROUBLE);
		break;
	case DDNS_NEXT_STOP:
		break;
	}
	return at;
}

static void *ddns_main(void *arg)
{
	struct ddns_client *d = arg;
	double next = 0;	/* when to update; < 0: only when poked */
	double last = -1e9;	/* when the last update was sent */
	enum ddns_next then = DDNS_NEXT_REFRESH;	/* what the last reply asked */
	int backoff = d->retry;

	while (!atomic_load(&d->stopping)) {
		struct ddns_job j;
		enum watch_wake why;

		if (!job_from_settings(&j)) {
			atomic_store(&d->status, DDNS_ST_NONE);
			next = -1;
		} else if (next >= 0 && mono_now() >= next) {
			struct ddns_outcome o;

			atomic_store(&d->status, DDNS_ST_CONNECTING);
			last = mono_now();
			o = ddns_update(d, &j);
			then = o.next;
			if (atomic_load(&d->stopping)) {
				job_wipe(&j);
				break;
			}
			atomic_store(&d->status, o.status);
			next = next_update(d, j.p, &o, &backoff);
			if (o.next == DDNS_NEXT_STOP)
				log_warn("ddns: %s refused for good: no update until the settings change",
					 j.host);
		}
		job_wipe(&j);
		why = addr_watch_wait(&d->watch, d->wake, next, "ddns");
		if (why == WATCH_POKE) {
			/* new settings (or the stop): start over */
			next = 0;
			backoff = d->retry;
			then = DDNS_NEXT_REFRESH;
		} else if (why == WATCH_ADDRESS && next >= 0 && then == DDNS_NEXT_REFRESH) {
			/*
			 * Only after a success: a refusal for good stays one, and a
			 * backoff or the server's 30 minutes are not shortened.  Not
			 * sooner than ddns_retry after the last update either, so
			 * that a flapping link cannot make the camera an abuser.
			 */
			next = last + backoff;
		}
	}
	return NULL;
}

/* Free D once its thread has ended (or never started). */
static void ddns_free(struct ddns_client *d)
{
	if (d->wake >= 0)
		close(d->wake);
	addr_watch_close(d->watch);
	for (int i = 0; i < 3; i++)
		free(d->url[i]);
	free(d->user_agent);
	free(d);
}

struct ddns_client *ddns_start(const struct ddns_options *o)
{
	struct ddns_client *d = xcalloc(1, sizeof(*d));

	for (int i = 0; i < 3; i++)
		d->url[i] = xstrdup(o->url[i]);
	d->user_agent = xstrdup(o->user_agent);
	d->retry = o->retry > 0 ? o->retry : 1;
	d->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	d->watch = addr_watch_open();
	if (!d->watch)
		log_warn("ddns: no address events (netlink): updates on time and on settings only");
	if (d->wake < 0 || pthread_create(&d->thread, NULL, ddns_main, d)) {
		log_err("ddns: cannot start the client");
		ddns_free(d);
		return NULL;
	}
	pthread_setname_np(d->thread, "ddns");
	return d;
}

void ddns_poke(struct ddns_client *d)
{
	uint64_t one = 1;

	if (d && write(d->wake, &one, sizeof(one)) < 0)
		log_warn("ddns: cannot wake the client: %s", strerror(errno));
}

void ddns_stop(struct ddns_client *d)
{
	if (!d)
		return;
	atomic_store(&d->stopping, true);
	ddns_poke(d);
	pthread_join(d->thread, NULL);
	ddns_free(d);
}

int ddns_status(const struct ddns_client *d)
{
	return d ? atomic_load(&d->status) : DDNS_ST_NONE;
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include "http_conns.h"

#include <math.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "log.h"
#include "util.h"

struct http_conn {
	struct http_conn *prev, *next;
	int fd;
	unsigned char client[16];	/* client_key() of the peer */
	double since;		/* when it began to wait for its request */
	double deadline;	/* cut when still waiting then */
	bool serving;		/* headers complete: being served */
	bool cut;		/* shut down by us already */
	void *req;		/* the request context, while the table owns it */
};

struct http_conns {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t reaper;
	bool stop;
	struct http_conns_cfg cfg;
	struct http_conn *head;
	unsigned int n;
};

/*
 * Cut C: libmicrohttpd reads the end of the stream and closes it.  The
 * caller holds the table's lock, so C's socket is still C's.
 */
static void cut_locked(struct http_conn *c)
{
	if (c->cut || c->fd < 0)
		return;
	shutdown(c->fd, SHUT_RDWR);
	c->cut = true;
}

static bool waiting(const struct http_conn *c)
{
	return !c->serving && !c->cut;
}

/* Cut what is past its deadline; the next deadline, or HUGE_VAL. */
static double reap_locked(struct http_conns *t, double now)
{
	double next = HUGE_VAL;

	for (struct http_conn *c = t->head; c; c = c->next) {
		if (!waiting(c))
			continue;
		if (now >= c->deadline) {
			log_debug("a client did not send its request in time: cut");
			cut_locked(c);
		} else if (c->deadline < next) {
			next = c->deadline;
		}
	}
	return next;
}

static void *reaper_main(void *arg)
{
	struct http_conns *t = arg;

	pthread_mutex_lock(&t->lock);
	while (!t->stop) {
		double now = mono_now(), next = reap_locked(t, now);
		struct timespec ts;

		/* asleep while no connection waits (a camera idles a lot) */
		if (isinf(next)) {
			pthread_cond_wait(&t->wake, &t->lock);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &ts);
		next -= now;
		ts.tv_sec += (time_t)next;
		ts.tv_nsec += (long)((next - floor(next)) * 1e9) + 10 * 1000 * 1000;
		while (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&t->wake, &t->lock, &ts);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct http_conns *http_conns_new(const struct http_conns_cfg *cfg)
{
	struct http_conns *t = xcalloc(1, sizeof(*t));

	t->cfg = *cfg;
	pthread_mutex_init(&t->lock, NULL);
	cond_init_monotonic(&t->wake);
	if (pthread_create(&t->reaper, NULL, reaper_main, t)) {
		log_err("cannot start the request deadline thread");
		abort();
	}
	pthread_setname_np(t->reaper, "http-deadline");
	return t;
}

void http_conns_free(struct http_conns *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	pthread_join(t->reaper, NULL);
	pthread_cond_destroy(&t->wake);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static unsigned int waiting_from_locked(const struct http_conns *t, const unsigned char *client)
{
	unsigned int n = 0;

	for (const struct http_conn *c = t->head; c; c = c->next)
		if (waiting(c) && !memcmp(c->client, client, 16))
			n++;
	return n;
}

/*
 * Evict one connection still sending its request: of the client with the
 * most such connections, the one that has waited longest.  A slow client
 * that reconnects as soon as it is cut thus only ever cuts its own; a
 * newcomer with one connection is cut last.
 */
static void evict_locked(struct http_conns *t, const struct http_conn *keep)
{
	struct http_conn *victim = NULL;
	unsigned int most = 0;

	for (struct http_conn *c = t->head; c; c = c->next) {
		unsigned int n;

		if (c == keep || !waiting(c))
			continue;
		n = waiting_from_locked(t, c->client);
		if (!victim || n > most || (n == most && c->since < victim->since)) {
			victim = c;
			most = n;
		}
	}
	if (victim) {
		log_debug("%u connections: the longest-waiting of a slow client is cut", t->n);
		cut_locked(victim);
	}
}

struct http_conn *http_conn_started(struct http_conns *t, struct MHD_Connection *con)
{
	const union MHD_ConnectionInfo *fd =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
	const union MHD_ConnectionInfo *addr =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	struct http_conn *c = xcalloc(1, sizeof(*c));

	c->fd = fd ? fd->connect_fd : -1;
	client_key(addr ? addr->client_addr : NULL, c->client);
	c->since = mono_now();
	/* the first request, line and headers, within request_timeout */
	c->deadline = c->since + t->cfg.request_timeout;
	pthread_mutex_lock(&t->lock);
	c->next = t->head;
	if (t->head)
		t->head->prev = c;
	t->head = c;
	if (++t->n > t->cfg.evict_at)
		evict_locked(t, c);
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	return c;
}

void http_conn_closed(struct http_conns *t, struct http_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&t->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		t->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	t->n--;
	pthread_mutex_unlock(&t->lock);
	if (c->req)
		t->cfg.free_request(c->req);
	free(c);
}

void http_conn_request(struct http_conns *t, struct http_conn *c, void *req)
{
	double now = mono_now();
	void *old;

	pthread_mutex_lock(&t->lock);
	old = c->req;
	c->req = req;
	c->serving = false;
	/* its headers within request_timeout of the request line, and a new
	 * connection's whole request within request_timeout of the connect */
	if (c->deadline > now + t->cfg.request_timeout)
		c->deadline = now + t->cfg.request_timeout;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
	if (old)
		t->cfg.free_request(old);
}

void http_conn_refuse(struct http_conns *t, struct http_conn *c, const char *resp,
		      size_t len)
{
	pthread_mutex_lock(&t->lock);
	/* the reply is small and the socket's buffer empty: the request
	 * line was just read, and earlier replies have all gone out */
	if (!c->cut && c->fd >= 0 && len &&
	    send(c->fd, resp, len, MSG_DONTWAIT | MSG_NOSIGNAL) != (ssize_t)len)
		log_debug("a refusal could not be sent whole: the connection is cut");
	cut_locked(c);
	pthread_mutex_unlock(&t->lock);
}

void http_conn_serving(struct http_conns *t, struct http_conn *c)
{
	pthread_mutex_lock(&t->lock);
	c->serving = true;
	pthread_mutex_unlock(&t->lock);
}

void http_conn_request_done(struct http_conns *t, struct http_conn *c, void *req)
{
	pthread_mutex_lock(&t->lock);
	if (c->req == req)
		c->req = NULL;
	c->serving = false;
	/* a keep-alive connection idles up to idle_timeout for its next
	 * request line (then request_timeout runs from that line) */
	c->since = mono_now();
	c->deadline = c->since + t->cfg.idle_timeout;
	pthread_cond_signal(&t->wake);
	pthread_mutex_unlock(&t->lock);
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include "sntp.h"

#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "settings.h"
#include "util.h"

uint64_t ntp_from_unix(double t)
{
	double s = floor(t);
	uint64_t frac = (uint64_t)((t - s) * 4294967296.0);

	return ((uint64_t)(s + (double)NTP_UNIX_OFFSET) << 32) | (frac & 0xffffffffULL);
}

double unix_from_ntp(uint64_t ntp)
{
	/* era 0 only until 2036; later values wrap into era 1 */
	uint64_t sec = ntp >> 32;
	double t;

	if (sec < 0x80000000ULL)
		sec += 0x100000000ULL;	/* era 1 (after 2036-02-07) */
	t = (double)sec - (double)NTP_UNIX_OFFSET;
	return t + (double)(ntp & 0xffffffffULL) / 4294967296.0;
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

void sntp_build_request(uint8_t pkt[SNTP_PACKET], uint64_t tx)
{
	memset(pkt, 0, SNTP_PACKET);
	pkt[0] = (0 << 6) | (4 << 3) | 3;	/* LI 0, version 4, client */
	put64(pkt + 40, tx);
}

int sntp_parse_reply(const uint8_t *pkt, size_t len, uint64_t tx, double t4,
		     double *offset)
{
	int li, vn, mode, stratum;
	uint64_t orig, rx, txs;
	double t1, t2, t3;

	if (len < SNTP_PACKET)
		return -EBADMSG;
	li = pkt[0] >> 6;
	vn = (pkt[0] >> 3) & 7;
	mode = pkt[0] & 7;
	stratum = pkt[1];
	if (li == 3 || vn < 3 || vn > 4 || mode != 4 || stratum < 1 || stratum > 15)
		return -EBADMSG;
	orig = get64(pkt + 24);
	rx = get64(pkt + 32);
	txs = get64(pkt + 40);
	if (orig != tx || rx == 0 || txs == 0)
		return -EBADMSG;	/* not our request, or a bogus server */
	t1 = unix_from_ntp(tx);
	t2 = unix_from_ntp(rx);
	t3 = unix_from_ntp(txs);
	*offset = ((t2 - t1) + (t3 - t4)) / 2;
	return 0;
}

void sntp_split_server(const char *svr, char *host, size_t hostcap, char *port,
		       size_t portcap)
{
	const char *colon = strchr(svr, ':');

	if (colon && !strchr(colon + 1, ':')) {
		size_t n = (size_t)(colon - svr);

		if (n >= hostcap)
			n = hostcap - 1;
		memcpy(host, svr, n);
		host[n] = '\0';
		str_copy(port, portcap, colon + 1);
	} else {
		str_copy(host, hostcap, svr);
		str_copy(port, portcap, "123");
	}
}

static double real_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int clock_set_utc(long long now)
{
	struct timespec ts = { .tv_sec = (time_t)now, .tv_nsec = 0 };

	if (!cfg.set_clock) {
		log_info("clock not set: set_clock is off in the configuration");
		return -EPERM;
	}
	if (clock_settime(CLOCK_REALTIME, &ts) < 0) {
		int e = errno;

		log_warn("cannot set the clock: %s", strerror(e));
		return -e;
	}
	log_info("clock set to %lld", now);
	return 0;
}

/* One exchange with one address; 0 and *OFFSET, or -errno. */
static int query_addr(const struct addrinfo *ai, double *offset)
{
	uint8_t pkt[SNTP_PACKET], buf[128];
	uint64_t tx, cookie = 0;
	int fd, rc = -ETIMEDOUT;

	fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		rc = -errno;
		goto out;
	}
	/* the transmit time with random low bits: an answer must echo it */
	if (getrandom(&cookie, sizeof(cookie), 0) < 0)
		cookie = 0;
	tx = (ntp_from_unix(real_now()) & ~0xffffULL) | (cookie & 0xffffULL);
	sntp_build_request(pkt, tx);
	if (send(fd, pkt, sizeof(pkt), 0) < 0) {
		rc = -errno;
		goto out;
	}
	for (double deadline = mono_now() + 3.0;;) {
		double left = deadline - mono_now();
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (left <= 0)
			break;
		if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			rc = -errno;
			if (errno == EINTR || errno == EAGAIN)
				continue;
			break;
		}
		if (sntp_parse_reply(buf, (size_t)n, tx, real_now(), offset) == 0) {
			rc = 0;
			break;
		}
		rc = -EBADMSG;	/* keep waiting for a valid one */
	}
out:
	close(fd);
	return rc;
}

static int sync_once(const char *svr)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *res = NULL;
	char host[80], port[16];
	double offset = 0;
	int rc;

	sntp_split_server(svr, host, sizeof(host), port, sizeof(port));
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc) {
		log_warn("SNTP: cannot resolve %s: %s", host, gai_strerror(rc));
		return -EHOSTUNREACH;
	}
	rc = -EHOSTUNREACH;
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		rc = query_addr(ai, &offset);
		if (rc == 0)
			break;
	}
	freeaddrinfo(res);
	if (rc) {
		log_warn("SNTP: no answer from %s: %s", svr, strerror(-rc));
		return rc;
	}
	log_info("SNTP: %s: clock offset %+.3f s", svr, offset);
	if (fabs(offset) >= 0.5 && cfg.set_clock) {
		struct timespec ts;
		double t = real_now() + offset;

		ts.tv_sec = (time_t)floor(t);
		ts.tv_nsec = (long)((t - floor(t)) * 1e9);
		if (clock_settime(CLOCK_REALTIME, &ts) < 0)
			log_warn("SNTP: cannot set the clock: %s", strerror(errno));
		else
			log_info("SNTP: clock set");
	}
	return 0;
}

struct sntp_client {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;	/* CLOCK_MONOTONIC */
	bool stopping;
	bool poked;		/* the settings changed: synchronise now */
};

static void *sntp_main(void *arg)
{
	struct sntp_client *s = arg;
	double next = 0;

	pthread_mutex_lock(&s->lock);
	while (!s->stopping) {
		char svr[80];
		bool enabled;
		struct timespec until;
		double wait;

		if (!s->poked && mono_now() < next) {
			wait = next - mono_now();
			clock_gettime(CLOCK_MONOTONIC, &until);
			until.tv_sec += (time_t)wait;
			until.tv_nsec += (long)((wait - floor(wait)) * 1e9);
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&s->cond, &s->lock, &until);
			continue;
		}
		s->poked = false;
		pthread_mutex_unlock(&s->lock);

		settings_lock();
		enabled = settings_int("ntp_enable") != 0;
		str_copy(svr, sizeof(svr), settings_str("ntp_svr"));
		settings_unlock();
		if (enabled && svr[0])
			next = mono_now() + (sync_once(svr) ? 60 : cfg.sntp_interval);
		else
			next = mono_now() + 3600;

		pthread_mutex_lock(&s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

struct sntp_client *sntp_start(void)
{
	struct sntp_client *s = xcalloc(1, sizeof(*s));
	int rc;

	pthread_mutex_init(&s->lock, NULL);
	cond_init_monotonic(&s->cond);
	s->poked = true;
	rc = pthread_create(&s->thread, NULL, sntp_main, s);
	if (rc) {
		log_err("cannot start the SNTP thread: %s", strerror(rc));
		pthread_cond_destroy(&s->cond);
		pthread_mutex_destroy(&s->lock);
		free(s);
		return NULL;
	}
	pthread_setname_np(s->thread, "sntp");
	return s;
}

void sntp_stop(struct sntp_client *s)
{
	struct timespec until;

	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
	/*
	 * A thread stuck in name resolution is left behind, with the client
	 * it still reads: the daemon is exiting and does not wait for it.
	 */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2;
	if (pthread_timedjoin_np(s->thread, NULL, &until)) {
		pthread_detach(s->thread);
		return;
	}
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

void sntp_poke(struct sntp_client *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->poked = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

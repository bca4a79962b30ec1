// SPDX-License-Identifier: GPL-2.0
/*
 * mjpeg-viewers: many videostream.cgi viewers in one thread (epoll), cheap
 * enough that a hundred of them do not starve the camera they measure on a
 * 2-CPU board.  Used by the soak (tests/soak/) and the streaming benchmark.
 *
 *   mjpeg-viewers [-n VIEWERS] [-c CHURN] [-s SECONDS] [-w WINDOW] HOST PORT PATH
 *
 * PATH is the request target, credentials in the query as the SDK allows
 * (/videostream.cgi?user=..&pwd=..&resolution=8&rate=6).  Every part must
 * match the firmware's framing exactly: "--ipcamera", Content-Type,
 * Content-Length, a blank line, a JPEG from FFD8 to FFD9, CRLF.  A viewer
 * whose stream breaks counts as bad and reconnects.
 *
 * CHURN more connections open the stream, read the first bytes of a frame
 * and hang up with a reset, over and over: the viewers that come and go.
 *
 * Windows of WINDOW seconds start once every viewer has its first frame (or
 * 30 s after the start); for each, one line:
 *   window N t=T min=F median=F max=F frames=N bad=N churned=N
 * with the viewers' frames per second in that window.  The last line:
 *   viewers N frames N bad N churned N min-window-fps F
 * Exit status 0 when no viewer was bad, 1 otherwise, 2 on a usage error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PART_HEAD "--ipcamera\r\nContent-Type: image/jpeg\r\nContent-Length: "
#define BUF_MAX (8u << 20)	/* a part larger than this is a framing error */
#define CHURN_PAUSE 0.5		/* seconds between a churn slot's connections */

enum conn_state { ST_CONNECTING, ST_RESPONSE, ST_PART, ST_BODY };

struct conn {
	int fd;
	bool churn;		/* hangs up after the first bytes of a frame */
	enum conn_state st;
	char *buf;
	size_t len, cap;
	size_t body;		/* bytes of the current JPEG, CRLF excluded */
	double reopen_at;	/* when closed: when to connect again */
	unsigned long frames, window_frames, bad;
};

struct run {
	struct sockaddr_storage addr;
	socklen_t addrlen;
	const char *host, *path;
	int ep;
	struct conn *conns;
	int nconns;
	unsigned long churned;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void conn_close(struct run *r, struct conn *c, bool reset)
{
	if (c->fd < 0)
		return;
	if (reset) {
		struct linger lg = { .l_onoff = 1, .l_linger = 0 };

		setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	}
	epoll_ctl(r->ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
}

static int conn_open(struct run *r, struct conn *c)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = c };

	c->fd = socket(r->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	if (connect(c->fd, (struct sockaddr *)&r->addr, r->addrlen) < 0 &&
	    errno != EINPROGRESS) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	c->st = ST_CONNECTING;
	c->len = 0;
	if (epoll_ctl(r->ep, EPOLL_CTL_ADD, c->fd, &ev)) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	return 0;
}

/* The request once the connection is up (small enough for one send): 1 */
static int conn_request(struct run *r, struct conn *c)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
	char req[2048];
	int n;

	n = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n",
		     r->path, r->host);
	if (n < 0 || (size_t)n >= sizeof(req) || send(c->fd, req, n, MSG_NOSIGNAL) != n)
		return -1;
	c->st = ST_RESPONSE;
	return epoll_ctl(r->ep, EPOLL_CTL_MOD, c->fd, &ev) ? -1 : 1;
}

/*
 * Consume what the buffer holds: the response head, then parts.  Returns
 * 1 to go on reading, 0 when a churn connection is done, -1 on a framing
 * error.
 */
static int conn_parse(struct conn *c)
{
	size_t off = 0;
	int ret = 1;

	for (;;) {
		char *p = c->buf + off, *end;
		size_t left = c->len - off;

		if (c->st == ST_RESPONSE || c->st == ST_PART) {
			end = memmem(p, left, "\r\n\r\n", 4);
			if (!end) {
				if (left > 4096)
					ret = -1;
				break;
			}
			if (c->st == ST_RESPONSE) {
				if (left < 13 || memcmp(p, "HTTP/1.1 200 ", 13)) {
					ret = -1;
					break;
				}
				c->st = ST_PART;
			} else {
				char *num = p + strlen(PART_HEAD), *stop;
				unsigned long n;

				if (left < strlen(PART_HEAD) ||
				    memcmp(p, PART_HEAD, strlen(PART_HEAD))) {
					ret = -1;
					break;
				}
				n = strtoul(num, &stop, 10);
				if (stop == num || stop != end || n < 4 || n > BUF_MAX) {
					ret = -1;
					break;
				}
				c->body = n;
				c->st = ST_BODY;
			}
			off += end + 4 - p;
			continue;
		}
		/* ST_BODY: the JPEG and its CRLF */
		if (c->churn && left > 0) {
			ret = 0;
			break;
		}
		if (left < c->body + 2)
			break;
		if ((unsigned char)p[0] != 0xff || (unsigned char)p[1] != 0xd8 ||
		    (unsigned char)p[c->body - 2] != 0xff ||
		    (unsigned char)p[c->body - 1] != 0xd9 ||
		    memcmp(p + c->body, "\r\n", 2)) {
			ret = -1;
			break;
		}
		c->frames++;
		c->window_frames++;
		off += c->body + 2;
		c->st = ST_PART;
	}
	memmove(c->buf, c->buf + off, c->len - off);
	c->len -= off;
	return ret;
}

static int conn_read(struct conn *c)
{
	for (;;) {
		ssize_t n;

		if (c->cap - c->len < 65536) {
			size_t cap = c->cap ? c->cap * 2 : 262144;
			char *b;

			if (cap > BUF_MAX + 65536)
				return -1;
			b = realloc(c->buf, cap);
			if (!b)
				return -1;
			c->buf = b;
			c->cap = cap;
		}
		n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 1;
		if (n <= 0)
			return -1;	/* the camera hung up: a broken stream */
		c->len += n;
		n = conn_parse(c);
		if (n <= 0)
			return n;
	}
}

static void conn_event(struct run *r, struct conn *c, unsigned int events)
{
	int ret;

	if (c->st == ST_CONNECTING) {
		int err = 0;
		socklen_t len = sizeof(err);

		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		ret = err || (events & (EPOLLERR | EPOLLHUP)) ? -1 : conn_request(r, c);
	} else {
		ret = conn_read(c);
	}
	if (ret > 0)
		return;
	if (ret == 0) {
		r->churned++;
		conn_close(r, c, true);
	} else {
		if (!c->churn)
			c->bad++;
		conn_close(r, c, false);
	}
	/* a pause, so that a refused or churning client does not spin */
	c->reopen_at = now() + (c->churn ? CHURN_PAUSE : 0.2);
}

/* Connect again the connections whose pause is over. */
static void reopen_due(struct run *r, double t)
{
	for (int i = 0; i < r->nconns; i++) {
		struct conn *c = &r->conns[i];

		if (c->fd >= 0 || t < c->reopen_at)
			continue;
		if (conn_open(r, c)) {
			if (!c->churn)
				c->bad++;
			c->reopen_at = t + 0.2;
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One window's line; returns the slowest viewer's rate. */
static double report_window(struct run *r, int nviewers, int n, double t, double secs)
{
	double *fps = calloc(nviewers, sizeof(*fps));
	unsigned long frames = 0, bad = 0;
	double min;

	if (!fps)
		exit(1);
	for (int i = 0; i < nviewers; i++) {
		fps[i] = r->conns[i].window_frames / secs;
		frames += r->conns[i].window_frames;
		bad += r->conns[i].bad;
		r->conns[i].window_frames = 0;
	}
	qsort(fps, nviewers, sizeof(*fps), cmp_double);
	min = fps[0];
	printf("window %d t=%.0f min=%.2f median=%.2f max=%.2f frames=%lu bad=%lu churned=%lu\n",
	       n, t, min, fps[nviewers / 2], fps[nviewers - 1], frames, bad, r->churned);
	fflush(stdout);
	free(fps);
	return min;
}

static int resolve(struct run *r, const char *host, const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;

	if (getaddrinfo(host, port, &hints, &ai))
		return -1;
	memcpy(&r->addr, ai->ai_addr, ai->ai_addrlen);
	r->addrlen = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

static bool all_started(const struct run *r, int nviewers)
{
	for (int i = 0; i < nviewers; i++)
		if (!r->conns[i].frames)
			return false;
	return true;
}

int main(int argc, char **argv)
{
	int nviewers = 1, nchurn = 0, opt, nwin = 0;
	double seconds = 10, window = 60, start, win_start = 0, end, minfps = -1;
	unsigned long frames = 0, bad = 0;
	struct run r = { .ep = -1 };

	while ((opt = getopt(argc, argv, "n:c:s:w:")) != -1) {
		switch (opt) {
		case 'n':
			nviewers = atoi(optarg);
			break;
		case 'c':
			nchurn = atoi(optarg);
			break;
		case 's':
			seconds = atof(optarg);
			break;
		case 'w':
			window = atof(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 3 || nviewers < 1 || nchurn < 0 || seconds <= 0 || window <= 0)
		goto usage;
	r.host = argv[optind];
	r.path = argv[optind + 2];
	if (resolve(&r, argv[optind], argv[optind + 1])) {
		fprintf(stderr, "mjpeg-viewers: cannot resolve %s\n", argv[optind]);
		return 2;
	}
	r.ep = epoll_create1(EPOLL_CLOEXEC);
	r.nconns = nviewers + nchurn;
	r.conns = calloc(r.nconns, sizeof(*r.conns));
	if (r.ep < 0 || !r.conns)
		return 2;
	for (int i = 0; i < r.nconns; i++) {
		r.conns[i].fd = -1;
		r.conns[i].churn = i >= nviewers;
	}
	start = now();
	end = start + seconds;
	for (;;) {
		struct epoll_event evs[64];
		double t = now();
		int n;

		reopen_due(&r, t);
		if (!win_start && (all_started(&r, nviewers) || t - start > 30)) {
			win_start = t;
			for (int i = 0; i < nviewers; i++)
				r.conns[i].window_frames = 0;
		}
		if (win_start && t - win_start >= window) {
			double m = report_window(&r, nviewers, nwin++, t - start, t - win_start);

			minfps = minfps < 0 || m < minfps ? m : minfps;
			win_start = t;
		}
		if (t >= end)
			break;
		n = epoll_wait(r.ep, evs, 64, 100);
		for (int i = 0; i < n; i++)
			conn_event(&r, evs[i].data.ptr, evs[i].events);
	}
	for (int i = 0; i < r.nconns; i++) {
		if (i < nviewers) {
			frames += r.conns[i].frames;
			bad += r.conns[i].bad;
		}
		conn_close(&r, &r.conns[i], false);
		free(r.conns[i].buf);
	}
	printf("viewers %d frames %lu bad %lu churned %lu min-window-fps %.2f\n",
	       nviewers, frames, bad, r.churned, minfps < 0 ? 0 : minfps);
	free(r.conns);
	close(r.ep);
	return bad ? 1 : 0;
usage:
	fprintf(stderr, "usage: mjpeg-viewers [-n VIEWERS] [-c CHURN] [-s SECONDS] [-w WINDOW] HOST PORT PATH\n");
	return 2;
}

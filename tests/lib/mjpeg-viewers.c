// SPDX-License-Identifier: GPL-2.0
/*
 * mjpeg-viewers: many videostream.cgi viewers in one thread (epoll), cheap
 * enough that a hundred of them do not starve the camera they measure on a
 * 2-CPU board.  Used by the soak (tests/soak/) and the streaming benchmark.
 *
 *   mjpeg-viewers [-n VIEWERS] [-c CHURN] [-s SECONDS] [-w WINDOW]
 *                 [-W WARMUP] [-N WINDOWS] [-p PID] [-u] HOST PORT PATH
 *
 * PATH is the request target, credentials in the query as the SDK allows
 * (/videostream.cgi?user=..&pwd=..&resolution=8&rate=6).  Every part must
 * match the firmware's framing exactly: "--ipcamera", Content-Type,
 * Content-Length, a blank line, a JPEG from FFD8 to FFD9, CRLF.  A viewer
 * whose stream breaks counts as bad and reconnects.
 *
 * -u reads another server's multipart stream (the benchmark's uStreamer):
 * any HTTP/1.x 200 status, the boundary from the response's Content-Type,
 * and parts of "--BOUNDARY", header lines in any order that include
 * Content-Type: image/jpeg and Content-Length (others, such as
 * X-Timestamp, allowed), a blank line, a JPEG from FFD8 to FFD9, CRLF.
 *
 * CHURN more connections open the stream, read the first bytes of a frame
 * and hang up with a reset, over and over: the viewers that come and go.
 *
 * Windows of WINDOW seconds start WARMUP seconds (default 0) after every
 * viewer has its first frame (or 30 s after the start: then a line
 * "unstarted N connecting=N response=N part=N body=N" says where those
 * without a frame are); for each window, one line:
 *   window N t=T min=F median=F max=F frames=N bad=N churned=N [cpu=S secs=S]
 * with the viewers' frames per second in that window; with -p, cpu= is the
 * CPU time (user + system, seconds) process PID used in that same window,
 * read from /proc/PID/stat at its two ends (the benchmark's measure of the
 * server), and secs= the window's exact length.  The run ends after
 * SECONDS, or after WINDOWS windows.  The last line:
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
#include <strings.h>
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
	bool any_framing;	/* -u: boundary from the response, any part headers */
	char boundary[80];	/* -u: "--" and the response's boundary */
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

/* The header line NAME's value in [p, end), or NULL (names match case-insensitively). */
static const char *header_value(const char *p, const char *end, const char *name, size_t *len)
{
	size_t n = strlen(name);

	while (p < end) {
		const char *eol = memmem(p, end - p, "\r\n", 2);

		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > n && !strncasecmp(p, name, n) && p[n] == ':') {
			const char *v = p + n + 1;

			while (v < eol && *v == ' ')
				v++;
			*len = eol - v;
			return v;
		}
		p = eol + 2;
	}
	return NULL;
}

/*
 * -u: the response head [p, end): an HTTP/1.x 200 status and a multipart
 * Content-Type whose boundary every viewer must agree on.  0 or -1.
 */
static int parse_response_any(struct run *r, const char *p, const char *end)
{
	const char *v, *b;
	size_t len;
	char bnd[sizeof(r->boundary)];

	if (end - p < 13 || memcmp(p, "HTTP/1.", 7) || memcmp(p + 8, " 200 ", 5))
		return -1;
	v = header_value(p, end, "Content-Type", &len);
	if (!v || len < 26 || strncasecmp(v, "multipart/x-mixed-replace", 25))
		return -1;
	b = memmem(v, len, "boundary=", 9);
	if (!b)
		return -1;
	b += 9;
	len -= b - v;
	if (len < 1 || len + 3 > sizeof(bnd))
		return -1;
	snprintf(bnd, sizeof(bnd), "--%.*s", (int)len, b);
	if (!r->boundary[0])
		memcpy(r->boundary, bnd, sizeof(bnd));
	return strcmp(r->boundary, bnd) ? -1 : 0;
}

/* -u: a part's head [p, end): the boundary line, an image/jpeg and its length. */
static int parse_part_any(struct run *r, struct conn *c, const char *p, const char *end)
{
	size_t blen = strlen(r->boundary), len;
	const char *v;
	char num[24], *stop;
	unsigned long n;

	if ((size_t)(end - p) < blen + 2 || memcmp(p, r->boundary, blen) ||
	    memcmp(p + blen, "\r\n", 2))
		return -1;
	p += blen + 2;
	v = header_value(p, end, "Content-Type", &len);
	if (!v || len != 10 || strncasecmp(v, "image/jpeg", 10))
		return -1;
	v = header_value(p, end, "Content-Length", &len);
	if (!v || len < 1 || len >= sizeof(num))
		return -1;
	memcpy(num, v, len);
	num[len] = 0;
	n = strtoul(num, &stop, 10);
	if (*stop || n < 4 || n > BUF_MAX)
		return -1;
	c->body = n;
	return 0;
}

/*
 * Consume what the buffer holds: the response head, then parts.  Returns
 * 1 to go on reading, 0 when a churn connection is done, -1 on a framing
 * error.
 */
static int conn_parse(struct run *r, struct conn *c)
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
			if (r->any_framing) {
				if (c->st == ST_RESPONSE ? parse_response_any(r, p, end) :
				    parse_part_any(r, c, p, end)) {
					ret = -1;
					break;
				}
				c->st = c->st == ST_RESPONSE ? ST_PART : ST_BODY;
			} else if (c->st == ST_RESPONSE) {
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

static int conn_read(struct run *r, struct conn *c)
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
		n = conn_parse(r, c);
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
		ret = conn_read(r, c);
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

/* utime + stime of PID in seconds (fields 14 and 15 of /proc/PID/stat), or -1. */
static double proc_cpu(int pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut, st;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');	/* the command name may hold spaces */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / sysconf(_SC_CLK_TCK);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One window's line; returns the slowest viewer's rate. */
static double report_window(struct run *r, int nviewers, int n, double t, double secs,
			    double cpu)
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
	printf("window %d t=%.0f min=%.2f median=%.2f max=%.2f frames=%lu bad=%lu churned=%lu",
	       n, t, min, fps[nviewers / 2], fps[nviewers - 1], frames, bad, r->churned);
	if (cpu >= 0)
		printf(" cpu=%.2f secs=%.2f", cpu, secs);
	putchar('\n');
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

/*
 * When the windows start without every viewer (after 30 s), one line says
 * where those without a frame are:
 *   unstarted N connecting=N response=N part=N body=N
 * (connecting: no TCP connection yet; response: connected, no response
 * head; part, body: a response, but no whole frame).
 */
static void report_unstarted(const struct run *r, int nviewers)
{
	int n[4] = { 0 }, total = 0;

	for (int i = 0; i < nviewers; i++) {
		const struct conn *c = &r->conns[i];

		if (c->frames)
			continue;
		total++;
		n[c->fd < 0 ? ST_CONNECTING : c->st]++;
	}
	if (total)
		printf("unstarted %d connecting=%d response=%d part=%d body=%d\n", total,
		       n[ST_CONNECTING], n[ST_RESPONSE], n[ST_PART], n[ST_BODY]);
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
	int nviewers = 1, nchurn = 0, opt, nwin = 0, max_windows = 0, pid = 0;
	double seconds = 10, window = 60, warmup = 0, start, win_start = 0, end, minfps = -1;
	double cpu_start = -1;
	bool started = false, windowing = false;
	unsigned long frames = 0, bad = 0;
	struct run r = { .ep = -1 };

	while ((opt = getopt(argc, argv, "n:c:s:w:W:N:p:u")) != -1) {
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
		case 'W':
			warmup = atof(optarg);
			break;
		case 'N':
			max_windows = atoi(optarg);
			break;
		case 'p':
			pid = atoi(optarg);
			break;
		case 'u':
			r.any_framing = true;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 3 || nviewers < 1 || nchurn < 0 || seconds <= 0 || window <= 0 ||
	    warmup < 0 || max_windows < 0 || pid < 0)
		goto usage;
	if (pid && proc_cpu(pid) < 0) {
		fprintf(stderr, "mjpeg-viewers: cannot read /proc/%d/stat\n", pid);
		return 2;
	}
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
		if (!started && (all_started(&r, nviewers) || t - start > 30)) {
			started = true;
			win_start = t + warmup;
			report_unstarted(&r, nviewers);
		}
		if (started && !windowing && t >= win_start) {
			/* the first window starts now, after the warm-up */
			windowing = true;
			win_start = t;
			for (int i = 0; i < nviewers; i++)
				r.conns[i].window_frames = 0;
			cpu_start = pid ? proc_cpu(pid) : -1;
		}
		if (windowing && t - win_start >= window) {
			double cpu = pid ? proc_cpu(pid) : -1;
			double m = report_window(&r, nviewers, nwin++, t - start, t - win_start,
						 cpu >= 0 && cpu_start >= 0 ? cpu - cpu_start : -1);

			minfps = minfps < 0 || m < minfps ? m : minfps;
			win_start = t;
			cpu_start = cpu;
			if (max_windows && nwin >= max_windows)
				break;
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
	fprintf(stderr, "usage: mjpeg-viewers [-n VIEWERS] [-c CHURN] [-s SECONDS] [-w WINDOW]\n"
		"                     [-W WARMUP] [-N WINDOWS] [-p PID] [-u] HOST PORT PATH\n");
	return 2;
}

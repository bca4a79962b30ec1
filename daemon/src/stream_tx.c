// SPDX-License-Identifier: GPL-2.0-or-later
#include "stream_tx.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

struct tx_stream {
	struct tx_stream *next;
	int fd;
	void *ctx;
	struct iovec iov[STREAM_TX_IOV];	/* what remains of the part */
	int niov;				/* > 0 while a part is out */
	double progress;			/* when bytes last went */
	bool want_out;				/* epoll waits for room */
	bool writable;				/* epoll said there is room */
	bool gone;				/* the peer went */
};

struct stream_tx {
	const struct stream_tx_ops *ops;
	double stall;
	int epfd;
	int kickfd;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* under lock */
	struct tx_stream *incoming;		/* added, not yet the thread's */
	unsigned int count;
	bool end_all;
	bool stop;
	/* the thread's own */
	struct tx_stream *streams;
};

static void kick_fd(int fd)
{
	uint64_t one = 1;

	/* a full counter is already a kick */
	if (write(fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		log_warn("media: cannot wake the stream sender: %s", strerror(errno));
}

static void set_events(struct stream_tx *tx, struct tx_stream *s, bool out, int op)
{
	struct epoll_event ev = { .events = EPOLLRDHUP | (out ? EPOLLOUT : 0), .data.ptr = s };

	if (epoll_ctl(tx->epfd, op, s->fd, &ev) && op == EPOLL_CTL_ADD)
		s->gone = true;		/* not a socket epoll takes: end it */
	s->want_out = out;
}

/* The stream is over: hand it back and forget it. */
static void finish(struct stream_tx *tx, struct tx_stream *s, bool broken)
{
	epoll_ctl(tx->epfd, EPOLL_CTL_DEL, s->fd, NULL);
	if (s->niov)
		tx->ops->done(s->ctx);
	tx->ops->ended(s->ctx, broken);
	pthread_mutex_lock(&tx->lock);
	tx->count--;
	pthread_cond_broadcast(&tx->cond);
	pthread_mutex_unlock(&tx->lock);
	free(s);
}

/* Send what remains of the part: false when the peer has gone. */
static bool flush(struct stream_tx *tx, struct tx_stream *s, double now)
{
	while (s->niov) {
		struct msghdr msg = { .msg_iov = s->iov, .msg_iovlen = (size_t)s->niov };
		ssize_t n = sendmsg(s->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			s->writable = false;
			if (!s->want_out)
				set_events(tx, s, true, EPOLL_CTL_MOD);
			return true;
		}
		if (n <= 0)
			return false;
		s->progress = now;
		/* drop what went */
		while (n > 0 && s->niov) {
			size_t c = (size_t)n < s->iov[0].iov_len ? (size_t)n : s->iov[0].iov_len;

			s->iov[0].iov_base = (uint8_t *)s->iov[0].iov_base + c;
			s->iov[0].iov_len -= c;
			n -= (ssize_t)c;
			if (!s->iov[0].iov_len) {
				memmove(s->iov, s->iov + 1, sizeof(s->iov[0]) * (size_t)(s->niov - 1));
				s->niov--;
			}
		}
	}
	tx->ops->done(s->ctx);
	if (s->want_out)
		set_events(tx, s, false, EPOLL_CTL_MOD);
	return true;
}

/* Serve S: finish its part, take the next while one is due. */
static bool serve(struct stream_tx *tx, struct tx_stream *s, bool kicked, double now)
{
	if (s->gone)
		return false;
	if (s->niov) {
		if (!s->writable)
			return now - s->progress < tx->stall;
		if (!flush(tx, s, now))
			return false;
		if (s->niov)
			return true;
		kicked = true;		/* the part is out: the next may be due */
	}
	while (kicked && !s->niov) {
		int n = tx->ops->next(s->ctx, s->iov);

		if (n <= 0)
			return n == 0;
		s->niov = n;
		s->writable = true;
		s->progress = now;
		if (!flush(tx, s, now))
			return false;
	}
	return true;
}

/* Take the new streams; true when all are to end. */
static bool take_incoming(struct stream_tx *tx)
{
	struct tx_stream *in;
	bool end;

	pthread_mutex_lock(&tx->lock);
	in = tx->incoming;
	tx->incoming = NULL;
	end = tx->end_all || tx->stop;
	pthread_mutex_unlock(&tx->lock);
	while (in) {
		struct tx_stream *s = in;

		in = in->next;
		s->next = tx->streams;
		tx->streams = s;
		set_events(tx, s, false, EPOLL_CTL_ADD);
	}
	return end;
}

static void *tx_thread(void *arg)
{
	struct stream_tx *tx = arg;
	struct epoll_event ev[64];

	for (;;) {
		int n = epoll_wait(tx->epfd, ev, 64, 1000);
		bool kicked = false, end;
		double now = mono_now();

		for (int i = 0; i < n; i++) {
			struct tx_stream *s = ev[i].data.ptr;

			if (!s) {
				uint64_t v;

				kicked = read(tx->kickfd, &v, sizeof(v)) > 0 || kicked;
				continue;
			}
			if (ev[i].events & (EPOLLERR | EPOLLHUP | EPOLLRDHUP))
				s->gone = true;
			else if (ev[i].events & EPOLLOUT)
				s->writable = true;
		}
		end = take_incoming(tx);
		for (struct tx_stream **p = &tx->streams; *p;) {
			struct tx_stream *s = *p;

			if (!end && serve(tx, s, kicked, now)) {
				p = &s->next;
				continue;
			}
			*p = s->next;
			finish(tx, s, !end && (s->gone || s->niov));
		}
		pthread_mutex_lock(&tx->lock);
		if (end && !tx->incoming) {
			tx->end_all = false;
			pthread_cond_broadcast(&tx->cond);
			if (tx->stop) {
				pthread_mutex_unlock(&tx->lock);
				return NULL;
			}
		}
		pthread_mutex_unlock(&tx->lock);
	}
}

struct stream_tx *stream_tx_new(const struct stream_tx_ops *ops, double stall)
{
	struct stream_tx *tx = xcalloc(1, sizeof(*tx));
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = NULL };

	tx->ops = ops;
	tx->stall = stall;
	tx->epfd = epoll_create1(EPOLL_CLOEXEC);
	tx->kickfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (tx->epfd < 0 || tx->kickfd < 0 || epoll_ctl(tx->epfd, EPOLL_CTL_ADD, tx->kickfd, &ev)) {
		log_err("media: cannot make the stream sender: %s", strerror(errno));
		abort();
	}
	pthread_mutex_init(&tx->lock, NULL);
	pthread_cond_init(&tx->cond, NULL);
	if (pthread_create(&tx->thread, NULL, tx_thread, tx)) {
		log_err("media: cannot start the stream sender");
		abort();
	}
	pthread_setname_np(tx->thread, "stream-tx");
	return tx;
}

void stream_tx_free(struct stream_tx *tx)
{
	if (!tx)
		return;
	pthread_mutex_lock(&tx->lock);
	tx->stop = true;
	pthread_mutex_unlock(&tx->lock);
	kick_fd(tx->kickfd);
	pthread_join(tx->thread, NULL);
	close(tx->kickfd);
	close(tx->epfd);
	pthread_cond_destroy(&tx->cond);
	pthread_mutex_destroy(&tx->lock);
	free(tx);
}

void stream_tx_add(struct stream_tx *tx, int fd, void *ctx)
{
	struct tx_stream *s = xcalloc(1, sizeof(*s));

	s->fd = fd;
	s->ctx = ctx;
	pthread_mutex_lock(&tx->lock);
	s->next = tx->incoming;
	tx->incoming = s;
	tx->count++;
	pthread_mutex_unlock(&tx->lock);
	kick_fd(tx->kickfd);
}

void stream_tx_kick(struct stream_tx *tx)
{
	kick_fd(tx->kickfd);
}

void stream_tx_end_all(struct stream_tx *tx)
{
	pthread_mutex_lock(&tx->lock);
	tx->end_all = true;
	kick_fd(tx->kickfd);
	while (tx->count)
		pthread_cond_wait(&tx->cond, &tx->lock);
	pthread_mutex_unlock(&tx->lock);
}

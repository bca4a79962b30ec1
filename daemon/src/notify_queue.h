/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A notification channel: one server kind (mail, FTP, webhook), one
 * thread, one bounded FIFO of jobs.  A job that fails for a reason that
 * may pass (no connection, a timeout, a 4xx reply) stays at the head and
 * is tried again after a doubling backoff, at most `retries` times; the
 * jobs behind it wait, since they go to the same server.  A full queue
 * drops its oldest job (logged), so a dead server holds a bounded amount
 * of memory.  A test job (test_mail.cgi, test_ftp.cgi) goes to the front,
 * is tried once and reports to its caller.
 *
 * Each channel has its own thread so that a stalled mail server does not
 * hold back the FTP uploads, and none of it runs on the HTTP thread or
 * the capture.
 */
#ifndef IPCAMD_NOTIFY_QUEUE_H
#define IPCAMD_NOTIFY_QUEUE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct notify_channel;

/* What a job's run() returns. */
enum notify_result {
	NOTIFY_DONE = 0,	/* delivered */
	NOTIFY_RETRY,		/* failed, may pass: try again later */
	NOTIFY_FAILED,		/* failed for good (not set up, refused) */
};

struct notify_job;

struct notify_job_ops {
	/*
	 * Deliver.  STOP is set when the daemon stops: a transfer in flight
	 * aborts.  ERR gets a sentence for the caller ("cannot connect to
	 * the server"), never a secret.
	 */
	enum notify_result (*run)(struct notify_job *j, const atomic_bool *stop, char *err,
				  size_t errcap);
	void (*free)(struct notify_job *j);
};

/* Called once with the outcome of a test job: ok, or ERR. */
typedef void (*notify_done_fn)(void *arg, bool ok, const char *err);

struct notify_job {
	const struct notify_job_ops *ops;
	char what[64];		/* for the log: "alarm mail", "upload x.jpg" */
	/* the channel's */
	int attempts;
	double not_before;	/* mono_now() of the next try */
	notify_done_fn done;	/* a test job: tried once, reported here */
	void *done_arg;
	struct notify_job *next;
};

struct notify_channel_options {
	const char *name;	/* "mail", "ftp", "webhook": the thread and the log */
	int capacity;		/* jobs queued at most */
	int retry;		/* first backoff, seconds (doubles up to 10 minutes) */
	int retries;		/* tries after the first failure */
};

/* NULL when the thread cannot start (logged). */
struct notify_channel *notify_channel_start(const struct notify_channel_options *o);
/* Abort the job in flight, drop the rest (a test job is told), free. */
void notify_channel_stop(struct notify_channel *ch);
/* Queue J (the channel owns it from now on). */
void notify_channel_push(struct notify_channel *ch, struct notify_job *j);
/* The settings changed: a job waiting out a backoff is tried again now. */
void notify_channel_kick(struct notify_channel *ch);
/* Jobs waiting or in flight (tests, logs). */
int notify_channel_pending(struct notify_channel *ch);

/* The backoff before try N+1 (N >= 1) of a channel with first backoff FIRST. */
double notify_backoff(int first, int n);

#endif

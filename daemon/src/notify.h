/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The notifier: what the camera sends out.  Its own thread turns alarms,
 * timers and address changes into jobs for three channels (notify_queue.h),
 * each with a thread of its own:
 *   - on an alarm that begins: a mail with snapshots (alarm_mail; at most
 *     one per mail_interval seconds), the webhook (alarm_http), and while
 *     the alarm lasts a snapshot every alarm_upload_interval seconds to
 *     the FTP server;
 *   - every ftp_upload_interval seconds, a snapshot to the FTP server,
 *     inside the FTP schedule when it is enabled;
 *   - with mail_inet_ip, a mail with the camera's addresses when the
 *     daemon starts and whenever they change;
 *   - test_mail.cgi and test_ftp.cgi.
 * Snapshots are taken here (media_snapshot), never on the HTTP thread or
 * the capture, and shared by reference with the jobs that send them.
 */
#ifndef IPCAMD_NOTIFY_H
#define IPCAMD_NOTIFY_H

#include "notify_queue.h"

struct alarm_engine;
struct media;
struct notifier;

struct notify_options {
	int timeout;		/* seconds: connect, or silence mid-transfer */
	int retry;		/* first backoff, seconds */
	int retries;		/* tries after the first failure */
	int queue;		/* jobs a channel holds */
	int mail_interval;	/* seconds between two alarm mails */
	int snapshots;		/* JPEGs in an alarm mail, one a second */
	const char *ca_file;	/* trusted besides the system's store; "" none */
	const char *user_agent;
	const char *device_id;
	struct media *media;	/* where the snapshots come from (http_media.h) */
};

/* Start the notifier, listening to ALARM (may be NULL).  NULL on failure. */
struct notifier *notify_start(const struct notify_options *o, struct alarm_engine *alarm);
/* Abort what is in flight, drop what waits, free.  After alarm_stop(). */
void notify_stop(struct notifier *n);
/* The notification settings changed. */
void notify_poke(struct notifier *n);
/* The HTTP port, for the address mail. */
void notify_set_port(struct notifier *n, int port);

enum notify_test {
	NOTIFY_TEST_MAIL,
	NOTIFY_TEST_FTP,
};

/*
 * Send a test mail or upload a test file with the stored settings; DONE
 * gets the outcome on a channel's thread.  0 when queued; -ENOENT when
 * the settings name no server (DONE is not called); -ENODEV without N.
 */
int notify_test(struct notifier *n, enum notify_test what, notify_done_fn done, void *arg);

#endif

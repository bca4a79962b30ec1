/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Mail through the set_mail.cgi server (libcurl's SMTP): plain SMTP, TLS
 * from the first byte or STARTTLS (mail_tls 0 / 1 / 2: cgi-protocol.md
 * leaves the numbering open; this is the later firmware's, README
 * "Notifications"), AUTH when mail_user is set, to receivers 1..4, with
 * JPEG snapshots attached.  The settings are read at each try, so a
 * corrected password is used by the retry of a mail that failed.
 */
#ifndef IPCAMD_NOTIFY_MAIL_H
#define IPCAMD_NOTIFY_MAIL_H

#include <stdbool.h>

#include "notify_curl.h"
#include "notify_queue.h"

enum mail_tls {
	MAIL_TLS_NONE = 0,
	MAIL_TLS_IMPLICIT = 1,	/* smtps://, port 465 by default */
	MAIL_TLS_STARTTLS = 2,	/* smtp:// then STARTTLS, which must succeed */
};

#define MAIL_ATTACH_MAX 8

struct frame;

/* What a mail says: the subject and text, and up to MAIL_ATTACH_MAX JPEGs. */
struct mail_message {
	char subject[128];
	char *text;				/* owned */
	int nattach;
	struct frame *attach[MAIL_ATTACH_MAX];	/* one reference each */
	char attach_name[MAIL_ATTACH_MAX][80];
};

/* Whether the settings name a server, a sender and at least one receiver. */
bool mail_configured(void);

/*
 * A job that sends M (which it takes over: text and references) with the
 * mail settings of the moment; NET outlives the job.
 */
struct notify_job *mail_job_new(const char *what, struct mail_message *m,
				const struct notify_net *net);

/* Free M's text and references (a message that was never queued). */
void mail_message_clear(struct mail_message *m);

#endif

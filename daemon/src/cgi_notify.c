// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_mail.cgi and test_ftp.cgi (administrator): a test mail to the
 * receivers, or a test file to the FTP server, with the stored settings.
 * The answer waits for the server (the connection is suspended, the HTTP
 * thread serves on): "ok." or "error: " and what failed.
 */
#include <errno.h>
#include <stdio.h>

#include "cgi.h"
#include "http_defer.h"
#include "log.h"
#include "notify.h"
#include "services.h"

static void test_done(void *arg, bool ok, const char *err)
{
	char body[200];

	if (ok)
		snprintf(body, sizeof(body), "%s", REPLY_OK_BODY);
	else
		snprintf(body, sizeof(body), "error: %s.", err);
	defer_reply(arg, body);
}

static enum after_reply run_test(const struct request *rq, struct reply *r,
				 enum notify_test what)
{
	struct notifier *n = rq->svc ? rq->svc->notify : NULL;
	struct http_defer *d = defer_take(rq->defer);
	int rc = notify_test(n, what, test_done, d);

	if (rc == -ENOENT)
		defer_reply(d, what == NOTIFY_TEST_MAIL ?
			    "error: mail is not set up (a server, the sender and a receiver)." :
			    "error: FTP is not set up (no server).");
	else if (rc)
		defer_reply(d, "error: notifications are not running.");
	else
		log_info("%s by %s", rq->path, rq->user);
	(void)r;
	return AFTER_NOTHING;
}

enum after_reply cgi_test_mail(const struct request *rq, struct reply *r)
{
	return run_test(rq, r, NOTIFY_TEST_MAIL);
}

enum after_reply cgi_test_ftp(const struct request *rq, struct reply *r)
{
	return run_test(rq, r, NOTIFY_TEST_FTP);
}

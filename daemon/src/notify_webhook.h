/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The alarm's HTTP request (alarm_http, alarm_http_url): a GET of the URL
 * when an alarm begins (cgi-protocol.md), http or https only, no
 * redirects followed; a reply of 400 or more is a failure (a 5xx is tried
 * again).  The URL is the one stored when the alarm began.
 */
#ifndef IPCAMD_NOTIFY_WEBHOOK_H
#define IPCAMD_NOTIFY_WEBHOOK_H

#include "notify_curl.h"
#include "notify_queue.h"

struct notify_job *webhook_job_new(const char *url, const struct notify_net *net);

#endif

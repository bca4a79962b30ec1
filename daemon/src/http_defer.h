/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A CGI answered later by a background thread (test_mail.cgi,
 * test_ftp.cgi wait for a server): the HTTP thread suspends the
 * connection (libmicrohttpd) and serves the others; the worker's answer
 * resumes it.  A deferral is shared by the request and the worker, and
 * freed by the last of them.  When the server stops, every deferral still
 * waiting, and any that comes until it is reopened, is answered at once
 * and resumed: MHD_stop_daemon must find no connection suspended (it then
 * closes them, mostly before the answer goes out).  A worker's later
 * answer is dropped.
 */
#ifndef IPCAMD_HTTP_DEFER_H
#define IPCAMD_HTTP_DEFER_H

#include <microhttpd.h>
#include <stdbool.h>

struct http_defer;
struct defer_set;

struct defer_set *defer_set_new(void);
/* Answer every deferral still waiting with BODY, and those to come with
 * REPLY_RESTARTING until defer_set_reopen(). */
void defer_set_quiesce(struct defer_set *s, const char *body);
void defer_set_reopen(struct defer_set *s);
/* After the last connection has closed. */
void defer_set_free(struct defer_set *s);

/* The HTTP thread: a deferral for the request on CON (one reference). */
struct http_defer *defer_new(struct defer_set *s, struct MHD_Connection *con);
/* Whether the CGI took it (it will be answered by a worker). */
bool defer_taken(const struct http_defer *d);
/* Suspend CON until the answer; false when it is already in. */
bool defer_park(struct http_defer *d);
/* The answer, once defer_park() said false or the connection resumed. */
const char *defer_answer(const struct http_defer *d);
/* Drop the request's reference (the request completed). */
void defer_put(struct http_defer *d);

/* The CGI: hand D to a worker (takes a reference for it). */
struct http_defer *defer_take(struct http_defer *d);
/* The worker: answer with BODY, resume the connection, drop its
 * reference.  False when the request had its answer already (the server
 * quiesced it): BODY is dropped. */
bool defer_reply(struct http_defer *d, const char *body);

#endif

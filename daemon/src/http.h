/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HTTP side: GNU libmicrohttpd in its internal epoll thread, bounded
 * (connection memory, idle timeout, a deadline for each request,
 * connections in all and per client: http_conns.h), requests dispatched by
 * exact path after our own strict decoding of the raw request target, and
 * logins throttled (login_throttle.h).
 */
#ifndef IPCAMD_HTTP_H
#define IPCAMD_HTTP_H

#include <stdbool.h>
#include <stddef.h>

/* Actions the main loop performs once a reply has gone out. */
#define HTTP_ACT_REBOOT		1U
#define HTTP_ACT_LISTENER	2U
#define HTTP_ACT_UPGRADE	4U	/* an upgrade was answered */

struct http_server;
struct services;

/* Listen on PORT (cfg.listen) and serve, the requests reaching SVC (kept,
 * not owned; may be NULL); NULL on failure. */
struct http_server *http_start(int port, const struct services *svc);
/* The port it listens on. */
int http_port(const struct http_server *srv);
/* Move to PORT; on failure keep serving on the old one.  0 or -1. */
int http_move(struct http_server *srv, int port);
/* Stop serving and free SRV (NULL is fine). */
void http_stop(struct http_server *srv);
/* True when PORT could be listened on now (or is the current port). */
bool http_port_available(const struct http_server *srv, int port);

/* fd that becomes readable when actions are pending; take them. */
int http_event_fd(const struct http_server *srv);
/* From any thread: wake the main loop with HTTP_ACT_UPGRADE (CLS: the
 * server; upgrade_set_wake()). */
void http_wake_upgrade(void *cls);
unsigned int http_take_actions(struct http_server *srv);

/* Strict percent-decoding of a request path: -1 for a bad escape or a
 * NUL, else the decoded length (OUT holds LEN + 1 bytes). */
long http_decode_path(const char *in, size_t len, char *out);

#endif

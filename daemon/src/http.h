/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The HTTP side: GNU libmicrohttpd in its internal epoll thread, bounded
 * (connection memory, idle timeout, connections in all and per client),
 * requests dispatched by exact path after our own strict decoding of the
 * raw request target.
 */
#ifndef IPCAMD_HTTP_H
#define IPCAMD_HTTP_H

#include <stdbool.h>
#include <stddef.h>

/* Actions the main loop performs once a reply has gone out. */
#define HTTP_ACT_REBOOT		1U
#define HTTP_ACT_LISTENER	2U

/* Listen on PORT (cfg.listen) and serve.  0 or -1. */
int http_start(int port);
/* Move to PORT; on failure keep serving on the old one.  0 or -1. */
int http_move(int port);
void http_stop(void);
/* True when PORT could be listened on now (or is the current port). */
bool http_port_available(int port);
int http_port(void);

/* fd that becomes readable when actions are pending; take them. */
int http_event_fd(void);
unsigned int http_take_actions(void);

/* Strict percent-decoding of a request path: -1 for a bad escape or a
 * NUL, else the decoded length (OUT holds LEN + 1 bytes). */
long http_decode_path(const char *in, size_t len, char *out);

#endif

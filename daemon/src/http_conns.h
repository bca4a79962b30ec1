/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every open HTTP connection, from libmicrohttpd's connection callbacks:
 *
 * - it owns the request context of the request in progress, so that the
 *   context is freed when the connection closes even when libmicrohttpd
 *   ends the request without ever calling the handler or the completion
 *   callback (a request line it cannot parse, for one);
 * - a client has a deadline for its whole request, not only an idle
 *   timeout: request_timeout for the first request of a connection from
 *   the connect, for a later one from its request line; a keep-alive
 *   connection idles up to idle_timeout for that line.  A client that
 *   trickles its headers a byte at a time is cut off at the deadline;
 * - when the connections near the limit, a new one evicts a connection
 *   still sending its request: the longest-waiting of the client with the
 *   most of them, so that slow clients cannot hold every slot and starve
 *   the others, and cut their own connections rather than a newcomer's.
 *   Requests being served (streams included) are never evicted.
 *
 * A connection is cut by shutting its socket down: libmicrohttpd sees
 * the end of the stream and closes it in its own thread.  The socket is
 * shut down with the table's lock held, and libmicrohttpd reports the
 * close (MHD_CONNECTION_NOTIFY_CLOSED, which takes the lock) before it
 * closes the socket (MHD_cleanup_connections() in 0.9.75), so the
 * descriptor is never one that has been reused.
 */
#ifndef IPCAMD_HTTP_CONNS_H
#define IPCAMD_HTTP_CONNS_H

#include <stdbool.h>
#include <stddef.h>

struct MHD_Connection;
struct http_conns;
struct http_conn;

struct http_conns_cfg {
	double request_timeout;		/* seconds for a whole request */
	double idle_timeout;		/* keep-alive: seconds to the next one */
	unsigned int evict_at;		/* connections before evicting */
	void (*free_request)(void *req);	/* frees a request context */
};

struct http_conns *http_conns_new(const struct http_conns_cfg *cfg);
/* After the HTTP daemon has stopped (every connection closed). */
void http_conns_free(struct http_conns *t);

/* libmicrohttpd's MHD_CONNECTION_NOTIFY_STARTED and _CLOSED. */
struct http_conn *http_conn_started(struct http_conns *t, struct MHD_Connection *con);
void http_conn_closed(struct http_conns *t, struct http_conn *c);

/* The connection's request line has arrived: C owns REQ from now on
 * (a request context left over from an earlier request is freed). */
void http_conn_request(struct http_conns *t, struct http_conn *c, void *req);
/* Answer the request with the complete HTTP response RESP[0..LEN) and
 * cut the connection (for what libmicrohttpd cannot answer itself). */
void http_conn_refuse(struct http_conns *t, struct http_conn *c, const char *resp,
		      size_t len);
/* Its headers are complete: the request is being served. */
void http_conn_serving(struct http_conns *t, struct http_conn *c);
/* The request is over: REQ is the caller's to free again; the deadline of
 * the next request on the connection starts now. */
void http_conn_request_done(struct http_conns *t, struct http_conn *c, void *req);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a CGI answers, independent of the HTTP library: status, content
 * type, body and the few headers the protocol needs.  http.c turns it into
 * a libmicrohttpd response; the unit tests compare it byte for byte.
 */
#ifndef IPCAMD_REPLY_H
#define IPCAMD_REPLY_H

#include <stddef.h>

#include "util.h"

#define REPLY_OK_BODY "ok.\n"
#define REPLY_ILLEGAL_BODY "error: illegal params."
#define REPLY_BAD_FRAME_BODY "error: illegal http frame."
#define REPLY_UNAVAILABLE_CAMERA "error: camera unavailable."
#define REPLY_UNAVAILABLE_SERIAL "error: serial port unavailable."
#define REPLY_DEVICE_ERROR "error: device failure."
#define REPLY_TOO_MANY_PARAMS "error: too many parameters."
#define REPLY_RESTARTING "error: the camera is restarting."

#define CT_TEXT "text/plain"
#define CT_HTML "text/html"

enum reply_kind {
	RK_BODY,		/* status + body */
	RK_UNAUTHORIZED,	/* 401 + WWW-Authenticate */
	RK_REDIRECT,		/* 302 to location */
	RK_FILE,		/* a static file: fd, size, type */
};

struct reply {
	enum reply_kind kind;
	int status;
	const char *ctype;	/* static string */
	char *body;		/* owned */
	size_t len;
	char *location;		/* owned; RK_REDIRECT */
	int fd;			/* RK_FILE */
	size_t size;		/* RK_FILE */
	int retry_after;	/* seconds; 0 = no header */
	int allow_get;		/* 405: add "Allow: GET, HEAD" */
};

void reply_init(struct reply *r);
void reply_free(struct reply *r);

void reply_text(struct reply *r, int status, const char *body);
void reply_ok(struct reply *r);
void reply_illegal(struct reply *r);
/* 503 with BODY: the camera or serial port is not there. */
void reply_unavailable(struct reply *r, const char *body);
void reply_device_error(struct reply *r);
/* 401 with the firmware's HTML body. */
void reply_unauthorized(struct reply *r);
void reply_not_found(struct reply *r);
void reply_bad_request(struct reply *r);
void reply_method_not_allowed(struct reply *r);
/* 302 to "/NAME" (NAME checked by next_url_ok). */
void reply_redirect(struct reply *r, const char *name);
/* Take the JS body built in B (200, text/plain). */
void reply_js(struct reply *r, struct sbuf *b);

/* The HTML bodies (exposed for the golden tests). */
extern const char reply_401_body[];
extern const char reply_404_body[];

/* A next_url value that may be used: [A-Za-z0-9_.-]+, not "." or "..". */
int next_url_ok(const char *s, size_t len);

/* JavaScript body lines: `var NAME=VALUE;\n`. */
void js_int(struct sbuf *b, const char *name, long v);
void js_uint(struct sbuf *b, const char *name, unsigned long v);
/* `var NAME='VALUE';\n`, escaping anything that would break the quote. */
void js_str(struct sbuf *b, const char *name, const char *v);

#endif

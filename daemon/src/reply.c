// SPDX-License-Identifier: GPL-2.0-or-later
#include "reply.h"

#include <stdlib.h>
#include <string.h>

/*
 * The real firmware's error pages (its embedded web server's format; the
 * 401 page is 140 bytes on the wire).  LF line ends.
 */
const char reply_401_body[] =
	"<HTML><HEAD><TITLE>401 Unauthorized</TITLE></HEAD>\n"
	"<BODY BGCOLOR=\"#cc9999\"><H4>401 Unauthorized</H4>\n"
	"Authorization required.\n"
	"</BODY></HTML>\n";

const char reply_404_body[] =
	"<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n"
	"<BODY BGCOLOR=\"#cc9999\"><H4>404 Not Found</H4>\n"
	"File not found.\n"
	"</BODY></HTML>\n";

static const char body_400[] =
	"<HTML><HEAD><TITLE>400 Bad Request</TITLE></HEAD>\n"
	"<BODY BGCOLOR=\"#cc9999\"><H4>400 Bad Request</H4>\n"
	"Can't parse request.\n"
	"</BODY></HTML>\n";

static const char body_405[] =
	"<HTML><HEAD><TITLE>405 Method Not Allowed</TITLE></HEAD>\n"
	"<BODY BGCOLOR=\"#cc9999\"><H4>405 Method Not Allowed</H4>\n"
	"That method is not implemented.\n"
	"</BODY></HTML>\n";

void reply_init(struct reply *r)
{
	memset(r, 0, sizeof(*r));
	r->fd = -1;
	r->status = 500;
	r->ctype = CT_TEXT;
}

void reply_free(struct reply *r)
{
	free(r->body);
	free(r->location);
	r->body = r->location = NULL;
}

static void set_body(struct reply *r, int status, const char *ctype,
		     const char *body, size_t len)
{
	free(r->body);
	r->kind = RK_BODY;
	r->status = status;
	r->ctype = ctype;
	r->body = xstrndup(body, len);
	r->len = len;
}

void reply_text(struct reply *r, int status, const char *body)
{
	set_body(r, status, CT_TEXT, body, strlen(body));
}

void reply_ok(struct reply *r)
{
	reply_text(r, 200, REPLY_OK_BODY);
}

void reply_illegal(struct reply *r)
{
	reply_text(r, 200, REPLY_ILLEGAL_BODY);
}

void reply_unavailable(struct reply *r, const char *body)
{
	reply_text(r, 503, body);
	r->retry_after = 5;
}

void reply_device_error(struct reply *r)
{
	reply_text(r, 500, REPLY_DEVICE_ERROR);
}

void reply_unauthorized(struct reply *r)
{
	set_body(r, 401, CT_HTML, reply_401_body, sizeof(reply_401_body) - 1);
	r->kind = RK_UNAUTHORIZED;
}

void reply_not_found(struct reply *r)
{
	set_body(r, 404, CT_HTML, reply_404_body, sizeof(reply_404_body) - 1);
}

void reply_bad_request(struct reply *r)
{
	set_body(r, 400, CT_HTML, body_400, sizeof(body_400) - 1);
}

void reply_method_not_allowed(struct reply *r)
{
	set_body(r, 405, CT_HTML, body_405, sizeof(body_405) - 1);
	r->allow_get = 1;
}

void reply_redirect(struct reply *r, const char *name)
{
	struct sbuf b;

	set_body(r, 302, CT_HTML, "", 0);
	r->kind = RK_REDIRECT;
	sbuf_init(&b);
	sbuf_printf(&b, "/%s", name);
	r->location = sbuf_detach(&b, NULL);
}

void reply_js(struct reply *r, struct sbuf *b)
{
	size_t len;
	char *p = sbuf_detach(b, &len);

	free(r->body);
	r->kind = RK_BODY;
	r->status = 200;
	r->ctype = CT_TEXT;
	r->body = p;
	r->len = len;
}

int next_url_ok(const char *s, size_t len)
{
	if (len == 0 || len > 128)
		return 0;
	if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

void js_int(struct sbuf *b, const char *name, long v)
{
	sbuf_printf(b, "var %s=%ld;\n", name, v);
}

void js_uint(struct sbuf *b, const char *name, unsigned long v)
{
	sbuf_printf(b, "var %s=%lu;\n", name, v);
}

void js_str(struct sbuf *b, const char *name, const char *v)
{
	sbuf_printf(b, "var %s='", name);
	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;

		/* set CGIs never store these; values from elsewhere (host
		 * names, device strings) are escaped so the line stays JS */
		if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\' || c == ';' ||
		    c == '<' || c == '"' || c == '>')
			sbuf_printf(b, "\\x%02x", c);
		else
			sbuf_addc(b, (char)c);
	}
	sbuf_adds(b, "';\n");
}

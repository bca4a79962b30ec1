// SPDX-License-Identifier: GPL-2.0-or-later
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "auth.h"
#include "cgi.h"
#include "config.h"
#include "http_conns.h"
#include "http_defer.h"
#include "http_media.h"
#include "log.h"
#include "login_throttle.h"
#include "query.h"
#include "reply.h"
#include "settings_table.h"
#include "services.h"
#include "static_files.h"
#include "upgrade.h"
#include "upgrade_upload.h"
#include "util.h"

struct http_server {
	struct MHD_Daemon *mhd;
	int port;
	int evfd;			/* readable when actions are pending */
	atomic_uint pending;		/* HTTP_ACT_* */
	struct login_throttle *throttle;
	struct http_conns *conns;
	struct defer_set *defers;	/* CGIs waiting for a background answer */
	const struct services *svc;
};

struct req_ctx {
	char *uri;		/* the raw request target */
	struct http_conn *conn;	/* its connection (http_conns.c) */
	bool serving;		/* the handler has seen it */
	bool refused;		/* answered from uri_logger: nothing more to do */
	enum after_reply after;
	void *media;		/* a media request's state (http_media.c) */
	struct http_defer *defer;	/* a CGI_F_DEFER request's answer */
	char *next_url;		/* a deferred answer's redirect on success */
	/* a CGI_F_UPLOAD request while its body arrives, logged in already */
	struct upload *upload;
	const struct cgi_entry *entry;
	int pri;
	char user[AUTH_NAME_MAX + 1];
};

long http_decode_path(const char *in, size_t len, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (in[i] == '%') {
			int b = i + 2 < len ? hex_pair(in + i + 1) : -1;

			if (b <= 0)	/* not two hex digits, or a NUL */
				return -1;
			out[o++] = (char)b;
			i += 2;
		} else if (in[i] == '\0') {
			return -1;
		} else {
			out[o++] = in[i];
		}
	}
	out[o] = '\0';
	return (long)o;
}

/* The media CGIs' server (http_media.h), NULL when there is none. */
static struct media *srv_media(const struct http_server *srv)
{
	return srv->svc ? srv->svc->media : NULL;
}

static void req_ctx_free(void *p)
{
	struct req_ctx *ctx = p;

	if (ctx->media)
		media_request_done(ctx->media);
	defer_put(ctx->defer);
	upload_free(ctx->upload);	/* cut short: the unnamed file goes */
	free(ctx->next_url);
	secret_wipe(ctx->uri, strlen(ctx->uri));
	free(ctx->uri);
	free(ctx);
}

/*
 * A query over our limits is answered here, as the request line arrives:
 * libmicrohttpd would parse every pair into the connection's memory pool
 * first, and when the pool runs out it ends the connection without a
 * reply (0.9.75 then leaves it hanging until the idle timeout).
 */
static bool target_over_limits(const char *uri)
{
	const char *qm = strchr(uri, '?');

	return qm && !query_within_limits(qm + 1, strlen(qm + 1));
}

static void *uri_logger(void *cls, const char *uri, struct MHD_Connection *con)
{
	struct http_server *srv = cls;
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct req_ctx *ctx = xcalloc(1, sizeof(*ctx));

	ctx->uri = xstrdup(uri);
	ctx->conn = ci ? ci->socket_context : NULL;
	if (!ctx->conn)
		return ctx;
	/* the connection owns the context until the request completes */
	http_conn_request(srv->conns, ctx->conn, ctx);
	if (target_over_limits(uri)) {
		char resp[256];
		int n = snprintf(resp, sizeof(resp),
				 "HTTP/1.1 414 URI Too Long\r\nServer: %s\r\n"
				 "Content-Type: text/plain\r\nContent-Length: %zu\r\n"
				 "Connection: close\r\n\r\n%s", cfg.server_header,
				 strlen(REPLY_TOO_MANY_PARAMS), REPLY_TOO_MANY_PARAMS);

		log_debug("a query of over %d pairs or %d bytes: refused", QUERY_MAX_PAIRS,
			  QUERY_MAX_LEN);
		ctx->refused = true;
		http_conn_refuse(srv->conns, ctx->conn, resp,
				 n > 0 && (size_t)n < sizeof(resp) ? (size_t)n : 0);
	}
	return ctx;
}

static void conn_notify(void *cls, struct MHD_Connection *con, void **socket_context,
			enum MHD_ConnectionNotificationCode code)
{
	struct http_server *srv = cls;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_context = http_conn_started(srv->conns, con);
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		http_conn_closed(srv->conns, *socket_context);
		*socket_context = NULL;
	}
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct http_server *srv = cls;
	struct req_ctx *ctx = *con_cls;
	unsigned int act = 0;

	(void)con;
	if (!ctx)
		return;
	if (ctx->conn)
		http_conn_request_done(srv->conns, ctx->conn, ctx);
	/* act once the reply has gone out, or the client has gone: the
	 * change was made (a client that hangs up early must not keep the
	 * daemon from rebooting after restore_factory) */
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		log_debug("request ended early (%d)", (int)toe);
	if (ctx->after == AFTER_REBOOT)
		act = HTTP_ACT_REBOOT;
	else if (ctx->after == AFTER_LISTENER)
		act = HTTP_ACT_LISTENER;
	else if (ctx->after == AFTER_UPGRADE)
		act = HTTP_ACT_UPGRADE;
	if (act) {
		uint64_t one = 1;

		atomic_fetch_or(&srv->pending, act);
		if (write(srv->evfd, &one, sizeof(one)) < 0)
			log_warn("cannot wake the main loop: %s", strerror(errno));
	}
	req_ctx_free(ctx);
	*con_cls = NULL;
}

static void __attribute__((format(printf, 2, 0)))
mhd_logger(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	char *p;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* MHD's messages may quote a request: cut any query string */
	p = strchr(msg, '?');
	if (p)
		strcpy(p, "?...");
	log_debug("libmicrohttpd: %s", msg);
}

/*
 * The web UI's pages load scripts, styles, images and fetches from the
 * camera alone; no inline script or style, no eval, no frames, forms post
 * only to the camera.
 */
#define WEB_UI_CSP \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " \
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

static enum MHD_Result queue(struct MHD_Connection *con, struct reply *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	char num[16];

	if (r->kind == RK_FILE) {
		resp = MHD_create_response_from_fd(r->size, r->fd);
		r->fd = -1;
	} else {
		resp = MHD_create_response_from_buffer(r->len, r->body, MHD_RESPMEM_MUST_COPY);
	}
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_SERVER, cfg.server_header);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	if (r->kind == RK_FILE) {
		/* the web UI: its own scripts and styles only, never framed,
		 * no plug-ins; the CGIs' answers keep the firmware's headers */
		MHD_add_response_header(resp, "Content-Security-Policy", WEB_UI_CSP);
		MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
		MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	}
	if (r->kind == RK_UNAUTHORIZED) {
		char realm[64];

		snprintf(realm, sizeof(realm), "Basic realm=\"ipcamera_%s\"", device_id);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, realm);
	}
	if (r->kind == RK_REDIRECT && r->location)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
	if (r->retry_after) {
		snprintf(num, sizeof(num), "%d", r->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, num);
	}
	if (r->allow_get)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(con, (unsigned int)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static const struct sockaddr *client_addr(struct MHD_Connection *con)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	return ci ? ci->client_addr : NULL;
}

static void addr_text(const struct sockaddr *sa, char *buf, size_t cap)
{
	str_copy(buf, cap, "?");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, (socklen_t)cap);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, buf,
			  (socklen_t)cap);
}

/*
 * Authenticate for LEVEL.  True when the request may go on (PRI/NAME
 * filled); otherwise R holds the 401.  QUERY_LOGIN: the query's user= and
 * pwd= are a login (false on the CGIs whose own settings those keys are).
 */
static bool authorize(struct http_server *srv, struct MHD_Connection *con,
		      const struct query *q, int level, bool query_login, int *pri, char *name,
		      size_t namecap, struct reply *r)
{
	const struct sockaddr *sa = client_addr(con);
	const char *hdr = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
						      MHD_HTTP_HEADER_AUTHORIZATION);
	struct creds basic, qc;
	const char *u = NULL, *p = NULL;
	size_t ul = 0, pl = 0;
	enum auth_outcome out;
	char who[INET6_ADDRSTRLEN];
	double now = mono_now();
	int failed[2], nfailed;
	bool locked = false;

	*pri = PRI_EVERYONE;
	name[0] = '\0';
	if (level == PRI_EVERYONE)
		return true;	/* get_status.cgi: nobody is asked */
	addr_text(sa, who, sizeof(who));
	if (throttle_locked(srv->throttle, sa, now)) {
		log_debug("%s is locked out after failed logins", who);
		reply_unauthorized(r);
		return false;
	}
	if (!hdr || !auth_parse_basic(hdr, &basic))
		memset(&basic, 0, sizeof(basic));
	if (query_login) {
		u = query_get(q, "user", &ul);
		p = query_get(q, "pwd", &pl);
	}
	auth_from_query(u, ul, p, pl, &qc);
	out = auth_decide(&basic, &qc, pri, name, namecap);
	nfailed = auth_failed_accounts(&basic, &qc, failed);
	secret_wipe(&basic, sizeof(basic));
	secret_wipe(&qc, sizeof(qc));
	/* every credential that did not log in is a failure against its
	 * account, also when the other one did */
	for (int i = 0; i < nfailed; i++)
		locked |= throttle_fail(srv->throttle, sa, failed[i], now);
	if (nfailed)
		log_info("%s: failed login", who);
	if (locked)
		log_warn("%s: too many failed logins: locked out for %d s", who,
			 cfg.login_lockout);
	if (out != AUTH_OK) {
		reply_unauthorized(r);
		return false;
	}
	throttle_success(srv->throttle, sa, auth_account(name), now);
	if (*pri < level) {
		log_info("%s: user %s lacks the privilege", who, name);
		reply_unauthorized(r);
		return false;
	}
	return true;
}

/*
 * May the query's user= and pwd= log in on the CGI at PATH?  Not where
 * they are the CGI's own settings (set_ftp's server account, ...): there
 * a login in the query would be stored as that account and sent to a
 * third-party server.
 */
static bool query_login_allowed(const char *path)
{
	return !setting_cgi_has_key(path, "user") && !setting_cgi_has_key(path, "pwd");
}

/* A file of the web root, for a visitor or better. */
static void serve_file(struct http_server *srv, struct MHD_Connection *con,
		       const struct query *q, const char *path, size_t len, int *pri,
		       char *name, size_t namecap, struct reply *r)
{
	size_t size;
	const char *ctype;
	int fd;

	/* the login first: nobody learns what the web root holds */
	if (!authorize(srv, con, q, PRI_VISITOR, true, pri, name, namecap, r))
		return;
	fd = static_open(cfg.web_root, path, len, &size, &ctype);
	if (fd < 0) {
		reply_not_found(r);
		return;
	}
	r->kind = RK_FILE;
	r->status = 200;
	r->fd = fd;
	r->size = size;
	r->ctype = ctype;
}

/* A deferred answer: "ok." redirects to next_url as any CGI's does. */
static void deferred_reply(const struct req_ctx *ctx, struct reply *r)
{
	const char *a = defer_answer(ctx->defer);

	if (ctx->next_url && !strcmp(a, REPLY_OK_BODY))
		reply_redirect(r, ctx->next_url);
	else
		reply_text(r, 200, a);
}

/*
 * Run the CGI of entry E for a logged-in request.  True when it took a
 * deferral and the connection is parked (nothing to queue); otherwise R
 * holds the reply.
 */
static bool run_cgi(struct http_server *srv, struct MHD_Connection *con, struct req_ctx *ctx,
		    const struct cgi_entry *e, const struct query *q, int pri, const char *name,
		    const char *next, struct reply *r)
{
	struct request rq = {
		.path = e->path,
		.q = q,
		.pri = pri,
		.user = name,
		.client = client_addr(con),
		.srv = srv,
		.svc = srv->svc,
		.upload = &ctx->upload,
	};

	if (e->flags & CGI_F_DEFER)
		rq.defer = ctx->defer = defer_new(srv->defers, con);
	ctx->after = e->fn(&rq, r);
	if (defer_taken(ctx->defer)) {
		log_debug("%s -> waits for its answer, user %s", e->path, name);
		if (next && next[0])
			ctx->next_url = xstrdup(next);
		if (defer_park(ctx->defer))
			return true;
		deferred_reply(ctx, r);
		return false;
	}
	if (next && next[0] && r->kind == RK_BODY && r->status == 200 &&
	    r->len == strlen(REPLY_OK_BODY) && !memcmp(r->body, REPLY_OK_BODY, r->len))
		reply_redirect(r, next);
	return false;
}

/*
 * The first call of an upload CGI, logged in: take the body through the
 * post processor.  False when it is not a multipart POST (R holds the
 * answer).
 */
static bool upload_begin(struct http_server *srv, struct MHD_Connection *con,
			 struct req_ctx *ctx, const char *method, const struct cgi_entry *e,
			 int pri, const char *name, const char *next, struct reply *r)
{
	struct upgrade *u = srv->svc ? srv->svc->upgrade : NULL;

	const char *len = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
						      MHD_HTTP_HEADER_CONTENT_LENGTH);

	if (!u || strcmp(method, MHD_HTTP_METHOD_POST)) {
		reply_text(r, 200, REPLY_BAD_FRAME_BODY);
		return false;
	}
	/* too large by its own word: answered before the body is read (a
	 * client that sent "Expect: 100-continue" sends none) */
	if (len && strtoull(len, NULL, 10) > upgrade_max_size(u) + UPLOAD_FRAME_SLACK) {
		reply_text(r, 200, REPLY_IMAGE_TOO_LARGE);
		return false;
	}
	/* one at a time: more would only fill the state directory */
	if (!upgrade_claim(u)) {
		reply_text(r, 200, REPLY_UPGRADE_BUSY);
		return false;
	}
	ctx->upload = upload_start(con, upgrade_spool_dir(u), upgrade_max_size(u));
	if (!ctx->upload) {
		upgrade_release(u);
		reply_text(r, 200, REPLY_BAD_FRAME_BODY);
		return false;
	}
	upload_on_free(ctx->upload, upgrade_release, u);
	ctx->entry = e;
	ctx->pri = pri;
	str_copy(ctx->user, sizeof(ctx->user), name);
	if (next && next[0])
		ctx->next_url = xstrdup(next);
	return true;
}

/* The next piece of an upload's body, or its end. */
static enum MHD_Result upload_step(struct http_server *srv, struct MHD_Connection *con,
				   struct req_ctx *ctx, const char *data, size_t *size)
{
	struct query q;
	struct reply r;
	enum MHD_Result ret;
	char *next;

	reply_init(&r);
	if (*size) {
		/* after a failure the rest is read and dropped: the answer
		 * comes at the end, which a client reads more surely than one
		 * sent while it still writes (an administrator's upload: the
		 * connection's timeouts bound a slow one) */
		upload_feed(ctx->upload, data, *size);
		*size = 0;
		return MHD_YES;
	}
	if (!upload_finish(ctx->upload)) {
		reply_text(&r, 200, upload_error(ctx->upload));
		log_info("%s from %s: %s", ctx->entry->path, ctx->user, upload_error(ctx->upload));
		upload_free(ctx->upload);
		ctx->upload = NULL;
		goto send;
	}
	memset(&q, 0, sizeof(q));
	next = ctx->next_url;
	ctx->next_url = NULL;
	if (run_cgi(srv, con, ctx, ctx->entry, &q, ctx->pri, ctx->user, next, &r)) {
		free(next);
		reply_free(&r);
		return MHD_YES;
	}
	free(next);
	/* a CGI that did not take the upload: it goes with the request */
send:
	ret = queue(con, &r);
	reply_free(&r);
	return ret;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *con, const char *url,
			       const char *method, const char *version,
			       const char *upload_data, size_t *upload_data_size,
			       void **con_cls)
{
	struct http_server *srv = cls;
	struct req_ctx *ctx = *con_cls;
	const struct cgi_entry *e;
	struct query q;
	struct reply r;
	const char *raw, *qm;
	char *path;
	char name[AUTH_NAME_MAX + 1];
	size_t plen;
	long dlen;
	int pri, status;
	enum MHD_Result ret;

	(void)url;
	(void)version;
	(void)upload_data;
	if (!ctx || ctx->refused)
		return MHD_NO;
	if (!ctx->serving && ctx->conn) {
		/* the headers are in: no more request deadline */
		http_conn_serving(srv->conns, ctx->conn);
		ctx->serving = true;
	}
	if (ctx->upload)
		return upload_step(srv, con, ctx, upload_data, upload_data_size);
	if (*upload_data_size) {
		/* a body nobody asked for: the reply has been queued already */
		*upload_data_size = 0;
		return MHD_YES;
	}
	reply_init(&r);
	if (ctx->media) {
		/* a snapshot that waited for its frame, resumed */
		if (media_request(srv_media(srv), con, &ctx->media, NULL, NULL, &r, &ret)) {
			reply_free(&r);
			return ret;
		}
		ret = queue(con, &r);
		reply_free(&r);
		return ret;
	}
	if (defer_taken(ctx->defer)) {
		/* a CGI whose answer came from a background thread, resumed */
		deferred_reply(ctx, &r);
		ret = queue(con, &r);
		reply_free(&r);
		return ret;
	}
	memset(&q, 0, sizeof(q));
	name[0] = '\0';
	raw = ctx->uri;
	qm = strchr(raw, '?');
	plen = qm ? (size_t)(qm - raw) : strlen(raw);
	path = xmalloc(plen + 1);
	dlen = http_decode_path(raw, plen, path);
	query_parse(&q, qm ? qm + 1 : "", qm ? strlen(qm + 1) : 0);

	if (dlen < 0 || path[0] != '/') {
		reply_bad_request(&r);
		goto send;
	}
	e = cgi_lookup(path);
	/* POST for an upload CGI only; the others take GET and HEAD */
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD) &&
	    !(e && (e->flags & CGI_F_UPLOAD) && !strcmp(method, MHD_HTTP_METHOD_POST))) {
		reply_method_not_allowed(&r);
		goto send;
	}
	if (!e) {
		serve_file(srv, con, &q, path, (size_t)dlen, &pri, name, sizeof(name), &r);
		goto send;
	}
	if (!authorize(srv, con, &q, e->level, query_login_allowed(e->path), &pri, name,
		       sizeof(name), &r))
		goto send;
	if (q.overflow) {
		reply_illegal(&r);
		goto send;
	}
	const struct qpair *next = (e->flags & CGI_F_NEXT_URL) ? query_find(&q, "next_url") : NULL;

	if (next && next->vlen && !next_url_ok(next->val, next->vlen)) {
		reply_illegal(&r);
		goto send;
	}
	if (e->flags & CGI_F_MEDIA) {
		if (media_request(srv_media(srv), con, &ctx->media, e->path, &q, &r, &ret)) {
			log_debug("%s %s -> media%s%s", method, path, name[0] ? " user " : "",
				  name[0] ? name : "");
			reply_free(&r);
			query_free(&q);
			free(path);
			return ret;
		}
		goto send;
	}
	if (e->flags & CGI_F_UPLOAD) {
		if (upload_begin(srv, con, ctx, method, e, pri, name, next ? next->val : NULL, &r)) {
			log_debug("%s %s -> upload, user %s", method, path, name);
			query_free(&q);
			free(path);
			return MHD_YES;
		}
		goto send;
	}
	if (run_cgi(srv, con, ctx, e, &q, pri, name, next && next->vlen ? next->val : NULL,
		    &r)) {
		query_free(&q);
		free(path);
		return MHD_YES;
	}
send:
	status = r.status;
	ret = queue(con, &r);
	log_debug("%s %s -> %d%s%s", method, dlen >= 0 ? path : "(undecodable)", status,
		  name[0] ? " user " : "", name[0] ? name : "");
	if (r.fd >= 0)
		close(r.fd);
	reply_free(&r);
	query_free(&q);
	free(path);
	return ret;
}

static int make_listener(int port)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd = -1, one = 1, zero = 0;

	memset(&ss, 0, sizeof(ss));
	if (!cfg.listen[0] || strchr(cfg.listen, ':')) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		s6->sin6_addr = in6addr_any;
		if (cfg.listen[0] && inet_pton(AF_INET6, cfg.listen, &s6->sin6_addr) != 1) {
			log_err("listen: bad address '%s'", cfg.listen);
			return -1;
		}
		sl = sizeof(*s6);
		fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && !cfg.listen[0])
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
		if (fd < 0 && !cfg.listen[0])
			goto v4;	/* no IPv6 here */
	} else {
v4:;
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		memset(&ss, 0, sizeof(ss));
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		s4->sin_addr.s_addr = htonl(INADDR_ANY);
		if (cfg.listen[0] && inet_pton(AF_INET, cfg.listen, &s4->sin_addr) != 1) {
			log_err("listen: bad address '%s'", cfg.listen);
			return -1;
		}
		sl = sizeof(*s4);
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	}
	if (fd < 0) {
		log_err("socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/*
	 * A burst of viewers (an NVR reconnecting all its streams) waits in
	 * the backlog instead of SYN retries seconds apart; the connection
	 * limits still apply once MHD accepts them.
	 */
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 128) < 0) {
		log_err("cannot listen on %s port %d: %s", cfg.listen[0] ? cfg.listen : "*",
			port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static struct MHD_Daemon *start_mhd(struct http_server *srv, int lfd)
{
	/* suspend/resume: parked stream connections cost nothing */
	unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
			     MHD_ALLOW_SUSPEND_RESUME;

	return MHD_start_daemon(flags, 0, NULL, NULL, handler, srv,
				MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,
				MHD_OPTION_LISTEN_SOCKET, lfd,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cfg.conn_limit,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)cfg.conn_per_ip,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)cfg.conn_timeout,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg.conn_memory,
				MHD_OPTION_NOTIFY_CONNECTION, conn_notify, srv,
				MHD_OPTION_URI_LOG_CALLBACK, uri_logger, srv,
				MHD_OPTION_NOTIFY_COMPLETED, completed, srv,
				MHD_OPTION_END);
}

/*
 * Eviction starts an eighth below the connection limit: the headroom
 * lets a newcomer in while the oldest slow client is being cut.
 */
static unsigned int evict_threshold(int limit)
{
	unsigned int reserve = (unsigned int)limit / 8;

	return (unsigned int)limit - (reserve ? reserve : 1);
}

static void server_free(struct http_server *srv)
{
	if (srv->mhd)
		MHD_stop_daemon(srv->mhd);
	/* every connection has closed: nothing refers to the tables now */
	http_conns_free(srv->conns);
	defer_set_free(srv->defers);
	throttle_free(srv->throttle);
	if (srv->evfd >= 0)
		close(srv->evfd);
	free(srv);
}

int http_port(const struct http_server *srv)
{
	return srv->port;
}

struct http_server *http_start(int port, const struct services *svc)
{
	struct http_server *srv = xcalloc(1, sizeof(*srv));
	struct throttle_cfg tc = {
		.limit = cfg.login_fail_limit,
		.window = cfg.login_fail_window,
		.lockout = cfg.login_lockout,
	};
	struct http_conns_cfg cc = {
		.request_timeout = cfg.request_timeout,
		.idle_timeout = cfg.conn_timeout,
		.evict_at = evict_threshold(cfg.conn_limit),
		.free_request = req_ctx_free,
	};
	int lfd;

	srv->evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (srv->evfd < 0) {
		log_err("eventfd: %s", strerror(errno));
		free(srv);
		return NULL;
	}
	srv->port = -1;
	srv->svc = svc;
	srv->defers = defer_set_new();
	lfd = make_listener(port);
	if (lfd < 0)
		goto fail;
	srv->throttle = throttle_new(&tc);
	srv->conns = http_conns_new(&cc);
	srv->mhd = start_mhd(srv, lfd);
	if (!srv->mhd) {
		log_err("cannot start the HTTP server");
		close(lfd);
		goto fail;
	}
	srv->port = port;
	log_info("listening on %s port %d", cfg.listen[0] ? cfg.listen : "*", port);
	return srv;
fail:
	server_free(srv);
	return NULL;
}

bool http_port_available(const struct http_server *srv, int port)
{
	int fd;

	if (port == srv->port)
		return true;
	fd = make_listener(port);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

int http_move(struct http_server *srv, int port)
{
	int lfd;

	if (port == srv->port)
		return 0;
	lfd = make_listener(port);
	if (lfd < 0) {
		log_err("staying on port %d", srv->port);
		return -1;
	}
	/* the old daemon closes its listening socket (and its streams) */
	media_quiesce(srv_media(srv), true);
	defer_set_quiesce(srv->defers, REPLY_RESTARTING);
	MHD_stop_daemon(srv->mhd);
	media_quiesce(srv_media(srv), false);
	defer_set_reopen(srv->defers);
	srv->mhd = start_mhd(srv, lfd);
	if (!srv->mhd) {
		close(lfd);
		log_err("cannot start the HTTP server on port %d", port);
		lfd = make_listener(srv->port);
		srv->mhd = lfd < 0 ? NULL : start_mhd(srv, lfd);
		if (!srv->mhd && lfd >= 0)
			close(lfd);
		return -1;
	}
	log_info("now listening on port %d", port);
	srv->port = port;
	return 0;
}

void http_stop(struct http_server *srv)
{
	if (!srv)
		return;
	/* streams end rather than wait for frames that no longer come */
	media_quiesce(srv_media(srv), true);
	defer_set_quiesce(srv->defers, REPLY_RESTARTING);
	server_free(srv);
}

void http_wake_upgrade(void *cls)
{
	struct http_server *srv = cls;
	uint64_t one = 1;

	atomic_fetch_or(&srv->pending, HTTP_ACT_UPGRADE);
	if (write(srv->evfd, &one, sizeof(one)) < 0)
		log_warn("cannot wake the main loop: %s", strerror(errno));
}

int http_event_fd(const struct http_server *srv)
{
	return srv->evfd;
}

unsigned int http_take_actions(struct http_server *srv)
{
	uint64_t v;

	while (read(srv->evfd, &v, sizeof(v)) > 0)
		;
	return atomic_exchange(&srv->pending, 0);
}

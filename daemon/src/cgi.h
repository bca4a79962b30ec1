/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CGI handlers and the dispatch table (exact paths). */
#ifndef IPCAMD_CGI_H
#define IPCAMD_CGI_H

#include <sys/socket.h>

#include "query.h"
#include "reply.h"

struct http_defer;
struct http_server;
struct services;
struct upload;

struct request {
	const char *path;
	const struct query *q;
	int pri;			/* PRI_EVERYONE when anonymous */
	const char *user;		/* "" when anonymous */
	const struct sockaddr *client;
	const struct http_server *srv;	/* the server it came through */
	const struct services *svc;	/* the background clients (or NULL) */
	struct http_defer *defer;	/* CGI_F_DEFER: defer_take() to answer later */
	struct upload **upload;		/* CGI_F_UPLOAD: the image (the CGI may take it) */
};

/* What the daemon does once the reply has gone out. */
enum after_reply {
	AFTER_NOTHING,
	AFTER_REBOOT,			/* reboot action (restart, reboot, exit) */
	AFTER_LISTENER,			/* the HTTP port changed */
	AFTER_UPGRADE,			/* an upgrade: the daemon may restart into it */
};

typedef enum after_reply (*cgi_fn)(const struct request *rq, struct reply *r);

/* cgi_entry.flags */
#define CGI_F_NEXT_URL	1	/* a set/command CGI: next_url redirects on success */
#define CGI_F_MEDIA	2	/* served by http_media.c (fn unused) */
#define CGI_F_DEFER	4	/* may answer from a background thread (http_defer.h) */
#define CGI_F_UPLOAD	8	/* POST multipart/form-data: the body is an upload */

struct cgi_entry {
	const char *path;
	int level;		/* PRI_EVERYONE, PRI_VISITOR, ... */
	cgi_fn fn;
	unsigned int flags;
};

extern const struct cgi_entry cgi_table[];
extern const unsigned int cgi_table_size;

/* The entry for PATH (exact match), or NULL. */
const struct cgi_entry *cgi_lookup(const char *path);

/* Handlers */
enum after_reply cgi_get_status(const struct request *rq, struct reply *r);
enum after_reply cgi_get_params(const struct request *rq, struct reply *r);
enum after_reply cgi_get_misc(const struct request *rq, struct reply *r);
enum after_reply cgi_get_forbidden(const struct request *rq, struct reply *r);
enum after_reply cgi_check_user(const struct request *rq, struct reply *r);
enum after_reply cgi_get_camera_params(const struct request *rq, struct reply *r);
enum after_reply cgi_camera_control(const struct request *rq, struct reply *r);
enum after_reply cgi_decoder_control(const struct request *rq, struct reply *r);
enum after_reply cgi_set(const struct request *rq, struct reply *r);
enum after_reply cgi_reboot(const struct request *rq, struct reply *r);
enum after_reply cgi_restore_factory(const struct request *rq, struct reply *r);
enum after_reply cgi_comm_write(const struct request *rq, struct reply *r);
enum after_reply cgi_test_mail(const struct request *rq, struct reply *r);
enum after_reply cgi_test_ftp(const struct request *rq, struct reply *r);
enum after_reply cgi_upgrade_firmware(const struct request *rq, struct reply *r);
enum after_reply cgi_upgrade_htmls(const struct request *rq, struct reply *r);

/* ---- body builders (pure: the golden tests call them) ---- */

struct status_info {
	const char *id;
	const char *sys_ver;
	const char *app_ver;
	const char *alias;
	long long now;
	long tz;
	int alarm_status;
	int ddns_status;
	const char *ddns_host;
	int upnp_status;
	int upgrade_status;		/* enum upgrade_state */
	const char *upgrade_note;
};

struct cam_params;

void body_get_status(struct sbuf *b, const struct status_info *s);
void body_camera_params(struct sbuf *b, const struct cam_params *p);
/* MISC: values in get_misc order (enum cam_misc) */
void body_misc(struct sbuf *b, const int *misc);
/* From the current settings (takes the settings lock). */
void body_forbidden(struct sbuf *b);
void body_params(struct sbuf *b, const char *id, const char *sys_ver,
		 const char *app_ver, long long now, int blank_secrets);
void body_check_user(struct sbuf *b, const char *user, int pri);

/* The device id the daemon answers with (set at start). */
extern char device_id[33];

#endif

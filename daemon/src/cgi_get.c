// SPDX-License-Identifier: GPL-2.0-or-later
/* The get CGIs: get_status, get_params, get_misc, get_forbidden, check_user. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "camera.h"
#include "alarm.h"
#include "cgi.h"
#include "config.h"
#include "ddns.h"
#include "log.h"
#include "services.h"
#include "settings.h"
#include "upgrade.h"
#include "upnp.h"
#include "version.h"

char device_id[33];

void body_get_status(struct sbuf *b, const struct status_info *s)
{
	/* field order of the real firmware (cgi-protocol.md section 3) */
	js_str(b, "id", s->id);
	js_str(b, "sys_ver", s->sys_ver);
	js_str(b, "app_ver", s->app_ver);
	js_str(b, "alias", s->alias);
	sbuf_printf(b, "var now=%lld;\n", s->now);
	js_int(b, "tz", s->tz);
	js_int(b, "alarm_status", s->alarm_status);
	js_int(b, "ddns_status", s->ddns_status);
	js_str(b, "ddns_host", s->ddns_host);
	js_int(b, "oray_type", 0);		/* no Oray DDNS client */
	js_int(b, "upnp_status", s->upnp_status);
	js_int(b, "p2p_status", 0);		/* no P2P service */
	js_int(b, "p2p_local_port", 0);
	js_int(b, "msn_status", 0);		/* no MSN client */
	/* appended, as later firmware did: the last upgrade and its outcome */
	js_int(b, "upgrade_status", s->upgrade_status);
	js_str(b, "upgrade_note", s->upgrade_note);
}

/* The versions get_status and get_params report (the configuration may
 * set them, as the firmware's own strings). */
static void running_versions(const struct request *rq, char *sys, char *app, size_t cap)
{
	str_copy(sys, cap, IPCAMD_SYS_VER);
	str_copy(app, cap, IPCAMD_APP_VER);
	if (rq->svc && rq->svc->upgrade)
		upgrade_versions(rq->svc->upgrade, sys, cap, app, cap);
	if (cfg.sys_ver[0])
		str_copy(sys, cap, cfg.sys_ver);
	if (cfg.app_ver[0])
		str_copy(app, cap, cfg.app_ver);
}

enum after_reply cgi_get_status(const struct request *rq, struct reply *r)
{
	struct status_info s;
	struct sbuf b;
	char alias[64], ddns_host[64], sys[40], app[40], note[256];

	settings_lock();
	str_copy(alias, sizeof(alias), settings_str("alias"));
	str_copy(ddns_host, sizeof(ddns_host), settings_str("ddns_host"));
	s.tz = settings_int("tz");
	settings_unlock();
	running_versions(rq, sys, app, sizeof(sys));
	s.upgrade_status = UPGRADE_NONE;
	note[0] = '\0';
	if (rq->svc && rq->svc->upgrade)
		s.upgrade_status = upgrade_state(rq->svc->upgrade, note, sizeof(note));
	s.upgrade_note = note;
	s.id = device_id;
	s.sys_ver = sys;
	s.app_ver = app;
	s.alias = alias;
	s.now = (long long)time(NULL);
	s.alarm_status = (int)alarm_status(rq->svc ? rq->svc->alarm : NULL);
	s.ddns_status = ddns_status(rq->svc ? rq->svc->ddns : NULL);
	s.ddns_host = ddns_host;
	s.upnp_status = upnp_status(rq->svc ? rq->svc->upnp : NULL);
	sbuf_init(&b);
	body_get_status(&b, &s);
	reply_js(r, &b);
	return AFTER_NOTHING;
}

static void print_setting(struct sbuf *b, int idx, int blank_secrets)
{
	const struct setting *st = &settings_table[idx];
	const char *v = settings_get(idx);

	switch (st->type) {
	case ST_INT:
	case ST_CHOICE:
		js_int(b, st->name, strtol(v, NULL, 10));
		break;
	case ST_U32:
		js_uint(b, st->name, strtoul(v, NULL, 10));
		break;
	case ST_STR:
		if (blank_secrets && (st->flags & SF_SECRET))
			v = "";
		else if (st->cls == SC_IPV4 && !v[0])
			v = "0.0.0.0";	/* DHCP */
		js_str(b, st->name, v);
		break;
	}
}

void body_params(struct sbuf *b, const char *id, const char *sys_ver,
		 const char *app_ver, long long now, int blank_secrets)
{
	int alias = setting_index("alias");

	settings_lock();
	js_str(b, "id", id);
	js_str(b, "sys_ver", sys_ver);
	js_str(b, "app_ver", app_ver);
	print_setting(b, alias, blank_secrets);
	sbuf_printf(b, "var now=%lld;\n", now);
	for (size_t i = 0; i < settings_count; i++)
		if ((settings_table[i].flags & SF_PARAMS) && (int)i != alias)
			print_setting(b, (int)i, blank_secrets);
	settings_unlock();
}

enum after_reply cgi_get_params(const struct request *rq, struct reply *r)
{
	struct sbuf b;
	char sys[40], app[40];

	running_versions(rq, sys, app, sizeof(sys));
	sbuf_init(&b);
	body_params(&b, device_id, sys, app, (long long)time(NULL),
		    cfg.blank_secrets);
	reply_js(r, &b);
	return AFTER_NOTHING;
}

void body_misc(struct sbuf *b, const int *misc)
{
	for (int i = 0; i < MISC_COUNT; i++)
		js_int(b, cam_misc_names[i], misc[i]);
}

enum after_reply cgi_get_misc(const struct request *rq, struct reply *r)
{
	int32_t dev[MISC_COUNT];
	int misc[MISC_COUNT];
	struct sbuf b;
	int rc;

	/* from the device when it is there; the stored values otherwise
	 * (they are applied when the camera appears) */
	rc = camera_misc_get(rq->svc ? rq->svc->camera : NULL, dev);
	if (rc == 0) {
		for (int i = 0; i < MISC_COUNT; i++)
			misc[i] = dev[i];
	} else {
		settings_lock();
		for (int i = 0; i < MISC_COUNT; i++)
			misc[i] = (int)settings_int(cam_misc_names[i]);
		settings_unlock();
	}
	sbuf_init(&b);
	body_misc(&b, misc);
	reply_js(r, &b);
	return AFTER_NOTHING;
}

void body_forbidden(struct sbuf *b)
{
	static const char *const days[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	char name[32];

	settings_lock();
	js_int(b, "schedule_enable", settings_int("schedule_enable"));
	for (int d = 0; d < 7; d++) {
		for (int n = 0; n < 3; n++) {
			snprintf(name, sizeof(name), "schedule_%s_%d", days[d], n);
			js_uint(b, name, strtoul(settings_str(name), NULL, 10));
		}
	}
	settings_unlock();
}

enum after_reply cgi_get_forbidden(const struct request *rq, struct reply *r)
{
	struct sbuf b;

	(void)rq;
	sbuf_init(&b);
	body_forbidden(&b);
	reply_js(r, &b);
	return AFTER_NOTHING;
}

void body_check_user(struct sbuf *b, const char *user, int pri)
{
	js_str(b, "user", user);
	js_str(b, "pwd", "");		/* never echoed */
	js_int(b, "pri", pri + 1);	/* 1 visitor .. 3 administrator */
}

enum after_reply cgi_check_user(const struct request *rq, struct reply *r)
{
	struct sbuf b;

	sbuf_init(&b);
	body_check_user(&b, rq->user, rq->pri);
	reply_js(r, &b);
	return AFTER_NOTHING;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every set_*.cgi, driven by the settings table: collect and validate
 * every parameter first, check the CGI's cross-field rules, then apply to
 * the device (set_misc), persist, and start what the change needs.  A
 * request with any bad value changes nothing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apply.h"
#include "auth.h"
#include "camera.h"
#include "cgi.h"
#include "config.h"
#include "alarm.h"
#include "ddns.h"
#include "http.h"
#include "log.h"
#include "notify.h"
#include "serial.h"
#include "services.h"
#include "settings.h"
#include "sntp.h"
#include "upnp.h"

static const struct set_cgi *find_set_cgi(const char *path)
{
	for (size_t i = 0; i < set_cgi_count; i++)
		if (!strcmp(set_cgis[i].path, path))
			return &set_cgis[i];
	return NULL;
}

/*
 * Collect the CGI's parameters into C.  -1 on a bad or missing value;
 * else the number of settings given.
 */
static int collect(const struct set_cgi *sc, const struct query *q, struct changeset *c)
{
	int given = 0;

	for (size_t i = 0; i < settings_count; i++) {
		const struct setting *st = &settings_table[i];
		const struct qpair *p;
		char canon[160];

		if (strcmp(st->cgi, sc->path))
			continue;
		p = query_find(q, st->key);
		if (!p && st->key_alias)
			p = query_find(q, st->key_alias);
		if (!p) {
			if (sc->mode == CGI_FULL_SET && !(st->flags & SF_OPTIONAL)) {
				log_debug("%s: %s missing", sc->path, st->key);
				return -1;
			}
			continue;
		}
		if (!setting_validate_input((int)i, p->val, p->vlen, canon, sizeof(canon))) {
			log_debug("%s: bad value for %s", sc->path, st->key);
			return -1;
		}
		changeset_add(c, (int)i, canon);
		given++;
	}
	return given;
}

static const char *val(const struct changeset *c, const char *name)
{
	return changeset_value(c, setting_index(name));
}

static long ival(const struct changeset *c, const char *name)
{
	return strtol(val(c, name), NULL, 10);
}

/* set_users: distinct names, and an administrator must remain. */
static bool check_users(const struct changeset *c)
{
	char key[32];
	const char *names[8];
	bool admin = false;

	for (int i = 0; i < 8; i++) {
		snprintf(key, sizeof(key), "user%d_name", i + 1);
		names[i] = val(c, key);
		if (!names[i][0])
			continue;
		for (int j = 0; j < i; j++)
			if (!strcmp(names[i], names[j]))
				return false;
		snprintf(key, sizeof(key), "user%d_pri", i + 1);
		if (ival(c, key) == PRI_ADMIN)
			admin = true;
	}
	return admin;
}

static bool mask_ok(const char *m)
{
	struct in_addr a;
	uint32_t v;

	if (inet_pton(AF_INET, m, &a) != 1)
		return false;
	v = ntohl(a.s_addr);
	/* contiguous ones from the top, not all zero */
	return v != 0 && ((~v + 1) & ~v) == 0;
}

static bool check_network(const struct request *rq, const struct changeset *c)
{
	const char *ip = val(c, "ip"), *mask = val(c, "mask");

	/* a port the daemon cannot listen on would lock everybody out */
	if (!http_port_available(rq->srv, (int)ival(c, "port")))
		return false;
	if (!ip[0])
		return true;	/* DHCP */
	return mask[0] && mask_ok(mask);
}

static bool all_hex(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') ||
		      (*s >= 'A' && *s <= 'F')))
			return false;
	return true;
}

static bool check_wifi(const struct changeset *c)
{
	long encrypt = ival(c, "wifi_encrypt");
	char key[48];

	if (!ival(c, "wifi_enable"))
		return true;
	if (!val(c, "wifi_ssid")[0])
		return false;
	if (encrypt >= 2) {
		const char *psk = val(c, "wifi_wpa_psk");
		size_t n = strlen(psk);

		return (n >= 8 && n <= 63) || (n == 64 && all_hex(psk));
	}
	if (encrypt == 1) {
		int def = (int)ival(c, "wifi_defkey");
		const char *k;
		size_t n, want;
		bool hex = ival(c, "wifi_keyformat") == 0;

		snprintf(key, sizeof(key), "wifi_key%d", def + 1);
		k = val(c, key);
		snprintf(key, sizeof(key), "wifi_key%d_bits", def + 1);
		want = ival(c, key) ? (hex ? 26 : 13) : (hex ? 10 : 5);
		n = strlen(k);
		return n == want && (!hex || all_hex(k));
	}
	return true;
}

static bool cross_check(const struct request *rq, const char *path,
			const struct changeset *c)
{
	if (!strcmp(path, "/set_users.cgi"))
		return check_users(c);
	if (!strcmp(path, "/set_network.cgi"))
		return check_network(rq, c);
	if (!strcmp(path, "/set_wifi.cgi"))
		return check_wifi(c);
	return true;
}

static bool has_apply(const struct changeset *c, enum st_apply ap)
{
	for (int i = 0; i < c->n; i++)
		if (settings_table[c->idx[i]].apply == ap)
			return true;
	return false;
}

static bool value_changed(const struct changeset *c, enum st_apply ap,
			  const struct changeset *before)
{
	for (int i = 0; i < c->n; i++)
		if (settings_table[c->idx[i]].apply == ap &&
		    strcmp(c->val[i], before->val[i]))
			return true;
	return false;
}

/* set_misc on the device, before anything is stored. */
static int misc_to_device(struct camera *cam, const struct changeset *c)
{
	int32_t v[MISC_COUNT], old[MISC_COUNT];
	unsigned int mask = 0;
	int rc;

	for (int i = 0; i < MISC_COUNT; i++) {
		int k = changeset_find(c, setting_index(cam_misc_names[i]));

		if (k < 0)
			continue;
		mask |= 1U << i;
		v[i] = (int32_t)strtol(c->val[k], NULL, 10);
	}
	if (!mask || !camera_has_ptz(cam))
		return 0;	/* stored now, applied when the head appears */
	/* what the device has now, to put back if it refuses a value */
	rc = camera_misc_get(cam, old);
	if (rc)
		return rc == -ENODEV || rc == -EOPNOTSUPP ? 0 : rc;
	rc = camera_misc_set(cam, v, mask);
	if (rc && rc != -ENODEV && rc != -EOPNOTSUPP) {
		camera_misc_set(cam, old, mask);
		return rc;
	}
	return 0;
}

enum after_reply cgi_set(const struct request *rq, struct reply *r)
{
	const struct set_cgi *sc = find_set_cgi(rq->path);
	struct changeset c, before;
	enum after_reply after = AFTER_NOTHING;
	const struct qpair *now_p = NULL;
	long now = 0;
	bool changed = false;
	int given, rc;

	if (!sc) {
		reply_not_found(r);
		return AFTER_NOTHING;
	}
	changeset_init(&c);
	changeset_init(&before);
	given = collect(sc, rq->q, &c);
	if (!strcmp(sc->path, "/set_datetime.cgi")) {
		now_p = query_find(rq->q, "now");
		/* 1970 .. 9999 */
		if (now_p && !parse_long(now_p->val, now_p->vlen, 0, 253402300799L, &now))
			given = -1;
		else if (now_p && given >= 0)
			given++;
	}
	if (given <= 0 || (c.n && !cross_check(rq, sc->path, &c))) {
		reply_illegal(r);
		goto out;
	}

	settings_lock();
	for (int i = 0; i < c.n; i++)
		changeset_add(&before, c.idx[i], settings_get(c.idx[i]));
	settings_unlock();

	rc = misc_to_device(rq->svc ? rq->svc->camera : NULL, &c);
	if (rc) {
		log_warn("%s: the device refused the values: %s", sc->path, strerror(-rc));
		if (rc == -EINVAL || rc == -ERANGE)
			reply_illegal(r);
		else
			reply_device_error(r);
		goto out;
	}
	rc = settings_commit(&c, &changed);
	if (rc) {
		reply_text(r, 500, "error: cannot save settings.");
		goto out;
	}
	log_info("%s by %s: %d setting(s)%s", sc->path, rq->user, c.n,
		 changed ? "" : ", unchanged");

	if (now_p)
		clock_set_utc(now);
	if (rq->svc && has_apply(&c, AP_TIME) && value_changed(&c, AP_TIME, &before))
		sntp_poke(rq->svc->sntp);
	if (has_apply(&c, AP_NETWORK) && value_changed(&c, AP_NETWORK, &before))
		apply_run(APPLY_NETWORK);
	if (has_apply(&c, AP_WIFI) && value_changed(&c, AP_WIFI, &before))
		apply_run(APPLY_WIFI);
	if (has_apply(&c, AP_PPPOE) && value_changed(&c, AP_PPPOE, &before))
		apply_run(APPLY_PPPOE);
	if (has_apply(&c, AP_SERIAL))
		serial_apply_decoder();
	if (rq->svc && has_apply(&c, AP_DDNS) && value_changed(&c, AP_DDNS, &before))
		ddns_poke(rq->svc->ddns);
	if (rq->svc && has_apply(&c, AP_UPNP) && value_changed(&c, AP_UPNP, &before))
		upnp_poke(rq->svc->upnp);
	/* the schedule's masks are part of it: any set_alarm.cgi pokes */
	if (rq->svc && (has_apply(&c, AP_ALARM) || !strcmp(rq->path, "/set_alarm.cgi")))
		alarm_poke(rq->svc->alarm);
	/* so is the FTP schedule's */
	if (rq->svc && (has_apply(&c, AP_NOTIFY) || !strcmp(rq->path, "/set_ftp.cgi")))
		notify_poke(rq->svc->notify);
	if (has_apply(&c, AP_PORT) && value_changed(&c, AP_PORT, &before))
		after = AFTER_LISTENER;
	reply_ok(r);
out:
	changeset_free(&c);
	changeset_free(&before);
	return after;
}

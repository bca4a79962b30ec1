// SPDX-License-Identifier: GPL-2.0-or-later
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ddns_reply.h"
#include "util.h"
#include "version.h"

struct config cfg;

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

/* the Makefile passes WWWDIR, where make install puts the web UI */
#ifndef IPCAMD_WEB_ROOT
#define IPCAMD_WEB_ROOT "/usr/local/share/ipcamd/www"
#endif

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->port = 80;
	set_str(&c->listen, "");
	set_str(&c->state_dir, "/var/lib/ipcamd");
	set_str(&c->web_root, IPCAMD_WEB_ROOT);
	set_str(&c->camera, "");
	for (int i = 0; i < SERIAL_PORTS; i++)
		set_str(&c->serial_port[i], "");
	c->reboot_action = REBOOT_RESTART;
	set_str(&c->reboot_program, "/sbin/reboot");
	set_str(&c->apply_program, "");
	set_str(&c->server_header, "Netwave IP Camera");
	set_str(&c->device_id, "");
	/* "": the running firmware's and web UI's versions (upgrade.c) */
	set_str(&c->sys_ver, "");
	set_str(&c->app_ver, "");
	set_str(&c->upgrade_keys, IPCAMD_KEYS_DIR);
	c->allow_downgrade = false;
	c->upgrade_max_size = 32 * 1024 * 1024;
	c->blank_secrets = false;
	c->set_clock = false;
	c->sntp_interval = 3600;
	c->login_fail_limit = 5;
	c->login_fail_window = 60;
	c->login_lockout = 30;
	c->conn_limit = 64;
	c->conn_per_ip = 16;
	c->conn_timeout = 30;
	c->request_timeout = 10;
	c->conn_memory = 32768;
	c->max_viewers = 20;
	c->capture_linger = 2.0;
	c->stream_sndbuf = 65536;
	c->stream_timestamps = false;
	c->jpeg_quality = 80;
	set_str(&c->ddns_url[DDNS_ORAY], "https://ddns.oray.com/ph/update");
	set_str(&c->ddns_url[DDNS_DYNDNS], "https://members.dyndns.org/nic/update");
	set_str(&c->ddns_url[DDNS_3322], "https://members.3322.org/dyndns/update");
	c->ddns_retry = 60;
	c->upnp_lease = 3600;
	c->upnp_retry = 60;
	c->alarm_hold = 10;
	c->alarm_settle_ms = 1000;
	c->notify_timeout = 20;
	c->notify_retry = 10;
	c->notify_retries = 5;
	c->notify_queue = 8;
	c->mail_interval = 60;
	c->mail_snapshots = 3;
	set_str(&c->notify_ca_file, "");
	c->upnp_discover_ms = 2000;
	set_str(&c->upnp_multicastif, "");
	set_str(&c->log_level, "info");
}

static int int_val(const char *v, long lo, long hi, int *out)
{
	long x;

	if (!parse_long(v, strlen(v), lo, hi, &x))
		return -1;
	*out = (int)x;
	return 0;
}

static int bool_val(const char *v, bool *out)
{
	if (!strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on"))
		*out = true;
	else if (!strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off"))
		*out = false;
	else
		return -1;
	return 0;
}

/* An http or https URL without spaces or control characters. */
static int url_val(const char *v)
{
	if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8))
		return -1;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return -1;
	return 0;
}

static int path_val(const char *v)
{
	return v[0] == '\0' || v[0] == '/' ? 0 : -1;
}

int config_set(struct config *c, const char *key, const char *v)
{
	if (!strcmp(key, "port"))
		return int_val(v, 1, 65535, &c->port);
	if (!strcmp(key, "listen")) {
		set_str(&c->listen, v);
		return 0;
	}
#define PATHKEY(k, field) \
	if (!strcmp(key, k)) { \
		if (path_val(v)) \
			return -1; \
		set_str(&c->field, v); \
		return 0; \
	}
	PATHKEY("state_dir", state_dir)
	PATHKEY("settings_file", settings_file)
	PATHKEY("password_file", password_file)
	PATHKEY("web_root", web_root)
	PATHKEY("upgrade_keys", upgrade_keys)
	PATHKEY("reboot_program", reboot_program)
	PATHKEY("apply_program", apply_program)
	PATHKEY("serial_port", serial_port[0])
	PATHKEY("serial_port0", serial_port[0])
	PATHKEY("serial_port1", serial_port[1])
	PATHKEY("serial_port2", serial_port[2])
	PATHKEY("serial_port3", serial_port[3])
#undef PATHKEY
	if (!strcmp(key, "max_viewers"))
		return int_val(v, 1, 1000, &c->max_viewers);
	if (!strcmp(key, "max_viewers_per_ip"))
		return int_val(v, 0, 1000, &c->max_viewers_per_ip);
	if (!strcmp(key, "capture_linger")) {
		int s;

		if (int_val(v, 0, 3600, &s))
			return -1;
		c->capture_linger = s;
		return 0;
	}
	if (!strcmp(key, "stream_sndbuf"))
		return int_val(v, 0, 16 * 1024 * 1024, &c->stream_sndbuf);
	if (!strcmp(key, "stream_timestamps"))
		return bool_val(v, &c->stream_timestamps);
	if (!strcmp(key, "jpeg_quality"))
		return int_val(v, 1, 100, &c->jpeg_quality);
	{
		static const char *const url_keys[] = {
			[DDNS_ORAY] = "ddns_url_oray",
			[DDNS_DYNDNS] = "ddns_url_dyndns",
			[DDNS_3322] = "ddns_url_3322",
		};

		for (size_t i = 0; i < ARRAY_SIZE(url_keys); i++) {
			if (strcmp(key, url_keys[i]))
				continue;
			if (url_val(v))
				return -1;
			set_str(&c->ddns_url[i], v);
			return 0;
		}
	}
	if (!strcmp(key, "ddns_retry"))
		return int_val(v, 1, 3600, &c->ddns_retry);
	if (!strcmp(key, "alarm_hold"))
		return int_val(v, 1, 3600, &c->alarm_hold);
	if (!strcmp(key, "alarm_settle_ms"))
		return int_val(v, 0, 60000, &c->alarm_settle_ms);
	if (!strcmp(key, "notify_timeout"))
		return int_val(v, 1, 600, &c->notify_timeout);
	if (!strcmp(key, "notify_retry"))
		return int_val(v, 1, 3600, &c->notify_retry);
	if (!strcmp(key, "notify_retries"))
		return int_val(v, 0, 100, &c->notify_retries);
	if (!strcmp(key, "notify_queue"))
		return int_val(v, 1, 256, &c->notify_queue);
	if (!strcmp(key, "mail_interval"))
		return int_val(v, 0, 86400, &c->mail_interval);
	if (!strcmp(key, "mail_snapshots"))
		return int_val(v, 1, 8, &c->mail_snapshots);
	if (!strcmp(key, "notify_ca_file")) {
		if (v[0] && v[0] != '/')
			return -1;
		set_str(&c->notify_ca_file, v);
		return 0;
	}
	if (!strcmp(key, "upnp_lease"))
		return int_val(v, 0, 604800, &c->upnp_lease);
	if (!strcmp(key, "upnp_retry"))
		return int_val(v, 1, 3600, &c->upnp_retry);
	if (!strcmp(key, "upnp_discover_ms"))
		return int_val(v, 100, 10000, &c->upnp_discover_ms);
	if (!strcmp(key, "upnp_multicastif")) {
		/* an interface name or an address: [A-Za-z0-9.:_-], IFNAMSIZ-ish */
		if (strlen(v) > 39 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					   "0123456789.:_-") != strlen(v))
			return -1;
		set_str(&c->upnp_multicastif, v);
		return 0;
	}
	if (!strcmp(key, "camera")) {
		set_str(&c->camera, v);
		return 0;
	}
	if (!strcmp(key, "reboot_action")) {
		if (!strcmp(v, "restart"))
			c->reboot_action = REBOOT_RESTART;
		else if (!strcmp(v, "reboot") || !strcmp(v, "system"))
			c->reboot_action = REBOOT_SYSTEM;
		else if (!strcmp(v, "exit"))
			c->reboot_action = REBOOT_EXIT;
		else if (!strcmp(v, "apply"))
			c->reboot_action = REBOOT_APPLY;
		else
			return -1;
		return 0;
	}
	if (!strcmp(key, "server_header")) {
		for (const char *p = v; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return -1;
		set_str(&c->server_header, v);
		return 0;
	}
	if (!strcmp(key, "device_id")) {
		size_t n = strlen(v);

		if (n > 32)
			return -1;
		for (size_t i = 0; i < n; i++)
			if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'A' && v[i] <= 'Z') ||
			      (v[i] >= 'a' && v[i] <= 'z')))
				return -1;
		set_str(&c->device_id, v);
		return 0;
	}
	if (!strcmp(key, "sys_ver") || !strcmp(key, "app_ver")) {
		for (const char *p = v; *p; p++)
			if (!((*p >= '0' && *p <= '9') || *p == '.'))
				return -1;
		set_str(key[0] == 's' ? &c->sys_ver : &c->app_ver, v);
		return 0;
	}
	if (!strcmp(key, "allow_downgrade"))
		return bool_val(v, &c->allow_downgrade);
	if (!strcmp(key, "upgrade_max_size"))
		return int_val(v, 65536, 512 * 1024 * 1024, &c->upgrade_max_size);
	if (!strcmp(key, "blank_secrets"))
		return bool_val(v, &c->blank_secrets);
	if (!strcmp(key, "set_clock"))
		return bool_val(v, &c->set_clock);
	if (!strcmp(key, "sntp_interval"))
		return int_val(v, 60, 604800, &c->sntp_interval);
	if (!strcmp(key, "login_fail_limit"))
		return int_val(v, 1, 1000000, &c->login_fail_limit);
	if (!strcmp(key, "login_fail_window"))
		return int_val(v, 1, 86400, &c->login_fail_window);
	if (!strcmp(key, "login_lockout"))
		return int_val(v, 0, 86400, &c->login_lockout);
	if (!strcmp(key, "connection_limit"))
		return int_val(v, 1, 10000, &c->conn_limit);
	if (!strcmp(key, "connections_per_ip"))
		return int_val(v, 1, 10000, &c->conn_per_ip);
	if (!strcmp(key, "connection_timeout"))
		return int_val(v, 1, 3600, &c->conn_timeout);
	if (!strcmp(key, "request_timeout"))
		return int_val(v, 1, 3600, &c->request_timeout);
	if (!strcmp(key, "connection_memory"))
		return int_val(v, 4096, 1048576, &c->conn_memory);
	if (!strcmp(key, "log_level")) {
		set_str(&c->log_level, v);
		return 0;
	}
	return -2;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	int lineno = 0, rc = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) >= 0) {
		char *s = trim(line), *eq, *k, *v;
		int r;

		lineno++;
		if (!*s || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected key = value", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		k = trim(s);
		/* a '#' after white space starts a comment */
		for (char *h = eq + 1; *h; h++) {
			if (*h == '#' && (h == eq + 1 || h[-1] == ' ' || h[-1] == '\t')) {
				*h = '\0';
				break;
			}
		}
		v = trim(eq + 1);
		r = config_set(c, k, v);
		if (r == -2) {
			snprintf(err, errlen, "%s:%d: unknown key '%s'", path, lineno, k);
			rc = -1;
			break;
		}
		if (r) {
			snprintf(err, errlen, "%s:%d: bad value for '%s'", path, lineno, k);
			rc = -1;
			break;
		}
	}
	free(line);
	fclose(f);
	return rc;
}

void config_finish(struct config *c)
{
	struct sbuf b;

	/* a few addresses must not be able to take every viewer slot */
	if (!c->max_viewers_per_ip)
		c->max_viewers_per_ip = c->max_viewers >= 4 ? c->max_viewers / 4 : 1;
	if (c->max_viewers_per_ip > c->max_viewers)
		c->max_viewers_per_ip = c->max_viewers;

	if (!c->settings_file || !c->settings_file[0]) {
		sbuf_init(&b);
		sbuf_printf(&b, "%s/settings", c->state_dir);
		free(c->settings_file);
		c->settings_file = sbuf_detach(&b, NULL);
	}
	if (!c->password_file || !c->password_file[0]) {
		sbuf_init(&b);
		sbuf_printf(&b, "%s/factory-password", c->state_dir);
		free(c->password_file);
		c->password_file = sbuf_detach(&b, NULL);
	}
}

void config_free(struct config *c)
{
	char **strs[] = { &c->listen, &c->state_dir, &c->settings_file,
			  &c->password_file, &c->web_root, &c->camera,
			  &c->reboot_program, &c->apply_program, &c->server_header,
			  &c->device_id, &c->sys_ver, &c->app_ver, &c->log_level,
			  &c->config_file, &c->upnp_multicastif, &c->notify_ca_file,
			  &c->upgrade_keys };

	for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
	for (int i = 0; i < SERIAL_PORTS; i++) {
		free(c->serial_port[i]);
		c->serial_port[i] = NULL;
	}
	for (size_t i = 0; i < ARRAY_SIZE(c->ddns_url); i++) {
		free(c->ddns_url[i]);
		c->ddns_url[i] = NULL;
	}
}

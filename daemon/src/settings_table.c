// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * THE settings table.  Order: get_params.cgi's field order of the real
 * firmware (cgi-protocol.md section 3), then the settings that other get
 * CGIs print (forbidden schedule, misc, camera).  Lengths are the SDK's.
 *
 * A NULL default is filled in at factory reset by settings.c (the per-device
 * admin password, the configured HTTP port).
 */
#include "settings_table.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ddns_reply.h"
#include "util.h"

static const long baud_codes[] = { 9, 11, 12, 13, 14, 15, 4097, 4098, -1 };
/* 64 = 1280x720: a project extension of libipcam */
static const long resolutions[] = { 2, 8, 32, 64, -1 };
/* 0 (off) and the providers' service codes */
#define DDNS_CODE(code, name, family, system, refresh) code,
static const long ddns_services[] = { 0, DDNS_PROVIDERS(DDNS_CODE) -1 };
#undef DDNS_CODE

#define P SF_PARAMS
#define S SF_SECRET
#define O SF_OPTIONAL

#define INT(n, lo, hi, d, fl, cgi, key, ap) \
	{ n, ST_INT, SC_NONE, lo, hi, NULL, d, fl, cgi, key, NULL, ap }
#define STR(n, cls, len, d, fl, cgi, key, ap) \
	{ n, ST_STR, cls, 0, len, NULL, d, fl, cgi, key, NULL, ap }
#define U32(n, fl, cgi, key, alias) \
	{ n, ST_U32, SC_NONE, 0, 0, NULL, "0", fl, cgi, key, alias, AP_STORE }

#define USER(i, name, pri) \
	STR("user" #i "_name", SC_NAME, 12, name, P, "/set_users.cgi", "user" #i, AP_USERS), \
	STR("user" #i "_pwd", SC_TEXT, 12, "", P | S, "/set_users.cgi", "pwd" #i, AP_USERS), \
	INT("user" #i "_pri", 0, 2, pri, P, "/set_users.cgi", "pri" #i, AP_USERS)

#define DEV(i) \
	STR("dev" #i "_alias", SC_TEXT, 20, "", P, "/set_devices.cgi", "dev" #i "_alias", AP_STORE), \
	STR("dev" #i "_host", SC_HOST, 64, "", P, "/set_devices.cgi", "dev" #i "_host", AP_STORE), \
	INT("dev" #i "_port", 0, 65535, "0", P, "/set_devices.cgi", "dev" #i "_port", AP_STORE), \
	STR("dev" #i "_user", SC_NAME, 12, "", P, "/set_devices.cgi", "dev" #i "_user", AP_STORE), \
	STR("dev" #i "_pwd", SC_TEXT, 12, "", P | S, "/set_devices.cgi", "dev" #i "_pwd", AP_STORE)

#define WKEY(i) \
	STR("wifi_key" #i, SC_TEXT, 26, "", P | S, "/set_wifi.cgi", "key" #i, AP_WIFI)
#define WBITS(i) \
	INT("wifi_key" #i "_bits", 0, 1, "0", P, "/set_wifi.cgi", "key" #i "_bits", AP_WIFI)

/* One day of a schedule: three 32-bit masks of quarter-hours. */
#define SCHED_DAY(pfx, fl, cgi, kpfx, day) \
	U32(pfx "schedule_" day "_0", fl, cgi, kpfx "schedule_" day "_0", NULL), \
	U32(pfx "schedule_" day "_1", fl, cgi, kpfx "schedule_" day "_1", NULL), \
	U32(pfx "schedule_" day "_2", fl, cgi, kpfx "schedule_" day "_2", NULL)
#define SCHED_WEEK(pfx, fl, cgi, kpfx) \
	SCHED_DAY(pfx, fl, cgi, kpfx, "sun"), SCHED_DAY(pfx, fl, cgi, kpfx, "mon"), \
	SCHED_DAY(pfx, fl, cgi, kpfx, "tue"), SCHED_DAY(pfx, fl, cgi, kpfx, "wed"), \
	SCHED_DAY(pfx, fl, cgi, kpfx, "thu"), SCHED_DAY(pfx, fl, cgi, kpfx, "fri"), \
	SCHED_DAY(pfx, fl, cgi, kpfx, "sat")

#define MISC(n, hi, d) INT(n, 0, hi, d, 0, "/set_misc.cgi", n, AP_MISC)

/* A preset's saved position (ptz_presets.c): no CGI sets it directly. */
#define PRESET_AXIS(i, axis) \
	INT("ptz_preset" #i "_" axis, INT32_MIN, INT32_MAX, "0", 0, "", "", AP_STORE)
#define PRESET(i) PRESET_AXIS(i, "pan"), PRESET_AXIS(i, "tilt")

const struct setting settings_table[] = {
	/* get_params.cgi, in the firmware's order (id, sys_ver, app_ver and
	 * now are not settings: cgi_get.c prints them around these). */
	STR("alias", SC_TEXT, 20, "", P, "/set_alias.cgi", "alias", AP_STORE),
	/* seconds west of UTC: UTC+14 .. UTC-12 */
	INT("tz", -50400, 43200, "0", P, "/set_datetime.cgi", "tz", AP_TIME),
	INT("daylight_saving_time", 0, 1, "0", P | O, "/set_datetime.cgi",
	    "daylight_saving_time", AP_TIME),
	INT("ntp_enable", 0, 1, "0", P, "/set_datetime.cgi", "ntp_enable", AP_TIME),
	STR("ntp_svr", SC_HOST, 64, "pool.ntp.org", P, "/set_datetime.cgi", "ntp_svr", AP_TIME),

	USER(1, "admin", "2"), USER(2, "", "0"), USER(3, "", "0"), USER(4, "", "0"),
	USER(5, "", "0"), USER(6, "", "0"), USER(7, "", "0"), USER(8, "", "0"),

	DEV(2), DEV(3), DEV(4), DEV(5), DEV(6), DEV(7), DEV(8), DEV(9),

	/* empty = DHCP; printed as '0.0.0.0' */
	STR("ip", SC_IPV4, 15, "", P, "/set_network.cgi", "ip", AP_NETWORK),
	STR("mask", SC_IPV4, 15, "", P, "/set_network.cgi", "mask", AP_NETWORK),
	STR("gateway", SC_IPV4, 15, "", P, "/set_network.cgi", "gateway", AP_NETWORK),
	STR("dns", SC_IPV4, 15, "", P, "/set_network.cgi", "dns", AP_NETWORK),
	INT("port", 1, 65535, NULL, P, "/set_network.cgi", "port", AP_PORT),

	INT("wifi_enable", 0, 1, "0", P, "/set_wifi.cgi", "enable", AP_WIFI),
	STR("wifi_ssid", SC_TEXT, 32, "", P, "/set_wifi.cgi", "ssid", AP_WIFI),
	INT("wifi_encrypt", 0, 5, "0", P, "/set_wifi.cgi", "encrypt", AP_WIFI),
	INT("wifi_defkey", 0, 3, "0", P, "/set_wifi.cgi", "defkey", AP_WIFI),
	WKEY(1), WKEY(2), WKEY(3), WKEY(4),
	INT("wifi_authtype", 0, 1, "0", P, "/set_wifi.cgi", "authtype", AP_WIFI),
	INT("wifi_keyformat", 0, 1, "0", P, "/set_wifi.cgi", "keyformat", AP_WIFI),
	WBITS(1), WBITS(2), WBITS(3), WBITS(4),
	INT("wifi_channel", 1, 14, "5", P, "/set_wifi.cgi", "channel", AP_WIFI),
	INT("wifi_mode", 0, 1, "0", P, "/set_wifi.cgi", "mode", AP_WIFI),
	STR("wifi_wpa_psk", SC_TEXT, 64, "", P | S, "/set_wifi.cgi", "wpa_psk", AP_WIFI),

	INT("pppoe_enable", 0, 1, "0", P, "/set_pppoe.cgi", "enable", AP_PPPOE),
	STR("pppoe_user", SC_TEXT, 40, "", P, "/set_pppoe.cgi", "user", AP_PPPOE),
	STR("pppoe_pwd", SC_TEXT, 20, "", P | S, "/set_pppoe.cgi", "pwd", AP_PPPOE),

	INT("upnp_enable", 0, 1, "0", P, "/set_upnp.cgi", "enable", AP_UPNP),

	{ "ddns_service", ST_CHOICE, SC_NONE, 0, 0, ddns_services, "0", P,
	  "/set_ddns.cgi", "service", NULL, AP_DDNS },
	STR("ddns_user", SC_TEXT, 20, "", P, "/set_ddns.cgi", "user", AP_DDNS),
	STR("ddns_pwd", SC_TEXT, 20, "", P | S, "/set_ddns.cgi", "pwd", AP_DDNS),
	STR("ddns_host", SC_HOST, 40, "", P, "/set_ddns.cgi", "host", AP_DDNS),
	STR("ddns_proxy_svr", SC_HOST, 20, "", P, "/set_ddns.cgi", "proxy_svr", AP_DDNS),
	INT("ddns_proxy_port", 0, 65535, "0", P, "/set_ddns.cgi", "proxy_port", AP_DDNS),

	STR("mail_svr", SC_HOST, 64, "", P, "/set_mail.cgi", "svr", AP_NOTIFY),
	INT("mail_port", 0, 65535, "25", P, "/set_mail.cgi", "port", AP_NOTIFY),
	INT("mail_tls", 0, 2, "0", P | O, "/set_mail.cgi", "tls", AP_NOTIFY),
	STR("mail_user", SC_TEXT, 20, "", P, "/set_mail.cgi", "user", AP_NOTIFY),
	STR("mail_pwd", SC_TEXT, 20, "", P | S, "/set_mail.cgi", "pwd", AP_NOTIFY),
	STR("mail_sender", SC_MAIL, 40, "", P, "/set_mail.cgi", "sender", AP_NOTIFY),
	STR("mail_receiver1", SC_MAIL, 40, "", P, "/set_mail.cgi", "receiver1", AP_NOTIFY),
	STR("mail_receiver2", SC_MAIL, 40, "", P, "/set_mail.cgi", "receiver2", AP_NOTIFY),
	STR("mail_receiver3", SC_MAIL, 40, "", P, "/set_mail.cgi", "receiver3", AP_NOTIFY),
	STR("mail_receiver4", SC_MAIL, 40, "", P, "/set_mail.cgi", "receiver4", AP_NOTIFY),
	INT("mail_inet_ip", 0, 1, "0", P, "/set_mail.cgi", "mail_inet_ip", AP_NOTIFY),

	STR("ftp_svr", SC_HOST, 64, "", P, "/set_ftp.cgi", "svr", AP_NOTIFY),
	INT("ftp_port", 0, 65535, "21", P, "/set_ftp.cgi", "port", AP_NOTIFY),
	STR("ftp_user", SC_TEXT, 32, "", P, "/set_ftp.cgi", "user", AP_NOTIFY),
	STR("ftp_pwd", SC_TEXT, 32, "", P | S, "/set_ftp.cgi", "pwd", AP_NOTIFY),
	STR("ftp_dir", SC_PATH, 64, "/", P, "/set_ftp.cgi", "dir", AP_NOTIFY),
	INT("ftp_mode", 0, 1, "0", P, "/set_ftp.cgi", "mode", AP_NOTIFY),
	INT("ftp_upload_interval", 0, 65535, "0", P, "/set_ftp.cgi", "upload_interval", AP_NOTIFY),
	STR("ftp_filename", SC_TEXT, 32, "", P, "/set_ftp.cgi", "filename", AP_NOTIFY),
	INT("ftp_numberoffiles", 0, 65535, "0", P, "/set_ftp.cgi", "numberoffiles", AP_NOTIFY),
	INT("ftp_schedule_enable", 0, 1, "0", P, "/set_ftp.cgi", "schedule_enable", AP_NOTIFY),
	SCHED_WEEK("ftp_", P, "/set_ftp.cgi", ""),

	INT("alarm_motion_armed", 0, 1, "0", P, "/set_alarm.cgi", "motion_armed", AP_ALARM),
	INT("alarm_motion_sensitivity", 0, 3, "1", P, "/set_alarm.cgi", "motion_sensitivity",
	    AP_ALARM),
	INT("alarm_motion_compensation", 0, 1, "0", P, "/set_alarm.cgi", "motion_compensation",
	    AP_ALARM),
	INT("alarm_input_armed", 0, 1, "0", P, "/set_alarm.cgi", "input_armed", AP_ALARM),
	INT("alarm_ioin_level", 0, 1, "1", P, "/set_alarm.cgi", "ioin_level", AP_ALARM),
	INT("alarm_iolinkage", 0, 1, "0", P, "/set_alarm.cgi", "iolinkage", AP_ALARM),
	INT("alarm_preset", 0, 16, "0", P, "/set_alarm.cgi", "preset", AP_ALARM),
	INT("alarm_ioout_level", 0, 1, "1", P, "/set_alarm.cgi", "ioout_level", AP_ALARM),
	INT("alarm_mail", 0, 1, "0", P, "/set_alarm.cgi", "mail", AP_NOTIFY),
	INT("alarm_upload_interval", 0, 65535, "0", P, "/set_alarm.cgi", "upload_interval",
	    AP_NOTIFY),
	INT("alarm_http", 0, 1, "0", P, "/set_alarm.cgi", "http", AP_NOTIFY),
	INT("alarm_msn", 0, 1, "0", P, "/set_alarm.cgi", "msn", AP_STORE),
	STR("alarm_http_url", SC_URL, 128, "", P, "/set_alarm.cgi", "http_url", AP_NOTIFY),
	INT("alarm_schedule_enable", 0, 1, "0", P, "/set_alarm.cgi", "schedule_enable", AP_ALARM),
	SCHED_WEEK("alarm_", P, "/set_alarm.cgi", ""),

	{ "decoder_baud", ST_CHOICE, SC_NONE, 0, 0, baud_codes, "13", P,
	  "/set_decoder.cgi", "baud", NULL, AP_SERIAL },

	/* get_forbidden.cgi (the SDK's own text misspells two keys) */
	INT("schedule_enable", 0, 1, "0", 0, "/set_forbidden.cgi", "schedule_enable", AP_STORE),
	U32("schedule_sun_0", 0, "/set_forbidden.cgi", "schedule_sun_0", NULL),
	U32("schedule_sun_1", 0, "/set_forbidden.cgi", "schedule_sun_1", NULL),
	U32("schedule_sun_2", 0, "/set_forbidden.cgi", "schedule_sun_2", NULL),
	U32("schedule_mon_0", 0, "/set_forbidden.cgi", "schedule_mon_0", "schedule_mon_o"),
	U32("schedule_mon_1", 0, "/set_forbidden.cgi", "schedule_mon_1", NULL),
	U32("schedule_mon_2", 0, "/set_forbidden.cgi", "schedule_mon_2", NULL),
	SCHED_DAY("", 0, "/set_forbidden.cgi", "", "tue"),
	U32("schedule_wed_0", 0, "/set_forbidden.cgi", "schedule_wed_0", NULL),
	U32("schedule_wed_1", 0, "/set_forbidden.cgi", "schedule_wed_1", NULL),
	U32("schedule_wed_2", 0, "/set_forbidden.cgi", "schedule_wed_2", "schedule_web_2"),
	SCHED_DAY("", 0, "/set_forbidden.cgi", "", "thu"),
	SCHED_DAY("", 0, "/set_forbidden.cgi", "", "fri"),
	SCHED_DAY("", 0, "/set_forbidden.cgi", "", "sat"),

	/* get_misc.cgi: sysfs attributes of /dev/ptzN */
	MISC("led_mode", 2, "0"),
	MISC("ptz_center_onstart", 1, "1"),
	MISC("ptz_auto_patrol_interval", 3600, "0"),
	MISC("ptz_auto_patrol_type", 3, "0"),
	MISC("ptz_patrol_h_rounds", 255, "0"),
	MISC("ptz_patrol_v_rounds", 255, "0"),
	MISC("ptz_patrol_rate", 100, "10"),
	MISC("ptz_patrol_up_rate", 100, "50"),
	MISC("ptz_patrol_down_rate", 100, "50"),
	MISC("ptz_patrol_left_rate", 100, "50"),
	MISC("ptz_patrol_right_rate", 100, "50"),
	MISC("ptz_disable_preset", 1, "0"),
	MISC("ptz_preset_onstart", 16, "0"),
	/* the presets, saved when set: bit n = preset n + 1 */
	INT("ptz_preset_mask", 0, 65535, "0", 0, "", "", AP_STORE),
	PRESET(1), PRESET(2), PRESET(3), PRESET(4), PRESET(5), PRESET(6),
	PRESET(7), PRESET(8), PRESET(9), PRESET(10), PRESET(11), PRESET(12),
	PRESET(13), PRESET(14), PRESET(15), PRESET(16),

	/* get_camera_params.cgi: V4L2 format and controls; key = param */
	{ "resolution", ST_CHOICE, SC_NONE, 0, 0, resolutions, "32", 0,
	  "/camera_control.cgi", "0", NULL, AP_CAMERA },
	INT("brightness", 0, 255, "96", 0, "/camera_control.cgi", "1", AP_CAMERA),
	INT("contrast", 0, 6, "4", 0, "/camera_control.cgi", "2", AP_CAMERA),
	INT("mode", 0, 2, "0", 0, "/camera_control.cgi", "3", AP_CAMERA),
	INT("flip", 0, 3, "0", 0, "/camera_control.cgi", "5", AP_CAMERA),
	/* frame rate: the stream's rate codes (0 full speed .. 23 one every 5 s) */
	INT("fps", 0, 23, "0", 0, "/camera_control.cgi", "6", AP_CAMERA),
};

const size_t settings_count = ARRAY_SIZE(settings_table);

const struct set_cgi set_cgis[] = {
	{ "/set_alias.cgi", CGI_FULL_SET },
	{ "/set_datetime.cgi", CGI_PARTIAL },
	{ "/set_users.cgi", CGI_FULL_SET },
	{ "/set_devices.cgi", CGI_PARTIAL },
	{ "/set_network.cgi", CGI_FULL_SET },
	{ "/set_wifi.cgi", CGI_FULL_SET },
	{ "/set_pppoe.cgi", CGI_PARTIAL },
	{ "/set_upnp.cgi", CGI_FULL_SET },
	{ "/set_ddns.cgi", CGI_FULL_SET },
	{ "/set_ftp.cgi", CGI_PARTIAL },
	{ "/set_mail.cgi", CGI_FULL_SET },
	{ "/set_alarm.cgi", CGI_PARTIAL },
	{ "/set_forbidden.cgi", CGI_FULL_SET },
	{ "/set_misc.cgi", CGI_PARTIAL },
	{ "/set_decoder.cgi", CGI_FULL_SET },
};

const size_t set_cgi_count = ARRAY_SIZE(set_cgis);

int setting_index(const char *name)
{
	for (size_t i = 0; i < settings_count; i++)
		if (!strcmp(settings_table[i].name, name))
			return (int)i;
	return -1;
}

unsigned int baud_code_speed(long code)
{
	static const struct { long code; unsigned int speed; } map[] = {
		{ 9, 1200 }, { 11, 2400 }, { 12, 4800 }, { 13, 9600 },
		{ 14, 19200 }, { 15, 38400 }, { 4097, 57600 }, { 4098, 115200 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (map[i].code == code)
			return map[i].speed;
	return 0;
}

static bool text_char_ok(unsigned char c)
{
	return c >= 0x20 && c != 0x7f && c != '\'' && c != '\\' && c != ';' &&
	       c != '<' && c != '"' && c != '>';
}

static bool host_char_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == ':';
}

bool setting_cgi_has_key(const char *cgi, const char *key)
{
	for (size_t i = 0; i < settings_count; i++) {
		const struct setting *st = &settings_table[i];

		if (!strcmp(st->cgi, cgi) &&
		    (!strcmp(st->key, key) || (st->key_alias && !strcmp(st->key_alias, key))))
			return true;
	}
	return false;
}

/* local@domain: one '@', something before it, a host name after it. */
static bool mail_addr_ok(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	size_t i;

	if (!at || at == s || memchr(at + 1, '@', len - (size_t)(at + 1 - s)))
		return false;
	for (i = (size_t)(at + 1 - s); i < len; i++)
		if (!host_char_ok((unsigned char)s[i]) || s[i] == ':')
			return false;
	return (size_t)(at + 1 - s) < len && at[1] != '.' && at[1] != '-';
}

/* No ".." segment: the FTP directory stays where the account starts. */
static bool path_ok(const char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '.' && s[i + 1] == '.' && (i == 0 || s[i - 1] == '/') &&
		    (i + 2 == len || s[i + 2] == '/'))
			return false;
	return true;
}

bool string_class_ok(enum st_class cls, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (cls) {
		case SC_HOST:
			if (!host_char_ok(c))
				return false;
			break;
		case SC_IPV4:
			if (!((c >= '0' && c <= '9') || c == '.'))
				return false;
			break;
		case SC_NAME:
			if (!text_char_ok(c) || c == ':' || c == ' ')
				return false;
			break;
		case SC_MAIL:
		case SC_URL:
			if (!text_char_ok(c) || c == ' ')
				return false;
			break;
		case SC_TEXT:
		case SC_PATH:
		case SC_NONE:
			if (!text_char_ok(c))
				return false;
			break;
		}
	}
	if (cls == SC_IPV4 && len > 0) {
		struct in_addr a;
		char tmp[16];

		if (len >= sizeof(tmp))
			return false;
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		if (inet_pton(AF_INET, tmp, &a) != 1)
			return false;
	}
	if (cls == SC_HOST && len > 0 && (s[0] == '-' || s[0] == '.'))
		return false;
	if (cls == SC_MAIL && len > 0 && !mail_addr_ok(s, len))
		return false;
	if (cls == SC_PATH && !path_ok(s, len))
		return false;
	return true;
}

bool setting_validate(int idx, const char *s, size_t len, char *out, size_t outcap)
{
	const struct setting *st;
	long v;

	if (idx < 0 || (size_t)idx >= settings_count || !s)
		return false;
	st = &settings_table[idx];
	switch (st->type) {
	case ST_INT:
		if (!parse_long(s, len, st->min, st->max, &v))
			return false;
		snprintf(out, outcap, "%ld", v);
		return true;
	case ST_U32:
		/* printed unsigned; a client that kept it signed sends it back
		 * negative: the same 32 bits */
		if (!parse_long(s, len, -2147483648L, 4294967295L, &v))
			return false;
		snprintf(out, outcap, "%lu", (unsigned long)(v < 0 ? v + 4294967296L : v));
		return true;
	case ST_CHOICE:
		if (!parse_long(s, len, -2147483648L, 2147483647L, &v))
			return false;
		for (const long *c = st->choices; *c != -1; c++) {
			if (*c == v) {
				snprintf(out, outcap, "%ld", v);
				return true;
			}
		}
		return false;
	case ST_STR:
		if (len > (size_t)st->max || len + 1 > outcap)
			return false;
		if (!string_class_ok(st->cls, s, len))
			return false;
		/* a DHCP client reads back '0.0.0.0' and may send it again */
		if (st->cls == SC_IPV4 && len == 7 && !memcmp(s, "0.0.0.0", 7))
			len = 0;
		memcpy(out, s, len);
		out[len] = '\0';
		return true;
	}
	return false;
}

bool setting_validate_input(int idx, const char *s, size_t len, char *out, size_t outcap)
{
	if (!setting_validate(idx, s, len, out, outcap))
		return false;
	/* new text is UTF-8: the web pages and get_params echo it */
	return settings_table[idx].type != ST_STR || utf8_valid(s, len);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * THE settings table: every persistent setting of the daemon, in the order
 * get_params.cgi prints them.  The set CGIs, the get CGIs, validation,
 * persistence and factory reset are all driven from it.
 */
#ifndef IPCAMD_SETTINGS_TABLE_H
#define IPCAMD_SETTINGS_TABLE_H

#include <stdbool.h>
#include <stddef.h>

enum st_type {
	ST_INT,		/* decimal integer in [min, max] */
	ST_U32,		/* 32-bit mask; printed unsigned; negative int32 accepted */
	ST_CHOICE,	/* one of the integers listed in choices[] */
	ST_STR,		/* string of at most max bytes, of class cls */
};

enum st_class {
	SC_NONE,
	SC_TEXT,	/* printable text: no ' \ ; < and no byte < 0x20 or 0x7f */
	SC_NAME,	/* user name: SC_TEXT without ':' and space */
	SC_HOST,	/* host name or address: [A-Za-z0-9.-_:] */
	SC_IPV4,	/* dotted quad or empty */
	SC_MAIL,	/* mail address: local@host, SC_TEXT without space */
	SC_PATH,	/* ftp directory: SC_TEXT without a ".." segment */
	SC_URL,		/* http URL: SC_TEXT without space */
};

/* How a change of the setting takes effect. */
enum st_apply {
	AP_STORE,	/* stored and reported (used by later features) */
	AP_TIME,	/* time zone / SNTP client */
	AP_USERS,	/* authentication table (read at each request) */
	AP_NETWORK,	/* operator program "network" */
	AP_PORT,	/* HTTP listener moves to the new port */
	AP_WIFI,	/* operator program "wifi" */
	AP_PPPOE,	/* operator program "pppoe" */
	AP_SERIAL,	/* termios of the decoder serial port */
	AP_MISC,	/* sysfs attribute of /dev/ptzN (via libipcam) */
	AP_CAMERA,	/* V4L2 control or format (via libipcam) */
	AP_DDNS,	/* the DDNS client updates (ddns.h) */
	AP_UPNP,	/* the UPnP client maps or unmaps (upnp.h) */
	AP_ALARM,	/* the alarm engine arms and disarms (alarm.h) */
	AP_NOTIFY,	/* mail, FTP and webhook notifications (notify.h) */
};

/* setting flags */
#define SF_SECRET	(1U << 0)	/* a password or key: blankable, never logged */
#define SF_PARAMS	(1U << 1)	/* printed by get_params.cgi */
#define SF_OPTIONAL	(1U << 2)	/* may be left out even of a full-set CGI */

struct setting {
	const char *name;	/* as get_params / get_misc / get_forbidden print it */
	enum st_type type;
	enum st_class cls;
	long min, max;		/* ST_INT: range; ST_STR: max = length limit */
	const long *choices;	/* ST_CHOICE: the allowed values, ending in -1 */
	const char *def;	/* factory default, in canonical text form */
	unsigned int flags;
	const char *cgi;	/* the CGI that sets it ("" = none: the daemon's own) */
	const char *key;	/* its parameter name in that CGI */
	const char *key_alias;	/* another name some clients send, or NULL */
	enum st_apply apply;
};

extern const struct setting settings_table[];
extern const size_t settings_count;

/* Index of the setting NAME, or -1. */
int setting_index(const char *name);

/* True when CGI (a path) has a setting whose parameter is KEY. */
bool setting_cgi_has_key(const char *cgi, const char *key);

/* CGIs that set settings and how they treat a partial request. */
#define CGI_FULL_SET	1	/* every non-optional key must be present */
#define CGI_PARTIAL	0	/* at least one of its keys must be present */

struct set_cgi {
	const char *path;	/* "/set_users.cgi" */
	int mode;		/* CGI_FULL_SET or CGI_PARTIAL */
};

extern const struct set_cgi set_cgis[];
extern const size_t set_cgi_count;

/*
 * Validate the text S[0..LEN) for setting IDX.  On success store the
 * canonical form in OUT (size at least LEN + 24) and return true.
 */
bool setting_validate(int idx, const char *s, size_t len, char *out, size_t outcap);

/*
 * The same for a value from a request, which must also be well-formed
 * UTF-8 when it is text.  (A settings file from before that rule may hold
 * other bytes: setting_validate() reads it back as it is, rather than
 * putting a password back to its factory value.)
 */
bool setting_validate_input(int idx, const char *s, size_t len, char *out, size_t outcap);

/* True for a valid string of class CLS (used by other validators too). */
bool string_class_ok(enum st_class cls, const char *s, size_t len);

/* The SDK's termios baud codes and their speeds; 0 if CODE is none of them. */
unsigned int baud_code_speed(long code);

#endif

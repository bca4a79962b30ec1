/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DDNS providers of set_ddns.cgi's `service` and what their servers'
 * replies mean: the one table of providers, and the mapping of a dyndns2
 * reply onto get_status.cgi's ddns_status and onto what the client does
 * next.  Pure: the unit tests and the fuzz harness call it directly.
 *
 * Every provider speaks the dyndns2 update protocol: GET UPDATE_URL?
 * hostname=HOST[&system=SYSTEM] with HTTP Basic authentication; the
 * reply's first word is the result ("good 1.2.3.4", "nochg 1.2.3.4",
 * "badauth", ...).
 */
#ifndef IPCAMD_DDNS_REPLY_H
#define IPCAMD_DDNS_REPLY_H

#include <stddef.h>

/* get_status.cgi ddns_status (the SDK's table) */
enum ddns_status {
	DDNS_ST_NONE = 0,		/* no action: DDNS off */
	DDNS_ST_CONNECTING = 1,
	DDNS_ST_NO_CONNECT = 2,		/* cannot connect to the server */
	DDNS_ST_OK = 3,			/* DynDNS success */
	DDNS_ST_SERVER_ERROR = 4,	/* dnserr, 911, HTTP 5xx */
	DDNS_ST_BADAUTH = 5,
	DDNS_ST_DONATOR = 6,		/* !donator: a paid feature */
	DDNS_ST_NOTFQDN = 7,		/* illegal host format */
	DDNS_ST_NOHOST = 8,
	DDNS_ST_NOT_YOURS = 9,
	DDNS_ST_NUMHOST = 10,		/* too many or too few hosts */
	DDNS_ST_ABUSE = 11,
	DDNS_ST_BAD_REPLY = 12,		/* a 200 reply that is no dyndns2 answer */
	DDNS_ST_BAD_HTTP = 13,		/* an HTTP status that is neither 200 nor 5xx */
	DDNS_ST_ORAY_BAD_REPLY = 14,
	DDNS_ST_ORAY_BADAUTH = 15,
	DDNS_ST_ORAY_BADHOST = 16,
	DDNS_ST_ORAY_OK = 17,
};

/* What the client does after a reply. */
enum ddns_next {
	DDNS_NEXT_REFRESH,	/* done: again at an address change or the refresh period */
	DDNS_NEXT_RETRY,	/* transient: again after a backoff */
	DDNS_NEXT_RETRY_LONG,	/* the server is in trouble: not before 30 minutes */
	DDNS_NEXT_STOP,		/* refused for good: nothing until the settings change */
};

enum ddns_family { DDNS_ORAY, DDNS_DYNDNS, DDNS_3322 };

/*
 * THE provider list: service code, name, family, dyndns2 system parameter,
 * refresh period.  Dyn deletes a host that has not been updated for 30
 * days and asks clients not to update an unchanged address more often;
 * the others get a daily update.  settings_table.c takes the valid
 * set_ddns.cgi service codes from it (0 is "off"; 5..7 are reserved).
 */
#define DDNS_DAY (24 * 3600)
#define DDNS_PROVIDERS(X) \
	X(1, "oray.cn", DDNS_ORAY, NULL, DDNS_DAY) \
	X(2, "DynDNS.org dyndns", DDNS_DYNDNS, "dyndns", 28 * DDNS_DAY) \
	X(3, "DynDNS.org statdns", DDNS_DYNDNS, "statdns", 28 * DDNS_DAY) \
	X(4, "DynDNS.org custom", DDNS_DYNDNS, "custom", 28 * DDNS_DAY) \
	X(8, "3322.org dyndns", DDNS_3322, "dyndns", DDNS_DAY) \
	X(9, "3322.org statdns", DDNS_3322, "statdns", DDNS_DAY)

struct ddns_provider {
	int service;		/* set_ddns.cgi service code */
	const char *name;
	enum ddns_family family;	/* whose update URL (a config key each) */
	const char *system;	/* the dyndns2 system parameter, or NULL */
	int refresh;		/* seconds between updates without a change */
};

/* The provider of SERVICE, or NULL (0 = off, 5..7 reserved, unknown). */
const struct ddns_provider *ddns_provider_find(long service);

struct ddns_outcome {
	enum ddns_status status;
	enum ddns_next next;
};

/*
 * The outcome of an update that got HTTP status HTTP_CODE and BODY[0..LEN)
 * (not NUL-terminated; any bytes) from PROVIDER's server.
 */
struct ddns_outcome ddns_classify(const struct ddns_provider *p, long http_code,
				  const char *body, size_t len);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
#include "netop_request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * THE keys of each kind, in the order ipcamd's apply_build_env() sets them
 * (the settings table's order, IPCAM_DHCP last).  The unit test checks
 * this table against apply_build_env(), so ipcamd and ipcamd-apply cannot
 * drift apart unnoticed.
 */
static const char *const network_keys[] = {
	"IPCAM_IP", "IPCAM_MASK", "IPCAM_GATEWAY", "IPCAM_DNS", "IPCAM_PORT", "IPCAM_DHCP",
};
static const char *const wifi_keys[] = {
	"IPCAM_WIFI_ENABLE", "IPCAM_WIFI_SSID", "IPCAM_WIFI_ENCRYPT", "IPCAM_WIFI_DEFKEY",
	"IPCAM_WIFI_KEY1", "IPCAM_WIFI_KEY2", "IPCAM_WIFI_KEY3", "IPCAM_WIFI_KEY4",
	"IPCAM_WIFI_AUTHTYPE", "IPCAM_WIFI_KEYFORMAT",
	"IPCAM_WIFI_KEY1_BITS", "IPCAM_WIFI_KEY2_BITS", "IPCAM_WIFI_KEY3_BITS",
	"IPCAM_WIFI_KEY4_BITS", "IPCAM_WIFI_CHANNEL", "IPCAM_WIFI_MODE", "IPCAM_WIFI_WPA_PSK",
};
static const char *const pppoe_keys[] = {
	"IPCAM_PPPOE_ENABLE", "IPCAM_PPPOE_USER", "IPCAM_PPPOE_PWD",
};

static const struct {
	const char *name;
	const char *const *keys;
	size_t n;
} kinds[] = {
	[NETOP_NETWORK] = { "network", network_keys, ARRAY_SIZE(network_keys) },
	[NETOP_WIFI] = { "wifi", wifi_keys, ARRAY_SIZE(wifi_keys) },
	[NETOP_PPPOE] = { "pppoe", pppoe_keys, ARRAY_SIZE(pppoe_keys) },
	[NETOP_REBOOT] = { "reboot", NULL, 0 },
};

_Static_assert(ARRAY_SIZE(wifi_keys) <= NETOP_KEYS_MAX, "NETOP_KEYS_MAX too small");

int netop_kind_parse(const char *s, enum netop_kind *out)
{
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
		if (!strcmp(s, kinds[k].name)) {
			*out = (enum netop_kind)k;
			return 0;
		}
	}
	return -1;
}

const char *netop_kind_name(enum netop_kind kind)
{
	return kinds[kind].name;
}

size_t netop_key_count(enum netop_kind kind)
{
	return kinds[kind].n;
}

const char *netop_key_name(enum netop_kind kind, size_t i)
{
	return kinds[kind].keys[i];
}

static int key_index(enum netop_kind kind, const char *name, size_t len)
{
	for (size_t i = 0; i < kinds[kind].n; i++)
		if (strlen(kinds[kind].keys[i]) == len && !memcmp(kinds[kind].keys[i], name, len))
			return (int)i;
	return -1;
}

/* The kind that owns NAME, to tell "another kind's key" from "unknown". */
static int key_owner(const char *name, size_t len)
{
	for (size_t k = 0; k < ARRAY_SIZE(kinds); k++)
		if (key_index((enum netop_kind)k, name, len) >= 0)
			return (int)k;
	return -1;
}

/* IPCAM_ and upper-case letters, digits, '_': safe to quote in a message. */
static bool key_shape_ok(const char *s, size_t len)
{
	if (len <= 6 || len > 40 || memcmp(s, "IPCAM_", 6))
		return false;
	for (size_t i = 6; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static void request_init(struct netop_request *r, enum netop_kind kind)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
}

static int first_missing(const struct netop_request *r, char *err, size_t errcap)
{
	for (size_t i = 0; i < kinds[r->kind].n; i++) {
		if (!r->values[i]) {
			snprintf(err, errcap, "missing key %s", kinds[r->kind].keys[i]);
			return -1;
		}
	}
	return 0;
}

int netop_request_from_env(struct netop_request *r, enum netop_kind kind,
			   char *const *envp, char *err, size_t errcap)
{
	request_init(r, kind);
	for (char *const *e = envp; *e; e++) {
		const char *eq = strchr(*e, '=');
		int i;

		if (!eq)
			continue;
		i = key_index(kind, *e, (size_t)(eq - *e));
		if (i < 0)
			continue;
		/* a value the wire could not carry is refused in both modes */
		if (strchr(eq + 1, '\n')) {
			snprintf(err, errcap, "newline in %s", kinds[kind].keys[i]);
			netop_request_free(r);
			return -1;
		}
		/* the first one wins, as getenv() would have it */
		if (!r->values[i])
			r->values[i] = xstrdup(eq + 1);
	}
	if (first_missing(r, err, errcap)) {
		netop_request_free(r);
		return -1;
	}
	return 0;
}

/* One "IPCAM_NAME=value" line (LINE[0..LEN), no newline) into R. */
static int parse_line(struct netop_request *r, const char *line, size_t len, unsigned int lineno,
		      char *err, size_t errcap)
{
	const char *eq = memchr(line, '=', len);
	size_t klen;
	int i, owner;

	if (!eq || !key_shape_ok(line, (size_t)(eq - line))) {
		snprintf(err, errcap, "line %u is not IPCAM_NAME=value", lineno);
		return -1;
	}
	klen = (size_t)(eq - line);
	i = key_index(r->kind, line, klen);
	if (i < 0) {
		owner = key_owner(line, klen);
		if (owner >= 0)
			snprintf(err, errcap, "key %.*s is of %s, not %s", (int)klen, line,
				 kinds[owner].name, kinds[r->kind].name);
		else
			snprintf(err, errcap, "unknown key %.*s", (int)klen, line);
		return -1;
	}
	if (r->values[i]) {
		snprintf(err, errcap, "duplicate key %.*s", (int)klen, line);
		return -1;
	}
	r->values[i] = xstrndup(eq + 1, len - klen - 1);
	return 0;
}

int netop_request_parse(struct netop_request *r, const char *text, size_t len,
			char *err, size_t errcap)
{
	const char *p = text, *end = text + len, *nl;
	enum netop_kind kind;
	unsigned int lineno = 1;
	char name[16];

	request_init(r, NETOP_REBOOT);
	if (len > NETOP_REQUEST_MAX) {
		snprintf(err, errcap, "request too large");
		return -1;
	}
	if (memchr(text, '\0', len)) {
		snprintf(err, errcap, "NUL byte in the request");
		return -1;
	}
	nl = memchr(p, '\n', len);
	if (!nl || (size_t)(nl - p) >= sizeof(name)) {
		snprintf(err, errcap, "no request kind");
		return -1;
	}
	memcpy(name, p, (size_t)(nl - p));
	name[nl - p] = '\0';
	if (netop_kind_parse(name, &kind)) {
		snprintf(err, errcap, "unknown request kind");
		return -1;
	}
	request_init(r, kind);
	for (p = nl + 1; p < end; p = nl + 1) {
		lineno++;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		if (nl == p) {
			if (nl + 1 != end) {
				snprintf(err, errcap, "data after the end of the request");
				goto fail;
			}
			if (first_missing(r, err, errcap))
				goto fail;
			return 0;
		}
		if (parse_line(r, p, (size_t)(nl - p), lineno, err, errcap))
			goto fail;
	}
	snprintf(err, errcap, "truncated request (no empty line at the end)");
fail:
	netop_request_free(r);
	return -1;
}

static char *put(char *dst, const char *s)
{
	size_t n = strlen(s);

	memcpy(dst, s, n);
	return dst + n;
}

char *netop_request_format(const struct netop_request *r, size_t *len)
{
	size_t need = strlen(kinds[r->kind].name) + 2;
	char *text, *p;

	/* sized once: no realloc leaves a copy of a password behind */
	for (size_t i = 0; i < kinds[r->kind].n; i++)
		need += strlen(kinds[r->kind].keys[i]) + strlen(r->values[i]) + 2;
	p = text = xmalloc(need + 1);
	p = put(p, kinds[r->kind].name);
	*p++ = '\n';
	for (size_t i = 0; i < kinds[r->kind].n; i++) {
		p = put(p, kinds[r->kind].keys[i]);
		*p++ = '=';
		p = put(p, r->values[i]);
		*p++ = '\n';
	}
	*p++ = '\n';
	*p = '\0';
	*len = (size_t)(p - text);
	return text;
}

const char *netop_value(const struct netop_request *r, const char *key)
{
	int i = key_index(r->kind, key, strlen(key));

	/* a renderer asking for a key of another kind is a bug: fail loudly */
	if (i < 0 || !r->values[i])
		abort();
	return r->values[i];
}

void netop_request_free(struct netop_request *r)
{
	for (size_t i = 0; i < NETOP_KEYS_MAX; i++) {
		if (r->values[i]) {
			secret_wipe(r->values[i], strlen(r->values[i]));
			free(r->values[i]);
			r->values[i] = NULL;
		}
	}
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include "netop_render.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

#define NOTICE(cgi) "# Written by ipcamd-apply from " cgi "; it is rewritten on the next change.\n"

/* pppd's MAXNAMELEN and MAXSECRETLEN (256, with the NUL) */
#define PPP_STRING_MAX 255

bool netop_iface_valid(const char *name)
{
	size_t len = strlen(name);

	if (len < 1 || len > 15 || name[0] == '-' || name[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == ':' || c == '-'))
			return false;
	}
	return true;
}

static void fail(char *err, size_t errcap, const char *key, const char *why)
{
	snprintf(err, errcap, "%s: %s", key, why);
}

/* The next file of PLAN, empty, at PATH (a format of one interface name). */
static struct netop_file *plan_file(struct netop_plan *p, const char *dir, const char *name,
				    const char *suffix, unsigned int mode)
{
	struct netop_file *f = &p->files[p->nfiles++];

	snprintf(f->path, sizeof(f->path), "%s%s%s", dir, name, suffix);
	f->mode = mode;
	f->len = 0;
	f->remove = false;
	return f;
}

static void plan_cmd(struct netop_plan *p, const char *a0, const char *a1, const char *a2,
		     const char *a3)
{
	struct netop_cmd *c = &p->cmds[p->ncmds++];
	const char *args[NETOP_ARGS_MAX] = { a0, a1, a2, a3 };

	c->argc = 0;
	for (size_t i = 0; i < NETOP_ARGS_MAX && args[i]; i++)
		snprintf(c->argv[c->argc++], sizeof(c->argv[0]), "%s", args[i]);
}

/* Append to F; an overflow leaves len past the end, caught by file_done(). */
static void __attribute__((format(printf, 2, 3))) add(struct netop_file *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (f->len >= sizeof(f->text))
		return;
	va_start(ap, fmt);
	n = vsnprintf(f->text + f->len, sizeof(f->text) - f->len, fmt, ap);
	va_end(ap);
	f->len = n < 0 ? sizeof(f->text) : f->len + (size_t)n;
}

static int files_done(const struct netop_plan *p, char *err, size_t errcap)
{
	for (size_t i = 0; i < p->nfiles; i++) {
		if (p->files[i].len >= sizeof(p->files[i].text)) {
			snprintf(err, errcap, "%s: too long", p->files[i].path);
			return -1;
		}
	}
	return 0;
}

static int get_int(const struct netop_request *r, const char *key, long lo, long hi, long *out,
		   char *err, size_t errcap)
{
	const char *v = netop_value(r, key);

	if (!parse_long(v, strlen(v), lo, hi, out)) {
		snprintf(err, errcap, "%s: not a number in %ld..%ld", key, lo, hi);
		return -1;
	}
	return 0;
}

static bool is_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static bool is_hex(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f') || (*s >= 'A' && *s <= 'F')))
			return false;
	return true;
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/*
 * An IPv4 address in host order; an OPTIONAL one may be empty, which like
 * "0.0.0.0" gives 0: none.  inet_pton takes dotted quads only (no "10.1",
 * no hex or octal).
 */
static int get_ipv4(const struct netop_request *r, const char *key, bool optional,
		    uint32_t *out, char *err, size_t errcap)
{
	const char *v = netop_value(r, key);
	struct in_addr a;

	if (!v[0] && optional) {
		*out = 0;
		return 0;
	}
	if (inet_pton(AF_INET, v, &a) != 1) {
		fail(err, errcap, key, v[0] ? "not an IPv4 address" : "required");
		return -1;
	}
	*out = ntohl(a.s_addr);
	return 0;
}

static bool multicast_or_reserved(uint32_t a)
{
	return (a >> 28) >= 0xe;	/* 224/4 multicast, 240/4 and broadcast */
}

/* A contiguous mask: its prefix length 1..32, or -1. */
static int mask_prefix(uint32_t m)
{
	int len = 0;

	while (len < 32 && (m & (0x80000000u >> len)))
		len++;
	if (len == 0 || (len < 32 && (m << len)))
		return -1;
	return len;
}

static void put_ipv4(char buf[INET_ADDRSTRLEN], uint32_t host)
{
	struct in_addr a = { .s_addr = htonl(host) };

	inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

struct static_ipv4 {
	uint32_t ip, gateway, dns;	/* gateway, dns: 0 = none */
	int prefix;
};

static int check_static(const struct netop_request *r, struct static_ipv4 *s, char *err,
			size_t errcap)
{
	uint32_t mask, host;

	if (get_ipv4(r, "IPCAM_IP", false, &s->ip, err, errcap) ||
	    get_ipv4(r, "IPCAM_MASK", false, &mask, err, errcap) ||
	    get_ipv4(r, "IPCAM_GATEWAY", true, &s->gateway, err, errcap) ||
	    get_ipv4(r, "IPCAM_DNS", true, &s->dns, err, errcap))
		return -1;
	s->prefix = mask_prefix(mask);
	if (s->prefix < 0) {
		fail(err, errcap, "IPCAM_MASK", "not a contiguous netmask");
		return -1;
	}
	host = s->ip & ~mask;
	/* the subnet's own network and broadcast addresses are no host's
	 * (a /31 or /32 has none: RFC 3021) */
	if (s->ip == 0 || multicast_or_reserved(s->ip) || (s->ip >> 24) == 127 ||
	    (s->prefix <= 30 && (host == 0 || host == ~mask))) {
		fail(err, errcap, "IPCAM_IP", "not a host address");
		return -1;
	}
	if (s->gateway && ((s->gateway & mask) != (s->ip & mask) || s->gateway == s->ip ||
			   (s->prefix <= 30 && ((s->gateway & ~mask) == 0 ||
						(s->gateway & ~mask) == ~mask)))) {
		fail(err, errcap, "IPCAM_GATEWAY", "not a host of the address's subnet");
		return -1;
	}
	if (s->dns && multicast_or_reserved(s->dns)) {
		fail(err, errcap, "IPCAM_DNS", "not a host address");
		return -1;
	}
	return 0;
}

/* set_network.cgi: one .network file of the wired interface. */
static int render_network(const struct netop_request *r, const struct netop_ifaces *ifs,
			  struct netop_plan *p, char *err, size_t errcap)
{
	struct static_ipv4 s = { 0 };
	struct netop_file *f;
	long dhcp;

	/* IPCAM_PORT is ipcamd's own business (it moves its listener) */
	if (get_int(r, "IPCAM_DHCP", 0, 1, &dhcp, err, errcap))
		return -1;
	if (!dhcp && check_static(r, &s, err, errcap))
		return -1;
	f = plan_file(p, "etc/systemd/network/50-ipcamd-", ifs->wired, ".network", 0644);
	add(f, NOTICE("set_network.cgi") "[Match]\nName=%s\n\n[Network]\n", ifs->wired);
	if (dhcp) {
		add(f, "DHCP=ipv4\n");
	} else {
		char a[INET_ADDRSTRLEN];

		put_ipv4(a, s.ip);
		add(f, "Address=%s/%d\n", a, s.prefix);
		if (s.gateway) {
			put_ipv4(a, s.gateway);
			add(f, "Gateway=%s\n", a);
		}
		if (s.dns) {
			put_ipv4(a, s.dns);
			add(f, "DNS=%s\n", a);
		}
	}
	plan_cmd(p, "networkctl", "reload", NULL, NULL);
	plan_cmd(p, "networkctl", "reconfigure", ifs->wired, NULL);
	return files_done(p, err, errcap);
}

struct wifi {
	long enable, encrypt, defkey, authtype, keyformat, channel, mode;
	long bits[4];
};

static int wifi_numbers(const struct netop_request *r, struct wifi *w, char *err, size_t errcap)
{
	static const char *const bits_keys[4] = {
		"IPCAM_WIFI_KEY1_BITS", "IPCAM_WIFI_KEY2_BITS", "IPCAM_WIFI_KEY3_BITS",
		"IPCAM_WIFI_KEY4_BITS",
	};

	if (get_int(r, "IPCAM_WIFI_ENABLE", 0, 1, &w->enable, err, errcap) ||
	    get_int(r, "IPCAM_WIFI_ENCRYPT", 0, 5, &w->encrypt, err, errcap) ||
	    get_int(r, "IPCAM_WIFI_DEFKEY", 0, 3, &w->defkey, err, errcap) ||
	    get_int(r, "IPCAM_WIFI_AUTHTYPE", 0, 1, &w->authtype, err, errcap) ||
	    get_int(r, "IPCAM_WIFI_KEYFORMAT", 0, 1, &w->keyformat, err, errcap) ||
	    get_int(r, "IPCAM_WIFI_CHANNEL", 1, 14, &w->channel, err, errcap) ||
	    get_int(r, "IPCAM_WIFI_MODE", 0, 1, &w->mode, err, errcap))
		return -1;
	for (int i = 0; i < 4; i++)
		if (get_int(r, bits_keys[i], 0, 1, &w->bits[i], err, errcap))
			return -1;
	return 0;
}

/*
 * A WEP key as the SDK gives it: keyformat 0 is hex (10 digits for 64-bit,
 * 26 for 128-bit), 1 is ASCII (5 or 13 printable characters).  Empty is
 * "no key".
 */
static int check_wep_key(const char *key, const char *v, long keyformat, long bits,
			 char *err, size_t errcap)
{
	size_t want = keyformat ? (bits ? 13 : 5) : (bits ? 26 : 10);

	if (!v[0])
		return 0;
	if (strlen(v) != want || !(keyformat ? is_printable(v) : is_hex(v))) {
		snprintf(err, errcap, "%s: not a %s-bit WEP key of %zu %s", key, bits ? "128" : "64",
			 want, keyformat ? "printable characters" : "hex digits");
		return -1;
	}
	return 0;
}

static int add_wep(const struct netop_request *r, const struct wifi *w, struct netop_file *f,
		   char *err, size_t errcap)
{
	static const char *const keys[4] = {
		"IPCAM_WIFI_KEY1", "IPCAM_WIFI_KEY2", "IPCAM_WIFI_KEY3", "IPCAM_WIFI_KEY4",
	};

	for (int i = 0; i < 4; i++)
		if (check_wep_key(keys[i], netop_value(r, keys[i]), w->keyformat, w->bits[i],
				  err, errcap))
			return -1;
	if (!netop_value(r, keys[w->defkey])[0]) {
		fail(err, errcap, "IPCAM_WIFI_DEFKEY", "names an empty key");
		return -1;
	}
	add(f, "\tkey_mgmt=NONE\n");
	for (int i = 0; i < 4; i++) {
		const char *v = netop_value(r, keys[i]);

		if (!v[0])
			continue;
		/* wpa_supplicant's quoted strings end at the last quote: any
		 * printable character may be inside */
		if (w->keyformat)
			add(f, "\twep_key%d=\"%s\"\n", i, v);
		else
			add(f, "\twep_key%d=%s\n", i, v);
	}
	add(f, "\twep_tx_keyidx=%ld\n\tauth_alg=%s\n", w->defkey, w->authtype ? "SHARED" : "OPEN");
	return 0;
}

/* 64 hex digits are the raw PSK; 8..63 printable characters a passphrase. */
static int add_psk(const struct netop_request *r, const struct wifi *w, struct netop_file *f,
		   char *err, size_t errcap)
{
	static const char *const proto[] = { [2] = "WPA", [3] = "WPA", [4] = "RSN", [5] = "RSN" };
	static const char *const pairwise[] = {
		[2] = "TKIP", [3] = "CCMP", [4] = "CCMP", [5] = "CCMP TKIP",
	};
	const char *psk = netop_value(r, "IPCAM_WIFI_WPA_PSK");
	size_t len = strlen(psk);
	bool raw = len == 64 && is_hex(psk);

	if (!raw && (len < 8 || len > 63 || !is_printable(psk))) {
		fail(err, errcap, "IPCAM_WIFI_WPA_PSK",
		     "neither 8..63 printable characters nor 64 hex digits");
		return -1;
	}
	add(f, "\tkey_mgmt=WPA-PSK\n\tproto=%s\n\tpairwise=%s\n", proto[w->encrypt],
	    pairwise[w->encrypt]);
	add(f, raw ? "\tpsk=%s\n" : "\tpsk=\"%s\"\n", psk);
	return 0;
}

static int add_network_block(const struct netop_request *r, const struct wifi *w,
			     struct netop_file *f, char *err, size_t errcap)
{
	const char *ssid = netop_value(r, "IPCAM_WIFI_SSID");
	size_t len = strlen(ssid);

	if (len < 1 || len > 32) {
		fail(err, errcap, "IPCAM_WIFI_SSID", "must be 1..32 bytes");
		return -1;
	}
	/* hex: any byte of the SSID is safe, nothing to quote */
	add(f, "\nnetwork={\n\tssid=");
	for (size_t i = 0; i < len; i++)
		add(f, "%02x", (unsigned char)ssid[i]);
	add(f, "\n");
	if (w->mode == 1) {
		add(f, "\tmode=1\n\tfrequency=%ld\n",
		    w->channel == 14 ? 2484 : 2412 + 5 * (w->channel - 1));
	}
	if (w->encrypt == 0)
		add(f, "\tkey_mgmt=NONE\n");
	else if (w->encrypt == 1 ? add_wep(r, w, f, err, errcap) : add_psk(r, w, f, err, errcap))
		return -1;
	add(f, "}\n");
	return 0;
}

/* set_wifi.cgi: wpa_supplicant@WLAN's configuration and WLAN's .network. */
static int render_wifi(const struct netop_request *r, const struct netop_ifaces *ifs,
		       struct netop_plan *p, char *err, size_t errcap)
{
	char unit[48];
	struct netop_file *f;
	struct wifi w;

	if (wifi_numbers(r, &w, err, errcap))
		return -1;
	f = plan_file(p, "etc/wpa_supplicant/wpa_supplicant-", ifs->wifi, ".conf", 0600);
	add(f, NOTICE("set_wifi.cgi") "ctrl_interface=/run/wpa_supplicant\n");
	if (w.enable && add_network_block(r, &w, f, err, errcap))
		return -1;
	f = plan_file(p, "etc/systemd/network/50-ipcamd-", ifs->wifi, ".network", 0644);
	if (w.enable)
		add(f, NOTICE("set_wifi.cgi") "[Match]\nName=%s\n\n[Network]\nDHCP=ipv4\n",
		    ifs->wifi);
	else
		f->remove = true;
	snprintf(unit, sizeof(unit), "wpa_supplicant@%s.service", ifs->wifi);
	plan_cmd(p, "systemctl", w.enable ? "restart" : "stop", unit, NULL);
	plan_cmd(p, "networkctl", "reload", NULL, NULL);
	return files_done(p, err, errcap);
}

/* A string of pppd's option files: printable (no control characters; other
 * bytes are pppd's to take), at most PPP_STRING_MAX bytes. */
static int check_ppp_string(const char *key, const char *v, char *err, size_t errcap)
{
	if (strlen(v) > PPP_STRING_MAX || has_control(v)) {
		fail(err, errcap, key, "too long or holds a control character");
		return -1;
	}
	return 0;
}

/* pppd's quoting: inside "...", a backslash escapes '\' and '"'. */
static void add_ppp_quoted(struct netop_file *f, const char *option, const char *v)
{
	add(f, "%s \"", option);
	for (; *v; v++)
		add(f, *v == '\\' || *v == '"' ? "\\%c" : "%c", *v);
	add(f, "\"\n");
}

/* set_pppoe.cgi: the peer "ipcamd" of ipcamd-pppoe.service (pppd call ipcamd). */
static int render_pppoe(const struct netop_request *r, const struct netop_ifaces *ifs,
			struct netop_plan *p, char *err, size_t errcap)
{
	const char *user = netop_value(r, "IPCAM_PPPOE_USER");
	const char *pwd = netop_value(r, "IPCAM_PPPOE_PWD");
	struct netop_file *f;
	long enable;

	if (get_int(r, "IPCAM_PPPOE_ENABLE", 0, 1, &enable, err, errcap) ||
	    check_ppp_string("IPCAM_PPPOE_USER", user, err, errcap) ||
	    check_ppp_string("IPCAM_PPPOE_PWD", pwd, err, errcap))
		return -1;
	if (enable && !user[0]) {
		fail(err, errcap, "IPCAM_PPPOE_USER", "required");
		return -1;
	}
	f = plan_file(p, "etc/ppp/peers/", "ipcamd", "", 0600);
	/* rp-pppoe.so: Debian 12's ppp 2.4.9 (a link to pppoe.so there) */
	add(f, NOTICE("set_pppoe.cgi") "plugin rp-pppoe.so\nnic-%s\n", ifs->wired);
	add_ppp_quoted(f, "user", user);
	add_ppp_quoted(f, "password", pwd);
	add(f, "noipdefault\ndefaultroute\nusepeerdns\npersist\nmaxfail 0\nhide-password\n"
	    "noauth\nlinkname ipcamd\n");
	plan_cmd(p, "systemctl", enable ? "restart" : "stop", "ipcamd-pppoe.service", NULL);
	return files_done(p, err, errcap);
}

int netop_render(const struct netop_request *r, const struct netop_ifaces *ifs,
		 struct netop_plan *plan, char *err, size_t errcap)
{
	memset(plan, 0, sizeof(*plan));
	if (!netop_iface_valid(ifs->wired) || !netop_iface_valid(ifs->wifi)) {
		snprintf(err, errcap, "bad interface name");
		return -1;
	}
	switch (r->kind) {
	case NETOP_NETWORK:
		return render_network(r, ifs, plan, err, errcap);
	case NETOP_WIFI:
		return render_wifi(r, ifs, plan, err, errcap);
	case NETOP_PPPOE:
		return render_pppoe(r, ifs, plan, err, errcap);
	case NETOP_REBOOT:
		plan_cmd(plan, "systemctl", "reboot", NULL, NULL);
		return 0;
	}
	snprintf(err, errcap, "unknown request kind");
	return -1;
}

void netop_plan_wipe(struct netop_plan *plan)
{
	secret_wipe(plan, sizeof(*plan));
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipcamd-apply: requests (environment and wire), the files each kind
 * renders, the checks that refuse a request, atomic writes, the programs
 * it runs, and the real program (NETOP_APPLY_BIN) over its socket: a
 * refused request changes nothing on disk, the root instance answers on a
 * socketpair, and the unprivileged client forwards to it.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "apply.h"
#include "netop_files.h"
#include "netop_render.h"
#include "netop_request.h"
#include "netop_run.h"
#include "netop_socket.h"
#include "settings.h"
#include "unit.h"
#include "util.h"

#ifndef NETOP_APPLY_BIN
#define NETOP_APPLY_BIN "build/daemon/ipcamd-apply"
#endif

#define NOTICE(cgi) "# Written by ipcamd-apply from " cgi "; it is rewritten on the next change.\n"

static const struct netop_ifaces ifs = { "eth1", "wlp2s0" };

static const char net_base[] =
	"network\nIPCAM_IP=192.168.1.20\nIPCAM_MASK=255.255.255.0\nIPCAM_GATEWAY=192.168.1.1\n"
	"IPCAM_DNS=192.168.1.2\nIPCAM_PORT=80\nIPCAM_DHCP=0\n\n";
static const char wifi_base[] =
	"wifi\nIPCAM_WIFI_ENABLE=1\nIPCAM_WIFI_SSID=home net\nIPCAM_WIFI_ENCRYPT=4\n"
	"IPCAM_WIFI_DEFKEY=0\nIPCAM_WIFI_KEY1=\nIPCAM_WIFI_KEY2=\nIPCAM_WIFI_KEY3=\nIPCAM_WIFI_KEY4=\n"
	"IPCAM_WIFI_AUTHTYPE=0\nIPCAM_WIFI_KEYFORMAT=0\nIPCAM_WIFI_KEY1_BITS=0\n"
	"IPCAM_WIFI_KEY2_BITS=0\nIPCAM_WIFI_KEY3_BITS=0\nIPCAM_WIFI_KEY4_BITS=0\n"
	"IPCAM_WIFI_CHANNEL=6\nIPCAM_WIFI_MODE=0\nIPCAM_WIFI_WPA_PSK=correct horse battery\n\n";
static const char pppoe_base[] =
	"pppoe\nIPCAM_PPPOE_ENABLE=1\nIPCAM_PPPOE_USER=user@isp\nIPCAM_PPPOE_PWD=Pa55word\n\n";

static const char *base_of(enum netop_kind kind)
{
	return kind == NETOP_NETWORK ? net_base : kind == NETOP_WIFI ? wifi_base :
	       kind == NETOP_PPPOE ? pppoe_base : "reboot\n\n";
}

/* BASE with the "KEY=value" entries of SET (NULL-terminated) replaced. */
static void make(struct netop_request *r, const char *base, const char *const *set)
{
	char err[256];

	ck_assert_msg(netop_request_parse(r, base, strlen(base), err, sizeof(err)) == 0, "%s", err);
	for (; set && *set; set++) {
		const char *eq = strchr(*set, '=');
		size_t i;

		for (i = 0; i < netop_key_count(r->kind); i++)
			if (strlen(netop_key_name(r->kind, i)) == (size_t)(eq - *set) &&
			    !strncmp(netop_key_name(r->kind, i), *set, (size_t)(eq - *set)))
				break;
		ck_assert_msg(i < netop_key_count(r->kind), "no key %s", *set);
		free(r->values[i]);
		r->values[i] = xstrdup(eq + 1);
	}
}

static int render(enum netop_kind kind, const char *const *set, struct netop_plan *p, char *err,
		  size_t errcap)
{
	struct netop_request r;
	int rc;

	make(&r, base_of(kind), set);
	rc = netop_render(&r, &ifs, p, err, errcap);
	netop_request_free(&r);
	return rc;
}

#define SET(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void assert_file(const struct netop_plan *p, size_t i, const char *path, unsigned int mode,
			const char *text)
{
	ck_assert_uint_gt(p->nfiles, i);
	ck_assert_str_eq(p->files[i].path, path);
	ck_assert(!p->files[i].remove);
	ck_assert_uint_eq(p->files[i].mode, mode);
	ck_assert_bytes(p->files[i].text, p->files[i].len, text);
}

static void assert_cmd(const struct netop_plan *p, size_t i, const char *a0, const char *a1,
		       const char *a2)
{
	ck_assert_uint_gt(p->ncmds, i);
	ck_assert_uint_eq(p->cmds[i].argc, a2 ? 3 : 2);
	ck_assert_str_eq(p->cmds[i].argv[0], a0);
	ck_assert_str_eq(p->cmds[i].argv[1], a1);
	if (a2)
		ck_assert_str_eq(p->cmds[i].argv[2], a2);
}

/* Rendering KIND with SET is refused with a message starting with WANT. */
static void refused(enum netop_kind kind, const char *const *set, const char *want)
{
	struct netop_plan p;
	char err[256] = "";

	ck_assert_msg(render(kind, set, &p, err, sizeof(err)) == -1, "%s accepted", set[0]);
	ck_assert_msg(!strncmp(err, want, strlen(want)), "%s: got '%s', want '%s'", set[0], err,
		      want);
	netop_plan_wipe(&p);
}

START_TEST(kinds_and_wire)
{
	struct netop_request r, back;
	enum netop_kind k;
	char err[256], *text;
	size_t len;

	ck_assert_int_eq(netop_kind_parse("wifi", &k), 0);
	ck_assert_int_eq(k, NETOP_WIFI);
	ck_assert_int_eq(netop_kind_parse("Wifi", &k), -1);
	ck_assert_uint_eq(netop_key_count(NETOP_NETWORK), 6);
	ck_assert_uint_eq(netop_key_count(NETOP_WIFI), 17);
	ck_assert_uint_eq(netop_key_count(NETOP_PPPOE), 3);
	ck_assert_uint_eq(netop_key_count(NETOP_REBOOT), 0);

	/* format -> parse gives the same request, and the base text back */
	make(&r, pppoe_base, SET("IPCAM_PPPOE_PWD=a=b c\\\"'"));
	text = netop_request_format(&r, &len);
	ck_assert_bytes(text, len, "pppoe\nIPCAM_PPPOE_ENABLE=1\nIPCAM_PPPOE_USER=user@isp\n"
			"IPCAM_PPPOE_PWD=a=b c\\\"'\n\n");
	ck_assert_int_eq(netop_request_parse(&back, text, len, err, sizeof(err)), 0);
	ck_assert_str_eq(netop_value(&back, "IPCAM_PPPOE_PWD"), "a=b c\\\"'");
	free(text);
	netop_request_free(&back);
	netop_request_free(&r);

	/* any order of keys; reboot has none */
	text = "pppoe\nIPCAM_PPPOE_PWD=\nIPCAM_PPPOE_ENABLE=0\nIPCAM_PPPOE_USER=\n\n";
	ck_assert_int_eq(netop_request_parse(&r, text, strlen(text), err, sizeof(err)), 0);
	netop_request_free(&r);
	ck_assert_int_eq(netop_request_parse(&r, "reboot\n\n", 8, err, sizeof(err)), 0);
	ck_assert_int_eq(r.kind, NETOP_REBOOT);
	netop_request_free(&r);
}
END_TEST

/* Each wire text is refused with a message containing WANT. */
static void wire_refused(const char *text, size_t len, const char *want)
{
	struct netop_request r;
	char err[256] = "";

	ck_assert_msg(netop_request_parse(&r, text, len, err, sizeof(err)) == -1, "accepted %s", text);
	ck_assert_msg(strstr(err, want) != NULL, "got '%s', want '%s'", err, want);
	for (size_t i = 0; i < NETOP_KEYS_MAX; i++)
		ck_assert_ptr_null(r.values[i]);
}

#define WIRE_REFUSED(text, want) wire_refused(text, sizeof(text) - 1, want)

START_TEST(wire_errors)
{
	char *big;

	WIRE_REFUSED("reboot\nIPCAM_IP=1.2.3.4\n\n", "key IPCAM_IP is of network, not reboot");
	WIRE_REFUSED("pppoe\nIPCAM_PPPOE_ENABLE=1\nIPCAM_PPPOE_USER=u\nIPCAM_PPPOE_PWD=p\n"
		     "IPCAM_PPPOE_MTU=1492\n\n", "unknown key IPCAM_PPPOE_MTU");
	WIRE_REFUSED("pppoe\nIPCAM_PPPOE_ENABLE=1\nIPCAM_PPPOE_USER=u\nIPCAM_PPPOE_USER=v\n"
		     "IPCAM_PPPOE_PWD=p\n\n", "duplicate key IPCAM_PPPOE_USER");
	WIRE_REFUSED("pppoe\nIPCAM_PPPOE_ENABLE=1\nIPCAM_PPPOE_USER=u\n\n",
		     "missing key IPCAM_PPPOE_PWD");
	WIRE_REFUSED("pppoe\nIPCAM_PPPOE_ENABLE=1\nIPCAM_WIFI_SSID=x\nIPCAM_PPPOE_USER=u\n"
		     "IPCAM_PPPOE_PWD=p\n\n", "key IPCAM_WIFI_SSID is of wifi, not pppoe");
	/* a newline inside a value makes its rest a line of its own */
	WIRE_REFUSED("pppoe\nIPCAM_PPPOE_ENABLE=1\nIPCAM_PPPOE_USER=u\nser\nIPCAM_PPPOE_PWD=p\n\n",
		     "line 4 is not IPCAM_NAME=value");
	WIRE_REFUSED("pppoe\nipcam_pppoe_enable=1\n\n", "line 2 is not");
	WIRE_REFUSED("pppoe\nIPCAM_PPPOE_ENABLE\n\n", "line 2 is not");
	WIRE_REFUSED("pppoe\nIPCAM_PPPOE_ENABLE=1\nIPCAM_PPPOE_USER=u\nIPCAM_PPPOE_PWD=p\n",
		     "truncated request");
	WIRE_REFUSED("pppoe\nIPCAM_PPPOE_ENABLE=1\nIPCAM_PPPOE_USER=u\nIPCAM_PPPOE_PWD=p",
		     "truncated request");
	WIRE_REFUSED("reboot\n\nreboot\n\n", "data after the end");
	WIRE_REFUSED("shutdown\n\n", "unknown request kind");
	WIRE_REFUSED("", "no request kind");
	WIRE_REFUSED("\n\n", "unknown request kind");
	WIRE_REFUSED("pppoe\nIPCAM_PPPOE_ENABLE=1\nIPCAM_PPPOE_USER=u\0x\nIPCAM_PPPOE_PWD=p\n\n",
		     "NUL byte");

	big = xmalloc(NETOP_REQUEST_MAX + 100);
	memset(big, 'a', NETOP_REQUEST_MAX + 100);
	memcpy(big, "pppoe\nIPCAM_PPPOE_USER=", 23);
	big[NETOP_REQUEST_MAX + 98] = big[NETOP_REQUEST_MAX + 99] = '\n';
	wire_refused(big, NETOP_REQUEST_MAX + 100, "request too large");
	free(big);
}
END_TEST

START_TEST(env_requests)
{
	struct netop_request r;
	char err[256] = "";
	char *env[] = {
		"PATH=/bin", "IPCAM_PPPOE_USER=u", "IPCAM_WIFI_SSID=ignored", "IPCAM_PPPOE_ENABLE=1",
		"IPCAM_PPPOE_PWD=p", "IPCAM_BOGUS=1", NULL,
	};
	char *missing[] = { "IPCAM_PPPOE_USER=u", "IPCAM_PPPOE_ENABLE=1", NULL };
	char *newline[] = { "IPCAM_PPPOE_USER=u\nx", "IPCAM_PPPOE_ENABLE=1", "IPCAM_PPPOE_PWD=", NULL };
	char *none[] = { "PATH=/bin", NULL };

	/* other kinds' keys and anything not IPCAM_* of the kind: ignored */
	ck_assert_int_eq(netop_request_from_env(&r, NETOP_PPPOE, env, err, sizeof(err)), 0);
	ck_assert_str_eq(netop_value(&r, "IPCAM_PPPOE_USER"), "u");
	netop_request_free(&r);
	ck_assert_int_eq(netop_request_from_env(&r, NETOP_PPPOE, missing, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "missing key IPCAM_PPPOE_PWD");
	ck_assert_int_eq(netop_request_from_env(&r, NETOP_PPPOE, newline, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "newline in IPCAM_PPPOE_USER");
	ck_assert_int_eq(netop_request_from_env(&r, NETOP_REBOOT, none, err, sizeof(err)), 0);
	netop_request_free(&r);
}
END_TEST

/* ipcamd's apply_build_env() and ipcamd-apply's table name the same keys,
 * and factory settings make a request that renders. */
START_TEST(contract_with_ipcamd)
{
	static const enum apply_kind ak[] = { APPLY_NETWORK, APPLY_WIFI, APPLY_PPPOE, APPLY_REBOOT };
	static const enum netop_kind nk[] = { NETOP_NETWORK, NETOP_WIFI, NETOP_PPPOE, NETOP_REBOOT };
	struct factory f = { "Fact0ry", 80 };

	settings_init(NULL, &f);
	for (size_t k = 0; k < 4; k++) {
		char **env = apply_build_env(ak[k]);
		struct netop_request r;
		struct netop_plan p;
		char err[256];
		size_t n = 0;

		for (char **e = env; *e; e++) {
			size_t i;

			if (!strncmp(*e, "PATH=", 5))
				continue;
			n++;
			for (i = 0; i < netop_key_count(nk[k]); i++)
				if (!strncmp(*e, netop_key_name(nk[k], i),
					     strlen(netop_key_name(nk[k], i))) &&
				    (*e)[strlen(netop_key_name(nk[k], i))] == '=')
					break;
			ck_assert_msg(i < netop_key_count(nk[k]), "ipcamd sets %s", *e);
		}
		ck_assert_uint_eq(n, netop_key_count(nk[k]));
		ck_assert_msg(netop_request_from_env(&r, nk[k], env, err, sizeof(err)) == 0, "%s", err);
		ck_assert_msg(netop_render(&r, &ifs, &p, err, sizeof(err)) == 0, "%s", err);
		netop_plan_wipe(&p);
		netop_request_free(&r);
		apply_free_env(env);
	}
	settings_shutdown();
}
END_TEST

START_TEST(render_network)
{
	struct netop_plan p;
	char err[256];

	ck_assert_int_eq(render(NETOP_NETWORK, SET("IPCAM_DHCP=1", "IPCAM_IP=junk"), &p, err,
				sizeof(err)), 0);
	ck_assert_uint_eq(p.nfiles, 1);
	assert_file(&p, 0, "etc/systemd/network/50-ipcamd-eth1.network", 0644,
		    NOTICE("set_network.cgi") "[Match]\nName=eth1\n\n[Network]\nDHCP=ipv4\n");
	ck_assert_uint_eq(p.ncmds, 2);
	assert_cmd(&p, 0, "networkctl", "reload", NULL);
	assert_cmd(&p, 1, "networkctl", "reconfigure", "eth1");

	ck_assert_int_eq(render(NETOP_NETWORK, NULL, &p, err, sizeof(err)), 0);
	assert_file(&p, 0, "etc/systemd/network/50-ipcamd-eth1.network", 0644,
		    NOTICE("set_network.cgi") "[Match]\nName=eth1\n\n[Network]\n"
		    "Address=192.168.1.20/24\nGateway=192.168.1.1\nDNS=192.168.1.2\n");

	/* no gateway, no DNS: empty or 0.0.0.0 */
	ck_assert_int_eq(render(NETOP_NETWORK, SET("IPCAM_GATEWAY=", "IPCAM_DNS=0.0.0.0",
						   "IPCAM_MASK=255.255.0.0"), &p, err, sizeof(err)), 0);
	assert_file(&p, 0, "etc/systemd/network/50-ipcamd-eth1.network", 0644,
		    NOTICE("set_network.cgi") "[Match]\nName=eth1\n\n[Network]\n"
		    "Address=192.168.1.20/16\n");

	/* /31 and /32 have no network or broadcast address */
	ck_assert_int_eq(render(NETOP_NETWORK, SET("IPCAM_IP=10.0.0.0", "IPCAM_MASK=255.255.255.254",
						   "IPCAM_GATEWAY=10.0.0.1"), &p, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(p.files[0].text, "Address=10.0.0.0/31\nGateway=10.0.0.1\n"));
	ck_assert_int_eq(render(NETOP_NETWORK, SET("IPCAM_IP=10.0.0.7", "IPCAM_MASK=255.255.255.255",
						   "IPCAM_GATEWAY="), &p, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(p.files[0].text, "Address=10.0.0.7/32\nDNS="));
	ck_assert_int_eq(render(NETOP_NETWORK, SET("IPCAM_IP=10.0.0.7", "IPCAM_MASK=128.0.0.0",
						   "IPCAM_GATEWAY=1.2.3.4"), &p, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(p.files[0].text, "Address=10.0.0.7/1\n"));
	netop_plan_wipe(&p);
}
END_TEST

START_TEST(network_errors)
{
	refused(NETOP_NETWORK, SET("IPCAM_IP=192.168.1"), "IPCAM_IP: not an IPv4 address");
	refused(NETOP_NETWORK, SET("IPCAM_IP=192.168.1.256"), "IPCAM_IP: not an IPv4");
	refused(NETOP_NETWORK, SET("IPCAM_IP=192.168.01.2"), "IPCAM_IP: not an IPv4");
	refused(NETOP_NETWORK, SET("IPCAM_IP= 192.168.1.2"), "IPCAM_IP: not an IPv4");
	refused(NETOP_NETWORK, SET("IPCAM_IP="), "IPCAM_IP: required");
	refused(NETOP_NETWORK, SET("IPCAM_IP=0.0.0.0"), "IPCAM_IP: not a host address");
	refused(NETOP_NETWORK, SET("IPCAM_IP=255.255.255.255"), "IPCAM_IP: not a host");
	refused(NETOP_NETWORK, SET("IPCAM_IP=224.0.0.5"), "IPCAM_IP: not a host");
	refused(NETOP_NETWORK, SET("IPCAM_IP=127.0.0.2"), "IPCAM_IP: not a host");
	refused(NETOP_NETWORK, SET("IPCAM_IP=192.168.1.0"), "IPCAM_IP: not a host");
	refused(NETOP_NETWORK, SET("IPCAM_IP=192.168.1.255"), "IPCAM_IP: not a host");
	refused(NETOP_NETWORK, SET("IPCAM_MASK=255.0.255.0"), "IPCAM_MASK: not a contiguous");
	refused(NETOP_NETWORK, SET("IPCAM_MASK=255.255.255.1"), "IPCAM_MASK: not a contiguous");
	refused(NETOP_NETWORK, SET("IPCAM_MASK=0.0.0.0"), "IPCAM_MASK: not a contiguous");
	refused(NETOP_NETWORK, SET("IPCAM_MASK="), "IPCAM_MASK: required");
	refused(NETOP_NETWORK, SET("IPCAM_MASK=24"), "IPCAM_MASK: not an IPv4");
	refused(NETOP_NETWORK, SET("IPCAM_GATEWAY=192.168.2.1"), "IPCAM_GATEWAY: not a host of");
	refused(NETOP_NETWORK, SET("IPCAM_GATEWAY=192.168.1.20"), "IPCAM_GATEWAY: not a host of");
	refused(NETOP_NETWORK, SET("IPCAM_GATEWAY=192.168.1.255"), "IPCAM_GATEWAY: not a host of");
	refused(NETOP_NETWORK, SET("IPCAM_GATEWAY=gw"), "IPCAM_GATEWAY: not an IPv4");
	refused(NETOP_NETWORK, SET("IPCAM_DNS=8.8.8"), "IPCAM_DNS: not an IPv4");
	refused(NETOP_NETWORK, SET("IPCAM_DNS=239.1.1.1"), "IPCAM_DNS: not a host");
	refused(NETOP_NETWORK, SET("IPCAM_DHCP=2"), "IPCAM_DHCP: not a number in 0..1");
	refused(NETOP_NETWORK, SET("IPCAM_DHCP="), "IPCAM_DHCP: not a number");
	refused(NETOP_NETWORK, SET("IPCAM_DHCP=yes"), "IPCAM_DHCP: not a number");
}
END_TEST

START_TEST(render_wifi)
{
	struct netop_plan p;
	char err[256];

	/* WPA2-PSK with a passphrase (quotes are fine: the last one ends it) */
	ck_assert_int_eq(render(NETOP_WIFI, SET("IPCAM_WIFI_WPA_PSK=say \"hi\" 42"), &p, err,
				sizeof(err)), 0);
	ck_assert_uint_eq(p.nfiles, 2);
	assert_file(&p, 0, "etc/wpa_supplicant/wpa_supplicant-wlp2s0.conf", 0600,
		    NOTICE("set_wifi.cgi") "ctrl_interface=/run/wpa_supplicant\n\nnetwork={\n"
		    "\tssid=686f6d65206e6574\n\tkey_mgmt=WPA-PSK\n\tproto=RSN\n\tpairwise=CCMP\n"
		    "\tpsk=\"say \"hi\" 42\"\n}\n");
	assert_file(&p, 1, "etc/systemd/network/50-ipcamd-wlp2s0.network", 0644,
		    NOTICE("set_wifi.cgi") "[Match]\nName=wlp2s0\n\n[Network]\nDHCP=ipv4\n");
	ck_assert_uint_eq(p.ncmds, 2);
	assert_cmd(&p, 0, "systemctl", "restart", "wpa_supplicant@wlp2s0.service");
	assert_cmd(&p, 1, "networkctl", "reload", NULL);

	/* WPA-PSK/TKIP with the raw PSK; any SSID byte */
	ck_assert_int_eq(render(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=2", "IPCAM_WIFI_SSID=\"a\\\xc3\xa9",
		"IPCAM_WIFI_WPA_PSK=00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF"),
		&p, err, sizeof(err)), 0);
	assert_file(&p, 0, "etc/wpa_supplicant/wpa_supplicant-wlp2s0.conf", 0600,
		    NOTICE("set_wifi.cgi") "ctrl_interface=/run/wpa_supplicant\n\nnetwork={\n"
		    "\tssid=22615cc3a9\n\tkey_mgmt=WPA-PSK\n\tproto=WPA\n\tpairwise=TKIP\n"
		    "\tpsk=00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF\n}\n");
	ck_assert_int_eq(render(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=3"), &p, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(p.files[0].text, "\tproto=WPA\n\tpairwise=CCMP\n"));
	ck_assert_int_eq(render(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=5"), &p, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(p.files[0].text, "\tproto=RSN\n\tpairwise=CCMP TKIP\n"));

	/* WEP, hex: 64-bit and 128-bit keys, the empty ones left out */
	ck_assert_int_eq(render(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=1", "IPCAM_WIFI_DEFKEY=2",
		"IPCAM_WIFI_KEY1=0123456789", "IPCAM_WIFI_KEY3=0123456789abcdefABCDEF0123",
		"IPCAM_WIFI_KEY3_BITS=1", "IPCAM_WIFI_AUTHTYPE=1"), &p, err, sizeof(err)), 0);
	assert_file(&p, 0, "etc/wpa_supplicant/wpa_supplicant-wlp2s0.conf", 0600,
		    NOTICE("set_wifi.cgi") "ctrl_interface=/run/wpa_supplicant\n\nnetwork={\n"
		    "\tssid=686f6d65206e6574\n\tkey_mgmt=NONE\n\twep_key0=0123456789\n"
		    "\twep_key2=0123456789abcdefABCDEF0123\n\twep_tx_keyidx=2\n\tauth_alg=SHARED\n}\n");
	/* WEP, ASCII, quoted */
	ck_assert_int_eq(render(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=1", "IPCAM_WIFI_KEYFORMAT=1",
		"IPCAM_WIFI_KEY1=a\"b c", "IPCAM_WIFI_KEY4=13 characters", "IPCAM_WIFI_KEY4_BITS=1"),
		&p, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(p.files[0].text, "\tkey_mgmt=NONE\n\twep_key0=\"a\"b c\"\n"
				     "\twep_key3=\"13 characters\"\n\twep_tx_keyidx=0\n"
				     "\tauth_alg=OPEN\n}\n"));

	/* open ad-hoc networks: the channel's frequency */
	ck_assert_int_eq(render(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=0", "IPCAM_WIFI_MODE=1",
		"IPCAM_WIFI_WPA_PSK=", "IPCAM_WIFI_CHANNEL=14"), &p, err, sizeof(err)), 0);
	assert_file(&p, 0, "etc/wpa_supplicant/wpa_supplicant-wlp2s0.conf", 0600,
		    NOTICE("set_wifi.cgi") "ctrl_interface=/run/wpa_supplicant\n\nnetwork={\n"
		    "\tssid=686f6d65206e6574\n\tmode=1\n\tfrequency=2484\n\tkey_mgmt=NONE\n}\n");
	ck_assert_int_eq(render(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=0", "IPCAM_WIFI_MODE=1",
		"IPCAM_WIFI_CHANNEL=1"), &p, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(p.files[0].text, "\tfrequency=2412\n"));
	ck_assert_int_eq(render(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=0", "IPCAM_WIFI_MODE=1",
		"IPCAM_WIFI_CHANNEL=13"), &p, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(p.files[0].text, "\tfrequency=2472\n"));

	/* disabled: no network, the .network removed, the supplicant stopped;
	 * what the other keys hold does not matter */
	ck_assert_int_eq(render(NETOP_WIFI, SET("IPCAM_WIFI_ENABLE=0", "IPCAM_WIFI_SSID=",
		"IPCAM_WIFI_WPA_PSK=x"), &p, err, sizeof(err)), 0);
	assert_file(&p, 0, "etc/wpa_supplicant/wpa_supplicant-wlp2s0.conf", 0600,
		    NOTICE("set_wifi.cgi") "ctrl_interface=/run/wpa_supplicant\n");
	ck_assert_str_eq(p.files[1].path, "etc/systemd/network/50-ipcamd-wlp2s0.network");
	ck_assert(p.files[1].remove);
	assert_cmd(&p, 0, "systemctl", "stop", "wpa_supplicant@wlp2s0.service");
	assert_cmd(&p, 1, "networkctl", "reload", NULL);
	netop_plan_wipe(&p);
}
END_TEST

START_TEST(wifi_errors)
{
	struct netop_plan p;
	char err[256];
	char long_ssid[64] = "IPCAM_WIFI_SSID=";

	refused(NETOP_WIFI, SET("IPCAM_WIFI_SSID="), "IPCAM_WIFI_SSID: must be 1..32 bytes");
	memset(long_ssid + 16, 's', 33);
	refused(NETOP_WIFI, SET(long_ssid), "IPCAM_WIFI_SSID: must be 1..32");
	long_ssid[16 + 32] = '\0';
	ck_assert_int_eq(render(NETOP_WIFI, SET(long_ssid), &p, err, sizeof(err)), 0);
	netop_plan_wipe(&p);

	refused(NETOP_WIFI, SET("IPCAM_WIFI_WPA_PSK=Zq7wxyz"), "IPCAM_WIFI_WPA_PSK: neither");
	/* the message never quotes a secret */
	ck_assert_int_eq(render(NETOP_WIFI, SET("IPCAM_WIFI_WPA_PSK=Zq7wxyz"), &p, err,
				sizeof(err)), -1);
	ck_assert_ptr_null(strstr(err, "Zq7"));
	refused(NETOP_WIFI, SET("IPCAM_WIFI_WPA_PSK="), "IPCAM_WIFI_WPA_PSK: neither");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_WPA_PSK="
		"0123456789012345678901234567890123456789012345678901234567890123x"),
		"IPCAM_WIFI_WPA_PSK: neither");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_WPA_PSK="
		"0123456789012345678901234567890123456789012345678901234567890g23"),
		"IPCAM_WIFI_WPA_PSK: neither");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_WPA_PSK=tab\there ok"), "IPCAM_WIFI_WPA_PSK: neither");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_WPA_PSK=caf\xc3\xa9 au lait"), "IPCAM_WIFI_WPA_PSK");

	refused(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=1", "IPCAM_WIFI_KEY1=012345678"),
		"IPCAM_WIFI_KEY1: not a 64-bit WEP key of 10 hex digits");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=1", "IPCAM_WIFI_KEY1=012345678g"),
		"IPCAM_WIFI_KEY1: not a 64-bit");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=1", "IPCAM_WIFI_KEY1=0123456789",
		"IPCAM_WIFI_KEY2=0123456789", "IPCAM_WIFI_KEY2_BITS=1"),
		"IPCAM_WIFI_KEY2: not a 128-bit WEP key of 26 hex digits");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=1", "IPCAM_WIFI_KEYFORMAT=1",
		"IPCAM_WIFI_KEY1=abcdef"), "IPCAM_WIFI_KEY1: not a 64-bit WEP key of 5 printable");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=1", "IPCAM_WIFI_KEYFORMAT=1",
		"IPCAM_WIFI_KEY1=abc\x01" "e"), "IPCAM_WIFI_KEY1: not a 64-bit");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=1", "IPCAM_WIFI_KEYFORMAT=1",
		"IPCAM_WIFI_KEY3=abcde", "IPCAM_WIFI_KEY3_BITS=1"), "IPCAM_WIFI_KEY3: not a 128-bit");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=1", "IPCAM_WIFI_KEY1=0123456789",
		"IPCAM_WIFI_DEFKEY=1"), "IPCAM_WIFI_DEFKEY: names an empty key");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=6"), "IPCAM_WIFI_ENCRYPT: not a number in 0..5");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_CHANNEL=0"), "IPCAM_WIFI_CHANNEL: not a number in 1..14");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_CHANNEL=15"), "IPCAM_WIFI_CHANNEL");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_DEFKEY=4"), "IPCAM_WIFI_DEFKEY");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_KEY4_BITS=2"), "IPCAM_WIFI_KEY4_BITS");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_MODE=2"), "IPCAM_WIFI_MODE");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_ENABLE=-1"), "IPCAM_WIFI_ENABLE");
	refused(NETOP_WIFI, SET("IPCAM_WIFI_ENABLE=0", "IPCAM_WIFI_AUTHTYPE=2"), "IPCAM_WIFI_AUTHTYPE");
}
END_TEST

START_TEST(render_pppoe_reboot)
{
	struct netop_plan p;
	char err[256];

	ck_assert_int_eq(render(NETOP_PPPOE, SET("IPCAM_PPPOE_PWD=p\"w\\d #1 ok"), &p, err,
				sizeof(err)), 0);
	ck_assert_uint_eq(p.nfiles, 1);
	assert_file(&p, 0, "etc/ppp/peers/ipcamd", 0600,
		    NOTICE("set_pppoe.cgi") "plugin rp-pppoe.so\nnic-eth1\nuser \"user@isp\"\n"
		    "password \"p\\\"w\\\\d #1 ok\"\nnoipdefault\ndefaultroute\nusepeerdns\npersist\n"
		    "maxfail 0\nhide-password\nnoauth\nlinkname ipcamd\n");
	ck_assert_uint_eq(p.ncmds, 1);
	assert_cmd(&p, 0, "systemctl", "restart", "ipcamd-pppoe.service");

	ck_assert_int_eq(render(NETOP_PPPOE, SET("IPCAM_PPPOE_ENABLE=0", "IPCAM_PPPOE_USER=",
						 "IPCAM_PPPOE_PWD="), &p, err, sizeof(err)), 0);
	assert_file(&p, 0, "etc/ppp/peers/ipcamd", 0600,
		    NOTICE("set_pppoe.cgi") "plugin rp-pppoe.so\nnic-eth1\nuser \"\"\npassword \"\"\n"
		    "noipdefault\ndefaultroute\nusepeerdns\npersist\nmaxfail 0\nhide-password\n"
		    "noauth\nlinkname ipcamd\n");
	assert_cmd(&p, 0, "systemctl", "stop", "ipcamd-pppoe.service");

	ck_assert_int_eq(render(NETOP_REBOOT, NULL, &p, err, sizeof(err)), 0);
	ck_assert_uint_eq(p.nfiles, 0);
	ck_assert_uint_eq(p.ncmds, 1);
	assert_cmd(&p, 0, "systemctl", "reboot", NULL);
	netop_plan_wipe(&p);

	/* pppd's longest strings, every byte escaped, still fit */
	{
		char user[300] = "IPCAM_PPPOE_USER=", pwd[300] = "IPCAM_PPPOE_PWD=";

		memset(user + 17, '"', 255);
		memset(pwd + 16, '\\', 255);
		ck_assert_int_eq(render(NETOP_PPPOE, SET(user, pwd), &p, err, sizeof(err)), 0);
		ck_assert_uint_gt(p.files[0].len, 1020);
		netop_plan_wipe(&p);
		user[17 + 255] = '"';
		refused(NETOP_PPPOE, SET(user), "IPCAM_PPPOE_USER: too long");
	}
	refused(NETOP_PPPOE, SET("IPCAM_PPPOE_USER="), "IPCAM_PPPOE_USER: required");
	refused(NETOP_PPPOE, SET("IPCAM_PPPOE_USER=a\tb"), "IPCAM_PPPOE_USER: too long or");
	refused(NETOP_PPPOE, SET("IPCAM_PPPOE_PWD=a\rb"), "IPCAM_PPPOE_PWD: too long or");
	refused(NETOP_PPPOE, SET("IPCAM_PPPOE_PWD=a\x7f"), "IPCAM_PPPOE_PWD");
	refused(NETOP_PPPOE, SET("IPCAM_PPPOE_ENABLE=2"), "IPCAM_PPPOE_ENABLE");
}
END_TEST

START_TEST(interface_names)
{
	static const char *const good[] = { "eth0", "wlan0", "enp0s31f6", "br-lan", "eth0.100",
					    "a:b", "A_b", "x23456789012345" };
	static const char *const bad[] = { "", "-eth0", ".eth0", "eth0/x", "eth 0", "eth0\n",
					   "x234567890123456", "..", "e$", "wl\xc3\xa9" };
	struct netop_ifaces bad_ifs = { "eth0", "wlan/0" };
	struct netop_request r;
	struct netop_plan p;
	char err[256];

	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		ck_assert_msg(netop_iface_valid(good[i]), "%s", good[i]);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(!netop_iface_valid(bad[i]), "%s", bad[i]);
	make(&r, net_base, NULL);
	ck_assert_int_eq(netop_render(&r, &bad_ifs, &p, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "bad interface name");
	netop_request_free(&r);
}
END_TEST

static char *mktemp_dir(void)
{
	char *d = xstrdup("/tmp/ipcamd-netop-XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static void rm_rf(char *d)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	ck_assert_int_eq(system(cmd), 0);
	free(d);
}

/* Everything under DIR: names, types, modes, sizes and contents. */
static char *tree(const char *dir)
{
	char cmd[512], buf[4096];
	struct sbuf b;
	size_t n;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "cd '%s' && find . -printf '%%p %%y %%m %%s\\n' | LC_ALL=C sort && "
		 "find . -type f -exec sha256sum {} + | LC_ALL=C sort", dir);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	sbuf_init(&b);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_add(&b, buf, n);
	ck_assert_int_eq(pclose(f), 0);
	return sbuf_detach(&b, NULL);
}

static char *slurp(const char *dir, const char *path, struct stat *st)
{
	char p[512], buf[8192];
	ssize_t n;
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, path);
	fd = open(p, O_RDONLY);
	if (fd < 0)
		return NULL;
	if (st)
		ck_assert_int_eq(fstat(fd, st), 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	return xstrdup(buf);
}

static size_t count_entries(const char *dir)
{
	char cmd[256];
	size_t n = 0;
	int c;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "ls -A '%s'", dir);
	f = popen(cmd, "r");
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	pclose(f);
	return n;
}

START_TEST(files_atomic)
{
	char *d = mktemp_dir(), sub[256], *s;
	struct stat st;
	mode_t old = umask(077);

	/* directories made; the mode whatever the umask */
	ck_assert_int_eq(netop_write_file(d, "etc/a/b/one", "first\n", 6, 0644), 0);
	s = slurp(d, "etc/a/b/one", &st);
	ck_assert_str_eq(s, "first\n");
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	free(s);
	snprintf(sub, sizeof(sub), "%s/etc/a", d);
	ck_assert_int_eq(stat(sub, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0755);
	ck_assert_int_eq(netop_write_file(d, "etc/a/b/one", "second", 6, 0600), 0);
	s = slurp(d, "etc/a/b/one", &st);
	ck_assert_str_eq(s, "second");
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	free(s);
	snprintf(sub, sizeof(sub), "%s/etc/a/b", d);
	ck_assert_uint_eq(count_entries(sub), 1);	/* no temporary left */

	/* a failed rename (the target is a directory) leaves no temporary */
	snprintf(sub, sizeof(sub), "%s/etc/a/b/dir", d);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	ck_assert_int_eq(netop_write_file(d, "etc/a/b/dir", "x", 1, 0644), -EISDIR);
	snprintf(sub, sizeof(sub), "%s/etc/a/b", d);
	ck_assert_uint_eq(count_entries(sub), 2);
	/* a path through a file */
	ck_assert_int_eq(netop_write_file(d, "etc/a/b/one/x", "x", 1, 0644), -ENOTDIR);
	ck_assert_int_eq(netop_write_file(d, "etc//x", "x", 1, 0644), -EINVAL);
	ck_assert_int_eq(netop_write_file(d, "etc/", "x", 1, 0644), -EINVAL);

	ck_assert_int_eq(netop_remove_file(d, "etc/a/b/one"), 0);
	ck_assert_int_eq(netop_remove_file(d, "etc/a/b/one"), 0);
	ck_assert_int_eq(netop_remove_file(d, "etc/none/x"), 0);
	ck_assert_ptr_null(slurp(d, "etc/a/b/one", NULL));
	umask(old);
	rm_rf(d);
}
END_TEST

START_TEST(run_programs)
{
	char *d = mktemp_dir(), script[256], out[256], err[256], *s;
	const char *true_argv[] = { "true", NULL };
	const char *false_argv[] = { "false", NULL };
	const char *none_argv[] = { "ipcamd-no-such-program", NULL };
	const char *slash_argv[] = { "/bin/true", NULL };
	const char *probe_argv[] = { "probe", "a b", "$HOME", NULL };
	FILE *f;

	ck_assert_int_eq(netop_run(true_argv, NETOP_PATH, err, sizeof(err)), 0);
	ck_assert_int_eq(netop_run(false_argv, NETOP_PATH, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "false: exit status 1");
	ck_assert_int_eq(netop_run(none_argv, NETOP_PATH, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "ipcamd-no-such-program: program not found");
	ck_assert_int_eq(netop_run(slash_argv, NETOP_PATH, err, sizeof(err)), -1);

	/* the arguments as given (no shell), PATH the whole environment,
	 * stdin /dev/null, stdout where stderr goes */
	snprintf(out, sizeof(out), "%s/out", d);
	snprintf(script, sizeof(script), "%s/probe", d);
	f = fopen(script, "w");
	fprintf(f, "#!/bin/sh\nsame=no; [ /proc/$$/fd/1 -ef /proc/$$/fd/2 ] && same=yes\n"
		"in=$(readlink /proc/$$/fd/0)\n"
		"{ tr '\\0' '|' </proc/$$/environ; echo; printf '%%s|' \"$@\"; echo;\n"
		"  echo \"$in\"; echo $same; } >%s\n", out);
	fclose(f);
	ck_assert_int_eq(chmod(script, 0755), 0);
	ck_assert_int_eq(netop_run(probe_argv, d, err, sizeof(err)), 0);
	s = slurp(d, "out", NULL);
	ck_assert_str_eq(s, "PATH=" NETOP_PATH "|\na b|$HOME|\n/dev/null\nyes\n");
	free(s);
	rm_rf(d);
}
END_TEST

/*
 * Run ipcamd-apply with ARGV and exactly ENVP; STDIO_FD (or /dev/null) as
 * stdin and stdout; its stderr into ERRBUF when given.  The exit status.
 */
static int run_apply(const char *const *argv, char *const *envp, int stdio_fd, uid_t uid,
		     char *errbuf, size_t errcap)
{
	const char *full[16] = { NETOP_APPLY_BIN };
	int epipe[2], status;
	size_t n = 1, got = 0;
	pid_t pid;

	for (; *argv; argv++)
		full[n++] = *argv;
	ck_assert_int_eq(pipe2(epipe, O_CLOEXEC), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int fd = stdio_fd >= 0 ? stdio_fd : open("/dev/null", O_RDWR);

		dup2(fd, 0);
		dup2(fd, 1);
		dup2(epipe[1], 2);
		if (uid && (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
			_exit(126);
		execve(full[0], (char *const *)full, envp);
		_exit(127);
	}
	close(epipe[1]);
	for (;;) {
		char tmp[512];
		ssize_t r = read(epipe[0], tmp, sizeof(tmp));

		if (r <= 0)
			break;
		if (errbuf && got + (size_t)r < errcap) {
			memcpy(errbuf + got, tmp, (size_t)r);
			got += (size_t)r;
		}
	}
	if (errbuf)
		errbuf[got] = '\0';
	close(epipe[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* The environment ipcamd would give for BASE with SET applied. */
static char **env_of(enum netop_kind kind, const char *const *set)
{
	struct netop_request r;
	char **env = xcalloc(NETOP_KEYS_MAX + 2, sizeof(*env));
	size_t n = 0;

	make(&r, base_of(kind), set);
	env[n++] = xstrdup("PATH=/usr/bin:/bin");
	for (size_t i = 0; i < netop_key_count(kind); i++) {
		struct sbuf b;

		sbuf_init(&b);
		sbuf_printf(&b, "%s=%s", netop_key_name(kind, i), r.values[i]);
		env[n++] = sbuf_detach(&b, NULL);
	}
	netop_request_free(&r);
	return env;
}

static void free_env(char **env)
{
	for (char **e = env; *e; e++)
		free(*e);
	free(env);
}

/* The program run as root with a bad request: status 1, the tree as it was. */
static void program_refuses(const char *root, const char *kind_arg, char **env, const char *want)
{
	const char *argv[] = { "--root", root, "--interface", "eth1", "--wifi-interface", "wlp2s0",
			       "--no-reload", kind_arg, NULL };
	char *before = tree(root), *after, err[2048];

	ck_assert_int_eq(run_apply(argv, env, -1, 0, err, sizeof(err)), 1);
	ck_assert_msg(strstr(err, want) != NULL, "stderr '%s', want '%s'", err, want);
	after = tree(root);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
}

START_TEST(program_refusals_change_nothing)
{
	char *d, **env;
	char *ok_env[] = { "PATH=/bin", "IPCAM_PPPOE_ENABLE=1", "IPCAM_PPPOE_USER=u",
			   "IPCAM_PPPOE_PWD=p", NULL };
	char *missing_env[] = { "IPCAM_PPPOE_ENABLE=1", "IPCAM_PPPOE_USER=u", NULL };
	char *newline_env[] = { "IPCAM_PPPOE_ENABLE=1", "IPCAM_PPPOE_USER=u\n",
				"IPCAM_PPPOE_PWD=p", NULL };
	const char *bad_if[] = { "--root", "/nonexistent", "--interface", "-eth0", "network", NULL };
	const char *no_kind[] = { "--root", "/nonexistent", NULL };
	const char *bad_kind[] = { "--root", "/nonexistent", "halt", NULL };

	if (geteuid() != 0)
		return;	/* as non-root the program forwards instead: client_forwards */
	d = mktemp_dir();
	/* earlier files of every kind, which must stay as they are */
	ck_assert_int_eq(netop_write_file(d, "etc/systemd/network/50-ipcamd-eth1.network", "old\n",
					  4, 0644), 0);
	ck_assert_int_eq(netop_write_file(d, "etc/systemd/network/50-ipcamd-wlp2s0.network",
					  "old\n", 4, 0644), 0);
	ck_assert_int_eq(netop_write_file(d, "etc/wpa_supplicant/wpa_supplicant-wlp2s0.conf",
					  "old\n", 4, 0600), 0);

	env = env_of(NETOP_NETWORK, SET("IPCAM_IP=1.2.3"));
	program_refuses(d, "network", env, "IPCAM_IP: not an IPv4 address");
	free_env(env);
	env = env_of(NETOP_NETWORK, SET("IPCAM_MASK=255.0.255.0"));
	program_refuses(d, "network", env, "IPCAM_MASK: not a contiguous");
	free_env(env);
	env = env_of(NETOP_NETWORK, SET("IPCAM_GATEWAY=10.0.0.1"));
	program_refuses(d, "network", env, "IPCAM_GATEWAY");
	free_env(env);
	/* the first file of wifi would be fine: still nothing is written */
	env = env_of(NETOP_WIFI, SET("IPCAM_WIFI_ENCRYPT=1", "IPCAM_WIFI_KEY1=0123"));
	program_refuses(d, "wifi", env, "IPCAM_WIFI_KEY1");
	free_env(env);
	env = env_of(NETOP_WIFI, SET("IPCAM_WIFI_WPA_PSK=short"));
	program_refuses(d, "wifi", env, "IPCAM_WIFI_WPA_PSK");
	free_env(env);
	env = env_of(NETOP_WIFI, SET("IPCAM_WIFI_SSID="));
	program_refuses(d, "wifi", env, "IPCAM_WIFI_SSID");
	free_env(env);
	env = env_of(NETOP_PPPOE, SET("IPCAM_PPPOE_USER="));
	program_refuses(d, "pppoe", env, "IPCAM_PPPOE_USER: required");
	free_env(env);
	program_refuses(d, "pppoe", missing_env, "missing key IPCAM_PPPOE_PWD");
	program_refuses(d, "pppoe", newline_env, "newline in IPCAM_PPPOE_USER");
	/* a write that fails (the peer file is a directory) leaves no temporary */
	ck_assert_int_eq(netop_write_file(d, "etc/ppp/peers/ipcamd/keep", "k", 1, 0600), 0);
	program_refuses(d, "pppoe", ok_env, "writing etc/ppp/peers/ipcamd");

	ck_assert_int_eq(run_apply(bad_if, ok_env, -1, 0, NULL, 0), 2);
	ck_assert_int_eq(run_apply(no_kind, ok_env, -1, 0, NULL, 0), 2);
	ck_assert_int_eq(run_apply(bad_kind, ok_env, -1, 0, NULL, 0), 2);
	rm_rf(d);
}
END_TEST

/* Serve one connection on a socketpair: send REQ, return the answer. */
static char *serve_once(const char *root, const char *req, size_t len, char *errbuf,
			size_t errcap)
{
	const char *argv[] = { "--serve", "--root", root, "--interface", "eth1",
			       "--wifi-interface", "wlp2s0", "--no-reload", NULL };
	char *const env[] = { NULL };
	char answer[1024];
	size_t got = 0;
	int sv[2];
	pid_t pid;
	int status;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	/* the server in a child of its own, so its stderr can be read after */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(sv[0]);
		_exit(run_apply(argv, env, sv[1], 0, errbuf, errcap) == 0 ? 0 : 1);
	}
	close(sv[1]);
	ck_assert_int_eq(send(sv[0], req, len, MSG_NOSIGNAL), (ssize_t)len);
	shutdown(sv[0], SHUT_WR);
	for (;;) {
		ssize_t r = read(sv[0], answer + got, sizeof(answer) - 1 - got);

		if (r <= 0)
			break;
		got += (size_t)r;
	}
	answer[got] = '\0';
	close(sv[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return xstrdup(answer);
}

START_TEST(serve_socketpair)
{
	char *d = mktemp_dir(), *a, *s, *before, *big;
	struct netop_plan p;
	char err[256];
	struct stat st;

	a = serve_once(d, wifi_base, strlen(wifi_base), NULL, 0);
	ck_assert_str_eq(a, "ok\n");
	free(a);
	ck_assert_int_eq(render(NETOP_WIFI, NULL, &p, err, sizeof(err)), 0);
	s = slurp(d, p.files[0].path, &st);
	ck_assert_str_eq(s, p.files[0].text);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	free(s);
	s = slurp(d, p.files[1].path, &st);
	ck_assert_str_eq(s, p.files[1].text);
	ck_assert_uint_eq(st.st_mode & 07777, 0644);
	free(s);
	netop_plan_wipe(&p);

	a = serve_once(d, pppoe_base, strlen(pppoe_base), NULL, 0);
	ck_assert_str_eq(a, "ok\n");
	free(a);
	a = serve_once(d, "reboot\n\n", 8, NULL, 0);
	ck_assert_str_eq(a, "ok\n");
	free(a);

	/* refused: the answer says why, nothing changes */
	before = tree(d);
	a = serve_once(d, "network\nIPCAM_IP=1.2.3.4\n\n", 26, NULL, 0);
	ck_assert_str_eq(a, "error: missing key IPCAM_MASK\n");
	free(a);
	s = "pppoe\nIPCAM_PPPOE_ENABLE=1\nIPCAM_PPPOE_USER=\nIPCAM_PPPOE_PWD=x\n\n";
	a = serve_once(d, s, strlen(s), NULL, 0);
	ck_assert_str_eq(a, "error: IPCAM_PPPOE_USER: required\n");
	free(a);
	a = serve_once(d, "pppoe\nIPCAM_PPPOE_ENABLE=1\n", 26, NULL, 0);
	ck_assert_str_eq(a, "error: truncated request (no empty line at the end)\n");
	free(a);
	big = xmalloc(NETOP_REQUEST_MAX + 1024);
	memset(big, 'x', NETOP_REQUEST_MAX + 1024);
	memcpy(big, "pppoe\nIPCAM_PPPOE_USER=", 23);
	a = serve_once(d, big, NETOP_REQUEST_MAX + 1024, NULL, 0);
	ck_assert_str_eq(a, "error: request too large (over 16384 bytes)\n");
	free(a);
	free(big);
	s = tree(d);
	ck_assert_str_eq(before, s);
	free(s);
	free(before);
	rm_rf(d);
}
END_TEST

/* A client that stops half-way is answered after 5 s, not waited for. */
START_TEST(serve_timeout)
{
	char *d = mktemp_dir();
	double t0 = mono_now();

	{
		const char *argv[] = { "--serve", "--root", d, "--no-reload", NULL };
		char *const env[] = { NULL };
		char answer[256] = "";
		int sv[2];
		pid_t pid;
		int status;
		ssize_t r;

		ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
		pid = fork();
		if (pid == 0) {
			close(sv[0]);
			_exit(run_apply(argv, env, sv[1], 0, NULL, 0));
		}
		close(sv[1]);
		ck_assert_int_eq(send(sv[0], "network\nIPCAM_IP=", 17, MSG_NOSIGNAL), 17);
		r = read(sv[0], answer, sizeof(answer) - 1);
		ck_assert_int_gt(r, 0);
		answer[r] = '\0';
		ck_assert_str_eq(answer, "error: no whole request within 5000 ms\n");
		ck_assert(mono_now() - t0 >= 4.9 && mono_now() - t0 < 8);
		close(sv[0]);
		waitpid(pid, &status, 0);
	}
	rm_rf(d);
}
END_TEST

/* Accept one connection on LFD (within 10 s) and serve it with the real
 * program as root's instance would be; its stderr into ERRBUF. */
static pid_t serve_accepted(int lfd, const char *root, char *errbuf, size_t errcap)
{
	struct pollfd pfd = { .fd = lfd, .events = POLLIN };
	const char *argv[] = { "--serve", "--root", root, "--interface", "eth1",
			       "--wifi-interface", "wlp2s0", "--no-reload", NULL };
	char *const env[] = { NULL };
	int cfd, ep[2];
	pid_t pid;

	ck_assert_int_eq(poll(&pfd, 1, 10000), 1);
	cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	ck_assert_int_ge(cfd, 0);
	ck_assert_int_eq(pipe(ep), 0);
	pid = fork();
	if (pid == 0) {
		close(ep[0]);
		run_apply(argv, env, cfd, 0, errbuf, errcap);
		(void)!write(ep[1], errbuf, strlen(errbuf));
		_exit(0);
	}
	close(ep[1]);
	close(cfd);
	{
		size_t got = 0;
		ssize_t r;

		while (got + 1 < errcap && (r = read(ep[0], errbuf + got, errcap - 1 - got)) > 0)
			got += (size_t)r;
		errbuf[got] = '\0';
	}
	close(ep[0]);
	return pid;
}

static int listen_at(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	strcpy(sa.sun_path, path);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(chmod(path, 0666), 0);
	ck_assert_int_eq(listen(fd, 4), 0);
	return fd;
}

/*
 * The client's way: netop_client_send() in-process against the real root
 * instance, then the program itself as an unprivileged user (nobody), the
 * way ipcamd runs it, with the peer's uid logged and no secret logged.
 */
START_TEST(client_forwards)
{
	char *d = mktemp_dir(), sock[256], root[256], err[256], serr[4096], cerr[2048], *s;
	const char *req = "pppoe\nIPCAM_PPPOE_ENABLE=0\nIPCAM_PPPOE_USER=u\nIPCAM_PPPOE_PWD=Zq7secret\n\n";
	struct passwd *nobody = getpwnam("nobody");
	/* the program as ipcamd runs it: unprivileged (nobody when we are root) */
	bool as_nobody = geteuid() == 0 && nobody;
	uid_t uid = as_nobody ? nobody->pw_uid : 0;
	struct netop_plan p;
	int lfd, status;
	pid_t server, client;
	char **env;

	snprintf(sock, sizeof(sock), "%s/apply.sock", d);
	snprintf(root, sizeof(root), "%s/root", d);
	ck_assert_int_eq(mkdir(root, 0755), 0);
	ck_assert_int_eq(chmod(d, 0711), 0);
	lfd = listen_at(sock);

	/* in-process client: the server's answer comes back */
	client = fork();
	if (client == 0) {
		int rc = netop_client_send(sock, req, strlen(req), err, sizeof(err));

		_exit(rc == 0 ? 0 : 1);
	}
	server = serve_accepted(lfd, root, serr, sizeof(serr));
	ck_assert_int_eq(waitpid(client, &status, 0), client);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	waitpid(server, &status, 0);
	s = slurp(root, "etc/ppp/peers/ipcamd", NULL);
	ck_assert_ptr_nonnull(strstr(s, "password \"Zq7secret\"\n"));
	free(s);
	ck_assert_ptr_null(strstr(serr, "Zq7"));

	/* root without a "nobody" would apply instead of forwarding: skip */
	if (geteuid() == 0 && !as_nobody)
		goto out;
	env = env_of(NETOP_WIFI, SET("IPCAM_WIFI_WPA_PSK=Zq7passphrase"));
	client = fork();
	if (client == 0) {
		/* --root and --no-reload only matter should it not forward */
		const char *argv[] = { "--socket", sock, "--root", "/nonexistent", "--no-reload",
				       "wifi", NULL };

		_exit(run_apply(argv, env, -1, uid, cerr, sizeof(cerr)));
	}
	server = serve_accepted(lfd, root, serr, sizeof(serr));
	ck_assert_int_eq(waitpid(client, &status, 0), client);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "client status %d", status);
	waitpid(server, &status, 0);
	free_env(env);
	{
		char want[64];

		snprintf(want, sizeof(want), "uid %u", (unsigned int)(uid ? uid : geteuid()));
		ck_assert_msg(strstr(serr, want) != NULL, "server log: %s", serr);
		ck_assert_ptr_nonnull(strstr(serr, "wifi request"));
		ck_assert_ptr_null(strstr(serr, "Zq7"));
		ck_assert_int_eq(render(NETOP_WIFI, SET("IPCAM_WIFI_WPA_PSK=Zq7passphrase"), &p,
					err, sizeof(err)), 0);
		s = slurp(root, p.files[0].path, NULL);
		ck_assert_str_eq(s, p.files[0].text);
		free(s);
		netop_plan_wipe(&p);

		/* a request the root side refuses: the client says why, exits 1 */
		env = env_of(NETOP_NETWORK, SET("IPCAM_MASK=255.0.255.0"));
		client = fork();
		if (client == 0) {
			const char *argv[] = { "--socket", sock, "--root", "/nonexistent",
					       "--no-reload", "network", NULL };
			char buf[1024];
			int rc = run_apply(argv, env, -1, uid, buf, sizeof(buf));

			_exit(rc == 1 && strstr(buf, "IPCAM_MASK: not a contiguous netmask") ? 0 : 1);
		}
		server = serve_accepted(lfd, root, serr, sizeof(serr));
		ck_assert_int_eq(waitpid(client, &status, 0), client);
		ck_assert_int_eq(WEXITSTATUS(status), 0);
		waitpid(server, &status, 0);
		free_env(env);
	}
out:
	/* nobody listening: the client fails cleanly */
	close(lfd);
	unlink(sock);
	ck_assert_int_eq(netop_client_send(sock, req, strlen(req), err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "cannot connect"));
	rm_rf(d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("netop");
	TCase *tc = tcase_create("netop");

	signal(SIGPIPE, SIG_IGN);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, kinds_and_wire);
	tcase_add_test(tc, wire_errors);
	tcase_add_test(tc, env_requests);
	tcase_add_test(tc, contract_with_ipcamd);
	tcase_add_test(tc, render_network);
	tcase_add_test(tc, network_errors);
	tcase_add_test(tc, render_wifi);
	tcase_add_test(tc, wifi_errors);
	tcase_add_test(tc, render_pppoe_reboot);
	tcase_add_test(tc, interface_names);
	tcase_add_test(tc, files_atomic);
	tcase_add_test(tc, run_programs);
	tcase_add_test(tc, program_refusals_change_nothing);
	tcase_add_test(tc, serve_socketpair);
	tcase_add_test(tc, serve_timeout);
	tcase_add_test(tc, client_forwards);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

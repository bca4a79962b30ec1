// SPDX-License-Identifier: GPL-2.0-or-later
/* The DDNS providers and replies, the UPnP status of an AddPortMapping
 * answer, and their configuration keys. */
#include <miniupnpc/upnpcommands.h>

#include "config.h"
#include "ddns_reply.h"
#include "unit.h"
#include "upnp.h"

static struct ddns_outcome classify(long service, long code, const char *body)
{
	return ddns_classify(ddns_provider_find(service), code, body, strlen(body));
}

START_TEST(providers)
{
	static const long valid[] = { 1, 2, 3, 4, 8, 9 };
	static const long invalid[] = { 0, 5, 6, 7, 10, -1, 1000 };

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		ck_assert_ptr_nonnull(ddns_provider_find(valid[i]));
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		ck_assert_ptr_null(ddns_provider_find(invalid[i]));
	ck_assert_str_eq(ddns_provider_find(3)->system, "statdns");
	ck_assert_ptr_null(ddns_provider_find(1)->system);
	ck_assert_int_eq(ddns_provider_find(8)->family, DDNS_3322);
	ck_assert_int_eq(ddns_provider_find(2)->refresh, 28 * 24 * 3600);
}
END_TEST

START_TEST(dyndns_replies)
{
	static const struct {
		long code;
		const char *body;
		int status;
		enum ddns_next next;
	} t[] = {
		{ 200, "good 1.2.3.4", 3, DDNS_NEXT_REFRESH },
		{ 200, "nochg 1.2.3.4\n", 3, DDNS_NEXT_REFRESH },
		{ 200, "  \r\ngood", 3, DDNS_NEXT_REFRESH },
		{ 200, "badauth", 5, DDNS_NEXT_STOP },
		{ 200, "!donator", 6, DDNS_NEXT_STOP },
		{ 200, "notfqdn", 7, DDNS_NEXT_STOP },
		{ 200, "nohost", 8, DDNS_NEXT_STOP },
		{ 200, "!yours", 9, DDNS_NEXT_STOP },
		{ 200, "numhost", 10, DDNS_NEXT_STOP },
		{ 200, "abuse", 11, DDNS_NEXT_STOP },
		{ 200, "dnserr", 4, DDNS_NEXT_RETRY_LONG },
		{ 200, "911", 4, DDNS_NEXT_RETRY_LONG },
		{ 200, "goodness", 12, DDNS_NEXT_RETRY },
		{ 200, "Good 1.2.3.4", 12, DDNS_NEXT_RETRY },
		{ 200, "", 12, DDNS_NEXT_RETRY },
		{ 200, "<html>", 12, DDNS_NEXT_RETRY },
		{ 503, "good", 4, DDNS_NEXT_RETRY_LONG },
		{ 401, "badauth", 13, DDNS_NEXT_RETRY },
		{ 404, "", 13, DDNS_NEXT_RETRY },
		{ 0, "", 13, DDNS_NEXT_RETRY },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct ddns_outcome o = classify(2, t[i].code, t[i].body);

		ck_assert_msg((int)o.status == t[i].status && o.next == t[i].next,
			      "%ld \"%s\": status %d next %d", t[i].code, t[i].body, o.status,
			      o.next);
	}
}
END_TEST

START_TEST(oray_replies)
{
	ck_assert_int_eq(classify(1, 200, "good 1.2.3.4").status, 17);
	ck_assert_int_eq(classify(1, 200, "nochg").status, 17);
	ck_assert_int_eq(classify(1, 200, "badauth").status, 15);
	ck_assert_int_eq(classify(1, 200, "nohost").status, 16);
	ck_assert_int_eq(classify(1, 200, "notfqdn").status, 16);
	ck_assert_int_eq(classify(1, 200, "!yours").status, 16);
	ck_assert_int_eq(classify(1, 200, "abuse").status, 14);
	ck_assert_int_eq(classify(1, 200, "abuse").next, DDNS_NEXT_STOP);
	ck_assert_int_eq(classify(1, 500, "").status, 14);
	ck_assert_int_eq(classify(1, 200, "?").status, 14);
}
END_TEST

START_TEST(reply_bytes)
{
	/* not NUL-terminated, NUL inside: the length decides */
	static const char body[] = { 'g', 'o', 'o', 'd', '\0', 'x' };

	ck_assert_int_eq(ddns_classify(ddns_provider_find(2), 200, body, 4).status, 3);
	ck_assert_int_eq(ddns_classify(ddns_provider_find(2), 200, body, 6).status, 12);
	ck_assert_int_eq(ddns_classify(ddns_provider_find(2), 200, body, 3).status, 12);
}
END_TEST

START_TEST(upnp_statuses)
{
	ck_assert_int_eq(upnp_status_of_add(UPNPCOMMAND_SUCCESS), UPNP_ST_OK);
	ck_assert_int_eq(upnp_status_of_add(718), UPNP_ST_CONFLICT);
	ck_assert_int_eq(upnp_status_of_add(606), UPNP_ST_DEVICE);
	ck_assert_int_eq(upnp_status_of_add(501), UPNP_ST_DEVICE);
	ck_assert_int_eq(upnp_status_of_add(UPNPCOMMAND_HTTP_ERROR), UPNP_ST_NETWORK);
	ck_assert_int_eq(upnp_status_of_add(UPNPCOMMAND_INVALID_RESPONSE), UPNP_ST_CHAT);
	ck_assert_int_eq(upnp_status_of_add(UPNPCOMMAND_UNKNOWN_ERROR), UPNP_ST_CHAT);
}
END_TEST

START_TEST(config_keys)
{
	struct config c;

	config_defaults(&c);
	ck_assert_str_eq(c.ddns_url[DDNS_DYNDNS], "https://members.dyndns.org/nic/update");
	ck_assert_int_eq(config_set(&c, "ddns_url_dyndns", "http://127.0.0.1:8/nic/update"), 0);
	ck_assert_str_eq(c.ddns_url[DDNS_DYNDNS], "http://127.0.0.1:8/nic/update");
	ck_assert_int_eq(config_set(&c, "ddns_url_oray", "ftp://x/"), -1);
	ck_assert_int_eq(config_set(&c, "ddns_url_3322", "http://a b/"), -1);
	ck_assert_int_eq(config_set(&c, "ddns_url_3322", ""), -1);
	ck_assert_str_eq(c.ddns_url[DDNS_3322], "https://members.3322.org/dyndns/update");
	ck_assert_int_eq(config_set(&c, "ddns_retry", "0"), -1);
	ck_assert_int_eq(config_set(&c, "upnp_lease", "0"), 0);
	ck_assert_int_eq(c.upnp_lease, 0);
	ck_assert_int_eq(config_set(&c, "upnp_discover_ms", "50"), -1);
	ck_assert_int_eq(config_set(&c, "upnp_multicastif", "eth0"), 0);
	ck_assert_str_eq(c.upnp_multicastif, "eth0");
	ck_assert_int_eq(config_set(&c, "upnp_multicastif", "eth0; x"), -1);
	ck_assert_int_eq(config_set(&c, "upnp_retry", "7"), 0);
	ck_assert_int_eq(c.upnp_retry, 7);
	config_free(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("netsvc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, providers);
	tcase_add_test(tc, dyndns_replies);
	tcase_add_test(tc, oray_replies);
	tcase_add_test(tc, reply_bytes);
	tcase_add_test(tc, upnp_statuses);
	tcase_add_test(tc, config_keys);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

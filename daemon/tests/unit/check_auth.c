// SPDX-License-Identifier: GPL-2.0-or-later
/* Authentication: Basic and query credentials, privileges, throttling. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>

#include "auth.h"
#include "login_throttle.h"
#include "settings.h"
#include "unit.h"

static void setup(void)
{
	struct factory f = { "Fact0ry", 80 };
	struct changeset c;

	settings_init(NULL, &f);
	changeset_init(&c);
	changeset_add(&c, setting_index("user2_name"), "oper");
	changeset_add(&c, setting_index("user2_pwd"), "op");
	changeset_add(&c, setting_index("user2_pri"), "1");
	changeset_add(&c, setting_index("user3_name"), "guest");
	changeset_add(&c, setting_index("user3_pwd"), "");
	changeset_add(&c, setting_index("user3_pri"), "0");
	ck_assert_int_eq(settings_commit(&c, NULL), 0);
	changeset_free(&c);
}

static void teardown(void)
{
	settings_shutdown();
}

static struct creds mk(const char *u, const char *p)
{
	struct creds c;

	auth_from_query(u, u ? strlen(u) : 0, p, p ? strlen(p) : 0, &c);
	return c;
}

START_TEST(base64)
{
	unsigned char out[64];
	long n;

	n = base64_decode("YWRtaW46c2VjcmV0", 16, out, sizeof(out));
	ck_assert_int_eq(n, 12);
	ck_assert(memcmp(out, "admin:secret", 12) == 0);
	ck_assert_int_eq(base64_decode("YQ==", 4, out, sizeof(out)), 1);
	ck_assert_int_eq(base64_decode("YWI=", 4, out, sizeof(out)), 2);
	ck_assert_int_eq(base64_decode("", 0, out, sizeof(out)), 0);
	ck_assert_int_eq(base64_decode("YQ=", 3, out, sizeof(out)), -1);
	ck_assert_int_eq(base64_decode("Y=Q=", 4, out, sizeof(out)), -1);
	ck_assert_int_eq(base64_decode("YW*h", 4, out, sizeof(out)), -1);
	ck_assert_int_eq(base64_decode("YWJj", 4, out, 2), -1);
}
END_TEST

START_TEST(basic_header)
{
	struct creds c;

	ck_assert(auth_parse_basic("Basic YWRtaW46c2VjcmV0", &c));
	ck_assert_str_eq(c.user, "admin");
	ck_assert_str_eq(c.pwd, "secret");
	ck_assert(c.present);
	ck_assert(auth_parse_basic("basic   YWRtaW46c2VjcmV0  ", &c));
	ck_assert_str_eq(c.user, "admin");
	/* password with a colon: split at the first one */
	ck_assert(auth_parse_basic("Basic YTpiOmM=", &c));
	ck_assert_str_eq(c.user, "a");
	ck_assert_str_eq(c.pwd, "b:c");
	/* empty user name: parsed, never present */
	ck_assert(auth_parse_basic("Basic OnB3", &c));
	ck_assert(!c.present);
	ck_assert(!auth_parse_basic("Digest username=\"a\"", &c));
	ck_assert(!auth_parse_basic("Basic YWRtaW4=", &c));	/* no colon */
	ck_assert(!auth_parse_basic("Basic !!!!", &c));
	ck_assert(!auth_parse_basic("BasicYWRtaW46c2VjcmV0", &c));
	ck_assert(!auth_parse_basic("Basic YQBiOmM=", &c));	/* NUL inside */
}
END_TEST

START_TEST(users_and_privileges)
{
	char name[AUTH_NAME_MAX + 1];
	struct creds c;

	c = mk("admin", "Fact0ry");
	ck_assert_int_eq(auth_check_user(&c, name, sizeof(name)), PRI_ADMIN);
	ck_assert_str_eq(name, "admin");
	c = mk("oper", "op");
	ck_assert_int_eq(auth_check_user(&c, name, sizeof(name)), PRI_OPERATOR);
	c = mk("guest", NULL);	/* pwd missing = empty */
	ck_assert_int_eq(auth_check_user(&c, name, sizeof(name)), PRI_VISITOR);
	c = mk("admin", "fact0ry");
	ck_assert_int_eq(auth_check_user(&c, name, sizeof(name)), -1);
	c = mk("admin", "");
	ck_assert_int_eq(auth_check_user(&c, name, sizeof(name)), -1);
	c = mk("Admin", "Fact0ry");
	ck_assert_int_eq(auth_check_user(&c, name, sizeof(name)), -1);
	c = mk("nobody", "");
	ck_assert_int_eq(auth_check_user(&c, name, sizeof(name)), -1);
}
END_TEST

START_TEST(empty_user_never)
{
	struct creds c, none;
	int pri;
	char name[64];

	/* slots 4..8 have empty names and empty passwords */
	c = mk("", "");
	ck_assert(!c.present);
	ck_assert_int_eq(auth_check_user(&c, name, sizeof(name)), -1);
	memset(&none, 0, sizeof(none));
	ck_assert_int_eq(auth_decide(&none, &c, &pri, name, sizeof(name)), AUTH_ANONYMOUS);
	ck_assert_int_eq(pri, PRI_EVERYONE);
	/* forced "present" with an empty name still fails */
	c.present = true;
	ck_assert_int_eq(auth_check_user(&c, name, sizeof(name)), -1);
}
END_TEST

START_TEST(header_wins_over_junk_query)
{
	struct creds b, q;
	int pri;
	char name[64];

	ck_assert(auth_parse_basic("Basic YWRtaW46RmFjdDByeQ==", &b));	/* admin:Fact0ry */
	q = mk("undefined", "undefined");
	ck_assert_int_eq(auth_decide(&b, &q, &pri, name, sizeof(name)), AUTH_OK);
	ck_assert_int_eq(pri, PRI_ADMIN);
	/* junk header, valid query */
	ck_assert(auth_parse_basic("Basic eDp5", &b));	/* x:y */
	q = mk("oper", "op");
	ck_assert_int_eq(auth_decide(&b, &q, &pri, name, sizeof(name)), AUTH_OK);
	ck_assert_int_eq(pri, PRI_OPERATOR);
	ck_assert_str_eq(name, "oper");
	/* both wrong */
	q = mk("oper", "nope");
	ck_assert_int_eq(auth_decide(&b, &q, &pri, name, sizeof(name)), AUTH_FAILED);
}
END_TEST

START_TEST(long_or_nul_query_credentials)
{
	char longname[200];
	struct creds c;

	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	c = mk(longname, "x");
	ck_assert(c.present);
	ck_assert_int_eq(auth_check_user(&c, NULL, 0), -1);
	auth_from_query("admin", 5, "Fact0ry\0x", 9, &c);
	ck_assert_int_eq(auth_check_user(&c, NULL, 0), -1);
}
END_TEST

static struct sockaddr_in v4(const char *a)
{
	struct sockaddr_in s = { .sin_family = AF_INET };

	inet_pton(AF_INET, a, &s.sin_addr);
	return s;
}

START_TEST(throttling)
{
	struct throttle_cfg cfg = { 3, 60, 30 };
	struct sockaddr_in a = v4("192.0.2.1"), b = v4("192.0.2.2");
	struct sockaddr_in6 mapped = { .sin6_family = AF_INET6 };
	const struct sockaddr *sa = (struct sockaddr *)&a;
	struct login_throttle *t = throttle_new(&cfg);

	inet_pton(AF_INET6, "::ffff:192.0.2.1", &mapped.sin6_addr);
	ck_assert(!throttle_locked(t, sa, 100));
	ck_assert(!throttle_fail(t, sa, 1, 100));
	ck_assert(!throttle_fail(t, sa, 1, 101));
	ck_assert(!throttle_locked(t, sa, 101));
	ck_assert(throttle_fail(t, sa, 1, 102));	/* third: locked */
	ck_assert(throttle_locked(t, sa, 103));
	ck_assert(throttle_locked(t, (struct sockaddr *)&mapped, 103));
	ck_assert(!throttle_locked(t, (struct sockaddr *)&b, 103));
	ck_assert(throttle_locked(t, sa, 131));
	ck_assert(!throttle_locked(t, sa, 132.5));	/* lockout over */
	/* failures outside the window do not add up */
	ck_assert(!throttle_fail(t, sa, 1, 200));
	ck_assert(!throttle_fail(t, sa, 1, 201));
	ck_assert(!throttle_fail(t, sa, 1, 300));
	ck_assert(!throttle_locked(t, sa, 300));
	/* a success clears the count */
	throttle_success(t, sa, 1, 300);
	ck_assert(!throttle_fail(t, sa, 1, 301));
	ck_assert(!throttle_fail(t, sa, 1, 302));
	ck_assert(!throttle_locked(t, sa, 302));
	throttle_free(t);
	/* lockout 0 disables */
	cfg.lockout = 0;
	t = throttle_new(&cfg);
	for (int i = 0; i < 10; i++)
		throttle_fail(t, (struct sockaddr *)&b, 1, 400);
	ck_assert(!throttle_locked(t, (struct sockaddr *)&b, 400));
	throttle_free(t);
}
END_TEST

/* Logging in as another account between guesses clears nothing. */
START_TEST(throttling_per_account)
{
	struct throttle_cfg cfg = { 5, 60, 30 };
	struct sockaddr_in a = v4("192.0.2.7");
	const struct sockaddr *sa = (struct sockaddr *)&a;
	struct login_throttle *t = throttle_new(&cfg);
	bool locked = false;

	for (int i = 0; i < 5 && !locked; i++) {
		locked = throttle_fail(t, sa, 1, 100 + i);	/* admin */
		throttle_success(t, sa, 3, 100 + i);		/* the visitor */
	}
	ck_assert(locked);
	ck_assert(throttle_locked(t, sa, 105));
	throttle_free(t);

	/* the account that failed clears its own failures when it succeeds */
	t = throttle_new(&cfg);
	for (int i = 0; i < 4; i++)
		ck_assert(!throttle_fail(t, sa, 1, 200));
	throttle_success(t, sa, 1, 200);
	for (int i = 0; i < 4; i++)
		ck_assert(!throttle_fail(t, sa, 1, 201));
	/* failures against two accounts add up for the address */
	ck_assert(throttle_fail(t, sa, 2, 202));
	ck_assert_int_eq(auth_account("admin"), 1);
	ck_assert_int_eq(auth_account("guest"), 3);
	ck_assert_int_eq(auth_account("nobody"), 0);
	ck_assert_int_eq(auth_account(""), 0);
	throttle_free(t);
}
END_TEST

/* A table full of locked-out addresses still throttles newcomers. */
START_TEST(throttling_table_flood)
{
	struct throttle_cfg cfg = { 3, 60, 30 };
	struct login_throttle *t = throttle_new(&cfg);
	struct sockaddr_in x, fresh = v4("198.51.100.200"), other = v4("198.51.100.201");
	char ip[32];
	bool locked = false;

	for (int i = 0; i < THROTTLE_SLOTS + 8; i++) {
		snprintf(ip, sizeof(ip), "10.0.%d.%d", i / 250, i % 250 + 1);
		x = v4(ip);
		for (int k = 0; k < 3; k++)
			throttle_fail(t, (struct sockaddr *)&x, 1, 100);
	}
	/* the first ones are still locked: not evicted by the later ones */
	x = v4("10.0.0.1");
	ck_assert(throttle_locked(t, (struct sockaddr *)&x, 101));
	for (int k = 0; k < 3 && !locked; k++)
		locked = throttle_fail(t, (struct sockaddr *)&fresh, 1, 101);
	ck_assert(locked || throttle_locked(t, (struct sockaddr *)&fresh, 101));
	ck_assert(throttle_locked(t, (struct sockaddr *)&fresh, 102));
	/* it counted in its block: its neighbours wait, other blocks do not */
	ck_assert(throttle_locked(t, (struct sockaddr *)&other, 102));
	x = v4("203.0.113.9");
	ck_assert(!throttle_locked(t, (struct sockaddr *)&x, 102));
	/* a success in a shared slot clears nothing */
	throttle_success(t, (struct sockaddr *)&other, 1, 102);
	ck_assert(throttle_locked(t, (struct sockaddr *)&fresh, 102));
	/* when every block slot counts too, the rest share the overflow */
	for (int i = 0; i < THROTTLE_BLOCKS; i++) {
		snprintf(ip, sizeof(ip), "172.16.%d.1", i);
		x = v4(ip);
		for (int k = 0; k < 3; k++)
			throttle_fail(t, (struct sockaddr *)&x, 1, 103);
	}
	x = v4("192.0.2.77");
	for (int k = 0; k < 3; k++)
		throttle_fail(t, (struct sockaddr *)&x, 1, 104);
	x = v4("198.18.0.1");
	ck_assert(throttle_locked(t, (struct sockaddr *)&x, 104));
	/* once the lockouts are over, addresses get slots of their own again */
	ck_assert(!throttle_locked(t, (struct sockaddr *)&other, 200));
	ck_assert(!throttle_fail(t, (struct sockaddr *)&other, 1, 200));
	ck_assert(!throttle_locked(t, (struct sockaddr *)&other, 200));
	throttle_free(t);
}
END_TEST

/* An IPv6 client is its /64: it cannot rotate through its own block. */
/* A wrong header next to a right query, or two wrong ones, all count. */
START_TEST(failed_accounts)
{
	struct creds none = { 0 }, b, q;
	int failed[2];

	b = mk("admin", "wrong");
	q = mk("guest", "");
	ck_assert_int_eq(auth_failed_accounts(&b, &q, failed), 1);
	ck_assert_int_eq(failed[0], 1);
	q = mk("oper", "bad");
	ck_assert_int_eq(auth_failed_accounts(&b, &q, failed), 2);
	ck_assert_int_eq(failed[0], 1);
	ck_assert_int_eq(failed[1], 2);
	/* a header that logs in: the client's junk query is no attempt */
	b = mk("oper", "op");
	q = mk("undefined", "undefined");
	ck_assert_int_eq(auth_failed_accounts(&b, &q, failed), 0);
	ck_assert_int_eq(auth_failed_accounts(&none, &q, failed), 1);
	ck_assert_int_eq(failed[0], 0);
	ck_assert_int_eq(auth_failed_accounts(&none, &none, failed), 0);
}
END_TEST

START_TEST(throttling_ipv6_prefix)
{
	struct throttle_cfg cfg = { 3, 60, 30 };
	struct login_throttle *t = throttle_new(&cfg);
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
	char ip[64];

	for (int i = 1; i <= 3; i++) {
		snprintf(ip, sizeof(ip), "2001:db8:1:2::%x", i);
		inet_pton(AF_INET6, ip, &s6.sin6_addr);
		throttle_fail(t, (struct sockaddr *)&s6, 1, 100);
	}
	inet_pton(AF_INET6, "2001:db8:1:2:ffff::9", &s6.sin6_addr);
	ck_assert(throttle_locked(t, (struct sockaddr *)&s6, 101));
	inet_pton(AF_INET6, "2001:db8:1:3::1", &s6.sin6_addr);
	ck_assert(!throttle_locked(t, (struct sockaddr *)&s6, 101));
	throttle_free(t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("auth");
	TCase *tc = tcase_create("auth");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, base64);
	tcase_add_test(tc, basic_header);
	tcase_add_test(tc, users_and_privileges);
	tcase_add_test(tc, empty_user_never);
	tcase_add_test(tc, header_wins_over_junk_query);
	tcase_add_test(tc, long_or_nul_query_credentials);
	tcase_add_test(tc, throttling);
	tcase_add_test(tc, throttling_per_account);
	tcase_add_test(tc, throttling_table_flood);
	tcase_add_test(tc, throttling_ipv6_prefix);
	tcase_add_test(tc, failed_accounts);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

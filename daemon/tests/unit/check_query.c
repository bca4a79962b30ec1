// SPDX-License-Identifier: GPL-2.0-or-later
/* Query strings of every shape cgi-protocol.md section 1 lists. */
#include <stdio.h>

#include "query.h"
#include "unit.h"

static struct query q;

static void parse(const char *s)
{
	query_free(&q);
	query_parse(&q, s, strlen(s));
}

static void teardown(void)
{
	query_free(&q);
}

static void expect(const char *key, const char *val)
{
	size_t len;
	const char *v = query_get(&q, key, &len);

	ck_assert_msg(v != NULL, "key %s missing", key);
	ck_assert_bytes(v, len, val);
}

START_TEST(command_first)
{
	parse("command=0&user=U&pwd=P");
	ck_assert_int_eq(q.n, 3);
	expect("command", "0");
	expect("user", "U");
	expect("pwd", "P");
}
END_TEST

START_TEST(credentials_first)
{
	parse("user=U&pwd=P&command=0");
	expect("command", "0");
	expect("user", "U");
	expect("pwd", "P");
	ck_assert_str_eq(q.pair[0].key, "user");
}
END_TEST

START_TEST(empty_first_pair_and_empty_value)
{
	parse("&user=U&pwd=");
	ck_assert_int_eq(q.n, 2);
	expect("user", "U");
	expect("pwd", "");
	ck_assert(query_find(&q, "pwd")->has_eq);
}
END_TEST

START_TEST(key_without_equals)
{
	const struct qpair *p;

	parse("command=0&onestep&degree=5");
	p = query_find(&q, "onestep");
	ck_assert_ptr_nonnull(p);
	ck_assert(!p->has_eq);
	ck_assert_uint_eq(p->vlen, 0);
	expect("degree", "5");
}
END_TEST

START_TEST(cache_buster_and_trailing_junk)
{
	parse("user=a&pwd=b&1700000000&.mjpg");
	ck_assert_int_eq(q.n, 4);
	ck_assert_ptr_nonnull(query_find(&q, "1700000000"));
	ck_assert_ptr_nonnull(query_find(&q, ".mjpg"));
	expect("pwd", "b");
}
END_TEST

START_TEST(pwd_missing)
{
	parse("user=admin&command=1");
	ck_assert_ptr_null(query_find(&q, "pwd"));
	ck_assert_ptr_null(query_get(&q, "pwd", NULL));
}
END_TEST

START_TEST(percent_and_plus)
{
	parse("alias=My+Cam%21&ssid=a%20b%2Bc&k%65y=v");
	expect("alias", "My Cam!");
	expect("ssid", "a b+c");
	expect("key", "v");
}
END_TEST

START_TEST(bad_escapes_stay_literal)
{
	parse("a=%zz&b=%4&c=100%");
	expect("a", "%zz");
	expect("b", "%4");
	expect("c", "100%");
}
END_TEST

START_TEST(nul_kept_with_length)
{
	const struct qpair *p;

	parse("data=a%00b&x=1");
	p = query_find(&q, "data");
	ck_assert_uint_eq(p->vlen, 3);
	ck_assert(memcmp(p->val, "a\0b", 3) == 0);
	/* a key holding a NUL matches nothing */
	parse("us%00er=admin");
	ck_assert_ptr_null(query_find(&q, "us"));
	ck_assert_ptr_null(query_find(&q, "user"));
}
END_TEST

START_TEST(first_occurrence_wins)
{
	parse("command=0&command=2");
	expect("command", "0");
}
END_TEST

START_TEST(empty_and_degenerate)
{
	parse("");
	ck_assert_int_eq(q.n, 0);
	parse("&&&");
	ck_assert_int_eq(q.n, 0);
	parse("=v&k=");
	ck_assert_int_eq(q.n, 2);
	expect("", "v");
	expect("k", "");
	parse("a=b=c");
	expect("a", "b=c");
}
END_TEST

START_TEST(case_sensitive_keys)
{
	parse("User=x");
	ck_assert_ptr_null(query_find(&q, "user"));
}
END_TEST

START_TEST(too_many_pairs)
{
	char buf[QUERY_MAX_PAIRS * 4 + 16];
	size_t o = 0;

	for (int i = 0; i < QUERY_MAX_PAIRS + 5; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "a=%d&", i % 10);
	query_free(&q);
	query_parse(&q, buf, o);
	ck_assert(q.overflow);
	ck_assert_int_eq(q.n, QUERY_MAX_PAIRS);
	parse("a=1&b=2");
	ck_assert(!q.overflow);
}
END_TEST

/* What libmicrohttpd is spared: the pairs counted as query_parse() does. */
START_TEST(limits_before_parsing)
{
	char buf[QUERY_MAX_LEN + 2];
	size_t o = 0;

	ck_assert(query_within_limits("", 0));
	ck_assert(query_within_limits("&&&&", 4));
	for (int i = 0; i < QUERY_MAX_PAIRS; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "a&&");
	ck_assert(query_within_limits(buf, o));
	query_free(&q);
	query_parse(&q, buf, o);
	ck_assert(!q.overflow);
	o += (size_t)snprintf(buf + o, sizeof(buf) - o, "b");
	ck_assert(!query_within_limits(buf, o));
	query_free(&q);
	query_parse(&q, buf, o);
	ck_assert(q.overflow);
	memset(buf, 'x', sizeof(buf));
	ck_assert(query_within_limits(buf, QUERY_MAX_LEN));
	ck_assert(!query_within_limits(buf, QUERY_MAX_LEN + 1));
}
END_TEST

START_TEST(url_decode_plain)
{
	char out[32];

	ck_assert_uint_eq(url_decode(out, "a+b%41", 6, false), 4);
	ck_assert_str_eq(out, "a+bA");
	ck_assert_uint_eq(url_decode(out, "a+b", 3, true), 3);
	ck_assert_str_eq(out, "a b");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("shapes");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, command_first);
	tcase_add_test(tc, credentials_first);
	tcase_add_test(tc, empty_first_pair_and_empty_value);
	tcase_add_test(tc, key_without_equals);
	tcase_add_test(tc, cache_buster_and_trailing_junk);
	tcase_add_test(tc, pwd_missing);
	tcase_add_test(tc, percent_and_plus);
	tcase_add_test(tc, bad_escapes_stay_literal);
	tcase_add_test(tc, nul_kept_with_length);
	tcase_add_test(tc, first_occurrence_wins);
	tcase_add_test(tc, empty_and_degenerate);
	tcase_add_test(tc, case_sensitive_keys);
	tcase_add_test(tc, too_many_pairs);
	tcase_add_test(tc, limits_before_parsing);
	tcase_add_test(tc, url_decode_plain);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

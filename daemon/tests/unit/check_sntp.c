// SPDX-License-Identifier: GPL-2.0-or-later
/* SNTP packets (RFC 4330). */
#include <errno.h>
#include <math.h>

#include "sntp.h"
#include "unit.h"

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

/* A server reply to a request sent at TX: received at T2, sent at T3. */
static void reply(uint8_t pkt[SNTP_PACKET], uint64_t tx, double t2, double t3)
{
	memset(pkt, 0, SNTP_PACKET);
	pkt[0] = (0 << 6) | (4 << 3) | 4;
	pkt[1] = 2;
	put64(pkt + 24, tx);
	put64(pkt + 32, ntp_from_unix(t2));
	put64(pkt + 40, ntp_from_unix(t3));
}

START_TEST(conversions)
{
	ck_assert_uint_eq(ntp_from_unix(0) >> 32, NTP_UNIX_OFFSET);
	ck_assert(fabs(unix_from_ntp(ntp_from_unix(1700000000.25)) - 1700000000.25) < 1e-6);
	/* after the NTP era rollover (2036) */
	ck_assert(fabs(unix_from_ntp(ntp_from_unix(2200000000.5)) - 2200000000.5) < 1e-6);
}
END_TEST

START_TEST(request)
{
	uint8_t pkt[SNTP_PACKET];

	sntp_build_request(pkt, 0x0102030405060708ULL);
	ck_assert_uint_eq(pkt[0], 0x23);	/* LI 0, VN 4, mode 3 */
	ck_assert_uint_eq(pkt[40], 0x01);
	ck_assert_uint_eq(pkt[47], 0x08);
	for (int i = 1; i < 40; i++)
		ck_assert_uint_eq(pkt[i], 0);
}
END_TEST

START_TEST(offset)
{
	uint8_t pkt[SNTP_PACKET];
	uint64_t tx = ntp_from_unix(1000.0);
	double off;

	/* server 100 s ahead, 0.2 s round trip */
	reply(pkt, tx, 1100.1, 1100.1);
	ck_assert_int_eq(sntp_parse_reply(pkt, sizeof(pkt), tx, 1000.2, &off), 0);
	ck_assert(fabs(off - 100.0) < 1e-3);
	/* server behind */
	reply(pkt, tx, 950.0, 950.0);
	ck_assert_int_eq(sntp_parse_reply(pkt, sizeof(pkt), tx, 1000.0, &off), 0);
	ck_assert(fabs(off + 50.0) < 1e-3);
}
END_TEST

START_TEST(bad_replies)
{
	uint8_t pkt[SNTP_PACKET];
	uint64_t tx = ntp_from_unix(1000.0);
	double off;

	reply(pkt, tx, 1000, 1000);
	ck_assert_int_eq(sntp_parse_reply(pkt, 47, tx, 1000, &off), -EBADMSG);
	ck_assert_int_eq(sntp_parse_reply(pkt, sizeof(pkt), tx + 1, 1000, &off), -EBADMSG);
	pkt[0] = (3 << 6) | (4 << 3) | 4;	/* unsynchronised */
	ck_assert_int_eq(sntp_parse_reply(pkt, sizeof(pkt), tx, 1000, &off), -EBADMSG);
	reply(pkt, tx, 1000, 1000);
	pkt[0] = (4 << 3) | 3;			/* a client packet */
	ck_assert_int_eq(sntp_parse_reply(pkt, sizeof(pkt), tx, 1000, &off), -EBADMSG);
	reply(pkt, tx, 1000, 1000);
	pkt[1] = 0;				/* kiss-o'-death */
	ck_assert_int_eq(sntp_parse_reply(pkt, sizeof(pkt), tx, 1000, &off), -EBADMSG);
	reply(pkt, tx, 1000, 1000);
	memset(pkt + 40, 0, 8);			/* no transmit time */
	ck_assert_int_eq(sntp_parse_reply(pkt, sizeof(pkt), tx, 1000, &off), -EBADMSG);
}
END_TEST

START_TEST(server_names)
{
	char host[64], port[16];

	sntp_split_server("pool.ntp.org", host, sizeof(host), port, sizeof(port));
	ck_assert_str_eq(host, "pool.ntp.org");
	ck_assert_str_eq(port, "123");
	sntp_split_server("127.0.0.1:12345", host, sizeof(host), port, sizeof(port));
	ck_assert_str_eq(host, "127.0.0.1");
	ck_assert_str_eq(port, "12345");
	sntp_split_server("2001:db8::1", host, sizeof(host), port, sizeof(port));
	ck_assert_str_eq(host, "2001:db8::1");
	ck_assert_str_eq(port, "123");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sntp");
	TCase *tc = tcase_create("sntp");

	tcase_add_test(tc, conversions);
	tcase_add_test(tc, request);
	tcase_add_test(tc, offset);
	tcase_add_test(tc, bad_replies);
	tcase_add_test(tc, server_names);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Golden, byte-exact bodies of the replies. */
#include <stdio.h>

#include "camera.h"
#include "cgi.h"
#include "config.h"
#include "reply.h"
#include "settings.h"
#include "unit.h"

static void setup(void)
{
	struct factory f = { "Adm1n", 80 };

	settings_init(NULL, &f);
}

static void teardown(void)
{
	settings_shutdown();
}

START_TEST(ok_and_errors)
{
	struct reply r;

	reply_init(&r);
	reply_ok(&r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.ctype, "text/plain");
	ck_assert_bytes(r.body, r.len, "ok.\n");
	ck_assert_uint_eq(r.len, 4);
	reply_illegal(&r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_bytes(r.body, r.len, "error: illegal params.");
	ck_assert_uint_eq(r.len, 22);
	ck_assert_str_eq(REPLY_BAD_FRAME_BODY, "error: illegal http frame.");
	ck_assert_uint_eq(strlen(REPLY_BAD_FRAME_BODY), 26);
	reply_unavailable(&r, REPLY_UNAVAILABLE_CAMERA);
	ck_assert_int_eq(r.status, 503);
	ck_assert_bytes(r.body, r.len, "error: camera unavailable.");
	ck_assert_int_eq(r.retry_after, 5);
	reply_free(&r);
}
END_TEST

START_TEST(unauthorized)
{
	struct reply r;

	reply_init(&r);
	reply_unauthorized(&r);
	ck_assert_int_eq(r.status, 401);
	ck_assert_int_eq(r.kind, RK_UNAUTHORIZED);
	ck_assert_str_eq(r.ctype, "text/html");
	ck_assert_bytes(r.body, r.len,
			"<HTML><HEAD><TITLE>401 Unauthorized</TITLE></HEAD>\n"
			"<BODY BGCOLOR=\"#cc9999\"><H4>401 Unauthorized</H4>\n"
			"Authorization required.\n"
			"</BODY></HTML>\n");
	ck_assert_uint_eq(r.len, 140);	/* as the firmware sends it */
	reply_not_found(&r);
	ck_assert_int_eq(r.status, 404);
	ck_assert_bytes(r.body, r.len,
			"<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n"
			"<BODY BGCOLOR=\"#cc9999\"><H4>404 Not Found</H4>\n"
			"File not found.\n"
			"</BODY></HTML>\n");
	reply_free(&r);
}
END_TEST

START_TEST(get_status)
{
	struct status_info s = {
		.id = "000DC5D4DC51", .sys_ver = "11.22.2.38", .app_ver = "2.4.18.17",
		.alias = "R2D2", .now = 1352782910, .tz = 18000, .alarm_status = 0,
		.ddns_status = 0, .ddns_host = "", .upnp_status = 0,
		.upgrade_status = 2, .upgrade_note = "rolled back from 0.3 to 0.2: it's broken",
	};
	struct sbuf b;

	sbuf_init(&b);
	body_get_status(&b, &s);
	ck_assert_bytes(b.p, b.len,
			"var id='000DC5D4DC51';\n"
			"var sys_ver='11.22.2.38';\n"
			"var app_ver='2.4.18.17';\n"
			"var alias='R2D2';\n"
			"var now=1352782910;\n"
			"var tz=18000;\n"
			"var alarm_status=0;\n"
			"var ddns_status=0;\n"
			"var ddns_host='';\n"
			"var oray_type=0;\n"
			"var upnp_status=0;\n"
			"var p2p_status=0;\n"
			"var p2p_local_port=0;\n"
			"var msn_status=0;\n"
			"var upgrade_status=2;\n"
			"var upgrade_note='rolled back from 0.3 to 0.2: it\\x27s broken';\n");
	ck_assert_ptr_null(memchr(b.p, '\r', b.len));
	sbuf_free(&b);
	s.alarm_status = 2;
	s.tz = -3600;
	sbuf_init(&b);
	body_get_status(&b, &s);
	ck_assert_ptr_nonnull(strstr(b.p, "\nvar tz=-3600;\nvar alarm_status=2;\n"));
	sbuf_free(&b);
}
END_TEST

START_TEST(camera_params)
{
	struct cam_params p = { 8, 169, 2, 1, 0, 0 };
	struct sbuf b;

	sbuf_init(&b);
	body_camera_params(&b, &p);
	ck_assert_bytes(b.p, b.len,
			"var resolution=8;\n"
			"var brightness=169;\n"
			"var contrast=2;\n"
			"var mode=1;\n"
			"var flip=0;\n"
			"var fps=0;\n");
	sbuf_free(&b);
}
END_TEST

START_TEST(misc)
{
	int v[MISC_COUNT] = { 1, 1, 0, 0, 2, 2, 10, 6, 6, 6, 6, 1, 0 };
	struct sbuf b;

	sbuf_init(&b);
	body_misc(&b, v);
	ck_assert_bytes(b.p, b.len,
			"var led_mode=1;\n"
			"var ptz_center_onstart=1;\n"
			"var ptz_auto_patrol_interval=0;\n"
			"var ptz_auto_patrol_type=0;\n"
			"var ptz_patrol_h_rounds=2;\n"
			"var ptz_patrol_v_rounds=2;\n"
			"var ptz_patrol_rate=10;\n"
			"var ptz_patrol_up_rate=6;\n"
			"var ptz_patrol_down_rate=6;\n"
			"var ptz_patrol_left_rate=6;\n"
			"var ptz_patrol_right_rate=6;\n"
			"var ptz_disable_preset=1;\n"
			"var ptz_preset_onstart=0;\n");
	sbuf_free(&b);
}
END_TEST

START_TEST(forbidden)
{
	struct changeset c;
	struct sbuf b;

	changeset_init(&c);
	changeset_add(&c, setting_index("schedule_enable"), "1");
	changeset_add(&c, setting_index("schedule_mon_0"), "4294967295");
	changeset_add(&c, setting_index("schedule_sat_2"), "2147483648");
	changeset_add(&c, setting_index("schedule_wed_1"), "65535");
	ck_assert_int_eq(settings_commit(&c, NULL), 0);
	changeset_free(&c);
	sbuf_init(&b);
	body_forbidden(&b);
	ck_assert_bytes(b.p, b.len,
			"var schedule_enable=1;\n"
			"var schedule_sun_0=0;\n"
			"var schedule_sun_1=0;\n"
			"var schedule_sun_2=0;\n"
			"var schedule_mon_0=4294967295;\n"
			"var schedule_mon_1=0;\n"
			"var schedule_mon_2=0;\n"
			"var schedule_tue_0=0;\n"
			"var schedule_tue_1=0;\n"
			"var schedule_tue_2=0;\n"
			"var schedule_wed_0=0;\n"
			"var schedule_wed_1=65535;\n"
			"var schedule_wed_2=0;\n"
			"var schedule_thu_0=0;\n"
			"var schedule_thu_1=0;\n"
			"var schedule_thu_2=0;\n"
			"var schedule_fri_0=0;\n"
			"var schedule_fri_1=0;\n"
			"var schedule_fri_2=0;\n"
			"var schedule_sat_0=0;\n"
			"var schedule_sat_1=0;\n"
			"var schedule_sat_2=2147483648;\n");
	sbuf_free(&b);
}
END_TEST

START_TEST(check_user)
{
	struct sbuf b;

	sbuf_init(&b);
	body_check_user(&b, "admin", 2);
	ck_assert_bytes(b.p, b.len, "var user='admin';\nvar pwd='';\nvar pri=3;\n");
	sbuf_free(&b);
}
END_TEST

START_TEST(params)
{
	struct changeset c;
	struct sbuf b;
	const char *p;

	changeset_init(&c);
	changeset_add(&c, setting_index("alias"), "Porch");
	changeset_add(&c, setting_index("ip"), "");
	ck_assert_int_eq(settings_commit(&c, NULL), 0);
	changeset_free(&c);
	sbuf_init(&b);
	body_params(&b, "0011AABBCCDD", "1.2.3.4", "5.6.7.8", 1700000000, 0);
	const char *head =
			  "var id='0011AABBCCDD';\n"
			  "var sys_ver='1.2.3.4';\n"
			  "var app_ver='5.6.7.8';\n"
			  "var alias='Porch';\n"
			  "var now=1700000000;\n"
			  "var tz=0;\n"
			  "var daylight_saving_time=0;\n"
			  "var ntp_enable=0;\n"
			  "var ntp_svr='pool.ntp.org';\n"
			  "var user1_name='admin';\n"
			  "var user1_pwd='Adm1n';\n"
			  "var user1_pri=2;\n"
			  "var user2_name='';\n";

	ck_assert_msg(strncmp(b.p, head, strlen(head)) == 0, "got %s", b.p);
	ck_assert_ptr_nonnull(strstr(b.p, "var ip='0.0.0.0';\nvar mask='0.0.0.0';\n"));
	ck_assert_ptr_nonnull(strstr(b.p, "var port=80;\nvar wifi_enable=0;\n"));
	p = b.p + b.len - strlen("var decoder_baud=13;\n");
	ck_assert_str_eq(p, "var decoder_baud=13;\n");
	ck_assert_ptr_null(strstr(b.p, "schedule_enable=0;\nvar schedule_sun"));
	sbuf_free(&b);
	/* blanked secrets: keys stay, values go */
	sbuf_init(&b);
	body_params(&b, "0011AABBCCDD", "1", "1", 1, 1);
	ck_assert_ptr_nonnull(strstr(b.p, "var user1_pwd='';\n"));
	ck_assert_ptr_null(strstr(b.p, "Adm1n"));
	ck_assert_ptr_nonnull(strstr(b.p, "var wifi_wpa_psk='';\n"));
	sbuf_free(&b);
}
END_TEST

START_TEST(js_strings_escaped)
{
	struct sbuf b;

	sbuf_init(&b);
	js_str(&b, "x", "a'b\\c;d<e\nf");
	ck_assert_str_eq(b.p, "var x='a\\x27b\\x5cc\\x3bd\\x3ce\\x0af';\n");
	sbuf_free(&b);
}
END_TEST

START_TEST(next_url)
{
	ck_assert(next_url_ok("index.htm", 9));
	ck_assert(next_url_ok("a-b_c.1", 7));
	ck_assert(!next_url_ok("", 0));
	ck_assert(!next_url_ok("..", 2));
	ck_assert(!next_url_ok(".", 1));
	ck_assert(!next_url_ok("/etc/passwd", 11));
	ck_assert(!next_url_ok("http://evil", 11));
	ck_assert(!next_url_ok("a b", 3));
	ck_assert(!next_url_ok("a\r\nb", 4));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("reply");
	TCase *tc = tcase_create("golden");

	config_defaults(&cfg);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, ok_and_errors);
	tcase_add_test(tc, unauthorized);
	tcase_add_test(tc, get_status);
	tcase_add_test(tc, camera_params);
	tcase_add_test(tc, misc);
	tcase_add_test(tc, forbidden);
	tcase_add_test(tc, check_user);
	tcase_add_test(tc, params);
	tcase_add_test(tc, js_strings_escaped);
	tcase_add_test(tc, next_url);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

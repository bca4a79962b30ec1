// SPDX-License-Identifier: GPL-2.0-or-later
/* The settings table, validation, commit, persistence, factory reset. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "settings.h"
#include "settings_store.h"
#include "util.h"
#include "unit.h"

static char dir[64], path[96];

static void setup(void)
{
	struct factory f = { "PerDev1ce", 8080 };

	strcpy(dir, "/tmp/ipcamd-unit-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/settings", dir);
	settings_init(path, &f);
}

static void teardown(void)
{
	char tmp[128];

	settings_shutdown();
	unlink(path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	unlink(tmp);
	rmdir(dir);
}

static bool valid(const char *name, const char *v)
{
	char out[200];

	return setting_validate(setting_index(name), v, strlen(v), out, sizeof(out));
}

static bool valid_input(const char *name, const char *v)
{
	char out[200];

	return setting_validate_input(setting_index(name), v, strlen(v), out, sizeof(out));
}

static const char *canon(const char *name, const char *v)
{
	static char out[200];

	ck_assert(setting_validate(setting_index(name), v, strlen(v), out, sizeof(out)));
	return out;
}

START_TEST(table_is_consistent)
{
	for (size_t i = 0; i < settings_count; i++) {
		const struct setting *s = &settings_table[i];
		char *def = settings_factory_value((int)i), out[200];
		bool cgi_known = false;

		ck_assert_msg(setting_index(s->name) == (int)i, "%s twice", s->name);
		ck_assert_msg(setting_validate((int)i, def, strlen(def), out, sizeof(out)),
			      "factory value of %s invalid", s->name);
		free(def);
		/* no CGI: the daemon's own state (saved presets), never printed */
		if (!s->cgi[0]) {
			ck_assert_msg(!(s->flags & SF_PARAMS) && !s->key[0], "%s", s->name);
			continue;
		}
		/* each key once per CGI */
		for (size_t j = 0; j < i; j++)
			ck_assert_msg(strcmp(settings_table[j].cgi, s->cgi) ||
				      strcmp(settings_table[j].key, s->key),
				      "%s %s twice", s->cgi, s->key);
		for (size_t k = 0; k < set_cgi_count; k++)
			if (!strcmp(set_cgis[k].path, s->cgi))
				cgi_known = true;
		ck_assert_msg(cgi_known || !strcmp(s->cgi, "/camera_control.cgi"),
			      "%s: unknown CGI %s", s->name, s->cgi);
		if (s->flags & SF_SECRET)
			ck_assert(s->type == ST_STR);
	}
	/* every set CGI sets something */
	for (size_t k = 0; k < set_cgi_count; k++) {
		bool any = false;

		for (size_t i = 0; i < settings_count; i++)
			any |= !strcmp(settings_table[i].cgi, set_cgis[k].path);
		ck_assert_msg(any, "%s sets nothing", set_cgis[k].path);
	}
}
END_TEST

START_TEST(get_params_order)
{
	/* the firmware's order, as cgi-protocol.md lists it */
	static const char *const want[] = {
		"alias", "tz", "daylight_saving_time", "ntp_enable", "ntp_svr",
		"user1_name", "user1_pwd", "user1_pri", "user2_name",
	};
	static const char *const tail[] = { "alarm_schedule_sat_2", "decoder_baud" };
	size_t n = 0;
	const char *last[2] = { NULL, NULL };

	for (size_t i = 0; i < settings_count; i++) {
		if (!(settings_table[i].flags & SF_PARAMS))
			continue;
		if (n < sizeof(want) / sizeof(want[0]))
			ck_assert_str_eq(settings_table[i].name, want[n]);
		n++;
		last[0] = last[1];
		last[1] = settings_table[i].name;
	}
	ck_assert_str_eq(last[0], tail[0]);
	ck_assert_str_eq(last[1], tail[1]);
	ck_assert(setting_index("dev9_pwd") < setting_index("ip"));
	ck_assert(setting_index("port") < setting_index("wifi_enable"));
	ck_assert(setting_index("wifi_wpa_psk") < setting_index("pppoe_enable"));
	ck_assert(setting_index("mail_inet_ip") < setting_index("ftp_svr"));
	ck_assert(setting_index("ftp_schedule_sat_2") < setting_index("alarm_motion_armed"));
}
END_TEST

START_TEST(integers)
{
	ck_assert(valid("tz", "18000"));
	ck_assert(valid("tz", "-3600"));
	ck_assert(!valid("tz", "43201"));
	ck_assert(!valid("tz", "-50401"));
	ck_assert(!valid("tz", ""));
	ck_assert(!valid("tz", "1e3"));
	ck_assert(!valid("tz", "0x10"));
	ck_assert(!valid("tz", " 1"));
	ck_assert(!valid("tz", "+1"));
	ck_assert(!valid("tz", "1;"));
	ck_assert(!valid("tz", "99999999999999999999999"));
	ck_assert_str_eq(canon("tz", "007"), "7");
	ck_assert(valid("user1_pri", "2"));
	ck_assert(!valid("user1_pri", "3"));
	ck_assert(!valid("user1_pri", "-1"));
	ck_assert(valid("port", "65535"));
	ck_assert(!valid("port", "0"));
	ck_assert(!valid("port", "65536"));
}
END_TEST

START_TEST(choices_and_masks)
{
	ck_assert(valid("decoder_baud", "4098"));
	ck_assert(valid("decoder_baud", "9"));
	ck_assert(!valid("decoder_baud", "10"));
	ck_assert(!valid("decoder_baud", "9600"));
	ck_assert(valid("resolution", "8"));
	ck_assert(!valid("resolution", "16"));
	ck_assert_str_eq(canon("schedule_sun_0", "4294967295"), "4294967295");
	ck_assert_str_eq(canon("schedule_sun_0", "-1"), "4294967295");
	ck_assert_str_eq(canon("schedule_sun_0", "-2147483648"), "2147483648");
	ck_assert(!valid("schedule_sun_0", "4294967296"));
	ck_assert(!valid("schedule_sun_0", "abc"));
}
END_TEST

START_TEST(strings)
{
	char s[80];

	ck_assert(valid("alias", "Front door"));
	ck_assert(valid("alias", ""));
	ck_assert(valid("alias", "12345678901234567890"));
	ck_assert(!valid("alias", "123456789012345678901"));	/* > 20 */
	ck_assert(!valid("alias", "it's"));
	ck_assert(!valid("alias", "a\\b"));
	ck_assert(!valid("alias", "a;b"));
	ck_assert(!valid("alias", "<script>"));
	ck_assert(!valid("alias", "a\rb"));
	ck_assert(!valid("alias", "a\nb"));
	ck_assert(!valid("alias", "a\tb"));
	ck_assert(!valid("alias", "a\x7f"));
	ck_assert(!setting_validate(setting_index("alias"), "a\0b", 3, s, sizeof(s)));
	ck_assert(valid("user2_pwd", "p@ss w0rd!"));
	ck_assert(!valid("user2_pwd", "1234567890123"));	/* > 12 */
	ck_assert(!valid("user2_name", "a:b"));		/* Basic splits at ':' */
	ck_assert(!valid("user2_name", "a b"));
	ck_assert(valid("ntp_svr", "pool.ntp.org"));
	ck_assert(valid("ntp_svr", "127.0.0.1:12345"));
	ck_assert(!valid("ntp_svr", "a b"));
	ck_assert(!valid("ntp_svr", "-rf"));
	ck_assert(!valid("ntp_svr", "$(reboot)"));
	ck_assert(!valid("mail_sender", "a b@example.com"));
	ck_assert(valid("mail_sender", "cam@example.com"));
	ck_assert(valid("ftp_dir", "/upload/cam1"));
}
END_TEST

/* Text is stored and echoed as UTF-8: anything else is refused. */
START_TEST(utf8_only)
{
	ck_assert(valid_input("alias", "Caf\xc3\xa9"));			/* é */
	ck_assert(valid_input("alias", "\xe6\x97\xa5\xe6\x9c\xac"));		/* CJK */
	ck_assert(valid_input("alias", "\xf0\x9f\x93\xb7"));			/* U+1F4F7 */
	ck_assert(!valid_input("alias", "Caf\xe9"));			/* Latin-1 */
	ck_assert(!valid_input("alias", "\xc3"));				/* cut short */
	ck_assert(!valid_input("alias", "\xc0\xaf"));			/* overlong '/' */
	ck_assert(!valid_input("alias", "\xe0\x80\xaf"));			/* overlong */
	ck_assert(!valid_input("alias", "\xed\xa0\x80"));			/* surrogate */
	ck_assert(!valid_input("alias", "\xf4\x90\x80\x80"));		/* > U+10FFFF */
	ck_assert(!valid_input("alias", "\xff"));
	ck_assert(!valid_input("alias", "a\x80" "b"));			/* lone continuation */
	ck_assert(!valid_input("ftp_pwd", "\xfe\xfe"));
	ck_assert(!valid_input("user2_name", "\xc3" "("));
	/* a settings file from before the rule is read back as it is */
	ck_assert(valid("user2_pwd", "Caf\xe9"));
	ck_assert(valid_input("port", "80"));
}
END_TEST

/* The CGIs whose own settings are named user and pwd. */
START_TEST(own_credential_keys)
{
	const char *own[] = { "/set_ftp.cgi", "/set_mail.cgi", "/set_ddns.cgi", "/set_pppoe.cgi" };

	for (size_t i = 0; i < ARRAY_SIZE(own); i++) {
		ck_assert(setting_cgi_has_key(own[i], "user"));
		ck_assert(setting_cgi_has_key(own[i], "pwd"));
	}
	ck_assert(!setting_cgi_has_key("/set_users.cgi", "user"));
	ck_assert(!setting_cgi_has_key("/set_alias.cgi", "user"));
	ck_assert(!setting_cgi_has_key("/decoder_control.cgi", "user"));
	ck_assert(setting_cgi_has_key("/set_users.cgi", "user1"));
}
END_TEST

START_TEST(ipv4)
{
	ck_assert(valid("ip", "192.168.1.20"));
	ck_assert(valid("ip", ""));
	ck_assert_str_eq(canon("ip", "0.0.0.0"), "");	/* DHCP */
	ck_assert(!valid("ip", "192.168.1"));
	ck_assert(!valid("ip", "192.168.1.256"));
	ck_assert(!valid("ip", "1.2.3.4.5"));
	ck_assert(!valid("ip", "a.b.c.d"));
}
END_TEST

START_TEST(factory_and_persistence)
{
	struct changeset c;
	bool changed;
	struct factory f = { "PerDev1ce", 8080 };

	ck_assert_int_eq(settings_load(), 0);	/* no file: factory, written */
	ck_assert_str_eq(settings_str("user1_name"), "admin");
	ck_assert_str_eq(settings_str("user1_pwd"), "PerDev1ce");
	ck_assert_int_eq(settings_int("port"), 8080);
	ck_assert_int_eq(access(path, F_OK), 0);

	changeset_init(&c);
	changeset_add(&c, setting_index("alias"), "Garden");
	changeset_add(&c, setting_index("user1_pwd"), "n3w");
	ck_assert_int_eq(settings_commit(&c, &changed), 0);
	ck_assert(changed);
	ck_assert_int_eq(settings_commit(&c, &changed), 0);
	ck_assert(!changed);
	changeset_free(&c);

	/* a fresh start reads them back */
	settings_init(path, &f);
	ck_assert_str_eq(settings_str("alias"), "");
	ck_assert_int_eq(settings_load(), 0);
	ck_assert_str_eq(settings_str("alias"), "Garden");
	ck_assert_str_eq(settings_str("user1_pwd"), "n3w");

	/* factory reset: the per-device password, not a blank one */
	ck_assert_int_eq(settings_factory_reset(), 0);
	ck_assert_str_eq(settings_str("alias"), "");
	ck_assert_str_eq(settings_str("user1_pwd"), "PerDev1ce");
	settings_init(path, &f);
	ck_assert_int_eq(settings_load(), 0);
	ck_assert_str_eq(settings_str("user1_pwd"), "PerDev1ce");
}
END_TEST

START_TEST(file_mode_and_broken_files)
{
	struct stat st;
	FILE *f;
	struct factory fac = { "PerDev1ce", 8080 };

	ck_assert_int_eq(settings_load(), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);

	/* a bad value in the file: factory value for that one only */
	f = fopen(path, "w");
	fprintf(f, STORE_HEADER "\nalias=Ok\ntz=notanumber\n" STORE_END "\n");
	fclose(f);
	settings_init(path, &fac);
	ck_assert_int_eq(settings_load(), 0);
	ck_assert_str_eq(settings_str("alias"), "Ok");
	ck_assert_int_eq(settings_int("tz"), 0);

	/* a file cut short: not trusted at all */
	f = fopen(path, "w");
	fprintf(f, STORE_HEADER "\nalias=Half\n");
	fclose(f);
	settings_init(path, &fac);
	ck_assert_int_eq(settings_load(), 0);
	ck_assert_str_eq(settings_str("alias"), "");
}
END_TEST

static void first_line(char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");

	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(buf, (int)cap, f));
	fclose(f);
}

/* An older format is read and written again in today's; a newer one (a
 * rollback) is read for what this version knows and left as it is. */
START_TEST(format_migration)
{
	struct factory fac = { "PerDev1ce", 8080 };
	char line[64];
	FILE *f;

	f = fopen(path, "w");
	fprintf(f, "# ipcamd settings 1\nalias=Format1\nport=8081\n" STORE_END "\n");
	fclose(f);
	settings_init(path, &fac);
	ck_assert_int_eq(settings_load(), 0);
	ck_assert_str_eq(settings_str("alias"), "Format1");
	ck_assert_int_eq(settings_int("port"), 8081);
	first_line(line, sizeof(line));
	ck_assert_str_eq(line, STORE_HEADER "\n");

	f = fopen(path, "w");
	fprintf(f, "# ipcamd settings 3\nalias=Format3\nsomething_new=1\n" STORE_END "\n");
	fclose(f);
	settings_init(path, &fac);
	ck_assert_int_eq(settings_load(), 0);
	ck_assert_str_eq(settings_str("alias"), "Format3");
	first_line(line, sizeof(line));
	ck_assert_str_eq(line, "# ipcamd settings 3\n");

	/* not a settings file: factory settings */
	f = fopen(path, "w");
	fprintf(f, "# ipcamd boot-state 1\nalias=Other\n" STORE_END "\n");
	fclose(f);
	settings_init(path, &fac);
	ck_assert_int_eq(settings_load(), 0);
	ck_assert_str_eq(settings_str("alias"), "");
}
END_TEST

START_TEST(commit_failure_changes_nothing)
{
	struct changeset c;
	struct factory f = { "PerDev1ce", 8080 };

	settings_init("/nonexistent-dir/settings", &f);
	changeset_init(&c);
	changeset_add(&c, setting_index("alias"), "New");
	ck_assert_int_ne(settings_commit(&c, NULL), 0);
	ck_assert_str_eq(settings_str("alias"), "");
	changeset_free(&c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("settings");
	TCase *tc = tcase_create("settings");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, table_is_consistent);
	tcase_add_test(tc, get_params_order);
	tcase_add_test(tc, integers);
	tcase_add_test(tc, choices_and_masks);
	tcase_add_test(tc, strings);
	tcase_add_test(tc, utf8_only);
	tcase_add_test(tc, own_credential_keys);
	tcase_add_test(tc, ipv4);
	tcase_add_test(tc, factory_and_persistence);
	tcase_add_test(tc, file_mode_and_broken_files);
	tcase_add_test(tc, commit_failure_changes_nothing);
	tcase_add_test(tc, format_migration);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

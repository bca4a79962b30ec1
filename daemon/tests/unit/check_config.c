// SPDX-License-Identifier: GPL-2.0-or-later
/* The configuration file and the device identity. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "identity.h"
#include "unit.h"

static char dir[64];

static void setup(void)
{
	strcpy(dir, "/tmp/ipcamd-cfg-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char p[128];

	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(p), 0);
}

static const char *file_with(const char *text)
{
	static char p[128];
	FILE *f;

	snprintf(p, sizeof(p), "%s/ipcamd.conf", dir);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
	return p;
}

START_TEST(config_file)
{
	struct config c;
	char err[256];

	config_defaults(&c);
	ck_assert_int_eq(c.port, 80);
	ck_assert_str_eq(c.server_header, "Netwave IP Camera");
	ck_assert_int_eq(config_load(&c, file_with(
		"# comment\n\n  port = 8081   # inline comment\n"
		"server_header = My Cam\nstate_dir=/tmp/x\nreboot_action = reboot\n"
		"blank_secrets = yes\nserial_port0 = /dev/ttyS1\nlogin_lockout = 0\n"), err, sizeof(err)), 0);
	ck_assert_int_eq(c.port, 8081);
	ck_assert_str_eq(c.server_header, "My Cam");
	ck_assert_str_eq(c.state_dir, "/tmp/x");
	ck_assert_int_eq(c.reboot_action, REBOOT_SYSTEM);
	ck_assert(c.blank_secrets);
	ck_assert_str_eq(c.serial_port[0], "/dev/ttyS1");
	ck_assert_int_eq(c.login_lockout, 0);
	config_finish(&c);
	ck_assert_str_eq(c.settings_file, "/tmp/x/settings");
	ck_assert_str_eq(c.password_file, "/tmp/x/factory-password");
	config_free(&c);

	config_defaults(&c);
	ck_assert_int_ne(config_load(&c, file_with("porrt = 1\n"), err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, ":1: unknown key 'porrt'"));
	ck_assert_int_ne(config_load(&c, file_with("\nport = 0\n"), err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(strstr(err, ":2: bad value for 'port'"));
	ck_assert_int_ne(config_load(&c, file_with("port 80\n"), err, sizeof(err)), 0);
	ck_assert_int_ne(config_load(&c, file_with("state_dir = relative\n"), err, sizeof(err)), 0);
	ck_assert_int_ne(config_load(&c, file_with("reboot_action = halt\n"), err, sizeof(err)), 0);
	ck_assert_int_ne(config_load(&c, file_with("device_id = 00:11\n"), err, sizeof(err)), 0);
	ck_assert_int_ne(config_load(&c, file_with("server_header = a\x01\n"), err, sizeof(err)), 0);
	ck_assert_int_ne(config_load(&c, "/nonexistent/ipcamd.conf", err, sizeof(err)), 0);
	config_free(&c);
}
END_TEST

START_TEST(device_id)
{
	char id[33];

	identity_device_id("00aabbccddee", id, sizeof(id));
	ck_assert_str_eq(id, "00AABBCCDDEE");
	identity_device_id("", id, sizeof(id));
	ck_assert_uint_eq(strlen(id), 12);
	for (int i = 0; i < 12; i++)
		ck_assert(strchr("0123456789ABCDEF", id[i]));
}
END_TEST

START_TEST(random_passwords)
{
	char a[13], b[13];

	ck_assert_int_eq(identity_random_password(a, 12), 0);
	ck_assert_int_eq(identity_random_password(b, 12), 0);
	ck_assert_uint_eq(strlen(a), 12);
	ck_assert_str_ne(a, b);
	for (int i = 0; i < 12; i++)
		ck_assert_ptr_null(strchr("0O1lI'\\;<>\" ", a[i]));
}
END_TEST

START_TEST(factory_password)
{
	char file[128], pwd[16], again[16];
	struct stat st;
	int gen;

	snprintf(file, sizeof(file), "%s/factory-password", dir);
	/* first start, nothing configured: a new random one, root-only */
	ck_assert_int_eq(identity_factory_password(file, NULL, pwd, sizeof(pwd), &gen), 0);
	ck_assert_int_eq(gen, 1);
	ck_assert_uint_eq(strlen(pwd), 12);
	ck_assert_int_eq(stat(file, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	/* later starts: the same one, not generated again */
	ck_assert_int_eq(identity_factory_password(file, "", again, sizeof(again), &gen), 0);
	ck_assert_int_eq(gen, 0);
	ck_assert_str_eq(again, pwd);
	/* a configured one wins and replaces it */
	ck_assert_int_eq(identity_factory_password(file, "Conf1g", again, sizeof(again), &gen), 0);
	ck_assert_str_eq(again, "Conf1g");
	ck_assert_int_eq(identity_factory_password(file, NULL, again, sizeof(again), &gen), 0);
	ck_assert_str_eq(again, "Conf1g");
	/* a configured one that could not be echoed or is too long: refused */
	ck_assert_int_ne(identity_factory_password(file, "it's", again, sizeof(again), &gen), 0);
	ck_assert_int_ne(identity_factory_password(file, "1234567890123", again, sizeof(again), &gen), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, config_file);
	tcase_add_test(tc, device_id);
	tcase_add_test(tc, random_passwords);
	tcase_add_test(tc, factory_password);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

// SPDX-License-Identifier: LGPL-2.1-or-later
/* sysfs attribute text: strict integer parsing, whole-file read and write. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "unit.h"

START_TEST(test_parse_good)
{
	int32_t v = 0;

	ck_assert_int_eq(ipcam_sysfs_parse_int("42\n", 0, 100, &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(ipcam_sysfs_parse_int("-7", -10, 10, &v), 0);
	ck_assert_int_eq(v, -7);
	ck_assert_int_eq(ipcam_sysfs_parse_int("+3\n", 0, 10, &v), 0);
	ck_assert_int_eq(v, 3);
	ck_assert_int_eq(ipcam_sysfs_parse_int("0\n", 0, 0, &v), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(ipcam_sysfs_parse_int("-2147483648\n", INT32_MIN,
						INT32_MAX, &v), 0);
	ck_assert_int_eq(v, INT32_MIN);
}
END_TEST

START_TEST(test_parse_bad)
{
	static const char *const garbage[] = {
		"", "\n", " 4", "4 ", "4\n\n", "0x10", "abc", "-", "+\n",
		"12abc", "1.5", "4\n5",
	};
	int32_t v = 1234;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(garbage); i++)
		ck_assert_msg(ipcam_sysfs_parse_int(garbage[i], INT32_MIN,
						    INT32_MAX, &v) == -EPROTO,
			      "\"%s\" was accepted", garbage[i]);
	ck_assert_int_eq(ipcam_sysfs_parse_int("300\n", 0, 255, &v), -ERANGE);
	ck_assert_int_eq(ipcam_sysfs_parse_int("-1\n", 0, 255, &v), -ERANGE);
	ck_assert_int_eq(ipcam_sysfs_parse_int("2147483648", INT32_MIN,
						INT32_MAX, &v), -ERANGE);
	ck_assert_int_eq(ipcam_sysfs_parse_int("99999999999999999999", INT32_MIN,
						INT32_MAX, &v), -ERANGE);
	ck_assert_int_eq(v, 1234);	/* untouched on failure */
}
END_TEST

START_TEST(test_read_write_files)
{
	char dir[256], buf[32], gone[300];

	unit_mkdtemp(dir, sizeof(dir));
	unit_write_file(dir, "led_mode", "10\n");
	ck_assert_int_eq(ipcam_sysfs_read(dir, "led_mode", buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "10\n");
	/* A shorter value must not leave the tail of the longer one behind. */
	ck_assert_int_eq(ipcam_sysfs_write(dir, "led_mode", "2\n"), 0);
	unit_read_file(dir, "led_mode", buf, sizeof(buf));
	ck_assert_str_eq(buf, "2\n");
	/* Reads are cut to the buffer, NUL-terminated. */
	unit_write_file(dir, "long", "123456789\n");
	ck_assert_int_eq(ipcam_sysfs_read(dir, "long", buf, 5), 4);
	ck_assert_str_eq(buf, "1234");
	/* Missing attribute of a present device vs. a device that has gone. */
	ck_assert_int_eq(ipcam_sysfs_read(dir, "nope", buf, sizeof(buf)), -EOPNOTSUPP);
	ck_assert_int_eq(ipcam_sysfs_write(dir, "nope", "1\n"), -EOPNOTSUPP);
	snprintf(gone, sizeof(gone), "%s/gone", dir);
	ck_assert_int_eq(ipcam_sysfs_read(gone, "led_mode", buf, sizeof(buf)), -ENODEV);
	ck_assert_int_eq(ipcam_sysfs_write(gone, "led_mode", "1\n"), -ENODEV);
	ck_assert_int_eq(ipcam_sysfs_read(dir, "led_mode", buf, 1), -EINVAL);
	unit_rmtree(dir);
}
END_TEST

START_TEST(test_write_permission_error_is_reported)
{
	char dir[256], path[300];

	/* root ignores file modes: a directory in place of the file fails for all. */
	unit_mkdtemp(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/attr", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ck_assert_int_eq(ipcam_sysfs_write(dir, "attr", "1\n"), -EISDIR);
	unit_rmtree(dir);
}
END_TEST

static Suite *sysfs_suite(void)
{
	Suite *s = suite_create("sysfs");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_parse_good);
	tcase_add_test(tc, test_parse_bad);
	suite_add_tcase(s, tc);
	tc = tcase_create("files");
	tcase_add_test(tc, test_read_write_files);
	tcase_add_test(tc, test_write_permission_error_is_reported);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(sysfs_suite)

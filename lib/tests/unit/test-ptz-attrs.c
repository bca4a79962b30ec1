// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * PTZ sysfs attributes against a fake /sys/class/misc/ptzN directory, and
 * the library's attribute table against the kernel's ABI document.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "unit.h"

#define ABI_DOC IPCAM_TOP "/kmod/Documentation/ABI/testing/sysfs-class-misc-ipcam-ptz"

/* What a freshly probed ptz0 could hold. */
static const struct {
	enum ipcam_ptz_attr attr;
	const char *text;
	int32_t value;
} fake[] = {
	{ IPCAM_PTZ_ATTR_PAN_POSITION, "-1200\n", -1200 },
	{ IPCAM_PTZ_ATTR_TILT_POSITION, "350\n", 350 },
	{ IPCAM_PTZ_ATTR_STATE, "moving\n", IPCAM_PTZ_STATE_MOVING },
	{ IPCAM_PTZ_ATTR_PATROL_TYPE, "3\n", 3 },
	{ IPCAM_PTZ_ATTR_AUTO_PATROL_INTERVAL, "3600\n", 3600 },
	{ IPCAM_PTZ_ATTR_PATROL_H_ROUNDS, "255\n", 255 },
	{ IPCAM_PTZ_ATTR_PATROL_V_ROUNDS, "0\n", 0 },
	{ IPCAM_PTZ_ATTR_PATROL_RATE, "10\n", 10 },
	{ IPCAM_PTZ_ATTR_UP_RATE, "6\n", 6 },
	{ IPCAM_PTZ_ATTR_DOWN_RATE, "7\n", 7 },
	{ IPCAM_PTZ_ATTR_LEFT_RATE, "8\n", 8 },
	{ IPCAM_PTZ_ATTR_RIGHT_RATE, "100\n", 100 },
	{ IPCAM_PTZ_ATTR_CENTER_ON_START, "1\n", 1 },
	{ IPCAM_PTZ_ATTR_PRESETS_DISABLED, "0\n", 0 },
	{ IPCAM_PTZ_ATTR_LED_MODE, "2\n", 2 },
	{ IPCAM_PTZ_ATTR_IO_OUTPUT, "0\n", 0 },
	{ IPCAM_PTZ_ATTR_ALARM_INPUT, "1\n", 1 },
};

static char dir[256];
static struct ipcam_ptz *ptz;

static void setup(void)
{
	size_t i;

	unit_mkdtemp(dir, sizeof(dir));
	for (i = 0; i < ARRAY_SIZE(fake); i++)
		unit_write_file(dir, ipcam_ptz_attr_describe(fake[i].attr)->name,
				fake[i].text);
	ck_assert_int_eq(ipcam_ptz_open_sysfs(&ptz, NULL, dir), 0);
}

static void teardown(void)
{
	ipcam_ptz_close(ptz);
	unit_rmtree(dir);
}

static const char *attr_name(enum ipcam_ptz_attr attr)
{
	return ipcam_ptz_attr_describe(attr)->name;
}

START_TEST(test_table_complete)
{
	int a, b;

	ck_assert_uint_eq(ARRAY_SIZE(fake), IPCAM_PTZ_ATTR_COUNT);
	for (a = 0; a < IPCAM_PTZ_ATTR_COUNT; a++) {
		const struct ipcam_ptz_attr_desc *d = ipcam_ptz_attr_describe(a);

		ck_assert_ptr_nonnull(d);
		ck_assert_ptr_nonnull(d->name);
		ck_assert_int_le(d->min, d->max);
		for (b = 0; b < a; b++)
			ck_assert_str_ne(d->name, attr_name(b));
	}
	ck_assert_ptr_null(ipcam_ptz_attr_describe(IPCAM_PTZ_ATTR_COUNT));
	ck_assert_ptr_null(ipcam_ptz_attr_describe(-1));
}
END_TEST

/*
 * Every "What: /sys/class/misc/ptzN/<name>" of the ABI document is in the
 * table with the same (RO)/(RW), and every table entry is documented.
 */
START_TEST(test_table_matches_abi_document)
{
	char line[512], group[8][64];
	int ngroup = 0, documented[IPCAM_PTZ_ATTR_COUNT] = { 0 };
	int described = 0, i, a;
	FILE *f = fopen(ABI_DOC, "r");

	ck_assert_msg(f != NULL, "cannot open %s", ABI_DOC);
	while (fgets(line, sizeof(line), f)) {
		const char *what = "What:\t\t/sys/class/misc/ptzN/";
		int rw = strstr(line, "(RW)") != NULL, ro = strstr(line, "(RO)") != NULL;

		if (!strncmp(line, what, strlen(what))) {
			if (described) {
				ngroup = 0;
				described = 0;
			}
			ck_assert_int_lt(ngroup, 8);
			sscanf(line + strlen(what), "%63s", group[ngroup++]);
		} else if ((rw || ro) && !described && ngroup) {
			described = 1;
			for (i = 0; i < ngroup; i++) {
				for (a = 0; a < IPCAM_PTZ_ATTR_COUNT; a++)
					if (!strcmp(group[i], attr_name(a)))
						break;
				ck_assert_msg(a < IPCAM_PTZ_ATTR_COUNT,
					      "%s is documented but not in the table",
					      group[i]);
				ck_assert_msg(ipcam_ptz_attr_describe(a)->writable == rw,
					      "%s: writable %d, the ABI says %s", group[i],
					      ipcam_ptz_attr_describe(a)->writable,
					      rw ? "RW" : "RO");
				documented[a] = 1;
			}
		}
	}
	fclose(f);
	for (a = 0; a < IPCAM_PTZ_ATTR_COUNT; a++)
		ck_assert_msg(documented[a], "%s is not in the ABI document",
			      attr_name(a));
}
END_TEST

START_TEST(test_get_every_attribute)
{
	int32_t v = 0x5a5a;

	ck_assert_int_eq(ipcam_ptz_attr_get(ptz, fake[_i].attr, &v), 0);
	ck_assert_int_eq(v, fake[_i].value);
}
END_TEST

START_TEST(test_set_writes_what_sysfs_expects)
{
	const struct ipcam_ptz_attr_desc *d = ipcam_ptz_attr_describe(_i);
	char buf[32], want[32];
	int32_t v;

	if (!d->writable) {
		unit_read_file(dir, d->name, want, sizeof(want));
		ck_assert_int_eq(ipcam_ptz_attr_set(ptz, _i, d->min), -EPERM);
		unit_read_file(dir, d->name, buf, sizeof(buf));
		ck_assert_str_eq(buf, want);	/* untouched */
		return;
	}
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, _i, d->min), 0);
	snprintf(want, sizeof(want), "%d\n", d->min);
	unit_read_file(dir, d->name, buf, sizeof(buf));
	ck_assert_str_eq(buf, want);
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, _i, d->max), 0);
	ck_assert_int_eq(ipcam_ptz_attr_get(ptz, _i, &v), 0);
	ck_assert_int_eq(v, d->max);

	/* Out of range: refused here, the file keeps the last good value. */
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, _i, d->max + 1), -EINVAL);
	ck_assert_ptr_nonnull(strstr(ipcam_ptz_last_error(ptz), d->name));
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, _i, d->min - 1), -EINVAL);
	snprintf(want, sizeof(want), "%d\n", d->max);
	unit_read_file(dir, d->name, buf, sizeof(buf));
	ck_assert_str_eq(buf, want);
}
END_TEST

START_TEST(test_known_ranges)
{
	int32_t v;

	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, IPCAM_PTZ_ATTR_LED_MODE, 3), -EINVAL);
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, IPCAM_PTZ_ATTR_CENTER_ON_START, 0), -EPERM);
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, IPCAM_PTZ_ATTR_AUTO_PATROL_INTERVAL, 3601), -EINVAL);
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, IPCAM_PTZ_ATTR_PATROL_H_ROUNDS, 256), -EINVAL);
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, IPCAM_PTZ_ATTR_UP_RATE, 101), -EINVAL);
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, IPCAM_PTZ_ATTR_IO_OUTPUT, 2), -EINVAL);
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, IPCAM_PTZ_ATTR_IO_OUTPUT, 1), 0);
	ck_assert_int_eq(ipcam_ptz_attr_get(ptz, IPCAM_PTZ_ATTR_IO_OUTPUT, &v), 0);
	ck_assert_int_eq(v, 1);
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, IPCAM_PTZ_ATTR_PAN_POSITION, 0), -EPERM);
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, IPCAM_PTZ_ATTR_COUNT, 0), -EINVAL);
	ck_assert_int_eq(ipcam_ptz_attr_get(ptz, IPCAM_PTZ_ATTR_COUNT, &v), -EINVAL);
}
END_TEST

START_TEST(test_state_words)
{
	static const char *const words[] = { "idle", "moving", "homing", "patrol", "selftest" };
	char text[32];
	int32_t v;
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(text, sizeof(text), "%s\n", words[i]);
		unit_write_file(dir, "state", text);
		ck_assert_int_eq(ipcam_ptz_attr_get(ptz, IPCAM_PTZ_ATTR_STATE, &v), 0);
		ck_assert_int_eq(v, i);
	}
	ck_assert_int_eq(ipcam_ptz_parse_state("idle", &v), 0);
	ck_assert_int_eq(ipcam_ptz_parse_state("idl\n", &v), -EPROTO);
	ck_assert_int_eq(ipcam_ptz_parse_state("idle\n\n", &v), -EPROTO);
	ck_assert_int_eq(ipcam_ptz_parse_state("Idle\n", &v), -EPROTO);
	ck_assert_int_eq(ipcam_ptz_parse_state("", &v), -EPROTO);
}
END_TEST

START_TEST(test_bad_contents_are_reported)
{
	int32_t v;

	unit_write_file(dir, "state", "dancing\n");
	ck_assert_int_eq(ipcam_ptz_attr_get(ptz, IPCAM_PTZ_ATTR_STATE, &v), -EPROTO);
	ck_assert_ptr_nonnull(strstr(ipcam_ptz_last_error(ptz), "dancing"));
	unit_write_file(dir, "led_mode", "7\n");	/* out of the ABI's range */
	ck_assert_int_eq(ipcam_ptz_attr_get(ptz, IPCAM_PTZ_ATTR_LED_MODE, &v), -EPROTO);
	unit_write_file(dir, "patrol_rate", "12abc\n");
	ck_assert_int_eq(ipcam_ptz_attr_get(ptz, IPCAM_PTZ_ATTR_PATROL_RATE, &v), -EPROTO);
	ck_assert_ptr_nonnull(strstr(ipcam_ptz_last_error(ptz), "patrol_rate"));
}
END_TEST

START_TEST(test_missing_and_gone)
{
	char path[300];
	int32_t v;

	/* An older kernel without the attribute. */
	snprintf(path, sizeof(path), "%s/led_mode", dir);
	ck_assert_int_eq(remove(path), 0);
	ck_assert_int_eq(ipcam_ptz_attr_get(ptz, IPCAM_PTZ_ATTR_LED_MODE, &v), -EOPNOTSUPP);
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, IPCAM_PTZ_ATTR_LED_MODE, 1), -EOPNOTSUPP);
	ck_assert_int_eq(ipcam_ptz_attr_get(ptz, IPCAM_PTZ_ATTR_IO_OUTPUT, &v), 0);
	/* The device went away with its directory: -ENODEV, and from then on. */
	unit_rmtree(dir);
	ck_assert_int_eq(ipcam_ptz_attr_get(ptz, IPCAM_PTZ_ATTR_IO_OUTPUT, &v), -ENODEV);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	unit_write_file(dir, "io_output", "1\n");
	ck_assert_int_eq(ipcam_ptz_attr_get(ptz, IPCAM_PTZ_ATTR_IO_OUTPUT, &v), -ENODEV);
	ck_assert_int_eq(ipcam_ptz_attr_set(ptz, IPCAM_PTZ_ATTR_IO_OUTPUT, 0), -ENODEV);
}
END_TEST

static Suite *ptz_attrs_suite(void)
{
	Suite *s = suite_create("ptz-attrs");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_table_complete);
	tcase_add_test(tc, test_table_matches_abi_document);
	suite_add_tcase(s, tc);
	tc = tcase_create("fake-sysfs");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_get_every_attribute, 0, ARRAY_SIZE(fake));
	tcase_add_loop_test(tc, test_set_writes_what_sysfs_expects, 0, IPCAM_PTZ_ATTR_COUNT);
	tcase_add_test(tc, test_known_ranges);
	tcase_add_test(tc, test_state_words);
	tcase_add_test(tc, test_bad_contents_are_reported);
	tcase_add_test(tc, test_missing_and_gone);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ptz_attrs_suite)

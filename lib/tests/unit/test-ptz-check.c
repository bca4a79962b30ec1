// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The rules of linux/ipcam-ptz.h checked before each ioctl, the layout of
 * its structs, and that the request functions check before they touch a
 * device (an attributes-only handle has none: a valid request reaches the
 * "no node" error, an invalid one never gets that far).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

/* The sizes the kernel asserts at build time: no implicit padding. */
_Static_assert(sizeof(struct ipcam_ptz_axis_info) == 32, "axis_info");
_Static_assert(sizeof(struct ipcam_ptz_info) == 16 + 2 * 32 + 32, "info");
_Static_assert(sizeof(struct ipcam_ptz_status) == 64, "status");
_Static_assert(sizeof(struct ipcam_ptz_move) == 32, "move");
_Static_assert(sizeof(struct ipcam_ptz_patrol) == 16, "patrol");
_Static_assert(sizeof(struct ipcam_ptz_preset) == 16, "preset");
_Static_assert(sizeof(struct ipcam_ptz_event) == 40, "event");
_Static_assert(offsetof(struct ipcam_ptz_event, seqno) == 8, "event.seqno");

static struct ipcam_ptz_move good_move(uint32_t mode)
{
	struct ipcam_ptz_move m;

	memset(&m, 0, sizeof(m));
	m.mode = mode;
	m.axis_mask = IPCAM_PTZ_ALL_AXES;
	m.value[0] = mode == IPCAM_PTZ_MOVE_CONTINUOUS ? 1 : 500;
	m.value[1] = mode == IPCAM_PTZ_MOVE_CONTINUOUS ? -1 : -300;
	m.rate = 100;
	return m;
}

START_TEST(test_move_valid)
{
	struct ipcam_ptz_move m;
	uint32_t mode;

	for (mode = 0; mode <= IPCAM_PTZ_MOVE_ABSOLUTE; mode++) {
		m = good_move(mode);
		ck_assert_int_eq(ipcam_ptz_check_move(&m), 0);
		m.axis_mask = IPCAM_PTZ_PAN;
		ck_assert_int_eq(ipcam_ptz_check_move(&m), 0);
		m.axis_mask = IPCAM_PTZ_TILT;
		ck_assert_int_eq(ipcam_ptz_check_move(&m), 0);
	}
	/* A continuous value of an axis outside the mask is not looked at. */
	m = good_move(IPCAM_PTZ_MOVE_CONTINUOUS);
	m.axis_mask = IPCAM_PTZ_TILT;
	m.value[IPCAM_PTZ_AXIS_PAN] = 99;
	ck_assert_int_eq(ipcam_ptz_check_move(&m), 0);
}
END_TEST

START_TEST(test_move_invalid)
{
	struct ipcam_ptz_move m;
	size_t i;

	m = good_move(IPCAM_PTZ_MOVE_ABSOLUTE);
	m.mode = 3;
	ck_assert_int_eq(ipcam_ptz_check_move(&m), -EINVAL);
	m = good_move(IPCAM_PTZ_MOVE_RELATIVE);
	m.axis_mask = 0;
	ck_assert_int_eq(ipcam_ptz_check_move(&m), -EINVAL);
	m.axis_mask = 1U << IPCAM_PTZ_NUM_AXES;
	ck_assert_int_eq(ipcam_ptz_check_move(&m), -EINVAL);
	m = good_move(IPCAM_PTZ_MOVE_CONTINUOUS);
	m.value[IPCAM_PTZ_AXIS_TILT] = 2;
	ck_assert_int_eq(ipcam_ptz_check_move(&m), -EINVAL);
	m.value[IPCAM_PTZ_AXIS_TILT] = -2;
	ck_assert_int_eq(ipcam_ptz_check_move(&m), -EINVAL);
	for (i = 0; i < ARRAY_SIZE(m.reserved); i++) {
		m = good_move(IPCAM_PTZ_MOVE_RELATIVE);
		m.reserved[i] = 1;
		ck_assert_int_eq(ipcam_ptz_check_move(&m), -EINVAL);
	}
}
END_TEST

START_TEST(test_patrol_and_preset)
{
	struct ipcam_ptz_patrol p;
	struct ipcam_ptz_preset s;
	size_t i;

	memset(&p, 0, sizeof(p));
	p.axis_mask = IPCAM_PTZ_PAN;
	ck_assert_int_eq(ipcam_ptz_check_patrol(&p), 0);
	p.rounds = 1000;
	ck_assert_int_eq(ipcam_ptz_check_patrol(&p), 0);
	p.axis_mask = 0;
	ck_assert_int_eq(ipcam_ptz_check_patrol(&p), -EINVAL);
	p.axis_mask = 0x8;
	ck_assert_int_eq(ipcam_ptz_check_patrol(&p), -EINVAL);
	for (i = 0; i < ARRAY_SIZE(p.reserved); i++) {
		memset(&p, 0, sizeof(p));
		p.axis_mask = IPCAM_PTZ_ALL_AXES;
		p.reserved[i] = 0x80000000u;
		ck_assert_int_eq(ipcam_ptz_check_patrol(&p), -EINVAL);
	}

	memset(&s, 0, sizeof(s));
	for (s.op = 0; s.op <= IPCAM_PTZ_PRESET_CLEAR; s.op++) {
		s.index = 0;
		ck_assert_int_eq(ipcam_ptz_check_preset(&s), 0);
		s.index = IPCAM_PTZ_NUM_PRESETS - 1;
		ck_assert_int_eq(ipcam_ptz_check_preset(&s), 0);
		s.index = IPCAM_PTZ_NUM_PRESETS;
		ck_assert_int_eq(ipcam_ptz_check_preset(&s), -EINVAL);
	}
	s.op = 3;
	s.index = 0;
	ck_assert_int_eq(ipcam_ptz_check_preset(&s), -EINVAL);
	for (i = 0; i < ARRAY_SIZE(s.reserved); i++) {
		memset(&s, 0, sizeof(s));
		s.reserved[i] = 1;
		ck_assert_int_eq(ipcam_ptz_check_preset(&s), -EINVAL);
	}
	ck_assert_int_eq(ipcam_ptz_check_axis_mask(IPCAM_PTZ_ALL_AXES), 0);
	ck_assert_int_eq(ipcam_ptz_check_axis_mask(0), -EINVAL);
}
END_TEST

START_TEST(test_requests_checked_before_the_device)
{
	struct ipcam_ptz_move m = good_move(IPCAM_PTZ_MOVE_ABSOLUTE);
	struct ipcam_ptz *ptz;
	char dir[256];

	unit_mkdtemp(dir, sizeof(dir));
	ck_assert_int_eq(ipcam_ptz_open_sysfs(&ptz, NULL, dir), 0);
	ck_assert_int_eq(ipcam_ptz_fd(ptz), -EBADF);

	ck_assert_int_eq(ipcam_ptz_send_move(ptz, &m), -EBADF);
	m.reserved[2] = 7;
	ck_assert_int_eq(ipcam_ptz_send_move(ptz, &m), -EINVAL);
	ck_assert_ptr_nonnull(strstr(ipcam_ptz_last_error(ptz), "reserved"));

	ck_assert_int_eq(ipcam_ptz_move_continuous(ptz, IPCAM_PTZ_PAN, 1, 0, 0), -EBADF);
	ck_assert_int_eq(ipcam_ptz_move_continuous(ptz, IPCAM_PTZ_PAN, 5, 0, 0), -EINVAL);
	ck_assert_int_eq(ipcam_ptz_move_relative(ptz, 0, 10, 10, 0), -EINVAL);
	ck_assert_int_eq(ipcam_ptz_move_absolute(ptz, IPCAM_PTZ_TILT, 0, 10, 0), -EBADF);
	ck_assert_int_eq(ipcam_ptz_stop(ptz, IPCAM_PTZ_ALL_AXES), -EBADF);
	ck_assert_int_eq(ipcam_ptz_stop(ptz, 4), -EINVAL);
	ck_assert_int_eq(ipcam_ptz_patrol(ptz, IPCAM_PTZ_PAN, 2), -EBADF);
	ck_assert_int_eq(ipcam_ptz_patrol(ptz, 0, 2), -EINVAL);
	ck_assert_int_eq(ipcam_ptz_preset_set(ptz, 15), -EBADF);
	ck_assert_int_eq(ipcam_ptz_preset_set(ptz, 16), -EINVAL);
	ck_assert_int_eq(ipcam_ptz_preset_goto(ptz, 16), -EINVAL);
	ck_assert_int_eq(ipcam_ptz_preset_clear(ptz, 100), -EINVAL);
	ck_assert_ptr_nonnull(strstr(ipcam_ptz_last_error(ptz), "preset 100"));
	ck_assert_int_eq(ipcam_ptz_center(ptz), -EBADF);
	ck_assert_int_eq(ipcam_ptz_selftest(ptz), -EBADF);
	ipcam_ptz_close(ptz);
	unit_rmtree(dir);
}
END_TEST

START_TEST(test_open_rejects_other_devices)
{
	struct ipcam_ptz *ptz = (struct ipcam_ptz *)1;
	char dir[256], path[300];

	/* A character device that is not a PTZ node: INFO says ENOTTY. */
	ck_assert_int_eq(ipcam_ptz_open(&ptz, "/dev/null"), -ENOTTY);
	ck_assert_ptr_null(ptz);
	ck_assert_int_eq(ipcam_ptz_open(&ptz, "/no/such/ptz"), -ENOENT);
	unit_mkdtemp(dir, sizeof(dir));
	unit_write_file(dir, "plain", "x");
	snprintf(path, sizeof(path), "%s/plain", dir);
	ck_assert_int_eq(ipcam_ptz_open(&ptz, path), -ENOTTY);
	ck_assert_int_eq(ipcam_ptz_open_sysfs(&ptz, NULL, NULL), -EINVAL);
	unit_rmtree(dir);
}
END_TEST

static Suite *ptz_check_suite(void)
{
	Suite *s = suite_create("ptz-check");
	TCase *tc = tcase_create("structs");

	tcase_add_test(tc, test_move_valid);
	tcase_add_test(tc, test_move_invalid);
	tcase_add_test(tc, test_patrol_and_preset);
	suite_add_tcase(s, tc);
	tc = tcase_create("requests");
	tcase_add_test(tc, test_requests_checked_before_the_device);
	tcase_add_test(tc, test_open_rejects_other_devices);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ptz_check_suite)

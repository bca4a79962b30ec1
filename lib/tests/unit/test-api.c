// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device-facing API where no camera is needed: discovery of nothing,
 * nodes that are not cameras, and argument checks.  (The same calls against
 * real cameras run on the QEMU board: tests/lib-board/libtest.sh.)
 */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

START_TEST(test_discovery_without_a_match)
{
	struct ipcam_camera_info cam;
	size_t n = 12345;

	ck_assert_int_eq(ipcam_camera_list(NULL, 0, &n), 0);
	ck_assert_uint_ne(n, 12345);	/* counted, whatever this host has */
	ck_assert_int_eq(ipcam_camera_find("no-such-camera-name", &cam), -ENOENT);
	ck_assert_int_eq(ipcam_camera_find("/no/such/node", &cam), -ENOENT);
	/* A character device that is not a camera. */
	ck_assert_int_eq(ipcam_camera_find("/dev/null", &cam), -ENOENT);
}
END_TEST

START_TEST(test_video_open_rejects_non_cameras)
{
	struct ipcam_video *v = (struct ipcam_video *)1;

	ck_assert_int_eq(ipcam_video_open(&v, "/no/such/video"), -ENOENT);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(ipcam_video_open(&v, "/dev/null"), -ENOTTY);
	ck_assert_ptr_null(v);
	ipcam_video_close(NULL);	/* allowed, like free(NULL) */
}
END_TEST

START_TEST(test_monitor_arguments)
{
	struct ipcam_monitor *m = (struct ipcam_monitor *)1;

	ck_assert_int_eq(ipcam_monitor_new(&m, (enum ipcam_hotplug_source)7), -EINVAL);
	ck_assert_ptr_null(m);
	ipcam_monitor_free(NULL);
}
END_TEST

/* A monitor with nothing happening: an fd to poll, nothing to read. */
START_TEST(test_monitor_idle)
{
	static const enum ipcam_hotplug_source sources[] = {
		IPCAM_HOTPLUG_AUTO, IPCAM_HOTPLUG_UDEV, IPCAM_HOTPLUG_KERNEL,
	};
	struct ipcam_hotplug_event ev;
	struct ipcam_monitor *m;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sources); i++) {
		ck_assert_int_eq(ipcam_monitor_new(&m, sources[i]), 0);
		ck_assert_int_ge(ipcam_monitor_fd(m), 0);
		ck_assert_int_eq(ipcam_monitor_read(m, &ev), -EAGAIN);
		ipcam_monitor_free(m);
	}
}
END_TEST

static Suite *api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("no-device");

	tcase_add_test(tc, test_discovery_without_a_match);
	tcase_add_test(tc, test_video_open_rejects_non_cameras);
	tcase_add_test(tc, test_monitor_arguments);
	tcase_add_test(tc, test_monitor_idle);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(api_suite)

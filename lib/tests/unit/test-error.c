// SPDX-License-Identifier: LGPL-2.1-or-later
/* Error codes and messages. */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "internal.h"
#include "unit.h"

START_TEST(test_strerror_known)
{
	ck_assert_str_eq(ipcam_strerror(0), "Success");
	ck_assert_str_eq(ipcam_strerror(-EINVAL), "Invalid argument");
	ck_assert_str_eq(ipcam_strerror(-EBUSY), "Device or resource busy");
	ck_assert_ptr_nonnull(strstr(ipcam_strerror(-ENODEV), "gone"));
	ck_assert_ptr_nonnull(strstr(ipcam_strerror(-EOPNOTSUPP), "camera"));
	/* A positive value is read as its negation. */
	ck_assert_str_eq(ipcam_strerror(EINVAL), ipcam_strerror(-EINVAL));
}
END_TEST

START_TEST(test_strerror_never_null)
{
	int e;

	for (e = -5000; e <= 5000; e++) {
		const char *s = ipcam_strerror(e);

		ck_assert_ptr_nonnull(s);
		ck_assert_int_gt(strlen(s), 0);
	}
	ck_assert_str_eq(ipcam_strerror(-4000), "Unknown error");
	ck_assert_str_eq(ipcam_strerror(INT32_MIN + 1), "Unknown error");
}
END_TEST

/* Static strings: a later call never changes what an earlier one returned. */
static void *other_errors(void *arg)
{
	int i, e;

	(void)arg;
	for (i = 0; i < 100000; i++)
		for (e = 1; e < 40; e++)
			(void)ipcam_strerror(-e);
	return NULL;
}

START_TEST(test_strerror_thread_safe)
{
	const char *s = ipcam_strerror(-EAGAIN);
	char copy[128];
	pthread_t t;
	int i;

	snprintf(copy, sizeof(copy), "%s", s);
	ck_assert_int_eq(pthread_create(&t, NULL, other_errors, NULL), 0);
	for (i = 0; i < 100000; i++)
		ck_assert_ptr_eq(ipcam_strerror(-EAGAIN), s);
	pthread_join(t, NULL);
	ck_assert_str_eq(s, copy);
}
END_TEST

START_TEST(test_fail_formats_and_returns)
{
	char msg[IPCAM_ERRMSG_LEN];
	char big[3 * IPCAM_ERRMSG_LEN];

	ck_assert_int_eq(ipcam_fail(msg, -EINVAL, "quality %d", 101), -EINVAL);
	ck_assert_str_eq(msg, "quality 101: Invalid argument");
	/* A context longer than the buffer is cut, never overflows. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(ipcam_fail(msg, -EIO, "%s", big), -EIO);
	ck_assert_uint_eq(strlen(msg), IPCAM_ERRMSG_LEN - 1);
}
END_TEST

START_TEST(test_neg_errno)
{
	errno = EPERM;
	ck_assert_int_eq(ipcam_neg_errno(), -EPERM);
	errno = 0;
	ck_assert_int_eq(ipcam_neg_errno(), -EIO);
}
END_TEST

static Suite *error_suite(void)
{
	Suite *s = suite_create("error");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_strerror_known);
	tcase_add_test(tc, test_strerror_never_null);
	tcase_add_test(tc, test_strerror_thread_safe);
	tcase_add_test(tc, test_fail_formats_and_returns);
	tcase_add_test(tc, test_neg_errno);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(error_suite)

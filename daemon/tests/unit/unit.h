/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the daemon's Check unit tests. */
#ifndef IPCAMD_UNIT_H
#define IPCAMD_UNIT_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Run SUITE with CK_VERBOSITY from the environment; exit status. */
static inline int unit_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Compare a buffer with a C string byte for byte. */
#define ck_assert_bytes(p, len, s) \
	do { \
		size_t l_ = strlen(s); \
		ck_assert_msg((len) == l_ && memcmp((p), (s), l_) == 0, \
			      "got %zu bytes \"%.*s\", expected %zu bytes \"%s\"", \
			      (size_t)(len), (int)(len), (const char *)(p), l_, (s)); \
	} while (0)

#endif

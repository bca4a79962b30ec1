// SPDX-License-Identifier: GPL-2.0-or-later
/* The settings file format and its atomic writes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "settings_store.h"
#include "unit.h"

static char dir[64], path[96];
static int count;
static char seen[8][2][64];

static void setup(void)
{
	strcpy(dir, "/tmp/ipcamd-store-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/settings", dir);
	count = 0;
}

static void teardown(void)
{
	char tmp[128];

	unlink(path);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	unlink(tmp);
	rmdir(dir);
}

static void collect(void *cls, const char *name, const char *value)
{
	(void)cls;
	if (count < 8) {
		snprintf(seen[count][0], 64, "%s", name);
		snprintf(seen[count][1], 64, "%s", value);
	}
	count++;
}

static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

START_TEST(escape_round_trip)
{
	const char *vals[] = { "", "plain", "back\\slash", "line\nbreak\r", "tab\there",
			       "\x01\x1f\x7f", "=equals=", "# not a comment" };

	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		char *e = store_escape(vals[i]), *u;

		ck_assert_ptr_null(strchr(e, '\n'));
		u = store_unescape(e);
		ck_assert_str_eq(u, vals[i]);
		free(e);
		free(u);
	}
	ck_assert_ptr_null(store_unescape("bad\\q"));
	ck_assert_ptr_null(store_unescape("trailing\\"));
	ck_assert_ptr_null(store_unescape("nul\\x00"));
}
END_TEST

START_TEST(write_then_read)
{
	const char *names[] = { "alias", "user1_pwd", "ssid" };
	const char *vals[] = { "Cam", "s3cret", "a\nb" };
	struct stat st;
	char tmp[128];

	ck_assert_int_eq(store_write(path, names, vals, 3), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	ck_assert_int_ne(access(tmp, F_OK), 0);	/* no temporary left */
	ck_assert_int_eq(store_read(path, collect, NULL), 0);
	ck_assert_int_eq(count, 3);
	ck_assert_str_eq(seen[0][0], "alias");
	ck_assert_str_eq(seen[2][1], "a\nb");
	/* rewriting replaces the whole file */
	vals[0] = "Other";
	ck_assert_int_eq(store_write(path, names, vals, 1), 0);
	count = 0;
	ck_assert_int_eq(store_read(path, collect, NULL), 0);
	ck_assert_int_eq(count, 1);
	ck_assert_str_eq(seen[0][1], "Other");
}
END_TEST

START_TEST(broken_files_refused)
{
	ck_assert_int_eq(store_read(path, collect, NULL), -ENOENT);
	write_file(STORE_HEADER "\nalias=x\n");			/* no end line */
	ck_assert_int_eq(store_read(path, collect, NULL), -EBADMSG);
	write_file(STORE_HEADER "\nalias=x\n" STORE_END);		/* end line cut */
	ck_assert_int_eq(store_read(path, collect, NULL), -EBADMSG);
	write_file("alias=x\n" STORE_END "\n");			/* no header */
	ck_assert_int_eq(store_read(path, collect, NULL), -EBADMSG);
	write_file(STORE_HEADER "\nnoequals\n" STORE_END "\n");
	ck_assert_int_eq(store_read(path, collect, NULL), -EBADMSG);
	write_file(STORE_HEADER "\n" STORE_END "\nalias=late\n");
	ck_assert_int_eq(store_read(path, collect, NULL), -EBADMSG);
	write_file("");
	ck_assert_int_eq(store_read(path, collect, NULL), -EBADMSG);
	write_file(STORE_HEADER "\n" STORE_END "\n");
	ck_assert_int_eq(store_read(path, collect, NULL), 0);
}
END_TEST

START_TEST(stale_temporary_cleaned)
{
	char tmp[128];
	const char *n[] = { "a" }, *v[] = { "1" };
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	fputs("half a file", f);
	fclose(f);
	store_cleanup(path);
	ck_assert_int_ne(access(tmp, F_OK), 0);
	/* and a write over a stale temporary works */
	f = fopen(tmp, "w");
	fputs("junk", f);
	fclose(f);
	ck_assert_int_eq(store_write(path, n, v, 1), 0);
	ck_assert_int_eq(store_read(path, collect, NULL), 0);
}
END_TEST

START_TEST(write_fails_cleanly)
{
	const char *n[] = { "a" }, *v[] = { "1" };

	ck_assert_int_lt(store_write("/nonexistent-dir/settings", n, v, 1), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, escape_round_trip);
	tcase_add_test(tc, write_then_read);
	tcase_add_test(tc, broken_files_refused);
	tcase_add_test(tc, stale_temporary_cleaned);
	tcase_add_test(tc, write_fails_cleanly);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

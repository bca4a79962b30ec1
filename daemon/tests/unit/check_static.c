// SPDX-License-Identifier: GPL-2.0-or-later
/* Request paths: strict decoding, exact dispatch, the web root. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgi.h"
#include "http.h"
#include "static_files.h"
#include "unit.h"

static long dec(const char *in, char *out)
{
	return http_decode_path(in, strlen(in), out);
}

START_TEST(decoding)
{
	char out[64];

	ck_assert_int_eq(dec("/get_params.cgi", out), 15);
	ck_assert_str_eq(out, "/get_params.cgi");
	ck_assert_int_eq(dec("/get%5Fparams.cgi", out), 15);
	ck_assert_str_eq(out, "/get_params.cgi");
	ck_assert_int_eq(dec("/%2e%2e/etc/passwd", out), 14);
	ck_assert_str_eq(out, "/../etc/passwd");
	ck_assert_int_eq(dec("/get_params.cgi%00.jpg", out), -1);	/* NUL */
	ck_assert_int_eq(dec("/a%zz", out), -1);
	ck_assert_int_eq(dec("/a%2", out), -1);
	ck_assert_int_eq(dec("/a%", out), -1);
	ck_assert_int_eq(dec("/a+b", out), 4);
	ck_assert_str_eq(out, "/a+b");
}
END_TEST

START_TEST(exact_dispatch)
{
	ck_assert_ptr_nonnull(cgi_lookup("/get_params.cgi"));
	ck_assert_ptr_null(cgi_lookup("/x/get_params.cgi"));
	ck_assert_ptr_null(cgi_lookup("/get_params.cgi.bak"));
	ck_assert_ptr_null(cgi_lookup("//get_params.cgi"));
	ck_assert_ptr_null(cgi_lookup("/GET_PARAMS.CGI"));
	ck_assert_ptr_null(cgi_lookup("get_params.cgi"));
	ck_assert_ptr_null(cgi_lookup("/get_params"));
	/* the upgrades: administrator, a multipart body */
	ck_assert_int_eq(cgi_lookup("/upgrade_firmware.cgi")->level, 2);
	ck_assert_uint_ne(cgi_lookup("/upgrade_htmls.cgi")->flags & CGI_F_UPLOAD, 0);
	/* the media CGIs: visitor level, served by http_media.c */
	ck_assert_int_eq(cgi_lookup("/snapshot.cgi")->level, 0);
	ck_assert_int_eq(cgi_lookup("/videostream.cgi")->level, 0);
	ck_assert_int_eq(cgi_lookup("/videostream.asf")->level, 0);
	ck_assert(cgi_lookup("/videostream.asf")->flags & CGI_F_MEDIA);
	ck_assert_ptr_null(cgi_lookup("/videostream.cgi.asf"));
	for (unsigned int i = 0; i < cgi_table_size; i++)
		ck_assert_ptr_eq(cgi_lookup(cgi_table[i].path), &cgi_table[i]);
}
END_TEST

START_TEST(levels)
{
	ck_assert_int_eq(cgi_lookup("/get_status.cgi")->level, -1);
	ck_assert_int_eq(cgi_lookup("/get_camera_params.cgi")->level, 0);
	ck_assert_int_eq(cgi_lookup("/decoder_control.cgi")->level, 1);
	ck_assert_int_eq(cgi_lookup("/camera_control.cgi")->level, 1);
	ck_assert_int_eq(cgi_lookup("/comm_write.cgi")->level, 1);
	for (unsigned int i = 0; i < cgi_table_size; i++)
		if (!strncmp(cgi_table[i].path, "/set_", 5))
			ck_assert_int_eq(cgi_table[i].level, 2);
	ck_assert_int_eq(cgi_lookup("/get_params.cgi")->level, 2);
	ck_assert_int_eq(cgi_lookup("/reboot.cgi")->level, 2);
}
END_TEST

START_TEST(path_checks)
{
	ck_assert(static_path_ok("/", 1));
	ck_assert(static_path_ok("/index.htm", 10));
	ck_assert(static_path_ok("/js/app.js", 10));
	ck_assert(!static_path_ok("//proc/kcore", 12));
	ck_assert(!static_path_ok("/../etc/passwd", 14));
	ck_assert(!static_path_ok("/a/../../etc", 12));
	ck_assert(!static_path_ok("/./x", 4));
	ck_assert(!static_path_ok("/.htpasswd", 10));
	ck_assert(!static_path_ok("/a\\..\\b", 7));
	ck_assert(!static_path_ok("/a/", 3));
	ck_assert(!static_path_ok("relative", 8));
	ck_assert(!static_path_ok("/a\nb", 4));
	ck_assert(!static_path_ok("/c:x", 4));
}
END_TEST

START_TEST(web_root)
{
	char root[64], p[128], outside[128];
	const char *ctype;
	size_t size;
	int fd;
	FILE *f;

	strcpy(root, "/tmp/ipcamd-www-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	snprintf(p, sizeof(p), "%s/index.htm", root);
	f = fopen(p, "w");
	fputs("<html></html>", f);
	fclose(f);
	snprintf(outside, sizeof(outside), "%s-secret", root);
	f = fopen(outside, "w");
	fputs("secret", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/link.htm", root);
	ck_assert_int_eq(symlink(outside, p), 0);
	snprintf(p, sizeof(p), "%s/sub", root);
	ck_assert_int_eq(mkdir(p, 0755), 0);

	fd = static_open(root, "/", 1, &size, &ctype);
	ck_assert_int_ge(fd, 0);
	ck_assert_uint_eq(size, 13);
	ck_assert_str_eq(ctype, "text/html");
	close(fd);
	fd = static_open(root, "/index.htm", 10, &size, &ctype);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_lt(static_open(root, "/link.htm", 9, &size, &ctype), 0);
	ck_assert_int_lt(static_open(root, "/sub", 4, &size, &ctype), 0);
	ck_assert_int_lt(static_open(root, "/missing", 8, &size, &ctype), 0);
	ck_assert_int_lt(static_open(root, "/../etc/passwd", 14, &size, &ctype), 0);
	ck_assert_int_lt(static_open("", "/index.htm", 10, &size, &ctype), 0);
	/* a FIFO is refused at once, without waiting for a writer */
	snprintf(p, sizeof(p), "%s/fifo.txt", root);
	ck_assert_int_eq(mkfifo(p, 0644), 0);
	ck_assert_int_lt(static_open(root, "/fifo.txt", 9, &size, &ctype), 0);
	unlink(p);

	rmdir(p);
	snprintf(p, sizeof(p), "%s/link.htm", root);
	unlink(p);
	snprintf(p, sizeof(p), "%s/index.htm", root);
	unlink(p);
	unlink(outside);
	rmdir(root);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("paths");
	TCase *tc = tcase_create("paths");

	tcase_add_test(tc, decoding);
	tcase_add_test(tc, exact_dispatch);
	tcase_add_test(tc, levels);
	tcase_add_test(tc, path_checks);
	tcase_add_test(tc, web_root);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The libcurl and libarchive shims of ipcamd (src/lazy_curl.c,
 * src/lazy_archive.c), linked here as in ipcamd: without either library.
 * Neither is mapped until its first real call, and every forwarded call
 * reaches the library with its argument intact, each setopt type included.
 * The tests run in order in one process (CK_NOFORK): the first sees the
 * libraries unloaded.
 */
#include <archive.h>
#include <archive_entry.h>
#include <curl/curl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "unit.h"

extern char **environ;

/* LIB (a soname's stem) is mapped into this process. */
static bool mapped(const char *lib)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	bool found = false;

	ck_assert_ptr_nonnull(f);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, lib) != NULL;
	fclose(f);
	return found;
}

START_TEST(nothing_loaded_at_start)
{
	/* cleaning up a libcurl never used must not load it */
	curl_global_cleanup();
	ck_assert(!mapped("/libcurl.so"));
	ck_assert(!mapped("/libarchive.so"));
	/* an error's text needs the library, and loads it */
	ck_assert_str_eq(curl_easy_strerror(CURLE_COULDNT_CONNECT), "Couldn't connect to server");
	ck_assert(mapped("/libcurl.so"));
	ck_assert(!mapped("/libarchive.so"));
}
END_TEST

struct sink {
	char buf[64];
	size_t len;
};

static size_t collect(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;

	if (len > sizeof(s->buf) - s->len)
		return 0;
	memcpy(s->buf + s->len, p, len);
	s->len += len;
	return len;
}

/* A file:// transfer that needs a long, a string, a pointer, a function
 * and a curl_off_t option, and an answer through getinfo. */
START_TEST(curl_forwards_every_option_type)
{
	char path[] = "/tmp/check-lazy.XXXXXX", url[64];
	struct sink s = { .len = 0 };
	curl_off_t got = -1;
	int fd = mkstemp(path);
	CURL *c;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "0123456789", 10), 10);
	close(fd);
	snprintf(url, sizeof(url), "file://%s", path);
	c = curl_easy_init();
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(curl_easy_setopt(c, CURLOPT_URL, url), CURLE_OK);
	ck_assert_int_eq(curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L), CURLE_OK);
	ck_assert_int_eq(curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect), CURLE_OK);
	ck_assert_int_eq(curl_easy_setopt(c, CURLOPT_WRITEDATA, &s), CURLE_OK);
	ck_assert_int_eq(curl_easy_setopt(c, CURLOPT_RESUME_FROM_LARGE, (curl_off_t)3), CURLE_OK);
	ck_assert_int_eq(curl_easy_perform(c), CURLE_OK);
	ck_assert_bytes(s.buf, s.len, "3456789");
	ck_assert_int_eq(curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &got), CURLE_OK);
	ck_assert_int_eq(got, 7);
	/* a long option's value reaches libcurl's own check */
	ck_assert_int_eq(curl_easy_setopt(c, CURLOPT_TIMEOUT, -5L), CURLE_BAD_FUNCTION_ARGUMENT);
	curl_easy_cleanup(c);
	unlink(path);
}
END_TEST

START_TEST(curl_strings_lists_and_mime)
{
	struct curl_slist *l = curl_slist_append(NULL, "To: <a@example.org>");
	CURL *c = curl_easy_init();
	curl_mimepart *p;
	curl_mime *m;
	char *e;

	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_nonnull(curl_slist_append(l, "Subject: x"));
	ck_assert_str_eq(l->next->data, "Subject: x");
	ck_assert_ptr_nonnull(c);
	e = curl_easy_escape(c, "a b/c", 0);
	ck_assert_str_eq(e, "a%20b%2Fc");
	curl_free(e);
	m = curl_mime_init(c);
	ck_assert_ptr_nonnull(m);
	p = curl_mime_addpart(m);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(curl_mime_data(p, "hello", CURL_ZERO_TERMINATED), CURLE_OK);
	ck_assert_int_eq(curl_mime_type(p, "text/plain"), CURLE_OK);
	ck_assert_int_eq(curl_mime_encoder(p, "base64"), CURLE_OK);
	ck_assert_int_eq(curl_mime_encoder(p, "no-such-encoding"), CURLE_BAD_FUNCTION_ARGUMENT);
	ck_assert_int_eq(curl_mime_filename(p, "a.txt"), CURLE_OK);
	curl_mime_free(m);
	curl_slist_free_all(l);
	curl_easy_cleanup(c);
	/* the free functions take NULL, as libcurl's do */
	curl_free(NULL);
	curl_slist_free_all(NULL);
	curl_mime_free(NULL);
	curl_easy_cleanup(NULL);
}
END_TEST

/* A gzip'd tar made by tar(1), read back through the shim. */
START_TEST(archive_reads_a_tarball)
{
	char dir[] = "/tmp/check-lazy.XXXXXX", path[96], tgz[96];
	char *argv[] = { "tar", "-czf", tgz, "-C", dir, "hello.txt", NULL };
	struct archive_entry *e;
	struct archive *a;
	char buf[16];
	pid_t pid;
	int st, fd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/hello.txt", dir);
	snprintf(tgz, sizeof(tgz), "%s/a.tgz", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_eq(write(fd, "hello\n", 6), 6);
	close(fd);
	ck_assert_int_eq(posix_spawnp(&pid, "tar", NULL, NULL, argv, environ), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);

	ck_assert(!mapped("/libarchive.so"));
	a = archive_read_new();
	ck_assert_ptr_nonnull(a);
	ck_assert(mapped("/libarchive.so"));
	ck_assert_int_eq(archive_read_support_format_tar(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_read_support_filter_gzip(a), ARCHIVE_OK);
	fd = open(tgz, O_RDONLY);
	ck_assert_int_eq(archive_read_open_fd(a, fd, 4096), ARCHIVE_OK);
	ck_assert_int_eq(archive_read_next_header(a, &e), ARCHIVE_OK);
	ck_assert_str_eq(archive_entry_pathname(e), "hello.txt");
	ck_assert_int_eq(archive_entry_filetype(e), AE_IFREG);
	ck_assert_int_eq(archive_entry_size(e), 6);
	ck_assert_int_eq(archive_read_data(a, buf, sizeof(buf)), 6);
	ck_assert_bytes(buf, 6, "hello\n");
	ck_assert_int_eq(archive_read_next_header(a, &e), ARCHIVE_EOF);
	ck_assert_int_eq(archive_read_free(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_read_free(NULL), ARCHIVE_OK);
	close(fd);
	unlink(tgz);
	unlink(path);
	rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lazy");
	TCase *tc = tcase_create("shims");

	tcase_add_test(tc, nothing_loaded_at_start);
	tcase_add_test(tc, curl_forwards_every_option_type);
	tcase_add_test(tc, curl_strings_lists_and_mime);
	tcase_add_test(tc, archive_reads_a_tarball);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

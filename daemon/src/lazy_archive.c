// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The libarchive functions ipcamd calls (image_unpack.c), forwarded to
 * libarchive opened at the first call (lazy_lib.h says why).  As in
 * lazy_curl.c, the table is written once under the lazy_lib's lock and
 * only read after.
 */
#include <archive.h>
#include <archive_entry.h>

#include "lazy_lib.h"

/* the ABI's name since libarchive 3.0 (2011) */
#define ARCHIVE_SONAME "libarchive.so.13"

struct archive_fns {
	struct archive *(*read_new)(void);
	int (*read_support_filter_gzip)(struct archive *a);
	int (*read_support_format_tar)(struct archive *a);
	int (*read_open_fd)(struct archive *a, int fd, size_t block);
	int (*read_next_header)(struct archive *a, struct archive_entry **e);
	la_ssize_t (*read_data)(struct archive *a, void *buf, size_t len);
	int (*read_free)(struct archive *a);
	mode_t (*entry_filetype)(struct archive_entry *e);
	const char *(*entry_pathname)(struct archive_entry *e);
	la_int64_t (*entry_size)(struct archive_entry *e);
};

static struct archive_fns fn;

static bool resolve(void *h)
{
	bool ok = true;

#define SYM(field, name) LAZY_SYM(h, ARCHIVE_SONAME, &ok, fn.field, name)
	SYM(read_new, "archive_read_new");
	SYM(read_support_filter_gzip, "archive_read_support_filter_gzip");
	SYM(read_support_format_tar, "archive_read_support_format_tar");
	SYM(read_open_fd, "archive_read_open_fd");
	SYM(read_next_header, "archive_read_next_header");
	SYM(read_data, "archive_read_data");
	SYM(read_free, "archive_read_free");
	SYM(entry_filetype, "archive_entry_filetype");
	SYM(entry_pathname, "archive_entry_pathname");
	SYM(entry_size, "archive_entry_size");
#undef SYM
	return ok;
}

static struct lazy_lib lib = LAZY_LIB_INIT(ARCHIVE_SONAME, resolve);

/* Only archive_read_new() opens libarchive: every other call needs its reader. */
struct archive *archive_read_new(void)
{
	return lazy_lib_ready(&lib) ? fn.read_new() : NULL;
}

int archive_read_support_filter_gzip(struct archive *a)
{
	return fn.read_support_filter_gzip(a);
}

int archive_read_support_format_tar(struct archive *a)
{
	return fn.read_support_format_tar(a);
}

int archive_read_open_fd(struct archive *a, int fd, size_t block)
{
	return fn.read_open_fd(a, fd, block);
}

int archive_read_next_header(struct archive *a, struct archive_entry **e)
{
	return fn.read_next_header(a, e);
}

la_ssize_t archive_read_data(struct archive *a, void *buf, size_t len)
{
	return fn.read_data(a, buf, len);
}

int archive_read_free(struct archive *a)
{
	return a ? fn.read_free(a) : ARCHIVE_OK;
}

mode_t archive_entry_filetype(struct archive_entry *e)
{
	return fn.entry_filetype(e);
}

const char *archive_entry_pathname(struct archive_entry *e)
{
	return fn.entry_pathname(e);
}

la_int64_t archive_entry_size(struct archive_entry *e)
{
	return fn.entry_size(e);
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include "image_unpack.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

struct image_reader {
	struct archive *a;
	char *manifest;		/* its text, kept in the slot */
	size_t manifest_len;
};

#define ERR_MALFORMED "error: the image is not a valid archive."

void image_close(struct image_reader *r)
{
	if (!r)
		return;
	archive_read_free(r->a);
	free(r->manifest);
	free(r);
}

int image_open(int fd, off_t offset, struct image_reader **out, struct manifest *m,
	       const char **err)
{
	struct image_reader *r = xcalloc(1, sizeof(*r));
	struct archive_entry *e;
	char *text = NULL;
	la_int64_t size;
	la_ssize_t n;

	*out = NULL;
	*err = ERR_MALFORMED;
	r->a = archive_read_new();
	if (!r->a) {
		*err = "error: the camera cannot read images now.";
		goto fail;
	}
	archive_read_support_format_tar(r->a);
	archive_read_support_filter_gzip(r->a);
	if (lseek(fd, offset, SEEK_SET) < 0 || archive_read_open_fd(r->a, fd, 64 * 1024) ||
	    archive_read_next_header(r->a, &e) != ARCHIVE_OK)
		goto fail;
	size = archive_entry_size(e);
	if (!archive_entry_pathname(e) || strcmp(archive_entry_pathname(e), MANIFEST_NAME) ||
	    archive_entry_filetype(e) != AE_IFREG || size <= 0 || size > MANIFEST_MAX) {
		*err = "error: the image does not start with its manifest.";
		goto fail;
	}
	text = xmalloc((size_t)size);
	n = archive_read_data(r->a, text, (size_t)size);
	if (n != size || manifest_parse(text, (size_t)size, m, err))
		goto fail;
	r->manifest = text;
	r->manifest_len = (size_t)size;
	*out = r;
	return 0;
fail:
	free(text);
	image_close(r);
	return -1;
}

/* Create the directories leading to PATH under DFD. */
static int make_parents(int dfd, const char *path)
{
	char buf[IMAGE_PATH_MAX + 1];

	str_copy(buf, sizeof(buf), path);
	for (char *p = buf; (p = strchr(p, '/')); p++) {
		struct stat st;

		*p = '\0';
		if (mkdirat(dfd, buf, 0755) < 0 &&
		    (errno != EEXIST || fstatat(dfd, buf, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		     !S_ISDIR(st.st_mode)))
			return -1;
		*p = '/';
	}
	return 0;
}

/* The current entry's data into a new file PATH of DFD, hashed. */
static int write_entry(struct archive *a, int dfd, struct manifest_file *f, uint64_t *budget,
		       const char **err)
{
	crypto_hash_sha256_state h;
	uint8_t sum[32];
	char buf[64 * 1024];
	la_ssize_t n;
	int fd, rc = -1;

	*err = "error: cannot write the image to the camera's storage.";
	if (make_parents(dfd, f->path))
		return -1;
	fd = openat(dfd, f->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, f->mode);
	if (fd < 0)
		return -1;
	crypto_hash_sha256_init(&h);
	while ((n = archive_read_data(a, buf, sizeof(buf))) > 0) {
		if ((uint64_t)n > *budget) {
			*err = "error: the image unpacks to more than the camera takes.";
			goto out;
		}
		*budget -= (uint64_t)n;
		crypto_hash_sha256_update(&h, (const uint8_t *)buf, (size_t)n);
		if (write_full(fd, buf, (size_t)n))
			goto out;
	}
	if (n < 0) {
		*err = ERR_MALFORMED;
		goto out;
	}
	crypto_hash_sha256_final(&h, sum);
	if (memcmp(sum, f->sha256, sizeof(sum))) {
		*err = "error: a file of the image does not match its manifest.";
		goto out;
	}
	/* the mode is the manifest's, whatever the umask */
	if (fchmod(fd, f->mode) < 0 || fsync(fd) < 0)
		goto out;
	rc = 0;
out:
	close(fd);
	return rc;
}

int image_unpack(struct image_reader *r, struct manifest *m, int slotfd, uint64_t max_total,
		 void (*after_first)(void *cls), void *cls, const char **err)
{
	struct archive_entry *e;
	uint64_t budget = max_total;
	size_t done = 0;
	int st, fd;

	while ((st = archive_read_next_header(r->a, &e)) == ARCHIVE_OK) {
		const char *path = archive_entry_pathname(e);
		struct manifest_file *f;
		char dir[IMAGE_PATH_MAX + 2];
		size_t len;

		if (!path) {
			*err = ERR_MALFORMED;
			return -1;
		}
		if (archive_entry_filetype(e) == AE_IFDIR) {
			/* "share/www/": created as its files need it */
			len = strlen(path);
			if (len > IMAGE_PATH_MAX + 1) {
				*err = "error: the image names a file outside its root.";
				return -1;
			}
			str_copy(dir, sizeof(dir), path);
			if (len && dir[len - 1] == '/')
				dir[len - 1] = '\0';
			if (!image_path_ok(dir)) {
				*err = "error: the image names a file outside its root.";
				return -1;
			}
			continue;
		}
		if (archive_entry_filetype(e) != AE_IFREG) {
			*err = "error: the image holds something other than files.";
			return -1;
		}
		f = manifest_find(m, path);
		if (!f || f->unpacked) {
			*err = "error: the image holds a file its manifest does not name.";
			return -1;
		}
		if (write_entry(r->a, slotfd, f, &budget, err))
			return -1;
		f->unpacked = true;
		if (!done++ && after_first)
			after_first(cls);
	}
	if (st != ARCHIVE_EOF) {
		*err = ERR_MALFORMED;
		return -1;
	}
	for (size_t i = 0; i < m->nfiles; i++)
		if (!m->files[i].unpacked) {
			*err = "error: the image lacks a file its manifest names.";
			return -1;
		}
	/* the slot says what it holds (ipcamd-boot and the versions read it) */
	fd = openat(slotfd, MANIFEST_NAME, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    0644);
	if (fd < 0 || write_full(fd, r->manifest, r->manifest_len) || fsync(fd) < 0) {
		if (fd >= 0)
			close(fd);
		*err = "error: cannot write the image to the camera's storage.";
		return -1;
	}
	close(fd);
	/* the directories' entries too: one sync of the file system */
	if (syncfs(slotfd) < 0) {
		*err = "error: cannot write the image to the camera's storage.";
		return -1;
	}
	return 0;
}

int image_verify_tree(int slotfd, const struct manifest *m, const char **err)
{
	char buf[64 * 1024];

	*err = "error: the installed image does not match its manifest.";
	for (size_t i = 0; i < m->nfiles; i++) {
		const struct manifest_file *f = &m->files[i];
		crypto_hash_sha256_state h;
		uint8_t sum[32];
		struct stat st;
		ssize_t n;
		int fd = openat(slotfd, f->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

		if (fd < 0)
			return -1;
		crypto_hash_sha256_init(&h);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			crypto_hash_sha256_update(&h, (const uint8_t *)buf, (size_t)n);
		if (n < 0 || fstat(fd, &st) < 0) {
			close(fd);
			return -1;
		}
		close(fd);
		crypto_hash_sha256_final(&h, sum);
		if (memcmp(sum, f->sha256, sizeof(sum)) || (st.st_mode & 07777) != f->mode)
			return -1;
	}
	return 0;
}

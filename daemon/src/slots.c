// SPDX-License-Identifier: GPL-2.0-or-later
#include "slots.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image_manifest.h"
#include "util.h"

int slots_version(const char *dir, const char *slot, char *buf, size_t cap)
{
	char path[4096], *text = xmalloc(MANIFEST_MAX);
	struct manifest m;
	const char *err;
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "%s/%s/" MANIFEST_NAME, dir, slot);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0) {
		n = read(fd, text, MANIFEST_MAX);
		close(fd);
	}
	if (n <= 0 || manifest_parse(text, (size_t)n, &m, &err)) {
		free(text);
		return -1;
	}
	free(text);
	str_copy(buf, cap, m.version);
	manifest_free(&m);
	return 0;
}

int slots_current(const char *dir, char *buf, size_t cap)
{
	char path[4096];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/" SLOT_CURRENT, dir);
	n = readlink(path, buf, cap - 1);
	if (n < 0) {
		buf[0] = '\0';
		return errno == ENOENT ? 0 : -errno;
	}
	buf[n] = '\0';
	return 0;
}

const char *slots_inactive(const char *current)
{
	return strcmp(current, SLOT_A) ? SLOT_A : SLOT_B;
}

/* Remove everything beneath the directory DFD (closed on return). */
static int empty_dir(int dfd)
{
	DIR *d = fdopendir(dfd);
	struct dirent *de;
	int rc = 0;

	if (!d) {
		close(dfd);
		return -errno;
	}
	while ((de = readdir(d))) {
		int sub;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		/* an install creates directories and regular files only; a
		 * symbolic link here is removed, never followed */
		sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub >= 0) {
			rc = empty_dir(sub);
			if (!rc && unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR) < 0)
				rc = -errno;
		} else if (unlinkat(dirfd(d), de->d_name, 0) < 0) {
			rc = -errno;
		}
		if (rc)
			break;
	}
	closedir(d);
	return rc;
}

int slots_clear(const char *dir, const char *slot)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), sfd, rc;

	if (dfd < 0)
		return -errno;
	sfd = openat(dfd, slot, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sfd >= 0) {
		rc = empty_dir(sfd);
		if (rc)
			goto out;
	} else if (errno != ENOENT) {
		rc = -errno;
		goto out;
	} else if (mkdirat(dfd, slot, 0755) < 0) {
		rc = -errno;
		goto out;
	}
	rc = openat(dfd, slot, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (rc < 0)
		rc = -errno;
out:
	close(dfd);
	return rc;
}

int slots_remove(const char *dir, const char *name)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), sfd, rc = 0;

	if (dfd < 0)
		return -errno;
	sfd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sfd >= 0)
		rc = empty_dir(sfd);
	else if (errno != ENOENT)
		rc = -errno;
	if (!rc && unlinkat(dfd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		rc = -errno;
	close(dfd);
	return rc;
}

int slots_install(const char *dir, const char *slot)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (dfd < 0)
		return -errno;
	/* a cut here leaves staging, and the slot or retired: the slot in use
	 * is untouched, the next install clears the rest */
	rc = slots_remove(dir, SLOT_RETIRED);
	if (!rc && renameat(dfd, slot, dfd, SLOT_RETIRED) < 0 && errno != ENOENT)
		rc = -errno;
	if (!rc && renameat(dfd, SLOT_STAGING, dfd, slot) < 0)
		rc = -errno;
	if (!rc && fsync(dfd) < 0)
		rc = -errno;
	close(dfd);
	if (!rc)
		rc = slots_remove(dir, SLOT_RETIRED);
	return rc;
}

int dir_sync(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

int slots_switch(const char *dir, const char *target)
{
	char link[4096], tmp[4096];

	snprintf(link, sizeof(link), "%s/" SLOT_CURRENT, dir);
	snprintf(tmp, sizeof(tmp), "%s/" SLOT_CURRENT ".new", dir);
	if (!target) {
		if (unlink(link) < 0 && errno != ENOENT)
			return -errno;
		return dir_sync(dir);
	}
	/* a link left by an interrupted switch is replaced */
	if (unlink(tmp) < 0 && errno != ENOENT)
		return -errno;
	if (symlink(target, tmp) < 0)
		return -errno;
	if (rename(tmp, link) < 0) {
		int e = errno;

		unlink(tmp);
		return -e;
	}
	return dir_sync(dir);
}

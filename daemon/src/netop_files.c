// SPDX-License-Identifier: GPL-2.0-or-later
#include "netop_files.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/*
 * The directory that holds ROOT/PATH, opened (and, with CREATE, made),
 * one component at a time below ROOT; *BASE is PATH's last component.
 * A directory fd, or -errno.
 */
static int open_parent(const char *root, const char *path, bool create, const char **base)
{
	const char *p = path, *slash;
	int dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dfd < 0)
		return -errno;
	while ((slash = strchr(p, '/'))) {
		char comp[NAME_MAX + 1];
		size_t len = (size_t)(slash - p);
		int nfd;

		if (len == 0 || len > NAME_MAX) {
			close(dfd);
			return -EINVAL;
		}
		memcpy(comp, p, len);
		comp[len] = '\0';
		nfd = openat(dfd, comp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		/* made only when missing: a read-only /etc with writable
		 * directories below (ProtectSystem=strict) must still work */
		if (nfd < 0 && errno == ENOENT && create) {
			if (mkdirat(dfd, comp, 0755) == 0) {
				/* 0755 whatever the umask: systemd-networkd reads
				 * its directory as a user of its own; and the new
				 * entry must survive a power cut as the file will */
				fchmodat(dfd, comp, 0755, 0);
				fsync(dfd);
				nfd = openat(dfd, comp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			} else if (errno == EEXIST) {
				nfd = openat(dfd, comp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			}
		}
		if (nfd < 0) {
			int rc = -errno;

			close(dfd);
			return rc;
		}
		close(dfd);
		dfd = nfd;
		p = slash + 1;
	}
	if (!*p) {
		close(dfd);
		return -EINVAL;
	}
	*base = p;
	return dfd;
}

/* A new, exclusive temporary file beside BASE in DFD, named into TMP. */
static int create_temp(int dfd, const char *base, unsigned int mode, char *tmp, size_t cap)
{
	for (int tries = 0; tries < 100; tries++) {
		unsigned char rnd[6];
		int fd;

		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			return -EIO;
		if ((size_t)snprintf(tmp, cap, ".%s.%02x%02x%02x%02x%02x%02x", base, rnd[0], rnd[1],
				     rnd[2], rnd[3], rnd[4], rnd[5]) >= cap)
			return -ENAMETOOLONG;
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
		if (fd >= 0) {
			/* the final mode from the start, whatever the umask */
			if (fchmod(fd, mode) < 0) {
				int rc = -errno;

				close(fd);
				unlinkat(dfd, tmp, 0);
				return rc;
			}
			return fd;
		}
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

int netop_write_file(const char *root, const char *path, const void *data, size_t len,
		     unsigned int mode)
{
	char tmp[NAME_MAX + 1];
	const char *base;
	int dfd, fd, rc;

	dfd = open_parent(root, path, true, &base);
	if (dfd < 0)
		return dfd;
	fd = create_temp(dfd, base, mode, tmp, sizeof(tmp));
	if (fd < 0) {
		close(dfd);
		return fd;
	}
	rc = write_full(fd, data, len);
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (!rc && renameat(dfd, tmp, dfd, base) < 0)
		rc = -errno;
	if (rc)
		unlinkat(dfd, tmp, 0);
	else if (fsync(dfd) < 0)
		rc = -errno;
	close(dfd);
	return rc;
}

int netop_remove_file(const char *root, const char *path)
{
	const char *base;
	int dfd, rc = 0;

	dfd = open_parent(root, path, false, &base);
	if (dfd == -ENOENT)
		return 0;
	if (dfd < 0)
		return dfd;
	if (unlinkat(dfd, base, 0) < 0)
		rc = errno == ENOENT ? 0 : -errno;
	else if (fsync(dfd) < 0)
		rc = -errno;
	close(dfd);
	return rc;
}

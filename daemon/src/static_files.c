// SPDX-License-Identifier: GPL-2.0-or-later
#include "static_files.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

int static_path_ok(const char *path, size_t len)
{
	size_t i = 0;

	if (len == 0 || path[0] != '/' || len > 255)
		return 0;
	if (len == 1)
		return 1;	/* "/" is the index page */
	while (i < len) {
		size_t start = ++i;	/* skip '/' */

		while (i < len && path[i] != '/')
			i++;
		if (i == start)
			return 0;	/* empty segment: "//", trailing '/' */
		if (path[start] == '.')
			return 0;	/* ".", "..", hidden files */
		for (size_t k = start; k < i; k++) {
			unsigned char c = (unsigned char)path[k];

			if (c < 0x20 || c == 0x7f || c == '\\' || c == ':')
				return 0;
		}
	}
	return 1;
}

static const char *type_of(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".htm", "text/html" }, { ".html", "text/html" },
		{ ".js", "application/javascript" }, { ".css", "text/css" },
		{ ".png", "image/png" }, { ".gif", "image/gif" },
		{ ".jpg", "image/jpeg" }, { ".jpeg", "image/jpeg" },
		{ ".ico", "image/x-icon" }, { ".svg", "image/svg+xml" },
		{ ".txt", "text/plain" }, { ".json", "application/json" },
	};
	const char *dot = strrchr(name, '.');

	if (dot)
		for (size_t i = 0; i < ARRAY_SIZE(types); i++)
			if (!strcmp(dot, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

int static_open(const char *root, const char *path, size_t len, size_t *size,
		const char **ctype)
{
	char rel[300];
	/* O_NONBLOCK: opening a FIFO (or a device) must not wait for a
	 * writer; anything but a regular file is refused below */
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	struct stat st;
	int dfd, fd;

	if (!root || !root[0] || !static_path_ok(path, len) || memchr(path, '\0', len))
		return -ENOENT;
	if (len == 1)
		str_copy(rel, sizeof(rel), "index.htm");
	else {
		memcpy(rel, path + 1, len - 1);
		rel[len - 1] = '\0';
	}
	dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -ENOENT;
	fd = (int)syscall(SYS_openat2, dfd, rel, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS) {
		/* kernels before 5.6: the segment check above keeps us beneath
		 * the root; refuse symbolic links in the last segment */
		fd = openat(dfd, rel, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	}
	close(dfd);
	if (fd < 0)
		return -ENOENT;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -ENOENT;
	}
	*size = (size_t)st.st_size;
	*ctype = type_of(rel);
	return fd;
}

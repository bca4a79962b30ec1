// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Small sysfs attributes: read and write them whole, parse the integers
 * they hold strictly (a value we cannot parse is the kernel and us
 * disagreeing about the ABI, not something to guess around).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int ipcam_sysfs_parse_int(const char *text, int64_t min, int64_t max,
			  int32_t *value)
{
	const char *p = text;
	char *end;
	long long v;

	/* strtoll() would also take leading blanks and "0x": sysfs prints neither. */
	if (*p == '-' || *p == '+')
		p++;
	if (*p < '0' || *p > '9')
		return -EPROTO;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end == '\n')
		end++;
	if (*end != '\0')
		return -EPROTO;
	if (v < min || v > max)
		return -ERANGE;
	*value = (int32_t)v;
	return 0;
}

/*
 * A missing attribute file means either that the device has gone (its
 * directory went with it) or that this kernel does not have the attribute.
 */
static int missing_attr(const char *dir)
{
	struct stat st;

	return stat(dir, &st) == 0 ? -EOPNOTSUPP : -ENODEV;
}

static int attr_open(const char *dir, const char *name, int flags)
{
	char path[PATH_MAX];
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? missing_attr(dir) : ipcam_neg_errno();
	return fd;
}

int ipcam_sysfs_read(const char *dir, const char *name, char *buf, size_t size)
{
	ssize_t n;
	int fd, err;

	if (size < 2)
		return -EINVAL;
	fd = attr_open(dir, name, O_RDONLY);
	if (fd < 0)
		return fd;
	/* sysfs hands out the whole value on the first read. */
	do {
		n = read(fd, buf, size - 1);
	} while (n < 0 && errno == EINTR);
	err = n < 0 ? ipcam_neg_errno() : 0;
	close(fd);
	if (err)
		return err;
	buf[n] = '\0';
	return (int)n;
}

int ipcam_sysfs_write(const char *dir, const char *name, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd, err = 0;

	/* O_TRUNC: sysfs ignores it, a plain file (unit tests) needs it. */
	fd = attr_open(dir, name, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return fd;
	do {
		n = write(fd, text, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		err = ipcam_neg_errno();
	else if ((size_t)n != len)
		err = -EIO;
	/* sysfs reports the store's error from write(); close() adds nothing. */
	close(fd);
	return err;
}

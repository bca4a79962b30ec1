// SPDX-License-Identifier: GPL-2.0-or-later
#include "settings_store.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

char *store_escape(const char *s)
{
	struct sbuf b;

	sbuf_init(&b);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\')
			sbuf_adds(&b, "\\\\");
		else if (c == '\n')
			sbuf_adds(&b, "\\n");
		else if (c == '\r')
			sbuf_adds(&b, "\\r");
		else if (c < 0x20 || c == 0x7f)
			sbuf_printf(&b, "\\x%02x", c);
		else
			sbuf_addc(&b, (char)c);
	}
	return sbuf_detach(&b, NULL);
}

char *store_unescape(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	while (*s) {
		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		s++;
		if (*s == '\\') {
			*o++ = '\\';
			s++;
		} else if (*s == 'n') {
			*o++ = '\n';
			s++;
		} else if (*s == 'r') {
			*o++ = '\r';
			s++;
		} else if (*s == 'x' && hex_pair(s + 1) > 0) {
			*o++ = (char)hex_pair(s + 1);
			s += 3;
		} else {
			free(out);
			return NULL;
		}
	}
	*o = '\0';
	return out;
}

static char *tmp_path(const char *path)
{
	struct sbuf b;

	sbuf_init(&b);
	sbuf_printf(&b, "%s.tmp", path);
	return sbuf_detach(&b, NULL);
}

void store_cleanup(const char *path)
{
	char *t = tmp_path(path);

	unlink(t);
	free(t);
}

int store_write_kind(const char *path, const char *kind, int version,
		     const char *const *names, const char *const *values, size_t n)
{
	struct sbuf b;
	char *tmp = tmp_path(path), *dcopy = xstrdup(path);
	int fd, dfd, rc;

	sbuf_init(&b);
	sbuf_printf(&b, "# ipcamd %s %d\n", kind, version);
	for (size_t i = 0; i < n; i++) {
		char *e = store_escape(values[i]);

		sbuf_printf(&b, "%s=%s\n", names[i], e);
		secret_wipe(e, strlen(e));
		free(e);
	}
	sbuf_adds(&b, STORE_END "\n");

	/* Single writer (the settings lock): a fixed temporary name is fine;
	 * O_TRUNC discards what an interrupted writer left. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	rc = write_full(fd, b.p, b.len);
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (rc) {
		unlink(tmp);
		goto out;
	}
	if (rename(tmp, path) < 0) {
		rc = -errno;
		unlink(tmp);
		goto out;
	}
	dfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		rc = -errno;
		goto out;
	}
	if (fsync(dfd) < 0)
		rc = -errno;
	close(dfd);
out:
	secret_wipe(b.p, b.len);
	sbuf_free(&b);
	free(tmp);
	free(dcopy);
	return rc;
}

int store_write(const char *path, const char *const *names,
		const char *const *values, size_t n)
{
	return store_write_kind(path, "settings", STORE_FORMAT, names, values, n);
}

/* "# ipcamd KIND N": N, or -1. */
static int header_version(const char *line, const char *kind)
{
	size_t k = strlen(kind);
	long v;

	if (strncmp(line, "# ipcamd ", 9) || strncmp(line + 9, kind, k) || line[9 + k] != ' ')
		return -1;
	line += 10 + k;
	if (!parse_long(line, strlen(line), 1, 1000000, &v) || line[0] == '0')
		return -1;
	return (int)v;
}

int store_read(const char *path,
	       void (*fn)(void *cls, const char *name, const char *value),
	       void *cls)
{
	return store_read_kind(path, "settings", NULL, fn, cls);
}

int store_read_kind(const char *path, const char *kind, int *version,
		    void (*fn)(void *cls, const char *name, const char *value),
		    void *cls)
{
	FILE *f = fopen(path, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = -EBADMSG, lineno = 0;
	bool ended = false;

	if (!f)
		return -errno;
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (n == 0 || line[n - 1] != '\n')
			goto out;	/* a line cut short */
		line[--n] = '\0';
		if (ended)
			goto out;	/* anything after the end line */
		if (lineno == 1) {
			int v = header_version(line, kind);

			if (v < 0)
				goto out;
			if (version)
				*version = v;
			continue;
		}
		if (!strcmp(line, STORE_END)) {
			ended = true;
			continue;
		}
		char *eq = strchr(line, '=');

		if (!eq || eq == line)
			goto out;
		*eq = '\0';
		char *v = store_unescape(eq + 1);

		if (!v)
			goto out;
		fn(cls, line, v);
		secret_wipe(v, strlen(v));
		free(v);
	}
	if (ended)
		rc = 0;
out:
	if (line) {
		secret_wipe(line, cap);
		free(line);
	}
	fclose(f);
	return rc;
}

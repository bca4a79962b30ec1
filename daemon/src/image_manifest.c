// SPDX-License-Identifier: GPL-2.0-or-later
#include "image_manifest.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *image_kind_name(enum image_kind k)
{
	return k == IMAGE_FIRMWARE ? "firmware" : "webui";
}

int version_parse(const char *s, struct fw_version *v)
{
	unsigned int i = 0;

	memset(v, 0, sizeof(*v));
	for (;;) {
		unsigned long x = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9') {
			if (++digits > 9)
				return -1;
			x = x * 10 + (unsigned long)(*s++ - '0');
		}
		if (!digits || i == 4)
			return -1;
		v->n[i++] = (unsigned int)x;
		if (!*s)
			return 0;
		if (*s++ != '.')
			return -1;
	}
}

int version_cmp(const struct fw_version *a, const struct fw_version *b)
{
	for (int i = 0; i < 4; i++)
		if (a->n[i] != b->n[i])
			return a->n[i] < b->n[i] ? -1 : 1;
	return 0;
}

static bool seg_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

bool image_path_ok(const char *p)
{
	size_t len = strlen(p);
	const char *seg = p;

	if (!len || len > IMAGE_PATH_MAX)
		return false;
	for (const char *c = p;; c++) {
		if (*c == '/' || !*c) {
			size_t n = (size_t)(c - seg);

			if (!n || (n == 1 && seg[0] == '.') ||
			    (n == 2 && seg[0] == '.' && seg[1] == '.'))
				return false;
			if (!*c)
				return true;
			seg = c + 1;
		} else if (!seg_char(*c)) {
			return false;
		}
	}
}

/* 64 lower-case hex digits (one hash, one spelling). */
static int hex32(const char *s, uint8_t out[32])
{
	if (strlen(s) != 64 || strspn(s, "0123456789abcdef") != 64)
		return -1;
	for (int i = 0; i < 32; i++)
		out[i] = (uint8_t)hex_pair(s + 2 * i);
	return 0;
}

static int file_line(char *args, struct manifest *m, const char **err)
{
	char *mode = strtok(args, " "), *hash = strtok(NULL, " "), *path = strtok(NULL, " ");
	struct manifest_file *f;

	if (!mode || !hash || !path || strtok(NULL, " ")) {
		*err = "error: a file line of the manifest is malformed.";
		return -1;
	}
	if (m->nfiles == MANIFEST_MAX_FILES) {
		*err = "error: the image has too many files.";
		return -1;
	}
	if (!image_path_ok(path) || !strcmp(path, MANIFEST_NAME)) {
		*err = "error: the image names a file outside its root.";
		return -1;
	}
	if (manifest_find(m, path)) {
		*err = "error: the manifest names a file twice.";
		return -1;
	}
	m->files = xrealloc(m->files, (m->nfiles + 1) * sizeof(*m->files));
	f = &m->files[m->nfiles];
	memset(f, 0, sizeof(*f));
	if (hex32(hash, f->sha256) || (strcmp(mode, "0644") && strcmp(mode, "0755"))) {
		*err = "error: a file line of the manifest is malformed.";
		return -1;
	}
	f->mode = strcmp(mode, "0755") ? 0644 : 0755;
	str_copy(f->path, sizeof(f->path), path);
	m->nfiles++;
	return 0;
}

static int item(char *line, struct manifest *m, unsigned int *seen, const char **err)
{
	char *sp = strchr(line, ' ');
	char *arg = sp ? sp + 1 : NULL;
	struct fw_version v;
	long n;

	*err = "error: the image's manifest is malformed.";
	if (!arg)
		return -1;
	*sp = '\0';
	if (!strcmp(line, "file"))
		return file_line(arg, m, err);
	if (!strcmp(line, "kind") && !(*seen & 1)) {
		*seen |= 1;
		if (!strcmp(arg, "firmware"))
			m->kind = IMAGE_FIRMWARE;
		else if (!strcmp(arg, "webui"))
			m->kind = IMAGE_WEBUI;
		else
			return -1;
		return 0;
	}
	if (!strcmp(line, "version") && !(*seen & 2)) {
		*seen |= 2;
		if (version_parse(arg, &v) || strlen(arg) >= sizeof(m->version))
			return -1;
		str_copy(m->version, sizeof(m->version), arg);
		return 0;
	}
	if (!strcmp(line, "ptz-api") && !(*seen & 4)) {
		*seen |= 4;
		if (!parse_long(arg, strlen(arg), 0, 1000000, &n))
			return -1;
		m->ptz_api = (unsigned int)n;
		return 0;
	}
	if (!strcmp(line, "v4l2-caps") && !(*seen & 8)) {
		char *end;
		unsigned long c;

		*seen |= 8;
		if (strncmp(arg, "0x", 2) || !arg[2])
			return -1;
		c = strtoul(arg + 2, &end, 16);
		if (*end || c > UINT32_MAX)
			return -1;
		m->v4l2_caps = (uint32_t)c;
		return 0;
	}
	return -1;	/* unknown, or given twice */
}

int manifest_parse(const char *text, size_t len, struct manifest *m, const char **err)
{
	char *copy, *line, *save = NULL;
	unsigned int seen = 0;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	*err = "error: the image's manifest is malformed.";
	if (!len || len > MANIFEST_MAX || memchr(text, '\0', len) || text[len - 1] != '\n')
		return -1;
	copy = xstrndup(text, len);
	line = strtok_r(copy, "\n", &save);
	if (!line || strcmp(line, "ipcam-image 1"))
		goto out;
	while ((line = strtok_r(NULL, "\n", &save)))
		if (item(line, m, &seen, err))
			goto out;
	if ((seen & 3) != 3) {
		*err = "error: the image's manifest lacks its kind or version.";
		goto out;
	}
	rc = 0;
out:
	free(copy);
	if (rc)
		manifest_free(m);
	return rc;
}

void manifest_free(struct manifest *m)
{
	free(m->files);
	m->files = NULL;
	m->nfiles = 0;
}

struct manifest_file *manifest_find(const struct manifest *m, const char *path)
{
	for (size_t i = 0; i < m->nfiles; i++)
		if (!strcmp(m->files[i].path, path))
			return &m->files[i];
	return NULL;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The manifest of an upgrade image: the first member of the image's tar,
 * named MANIFEST, one item per line.
 *
 *   ipcam-image 1
 *   kind firmware|webui
 *   version 0.2.0.0                 up to four dotted numbers
 *   ptz-api 2                       firmware: the /dev/ptzN API it needs
 *   v4l2-caps 0x04200001            firmware: V4L2 device caps it needs
 *   file 0755 SHA256HEX sbin/ipcamd  every file, and only those
 *
 * Paths are relative, of [A-Za-z0-9._-] segments, never "." or "..".
 */
#ifndef IPCAMD_IMAGE_MANIFEST_H
#define IPCAMD_IMAGE_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MANIFEST_NAME		"MANIFEST"
#define MANIFEST_MAX		(256 * 1024)
#define MANIFEST_MAX_FILES	2048
#define IMAGE_PATH_MAX		200

enum image_kind {
	IMAGE_FIRMWARE,
	IMAGE_WEBUI,
};

struct fw_version {
	unsigned int n[4];
};

struct manifest_file {
	char path[IMAGE_PATH_MAX + 1];
	uint8_t sha256[32];
	unsigned int mode;	/* 0644 or 0755 */
	bool unpacked;
};

struct manifest {
	enum image_kind kind;
	char version[40];
	unsigned int ptz_api;	/* 0: needs no PTZ device */
	uint32_t v4l2_caps;
	struct manifest_file *files;
	size_t nfiles;
};

/* 0, or -1 with *ERR saying what is wrong (a static string). */
int manifest_parse(const char *text, size_t len, struct manifest *m, const char **err);
void manifest_free(struct manifest *m);
struct manifest_file *manifest_find(const struct manifest *m, const char *path);

/* "1", "0.2", "0.2.0.0": 0, or -1. */
int version_parse(const char *s, struct fw_version *v);
int version_cmp(const struct fw_version *a, const struct fw_version *b);

/* A path an image may carry (see above). */
bool image_path_ok(const char *p);

const char *image_kind_name(enum image_kind k);

#endif

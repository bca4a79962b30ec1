/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An image's payload, a tar (plain or gzip), read with libarchive once its
 * signature has been checked: the manifest first, then every file into a
 * slot directory, hashed as it is written.  Only regular files and
 * directories named by the manifest are taken; nothing is followed or
 * created outside the slot.
 */
#ifndef IPCAMD_IMAGE_UNPACK_H
#define IPCAMD_IMAGE_UNPACK_H

#include <stdint.h>
#include <sys/types.h>

#include "image_manifest.h"

struct image_reader;

/* Open the payload of FD at OFFSET and read its manifest into M.  0, or
 * -1 with *ERR set. */
int image_open(int fd, off_t offset, struct image_reader **out, struct manifest *m,
	       const char **err);

/*
 * Unpack every file into the directory SLOTFD (at most MAX_TOTAL bytes in
 * all), each fsynced; AFTER_FIRST(CLS) runs once the first file is in.
 * 0, or -1 with *ERR set.
 */
int image_unpack(struct image_reader *r, struct manifest *m, int slotfd, uint64_t max_total,
		 void (*after_first)(void *cls), void *cls, const char **err);

void image_close(struct image_reader *r);

/* Read every file of M back from SLOTFD and check its SHA-256 and mode. */
int image_verify_tree(int slotfd, const struct manifest *m, const char **err);

#endif

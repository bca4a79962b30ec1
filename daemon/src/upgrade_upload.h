/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An upgrade image arriving as the field "file" of a multipart/form-data
 * POST (the SDK's upgrade forms), parsed by libmicrohttpd's post
 * processor and streamed into an unnamed file (O_TMPFILE): never whole in
 * memory, and nothing left on disk however the upload ends.  The minisign
 * signature at the head of the image is parsed as it arrives and the rest
 * hashed (BLAKE2b-512) on the way to disk.
 */
#ifndef IPCAMD_UPGRADE_UPLOAD_H
#define IPCAMD_UPGRADE_UPLOAD_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "minisig.h"

struct upload;

#define REPLY_IMAGE_TOO_LARGE "error: the image is larger than the camera takes."
#define REPLY_UPGRADE_BUSY "error: an upgrade is already in progress."
/* the multipart frame around the image: boundaries and part headers */
#define UPLOAD_FRAME_SLACK (16 * 1024)

/* NULL when CON's request is not a multipart/form-data body. */
struct upload *upload_start(struct MHD_Connection *con, const char *tmpdir, uint64_t limit);
/* Feed a piece of the body (dropped once the upload has failed); false
 * once it has. */
bool upload_feed(struct upload *u, const char *data, size_t len);
/* The body is all in: false when it failed, the frame was incomplete or
 * had no file. */
bool upload_finish(struct upload *u);
/* Why it failed: a reply body ("error: ..."). */
const char *upload_error(const struct upload *u);

/* After upload_finish(): the file (what followed the signature, which is
 * not written), the signature (NULL if none), the file's BLAKE2b-512. */
int upload_fd(const struct upload *u);
const struct minisig *upload_signature(const struct upload *u);
const uint8_t *upload_hash(const struct upload *u);
uint64_t upload_size(const struct upload *u);

/* Run RELEASE(CLS) when the upload is freed (its claim on the upgrade). */
void upload_on_free(struct upload *u, void (*release)(void *cls), void *cls);
void upload_free(struct upload *u);

#endif

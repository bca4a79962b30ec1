// SPDX-License-Identifier: GPL-2.0-or-later
#include "upgrade_upload.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "reply.h"
#include "util.h"

#define FIELD "file"

struct upload {
	struct MHD_PostProcessor *pp;
	int fd;
	uint64_t limit;
	uint64_t size;			/* bytes of the file so far */
	char head[MINISIG_MAX];		/* the signature, until parsed */
	size_t headlen;
	long sig_len;			/* > 0 once parsed, -1 when not one */
	struct minisig sig;
	crypto_generichash_state hash;
	uint8_t sum[MINISIG_HASH_BYTES];
	bool got_file;
	const char *error;
	void (*release)(void *cls);
	void *release_cls;
};

/* An unnamed file in DIR: gone with its last descriptor, power cut or not. */
static int unnamed_file(const char *dir)
{
	char path[4096];
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR))
		return fd;
	snprintf(path, sizeof(path), "%s/.upload-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

static void fail(struct upload *u, const char *why)
{
	if (!u->error)
		u->error = why;
}

/* The signature's lines are collected until complete; what follows is hashed. */
static void take_head(struct upload *u, const char **data, size_t *len)
{
	size_t n = *len < sizeof(u->head) - u->headlen ? *len : sizeof(u->head) - u->headlen;
	size_t old = u->headlen;
	long sl;

	memcpy(u->head + u->headlen, *data, n);
	u->headlen += n;
	sl = minisig_parse(u->head, u->headlen, &u->sig);
	if (sl == 0 && u->headlen < sizeof(u->head) && n == *len) {
		*len = 0;	/* more lines to come */
		return;
	}
	if (sl <= 0) {
		/* not signed: hashed from the start, refused at the end */
		u->sig_len = -1;
		crypto_generichash_update(&u->hash, (const uint8_t *)u->head, old);
		return;
	}
	u->sig_len = sl;
	/* the part of this piece after the signature is data */
	*data += (size_t)sl - old;
	*len -= (size_t)sl - old;
}

static enum MHD_Result field(void *cls, enum MHD_ValueKind kind, const char *key,
			     const char *filename, const char *content_type,
			     const char *transfer_encoding, const char *data, uint64_t off,
			     size_t size)
{
	struct upload *u = cls;

	(void)kind;
	(void)filename;
	(void)content_type;
	(void)transfer_encoding;
	if (strcmp(key, FIELD))
		return MHD_YES;		/* the form's other fields */
	if (u->error)
		return MHD_YES;
	if (off == 0 && u->size) {
		fail(u, "error: the upload holds more than one file.");
		return MHD_YES;
	}
	u->got_file = true;
	if (u->size + size > u->limit) {
		fail(u, REPLY_IMAGE_TOO_LARGE);
		return MHD_YES;
	}
	u->size += size;
	if (u->sig_len == 0 && size)
		take_head(u, &data, &size);
	if (!size)
		return MHD_YES;
	crypto_generichash_update(&u->hash, (const uint8_t *)data, size);
	if (write_full(u->fd, data, size))
		fail(u, "error: cannot store the image.");
	return MHD_YES;
}

struct upload *upload_start(struct MHD_Connection *con, const char *tmpdir, uint64_t limit)
{
	const char *ct = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
						     MHD_HTTP_HEADER_CONTENT_TYPE);
	struct upload *u;

	if (!ct || strncasecmp(ct, "multipart/form-data", 19))
		return NULL;
	u = xcalloc(1, sizeof(*u));
	u->limit = limit;
	u->fd = unnamed_file(tmpdir);
	crypto_generichash_init(&u->hash, NULL, 0, MINISIG_HASH_BYTES);
	u->pp = MHD_create_post_processor(con, 16 * 1024, field, u);
	if (!u->pp) {
		upload_free(u);
		return NULL;
	}
	if (u->fd < 0)
		fail(u, "error: cannot store the image.");
	return u;
}

bool upload_feed(struct upload *u, const char *data, size_t len)
{
	if (!u->error && MHD_post_process(u->pp, data, len) != MHD_YES)
		fail(u, REPLY_BAD_FRAME_BODY);
	return !u->error;
}

bool upload_finish(struct upload *u)
{
	enum MHD_Result done = MHD_destroy_post_processor(u->pp);

	u->pp = NULL;
	if (done != MHD_YES)
		fail(u, REPLY_BAD_FRAME_BODY);
	if (!u->got_file)
		fail(u, REPLY_BAD_FRAME_BODY);
	if (u->error)
		return false;
	if (u->sig_len == 0) {
		/* shorter than a signature: hash what came, refused later */
		u->sig_len = -1;
		crypto_generichash_update(&u->hash, (const uint8_t *)u->head, u->headlen);
	}
	crypto_generichash_final(&u->hash, u->sum, sizeof(u->sum));
	return true;
}

const char *upload_error(const struct upload *u)
{
	return u->error;
}

int upload_fd(const struct upload *u)
{
	return u->fd;
}

const struct minisig *upload_signature(const struct upload *u)
{
	return u->sig_len > 0 ? &u->sig : NULL;
}

const uint8_t *upload_hash(const struct upload *u)
{
	return u->sum;
}

uint64_t upload_size(const struct upload *u)
{
	return u->size;
}

void upload_on_free(struct upload *u, void (*release)(void *cls), void *cls)
{
	u->release = release;
	u->release_cls = cls;
}

void upload_free(struct upload *u)
{
	if (!u)
		return;
	if (u->release)
		u->release(u->release_cls);
	if (u->pp)
		MHD_destroy_post_processor(u->pp);
	if (u->fd >= 0)
		close(u->fd);
	free(u);
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include "frame.h"

#include <stdlib.h>
#include <string.h>

#include "asf.h"
#include "util.h"

struct frame *frame_new(const uint8_t *jpeg, size_t len)
{
	struct frame *f = xcalloc(1, sizeof(*f));

	atomic_init(&f->refs, 1);
	f->jpeg = xmalloc(len ? len : 1);
	memcpy(f->jpeg, jpeg, len);
	f->len = len;
	pthread_mutex_init(&f->asf_lock, NULL);
	return f;
}

struct frame *frame_ref(struct frame *f)
{
	atomic_fetch_add(&f->refs, 1);
	return f;
}

void frame_unref(struct frame *f)
{
	if (!f || atomic_fetch_sub(&f->refs, 1) != 1)
		return;
	pthread_mutex_destroy(&f->asf_lock);
	free(f->asf);
	free(f->jpeg);
	free(f);
}

const uint8_t *frame_asf(struct frame *f, size_t *len)
{
	pthread_mutex_lock(&f->asf_lock);
	if (!f->asf) {
		size_t cap = asf_packets_needed(f->len) * ASF_PACKET_SIZE;

		f->asf = xmalloc(cap);
		/* every JPEG is a key frame; sent when captured */
		f->asf_len = asf_packetize(f->asf, ASF_VIDEO_STREAM, true, f->objnum, f->ms,
					   f->ms, f->jpeg, f->len);
	}
	pthread_mutex_unlock(&f->asf_lock);
	*len = f->asf_len;
	return f->asf;
}

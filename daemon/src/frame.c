// SPDX-License-Identifier: GPL-2.0-or-later
#include "frame.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct frame *frame_new(const uint8_t *jpeg, size_t len)
{
	struct frame *f = xcalloc(1, sizeof(*f));

	atomic_init(&f->refs, 1);
	f->jpeg = xmalloc(len ? len : 1);
	memcpy(f->jpeg, jpeg, len);
	f->len = len;
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
	free(f->jpeg);
	free(f);
}

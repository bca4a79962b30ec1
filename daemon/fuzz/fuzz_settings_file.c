// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The settings file reader on any bytes.  Invariants: store_read() either
 * reads the file or calls it broken (-EBADMSG); after settings_load() of
 * whatever the file holds, every setting has a valid value in canonical
 * form (a bad or missing one keeps its factory value); a value escaped
 * for the file is one line and unescapes to itself.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "settings.h"
#include "settings_store.h"

static void count_pair(void *cls, const char *name, const char *value)
{
	FUZZ_ASSERT(name && value);
	(*(int *)cls)++;
}

static void check_escape(const uint8_t *data, size_t size)
{
	char *s = strndup((const char *)data, size);
	char *e, *u;

	if (!s)
		return;
	e = store_escape(s);
	FUZZ_ASSERT(e && !strchr(e, '\n') && !strchr(e, '\r'));
	u = store_unescape(e);
	FUZZ_ASSERT(u && !strcmp(u, s));
	free(u);
	free(e);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct factory f = { "Fact0ry", 80 };
	char path[64], out[512];
	int fd = fuzz_file(data, size, path, sizeof(path)), pairs = 0, rc;

	if (fd < 0)
		return 0;
	rc = store_read(path, count_pair, &pairs);
	FUZZ_ASSERT(rc == 0 || rc == -EBADMSG);
	settings_init(path, &f);
	settings_load();
	for (size_t i = 0; i < settings_count; i++) {
		const char *v = settings_get((int)i);

		FUZZ_ASSERT(v);
		FUZZ_ASSERT(setting_validate((int)i, v, strlen(v), out, sizeof(out)));
		FUZZ_ASSERT(!strcmp(out, v));
	}
	settings_shutdown();
	close(fd);
	check_escape(data, size);
	return 0;
}

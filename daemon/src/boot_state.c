// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot_state.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "settings_store.h"
#include "util.h"

static void one(void *cls, const char *name, const char *value)
{
	struct boot_state *s = cls;
	long n;

	if (!strcmp(name, "trial"))
		str_copy(s->trial, sizeof(s->trial), value);
	else if (!strcmp(name, "previous"))
		str_copy(s->previous, sizeof(s->previous), value);
	else if (!strcmp(name, "attempts") && parse_long(value, strlen(value), 0, 1000, &n))
		s->attempts = (int)n;
	else if (!strcmp(name, "note"))
		str_copy(s->note, sizeof(s->note), value);
}

static void path_of(const char *fwdir, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s/" BOOT_STATE_FILE, fwdir);
}

int boot_state_read(const char *fwdir, struct boot_state *s)
{
	char path[4096];
	int rc;

	memset(s, 0, sizeof(*s));
	path_of(fwdir, path, sizeof(path));
	rc = store_read_kind(path, "boot-state", NULL, one, s);
	if (rc == -ENOENT) {
		memset(s, 0, sizeof(*s));
		return 0;
	}
	return rc;
}

void boot_state_cleanup(const char *fwdir)
{
	char path[4096];

	path_of(fwdir, path, sizeof(path));
	store_cleanup(path);
}

int boot_state_write(const char *fwdir, const struct boot_state *s)
{
	static const char *const names[] = { "trial", "previous", "attempts", "note" };
	char path[4096], attempts[16];
	const char *vals[4] = { s->trial, s->previous, attempts, s->note };

	snprintf(attempts, sizeof(attempts), "%d", s->attempts);
	path_of(fwdir, path, sizeof(path));
	return store_write_kind(path, "boot-state", 1, names, vals, 4);
}

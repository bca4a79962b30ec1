// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The raw request-target decoder (http_decode_path) and the web root's
 * path check (static_path_ok) on any bytes.  Invariants: a decoded path
 * is never longer than its input and never holds a NUL; a path the web
 * root accepts has no "." or ".." segment, no empty segment, no
 * backslash, colon or control byte.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "http.h"
#include "static_files.h"

/* What the web root accepts, checked without the validator's own walk. */
static void check_static_path(const char *p, size_t len)
{
	char *s;

	if (!static_path_ok(p, len))
		return;
	FUZZ_ASSERT(len >= 1 && len <= 255 && p[0] == '/');
	s = strndup(p, len);
	FUZZ_ASSERT(s && strlen(s) == len);
	FUZZ_ASSERT(!strstr(s, "//") && !strstr(s, "/."));	/* empty, ".", "..", hidden */
	FUZZ_ASSERT(len == 1 || s[len - 1] != '/');
	FUZZ_ASSERT(!strchr(s, '\\') && !strchr(s, ':'));
	for (size_t k = 0; k < len; k++)
		FUZZ_ASSERT((unsigned char)s[k] >= 0x20 && s[k] != 0x7f);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out = malloc(size + 1);
	long n;

	if (!out)
		return 0;
	n = http_decode_path((const char *)data, size, out);
	if (n >= 0) {
		FUZZ_ASSERT((size_t)n <= size);
		FUZZ_ASSERT(out[n] == '\0');
		FUZZ_ASSERT(!memchr(out, '\0', (size_t)n));
		check_static_path(out, (size_t)n);
	}
	free(out);
	return 0;
}

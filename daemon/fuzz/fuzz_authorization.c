// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Authorization header and the query credentials on any bytes.
 * Invariants: what auth_parse_basic() accepts has a user name within
 * AUTH_NAME_MAX without ':' and a password within AUTH_PWD_MAX, and
 * encoding them again decodes to the same; query credentials never exceed
 * the limits; no credentials authenticate without a user name.
 */
#include <stdbool.h>
#include <string.h>

#include "auth.h"
#include "fuzz.h"
#include "settings.h"

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void encode(const char *in, size_t len, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i += 3) {
		unsigned long v = (unsigned long)(unsigned char)in[i] << 16;

		if (i + 1 < len)
			v |= (unsigned long)(unsigned char)in[i + 1] << 8;
		if (i + 2 < len)
			v |= (unsigned char)in[i + 2];
		out[o++] = b64[(v >> 18) & 63];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < len ? b64[v & 63] : '=';
	}
	out[o] = '\0';
}

void fuzz_setup(void)
{
	/* admin:secret, the seeds' login, authenticates */
	struct factory f = { "secret", 80 };

	settings_init(NULL, &f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *hdr = malloc(size + 1);
	struct creds c, again, q, none = { 0 };
	char buf[AUTH_NAME_MAX + AUTH_PWD_MAX + 2];
	char enc[2 * sizeof(buf) + 16];
	char name[AUTH_NAME_MAX + 1];
	int pri, failed[2];

	if (!hdr)
		return 0;
	memcpy(hdr, data, size);
	hdr[size] = '\0';
	if (auth_parse_basic(hdr, &c)) {
		FUZZ_ASSERT(strlen(c.user) <= AUTH_NAME_MAX && strlen(c.pwd) <= AUTH_PWD_MAX);
		FUZZ_ASSERT(!strchr(c.user, ':'));
		FUZZ_ASSERT(c.present == (c.user[0] != '\0'));
		snprintf(buf, sizeof(buf), "%s:%s", c.user, c.pwd);
		snprintf(enc, sizeof(enc), "Basic ");
		encode(buf, strlen(buf), enc + 6);
		FUZZ_ASSERT(auth_parse_basic(enc, &again));
		FUZZ_ASSERT(!strcmp(again.user, c.user) && !strcmp(again.pwd, c.pwd));
	} else {
		memset(&c, 0, sizeof(c));
	}
	/* the same bytes as a query's user= and pwd=, split at the first NUL */
	{
		const char *nul = memchr(data, '\0', size);
		size_t ul = nul ? (size_t)(nul - (const char *)data) : size;

		auth_from_query((const char *)data, ul, nul ? nul + 1 : NULL,
				nul ? size - ul - 1 : 0, &q);
		FUZZ_ASSERT(strlen(q.user) <= AUTH_NAME_MAX && strlen(q.pwd) <= AUTH_PWD_MAX);
		FUZZ_ASSERT(q.present == (ul > 0));
	}
	switch (auth_decide(&c, &q, &pri, name, sizeof(name))) {
	case AUTH_OK:
		FUZZ_ASSERT(name[0] && pri >= 0 && pri <= 2);
		/* a header that logs in leaves nothing to count */
		if (c.present && !strcmp(name, c.user))
			FUZZ_ASSERT(auth_failed_accounts(&c, &q, failed) == 0);
		break;
	case AUTH_FAILED:
		FUZZ_ASSERT(pri == PRI_EVERYONE);
		FUZZ_ASSERT(auth_failed_accounts(&c, &q, failed) >= 1);
		break;
	case AUTH_ANONYMOUS:
		FUZZ_ASSERT(!c.present && !q.present);
		FUZZ_ASSERT(auth_failed_accounts(&c, &q, failed) == 0);
		break;
	}
	FUZZ_ASSERT(auth_decide(&none, &none, &pri, name, sizeof(name)) == AUTH_ANONYMOUS);
	free(hdr);
	return 0;
}

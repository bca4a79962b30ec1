// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DDNS server replies on any bytes.  Input: one byte picking the service
 * (set_ddns.cgi's codes, in turn), two bytes of HTTP status, then the
 * body.  Invariants: the status is one of the provider family's codes
 * (DynDNS-style 3..13, Oray's 14..17); a success (3 or 17) comes only from
 * a 200 whose first word is good or nochg and is followed by the refresh;
 * a refusal for good stops only on a 200; the same input classifies the
 * same way twice.
 */
#include <string.h>

#include "ddns_reply.h"
#include "fuzz.h"

static const long services[] = { 1, 2, 3, 4, 8, 9 };

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The first word of B[0..N) is W (an oracle written apart from the parser). */
static int word_is(const char *b, size_t n, const char *w)
{
	size_t i = 0, l = strlen(w);

	while (i < n && is_space(b[i]))
		i++;
	return n - i >= l && !memcmp(b + i, w, l) && (n - i == l || is_space(b[i + l]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ddns_provider *p;
	struct ddns_outcome o, again;
	const char *body;
	size_t len;
	long code;
	int ok;

	if (size < 3)
		return 0;
	p = ddns_provider_find(services[data[0] % 6]);
	FUZZ_ASSERT(p);
	code = (long)data[1] << 8 | data[2];
	body = (const char *)data + 3;
	len = size - 3;
	o = ddns_classify(p, code, body, len);
	again = ddns_classify(p, code, body, len);
	FUZZ_ASSERT(o.status == again.status && o.next == again.next);
	if (p->family == DDNS_ORAY)
		FUZZ_ASSERT(o.status >= DDNS_ST_ORAY_BAD_REPLY && o.status <= DDNS_ST_ORAY_OK);
	else
		FUZZ_ASSERT(o.status >= DDNS_ST_OK && o.status <= DDNS_ST_BAD_HTTP);
	ok = code == 200 && (word_is(body, len, "good") || word_is(body, len, "nochg"));
	FUZZ_ASSERT(ok == (o.status == DDNS_ST_OK || o.status == DDNS_ST_ORAY_OK));
	FUZZ_ASSERT(!ok || o.next == DDNS_NEXT_REFRESH);
	FUZZ_ASSERT(o.next != DDNS_NEXT_STOP || code == 200);
	return 0;
}

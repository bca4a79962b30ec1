// SPDX-License-Identifier: GPL-2.0-or-later
#include "ddns_reply.h"

#include <string.h>

#include "util.h"

#define PROVIDER(code, name, family, system, refresh) \
	{ code, name, family, system, refresh },
static const struct ddns_provider providers[] = { DDNS_PROVIDERS(PROVIDER) };
#undef PROVIDER

const struct ddns_provider *ddns_provider_find(long service)
{
	for (size_t i = 0; i < ARRAY_SIZE(providers); i++)
		if (providers[i].service == service)
			return &providers[i];
	return NULL;
}

/* The dyndns2 return codes (the first word of the reply). */
static const struct {
	const char *word;
	enum ddns_status status;
	enum ddns_next next;
} dyndns_codes[] = {
	{ "good", DDNS_ST_OK, DDNS_NEXT_REFRESH },
	{ "nochg", DDNS_ST_OK, DDNS_NEXT_REFRESH },
	{ "badauth", DDNS_ST_BADAUTH, DDNS_NEXT_STOP },
	{ "!donator", DDNS_ST_DONATOR, DDNS_NEXT_STOP },
	{ "notfqdn", DDNS_ST_NOTFQDN, DDNS_NEXT_STOP },
	{ "nohost", DDNS_ST_NOHOST, DDNS_NEXT_STOP },
	{ "!yours", DDNS_ST_NOT_YOURS, DDNS_NEXT_STOP },
	{ "numhost", DDNS_ST_NUMHOST, DDNS_NEXT_STOP },
	{ "abuse", DDNS_ST_ABUSE, DDNS_NEXT_STOP },
	{ "dnserr", DDNS_ST_SERVER_ERROR, DDNS_NEXT_RETRY_LONG },
	{ "911", DDNS_ST_SERVER_ERROR, DDNS_NEXT_RETRY_LONG },
};

/* Oray has four codes of its own; its dyndns2 words map onto them. */
static enum ddns_status oray_status(enum ddns_status s)
{
	switch (s) {
	case DDNS_ST_OK:
		return DDNS_ST_ORAY_OK;
	case DDNS_ST_BADAUTH:
		return DDNS_ST_ORAY_BADAUTH;
	case DDNS_ST_NOTFQDN:
	case DDNS_ST_NOHOST:
	case DDNS_ST_NOT_YOURS:
	case DDNS_ST_NUMHOST:
		return DDNS_ST_ORAY_BADHOST;
	case DDNS_ST_NO_CONNECT:
		return DDNS_ST_NO_CONNECT;
	default:
		return DDNS_ST_ORAY_BAD_REPLY;
	}
}

/* The first word of BODY: leading white space skipped, up to the next. */
static size_t first_word(const char *body, size_t len, const char **word)
{
	size_t i = 0, n = 0;

	while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' ||
			   body[i] == '\n'))
		i++;
	*word = body + i;
	while (i + n < len && body[i + n] != ' ' && body[i + n] != '\t' &&
	       body[i + n] != '\r' && body[i + n] != '\n')
		n++;
	return n;
}

struct ddns_outcome ddns_classify(const struct ddns_provider *p, long http_code,
				  const char *body, size_t len)
{
	struct ddns_outcome o = { DDNS_ST_BAD_REPLY, DDNS_NEXT_RETRY };
	const char *w;
	size_t n;

	if (http_code >= 500 && http_code <= 599) {
		o = (struct ddns_outcome){ DDNS_ST_SERVER_ERROR, DDNS_NEXT_RETRY_LONG };
	} else if (http_code != 200) {
		/* dyndns2 servers answer 200 even for badauth; anything else
		 * (a proxy's 407, a wrong URL's 404) is no answer at all */
		o = (struct ddns_outcome){ DDNS_ST_BAD_HTTP, DDNS_NEXT_RETRY };
	} else {
		n = first_word(body, len, &w);
		for (size_t i = 0; i < ARRAY_SIZE(dyndns_codes); i++) {
			if (strlen(dyndns_codes[i].word) == n &&
			    !memcmp(dyndns_codes[i].word, w, n)) {
				o.status = dyndns_codes[i].status;
				o.next = dyndns_codes[i].next;
				break;
			}
		}
	}
	if (p && p->family == DDNS_ORAY)
		o.status = oray_status(o.status);
	return o;
}

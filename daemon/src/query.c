// SPDX-License-Identifier: GPL-2.0-or-later
#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

size_t url_decode(char *out, const char *s, size_t len, bool plus)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '%' && i + 2 < len) {
			int b = hex_pair(s + i + 1);

			if (b >= 0) {
				out[o++] = (char)b;
				i += 2;
				continue;
			}
		}
		if (c == '+' && plus)
			c = ' ';
		out[o++] = c;
	}
	out[o] = '\0';
	return o;
}

bool query_within_limits(const char *raw, size_t len)
{
	int pairs = 0;

	if (len > QUERY_MAX_LEN)
		return false;
	for (size_t i = 0; i < len; i++)
		if (raw[i] != '&' && (i == 0 || raw[i - 1] == '&') && ++pairs > QUERY_MAX_PAIRS)
			return false;
	return true;
}

void query_parse(struct query *q, const char *raw, size_t len)
{
	size_t i = 0;
	char *w;

	memset(q, 0, sizeof(*q));
	if (len > QUERY_MAX_LEN) {
		q->overflow = true;
		len = QUERY_MAX_LEN;
	}
	/* Decoded text never grows; two terminators per pair at most. */
	q->buf = xmalloc(len + 2 * QUERY_MAX_PAIRS + 2);
	w = q->buf;
	while (i < len) {
		size_t start = i, end, eq;

		while (i < len && raw[i] != '&')
			i++;
		end = i;
		i++;		/* skip the '&' */
		if (end == start)
			continue;	/* empty pair: "?&user=..." or "&&" */
		if (q->n == QUERY_MAX_PAIRS) {
			q->overflow = true;
			break;
		}
		eq = start;
		while (eq < end && raw[eq] != '=')
			eq++;

		struct qpair *p = &q->pair[q->n++];

		p->key = w;
		p->klen = url_decode(w, raw + start, eq - start, true);
		w += p->klen + 1;
		if (eq < end) {
			p->has_eq = true;
			p->val = w;
			p->vlen = url_decode(w, raw + eq + 1, end - eq - 1, true);
			w += p->vlen + 1;
		} else {
			p->has_eq = false;
			p->val = w;
			p->vlen = 0;
			*w++ = '\0';
		}
	}
}

void query_free(struct query *q)
{
	free(q->buf);
	q->buf = NULL;
	q->n = 0;
}

const struct qpair *query_find(const struct query *q, const char *key)
{
	size_t kl = strlen(key);

	for (int i = 0; i < q->n; i++) {
		const struct qpair *p = &q->pair[i];

		if (p->klen == kl && memcmp(p->key, key, kl) == 0)
			return p;
	}
	return NULL;
}

const char *query_get(const struct query *q, const char *key, size_t *len)
{
	const struct qpair *p = query_find(q, key);

	if (!p)
		return NULL;
	if (len)
		*len = p->vlen;
	return p->val;
}

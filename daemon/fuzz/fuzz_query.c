// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The query parser on any bytes.  Invariants: no more pairs than the
 * limit; overflow exactly when query_within_limits() refuses the query
 * (the check libmicrohttpd's URI callback makes before the parse); every
 * key and value is terminated at its length and no longer than the
 * input; query_find() finds the first pair of each key.
 */
#include <string.h>

#include "fuzz.h"
#include "query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *raw = (const char *)data;
	struct query q;

	query_parse(&q, raw, size);
	FUZZ_ASSERT(q.n >= 0 && q.n <= QUERY_MAX_PAIRS);
	FUZZ_ASSERT(q.overflow == !query_within_limits(raw, size));
	for (int i = 0; i < q.n; i++) {
		const struct qpair *p = &q.pair[i];
		const struct qpair *first;

		FUZZ_ASSERT(p->klen <= size && p->vlen <= size);
		FUZZ_ASSERT(p->key[p->klen] == '\0' && p->val[p->vlen] == '\0');
		FUZZ_ASSERT(p->has_eq || p->vlen == 0);
		if (memchr(p->key, '\0', p->klen))
			continue;	/* a key holding a NUL is never found */
		first = query_find(&q, p->key);
		FUZZ_ASSERT(first && first <= p);
		FUZZ_ASSERT(first->klen == p->klen && !memcmp(first->key, p->key, p->klen));
	}
	query_free(&q);
	return 0;
}

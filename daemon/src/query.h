/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Query strings as real clients send them (cgi-protocol.md section 1):
 * pairs separated by '&', empty pairs skipped, keys without '=' (present,
 * no value), '+' for space, %HH escapes; values may hold any byte (NUL
 * included, their length is kept).  Keys are compared exactly; the first
 * occurrence of a key wins; unknown keys are for the caller to ignore.
 */
#ifndef IPCAMD_QUERY_H
#define IPCAMD_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#define QUERY_MAX_PAIRS 160
#define QUERY_MAX_LEN 8192

struct qpair {
	const char *key;	/* decoded, NUL-terminated (a NUL inside ends it) */
	size_t klen;		/* decoded key length, NULs included */
	const char *val;	/* decoded, NUL-terminated; "" when no '=' */
	size_t vlen;
	bool has_eq;		/* the pair had an '=' */
};

struct query {
	struct qpair pair[QUERY_MAX_PAIRS];
	int n;
	bool overflow;		/* more than QUERY_MAX_PAIRS pairs or too long */
	char *buf;		/* decoded storage */
};

/* True when RAW[0..LEN) has at most QUERY_MAX_PAIRS non-empty pairs and
 * QUERY_MAX_LEN bytes: what query_parse() takes without overflow. */
bool query_within_limits(const char *raw, size_t len);

/* Parse RAW[0..LEN) (without the '?').  Never fails; see q->overflow. */
void query_parse(struct query *q, const char *raw, size_t len);
void query_free(struct query *q);

/* First pair whose key is exactly KEY (a key holding a NUL never matches). */
const struct qpair *query_find(const struct query *q, const char *key);

/* Value of KEY or NULL when absent. */
const char *query_get(const struct query *q, const char *key, size_t *len);

/*
 * Percent-decode S[0..LEN) into OUT (at least LEN + 1 bytes); PLUS turns
 * '+' into a space.  A '%' not followed by two hex digits stays literal.
 * Returns the decoded length.
 */
size_t url_decode(char *out, const char *s, size_t len, bool plus);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Authentication (cgi-protocol.md section 2): HTTP Basic and user/pwd in
 * the query, both always accepted; eight users with privilege 0 visitor,
 * 1 operator, 2 administrator; an empty user name never authenticates.
 * Repeated failures lock the client out for a while: login_throttle.h.
 */
#ifndef IPCAMD_AUTH_H
#define IPCAMD_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#define PRI_EVERYONE	(-1)
#define PRI_VISITOR	0
#define PRI_OPERATOR	1
#define PRI_ADMIN	2

#define AUTH_NAME_MAX	64
#define AUTH_PWD_MAX	64

/* The credentials a request carries. */
struct creds {
	bool present;		/* a non-empty user name was given */
	char user[AUTH_NAME_MAX + 1];
	char pwd[AUTH_PWD_MAX + 1];
};

/*
 * Decode an Authorization header value ("Basic <base64>").  False when it
 * is not Basic or is malformed; the user name may come back empty.
 */
bool auth_parse_basic(const char *hdr, struct creds *out);

/* From the query: user= and pwd= (pwd missing = empty). */
void auth_from_query(const char *user, size_t ulen, const char *pwd, size_t plen,
		     struct creds *out);

/*
 * Check C against the users of the settings (takes the settings lock).
 * Returns the privilege (0..2) and copies the canonical user name into
 * NAME, or -1 when C does not authenticate.
 */
int auth_check_user(const struct creds *c, char *name, size_t namecap);

/* The user slot (1..8) named NAME, 0 when no user has that name: the
 * account a failed login counts against (login_throttle.h). */
int auth_account(const char *name);

/*
 * The failed logins of a request, as accounts into FAILED; returns how
 * many (0..2).  Nothing fails when the header logs in (a client's junk
 * query next to it is ignored, as auth_decide() does); otherwise each of
 * BASIC and QUERY that is present and does not log in is a failure, also
 * when the other one does: a wrong header next to a right query must
 * not guess for free.
 */
int auth_failed_accounts(const struct creds *basic, const struct creds *query, int failed[2]);

enum auth_outcome {
	AUTH_ANONYMOUS,		/* no credentials at all (or empty user name) */
	AUTH_OK,
	AUTH_FAILED,		/* credentials given and wrong */
};

/*
 * Decide for one request: BASIC is the Authorization header's credentials
 * (present = false when none), QUERY those of the query string.  A valid
 * header wins over junk in the query, and valid query credentials over a
 * junk header.
 */
enum auth_outcome auth_decide(const struct creds *basic, const struct creds *query,
			      int *pri, char *name, size_t namecap);

/* Base64 decode (standard alphabet, '=' padding).  -1 when malformed. */
long base64_decode(const char *in, size_t len, unsigned char *out, size_t cap);

#endif

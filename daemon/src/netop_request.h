/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One request to ipcamd-apply: a kind (network, wifi, pppoe, reboot) and
 * the IPCAM_* values of that kind, from the environment (ipcamd's
 * apply_program call) or from the wire text of the socket:
 *
 *     KIND\n
 *     IPCAM_NAME=value\n      (every key of the kind, once, any order)
 *     \n
 *
 * Exactly the keys of the kind: an unknown key, one of another kind, a
 * duplicate or a missing one is refused.  Values never hold a newline or
 * a NUL.  Parsing checks the shape only; the values are judged by
 * netop_render.c.
 */
#ifndef IPCAMD_NETOP_REQUEST_H
#define IPCAMD_NETOP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

/* The largest request on the wire, terminating empty line included. */
#define NETOP_REQUEST_MAX 16384
/* The most keys a kind has (wifi: 17). */
#define NETOP_KEYS_MAX 20

enum netop_kind { NETOP_NETWORK, NETOP_WIFI, NETOP_PPPOE, NETOP_REBOOT };

struct netop_request {
	enum netop_kind kind;
	/* values[i] belongs to netop_key_name(kind, i); all set once parsed */
	char *values[NETOP_KEYS_MAX];
};

/* "network" -> NETOP_NETWORK; -1 for anything else. */
int netop_kind_parse(const char *s, enum netop_kind *out);
const char *netop_kind_name(enum netop_kind kind);

/* The keys of KIND, in ipcamd's order (apply_build_env). */
size_t netop_key_count(enum netop_kind kind);
const char *netop_key_name(enum netop_kind kind, size_t i);

/*
 * Fill R from ENVP (a NULL-terminated "NAME=value" array, e.g. environ):
 * exactly the IPCAM_* variables of KIND, the rest ignored.  0, or -1 with
 * a message in ERR.
 */
int netop_request_from_env(struct netop_request *r, enum netop_kind kind,
			   char *const *envp, char *err, size_t errcap);

/* Parse the wire text TEXT[0..LEN) into R.  0, or -1 with ERR. */
int netop_request_parse(struct netop_request *r, const char *text, size_t len,
			char *err, size_t errcap);

/* The wire text of R (malloc'd, *LEN bytes); the caller wipes and frees it. */
char *netop_request_format(const struct netop_request *r, size_t *len);

/* The value of KEY (e.g. "IPCAM_IP"), which must be a key of R's kind. */
const char *netop_value(const struct netop_request *r, const char *key);

/* Wipe and free R's values (they may be keys and passwords). */
void netop_request_free(struct netop_request *r);

#endif

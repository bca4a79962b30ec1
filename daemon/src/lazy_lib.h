/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Libraries ipcamd maps only when a feature first needs them.
 *
 * libcurl (mail, FTP, webhooks, DDNS) and libarchive (upgrade images) pull
 * in OpenSSL, Kerberos, LDAP, libxml2, ICU and libstdc++: about 5 MiB of
 * resident pages a camera that never mails or upgrades would carry from
 * boot.  ipcamd is therefore not linked against them.  lazy_curl.c and
 * lazy_archive.c define the few functions ipcamd calls, under the
 * libraries' own names and prototypes (their headers are still the
 * contract), and forward each call to the library, opened with dlopen()
 * at the first call.  Call sites do not change and keep libcurl's
 * compile-time option type checks.  If the library cannot be opened the
 * calls fail as the library itself fails when it has no memory (a NULL
 * handle), and the reason is logged once.
 *
 * The unit tests and fuzzers link the libraries directly; ipcamd links
 * these shims instead (daemon/Makefile, LAZY_OBJS).
 */
#ifndef IPCAMD_LAZY_LIB_H
#define IPCAMD_LAZY_LIB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

/*
 * One such library: its soname and the shim's RESOLVE, which fills the
 * shim's table from the handle (false: the library cannot serve).  Written
 * once, on the first lazy_lib_ready(), and only read after.
 */
struct lazy_lib {
	const char *soname;
	bool (*resolve)(void *h);
	pthread_mutex_t lock;	/* the one attempt to open it */
	bool tried;
	atomic_bool ready;	/* opened and resolved */
};

#define LAZY_LIB_INIT(name, fn) \
	{ .soname = (name), .resolve = (fn), .lock = PTHREAD_MUTEX_INITIALIZER }

/* Open and resolve L at the first call (once, logged if it fails); ready? */
bool lazy_lib_ready(struct lazy_lib *l);

/* L is open and resolved; never opens it. */
bool lazy_lib_loaded(struct lazy_lib *l);

/*
 * NAME of the library H, or NULL with *OK cleared and the missing name
 * logged.  Through LAZY_SYM, which gives the result FIELD's own type.
 */
void *lazy_lib_sym(void *h, const char *soname, const char *name, bool *ok);

#define LAZY_SYM(h, soname, ok, field, name) \
	((field) = (__typeof__(field))lazy_lib_sym((h), (soname), (name), (ok)))

#endif

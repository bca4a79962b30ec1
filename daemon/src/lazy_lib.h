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

#include <stdbool.h>

/* dlopen(SONAME) for good (RTLD_NOW | RTLD_LOCAL); NULL, logged, if it fails. */
void *lazy_lib_open(const char *soname);

/*
 * NAME of the library H, or NULL with *OK cleared and the missing name
 * logged.  Through LAZY_SYM, which gives the result FIELD's own type.
 */
void *lazy_lib_sym(void *h, const char *soname, const char *name, bool *ok);

#define LAZY_SYM(h, soname, ok, field, name) \
	((field) = (__typeof__(field))lazy_lib_sym((h), (soname), (name), (ok)))

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The libcurl functions ipcamd calls, forwarded to libcurl opened at the
 * first call (lazy_lib.h says why).  The table is written once, under
 * the lazy_lib's lock, and only read after: like the library's own global
 * state it is process-wide, so it is the one file-scope state here.
 */
#define CURL_DISABLE_TYPECHECK	/* the definitions below, not calls */
#include <curl/curl.h>
#include <stdarg.h>

#include "lazy_lib.h"
#include "log.h"

/* the ABI's name since curl 7.16 (2006) */
#define CURL_SONAME "libcurl.so.4"

struct curl_fns {
	curl_version_info_data *(*version_info)(CURLversion v);
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *c, CURLoption opt, ...);
	CURLcode (*easy_perform)(CURL *c);
	void (*easy_cleanup)(CURL *c);
	CURLcode (*easy_getinfo)(CURL *c, CURLINFO info, ...);
	const char *(*easy_strerror)(CURLcode rc);
	char *(*easy_escape)(CURL *c, const char *s, int len);
	void (*free)(void *p);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
	curl_mime *(*mime_init)(CURL *c);
	void (*mime_free)(curl_mime *m);
	curl_mimepart *(*mime_addpart)(curl_mime *m);
	CURLcode (*mime_data)(curl_mimepart *p, const char *data, size_t size);
	CURLcode (*mime_type)(curl_mimepart *p, const char *type);
	CURLcode (*mime_encoder)(curl_mimepart *p, const char *enc);
	CURLcode (*mime_filename)(curl_mimepart *p, const char *name);
};

static struct curl_fns fn;

static bool resolve(void *h)
{
	bool ok = true;

#define SYM(field, name) LAZY_SYM(h, CURL_SONAME, &ok, fn.field, name)
	SYM(version_info, "curl_version_info");
	SYM(global_init, "curl_global_init");
	SYM(global_cleanup, "curl_global_cleanup");
	SYM(easy_init, "curl_easy_init");
	SYM(easy_setopt, "curl_easy_setopt");
	SYM(easy_perform, "curl_easy_perform");
	SYM(easy_cleanup, "curl_easy_cleanup");
	SYM(easy_getinfo, "curl_easy_getinfo");
	SYM(easy_strerror, "curl_easy_strerror");
	SYM(easy_escape, "curl_easy_escape");
	SYM(free, "curl_free");
	SYM(slist_append, "curl_slist_append");
	SYM(slist_free_all, "curl_slist_free_all");
	SYM(mime_init, "curl_mime_init");
	SYM(mime_free, "curl_mime_free");
	SYM(mime_addpart, "curl_mime_addpart");
	SYM(mime_data, "curl_mime_data");
	SYM(mime_type, "curl_mime_type");
	SYM(mime_encoder, "curl_mime_encoder");
	SYM(mime_filename, "curl_mime_filename");
#undef SYM
	if (!ok)
		return false;
	/*
	 * A thread-safe libcurl (7.84 and later: Debian 12's) makes its
	 * global state at the first curl_easy_init().  An older one needs
	 * curl_global_init() first; the lazy_lib's lock keeps every other
	 * libcurl call of ipcamd behind this one.
	 */
	if (!(fn.version_info(CURLVERSION_NOW)->features & CURL_VERSION_THREADSAFE) &&
	    fn.global_init(CURL_GLOBAL_DEFAULT)) {
		log_err("cannot initialise libcurl");
		return false;
	}
	return true;
}

static struct lazy_lib lib = LAZY_LIB_INIT(CURL_SONAME, resolve);

/* The table, opening libcurl at the first call; NULL if it cannot be. */
static const struct curl_fns *curl(void)
{
	return lazy_lib_ready(&lib) ? &fn : NULL;
}

void curl_global_cleanup(void)
{
	/* never opens libcurl: only a camera that used it has state to free */
	if (lazy_lib_loaded(&lib))
		fn.global_cleanup();
}

CURL *curl_easy_init(void)
{
	const struct curl_fns *f = curl();

	return f ? f->easy_init() : NULL;
}

/*
 * The option's number says the type of its one argument (curl.h,
 * CURLOPTTYPE_*), which is how libcurl reads it too; a curl_off_t is
 * wider than a long on 32-bit boards.  Only a handle from
 * curl_easy_init() reaches here, so libcurl is open.
 */
CURLcode curl_easy_setopt(CURL *c, CURLoption opt, ...)
{
	CURLcode rc;
	va_list ap;

	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = fn.easy_setopt(c, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		rc = fn.easy_setopt(c, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T)
		rc = fn.easy_setopt(c, opt, va_arg(ap, void (*)(void)));
	else if (opt < CURLOPTTYPE_BLOB)
		rc = fn.easy_setopt(c, opt, va_arg(ap, curl_off_t));
	else
		rc = fn.easy_setopt(c, opt, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

CURLcode curl_easy_perform(CURL *c)
{
	return fn.easy_perform(c);
}

void curl_easy_cleanup(CURL *c)
{
	if (c)
		fn.easy_cleanup(c);
}

/* every CURLINFO_* takes a pointer to where the answer goes */
CURLcode curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
	CURLcode rc;
	va_list ap;

	va_start(ap, info);
	rc = fn.easy_getinfo(c, info, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

const char *curl_easy_strerror(CURLcode rc)
{
	const struct curl_fns *f = curl();

	return f ? f->easy_strerror(rc) : "libcurl is not available";
}

char *curl_easy_escape(CURL *c, const char *s, int len)
{
	return fn.easy_escape(c, s, len);
}

void curl_free(void *p)
{
	if (p)
		fn.free(p);
}

struct curl_slist *curl_slist_append(struct curl_slist *l, const char *s)
{
	const struct curl_fns *f = curl();

	return f ? f->slist_append(l, s) : NULL;
}

void curl_slist_free_all(struct curl_slist *l)
{
	if (l)
		fn.slist_free_all(l);
}

curl_mime *curl_mime_init(CURL *c)
{
	return fn.mime_init(c);
}

void curl_mime_free(curl_mime *m)
{
	if (m)
		fn.mime_free(m);
}

curl_mimepart *curl_mime_addpart(curl_mime *m)
{
	return fn.mime_addpart(m);
}

CURLcode curl_mime_data(curl_mimepart *p, const char *data, size_t size)
{
	return fn.mime_data(p, data, size);
}

CURLcode curl_mime_type(curl_mimepart *p, const char *type)
{
	return fn.mime_type(p, type);
}

CURLcode curl_mime_encoder(curl_mimepart *p, const char *enc)
{
	return fn.mime_encoder(p, enc);
}

CURLcode curl_mime_filename(curl_mimepart *p, const char *name)
{
	return fn.mime_filename(p, name);
}

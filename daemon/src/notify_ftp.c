// SPDX-License-Identifier: GPL-2.0-or-later
#include "notify_ftp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "settings.h"
#include "util.h"

struct ftp_settings {
	char svr[72];
	long port;
	char user[40];
	char pwd[40];
	char dir[72];
	long mode;		/* 0 PORT, 1 PASV */
};

struct ftp_job {
	struct notify_job base;
	char name[FTP_NAME_MAX];
	struct frame *f;	/* or DATA */
	uint8_t *data;
	size_t len;
	const struct notify_net *net;
};

struct upload_src {
	const uint8_t *p;
	size_t left;
};

static bool settings_read(struct ftp_settings *s)
{
	memset(s, 0, sizeof(*s));
	settings_lock();
	str_copy(s->svr, sizeof(s->svr), settings_str("ftp_svr"));
	s->port = settings_int("ftp_port");
	str_copy(s->user, sizeof(s->user), settings_str("ftp_user"));
	str_copy(s->pwd, sizeof(s->pwd), settings_str("ftp_pwd"));
	str_copy(s->dir, sizeof(s->dir), settings_str("ftp_dir"));
	s->mode = settings_int("ftp_mode");
	settings_unlock();
	return s->svr[0] != '\0';
}

bool ftp_configured(void)
{
	struct ftp_settings s;
	bool ok = settings_read(&s);

	secret_wipe(s.pwd, sizeof(s.pwd));
	return ok;
}

void ftp_name_base(char *out, size_t cap, const char *filename, const char *device_id)
{
	const char *src = filename && filename[0] ? filename : device_id;
	size_t o = 0;

	for (; *src && o + 1 < cap && o < 48; src++) {
		char c = *src;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';

		/* no dot first: never a hidden file, never ".." */
		if (c == '.' && o == 0)
			ok = false;
		out[o++] = ok ? c : '_';
	}
	if (!o && cap > 6)
		o = str_copy(out, cap, "ipcam");
	out[o] = '\0';
}

void ftp_periodic_name(char *out, size_t cap, const char *base, long nfiles, unsigned long seq,
		       const struct tm *tm)
{
	char stamp[32];

	if (nfiles == 1) {
		snprintf(out, cap, "%s.jpg", base);
	} else if (nfiles > 1) {
		snprintf(out, cap, "%s_%lu.jpg", base, seq % (unsigned long)nfiles);
	} else {
		strftime(stamp, sizeof(stamp), "%Y%m%d_%H%M%S", tm);
		snprintf(out, cap, "%s_%s.jpg", base, stamp);
	}
}

void ftp_alarm_name(char *out, size_t cap, const char *base, const struct tm *tm, unsigned int k)
{
	char stamp[32];

	strftime(stamp, sizeof(stamp), "%Y%m%d_%H%M%S", tm);
	snprintf(out, cap, "%s_alarm_%s_%u.jpg", base, stamp, k);
}

static size_t upload_read(char *buf, size_t size, size_t n, void *arg)
{
	struct upload_src *u = arg;
	size_t k = size * n < u->left ? size * n : u->left;

	memcpy(buf, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

/* ftp://SVR:PORT/DIR/NAME, DIR's segments escaped and taken from the
 * login's home directory (where a chrooted account starts). */
static char *upload_url(CURL *c, const struct ftp_settings *s, const char *name)
{
	bool v6 = notify_ipv6_literal(s->svr);
	char dir[sizeof(s->dir)];
	char *seg, *save = NULL, *e;
	struct sbuf b;

	sbuf_init(&b);
	sbuf_printf(&b, "ftp://%s%s%s:%ld/", v6 ? "[" : "", s->svr, v6 ? "]" : "",
		    s->port ? s->port : 21);
	str_copy(dir, sizeof(dir), s->dir);
	for (seg = strtok_r(dir, "/", &save); seg; seg = strtok_r(NULL, "/", &save)) {
		e = curl_easy_escape(c, seg, 0);
		sbuf_printf(&b, "%s/", e ? e : "");
		curl_free(e);
	}
	e = curl_easy_escape(c, name, 0);
	sbuf_adds(&b, e ? e : "");
	curl_free(e);
	return sbuf_detach(&b, NULL);
}

static enum notify_result ftp_put(const struct ftp_settings *s, struct ftp_job *fj,
				  const atomic_bool *stop, char *err, size_t errcap)
{
	struct upload_src src = {
		.p = fj->f ? fj->f->jpeg : fj->data,
		.left = fj->f ? fj->f->len : fj->len,
	};
	curl_off_t size = (curl_off_t)src.left;
	enum notify_result res;
	char *url;
	CURL *c;

	c = notify_curl_new(err, errcap);
	if (!c)
		return NOTIFY_RETRY;
	url = upload_url(c, s, fj->name);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "ftp");
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &src);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, size);
	curl_easy_setopt(c, CURLOPT_FTP_CREATE_MISSING_DIRS, (long)CURLFTP_CREATE_DIR_RETRY);
	/* PORT: the data connection from the server to the address of the
	 * control connection ("-"); PASV is libcurl's default (EPSV first) */
	if (s->mode == 0)
		curl_easy_setopt(c, CURLOPT_FTPPORT, "-");
	curl_easy_setopt(c, CURLOPT_USERNAME, s->user[0] ? s->user : "anonymous");
	curl_easy_setopt(c, CURLOPT_PASSWORD, s->user[0] ? s->pwd : "ipcam@");
	res = notify_curl_perform(c, fj->net, stop, err, errcap);
	curl_easy_cleanup(c);
	free(url);
	return res;
}

static enum notify_result ftp_run(struct notify_job *j, const atomic_bool *stop, char *err,
				  size_t errcap)
{
	struct ftp_job *fj = (struct ftp_job *)j;
	struct ftp_settings s;
	enum notify_result res;

	if (!settings_read(&s)) {
		str_copy(err, errcap, "FTP is not set up (no server)");
		res = NOTIFY_FAILED;
	} else {
		res = ftp_put(&s, fj, stop, err, errcap);
	}
	secret_wipe(s.pwd, sizeof(s.pwd));
	return res;
}

static void ftp_free(struct notify_job *j)
{
	struct ftp_job *fj = (struct ftp_job *)j;

	if (fj->f)
		frame_unref(fj->f);
	free(fj->data);
	free(fj);
}

static const struct notify_job_ops ftp_ops = {
	.run = ftp_run,
	.free = ftp_free,
};

struct notify_job *ftp_job_new(const char *name, struct frame *f, const void *data, size_t len,
			       const struct notify_net *net)
{
	struct ftp_job *fj = xcalloc(1, sizeof(*fj));

	fj->base.ops = &ftp_ops;
	snprintf(fj->base.what, sizeof(fj->base.what), "upload %s", name);
	str_copy(fj->name, sizeof(fj->name), name);
	fj->f = f;
	if (!f) {
		fj->data = xmalloc(len ? len : 1);
		memcpy(fj->data, data, len);
		fj->len = len;
	}
	fj->net = net;
	return &fj->base;
}

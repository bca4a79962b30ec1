// SPDX-License-Identifier: GPL-2.0-or-later
#include "notify_mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frame.h"
#include "settings.h"
#include "util.h"

#define RECEIVERS 4

struct mail_settings {
	char svr[72];
	long port;
	long tls;
	char user[24];
	char pwd[24];
	char sender[48];
	char rcpt[RECEIVERS][48];
	int nrcpt;
};

struct mail_job {
	struct notify_job base;
	struct mail_message m;
	const struct notify_net *net;
};

static bool settings_read(struct mail_settings *s)
{
	static const char *const keys[RECEIVERS] = {
		"mail_receiver1", "mail_receiver2", "mail_receiver3", "mail_receiver4",
	};

	memset(s, 0, sizeof(*s));
	settings_lock();
	str_copy(s->svr, sizeof(s->svr), settings_str("mail_svr"));
	s->port = settings_int("mail_port");
	s->tls = settings_int("mail_tls");
	str_copy(s->user, sizeof(s->user), settings_str("mail_user"));
	str_copy(s->pwd, sizeof(s->pwd), settings_str("mail_pwd"));
	str_copy(s->sender, sizeof(s->sender), settings_str("mail_sender"));
	for (int i = 0; i < RECEIVERS; i++) {
		const char *r = settings_str(keys[i]);

		if (r[0])
			str_copy(s->rcpt[s->nrcpt++], sizeof(s->rcpt[0]), r);
	}
	settings_unlock();
	return s->svr[0] && s->sender[0] && s->nrcpt;
}

bool mail_configured(void)
{
	struct mail_settings s;
	bool ok = settings_read(&s);

	secret_wipe(s.pwd, sizeof(s.pwd));
	return ok;
}

/* "Subject: " and the subject, as an RFC 2047 word when it is not plain ASCII. */
static void subject_header(struct sbuf *b, const char *subject)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *s = (const unsigned char *)subject;
	size_t n = strlen(subject);
	bool plain = true;

	for (size_t i = 0; i < n; i++)
		plain &= s[i] >= 0x20 && s[i] < 0x7f;
	sbuf_adds(b, "Subject: ");
	if (plain) {
		sbuf_adds(b, subject);
		return;
	}
	sbuf_adds(b, "=?UTF-8?B?");
	for (size_t i = 0; i < n; i += 3) {
		unsigned int v = (unsigned int)s[i] << 16;

		if (i + 1 < n)
			v |= (unsigned int)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		sbuf_addc(b, b64[v >> 18 & 63]);
		sbuf_addc(b, b64[v >> 12 & 63]);
		sbuf_addc(b, i + 1 < n ? b64[v >> 6 & 63] : '=');
		sbuf_addc(b, i + 2 < n ? b64[v & 63] : '=');
	}
	sbuf_adds(b, "?=");
}

static struct curl_slist *add_header(struct curl_slist *l, struct sbuf *b)
{
	struct curl_slist *n = curl_slist_append(l, b->p);

	sbuf_free(b);
	sbuf_init(b);
	return n ? n : l;
}

/* From, To, Subject, Date and Message-ID; MIME-Version and the
 * multipart Content-Type come from libcurl's MIME. */
static struct curl_slist *headers(const struct mail_settings *s, const struct mail_message *m)
{
	struct curl_slist *l = NULL;
	struct sbuf b;
	struct timespec ts;
	struct tm tm;
	const char *at;
	char date[64];

	sbuf_init(&b);
	sbuf_printf(&b, "From: <%s>", s->sender);
	l = add_header(l, &b);
	sbuf_adds(&b, "To: ");
	for (int i = 0; i < s->nrcpt; i++)
		sbuf_printf(&b, "%s<%s>", i ? ", " : "", s->rcpt[i]);
	l = add_header(l, &b);
	subject_header(&b, m->subject);
	l = add_header(l, &b);
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	sbuf_printf(&b, "Date: %s", date);
	l = add_header(l, &b);
	at = strchr(s->sender, '@');
	sbuf_printf(&b, "Message-ID: <%lld.%09ld.ipcam@%s>", (long long)ts.tv_sec, ts.tv_nsec,
		    at ? at + 1 : "ipcam.invalid");
	l = add_header(l, &b);
	sbuf_free(&b);
	return l;
}

static curl_mime *body(CURL *c, const struct mail_message *m)
{
	curl_mime *mime = curl_mime_init(c);
	curl_mimepart *p = curl_mime_addpart(mime);

	curl_mime_data(p, m->text, CURL_ZERO_TERMINATED);
	curl_mime_type(p, "text/plain; charset=utf-8");
	curl_mime_encoder(p, "quoted-printable");
	for (int i = 0; i < m->nattach; i++) {
		p = curl_mime_addpart(mime);
		curl_mime_data(p, (const char *)m->attach[i]->jpeg, m->attach[i]->len);
		curl_mime_type(p, "image/jpeg");
		curl_mime_filename(p, m->attach_name[i]);
		curl_mime_encoder(p, "base64");
	}
	return mime;
}

static enum notify_result mail_send(const struct mail_settings *s, const struct mail_message *m,
				    const struct notify_net *net, const atomic_bool *stop,
				    char *err, size_t errcap)
{
	bool v6 = notify_ipv6_literal(s->svr);
	long port = s->port ? s->port : s->tls == MAIL_TLS_IMPLICIT ? 465 : 25;
	struct curl_slist *rcpt = NULL, *hdr;
	enum notify_result res;
	char url[128], from[64];
	curl_mime *mime;
	CURL *c;

	c = notify_curl_new(err, errcap);
	if (!c)
		return NOTIFY_RETRY;
	snprintf(url, sizeof(url), "%s://%s%s%s:%ld/", s->tls == MAIL_TLS_IMPLICIT ? "smtps" : "smtp",
		 v6 ? "[" : "", s->svr, v6 ? "]" : "", port);
	snprintf(from, sizeof(from), "<%s>", s->sender);
	for (int i = 0; i < s->nrcpt; i++) {
		char to[64];

		snprintf(to, sizeof(to), "<%s>", s->rcpt[i]);
		rcpt = curl_slist_append(rcpt, to);
	}
	hdr = headers(s, m);
	mime = body(c, m);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	if (s->tls == MAIL_TLS_STARTTLS)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (s->user[0]) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->pwd);
	}
	res = notify_curl_perform(c, net, stop, err, errcap);
	curl_easy_cleanup(c);
	curl_mime_free(mime);
	curl_slist_free_all(hdr);
	curl_slist_free_all(rcpt);
	return res;
}

static enum notify_result mail_run(struct notify_job *j, const atomic_bool *stop, char *err,
				   size_t errcap)
{
	struct mail_job *mj = (struct mail_job *)j;
	struct mail_settings s;
	enum notify_result res;

	if (!settings_read(&s)) {
		str_copy(err, errcap, "mail is not set up (a server, the sender and a receiver)");
		res = NOTIFY_FAILED;
	} else {
		res = mail_send(&s, &mj->m, mj->net, stop, err, errcap);
	}
	secret_wipe(s.pwd, sizeof(s.pwd));
	return res;
}

void mail_message_clear(struct mail_message *m)
{
	free(m->text);
	m->text = NULL;
	for (int i = 0; i < m->nattach; i++)
		frame_unref(m->attach[i]);
	m->nattach = 0;
}

static void mail_free(struct notify_job *j)
{
	struct mail_job *mj = (struct mail_job *)j;

	mail_message_clear(&mj->m);
	free(mj);
}

static const struct notify_job_ops mail_ops = {
	.run = mail_run,
	.free = mail_free,
};

struct notify_job *mail_job_new(const char *what, struct mail_message *m,
				const struct notify_net *net)
{
	struct mail_job *mj = xcalloc(1, sizeof(*mj));

	mj->base.ops = &mail_ops;
	str_copy(mj->base.what, sizeof(mj->base.what), what);
	mj->m = *m;
	memset(m, 0, sizeof(*m));
	mj->net = net;
	return &mj->base;
}

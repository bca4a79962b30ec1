// SPDX-License-Identifier: GPL-2.0-or-later
#include "notify_curl.h"

#include <arpa/inet.h>

#include "util.h"

static int abort_on_stop(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	const atomic_bool *stop = arg;

	(void)dt, (void)dn, (void)ut, (void)un;
	return atomic_load(stop);
}

bool notify_ipv6_literal(const char *host)
{
	struct in6_addr a;

	return inet_pton(AF_INET6, host, &a) == 1;
}

CURL *notify_curl_new(char *err, size_t errcap)
{
	CURL *c = curl_easy_init();

	/* no memory, or ipcamd's libcurl cannot be loaded (lazy_curl.c) */
	if (!c)
		str_copy(err, errcap, "cannot start a transfer");
	return c;
}

static void setup(CURL *c, const struct notify_net *n, const atomic_bool *stop)
{
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)n->timeout);
	/* a server that accepts and then says nothing: below 1 byte/s for
	 * TIMEOUT seconds ends the transfer */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)n->timeout);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, abort_on_stop);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)stop);
	if (n->user_agent)
		curl_easy_setopt(c, CURLOPT_USERAGENT, n->user_agent);
	/*
	 * Certificates are always verified.  An added CA file is trusted
	 * next to the system's store, which OpenSSL then reads as its hashed
	 * directory (CAPATH) rather than as the bundle file (CAINFO).
	 */
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (n->ca_file && n->ca_file[0]) {
		curl_easy_setopt(c, CURLOPT_CAINFO, n->ca_file);
		curl_easy_setopt(c, CURLOPT_CAPATH, "/etc/ssl/certs");
	}
}

enum notify_result notify_curl_perform(CURL *c, const struct notify_net *n,
				       const atomic_bool *stop, char *err, size_t errcap)
{
	enum notify_result res = NOTIFY_DONE;
	long code = 0;
	CURLcode rc;

	setup(c, n, stop);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		str_copy(err, errcap, notify_curl_error(rc, code, &res));
	}
	return res;
}

const char *notify_curl_error(CURLcode rc, long response, enum notify_result *res)
{
	*res = NOTIFY_RETRY;
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return "cannot connect to the server";
	case CURLE_OPERATION_TIMEDOUT:
		return "the server did not answer in time";
	case CURLE_LOGIN_DENIED:
		*res = NOTIFY_FAILED;
		return "authentication refused";
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		*res = NOTIFY_FAILED;
		return "TLS refused";
	case CURLE_ABORTED_BY_CALLBACK:
		*res = NOTIFY_FAILED;
		return "aborted, the camera is stopping";
	case CURLE_URL_MALFORMAT:
	case CURLE_UNSUPPORTED_PROTOCOL:
		*res = NOTIFY_FAILED;
		return "the server's address is not valid";
	case CURLE_REMOTE_ACCESS_DENIED:
	case CURLE_UPLOAD_FAILED:
	case CURLE_QUOTE_ERROR:
	case CURLE_REMOTE_DISK_FULL:
		/* FTP: a 5xx (550 no such directory, 553 not allowed) stays */
		if (response >= 500 && response < 600)
			*res = NOTIFY_FAILED;
		return "upload refused";
	case CURLE_HTTP_RETURNED_ERROR:
		/* HTTP: a 4xx is the request's fault, a 5xx the server's now */
		if (response >= 400 && response < 500)
			*res = NOTIFY_FAILED;
		return "the web server refused the request";
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_WEIRD_SERVER_REPLY:
		/* an SMTP refusal (a 5xx to MAIL FROM, RCPT TO or after DATA)
		 * reads as a failed send or an unexpected reply */
		if (response >= 500 && response < 600) {
			*res = NOTIFY_FAILED;
			return "the server refused the mail";
		}
		if (response >= 400 && response < 500)
			return "the server refused the mail for now";
		return "the connection broke";
	default:
		return curl_easy_strerror(rc);
	}
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every notification transfer (SMTP, FTP, webhook) sets on its
 * libcurl handle, and how its failure reads to the user.
 */
#ifndef IPCAMD_NOTIFY_CURL_H
#define IPCAMD_NOTIFY_CURL_H

#include <curl/curl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "notify_queue.h"

struct notify_net {
	int timeout;		/* seconds to connect, and of silence mid-transfer */
	const char *ca_file;	/* a CA file trusted besides the system's; NULL none */
	const char *user_agent;
};

/* HOST is an IPv6 address (bracketed in a URL); "host:port" is not. */
bool notify_ipv6_literal(const char *host);

/* A handle, or NULL with ERR set. */
CURL *notify_curl_new(char *err, size_t errcap);

/*
 * Run the transfer C is set up for, with the timeouts of N (to connect,
 * and TIMEOUT seconds of a stalled transfer), the abort when STOP is set,
 * no signals, and the certificate store.  A failure is put in ERR (a
 * sentence, no trailing period) and classified.
 */
enum notify_result notify_curl_perform(CURL *c, const struct notify_net *n,
				       const atomic_bool *stop, char *err, size_t errcap);

/*
 * The sentence for a failed transfer (no trailing period) and whether
 * trying again later may help.  RESPONSE is the server's last reply code
 * (CURLINFO_RESPONSE_CODE) or 0.
 */
const char *notify_curl_error(CURLcode rc, long response, enum notify_result *res);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every notification transfer (SMTP, FTP, webhook) sets on its
 * libcurl handle, and how its failure reads to the user.
 */
#ifndef IPCAMD_NOTIFY_CURL_H
#define IPCAMD_NOTIFY_CURL_H

#include <curl/curl.h>
#include <stdatomic.h>
#include <stddef.h>

#include "notify_queue.h"

struct notify_net {
	int timeout;		/* seconds to connect, and of silence mid-transfer */
	const char *ca_file;	/* a CA file trusted besides the system's; NULL none */
	const char *user_agent;
};

/*
 * Timeouts (connect, and a transfer that stalls for TIMEOUT seconds), the
 * abort when STOP is set, no signals, and the certificate store.
 */
void notify_curl_setup(CURL *c, const struct notify_net *n, const atomic_bool *stop);

/*
 * The sentence for a failed transfer (no trailing period) and whether
 * trying again later may help.  RESPONSE is the server's last reply code
 * (CURLINFO_RESPONSE_CODE) or 0.
 */
const char *notify_curl_error(CURLcode rc, long response, enum notify_result *res);

#endif

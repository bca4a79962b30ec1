// SPDX-License-Identifier: GPL-2.0-or-later
#include "notify_webhook.h"

#include <stdlib.h>

#include "util.h"

struct webhook_job {
	struct notify_job base;
	char *url;
	const struct notify_net *net;
};

/* The reply body is not wanted. */
static size_t discard(char *data, size_t size, size_t n, void *arg)
{
	(void)data, (void)arg;
	return size * n;
}

static enum notify_result webhook_run(struct notify_job *j, const atomic_bool *stop, char *err,
				      size_t errcap)
{
	struct webhook_job *w = (struct webhook_job *)j;
	enum notify_result res;
	CURL *c;

	c = notify_curl_new(err, errcap);
	if (!c)
		return NOTIFY_RETRY;
	curl_easy_setopt(c, CURLOPT_URL, w->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	res = notify_curl_perform(c, w->net, stop, err, errcap);
	curl_easy_cleanup(c);
	return res;
}

static void webhook_free(struct notify_job *j)
{
	struct webhook_job *w = (struct webhook_job *)j;

	free(w->url);
	free(w);
}

static const struct notify_job_ops webhook_ops = {
	.run = webhook_run,
	.free = webhook_free,
};

struct notify_job *webhook_job_new(const char *url, const struct notify_net *net)
{
	struct webhook_job *w = xcalloc(1, sizeof(*w));

	w->base.ops = &webhook_ops;
	str_copy(w->base.what, sizeof(w->base.what), "alarm HTTP request");
	w->url = xstrdup(url);
	w->net = net;
	return &w->base;
}

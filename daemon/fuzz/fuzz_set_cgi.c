// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every set CGI on any query: the input is NAME?QUERY for set_NAME.cgi
 * (set_network.cgi is left out: its port check needs the HTTP server),
 * run on the factory settings.  Invariants: a request that is not
 * answered "ok." changes no setting at all; one that is leaves every
 * setting valid and canonical.
 */
#include <stdbool.h>
#include <string.h>

#include "auth.h"
#include "cgi.h"
#include "config.h"
#include "fuzz.h"
#include "settings.h"

void fuzz_setup(void)
{
	struct factory f = { "Fact0ry", 80 };

	config_defaults(&cfg);		/* no clock setting, no apply program */
	settings_init(NULL, &f);
}

static char **snapshot(void)
{
	char **v = calloc(settings_count, sizeof(*v));

	FUZZ_ASSERT(v);
	settings_lock();
	for (size_t i = 0; i < settings_count; i++)
		v[i] = strdup(settings_get((int)i));
	settings_unlock();
	return v;
}

static void snapshot_free(char **v)
{
	for (size_t i = 0; i < settings_count; i++)
		free(v[i]);
	free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct set_cgi *sc = NULL;
	const char *qm = memchr(data, '?', size);
	char path[48];
	struct request rq = { 0 };
	struct query q;
	struct reply r;
	char **before, out[512];
	bool ok;

	if (!qm || qm - (const char *)data > 16)
		return 0;
	snprintf(path, sizeof(path), "/set_%.*s.cgi", (int)(qm - (const char *)data),
		 (const char *)data);
	for (size_t i = 0; i < set_cgi_count; i++)
		if (!strcmp(set_cgis[i].path, path))
			sc = &set_cgis[i];
	if (!sc || !strcmp(sc->path, "/set_network.cgi"))
		return 0;
	/* each input on the factory state: a crash reproduces from its file */
	FUZZ_ASSERT(settings_factory_reset() == 0);
	query_parse(&q, qm + 1, size - (size_t)(qm + 1 - (const char *)data));
	memset(&rq, 0, sizeof(rq));
	rq.path = sc->path;
	rq.q = &q;
	rq.pri = PRI_ADMIN;
	rq.user = "admin";
	before = snapshot();
	reply_init(&r);
	cgi_set(&rq, &r);
	ok = r.len == strlen(REPLY_OK_BODY) && !memcmp(r.body, REPLY_OK_BODY, r.len);
	settings_lock();
	for (size_t i = 0; i < settings_count; i++) {
		const char *v = settings_get((int)i);

		if (!ok)
			FUZZ_ASSERT(!strcmp(v, before[i]));
		FUZZ_ASSERT(setting_validate((int)i, v, strlen(v), out, sizeof(out)));
		FUZZ_ASSERT(!strcmp(out, v));
	}
	settings_unlock();
	reply_free(&r);
	snapshot_free(before);
	query_free(&q);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include "settings.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "settings_store.h"
#include "util.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char **values;
static char *store_path;
static char *factory_pwd;
static int factory_port = 80;

char *settings_factory_value(int idx)
{
	const struct setting *s = &settings_table[idx];
	char buf[32];

	/* the per-device admin password, never a blank or universal one */
	if (!strcmp(s->name, "user1_pwd"))
		return xstrdup(factory_pwd ? factory_pwd : "");
	if (s->def)
		return xstrdup(s->def);
	if (!strcmp(s->name, "port")) {
		snprintf(buf, sizeof(buf), "%d", factory_port);
		return xstrdup(buf);
	}
	return xstrdup("");
}

static void set_value(int idx, const char *v)
{
	if (values[idx]) {
		secret_wipe(values[idx], strlen(values[idx]));
		free(values[idx]);
	}
	values[idx] = xstrdup(v);
}

static void load_factory(void)
{
	for (size_t i = 0; i < settings_count; i++) {
		char *v = settings_factory_value((int)i);

		set_value((int)i, v);
		free(v);
	}
}

void settings_init(const char *path, const struct factory *f)
{
	settings_shutdown();
	values = xcalloc(settings_count, sizeof(*values));
	store_path = path ? xstrdup(path) : NULL;
	factory_pwd = xstrdup(f && f->admin_password ? f->admin_password : "");
	factory_port = f && f->port > 0 ? f->port : 80;
	load_factory();
}

void settings_shutdown(void)
{
	if (values) {
		for (size_t i = 0; i < settings_count; i++)
			if (values[i]) {
				secret_wipe(values[i], strlen(values[i]));
				free(values[i]);
			}
		free(values);
		values = NULL;
	}
	free(store_path);
	store_path = NULL;
	if (factory_pwd) {
		secret_wipe(factory_pwd, strlen(factory_pwd));
		free(factory_pwd);
		factory_pwd = NULL;
	}
}

static int save_locked(void)
{
	const char **names, **vals;
	int rc;

	if (!store_path)
		return 0;
	names = xcalloc(settings_count, sizeof(*names));
	vals = xcalloc(settings_count, sizeof(*vals));
	for (size_t i = 0; i < settings_count; i++) {
		names[i] = settings_table[i].name;
		vals[i] = values[i];
	}
	rc = store_write(store_path, names, vals, settings_count);
	free(names);
	free(vals);
	if (rc)
		log_err("cannot write %s: %s", store_path, strerror(-rc));
	return rc;
}

struct load_ctx {
	char **vals;
	int bad;
};

static void load_one(void *cls, const char *name, const char *value)
{
	struct load_ctx *lc = cls;
	int idx = setting_index(name);
	size_t len = strlen(value);
	char *canon;

	if (idx < 0) {
		log_warn("settings file: unknown setting '%s' ignored", name);
		return;
	}
	canon = xmalloc(len + 32);
	if (!setting_validate(idx, value, len, canon, len + 32)) {
		log_warn("settings file: invalid value of '%s': factory value kept", name);
		lc->bad++;
		free(canon);
		return;
	}
	free(lc->vals[idx]);
	lc->vals[idx] = canon;
}

/*
 * A file of an older format is written again in today's once read; one
 * of a newer format (a firmware rollback) is kept as it is until a
 * setting changes: the names this version does not know are then lost,
 * the ones it knows are kept.
 */
static int migrate_locked(int format)
{
	if (format > STORE_FORMAT) {
		log_warn("settings file %s is of format %d, newer than this version's %d: "
			 "reading the settings this version knows", store_path, format,
			 STORE_FORMAT);
		return 0;
	}
	if (format == STORE_FORMAT)
		return 0;
	log_info("settings file %s: format %d migrated to %d", store_path, format,
		 STORE_FORMAT);
	return save_locked();
}

int settings_load(void)
{
	struct load_ctx lc = { NULL, 0 };
	int rc, format = 0;

	if (!store_path)
		return 0;
	store_cleanup(store_path);
	lc.vals = xcalloc(settings_count, sizeof(*lc.vals));
	rc = store_read_kind(store_path, "settings", &format, load_one, &lc);
	pthread_mutex_lock(&lock);
	if (rc == 0) {
		for (size_t i = 0; i < settings_count; i++) {
			if (lc.vals[i])
				set_value((int)i, lc.vals[i]);
			else
				log_warn("settings file: '%s' missing: factory value",
					 settings_table[i].name);
		}
		rc = migrate_locked(format);
	} else if (rc == -ENOENT) {
		log_info("no settings file %s: factory settings", store_path);
		load_factory();
		rc = save_locked();
	} else {
		log_err("settings file %s is not valid (%s): factory settings",
			store_path, strerror(-rc));
		load_factory();
		rc = save_locked();
	}
	pthread_mutex_unlock(&lock);
	for (size_t i = 0; i < settings_count; i++)
		if (lc.vals[i]) {
			secret_wipe(lc.vals[i], strlen(lc.vals[i]));
			free(lc.vals[i]);
		}
	free(lc.vals);
	return rc;
}

void settings_lock(void)
{
	pthread_mutex_lock(&lock);
}

void settings_unlock(void)
{
	pthread_mutex_unlock(&lock);
}

const char *settings_get(int idx)
{
	assert(idx >= 0 && (size_t)idx < settings_count);
	return values[idx];
}

long settings_get_int(int idx)
{
	return strtol(settings_get(idx), NULL, 10);
}

const char *settings_str(const char *name)
{
	int idx = setting_index(name);

	assert(idx >= 0);
	return settings_get(idx);
}

long settings_int(const char *name)
{
	return strtol(settings_str(name), NULL, 10);
}

void changeset_init(struct changeset *c)
{
	memset(c, 0, sizeof(*c));
}

int changeset_find(const struct changeset *c, int idx)
{
	for (int i = 0; i < c->n; i++)
		if (c->idx[i] == idx)
			return i;
	return -1;
}

void changeset_add(struct changeset *c, int idx, const char *val)
{
	int i = changeset_find(c, idx);

	if (i >= 0) {
		free(c->val[i]);
		c->val[i] = xstrdup(val);
		return;
	}
	assert(c->n < CHANGE_MAX);
	c->idx[c->n] = idx;
	c->val[c->n] = xstrdup(val);
	c->n++;
}

const char *changeset_value(const struct changeset *c, int idx)
{
	int i = changeset_find(c, idx);

	return i >= 0 ? c->val[i] : settings_get(idx);
}

void changeset_free(struct changeset *c)
{
	for (int i = 0; i < c->n; i++) {
		secret_wipe(c->val[i], strlen(c->val[i]));
		free(c->val[i]);
	}
	c->n = 0;
}

int settings_commit(const struct changeset *c, bool *changed)
{
	char **old = xcalloc((size_t)c->n + 1, sizeof(*old));
	bool diff = false;
	int rc;

	pthread_mutex_lock(&lock);
	for (int i = 0; i < c->n; i++) {
		old[i] = values[c->idx[i]];
		if (strcmp(old[i], c->val[i]))
			diff = true;
		values[c->idx[i]] = xstrdup(c->val[i]);
	}
	rc = diff ? save_locked() : 0;
	for (int i = c->n - 1; i >= 0; i--) {
		char *drop = rc ? values[c->idx[i]] : old[i];

		if (rc)
			values[c->idx[i]] = old[i];
		secret_wipe(drop, strlen(drop));
		free(drop);
	}
	pthread_mutex_unlock(&lock);
	free(old);
	if (changed)
		*changed = diff && !rc;
	return rc;
}

int settings_factory_reset(void)
{
	int rc;

	pthread_mutex_lock(&lock);
	load_factory();
	rc = save_locked();
	pthread_mutex_unlock(&lock);
	return rc;
}

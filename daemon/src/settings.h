/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The current settings: one value (canonical text) per entry of the
 * settings table, guarded by one lock, persisted by settings_store.
 */
#ifndef IPCAMD_SETTINGS_H
#define IPCAMD_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "settings_table.h"

/* Factory values that are not constants of the table. */
struct factory {
	const char *admin_password;	/* user1_pwd */
	int port;			/* port */
};

/*
 * Set up the in-memory settings with the factory values; PATH is the
 * settings file (NULL: keep them in memory only, for tests).
 */
void settings_init(const char *path, const struct factory *f);
void settings_shutdown(void);

/*
 * Load PATH.  Missing file: factory state, written out.  A setting that is
 * missing from the file or fails validation keeps its factory value (the
 * names are logged).  0, or -errno when the file could not be written.
 */
int settings_load(void);

void settings_lock(void);
void settings_unlock(void);

/* Under the lock (or from the only thread): the value of setting IDX. */
const char *settings_get(int idx);
long settings_get_int(int idx);
/* By name; the name must exist (checked with an assertion). */
const char *settings_str(const char *name);
long settings_int(const char *name);

/* A change: validated values for some settings, applied all or nothing. */
#define CHANGE_MAX 160
struct changeset {
	int n;
	int idx[CHANGE_MAX];
	char *val[CHANGE_MAX];
};

void changeset_init(struct changeset *c);
/* Add a validated value (copied); replaces an earlier value of IDX. */
void changeset_add(struct changeset *c, int idx, const char *val);
/* Index into C of setting IDX, or -1. */
int changeset_find(const struct changeset *c, int idx);
/* The value the setting will have after C: C's or the current one. */
const char *changeset_value(const struct changeset *c, int idx);
void changeset_free(struct changeset *c);

/*
 * Take the lock, apply C, write the file, release the lock.  When the file
 * cannot be written nothing changes and -errno is returned.  *CHANGED (may
 * be NULL) gets whether any value differs from before.
 */
int settings_commit(const struct changeset *c, bool *changed);

/* Back to the factory state (and written).  0 or -errno. */
int settings_factory_reset(void);

/* Copy of the factory value of IDX (caller frees). */
char *settings_factory_value(int idx);

#endif

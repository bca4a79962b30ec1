// SPDX-License-Identifier: GPL-2.0-or-later
#include "upgrade.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot_state.h"
#include "camera.h"
#include "http_defer.h"
#include "image_unpack.h"
#include "log.h"
#include "minisig.h"
#include "reply.h"
#include "slots.h"
#include "upgrade_upload.h"
#include "util.h"
#include "version.h"

struct upgrade {
	struct upgrade_options o;	/* strings owned */
	char www_dir[4000];
	char web_root[4096];
	pthread_mutex_t lock;		/* the fields below */
	char sys_ver[40];
	char app_ver[40];
	int state;			/* a web UI install's, this run */
	char note[256];
	bool busy;			/* an upload or install holds the claim */
	bool restart_pending;
	void (*wake)(void *cls);	/* the main loop, when no reply will */
	void *wake_cls;
	bool has_worker;		/* WORKER is to be joined */
	pthread_t worker;
};

struct job {
	struct upgrade *u;
	enum image_kind kind;
	struct upload *upload;
	struct http_defer *defer;
};

/* TEST FEATURE: a power cut at step NAME (the tests' IPCAMD_TEST_FAILPOINT). */
static void failpoint(const struct upgrade *u, const char *name)
{
	if (!u->o.failpoint || strcmp(u->o.failpoint, name))
		return;
	log_warn("TEST FEATURE: failpoint '%s': the daemon kills itself", name);
	raise(SIGKILL);
}

static void after_first_file(void *cls)
{
	failpoint(cls, "unpacking");
}

static bool is_slot(const char *s)
{
	return !strcmp(s, SLOT_A) || !strcmp(s, SLOT_B);
}

static int cmp_versions(const char *a, const char *b)
{
	struct fw_version va, vb;

	if (version_parse(a, &va) || version_parse(b, &vb))
		return 0;
	return version_cmp(&va, &vb);
}

/*
 * The pages to serve: the web UI image in use, else the newest one
 * installed (a firmware rollback may have passed it over), as long as it
 * is not older than the running firmware, whose own pages are newer then.
 */
static void choose_web_ui(struct upgrade *u)
{
	static const char *const slots[] = { SLOT_A, SLOT_B };
	char cur[4096], v[40], best_v[40] = "";
	const char *best = NULL, *fw_www = u->o.firmware_www;

	if (mkdir(u->www_dir, 0755) < 0 && errno != EEXIST)
		log_warn("cannot create %s: %s", u->www_dir, strerror(errno));
	if (slots_current(u->www_dir, cur, sizeof(cur)))
		cur[0] = '\0';
	for (int i = 0; i < 2; i++) {
		if (slots_version(u->www_dir, slots[i], v, sizeof(v)) ||
		    cmp_versions(v, u->sys_ver) < 0)
			continue;
		if (!best || !strcmp(slots[i], cur) ||
		    (strcmp(best, cur) && cmp_versions(v, best_v) > 0)) {
			best = slots[i];
			str_copy(best_v, sizeof(best_v), v);
		}
	}
	if (best) {
		str_copy(u->app_ver, sizeof(u->app_ver), best_v);
		if (strcmp(cur, best) && slots_switch(u->www_dir, best))
			log_warn("cannot point %s/current at %s", u->www_dir, best);
		return;
	}
	if (is_slot(cur))
		log_info("the web UI image is older than firmware %s: serving the firmware's pages",
			 u->sys_ver);
	if (strcmp(cur, fw_www) && slots_switch(u->www_dir, fw_www[0] ? fw_www : NULL))
		log_warn("cannot point %s/current at %s", u->www_dir, fw_www);
}

/* ipcamd-boot's word on the last firmware upgrade (it commits or rolls
 * back while the daemon runs: read each time). */
static int boot_note(const struct upgrade *u, char *note, size_t cap)
{
	struct boot_state bs;

	note[0] = '\0';
	if (!u->o.fw_dir || boot_state_read(u->o.fw_dir, &bs))
		return UPGRADE_NONE;
	str_copy(note, cap, bs.note);
	if (bs.trial[0] && !strcmp(bs.trial, u->o.boot_slot))
		return UPGRADE_TRIAL;
	if (!strncmp(bs.note, "rolled back", 11))
		return UPGRADE_ROLLED_BACK;
	return bs.note[0] ? UPGRADE_DONE : UPGRADE_NONE;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct upgrade *upgrade_new(const struct upgrade_options *o)
{
	struct upgrade *u = xcalloc(1, sizeof(*u));

	u->o.state_dir = xstrdup(o->state_dir);
	u->o.keys_dir = xstrdup(o->keys_dir);
	u->o.fw_dir = dup_or_null(o->fw_dir);
	u->o.boot_slot = xstrdup(o->boot_slot ? o->boot_slot : SLOT_FACTORY);
	u->o.firmware_www = xstrdup(o->firmware_www ? o->firmware_www : "");
	u->o.allow_downgrade = o->allow_downgrade;
	u->o.test_pattern = o->test_pattern;
	u->o.camera = o->camera;
	u->o.max_size = o->max_size;
	u->o.failpoint = dup_or_null(o->failpoint);
	pthread_mutex_init(&u->lock, NULL);
	snprintf(u->www_dir, sizeof(u->www_dir), "%s/www", o->state_dir);
	snprintf(u->web_root, sizeof(u->web_root), "%s/" SLOT_CURRENT, u->www_dir);
	str_copy(u->sys_ver, sizeof(u->sys_ver), IPCAMD_SYS_VER);
	str_copy(u->app_ver, sizeof(u->app_ver), IPCAMD_APP_VER);
	if (u->o.fw_dir && is_slot(u->o.boot_slot)) {
		if (slots_version(u->o.fw_dir, u->o.boot_slot, u->sys_ver,
					 sizeof(u->sys_ver)))
			log_warn("firmware %s has no readable manifest", u->o.boot_slot);
		str_copy(u->app_ver, sizeof(u->app_ver), u->sys_ver);
	}
	if (boot_note(u, u->note, sizeof(u->note)) == UPGRADE_ROLLED_BACK)
		log_warn("firmware %s", u->note);
	u->note[0] = '\0';
	choose_web_ui(u);
	log_info("firmware %s (%s), web UI %s", u->sys_ver, u->o.boot_slot, u->app_ver);
	return u;
}

void upgrade_free(struct upgrade *u)
{
	if (!u)
		return;
	/* an install still running finishes (its answer is dropped) */
	if (u->has_worker)
		pthread_join(u->worker, NULL);
	pthread_mutex_destroy(&u->lock);
	free((char *)u->o.state_dir);
	free((char *)u->o.keys_dir);
	free((char *)u->o.fw_dir);
	free((char *)u->o.boot_slot);
	free((char *)u->o.firmware_www);
	free((char *)u->o.failpoint);
	free(u);
}

const char *upgrade_web_root(const struct upgrade *u)
{
	return u->web_root;
}

const char *upgrade_spool_dir(const struct upgrade *u)
{
	return u->o.state_dir;
}

uint64_t upgrade_max_size(const struct upgrade *u)
{
	return u->o.max_size;
}

bool upgrade_firmware_possible(const struct upgrade *u)
{
	return u->o.fw_dir != NULL;
}

void upgrade_versions(struct upgrade *u, char *sys, size_t scap, char *app, size_t acap)
{
	pthread_mutex_lock(&u->lock);
	str_copy(sys, scap, u->sys_ver);
	str_copy(app, acap, u->app_ver);
	pthread_mutex_unlock(&u->lock);
}

int upgrade_state(struct upgrade *u, char *note, size_t cap)
{
	int s;

	pthread_mutex_lock(&u->lock);
	s = u->state;
	str_copy(note, cap, u->note);
	pthread_mutex_unlock(&u->lock);
	return s != UPGRADE_NONE ? s : boot_note(u, note, cap);
}

bool upgrade_claim(struct upgrade *u)
{
	bool ok;

	pthread_mutex_lock(&u->lock);
	ok = !u->busy && !u->restart_pending;
	if (ok)
		u->busy = true;
	pthread_mutex_unlock(&u->lock);
	return ok;
}

void upgrade_release(void *cls)
{
	struct upgrade *u = cls;

	pthread_mutex_lock(&u->lock);
	u->busy = false;
	pthread_mutex_unlock(&u->lock);
}

void upgrade_set_wake(struct upgrade *u, void (*wake)(void *cls), void *cls)
{
	pthread_mutex_lock(&u->lock);
	u->wake = wake;
	u->wake_cls = cls;
	pthread_mutex_unlock(&u->lock);
}

bool upgrade_restart_pending(struct upgrade *u)
{
	bool p;

	pthread_mutex_lock(&u->lock);
	p = u->restart_pending;
	pthread_mutex_unlock(&u->lock);
	return p;
}

/* The signature: a trusted key's, over exactly these bytes. */
static const char *check_signature(const struct upgrade *u, const struct upload *up)
{
	struct minisig_key keys[MINISIG_MAX_KEYS];
	const struct minisig *sig = upload_signature(up);
	int n;

	if (!sig)
		return "error: the image is not signed.";
	n = minisig_keys_load(u->o.keys_dir, keys, MINISIG_MAX_KEYS);
	switch (minisig_verify(sig, upload_hash(up), keys, n)) {
	case MINISIG_OK:
		return NULL;
	case MINISIG_UNKNOWN_KEY:
		return "error: the image is not signed by a trusted key.";
	default:
		return "error: the image does not match its signature.";
	}
}

/* What the manifest asks of this camera. */
static const char *check_manifest(struct upgrade *u, const struct manifest *m,
				  enum image_kind kind)
{
	char sys[40], app[40];
	unsigned int api;
	uint32_t caps;

	if (m->kind != kind)
		return kind == IMAGE_FIRMWARE ? "error: this is not a firmware image." :
						"error: this is not a web UI image.";
	upgrade_versions(u, sys, sizeof(sys), app, sizeof(app));
	if (cmp_versions(m->version, kind == IMAGE_FIRMWARE ? sys : app) < 0 &&
	    !u->o.allow_downgrade)
		return "error: the image is older than the running version.";
	if (kind != IMAGE_FIRMWARE)
		return NULL;
	if (camera_module_api(u->o.camera, &api, &caps)) {
		if (u->o.test_pattern)
			return NULL;	/* TEST FEATURE: no module on this host */
		return "error: no camera: the module the image needs cannot be checked.";
	}
	if (m->ptz_api > api)
		return "error: the image needs a newer camera module.";
	if ((m->v4l2_caps & caps) != m->v4l2_caps)
		return "error: the image needs video features the camera module lacks.";
	return NULL;
}

/*
 * Unpack into DIR/staging, check it from disk, and make it DIR/SLOT (the
 * inactive one): 0, or -1 with nothing of the image left.
 */
static int fill_slot(struct upgrade *u, struct image_reader *r, struct manifest *m,
		     const char *dir, const char *slot, const char **err)
{
	int sfd = slots_clear(dir, SLOT_STAGING), rc;

	*err = "error: cannot write the image to the camera's storage.";
	if (sfd < 0) {
		log_err("cannot empty %s/" SLOT_STAGING ": %s", dir, strerror(-sfd));
		return -1;
	}
	failpoint(u, "cleared");
	rc = image_unpack(r, m, sfd, 4 * u->o.max_size, after_first_file, u, err);
	if (!rc) {
		failpoint(u, "unpacked");
		rc = image_verify_tree(sfd, m, err);
	}
	close(sfd);
	if (!rc) {
		failpoint(u, "checked");
		rc = slots_install(dir, slot);
		if (rc) {
			log_err("cannot install %s/%s: %s", dir, slot, strerror(-rc));
			*err = "error: cannot write the image to the camera's storage.";
		}
	}
	if (rc && slots_remove(dir, SLOT_STAGING))
		log_warn("cannot remove %s/" SLOT_STAGING, dir);
	return rc ? -1 : 0;
}

static const char *install_firmware(struct upgrade *u, struct image_reader *r,
				    struct manifest *m)
{
	char cur[64], note[256];
	const char *slot, *err, *dir = u->o.fw_dir;
	struct boot_state bs;

	if (slots_current(dir, cur, sizeof(cur)) || (cur[0] && !is_slot(cur)))
		return "error: the firmware slots are damaged.";
	if (boot_note(u, note, sizeof(note)) == UPGRADE_TRIAL)
		/* the slot it would replace is the way back */
		return "error: the running firmware is still on trial.";
	slot = slots_inactive(cur);
	if (fill_slot(u, r, m, dir, slot, &err))
		return err;
	/* the trial first: a switch without it would never be judged */
	memset(&bs, 0, sizeof(bs));
	str_copy(bs.trial, sizeof(bs.trial), slot);
	str_copy(bs.previous, sizeof(bs.previous), cur[0] ? cur : SLOT_FACTORY);
	if (boot_state_write(dir, &bs))
		return "error: cannot write the image to the camera's storage.";
	failpoint(u, "trial");
	if (slots_switch(dir, slot))
		return "error: cannot write the image to the camera's storage.";
	failpoint(u, "switched");
	log_info("firmware %s installed in %s: restarting into it", m->version, slot);
	pthread_mutex_lock(&u->lock);
	u->restart_pending = true;
	pthread_mutex_unlock(&u->lock);
	return NULL;
}

static const char *install_web_ui(struct upgrade *u, struct image_reader *r,
				  struct manifest *m)
{
	char cur[4096];
	const char *slot, *err;

	if (slots_current(u->www_dir, cur, sizeof(cur)))
		return "error: cannot write the image to the camera's storage.";
	slot = slots_inactive(cur);
	if (fill_slot(u, r, m, u->www_dir, slot, &err))
		return err;
	if (slots_switch(u->www_dir, slot))
		return "error: cannot write the image to the camera's storage.";
	failpoint(u, "switched");
	pthread_mutex_lock(&u->lock);
	str_copy(u->app_ver, sizeof(u->app_ver), m->version);
	u->state = UPGRADE_DONE;
	snprintf(u->note, sizeof(u->note), "web UI %s installed", m->version);
	pthread_mutex_unlock(&u->lock);
	log_info("web UI %s installed in %s and served", m->version, slot);
	return NULL;
}

static const char *install(struct job *j)
{
	struct upgrade *u = j->u;
	struct image_reader *r = NULL;
	struct manifest m;
	const char *err;

	err = check_signature(u, j->upload);
	if (err)
		return err;
	failpoint(u, "verified");
	if (image_open(upload_fd(j->upload), 0, &r, &m, &err))
		return err;
	err = check_manifest(u, &m, j->kind);
	if (!err)
		err = j->kind == IMAGE_FIRMWARE ? install_firmware(u, r, &m) :
						  install_web_ui(u, r, &m);
	image_close(r);
	manifest_free(&m);
	return err;
}

static void *worker(void *arg)
{
	struct job *j = arg;
	struct upgrade *u = j->u;
	const char *err = install(j);
	void (*wake)(void *cls) = NULL;
	void *cls = NULL;

	if (err)
		log_warn("%s upgrade refused: %s", image_kind_name(j->kind), err + 7);
	upload_free(j->upload);		/* and its claim */
	if (!defer_reply(j->defer, err ? err : REPLY_OK_BODY)) {
		/* answered already (the server was quiesced): no completion
		 * will tell the main loop */
		pthread_mutex_lock(&u->lock);
		if (u->restart_pending) {
			wake = u->wake;
			cls = u->wake_cls;
		}
		pthread_mutex_unlock(&u->lock);
		if (wake)
			wake(cls);
	}
	free(j);
	return NULL;
}

void upgrade_start(struct upgrade *u, enum image_kind kind, struct upload *upload,
		   struct http_defer *d)
{
	struct job *j;

	/* the last worker has answered: it is ending, if not gone */
	if (u->has_worker)
		pthread_join(u->worker, NULL);
	j = xcalloc(1, sizeof(*j));
	j->u = u;
	j->kind = kind;
	j->upload = upload;
	j->defer = defer_take(d);
	u->has_worker = !pthread_create(&u->worker, NULL, worker, j);
	if (!u->has_worker) {
		log_err("cannot start the upgrade thread");
		upload_free(upload);
		defer_reply(j->defer, REPLY_DEVICE_ERROR);
		free(j);
		return;
	}
	pthread_setname_np(u->worker, "upgrade");
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Signed upgrades (upgrade_firmware.cgi, upgrade_htmls.cgi): an uploaded
 * image is checked (minisign signature by a trusted key, kind, version,
 * the module API it needs), unpacked into the inactive A/B slot, synced,
 * every file's SHA-256 checked again from disk, and switched to with one
 * rename.  A firmware image then restarts the daemon through ipcamd-boot,
 * which rolls it back unless it becomes healthy; a web UI image is served
 * at once.  The work runs on a thread of its own: the HTTP thread only
 * streams the upload to disk.
 */
#ifndef IPCAMD_UPGRADE_H
#define IPCAMD_UPGRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image_manifest.h"

struct camera;
struct upgrade;
struct upload;
struct http_defer;

struct upgrade_options {
	const char *state_dir;		/* uploads, and the web UI's slots in www/ */
	const char *keys_dir;		/* trusted minisign public keys (*.pub) */
	const char *fw_dir;		/* firmware slots; NULL: not under ipcamd-boot */
	const char *boot_slot;		/* the running slot: slot-a, slot-b, factory */
	const char *firmware_www;	/* the running firmware's own pages ("" none) */
	bool allow_downgrade;
	bool test_pattern;		/* TEST FEATURE: no camera module to check */
	struct camera *camera;		/* whose module a firmware image must suit */
	uint64_t max_size;		/* largest image taken, bytes */
	const char *failpoint;		/* TEST FEATURE: die at this step */
};

/* Set up the web UI's slots and read the running versions. */
struct upgrade *upgrade_new(const struct upgrade_options *o);
void upgrade_free(struct upgrade *u);

/* The web root to serve: STATE_DIR/www/current, switched atomically. */
const char *upgrade_web_root(const struct upgrade *u);
/* The running firmware's and web UI's versions. */
void upgrade_versions(struct upgrade *u, char *sys, size_t scap, char *app, size_t acap);
/* The last upgrade's outcome (enum upgrade_state) and its note: a web UI
 * installed in this run, else ipcamd-boot's record of the firmware. */
int upgrade_state(struct upgrade *u, char *note, size_t cap);
/* Where uploads are written, and how large they may be. */
const char *upgrade_spool_dir(const struct upgrade *u);
uint64_t upgrade_max_size(const struct upgrade *u);

enum upgrade_state {
	UPGRADE_NONE,
	UPGRADE_DONE,		/* the last upgrade went in */
	UPGRADE_ROLLED_BACK,	/* the last firmware did not become healthy */
	UPGRADE_TRIAL,		/* the running firmware is on trial */
};

/*
 * One upload and install at a time: claimed as an upload begins (false
 * while another one runs, or a restart is pending), released when the
 * upload is freed (refused, cut short, or installed).
 */
bool upgrade_claim(struct upgrade *u);
void upgrade_release(void *u);

/*
 * Install the image of UPLOAD (taken, and its claim) as KIND on a worker
 * thread, which answers D.  A firmware that went in makes
 * upgrade_restart_pending() true; the request's completion then tells
 * the main loop, or WAKE (upgrade_set_wake) when the request had been
 * answered already (the server was quiesced).
 */
void upgrade_start(struct upgrade *u, enum image_kind kind, struct upload *upload,
		   struct http_defer *d);
void upgrade_set_wake(struct upgrade *u, void (*wake)(void *cls), void *cls);
/* A firmware is switched to: the daemon exits for ipcamd-boot to start it. */
bool upgrade_restart_pending(struct upgrade *u);
/* Firmware upgrades need ipcamd-boot. */
bool upgrade_firmware_possible(const struct upgrade *u);

#endif

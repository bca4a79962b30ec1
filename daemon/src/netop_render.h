/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a request becomes: the files to write (systemd-networkd, the
 * wpa_supplicant configuration, the pppd peer) rendered into memory, and
 * the commands that make them take effect.  Pure: every value is checked
 * and every file rendered before ipcamd-apply writes anything, so a bad
 * request changes nothing.
 */
#ifndef IPCAMD_NETOP_RENDER_H
#define IPCAMD_NETOP_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "netop_request.h"

#define NETOP_FILES_MAX 2
#define NETOP_CMDS_MAX 2
#define NETOP_ARGS_MAX 4
/* Far above the longest file a valid request renders (a PPPoE peer with
 * 255-byte user and password, every byte escaped: under 1.5 KiB). */
#define NETOP_TEXT_MAX 4096

struct netop_ifaces {
	const char *wired;	/* set_network and PPPoE, e.g. eth0 */
	const char *wifi;	/* set_wifi, e.g. wlan0 */
};

struct netop_file {
	char path[96];		/* below the root, e.g. "etc/ppp/peers/ipcamd" */
	bool remove;		/* remove PATH (if present) instead of writing */
	unsigned int mode;
	size_t len;
	char text[NETOP_TEXT_MAX];
};

/* A program (searched in a fixed PATH) and its fixed arguments. */
struct netop_cmd {
	size_t argc;
	char argv[NETOP_ARGS_MAX][48];
};

struct netop_plan {
	size_t nfiles, ncmds;
	struct netop_file files[NETOP_FILES_MAX];	/* in the order written */
	struct netop_cmd cmds[NETOP_CMDS_MAX];		/* in the order run */
};

/* 1..15 of [A-Za-z0-9_.:-], not starting with '-' or '.'. */
bool netop_iface_valid(const char *name);

/*
 * Check R and fill PLAN (which the caller wipes with netop_plan_wipe(): the
 * texts may hold keys and passwords).  0, or -1 with a message in ERR that
 * names the key but never quotes a value.
 */
int netop_render(const struct netop_request *r, const struct netop_ifaces *ifs,
		 struct netop_plan *plan, char *err, size_t errcap);

void netop_plan_wipe(struct netop_plan *plan);

#endif

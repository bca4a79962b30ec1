/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The daemon's background clients, which the CGIs reach through their
 * request: they poke them when settings change and read their status; the
 * camera (camera.h), which the device CGIs drive; and the media
 * (http_media.h), which serves the streams and snapshots.  Owned by main();
 * any of them may be NULL (not started).
 */
#ifndef IPCAMD_SERVICES_H
#define IPCAMD_SERVICES_H

struct alarm_engine;
struct camera;
struct ddns_client;
struct sntp_client;
struct media;
struct notifier;
struct upnp_client;
struct upgrade;

struct services {
	struct camera *camera;
	struct media *media;
	struct ddns_client *ddns;
	struct sntp_client *sntp;
	struct upnp_client *upnp;
	struct alarm_engine *alarm;
	struct notifier *notify;
	struct upgrade *upgrade;
};

#endif

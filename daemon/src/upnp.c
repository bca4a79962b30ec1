// SPDX-License-Identifier: GPL-2.0-or-later
#include "upnp.h"

#include <errno.h>
#include <miniupnpc/miniupnpc.h>
#include <miniupnpc/upnpcommands.h>
#include <miniupnpc/upnperrors.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "addr_watch.h"
#include "log.h"
#include "settings.h"
#include "util.h"

#define BACKOFF_MAX 3600		/* seconds */
#define PERMANENT_RECHECK 1800		/* a permanent mapping: still there? */
#define UPNP_ERR_CONFLICT 718		/* ConflictInMappingEntry */
#define UPNP_ERR_ONLY_PERMANENT 725	/* OnlyPermanentLeasesSupported */

struct upnp_client {
	struct upnp_options opt;
	char *description;
	char *multicastif;
	pthread_t thread;
	int wake;		/* eventfd: a poke, a new port or the stop */
	atomic_bool stopping;
	atomic_int status;
	atomic_int port;	/* the HTTP port to map */
	struct addr_watch *watch;

	/* the thread's own */
	bool have_igd;
	struct UPNPUrls urls;
	struct IGDdatas data;
	char lanaddr[64];
	int mapped;		/* the external port mapped now, 0 = none */
};

enum upnp_status upnp_status_of_add(int rc)
{
	if (rc == UPNPCOMMAND_SUCCESS)
		return UPNP_ST_OK;
	if (rc == UPNP_ERR_CONFLICT)
		return UPNP_ST_CONFLICT;
	/* no HTTP answer at all: the network, not the device */
	if (rc == UPNPCOMMAND_HTTP_ERROR)
		return UPNP_ST_NETWORK;
	/* miniupnpc's other codes are negative: SOAP or parse failures */
	return rc < 0 ? UPNP_ST_CHAT : UPNP_ST_DEVICE;
}

static void forget_igd(struct upnp_client *u)
{
	if (u->have_igd)
		FreeUPNPUrls(&u->urls);
	u->have_igd = false;
}

/*
 * SSDP discovery, one search target at a time (what upnpDiscover() asks in
 * one call), each waiting its share of discover_ms: between two, a stop
 * is noticed, so that the daemon exits (and restarts) at once.
 */
static struct UPNPDev *discover(struct upnp_client *u, int *err)
{
	static const char *const targets[] = {
		"urn:schemas-upnp-org:device:InternetGatewayDevice:1",
		"urn:schemas-upnp-org:service:WANIPConnection:1",
		"urn:schemas-upnp-org:service:WANPPPConnection:1",
		"upnp:rootdevice",
	};
	int share = u->opt.discover_ms / (int)ARRAY_SIZE(targets);
	struct UPNPDev *devs = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(targets) && !devs; i++) {
		const char *const one[] = { targets[i], NULL };

		if (atomic_load(&u->stopping))
			break;
		devs = upnpDiscoverDevices(one, share > 100 ? share : 100, u->multicastif, NULL,
					   UPNP_LOCAL_PORT_ANY, 0, 2, err, 0);
	}
	return devs;
}

/* Find the gateway: SSDP discovery, then its description. */
static enum upnp_status find_igd(struct upnp_client *u)
{
	struct UPNPDev *devs;
	int err = 0, r;

	forget_igd(u);
	devs = discover(u, &err);
	if (!devs) {
		log_info("upnp: no gateway answered the discovery (%d)", err);
		return UPNP_ST_NETWORK;
	}
	memset(&u->urls, 0, sizeof(u->urls));
	memset(&u->data, 0, sizeof(u->data));
#if MINIUPNPC_API_VERSION >= 18
	r = UPNP_GetValidIGD(devs, &u->urls, &u->data, u->lanaddr, sizeof(u->lanaddr), NULL, 0);
#else
	r = UPNP_GetValidIGD(devs, &u->urls, &u->data, u->lanaddr, sizeof(u->lanaddr));
#endif
	freeUPNPDevlist(devs);
	/*
	 * 1: a connected IGD.  2 (API 17; 2 and 3 in 18): an IGD that says its
	 * WAN side is down or has a private address; many a router says so
	 * wrongly, and its AddPortMapping answer tells the truth.
	 */
	if (r == 1 || r == 2 || (MINIUPNPC_API_VERSION >= 18 && r == 3)) {
		u->have_igd = true;
		return UPNP_ST_OK;
	}
	if (r)
		FreeUPNPUrls(&u->urls);
	log_info("upnp: the devices that answered are no Internet gateway");
	return UPNP_ST_CHAT;
}

static void unmap(struct upnp_client *u)
{
	char ext[8];
	int rc;

	if (!u->mapped)
		return;
	/* a failed renewal forgot the gateway: find it again to delete */
	if (!u->have_igd && find_igd(u) != UPNP_ST_OK) {
		log_warn("upnp: cannot reach the gateway to remove the mapping of port %d",
			 u->mapped);
		u->mapped = 0;
		return;
	}
	snprintf(ext, sizeof(ext), "%d", u->mapped);
	rc = UPNP_DeletePortMapping(u->urls.controlURL, u->data.first.servicetype, ext,
				    "TCP", NULL);
	if (rc)
		log_warn("upnp: removing the mapping of port %s: %d (%s)", ext, rc, strupnperror(rc));
	else
		log_info("upnp: port %s no longer mapped", ext);
	u->mapped = 0;
}

static enum upnp_status map(struct upnp_client *u, int port)
{
	char p[8], lease[16], ext_ip[40] = "";
	enum upnp_status st;
	int rc;

	if (!u->have_igd) {
		st = find_igd(u);
		if (st != UPNP_ST_OK)
			return st;
	}
	snprintf(p, sizeof(p), "%d", port);
	snprintf(lease, sizeof(lease), "%d", u->opt.lease);
	rc = UPNP_AddPortMapping(u->urls.controlURL, u->data.first.servicetype, p, p,
				 u->lanaddr, u->description, "TCP", NULL, lease);
	if (rc == UPNP_ERR_ONLY_PERMANENT) {
		u->opt.lease = 0;
		rc = UPNP_AddPortMapping(u->urls.controlURL, u->data.first.servicetype, p, p,
					 u->lanaddr, u->description, "TCP", NULL, "0");
	}
	st = upnp_status_of_add(rc);
	if (st != UPNP_ST_OK) {
		log_warn("upnp: mapping port %s to %s refused: %d (%s)", p, u->lanaddr, rc,
			 strupnperror(rc));
		if (st != UPNP_ST_CONFLICT)
			forget_igd(u);	/* the gateway may have changed: look again */
		return st;
	}
	if (u->mapped != port) {
		UPNP_GetExternalIPAddress(u->urls.controlURL, u->data.first.servicetype, ext_ip);
		log_info("upnp: port %s mapped to %s:%s (external address %s, lease %d s)", p,
			 u->lanaddr, p, ext_ip[0] ? ext_ip : "unknown", u->opt.lease);
	} else {
		log_debug("upnp: mapping of port %s renewed", p);
	}
	u->mapped = port;
	return UPNP_ST_OK;
}

/* Wait for a poke or an address change (true) or DEADLINE (false). */
static bool upnp_wait(struct upnp_client *u, double deadline)
{
	switch (addr_watch_wait(&u->watch, u->wake, deadline, "upnp")) {
	case WATCH_POKE:
		return true;
	case WATCH_ADDRESS:
		/* the LAN address may be another: find the gateway again */
		unmap(u);
		forget_igd(u);
		return true;
	case WATCH_TIMEOUT:
		break;
	}
	return false;
}

static void *upnp_main(void *arg)
{
	struct upnp_client *u = arg;
	double next = 0;	/* when to map (again); < 0: when poked */
	int backoff = u->opt.retry;

	while (!atomic_load(&u->stopping)) {
		int want;

		settings_lock();
		want = settings_int("upnp_enable") ? atomic_load(&u->port) : 0;
		settings_unlock();
		if (u->mapped && u->mapped != want)
			unmap(u);
		if (!want) {
			atomic_store(&u->status, UPNP_ST_NONE);
			next = -1;
		} else if (next >= 0 && mono_now() >= next) {
			enum upnp_status st = map(u, want);

			atomic_store(&u->status, st);
			if (st == UPNP_ST_OK) {
				backoff = u->opt.retry;
				next = mono_now() + (u->opt.lease ? u->opt.lease / 2.0 : PERMANENT_RECHECK);
			} else {
				next = mono_now() + backoff;
				backoff = backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX : backoff * 2;
			}
		}
		if (upnp_wait(u, next)) {
			next = 0;
			backoff = u->opt.retry;
		}
	}
	/* a clean exit leaves no mapping behind */
	unmap(u);
	forget_igd(u);
	return NULL;
}

/* Free U once its thread has ended (or never started). */
static void upnp_free(struct upnp_client *u)
{
	if (u->wake >= 0)
		close(u->wake);
	addr_watch_close(u->watch);
	free(u->description);
	free(u->multicastif);
	free(u);
}

struct upnp_client *upnp_start(const struct upnp_options *o, int port)
{
	struct upnp_client *u = xcalloc(1, sizeof(*u));

	u->opt = *o;
	u->description = xstrdup(o->description);
	u->opt.description = u->description;
	u->multicastif = o->multicastif ? xstrdup(o->multicastif) : NULL;
	if (u->opt.retry <= 0)
		u->opt.retry = 1;
	atomic_store(&u->port, port);
	u->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	u->watch = addr_watch_open();
	if (u->wake < 0 || pthread_create(&u->thread, NULL, upnp_main, u)) {
		log_err("upnp: cannot start the client");
		upnp_free(u);
		return NULL;
	}
	pthread_setname_np(u->thread, "upnp");
	return u;
}

void upnp_poke(struct upnp_client *u)
{
	uint64_t one = 1;

	if (u && write(u->wake, &one, sizeof(one)) < 0)
		log_warn("upnp: cannot wake the client: %s", strerror(errno));
}

void upnp_set_port(struct upnp_client *u, int port)
{
	if (!u)
		return;
	atomic_store(&u->port, port);
	upnp_poke(u);
}

void upnp_stop(struct upnp_client *u)
{
	if (!u)
		return;
	atomic_store(&u->stopping, true);
	upnp_poke(u);
	pthread_join(u->thread, NULL);
	upnp_free(u);
}

int upnp_status(const struct upnp_client *u)
{
	return u ? atomic_load(&u->status) : UPNP_ST_NONE;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The UPnP client: one thread that, while upnp_enable is set, maps the
 * camera's HTTP port on the Internet Gateway Device of its network
 * (miniupnpc: SSDP discovery, WANIPConnection AddPortMapping with a lease,
 * renewed at half the lease), removes the mapping when disabled and at a
 * clean exit, and maps the new port when the HTTP port moves.  Failures
 * retry with a doubling backoff.  The CGIs only poke it and read its status.
 */
#ifndef IPCAMD_UPNP_H
#define IPCAMD_UPNP_H

/* get_status.cgi upnp_status (the SDK's table) */
enum upnp_status {
	UPNP_ST_NONE = 0,	/* no action: UPnP off */
	UPNP_ST_OK = 1,		/* the port is mapped */
	UPNP_ST_DEVICE = 2,	/* the gateway failed the action (a UPnP error of its own) */
	UPNP_ST_NETWORK = 3,	/* no gateway answered, or no network to ask on */
	UPNP_ST_CHAT = 4,	/* a device answered, but not as an IGD would */
	UPNP_ST_CONFLICT = 5,	/* the port is mapped to another host */
};

struct upnp_client;

struct upnp_options {
	int lease;		/* seconds asked for each mapping (0: permanent) */
	int retry;		/* first backoff, seconds (doubles up to an hour) */
	int discover_ms;	/* how long SSDP discovery waits for answers */
	const char *description;	/* the mapping's name on the gateway */
	const char *multicastif;	/* SSDP out on this interface/address; NULL: any */
};

/* Start the client for the HTTP port PORT (0: none yet, see
 * upnp_set_port).  NULL on failure. */
struct upnp_client *upnp_start(const struct upnp_options *o, int port);
/* Remove the mapping (if any), stop and free. */
void upnp_stop(struct upnp_client *u);
/* upnp_enable changed: map or unmap now. */
void upnp_poke(struct upnp_client *u);
/* The HTTP server listens on PORT now: move the mapping. */
void upnp_set_port(struct upnp_client *u, int port);
/* get_status.cgi upnp_status; 0 when U is NULL. */
int upnp_status(const struct upnp_client *u);

/* The status for a failed AddPortMapping answer RC (miniupnpc's). */
enum upnp_status upnp_status_of_add(int rc);

#endif

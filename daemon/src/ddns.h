/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DDNS client: one thread that keeps the set_ddns.cgi host name
 * pointing at the camera through the provider's dyndns2 update URL
 * (libcurl).  It updates when the settings change, when the camera's
 * addresses change, and at the provider's refresh period, never more
 * often; transient failures retry with a doubling backoff; a refusal for
 * good (badauth, nohost, abuse, ...) stops it until the settings change.
 * Nothing of it runs on the HTTP thread: the CGIs only poke it and read
 * its status.
 */
#ifndef IPCAMD_DDNS_H
#define IPCAMD_DDNS_H

struct ddns_client;

struct ddns_options {
	const char *url[3];	/* the update URL of each enum ddns_family */
	int retry;		/* first backoff, seconds (doubles up to an hour) */
	const char *user_agent;
};

/* Start the client (it reads the settings itself).  NULL on failure. */
struct ddns_client *ddns_start(const struct ddns_options *o);
/* Stop it (an update in flight is aborted) and free it. */
void ddns_stop(struct ddns_client *d);
/* The DDNS settings changed: update now (or turn off). */
void ddns_poke(struct ddns_client *d);
/* get_status.cgi ddns_status (enum ddns_status); 0 when D is NULL. */
int ddns_status(const struct ddns_client *d);

#endif

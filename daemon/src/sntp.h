/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small SNTP client (RFC 4330) over UDP with timeouts, in its own thread:
 * while ntp_enable is set it asks ntp_svr ("host" or "host:port") every
 * sntp_interval seconds (every minute after a failure) and sets the clock
 * when that is permitted (set_clock), else logs the offset.
 */
#ifndef IPCAMD_SNTP_H
#define IPCAMD_SNTP_H

#include <stddef.h>
#include <stdint.h>

struct sntp_client;

/* The client's thread; NULL, logged, if it cannot start. */
struct sntp_client *sntp_start(void);
/* Stop and free S (NULL: nothing). */
void sntp_stop(struct sntp_client *s);
/* The settings changed: synchronise now (S NULL: nothing). */
void sntp_poke(struct sntp_client *s);

/* Set the system clock to NOW (UTC seconds) if permitted.  0 or -errno. */
int clock_set_utc(long long now);

/* ---- packet level (unit-tested) ---- */

#define SNTP_PACKET 48
#define NTP_UNIX_OFFSET 2208988800ULL	/* 1900 -> 1970 */

/* NTP 32.32 fixed point from a Unix time in seconds. */
uint64_t ntp_from_unix(double t);
double unix_from_ntp(uint64_t ntp);

/* A client request whose transmit timestamp is TX. */
void sntp_build_request(uint8_t pkt[SNTP_PACKET], uint64_t tx);
/*
 * Check a server reply to the request sent at TX (NTP time) and received
 * at T4 (Unix seconds); the clock offset (seconds to add) goes to *OFFSET.
 * 0, or -EBADMSG for a malformed / unexpected / unsynchronised reply.
 */
int sntp_parse_reply(const uint8_t *pkt, size_t len, uint64_t tx, double t4,
		     double *offset);

/* Split "host" or "host:port" (one colon only). */
void sntp_split_server(const char *svr, char *host, size_t hostcap, char *port,
		       size_t portcap);

#endif

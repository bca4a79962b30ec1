/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Failed-login throttling.
 *
 * Failures are counted per client address (an IPv6 client by its /64: one
 * subscriber holds all of it) and, within the address, per target
 * account.  The address is locked out, every request from it refused,
 * once its failures against all accounts reach the limit within the
 * window.  A success clears only the failures against the account that
 * succeeded, so logging in as a visitor between guesses does not reset the
 * count of guesses at the administrator's password.
 *
 * The table is bounded, and neither its size nor its eviction is a way
 * out: a slot that is counting failures or locked out is never evicted.
 * Addresses that find no slot count in a slot of their block (/24, /48),
 * and when those are full too, in one overflow slot: a full table
 * throttles the newcomers together instead of not at all.
 */
#ifndef IPCAMD_LOGIN_THROTTLE_H
#define IPCAMD_LOGIN_THROTTLE_H

#include <stdbool.h>
#include <sys/socket.h>

/* Account indexes: the user slots 1..8, and 0 for a name no user has. */
#define THROTTLE_ACCOUNTS	9
#define THROTTLE_SLOTS		256
#define THROTTLE_BLOCKS		32

struct throttle_cfg {
	int limit;		/* failures ... */
	double window;		/* ... within this many seconds lock out */
	double lockout;		/* for this many seconds; 0 disables throttling */
};

struct login_throttle;

struct login_throttle *throttle_new(const struct throttle_cfg *cfg);
void throttle_free(struct login_throttle *t);

/* True while ADDR is locked out at time NOW (monotonic seconds). */
bool throttle_locked(struct login_throttle *t, const struct sockaddr *addr, double now);
/* Record a failure against ACCOUNT; true when it starts a lockout. */
bool throttle_fail(struct login_throttle *t, const struct sockaddr *addr, int account,
		   double now);
/* A login to ACCOUNT succeeded: forget the failures against it. */
void throttle_success(struct login_throttle *t, const struct sockaddr *addr, int account,
		      double now);

#endif

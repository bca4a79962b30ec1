// SPDX-License-Identifier: GPL-2.0-or-later
#include "login_throttle.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct tslot {
	unsigned char key[16];
	bool used;
	int fails[THROTTLE_ACCOUNTS];	/* within the window, per account */
	int total;
	double first;			/* start of the counting window */
	double until;			/* locked out until */
	double last;			/* last failure, for eviction */
};

struct login_throttle {
	pthread_mutex_t lock;
	struct throttle_cfg cfg;
	struct tslot slot[THROTTLE_SLOTS];	/* per address */
	struct tslot block[THROTTLE_BLOCKS];	/* per block, when no slot is free */
	struct tslot overflow;		/* every address that found neither */
};

/* The block of an address key: its /24 (IPv4) or /48 (IPv6). */
static void block_key(const unsigned char key[16], unsigned char bkey[16])
{
	static const unsigned char v4mapped[12] = { [10] = 0xff, [11] = 0xff };

	memcpy(bkey, key, 16);
	if (!memcmp(key, v4mapped, sizeof(v4mapped)))
		bkey[15] = 0;
	else
		memset(bkey + 6, 0, 10);
}

struct login_throttle *throttle_new(const struct throttle_cfg *cfg)
{
	struct login_throttle *t = xcalloc(1, sizeof(*t));

	pthread_mutex_init(&t->lock, NULL);
	t->cfg = *cfg;
	return t;
}

void throttle_free(struct login_throttle *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* A slot that may be given to another address: not locked out, not counting. */
static bool slot_idle(const struct login_throttle *t, const struct tslot *s, double now)
{
	return !s->used || (s->until <= now && (!s->total || now - s->first > t->cfg.window));
}

static struct tslot *find_in(struct tslot *tab, int n, const unsigned char key[16])
{
	for (int i = 0; i < n; i++)
		if (tab[i].used && !memcmp(tab[i].key, key, 16))
			return &tab[i];
	return NULL;
}

/* KEY's slot in TAB, else a new one in place of the longest idle, or NULL. */
static struct tslot *claim_in_locked(struct login_throttle *t, struct tslot *tab, int n,
				     const unsigned char key[16], double now)
{
	struct tslot *s = find_in(tab, n, key), *best = NULL;

	if (s)
		return s;
	for (int i = 0; i < n; i++) {
		s = &tab[i];
		if (!slot_idle(t, s, now))
			continue;
		if (!s->used) {
			best = s;
			break;
		}
		if (!best || s->last < best->last)
			best = s;
	}
	if (!best)
		return NULL;
	memset(best, 0, sizeof(*best));
	best->used = true;
	memcpy(best->key, key, 16);
	return best;
}

/*
 * Where a failure from KEY counts: its own slot, else its block's, else
 * the overflow.  A block is shared by its addresses that found no slot:
 * one subscriber's many addresses lock out their block, not everyone.
 */
static struct tslot *claim_slot_locked(struct login_throttle *t, const unsigned char key[16],
				       double now)
{
	unsigned char bkey[16];
	struct tslot *s = claim_in_locked(t, t->slot, THROTTLE_SLOTS, key, now);

	if (s)
		return s;
	block_key(key, bkey);
	s = claim_in_locked(t, t->block, THROTTLE_BLOCKS, bkey, now);
	if (s)
		return s;
	t->overflow.used = true;
	return &t->overflow;
}

/* The slot that judges KEY: the one its failures would count in. */
static struct tslot *judge_locked(struct login_throttle *t, const unsigned char key[16])
{
	unsigned char bkey[16];
	struct tslot *s = find_in(t->slot, THROTTLE_SLOTS, key);

	if (s)
		return s;
	block_key(key, bkey);
	s = find_in(t->block, THROTTLE_BLOCKS, bkey);
	return s ? s : &t->overflow;
}

bool throttle_locked(struct login_throttle *t, const struct sockaddr *addr, double now)
{
	unsigned char key[16];
	struct tslot *s;
	bool locked = false;

	client_key(addr, key);
	pthread_mutex_lock(&t->lock);
	if (t->cfg.lockout > 0) {
		s = judge_locked(t, key);
		locked = s->until > now;
	}
	pthread_mutex_unlock(&t->lock);
	return locked;
}

static void forget_failures(struct tslot *s)
{
	memset(s->fails, 0, sizeof(s->fails));
	s->total = 0;
}

bool throttle_fail(struct login_throttle *t, const struct sockaddr *addr, int account,
		   double now)
{
	unsigned char key[16];
	struct tslot *s;
	bool started = false;

	if (account < 0 || account >= THROTTLE_ACCOUNTS)
		account = 0;
	client_key(addr, key);
	pthread_mutex_lock(&t->lock);
	if (t->cfg.lockout <= 0 || t->cfg.limit <= 0)
		goto out;
	s = claim_slot_locked(t, key, now);
	s->last = now;
	if (!s->total || now - s->first > t->cfg.window) {
		forget_failures(s);
		s->first = now;
	}
	s->fails[account]++;
	if (++s->total >= t->cfg.limit) {
		s->until = now + t->cfg.lockout;
		forget_failures(s);	/* counting starts again after the lockout */
		started = true;
	}
out:
	pthread_mutex_unlock(&t->lock);
	return started;
}

void throttle_success(struct login_throttle *t, const struct sockaddr *addr, int account,
		      double now)
{
	unsigned char key[16];
	struct tslot *s;

	if (account < 0 || account >= THROTTLE_ACCOUNTS)
		return;
	client_key(addr, key);
	pthread_mutex_lock(&t->lock);
	/* only an address's own slot: in a shared one, a success must not
	 * clear the failures of another address */
	s = find_in(t->slot, THROTTLE_SLOTS, key);
	if (s) {
		s->total -= s->fails[account];
		s->fails[account] = 0;
		if (!s->total && s->until <= now)
			s->used = false;
	}
	pthread_mutex_unlock(&t->lock);
}

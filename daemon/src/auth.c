// SPDX-License-Identifier: GPL-2.0-or-later
#include "auth.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "settings.h"
#include "util.h"

static int b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long base64_decode(const char *in, size_t len, unsigned char *out, size_t cap)
{
	unsigned long acc = 0;
	size_t o = 0, pad = 0;
	int bits = 0;

	if (len % 4)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];
		int v;

		if (c == '=') {
			/* only at the end, at most two */
			if (i < len - 2 || ++pad > 2)
				return -1;
			continue;
		}
		if (pad)
			return -1;
		v = b64val(c);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= cap)
				return -1;
			out[o++] = (unsigned char)(acc >> bits);
			acc &= (1UL << bits) - 1;
		}
	}
	return (long)o;
}

bool auth_parse_basic(const char *hdr, struct creds *out)
{
	unsigned char buf[AUTH_NAME_MAX + AUTH_PWD_MAX + 2];
	const char *p = hdr, *colon;
	long n;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (!hdr || strncasecmp(p, "Basic", 5) || (p[5] != ' ' && p[5] != '\t'))
		return false;
	p += 5;
	while (*p == ' ' || *p == '\t')
		p++;
	len = strlen(p);
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	n = base64_decode(p, len, buf, sizeof(buf) - 1);
	if (n < 0)
		return false;
	buf[n] = '\0';
	if (memchr(buf, '\0', (size_t)n))
		goto bad;
	colon = memchr(buf, ':', (size_t)n);
	if (!colon)
		goto bad;
	if ((size_t)(colon - (char *)buf) > AUTH_NAME_MAX ||
	    strlen(colon + 1) > AUTH_PWD_MAX)
		goto bad;
	memcpy(out->user, buf, (size_t)(colon - (char *)buf));
	out->user[colon - (char *)buf] = '\0';
	str_copy(out->pwd, sizeof(out->pwd), colon + 1);
	out->present = out->user[0] != '\0';
	secret_wipe(buf, sizeof(buf));
	return true;
bad:
	secret_wipe(buf, sizeof(buf));
	return false;
}

void auth_from_query(const char *user, size_t ulen, const char *pwd, size_t plen,
		     struct creds *out)
{
	memset(out, 0, sizeof(*out));
	if (!user || ulen == 0)
		return;
	/* too long or holding a NUL: cannot match any user; keep it present
	 * so that it counts as a failed login */
	out->present = true;
	if (ulen > AUTH_NAME_MAX || memchr(user, '\0', ulen)) {
		str_copy(out->user, sizeof(out->user), "\x01");
		return;
	}
	memcpy(out->user, user, ulen);
	out->user[ulen] = '\0';
	if (pwd) {
		if (plen > AUTH_PWD_MAX || memchr(pwd, '\0', plen)) {
			str_copy(out->user, sizeof(out->user), "\x01");
			return;
		}
		memcpy(out->pwd, pwd, plen);
		out->pwd[plen] = '\0';
	}
}

int auth_check_user(const struct creds *c, char *name, size_t namecap)
{
	char key[32];
	int pri = -1;

	if (!c->present || !c->user[0])
		return -1;
	settings_lock();
	for (int i = 1; i <= 8; i++) {
		const char *u, *p;

		snprintf(key, sizeof(key), "user%d_name", i);
		u = settings_str(key);
		if (!u[0] || strcmp(u, c->user))
			continue;
		snprintf(key, sizeof(key), "user%d_pwd", i);
		p = settings_str(key);
		if (secret_equal(p, c->pwd)) {
			snprintf(key, sizeof(key), "user%d_pri", i);
			pri = (int)settings_int(key);
			if (name)
				str_copy(name, namecap, u);
		}
		break;
	}
	settings_unlock();
	return pri;
}

enum auth_outcome auth_decide(const struct creds *basic, const struct creds *query,
			      int *pri, char *name, size_t namecap)
{
	int p;

	if (basic->present) {
		p = auth_check_user(basic, name, namecap);
		if (p >= 0) {
			*pri = p;
			return AUTH_OK;
		}
	}
	if (query->present) {
		p = auth_check_user(query, name, namecap);
		if (p >= 0) {
			*pri = p;
			return AUTH_OK;
		}
	}
	*pri = PRI_EVERYONE;
	return basic->present || query->present ? AUTH_FAILED : AUTH_ANONYMOUS;
}

/* ---- throttling ---- */

#define THROTTLE_SLOTS 256

struct tslot {
	unsigned char addr[16];
	bool used;
	int failures;
	double first;		/* start of the counting window */
	double until;		/* locked out until */
	double last;		/* for eviction */
};

static pthread_mutex_t tlock = PTHREAD_MUTEX_INITIALIZER;
static struct tslot slots[THROTTLE_SLOTS];
static struct throttle_cfg tcfg = { 5, 60.0, 30.0 };

void throttle_configure(const struct throttle_cfg *cfg)
{
	pthread_mutex_lock(&tlock);
	tcfg = *cfg;
	pthread_mutex_unlock(&tlock);
}

void throttle_reset(void)
{
	pthread_mutex_lock(&tlock);
	memset(slots, 0, sizeof(slots));
	pthread_mutex_unlock(&tlock);
}

/* IPv4 and IPv4-mapped IPv6 give the same key. */
static void addr_key(const struct sockaddr *sa, unsigned char key[16])
{
	memset(key, 0, 16);
	if (!sa)
		return;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		key[10] = key[11] = 0xff;
		memcpy(key + 12, &in->sin_addr, 4);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		memcpy(key, &in6->sin6_addr, 16);
	}
}

static struct tslot *find_slot(const unsigned char key[16], bool create, double now)
{
	struct tslot *oldest = NULL;

	for (int i = 0; i < THROTTLE_SLOTS; i++) {
		if (slots[i].used && !memcmp(slots[i].addr, key, 16))
			return &slots[i];
	}
	if (!create)
		return NULL;
	for (int i = 0; i < THROTTLE_SLOTS; i++) {
		if (!slots[i].used) {
			oldest = &slots[i];
			break;
		}
		/* never evict an address that is locked out right now */
		if (slots[i].until > now)
			continue;
		if (!oldest || slots[i].last < oldest->last)
			oldest = &slots[i];
	}
	if (!oldest)
		return NULL;
	memset(oldest, 0, sizeof(*oldest));
	oldest->used = true;
	memcpy(oldest->addr, key, 16);
	return oldest;
}

bool throttle_locked(const struct sockaddr *addr, double now)
{
	unsigned char key[16];
	struct tslot *s;
	bool locked = false;

	addr_key(addr, key);
	pthread_mutex_lock(&tlock);
	if (tcfg.lockout > 0) {
		s = find_slot(key, false, now);
		locked = s && s->until > now;
	}
	pthread_mutex_unlock(&tlock);
	return locked;
}

bool throttle_fail(const struct sockaddr *addr, double now)
{
	unsigned char key[16];
	struct tslot *s;
	bool started = false;

	addr_key(addr, key);
	pthread_mutex_lock(&tlock);
	if (tcfg.lockout <= 0 || tcfg.limit <= 0)
		goto out;
	s = find_slot(key, true, now);
	if (!s)
		goto out;
	s->last = now;
	if (s->failures == 0 || now - s->first > tcfg.window) {
		s->failures = 0;
		s->first = now;
	}
	if (++s->failures >= tcfg.limit) {
		s->until = now + tcfg.lockout;
		s->failures = 0;
		started = true;
	}
out:
	pthread_mutex_unlock(&tlock);
	return started;
}

void throttle_success(const struct sockaddr *addr)
{
	unsigned char key[16];
	struct tslot *s;

	addr_key(addr, key);
	pthread_mutex_lock(&tlock);
	s = find_slot(key, false, 0);
	if (s && s->until <= 0)
		s->used = false;
	else if (s)
		s->failures = 0;
	pthread_mutex_unlock(&tlock);
}

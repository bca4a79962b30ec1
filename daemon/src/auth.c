// SPDX-License-Identifier: GPL-2.0-or-later
#include "auth.h"

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

/*
 * Slot 1..8 of the user named NAME, or 0.  Every slot's name is compared,
 * in constant time, so that how long the look-up takes does not tell
 * which names exist.  Call with the settings lock held.
 */
static int user_slot_locked(const char *name)
{
	char key[32];
	int slot = 0;

	for (int i = 1; i <= 8; i++) {
		const char *u;
		bool eq;

		snprintf(key, sizeof(key), "user%d_name", i);
		u = settings_str(key);
		eq = secret_equal(u, name);
		if (eq && u[0] && !slot)
			slot = i;
	}
	return slot;
}

int auth_account(const char *name)
{
	int slot;

	if (!name || !name[0])
		return 0;
	settings_lock();
	slot = user_slot_locked(name);
	settings_unlock();
	return slot;
}

int auth_check_user(const struct creds *c, char *name, size_t namecap)
{
	char key[32];
	int pri = -1, slot;
	bool eq;

	if (!c->present || !c->user[0])
		return -1;
	settings_lock();
	slot = user_slot_locked(c->user);
	/* an unknown name costs a password comparison too (against the
	 * first slot's, result ignored): no timing difference to probe */
	snprintf(key, sizeof(key), "user%d_pwd", slot ? slot : 1);
	eq = secret_equal(settings_str(key), c->pwd);
	if (slot && eq) {
		snprintf(key, sizeof(key), "user%d_pri", slot);
		pri = (int)settings_int(key);
		if (name) {
			snprintf(key, sizeof(key), "user%d_name", slot);
			str_copy(name, namecap, settings_str(key));
		}
	}
	settings_unlock();
	return pri;
}

int auth_failed_accounts(const struct creds *basic, const struct creds *query, int failed[2])
{
	int n = 0;

	if (basic->present && auth_check_user(basic, NULL, 0) >= 0)
		return 0;
	if (basic->present)
		failed[n++] = auth_account(basic->user);
	if (query->present && auth_check_user(query, NULL, 0) < 0)
		failed[n++] = auth_account(query->user);
	return n;
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

// SPDX-License-Identifier: GPL-2.0-or-later
#include "minisig.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

#define UNTRUSTED "untrusted comment: "
#define TRUSTED "trusted comment: "

/* The next line of [*P, END): its start and length; false when no '\n'. */
static bool next_line(const char **p, const char *end, const char **line, size_t *len)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));

	if (!nl)
		return false;
	*line = *p;
	*len = (size_t)(nl - *p);
	if (*len && nl[-1] == '\r')
		(*len)--;
	*p = nl + 1;
	return true;
}

static bool starts(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(line, prefix, n);
}

/* Exactly WANT bytes of base64 in LINE. */
static bool b64_exact(const char *line, size_t len, uint8_t *out, size_t want)
{
	size_t got = 0;
	const char *end = NULL;

	if (sodium_base642bin(out, want, line, len, NULL, &got, &end,
			      sodium_base64_VARIANT_ORIGINAL))
		return false;
	return got == want && end == line + len;
}

int minisig_key_parse(const char *text, size_t len, struct minisig_key *k)
{
	const char *p = text, *end = text + len, *line;
	uint8_t raw[2 + 8 + 32];
	size_t n;

	if (!next_line(&p, end, &line, &n) || !starts(line, n, UNTRUSTED))
		return -1;
	/* the key line may lack its newline at the end of the file */
	if (!next_line(&p, end, &line, &n)) {
		line = p;
		n = (size_t)(end - p);
	}
	if (!b64_exact(line, n, raw, sizeof(raw)) || memcmp(raw, "Ed", 2))
		return -1;
	memcpy(k->id, raw + 2, 8);
	memcpy(k->pk, raw + 10, 32);
	return 0;
}

static int key_file(int dfd, const char *name, struct minisig_key *k)
{
	char text[1024];
	ssize_t n;
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof(text));
	close(fd);
	if (n <= 0 || (size_t)n == sizeof(text))
		return -1;
	return minisig_key_parse(text, (size_t)n, k);
}

int minisig_keys_load(const char *dir, struct minisig_key *keys, int max)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while (n < max && (de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".pub"))
			continue;
		if (key_file(dirfd(d), de->d_name, &keys[n]))
			log_warn("%s/%s is not a minisign public key: not trusted", dir,
				 de->d_name);
		else
			n++;
	}
	closedir(d);
	return n;
}

long minisig_parse(const char *buf, size_t len, struct minisig *s)
{
	const char *p = buf, *end = buf + (len < MINISIG_MAX ? len : MINISIG_MAX);
	const char *line[4];
	size_t n[4];
	uint8_t raw[2 + 8 + 64];

	for (int i = 0; i < 4; i++)
		if (!next_line(&p, end, &line[i], &n[i]))
			return len < MINISIG_MAX ? 0 : -1;
	if (!starts(line[0], n[0], UNTRUSTED) || !starts(line[2], n[2], TRUSTED))
		return -1;
	if (!b64_exact(line[1], n[1], raw, sizeof(raw)) || memcmp(raw, "ED", 2))
		return -1;	/* "Ed" (whole-file) signatures are not taken */
	n[2] -= strlen(TRUSTED);
	if (n[2] > MINISIG_TRUSTED_MAX || memchr(line[2] + strlen(TRUSTED), '\0', n[2]))
		return -1;
	if (!b64_exact(line[3], n[3], s->global, sizeof(s->global)))
		return -1;
	memcpy(s->id, raw + 2, 8);
	memcpy(s->sig, raw + 10, 64);
	memcpy(s->trusted, line[2] + strlen(TRUSTED), n[2]);
	s->trusted[n[2]] = '\0';
	return (long)(p - buf);
}

enum minisig_result minisig_verify(const struct minisig *s, const uint8_t *hash,
				   const struct minisig_key *keys, int nkeys)
{
	const struct minisig_key *k = NULL;
	uint8_t global_msg[64 + MINISIG_TRUSTED_MAX];
	size_t tlen = strlen(s->trusted);

	for (int i = 0; i < nkeys && !k; i++)
		if (!memcmp(keys[i].id, s->id, sizeof(s->id)))
			k = &keys[i];
	if (!k)
		return MINISIG_UNKNOWN_KEY;
	if (crypto_sign_verify_detached(s->sig, hash, MINISIG_HASH_BYTES, k->pk))
		return MINISIG_BAD;
	/* the trusted comment is signed too: nobody changes what it says */
	memcpy(global_msg, s->sig, 64);
	memcpy(global_msg + 64, s->trusted, tlen);
	if (crypto_sign_verify_detached(s->global, global_msg, 64 + tlen, k->pk))
		return MINISIG_BAD;
	return MINISIG_OK;
}

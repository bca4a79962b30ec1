/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * minisign's public keys and signatures (https://jedisct1.github.io/minisign/),
 * checked with libsodium.  Only prehashed signatures ("ED": Ed25519 over
 * the BLAKE2b-512 of the file, minisign's default since 0.11) are taken:
 * the hash is computed as the upload streams in, so nothing is held whole
 * in memory.  The legacy "Ed" signature over the whole file is refused.
 *
 *   key:       "untrusted comment: ..."  base64("Ed" keyid[8] pk[32])
 *   signature: "untrusted comment: ..."  base64("ED" keyid[8] sig[64])
 *              "trusted comment: TEXT"   base64(Ed25519(sig[64] || TEXT))
 */
#ifndef IPCAMD_MINISIG_H
#define IPCAMD_MINISIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MINISIG_HASH_BYTES	64
/* the four lines of a signature, at most (minisign's own limit is 1 KiB
 * per comment) */
#define MINISIG_MAX		4096
#define MINISIG_TRUSTED_MAX	1024
#define MINISIG_MAX_KEYS	8

struct minisig_key {
	uint8_t id[8];
	uint8_t pk[32];
};

struct minisig {
	uint8_t id[8];
	uint8_t sig[64];
	char trusted[MINISIG_TRUSTED_MAX + 1];
	uint8_t global[64];
};

enum minisig_result {
	MINISIG_OK,
	MINISIG_MALFORMED,	/* not a minisign signature (or a legacy one) */
	MINISIG_UNKNOWN_KEY,	/* signed by a key not trusted here */
	MINISIG_BAD,		/* does not match the data, or its comment was changed */
};

/* Parse a public key file's text.  0, or -1 when it is not one. */
int minisig_key_parse(const char *text, size_t len, struct minisig_key *k);

/*
 * Read the *.pub files of DIR into KEYS (at most MINISIG_MAX_KEYS).  The
 * number read; a file that is not a key is skipped with a warning.
 */
int minisig_keys_load(const char *dir, struct minisig_key *keys, int max);

/*
 * The signature at the start of BUF: its length (the data follows), 0
 * when BUF does not hold all four lines yet (and LEN < MINISIG_MAX), -1
 * when it is not a prehashed minisign signature.
 */
long minisig_parse(const char *buf, size_t len, struct minisig *s);

/* Check S against the BLAKE2b-512 HASH of the data, with the trusted KEYS. */
enum minisig_result minisig_verify(const struct minisig *s, const uint8_t *hash,
				   const struct minisig_key *keys, int nkeys);

#endif

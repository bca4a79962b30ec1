// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Upgrade images: minisign signatures (vectors made by minisign 0.11:
 * public key and signatures only), manifests, versions, image paths.
 */
#include <sodium.h>
#include <stdio.h>

#include "image_manifest.h"
#include "minisig.h"
#include "util.h"
#include "unit.h"

static const char pubkey[] =
	"untrusted comment: minisign public key ED72475D4B33DE34\n"
	"RWQ03jNLXUdy7b18uBEilYGu9tF3Vsts/D0b9kmg/GvwwRce41PmEeYj\n";

/* minisign -S -t "ipcam unit test" of MESSAGE */
static const char sig[] =
	"untrusted comment: signature from minisign secret key\n"
	"RUQ03jNLXUdy7Y32/icVsTXtCw4GrYoDDBN5ttlhB2vjdTrSDAbvCx72PhO7fWZ6vRHc7JGuUQBpU8RnKJv5Rq64xh5hKSTSyg0=\n"
	"trusted comment: ipcam unit test\n"
	"YnGt96udlotD2kjL17sOLvdw449zb9GEtjohLbc5lKeKW/WsB352bw7w4BmJNmUXUY2mrsbS/ph4SZ4Sf+JsDQ==\n";

/* minisign -S -l (the legacy whole-file signature) of MESSAGE */
static const char legacy[] =
	"untrusted comment: signature from minisign secret key\n"
	"RWQ03jNLXUdy7fJSSRSy/G78dDsYZiFnpyP8hbCwuIeNwN0NB6Q5znmSNtv3PBIma2sJwaJfNTeT5H+hYc9xn1Yr4UvSmaN0UwA=\n"
	"trusted comment: legacy\n"
	"AthYFHHo7lCbK/NBcBodI3jonBBmMAkJHX3MYGnAMzVnXBODVZS4JLc2QhQhnMjbAyFpQg1oNIPC4jw7tzeICw==\n";

static const char message[] = "hello, camera\n";

static void hash(const char *m, uint8_t out[MINISIG_HASH_BYTES])
{
	crypto_generichash(out, MINISIG_HASH_BYTES, (const uint8_t *)m, strlen(m), NULL, 0);
}

START_TEST(signature_vectors)
{
	struct minisig_key k, other;
	struct minisig s;
	uint8_t h[MINISIG_HASH_BYTES];
	char buf[sizeof(sig) + 16];

	ck_assert_int_eq(sodium_init() >= 0, 1);
	ck_assert_int_eq(minisig_key_parse(pubkey, strlen(pubkey), &k), 0);
	ck_assert_int_eq(minisig_parse(sig, strlen(sig), &s), (long)strlen(sig));
	ck_assert_str_eq(s.trusted, "ipcam unit test");
	hash(message, h);
	ck_assert_int_eq(minisig_verify(&s, h, &k, 1), MINISIG_OK);
	/* another message */
	hash("hello, camera!\n", h);
	ck_assert_int_eq(minisig_verify(&s, h, &k, 1), MINISIG_BAD);
	/* another key */
	hash(message, h);
	other = k;
	other.id[0] ^= 1;
	ck_assert_int_eq(minisig_verify(&s, h, &other, 1), MINISIG_UNKNOWN_KEY);
	ck_assert_int_eq(minisig_verify(&s, h, &k, 0), MINISIG_UNKNOWN_KEY);
	/* the trusted comment is signed too */
	s.trusted[0] = 'I';
	ck_assert_int_eq(minisig_verify(&s, h, &k, 1), MINISIG_BAD);
	/* the legacy signature is refused */
	ck_assert_int_eq(minisig_parse(legacy, strlen(legacy), &s), -1);
	/* three lines: more to come; not a signature: -1 */
	ck_assert_int_eq(minisig_parse(sig, strlen(sig) - 10, &s), 0);
	ck_assert_int_eq(minisig_parse("PK\3\4 garbage\n\n\n\n", 17, &s), -1);
	snprintf(buf, sizeof(buf), "%s", sig);
	buf[60] = '*';		/* not base64 */
	ck_assert_int_eq(minisig_parse(buf, strlen(buf), &s), -1);
	ck_assert_int_eq(minisig_key_parse("untrusted comment: x\nRWQ=\n", 26, &k), -1);
}
END_TEST

#define GOOD "ipcam-image 1\nkind firmware\nversion 0.2.0.0\nptz-api 2\nv4l2-caps 0x04000001\n" \
	"file 0755 " "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" \
	" sbin/ipcamd\n"

START_TEST(manifests)
{
	static const char *const bad[] = {
		"",
		"ipcam-image 2\nkind webui\nversion 1\n",
		"ipcam-image 1\nversion 1\n",
		"ipcam-image 1\nkind webui\n",
		"ipcam-image 1\nkind other\nversion 1\n",
		"ipcam-image 1\nkind webui\nkind webui\nversion 1\n",
		"ipcam-image 1\nkind webui\nversion 1.2.3.4.5\n",
		"ipcam-image 1\nkind webui\nversion 1..2\n",
		"ipcam-image 1\nkind webui\nversion 1\nreboot now\n",
		"ipcam-image 1\nkind webui\nversion 1\nv4l2-caps 12\n",
		"ipcam-image 1\nkind webui\nversion 1\nfile 0644 00 a\n",
		"ipcam-image 1\nkind webui\nversion 1\nfile 0600 "
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef a\n",
		"ipcam-image 1\nkind webui\nversion 1\nfile 0644 "
		"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef a\n",
		"ipcam-image 1\nkind webui\nversion 1\nfile 0644 "
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef ../a\n",
		"ipcam-image 1\nkind webui\nversion 1\nfile 0644 "
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef MANIFEST\n",
		GOOD "file 0644 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		" sbin/ipcamd\n",
		"ipcam-image 1\nkind webui\nversion 1",		/* no last newline */
	};
	struct manifest m;
	const char *err;

	ck_assert_int_eq(manifest_parse(GOOD, strlen(GOOD), &m, &err), 0);
	ck_assert_int_eq(m.kind, IMAGE_FIRMWARE);
	ck_assert_str_eq(m.version, "0.2.0.0");
	ck_assert_uint_eq(m.ptz_api, 2);
	ck_assert_uint_eq(m.v4l2_caps, 0x04000001);
	ck_assert_uint_eq(m.nfiles, 1);
	ck_assert_uint_eq(m.files[0].mode, 0755);
	ck_assert_uint_eq(m.files[0].sha256[31], 0xef);
	ck_assert_ptr_nonnull(manifest_find(&m, "sbin/ipcamd"));
	ck_assert_ptr_null(manifest_find(&m, "sbin"));
	manifest_free(&m);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(manifest_parse(bad[i], strlen(bad[i]), &m, &err) == -1,
			      "accepted: %s", bad[i]);
		ck_assert_msg(!strncmp(err, "error: ", 7), "%s", err);
	}
}
END_TEST

START_TEST(versions_and_paths)
{
	struct fw_version a, b;

	ck_assert_int_eq(version_parse("0.2", &a), 0);
	ck_assert_int_eq(version_parse("0.2.0.0", &b), 0);
	ck_assert_int_eq(version_cmp(&a, &b), 0);
	ck_assert_int_eq(version_parse("0.10.0.0", &b), 0);
	ck_assert_int_eq(version_cmp(&a, &b), -1);
	ck_assert_int_eq(version_cmp(&b, &a), 1);
	ck_assert_int_eq(version_parse("1.2.3.4.5", &a), -1);
	ck_assert_int_eq(version_parse("1.", &a), -1);
	ck_assert_int_eq(version_parse("", &a), -1);
	ck_assert_int_eq(version_parse("1234567890", &a), -1);
	ck_assert_int_eq(version_parse("-1", &a), -1);

	ck_assert(image_path_ok("share/ipcamd/www/index.htm"));
	ck_assert(image_path_ok("a"));
	ck_assert(!image_path_ok(""));
	ck_assert(!image_path_ok("/etc/passwd"));
	ck_assert(!image_path_ok("a/../b"));
	ck_assert(!image_path_ok("./a"));
	ck_assert(!image_path_ok("a//b"));
	ck_assert(!image_path_ok("a/"));
	ck_assert(!image_path_ok("a b"));
	ck_assert(!image_path_ok("a\\b"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("upgrade");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, signature_vectors);
	tcase_add_test(tc, manifests);
	tcase_add_test(tc, versions_and_paths);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * An upgrade image's parts on any bytes; the first byte picks one:
 *   0: the minisign signature at its head.  Invariants: -1, or 0 only while
 *      fewer than four lines have come, or the length of exactly four
 *      lines; a parsed trusted comment fits and holds no NUL; with no
 *      trusted key nothing verifies.
 *   1: the manifest.  Invariants: -1 with an "error: ..." reason, or a
 *      kind, a version that parses and files whose paths stay in the slot,
 *      none twice; the same text parses the same way twice.
 *   2: the payload, unpacked into an empty slot when its manifest parses.
 *      Invariants: only what the manifest names is in the slot afterwards,
 *      and nothing of a refused payload's files is trusted.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "image_manifest.h"
#include "image_unpack.h"
#include "minisig.h"
#include "slots.h"

static char slot_dir[64];

void fuzz_setup(void)
{
	if (sodium_init() < 0)
		abort();
	strcpy(slot_dir, "/tmp/fuzz-image-XXXXXX");
	if (!mkdtemp(slot_dir))
		abort();
}

static void signature(const char *d, size_t n)
{
	struct minisig s;
	uint8_t h[MINISIG_HASH_BYTES] = { 0 };
	long r = minisig_parse(d, n, &s);
	size_t lines = 0;

	for (size_t i = 0; i < n && i < MINISIG_MAX; i++)
		lines += d[i] == '\n';
	FUZZ_ASSERT(r >= -1);
	if (r == 0)
		FUZZ_ASSERT(lines < 4 && n < MINISIG_MAX);
	if (r > 0) {
		lines = 0;
		for (long i = 0; i < r; i++)
			lines += d[i] == '\n';
		FUZZ_ASSERT(lines == 4 && d[r - 1] == '\n');
		FUZZ_ASSERT(strlen(s.trusted) <= MINISIG_TRUSTED_MAX);
		FUZZ_ASSERT(minisig_verify(&s, h, NULL, 0) == MINISIG_UNKNOWN_KEY);
	}
}

static void manifest(const char *d, size_t n)
{
	struct manifest m, again;
	struct fw_version v;
	const char *err;
	int r = manifest_parse(d, n, &m, &err);

	FUZZ_ASSERT(r == 0 || r == -1);
	FUZZ_ASSERT(manifest_parse(d, n, &again, &err) == r);
	if (r) {
		FUZZ_ASSERT(!strncmp(err, "error: ", 7));
		return;
	}
	FUZZ_ASSERT(m.kind == IMAGE_FIRMWARE || m.kind == IMAGE_WEBUI);
	FUZZ_ASSERT(!version_parse(m.version, &v));
	FUZZ_ASSERT(m.nfiles == again.nfiles && m.nfiles <= MANIFEST_MAX_FILES);
	for (size_t i = 0; i < m.nfiles; i++) {
		FUZZ_ASSERT(image_path_ok(m.files[i].path));
		FUZZ_ASSERT(strcmp(m.files[i].path, MANIFEST_NAME));
		FUZZ_ASSERT(manifest_find(&m, m.files[i].path) == &m.files[i]);
	}
	manifest_free(&m);
	manifest_free(&again);
}

/* Every regular file under DFD/REL is named by M (or is the MANIFEST). */
static void only_named(int dfd, const char *rel, const struct manifest *m)
{
	DIR *d = fdopendir(dfd);
	struct dirent *de;

	FUZZ_ASSERT(d);
	while ((de = readdir(d))) {
		char path[IMAGE_PATH_MAX * 2];
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
		FUZZ_ASSERT(!fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW));
		FUZZ_ASSERT(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode));
		if (S_ISDIR(st.st_mode))
			only_named(openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY), path, m);
		else
			FUZZ_ASSERT(!strcmp(path, MANIFEST_NAME) || manifest_find(m, path));
	}
	closedir(d);
}

static void payload(const uint8_t *d, size_t n)
{
	char path[64];
	struct image_reader *r;
	struct manifest m;
	const char *err;
	int fd = fuzz_file(d, n, path, sizeof(path)), sfd;

	if (fd < 0)
		return;
	if (!image_open(fd, 0, &r, &m, &err)) {
		sfd = slots_clear(slot_dir, SLOT_STAGING);
		FUZZ_ASSERT(sfd >= 0);
		if (!image_unpack(r, &m, sfd, 1 << 20, NULL, NULL, &err))
			FUZZ_ASSERT(!image_verify_tree(sfd, &m, &err));
		else
			FUZZ_ASSERT(!strncmp(err, "error: ", 7));
		only_named(dup(sfd), "", &m);
		close(sfd);
		FUZZ_ASSERT(!slots_remove(slot_dir, SLOT_STAGING));
		image_close(r);
		manifest_free(&m);
	} else {
		FUZZ_ASSERT(!strncmp(err, "error: ", 7));
	}
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0:
		signature((const char *)data + 1, size - 1);
		break;
	case 1:
		manifest((const char *)data + 1, size - 1);
		break;
	default:
		payload(data + 1, size - 1);
		break;
	}
	return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helpers shared by the libipcam unit tests (Check). */
#ifndef IPCAM_UNIT_H
#define IPCAM_UNIT_H

#include <check.h>
#include <ftw.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * main() of a test program: run the suite with the verbosity taken from
 * CK_VERBOSITY, exit non-zero if anything failed.
 */
#define UNIT_MAIN(make_suite)						\
	int main(void)							\
	{								\
		SRunner *sr = srunner_create(make_suite());		\
		int failed;						\
									\
		srunner_run_all(sr, CK_ENV);				\
		failed = srunner_ntests_failed(sr);			\
		srunner_free(sr);					\
		return failed ? EXIT_FAILURE : EXIT_SUCCESS;		\
	}

/*
 * PSNR in dB between two 8-bit planes of @w x @h samples with their own
 * strides; INFINITY when they are identical.
 */
static inline double unit_psnr(const uint8_t *a, size_t astride,
			       const uint8_t *b, size_t bstride,
			       unsigned int w, unsigned int h)
{
	double se = 0.0, mse;
	unsigned int x, y;

	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			double d = (double)a[y * astride + x] - b[y * bstride + x];

			se += d * d;
		}
	}
	mse = se / ((double)w * h);
	return mse == 0.0 ? (double)INFINITY : 10.0 * log10(255.0 * 255.0 / mse);
}

/* A fresh directory under $TMPDIR (or /tmp), its path in @buf. */
static inline void unit_mkdtemp(char *buf, size_t size)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(buf, size, "%s/ipcam-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(buf));
}

static inline int unit_rm_one(const char *path, const struct stat *st,
			      int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static inline void unit_rmtree(const char *dir)
{
	nftw(dir, unit_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void unit_write_file(const char *dir, const char *name,
				   const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "cannot create %s", path);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* The whole file as a string (at most @size - 1 bytes). */
static inline void unit_read_file(const char *dir, const char *name,
				  char *buf, size_t size)
{
	char path[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

#endif /* IPCAM_UNIT_H */

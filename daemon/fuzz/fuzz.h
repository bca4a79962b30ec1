/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the libFuzzer harnesses of daemon/fuzz/: each harness feeds one
 * parser of outside input and checks the parser's invariants, not only
 * that it returns.  An invariant that does not hold aborts (a crash for
 * libFuzzer, which saves the input).
 */
#ifndef IPCAMD_FUZZ_H
#define IPCAMD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Once before the first input, logs silenced (fuzz_common.c); optional. */
void fuzz_setup(void);

#define FUZZ_ASSERT(cond)                                                       \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",        \
				__FILE__, __LINE__, #cond);                     \
			abort();                                                \
		}                                                               \
	} while (0)

/*
 * A file holding DATA[0..SIZE), for the readers that take a path: a
 * memfd, named by its /proc/self/fd path in PATH.  Returns the fd (close
 * it after) or -1.
 */
int fuzz_file(const uint8_t *data, size_t size, char *path, size_t cap);

#endif

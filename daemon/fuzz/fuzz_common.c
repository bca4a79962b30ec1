// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "log.h"

/* A harness with nothing to set up does without. */
__attribute__((weak)) void fuzz_setup(void)
{
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* the readers log every refusal, thousands of times a second */
	log_set_level(LOG_LVL_NONE);
	fuzz_setup();
	return 0;
}

int fuzz_file(const uint8_t *data, size_t size, char *path, size_t cap)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, cap, "/proc/self/fd/%d", fd);
	return fd;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The configuration file reader on any bytes.  Invariants: a file it
 * refuses comes with a message; a file it takes leaves every bounded key
 * within its bounds.
 */
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	char path[64], err[512] = "";
	int fd = fuzz_file(data, size, path, sizeof(path));

	if (fd < 0)
		return 0;
	config_defaults(&c);
	if (config_load(&c, path, err, sizeof(err))) {
		FUZZ_ASSERT(err[0]);
	} else {
		config_finish(&c);
		FUZZ_ASSERT(c.port >= 1 && c.port <= 65535);
		FUZZ_ASSERT(c.conn_limit >= 1 && c.conn_per_ip >= 1);
		FUZZ_ASSERT(c.conn_timeout >= 1 && c.request_timeout >= 1);
		FUZZ_ASSERT(c.conn_memory >= 4096);
		FUZZ_ASSERT(c.max_viewers >= 1 && c.max_viewers_per_ip >= 1 &&
			    c.max_viewers_per_ip <= c.max_viewers);
		FUZZ_ASSERT(c.login_fail_limit >= 1 && c.login_lockout >= 0);
		FUZZ_ASSERT(c.settings_file && c.settings_file[0]);
		FUZZ_ASSERT(c.password_file && c.password_file[0]);
	}
	config_free(&c);
	close(fd);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include "netop_run.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* The first executable SEARCH-directory/NAME, into PATH.  0 or -1. */
static int find_program(const char *name, const char *search, char *path, size_t cap)
{
	const char *dir = search, *colon;

	if (strchr(name, '/'))
		return -1;
	for (; *dir; dir = colon + 1) {
		size_t len;

		colon = strchr(dir, ':');
		len = colon ? (size_t)(colon - dir) : strlen(dir);
		if (len && (size_t)snprintf(path, cap, "%.*s/%s", (int)len, dir, name) < cap &&
		    access(path, X_OK) == 0)
			return 0;
		if (!colon)
			break;
	}
	return -1;
}

static void describe(char *err, size_t errcap, const char *const *argv, const char *what)
{
	size_t n = 0;

	err[0] = '\0';
	for (size_t i = 0; argv[i] && n < errcap; i++)
		n += (size_t)snprintf(err + n, errcap - n, "%s%s", i ? " " : "", argv[i]);
	if (n < errcap)
		snprintf(err + n, errcap - n, ": %s", what);
}

/* Wait for PID up to NETOP_RUN_TIMEOUT seconds, then kill it. */
static int wait_bounded(pid_t pid, int *status)
{
	double deadline = mono_now() + NETOP_RUN_TIMEOUT;
	const struct timespec tick = { 0, 20 * 1000 * 1000 };
	bool killed = false;

	for (;;) {
		pid_t r = waitpid(pid, status, killed ? 0 : WNOHANG);

		if (r == pid)
			return killed ? -1 : 0;
		if (r < 0 && errno != EINTR)
			return -1;
		if (!killed && mono_now() > deadline) {
			kill(pid, SIGKILL);
			killed = true;
		} else if (!killed) {
			nanosleep(&tick, NULL);
		}
	}
}

int netop_run(const char *const *argv, const char *search, char *err, size_t errcap)
{
	static char *const envp[] = { "PATH=" NETOP_PATH, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	char prog[256];
	int rc, status = 0;
	pid_t pid;

	if (find_program(argv[0], search, prog, sizeof(prog))) {
		describe(err, errcap, argv, "program not found");
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 2, 1);
	posix_spawnattr_init(&attr);
	/* a clean slate: no blocked or ignored signal of ours carries over */
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawn(&pid, prog, &fa, &attr, (char *const *)argv, envp);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		describe(err, errcap, argv, strerror(rc));
		return -1;
	}
	if (wait_bounded(pid, &status)) {
		describe(err, errcap, argv, "did not finish in time");
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status)) {
		char what[32];

		snprintf(what, sizeof(what), "exit status %d", WEXITSTATUS(status));
		describe(err, errcap, argv, what);
	} else {
		describe(err, errcap, argv, "killed by a signal");
	}
	return -1;
}

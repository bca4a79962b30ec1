/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The programs that make ipcamd-apply's files take effect (networkctl,
 * systemctl): posix_spawn of a fixed argument vector, never a shell, with
 * PATH as the whole environment, stdin on /dev/null and stdout on stderr
 * (in --serve mode stdout is the client's socket: a program's chatter
 * must not become the answer).
 */
#ifndef IPCAMD_NETOP_RUN_H
#define IPCAMD_NETOP_RUN_H

#include <stddef.h>

/* Where programs are looked up, and the PATH they are given. */
#define NETOP_PATH "/usr/sbin:/usr/bin:/sbin:/bin"
/* A program still running after this many seconds is killed. */
#define NETOP_RUN_TIMEOUT 120

/*
 * Run ARGV (NULL-terminated; argv[0] a bare name found in the directories
 * of SEARCH, e.g. NETOP_PATH) and wait for it.  0 when it exited with
 * status 0; else -1 with a message in ERR.
 */
int netop_run(const char *const *argv, const char *search, char *err, size_t errcap);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The operator's program that applies network, Wi-Fi and PPPoE settings
 * (and reboots the board for reboot_action = apply: ipcamd-apply, which
 * the systemd install uses, does both as root for the unprivileged daemon).
 * It is run with execve (never a shell), a fixed argument vector
 * (PROGRAM network|wifi|pppoe|reboot) and the values in its environment
 * (IPCAM_<SETTING>=value, e.g. IPCAM_IP, IPCAM_WIFI_SSID); nothing else of
 * the daemon's environment is passed but a fixed PATH.  Without a program
 * the settings are only stored and reported.
 */
#ifndef IPCAMD_APPLY_H
#define IPCAMD_APPLY_H

#include <stddef.h>

enum apply_kind { APPLY_NETWORK, APPLY_WIFI, APPLY_PPPOE, APPLY_REBOOT };

/* Start the program for KIND (asynchronously); logs the outcome. */
void apply_run(enum apply_kind kind);
/* Reap every finished child (on SIGCHLD): apply and reboot programs. */
void apply_reap(void);

/* Build the environment for KIND (exposed for the unit tests): a NULL-
 * terminated array the caller frees with apply_free_env(). */
char **apply_build_env(enum apply_kind kind);
void apply_free_env(char **env);

#endif

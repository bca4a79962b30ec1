/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The two ends of ipcamd-apply's socket.  ipcamd's unprivileged instance
 * connects and sends one request (netop_request.h's wire text); the root
 * instance, started by systemd for the connection (Accept=yes), reads it
 * within bounds and answers one line, "ok" or "error: MESSAGE".
 */
#ifndef IPCAMD_NETOP_SOCKET_H
#define IPCAMD_NETOP_SOCKET_H

#include <stddef.h>
#include <sys/types.h>

#define NETOP_SOCKET_DEFAULT "/run/ipcamd-apply.sock"
/* A request must arrive whole within this (a stalled client holds a root
 * process no longer). */
#define NETOP_READ_TIMEOUT_MS 5000
/* The client's patience: the root side may run two programs of
 * NETOP_RUN_TIMEOUT each. */
#define NETOP_ANSWER_TIMEOUT_MS 300000

/*
 * Send TEXT[0..LEN) to the socket at PATH and wait for the answer.  0 when
 * it is "ok"; else -1 with the answer's message, or what went wrong, in ERR.
 */
int netop_client_send(const char *path, const char *text, size_t len, char *err, size_t errcap);

/*
 * Read one request from FD into BUF (CAP bytes, at least NETOP_REQUEST_MAX):
 * up to its terminating empty line, within TIMEOUT_MS.  The length read,
 * or -1 with ERR (too large, timed out, cut short).
 */
ssize_t netop_read_request(int fd, char *buf, size_t cap, int timeout_ms, char *err,
			   size_t errcap);

/* Answer on FD: "ok" when MSG is NULL, else "error: MSG".  0 or -errno. */
int netop_answer(int fd, const char *msg);

#endif

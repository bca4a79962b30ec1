/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Uploads to the set_ftp.cgi server (libcurl's FTP): active (PORT,
 * ftp_mode 0) or passive (PASV, 1) data connections, ftp_dir created when
 * it is missing, and the names of the periodic and alarm uploads.
 *
 * File names (cgi-protocol.md leaves the firmware's format open; README
 * "Notifications" documents this one).  BASE is ftp_filename, or the
 * device id when it is empty, reduced to letters, digits, '-', '_', '.':
 *   periodic, ftp_numberoffiles 0:  BASE_YYYYMMDD_hhmmss.jpg (every upload
 *                                   a new file)
 *   periodic, ftp_numberoffiles 1:  BASE.jpg (the same file, replaced)
 *   periodic, ftp_numberoffiles N:  BASE_0.jpg .. BASE_{N-1}.jpg in turn
 *   alarm:                          BASE_alarm_YYYYMMDD_hhmmss_K.jpg, K the
 *                                   upload's number in the alarm (from 1)
 *   test_ftp.cgi:                   BASE_test.txt
 * Times are the camera's local time (the tz setting).
 */
#ifndef IPCAMD_NOTIFY_FTP_H
#define IPCAMD_NOTIFY_FTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "notify_curl.h"
#include "notify_queue.h"

#define FTP_NAME_MAX 96

struct frame;

/* Whether the settings name a server. */
bool ftp_configured(void);

/* BASE of the names: FILENAME (ftp_filename) or DEVICE_ID, made safe. */
void ftp_name_base(char *out, size_t cap, const char *filename, const char *device_id);
/* The name of periodic upload number SEQ (counted from 0 since the start). */
void ftp_periodic_name(char *out, size_t cap, const char *base, long nfiles, unsigned long seq,
		       const struct tm *tm);
/* The name of upload K (from 1) of an alarm that began at TM. */
void ftp_alarm_name(char *out, size_t cap, const char *base, const struct tm *tm, unsigned int k);

/*
 * A job that uploads frame F (a reference it takes over) or, when F is
 * NULL, DATA[0..LEN) (copied) as NAME with the FTP settings of the moment.
 */
struct notify_job *ftp_job_new(const char *name, struct frame *f, const void *data, size_t len,
			       const struct notify_net *net);

#endif

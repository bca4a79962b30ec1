/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The serial ports of comm_write.cgi (ports 0..3, configured device paths)
 * and set_decoder.cgi (port 0, the PTZ decoder): raw 8N1 at the SDK's baud
 * codes, through termios.
 */
#ifndef IPCAMD_SERIAL_H
#define IPCAMD_SERIAL_H

#include <stddef.h>

/* -ENODEV when PORT has no device configured. */
int serial_write(int port, long baud_code, const void *data, size_t len);
/* Apply decoder_baud to port 0 (if configured).  0 or -errno. */
int serial_apply_decoder(void);
/* True when PORT has a device configured. */
int serial_configured(int port);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCAMD_VERSION_H
#define IPCAMD_VERSION_H

#define IPCAMD_VERSION "0.1.0"
/* get_status.cgi sys_ver / app_ver (four dotted numbers, as real firmware) */
#define IPCAMD_SYS_VER "0.1.0.0"
#define IPCAMD_APP_VER "0.1.0.0"

#endif

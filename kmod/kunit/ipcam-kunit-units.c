// SPDX-License-Identifier: GPL-2.0-only
/*
 * The units of ipcam.ko that the KUnit suites test, compiled into the test
 * module from the driver's own source files: same code, no exports needed.
 */
#include <linux/module.h>

#include "../ipcam-ramp.c"
#include "../ipcam-geometry.c"
#include "../ipcam-render.c"
#include "../ipcam-motion.c"
#include "../ipcam-activity.c"
#include "../ipcam-sound.c"

MODULE_DESCRIPTION("KUnit suites of the ipcam camera driver");
MODULE_LICENSE("GPL");

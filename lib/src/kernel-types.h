/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel's integer types, for the one kernel source file libipcam
 * compiles as is: the sensor driver's motion detector (kmod/ipcam-motion.c),
 * so that the software detector is the driver's own code.  Forced in with
 * -include before that file's <linux/types.h>.
 */
#ifndef IPCAM_KERNEL_TYPES_H
#define IPCAM_KERNEL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;

#endif

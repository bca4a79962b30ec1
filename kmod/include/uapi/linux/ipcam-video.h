/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * ipcam capture node: what it adds to the standard V4L2 interface.
 *
 * Motion detection uses the standard Detect class:
 *   V4L2_CID_DETECT_MD_MODE		disabled, global, threshold grid
 *   V4L2_CID_DETECT_MD_GLOBAL_THRESHOLD	1..254: the change of a cell's
 *					mean luma (in luma codes) that is motion
 *   V4L2_CID_DETECT_MD_THRESHOLD_GRID	16 x 12 cells (dims[0] columns,
 *					dims[1] rows), each 1..255; 255
 *					excludes the cell
 *   V4L2_EVENT_MOTION_DET		sent when the moving regions change
 *					(0 when motion ends), with the frame
 *					sequence; region bit = (row / 3) * 8 +
 *					column / 2 of the cell grid
 * and one control of its own in that class.
 */
#ifndef _UAPI_LINUX_IPCAM_VIDEO_H
#define _UAPI_LINUX_IPCAM_VIDEO_H

#include <linux/v4l2-controls.h>

/*
 * Take the whole picture's change of brightness out before judging cells
 * (the firmware's "motion compensation"): a car is still seen while the
 * lights change.  Without it such a frame is only a lighting change.
 */
#define V4L2_CID_IPCAM_MD_COMPENSATION	(V4L2_CID_DETECT_CLASS_BASE + 0x1000)

#endif /* _UAPI_LINUX_IPCAM_VIDEO_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Building camera identities from udev devices: discover.c and hotplug.c. */
#ifndef IPCAM_UDEV_CAMERA_H
#define IPCAM_UDEV_CAMERA_H

#include <libudev.h>
#include <sys/types.h>

#include "internal.h"

/*
 * Fill @cam from a video4linux device: sysfs identity, VIDIOC_QUERYCAP and
 * the PTZ and sound card siblings.  -EOPNOTSUPP when the node is not a streaming capture
 * device (a metadata or output node), other errors when it cannot be
 * probed.  *@devnum gets the node's device number.
 */
int ipcam_camera_from_udev(struct udev *udev, struct udev_device *video,
			   struct ipcam_camera_info *cam, dev_t *devnum);

/* Look for a misc device named ptz* directly under @cam's parent. */
void ipcam_camera_find_ptz(struct udev *udev, struct ipcam_camera_info *cam);

/* Is @dev (a misc device) a PTZ node? */
int ipcam_is_ptz_device(struct udev_device *dev);

/*
 * Look for a sound card (cardN) directly under @cam's parent, with its
 * control device registered (then alsa-lib can open it): its "id"
 * attribute and syspath, or "" and "".
 */
void ipcam_camera_find_sound(struct udev *udev, struct ipcam_camera_info *cam);

/* Is @dev (a sound device) a card's control device (controlCN)? */
int ipcam_is_sound_control(struct udev_device *dev);

/* Every camera present now, sorted by device number; free() the list. */
int ipcam_camera_scan(struct ipcam_camera_info **list, size_t *count);

/* Copy a string into a fixed-size field, truncating; NULL copies "". */
void ipcam_copy_str(char *dst, size_t size, const char *src);

#endif /* IPCAM_UDEV_CAMERA_H */

// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The input rules of linux/ipcam-ptz.h, checked in user space before each
 * ioctl: the kernel checks them too, but a caller gets a message naming the
 * field instead of a bare EINVAL, and a struct with stale bytes in its
 * reserved fields never reaches the kernel (where a future version of the
 * interface could give them a meaning).
 */
#include <errno.h>

#include "internal.h"

static int reserved_zero(const uint32_t *reserved, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (reserved[i])
			return -EINVAL;
	return 0;
}

int ipcam_ptz_check_axis_mask(uint32_t axis_mask)
{
	if (!axis_mask || (axis_mask & ~(uint32_t)IPCAM_PTZ_ALL_AXES))
		return -EINVAL;
	return 0;
}

int ipcam_ptz_check_move(const struct ipcam_ptz_move *move)
{
	unsigned int axis;

	if (reserved_zero(move->reserved, ARRAY_SIZE(move->reserved)))
		return -EINVAL;
	if (ipcam_ptz_check_axis_mask(move->axis_mask))
		return -EINVAL;
	switch (move->mode) {
	case IPCAM_PTZ_MOVE_CONTINUOUS:
		for (axis = 0; axis < IPCAM_PTZ_NUM_AXES; axis++) {
			if (!(move->axis_mask & (1U << axis)))
				continue;
			if (move->value[axis] < -1 || move->value[axis] > 1)
				return -EINVAL;
		}
		return 0;
	case IPCAM_PTZ_MOVE_RELATIVE:
	case IPCAM_PTZ_MOVE_ABSOLUTE:
		return 0;
	}
	return -EINVAL;
}

int ipcam_ptz_check_patrol(const struct ipcam_ptz_patrol *patrol)
{
	if (reserved_zero(patrol->reserved, ARRAY_SIZE(patrol->reserved)))
		return -EINVAL;
	return ipcam_ptz_check_axis_mask(patrol->axis_mask);
}

int ipcam_ptz_check_preset(const struct ipcam_ptz_preset *preset)
{
	if (reserved_zero(preset->reserved, ARRAY_SIZE(preset->reserved)))
		return -EINVAL;
	if (preset->op > IPCAM_PTZ_PRESET_CLEAR)
		return -EINVAL;
	if (preset->index >= IPCAM_PTZ_NUM_PRESETS)
		return -EINVAL;
	return 0;
}

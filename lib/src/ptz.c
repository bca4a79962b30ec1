// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * /dev/ptzN: open, the ioctls of linux/ipcam-ptz.h and the event queue.
 * Every request struct is built zeroed, checked (ptz-check.c) and only then
 * handed to the kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ptz-priv.h"

static int ptz_new(struct ipcam_ptz **out)
{
	struct ipcam_ptz *ptz = calloc(1, sizeof(*ptz));

	if (!ptz)
		return -ENOMEM;
	ptz->fd = -1;
	*out = ptz;
	return 0;
}

/* Open the node; when @sysfs_dir is NULL, find its directory from its dev_t. */
static int ptz_open_node(struct ipcam_ptz *ptz, const char *path,
			 const char *sysfs_dir)
{
	struct ipcam_ptz_info info;
	char link[64];
	struct stat st;

	ptz->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (ptz->fd < 0)
		return ipcam_fail(ptz->err, ipcam_neg_errno(), "open %s", path);
	if (fstat(ptz->fd, &st) < 0)
		return ipcam_fail(ptz->err, ipcam_neg_errno(), "fstat %s", path);
	if (!S_ISCHR(st.st_mode))
		return ipcam_fail(ptz->err, -ENOTTY, "%s is not a character device",
				  path);
	if (!sysfs_dir) {
		snprintf(link, sizeof(link), "/sys/dev/char/%u:%u",
			 major(st.st_rdev), minor(st.st_rdev));
		if (!realpath(link, ptz->sysfs))
			return ipcam_fail(ptz->err, ipcam_neg_errno(),
					  "sysfs directory of %s (%s)", path, link);
	}
	/* INFO tells an ipcam PTZ node from any other character device. */
	return ipcam_ptz_get_info(ptz, &info);
}

int ipcam_ptz_open_sysfs(struct ipcam_ptz **out, const char *path,
			 const char *sysfs_dir)
{
	struct ipcam_ptz *ptz;
	int err;

	*out = NULL;
	if (!path && !sysfs_dir)
		return -EINVAL;
	err = ptz_new(&ptz);
	if (err)
		return err;
	if (sysfs_dir &&
	    snprintf(ptz->sysfs, sizeof(ptz->sysfs), "%s", sysfs_dir) >=
	    (int)sizeof(ptz->sysfs)) {
		free(ptz);
		return -ENAMETOOLONG;
	}
	if (path) {
		err = ptz_open_node(ptz, path, sysfs_dir);
		if (err) {
			ipcam_ptz_close(ptz);
			return err;
		}
	}
	*out = ptz;
	return 0;
}

int ipcam_ptz_open(struct ipcam_ptz **ptz, const char *path)
{
	if (!path)
		return -EINVAL;
	return ipcam_ptz_open_sysfs(ptz, path, NULL);
}

void ipcam_ptz_close(struct ipcam_ptz *ptz)
{
	if (!ptz)
		return;
	if (ptz->fd >= 0)
		close(ptz->fd);
	free(ptz);
}

int ipcam_ptz_fd(const struct ipcam_ptz *ptz)
{
	return ptz->fd >= 0 ? ptz->fd : -EBADF;
}

const char *ipcam_ptz_last_error(const struct ipcam_ptz *ptz)
{
	return ptz->err;
}

static int ptz_ioctl(struct ipcam_ptz *ptz, unsigned long req, void *arg,
		     const char *what)
{
	int err;

	if (ptz->fd < 0)
		return ipcam_fail(ptz->err, -EBADF, "%s: no PTZ node open", what);
	if (ptz->gone)
		return ipcam_fail(ptz->err, -ENODEV, "%s", what);
	while (ioctl(ptz->fd, req, arg) < 0) {
		if (errno == EINTR)
			continue;
		err = ipcam_neg_errno();
		if (err == -ENODEV)
			ptz->gone = 1;
		return ipcam_fail(ptz->err, err, "%s", what);
	}
	return 0;
}

int ipcam_ptz_get_info(struct ipcam_ptz *ptz, struct ipcam_ptz_info *info)
{
	memset(info, 0, sizeof(*info));
	return ptz_ioctl(ptz, IPCAM_PTZ_IOC_INFO, info, "IPCAM_PTZ_IOC_INFO");
}

int ipcam_ptz_get_status(struct ipcam_ptz *ptz, struct ipcam_ptz_status *status)
{
	memset(status, 0, sizeof(*status));
	return ptz_ioctl(ptz, IPCAM_PTZ_IOC_STATUS, status,
			 "IPCAM_PTZ_IOC_STATUS");
}

int ipcam_ptz_send_move(struct ipcam_ptz *ptz, const struct ipcam_ptz_move *move)
{
	/* The kernel takes a pointer to non-const; never let it write ours. */
	struct ipcam_ptz_move copy = *move;

	if (ipcam_ptz_check_move(&copy))
		return ipcam_fail(ptz->err, -EINVAL,
				  "move: mode %u, axes 0x%x, values %d/%d: bad mode, axis mask, direction or non-zero reserved field",
				  copy.mode, copy.axis_mask, copy.value[0],
				  copy.value[1]);
	return ptz_ioctl(ptz, IPCAM_PTZ_IOC_MOVE, &copy, "IPCAM_PTZ_IOC_MOVE");
}

static int ptz_move(struct ipcam_ptz *ptz, uint32_t mode, uint32_t axis_mask,
		    int32_t pan, int32_t tilt, uint32_t rate)
{
	struct ipcam_ptz_move move = {
		.mode = mode,
		.axis_mask = axis_mask,
		.value = { [IPCAM_PTZ_AXIS_PAN] = pan, [IPCAM_PTZ_AXIS_TILT] = tilt },
		.rate = rate,
	};

	return ipcam_ptz_send_move(ptz, &move);
}

int ipcam_ptz_move_continuous(struct ipcam_ptz *ptz, uint32_t axis_mask,
			      int pan, int tilt, uint32_t rate)
{
	return ptz_move(ptz, IPCAM_PTZ_MOVE_CONTINUOUS, axis_mask, pan, tilt, rate);
}

int ipcam_ptz_move_relative(struct ipcam_ptz *ptz, uint32_t axis_mask,
			    int32_t pan, int32_t tilt, uint32_t rate)
{
	return ptz_move(ptz, IPCAM_PTZ_MOVE_RELATIVE, axis_mask, pan, tilt, rate);
}

int ipcam_ptz_move_absolute(struct ipcam_ptz *ptz, uint32_t axis_mask,
			    int32_t pan, int32_t tilt, uint32_t rate)
{
	return ptz_move(ptz, IPCAM_PTZ_MOVE_ABSOLUTE, axis_mask, pan, tilt, rate);
}

int ipcam_ptz_stop(struct ipcam_ptz *ptz, uint32_t axis_mask)
{
	__u32 mask = axis_mask;

	if (ipcam_ptz_check_axis_mask(mask))
		return ipcam_fail(ptz->err, -EINVAL, "stop: axis mask 0x%x", mask);
	return ptz_ioctl(ptz, IPCAM_PTZ_IOC_STOP, &mask, "IPCAM_PTZ_IOC_STOP");
}

int ipcam_ptz_center(struct ipcam_ptz *ptz)
{
	return ptz_ioctl(ptz, IPCAM_PTZ_IOC_CENTER, NULL, "IPCAM_PTZ_IOC_CENTER");
}

int ipcam_ptz_patrol(struct ipcam_ptz *ptz, uint32_t axis_mask, uint32_t rounds)
{
	struct ipcam_ptz_patrol patrol = {
		.axis_mask = axis_mask,
		.rounds = rounds,
	};

	if (ipcam_ptz_check_patrol(&patrol))
		return ipcam_fail(ptz->err, -EINVAL, "patrol: axis mask 0x%x",
				  axis_mask);
	return ptz_ioctl(ptz, IPCAM_PTZ_IOC_PATROL, &patrol,
			 "IPCAM_PTZ_IOC_PATROL");
}

static int ptz_preset(struct ipcam_ptz *ptz, uint32_t op, unsigned int index)
{
	struct ipcam_ptz_preset preset = {
		.op = op,
		.index = index,
	};

	if (ipcam_ptz_check_preset(&preset))
		return ipcam_fail(ptz->err, -EINVAL,
				  "preset %u: index must be below %u", index,
				  IPCAM_PTZ_NUM_PRESETS);
	return ptz_ioctl(ptz, IPCAM_PTZ_IOC_PRESET, &preset,
			 "IPCAM_PTZ_IOC_PRESET");
}

int ipcam_ptz_preset_set(struct ipcam_ptz *ptz, unsigned int index)
{
	return ptz_preset(ptz, IPCAM_PTZ_PRESET_SET, index);
}

int ipcam_ptz_preset_goto(struct ipcam_ptz *ptz, unsigned int index)
{
	return ptz_preset(ptz, IPCAM_PTZ_PRESET_GOTO, index);
}

int ipcam_ptz_preset_clear(struct ipcam_ptz *ptz, unsigned int index)
{
	return ptz_preset(ptz, IPCAM_PTZ_PRESET_CLEAR, index);
}

int ipcam_ptz_preset_get(struct ipcam_ptz *ptz, unsigned int index, int32_t *pan,
			 int32_t *tilt)
{
	struct ipcam_ptz_preset_pos pp = { .index = index };
	int rc;

	if (index >= IPCAM_PTZ_NUM_PRESETS)
		return ipcam_fail(ptz->err, -EINVAL, "preset %u: index must be below %u",
				  index, IPCAM_PTZ_NUM_PRESETS);
	rc = ptz_ioctl(ptz, IPCAM_PTZ_IOC_G_PRESET, &pp, "IPCAM_PTZ_IOC_G_PRESET");
	if (rc)
		return rc;
	if (!(pp.flags & IPCAM_PTZ_PRESET_STORED))
		return ipcam_fail(ptz->err, -ENOENT, "preset %u is not stored", index);
	*pan = pp.pos[IPCAM_PTZ_AXIS_PAN];
	*tilt = pp.pos[IPCAM_PTZ_AXIS_TILT];
	return 0;
}

int ipcam_ptz_preset_restore(struct ipcam_ptz *ptz, unsigned int index, int stored,
			     int32_t pan, int32_t tilt)
{
	struct ipcam_ptz_preset_pos pp = { .index = index };

	if (stored) {
		pp.flags = IPCAM_PTZ_PRESET_STORED;
		pp.pos[IPCAM_PTZ_AXIS_PAN] = pan;
		pp.pos[IPCAM_PTZ_AXIS_TILT] = tilt;
	}

	if (index >= IPCAM_PTZ_NUM_PRESETS)
		return ipcam_fail(ptz->err, -EINVAL, "preset %u: index must be below %u",
				  index, IPCAM_PTZ_NUM_PRESETS);
	return ptz_ioctl(ptz, IPCAM_PTZ_IOC_S_PRESET, &pp, "IPCAM_PTZ_IOC_S_PRESET");
}

int ipcam_ptz_selftest(struct ipcam_ptz *ptz)
{
	return ptz_ioctl(ptz, IPCAM_PTZ_IOC_SELFTEST, NULL,
			 "IPCAM_PTZ_IOC_SELFTEST");
}

int ipcam_ptz_read_event(struct ipcam_ptz *ptz, struct ipcam_ptz_event *ev)
{
	ssize_t n;
	int err;

	if (ptz->fd < 0)
		return ipcam_fail(ptz->err, -EBADF, "read event: no PTZ node open");
	if (ptz->gone)
		return ipcam_fail(ptz->err, -ENODEV, "read event");
	do {
		n = read(ptz->fd, ev, sizeof(*ev));
	} while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(*ev))
		return 0;
	if (n < 0) {
		err = ipcam_neg_errno();
		if (err == -EAGAIN)
			return err;	/* the normal "nothing queued" */
	} else {
		/* End of file: the device went away under the open file. */
		err = n == 0 ? -ENODEV : -EPROTO;
	}
	if (err == -ENODEV)
		ptz->gone = 1;
	return ipcam_fail(ptz->err, err, "read event (%zd of %zu bytes)", n,
			  sizeof(*ev));
}

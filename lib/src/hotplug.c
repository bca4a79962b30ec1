// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Cameras appearing and disappearing: a udev monitor on video4linux, misc
 * and sound.  The monitor remembers the cameras it has seen so that a
 * removal, when sysfs has nothing left to read, is still reported with the
 * camera's name and nodes, and so that duplicate or unrelated uevents are
 * dropped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "udev-camera.h"

struct ipcam_monitor {
	struct udev *udev;
	struct udev_monitor *mon;
	struct ipcam_camera_info *known;	/* cameras present, by video syspath */
	size_t nknown;
	size_t cap;
	char err[IPCAM_ERRMSG_LEN];
};

static int known_add(struct ipcam_monitor *m, const struct ipcam_camera_info *cam)
{
	struct ipcam_camera_info *grown;

	if (m->nknown == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 8;

		grown = realloc(m->known, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		m->known = grown;
		m->cap = cap;
	}
	m->known[m->nknown++] = *cam;
	return 0;
}

static void known_remove(struct ipcam_monitor *m, size_t i)
{
	m->known[i] = m->known[--m->nknown];
}

/* Index of the known camera whose field at @offset equals @path, or -1. */
static long known_find(const struct ipcam_monitor *m, size_t offset,
		       const char *path)
{
	size_t i;

	if (!path || !*path)
		return -1;
	for (i = 0; i < m->nknown; i++)
		if (!strcmp((const char *)&m->known[i] + offset, path))
			return (long)i;
	return -1;
}

#define FIND_BY(m, field, path) \
	known_find(m, offsetof(struct ipcam_camera_info, field), path)

/* Index of the known camera whose sound card is or holds @path, or -1. */
static long known_find_sound(const struct ipcam_monitor *m, const char *path)
{
	size_t i, n;

	for (i = 0; i < m->nknown; i++) {
		n = strlen(m->known[i].sound_syspath);
		if (n && !strncmp(path, m->known[i].sound_syspath, n) &&
		    (path[n] == '\0' || path[n] == '/'))
			return (long)i;
	}
	return -1;
}

/* (Re)learn the cameras present now, by enumeration. */
static int known_load(struct ipcam_monitor *m)
{
	struct ipcam_camera_info *list;
	size_t n;
	int err;

	err = ipcam_camera_scan(&list, &n);
	if (err)
		return err;
	free(m->known);
	m->known = list;
	m->nknown = n;
	m->cap = n;
	return 0;
}

int ipcam_monitor_new(struct ipcam_monitor **out, enum ipcam_hotplug_source source)
{
	struct ipcam_monitor *m;
	const char *group;
	int err = -ENOMEM;

	*out = NULL;
	switch (source) {
	case IPCAM_HOTPLUG_AUTO:
		/* The test libudev itself uses for "udevd is running". */
		group = access("/run/udev/control", F_OK) == 0 ? "udev" : "kernel";
		break;
	case IPCAM_HOTPLUG_UDEV:
		group = "udev";
		break;
	case IPCAM_HOTPLUG_KERNEL:
		group = "kernel";
		break;
	default:
		return -EINVAL;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->udev = udev_new();
	if (!m->udev)
		goto fail;
	m->mon = udev_monitor_new_from_netlink(m->udev, group);
	if (!m->mon) {
		err = ipcam_neg_errno();
		goto fail;
	}
	if (udev_monitor_filter_add_match_subsystem_devtype(m->mon, "video4linux", NULL) < 0 ||
	    udev_monitor_filter_add_match_subsystem_devtype(m->mon, "misc", NULL) < 0 ||
	    udev_monitor_filter_add_match_subsystem_devtype(m->mon, "sound", NULL) < 0)
		goto fail;
	err = udev_monitor_enable_receiving(m->mon);
	if (err < 0)
		goto fail;
	/* After subscribing, so that a camera added meanwhile is not missed. */
	err = known_load(m);
	if (err)
		goto fail;
	*out = m;
	return 0;
fail:
	ipcam_monitor_free(m);
	return err < 0 ? err : -EIO;
}

void ipcam_monitor_free(struct ipcam_monitor *m)
{
	if (!m)
		return;
	udev_monitor_unref(m->mon);
	udev_unref(m->udev);
	free(m->known);
	free(m);
}

int ipcam_monitor_fd(const struct ipcam_monitor *m)
{
	return udev_monitor_get_fd(m->mon);
}

const char *ipcam_monitor_last_error(const struct ipcam_monitor *m)
{
	return m->err;
}

/* A video4linux uevent: 1 and *@ev set when it is news about a camera. */
static int video_event(struct ipcam_monitor *m, struct udev_device *dev,
		       const char *action, struct ipcam_hotplug_event *ev)
{
	const char *syspath = udev_device_get_syspath(dev);
	long i = FIND_BY(m, video_syspath, syspath);
	dev_t devnum;

	if (!strcmp(action, "add")) {
		/* Known already: the same add seen twice, or from the scan. */
		if (i >= 0 || ipcam_camera_from_udev(m->udev, dev, &ev->camera, &devnum))
			return 0;
		if (known_add(m, &ev->camera))
			return -ENOMEM;
		ev->action = IPCAM_HOTPLUG_ADDED;
		return 1;
	}
	if (!strcmp(action, "remove") && i >= 0) {
		ev->action = IPCAM_HOTPLUG_REMOVED;
		ev->camera = m->known[i];
		known_remove(m, (size_t)i);
		return 1;
	}
	return 0;
}

/* A misc uevent: a PTZ node coming or going changes a known camera. */
static int misc_event(struct ipcam_monitor *m, struct udev_device *dev,
		      const char *action, struct ipcam_hotplug_event *ev)
{
	const char *syspath = udev_device_get_syspath(dev);
	struct udev_device *parent;
	struct ipcam_camera_info *cam;
	long i;

	if (!ipcam_is_ptz_device(dev))
		return 0;
	if (!strcmp(action, "add")) {
		parent = udev_device_get_parent(dev);	/* owned by dev */
		i = parent ? FIND_BY(m, parent_syspath, udev_device_get_syspath(parent)) : -1;
		if (i < 0 || !udev_device_get_devnode(dev) ||
		    !strcmp(m->known[i].ptz_syspath, syspath))
			return 0;
		cam = &m->known[i];
		ipcam_copy_str(cam->ptz_node, sizeof(cam->ptz_node),
			       udev_device_get_devnode(dev));
		ipcam_copy_str(cam->ptz_syspath, sizeof(cam->ptz_syspath), syspath);
	} else if (!strcmp(action, "remove")) {
		i = FIND_BY(m, ptz_syspath, syspath);
		if (i < 0)
			return 0;
		cam = &m->known[i];
		cam->ptz_node[0] = '\0';
		cam->ptz_syspath[0] = '\0';
	} else {
		return 0;
	}
	ev->action = IPCAM_HOTPLUG_CHANGED;
	ev->camera = *cam;
	return 1;
}

/*
 * A sound uevent: a microphone coming or going changes a known camera.  It
 * has come when its card's control device, registered last, has (before
 * that alsa-lib cannot open it); it has gone with the first of its
 * devices to go.
 */
static int sound_event(struct ipcam_monitor *m, struct udev_device *dev,
		       const char *action, struct ipcam_hotplug_event *ev)
{
	struct udev_device *card, *parent;
	struct ipcam_camera_info *cam, found;
	long i;

	if (!strcmp(action, "add")) {
		if (!ipcam_is_sound_control(dev))
			return 0;
		card = udev_device_get_parent(dev);	/* owned by dev */
		parent = card ? udev_device_get_parent(card) : NULL;
		i = parent ? FIND_BY(m, parent_syspath, udev_device_get_syspath(parent)) : -1;
		if (i < 0)
			return 0;
		cam = &m->known[i];
		found = *cam;
		ipcam_camera_find_sound(m->udev, &found);
		if (!strcmp(found.sound_syspath, cam->sound_syspath) &&
		    !strcmp(found.sound_card, cam->sound_card))
			return 0;
		*cam = found;
	} else if (!strcmp(action, "remove")) {
		i = known_find_sound(m, udev_device_get_syspath(dev));
		if (i < 0)
			return 0;
		cam = &m->known[i];
		cam->sound_card[0] = '\0';
		cam->sound_syspath[0] = '\0';
	} else {
		return 0;
	}
	ev->action = IPCAM_HOTPLUG_CHANGED;
	ev->camera = *cam;
	return 1;
}

int ipcam_monitor_read(struct ipcam_monitor *m, struct ipcam_hotplug_event *ev)
{
	struct udev_device *dev;
	const char *subsystem, *action;
	int r, err;

	for (;;) {
		errno = 0;
		dev = udev_monitor_receive_device(m->mon);
		if (!dev) {
			/* Drained: EAGAIN (or no errno at all). */
			if (errno == 0 || errno == EAGAIN)
				return -EAGAIN;
			err = -errno;
			if (err == -ENOBUFS) {
				/* The socket overflowed: relearn what is there now. */
				known_load(m);
				return ipcam_fail(m->err, err,
						  "uevents were lost: list the cameras again");
			}
			return ipcam_fail(m->err, err, "receiving a uevent");
		}
		subsystem = udev_device_get_subsystem(dev);
		action = udev_device_get_action(dev);
		r = 0;
		if (subsystem && action && !strcmp(subsystem, "video4linux"))
			r = video_event(m, dev, action, ev);
		else if (subsystem && action && !strcmp(subsystem, "misc"))
			r = misc_event(m, dev, action, ev);
		else if (subsystem && action && !strcmp(subsystem, "sound"))
			r = sound_event(m, dev, action, ev);
		udev_device_unref(dev);
		if (r < 0)
			return ipcam_fail(m->err, r, "tracking cameras");
		if (r > 0)
			return 0;
	}
}

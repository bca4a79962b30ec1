// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Camera discovery with libudev.  A camera is a video4linux node that can
 * stream video capture; its PTZ node, when it has one, is the misc device
 * named ptzN with the same parent device (the ipcam platform device), and
 * its microphone the sound card cardN with that parent.  libudev reads
 * sysfs directly, so this works without udevd as well.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "udev-camera.h"

/* How long a node just announced may still say ENODEV (see probe_node). */
#define PROBE_RETRIES		50
#define PROBE_RETRY_NS		2000000L

void ipcam_copy_str(char *dst, size_t size, const char *src)
{
	size_t n = src ? strnlen(src, size - 1) : 0;

	memcpy(dst, src ? src : "", n);
	dst[n] = '\0';
}

static void copy_cap_str(char *dst, size_t size, const __u8 *src, size_t len)
{
	size_t n = strnlen((const char *)src, len);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * QUERYCAP on the node.  A device announced by a kernel uevent can still
 * fail to open with ENODEV for a moment (video_register_device() marks it
 * registered after the uevent went out), so that error is retried briefly.
 */
static int probe_node(const char *node, struct ipcam_camera_info *cam)
{
	struct v4l2_capability cap;
	const struct timespec pause = { 0, PROBE_RETRY_NS };
	uint32_t caps;
	int fd, err = 0, tries;

	for (tries = 0; tries < PROBE_RETRIES; tries++) {
		fd = open(node, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0) {
			memset(&cap, 0, sizeof(cap));
			err = ioctl(fd, VIDIOC_QUERYCAP, &cap) < 0 ?
			      ipcam_neg_errno() : 0;
			close(fd);
		} else {
			err = ipcam_neg_errno();
		}
		if (err != -ENODEV)
			break;
		nanosleep(&pause, NULL);
	}
	if (err)
		return err;
	caps = cap.capabilities & V4L2_CAP_DEVICE_CAPS ? cap.device_caps :
							 cap.capabilities;
	if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || !(caps & V4L2_CAP_STREAMING))
		return -EOPNOTSUPP;
	copy_cap_str(cam->driver, sizeof(cam->driver), cap.driver,
		     sizeof(cap.driver));
	copy_cap_str(cam->card, sizeof(cam->card), cap.card, sizeof(cap.card));
	copy_cap_str(cam->bus_info, sizeof(cam->bus_info), cap.bus_info,
		     sizeof(cap.bus_info));
	cam->device_caps = caps;
	return 0;
}

int ipcam_is_ptz_device(struct udev_device *dev)
{
	const char *name = udev_device_get_sysname(dev);

	return name && !strncmp(name, "ptz", 3);
}

/*
 * Offer TAKE the direct children in SUBSYSTEM of the device CAM's video
 * node hangs off, until it takes one (fills CAM in and returns 1).
 */
static void find_sibling(struct udev *udev, struct ipcam_camera_info *cam,
			 const char *subsystem,
			 int (*take)(struct udev *udev, struct udev_device *d,
				     struct ipcam_camera_info *cam))
{
	struct udev_enumerate *en;
	struct udev_list_entry *e;
	struct udev_device *parent;

	if (!cam->parent_syspath[0])
		return;
	parent = udev_device_new_from_syspath(udev, cam->parent_syspath);
	en = udev_enumerate_new(udev);
	if (!parent || !en)
		goto out;
	udev_enumerate_add_match_subsystem(en, subsystem);
	udev_enumerate_add_match_parent(en, parent);
	if (udev_enumerate_scan_devices(en) < 0)
		goto out;
	udev_list_entry_foreach(e, udev_enumerate_get_list_entry(en)) {
		struct udev_device *d, *p;
		int taken;

		d = udev_device_new_from_syspath(udev, udev_list_entry_get_name(e));
		if (!d)
			continue;
		/* match_parent takes the whole subtree: keep direct children only. */
		p = udev_device_get_parent(d);	/* owned by d */
		taken = p && !strcmp(udev_device_get_syspath(p), cam->parent_syspath) &&
			take(udev, d, cam);
		udev_device_unref(d);
		if (taken)
			break;
	}
out:
	udev_enumerate_unref(en);
	udev_device_unref(parent);
}

static int take_ptz(struct udev *udev, struct udev_device *d, struct ipcam_camera_info *cam)
{
	(void)udev;
	if (!ipcam_is_ptz_device(d) || !udev_device_get_devnode(d))
		return 0;
	ipcam_copy_str(cam->ptz_node, sizeof(cam->ptz_node), udev_device_get_devnode(d));
	ipcam_copy_str(cam->ptz_syspath, sizeof(cam->ptz_syspath), udev_device_get_syspath(d));
	return 1;
}

void ipcam_camera_find_ptz(struct udev *udev, struct ipcam_camera_info *cam)
{
	cam->ptz_node[0] = '\0';
	cam->ptz_syspath[0] = '\0';
	find_sibling(udev, cam, "misc", take_ptz);
}

/* Is @dev (a sound device) a card, rather than one of its devices? */
static int is_sound_card(struct udev_device *dev)
{
	const char *name = udev_device_get_sysname(dev);

	/* Not its controlCN and pcmCNDNc, which are the card's children. */
	return name && !strncmp(name, "card", 4) && name[4] >= '0' &&
	       name[4] <= '9';
}

int ipcam_is_sound_control(struct udev_device *dev)
{
	const char *name = udev_device_get_sysname(dev);

	return name && !strncmp(name, "controlC", 8);
}

/*
 * The card's devices are registered after the card, its control device
 * last (the kernel's SNDRV_DEV_CONTROL), and alsa-lib finds a card by id
 * through that device: a card is ready once it has it.
 */
static int sound_card_ready(struct udev *udev, struct udev_device *card)
{
	char path[512];
	struct udev_device *ctl;

	snprintf(path, sizeof(path), "%s/controlC%s",
		 udev_device_get_syspath(card), udev_device_get_sysname(card) + 4);
	ctl = udev_device_new_from_syspath(udev, path);
	udev_device_unref(ctl);
	return ctl != NULL;
}

static int take_sound(struct udev *udev, struct udev_device *d, struct ipcam_camera_info *cam)
{
	const char *id;

	if (!is_sound_card(d) || !sound_card_ready(udev, d))
		return 0;
	/* The card's id names it to alsa-lib ("hw:CARD=ipcam0"). */
	id = udev_device_get_sysattr_value(d, "id");
	if (!id || !*id)
		return 0;
	ipcam_copy_str(cam->sound_card, sizeof(cam->sound_card), id);
	ipcam_copy_str(cam->sound_syspath, sizeof(cam->sound_syspath), udev_device_get_syspath(d));
	return 1;
}

void ipcam_camera_find_sound(struct udev *udev, struct ipcam_camera_info *cam)
{
	cam->sound_card[0] = '\0';
	cam->sound_syspath[0] = '\0';
	find_sibling(udev, cam, "sound", take_sound);
}

int ipcam_camera_from_udev(struct udev *udev, struct udev_device *video,
			   struct ipcam_camera_info *cam, dev_t *devnum)
{
	struct udev_device *parent;
	const char *node = udev_device_get_devnode(video);
	int err;

	if (!node)
		return -ENOENT;
	memset(cam, 0, sizeof(*cam));
	ipcam_copy_str(cam->name, sizeof(cam->name),
		       udev_device_get_sysattr_value(video, "name"));
	ipcam_copy_str(cam->video_node, sizeof(cam->video_node), node);
	ipcam_copy_str(cam->video_syspath, sizeof(cam->video_syspath),
		       udev_device_get_syspath(video));
	parent = udev_device_get_parent(video);		/* owned by video */
	if (parent)
		ipcam_copy_str(cam->parent_syspath, sizeof(cam->parent_syspath),
			       udev_device_get_syspath(parent));
	*devnum = udev_device_get_devnum(video);
	err = probe_node(node, cam);
	if (err)
		return err;
	ipcam_camera_find_ptz(udev, cam);
	ipcam_camera_find_sound(udev, cam);
	return 0;
}

struct found {
	dev_t devnum;
	struct ipcam_camera_info info;
};

static int by_devnum(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	return x->devnum < y->devnum ? -1 : x->devnum > y->devnum;
}

/* Every camera now present, sorted by device number, in a malloc()ed array. */
static int scan(struct found **out, size_t *count)
{
	struct udev *udev = udev_new();
	struct udev_enumerate *en = NULL;
	struct udev_list_entry *e;
	struct found *list = NULL, *grown;
	size_t n = 0, cap = 0;
	int err = -ENOMEM;

	if (!udev)
		return -ENOMEM;
	en = udev_enumerate_new(udev);
	if (!en)
		goto out;
	udev_enumerate_add_match_subsystem(en, "video4linux");
	err = udev_enumerate_scan_devices(en);
	if (err < 0)
		goto out;
	udev_list_entry_foreach(e, udev_enumerate_get_list_entry(en)) {
		struct udev_device *d;

		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			grown = realloc(list, cap * sizeof(*list));
			if (!grown) {
				err = -ENOMEM;
				goto out;
			}
			list = grown;
		}
		d = udev_device_new_from_syspath(udev, udev_list_entry_get_name(e));
		if (!d)
			continue;
		/* Nodes that are not cameras or cannot be opened are skipped. */
		if (!ipcam_camera_from_udev(udev, d, &list[n].info, &list[n].devnum))
			n++;
		udev_device_unref(d);
	}
	if (n)	/* qsort(NULL, 0, ...) is undefined */
		qsort(list, n, sizeof(*list), by_devnum);
	*out = list;
	*count = n;
	list = NULL;
	err = 0;
out:
	free(list);
	udev_enumerate_unref(en);
	udev_unref(udev);
	return err;
}

int ipcam_camera_scan(struct ipcam_camera_info **out, size_t *count)
{
	struct ipcam_camera_info *infos;
	struct found *list;
	size_t n, i;
	int err;

	err = scan(&list, &n);
	if (err)
		return err;
	/* calloc(0) may return NULL: ask for one at least. */
	infos = calloc(n ? n : 1, sizeof(*infos));
	if (!infos) {
		free(list);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		infos[i] = list[i].info;
	free(list);
	*out = infos;
	*count = n;
	return 0;
}

int ipcam_camera_list(struct ipcam_camera_info *cams, size_t max, size_t *count)
{
	struct found *list;
	size_t n, i;
	int err;

	err = scan(&list, &n);
	if (err)
		return err;
	for (i = 0; i < n && i < max; i++)
		cams[i] = list[i].info;
	*count = n;
	free(list);
	return 0;
}

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int matches(const struct found *f, const char *what, const struct stat *st)
{
	const struct ipcam_camera_info *c = &f->info;

	if (st)		/* a path: the same character device */
		return S_ISCHR(st->st_mode) && st->st_rdev == f->devnum;
	return !strcmp(what, c->name) || !strcmp(what, c->card) ||
	       !strcmp(what, c->bus_info) ||
	       !strcmp(what, basename_of(c->video_syspath)) ||
	       (c->parent_syspath[0] && !strcmp(what, basename_of(c->parent_syspath)));
}

int ipcam_camera_find(const char *what, struct ipcam_camera_info *cam)
{
	struct found *list;
	struct stat st;
	size_t n, i;
	int err, is_path = what[0] == '/';

	if (is_path && stat(what, &st) < 0)
		return ipcam_neg_errno();
	err = scan(&list, &n);
	if (err)
		return err;
	err = -ENOENT;
	for (i = 0; i < n; i++) {
		if (matches(&list[i], what, is_path ? &st : NULL)) {
			*cam = list[i].info;
			err = 0;
			break;
		}
	}
	free(list);
	return err;
}

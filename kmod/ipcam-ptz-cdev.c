// SPDX-License-Identifier: GPL-2.0-only
/*
 * /dev/ptzN: ioctls, and the per-file event queue read with read()/poll().
 *
 * Lifetime (as usb-skeleton and gpiolib-cdev): every open file holds a
 * reference on the ipcam device; unbind marks the head dead, wakes every
 * reader with EPOLLHUP and deregisters the node; the files' later calls
 * fail with -ENODEV and the memory goes with the last close.
 */
#include <linux/build_bug.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "ipcam-core.h"

/* The UAPI must be the same on every ABI: no implicit padding anywhere. */
static_assert(sizeof(struct ipcam_ptz_axis_info) == 32);
static_assert(sizeof(struct ipcam_ptz_info) == 112);
static_assert(sizeof(struct ipcam_ptz_status) == 64);
static_assert(sizeof(struct ipcam_ptz_move) == 32);
static_assert(sizeof(struct ipcam_ptz_patrol) == 16);
static_assert(sizeof(struct ipcam_ptz_preset) == 16);
static_assert(sizeof(struct ipcam_ptz_preset_pos) == 32);
static_assert(sizeof(struct ipcam_ptz_event) == 40);

static struct ipcam_ptz *file_ptz(struct file *file)
{
	return ((struct ipcam_ptz_file *)file->private_data)->ptz;
}

static int ipcam_ptz_open(struct inode *inode, struct file *file)
{
	/* misc_open() put our miscdevice here, under misc_mtx. */
	struct ipcam_ptz *ptz = container_of(file->private_data, struct ipcam_ptz, misc);
	struct ipcam_ptz_file *pf;
	unsigned long flags;

	pf = kzalloc(sizeof(*pf), GFP_KERNEL);
	if (!pf)
		return -ENOMEM;
	pf->ptz = ptz;
	INIT_KFIFO(pf->events);

	spin_lock_irqsave(&ptz->slock, flags);
	if (ptz->dead) {
		spin_unlock_irqrestore(&ptz->slock, flags);
		kfree(pf);
		return -ENODEV;
	}
	list_add_tail(&pf->node, &ptz->files);
	spin_unlock_irqrestore(&ptz->slock, flags);

	ipcam_dev_get(ptz_to_ipcam(ptz));
	file->private_data = pf;
	return nonseekable_open(inode, file);
}

static int ipcam_ptz_release(struct inode *inode, struct file *file)
{
	struct ipcam_ptz_file *pf = file->private_data;
	struct ipcam_ptz *ptz = pf->ptz;
	unsigned long flags;

	spin_lock_irqsave(&ptz->slock, flags);
	list_del(&pf->node);
	spin_unlock_irqrestore(&ptz->slock, flags);
	kfree(pf);
	ipcam_dev_put(ptz_to_ipcam(ptz));
	return 0;
}

static bool events_or_dead(struct ipcam_ptz_file *pf)
{
	struct ipcam_ptz *ptz = pf->ptz;
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&ptz->slock, flags);
	ret = ptz->dead || !kfifo_is_empty(&pf->events);
	spin_unlock_irqrestore(&ptz->slock, flags);
	return ret;
}

#define READ_BATCH	8

static ssize_t ipcam_ptz_read(struct file *file, char __user *buf, size_t count,
			      loff_t *ppos)
{
	struct ipcam_ptz_file *pf = file->private_data;
	struct ipcam_ptz *ptz = pf->ptz;
	struct ipcam_ptz_event ev[READ_BATCH];
	unsigned int n, want;
	unsigned long flags;
	int ret;

	if (count < sizeof(ev[0]))
		return -EINVAL;
	want = min_t(size_t, count / sizeof(ev[0]), READ_BATCH);

	for (;;) {
		spin_lock_irqsave(&ptz->slock, flags);
		if (ptz->dead) {
			spin_unlock_irqrestore(&ptz->slock, flags);
			return -ENODEV;
		}
		n = kfifo_out(&pf->events, ev, want);
		spin_unlock_irqrestore(&ptz->slock, flags);
		if (n)
			break;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(ptz->wait, events_or_dead(pf));
		if (ret)
			return ret;
	}
	if (copy_to_user(buf, ev, n * sizeof(ev[0])))
		return -EFAULT;
	return n * sizeof(ev[0]);
}

static __poll_t ipcam_ptz_poll(struct file *file, poll_table *wait)
{
	struct ipcam_ptz_file *pf = file->private_data;
	struct ipcam_ptz *ptz = pf->ptz;
	unsigned long flags;
	__poll_t mask = 0;

	poll_wait(file, &ptz->wait, wait);
	spin_lock_irqsave(&ptz->slock, flags);
	if (ptz->dead)
		mask = EPOLLHUP | EPOLLERR;
	else if (!kfifo_is_empty(&pf->events))
		mask = EPOLLIN | EPOLLRDNORM;
	spin_unlock_irqrestore(&ptz->slock, flags);
	return mask;
}

static bool reserved_zero(const void *p, size_t size)
{
	return !memchr_inv(p, 0, size);
}

static long ptz_ioctl_locked(struct ipcam_ptz *ptz, unsigned int cmd, void __user *argp)
{
	union {
		struct ipcam_ptz_info info;
		struct ipcam_ptz_status status;
		struct ipcam_ptz_move move;
		struct ipcam_ptz_patrol patrol;
		struct ipcam_ptz_preset preset;
		struct ipcam_ptz_preset_pos pp;
		u32 mask;
	} u;
	int ret;

	switch (cmd) {
	case IPCAM_PTZ_IOC_INFO:
		ipcam_ptz_get_info(ptz, &u.info);
		return copy_to_user(argp, &u.info, sizeof(u.info)) ? -EFAULT : 0;
	case IPCAM_PTZ_IOC_STATUS:
		ipcam_ptz_get_status(ptz, &u.status);
		return copy_to_user(argp, &u.status, sizeof(u.status)) ? -EFAULT : 0;
	case IPCAM_PTZ_IOC_MOVE:
		if (copy_from_user(&u.move, argp, sizeof(u.move)))
			return -EFAULT;
		if (!reserved_zero(u.move.reserved, sizeof(u.move.reserved)))
			return -EINVAL;
		return ipcam_ptz_move(ptz, &u.move);
	case IPCAM_PTZ_IOC_STOP:
		if (copy_from_user(&u.mask, argp, sizeof(u.mask)))
			return -EFAULT;
		return ipcam_ptz_stop(ptz, u.mask);
	case IPCAM_PTZ_IOC_CENTER:
		return ipcam_ptz_center(ptz);
	case IPCAM_PTZ_IOC_PATROL:
		if (copy_from_user(&u.patrol, argp, sizeof(u.patrol)))
			return -EFAULT;
		if (!reserved_zero(u.patrol.reserved, sizeof(u.patrol.reserved)))
			return -EINVAL;
		return ipcam_ptz_patrol(ptz, u.patrol.axis_mask, u.patrol.rounds);
	case IPCAM_PTZ_IOC_PRESET:
		if (copy_from_user(&u.preset, argp, sizeof(u.preset)))
			return -EFAULT;
		if (!reserved_zero(u.preset.reserved, sizeof(u.preset.reserved)))
			return -EINVAL;
		return ipcam_ptz_preset(ptz, &u.preset);
	case IPCAM_PTZ_IOC_SELFTEST:
		return ipcam_ptz_selftest(ptz);
	case IPCAM_PTZ_IOC_G_PRESET:
		if (copy_from_user(&u.pp, argp, sizeof(u.pp)))
			return -EFAULT;
		/* index in; flags and pos are output, whatever they held */
		if (!reserved_zero(u.pp.reserved, sizeof(u.pp.reserved)))
			return -EINVAL;
		ret = ipcam_ptz_get_preset(ptz, &u.pp);
		if (ret)
			return ret;
		return copy_to_user(argp, &u.pp, sizeof(u.pp)) ? -EFAULT : 0;
	case IPCAM_PTZ_IOC_S_PRESET:
		if (copy_from_user(&u.pp, argp, sizeof(u.pp)))
			return -EFAULT;
		if (!reserved_zero(u.pp.reserved, sizeof(u.pp.reserved)))
			return -EINVAL;
		return ipcam_ptz_set_preset(ptz, &u.pp);
	default:
		return -ENOTTY;
	}
}

static long ipcam_ptz_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ipcam_ptz *ptz = file_ptz(file);
	long ret;

	if (_IOC_TYPE(cmd) != IPCAM_PTZ_IOC_MAGIC)
		return -ENOTTY;
	mutex_lock(&ptz->lock);
	ret = ptz->dead ? -ENODEV : ptz_ioctl_locked(ptz, cmd, (void __user *)arg);
	mutex_unlock(&ptz->lock);
	return ret;
}

static const struct file_operations ipcam_ptz_fops = {
	.owner = THIS_MODULE,
	.open = ipcam_ptz_open,
	.release = ipcam_ptz_release,
	.read = ipcam_ptz_read,
	.poll = ipcam_ptz_poll,
	.unlocked_ioctl = ipcam_ptz_ioctl,
	/* Every argument is a pointer to an ABI-identical struct. */
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};

int ipcam_ptz_register(struct ipcam_ptz *ptz, int inst)
{
	snprintf(ptz->name, sizeof(ptz->name), "ptz%d", inst);
	ptz->misc.minor = MISC_DYNAMIC_MINOR;
	ptz->misc.name = ptz->name;
	ptz->misc.fops = &ipcam_ptz_fops;
	ptz->misc.parent = ptz->dev;
	ptz->misc.groups = ipcam_ptz_groups;
	ptz->misc.mode = 0660;
	return misc_register(&ptz->misc);
}

void ipcam_ptz_unregister(struct ipcam_ptz *ptz)
{
	misc_deregister(&ptz->misc);
}

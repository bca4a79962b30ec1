// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs attributes of /dev/ptzN: one value per file, documented in
 * Documentation/ABI/testing/sysfs-class-misc-ipcam-ptz.  The settings are
 * one table: field, range, and what a change sets off.
 */
#include <linux/device.h>
#include <linux/kstrtox.h>
#include <linux/miscdevice.h>
#include <linux/sysfs.h>

#include "ipcam-core.h"

static struct ipcam_ptz *dev_ptz(struct device *dev)
{
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct ipcam_ptz, misc);
}

static ssize_t pan_position_show(struct device *dev, struct device_attribute *attr,
				 char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(dev_ptz(dev)->axis[0].pos));
}
static DEVICE_ATTR_RO(pan_position);

static ssize_t tilt_position_show(struct device *dev, struct device_attribute *attr,
				  char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(dev_ptz(dev)->axis[1].pos));
}
static DEVICE_ATTR_RO(tilt_position);

static ssize_t state_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	static const char * const names[] = {
		[IPCAM_PTZ_STATE_IDLE] = "idle",
		[IPCAM_PTZ_STATE_MOVING] = "moving",
		[IPCAM_PTZ_STATE_HOMING] = "homing",
		[IPCAM_PTZ_STATE_PATROL] = "patrol",
		[IPCAM_PTZ_STATE_SELFTEST] = "selftest",
	};
	struct ipcam_ptz_status st;

	ipcam_ptz_get_status(dev_ptz(dev), &st);
	return sysfs_emit(buf, "%s\n", names[st.state]);
}
static DEVICE_ATTR_RO(state);

static ssize_t alarm_input_show(struct device *dev, struct device_attribute *attr,
				char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(dev_ptz(dev)->alarm_input));
}
static DEVICE_ATTR_RO(alarm_input);

/* The firmware's choice, acted on once, when the device starts. */
static ssize_t center_on_start_show(struct device *dev, struct device_attribute *attr,
				    char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_ptz(dev)->center_on_start);
}
static DEVICE_ATTR_RO(center_on_start);

/* Settings: a u32 field of struct ipcam_ptz in 0..max. */
struct ptz_setting {
	struct device_attribute attr;
	size_t offset;
	u32 max;
	void (*apply)(struct ipcam_ptz *ptz, u32 val);
};

static u32 *setting_field(struct ipcam_ptz *ptz, const struct ptz_setting *s)
{
	return (u32 *)((char *)ptz + s->offset);
}

static ssize_t setting_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	const struct ptz_setting *s = container_of(attr, struct ptz_setting, attr);

	return sysfs_emit(buf, "%u\n", READ_ONCE(*setting_field(dev_ptz(dev), s)));
}

static ssize_t setting_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	const struct ptz_setting *s = container_of(attr, struct ptz_setting, attr);
	struct ipcam_ptz *ptz = dev_ptz(dev);
	u32 val;
	int ret;

	ret = kstrtou32(buf, 10, &val);
	if (ret)
		return ret;
	if (val > s->max)
		return -ERANGE;

	mutex_lock(&ptz->lock);
	if (ptz->dead)
		ret = -ENODEV;
	else if (s->apply)
		s->apply(ptz, val);	/* stores the value itself */
	else
		WRITE_ONCE(*setting_field(ptz, s), val);
	mutex_unlock(&ptz->lock);
	return ret ?: count;
}

static void apply_io_output(struct ipcam_ptz *ptz, u32 val)
{
	ipcam_ptz_set_output(ptz, val);
}

static void apply_led_mode(struct ipcam_ptz *ptz, u32 val)
{
	WRITE_ONCE(ptz->led_mode, val);
	ipcam_ptz_update_led(ptz);
}

static void apply_auto_patrol(struct ipcam_ptz *ptz, u32 val)
{
	WRITE_ONCE(ptz->auto_patrol_interval, val);
	/* Count the idle time again from now, or stop waiting. */
	if (val && ptz->patrol_type)
		mod_delayed_work(system_wq, &ptz->auto_patrol_work, val * HZ);
	else
		cancel_delayed_work(&ptz->auto_patrol_work);
}

#define PTZ_SETTING(_name, _field, _max, _apply)				\
	static struct ptz_setting ptz_setting_##_name = {			\
		.attr = __ATTR(_name, 0644, setting_show, setting_store),	\
		.offset = offsetof(struct ipcam_ptz, _field),			\
		.max = _max,							\
		.apply = _apply,						\
	}

PTZ_SETTING(patrol_type, patrol_type, 3, NULL);
PTZ_SETTING(auto_patrol_interval, auto_patrol_interval, 3600, apply_auto_patrol);
PTZ_SETTING(patrol_h_rounds, patrol_h_rounds, 255, NULL);
PTZ_SETTING(patrol_v_rounds, patrol_v_rounds, 255, NULL);
PTZ_SETTING(patrol_rate, patrol_rate, 100, NULL);
PTZ_SETTING(up_rate, dir_rate[IPCAM_RATE_UP], 100, NULL);
PTZ_SETTING(down_rate, dir_rate[IPCAM_RATE_DOWN], 100, NULL);
PTZ_SETTING(left_rate, dir_rate[IPCAM_RATE_LEFT], 100, NULL);
PTZ_SETTING(right_rate, dir_rate[IPCAM_RATE_RIGHT], 100, NULL);
PTZ_SETTING(presets_disabled, presets_disabled, 1, NULL);
PTZ_SETTING(led_mode, led_mode, 2, apply_led_mode);
PTZ_SETTING(io_output, io_output, 1, apply_io_output);

static struct attribute *ipcam_ptz_attrs[] = {
	&dev_attr_pan_position.attr,
	&dev_attr_tilt_position.attr,
	&dev_attr_state.attr,
	&dev_attr_alarm_input.attr,
	&dev_attr_center_on_start.attr,
	&ptz_setting_patrol_type.attr.attr,
	&ptz_setting_auto_patrol_interval.attr.attr,
	&ptz_setting_patrol_h_rounds.attr.attr,
	&ptz_setting_patrol_v_rounds.attr.attr,
	&ptz_setting_patrol_rate.attr.attr,
	&ptz_setting_up_rate.attr.attr,
	&ptz_setting_down_rate.attr.attr,
	&ptz_setting_left_rate.attr.attr,
	&ptz_setting_right_rate.attr.attr,
	&ptz_setting_presets_disabled.attr.attr,
	&ptz_setting_led_mode.attr.attr,
	&ptz_setting_io_output.attr.attr,
	NULL
};

static const struct attribute_group ipcam_ptz_group = {
	.attrs = ipcam_ptz_attrs,
};

const struct attribute_group *ipcam_ptz_groups[] = {
	&ipcam_ptz_group,
	NULL
};

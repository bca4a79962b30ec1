// SPDX-License-Identifier: GPL-2.0-only
/*
 * GPIO motors: per axis either the four coil lines of a unipolar stepper
 * (28BYJ-48 through a ULN2003, driven in half steps as the original heads
 * do) or the STEP and DIR inputs of a stepper driver chip; limit switches
 * at both ends; alarm input, IO output and status LED lines.
 *
 * The lines come from firmware (pan-coil-gpios, pan-step-gpios,
 * pan-dir-gpios, pan-limit-gpios, and tilt-*; alarm-gpios, io-gpios,
 * led-gpios) or from a board's GPIO lookup table with the same names.
 * Stepping runs in hard-irq context, so those lines must not sleep.
 */
#include <linux/delay.h>
#include <linux/gpio/consumer.h>
#include <linux/slab.h>

#include "ipcam-core.h"

/* Half-step sequence of a unipolar motor: bit n drives coil n. */
static const u8 half_step[8] = { 0x1, 0x3, 0x2, 0x6, 0x4, 0xc, 0x8, 0x9 };

struct gpio_axis {
	struct gpio_descs *coils;	/* 4 lines, or NULL with STEP/DIR */
	struct gpio_desc *step;
	struct gpio_desc *dir;
	struct gpio_descs *limits;	/* [0] min end, [1] max end; optional */
	unsigned int phase;
};

struct gpio_motors {
	struct gpio_axis axis[IPCAM_PTZ_NUM_AXES];
	struct gpio_desc *alarm;
	struct gpio_desc *io;
	struct gpio_desc *led;
};

static void set_coils(struct gpio_axis *ga, unsigned long bits)
{
	gpiod_set_array_value(ga->coils->ndescs, ga->coils->desc,
			      ga->coils->info, &bits);
}

static void gpio_step(struct ipcam_ptz *ptz, unsigned int axis, int dir)
{
	struct gpio_motors *gm = ptz->backend;
	struct gpio_axis *ga = &gm->axis[axis];

	if (ga->coils) {
		ga->phase = (ga->phase + dir) & 7;
		set_coils(ga, half_step[ga->phase]);
		return;
	}
	gpiod_set_value(ga->dir, dir > 0);
	/* DIR setup and STEP high time of common driver chips: < 2 us. */
	udelay(2);
	gpiod_set_value(ga->step, 1);
	udelay(2);
	gpiod_set_value(ga->step, 0);
}

static bool gpio_limit(struct ipcam_ptz *ptz, unsigned int axis, int dir)
{
	struct gpio_motors *gm = ptz->backend;
	struct gpio_descs *l = gm->axis[axis].limits;

	return l && gpiod_get_value(l->desc[dir < 0 ? 0 : 1]) > 0;
}

static void gpio_release(struct ipcam_ptz *ptz, unsigned int axis)
{
	struct gpio_motors *gm = ptz->backend;

	/* An idle unipolar motor needs no holding current: keep it cool. */
	if (gm->axis[axis].coils)
		set_coils(&gm->axis[axis], 0);
}

static void gpio_set_output(struct ipcam_ptz *ptz, bool level)
{
	struct gpio_motors *gm = ptz->backend;

	if (gm->io)
		gpiod_set_value_cansleep(gm->io, level);
}

static void gpio_set_led(struct ipcam_ptz *ptz, bool on)
{
	struct gpio_motors *gm = ptz->backend;

	if (gm->led)
		gpiod_set_value_cansleep(gm->led, on);
}

static int gpio_get_alarm(struct ipcam_ptz *ptz)
{
	struct gpio_motors *gm = ptz->backend;

	return gm->alarm ? gpiod_get_value_cansleep(gm->alarm) : -ENODEV;
}

static const struct ipcam_motor_ops gpio_ops = {
	.name = "gpio",
	.step = gpio_step,
	.limit = gpio_limit,
	.release = gpio_release,
	.set_output = gpio_set_output,
	.set_led = gpio_set_led,
	.get_alarm = gpio_get_alarm,
};

static int check_fast(struct device *dev, struct gpio_desc *d, const char *what)
{
	if (d && gpiod_cansleep(d))
		return dev_err_probe(dev, -EINVAL, "%s: sleeping GPIO not supported\n", what);
	return 0;
}

static int check_fast_array(struct device *dev, struct gpio_descs *a, const char *what)
{
	unsigned int i;
	int ret;

	for (i = 0; a && i < a->ndescs; i++) {
		ret = check_fast(dev, a->desc[i], what);
		if (ret)
			return ret;
	}
	return 0;
}

static int get_axis(struct device *dev, struct gpio_axis *ga, const char *name,
		    bool *has_switches)
{
	char con[24];
	int ret;

	snprintf(con, sizeof(con), "%s-coil", name);
	ga->coils = devm_gpiod_get_array_optional(dev, con, GPIOD_OUT_LOW);
	if (IS_ERR(ga->coils))
		return dev_err_probe(dev, PTR_ERR(ga->coils), "%s\n", con);
	if (ga->coils && ga->coils->ndescs != 4)
		return dev_err_probe(dev, -EINVAL, "%s: need 4 lines\n", con);
	if (!ga->coils) {
		snprintf(con, sizeof(con), "%s-step", name);
		ga->step = devm_gpiod_get_optional(dev, con, GPIOD_OUT_LOW);
		if (IS_ERR(ga->step))
			return dev_err_probe(dev, PTR_ERR(ga->step), "%s\n", con);
		snprintf(con, sizeof(con), "%s-dir", name);
		ga->dir = devm_gpiod_get_optional(dev, con, GPIOD_OUT_LOW);
		if (IS_ERR(ga->dir))
			return dev_err_probe(dev, PTR_ERR(ga->dir), "%s\n", con);
		if (!ga->step != !ga->dir)
			return dev_err_probe(dev, -EINVAL, "%s: STEP and DIR go together\n", name);
		if (!ga->step)
			return -ENODEV;		/* no motor lines at all */
	}
	snprintf(con, sizeof(con), "%s-limit", name);
	ga->limits = devm_gpiod_get_array_optional(dev, con, GPIOD_IN);
	if (IS_ERR(ga->limits))
		return dev_err_probe(dev, PTR_ERR(ga->limits), "%s\n", con);
	if (ga->limits && ga->limits->ndescs != 2)
		return dev_err_probe(dev, -EINVAL, "%s: need 2 lines (min, max)\n", con);
	*has_switches = ga->limits;

	ret = check_fast_array(dev, ga->coils, name);
	ret = ret ?: check_fast(dev, ga->step, name);
	ret = ret ?: check_fast(dev, ga->dir, name);
	ret = ret ?: check_fast_array(dev, ga->limits, name);
	return ret;
}

/* -ENODEV: this head has no motor lines; the caller falls back to sim. */
int ipcam_motor_gpio_probe(struct ipcam_ptz *ptz)
{
	static const char * const names[IPCAM_PTZ_NUM_AXES] = { "pan", "tilt" };
	struct device *dev = ptz->dev;
	struct gpio_motors *gm;
	unsigned int i;
	int ret;

	gm = devm_kzalloc(dev, sizeof(*gm), GFP_KERNEL);
	if (!gm)
		return -ENOMEM;
	for (i = 0; i < IPCAM_PTZ_NUM_AXES; i++) {
		ret = get_axis(dev, &gm->axis[i], names[i], &ptz->axis[i].has_switches);
		if (ret == -ENODEV && i == 0)
			return -ENODEV;
		if (ret)
			return ret == -ENODEV ?
			       dev_err_probe(dev, -EINVAL, "pan motor lines without tilt\n") : ret;
	}

	gm->alarm = devm_gpiod_get_optional(dev, "alarm", GPIOD_IN);
	if (IS_ERR(gm->alarm))
		return dev_err_probe(dev, PTR_ERR(gm->alarm), "alarm\n");
	gm->io = devm_gpiod_get_optional(dev, "io", GPIOD_OUT_LOW);
	if (IS_ERR(gm->io))
		return dev_err_probe(dev, PTR_ERR(gm->io), "io\n");
	gm->led = devm_gpiod_get_optional(dev, "led", GPIOD_OUT_LOW);
	if (IS_ERR(gm->led))
		return dev_err_probe(dev, PTR_ERR(gm->led), "led\n");

	ptz->backend = gm;
	ptz->ops = &gpio_ops;
	ptz->info_flags |= IPCAM_PTZ_INFO_GPIO_MOTORS;
	if (gm->alarm)
		ptz->info_flags |= IPCAM_PTZ_INFO_ALARM_INPUT;
	if (gm->io)
		ptz->info_flags |= IPCAM_PTZ_INFO_IO_OUTPUT;
	if (gm->led)
		ptz->info_flags |= IPCAM_PTZ_INFO_LED;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only module: a software GPIO chip wired to the first ipcam camera
 * (platform device ipcam.0) through a GPIO lookup table, so the GPIO motor
 * backend runs on a machine without GPIOs (Debian's x86 kernel has no
 * gpio-sim).  Load it before ipcam; remove ipcam first.  Never installed.
 *
 * With chip=LABEL it adds only the lookup table, wired to the GPIO chip of
 * that label instead: the debug kernel's gpio-sim chip, whose lines sleep,
 * so the suite can check that the backend refuses them cleanly at probe.
 *
 * Lines: 0-3 pan coils, 4-7 tilt coils, 8/9 pan limit switches (min, max),
 * 10/11 tilt limit switches, 12 alarm input, 13 IO output, 14 LED.
 *
 * debugfs ipcam_gpio_test/:
 *   levels	read: the 16 line levels as a hex mask
 *   set	write "LINE LEVEL": drive an input line (switches, alarm)
 *   coil_writes read: writes that changed a coil line (steps driven)
 */
#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/gpio/driver.h>
#include <linux/gpio/machine.h>
#include <linux/module.h>
#include <linux/spinlock.h>

#define NLINES	16

static DEFINE_SPINLOCK(sim_lock);
static unsigned long sim_levels;
static unsigned long sim_outputs;	/* direction: 1 = output */
static unsigned long coil_writes;
static struct dentry *sim_dir;

static int sim_get(struct gpio_chip *gc, unsigned int off)
{
	return test_bit(off, &sim_levels);
}

static void sim_set(struct gpio_chip *gc, unsigned int off, int val)
{
	unsigned long flags;

	spin_lock_irqsave(&sim_lock, flags);
	if (off < 8 && !!test_bit(off, &sim_levels) != !!val)
		coil_writes++;
	__assign_bit(off, &sim_levels, val);
	spin_unlock_irqrestore(&sim_lock, flags);
}

static int sim_dir_in(struct gpio_chip *gc, unsigned int off)
{
	clear_bit(off, &sim_outputs);
	return 0;
}

static int sim_dir_out(struct gpio_chip *gc, unsigned int off, int val)
{
	set_bit(off, &sim_outputs);
	sim_set(gc, off, val);
	return 0;
}

static int sim_get_dir(struct gpio_chip *gc, unsigned int off)
{
	return test_bit(off, &sim_outputs) ? GPIO_LINE_DIRECTION_OUT :
					     GPIO_LINE_DIRECTION_IN;
}

static struct gpio_chip sim_chip = {
	.label = "ipcam-gpio-test",
	.owner = THIS_MODULE,
	.base = -1,
	.ngpio = NLINES,
	.can_sleep = false,
	.get = sim_get,
	.set = sim_set,
	.direction_input = sim_dir_in,
	.direction_output = sim_dir_out,
	.get_direction = sim_get_dir,
};

static struct gpiod_lookup_table sim_lookup = {
	.dev_id = "ipcam.0",
	.table = {
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 0, "pan-coil", 0, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 1, "pan-coil", 1, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 2, "pan-coil", 2, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 3, "pan-coil", 3, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 4, "tilt-coil", 0, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 5, "tilt-coil", 1, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 6, "tilt-coil", 2, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 7, "tilt-coil", 3, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 8, "pan-limit", 0, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 9, "pan-limit", 1, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 10, "tilt-limit", 0, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 11, "tilt-limit", 1, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 12, "alarm", 0, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 13, "io", 0, GPIO_ACTIVE_HIGH),
		GPIO_LOOKUP_IDX("ipcam-gpio-test", 14, "led", 0, GPIO_ACTIVE_HIGH),
		{ }
	},
};

static int levels_get(void *data, u64 *val)
{
	*val = READ_ONCE(sim_levels);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(levels_fops, levels_get, NULL, "0x%04llx\n");

static int coil_writes_get(void *data, u64 *val)
{
	*val = READ_ONCE(coil_writes);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(coil_writes_fops, coil_writes_get, NULL, "%llu\n");

static ssize_t set_write(struct file *file, const char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	unsigned int line, level;
	char buf[32];
	size_t n = min(count, sizeof(buf) - 1);

	if (copy_from_user(buf, ubuf, n))
		return -EFAULT;
	buf[n] = 0;
	if (sscanf(buf, "%u %u", &line, &level) != 2 || line >= NLINES || level > 1)
		return -EINVAL;
	if (test_bit(line, &sim_outputs))
		return -EPERM;		/* the consumer drives it */
	sim_set(&sim_chip, line, level);
	return count;
}

static const struct file_operations set_fops = {
	.owner = THIS_MODULE,
	.write = set_write,
	.llseek = noop_llseek,
};

static char *chip;
module_param(chip, charp, 0400);
MODULE_PARM_DESC(chip, "label of an existing GPIO chip to wire up instead of our own");

static int __init ipcam_gpio_test_init(void)
{
	struct gpiod_lookup *l;
	int ret;

	if (chip) {
		for (l = sim_lookup.table; l->key; l++)
			l->key = chip;
		gpiod_add_lookup_table(&sim_lookup);
		return 0;
	}
	ret = gpiochip_add_data(&sim_chip, NULL);
	if (ret)
		return ret;
	gpiod_add_lookup_table(&sim_lookup);
	sim_dir = debugfs_create_dir("ipcam_gpio_test", NULL);
	debugfs_create_file_unsafe("levels", 0400, sim_dir, NULL, &levels_fops);
	debugfs_create_file_unsafe("coil_writes", 0400, sim_dir, NULL, &coil_writes_fops);
	debugfs_create_file("set", 0200, sim_dir, NULL, &set_fops);
	return 0;
}

static void __exit ipcam_gpio_test_exit(void)
{
	gpiod_remove_lookup_table(&sim_lookup);
	if (chip)
		return;
	debugfs_remove_recursive(sim_dir);
	gpiochip_remove(&sim_chip);
}

module_init(ipcam_gpio_test_init);
module_exit(ipcam_gpio_test_exit);

MODULE_DESCRIPTION("ipcam test: software GPIO chip for the GPIO motor backend");
MODULE_LICENSE("GPL");

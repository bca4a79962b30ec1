// SPDX-License-Identifier: GPL-2.0-only
/*
 * Board test of /dev/ptzN: drives every ioctl and checks positions and
 * events; bad input gets the right errno and moves nothing.  Built 64-bit
 * and 32-bit (the compat path of a 64-bit kernel).
 *
 *   ptz-test DEV SYSFS DEBUGFS        functional suite
 *   ptz-test --unplug DEV PDEV        unbind PDEV while DEV is open
 *   ptz-test --bench DEV [RATE...]    step timing benchmark at RATE steps/s
 *                                     (200, 400 and 800 by default)
 *
 * Prints one PASS:/FAIL: line per check.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/ipcam-ptz.h>

/* The same layout on every ABI: this file is also built with -m32. */
_Static_assert(sizeof(struct ipcam_ptz_info) == 112, "info layout");
_Static_assert(sizeof(struct ipcam_ptz_status) == 64, "status layout");
_Static_assert(sizeof(struct ipcam_ptz_move) == 32, "move layout");
_Static_assert(sizeof(struct ipcam_ptz_event) == 40, "event layout");

static int failures;
static const char *sysfs, *debugfs;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	printf(ok ? "PASS: " : "FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!ok)
		failures++;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int write_file(const char *dir, const char *name, const char *val)
{
	char path[256];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ret = write(fd, val, strlen(val)) < 0 ? -errno : 0;
	close(fd);
	return ret;
}

static long read_long(const char *dir, const char *name)
{
	char path[256], buf[64] = "";
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -99999;
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = 0;
	close(fd);
	return strtol(buf, NULL, 10);
}

/* ioctl returning -errno */
static int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

static struct ipcam_ptz_status status(int fd)
{
	struct ipcam_ptz_status st;

	memset(&st, 0xff, sizeof(st));
	if (xioctl(fd, IPCAM_PTZ_IOC_STATUS, &st))
		memset(&st, 0, sizeof(st));
	return st;
}

/* Per open file: the seqno and timestamp of the last event read. */
static uint32_t last_seqno[64];
static uint64_t last_ts[64];
static int order_ok = 1;

/* Wait up to @ms for an event of @type; returns 1 and fills @out if seen. */
static int wait_event(int fd, uint32_t type, int ms, struct ipcam_ptz_event *out)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000;
	struct ipcam_ptz_event ev;

	while (now_ns() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 50) <= 0)
			continue;
		if (read(fd, &ev, sizeof(ev)) != sizeof(ev))
			return 0;
		if (ev.seqno != last_seqno[fd] + 1 || ev.timestamp_ns < last_ts[fd])
			order_ok = 0;
		last_seqno[fd] = ev.seqno;
		last_ts[fd] = ev.timestamp_ns;
		if (ev.type == type) {
			if (out)
				*out = ev;
			return 1;
		}
	}
	return 0;
}

static void drain(int fd)
{
	struct ipcam_ptz_event ev;
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	while (read(fd, &ev, sizeof(ev)) == sizeof(ev)) {
		last_seqno[fd] = ev.seqno;
		last_ts[fd] = ev.timestamp_ns;
	}
	fcntl(fd, F_SETFL, fl);
}

static int move(int fd, uint32_t mode, uint32_t mask, int32_t pan, int32_t tilt, uint32_t rate)
{
	struct ipcam_ptz_move m = {
		.mode = mode, .axis_mask = mask, .value = { pan, tilt }, .rate = rate,
	};

	return xioctl(fd, IPCAM_PTZ_IOC_MOVE, &m);
}

/* Absolute move of both axes and wait until both are done. */
static int goto_pos(int fd, int32_t pan, int32_t tilt)
{
	struct ipcam_ptz_status st;
	int i;

	drain(fd);
	if (move(fd, IPCAM_PTZ_MOVE_ABSOLUTE, IPCAM_PTZ_ALL_AXES, pan, tilt, 0))
		return 0;
	for (i = 0; i < 200; i++) {
		st = status(fd);
		if (st.state == IPCAM_PTZ_STATE_IDLE)
			return 1;
		usleep(50000);
	}
	return 0;
}

static void test_bad_input(int fd, const struct ipcam_ptz_info *info)
{
	struct ipcam_ptz_status before = status(fd), after;
	struct ipcam_ptz_move m = { .mode = IPCAM_PTZ_MOVE_ABSOLUTE,
				    .axis_mask = IPCAM_PTZ_PAN, .value = { 100, 0 } };
	struct ipcam_ptz_preset pr = { .op = IPCAM_PTZ_PRESET_GOTO, .index = 0 };
	struct ipcam_ptz_patrol pa = { .axis_mask = IPCAM_PTZ_PAN, .rounds = 1 };
	uint32_t mask;
	int ret;

	check(xioctl(fd, _IO(IPCAM_PTZ_IOC_MAGIC, 0x7f), NULL) == -ENOTTY,
	      "unknown ioctl number: ENOTTY");
	check(xioctl(fd, _IOR('V', 0, int), &ret) == -ENOTTY, "foreign ioctl: ENOTTY");
	m.reserved[2] = 1;
	check(xioctl(fd, IPCAM_PTZ_IOC_MOVE, &m) == -EINVAL, "move with reserved field set: EINVAL");
	m.reserved[2] = 0;
	m.mode = 7;
	check(xioctl(fd, IPCAM_PTZ_IOC_MOVE, &m) == -EINVAL, "move with bad mode: EINVAL");
	m.mode = IPCAM_PTZ_MOVE_ABSOLUTE;
	m.axis_mask = 4;
	check(xioctl(fd, IPCAM_PTZ_IOC_MOVE, &m) == -EINVAL, "move of axis 2: EINVAL");
	m.axis_mask = 0;
	check(xioctl(fd, IPCAM_PTZ_IOC_MOVE, &m) == -EINVAL, "move of no axis: EINVAL");
	m.axis_mask = IPCAM_PTZ_PAN;
	m.mode = IPCAM_PTZ_MOVE_CONTINUOUS;
	m.value[0] = 2;
	check(xioctl(fd, IPCAM_PTZ_IOC_MOVE, &m) == -EINVAL, "continuous direction 2: EINVAL");
	m.value[0] = 1;
	m.rate = info->axis[0].max_rate + 1;
	check(xioctl(fd, IPCAM_PTZ_IOC_MOVE, &m) == -EINVAL, "rate above max_rate: EINVAL");
	check(xioctl(fd, IPCAM_PTZ_IOC_MOVE, (void *)8) == -EFAULT, "move from a bad pointer: EFAULT");
	check(xioctl(fd, IPCAM_PTZ_IOC_STATUS, (void *)8) == -EFAULT, "status to a bad pointer: EFAULT");
	mask = 0;
	check(xioctl(fd, IPCAM_PTZ_IOC_STOP, &mask) == -EINVAL, "stop of no axis: EINVAL");
	pr.index = 16;
	check(xioctl(fd, IPCAM_PTZ_IOC_PRESET, &pr) == -EINVAL, "preset 16: EINVAL");
	pr.index = 0;
	pr.reserved[0] = 1;
	check(xioctl(fd, IPCAM_PTZ_IOC_PRESET, &pr) == -EINVAL, "preset with reserved set: EINVAL");
	pa.reserved[1] = 5;
	check(xioctl(fd, IPCAM_PTZ_IOC_PATROL, &pa) == -EINVAL, "patrol with reserved set: EINVAL");
	usleep(300000);
	after = status(fd);
	check(after.pos[0] == before.pos[0] && after.pos[1] == before.pos[1] &&
	      after.state == IPCAM_PTZ_STATE_IDLE, "bad input moved nothing (%d,%d)",
	      after.pos[0], after.pos[1]);
}

static void test_moves(int fd, const struct ipcam_ptz_info *info)
{
	const struct ipcam_ptz_axis_info *pan = &info->axis[0], *tilt = &info->axis[1];
	struct ipcam_ptz_status st, st0;
	struct ipcam_ptz_event ev;
	uint32_t mask;
	int64_t dist, allowed;
	uint64_t t_req;

	drain(fd);
	check(move(fd, IPCAM_PTZ_MOVE_ABSOLUTE, IPCAM_PTZ_ALL_AXES, 200, 100, 0) == 0,
	      "absolute move to 200,100");
	check(wait_event(fd, IPCAM_PTZ_EVENT_MOVE_DONE, 5000, &ev), "MOVE_DONE event");
	if (ev.axis_mask != IPCAM_PTZ_ALL_AXES)
		wait_event(fd, IPCAM_PTZ_EVENT_MOVE_DONE, 5000, &ev);
	st = status(fd);
	check(st.pos[0] == 200 && st.pos[1] == 100, "position 200,100 (%d,%d)", st.pos[0], st.pos[1]);
	check(read_long(sysfs, "pan_position") == 200 && read_long(sysfs, "tilt_position") == 100,
	      "sysfs positions follow");

	check(move(fd, IPCAM_PTZ_MOVE_RELATIVE, IPCAM_PTZ_PAN, -50, 0, 0) == 0, "relative -50 pan");
	check(wait_event(fd, IPCAM_PTZ_EVENT_MOVE_DONE, 5000, NULL), "relative move done");
	st = status(fd);
	check(st.pos[0] == 150 && st.pos[1] == 100, "position 150,100 (%d,%d)", st.pos[0], st.pos[1]);

	check(goto_pos(fd, 100000, -100000), "absolute beyond the limits");
	st = status(fd);
	check(st.pos[0] == pan->max && st.pos[1] == tilt->min, "clamped to max pan, min tilt (%d,%d)",
	      st.pos[0], st.pos[1]);

	goto_pos(fd, 0, 0);
	drain(fd);
	check(move(fd, IPCAM_PTZ_MOVE_CONTINUOUS, IPCAM_PTZ_TILT, 0, 1, 0) == 0, "continuous up");
	check(wait_event(fd, IPCAM_PTZ_EVENT_LIMIT, 8000, &ev), "LIMIT event at the top");
	check(ev.pos[1] == tilt->max && ev.data == IPCAM_PTZ_STATUS_TILT_AT_MAX,
	      "stopped at tilt max (%d, data %#x)", ev.pos[1], ev.data);

	/* Diagonal: both axes move at once. */
	goto_pos(fd, 0, 0);
	check(move(fd, IPCAM_PTZ_MOVE_CONTINUOUS, IPCAM_PTZ_ALL_AXES, 1, -1, 0) == 0,
	      "diagonal down-right");
	usleep(600000);
	st = status(fd);
	check(st.pos[0] > 0 && st.pos[1] < 0 && st.state == IPCAM_PTZ_STATE_MOVING,
	      "diagonal moves both axes (%d,%d)", st.pos[0], st.pos[1]);
	mask = IPCAM_PTZ_ALL_AXES;
	xioctl(fd, IPCAM_PTZ_IOC_STOP, &mask);
	goto_pos(fd, 0, 0);

	/*
	 * Stop within the deceleration distance v^2 / 2a (+2 steps), plus the
	 * steps taken between reading the position and the stop request (the
	 * test can be preempted there: under TCG, for milliseconds).
	 */
	check(move(fd, IPCAM_PTZ_MOVE_CONTINUOUS, IPCAM_PTZ_PAN, -1, 0, 0) == 0, "continuous left");
	usleep(500000);
	drain(fd);
	mask = IPCAM_PTZ_PAN;
	t_req = now_ns();
	st0 = status(fd);
	check(xioctl(fd, IPCAM_PTZ_IOC_STOP, &mask) == 0, "stop");
	t_req = now_ns() - t_req;
	check(wait_event(fd, IPCAM_PTZ_EVENT_MOVE_DONE, 5000, &ev), "stop ends with MOVE_DONE");
	dist = st0.pos[0] - ev.pos[0];
	allowed = (int64_t)st0.rate[0] * st0.rate[0] / (2 * pan->accel) + 2 +
		  (int64_t)((uint64_t)llabs(st0.rate[0]) * t_req / 1000000000ull) + 1;
	check(st0.rate[0] < 0 && dist >= 0 && dist <= allowed,
	      "stopped %lld steps after the request at %d steps/s (allowed %lld)",
	      (long long)dist, st0.rate[0], (long long)allowed);
}

static void test_presets(int fd)
{
	struct ipcam_ptz_preset pr = { .op = IPCAM_PTZ_PRESET_SET, .index = 3 };
	struct ipcam_ptz_status st;
	struct ipcam_ptz_event ev;

	goto_pos(fd, -300, 200);
	check(xioctl(fd, IPCAM_PTZ_IOC_PRESET, &pr) == 0, "set preset 4 at -300,200");
	check(status(fd).preset_mask & (1u << 3), "preset 4 stored");
	goto_pos(fd, 400, -100);
	pr.op = IPCAM_PTZ_PRESET_GOTO;
	drain(fd);
	check(xioctl(fd, IPCAM_PTZ_IOC_PRESET, &pr) == 0, "go to preset 4");
	check(wait_event(fd, IPCAM_PTZ_EVENT_PRESET_REACHED, 8000, &ev) && ev.data == 3,
	      "PRESET_REACHED 3");
	st = status(fd);
	check(abs(st.pos[0] + 300) <= 1 && abs(st.pos[1] - 200) <= 1,
	      "back at the preset within one step (%d,%d)", st.pos[0], st.pos[1]);
	pr.index = 9;
	check(xioctl(fd, IPCAM_PTZ_IOC_PRESET, &pr) == -ENOENT, "go to an unset preset: ENOENT");
	write_file(sysfs, "presets_disabled", "1");
	pr.index = 3;
	check(xioctl(fd, IPCAM_PTZ_IOC_PRESET, &pr) == -EPERM, "presets disabled: EPERM");
	write_file(sysfs, "presets_disabled", "0");
	pr.op = IPCAM_PTZ_PRESET_CLEAR;
	check(xioctl(fd, IPCAM_PTZ_IOC_PRESET, &pr) == 0 && !(status(fd).preset_mask & (1u << 3)),
	      "clear preset 4");
}

/* G_PRESET / S_PRESET: how presets are saved and restored across reloads. */
static void test_preset_positions(int fd, const struct ipcam_ptz_info *info)
{
	struct ipcam_ptz_preset pr = { .op = IPCAM_PTZ_PRESET_SET, .index = 5 };
	struct ipcam_ptz_preset_pos pp = { .index = 5 };
	struct ipcam_ptz_status st;
	struct ipcam_ptz_event ev;
	int ret;

	goto_pos(fd, 250, -150);
	check(xioctl(fd, IPCAM_PTZ_IOC_PRESET, &pr) == 0, "set preset 6 at 250,-150");
	/* the call first: check()'s arguments are evaluated in any order */
	ret = xioctl(fd, IPCAM_PTZ_IOC_G_PRESET, &pp);
	check(ret == 0 && pp.flags == IPCAM_PTZ_PRESET_STORED && pp.pos[0] == 250 &&
	      pp.pos[1] == -150, "G_PRESET reads it back (flags %u, %d,%d)", pp.flags,
	      pp.pos[0], pp.pos[1]);
	/* the output fields are overwritten, whatever they held */
	pp = (struct ipcam_ptz_preset_pos){ .index = 11, .flags = 5, .pos = { 3, 4 } };
	check(xioctl(fd, IPCAM_PTZ_IOC_G_PRESET, &pp) == 0 && pp.flags == 0 &&
	      pp.pos[0] == 0 && pp.pos[1] == 0, "G_PRESET of an unset preset: flags 0, 0/0");

	/* restore one at a position the head has never been to, and go there */
	pp = (struct ipcam_ptz_preset_pos){ .index = 11, .flags = IPCAM_PTZ_PRESET_STORED,
					    .pos = { -420, 90 } };
	write_file(sysfs, "presets_disabled", "1");
	check(xioctl(fd, IPCAM_PTZ_IOC_S_PRESET, &pp) == 0,
	      "S_PRESET stores preset 12 at -420,90 (presets disabled or not)");
	write_file(sysfs, "presets_disabled", "0");
	check(status(fd).preset_mask & (1u << 11), "preset 12 is in the status mask");
	pr = (struct ipcam_ptz_preset){ .op = IPCAM_PTZ_PRESET_GOTO, .index = 11 };
	drain(fd);
	check(xioctl(fd, IPCAM_PTZ_IOC_PRESET, &pr) == 0 &&
	      wait_event(fd, IPCAM_PTZ_EVENT_PRESET_REACHED, 8000, &ev) && ev.data == 11,
	      "go to the restored preset 12");
	st = status(fd);
	check(st.pos[0] == -420 && st.pos[1] == 90, "at the restored position (%d,%d)",
	      st.pos[0], st.pos[1]);

	/* bad input changes nothing */
	pp.pos[0] = info->axis[0].max + 1;
	check(xioctl(fd, IPCAM_PTZ_IOC_S_PRESET, &pp) == -ERANGE,
	      "S_PRESET beyond the pan limit: ERANGE");
	pp.pos[0] = -420;
	pp.pos[1] = info->axis[1].min - 1;
	check(xioctl(fd, IPCAM_PTZ_IOC_S_PRESET, &pp) == -ERANGE,
	      "S_PRESET beyond the tilt limit: ERANGE");
	pp.pos[1] = 90;
	pp.flags = 2;
	check(xioctl(fd, IPCAM_PTZ_IOC_S_PRESET, &pp) == -EINVAL, "S_PRESET unknown flag: EINVAL");
	pp.flags = IPCAM_PTZ_PRESET_STORED;
	pp.reserved[3] = 1;
	check(xioctl(fd, IPCAM_PTZ_IOC_S_PRESET, &pp) == -EINVAL, "S_PRESET reserved set: EINVAL");
	pp.reserved[3] = 0;
	pp.index = IPCAM_PTZ_NUM_PRESETS;
	check(xioctl(fd, IPCAM_PTZ_IOC_S_PRESET, &pp) == -EINVAL, "S_PRESET index 16: EINVAL");
	check(xioctl(fd, IPCAM_PTZ_IOC_G_PRESET, &pp) == -EINVAL, "G_PRESET index 16: EINVAL");
	pp = (struct ipcam_ptz_preset_pos){ .index = 11, .flags = 0, .pos = { 1, 0 } };
	check(xioctl(fd, IPCAM_PTZ_IOC_S_PRESET, &pp) == -EINVAL,
	      "S_PRESET clear with a position: EINVAL");
	pp = (struct ipcam_ptz_preset_pos){ .index = 11, .reserved = { 0, 1 } };
	check(xioctl(fd, IPCAM_PTZ_IOC_G_PRESET, &pp) == -EINVAL,
	      "G_PRESET with a reserved field set: EINVAL");
	check(xioctl(fd, IPCAM_PTZ_IOC_G_PRESET, (void *)8) == -EFAULT, "G_PRESET bad pointer: EFAULT");
	pp = (struct ipcam_ptz_preset_pos){ .index = 11 };
	check(xioctl(fd, IPCAM_PTZ_IOC_G_PRESET, &pp) == 0 && pp.pos[0] == -420 && pp.pos[1] == 90,
	      "preset 12 unchanged by the refused calls");

	/* flags 0 clears */
	pp = (struct ipcam_ptz_preset_pos){ .index = 11 };
	check(xioctl(fd, IPCAM_PTZ_IOC_S_PRESET, &pp) == 0 &&
	      !(status(fd).preset_mask & (1u << 11)), "S_PRESET with flags 0 clears preset 12");
	pp.index = 5;
	check(xioctl(fd, IPCAM_PTZ_IOC_S_PRESET, &pp) == 0, "clear preset 6");
}

static void test_sequences(int fd, const struct ipcam_ptz_info *info)
{
	struct ipcam_ptz_patrol pa = { .axis_mask = IPCAM_PTZ_TILT, .rounds = 2 };
	struct ipcam_ptz_status st;
	struct ipcam_ptz_event ev;
	int rounds = 0;

	goto_pos(fd, 500, 300);
	drain(fd);
	check(xioctl(fd, IPCAM_PTZ_IOC_CENTER, NULL) == 0, "center");
	usleep(200000);
	check(status(fd).state == IPCAM_PTZ_STATE_HOMING, "state homing");
	check(wait_event(fd, IPCAM_PTZ_EVENT_HOMED, 15000, &ev) && ev.data == 0, "HOMED, switch found");
	st = status(fd);
	check(st.pos[0] == 0 && st.pos[1] == 0 && (st.flags & IPCAM_PTZ_STATUS_HOMED),
	      "homed and centred (%d,%d)", st.pos[0], st.pos[1]);

	write_file(sysfs, "patrol_rate", "0");
	drain(fd);
	check(xioctl(fd, IPCAM_PTZ_IOC_PATROL, &pa) == 0, "vertical patrol, 2 rounds");
	usleep(200000);
	check(status(fd).state == IPCAM_PTZ_STATE_PATROL, "state patrol");
	while (wait_event(fd, IPCAM_PTZ_EVENT_PATROL_ROUND, 8000, &ev))
		if (++rounds == 2)
			break;
	check(rounds == 2 && ev.data == 2, "two PATROL_ROUND events");
	check(wait_event(fd, IPCAM_PTZ_EVENT_PATROL_DONE, 3000, NULL), "PATROL_DONE");
	st = status(fd);
	check(st.pos[1] == info->axis[1].min && st.state == IPCAM_PTZ_STATE_IDLE,
	      "patrol ends at the bottom, idle (%d)", st.pos[1]);

	drain(fd);
	check(xioctl(fd, IPCAM_PTZ_IOC_SELFTEST, NULL) == 0, "self-test");
	check(wait_event(fd, IPCAM_PTZ_EVENT_SELFTEST_DONE, 30000, &ev) && ev.data == 0,
	      "SELFTEST_DONE, passed");
	st = status(fd);
	check(st.pos[0] == 0 && st.pos[1] == 0, "self-test ends centred");
}

/*
 * The sequence ioctls of a 32-bit caller (--abi): each starts what it
 * should and a STOP ends it.  Their whole course is the 64-bit run's
 * (test_sequences): the compat path shares everything past the copy.
 */
static void test_sequences_abi(int fd)
{
	struct ipcam_ptz_patrol pa = { .axis_mask = IPCAM_PTZ_TILT, .rounds = 2 };
	const struct {
		unsigned long cmd;
		void *arg;
		uint32_t state;
		const char *name;
	} seq[] = {
		{ IPCAM_PTZ_IOC_CENTER, NULL, IPCAM_PTZ_STATE_HOMING, "center" },
		{ IPCAM_PTZ_IOC_PATROL, &pa, IPCAM_PTZ_STATE_PATROL, "patrol" },
		{ IPCAM_PTZ_IOC_SELFTEST, NULL, IPCAM_PTZ_STATE_SELFTEST, "self-test" },
	};
	uint32_t all = IPCAM_PTZ_ALL_AXES;

	for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		int idle = 0;

		drain(fd);
		check(xioctl(fd, seq[i].cmd, seq[i].arg) == 0, "%s starts", seq[i].name);
		usleep(200000);
		check(status(fd).state == seq[i].state, "%s: its state", seq[i].name);
		check(xioctl(fd, IPCAM_PTZ_IOC_STOP, &all) == 0, "%s: STOP", seq[i].name);
		for (int k = 0; k < 50 && !idle; k++) {
			idle = status(fd).state == IPCAM_PTZ_STATE_IDLE;
			if (!idle)
				usleep(100000);
		}
		check(idle, "%s: idle after the STOP", seq[i].name);
	}
	/* where the full run's self-test ends: the suite goes on from 0/0 */
	check(goto_pos(fd, 0, 0), "back to 0/0");
}

static void test_io(int fd)
{
	struct ipcam_ptz_event ev;
	char path[256];
	int fd2;

	snprintf(path, sizeof(path), "/dev/%s", strrchr(sysfs, '/') + 1);
	fd2 = open(path, O_RDWR);
	drain(fd);
	check(write_file(debugfs, "alarm_input", "1") == 0, "drive the simulated alarm input");
	check(wait_event(fd, IPCAM_PTZ_EVENT_ALARM_INPUT, 2000, &ev) && ev.data == 1,
	      "ALARM_INPUT 1 event");
	check(read_long(sysfs, "alarm_input") == 1, "sysfs alarm_input 1");
	check(wait_event(fd2, IPCAM_PTZ_EVENT_ALARM_INPUT, 2000, &ev) && ev.seqno == 1,
	      "a second open file gets its own copy, seqno 1");
	write_file(debugfs, "alarm_input", "0");
	check(wait_event(fd, IPCAM_PTZ_EVENT_ALARM_INPUT, 2000, &ev) && ev.data == 0,
	      "ALARM_INPUT 0 event");
	close(fd2);

	check(write_file(sysfs, "io_output", "1") == 0, "io_output 1");
	check(wait_event(fd, IPCAM_PTZ_EVENT_IO_OUTPUT, 2000, &ev) && ev.data == 1, "IO_OUTPUT event");
	check(write_file(sysfs, "io_output", "2") == -ERANGE, "io_output 2: ERANGE");
	check(write_file(sysfs, "patrol_rate", "x") == -EINVAL, "patrol_rate x: EINVAL");
	check(read_long(sysfs, "io_output") == 1, "io_output unchanged by the bad write");
	write_file(sysfs, "io_output", "0");
	check(order_ok, "event seqnos consecutive, timestamps monotonic");
}

static int unplug(const char *dev, const char *pdev)
{
	struct pollfd p;
	char ev[64];
	int fd = open(dev, O_RDWR);
	int ret;

	check(fd >= 0, "open %s", dev);
	move(fd, IPCAM_PTZ_MOVE_CONTINUOUS, IPCAM_PTZ_PAN, 1, 0, 0);
	usleep(300000);
	check(write_file("/sys/bus/platform/drivers/ipcam", "unbind", pdev) == 0, "unbind %s", pdev);
	check(xioctl(fd, IPCAM_PTZ_IOC_STATUS, ev) == -ENODEV, "ioctl after unbind: ENODEV");
	ret = read(fd, ev, sizeof(ev));
	check(ret < 0 && errno == ENODEV, "read after unbind: ENODEV");
	p.fd = fd;
	p.events = POLLIN;
	check(poll(&p, 1, 1000) == 1 && (p.revents & (POLLHUP | POLLERR)) == (POLLHUP | POLLERR),
	      "poll after unbind: POLLHUP | POLLERR");
	check(close(fd) == 0, "close after unbind");
	return failures ? 1 : 0;
}

/*
 * Step timing from the events' timestamps: moves of N1 and N2 steps at the
 * same rate have identical ramps, so the difference of their durations
 * (request to MOVE_DONE timestamp) is (N2 - N1) / rate.  Jitter is the
 * spread of the durations of identical moves.
 */
static int timed_move(int fd, int32_t from, int32_t to, uint32_t rate, double *secs)
{
	struct ipcam_ptz_event ev;
	uint64_t t0;

	goto_pos(fd, from, 0);
	drain(fd);
	t0 = now_ns();
	if (move(fd, IPCAM_PTZ_MOVE_ABSOLUTE, IPCAM_PTZ_PAN, to, 0, rate) ||
	    !wait_event(fd, IPCAM_PTZ_EVENT_MOVE_DONE, 20000, &ev))
		return 0;
	*secs = (ev.timestamp_ns - t0) / 1e9;
	return 1;
}

/* Step timing: the rate measured between moves of two lengths at each of RATES[N]. */
static int bench(const char *dev, const uint32_t *rates, int n)
{
	const int n1 = 400, n2 = 1200, reps = 2;
	int fd = open(dev, O_RDWR);
	struct ipcam_ptz_info info;
	int i, r;

	if (fd < 0 || xioctl(fd, IPCAM_PTZ_IOC_INFO, &info))
		return 1;
	printf("step timing: moves of %d and %d steps, %u steps/s^2\n", n1, n2, info.axis[0].accel);
	for (r = 0; r < n; r++) {
		double t1 = 0, t2 = 0, sq = 0, d, rate, sd;

		for (i = 0; i < reps; i++) {
			if (!timed_move(fd, -600, -600 + n1, rates[r], &d))
				return 1;
			t1 += d;
			if (!timed_move(fd, -600, -600 + n2, rates[r], &d))
				return 1;
			t2 += d;
			sq += d * d;
		}
		t1 /= reps;
		t2 /= reps;
		sd = sq / reps - t2 * t2;
		sd = sd > 0 ? __builtin_sqrt(sd) : 0;
		rate = (n2 - n1) / (t2 - t1);
		printf("requested %4u steps/s: measured %7.1f steps/s (%+.2f%%), jitter of a %d-step move %.2f ms\n",
		       rates[r], rate, 100.0 * (rate - rates[r]) / rates[r], n2, sd * 1e3);
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct ipcam_ptz_info info;
	int fd;

	/* --abi: the compat run; the long sequences are only started */
	bool abi = argc == 5 && !strcmp(argv[1], "--abi");

	if (abi) {
		argv++;
		argc--;
	}
	if (argc == 4 && !strcmp(argv[1], "--unplug"))
		return unplug(argv[2], argv[3]);
	if (argc >= 3 && !strcmp(argv[1], "--bench")) {
		uint32_t rates[8] = { 200, 400, 800 };
		int n = argc > 3 ? argc - 3 : 3;

		for (int i = 3; i < argc && i - 3 < 8; i++) {
			char *end;
			unsigned long v = strtoul(argv[i], &end, 10);

			if (*end || !v || v > 100000) {
				fprintf(stderr, "%s: bad rate '%s'\n", argv[0], argv[i]);
				return 2;
			}
			rates[i - 3] = (uint32_t)v;
		}
		return bench(argv[2], rates, n > 8 ? 8 : n);
	}
	if (argc != 4) {
		fprintf(stderr,
			"usage: %s [--abi] DEV SYSFS DEBUGFS | --unplug DEV PDEV | --bench DEV [RATE...]\n",
			argv[0]);
		return 2;
	}
	sysfs = argv[2];
	debugfs = argv[3];
	printf("# %zu-bit build\n", sizeof(long) * 8);
	fd = open(argv[1], O_RDWR);
	check(fd >= 0, "open %s", argv[1]);
	if (fd < 0)
		return 1;
	check(xioctl(fd, IPCAM_PTZ_IOC_INFO, &info) == 0 && info.version == IPCAM_PTZ_API_VERSION &&
	      info.num_presets == 16 && info.axis[0].min < 0 && info.axis[0].max > 0,
	      "INFO: version IPCAM_PTZ_API_VERSION, 16 presets, ranges around 0");
	test_bad_input(fd, &info);
	test_moves(fd, &info);
	test_presets(fd);
	test_preset_positions(fd, &info);
	if (abi)
		test_sequences_abi(fd);
	else
		test_sequences(fd, &info);
	test_io(fd);
	close(fd);
	return failures ? 1 : 0;
}

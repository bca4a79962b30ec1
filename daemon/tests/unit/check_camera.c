// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The device-facing CGIs against a recording stand-in for libipcam
 * (fake_ipcam.c): what each camera_control, decoder_control and set_misc
 * request does to the camera, how the get CGIs read it back, hotplug, and
 * the replies without a camera.  The same effects are checked on the real
 * module by tests/daemon-board/cgi-camera.sh.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "alarm.h"
#include "auth.h"
#include "camera.h"
#include "cgi.h"
#include "config.h"
#include "fake_ipcam.h"
#include "services.h"
#include "settings.h"
#include "unit.h"
#include "util.h"

static struct reply r;
/* The camera under test (camera_new() in setup). */
static struct camera *cam;

static void setup(void)
{
	struct factory f = { "Adm1n", 80 };
	struct ipcam_hotplug_event ev;
	struct ipcam_monitor *m;

	camera_free(cam);
	cam = NULL;
	fake_reset();
	/* drain events a previous test left */
	if (ipcam_monitor_new(&m, IPCAM_HOTPLUG_AUTO) == 0)
		while (ipcam_monitor_read(m, &ev) == 0)
			;
	settings_init(NULL, &f);
	fake.present = true;
	cam = camera_new("");
	reply_init(&r);
}

static void teardown(void)
{
	reply_free(&r);
	camera_free(cam);
	cam = NULL;
	settings_shutdown();
}

/* The background clients the requests of run() reach (NULL: the camera alone). */
static const struct services *run_svc;

/* Run HANDLER for PATH?QUERY as an administrator; the reply is in r. */
static void run(cgi_fn fn, const char *path, const char *query)
{
	struct services cam_only = { .camera = cam };
	struct query q;
	struct request rq = { path, &q, PRI_ADMIN, "admin", NULL, NULL,
			      run_svc ? run_svc : &cam_only, NULL, NULL };

	query_parse(&q, query, strlen(query));
	reply_free(&r);
	reply_init(&r);
	fn(&rq, &r);
	query_free(&q);
}

#define ck_ok() ck_assert_bytes(r.body, r.len, "ok.\n")
#define ck_illegal() ck_assert_bytes(r.body, r.len, "error: illegal params.")

static void ctl(const char *q)
{
	run(cgi_camera_control, "/camera_control.cgi", q);
}

static void dec(const char *q)
{
	run(cgi_decoder_control, "/decoder_control.cgi", q);
}

static void expect_call(int op, uint32_t mask, int32_t pan, int32_t tilt, uint32_t arg)
{
	const struct fake_call *c = fake_last();

	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->op, op);
	ck_assert_uint_eq(c->mask, mask);
	ck_assert_int_eq(c->v[0], pan);
	ck_assert_int_eq(c->v[1], tilt);
	ck_assert_uint_eq(c->arg, arg);
}

START_TEST(settings_applied_on_open)
{
	/* the factory camera settings and misc settings reach the device */
	ck_assert(camera_present(cam));
	ck_assert_int_eq(fake.setting[IPCAM_SETTING_BRIGHTNESS], 96);
	ck_assert_int_eq(fake.setting[IPCAM_SETTING_CONTRAST], 4);
	ck_assert_int_eq(fake.setting[IPCAM_SETTING_RESOLUTION], 32);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_PATROL_RATE], 10);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_UP_RATE], 50);
	/* the read-only firmware choice is left alone; the start is pending */
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_CENTER_ON_START], 0);
	ck_assert_int_eq(camera_start_wait_ms(cam, 5000), 100);
}
END_TEST

START_TEST(camera_control_and_params)
{
	struct changeset c;

	ctl("param=1&value=160");
	ck_ok();
	ck_assert_int_eq(fake.setting[IPCAM_SETTING_BRIGHTNESS], 160);
	ck_assert_int_eq(settings_int("brightness"), 160);	/* remembered */
	ctl("param=2&value=6");
	ck_assert_int_eq(fake.setting[IPCAM_SETTING_CONTRAST], 6);
	ctl("param=3&value=2");
	ck_assert_int_eq(fake.setting[IPCAM_SETTING_MODE], 2);
	ctl("param=5&value=3");
	ck_assert_int_eq(fake.setting[IPCAM_SETTING_FLIP], 3);
	ctl("param=0&value=8");
	ck_assert_int_eq(fake.setting[IPCAM_SETTING_RESOLUTION], 8);
	ctl("param=6&value=11");		/* 5 fps */
	ck_ok();
	ck_assert_uint_eq(fake.interval.num, 1);
	ck_assert_uint_eq(fake.interval.den, 5);
	ctl("param=6&value=16");		/* between 15 and 17: next slower, 0.5 fps */
	ck_assert_uint_eq(fake.interval.den, 1);	/* the nearest the camera has: 1 s */
	ctl("param=6&value=0");
	ck_assert_uint_eq(fake.interval.den, 30);

	/* get_camera_params reads the device */
	fake.setting[IPCAM_SETTING_BRIGHTNESS] = 48;
	fake.interval = (struct ipcam_interval){ 1, 10 };
	run(cgi_get_camera_params, "/get_camera_params.cgi", "");
	ck_assert_bytes(r.body, r.len,
			"var resolution=8;\nvar brightness=48;\nvar contrast=6;\n"
			"var mode=2;\nvar flip=3;\nvar fps=6;\n");
	/* what the camera cannot report: the stored value */
	fake.setting_err[IPCAM_SETTING_MODE] = -EOPNOTSUPP;
	changeset_init(&c);
	changeset_add(&c, setting_index("mode"), "1");
	settings_commit(&c, NULL);
	changeset_free(&c);
	run(cgi_get_camera_params, "/get_camera_params.cgi", "");
	ck_assert_ptr_nonnull(strstr(r.body, "var mode=1;\n"));
}
END_TEST

START_TEST(camera_control_refusals)
{
	int before[6];

	memcpy(before, fake.setting, sizeof(before));
	ctl("param=1&value=256");
	ck_illegal();
	ctl("param=0&value=16");
	ck_illegal();
	ctl("param=4&value=1");
	ck_illegal();
	ctl("param=1");
	ck_illegal();
	ctl("param=x&value=1");
	ck_illegal();
	ck_assert(memcmp(before, fake.setting, sizeof(before)) == 0);
	/* the device refuses a size it lacks: illegal, nothing stored */
	ctl("param=0&value=64");
	ck_illegal();
	ck_assert_int_eq(settings_int("resolution"), 32);
	/* a device error that is not about the value */
	fake.setting_err[IPCAM_SETTING_BRIGHTNESS] = -EIO;
	ctl("param=1&value=10");
	ck_assert_int_eq(r.status, 500);
	ck_assert_int_eq(settings_int("brightness"), 96);
}
END_TEST

START_TEST(moves)
{
	static const struct { const char *q; uint32_t mask; int pan, tilt; } m[] = {
		{ "command=0", IPCAM_PTZ_TILT, 0, 1 },
		{ "command=2", IPCAM_PTZ_TILT, 0, -1 },
		{ "command=4", IPCAM_PTZ_PAN, -1, 0 },
		{ "command=6", IPCAM_PTZ_PAN, 1, 0 },
		{ "command=90", IPCAM_PTZ_ALL_AXES, 1, 1 },
		{ "command=91", IPCAM_PTZ_ALL_AXES, -1, 1 },
		{ "command=92", IPCAM_PTZ_ALL_AXES, 1, -1 },
		{ "command=93", IPCAM_PTZ_ALL_AXES, -1, -1 },
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		dec(m[i].q);
		ck_ok();
		/* rate 0: the head's up/down/left/right rates apply */
		expect_call(FAKE_MOVE_CONT, m[i].mask, m[i].pan, m[i].tilt, 0);
	}
	for (int s = 1; s <= 7; s += 2) {
		char q[32];

		snprintf(q, sizeof(q), "command=%d", s);
		dec(q);
		ck_ok();
		expect_call(FAKE_STOP, IPCAM_PTZ_ALL_AXES, 0, 0, 0);
	}
	dec("command=25");
	expect_call(FAKE_CENTER, 0, 0, 0, 0);
}
END_TEST

START_TEST(mirror_and_flip)
{
	int opens;

	/* camera_control sets the flip; the PTZ commands turn by it */
	ctl("param=5&value=2");		/* mirror: left/right swap */
	opens = fake.opens;
	dec("command=4");
	expect_call(FAKE_MOVE_CONT, IPCAM_PTZ_PAN, 1, 0, 0);
	dec("command=6");
	expect_call(FAKE_MOVE_CONT, IPCAM_PTZ_PAN, -1, 0, 0);
	dec("command=0");
	expect_call(FAKE_MOVE_CONT, IPCAM_PTZ_TILT, 0, 1, 0);
	/* the flip state is cached: no PTZ command opened the video node */
	ck_assert_int_eq(fake.opens, opens);
	ctl("param=5&value=1");		/* upside down: up/down swap */
	dec("command=0");
	expect_call(FAKE_MOVE_CONT, IPCAM_PTZ_TILT, 0, -1, 0);
	dec("command=4");
	expect_call(FAKE_MOVE_CONT, IPCAM_PTZ_PAN, -1, 0, 0);
	ctl("param=5&value=3");
	dec("command=90");
	expect_call(FAKE_MOVE_CONT, IPCAM_PTZ_ALL_AXES, -1, -1, 0);
	/* a value the device refuses leaves the cached state as it was */
	fake.setting_err[IPCAM_SETTING_FLIP] = -EINVAL;
	ctl("param=5&value=0");
	fake.setting_err[IPCAM_SETTING_FLIP] = 0;
	dec("command=90");
	expect_call(FAKE_MOVE_CONT, IPCAM_PTZ_ALL_AXES, -1, -1, 0);
}
END_TEST

START_TEST(onestep_and_degree)
{
	/* 3600 steps per turn on pan, 1800 on tilt */
	dec("command=6&onestep=1");		/* no degree yet: 5 */
	ck_ok();
	expect_call(FAKE_MOVE_REL, IPCAM_PTZ_PAN, 50, 0, 0);
	dec("command=6&onestep=1&degree=10");
	ck_ok();
	expect_call(FAKE_MOVE_REL, IPCAM_PTZ_PAN, 100, 0, 0);
	dec("command=0&onestep");		/* no value: 1; the size stays */
	expect_call(FAKE_MOVE_REL, IPCAM_PTZ_TILT, 0, 50, 0);
	dec("command=93&onestep=&degree=1");
	expect_call(FAKE_MOVE_REL, IPCAM_PTZ_ALL_AXES, -10, -5, 0);
	dec("command=6&onestep=0");
	expect_call(FAKE_MOVE_CONT, IPCAM_PTZ_PAN, 1, 0, 0);
	dec("command=1&onestep=1");		/* a stop stays a stop */
	expect_call(FAKE_STOP, IPCAM_PTZ_ALL_AXES, 0, 0, 0);
	dec("command=6&degree=360&onestep=1");
	expect_call(FAKE_MOVE_REL, IPCAM_PTZ_PAN, 3600, 0, 0);
	fake.ncalls = 0;
	dec("command=6&onestep=2");
	ck_illegal();
	dec("command=6&degree=361");
	ck_illegal();
	ck_assert_int_eq(fake.ncalls, 0);
}
END_TEST

START_TEST(patrols_presets_io)
{
	fake.attr[IPCAM_PTZ_ATTR_PATROL_H_ROUNDS] = 3;
	fake.attr[IPCAM_PTZ_ATTR_PATROL_V_ROUNDS] = 4;
	dec("command=28");
	expect_call(FAKE_PATROL, IPCAM_PTZ_PAN, 0, 0, 3);
	dec("command=29");
	expect_call(FAKE_STOP, IPCAM_PTZ_PAN, 0, 0, 0);
	dec("command=20");
	expect_call(FAKE_PATROL, IPCAM_PTZ_PAN, 0, 0, 3);
	dec("command=21");
	expect_call(FAKE_STOP, IPCAM_PTZ_PAN, 0, 0, 0);
	dec("command=26");
	expect_call(FAKE_PATROL, IPCAM_PTZ_TILT, 0, 0, 4);
	dec("command=27");
	expect_call(FAKE_STOP, IPCAM_PTZ_TILT, 0, 0, 0);

	dec("command=30");
	expect_call(FAKE_PRESET_SET, 0, 0, 0, 0);
	dec("command=31");
	expect_call(FAKE_PRESET_GOTO, 0, 0, 0, 0);
	dec("command=44");
	expect_call(FAKE_PRESET_SET, 0, 0, 0, 7);	/* preset 8 */
	dec("command=61");
	expect_call(FAKE_PRESET_GOTO, 0, 0, 0, 15);	/* preset 16 */
	dec("command=62");
	ck_illegal();					/* preset 17 */
	fake.preset_err = -EPERM;			/* ptz_disable_preset */
	dec("command=31");
	ck_illegal();

	dec("command=94");
	ck_ok();
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_IO_OUTPUT], 1);
	dec("command=95");
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_IO_OUTPUT], 0);
	dec("command=255");
	expect_call(FAKE_SELFTEST, 0, 0, 0, 0);
	fake.ncalls = 0;
	dec("command=12");		/* lens: accepted, nothing moves */
	ck_ok();
	dec("command=64");		/* reserved */
	ck_ok();
	ck_assert_int_eq(fake.ncalls, 0);
	dec("command=256");
	ck_illegal();
	dec("command=");
	ck_illegal();
}
END_TEST

START_TEST(misc_on_the_device)
{
	int32_t attrs[IPCAM_PTZ_ATTR_COUNT];

	run(cgi_set, "/set_misc.cgi",
	    "led_mode=2&ptz_center_onstart=0&ptz_auto_patrol_interval=60&"
	    "ptz_auto_patrol_type=3&ptz_patrol_h_rounds=5&ptz_patrol_v_rounds=6&"
	    "ptz_patrol_rate=20&ptz_patrol_up_rate=61&ptz_patrol_down_rate=62&"
	    "ptz_patrol_left_rate=63&ptz_patrol_right_rate=64&ptz_disable_preset=1&"
	    "ptz_preset_onstart=9");
	ck_ok();
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_LED_MODE], 2);
	/* the start actions are the daemon's: stored, not written to the head */
	ck_assert_int_eq(settings_int("ptz_center_onstart"), 0);
	ck_assert_int_eq(settings_int("ptz_preset_onstart"), 9);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_AUTO_PATROL_INTERVAL], 60);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_PATROL_TYPE], 3);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_PATROL_H_ROUNDS], 5);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_PATROL_V_ROUNDS], 6);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_PATROL_RATE], 20);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_UP_RATE], 61);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_DOWN_RATE], 62);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_LEFT_RATE], 63);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_RIGHT_RATE], 64);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_PRESETS_DISABLED], 1);
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_CENTER_ON_START], 0);
	ck_assert_int_eq(settings_int("ptz_patrol_rate"), 20);

	/* get_misc reads the device */
	fake.attr[IPCAM_PTZ_ATTR_LED_MODE] = 1;
	run(cgi_get_misc, "/get_misc.cgi", "");
	ck_assert_bytes(r.body, r.len,
			"var led_mode=1;\nvar ptz_center_onstart=0;\n"
			"var ptz_auto_patrol_interval=60;\nvar ptz_auto_patrol_type=3;\n"
			"var ptz_patrol_h_rounds=5;\nvar ptz_patrol_v_rounds=6;\n"
			"var ptz_patrol_rate=20;\nvar ptz_patrol_up_rate=61;\n"
			"var ptz_patrol_down_rate=62;\nvar ptz_patrol_left_rate=63;\n"
			"var ptz_patrol_right_rate=64;\nvar ptz_disable_preset=1;\n"
			"var ptz_preset_onstart=9;\n");

	/* a bad value: nothing written */
	memcpy(attrs, fake.attr, sizeof(attrs));
	fake.attr_sets = 0;
	run(cgi_set, "/set_misc.cgi", "led_mode=0&ptz_patrol_rate=101");
	ck_illegal();
	ck_assert_int_eq(fake.attr_sets, 0);

	/* the device refuses one: the others are put back, nothing stored */
	fake.fail_attr = IPCAM_PTZ_ATTR_PATROL_RATE;
	fake.fail_attr_err = -EINVAL;
	run(cgi_set, "/set_misc.cgi", "led_mode=0&ptz_patrol_rate=30");
	ck_illegal();
	ck_assert(memcmp(attrs, fake.attr, sizeof(attrs)) == 0);
	ck_assert_int_eq(settings_int("led_mode"), 2);
	ck_assert_int_eq(settings_int("ptz_patrol_rate"), 20);
}
END_TEST

/* Restart the daemon's camera side: what a reboot of the camera does. */
static void restart_camera(void)
{
	camera_free(cam);
	cam = camera_new("");
}

START_TEST(presets_saved_and_restored)
{
	fake.status.pos[0] = 120;
	fake.status.pos[1] = -40;
	dec("command=34");		/* set preset 3 */
	ck_ok();
	ck_assert_int_eq(settings_int("ptz_preset_mask"), 1 << 2);
	ck_assert_int_eq(settings_int("ptz_preset3_pan"), 120);
	ck_assert_int_eq(settings_int("ptz_preset3_tilt"), -40);

	/* the module was reloaded: no presets, and one the daemon never saved */
	fake.status.preset_mask = 1U << 5;
	fake.restores = 0;
	restart_camera();
	ck_assert_int_eq(fake.restores, IPCAM_PTZ_NUM_PRESETS);
	ck_assert_uint_eq(fake.status.preset_mask, 1U << 2);
	ck_assert_int_eq(fake.preset_pos[2][0], 120);
	ck_assert_int_eq(fake.preset_pos[2][1], -40);

	/* a head that refuses a saved position: the camera still opens */
	fake.restore_err = -ERANGE;
	restart_camera();
	ck_assert(camera_has_ptz(cam));

	/* presets disabled: nothing set, nothing saved */
	fake.preset_err = -EPERM;
	dec("command=36");
	ck_illegal();
	ck_assert_int_eq(settings_int("ptz_preset_mask"), 1 << 2);
}
END_TEST

START_TEST(start_actions)
{
	fake.status.pos[0] = 300;
	dec("command=32");		/* set preset 2 */
	ck_ok();
	run(cgi_set, "/set_misc.cgi", "ptz_center_onstart=1&ptz_preset_onstart=2");
	ck_ok();

	/* the kernel is homing the head (firmware centre-on-start): wait */
	fake.status.state = IPCAM_PTZ_STATE_HOMING;
	restart_camera();
	ck_assert_int_eq(camera_start_wait_ms(cam, 5000), 100);
	fake.ncalls = 0;
	camera_start_tick(cam);
	ck_assert_int_eq(fake.ncalls, 0);

	/* it was not homed: centre it, wait for that, then the preset */
	fake.status.state = IPCAM_PTZ_STATE_IDLE;
	camera_start_tick(cam);
	expect_call(FAKE_CENTER, 0, 0, 0, 0);
	fake.status.state = IPCAM_PTZ_STATE_HOMING;
	camera_start_tick(cam);
	ck_assert_int_eq(fake.ncalls, 1);
	fake.status.state = IPCAM_PTZ_STATE_IDLE;
	fake.status.flags = IPCAM_PTZ_STATUS_HOMED;
	camera_start_tick(cam);
	expect_call(FAKE_PRESET_GOTO, 0, 0, 0, 1);
	ck_assert_int_eq(camera_start_wait_ms(cam, 5000), 5000);
	camera_start_tick(cam);
	ck_assert_int_eq(fake.ncalls, 2);

	/* already homed: straight to the preset */
	restart_camera();
	fake.ncalls = 0;
	camera_start_tick(cam);
	expect_call(FAKE_PRESET_GOTO, 0, 0, 0, 1);
	ck_assert_int_eq(fake.ncalls, 1);

	/* neither: nothing moves */
	run(cgi_set, "/set_misc.cgi", "ptz_center_onstart=0&ptz_preset_onstart=0");
	fake.status.flags = 0;
	restart_camera();
	fake.ncalls = 0;
	camera_start_tick(cam);
	ck_assert_int_eq(fake.ncalls, 0);
	ck_assert_int_eq(camera_start_wait_ms(cam, 5000), 5000);

	/* a start preset that was never set: nothing moves */
	run(cgi_set, "/set_misc.cgi", "ptz_preset_onstart=7");
	restart_camera();
	camera_start_tick(cam);
	ck_assert_int_eq(fake.ncalls, 0);
}
END_TEST

static void set_one(const char *key, const char *value)
{
	struct changeset c;

	changeset_init(&c);
	changeset_add(&c, setting_index(key), value);
	settings_commit(&c, NULL);
	changeset_free(&c);
}

/* Wait up to 3 s for the engine's status to become WANT. */
static bool status_becomes(struct alarm_engine *a, enum alarm_source want)
{
	for (int i = 0; i < 300; i++) {
		if (alarm_status(a) == want)
			return true;
		usleep(10000);
	}
	return false;
}

START_TEST(alarm_engine_input)
{
	struct alarm_options o = { .hold = 1.5, .settle = 1, .camera = cam };
	struct services svc = { .camera = cam };
	struct alarm_engine *a;
	enum alarm_source st;
	double t0;

	fake.attr[IPCAM_PTZ_ATTR_ALARM_INPUT] = 1;
	fake.attr[IPCAM_PTZ_ATTR_IO_OUTPUT] = 0;
	a = alarm_start(&o);
	ck_assert_ptr_nonnull(a);
	svc.alarm = a;
	usleep(100000);
	ck_assert_int_eq(alarm_status(a), ALARM_NONE);	/* not armed */

	set_one("alarm_iolinkage", "1");
	set_one("alarm_ioout_level", "1");
	set_one("alarm_input_armed", "1");
	alarm_poke(a);
	ck_assert(status_becomes(a, ALARM_INPUT));
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_IO_OUTPUT], 1);
	run_svc = &svc;
	run(cgi_get_status, "/get_status.cgi", "");
	ck_assert_ptr_nonnull(strstr(r.body, "\nvar alarm_status=2;\n"));

	/*
	 * released: the alarm holds, then ends and the output goes back.  The
	 * hold is read against the clock: on a loaded machine (the sanitizer
	 * lane beside a kernel build) the 100 ms sleep can take longer.
	 */
	fake.attr[IPCAM_PTZ_ATTR_ALARM_INPUT] = 0;
	t0 = mono_now();
	alarm_poke(a);
	usleep(100000);
	st = alarm_status(a);
	if (mono_now() - t0 < o.hold)
		ck_assert_int_eq(st, ALARM_INPUT);
	ck_assert(status_becomes(a, ALARM_NONE));
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_IO_OUTPUT], 0);

	/* the active level is the configured one */
	set_one("alarm_ioin_level", "0");
	alarm_poke(a);
	ck_assert(status_becomes(a, ALARM_INPUT));

	/* outside the schedule: no alarm (the current quarter-hour unset) */
	set_one("alarm_schedule_enable", "1");
	alarm_poke(a);
	ck_assert(status_becomes(a, ALARM_NONE));

	/* motion armed: the capture's detector is armed with the sensitivity */
	set_one("alarm_schedule_enable", "0");
	set_one("alarm_input_armed", "0");
	set_one("alarm_motion_sensitivity", "3");
	set_one("alarm_motion_armed", "1");
	alarm_poke(a);
	usleep(200000);
	alarm_stop(a);
	run_svc = NULL;
	set_one("alarm_motion_armed", "0");
	set_one("alarm_iolinkage", "0");
}
END_TEST

START_TEST(no_camera_then_hotplug)
{
	int32_t misc_before = fake.attr[IPCAM_PTZ_ATTR_LED_MODE];

	camera_free(cam);
	cam = NULL;
	fake_reset();
	fake.present = false;
	cam = camera_new("");
	ck_assert(!camera_present(cam));
	dec("command=0");
	ck_assert_int_eq(r.status, 503);
	ck_assert_bytes(r.body, r.len, "error: camera unavailable.");
	dec("command=x");
	ck_illegal();			/* validated first */
	ctl("param=1&value=200");
	ck_assert_int_eq(r.status, 503);
	run(cgi_get_camera_params, "/get_camera_params.cgi", "");
	ck_assert_int_eq(r.status, 503);
	/* set_misc without a camera: stored, get_misc shows the stored value */
	run(cgi_set, "/set_misc.cgi", "led_mode=2");
	ck_ok();
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_LED_MODE], misc_before);
	run(cgi_get_misc, "/get_misc.cgi", "");
	ck_assert_ptr_nonnull(strstr(r.body, "var led_mode=2;\n"));

	/* it appears: opened, the stored settings applied */
	fake.present = true;
	fake_event(IPCAM_HOTPLUG_ADDED);
	camera_monitor_process(cam);
	ck_assert(camera_present(cam));
	ck_assert_int_eq(fake.attr[IPCAM_PTZ_ATTR_LED_MODE], 2);
	ck_assert_int_eq(fake.setting[IPCAM_SETTING_BRIGHTNESS], 96);
	dec("command=0");
	ck_ok();

	/* it goes: the next call says so, and it is closed */
	fake.gone = true;
	dec("command=2");
	ck_assert_int_eq(r.status, 503);
	ck_assert(!camera_present(cam));
	fake.present = false;
	fake_event(IPCAM_HOTPLUG_REMOVED);
	camera_monitor_process(cam);
	ck_assert(!camera_present(cam));

	/* and comes back */
	fake.gone = false;
	fake.present = true;
	fake_event(IPCAM_HOTPLUG_ADDED);
	camera_monitor_process(cam);
	ck_assert(camera_present(cam));
	/* opened when it appeared and for each call since; never left open
	 * at rest (the capture node is closed while nobody streams) */
	ck_assert_int_ge(fake.opens, 2);
	ck_assert_int_eq(fake.open_now, 0);
}
END_TEST

START_TEST(camera_without_ptz)
{
	camera_free(cam);
	cam = NULL;
	fake_reset();
	fake.present = true;
	fake.has_ptz = false;
	cam = camera_new("");
	ck_assert(camera_present(cam));
	ck_assert(!camera_has_ptz(cam));
	dec("command=0");
	ck_assert_int_eq(r.status, 503);
	ck_assert_bytes(r.body, r.len, "error: ptz unavailable.");
	ctl("param=1&value=10");
	ck_ok();
	run(cgi_set, "/set_misc.cgi", "led_mode=1");
	ck_ok();			/* stored for a head that may come */
	ck_assert_int_eq(settings_int("led_mode"), 1);
}
END_TEST

START_TEST(selected_camera)
{
	camera_free(cam);
	cam = NULL;
	fake_reset();
	fake.present = true;
	cam = camera_new("ipcam-7");	/* not this one */
	ck_assert(!camera_present(cam));
	camera_free(cam);
	cam = camera_new("ipcam-0");
	ck_assert(camera_present(cam));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("camera");
	TCase *tc = tcase_create("camera");

	config_defaults(&cfg);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, settings_applied_on_open);
	tcase_add_test(tc, camera_control_and_params);
	tcase_add_test(tc, camera_control_refusals);
	tcase_add_test(tc, moves);
	tcase_add_test(tc, mirror_and_flip);
	tcase_add_test(tc, onestep_and_degree);
	tcase_add_test(tc, patrols_presets_io);
	tcase_add_test(tc, misc_on_the_device);
	tcase_add_test(tc, presets_saved_and_restored);
	tcase_add_test(tc, start_actions);
	tcase_add_test(tc, alarm_engine_input);
	tcase_add_test(tc, no_camera_then_hotplug);
	tcase_add_test(tc, camera_without_ptz);
	tcase_add_test(tc, selected_camera);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

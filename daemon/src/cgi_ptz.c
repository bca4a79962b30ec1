// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * decoder_control.cgi: every command of cgi-protocol.md section 4 onto
 * /dev/ptzN through libipcam.
 */
#include <errno.h>
#include <string.h>

#include "camera.h"
#include "cgi.h"
#include "log.h"
#include "ptz_presets.h"
#include "services.h"

#define FLIP_VERTICAL 1
#define FLIP_MIRROR 2

struct dir {
	int pan, tilt;
};

/* Direction of the movement commands; pan +1 right, tilt +1 up. */
static bool command_dir(long cmd, struct dir *d)
{
	switch (cmd) {
	case 0: *d = (struct dir){ 0, 1 }; return true;		/* up */
	case 2: *d = (struct dir){ 0, -1 }; return true;	/* down */
	case 4: *d = (struct dir){ -1, 0 }; return true;	/* left */
	case 6: *d = (struct dir){ 1, 0 }; return true;		/* right */
	case 90: *d = (struct dir){ 1, 1 }; return true;	/* up-right */
	case 91: *d = (struct dir){ -1, 1 }; return true;	/* up-left */
	case 92: *d = (struct dir){ 1, -1 }; return true;	/* down-right */
	case 93: *d = (struct dir){ -1, -1 }; return true;	/* down-left */
	}
	return false;
}

/* Set a preset on the head and save where it is, for the next start. */
static int set_preset(struct camera *cam, int preset)
{
	int32_t pan, tilt;
	int rc = camera_ptz_preset(cam, preset, true);

	if (rc)
		return rc;
	rc = camera_ptz_preset_position(cam, preset, &pan, &tilt);
	if (!rc)
		rc = presets_saved_record(preset - 1, pan, tilt);
	if (rc)
		log_warn("preset %d is set but not saved: %s", preset, strerror(-rc));
	return 0;
}

static int run_command(struct camera *cam, long cmd, bool onestep)
{
	struct dir d;

	if (command_dir(cmd, &d)) {
		/* the head's mounting is the picture's flip/mirror state */
		int flip = camera_flip_state(cam);

		if (flip & FLIP_MIRROR)
			d.pan = -d.pan;
		if (flip & FLIP_VERTICAL)
			d.tilt = -d.tilt;
		if (!onestep)
			return camera_ptz_move(cam, d.pan, d.tilt);
		return camera_ptz_step(cam, d.pan, d.tilt);
	}
	switch (cmd) {
	case 1: case 3: case 5: case 7:
		/* clients send 1 as the generic stop: stop everything */
		return camera_ptz_stop(cam);
	case 25:
		return camera_ptz_center(cam);
	case 26: case 27:
		return camera_ptz_patrol(cam, 1, cmd == 26);
	case 20: case 21:	/* older clients */
	case 28: case 29:
		return camera_ptz_patrol(cam, 0, cmd == 20 || cmd == 28);
	case 94:
		return camera_io_output(cam, 1);
	case 95:
		return camera_io_output(cam, 0);
	case 255:
		return camera_ptz_selftest(cam);
	}
	if (cmd >= 30 && cmd <= 63) {
		int preset = (int)(cmd - 30) / 2 + 1;

		return (cmd - 30) % 2 == 0 ? set_preset(cam, preset) :
					     camera_ptz_preset(cam, preset, false);
	}
	if (cmd >= 8 && cmd <= 19)
		return 0;	/* iris, focus, zoom: no lens here */
	/* the SDK's reserved numbers: accepted, nothing to do */
	return 0;
}

enum after_reply cgi_decoder_control(const struct request *rq, struct reply *r)
{
	const struct qpair *cmdp = query_find(rq->q, "command");
	const struct qpair *onep = query_find(rq->q, "onestep");
	const struct qpair *degp = query_find(rq->q, "degree");
	struct camera *cam = rq->svc ? rq->svc->camera : NULL;
	bool onestep = false;
	long cmd, deg = 0, one = 1;
	int rc;

	if (!cmdp || !parse_long(cmdp->val, cmdp->vlen, 0, 255, &cmd)) {
		reply_illegal(r);
		return AFTER_NOTHING;
	}
	/* onestep with no value (or empty) means 1; onestep=0 is a plain move */
	if (onep) {
		if (onep->vlen && !parse_long(onep->val, onep->vlen, 0, 1, &one)) {
			reply_illegal(r);
			return AFTER_NOTHING;
		}
		onestep = one != 0;
	}
	if (degp && !parse_long(degp->val, degp->vlen, 1, 360, &deg)) {
		reply_illegal(r);
		return AFTER_NOTHING;
	}
	if (!camera_present(cam)) {
		reply_unavailable(r, REPLY_UNAVAILABLE_CAMERA);
		return AFTER_NOTHING;
	}
	if (degp)
		camera_ptz_set_step_size(cam, (int)deg);
	rc = run_command(cam, cmd, onestep);
	if (rc == 0) {
		reply_ok(r);
	} else if (rc == -ENODEV) {
		reply_unavailable(r, REPLY_UNAVAILABLE_CAMERA);
	} else if (rc == -EOPNOTSUPP) {
		reply_unavailable(r, "error: ptz unavailable.");
	} else if (rc == -EINVAL || rc == -EPERM) {
		/* a preset beyond the head's, or presets disabled (set_misc) */
		reply_illegal(r);
	} else {
		log_warn("decoder_control %ld: %s", cmd, strerror(-rc));
		reply_device_error(r);
	}
	return AFTER_NOTHING;
}

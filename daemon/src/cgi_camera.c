// SPDX-License-Identifier: GPL-2.0-or-later
/* get_camera_params.cgi and camera_control.cgi: the picture, via libipcam. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "camera.h"
#include "cgi.h"
#include "log.h"
#include "services.h"
#include "settings.h"

void body_camera_params(struct sbuf *b, const struct cam_params *p)
{
	js_int(b, "resolution", p->resolution);
	js_int(b, "brightness", p->brightness);
	js_int(b, "contrast", p->contrast);
	js_int(b, "mode", p->mode);
	js_int(b, "flip", p->flip);
	js_int(b, "fps", p->fps);
}

/* Map a device error onto the reply. */
static void device_reply(struct reply *r, int rc)
{
	if (rc == -ENODEV)
		reply_unavailable(r, REPLY_UNAVAILABLE_CAMERA);
	else if (rc == -EINVAL || rc == -ERANGE || rc == -EOPNOTSUPP)
		reply_illegal(r);	/* a value this camera cannot take */
	else
		reply_device_error(r);
}

enum after_reply cgi_get_camera_params(const struct request *rq, struct reply *r)
{
	struct camera *cam = rq->svc ? rq->svc->camera : NULL;
	struct cam_params p;
	struct sbuf b;
	int rc;

	rc = camera_get_params(cam, &p);
	if (rc) {
		if (rc != -ENODEV)
			log_warn("get_camera_params: %s", strerror(-rc));
		if (rc == -ENODEV)
			reply_unavailable(r, REPLY_UNAVAILABLE_CAMERA);
		else
			reply_device_error(r);
		return AFTER_NOTHING;
	}
	sbuf_init(&b);
	body_camera_params(&b, &p);
	reply_js(r, &b);
	return AFTER_NOTHING;
}

enum after_reply cgi_camera_control(const struct request *rq, struct reply *r)
{
	const struct qpair *param = query_find(rq->q, "param");
	const struct qpair *value = query_find(rq->q, "value");
	struct camera *cam = rq->svc ? rq->svc->camera : NULL;
	struct changeset c;
	char canon[32];
	int idx = -1, rc;

	/* the setting whose camera_control key is the param number */
	if (param && value) {
		long pn;

		if (parse_long(param->val, param->vlen, 0, 255, &pn)) {
			for (size_t i = 0; i < settings_count; i++) {
				char key[8];

				snprintf(key, sizeof(key), "%ld", pn);
				if (!strcmp(settings_table[i].cgi, "/camera_control.cgi") &&
				    !strcmp(settings_table[i].key, key)) {
					idx = (int)i;
					break;
				}
			}
		}
	}
	if (idx < 0 || !setting_validate_input(idx, value->val, value->vlen, canon, sizeof(canon))) {
		reply_illegal(r);
		return AFTER_NOTHING;
	}
	rc = camera_set_param(cam, (int)strtol(settings_table[idx].key, NULL, 10),
			      (int)strtol(canon, NULL, 10));
	if (rc) {
		if (rc != -ENODEV)
			log_warn("camera_control %s=%s: %s", settings_table[idx].name, canon,
				 strerror(-rc));
		device_reply(r, rc);
		return AFTER_NOTHING;
	}
	/* remembered, and applied again whenever the camera (re)appears */
	changeset_init(&c);
	changeset_add(&c, idx, canon);
	if (settings_commit(&c, NULL))
		log_warn("camera_control: %s applied but not saved", settings_table[idx].name);
	changeset_free(&c);
	reply_ok(r);
	return AFTER_NOTHING;
}

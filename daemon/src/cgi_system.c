// SPDX-License-Identifier: GPL-2.0-or-later
/* reboot.cgi, restore_factory.cgi, comm_write.cgi. */
#include <errno.h>
#include <string.h>

#include "cgi.h"
#include "log.h"
#include "serial.h"
#include "settings.h"

enum after_reply cgi_reboot(const struct request *rq, struct reply *r)
{
	log_info("reboot requested by %s", rq->user);
	reply_ok(r);
	return AFTER_REBOOT;
}

enum after_reply cgi_restore_factory(const struct request *rq, struct reply *r)
{
	/* the per-device admin password comes back, not a blank one */
	if (settings_factory_reset()) {
		reply_text(r, 500, "error: cannot save settings.");
		return AFTER_NOTHING;
	}
	log_info("factory settings restored by %s", rq->user);
	reply_ok(r);
	return AFTER_REBOOT;
}

enum after_reply cgi_comm_write(const struct request *rq, struct reply *r)
{
	const struct qpair *port = query_find(rq->q, "port");
	const struct qpair *baud = query_find(rq->q, "baud");
	const struct qpair *bytes = query_find(rq->q, "bytes");
	const struct qpair *data = query_find(rq->q, "data");
	long p, b, n;
	int rc;

	if (!port || !baud || !bytes || !data ||
	    !parse_long(port->val, port->vlen, 0, 3, &p) ||
	    !parse_long(baud->val, baud->vlen, 0, 65535, &b) || !baud_code_speed(b) ||
	    !parse_long(bytes->val, bytes->vlen, 1, 255, &n) ||
	    (size_t)n != data->vlen) {
		reply_illegal(r);
		return AFTER_NOTHING;
	}
	rc = serial_write((int)p, b, data->val, data->vlen);
	if (rc == -ENODEV) {
		reply_unavailable(r, REPLY_UNAVAILABLE_SERIAL);
		return AFTER_NOTHING;
	}
	if (rc) {
		log_warn("comm_write port %ld: %s", p, strerror(-rc));
		reply_device_error(r);
		return AFTER_NOTHING;
	}
	reply_ok(r);
	return AFTER_NOTHING;
}

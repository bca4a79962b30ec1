// SPDX-License-Identifier: GPL-2.0-or-later
/* upgrade_firmware.cgi and upgrade_htmls.cgi: hand the upload to upgrade.c. */
#include "cgi.h"
#include "log.h"
#include "services.h"
#include "upgrade.h"
#include "upgrade_upload.h"

static enum after_reply upgrade_cgi(const struct request *rq, struct reply *r,
				    enum image_kind kind)
{
	struct upgrade *u = rq->svc ? rq->svc->upgrade : NULL;
	struct upload *up = rq->upload ? *rq->upload : NULL;

	if (!u || !up) {
		reply_text(r, 200, REPLY_BAD_FRAME_BODY);
		return AFTER_NOTHING;
	}
	if (kind == IMAGE_FIRMWARE && !upgrade_firmware_possible(u)) {
		/* the slots and the rollback are ipcamd-boot's */
		reply_text(r, 200, "error: firmware upgrades need ipcamd-boot.");
		return AFTER_NOTHING;
	}
	log_info("%s image of %llu bytes from %s", image_kind_name(kind),
		 (unsigned long long)upload_size(up), rq->user);
	*rq->upload = NULL;
	upgrade_start(u, kind, up, rq->defer);
	return AFTER_UPGRADE;
}

enum after_reply cgi_upgrade_firmware(const struct request *rq, struct reply *r)
{
	return upgrade_cgi(rq, r, IMAGE_FIRMWARE);
}

enum after_reply cgi_upgrade_htmls(const struct request *rq, struct reply *r)
{
	return upgrade_cgi(rq, r, IMAGE_WEBUI);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The dispatch table: exact paths, never a substring or prefix match, and
 * the privilege each needs (cgi-protocol.md section 2).
 * The media CGIs are served by
 * http_media.c (CGI_F_MEDIA); snapshot.cgi checks next_url like a set CGI
 * (its value names the file).
 */
#include <string.h>

#include "auth.h"
#include "cgi.h"
#include "util.h"

#define SET(p) { p, PRI_ADMIN, cgi_set, CGI_F_NEXT_URL }

const struct cgi_entry cgi_table[] = {
	{ "/get_status.cgi", PRI_EVERYONE, cgi_get_status, 0 },
	{ "/get_camera_params.cgi", PRI_VISITOR, cgi_get_camera_params, 0 },
	{ "/check_user.cgi", PRI_VISITOR, cgi_check_user, 0 },
	{ "/snapshot.cgi", PRI_VISITOR, NULL, CGI_F_MEDIA | CGI_F_NEXT_URL },
	{ "/videostream.cgi", PRI_VISITOR, NULL, CGI_F_MEDIA },
	{ "/videostream.asf", PRI_VISITOR, NULL, CGI_F_MEDIA },
	{ "/decoder_control.cgi", PRI_OPERATOR, cgi_decoder_control, CGI_F_NEXT_URL },
	{ "/camera_control.cgi", PRI_OPERATOR, cgi_camera_control, CGI_F_NEXT_URL },
	{ "/comm_write.cgi", PRI_OPERATOR, cgi_comm_write, CGI_F_NEXT_URL },
	{ "/get_params.cgi", PRI_ADMIN, cgi_get_params, 0 },
	{ "/get_misc.cgi", PRI_ADMIN, cgi_get_misc, 0 },
	{ "/get_forbidden.cgi", PRI_ADMIN, cgi_get_forbidden, 0 },
	{ "/reboot.cgi", PRI_ADMIN, cgi_reboot, CGI_F_NEXT_URL },
	{ "/restore_factory.cgi", PRI_ADMIN, cgi_restore_factory, CGI_F_NEXT_URL },
	/* the web UI's test buttons: the answer waits for the server */
	{ "/test_mail.cgi", PRI_ADMIN, cgi_test_mail, CGI_F_DEFER },
	{ "/test_ftp.cgi", PRI_ADMIN, cgi_test_ftp, CGI_F_DEFER },
	/* the SDK's upgrade forms: the image is the body, installed by a
	 * background thread */
	{ "/upgrade_firmware.cgi", PRI_ADMIN, cgi_upgrade_firmware,
	  CGI_F_NEXT_URL | CGI_F_UPLOAD | CGI_F_DEFER },
	{ "/upgrade_htmls.cgi", PRI_ADMIN, cgi_upgrade_htmls,
	  CGI_F_NEXT_URL | CGI_F_UPLOAD | CGI_F_DEFER },
	SET("/set_alias.cgi"),
	SET("/set_datetime.cgi"),
	SET("/set_users.cgi"),
	SET("/set_devices.cgi"),
	SET("/set_network.cgi"),
	SET("/set_wifi.cgi"),
	SET("/set_pppoe.cgi"),
	SET("/set_upnp.cgi"),
	SET("/set_ddns.cgi"),
	SET("/set_ftp.cgi"),
	SET("/set_mail.cgi"),
	SET("/set_alarm.cgi"),
	SET("/set_forbidden.cgi"),
	SET("/set_misc.cgi"),
	SET("/set_decoder.cgi"),
};

const unsigned int cgi_table_size = ARRAY_SIZE(cgi_table);

const struct cgi_entry *cgi_lookup(const char *path)
{
	for (unsigned int i = 0; i < cgi_table_size; i++)
		if (!strcmp(cgi_table[i].path, path))
			return &cgi_table[i];
	return NULL;
}

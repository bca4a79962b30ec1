// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The settings groups of the pages: which CGI reads a group, which sets
 * it, and each field's set key (`key`), the name the get CGI prints it
 * under (`param`), its label and its input.  The camera validates every
 * value itself; limits here (maxlength, min, max) only help the user.
 */
'use strict';

const groups = (() => {
	const ONOFF = [[0, 'Off'], [1, 'On']];
	const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

	function text(key, param, label, max, extra) {
		return Object.assign({ key, param, label, type: 'text', max }, extra);
	}
	function secret(key, param, label, max) {
		return { key, param, label, type: 'password', max };
	}
	function num(key, param, label, min, max, extra) {
		return Object.assign({ key, param, label, type: 'number', min, max }, extra);
	}
	function choice(key, param, label, options, extra) {
		return Object.assign({ key, param, label, type: 'select', options }, extra);
	}
	// A week of quarter-hours: 3 masks a day (schedule.js draws it).
	function schedule(keyPrefix, paramPrefix, label) {
		return { type: 'schedule', keyPrefix, paramPrefix, label, days: DAYS };
	}

	// Time zones as the SDK stores them: seconds west of UTC.
	const zones = [];
	for (let h = -12; h <= 14; h++) {
		const west = -h * 3600;

		zones.push([west, 'UTC' + (h < 0 ? '\u2212' + -h : '+' + h)]);
		if (h === 5)
			zones.push([-19800, 'UTC+5:30']);
	}

	const users = [];
	for (let i = 1; i <= 8; i++) {
		users.push(text('user' + i, 'user' + i + '_name', 'User ' + i + ' name', 12));
		users.push(secret('pwd' + i, 'user' + i + '_pwd', 'User ' + i + ' password', 12));
		users.push(choice('pri' + i, 'user' + i + '_pri', 'User ' + i + ' level',
			[[0, 'Visitor'], [1, 'Operator'], [2, 'Administrator']]));
	}

	const devices = [];
	for (let i = 2; i <= 9; i++) {
		const p = 'dev' + i + '_';

		devices.push(text(p + 'alias', p + 'alias', 'Camera ' + i + ' alias', 20));
		devices.push(text(p + 'host', p + 'host', 'Camera ' + i + ' host', 64));
		devices.push(num(p + 'port', p + 'port', 'Camera ' + i + ' port', 0, 65535));
		devices.push(text(p + 'user', p + 'user', 'Camera ' + i + ' user', 12));
		devices.push(secret(p + 'pwd', p + 'pwd', 'Camera ' + i + ' password', 12));
	}

	const wepKeys = [];
	for (let i = 1; i <= 4; i++) {
		wepKeys.push(secret('key' + i, 'wifi_key' + i, 'WEP key ' + i, 26));
		wepKeys.push(choice('key' + i + '_bits', 'wifi_key' + i + '_bits',
			'WEP key ' + i + ' length', [[0, '64 bits'], [1, '128 bits']]));
	}

	// The DDNS providers of daemon/src/ddns_reply.h (set_ddns.cgi codes).
	const ddnsServices = [[0, 'None'], [1, 'oray.cn'], [2, 'DynDNS.org dyndns'],
		[3, 'DynDNS.org statdns'], [4, 'DynDNS.org custom'], [8, '3322.org dyndns'],
		[9, '3322.org statdns']];

	const list = [
		{ id: 'alias', title: 'Camera name', get: 'get_params.cgi', set: 'set_alias.cgi',
		  fields: [text('alias', 'alias', 'Camera name', 20)] },
		{ id: 'datetime', title: 'Date and time', get: 'get_params.cgi',
		  set: 'set_datetime.cgi', clock: true,
		  fields: [choice('tz', 'tz', 'Time zone', zones),
			   choice('daylight_saving_time', 'daylight_saving_time',
				  'Daylight saving time', ONOFF),
			   choice('ntp_enable', 'ntp_enable', 'Set the time by NTP', ONOFF),
			   text('ntp_svr', 'ntp_svr', 'NTP server', 64)] },
		{ id: 'users', title: 'Users', get: 'get_params.cgi', set: 'set_users.cgi',
		  fields: users },
		{ id: 'network', title: 'Network', get: 'get_params.cgi', set: 'set_network.cgi',
		  dhcp: ['ip', 'mask', 'gateway', 'dns'],
		  fields: [text('ip', 'ip', 'IP address', 15), text('mask', 'mask', 'Subnet mask', 15),
			   text('gateway', 'gateway', 'Gateway', 15), text('dns', 'dns', 'DNS server', 15),
			   num('port', 'port', 'HTTP port', 1, 65535)] },
		{ id: 'wifi', title: 'Wi-Fi', get: 'get_params.cgi', set: 'set_wifi.cgi',
		  fields: [choice('enable', 'wifi_enable', 'Wi-Fi', ONOFF),
			   text('ssid', 'wifi_ssid', 'Network name (SSID)', 32),
			   choice('encrypt', 'wifi_encrypt', 'Encryption',
				  [[0, 'None'], [1, 'WEP'], [2, 'WPA TKIP'], [3, 'WPA AES'],
				   [4, 'WPA2 AES'], [5, 'WPA2 TKIP+AES']]),
			   secret('wpa_psk', 'wifi_wpa_psk', 'WPA passphrase', 64),
			   choice('authtype', 'wifi_authtype', 'WEP authentication',
				  [[0, 'Open'], [1, 'Shared key']]),
			   choice('keyformat', 'wifi_keyformat', 'WEP key format',
				  [[0, 'Hexadecimal'], [1, 'ASCII']]),
			   choice('defkey', 'wifi_defkey', 'WEP key in use',
				  [[0, 'Key 1'], [1, 'Key 2'], [2, 'Key 3'], [3, 'Key 4']]),
			   ...wepKeys,
			   num('channel', 'wifi_channel', 'Channel', 1, 14),
			   choice('mode', 'wifi_mode', 'Mode', [[0, 'Infrastructure'], [1, 'Ad hoc']])] },
		{ id: 'pppoe', title: 'PPPoE', get: 'get_params.cgi', set: 'set_pppoe.cgi',
		  fields: [choice('enable', 'pppoe_enable', 'PPPoE', ONOFF),
			   text('user', 'pppoe_user', 'PPPoE user', 40),
			   secret('pwd', 'pppoe_pwd', 'PPPoE password', 20)] },
		{ id: 'upnp', title: 'UPnP', get: 'get_params.cgi', set: 'set_upnp.cgi',
		  fields: [choice('enable', 'upnp_enable', 'Map the HTTP port by UPnP', ONOFF)] },
		{ id: 'ddns', title: 'DDNS', get: 'get_params.cgi', set: 'set_ddns.cgi',
		  fields: [choice('service', 'ddns_service', 'Service', ddnsServices),
			   text('user', 'ddns_user', 'DDNS user', 20),
			   secret('pwd', 'ddns_pwd', 'DDNS password', 20),
			   text('host', 'ddns_host', 'Host name', 40),
			   text('proxy_svr', 'ddns_proxy_svr', 'Proxy server', 20),
			   num('proxy_port', 'ddns_proxy_port', 'Proxy port', 0, 65535)] },
		{ id: 'mail', title: 'Mail', get: 'get_params.cgi', set: 'set_mail.cgi',
		  test: 'test_mail.cgi',
		  fields: [text('svr', 'mail_svr', 'SMTP server', 64),
			   num('port', 'mail_port', 'SMTP port', 0, 65535),
			   choice('tls', 'mail_tls', 'Encryption',
				  [[0, 'None'], [1, 'TLS'], [2, 'STARTTLS']]),
			   text('user', 'mail_user', 'SMTP user', 20),
			   secret('pwd', 'mail_pwd', 'SMTP password', 20),
			   text('sender', 'mail_sender', 'Sender', 40),
			   text('receiver1', 'mail_receiver1', 'Receiver 1', 40),
			   text('receiver2', 'mail_receiver2', 'Receiver 2', 40),
			   text('receiver3', 'mail_receiver3', 'Receiver 3', 40),
			   text('receiver4', 'mail_receiver4', 'Receiver 4', 40),
			   choice('mail_inet_ip', 'mail_inet_ip', 'Mail the camera\u2019s addresses',
				  ONOFF)] },
		{ id: 'ftp', title: 'FTP', get: 'get_params.cgi', set: 'set_ftp.cgi',
		  test: 'test_ftp.cgi',
		  fields: [text('svr', 'ftp_svr', 'FTP server', 64),
			   num('port', 'ftp_port', 'FTP port', 0, 65535),
			   text('user', 'ftp_user', 'FTP user', 32),
			   secret('pwd', 'ftp_pwd', 'FTP password', 32),
			   text('dir', 'ftp_dir', 'Directory', 64),
			   choice('mode', 'ftp_mode', 'Mode', [[0, 'Active (PORT)'], [1, 'Passive (PASV)']]),
			   num('upload_interval', 'ftp_upload_interval',
			       'Upload a picture every (s, 0 never)', 0, 65535),
			   text('filename', 'ftp_filename', 'File name', 32),
			   num('numberoffiles', 'ftp_numberoffiles', 'Number of files', 0, 65535),
			   choice('schedule_enable', 'ftp_schedule_enable', 'Upload on a schedule',
				  ONOFF),
			   schedule('schedule_', 'ftp_schedule_', 'Upload schedule')] },
		{ id: 'alarm', title: 'Alarm', get: 'get_params.cgi', set: 'set_alarm.cgi',
		  fields: [choice('motion_armed', 'alarm_motion_armed', 'Motion detection', ONOFF),
			   choice('motion_sensitivity', 'alarm_motion_sensitivity', 'Motion sensitivity',
				  [[0, 'High'], [1, 'Medium'], [2, 'Low'], [3, 'Lowest']]),
			   choice('motion_compensation', 'alarm_motion_compensation',
				  'Ignore changes of the light', ONOFF),
			   choice('input_armed', 'alarm_input_armed', 'Alarm input', ONOFF),
			   choice('ioin_level', 'alarm_ioin_level', 'Input triggers when',
				  [[0, 'Low'], [1, 'High']]),
			   choice('iolinkage', 'alarm_iolinkage', 'Drive the output on alarm', ONOFF),
			   choice('ioout_level', 'alarm_ioout_level', 'Output level on alarm',
				  [[0, 'Low'], [1, 'High']]),
			   num('preset', 'alarm_preset', 'Go to preset on alarm (0 none)', 0, 16),
			   choice('mail', 'alarm_mail', 'Send mail on alarm', ONOFF),
			   num('upload_interval', 'alarm_upload_interval',
			       'Upload pictures on alarm every (s, 0 never)', 0, 65535),
			   choice('http', 'alarm_http', 'Call a URL on alarm', ONOFF),
			   text('http_url', 'alarm_http_url', 'URL to call', 128),
			   choice('msn', 'alarm_msn', 'MSN message (not sent by this camera)', ONOFF),
			   choice('schedule_enable', 'alarm_schedule_enable', 'Armed on a schedule',
				  ONOFF),
			   schedule('schedule_', 'alarm_schedule_', 'Alarm schedule')] },
		{ id: 'forbidden', title: 'Forbidden hours', get: 'get_forbidden.cgi',
		  set: 'set_forbidden.cgi',
		  fields: [choice('schedule_enable', 'schedule_enable',
				  'Refuse visitors on a schedule', ONOFF),
			   schedule('schedule_', 'schedule_', 'Forbidden schedule')] },
		{ id: 'misc', title: 'PTZ and misc', get: 'get_misc.cgi', set: 'set_misc.cgi',
		  fields: [choice('led_mode', 'led_mode', 'Status LED',
				  [[0, 'Mode 1'], [1, 'Mode 2'], [2, 'Off']]),
			   choice('ptz_center_onstart', 'ptz_center_onstart', 'Centre at start', ONOFF),
			   num('ptz_auto_patrol_interval', 'ptz_auto_patrol_interval',
			       'Automatic patrol every (s, 0 never)', 0, 3600),
			   choice('ptz_auto_patrol_type', 'ptz_auto_patrol_type', 'Automatic patrol',
				  [[0, 'None'], [1, 'Horizontal'], [2, 'Vertical'], [3, 'Both']]),
			   num('ptz_patrol_h_rounds', 'ptz_patrol_h_rounds',
			       'Horizontal patrol rounds (0 endless)', 0, 255),
			   num('ptz_patrol_v_rounds', 'ptz_patrol_v_rounds',
			       'Vertical patrol rounds (0 endless)', 0, 255),
			   num('ptz_patrol_rate', 'ptz_patrol_rate', 'Patrol speed', 0, 100),
			   num('ptz_patrol_up_rate', 'ptz_patrol_up_rate', 'Speed up', 0, 100),
			   num('ptz_patrol_down_rate', 'ptz_patrol_down_rate', 'Speed down', 0, 100),
			   num('ptz_patrol_left_rate', 'ptz_patrol_left_rate', 'Speed left', 0, 100),
			   num('ptz_patrol_right_rate', 'ptz_patrol_right_rate', 'Speed right', 0, 100),
			   choice('ptz_disable_preset', 'ptz_disable_preset', 'Presets disabled', ONOFF),
			   num('ptz_preset_onstart', 'ptz_preset_onstart',
			       'Go to preset at start (0 none)', 0, 16)] },
		{ id: 'devices', title: 'Multi-device', get: 'get_params.cgi',
		  set: 'set_devices.cgi', fields: devices },
		{ id: 'serial', title: 'Serial port', get: 'get_params.cgi', set: 'set_decoder.cgi',
		  fields: [choice('baud', 'decoder_baud', 'Baud rate',
				  [[9, '1200'], [11, '2400'], [12, '4800'], [13, '9600'],
				   [14, '19200'], [15, '38400'], [4097, '57600'], [4098, '115200']])] },
	];

	return { list, byId: id => list.find(g => g.id === id) };
})();

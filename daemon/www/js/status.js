// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Device status: get_status.cgi in words, read again every 5 seconds.
 * The DDNS, UPnP and upgrade codes are the daemon's (daemon/README.md,
 * "DDNS", "UPnP" and "Upgrades").
 */
'use strict';

(() => {
	const ALARM = { 0: 'No alarm', 1: 'Motion detected', 2: 'Alarm input triggered' };
	const DDNS = {
		0: 'Off', 1: 'Updating', 2: 'Cannot reach the server, will retry',
		3: 'Up to date', 4: 'Server error, will retry in 30 minutes',
		5: 'Wrong user or password', 6: 'The account may not use this (!donator)',
		7: 'Not a full host name', 8: 'No such host', 9: 'The host is another account\u2019s',
		10: 'Too many hosts', 11: 'Blocked for abuse', 12: 'Unexpected answer, will retry',
		13: 'HTTP error, will retry', 14: 'Failed', 15: 'Wrong user or password',
		16: 'Host name refused', 17: 'Up to date',
	};
	const UPNP = {
		0: 'Off', 1: 'The HTTP port is mapped', 2: 'The gateway refused the mapping',
		3: 'No gateway found', 4: 'The gateway is not an Internet gateway device',
		5: 'The port is mapped to another host',
	};
	const UPGRADE = {
		0: 'None since the last start', 1: 'Installed', 2: 'Rolled back',
		3: 'The new firmware is on trial',
	};
	const ROWS = [
		['Camera name', v => v.alias || '(none)'],
		['Device ID', v => v.id],
		['Firmware version', v => v.sys_ver],
		['Web UI version', v => v.app_ver],
		['Camera time', v => new Date((v.now - v.tz) * 1000).toISOString()
			.replace('T', ' ').slice(0, 19)],
		['Alarm', v => ALARM[v.alarm_status] || 'Code ' + v.alarm_status],
		['DDNS', v => DDNS[v.ddns_status] || 'Code ' + v.ddns_status],
		['DDNS host', v => v.ddns_host || '(none)'],
		['UPnP', v => UPNP[v.upnp_status] || 'Code ' + v.upnp_status],
		// appended by this camera (older firmware lacks them)
		['Last upgrade', v => v.upgrade_status === undefined ? '(not reported)' :
			(UPGRADE[v.upgrade_status] || 'Code ' + v.upgrade_status) +
			(v.upgrade_note ? ': ' + v.upgrade_note : '')],
	];

	async function refresh() {
		const v = await cgi.get('get_status.cgi');
		const body = document.getElementById('status-rows');

		body.replaceChildren();
		for (const [label, fn] of ROWS) {
			const tr = body.insertRow();
			const th = document.createElement('th');

			th.scope = 'row';
			th.textContent = label;
			tr.appendChild(th);
			tr.insertCell().textContent = String(fn(v));
		}
		page.say('');
	}

	page.start(async () => {
		page.showAlias();
		await refresh();
		setInterval(() => refresh().catch(e => page.say(e.message, true)), 5000);
	});
})();

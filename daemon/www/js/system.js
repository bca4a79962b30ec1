// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Maintenance: firmware and web UI upgrades (the SDK's multipart forms,
 * sent with upload progress), reboot and factory reset, each behind a
 * second, explicit confirmation.
 */
'use strict';

(() => {
	function upload(form) {
		const file = form.querySelector('input[type=file]').files[0];
		const bar = form.querySelector('progress');
		const data = new FormData();
		const xhr = new XMLHttpRequest();

		if (!file) {
			page.say('Choose a file first.', true);
			return;
		}
		data.append('file', file);
		bar.value = 0;
		bar.hidden = false;
		xhr.upload.addEventListener('progress', e => {
			if (e.lengthComputable)
				bar.value = e.loaded / e.total;
		});
		xhr.addEventListener('load', () => {
			const body = xhr.responseText.trim();

			if (xhr.status === 200 && body === 'ok.')
				page.say(form.getAttribute('action') === 'upgrade_htmls.cgi' ?
					'Web UI installed: reload the page to use it.' :
					'Firmware installed: the camera restarts into it, and goes ' +
					'back to the running version by itself if it does not come up. ' +
					'The status page says which version runs.');
			else
				page.say(body.startsWith('error:') ? body :
					'error: the camera answered HTTP ' + xhr.status + '.', true);
		});
		xhr.addEventListener('error', () => page.say('error: the upload failed.', true));
		xhr.open('POST', cgi.url(form.getAttribute('action')));
		xhr.send(data);
		page.say('Uploading\u2026');
	}

	// A button that asks again before it calls CGI.
	function confirmed(id, cgiName, done) {
		const ask = document.getElementById(id);
		const box = document.getElementById(id + '-confirm');

		ask.addEventListener('click', () => {
			box.hidden = false;
			box.querySelector('.yes').focus();
		});
		box.querySelector('.no').addEventListener('click', () => {
			box.hidden = true;
			ask.focus();
		});
		box.querySelector('.yes').addEventListener('click', async () => {
			box.hidden = true;
			try {
				await cgi.set(cgiName);
				page.say(done);
			} catch (e) {
				page.say(e.message, true);
			}
		});
	}

	page.start(async who => {
		page.showAlias();
		if (who.pri < cgi.ADMIN) {
			page.say('Maintenance is for administrators.', true);
			return;
		}
		for (const form of document.querySelectorAll('form.upgrade'))
			form.addEventListener('submit', e => {
				e.preventDefault();
				upload(form);
			});
		confirmed('reboot', 'reboot.cgi', 'The camera is restarting.');
		confirmed('factory', 'restore_factory.cgi',
			'The camera is back to its factory settings and restarting.');
	});
})();

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live page: the picture (videostream.cgi, or snapshots one after the
 * other where a browser cannot show a multipart stream), the pan/tilt pad,
 * presets, patrols, the IO output and the camera's picture controls.
 *
 * The pad behaves as the firmware's: pressing a direction starts the
 * motor, releasing it (mouse, finger or key) stops it.
 */
'use strict';

(() => {
	// videostream.cgi / camera_control.cgi resolution codes
	const SIZES = [[32, '640\u00d7480'], [8, '320\u00d7240'], [2, '160\u00d7120'],
		[64, '1280\u00d7720']];
	// the rate codes of cgi-protocol.md section 5
	const RATES = [[0, 'Full speed'], [1, '20 fps'], [3, '15 fps'], [6, '10 fps'],
		[11, '5 fps'], [12, '4 fps'], [13, '3 fps'], [14, '2 fps'], [15, '1 fps'],
		[17, 'One every 2 s'], [19, 'One every 3 s'], [21, 'One every 4 s'],
		[23, 'One every 5 s']];
	// decoder_control.cgi: direction -> [start, stop]
	const MOVES = {
		up: [0, 1], down: [2, 3], left: [4, 5], right: [6, 7],
		'up-right': [90, 1], 'up-left': [91, 1], 'down-right': [92, 1], 'down-left': [93, 1],
	};
	const CMD = { centre: 25, hStart: 28, hStop: 29, vStart: 26, vStop: 27,
		ioOn: 94, ioOff: 95, presetSet: 30, presetGo: 31 };

	function options(select, list) {
		for (const [v, label] of list) {
			const o = document.createElement('option');

			o.value = String(v);
			o.textContent = label;
			select.appendChild(o);
		}
	}

	// One command after the other: a quick tap's stop must never reach
	// the camera before its start (they would go on two connections).
	let commands = Promise.resolve();

	function command(n) {
		commands = commands.then(() => cgi.set('decoder_control.cgi', { command: n }))
			.catch(e => page.say(e.message, true));
		return commands;
	}

	let viewGeneration = 0;	// a newer choice ends an older view's retries
	const NO_PICTURE = 'error: no picture from the camera: trying again.';

	// The stream; where it never shows a frame (no multipart images in
	// this browser), one snapshot after another.  A broken stream or
	// snapshot (the camera restarting) is tried again every 2 s.
	function startView() {
		const img = document.getElementById('view');
		const size = document.getElementById('view-size').value;
		const rate = document.getElementById('view-rate').value;
		const generation = ++viewGeneration;
		let streamed = false;
		let polling = false;
		const current = () => generation === viewGeneration;
		const stream = () => {
			if (current())
				img.src = cgi.url('videostream.cgi', { resolution: size, rate, t: Date.now() });
		};
		const snapshot = () => {
			if (current())
				img.src = cgi.url('snapshot.cgi', { resolution: size, t: Date.now() });
		};

		document.getElementById('snapshot').href = cgi.url('snapshot.cgi', { resolution: size });
		img.onload = () => {
			if (polling) {
				setTimeout(snapshot, 200);
			} else {
				streamed = true;
				if (document.getElementById('msg').textContent === NO_PICTURE)
					page.say('');	// back; other messages stay
			}
		};
		img.onerror = () => {
			if (!current())
				return;
			if (!streamed && !polling) {
				polling = true;
				snapshot();
				return;
			}
			page.say(NO_PICTURE, true);
			setTimeout(polling ? snapshot : stream, 2000);
		};
		stream();
	}

	function setupPad() {
		for (const b of document.querySelectorAll('#pad button[data-move]')) {
			const [start, stop] = MOVES[b.dataset.move];
			let held = false;
			const press = () => {
				if (held)
					return;
				held = true;
				b.classList.add('held');
				command(start);
			};
			const release = () => {
				if (!held)
					return;
				held = false;
				b.classList.remove('held');
				command(stop);
			};

			b.addEventListener('pointerdown', e => {
				e.preventDefault();
				b.setPointerCapture(e.pointerId);
				press();
			});
			b.addEventListener('pointerup', release);
			b.addEventListener('pointercancel', release);
			b.addEventListener('lostpointercapture', release);
			b.addEventListener('keydown', e => {
				if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
					e.preventDefault();
					press();
				}
			});
			b.addEventListener('keyup', e => {
				if (e.key === ' ' || e.key === 'Enter')
					release();
			});
			b.addEventListener('blur', release);
			b.addEventListener('contextmenu', e => e.preventDefault());
		}
		const on = (id, fn) => document.getElementById(id).addEventListener('click', fn);
		const preset = () => Number(document.getElementById('preset').value);

		on('centre', () => command(CMD.centre));
		on('patrol-h-start', () => command(CMD.hStart));
		on('patrol-h-stop', () => command(CMD.hStop));
		on('patrol-v-start', () => command(CMD.vStart));
		on('patrol-v-stop', () => command(CMD.vStop));
		on('io-on', () => command(CMD.ioOn));
		on('io-off', () => command(CMD.ioOff));
		on('preset-set', () => command(CMD.presetSet + 2 * (preset() - 1)));
		on('preset-go', () => command(CMD.presetGo + 2 * (preset() - 1)));
		const sel = document.getElementById('preset');
		for (let i = 1; i <= 16; i++)
			options(sel, [[i, 'Preset ' + i]]);
	}

	const CONTROLS = [
		{ id: 'cam-resolution', param: 0, name: 'resolution' },
		{ id: 'cam-brightness', param: 1, name: 'brightness' },
		{ id: 'cam-contrast', param: 2, name: 'contrast' },
		{ id: 'cam-mode', param: 3, name: 'mode' },
		{ id: 'cam-fps', param: 6, name: 'fps' },
	];

	async function readCamera() {
		const v = await cgi.get('get_camera_params.cgi');

		for (const c of CONTROLS)
			document.getElementById(c.id).value = String(v[c.name]);
		document.getElementById('cam-flip').checked = (v.flip & 1) !== 0;
		document.getElementById('cam-mirror').checked = (v.flip & 2) !== 0;
		for (const c of CONTROLS)
			if (c.param === 1 || c.param === 2)
				document.getElementById(c.id + '-value').textContent = String(v[c.name]);
	}

	async function control(param, value) {
		try {
			await cgi.set('camera_control.cgi', { param, value });
			await readCamera();
			page.say('');
		} catch (e) {
			page.say(e.message, true);
		}
	}

	async function setupCamera() {
		options(document.getElementById('cam-resolution'), SIZES);
		options(document.getElementById('cam-fps'), RATES);
		for (const c of CONTROLS)
			document.getElementById(c.id).addEventListener('change',
				e => control(c.param, e.target.value));
		const flip = () => control(5, (document.getElementById('cam-flip').checked ? 1 : 0) |
			(document.getElementById('cam-mirror').checked ? 2 : 0));
		document.getElementById('cam-flip').addEventListener('change', flip);
		document.getElementById('cam-mirror').addEventListener('change', flip);
		try {
			await readCamera();
		} catch (e) {
			document.getElementById('camera-state').textContent = e.message;
			for (const el of document.querySelectorAll('#camera input, #camera select'))
				el.disabled = true;
		}
	}

	page.start(async who => {
		page.showAlias();
		options(document.getElementById('view-size'), SIZES);
		options(document.getElementById('view-rate'), RATES);
		document.getElementById('view-size').addEventListener('change', startView);
		document.getElementById('view-rate').addEventListener('change', startView);
		startView();
		if (who.pri >= cgi.OPERATOR) {
			setupPad();
			await setupCamera();
		}
	});
})();

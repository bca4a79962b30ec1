// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The week grid of a schedule: one checkbox per quarter-hour, a row per
 * hour and four columns per day, so that a week fits a phone's width.
 * The SDK keeps a day in three 32-bit masks: bit n of mask k is the
 * quarter-hour 32k + n after midnight.  Arrow keys move between cells
 * (one tab stop for the whole grid), Space toggles, and a mouse or finger
 * dragged over cells paints them.
 */
'use strict';

const schedule = (() => {
	const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday',
		'Friday', 'Saturday'];

	function pad2(n) {
		return String(n).padStart(2, '0');
	}

	// A table for FIELD (groups.js); returns { element, read(vars),
	// params(out) }.
	function create(field, idBase) {
		const table = document.createElement('table');
		const cells = [];	// [hour][day * 4 + quarter]
		let paint = null;

		table.className = 'week';
		table.id = idBase;
		const cap = table.createCaption();
		cap.textContent = field.label;
		const hours = document.createElement('colgroup');

		table.appendChild(hours);
		for (let d = 0; d < 7; d++) {
			const cg = document.createElement('colgroup');

			cg.span = 4;
			table.appendChild(cg);
		}
		const head = table.createTHead().insertRow();
		head.appendChild(document.createElement('td'));
		for (let d = 0; d < 7; d++) {
			const th = document.createElement('th');

			th.scope = 'colgroup';
			th.colSpan = 4;
			th.textContent = DAY_NAMES[d].slice(0, 3);
			th.title = DAY_NAMES[d];
			head.appendChild(th);
		}
		const body = table.createTBody();
		for (let h = 0; h < 24; h++) {
			const row = body.insertRow();
			const th = document.createElement('th');

			th.scope = 'row';
			th.textContent = pad2(h);
			row.appendChild(th);
			cells.push([]);
			for (let d = 0; d < 7; d++) {
				for (let j = 0; j < 4; j++) {
					const cb = document.createElement('input');

					cb.type = 'checkbox';
					cb.tabIndex = h === 0 && d === 0 && j === 0 ? 0 : -1;
					cb.setAttribute('aria-label', DAY_NAMES[d] + ' ' + pad2(h) + ':' +
						pad2(j * 15));
					cb.dataset.h = h;
					cb.dataset.c = d * 4 + j;
					row.insertCell().appendChild(cb);
					cells[h].push(cb);
				}
			}
		}

		function focusCell(h, c) {
			h = Math.max(0, Math.min(23, h));
			c = Math.max(0, Math.min(27, c));
			for (const row of cells)
				for (const cb of row)
					cb.tabIndex = -1;
			cells[h][c].tabIndex = 0;
			cells[h][c].focus();
		}

		table.addEventListener('keydown', e => {
			const cb = e.target;
			const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1],
				ArrowRight: [0, 1], Home: [0, -99], End: [0, 99] };

			if (!cb.dataset || cb.dataset.h === undefined || !moves[e.key])
				return;
			e.preventDefault();
			focusCell(Number(cb.dataset.h) + moves[e.key][0],
				  Number(cb.dataset.c) + moves[e.key][1]);
		});
		// Painting: the pointer's first cell takes the opposite value, every
		// cell it then passes over (mouse or finger) the same.  The click
		// that follows a press is the paint's, not a second toggle; a
		// keyboard's Space still toggles through click.
		const cellAt = e => {
			const el = document.elementFromPoint(e.clientX, e.clientY);

			return el && el.type === 'checkbox' && table.contains(el) ? el : null;
		};
		table.addEventListener('pointerdown', e => {
			if (e.target.type !== 'checkbox')
				return;
			paint = !e.target.checked;
			e.target.checked = paint;
			e.target.focus();
		});
		table.addEventListener('pointermove', e => {
			if (!(e.buttons & 1))
				paint = null;	// released outside the grid
			const cb = paint !== null ? cellAt(e) : null;

			if (cb)
				cb.checked = paint;
		});
		const end = () => { paint = null; };
		table.addEventListener('pointerup', end);
		table.addEventListener('pointercancel', end);
		table.addEventListener('click', e => {
			if (e.target.type === 'checkbox' && e.detail > 0)
				e.preventDefault();	// the press already painted it
		});

		function read(vars) {
			field.days.forEach((day, d) => {
				for (let k = 0; k < 3; k++) {
					const mask = Number(vars[field.paramPrefix + day + '_' + k]) >>> 0;

					for (let n = 0; n < 32; n++) {
						const q = 32 * k + n;

						cells[q >> 2][d * 4 + (q & 3)].checked = ((mask >>> n) & 1) === 1;
					}
				}
			});
		}

		function params(out) {
			field.days.forEach((day, d) => {
				for (let k = 0; k < 3; k++) {
					let mask = 0;

					for (let n = 0; n < 32; n++) {
						const q = 32 * k + n;

						if (cells[q >> 2][d * 4 + (q & 3)].checked)
							mask = (mask | (1 << n)) >>> 0;
					}
					out[field.keyPrefix + day + '_' + k] = mask;
				}
			});
		}

		return { element: table, read, params };
	}

	return { create };
})();

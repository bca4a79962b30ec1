// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The settings page: one form per group of groups.js, chosen by the URL's
 * fragment (settings.htm#mail).  A form is filled from the group's get
 * CGI, saved through its set CGI, and filled again from the camera after
 * a save, so what it shows is what the camera kept.
 */
'use strict';

(() => {
	let current = null;	// { group, inputs: Map key -> element, grids, dhcp }

	function makeInput(f, id) {
		let el;

		if (f.type === 'select') {
			el = document.createElement('select');
			for (const [v, label] of f.options) {
				const o = document.createElement('option');

				o.value = String(v);
				o.textContent = label;
				el.appendChild(o);
			}
		} else {
			el = document.createElement('input');
			el.type = f.type;
			if (f.max !== undefined && f.type !== 'number')
				el.maxLength = f.max;
			if (f.type === 'number') {
				el.min = f.min;
				el.max = f.max;
				el.inputMode = 'numeric';
			}
			if (f.type === 'password')
				el.autocomplete = 'new-password';
			else
				el.autocomplete = 'off';
		}
		el.id = id;
		el.name = f.key;
		return el;
	}

	function setValue(el, v) {
		const s = v === undefined ? '' : String(v);

		if (el.tagName === 'SELECT' && ![...el.options].some(o => o.value === s)) {
			// a value the list does not name (a camera set by another
			// client): show it rather than change it on the next save
			const o = document.createElement('option');

			o.value = s;
			o.textContent = s;
			el.appendChild(o);
		}
		el.value = s;
	}

	function dhcpChanged() {
		for (const key of current.group.dhcp)
			current.inputs.get(key).disabled = current.dhcp.checked;
	}

	function fill(vars) {
		const g = current.group;

		for (const f of g.fields)
			if (f.type !== 'schedule')
				setValue(current.inputs.get(f.key), vars[f.param]);
		for (const grid of current.grids)
			grid.read(vars);
		if (current.dhcp) {
			current.dhcp.checked = !vars.ip || vars.ip === '0.0.0.0';
			dhcpChanged();
		}
		if (g.clock) {
			const local = new Date((Number(vars.now) - Number(vars.tz)) * 1000);

			document.getElementById('camera-time').textContent =
				local.toISOString().replace('T', ' ').slice(0, 19) +
				' (the camera\u2019s local time when the page was read)';
		}
	}

	async function load() {
		const form = document.getElementById('group-form');
		const mine = current;
		const vars = await cgi.get(mine.group.get);

		if (mine !== current)
			return;	// another group was chosen meanwhile
		fill(vars);
		form.dataset.loaded = mine.group.id;	// filled from the camera
	}

	function params() {
		const out = {};

		for (const [key, el] of current.inputs)
			out[key] = current.dhcp && current.dhcp.checked &&
				current.group.dhcp.includes(key) ? '' : el.value;
		for (const grid of current.grids)
			grid.params(out);
		return out;
	}

	async function save(e) {
		const out = params();
		const here = Number(location.port) || 80;

		e.preventDefault();
		page.say('Saving\u2026');
		try {
			await cgi.set(current.group.set, out);
			if (current.group.id === 'network' && Number(out.port) !== here) {
				// the camera answers on the new port only
				const there = new URL(location.href);

				there.port = out.port;
				page.say('Saved: the camera now answers on port ' + out.port + '.');
				location.assign(there.href);
				return;
			}
			await load();
			page.say('Saved.');
		} catch (err) {
			page.say(err.message, true);
		}
	}

	async function runTest() {
		page.say('Testing with the saved settings\u2026');
		try {
			const answer = (await cgi.call(current.group.test)).trim();

			page.say(answer === 'ok.' ? 'Test passed.' : answer, answer !== 'ok.');
		} catch (err) {
			page.say(err.message, true);
		}
	}

	async function takeComputerTime() {
		page.say('Setting the time\u2026');
		try {
			await cgi.set('set_datetime.cgi', {
				now: Math.floor(Date.now() / 1000),
				tz: new Date().getTimezoneOffset() * 60,
			});
			await load();
			page.say('The camera has this computer\u2019s time.');
		} catch (err) {
			page.say(err.message, true);
		}
	}

	function button(text, id, fn) {
		const b = document.createElement('button');

		b.type = 'button';
		b.id = id;
		b.textContent = text;
		b.addEventListener('click', fn);
		return b;
	}

	function render(g) {
		const form = document.getElementById('group-form');
		const fields = document.createElement('div');

		current = { group: g, inputs: new Map(), grids: [], dhcp: null };
		delete form.dataset.loaded;
		form.replaceChildren();
		const h = document.createElement('h2');
		h.textContent = g.title;
		form.appendChild(h);
		if (g.clock) {
			const p = document.createElement('p');

			p.id = 'camera-time';
			form.appendChild(p);
			form.appendChild(button('Take this computer\u2019s time', 'take-time',
				takeComputerTime));
		}
		fields.className = 'fields';
		form.appendChild(fields);
		if (g.dhcp) {
			const cb = document.createElement('input');
			const label = document.createElement('label');
			const row = document.createElement('div');

			cb.type = 'checkbox';
			cb.id = 'f-dhcp';
			cb.addEventListener('change', dhcpChanged);
			label.htmlFor = cb.id;
			label.textContent = 'Obtain the address by DHCP';
			row.className = 'field check';
			row.append(cb, label);
			fields.appendChild(row);
			current.dhcp = cb;
		}
		for (const f of g.fields) {
			const id = 'f-' + g.id + '-' + (f.key || f.keyPrefix);

			if (f.type === 'schedule') {
				const grid = schedule.create(f, id);

				current.grids.push(grid);
				form.appendChild(grid.element);
				continue;
			}
			const row = document.createElement('div');
			const label = document.createElement('label');
			const el = makeInput(f, id);

			row.className = 'field';
			label.htmlFor = id;
			label.textContent = f.label;
			row.append(label, el);
			fields.appendChild(row);
			current.inputs.set(f.key, el);
		}
		const actions = document.createElement('div');
		const submit = document.createElement('button');

		actions.className = 'actions';
		submit.type = 'submit';
		submit.id = 'save';
		submit.textContent = 'Save';
		actions.appendChild(submit);
		if (g.test)
			actions.appendChild(button('Test the saved settings', 'test', runTest));
		form.appendChild(actions);
		for (const a of document.querySelectorAll('#group-list a'))
			a.toggleAttribute('aria-current', a.hash === '#' + g.id);
		page.say('');
		return load();
	}

	function route() {
		const id = location.hash.slice(1);

		return render(groups.byId(id) || groups.list[0]);
	}

	page.start(async who => {
		page.showAlias();
		if (who.pri < cgi.ADMIN) {
			page.say('The settings are for administrators.', true);
			return;
		}
		const list = document.getElementById('group-list');

		for (const g of groups.list) {
			const li = document.createElement('li');
			const a = document.createElement('a');

			a.href = '#' + g.id;
			a.textContent = g.title;
			li.appendChild(a);
			list.appendChild(li);
		}
		document.getElementById('group-form').addEventListener('submit', save);
		window.addEventListener('hashchange', () => route().catch(e => page.say(e.message, true)));
		await route();
	});
})();

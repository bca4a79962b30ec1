// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every page shares: who is logged in (check_user.cgi), the controls
 * that user's level may see, and one status line for answers and errors.
 * Hiding a control is a courtesy: the camera refuses what the level may
 * not do whatever a page shows.
 */
'use strict';

const page = (() => {
	const LEVELS = { 1: 'visitor', 2: 'operator', 3: 'administrator' };
	// The pages, and the level each is for: the navigation of every page.
	const PAGES = [['index.htm', 'Live', 1], ['settings.htm', 'Settings', 3],
		['status.htm', 'Status', 1], ['system.htm', 'System', 3]];

	// The links to the pages WHO may use, the current one marked.
	function navigation(who) {
		const nav = document.getElementById('pages');
		const here = location.pathname.split('/').pop() || 'index.htm';

		for (const [href, title, level] of PAGES) {
			if (level > who.pri)
				continue;
			const a = document.createElement('a');

			a.href = href;
			a.textContent = title;
			if (href === here)
				a.setAttribute('aria-current', 'page');
			nav.appendChild(a);
		}
	}

	function say(text, error) {
		const msg = document.getElementById('msg');

		msg.textContent = text;
		msg.classList.toggle('error', !!error);
	}

	// Run INIT(who) once the user is known; elements with data-pri="N"
	// are removed for users below level N.  The body gets data-ready
	// when INIT is done.
	async function start(init) {
		let who;

		try {
			who = await cgi.whoami();
		} catch (e) {
			say(e.message, true);
			return;
		}
		document.getElementById('who').textContent =
			who.user + ' (' + (LEVELS[who.pri] || 'unknown level') + ')';
		document.body.dataset.level = who.pri;
		navigation(who);
		for (const el of document.querySelectorAll('[data-pri]'))
			if (Number(el.dataset.pri) > who.pri)
				el.remove();
		try {
			await init(who);
		} catch (e) {
			say(e.message, true);
		}
		// for scripts that drive the page (the browser tests): set up
		document.body.dataset.ready = '1';
	}

	// The camera's alias in the title and the heading, as text.
	async function showAlias() {
		try {
			const st = await cgi.get('get_status.cgi');
			const alias = String(st.alias || '');

			document.getElementById('alias').textContent = alias || 'IP camera';
			document.title = (alias || 'IP camera') + ' \u2013 ' + document.title;
			return st;
		} catch (e) {
			return {};
		}
	}

	return { say, start, showAlias, LEVELS };
})();

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The camera's CGIs, as every other client uses them: the browser's own
 * HTTP Basic login (the pages are behind it too) carries the credentials,
 * so the login is never put in a URL by these pages (the SDK's set CGIs
 * do take the passwords they store as query values).
 *
 * The get CGIs answer JavaScript-looking lines (`var alias='x';`); they are
 * parsed here, never evaluated, and their values only ever reach the page
 * as text (textContent, input values).
 */
'use strict';

const cgi = (() => {
	// One `var NAME=VALUE;` line: a number or a single-quoted string with
	// the daemon's backslash escapes.
	const LINE = /^var ([A-Za-z0-9_]+)=(-?[0-9]+|'((?:[^'\\]|\\.)*)');$/;

	function unescape(s) {
		return s.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (m, e) =>
			e[0] === 'x' && e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) :
			e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e);
	}

	function parse(text) {
		const vars = {};

		for (const line of text.split('\n')) {
			const m = LINE.exec(line.trim());

			if (m)
				vars[m[1]] = m[3] !== undefined ? unescape(m[3]) : Number(m[2]);
		}
		return vars;
	}

	// NAME?PARAMS on the camera's origin: never relative to the page's
	// URL, which may carry a login (http://user:pass@camera/) that a
	// browser refuses to send on with a request.
	function url(name, params) {
		const u = new URL(name, location.origin + '/');

		for (const [k, v] of Object.entries(params || {}))
			u.searchParams.append(k, String(v));
		return u.href;
	}

	// The body of NAME?PARAMS as text; throws an Error whose message is
	// the camera's own answer (`error: ...`) or the HTTP status.
	async function call(name, params) {
		const r = await fetch(url(name, params), { cache: 'no-store', credentials: 'same-origin' });
		const body = await r.text();

		if (r.status === 401)
			throw new Error('error: this user may not do that.');
		if (!r.ok)
			throw new Error(body.trim() || 'error: HTTP ' + r.status + '.');
		if (body.startsWith('error:'))
			throw new Error(body.trim());
		return body;
	}

	// A get CGI's variables.
	async function get(name, params) {
		return parse(await call(name, params));
	}

	// A set CGI or a command: resolves when the camera answers `ok.`.
	async function set(name, params) {
		const body = (await call(name, params)).trim();

		if (body !== 'ok.')
			throw new Error(body || 'error: no answer.');
	}

	// Who is logged in: { user, pri } with pri 1 visitor, 2 operator,
	// 3 administrator (check_user.cgi answers the privilege plus one).
	async function whoami() {
		const v = await get('check_user.cgi');

		return { user: String(v.user || ''), pri: Number(v.pri) || 0 };
	}

	return { parse, url, call, get, set, whoami, VISITOR: 1, OPERATOR: 2, ADMIN: 3 };
})();

# SPDX-License-Identifier: GPL-2.0-or-later
"""An SMTP server for the notification tests: Debian's aiosmtpd on
loopback, in the test's own process.  Modes: plain, STARTTLS required, or
TLS from the first byte; AUTH (PLAIN, LOGIN) with one account, required
when a password is given.  Every message received is kept as
(envelope sender, receivers, email.message.Message, authenticated user,
TLS used, monotonic time) for the test to read with Python's email
package."""
import email
import email.policy
import ssl
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from ipcamd_test import free_port


class Received:
    def __init__(self, session, envelope, implicit_tls):
        self.mail_from = envelope.mail_from
        self.rcpt_tos = list(envelope.rcpt_tos)
        self.msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.user = session.auth_data if session.authenticated else None
        self.tls = session.ssl is not None or implicit_tls
        self.time = time.monotonic()
        self.wall_ns = time.time_ns()


class _Handler:
    def __init__(self, srv):
        self.srv = srv

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.srv.refuse_rcpt:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.srv.lock:
            self.srv.messages.append(Received(session, envelope, self.srv.mode == "tls"))
        return "250 OK queued"


class SmtpServer:
    """MODE: "plain", "starttls" or "tls"; USER/PWD: the account (AUTH
    required when set); CERT/KEY: the server's certificate."""

    def __init__(self, mode="plain", user=None, pwd=None, cert=None, key=None, port=None):
        self.lock = threading.Lock()
        self.mode = mode
        self.messages = []
        self.refuse_rcpt = set()
        self.logins = []
        self.port = port or free_port()
        ctx = None
        if mode != "plain":
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(cert, key)
        kw = dict(hostname="127.0.0.1", port=self.port, server_hostname="localhost",
                  ready_timeout=10)
        if mode == "starttls":
            kw.update(tls_context=ctx, require_starttls=True)
        elif mode == "tls":
            kw.update(ssl_context=ctx)
        if user:
            # implicit TLS is TLS too, though aiosmtpd only counts STARTTLS
            kw.update(authenticator=self._auth, auth_required=True,
                      auth_require_tls=mode == "starttls")
        self.user, self.pwd = user, pwd
        self.ctl = Controller(_Handler(self), **kw)
        self.ctl.start()

    def _auth(self, server, session, envelope, mechanism, auth_data):
        login = auth_data.login.decode(errors="replace")
        ok = login == self.user and auth_data.password.decode(errors="replace") == self.pwd
        with self.lock:
            self.logins.append((login, ok))
        # handled=False: aiosmtpd answers the refusal (535) itself
        return AuthResult(success=ok, handled=ok, auth_data=login if ok else None)

    def count(self):
        with self.lock:
            return len(self.messages)

    def wait_count(self, n, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end and self.count() < n:
            time.sleep(0.05)
        return self.count() >= n

    def stop(self):
        self.ctl.stop()

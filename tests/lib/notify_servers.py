#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The notification servers of a board suite, as one program that a shell
test starts in the background (under `unshare --mount`, for the FTP
user): aiosmtpd with STARTTLS and AUTH on a certificate of a test CA,
vsftpd with a local user, and an HTTP server that records the webhook.

  unshare --mount notify_servers.py DIR

Writes DIR/ca.pem and DIR/servers (shell assignments: SMTP_PORT,
FTP_PORT, FTP_HOME, HOOK_PORT, MAIL_USER, MAIL_PWD, FTP_USER, FTP_PWD)
once all listen.  Each mail received is saved as DIR/mail/N.eml with its
arrival time (ns since the epoch) in DIR/mail/N.time; each webhook
request is a line of DIR/hooks.  SIGUSR1 stops the SMTP server, SIGUSR2
starts it again on its port; SIGTERM ends everything.
"""
import os
import signal
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dyndns2_server import Dyndns2Server  # noqa: E402
from ftp_server import FtpServer, add_local_user  # noqa: E402
from smtp_server import SmtpServer  # noqa: E402
from test_ca import make_ca  # noqa: E402

MAIL_USER, MAIL_PWD = "cam", "Board-Mail-5"
FTP_USER, FTP_PWD = "camftp", "Board-Ftp-6"


class Saver(threading.Thread):
    """Writes what the servers received to DIR as it comes."""

    def __init__(self, d, smtp, hook):
        super().__init__(daemon=True)
        self.dir, self.smtp, self.hook = d, smtp, hook
        self.mails = self.hooks = 0
        os.makedirs(os.path.join(d, "mail"), exist_ok=True)

    def run(self):
        cur, seen = None, 0
        while True:
            srv = self.smtp[0]
            if srv is not cur:
                cur, seen = srv, 0
            with srv.lock:
                new = srv.messages[seen:]
            seen += len(new)
            for m in new:
                p = os.path.join(self.dir, "mail", "%d" % self.mails)
                with open(p + ".eml.tmp", "wb") as f:
                    f.write(m.msg.as_bytes())
                with open(p + ".time", "w") as f:
                    f.write("%d\n" % m.wall_ns)
                os.rename(p + ".eml.tmp", p + ".eml")
                self.mails += 1
            with self.hook.lock:
                reqs = self.hook.requests[self.hooks:]
            for r in reqs:
                with open(os.path.join(self.dir, "hooks"), "a") as f:
                    f.write("%s %s\n" % (r.path, "&".join("%s=%s" % kv for kv in
                                                          sorted(r.query.items()))))
                self.hooks += 1
            time.sleep(0.05)


def main():
    d = sys.argv[1]
    ca, cert, key = make_ca(os.path.join(d, "ca"))
    os.link(ca, os.path.join(d, "ca.pem"))
    home = add_local_user(os.path.join(d, "ftp"), FTP_USER, FTP_PWD)
    ftp = FtpServer(os.path.join(d, "ftp"), home)
    smtp = [SmtpServer("starttls", MAIL_USER, MAIL_PWD, cert, key)]
    port = smtp[0].port
    hook = Dyndns2Server()
    hook.default = (200, "ok")
    saver = Saver(d, smtp, hook)

    def stop_smtp(*_):
        smtp[0].stop()

    def start_smtp(*_):
        smtp[0] = SmtpServer("starttls", MAIL_USER, MAIL_PWD, cert, key, port=port)

    signal.signal(signal.SIGUSR1, stop_smtp)
    signal.signal(signal.SIGUSR2, start_smtp)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    saver.start()
    with open(os.path.join(d, "servers.tmp"), "w") as f:
        f.write("SMTP_PORT=%d\nFTP_PORT=%d\nFTP_HOME=%s\nHOOK_PORT=%d\nMAIL_USER=%s\n"
                "MAIL_PWD=%s\nFTP_USER=%s\nFTP_PWD=%s\n"
                % (port, ftp.port, home, hook.port, MAIL_USER, MAIL_PWD, FTP_USER, FTP_PWD))
    os.rename(os.path.join(d, "servers.tmp"), os.path.join(d, "servers"))
    try:
        while True:
            time.sleep(3600)
    finally:
        ftp.stop()


if __name__ == "__main__":
    main()

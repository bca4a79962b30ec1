#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Mail, FTP and the test buttons against real servers, in a network and
mount namespace of the test's own (it re-runs itself under `unshare --net
--mount`): Debian's aiosmtpd (plain, STARTTLS, TLS, AUTH, a test CA) and
vsftpd (a local user that exists only in the namespace), on loopback,
with ipcamd on its test pattern.

  notify.py [--ipcamd build/daemon/ipcamd]

Checks:
  - set_mail/set_ftp take their own user= and pwd=: a login in the query
    is refused there, Basic auth works;
  - test_mail.cgi and test_ftp.cgi answer ok. or a clear error: not set
    up, cannot connect, authentication refused, TLS refused, mail
    refused, upload refused; STARTTLS and TLS with AUTH and the test CA;
    the messages parse with Python's email package (sender, receivers,
    subject); PASV and PORT uploads into a directory created on the way;
  - periodic uploads: the documented names, ftp_numberoffiles rotating
    (3, 1, 0), JPEGs that ffmpeg decodes; none outside the FTP schedule;
  - mail_inet_ip: a mail with the address at once, and another when the
    camera's address changes;
  - a stalling server: the test answers with a timeout error, CGIs stay
    fast and the stream keeps its rate (both measured and printed); a
    server that vanishes: retried, delivered when it is back;
  - bad set_mail/set_ftp values change nothing; no password in the log.
Prints PASS:/FAIL: lines and "N passed, N failed".
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from dyndns2_server import StallServer  # noqa: E402
from ftp_server import FtpServer, add_local_user  # noqa: E402
from ipcamd_test import (ADMIN_PWD, Checks, Daemon, basic, free_port, get_vars,  # noqa: E402
                         in_namespace, request)
from smtp_server import SmtpServer  # noqa: E402
from test_ca import make_ca  # noqa: E402

AUTH = basic("admin", ADMIN_PWD)
MAIL_USER, MAIL_PWD = "cam", "Mail-Secret-7"
FTP_USER, FTP_PWD = "camftp", "Ftp-Secret-9"
DEVICE_ID = "0011AABBCCDD"


def q(**kw):
    return urllib.parse.urlencode(kw)


def admin(d, target, timeout=30.0):
    st, body = request(d.port, target, AUTH, timeout=timeout)
    return st, body.decode("utf-8", "replace").strip()


def params(d):
    return get_vars(d.port, "/get_params.cgi", AUTH)


def set_mail(d, port, tls, user=MAIL_USER, pwd=MAIL_PWD, inet_ip=0, receivers=("me@example.net",)):
    r = list(receivers) + [""] * (4 - len(receivers))
    return admin(d, "/set_mail.cgi?" + q(svr="127.0.0.1", port=port, tls=tls, user=user, pwd=pwd,
                                        sender="cam@example.net", receiver1=r[0],
                                        receiver2=r[1], receiver3=r[2], receiver4=r[3],
                                        mail_inet_ip=inet_ip))


def set_ftp(d, port, mode=1, pwd=FTP_PWD, **kw):
    args = dict(svr="127.0.0.1", port=port, user=FTP_USER, pwd=pwd, dir="/cam/up", mode=mode)
    args.update(kw)
    return admin(d, "/set_ftp.cgi?" + q(**args))


def jpeg_decodes(data):
    p = subprocess.run(["ffmpeg", "-v", "error", "-f", "image2pipe", "-i", "-", "-f", "null", "-"],
                       input=data, capture_output=True)
    return data[:2] == b"\xff\xd8" and p.returncode == 0 and not p.stderr


def check_login_keys(c, d):
    """set_mail's user= and pwd= are the mail account, never a login."""
    st, _ = request(d.port, "/set_mail.cgi?" + q(svr="127.0.0.1", port=25, user="admin",
                                                   pwd=ADMIN_PWD, sender="a@example.net",
                                                   receiver1="b@example.net", receiver2="",
                                                   receiver3="", receiver4="", mail_inet_ip=0))
    c.check("set_mail.cgi: user= and pwd= in the query are no login (401), Basic auth is "
            "needed", st == 401, "status %s" % st)
    c.check("set_mail.cgi: the refused request stored nothing",
            params(d).get("mail_user") == "", params(d).get("mail_user"))
    st, _ = request(d.port, "/set_ftp.cgi?" + q(user="admin", pwd=ADMIN_PWD, svr="127.0.0.1"))
    c.check("set_ftp.cgi: a login in the query is refused too (401)", st == 401, "status %s" % st)
    st, body = admin(d, "/test_mail.cgi")
    c.check("test_mail.cgi, nothing set up: a clear error",
            body.startswith("error: mail is not set up"), body)
    st, body = admin(d, "/test_ftp.cgi")
    c.check("test_ftp.cgi, nothing set up: a clear error",
            body.startswith("error: FTP is not set up"), body)
    st, _ = request(d.port, "/test_mail.cgi", basic("nobody", "x"))
    c.check("test_mail.cgi needs the administrator (401)", st == 401, "status %s" % st)


def check_mail(c, d, certs):
    ca, cert, key = certs
    starttls = SmtpServer("starttls", MAIL_USER, MAIL_PWD, cert, key)
    c.check("set_mail.cgi with Basic auth: ok.",
            set_mail(d, starttls.port, 2, receivers=("me@example.net", "nvr@example.org"))[1] ==
            "ok.")
    t = time.monotonic()
    _, body = admin(d, "/test_mail.cgi")
    c.check("test_mail.cgi, STARTTLS + AUTH (tls=2): ok. in %.2f s" % (time.monotonic() - t),
            body == "ok.", body)
    m = starttls.messages[-1] if starttls.messages else None
    c.check("the test mail: over TLS, logged in as the mail user",
            m is not None and m.tls and m.user == MAIL_USER, str(m and (m.tls, m.user)))
    c.check("the test mail: envelope sender and both receivers",
            m is not None and m.mail_from == "cam@example.net" and
            m.rcpt_tos == ["me@example.net", "nvr@example.org"], str(m and (m.mail_from, m.rcpt_tos)))
    c.check("the test mail: From, To and Subject headers (email package)",
            m is not None and m.msg["From"].addresses[0].addr_spec == "cam@example.net" and
            "nvr@example.org" in m.msg["To"] and m.msg["Subject"] == DEVICE_ID + ": test mail" and
            m.msg["Date"] is not None and m.msg["Message-ID"] is not None,
            str(m and "%s / %s / %s" % (m.msg["From"], m.msg["To"], m.msg["Subject"])))
    text = m.msg.get_body(("plain",)).get_content() if m else ""
    c.check("the test mail: its text names the camera", DEVICE_ID in text, text[:80])

    set_mail(d, starttls.port, 2, pwd="wrong-pw")
    _, body = admin(d, "/test_mail.cgi")
    c.check("test_mail.cgi, a wrong password: authentication refused",
            body == "error: authentication refused.", body)
    set_mail(d, starttls.port, 0)
    _, body = admin(d, "/test_mail.cgi")
    c.check("test_mail.cgi, no TLS to a server that requires STARTTLS: refused (no AUTH in clear)",
            body.startswith("error: "), body)
    starttls.refuse_rcpt.add("me@example.net")
    set_mail(d, starttls.port, 2)
    _, body = admin(d, "/test_mail.cgi")
    c.check("test_mail.cgi, a receiver refused: the server refused the mail",
            body == "error: the server refused the mail.", body)
    starttls.stop()

    plain = SmtpServer("plain")
    set_mail(d, plain.port, 2, user="", pwd="")
    _, body = admin(d, "/test_mail.cgi")
    c.check("test_mail.cgi, STARTTLS asked of a server without it: TLS refused",
            body == "error: TLS refused.", body)
    set_mail(d, plain.port, 0, user="", pwd="")
    _, body = admin(d, "/test_mail.cgi")
    c.check("test_mail.cgi, plain SMTP without AUTH: ok.", body == "ok." and plain.count() == 1,
            body)
    plain.stop()

    tls = SmtpServer("tls", MAIL_USER, MAIL_PWD, cert, key)
    set_mail(d, tls.port, 1)
    _, body = admin(d, "/test_mail.cgi")
    c.check("test_mail.cgi, TLS from the first byte + AUTH (tls=1): ok.",
            body == "ok." and tls.count() == 1 and tls.messages[0].tls, body)
    tls.stop()

    # a certificate of a CA that neither the system nor notify_ca_file trusts
    _, other_cert, other_key = make_ca(os.path.join(os.path.dirname(ca), "..", "other-ca"),
                                       "an untrusted CA")
    untrusted = SmtpServer("tls", MAIL_USER, MAIL_PWD, other_cert, other_key)
    set_mail(d, untrusted.port, 1)
    _, body = admin(d, "/test_mail.cgi")
    c.check("test_mail.cgi, a certificate nobody trusts: TLS refused, nothing sent",
            body == "error: TLS refused." and untrusted.count() == 0, body)
    untrusted.stop()

    set_mail(d, free_port(), 0)
    _, body = admin(d, "/test_mail.cgi")
    c.check("test_mail.cgi, nothing listening: cannot connect",
            body == "error: cannot connect to the server.", body)


def check_ftp(c, d, ftp):
    c.check("set_ftp.cgi with Basic auth: ok.", set_ftp(d, ftp.port, mode=1)[1] == "ok.")
    _, body = admin(d, "/test_ftp.cgi")
    name = DEVICE_ID + "_test.txt"
    c.check("test_ftp.cgi, PASV: ok., the file in the created directory cam/up",
            body == "ok." and name in ftp.files("cam/up"), "%s %s" % (body, ftp.files("cam/up")))
    c.check("the test file says which camera sent it",
            DEVICE_ID.encode() in ftp.read("cam/up/" + name) if name in ftp.files("cam/up")
            else False)
    c.check("PASV: the server saw EPSV or PASV", re.search(r'"(EPSV|PASV)"', ftp.commands()))
    set_ftp(d, ftp.port, mode=0, dir="/active")
    _, body = admin(d, "/test_ftp.cgi")
    c.check("test_ftp.cgi, PORT (mode 0): ok., the file in active/",
            body == "ok." and name in ftp.files("active"), body)
    c.check("PORT: the server saw EPRT or PORT", re.search(r'"(EPRT|PORT) ', ftp.commands()))
    set_ftp(d, ftp.port, pwd="wrong-pw")
    _, body = admin(d, "/test_ftp.cgi")
    c.check("test_ftp.cgi, a wrong password: authentication refused",
            body == "error: authentication refused.", body)
    set_ftp(d, ftp.port, dir="/etc")
    os.makedirs(os.path.join(ftp.home, "etc"), exist_ok=True)
    os.chmod(os.path.join(ftp.home, "etc"), 0o555)
    _, body = admin(d, "/test_ftp.cgi")
    c.check("test_ftp.cgi, a directory it may not write: upload refused",
            body == "error: upload refused.", body)


def wait_files(ftp, sub, pred, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred(ftp.files(sub)):
            return True
        time.sleep(0.2)
    return pred(ftp.files(sub))


def periodic(d, ftp, **kw):
    """Uploads off, what is queued delivered, then the new settings."""
    set_ftp(d, ftp.port, upload_interval=0)
    time.sleep(1.2)
    return set_ftp(d, ftp.port, **kw)


def check_periodic(c, d, ftp):
    periodic(d, ftp, dir="/rot", upload_interval=1, filename="snap", numberoffiles=3)
    ok = wait_files(ftp, "rot", lambda f: f == ["snap_0.jpg", "snap_1.jpg", "snap_2.jpg"], 15)
    time.sleep(2.5)
    files = ftp.files("rot")
    c.check("periodic uploads, numberoffiles=3: snap_0.jpg..snap_2.jpg and no other name",
            ok and files == ["snap_0.jpg", "snap_1.jpg", "snap_2.jpg"], str(files))
    c.check("the uploaded snapshots are JPEGs that ffmpeg decodes",
            all(jpeg_decodes(ftp.read("rot/" + f)) for f in files) if files else False)
    periodic(d, ftp, dir="/one", upload_interval=1, filename="live", numberoffiles=1)
    ok = wait_files(ftp, "one", lambda f: f == ["live.jpg"], 10)
    m0 = os.stat(os.path.join(ftp.home, "one", "live.jpg")).st_mtime_ns if ok else 0
    time.sleep(2.5)
    c.check("numberoffiles=1: live.jpg, replaced at each upload",
            ftp.files("one") == ["live.jpg"] and
            os.stat(os.path.join(ftp.home, "one", "live.jpg")).st_mtime_ns > m0, str(ftp.files("one")))
    periodic(d, ftp, dir="/stamp", upload_interval=1, filename="", numberoffiles=0)
    ok = wait_files(ftp, "stamp", lambda f: len(f) >= 2, 10)
    files = ftp.files("stamp")
    c.check("numberoffiles=0, no filename: <device id>_YYYYMMDD_hhmmss.jpg, a new file each time",
            ok and all(re.fullmatch(DEVICE_ID + r"_\d{8}_\d{6}\.jpg", f) for f in files), str(files))
    sched = {"schedule_enable": 1}
    for day in ("sun", "mon", "tue", "wed", "thu", "fri", "sat"):
        for k in range(3):
            sched["schedule_%s_%d" % (day, k)] = 0
    periodic(d, ftp, dir="/sched", upload_interval=1, filename="s", numberoffiles=0, **sched)
    time.sleep(3)
    c.check("outside the FTP schedule: no upload", ftp.files("sched") == [], str(ftp.files("sched")))
    sched = {k: (4294967295 if k.startswith("schedule_") else v) for k, v in sched.items()}
    sched["schedule_enable"] = 1
    set_ftp(d, ftp.port, dir="/sched", upload_interval=1, filename="s", numberoffiles=0, **sched)
    c.check("inside it: uploads", wait_files(ftp, "sched", lambda f: len(f) >= 1, 10))
    set_ftp(d, ftp.port, dir="/", upload_interval=0, schedule_enable=0)


def check_address_mail(c, d):
    srv = SmtpServer("plain")
    set_mail(d, srv.port, 0, user="", pwd="", inet_ip=1)
    ok = srv.wait_count(1, 10)
    m = srv.messages[0] if ok else None
    text = m.msg.get_body(("plain",)).get_content() if m else ""
    c.check("mail_inet_ip: a mail with the camera's address, at once",
            m is not None and "http://10.9.0.1:%d/" % d.port in text and
            m.msg["Subject"] == DEVICE_ID + ": the camera's address", text)
    t = time.monotonic()
    subprocess.run(["ip", "addr", "add", "10.9.0.7/24", "dev", "lo"], check=True)
    ok = srv.wait_count(2, 10)
    text = srv.messages[1].msg.get_body(("plain",)).get_content() if ok else ""
    c.check("an address change: another mail, %.1f s later, with the new address"
            % (time.monotonic() - t), ok and "http://10.9.0.7:%d/" % d.port in text, text)
    time.sleep(1.5)
    c.check("no mail while the address stays", srv.count() == 2, "%d mails" % srv.count())
    set_mail(d, srv.port, 0, user="", pwd="", inet_ip=0)
    srv.stop()


class StreamRate:
    """Frames of videostream.cgi counted in a thread."""

    def __init__(self, port):
        self.frames = []
        self.s = socket.create_connection(("127.0.0.1", port), 5)
        self.s.sendall(("GET /videostream.cgi?resolution=8&rate=0 HTTP/1.0\r\n"
                        "Authorization: %s\r\n\r\n" % AUTH).encode())
        self.stop = False
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        buf = b""
        while not self.stop:
            try:
                chunk = self.s.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            n = buf.count(b"--ipcamera")
            now = time.monotonic()
            self.frames += [now] * n
            buf = buf[buf.rfind(b"--ipcamera") + 1:] if n else buf[-16:]

    def rate(self, t0, t1):
        return sum(1 for t in self.frames if t0 <= t < t1) / (t1 - t0)

    def close(self):
        self.stop = True
        self.s.close()


def cgi_latencies(d, seconds):
    out = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t = time.monotonic()
        st, _ = request(d.port, "/get_status.cgi", AUTH)
        out.append((time.monotonic() - t) if st == 200 else 99.0)
        time.sleep(0.05)
    return sorted(out)


def check_stall(c, d, ftp):
    stall = StallServer()
    stream = StreamRate(d.port)
    time.sleep(1.5)
    t0 = time.monotonic()
    base_lat = cgi_latencies(d, 2.0)
    t1 = time.monotonic()
    # every channel stalls at once: mail (test), FTP (periodic), and the test button
    set_mail(d, stall.port, 0, user="", pwd="")
    set_ftp(d, stall.port, dir="/", upload_interval=1)
    result = {}
    th = threading.Thread(target=lambda: result.update(mail=admin(d, "/test_mail.cgi")))
    th.start()
    lat = cgi_latencies(d, 3.0)
    t2 = time.monotonic()
    th.join(20)
    base_fps, stall_fps = stream.rate(t0, t1), stream.rate(t1, t2)
    p99 = lat[int(len(lat) * 0.99) - 1] if lat else 99
    print("stall: stream %.1f fps before, %.1f fps during; get_status p50 %.1f ms / "
          "p99 %.1f ms before, %.1f / %.1f ms during"
          % (base_fps, stall_fps, base_lat[len(base_lat) // 2] * 1e3,
             base_lat[int(len(base_lat) * 0.99) - 1] * 1e3, lat[len(lat) // 2] * 1e3, p99 * 1e3))
    c.check("a stalling mail server: test_mail.cgi answers the timeout",
            result.get("mail", (0, ""))[1] == "error: the server did not answer in time.",
            str(result.get("mail")))
    c.check("during the stall get_status.cgi stays fast (p99 %.0f ms < 250 ms)" % (p99 * 1e3),
            p99 < 0.25)
    c.check("during the stall the stream keeps its rate (%.1f of %.1f fps)"
            % (stall_fps, base_fps), base_fps > 0 and stall_fps >= 0.8 * base_fps)
    stream.close()
    # the FTP server vanishes, then comes back on its port: delivered by the retry
    set_ftp(d, ftp.port, dir="/back", upload_interval=0)
    ftp.stop()
    set_ftp(d, ftp.port, dir="/back", upload_interval=3600, filename="back", numberoffiles=1)
    time.sleep(2.5)
    with open(os.path.join(d.dir, "log"), errors="replace") as f:
        log = f.read()
    c.check("a vanished FTP server: the failure is logged with the retry",
            re.search(r"ftp: upload [^:]*: cannot connect to the server; trying again", log))
    return stall


def check_bad_input(c, d):
    before = params(d)
    bad = [
        ("/set_mail.cgi", "port=70000"), ("/set_mail.cgi", "port=-1"), ("/set_mail.cgi", "tls=3"),
        ("/set_mail.cgi", "tls=x"), ("/set_mail.cgi", "mail_inet_ip=2"),
        ("/set_mail.cgi", "sender=no-at-sign"), ("/set_mail.cgi", "receiver1=a%0d%0aBcc:x@y"),
        ("/set_mail.cgi", "receiver2=two@@example.net"), ("/set_mail.cgi", "receiver3=a%20b@x"),
        ("/set_mail.cgi", "receiver4=" + "r" * 30 + "@example.net"),
        ("/set_mail.cgi", "svr=a%20b"), ("/set_mail.cgi", "user=" + "u" * 21),
        ("/set_mail.cgi", "pwd=" + "p" * 21), ("/set_mail.cgi", "svr=" + "s" * 65),
        ("/set_ftp.cgi", "port=65536"), ("/set_ftp.cgi", "mode=2"), ("/set_ftp.cgi", "mode=-1"),
        ("/set_ftp.cgi", "dir=/a/../b"), ("/set_ftp.cgi", "dir=a%0d%0aDELE%20x"),
        ("/set_ftp.cgi", "upload_interval=abc"), ("/set_ftp.cgi", "upload_interval=65536"),
        ("/set_ftp.cgi", "numberoffiles=-1"), ("/set_ftp.cgi", "filename=" + "f" * 33),
        ("/set_ftp.cgi", "filename=a%0ab"), ("/set_ftp.cgi", "user=" + "u" * 33),
        ("/set_ftp.cgi", "pwd=" + "p" * 33), ("/set_ftp.cgi", "numberoffiles=65536"),
        ("/set_ftp.cgi", "svr=-ftp.example.net"), ("/set_ftp.cgi", "port=21x"),
        ("/set_ftp.cgi", "schedule_enable=2"), ("/set_ftp.cgi", "svr=a%00b"),
    ]
    full_mail = dict(svr="127.0.0.1", port=25, user="", pwd="", sender="cam@example.net",
                     receiver1="me@example.net", receiver2="", receiver3="", receiver4="",
                     mail_inet_ip=0)
    refused = []
    for cgi, kv in bad:
        if cgi == "/set_mail.cgi":
            k = kv.split("=", 1)[0]
            args = "&".join("%s=%s" % (n, urllib.parse.quote(str(v), safe="@.")) for n, v in
                            full_mail.items() if n != k) + "&" + kv
        else:
            args = kv
        st, body = admin(d, cgi + "?" + args, timeout=5)
        if not body.startswith("error"):
            refused.append("%s?%s -> %s" % (cgi, kv, body))
    after = params(d)
    c.check("%d bad set_mail/set_ftp values: each refused with an error" % len(bad), not refused,
            "; ".join(refused))
    c.check("... and nothing changed", before == after,
            str({k: (before.get(k), after.get(k)) for k in after if before.get(k) != after.get(k)}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipcamd", default=os.path.join(TOP, "build", "daemon", "ipcamd"))
    args = ap.parse_args()
    rc = in_namespace("IPCAM_NOTIFY_NS", ("--net", "--mount"))
    if rc is not None:
        return rc
    c = Checks()
    with tempfile.TemporaryDirectory(prefix="ipcamd-notify.") as work:
        os.chmod(work, 0o755)
        certs = make_ca(os.path.join(work, "ca"))
        home = add_local_user(os.path.join(work, "ftp"), FTP_USER, FTP_PWD)
        ftp = FtpServer(os.path.join(work, "ftp"), home)
        try:
            run(c, args.ipcamd, work, certs, home, ftp)
        finally:
            # a server left running would outlive the namespace's test
            subprocess.run(["pkill", "-f", os.path.join(work, "ftp", "vsftpd.conf")])
    return c.summary()


def run(c, ipcamd, work, certs, home, ftp):
    d = Daemon(ipcamd, work, "cam", test_pattern=True, level="info", extra=(
        "notify_timeout = 4", "notify_retry = 1", "notify_retries = 3",
        "notify_ca_file = " + certs[0]))
    try:
        checks(c, d, work, home, ftp, certs)
    finally:
        if d.alive():	# a check that raised: the daemon must not outlive the test
            d.proc.kill()


def checks(c, d, work, home, ftp, certs):
    check_login_keys(c, d)
    check_mail(c, d, certs)
    check_ftp(c, d, ftp)
    check_periodic(c, d, ftp)
    check_address_mail(c, d)
    check_bad_input(c, d)
    stall = check_stall(c, d, ftp)
    ftp2 = FtpServer(os.path.join(work, "ftp"), home, port=ftp.port)
    ok = wait_files(ftp2, "back", lambda f: "back.jpg" in f, 20)
    c.check("... and delivered once the server is back", ok, str(ftp2.files("back")))
    t = time.monotonic()
    c.stop(d, "notify")
    c.check("the daemon stops at once with a stalled server (%.1f s)" % (time.monotonic() - t),
            time.monotonic() - t < 5)
    stall.close()
    ftp2.stop()
    with open(os.path.join(d.dir, "log"), errors="replace") as f:
        log = f.read()
    leaked = [p for p in (MAIL_PWD, FTP_PWD, "wrong-pw") if p in log]
    c.check("no mail or FTP password in the daemon's log", not leaked, ", ".join(leaked))


if __name__ == "__main__":
    sys.exit(main())

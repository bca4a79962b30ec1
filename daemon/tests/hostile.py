#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile clients against ipcamd, on loopback only.

Each class of attack runs against its own ipcamd (a temporary state
directory, the default limits unless said), bounded in requests and time:

  leak       request lines libmicrohttpd cannot parse (too many query
             pairs) and request lines whose client hangs up before the
             headers end: a clear answer, and no memory or fd kept
  interleave wrong administrator passwords with a visitor login between
             them, in the header or the query beside the visitor's:
             the address is still locked out
  flood      256 addresses locked out first, then a fresh address guesses:
             still throttled, the right password refused meanwhile
  slowloris  64 connections from 4 addresses trickle their headers: they
             are cut at the request deadline, and other clients are
             answered all along
  fifo       a FIFO in the web root: refused at once, before and after the
             login check, and the daemon keeps answering
  creds      set_ftp/mail/ddns/pppoe with the login in the query: 401 and
             nothing stored (their user/pwd are the setting's values)
  viewers    one address cannot take every max_viewers slot
  utf8       text settings take valid UTF-8 only

Prints one "PASS: ..." / "FAIL: ..." line per check, a table of figures
(requests tried, refused, RSS and fds of the daemon before and after) and
"N passed, N failed"; exits 1 when a check failed.

Each daemon must stop cleanly at the end, with no AddressSanitizer,
LeakSanitizer or UBSan report in its log (tests/sanitizers.sh runs the
fast classes against a sanitizer build).

  hostile.py [--ipcamd build/daemon/ipcamd] [--no-rss] [CLASS...]
"""
import argparse
import os
import select
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from ipcamd_test import (ADMIN_PWD, Checks, Daemon, KeepAlive, basic,  # noqa: E402
                         connect, read_reply, request)

GUEST_PWD = "Gu3st-Pw"
checks = Checks()
check = checks.check
figures = []
CHECK_RSS = True    # --no-rss: a sanitizer build's RSS says nothing


def param(d, name):
    st, body = request(d.port, "/get_params.cgi", basic("admin", ADMIN_PWD))
    if st != 200:
        return None
    for line in body.decode("utf-8", "replace").splitlines():
        if line.startswith("var %s=" % name):
            return line[len("var %s=" % name):].rstrip(";")
    return None


def add_guest(d):
    q = "user1=admin&pwd1=%s&pri1=2&user2=guest&pwd2=%s&pri2=0" % (ADMIN_PWD, GUEST_PWD)
    for i in range(3, 9):
        q += "&user%d=&pwd%d=&pri%d=0" % (i, i, i)
    return request(d.port, "/set_users.cgi?" + q, basic("admin", ADMIN_PWD))[0] == 200


def settle(d, fds0, seconds=5.0):
    """Wait for the daemon's fds to come back to FDS0 (connections closed)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and d.fds() > fds0:
        time.sleep(0.1)


def figure(name, tried, refused, d, rss0, fds0):
    """Record a class's figures, the daemon at rest again."""
    settle(d, fds0, 3)
    figures.append((name, tried, refused, rss0, d.rss_kb(), fds0, d.fds()))


# ---------------------------------------------------------------------------

def batch(port, payloads, addrs, timeout):
    """Send each payload on its own connection (source addresses in turn),
    then read every reply; returns the statuses (None: no reply)."""
    socks = []
    for i, p in enumerate(payloads):
        try:
            s = connect(port, addrs[i % len(addrs)], timeout)
            s.sendall(p)
            socks.append(s)
        except OSError:
            socks.append(None)
    out = []
    end = time.monotonic() + timeout
    for s in socks:
        if s is None:
            out.append(None)
            continue
        out.append(read_reply(s, max(0.05, end - time.monotonic()))[0])
        s.close()
    return out


def attack_leak(binary, work):
    d = Daemon(binary, work, "leak")
    addrs = ["127.3.%d.1" % i for i in range(1, 9)]
    pairs = "&".join(["aaaaaaaa"] * 600)
    line = ("GET /get_status.cgi?%s HTTP/1.1\r\nHost: camera\r\n\r\n" % pairs).encode()
    # only the request line: the client hangs up before the headers end
    cut = ("GET /get_status.cgi?%s HTTP/1.1\r\n" % "&".join(["b"] * 100)).encode()
    # warm-up: the daemon's heap and libmicrohttpd's pools at working size
    batch(d.port, [line] * 40, addrs, 3)
    for _ in range(50):
        request(d.port, "/get_status.cgi")
    settle(d, 0, 1)
    time.sleep(0.5)
    rss0, fds0 = d.rss_kb(), d.fds()
    tried = refused = 0
    answers = set()
    t0 = time.monotonic()
    for _ in range(25):
        st = batch(d.port, [line] * 48, addrs, 2.0)
        tried += len(st)
        refused += sum(1 for x in st if x == 414)
        answers.update(st)
    slow = time.monotonic() - t0
    check("600 query pairs: every request answered 414 (%d of %d, %.1f s)"
          % (refused, tried, slow), refused == tried, "answers %s" % sorted(answers, key=str))
    for _ in range(10):
        socks = []
        for i in range(48):
            try:
                s = connect(d.port, addrs[i % len(addrs)])
                s.sendall(cut)
                socks.append(s)
            except OSError:
                pass
        time.sleep(0.05)
        for s in socks:
            s.close()
        tried += 48
    settle(d, fds0)
    time.sleep(0.5)
    rss1 = d.rss_kb()
    if CHECK_RSS:
        check("%d abusive requests: RSS grew %d kB (< 2048 kB)" % (tried, rss1 - rss0),
              rss1 - rss0 < 2048)
    check("fds back to %d (now %d)" % (fds0, d.fds()), d.fds() <= fds0)
    check("the daemon still answers", request(d.port, "/get_status.cgi")[0] == 200)
    figure("leak", tried, refused, d, rss0, fds0)
    checks.stop(d, "leak")


def attack_interleave(binary, work):
    d = Daemon(binary, work, "interleave")
    check("a visitor account", add_guest(d))
    rss0, fds0 = d.rss_kb(), d.fds()
    conn = KeepAlive(d.port, "127.4.0.1")
    tried = refused = 0
    for i in range(100):
        tried += 1
        if conn.get("/get_params.cgi", basic("admin", "guess%d" % i)) == 401:
            refused += 1
        if i % 4 == 3:
            tried += 1
            conn.get("/get_camera_params.cgi", basic("guest", GUEST_PWD))
    st = conn.get("/get_params.cgi", basic("admin", ADMIN_PWD))
    check("100 wrong admin passwords with a visitor login every 4: locked out "
          "(the right password gets %s)" % st, st == 401)
    st = conn.get("/get_params.cgi?user=admin&pwd=" + ADMIN_PWD)
    check("... in the query too (%s)" % st, st == 401)
    st = request(d.port, "/get_params.cgi", basic("admin", ADMIN_PWD), "127.4.0.2")[0]
    check("another address is not locked out (%s)" % st, st == 200)
    conn.close()
    # the guess in the query, a wrong visitor header beside it
    conn = KeepAlive(d.port, "127.4.0.3")
    for i in range(20):
        tried += 1
        conn.get("/get_params.cgi?user=admin&pwd=q%d" % i, basic("guest", "wrong"))
        if i % 4 == 3:
            tried += 1
            conn.get("/get_camera_params.cgi", basic("guest", GUEST_PWD))
    st = conn.get("/get_params.cgi", basic("admin", ADMIN_PWD))
    check("admin guesses in the query beside a wrong visitor header: locked out (%s)" % st,
          st == 401)
    conn.close()
    # the guess in the header, the visitor's right login in the query: the
    # privilege tells whether the guess was right, so the guess counts
    conn = KeepAlive(d.port, "127.4.0.4")
    for i in range(20):
        tried += 1
        conn.get("/get_params.cgi?user=guest&pwd=" + GUEST_PWD, basic("admin", "h%d" % i))
    st = conn.get("/get_params.cgi", basic("admin", ADMIN_PWD))
    check("admin guesses in the header beside the visitor's login: locked out (%s)" % st,
          st == 401)
    conn.close()
    figure("interleave", tried + 5, refused, d, rss0, fds0)
    checks.stop(d, "interleave")


def attack_flood(binary, work):
    # lockouts that outlast the run however slow the machine
    d = Daemon(binary, work, "flood", ["login_lockout = 600"])
    rss0, fds0 = d.rss_kb(), d.fds()
    tried = refused = 0
    t0 = time.monotonic()
    for i in range(256):
        conn = KeepAlive(d.port, "127.5.%d.%d" % (i // 200, i % 200 + 1))
        for k in range(5):
            tried += 1
            if conn.get("/get_params.cgi", basic("admin", "x%d" % k)) == 401:
                refused += 1
        conn.close()
    fresh = KeepAlive(d.port, "127.6.0.1")
    for k in range(250):
        tried += 1
        if fresh.get("/get_params.cgi", basic("admin", "y%d" % k)) == 401:
            refused += 1
    st = fresh.get("/get_params.cgi", basic("admin", ADMIN_PWD))
    tried += 1
    fresh.close()
    check("256 addresses locked out, then 250 guesses from a fresh one: the right "
          "password is refused (%s, %.1f s)" % (st, time.monotonic() - t0), st == 401)
    st = request(d.port, "/get_status.cgi", src="127.6.0.1")[0]
    check("get_status still answers (%s)" % st, st == 200)
    figure("flood", tried, refused + (st == 401), d, rss0, fds0)
    checks.stop(d, "flood")


class SlowClients:
    """Connections that send a request line and then one header byte a
    second; a connection the daemon cuts comes back at once when RECONNECT."""

    head = b"GET /get_params.cgi HTTP/1.1\r\nHost: camera\r\nX-Slow: "

    def __init__(self, port, addrs, per_addr, reconnect):
        self.port, self.reconnect = port, reconnect
        self.socks = {}
        self.opened = 0
        self.lifetimes = []
        self.last = 0.0
        for _ in range(per_addr):
            for a in addrs:
                self.open(a)

    def open(self, src):
        try:
            s = connect(self.port, src, 1)
            s.setblocking(False)
            s.send(self.head)
            self.socks[s] = (src, time.monotonic())
            self.opened += 1
        except OSError:
            pass

    def step(self):
        r, _, _ = select.select(list(self.socks), [], [], 0.1)
        for s in r:
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if data:
                continue
            src, since = self.socks.pop(s)
            self.lifetimes.append(time.monotonic() - since)
            s.close()
            if self.reconnect:
                self.open(src)
        if time.monotonic() - self.last >= 1.0:
            self.last = time.monotonic()
            for s in list(self.socks):
                try:
                    s.send(b"x")
                except OSError:
                    pass

    def close(self):
        for s in self.socks:
            s.close()
        self.socks = {}


def attack_slowloris(binary, work):
    timeout = 4
    d = Daemon(binary, work, "slowloris", ["request_timeout = %d" % timeout])
    rss0, fds0 = d.rss_kb(), d.fds()

    # the deadline: a trickle of header bytes does not keep a request alive
    slow = SlowClients(d.port, ["127.7.1.1"], 8, False)
    t0 = time.monotonic()
    while slow.socks and time.monotonic() - t0 < timeout + 4:
        slow.step()
    lt = slow.lifetimes
    check("8 clients trickling their headers: cut at the %d s deadline (%d cut, %.1f..%.1f s)"
          % (timeout, len(lt), min(lt, default=0), max(lt, default=0)),
          len(lt) == 8 and min(lt) >= timeout - 0.5 and max(lt) <= timeout + 1.5)
    slow.close()

    # starvation: 64 of them from 4 addresses, coming back as soon as cut
    answers = []
    done = threading.Event()

    def victim():
        for at in (0.5, 2.0, 4.0, 6.0, 8.0):
            while time.monotonic() - t0 < at:
                time.sleep(0.05)
            a = time.monotonic()
            st = request(d.port, "/get_status.cgi", src="127.8.0.1", timeout=3)[0]
            answers.append((at, st, time.monotonic() - a))
        done.set()

    slow = SlowClients(d.port, ["127.7.0.%d" % i for i in range(1, 5)], 16, True)
    t0 = time.monotonic()
    th = threading.Thread(target=victim)
    th.start()
    while not done.is_set():
        slow.step()
    th.join()
    slow.close()
    ok = [a for a in answers if a[1] == 200]
    check("64 slow connections from 4 addresses: another client answered %d of %d "
          "times (%s)" % (len(ok), len(answers),
                          ", ".join("%.1fs:%s" % (a[0], a[1]) for a in answers)),
          len(ok) == len(answers))
    settle(d, fds0)
    check("every slow connection closed (fds %d, at rest %d)" % (d.fds(), fds0), d.fds() <= fds0)
    figure("slowloris", 8 + slow.opened + len(answers), len(lt) + len(slow.lifetimes),
           d, rss0, fds0)
    checks.stop(d, "slowloris")


def attack_fifo(binary, work):
    d = Daemon(binary, work, "fifo")
    os.mkfifo(os.path.join(d.dir, "www", "fifo.txt"))
    rss0, fds0 = d.rss_kb(), d.fds()
    t = time.monotonic()
    st = request(d.port, "/fifo.txt", timeout=2)[0]
    check("anonymous GET of a FIFO: 401 at once (%s in %.2f s)" % (st, time.monotonic() - t),
          st == 401)
    t = time.monotonic()
    st = request(d.port, "/fifo.txt", basic("admin", ADMIN_PWD), timeout=2)[0]
    check("the administrator's GET of a FIFO: 404 at once (%s in %.2f s)"
          % (st, time.monotonic() - t), st == 404)
    st = request(d.port, "/get_status.cgi", timeout=2)[0]
    check("the daemon keeps answering (%s)" % st, st == 200)
    st = request(d.port, "/index.htm", basic("admin", ADMIN_PWD), timeout=2)[0]
    check("regular files are still served (%s)" % st, st == 200)
    figure("fifo", 4, 2, d, rss0, fds0)
    checks.stop(d, "fifo")


CRED_CGIS = [
    ("/set_ftp.cgi", "ftp", "svr=127.0.0.1&port=21&dir=/&mode=0"),
    ("/set_mail.cgi", "mail", "svr=127.0.0.1&port=25&sender=cam@example.net"
     "&receiver1=me@example.net&receiver2=&receiver3=&receiver4=&mail_inet_ip=0"),
    ("/set_ddns.cgi", "ddns", "service=2&host=cam.example.net&proxy_svr=&proxy_port=0"),
    ("/set_pppoe.cgi", "pppoe", "enable=0"),
]


def attack_creds(binary, work):
    d = Daemon(binary, work, "creds")
    rss0, fds0 = d.rss_kb(), d.fds()
    tried = refused = 0
    for path, prefix, rest in CRED_CGIS:
        q = "%s?%s&user=admin&pwd=%s" % (path, rest, ADMIN_PWD)
        st = request(d.port, q)[0]
        tried += 1
        refused += st == 401
        check("%s with the login in the query: 401 (%s)" % (path, st), st == 401)
        check("... and %s_user is not the admin's login" % prefix,
              param(d, prefix + "_user") == "''")
        st, body = request(d.port, "%s?%s&user=camuser&pwd=campw" % (path, rest),
                           basic("admin", ADMIN_PWD))
        tried += 1
        check("%s with Basic auth: user/pwd are the setting's (%s %s)"
              % (path, st, body.strip().decode("utf-8", "replace")),
              st == 200 and param(d, prefix + "_user") == "'camuser'")
    figure("creds", tried, refused, d, rss0, fds0)
    checks.stop(d, "creds")


def attack_viewers(binary, work):
    d = Daemon(binary, work, "viewers", ["max_viewers = 8"], test_pattern=True)
    rss0, fds0 = d.rss_kb(), d.fds()
    auth = basic("admin", ADMIN_PWD)
    streams = []
    refused = 0
    for _ in range(8):
        s = connect(d.port, "127.9.0.1")
        s.sendall(("GET /videostream.cgi?resolution=8 HTTP/1.1\r\nHost: camera\r\n"
                   "Authorization: %s\r\n\r\n" % auth).encode())
        streams.append(s)
    got = []
    for s in streams:
        s.settimeout(3)
        try:
            head = s.recv(64)
        except OSError:
            head = b""
        got.append(head.split(b" ", 2)[1] if head.startswith(b"HTTP/1.") else b"-")
    refused = got.count(b"503")
    check("8 streams from one address with max_viewers 8: 2 served, 6 refused (%s)"
          % b" ".join(got).decode(), got.count(b"200") == 2 and refused == 6)
    s = connect(d.port, "127.9.0.2")
    s.sendall(("GET /videostream.cgi?resolution=8 HTTP/1.1\r\nHost: camera\r\n"
               "Authorization: %s\r\n\r\n" % auth).encode())
    s.settimeout(3)
    try:
        head = s.recv(64)
    except OSError:
        head = b""
    check("another address still gets a stream (%s)" % head[:12].decode("latin-1"),
          head.startswith(b"HTTP/1.1 200") or head.startswith(b"HTTP/1.0 200"))
    s.close()
    for s in streams:
        s.close()
    figure("viewers", 9, refused, d, rss0, fds0)
    checks.stop(d, "viewers")


def attack_utf8(binary, work):
    d = Daemon(binary, work, "utf8")
    rss0, fds0 = d.rss_kb(), d.fds()
    auth = basic("admin", ADMIN_PWD)
    st, body = request(d.port, "/set_alias.cgi?alias=Caf%C3%A9", auth)
    check("alias in UTF-8: stored (%s %s)" % (st, body.strip()),
          st == 200 and param(d, "alias") == "'Caf\u00e9'")
    bad = ["Caf%E9", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "a%80b", "%C3"]
    refused = 0
    for v in bad:
        st, body = request(d.port, "/set_alias.cgi?alias=" + v, auth)
        refused += body.strip() == b"error: illegal params."
    check("%d aliases of invalid UTF-8: refused, nothing changed" % len(bad),
          refused == len(bad) and param(d, "alias") == "'Caf\u00e9'")
    figure("utf8", 1 + len(bad), refused, d, rss0, fds0)
    checks.stop(d, "utf8")


ATTACKS = {
    "leak": attack_leak,
    "interleave": attack_interleave,
    "flood": attack_flood,
    "slowloris": attack_slowloris,
    "fifo": attack_fifo,
    "creds": attack_creds,
    "viewers": attack_viewers,
    "utf8": attack_utf8,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ipcamd", default=os.path.join(TOP, "build", "daemon", "ipcamd"))
    ap.add_argument("--no-rss", action="store_true",
                    help="no RSS check (sanitizer builds: LeakSanitizer checks at exit)")
    ap.add_argument("classes", nargs="*", default=list(ATTACKS))
    args = ap.parse_args()
    global CHECK_RSS
    CHECK_RSS = not args.no_rss
    if not os.access(args.ipcamd, os.X_OK):
        print("FAIL: no %s (make -C daemon first)" % args.ipcamd)
        return 1
    with tempfile.TemporaryDirectory(prefix="ipcamd-hostile.") as work:
        for name in args.classes:
            t = time.monotonic()
            print("== %s" % name, flush=True)
            try:
                ATTACKS[name](args.ipcamd, work)
            except Exception as e:  # a crashed attack is a failed check
                check("%s ran to its end" % name, False, repr(e))
            print("   (%.1f s)" % (time.monotonic() - t), flush=True)
    print("\n%-10s %8s %8s %14s %10s" % ("class", "requests", "refused", "RSS kB", "fds"))
    for name, tried, refused, r0, r1, f0, f1 in figures:
        print("%-10s %8d %8d %6d->%-7d %4d->%-4d" % (name, tried, refused, r0, r1, f0, f1))
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The daemon-level fuzzer: malformed requests to every CGI of the SDK.

Sends a few thousand requests (seeded: the same run every time unless
--seed) to a fresh ipcamd on loopback without a camera, in batches:

  pairs      huge keys and values, repeated pairs, more pairs than the limit
  percent    every percent-encoding edge: %, %0, %zz, %00, %FF, %2525, ...
  crlf       CR/LF in values, encoded and raw in the request line
  utf8       invalid UTF-8 in every value
  http09     HTTP/0.9 request lines, missing or odd versions
  pipeline   several requests in one write, some of them broken
  methods    POST, PUT, DELETE, OPTIONS, TRACE, BREW, lower case
  bodies     Content-Length and chunked bodies, short, long and malformed

Each request mutates a valid request of one CGI, logged in as the
administrator.  Checks, after every batch: the daemon is alive; the only
5xx answers are the documented ones (503: no camera; 505: an HTTP version
other than 1.0 and 1.1); a set CGI that did not
answer "ok." changed nothing (get_params, get_misc and get_forbidden as
before, but the clock).  reboot.cgi and restore_factory.cgi are sent only
requests they must refuse (a bad next_url, another method), which change
nothing either.  Prints PASS:/FAIL: lines, figures, "N passed, N failed".

  wire_fuzz.py [--ipcamd build/daemon/ipcamd] [--requests 3000] [--seed 1]
"""
import argparse
import os
import random
import socket
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from ipcamd_test import ADMIN_PWD, Checks, Daemon, basic, connect, request  # noqa: E402

AUTH = basic("admin", ADMIN_PWD)

# A valid request of every CGI of the SDK (the base of the mutations).
CGIS = [
    ("/get_status.cgi", ""),
    ("/get_params.cgi", ""),
    ("/get_misc.cgi", ""),
    ("/get_forbidden.cgi", ""),
    ("/get_camera_params.cgi", ""),
    ("/check_user.cgi", ""),
    ("/snapshot.cgi", "resolution=8&next_url=snap.jpg"),
    ("/videostream.cgi", "resolution=8&rate=6"),
    ("/videostream.asf", "resolution=8&rate=6"),
    ("/decoder_control.cgi", "command=0&onestep=1"),
    ("/camera_control.cgi", "param=1&value=128"),
    ("/comm_write.cgi", "port=0&baud=12&bytes=2&data=%01%02"),
    ("/set_alias.cgi", "alias=Porch"),
    ("/set_datetime.cgi", "tz=-3600&ntp_enable=0&ntp_svr=pool.ntp.org"),
    ("/set_users.cgi", "user1=admin&pwd1=%s&pri1=2" % ADMIN_PWD +
     "".join("&user%d=&pwd%d=&pri%d=0" % (i, i, i) for i in range(2, 9))),
    ("/set_devices.cgi", "dev2_alias=Yard&dev2_host=192.168.1.20&dev2_port=80"),
    ("/set_network.cgi", "ip=&mask=&gateway=&dns=&port=PORT"),  # the daemon's own
    ("/set_wifi.cgi", "enable=0&ssid=&encrypt=0&defkey=0&key1=&key2=&key3=&key4="
     "&authtype=0&keyformat=0&key1_bits=0&key2_bits=0&key3_bits=0&key4_bits=0"
     "&channel=6&mode=0&wpa_psk="),
    ("/set_pppoe.cgi", "enable=0&user=dsl&pwd=secret"),
    ("/set_upnp.cgi", "enable=0"),
    ("/set_ddns.cgi", "service=2&user=u&pwd=p&host=cam.example.net&proxy_svr=&proxy_port=0"),
    ("/set_ftp.cgi", "svr=127.0.0.1&port=21&user=u&pwd=p&dir=/&mode=1"),
    ("/set_mail.cgi", "svr=127.0.0.1&port=25&user=u&pwd=p&sender=c@example.net"
     "&receiver1=m@example.net&receiver2=&receiver3=&receiver4=&mail_inet_ip=0"),
    ("/set_alarm.cgi", "motion_armed=1&motion_sensitivity=2"),
    ("/set_forbidden.cgi", "schedule_enable=0" + "".join(
        "&schedule_%s_%d=0" % (d, k) for d in ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
        for k in range(3))),
    ("/set_misc.cgi", "led_mode=1&ptz_patrol_rate=5"),
    ("/set_decoder.cgi", "baud=12"),
    ("/reboot.cgi", ""),
    ("/restore_factory.cgi", ""),
]
# Only requests these must refuse: a next_url that is not local, another method.
DANGEROUS = ("/reboot.cgi", "/restore_factory.cgi")
# Never mutated: the fuzzer's own login and the daemon's port.
PROTECTED = ("user1", "pwd1", "pri1", "port")
# The CGIs that answer 503 without a camera, a head or a serial port.
CAMERA_CGIS = ("/get_camera_params.cgi", "/camera_control.cgi", "/decoder_control.cgi",
               "/comm_write.cgi", "/snapshot.cgi", "/videostream.cgi", "/videostream.asf")

PERCENT = ["%", "%0", "%zz", "%00", "%FF", "%ff", "%2525", "%%", "%C0%AF", "%E0%80%AF",
           "%ED%A0%80", "%F4%90%80%80", "%2e%2e%2f", "%u0041", "%0", "%-1", "%+1"]
BAD_UTF8 = ["%FF%FE", "%C3", "%C3%28", "%E2%82", "%F0%28%8C%BC", "%80", "%BF%BF", "%FE"]
CRLF = ["%0D%0A", "%0A", "%0D", "a%0D%0AX-Injected:%201", "%0D%0A%0D%0AHTTP/1.1%20200"]
METHODS = ["POST", "PUT", "DELETE", "OPTIONS", "TRACE", "BREW", "get", "PATCH", "CONNECT"]


def split_pairs(query):
    return [p for p in query.split("&") if p] if query else []


def mutate_query(rng, query, kind):
    pairs = split_pairs(query) + ["x=1"]
    free = [k for k, p in enumerate(pairs) if p.partition("=")[0] not in PROTECTED]
    i = rng.choice(free)
    key, _, val = pairs[i].partition("=")
    if kind == "pairs":
        choice = rng.randrange(4)
        if choice == 0:
            pairs[i] = key + "=" + "v" * rng.choice([300, 4000, 9000])
        elif choice == 1:
            pairs[i] = "k" * rng.choice([300, 4000]) + "=" + val
        elif choice == 2:
            pairs += [pairs[i]] * rng.choice([2, 50, 150])
        else:
            pairs += ["a"] * rng.choice([159, 170, 600])
    elif kind == "percent":
        pairs[i] = key + "=" + val + rng.choice(PERCENT)
        if rng.random() < 0.3:
            pairs[i] = rng.choice(PERCENT) + key + "=" + val
    elif kind == "crlf":
        pairs[i] = key + "=" + val + rng.choice(CRLF)
    elif kind == "utf8":
        pairs = [p if p.partition("=")[0] in PROTECTED else p + rng.choice(BAD_UTF8)
                 for p in pairs]
    return "&".join(pairs)


def target(path, query):
    return path + ("?" + query if query else "")


def build(rng, path, query, kind):
    """The raw bytes of one malformed request of KIND."""
    auth = "Authorization: %s\r\n" % AUTH
    if path in DANGEROUS:
        # only what they must refuse
        if rng.random() < 0.5:
            t = target(path, "next_url=http://evil.example/" + rng.choice(PERCENT + CRLF))
            return ("GET %s HTTP/1.1\r\nHost: c\r\n%s\r\n" % (t, auth)).encode()
        return ("%s %s HTTP/1.1\r\nHost: c\r\n%sContent-Length: 0\r\n\r\n"
                % (rng.choice(METHODS[:6]), path, auth)).encode()
    if kind in ("pairs", "percent", "crlf", "utf8"):
        t = target(path, mutate_query(rng, query, kind))
        return ("GET %s HTTP/1.1\r\nHost: c\r\n%s\r\n" % (t, auth)).encode()
    t = target(path, query)
    if kind == "http09":
        return rng.choice([
            "GET %s\r\n" % t,
            "GET %s HTTP/0.9\r\n\r\n" % t,
            "GET %s HTTP/2.0\r\n%s\r\n" % (t, auth),
            "GET %s HTTP/1.1 extra\r\n%s\r\n" % (t, auth),
            "GET  %s  HTTP/1.1\r\n%s\r\n" % (t, auth),
            "GET %s HTTP/1.1\n%s\n" % (t, auth.replace("\r\n", "\n")),
            "GET %s\rHTTP/1.1\r\n%s\r\n" % (t, auth),
        ]).encode()
    if kind == "pipeline":
        one = "GET %s HTTP/1.1\r\nHost: c\r\n%s\r\n" % (t, auth)
        bad = "GET %s HTTP/1.1\r\nHost: c\r\n%s\r\n" % (
            target(path, mutate_query(rng, query, rng.choice(["percent", "crlf", "utf8"]))), auth)
        last = "GET %s HTTP/1.1\r\nHost: c\r\n%sConnection: close\r\n\r\n" % (t, auth)
        tail = rng.choice([last, "GARBAGE\r\n\r\n" + last])
        return (one + bad + one + tail).encode()
    if kind == "methods":
        return ("%s %s HTTP/1.1\r\nHost: c\r\n%sContent-Length: 0\r\n\r\n"
                % (rng.choice(METHODS), t, auth)).encode()
    # bodies
    body = rng.randbytes(rng.choice([0, 10, 1000, 70000]))
    method = rng.choice(["GET", "POST"])
    choice = rng.randrange(4)
    if choice == 0:
        hdr = "Content-Length: %d\r\n" % len(body)
    elif choice == 1:
        hdr = "Content-Length: %d\r\n" % (len(body) + rng.choice([-5, 5, 100000]))
    elif choice == 2:
        chunks = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
        return ("%s %s HTTP/1.1\r\nHost: c\r\n%sTransfer-Encoding: chunked\r\n\r\n"
                % (method, t, auth)).encode() + chunks
    else:
        return ("%s %s HTTP/1.1\r\nHost: c\r\n%sTransfer-Encoding: chunked\r\n\r\n"
                % (method, t, auth)).encode() + rng.choice(
                    [b"zz\r\nabc\r\n0\r\n\r\n", b"ffffffffffffffff\r\nab\r\n",
                     b"5\r\nabc\r\n0\r\n\r\n", b"-1\r\n\r\n"])
    return ("%s %s HTTP/1.1\r\nHost: c\r\n%s%s\r\n" % (method, t, auth, hdr)).encode() + body


def documented_5xx(status, path, raw):
    """503 from a CGI that needs the camera, its head or a serial port
    (there is none here); 505, from libmicrohttpd, for a request line whose
    version is neither HTTP/1.0 nor HTTP/1.1."""
    line = raw.split(b"\n", 1)[0]
    return (status == 503 and path in CAMERA_CGIS) or (
        status == 505 and b"HTTP/1.1" not in line and b"HTTP/1.0" not in line)


def parse_replies(data):
    """(status, body) of each reply in DATA, in order."""
    out = []
    while data.startswith(b"HTTP/1."):
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep or len(head) < 12 or not head[9:12].isdigit():
            break
        length = None
        for line in head.split(b"\r\n")[1:]:
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length" and v.strip().isdigit():
                length = int(v)
        if length is None:
            out.append((int(head[9:12]), rest))     # a stream, to the end
            break
        out.append((int(head[9:12]), rest[:length]))
        data = rest[length:]
    return out


def replies(port, raw, half_close=True, timeout=3.0):
    """Send RAW on one connection (then half-close it, unless pipelined
    requests are still to be answered): every reply read back."""
    try:
        s = connect(port, None, timeout)
    except OSError:
        return []
    data = b""
    try:
        s.sendall(raw)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        end = time.monotonic() + timeout
        while time.monotonic() < end and len(data) < (1 << 20):
            s.settimeout(max(0.01, end - time.monotonic()))
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    finally:
        s.close()
    return parse_replies(data)


def snapshot(d):
    """Every setting but the clock, or None when they cannot be read."""
    out = []
    for cgi in ("/get_params.cgi", "/get_misc.cgi", "/get_forbidden.cgi"):
        st, body = request(d.port, cgi, AUTH, timeout=10)
        if st != 200:
            return None
        out += [ln for ln in body.decode("utf-8", "replace").splitlines()
                if not ln.startswith("var now=")]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ipcamd", default=os.path.join(TOP, "build", "daemon", "ipcamd"))
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    checks = Checks()
    if not os.access(args.ipcamd, os.X_OK):
        checks.check("ipcamd is built (%s)" % args.ipcamd, False)
        return checks.summary()
    rng = random.Random(args.seed)
    kinds = ["pairs", "percent", "crlf", "utf8", "http09", "pipeline", "methods", "bodies"]
    per_kind = {k: [0, 0] for k in kinds}        # requests, refused (4xx)
    bad_5xx = []
    unexpected_changes = []
    dead = []
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ipcamd-wirefuzz.") as work:
        # no throttling: every request logs in; connection_timeout short
        # so that requests left open by a malformed body end soon
        d = Daemon(args.ipcamd, work, "wire", ["login_lockout = 0", "connection_timeout = 2"])
        checks.check("a first snapshot of the settings", snapshot(d) is not None)
        rss0, fds0 = d.rss_kb(), d.fds()
        n = 0
        lost = []
        while n < args.requests and not lost:
            for _ in range(100):
                kind = kinds[n % len(kinds)]
                path, query = rng.choice(CGIS)
                query = query.replace("PORT", str(d.port))
                raw = build(rng, path, query, kind)
                checked = path.startswith("/set_") or path in DANGEROUS
                if checked and kind == "pipeline" and path not in DANGEROUS:
                    # the valid request first, alone: the pipeline's good
                    # copies of it then change nothing more
                    replies(d.port, ("GET %s HTTP/1.1\r\nHost: c\r\nAuthorization: %s\r\n\r\n"
                                     % (target(path, query), AUTH)).encode())
                before = snapshot(d) if checked else None
                got = replies(d.port, raw, kind != "pipeline")
                n += 1
                per_kind[kind][0] += 1
                per_kind[kind][1] += any(400 <= st < 500 or body.startswith(b"error:")
                                         for st, body in got)
                bad_5xx += [(path, kind, st) for st, _ in got
                            if st >= 500 and not documented_5xx(st, path, raw)]
                if not checked:
                    continue
                after = snapshot(d)
                if before is None or after is None:
                    lost.append((path, kind, raw[:160]))
                    break
                # taken: "ok." or its next_url redirect; in a pipeline, the
                # answer to the malformed copy (the second) is what counts
                judged = got[1:2] if kind == "pipeline" and path not in DANGEROUS else got
                took = any(body == b"ok.\n" or st == 302 for st, body in judged)
                if after != before and not took:
                    unexpected_changes.append((path, kind, raw[:160]))
            alive = request(d.port, "/get_status.cgi", timeout=10)[0] == 200 and d.alive()
            if not alive:
                dead.append(n)
                break
        checks.check("the settings stayed readable with the fuzzer's login",
                     not lost, repr(lost[:1]))
        settle_end = time.monotonic() + 5
        while time.monotonic() < settle_end and d.fds() > fds0:
            time.sleep(0.1)
        rss1, fds1 = d.rss_kb(), d.fds()
        checks.check("%d malformed requests: the daemon answered after every batch" % n,
                     not dead, "dead after request %s" % dead)
        checks.check("the only 5xx answers are the documented 503s (%d others)" % len(bad_5xx),
                     not bad_5xx, repr(bad_5xx[:5]))
        checks.check("a refused request changed no setting (%d did)" % len(unexpected_changes),
                     not unexpected_changes, repr(unexpected_changes[:3]))
        checks.check("fds back to rest (%d -> %d)" % (fds0, fds1), fds1 <= fds0)
        checks.stop(d, "wire fuzz")
    print("\n%-10s %9s %9s" % ("class", "requests", "refused"))
    for k in kinds:
        print("%-10s %9d %9d" % (k, per_kind[k][0], per_kind[k][1]))
    print("%d requests in %.1f s; RSS %d -> %d kB" % (n, time.monotonic() - t0, rss0, rss1))
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())

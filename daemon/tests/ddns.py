#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The DDNS client against dyndns2 servers on loopback, in a network
namespace of its own (the test re-runs itself under `unshare --net` and
adds addresses to the namespace's loopback to change the camera's).

  ddns.py [--ipcamd build/daemon/ipcamd]

Checks:
  - every reply a provider gives, in turn (good, nochg, badauth, !donator,
    notfqdn, nohost, !yours, numhost, abuse, dnserr, 911, a bad reply,
    HTTP 500 and 404): ddns_status becomes the SDK's code;
  - each request carries the host name, the provider's system, the
    credentials and a User-Agent, on each provider's URL (config keys);
    Oray's own codes;
  - transient failures retry (ddns_retry = 1), refusals for good do not;
  - 30 s with nothing changing: no request beyond the first; after
    `abuse`, none until set_ddns changes something (a set_ddns with the
    same values is no change);
  - an address change of the camera updates; the proxy of ddns_proxy_svr
    is used;
  - reserved services and bad values are refused and change nothing;
  - a server that accepts and never answers leaves every CGI answering,
    and the daemon still stops at once;
  - no password in the daemon's log.
Prints PASS:/FAIL: lines and "N passed, N failed".
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from dyndns2_server import Dyndns2Server, StallServer  # noqa: E402
from ipcamd_test import (ADMIN_PWD, Checks, Daemon, basic, get_vars, in_namespace,  # noqa: E402
                         request)

AUTH = basic("admin", ADMIN_PWD)
# (reply body, HTTP status, ddns_status, retried)
DYNDNS_REPLIES = [
    ("good 10.9.0.1", 200, 3, False),
    ("nochg 10.9.0.1", 200, 3, False),
    ("badauth", 200, 5, False),
    ("!donator", 200, 6, False),
    ("notfqdn", 200, 7, False),
    ("nohost", 200, 8, False),
    ("!yours", 200, 9, False),
    ("numhost", 200, 10, False),
    ("abuse", 200, 11, False),
    ("dnserr", 200, 4, False),	# retried, but only after 30 minutes
    ("911", 200, 4, False),
    ("<html>welcome</html>", 200, 12, True),
    ("internal error", 500, 4, False),
    ("not found", 404, 13, True),
]
ORAY_REPLIES = [("good 10.9.0.1", 200, 17), ("badauth", 200, 15), ("nohost", 200, 16),
                ("what?", 200, 14)]


def status(d):
    return get_vars(d.port, "/get_status.cgi", AUTH).get("ddns_status")


def wait_update(srv, n, d, want, timeout=10.0):
    """Until SRV has more than N requests, then until ddns_status is WANT:
    the status of that request, not a stale one."""
    srv.wait_count(n + 1, timeout)
    return wait_status(d, want, timeout)


def wait_status(d, want, timeout=10.0):
    """Until ddns_status is WANT (and not 1, connecting)."""
    end = time.monotonic() + timeout
    st = None
    while time.monotonic() < end:
        st = status(d)
        if st == str(want):
            return st
        time.sleep(0.05)
    return st


def set_ddns(d, service, user, pwd, host, proxy="", proxy_port=0):
    q = ("/set_ddns.cgi?service=%s&user=%s&pwd=%s&host=%s&proxy_svr=%s&proxy_port=%s"
         % (service, user, pwd, host, proxy, proxy_port))
    return request(d.port, q, AUTH)


def daemon(binary, work, name, srv_port):
    url = "http://127.0.0.1:%d" % srv_port
    # debug: the password check covers every message
    return Daemon(binary, work, name, level="debug", extra=(
        "ddns_url_dyndns = %s/nic/update" % url,
        "ddns_url_3322 = %s/dyndns/update" % url,
        "ddns_url_oray = %s/ph/update" % url,
        "ddns_retry = 1",
    ))


def check_replies(c, binary, work, passwords):
    srv = Dyndns2Server()
    d = daemon(binary, work, "replies", srv.port)
    c.check("ddns off at start: ddns_status 0, no request", status(d) == "0" and srv.count() == 0)
    for i, (body, code, want, retried) in enumerate(DYNDNS_REPLIES):
        n = srv.count()
        srv.reply(body, code)
        pwd = "Pw-%d" % i
        passwords.append(pwd)
        st, _ = set_ddns(d, 2, "user%d" % i, pwd, "cam%d.example.net" % i)
        got = wait_update(srv, n, d, want)
        c.check("reply %r (HTTP %d): ddns_status %d (got %s)" % (body, code, want, got),
                st == 200 and got == str(want))
        r = srv.requests[n] if srv.count() > n else None
        c.check("reply %r: the request carries hostname, system, login and User-Agent" % body,
                r is not None and r.path == "/nic/update" and
                r.query.get("hostname") == "cam%d.example.net" % i and
                r.query.get("system") == "dyndns" and r.user == "user%d" % i and
                r.pwd == pwd and r.user_agent.startswith("ipcam"),
                r and "%s %s %s %s" % (r.path, r.query, r.user, r.user_agent))
        # ddns_retry = 1: a transient failure asks again within ~1 s
        again = srv.wait_count(n + 2, 1.8)
        c.check("reply %r: %s" % (body, "retried with backoff" if retried else "not retried"),
                again == retried, "%d requests" % (srv.count() - n))

    # each provider's URL and system
    for service, path, system in ((3, "/nic/update", "statdns"), (4, "/nic/update", "custom"),
                                  (8, "/dyndns/update", "dyndns"),
                                  (9, "/dyndns/update", "statdns"), (1, "/ph/update", None)):
        n = srv.count()
        srv.reply("good 10.9.0.1")
        set_ddns(d, service, "svc%d" % service, "Svc-pw", "svc%d.example.net" % service)
        want = 17 if service == 1 else 3
        got = wait_update(srv, n, d, want)
        r = srv.requests[n] if srv.count() > n else None
        c.check("service %d: %s%s, ddns_status %d (got %s)" %
                (service, path, "?system=" + system if system else " (no system)", want, got),
                got == str(want) and r is not None and r.path == path and
                r.query.get("system") == system)
    passwords.append("Svc-pw")
    for body, code, want in ORAY_REPLIES:
        n = srv.count()
        srv.reply(body, code)
        set_ddns(d, 1, "oray", "Oray-pw", "o%d.oray.net" % want)
        got = wait_update(srv, n, d, want)
        c.check("oray reply %r: ddns_status %d (got %s)" % (body, want, got), got == str(want))
    passwords.append("Oray-pw")

    # refused input: reserved services, bad values; nothing changes
    srv.default = (200, "nochg 10.9.0.1")
    n = srv.count()
    set_ddns(d, 2, "keep", "Keep-pw", "keep.example.net")
    wait_update(srv, n, d, 3)
    passwords.append("Keep-pw")
    before = get_vars(d.port, "/get_params.cgi", AUTH)
    n = srv.count()
    bad = ["service=5", "service=6", "service=7", "service=10", "service=-1", "service=x",
           "host=a%20b", "host=" + "h" * 41, "user=" + "u" * 21, "proxy_port=70000",
           "proxy_svr=a/b", "user=a%27b"]
    refused = 0
    for b in bad:
        fields = dict(service="2", user="keep", pwd="Keep-pw", host="keep.example.net",
                      proxy_svr="", proxy_port="0")
        k, _, v = b.partition("=")
        fields[k] = v
        st, body = request(d.port, "/set_ddns.cgi?" + "&".join(
            "%s=%s" % kv for kv in fields.items()), AUTH)
        refused += st == 200 and body.startswith(b"error")
    after = get_vars(d.port, "/get_params.cgi", AUTH)
    time.sleep(0.5)
    c.check("%d bad set_ddns requests refused (got %d)" % (len(bad), refused), refused == len(bad))
    c.check("refused requests changed nothing and sent no update",
            {k: v for k, v in before.items() if k != "now"} ==
            {k: v for k, v in after.items() if k != "now"} and srv.count() == n)
    with open(os.path.join(d.dir, "state", "settings")) as f:
        stored = f.read()
    c.check("the settings file holds what get_params shows",
            "ddns_host=keep.example.net" in stored and after.get("ddns_host") == "keep.example.net"
            and after.get("ddns_service") == "2")

    # through the proxy
    proxy = Dyndns2Server()
    proxy.reply("good 10.9.0.1")
    set_ddns(d, 2, "keep", "Keep-pw", "keep.example.net", "127.0.0.1", proxy.port)
    c.check("the update goes through ddns_proxy_svr:ddns_proxy_port",
            proxy.wait_count(1, 5) and proxy.last().proxied and
            "/nic/update" in proxy.last().path and wait_status(d, 3) == "3")
    n = srv.count()
    set_ddns(d, 2, "keep", "Keep-pw", "keep.example.net")
    c.check("without the proxy again: straight to the server", srv.wait_count(n + 1, 5))
    return d, srv


def check_address(c, d, srv):
    """An address change of the camera: one more update (last: every
    daemon of the namespace sees it)."""
    n = srv.count()
    subprocess.run(["ip", "addr", "add", "10.9.0.2/24", "dev", "lo"], check=True)
    c.check("an address change of the camera updates", srv.wait_count(n + 1, 5))
    time.sleep(1)
    c.check("... once", srv.count() == n + 1, "%d requests" % (srv.count() - n))
    c.stop(d, "replies")


class Quiet:
    """30 s with nothing changing: one request; after abuse: none.  Started
    first, judged after the other checks (which fill most of the 30 s).
    With ddns_retry = 1 a wrong retry would come after 1, 3, 7, 15 s."""

    def __init__(self, c, binary, work):
        self.c = c
        self.quiet, self.abused = Dyndns2Server(), Dyndns2Server()
        self.dq = daemon(binary, work, "quiet", self.quiet.port)
        self.da = daemon(binary, work, "abuse", self.abused.port)
        self.quiet.default = (200, "good 10.9.0.1")
        self.abused.default = (200, "abuse")
        set_ddns(self.dq, 2, "q", "Quiet-pw", "quiet.example.net")
        set_ddns(self.da, 2, "a", "Abuse-pw", "abuse.example.net")
        c.check("quiet: ddns_status 3", wait_status(self.dq, 3) == "3")
        c.check("abuse: ddns_status 11", wait_status(self.da, 11) == "11")
        # the same values again: no change, no request
        set_ddns(self.da, 2, "a", "Abuse-pw", "abuse.example.net")
        self.start = time.monotonic()

    def judge(self):
        c = self.c
        time.sleep(max(0.0, 30 - (time.monotonic() - self.start)))
        c.check("30 s with nothing changing: no request beyond the first (%d)"
                % self.quiet.count(), self.quiet.count() == 1)
        c.check("after abuse: no request in 30 s, not even for the same settings (%d)"
                % self.abused.count(), self.abused.count() == 1)
        self.abused.default = (200, "good 10.9.0.1")
        set_ddns(self.da, 2, "a", "Abuse-pw", "abuse2.example.net")
        c.check("after abuse: a changed set_ddns updates again",
                self.abused.wait_count(2, 5) and wait_status(self.da, 3) == "3")
        c.stop(self.dq, "quiet")
        c.stop(self.da, "abuse")
        return [self.dq, self.da]


def check_stall(c, binary, work):
    """A server that accepts and never answers: the CGIs do not wait."""
    stall = StallServer()
    d = daemon(binary, work, "stall", stall.port)
    set_ddns(d, 2, "s", "Stall-pw", "stall.example.net")
    time.sleep(0.5)
    c.check("stalling server: ddns_status 1 (connecting)", status(d) == "1")
    slowest = 0.0
    answered = 0
    # the CGIs that reach the client: a poke (a new host each time) and its status
    for i in range(10):
        for target in ("/set_ddns.cgi?service=2&user=s&pwd=Stall-pw&host=s%d.example.net"
                       "&proxy_svr=&proxy_port=0" % i, "/get_status.cgi"):
            t = time.monotonic()
            st, _ = request(d.port, target, AUTH, timeout=5)
            slowest = max(slowest, time.monotonic() - t)
            answered += st == 200
    c.check("stalling server: 20 set_ddns/get_status answered, the slowest in %.3f s"
            % slowest, answered == 20 and slowest < 1.0)
    t = time.monotonic()
    c.stop(d, "stall")
    c.check("stalling server: the daemon stops in %.1f s (the update is aborted)"
            % (time.monotonic() - t), time.monotonic() - t < 5)
    stall.close()
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipcamd", default=os.path.join(TOP, "build", "daemon", "ipcamd"))
    args = ap.parse_args()
    rc = in_namespace("IPCAM_DDNS_NETNS")
    if rc is not None:
        return rc
    c = Checks()
    passwords = ["Quiet-pw", "Abuse-pw", "Stall-pw"]
    with tempfile.TemporaryDirectory(prefix="ipcamd-ddns.") as work:
        quiet = Quiet(c, args.ipcamd, work)
        d, srv = check_replies(c, args.ipcamd, work, passwords)
        daemons = [d, check_stall(c, args.ipcamd, work)]
        daemons += quiet.judge()
        check_address(c, d, srv)
        logs = ""
        for d in daemons:
            with open(os.path.join(d.dir, "log"), errors="replace") as f:
                logs += f.read()
        leaked = [p for p in passwords if p in logs]
        c.check("no DDNS password in the daemons' logs", not leaked, ", ".join(leaked))
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())

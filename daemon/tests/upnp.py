#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The UPnP client against Debian's miniupnpd (nftables build) as the
gateway, in network namespaces that the test creates:

  camera (192.168.77.10) --- gateway: miniupnpd (LAN 192.168.77.1,
                             WAN 11.22.33.1) --- WAN host (11.22.33.2)

The WAN side's block is routed only between the test's two namespaces
(miniupnpd refuses a reserved address on its external interface); no
packet leaves them.

  upnp.py [--ipcamd build/daemon/ipcamd]

Checks: no gateway on the LAN gives upnp_status 3 while every CGI answers;
once miniupnpd runs, the mapping appears (upnpc -l) with status 1, and the
camera answers from the WAN host through it; it is renewed before its lease
lapses; it moves with the HTTP port; a port the gateway does not allow
gives 2; a port already mapped to another LAN host gives 5; it disappears
when disabled and at a clean exit; bad set_upnp input changes nothing; no
mapping is left behind.  Prints PASS:/FAIL: lines and "N passed, N failed".
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from ipcamd_test import (ADMIN_PWD, Checks, Daemon, basic, free_port,  # noqa: E402
                         get_vars, request)

AUTH = basic("admin", ADMIN_PWD)
CAM_IP, GW_LAN, GW_WAN, WAN_IP, OTHER = ("192.168.77.10", "192.168.77.1", "11.22.33.1",
                                         "11.22.33.2", "192.168.77.11")
LEASE = 4
# upnpc straight to the gateway's description: no SSDP discovery (2 s a
# call) for the test's own look at the mapping table
UPNPC = ("upnpc", "-u", "http://%s:5555/rootDesc.xml" % GW_LAN)


def sh(*args, check=True):
    return subprocess.run(args, check=check, capture_output=True, text=True).stdout


def make_namespaces(tag):
    """The three namespaces and their links; returns their names."""
    cam, gw, wan = ("ipcam-%s-%s" % (n, tag) for n in ("cam", "gw", "wan"))
    for n in (cam, gw, wan):
        sh("ip", "netns", "add", n)
        sh("ip", "-n", n, "link", "set", "lo", "up")
    sh("ip", "link", "add", "c0", "netns", cam, "type", "veth", "peer", "name", "g0", "netns", gw)
    sh("ip", "link", "add", "g1", "netns", gw, "type", "veth", "peer", "name", "w0", "netns", wan)
    for n, dev, addr in ((cam, "c0", CAM_IP), (gw, "g0", GW_LAN), (gw, "g1", GW_WAN),
                         (wan, "w0", WAN_IP)):
        sh("ip", "-n", n, "addr", "add", addr + "/24", "dev", dev)
        sh("ip", "-n", n, "link", "set", dev, "up")
    sh("ip", "-n", cam, "route", "add", "default", "via", GW_LAN)
    sh("ip", "netns", "exec", gw, "sysctl", "-qw", "net.ipv4.ip_forward=1")
    sh("ip", "netns", "exec", gw, "nft", "-f", os.path.join(TOP, "tests", "lib",
                                                            "miniupnpd-gateway.nft"))
    return cam, gw, wan


def start_miniupnpd(gw, work):
    conf = os.path.join(work, "miniupnpd.conf")
    with open(conf, "w") as f:
        f.write("ext_ifname=g1\nlistening_ip=g0\nport=5555\nenable_natpmp=no\n"
                "enable_upnp=yes\nsecure_mode=no\nsystem_uptime=yes\n"
                "lease_file=%s/leases\n"
                "uuid=3ded5b4e-1c4f-4a3c-8e0d-5a1f0e7c9b21\n"
                "allow 1024-65535 192.168.77.0/24 1024-65535\n"
                "deny 0-65535 0.0.0.0/0 0-65535\n" % work)
    log = open(os.path.join(work, "miniupnpd.log"), "w")
    return subprocess.Popen(["ip", "netns", "exec", gw, "miniupnpd", "-f", conf, "-d"],
                            stdout=log, stderr=subprocess.STDOUT)


def mappings():
    """The gateway's port mappings: {external port: (internal client,
    lease)}; None when upnpc could not list them (no answer is no proof
    that a mapping is gone)."""
    out = sh(*UPNPC, "-l", check=False)
    if "exPort->inAddr:inPort" not in out:
        return None
    return {int(m.group(1)): (m.group(2), int(m.group(3)))
            for m in re.finditer(r"TCP\s+(\d+)->([\d.]+):\d+\s+'[^']*'\s+'[^']*'\s+(\d+)", out)}


def mapped(port):
    m = mappings()
    return m is not None and port in m


def unmapped(port):
    m = mappings()
    return m is not None and port not in m


def wait_for(pred, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.1)
    return pred()


def check_status(c, d, want, desc, timeout=10):
    """Until upnp_status is one of WANT; the check names what it was."""
    ok = wait_for(lambda: status(d) in want, timeout)
    c.check("%s: upnp_status %s (got %s)" % (desc, " or ".join(want), status(d)), ok)


def status(d):
    return get_vars(d.port, "/get_status.cgi", AUTH).get("upnp_status")


def set_upnp(d, value):
    return request(d.port, "/set_upnp.cgi?enable=%s" % value, AUTH)


def inner(args):
    c = Checks()
    work = tempfile.mkdtemp(prefix="ipcamd-upnp.")
    # discovery on the namespace's LAN (the loopback-net.conf default is lo)
    extra = ("upnp_lease = %d" % LEASE, "upnp_retry = 1", "upnp_discover_ms = 500",
             "upnp_multicastif =")
    d = Daemon(args.ipcamd, work, "cam", extra=extra, listen="")

    # no gateway yet: the CGIs that reach the client (a poke, its status)
    # answer at once while it discovers
    slowest, answered = 0.0, 0
    for i in range(10):
        for target in ("/set_upnp.cgi?enable=%d" % (i % 2 == 0), "/get_status.cgi"):
            t = time.monotonic()
            answered += request(d.port, target, AUTH, timeout=5)[0] == 200
            slowest = max(slowest, time.monotonic() - t)
        time.sleep(0.1)
    set_upnp(d, 1)
    c.check("no gateway: 20 set_upnp/get_status answered during discovery, the slowest in "
            "%.3f s" % slowest, answered == 20 and slowest < 1.0)
    check_status(c, d, ("3", "4"), "no gateway on the LAN", 5)

    gwd = start_miniupnpd(args.gw, work)
    try:
        check_status(c, d, ("1",), "gateway up (the backoff retries)", 30)
        m = mappings() or {}
        c.check("the gateway lists port %d -> %s (%s)" % (d.port, CAM_IP, m),
                m.get(d.port, ("",))[0] == CAM_IP)
        wan = sh("ip", "netns", "exec", args.wan, "curl", "-s", "-m", "5", "-u",
                 "admin:" + ADMIN_PWD, "http://%s:%d/get_status.cgi" % (GW_WAN, d.port),
                 check=False)
        c.check("the camera answers on the WAN side through the mapping",
                "var upnp_status=1;" in wan)
        time.sleep(LEASE * 2.5)
        m = mappings() or {}
        c.check("after 2.5 leases of %d s the mapping is still there (renewed; lease left %s)"
                % (LEASE, m.get(d.port, (None, None))[1]), d.port in m)

        # the HTTP port moves: so does the mapping
        old, new = d.port, free_port()
        st, body = request(d.port, "/set_network.cgi?ip=&mask=&gateway=&dns=&port=%d" % new,
                           AUTH)
        d.port = new
        c.check("set_network port=%d: ok" % new, st == 200 and body.startswith(b"ok"))
        c.check("the mapping moves with the port (%d -> %d)" % (old, new),
                wait_for(lambda: mapped(new) and unmapped(old), 10), str(mappings()))

        # a port the gateway does not allow (its rules: 1024..65535)
        st, _ = request(d.port, "/set_network.cgi?ip=&mask=&gateway=&dns=&port=1000", AUTH)
        d.port = 1000
        check_status(c, d, ("2",), "a port the gateway refuses (1000)")
        request(d.port, "/set_network.cgi?ip=&mask=&gateway=&dns=&port=%d" % new, AUTH)
        d.port = new
        check_status(c, d, ("1",), "back on port %d" % new)

        # bad input changes nothing
        before = get_vars(d.port, "/get_params.cgi", AUTH)
        refused = sum(request(d.port, "/set_upnp.cgi?" + q, AUTH)[1].startswith(b"error")
                      for q in ("enable=2", "enable=-1", "enable=x", "enable=", "enable=1%00",
                                "other=1"))
        after = get_vars(d.port, "/get_params.cgi", AUTH)
        c.check("6 bad set_upnp requests refused (got %d)" % refused, refused == 6)
        c.check("... and nothing changed, the mapping neither",
                before.get("upnp_enable") == after.get("upnp_enable") == "1" and mapped(new))

        # disable, enable, clean exit
        set_upnp(d, 0)
        c.check("disabled: the mapping disappears, upnp_status 0",
                wait_for(lambda: unmapped(new) and status(d) == "0", 10))
        with open(os.path.join(d.dir, "state", "settings")) as f:
            c.check("the settings file holds upnp_enable=0", "upnp_enable=0\n" in f.read())
        set_upnp(d, 1)
        c.check("enabled again: mapped", wait_for(lambda: mapped(new), 10))
        c.stop(d, "cam")
        c.check("a clean exit removes the mapping", unmapped(new), str(mappings()))

        # a port another LAN host has: conflict
        taken = free_port()
        sh(*UPNPC, "-e", "other host", "-a", OTHER, str(taken), str(taken), "TCP", "0",
           check=False)
        d2 = Daemon(args.ipcamd, work, "cam2", extra=extra + ("port = %d" % taken,), listen="")
        d2.port = taken
        set_upnp(d2, 1)
        check_status(c, d2, ("5",), "port %d mapped to another host first" % taken)
        c.check("... and the other host keeps it",
                (mappings() or {}).get(taken, ("",))[0] == OTHER)
        sh(*UPNPC, "-d", str(taken), "TCP", check=False)
        c.stop(d2, "cam2")
        c.check("nothing left on the gateway", mappings() == {}, str(mappings()))
    finally:
        gwd.send_signal(signal.SIGTERM)
        gwd.wait()
        shutil.rmtree(work, ignore_errors=True)
    return c.summary()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipcamd", default=os.path.join(TOP, "build", "daemon", "ipcamd"))
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--gw", help=argparse.SUPPRESS)
    ap.add_argument("--wan", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inner:
        return inner(args)
    cam, gw, wan = make_namespaces(str(os.getpid()))
    try:
        return subprocess.call(["ip", "netns", "exec", cam, sys.executable, __file__,
                                "--ipcamd", args.ipcamd, "--inner", "--gw", gw, "--wan", wan])
    finally:
        for n in (cam, gw, wan):
            subprocess.run(["ip", "netns", "del", n], check=False)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Signed upgrades on the host: ipcamd started by ipcamd-boot on its test
picture, with images built by daemon/image/ from this tree and signed
with key pairs made here.

  upgrade.py [--ipcamd build/daemon/ipcamd]

Checks:
  - more than 100 bad images and uploads are refused with an "error: ..."
    and leave the firmware slots, the web UI's slots and the settings as
    they were: truncated, flipped bytes, unknown key, unsigned, legacy
    signature, wrong kind, older version, oversized, unpacking past the
    limit, hostile archives (paths out of the root, links, files the
    manifest does not name, hashes that do not match), malformed
    manifests, malformed or abandoned multipart uploads;
  - a web UI image is served at once (no restart), with next_url;
  - a firmware image restarts into the new version (sys_ver), committed
    by ipcamd-boot, every setting kept;
  - a firmware that exits at start, or never reports healthy, is rolled
    back by itself, and get_status.cgi says why;
  - a power cut (SIGKILL) at every step of the install and of
    ipcamd-boot's commit and rollback: after a restart the camera runs
    the old or the new version completely, with every setting;
  - allow_downgrade lets an older image in.
--quick (the sanitizer lane) stops after the first rollback.
Prints PASS:/FAIL: lines and "N passed, N failed".
"""
import argparse
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from ipcamd_test import Checks, basic, request  # noqa: E402
import upgrade_images as ui  # noqa: E402
from upgrade_rig import AUTH, FACTORY, Rig  # noqa: E402

# the failure points of an install (upgrade.c) and of ipcamd-boot
INSTALL_STEPS = ["verified", "cleared", "unpacking", "unpacked", "checked", "trial",
                 "switched"]


def set_some_settings(rig):
    for q in ("/set_alias.cgi?alias=upgrade-cam",
              "/set_users.cgi?user2=olga&pwd2=s3cret-2&pri2=1",
              "/set_ftp.cgi?svr=ftp.example.net&port=2121&user=f&pwd=p&dir=/up&mode=1"
              "&upload_interval=0",
              "/set_misc.cgi?ptz_patrol_rate=7"):
        request(rig.port, q, AUTH)


def refused(c, rig, desc, status, body, before):
    text = body.decode("utf-8", "replace").strip()
    c.check("refused: %s: %s" % (desc, text or "(no reply)"),
            status == 200 and text.startswith("error: "), "status %s" % status)
    after = rig.disk()
    changed = sorted(set(before.items()) ^ set(after.items()))
    c.check("refused: %s: nothing changed on disk" % desc, not changed,
            repr(changed[:3]))


def bad_images(c, rig, fw, webui):
    """Each bad image: a clear error, nothing changed."""
    before = rig.disk()
    fds = rig.daemon_fds()
    cases = []
    # the signature's four lines, then the payload
    tc = fw.index(b"\ntrusted comment: ") + 18
    sig_end = fw.index(b"\n", fw.index(b"\n", tc) + 1) + 1
    for cut in (0, 1, 40, 100, sig_end - 90, sig_end - 1, sig_end, sig_end + 1,
                sig_end + 10, sig_end + 512, sig_end + 513, sig_end + 4096,
                len(fw) // 4, len(fw) // 3, len(fw) // 2, 2 * len(fw) // 3,
                len(fw) - 4096, len(fw) - 512, len(fw) - 100, len(fw) - 20,
                len(fw) - 8, len(fw) - 4, len(fw) - 1):
        cases.append(("firmware truncated to %d bytes" % cut, "upgrade_firmware.cgi", fw[:cut]))
    for cut in (len(webui) // 2, len(webui) - 1):
        cases.append(("web UI truncated to %d bytes" % cut, "upgrade_htmls.cgi", webui[:cut]))
    for i in range(32):
        off = 3 + i * (len(fw) - 4) // 31
        flipped = bytearray(fw)
        flipped[off] ^= 0x10
        cases.append(("firmware byte %d flipped" % off, "upgrade_firmware.cgi", bytes(flipped)))
    for off in (60, 70, sig_end - 20):
        flipped = bytearray(fw)
        flipped[off] ^= 0x01
        cases.append(("firmware signature byte %d flipped" % off, "upgrade_firmware.cgi",
                      bytes(flipped)))
    cases.append(("trusted comment changed", "upgrade_firmware.cgi",
                  fw[:tc] + b"X" + fw[tc + 1:]))
    payload = fw[sig_end:]
    cases += [
        ("firmware signed by an unknown key", "upgrade_firmware.cgi",
         rig.image("firmware", "0.2.0.0", key=rig.other_key, name="other-fw.img")),
        ("web UI signed by an unknown key", "upgrade_htmls.cgi",
         rig.image("webui", "0.2.0.0", key=rig.other_key, name="other-webui.img")),
        ("unsigned firmware", "upgrade_firmware.cgi", payload),
        ("unsigned web UI", "upgrade_htmls.cgi", webui.split(b"\n", 4)[4]),
        ("legacy whole-file signature", "upgrade_firmware.cgi",
         ui.sign(payload, rig.key, legacy=True)),
        ("a signature and nothing else", "upgrade_firmware.cgi", fw[:sig_end]),
        ("web UI to upgrade_firmware.cgi", "upgrade_firmware.cgi", webui),
        ("firmware to upgrade_htmls.cgi", "upgrade_htmls.cgi", fw),
        ("older firmware", "upgrade_firmware.cgi", rig.image("firmware", "0.0.9.0")),
        ("older web UI", "upgrade_htmls.cgi", rig.image("webui", "0.0.9")),
        ("oversized firmware", "upgrade_firmware.cgi", fw + os.urandom(2000000)),
        ("an empty file", "upgrade_firmware.cgi", b""),
        ("signed garbage", "upgrade_firmware.cgi", ui.sign(os.urandom(5000), rig.key)),
    ]
    # signed, and hostile or malformed inside
    ok = {"index.htm": b"<html>ok</html>\n"}
    man = ui.manifest("webui", "0.5.0.0", ok)

    def signed(members):
        return ui.sign(ui.payload(members), rig.key)

    zeros = b"\0" * 9000000
    hostile = [
        ("a path out of the root", [("MANIFEST", ui.manifest("webui", "0.5", {"../evil": b"x"})),
                                    ("../evil", b"x")]),
        ("a tar member out of the root", [("MANIFEST", man), ("index.htm", ok["index.htm"]),
                                          ("../evil", b"x")]),
        ("an absolute path", [("MANIFEST", man), ("index.htm", ok["index.htm"]),
                              ("/tmp/evil", b"x")]),
        ("a symbolic link", [("MANIFEST", man), ("index.htm", ok["index.htm"]),
                             ("link", b"2", "/etc")]),
        ("a hard link", [("MANIFEST", man), ("index.htm", ok["index.htm"]),
                         ("hard", b"1", "index.htm")]),
        ("a device node", [("MANIFEST", man), ("index.htm", ok["index.htm"]),
                           ("dev", b"3", "")]),
        ("a file the manifest does not name", [("MANIFEST", man), ("index.htm", ok["index.htm"]),
                                               ("extra.htm", b"x")]),
        ("a file the manifest names missing", [("MANIFEST", ui.manifest(
            "webui", "0.5", dict(ok, **{"gone.htm": b"x"}))), ("index.htm", ok["index.htm"])]),
        ("a file that does not match its hash", [("MANIFEST", man), ("index.htm", b"changed")]),
        ("a file twice", [("MANIFEST", man), ("index.htm", ok["index.htm"]),
                          ("index.htm", ok["index.htm"])]),
        ("the manifest not first", [("index.htm", ok["index.htm"]), ("MANIFEST", man)]),
        ("no manifest", [("index.htm", ok["index.htm"])]),
        ("a second MANIFEST", [("MANIFEST", man), ("index.htm", ok["index.htm"]),
                               ("MANIFEST", man)]),
        ("a version of five numbers", [("MANIFEST", ui.manifest("webui", "1.2.3.4.5", ok)),
                                       ("index.htm", ok["index.htm"])]),
        ("a manifest without its kind", [("MANIFEST", b"ipcam-image 1\nversion 0.5\n"),
                                         ("index.htm", ok["index.htm"])]),
        ("a manifest of another format", [("MANIFEST", man.replace(b"image 1", b"image 9")),
                                          ("index.htm", ok["index.htm"])]),
        ("an unknown manifest item", [("MANIFEST", man + b"reboot now\n"),
                                      ("index.htm", ok["index.htm"])]),
        ("a bad file mode", [("MANIFEST", man.replace(b"file 0644", b"file 4755")),
                             ("index.htm", ok["index.htm"])]),
        ("a short hash", [("MANIFEST", man.replace(b" index.htm", b"0 index.htm")),
                          ("index.htm", ok["index.htm"])]),
        ("unpacking past the limit", [("MANIFEST", ui.manifest("webui", "0.5", {"z": zeros})),
                                      ("z", zeros)]),
    ]
    for desc, members in hostile:
        cases.append(("signed web UI with " + desc, "upgrade_htmls.cgi", signed(members)))
    for desc, cgi, data in cases:
        st, body = ui.upload(rig.port, cgi, AUTH, data)
        refused(c, rig, desc, st, body, before)

    # the multipart frame itself
    ctype, body = ui.multipart(webui)
    frames = [
        ("a GET", "GET", ctype, b""),
        ("a urlencoded POST", "POST", "application/x-www-form-urlencoded", b"file=abc"),
        ("no content type", "POST", None, body),
        ("a plain text body", "POST", "text/plain", webui),
        ("another field name", "POST", *ui.multipart(webui, field="image")),
        ("a boundary that does not match", "POST",
         "multipart/form-data; boundary=other", body),
        ("two files", "POST", ctype, body[:-len(b"--\r\n")] + b"\r\n" + body[body.index(b"\r\n") + 2:]),
        ("no final boundary", "POST", ctype, body[:body.rindex(b"\r\n--")]),
    ]
    for desc, method, ct, data in frames:
        st, reply = ui.post(rig.port, "/upgrade_htmls.cgi", AUTH, ct, data, method=method)
        refused(c, rig, "multipart with " + desc, st, reply, before)
    # no Content-Length to refuse it by: the limit holds as the body comes
    ctype, big = ui.multipart(fw + os.urandom(2000000))
    st, reply = ui.post(rig.port, "/upgrade_firmware.cgi", AUTH, ctype, big, chunked=True)
    refused(c, rig, "oversized firmware, chunked", st, reply, before)
    ctype, small = ui.multipart(webui)
    st, reply = ui.post(rig.port, "/upgrade_htmls.cgi", AUTH, ctype, small[:-3], chunked=True)
    refused(c, rig, "a chunked frame cut short", st, reply, before)
    # one upload at a time: a second one is refused at once
    s1 = ui.open_upload(rig.port, "/upgrade_htmls.cgi", AUTH, ctype, body, len(body) // 2)
    time.sleep(0.3)
    st, reply = ui.upload(rig.port, "upgrade_htmls.cgi", AUTH, webui)
    refused(c, rig, "a second upload while one runs", st, reply, before)
    s1.close()
    # not logged in: nothing is read
    st, _ = ui.upload(rig.port, "upgrade_htmls.cgi", basic("admin", "wrong"), webui)
    c.check("an upload with a wrong password is answered 401", st == 401, str(st))
    st, _ = ui.upload(rig.port, "upgrade_firmware.cgi", None, fw)
    c.check("an upload without a login is answered 401", st == 401, str(st))
    c.check("refused uploads: nothing changed on disk", rig.disk() == before)
    # abandoned halfway: the connection closes, nothing is left
    for cut in (100, len(body) // 2):
        ui.post(rig.port, "/upgrade_htmls.cgi", AUTH, ctype, body[:cut], length=len(body),
                timeout=3)
    time.sleep(0.5)
    c.check("abandoned uploads: nothing changed on disk", rig.disk() == before)
    # stalled: the connection's idle timeout (3 s here) ends it, and the
    # next upload is not kept out
    s1 = ui.open_upload(rig.port, "/upgrade_htmls.cgi", AUTH, ctype, body, len(body) // 3)
    s1.settimeout(10)
    t0 = time.monotonic()
    try:
        closed = s1.recv(65536) == b""
    except OSError:
        closed = True
    s1.close()
    waited = time.monotonic() - t0
    c.check("a stalled upload is cut off by the idle timeout (%.1f s)" % waited,
            closed and waited < 8)
    st, reply = ui.upload(rig.port, "upgrade_htmls.cgi", AUTH, webui[:100])
    c.check("after a stalled upload the next one is taken (%s)" % reply.decode().strip(),
            reply.startswith(b"error: ") and b"in progress" not in reply)
    c.check("a stalled upload: nothing changed on disk", rig.disk() == before)
    st = rig.status()
    c.check("after %d bad images the camera still runs %s" % (len(cases) + len(frames) + 7,
                                                                FACTORY),
            st.get("sys_ver") == FACTORY, repr(st.get("sys_ver")))
    # a connection the client dropped closes as the daemon notices it
    end = time.monotonic() + 5
    while rig.daemon_fds() > fds and time.monotonic() < end:
        time.sleep(0.1)
    now = rig.daemon_fds()
    c.check("refused and abandoned uploads leave no descriptor open (%d, %d before)"
            % (now, fds), now <= fds, rig.daemon_fd_names())


def web_ui_upgrade(c, rig):
    root = os.path.join(rig.work, "webui-root")
    shutil.copytree(os.path.join(rig.fwroot, "share", "ipcamd", "www"), root)
    with open(os.path.join(root, "upgrade-marker.htm"), "w") as f:
        f.write("<html>web UI 0.2.5.0</html>\n")
    img = rig.image("webui", "0.2.5.0", root=root)
    pid = rig.cam.proc.pid
    st, body = ui.upload(rig.port, "upgrade_htmls.cgi", AUTH, img, "next_url=index.htm")
    c.check("web UI image: answered with the next_url redirect", st == 302, "%s %r" % (st, body))
    st, page = request(rig.port, "/upgrade-marker.htm", AUTH)
    c.check("web UI image: the new pages are served at once", st == 200 and b"0.2.5.0" in page,
            repr((st, page[:60])))
    s = rig.status()
    c.check("web UI image: app_ver says 0.2.5.0", s.get("app_ver") == "0.2.5.0", repr(s))
    c.check("web UI image: upgrade_status 1", s.get("upgrade_status") == "1", repr(s))
    c.check("web UI image: no restart", rig.cam.alive() and rig.cam.proc.pid == pid)


def firmware_upgrade(c, rig, img, version, settings):
    st, body = ui.upload(rig.port, "upgrade_firmware.cgi", AUTH, img)
    c.check("firmware %s: ok." % version, st == 200 and body == b"ok.\n", "%s %r" % (st, body))
    s = rig.wait_status(lambda s: s.get("sys_ver") == version and s.get("upgrade_status") == "1")
    c.check("firmware %s: restarted into it, committed (%s)" % (version, s.get("upgrade_note")),
            s.get("sys_ver") == version and s.get("upgrade_status") == "1", repr(s))
    c.check("firmware %s: every setting kept" % version, rig.params() == settings)


def rollback(c, rig, img, version, running, why, settings):
    st, body = ui.upload(rig.port, "upgrade_firmware.cgi", AUTH, img)
    c.check("firmware %s that fails: accepted (ok.)" % version, body == b"ok.\n", repr(body))
    s = rig.wait_status(lambda s: s.get("upgrade_status") == "2", timeout=30)
    c.check("firmware %s: rolled back to %s by itself" % (version, running),
            s.get("sys_ver") == running and s.get("upgrade_status") == "2", repr(s))
    c.check("firmware %s: get_status says why: %s" % (version, s.get("upgrade_note")),
            why in s.get("upgrade_note", ""), repr(s.get("upgrade_note")))
    c.check("firmware %s: every setting kept" % version, rig.params() == settings)


def rollback_in_probation(c, rig, settings):
    """A web UI image that an older firmware serves, a newer firmware that
    passes it over and dies in its probation: after the rollback the web
    UI image is served again."""
    running = rig.status().get("sys_ver")
    root = os.path.join(rig.work, "webui-root-2")
    shutil.copytree(os.path.join(rig.fwroot, "share", "ipcamd", "www"), root)
    with open(os.path.join(root, "upgrade-marker.htm"), "w") as f:
        f.write("<html>web UI 0.3.5.0</html>\n")
    ui.upload(rig.port, "upgrade_htmls.cgi", AUTH, rig.image("webui", "0.3.5.0", root=root))
    c.check("web UI 0.3.5.0 on firmware %s" % running, rig.status().get("app_ver") == "0.3.5.0")
    rig.stop()
    rig.start(probation=8)
    ui.upload(rig.port, "upgrade_firmware.cgi", AUTH, rig.image("firmware", "0.4.2.0"))
    s = rig.wait_status(lambda s: s.get("sys_ver") == "0.4.2.0")
    c.check("firmware 0.4.2.0 on trial serves its own, newer pages",
            s.get("upgrade_status") == "3" and s.get("app_ver") == "0.4.2.0", repr(s))
    os.kill(rig.daemon_pid(), 9)
    s = rig.wait_status(lambda s: s.get("upgrade_status") == "2", timeout=30)
    c.check("killed in its probation: rolled back (%s)" % s.get("upgrade_note"),
            s.get("sys_ver") == running and "killed by signal 9 during its probation"
            in s.get("upgrade_note", ""), repr(s))
    st, page = request(rig.port, "/upgrade-marker.htm", AUTH)
    c.check("after the rollback web UI 0.3.5.0 is served again",
            s.get("app_ver") == "0.3.5.0" and st == 200 and b"0.3.5.0" in page, repr(s))
    c.check("after the rollback every setting is kept", rig.params() == settings)
    rig.stop()
    rig.start()


def power_cuts(c, rig, settings, images):
    """SIGKILL at each step; after a restart the old or the new version
    runs completely, and the slots take the next upgrade."""
    running = rig.status().get("sys_ver")
    for i, step in enumerate(INSTALL_STEPS + ["boot-commit"]):
        version, img = images[i]
        rig.stop()
        rig.start(env={"IPCAMD_TEST_FAILPOINT": step})
        ui.upload(rig.port, "upgrade_firmware.cgi", AUTH, img)
        rig.await_failpoint()
        rig.start()
        s = rig.wait_status(lambda s: s.get("upgrade_status") != "3", timeout=20)
        now = s.get("sys_ver")
        c.check("power cut at '%s': runs %s (old %s, new %s)" % (step, now, running, version),
                now in (running, version), repr(s))
        # up to the switch's rename the old version runs, after it the new
        if step in ("switched", "boot-commit"):
            c.check("power cut at '%s': the switched-to version runs" % step, now == version)
        else:
            c.check("power cut at '%s': the old version runs" % step, now == running)
        c.check("power cut at '%s': every setting kept" % step, rig.params() == settings)
        running = now
    # ipcamd-boot's rollback cut short: the old version still runs
    crash = rig.script_firmware("9.0.0.0", "exit 4")
    rig.stop()
    rig.start(env={"IPCAMD_TEST_FAILPOINT": "boot-rollback"})
    ui.upload(rig.port, "upgrade_firmware.cgi", AUTH, crash)
    rig.await_failpoint()
    rig.start()
    s = rig.wait_status(lambda s: True)
    c.check("power cut in the rollback: %s runs again" % running, s.get("sys_ver") == running,
            repr(s))
    c.check("power cut in the rollback: every setting kept", rig.params() == settings)
    return running


def run(c, rig, quick):
    fw2 = rig.image("firmware", "0.2.0.0")
    webui = rig.image("webui", "0.2.0.0")
    rig.start()
    s = rig.status()
    c.check("ipcamd-boot starts the factory ipcamd (%s)" % s.get("sys_ver"),
            s.get("sys_ver") == FACTORY and s.get("upgrade_status") == "0", repr(s))
    set_some_settings(rig)
    settings = rig.params()
    c.check("the settings are set", settings.get("alias") == "upgrade-cam")
    bad_images(c, rig, fw2, webui)
    web_ui_upgrade(c, rig)
    firmware_upgrade(c, rig, fw2, "0.2.0.0", settings)
    s = rig.status()
    c.check("the web UI image (0.2.5.0) outlives the older firmware 0.2.0.0",
            s.get("app_ver") == "0.2.5.0", repr(s))
    firmware_upgrade(c, rig, rig.image("firmware", "0.3.0.0"), "0.3.0.0", settings)
    rollback(c, rig, rig.script_firmware("0.4.0.0", "echo crash >&2; exit 3"), "0.4.0.0",
             "0.3.0.0", "exited with status 3 before it was healthy", settings)
    if quick:
        # the sanitizer lane: the daemon's own code above; what follows
        # kills and restarts processes, where a sanitizer sees nothing new
        st, body = ui.upload(rig.port, "upgrade_firmware.cgi", AUTH, fw2)
        c.check("anti-rollback: 0.3.0.0 refuses 0.2.0.0",
                body.startswith(b"error: the image is older"), repr(body))
        c.stop(rig.cam, "upgrade")
        return
    rollback(c, rig, rig.script_firmware("0.4.1.0", "exec sleep 600"), "0.4.1.0",
             "0.3.0.0", "not healthy after 5 s", settings)
    rollback_in_probation(c, rig, settings)
    images = [("0.5.%d.0" % i, rig.image("firmware", "0.5.%d.0" % i))
              for i in range(len(INSTALL_STEPS) + 1)]
    running = power_cuts(c, rig, settings, images)
    st, body = ui.upload(rig.port, "upgrade_firmware.cgi", AUTH, fw2)
    c.check("anti-rollback: %s refuses 0.2.0.0" % running,
            body.startswith(b"error: the image is older"), repr(body))
    rig.stop()
    rig.start(extra=["allow_downgrade = yes"])
    firmware_upgrade(c, rig, fw2, "0.2.0.0", settings)
    c.stop(rig.cam, "upgrade")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipcamd", default=os.path.join(TOP, "build", "daemon", "ipcamd"))
    ap.add_argument("--quick", action="store_true",
                    help="the daemon's paths only: no further rollbacks, power cuts or "
                         "downgrade (the sanitizer lane)")
    args = ap.parse_args()
    c = Checks()
    with tempfile.TemporaryDirectory() as work:
        rig = Rig(args.ipcamd, work, test_pattern=True)
        try:
            run(c, rig, args.quick)
        finally:
            if rig.cam and rig.cam.alive():
                rig.kill()
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())

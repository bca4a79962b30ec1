#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Signed upgrades on the board, with the camera module loaded: ipcamd
started by ipcamd-boot serves the camera; a firmware image built from this
tree goes in and the camera answers with the new version and still
streams and moves; images that need more than the module offers (a newer
/dev/ptzN API, a V4L2 capability it lacks) are refused; a web UI image is
served at once; a firmware that exits at start is rolled back.
Prints PASS:/FAIL: lines and "N passed, N failed"."""
import os
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from ipcamd_test import Checks, get_vars, request  # noqa: E402
import upgrade_images as ui  # noqa: E402
from upgrade_rig import AUTH, FACTORY, Rig  # noqa: E402


def camera_works(c, rig, what):
    st, jpeg = request(rig.port, "/snapshot.cgi", AUTH, timeout=10)
    c.check("%s: snapshot.cgi gives a JPEG" % what, st == 200 and jpeg[:2] == b"\xff\xd8",
            str(st))
    st, body = request(rig.port, "/decoder_control.cgi?command=4", AUTH)
    ok = st == 200 and body == b"ok.\n"
    st, body = request(rig.port, "/decoder_control.cgi?command=1", AUTH)
    c.check("%s: decoder_control.cgi moves and stops the head" % what,
            ok and st == 200 and body == b"ok.\n", repr(body))
    p = get_vars(rig.port, "/get_camera_params.cgi", AUTH)
    c.check("%s: get_camera_params.cgi answers" % what, "resolution" in p, repr(p))


def main():
    c = Checks()
    with tempfile.TemporaryDirectory() as work:
        rig = Rig(os.path.join(TOP, "build", "daemon", "ipcamd"), work, test_pattern=False)
        rig.start(health=30)
        s = rig.status()
        c.check("ipcamd-boot starts the factory ipcamd (%s)" % s.get("sys_ver"),
                s.get("sys_ver") == FACTORY, repr(s))
        camera_works(c, rig, FACTORY)
        before = rig.disk()
        for desc, kw, err in (
                ("a newer PTZ API (3)", {"ptz_api": 3}, b"needs a newer camera module"),
                ("V4L2 video output", {"caps": "0x04000003"}, b"video features")):
            img = rig.image("firmware", "0.9.0.0", name="needs.img", **kw)
            st, body = ui.upload(rig.port, "upgrade_firmware.cgi", AUTH, img)
            c.check("an image that needs %s is refused: %s" % (desc, body.decode().strip()),
                    st == 200 and err in body, repr(body))
            c.check("an image that needs %s: nothing changed on disk" % desc,
                    rig.disk() == before)
        settings = rig.params()
        st, body = ui.upload(rig.port, "upgrade_firmware.cgi", AUTH,
                             rig.image("firmware", "0.2.0.0"))
        c.check("firmware 0.2.0.0: ok.", body == b"ok.\n", repr(body))
        s = rig.wait_status(lambda s: s.get("upgrade_status") == "1", timeout=90)
        c.check("firmware 0.2.0.0: the camera answers with it, committed",
                s.get("sys_ver") == "0.2.0.0" and s.get("upgrade_status") == "1", repr(s))
        c.check("firmware 0.2.0.0: every setting kept", rig.params() == settings)
        camera_works(c, rig, "0.2.0.0")
        root = os.path.join(work, "webui-root")
        ui.stage_firmware(os.path.join(TOP, "build"), os.path.join(work, "fw2"))
        os.rename(os.path.join(work, "fw2", "share", "ipcamd", "www"), root)
        with open(os.path.join(root, "upgrade-marker.htm"), "w") as f:
            f.write("<html>board web UI 0.3</html>\n")
        st, body = ui.upload(rig.port, "upgrade_htmls.cgi", AUTH,
                             rig.image("webui", "0.3.0.0", root=root))
        st, page = request(rig.port, "/upgrade-marker.htm", AUTH)
        c.check("web UI 0.3.0.0: served at once", st == 200 and b"board web UI" in page,
                repr((st, page[:40])))
        st, body = ui.upload(rig.port, "upgrade_firmware.cgi", AUTH,
                             rig.script_firmware("0.4.0.0", "exit 5"))
        s = rig.wait_status(lambda s: s.get("upgrade_status") == "2", timeout=90)
        c.check("a firmware that exits at start is rolled back: %s" % s.get("upgrade_note"),
                s.get("sys_ver") == "0.2.0.0" and "exited with status 5" in
                s.get("upgrade_note", ""), repr(s))
        camera_works(c, rig, "after the rollback")
        c.stop(rig.cam, "board upgrade")
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())

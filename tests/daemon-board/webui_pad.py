#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The pad and the live picture of the web UI against the board's camera
(tests/daemon-board/webui.sh loads the module first)."""
import glob
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from ipcamd_test import ADMIN_PWD, Checks, Daemon  # noqa: E402
from browser import Browser  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def ptz_dir():
    found = sorted(glob.glob("/sys/class/misc/ptz*/pan_position"))
    return os.path.dirname(found[0]) if found else None


def position(ptz):
    with open(os.path.join(ptz, "pan_position")) as f:
        pan = int(f.read())
    with open(os.path.join(ptz, "tilt_position")) as f:
        tilt = int(f.read())
    return pan, tilt


def shift(before, after):
    """The horizontal shift (in 1/32 of the width) that best maps the
    grey picture BEFORE onto AFTER, and how much better it fits than none."""
    def cost(s):
        total = n = 0
        for y in range(24):
            for x in range(max(0, -s), min(32, 32 - s)):
                total += abs(before[y * 32 + x] - after[y * 32 + x + s])
                n += 1
        return total / n
    # up to half the width: under TCG the browser can show one picture
    # for a second while the head pans a third of the view
    costs = {s: cost(s) for s in range(-16, 17)}
    best = min(costs, key=costs.get)
    return best, costs[0] - costs[best]


def state(ptz):
    with open(os.path.join(ptz, "state")) as f:
        return f.read().strip()


def hold(ck, b, ptz, what, press, release, axis, during=None):
    """Hold a direction for 1.5 s (longer if the head starts late): the
    position moves while held; after the release the head ramps down to
    idle (within 3 s) and stays.  DURING() runs while the head moves."""
    start = position(ptz)
    t0 = time.monotonic()
    press()
    # judged 0.2 s after the head starts (the command's way through the
    # browser and the daemon takes a variable time under TCG), before a
    # tilt can reach its end stop
    moving = b.wait(lambda: state(ptz) != "idle" and state(ptz), 3.0, 0.02) or "idle"
    time.sleep(0.2)
    held = position(ptz)
    if during:
        during()
    time.sleep(max(0.0, 1.5 - (time.monotonic() - t0)))
    release()
    idle = b.wait(lambda: state(ptz) == "idle", 3.0, 0.05)
    stopped = position(ptz)
    time.sleep(1.0)
    later = position(ptz)
    ck.check("pad %s: the head moves while held (%s -> %s, %s)" % (what, start, held, moving),
             held[axis] != start[axis] and moving != "idle")
    ck.check("pad %s: the head stops on release (idle, at %s, then %s)" % (what, stopped, later),
             bool(idle) and stopped == later)


def main():
    ck = Checks()
    ptz = ptz_dir()
    if not ck.check("the camera has a PTZ head", ptz is not None):
        return ck.summary()
    with tempfile.TemporaryDirectory() as work:
        d = Daemon(os.path.join(TOP, "build", "daemon", "ipcamd"), work, "webui",
                   web_root=os.path.join(TOP, "daemon", "www"))
        b = Browser("127.0.0.1", d.port, "admin", ADMIN_PWD)
        try:
            ck.check("admin logs in (%s)" % b.text("#who"), b.text("#who") == "admin (administrator)")
            w = b.wait(lambda: b.js("return document.getElementById('view').naturalWidth"), 60)
            ck.check("the live picture is 640 wide (%s)" % w, w == 640)
            # the scene's car (webui.sh) crosses it every 3 s
            first = b.signature()
            diff = 0
            for _ in range(8):
                time.sleep(0.5)
                now = b.signature() or []
                diff = max([diff] + [abs(x - y) for x, y in zip(first or [], now)])
            ck.check("the live picture plays (a pixel changes by up to %d grey levels in 4 s)"
                     % diff, first is not None and diff >= 20)

            # the daemon centres the head at start (ptz_center_onstart):
            # the pad's moves are judged from a head at rest
            ck.check("the head is at rest after the start-up centring",
                     b.wait(lambda: state(ptz) == "idle", 90, 0.2))
            right = b.one('#pad button[data-move="right"]')
            act = ActionChains(b.d)
            frames = []

            def two_frames():
                # two pictures at least 0.3 s apart while the head pans:
                # a part of the width apart (a whole move is more than
                # the view).  The browser under TCG can hold one decoded
                # picture for longer than that, so the second is the
                # first that differs, within 1.2 s
                t = time.monotonic()
                frames.append(b.signature())
                time.sleep(0.3)

                def changed():
                    now = b.signature()
                    return now if now and now != frames[0] else None
                frames.append(b.wait(changed, 0.9, 0.05) or b.signature())
                frames.append(time.monotonic() - t)
            hold(ck, b, ptz, "right (mouse)", lambda: act.click_and_hold(right).perform(),
                 lambda: act.release(right).perform(), 0, two_frames)
            s, gain = shift(frames[0], frames[1])
            ck.check("pad right: the picture moves left while the head pans right (%d/32 of "
                     "the width in %.2f s, fit %.1f grey levels better than no shift)"
                     % (s, frames[2], gain), s < 0 and gain > 2)

            up = b.one('#pad button[data-move="up"]')
            up_keys = ActionChains(b.d)
            hold(ck, b, ptz, "up (keyboard: Space held on the button)",
                 lambda: (b.js("arguments[0].focus()", up),
                          up_keys.key_down(Keys.SPACE).perform()),
                 lambda: ActionChains(b.d).key_up(Keys.SPACE).perform(), 1)
        finally:
            b.quit()
        ck.stop(d, "webui")
    return ck.summary()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Time a first run: `make run` from the start to the login it prints, and
to the first frame of the live page in Debian's headless Chromium logged in
with it.  Prints both; a final "N passed, N failed" line.  Not part of
make check (it boots a board of its own): the README's first-run figure.

    /usr/bin/python3 tests/board/first-frame.py [PORT [COMMAND...]]

COMMAND (default: make -s run) runs with PORT in its environment: e.g. a
make run inside a chroot of a fresh Debian 12, whose login the browser on
this machine then opens (same network)."""
import os
import re
import subprocess
import sys
import time

TOP = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
from ipcamd_test import Checks  # noqa: E402
from browser import Browser  # noqa: E402


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 18090
    command = sys.argv[2:] or ["make", "-s", "run"]
    ck = Checks()
    start = time.monotonic()
    run = subprocess.Popen(command, cwd=TOP, env=dict(os.environ, PORT=str(port)),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           start_new_session=True)
    seen = {}
    try:
        for line in run.stdout:
            sys.stdout.write("  | " + line)
            m = re.match(r"\s+(URL|user|password):\s+(\S+)", line)
            if m:
                seen[m.group(1)] = m.group(2)
            if len(seen) == 3:
                break
        login = time.monotonic() - start
        ck.check("make run prints the URL, the user and the password (%.0f s)" % login,
                 len(seen) == 3, repr(seen))
        if len(seen) == 3:
            b = Browser("127.0.0.1", port, seen["user"], seen["password"])
            try:
                w = b.wait(lambda: b.js("return document.getElementById('view').naturalWidth"),
                           120)
                first = time.monotonic() - start
                ck.check("the live page shows the first frame, %s wide (%.0f s after make run)"
                         % (w, first), w == 640)
            finally:
                b.quit()
    finally:
        os.killpg(run.pid, 15)
        run.wait()
    return ck.summary()


if __name__ == "__main__":
    sys.exit(main())

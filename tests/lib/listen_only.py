#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Another program's port: listens on a free loopback TCP port (written to
PORT_FILE) for fifteen minutes and never accepts.

    listen_only.py PORT_FILE"""
import socket
import sys
import time

s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % s.getsockname()[1])
time.sleep(900)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A serial port for the daemon under test: opens a pseudo-terminal, writes
its name to NAME_FILE and appends every byte the daemon sends to it to
OUT_FILE, for at most ten minutes.

    pty_recorder.py NAME_FILE OUT_FILE"""
import os
import pty
import select
import sys
import time


def main():
    master, slave = pty.openpty()
    with open(sys.argv[1], "w") as f:
        f.write(os.ttyname(slave) + "\n")
    out = open(sys.argv[2], "ab", buffering=0)
    end = time.time() + 600
    while time.time() < end:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            out.write(os.read(master, 4096))


if __name__ == "__main__":
    main()

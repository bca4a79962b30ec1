#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Connection bounds of the daemon on PORT (e2e-nocam.sh), exit status 0
when the bound holds:

    http_bounds.py per-client PORT N   N connections held, one more is not served
    http_bounds.py idle PORT SECONDS   an idle connection is closed within SECONDS"""
import socket
import sys
import time


def per_client(port, n):
    held = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(3)
    s.sendall(b"GET /get_status.cgi HTTP/1.0\r\n\r\n")
    try:
        data = s.recv(100)
    except (ConnectionResetError, socket.timeout):
        data = b""
    for h in held:
        h.close()
    return not data.startswith(b"HTTP/1.1 200")


def idle(port, seconds):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(seconds + 1)
    t = time.time()
    try:
        data = s.recv(10)
    except ConnectionResetError:
        data = b""
    return data == b"" and time.time() - t < seconds


def main():
    kind, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ok = per_client(port, n) if kind == "per-client" else idle(port, n)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

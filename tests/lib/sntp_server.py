#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""An SNTP server (RFC 4330) on a free loopback UDP port, one hour ahead of
this machine's clock: the client's offset tells it asked this server.  The
port goes to PORT_FILE.

    sntp_server.py PORT_FILE"""
import socket
import struct
import sys
import time

NTP_UNIX_OFFSET = 2208988800
AHEAD = 3600.0


def ntp_time(t):
    t += NTP_UNIX_OFFSET + AHEAD
    return (int(t) << 32) | int((t - int(t)) * 2**32)


def reply(request):
    now = time.time()
    pkt = bytearray(48)
    pkt[0] = (0 << 6) | (4 << 3) | 4    # no warning, version 4, server
    pkt[1] = 2                          # stratum 2
    pkt[24:32] = request[40:48]         # originate: the client's transmit
    pkt[32:40] = struct.pack("!Q", ntp_time(now))
    pkt[40:48] = struct.pack("!Q", ntp_time(now))
    return bytes(pkt)


def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    with open(sys.argv[1], "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    while True:
        data, addr = s.recvfrom(512)
        if len(data) >= 48:
            s.sendto(reply(data), addr)


if __name__ == "__main__":
    main()

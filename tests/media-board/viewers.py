#!/usr/bin/env python3
"""Many videostream.cgi viewers in one process (asyncio), for the media tests.

  viewers.py count URL USER PWD N SECONDS [SLOW]
      N viewers for SECONDS; viewer SLOW (an index, optional) reads one
      frame per second through a small receive buffer.  Every part must
      match the exact framing (--ipcamera, Content-Type, Content-Length,
      blank line, a JPEG from FFD8 to FFD9, CRLF).  Prints one JSON object:
      {"frames": [per viewer], "bad": [framing errors per viewer],
       "rates": [per viewer: frames/s from the first frame to the last,
                 so the camera's start-up does not count],
       "seconds": measured}
  viewers.py churn URL USER PWD N
      N viewers that connect, read part of a frame and hang up abruptly
      (RST), 20 at a time.  Prints {"done": N}.
"""
import asyncio
import base64
import json
import socket
import struct
import sys
import time
from urllib.parse import urlsplit

PART = b"--ipcamera\r\nContent-Type: image/jpeg\r\nContent-Length: "


async def open_stream(url, user, pwd, rcvbuf=None):
    u = urlsplit(url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, (u.hostname, u.port or 80))
    reader, writer = await asyncio.open_connection(sock=sock, limit=1 << 20)
    auth = base64.b64encode(f"{user}:{pwd}".encode()).decode()
    path = u.path + ("?" + u.query if u.query else "")
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {u.hostname}\r\n"
                 f"Authorization: Basic {auth}\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if b" 200 " not in head.split(b"\r\n", 1)[0]:
        raise RuntimeError(head.split(b"\r\n", 1)[0].decode())
    return reader, writer, sock


async def viewer(url, user, pwd, seconds, slow, out, idx):
    frames = bad = 0
    first = last = 0.0
    try:
        reader, writer, _ = await open_stream(url, user, pwd, 4096 if slow else None)
    except Exception as e:  # noqa: BLE001 - reported, counted as bad
        out[idx] = (0, 1, str(e), 0.0)
        return
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            left = end - time.monotonic()
            pre = await asyncio.wait_for(reader.readexactly(len(PART)), left)
            if pre != PART:
                bad += 1
                break
            line = await reader.readuntil(b"\r\n\r\n")
            n = int(line.split(b"\r\n", 1)[0])
            data = await reader.readexactly(n + 2)
            if data[:2] != b"\xff\xd8" or data[n - 2:n] != b"\xff\xd9" or data[n:] != b"\r\n":
                bad += 1
                break
            frames += 1
            last = time.monotonic()
            if frames == 1:
                first = last
            if slow:
                await asyncio.sleep(1.0)
    except asyncio.TimeoutError:
        pass
    except Exception:  # noqa: BLE001 - a broken stream is a framing error
        bad += 1
    writer.close()
    rate = (frames - 1) / (last - first) if frames > 1 and last > first else 0.0
    out[idx] = (frames, bad, "", rate)


async def count(url, user, pwd, n, seconds, slow):
    out = [None] * n
    t0 = time.monotonic()
    await asyncio.gather(*(viewer(url, user, pwd, seconds, i == slow, out, i)
                           for i in range(n)))
    print(json.dumps({"frames": [o[0] for o in out], "bad": [o[1] for o in out],
                      "errors": [o[2] for o in out if o[2]],
                      "rates": [round(o[3], 3) for o in out],
                      "seconds": time.monotonic() - t0}))


async def churn_one(url, user, pwd):
    try:
        reader, writer, sock = await open_stream(url, user, pwd)
        await reader.readexactly(len(PART) + 40)      # in the middle of a part
        # hang up hard: RST, no FIN handshake
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()
    except Exception:  # noqa: BLE001 - a refused one still tests the cleanup
        pass


async def churn(url, user, pwd, n):
    for start in range(0, n, 20):
        await asyncio.gather(*(churn_one(url, user, pwd) for _ in range(min(20, n - start))))
    print(json.dumps({"done": n}))


def main():
    if len(sys.argv) >= 7 and sys.argv[1] == "count":
        slow = int(sys.argv[7]) if len(sys.argv) > 7 else -1
        asyncio.run(count(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]),
                          float(sys.argv[6]), slow))
    elif len(sys.argv) == 6 and sys.argv[1] == "churn":
        asyncio.run(churn(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Unbind the camera while a program holds its node open and streams.

    v4l2_unplug.py NODE PLATFORM_DEVICE

Opens NODE, starts a read() stream in a thread, unbinds the platform device,
then checks that every later call fails cleanly with ENODEV and that close
works.  Prints PASS:/FAIL: lines.
"""
import errno
import fcntl
import os
import select
import struct
import sys
import threading
import time

VIDIOC_QUERYCAP = 0x80685600  # _IOR('V', 0, struct v4l2_capability) (104 bytes)


def check(desc, ok):
    print(("PASS: " if ok else "FAIL: ") + desc)
    return ok


def err_of(fn):
    try:
        fn()
    except OSError as e:
        return e.errno
    return 0


def main():
    node, pdev = sys.argv[1], sys.argv[2]
    ok = True
    fd = os.open(node, os.O_RDWR)
    buf = bytearray(104)
    fcntl.ioctl(fd, VIDIOC_QUERYCAP, buf)
    ok &= check("QUERYCAP works before unbind", buf[:5] == b"ipcam")

    reader_result = {}

    def reader():
        n = 0
        try:
            while True:
                os.read(fd, 640 * 480 * 2)
                n += 1
        except OSError as e:
            reader_result["errno"] = e.errno
        reader_result["frames"] = n

    t = threading.Thread(target=reader)
    t.start()
    time.sleep(1.5)
    with open(f"/sys/bus/platform/drivers/ipcam/unbind", "w") as f:
        f.write(pdev)
    t.join(10)
    ok &= check("streaming reader returned after unbind", not t.is_alive())
    ok &= check(f"reader read frames before unbind ({reader_result.get('frames')})",
                reader_result.get("frames", 0) > 0)
    # The read() in flight at unbind is ended by vb2 releasing the queue;
    # the driver reports that as ENODEV, as the V4L2 core does for every
    # call made after the unbind (checked below).
    ok &= check(f"in-flight read ended with ENODEV (got {reader_result.get('errno')})",
                reader_result.get("errno") == errno.ENODEV)
    e = err_of(lambda: fcntl.ioctl(fd, VIDIOC_QUERYCAP, buf))
    ok &= check(f"QUERYCAP after unbind fails with ENODEV (got {e})", e == errno.ENODEV)
    e = err_of(lambda: os.read(fd, 16))
    ok &= check(f"read after unbind fails with ENODEV (got {e})", e == errno.ENODEV)
    p = select.poll()
    p.register(fd, select.POLLIN | select.POLLPRI)
    ev = p.poll(1000)
    ok &= check(f"poll after unbind reports an error or hang-up ({ev})",
                bool(ev) and bool(ev[0][1] & (select.POLLERR | select.POLLHUP)))
    os.close(fd)
    ok &= check("close after unbind", True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

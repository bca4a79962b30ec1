#!/usr/bin/python3
# The benchmark's CGI latency probe: COUNT requests of each CGI, one after
# the other and alternating between them, each on a new connection as the
# SDK's clients (NVRs, phone apps) make them.  A request's latency is from
# the connect to the last byte of the answer (the daemon closes the
# connection after it: "Connection: close"); an answer that is not a 200
# with the CGI's expected body counts as an error, not as a latency.
#
#   cgi-latency.py PORT USER PASSWORD COUNT LOAD
#
# Prints, for each CGI:
#   BENCH cgi NAME LOAD COUNT P50_MS P99_MS MAX_MS ERRORS
# (LOAD is a label: what else ran meanwhile).  Exit status 1 on any error.
# Raw sockets rather than http.client: the probe's own cost, which under
# QEMU TCG is not small, stays a few system calls per request.
import socket
import sys
import time


def get(port, target):
    """One request; (seconds, status, body)."""
    req = (f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           "Connection: close\r\n\r\n").encode()
    t0 = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(req)
        chunks = []
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
    t = time.perf_counter() - t0
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    status = head.split(b" ", 2)[1] if head.startswith(b"HTTP/1.") else b""
    return t, status, body


def percentile(sorted_ms, p):
    """Nearest rank: the smallest value with at least p % at or below it."""
    k = max(0, -(-len(sorted_ms) * p // 100) - 1)
    return sorted_ms[int(k)]


def main():
    if len(sys.argv) != 6:
        sys.exit("usage: cgi-latency.py PORT USER PASSWORD COUNT LOAD")
    port, user, pwd, count, load = (int(sys.argv[1]), sys.argv[2], sys.argv[3],
                                    int(sys.argv[4]), sys.argv[5])
    auth = f"user={user}&pwd={pwd}"
    # command=1 is "stop up" (SDK 2.1): the head is at rest, so it changes
    # nothing, but it goes all the way to the PTZ device's ioctl.
    cgis = [
        ("decoder_control", f"/decoder_control.cgi?command=1&{auth}",
         lambda b: b.strip() == b"ok."),
        ("get_camera_params", f"/get_camera_params.cgi?{auth}",
         lambda b: b"resolution=" in b),
    ]
    times = {name: [] for name, _, _ in cgis}
    errors = {name: 0 for name, _, _ in cgis}
    for _ in range(count):
        for name, target, good in cgis:
            try:
                t, status, body = get(port, target)
            except OSError as e:
                print(f"cgi-latency: {name}: {e}", file=sys.stderr)
                errors[name] += 1
                continue
            if status != b"200" or not good(body):
                if errors[name] < 3:
                    print(f"cgi-latency: {name}: {status!r} {body[:80]!r}",
                          file=sys.stderr)
                errors[name] += 1
                continue
            times[name].append(t * 1000)
    for name, _, _ in cgis:
        ms = sorted(times[name])
        if ms:
            print(f"BENCH cgi {name} {load} {len(ms)} {percentile(ms, 50):.1f} "
                  f"{percentile(ms, 99):.1f} {ms[-1]:.1f} {errors[name]}")
        else:
            print(f"BENCH cgi {name} {load} 0 - - - {errors[name]}")
    sys.exit(1 if any(errors.values()) else 0)


if __name__ == "__main__":
    main()

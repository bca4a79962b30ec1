# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared by the Python test programs of ipcamd (daemon/tests/hostile.py,
daemon/tests/wire_fuzz.py): an ipcamd on loopback with a state directory of
its own, raw HTTP requests from any 127.0.0.0/8 source address, and the
PASS:/FAIL: lines that tests/run-all.sh counts."""
import base64
import os
import re
import socket
import subprocess
import sys
import time

ADMIN_PWD = "Adm1n-Hstl"


class Checks:
    """One "PASS: ..." / "FAIL: ..." line per check, and the final count."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, desc, ok, detail=""):
        if ok:
            self.passed += 1
            print("PASS: " + desc, flush=True)
        else:
            self.failed += 1
            print("FAIL: " + desc + (" (" + detail + ")" if detail else ""), flush=True)
        return ok

    def stop(self, d, name):
        """Stop D: it must exit cleanly, and a sanitizer build report nothing."""
        rc, report = d.stop()
        self.check("%s: the daemon stops cleanly (exit status %d)" % (name, rc), rc == 0)
        self.check("%s: no sanitizer report" % name, not report, report)

    def summary(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


def in_namespace(flag, unshare=("--net",)):
    """Re-run this program under `unshare UNSHARE` (FLAG, an environment
    variable, marks the second run): None there, after bringing lo up with
    the global address 10.9.0.1/24 that a test can add to, and making the
    mounts private with --mount; the second run's exit status here."""
    if os.environ.get(flag):
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        subprocess.run(["ip", "addr", "add", "10.9.0.1/24", "dev", "lo"], check=True)
        if "--mount" in unshare:
            subprocess.run(["mount", "--make-rprivate", "/"], check=True)
        return None
    env = dict(os.environ, **{flag: "1"})
    return subprocess.call(["unshare"] + list(unshare) + [sys.executable] + sys.argv, env=env)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Daemon:
    """One ipcamd on 127.0.0.1 with a temporary state directory."""

    def __init__(self, binary, work, name, extra=(), test_pattern=False, listen="127.0.0.1",
                 level="info", web_root=None, boot=(), env=None, port=None):
        """WEB_ROOT: the pages to serve (default: a one-page stand-in).
        BOOT: ipcamd-boot and its options, to start the daemon through it
        (the daemon's own options follow a "--").  ENV: more environment.
        A daemon started again in the same WORK/NAME keeps its state (give
        it the same PORT)."""
        self.port = port or free_port()
        self.dir = os.path.join(work, name)
        os.makedirs(os.path.join(self.dir, "state"), exist_ok=True)
        if web_root is None:
            web_root = os.path.join(self.dir, "www")
            os.makedirs(web_root, exist_ok=True)
            with open(os.path.join(web_root, "index.htm"), "w") as f:
                f.write("<html><body>ipcam</body></html>\n")
        conf = os.path.join(self.dir, "ipcamd.conf")
        with open(conf, "w") as f:
            f.write("port = %d\nstate_dir = %s/state\nweb_root = %s\n"
                    "set_clock = no\ndevice_id = 0011AABBCCDD\n"
                    % (self.port, self.dir, web_root))
            with open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                   "loopback-net.conf")) as net:
                f.write(net.read())
            for line in extra:
                f.write(line + "\n")
        env = dict(os.environ, IPCAM_ADMIN_PASSWORD=ADMIN_PWD, **(env or {}))
        args = [binary, "-f", "-c", conf, "-l", level] + (["-L", listen] if listen else [])
        if test_pattern:
            args.append("--test-pattern")
        if boot:
            args = list(boot) + ["--"] + args[1:]
        self.log = open(os.path.join(self.dir, "log"), "a")
        self.proc = subprocess.Popen(args, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(100):
            if request(self.port, "/get_status.cgi", timeout=0.5)[0] == 200:
                break
            time.sleep(0.05)

    def rss_kb(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1

    def fds(self):
        return len(os.listdir("/proc/%d/fd" % self.proc.pid))

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        """Stop it with SIGTERM: (exit status, sanitizer report or "")."""
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        with open(os.path.join(self.dir, "log"), errors="replace") as f:
            log = f.read()
        self.log_text = log
        m = re.search(r"ERROR: (Address|Leak)Sanitizer|runtime error:", log)
        return self.proc.returncode, log[m.start():m.start() + 2000] if m else ""


VAR = re.compile(r"var ([a-z0-9_]+)=(?:'((?:[^'\\]|\\.)*)'|(-?[0-9]+));")


def parse_vars(body):
    """The `var name=value;` lines of a get CGI's answer, as a dict."""
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in VAR.finditer(body.decode("utf-8", "replace"))}


def get_vars(port, cgi, auth, timeout=5.0):
    """parse_vars of CGI's answer; {} when it does not answer 200."""
    status, body = request(port, cgi, auth, timeout=timeout)
    return parse_vars(body) if status == 200 else {}


def basic(user, pwd):
    return "Basic " + base64.b64encode(("%s:%s" % (user, pwd)).encode()).decode()


def connect(port, src=None, timeout=2.0):
    return socket.create_connection(("127.0.0.1", port), timeout,
                                    source_address=(src, 0) if src else None)


def reply_complete(data):
    """True once DATA holds a whole reply with a Content-Length."""
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            return len(body) >= int(v)
    return False


def read_reply(s, timeout):
    """(status, body) of one reply (to its length, else to the end), or
    (None, b"") when none came within TIMEOUT seconds."""
    data = b""
    end = time.monotonic() + timeout
    try:
        while time.monotonic() < end and not reply_complete(data):
            s.settimeout(max(0.01, end - time.monotonic()))
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionError):
        pass
    if not data.startswith(b"HTTP/1."):
        return None, b""
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def request(port, target, auth=None, src=None, timeout=2.0):
    """One GET on its own connection: (status or None, body)."""
    try:
        s = connect(port, src, timeout)
    except OSError:
        return None, b""
    hdr = "GET %s HTTP/1.1\r\nHost: camera\r\nConnection: close\r\n" % target
    if auth:
        hdr += "Authorization: %s\r\n" % auth
    try:
        s.sendall((hdr + "\r\n").encode())
        return read_reply(s, timeout)
    except OSError:
        return None, b""
    finally:
        s.close()


class KeepAlive:
    """Requests on one keep-alive connection from source address SRC."""

    def __init__(self, port, src):
        self.port, self.src, self.s, self.buf = port, src, None, b""

    def get(self, target, auth=None):
        for _ in range(2):
            try:
                if not self.s:
                    self.s = connect(self.port, self.src)
                    self.buf = b""
                hdr = "GET %s HTTP/1.1\r\nHost: camera\r\n" % target
                if auth:
                    hdr += "Authorization: %s\r\n" % auth
                self.s.sendall((hdr + "\r\n").encode())
                return self._reply()
            except OSError:
                self.close()
        return None

    def _reply(self):
        while b"\r\n\r\n" not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise OSError("closed")
            self.buf += chunk
        head, _, rest = self.buf.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length":
                length = int(v)
        while len(rest) < length:
            chunk = self.s.recv(65536)
            if not chunk:
                raise OSError("closed")
            rest += chunk
        self.buf = rest[length:]
        if b"connection: close" in head.lower():
            self.close()
        return int(head.split(b" ", 2)[1])

    def close(self):
        if self.s:
            self.s.close()
        self.s = None

# SPDX-License-Identifier: GPL-2.0-or-later
"""A dyndns2 update server for the DDNS tests, on loopback: it records every
request (path, query, credentials, User-Agent) and answers each from a
queue of replies that the test fills, so a test can walk through every
reply a real provider gives (good, nochg, badauth, ...).  Started in a
thread of the test program.  Also answers as an HTTP proxy would: a
request line with an absolute URL is recorded as such (request.proxied).

A stalling server (accepts, never answers) is StallServer."""
import base64
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Request:
    def __init__(self, handler):
        u = urlsplit(handler.path)
        self.proxied = bool(u.scheme)
        self.path = u.path
        self.query = {k: v[0] for k, v in parse_qs(u.query, keep_blank_values=True).items()}
        self.user_agent = handler.headers.get("User-Agent", "")
        self.user = self.pwd = None
        auth = handler.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            user, _, pwd = base64.b64decode(auth[6:]).decode("utf-8", "replace").partition(":")
            self.user, self.pwd = user, pwd
        self.time = time.monotonic()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 - the http.server interface
        srv = self.server
        with srv.lock:
            srv.requests.append(Request(self))
            code, body = srv.replies.pop(0) if srv.replies else srv.default
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class Dyndns2Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host="127.0.0.1"):
        super().__init__((host, 0), _Handler)
        self.port = self.server_address[1]
        self.lock = threading.Lock()
        self.requests = []
        self.replies = []	# (HTTP status, body), first answered first
        self.default = (200, "nochg 127.0.0.1")
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def reply(self, body, code=200):
        with self.lock:
            self.replies.append((code, body))

    def count(self):
        with self.lock:
            return len(self.requests)

    def last(self):
        with self.lock:
            return self.requests[-1] if self.requests else None

    def wait_count(self, n, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.count() >= n:
                return True
            time.sleep(0.05)
        return self.count() >= n


class StallServer:
    """Accepts connections and never answers."""

    def __init__(self, host="127.0.0.1"):
        self.sock = socket.socket()
        self.sock.bind((host, 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(c)

    def close(self):
        self.sock.close()
        for c in self.conns:
            c.close()

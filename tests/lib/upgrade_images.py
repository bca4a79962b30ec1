# SPDX-License-Identifier: GPL-2.0-or-later
"""Upgrade images for the tests (daemon/tests/upgrade.py, the board's
upgrade suite): minisign key pairs made on the spot (no private key lives
in the repository), firmware roots staged and images built by the
project's own daemon/image scripts, hand-made payloads for the images a
camera must refuse, the multipart upload of the SDK's form, and a
snapshot of what a directory tree holds."""
import hashlib
import io
import os
import socket
import subprocess
import tarfile
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGE_DIR = os.path.join(TOP, "daemon", "image")


def make_key(work, name):
    """A minisign key pair without a password: (public, secret) paths."""
    pub, sec = os.path.join(work, name + ".pub"), os.path.join(work, name + ".key")
    subprocess.run(["minisign", "-G", "-W", "-f", "-p", pub, "-s", sec], check=True,
                   stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    return pub, sec


def stage_firmware(build, root):
    subprocess.run([os.path.join(IMAGE_DIR, "stage-firmware.sh"), build, root], check=True)


def build_image(kind, version, key, root, out, ptz_api=None, caps=None):
    """daemon/image/mkimage.sh: the image's bytes."""
    args = [os.path.join(IMAGE_DIR, "mkimage.sh"), "--kind", kind, "--version", version,
            "--key", key, "--root", root, "--out", out]
    if ptz_api is not None:
        args += ["--ptz-api", str(ptz_api)]
    if caps:
        args += ["--v4l2-caps", caps]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    with open(out, "rb") as f:
        return f.read()


def sign(payload, key, legacy=False, comment="test image"):
    """PAYLOAD with its minisign signature in front, as mkimage.sh makes
    images (LEGACY: the old whole-file "Ed" signature)."""
    with tempfile.TemporaryDirectory() as d:
        p, s = os.path.join(d, "payload"), os.path.join(d, "payload.minisig")
        with open(p, "wb") as f:
            f.write(payload)
        subprocess.run(["minisign", "-S", "-s", key, "-m", p, "-x", s, "-t", comment]
                       + (["-l"] if legacy else []), check=True, stdout=subprocess.DEVNULL,
                       stdin=subprocess.DEVNULL)
        with open(s, "rb") as f:
            return f.read() + payload


def manifest(kind, version, files, extra=()):
    """A MANIFEST for FILES ({path: bytes}), with EXTRA lines."""
    lines = ["ipcam-image 1", "kind " + kind, "version " + version] + list(extra)
    for path, data in sorted(files.items()):
        lines.append("file 0644 %s %s" % (hashlib.sha256(data).hexdigest(), path))
    return ("\n".join(lines) + "\n").encode()


def payload(members):
    """A gzip'd tar of MEMBERS: (name, bytes), or (name, tarinfo type,
    link name) for what is not a regular file."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", format=tarfile.USTAR_FORMAT) as t:
        for m in members:
            info = tarfile.TarInfo(m[0])
            if isinstance(m[1], bytes):
                info.size = len(m[1])
                t.addfile(info, io.BytesIO(m[1]))
            else:
                info.type, info.linkname = m[1], m[2]
                t.addfile(info)
    return buf.getvalue()


def multipart(data, field="file", boundary="ipcamUpgradeBoundary", filename="image.bin"):
    """The SDK form's body: (content type, body)."""
    body = (b"--" + boundary.encode() + b"\r\n"
            b'Content-Disposition: form-data; name="' + field.encode() + b'"; filename="'
            + filename.encode() + b'"\r\nContent-Type: application/octet-stream\r\n\r\n'
            + data + b"\r\n--" + boundary.encode() + b"--\r\n")
    return "multipart/form-data; boundary=" + boundary, body


def _reply(data):
    if not data.startswith(b"HTTP/1."):
        return None, b""
    head, _, rest = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), rest


def chunks(body, size=65536):
    """BODY in HTTP/1.1 chunked transfer coding."""
    out = b""
    for i in range(0, len(body), size):
        piece = body[i:i + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def post(port, target, auth, ctype, body, timeout=20.0, method="POST", length=None,
         expect=True, chunked=False):
    """One request with BODY (LENGTH: the Content-Length to claim, and the
    body cut short there; CHUNKED: no length, chunked coding): (status or
    None, reply body).  EXPECT: as curl does for a large body, "Expect:
    100-continue" and the body only once the server says so (a refusal
    comes before it)."""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout)
    except OSError:
        return None, b""
    hdr = "%s %s HTTP/1.1\r\nHost: camera\r\nConnection: close\r\n" % (method, target)
    if auth:
        hdr += "Authorization: %s\r\n" % auth
    if ctype:
        hdr += "Content-Type: %s\r\n" % ctype
    expect = expect and method == "POST" and not chunked
    if method == "POST" and chunked:
        hdr += "Transfer-Encoding: chunked\r\n"
        body = chunks(body)
    elif method == "POST":
        hdr += "Content-Length: %d\r\n" % (len(body) if length is None else length)
    if expect:
        hdr += "Expect: 100-continue\r\n"
    data = b""
    try:
        s.sendall(hdr.encode() + b"\r\n")
        if expect:
            s.settimeout(2.0)
            try:
                data = s.recv(65536)
            except socket.timeout:
                data = b""  # no 100: the body goes anyway, as curl's does
            s.settimeout(timeout)
            if data.startswith(b"HTTP/1.1 100"):
                data = data.partition(b"\r\n\r\n")[2]
            elif data:
                body = b""  # answered already
        if body:
            s.sendall(body)
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    finally:
        s.close()
    return _reply(data)


def open_upload(port, target, auth, ctype, body, cut):
    """An upload left open after CUT bytes of BODY: its socket."""
    s = socket.create_connection(("127.0.0.1", port), 5)
    s.sendall(("POST %s HTTP/1.1\r\nHost: camera\r\nAuthorization: %s\r\n"
               "Content-Type: %s\r\nContent-Length: %d\r\n\r\n"
               % (target, auth, ctype, len(body))).encode() + body[:cut])
    return s


def upload(port, cgi, auth, image, query=""):
    ctype, body = multipart(image)
    return post(port, "/" + cgi + (("?" + query) if query else ""), auth, ctype, body)


def tree(*dirs):
    """What DIRS hold: {path: (kind, mode, sha256 or link target)}."""
    out = {}
    for top in dirs:
        for base, subdirs, files in os.walk(top):
            for n in subdirs + files:
                p = os.path.join(base, n)
                st = os.lstat(p)
                if os.path.islink(p):
                    out[p] = ("link", 0, os.readlink(p))
                elif os.path.isdir(p):
                    out[p] = ("dir", st.st_mode & 0o7777, "")
                else:
                    with open(p, "rb") as f:
                        out[p] = ("file", st.st_mode & 0o7777, hashlib.sha256(f.read()).hexdigest())
    return out

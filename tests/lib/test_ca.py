# SPDX-License-Identifier: GPL-2.0-or-later
"""A throwaway certificate authority for the TLS tests (openssl): a CA and
a server certificate it signs for 127.0.0.1 and localhost.  Nothing of it
outlives the test's directory; no key is kept in the repository."""
import os
import subprocess


def make_ca(work, name="ipcam test CA"):
    """Returns (ca_cert, server_cert, server_key) paths under WORK."""
    os.makedirs(work, exist_ok=True)
    ca_key, ca_crt = os.path.join(work, "ca.key"), os.path.join(work, "ca.pem")
    key, csr, crt = (os.path.join(work, n) for n in ("server.key", "server.csr", "server.pem"))
    ext = os.path.join(work, "server.ext")

    def run(*args):
        subprocess.run(["openssl"] + list(args), check=True, capture_output=True)

    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", ca_key, "-out", ca_crt, "-days", "2", "-subj", "/CN=" + name,
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key, "-out", csr, "-subj", "/CN=localhost")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key, "-CAcreateserial",
        "-out", crt, "-days", "2", "-extfile", ext)
    return ca_crt, crt, key

# SPDX-License-Identifier: GPL-2.0-or-later
"""Debian's vsftpd for the notification tests, on loopback, with a local
user of its own.  The user exists only in the calling process's mount
namespace: copies of /etc/passwd, /etc/group and /etc/shadow with the user
added are bind-mounted over the system's (the caller runs under
`unshare --mount`), so PAM logs it in as it would a real account and the
machine's own files never change.  Files land in the user's home, where
the account is chrooted."""
import os
import shutil
import subprocess
import time

from ipcamd_test import free_port

UID = 4242


def add_local_user(work, user, pwd):
    """The user (home WORK/home, shell /bin/sh) in bind-mounted copies of
    the account files.  Needs a private mount namespace.  Returns the home."""
    home = os.path.join(work, "home")
    os.makedirs(home, exist_ok=True)
    os.chown(home, UID, UID)
    crypted = subprocess.run(["openssl", "passwd", "-6", "-stdin"], input=pwd, text=True,
                             capture_output=True, check=True).stdout.strip()
    lines = {
        "passwd": "%s:x:%d:%d:ipcam test:%s:/bin/sh\n" % (user, UID, UID, home),
        "group": "%s:x:%d:\n" % (user, UID),
        "shadow": "%s:%s:19000:0:99999:7:::\n" % (user, crypted),
    }
    for name, line in lines.items():
        copy = os.path.join(work, name)
        shutil.copyfile("/etc/" + name, copy)
        with open(copy, "a") as f:
            f.write(line)
        os.chmod(copy, 0o640 if name == "shadow" else 0o644)
        subprocess.run(["mount", "--bind", copy, "/etc/" + name], check=True)
    return home


class FtpServer:
    """vsftpd on 127.0.0.1:PORT for USER (added with add_local_user)."""

    def __init__(self, work, home, port=None):
        self.port = port or free_port()
        self.home = home
        self.log = os.path.join(work, "vsftpd.log")
        empty = os.path.join(work, "empty")
        os.makedirs(empty, exist_ok=True)
        conf = os.path.join(work, "vsftpd.conf")
        with open(conf, "w") as f:
            f.write("\n".join([
                "listen=YES", "listen_ipv6=NO", "listen_address=127.0.0.1",
                "listen_port=%d" % self.port, "background=NO",
                "anonymous_enable=NO", "local_enable=YES", "write_enable=YES",
                "local_umask=022", "chroot_local_user=YES", "allow_writeable_chroot=YES",
                "secure_chroot_dir=" + empty, "pam_service_name=vsftpd",
                "pasv_enable=YES", "pasv_address=127.0.0.1",
                "pasv_min_port=%d" % (self.port + 1), "pasv_max_port=%d" % (self.port + 40),
                "port_enable=YES", "connect_from_port_20=NO",
                "seccomp_sandbox=NO", "delay_failed_login=0", "isolate=NO", "isolate_network=NO",
                "xferlog_enable=YES", "xferlog_std_format=NO", "log_ftp_protocol=YES",
                "vsftpd_log_file=" + self.log, "utf8_filesystem=YES", ""]))
        self.proc = subprocess.Popen(["vsftpd", conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        time.sleep(0.3)

    def files(self, sub=""):
        d = os.path.join(self.home, sub)
        return sorted(os.listdir(d)) if os.path.isdir(d) else []

    def read(self, path):
        with open(os.path.join(self.home, path), "rb") as f:
            return f.read()

    def commands(self):
        """The FTP commands the server saw (its protocol log)."""
        try:
            with open(self.log, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self):
        self.proc.terminate()
        self.proc.wait(5)

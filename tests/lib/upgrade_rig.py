# SPDX-License-Identifier: GPL-2.0-or-later
"""A camera for the upgrade tests (daemon/tests/upgrade.py on the host,
tests/daemon-board/upgrade.py in the board): ipcamd started by
ipcamd-boot, the firmware root staged from the build, signing keys made
on the spot, and the images built from them."""
import os
import shutil
import time

from ipcamd_test import ADMIN_PWD, Daemon, basic, get_vars, request
import upgrade_images as ui

AUTH = basic("admin", ADMIN_PWD)
# the versions of this tree (daemon/src/version.h)
FACTORY = "0.1.0.0"
# what this tree's firmware needs of the module: IPCAM_PTZ_API_VERSION,
# V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING (make image says the same)
PTZ_API = 2
V4L2_CAPS = "0x04000001"


class Rig:
    """The images, and one camera (ipcamd-boot + ipcamd) in WORK/cam."""

    def __init__(self, ipcamd, work, test_pattern):
        """TEST_PATTERN: the host's synthetic picture, no camera module."""
        self.work, self.test_pattern = work, test_pattern
        self.ipcamd = os.path.abspath(ipcamd)
        self.boot_bin = os.path.join(os.path.dirname(self.ipcamd), "ipcamd-boot")
        build = os.path.dirname(os.path.dirname(self.ipcamd))
        self.keys = os.path.join(work, "keys")
        os.makedirs(self.keys)
        pub, self.key = ui.make_key(work, "trusted")
        shutil.copy(pub, self.keys)
        _, self.other_key = ui.make_key(work, "untrusted")
        self.fwroot = os.path.join(work, "fwroot")
        ui.stage_firmware(build, self.fwroot)
        self.www = os.path.join(ui.TOP, "daemon", "www")
        self.fw_dir = os.path.join(work, "cam", "firmware")
        self.cam = None
        self.port = None

    def image(self, kind, version, key=None, root=None, name=None, ptz_api=PTZ_API,
              caps=V4L2_CAPS):
        root = root or (self.fwroot if kind == "firmware" else
                        os.path.join(self.fwroot, "share", "ipcamd", "www"))
        out = os.path.join(self.work, name or "%s-%s.img" % (kind, version))
        if kind != "firmware":
            ptz_api = caps = None
        return ui.build_image(kind, version, key or self.key, root, out, ptz_api=ptz_api,
                              caps=caps)

    def script_firmware(self, version, script):
        """A firmware whose sbin/ipcamd is SCRIPT (one that fails)."""
        root = os.path.join(self.work, "root-" + version)
        shutil.copytree(self.fwroot, root)
        with open(os.path.join(root, "sbin", "ipcamd"), "w") as f:
            f.write("#!/bin/sh\n" + script + "\n")
        return self.image("firmware", version, root=root)

    def start(self, env=None, extra=(), health=5, probation=1, wait=True):
        self.cam = Daemon(self.ipcamd, self.work, "cam", test_pattern=self.test_pattern,
                          web_root=self.www, port=self.port, env=env,
                          extra=["upgrade_keys = " + self.keys, "login_lockout = 0",
                                 "upgrade_max_size = 2000000",
                                 "connection_timeout = 3"] + list(extra),
                          boot=[self.boot_bin, "-d", self.fw_dir, "-F", self.ipcamd,
                                "-t", str(health), "-P", str(probation)])
        self.port = self.cam.port
        if wait:
            self.wait_serving()

    def stop(self):
        self.cam.stop()

    def kill(self):
        """A power cut: ipcamd-boot and the daemon die at once."""
        if self.cam.alive():
            self.cam.proc.kill()
        self.cam.proc.wait()
        self.cam.log.close()
        self.wait_down()

    def wait_down(self, timeout=10):
        """Until nothing answers on the port (the daemon, killed with
        ipcamd-boot by its parent-death signal, has gone)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end and request(self.port, "/get_status.cgi",
                                                 timeout=0.3)[0] is not None:
            time.sleep(0.05)

    def await_failpoint(self):
        """ipcamd-boot or the daemon kills itself at its failure point;
        whatever is left is cut off too."""
        end = time.monotonic() + 20
        while self.cam.alive() and time.monotonic() < end:
            time.sleep(0.1)
        self.kill()

    def daemon_pid(self):
        pid = self.cam.proc.pid
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return int(f.read().split()[0])

    def daemon_fds(self):
        """Open descriptors of the daemon ipcamd-boot runs."""
        return len(os.listdir("/proc/%d/fd" % self.daemon_pid()))

    def daemon_fd_names(self):
        d = "/proc/%d/fd" % self.daemon_pid()
        return " ".join(sorted(os.readlink(os.path.join(d, n)) for n in os.listdir(d)))

    def status(self):
        return get_vars(self.port, "/get_status.cgi", None, timeout=2)

    def wait_serving(self, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if request(self.port, "/get_status.cgi", timeout=0.5)[0] == 200:
                return True
            time.sleep(0.1)
        return False

    def wait_status(self, pred, timeout=20):
        """The camera's get_status once PRED holds of it, or the last one."""
        end = time.monotonic() + timeout
        st = {}
        while time.monotonic() < end:
            st = self.status()
            if st and pred(st):
                return st
            time.sleep(0.2)
        return st

    def params(self):
        p = get_vars(self.port, "/get_params.cgi", AUTH)
        for k in ("now", "sys_ver", "app_ver"):
            p.pop(k, None)
        return p

    def disk(self):
        return ui.tree(self.fw_dir, os.path.join(self.cam.dir, "state"))

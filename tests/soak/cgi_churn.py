#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The soak's CGI load: every get and set CGI of the SDK, PTZ moves, presets
and patrols, over and over for SECONDS, each write read back.

  cgi_churn.py PORT ADMIN_PWD SECONDS [PAUSE]

Every request must answer 200, and every value a set CGI wrote must read
back from get_params.cgi, get_misc.cgi, get_forbidden.cgi or
get_camera_params.cgi.  Not sent:
reboot.cgi and restore_factory.cgi (they end the run), and a port change.
Prints PASS:/FAIL: lines (tests/run-all.sh counts them) and exits 1 on a
failure."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from ipcamd_test import Checks, basic, parse_vars, request  # noqa: E402

DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
def writes(i, port, pwd):
    """Round I's set requests: (target, {read-back key: value}).  The
    values change every round, so a stale read-back cannot pass."""
    n = i % 7
    return [
        ("/set_alias.cgi?alias=Soak%d" % i, {"alias": "Soak%d" % i}),
        ("/set_datetime.cgi?tz=%d&ntp_enable=0&ntp_svr=pool.ntp.org" % (3600 * (n - 3)),
         {"tz": str(3600 * (n - 3))}),
        ("/set_users.cgi?user1=admin&pwd1=%s&pri1=2&user2=viewer%d&pwd2=Vw-%d&pri2=0" % (pwd, n, n)
         + "".join("&user%d=&pwd%d=&pri%d=0" % (k, k, k) for k in range(3, 9)),
         {"user2_name": "viewer%d" % n}),
        ("/set_devices.cgi?dev2_alias=Yard%d&dev2_host=192.168.1.%d&dev2_port=80" % (n, 20 + n),
         {"dev2_alias": "Yard%d" % n, "dev2_host": "192.168.1.%d" % (20 + n)}),
        ("/set_network.cgi?ip=&mask=&gateway=&dns=&port=%d" % port, {"port": str(port)}),
        ("/set_wifi.cgi?enable=0&ssid=soak%d&encrypt=0&defkey=0&key1=&key2=&key3=&key4="
         "&authtype=0&keyformat=0&key1_bits=0&key2_bits=0&key3_bits=0&key4_bits=0"
         "&channel=%d&mode=0&wpa_psk=" % (n, n + 1), {"wifi_ssid": "soak%d" % n}),
        ("/set_pppoe.cgi?enable=0&user=dsl%d&pwd=secret" % n, {"pppoe_user": "dsl%d" % n}),
        ("/set_upnp.cgi?enable=%d" % (n % 2), {"upnp_enable": str(n % 2)}),
        ("/set_ddns.cgi?service=2&user=u%d&pwd=p&host=cam%d.example.net&proxy_svr=&proxy_port=0"
         % (n, n), {"ddns_user": "u%d" % n, "ddns_host": "cam%d.example.net" % n}),
        ("/set_ftp.cgi?svr=127.0.0.1&port=21&user=f%d&pwd=p&dir=/&mode=%d" % (n, n % 2),
         {"ftp_user": "f%d" % n, "ftp_mode": str(n % 2)}),
        ("/set_mail.cgi?svr=127.0.0.1&port=25&user=m%d&pwd=p&sender=c@example.net"
         "&receiver1=r%d@example.net&receiver2=&receiver3=&receiver4=&mail_inet_ip=0" % (n, n),
         {"mail_user": "m%d" % n, "mail_receiver1": "r%d@example.net" % n}),
        ("/set_alarm.cgi?motion_armed=0&motion_sensitivity=%d" % (n % 4),
         {"alarm_motion_sensitivity": str(n % 4)}),
        # the forbidden schedule stays off: the viewers must keep streaming
        ("/set_forbidden.cgi?schedule_enable=0" + "".join(
            "&schedule_%s_%d=%d" % (d, k, n) for d in DAYS for k in range(3)),
         {"schedule_sun_0": str(n)}),
        ("/set_misc.cgi?led_mode=%d&ptz_patrol_rate=%d" % (n % 3, 5 + n),
         {"led_mode": str(n % 3), "ptz_patrol_rate": str(5 + n)}),
        ("/set_decoder.cgi?baud=%d" % (12 if n % 2 else 15), {}),
        ("/camera_control.cgi?param=1&value=%d" % (100 + 10 * n), {"brightness": str(100 + 10 * n)}),
        ("/camera_control.cgi?param=2&value=%d" % (2 + n % 3), {"contrast": str(2 + n % 3)}),
    ]


# The head's moves: a step each way, a move and stop, presets, patrols.
PTZ = ["command=0&onestep=1", "command=2&onestep=1", "command=4&onestep=1",
       "command=6&onestep=1", "command=90", "command=1", "command=30", "command=6",
       "command=1", "command=31", "command=28", "command=1", "command=26", "command=1",
       "command=25", "command=94", "command=95"]
READS = ["/get_status.cgi", "/get_params.cgi", "/get_misc.cgi", "/get_forbidden.cgi",
         "/get_camera_params.cgi", "/check_user.cgi", "/snapshot.cgi?resolution=8"]


def main():
    port, pwd, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    pause = float(sys.argv[4]) if len(sys.argv) > 4 else 0.1
    auth = basic("admin", pwd)
    c = Checks()
    sent = 0
    errors = []
    stale = []
    end = time.monotonic() + seconds
    i = 0

    def get(target):
        nonlocal sent
        sent += 1
        status, body = request(port, target, auth, timeout=30.0)
        if status != 200:
            errors.append("%s: %s" % (target, status))
        time.sleep(pause)
        return body

    while time.monotonic() < end:
        for target, want in writes(i, port, pwd):
            get(target)
            if not want:
                continue
            got = {}
            for page in ("/get_params.cgi", "/get_misc.cgi", "/get_forbidden.cgi",
                         "/get_camera_params.cgi"):
                got.update(parse_vars(get(page)))
            for k, v in want.items():
                if got.get(k) != v:
                    stale.append("%s: %s=%r, wanted %r" % (target.split("?")[0], k, got.get(k), v))
            if time.monotonic() >= end:
                break
        for q in PTZ:
            get("/decoder_control.cgi?" + q)
        for target in READS:
            get(target)
        i += 1

    print("cgi churn: %d requests in %d rounds" % (sent, i))
    c.check("cgi churn: every one of %d requests answered 200" % sent, not errors,
            "; ".join(errors[:5]))
    c.check("cgi churn: every write read back (%d rounds)" % i, not stale, "; ".join(stale[:5]))
    return c.summary()


if __name__ == "__main__":
    sys.exit(main())

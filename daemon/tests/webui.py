#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The web UI (daemon/www) in a real browser: Debian's headless Chromium
driven by Selenium, against ipcamd on the host with the test picture, in a
network namespace of its own (the settings it saves name servers; nothing
leaves loopback).

It logs in, watches the live picture play, saves every settings group
through its form and reads each value back through the group's get CGI,
shows markup in an alias and a user name as text, checks what a visitor
and an operator see and that the daemon refuses them the rest, and takes a
screenshot of every page at phone and desktop width (build/webui/host/),
failing any page where an element overflows the viewport or a control has
no label.  The maintenance page installs a signed web UI image (made here)
through its form, and shows the camera's error for a firmware without
ipcamd-boot.  The pad against a moving head: tests/daemon-board/webui.sh."""
import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "lib"))
from ipcamd_test import ADMIN_PWD, Checks, Daemon, basic, get_vars, in_namespace, request  # noqa: E402
from browser import DESKTOP, PHONE, Browser  # noqa: E402
import upgrade_images as ui  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
ADMIN = basic("admin", ADMIN_PWD)
# The daemon refuses < > " ' ; in values, so markup reaches a page only as
# character references without their semicolons, which HTML still
# decodes: rendered as HTML these would read "<b>cam" and "<i>ann".
ALIAS = "&ltb&gtcam"
VISITOR = ("&lti&gtann", "Vis1tor-pw")
OPERATOR = ("oper", "Op3rator-pw")

# (group, its get CGI, {set key: (printed name, value)}, schedule cells to
# click, {printed name: value those cells make}).  The servers are
# loopback addresses with no server behind them.
GROUPS = [
    ("alias", "get_params.cgi", {"alias": ("alias", ALIAS)}, [], {}),
    ("datetime", "get_params.cgi", {
        "tz": ("tz", "-7200"), "daylight_saving_time": ("daylight_saving_time", "1"),
        "ntp_enable": ("ntp_enable", "1"), "ntp_svr": ("ntp_svr", "127.0.0.1")}, [], {}),
    ("users", "get_params.cgi", {
        "user2": ("user2_name", VISITOR[0]), "pwd2": ("user2_pwd", VISITOR[1]),
        "pri2": ("user2_pri", "0"),
        "user3": ("user3_name", OPERATOR[0]), "pwd3": ("user3_pwd", OPERATOR[1]),
        "pri3": ("user3_pri", "1")}, [], {}),
    ("network", "get_params.cgi", {
        "ip": ("ip", "192.168.77.50"), "mask": ("mask", "255.255.255.0"),
        "gateway": ("gateway", "192.168.77.1"), "dns": ("dns", "192.168.77.1")}, [], {}),
    ("wifi", "get_params.cgi", {
        "enable": ("wifi_enable", "1"), "ssid": ("wifi_ssid", "camnet"),
        "encrypt": ("wifi_encrypt", "4"), "wpa_psk": ("wifi_wpa_psk", "passphrase-123"),
        "channel": ("wifi_channel", "11")}, [], {}),
    ("pppoe", "get_params.cgi", {
        "enable": ("pppoe_enable", "1"), "user": ("pppoe_user", "pppuser"),
        "pwd": ("pppoe_pwd", "ppp-pw")}, [], {}),
    ("upnp", "get_params.cgi", {"enable": ("upnp_enable", "1")}, [], {}),
    ("ddns", "get_params.cgi", {
        "service": ("ddns_service", "2"), "user": ("ddns_user", "dd"),
        "pwd": ("ddns_pwd", "dd-pw"), "host": ("ddns_host", "cam.example.net")}, [], {}),
    ("mail", "get_params.cgi", {
        "svr": ("mail_svr", "127.0.0.1"), "port": ("mail_port", "2525"),
        "tls": ("mail_tls", "2"), "user": ("mail_user", "mailer"),
        "pwd": ("mail_pwd", "mail-pw"), "sender": ("mail_sender", "cam@example.net"),
        "receiver1": ("mail_receiver1", "me@example.net")}, [], {}),
    ("ftp", "get_params.cgi", {
        "svr": ("ftp_svr", "127.0.0.1"), "port": ("ftp_port", "2121"),
        "user": ("ftp_user", "ftpu"), "pwd": ("ftp_pwd", "ftp-pw"), "dir": ("ftp_dir", "/cam"),
        "mode": ("ftp_mode", "1"), "filename": ("ftp_filename", "cam"),
        "numberoffiles": ("ftp_numberoffiles", "3"),
        "schedule_enable": ("ftp_schedule_enable", "1")},
     ["Monday 08:00", "Monday 08:15"], {"ftp_schedule_mon_1": "3"}),
    ("alarm", "get_params.cgi", {
        "motion_armed": ("alarm_motion_armed", "1"),
        "motion_sensitivity": ("alarm_motion_sensitivity", "2"),
        "iolinkage": ("alarm_iolinkage", "1"), "preset": ("alarm_preset", "3"),
        "http_url": ("alarm_http_url", "http://127.0.0.1:9/hook"),
        "schedule_enable": ("alarm_schedule_enable", "1")},
     ["Friday 23:45"], {"alarm_schedule_fri_2": "2147483648"}),
    ("forbidden", "get_forbidden.cgi", {"schedule_enable": ("schedule_enable", "0")},
     ["Saturday 12:00", "Saturday 12:30"], {"schedule_sat_1": str((1 << 16) | (1 << 18))}),
    ("misc", "get_misc.cgi", {
        "led_mode": ("led_mode", "2"), "ptz_center_onstart": ("ptz_center_onstart", "0"),
        "ptz_patrol_rate": ("ptz_patrol_rate", "20"),
        "ptz_preset_onstart": ("ptz_preset_onstart", "4")}, [], {}),
    ("devices", "get_params.cgi", {
        "dev2_alias": ("dev2_alias", "garden"), "dev2_host": ("dev2_host", "127.0.0.1"),
        "dev2_port": ("dev2_port", "8081"), "dev2_user": ("dev2_user", "cam2"),
        "dev2_pwd": ("dev2_pwd", "c2-pw")}, [], {}),
    ("serial", "get_params.cgi", {"baud": ("decoder_baud", "4098")}, [], {}),
]


def fill(b, gid, fields, cells):
    for key, (_, value) in fields.items():
        el = b.one("#f-%s-%s" % (gid, key))
        if el.tag_name == "select":
            Select(el).select_by_value(value)
        else:
            el.clear()
            el.send_keys(value)
    for label in cells:
        b.one('table.week input[aria-label="%s"]' % label).click()


def save(b):
    b.one("#save").click()
    return b.wait(lambda: b.message() not in ("", "Saving\u2026") and b.message())


def open_group(b, gid):
    b.open("settings.htm#" + gid)
    return b.wait(lambda: b.js("return document.getElementById('group-form').dataset.loaded")
                  == gid)


def settings_suite(ck, b, port):
    for gid, get, fields, cells, masks in GROUPS:
        if not open_group(b, gid):
            ck.check("%s: the form is filled from the camera" % gid, False)
            continue
        if gid == "network" and b.one("#f-dhcp").is_selected():
            b.one("#f-dhcp").click()
        fill(b, gid, fields, cells)
        answer = save(b)
        v = get_vars(port, "/" + get, ADMIN)
        want = {param: value for param, value in fields.values()}
        want.update(masks)
        wrong = {k: (v.get(k), w) for k, w in want.items() if v.get(k) != w}
        ck.check("%s: saved (%s) and every value reads back through %s" % (gid, answer, get),
                 answer == "Saved." and not wrong, "read, wanted: %r" % wrong)

    # the grid from the keyboard: one tab stop, arrows move, Space toggles
    open_group(b, "forbidden")
    first = b.one('table.week input[aria-label="Sunday 00:00"]')
    first.send_keys(Keys.SPACE)
    b.d.switch_to.active_element.send_keys(Keys.ARROW_RIGHT, Keys.ARROW_DOWN, Keys.SPACE)
    answer = save(b)
    v = get_vars(port, "/get_forbidden.cgi", ADMIN)
    # Sunday 00:00 (bit 0) and, one right and one down, Sunday 01:15 (bit 5)
    ck.check("schedule grid from the keyboard: Space and the arrows set Sunday 00:00 and 01:15",
             answer == "Saved." and v.get("schedule_sun_0") == str(1 | 1 << 5),
             "%s, schedule_sun_0=%s" % (answer, v.get("schedule_sun_0")))

    # DHCP: the address fields go blank
    open_group(b, "network")
    b.one("#f-dhcp").click()
    answer = save(b)
    v = get_vars(port, "/get_params.cgi", ADMIN)
    ck.check("network: DHCP saved, the static address is gone",
             answer == "Saved." and v.get("ip") in ("", "0.0.0.0") and
             b.one("#f-network-ip").get_attribute("disabled") is not None,
             "%s, ip=%s" % (answer, v.get("ip")))

    # bad values: the camera's error on the page, nothing changed
    for gid, key, bad, param, kept in (
            ("alias", "alias", "<b>x</b>", "alias", ALIAS),
            ("mail", "sender", "not-an-address", "mail_sender", "cam@example.net")):
        open_group(b, gid)
        fill(b, gid, {key: (None, bad)}, [])
        answer = save(b)
        v = get_vars(port, "/get_params.cgi", ADMIN)
        ck.check("%s: %r is refused, the page shows the camera's error (%s), nothing changed"
                 % (gid, bad, answer),
                 answer == "error: illegal params." and v.get(param) == kept,
                 "%s=%s" % (param, v.get(param)))

    # the test button: no server at 127.0.0.1:2525, the camera says why
    open_group(b, "mail")
    b.one("#test").click()
    answer = b.wait(lambda: not b.message().startswith("Testing") and b.message(), 40)
    ck.check("mail: the test button shows the camera's answer (%s)" % answer,
             bool(answer) and answer.startswith("error:"))

    # this computer's time: the browser runs at UTC+3
    open_group(b, "datetime")
    b.one("#take-time").click()
    answer = b.wait(lambda: b.message().startswith("The camera has") and b.message())
    v = get_vars(port, "/get_params.cgi", ADMIN)
    ck.check("date and time: \u201ctake this computer\u2019s time\u201d sends its zone "
             "(tz=%s)" % v.get("tz"), bool(answer) and v.get("tz") == "-10800")


def live_suite(ck, b):
    b.open("index.htm")
    w = b.wait(lambda: b.js("return document.getElementById('view').naturalWidth"))
    ck.check("live: the picture is 640 wide (%s)" % w, w == 640)
    first = b.signature()
    time.sleep(1.5)
    second = b.signature()
    diff = sum(abs(x - y) for x, y in zip(first or [], second or [])) / 768.0
    ck.check("live: the picture plays (mean change %.1f grey levels in 1.5 s)" % diff,
             first is not None and diff > 0.5)
    Select(b.one("#view-size")).select_by_value("8")
    w = b.wait(lambda: b.js("return document.getElementById('view').naturalWidth") == 320)
    ck.check("live: the view size choice gives a 320-wide stream", bool(w))
    href = b.one("#snapshot").get_attribute("href")
    ck.check("live: the snapshot button fetches snapshot.cgi", "snapshot.cgi" in href, href)
    # no camera on the host: the page shows the camera's answer
    state = b.text("#camera-state")
    ck.check("live: without a camera the controls say so (%s)" % state,
             state == "error: camera unavailable." and
             not b.one("#cam-brightness").is_enabled())
    b.one("#centre").click()
    err = b.wait(lambda: b.message().startswith("error:") and b.message())
    ck.check("live: a PTZ command without a head shows the camera's error (%s)" % err,
             err in ("error: camera unavailable.", "error: ptz unavailable."))


def markup_suite(ck, b):
    b.open("index.htm")
    h1 = b.js("const h = document.getElementById('alias'); return [h.textContent, h.children.length]")
    ck.check("an alias with markup is shown as text", h1 == [ALIAS, 0], repr(h1))
    b.open("status.htm")
    b.wait(lambda: b.find("#status-rows td"))
    cell = b.js("return document.querySelector('#status-rows td').textContent")
    ck.check("status: the alias is text there too", cell == ALIAS, repr(cell))


def level_suite(ck, port):
    v = Browser("127.0.0.1", port, *VISITOR)
    try:
        who = v.text("#who")
        ck.check("visitor: logs in, the user name with markup shown as text (%s)" % who,
                 who == VISITOR[0] + " (visitor)" and
                 v.js("return document.getElementById('who').children.length") == 0)
        ck.check("visitor: the live page has the picture and no pad, camera or admin links",
                 v.find("#view") and not v.find("#ptz") and not v.find("#camera") and
                 not v.find('a[href="settings.htm"]') and not v.find('a[href="system.htm"]'))
        v.open("settings.htm")
        ck.check("visitor: the settings page has no form fields",
                 not v.find("#group-form input") and "administrators" in v.message())
        v.open("system.htm")
        ck.check("visitor: the system page has no upgrade, reboot or reset",
                 not v.find("form.upgrade") and not v.find("#reboot") and not v.find("#factory"))
    finally:
        v.quit()
    auth = basic(*VISITOR)
    for target in ("/set_alias.cgi?alias=x", "/decoder_control.cgi?command=25",
                   "/get_params.cgi", "/reboot.cgi", "/restore_factory.cgi"):
        status, _ = request(port, target, auth)
        ck.check("visitor: the daemon refuses %s (%s)" % (target, status), status == 401)
    alias = get_vars(port, "/get_params.cgi", ADMIN).get("alias")
    ck.check("visitor: nothing changed", alias == ALIAS, alias)

    o = Browser("127.0.0.1", port, *OPERATOR)
    try:
        ck.check("operator: the pad and the camera controls, no settings link",
                 o.find("#pad") and o.find("#camera") and not o.find('a[href="settings.htm"]'))
    finally:
        o.quit()


def pages():
    return ["index.htm", "status.htm", "system.htm"] + \
        ["settings.htm#" + g[0] for g in GROUPS]


def layout_suite(ck, b, outdir):
    for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        b.size(size)
        for p in pages():
            if p.startswith("settings.htm#"):
                open_group(b, p.split("#")[1])
            else:
                b.open(p)
            problems = b.layout_problems()
            shot = os.path.join(outdir, "%s-%s.png" % (p.replace(".htm", "").replace("#", "-"),
                                                        name))
            b.shot(shot)
            ck.check("%s at %s width %d: nothing overflows, every control has a label" %
                     (p, name, size[0]), not problems, "; ".join(problems[:5]))


def upgrade_forms(ck, b, d, webui_image):
    """The maintenance page's upgrade forms: a web UI image goes in and is
    served; a firmware without ipcamd-boot gets the camera's error."""
    b.open("system.htm")
    b.one("#htmls-file").send_keys(webui_image)
    b.one('form[action="upgrade_htmls.cgi"] button').click()
    said = b.wait(lambda: b.message().startswith("Web UI installed") and b.message())
    st, page = request(d.port, "/upgrade-marker.htm", ADMIN)
    ck.check("system: a web UI image through the form is installed and served (%s)"
             % b.message(), bool(said) and st == 200 and b"web UI 0.2.0.0" in page)
    b.open("status.htm")
    row = b.wait(lambda: "web UI 0.2.0.0 installed" in b.text("#status-rows") and
                 b.text("#status-rows"))
    ck.check("status: the last upgrade is shown", bool(row), b.text("#status-rows")[-200:])
    b.open("system.htm")
    b.one("#firmware-file").send_keys(webui_image)
    b.one('form[action="upgrade_firmware.cgi"] button').click()
    said = b.wait(lambda: b.message().startswith("error:") and b.message())
    ck.check("system: a firmware upgrade without ipcamd-boot shows the camera's error (%s)"
             % b.message(), said == "error: firmware upgrades need ipcamd-boot.")


def system_suite(ck, b, d):
    b.open("system.htm")
    b.one("#reboot").click()
    shown = b.one("#reboot-confirm").is_displayed()
    b.one("#reboot-confirm .no").click()
    ck.check("system: reboot asks first, and Cancel does nothing",
             shown and not b.one("#reboot-confirm").is_displayed() and d.alive())
    b.one("#factory").click()
    b.one("#factory-confirm .yes").click()
    said = b.wait(lambda: b.message().startswith("The camera is back") and b.message())
    back = b.wait(lambda: get_vars(d.port, "/get_params.cgi", ADMIN).get("alias") == "", 30)
    ck.check("system: the confirmed factory reset answers and the settings are the factory's",
             bool(said) and bool(back), b.message())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipcamd", default=os.path.join(TOP, "build", "daemon", "ipcamd"))
    ap.add_argument("--shots", default=os.path.join(TOP, "build", "webui", "host"))
    args = ap.parse_args()
    rc = in_namespace("WEBUI_NS")
    if rc is not None:
        return rc
    ck = Checks()
    with tempfile.TemporaryDirectory() as work:
        keys = os.path.join(work, "keys")
        os.makedirs(keys)
        pub, key = ui.make_key(work, "webui")
        shutil.copy(pub, keys)
        root = os.path.join(work, "webui-root")
        shutil.copytree(os.path.join(TOP, "daemon", "www"), root)
        with open(os.path.join(root, "upgrade-marker.htm"), "w") as f:
            f.write("<html>web UI 0.2.0.0</html>\n")
        image = os.path.join(work, "webui.img")
        ui.build_image("webui", "0.2.0.0", key, root, image)
        d = Daemon(args.ipcamd, work, "webui", test_pattern=True,
                   web_root=os.path.join(TOP, "daemon", "www"),
                   extra=["upgrade_keys = " + keys])
        status, _ = request(d.port, "/index.htm")
        ck.check("the pages need a login (%s)" % status, status == 401)
        b = Browser("127.0.0.1", d.port, "admin", ADMIN_PWD)
        try:
            ck.check("admin: logs in (%s)" % b.text("#who"), b.text("#who") == "admin (administrator)")
            live_suite(ck, b)
            settings_suite(ck, b, d.port)
            markup_suite(ck, b)
            level_suite(ck, d.port)
            layout_suite(ck, b, args.shots)
            upgrade_forms(ck, b, d, image)
            system_suite(ck, b, d)
        finally:
            b.quit()
        ck.stop(d, "webui")
    return ck.summary()


if __name__ == "__main__":
    sys.exit(main())

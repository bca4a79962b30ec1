#!/bin/bash
# The camera as an installed system: `make install` into a staging tree,
# copied into the board's root on its first boot (install.sh), then systemd
# as init, two cameras the ACPI tables describe, and nothing else started
# by hand.  Checked from the host through QEMU's forwarded ports, and inside
# the board through the test agent (agent.sh):
#
#   - the module loads from the firmware description with no parameter,
#     makes no virtual camera, and udev starts ipcamd@PRP0001:00 and
#     ipcamd@PRP0001:01, each on its camera, state directory and port;
#   - set_network.cgi to a static address on the second NIC: the address
#     answers through QEMU's forwarding to it, a refused request changes
#     nothing, and DHCP comes back;
#   - a signed firmware image goes into the second camera through its
#     unit, is committed, and still runs after the reboot;
#   - reboot.cgi reboots the board for real and the camera comes back,
#     settings kept; restore_factory.cgi reboots it with factory settings.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib/assert.sh"
. "$top/tests/lib/systemd-lane.sh"
cd "$top" || exit 2

LANE_DEADLINE=${LANE_DEADLINE:-1500}
work=$top/build/systemd-board
lane_prepare "$work" || { fail "make install into the board's staging tree"; finish; }
lane_boot "$work"
trap 'lane_stop' EXIT

cam0=PRP0001:00 cam1=PRP0001:01
t0=$SECONDS
check "the camera answers on port 80 after the first boot (install included)" \
	lane_wait_http "$P80" 900
echo "    first boot to the CGI: $((SECONDS - t0)) s"
check "the second camera answers on its port 81" lane_wait_http "$P81" 120
check "the test agent runs" lane_wait_agent 60

# --- installed, and started by udev and systemd alone ---
check_eq "ipcamd@$cam0 and ipcamd@$cam1 active" "active active" \
	"$(guest "systemctl is-active ipcamd@$cam0.service ipcamd@$cam1.service" | xargs)"
guest "systemctl status --no-pager --lines=0 ipcamd@$cam0.service" | sed 's/^/    /'
check_eq "module loaded by udev with no parameter: devices" 0 \
	"$(guest 'cat /sys/module/ipcam/parameters/devices')"
check_eq "no virtual camera" "" "$(guest 'ls -d /sys/bus/platform/devices/ipcam.* 2>/dev/null')"
check_eq "ipcam bound both firmware devices" "ipcam ipcam" \
	"$(guest "basename \$(readlink /sys/bus/platform/devices/$cam0/driver); basename \$(readlink /sys/bus/platform/devices/$cam1/driver)" | xargs)"
check "each head as its ACPI table describes it (2048 and 4096 steps per turn)" \
	guest "journalctl -b -u ipcamd@$cam0.service | grep -q '2048/2048 steps' && journalctl -b -u ipcamd@$cam1.service | grep -q '4096/4096 steps'"
check "udev named both cameras' nodes" \
	guest "test -c /dev/ipcam/$cam0/video -a -c /dev/ipcam/$cam1/video -a -c /dev/ipcam/$cam1/ptz"
check "each daemon has its own state directory" \
	guest "test -s /var/lib/ipcamd/$cam0/settings -o -s /var/lib/ipcamd/$cam0/factory-password; test -s /var/lib/ipcamd/$cam1/factory-password"
check_eq "two daemons, as the dynamic users of their units" 2 "$(guest 'pgrep -cx ipcamd')"
check "ipcamd-apply.socket listens, for the ipcamd-apply group" \
	guest "test \"\$(stat -c %G:%a /run/ipcamd-apply.sock)\" = ipcamd-apply:660"

pw0=$(guest "cat /var/lib/ipcamd/$cam0/factory-password")
pw1=$(guest "cat /var/lib/ipcamd/$cam1/factory-password")
check "each camera made its own factory password" test -n "$pw0" -a -n "$pw1"
c0() { curl -s -m 20 -u "admin:$pw0" "http://127.0.0.1:$P80/$1"; }
c1() { curl -s -m 20 -u "admin:$pw1" "http://127.0.0.1:$P81/$1"; }
# is_jpeg PORT PASSWORD: that camera's snapshot.cgi gives a JPEG.
is_jpeg() {
	curl -s -m 20 -u "admin:$2" "http://127.0.0.1:$1/snapshot.cgi" | head -c 2 | od -An -tx1 |
		grep -q 'ff d8'
}
# reboot_by CGI: camera 0's CGI answers ok., the board goes down, boots
# again (a new boot id) and camera 0 answers within 300 s.
reboot_by() {
	local boots t0=$SECONDS
	boots=$(lane_boots)
	check_eq "$1" "ok." "$(c0 "$1" | tr -d '\r\n')"
	check "$1: the board goes down" lane_wait_down "$P80" 120
	check "$1: back, answering on port 80 within 300 s" lane_wait_http "$P80" 300
	echo "    $1 to the CGI again: $((SECONDS - t0)) s"
	check "$1: it was a reboot (a new boot id)" lane_wait_boots $((boots + 1)) 60
	guest "systemd-analyze" | sed 's/^/    /'
}

# Each daemon drives its own camera: brightness through port 81 reaches
# the second head's V4L2 control only.
b0=$(guest "v4l2-ctl -d /dev/ipcam/$cam0/video -C brightness")
check_eq "camera_control.cgi on port 81" "ok." "$(c1 'camera_control.cgi?param=1&value=200' | tr -d '\r\n')"
check "it reached $cam1's sensor" \
	guest "v4l2-ctl -d /dev/ipcam/$cam1/video -C brightness | grep -qv ': 128$'"
check_eq "and not $cam0's" "$b0" "$(guest "v4l2-ctl -d /dev/ipcam/$cam0/video -C brightness")"
check "snapshot.cgi of camera 0 is a JPEG" is_jpeg "$P80" "$pw0"
check "snapshot.cgi of camera 1 is a JPEG" is_jpeg "$P81" "$pw1"

# --- a signed firmware upgrade through the installed unit (camera 1) ---
up=$(curl -s -m 120 -u "admin:$pw1" -F "file=@$work/firmware.img" "http://127.0.0.1:$P81/upgrade_firmware.cgi" | tr -d '\r\n')
check_eq "upgrade_firmware.cgi on port 81 takes firmware 0.2.0.0" "ok." "$up"

# --- set_network.cgi on the second NIC (net1, QEMU net 10.0.3.0/24) ---
netfile=/etc/systemd/network/50-ipcamd-net1.network
check "before: nothing answers at 10.0.3.50" bash -c "! curl -s -m 3 -o /dev/null http://127.0.0.1:$PSTATIC/"
check_eq "set_network.cgi to 10.0.3.50/24" "ok." \
	"$(c0 'set_network.cgi?ip=10.0.3.50&mask=255.255.255.0&gateway=10.0.3.2&dns=10.0.3.3&port=80' | tr -d '\r\n')"
check "the camera answers at its new address 10.0.3.50" lane_wait_http "$PSTATIC" 60
guest "cat $netfile" | sed 's/^/    /'
check "networkd's file for net1: static address, gateway, DNS" \
	guest "grep -qx 'Address=10.0.3.50/24' $netfile && grep -qx 'Gateway=10.0.3.2' $netfile && grep -qx 'DNS=10.0.3.3' $netfile"
check "net1 has 10.0.3.50/24" guest "ip -4 -o addr show net1 | grep -q 'inet 10.0.3.50/24'"
check "port 80 on the first NIC still answers" lane_wait_http "$P80" 5

sum=$(guest "sha256sum $netfile")
bad=$(c0 'set_network.cgi?ip=10.0.3.500&mask=255.255.255.0&gateway=&dns=&port=80' | tr -d '\r\n')
check "a bad address is refused ($bad)" grep -q '^error' <<<"$bad"
bad=$(c0 'set_network.cgi?ip=10.0.3.60&mask=255.0.255.0&gateway=&dns=&port=80' | tr -d '\r\n')
check "a non-contiguous mask is refused ($bad)" grep -q '^error' <<<"$bad"
check_eq "networkd's file unchanged" "$sum" "$(guest "sha256sum $netfile")"
check "still at 10.0.3.50" lane_wait_http "$PSTATIC" 5

check_eq "set_network.cgi back to DHCP (no address)" "ok." \
	"$(c0 'set_network.cgi?ip=&mask=&gateway=&dns=&port=80' | tr -d '\r\n')"
check "the camera answers at QEMU's DHCP lease 10.0.3.15" lane_wait_http "$PDHCP" 90
check "networkd's file says DHCP" guest "grep -qx 'DHCP=ipv4' $netfile"
check "10.0.3.50 is gone" bash -c "! curl -s -m 3 -o /dev/null http://127.0.0.1:$PSTATIC/"

check "camera 1 restarted into 0.2.0.0 under its unit" \
	lane_wait_status "$P81" "admin:$pw1" "sys_ver='0.2.0.0'" 180
check "camera 1 on 0.2.0.0: upgrade_status 1 (committed)" \
	lane_wait_status "$P81" "admin:$pw1" "upgrade_status=1;" 120
check "camera 0 still runs its factory firmware" \
	bash -c "curl -s -m 10 -u admin:$pw0 http://127.0.0.1:$P80/get_status.cgi | grep -q \"sys_ver='0.1.0.0'\""

# --- reboot.cgi: a real reboot, settings kept ---
check_eq "set_alias.cgi" "ok." "$(c0 'set_alias.cgi?alias=lane-camera' | tr -d '\r\n')"
reboot_by reboot.cgi
check "the alias survived the reboot" grep -q "alias='lane-camera'" <<<"$(c0 get_status.cgi)"
check "the second camera's brightness survived" \
	grep -q "brightness=200;" <<<"$(c1 get_camera_params.cgi)"
check "camera 1 still runs firmware 0.2.0.0 after the reboot" \
	grep -q "sys_ver='0.2.0.0'" <<<"$(c1 get_status.cgi)"
check "and it gives a JPEG" is_jpeg "$P81" "$pw1"
check_eq "both daemons active again" "active active" \
	"$(guest "systemctl is-active ipcamd@$cam0.service ipcamd@$cam1.service" | xargs)"

# --- restore_factory.cgi: factory settings, after a reboot ---
reboot_by restore_factory.cgi
check "the alias is the factory one" bash -c "! grep -q \"alias='lane-camera'\" <<<\"\$(curl -s -m 20 -u admin:$pw0 http://127.0.0.1:$P80/get_status.cgi)\""
check "the factory password still logs in" grep -q "^var id=" <<<"$(c0 get_status.cgi)"
check "the other camera kept its settings" grep -q "brightness=200;" <<<"$(c1 get_camera_params.cgi)"

guest "journalctl -b -u 'ipcamd-apply@*' --no-pager -o cat" | tail -n 5 | sed 's/^/    apply: /'
lane_poweroff
check "the board powered off" lane_wait_exit 120
check_eq "kernel log clean over every boot" "" "$(lane_kernel_problems)"
finish

#!/bin/bash
# Board suite, booted with the SSDT of dts/acpi/ipcam-ssdt.asl: the camera
# probes from firmware (ACPI PRP0001 + _DSD, matched through the driver's
# of_match_table) with the properties the table gives, not from the module
# parameter; then the PTZ and V4L2 suites run on that camera.
. tests/lib/board-env.sh
bin=build/tests/board
fw=/sys/bus/platform/devices/PRP0001:00

# In a shared boot suites.sh keeps the device from the other suites' ipcam
# (driver_override "none"); this suite's ipcam may bind it, the next not.
echo 2>/dev/null >"$fw/driver_override"
trap 'echo none 2>/dev/null >"$fw/driver_override"' EXIT

check "the firmware describes the head" test -d /sys/bus/platform/devices/PRP0001:00
check "with compatible openipcam,pt-head" \
	grep -q 'openipcam,pt-head' /sys/bus/platform/devices/PRP0001:00/modalias
check "ipcam loads with devices=0" load_ipcam devices=0
check_eq "ipcam bound the firmware device" ipcam \
	"$(basename "$(readlink /sys/bus/platform/devices/PRP0001:00/driver)")"
check_eq "no virtual device was made" "" "$(ls -d /sys/bus/platform/devices/ipcam.* 2>/dev/null)"
node=$(ipcam_video_node 0)
check "video node of the firmware camera" test -c "$node"
check "/dev/ptz0 of the firmware camera" test -c /dev/ptz0

# The table's properties reach the driver: 2048 steps/rev, pan -1024..1024.
range=$(v4l2-ctl -d "$node" -l | awk '/pan_absolute/ { for (i = 1; i <= NF; i++) if ($i ~ /^(min|max)=/) printf "%s ", $i }')
check_eq "pan range from _DSD (-1024..1024 steps of 2048/rev)" "min=-648000 max=648000 " "$range"

# The table says the head has a microphone: its card hangs off that device.
check "the firmware's microphone: card ipcam0 under PRP0001:00" \
	bash -c 'grep -qx ipcam0 /sys/bus/platform/devices/PRP0001:00/sound/card*/id'

$bin/ptz-test /dev/ptz0 /sys/class/misc/ptz0 /sys/kernel/debug/PRP0001:00
check "ptz-test passes on the firmware camera" test $? -eq 0
v4l2-compliance -d "$node" -s >/tmp/c.log 2>&1
grep '^Total' /tmp/c.log | sed 's/^/    /'
check "v4l2-compliance -s: 0 failed, 0 warnings on the firmware camera" \
	grep -q 'Failed: 0, Warnings: 0' /tmp/c.log
check "rmmod" rmmod ipcam
finish

#!/bin/bash
# Board suite: the udev rules with systemd-udevd running.  Loading the
# module makes /dev/ipcam/<device>/{video,ptz} with group video and mode
# 0660 and asks systemd for ipcamd@<device>.service; unloading removes them.
. tests/lib/board-env.sh

cp udev/70-ipcam.rules /etc/udev/rules.d/
rm -f /run/udev/control
/lib/systemd/systemd-udevd --daemon
udevadm control --reload
check "ipcam loads" load_ipcam
udevadm settle -t 30
v=/dev/ipcam/ipcam.0/video p=/dev/ipcam/ipcam.0/ptz
check "$v links to the video node" test "$(readlink -f $v)" = "$(ipcam_video_node 0)"
check "$p links to /dev/ptz0" test "$(readlink -f $p)" = /dev/ptz0
check_eq "video node: group video, mode 0660" "video 660" "$(stat -L -c '%G %a' $v)"
check_eq "ptz node: group video, mode 0660" "video 660" "$(stat -L -c '%G %a' $p)"
check "udev asks systemd for ipcamd@ipcam.0.service" \
	bash -c "udevadm info -q property $v | grep -qx 'SYSTEMD_WANTS=ipcamd@ipcam.0.service'"
check "the video node is tagged for systemd" \
	bash -c "udevadm info -q property $v | grep -q '^TAGS=.*:systemd:'"
sysvid=/sys/class/video4linux/$(basename "$(ipcam_video_node 0)")
udevadm test "$sysvid" >/tmp/udevtest.log 2>&1
check "udevadm test: the rule file is read" grep -q "70-ipcam.rules" /tmp/udevtest.log
check "udevadm test: the symlink" grep -q "ipcam/ipcam.0/video" /tmp/udevtest.log
check "udevadm test: the service" grep -q "SYSTEMD_WANTS=ipcamd@ipcam.0.service" /tmp/udevtest.log
check "rmmod ipcam" rmmod ipcam
udevadm settle -t 30
check "symlinks removed with the device" bash -c "! test -e $v && ! test -e $p"
udevadm control --exit
finish

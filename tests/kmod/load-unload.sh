#!/bin/bash
# Board suite: the module loads, creates its nodes, and unloads cleanly.
. tests/lib/board-env.sh

check "ipcam loads" load_ipcam
node=$(ipcam_video_node 0)
check "video node of camera 0 exists" test -c "$node"
check "v4l2-ctl identifies the driver" \
	bash -c "v4l2-ctl -d $node -D | grep -q 'Driver name *: ipcam'"
check "bus_info is platform:" \
	bash -c "v4l2-ctl -d $node -D | grep -q 'Bus info *: platform:ipcam'"
check "ipcam unloads" rmmod ipcam
check "no video node left" bash -c '! ls /sys/class/video4linux/ 2>/dev/null | grep -q .'
check "ipcam loads with devices=2" load_ipcam devices=2
check_eq "two cameras" 2 "$(ls /sys/class/video4linux | wc -l)"
check "ipcam unloads again" rmmod ipcam
# A board's firmware describes its camera: no virtual one unless asked.
check "ipcam loads with no parameter" insmod "$IPCAM_KO"
check_eq "no parameter: no virtual camera" "" "$(ls -d /sys/bus/platform/devices/ipcam.* 2>/dev/null)"
check "ipcam unloads once more" rmmod ipcam
check "devices=9 is refused" bash -c "! insmod $IPCAM_KO devices=9"
finish

#!/bin/bash
# Board suite: libipcam against real cameras, inside the QEMU board.
#   1. this project's module: discovery with its PTZ node, capture in YUYV
#      and YUV420, JPEG, every SDK setting, every PTZ operation and event;
#   2. vivid, a camera without PTZ and with other control ranges;
#   3. ipcam unbound while streaming: the next dequeue fails with -ENODEV,
#      nothing crashes, the hotplug monitor reports it; bound again, the
#      monitor reports it back and it streams.
# ipcam-libtest prints a PASS:/FAIL: line per check; each run below is also
# one check, so a crash without a FAIL: line still counts as a failure.
#
#   tests/board/board.sh test tests/lib-board/libtest.sh     (after make tests)
. tests/lib/board-env.sh

bin=build/tests/board/ipcam-libtest
# No udevd on the board: hotplug events come straight from the kernel.
hotplug=(--hotplug-source kernel)

# vivid's capture node name ("vivid-000-vid-cap").
vivid_name() {
	local d
	for d in /sys/class/video4linux/video*; do
		case "$(cat "$d/name")" in
		vivid-*-vid-cap) cat "$d/name"; return 0 ;;
		esac
	done
	return 1
}

check "ipcam-libtest is built (make -C lib tests)" test -x "$bin"

check "ipcam loads" load_ipcam
check "libipcam against ipcam (PTZ, all SDK controls)" \
	"$bin" --device ipcam-0 --expect-ptz --require-controls "${hotplug[@]}"

check "vivid loads" modprobe vivid n_devs=1 node_types=0x1 input_types=0x81
name=$(vivid_name)
check "vivid has a capture node" test -n "$name"
check "libipcam against vivid (no PTZ)" \
	"$bin" --device "$name" --no-ptz "${hotplug[@]}"
check "vivid unloads" rmmod vivid

check "libipcam: ipcam unplugged while streaming, then replugged" \
	"$bin" --device ipcam-0 --expect-ptz "${hotplug[@]}" \
	--unplug-cmd "echo ipcam.0 > /sys/bus/platform/drivers/ipcam/unbind" \
	--replug-cmd "echo ipcam.0 > /sys/bus/platform/drivers/ipcam/bind"
check "ipcam unloads" rmmod ipcam
finish

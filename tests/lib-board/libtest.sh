#!/bin/bash
# Board suite: libipcam against real cameras, inside the QEMU board.
#   1. this project's module: discovery with its PTZ node and microphone,
#      capture in YUYV and YUV420, JPEG, every SDK setting, the microphone's
#      rates and timestamps, every PTZ operation and event;
#   2. vivid, a camera without PTZ or microphone and with other control
#      ranges;
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

check "ipcam-libtest is built (make -C lib tests)" test -x "$bin"

check "ipcam loads" load_ipcam
check "libipcam against ipcam (PTZ, all SDK controls)" \
	"$bin" --device ipcam-0 --expect-ptz --expect-mic --require-controls "${hotplug[@]}"

check "vivid loads" load_vivid
node=$(vivid_video_node)
check "vivid has a capture node" test -c "$node"
check "libipcam against vivid (no PTZ)" \
	"$bin" --device "$node" --no-ptz --no-mic "${hotplug[@]}"
# libipcam's software detector (vivid has no Detect class): a still
# picture is no motion, the square that appears is.
v4l2-ctl -d "$node" -c osd_text_mode=2
out=$(build/tests/board/motion-watch -s 5 -T "v4l2-ctl -d $node -c show_square=1" "$node")
echo "$out" | sed 's/^/    /' | sed -n '1,4p;$p'
check "vivid: the software detector" grep -q "^detector software" <<<"$out"
check "vivid: the square is motion, seen within 2 s" \
	test "$(sed -n 's/^events [0-9]* first_ms //p' <<<"$out")" -lt 2000 -a \
	"$(sed -n 's/^events [0-9]* first_ms //p' <<<"$out")" -ge 0
out=$(build/tests/board/motion-watch -s 4 "$node")
check_eq "vivid: a still picture is no motion" "events 0 first_ms -1" "$(tail -n 1 <<<"$out")"
v4l2-ctl -d "$node" -c show_square=0
check "vivid unloads" rmmod vivid

check "libipcam: ipcam unplugged while streaming, then replugged" \
	"$bin" --device ipcam-0 --expect-ptz "${hotplug[@]}" \
	--unplug-cmd "echo ipcam.0 > /sys/bus/platform/drivers/ipcam/unbind" \
	--replug-cmd "echo ipcam.0 > /sys/bus/platform/drivers/ipcam/bind"
check "ipcam unloads" rmmod ipcam
finish

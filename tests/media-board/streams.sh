#!/bin/bash
# Board suite: the media CGIs on the ipcam camera (QEMU board).  Same
# checks as the host test (media-checks.sh): snapshots decode with the
# right Content-Disposition, ffprobe/ffmpeg read videostream.cgi (mpjpeg,
# strict boundary) and videostream.asf, the measured rate matches `rate`,
# resolution 8/32 give 320x240/640x480, 50 viewers (+1 slow) for
# MEDIA_SECONDS, the viewer limit, the forbidden schedule, 200 viewers
# hanging up mid-frame leave no fd/RSS behind, and at rest the video node
# is closed and the daemon uses no CPU.  Then the capture's own rate
# follows the viewers' (the driver's sequence numbers, in debugfs).
#
#   tests/board/board.sh test tests/media-board/streams.sh
#       (after make -C lib && make -C daemon)
#
# Under QEMU TCG everything is ~25x slower: the checks run at rate=6
# (10 fps) and resolution 8.  MEDIA_SECONDS defaults to 30: 300 frames a
# viewer, so the 95 % threshold still allows only 15 lost; longer load is
# the soak's (100 viewers for its whole run, an hour in make soak).
. tests/lib/board-env.sh

IPCAMD=${IPCAMD:-build/daemon/ipcamd}
unset IPCAM_ADMIN_PASSWORD
PORT=8089
ADMIN_PWD='B0ard-Med1a'
work=$(mktemp -d /tmp/ipcamd-media.XXXXXX)
dpid=

cleanup() {
	[ -n "$dpid" ] && kill -TERM "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
	rmmod ipcam 2>/dev/null
}
trap cleanup EXIT

check "load the ipcam module" load_ipcam
for i in $(seq 1 100); do ipcam_video_node >/dev/null && break; sleep 0.05; done
node=$(ipcam_video_node) || { fail "no ipcam video node"; finish; }

mkdir -p "$work/state"
cat >"$work/ipcamd.conf" <<CONF
port = $PORT
state_dir = $work/state
camera = $node
reboot_action = exit
connection_limit = 400
connections_per_ip = 400
max_viewers = 60
max_viewers_per_ip = 60
capture_linger = 1
CONF
cat tests/lib/loopback-net.conf >>"$work/ipcamd.conf"
IPCAM_ADMIN_PASSWORD=$ADMIN_PWD "$IPCAMD" -f -c "$work/ipcamd.conf" -l info \
	>>"$work/ipcamd.log" 2>&1 &
dpid=$!
for i in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$PORT/get_status.cgi" && break; sleep 0.05; done

check "at start: the video node is not held open" \
	bash -c "! ls -l /proc/$dpid/fd | grep -q /dev/video"
. tests/media-board/media-checks.sh
MEDIA_AUDIO=1 media_checks "http://127.0.0.1:$PORT" admin "$ADMIN_PWD" "$dpid" "${MEDIA_SECONDS:-30}"

# The capture runs at the rate its viewers want: with viewers at rate=6
# only, the driver's sequence numbers grow by 10 a second (its debugfs
# capture file), not 30; a viewer of every frame brings the full rate back.
cap=/sys/kernel/debug/ipcam.0/capture
stream_for() {
	curl -s -m "$1" -o /dev/null -u "admin:$ADMIN_PWD" \
		"http://127.0.0.1:$PORT/videostream.cgi?resolution=8$2" || true
}
viewers=()
for _ in 1 2 3; do
	stream_for 12 "&rate=6" &
	viewers+=($!)
done
sleep 4
s0=$(sed -n 's/^sequence //p' "$cap")
sleep 5
s1=$(sed -n 's/^sequence //p' "$cap")
check "viewers at rate=6 only: the driver captures 10 fps (sequence +$((s1 - s0)) in 5 s)" \
	_near $((s1 - s0)) 50 8
check_eq "viewers at rate=6 only: the driver's frame interval is 100 ms" 100000000 \
	"$(sed -n 's/^period_ns //p' "$cap")"
stream_for 4 "" &
viewers+=($!)
sleep 3
check_eq "a viewer of every frame: back to 30 fps (33.3 ms)" 33333333 \
	"$(sed -n 's/^period_ns //p' "$cap")"
wait "${viewers[@]}"
check "the capture was started and stopped on demand" \
	bash -c "grep -q 'capture started' '$work/ipcamd.log' && grep -q 'capture stopped' '$work/ipcamd.log'"
finish

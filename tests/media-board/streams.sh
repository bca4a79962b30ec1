#!/bin/bash
# Board suite: the media CGIs on the ipcam camera (QEMU board).  Same
# checks as the host test (media-checks.sh): snapshots decode with the
# right Content-Disposition, ffprobe/ffmpeg read videostream.cgi (mpjpeg,
# strict boundary) and videostream.asf, the measured rate matches `rate`,
# resolution 8/32 give 320x240/640x480, 50 viewers (+1 slow) for
# MEDIA_SECONDS, the viewer limit, the forbidden schedule, 200 viewers
# hanging up mid-frame leave no fd/RSS behind, and at rest the video node
# is closed and the daemon uses no CPU.
#
#   tests/board/board.sh test tests/media-board/streams.sh
#       (after make -C lib && make -C daemon)
#
# Under QEMU TCG everything is ~25x slower: the checks run at rate=6
# (10 fps) and resolution 8.  MEDIA_SECONDS defaults to 60 (the issue's
# 50 viewers for 60 s); lower it for a quick run.
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
MEDIA_AUDIO=1 media_checks "http://127.0.0.1:$PORT" admin "$ADMIN_PWD" "$dpid" "${MEDIA_SECONDS:-60}"
check "the capture was started and stopped on demand" \
	bash -c "grep -q 'capture started' '$work/ipcamd.log' && grep -q 'capture stopped' '$work/ipcamd.log'"
finish

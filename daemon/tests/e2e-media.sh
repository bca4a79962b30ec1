#!/bin/bash
# Host end-to-end test of the media CGIs without a camera: ipcamd runs with
# its TEST FEATURE --test-pattern (a synthetic 30 fps picture through the
# same scale/encode/hub/HTTP path as a camera) and is driven with curl,
# ffprobe/ffmpeg and tests/media-board/viewers.py.
#
#   daemon/tests/e2e-media.sh        (after make -C lib && make -C daemon)
#
# MEDIA_SECONDS (default 60): length of the 50-viewer run.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib/assert.sh"

IPCAMD=${IPCAMD:-$top/build/daemon/ipcamd}
VIEWERS="$top/tests/media-board/viewers.py"
SECONDS_50=${MEDIA_SECONDS:-60}
for t in curl python3 ffprobe ffmpeg; do
	command -v $t >/dev/null || { echo "FAIL: $t is needed"; exit 1; }
done
work=$(mktemp -d /tmp/ipcamd-media.XXXXXX)
dpid=
cleanup() {
	[ -n "$dpid" ] && kill -9 "$dpid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PWD_A='Med1a-Adm'
URL="http://127.0.0.1:$PORT"
mkdir -p "$work/state"
cat >"$work/ipcamd.conf" <<CONF
port = $PORT
state_dir = $work/state
connection_limit = 400
connections_per_ip = 400
max_viewers = 60
max_viewers_per_ip = 60
capture_linger = 1
device_id = 00A0B1C2D3E4
CONF
cat "$top/tests/lib/loopback-net.conf" >>"$work/ipcamd.conf"
IPCAM_ADMIN_PASSWORD=$PWD_A "$IPCAMD" -f -c "$work/ipcamd.conf" -L 127.0.0.1 -l debug \
	--test-pattern >"$work/log" 2>&1 &
dpid=$!
for i in $(seq 1 100); do curl -s -o /dev/null "$URL/get_status.cgi" && break; sleep 0.05; done

. "$top/tests/media-board/media-checks.sh"
media_checks "$URL" admin "$PWD_A" "$dpid" "$SECONDS_50"
finish

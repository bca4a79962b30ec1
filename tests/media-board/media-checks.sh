# Sourced: the media checks shared by the host end-to-end test
# (daemon/tests/e2e-media.sh, --test-pattern) and the board suite
# (tests/media-board/streams.sh, the ipcam camera).  Needs assert.sh's
# check/check_eq/pass/fail, curl, ffprobe, ffmpeg, python3.
#
# media_checks URL USER PWD DAEMON_PID SECONDS_50
# MEDIA_AUDIO=1: the camera has a microphone (videostream.asf has 2 streams).
_mc_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

_probe() {	# _probe ENTRIES [ffprobe args...] URL
	local e=$1
	shift
	timeout 60 ffprobe -v error -select_streams v:0 -show_entries "$e" -of csv=p=0 "$@" \
		2>/dev/null | head -1
}

_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
_fds() { ls "/proc/$1/fd" | wc -l; }
# _wait_at_rest PID: until the daemon is at rest, at most 20 s: capture
# stopped (the hub lingers a moment after the last viewer; no /dev/video fd,
# and with the test picture no CPU either) and the heap trimmed.  RSS read
# while a capture still runs would count its buffers, not a leak.
_wait_at_rest() {
	local i t0 t1
	for i in $(seq 1 20); do
		t0=$(_ticks "$1")
		sleep 1
		t1=$(_ticks "$1")
		[ "$t0" = "$t1" ] && ! ls -l "/proc/$1/fd" 2>/dev/null | grep -q /dev/video && break
	done
	sleep 0.5
}
# _parts FILE: the multipart parts a stream written to FILE holds so far
_parts() {
	local n
	n=$(grep -a -c '^--ipcamera' "$1" 2>/dev/null)
	echo "${n:-0}"
}
_rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# frames per second one viewer receives, first frame to last, over S seconds
_fps() {
	python3 "$_mc_dir/viewers.py" count "$1" "$U" "$P" 1 "$2" |
		python3 -c 'import json,sys; d=json.load(sys.stdin); print("%.2f" % d["rates"][0] if not d["bad"][0] else "bad")'
}

_near() {	# _near VALUE EXPECTED TOLERANCE
	python3 -c "import sys; sys.exit(0 if abs(float('$1') - $2) <= $3 else 1)" 2>/dev/null
}

_forbid() {	# _forbid 0|1: every quarter-hour forbidden or none
	local q="schedule_enable=$1" d k
	for d in sun mon tue wed thu fri sat; do
		for k in 0 1 2; do q="$q&schedule_${d}_$k=4294967295"; done
	done
	curl -s -u "$U:$P" "$BASE/set_forbidden.cgi?$q"
}

media_checks() {
	BASE=$1 U=$2 P=$3
	local pid=$4 secs=$5 h body out tmp
	tmp=$(mktemp -d /tmp/media-checks.XXXXXX)

	# ---- snapshot.cgi ----
	h=$(curl -s -D - -o "$tmp/s8.jpg" -u "$U:$P" "$BASE/snapshot.cgi?resolution=8" | tr -d '\r')
	check "snapshot: 200 image/jpeg" grep -qx 'Content-Type: image/jpeg' <<<"$h"
	check "snapshot: Content-Length" grep -qx "Content-Length: $(stat -c %s "$tmp/s8.jpg")" <<<"$h"
	check "snapshot: Content-Disposition filename=\"snapshot_<ID>_<YYYYMMDDhhmmss>.jpg\"" \
		grep -Eqx 'Content-Disposition: filename="snapshot_[0-9A-F]+_20[0-9]{12}\.jpg"' <<<"$h"
	check_eq "snapshot resolution=8 decodes to 320x240" "mjpeg,320,240" \
		"$(_probe stream=codec_name,width,height "$tmp/s8.jpg")"
	curl -s -o "$tmp/s32.jpg" -u "$U:$P" "$BASE/snapshot.cgi?resolution=32"
	check_eq "snapshot resolution=32 decodes to 640x480" "mjpeg,640,480" \
		"$(_probe stream=codec_name,width,height "$tmp/s32.jpg")"
	curl -s -o "$tmp/sx.jpg" -u "$U:$P" "$BASE/snapshot.cgi?resolution=320x240"
	check_eq "snapshot resolution=320x240 form" "mjpeg,320,240" \
		"$(_probe stream=codec_name,width,height "$tmp/sx.jpg")"
	h=$(curl -s -D - -o /dev/null -u "$U:$P" "$BASE/snapshot.cgi?next_url=door1" | tr -d '\r')
	check "snapshot next_url names the file" grep -qx 'Content-Disposition: filename="door1.jpg"' <<<"$h"
	body=$(curl -s "$BASE/snapshot.cgi?resolution=8" -o /dev/null -w '%{http_code}')
	check_eq "snapshot without a login: 401" 401 "$body"

	# ---- videostream.cgi ----
	h=$(curl -s -m 2 -D - -o /dev/null -u "$U:$P" "$BASE/videostream.cgi?resolution=8" | tr -d '\r')
	check "videostream: multipart/x-mixed-replace;boundary=ipcamera" \
		grep -qx 'Content-Type: multipart/x-mixed-replace;boundary=ipcamera' <<<"$h"
	check "videostream: no length, no chunking" \
		bash -c "! grep -Eqi '^(Content-Length|Transfer-Encoding):' <<<'$h'"
	check_eq "ffprobe mpjpeg strict boundary, resolution=8" "mjpeg,320,240" \
		"$(_probe stream=codec_name,width,height -f mpjpeg -strict_mime_boundary 1 \
			"http://$U:$P@${BASE#http://}/videostream.cgi?resolution=8&rate=6")"
	check_eq "ffprobe mpjpeg strict boundary, resolution=640*480" "mjpeg,640,480" \
		"$(_probe stream=codec_name,width,height -f mpjpeg -strict_mime_boundary 1 \
			"http://$U:$P@${BASE#http://}/videostream.cgi?resolution=640*480&rate=6")"
	# The rates from a capture started for them: one still running at
	# 640x480 for the probe above would first be restarted at 320x240.
	_wait_at_rest "$pid"
	out=$(timeout 30 ffmpeg -nostdin -v error -use_wallclock_as_timestamps 1 -f mpjpeg \
		-strict_mime_boundary 1 -i "http://$U:$P@${BASE#http://}/videostream.cgi?resolution=8&rate=6" \
		-t 5 -c:v copy -f null - -progress pipe:1 2>/dev/null | sed -n 's/^frame=//p' | tail -1)
	check "ffmpeg measures rate=6 as 10 fps (got $out frames in 5 s)" _near "${out:-0}" 50 6
	out=$(_fps "$BASE/videostream.cgi?resolution=8&rate=6" 5)
	check "rate=6: 10 fps (got $out)" _near "$out" 10 1
	out=$(_fps "$BASE/videostream.cgi?resolution=8&rate=11" 5)
	check "rate=11: 5 fps (got $out)" _near "$out" 5 0.6
	out=$(_fps "$BASE/videostream.cgi?resolution=8&rate=9" 5)
	check "rate=9 (in between): the next slower, 5 fps (got $out)" _near "$out" 5 0.6
	out=$(_fps "$BASE/videostream.cgi?resolution=8&rate=15" 6)
	check "rate=15: 1 fps (got $out)" _near "$out" 1 0.25
	# Long enough for the first frame of a cold capture under QEMU TCG.
	curl -s -m 5 -o "$tmp/ts.mjpg" -u "$U:$P" "$BASE/videostream.cgi?resolution=8&timestamp=1"
	check "timestamp=1: X-Timestamp after Content-Length" \
		grep -Eaq 'Content-Length: [0-9]+..X-Timestamp: [0-9]+\.[0-9]{6}' <(tr '\r\n' '..' <"$tmp/ts.mjpg")
	curl -s -m 1.5 -o "$tmp/nots.mjpg" -u "$U:$P" "$BASE/videostream.cgi?resolution=8"
	check "no X-Timestamp by default" bash -c "! grep -aq X-Timestamp '$tmp/nots.mjpg'"

	# ---- videostream.asf ----
	h=$(curl -s -m 2 -D - -o "$tmp/a.asf" -u "$U:$P" "$BASE/videostream.asf?resolution=8" | tr -d '\r')
	check "asf: video/x-ms-asf" grep -qx 'Content-Type: video/x-ms-asf' <<<"$h"
	check_eq "ffprobe asf resolution=8: mjpeg 320x240" "mjpeg,320,240" \
		"$(_probe stream=codec_name,width,height "http://$U:$P@${BASE#http://}/videostream.asf?resolution=8&rate=6")"
	check_eq "ffprobe asf resolution=32: mjpeg 640x480" "mjpeg,640,480" \
		"$(_probe stream=codec_name,width,height "http://$U:$P@${BASE#http://}/videostream.asf?resolution=32&rate=6")"
	# the camera's microphone, when it has one, is the second stream
	check_eq "asf: $((1 + ${MEDIA_AUDIO:-0})) stream(s)" $((1 + ${MEDIA_AUDIO:-0})) \
		"$(timeout 30 ffprobe -v error -show_entries format=nb_streams -of csv=p=0 \
			"http://$U:$P@${BASE#http://}/videostream.asf?resolution=8")"
	# each viewer's clock starts near zero, however long the capture ran
	out=$(timeout 30 ffprobe -v error -select_streams v:0 -read_intervals %+#1 \
		-show_entries packet=pts_time -of csv=p=0 \
		"http://$U:$P@${BASE#http://}/videostream.asf?resolution=8" | head -n 1)
	check "asf: the first picture's presentation time is near zero (got ${out:-none} s)" \
		awk -v t="${out:-x}" 'BEGIN { exit !(t ~ /^[0-9.]+$/ && t < 0.5) }'
	local t0 t1
	t0=$(date +%s.%N)
	out=$(_probe stream=nb_read_frames -count_frames -read_intervals %+5 \
		"http://$U:$P@${BASE#http://}/videostream.asf?resolution=8&rate=6")
	t1=$(date +%s.%N)
	check "ffprobe asf rate=6: 5 s of stream time hold 50 frames (got $out)" _near "${out:-0}" 50 3
	# Paced in real time, not a burst: at least the 5 s of stream time
	# (ffprobe's own start-up is added on top, seconds under QEMU TCG).
	check "... and took at least 5 s of wall time" \
		awk -v t="$(echo "$t1 - $t0" | bc)" 'BEGIN { exit !(t >= 4.7 && t < 20) }'

	# ---- 50 viewers, one of them slow ----
	python3 "$_mc_dir/viewers.py" count "$BASE/videostream.cgi?resolution=8&rate=6" "$U" "$P" \
		51 "$secs" 50 >"$tmp/v50.json"
	out=$(python3 - "$tmp/v50.json" "$secs" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); secs = float(sys.argv[2])
fast = d["frames"][:50]; slow = d["frames"][50]
need = 0.95 * 10 * secs
print(min(fast), slow, sum(d["bad"]), int(need), "ok" if min(fast) >= need and sum(d["bad"]) == 0
      and slow <= secs + 2 and slow >= secs / 2 else "bad")
PY
)
	check "50 viewers for $secs s at 10 fps: each >= 95% of the frames, framing exact; slow viewer ~1 fps (min fast, slow, bad, needed: $out)" \
		grep -q ' ok$' <<<"$out"

	# ---- the viewer limit ----
	python3 "$_mc_dir/viewers.py" count "$BASE/videostream.cgi?resolution=8&rate=15" "$U" "$P" 60 6 \
		>"$tmp/v60.json" &
	local vp=$!
	sleep 3
	body=$(curl -s -m 3 -w ' %{http_code}' -u "$U:$P" "$BASE/videostream.cgi?resolution=8")
	check_eq "viewer 61 of max_viewers=60: 503 error: too many viewers." \
		"error: too many viewers. 503" "$body"
	wait $vp
	# The 60 have hung up, but the daemon only learns so on its next write
	# to each: let every slot be released before the schedule checks, which
	# park the streams (no writes) and then need a free slot.
	_wait_at_rest "$pid"

	# ---- the forbidden schedule ----
	_forbid 1 >/dev/null
	sleep 1.2
	body=$(curl -s -m 3 -w ' %{http_code}' -u "$U:$P" "$BASE/videostream.cgi?resolution=8")
	check_eq "forbidden quarter-hour: stream refused" "error: forbidden schedule. 403" "$body"
	body=$(curl -s -m 3 -o /dev/null -w '%{http_code}' -u "$U:$P" "$BASE/snapshot.cgi")
	check_eq "forbidden quarter-hour: snapshot refused" 403 "$body"
	_forbid 0 >/dev/null
	sleep 1.2
	# A running stream goes silent once its quarter-hour is forbidden.  Wait
	# for frames to flow first (the viewer's start-up and the capture's are
	# seconds under TCG, so no fixed delay), then allow 2 s for the schedule
	# (read once a second) and the frames already in the socket, and the
	# stream must then stay silent for 4 s.
	curl -s -N -m 60 -u "$U:$P" -o "$tmp/vf.mjpg" \
		"$BASE/videostream.cgi?resolution=8&rate=6" &
	vp=$!
	local n0=0 n1 n2
	for h in $(seq 1 300); do
		n0=$(_parts "$tmp/vf.mjpg")
		[ "$n0" -ge 2 ] && break
		sleep 0.1
	done
	_forbid 1 >/dev/null
	sleep 2
	n1=$(_parts "$tmp/vf.mjpg")
	sleep 4
	n2=$(_parts "$tmp/vf.mjpg")
	kill "$vp" 2>/dev/null
	wait "$vp" || true
	_forbid 0 >/dev/null
	check "frames flow before the quarter-hour is forbidden ($n0 parts)" test "$n0" -ge 2
	check_eq "a running stream sends no frame once the quarter-hour is forbidden (parts 2 s and 6 s after)" \
		"$n1" "$n2"

	# ---- 200 viewers hanging up mid-frame: no leak ----
	python3 "$_mc_dir/viewers.py" churn "$BASE/videostream.cgi?resolution=8" "$U" "$P" 20 >/dev/null
	_wait_at_rest "$pid"
	local fd0 rss0 fd1 rss1
	fd0=$(_fds "$pid")
	rss0=$(_rss "$pid")
	python3 "$_mc_dir/viewers.py" churn "$BASE/videostream.cgi?resolution=8" "$U" "$P" 200 >/dev/null
	_wait_at_rest "$pid"
	fd1=$(_fds "$pid")
	rss1=$(_rss "$pid")
	check_eq "200 viewers hanging up mid-frame: file descriptors back to the start" "$fd0" "$fd1"
	check "200 viewers hanging up mid-frame: RSS back to the start (${rss0} -> ${rss1} kB)" \
		test "$rss1" -le $((rss0 + 512))

	# ---- at rest ----
	sleep 2
	check "no viewer: no /dev/video fd open" \
		bash -c "! ls -l /proc/$pid/fd | grep -q /dev/video"
	# at rest: a 5 s window with at most one tick of CPU (one wake-up
	# of the main loop can land on a tick); the connections that the
	# churn left may still be closing in the first window, so up to 4
	local c0 c1 w
	for w in 1 2 3 4; do
		c0=$(_ticks "$pid")
		sleep 5
		c1=$(_ticks "$pid")
		[ "$c1" -le $((c0 + 1)) ] && break
	done
	check "no viewer: no CPU over 5 s (utime+stime ticks $c0 -> $c1, window $w)" \
		test "$c1" -le $((c0 + 1))
	rm -rf "$tmp"
}

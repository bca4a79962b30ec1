#!/bin/bash
# Board suite: the camera's sound in videostream.asf.  ipcamd on the ipcam
# camera, which has a microphone: ffprobe lists the MJPG picture and the
# IMA ADPCM sound (8000 Hz, mono, 256-byte blocks); ffmpeg, VLC and MPlayer
# decode the sound and hear the scene's 1000 Hz tone; the car's hum and
# its picture line up; the sound card is open only while an ASF viewer
# is; an unbind while viewers stream ends their streams cleanly, and the
# sound is back after a rebind.
. tests/lib/board-env.sh

IPCAMD=${IPCAMD:-build/daemon/ipcamd}
unset IPCAM_ADMIN_PASSWORD
PORT=8090
ADMIN_PWD='B0ard-S0und'
py=/usr/bin/python3
work=$(mktemp -d /tmp/ipcamd-sound.XXXXXX)
chmod 777 "$work"	# the players run as nobody (VLC refuses root)
dpid=
cleanup() {
	[ -n "$dpid" ] && kill -TERM "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
	rmmod ipcam 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
within() { awk -v f="$1" -v w="$2" -v p="$3" 'BEGIN { d = f - w; if (d < 0) d = -d; exit !(f != "" && d <= w * p / 100) }'; }
pcm_status() { cat /proc/asound/ipcam0/pcm0c/sub0/status 2>/dev/null | head -n 1; }
peak() { $py tests/lib/tone.py peak "$@" 2>/dev/null; }

check "load the ipcam module" load_ipcam
for _ in $(seq 1 100); do ipcam_video_node >/dev/null && break; sleep 0.05; done
node=$(ipcam_video_node) || { fail "no ipcam video node"; finish; }
mkdir -p "$work/state"
cat >"$work/ipcamd.conf" <<CONF
port = $PORT
state_dir = $work/state
camera = $node
reboot_action = exit
capture_linger = 1
CONF
cat tests/lib/loopback-net.conf >>"$work/ipcamd.conf"
IPCAM_ADMIN_PASSWORD=$ADMIN_PWD "$IPCAMD" -f -c "$work/ipcamd.conf" -l debug \
	>>"$work/ipcamd.log" 2>&1 &
dpid=$!
for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$PORT/get_status.cgi" && break; sleep 0.05; done
url="http://admin:$ADMIN_PWD@127.0.0.1:$PORT/videostream.asf?resolution=8"

check_eq "at rest: the sound card is closed" closed "$(pcm_status)"
curl -s -m 3 -o /dev/null "http://admin:$ADMIN_PWD@127.0.0.1:$PORT/videostream.cgi?resolution=8" &
cpid=$!
sleep 2
check_eq "an MJPEG viewer does not open it" closed "$(pcm_status)"
wait $cpid

# ---- what ffprobe and ffmpeg find ----
out=$(timeout 60 ffprobe -v error -show_entries stream=codec_type,codec_name,sample_rate,channels \
	-of compact=p=0:nk=1 "$url" | tr '\n' ' ')
echo "    streams: $out"
check "ffprobe: an MJPG picture" grep -q 'mjpeg|video' <<<"$out"
check "ffprobe: IMA ADPCM sound, 8000 Hz, mono" grep -q 'adpcm_ima_wav|audio|8000|1' <<<"$out"
out=$(timeout 60 ffprobe -v error -select_streams a:0 -read_intervals %+#4 \
	-show_entries packet=size -of csv=p=0 "$url" | sort -u | tr '\n' ' ')
check_eq "its packets are the firmware's 256-byte blocks" "256 " "$out"
timeout 60 ffmpeg -v error -nostdin -t 4 -i "$url" -map 0:a:0 -f s16le -ac 1 "$work/ff.raw" &
fpid=$!
st=
for _ in $(seq 1 100); do
	st=$(pcm_status)
	[ "$st" = "state: RUNNING" ] && break
	sleep 0.1
done
check_eq "while an ASF viewer streams the card records" "state: RUNNING" "$st"
wait $fpid
f=$(peak "$work/ff.raw" 8000)
echo "    ffmpeg: $(stat -c %s "$work/ff.raw") bytes of sound, tone at ${f:-none} Hz"
check "ffmpeg decodes the sound: the tone is 1000 Hz within 1 %" within "$f" 1000 1
for _ in $(seq 1 30); do [ "$(pcm_status)" = closed ] && break; sleep 0.1; done
check_eq "the last viewer gone: the card is closed again" closed "$(pcm_status)"

# ---- the players ----
runuser -u nobody -- timeout 60 cvlc -q --play-and-exit --run-time=5 --vout=dummy \
	--aout=afile --audiofile-file="$work/vlc.wav" --audiofile-format=s16 \
	--audiofile-channels=1 "$url" >"$work/vlc.log" 2>&1
f=$(peak "$work/vlc.wav")
echo "    VLC: $(stat -c %s "$work/vlc.wav" 2>/dev/null || echo 0) bytes of sound, tone at ${f:-none} Hz"
check "VLC plays the sound: the tone is 1000 Hz within 1 %" within "$f" 1000 1
timeout 60 mplayer -really-quiet -nolirc -noconsolecontrols -vo null -endpos 5 \
	-ao pcm:fast:file="$work/mp.wav" "$url" >"$work/mp.log" 2>&1
f=$(peak "$work/mp.wav")
echo "    MPlayer: $(stat -c %s "$work/mp.wav" 2>/dev/null || echo 0) bytes of sound, tone at ${f:-none} Hz"
check "MPlayer plays the sound: the tone is 1000 Hz within 1 %" within "$f" 1000 1

# ---- sync: the car's hum and its picture ----
curl -s -m 10 -o "$work/car.asf" "$url" &
cpid=$!
sleep 2
echo 1 >/sys/kernel/debug/ipcam.0/scene_activity
wait $cpid
out=$($py tests/lib/asf_sync.py "$work/car.asf")
echo "    car: $out (s of stream time; offset in ms, sound minus picture)"
off=$(awk '{ print $NF }' <<<"$out")
check "the car's sound and picture within 100 ms of each other" \
	awk -v o="${off:-x}" 'BEGIN { exit !(o ~ /^-?[0-9]+$/ && o <= 100 && o >= -100) }'

# ---- unbind while two ASF viewers stream ----
pids=
for i in 1 2; do
	curl -s -m 60 -o "$work/u$i.asf" "$url" &
	pids="$pids $!"
done
sleep 3
t0=$SECONDS
echo ipcam.0 >/sys/bus/platform/drivers/ipcam/unbind
# shellcheck disable=SC2086
wait $pids
echo "    the streams ended $((SECONDS - t0)) s after the unbind"
check "both streams ended within 10 s of the unbind" test $((SECONDS - t0)) -le 10
for i in 1 2; do
	out=$(timeout 30 ffprobe -v error -show_entries stream=codec_type -of csv=p=0 "$work/u$i.asf" | tr '\n' ' ')
	check_eq "viewer $i's recording reads back with both streams" "video audio " "$out"
	out=$($py tests/lib/asf_packets.py "$work/u$i.asf")
	check "viewer $i's stream ended on a packet boundary ($out)" \
		$py tests/lib/asf_packets.py "$work/u$i.asf"
	check "ffmpeg decodes viewer $i's recording to its end without an error" \
		bash -c "timeout 60 ffmpeg -v error -nostdin -i '$work/u$i.asf' -f null - 2>&1 | grep -c . | grep -qx 0"
done
check "the daemon still answers" curl -sf -o /dev/null "http://127.0.0.1:$PORT/get_status.cgi"
check "rebind" bash -c "echo ipcam.0 >/sys/bus/platform/drivers/ipcam/bind"
sleep 2
f=
for _ in 1 2 3; do
	timeout 60 ffmpeg -v error -nostdin -t 2 -i "$url" -map 0:a:0 -f s16le -ac 1 -y "$work/re.raw" 2>/dev/null
	f=$(peak "$work/re.raw" 8000) && [ -n "$f" ] && break
	sleep 1
done
check "after the rebind the sound is back (tone at ${f:-none} Hz)" within "$f" 1000 1
kill -TERM "$dpid"
wait "$dpid"
check "ipcamd exits cleanly" test $? -eq 0
dpid=
grep -E 'warn|error' "$work/ipcamd.log" | sed 's/^/    log: /' | head -n 20
finish

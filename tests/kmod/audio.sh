#!/bin/bash
# Board suite: the microphone.  The virtual camera's ALSA card records the
# scene with the standard tools: the background tone at its frequency at
# each rate the card offers, the car's hum for exactly its drive; other
# hardware parameters are refused; an unbind during a recording ends the
# recording at once and cleanly, and a rebind brings the same card back.
. tests/lib/board-env.sh
py=/usr/bin/python3
tone=tests/lib/tone.py
dbg=/sys/kernel/debug/ipcam.0
rec() { arecord -q -D hw:CARD=ipcam0,DEV=0 -t wav -f S16_LE -c 1 "$@"; }
# within FOUND WANT PERCENT: FOUND is within PERCENT % of WANT
within() { awk -v f="$1" -v w="$2" -v p="$3" 'BEGIN { d = f - w; if (d < 0) d = -d; exit !(d <= w * p / 100) }'; }

check "load" load_ipcam
check "card ipcam0 is listed" grep -q '\[ipcam0 *\]: ipcam - ipcam microphone' /proc/asound/cards
check "its card hangs off the camera's device" \
	bash -c 'ls -d /sys/devices/platform/ipcam.0/sound/card* >/dev/null'
check "arecord -l lists its capture device" \
	bash -c "arecord -l | grep -q 'card [0-9]*: ipcam0 \[ipcam microphone\], device 0: ipcam microphone'"

# The debug kernel runs the driver's paths (every rate, the unbind); what
# the sound holds is measured on Debian's kernel (and by KUnit on both).
full=1
[ "$IPCAM_KMOD" = kmod ] || full=
for r in 8000 16000 48000; do
	rm -f /tmp/mic.wav
	check "arecord at $r Hz" rec -r $r -d 1 /tmp/mic.wav
	[ -n "$full" ] || continue
	f=$($py $tone peak /tmp/mic.wav)
	echo "    $r Hz: tone at $f Hz"
	check "the tone is 1000 Hz within 1 % at $r Hz" within "$f" 1000 1
done
# alsa-lib takes the nearest rate the hardware has, and says so
out=$(arecord -D hw:CARD=ipcam0 -f S16_LE -c 1 -r 44100 -d 1 /dev/null 2>&1)
check "44100 Hz is not offered: the nearest, 48000 Hz, is used" \
	grep -q 'requested = 44100Hz, got = 48000Hz' <<<"$out"
check "two channels are refused" bash -c "! arecord -q -D hw:CARD=ipcam0 -f S16_LE -c 2 -r 8000 -d 1 /dev/null 2>/dev/null"
check "S32_LE is refused" bash -c "! arecord -q -D hw:CARD=ipcam0 -f S32_LE -c 1 -r 8000 -d 1 /dev/null 2>/dev/null"

# The car drives 5.5 s (ipcam-activity.h); its hum is 300 Hz.
if [ -n "$full" ]; then
	rm -f /tmp/car.wav
	rec -r 8000 -d 8 /tmp/car.wav &
	pid=$!
	sleep 1
	echo 1 >"$dbg/scene_activity"
	wait $pid
	spans=$($py $tone spans /tmp/car.wav 300)
	echo "    hum heard at (s): $(tr '\n' ' ' <<<"$spans")"
	check_eq "one stretch of hum" 1 "$(grep -c . <<<"$spans")"
	check "it lasts the drive's 5.5 s (within 50 ms)" \
		within "$(awk '{ print $2 - $1 }' <<<"$spans")" 5.5 0.9
fi

# Unbind while arecord records: it ends with an error, at once.
rm -f /tmp/unplug.wav
rec -r 48000 -d 60 /tmp/unplug.wav 2>/tmp/unplug.err &
pid=$!
sleep 1
t0=$SECONDS
echo ipcam.0 >/sys/bus/platform/drivers/ipcam/unbind
for _ in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
check "arecord ended on unbind" bash -c "! kill -0 $pid 2>/dev/null"
wait $pid
rc=$?
echo "    arecord: exit status $rc after $((SECONDS - t0)) s: $(head -n 1 /tmp/unplug.err)"
check "with an error status" test $rc -ne 0
# 1 s at 48000 Hz before the unbind: at least half of it was written
check "what it recorded up to the unbind is in its file" \
	test "$(stat -c %s /tmp/unplug.wav)" -ge $((44 + 48000 * 2 / 2))
check "the card is gone" bash -c "! grep -q ipcam0 /proc/asound/cards"
check "rebind" bash -c "echo ipcam.0 >/sys/bus/platform/drivers/ipcam/bind"
check "the card is back as ipcam0" grep -q '\[ipcam0 *\]' /proc/asound/cards
check "it records again" rec -r 8000 -d 1 /tmp/mic.wav

# An unbind with the device open but not recording, then rmmod.
card=$(readlink /proc/asound/ipcam0)	# "card1"
exec 3<>"/dev/snd/pcmC${card#card}D0c"
echo ipcam.0 >/sys/bus/platform/drivers/ipcam/unbind
check "rmmod is refused while the card's file is open" bash -c "! rmmod ipcam 2>/dev/null"
exec 3<&-
check "rmmod after the last file is closed" rmmod ipcam
rm -f /tmp/mic.wav /tmp/car.wav /tmp/unplug.wav /tmp/unplug.err
finish

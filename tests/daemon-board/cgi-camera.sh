#!/bin/bash
# Board suite: ipcamd with a camera.  Every device CGI has its effect on the
# device (a V4L2 control or format changes, the head moves, a sysfs value
# changes) and its get CGI shows it; bad input changes nothing on the
# device nor in the settings; the settings come back when the camera
# reappears (hotplug) and after a restart.
#
#   tests/board/board.sh test tests/daemon-board/cgi-camera.sh
#       (after make -C lib && make -C daemon)
. tests/lib/board-env.sh

IPCAMD=${IPCAMD:-build/daemon/ipcamd}
unset IPCAM_ADMIN_PASSWORD
PORT=8088
ADMIN_PWD='B0ard-Adm1n'
OPER_PWD='Op3rB0ard'
work=$(mktemp -d /tmp/ipcamd-board.XXXXXX)
dpid=

# ---- helpers ----

req() {
	local url=$1
	shift
	code=$(curl -s -o "$work/body" -D "$work/headers" -w '%{http_code}' "$@" \
		"http://127.0.0.1:$PORT$url")
	body=$(cat "$work/body")
}
admin() { req "$1" -u "admin:$ADMIN_PWD"; }
oper() { req "$1" -u "oper:$OPER_PWD"; }

wait_up() {
	local i
	for i in $(seq 1 200); do
		curl -s -o /dev/null "http://127.0.0.1:$PORT/get_status.cgi" && return 0
		sleep 0.05
	done
	return 1
}

start_daemon() {
	"$IPCAMD" -f -c "$work/ipcamd.conf" -l debug >>"$work/ipcamd.log" 2>&1 &
	dpid=$!
	wait_up
}

stop_daemon() {
	[ -n "$dpid" ] || return 0
	kill -TERM "$dpid" 2>/dev/null
	wait "$dpid" 2>/dev/null
	dpid=
}

ctrl() { v4l2-ctl -d "$node" -C "$1" 2>/dev/null | sed -n "s/^$1: //p"; }
fmt_size() { v4l2-ctl -d "$node" --get-fmt-video | sed -n 's/.*Width\/Height *: *//p'; }
fps() { v4l2-ctl -d "$node" --get-parm | sed -n 's/.*Frames per second: *\([0-9.]*\).*/\1/p'; }
sysattr() { cat "$ptz/$1"; }
pan() { sysattr pan_position; }
tilt() { sysattr tilt_position; }
idle() { [ "$(sysattr state)" = idle ]; }
camparam() {
	curl -s -u "oper:$OPER_PWD" "http://127.0.0.1:$PORT/get_camera_params.cgi" |
		sed -n "s/^var $1=\\(.*\\);\$/\\1/p"
}
miscparam() {
	curl -s -u "admin:$ADMIN_PWD" "http://127.0.0.1:$PORT/get_misc.cgi" |
		sed -n "s/^var $1=\\(.*\\);\$/\\1/p"
}
# (few processes: each costs a tenth of a second or more under TCG, and
# every rejected request below takes two of each)
snapshot() {
	local line
	while IFS= read -r line; do
		[[ $line == "var now="* ]] || echo "$line"
	done < <(curl -s -u "admin:$ADMIN_PWD" "http://127.0.0.1:$PORT/get_params.cgi" \
		"http://127.0.0.1:$PORT/get_misc.cgi")
	curl -s -u "oper:$OPER_PWD" "http://127.0.0.1:$PORT/get_camera_params.cgi"
}
# the device's state: controls, format, misc attributes, position
device_state() {
	local a v
	v4l2-ctl -d "$node" -C brightness,contrast,power_line_frequency,horizontal_flip,vertical_flip \
		--get-fmt-video
	for a in led_mode center_on_start auto_patrol_interval patrol_type patrol_h_rounds \
		patrol_v_rounds patrol_rate up_rate down_rate left_rate right_rate \
		presets_disabled io_output; do
		read -r v <"$ptz/$a"
		echo "$a=$v"
	done
}
ok() { check_eq "$1" "ok." "$body"; }

# ptzcmd N [more query]: decoder_control as operator
ptzcmd() { oper "/decoder_control.cgi?command=$1${2:+&$2}"; }

cleanup() {
	stop_daemon
	rm -rf "$work"
}
trap cleanup EXIT

# ---- set up ----

check "ipcamd is built (make -C daemon)" test -x "$IPCAMD"
check "ipcam loads" load_ipcam
node=$(ipcam_video_node 0)
check "video node of camera 0" test -c "$node"
ptz=$(ls -d /sys/class/misc/ptz* 2>/dev/null | head -n 1)
check "PTZ device in sysfs" test -n "$ptz"
cat >"$work/ipcamd.conf" <<EOF
port = $PORT
listen = 127.0.0.1
state_dir = $work/state
camera = ipcam-0
reboot_action = restart
set_clock = yes
login_lockout = 0
device_id = 00AABBCCDDEE
EOF
cat tests/lib/loopback-net.conf >>"$work/ipcamd.conf"
start_daemon
check "ipcamd serves with IPCAM_ADMIN_PASSWORD unset: generated password file" \
	test -s "$work/state/factory-password"
stop_daemon
rm -rf "$work/state"
export IPCAM_ADMIN_PASSWORD=$ADMIN_PWD
start_daemon
unset IPCAM_ADMIN_PASSWORD
check "ipcamd starts" kill -0 "$dpid"
users="user1=admin&pwd1=$ADMIN_PWD&pri1=2&user2=oper&pwd2=$OPER_PWD&pri2=1"
for i in 3 4 5 6 7 8; do users="$users&user$i=&pwd$i=&pri$i=0"; done
admin "/set_users.cgi?$users"
ok "set_users: an operator"
check "the camera was found" grep -q "camera ipcam-0" "$work/ipcamd.log"

# ---- camera_control onto V4L2, get_camera_params from the device ----
oper "/camera_control.cgi?param=1&value=160"
ok "camera_control brightness 160"
check_eq "brightness 160 on the device" 160 "$(ctrl brightness)"
check_eq "get_camera_params brightness" 160 "$(camparam brightness)"
oper "/camera_control.cgi?param=2&value=5"
ok "camera_control contrast 5"
check_eq "contrast 5 on the device" 5 "$(ctrl contrast)"
check_eq "get_camera_params contrast" 5 "$(camparam contrast)"
for m in "0 1" "1 2" "2 0"; do
	set -- $m
	oper "/camera_control.cgi?param=3&value=$1"
	ok "camera_control mode $1"
	check_eq "mode $1: power_line_frequency $2" "$2" "$(ctrl power_line_frequency)"
	check_eq "get_camera_params mode $1" "$1" "$(camparam mode)"
done
for f in "1 0 1" "2 1 0" "3 1 1" "0 0 0"; do
	set -- $f
	oper "/camera_control.cgi?param=5&value=$1"
	ok "camera_control flip $1"
	check_eq "flip $1: horizontal_flip" "$2" "$(ctrl horizontal_flip)"
	check_eq "flip $1: vertical_flip" "$3" "$(ctrl vertical_flip)"
	check_eq "get_camera_params flip $1" "$1" "$(camparam flip)"
done
for r in "2 160/120" "8 320/240" "32 640/480"; do
	set -- $r
	oper "/camera_control.cgi?param=0&value=$1"
	ok "camera_control resolution $1"
	check_eq "resolution $1: the format" "$2" "$(fmt_size)"
	check_eq "get_camera_params resolution $1" "$1" "$(camparam resolution)"
done
oper "/camera_control.cgi?param=6&value=11"
ok "camera_control fps code 11 (5 fps)"
check "5 frames per second on the device" bash -c "[ \"\$(v4l2-ctl -d $node --get-parm | grep -o 'Frames per second: [0-9]*')\" = 'Frames per second: 5' ]"
check_eq "get_camera_params fps" 11 "$(camparam fps)"
oper "/camera_control.cgi?param=6&value=0"
ok "camera_control fps 0 (full speed)"
check_eq "get_camera_params fps 0" 0 "$(camparam fps)"
v4l2-ctl -d "$node" -c brightness=48
check_eq "get_camera_params reads the device, not a copy" 48 "$(camparam brightness)"
oper "/camera_control.cgi?param=1&value=160"

# ---- bad input: error, nothing changes on the device or in the settings ----
bad() {
	local url=$1 what=$2 s0 s1 d0 d1
	s0=$(snapshot)
	d0=$(device_state)
	req "$url" -u "admin:$ADMIN_PWD"
	s1=$(snapshot)
	d1=$(device_state)
	if [ "$body" = "error: illegal params." ] && [ "$s0" = "$s1" ] && [ "$d0" = "$d1" ]; then
		pass "rejected, nothing changed: $what"
	else
		fail "rejected, nothing changed: $what (got $code '$body')"
	fi
}
bad "/camera_control.cgi?param=1&value=256" "brightness 256"
bad "/camera_control.cgi?param=1&value=1%3B" "brightness '1;'"
bad "/camera_control.cgi?param=2&value=7" "contrast 7"
bad "/camera_control.cgi?param=2&value=" "an empty contrast"
bad "/camera_control.cgi?param=0&value=16" "resolution 16"
bad "/camera_control.cgi?param=3&value=3" "mode 3"
bad "/camera_control.cgi?param=5&value=4" "flip 4"
bad "/camera_control.cgi?param=5&value=x" "a non-numeric flip"
bad "/camera_control.cgi?param=1" "a missing value"
bad "/decoder_control.cgi" "a missing command"
bad "/decoder_control.cgi?command=0%0D%0A" "CR/LF after the command"
bad "/decoder_control.cgi?command=300" "command 300"
bad "/decoder_control.cgi?command=x" "a non-numeric command"
bad "/decoder_control.cgi?command=6&degree=400" "degree 400"
bad "/set_misc.cgi?led_mode=3" "led_mode 3"
bad "/set_misc.cgi?led_mode=1&ptz_patrol_rate=101" "a rate of 101 after a good value"
bad "/set_misc.cgi?ptz_preset_onstart=17" "ptz_preset_onstart 17"
bad "/set_misc.cgi?ptz_auto_patrol_type=%27" "a quote"
bad "/set_misc.cgi" "no parameter"

# ---- decoder_control onto /dev/ptzN ----
ptzcmd 25
ok "decoder_control 25 (center)"
check "center: the head comes to 0/0" wait_for 30 bash -c "[ \$(cat $ptz/pan_position) = 0 ] && [ \$(cat $ptz/tilt_position) = 0 ] && [ \$(cat $ptz/state) = idle ]"
# Preset 9 holds 0/0: the checks below start from there.  Going to it is a
# short move; centring searches the limit switches (~12 s under TCG).
ptzcmd 46
ok "decoder_control 46 (set preset 9 at the centre)"
to_origin() {
	ptzcmd 47
	check "back at 0/0 through preset 9" eval '[ "$body" = "ok." ] && wait_for 60 bash -c "[ \$(cat $ptz/pan_position) = 0 ] && [ \$(cat $ptz/tilt_position) = 0 ] && [ \$(cat $ptz/state) = idle ]"'
}

p0=$(pan)
ptzcmd 6
ok "decoder_control 6 (right)"
check "right: pan grows" wait_for 5 bash -c "[ \$(cat $ptz/pan_position) -gt $p0 ]"
ptzcmd 1
ok "decoder_control 1 (stop)"
check "stop: the head stops" wait_for 5 idle
p1=$(pan)
sleep 0.5
check_eq "stop: the position holds" "$p1" "$(pan)"
ptzcmd 4
ok "decoder_control 4 (left)"
check "left: pan shrinks" wait_for 5 bash -c "[ \$(cat $ptz/pan_position) -lt $p1 ]"
ptzcmd 5
check "5 stops too" wait_for 5 idle
t0=$(tilt)
ptzcmd 0
ok "decoder_control 0 (up)"
check "up: tilt grows" wait_for 5 bash -c "[ \$(cat $ptz/tilt_position) -gt $t0 ]"
ptzcmd 3
check "3 stops" wait_for 5 idle
t1=$(tilt)
ptzcmd 2
ok "decoder_control 2 (down)"
check "down: tilt shrinks" wait_for 5 bash -c "[ \$(cat $ptz/tilt_position) -lt $t1 ]"
ptzcmd 7
check "7 stops" wait_for 5 idle

# diagonals, each from the centre: at the up rate the first one may reach
# the top, and the next up-move could then not move tilt at all
for d in "90 1 1" "91 -1 1" "92 1 -1" "93 -1 -1"; do
	set -- $d
	to_origin
	p0=$(pan)
	t0=$(tilt)
	ptzcmd "$1"
	ok "decoder_control $1"
	sleep 0.6
	ptzcmd 1
	wait_for 5 idle
	check "diagonal $1: pan direction $2" test $(( ($(pan) - p0) * $2 )) -gt 0
	check "diagonal $1: tilt direction $3" test $(( ($(tilt) - t0) * $3 )) -gt 0
done

# the mirror setting swaps left and right
oper "/camera_control.cgi?param=5&value=2"
p0=$(pan)
ptzcmd 4
sleep 0.6
ptzcmd 1
wait_for 5 idle
check "mirrored: command 4 moves right" test "$(pan)" -gt "$p0"
oper "/camera_control.cgi?param=5&value=0"

# onestep and degree
to_origin
p0=$(pan)
ptzcmd 6 "onestep=1&degree=10"
ok "decoder_control 6 onestep degree=10"
check "onestep: moves and stops by itself" wait_for 10 bash -c "[ \$(cat $ptz/pan_position) -gt $p0 ] && [ \$(cat $ptz/state) = idle ]"
s10=$(( $(pan) - p0 ))
p0=$(pan)
ptzcmd 6 "onestep&degree=20"
ok "decoder_control 6 onestep (no value) degree=20"
wait_for 10 bash -c "[ \$(cat $ptz/pan_position) -gt $p0 ] && [ \$(cat $ptz/state) = idle ]"
s20=$(( $(pan) - p0 ))
check "degree=20 steps twice degree=10 ($s10, $s20)" test $(( s20 - 2 * s10 )) -ge -1 -a $(( s20 - 2 * s10 )) -le 1
p0=$(pan)
ptzcmd 4 "onestep=1"
wait_for 10 bash -c "[ \$(cat $ptz/state) = idle ]"
check_eq "onestep keeps the last step size" "$s20" "$(( p0 - $(pan) ))"

# presets
to_origin
ptzcmd 6 "onestep=1&degree=30"
wait_for 10 idle
ptzcmd 0 "onestep=1&degree=10"
wait_for 10 idle
pp=$(pan)
pt=$(tilt)
ptzcmd 30
ok "decoder_control 30 (set preset 1)"
ptzcmd 32
ok "decoder_control 32 (set preset 2) at the same place"
to_origin
check "centered away from the preset" test "$(pan)" != "$pp"
ptzcmd 31
ok "decoder_control 31 (go to preset 1)"
check "preset 1: back at the stored position" wait_for 30 bash -c "[ \$(cat $ptz/pan_position) = $pp ] && [ \$(cat $ptz/tilt_position) = $pt ] && [ \$(cat $ptz/state) = idle ]"
ptzcmd 60
ok "decoder_control 60 (set preset 16)"
ptzcmd 62
check_eq "decoder_control 62 (preset 17: the head has 16)" "error: illegal params." "$body"
admin "/set_misc.cgi?ptz_disable_preset=1"
ok "set_misc ptz_disable_preset=1"
check_eq "presets_disabled in sysfs" 1 "$(sysattr presets_disabled)"
ptzcmd 31
check_eq "presets disabled: go to preset refused" "error: illegal params." "$body"
admin "/set_misc.cgi?ptz_disable_preset=0"

# patrols
admin "/set_misc.cgi?ptz_patrol_h_rounds=0&ptz_patrol_v_rounds=0"
for pr in "28 29 horizontal" "26 27 vertical" "20 21 horizontal(old)"; do
	set -- $pr
	ptzcmd "$1"
	ok "decoder_control $1 ($3 patrol)"
	check "$3 patrol: state patrol" wait_for 5 bash -c "[ \$(cat $ptz/state) = patrol ]"
	ptzcmd "$2"
	ok "decoder_control $2 (stop $3 patrol)"
	check "$3 patrol stops" wait_for 10 idle
done

# IO output, lens commands, self-test
ptzcmd 94
ok "decoder_control 94 (IO high)"
check_eq "io_output 1" 1 "$(sysattr io_output)"
ptzcmd 95
ok "decoder_control 95 (IO low)"
check_eq "io_output 0" 0 "$(sysattr io_output)"
for n in 8 12 19; do
	ptzcmd "$n"
	ok "decoder_control $n (lens: accepted)"
done
ptzcmd 255
ok "decoder_control 255 (self-test)"
check "self-test runs" wait_for 5 bash -c "[ \$(cat $ptz/state) = selftest ]"
# (the self-test's whole course is ptz-test's, on both kernels: here the
# command that starts it, and the stop that any client sends)
ptzcmd 1
ok "decoder_control 1 during the self-test"
check "stop ends the self-test" wait_for 10 idle

# ---- set_misc onto sysfs, get_misc from sysfs ----
# (attribute "-": the daemon's own start actions, kept in its settings)
misc_map="led_mode:led_mode:1 ptz_center_onstart:-:0
ptz_auto_patrol_interval:auto_patrol_interval:120 ptz_auto_patrol_type:patrol_type:3
ptz_patrol_h_rounds:patrol_h_rounds:4 ptz_patrol_v_rounds:patrol_v_rounds:5
ptz_patrol_rate:patrol_rate:30 ptz_patrol_up_rate:up_rate:70 ptz_patrol_down_rate:down_rate:71
ptz_patrol_left_rate:left_rate:72 ptz_patrol_right_rate:right_rate:73
ptz_disable_preset:presets_disabled:1 ptz_preset_onstart:-:2"
q=
for m in $misc_map; do
	IFS=: read -r key attr val <<<"$m"
	q="$q&$key=$val"
done
admin "/set_misc.cgi?${q#&}"
ok "set_misc: every setting"
for m in $misc_map; do
	IFS=: read -r key attr val <<<"$m"
	[ "$attr" = - ] || check_eq "set_misc $key: sysfs $attr" "$val" "$(sysattr "$attr")"
	check_eq "get_misc $key" "$val" "$(miscparam "$key")"
done
echo 2 >"$ptz/led_mode"
check_eq "get_misc reads the device" 2 "$(miscparam led_mode)"
admin "/set_misc.cgi?led_mode=1&ptz_disable_preset=0&ptz_auto_patrol_interval=0"

# ---- get_status: live ----
req /get_status.cgi
check "get_status: alarm_status present" grep -qx "var alarm_status=[02];" "$work/body"
now=$(sed -n 's/^var now=\([0-9]*\);$/\1/p' "$work/body")
check "get_status: now is the clock" test $(( $(date +%s) - now )) -le 2

# ---- set_datetime now= sets the clock here (set_clock = yes) ----
target=$(( $(date +%s) + 7200 ))
admin "/set_datetime.cgi?now=$target"
ok "set_datetime now="
check "the system clock moved" test $(( $(date +%s) - target )) -le 2 -a $(( $(date +%s) - target )) -ge 0
admin "/set_datetime.cgi?now=$(( $(date +%s) - 7200 ))"

# ---- the camera goes and comes back: settings applied again ----
oper "/camera_control.cgi?param=1&value=200"
oper "/camera_control.cgi?param=2&value=1"
admin "/set_misc.cgi?led_mode=2&ptz_patrol_rate=55"
# (rmmod is refused while the daemon holds the nodes: unbind the device)
check "the camera is unplugged under the daemon" \
	bash -c "echo ipcam.0 >/sys/bus/platform/drivers/ipcam/unbind"
req "/get_camera_params.cgi" -u "oper:$OPER_PWD"
check_eq "no camera: get_camera_params 503" 503 "$code"
ptzcmd 0
check_eq "no camera: decoder_control 503" 503 "$code"
req /get_status.cgi
check_eq "no camera: get_status still answers" 200 "$code"
admin "/set_alias.cgi?alias=NoCam"
ok "no camera: settings CGIs still work"
check "the camera is plugged back" bash -c "echo ipcam.0 >/sys/bus/platform/drivers/ipcam/bind"
wait_for 5 ipcam_video_node 0 >/dev/null
node=$(ipcam_video_node 0)
ptz=$(ls -d /sys/class/misc/ptz* 2>/dev/null | head -n 1)
check "hotplug: the daemon picks the camera up" wait_for 15 bash -c \
	"curl -s -o /dev/null -w '%{http_code}' -u 'oper:$OPER_PWD' http://127.0.0.1:$PORT/get_camera_params.cgi | grep -qx 200"
check "hotplug: brightness applied again" wait_for 5 bash -c "[ \"\$(v4l2-ctl -d $node -C brightness | sed 's/.*: //')\" = 200 ]"
check_eq "hotplug: contrast applied again" 1 "$(ctrl contrast)"
check_eq "hotplug: led_mode applied again" 2 "$(sysattr led_mode)"
check_eq "hotplug: patrol_rate applied again" 55 "$(sysattr patrol_rate)"
ptzcmd 25
ok "hotplug: the head answers again"

# ---- restart: the settings persist and go to the device ----
# The presets too (the module forgets them), and the head goes to the
# start preset by itself: preset 2 was set at $pp/$pt.
admin "/set_misc.cgi?ptz_center_onstart=1&ptz_preset_onstart=2"
ok "set_misc: centre, then preset 2, on start"
to_origin
before=$(snapshot)
stop_daemon
check "ipcam unloads once the daemon has stopped" rmmod ipcam
load_ipcam
node=$(ipcam_video_node 0)
ptz=$(ls -d /sys/class/misc/ptz* 2>/dev/null | head -n 1)
start_daemon
check "restart: the daemon is back" kill -0 "$dpid"
check_eq "restart: settings and device state as before" "$before" "$(snapshot)"
check_eq "restart: brightness on the device" 200 "$(ctrl brightness)"
check "restart: the head went to the start preset 2 ($pp/$pt) by itself" wait_for 60 \
	bash -c "[ \$(cat $ptz/pan_position) = $pp ] && [ \$(cat $ptz/tilt_position) = $pt ] && [ \$(cat $ptz/state) = idle ]"
check "restart: the daemon logged it" grep -q "PTZ start: going to preset 2" "$work/ipcamd.log"
to_origin
check "restart: away from preset 1" test "$(pan)" != "$pp"
ptzcmd 31
ok "restart: decoder_control 31 (go to preset 1, saved before the reload)"
check "restart: preset 1 restored" wait_for 30 bash -c "[ \$(cat $ptz/pan_position) = $pp ] && [ \$(cat $ptz/tilt_position) = $pt ] && [ \$(cat $ptz/state) = idle ]"
to_origin

# ---- reboot.cgi (reboot_action = restart here) ----
admin "/reboot.cgi"
ok "reboot.cgi"
sleep 0.5
check "reboot: the daemon came back" wait_up
check_eq "reboot: settings kept" "$before" "$(snapshot)"

check "logs hold no password" bash -c "! grep -qF -e '$ADMIN_PWD' -e '$OPER_PWD' '$work/ipcamd.log'"
stop_daemon
check "ipcam unloads" rmmod ipcam
finish

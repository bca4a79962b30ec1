#!/bin/bash
# Board suite: the GPIO motor backend against a GPIO chip: coils are driven,
# limit switches stop moves and home the head, the alarm line and IO/LED
# outputs work.  On Debian's kernel the chip is our software one
# (kmod/test/ipcam_gpio_test.ko); on the debug kernel it is the kernel's own
# gpio-sim, created through configfs, with ipcam_gpio_test only adding the
# lookup table (chip=LABEL).
. tests/lib/board-env.sh
sys=/sys/class/misc/ptz0
g=/sys/kernel/debug/ipcam_gpio_test
sim=/sys/kernel/config/gpio-sim/ipcam

if grep -q '/gpio-sim.ko$' "/lib/modules/$(uname -r)/modules.builtin" 2>/dev/null; then
	backend=gpio-sim
	mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
	mkdir -p "$sim/bank0"
	echo 16 >"$sim/bank0/num_lines"
	echo ipcam-gpio-sim >"$sim/bank0/label"
	echo 1 >"$sim/live"
	chipdir=$(ls -d /sys/devices/platform/"$(cat "$sim/dev_name")"/gpiochip* | head -n 1)
	check "gpio-sim chip is live ($chipdir)" test -d "$chipdir/sim_gpio0"
	check "lookup table for the gpio-sim chip loads" \
		insmod "$IPCAM_KMOD/test/ipcam_gpio_test.ko" chip=ipcam-gpio-sim
	line() { cat "$chipdir/sim_gpio$1/value"; }
	setl() { echo "pull-$([ "$2" = 1 ] && echo up || echo down)" >"$chipdir/sim_gpio$1/pull"; }
else
	backend=testchip
	check "software GPIO chip loads" insmod "$IPCAM_KMOD/test/ipcam_gpio_test.ko"
	line() { echo $(( $(cat $g/levels) >> $1 & 1 )); }
	setl() { echo "$1 $2" >$g/set; }
fi
echo "GPIO chip: $backend"
coils() { local i m=0; for i in 0 1 2 3 4 5 6 7; do m=$((m | $(line $i) << i)); done; echo $m; }

check "ipcam loads" load_ipcam
check "camera 0 uses the GPIO motors" bash -c "dmesg | grep -q 'ptz0 (gpio motors)'"
wait_idle() { for _ in $(seq 1 100); do [ "$(cat $sys/state)" = idle ] && return 0; sleep 0.1; done; return 1; }

# Steps drive the coils: a half-step sequence changes one coil per step.
v=$(ipcam_video_node 0)
if [ $backend = testchip ]; then
	w0=$(cat $g/coil_writes)
	v4l2-ctl -d "$v" -c pan_relative=3600	# 1 degree = 11 steps of 4096/rev
	wait_idle
	w1=$(cat $g/coil_writes)
	check "the coils were switched at least once per step ($((w1 - w0)))" test $((w1 - w0)) -ge 11
else
	# gpio-sim counts nothing: sample the coils during a slow move.
	v4l2-ctl -d "$v" -c pan_relative=3600
	wait_idle
	v4l2-ctl -d "$v" -c pan_relative=-3600
	wait_idle
	v4l2-ctl -d "$v" -c pan_speed=20
	seen=$(for _ in $(seq 1 12); do coils; sleep 0.15; done | sort -u | grep -vx 0 | wc -l)
	v4l2-ctl -d "$v" -c pan_speed=0
	wait_idle
	check "a moving head energises its coils in sequence ($seen patterns seen)" test "$seen" -ge 2
	v4l2-ctl -d "$v" -c pan_absolute=0
	wait_idle
	v4l2-ctl -d "$v" -c pan_relative=3600
	wait_idle
fi
check_eq "pan moved 11 steps" 11 "$(cat $sys/pan_position)"
check_eq "coils released when idle" 0 "$(coils)"

# A closed limit switch stops a move at once.
setl 9 1
v4l2-ctl -d "$v" -c pan_speed=400
sleep 0.5
check_eq "closed max switch: pan did not move" 11 "$(cat $sys/pan_position)"
v4l2-ctl -d "$v" -c pan_speed=0
setl 9 0
v4l2-ctl -d "$v" -c pan_speed=400
sleep 0.5
setl 9 1
wait_idle
p=$(cat $sys/pan_position)
check "switch closing mid-move stops the head short of the soft limit ($p)" test "$p" -gt 11 -a "$p" -lt 1707
setl 9 0

# Homing: the head searches the min switches; close them and it centres.
python3 - "$backend" "$g" "${chipdir:-}" >/tmp/homed.txt <<'PY' &
import fcntl, os, select, struct, sys, time
backend, g, chipdir = sys.argv[1:4]
fd = os.open("/dev/ptz0", os.O_RDWR)
fcntl.ioctl(fd, 0xB904)        # IPCAM_PTZ_IOC_CENTER = _IO(0xB9, 4)
time.sleep(1.0)
for l in (8, 10):
    if backend == "gpio-sim":
        open(f"{chipdir}/sim_gpio{l}/pull", "w").write("pull-up")
    else:
        open(g + "/set", "w").write(f"{l} 1")
end = time.time() + 20
while time.time() < end:
    if not select.select([fd], [], [], 1)[0]:
        continue
    ev = os.read(fd, 40)
    ts, seq, typ, mask, p0, p1, data = struct.unpack("<QIIIiiI", ev[:32])
    if typ == 5:                # IPCAM_PTZ_EVENT_HOMED
        print(f"HOMED data {data} pos {p0} {p1}")
        break
PY
hp=$!
wait $hp
check "HOMED event, switches found ($(cat /tmp/homed.txt))" grep -q "HOMED data 0" /tmp/homed.txt
wait_idle
check_eq "homed and centred on the switches" "0 0" "$(cat $sys/pan_position) $(cat $sys/tilt_position)"
setl 8 0
setl 10 0

# Alarm input (sampled every 100 ms) and the outputs.
setl 12 1
sleep 0.5
check_eq "alarm line high: alarm_input 1" 1 "$(cat $sys/alarm_input)"
setl 12 0
sleep 0.5
check_eq "alarm line low: alarm_input 0" 0 "$(cat $sys/alarm_input)"
echo 1 >$sys/io_output
check_eq "io_output drives line 13" 1 "$(line 13)"
echo 0 >$sys/io_output
check_eq "io_output 0" 0 "$(line 13)"
echo 1 >$sys/led_mode
check_eq "led_mode 1: LED on" 1 "$(line 14)"
echo 2 >$sys/led_mode
check_eq "led_mode 2: LED off" 0 "$(line 14)"
if [ $backend = testchip ]; then
	check "the consumer's outputs cannot be driven from the test side" bash -c "! echo '13 1' >$g/set"
else
	setl 13 1
	check_eq "a pull on a line the consumer drives changes nothing" 0 "$(line 13)"
fi

check "rmmod ipcam" rmmod ipcam
check "rmmod the GPIO test module" rmmod ipcam_gpio_test
if [ $backend = gpio-sim ]; then
	echo 0 >"$sim/live"
	rmdir "$sim/bank0" "$sim"
	check "gpio-sim chip removed" test ! -d "$sim"
fi
finish

#!/bin/bash
# Board suite: the GPIO motor backend against a software GPIO chip
# (kmod/test/ipcam_gpio_test.ko): coils are driven, limit switches stop
# moves and home the head, the alarm line and IO/LED outputs work.
#
# The backend steps the coils from the step timer (hard-irq context), so it
# takes only lines that do not sleep.  Where the kernel has gpio-sim (the
# debug kernel), whose lines sleep, the suite first checks that such a chip
# is refused cleanly at probe, with ipcam_gpio_test wiring it up (chip=).
. tests/lib/board-env.sh
sys=/sys/class/misc/ptz0
g=/sys/kernel/debug/ipcam_gpio_test
sim=/sys/kernel/config/gpio-sim/ipcam

if grep -q '/gpio-sim.ko$' "/lib/modules/$(uname -r)/modules.builtin" 2>/dev/null; then
	mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
	mkdir -p "$sim/bank0"
	echo 16 >"$sim/bank0/num_lines"
	echo ipcam-gpio-sim >"$sim/bank0/label"
	echo 1 >"$sim/live"
	check "gpio-sim chip is live" test -d "/sys/devices/platform/$(cat "$sim/dev_name")"
	check "lookup table onto the gpio-sim chip loads" \
		insmod "$IPCAM_KMOD/test/ipcam_gpio_test.ko" chip=ipcam-gpio-sim
	load_ipcam
	check "sleeping GPIO lines: probe refuses them with a clear error" \
		bash -c "dmesg | grep -q 'pan: sleeping GPIO not supported'"
	check "sleeping GPIO lines: no camera half set up" test ! -e /dev/ptz0 -a ! -e "$sys"
	check "rmmod ipcam after the refused probe" rmmod ipcam
	check "rmmod the lookup table" rmmod ipcam_gpio_test
	echo 0 >"$sim/live"
	rmdir "$sim/bank0" "$sim"
	check "gpio-sim chip removed" test ! -d "$sim"
fi

check "software GPIO chip loads" insmod "$IPCAM_KMOD/test/ipcam_gpio_test.ko"
line() { echo $(( $(cat $g/levels) >> $1 & 1 )); }
setl() { echo "$1 $2" >$g/set; }
coils() { echo $(( $(cat $g/levels) & 0xff )); }

check "ipcam loads" load_ipcam
check "camera 0 uses the GPIO motors" bash -c "dmesg | grep -q 'ptz0 (gpio motors)'"
wait_idle() { for _ in $(seq 1 100); do [ "$(cat $sys/state)" = idle ] && return 0; sleep 0.1; done; return 1; }

# Steps drive the coils: a half-step sequence changes one coil per step.
v=$(ipcam_video_node 0)
w0=$(cat $g/coil_writes)
v4l2-ctl -d "$v" -c pan_relative=3600		# 1 degree = 11 steps of 4096/rev
wait_idle
w1=$(cat $g/coil_writes)
check "the coils were switched at least once per step ($((w1 - w0)))" test $((w1 - w0)) -ge 11
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
python3 - "$g" >/tmp/homed.txt <<'PY' &
import fcntl, os, select, struct, sys, time
g = sys.argv[1]
fd = os.open("/dev/ptz0", os.O_RDWR)
fcntl.ioctl(fd, 0xB904)        # IPCAM_PTZ_IOC_CENTER = _IO(0xB9, 4)
time.sleep(1.0)
for l in (8, 10):
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
check "the consumer's outputs cannot be driven from the test side" bash -c "! echo '13 1' >$g/set"

check "rmmod ipcam" rmmod ipcam
check "rmmod the GPIO chip" rmmod ipcam_gpio_test
finish

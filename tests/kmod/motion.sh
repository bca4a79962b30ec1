#!/bin/bash
# Board suite: motion detection in the sensor driver.
#  - the Detect class controls and V4L2_EVENT_MOTION_DET, with standard
#    tools: v4l2-ctl --wait-for-event=motion_det sees the scene's car;
#  - through libipcam (tests/lib/motion-watch.c): the car is seen within a
#    bounded time, and not at all once its cells are excluded by the
#    threshold grid;
#  - not motion: a brightness jump, a contrast jump, a pan of the head.
# The detector's cost per frame is in tests/kmod/bench.sh (render_bench).
. tests/lib/board-env.sh

mw=build/tests/board/motion-watch
dbg=/sys/kernel/debug/ipcam.0
car="echo 1 > $dbg/scene_activity"

check "ipcam loads" load_ipcam
v=$(ipcam_video_node 0)
ctrls=$(v4l2-ctl -d "$v" -l)
for c in motion_detection_mode md_global_threshold md_threshold_grid md_brightness_compensation; do
	check "control $c" grep -q "^ *$c " <<<"$ctrls"
done
check "md_threshold_grid is 16 x 12 cells" bash -c "v4l2-ctl -d $v -L | grep -A0 md_threshold_grid | grep -q '\[16\]\[12\]'"

# v4l2-ctl alone: one process streams, another waits for the event.
v4l2-ctl -d "$v" --set-fmt-video=width=160,height=120,pixelformat=YUYV -c motion_detection_mode=1
v4l2-ctl -d "$v" --stream-mmap --stream-count=600 >/dev/null 2>&1 &
spid=$!
sleep 2
timeout 30 v4l2-ctl -d "$v" --wait-for-event=motion_det >/tmp/md-event.txt 2>&1 &
wpid=$!
sleep 1
eval "$car"
wait $wpid
check "v4l2-ctl --wait-for-event=motion_det sees the car" grep -qi "motion" /tmp/md-event.txt
sed 's/^/    /' /tmp/md-event.txt | head -6
kill $spid 2>/dev/null
wait $spid 2>/dev/null
v4l2-ctl -d "$v" -c motion_detection_mode=0
sleep 6		# that car drives on out of the view

# libipcam: the sensor's own detector, the car's latency.
out=$($mw -s 7.5 -T "$car" "$v")
echo "$out" | sed 's/^/    /' | sed -n '1,6p;$p' 
check "libipcam uses the sensor's detector" grep -q "^detector hardware" <<<"$out"
first=$(sed -n 's/^events [0-9]* first_ms //p' <<<"$out")
echo "    car to motion event: $first ms (the car enters the view 250 ms after the trigger)"
check "the car is seen within 5 s ($first ms)" test "${first:--1}" -ge 0 -a "${first:--1}" -lt 5000
last=$(grep '^event ' <<<"$out" | tail -n 1)
check "motion ends once the car has gone ($last)" grep -q 'regions=0x00000000' <<<"$last"
d=$(cat $dbg/motion)
echo "$d" | sed 's/^/    /'

# The street's cells (rows 9..11 at pan 0) excluded: the car is never motion.
sleep 1
out=$($mw -x 9:11 -s 6.5 -T "$car" "$v")
check_eq "street cells excluded by the grid: no event" "events 0 first_ms -1" "$(tail -n 1 <<<"$out")"

# Not motion: the lights (brightness, contrast) and the head's own moves.
out=$($mw -s 6 -T "v4l2-ctl -d $v -c brightness=200; sleep 2; v4l2-ctl -d $v -c contrast=1" "$v")
check_eq "brightness and contrast jumps: no event" "events 0 first_ms -1" "$(tail -n 1 <<<"$out")"
v4l2-ctl -d "$v" -c brightness=96,contrast=4
out=$($mw -s 6 -T "v4l2-ctl -d $v -c pan_relative=72000" "$v")
check_eq "a 20 degree pan of the head: no event" "events 0 first_ms -1" "$(tail -n 1 <<<"$out")"

check "rmmod ipcam" rmmod ipcam
finish

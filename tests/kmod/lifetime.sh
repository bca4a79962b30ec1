#!/bin/bash
# Board suite: lifetime.  Two cameras stream at once; load, stream, unload
# 10 times without leaking; unbind and rmmod while the node is open.
. tests/lib/board-env.sh

vmalloc_kb() { awk '/^VmallocUsed:/ { print $2 }' /proc/meminfo; }
slab_kb() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }

check "load with devices=2" load_ipcam devices=2
n0=$(ipcam_video_node 0) n1=$(ipcam_video_node 1)
v4l2-ctl -d $n0 --stream-mmap --stream-count=60 --stream-to=/tmp/c0.raw &
p0=$!
v4l2-ctl -d $n1 --stream-mmap --stream-count=60 --stream-to=/tmp/c1.raw &
p1=$!
wait $p0; r0=$?
wait $p1; r1=$?
check "camera 0 streamed while camera 1 did" test $r0 -eq 0
check "camera 1 streamed while camera 0 did" test $r1 -eq 0
check_eq "camera 0: 60 frames" $((60 * 640 * 480 * 2)) "$(stat -c %s /tmp/c0.raw)"
check_eq "camera 1: 60 frames" $((60 * 640 * 480 * 2)) "$(stat -c %s /tmp/c1.raw)"
rmmod ipcam
rm -f /tmp/c0.raw /tmp/c1.raw

# Leak check: after a warm-up cycle (first-use allocations of the media
# core), 10 more cycles must leave vmalloc and slab use where they were:
# a camera's 6 MiB of vmalloc, or 100 kB of slab a cycle, would show.  A
# smaller leak is the debug kernel's to find: its kmemleak scan at the end
# of the boot names any single cycle's, so it runs 3 (each costs it about
# 8 s: two cameras, each with its sound card, under KASAN).
cycles=10
[ "$IPCAM_KMOD" = kmod ] || cycles=3
load_ipcam && v4l2-ctl -d "$(ipcam_video_node 0)" --stream-mmap --stream-count=3 && rmmod ipcam
sync; echo 3 >/proc/sys/vm/drop_caches
vm0=$(vmalloc_kb) slab0=$(slab_kb)
okc=0
for i in $(seq 1 $cycles); do
	load_ipcam devices=2 &&
		v4l2-ctl -d "$(ipcam_video_node 0)" --stream-mmap --stream-count=3 &&
		v4l2-ctl -d "$(ipcam_video_node 1)" --stream-user --stream-count=3 &&
		rmmod ipcam && okc=$((okc + 1))
done
check_eq "$cycles load/stream/unload cycles" $cycles $okc
sync; echo 3 >/proc/sys/vm/drop_caches
vm1=$(vmalloc_kb) slab1=$(slab_kb)
echo "    vmalloc ${vm0} -> ${vm1} kB, slab ${slab0} -> ${slab1} kB"
# One camera holds 6 MiB of vmalloc: a leak of one would show plainly.
check "vmalloc back to baseline (within 512 kB)" test $((vm1 - vm0)) -lt 512
check "slab back to baseline (within 1024 kB)" test $((slab1 - slab0)) -lt 1024

# rmmod while the node is open is refused cleanly, then works after close.
load_ipcam
node=$(ipcam_video_node 0)
exec 3<"$node"
check "rmmod while open is refused" bash -c "! rmmod ipcam 2>/dev/null"
exec 3<&-
check "rmmod after close works" rmmod ipcam

# Unbind while a program streams with read() and holds the node open.
load_ipcam
python3 tests/kmod/v4l2_unplug.py "$(ipcam_video_node 0)" ipcam.0
check "rebind after unplug" bash -c "echo ipcam.0 >/sys/bus/platform/drivers/ipcam/bind"
check "camera is back after rebind" v4l2-ctl -d "$(ipcam_video_node 0)" --stream-mmap --stream-count=2

# Unbind under an mmap stream (DQBUF waiting, or between calls): it ends
# with "No such device", never "Invalid argument".  Only once frames flow
# (v4l2-ctl prints a '<' to stderr for each): its start-up takes seconds on
# the debug kernel, and an unbind before its open would test nothing.
v4l2-ctl -d "$(ipcam_video_node 0)" --stream-mmap --stream-count=100000 \
	>/dev/null 2>/tmp/unplug.err &
sp=$!
for _ in $(seq 1 600); do
	[ "$(tr -cd '<' </tmp/unplug.err | wc -c)" -ge 3 ] && break
	kill -0 $sp 2>/dev/null || break
	sleep 0.1
done
check "mmap streamer streams before the unbind" \
	test "$(tr -cd '<' </tmp/unplug.err | wc -c)" -ge 3
echo ipcam.0 >/sys/bus/platform/drivers/ipcam/unbind
for _ in $(seq 1 100); do kill -0 $sp 2>/dev/null || break; sleep 0.1; done
check "mmap streamer ended after unbind" bash -c "! kill -0 $sp 2>/dev/null"
wait $sp
echo "    v4l2-ctl exit status $?: $(tr '\n' ' ' </tmp/unplug.err | tr -d '<>' | cut -c1-300)"
# (v4l2-ctl prints the errno of a failed DQBUF but not of a failed QBUF,
# which is what an unbind between the two gives)
check "mmap streamer stopped on the unbind ($(grep -o -e 'VIDIOC_DQBUF.*' -e 'qbuf error' /tmp/unplug.err | head -n 1))" \
	grep -q -e "VIDIOC_DQBUF: failed: No such device" -e "do_handle_cap: qbuf error" /tmp/unplug.err
check "no call saw EINVAL" bash -c "! grep -q 'Invalid argument' /tmp/unplug.err"
check "rebind after the mmap unplug" bash -c "echo ipcam.0 >/sys/bus/platform/drivers/ipcam/bind"
check "rmmod at the end" rmmod ipcam
finish

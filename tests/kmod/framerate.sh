#!/bin/bash
# Board suite: the delivered frame rate matches the requested interval
# within 2% over 10 s, measured from the buffers' own timestamps, with no
# sequence gaps.
. tests/lib/board-env.sh

load_ipcam || { fail "load ipcam"; finish; }
node=$(ipcam_video_node 0)

# rate FPS SIZE: stream 10 s at FPS and print "measured-fps gaps".
rate() {
	local fps=$1 w=${2%x*} h=${2#*x}
	v4l2-ctl -d "$node" --set-fmt-video=width=$w,height=$h,pixelformat=YUYV --set-parm="$fps" >/dev/null
	v4l2-ctl -d "$node" --stream-mmap=4 --stream-count=$((fps * 10 + 1)) --verbose 2>&1 |
		python3 -c '
import re, sys
ts, seq = [], []
for l in sys.stdin:
    m = re.search(r"seq:\s*(\d+).*ts:\s*([0-9.]+)", l)
    if m:
        seq.append(int(m.group(1))); ts.append(float(m.group(2)))
gaps = sum(1 for a, b in zip(seq, seq[1:]) if b != a + 1)
print(f"{(len(ts) - 1) / (ts[-1] - ts[0]):.3f} {gaps}" if len(ts) > 1 else "0 0")'
}

for spec in "30 320x240" "15 640x480" "5 640x480"; do
	set -- $spec
	read -r got gaps < <(rate "$1" "$2")
	check "$2 at $1 fps for 10 s: measured $got fps, within 2%" \
		awk -v g="$got" -v w="$1" 'BEGIN { d = (g - w) / w; exit !(d < 0.02 && d > -0.02) }'
	check_eq "$2 at $1 fps: no sequence gaps" 0 "$gaps"
done
rmmod ipcam
finish

#!/bin/bash
# Board suite: the sensor's frame clock follows the requested interval,
# measured from the buffers' own timestamps over 10 s: the median interval
# is within 2% of the requested one (robust to the odd stall of the QEMU
# host, which the driver absorbs by skipping ahead), at least 90% of the
# frames due in that time arrive, and the sequence has no gaps.
. tests/lib/board-env.sh

load_ipcam || { fail "load ipcam"; finish; }
node=$(ipcam_video_node 0)

# rate FPS SIZE: stream 10 s at FPS and print
# "fps-from-median-interval mean-fps delivered-fraction gaps".
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
if len(ts) < 3:
    print("0 0 0 0"); sys.exit()
gaps = sum(1 for a, b in zip(seq, seq[1:]) if b != a + 1)
iv = sorted(b - a for a, b in zip(ts, ts[1:]))
mean = (len(ts) - 1) / (ts[-1] - ts[0])
print(f"{1 / iv[len(iv) // 2]:.3f} {mean:.3f} {mean / float(sys.argv[1]):.3f} {gaps}")' "$fps"
}

for spec in "30 320x240" "15 640x480" "5 640x480"; do
	set -- $spec
	read -r got mean frac gaps < <(rate "$1" "$2")
	echo "$2 at $1 fps: median interval gives $got fps, mean $mean fps"
	check "$2 at $1 fps: median frame interval gives $got fps, within 2%" \
		awk -v g="$got" -v w="$1" 'BEGIN { d = (g - w) / w; exit !(d < 0.02 && d > -0.02) }'
	check "$2 at $1 fps: $frac of the frames due delivered, at least 0.9" \
		awk -v f="$frac" 'BEGIN { exit !(f >= 0.9) }'
	check_eq "$2 at $1 fps: no sequence gaps" 0 "$gaps"
done
rmmod ipcam
finish

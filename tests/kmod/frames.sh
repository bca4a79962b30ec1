#!/bin/bash
# Board suite: the pixels follow the controls.  Frames are captured with
# v4l2-ctl --stream-mmap and decoded by yuv.py.
. tests/lib/board-env.sh

load_ipcam || { fail "load ipcam"; finish; }
node=$(ipcam_video_node 0)
y() { python3 tests/kmod/yuv.py "$@"; }
export -f y 2>/dev/null
W=640 H=480
d=/tmp/frames
mkdir -p $d

# grab NAME [CONTROLS]: one frame after the controls are set (the third, so
# the change has reached the generator for certain).
grab() {
	local name=$1 fmt=${3:-YUYV}
	[ -z "${2:-}" ] || v4l2-ctl -d "$node" -c "$2"
	v4l2-ctl -d "$node" --set-fmt-video=width=$W,height=$H,pixelformat=$fmt \
		--stream-mmap --stream-count=3 --stream-skip=2 --stream-to=$d/$name.raw ||
		return 1
}

field() { y stats "$1" $W $H "${2:-YUYV}" | awk -v f="$3" '{ for (i = 1; i < NF; i++) if ($i == f) print $(i + 1) }'; }

check "default frame" grab base "brightness=96,contrast=4,horizontal_flip=0,vertical_flip=0,power_line_frequency=1"
check "OSD drawn" y osd $d/base.raw $W $H YUYV
base_mean=$(field $d/base.raw YUYV mean)
base_std=$(field $d/base.raw YUYV std)
echo "    base: mean $base_mean std $base_std"

grab bright "brightness=176"
bright_mean=$(field $d/bright.raw YUYV mean)
check "brightness 176 raises mean luma by > 50 ($base_mean -> $bright_mean)" \
	python3 -c "import sys; sys.exit(not ($bright_mean - $base_mean > 50))"
grab dark "brightness=16"
dark_mean=$(field $d/dark.raw YUYV mean)
check "brightness 16 lowers mean luma by > 50 ($base_mean -> $dark_mean)" \
	python3 -c "import sys; sys.exit(not ($base_mean - $dark_mean > 50))"
v4l2-ctl -d "$node" -c brightness=96

grab lowc "contrast=0"
lowc_std=$(field $d/lowc.raw YUYV std)
grab highc "contrast=6"
highc_std=$(field $d/highc.raw YUYV std)
check "contrast 0 < 4 < 6 in luma spread ($lowc_std, $base_std, $highc_std)" \
	python3 -c "import sys; sys.exit(not ($lowc_std < $base_std < $highc_std))"
v4l2-ctl -d "$node" -c contrast=4

grab mirror "horizontal_flip=1"
check "mirror: every picture row reversed" y mirrored $d/base.raw $d/mirror.raw $W $H YUYV
grab flip "horizontal_flip=0,vertical_flip=1"
check "flip: rows in reverse order" y flipped $d/base.raw $d/flip.raw $W $H YUYV
v4l2-ctl -d "$node" -c vertical_flip=0

# Same checks in planar 4:2:0.
grab base420 "" YU12
grab mirror420 "horizontal_flip=1" YU12
check "YU12 mirror" y mirrored $d/base420.raw $d/mirror420.raw $W $H YU12
v4l2-ctl -d "$node" -c horizontal_flip=0

# Power line: the virtual scene's lamps run on 50 Hz mains.  50 Hz hides
# their flicker; 60 Hz and outdoor (disabled) show rolling bands.
grab plf60 "power_line_frequency=2"
base_spread=$(field $d/base.raw YUYV rowmean_spread)
plf_spread=$(field $d/plf60.raw YUYV rowmean_spread)
grab plf50 "power_line_frequency=1"
grab outdoor "power_line_frequency=0"
outdoor_spread=$(field $d/outdoor.raw YUYV rowmean_spread)
grab plf50 "power_line_frequency=1"
echo "    row-mean spread: 50 Hz $base_spread, 60 Hz $plf_spread, outdoor $outdoor_spread"
check "60 Hz under 50 Hz lamps shows bands" bash -c "! y same $d/base.raw $d/plf60.raw $W $H YUYV"
check "outdoor setting indoors shows bands" bash -c "! y same $d/base.raw $d/outdoor.raw $W $H YUYV"
check "back at 50 Hz the picture is clean again" y same $d/base.raw $d/plf50.raw $W $H YUYV

# Every size renders the same field of view.
for size in 160x120 320x240 1280x720; do
	w=${size%x*} h=${size#*x}
	check "capture $size" v4l2-ctl -d "$node" --set-fmt-video=width=$w,height=$h,pixelformat=YUYV \
		--stream-mmap --stream-count=1 --stream-to=$d/s$size.raw
	check "$size frame has $((w * h * 2)) bytes" test "$(stat -c %s $d/s$size.raw)" -eq $((w * h * 2))
done

rmmod ipcam
finish

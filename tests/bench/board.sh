#!/bin/bash
# Guest side of the streaming benchmark (tests/bench/run.sh): on the QEMU
# board's ipcam camera, ipcamd and Debian's uStreamer stream from the same
# V4L2 node, one after the other, each at 30 fps, JPEG quality 80 and one
# encoder thread, to 1 / 10 / 50 / 100 viewers at each SIZE; then the CGI
# latency idle and under 50 ipcamd viewers; then the pan motor's step
# timing (ptz-test --bench).  Prints BENCH lines
# (tests/lib/bench.sh) for tests/bench/table.py, and PASS/FAIL lines.
#
#   tests/board/board.sh test tests/bench/board.sh [KEY=VALUE...]
#       sizes="320x240 640x480" counts="1 10 50 100" cgi=200 (requests of
#       each CGI) window=20 warmup=5 (tests/lib/bench.sh) bin=DIR (where
#       ipcamd and mjpeg-viewers are; default: the build tree's)
# (arguments, not the environment: board.sh passes only those in)
#
# The viewers run inside the board, on its loopback: board.sh's test mode
# has no network device, and reaching the guest through QEMU's user-mode
# network would put slirp, a host process far costlier per byte than the
# guest's loopback, between every frame and its viewer.  mjpeg-viewers is
# one epoll thread that only checks framing and counts, so its CPU is small
# beside the server's, and it is the same load for both servers; the
# server's CPU is read from its own /proc/PID/stat, which the viewers'
# work is not part of.
set -euo pipefail
. tests/lib/board-env.sh
. tests/lib/bench.sh

sizes="320x240 640x480"
counts="1 10 50 100"
cgi_requests=200
IPCAMD=build/daemon/ipcamd
PTZ_TEST=build/tests/board/ptz-test
for a in "$@"; do
	case $a in
	sizes=*) sizes=${a#*=} ;;
	counts=*) counts=${a#*=} ;;
	cgi=*) cgi_requests=${a#*=} ;;
	window=*) BENCH_WINDOW=${a#*=} ;;
	warmup=*) BENCH_WARMUP=${a#*=} ;;
	bin=*) IPCAMD=${a#*=}/ipcamd BENCH_VIEWERS=${a#*=}/mjpeg-viewers PTZ_TEST=${a#*=}/ptz-test ;;
	*) echo "board.sh: unknown argument $a" >&2; exit 2 ;;
	esac
done
unset IPCAM_ADMIN_PASSWORD
PORT=8091
USTREAMER_PORT=8092
ADMIN_PWD='B3nch-Adm1n'
work=$(mktemp -d /tmp/ipcam-bench.XXXXXX)
spid=

sname=
stop_server() {
	if [ -n "$spid" ]; then
		bench_stop "$spid" "$sname"
		spid=
	fi
}
cleanup() {
	stop_server
	rmmod ipcam 2>/dev/null || true
}
trap cleanup EXIT

check "load the ipcam module" load_ipcam
for _ in $(seq 1 100); do ipcam_video_node 0 >/dev/null && break; sleep 0.05; done
node=$(ipcam_video_node 0) || { fail "no ipcam video node"; finish; }

# uStreamer reads YUYV (it takes YUYV, UYVY, RGB565, RGB24, MJPEG, JPEG;
# the node has YUYV and YUV420).
v4l2-ctl -d "$node" --list-formats | grep -q "'YUYV'" || { fail "the node has no YUYV"; finish; }
echo "BENCH info kernel $(uname -r)"
echo "BENCH info board_cpus $(nproc) $(grep -m 1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "BENCH info ustreamer $(ustreamer --version)"

code_of() {
	case $1 in
	320x240) echo 8 ;;
	640x480) echo 32 ;;
	*) echo "$1" ;;	# ipcamd takes WxH as well
	esac
}

start_ipcamd() {
	local max=$1
	bench_ipcamd_conf "$work/ipcamd.conf" "$PORT" "$work/state" "$max" "$node"
	# the node's rate, which ipcamd keeps (camera_control param 6): 30 fps
	v4l2-ctl -d "$node" --set-parm=30 >/dev/null
	IPCAM_ADMIN_PASSWORD=$ADMIN_PWD "$IPCAMD" -f -c "$work/ipcamd.conf" -l warning \
		>>"$work/ipcamd.log" 2>&1 &
	spid=$!
	sname=ipcamd
	bench_wait_http "http://127.0.0.1:$PORT/get_status.cgi" || {
		tail -n 5 "$work/ipcamd.log"
		return 1
	}
}

start_ustreamer() {
	local size=$1
	# one encoder thread, quality 80, 30 fps; its default buffers (cores + 1)
	ustreamer --device "$node" --format YUYV --resolution "$size" --desired-fps 30 \
		--workers 1 --quality 80 --host 127.0.0.1 --port "$USTREAMER_PORT" \
		--no-log-colors >>"$work/ustreamer.log" 2>&1 &
	spid=$!
	sname=ustreamer
	bench_wait_http "http://127.0.0.1:$USTREAMER_PORT/state" || {
		tail -n 5 "$work/ustreamer.log"
		return 1
	}
}

# measure SERVER SIZE N PORT PATH [OPTION...]: one cell of the table.
measure() {
	local server=$1 size=$2 n=$3 port=$4 path=$5 r
	shift 5
	if r=$(bench_measure "$n" "$spid" "$port" "$path" "$@"); then
		echo "BENCH stream $server $size $n $r"
		# shellcheck disable=SC2086	# r is six numbers
		set -- $r
		check "$server $size, $n viewers: every stream intact (bad=$6)" test "$6" -eq 0
	else
		fail "$server $size, $n viewers: no window measured"
	fi
}

max_count=0
for n in $counts; do [ "$n" -gt "$max_count" ] && max_count=$n; done

for size in $sizes; do
	q="user=admin&pwd=$ADMIN_PWD&resolution=$(code_of "$size")&rate=0"
	if ! start_ipcamd "$max_count"; then
		fail "ipcamd starts ($size)"
		stop_server
		continue
	fi
	for n in $counts; do
		measure ipcamd "$size" "$n" "$PORT" "/videostream.cgi?$q"
		# let the capture stop (capture_linger 1 s), so that each cell
		# starts the same way
		sleep 2
	done
	stop_server

	if ! start_ustreamer "$size"; then
		fail "ustreamer starts ($size)"
		stop_server
		continue
	fi
	# once, what uStreamer sends (the framing mjpeg-viewers -u reads)
	if [ "$size" = "${sizes%% *}" ]; then
		curl -s -i --max-time 3 "http://127.0.0.1:$USTREAMER_PORT/stream" 2>/dev/null |
			head -c 400 | LC_ALL=C tr -c '[:print:]\n' '.' | sed 's/^/  ustreamer framing: /' || true
		echo
	fi
	for n in $counts; do
		measure ustreamer "$size" "$n" "$USTREAMER_PORT" /stream -u
		sleep 2
	done
	stop_server
done

# CGI latency: idle, then while 50 viewers stream from ipcamd at the
# largest size (the load the camera's own page and an NVR put on it).
if [ "$cgi_requests" -gt 0 ]; then
	load_size=${sizes##* }
	load_n=50
	start_ipcamd "$load_n" || fail "ipcamd starts (CGI latency)"
	/usr/bin/python3 tests/bench/cgi-latency.py "$PORT" admin "$ADMIN_PWD" "$cgi_requests" idle ||
		fail "CGI latency idle: errors"
	q="user=admin&pwd=$ADMIN_PWD&resolution=$(code_of "$load_size")&rate=0"
	"$BENCH_VIEWERS" -n "$load_n" -w 5 -s 900 127.0.0.1 "$PORT" "/videostream.cgi?$q" \
		>"$work/load-viewers" 2>&1 &
	vpid=$!
	# the same warm-up as the streams' cells
	sleep $((BENCH_WARMUP + 3))
	# which of the node's formats ipcamd captures in (uStreamer: YUYV)
	echo "BENCH info ipcamd_format $(v4l2-ctl -d "$node" --get-fmt-video |
		awk -F"'" '/Pixel Format/ { print $2 }')"
	/usr/bin/python3 tests/bench/cgi-latency.py "$PORT" admin "$ADMIN_PWD" "$cgi_requests" \
		"${load_n}x$load_size" || fail "CGI latency under load: errors"
	bench_stop "$vpid" "the load's viewers"
	# the viewers' fps while the probe ran (windows of 5 s)
	awk '/^window/ { print "  load viewers: " $0 }' "$work/load-viewers" | tail -n 3
	stop_server
fi

# The pan motor's step timing: the rate measured between moves of 400 and
# 1200 steps, and the jitter of the longer move, at each requested rate.
if "$PTZ_TEST" --bench /dev/ptz0 >"$work/ptz-bench" 2>&1; then
	sed 's/^/  /' "$work/ptz-bench"
	awk '/^requested/ { gsub(/[(),%]/, "", $7); print "BENCH ptz " $2 " " $5 " " $7 " " $(NF - 1) }' \
		"$work/ptz-bench"
	check "PTZ step timing measured at 3 rates" test "$(grep -c '^requested' "$work/ptz-bench")" -eq 3
else
	cat "$work/ptz-bench"
	fail "PTZ step timing"
fi

# the servers' complaints, if any (uStreamer logs every viewer that hangs
# up at INFO: only its ERROR lines)
grep -iE 'error|warning' "$work/ipcamd.log" 2>/dev/null | sort | uniq -c | head -n 10 || true
grep -E -- '-- ERROR' "$work/ustreamer.log" 2>/dev/null | head -n 10 || true
finish

# shellcheck shell=bash
# Sourced by the streaming benchmark's scripts (tests/bench/board.sh inside
# the board, tests/bench/native.sh on the host): start a server, measure it
# under build/tests/board/mjpeg-viewers, print one result line per cell.
#
# Result lines, read by tests/bench/table.py:
#   BENCH stream SERVER SIZE VIEWERS FPS_MIN FPS_MEDIAN FRAMES CPU_S WINDOW_S BAD
#   BENCH native SIZE VIEWERS FPS_MIN FPS_MEDIAN FRAMES CPU_S WINDOW_S BAD RSS_KB HWM_KB
#   BENCH cgi NAME LOAD COUNT P50_MS P99_MS MAX_MS ERRORS
#   BENCH info KEY VALUE...
# FRAMES is the sum of every viewer's frames in the window, CPU_S the
# server process's utime + stime over that same window (mjpeg-viewers -p
# reads /proc/PID/stat at the window's two ends).

BENCH_VIEWERS=${BENCH_VIEWERS:-build/tests/board/mjpeg-viewers}

# Warm-up before the measured window: excludes the capture's start (format,
# buffers, STREAMON; ipcamd restarts its capture when a larger size comes),
# the viewers' connects and TCP slow start, and the first allocations of the
# encoder.  5 s is several times the slowest of those seen under QEMU TCG.
BENCH_WARMUP=${BENCH_WARMUP:-5}
# The measured window: 20 s holds 600 frames at 30 fps and, even for one
# viewer, hundreds of the 10 ms clock ticks that utime and stime count in,
# so one tick more or less moves a figure by well under 1 %.  The short
# mode (BENCH_SHORT=1) uses 5 s: coarser, but a whole run in about a minute.
BENCH_WINDOW=${BENCH_WINDOW:-20}

# bench_ipcamd_conf FILE PORT STATE_DIR MAX_VIEWERS [CAMERA]: a daemon
# configuration with room for MAX_VIEWERS streams from one address (every
# viewer comes from 127.0.0.1) and no network client leaving the machine.
bench_ipcamd_conf() {
	local file=$1 port=$2 state=$3 max=$4 camera=${5:-}
	mkdir -p "$state"
	{
		echo "port = $port"
		echo "state_dir = $state"
		[ -n "$camera" ] && echo "camera = $camera"
		echo "reboot_action = exit"
		echo "connection_limit = $((max * 2 + 64))"
		echo "connections_per_ip = $((max * 2 + 64))"
		echo "max_viewers = $((max + 10))"
		echo "max_viewers_per_ip = $((max + 10))"
		echo "capture_linger = 1"
		echo "jpeg_quality = 80"
		cat tests/lib/loopback-net.conf
	}>"$file"
}

# bench_wait_http URL: until the server answers (at most 20 s).
bench_wait_http() {
	local _
	for _ in $(seq 1 400); do
		curl -s -o /dev/null --max-time 2 "$1" && return 0
		sleep 0.05
	done
	return 1
}

# bench_alive PID: running (a child that exited is a zombie until waited).
bench_alive() {
	local st
	st=$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "$st" != Z ]
}

# bench_stop PID NAME: SIGTERM, then SIGKILL if it is still there after
# 10 s (said on stderr), and reap it.
bench_stop() {
	local pid=$1 name=$2 _
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 1 100); do bench_alive "$pid" || break; sleep 0.1; done
	if bench_alive "$pid"; then
		echo "bench: $name did not stop within 10 s of SIGTERM: SIGKILL" >&2
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

# bench_measure N PID PORT PATH [MJPEG-VIEWERS OPTION...]: N viewers of
# http://127.0.0.1:PORT/PATH for one warm-up and one window, the server
# being PID.  Prints "FPS_MIN FPS_MEDIAN FRAMES CPU_S WINDOW_S BAD";
# the viewers' own output goes to stderr.  Fails when no window was measured.
bench_measure() {
	local n=$1 pid=$2 port=$3 path=$4 out line
	shift 4
	# the deadline only guards against a server that never delivers: the
	# viewers end after their one window
	out=$("$BENCH_VIEWERS" -n "$n" -W "$BENCH_WARMUP" -w "$BENCH_WINDOW" -N 1 -p "$pid" \
		-s $((BENCH_WARMUP + BENCH_WINDOW + 90)) "$@" 127.0.0.1 "$port" "$path" 2>&1) || true
	while IFS= read -r line; do echo "  viewers: $line"; done <<<"$out" >&2
	line=$(echo "$out" | grep -m 1 '^window 0 ') || return 1
	# window 0 t=T min=F median=F max=F frames=N bad=N churned=N cpu=S secs=S
	echo "$line" | awk '{
		for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		print v["min"], v["median"], v["frames"], v["cpu"], v["secs"], v["bad"]
	}'
}

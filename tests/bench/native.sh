#!/bin/bash
# Host side of the streaming benchmark (tests/bench/run.sh): ipcamd natively
# on this machine with its test picture (--test-pattern, a synthetic 30 fps
# source through the same scale/encode/hub/HTTP path as a camera), COUNTS
# viewers of videostream.cgi at SIZE and full rate.  Per count, a fresh
# daemon, so that VmHWM is the peak of that count alone.  Prints BENCH
# native lines (tests/lib/bench.sh) and PASS/FAIL lines.
#
#   tests/bench/native.sh [COUNTS] [RESOLUTION_CODE]     default "100 500" 32
#
# The viewers share the machine with the daemon (2 cores here): the
# figures are the daemon's own, from /proc/PID/stat and /proc/PID/status.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
. tests/lib/assert.sh
. tests/lib/bench.sh

counts=${1:-"100 500"}
res=${2:-32}
IPCAMD=${IPCAMD:-build/daemon/ipcamd}
unset IPCAM_ADMIN_PASSWORD
ADMIN_PWD='B3nch-Adm1n'
work=$(mktemp -d /tmp/ipcam-bench-native.XXXXXX)
dpid=

stop_daemon() {
	if [ -n "$dpid" ]; then
		bench_stop "$dpid" ipcamd
		dpid=
	fi
}
# shellcheck disable=SC2317	# the EXIT trap's
cleanup() {
	stop_daemon
	rm -rf "$work"
}
trap cleanup EXIT

case $res in
8) size=320x240 ;;
32) size=640x480 ;;
*) size=$res ;;
esac
# a free loopback port
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

for n in $counts; do
	rm -rf "$work/state"
	bench_ipcamd_conf "$work/ipcamd.conf" "$port" "$work/state" "$n"
	IPCAM_ADMIN_PASSWORD=$ADMIN_PWD "$IPCAMD" -f -c "$work/ipcamd.conf" -L 127.0.0.1 \
		-l warning --test-pattern >>"$work/ipcamd.log" 2>&1 &
	dpid=$!
	check "native ipcamd starts ($n viewers)" bench_wait_http "http://127.0.0.1:$port/get_status.cgi"
	q="user=admin&pwd=$ADMIN_PWD&resolution=$res&rate=0"
	# VmRSS while the viewers stream (once a second; the largest is
	# reported): read after them, it would be the daemon at rest.  VmHWM
	# too: the kernel's RSS counters are per-thread caches summed when
	# read, so the peak is the largest of every reading.
	: >"$work/rss"
	: >"$work/hwm"
	(
		while sleep 1; do
			awk '/^VmRSS:/ {print $2 >>"'"$work/rss"'"} /^VmHWM:/ {print $2 >>"'"$work/hwm"'"}' \
				"/proc/$dpid/status" 2>/dev/null || exit 0
		done
	) &
	rss_pid=$!
	if r=$(bench_measure "$n" "$dpid" "$port" "/videostream.cgi?$q"); then
		kill "$rss_pid" 2>/dev/null || true
		wait "$rss_pid" 2>/dev/null || true
		awk '/^VmHWM:/ {print $2}' "/proc/$dpid/status" >>"$work/hwm"
		rss=$(sort -n "$work/rss" | tail -n 1)
		hwm=$(cat "$work/rss" "$work/hwm" | sort -n | tail -n 1)
		echo "BENCH native $size $n $r $rss $hwm"
		# shellcheck disable=SC2086	# r is six numbers
		set -- $r
		check "native $size, $n viewers: every stream intact (bad=$6)" test "$6" -eq 0
	else
		kill "$rss_pid" 2>/dev/null || true
		fail "native $size, $n viewers: no window measured"
	fi
	stop_daemon
done
grep -iE 'error|warning' "$work/ipcamd.log" | sort | uniq -c | head -n 10 || true
finish

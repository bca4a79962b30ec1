#!/bin/bash
# make bench: the streaming benchmark against uStreamer, in one run.
#   1. on the QEMU board, ipcamd and uStreamer from the same V4L2 node
#      (tests/bench/board.sh): CPU per delivered frame, fps, their ratio;
#   2. natively on the host, ipcamd --test-pattern at 100 and 500 viewers
#      (tests/bench/native.sh): CPU, fps, RSS;
#   3. on the board, CGI latency idle and under 50 viewers
#      (tests/bench/cgi-latency.py);
#   4. on the board, the PTZ motors' step timing at 200, 400 and 800
#      steps/s (tests/kmod/ptz-test --bench; make check runs 800 only).
# The table goes to stdout and to build/bench/results.txt (with the date
# and the machine); the logs it was made from are next to it.
#
#   tests/bench/run.sh [short]        (after make tests)
#
# short (or BENCH_SHORT=1): 320x240 only, 1 and 10 viewers, a 5 s window,
# 50 CGI requests, 100 native viewers: about a minute, for make check.
#
# It holds /tmp/ipcam-qemu.lock (IPCAM_QEMU_LOCK) for the whole run, the
# lock every QEMU run on this machine takes: one board at a time on 2
# cores, and no other board beside the native figures.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"

short=${BENCH_SHORT:-0}
[ "${1:-}" = short ] && short=1
if [ "$short" = 1 ]; then
	sizes=320x240
	counts="1 10"
	cgi_requests=50
	native_counts=100
	export BENCH_WINDOW=${BENCH_WINDOW:-5}
	# the short run's warm-up: long enough to be past the capture's start
	export BENCH_WARMUP=${BENCH_WARMUP:-3}
else
	sizes="320x240 640x480"
	counts="1 10 50 100"
	cgi_requests=200
	native_counts="100 500"
	export BENCH_WINDOW=${BENCH_WINDOW:-20}
	export BENCH_WARMUP=${BENCH_WARMUP:-5}
fi

out=build/bench
mkdir -p "$out"
for f in build/daemon/ipcamd build/lib/libipcam.so build/tests/board/mjpeg-viewers kmod/ipcam.ko; do
	[ -x "$f" ] || [ -f "$f" ] || { echo "bench: no $f (make tests first)" >&2; exit 2; }
done
command -v ustreamer >/dev/null || { echo "bench: no ustreamer (tests/board/setup.sh)" >&2; exit 2; }

exec 9>"${IPCAM_QEMU_LOCK:-/tmp/ipcam-qemu.lock}"
if ! flock -n 9; then
	echo "bench: waiting for ${IPCAM_QEMU_LOCK:-/tmp/ipcam-qemu.lock} (another QEMU run)"
	flock 9
fi

# A snapshot of what is measured, so that a rebuild of the tree during the
# run cannot change the daemon or the module under it.
# The layout keeps ipcamd's RUNPATH ($ORIGIN/../lib) pointing at its library.
snap=$out/snapshot
rm -rf "$snap"
mkdir -p "$snap/daemon" "$snap/lib" "$snap/kmod"
cp build/daemon/ipcamd build/tests/board/mjpeg-viewers build/tests/board/ptz-test "$snap/daemon/"
cp -P build/lib/libipcam.so* "$snap/lib/"
cp kmod/ipcam.ko "$snap/kmod/"
export IPCAMD=$snap/daemon/ipcamd BENCH_VIEWERS=$snap/daemon/mjpeg-viewers IPCAM_KMOD=$snap/kmod

start=$SECONDS
rc=0
echo "bench: board ($sizes; $counts viewers; window $BENCH_WINDOW s after $BENCH_WARMUP s)"
BOARD_TIMEOUT=3600 tests/board/board.sh test tests/bench/board.sh "sizes=$sizes" \
	"counts=$counts" "cgi=$cgi_requests" "window=$BENCH_WINDOW" "warmup=$BENCH_WARMUP" \
	"bin=$snap/daemon" >"$out/board.log" 2>&1 || rc=1
grep -E '^(FAIL|board:)' "$out/board.log" || true
echo "bench: native ($native_counts viewers)"
tests/bench/native.sh "$native_counts" 32 >"$out/native.log" 2>&1 || rc=1
grep -E '^FAIL' "$out/native.log" || true
# The lock is not needed to format the table.
exec 9>&-

cpu=$(grep -m 1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
mode=full
[ "$short" = 1 ] && mode=short
/usr/bin/python3 tests/bench/table.py \
	"ipcam streaming benchmark ($mode), $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null || echo '?')" \
	"Host: nproc $(nproc), $cpu; window $BENCH_WINDOW s after a $BENCH_WARMUP s warm-up; run $((SECONDS - start)) s" \
	-- "$out/board.log" "$out/native.log" >"$out/results.txt" || rc=1
cat "$out/results.txt"
grep -h 'viewers: unstarted' "$out/board.log" "$out/native.log" || true
[ $rc -eq 0 ] || echo "bench: something failed: $out/board.log, $out/native.log" >&2
exit $rc

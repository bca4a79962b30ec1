#!/bin/bash
# The soak: tests/soak/soak.sh in a boot of the camera board, judged and
# plotted on the host (tests/soak/trend.py, tests/soak/plot.gp).
#
#   tests/soak/run.sh [SECONDS] [EVERY]
#
# SECONDS of load (make soak: 3600; make check: 100 every 10), a sample of the
# daemon every EVERY seconds (default: 60, or 15 for runs under 20
# minutes so that a quarter still holds several).  Leaves the guest's
# output, samples.tsv, windows.tsv and soak.png in build/soak/.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"

secs=${1:-3600}
every=${2:-$([ "$secs" -lt 1200 ] && echo 15 || echo 60)}
out=build/soak
mkdir -p "$out"

BOARD_TIMEOUT=$((secs + 900)) tests/board/board.sh test tests/soak/soak.sh "$secs" "$every" \
	>"$out/soak.log" 2>&1
board_rc=$?
cat "$out/soak.log"
python3 tests/soak/trend.py "$out/soak.log" "$out"
trend_rc=$?
if [ -s "$out/samples.tsv" ]; then
	gnuplot -c tests/soak/plot.gp "$out/samples.tsv" "$out/windows.tsv" "$out/soak.png" \
		"ipcamd soak on the QEMU board: $((secs / 60)) min, 100 viewers, CGI and PTZ churn" &&
		echo "plot: $out/soak.png"
fi
[ $board_rc -eq 0 ] && [ $trend_rc -eq 0 ]

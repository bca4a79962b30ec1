#!/bin/bash
# Host-side harness self-test: board.sh's verdict on a part of a run in
# which the kernel WARNs must fail, even though the guest script itself
# succeeds.
#
#   tests/board/selftest.sh [VERDICT-LOG]
#
# VERDICT-LOG: the NAME.selftest.log that a run with BOARD_SELFTEST left
# (make check: the boot of each kernel's suites ends with the self-test, after
# their own logs and taint are taken).  Without it, a boot of its own that
# runs no suite and then the self-test.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/assert.sh"

log=${1:-}
if [ -z "$log" ]; then
	# BOARD_RUNNER: the board to check (Debian's kernel or the debug kernel).
	logs=$(mktemp -d)
	trap 'rm -rf "$logs"' EXIT
	BOARD_LOGDIR=$logs BOARD_SELFTEST=$here/selftest-warn.sh \
		"${BOARD_RUNNER:-$here/board.sh}" test "$here/suites.sh" >/dev/null 2>&1
	log=$logs/suites.selftest.log
fi
check "the self-test's verdict was written ($log)" test -s "$log"
sed 's/^/    /' "$log" 2>/dev/null
check "harness fails a run with a kernel WARN" grep -qx "board: verdict 1" "$log"
check "the failure names the kernel report" grep -q "kernel report" "$log"
check "the failure names the taint" grep -q "taint" "$log"
check "the guest script itself succeeded" grep -q "loaded and removed" "$log"
finish

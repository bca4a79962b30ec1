#!/bin/bash
# Host-side harness self-test: a guest run in which the kernel WARNs must
# fail, even though the guest script itself succeeds.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/assert.sh"

log=$(mktemp)
# BOARD_RUNNER: the board to check (Debian's kernel or the debug kernel).
if "${BOARD_RUNNER:-$here/board.sh}" test "$here/selftest-warn.sh" >"$log" 2>&1; then
	fail "harness fails a run with a kernel WARN"
else
	pass "harness fails a run with a kernel WARN"
fi
check "the failure names the kernel report" grep -q "kernel report" "$log"
check "the failure names the taint" grep -q "taint" "$log"
check "the guest script itself succeeded" grep -q "loaded and removed" "$log"
rm -f "$log"
finish

# Sourced by board.sh: the verdict on the guest kernel's log and taint.

# The line the guest logs (/dev/kmsg) before the harness self-test
# (board.sh's BOARD_SELFTEST): the run's own verdict reads the console up
# to it, the self-test's from it on.
SELFTEST_MARK='board: harness self-test begins'

# Reports that fail a run wherever they come from.
KERNEL_BAD_PATTERNS='WARNING:|BUG:|Oops|general protection fault|Kernel panic|KASAN:|UBSAN:|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|sleeping function called from invalid context|unreferenced object|ODEBUG:|refcount_t:|list_add corruption|list_del corruption|INFO: task .* blocked'

# kernel_log_clean FILE... : print the offending lines and fail if any
# file contains a report.
kernel_log_clean() {
	local f bad=0
	for f in "$@"; do
		[ -f "$f" ] || continue
		if grep -E -n "$KERNEL_BAD_PATTERNS" "$f" >&2; then
			echo "board: kernel report in $(basename "$f")" >&2
			bad=1
		fi
	done
	return $bad
}

# Taint flags a test run may set: O (out-of-tree module, 4096) and E
# (unsigned module, 8192), plus what BOARD_TAINT_EXTRA names (the KUnit run:
# N, 262144, "a test module ran").  Anything else (W for a WARN, D for an
# oops...) fails the run.
TAINT_ALLOWED=$((4096 | 8192 | ${BOARD_TAINT_EXTRA:-0}))

taint_ok() {
	[ $(($1 & ~TAINT_ALLOWED)) -eq 0 ]
}

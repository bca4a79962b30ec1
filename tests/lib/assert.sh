# Sourced by test scripts: one PASS:/FAIL: line per check, counted by
# tests/run-all.sh.  A script exits non-zero when any check failed.
_failed=0

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; _failed=1; }

# check DESCRIPTION COMMAND...: the command's exit status decides.
check() {
	local desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1 (expected '$2', got '$3')"
	fi
}

finish() { exit $_failed; }

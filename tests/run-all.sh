#!/bin/bash
# Every test of the project: unit tests on the host, then the board suites
# (in one boot of the QEMU board per kernel).  Ends with "N passed, N failed".
#
#   tests/run-all.sh [unit|board|debug|all|soak] [SUITE-PATTERN]
#
# board: the suites on Debian's kernel; debug: the same suites (but the
# benchmark) and the KUnit suites on the project's debug kernel
# (tests/debug-kernel/); all: those three and a 100-second soak; soak (make
# soak): the soak for SOAK_SECONDS (3600) and 100 kill -9 rounds.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top"

what=${1:-all}
pattern=${2:-}
passed=0
failed=0
durations=()		# "NAME SECONDS STATUS" per suite, for the summary
logdir="$top/build/test-logs"
mkdir -p "$logdir"

# count LOG: add the PASS:/FAIL: lines and Check summaries of LOG.
count() {
	local log=$1 p f n nf ne
	p=$(grep -c '^PASS: ' "$log")
	f=$(grep -c '^FAIL: ' "$log")
	# Check: "100%: Checks: 12, Failures: 0, Errors: 0"
	while read -r n nf ne; do
		p=$((p + n - nf - ne))
		f=$((f + nf + ne))
	done < <(sed -n 's/^[0-9]*%: Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$log")
	passed=$((passed + p))
	failed=$((failed + f))
	grep -E '^(FAIL: |[0-9]*%: Checks)' "$log" | sed 's/^/    /'
}

# run_suite NAME COMMAND...: run, log, count; a suite that fails without a
# FAIL: line (crash, kernel report, timeout) counts as one failure.
run_suite() {
	local name=$1 log rc start f0=$failed
	shift
	[ -z "$pattern" ] || [[ "$name" == *$pattern* ]] || return 0
	log="$logdir/$name.log"
	echo "== $name"
	start=$SECONDS
	"$@" >"$log" 2>&1
	rc=$?
	echo "    ($((SECONDS - start)) s)"
	count "$log"
	if [ $rc -ne 0 ] && ! grep -qE '^FAIL: |Failures: [1-9]|Errors: [1-9]' "$log"; then
		echo "FAIL: suite $name (exit status $rc, see $log)"
		tail -n 15 "$log" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
	durations+=("$name $((SECONDS - start)) $([ $failed -eq $f0 ] && echo ok || echo FAILED)")
}

# The debug kernel's first build (about ten minutes of both cores) runs
# in the background at the lowest priority from the start of a whole run:
# the host suites and the board spend most of their time waiting (on
# servers, timers, players, the guest), so the build takes what they leave
# and a test that wants the CPU gets it first.  Its suite waits for it.
# SCHED_IDLE, not only nice 19: at nice 19 the build still took a share
# from every busy test (the host suites ran up to twice as long beside
# it); it has half an hour before the debug lane needs it.
dk_build_pid=
if [ "$what" = all ] && [ -z "$pattern" ]; then
	chrt --idle 0 nice -n 19 ionice -c 3 tests/debug-kernel/build.sh \
		>"$logdir/debug-kernel-build.bg.log" 2>&1 &
	dk_build_pid=$!
fi
debug_kernel_build() {
	local rc
	if [ -z "$dk_build_pid" ]; then
		tests/debug-kernel/build.sh
		return
	fi
	wait "$dk_build_pid"
	rc=$?
	echo "(built in the background since the start of the run)"
	cat "$logdir/debug-kernel-build.bg.log"
	return $rc
}

if [ "$what" = unit ] || [ "$what" = all ]; then
	for t in build/tests/unit/*; do
		[ -x "$t" ] || continue
		run_suite "unit-$(basename "$t")" env CK_VERBOSITY=normal "$t"
	done
	run_suite daemon-e2e-nocam daemon/tests/e2e-nocam.sh
	# 15 s of 50 viewers: the board runs the same checks for 30 s (streams.sh)
	run_suite daemon-e2e-media env MEDIA_SECONDS=15 daemon/tests/e2e-media.sh
	run_suite daemon-hostile python3 daemon/tests/hostile.py
	run_suite daemon-wire-fuzz python3 daemon/tests/wire_fuzz.py
	# network namespaces of their own: dyndns2 servers, Debian's miniupnpd
	run_suite daemon-ddns python3 daemon/tests/ddns.py
	run_suite daemon-upnp python3 daemon/tests/upnp.py
	# mail and FTP against Debian's aiosmtpd and vsftpd (Debian's python3:
	# python3-aiosmtpd), in a network and mount namespace of its own
	run_suite daemon-notify /usr/bin/python3 daemon/tests/notify.py
	# the web UI in Debian's headless Chromium (python3-selenium)
	run_suite daemon-webui /usr/bin/python3 daemon/tests/webui.py
	# signed upgrades through ipcamd-boot: bad images, power cuts, rollbacks
	run_suite daemon-upgrade python3 daemon/tests/upgrade.py
	run_suite lint tests/lint.sh
	run_suite sanitizers tests/sanitizers.sh
	# 15 s a harness: the short version that fits the time budget of check
	run_suite fuzz tests/fuzz.sh 15
	for s in tests/host/*.sh; do
		run_suite "host-$(basename "$s" .sh)" "$s"
	done
fi

# The board suites, in order, all in one boot of Debian's kernel
# (tests/board/suites.sh: each from a clean slate, a FAIL line for a suite
# that fails without saying why); a boot costs ~15 s under TCG.
board_scripts() {
	local s
	for s in tests/kmod/*.sh tests/lib-board/*.sh tests/daemon-board/*.sh \
		tests/media-board/streams.sh tests/media-board/sound.sh; do
		[ -x "$s" ] && echo "$s"
	done
}
acpi_args="-acpitable file=build/acpi/ipcam-ssdt.aml"
# The harness self-test (tests/board/selftest.sh): a kernel WARN after the
# suites, in their boot, must fail its own part of the run.
selftest=tests/board/selftest-warn.sh

# inner_durations BOOT: the "=== suite NAME: exit status RC, N s" lines
# that suites.sh printed in BOOT's log, as summary entries under BOOT.
inner_durations() {
	local log="$logdir/$1.log" name rc s
	while read -r name rc s; do
		durations+=("  $name $s $([ "$rc" = 0 ] && echo ok || echo FAILED)")
	done < <(sed -n 's/^=== suite \([^:]*\): exit status \([0-9]*\), \([0-9]*\) s$/\1 \2 \3/p' "$log")
}

# selected SCRIPT...: those whose suite name matches the pattern.
selected() {
	local s name
	for s in "$@"; do
		name=$(basename "$(dirname "$s")")-$(basename "$s" .sh)
		[ -z "$pattern" ] || [[ "$name" == *$pattern* ]] && echo "$s"
	done
}

if [ "$what" = board ] || [ "$what" = all ]; then
	# The firmware-described camera on Debian's kernel is the systemd
	# board's (below); tests/acpi/prp0001.sh runs on the debug kernel.
	# The boot ends with the harness self-test, judged apart.
	mapfile -t scripts < <(selected $(board_scripts))
	if [ ${#scripts[@]} -gt 0 ]; then
		pattern='' run_suite board-suites env BOARD_TIMEOUT=3600 BOARD_SELFTEST="$selftest" \
			tests/board/board.sh test tests/board/suites.sh "${scripts[@]}"
		inner_durations board-suites
		run_suite board-selftest tests/board/selftest.sh build/board/logs/suites.selftest.log
	else
		run_suite board-selftest tests/board/selftest.sh
	fi
	# The installed camera (tests/systemd-board/): make install, systemd
	# as init, two ACPI-described heads, set_network, two real reboots.
	run_suite systemd-board tests/systemd-board/lane.sh
fi

# The soak (tests/soak/): 100 viewers, CGI and PTZ churn, viewers that hang
# up, judged on its trends.  Check runs 100 s of it (a sample every 10 s:
# each quarter still holds two); make soak an hour
# and the kill -9 rounds of the end-to-end test 100 times (check: 12).
if [ "$what" = all ]; then
	run_suite soak tests/soak/run.sh 100 10
fi
if [ "$what" = soak ]; then
	run_suite soak tests/soak/run.sh "${SOAK_SECONDS:-3600}"
	run_suite daemon-kill-rounds env E2E_KILL_ROUNDS=100 daemon/tests/e2e-nocam.sh
fi

# The debug kernel (tests/debug-kernel/): its build, then the KUnit suites
# with the kernel-facing board suites in one boot (tests/board/suites.sh)
# ending with one kmemleak scan, and the ACPI camera; then, in the same
# boot, the harness self-test.  A KUnit run taints the kernel with N
# (262144), expected here.
# Left to Debian's kernel: the benchmark (on KASAN's kernel its ratios
# would measure KASAN) and the daemon's CGI and media suites, whose kernel
# side is the same ioctls, controls and streaming that the module and
# library suites drive, and which would add 20 minutes of user-space work
# under KASAN and TCG to CI.
if [ "$what" = debug ] || [ "$what" = all ]; then
	dk=tests/debug-kernel/board.sh
	run_suite debug-kernel-build debug_kernel_build
	mapfile -t scripts < <(board_scripts |
		grep -v -e '^tests/kmod/bench.sh$' -e '^tests/daemon-board/' -e '^tests/media-board/')
	run_suite debug-suites env BOARD_TAINT_EXTRA=262144 BOARD_TIMEOUT=3600 \
		BOARD_QEMU_ARGS="$acpi_args" BOARD_SELFTEST="$selftest" "$dk" test \
		tests/board/suites.sh tests/debug-kernel/kunit.sh "${scripts[@]}" tests/acpi/prp0001.sh
	inner_durations debug-suites
	run_suite debug-selftest tests/board/selftest.sh build/board/logs-debug/suites.selftest.log
fi

# The summary: every suite's duration (the time budget of make check is
# 60 minutes on a 2-core machine), then the counts.
echo
echo "suite durations:"
for d in "${durations[@]}"; do
	# an entry of a suite run inside a boot is indented under it
	ind=${d%%[! ]*}
	read -r n s st <<<"$d"
	printf '  %-28s %5d s  %s\n' "$ind$n" "$s" "$st"
done
printf '  %-28s %5d s\n' total "$SECONDS"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

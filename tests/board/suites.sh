#!/bin/bash
# Guest script: run several board suites in one boot, one after the other,
# each from a clean slate (no project module or daemon left from the one
# before).  The debug kernel's boot and kmemleak scans cost a minute or
# more, so its lane runs its suites this way: one boot, one leak scan after
# the whole suite.  A suite that fails without saying why gets a FAIL line.
cleanup() {
	local m
	pkill -x ipcamd 2>/dev/null
	for _ in 1 2 3 4 5 6 7 8 9 10; do pgrep -x ipcamd >/dev/null || break; sleep 0.5; done
	for m in ipcam ipcam_gpio_test ipcam_kunit vivid; do
		if grep -q "^$m " /proc/modules; then rmmod "$m"; fi
	done
}

# A camera the firmware describes (QEMU's -acpitable: run-all.sh) is for
# tests/acpi/prp0001.sh alone, which lifts this: any other suite's ipcam
# would bind it first and number it camera 0.
fw=/sys/bus/platform/devices/PRP0001:00
[ -w "$fw/driver_override" ] && echo none >"$fw/driver_override"

status=0
for s in "$@"; do
	name=$(basename "$(dirname "$s")")-$(basename "$s" .sh)
	echo "=== suite $name"
	start=$SECONDS
	out=$(bash "$s" 2>&1)
	rc=$?
	echo "$out"
	echo "=== suite $name: exit status $rc, $((SECONDS - start)) s"
	if [ $rc -ne 0 ]; then
		status=1
		grep -q '^FAIL: ' <<<"$out" || echo "FAIL: suite $name (exit status $rc)"
	fi
	cleanup
done
# The status is the suites', not that of the last clean-up command.
exit $status

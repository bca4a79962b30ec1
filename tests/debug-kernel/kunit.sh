#!/bin/bash
# Debug-kernel suite (inside the board): load the KUnit module of the
# driver's pure logic (kmod/kunit/), which runs its suites on load, and turn
# each test case's KTAP result into a PASS:/FAIL: line.
. tests/lib/board-env.sh

expect="ipcam_ramp ipcam_units ipcam_geometry ipcam_ptz_events ipcam_render_geometry ipcam_render_pixels ipcam_motion ipcam_activity ipcam_sound"

check "KUnit module loads (suites run on load)" insmod "$IPCAM_KMOD/kunit/ipcam-kunit.ko"
for s in $expect; do
	r=/sys/kernel/debug/kunit/$s/results
	if [ ! -r "$r" ]; then
		fail "suite $s ran"
		continue
	fi
	# Cases are the indented "ok N name" / "not ok N name" lines.
	while read -r verdict name; do
		if [ "$verdict" = ok ]; then
			pass "$s.$name"
		else
			fail "$s.$name"
		fi
	done < <(sed -nE 's/^[[:space:]]+(not ok|ok) [0-9]+ (- )?([A-Za-z0-9_]+).*/\1 \3/p' "$r" |
		sed 's/^not ok/not_ok/')
	# The suite line (not indented) must be "ok" too.
	check "suite $s: ok" grep -qE "^ok [0-9]+ (- )?$s\$" "$r"
	grep -q '^[[:space:]]*not ok' "$r" && sed 's/^/    /' "$r"
done
check "rmmod the KUnit module" rmmod ipcam_kunit
finish
